/* The soft-float add, sub, mul, div and sqrt against an independent exact
 * reference: the operands' exact values as big integers times powers of
 * two, the exact sum/product (or a quotient/root with enough extra bits
 * and a sticky remainder), then rounded here, in this file, to the x87's
 * extended format under every rounding mode and precision, with the
 * masked and unmasked overflow/underflow responses.  Runs on every host. */
#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "cpu/fpu/test_bignum.h"
#include "cpu/fpu/test_operands.h"
#include "cpu/fpu/x87float.h"

#define EMIN (-16382) /* smallest normal's unbiased exponent */
#define EMAX 16383
#define WRAP_BIAS 24576

/* An exact value: (-1)^sign * (m + f) * 2^e with 0 <= f < 1, f > 0 iff
 * sticky. */
typedef struct exact {
	bool sign;
	big m;
	int32_t e;
	bool sticky;
} exact;

typedef struct expected {
	x87_f80 value;
	uint8_t flags;
	bool c1;
} expected;

static void operand_value(exact *x, x87_f80 v)
{
	int32_t field = x87_exponent(v);
	x->sign = x87_sign(v);
	big_set_u64(&x->m, v.significand);
	/* exponent 0 weighs like 1 (denormals and pseudo-denormals) */
	x->e = (field ? field : 1) - X87_EXP_BIAS - 63;
	x->sticky = false;
}

static bool is_denormal_encoding(x87_f80 v) { return x87_exponent(v) == 0 && v.significand != 0; }

/* Round m * 2^e (plus sticky) down to a multiple of 2^lsb, returning the
 * integer count q of 2^lsb units and the rounding facts. */
static void round_at(big *q, const exact *x, int32_t lsb, int rc, bool *inexact, bool *up)
{
	int32_t s = lsb - x->e;
	bool above, tie;
	if (s <= 0) {
		big_shift_left(q, &x->m, -s);
		/* the sticky fraction is then below half a unit (callers keep
		 * two or more extra bits whenever a fraction is present) */
		if (x->sticky && s > -2)
			ck_abort_msg("reference: too few extra bits before the sticky fraction");
		*inexact = x->sticky;
		above = false;
		tie = false;
	} else {
		big_shift_right(q, &x->m, s);
		bool half = big_test_bit(&x->m, s - 1);
		bool rest = big_low_bits_nonzero(&x->m, s - 1) || x->sticky;
		*inexact = half || rest;
		above = half && rest;
		tie = half && !rest;
	}
	switch (rc) {
	case X87_ROUND_NEAREST:
		*up = above || (tie && big_test_bit(q, 0));
		break;
	case X87_ROUND_DOWN:
		*up = *inexact && x->sign;
		break;
	case X87_ROUND_UP:
		*up = *inexact && !x->sign;
		break;
	default:
		*up = false;
		break;
	}
	if (*up) {
		big one;
		big_set_u64(&one, 1);
		big_add(q, q, &one);
	}
}

/* Pack q * 2^lsb (q < 2^65) with a biased exponent field computed from the
 * leading bit (plus exponent_adjust for the unmasked responses), or as a
 * denormal when below the normal range and not adjusted. */
static x87_f80 pack(bool sign, const big *q, int32_t lsb, int32_t exponent_adjust)
{
	int bits = big_bit_length(q);
	if (bits == 0)
		return x87_zero(sign);
	int32_t lead = lsb + bits - 1;
	big sig;
	if (lead < EMIN && exponent_adjust == 0) {
		big_shift_left(&sig, q, lsb - (EMIN - 63));
		return x87_make(sign, 0, big_low_u64(&sig));
	}
	if (bits > 64)
		big_shift_right(&sig, q, bits - 64);
	else
		big_shift_left(&sig, q, 64 - bits);
	return x87_make(sign, (uint16_t)(lead + X87_EXP_BIAS + exponent_adjust), big_low_u64(&sig));
}

static expected round_reference(const exact *x, int p, int rc, uint8_t masks)
{
	expected r = { x87_zero(x->sign), 0, false };
	if (big_is_zero(&x->m)) {
		if (x->sticky)
			ck_abort_msg("reference: a zero with a sticky fraction");
		return r;
	}
	int32_t ue = x->e + big_bit_length(&x->m) - 1;
	bool inexact, up;
	big q;

	/* Tininess: after rounding with unbounded exponent (SDM 4.9.1.5). */
	int32_t lsb_unbounded = ue - (p - 1);
	round_at(&q, x, lsb_unbounded, rc, &inexact, &up);
	int32_t lead_unbounded = lsb_unbounded + big_bit_length(&q) - 1;
	bool tiny = lead_unbounded < EMIN;

	if (lead_unbounded > EMAX) {
		if (!(masks & X87_EX_OVERFLOW)) {
			r.value = pack(x->sign, &q, lsb_unbounded, -WRAP_BIAS);
			r.flags = X87_EX_OVERFLOW | (inexact ? X87_EX_INEXACT : 0);
			r.c1 = up;
			return r;
		}
		bool to_infinity = rc == X87_ROUND_NEAREST || (rc == X87_ROUND_DOWN && x->sign) ||
				   (rc == X87_ROUND_UP && !x->sign);
		r.value = to_infinity ? x87_infinity(x->sign)
				      : x87_make(x->sign, 0x7FFE, ~UINT64_C(0) << (64 - p));
		r.flags = X87_EX_OVERFLOW | X87_EX_INEXACT;
		r.c1 = to_infinity;
		return r;
	}
	if (tiny && !(masks & X87_EX_UNDERFLOW)) {
		r.value = pack(x->sign, &q, lsb_unbounded, WRAP_BIAS);
		r.flags = X87_EX_UNDERFLOW | (inexact ? X87_EX_INEXACT : 0);
		r.c1 = up;
		return r;
	}
	/* In range (or masked underflow): the unit in the last place is that of
	 * the precision, but never below the denormals' fixed positions. */
	int32_t lsb = (ue > EMIN ? ue : EMIN) - (p - 1);
	round_at(&q, x, lsb, rc, &inexact, &up);
	r.value = pack(x->sign, &q, lsb, 0);
	r.flags = (inexact ? X87_EX_INEXACT : 0) | (tiny && inexact ? X87_EX_UNDERFLOW : 0);
	r.c1 = up;
	return r;
}

enum op { OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_SQRT, OP_COUNT };
static const char *const op_names[OP_COUNT] = { "add", "sub", "mul", "div", "sqrt" };

/* The exact result of a op b; false when the result is not a finite
 * rounding case (zero sum handled by the caller, sqrt of a negative). */
static void exact_result(exact *r, enum op op, x87_f80 a, x87_f80 b)
{
	exact x, y;
	operand_value(&x, a);
	operand_value(&y, b);
	if (op == OP_SUB)
		y.sign = !y.sign;
	r->sticky = false;
	switch (op) {
	case OP_ADD:
	case OP_SUB:
	{
		if (big_is_zero(&x.m)) {
			*r = y;
			return;
		}
		if (big_is_zero(&y.m)) {
			*r = x;
			return;
		}
		int32_t e = x.e < y.e ? x.e : y.e;
		big_shift_left(&x.m, &x.m, x.e - e);
		big_shift_left(&y.m, &y.m, y.e - e);
		r->e = e;
		if (x.sign == y.sign) {
			big_add(&r->m, &x.m, &y.m);
			r->sign = x.sign;
		} else if (big_compare(&x.m, &y.m) >= 0) {
			big_sub(&r->m, &x.m, &y.m);
			r->sign = x.sign;
		} else {
			big_sub(&r->m, &y.m, &x.m);
			r->sign = y.sign;
		}
		return;
	}
	case OP_MUL:
		big_mul(&r->m, &x.m, &y.m);
		r->e = x.e + y.e;
		r->sign = x.sign != y.sign;
		return;
	case OP_DIV:
	{
		/* 130 extra quotient bits: far more than rounding needs */
		big num, rem;
		big_shift_left(&num, &x.m, 130);
		big_divmod(&r->m, &rem, &num, &y.m);
		r->e = x.e - y.e - 130;
		r->sign = x.sign != y.sign;
		r->sticky = !big_is_zero(&rem);
		return;
	}
	default:
	{
		/* sqrt(m * 2^e): make the exponent even, scale by 2^140 for 70
		 * extra root bits. */
		big n, square;
		int32_t e = x.e;
		int extra = 140 + (e & 1);
		e -= e & 1;
		big_shift_left(&n, &x.m, extra);
		big_isqrt(&r->m, &n);
		big_mul(&square, &r->m, &r->m);
		r->sticky = big_compare(&square, &n) != 0;
		r->e = (e - 140) / 2;
		r->sign = false;
		return;
	}
	}
}

static x87_f80 soft_op(enum op op, x87_env *env, x87_f80 a, x87_f80 b)
{
	switch (op) {
	case OP_ADD:
		return x87_add(env, a, b);
	case OP_SUB:
		return x87_sub(env, a, b);
	case OP_MUL:
		return x87_mul(env, a, b);
	case OP_DIV:
		return x87_div(env, a, b);
	default:
		return x87_sqrt(env, a);
	}
}

static unsigned long reference_count(void)
{
	const char *s = getenv("GLASSPC_FPU_REFERENCE_OPERANDS");
	return s ? strtoul(s, NULL, 10) : 200000ul;
}

static const uint8_t precisions[3] = { X87_PREC_24, X87_PREC_53, X87_PREC_64 };
static const int precision_bits[3] = { 24, 53, 64 };

struct tally {
	unsigned long compared, differences;
	unsigned long by_flag[6];
};

/* One operation in one mode against the reference. */
static void check_one(struct tally *t, enum op op, x87_f80 x, x87_f80 y, int k, int rc, uint8_t masks)
{
	if (op == OP_SQRT)
		x.sign_exp &= 0x7FFF;
	if (op == OP_DIV && x87_classify(y) == X87_CLASS_ZERO)
		return; /* zero divide: the edge-case tests */
	uint16_t cw = (uint16_t)(0x0040 | masks | precisions[k] << 8 | rc << 10);

	exact r;
	exact_result(&r, op, x, y);
	expected want;
	if (big_is_zero(&r.m) && !r.sticky) {
		/* Exact zero: a product/quotient keeps the sign rule; a sum of
		 * opposite values is +0 (-0 when rounding down), like-signed
		 * zeros keep theirs. */
		bool sign = r.sign;
		if ((op == OP_ADD || op == OP_SUB) &&
		    !(x87_classify(x) == X87_CLASS_ZERO && x87_classify(y) == X87_CLASS_ZERO &&
		      x87_sign(x) == (x87_sign(y) ^ (op == OP_SUB))))
			sign = rc == X87_ROUND_DOWN;
		if (op == OP_SQRT)
			sign = x87_sign(x);
		want.value = x87_zero(sign);
		want.flags = 0;
		want.c1 = false;
	} else {
		want = round_reference(&r, precision_bits[k], rc, masks);
	}
	if (is_denormal_encoding(x) || (op != OP_SQRT && is_denormal_encoding(y)))
		want.flags |= X87_EX_DENORMAL;

	x87_env env = x87_env_from_control(cw);
	x87_f80 got = soft_op(op, &env, x, y);
	bool got_c1 = (env.cc & X87_C1) != 0;
	t->compared++;
	for (int f = 0; f < 6; f++)
		t->by_flag[f] += (want.flags >> f) & 1;
	if (got.sign_exp != want.value.sign_exp || got.significand != want.value.significand ||
	    env.flags != want.flags || got_c1 != want.c1) {
		if (t->differences++ < 30)
			fprintf(stderr,
				"%s cw=%04x a=%04x:%016" PRIx64 " b=%04x:%016" PRIx64 " want=%04x:%016" PRIx64
				" flags=%02x c1=%d got=%04x:%016" PRIx64 " flags=%02x c1=%d\n",
				op_names[op], cw, x.sign_exp, x.significand, y.sign_exp, y.significand,
				want.value.sign_exp, want.value.significand, want.flags, want.c1,
				got.sign_exp, got.significand, env.flags, got_c1);
	}
}

START_TEST(test_against_exact_reference)
{
	test_rng rng = { UINT64_C(0xD1B54A32D192ED03) };
	unsigned long count = reference_count();
	struct tally t = { 0, 0, { 0 } };
	for (unsigned long i = 0; i < count; i++) {
		x87_f80 a = test_random_finite(&rng);
		x87_f80 b = test_random_partner(&rng, a, true);
		for (int op = 0; op < OP_COUNT; op++) {
			int k = (int)test_rng_below(&rng, 3);
			int rc = (int)test_rng_below(&rng, 4);
			/* Mostly masked; sometimes OE/UE unmasked to check the
			 * biased-exponent results. */
			uint8_t masks = X87_EX_ALL;
			if (test_rng_below(&rng, 4) == 0)
				masks &= (uint8_t)~(X87_EX_OVERFLOW | X87_EX_UNDERFLOW);
			check_one(&t, (enum op)op, a, b, k, rc, masks);
		}
	}
	printf("exact reference: %lu operand pairs, %lu operations compared, %lu differences "
	       "(results with IE %lu DE %lu ZE %lu OE %lu UE %lu PE %lu)\n",
	       count, t.compared, t.differences, t.by_flag[0], t.by_flag[1], t.by_flag[2],
	       t.by_flag[3], t.by_flag[4], t.by_flag[5]);
	ck_assert_uint_eq(t.differences, 0);
}
END_TEST

/* Every pair from a grid of corner significands (all ones, lone top bit,
 * one ulp either side at each precision) and exponents (both parities,
 * the range ends), in every mode. */
START_TEST(test_corners_against_exact_reference)
{
	static const uint64_t significands[] = {
		0x8000000000000000u, 0x8000000000000001u, 0xFFFFFFFFFFFFFFFFu, 0xFFFFFFFFFFFFFFFEu,
		0x8000000000000800u, 0x80000000000007FFu, 0xFFFFFFFFFFFFF800u, 0x8000010000000000u,
		0x800000FFFFFFFFFFu, 0xFFFFFF0000000000u, 0xFFFFFF8000000000u, 0xC000000000000000u,
		0xAAAAAAAAAAAAAAAAu, 0xB504F333F9DE6484u,
	};
	static const uint16_t exponents[] = { 0x0000, 0x0001, 0x0002, 0x0040, 0x3FFE, 0x3FFF,
					      0x4000, 0x403F, 0x7FBF, 0x7FFD, 0x7FFE };
	const int ns = sizeof significands / sizeof significands[0];
	const int ne = sizeof exponents / sizeof exponents[0];
	struct tally t = { 0, 0, { 0 } };
	for (int i = 0; i < ns * ne; i++) {
		x87_f80 a = { significands[i % ns], exponents[i / ns] };
		for (int j = 0; j < ns * ne; j += 3) {
			x87_f80 b = { significands[j % ns], (uint16_t)(exponents[j / ns] | (j & 8) << 12) };
			for (int op = 0; op < OP_COUNT; op++)
				for (int k = 0; k < 3 && (op != OP_SQRT || j == 0); k++)
					for (int rc = 0; rc < 4; rc++)
						check_one(&t, (enum op)op, a, b, k, rc,
							  (i + j + rc) & 1 ? X87_EX_ALL
									   : X87_EX_ALL & ~(X87_EX_OVERFLOW |
											    X87_EX_UNDERFLOW));
		}
	}
	printf("exact reference, corner grid: %lu operations compared, %lu differences\n", t.compared,
	       t.differences);
	ck_assert_uint_eq(t.differences, 0);
}
END_TEST

int main(void)
{
	Suite *suite = suite_create("fpu-reference");
	TCase *tc = tcase_create("exact");
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_against_exact_reference);
	tcase_add_test(tc, test_corners_against_exact_reference);
	suite_add_tcase(suite, tc);
	SRunner *runner = srunner_create(suite);
	srunner_run_all(runner, CK_NORMAL);
	int failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
