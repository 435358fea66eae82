/* Unit tests of the x87 soft-float library: known constants and the edge
 * cases of the x87 rules (rounding ties, overflow and underflow per
 * rounding mode, invalid operations, NaN propagation, signed zeros,
 * denormal and pseudo-denormal operands, unsupported encodings), and the
 * remainder, scaling, comparison and conversion operations.  Expected
 * values are written out by hand from the SDM's rules. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/fpu/x87float.h"

static x87_f80 raw(uint16_t sign_exp, uint64_t significand)
{
	x87_f80 v = { significand, sign_exp };
	return v;
}

static x87_env env_with(int rc, int pc)
{
	return x87_env_from_control((uint16_t)(0x0040 | X87_EX_ALL | pc << 8 | rc << 10));
}

#define NEAREST env_with(X87_ROUND_NEAREST, X87_PREC_64)

#define expect_value(got, se, sig)                                                              \
	do {                                                                                    \
		x87_f80 got_ = (got);                                                           \
		ck_assert_msg(got_.sign_exp == (se) && got_.significand == (sig),               \
			      "got %04x:%016llx, want %04x:%016llx", got_.sign_exp,              \
			      (unsigned long long)got_.significand, (unsigned)(se),              \
			      (unsigned long long)(sig));                                        \
	} while (0)

#define ONE raw(0x3FFF, 0x8000000000000000u)
#define TWO raw(0x4000, 0x8000000000000000u)
#define THREE raw(0x4000, 0xC000000000000000u)
#define TEN raw(0x4002, 0xA000000000000000u)
#define MAX_FINITE raw(0x7FFE, 0xFFFFFFFFFFFFFFFFu)
#define MIN_NORMAL raw(0x0001, 0x8000000000000000u)
#define MIN_DENORMAL raw(0x0000, 0x0000000000000001u)
#define PLUS_ZERO raw(0x0000, 0)
#define MINUS_ZERO raw(0x8000, 0)
#define PLUS_INF raw(0x7FFF, 0x8000000000000000u)
#define MINUS_INF raw(0xFFFF, 0x8000000000000000u)
#define QNAN_A raw(0x7FFF, 0xC000000000001234u)
#define QNAN_B raw(0xFFFF, 0xC000000000005678u)
#define SNAN_A raw(0x7FFF, 0x8000000000001234u)
#define SNAN_B raw(0xFFFF, 0x8000000000005678u)
#define DEFAULT_NAN_SE 0xFFFF
#define DEFAULT_NAN_SIG 0xC000000000000000u

/* ---- known constants ---- */

START_TEST(test_constants)
{
	x87_env env = NEAREST;
	expect_value(x87_add(&env, ONE, ONE), 0x4000, 0x8000000000000000u);
	ck_assert_uint_eq(env.flags, 0);

	/* 1/3 = 0.0101...b: at 64 bits the discarded part is above half */
	env = NEAREST;
	expect_value(x87_div(&env, ONE, THREE), 0x3FFD, 0xAAAAAAAAAAAAAAABu);
	ck_assert_uint_eq(env.flags, X87_EX_INEXACT);
	ck_assert(env.cc & X87_C1);
	env = env_with(X87_ROUND_NEAREST, X87_PREC_53);
	expect_value(x87_div(&env, ONE, THREE), 0x3FFD, 0xAAAAAAAAAAAAA800u);
	ck_assert(!(env.cc & X87_C1));
	env = env_with(X87_ROUND_NEAREST, X87_PREC_24);
	expect_value(x87_div(&env, ONE, THREE), 0x3FFD, 0xAAAAAB0000000000u);
	ck_assert(env.cc & X87_C1);

	env = NEAREST;
	expect_value(x87_div(&env, TEN, THREE), 0x4000, 0xD555555555555555u);
	env = NEAREST;
	expect_value(x87_div(&env, ONE, TEN), 0x3FFB, 0xCCCCCCCCCCCCCCCDu);

	/* sqrt(2) = 1.6A09E667F3BCC908B2...h */
	env = NEAREST;
	expect_value(x87_sqrt(&env, TWO), 0x3FFF, 0xB504F333F9DE6484u);
	ck_assert_uint_eq(env.flags, X87_EX_INEXACT);
	ck_assert(!(env.cc & X87_C1));
	env = NEAREST;
	expect_value(x87_sqrt(&env, raw(0x4002, 0x9000000000000000u)), 0x4000, 0xC000000000000000u);
	ck_assert_uint_eq(env.flags, 0); /* sqrt(9) = 3 exactly */

	env = NEAREST;
	expect_value(x87_mul(&env, THREE, TEN), 0x4003, 0xF000000000000000u);
	env = NEAREST;
	expect_value(x87_sub(&env, ONE, TEN), 0xC002, 0x9000000000000000u);
}
END_TEST

/* ---- rounding ---- */

START_TEST(test_ties_to_even)
{
	/* 1 + 2^-64: exactly half an ulp above 1 (even): stays 1 */
	x87_env env = NEAREST;
	expect_value(x87_add(&env, ONE, raw(0x3FBF, 0x8000000000000000u)), 0x3FFF, 0x8000000000000000u);
	ck_assert_uint_eq(env.flags, X87_EX_INEXACT);
	ck_assert(!(env.cc & X87_C1));
	/* (1 + 2^-63) + 2^-64: half an ulp above an odd significand: up */
	env = NEAREST;
	expect_value(x87_add(&env, raw(0x3FFF, 0x8000000000000001u), raw(0x3FBF, 0x8000000000000000u)),
		     0x3FFF, 0x8000000000000002u);
	ck_assert(env.cc & X87_C1);
	/* at 24 bits: 1 + 2^-24 stays 1, (1 + 2^-23) + 2^-24 goes up */
	env = env_with(X87_ROUND_NEAREST, X87_PREC_24);
	expect_value(x87_add(&env, ONE, raw(0x3FE7, 0x8000000000000000u)), 0x3FFF, 0x8000000000000000u);
	env = env_with(X87_ROUND_NEAREST, X87_PREC_24);
	expect_value(x87_add(&env, raw(0x3FFF, 0x8000010000000000u), raw(0x3FE7, 0x8000000000000000u)),
		     0x3FFF, 0x8000020000000000u);
	/* at 53 bits */
	env = env_with(X87_ROUND_NEAREST, X87_PREC_53);
	expect_value(x87_add(&env, raw(0x3FFF, 0x8000000000000800u), raw(0x3FCA, 0x8000000000000000u)),
		     0x3FFF, 0x8000000000001000u);
}
END_TEST

START_TEST(test_directed_rounding)
{
	x87_f80 third_of_one;
	x87_env env = env_with(X87_ROUND_DOWN, X87_PREC_64);
	third_of_one = x87_div(&env, ONE, THREE);
	expect_value(third_of_one, 0x3FFD, 0xAAAAAAAAAAAAAAAAu);
	ck_assert(!(env.cc & X87_C1));
	env = env_with(X87_ROUND_UP, X87_PREC_64);
	expect_value(x87_div(&env, ONE, THREE), 0x3FFD, 0xAAAAAAAAAAAAAAABu);
	ck_assert(env.cc & X87_C1);
	env = env_with(X87_ROUND_ZERO, X87_PREC_64);
	expect_value(x87_div(&env, raw(0xBFFF, 0x8000000000000000u), THREE), 0xBFFD, 0xAAAAAAAAAAAAAAAAu);
	env = env_with(X87_ROUND_DOWN, X87_PREC_64);
	expect_value(x87_div(&env, raw(0xBFFF, 0x8000000000000000u), THREE), 0xBFFD, 0xAAAAAAAAAAAAAAABu);
	ck_assert(env.cc & X87_C1); /* the magnitude was rounded up */
}
END_TEST

START_TEST(test_precision_keeps_extended_range)
{
	/* At 24-bit precision the exponent range stays the extended one:
	 * 2^-16000 * 2^-100 is a normal number, not a single underflow. */
	x87_env env = env_with(X87_ROUND_NEAREST, X87_PREC_24);
	expect_value(x87_mul(&env, raw(0x3FFF - 16000, 0x8000000000000000u),
			     raw(0x3FFF - 100, 0x8000000000000000u)),
		     0x3FFF - 16100, 0x8000000000000000u);
	ck_assert_uint_eq(env.flags, 0);
	env = env_with(X87_ROUND_NEAREST, X87_PREC_53);
	expect_value(x87_mul(&env, raw(0x3FFF + 16000, 0x8000000000000000u),
			     raw(0x3FFF + 400, 0x8000000000000000u)),
		     0x7FFF, 0x8000000000000000u);
	ck_assert_uint_eq(env.flags, X87_EX_OVERFLOW | X87_EX_INEXACT);
}
END_TEST

/* ---- overflow ---- */

START_TEST(test_overflow_by_rounding_mode)
{
	static const struct {
		int rc;
		bool negative;
		bool infinity;
	} cases[] = {
		{ X87_ROUND_NEAREST, false, true }, { X87_ROUND_NEAREST, true, true },
		{ X87_ROUND_DOWN, false, false },   { X87_ROUND_DOWN, true, true },
		{ X87_ROUND_UP, false, true },      { X87_ROUND_UP, true, false },
		{ X87_ROUND_ZERO, false, false },   { X87_ROUND_ZERO, true, false },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		for (int pc = X87_PREC_24; pc <= X87_PREC_64; pc++) {
			if (pc == X87_PREC_RESERVED)
				continue;
			x87_env env = env_with(cases[i].rc, pc);
			x87_f80 big = cases[i].negative ? raw(0xFFFE, 0x8000000000000000u) : MAX_FINITE;
			x87_f80 r = x87_mul(&env, big, TWO);
			uint16_t sign = cases[i].negative ? 0x8000 : 0;
			uint64_t largest = pc == X87_PREC_24 ? 0xFFFFFF0000000000u
					  : pc == X87_PREC_53 ? 0xFFFFFFFFFFFFF800u
							      : 0xFFFFFFFFFFFFFFFFu;
			if (cases[i].infinity)
				expect_value(r, sign | 0x7FFF, 0x8000000000000000u);
			else
				expect_value(r, sign | 0x7FFE, largest);
			ck_assert_uint_eq(env.flags, X87_EX_OVERFLOW | X87_EX_INEXACT);
			ck_assert_uint_eq(!!(env.cc & X87_C1), cases[i].infinity);
		}
	}
}
END_TEST

START_TEST(test_overflow_unmasked)
{
	/* SDM 8.5.4: unmasked, the exponent is divided by 2^24576. */
	x87_env env = x87_env_from_control(0x0040 | (X87_EX_ALL & ~X87_EX_OVERFLOW) | 3 << 8);
	expect_value(x87_mul(&env, MAX_FINITE, TWO), 0x7FFF - 24576, 0xFFFFFFFFFFFFFFFFu);
	ck_assert_uint_eq(env.flags, X87_EX_OVERFLOW); /* exact: no PE */
	ck_assert_uint_eq(x87_unmasked(&env), X87_EX_OVERFLOW);
}
END_TEST

/* ---- underflow ---- */

START_TEST(test_underflow)
{
	/* An exact denormal result: no UE, no PE (masked). */
	x87_env env = NEAREST;
	expect_value(x87_div(&env, MIN_NORMAL, TWO), 0x0000, 0x4000000000000000u);
	ck_assert_uint_eq(env.flags, 0);
	/* Half the smallest denormal: a tie, rounds to the even 0 */
	env = NEAREST;
	expect_value(x87_div(&env, MIN_DENORMAL, TWO), 0x0000, 0);
	ck_assert_uint_eq(env.flags, X87_EX_UNDERFLOW | X87_EX_INEXACT | X87_EX_DENORMAL);
	env = env_with(X87_ROUND_UP, X87_PREC_64);
	expect_value(x87_div(&env, MIN_DENORMAL, TWO), 0x0000, 1);
	ck_assert(env.cc & X87_C1);
	/* Three quarters of the smallest denormal: up to it */
	env = NEAREST;
	expect_value(x87_mul(&env, raw(0x0000, 3), raw(0x3FFD, 0x8000000000000000u)), 0x0000, 1);
	ck_assert_uint_eq(env.flags, X87_EX_UNDERFLOW | X87_EX_INEXACT | X87_EX_DENORMAL);
	/* Denormal results at 24-bit precision round at the same bit
	 * positions as normal ones: the low 40 bits of the field stay zero. */
	env = env_with(X87_ROUND_NEAREST, X87_PREC_24);
	expect_value(x87_mul(&env, raw(0x0001, 0xFFFFFFFFFFFFFFFFu), raw(0x3FFE, 0x8000000000000000u)),
		     0x0001, 0x8000000000000000u);
	ck_assert_uint_eq(env.flags, X87_EX_INEXACT); /* rounded up out of tininess: not tiny */
	env = env_with(X87_ROUND_ZERO, X87_PREC_24);
	expect_value(x87_mul(&env, raw(0x0001, 0xFFFFFFFFFFFFFFFFu), raw(0x3FFE, 0x8000000000000000u)),
		     0x0000, 0x7FFFFF0000000000u);
	ck_assert_uint_eq(env.flags, X87_EX_INEXACT | X87_EX_UNDERFLOW);
}
END_TEST

START_TEST(test_underflow_unmasked)
{
	/* SDM 8.5.5: unmasked, UE whenever tiny (even exact), and the
	 * exponent is multiplied by 2^24576. */
	x87_env env = x87_env_from_control(0x0040 | (X87_EX_ALL & ~X87_EX_UNDERFLOW) | 3 << 8);
	expect_value(x87_div(&env, MIN_NORMAL, TWO), 24576, 0x8000000000000000u);
	ck_assert_uint_eq(env.flags, X87_EX_UNDERFLOW);
}
END_TEST

/* ---- invalid operations and NaNs ---- */

START_TEST(test_invalid_operations)
{
	x87_env env;
#define EXPECT_INVALID(expr)                                                 \
	do {                                                                 \
		env = NEAREST;                                               \
		expect_value((expr), DEFAULT_NAN_SE, DEFAULT_NAN_SIG);       \
		ck_assert_uint_eq(env.flags, X87_EX_INVALID);                \
	} while (0)
	EXPECT_INVALID(x87_add(&env, PLUS_INF, MINUS_INF));
	EXPECT_INVALID(x87_sub(&env, PLUS_INF, PLUS_INF));
	EXPECT_INVALID(x87_mul(&env, PLUS_ZERO, MINUS_INF));
	EXPECT_INVALID(x87_div(&env, MINUS_ZERO, PLUS_ZERO));
	EXPECT_INVALID(x87_div(&env, PLUS_INF, MINUS_INF));
	EXPECT_INVALID(x87_sqrt(&env, raw(0xBFFF, 0x8000000000000000u)));
	EXPECT_INVALID(x87_sqrt(&env, MINUS_INF));
	EXPECT_INVALID(x87_prem(&env, PLUS_INF, ONE));
	EXPECT_INVALID(x87_prem1(&env, ONE, PLUS_ZERO));
	EXPECT_INVALID(x87_scale(&env, PLUS_ZERO, PLUS_INF));
	EXPECT_INVALID(x87_scale(&env, PLUS_INF, MINUS_INF));
	/* unsupported encodings: unnormal, pseudo-infinity, pseudo-NaN */
	EXPECT_INVALID(x87_add(&env, raw(0x3FFF, 0x4000000000000000u), ONE));
	EXPECT_INVALID(x87_mul(&env, ONE, raw(0x7FFF, 0)));
	EXPECT_INVALID(x87_div(&env, raw(0xFFFF, 0x4000000000000001u), ONE));
	EXPECT_INVALID(x87_sqrt(&env, raw(0x0001, 1)));
	EXPECT_INVALID(x87_add(&env, raw(0x3FFF, 0), QNAN_A)); /* unsupported beats QNaN */
#undef EXPECT_INVALID
	/* sqrt(-0) = -0, no exception */
	env = NEAREST;
	expect_value(x87_sqrt(&env, MINUS_ZERO), 0x8000, 0);
	ck_assert_uint_eq(env.flags, 0);
	ck_assert_int_eq(x87_classify(raw(0x3FFF, 0x4000000000000000u)), X87_CLASS_UNSUPPORTED);
	ck_assert_int_eq(x87_classify(raw(0x7FFF, 0)), X87_CLASS_UNSUPPORTED);
	ck_assert_int_eq(x87_classify(raw(0x7FFF, 0x4000000000000000u)), X87_CLASS_UNSUPPORTED);
}
END_TEST

START_TEST(test_nan_propagation)
{
	/* SDM Vol. 1 Table 4-7, x87 column */
	x87_env env = NEAREST;
	expect_value(x87_add(&env, QNAN_A, ONE), 0x7FFF, 0xC000000000001234u);
	ck_assert_uint_eq(env.flags, 0);
	env = NEAREST;
	expect_value(x87_mul(&env, ONE, SNAN_A), 0x7FFF, 0xC000000000001234u); /* quieted */
	ck_assert_uint_eq(env.flags, X87_EX_INVALID);
	env = NEAREST;
	expect_value(x87_add(&env, QNAN_A, QNAN_B), 0xFFFF, 0xC000000000005678u); /* larger */
	ck_assert_uint_eq(env.flags, 0);
	env = NEAREST;
	expect_value(x87_div(&env, SNAN_B, SNAN_A), 0xFFFF, 0xC000000000005678u); /* larger, quieted */
	ck_assert_uint_eq(env.flags, X87_EX_INVALID);
	env = NEAREST;
	expect_value(x87_sub(&env, SNAN_B, QNAN_A), 0x7FFF, 0xC000000000001234u); /* the QNaN */
	ck_assert_uint_eq(env.flags, X87_EX_INVALID);
	env = NEAREST;
	expect_value(x87_sqrt(&env, raw(0xFFFF, 0x8000000000000001u)), 0xFFFF, 0xC000000000000001u);
	ck_assert_uint_eq(env.flags, X87_EX_INVALID);
	/* equal significands: the positive one */
	env = NEAREST;
	expect_value(x87_add(&env, raw(0xFFFF, 0xC000000000000042u), raw(0x7FFF, 0xC000000000000042u)),
		     0x7FFF, 0xC000000000000042u);
	/* A QNaN operand hides a denormal one: no DE (SDM 8.7 priorities) */
	env = NEAREST;
	x87_add(&env, QNAN_A, MIN_DENORMAL);
	ck_assert_uint_eq(env.flags, 0);
	expect_value(x87_default_nan(), DEFAULT_NAN_SE, DEFAULT_NAN_SIG);
}
END_TEST

/* ---- zeros, infinities, division by zero ---- */

START_TEST(test_signed_zeros)
{
	x87_f80 x = raw(0x4005, 0xC90FDAA22168C235u);
	for (int rc = 0; rc < 4; rc++) {
		x87_env env = env_with(rc, X87_PREC_64);
		uint16_t want = rc == X87_ROUND_DOWN ? 0x8000 : 0;
		expect_value(x87_sub(&env, x, x), want, 0);
		ck_assert_uint_eq(env.flags, 0);
		env = env_with(rc, X87_PREC_64);
		expect_value(x87_add(&env, PLUS_ZERO, MINUS_ZERO), want, 0);
		env = env_with(rc, X87_PREC_64);
		expect_value(x87_add(&env, MINUS_ZERO, MINUS_ZERO), 0x8000, 0);
		env = env_with(rc, X87_PREC_64);
		expect_value(x87_sub(&env, MINUS_ZERO, PLUS_ZERO), 0x8000, 0);
	}
	x87_env env = NEAREST;
	expect_value(x87_mul(&env, MINUS_ZERO, TEN), 0x8000, 0);
	env = NEAREST;
	expect_value(x87_div(&env, PLUS_ZERO, raw(0xC002, 0xA000000000000000u)), 0x8000, 0);
}
END_TEST

START_TEST(test_infinities_and_zero_divide)
{
	x87_env env = NEAREST;
	expect_value(x87_div(&env, raw(0xBFFF, 0x8000000000000000u), PLUS_ZERO), 0xFFFF, 0x8000000000000000u);
	ck_assert_uint_eq(env.flags, X87_EX_ZERODIV);
	env = NEAREST;
	expect_value(x87_div(&env, ONE, MINUS_ZERO), 0xFFFF, 0x8000000000000000u);
	ck_assert_uint_eq(env.flags, X87_EX_ZERODIV);
	/* a denormal dividend: ZE alone (it outranks DE) */
	env = NEAREST;
	expect_value(x87_div(&env, MIN_DENORMAL, PLUS_ZERO), 0x7FFF, 0x8000000000000000u);
	ck_assert_uint_eq(env.flags, X87_EX_ZERODIV);
	/* infinity / 0 is infinity, no ZE */
	env = NEAREST;
	expect_value(x87_div(&env, MINUS_INF, PLUS_ZERO), 0xFFFF, 0x8000000000000000u);
	ck_assert_uint_eq(env.flags, 0);
	env = NEAREST;
	expect_value(x87_add(&env, PLUS_INF, MAX_FINITE), 0x7FFF, 0x8000000000000000u);
	env = NEAREST;
	expect_value(x87_mul(&env, MINUS_INF, TEN), 0xFFFF, 0x8000000000000000u);
	env = NEAREST;
	expect_value(x87_div(&env, TEN, MINUS_INF), 0x8000, 0);
	env = NEAREST;
	expect_value(x87_sqrt(&env, PLUS_INF), 0x7FFF, 0x8000000000000000u);
	ck_assert_uint_eq(env.flags, 0);
}
END_TEST

/* ---- denormal operands ---- */

START_TEST(test_denormal_operands)
{
	x87_env env = NEAREST;
	expect_value(x87_add(&env, MIN_DENORMAL, MIN_DENORMAL), 0x0000, 2);
	ck_assert_uint_eq(env.flags, X87_EX_DENORMAL);
	/* a denormal times a large value is normal again */
	env = NEAREST;
	expect_value(x87_mul(&env, raw(0x0000, 0x4000000000000000u), raw(0x3FFF + 1, 0x8000000000000000u)),
		     0x0001, 0x8000000000000000u);
	ck_assert_uint_eq(env.flags, X87_EX_DENORMAL);
	/* unmasked DE: nothing computed, only DE raised */
	env = x87_env_from_control(0x0040 | (X87_EX_ALL & ~X87_EX_DENORMAL) | 3 << 8);
	x87_div(&env, raw(0x0000, 0x4000000000000001u), THREE);
	ck_assert_uint_eq(env.flags, X87_EX_DENORMAL);
	ck_assert_uint_eq(x87_unmasked(&env), X87_EX_DENORMAL);
}
END_TEST

START_TEST(test_pseudo_denormals)
{
	/* 0000:8000000000000000 stands for 2^-16382, like 0001:8000000000000000 */
	x87_f80 pseudo = raw(0x0000, 0x8000000000000000u);
	ck_assert_int_eq(x87_classify(pseudo), X87_CLASS_PSEUDO_DENORMAL);
	x87_env env = NEAREST;
	expect_value(x87_add(&env, pseudo, PLUS_ZERO), 0x0001, 0x8000000000000000u);
	ck_assert_uint_eq(env.flags, X87_EX_DENORMAL);
	env = NEAREST;
	expect_value(x87_add(&env, pseudo, pseudo), 0x0002, 0x8000000000000000u);
	env = NEAREST;
	ck_assert_int_eq(x87_compare(&env, pseudo, MIN_NORMAL), X87_EQUAL);
	ck_assert_uint_eq(env.flags, X87_EX_DENORMAL);
	ck_assert_uint_eq(x87_examine(pseudo, false), X87_C3 | X87_C2);
}
END_TEST

/* ---- remainders, FRNDINT, FSCALE, FXTRACT ---- */

START_TEST(test_remainders)
{
	x87_f80 seven = raw(0x4001, 0xE000000000000000u);
	/* FPREM: 7 = 3*2 + 1; C0 C3 C1 = quotient bits 2 1 0 = 0 1 1 */
	x87_env env = NEAREST;
	expect_value(x87_prem(&env, seven, TWO), 0x3FFF, 0x8000000000000000u);
	ck_assert_uint_eq(env.cc, X87_C3 | X87_C1);
	/* FPREM1: 7/2 = 3.5 rounds to the even 4: remainder -1, quotient 100b */
	env = NEAREST;
	expect_value(x87_prem1(&env, seven, TWO), 0xBFFF, 0x8000000000000000u);
	ck_assert_uint_eq(env.cc, X87_C0);
	/* -7 rem 2 = -1 with the dividend's sign */
	env = NEAREST;
	expect_value(x87_prem(&env, raw(0xC001, 0xE000000000000000u), TWO), 0xBFFF, 0x8000000000000000u);
	/* exact multiple: a zero with the dividend's sign */
	env = NEAREST;
	expect_value(x87_prem(&env, raw(0xC002, 0xA000000000000000u), TWO), 0x8000, 0);
	ck_assert_uint_eq(env.cc, X87_C0 | X87_C1); /* quotient 5 = 101b */
	/* exponent difference >= 64: partial remainder, C2 set; repeating
	 * reaches the true remainder: 2^100 mod 3 = 1 */
	x87_f80 x = raw(0x3FFF + 100, 0x8000000000000000u);
	int rounds = 0;
	do {
		env = NEAREST;
		x = x87_prem(&env, x, THREE);
		rounds++;
	} while ((env.cc & X87_C2) && rounds < 10);
	ck_assert_int_gt(rounds, 1);
	expect_value(x, 0x3FFF, 0x8000000000000000u);
	ck_assert_uint_eq(env.flags, 0);
	/* a finite dividend over infinity is returned unchanged */
	env = NEAREST;
	expect_value(x87_prem(&env, seven, MINUS_INF), 0x4001, 0xE000000000000000u);
}
END_TEST

START_TEST(test_round_to_int)
{
	static const struct {
		int rc;
		uint16_t se;
		uint64_t sig;
		uint16_t want_se;
		uint64_t want_sig;
		bool up;
	} cases[] = {
		{ X87_ROUND_NEAREST, 0x4000, 0xA000000000000000u, 0x4000, 0x8000000000000000u, false }, /* 2.5 -> 2 */
		{ X87_ROUND_NEAREST, 0x4000, 0xE000000000000000u, 0x4001, 0x8000000000000000u, true },  /* 3.5 -> 4 */
		{ X87_ROUND_NEAREST, 0xC000, 0xA000000000000000u, 0xC000, 0x8000000000000000u, false }, /* -2.5 -> -2 */
		{ X87_ROUND_DOWN, 0xC000, 0xA000000000000000u, 0xC000, 0xC000000000000000u, true },    /* -2.5 -> -3 */
		{ X87_ROUND_UP, 0x4000, 0xA000000000000000u, 0x4000, 0xC000000000000000u, true },      /* 2.5 -> 3 */
		{ X87_ROUND_ZERO, 0xC000, 0xE000000000000000u, 0xC000, 0xC000000000000000u, false },   /* -3.5 -> -3 */
		{ X87_ROUND_NEAREST, 0xBFFD, 0x8000000000000000u, 0x8000, 0, false },                  /* -0.25 -> -0 */
		{ X87_ROUND_UP, 0x3FFD, 0x8000000000000000u, 0x3FFF, 0x8000000000000000u, true },      /* 0.25 -> 1 */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		x87_env env = env_with(cases[i].rc, X87_PREC_24); /* PC does not apply */
		expect_value(x87_round_to_int(&env, raw(cases[i].se, cases[i].sig)), cases[i].want_se,
			     cases[i].want_sig);
		ck_assert_uint_eq(env.flags, X87_EX_INEXACT);
		ck_assert_uint_eq(!!(env.cc & X87_C1), cases[i].up);
	}
	x87_env env = NEAREST;
	x87_f80 big = raw(0x3FFF + 70, 0x8000000000000001u);
	expect_value(x87_round_to_int(&env, big), big.sign_exp, big.significand);
	ck_assert_uint_eq(env.flags, 0);
}
END_TEST

START_TEST(test_scale_and_extract)
{
	x87_env env = NEAREST;
	expect_value(x87_scale(&env, ONE, THREE), 0x4002, 0x8000000000000000u); /* 1 * 2^3 */
	env = NEAREST;
	expect_value(x87_scale(&env, TEN, raw(0xBFFF, 0xE000000000000000u)), 0x4001, 0xA000000000000000u); /* 10 * 2^trunc(-1.75) */
	env = NEAREST;
	expect_value(x87_scale(&env, ONE, raw(0x4013, 0x8000000000000000u)), 0x7FFF, 0x8000000000000000u);
	ck_assert_uint_eq(env.flags, X87_EX_OVERFLOW | X87_EX_INEXACT);
	env = NEAREST;
	expect_value(x87_scale(&env, TEN, MINUS_INF), 0x0000, 0);
	env = NEAREST;
	expect_value(x87_scale(&env, raw(0x8000, 0), PLUS_ZERO), 0x8000, 0);

	x87_f80 exponent;
	env = NEAREST;
	expect_value(x87_extract(&env, TEN, &exponent), 0x3FFF, 0xA000000000000000u);
	expect_value(exponent, 0x4000, 0xC000000000000000u); /* 3 */
	env = NEAREST;
	expect_value(x87_extract(&env, MIN_DENORMAL, &exponent), 0x3FFF, 0x8000000000000000u);
	expect_value(exponent, 0xC00D, 0x807A000000000000u); /* -16445 = -403Dh */
	ck_assert_uint_eq(env.flags, X87_EX_DENORMAL);
	env = NEAREST;
	expect_value(x87_extract(&env, MINUS_ZERO, &exponent), 0x8000, 0);
	expect_value(exponent, 0xFFFF, 0x8000000000000000u);
	ck_assert_uint_eq(env.flags, X87_EX_ZERODIV);
}
END_TEST

/* ---- comparisons and classes ---- */

START_TEST(test_compare)
{
	x87_env env = NEAREST;
	ck_assert_int_eq(x87_compare(&env, ONE, TWO), X87_LESS);
	ck_assert_int_eq(x87_compare(&env, TWO, ONE), X87_GREATER);
	ck_assert_int_eq(x87_compare(&env, PLUS_ZERO, MINUS_ZERO), X87_EQUAL);
	ck_assert_int_eq(x87_compare(&env, MINUS_INF, raw(0xFFFE, 0xFFFFFFFFFFFFFFFFu)), X87_LESS);
	ck_assert_int_eq(x87_compare(&env, raw(0xBFFF, 0x8000000000000000u), raw(0xC000, 0x8000000000000000u)),
			 X87_GREATER);
	ck_assert_uint_eq(env.flags, 0);
	ck_assert_int_eq(x87_compare(&env, QNAN_A, ONE), X87_UNORDERED);
	ck_assert_uint_eq(env.flags, X87_EX_INVALID); /* ordered: any NaN */
	env = NEAREST;
	ck_assert_int_eq(x87_compare_quiet(&env, QNAN_A, ONE), X87_UNORDERED);
	ck_assert_uint_eq(env.flags, 0);
	ck_assert_int_eq(x87_compare_quiet(&env, ONE, SNAN_A), X87_UNORDERED);
	ck_assert_uint_eq(env.flags, X87_EX_INVALID);
	env = NEAREST;
	ck_assert_int_eq(x87_compare_quiet(&env, MIN_DENORMAL, PLUS_ZERO), X87_GREATER);
	ck_assert_uint_eq(env.flags, X87_EX_DENORMAL);
	ck_assert_uint_eq(x87_relation_cc(X87_LESS), X87_C0);
	ck_assert_uint_eq(x87_relation_cc(X87_UNORDERED), X87_C0 | X87_C2 | X87_C3);
	ck_assert_uint_eq(x87_relation_eflags(X87_EQUAL), 0x40);

	ck_assert_uint_eq(x87_examine(ONE, false), X87_C2);
	ck_assert_uint_eq(x87_examine(MINUS_INF, false), X87_C1 | X87_C2 | X87_C0);
	ck_assert_uint_eq(x87_examine(MINUS_ZERO, false), X87_C1 | X87_C3);
	ck_assert_uint_eq(x87_examine(QNAN_A, false), X87_C0);
	ck_assert_uint_eq(x87_examine(raw(0x3FFF, 0), false), 0);
	ck_assert_uint_eq(x87_examine(ONE, true), X87_C3 | X87_C0);
}
END_TEST

/* ---- conversions ---- */

START_TEST(test_integer_conversions)
{
	expect_value(x87_from_int16(-1), 0xBFFF, 0x8000000000000000u);
	expect_value(x87_from_int32(0), 0x0000, 0);
	expect_value(x87_from_int64(INT64_MIN), 0xC03E, 0x8000000000000000u);
	expect_value(x87_from_int64(INT64_MAX), 0x403D, 0xFFFFFFFFFFFFFFFEu);

	x87_env env = NEAREST;
	ck_assert_int_eq(x87_to_int16(&env, raw(0xC00E, 0x8000000000000000u)), -32768);
	ck_assert_uint_eq(env.flags, 0);
	env = NEAREST;
	ck_assert_int_eq(x87_to_int16(&env, raw(0x400E, 0x8000000000000000u)), INT16_MIN); /* 32768 */
	ck_assert_uint_eq(env.flags, X87_EX_INVALID);
	env = NEAREST;
	ck_assert_int_eq(x87_to_int16(&env, raw(0x400D, 0xFFFF000000000000u)), INT16_MIN); /* 32767.5 -> 32768 */
	ck_assert_uint_eq(env.flags, X87_EX_INVALID);
	env = env_with(X87_ROUND_ZERO, X87_PREC_64);
	ck_assert_int_eq(x87_to_int16(&env, raw(0x400D, 0xFFFF000000000000u)), 32767);
	ck_assert_uint_eq(env.flags, X87_EX_INEXACT);
	env = NEAREST;
	ck_assert_int_eq(x87_to_int32(&env, raw(0x4000, 0xA000000000000000u)), 2); /* 2.5 */
	ck_assert_uint_eq(env.flags, X87_EX_INEXACT);
	env = NEAREST;
	ck_assert_int_eq(x87_to_int32(&env, QNAN_A), INT32_MIN);
	ck_assert_uint_eq(env.flags, X87_EX_INVALID);
	env = NEAREST;
	ck_assert(x87_to_int64(&env, raw(0x403E, 0x8000000000000000u)) == INT64_MIN); /* 2^63 */
	ck_assert_uint_eq(env.flags, X87_EX_INVALID);
	env = NEAREST;
	ck_assert(x87_to_int64(&env, raw(0xC03E, 0x8000000000000000u)) == INT64_MIN); /* -2^63 fits */
	ck_assert_uint_eq(env.flags, 0);
	env = NEAREST;
	ck_assert_int_eq(x87_to_int64(&env, MINUS_INF), INT64_MIN);
	env = env_with(X87_ROUND_UP, X87_PREC_64);
	ck_assert_int_eq(x87_to_int32_trunc(&env, raw(0xC000, 0xB000000000000000u)), -2); /* -2.75 */
	env = NEAREST;
	ck_assert_int_eq(x87_to_int32(&env, MIN_DENORMAL), 0);
	ck_assert_uint_eq(env.flags, X87_EX_INEXACT);
}
END_TEST

START_TEST(test_float_conversions)
{
	x87_env env = NEAREST;
	expect_value(x87_from_f32(&env, 0x3F800000u), 0x3FFF, 0x8000000000000000u);
	expect_value(x87_from_f64(&env, 0xC024000000000000u), 0xC002, 0xA000000000000000u);
	ck_assert_uint_eq(env.flags, 0);
	expect_value(x87_from_f32(&env, 0x00000001u), 0x3FFF - 149, 0x8000000000000000u);
	ck_assert_uint_eq(env.flags, X87_EX_DENORMAL);
	env = NEAREST;
	expect_value(x87_from_f32(&env, 0xFF800001u), 0xFFFF, 0xC000010000000000u);
	ck_assert_uint_eq(env.flags, X87_EX_INVALID);
	env = NEAREST;
	expect_value(x87_from_f64(&env, 0x7FF8000000000000u), 0x7FFF, 0xC000000000000000u);
	ck_assert_uint_eq(env.flags, 0);

	env = NEAREST;
	x87_f80 third = x87_div(&env, ONE, THREE);
	env = NEAREST;
	ck_assert_uint_eq(x87_to_f32(&env, third), 0x3EAAAAABu);
	ck_assert_uint_eq(env.flags, X87_EX_INEXACT);
	ck_assert(env.cc & X87_C1);
	env = NEAREST;
	ck_assert_uint_eq(x87_to_f64(&env, third), 0x3FD5555555555555u);
	/* overflow: 2^128 */
	env = NEAREST;
	ck_assert_uint_eq(x87_to_f32(&env, raw(0x407F, 0x8000000000000000u)), 0x7F800000u);
	ck_assert_uint_eq(env.flags, X87_EX_OVERFLOW | X87_EX_INEXACT);
	env = env_with(X87_ROUND_ZERO, X87_PREC_64);
	ck_assert_uint_eq(x87_to_f32(&env, raw(0xC07F, 0x8000000000000000u)), 0xFF7FFFFFu);
	/* underflow: 2^-149 is the smallest single denormal; 2^-150 ties to 0 */
	env = NEAREST;
	ck_assert_uint_eq(x87_to_f32(&env, raw(0x3FFF - 149, 0x8000000000000000u)), 0x00000001u);
	ck_assert_uint_eq(env.flags, 0);
	env = NEAREST;
	ck_assert_uint_eq(x87_to_f32(&env, raw(0xBFFF - 150, 0x8000000000000000u)), 0x80000000u);
	ck_assert_uint_eq(env.flags, X87_EX_UNDERFLOW | X87_EX_INEXACT);
	env = NEAREST;
	ck_assert_uint_eq(x87_to_f64(&env, raw(0x3FFF - 1074, 0xC000000000000000u)), 2); /* 1.5 ulp -> 2 */
	/* NaNs: SNaN quieted with IE, payload's top bits kept; unsupported
	 * gives the default NaN */
	env = NEAREST;
	ck_assert_uint_eq(x87_to_f32(&env, raw(0x7FFF, 0x8000010000000000u)), 0x7FC00001u);
	ck_assert_uint_eq(env.flags, X87_EX_INVALID);
	env = NEAREST;
	ck_assert_uint_eq(x87_to_f64(&env, raw(0x3FFF, 0x4000000000000000u)), 0xFFF8000000000000u);
	ck_assert_uint_eq(env.flags, X87_EX_INVALID);
	env = NEAREST;
	ck_assert_uint_eq(x87_to_f64(&env, MINUS_INF), 0xFFF0000000000000u);
	ck_assert_uint_eq(x87_to_f32(&env, MINUS_ZERO), 0x80000000u);
	ck_assert_uint_eq(env.flags, 0);
}
END_TEST

START_TEST(test_bcd)
{
	/* -123456789012345678 */
	const uint8_t digits[10] = { 0x78, 0x56, 0x34, 0x12, 0x90, 0x78, 0x56, 0x34, 0x12, 0x80 };
	x87_f80 v = x87_from_bcd(digits);
	x87_env env = NEAREST;
	ck_assert(x87_to_int64(&env, v) == -123456789012345678);
	uint8_t out[10];
	env = NEAREST;
	x87_to_bcd(&env, v, out);
	ck_assert_mem_eq(out, digits, 10);
	ck_assert_uint_eq(env.flags, 0);

	const uint8_t minus_zero[10] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x80 };
	expect_value(x87_from_bcd(minus_zero), 0x8000, 0);

	/* 2.5 -> 2 (nearest even), PE */
	const uint8_t two[10] = { 2, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
	env = NEAREST;
	x87_to_bcd(&env, raw(0x4000, 0xA000000000000000u), out);
	ck_assert_mem_eq(out, two, 10);
	ck_assert_uint_eq(env.flags, X87_EX_INEXACT);

	/* 10^18 has 19 digits: the packed BCD indefinite */
	const uint8_t indefinite[10] = { 0, 0, 0, 0, 0, 0, 0, 0xC0, 0xFF, 0xFF };
	env = NEAREST;
	x87_to_bcd(&env, x87_from_int64(1000000000000000000), out);
	ck_assert_mem_eq(out, indefinite, 10);
	ck_assert_uint_eq(env.flags, X87_EX_INVALID);
	env = NEAREST;
	x87_to_bcd(&env, QNAN_A, out);
	ck_assert_mem_eq(out, indefinite, 10);
	const uint8_t largest[10] = { 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0 };
	env = NEAREST;
	x87_to_bcd(&env, x87_from_int64(999999999999999999), out);
	ck_assert_mem_eq(out, largest, 10);
}
END_TEST

START_TEST(test_memory_operands)
{
	x87_env env = NEAREST;
	expect_value(x87_arith_f32(&env, X87_ARITH_ADD, ONE, 0x3F800000u), 0x4000, 0x8000000000000000u);
	env = NEAREST;
	expect_value(x87_arith_f64(&env, X87_ARITH_SUBR, ONE, 0x4024000000000000u), 0x4002,
		     0x9000000000000000u); /* 10 - 1 */
	env = NEAREST;
	expect_value(x87_arith_f32(&env, X87_ARITH_DIVR, TWO, 0x3F800000u), 0x3FFE, 0x8000000000000000u);
	ck_assert_uint_eq(env.flags, 0);
	/* A single denormal is normal in extended, yet the operation raises
	 * DE for it, as FADD m32fp does. */
	env = NEAREST;
	expect_value(x87_arith_f32(&env, X87_ARITH_MUL, ONE, 0x00000001u), 0x3FFF - 149,
		     0x8000000000000000u);
	ck_assert_uint_eq(env.flags, X87_EX_DENORMAL);
	/* An SNaN operand in memory loses to a QNaN in ST (Table 4-7) */
	env = NEAREST;
	expect_value(x87_arith_f32(&env, X87_ARITH_ADD, QNAN_A, 0x7FBFFFFFu), 0x7FFF, 0xC000000000001234u);
	ck_assert_uint_eq(env.flags, X87_EX_INVALID);
	env = NEAREST;
	expect_value(x87_arith_f64(&env, X87_ARITH_ADD, ONE, 0xFFF0000000000001u), 0xFFFF,
		     0xC000000000000800u);
	ck_assert_uint_eq(env.flags, X87_EX_INVALID);
	env = NEAREST;
	ck_assert_int_eq(x87_compare_f32(&env, ONE, 0x40000000u), X87_LESS);
	ck_assert_int_eq(x87_compare_f64(&env, ONE, 0x7FF8000000000000u), X87_UNORDERED);
	ck_assert_uint_eq(env.flags, X87_EX_INVALID);
}
END_TEST

START_TEST(test_constants_loaded)
{
	x87_env env = NEAREST;
	expect_value(x87_constant(&env, X87_CONST_PI), 0x4000, 0xC90FDAA22168C235u);
	expect_value(x87_constant(&env, X87_CONST_L2E), 0x3FFF, 0xB8AA3B295C17F0BCu);
	expect_value(x87_constant(&env, X87_CONST_L2T), 0x4000, 0xD49A784BCD1B8AFEu);
	expect_value(x87_constant(&env, X87_CONST_LG2), 0x3FFD, 0x9A209A84FBCFF799u);
	expect_value(x87_constant(&env, X87_CONST_LN2), 0x3FFE, 0xB17217F7D1CF79ACu);
	expect_value(x87_constant(&env, X87_CONST_ONE), 0x3FFF, 0x8000000000000000u);
	expect_value(x87_constant(&env, X87_CONST_ZERO), 0x0000, 0);
	ck_assert_uint_eq(env.flags, 0);
	ck_assert_uint_eq(env.cc, 0);
	env = env_with(X87_ROUND_DOWN, X87_PREC_24); /* precision control does not apply */
	expect_value(x87_constant(&env, X87_CONST_PI), 0x4000, 0xC90FDAA22168C234u);
	env = env_with(X87_ROUND_UP, X87_PREC_64);
	expect_value(x87_constant(&env, X87_CONST_L2T), 0x4000, 0xD49A784BCD1B8AFFu);
}
END_TEST

int main(void)
{
	Suite *suite = suite_create("fpu-softfloat");
	TCase *tc = tcase_create("x87");
	tcase_add_test(tc, test_constants);
	tcase_add_test(tc, test_ties_to_even);
	tcase_add_test(tc, test_directed_rounding);
	tcase_add_test(tc, test_precision_keeps_extended_range);
	tcase_add_test(tc, test_overflow_by_rounding_mode);
	tcase_add_test(tc, test_overflow_unmasked);
	tcase_add_test(tc, test_underflow);
	tcase_add_test(tc, test_underflow_unmasked);
	tcase_add_test(tc, test_invalid_operations);
	tcase_add_test(tc, test_nan_propagation);
	tcase_add_test(tc, test_signed_zeros);
	tcase_add_test(tc, test_infinities_and_zero_divide);
	tcase_add_test(tc, test_denormal_operands);
	tcase_add_test(tc, test_pseudo_denormals);
	tcase_add_test(tc, test_remainders);
	tcase_add_test(tc, test_round_to_int);
	tcase_add_test(tc, test_scale_and_extract);
	tcase_add_test(tc, test_compare);
	tcase_add_test(tc, test_integer_conversions);
	tcase_add_test(tc, test_float_conversions);
	tcase_add_test(tc, test_bcd);
	tcase_add_test(tc, test_memory_operands);
	tcase_add_test(tc, test_constants_loaded);
	suite_add_tcase(suite, tc);
	SRunner *runner = srunner_create(suite);
	srunner_run_all(runner, CK_NORMAL);
	int failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
