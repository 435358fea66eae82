/* What leaves the VGA for files: the text screen as UTF-8 (--screen-text)
 * and PNG screenshots (--screenshot), read back with libpng. */
#include "tests/unit/test_display.h"

#include <png.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "gui/display.h"
#include "gui/screen_text.h"
#include "gui/screenshot.h"
#include "gui/status_line.h"

static const struct vga_mode_regs mode_03h = {
	.misc = 0x67,
	.seq = {0x03, 0x00, 0x03, 0x00, 0x02},
	.crtc = {0x5F, 0x4F, 0x50, 0x82, 0x55, 0x81, 0xBF, 0x1F, 0x00, 0x4F, 0x0D, 0x0E, 0x00,
		 0x00, 0x00, 0x00, 0x9C, 0x8E, 0x8F, 0x28, 0x1F, 0x96, 0xB9, 0xA3, 0xFF},
	.gc = {0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x0E, 0x00, 0xFF},
	.attr = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39, 0x3A, 0x3B, 0x3C, 0x3D, 0x3E,
		 0x3F, 0x0C, 0x00, 0x0F, 0x08, 0x00},
};

static const struct vga_mode_regs mode_13h = {
	.misc = 0x63,
	.seq = {0x03, 0x01, 0x0F, 0x00, 0x0E},
	.crtc = {0x5F, 0x4F, 0x50, 0x82, 0x54, 0x80, 0xBF, 0x1F, 0x00, 0x41, 0x00, 0x00, 0x00,
		 0x00, 0x00, 0x00, 0x9C, 0x8E, 0x8F, 0x28, 0x40, 0x96, 0xB9, 0xA3, 0xFF},
	.gc = {0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x05, 0x0F, 0xFF},
	.attr = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E,
		 0x0F, 0x41, 0x00, 0x0F, 0x00, 0x00},
};

static void temp_path(char *buf, size_t size, const char *suffix)
{
	snprintf(buf, size, "/tmp/glasspc-test-%ld%s", (long)getpid(), suffix);
}

static void put_row(struct display_rig *rig, unsigned row, const uint8_t *cells, size_t n)
{
	for (size_t i = 0; i < n; i++)
		mem_write16(rig->mem, 0xB8000 + (row * 80 + (unsigned)i) * 2, (uint16_t)(0x0700 | cells[i]));
}

START_TEST(test_screen_text_cp437)
{
	struct display_rig rig = rig_create();
	rig_set_mode(&rig, &mode_03h);
	for (unsigned i = 0; i < 80 * 25; i++)
		mem_write16(rig.mem, 0xB8000 + i * 2, 0x0720);
	static const uint8_t top[] = {0xC9, 0xCD, 0xCD, 0xCD, 0xCD, 0xBB};
	static const uint8_t mid[] = {0xBA, 'H', 'i', 0x01, 0x82, 0xBA, ' ', 0xB0, 0xB1, 0xB2, 0xDB};
	static const uint8_t bottom[] = {0xC8, 0xCD, 0xCD, 0xCD, 0xCD, 0xBC};
	static const uint8_t single[] = {0xDA, 0xC4, 0xC2, 0xBF, ' ', 0xE3, 0xF8, 0xAB};
	put_row(&rig, 0, top, sizeof(top));
	put_row(&rig, 1, mid, sizeof(mid));
	put_row(&rig, 2, bottom, sizeof(bottom));
	put_row(&rig, 24, single, sizeof(single));
	char path[128];
	temp_path(path, sizeof(path), ".txt");
	int is_text = 0;
	ck_assert_int_eq(screen_text_save(rig.vga, path, &is_text), 0);
	ck_assert(is_text);
	FILE *f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	char buf[4096];
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = 0;
	fclose(f);
	unlink(path);
	const char *want = "╔════╗\n"
			   "║Hi☺é║ ░▒▓█\n"
			   "╚════╝\n"
			   "\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n"
			   "┌─┬┐ π°½\n";
	ck_assert_str_eq(buf, want);
	/* A graphics mode has no text: an empty file. */
	rig_set_mode(&rig, &mode_13h);
	ck_assert_int_eq(screen_text_save(rig.vga, path, &is_text), 0);
	ck_assert(!is_text);
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fgetc(f), EOF);
	fclose(f);
	unlink(path);
	/* An unwritable path: -1 and one message. */
	ck_assert_int_eq(screen_text_save(rig.vga, "/nonexistent-dir/x.txt", NULL), -1);
	rig_destroy(&rig);
}
END_TEST

START_TEST(test_cp437_table)
{
	ck_assert_uint_eq(cp437_to_unicode('A'), 'A');
	ck_assert_uint_eq(cp437_to_unicode(0xB3), 0x2502);
	ck_assert_uint_eq(cp437_to_unicode(0xC4), 0x2500);
	ck_assert_uint_eq(cp437_to_unicode(0xDA), 0x250C);
	ck_assert_uint_eq(cp437_to_unicode(0xD9), 0x2518);
	ck_assert_uint_eq(cp437_to_unicode(0xE1), 0x00DF);
	ck_assert_uint_eq(cp437_to_unicode(0xFE), 0x25A0);
	ck_assert_uint_eq(cp437_to_unicode(0x7F), 0x2302);
	ck_assert_uint_eq(cp437_to_unicode(0x00), ' ');
	ck_assert_uint_eq(cp437_to_unicode(0xFF), ' ');
	char u[4];
	ck_assert_uint_eq(utf8_encode(0x2550, u), 3);
	ck_assert_int_eq(memcmp(u, "\xE2\x95\x90", 3), 0);
	ck_assert_uint_eq(utf8_encode(0xE9, u), 2);
	ck_assert_uint_eq(utf8_encode(0x1F600, u), 4);
}
END_TEST

START_TEST(test_png_round_trip)
{
	struct display_rig rig = rig_create();
	rig_set_mode(&rig, &mode_13h);
	rig_load_test_palette(&rig);
	for (unsigned i = 0; i < 64000; i++)
		mem_write8(rig.mem, 0xA0000 + i, (uint8_t)(i * 7 + i / 320));
	char path[128];
	temp_path(path, sizeof(path), ".png");
	ck_assert_int_eq(screenshot_save(rig.vga, path), 0);
	png_image image;
	memset(&image, 0, sizeof(image));
	image.version = PNG_IMAGE_VERSION;
	ck_assert(png_image_begin_read_from_file(&image, path));
	/* 320x200 shown with the VGA's doubling: 640x400. */
	ck_assert_uint_eq(image.width, 640);
	ck_assert_uint_eq(image.height, 400);
	image.format = PNG_FORMAT_RGB;
	uint8_t *rgb = malloc(PNG_IMAGE_SIZE(image));
	ck_assert_ptr_nonnull(rgb);
	ck_assert(png_image_finish_read(&image, NULL, rgb, 0, NULL));
	unlink(path);
	unsigned bad = 0;
	for (unsigned y = 0; y < 400; y++) {
		for (unsigned x = 0; x < 640; x++) {
			unsigned i = (y / 2) * 320 + x / 2;
			uint32_t want = test_palette_rgb((uint8_t)(i * 7 + i / 320));
			const uint8_t *p = rgb + ((size_t)y * 640 + x) * 3;
			uint32_t got = (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
			bad += got != want;
		}
	}
	free(rgb);
	ck_assert_uint_eq(bad, 0);
	ck_assert_int_eq(screenshot_save(rig.vga, "/nonexistent-dir/x.png"), -1);
	rig_destroy(&rig);
}
END_TEST

START_TEST(test_status_line)
{
	struct status_info info = {.post_code = 0x3F, .disk_active = true, .mips = 123.45, .leds = 6, .paused = false};
	char text[128];
	status_line_text(&info, text, sizeof(text));
	ck_assert_ptr_nonnull(strstr(text, "POST 3F"));
	ck_assert_ptr_nonnull(strstr(text, "DISK"));
	ck_assert_ptr_nonnull(strstr(text, "123.5 MIPS"));
	ck_assert_ptr_nonnull(strstr(text, "NUM CAPS"));
	ck_assert_ptr_null(strstr(text, "SCRL"));
	uint32_t pixels[200 * STATUS_LINE_HEIGHT];
	status_line_draw(pixels, 200, "P");
	/* The P's top row: four lit pixels from x = 4. */
	ck_assert_uint_ne(pixels[2 * 200 + 4], pixels[0]);
	ck_assert_uint_eq(pixels[2 * 200 + 8], pixels[0]);
	status_line_draw(pixels, 3, "TOO WIDE"); /* no overrun */
}
END_TEST

START_TEST(test_headless_display)
{
	struct display_rig rig = rig_create();
	rig_set_mode(&rig, &mode_03h);
	struct display *d = display_create(rig.vga, DISPLAY_WANT_NONE, NULL, "test");
	ck_assert_ptr_nonnull(d);
	ck_assert(!display_has_window(d));
	ck_assert(display_poll(d));
	char png[128], txt[128];
	temp_path(png, sizeof(png), "-d.png");
	temp_path(txt, sizeof(txt), "-d.txt");
	ck_assert_int_eq(display_write_outputs(d, png, txt), 0);
	ck_assert_int_eq(access(png, R_OK), 0);
	ck_assert_int_eq(access(txt, R_OK), 0);
	unlink(png);
	unlink(txt);
	ck_assert_int_eq(display_write_outputs(d, NULL, NULL), 0);
	display_destroy(d);
	rig_destroy(&rig);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("vga-output");
	TCase *tc = tcase_create("files");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_screen_text_cp437);
	tcase_add_test(tc, test_cp437_table);
	tcase_add_test(tc, test_png_round_trip);
	tcase_add_test(tc, test_status_line);
	tcase_add_test(tc, test_headless_display);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
