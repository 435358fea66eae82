/* The machine clock: exact rate conversions, timers brought to the
 * present, the earliest deadline. */
#include "machine/clock.h"

#include <check.h>
#include <stdlib.h>

#include "tests/unit/test_iodev.h"

START_TEST(test_scale)
{
	ck_assert_uint_eq(clock_scale(10, 3, 4), 7);
	ck_assert_uint_eq(clock_scale_up(10, 3, 4), 8);
	ck_assert_uint_eq(clock_scale_up(12, 3, 4), 9);
	/* Large values that a plain a * num would overflow. */
	uint64_t a = UINT64_C(3600) * 24 * 365 * CLOCK_NS_PER_SECOND; /* a year in ns */
	ck_assert_uint_eq(clock_scale(a, 1193182, CLOCK_NS_PER_SECOND), UINT64_C(3600) * 24 * 365 * 1193182);
	ck_assert_uint_eq(clock_scale_up(1, CLOCK_NS_PER_SECOND, 1193182), 839); /* one PIT tick: 838.1 ns */
}
END_TEST

START_TEST(test_conversions_round_trip)
{
	struct clock c;
	clock_init(&c, 50000000, false);
	ck_assert_uint_eq(clock_insns_to_ns(&c, 50000000), CLOCK_NS_PER_SECOND);
	ck_assert_uint_eq(clock_insns_to_ns(&c, 1), 20);
	ck_assert_uint_eq(clock_ns_to_insns(&c, 21), 2);
	ck_assert_uint_eq(clock_ns_to_insns(&c, CLOCK_NEVER), UINT64_MAX);
	/* The instruction count chosen for a time always reaches it. */
	clock_init(&c, 33333333, false);
	for (uint64_t ns = 0; ns < 100000; ns += 7)
		ck_assert_uint_ge(clock_insns_to_ns(&c, clock_ns_to_insns(&c, ns)), ns);
	/* Rates out of range are clamped. */
	clock_init(&c, 1, false);
	ck_assert_uint_eq(c.ips, CLOCK_IPS_MIN);
	clock_init(&c, UINT64_MAX, false);
	ck_assert_uint_eq(c.ips, CLOCK_IPS_MAX);
	ck_assert_uint_eq(clock_ns_to_insns(&c, 1000 * CLOCK_NS_PER_SECOND), 1000 * CLOCK_IPS_MAX);
}
END_TEST

struct fake_timer {
	uint64_t now, next;
	int calls;
};

static void fake_advance(void *opaque, uint64_t now_ns)
{
	struct fake_timer *t = opaque;
	ck_assert_uint_ge(now_ns, t->now);
	t->now = now_ns;
	t->calls++;
}

static uint64_t fake_next(void *opaque)
{
	return ((struct fake_timer *)opaque)->next;
}

START_TEST(test_timers)
{
	struct clock c;
	struct fake_timer a = {.next = 5000}, b = {.next = CLOCK_NEVER};
	clock_init(&c, 1000000, false); /* 1 us per instruction */
	ck_assert_uint_eq(clock_deadline(&c), CLOCK_NEVER);
	ck_assert_int_eq(clock_add_timer(&c, &(struct clock_timer){fake_advance, fake_next, &a}), 0);
	ck_assert_int_eq(clock_add_timer(&c, &(struct clock_timer){fake_advance, fake_next, &b}), 0);
	ck_assert_uint_eq(clock_deadline(&c), 5000);
	ck_assert_uint_eq(clock_ns_to_insns(&c, clock_deadline(&c)), 5);
	clock_sync(&c, clock_guest_ns(&c, 3));
	ck_assert_uint_eq(a.now, 3000);
	ck_assert_uint_eq(b.now, 3000);
	clock_sync(&c, 3000); /* not later: nothing */
	clock_sync(&c, 2000);
	ck_assert_int_eq(a.calls, 1);
	/* Guest time never goes back, whatever the count says. */
	ck_assert_uint_eq(clock_guest_ns(&c, 1), 3000);
	b.next = 4000;
	ck_assert_uint_eq(clock_deadline(&c), 4000);
	for (int n = 2; n < CLOCK_MAX_TIMERS; n++)
		ck_assert_int_eq(clock_add_timer(&c, &(struct clock_timer){fake_advance, fake_next, &a}), 0);
	ck_assert_int_eq(clock_add_timer(&c, &(struct clock_timer){fake_advance, fake_next, &a}), -1);
}
END_TEST

START_TEST(test_realtime_follows_host)
{
	struct clock c;
	clock_init(&c, 50000000, true);
	uint64_t t0 = clock_guest_ns(&c, 0);
	clock_sleep_until(&c, t0 + 2000000, CLOCK_NS_PER_SECOND); /* 2 ms */
	/* The instruction count plays no part. */
	ck_assert_uint_ge(clock_guest_ns(&c, 0), t0 + 2000000);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("clock");
	TCase *tc = tcase_create("clock");
	tcase_add_test(tc, test_scale);
	tcase_add_test(tc, test_conversions_round_trip);
	tcase_add_test(tc, test_timers);
	tcase_add_test(tc, test_realtime_follows_host);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
