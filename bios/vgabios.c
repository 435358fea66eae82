/* Finding and reading the VGA BIOS; see vgabios.h. */
#include "bios/vgabios.h"
#include "bios/rom.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define VGABIOS_MAX_SIZE (128u * 1024u)

static const char *const seabios_paths[] = {
	"/usr/share/seabios/vgabios-stdvga.bin",
	"/usr/share/qemu/vgabios-stdvga.bin",
	"/usr/local/share/qemu/vgabios-stdvga.bin",
	NULL,
};

static const char *const lgpl_paths[] = {
	"/usr/share/vgabios/vgabios.bin",
	"/usr/share/bochs/VGABIOS-lgpl-latest",
	"/usr/local/share/bochs/VGABIOS-lgpl-latest",
	"/usr/share/vgabios/vgabios.stdvga.bin",
	NULL,
};

const char *vgabios_find(enum vgabios_kind kind)
{
	const char *const *paths = kind == VGABIOS_LGPL ? lgpl_paths : seabios_paths;
	for (; *paths; paths++)
		if (access(*paths, R_OK) == 0)
			return *paths;
	return NULL;
}

uint8_t *vgabios_load(enum vgabios_kind kind, const char *path, size_t *size)
{
	if (path && (strcmp(path, "seabios") == 0 || strcmp(path, "lgpl") == 0)) {
		kind = path[0] == 'l' ? VGABIOS_LGPL : VGABIOS_SEABIOS;
		path = NULL;
	}
	if (!path) {
		path = vgabios_find(kind);
		if (!path) {
			bool lgpl = kind == VGABIOS_LGPL;
			fprintf(stderr, "glasspc: no %s VGA BIOS found (looked for %s): install the Debian package %s\n",
				lgpl ? "LGPL" : "SeaBIOS", lgpl ? lgpl_paths[0] : seabios_paths[0],
				lgpl ? "vgabios" : "seabios");
			return NULL;
		}
	}
	return rom_read_file(path, "the VGA BIOS", VGABIOS_MAX_SIZE, size);
}
