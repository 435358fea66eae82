/* Helpers for the storage tests: a private temporary directory, images
 * filled with a pattern that names each sector, and direct looks at the
 * files behind the devices. */
#ifndef GLASSPC_TESTS_UNIT_TEST_STORAGE_H
#define GLASSPC_TESTS_UNIT_TEST_STORAGE_H

#include <check.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char storage_dir[512];

/* Makes the directory (call once, from main, before the suite runs). */
static inline void storage_dir_create(void)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(storage_dir, sizeof(storage_dir), "%s/glasspc-storage-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(storage_dir)) {
		perror("mkdtemp");
		exit(EXIT_FAILURE);
	}
}

static inline void storage_dir_remove(void)
{
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", storage_dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", storage_dir);
}

/* The path of name in the directory (a static buffer per call site is
 * not enough: four rotate). */
static inline const char *storage_path(const char *name)
{
	static char paths[4][600];
	static int next;
	char *p = paths[next++ & 3];
	snprintf(p, sizeof(paths[0]), "%s/%s", storage_dir, name);
	return p;
}

/* Byte i of sector (or block) n of a patterned image. */
static inline uint8_t pattern_byte(uint64_t n, unsigned i)
{
	return (uint8_t)(n * 13 + i * 7 + (i >> 8) + (n >> 8) * 3);
}

static inline void fill_pattern(uint8_t *buf, uint64_t n, unsigned unit)
{
	for (unsigned i = 0; i < unit; i++)
		buf[i] = pattern_byte(n, i);
}

/* Makes (or replaces) an image of size bytes, every unit-byte piece
 * patterned by its number. */
static inline const char *make_image(const char *name, uint64_t size, unsigned unit)
{
	const char *path = storage_path(name);
	FILE *f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	uint8_t buf[4096];
	for (uint64_t n = 0; n * unit < size; n++) {
		unsigned len = size - n * unit < unit ? (unsigned)(size - n * unit) : unit;
		fill_pattern(buf, n, unit);
		ck_assert_uint_eq(fwrite(buf, 1, len, f), len);
	}
	ck_assert_int_eq(fclose(f), 0);
	return path;
}

/* Reads len bytes at offset straight from the file. */
static inline void read_file(const char *path, uint64_t offset, void *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq((int)pread(fd, buf, len, (off_t)offset), (int)len);
	close(fd);
}

static inline void expect_pattern(const uint8_t *buf, uint64_t n, unsigned unit)
{
	for (unsigned i = 0; i < unit; i++)
		if (buf[i] != pattern_byte(n, i))
			ck_abort_msg("piece %llu byte %u: %02x, expected %02x", (unsigned long long)n, i, buf[i],
				     pattern_byte(n, i));
}

#endif
