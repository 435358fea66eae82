/* Disk images as the configuration sees them: does the file exist, is it
 * readable, how big is it, is it an ISO 9660 CD image.  The storage code
 * opens and checks images again when the machine is built. */
#ifndef GLASSPC_CONFIG_IMAGE_H
#define GLASSPC_CONFIG_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/machine_config.h"

struct image_info {
	uint64_t size;
	bool iso9660;        /* "CD001" at byte 0x8001: the primary volume descriptor */
	uint64_t dev, inode; /* identity, to catch one file used by two drives */
};

/* Opens path for reading and checks it is a regular file.  Returns 0, or
 * -1 with the reason (strerror text, or "not a regular file") in why. */
int image_probe(const char *path, struct image_info *info, char *why, size_t whylen);

/* What the positional IMAGE is booted as: a CD if it is an ISO image (by
 * signature, or by a .iso name), a floppy if its size is a standard
 * floppy size, else a hard disk. */
enum media_kind image_kind(const char *path, const struct image_info *info);

#endif
