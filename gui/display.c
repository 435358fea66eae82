/* The display; see display.h. */
#include "gui/display.h"

#include <stdlib.h>
#include <time.h>

#include "gui/screen_text.h"
#include "gui/screenshot.h"

#define DISPLAY_REFRESH_NS (1000000000ull / 60)

struct display {
	struct vga *vga;
	struct gui_window *window;
	uint64_t next_refresh_ns;
	bool closed;
};

static uint64_t display_host_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Whether SDL has anything to open a window on: without an X or Wayland
 * display (or a driver named explicitly), "auto" goes headless quietly. */
static bool display_available(void)
{
	return getenv("DISPLAY") || getenv("WAYLAND_DISPLAY") || getenv("SDL_VIDEODRIVER");
}

struct display *display_create(struct vga *vga, enum display_want want, const struct gui_host *host,
			       const char *title)
{
	struct display *d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->vga = vga;
	if (want == DISPLAY_WANT_WINDOW || (want == DISPLAY_WANT_AUTO && display_available())) {
		d->window = gui_window_create(host, title);
		if (!d->window && want == DISPLAY_WANT_WINDOW) {
			free(d);
			return NULL;
		}
	}
	return d;
}

void display_destroy(struct display *d)
{
	if (!d)
		return;
	gui_window_destroy(d->window);
	free(d);
}

bool display_has_window(const struct display *d)
{
	return d->window != NULL;
}

bool display_poll(struct display *d)
{
	if (!d->window || d->closed)
		return !d->closed;
	uint64_t now = display_host_ns();
	if (now >= d->next_refresh_ns) {
		gui_window_present(d->window, vga_render(d->vga));
		d->next_refresh_ns = now + DISPLAY_REFRESH_NS;
	}
	if (!gui_window_poll(d->window))
		d->closed = true;
	return !d->closed;
}

int display_write_outputs(struct display *d, const char *screenshot_png, const char *screen_text)
{
	int rc = 0;
	if (screenshot_png && screenshot_save(d->vga, screenshot_png) < 0)
		rc = -1;
	if (screen_text && screen_text_save(d->vga, screen_text, NULL) < 0)
		rc = -1;
	return rc;
}
