/* The MC146818 real-time clock and its 128 bytes of CMOS RAM.
 *
 * Port 0x70 selects a register (bits 6-0) and masks NMI (bit 7); port
 * 0x71 reads or writes it.  Registers 0-9 are the clock and alarm, 0x0A-
 * 0x0D the status registers A-D, the rest battery-backed RAM whose
 * layout belongs to the firmware (floppy types at 0x10, memory sizes at
 * 0x30/0x34, the century at 0x32, ...).
 *
 * Time is virtual: the clock starts at an epoch given at creation (a
 * fixed date by default, so that runs repeat exactly) and moves only
 * when the machine calls cmos_advance.  cmos_next_event says when the
 * next interrupt-raising event falls due, so that a halted CPU can skip
 * to it.  IRQ 8 follows register C's IRQF bit. */
#ifndef GLASSPC_IODEV_CMOS_H
#define GLASSPC_IODEV_CMOS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "iodev/bus.h"

#define CMOS_INDEX_PORT 0x70
#define CMOS_DATA_PORT 0x71
#define CMOS_SIZE 128
#define CMOS_NO_EVENT UINT64_MAX

/* 2024-01-01 00:00:00 UTC. */
#define CMOS_DEFAULT_EPOCH INT64_C(1704067200)

/* Register numbers. */
enum {
	CMOS_SECONDS = 0x00,
	CMOS_SECONDS_ALARM = 0x01,
	CMOS_MINUTES = 0x02,
	CMOS_MINUTES_ALARM = 0x03,
	CMOS_HOURS = 0x04,
	CMOS_HOURS_ALARM = 0x05,
	CMOS_DAY_OF_WEEK = 0x06,
	CMOS_DAY_OF_MONTH = 0x07,
	CMOS_MONTH = 0x08,
	CMOS_YEAR = 0x09,
	CMOS_REG_A = 0x0A,
	CMOS_REG_B = 0x0B,
	CMOS_REG_C = 0x0C,
	CMOS_REG_D = 0x0D,
	CMOS_CHECKSUM_FIRST = 0x10,
	CMOS_CHECKSUM_LAST = 0x2D,
	CMOS_CHECKSUM_HIGH = 0x2E,
	CMOS_CHECKSUM_LOW = 0x2F,
	CMOS_CENTURY = 0x32,
};

struct cmos;

/* Claims ports 0x70-0x71.  irq8 (may be NULL) is copied.  epoch is in
 * seconds since 1970-01-01 00:00:00 UTC.  Returns NULL when out of
 * memory or ports. */
struct cmos *cmos_create(struct iobus *bus, const struct irq_line *irq8, int64_t epoch);
void cmos_destroy(struct cmos *cmos);

/* Lets nanoseconds of virtual time go by. */
void cmos_advance(struct cmos *cmos, uint64_t nanoseconds);

/* Nanoseconds until the next periodic, alarm or update-ended event that
 * is enabled to raise IRQ 8; advancing by that much includes it.
 * CMOS_NO_EVENT when none is enabled. */
uint64_t cmos_next_event(const struct cmos *cmos);

/* Sets the clock registers (and the century byte) to epoch, in the
 * number format and hour mode register B selects. */
void cmos_set_time(struct cmos *cmos, int64_t epoch);

/* Raw access to the 128 bytes for the machine's configuration; indexes
 * of 128 and above are ignored (reads give 0xFF).  No side effects. */
void cmos_set_byte(struct cmos *cmos, unsigned index, uint8_t value);
uint8_t cmos_get_byte(const struct cmos *cmos, unsigned index);

/* The standard AT checksum: the 16-bit sum of bytes 0x10-0x2D, stored
 * big-endian in 0x2E (high) and 0x2F (low).  Call after filling them. */
void cmos_update_checksum(struct cmos *cmos);

/* False while port 0x70 bit 7 is set. */
bool cmos_nmi_enabled(const struct cmos *cmos);

/* The clock, its registers and the whole RAM, for the debugger's
 * "info cmos". */
void cmos_print_state(const struct cmos *cmos, FILE *out);

#endif
