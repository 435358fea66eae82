/* Loading ROM images from files, with clear errors. */
#ifndef GLASSPC_BIOS_ROM_H
#define GLASSPC_BIOS_ROM_H

#include <stddef.h>
#include <stdint.h>

/* Reads a whole ROM file of 1 to max_size bytes.  The returned buffer is
 * padded at the FRONT with 0xFF to a multiple of 4 KiB (so that the image
 * still ends where it must end), and *size is the padded size.  On error
 * prints one line naming the file and returns NULL. */
uint8_t *rom_load(const char *path, size_t max_size, size_t *size);

/* Reads a whole file of 1 to max_size bytes as it is (what: "ROM", "the
 * VGA BIOS"..., for messages).  Returns a malloc'd buffer of *size
 * bytes, or NULL after one line naming the file. */
uint8_t *rom_read_file(const char *path, const char *what, size_t max_size, size_t *size);

#endif
