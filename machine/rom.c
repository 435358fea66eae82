/* ROM image loading; see rom.h. */
#include "machine/rom.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint8_t *rom_load(const char *path, size_t max_size, size_t *size)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "glasspc: cannot open ROM '%s': %s\n", path, strerror(errno));
		return NULL;
	}
	uint8_t *data = malloc(max_size + 1);
	size_t n = data ? fread(data, 1, max_size + 1, f) : 0;
	bool read_error = ferror(f);
	fclose(f);
	if (!data || read_error) {
		fprintf(stderr, "glasspc: cannot read ROM '%s'\n", path);
		free(data);
		return NULL;
	}
	if (n == 0 || n > max_size) {
		fprintf(stderr, "glasspc: ROM '%s' is %s (1 byte to %zu KiB)\n", path, n ? "too large" : "empty",
			max_size / 1024);
		free(data);
		return NULL;
	}
	size_t padded = (n + 4095) & ~(size_t)4095;
	uint8_t *rom = malloc(padded);
	if (!rom) {
		free(data);
		fprintf(stderr, "glasspc: out of memory loading ROM '%s'\n", path);
		return NULL;
	}
	memset(rom, 0xFF, padded - n);
	memcpy(rom + (padded - n), data, n);
	free(data);
	*size = padded;
	return rom;
}
