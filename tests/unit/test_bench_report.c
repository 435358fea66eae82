/* --bench-report's bookkeeping: the boot mark, phases between marks,
 * the end mark, ignored values, an unfinished phase, the report lines. */
#include "machine/bench_report.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/test_iodev.h"

/* The report as text, for the line checks. */
static char *report_text(const struct bench_report *report)
{
	static char text[2048];
	FILE *f = fmemopen(text, sizeof(text), "w");
	ck_assert_ptr_nonnull(f);
	bench_report_print(report, f);
	fclose(f);
	return text;
}

START_TEST(test_boot_and_two_phases)
{
	struct bench_report r;
	bench_report_start(&r, 100, 1000, 1000);
	bench_report_mark(&r, BENCH_MARK_BOOT, 5100, 51000, 51000 / 2);
	bench_report_mark(&r, BENCH_MARK_BOOT, 9000, 90000, 90000 / 2); /* a second boot: not the firmware's */
	bench_report_mark(&r, 1, 6000, 60000, 60000 / 2);
	bench_report_mark(&r, 0x90, 6500, 65000, 65000 / 2); /* above the boot mark: ignored */
	bench_report_mark(&r, 2, 8000, 80000, 80000 / 2);
	bench_report_mark(&r, BENCH_MARK_END, 11000, 110000, 110000 / 2);
	ck_assert(r.booted);
	ck_assert_uint_eq(r.boot_insns, 5000);
	ck_assert_uint_eq(r.boot_ns, 50000);
	ck_assert_int_eq(r.nphases, 2);
	ck_assert_int_eq(r.phases[0].number, 1);
	ck_assert_uint_eq(r.phases[0].insns, 2000);
	ck_assert_uint_eq(r.phases[0].host_ns, 20000);
	ck_assert_uint_eq(r.phases[0].cpu_ns, 10000);
	ck_assert_int_eq(r.phases[1].number, 2);
	ck_assert_uint_eq(r.phases[1].insns, 3000);
	ck_assert_int_eq(r.open, 0);
	const char *text = report_text(&r);
	ck_assert_ptr_nonnull(strstr(text, "glasspc: bench: boot sector reached after 5000 instructions, 0.000 s (CPU time 0.000 s)\n"));
	ck_assert_ptr_nonnull(strstr(text, "glasspc: bench: phase 1: 2000 instructions in 0.000 s = 100.00 MIPS (CPU time 0.000 s = 200.00 MIPS)\n"));
	ck_assert_ptr_nonnull(strstr(text, "glasspc: bench: phase 2: 3000 instructions in 0.000 s = 100.00 MIPS (CPU time 0.000 s = 200.00 MIPS)\n"));
	ck_assert_ptr_nonnull(strstr(text, "glasspc: bench: work: 5000 instructions in 0.000 s = 100.00 MIPS (CPU time 0.000 s = 200.00 MIPS)\n"));
}
END_TEST

START_TEST(test_unfinished_and_missing)
{
	struct bench_report r;
	bench_report_start(&r, 0, 0, 0);
	const char *text = report_text(&r);
	ck_assert_ptr_nonnull(strstr(text, "no boot mark"));
	ck_assert_ptr_nonnull(strstr(text, "no work phase"));
	bench_report_mark(&r, BENCH_MARK_END, 10, 10, 10 / 2); /* nothing open: nothing to end */
	ck_assert_int_eq(r.nphases, 0);
	bench_report_mark(&r, 3, 20, 20, 20 / 2);
	text = report_text(&r);
	ck_assert_ptr_nonnull(strstr(text, "phase 3 unfinished"));
	ck_assert_ptr_nonnull(strstr(text, "no work phase"));
}
END_TEST

START_TEST(test_too_many_phases)
{
	struct bench_report r;
	bench_report_start(&r, 0, 0, 0);
	for (int n = 0; n < BENCH_REPORT_MAX_PHASES + 3; n++)
		bench_report_mark(&r, 1, (uint64_t)n * 10, (uint64_t)n * 10, (uint64_t)n * 5);
	bench_report_mark(&r, BENCH_MARK_END, 1000, 1000, 1000 / 2);
	ck_assert_int_eq(r.nphases, BENCH_REPORT_MAX_PHASES);
	ck_assert_int_eq(r.dropped, 3);
	ck_assert_ptr_nonnull(strstr(report_text(&r), "3 more phases not counted"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("bench_report");
	TCase *tc = tcase_create("bench_report");
	tcase_add_test(tc, test_boot_and_two_phases);
	tcase_add_test(tc, test_unfinished_and_missing);
	tcase_add_test(tc, test_too_many_phases);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
