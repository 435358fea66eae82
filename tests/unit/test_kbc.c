/* The 8042 with its keyboard and mouse, driven through ports 0x60/0x64
 * the way the BIOSes and Linux do. */
#include "iodev/kbc.h"

#include "tests/unit/test_iodev.h"

static struct iobus *bus;
static struct kbc *kbc;
static struct irq_probe irqs;
static int a20_calls, a20_level, resets;

static void host_set_a20(void *opaque, bool enabled)
{
	ck_assert_ptr_eq(opaque, &irqs);
	a20_calls++;
	a20_level = enabled;
}

static void host_reset(void *opaque)
{
	ck_assert_ptr_eq(opaque, &irqs);
	resets++;
}

static void setup(void)
{
	irqs = (struct irq_probe){ 0 };
	a20_calls = 0;
	a20_level = 1;
	resets = 0;
	bus = iobus_create();
	ck_assert_ptr_nonnull(bus);
	struct irq_line irq1 = irq_probe_line(&irqs, 1);
	struct irq_line irq12 = irq_probe_line(&irqs, 12);
	struct kbc_host host = { .set_a20 = host_set_a20, .reset_cpu = host_reset, .opaque = &irqs };
	kbc = kbc_create(bus, &irq1, &irq12, &host);
	ck_assert_ptr_nonnull(kbc);
}

static void teardown(void)
{
	kbc_destroy(kbc);
	iobus_destroy(bus);
}

static uint8_t status(void)
{
	return inb(bus, 0x64);
}

/* Polls for a byte as firmware does; fails the test if none comes. */
static uint8_t read_data(void)
{
	ck_assert_msg(status() & 0x01, "output buffer empty");
	return inb(bus, 0x60);
}

static void expect_empty(void)
{
	ck_assert_int_eq(status() & 0x01, 0);
}

static void command(uint8_t value)
{
	ck_assert_int_eq(status() & 0x02, 0); /* input buffer free */
	outb(bus, 0x64, value);
}

static void data(uint8_t value)
{
	ck_assert_int_eq(status() & 0x02, 0);
	outb(bus, 0x60, value);
}

static void mouse_command(uint8_t value)
{
	command(0xD4);
	data(value);
}

static void key(const uint8_t *codes, size_t len)
{
	kbc_key_event(kbc, codes, len);
}

START_TEST(test_self_test_and_interface_tests)
{
	ck_assert_int_eq(status() & 0x04, 0); /* cold boot: SYS clear */
	command(0xAA);
	ck_assert_int_eq(status() & 0x08, 0x08); /* last write was a command */
	ck_assert_int_eq(read_data(), 0x55);
	ck_assert_int_eq(status() & 0x04, 0x04);
	command(0xAB);
	ck_assert_int_eq(read_data(), 0x00);
	command(0xA9);
	ck_assert_int_eq(read_data(), 0x00);
	expect_empty();
	/* Reading the empty buffer repeats the last byte harmlessly. */
	ck_assert_int_eq(inb(bus, 0x60), 0x00);
	expect_empty();
}
END_TEST

START_TEST(test_command_byte)
{
	command(0x20);
	ck_assert_int_eq(read_data(), 0x61);
	command(0x60);
	data(0x47);
	ck_assert_int_eq(status() & 0x08, 0x00);
	command(0x20);
	ck_assert_int_eq(read_data(), 0x47);
	ck_assert_int_eq(status() & 0x04, 0x04); /* SYS copied from bit 2 */
	/* 0xAD/0xAE and 0xA7/0xA8 are bits 4 and 5. */
	command(0xAD);
	command(0xA7);
	command(0x20);
	ck_assert_int_eq(read_data(), 0x77);
	command(0xAE);
	command(0xA8);
	command(0x20);
	ck_assert_int_eq(read_data(), 0x47);
	/* The other RAM bytes. */
	command(0x65);
	data(0x99);
	command(0x25);
	ck_assert_int_eq(read_data(), 0x99);
}
END_TEST

START_TEST(test_bochs_bios_keyboard_init)
{
	/* rombios.c keyboard_init: any deviation panics the BIOS. */
	int max = 0x2000;
	while (--max > 0) {
		outb(bus, 0x80, 0x00);
		if (status() & 0x01)
			inb(bus, 0x60);
	}
	command(0xAA);
	ck_assert_int_eq(read_data(), 0x55);
	command(0xAB);
	ck_assert_int_eq(read_data(), 0x00);
	command(0xAE);
	command(0xA8);
	data(0xFF);
	ck_assert_int_eq(read_data(), 0xFA);
	ck_assert_int_eq(read_data(), 0xAA);
	data(0xF5);
	ck_assert_int_eq(read_data(), 0xFA);
	command(0x60);
	data(0x61);
	data(0xF4);
	ck_assert_int_eq(read_data(), 0xFA);
	expect_empty();
}
END_TEST

START_TEST(test_irq1_follows_output_buffer)
{
	command(0xAA);
	ck_assert_int_eq(irqs.level[1], 1);
	inb(bus, 0x60);
	ck_assert_int_eq(irqs.level[1], 0);
	/* Two bytes: the line drops on each read and rises for the next. */
	data(0xFF);
	ck_assert_int_eq(irqs.level[1], 1);
	int rises = irqs.rises[1];
	ck_assert_int_eq(inb(bus, 0x60), 0xFA);
	ck_assert_int_eq(irqs.level[1], 1);
	ck_assert_int_eq(irqs.rises[1], rises + 1);
	ck_assert_int_eq(inb(bus, 0x60), 0xAA);
	ck_assert_int_eq(irqs.level[1], 0);
	/* Without the interrupt bit, data arrives silently. */
	command(0x60);
	data(0x60);
	data(0xEE);
	ck_assert_int_eq(irqs.level[1], 0);
	ck_assert_int_eq(read_data(), 0xEE);
	ck_assert_int_eq(irqs.level[12], 0);
}
END_TEST

START_TEST(test_a20_through_output_port)
{
	ck_assert(kbc_a20_enabled(kbc));
	command(0xD0);
	uint8_t port = read_data();
	ck_assert_int_eq(port & 0x03, 0x03);
	command(0xD1);
	data(port & ~0x02);
	ck_assert_int_eq(a20_calls, 1);
	ck_assert_int_eq(a20_level, 0);
	ck_assert(!kbc_a20_enabled(kbc));
	command(0xD0);
	ck_assert_int_eq(read_data() & 0x02, 0x00);
	/* Writing the same value again changes nothing. */
	command(0xD1);
	data(port & ~0x02);
	ck_assert_int_eq(a20_calls, 1);
	command(0xD1);
	data(0xDF); /* the classic "enable A20" value */
	ck_assert_int_eq(a20_calls, 2);
	ck_assert_int_eq(a20_level, 1);
	command(0xDD);
	ck_assert_int_eq(a20_level, 0);
	command(0xDF);
	ck_assert_int_eq(a20_level, 1);
	ck_assert_int_eq(resets, 0);
	/* D0 shows which device filled the output buffer. */
	command(0xD2);
	data(0x12);
	command(0xD0);
	/* 0x12 still sits in the buffer as keyboard data when D0 runs. */
	ck_assert_int_eq(read_data(), 0x12);
	ck_assert_int_eq(read_data() & 0x30, 0x10);
}
END_TEST

START_TEST(test_reset_through_pulse_and_output_port)
{
	command(0xFE);
	ck_assert_int_eq(resets, 1);
	command(0xFF); /* pulses nothing */
	command(0xFD); /* bit 1 only */
	ck_assert_int_eq(resets, 1);
	command(0xF0); /* all four lines, including reset */
	ck_assert_int_eq(resets, 2);
	command(0xD1);
	data(0xDE); /* reset line low */
	ck_assert_int_eq(resets, 3);
	command(0xD0);
	ck_assert_int_eq(read_data() & 0x01, 0x01); /* released again */
}
END_TEST

START_TEST(test_translated_scan_codes)
{
	static const uint8_t a_down[] = { 0x1C }, a_up[] = { 0xF0, 0x1C };
	static const uint8_t right_down[] = { 0xE0, 0x74 }, right_up[] = { 0xE0, 0xF0, 0x74 };
	static const uint8_t f7_down[] = { 0x83 }, esc_up[] = { 0xF0, 0x76 };
	key(a_down, 1);
	ck_assert_int_eq(irqs.level[1], 1);
	ck_assert_int_eq(read_data(), 0x1E);
	key(a_up, 2);
	ck_assert_int_eq(read_data(), 0x9E);
	key(right_down, 2);
	key(right_up, 3);
	ck_assert_int_eq(read_data(), 0xE0);
	ck_assert_int_eq(read_data(), 0x4D);
	ck_assert_int_eq(read_data(), 0xE0);
	ck_assert_int_eq(read_data(), 0xCD);
	key(f7_down, 1);
	ck_assert_int_eq(read_data(), 0x41);
	key(esc_up, 2);
	ck_assert_int_eq(read_data(), 0x81);
	expect_empty();
	ck_assert_int_eq(irqs.level[1], 0);
}
END_TEST

START_TEST(test_untranslated_and_set1)
{
	static const uint8_t a_up[] = { 0xF0, 0x1C };
	command(0x60);
	data(0x01); /* translation off */
	key(a_up, 2);
	ck_assert_int_eq(read_data(), 0xF0);
	ck_assert_int_eq(read_data(), 0x1C);
	data(0xF2);
	ck_assert_int_eq(read_data(), 0xFA);
	ck_assert_int_eq(read_data(), 0xAB);
	ck_assert_int_eq(read_data(), 0x83);
	/* The keyboard itself in set 1. */
	data(0xF0);
	ck_assert_int_eq(read_data(), 0xFA);
	data(0x01);
	ck_assert_int_eq(read_data(), 0xFA);
	data(0xF0);
	data(0x00);
	ck_assert_int_eq(read_data(), 0xFA);
	ck_assert_int_eq(read_data(), 0xFA);
	ck_assert_int_eq(read_data(), 0x01);
	key(a_up, 2);
	ck_assert_int_eq(read_data(), 0x9E);
	expect_empty();
}
END_TEST

START_TEST(test_keyboard_commands)
{
	/* Identify through translation reads AB 41, as on real PCs. */
	data(0xF2);
	ck_assert_int_eq(read_data(), 0xFA);
	ck_assert_int_eq(read_data(), 0xAB);
	ck_assert_int_eq(read_data(), 0x41);
	/* Current scan code set: 2, which translates to 0x41 too. */
	data(0xF0);
	data(0x00);
	ck_assert_int_eq(read_data(), 0xFA);
	ck_assert_int_eq(read_data(), 0xFA);
	ck_assert_int_eq(read_data(), 0x41);
	data(0xED);
	ck_assert_int_eq(read_data(), 0xFA);
	data(0x05);
	ck_assert_int_eq(read_data(), 0xFA);
	ck_assert_int_eq(kbc_keyboard_leds(kbc), KBC_LED_SCROLL_LOCK | KBC_LED_CAPS_LOCK);
	data(0xEE);
	ck_assert_int_eq(read_data(), 0xEE);
	data(0xF3);
	ck_assert_int_eq(read_data(), 0xFA);
	data(0x20);
	ck_assert_int_eq(read_data(), 0xFA);
	data(0xFE); /* resend the last byte */
	ck_assert_int_eq(read_data(), 0xFA);
	data(0x12); /* not a command */
	ck_assert_int_eq(read_data(), 0xFE);
	/* A command where a parameter was expected replaces it. */
	data(0xED);
	ck_assert_int_eq(read_data(), 0xFA);
	data(0xEE);
	ck_assert_int_eq(read_data(), 0xEE);
	expect_empty();
}
END_TEST

START_TEST(test_scanning_enable_disable)
{
	static const uint8_t a_down[] = { 0x1C };
	data(0xF5);
	ck_assert_int_eq(read_data(), 0xFA);
	key(a_down, 1);
	expect_empty();
	data(0xF4);
	ck_assert_int_eq(read_data(), 0xFA);
	key(a_down, 1);
	ck_assert_int_eq(read_data(), 0x1E);
	/* The interface disabled: keys wait in the keyboard. */
	command(0xAD);
	key(a_down, 1);
	expect_empty();
	ck_assert_int_eq(irqs.level[1], 0);
	command(0xAE);
	ck_assert_int_eq(read_data(), 0x1E);
}
END_TEST

START_TEST(test_controller_reply_before_keys)
{
	static const uint8_t a_down[] = { 0x1C }, b_down[] = { 0x32 };
	key(a_down, 1);
	key(b_down, 1);
	command(0x20);
	/* A was already in the buffer; the command byte comes next. */
	ck_assert_int_eq(read_data(), 0x1E);
	ck_assert_int_eq(read_data(), 0x61);
	ck_assert_int_eq(read_data(), 0x30);
}
END_TEST

START_TEST(test_keyboard_buffer_overflow)
{
	static const uint8_t a_down[] = { 0x1C };
	command(0xAD);
	for (int i = 0; i < 100; i++)
		key(a_down, 1);
	command(0xAE);
	int count = 0;
	while (status() & 0x01) {
		ck_assert_int_eq(inb(bus, 0x60), 0x1E);
		count++;
	}
	ck_assert_int_gt(count, 10);
	ck_assert_int_le(count, 64);
}
END_TEST

START_TEST(test_write_output_buffers)
{
	command(0xD2);
	data(0x42);
	ck_assert_int_eq(status() & 0x21, 0x01);
	ck_assert_int_eq(irqs.level[1], 1);
	ck_assert_int_eq(read_data(), 0x42);
	command(0x60);
	data(0x43); /* aux interrupt on, aux port on */
	command(0xD3);
	data(0x99);
	ck_assert_int_eq(status() & 0x21, 0x21);
	ck_assert_int_eq(irqs.level[12], 1);
	ck_assert_int_eq(irqs.level[1], 0);
	ck_assert_int_eq(read_data(), 0x99);
	ck_assert_int_eq(irqs.level[12], 0);
}
END_TEST

START_TEST(test_mouse_reset_identify_and_stream)
{
	command(0x60);
	data(0x43);
	mouse_command(0xFF);
	ck_assert_int_eq(status() & 0x21, 0x21);
	ck_assert_int_eq(irqs.level[12], 1);
	ck_assert_int_eq(read_data(), 0xFA);
	ck_assert_int_eq(read_data(), 0xAA);
	ck_assert_int_eq(read_data(), 0x00);
	ck_assert_int_eq(irqs.level[12], 0);
	mouse_command(0xF2);
	ck_assert_int_eq(read_data(), 0xFA);
	ck_assert_int_eq(read_data(), 0x00);
	/* No reporting yet. */
	kbc_mouse_event(kbc, 5, 5, 0);
	expect_empty();
	mouse_command(0xF4);
	ck_assert_int_eq(read_data(), 0xFA);
	kbc_mouse_event(kbc, 10, -3, KBC_MOUSE_LEFT);
	ck_assert_int_eq(irqs.level[12], 1);
	ck_assert_int_eq(read_data(), 0x08 | 0x20 | 0x01);
	ck_assert_int_eq(read_data(), 10);
	ck_assert_int_eq(read_data(), 0xFD);
	expect_empty();
	/* Overflowing moves are split into several packets. */
	kbc_mouse_event(kbc, -600, 0, 0);
	ck_assert_int_eq(read_data(), 0x08 | 0x10);
	ck_assert_int_eq(read_data(), 0x00);
	ck_assert_int_eq(read_data(), 0x00);
	ck_assert_int_eq(read_data(), 0x08 | 0x10);
	ck_assert_int_eq(read_data(), 0x00);
	ck_assert_int_eq(read_data(), 0x00);
	ck_assert_int_eq(read_data(), 0x08 | 0x10);
	ck_assert_int_eq(read_data(), (uint8_t)-88);
	ck_assert_int_eq(read_data(), 0x00);
	expect_empty();
	/* Aux port disabled: packets wait. */
	command(0xA7);
	kbc_mouse_event(kbc, 1, 1, 0);
	expect_empty();
	command(0xA8);
	ck_assert_int_eq(read_data(), 0x08);
	ck_assert_int_eq(read_data(), 0x01);
	ck_assert_int_eq(read_data(), 0x01);
	expect_empty();
	/* A byte sent to the mouse turns the disabled port back on, so
	 * that its reply arrives (the Bochs BIOS polls for it). */
	command(0xA7);
	command(0xD4);
	data(0xF2);
	ck_assert_int_eq(read_data(), 0xFA);
	ck_assert_int_eq(read_data(), 0x00);
	command(0x20);
	ck_assert_int_eq(read_data() & 0x20, 0);
}
END_TEST

START_TEST(test_mouse_settings_and_status)
{
	command(0x60);
	data(0x03); /* no translation; interrupts on, both ports on */
	mouse_command(0xF3);
	ck_assert_int_eq(read_data(), 0xFA);
	mouse_command(40);
	ck_assert_int_eq(read_data(), 0xFA);
	mouse_command(0xE8);
	ck_assert_int_eq(read_data(), 0xFA);
	mouse_command(3);
	ck_assert_int_eq(read_data(), 0xFA);
	mouse_command(0xE7);
	ck_assert_int_eq(read_data(), 0xFA);
	mouse_command(0xF4);
	ck_assert_int_eq(read_data(), 0xFA);
	kbc_mouse_event(kbc, 0, 0, KBC_MOUSE_RIGHT | KBC_MOUSE_MIDDLE);
	for (int i = 0; i < 3; i++)
		read_data();
	mouse_command(0xE9);
	ck_assert_int_eq(read_data(), 0xFA);
	ck_assert_int_eq(read_data(), 0x20 | 0x10 | 0x02 | 0x01);
	ck_assert_int_eq(read_data(), 3);
	ck_assert_int_eq(read_data(), 40);
	/* Set defaults. */
	mouse_command(0xF6);
	ck_assert_int_eq(read_data(), 0xFA);
	mouse_command(0xE9);
	ck_assert_int_eq(read_data(), 0xFA);
	ck_assert_int_eq(read_data(), 0x03);
	ck_assert_int_eq(read_data(), 2);
	ck_assert_int_eq(read_data(), 100);
	mouse_command(0x01); /* not a command */
	ck_assert_int_eq(read_data(), 0xFE);
}
END_TEST

START_TEST(test_mouse_intellimouse_knock)
{
	command(0x60);
	data(0x03);
	static const uint8_t rates[] = { 200, 100, 80 };
	for (int i = 0; i < 3; i++) {
		mouse_command(0xF3);
		ck_assert_int_eq(read_data(), 0xFA);
		mouse_command(rates[i]);
		ck_assert_int_eq(read_data(), 0xFA);
	}
	mouse_command(0xF2);
	ck_assert_int_eq(read_data(), 0xFA);
	ck_assert_int_eq(read_data(), 0x03);
	mouse_command(0xF4);
	ck_assert_int_eq(read_data(), 0xFA);
	kbc_mouse_event(kbc, 1, 2, 0);
	ck_assert_int_eq(read_data(), 0x08);
	ck_assert_int_eq(read_data(), 1);
	ck_assert_int_eq(read_data(), 2);
	ck_assert_int_eq(read_data(), 0);
	expect_empty();
}
END_TEST

START_TEST(test_mouse_remote_and_wrap)
{
	command(0x60);
	data(0x03);
	mouse_command(0xF0);
	ck_assert_int_eq(read_data(), 0xFA);
	kbc_mouse_event(kbc, 3, 4, 0);
	kbc_mouse_event(kbc, 3, 4, KBC_MOUSE_LEFT);
	expect_empty();
	mouse_command(0xEB);
	ck_assert_int_eq(read_data(), 0xFA);
	ck_assert_int_eq(read_data(), 0x09);
	ck_assert_int_eq(read_data(), 6);
	ck_assert_int_eq(read_data(), 8);
	mouse_command(0xEE);
	ck_assert_int_eq(read_data(), 0xFA);
	mouse_command(0x55);
	ck_assert_int_eq(read_data(), 0x55);
	mouse_command(0xF4); /* echoed, not obeyed */
	ck_assert_int_eq(read_data(), 0xF4);
	mouse_command(0xEC);
	ck_assert_int_eq(read_data(), 0xFA);
	mouse_command(0xEA);
	ck_assert_int_eq(read_data(), 0xFA);
	mouse_command(0xFE);
	ck_assert_int_eq(read_data(), 0xFA);
	expect_empty();
}
END_TEST

START_TEST(test_guest_noise_is_harmless)
{
	unsigned seed = 12345;
	for (int i = 0; i < 200000; i++) {
		seed = seed * 1103515245u + 12345u;
		uint8_t value = (uint8_t)(seed >> 16);
		uint16_t port = (seed >> 30) & 1 ? 0x64 : 0x60;
		if (port == 0x64 && (value == 0xFE || (value >= 0xF0 && !(value & 1))))
			value = 0x20;
		if ((seed >> 8) & 1)
			outb(bus, port, value);
		else
			inb(bus, port);
		if ((i & 63) == 0) {
			uint8_t codes[3] = { (uint8_t)seed, 0xF0, (uint8_t)(seed >> 8) };
			kbc_key_event(kbc, codes, (seed >> 4) % 4);
			kbc_mouse_event(kbc, (int)(seed % 2000) - 1000, (int)(seed % 777) - 300,
					seed & 0xFF);
		}
	}
	kbc_key_event(kbc, NULL, 0);
	kbc_reset(kbc);
	command(0xAA);
	ck_assert_int_eq(read_data(), 0x55);
}
END_TEST

static Suite *kbc_suite(void)
{
	Suite *s = suite_create("kbc");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_self_test_and_interface_tests);
	tcase_add_test(tc, test_command_byte);
	tcase_add_test(tc, test_bochs_bios_keyboard_init);
	tcase_add_test(tc, test_irq1_follows_output_buffer);
	tcase_add_test(tc, test_a20_through_output_port);
	tcase_add_test(tc, test_reset_through_pulse_and_output_port);
	tcase_add_test(tc, test_translated_scan_codes);
	tcase_add_test(tc, test_untranslated_and_set1);
	tcase_add_test(tc, test_keyboard_commands);
	tcase_add_test(tc, test_scanning_enable_disable);
	tcase_add_test(tc, test_controller_reply_before_keys);
	tcase_add_test(tc, test_keyboard_buffer_overflow);
	tcase_add_test(tc, test_write_output_buffers);
	tcase_add_test(tc, test_mouse_reset_identify_and_stream);
	tcase_add_test(tc, test_mouse_settings_and_status);
	tcase_add_test(tc, test_mouse_intellimouse_knock);
	tcase_add_test(tc, test_mouse_remote_and_wrap);
	tcase_add_test(tc, test_guest_noise_is_harmless);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(kbc_suite());
}
