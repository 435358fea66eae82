/* VGA pictures: modes programmed register by register from the IBM VGA
 * reference tables, a known pattern written through the planes, and the
 * rendered RGB compared with the image the test computes itself from
 * the pattern, the attribute palette and the DAC. */
#include "tests/unit/test_display.h"

#include <stdio.h>

#define WINDOW 0xA0000u

static const struct vga_mode_regs mode_13h = {
	.misc = 0x63,
	.seq = {0x03, 0x01, 0x0F, 0x00, 0x0E},
	.crtc = {0x5F, 0x4F, 0x50, 0x82, 0x54, 0x80, 0xBF, 0x1F, 0x00, 0x41, 0x00, 0x00, 0x00,
		 0x00, 0x00, 0x00, 0x9C, 0x8E, 0x8F, 0x28, 0x40, 0x96, 0xB9, 0xA3, 0xFF},
	.gc = {0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x05, 0x0F, 0xFF},
	.attr = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E,
		 0x0F, 0x41, 0x00, 0x0F, 0x00, 0x00},
};

static const struct vga_mode_regs mode_12h = {
	.misc = 0xE3,
	.seq = {0x03, 0x01, 0x0F, 0x00, 0x06},
	.crtc = {0x5F, 0x4F, 0x50, 0x82, 0x54, 0x80, 0x0B, 0x3E, 0x00, 0x40, 0x00, 0x00, 0x00,
		 0x00, 0x00, 0x00, 0xEA, 0x8C, 0xDF, 0x28, 0x00, 0xE7, 0x04, 0xE3, 0xFF},
	.gc = {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x0F, 0xFF},
	.attr = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39, 0x3A, 0x3B, 0x3C, 0x3D, 0x3E,
		 0x3F, 0x01, 0x00, 0x0F, 0x00, 0x00},
};

/* Mode X, 320x240 unchained 256 colours: mode 13h with chain-4 off,
 * byte addressing, and the 480-line vertical timing. */
static const struct vga_mode_regs mode_x = {
	.misc = 0xE3,
	.seq = {0x03, 0x01, 0x0F, 0x00, 0x06},
	.crtc = {0x5F, 0x4F, 0x50, 0x82, 0x54, 0x80, 0x0D, 0x3E, 0x00, 0x41, 0x00, 0x00, 0x00,
		 0x00, 0x00, 0x00, 0xEA, 0xAC, 0xDF, 0x28, 0x00, 0xE7, 0x06, 0xE3, 0xFF},
	.gc = {0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x05, 0x0F, 0xFF},
	.attr = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E,
		 0x0F, 0x41, 0x00, 0x0F, 0x00, 0x00},
};

static const struct vga_mode_regs mode_03h = {
	.misc = 0x67,
	.seq = {0x03, 0x00, 0x03, 0x00, 0x02},
	.crtc = {0x5F, 0x4F, 0x50, 0x82, 0x55, 0x81, 0xBF, 0x1F, 0x00, 0x4F, 0x0D, 0x0E, 0x00,
		 0x00, 0x00, 0x00, 0x9C, 0x8E, 0x8F, 0x28, 0x1F, 0x96, 0xB9, 0xA3, 0xFF},
	.gc = {0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x0E, 0x00, 0xFF},
	.attr = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39, 0x3A, 0x3B, 0x3C, 0x3D, 0x3E,
		 0x3F, 0x0C, 0x00, 0x0F, 0x08, 0x00},
};

static const struct vga_mode_regs mode_04h = {
	.misc = 0x63,
	.seq = {0x03, 0x09, 0x03, 0x00, 0x02},
	.crtc = {0x2D, 0x27, 0x28, 0x90, 0x2B, 0x80, 0xBF, 0x1F, 0x00, 0xC1, 0x00, 0x00, 0x00,
		 0x00, 0x00, 0x00, 0x9C, 0x8E, 0x8F, 0x14, 0x00, 0x96, 0xB9, 0xA2, 0xFF},
	.gc = {0x00, 0x00, 0x00, 0x00, 0x00, 0x30, 0x0F, 0x00, 0xFF},
	.attr = {0x00, 0x13, 0x15, 0x17, 0x02, 0x04, 0x06, 0x07, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16,
		 0x17, 0x01, 0x00, 0x03, 0x00, 0x00},
};

static const struct vga_mode_regs mode_0dh = {
	.misc = 0x63,
	.seq = {0x03, 0x09, 0x0F, 0x00, 0x06},
	.crtc = {0x2D, 0x27, 0x28, 0x90, 0x2B, 0x80, 0xBF, 0x1F, 0x00, 0xC0, 0x00, 0x00, 0x00,
		 0x00, 0x00, 0x00, 0x9C, 0x8E, 0x8F, 0x14, 0x00, 0x96, 0xB9, 0xE3, 0xFF},
	.gc = {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x0F, 0xFF},
	.attr = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16,
		 0x17, 0x01, 0x00, 0x0F, 0x00, 0x00},
};

static const struct vga_mode_regs mode_0eh = {
	.misc = 0x63,
	.seq = {0x03, 0x01, 0x0F, 0x00, 0x06},
	.crtc = {0x5F, 0x4F, 0x50, 0x82, 0x54, 0x80, 0xBF, 0x1F, 0x00, 0xC0, 0x00, 0x00, 0x00,
		 0x00, 0x00, 0x00, 0x9C, 0x8E, 0x8F, 0x28, 0x00, 0x96, 0xB9, 0xE3, 0xFF},
	.gc = {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x0F, 0xFF},
	.attr = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16,
		 0x17, 0x01, 0x00, 0x0F, 0x00, 0x00},
};

static const struct vga_mode_regs mode_10h = {
	.misc = 0xA3,
	.seq = {0x03, 0x01, 0x0F, 0x00, 0x06},
	.crtc = {0x5F, 0x4F, 0x50, 0x82, 0x54, 0x80, 0xBF, 0x1F, 0x00, 0x40, 0x00, 0x00, 0x00,
		 0x00, 0x00, 0x00, 0x83, 0x85, 0x5D, 0x28, 0x0F, 0x63, 0xBA, 0xE3, 0xFF},
	.gc = {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x0F, 0xFF},
	.attr = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39, 0x3A, 0x3B, 0x3C, 0x3D, 0x3E,
		 0x3F, 0x01, 0x00, 0x0F, 0x00, 0x00},
};

static const struct vga_mode_regs mode_06h = {
	.misc = 0x63,
	.seq = {0x03, 0x01, 0x01, 0x00, 0x06},
	.crtc = {0x5F, 0x4F, 0x50, 0x82, 0x54, 0x80, 0xBF, 0x1F, 0x00, 0xC1, 0x00, 0x00, 0x00,
		 0x00, 0x00, 0x00, 0x9C, 0x8E, 0x8F, 0x28, 0x00, 0x96, 0xB9, 0xC2, 0xFF},
	.gc = {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0D, 0x00, 0xFF},
	.attr = {0x00, 0x17, 0x17, 0x17, 0x17, 0x17, 0x17, 0x17, 0x17, 0x17, 0x17, 0x17, 0x17, 0x17, 0x17,
		 0x17, 0x01, 0x00, 0x01, 0x00, 0x00},
};

static uint8_t pattern_256(unsigned x, unsigned y)
{
	return (uint8_t)(x * 7 + y * 3 + (x * y >> 4));
}

static uint8_t pattern_16(unsigned x, unsigned y)
{
	return (uint8_t)((x / 3 + y / 2 + (x ^ y)) & 15);
}

/* Number of pixels that differ from expected, reporting the first. */
typedef uint32_t expected_fn(unsigned x, unsigned y, void *ctx);
static unsigned compare_frame(const struct vga_frame *f, unsigned width, unsigned height, expected_fn *expect, void *ctx)
{
	ck_assert_uint_eq(f->width, width);
	ck_assert_uint_eq(f->height, height);
	unsigned bad = 0;
	for (unsigned y = 0; y < height; y++) {
		for (unsigned x = 0; x < width; x++) {
			uint32_t want = expect(x, y, ctx);
			uint32_t got = f->pixels[(size_t)y * f->stride + x];
			if (want != got && bad++ == 0)
				fprintf(stderr, "pixel (%u,%u): got %06X, want %06X\n", x, y, got, want);
		}
	}
	return bad;
}

static uint32_t expect_13h(unsigned x, unsigned y, void *ctx)
{
	return test_palette_rgb(pattern_256(x, y));
}

START_TEST(test_mode_13h)
{
	struct display_rig rig = rig_create();
	rig_set_mode(&rig, &mode_13h);
	rig_load_test_palette(&rig);
	for (unsigned y = 0; y < 200; y++)
		for (unsigned x = 0; x < 320; x++)
			mem_write8(rig.mem, WINDOW + y * 320 + x, pattern_256(x, y));
	const struct vga_frame *f = vga_render(rig.vga);
	ck_assert_uint_eq(f->scale_x, 2);
	ck_assert_uint_eq(f->scale_y, 2);
	ck_assert(!f->text);
	ck_assert_uint_eq(compare_frame(f, 320, 200, expect_13h, NULL), 0);
	/* Nothing changed: no dirty rows.  One pixel: one dirty row. */
	f = vga_render(rig.vga);
	ck_assert_uint_ge(f->dirty_first, f->dirty_end);
	mem_write8(rig.mem, WINDOW + 57 * 320 + 9, (uint8_t)(pattern_256(9, 57) + 1));
	f = vga_render(rig.vga);
	ck_assert_uint_eq(f->dirty_first, 57);
	ck_assert_uint_eq(f->dirty_end, 58);
	ck_assert_uint_eq(frame_pixel(f, 9, 57), test_palette_rgb((uint8_t)(pattern_256(9, 57) + 1)));
	/* The pel mask limits the DAC index. */
	outb(rig.bus, 0x3C6, 0x0F);
	f = vga_render(rig.vga);
	ck_assert_uint_eq(frame_pixel(f, 100, 100), test_palette_rgb(pattern_256(100, 100) & 0x0F));
	rig_destroy(&rig);
}
END_TEST

struct planar_ctx {
	const uint8_t *attr; /* the mode's palette registers */
};

static uint32_t expect_16(unsigned x, unsigned y, void *opaque)
{
	const struct planar_ctx *c = opaque;
	return test_palette_rgb(c->attr[pattern_16(x, y)] & 0x3F);
}

static void write_planar_pattern(struct display_rig *rig, unsigned width, unsigned height)
{
	/* Plane by plane through the map mask, eight pixels a byte. */
	for (unsigned p = 0; p < 4; p++) {
		rig_seq(rig, 2, (uint8_t)(1u << p));
		for (unsigned y = 0; y < height; y++) {
			for (unsigned bx = 0; bx < width / 8; bx++) {
				uint8_t b = 0;
				for (unsigned i = 0; i < 8; i++)
					b |= (uint8_t)((pattern_16(bx * 8 + i, y) >> p & 1) << (7 - i));
				mem_write8(rig->mem, WINDOW + y * (width / 8) + bx, b);
			}
		}
	}
	rig_seq(rig, 2, 0x0F);
}

START_TEST(test_mode_12h)
{
	struct display_rig rig = rig_create();
	rig_set_mode(&rig, &mode_12h);
	rig_load_test_palette(&rig);
	write_planar_pattern(&rig, 640, 480);
	const struct vga_frame *f = vga_render(rig.vga);
	ck_assert_uint_eq(f->scale_x, 1);
	ck_assert_uint_eq(f->scale_y, 1);
	struct planar_ctx c = {mode_12h.attr};
	ck_assert_uint_eq(compare_frame(f, 640, 480, expect_16, &c), 0);
	/* Write mode 2 with a bit mask sets single pixels, as a line
	 * drawing routine would: pixel (5, 7) to colour 0x0C. */
	rig_gc(&rig, 5, 0x02);
	rig_gc(&rig, 8, 0x80 >> 5);
	(void)mem_read8(rig.mem, WINDOW + 7 * 80);
	mem_write8(rig.mem, WINDOW + 7 * 80, 0x0C);
	f = vga_render(rig.vga);
	ck_assert_uint_eq(frame_pixel(f, 5, 7), test_palette_rgb(mode_12h.attr[0x0C]));
	ck_assert_uint_eq(frame_pixel(f, 4, 7), test_palette_rgb(mode_12h.attr[pattern_16(4, 7)]));
	ck_assert_uint_eq(frame_pixel(f, 6, 7), test_palette_rgb(mode_12h.attr[pattern_16(6, 7)]));
	/* Colour plane enable masks plane 3 out. */
	rig_attr(&rig, 0x12, 0x07);
	f = vga_render(rig.vga);
	ck_assert_uint_eq(frame_pixel(f, 200, 300), test_palette_rgb(mode_12h.attr[pattern_16(200, 300) & 7]));
	rig_destroy(&rig);
}
END_TEST

struct modex_ctx {
	unsigned start_row;     /* start address in rows */
	unsigned split_row;     /* first output row shown from address 0, or ~0 */
	unsigned pan;           /* pixels */
};

/* The EGA modes: planar like 12h, at their own sizes and scales. */
START_TEST(test_ega_modes)
{
	static const struct {
		const struct vga_mode_regs *regs;
		unsigned width, height, scale_x, scale_y;
	} modes[] = {
		{&mode_0dh, 320, 200, 2, 2},
		{&mode_0eh, 640, 200, 1, 2},
		{&mode_10h, 640, 350, 1, 1},
	};
	for (unsigned m = 0; m < 3; m++) {
		struct display_rig rig = rig_create();
		rig_set_mode(&rig, modes[m].regs);
		rig_load_test_palette(&rig);
		write_planar_pattern(&rig, modes[m].width, modes[m].height);
		const struct vga_frame *f = vga_render(rig.vga);
		ck_assert_uint_eq(f->scale_x, modes[m].scale_x);
		ck_assert_uint_eq(f->scale_y, modes[m].scale_y);
		struct planar_ctx c = {modes[m].regs->attr};
		ck_assert_uint_eq(compare_frame(f, modes[m].width, modes[m].height, expect_16, &c), 0);
		rig_destroy(&rig);
	}
}
END_TEST

static uint32_t expect_06h(unsigned x, unsigned y, void *opaque)
{
	bool on = ((x * 5) ^ (y * 3)) & 4;
	return test_palette_rgb(on ? 0x17 : 0x00);
}

START_TEST(test_mode_06h_cga_mono)
{
	struct display_rig rig = rig_create();
	rig_set_mode(&rig, &mode_06h);
	rig_load_test_palette(&rig);
	/* Even rows at B8000, odd rows at BA000, eight pixels a byte. */
	for (unsigned y = 0; y < 200; y++) {
		for (unsigned bx = 0; bx < 80; bx++) {
			uint8_t b = 0;
			for (unsigned i = 0; i < 8; i++)
				if ((((bx * 8 + i) * 5) ^ (y * 3)) & 4)
					b |= (uint8_t)(0x80 >> i);
			mem_write8(rig.mem, 0xB8000 + (y & 1) * 0x2000 + (y / 2) * 80 + bx, b);
		}
	}
	const struct vga_frame *f = vga_render(rig.vga);
	ck_assert_uint_eq(f->scale_x, 1);
	ck_assert_uint_eq(f->scale_y, 2);
	ck_assert_uint_eq(compare_frame(f, 640, 200, expect_06h, NULL), 0);
	rig_destroy(&rig);
}
END_TEST

static uint32_t expect_modex(unsigned x, unsigned y, void *opaque)
{
	const struct modex_ctx *c = opaque;
	unsigned row = y >= c->split_row ? y - c->split_row : y + c->start_row;
	unsigned col = x + (y >= c->split_row ? 0 : c->pan);
	/* Memory holds 320-pixel rows; past the end of a row the next one
	 * continues (the pan reads one address further). */
	row += col / 320;
	col %= 320;
	return test_palette_rgb(pattern_256(col, row));
}

START_TEST(test_mode_x_unchained_split_pan)
{
	struct display_rig rig = rig_create();
	rig_set_mode(&rig, &mode_x);
	rig_load_test_palette(&rig);
	/* Pixel (x, y) lives in plane x & 3 at offset y * 80 + x / 4; 300
	 * rows fill more than a screen, to scroll into. */
	for (unsigned p = 0; p < 4; p++) {
		rig_seq(&rig, 2, (uint8_t)(1u << p));
		for (unsigned y = 0; y < 300; y++)
			for (unsigned x = p; x < 320; x += 4)
				mem_write8(rig.mem, WINDOW + y * 80 + x / 4, pattern_256(x, y));
	}
	const struct vga_frame *f = vga_render(rig.vga);
	ck_assert_uint_eq(f->scale_x, 2);
	ck_assert_uint_eq(f->scale_y, 2);
	struct modex_ctx c = {.start_row = 0, .split_row = ~0u, .pan = 0};
	ck_assert_uint_eq(compare_frame(f, 320, 240, expect_modex, &c), 0);
	/* Start address 30 rows down. */
	rig_crtc(&rig, 0x0C, (30 * 80) >> 8);
	rig_crtc(&rig, 0x0D, (30 * 80) & 0xFF);
	c.start_row = 30;
	f = vga_render(rig.vga);
	ck_assert_uint_eq(compare_frame(f, 320, 240, expect_modex, &c), 0);
	/* Split screen: line compare 299 (bit 8 in overflow bit 4, bit 9
	 * in max scan line bit 6): the scanlines after it, i.e. output rows
	 * from 150 on, show memory from address 0. */
	rig_crtc(&rig, 0x18, 299 & 0xFF);
	rig_crtc(&rig, 0x07, 0x3E | 0x10); /* bit 4 passes the protect bit */
	rig_crtc(&rig, 0x09, 0x01);
	c.split_row = 150;
	f = vga_render(rig.vga);
	ck_assert_uint_eq(compare_frame(f, 320, 240, expect_modex, &c), 0);
	/* Pixel panning by 2 dots = 1 pixel, kept below the split unless
	 * the attribute mode control's pixel panning mode bit says. */
	rig_attr(&rig, 0x13, 0x02);
	rig_attr(&rig, 0x10, 0x41 | 0x20);
	c.pan = 1;
	f = vga_render(rig.vga);
	ck_assert_uint_eq(compare_frame(f, 320, 240, expect_modex, &c), 0);
	rig_destroy(&rig);
}
END_TEST

static uint32_t expect_04h(unsigned x, unsigned y, void *opaque)
{
	const struct planar_ctx *c = opaque;
	unsigned colour = (x * 3 + y) & 3;
	return test_palette_rgb(c->attr[colour] & 0x3F);
}

START_TEST(test_mode_04h_cga_interleave)
{
	struct display_rig rig = rig_create();
	rig_set_mode(&rig, &mode_04h);
	rig_load_test_palette(&rig);
	/* CGA layout: even rows at B8000, odd rows at BA000, 80 bytes a
	 * row, four 2-bit pixels a byte, leftmost in bits 7-6. */
	for (unsigned y = 0; y < 200; y++) {
		for (unsigned bx = 0; bx < 80; bx++) {
			uint8_t b = 0;
			for (unsigned i = 0; i < 4; i++)
				b |= (uint8_t)((((bx * 4 + i) * 3 + y) & 3) << (6 - 2 * i));
			mem_write8(rig.mem, 0xB8000 + (y & 1) * 0x2000 + (y / 2) * 80 + bx, b);
		}
	}
	const struct vga_frame *f = vga_render(rig.vga);
	ck_assert_uint_eq(f->scale_x, 2);
	ck_assert_uint_eq(f->scale_y, 2);
	struct planar_ctx c = {mode_04h.attr};
	ck_assert_uint_eq(compare_frame(f, 320, 200, expect_04h, &c), 0);
	rig_destroy(&rig);
}
END_TEST

/* Text: the test's font, one glyph byte per scanline. */
static uint8_t test_glyph(unsigned ch, unsigned row)
{
	if (row >= 16)
		return 0;
	if (ch == 0xC4) /* a horizontal box line through the middle */
		return row == 7 || row == 8 ? 0xFF : 0x00;
	return (uint8_t)(ch * 37 + row * 11 + 1) | 0x01; /* bit 0 set: the ninth column matters */
}

static void load_test_font(struct display_rig *rig)
{
	/* As the BIOS does: plane 2 alone, sequential, A0000. */
	rig_seq(rig, 2, 0x04);
	rig_seq(rig, 4, 0x07);
	rig_gc(rig, 4, 0x02);
	rig_gc(rig, 5, 0x00);
	rig_gc(rig, 6, 0x04);
	for (unsigned ch = 0; ch < 256; ch++)
		for (unsigned row = 0; row < 32; row++)
			mem_write8(rig->mem, WINDOW + ch * 32 + row, test_glyph(ch, row));
	rig_seq(rig, 2, 0x03);
	rig_seq(rig, 4, 0x02);
	rig_gc(rig, 4, 0x00);
	rig_gc(rig, 5, 0x10);
	rig_gc(rig, 6, 0x0E);
}

struct text_ctx {
	const uint8_t *chars, *attrs; /* the first row's cells */
	unsigned ncells;
	bool blink_mode, blink_on;
	unsigned cursor_cell;         /* ~0: none */
	unsigned cursor_start, cursor_end;
};

static uint32_t text_colour(unsigned value4)
{
	return test_palette_rgb(mode_03h.attr[value4 & 15] & 0x3F);
}

static uint32_t expect_text(unsigned x, unsigned y, void *opaque)
{
	const struct text_ctx *c = opaque;
	unsigned cell = x / 9, dot = x % 9, row = y % 16;
	uint8_t ch = y < 16 && cell < c->ncells ? c->chars[cell] : ' ';
	uint8_t attr = y < 16 && cell < c->ncells ? c->attrs[cell] : 0x07;
	unsigned fg = attr & 15, bg = attr >> 4;
	if (c->blink_mode) {
		bg &= 7;
		if ((attr & 0x80) && !c->blink_on)
			fg = bg;
	}
	if (y < 16 && cell == c->cursor_cell && row >= c->cursor_start && row <= c->cursor_end)
		return text_colour(fg);
	uint8_t g = test_glyph(ch, row);
	bool on;
	if (dot < 8)
		on = g & (0x80 >> dot);
	else /* ninth column: the eighth repeated for C0h-DFh only */
		on = ch >= 0xC0 && ch <= 0xDF && (g & 1);
	return text_colour(on ? fg : bg);
}

START_TEST(test_text_mode_03h)
{
	struct display_rig rig = rig_create();
	rig_set_mode(&rig, &mode_03h);
	rig_load_test_palette(&rig);
	load_test_font(&rig);
	static const uint8_t chars[] = {'A', 0xC4, 0xC4, 'B', 'x', 'x', 0xC4};
	static const uint8_t attrs[] = {0x1E, 0x1E, 0x4F, 0x07, 0x9C, 0x1C, 0xF1};
	for (unsigned i = 0; i < 80 * 25; i++)
		mem_write16(rig.mem, 0xB8000 + i * 2, 0x0720);
	for (unsigned i = 0; i < sizeof(chars); i++)
		mem_write16(rig.mem, 0xB8000 + i * 2, (uint16_t)(attrs[i] << 8 | chars[i]));
	/* Cursor on cell 3, lines 13-14 (the mode 3 shape). */
	rig_crtc(&rig, 0x0E, 0x00);
	rig_crtc(&rig, 0x0F, 0x03);
	struct text_ctx c = {chars, attrs, sizeof(chars), true, true, 3, 13, 14};
	const struct vga_frame *f = vga_render(rig.vga);
	ck_assert(f->text);
	ck_assert_uint_eq(f->scale_x, 1);
	ck_assert_uint_eq(f->scale_y, 1);
	ck_assert_uint_eq(compare_frame(f, 720, 400, expect_text, &c), 0);
	/* Eight frames later the cursor is off; sixteen later blinking
	 * characters show their background. */
	uint64_t frame = vga_frame_period_ns(rig.vga);
	vga_advance(rig.vga, frame * 8 + frame / 2);
	c.cursor_cell = ~0u;
	f = vga_render(rig.vga);
	ck_assert_uint_eq(compare_frame(f, 720, 400, expect_text, &c), 0);
	vga_advance(rig.vga, frame * 8);
	c.blink_on = false;
	c.cursor_cell = 3;
	f = vga_render(rig.vga);
	ck_assert_uint_eq(compare_frame(f, 720, 400, expect_text, &c), 0);
	/* Blink off: attribute bit 7 is background intensity. */
	rig_attr(&rig, 0x10, 0x04);
	c.blink_mode = false;
	f = vga_render(rig.vga);
	ck_assert_uint_eq(compare_frame(f, 720, 400, expect_text, &c), 0);
	/* The text screen as cells. */
	struct vga_text_screen s;
	ck_assert(vga_text_screen(rig.vga, &s));
	ck_assert_uint_eq(s.cols, 80);
	ck_assert_uint_eq(s.rows, 25);
	ck_assert_uint_eq(s.chars[1], 0xC4);
	ck_assert_uint_eq(s.attrs[4], 0x9C);
	ck_assert_uint_eq(s.chars[80], ' ');
	vga_text_screen_free(&s);
	rig_destroy(&rig);
}
END_TEST

START_TEST(test_text_80x50_and_40x25)
{
	struct display_rig rig = rig_create();
	rig_set_mode(&rig, &mode_03h);
	rig_load_test_palette(&rig);
	load_test_font(&rig);
	/* 80x50: eight-line characters. */
	rig_crtc(&rig, 0x09, 0x47);
	rig_crtc(&rig, 0x0A, 0x20); /* cursor off */
	for (unsigned i = 0; i < 80 * 50; i++)
		mem_write16(rig.mem, 0xB8000 + i * 2, (uint16_t)(0x1F00 | (i & 0xFF)));
	const struct vga_frame *f = vga_render(rig.vga);
	ck_assert_uint_eq(f->width, 720);
	ck_assert_uint_eq(f->height, 400);
	for (unsigned cy = 0; cy < 50; cy += 7) {
		for (unsigned cx = 0; cx < 80; cx += 9) {
			unsigned ch = (cy * 80 + cx) & 0xFF;
			for (unsigned row = 0; row < 8; row++) {
				uint8_t g = test_glyph(ch, row);
				for (unsigned dot = 0; dot < 8; dot++) {
					uint32_t want = text_colour((g & (0x80 >> dot)) ? 0x0F : 0x01);
					ck_assert_uint_eq(frame_pixel(f, cx * 9 + dot, cy * 8 + row), want);
				}
			}
		}
	}
	struct vga_text_screen s;
	ck_assert(vga_text_screen(rig.vga, &s));
	ck_assert_uint_eq(s.rows, 50);
	vga_text_screen_free(&s);
	/* 40 columns: half dot clock, 40 characters, offset 20. */
	rig_crtc(&rig, 0x09, 0x4F);
	rig_seq(&rig, 1, 0x08);
	rig_crtc(&rig, 0x11, 0x0E);
	rig_crtc(&rig, 0x01, 0x27);
	rig_crtc(&rig, 0x13, 0x14);
	f = vga_render(rig.vga);
	ck_assert_uint_eq(f->width, 360);
	ck_assert_uint_eq(f->height, 400);
	ck_assert_uint_eq(f->scale_x, 2);
	/* Row 1 starts with cell 40. */
	uint8_t g = test_glyph(40, 3);
	for (unsigned dot = 0; dot < 8; dot++)
		ck_assert_uint_eq(frame_pixel(f, dot, 16 + 3), text_colour((g & (0x80 >> dot)) ? 0x0F : 0x01));
	/* 8-dot cells: the next cell starts at dot 8. */
	rig_seq(&rig, 1, 0x09);
	f = vga_render(rig.vga);
	ck_assert_uint_eq(f->width, 320);
	g = test_glyph(41, 3);
	for (unsigned dot = 0; dot < 8; dot++)
		ck_assert_uint_eq(frame_pixel(f, 8 + dot, 16 + 3), text_colour((g & (0x80 >> dot)) ? 0x0F : 0x01));
	rig_destroy(&rig);
}
END_TEST

START_TEST(test_screen_off_is_black)
{
	struct display_rig rig = rig_create();
	rig_set_mode(&rig, &mode_13h);
	rig_load_test_palette(&rig);
	mem_write8(rig.mem, WINDOW, 0x55);
	const struct vga_frame *f = vga_render(rig.vga);
	ck_assert_uint_ne(frame_pixel(f, 0, 0), 0);
	rig_seq(&rig, 1, 0x21);
	f = vga_render(rig.vga);
	ck_assert_uint_eq(f->width, 320);
	ck_assert_uint_eq(frame_pixel(f, 0, 0), 0);
	rig_destroy(&rig);
}
END_TEST

static Suite *render_suite(void)
{
	Suite *s = suite_create("vga-render");
	TCase *tc = tcase_create("graphics");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_mode_13h);
	tcase_add_test(tc, test_mode_12h);
	tcase_add_test(tc, test_mode_x_unchained_split_pan);
	tcase_add_test(tc, test_mode_04h_cga_interleave);
	tcase_add_test(tc, test_ega_modes);
	tcase_add_test(tc, test_mode_06h_cga_mono);
	tcase_add_test(tc, test_screen_off_is_black);
	suite_add_tcase(s, tc);
	tc = tcase_create("text");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_text_mode_03h);
	tcase_add_test(tc, test_text_80x50_and_40x25);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(render_suite());
}
