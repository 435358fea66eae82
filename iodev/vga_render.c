/* Rendering, the parts every mode shares: the frame buffer and its dirty
 * rows, the colour path (attribute palette, colour select, pel mask,
 * DAC), the CRTC's raster and address generation, and the choice of
 * renderer.  Text is drawn by vga_render_text.c, graphics and DISPI by
 * vga_render_graphics.c. */
#include "iodev/vga_internal.h"

#include <stdlib.h>
#include <string.h>

/* The size shown while nothing sensible is displayed yet. */
#define VGA_BLANK_WIDTH 640
#define VGA_BLANK_HEIGHT 400

static uint32_t *vga_grow(uint32_t **buffer, size_t *capacity, size_t pixels)
{
	if (pixels > *capacity) {
		uint32_t *p = realloc(*buffer, pixels * sizeof(uint32_t));
		if (!p)
			return NULL;
		*buffer = p;
		*capacity = pixels;
	}
	return *buffer;
}

uint32_t *vga_line_buffer(struct vga *vga, size_t pixels)
{
	uint32_t *line = vga_grow(&vga->line, &vga->line_capacity, pixels);
	if (line)
		memset(line, 0, pixels * sizeof(uint32_t));
	return line;
}

void vga_frame_begin(struct vga *vga, unsigned width, unsigned height, unsigned scale_x, unsigned scale_y, bool text)
{
	struct vga_frame *f = &vga->frame;
	if (!vga_grow(&vga->pixels, &vga->pixels_capacity, (size_t)width * height)) {
		width = f->width;
		height = f->height;
	}
	bool resized = width != f->width || height != f->height || scale_x != f->scale_x || scale_y != f->scale_y;
	f->pixels = vga->pixels;
	f->width = f->stride = width;
	f->height = height;
	f->scale_x = scale_x;
	f->scale_y = scale_y;
	f->text = text;
	f->resized = resized;
	if (resized) {
		memset(vga->pixels, 0, (size_t)width * height * sizeof(uint32_t));
		f->dirty_first = 0;
		f->dirty_end = height;
	} else {
		f->dirty_first = height;
		f->dirty_end = 0;
	}
}

void vga_frame_put_line(struct vga *vga, unsigned y, const uint32_t *line)
{
	struct vga_frame *f = &vga->frame;
	if (y >= f->height)
		return;
	uint32_t *row = vga->pixels + (size_t)y * f->stride;
	if (memcmp(row, line, f->width * sizeof(uint32_t)) == 0)
		return;
	memcpy(row, line, f->width * sizeof(uint32_t));
	if (y < f->dirty_first)
		f->dirty_first = y;
	if (y + 1 > f->dirty_end)
		f->dirty_end = y + 1;
}

uint32_t vga_dac_rgb(const struct vga *vga, uint8_t index)
{
	const uint8_t *c = vga->dac[index & vga->pel_mask];
	if (vga->dispi[DISPI_ENABLE] & DISPI_8BIT_DAC)
		return (uint32_t)c[0] << 16 | (uint32_t)c[1] << 8 | c[2];
	/* Six bits to eight: 0x3F becomes 0xFF, 0 stays 0. */
	uint32_t r = (c[0] & 0x3Fu) << 2 | (c[0] & 0x3Fu) >> 4;
	uint32_t g = (c[1] & 0x3Fu) << 2 | (c[1] & 0x3Fu) >> 4;
	uint32_t b = (c[2] & 0x3Fu) << 2 | (c[2] & 0x3Fu) >> 4;
	return r << 16 | g << 8 | b;
}

/* A 4-bit pixel or text colour through the attribute controller: colour
 * plane enable, the palette register, then colour select supplying bits
 * 7-6 (and bits 5-4 when the mode control register asks). */
uint8_t vga_attr_color(const struct vga *vga, uint8_t value4)
{
	uint8_t v = value4 & vga->attr[ATTR_PLANE_ENABLE] & 0x0F;
	uint8_t p = vga->attr[v];
	uint8_t select = vga->attr[ATTR_COLOR_SELECT];
	uint8_t index = (vga->attr[ATTR_MODE] & 0x80) ? (uint8_t)((p & 0x0F) | (select & 0x03) << 4) : (p & 0x3F);
	return (uint8_t)(index | (select & 0x0C) << 4);
}

void vga_raster(const struct vga *vga, struct vga_raster *r)
{
	const uint8_t *c = vga->crtc;
	unsigned ovf = c[CRTC_OVERFLOW];
	r->h_chars = c[CRTC_H_DISPLAY_END] + 1u;
	r->v_lines = (c[CRTC_V_DISPLAY_END] | (ovf & 0x02) << 7 | (ovf & 0x40) << 3) + 1u;
	r->max_scan = c[CRTC_MAX_SCAN_LINE] & 0x1F;
	r->double_scan = c[CRTC_MAX_SCAN_LINE] & 0x80;
	r->line_compare = c[CRTC_LINE_COMPARE] | (ovf & 0x10) << 4 | (c[CRTC_MAX_SCAN_LINE] & 0x40) << 3;
	r->start = (unsigned)c[CRTC_START_HIGH] << 8 | c[CRTC_START_LOW];
	r->offset = c[CRTC_OFFSET] * 2u;
	r->preset_row = c[CRTC_PRESET_ROW_SCAN] & 0x1F;
	r->byte_pan = (c[CRTC_PRESET_ROW_SCAN] >> 5) & 3;
}

uint32_t vga_crtc_address(const struct vga *vga, uint32_t counter, unsigned row_scan)
{
	const uint8_t *c = vga->crtc;
	uint32_t a;
	counter &= 0xFFFF;
	if (c[CRTC_UNDERLINE] & 0x40)
		a = counter << 2 | (counter >> 14 & 3); /* doubleword: bits 15-14 wrap to 1-0 */
	else if (!(c[CRTC_MODE] & 0x40))
		a = counter << 1 | (counter >> ((c[CRTC_MODE] & 0x20) ? 15 : 13) & 1); /* word */
	else
		a = counter;
	/* CGA and Hercules compatibility: row scan bits replace address
	 * bits 13 and 14, interleaving two or four banks of lines. */
	if (!(c[CRTC_MODE] & 0x01))
		a = (a & ~0x2000u) | (row_scan & 1u) << 13;
	if (!(c[CRTC_MODE] & 0x02))
		a = (a & ~0x4000u) | (row_scan & 2u) << 13;
	return a & (VGA_PLANE_SIZE - 1);
}

static void vga_render_blank(struct vga *vga)
{
	struct vga_frame *f = &vga->frame;
	unsigned w = f->width ? f->width : VGA_BLANK_WIDTH;
	unsigned h = f->height ? f->height : VGA_BLANK_HEIGHT;
	vga_frame_begin(vga, w, h, f->scale_x ? f->scale_x : 1, f->scale_y ? f->scale_y : 1, f->text);
	uint32_t *line = vga_line_buffer(vga, w);
	if (!line)
		return;
	for (unsigned y = 0; y < h; y++)
		vga_frame_put_line(vga, y, line);
}

static bool vga_displaying(const struct vga *vga)
{
	struct vga_raster r;
	vga_raster(vga, &r);
	/* The palette address source bit hands the palette to the display;
	 * clear, the screen shows the border.  Screen off blanks it too. */
	return (vga->attr_index & 0x20) && !(vga->seq[SEQ_CLOCKING] & 0x20) && r.h_chars >= 8 && r.v_lines >= 8;
}

/* Cursor blink: 8 frames on, 8 off; character blink: 16 and 16. */
static unsigned vga_blink_phase(const struct vga *vga)
{
	return (unsigned)(vga_frame_count(vga) >> 3) & 3;
}

bool vga_cursor_blink_on(const struct vga *vga)
{
	return !(vga_blink_phase(vga) & 1);
}

bool vga_char_blink_on(const struct vga *vga)
{
	return !(vga_blink_phase(vga) & 2);
}

const struct vga_frame *vga_render(struct vga *vga)
{
	bool vbe = vga_vbe_enabled(vga);
	bool text = !vbe && !(vga->attr[ATTR_MODE] & 0x01);
	unsigned phase = vga_blink_phase(vga);
	bool blink_changed = text && phase != vga->last_blink_phase;
	/* Plane and register writes set changed; the linear frame buffer is
	 * plain RAM that tells nobody, so DISPI modes always redraw (rows
	 * that did not change are still found by comparison). */
	if (!vbe && !vga->changed && !blink_changed && vga->pixels) {
		vga->frame.dirty_first = vga->frame.height;
		vga->frame.dirty_end = 0;
		vga->frame.resized = false;
		return &vga->frame;
	}
	vga->changed = false;
	vga->last_blink_phase = phase;
	if (vbe)
		vga_render_vbe(vga);
	else if (!vga_displaying(vga))
		vga_render_blank(vga);
	else if (text)
		vga_render_text(vga);
	else
		vga_render_graphics(vga);
	return &vga->frame;
}

bool vga_text_screen(struct vga *vga, struct vga_text_screen *screen)
{
	*screen = (struct vga_text_screen){0};
	if (vga_vbe_enabled(vga) || (vga->attr[ATTR_MODE] & 0x01))
		return false;
	struct vga_raster r;
	vga_raster(vga, &r);
	unsigned lines_per_row = (r.max_scan + 1) * (r.double_scan ? 2u : 1u);
	unsigned cols = r.h_chars, rows = r.v_lines / lines_per_row;
	if (cols == 0 || rows == 0)
		return false;
	screen->chars = malloc((size_t)cols * rows);
	screen->attrs = malloc((size_t)cols * rows);
	if (!screen->chars || !screen->attrs) {
		vga_text_screen_free(screen);
		return false;
	}
	screen->cols = cols;
	screen->rows = rows;
	for (unsigned y = 0; y < rows; y++) {
		for (unsigned x = 0; x < cols; x++) {
			uint32_t a = vga_crtc_address(vga, r.start + y * r.offset + x, 0);
			screen->chars[y * cols + x] = *vga_plane_byte(vga, 0, a);
			screen->attrs[y * cols + x] = *vga_plane_byte(vga, 1, a);
		}
	}
	return true;
}

void vga_text_screen_free(struct vga_text_screen *screen)
{
	free(screen->chars);
	free(screen->attrs);
	*screen = (struct vga_text_screen){0};
}

/* Walks the CRTC's raster: the row scan counter counts the scanlines of
 * a character row (every other scanline when double scanning), each
 * character row starts offset counter units after the last, and after
 * the line compare scanline the rest of the screen starts again from
 * address 0 (the split screen).  draw gets every vdiv-th scanline. */
void vga_walk_raster(struct vga *vga, const struct vga_raster *r, unsigned vdiv, vga_scanline_fn *draw, void *ctx)
{
	uint32_t line_start = r->start + r->byte_pan;
	unsigned row_scan = r->preset_row;
	bool split = false;
	unsigned height = r->v_lines / vdiv;
	for (unsigned scan = 0; scan < r->v_lines; scan++) {
		if (scan % vdiv == 0 && scan / vdiv < height)
			draw(vga, scan / vdiv, line_start, row_scan, split, ctx);
		if (scan == r->line_compare) {
			line_start = 0;
			row_scan = 0;
			split = true;
			continue;
		}
		if (!r->double_scan || (scan & 1)) {
			if (row_scan >= r->max_scan) {
				row_scan = 0;
				line_start += r->offset;
			} else {
				row_scan++;
			}
		}
	}
}
