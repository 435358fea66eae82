/* The ports firmware and test programs use to talk to the emulator.
 *
 *   0x80         POST codes: the last one written is kept (and reads back).
 *   0xE9, 0x402  The debug console (Bochs's "port E9 hack", SeaBIOS's log
 *                port): every byte goes to the console sink; a read
 *                returns 0xE9, which is how SeaBIOS recognises it.
 *   0x400-0x403  The Bochs BIOS log ports: 0x400/0x401 panic, 0x402 info,
 *                0x403 debug.  Bytes are gathered into lines for the line
 *                sink.  The Bochs BIOS announces a panic by writing 0 to
 *                0x401 and then prints the message on 0x402, so the info
 *                line after such a marker is reported as a panic.  A
 *                16-bit write to 0x400/0x401 is a panic at that line
 *                number.  (0x402 feeds both sinks: the console sees the
 *                raw bytes, the line sink the lines.)
 *   0xF4         Test exit (QEMU's isa-debug-exit): writing v asks the
 *                machine to exit with status (v << 1) | 1.
 *   0xF5         Benchmark marks: each byte written is passed on (glasspc
 *                --bench-report times the phases between them, see
 *                machine/bench_report.h); reads return 0xFF.
 *   0x8900       Bochs's shutdown port: "Shutdown" written byte by byte
 *                asks for power-off. */
#ifndef GLASSPC_IODEV_DEBUGPORT_H
#define GLASSPC_IODEV_DEBUGPORT_H

#include <stdint.h>

#include "iodev/bus.h"

#define DEBUGPORT_POST 0x80
#define DEBUGPORT_CONSOLE 0xE9
#define DEBUGPORT_BIOS_LOG 0x400
#define DEBUGPORT_EXIT 0xF4
#define DEBUGPORT_BENCH 0xF5
#define DEBUGPORT_SHUTDOWN 0x8900

/* Longer lines are passed on in pieces of this many bytes. */
#define DEBUGPORT_LINE_MAX 255

enum debugport_level { DEBUGPORT_DEBUG, DEBUGPORT_INFO, DEBUGPORT_PANIC };

/* What the ports report to; any callback may be NULL. */
struct debugport_host {
	void (*post_code)(void *opaque, uint8_t code);
	void (*console_byte)(void *opaque, uint8_t byte);
	/* line has no newline and is NUL-terminated. */
	void (*log_line)(void *opaque, enum debugport_level level, const char *line);
	void (*exit_request)(void *opaque, int status);
	void (*power_off)(void *opaque);
	void (*bench_mark)(void *opaque, uint8_t mark);
	void *opaque;
};

struct debugport;

/* Claims the ports above.  host is copied.  Returns NULL when out of
 * memory or ports. */
struct debugport *debugport_create(struct iobus *bus, const struct debugport_host *host);
void debugport_destroy(struct debugport *debugport);

uint8_t debugport_post_code(const struct debugport *debugport);

/* Passes on lines still waiting for their newline (at exit, say). */
void debugport_flush(struct debugport *debugport);

#endif
