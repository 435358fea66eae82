/* FADD and FSUB. */
#include "cpu/fpu/internal.h"

/* a + (-1)^negate_b * b. */
x87_f80 x87_add_classified(x87_env *env, x87_f80 a, enum x87_class ca, x87_f80 b,
			   enum x87_class cb, bool negate_b)
{
	x87_f80 result;
	env->cc = 0;
	if (x87_nan_operands2(env, a, ca, b, cb, &result))
		return result;
	if (x87_denormal_operands(env, ca, cb))
		return a;
	bool sign_a = x87_sign(a), sign_b = x87_sign(b) ^ negate_b;
	if (ca == X87_CLASS_INFINITY || cb == X87_CLASS_INFINITY) {
		/* SDM Table 8-10: "addition of operands of opposite sign,
		 * both infinite" (and the like for subtraction) is invalid. */
		if (ca == cb && sign_a != sign_b)
			return x87_invalid(env);
		return x87_infinity(ca == X87_CLASS_INFINITY ? sign_a : sign_b);
	}
	if (ca == X87_CLASS_ZERO && cb == X87_CLASS_ZERO) {
		/* IEEE 754 6.3: the sum of opposite zeros is +0, except -0 when
		 * rounding toward -infinity. */
		if (sign_a == sign_b)
			return x87_zero(sign_a);
		return x87_zero(env->rounding == X87_ROUND_DOWN);
	}

	int bits = x87_precision_bits(env);
	x87_unpacked big = x87_unpack(a), small = x87_unpack(b);
	big.sign = sign_a;
	small.sign = sign_b;
	/* A zero operand still goes through rounding: the x87 rounds the other
	 * operand to the current precision. */
	if (cb == X87_CLASS_ZERO)
		return x87_round_pack_unpacked(env, big, bits);
	if (ca == X87_CLASS_ZERO)
		return x87_round_pack_unpacked(env, small, bits);
	if (big.exp < small.exp || (big.exp == small.exp && big.sig < small.sig)) {
		x87_unpacked t = big;
		big = small;
		small = t;
	}
	int32_t distance = big.exp - small.exp;
	x87_u128 wide_big = x87_u128_make(big.sig, 0);
	/* Aligned exactly while distance <= 64; beyond, the smaller operand
	 * only matters as a sticky bit far below the rounding position. */
	x87_u128 wide_small = x87_u128_shr_sticky(x87_u128_make(small.sig, 0),
						  (unsigned)(distance > 130 ? 130 : distance));
	int32_t exp = big.exp; /* (sig:0) * 2^(exp - bias - 127) */
	x87_u128 sum;
	if (big.sign == small.sign) {
		sum = x87_u128_add(wide_big, wide_small);
		if (x87_u128_compare(sum, wide_big) < 0) { /* carried out of 128 bits */
			sum = x87_u128_shr_sticky(sum, 1);
			sum.hi |= X87_INTEGER_BIT;
			exp++;
		}
	} else {
		sum = x87_u128_sub(wide_big, wide_small);
		if (x87_u128_is_zero(sum))
			return x87_zero(env->rounding == X87_ROUND_DOWN);
	}
	return x87_round_pack(env, big.sign, exp, sum, bits);
}

x87_f80 x87_add(x87_env *env, x87_f80 a, x87_f80 b)
{
	return x87_add_classified(env, a, x87_classify(a), b, x87_classify(b), false);
}

x87_f80 x87_sub(x87_env *env, x87_f80 a, x87_f80 b)
{
	return x87_add_classified(env, a, x87_classify(a), b, x87_classify(b), true);
}
