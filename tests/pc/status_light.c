/* Reads an xwd dump of glasspc's window (xwd -id) and says whether the
 * status line under the picture shows its disk light: prints "DISK on"
 * or "DISK off".  The line is the window's bottom STATUS_LINE_HEIGHT
 * rows, characters STATUS_CHAR_WIDTH pixels apart from x = 4, text in
 * STATUS_FG (gui/status_line.c); it starts with "POST XX" (which must be
 * lit, or this is not the status line) and the light is characters 9-12.
 * Exit status 0 after printing the answer, 1 when the dump cannot be
 * read or holds no status line. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "gui/status_line.h"

#define STATUS_FG 0xC0C0C0u
#define XWD_HEADER_WORDS 25

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The value of a mask's bits, scaled to 8 bits. */
static unsigned channel(uint32_t pixel, uint32_t mask)
{
	if (!mask)
		return 0;
	unsigned shift = 0;
	while (!(mask & 1)) {
		mask >>= 1;
		shift++;
	}
	uint32_t v = (pixel >> shift) & mask;
	return mask == 0xFF ? v : (unsigned)(v * 255 / mask);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: status_light FILE.xwd\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "rb");
	if (!f) {
		printf("FAIL: cannot open %s\n", argv[1]);
		return 1;
	}
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	fseek(f, 0, SEEK_SET);
	uint8_t *data = size > 0 ? malloc((size_t)size) : NULL;
	if (!data || fread(data, 1, (size_t)size, f) != (size_t)size || size < XWD_HEADER_WORDS * 4) {
		printf("FAIL: cannot read %s\n", argv[1]);
		fclose(f);
		free(data);
		return 1;
	}
	fclose(f);
	uint32_t header[XWD_HEADER_WORDS];
	for (int i = 0; i < XWD_HEADER_WORDS; i++)
		header[i] = be32(data + 4 * i);
	uint32_t header_size = header[0], width = header[4], height = header[5], byte_order = header[7];
	uint32_t bits_per_pixel = header[11], bytes_per_line = header[12];
	uint32_t masks[3] = {header[14], header[15], header[16]}, ncolors = header[19];
	uint64_t pixels = (uint64_t)header_size + (uint64_t)ncolors * 12;
	if (bits_per_pixel != 32 || height < STATUS_LINE_HEIGHT ||
	    pixels + (uint64_t)bytes_per_line * height > (uint64_t)size || (uint64_t)bytes_per_line < width * 4ull) {
		printf("FAIL: %s: not a 32-bit TrueColor window dump of a plausible size\n", argv[1]);
		free(data);
		return 1;
	}
	/* Lit pixels per character cell of the status line. */
	unsigned lit[13] = {0};
	for (uint32_t y = height - STATUS_LINE_HEIGHT; y < height; y++)
		for (unsigned cell = 0; cell < 13; cell++)
			for (unsigned x = 4 + cell * STATUS_CHAR_WIDTH; x < 4 + (cell + 1) * STATUS_CHAR_WIDTH && x < width;
			     x++) {
				const uint8_t *p = data + pixels + (uint64_t)y * bytes_per_line + x * 4;
				uint32_t v = byte_order ? be32(p)
							: (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
				uint32_t rgb = channel(v, masks[0]) << 16 | channel(v, masks[1]) << 8 | channel(v, masks[2]);
				lit[cell] += rgb == STATUS_FG;
			}
	free(data);
	for (unsigned cell = 0; cell < 4; cell++)
		if (!lit[cell]) {
			printf("FAIL: %s: no \"POST\" at the start of the bottom %u rows\n", argv[1], STATUS_LINE_HEIGHT);
			return 1;
		}
	unsigned disk = lit[9] + lit[10] + lit[11] + lit[12];
	printf("DISK %s\n", disk ? "on" : "off");
	return 0;
}
