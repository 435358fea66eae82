/* PNG screenshots of exactly what the window shows of the guest: each
 * guest pixel repeated scale_x by scale_y times (see struct vga_frame),
 * 8-bit RGB.  Used by --screenshot FILE.png, the screenshot hot key and
 * the tests; needs no display. */
#ifndef GLASSPC_GUI_SCREENSHOT_H
#define GLASSPC_GUI_SCREENSHOT_H

#include "iodev/vga.h"

/* Returns 0, or -1 after printing one line naming the file. */
int screenshot_write_png(const struct vga_frame *frame, const char *path);

/* Renders the current picture and writes it. */
int screenshot_save(struct vga *vga, const char *path);

#endif
