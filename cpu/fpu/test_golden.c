/* Bit-exactness across hosts and compilers: a hash of the results, flags
 * and condition codes of every operation over a fixed pseudo-random
 * sequence (test_golden_sequence.c), compared with the value recorded on
 * an x86-64 host where this library passes the differential tests against
 * the hardware (test_host_x87*.c).  A host or compiler where the hash
 * differs computes something else than that host did.  (Changing the
 * operand generator or the sequence changes the hash: record the new one
 * on an x86 host whose differential tests pass.) */
#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "cpu/fpu/test_golden.h"

#define GOLDEN_OPERANDS 200000ul

/* Recorded on x86-64 (AMD EPYC) with all host tests passing; GCC 12 -O0/-O2
 * and Clang 14 -O1/-O3 builds all give it. */
#define GOLDEN_HASH UINT64_C(0x211BBCC96FD36E6C)

START_TEST(test_golden_hash)
{
	uint64_t h = test_golden_sequence(GOLDEN_OPERANDS);
	printf("golden: %lu operand pairs, hash %016" PRIx64 " (recorded %016" PRIx64 ")\n",
	       GOLDEN_OPERANDS, h, GOLDEN_HASH);
	ck_assert_msg(h == GOLDEN_HASH, "hash %016" PRIx64 " differs from the recorded one", h);
}
END_TEST

int main(void)
{
	Suite *suite = suite_create("fpu-golden");
	TCase *tc = tcase_create("golden");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_golden_hash);
	suite_add_tcase(suite, tc);
	SRunner *runner = srunner_create(suite);
	srunner_run_all(runner, CK_NORMAL);
	int failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
