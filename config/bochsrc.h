/* Bochs configuration files (bochsrc): the directives that describe a PC
 * glasspc can build, read into the same machine description the command
 * line fills.  The syntax is Bochs's: "directive: p1=v1, p2=v2" lines,
 * '#' comments, "double quotes" around values with commas or spaces,
 * $NAME and ${NAME} environment variables, "#include FILE".  See
 * docs/usage.md for the directives and how each maps. */
#ifndef GLASSPC_CONFIG_BOCHSRC_H
#define GLASSPC_CONFIG_BOCHSRC_H

#include "config/machine_config.h"

/* $BXSHARE when the environment does not set it: where Debian's bochsbios
 * and vgabios packages put the Bochs ROM images. */
#define BOCHSRC_BXSHARE_DEFAULT "/usr/share/bochs"

struct bochsrc_result {
	char error[CONFIG_ERROR_LEN]; /* "FILE:LINE: message" when bochsrc_read fails */
	/* Valid Bochs directives glasspc read but does not emulate, each named
	 * once in the order met ("mouse, pci, vga"); empty when none. */
	char ignored[512];
};

/* Applies the file's directives to cfg, in order (a later line overrides
 * an earlier one and what cfg held).  Returns 0, or -1 with the first
 * error in result->error; cfg may then be partly updated. */
int bochsrc_read(struct machine_config *cfg, const char *path, struct bochsrc_result *result);

#endif
