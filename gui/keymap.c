/* SDL scancodes to PS/2 scan code set 2; see keymap.h.  The codes are
 * those of the IBM PC/AT (set 2) keyboard and its 101/102/104-key and
 * Japanese/Korean successors. */
#include "gui/keymap.h"

#include <SDL_scancode.h>

/* A key's code: bit 8 set means the E0 prefix. */
#define EXT 0x100u

static const uint16_t set2[SDL_NUM_SCANCODES] = {
	[SDL_SCANCODE_A] = 0x1C, [SDL_SCANCODE_B] = 0x32, [SDL_SCANCODE_C] = 0x21, [SDL_SCANCODE_D] = 0x23,
	[SDL_SCANCODE_E] = 0x24, [SDL_SCANCODE_F] = 0x2B, [SDL_SCANCODE_G] = 0x34, [SDL_SCANCODE_H] = 0x33,
	[SDL_SCANCODE_I] = 0x43, [SDL_SCANCODE_J] = 0x3B, [SDL_SCANCODE_K] = 0x42, [SDL_SCANCODE_L] = 0x4B,
	[SDL_SCANCODE_M] = 0x3A, [SDL_SCANCODE_N] = 0x31, [SDL_SCANCODE_O] = 0x44, [SDL_SCANCODE_P] = 0x4D,
	[SDL_SCANCODE_Q] = 0x15, [SDL_SCANCODE_R] = 0x2D, [SDL_SCANCODE_S] = 0x1B, [SDL_SCANCODE_T] = 0x2C,
	[SDL_SCANCODE_U] = 0x3C, [SDL_SCANCODE_V] = 0x2A, [SDL_SCANCODE_W] = 0x1D, [SDL_SCANCODE_X] = 0x22,
	[SDL_SCANCODE_Y] = 0x35, [SDL_SCANCODE_Z] = 0x1A,
	[SDL_SCANCODE_1] = 0x16, [SDL_SCANCODE_2] = 0x1E, [SDL_SCANCODE_3] = 0x26, [SDL_SCANCODE_4] = 0x25,
	[SDL_SCANCODE_5] = 0x2E, [SDL_SCANCODE_6] = 0x36, [SDL_SCANCODE_7] = 0x3D, [SDL_SCANCODE_8] = 0x3E,
	[SDL_SCANCODE_9] = 0x46, [SDL_SCANCODE_0] = 0x45,
	[SDL_SCANCODE_RETURN] = 0x5A, [SDL_SCANCODE_ESCAPE] = 0x76, [SDL_SCANCODE_BACKSPACE] = 0x66,
	[SDL_SCANCODE_TAB] = 0x0D, [SDL_SCANCODE_SPACE] = 0x29, [SDL_SCANCODE_MINUS] = 0x4E,
	[SDL_SCANCODE_EQUALS] = 0x55, [SDL_SCANCODE_LEFTBRACKET] = 0x54, [SDL_SCANCODE_RIGHTBRACKET] = 0x5B,
	[SDL_SCANCODE_BACKSLASH] = 0x5D, [SDL_SCANCODE_NONUSHASH] = 0x5D, [SDL_SCANCODE_SEMICOLON] = 0x4C,
	[SDL_SCANCODE_APOSTROPHE] = 0x52, [SDL_SCANCODE_GRAVE] = 0x0E, [SDL_SCANCODE_COMMA] = 0x41,
	[SDL_SCANCODE_PERIOD] = 0x49, [SDL_SCANCODE_SLASH] = 0x4A, [SDL_SCANCODE_CAPSLOCK] = 0x58,
	[SDL_SCANCODE_F1] = 0x05, [SDL_SCANCODE_F2] = 0x06, [SDL_SCANCODE_F3] = 0x04, [SDL_SCANCODE_F4] = 0x0C,
	[SDL_SCANCODE_F5] = 0x03, [SDL_SCANCODE_F6] = 0x0B, [SDL_SCANCODE_F7] = 0x83, [SDL_SCANCODE_F8] = 0x0A,
	[SDL_SCANCODE_F9] = 0x01, [SDL_SCANCODE_F10] = 0x09, [SDL_SCANCODE_F11] = 0x78, [SDL_SCANCODE_F12] = 0x07,
	[SDL_SCANCODE_SCROLLLOCK] = 0x7E,
	[SDL_SCANCODE_INSERT] = EXT | 0x70, [SDL_SCANCODE_HOME] = EXT | 0x6C, [SDL_SCANCODE_PAGEUP] = EXT | 0x7D,
	[SDL_SCANCODE_DELETE] = EXT | 0x71, [SDL_SCANCODE_END] = EXT | 0x69, [SDL_SCANCODE_PAGEDOWN] = EXT | 0x7A,
	[SDL_SCANCODE_RIGHT] = EXT | 0x74, [SDL_SCANCODE_LEFT] = EXT | 0x6B, [SDL_SCANCODE_DOWN] = EXT | 0x72,
	[SDL_SCANCODE_UP] = EXT | 0x75,
	[SDL_SCANCODE_NUMLOCKCLEAR] = 0x77, [SDL_SCANCODE_KP_DIVIDE] = EXT | 0x4A,
	[SDL_SCANCODE_KP_MULTIPLY] = 0x7C, [SDL_SCANCODE_KP_MINUS] = 0x7B, [SDL_SCANCODE_KP_PLUS] = 0x79,
	[SDL_SCANCODE_KP_ENTER] = EXT | 0x5A, [SDL_SCANCODE_KP_1] = 0x69, [SDL_SCANCODE_KP_2] = 0x72,
	[SDL_SCANCODE_KP_3] = 0x7A, [SDL_SCANCODE_KP_4] = 0x6B, [SDL_SCANCODE_KP_5] = 0x73,
	[SDL_SCANCODE_KP_6] = 0x74, [SDL_SCANCODE_KP_7] = 0x6C, [SDL_SCANCODE_KP_8] = 0x75,
	[SDL_SCANCODE_KP_9] = 0x7D, [SDL_SCANCODE_KP_0] = 0x70, [SDL_SCANCODE_KP_PERIOD] = 0x71,
	[SDL_SCANCODE_KP_COMMA] = 0x6D, /* Brazilian keypad comma */
	/* The 102nd key (ISO, between left shift and Z) and the Japanese
	 * and Korean keys. */
	[SDL_SCANCODE_NONUSBACKSLASH] = 0x61, [SDL_SCANCODE_INTERNATIONAL1] = 0x51,
	[SDL_SCANCODE_INTERNATIONAL2] = 0x13, [SDL_SCANCODE_INTERNATIONAL3] = 0x6A,
	[SDL_SCANCODE_INTERNATIONAL4] = 0x64, [SDL_SCANCODE_INTERNATIONAL5] = 0x67,
	[SDL_SCANCODE_LANG1] = 0xF2, [SDL_SCANCODE_LANG2] = 0xF1,
	[SDL_SCANCODE_APPLICATION] = EXT | 0x2F,
	[SDL_SCANCODE_LCTRL] = 0x14, [SDL_SCANCODE_LSHIFT] = 0x12, [SDL_SCANCODE_LALT] = 0x11,
	[SDL_SCANCODE_LGUI] = EXT | 0x1F, [SDL_SCANCODE_RCTRL] = EXT | 0x14, [SDL_SCANCODE_RSHIFT] = 0x59,
	[SDL_SCANCODE_RALT] = EXT | 0x11, [SDL_SCANCODE_RGUI] = EXT | 0x27,
	/* ACPI and multimedia keys. */
	[SDL_SCANCODE_POWER] = EXT | 0x37, [SDL_SCANCODE_SLEEP] = EXT | 0x3F,
	[SDL_SCANCODE_MUTE] = EXT | 0x23, [SDL_SCANCODE_VOLUMEUP] = EXT | 0x32,
	[SDL_SCANCODE_VOLUMEDOWN] = EXT | 0x21,
};

size_t keymap_set2(int sdl_scancode, bool down, uint8_t codes[KEYMAP_MAX_CODES])
{
	static const uint8_t print_make[] = {0xE0, 0x12, 0xE0, 0x7C};
	static const uint8_t print_break[] = {0xE0, 0xF0, 0x7C, 0xE0, 0xF0, 0x12};
	static const uint8_t pause_make[] = {0xE1, 0x14, 0x77, 0xE1, 0xF0, 0x14, 0xF0, 0x77};
	const uint8_t *fixed = NULL;
	size_t n = 0;
	if (sdl_scancode == SDL_SCANCODE_PRINTSCREEN) {
		fixed = down ? print_make : print_break;
		n = down ? sizeof(print_make) : sizeof(print_break);
	} else if (sdl_scancode == SDL_SCANCODE_PAUSE) {
		if (!down)
			return 0;
		fixed = pause_make;
		n = sizeof(pause_make);
	}
	if (fixed) {
		for (size_t i = 0; i < n; i++)
			codes[i] = fixed[i];
		return n;
	}
	if (sdl_scancode < 0 || sdl_scancode >= SDL_NUM_SCANCODES || !set2[sdl_scancode])
		return 0;
	uint16_t code = set2[sdl_scancode];
	if (code & EXT)
		codes[n++] = 0xE0;
	if (!down)
		codes[n++] = 0xF0;
	codes[n++] = (uint8_t)code;
	return n;
}

bool keymap_char(unsigned char c, int *sdl_scancode, bool *shift)
{
	/* The US layout: unshifted and shifted characters of the keys that
	 * type something. */
	static const struct {
		char plain, shifted;
		int key;
	} keys[] = {
		{'1', '!', SDL_SCANCODE_1}, {'2', '@', SDL_SCANCODE_2}, {'3', '#', SDL_SCANCODE_3},
		{'4', '$', SDL_SCANCODE_4}, {'5', '%', SDL_SCANCODE_5}, {'6', '^', SDL_SCANCODE_6},
		{'7', '&', SDL_SCANCODE_7}, {'8', '*', SDL_SCANCODE_8}, {'9', '(', SDL_SCANCODE_9},
		{'0', ')', SDL_SCANCODE_0}, {'-', '_', SDL_SCANCODE_MINUS}, {'=', '+', SDL_SCANCODE_EQUALS},
		{'[', '{', SDL_SCANCODE_LEFTBRACKET}, {']', '}', SDL_SCANCODE_RIGHTBRACKET},
		{'\\', '|', SDL_SCANCODE_BACKSLASH}, {';', ':', SDL_SCANCODE_SEMICOLON},
		{'\'', '"', SDL_SCANCODE_APOSTROPHE}, {'`', '~', SDL_SCANCODE_GRAVE}, {',', '<', SDL_SCANCODE_COMMA},
		{'.', '>', SDL_SCANCODE_PERIOD}, {'/', '?', SDL_SCANCODE_SLASH}, {' ', 0, SDL_SCANCODE_SPACE},
		{'\n', 0, SDL_SCANCODE_RETURN}, {'\t', 0, SDL_SCANCODE_TAB},
	};
	if (c >= 'a' && c <= 'z') {
		*sdl_scancode = SDL_SCANCODE_A + (c - 'a');
		*shift = false;
		return true;
	}
	if (c >= 'A' && c <= 'Z') {
		*sdl_scancode = SDL_SCANCODE_A + (c - 'A');
		*shift = true;
		return true;
	}
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (c == (unsigned char)keys[i].plain || (keys[i].shifted && c == (unsigned char)keys[i].shifted)) {
			*sdl_scancode = keys[i].key;
			*shift = c != (unsigned char)keys[i].plain;
			return true;
		}
	}
	return false;
}
