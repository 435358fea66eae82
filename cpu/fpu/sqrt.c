/* FSQRT. */
#include "cpu/fpu/internal.h"

/* floor(sqrt(v)), one result bit per step (the classic binary digit
 * method), for the starting estimate. */
static uint64_t isqrt64(uint64_t v)
{
	uint64_t root = 0, bit = UINT64_C(1) << 62;
	while (bit > v)
		bit >>= 2;
	while (bit) {
		if (v >= root + bit) {
			v -= root + bit;
			root = (root >> 1) + bit;
		} else {
			root >>= 1;
		}
		bit >>= 2;
	}
	return root;
}

/* floor(sqrt(M)) for M = high:low with high >= 2^62: Newton's iteration
 * x <- floor((x + floor(M / x)) / 2) from an estimate above the root
 * decreases to the root and stops there. */
static uint64_t isqrt128(uint64_t high, uint64_t low)
{
	/* sqrt(M) < sqrt(high + 1) * 2^32 <= (isqrt(high) + 1) * 2^32 */
	uint64_t s = isqrt64(high) + 1;
	uint64_t x = s >= (UINT64_C(1) << 32) ? ~UINT64_C(0) : s << 32;
	for (;;) {
		/* high >= x means M / x >= 2^64 > x: x is the root already */
		if (high >= x)
			return x;
		uint64_t rem;
		uint64_t q = x87_div128by64(high, low, x, &rem);
		uint64_t y = (x >> 1) + (q >> 1) + (x & q & 1); /* (x + q) / 2 without overflow */
		if (y >= x)
			return x;
		x = y;
	}
}

x87_f80 x87_sqrt(x87_env *env, x87_f80 a)
{
	enum x87_class ca = x87_classify(a);
	x87_f80 result;
	env->cc = 0;
	if (x87_nan_operand1(env, a, ca, &result))
		return result;
	if (ca == X87_CLASS_ZERO)
		return a; /* IEEE 754: sqrt(-0) is -0 */
	/* SDM Table 8-10: "square root of a negative operand" is invalid
	 * (-infinity and negative denormals included). */
	if (x87_sign(a))
		return x87_invalid(env);
	if (ca == X87_CLASS_INFINITY)
		return a;
	if (x87_denormal_operands(env, ca, X87_CLASS_ZERO))
		return a;

	x87_unpacked u = x87_unpack(a);
	/* value = M * 2^t with M = sig * 2^64 or sig * 2^63, whichever makes
	 * t even; 2^126 <= M < 2^128, so the root r has 64 bits. */
	int32_t e = u.exp - X87_EXP_BIAS;
	x87_u128 m = x87_u128_make(u.sig, 0);
	int32_t t = e - 127;
	if (!(e & 1)) {
		m = x87_u128_shr_sticky(m, 1); /* exact: the shifted-out bit is 0 */
		t = e - 126;
	}
	uint64_t r = isqrt128(m.hi, m.lo);
	/* sqrt(M) = r + f, 0 <= f < 1.  The next bit of f is set iff
	 * M >= (r + 1/2)^2, i.e. M - r^2 > r; f is never exactly 1/2, so any
	 * remainder beyond that bit makes the rest non-zero. */
	x87_u128 rem = x87_u128_sub(m, x87_mul64(r, r));
	bool half = x87_u128_compare(rem, x87_u128_make(0, r)) > 0;
	bool sticky = !x87_u128_is_zero(rem);
	x87_u128 root = x87_u128_make(r, (half ? X87_INTEGER_BIT : 0) | sticky);
	/* sqrt(value) = (root / 2^64) * 2^(t/2) = root * 2^(E - B - 127) */
	return x87_round_pack(env, false, X87_EXP_BIAS + 63 + t / 2, root, x87_precision_bits(env));
}
