/* The machine's clock: one timeline in nanoseconds of guest time that
 * every timed device follows.
 *
 * In the default, deterministic mode guest time is the executed
 * instruction count at a fixed rate (ips instructions per guest second):
 * two runs of the same guest see the same times, to the instruction.  In
 * real-time mode guest time is host time since the clock started, and the
 * instruction count only says how far the CPU got.
 *
 * Devices join as timers: a function that brings the device to a given
 * time, and one that says when it next needs the CPU's attention (an
 * interrupt falls due).  The machine runs the CPU up to the earliest such
 * deadline, then brings every timer to the time reached (clock_sync). */
#ifndef GLASSPC_MACHINE_CLOCK_H
#define GLASSPC_MACHINE_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

#define CLOCK_NEVER UINT64_MAX
#define CLOCK_NS_PER_SECOND UINT64_C(1000000000)
#define CLOCK_MAX_TIMERS 16
/* Guest-time rates the conversions stay exact for (ips x 10^9 < 2^64). */
#define CLOCK_IPS_MIN 1000u
#define CLOCK_IPS_MAX UINT64_C(10000000000)

struct clock_timer {
	/* Brings the device to now_ns (never earlier than the last call). */
	void (*advance_to)(void *opaque, uint64_t now_ns);
	/* The earliest time the device next raises an interrupt or needs
	 * service, or CLOCK_NEVER. */
	uint64_t (*next_event)(void *opaque);
	void *opaque;
};

struct clock {
	uint64_t ips;
	bool realtime;
	uint64_t host_start_ns; /* real time: host monotonic time at guest time 0 */
	uint64_t now_ns;        /* the time every timer has been brought to */
	struct clock_timer timer[CLOCK_MAX_TIMERS];
	int ntimers;
};

/* ips is clamped to [CLOCK_IPS_MIN, CLOCK_IPS_MAX]. */
void clock_init(struct clock *clock, uint64_t ips, bool realtime);
/* Returns 0, or -1 when full. */
int clock_add_timer(struct clock *clock, const struct clock_timer *timer);

/* Guest time now: from the instruction count (deterministic) or the host
 * clock (real time); never less than clock->now_ns. */
uint64_t clock_guest_ns(const struct clock *clock, uint64_t insns);
/* Brings every timer to now_ns (no-op when it is not later). */
void clock_sync(struct clock *clock, uint64_t now_ns);
/* The earliest next event of any timer, or CLOCK_NEVER. */
uint64_t clock_deadline(const struct clock *clock);

/* Conversions at the clock's rate: instructions to guest ns rounding
 * down, guest ns to the first instruction count that reaches them. */
uint64_t clock_insns_to_ns(const struct clock *clock, uint64_t insns);
uint64_t clock_ns_to_insns(const struct clock *clock, uint64_t ns);

/* a x num / den rounded down, or up, without overflow as long as
 * (den - 1) x num fits 64 bits and the result does. */
uint64_t clock_scale(uint64_t a, uint64_t num, uint64_t den);
uint64_t clock_scale_up(uint64_t a, uint64_t num, uint64_t den);

/* The host's monotonic clock. */
uint64_t clock_host_ns(void);
/* Sleeps until the host clock reaches the guest time until_ns (real-time
 * mode), at most max_ns; returns early on a signal. */
void clock_sleep_until(const struct clock *clock, uint64_t until_ns, uint64_t max_ns);

#endif
