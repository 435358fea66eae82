/* The 16550A; see uart.h.  Quotes are from the National Semiconductor
 * PC16550D datasheet. */
#include "iodev/uart.h"

#include <stdlib.h>

/* Register offsets. */
enum {
	REG_DATA = 0, /* RBR / THR / DLL */
	REG_IER = 1, /* IER / DLM */
	REG_IIR = 2, /* IIR (read) / FCR (write) */
	REG_LCR = 3,
	REG_MCR = 4,
	REG_LSR = 5,
	REG_MSR = 6,
	REG_SCR = 7,
};

#define IER_RECEIVED_DATA 0x01
#define IER_THR_EMPTY 0x02
#define IER_LINE_STATUS 0x04
#define IER_MODEM_STATUS 0x08

#define IIR_NONE 0x01
#define IIR_LINE_STATUS 0x06
#define IIR_RECEIVED_DATA 0x04
#define IIR_TIMEOUT 0x0C
#define IIR_THR_EMPTY 0x02
#define IIR_MODEM_STATUS 0x00
#define IIR_FIFOS_ON 0xC0

#define FCR_ENABLE 0x01
#define FCR_CLEAR_RX 0x02

#define LCR_DLAB 0x80

#define MCR_DTR 0x01
#define MCR_RTS 0x02
#define MCR_OUT1 0x04
#define MCR_OUT2 0x08
#define MCR_LOOP 0x10

#define LSR_DATA_READY 0x01
#define LSR_OVERRUN 0x02
#define LSR_ERRORS 0x1E /* OE, PE, FE, BI */
#define LSR_THR_EMPTY 0x20
#define LSR_TX_EMPTY 0x40

#define MSR_DELTAS 0x0F
#define MSR_CTS 0x10
#define MSR_DSR 0x20
#define MSR_RI 0x40
#define MSR_DCD 0x80

#define FIFO_SIZE 16

struct uart {
	uint16_t base;
	uint8_t ier, lcr, mcr, scr;
	uint8_t fcr; /* enable and trigger bits as last written */
	uint8_t line_errors; /* LSR bits 1-4, cleared by reading LSR */
	uint8_t msr; /* lines in bits 4-7, deltas in bits 0-3 */
	uint16_t divisor;

	uint8_t rx[FIFO_SIZE];
	unsigned rx_head, rx_count;
	uint8_t last_received; /* what RBR reads when empty */

	bool thr_empty_pending; /* the THRE interrupt */
	bool timeout_pending; /* the character timeout interrupt */
	bool rx_activity; /* a byte came or went since the last poll */

	struct irq_line irq;
	int irq_level;
	struct uart_backend backend;
};

static bool fifo_enabled(const struct uart *uart)
{
	return uart->fcr & FCR_ENABLE;
}

static unsigned rx_capacity(const struct uart *uart)
{
	return fifo_enabled(uart) ? FIFO_SIZE : 1;
}

static unsigned rx_trigger(const struct uart *uart)
{
	static const uint8_t levels[4] = { 1, 4, 8, 14 };
	return levels[uart->fcr >> 6];
}

/* The interrupt the IIR reports, by the datasheet's priorities. */
static uint8_t uart_interrupt_id(const struct uart *uart)
{
	if ((uart->ier & IER_LINE_STATUS) && (uart->line_errors & LSR_ERRORS))
		return IIR_LINE_STATUS;
	if (uart->ier & IER_RECEIVED_DATA) {
		/* "The receiver FIFO trigger level has been reached", or in
		 * 16450 mode, a byte in RBR. */
		if (uart->rx_count > 0 && (!fifo_enabled(uart) || uart->rx_count >= rx_trigger(uart)))
			return IIR_RECEIVED_DATA;
		if (fifo_enabled(uart) && uart->timeout_pending && uart->rx_count > 0)
			return IIR_TIMEOUT;
	}
	if ((uart->ier & IER_THR_EMPTY) && uart->thr_empty_pending)
		return IIR_THR_EMPTY;
	if ((uart->ier & IER_MODEM_STATUS) && (uart->msr & MSR_DELTAS))
		return IIR_MODEM_STATUS;
	return IIR_NONE;
}

static void uart_update_irq(struct uart *uart)
{
	/* The PC gates INTR with OUT2; loopback disconnects OUT2 from its
	 * pin ("the four modem control outputs are forced to their inactive
	 * state"), so no interrupt leaves the chip then. */
	int level = uart_interrupt_id(uart) != IIR_NONE && (uart->mcr & MCR_OUT2) &&
		    !(uart->mcr & MCR_LOOP);
	if (level != uart->irq_level) {
		uart->irq_level = level;
		irq_set(&uart->irq, level);
	}
}

/* The modem lines the chip sees: the outside world (a cable with its
 * handshakes asserted) or, in loopback, its own outputs. */
static uint8_t uart_modem_lines(const struct uart *uart)
{
	if (!(uart->mcr & MCR_LOOP))
		return MSR_CTS | MSR_DSR | MSR_DCD;
	uint8_t lines = 0;
	if (uart->mcr & MCR_RTS)
		lines |= MSR_CTS;
	if (uart->mcr & MCR_DTR)
		lines |= MSR_DSR;
	if (uart->mcr & MCR_OUT1)
		lines |= MSR_RI;
	if (uart->mcr & MCR_OUT2)
		lines |= MSR_DCD;
	return lines;
}

static void uart_set_modem_lines(struct uart *uart, uint8_t lines)
{
	uint8_t old = uart->msr & 0xF0;
	uint8_t changed = old ^ lines;
	uint8_t deltas = uart->msr & MSR_DELTAS;
	if (changed & MSR_CTS)
		deltas |= 0x01;
	if (changed & MSR_DSR)
		deltas |= 0x02;
	if ((old & MSR_RI) && !(lines & MSR_RI)) /* trailing edge of RI */
		deltas |= 0x04;
	if (changed & MSR_DCD)
		deltas |= 0x08;
	uart->msr = lines | deltas;
}

static void rx_clear(struct uart *uart)
{
	uart->rx_head = 0;
	uart->rx_count = 0;
	uart->timeout_pending = false;
}

unsigned uart_receive_room(const struct uart *uart)
{
	return rx_capacity(uart) - uart->rx_count;
}

void uart_receive(struct uart *uart, uint8_t byte)
{
	uart->rx_activity = true;
	uart->timeout_pending = false;
	if (uart->rx_count < rx_capacity(uart)) {
		uart->rx[(uart->rx_head + uart->rx_count) % FIFO_SIZE] = byte;
		uart->rx_count++;
	} else if (!fifo_enabled(uart)) {
		/* "The next character was transferred into the RBR, thereby
		 * destroying the previous character." */
		uart->rx[uart->rx_head] = byte;
		uart->line_errors |= LSR_OVERRUN;
	} else {
		/* "The character in the shift register is overwritten, but it
		 * is not transferred to the FIFO." */
		uart->line_errors |= LSR_OVERRUN;
	}
	uart_update_irq(uart);
}

static uint8_t uart_read_rbr(struct uart *uart)
{
	if (uart->rx_count > 0) {
		uart->last_received = uart->rx[uart->rx_head];
		uart->rx_head = (uart->rx_head + 1) % FIFO_SIZE;
		uart->rx_count--;
	}
	uart->rx_activity = true;
	uart->timeout_pending = false;
	return uart->last_received;
}

static void uart_write_thr(struct uart *uart, uint8_t byte)
{
	if (uart->mcr & MCR_LOOP) {
		/* "The transmitter Serial Output is set to the marking state,
		 * the receiver Serial Input is disconnected, the output of
		 * the Transmitter Shift Register is looped back into the
		 * Receiver Shift Register input." */
		uart_receive(uart, byte);
	} else if (uart->backend.write_byte) {
		uart->backend.write_byte(uart->backend.opaque, byte);
	}
	/* Sent at once: THR is empty again, which is a new THRE event. */
	uart->thr_empty_pending = true;
}

static void uart_write_fcr(struct uart *uart, uint8_t value)
{
	/* Changing FCR0 resets the FIFOs; "FCR0 must be a 1 when other FCR
	 * bits are written to or they will not be programmed." */
	if ((value ^ uart->fcr) & FCR_ENABLE)
		rx_clear(uart);
	if (!(value & FCR_ENABLE)) {
		uart->fcr = 0;
		return;
	}
	if (value & FCR_CLEAR_RX)
		rx_clear(uart);
	/* Clearing the transmit FIFO has nothing to clear. */
	uart->fcr = value & 0xC9;
}

static uint32_t uart_port_read(void *opaque, uint16_t port, unsigned size)
{
	struct uart *uart = opaque;
	uint8_t value;
	switch ((port - uart->base) & 7) {
	case REG_DATA:
		value = (uart->lcr & LCR_DLAB) ? (uint8_t)uart->divisor : uart_read_rbr(uart);
		break;
	case REG_IER:
		value = (uart->lcr & LCR_DLAB) ? (uint8_t)(uart->divisor >> 8) : uart->ier;
		break;
	case REG_IIR:
		value = uart_interrupt_id(uart);
		/* Reading IIR clears a THRE interrupt it reports. */
		if (value == IIR_THR_EMPTY)
			uart->thr_empty_pending = false;
		if (fifo_enabled(uart))
			value |= IIR_FIFOS_ON;
		break;
	case REG_LCR:
		value = uart->lcr;
		break;
	case REG_MCR:
		value = uart->mcr;
		break;
	case REG_LSR:
		value = uart->line_errors | LSR_THR_EMPTY | LSR_TX_EMPTY;
		if (uart->rx_count > 0)
			value |= LSR_DATA_READY;
		uart->line_errors = 0;
		break;
	case REG_MSR:
		value = uart->msr;
		uart->msr &= (uint8_t)~MSR_DELTAS;
		break;
	default: /* REG_SCR */
		value = uart->scr;
		break;
	}
	uart_update_irq(uart);
	return value;
}

static void uart_port_write(void *opaque, uint16_t port, uint32_t value32, unsigned size)
{
	struct uart *uart = opaque;
	uint8_t value = (uint8_t)value32;
	switch ((port - uart->base) & 7) {
	case REG_DATA:
		if (uart->lcr & LCR_DLAB)
			uart->divisor = (uint16_t)((uart->divisor & 0xFF00) | value);
		else
			uart_write_thr(uart, value);
		break;
	case REG_IER:
		if (uart->lcr & LCR_DLAB) {
			uart->divisor = (uint16_t)((uart->divisor & 0x00FF) | value << 8);
		} else {
			/* Enabling THRE while THR is empty (it always is here)
			 * interrupts at once, as Linux's probe expects. */
			if ((value & IER_THR_EMPTY) && !(uart->ier & IER_THR_EMPTY))
				uart->thr_empty_pending = true;
			uart->ier = value & 0x0F;
		}
		break;
	case REG_IIR:
		uart_write_fcr(uart, value);
		break;
	case REG_LCR:
		uart->lcr = value;
		break;
	case REG_MCR:
		uart->mcr = value & 0x1F;
		uart_set_modem_lines(uart, uart_modem_lines(uart));
		break;
	case REG_LSR:
	case REG_MSR:
		break; /* factory test registers: writes are not supported */
	default: /* REG_SCR */
		uart->scr = value;
		break;
	}
	uart_update_irq(uart);
}

void uart_poll(struct uart *uart)
{
	if (!(uart->mcr & MCR_LOOP) && uart->backend.read_byte) {
		while (uart_receive_room(uart) > 0) {
			int byte = uart->backend.read_byte(uart->backend.opaque);
			if (byte < 0)
				break;
			uart_receive(uart, (uint8_t)byte);
		}
	}
	/* "A FIFO timeout interrupt will occur if ... at least 1 character
	 * is in the FIFO, the most recent serial character received was
	 * longer than 4 continuous character times ago, the most recent CPU
	 * read of the FIFO was longer than 4 continuous character times
	 * ago."  One poll interval stands for those four character times. */
	if (fifo_enabled(uart) && uart->rx_count > 0 && !uart->rx_activity)
		uart->timeout_pending = true;
	uart->rx_activity = false;
	uart_update_irq(uart);
}

void uart_reset(struct uart *uart)
{
	uart->ier = 0;
	uart->lcr = 0;
	uart->mcr = 0;
	uart->scr = 0;
	uart->fcr = 0;
	uart->line_errors = 0;
	uart->divisor = 12; /* 9600 baud */
	uart->last_received = 0;
	rx_clear(uart);
	uart->thr_empty_pending = false;
	uart->rx_activity = false;
	uart->msr = uart_modem_lines(uart);
	uart_update_irq(uart);
}

struct uart *uart_create(struct iobus *bus, uint16_t base, const struct irq_line *irq,
			 const struct uart_backend *backend)
{
	struct uart *uart = calloc(1, sizeof(*uart));
	if (!uart) {
		if (backend && backend->destroy)
			backend->destroy(backend->opaque);
		return NULL;
	}
	uart->base = base;
	if (irq)
		uart->irq = *irq;
	if (backend)
		uart->backend = *backend;
	uart_reset(uart);
	if (iobus_register(bus, base, 8, IO_WIDTH_8, uart_port_read, uart_port_write, uart, "uart")) {
		uart_destroy(uart);
		return NULL;
	}
	return uart;
}

void uart_destroy(struct uart *uart)
{
	if (!uart)
		return;
	if (uart->backend.destroy)
		uart->backend.destroy(uart->backend.opaque);
	free(uart);
}
