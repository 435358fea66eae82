/* The MC146818 RTC and CMOS RAM, through ports 0x70/0x71. */
#include "iodev/cmos.h"

#include "iodev/pic.h"

#include "tests/unit/test_iodev.h"

#define MS UINT64_C(1000000)
#define SECOND UINT64_C(1000000000)

static struct iobus *bus;
static struct cmos *cmos;
static struct irq_probe irqs;

static void create_at(int64_t epoch)
{
	irqs = (struct irq_probe){ 0 };
	bus = iobus_create();
	ck_assert_ptr_nonnull(bus);
	struct irq_line irq8 = irq_probe_line(&irqs, 8);
	cmos = cmos_create(bus, &irq8, epoch);
	ck_assert_ptr_nonnull(cmos);
}

static void setup(void)
{
	create_at(CMOS_DEFAULT_EPOCH);
}

static void teardown(void)
{
	cmos_destroy(cmos);
	iobus_destroy(bus);
}

static uint8_t rd(uint8_t index)
{
	outb(bus, 0x70, index);
	return inb(bus, 0x71);
}

static void wr(uint8_t index, uint8_t value)
{
	outb(bus, 0x70, index);
	outb(bus, 0x71, value);
}

static int uip(void)
{
	return rd(0x0A) >> 7;
}

START_TEST(test_default_time_and_registers)
{
	/* 2024-01-01 00:00:00, a Monday, BCD, 24 h. */
	ck_assert_int_eq(rd(0x00), 0x00);
	ck_assert_int_eq(rd(0x02), 0x00);
	ck_assert_int_eq(rd(0x04), 0x00);
	ck_assert_int_eq(rd(0x06), 2);
	ck_assert_int_eq(rd(0x07), 0x01);
	ck_assert_int_eq(rd(0x08), 0x01);
	ck_assert_int_eq(rd(0x09), 0x24);
	ck_assert_int_eq(rd(0x32), 0x20);
	ck_assert_int_eq(rd(0x0A), 0x26);
	ck_assert_int_eq(rd(0x0B), 0x02);
	ck_assert_int_eq(rd(0x0C), 0x00);
	ck_assert_int_eq(rd(0x0D), 0x80);
	ck_assert_int_eq(inb(bus, 0x70), 0xFF);
}
END_TEST

START_TEST(test_epoch_conversion)
{
	teardown();
	create_at(INT64_C(951868799)); /* 2000-02-29 23:59:59 UTC, Tuesday */
	ck_assert_int_eq(rd(0x00), 0x59);
	ck_assert_int_eq(rd(0x02), 0x59);
	ck_assert_int_eq(rd(0x04), 0x23);
	ck_assert_int_eq(rd(0x06), 3);
	ck_assert_int_eq(rd(0x07), 0x29);
	ck_assert_int_eq(rd(0x08), 0x02);
	ck_assert_int_eq(rd(0x09), 0x00);
	ck_assert_int_eq(rd(0x32), 0x20);
	cmos_advance(cmos, SECOND);
	ck_assert_int_eq(rd(0x07), 0x01);
	ck_assert_int_eq(rd(0x08), 0x03);
	ck_assert_int_eq(rd(0x06), 4);
}
END_TEST

START_TEST(test_update_cycle_and_uip_timing)
{
	/* UIP rises 244 us (8 ticks of 32.768 kHz) before the update. */
	cmos_advance(cmos, 999755859);
	ck_assert_int_eq(uip(), 0);
	ck_assert_int_eq(rd(0x00), 0x00);
	cmos_advance(cmos, 1);
	ck_assert_int_eq(uip(), 1);
	ck_assert_int_eq(rd(0x00), 0x00);
	cmos_advance(cmos, 244139);
	ck_assert_int_eq(uip(), 1);
	cmos_advance(cmos, 1);
	ck_assert_int_eq(uip(), 0);
	ck_assert_int_eq(rd(0x00), 0x01);
	/* Writing the rate bits leaves UIP read-only. */
	wr(0x0A, 0xA6);
	ck_assert_int_eq(rd(0x0A), 0x26);
}
END_TEST

START_TEST(test_uip_falls_then_time_is_new)
{
	/* What firmware does: wait for UIP, then for it to fall, then read. */
	int polls = 0;
	while (!uip()) {
		cmos_advance(cmos, 10000);
		polls++;
	}
	ck_assert_int_gt(polls, 90000);
	uint8_t before = rd(0x00);
	while (uip())
		cmos_advance(cmos, 10000);
	ck_assert_int_eq(rd(0x00), before + 1);
}
END_TEST

START_TEST(test_rollover_new_year)
{
	teardown();
	create_at(INT64_C(1704067198)); /* 2023-12-31 23:59:58, Sunday */
	ck_assert_int_eq(rd(0x06), 1);
	cmos_advance(cmos, 2 * SECOND);
	ck_assert_int_eq(rd(0x00), 0x00);
	ck_assert_int_eq(rd(0x02), 0x00);
	ck_assert_int_eq(rd(0x04), 0x00);
	ck_assert_int_eq(rd(0x07), 0x01);
	ck_assert_int_eq(rd(0x08), 0x01);
	ck_assert_int_eq(rd(0x09), 0x24);
	ck_assert_int_eq(rd(0x06), 2);
}
END_TEST

START_TEST(test_century_rollover)
{
	teardown();
	create_at(INT64_C(4102444799)); /* 2099-12-31 23:59:59 */
	ck_assert_int_eq(rd(0x09), 0x99);
	cmos_advance(cmos, SECOND);
	ck_assert_int_eq(rd(0x09), 0x00);
	ck_assert_int_eq(rd(0x32), 0x21);
	ck_assert_int_eq(rd(0x08), 0x01);
}
END_TEST

START_TEST(test_leap_years)
{
	/* 2023 is not a leap year, 2024 is, 2100 is not. */
	teardown();
	create_at(INT64_C(1677628799)); /* 2023-02-28 23:59:59 */
	cmos_advance(cmos, SECOND);
	ck_assert_int_eq(rd(0x08), 0x03);
	ck_assert_int_eq(rd(0x07), 0x01);
	teardown();
	create_at(INT64_C(1709164799)); /* 2024-02-28 23:59:59 */
	cmos_advance(cmos, SECOND);
	ck_assert_int_eq(rd(0x08), 0x02);
	ck_assert_int_eq(rd(0x07), 0x29);
	teardown();
	create_at(INT64_C(4107542399)); /* 2100-02-28 23:59:59 */
	cmos_advance(cmos, SECOND);
	ck_assert_int_eq(rd(0x08), 0x03);
}
END_TEST

START_TEST(test_binary_and_12_hour_mode)
{
	wr(0x0B, 0x80); /* SET while the clock is being set */
	wr(0x0B, 0x84); /* binary, 12 h */
	wr(0x00, 59);
	wr(0x02, 59);
	wr(0x04, 0x80 | 11); /* 11 PM */
	wr(0x07, 31);
	wr(0x08, 12);
	wr(0x09, 23);
	wr(0x32, 20);
	wr(0x06, 1);
	wr(0x0B, 0x04);
	cmos_advance(cmos, SECOND);
	ck_assert_int_eq(rd(0x00), 0);
	ck_assert_int_eq(rd(0x02), 0);
	ck_assert_int_eq(rd(0x04), 12); /* 12 AM */
	ck_assert_int_eq(rd(0x07), 1);
	ck_assert_int_eq(rd(0x08), 1);
	ck_assert_int_eq(rd(0x09), 24);
	ck_assert_int_eq(rd(0x06), 2);
	/* 11:59:59 AM becomes 12 PM, which becomes 1 PM. */
	wr(0x04, 11);
	wr(0x02, 59);
	wr(0x00, 59);
	cmos_advance(cmos, SECOND);
	ck_assert_int_eq(rd(0x04), 0x80 | 12);
	wr(0x02, 59);
	wr(0x00, 59);
	cmos_advance(cmos, SECOND);
	ck_assert_int_eq(rd(0x04), 0x80 | 1);
}
END_TEST

START_TEST(test_bcd_12_hour_mode)
{
	wr(0x0B, 0x00); /* BCD, 12 h */
	wr(0x04, 0x12); /* 12 AM */
	wr(0x02, 0x59);
	wr(0x00, 0x59);
	cmos_advance(cmos, SECOND);
	ck_assert_int_eq(rd(0x04), 0x01);
	wr(0x04, 0x80 | 0x09);
	wr(0x02, 0x59);
	wr(0x00, 0x59);
	cmos_advance(cmos, SECOND);
	ck_assert_int_eq(rd(0x04), 0x80 | 0x10);
}
END_TEST

START_TEST(test_set_bit_inhibits_updates)
{
	wr(0x0B, 0x82);
	cmos_advance(cmos, SECOND - 1000);
	ck_assert_int_eq(uip(), 0);
	cmos_advance(cmos, 5 * SECOND);
	ck_assert_int_eq(rd(0x00), 0x00);
	wr(0x0B, 0x02);
	cmos_advance(cmos, SECOND);
	ck_assert_int_eq(rd(0x00), 0x01);
}
END_TEST

START_TEST(test_periodic_interrupt)
{
	/* Rate 6: 1024 Hz, 976.5625 us. */
	ck_assert_uint_eq(cmos_next_event(cmos), CMOS_NO_EVENT);
	wr(0x0B, 0x42);
	ck_assert_uint_eq(cmos_next_event(cmos), 976563);
	cmos_advance(cmos, 976562);
	ck_assert_int_eq(irqs.level[8], 0);
	cmos_advance(cmos, 1);
	ck_assert_int_eq(irqs.level[8], 1);
	/* Register C reads, then clears, and IRQ 8 falls. */
	ck_assert_int_eq(rd(0x0C), 0xC0);
	ck_assert_int_eq(irqs.level[8], 0);
	ck_assert_int_eq(rd(0x0C), 0x00);
	/* Rate 15: 2 Hz. */
	wr(0x0A, 0x2F);
	uint64_t next = cmos_next_event(cmos);
	ck_assert_uint_gt(next, 490 * MS);
	ck_assert_uint_le(next, 500 * MS);
	cmos_advance(cmos, next);
	ck_assert_int_eq(irqs.level[8], 1);
	ck_assert_int_eq(rd(0x0C) & 0x40, 0x40);
}
END_TEST

START_TEST(test_periodic_flag_without_enable)
{
	cmos_advance(cmos, 2 * MS);
	ck_assert_int_eq(irqs.level[8], 0);
	ck_assert_int_eq(rd(0x0C), 0x40); /* PF without IRQF */
	/* Enabling PIE with PF pending raises IRQ 8 at once. */
	cmos_advance(cmos, 2 * MS);
	wr(0x0B, 0x42);
	ck_assert_int_eq(irqs.level[8], 1);
	ck_assert_int_eq(rd(0x0C), 0xC0);
	/* Rate 0 stops the periodic flag. */
	wr(0x0A, 0x20);
	cmos_advance(cmos, 100 * MS);
	ck_assert_int_eq(rd(0x0C), 0x00);
}
END_TEST

START_TEST(test_periodic_count_over_one_second)
{
	wr(0x0A, 0x2A); /* 64 Hz */
	wr(0x0B, 0x42);
	int interrupts = 0;
	for (int i = 0; i < 64; i++) {
		uint64_t next = cmos_next_event(cmos);
		cmos_advance(cmos, next);
		ck_assert_int_eq(irqs.level[8], 1);
		ck_assert_int_eq(rd(0x0C) & 0xC0, 0xC0);
		interrupts++;
	}
	ck_assert_int_eq(interrupts, 64);
	ck_assert_int_eq(rd(0x00), 0x01); /* exactly one second went by */
}
END_TEST

START_TEST(test_update_ended_interrupt)
{
	wr(0x0A, 0x20); /* no periodic flag in the way */
	wr(0x0B, 0x12);
	ck_assert_uint_eq(cmos_next_event(cmos), SECOND);
	cmos_advance(cmos, SECOND - 1);
	ck_assert_int_eq(irqs.level[8], 0);
	cmos_advance(cmos, 1);
	ck_assert_int_eq(irqs.level[8], 1);
	ck_assert_int_eq(rd(0x0C), 0x90);
	ck_assert_int_eq(irqs.level[8], 0);
	/* Setting SET clears UIE. */
	wr(0x0B, 0x92);
	ck_assert_int_eq(rd(0x0B), 0x82);
}
END_TEST

START_TEST(test_alarm_interrupt)
{
	wr(0x0A, 0x20);
	wr(0x01, 0x05);
	wr(0x03, 0x00);
	wr(0x05, 0x00);
	wr(0x0B, 0x22);
	cmos_advance(cmos, 4 * SECOND);
	ck_assert_int_eq(irqs.level[8], 0);
	ck_assert_int_eq(rd(0x0C) & 0x20, 0x00);
	cmos_advance(cmos, SECOND);
	ck_assert_int_eq(irqs.level[8], 1);
	ck_assert_int_eq(rd(0x0C), 0xB0); /* IRQF, AF and UF */
	cmos_advance(cmos, SECOND);
	ck_assert_int_eq(irqs.level[8], 0);
	/* "Don't care" bytes: every second. */
	wr(0x01, 0xC0);
	wr(0x03, 0xFF);
	wr(0x05, 0xC3);
	cmos_advance(cmos, SECOND);
	ck_assert_int_eq(irqs.level[8], 1);
	ck_assert_int_eq(rd(0x0C), 0xB0);
}
END_TEST

START_TEST(test_divider_reset_and_release)
{
	wr(0x0A, 0x70); /* divider in reset */
	cmos_advance(cmos, 3 * SECOND);
	ck_assert_int_eq(rd(0x00), 0x00);
	ck_assert_int_eq(uip(), 0);
	ck_assert_uint_eq(cmos_next_event(cmos), CMOS_NO_EVENT);
	wr(0x0A, 0x26);
	/* "The first update cycle begins one-half second later." */
	cmos_advance(cmos, 499 * MS);
	ck_assert_int_eq(rd(0x00), 0x00);
	cmos_advance(cmos, 1 * MS);
	ck_assert_int_eq(rd(0x00), 0x01);
}
END_TEST

START_TEST(test_long_advance)
{
	cmos_advance(cmos, (uint64_t)(3 * 86400 + 3600 + 61) * SECOND);
	ck_assert_int_eq(rd(0x07), 0x04);
	ck_assert_int_eq(rd(0x04), 0x01);
	ck_assert_int_eq(rd(0x02), 0x01);
	ck_assert_int_eq(rd(0x00), 0x01);
	ck_assert_int_eq(rd(0x06), 5);
}
END_TEST

START_TEST(test_nvram_and_nmi_mask)
{
	ck_assert(cmos_nmi_enabled(cmos));
	outb(bus, 0x70, 0x8F); /* what SeaBIOS does first */
	ck_assert(!cmos_nmi_enabled(cmos));
	outb(bus, 0x71, 0x5A);
	ck_assert_int_eq(cmos_get_byte(cmos, 0x0F), 0x5A);
	outb(bus, 0x70, 0x0F);
	ck_assert(cmos_nmi_enabled(cmos));
	ck_assert_int_eq(inb(bus, 0x71), 0x5A);
	for (unsigned i = 0x0E; i < 0x80; i++)
		wr((uint8_t)i, (uint8_t)(i ^ 0xA5));
	for (unsigned i = 0x0E; i < 0x80; i++)
		ck_assert_int_eq(rd((uint8_t)i), (uint8_t)(i ^ 0xA5));
	/* Register C and D are read-only. */
	wr(0x0C, 0xFF);
	wr(0x0D, 0x00);
	ck_assert_int_eq(rd(0x0C), 0x00);
	ck_assert_int_eq(rd(0x0D), 0x80);
	/* Out-of-range host accesses are harmless. */
	cmos_set_byte(cmos, 128, 1);
	cmos_set_byte(cmos, 100000, 1);
	ck_assert_int_eq(cmos_get_byte(cmos, 200), 0xFF);
}
END_TEST

START_TEST(test_checksum)
{
	cmos_set_byte(cmos, 0x10, 0x40);
	cmos_set_byte(cmos, 0x14, 0x0F);
	cmos_set_byte(cmos, 0x2D, 0xFF);
	cmos_set_byte(cmos, 0x2E, 0x77);
	cmos_set_byte(cmos, 0x30, 0x99); /* outside the summed range */
	cmos_update_checksum(cmos);
	uint16_t sum = 0x40 + 0x0F + 0xFF;
	ck_assert_int_eq(rd(0x2E), sum >> 8);
	ck_assert_int_eq(rd(0x2F), sum & 0xFF);
}
END_TEST

START_TEST(test_garbage_clock_values_are_harmless)
{
	wr(0x0B, 0x02);
	for (int v = 0; v < 256; v += 17) {
		for (uint8_t r = 0; r <= 9; r++)
			wr(r, (uint8_t)v);
		wr(0x32, (uint8_t)v);
		cmos_advance(cmos, 3 * SECOND);
	}
	wr(0x0B, 0x00);
	wr(0x04, 0xFF);
	cmos_advance(cmos, 90 * SECOND);
	wr(0x0B, 0x06);
	wr(0x08, 0xEE);
	wr(0x07, 0xEE);
	cmos_advance(cmos, 90000 * SECOND);
	ck_assert_int_le(rd(0x00), 59);
}
END_TEST

/* cmos_next_event's promise, for every periodic rate. */
START_TEST(test_next_event_is_exact)
{
	wr(0x0B, 0x42);
	for (uint8_t rate = 1; rate < 16; rate++) {
		wr(0x0A, (uint8_t)(0x20 | rate));
		for (int i = 0; i < 5; i++) {
			rd(0x0C);
			uint64_t next = cmos_next_event(cmos);
			ck_assert_uint_ne(next, CMOS_NO_EVENT);
			cmos_advance(cmos, next - 1);
			ck_assert_int_eq(irqs.level[8], 0);
			cmos_advance(cmos, 1);
			ck_assert_int_eq(irqs.level[8], 1);
		}
	}
}
END_TEST

START_TEST(test_guest_noise_is_harmless)
{
	unsigned seed = 5;
	for (int i = 0; i < 200000; i++) {
		seed = seed * 1103515245u + 12345u;
		uint16_t port = (seed >> 16) & 1 ? 0x71 : 0x70;
		if ((seed >> 8) & 1)
			outb(bus, port, (uint8_t)(seed >> 21));
		else
			inb(bus, port);
		if ((i & 15) == 0) {
			cmos_advance(cmos, (uint64_t)(seed % 3000000));
			cmos_next_event(cmos);
		}
	}
	cmos_advance(cmos, 100 * SECOND);
	ck_assert_int_eq(rd(0x0D), 0x80);
}
END_TEST

/* Wired as on the board: IRQ 8 through the slave PIC. */
START_TEST(test_irq8_through_the_pic)
{
	struct iobus *board = iobus_create();
	struct pic *pic = pic_create(board, NULL);
	struct irq_line irq8 = pic_irq_line(pic, 8);
	struct cmos *rtc = cmos_create(board, &irq8, CMOS_DEFAULT_EPOCH);
	static const uint8_t init[][2] = { { 0x20, 0x11 }, { 0x21, 0x08 }, { 0x21, 0x04 },
					   { 0x21, 0x01 }, { 0xA0, 0x11 }, { 0xA1, 0x70 },
					   { 0xA1, 0x02 }, { 0xA1, 0x01 }, { 0x21, 0xFB },
					   { 0xA1, 0xFE }, { 0x70, 0x0B }, { 0x71, 0x42 } };
	for (unsigned i = 0; i < sizeof(init) / sizeof(init[0]); i++)
		outb(board, init[i][0], init[i][1]);
	cmos_advance(rtc, cmos_next_event(rtc));
	ck_assert(pic_has_interrupt(pic));
	ck_assert_int_eq(pic_acknowledge(pic), 0x70);
	/* The handler reads C, which drops IRQ 8, and ends both levels. */
	outb(board, 0x70, 0x0C);
	ck_assert_int_eq(inb(board, 0x71), 0xC0);
	outb(board, 0xA0, 0x20);
	outb(board, 0x20, 0x20);
	ck_assert(!pic_has_interrupt(pic));
	cmos_advance(rtc, cmos_next_event(rtc));
	ck_assert(pic_has_interrupt(pic));
	cmos_destroy(rtc);
	pic_destroy(pic);
	iobus_destroy(board);
}
END_TEST

static Suite *cmos_suite(void)
{
	Suite *s = suite_create("cmos");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_default_time_and_registers);
	tcase_add_test(tc, test_epoch_conversion);
	tcase_add_test(tc, test_update_cycle_and_uip_timing);
	tcase_add_test(tc, test_uip_falls_then_time_is_new);
	tcase_add_test(tc, test_rollover_new_year);
	tcase_add_test(tc, test_century_rollover);
	tcase_add_test(tc, test_leap_years);
	tcase_add_test(tc, test_binary_and_12_hour_mode);
	tcase_add_test(tc, test_bcd_12_hour_mode);
	tcase_add_test(tc, test_set_bit_inhibits_updates);
	tcase_add_test(tc, test_periodic_interrupt);
	tcase_add_test(tc, test_periodic_flag_without_enable);
	tcase_add_test(tc, test_periodic_count_over_one_second);
	tcase_add_test(tc, test_update_ended_interrupt);
	tcase_add_test(tc, test_alarm_interrupt);
	tcase_add_test(tc, test_divider_reset_and_release);
	tcase_add_test(tc, test_long_advance);
	tcase_add_test(tc, test_nvram_and_nmi_mask);
	tcase_add_test(tc, test_checksum);
	tcase_add_test(tc, test_garbage_clock_values_are_harmless);
	tcase_add_test(tc, test_next_event_is_exact);
	tcase_add_test(tc, test_irq8_through_the_pic);
	tcase_add_test(tc, test_guest_noise_is_harmless);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(cmos_suite());
}
