/* The emulator's debug and POST ports; see debugport.h. */
#include "iodev/debugport.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

struct line_buffer {
	char text[DEBUGPORT_LINE_MAX + 1];
	unsigned length;
};

enum { LOG_PANIC, LOG_INFO, LOG_DEBUG, LOG_BUFFERS };

static const char shutdown_word[] = "Shutdown";

struct debugport {
	struct debugport_host host;
	uint8_t post_code;
	struct line_buffer lines[LOG_BUFFERS];
	bool panic_announced; /* the next info line is a panic message */
	unsigned shutdown_matched; /* bytes of "Shutdown" seen so far */
};

static void deliver(struct debugport *d, enum debugport_level level, const char *text)
{
	if (d->host.log_line)
		d->host.log_line(d->host.opaque, level, text);
}

static enum debugport_level buffer_level(struct debugport *d, int which)
{
	switch (which) {
	case LOG_PANIC:
		return DEBUGPORT_PANIC;
	case LOG_DEBUG:
		return DEBUGPORT_DEBUG;
	default:
		if (d->panic_announced) {
			d->panic_announced = false;
			return DEBUGPORT_PANIC;
		}
		return DEBUGPORT_INFO;
	}
}

static void line_flush(struct debugport *d, int which)
{
	struct line_buffer *b = &d->lines[which];
	if (b->length == 0)
		return;
	b->text[b->length] = '\0';
	b->length = 0;
	deliver(d, buffer_level(d, which), b->text);
}

static void line_add(struct debugport *d, int which, uint8_t byte)
{
	struct line_buffer *b = &d->lines[which];
	if (byte == '\n') {
		line_flush(d, which);
		return;
	}
	if (byte == '\r' || byte == '\0')
		return;
	b->text[b->length++] = (char)byte;
	if (b->length == DEBUGPORT_LINE_MAX)
		line_flush(d, which);
}

static void console_add(struct debugport *d, uint8_t byte)
{
	if (d->host.console_byte)
		d->host.console_byte(d->host.opaque, byte);
}

static uint32_t post_read(void *opaque, uint16_t port, unsigned size)
{
	struct debugport *d = opaque;
	return d->post_code;
}

static void post_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
	struct debugport *d = opaque;
	d->post_code = (uint8_t)value;
	if (d->host.post_code)
		d->host.post_code(d->host.opaque, d->post_code);
}

static uint32_t console_read(void *opaque, uint16_t port, unsigned size)
{
	return DEBUGPORT_CONSOLE;
}

static void console_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
	console_add(opaque, (uint8_t)value);
}

static uint32_t bios_log_read(void *opaque, uint16_t port, unsigned size)
{
	/* 0x402 answers like 0xE9; a 16-bit read there reads 0x403 as 0xFF. */
	if (port == DEBUGPORT_BIOS_LOG + 2)
		return size == 1 ? DEBUGPORT_CONSOLE : 0xFF00u | DEBUGPORT_CONSOLE;
	return size == 1 ? 0xFF : 0xFFFF;
}

static void bios_log_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
	struct debugport *d = opaque;
	unsigned offset = port - DEBUGPORT_BIOS_LOG;
	if (offset < 2) {
		if (size > 1) {
			char text[48];
			snprintf(text, sizeof(text), "BIOS panic at line %u", (unsigned)(value & 0xFFFF));
			line_flush(d, LOG_PANIC);
			deliver(d, DEBUGPORT_PANIC, text);
		} else if ((value & 0xFF) == 0) {
			/* The Bochs BIOS's "a panic message follows on 0x402". */
			line_flush(d, LOG_PANIC);
			line_flush(d, LOG_INFO);
			d->panic_announced = true;
		} else {
			line_add(d, LOG_PANIC, (uint8_t)value);
		}
		return;
	}
	/* 16-bit writes here carry two characters, low byte first. */
	for (unsigned i = 0; i < size; i++) {
		uint8_t byte = (uint8_t)(value >> (8 * i));
		if (offset + i == 2) {
			console_add(d, byte);
			line_add(d, LOG_INFO, byte);
		} else if (offset + i == 3) {
			line_add(d, LOG_DEBUG, byte);
		}
	}
}

static void exit_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
	struct debugport *d = opaque;
	if (d->host.exit_request)
		d->host.exit_request(d->host.opaque, (int)(((value & 0xFF) << 1) | 1));
}

static void bench_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
	struct debugport *d = opaque;
	if (d->host.bench_mark)
		d->host.bench_mark(d->host.opaque, (uint8_t)value);
}

static void shutdown_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
	struct debugport *d = opaque;
	char byte = (char)value;
	if (byte == shutdown_word[d->shutdown_matched])
		d->shutdown_matched++;
	else
		d->shutdown_matched = byte == shutdown_word[0] ? 1 : 0;
	if (d->shutdown_matched == sizeof(shutdown_word) - 1) {
		d->shutdown_matched = 0;
		if (d->host.power_off)
			d->host.power_off(d->host.opaque);
	}
}

struct debugport *debugport_create(struct iobus *bus, const struct debugport_host *host)
{
	struct debugport *d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	if (host)
		d->host = *host;
	if (iobus_register(bus, DEBUGPORT_POST, 1, IO_WIDTH_8, post_read, post_write, d, "post") ||
	    iobus_register(bus, DEBUGPORT_CONSOLE, 1, IO_WIDTH_8, console_read, console_write, d,
			   "debugcon") ||
	    iobus_register(bus, DEBUGPORT_BIOS_LOG, 4, IO_WIDTH_8 | IO_WIDTH_16, bios_log_read,
			   bios_log_write, d, "bios-log") ||
	    iobus_register(bus, DEBUGPORT_EXIT, 1, IO_WIDTH_8, NULL, exit_write, d, "test-exit") ||
	    iobus_register(bus, DEBUGPORT_BENCH, 1, IO_WIDTH_8, NULL, bench_write, d, "bench-mark") ||
	    iobus_register(bus, DEBUGPORT_SHUTDOWN, 1, IO_WIDTH_8, NULL, shutdown_write, d,
			   "shutdown")) {
		free(d);
		return NULL;
	}
	return d;
}

void debugport_destroy(struct debugport *debugport)
{
	free(debugport);
}

uint8_t debugport_post_code(const struct debugport *debugport)
{
	return debugport->post_code;
}

void debugport_flush(struct debugport *debugport)
{
	for (int i = 0; i < LOG_BUFFERS; i++)
		line_flush(debugport, i);
}
