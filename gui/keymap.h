/* From SDL's keys to what a PS/2 keyboard sends: scan code set 2 make
 * and break codes, for the keyboard controller's kbc_key_event.
 *
 * SDL scancodes name physical key positions (USB HID usages), which is
 * what a scan code is too, so the guest's own keyboard layout applies,
 * not the host's.  Extended keys carry the E0 prefix (break: E0 F0 xx);
 * Print Screen sends E0 12 E0 7C and breaks with E0 F0 7C E0 F0 12;
 * Pause sends E1 14 77 E1 F0 14 F0 77 on press and nothing on release,
 * as the real key does. */
#ifndef GLASSPC_GUI_KEYMAP_H
#define GLASSPC_GUI_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KEYMAP_MAX_CODES 8

/* Writes the set 2 bytes for the key going down (or up) and returns how
 * many; 0 when the key has no PS/2 equivalent. */
size_t keymap_set2(int sdl_scancode, bool down, uint8_t codes[KEYMAP_MAX_CODES]);

/* The key (SDL scancode) and shift state that type an ASCII character on
 * a US keyboard, for pasting text.  False for characters no key types
 * (newline maps to Enter, tab to Tab). */
bool keymap_char(unsigned char c, int *sdl_scancode, bool *shift);

#endif
