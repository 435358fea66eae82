/* Checks a --screenshot of the demo disk's graphics page (demo/demo.asm)
 * against what the page must look like, computed here from the page's
 * description rather than from its code:
 *   - mode 13h: 320x200 guest pixels, shown doubled (640x400);
 *   - rows 180-199: sixteen bars 20 pixels wide in the CGA/EGA colours
 *     of palette entries 0-15, rows 176-179 black;
 *   - rows 0-7 white text on black, rows 8-15 yellow text on black;
 *   - rows 16-175: diagonal stripes in 24 colours: a pixel's colour
 *     depends only on x + y, changes every 8 pixels along a row and
 *     repeats every 24 * 8 = 192; over them a white 24x24 box (and the
 *     white mouse cross).
 * Prints "area XXXXXXXX", a hash of rows 16-175, so that two screenshots
 * taken at different times can be told apart (the page is animated).
 * Exit status 0 when everything holds, 1 (with one line per problem)
 * otherwise. */
#include <png.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WIDTH 320
#define HEIGHT 200
#define AREA_TOP 16
#define AREA_BOTTOM 176
#define BARS_TOP 180
#define BOX 24
#define WHITE 0xFFFFFFu
#define YELLOW 0xFFFF55u

static const uint32_t cga_colours[16] = {
	0x000000, 0x0000AA, 0x00AA00, 0x00AAAA, 0xAA0000, 0xAA00AA, 0xAA5500, 0xAAAAAA,
	0x555555, 0x5555FF, 0x55FF55, 0x55FFFF, 0xFF5555, 0xFF55FF, 0xFFFF55, 0xFFFFFF,
};

static png_image image;
static uint8_t *rgb;
static int problems;

/* The guest pixel (x, y): the top-left of its 2x2 block. */
static uint32_t pixel(int x, int y)
{
	const uint8_t *p = rgb + ((size_t)(2 * y) * image.width + (size_t)(2 * x)) * 3;
	return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}

static void problem(const char *what, int x, int y, uint32_t got)
{
	if (problems++ < 20)
		printf("FAIL: %s at (%d,%d): 0x%06X\n", what, x, y, (unsigned)got);
}

static void check_bars(void)
{
	for (int y = AREA_BOTTOM; y < HEIGHT; y++)
		for (int x = 0; x < WIDTH; x++) {
			uint32_t want = y < BARS_TOP ? 0 : cga_colours[x / 20];
			if (pixel(x, y) != want)
				problem("colour bars", x, y, pixel(x, y));
		}
}

static void check_title(int top, uint32_t colour, const char *what)
{
	int lit = 0;
	for (int y = top; y < top + 8; y++)
		for (int x = 0; x < WIDTH; x++) {
			uint32_t c = pixel(x, y);
			if (c == colour)
				lit++;
			else if (c != 0)
				problem(what, x, y, c);
		}
	if (lit < 100)
		problem(what, 0, top, (uint32_t)lit);
}

static bool white_square_at(int x0, int y0)
{
	if (x0 + BOX > WIDTH || y0 + BOX > AREA_BOTTOM)
		return false;
	for (int y = y0; y < y0 + BOX; y++)
		for (int x = x0; x < x0 + BOX; x++)
			if (pixel(x, y) != WHITE)
				return false;
	return true;
}

static void check_area(void)
{
	uint32_t colours[64];
	int ncolours = 0, whites = 0;
	bool box = false;
	for (int y = AREA_TOP; y < AREA_BOTTOM; y++) {
		int phase = -1; /* x mod 8 where the colour changes in this row */
		for (int x = 0; x < WIDTH; x++) {
			uint32_t c = pixel(x, y);
			if (c == WHITE) {
				whites++;
				box = box || white_square_at(x, y);
				continue;
			}
			int i = 0;
			while (i < ncolours && colours[i] != c)
				i++;
			if (i == ncolours) {
				if (ncolours == 64) {
					problem("too many stripe colours", x, y, c);
					return;
				}
				colours[ncolours++] = c;
			}
			if (y > AREA_TOP && x + 1 < WIDTH && pixel(x + 1, y - 1) != WHITE && pixel(x + 1, y - 1) != c)
				problem("stripe colour not constant along x + y", x, y, c);
			if (x + 192 < WIDTH && pixel(x + 192, y) != WHITE && pixel(x + 192, y) != c)
				problem("stripes do not repeat every 192 pixels", x, y, c);
			if (x > 0 && pixel(x - 1, y) != WHITE && pixel(x - 1, y) != c) {
				if (phase < 0)
					phase = x % 8;
				else if (x % 8 != phase)
					problem("stripe not 8 pixels wide", x, y, c);
			}
		}
	}
	if (ncolours != 24)
		problem("the stripes have not 24 colours", 0, AREA_TOP, (uint32_t)ncolours);
	if (!box)
		problem("no white 24x24 box", 0, AREA_TOP, (uint32_t)whites);
	if (whites > BOX * BOX + 17)
		problem("more white than the box and the cross", 0, AREA_TOP, (uint32_t)whites);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: check_frame FILE.png\n");
		return 2;
	}
	image.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_file(&image, argv[1])) {
		printf("FAIL: %s: %s\n", argv[1], image.message);
		return 1;
	}
	image.format = PNG_FORMAT_RGB;
	rgb = malloc(PNG_IMAGE_SIZE(image));
	if (!rgb || !png_image_finish_read(&image, NULL, rgb, 0, NULL)) {
		printf("FAIL: %s: cannot read the pixels\n", argv[1]);
		return 1;
	}
	if (image.width != 2 * WIDTH || image.height != 2 * HEIGHT) {
		printf("FAIL: %s is %ux%u, not mode 13h's 320x200 shown doubled (640x400)\n", argv[1], image.width,
		       image.height);
		free(rgb);
		return 1;
	}
	check_bars();
	check_title(0, WHITE, "the white title row");
	check_title(8, YELLOW, "the yellow help row");
	check_area();
	uint32_t hash = 2166136261u;
	for (int y = AREA_TOP; y < AREA_BOTTOM; y++)
		for (int x = 0; x < WIDTH; x++)
			hash = (hash ^ pixel(x, y)) * 16777619u;
	printf("area %08X\n", (unsigned)hash);
	free(rgb);
	return problems ? 1 : 0;
}
