/* POST, debug console, Bochs BIOS log, test-exit, benchmark and shutdown
 * ports. */
#include "iodev/debugport.h"

#include <string.h>

#include "tests/unit/test_iodev.h"

struct record {
	uint8_t post[16];
	int nposts;
	char console[512];
	int nconsole;
	char lines[8][300];
	enum debugport_level levels[8];
	int nlines;
	int exit_status, exits;
	int power_offs;
	uint8_t marks[8];
	int nmarks;
};

static void rec_post(void *opaque, uint8_t code)
{
	struct record *r = opaque;
	if (r->nposts < 16)
		r->post[r->nposts++] = code;
}

static void rec_console(void *opaque, uint8_t byte)
{
	struct record *r = opaque;
	if (r->nconsole < (int)sizeof(r->console) - 1)
		r->console[r->nconsole++] = (char)byte;
}

static void rec_line(void *opaque, enum debugport_level level, const char *line)
{
	struct record *r = opaque;
	ck_assert_int_le(strlen(line), DEBUGPORT_LINE_MAX);
	if (r->nlines < 8) {
		strcpy(r->lines[r->nlines], line);
		r->levels[r->nlines++] = level;
	}
}

static void rec_exit(void *opaque, int status)
{
	struct record *r = opaque;
	r->exit_status = status;
	r->exits++;
}

static void rec_power_off(void *opaque)
{
	struct record *r = opaque;
	r->power_offs++;
}

static void rec_bench_mark(void *opaque, uint8_t mark)
{
	struct record *r = opaque;
	if (r->nmarks < 8)
		r->marks[r->nmarks++] = mark;
}

static struct iobus *bus;
static struct debugport *dbg;
static struct record rec;

static void setup(void)
{
	memset(&rec, 0, sizeof(rec));
	bus = iobus_create();
	ck_assert_ptr_nonnull(bus);
	struct debugport_host host = {
		.post_code = rec_post,
		.console_byte = rec_console,
		.log_line = rec_line,
		.exit_request = rec_exit,
		.power_off = rec_power_off,
		.bench_mark = rec_bench_mark,
		.opaque = &rec,
	};
	dbg = debugport_create(bus, &host);
	ck_assert_ptr_nonnull(dbg);
}

static void teardown(void)
{
	debugport_destroy(dbg);
	iobus_destroy(bus);
}

static void write_string(uint16_t port, const char *text)
{
	for (const char *p = text; *p; p++)
		outb(bus, port, (uint8_t)*p);
}

START_TEST(test_post_codes)
{
	outb(bus, 0x80, 0x12);
	outb(bus, 0x80, 0x77);
	ck_assert_int_eq(rec.nposts, 2);
	ck_assert_int_eq(rec.post[0], 0x12);
	ck_assert_int_eq(rec.post[1], 0x77);
	ck_assert_int_eq(debugport_post_code(dbg), 0x77);
	ck_assert_int_eq(inb(bus, 0x80), 0x77);
}
END_TEST

START_TEST(test_debug_console)
{
	/* SeaBIOS probes 0x402 and logs there only if it reads 0xE9. */
	ck_assert_int_eq(inb(bus, 0x402), 0xE9);
	ck_assert_int_eq(inb(bus, 0xE9), 0xE9);
	write_string(0xE9, "hi ");
	write_string(0x402, "SeaBIOS (version 1.16.2)\n");
	ck_assert_str_eq(rec.console, "hi SeaBIOS (version 1.16.2)\n");
	/* 0x402 is also the Bochs BIOS info port: one info line. */
	ck_assert_int_eq(rec.nlines, 1);
	ck_assert_str_eq(rec.lines[0], "SeaBIOS (version 1.16.2)");
	ck_assert_int_eq(rec.levels[0], DEBUGPORT_INFO);
}
END_TEST

START_TEST(test_bios_log_lines)
{
	write_string(0x403, "debug one\r\n");
	write_string(0x402, "info ok\n");
	ck_assert_int_eq(rec.nlines, 2);
	ck_assert_str_eq(rec.lines[0], "debug one");
	ck_assert_int_eq(rec.levels[0], DEBUGPORT_DEBUG);
	ck_assert_str_eq(rec.lines[1], "info ok");
	ck_assert_int_eq(rec.levels[1], DEBUGPORT_INFO);
	/* A word written to 0x402 is a byte to 0x402 and one to 0x403. */
	outw(bus, 0x402, 'A' | 'B' << 8);
	ck_assert_str_eq(rec.console, "info ok\nA");
	debugport_flush(dbg);
	ck_assert_int_eq(rec.nlines, 4);
	ck_assert_str_eq(rec.lines[2], "A");
	ck_assert_int_eq(rec.levels[2], DEBUGPORT_INFO);
	ck_assert_str_eq(rec.lines[3], "B");
	ck_assert_int_eq(rec.levels[3], DEBUGPORT_DEBUG);
	ck_assert_int_eq(inw(bus, 0x402), 0xFFE9);
}
END_TEST

START_TEST(test_bochs_bios_panic)
{
	/* rombios: outb(PANIC_PORT2, 0), then the message on INFO_PORT. */
	outb(bus, 0x401, 0x00);
	write_string(0x402, "Keyboard error:993\n");
	write_string(0x402, "after\n");
	ck_assert_int_eq(rec.nlines, 2);
	ck_assert_str_eq(rec.lines[0], "Keyboard error:993");
	ck_assert_int_eq(rec.levels[0], DEBUGPORT_PANIC);
	ck_assert_int_eq(rec.levels[1], DEBUGPORT_INFO);
	/* Text on the panic ports themselves, and a line number. */
	write_string(0x400, "bad thing\n");
	outw(bus, 0x400, 1234);
	ck_assert_int_eq(rec.nlines, 4);
	ck_assert_str_eq(rec.lines[2], "bad thing");
	ck_assert_int_eq(rec.levels[2], DEBUGPORT_PANIC);
	ck_assert_str_eq(rec.lines[3], "BIOS panic at line 1234");
	ck_assert_int_eq(rec.levels[3], DEBUGPORT_PANIC);
}
END_TEST

START_TEST(test_long_lines_and_flush)
{
	char text[600];
	memset(text, 'x', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	write_string(0x403, text);
	ck_assert_int_eq(rec.nlines, 2);
	ck_assert_int_eq(strlen(rec.lines[0]), DEBUGPORT_LINE_MAX);
	debugport_flush(dbg);
	ck_assert_int_eq(rec.nlines, 3);
	ck_assert_int_eq(strlen(rec.lines[2]), 599 - 2 * DEBUGPORT_LINE_MAX);
	debugport_flush(dbg);
	ck_assert_int_eq(rec.nlines, 3);
}
END_TEST

START_TEST(test_exit_port)
{
	outb(bus, 0xF4, 0x10);
	ck_assert_int_eq(rec.exits, 1);
	ck_assert_int_eq(rec.exit_status, 0x21);
	outb(bus, 0xF4, 0x00);
	ck_assert_int_eq(rec.exit_status, 1);
	outb(bus, 0xF4, 0xFF);
	ck_assert_int_eq(rec.exit_status, 0x1FF);
}
END_TEST

START_TEST(test_bench_port)
{
	outb(bus, 0xF5, 0x80);
	outb(bus, 0xF5, 1);
	outb(bus, 0xF5, 0);
	ck_assert_int_eq(rec.nmarks, 3);
	ck_assert_int_eq(rec.marks[0], 0x80);
	ck_assert_int_eq(rec.marks[1], 1);
	ck_assert_int_eq(rec.marks[2], 0);
	ck_assert_int_eq(inb(bus, 0xF5), 0xFF); /* write-only */
	ck_assert_int_eq(rec.exits + rec.power_offs + rec.nconsole, 0);
}
END_TEST

START_TEST(test_shutdown_port)
{
	write_string(0x8900, "shutdown");
	ck_assert_int_eq(rec.power_offs, 0);
	write_string(0x8900, "Shutdown");
	ck_assert_int_eq(rec.power_offs, 1);
	write_string(0x8900, "ShutShutdown");
	ck_assert_int_eq(rec.power_offs, 2);
	write_string(0x8900, "Shutdow");
	ck_assert_int_eq(rec.power_offs, 2);
	write_string(0x8900, "n");
	ck_assert_int_eq(rec.power_offs, 3);
}
END_TEST

START_TEST(test_without_callbacks)
{
	struct iobus *bus2 = iobus_create();
	struct debugport *quiet = debugport_create(bus2, NULL);
	ck_assert_ptr_nonnull(quiet);
	outb(bus2, 0x80, 1);
	outb(bus2, 0xE9, 'a');
	outb(bus2, 0x401, 0);
	outb(bus2, 0x402, '\n');
	outb(bus2, 0xF4, 1);
	outb(bus2, 0xF5, 1);
	for (const char *p = "Shutdown"; *p; p++)
		outb(bus2, 0x8900, (uint8_t)*p);
	debugport_flush(quiet);
	ck_assert_int_eq(inb(bus2, 0x80), 1);
	debugport_destroy(quiet);
	iobus_destroy(bus2);
}
END_TEST

static Suite *debugport_suite(void)
{
	Suite *s = suite_create("debugport");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_post_codes);
	tcase_add_test(tc, test_debug_console);
	tcase_add_test(tc, test_bios_log_lines);
	tcase_add_test(tc, test_bochs_bios_panic);
	tcase_add_test(tc, test_long_lines_and_flush);
	tcase_add_test(tc, test_exit_port);
	tcase_add_test(tc, test_bench_port);
	tcase_add_test(tc, test_shutdown_port);
	tcase_add_test(tc, test_without_callbacks);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(debugport_suite());
}
