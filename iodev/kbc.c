/* The 8042 and its PS/2 devices; see kbc.h.  Command numbers are those of
 * the IBM AT and PS/2 technical references. */
#include "iodev/kbc.h"

#include <stdlib.h>
#include <string.h>

/* Status register (port 0x64). */
#define STATUS_OUTPUT_FULL 0x01
#define STATUS_SYSTEM_FLAG 0x04
#define STATUS_LAST_WAS_COMMAND 0x08
#define STATUS_NOT_INHIBITED 0x10
#define STATUS_AUX_DATA 0x20

/* Command byte (controller RAM byte 0). */
#define CMD_KBD_IRQ 0x01
#define CMD_AUX_IRQ 0x02
#define CMD_SYSTEM_FLAG 0x04
#define CMD_KBD_DISABLED 0x10
#define CMD_AUX_DISABLED 0x20
#define CMD_TRANSLATE 0x40

/* Output port. */
#define OUTPORT_RESET 0x01 /* low resets the CPU */
#define OUTPORT_A20 0x02
#define OUTPORT_KBD_FULL 0x10
#define OUTPORT_AUX_FULL 0x20

/* Device replies. */
#define REPLY_ACK 0xFA
#define REPLY_RESEND 0xFE
#define REPLY_SELF_TEST_OK 0xAA
#define REPLY_ECHO 0xEE

#define QUEUE_CAPACITY 64

struct byte_queue {
	uint8_t data[QUEUE_CAPACITY];
	unsigned head, count, limit;
};

static void queue_init(struct byte_queue *q, unsigned limit)
{
	q->head = 0;
	q->count = 0;
	q->limit = limit < QUEUE_CAPACITY ? limit : QUEUE_CAPACITY;
}

static unsigned queue_room(const struct byte_queue *q)
{
	return q->limit - q->count;
}

static bool queue_push(struct byte_queue *q, uint8_t byte)
{
	if (q->count >= q->limit)
		return false;
	q->data[(q->head + q->count) % QUEUE_CAPACITY] = byte;
	q->count++;
	return true;
}

static int queue_pop(struct byte_queue *q)
{
	if (q->count == 0)
		return -1;
	uint8_t byte = q->data[q->head];
	q->head = (q->head + 1) % QUEUE_CAPACITY;
	q->count--;
	return byte;
}

/* Where the byte in the output buffer came from. */
enum source { SOURCE_NONE, SOURCE_KEYBOARD, SOURCE_AUX };

struct ps2_keyboard {
	/* Replies go out before scan codes: a keyboard answers a command
	 * at once, whatever keys it still holds. */
	struct byte_queue replies;
	struct byte_queue keys;
	uint8_t awaiting; /* command whose parameter byte comes next, or 0 */
	uint8_t scan_set; /* 1, 2 or 3 */
	bool scanning;
	uint8_t leds;
	uint8_t typematic;
	uint8_t last_sent; /* for the resend command */
};

struct ps2_mouse {
	struct byte_queue replies;
	struct byte_queue packets;
	uint8_t awaiting;
	bool reporting;
	bool remote;
	bool wrap;
	bool scaling_2to1;
	uint8_t sample_rate;
	uint8_t resolution;
	uint8_t id; /* 0, or 3 once the IntelliMouse knock (200, 100, 80) came */
	uint8_t recent_rates[3];
	uint8_t buttons;
	int pending_dx, pending_dy; /* remote mode: movement since the last read */
	uint8_t last_sent;
};

/* A controller reply, tagged with the source it poses as (0xD2/0xD3
 * write bytes "as if" from a device). */
struct controller_byte {
	uint8_t byte;
	uint8_t source;
};

#define CONTROLLER_QUEUE 8

struct kbc {
	uint8_t ram[32]; /* byte 0 is the command byte */
	uint8_t output_port;
	bool system_flag;
	bool last_was_command;
	uint8_t awaiting; /* controller command whose data byte comes next */

	uint8_t output; /* the output buffer */
	enum source output_source; /* SOURCE_NONE: buffer empty */
	bool translate_release; /* saw set 2's 0xF0 release prefix */

	struct controller_byte controller[CONTROLLER_QUEUE];
	unsigned controller_count;

	struct ps2_keyboard kbd;
	struct ps2_mouse mouse;

	struct irq_line irq1, irq12;
	int irq1_level, irq12_level;
	struct kbc_host host;
};

/* The 8042's translation of scan code set 2 to set 1 for codes below
 * 0x80 (codes from 0x80 up pass unchanged, except 0x83, F7, which becomes
 * 0x41).  A set 2 release (0xF0 xx) becomes the set 1 code with bit 7 set. */
static const uint8_t set2_to_set1[128] = {
	0xff, 0x43, 0x41, 0x3f, 0x3d, 0x3b, 0x3c, 0x58, 0x64, 0x44, 0x42, 0x40, 0x3e, 0x0f, 0x29, 0x59,
	0x65, 0x38, 0x2a, 0x70, 0x1d, 0x10, 0x02, 0x5a, 0x66, 0x71, 0x2c, 0x1f, 0x1e, 0x11, 0x03, 0x5b,
	0x67, 0x2e, 0x2d, 0x20, 0x12, 0x05, 0x04, 0x5c, 0x68, 0x39, 0x2f, 0x21, 0x14, 0x13, 0x06, 0x5d,
	0x69, 0x31, 0x30, 0x23, 0x22, 0x15, 0x07, 0x5e, 0x6a, 0x72, 0x32, 0x24, 0x16, 0x08, 0x09, 0x5f,
	0x6b, 0x33, 0x25, 0x17, 0x18, 0x0b, 0x0a, 0x60, 0x6c, 0x34, 0x35, 0x26, 0x27, 0x19, 0x0c, 0x61,
	0x6d, 0x73, 0x28, 0x74, 0x1a, 0x0d, 0x62, 0x6e, 0x3a, 0x36, 0x1c, 0x1b, 0x75, 0x2b, 0x63, 0x76,
	0x55, 0x56, 0x77, 0x78, 0x79, 0x7a, 0x0e, 0x7b, 0x7c, 0x4f, 0x7d, 0x4b, 0x47, 0x7e, 0x7f, 0x6f,
	0x52, 0x53, 0x50, 0x4c, 0x4d, 0x48, 0x01, 0x45, 0x57, 0x4e, 0x51, 0x4a, 0x37, 0x49, 0x46, 0x54,
};

static uint8_t translate_code(uint8_t code)
{
	if (code < 0x80)
		return set2_to_set1[code];
	return code == 0x83 ? 0x41 : code;
}

/* ---- the controller's output side ---- */

static void kbc_update_irqs(struct kbc *kbc)
{
	uint8_t command = kbc->ram[0];
	int irq1 = (kbc->output_source == SOURCE_KEYBOARD) && (command & CMD_KBD_IRQ);
	int irq12 = (kbc->output_source == SOURCE_AUX) && (command & CMD_AUX_IRQ);
	if (irq1 != kbc->irq1_level) {
		kbc->irq1_level = irq1;
		irq_set(&kbc->irq1, irq1);
	}
	if (irq12 != kbc->irq12_level) {
		kbc->irq12_level = irq12;
		irq_set(&kbc->irq12, irq12);
	}
}

static int keyboard_next_byte(struct ps2_keyboard *kbd)
{
	int byte = queue_pop(&kbd->replies);
	if (byte < 0)
		byte = queue_pop(&kbd->keys);
	if (byte >= 0)
		kbd->last_sent = (uint8_t)byte;
	return byte;
}

static int mouse_next_byte(struct ps2_mouse *mouse)
{
	int byte = queue_pop(&mouse->replies);
	if (byte < 0)
		byte = queue_pop(&mouse->packets);
	if (byte >= 0)
		mouse->last_sent = (uint8_t)byte;
	return byte;
}

/* Fills an empty output buffer: the controller's own replies first, then
 * the keyboard, then the mouse, each only while its interface is on. */
static void kbc_fill_output(struct kbc *kbc)
{
	if (kbc->output_source == SOURCE_NONE && kbc->controller_count > 0) {
		kbc->output = kbc->controller[0].byte;
		kbc->output_source = kbc->controller[0].source;
		kbc->controller_count--;
		memmove(&kbc->controller[0], &kbc->controller[1],
			kbc->controller_count * sizeof(kbc->controller[0]));
	}
	while (kbc->output_source == SOURCE_NONE && !(kbc->ram[0] & CMD_KBD_DISABLED)) {
		int byte = keyboard_next_byte(&kbc->kbd);
		if (byte < 0)
			break;
		if (kbc->ram[0] & CMD_TRANSLATE) {
			if (byte == 0xF0) {
				kbc->translate_release = true;
				continue;
			}
			byte = translate_code((uint8_t)byte) | (kbc->translate_release ? 0x80 : 0);
			kbc->translate_release = false;
		}
		kbc->output = (uint8_t)byte;
		kbc->output_source = SOURCE_KEYBOARD;
	}
	if (kbc->output_source == SOURCE_NONE && !(kbc->ram[0] & CMD_AUX_DISABLED)) {
		int byte = mouse_next_byte(&kbc->mouse);
		if (byte >= 0) {
			kbc->output = (uint8_t)byte;
			kbc->output_source = SOURCE_AUX;
		}
	}
	kbc_update_irqs(kbc);
}

static void kbc_reply(struct kbc *kbc, uint8_t byte, enum source source)
{
	if (kbc->controller_count < CONTROLLER_QUEUE)
		kbc->controller[kbc->controller_count++] =
			(struct controller_byte){ byte, (uint8_t)source };
}

/* ---- the keyboard ---- */

static void keyboard_defaults(struct ps2_keyboard *kbd)
{
	kbd->scan_set = 2;
	kbd->typematic = 0x2B; /* 10.9 characters/s after 500 ms */
	kbd->awaiting = 0;
}

static void keyboard_reset(struct ps2_keyboard *kbd)
{
	queue_init(&kbd->replies, 8);
	queue_init(&kbd->keys, 32);
	keyboard_defaults(kbd);
	kbd->scanning = true;
	kbd->leds = 0;
	kbd->last_sent = 0;
}

static void keyboard_reply(struct ps2_keyboard *kbd, uint8_t byte)
{
	queue_push(&kbd->replies, byte);
}

/* A byte from the host to the keyboard. */
static void keyboard_write(struct ps2_keyboard *kbd, uint8_t byte)
{
	/* A parameter byte; a byte with bit 7 set is a new command that
	 * cancels the one waiting for its parameter. */
	if (kbd->awaiting && !(byte & 0x80)) {
		uint8_t command = kbd->awaiting;
		kbd->awaiting = 0;
		switch (command) {
		case 0xED:
			kbd->leds = byte & 7;
			keyboard_reply(kbd, REPLY_ACK);
			break;
		case 0xF3:
			kbd->typematic = byte;
			keyboard_reply(kbd, REPLY_ACK);
			break;
		case 0xF0:
			if (byte == 0) {
				keyboard_reply(kbd, REPLY_ACK);
				keyboard_reply(kbd, kbd->scan_set);
			} else if (byte <= 3) {
				kbd->scan_set = byte;
				keyboard_reply(kbd, REPLY_ACK);
			} else {
				keyboard_reply(kbd, REPLY_RESEND);
			}
			break;
		}
		return;
	}
	kbd->awaiting = 0;
	switch (byte) {
	case 0xED: /* set LEDs */
	case 0xF0: /* get/set scan code set */
	case 0xF3: /* set typematic rate and delay */
		kbd->awaiting = byte;
		keyboard_reply(kbd, REPLY_ACK);
		break;
	case 0xEE: /* echo */
		keyboard_reply(kbd, REPLY_ECHO);
		break;
	case 0xF2: /* identify: an MF2 keyboard */
		keyboard_reply(kbd, REPLY_ACK);
		keyboard_reply(kbd, 0xAB);
		keyboard_reply(kbd, 0x83);
		break;
	case 0xF4: /* enable: "clears its output buffer, enables scanning" */
		queue_init(&kbd->keys, 32);
		kbd->scanning = true;
		keyboard_reply(kbd, REPLY_ACK);
		break;
	case 0xF5: /* default and disable */
		queue_init(&kbd->keys, 32);
		keyboard_defaults(kbd);
		kbd->scanning = false;
		keyboard_reply(kbd, REPLY_ACK);
		break;
	case 0xF6: /* set defaults, keep scanning */
		queue_init(&kbd->keys, 32);
		keyboard_defaults(kbd);
		keyboard_reply(kbd, REPLY_ACK);
		break;
	case 0xF7: case 0xF8: case 0xF9: case 0xFA:
	case 0xFB: case 0xFC: case 0xFD: /* set 3 key types: accepted, ignored */
		keyboard_reply(kbd, REPLY_ACK);
		break;
	case 0xFE: /* resend */
		keyboard_reply(kbd, kbd->last_sent);
		break;
	case 0xFF: /* reset and self test (BAT) */
		keyboard_reset(kbd);
		keyboard_reply(kbd, REPLY_ACK);
		keyboard_reply(kbd, REPLY_SELF_TEST_OK);
		break;
	default:
		keyboard_reply(kbd, REPLY_RESEND);
		break;
	}
}

/* ---- the mouse ---- */

static void mouse_defaults(struct ps2_mouse *mouse)
{
	mouse->reporting = false;
	mouse->remote = false;
	mouse->wrap = false;
	mouse->scaling_2to1 = false;
	mouse->sample_rate = 100;
	mouse->resolution = 2; /* 4 counts/mm */
	mouse->awaiting = 0;
	mouse->pending_dx = 0;
	mouse->pending_dy = 0;
	queue_init(&mouse->packets, 48);
}

static void mouse_reset(struct ps2_mouse *mouse)
{
	queue_init(&mouse->replies, 8);
	mouse_defaults(mouse);
	mouse->id = 0;
	memset(mouse->recent_rates, 0, sizeof(mouse->recent_rates));
	mouse->buttons = 0;
	mouse->last_sent = 0;
}

static void mouse_reply(struct ps2_mouse *mouse, uint8_t byte)
{
	queue_push(&mouse->replies, byte);
}

static int clamp(int value, int low, int high)
{
	return value < low ? low : value > high ? high : value;
}

/* One movement packet into q: 3 bytes, 4 for an IntelliMouse.  Movement
 * beyond the 9-bit range sets the overflow bits. */
static void mouse_packet(struct ps2_mouse *mouse, struct byte_queue *q, int dx, int dy)
{
	uint8_t status = 0x08 | (mouse->buttons & 7);
	if (dx < 0)
		status |= 0x10;
	if (dy < 0)
		status |= 0x20;
	if (dx < -256 || dx > 255)
		status |= 0x40;
	if (dy < -256 || dy > 255)
		status |= 0x80;
	dx = clamp(dx, -256, 255);
	dy = clamp(dy, -256, 255);
	queue_push(q, status);
	queue_push(q, (uint8_t)dx);
	queue_push(q, (uint8_t)dy);
	if (mouse->id == 3)
		queue_push(q, 0);
}

static unsigned mouse_packet_size(const struct ps2_mouse *mouse)
{
	return mouse->id == 3 ? 4 : 3;
}

static void mouse_note_rate(struct ps2_mouse *mouse, uint8_t rate)
{
	mouse->recent_rates[0] = mouse->recent_rates[1];
	mouse->recent_rates[1] = mouse->recent_rates[2];
	mouse->recent_rates[2] = rate;
	/* The IntelliMouse "knock": rates 200, 100, 80 in a row switch on
	 * the wheel and ID 3. */
	if (mouse->recent_rates[0] == 200 && mouse->recent_rates[1] == 100 &&
	    mouse->recent_rates[2] == 80)
		mouse->id = 3;
}

static void mouse_write(struct ps2_mouse *mouse, uint8_t byte)
{
	/* Wrap mode echoes everything but reset and reset-wrap-mode. */
	if (mouse->wrap && byte != 0xEC && byte != 0xFF) {
		mouse_reply(mouse, byte);
		return;
	}
	/* Sample rates go up to 200 (0xC8); a byte from 0xE6 on is a new
	 * command. */
	if (mouse->awaiting && byte < 0xE6) {
		uint8_t command = mouse->awaiting;
		mouse->awaiting = 0;
		if (command == 0xF3) {
			mouse->sample_rate = byte;
			mouse_note_rate(mouse, byte);
		} else { /* 0xE8 */
			mouse->resolution = byte & 3;
		}
		mouse_reply(mouse, REPLY_ACK);
		return;
	}
	mouse->awaiting = 0;
	switch (byte) {
	case 0xE6: /* scaling 1:1 */
		mouse->scaling_2to1 = false;
		mouse_reply(mouse, REPLY_ACK);
		break;
	case 0xE7: /* scaling 2:1 */
		mouse->scaling_2to1 = true;
		mouse_reply(mouse, REPLY_ACK);
		break;
	case 0xE8: /* set resolution */
	case 0xF3: /* set sample rate */
		mouse->awaiting = byte;
		mouse_reply(mouse, REPLY_ACK);
		break;
	case 0xE9: /* status request */
		mouse_reply(mouse, REPLY_ACK);
		mouse_reply(mouse, (uint8_t)((mouse->remote ? 0x40 : 0) | (mouse->reporting ? 0x20 : 0) |
					     (mouse->scaling_2to1 ? 0x10 : 0) |
					     (mouse->buttons & KBC_MOUSE_LEFT ? 0x04 : 0) |
					     (mouse->buttons & KBC_MOUSE_MIDDLE ? 0x02 : 0) |
					     (mouse->buttons & KBC_MOUSE_RIGHT ? 0x01 : 0)));
		mouse_reply(mouse, mouse->resolution);
		mouse_reply(mouse, mouse->sample_rate);
		break;
	case 0xEA: /* stream mode */
		mouse->remote = false;
		mouse->pending_dx = mouse->pending_dy = 0;
		mouse_reply(mouse, REPLY_ACK);
		break;
	case 0xEB: /* read data */
		mouse_reply(mouse, REPLY_ACK);
		if (queue_room(&mouse->replies) >= mouse_packet_size(mouse))
			mouse_packet(mouse, &mouse->replies, mouse->pending_dx, mouse->pending_dy);
		mouse->pending_dx = mouse->pending_dy = 0;
		break;
	case 0xEC: /* reset wrap mode */
		mouse->wrap = false;
		mouse_reply(mouse, REPLY_ACK);
		break;
	case 0xEE: /* wrap mode */
		mouse->wrap = true;
		mouse_reply(mouse, REPLY_ACK);
		break;
	case 0xF0: /* remote mode */
		mouse->remote = true;
		mouse->pending_dx = mouse->pending_dy = 0;
		mouse_reply(mouse, REPLY_ACK);
		break;
	case 0xF2: /* get device ID */
		mouse_reply(mouse, REPLY_ACK);
		mouse_reply(mouse, mouse->id);
		break;
	case 0xF4: /* enable data reporting */
		mouse->reporting = true;
		mouse_reply(mouse, REPLY_ACK);
		break;
	case 0xF5: /* disable data reporting */
		mouse->reporting = false;
		queue_init(&mouse->packets, 48);
		mouse_reply(mouse, REPLY_ACK);
		break;
	case 0xF6: /* set defaults */
		mouse_defaults(mouse);
		mouse_reply(mouse, REPLY_ACK);
		break;
	case 0xFE: /* resend */
		mouse_reply(mouse, mouse->last_sent);
		break;
	case 0xFF: /* reset: ACK, self-test passed, ID */
		mouse_reset(mouse);
		mouse_reply(mouse, REPLY_ACK);
		mouse_reply(mouse, REPLY_SELF_TEST_OK);
		mouse_reply(mouse, 0x00);
		break;
	default:
		mouse_reply(mouse, REPLY_RESEND);
		break;
	}
}

/* ---- the controller ---- */

static void kbc_set_output_port(struct kbc *kbc, uint8_t value)
{
	uint8_t old = kbc->output_port;
	kbc->output_port = value;
	if ((old ^ value) & OUTPORT_A20) {
		if (kbc->host.set_a20)
			kbc->host.set_a20(kbc->host.opaque, value & OUTPORT_A20);
	}
	if (!(value & OUTPORT_RESET)) {
		/* The reset line is low: the CPU resets.  The line floats high
		 * again, as the 8042 firmware releases it. */
		kbc->output_port |= OUTPORT_RESET;
		if (kbc->host.reset_cpu)
			kbc->host.reset_cpu(kbc->host.opaque);
	}
}

static uint8_t kbc_read_output_port(const struct kbc *kbc)
{
	uint8_t value = kbc->output_port & (uint8_t) ~(OUTPORT_KBD_FULL | OUTPORT_AUX_FULL);
	if (kbc->output_source == SOURCE_KEYBOARD)
		value |= OUTPORT_KBD_FULL;
	if (kbc->output_source == SOURCE_AUX)
		value |= OUTPORT_AUX_FULL;
	return value;
}

static void kbc_command(struct kbc *kbc, uint8_t command)
{
	kbc->awaiting = 0;
	if (command >= 0x20 && command <= 0x3F) { /* read controller RAM */
		kbc_reply(kbc, kbc->ram[command & 0x1F], SOURCE_KEYBOARD);
		return;
	}
	if (command >= 0x60 && command <= 0x7F) { /* write controller RAM */
		kbc->awaiting = command;
		return;
	}
	if (command >= 0xF0) {
		/* Pulse output port bits whose mask bit is 0; bit 0 is the
		 * reset line (0xFE). */
		if (!(command & 1))
			kbc_set_output_port(kbc, kbc->output_port & (uint8_t)~OUTPORT_RESET);
		return;
	}
	switch (command) {
	case 0xA4: /* password installed? */
		kbc_reply(kbc, 0xF1, SOURCE_KEYBOARD);
		break;
	case 0xA7: /* disable the aux interface */
		kbc->ram[0] |= CMD_AUX_DISABLED;
		break;
	case 0xA8: /* enable the aux interface */
		kbc->ram[0] &= (uint8_t)~CMD_AUX_DISABLED;
		break;
	case 0xA9: /* aux interface test: no error */
	case 0xAB: /* keyboard interface test: no error */
		kbc_reply(kbc, 0x00, SOURCE_KEYBOARD);
		break;
	case 0xAA: /* controller self test */
		kbc->system_flag = true;
		kbc_reply(kbc, 0x55, SOURCE_KEYBOARD);
		break;
	case 0xAD: /* disable the keyboard interface */
		kbc->ram[0] |= CMD_KBD_DISABLED;
		break;
	case 0xAE: /* enable the keyboard interface */
		kbc->ram[0] &= (uint8_t)~CMD_KBD_DISABLED;
		break;
	case 0xC0: /* read input port: keyboard not inhibited */
		kbc_reply(kbc, 0x80, SOURCE_KEYBOARD);
		break;
	case 0xD0: /* read output port */
		kbc_reply(kbc, kbc_read_output_port(kbc), SOURCE_KEYBOARD);
		break;
	case 0xD1: /* write output port */
	case 0xD2: /* write keyboard output buffer */
	case 0xD3: /* write aux output buffer */
	case 0xD4: /* write to the aux device */
		kbc->awaiting = command;
		break;
	case 0xDD: /* A20 off (an extension many chipsets have) */
		kbc_set_output_port(kbc, kbc->output_port & (uint8_t)~OUTPORT_A20);
		break;
	case 0xDF: /* A20 on */
		kbc_set_output_port(kbc, kbc->output_port | OUTPORT_A20);
		break;
	case 0xE0: /* read test inputs */
		kbc_reply(kbc, 0x00, SOURCE_KEYBOARD);
		break;
	default: /* unknown commands are ignored */
		break;
	}
}

static void kbc_data(struct kbc *kbc, uint8_t value)
{
	uint8_t command = kbc->awaiting;
	kbc->awaiting = 0;
	if (command >= 0x60 && command <= 0x7F) {
		kbc->ram[command & 0x1F] = value;
		if (command == 0x60)
			kbc->system_flag = value & CMD_SYSTEM_FLAG;
		return;
	}
	switch (command) {
	case 0xD1:
		kbc_set_output_port(kbc, value);
		break;
	case 0xD2:
		kbc_reply(kbc, value, SOURCE_KEYBOARD);
		break;
	case 0xD3:
		kbc_reply(kbc, value, SOURCE_AUX);
		break;
	case 0xD4:
		/* Sending to the aux device turns its interface on (as QEMU's
		 * 8042 does): the Bochs BIOS's INT 15h C205 disables the port,
		 * resets the mouse through 0xD4 and polls for the reply. */
		kbc->ram[0] &= (uint8_t)~CMD_AUX_DISABLED;
		mouse_write(&kbc->mouse, value);
		break;
	default:
		keyboard_write(&kbc->kbd, value);
		break;
	}
}

static uint32_t kbc_port_read(void *opaque, uint16_t port, unsigned size)
{
	struct kbc *kbc = opaque;
	if (port == KBC_STATUS_PORT) {
		uint8_t status = STATUS_NOT_INHIBITED;
		if (kbc->output_source != SOURCE_NONE)
			status |= STATUS_OUTPUT_FULL;
		if (kbc->output_source == SOURCE_AUX)
			status |= STATUS_AUX_DATA;
		if (kbc->system_flag)
			status |= STATUS_SYSTEM_FLAG;
		if (kbc->last_was_command)
			status |= STATUS_LAST_WAS_COMMAND;
		return status;
	}
	/* Reading an empty buffer gives the last byte again.  The interrupt
	 * line drops before the next byte raises it, so that an
	 * edge-triggered PIC sees every byte. */
	uint8_t value = kbc->output;
	kbc->output_source = SOURCE_NONE;
	kbc_update_irqs(kbc);
	kbc_fill_output(kbc);
	return value;
}

static void kbc_port_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
	struct kbc *kbc = opaque;
	if (port == KBC_STATUS_PORT) {
		kbc->last_was_command = true;
		kbc_command(kbc, (uint8_t)value);
	} else {
		kbc->last_was_command = false;
		kbc_data(kbc, (uint8_t)value);
	}
	kbc_fill_output(kbc);
}

void kbc_key_event(struct kbc *kbc, const uint8_t *codes, size_t len)
{
	struct ps2_keyboard *kbd = &kbc->kbd;
	if (!kbd->scanning || len == 0 || len > queue_room(&kbd->keys))
		return;
	bool release = false;
	for (size_t i = 0; i < len; i++) {
		uint8_t code = codes[i];
		if (kbd->scan_set == 1) {
			/* The keyboard itself sends set 1: prefixes pass, a
			 * release sets bit 7. */
			if (code == 0xF0) {
				release = true;
				continue;
			}
			if (code != 0xE0 && code != 0xE1) {
				code = (uint8_t)(translate_code(code) | (release ? 0x80 : 0));
				release = false;
			}
		}
		/* Set 3 is sent as set 2: close enough for the few programs
		 * that ask for it. */
		queue_push(&kbd->keys, code);
	}
	kbc_fill_output(kbc);
}

void kbc_mouse_event(struct kbc *kbc, int dx, int dy, unsigned buttons)
{
	struct ps2_mouse *mouse = &kbc->mouse;
	mouse->buttons = buttons & 7;
	if (mouse->remote) {
		mouse->pending_dx = clamp(mouse->pending_dx + clamp(dx, -65536, 65536), -65536, 65536);
		mouse->pending_dy = clamp(mouse->pending_dy + clamp(dy, -65536, 65536), -65536, 65536);
		return;
	}
	if (!mouse->reporting)
		return;
	/* Large moves go out in several packets, as a real mouse reporting
	 * at its sample rate would send them, as far as the buffer holds. */
	dx = clamp(dx, -65536, 65536);
	dy = clamp(dy, -65536, 65536);
	do {
		if (queue_room(&mouse->packets) < mouse_packet_size(mouse))
			break;
		int step_x = clamp(dx, -256, 255);
		int step_y = clamp(dy, -256, 255);
		mouse_packet(mouse, &mouse->packets, step_x, step_y);
		dx -= step_x;
		dy -= step_y;
	} while (dx != 0 || dy != 0);
	kbc_fill_output(kbc);
}

uint8_t kbc_keyboard_leds(const struct kbc *kbc)
{
	return kbc->kbd.leds;
}

bool kbc_a20_enabled(const struct kbc *kbc)
{
	return kbc->output_port & OUTPORT_A20;
}

void kbc_reset(struct kbc *kbc)
{
	memset(kbc->ram, 0, sizeof(kbc->ram));
	/* Keyboard interrupt and translation on, the mouse port off: what
	 * the BIOSes program, so that a guest that skips setup still works. */
	kbc->ram[0] = CMD_TRANSLATE | CMD_AUX_DISABLED | CMD_KBD_IRQ;
	/* Reset line released, A20 on, the unused lines high. */
	kbc->output_port = 0xCF;
	kbc->system_flag = false;
	kbc->last_was_command = false;
	kbc->awaiting = 0;
	kbc->output = 0;
	kbc->output_source = SOURCE_NONE;
	kbc->translate_release = false;
	kbc->controller_count = 0;
	keyboard_reset(&kbc->kbd);
	mouse_reset(&kbc->mouse);
	kbc_update_irqs(kbc);
}

struct kbc *kbc_create(struct iobus *bus, const struct irq_line *irq1, const struct irq_line *irq12,
		       const struct kbc_host *host)
{
	struct kbc *kbc = calloc(1, sizeof(*kbc));
	if (!kbc)
		return NULL;
	if (irq1)
		kbc->irq1 = *irq1;
	if (irq12)
		kbc->irq12 = *irq12;
	if (host)
		kbc->host = *host;
	kbc_reset(kbc);
	if (iobus_register(bus, KBC_DATA_PORT, 1, IO_WIDTH_8, kbc_port_read, kbc_port_write, kbc,
			   "kbc-data") ||
	    iobus_register(bus, KBC_STATUS_PORT, 1, IO_WIDTH_8, kbc_port_read, kbc_port_write, kbc,
			   "kbc-status")) {
		free(kbc);
		return NULL;
	}
	return kbc;
}

void kbc_destroy(struct kbc *kbc)
{
	free(kbc);
}
