/* The SDL2 window; see window.h. */
#include "gui/window.h"

#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gui/keymap.h"
#include "gui/screenshot.h"
#include "gui/status_line.h"

/* Pasted text goes out as key events spaced this far apart, so that the
 * guest's keyboard buffer keeps up. */
#define PASTE_INTERVAL_MS 8u
#define STATUS_REFRESH_MS 500u

struct paste_event {
	int scancode;
	bool down;
};

struct gui_window {
	struct gui_host host;
	char title[128];
	SDL_Window *window;
	SDL_Renderer *renderer;
	SDL_Texture *picture;
	SDL_Texture *status;
	unsigned pic_width, pic_height;     /* texture size: guest pixels */
	unsigned shown_width, shown_height; /* width * scale_x, height * scale_y */
	unsigned status_width;
	uint32_t *status_pixels;
	char status_text[128];
	uint32_t status_time;
	const struct vga_frame *last_frame;
	bool fullscreen, paused, captured, closed;
	unsigned buttons;
	unsigned screenshots;
	struct paste_event *paste;
	size_t paste_len, paste_pos;
	uint32_t paste_time;
};

static void gui_update_title(struct gui_window *win)
{
	char title[256];
	snprintf(title, sizeof(title), "%s - %s", win->title,
		 win->captured ? GUI_RELEASE_CHORD " releases the mouse" : "click to capture the mouse");
	SDL_SetWindowTitle(win->window, title);
}

struct gui_window *gui_window_create(const struct gui_host *host, const char *title)
{
	if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
		fprintf(stderr, "glasspc: cannot open a window: %s\n", SDL_GetError());
		return NULL;
	}
	struct gui_window *win = calloc(1, sizeof(*win));
	if (!win) {
		SDL_QuitSubSystem(SDL_INIT_VIDEO);
		return NULL;
	}
	if (host)
		win->host = *host;
	snprintf(win->title, sizeof(win->title), "%s", title ? title : "glasspc");
	win->window = SDL_CreateWindow(win->title, SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, 640,
				       400 + STATUS_LINE_HEIGHT, SDL_WINDOW_RESIZABLE);
	if (win->window)
		win->renderer = SDL_CreateRenderer(win->window, -1, 0);
	if (!win->window || !win->renderer) {
		fprintf(stderr, "glasspc: cannot open a window: %s\n", SDL_GetError());
		gui_window_destroy(win);
		return NULL;
	}
	gui_update_title(win);
	return win;
}

void gui_window_destroy(struct gui_window *win)
{
	if (!win)
		return;
	if (win->picture)
		SDL_DestroyTexture(win->picture);
	if (win->status)
		SDL_DestroyTexture(win->status);
	if (win->renderer)
		SDL_DestroyRenderer(win->renderer);
	if (win->window)
		SDL_DestroyWindow(win->window);
	free(win->status_pixels);
	free(win->paste);
	free(win);
	SDL_QuitSubSystem(SDL_INIT_VIDEO);
}

/* The largest integer zoom of the shown picture (plus the status line)
 * that fits the window, at least 1. */
static unsigned gui_zoom(const struct gui_window *win, int ww, int wh)
{
	unsigned zoom = 1;
	while ((zoom + 1) * win->shown_width <= (unsigned)ww &&
	       (zoom + 1) * win->shown_height + STATUS_LINE_HEIGHT <= (unsigned)wh)
		zoom++;
	return zoom;
}

static void gui_draw(struct gui_window *win)
{
	int ww, wh;
	SDL_GetRendererOutputSize(win->renderer, &ww, &wh);
	SDL_SetRenderDrawColor(win->renderer, 0, 0, 0, 255);
	SDL_RenderClear(win->renderer);
	if (win->picture) {
		unsigned zoom = gui_zoom(win, ww, wh);
		int w = (int)(win->shown_width * zoom), h = (int)(win->shown_height * zoom);
		int area = wh - (int)STATUS_LINE_HEIGHT;
		SDL_Rect dst = {(ww - w) / 2, (area - h) / 2 > 0 ? (area - h) / 2 : 0, w, h};
		SDL_RenderCopy(win->renderer, win->picture, NULL, &dst);
	}
	if (win->status) {
		SDL_Rect dst = {0, wh - (int)STATUS_LINE_HEIGHT, (int)win->status_width, (int)STATUS_LINE_HEIGHT};
		SDL_RenderCopy(win->renderer, win->status, NULL, &dst);
	}
	SDL_RenderPresent(win->renderer);
}

/* Refreshes the status line; true when its text changed. */
static bool gui_update_status(struct gui_window *win, bool force)
{
	uint32_t now = SDL_GetTicks();
	if (!force && now - win->status_time < STATUS_REFRESH_MS)
		return false;
	win->status_time = now;
	const struct gui_host *h = &win->host;
	struct status_info info = {
		.post_code = h->post_code ? h->post_code(h->opaque) : -1,
		.disk_active = h->disk_active ? h->disk_active(h->opaque) : false,
		.mips = h->mips ? h->mips(h->opaque) : -1,
		.leds = h->keyboard_leds ? h->keyboard_leds(h->opaque) : 0,
		.paused = win->paused,
	};
	char text[sizeof(win->status_text)];
	status_line_text(&info, text, sizeof(text));
	int ww, wh;
	SDL_GetRendererOutputSize(win->renderer, &ww, &wh);
	if (!force && strcmp(text, win->status_text) == 0 && win->status_width == (unsigned)ww)
		return false;
	strcpy(win->status_text, text);
	if (win->status_width != (unsigned)ww || !win->status) {
		if (win->status)
			SDL_DestroyTexture(win->status);
		free(win->status_pixels);
		win->status_width = ww > 0 ? (unsigned)ww : 1;
		win->status_pixels = malloc((size_t)win->status_width * STATUS_LINE_HEIGHT * sizeof(uint32_t));
		win->status = SDL_CreateTexture(win->renderer, SDL_PIXELFORMAT_RGB888, SDL_TEXTUREACCESS_STREAMING,
						(int)win->status_width, STATUS_LINE_HEIGHT);
	}
	if (!win->status_pixels || !win->status)
		return false;
	status_line_draw(win->status_pixels, win->status_width, text);
	SDL_UpdateTexture(win->status, NULL, win->status_pixels, (int)(win->status_width * sizeof(uint32_t)));
	return true;
}

void gui_window_present(struct gui_window *win, const struct vga_frame *frame)
{
	win->last_frame = frame;
	bool changed = false;
	if (!win->picture || frame->width != win->pic_width || frame->height != win->pic_height ||
	    frame->width * frame->scale_x != win->shown_width || frame->height * frame->scale_y != win->shown_height) {
		if (win->picture)
			SDL_DestroyTexture(win->picture);
		win->picture = SDL_CreateTexture(win->renderer, SDL_PIXELFORMAT_RGB888, SDL_TEXTUREACCESS_STREAMING,
						 (int)frame->width, (int)frame->height);
		win->pic_width = frame->width;
		win->pic_height = frame->height;
		win->shown_width = frame->width * frame->scale_x;
		win->shown_height = frame->height * frame->scale_y;
		/* A mode switch fits the window to the new picture. */
		if (!win->fullscreen)
			SDL_SetWindowSize(win->window, (int)win->shown_width,
					  (int)(win->shown_height + STATUS_LINE_HEIGHT));
		if (!win->picture)
			return;
		SDL_UpdateTexture(win->picture, NULL, frame->pixels, (int)(frame->stride * sizeof(uint32_t)));
		changed = true;
	} else if (frame->dirty_first < frame->dirty_end) {
		SDL_Rect rows = {0, (int)frame->dirty_first, (int)frame->width,
				 (int)(frame->dirty_end - frame->dirty_first)};
		SDL_UpdateTexture(win->picture, &rows, frame->pixels + (size_t)frame->dirty_first * frame->stride,
				  (int)(frame->stride * sizeof(uint32_t)));
		changed = true;
	}
	if (gui_update_status(win, changed && !win->status))
		changed = true;
	if (changed)
		gui_draw(win);
}

static void gui_send_key(struct gui_window *win, int scancode, bool down)
{
	uint8_t codes[KEYMAP_MAX_CODES];
	size_t n = keymap_set2(scancode, down, codes);
	if (n && win->host.key)
		win->host.key(win->host.opaque, codes, n);
}

static void gui_set_capture(struct gui_window *win, bool on)
{
	win->captured = on;
	SDL_SetRelativeMouseMode(on ? SDL_TRUE : SDL_FALSE);
	gui_update_title(win);
}

static void gui_paste(struct gui_window *win)
{
	char *text = SDL_GetClipboardText();
	if (!text)
		return;
	size_t len = strlen(text);
	struct paste_event *events = realloc(win->paste, (len * 4 + 1) * sizeof(*events));
	if (events) {
		win->paste = events;
		win->paste_len = win->paste_pos = 0;
		for (size_t i = 0; i < len; i++) {
			int key;
			bool shift;
			if (!keymap_char((unsigned char)text[i], &key, &shift))
				continue;
			if (shift)
				events[win->paste_len++] = (struct paste_event){SDL_SCANCODE_LSHIFT, true};
			events[win->paste_len++] = (struct paste_event){key, true};
			events[win->paste_len++] = (struct paste_event){key, false};
			if (shift)
				events[win->paste_len++] = (struct paste_event){SDL_SCANCODE_LSHIFT, false};
		}
	}
	SDL_free(text);
}

static void gui_screenshot(struct gui_window *win)
{
	if (!win->last_frame)
		return;
	char name[64];
	snprintf(name, sizeof(name), "glasspc-%u.png", win->screenshots++);
	if (screenshot_write_png(win->last_frame, name) == 0)
		fprintf(stderr, "glasspc: screenshot written to %s\n", name);
}

/* Ctrl+Alt+letter: true when the key was a hot key (not for the guest). */
static bool gui_hot_key(struct gui_window *win, const SDL_KeyboardEvent *key)
{
	/* The modifiers as they were when this key went down: the window is
	 * polled between CPU slices, by which time Ctrl and Alt may have
	 * been released already (SDL_GetModState is the state now). */
	SDL_Keymod mod = (SDL_Keymod)key->keysym.mod;
	if (!(mod & KMOD_CTRL) || !(mod & KMOD_ALT))
		return false;
	const struct gui_host *h = &win->host;
	switch (key->keysym.scancode) {
	case SDL_SCANCODE_G:
		if (key->state == SDL_PRESSED)
			gui_set_capture(win, false);
		return true;
	case SDL_SCANCODE_F:
		if (key->state == SDL_PRESSED) {
			win->fullscreen = !win->fullscreen;
			SDL_SetWindowFullscreen(win->window, win->fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
		}
		return true;
	case SDL_SCANCODE_S:
		if (key->state == SDL_PRESSED)
			gui_screenshot(win);
		return true;
	case SDL_SCANCODE_P:
		if (key->state == SDL_PRESSED) {
			win->paused = !win->paused;
			if (h->pause)
				h->pause(h->opaque, win->paused);
			gui_update_status(win, true);
			gui_draw(win);
		}
		return true;
	case SDL_SCANCODE_R:
		if (key->state == SDL_PRESSED && h->reset)
			h->reset(h->opaque);
		return true;
	case SDL_SCANCODE_Q:
		if (key->state == SDL_PRESSED && h->power_off)
			h->power_off(h->opaque);
		return true;
	case SDL_SCANCODE_D:
		if (key->state == SDL_PRESSED && h->debugger)
			h->debugger(h->opaque);
		return true;
	case SDL_SCANCODE_V:
		if (key->state == SDL_PRESSED)
			gui_paste(win);
		return true;
	default:
		return false;
	}
}

static unsigned gui_buttons(uint32_t sdl_state)
{
	/* PS/2 order: left, right, middle. */
	return ((sdl_state & SDL_BUTTON_LMASK) ? 1u : 0u) | ((sdl_state & SDL_BUTTON_RMASK) ? 2u : 0u) |
	       ((sdl_state & SDL_BUTTON_MMASK) ? 4u : 0u);
}

bool gui_window_poll(struct gui_window *win)
{
	SDL_Event e;
	const struct gui_host *h = &win->host;
	while (!win->closed && SDL_PollEvent(&e)) {
		switch (e.type) {
		case SDL_QUIT:
			win->closed = true;
			if (h->power_off)
				h->power_off(h->opaque);
			break;
		case SDL_WINDOWEVENT:
			if (e.window.event == SDL_WINDOWEVENT_CLOSE) {
				win->closed = true;
				if (h->power_off)
					h->power_off(h->opaque);
			} else if (e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED ||
				   e.window.event == SDL_WINDOWEVENT_EXPOSED) {
				gui_update_status(win, true);
				gui_draw(win);
			}
			break;
		case SDL_KEYDOWN:
		case SDL_KEYUP:
			if (gui_hot_key(win, &e.key))
				break;
			/* SDL's auto-repeat arrives as more key-downs: passed
			 * on as repeated makes, which is what a held PS/2 key
			 * sends too. */
			gui_send_key(win, e.key.keysym.scancode, e.type == SDL_KEYDOWN);
			break;
		case SDL_MOUSEBUTTONDOWN:
			if (!win->captured) {
				gui_set_capture(win, true);
				break;
			}
			/* fall through */
		case SDL_MOUSEBUTTONUP:
			if (win->captured && h->mouse) {
				win->buttons = gui_buttons(SDL_GetMouseState(NULL, NULL));
				h->mouse(h->opaque, 0, 0, win->buttons);
			}
			break;
		case SDL_MOUSEMOTION:
			if (win->captured && h->mouse)
				h->mouse(h->opaque, e.motion.xrel, -e.motion.yrel, gui_buttons(e.motion.state));
			break;
		default:
			break;
		}
	}
	if (win->paste_pos < win->paste_len && SDL_GetTicks() - win->paste_time >= PASTE_INTERVAL_MS) {
		const struct paste_event *p = &win->paste[win->paste_pos++];
		gui_send_key(win, p->scancode, p->down);
		win->paste_time = SDL_GetTicks();
	}
	if (!win->closed && gui_update_status(win, false))
		gui_draw(win);
	return !win->closed;
}
