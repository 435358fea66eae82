/* Bochs VBE (DISPI): ID negotiation, mode set, the linear frame buffer
 * at the PCI BAR and the 64 KiB bank at A0000, virtual width and
 * offsets; pictures compared with what the test computes. */
#include "tests/unit/test_display.h"

#define LFB 0xE0000000u

static void dispi_write(struct display_rig *rig, uint16_t index, uint16_t value)
{
	outw(rig->bus, VBE_DISPI_INDEX_PORT, index);
	outw(rig->bus, VBE_DISPI_DATA_PORT, value);
}

static uint16_t dispi_read(struct display_rig *rig, uint16_t index)
{
	outw(rig->bus, VBE_DISPI_INDEX_PORT, index);
	return inw(rig->bus, VBE_DISPI_DATA_PORT);
}

static void dispi_set_mode(struct display_rig *rig, uint16_t xres, uint16_t yres, uint16_t bpp, uint16_t flags)
{
	dispi_write(rig, 4, 0x00);
	dispi_write(rig, 1, xres);
	dispi_write(rig, 2, yres);
	dispi_write(rig, 3, bpp);
	dispi_write(rig, 4, (uint16_t)(0x01 | flags));
}

START_TEST(test_id_negotiation_and_caps)
{
	struct display_rig rig = rig_create();
	ck_assert_uint_eq(dispi_read(&rig, 0), 0xB0C0);
	for (uint16_t id = 0xB0C0; id <= 0xB0C5; id++) {
		dispi_write(&rig, 0, id);
		ck_assert_uint_eq(dispi_read(&rig, 0), id);
	}
	dispi_write(&rig, 0, 0xB0C6);
	ck_assert_uint_eq(dispi_read(&rig, 0), 0xB0C5);
	dispi_write(&rig, 0, 0x1234);
	ck_assert_uint_eq(dispi_read(&rig, 0), 0xB0C5);
	ck_assert_uint_eq(dispi_read(&rig, 0x0A), 256); /* 16 MiB in 64 KiB units */
	dispi_write(&rig, 4, 0x02);
	ck_assert_uint_ge(dispi_read(&rig, 1), 1920);
	ck_assert_uint_ge(dispi_read(&rig, 2), 1200);
	ck_assert_uint_eq(dispi_read(&rig, 3), 32);
	dispi_write(&rig, 4, 0x00);
	/* Indexes that do not exist read 0 and take nothing. */
	dispi_write(&rig, 0x40, 0x5555);
	ck_assert_uint_eq(dispi_read(&rig, 0x40), 0);
	ck_assert_uint_eq(inw(rig.bus, VBE_DISPI_INDEX_PORT), 0x40);
	rig_destroy(&rig);
}
END_TEST

START_TEST(test_mode_limits)
{
	struct display_rig rig = rig_create();
	dispi_set_mode(&rig, 1920, 1200, 32, 0x40);
	ck_assert_uint_eq(dispi_read(&rig, 4) & 1, 1);
	const struct vga_frame *f = vga_render(rig.vga);
	ck_assert_uint_eq(f->width, 1920);
	ck_assert_uint_eq(f->height, 1200);
	/* Resolution is fixed while enabled. */
	dispi_write(&rig, 1, 800);
	ck_assert_uint_eq(dispi_read(&rig, 1), 1920);
	/* Too large, or an unknown depth: refused. */
	dispi_set_mode(&rig, 640, 480, 0, 0); /* 0 means 8 */
	ck_assert_uint_eq(dispi_read(&rig, 3), 8);
	dispi_set_mode(&rig, 4000, 3000, 32, 0);
	ck_assert_uint_eq(dispi_read(&rig, 4) & 1, 0);
	dispi_set_mode(&rig, 640, 480, 12, 0);
	ck_assert_uint_eq(dispi_read(&rig, 4) & 1, 0);
	/* Each supported depth. */
	static const uint16_t depths[] = {8, 15, 16, 24, 32};
	for (unsigned i = 0; i < 5; i++) {
		dispi_set_mode(&rig, 800, 600, depths[i], 0);
		ck_assert_uint_eq(dispi_read(&rig, 4) & 1, 1);
		ck_assert_uint_eq(dispi_read(&rig, 3), depths[i]);
		ck_assert_uint_eq(dispi_read(&rig, 6), 800);
	}
	/* Banks beyond the memory are ignored. */
	dispi_write(&rig, 5, 255);
	ck_assert_uint_eq(dispi_read(&rig, 5), 255);
	dispi_write(&rig, 5, 256);
	ck_assert_uint_eq(dispi_read(&rig, 5), 255);
	rig_destroy(&rig);
}
END_TEST

static uint32_t pattern_rgb(unsigned x, unsigned y)
{
	return ((x * 3 + y) & 0xFF) << 16 | ((x ^ y) & 0xFF) << 8 | ((x + y * 5) & 0xFF);
}

START_TEST(test_1024x768x32_through_lfb)
{
	struct display_rig rig = rig_create();
	vga_map_lfb(rig.vga, LFB, true);
	dispi_write(&rig, 0, 0xB0C5);
	dispi_set_mode(&rig, 1024, 768, 32, 0x40);
	for (unsigned y = 0; y < 768; y++)
		for (unsigned x = 0; x < 1024; x++)
			mem_write32(rig.mem, LFB + (y * 1024 + x) * 4, pattern_rgb(x, y));
	const struct vga_frame *f = vga_render(rig.vga);
	ck_assert_uint_eq(f->width, 1024);
	ck_assert_uint_eq(f->height, 768);
	ck_assert_uint_eq(f->scale_x, 1);
	ck_assert_uint_eq(f->scale_y, 1);
	unsigned bad = 0;
	for (unsigned y = 0; y < 768; y++)
		for (unsigned x = 0; x < 1024; x++)
			bad += frame_pixel(f, x, y) != pattern_rgb(x, y);
	ck_assert_uint_eq(bad, 0);
	/* Nothing written: nothing dirty.  One pixel through the frame
	 * buffer (plain RAM): its row, found by comparison. */
	f = vga_render(rig.vga);
	ck_assert_uint_ge(f->dirty_first, f->dirty_end);
	mem_write32(rig.mem, LFB + (500 * 1024 + 77) * 4, 0x123456);
	f = vga_render(rig.vga);
	ck_assert_uint_eq(f->dirty_first, 500);
	ck_assert_uint_eq(f->dirty_end, 501);
	ck_assert_uint_eq(frame_pixel(f, 77, 500), 0x123456);
	/* A palette-independent depth, but a register write redraws all
	 * lines and still finds them equal. */
	dispi_write(&rig, 8, 0);
	f = vga_render(rig.vga);
	ck_assert_uint_ge(f->dirty_first, f->dirty_end);
	mem_write32(rig.mem, LFB + (500 * 1024 + 77) * 4, pattern_rgb(77, 500));
	/* The frame buffer is memory the CPU reaches directly. */
	ck_assert_ptr_nonnull(mem_page_host(rig.mem, LFB, true));
	/* Moving the BAR moves the frame buffer. */
	vga_map_lfb(rig.vga, 0xD0000000u, true);
	ck_assert_uint_eq(mem_read32(rig.mem, 0xD0000000u + 4), pattern_rgb(1, 0));
	ck_assert_uint_eq(mem_read32(rig.mem, LFB + 4), 0xFFFFFFFFu);
	vga_map_lfb(rig.vga, 0xD0000000u, false);
	ck_assert_uint_eq(mem_read32(rig.mem, 0xD0000000u + 4), 0xFFFFFFFFu);
	rig_destroy(&rig);
}
END_TEST

static uint8_t pattern8(unsigned x, unsigned y)
{
	return (uint8_t)(x + y * 7);
}

START_TEST(test_640x480x8_through_banks)
{
	struct display_rig rig = rig_create();
	rig_load_test_palette(&rig);
	dispi_set_mode(&rig, 640, 480, 8, 0);
	/* 64 KiB banks at A0000, as a VBE 1.2 program writes them. */
	for (unsigned y = 0; y < 480; y++) {
		for (unsigned x = 0; x < 640; x++) {
			uint32_t a = y * 640 + x;
			if ((a & 0xFFFF) == 0)
				dispi_write(&rig, 5, (uint16_t)(a >> 16));
			mem_write8(rig.mem, 0xA0000 + (a & 0xFFFF), pattern8(x, y));
		}
	}
	dispi_write(&rig, 5, 2);
	ck_assert_uint_eq(mem_read8(rig.mem, 0xA0000 + 5), pattern8((0x20005) % 640, 0x20005 / 640));
	const struct vga_frame *f = vga_render(rig.vga);
	unsigned bad = 0;
	for (unsigned y = 0; y < 480; y++)
		for (unsigned x = 0; x < 640; x++)
			bad += frame_pixel(f, x, y) != test_palette_rgb(pattern8(x, y));
	ck_assert_uint_eq(bad, 0);
	/* 8-bit DAC: components are taken whole. */
	dispi_write(&rig, 4, 0x01 | 0x20 | 0x80);
	outb(rig.bus, 0x3C8, pattern8(0, 0));
	outb(rig.bus, 0x3C9, 0x80);
	outb(rig.bus, 0x3C9, 0x81);
	outb(rig.bus, 0x3C9, 0xFE);
	f = vga_render(rig.vga);
	ck_assert_uint_eq(frame_pixel(f, 0, 0), 0x8081FE);
	rig_destroy(&rig);
}
END_TEST

START_TEST(test_virtual_width_and_offsets)
{
	struct display_rig rig = rig_create();
	rig_load_test_palette(&rig);
	vga_map_lfb(rig.vga, LFB, true);
	dispi_set_mode(&rig, 640, 480, 8, 0x40);
	dispi_write(&rig, 6, 2048);
	ck_assert_uint_eq(dispi_read(&rig, 6), 2048);
	ck_assert_uint_eq(dispi_read(&rig, 7), (16u << 20) / 2048);
	/* A virtual width below the resolution is raised to it. */
	dispi_write(&rig, 6, 100);
	ck_assert_uint_eq(dispi_read(&rig, 6), 640);
	dispi_write(&rig, 6, 2048);
	for (unsigned y = 0; y < 600; y++)
		for (unsigned x = 0; x < 1000; x++)
			mem_write8(rig.mem, LFB + y * 2048 + x, pattern8(x, y));
	dispi_write(&rig, 8, 16);
	dispi_write(&rig, 9, 10);
	const struct vga_frame *f = vga_render(rig.vga);
	unsigned bad = 0;
	for (unsigned y = 0; y < 480; y++)
		for (unsigned x = 0; x < 640; x++)
			bad += frame_pixel(f, x, y) != test_palette_rgb(pattern8(x + 16, y + 10));
	ck_assert_uint_eq(bad, 0);
	/* Offsets past the end of memory show black, not a crash. */
	dispi_write(&rig, 9, 0xFFFF);
	f = vga_render(rig.vga);
	ck_assert_uint_eq(frame_pixel(f, 639, 479), 0);
	rig_destroy(&rig);
}
END_TEST

START_TEST(test_depth_formats)
{
	struct display_rig rig = rig_create();
	vga_map_lfb(rig.vga, LFB, true);
	dispi_set_mode(&rig, 64, 8, 16, 0x40);
	mem_write16(rig.mem, LFB, 0xF800); /* red 5:6:5 */
	mem_write16(rig.mem, LFB + 2, 0x07E0);
	mem_write16(rig.mem, LFB + 4, 0x001F);
	const struct vga_frame *f = vga_render(rig.vga);
	ck_assert_uint_eq(frame_pixel(f, 0, 0), 0xFF0000);
	ck_assert_uint_eq(frame_pixel(f, 1, 0), 0x00FF00);
	ck_assert_uint_eq(frame_pixel(f, 2, 0), 0x0000FF);
	dispi_set_mode(&rig, 64, 8, 15, 0x40);
	mem_write16(rig.mem, LFB, 0x7C00);
	mem_write16(rig.mem, LFB + 2, 0x03E0 | 0x0010);
	f = vga_render(rig.vga);
	ck_assert_uint_eq(frame_pixel(f, 0, 0), 0xFF0000);
	ck_assert_uint_eq(frame_pixel(f, 1, 0), 0x00FF84);
	dispi_set_mode(&rig, 64, 8, 24, 0x40);
	mem_write8(rig.mem, LFB + 3, 0x11);
	mem_write8(rig.mem, LFB + 4, 0x22);
	mem_write8(rig.mem, LFB + 5, 0x33);
	f = vga_render(rig.vga);
	ck_assert_uint_eq(frame_pixel(f, 1, 0), 0x332211);
	/* Disabling DISPI returns to the VGA, here not programmed: black. */
	dispi_write(&rig, 4, 0);
	f = vga_render(rig.vga);
	ck_assert_uint_eq(frame_pixel(f, 1, 0), 0);
	rig_destroy(&rig);
}
END_TEST

/* 800x600 in 16 colours: the planes, written as in mode 12h. */
START_TEST(test_800x600x4_planar)
{
	struct display_rig rig = rig_create();
	rig_load_test_palette(&rig);
	outb(rig.bus, 0x3C2, 0x01);
	rig_seq(&rig, 4, 0x06);
	rig_gc(&rig, 6, 0x05);
	rig_gc(&rig, 8, 0xFF);
	for (unsigned i = 0; i < 16; i++)
		rig_attr(&rig, (uint8_t)i, (uint8_t)(0x20 + i));
	rig_attr(&rig, 0x12, 0x0F);
	dispi_set_mode(&rig, 1024, 768, 4, 0);
	ck_assert_uint_eq(dispi_read(&rig, 4) & 1, 0); /* does not fit a plane */
	dispi_set_mode(&rig, 800, 600, 4, 0);
	ck_assert_uint_eq(dispi_read(&rig, 4) & 1, 1);
	for (unsigned p = 0; p < 4; p++) {
		rig_seq(&rig, 2, (uint8_t)(1u << p));
		for (unsigned i = 0; i < 800 * 600 / 8; i++)
			mem_write8(rig.mem, 0xA0000 + i, (uint8_t)((i * 3 + p * 0x55) >> (p & 1)));
	}
	const struct vga_frame *f = vga_render(rig.vga);
	ck_assert_uint_eq(f->width, 800);
	ck_assert_uint_eq(f->height, 600);
	unsigned bad = 0;
	for (unsigned y = 0; y < 600; y++) {
		for (unsigned x = 0; x < 800; x++) {
			unsigned i = (y * 800 + x) / 8, v = 0;
			for (unsigned p = 0; p < 4; p++)
				v |= ((((i * 3 + p * 0x55) >> (p & 1)) & 0xFF) >> (7 - x % 8) & 1u) << p;
			bad += frame_pixel(f, x, y) != test_palette_rgb(0x20 + v);
		}
	}
	ck_assert_uint_eq(bad, 0);
	rig_destroy(&rig);
}
END_TEST

START_TEST(test_pci_info_and_rom)
{
	struct display_rig rig = rig_create();
	struct vga_pci_info info;
	vga_pci_info(rig.vga, &info);
	ck_assert_uint_eq(info.vendor, 0x1234);
	ck_assert_uint_eq(info.device, 0x1111);
	ck_assert_uint_eq(info.class_code, 0x030000);
	ck_assert_uint_eq(info.bar0_size, 16u << 20);
	ck_assert_uint_eq(info.rom_size, 0);
	uint8_t rom[39936];
	for (size_t i = 0; i < sizeof(rom); i++)
		rom[i] = (uint8_t)(i * 13);
	rom[0] = 0x55;
	rom[1] = 0xAA;
	ck_assert_int_eq(vga_set_rom(rig.vga, rom, sizeof(rom)), 0);
	vga_pci_info(rig.vga, &info);
	ck_assert_uint_eq(info.rom_size, 65536);
	vga_map_rom(rig.vga, 0xFEB00000u, true);
	ck_assert_uint_eq(mem_read16(rig.mem, 0xFEB00000u), 0xAA55);
	ck_assert_uint_eq(mem_read8(rig.mem, 0xFEB00000u + 1000), (uint8_t)(1000 * 13));
	mem_write8(rig.mem, 0xFEB00000u, 0); /* read-only */
	ck_assert_uint_eq(mem_read8(rig.mem, 0xFEB00000u), 0x55);
	vga_map_rom(rig.vga, 0xFEB00000u, false);
	ck_assert_uint_eq(mem_read16(rig.mem, 0xFEB00000u), 0xFFFF);
	ck_assert_int_eq(vga_map_isa_rom(rig.vga), 0);
	ck_assert_uint_eq(mem_read16(rig.mem, 0xC0000), 0xAA55);
	rig_destroy(&rig);
}
END_TEST

static Suite *vbe_suite(void)
{
	Suite *s = suite_create("vbe");
	TCase *tc = tcase_create("dispi");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_id_negotiation_and_caps);
	tcase_add_test(tc, test_mode_limits);
	tcase_add_test(tc, test_1024x768x32_through_lfb);
	tcase_add_test(tc, test_640x480x8_through_banks);
	tcase_add_test(tc, test_virtual_width_and_offsets);
	tcase_add_test(tc, test_depth_formats);
	tcase_add_test(tc, test_800x600x4_planar);
	tcase_add_test(tc, test_pci_info_and_rom);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(vbe_suite());
}
