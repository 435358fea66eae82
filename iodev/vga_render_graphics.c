/* Graphics modes, drawn the way the VGA's shift registers serialise the
 * four plane bytes fetched at each character clock:
 *   - planar (EGA modes 0Dh-12h): eight pixels, bit 7 first, one bit from
 *     each plane;
 *   - interleaved (CGA modes 4/5): eight 2-bit pixels, the first four
 *     from planes 0 and 2, the next four from planes 1 and 3;
 *   - 256-colour (mode 13h, mode X): four 8-bit pixels, planes 0 to 3,
 *     each two dots wide.
 * Mode 6 is planar with only plane 0 enabled.  The 4-bit values go
 * through the attribute controller; 8-bit values go to the DAC as they
 * are (the palette registers hold the identity there).
 *
 * DISPI modes are drawn from the linear video memory at the virtual
 * width and the x/y offsets; its 4-bit modes from the planes. */
#include "iodev/vga_internal.h"

#include <stdlib.h>
#include <string.h>

enum gfx_shift { SHIFT_PLANAR, SHIFT_INTERLEAVED, SHIFT_256 };

struct gfx_line {
	enum gfx_shift shift;
	unsigned chars;           /* character clocks drawn, one more than shown */
	unsigned pixels_per_char; /* 8, or 4 in 256-colour */
	unsigned count_shift;     /* count by 2 / by 4: counter advances every 2^n clocks */
	unsigned pan;
	bool pan_reset_below_split;
	uint32_t palette[16]; /* RGB of each 4-bit value through the attribute controller */
};

static void gfx_draw_scanline(struct vga *vga, unsigned y, uint32_t line_start, unsigned row_scan, bool below_split,
			      void *ctx)
{
	const struct gfx_line *g = ctx;
	uint32_t *line = vga_line_buffer(vga, (size_t)g->chars * g->pixels_per_char);
	if (!line)
		return;
	uint32_t *out = line;
	for (unsigned clock = 0; clock < g->chars; clock++) {
		uint32_t a = vga_crtc_address(vga, line_start + (clock >> g->count_shift), row_scan);
		uint8_t p0 = *vga_plane_byte(vga, 0, a), p1 = *vga_plane_byte(vga, 1, a);
		uint8_t p2 = *vga_plane_byte(vga, 2, a), p3 = *vga_plane_byte(vga, 3, a);
		switch (g->shift) {
		case SHIFT_PLANAR:
			for (unsigned bit = 8; bit-- > 0;) {
				unsigned v = (p0 >> bit & 1) | (p1 >> bit & 1) << 1 | (p2 >> bit & 1) << 2 |
					     (p3 >> bit & 1) << 3;
				*out++ = g->palette[v];
			}
			break;
		case SHIFT_INTERLEAVED:
			for (unsigned i = 0; i < 8; i++) {
				uint8_t low = i < 4 ? p0 : p1, high = i < 4 ? p2 : p3;
				unsigned s = 6 - 2 * (i & 3);
				*out++ = g->palette[(low >> s & 3) | (high >> s & 3) << 2];
			}
			break;
		case SHIFT_256:
			*out++ = vga_dac_rgb(vga, p0);
			*out++ = vga_dac_rgb(vga, p1);
			*out++ = vga_dac_rgb(vga, p2);
			*out++ = vga_dac_rgb(vga, p3);
			break;
		}
	}
	unsigned pan = below_split && g->pan_reset_below_split ? 0 : g->pan;
	vga_frame_put_line(vga, y, line + pan);
}

void vga_render_graphics(struct vga *vga)
{
	struct vga_raster r;
	vga_raster(vga, &r);
	struct gfx_line g = {0};
	if (vga->gc[GC_MODE] & 0x40)
		g.shift = SHIFT_256;
	else if (vga->gc[GC_MODE] & 0x20)
		g.shift = SHIFT_INTERLEAVED;
	else
		g.shift = SHIFT_PLANAR;
	g.pixels_per_char = g.shift == SHIFT_256 ? 4 : 8;
	g.chars = r.h_chars + 1;
	if (vga->crtc[CRTC_UNDERLINE] & 0x20)
		g.count_shift = 2;
	else if (vga->crtc[CRTC_MODE] & 0x08)
		g.count_shift = 1;
	unsigned pan = vga->attr[ATTR_PANNING] & 0x0F;
	g.pan = g.shift == SHIFT_256 ? (pan >> 1) & 3 : (pan < 8 ? pan : 0);
	g.pan_reset_below_split = vga->attr[ATTR_MODE] & 0x20;
	for (unsigned v = 0; v < 16; v++)
		g.palette[v] = vga_dac_rgb(vga, vga_attr_color(vga, (uint8_t)v));

	/* A scanline repeats when the row scan counter does not change
	 * the address (no CGA bank substitution): 200-line modes on the
	 * 400-line raster, by double scanning or a max scan line of 1. */
	unsigned vdiv = r.double_scan ? 2 : 1;
	bool substitutes = (vga->crtc[CRTC_MODE] & 0x03) != 0x03;
	if (!substitutes)
		vdiv *= r.max_scan + 1;
	unsigned scale_x = (vga->seq[SEQ_CLOCKING] & 0x08) ? 2 : 1;
	if (g.shift == SHIFT_256)
		scale_x *= 2;
	unsigned height = r.v_lines / vdiv;
	vga_frame_begin(vga, r.h_chars * g.pixels_per_char, height ? height : 1, scale_x, vdiv, false);
	vga_walk_raster(vga, &r, vdiv, gfx_draw_scanline, &g);
}

static uint32_t vbe_expand5(uint32_t v)
{
	return v << 3 | v >> 2;
}

static uint32_t vbe_pixel(const struct vga *vga, const uint8_t *p, unsigned bpp)
{
	switch (bpp) {
	case 8:
		return vga_dac_rgb(vga, p[0]);
	case 15: {
		uint32_t v = p[0] | (uint32_t)p[1] << 8;
		return vbe_expand5(v >> 10 & 31) << 16 | vbe_expand5(v >> 5 & 31) << 8 | vbe_expand5(v & 31);
	}
	case 16: {
		uint32_t v = p[0] | (uint32_t)p[1] << 8;
		uint32_t g = v >> 5 & 63;
		return vbe_expand5(v >> 11 & 31) << 16 | (g << 2 | g >> 4) << 8 | vbe_expand5(v & 31);
	}
	default: /* 24 and 32: blue, green, red in memory order */
		return (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
	}
}

/* 4-bit DISPI modes: one bit per pixel in each plane, virtual width
 * pixels a line, colours through the attribute controller as in mode
 * 12h. */
static void vbe_render_planar(struct vga *vga, uint32_t *line)
{
	const uint16_t *d = vga->dispi;
	unsigned width = d[DISPI_XRES], height = d[DISPI_YRES];
	uint32_t palette[16];
	for (unsigned v = 0; v < 16; v++)
		palette[v] = vga_dac_rgb(vga, vga_attr_color(vga, (uint8_t)v));
	for (unsigned y = 0; y < height; y++) {
		uint64_t bit = (uint64_t)(y + d[DISPI_Y_OFFSET]) * d[DISPI_VIRT_WIDTH] + d[DISPI_X_OFFSET];
		for (unsigned x = 0; x < width; x++, bit++) {
			uint64_t offset = bit >> 3;
			if (offset >= VGA_PLANE_SIZE) {
				line[x] = 0;
				continue;
			}
			unsigned shift = 7 - (unsigned)(bit & 7), v = 0;
			for (unsigned p = 0; p < 4; p++)
				v |= (*vga_plane_byte(vga, p, (uint32_t)offset) >> shift & 1u) << p;
			line[x] = palette[v];
		}
		vga_frame_put_line(vga, y, line);
	}
}

/* The linear frame buffer is RAM the CPU writes without telling
 * anyone, so each render compares the displayed bytes of every line with
 * a copy of what the last render converted, and converts only the lines
 * that differ (all of them after a DISPI register change, or a palette
 * change in an 8-bit mode). */
static bool vbe_line_unchanged(struct vga *vga, unsigned y, const uint8_t *src, size_t len, bool full)
{
	uint8_t *copy = vga->vbe_shadow + (size_t)y * len;
	if (!full && memcmp(copy, src, len) == 0)
		return true;
	memcpy(copy, src, len);
	return false;
}

/* Room for a copy of every displayed line; false when out of memory.
 * A new buffer holds nothing yet: *full asks for every line. */
static bool vbe_shadow_reserve(struct vga *vga, size_t bytes, bool *full)
{
	if (bytes <= vga->vbe_shadow_capacity)
		return true;
	uint8_t *p = realloc(vga->vbe_shadow, bytes);
	if (!p)
		return false;
	vga->vbe_shadow = p;
	vga->vbe_shadow_capacity = bytes;
	*full = true;
	return true;
}

/* One line of direct-colour or 8-bit pixels. */
static void vbe_convert_line(const struct vga *vga, uint32_t *line, const uint8_t *src, unsigned width, unsigned bpp)
{
	switch (bpp) {
	case 32:
		for (unsigned x = 0; x < width; x++, src += 4)
			line[x] = (uint32_t)src[2] << 16 | (uint32_t)src[1] << 8 | src[0];
		break;
	case 24:
		for (unsigned x = 0; x < width; x++, src += 3)
			line[x] = (uint32_t)src[2] << 16 | (uint32_t)src[1] << 8 | src[0];
		break;
	case 8: {
		uint32_t palette[256];
		for (unsigned i = 0; i < 256; i++)
			palette[i] = vga_dac_rgb(vga, (uint8_t)i);
		for (unsigned x = 0; x < width; x++)
			line[x] = palette[src[x]];
		break;
	}
	default:
		for (unsigned x = 0; x < width; x++, src += 2)
			line[x] = vbe_pixel(vga, src, bpp);
		break;
	}
}

void vga_render_vbe(struct vga *vga)
{
	const uint16_t *d = vga->dispi;
	unsigned width = d[DISPI_XRES], height = d[DISPI_YRES], bpp = d[DISPI_BPP];
	unsigned bytes = vga_vbe_bytes_per_pixel(vga);
	vga_frame_begin(vga, width, height, 1, 1, false);
	uint32_t *line = vga_line_buffer(vga, width);
	if (!line)
		return;
	if (bpp == 4) {
		vbe_render_planar(vga, line);
		return;
	}
	size_t len = (size_t)width * bytes;
	bool full = vga->frame.resized || memcmp(vga->vbe_shadow_regs, d, sizeof(vga->vbe_shadow_regs)) != 0 ||
		    (bpp == 8 && vga->vbe_shadow_palette != vga->palette_generation);
	bool shadow = vbe_shadow_reserve(vga, len * height, &full);
	memcpy(vga->vbe_shadow_regs, d, sizeof(vga->vbe_shadow_regs));
	vga->vbe_shadow_palette = vga->palette_generation;
	uint64_t pitch = (uint64_t)d[DISPI_VIRT_WIDTH] * bytes;
	for (unsigned y = 0; y < height; y++) {
		uint64_t row = (uint64_t)(y + d[DISPI_Y_OFFSET]) * pitch + (uint64_t)d[DISPI_X_OFFSET] * bytes;
		bool inside = row + len <= VGA_VRAM_SIZE;
		if (inside && shadow && vbe_line_unchanged(vga, y, vga->vram + row, len, full))
			continue;
		if (inside) {
			vbe_convert_line(vga, line, vga->vram + row, width, bpp);
			vga_frame_put_line(vga, y, line);
			continue;
		}
		for (unsigned x = 0; x < width; x++) {
			uint64_t a = row + (uint64_t)x * bytes;
			/* Offsets may point past the memory: that part is black. */
			line[x] = a + bytes <= VGA_VRAM_SIZE ? vbe_pixel(vga, vga->vram + a, bpp) : 0;
		}
		vga_frame_put_line(vga, y, line);
	}
}
