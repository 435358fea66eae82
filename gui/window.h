/* The SDL2 window: the guest's picture at integer scale with the VGA's
 * pixel aspect, a status line under it, keyboard and mouse input, hot
 * keys and clipboard paste.
 *
 * The window knows no device: what it shows comes from vga_frame, what
 * it reports goes to callbacks, and the status line asks getters.  Hot
 * keys are Ctrl+Alt plus a letter (the letter is not passed on):
 *   G release the mouse (also shown in the title while captured)
 *   F fullscreen on/off     S screenshot (glasspc-N.png in the working folder)
 *   P pause/resume          R reset         Q power off
 *   D enter the debugger    V paste the clipboard as typed keys
 * A click in the window captures the mouse.  Closing the window asks for
 * a clean power-off. */
#ifndef GLASSPC_GUI_WINDOW_H
#define GLASSPC_GUI_WINDOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "iodev/vga.h"

/* What the window asks of the machine.  Any member may be NULL. */
struct gui_host {
	void *opaque;
	/* Scan code set 2 bytes of one key going down or up (kbc_key_event). */
	void (*key)(void *opaque, const uint8_t *codes, size_t len);
	/* Relative motion, dy > 0 up, buttons as KBC_MOUSE_* (kbc_mouse_event). */
	void (*mouse)(void *opaque, int dx, int dy, unsigned buttons);
	void (*power_off)(void *opaque); /* window closed, or Ctrl+Alt+Q */
	void (*reset)(void *opaque);
	void (*pause)(void *opaque, bool paused);
	void (*debugger)(void *opaque);
	/* Status line getters. */
	int (*post_code)(void *opaque);          /* last POST code, -1 for none */
	bool (*disk_active)(void *opaque);       /* a disk transfer since the last call */
	double (*mips)(void *opaque);            /* guest instructions per second / 1e6 */
	unsigned (*keyboard_leds)(void *opaque); /* bit 0 scroll, 1 num, 2 caps (kbc_keyboard_leds) */
};

/* The hot key chord that releases a captured mouse, as the title shows it. */
#define GUI_RELEASE_CHORD "Ctrl+Alt+G"

struct gui_window;

/* Initialises SDL video and opens the window.  Returns NULL after
 * printing one line when there is no display (the caller may go on
 * headless). */
struct gui_window *gui_window_create(const struct gui_host *host, const char *title);
void gui_window_destroy(struct gui_window *win);

/* Shows frame (from vga_render), uploading only its dirty rows; resizes
 * the window when the mode's size changed.  Call at the host's refresh
 * rate, or less. */
void gui_window_present(struct gui_window *win, const struct vga_frame *frame);

/* Handles pending window, keyboard and mouse events and paces pasted
 * keys.  Returns false once the window was closed. */
bool gui_window_poll(struct gui_window *win);

#endif
