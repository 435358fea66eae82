/* Finding the system BIOS.  glasspc ships no firmware: SeaBIOS and the
 * Bochs BIOS come from the distribution's packages (seabios, bochsbios)
 * and are looked for where those packages put them, or only in the
 * directories of $GLASSPC_FIRMWARE_PATH when it is set.  A user's own
 * BIOS file is checked for the shape of a PC system BIOS.  Every error
 * is one line on stderr that names the file and, for a packaged image,
 * the package to install.  (The VGA BIOS: bios/vgabios.h.) */
#ifndef GLASSPC_BIOS_FIRMWARE_H
#define GLASSPC_BIOS_FIRMWARE_H

#include <stddef.h>

#define FIRMWARE_PATH_ENV "GLASSPC_FIRMWARE_PATH"

enum system_bios { SYSTEM_BIOS_SEABIOS, SYSTEM_BIOS_BOCHS };

/* Writes the path of the packaged image of bios into path (len bytes):
 * found, readable and of the exact size of a complete image.  Returns 0,
 * or -1 after the one-line error. */
int firmware_find_system_bios(enum system_bios bios, char *path, size_t len);

/* Checks a BIOS file the user named: a readable regular file whose size
 * is a whole number of 64 KiB pieces up to max_size.  Returns 0, or -1
 * after the one-line error. */
int firmware_check_bios_file(const char *path, size_t max_size);

#endif
