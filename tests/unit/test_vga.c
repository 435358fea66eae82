/* VGA registers and the graphics controller's data path, driven through
 * ports and the A0000 window as a BIOS or a game would. */
#include "tests/unit/test_display.h"

#define WINDOW 0xA0000u

static uint8_t plane_at(struct display_rig *rig, unsigned plane, uint32_t offset)
{
	return vga_vram(rig->vga)[offset * 4 + plane];
}

static void set_plane(struct display_rig *rig, unsigned plane, uint32_t offset, uint8_t v)
{
	vga_vram(rig->vga)[offset * 4 + plane] = v;
}

/* Planar access as in the 16-colour modes: sequential addressing, all
 * planes enabled, A0000-AFFFF. */
static void planar_setup(struct display_rig *rig)
{
	rig_seq(rig, 2, 0x0F);
	rig_seq(rig, 4, 0x06);
	rig_gc(rig, 5, 0x00);
	rig_gc(rig, 6, 0x05);
	rig_gc(rig, 8, 0xFF);
}

START_TEST(test_dac_auto_increment)
{
	struct display_rig rig = rig_create();
	outb(rig.bus, 0x3C8, 254);
	ck_assert_uint_eq(inb(rig.bus, 0x3C7) & 3, 0);
	const uint8_t values[9] = {1, 2, 3, 4, 5, 6, 7, 8, 0xFF};
	for (unsigned i = 0; i < 9; i++)
		outb(rig.bus, 0x3C9, values[i]);
	/* Three components per entry, 254 then 255 then (wrapping) 0. */
	ck_assert_uint_eq(inb(rig.bus, 0x3C8), 1);
	outb(rig.bus, 0x3C7, 254);
	ck_assert_uint_eq(inb(rig.bus, 0x3C7) & 3, 3);
	for (unsigned i = 0; i < 8; i++)
		ck_assert_uint_eq(inb(rig.bus, 0x3C9), values[i]);
	ck_assert_uint_eq(inb(rig.bus, 0x3C9), 0x3F); /* six bits kept */
	/* An entry changes only when its third component arrives. */
	outb(rig.bus, 0x3C8, 10);
	outb(rig.bus, 0x3C9, 0x11);
	outb(rig.bus, 0x3C9, 0x22);
	outb(rig.bus, 0x3C7, 10);
	ck_assert_uint_eq(inb(rig.bus, 0x3C9), 0);
	/* Pel mask reads back. */
	outb(rig.bus, 0x3C6, 0x0F);
	ck_assert_uint_eq(inb(rig.bus, 0x3C6), 0x0F);
	rig_destroy(&rig);
}
END_TEST

START_TEST(test_attribute_flip_flop)
{
	struct display_rig rig = rig_create();
	outb(rig.bus, 0x3C2, 0x01); /* colour addressing: input status 1 at 0x3DA */
	(void)inb(rig.bus, 0x3DA);
	outb(rig.bus, 0x3C0, 0x05);
	outb(rig.bus, 0x3C0, 0x2A);
	ck_assert_uint_eq(inb(rig.bus, 0x3C1), 0x2A);
	/* The flip-flop now expects an index: this is index 0x12. */
	outb(rig.bus, 0x3C0, 0x12);
	ck_assert_uint_eq(inb(rig.bus, 0x3C0), 0x12);
	/* Reading input status 1 sends it back to index even mid-pair. */
	(void)inb(rig.bus, 0x3DA);
	outb(rig.bus, 0x3C0, 0x13);
	outb(rig.bus, 0x3C0, 0x07);
	ck_assert_uint_eq(inb(rig.bus, 0x3C1), 0x07);
	outb(rig.bus, 0x3C0, 0x12);
	ck_assert_uint_eq(inb(rig.bus, 0x3C1), 0x00);
	/* A 16-bit OUT to 0x3C0 is index then data. */
	(void)inb(rig.bus, 0x3DA);
	outw(rig.bus, 0x3C0, 0x3F01);
	outb(rig.bus, 0x3C0, 0x01);
	ck_assert_uint_eq(inb(rig.bus, 0x3C1), 0x3F);
	/* With the palette address source set, palette writes are ignored
	 * but the mode registers still take them. */
	(void)inb(rig.bus, 0x3DA);
	outb(rig.bus, 0x3C0, 0x21);
	outb(rig.bus, 0x3C0, 0x15);
	outb(rig.bus, 0x3C0, 0x21);
	ck_assert_uint_eq(inb(rig.bus, 0x3C1), 0x3F);
	(void)inb(rig.bus, 0x3DA);
	outb(rig.bus, 0x3C0, 0x30);
	outb(rig.bus, 0x3C0, 0x41);
	outb(rig.bus, 0x3C0, 0x30);
	ck_assert_uint_eq(inb(rig.bus, 0x3C1), 0x41);
	rig_destroy(&rig);
}
END_TEST

START_TEST(test_index_data_pairs_16bit)
{
	struct display_rig rig = rig_create();
	outb(rig.bus, 0x3C2, 0x67);
	outw(rig.bus, 0x3C4, 0x0F02);
	outw(rig.bus, 0x3CE, 0x4005);
	outw(rig.bus, 0x3D4, 0x5513);
	outb(rig.bus, 0x3C4, 0x02);
	ck_assert_uint_eq(inb(rig.bus, 0x3C5), 0x0F);
	outb(rig.bus, 0x3CE, 0x05);
	ck_assert_uint_eq(inb(rig.bus, 0x3CF), 0x40);
	outb(rig.bus, 0x3D4, 0x13);
	ck_assert_uint_eq(inb(rig.bus, 0x3D5), 0x55);
	ck_assert_uint_eq(inw(rig.bus, 0x3D4), 0x5513);
	ck_assert_uint_eq(inb(rig.bus, 0x3CC), 0x67);
	/* Out-of-range indexes are harmless. */
	outw(rig.bus, 0x3C4, 0x1234);
	outw(rig.bus, 0x3CE, 0x56FF);
	outw(rig.bus, 0x3D4, 0x7840);
	ck_assert_uint_eq(inb(rig.bus, 0x3D5), 0xFF);
	rig_destroy(&rig);
}
END_TEST

START_TEST(test_crtc_protect_and_io_select)
{
	struct display_rig rig = rig_create();
	outb(rig.bus, 0x3C2, 0x01); /* colour addressing */
	rig_crtc(&rig, 0x00, 0x5F);
	rig_crtc(&rig, 0x07, 0x00);
	rig_crtc(&rig, 0x11, 0x8E);
	rig_crtc(&rig, 0x00, 0x11);
	rig_crtc(&rig, 0x07, 0xFF);
	rig_crtc(&rig, 0x09, 0x4F);
	outb(rig.bus, 0x3D4, 0x00);
	ck_assert_uint_eq(inb(rig.bus, 0x3D5), 0x5F);
	outb(rig.bus, 0x3D4, 0x07);
	ck_assert_uint_eq(inb(rig.bus, 0x3D5), 0x10); /* only line compare bit 8 */
	outb(rig.bus, 0x3D4, 0x09);
	ck_assert_uint_eq(inb(rig.bus, 0x3D5), 0x4F);
	/* Mono addressing moves the CRTC to 0x3B4/0x3B5. */
	ck_assert_uint_eq(inb(rig.bus, 0x3B5), 0xFF);
	outb(rig.bus, 0x3C2, 0x00);
	ck_assert_uint_eq(inb(rig.bus, 0x3D5), 0xFF);
	outb(rig.bus, 0x3B4, 0x09);
	ck_assert_uint_eq(inb(rig.bus, 0x3B5), 0x4F);
	rig_destroy(&rig);
}
END_TEST

START_TEST(test_retrace_follows_time)
{
	struct display_rig rig = rig_create();
	static const struct vga_mode_regs mode13 = {
		.misc = 0x63,
		.seq = {0x03, 0x01, 0x0F, 0x00, 0x0E},
		.crtc = {0x5F, 0x4F, 0x50, 0x82, 0x54, 0x80, 0xBF, 0x1F, 0x00, 0x41, 0x00, 0x00, 0x00,
			 0x00, 0x00, 0x00, 0x9C, 0x8E, 0x8F, 0x28, 0x40, 0x96, 0xB9, 0xA3, 0xFF},
		.gc = {0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x05, 0x0F, 0xFF},
		.attr = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0x41, 0x00, 0x0F, 0x00, 0x00},
	};
	rig_set_mode(&rig, &mode13);
	/* 800 dots x 449 lines at 25.175 MHz: 70.09 Hz. */
	uint64_t period = vga_frame_period_ns(rig.vga);
	ck_assert_uint_ge(period, 14260000);
	ck_assert_uint_le(period, 14280000);
	unsigned vretrace = 0, disabled = 0, samples = 0, edges = 0;
	int last = -1;
	/* Sample every 1.1 us over three frames. */
	for (uint64_t t = 0; t < 3 * period; t += 1100, samples++) {
		uint8_t s = inb(rig.bus, 0x3DA);
		vretrace += (s & 0x08) != 0;
		disabled += (s & 0x01) != 0;
		if (last >= 0 && (s & 0x08) && !last)
			edges++;
		last = (s & 0x08) != 0;
		vga_advance(rig.vga, 1100);
	}
	ck_assert_uint_eq(edges, 3);
	/* Vertical retrace: lines 0x19C-0x19D, 2 of 449. */
	double vfrac = (double)vretrace / samples;
	ck_assert(vfrac > 1.5 / 449 && vfrac < 2.5 / 449);
	/* Not displaying: 1 - (640 * 400) / (800 * 449). */
	double dfrac = (double)disabled / samples;
	ck_assert(dfrac > 0.27 && dfrac < 0.31);
	rig_destroy(&rig);
}
END_TEST

START_TEST(test_write_mode_0_set_reset_rotate_logic)
{
	struct display_rig rig = rig_create();
	planar_setup(&rig);
	/* Plain write: the same byte in every enabled plane. */
	mem_write8(rig.mem, WINDOW + 10, 0xA5);
	for (unsigned p = 0; p < 4; p++)
		ck_assert_uint_eq(plane_at(&rig, p, 10), 0xA5);
	/* Map mask. */
	rig_seq(&rig, 2, 0x05);
	mem_write8(rig.mem, WINDOW + 11, 0x3C);
	ck_assert_uint_eq(plane_at(&rig, 0, 11), 0x3C);
	ck_assert_uint_eq(plane_at(&rig, 1, 11), 0x00);
	ck_assert_uint_eq(plane_at(&rig, 2, 11), 0x3C);
	rig_seq(&rig, 2, 0x0F);
	/* Set/reset on planes 0 and 3 (enable 1001b), value 0001b. */
	rig_gc(&rig, 0, 0x01);
	rig_gc(&rig, 1, 0x09);
	mem_write8(rig.mem, WINDOW + 12, 0x5A);
	ck_assert_uint_eq(plane_at(&rig, 0, 12), 0xFF);
	ck_assert_uint_eq(plane_at(&rig, 1, 12), 0x5A);
	ck_assert_uint_eq(plane_at(&rig, 2, 12), 0x5A);
	ck_assert_uint_eq(plane_at(&rig, 3, 12), 0x00);
	rig_gc(&rig, 1, 0x00);
	/* Rotate right by 3. */
	rig_gc(&rig, 3, 0x03);
	mem_write8(rig.mem, WINDOW + 13, 0x81);
	ck_assert_uint_eq(plane_at(&rig, 0, 13), 0x30);
	/* Logical functions with the latches: load them, then AND/OR/XOR. */
	for (unsigned fn = 1; fn <= 3; fn++) {
		for (unsigned p = 0; p < 4; p++)
			set_plane(&rig, p, 20, (uint8_t)(0xF0 >> p));
		rig_gc(&rig, 3, (uint8_t)(fn << 3));
		(void)mem_read8(rig.mem, WINDOW + 20);
		mem_write8(rig.mem, WINDOW + 20, 0x3C);
		for (unsigned p = 0; p < 4; p++) {
			uint8_t l = (uint8_t)(0xF0 >> p);
			uint8_t want = fn == 1 ? (l & 0x3C) : fn == 2 ? (l | 0x3C) : (l ^ 0x3C);
			ck_assert_uint_eq(plane_at(&rig, p, 20), want);
		}
	}
	rig_gc(&rig, 3, 0x00);
	/* Bit mask: unmasked bits come from the latches. */
	for (unsigned p = 0; p < 4; p++)
		set_plane(&rig, p, 30, 0x0F);
	(void)mem_read8(rig.mem, WINDOW + 30);
	rig_gc(&rig, 8, 0xC3);
	mem_write8(rig.mem, WINDOW + 30, 0xF0);
	for (unsigned p = 0; p < 4; p++)
		ck_assert_uint_eq(plane_at(&rig, p, 30), (0xF0 & 0xC3) | (0x0F & 0x3C));
	rig_destroy(&rig);
}
END_TEST

START_TEST(test_write_modes_1_2_3)
{
	struct display_rig rig = rig_create();
	planar_setup(&rig);
	/* Mode 1: latches copied, as for a screen-to-screen copy. */
	for (unsigned p = 0; p < 4; p++)
		set_plane(&rig, p, 100, (uint8_t)(0x11 * (p + 1)));
	rig_gc(&rig, 5, 0x01);
	rig_gc(&rig, 8, 0x00); /* ignored in mode 1 */
	(void)mem_read8(rig.mem, WINDOW + 100);
	mem_write8(rig.mem, WINDOW + 200, 0x00);
	for (unsigned p = 0; p < 4; p++)
		ck_assert_uint_eq(plane_at(&rig, p, 200), 0x11 * (p + 1));
	/* Mode 2: the CPU byte's low nibble is a colour, bit mask picks
	 * the pixels. */
	for (unsigned p = 0; p < 4; p++)
		set_plane(&rig, p, 300, 0x00);
	rig_gc(&rig, 5, 0x02);
	rig_gc(&rig, 8, 0x20);
	(void)mem_read8(rig.mem, WINDOW + 300);
	mem_write8(rig.mem, WINDOW + 300, 0x0A);
	ck_assert_uint_eq(plane_at(&rig, 0, 300), 0x00);
	ck_assert_uint_eq(plane_at(&rig, 1, 300), 0x20);
	ck_assert_uint_eq(plane_at(&rig, 2, 300), 0x00);
	ck_assert_uint_eq(plane_at(&rig, 3, 300), 0x20);
	/* Mode 3: set/reset is the colour, the rotated CPU byte ANDed with
	 * the bit mask picks the pixels. */
	for (unsigned p = 0; p < 4; p++)
		set_plane(&rig, p, 400, 0xFF);
	rig_gc(&rig, 5, 0x03);
	rig_gc(&rig, 0, 0x06);
	rig_gc(&rig, 8, 0xF0);
	rig_gc(&rig, 3, 0x04); /* rotate 4 */
	(void)mem_read8(rig.mem, WINDOW + 400);
	mem_write8(rig.mem, WINDOW + 400, 0x3C); /* rotated: 0xC3, & 0xF0 = 0xC0 */
	ck_assert_uint_eq(plane_at(&rig, 0, 400), 0x3F);
	ck_assert_uint_eq(plane_at(&rig, 1, 400), 0xFF);
	ck_assert_uint_eq(plane_at(&rig, 2, 400), 0xFF);
	ck_assert_uint_eq(plane_at(&rig, 3, 400), 0x3F);
	rig_destroy(&rig);
}
END_TEST

START_TEST(test_read_modes)
{
	struct display_rig rig = rig_create();
	planar_setup(&rig);
	set_plane(&rig, 0, 50, 0xF0);
	set_plane(&rig, 1, 50, 0xCC);
	set_plane(&rig, 2, 50, 0xAA);
	set_plane(&rig, 3, 50, 0x0F);
	for (unsigned p = 0; p < 4; p++) {
		rig_gc(&rig, 4, (uint8_t)p);
		ck_assert_uint_eq(mem_read8(rig.mem, WINDOW + 50), plane_at(&rig, p, 50));
	}
	/* Read mode 1: pixels of colour 0101b... with all planes cared. */
	rig_gc(&rig, 5, 0x08);
	rig_gc(&rig, 7, 0x0F);
	for (unsigned colour = 0; colour < 16; colour++) {
		rig_gc(&rig, 2, (uint8_t)colour);
		uint8_t want = 0;
		for (unsigned bit = 0; bit < 8; bit++) {
			unsigned pixel = 0;
			for (unsigned p = 0; p < 4; p++)
				pixel |= (plane_at(&rig, p, 50) >> bit & 1u) << p;
			if (pixel == colour)
				want |= (uint8_t)(1u << bit);
		}
		ck_assert_uint_eq(mem_read8(rig.mem, WINDOW + 50), want);
	}
	/* Don't care for planes 2 and 3: only planes 0 and 1 compared. */
	rig_gc(&rig, 7, 0x03);
	rig_gc(&rig, 2, 0x03);
	ck_assert_uint_eq(mem_read8(rig.mem, WINDOW + 50), 0xF0 & 0xCC);
	rig_destroy(&rig);
}
END_TEST

START_TEST(test_chain4_and_odd_even)
{
	struct display_rig rig = rig_create();
	/* Chain-4 (mode 13h): byte n goes to plane n & 3, the group of four
	 * at the same plane offset. */
	rig_seq(&rig, 2, 0x0F);
	rig_seq(&rig, 4, 0x0E);
	rig_gc(&rig, 5, 0x40);
	rig_gc(&rig, 6, 0x05);
	rig_gc(&rig, 8, 0xFF);
	for (unsigned i = 0; i < 8; i++)
		mem_write8(rig.mem, WINDOW + 0x100 + i, (uint8_t)(0x10 + i));
	for (unsigned i = 0; i < 8; i++) {
		ck_assert_uint_eq(plane_at(&rig, i & 3, 0x100 + (i & ~3u)), 0x10 + i);
		ck_assert_uint_eq(mem_read8(rig.mem, WINDOW + 0x100 + i), 0x10 + i);
	}
	ck_assert_uint_eq(mem_read32(rig.mem, WINDOW + 0x104), 0x17161514);
	/* Odd/even (text): even bytes to planes 0/2, odd to 1/3; memory map
	 * B8000-BFFFF only. */
	rig_seq(&rig, 2, 0x03);
	rig_seq(&rig, 4, 0x02);
	rig_gc(&rig, 5, 0x10);
	rig_gc(&rig, 6, 0x0E);
	mem_write16(rig.mem, 0xB8000 + 0x20, 0x1F41);
	ck_assert_uint_eq(plane_at(&rig, 0, 0x20), 0x41);
	ck_assert_uint_eq(plane_at(&rig, 1, 0x20), 0x1F);
	ck_assert_uint_eq(mem_read16(rig.mem, 0xB8000 + 0x20), 0x1F41);
	/* Outside the selected map: reads float, writes vanish. */
	ck_assert_uint_eq(mem_read8(rig.mem, 0xA0000), 0xFF);
	mem_write8(rig.mem, 0xB0000, 0x77);
	ck_assert_uint_eq(plane_at(&rig, 0, 0), 0x00);
	/* B0000-B7FFF (map 2). */
	rig_gc(&rig, 6, 0x0A);
	mem_write8(rig.mem, 0xB0000 + 0x40, 0x99);
	ck_assert_uint_eq(plane_at(&rig, 0, 0x40), 0x99);
	ck_assert_uint_eq(mem_read8(rig.mem, 0xB8000), 0xFF);
	rig_destroy(&rig);
}
END_TEST

static Suite *vga_suite(void)
{
	Suite *s = suite_create("vga");
	TCase *tc = tcase_create("registers");
	tcase_add_test(tc, test_dac_auto_increment);
	tcase_add_test(tc, test_attribute_flip_flop);
	tcase_add_test(tc, test_index_data_pairs_16bit);
	tcase_add_test(tc, test_crtc_protect_and_io_select);
	tcase_add_test(tc, test_retrace_follows_time);
	suite_add_tcase(s, tc);
	tc = tcase_create("memory");
	tcase_add_test(tc, test_write_mode_0_set_reset_rotate_logic);
	tcase_add_test(tc, test_write_modes_1_2_3);
	tcase_add_test(tc, test_read_modes);
	tcase_add_test(tc, test_chain4_and_odd_even);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(vga_suite());
}
