/* Random operands for the x87 soft-float tests. */
#include "cpu/fpu/test_operands.h"

uint64_t test_rng_next(test_rng *rng)
{
	/* xorshift64* */
	uint64_t x = rng->state;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng->state = x;
	return x * UINT64_C(2685821657736338717);
}

uint32_t test_rng_below(test_rng *rng, uint32_t n)
{
	return (uint32_t)((test_rng_next(rng) >> 32) % n);
}

/* Significands with structure: runs of ones and zeros make halfway and
 * all-ones rounding cases likely. */
static uint64_t random_significand(test_rng *rng)
{
	uint64_t r = test_rng_next(rng);
	switch (test_rng_below(rng, 8)) {
	case 0: /* few bits */
	{
		/* one draw per statement: the order of evaluation within an
		 * expression is unspecified, and the sequence must not depend on
		 * the compiler */
		uint64_t bit1 = (uint64_t)1 << test_rng_below(rng, 64);
		return bit1 | (uint64_t)1 << test_rng_below(rng, 64);
	}
	case 1: /* all ones below a random position */
		return ~(uint64_t)0 >> test_rng_below(rng, 64);
	case 2: /* a block of ones then zeros */
	{
		int lo = test_rng_below(rng, 64);
		return (~(uint64_t)0 << lo) ^ (r & ((uint64_t)1 << lo >> 1));
	}
	case 3: /* exactly representable at 24 or 53 bits, or a tie there */
	{
		uint64_t mask = ~(uint64_t)0 << (test_rng_below(rng, 2) ? 40 : 11);
		return r & (mask >> test_rng_below(rng, 2));
	}
	default:
		return r;
	}
}

static uint16_t random_normal_exponent(test_rng *rng)
{
	switch (test_rng_below(rng, 6)) {
	case 0:
		return (uint16_t)(1 + test_rng_below(rng, 0x7FFE));
	case 1: /* near underflow */
		return (uint16_t)(1 + test_rng_below(rng, 80));
	case 2: /* near overflow */
		return (uint16_t)(0x7FFE - test_rng_below(rng, 80));
	case 3: /* near the middle of the range, for underflow by product */
		return (uint16_t)(0x3FFF - 0x2000 + test_rng_below(rng, 0x4000));
	default:
		return (uint16_t)(0x3FFF - 70 + test_rng_below(rng, 140));
	}
}

x87_f80 test_random_finite(test_rng *rng)
{
	bool sign = test_rng_next(rng) & 1;
	uint32_t kind = test_rng_below(rng, 20);
	if (kind == 0)
		return x87_make(sign, 0, 0);
	if (kind == 1) /* denormal */
		return x87_make(sign, 0, random_significand(rng) & ~X87_INTEGER_BIT);
	if (kind == 2) /* pseudo-denormal */
		return x87_make(sign, 0, random_significand(rng) | X87_INTEGER_BIT);
	/* one draw per statement: argument evaluation order is unspecified */
	uint16_t exponent = random_normal_exponent(rng);
	return x87_make(sign, exponent, random_significand(rng) | X87_INTEGER_BIT);
}

x87_f80 test_random_any(test_rng *rng)
{
	bool sign = test_rng_next(rng) & 1;
	uint64_t r = test_rng_next(rng);
	switch (test_rng_below(rng, 24)) {
	case 0:
		return x87_infinity(sign);
	case 1: /* quiet NaN */
		return x87_make(sign, X87_EXP_MAX, r | X87_INTEGER_BIT | X87_QUIET_BIT);
	case 2: /* signalling NaN */
	{
		uint64_t s = (r & ~X87_QUIET_BIT) | X87_INTEGER_BIT;
		if (s == X87_INTEGER_BIT)
			s |= 1;
		return x87_make(sign, X87_EXP_MAX, s);
	}
	case 3: /* unsupported: unnormal, pseudo-infinity or pseudo-NaN */
	{
		uint16_t e = test_rng_below(rng, 2) ? X87_EXP_MAX : random_normal_exponent(rng);
		return x87_make(sign, e, test_rng_below(rng, 3) ? r & ~X87_INTEGER_BIT : 0);
	}
	case 4:
		return x87_default_nan();
	default:
		return test_random_finite(rng);
	}
}

x87_f80 test_random_partner(test_rng *rng, x87_f80 first, bool finite_only)
{
	x87_f80 v = finite_only ? test_random_finite(rng) : test_random_any(rng);
	uint16_t e = x87_exponent(first);
	if (!finite_only && x87_is_nan(first) && test_rng_below(rng, 3) == 0) {
		/* a NaN with the same payload: the tie rules of Table 4-7 */
		uint64_t s = first.significand;
		if (test_rng_below(rng, 2) && (s & ~(X87_INTEGER_BIT | X87_QUIET_BIT)))
			s ^= X87_QUIET_BIT;
		return x87_make(x87_sign(v), X87_EXP_MAX, s);
	}
	if (e == 0 || e == X87_EXP_MAX || x87_exponent(v) == 0 || x87_exponent(v) == X87_EXP_MAX)
		return v;
	switch (test_rng_below(rng, 6)) {
	case 0: /* nearby exponent */
	{
		int32_t ne = (int32_t)e + (int32_t)test_rng_below(rng, 140) - 70;
		if (ne < 1)
			ne = 1;
		if (ne > 0x7FFE)
			ne = 0x7FFE;
		return x87_make(x87_sign(v), (uint16_t)ne, v.significand);
	}
	case 1: /* same magnitude, maybe other sign */
		return x87_make(x87_sign(v), e, first.significand);
	case 2: /* one ulp (at some precision) away */
	{
		uint64_t ulp = (uint64_t)1 << (test_rng_below(rng, 3) == 0 ? 40 : test_rng_below(rng, 2) ? 11 : 0);
		uint64_t s = first.significand + (test_rng_below(rng, 2) ? ulp : -ulp);
		return x87_make(x87_sign(v), e, s | X87_INTEGER_BIT);
	}
	case 3: /* exponent that puts a product or quotient near a limit */
	{
		static const int32_t targets[2] = {
			0xBFFD, /* product near overflow: ea + eb - bias = 0x7FFE */
			0x4000, /* product near underflow: ea + eb - bias = 1 */
		};
		int32_t spread = (int32_t)test_rng_below(rng, 130) - 65;
		int32_t ne;
		switch (test_rng_below(rng, 4)) {
		case 0:
		case 1:
			ne = targets[test_rng_below(rng, 2)] - (int32_t)e + spread;
			break;
		case 2: /* quotient near overflow: ea - eb + bias = 0x7FFE */
			ne = (int32_t)e - 0x3FFF + spread;
			break;
		default: /* quotient near underflow: ea - eb + bias = 1 */
			ne = (int32_t)e + 0x3FFE + spread;
			break;
		}
		if (ne < 1)
			ne = 1;
		if (ne > 0x7FFE)
			ne = 0x7FFE;
		return x87_make(x87_sign(v), (uint16_t)ne, v.significand);
	}
	default:
		return v;
	}
}
