/* The 8254 PIT and port 0x61, driven through their ports the way
 * firmware and Linux calibrate against them. */
#include "iodev/pit.h"

#include "iodev/pic.h"

#include "tests/unit/test_iodev.h"

static struct iobus *bus;
static struct pit *pit;
static struct irq_probe irqs;

static void setup(void)
{
	irqs = (struct irq_probe){ 0 };
	bus = iobus_create();
	ck_assert_ptr_nonnull(bus);
	struct irq_line irq0 = irq_probe_line(&irqs, 0);
	pit = pit_create(bus, &irq0);
	ck_assert_ptr_nonnull(pit);
}

static void teardown(void)
{
	pit_destroy(pit);
	iobus_destroy(bus);
}

static void program(int counter, uint8_t mode_bits, uint16_t count)
{
	outb(bus, 0x43, (uint8_t)(counter << 6 | 0x30 | mode_bits));
	outb(bus, (uint16_t)(0x40 + counter), (uint8_t)count);
	outb(bus, (uint16_t)(0x40 + counter), (uint8_t)(count >> 8));
	/* The control word itself may raise OUT0; count edges from here. */
	irqs.rises[0] = 0;
}

static uint16_t read_count(int counter)
{
	outb(bus, 0x43, (uint8_t)(counter << 6)); /* counter latch */
	uint8_t lo = inb(bus, (uint16_t)(0x40 + counter));
	uint8_t hi = inb(bus, (uint16_t)(0x40 + counter));
	return (uint16_t)(hi << 8 | lo);
}

/* Two reads of a counter port, low byte first. */
static uint16_t read_pair(uint16_t port)
{
	uint8_t lo = inb(bus, port);
	uint8_t hi = inb(bus, port);
	return (uint16_t)(hi << 8 | lo);
}

static int out2(void)
{
	return (inb(bus, 0x61) >> 5) & 1;
}

/* Gate 2 on, speaker off: what Linux's pit_calibrate_tsc and SeaBIOS do. */
static void gate2_on(void)
{
	outb(bus, 0x61, (inb(bus, 0x61) & ~0x02) | 0x01);
}

START_TEST(test_mode0_channel2_calibration)
{
	gate2_on();
	ck_assert_int_eq(inb(bus, 0x61) & 0x03, 0x01);
	outb(bus, 0x43, 0xB0); /* counter 2, LSB then MSB, mode 0, binary */
	ck_assert_int_eq(out2(), 0);
	outb(bus, 0x42, 0x00);
	outb(bus, 0x42, 0x08); /* 0x800 */
	/* "For an initial count of N, OUT does not go high until N + 1
	 * CLK pulses after the initial count is written." */
	pit_advance(pit, 0x800);
	ck_assert_int_eq(out2(), 0);
	ck_assert_int_eq(read_count(2), 1);
	pit_advance(pit, 1);
	ck_assert_int_eq(out2(), 1);
	ck_assert_int_eq(read_count(2), 0);
	/* It stays high while the counter wraps and goes on. */
	pit_advance(pit, 10);
	ck_assert_int_eq(out2(), 1);
	ck_assert_int_eq(read_count(2), 0xFFF6);
	pit_advance(pit, 200000);
	ck_assert_int_eq(out2(), 1);
}
END_TEST

START_TEST(test_mode0_counts_only_with_gate)
{
	/* Gate 2 low: the count is loaded but does not move. */
	outb(bus, 0x61, 0x00);
	program(2, 0x00, 100);
	pit_advance(pit, 50);
	ck_assert_int_eq(read_count(2), 100);
	ck_assert_int_eq(out2(), 0);
	gate2_on();
	pit_advance(pit, 99);
	ck_assert_int_eq(read_count(2), 1);
	ck_assert_int_eq(out2(), 0);
	pit_advance(pit, 1);
	ck_assert_int_eq(out2(), 1);
}
END_TEST

START_TEST(test_mode0_first_byte_stops_counting)
{
	gate2_on();
	program(2, 0x00, 1000);
	pit_advance(pit, 101);
	ck_assert_int_eq(read_count(2), 900);
	outb(bus, 0x42, 0x10);
	ck_assert_int_eq(out2(), 0);
	pit_advance(pit, 50);
	ck_assert_int_eq(read_count(2), 900);
	outb(bus, 0x42, 0x00); /* new count 0x0010 */
	pit_advance(pit, 1);
	ck_assert_int_eq(read_count(2), 16);
	pit_advance(pit, 16);
	ck_assert_int_eq(out2(), 1);
}
END_TEST

START_TEST(test_mode0_irq0)
{
	program(0, 0x00, 500);
	ck_assert_int_eq(irqs.level[0], 0);
	ck_assert_uint_eq(pit_next_event(pit), 501);
	pit_advance(pit, 500);
	ck_assert_int_eq(irqs.level[0], 0);
	pit_advance(pit, 1);
	ck_assert_int_eq(irqs.level[0], 1);
	ck_assert_int_eq(irqs.rises[0], 1);
	ck_assert_uint_eq(pit_next_event(pit), PIT_NO_EVENT);
}
END_TEST

START_TEST(test_mode2_rate_generator)
{
	program(0, 0x04, 100); /* 0x34: what SeaBIOS and Linux write */
	ck_assert_int_eq(irqs.level[0], 1);
	ck_assert_uint_eq(pit_next_event(pit), 101);
	pit_advance(pit, 100);
	/* "When the initial count has decremented to 1, OUT goes low for
	 * one CLK pulse." */
	ck_assert_int_eq(irqs.level[0], 0);
	ck_assert_int_eq(read_count(0), 1);
	pit_advance(pit, 1);
	ck_assert_int_eq(irqs.level[0], 1);
	ck_assert_int_eq(irqs.rises[0], 1);
	ck_assert_int_eq(read_count(0), 100);
	ck_assert_uint_eq(pit_next_event(pit), 100);
	for (int i = 0; i < 10; i++)
		pit_advance(pit, 100);
	ck_assert_int_eq(irqs.rises[0], 11);
	ck_assert_int_eq(read_count(0), 100);
	pit_advance(pit, 30);
	ck_assert_int_eq(read_count(0), 70);
	ck_assert_uint_eq(pit_next_event(pit), 70);
}
END_TEST

START_TEST(test_mode2_new_count_waits_for_period_end)
{
	program(0, 0x04, 100);
	pit_advance(pit, 51);
	ck_assert_int_eq(read_count(0), 50);
	outb(bus, 0x40, 10);
	outb(bus, 0x40, 0);
	pit_advance(pit, 10);
	ck_assert_int_eq(read_count(0), 40);
	pit_advance(pit, 40);
	ck_assert_int_eq(read_count(0), 10);
	pit_advance(pit, 10);
	ck_assert_int_eq(read_count(0), 10);
	ck_assert_int_eq(irqs.rises[0], 2);
}
END_TEST

START_TEST(test_mode2_large_advance_is_cheap_and_exact)
{
	program(0, 0x04, 1000);
	pit_advance(pit, 1);
	uint64_t before = (uint64_t)irqs.rises[0];
	pit_advance(pit, 1000ull * 1000000ull + 123);
	ck_assert_int_gt(irqs.rises[0], (int)before);
	ck_assert_int_eq(irqs.level[0], 1);
	ck_assert_int_eq(read_count(0), 1000 - 123);
}
END_TEST

START_TEST(test_mode3_square_wave_even)
{
	gate2_on();
	program(2, 0x06, 10);
	ck_assert_int_eq(out2(), 1);
	pit_advance(pit, 1); /* load */
	ck_assert_int_eq(read_count(2), 10);
	pit_advance(pit, 4);
	ck_assert_int_eq(out2(), 1);
	ck_assert_int_eq(read_count(2), 2);
	pit_advance(pit, 1);
	ck_assert_int_eq(out2(), 0);
	pit_advance(pit, 4);
	ck_assert_int_eq(out2(), 0);
	pit_advance(pit, 1);
	ck_assert_int_eq(out2(), 1);
}
END_TEST

START_TEST(test_mode3_square_wave_odd)
{
	/* "OUT is high for (N + 1)/2 counts and low for (N - 1)/2". */
	program(0, 0x06, 5);
	ck_assert_uint_eq(pit_next_event(pit), 6);
	pit_advance(pit, 1);
	ck_assert_int_eq(read_count(0), 4);
	int high = 0, low = 0;
	for (int i = 0; i < 50; i++) {
		pit_advance(pit, 1);
		if (irqs.level[0])
			high++;
		else
			low++;
	}
	ck_assert_int_eq(high, 30);
	ck_assert_int_eq(low, 20);
	ck_assert_int_eq(irqs.rises[0], 10);
}
END_TEST

START_TEST(test_mode3_gate_low_forces_out_high)
{
	gate2_on();
	program(2, 0x06, 8);
	pit_advance(pit, 6);
	ck_assert_int_eq(out2(), 0);
	outb(bus, 0x61, 0x00);
	ck_assert_int_eq(out2(), 1);
	pit_advance(pit, 100);
	ck_assert_int_eq(out2(), 1);
	/* The rising gate reloads on the next pulse. */
	gate2_on();
	pit_advance(pit, 1);
	ck_assert_int_eq(read_count(2), 8);
	pit_advance(pit, 4);
	ck_assert_int_eq(out2(), 0);
}
END_TEST

START_TEST(test_mode1_one_shot)
{
	outb(bus, 0x61, 0x00);
	program(2, 0x02, 5);
	ck_assert_int_eq(out2(), 1);
	pit_advance(pit, 10);
	ck_assert_int_eq(out2(), 1); /* waits for a trigger */
	gate2_on();
	pit_advance(pit, 1);
	ck_assert_int_eq(out2(), 0);
	pit_advance(pit, 4);
	ck_assert_int_eq(out2(), 0);
	pit_advance(pit, 1);
	ck_assert_int_eq(out2(), 1);
	pit_advance(pit, 100);
	ck_assert_int_eq(out2(), 1);
	/* Retrigger. */
	outb(bus, 0x61, 0x00);
	gate2_on();
	pit_advance(pit, 3);
	ck_assert_int_eq(out2(), 0);
	ck_assert_int_eq(read_count(2), 3);
}
END_TEST

START_TEST(test_mode4_software_strobe)
{
	program(0, 0x08, 3);
	ck_assert_int_eq(irqs.level[0], 1);
	pit_advance(pit, 3);
	ck_assert_int_eq(irqs.level[0], 1);
	pit_advance(pit, 1);
	ck_assert_int_eq(irqs.level[0], 0);
	ck_assert_uint_eq(pit_next_event(pit), 1);
	pit_advance(pit, 1);
	ck_assert_int_eq(irqs.level[0], 1);
	ck_assert_uint_eq(pit_next_event(pit), PIT_NO_EVENT);
	pit_advance(pit, 70000);
	ck_assert_int_eq(irqs.level[0], 1);
}
END_TEST

START_TEST(test_mode5_hardware_strobe)
{
	outb(bus, 0x61, 0x00);
	program(2, 0x0A, 4);
	gate2_on();
	pit_advance(pit, 4);
	ck_assert_int_eq(out2(), 1);
	pit_advance(pit, 1);
	ck_assert_int_eq(out2(), 0);
	pit_advance(pit, 1);
	ck_assert_int_eq(out2(), 1);
}
END_TEST

START_TEST(test_latch_holds_value)
{
	program(0, 0x04, 1000);
	pit_advance(pit, 101);
	outb(bus, 0x43, 0x00);
	pit_advance(pit, 50);
	outb(bus, 0x43, 0x00); /* ignored: already latched */
	ck_assert_int_eq(inb(bus, 0x40), 900 & 0xFF);
	pit_advance(pit, 50);
	ck_assert_int_eq(inb(bus, 0x40), 900 >> 8);
	/* Released: reads follow the counter again. */
	ck_assert_int_eq(read_count(0), 800);
}
END_TEST

START_TEST(test_unlatched_reads_and_flip_flop)
{
	program(0, 0x04, 0x1234);
	pit_advance(pit, 1);
	ck_assert_int_eq(inb(bus, 0x40), 0x34);
	ck_assert_int_eq(inb(bus, 0x40), 0x12);
	ck_assert_int_eq(inb(bus, 0x40), 0x34);
	/* A control word resets the flip-flop. */
	outb(bus, 0x43, 0x34);
	outb(bus, 0x40, 0x78);
	outb(bus, 0x40, 0x56);
	pit_advance(pit, 1);
	ck_assert_int_eq(inb(bus, 0x40), 0x78);
	ck_assert_int_eq(inb(bus, 0x40), 0x56);
}
END_TEST

START_TEST(test_lsb_only_and_msb_only)
{
	outb(bus, 0x43, 0x14); /* counter 0, LSB only, mode 2 */
	outb(bus, 0x40, 0x40);
	pit_advance(pit, 1);
	ck_assert_int_eq(inb(bus, 0x40), 0x40);
	ck_assert_int_eq(inb(bus, 0x40), 0x40);
	outb(bus, 0x43, 0x24); /* MSB only */
	outb(bus, 0x40, 0x02);
	pit_advance(pit, 1);
	ck_assert_int_eq(inb(bus, 0x40), 0x02);
	pit_advance(pit, 0x100);
	ck_assert_int_eq(inb(bus, 0x40), 0x01);
	outb(bus, 0x43, 0x00); /* latch, read as MSB only */
	ck_assert_int_eq(inb(bus, 0x40), 0x01);
}
END_TEST

START_TEST(test_read_back_status_and_count)
{
	program(0, 0x04, 300);
	/* Read-back, status only, counter 0: null count until loaded. */
	outb(bus, 0x43, 0xE2);
	ck_assert_int_eq(inb(bus, 0x40), 0x80 | 0x40 | 0x34);
	pit_advance(pit, 1);
	outb(bus, 0x43, 0xE2);
	ck_assert_int_eq(inb(bus, 0x40), 0x80 | 0x34);
	pit_advance(pit, 299); /* count 1: OUT low */
	/* Count and status together: status first, then the count. */
	outb(bus, 0x43, 0xC2);
	pit_advance(pit, 5);
	ck_assert_int_eq(inb(bus, 0x40), 0x34);
	ck_assert_int_eq(inb(bus, 0x40), 1);
	ck_assert_int_eq(inb(bus, 0x40), 0);
	/* 0xD2: count only (the SeaBIOS timer probe without a TSC). */
	outb(bus, 0x43, 0xD2);
	pit_advance(pit, 7);
	uint16_t latched = read_pair(0x40);
	ck_assert_int_eq(latched, 296);
}
END_TEST

START_TEST(test_read_back_several_counters)
{
	gate2_on();
	program(0, 0x04, 1000);
	program(2, 0x00, 2000);
	pit_advance(pit, 11);
	outb(bus, 0x43, 0xCA); /* counters 0 and 2, count and status */
	pit_advance(pit, 100);
	ck_assert_int_eq(inb(bus, 0x40), 0x80 | 0x34);
	ck_assert_int_eq(inb(bus, 0x42), 0x30);
	uint16_t c0 = read_pair(0x40);
	uint16_t c2 = read_pair(0x42);
	ck_assert_int_eq(c0, 990);
	ck_assert_int_eq(c2, 1990);
	/* A status latched twice keeps the first. */
	outb(bus, 0x43, 0xE8);
	pit_advance(pit, 2000);
	outb(bus, 0x43, 0xE8);
	ck_assert_int_eq(inb(bus, 0x42), 0x30);
	outb(bus, 0x43, 0xE8);
	ck_assert_int_eq(inb(bus, 0x42), 0xB0);
}
END_TEST

START_TEST(test_bcd_counting)
{
	gate2_on();
	program(2, 0x01, 0x1000); /* mode 0, BCD 1000 */
	pit_advance(pit, 2);
	ck_assert_int_eq(read_count(2), 0x0999);
	pit_advance(pit, 989);
	ck_assert_int_eq(read_count(2), 0x0010);
	pit_advance(pit, 10);
	ck_assert_int_eq(out2(), 1);
	ck_assert_int_eq(read_count(2), 0x0000);
	pit_advance(pit, 1);
	ck_assert_int_eq(read_count(2), 0x9999);
	/* A BCD count of 0 is 10000. */
	program(2, 0x01, 0x0000);
	pit_advance(pit, 10000);
	ck_assert_int_eq(out2(), 0);
	ck_assert_int_eq(read_count(2), 0x0001);
	pit_advance(pit, 1);
	ck_assert_int_eq(out2(), 1);
	/* Status shows the BCD bit. */
	outb(bus, 0x43, 0xE8);
	ck_assert_int_eq(inb(bus, 0x42), 0x80 | 0x31);
}
END_TEST

START_TEST(test_binary_count_zero_is_65536)
{
	program(0, 0x04, 0); /* Linux's and the BIOS's 18.2 Hz */
	ck_assert_uint_eq(pit_next_event(pit), 65537);
	pit_advance(pit, 65537);
	ck_assert_int_eq(irqs.rises[0], 1);
	ck_assert_uint_eq(pit_next_event(pit), 65536);
}
END_TEST

START_TEST(test_refresh_toggle)
{
	uint8_t first = inb(bus, 0x61) & 0x10;
	int toggles = 0;
	for (int i = 0; i < 18 * 100; i++) {
		pit_advance(pit, 1);
		uint8_t now = inb(bus, 0x61) & 0x10;
		if (now != first)
			toggles++;
		first = now;
	}
	ck_assert_int_eq(toggles, 100);
}
END_TEST

START_TEST(test_port_b_bits)
{
	outb(bus, 0x61, 0xFF);
	ck_assert_int_eq(inb(bus, 0x61) & 0xCF, 0x0F);
	program(2, 0x06, 4);
	ck_assert(pit_speaker_level(pit));
	outb(bus, 0x61, 0x01);
	ck_assert(!pit_speaker_level(pit));
	ck_assert_int_eq(inb(bus, 0x43), 0xFF);
}
END_TEST

/* Compares the arithmetic fast path with one pulse at a time. */
static void compare_step_by_step(int mode, uint16_t count, unsigned chunk)
{
	struct iobus *bus2 = iobus_create();
	struct irq_probe irqs2 = { 0 };
	struct irq_line line = irq_probe_line(&irqs2, 0);
	struct pit *pit2 = pit_create(bus2, &line);
	ck_assert_ptr_nonnull(pit2);
	uint8_t control = (uint8_t)(0x30 | mode << 1);
	struct iobus *both[2] = { bus, bus2 };
	for (int b = 0; b < 2; b++) {
		outb(both[b], 0x61, 0x01);
		outb(both[b], 0x43, control);
		outb(both[b], 0x40, (uint8_t)count);
		outb(both[b], 0x40, (uint8_t)(count >> 8));
		outb(both[b], 0x43, 0xB0 | (uint8_t)(mode << 1));
		outb(both[b], 0x42, (uint8_t)count);
		outb(both[b], 0x42, (uint8_t)(count >> 8));
	}
	for (int round = 0; round < 40; round++) {
		unsigned n = chunk + (unsigned)round * 7;
		pit_advance(pit, n);
		for (unsigned i = 0; i < n; i++)
			pit_advance(pit2, 1);
		for (uint16_t port = 0x40; port <= 0x42; port += 2) {
			outb(bus, 0x43, (uint8_t)((port - 0x40) << 6));
			outb(bus2, 0x43, (uint8_t)((port - 0x40) << 6));
			ck_assert_int_eq(inb(bus, port), inb(bus2, port));
			ck_assert_int_eq(inb(bus, port), inb(bus2, port));
		}
		ck_assert_int_eq(irqs.level[0], irqs2.level[0]);
		ck_assert_int_eq(inb(bus, 0x61), inb(bus2, 0x61));
		ck_assert_int_eq(irqs.rises[0] > 0, irqs2.rises[0] > 0);
		if (round == 20) { /* a trigger and a new count midway */
			for (int b = 0; b < 2; b++) {
				outb(both[b], 0x61, 0x00);
				outb(both[b], 0x61, 0x01);
				outb(both[b], 0x40, 0x21);
				outb(both[b], 0x40, 0x01);
			}
		}
	}
	pit_destroy(pit2);
	iobus_destroy(bus2);
}

START_TEST(test_fast_path_matches_single_steps)
{
	static const uint16_t counts[] = { 2, 3, 7, 100, 255, 1000 };
	static const unsigned chunks[] = { 1, 5, 33, 999 };
	for (int mode = 0; mode < 6; mode++)
		for (unsigned c = 0; c < sizeof(counts) / sizeof(counts[0]); c++)
			for (unsigned k = 0; k < sizeof(chunks) / sizeof(chunks[0]); k++) {
				teardown();
				setup();
				compare_step_by_step(mode, counts[c], chunks[k]);
			}
}
END_TEST

START_TEST(test_illegal_counts_do_not_hang)
{
	program(0, 0x04, 1); /* mode 2, count 1 */
	pit_advance(pit, 5000000000ull);
	program(0, 0x06, 1); /* mode 3, count 1 */
	pit_advance(pit, 5000000000ull);
	ck_assert_uint_ne(pit_next_event(pit), 0);
	program(0, 0x0E, 3); /* mode 7 is mode 3 */
	outb(bus, 0x43, 0xE2);
	ck_assert_int_eq(inb(bus, 0x40) & 0x0E, 0x0E);
	pit_advance(pit, 1);
	ck_assert_int_eq(read_count(0), 2);
}
END_TEST

/* pit_next_event's promise: the edge comes on exactly that tick. */
START_TEST(test_next_event_is_exact)
{
	static const uint8_t modes[] = { 0x00, 0x04, 0x06, 0x08 };
	unsigned seed = 4242;
	for (int round = 0; round < 300; round++) {
		seed = seed * 1103515245u + 12345u;
		uint16_t count = (uint16_t)((seed >> 12) % 3000 + 2);
		program(0, modes[(seed >> 8) % 4], count);
		pit_advance(pit, (seed >> 4) % 50);
		for (int edge = 0; edge < 3; edge++) {
			uint64_t next = pit_next_event(pit);
			if (next == PIT_NO_EVENT)
				break;
			int rises = irqs.rises[0];
			pit_advance(pit, next - 1);
			ck_assert_int_eq(irqs.rises[0], rises);
			pit_advance(pit, 1);
			ck_assert_int_eq(irqs.rises[0], rises + 1);
			ck_assert_int_eq(irqs.level[0], 1);
		}
	}
}
END_TEST

START_TEST(test_guest_noise_is_harmless)
{
	unsigned seed = 1;
	for (int i = 0; i < 200000; i++) {
		seed = seed * 1103515245u + 12345u;
		static const uint16_t ports[5] = { 0x40, 0x41, 0x42, 0x43, 0x61 };
		uint16_t port = ports[(seed >> 16) % 5];
		if ((seed >> 8) & 1)
			outb(bus, port, (uint8_t)(seed >> 21));
		else
			inb(bus, port);
		if ((i & 7) == 0) {
			pit_advance(pit, (seed & 0x8000) ? (uint64_t)seed << 8 : seed % 100);
			pit_next_event(pit);
		}
	}
	ck_assert_uint_gt(pit_ticks(pit), 0);
}
END_TEST

/* Wired as on the board: OUT0 to the PIC's IRQ 0, as SeaBIOS sets up. */
/* "info pit": the counters in words, counts as the CE holds them. */
START_TEST(test_print_state)
{
	program(0, 0x04, 0); /* mode 2, 65536: the BIOS's 18.2 Hz */
	program(2, 0x06, 1193); /* mode 3: a 1 kHz tone */
	outb(bus, 0x61, 0x03);
	pit_advance(pit, 1 + 100);
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	ck_assert_ptr_nonnull(out);
	pit_print_state(pit, out);
	fclose(out);
	ck_assert_msg(strstr(text, "counter 0 (port 0x40, IRQ 0): mode 2, LSB then MSB, binary, count 65436 (reload 65536, "
				   "18.207 Hz), OUT high, GATE high\n"),
		      "%s", text);
	ck_assert_msg(strstr(text, "counter 1 (port 0x41, DRAM refresh): "), "%s", text);
	ck_assert_msg(strstr(text, "counter 2 (port 0x42, speaker): mode 3, LSB then MSB, binary, count "), "%s", text);
	ck_assert_msg(strstr(text, "(reload 1193, 1000.153 Hz)"), "%s", text);
	ck_assert_msg(strstr(text, "port 0x61: 0x03 (speaker gate on, speaker data on), 101 ticks since power-on\n"), "%s",
		      text);
	free(text);
}
END_TEST

START_TEST(test_irq0_through_the_pic)
{
	struct iobus *board = iobus_create();
	struct irq_probe cpu = { 0 };
	struct irq_line intr = irq_probe_line(&cpu, 0);
	struct pic *pic = pic_create(board, &intr);
	struct irq_line irq0 = pic_irq_line(pic, 0);
	struct pit *timer = pit_create(board, &irq0);
	static const uint8_t init[][2] = { { 0x20, 0x11 }, { 0x21, 0x08 }, { 0x21, 0x04 },
					   { 0x21, 0x01 }, { 0xA0, 0x11 }, { 0xA1, 0x70 },
					   { 0xA1, 0x02 }, { 0xA1, 0x01 }, { 0x21, 0xFE },
					   { 0x43, 0x34 }, { 0x40, 0x00 }, { 0x40, 0x00 } };
	for (unsigned i = 0; i < sizeof(init) / sizeof(init[0]); i++)
		outb(board, init[i][0], init[i][1]);
	/* Programming mode 2 raised OUT0: that first edge is an interrupt. */
	ck_assert(pic_has_interrupt(pic));
	ck_assert_int_eq(pic_acknowledge(pic), 0x08);
	outb(board, 0x20, 0x20);
	for (int tick = 0; tick < 3; tick++) {
		uint64_t next = pit_next_event(timer);
		ck_assert_uint_eq(next, tick == 0 ? 65537 : 65536);
		pit_advance(timer, next - 1);
		ck_assert(!pic_has_interrupt(pic));
		pit_advance(timer, 1);
		ck_assert(pic_has_interrupt(pic));
		ck_assert_int_eq(cpu.level[0], 1);
		ck_assert_int_eq(pic_acknowledge(pic), 0x08);
		outb(board, 0x20, 0x20);
	}
	pit_destroy(timer);
	pic_destroy(pic);
	iobus_destroy(board);
}
END_TEST

static Suite *pit_suite(void)
{
	Suite *s = suite_create("pit");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_mode0_channel2_calibration);
	tcase_add_test(tc, test_mode0_counts_only_with_gate);
	tcase_add_test(tc, test_mode0_first_byte_stops_counting);
	tcase_add_test(tc, test_mode0_irq0);
	tcase_add_test(tc, test_mode2_rate_generator);
	tcase_add_test(tc, test_mode2_new_count_waits_for_period_end);
	tcase_add_test(tc, test_mode2_large_advance_is_cheap_and_exact);
	tcase_add_test(tc, test_mode3_square_wave_even);
	tcase_add_test(tc, test_mode3_square_wave_odd);
	tcase_add_test(tc, test_mode3_gate_low_forces_out_high);
	tcase_add_test(tc, test_mode1_one_shot);
	tcase_add_test(tc, test_mode4_software_strobe);
	tcase_add_test(tc, test_mode5_hardware_strobe);
	tcase_add_test(tc, test_latch_holds_value);
	tcase_add_test(tc, test_unlatched_reads_and_flip_flop);
	tcase_add_test(tc, test_lsb_only_and_msb_only);
	tcase_add_test(tc, test_read_back_status_and_count);
	tcase_add_test(tc, test_read_back_several_counters);
	tcase_add_test(tc, test_bcd_counting);
	tcase_add_test(tc, test_binary_count_zero_is_65536);
	tcase_add_test(tc, test_refresh_toggle);
	tcase_add_test(tc, test_port_b_bits);
	tcase_add_test(tc, test_fast_path_matches_single_steps);
	tcase_add_test(tc, test_illegal_counts_do_not_hang);
	tcase_add_test(tc, test_next_event_is_exact);
	tcase_add_test(tc, test_irq0_through_the_pic);
	tcase_add_test(tc, test_print_state);
	tcase_add_test(tc, test_guest_noise_is_harmless);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(pit_suite());
}
