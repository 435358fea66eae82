/* The display as the machine sees it: the VGA shown in a window, or
 * nothing (headless), plus the end-of-run outputs.  One call in the run
 * loop keeps the window fed and its events handled.
 *
 *   struct display *d = display_create(vga, DISPLAY_WANT_AUTO, &host, "glasspc");
 *   while (running) { run a slice; if (!display_poll(d)) power off; }
 *   display_write_outputs(d, screenshot_path, screen_text_path);
 *   display_destroy(d);
 */
#ifndef GLASSPC_GUI_DISPLAY_H
#define GLASSPC_GUI_DISPLAY_H

#include <stdbool.h>

#include "gui/window.h"
#include "iodev/vga.h"

enum display_want {
	DISPLAY_WANT_AUTO,   /* a window when one can be opened (DISPLAY, WAYLAND_DISPLAY
			      * or SDL_VIDEODRIVER set), else headless */
	DISPLAY_WANT_WINDOW, /* a window, or display_create fails */
	DISPLAY_WANT_NONE,   /* headless: SDL video is never initialised */
};

struct display;

/* Returns NULL only when a window was required and could not be opened
 * (after one line on stderr) or out of memory. */
struct display *display_create(struct vga *vga, enum display_want want, const struct gui_host *host,
			       const char *title);
void display_destroy(struct display *d);

bool display_has_window(const struct display *d);

/* Cheap enough to call after every CPU slice: about 60 times a second of
 * host time it renders the VGA and shows what changed, and it handles
 * window events every time.  Returns false once the window was closed
 * (the host's power_off callback has run). */
bool display_poll(struct display *d);

/* --screenshot and --screen-text at the end of a run (either path may be
 * NULL).  Returns 0, or -1 when a file could not be written. */
int display_write_outputs(struct display *d, const char *screenshot_png, const char *screen_text);

#endif
