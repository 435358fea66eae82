/* ROM image loading; see rom.h. */
#include "bios/rom.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint8_t *rom_read_file(const char *path, const char *what, size_t max_size, size_t *size)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "glasspc: cannot open %s '%s': %s\n", what, path, strerror(errno));
		return NULL;
	}
	/* One byte more than allowed: a file that fills it is too large. */
	uint8_t *data = malloc(max_size + 1);
	size_t n = data ? fread(data, 1, max_size + 1, f) : 0;
	bool read_error = ferror(f);
	fclose(f);
	if (!data || read_error) {
		fprintf(stderr, "glasspc: cannot read %s '%s'%s\n", what, path, data ? "" : ": out of memory");
		free(data);
		return NULL;
	}
	if (n == 0 || n > max_size) {
		fprintf(stderr, "glasspc: %s '%s' is %s (1 byte to %zu KiB)\n", what, path, n ? "too large" : "empty",
			max_size / 1024);
		free(data);
		return NULL;
	}
	*size = n;
	return data;
}

uint8_t *rom_load(const char *path, size_t max_size, size_t *size)
{
	size_t n;
	uint8_t *data = rom_read_file(path, "ROM", max_size, &n);
	if (!data)
		return NULL;
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
