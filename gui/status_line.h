/* The status line under the guest's picture, drawn with a small 5x7
 * font of our own (digits, capitals and a little punctuation: enough for
 * "POST 3F  DISK  12.3 MIPS  NUM CAPS SCRL"), so that it needs no font
 * library and looks the same everywhere. */
#ifndef GLASSPC_GUI_STATUS_LINE_H
#define GLASSPC_GUI_STATUS_LINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define STATUS_LINE_HEIGHT 11u
#define STATUS_CHAR_WIDTH 6u

struct status_info {
	int post_code;      /* -1: none */
	bool disk_active;
	double mips;        /* < 0: unknown */
	unsigned leds;      /* bit 0 scroll, 1 num, 2 caps */
	bool paused;
};

/* The text of the status line. */
void status_line_text(const struct status_info *info, char *out, size_t size);

/* Draws text (unknown characters as blanks) into a width x
 * STATUS_LINE_HEIGHT buffer of 0x00RRGGBB pixels. */
void status_line_draw(uint32_t *pixels, unsigned width, const char *text);

#endif
