/* The 8042 keyboard controller with a PS/2 keyboard and a PS/2 mouse.
 *
 * Port 0x60 is the data port, 0x64 status (read) and command (write).
 * The keyboard speaks scan code set 2; with bit 6 of the command byte set
 * (the default, and what every BIOS sets) the controller translates it to
 * set 1 on the way to the CPU.  The mouse hangs off the auxiliary port.
 * IRQ 1 signals a byte from the keyboard or controller, IRQ 12 one from
 * the mouse, each while the output buffer holds it.
 *
 * The controller's output port carries the A20 gate (bit 1) and the CPU
 * reset line (bit 0); the machine learns of them through callbacks, so
 * the controller knows nothing of memory or the CPU.  Transfers take no
 * time: a response is in the output buffer as soon as the command is
 * written, which is what polling firmware hopes for anyway. */
#ifndef GLASSPC_IODEV_KBC_H
#define GLASSPC_IODEV_KBC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "iodev/bus.h"

#define KBC_DATA_PORT 0x60
#define KBC_STATUS_PORT 0x64

/* Mouse buttons for kbc_mouse_event, in PS/2 packet order. */
#define KBC_MOUSE_LEFT 0x01
#define KBC_MOUSE_RIGHT 0x02
#define KBC_MOUSE_MIDDLE 0x04

/* Keyboard LEDs as set by command 0xED. */
#define KBC_LED_SCROLL_LOCK 0x01
#define KBC_LED_NUM_LOCK 0x02
#define KBC_LED_CAPS_LOCK 0x04

/* What the controller asks of the machine.  Either callback may be NULL. */
struct kbc_host {
	void (*set_a20)(void *opaque, bool enabled); /* called on changes only */
	void (*reset_cpu)(void *opaque); /* the output port's reset line pulsed */
	void *opaque;
};

struct kbc;

/* Claims ports 0x60 and 0x64.  The lines and host are copied; any may be
 * NULL.  A20 starts enabled.  Returns NULL when out of memory or ports. */
struct kbc *kbc_create(struct iobus *bus, const struct irq_line *irq1, const struct irq_line *irq12,
		       const struct kbc_host *host);
void kbc_destroy(struct kbc *kbc);

/* Power-on state of controller, keyboard and mouse. */
void kbc_reset(struct kbc *kbc);

/* A key went down or up: its scan code set 2 bytes, e.g. {0x1C} for A
 * down, {0xF0, 0x1C} for A up, {0xE0, 0xF0, 0x74} for right arrow up.
 * Dropped while the keyboard is not scanning or its buffer is full. */
void kbc_key_event(struct kbc *kbc, const uint8_t *codes, size_t len);

/* The mouse moved (dy > 0 is up, as PS/2 reports it) or its buttons
 * (KBC_MOUSE_*) changed.  Sent as packets when reporting in stream mode;
 * gathered for a read-data command in remote mode. */
void kbc_mouse_event(struct kbc *kbc, int dx, int dy, unsigned buttons);

uint8_t kbc_keyboard_leds(const struct kbc *kbc);
bool kbc_a20_enabled(const struct kbc *kbc);

#endif
