/* The 8254 PIT; see pit.h.  Quotes are from the Intel 8254 datasheet.
 *
 * Each counter is modelled clock by clock in counter_clock(), which is
 * the reference for what one CLK pulse does.  pit_advance() only calls
 * it at the pulses where something other than a plain decrement happens
 * (a load, an OUT change, a reload) and decrements arithmetically in
 * between, so advancing by a million ticks is as cheap as by one. */
#include "iodev/pit.h"

#include <stdio.h>
#include <stdlib.h>

#define PIT_COUNTERS 3

struct pit_counter {
	/* Programming, from the last control word. */
	uint8_t control; /* its bits 5-0 (RW, M, BCD), for the status byte */
	uint8_t mode; /* 0-5 (modes 6 and 7 are 2 and 3) */
	uint8_t access; /* 1 = LSB only, 2 = MSB only, 3 = LSB then MSB */
	bool bcd;

	/* The count register (CR) and its transfer to the counting element. */
	uint16_t count_register;
	uint8_t lsb_written; /* first half of an LSB-then-MSB write */
	bool write_msb_next;
	bool count_written; /* a whole count arrived since the control word */
	bool load_pending; /* CR goes to CE on the next CLK pulse */
	bool null_count; /* CR written but not yet transferred */
	bool mode0_stalled; /* mode 0: first byte of two written */

	/* The counting element (CE).  It holds 1..modulus after a load (the
	 * modulus standing for a count of 0) and 0..modulus-1 once it wraps;
	 * reads show it modulo the modulus. */
	uint32_t ce;
	bool counting; /* the CE holds a loaded count */
	bool armed; /* modes 1, 4, 5: the terminal count still matters */
	uint32_t period; /* modes 2 and 3: the count in use, 1..modulus */
	bool gate;
	bool out;

	/* Reading. */
	uint16_t latched_count;
	bool count_latched;
	uint8_t latched_status;
	bool status_latched;
	bool read_msb_next;
};

struct pit {
	struct pit_counter counter[PIT_COUNTERS];
	struct irq_line irq0;
	uint64_t now; /* ticks since creation */
	uint8_t port_b; /* bits 0-3 of port 0x61 as written */
};

static uint32_t counter_modulus(const struct pit_counter *c)
{
	return c->bcd ? 10000 : 65536;
}

static uint16_t to_bcd(uint32_t value)
{
	value %= 10000;
	return (uint16_t)((value / 1000) << 12 | (value / 100 % 10) << 8 | (value / 10 % 10) << 4 |
			  value % 10);
}

/* The count N the CR stands for, 1..modulus.  Digits above 9 in a BCD
 * count are taken at face value; the result is kept in range. */
static uint32_t counter_initial_count(const struct pit_counter *c)
{
	uint32_t raw = c->count_register;
	uint32_t modulus = counter_modulus(c);
	if (c->bcd)
		raw = ((raw >> 12) & 15) * 1000 + ((raw >> 8) & 15) * 100 + ((raw >> 4) & 15) * 10 +
		      (raw & 15);
	raw %= modulus;
	return raw ? raw : modulus;
}

/* What the CE reads as, in the counter's number format. */
static uint16_t counter_value(const struct pit_counter *c)
{
	uint32_t value = c->ce % counter_modulus(c);
	return c->bcd ? to_bcd(value) : (uint16_t)value;
}

/* Mode 2 and 3: start a period with the CR, taking a new count if one
 * was written ("a new count ... is loaded at the end of the current
 * period/half-cycle"). */
static void counter_reload(struct pit_counter *c)
{
	c->period = counter_initial_count(c);
	c->null_count = false;
	/* Mode 3 counts down by two from the even part of N; an odd N
	 * spends one extra clock at zero in the high half. */
	c->ce = c->mode == 3 ? (c->period & ~1u) : c->period;
}

/* The CLK pulse that transfers CR to CE; it does not decrement. */
static void counter_load(struct pit_counter *c)
{
	c->load_pending = false;
	c->counting = true;
	switch (c->mode) {
	case 2:
	case 3:
		counter_reload(c);
		break;
	case 1:
		/* "OUT will go low on the CLK pulse following a trigger." */
		c->out = false;
		/* fall through */
	default:
		c->ce = counter_initial_count(c);
		c->null_count = false;
		c->armed = true;
		break;
	}
}

static uint32_t decrement(const struct pit_counter *c, uint32_t ce)
{
	return ce ? ce - 1 : counter_modulus(c) - 1;
}

/* Whether the CE moves on this pulse at all. */
static bool counter_decrements(const struct pit_counter *c)
{
	if (!c->counting)
		return false;
	switch (c->mode) {
	case 0:
		return c->gate && !c->mode0_stalled;
	case 1:
	case 5:
		return true; /* the gate only triggers */
	default:
		return c->gate; /* "GATE = 0 disables counting" */
	}
}

/* One CLK pulse.  Returns true when it began a period of mode 2 or 3. */
static bool counter_clock(struct pit_counter *c)
{
	if (c->load_pending) {
		counter_load(c);
		return c->mode == 2 || c->mode == 3;
	}
	if (!c->counting)
		return false;
	/* A strobe lasts one clock, gate or not. */
	if ((c->mode == 4 || c->mode == 5) && !c->out) {
		c->out = true;
	}
	if (!counter_decrements(c))
		return false;
	switch (c->mode) {
	case 0:
		c->ce = decrement(c, c->ce);
		if (c->ce == 0)
			c->out = true; /* "OUT then goes high and remains high" */
		return false;
	case 1:
	case 4:
	case 5:
		c->ce = decrement(c, c->ce);
		if (c->ce == 0 && c->armed) {
			c->armed = false;
			/* Mode 1 ends its pulse; modes 4 and 5 strobe low. */
			c->out = c->mode == 1;
		}
		return false;
	case 2:
		/* "When the initial count has decremented to 1, OUT goes low
		 * for one CLK pulse.  OUT then goes high again, the Counter
		 * reloads the initial count and the process is repeated." */
		if (!c->out) {
			c->out = true;
			counter_reload(c);
			return true;
		}
		c->ce = decrement(c, c->ce);
		if (c->ce == 1) {
			c->out = false;
		} else if (c->ce == 0) { /* a count of 1, which is illegal */
			counter_reload(c);
			return true;
		}
		return false;
	default: /* 3 */
		/* "When the count expires OUT changes value and the Counter is
		 * reloaded"; for odd counts, "one CLK pulse after the count
		 * expires, OUT goes low" in the high half. */
		if (c->ce != 0) {
			c->ce -= 2;
			if (c->ce != 0 || (c->out && (c->period & 1)))
				return false;
		}
		c->out = !c->out;
		counter_reload(c);
		return c->out;
	}
}

/* Pulses until counter_clock() does more than decrement: the load, an
 * OUT change or a reload happen on the returned pulse.  0 means never
 * (the counter only decrements, or stands still). */
static uint64_t counter_ticks_to_event(const struct pit_counter *c)
{
	if (c->load_pending)
		return 1;
	if (!c->counting)
		return 0;
	if ((c->mode == 4 || c->mode == 5) && !c->out)
		return 1;
	if (!counter_decrements(c))
		return 0;
	switch (c->mode) {
	case 0:
		return c->out ? 0 : c->ce;
	case 1:
	case 4:
	case 5:
		return c->armed ? c->ce : 0;
	case 2:
		if (!c->out || c->ce < 2)
			return 1;
		return c->ce - 1;
	default: /* 3 */
		return c->ce == 0 ? 1 : c->ce / 2;
	}
}

/* ticks plain decrements, none of which reaches an event. */
static void counter_decrement_by(struct pit_counter *c, uint64_t ticks)
{
	if (ticks == 0 || !counter_decrements(c))
		return;
	uint64_t step = (c->mode == 3 ? 2 : 1) * ticks;
	uint32_t modulus = counter_modulus(c);
	if (step <= c->ce)
		c->ce -= (uint32_t)step;
	else /* wrapping after the terminal count in modes 0, 1, 4, 5 */
		c->ce = (uint32_t)((c->ce + modulus - step % modulus) % modulus);
}

static void pit_out_changed(struct pit *pit, int index)
{
	if (index == 0)
		irq_set(&pit->irq0, pit->counter[0].out);
}

static void counter_advance(struct pit *pit, int index, uint64_t ticks)
{
	struct pit_counter *c = &pit->counter[index];
	while (ticks > 0) {
		uint64_t until = counter_ticks_to_event(c);
		if (until == 0 || until > ticks) {
			counter_decrement_by(c, ticks);
			return;
		}
		counter_decrement_by(c, until - 1);
		ticks -= until;
		bool was = c->out;
		bool period_start = counter_clock(c);
		if (c->out != was)
			pit_out_changed(pit, index);
		/* Whole periods change nothing but deliver their edges; IRQ 0
		 * latches only one of them anyway. */
		if (period_start && !c->null_count && ticks >= c->period) {
			ticks %= c->period;
			if (index == 0 && c->out) {
				irq_set(&pit->irq0, 0);
				irq_set(&pit->irq0, 1);
			}
		}
	}
}

void pit_advance(struct pit *pit, uint64_t ticks)
{
	for (int i = 0; i < PIT_COUNTERS; i++)
		counter_advance(pit, i, ticks);
	pit->now += ticks;
}

uint64_t pit_next_event(const struct pit *pit)
{
	struct pit_counter c = pit->counter[0];
	uint64_t total = 0;
	/* A rising edge is at most four events away (load, the odd mode 3
	 * clock, the fall, the rise). */
	for (int i = 0; i < 6; i++) {
		uint64_t until = counter_ticks_to_event(&c);
		if (until == 0)
			return PIT_NO_EVENT;
		counter_decrement_by(&c, until - 1);
		total += until;
		bool was = c.out;
		counter_clock(&c);
		if (!was && c.out)
			return total;
	}
	return total;
}

uint64_t pit_ticks(const struct pit *pit)
{
	return pit->now;
}

static void counter_set_gate(struct pit *pit, int index, bool level)
{
	struct pit_counter *c = &pit->counter[index];
	bool rising = level && !c->gate;
	bool was = c->out;
	c->gate = level;
	switch (c->mode) {
	case 1:
	case 5:
		/* A trigger (re)loads the count on the next CLK pulse. */
		if (rising && c->count_written)
			c->load_pending = true;
		break;
	case 2:
	case 3:
		/* "If GATE goes low during an output pulse, OUT is set high
		 * immediately.  A trigger reloads the Counter with the
		 * initial count on the next CLK pulse." */
		if (!level)
			c->out = true;
		if (rising && c->count_written)
			c->load_pending = true;
		break;
	default: /* 0, 4: the gate only pauses counting */
		break;
	}
	if (c->out != was)
		pit_out_changed(pit, index);
}

static void counter_latch_count(struct pit_counter *c)
{
	/* "If a Counter is latched and then, some time later, latched again
	 * before the count is read, the second Counter Latch Command is
	 * ignored." */
	if (c->count_latched)
		return;
	c->latched_count = counter_value(c);
	c->count_latched = true;
}

static void counter_latch_status(struct pit_counter *c)
{
	if (c->status_latched)
		return;
	c->latched_status = (uint8_t)((c->out ? 0x80 : 0) | (c->null_count ? 0x40 : 0) | c->control);
	c->status_latched = true;
}

static void counter_write_control(struct pit *pit, int index, uint8_t value)
{
	struct pit_counter *c = &pit->counter[index];
	uint8_t access = (value >> 4) & 3;
	if (access == 0) {
		counter_latch_count(c);
		return;
	}
	/* "When a Control Word is written to a Counter, all Control Logic
	 * is immediately reset and OUT goes to a known initial state"; the
	 * counter waits for a count. */
	bool was = c->out;
	c->control = value & 0x3F;
	c->access = access;
	c->mode = (value >> 1) & 7;
	if (c->mode > 5)
		c->mode -= 4;
	c->bcd = value & 1;
	c->write_msb_next = false;
	c->read_msb_next = false;
	c->count_latched = false;
	c->status_latched = false;
	c->count_written = false;
	c->load_pending = false;
	c->null_count = true;
	c->mode0_stalled = false;
	c->counting = false;
	c->armed = false;
	c->out = c->mode != 0;
	if (c->out != was)
		pit_out_changed(pit, index);
}

static void counter_write_count(struct pit *pit, int index, uint8_t value)
{
	struct pit_counter *c = &pit->counter[index];
	bool was = c->out;
	switch (c->access) {
	case 1:
		c->count_register = value;
		break;
	case 2:
		c->count_register = (uint16_t)(value << 8);
		break;
	default:
		if (!c->write_msb_next) {
			c->lsb_written = value;
			c->write_msb_next = true;
			/* Mode 0: "Writing the first byte disables counting.
			 * OUT is set low immediately (no clock pulse
			 * required)." */
			if (c->mode == 0) {
				c->mode0_stalled = true;
				c->out = false;
				if (was)
					pit_out_changed(pit, index);
			}
			return;
		}
		c->write_msb_next = false;
		c->count_register = (uint16_t)(value << 8 | c->lsb_written);
		break;
	}
	c->count_written = true;
	c->null_count = true;
	c->mode0_stalled = false;
	switch (c->mode) {
	case 0:
		c->out = false;
		c->load_pending = true;
		break;
	case 4:
		c->load_pending = true; /* a new count retriggers */
		break;
	case 2:
	case 3:
		/* The first count starts the counter; later ones wait for the
		 * end of the period. */
		if (!c->counting)
			c->load_pending = true;
		break;
	default: /* 1, 5: wait for a trigger */
		break;
	}
	if (c->out != was)
		pit_out_changed(pit, index);
}

static uint8_t counter_read(struct pit_counter *c)
{
	if (c->status_latched) {
		c->status_latched = false;
		return c->latched_status;
	}
	uint16_t value = c->count_latched ? c->latched_count : counter_value(c);
	bool msb;
	switch (c->access) {
	case 1:
		msb = false;
		break;
	case 2:
		msb = true;
		break;
	default:
		msb = c->read_msb_next;
		c->read_msb_next = !c->read_msb_next;
		break;
	}
	/* A latched count is released once all of it was read. */
	if (c->count_latched && (msb || c->access == 1))
		c->count_latched = false;
	return msb ? (uint8_t)(value >> 8) : (uint8_t)value;
}

static void pit_write_control(struct pit *pit, uint8_t value)
{
	int select = value >> 6;
	if (select < 3) {
		counter_write_control(pit, select, value);
		return;
	}
	/* Read-back: bit 5 = 0 latches counts, bit 4 = 0 latches status,
	 * bits 1-3 select counters 0-2. */
	for (int i = 0; i < PIT_COUNTERS; i++) {
		if (!(value & (2u << i)))
			continue;
		if (!(value & 0x20))
			counter_latch_count(&pit->counter[i]);
		if (!(value & 0x10))
			counter_latch_status(&pit->counter[i]);
	}
}

static uint32_t pit_port_read(void *opaque, uint16_t port, unsigned size)
{
	struct pit *pit = opaque;
	int index = port - PIT_BASE;
	if (index >= PIT_COUNTERS)
		return 0xFF; /* the control word register is write-only */
	return counter_read(&pit->counter[index]);
}

static void pit_port_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
	struct pit *pit = opaque;
	int index = port - PIT_BASE;
	if (index >= PIT_COUNTERS)
		pit_write_control(pit, (uint8_t)value);
	else if (index >= 0)
		counter_write_count(pit, index, (uint8_t)value);
}

static uint32_t port_b_read(void *opaque, uint16_t port, unsigned size)
{
	struct pit *pit = opaque;
	uint8_t value = pit->port_b & 0x0F;
	if ((pit->now / PIT_REFRESH_TICKS) & 1)
		value |= 0x10;
	if (pit->counter[2].out)
		value |= 0x20;
	return value;
}

static void port_b_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
	struct pit *pit = opaque;
	pit->port_b = (uint8_t)value & 0x0F;
	counter_set_gate(pit, 2, value & 1);
}

void pit_reset(struct pit *pit)
{
	for (int i = 0; i < PIT_COUNTERS; i++) {
		/* Before the firmware programs it a counter sits as after a
		 * mode 0 control word with no count: OUT low, not counting. */
		pit->counter[i] = (struct pit_counter){
			.access = 3,
			.control = 0x30,
			.null_count = true,
			/* Gates 0 and 1 are tied high on the PC. */
			.gate = i != 2,
		};
	}
	pit->port_b = 0;
	irq_set(&pit->irq0, 0);
}

struct pit *pit_create(struct iobus *bus, const struct irq_line *irq0)
{
	struct pit *pit = calloc(1, sizeof(*pit));
	if (!pit)
		return NULL;
	/* Reset before connecting IRQ 0: no callbacks during creation. */
	pit_reset(pit);
	if (irq0)
		pit->irq0 = *irq0;
	if (iobus_register(bus, PIT_BASE, 4, IO_WIDTH_8, pit_port_read, pit_port_write, pit, "pit") ||
	    iobus_register(bus, PIT_PORT_B, 1, IO_WIDTH_8, port_b_read, port_b_write, pit,
			   "port-b")) {
		free(pit);
		return NULL;
	}
	return pit;
}

void pit_destroy(struct pit *pit)
{
	free(pit);
}

bool pit_output(const struct pit *pit, int counter)
{
	if (counter < 0 || counter >= PIT_COUNTERS)
		return false;
	return pit->counter[counter].out;
}

bool pit_speaker_level(const struct pit *pit)
{
	return (pit->port_b & 0x02) && pit->counter[2].out;
}

/* ---- the debugger's "info pit" ---- */

void pit_print_state(const struct pit *pit, FILE *out)
{
	static const char *const access[] = {"latch", "LSB", "MSB", "LSB then MSB"};
	static const char *const uses[] = {"IRQ 0", "DRAM refresh", "speaker"};
	for (int n = 0; n < PIT_COUNTERS; n++) {
		const struct pit_counter *c = &pit->counter[n];
		fprintf(out, "counter %d (port 0x%02x, %s): mode %u, %s, %s", n, PIT_BASE + n, uses[n], c->mode,
			access[c->access & 3], c->bcd ? "BCD" : "binary");
		if (!c->counting) {
			fprintf(out, ", not loaded%s, OUT %s, GATE %s\n", c->null_count ? " (count written)" : "",
				c->out ? "high" : "low", c->gate ? "high" : "low");
			continue;
		}
		uint32_t initial = counter_initial_count(c);
		fprintf(out, ", count %u (reload %u, %.3f Hz), OUT %s, GATE %s%s%s%s\n", c->ce % counter_modulus(c), initial,
			(double)PIT_CLOCK_HZ / initial, c->out ? "high" : "low", c->gate ? "high" : "low",
			c->null_count ? ", new count pending" : "", c->count_latched ? ", count latched" : "",
			c->status_latched ? ", status latched" : "");
	}
	fprintf(out, "port 0x61: 0x%02x (speaker gate %s, speaker data %s), %llu ticks since power-on\n", pit->port_b,
		pit->port_b & 1 ? "on" : "off", pit->port_b & 2 ? "on" : "off", (unsigned long long)pit->now);
}
