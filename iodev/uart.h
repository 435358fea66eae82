/* The 16550A UART (National Semiconductor PC16550D), one per COM port.
 *
 * Eight registers from the base port: RBR/THR (DLL with DLAB), IER (DLM
 * with DLAB), IIR/FCR, LCR, MCR, LSR, MSR, SCR.  Received bytes go
 * through a 16-byte FIFO with the usual trigger levels; interrupts are
 * prioritised as the datasheet's IIR table says.  On a PC the INTR pin
 * reaches the IRQ line only while MCR's OUT2 is set, and not in loopback
 * mode, where OUT2 is disconnected from the pin.
 *
 * Transmission takes no time: a byte written to THR goes to the back end
 * at once and THR is empty again.  Reception is driven by the machine:
 * uart_poll pulls what the back end has waiting into the FIFO, and a
 * FIFO below its trigger level that saw no activity since the previous
 * poll reports the character timeout.  Polling from the machine's virtual
 * clock keeps runs with scripted input repeatable. */
#ifndef GLASSPC_IODEV_UART_H
#define GLASSPC_IODEV_UART_H

#include <stdbool.h>
#include <stdint.h>

#include "iodev/bus.h"

#define UART_COM1_BASE 0x3F8
#define UART_COM2_BASE 0x2F8
#define UART_COM3_BASE 0x3E8
#define UART_COM4_BASE 0x2E8
#define UART_COM1_IRQ 4
#define UART_COM2_IRQ 3
#define UART_COM3_IRQ 4
#define UART_COM4_IRQ 3

/* Where the serial line goes.  Any callback may be NULL. */
struct uart_backend {
	void (*write_byte)(void *opaque, uint8_t byte);
	int (*read_byte)(void *opaque); /* the next received byte, or -1: none waiting */
	void (*destroy)(void *opaque);
	void *opaque;
};

/* Back ends.  Each fills *backend and returns 0, or returns -1 (errno
 * set) and leaves it a "none" back end. */
void uart_backend_none(struct uart_backend *backend);
/* Output to stdout; input from stdin when a byte is ready (never blocks). */
int uart_backend_stdio(struct uart_backend *backend);
/* Output appended to a file (created or truncated); no input. */
int uart_backend_file(struct uart_backend *backend, const char *path);
/* A TCP server on 127.0.0.1:port (0 picks a free port) that takes one
 * client at a time; without a client, output is dropped.  Sends wait at
 * most a second for a client that does not read. */
int uart_backend_tcp(struct uart_backend *backend, uint16_t port);
/* The port a TCP back end listens on, or 0 for other back ends. */
uint16_t uart_backend_tcp_port(const struct uart_backend *backend);

struct uart;

/* Claims ports base..base+7.  irq (may be NULL) is copied; the UART owns
 * backend from now on and destroys it with itself.  Returns NULL when
 * out of memory or ports (and then destroys backend). */
struct uart *uart_create(struct iobus *bus, uint16_t base, const struct irq_line *irq,
			 const struct uart_backend *backend);
void uart_destroy(struct uart *uart);
void uart_reset(struct uart *uart);

/* Fetches waiting input from the back end and runs the character
 * timeout.  Call it regularly from the machine's clock, e.g. every
 * millisecond of virtual time. */
void uart_poll(struct uart *uart);

/* A byte arrives on the receive line, as if from the back end. */
void uart_receive(struct uart *uart, uint8_t byte);

/* Room for received bytes: what uart_receive accepts without overrun. */
unsigned uart_receive_room(const struct uart *uart);

#endif
