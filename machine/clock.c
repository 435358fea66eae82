/* The machine's clock; see clock.h. */
#include "machine/clock.h"

#include <errno.h>
#include <time.h>

uint64_t clock_scale(uint64_t a, uint64_t num, uint64_t den)
{
	return (a / den) * num + (a % den) * num / den;
}

uint64_t clock_scale_up(uint64_t a, uint64_t num, uint64_t den)
{
	uint64_t rem = (a % den) * num;
	return (a / den) * num + rem / den + (rem % den != 0);
}

uint64_t clock_host_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * CLOCK_NS_PER_SECOND + (uint64_t)ts.tv_nsec;
}

void clock_init(struct clock *clock, uint64_t ips, bool realtime)
{
	*clock = (struct clock){0};
	if (ips < CLOCK_IPS_MIN)
		ips = CLOCK_IPS_MIN;
	if (ips > CLOCK_IPS_MAX)
		ips = CLOCK_IPS_MAX;
	clock->ips = ips;
	clock->realtime = realtime;
	clock->host_start_ns = clock_host_ns();
}

int clock_add_timer(struct clock *clock, const struct clock_timer *timer)
{
	if (clock->ntimers >= CLOCK_MAX_TIMERS)
		return -1;
	clock->timer[clock->ntimers++] = *timer;
	return 0;
}

uint64_t clock_insns_to_ns(const struct clock *clock, uint64_t insns)
{
	return clock_scale(insns, CLOCK_NS_PER_SECOND, clock->ips);
}

uint64_t clock_ns_to_insns(const struct clock *clock, uint64_t ns)
{
	if (ns == CLOCK_NEVER)
		return UINT64_MAX;
	return clock_scale_up(ns, clock->ips, CLOCK_NS_PER_SECOND);
}

uint64_t clock_guest_ns(const struct clock *clock, uint64_t insns)
{
	uint64_t now = clock->realtime ? clock_host_ns() - clock->host_start_ns : clock_insns_to_ns(clock, insns);
	return now > clock->now_ns ? now : clock->now_ns;
}

void clock_sync(struct clock *clock, uint64_t now_ns)
{
	if (now_ns <= clock->now_ns)
		return;
	clock->now_ns = now_ns;
	for (int n = 0; n < clock->ntimers; n++)
		clock->timer[n].advance_to(clock->timer[n].opaque, now_ns);
}

uint64_t clock_deadline(const struct clock *clock)
{
	uint64_t deadline = CLOCK_NEVER;
	for (int n = 0; n < clock->ntimers; n++) {
		uint64_t t = clock->timer[n].next_event(clock->timer[n].opaque);
		if (t < deadline)
			deadline = t;
	}
	return deadline;
}

void clock_sleep_until(const struct clock *clock, uint64_t until_ns, uint64_t max_ns)
{
	uint64_t now = clock_host_ns() - clock->host_start_ns;
	if (until_ns <= now)
		return;
	uint64_t wait = until_ns - now;
	if (wait > max_ns)
		wait = max_ns;
	struct timespec ts = {.tv_sec = (time_t)(wait / CLOCK_NS_PER_SECOND),
			      .tv_nsec = (long)(wait % CLOCK_NS_PER_SECOND)};
	/* A signal ends the sleep early: the machine loop looks at it. */
	nanosleep(&ts, NULL);
}
