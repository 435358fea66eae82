/* Rounding: the one routine every arithmetic result goes through
 * (precision control, overflow, underflow, C1), and FRNDINT. */
#include "cpu/fpu/internal.h"

uint64_t x87_round_bits(uint64_t hi, uint64_t lo, int drop, int mode, bool sign, bool *inexact,
			bool *incremented, bool *carry)
{
	uint64_t unit = (uint64_t)1 << drop;
	uint64_t below = hi & (unit - 1);
	bool guard, sticky;
	if (drop == 0) {
		guard = lo >> 63;
		sticky = (lo << 1) != 0;
	} else {
		guard = (below >> (drop - 1)) & 1;
		sticky = (below & ((unit >> 1) - 1)) != 0 || lo != 0;
	}
	*inexact = guard || sticky;
	bool increment;
	switch (mode) {
	case X87_ROUND_NEAREST:
		increment = guard && (sticky || (hi & unit));
		break;
	case X87_ROUND_DOWN:
		increment = *inexact && sign;
		break;
	case X87_ROUND_UP:
		increment = *inexact && !sign;
		break;
	default:
		increment = false;
		break;
	}
	hi -= below;
	*carry = false;
	if (increment) {
		hi += unit;
		*carry = hi == 0;
	}
	*incremented = increment;
	return hi;
}

void x87_set_c1(x87_env *env, bool rounded_up)
{
	env->cc = (uint16_t)((env->cc & ~X87_C1) | (rounded_up ? X87_C1 : 0));
}

static uint64_t largest_significand(int bits)
{
	return ~(uint64_t)0 << (64 - bits);
}

/* SDM Vol. 1 Table 4-10: the masked response to numeric overflow depends
 * on the rounding mode and the sign: infinity, or the largest finite value
 * (at the current precision) when rounding toward zero or away from the
 * result's infinity. */
static x87_f80 overflow(x87_env *env, bool sign, int bits)
{
	bool to_infinity;
	switch (env->rounding) {
	case X87_ROUND_NEAREST:
		to_infinity = true;
		break;
	case X87_ROUND_DOWN:
		to_infinity = sign;
		break;
	case X87_ROUND_UP:
		to_infinity = !sign;
		break;
	default:
		to_infinity = false;
		break;
	}
	x87_raise(env, X87_EX_OVERFLOW | X87_EX_INEXACT);
	x87_set_c1(env, to_infinity);
	if (to_infinity)
		return x87_infinity(sign);
	return x87_make(sign, X87_EXP_MAX - 1, largest_significand(bits));
}

x87_f80 x87_round_pack(x87_env *env, bool sign, int32_t exp, x87_u128 sig, int bits)
{
	x87_set_c1(env, false);
	if (x87_u128_is_zero(sig))
		return x87_zero(sign);
	/* Normalize so that bit 127 is the leading one. */
	int shift = sig.hi ? x87_clz64(sig.hi) : 64 + x87_clz64(sig.lo);
	sig = x87_u128_shl(sig, (unsigned)shift);
	exp -= shift;

	int drop = 64 - bits;
	bool inexact, up, carry;

	if (exp < 1) {
		/* SDM 4.9.1.5: tiny when "the result of rounding with unbounded
		 * exponent (taking into account precision control for x87) is
		 * non-zero and tiny".  Only a result just below the smallest
		 * normal can round up out of tininess. */
		bool tiny = true;
		if (exp == 0) {
			x87_round_bits(sig.hi, sig.lo, drop, env->rounding, sign, &inexact, &up, &carry);
			tiny = !carry;
		}
		if (tiny && !(env->masks & X87_EX_UNDERFLOW)) {
			/* Unmasked (SDM 8.5.5): round the significand, then
			 * multiply by 2^24576; UE whatever the inexactness. */
			uint64_t hi = x87_round_bits(sig.hi, sig.lo, drop, env->rounding, sign, &inexact,
						 &up, &carry);
			if (carry) {
				hi = X87_INTEGER_BIT;
				exp++;
			}
			x87_raise(env, X87_EX_UNDERFLOW | (inexact ? X87_EX_INEXACT : 0));
			x87_set_c1(env, up);
			exp += X87_UNMASKED_BIAS;
			if (exp < 1) {
				/* Massive underflow (FSCALE): "if underflow occurs
				 * again after the result has been biased, a properly
				 * signed 0 is stored" -- inexact, not rounded up. */
				x87_raise(env, X87_EX_INEXACT);
				x87_set_c1(env, false);
				return x87_zero(sign);
			}
			return x87_make(sign, (uint16_t)exp, hi);
		}
		/* Masked: denormalize, then round at the same bit positions as
		 * a normal result would (precision control masks the low bits of
		 * the 64-bit significand field). */
		unsigned denormal_shift = (unsigned)(exp < -200 ? 201 : 1 - exp);
		sig = x87_u128_shr_sticky(sig, denormal_shift);
		uint64_t hi = x87_round_bits(sig.hi, sig.lo, drop, env->rounding, sign, &inexact, &up,
					 &carry);
		if (inexact)
			x87_raise(env, X87_EX_INEXACT | (tiny ? X87_EX_UNDERFLOW : 0));
		x87_set_c1(env, up);
		return x87_make(sign, (hi & X87_INTEGER_BIT) ? 1 : 0, hi);
	}

	uint64_t hi = x87_round_bits(sig.hi, sig.lo, drop, env->rounding, sign, &inexact, &up, &carry);
	if (carry) {
		hi = X87_INTEGER_BIT;
		exp++;
	}
	if (exp >= X87_EXP_MAX) {
		if (env->masks & X87_EX_OVERFLOW)
			return overflow(env, sign, bits);
		/* Unmasked (SDM 8.5.4): the exponent divided by 2^24576. */
		x87_raise(env, X87_EX_OVERFLOW | (inexact ? X87_EX_INEXACT : 0));
		x87_set_c1(env, up);
		exp -= X87_UNMASKED_BIAS;
		if (exp >= X87_EXP_MAX) {
			/* Massive overflow (FSCALE): "a properly signed infinity
			 * is stored" -- inexact and rounded up, as the host x87
			 * reports it. */
			x87_raise(env, X87_EX_INEXACT);
			x87_set_c1(env, true);
			return x87_infinity(sign);
		}
		return x87_make(sign, (uint16_t)exp, hi);
	}
	if (inexact)
		x87_raise(env, X87_EX_INEXACT);
	x87_set_c1(env, up);
	return x87_make(sign, (uint16_t)exp, hi);
}

x87_f80 x87_round_pack_unpacked(x87_env *env, x87_unpacked u, int bits)
{
	/* sig * 2^(exp - bias - 63) == (sig:0) * 2^(exp - bias - 127) */
	return x87_round_pack(env, u.sign, u.exp, x87_u128_make(u.sig, 0), bits);
}

bool x87_split_integer(x87_unpacked u, uint64_t *integer, uint64_t *fraction)
{
	int32_t fraction_bits = X87_EXP_BIAS + 63 - u.exp;
	if (fraction_bits < 0)
		return false;
	x87_u128 v = x87_u128_shr_sticky(x87_u128_make(u.sig, 0),
					 (unsigned)(fraction_bits > 200 ? 200 : fraction_bits));
	*integer = v.hi;
	*fraction = v.lo;
	return true;
}

/* FRNDINT: round to an integral value per the rounding control, to the
 * full 64-bit precision (precision control does not apply).  PE when the
 * value changed, C1 when it was rounded up. */
x87_f80 x87_round_to_int(x87_env *env, x87_f80 a)
{
	enum x87_class ca = x87_classify(a);
	x87_f80 result;
	env->cc = 0;
	if (x87_nan_operand1(env, a, ca, &result))
		return result;
	if (ca == X87_CLASS_ZERO || ca == X87_CLASS_INFINITY)
		return a;
	if (x87_denormal_operands(env, ca, X87_CLASS_ZERO))
		return a;
	x87_unpacked u = x87_unpack(a);
	uint64_t integer, fraction;
	if (!x87_split_integer(u, &integer, &fraction) || fraction == 0)
		return a; /* already an integer */
	bool inexact, up, carry;
	integer = x87_round_bits(integer, fraction, 0, env->rounding, u.sign, &inexact, &up, &carry);
	/* integer < 2^63 here (some fraction bits existed), so no carry. */
	result = x87_round_pack(env, u.sign, X87_EXP_BIAS + 127, x87_u128_make(0, integer), 64);
	x87_raise(env, X87_EX_INEXACT);
	x87_set_c1(env, up);
	return result;
}
