/* Finding and reading the VGA BIOS option ROM.
 *
 * The default is SeaBIOS's vgabios-stdvga.bin (Debian package seabios);
 * --vgabios lgpl picks the LGPL VGABIOS (package vgabios), and a path
 * picks a file.  Both drive this VGA through the standard VGA registers
 * and DISPI, and carry PCIR IDs 1234:1111.  The image goes to vga_set_rom
 * (PCI ROM BAR, what SeaBIOS runs) and, for BIOSes that scan ISA option
 * ROMs, vga_map_isa_rom. */
#ifndef GLASSPC_BIOS_VGABIOS_H
#define GLASSPC_BIOS_VGABIOS_H

#include <stddef.h>
#include <stdint.h>

enum vgabios_kind { VGABIOS_SEABIOS, VGABIOS_LGPL };

/* The first existing file among the standard paths of kind, or NULL. */
const char *vgabios_find(enum vgabios_kind kind);

/* Reads path, or (path NULL) the file vgabios_find gives for kind; the
 * path "seabios" or "lgpl" names the kind instead of a file.  Returns a
 * malloc'd image of *size bytes (at most 128 KiB), or NULL after
 * printing one line: the file that could not be read, or that no VGA
 * BIOS is installed and which Debian package has it. */
uint8_t *vgabios_load(enum vgabios_kind kind, const char *path, size_t *size);

#endif
