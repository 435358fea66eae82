/* The text screen as UTF-8 (for --screen-text FILE): one line per row
 * of the current text mode (80x25, 80x50, 40x25, ...), code page 437
 * glyphs mapped to their Unicode characters (box drawing, blocks,
 * accented letters, the graphic symbols of codes 01h-1Fh), trailing
 * spaces dropped.  Needs no display. */
#ifndef GLASSPC_GUI_SCREEN_TEXT_H
#define GLASSPC_GUI_SCREEN_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "iodev/vga.h"

/* The Unicode character code page 437 shows for byte c (0 and 255 as
 * spaces). */
uint32_t cp437_to_unicode(uint8_t c);
/* Encodes code point u as UTF-8 into out; returns the length (1-4). */
size_t utf8_encode(uint32_t u, char out[4]);

/* Writes the cells' characters, row by row.  Returns 0, or -1 on a
 * write error. */
int screen_text_write(FILE *out, const struct vga_text_screen *screen);

/* Writes the displayed text page to path (an empty file in a graphics
 * mode, when *is_text is set false).  Returns 0, or -1 after printing
 * one line naming the file. */
int screen_text_save(struct vga *vga, const char *path, int *is_text);

#endif
