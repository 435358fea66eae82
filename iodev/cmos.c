/* The MC146818 RTC; see cmos.h.  Quotes are from the Motorola MC146818A
 * datasheet.
 *
 * The clock runs on the 32.768 kHz time base: a 15-stage divider counts
 * 32768 ticks a second, the periodic interrupt taps it, and the update
 * cycle happens when it wraps.  UIP rises 8 ticks (244.14 us, the
 * datasheet's "244 us") before the update.  The update itself is taken
 * as instantaneous, so a program that waits for UIP to fall always reads
 * a consistent, just-updated time. */
#include "iodev/cmos.h"

#include <stdio.h>
#include <stdlib.h>

#define NS_PER_SECOND UINT64_C(1000000000)
#define TICKS_PER_SECOND 32768u
#define UIP_TICKS 8u

/* Register A */
#define REG_A_UIP 0x80
#define REG_A_DIVIDER 0x70
#define REG_A_RATE 0x0F
#define DIVIDER_32KHZ 0x20 /* DV2-0 = 010: the PC's crystal, running */
/* Register B */
#define REG_B_SET 0x80
#define REG_B_PIE 0x40
#define REG_B_AIE 0x20
#define REG_B_UIE 0x10
#define REG_B_BINARY 0x04
#define REG_B_24H 0x02
/* Register C */
#define REG_C_IRQF 0x80
#define REG_C_PF 0x40
#define REG_C_AF 0x20
#define REG_C_UF 0x10
/* Register D */
#define REG_D_VRT 0x80

struct cmos {
	uint8_t ram[CMOS_SIZE];
	uint8_t index;
	bool nmi_disabled;
	uint32_t divider; /* ticks into the current second, 0..32767 */
	uint64_t tick_fraction; /* nanoseconds x 32768 not yet a whole tick, < 1e9 */
	struct irq_line irq8;
	int irq_level;
};

static bool cmos_running(const struct cmos *cmos)
{
	return (cmos->ram[CMOS_REG_A] & REG_A_DIVIDER) == DIVIDER_32KHZ;
}

static bool cmos_binary(const struct cmos *cmos)
{
	return cmos->ram[CMOS_REG_B] & REG_B_BINARY;
}

/* Ticks between periodic interrupts for rate bits RS3-0, or 0 for none.
 * With the 32.768 kHz time base, rates 1 and 2 give 256 and 128 Hz (as
 * 8 and 9 do); rate n >= 3 gives 65536 >> n Hz. */
static uint32_t periodic_ticks(unsigned rate)
{
	if (rate == 0)
		return 0;
	if (rate < 3)
		rate += 7;
	return 1u << (rate - 1);
}

static void cmos_update_irq(struct cmos *cmos)
{
	uint8_t c = cmos->ram[CMOS_REG_C];
	uint8_t b = cmos->ram[CMOS_REG_B];
	bool irqf = ((c & REG_C_PF) && (b & REG_B_PIE)) || ((c & REG_C_AF) && (b & REG_B_AIE)) ||
		    ((c & REG_C_UF) && (b & REG_B_UIE));
	if (irqf)
		c |= REG_C_IRQF;
	else
		c &= (uint8_t)~REG_C_IRQF;
	cmos->ram[CMOS_REG_C] = c;
	if (irqf != cmos->irq_level) {
		cmos->irq_level = irqf;
		irq_set(&cmos->irq8, irqf);
	}
}

/* Clock register values in the format register B selects.  Digits above
 * 9 in BCD are taken at face value; the calendar copes with any result. */
static unsigned decode(const struct cmos *cmos, uint8_t raw)
{
	return cmos_binary(cmos) ? raw : (unsigned)(raw >> 4) * 10 + (raw & 15);
}

static uint8_t encode(const struct cmos *cmos, unsigned value)
{
	value %= 100;
	return cmos_binary(cmos) ? (uint8_t)value : (uint8_t)((value / 10) << 4 | value % 10);
}

/* Hours as 0-23, whatever register B's 12/24 h mode. */
static unsigned hours_24(const struct cmos *cmos, uint8_t raw)
{
	if (cmos->ram[CMOS_REG_B] & REG_B_24H)
		return decode(cmos, raw);
	/* 12-hour mode: 1-12, bit 7 set for PM. */
	unsigned hour = decode(cmos, raw & 0x7F) % 12;
	return (raw & 0x80) ? hour + 12 : hour;
}

static uint8_t encode_hours(const struct cmos *cmos, unsigned hour)
{
	if (cmos->ram[CMOS_REG_B] & REG_B_24H)
		return encode(cmos, hour);
	unsigned twelve = hour % 12 ? hour % 12 : 12;
	return (uint8_t)(encode(cmos, twelve) | (hour >= 12 ? 0x80 : 0));
}

static bool leap_year(unsigned year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static unsigned days_in_month(unsigned month, unsigned year)
{
	static const uint8_t days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (month < 1 || month > 12)
		return 31;
	if (month == 2 && leap_year(year))
		return 29;
	return days[month - 1];
}

/* One second on, carrying through the calendar. */
static void cmos_tick_clock(struct cmos *cmos)
{
	uint8_t *r = cmos->ram;
	unsigned seconds = decode(cmos, r[CMOS_SECONDS]) + 1;
	if (seconds < 60) {
		r[CMOS_SECONDS] = encode(cmos, seconds);
		return;
	}
	r[CMOS_SECONDS] = encode(cmos, 0);
	unsigned minutes = decode(cmos, r[CMOS_MINUTES]) + 1;
	if (minutes < 60) {
		r[CMOS_MINUTES] = encode(cmos, minutes);
		return;
	}
	r[CMOS_MINUTES] = encode(cmos, 0);
	unsigned hours = hours_24(cmos, r[CMOS_HOURS]) + 1;
	if (hours < 24) {
		r[CMOS_HOURS] = encode_hours(cmos, hours);
		return;
	}
	r[CMOS_HOURS] = encode_hours(cmos, 0);
	r[CMOS_DAY_OF_WEEK] = encode(cmos, decode(cmos, r[CMOS_DAY_OF_WEEK]) % 7 + 1);
	unsigned century = decode(cmos, r[CMOS_CENTURY]);
	unsigned year = decode(cmos, r[CMOS_YEAR]);
	unsigned month = decode(cmos, r[CMOS_MONTH]);
	unsigned day = decode(cmos, r[CMOS_DAY_OF_MONTH]) + 1;
	if (day <= days_in_month(month, century * 100 + year % 100)) {
		r[CMOS_DAY_OF_MONTH] = encode(cmos, day);
		return;
	}
	r[CMOS_DAY_OF_MONTH] = encode(cmos, 1);
	if (month + 1 <= 12) {
		r[CMOS_MONTH] = encode(cmos, month + 1);
		return;
	}
	r[CMOS_MONTH] = encode(cmos, 1);
	if (year + 1 <= 99) {
		r[CMOS_YEAR] = encode(cmos, year + 1);
		return;
	}
	/* The MC146818 itself wraps to 00; a PC's century byte follows, as
	 * on the chipset RTCs that keep it. */
	r[CMOS_YEAR] = encode(cmos, 0);
	r[CMOS_CENTURY] = encode(cmos, century + 1);
}

static bool alarm_matches(uint8_t alarm, uint8_t now)
{
	/* "A 'don't care' state may be coded into any of the three alarm
	 * bytes by setting the two most-significant bits to ones." */
	return (alarm & 0xC0) == 0xC0 || alarm == now;
}

static void cmos_update_cycle(struct cmos *cmos)
{
	uint8_t *r = cmos->ram;
	/* "SET = 1 ... the update cycle is inhibited." */
	if (r[CMOS_REG_B] & REG_B_SET)
		return;
	cmos_tick_clock(cmos);
	if (alarm_matches(r[CMOS_SECONDS_ALARM], r[CMOS_SECONDS]) &&
	    alarm_matches(r[CMOS_MINUTES_ALARM], r[CMOS_MINUTES]) &&
	    alarm_matches(r[CMOS_HOURS_ALARM], r[CMOS_HOURS]))
		r[CMOS_REG_C] |= REG_C_AF;
	r[CMOS_REG_C] |= REG_C_UF;
}

/* Lets the divider run ticks times. */
static void cmos_advance_ticks(struct cmos *cmos, uint64_t ticks)
{
	if (!cmos_running(cmos))
		return;
	uint32_t period = periodic_ticks(cmos->ram[CMOS_REG_A] & REG_A_RATE);
	while (ticks > 0) {
		uint32_t to_second = TICKS_PER_SECOND - cmos->divider;
		uint32_t step = ticks < to_second ? (uint32_t)ticks : to_second;
		/* The periodic flag rises whenever the tapped divider stage
		 * does: at each multiple of the period. */
		if (period && (cmos->divider + step) / period != cmos->divider / period)
			cmos->ram[CMOS_REG_C] |= REG_C_PF;
		cmos->divider += step;
		ticks -= step;
		if (cmos->divider == TICKS_PER_SECOND) {
			cmos->divider = 0;
			cmos_update_cycle(cmos);
		}
	}
	cmos_update_irq(cmos);
}

void cmos_advance(struct cmos *cmos, uint64_t nanoseconds)
{
	/* In chunks small enough that nanoseconds x 32768 fits 64 bits. */
	const uint64_t chunk_limit = UINT64_C(1000000000000);
	while (nanoseconds > 0) {
		uint64_t chunk = nanoseconds < chunk_limit ? nanoseconds : chunk_limit;
		nanoseconds -= chunk;
		cmos->tick_fraction += chunk * TICKS_PER_SECOND;
		uint64_t ticks = cmos->tick_fraction / NS_PER_SECOND;
		cmos->tick_fraction %= NS_PER_SECOND;
		cmos_advance_ticks(cmos, ticks);
	}
}

/* Nanoseconds until ticks more ticks have gone by. */
static uint64_t cmos_ticks_to_ns(const struct cmos *cmos, uint64_t ticks)
{
	uint64_t needed = ticks * NS_PER_SECOND - cmos->tick_fraction;
	return (needed + TICKS_PER_SECOND - 1) / TICKS_PER_SECOND;
}

uint64_t cmos_next_event(const struct cmos *cmos)
{
	if (!cmos_running(cmos))
		return CMOS_NO_EVENT;
	uint8_t b = cmos->ram[CMOS_REG_B];
	uint64_t ticks = UINT64_MAX;
	uint32_t period = periodic_ticks(cmos->ram[CMOS_REG_A] & REG_A_RATE);
	if ((b & REG_B_PIE) && period)
		ticks = period - cmos->divider % period;
	if ((b & (REG_B_UIE | REG_B_AIE)) && !(b & REG_B_SET)) {
		uint64_t to_update = TICKS_PER_SECOND - cmos->divider;
		if (to_update < ticks)
			ticks = to_update;
	}
	return ticks == UINT64_MAX ? CMOS_NO_EVENT : cmos_ticks_to_ns(cmos, ticks);
}

static uint8_t cmos_read_register(struct cmos *cmos, uint8_t index)
{
	uint8_t value = cmos->ram[index];
	switch (index) {
	case CMOS_REG_A:
		/* "When UIP is a 0, the update cycle is not in progress and
		 * will not be for at least 244 us."  Setting SET clears it. */
		value &= (uint8_t)~REG_A_UIP;
		if (cmos_running(cmos) && !(cmos->ram[CMOS_REG_B] & REG_B_SET) &&
		    cmos->divider >= TICKS_PER_SECOND - UIP_TICKS)
			value |= REG_A_UIP;
		return value;
	case CMOS_REG_C:
		/* "All flag bits are cleared after Register C is read." */
		cmos->ram[CMOS_REG_C] = 0;
		cmos_update_irq(cmos);
		return value;
	case CMOS_REG_D:
		return REG_D_VRT; /* the battery is always good */
	default:
		return value;
	}
}

static void cmos_write_register(struct cmos *cmos, uint8_t index, uint8_t value)
{
	switch (index) {
	case CMOS_REG_A: {
		bool was_running = cmos_running(cmos);
		cmos->ram[CMOS_REG_A] = value & (uint8_t)~REG_A_UIP;
		/* "When the divider reset is removed, the first update cycle
		 * begins one-half second later."  The reset states (and the
		 * other crystal selections, which a PC does not have) hold the
		 * divider. */
		if (!was_running && cmos_running(cmos)) {
			cmos->divider = TICKS_PER_SECOND / 2;
			cmos->tick_fraction = 0;
		}
		break;
	}
	case CMOS_REG_B:
		/* Setting SET also clears UIE. */
		if (value & REG_B_SET)
			value &= (uint8_t)~REG_B_UIE;
		cmos->ram[CMOS_REG_B] = value;
		cmos_update_irq(cmos);
		break;
	case CMOS_REG_C:
	case CMOS_REG_D:
		break; /* read-only */
	default:
		cmos->ram[index] = value;
		break;
	}
}

static uint32_t cmos_port_read(void *opaque, uint16_t port, unsigned size)
{
	struct cmos *cmos = opaque;
	if (port == CMOS_INDEX_PORT)
		return 0xFF; /* the index register is write-only */
	return cmos_read_register(cmos, cmos->index);
}

static void cmos_port_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
	struct cmos *cmos = opaque;
	if (port == CMOS_INDEX_PORT) {
		cmos->index = value & 0x7F;
		cmos->nmi_disabled = value & 0x80;
		return;
	}
	cmos_write_register(cmos, cmos->index, (uint8_t)value);
}

struct civil_date {
	unsigned year, month, day, weekday; /* weekday: 0 = Sunday */
};

/* The proleptic Gregorian date of a day number (days since 1970-01-01),
 * by counting 400-year eras of 146097 days from 0000-03-01, so that the
 * leap day falls at the end of each counted year. */
static struct civil_date civil_from_days(int64_t days)
{
	struct civil_date date;
	int64_t shifted = days + 719468; /* days since 0000-03-01 */
	int64_t era = (shifted >= 0 ? shifted : shifted - 146096) / 146097;
	int64_t day_of_era = shifted - era * 146097;
	int64_t year_of_era =
		(day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
	int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
	int64_t month_from_march = (5 * day_of_year + 2) / 153;
	date.day = (unsigned)(day_of_year - (153 * month_from_march + 2) / 5 + 1);
	date.month = (unsigned)(month_from_march < 10 ? month_from_march + 3 : month_from_march - 9);
	date.year = (unsigned)(year_of_era + era * 400 + (date.month <= 2));
	int64_t weekday = (days + 4) % 7; /* 1970-01-01 was a Thursday */
	date.weekday = (unsigned)(weekday < 0 ? weekday + 7 : weekday);
	return date;
}

void cmos_set_time(struct cmos *cmos, int64_t epoch)
{
	int64_t days = epoch / 86400;
	int64_t seconds = epoch % 86400;
	if (seconds < 0) {
		seconds += 86400;
		days--;
	}
	struct civil_date date = civil_from_days(days);
	uint8_t *r = cmos->ram;
	r[CMOS_SECONDS] = encode(cmos, (unsigned)(seconds % 60));
	r[CMOS_MINUTES] = encode(cmos, (unsigned)(seconds / 60 % 60));
	r[CMOS_HOURS] = encode_hours(cmos, (unsigned)(seconds / 3600));
	r[CMOS_DAY_OF_WEEK] = encode(cmos, date.weekday + 1);
	r[CMOS_DAY_OF_MONTH] = encode(cmos, date.day);
	r[CMOS_MONTH] = encode(cmos, date.month);
	r[CMOS_YEAR] = encode(cmos, date.year % 100);
	r[CMOS_CENTURY] = encode(cmos, date.year / 100 % 100);
}

void cmos_set_byte(struct cmos *cmos, unsigned index, uint8_t value)
{
	if (index < CMOS_SIZE)
		cmos->ram[index] = value;
}

uint8_t cmos_get_byte(const struct cmos *cmos, unsigned index)
{
	return index < CMOS_SIZE ? cmos->ram[index] : 0xFF;
}

void cmos_update_checksum(struct cmos *cmos)
{
	uint16_t sum = 0;
	for (unsigned i = CMOS_CHECKSUM_FIRST; i <= CMOS_CHECKSUM_LAST; i++)
		sum = (uint16_t)(sum + cmos->ram[i]);
	cmos->ram[CMOS_CHECKSUM_HIGH] = (uint8_t)(sum >> 8);
	cmos->ram[CMOS_CHECKSUM_LOW] = (uint8_t)sum;
}

bool cmos_nmi_enabled(const struct cmos *cmos)
{
	return !cmos->nmi_disabled;
}

struct cmos *cmos_create(struct iobus *bus, const struct irq_line *irq8, int64_t epoch)
{
	struct cmos *cmos = calloc(1, sizeof(*cmos));
	if (!cmos)
		return NULL;
	if (irq8)
		cmos->irq8 = *irq8;
	/* What the BIOS programs: 32.768 kHz, 1024 Hz periodic rate, BCD,
	 * 24-hour mode; the clock starts at the top of a second. */
	cmos->ram[CMOS_REG_A] = DIVIDER_32KHZ | 0x06;
	cmos->ram[CMOS_REG_B] = REG_B_24H;
	cmos_set_time(cmos, epoch);
	if (iobus_register(bus, CMOS_INDEX_PORT, 2, IO_WIDTH_8, cmos_port_read, cmos_port_write,
			   cmos, "cmos")) {
		free(cmos);
		return NULL;
	}
	return cmos;
}

void cmos_destroy(struct cmos *cmos)
{
	free(cmos);
}

/* ---- the debugger's "info cmos" ---- */

void cmos_print_state(const struct cmos *cmos, FILE *out)
{
	const uint8_t *r = cmos->ram;
	uint8_t b = r[CMOS_REG_B];
	fprintf(out, "time (%s, %s): %02x:%02x:%02x, day %02x of month %02x, year %02x%02x, weekday %02x\n",
		b & REG_B_BINARY ? "binary" : "BCD", b & REG_B_24H ? "24-hour" : "12-hour", r[CMOS_HOURS], r[CMOS_MINUTES],
		r[CMOS_SECONDS], r[CMOS_DAY_OF_MONTH], r[CMOS_MONTH], r[CMOS_CENTURY], r[CMOS_YEAR], r[CMOS_DAY_OF_WEEK]);
	fprintf(out, "alarm: %02x:%02x:%02x\n", r[CMOS_HOURS_ALARM], r[CMOS_MINUTES_ALARM], r[CMOS_SECONDS_ALARM]);
	unsigned rate = r[CMOS_REG_A] & REG_A_RATE;
	uint32_t ticks = periodic_ticks(rate);
	fprintf(out, "A=0x%02x (%s, rate %u: %u Hz periodic)  B=0x%02x (%s%s%s%s)  C=0x%02x  D=0x%02x\n", r[CMOS_REG_A],
		cmos_running(cmos) ? "running" : "divider stopped", rate, ticks ? TICKS_PER_SECOND / ticks : 0, b,
		b & REG_B_SET ? "SET " : "", b & REG_B_PIE ? "periodic " : "", b & REG_B_AIE ? "alarm " : "",
		b & REG_B_UIE ? "update-ended interrupts" : (b & (REG_B_PIE | REG_B_AIE)) ? "interrupts" : "no interrupts",
		r[CMOS_REG_C], r[CMOS_REG_D]);
	fprintf(out, "index 0x%02x, NMI %s, IRQ 8 %s\n", cmos->index, cmos->nmi_disabled ? "disabled" : "enabled",
		cmos->irq_level ? "high" : "low");
	for (unsigned row = 0; row < CMOS_SIZE; row += 16) {
		fprintf(out, "%02x:", row);
		for (unsigned k = 0; k < 16; k++)
			fprintf(out, " %02x", r[row + k]);
		fputc('\n', out);
	}
}
