/* The 16550A, through its eight ports, and its back ends. */
#include "iodev/uart.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tests/unit/test_iodev.h"

#define COM1 0x3F8
#define RBR (COM1 + 0)
#define THR (COM1 + 0)
#define IER (COM1 + 1)
#define IIR (COM1 + 2)
#define FCR (COM1 + 2)
#define LCR (COM1 + 3)
#define MCR (COM1 + 4)
#define LSR (COM1 + 5)
#define MSR (COM1 + 6)
#define SCR (COM1 + 7)

/* A back end that records output and plays scripted input. */
struct script {
	uint8_t sent[256];
	unsigned nsent;
	uint8_t input[64];
	unsigned ninput, next_input;
	int destroyed;
};

static void script_write(void *opaque, uint8_t byte)
{
	struct script *s = opaque;
	if (s->nsent < sizeof(s->sent))
		s->sent[s->nsent++] = byte;
}

static int script_read(void *opaque)
{
	struct script *s = opaque;
	return s->next_input < s->ninput ? s->input[s->next_input++] : -1;
}

static void script_destroy(void *opaque)
{
	struct script *s = opaque;
	s->destroyed++;
}

static struct iobus *bus;
static struct uart *uart;
static struct irq_probe irqs;
static struct script line;

static void setup(void)
{
	irqs = (struct irq_probe){ 0 };
	line = (struct script){ 0 };
	bus = iobus_create();
	ck_assert_ptr_nonnull(bus);
	struct irq_line irq4 = irq_probe_line(&irqs, 4);
	struct uart_backend backend = {
		.write_byte = script_write,
		.read_byte = script_read,
		.destroy = script_destroy,
		.opaque = &line,
	};
	uart = uart_create(bus, COM1, &irq4, &backend);
	ck_assert_ptr_nonnull(uart);
}

static void teardown(void)
{
	uart_destroy(uart);
	ck_assert_int_eq(line.destroyed, 1);
	iobus_destroy(bus);
}

static void feed(const char *text)
{
	for (const char *p = text; *p; p++)
		uart_receive(uart, (uint8_t)*p);
}

START_TEST(test_reset_values)
{
	ck_assert_int_eq(inb(bus, IER), 0x00);
	ck_assert_int_eq(inb(bus, IIR), 0x01);
	ck_assert_int_eq(inb(bus, LCR), 0x00);
	ck_assert_int_eq(inb(bus, MCR), 0x00);
	ck_assert_int_eq(inb(bus, LSR), 0x60);
	ck_assert_int_eq(inb(bus, MSR), 0xB0);
	outb(bus, SCR, 0x5A);
	ck_assert_int_eq(inb(bus, SCR), 0x5A);
	ck_assert_int_eq(irqs.level[4], 0);
}
END_TEST

START_TEST(test_divisor_latch)
{
	outb(bus, LCR, 0x83);
	outb(bus, COM1 + 0, 0x01);
	outb(bus, COM1 + 1, 0x00); /* 115200 baud */
	ck_assert_int_eq(inb(bus, COM1 + 0), 0x01);
	ck_assert_int_eq(inb(bus, COM1 + 1), 0x00);
	ck_assert_int_eq(line.nsent, 0); /* the latch is not THR */
	outb(bus, LCR, 0x03);
	ck_assert_int_eq(inb(bus, LCR), 0x03);
	outb(bus, IER, 0x0F);
	ck_assert_int_eq(inb(bus, IER), 0x0F);
	outb(bus, LCR, 0x83);
	ck_assert_int_eq(inb(bus, COM1 + 1), 0x00);
	ck_assert_int_eq(inb(bus, COM1 + 0), 0x01);
}
END_TEST

START_TEST(test_transmit)
{
	const char *text = "Linux version";
	for (const char *p = text; *p; p++) {
		/* What a polled console does: wait for THRE, write. */
		ck_assert_int_eq(inb(bus, LSR) & 0x20, 0x20);
		outb(bus, THR, (uint8_t)*p);
	}
	ck_assert_int_eq(line.nsent, strlen(text));
	ck_assert_int_eq(memcmp(line.sent, text, strlen(text)), 0);
	ck_assert_int_eq(inb(bus, LSR) & 0x60, 0x60);
}
END_TEST

START_TEST(test_thre_interrupt)
{
	outb(bus, MCR, 0x0B); /* DTR, RTS, OUT2 */
	/* Enabling THRE with THR empty interrupts at once. */
	outb(bus, IER, 0x02);
	ck_assert_int_eq(irqs.level[4], 1);
	ck_assert_int_eq(inb(bus, IIR), 0x02);
	/* That IIR read cleared it. */
	ck_assert_int_eq(irqs.level[4], 0);
	ck_assert_int_eq(inb(bus, IIR), 0x01);
	/* A write empties THR again: a new THRE interrupt. */
	outb(bus, THR, 'x');
	ck_assert_int_eq(irqs.level[4], 1);
	outb(bus, THR, 'y');
	ck_assert_int_eq(inb(bus, IIR), 0x02);
	ck_assert_int_eq(irqs.level[4], 0);
	/* Linux's UART_BUG_THRE probe: IER off and on again re-asserts. */
	outb(bus, IER, 0x00);
	outb(bus, IER, 0x02);
	ck_assert_int_eq(inb(bus, IIR), 0x02);
	/* Rewriting IER with THRE already on does not. */
	outb(bus, IER, 0x02);
	ck_assert_int_eq(inb(bus, IIR), 0x01);
}
END_TEST

START_TEST(test_out2_gates_the_irq)
{
	outb(bus, IER, 0x02);
	ck_assert_int_eq(inb(bus, MCR), 0x00);
	ck_assert_int_eq(irqs.level[4], 0);
	outb(bus, MCR, 0x08);
	ck_assert_int_eq(irqs.level[4], 1);
	outb(bus, MCR, 0x00);
	ck_assert_int_eq(irqs.level[4], 0);
	ck_assert_int_eq(inb(bus, IIR), 0x02); /* pending all the same */
}
END_TEST

START_TEST(test_receive_without_fifo)
{
	outb(bus, MCR, 0x08);
	outb(bus, IER, 0x01);
	uart_receive(uart, 'A');
	ck_assert_int_eq(inb(bus, LSR) & 0x01, 0x01);
	ck_assert_int_eq(irqs.level[4], 1);
	ck_assert_int_eq(inb(bus, IIR), 0x04);
	ck_assert_int_eq(inb(bus, RBR), 'A');
	ck_assert_int_eq(inb(bus, LSR) & 0x01, 0x00);
	ck_assert_int_eq(irqs.level[4], 0);
	ck_assert_int_eq(inb(bus, RBR), 'A'); /* an empty RBR reads stale */
	/* Overrun: the second byte replaces the first. */
	uart_receive(uart, 'B');
	uart_receive(uart, 'C');
	outb(bus, IER, 0x05);
	ck_assert_int_eq(inb(bus, IIR), 0x06); /* line status outranks data */
	ck_assert_int_eq(inb(bus, LSR) & 0x03, 0x03);
	ck_assert_int_eq(inb(bus, LSR) & 0x03, 0x01); /* OE cleared by reading */
	ck_assert_int_eq(inb(bus, IIR), 0x04);
	ck_assert_int_eq(inb(bus, RBR), 'C');
	ck_assert_int_eq(inb(bus, IIR), 0x01);
}
END_TEST

START_TEST(test_fifo_trigger_levels)
{
	outb(bus, MCR, 0x08);
	outb(bus, FCR, 0xC7); /* enable, clear both, trigger 14 */
	outb(bus, IER, 0x01);
	ck_assert_int_eq(inb(bus, IIR), 0xC1);
	feed("0123456789ABC");
	ck_assert_int_eq(inb(bus, IIR), 0xC1);
	ck_assert_int_eq(irqs.level[4], 0);
	feed("D");
	ck_assert_int_eq(inb(bus, IIR), 0xC4);
	ck_assert_int_eq(irqs.level[4], 1);
	feed("EF");
	ck_assert_uint_eq(uart_receive_room(uart), 0);
	feed("G"); /* lost: the FIFO is full */
	ck_assert_int_eq(inb(bus, LSR) & 0x03, 0x03);
	const char *expect = "0123456789ABCDEF";
	for (int i = 0; i < 16; i++) {
		ck_assert_int_eq(inb(bus, LSR) & 0x01, 0x01);
		ck_assert_int_eq(inb(bus, RBR), expect[i]);
		/* Below the trigger level the interrupt goes away. */
		if (i == 2)
			ck_assert_int_eq(inb(bus, IIR), 0xC1);
	}
	ck_assert_int_eq(inb(bus, LSR) & 0x01, 0x00);
	/* Trigger 4. */
	outb(bus, FCR, 0x41);
	feed("abc");
	ck_assert_int_eq(inb(bus, IIR), 0xC1);
	feed("d");
	ck_assert_int_eq(inb(bus, IIR), 0xC4);
	/* Clearing the receive FIFO empties it. */
	outb(bus, FCR, 0x43);
	ck_assert_int_eq(inb(bus, LSR) & 0x01, 0x00);
	ck_assert_int_eq(inb(bus, IIR), 0xC1);
	/* Turning the FIFOs off goes back to one byte. */
	outb(bus, FCR, 0x00);
	ck_assert_int_eq(inb(bus, IIR), 0x01);
	ck_assert_uint_eq(uart_receive_room(uart), 1);
}
END_TEST

START_TEST(test_character_timeout)
{
	outb(bus, MCR, 0x08);
	outb(bus, FCR, 0x81); /* trigger 8 */
	outb(bus, IER, 0x01);
	feed("abc");
	uart_poll(uart); /* bytes came in this interval: no timeout yet */
	ck_assert_int_eq(inb(bus, IIR), 0xC1);
	uart_poll(uart);
	ck_assert_int_eq(inb(bus, IIR), 0xCC);
	ck_assert_int_eq(irqs.level[4], 1);
	ck_assert_int_eq(inb(bus, RBR), 'a'); /* a read clears the timeout */
	ck_assert_int_eq(inb(bus, IIR), 0xC1);
	uart_poll(uart);
	ck_assert_int_eq(inb(bus, IIR), 0xC1);
	uart_poll(uart);
	ck_assert_int_eq(inb(bus, IIR), 0xCC);
	ck_assert_int_eq(inb(bus, RBR), 'b');
	ck_assert_int_eq(inb(bus, RBR), 'c');
	uart_poll(uart);
	uart_poll(uart);
	ck_assert_int_eq(inb(bus, IIR), 0xC1);
}
END_TEST

START_TEST(test_poll_pulls_from_backend)
{
	const char *text = "0123456789abcdefghij";
	memcpy(line.input, text, 20);
	line.ninput = 20;
	uart_poll(uart); /* 16450 mode: one byte at a time */
	ck_assert_int_eq(inb(bus, RBR), '0');
	uart_poll(uart);
	ck_assert_int_eq(inb(bus, RBR), '1');
	outb(bus, FCR, 0x01);
	uart_poll(uart);
	ck_assert_uint_eq(uart_receive_room(uart), 0);
	for (int i = 2; i < 18; i++)
		ck_assert_int_eq(inb(bus, RBR), text[i]);
	uart_poll(uart);
	ck_assert_int_eq(inb(bus, RBR), 'i');
	ck_assert_int_eq(inb(bus, RBR), 'j');
	ck_assert_int_eq(inb(bus, LSR) & 0x03, 0x00); /* nothing was lost */
}
END_TEST

START_TEST(test_loopback)
{
	/* Linux's probe: loopback with RTS and OUT2 reads CTS and DCD. */
	outb(bus, MCR, 0x1A);
	ck_assert_int_eq(inb(bus, MSR) & 0xF0, 0x90);
	outb(bus, MCR, 0x1F);
	ck_assert_int_eq(inb(bus, MSR) & 0xF0, 0xF0);
	outb(bus, IER, 0x01);
	outb(bus, THR, 0x42);
	ck_assert_int_eq(line.nsent, 0); /* nothing leaves the chip */
	ck_assert_int_eq(inb(bus, IIR), 0x04);
	/* OUT2 is set, but loopback keeps the interrupt inside. */
	ck_assert_int_eq(irqs.level[4], 0);
	ck_assert_int_eq(inb(bus, RBR), 0x42);
	/* The back end's input is disconnected too. */
	line.input[0] = 'z';
	line.ninput = 1;
	uart_poll(uart);
	ck_assert_int_eq(inb(bus, LSR) & 0x01, 0x00);
	outb(bus, MCR, 0x0B);
	ck_assert_int_eq(inb(bus, MSR) & 0xF0, 0xB0);
	uart_poll(uart);
	ck_assert_int_eq(inb(bus, RBR), 'z');
}
END_TEST

START_TEST(test_modem_status_deltas_and_interrupt)
{
	outb(bus, MCR, 0x10); /* loopback, everything off */
	inb(bus, MSR);
	ck_assert_int_eq(inb(bus, MSR), 0x00);
	outb(bus, IER, 0x08);
	outb(bus, MCR, 0x11); /* DTR -> DSR */
	ck_assert_int_eq(inb(bus, IIR), 0x00);
	ck_assert_int_eq(inb(bus, MSR), 0x22);
	ck_assert_int_eq(inb(bus, IIR), 0x01);
	outb(bus, MCR, 0x15); /* OUT1 -> RI: no delta on the rising edge */
	ck_assert_int_eq(inb(bus, MSR), 0x60);
	outb(bus, MCR, 0x11); /* RI falls: trailing edge */
	ck_assert_int_eq(inb(bus, MSR), 0x24);
	outb(bus, MCR, 0x1B); /* RTS -> CTS, OUT2 -> DCD */
	ck_assert_int_eq(inb(bus, MSR), 0xB9);
}
END_TEST

START_TEST(test_interrupt_priorities)
{
	outb(bus, MCR, 0x18);
	outb(bus, IER, 0x0F);
	/* MSR deltas from entering loopback, THRE from enabling it. */
	ck_assert_int_eq(inb(bus, IIR), 0x02);
	ck_assert_int_eq(inb(bus, IIR), 0x00);
	outb(bus, THR, 1); /* THRE again, and a received byte */
	ck_assert_int_eq(inb(bus, IIR), 0x04);
	outb(bus, THR, 2); /* overrun */
	ck_assert_int_eq(inb(bus, IIR), 0x06);
	inb(bus, LSR);
	ck_assert_int_eq(inb(bus, IIR), 0x04);
	inb(bus, RBR);
	ck_assert_int_eq(inb(bus, IIR), 0x02);
	ck_assert_int_eq(inb(bus, IIR), 0x00);
	inb(bus, MSR);
	ck_assert_int_eq(inb(bus, IIR), 0x01);
}
END_TEST

START_TEST(test_none_backend_and_other_ports)
{
	struct iobus *bus2 = iobus_create();
	struct uart_backend none;
	uart_backend_none(&none);
	ck_assert_uint_eq(uart_backend_tcp_port(&none), 0);
	struct uart *com2 = uart_create(bus2, UART_COM2_BASE, NULL, &none);
	ck_assert_ptr_nonnull(com2);
	outb(bus2, UART_COM2_BASE, 'q');
	outb(bus2, UART_COM2_BASE + 1, 0x0F);
	uart_poll(com2);
	ck_assert_int_eq(inb(bus2, UART_COM2_BASE + 5), 0x60);
	ck_assert_int_eq(inb(bus2, UART_COM1_BASE), 0xFF); /* not claimed */
	uart_destroy(com2);
	iobus_destroy(bus2);
}
END_TEST

START_TEST(test_file_backend)
{
	char path[] = "/tmp/glasspc-uart-XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	struct iobus *bus2 = iobus_create();
	struct uart_backend file;
	ck_assert_int_eq(uart_backend_file(&file, path), 0);
	struct uart *com3 = uart_create(bus2, UART_COM3_BASE, NULL, &file);
	for (const char *p = "boot ok\n"; *p; p++)
		outb(bus2, UART_COM3_BASE, (uint8_t)*p);
	uart_destroy(com3);
	iobus_destroy(bus2);
	FILE *in = fopen(path, "rb");
	ck_assert_ptr_nonnull(in);
	char got[32] = { 0 };
	size_t n = fread(got, 1, sizeof(got) - 1, in);
	fclose(in);
	unlink(path);
	ck_assert_uint_eq(n, 8);
	ck_assert_str_eq(got, "boot ok\n");
	struct uart_backend bad;
	ck_assert_int_eq(uart_backend_file(&bad, "/nonexistent-dir/x"), -1);
	ck_assert_ptr_null(bad.write_byte);
}
END_TEST

START_TEST(test_tcp_backend)
{
	struct iobus *bus2 = iobus_create();
	struct uart_backend tcp;
	ck_assert_int_eq(uart_backend_tcp(&tcp, 0), 0);
	uint16_t port = uart_backend_tcp_port(&tcp);
	ck_assert_uint_ne(port, 0);
	struct uart *com4 = uart_create(bus2, UART_COM4_BASE, NULL, &tcp);
	/* Without a client, output goes nowhere. */
	outb(bus2, UART_COM4_BASE, '!');

	int client = socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_ge(client, 0);
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(port) };
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(connect(client, (struct sockaddr *)&addr, sizeof(addr)), 0);
	for (const char *p = "hi"; *p; p++)
		outb(bus2, UART_COM4_BASE, (uint8_t)*p);
	char got[4] = { 0 };
	size_t have = 0;
	while (have < 2) {
		ssize_t n = recv(client, got + have, 2 - have, 0);
		ck_assert_int_gt(n, 0);
		have += (size_t)n;
	}
	ck_assert_str_eq(got, "hi");
	ck_assert_int_eq(send(client, "yo", 2, 0), 2);
	outb(bus2, UART_COM4_BASE + 2, 0x01); /* FIFO on */
	for (int tries = 0; tries < 1000 && uart_receive_room(com4) > 14; tries++) {
		uart_poll(com4);
		usleep(1000);
	}
	ck_assert_int_eq(inb(bus2, UART_COM4_BASE), 'y');
	ck_assert_int_eq(inb(bus2, UART_COM4_BASE), 'o');
	close(client);
	/* The client left; polling notices and waits for the next one. */
	uart_poll(com4);
	outb(bus2, UART_COM4_BASE, 'x');
	uart_destroy(com4);
	iobus_destroy(bus2);
}
END_TEST

START_TEST(test_guest_noise_is_harmless)
{
	unsigned seed = 7;
	for (int i = 0; i < 200000; i++) {
		seed = seed * 1103515245u + 12345u;
		uint16_t port = (uint16_t)(COM1 + ((seed >> 16) & 7));
		if ((seed >> 8) & 1)
			outb(bus, port, (uint8_t)(seed >> 20));
		else
			inb(bus, port);
		if ((i & 31) == 0) {
			uart_receive(uart, (uint8_t)seed);
			uart_poll(uart);
		}
	}
	ck_assert_uint_le(line.nsent, sizeof(line.sent));
}
END_TEST

static Suite *uart_suite(void)
{
	Suite *s = suite_create("uart");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_reset_values);
	tcase_add_test(tc, test_divisor_latch);
	tcase_add_test(tc, test_transmit);
	tcase_add_test(tc, test_thre_interrupt);
	tcase_add_test(tc, test_out2_gates_the_irq);
	tcase_add_test(tc, test_receive_without_fifo);
	tcase_add_test(tc, test_fifo_trigger_levels);
	tcase_add_test(tc, test_character_timeout);
	tcase_add_test(tc, test_poll_pulls_from_backend);
	tcase_add_test(tc, test_loopback);
	tcase_add_test(tc, test_modem_status_deltas_and_interrupt);
	tcase_add_test(tc, test_interrupt_priorities);
	tcase_add_test(tc, test_none_backend_and_other_ports);
	tcase_add_test(tc, test_file_backend);
	tcase_add_test(tc, test_tcp_backend);
	tcase_add_test(tc, test_guest_noise_is_harmless);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(uart_suite());
}
