/* Alphanumeric modes: each character cell is a code in plane 0 and an
 * attribute in plane 1, drawn from the font in plane 2 (32 bytes per
 * character, one byte per scanline, in one of eight 8 KiB maps chosen by
 * the sequencer's character map select and attribute bit 3).
 *
 * Cells are 8 or 9 dots wide.  The ninth dot is background, except for
 * the line-drawing characters C0h-DFh when the attribute controller's
 * line graphics bit is set, where it repeats the eighth so that boxes
 * join.  Attribute bit 7 is either blink (the foreground turns into the
 * background for half of the 32-frame blink cycle) or background
 * intensity, as the attribute mode control register's blink bit says. */
#include "iodev/vga_internal.h"

struct text_line {
	unsigned dots;           /* 8 or 9 */
	unsigned chars;          /* cells drawn per line, one more than shown for panning */
	unsigned pan, width;
	uint32_t font_a, font_b; /* plane 2 offsets of the two selected maps */
	uint32_t cursor;         /* CRTC counter value of the cursor cell */
	unsigned cursor_start, cursor_end;
	bool cursor_shown;
	bool blink_enabled, blink_on, line_graphics;
	unsigned underline;
	bool pan_reset_below_split;
};

static uint32_t text_font_map(unsigned select)
{
	return (select & 3u) * 0x4000u + (select >> 2) * 0x2000u;
}

static void text_draw_scanline(struct vga *vga, unsigned y, uint32_t line_start, unsigned row_scan,
			       bool below_split, void *ctx)
{
	const struct text_line *t = ctx;
	uint32_t *line = vga_line_buffer(vga, (size_t)t->chars * t->dots);
	if (!line)
		return;
	uint32_t *out = line;
	for (unsigned cell = 0; cell < t->chars; cell++, out += t->dots) {
		uint32_t counter = line_start + cell;
		uint32_t a = vga_crtc_address(vga, counter, row_scan);
		uint8_t code = *vga_plane_byte(vga, 0, a);
		uint8_t attr = *vga_plane_byte(vga, 1, a);
		uint32_t font = (attr & 0x08) ? t->font_a : t->font_b;
		uint8_t glyph = *vga_plane_byte(vga, 2, font + code * 32u + row_scan);
		uint8_t fg = attr & 0x0F;
		uint8_t bg = attr >> 4;
		if (t->blink_enabled) {
			bg &= 0x07;
			if ((attr & 0x80) && !t->blink_on)
				fg = bg;
		}
		bool solid = false;
		if (row_scan == t->underline && (attr & 0x77) == 0x01)
			solid = true;
		if (t->cursor_shown && (counter & 0xFFFF) == t->cursor && row_scan >= t->cursor_start &&
		    row_scan <= t->cursor_end)
			solid = true;
		uint32_t fg_rgb = vga_dac_rgb(vga, vga_attr_color(vga, fg));
		uint32_t bg_rgb = vga_dac_rgb(vga, vga_attr_color(vga, bg));
		if (solid)
			glyph = 0xFF;
		for (unsigned dot = 0; dot < 8; dot++)
			out[dot] = (glyph & (0x80 >> dot)) ? fg_rgb : bg_rgb;
		if (t->dots == 9) {
			bool extend = solid || (t->line_graphics && code >= 0xC0 && code <= 0xDF);
			out[8] = extend && (glyph & 1) ? fg_rgb : bg_rgb;
		}
	}
	unsigned pan = below_split && t->pan_reset_below_split ? 0 : t->pan;
	vga_frame_put_line(vga, y, line + pan);
}

void vga_render_text(struct vga *vga)
{
	struct vga_raster r;
	vga_raster(vga, &r);
	struct text_line t = {0};
	t.dots = (vga->seq[SEQ_CLOCKING] & 0x01) ? 8 : 9;
	t.chars = r.h_chars + 1;
	t.width = r.h_chars * t.dots;
	/* Pixel panning: in 9-dot text a value of 8 means none and 0-7
	 * shift by 1-8 dots. */
	unsigned pan = vga->attr[ATTR_PANNING] & 0x0F;
	if (t.dots == 9)
		t.pan = pan < 8 ? pan + 1 : 0;
	else
		t.pan = pan < 8 ? pan : 0;
	unsigned select = vga->seq[SEQ_CHAR_MAP];
	t.font_a = text_font_map((select >> 2 & 3) | (select >> 3 & 4));
	t.font_b = text_font_map((select & 3) | (select >> 2 & 4));
	t.cursor = ((unsigned)vga->crtc[CRTC_CURSOR_HIGH] << 8 | vga->crtc[CRTC_CURSOR_LOW]) & 0xFFFF;
	t.cursor_start = vga->crtc[CRTC_CURSOR_START] & 0x1F;
	t.cursor_end = vga->crtc[CRTC_CURSOR_END] & 0x1F;
	/* Bit 5 of cursor start turns the cursor off; a start below the end
	 * shows none either. */
	t.cursor_shown = !(vga->crtc[CRTC_CURSOR_START] & 0x20) && vga_cursor_blink_on(vga);
	t.blink_enabled = vga->attr[ATTR_MODE] & 0x08;
	t.blink_on = vga_char_blink_on(vga);
	t.line_graphics = vga->attr[ATTR_MODE] & 0x04;
	t.underline = vga->crtc[CRTC_UNDERLINE] & 0x1F;
	t.pan_reset_below_split = vga->attr[ATTR_MODE] & 0x20;
	unsigned vdiv = r.double_scan ? 2 : 1;
	unsigned scale_x = (vga->seq[SEQ_CLOCKING] & 0x08) ? 2 : 1;
	vga_frame_begin(vga, t.width, r.v_lines / vdiv, scale_x, vdiv, true);
	vga_walk_raster(vga, &r, vdiv, text_draw_scanline, &t);
}
