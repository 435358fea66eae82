/* The 128-bit working-precision helpers (wide.c) against exact big-integer
 * products and quotients, and against the 64-bit operations they must
 * agree with once rounded. */
#include <check.h>
#include <stdlib.h>

#include "cpu/fpu/internal.h"
#include "cpu/fpu/test_bignum.h"
#include "cpu/fpu/test_operands.h"

static void big_from_u128(big *r, x87_u128 v)
{
	big lo;
	big_set_u64(r, v.hi);
	big_shift_left(r, r, 64);
	big_set_u64(&lo, v.lo);
	big_add(r, r, &lo);
}

static x87_u128 random_normalized(test_rng *rng)
{
	uint64_t hi = test_rng_next(rng) | X87_INTEGER_BIT; /* one draw per statement */
	x87_u128 v = x87_u128_make(hi, test_rng_next(rng));
	if (test_rng_below(rng, 4) == 0)
		v.lo = 0; /* an exact 64-bit value: sticky must stay clear */
	return v;
}

START_TEST(test_wide_mul_exact)
{
	test_rng rng = { UINT64_C(0x6A09E667F3BCC909) };
	for (int i = 0; i < 100000; i++) {
		x87_wide a = { false, X87_EXP_BIAS, random_normalized(&rng) };
		x87_wide b = { true, X87_EXP_BIAS + 3, random_normalized(&rng) };
		x87_wide p = x87_wide_mul(a, b);

		big x, y, product, top, back;
		big_from_u128(&x, a.sig);
		big_from_u128(&y, b.sig);
		big_mul(&product, &x, &y);
		int bits = big_bit_length(&product);
		int drop = bits - 128;
		big_shift_right(&top, &product, drop);
		big_shift_left(&back, &top, drop);
		bool sticky = big_compare(&back, &product) != 0;
		x87_u128 want = x87_u128_make(0, 0);
		big hi;
		big_shift_right(&hi, &top, 64);
		want.hi = big_low_u64(&hi);
		want.lo = big_low_u64(&top) | sticky;
		/* value exponent: 2 * 1.x * 2^3 -> leading bit at 2^3 or 2^4
		 * (plain ifs in the loops: Check's assertions are slow) */
		if (p.sig.hi != want.hi || p.sig.lo != want.lo || !p.sign ||
		    p.exp != X87_EXP_BIAS + 3 + (bits == 256))
			ck_abort_msg("product %d", i);
	}
}
END_TEST

START_TEST(test_div128by64_exact)
{
	test_rng rng = { UINT64_C(0x3C6EF372FE94F82B) };
	for (int i = 0; i < 200000; i++) {
		uint64_t divisor = test_rng_next(&rng);
		divisor >>= test_rng_below(&rng, 64);
		if (divisor == 0)
			divisor = 1;
		uint64_t high = test_rng_next(&rng) % divisor, low = test_rng_next(&rng);
		if (i % 7 == 0)
			high = divisor - 1; /* the largest quotients */
		uint64_t rem;
		uint64_t q = x87_div128by64(high, low, divisor, &rem);

		big n, d, bq, br;
		big_from_u128(&n, x87_u128_make(high, low));
		big_set_u64(&d, divisor);
		big_divmod(&bq, &br, &n, &d);
		if (q != big_low_u64(&bq) || rem != big_low_u64(&br))
			ck_abort_msg("division %d", i);
	}
}
END_TEST

/* Rounded once, a wide product or sum of two extended values equals the
 * 64-bit operation (the product is exact in 128 bits; the sum keeps a
 * sticky bit). */
START_TEST(test_wide_agrees_when_rounded)
{
	test_rng rng = { UINT64_C(0xBB67AE8584CAA73B) };
	for (int i = 0; i < 200000; i++) {
		x87_f80 a = test_random_finite(&rng);
		x87_f80 b = test_random_partner(&rng, a, true);
		uint16_t cw = (uint16_t)(0x037F | test_rng_below(&rng, 4) << 10);
		x87_env e1 = x87_env_from_control(cw), e2 = e1;
		x87_f80 want = x87_mul(&e1, a, b);
		x87_f80 got = x87_wide_round(&e2, x87_wide_mul(x87_wide_from_f80(a), x87_wide_from_f80(b)), 64);
		e1.flags &= (uint8_t)~X87_EX_DENORMAL; /* DE is the instruction's, not the helper's */
		if (x87_classify(a) != X87_CLASS_ZERO && x87_classify(b) != X87_CLASS_ZERO) {
			if (want.sign_exp != got.sign_exp || want.significand != got.significand ||
			    e1.flags != e2.flags)
				ck_abort_msg("mul %d", i);
		}
		e1 = x87_env_from_control(cw);
		e2 = e1;
		want = x87_add(&e1, a, b);
		got = x87_wide_round(&e2, x87_wide_add(x87_wide_from_f80(a), x87_wide_from_f80(b)), 64);
		e1.flags &= (uint8_t)~X87_EX_DENORMAL;
		if (!x87_u128_is_zero(x87_wide_add(x87_wide_from_f80(a), x87_wide_from_f80(b)).sig)) {
			if (want.sign_exp != got.sign_exp || want.significand != got.significand ||
			    e1.flags != e2.flags)
				ck_abort_msg("add %d", i);
		}
	}
}
END_TEST

int main(void)
{
	Suite *suite = suite_create("fpu-wide");
	TCase *tc = tcase_create("wide");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_wide_mul_exact);
	tcase_add_test(tc, test_div128by64_exact);
	tcase_add_test(tc, test_wide_agrees_when_rounded);
	suite_add_tcase(suite, tc);
	SRunner *runner = srunner_create(suite);
	srunner_run_all(runner, CK_NORMAL);
	int failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
