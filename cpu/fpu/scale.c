/* FSCALE and FXTRACT: moving between a value and its exponent. */
#include "cpu/fpu/internal.h"

/* trunc(b) for a finite b, clamped to a range that already over- or
 * underflows any finite extended value (the exact count no longer
 * matters past it). */
static int32_t truncated_scale(x87_unpacked b)
{
	const int32_t limit = 0x10000;
	uint64_t integer, fraction;
	if (b.sig == 0 || !x87_split_integer(b, &integer, &fraction) || integer > (uint64_t)limit)
		return b.sig == 0 ? 0 : b.sign ? -limit : limit;
	return b.sign ? -(int32_t)integer : (int32_t)integer;
}

/* FSCALE: ST(0) * 2^trunc(ST(1)).  Not affected by precision control; the
 * result is exact unless it over- or underflows. */
x87_f80 x87_scale(x87_env *env, x87_f80 a, x87_f80 b)
{
	enum x87_class ca = x87_classify(a), cb = x87_classify(b);
	x87_f80 result;
	env->cc = 0;
	if (x87_nan_operands2(env, a, ca, b, cb, &result))
		return result;
	/* SDM FSCALE results table: 0 * 2^+inf and inf * 2^-inf are
	 * invalid; otherwise an infinite scale gives inf or 0. */
	if (cb == X87_CLASS_INFINITY) {
		if (x87_sign(b) ? ca == X87_CLASS_INFINITY : ca == X87_CLASS_ZERO)
			return x87_invalid(env);
		if (x87_denormal_operands(env, ca, cb))
			return a;
		if (ca == X87_CLASS_ZERO || ca == X87_CLASS_INFINITY)
			return a;
		return x87_sign(b) ? x87_zero(x87_sign(a)) : x87_infinity(x87_sign(a));
	}
	if (x87_denormal_operands(env, ca, cb))
		return a;
	if (ca == X87_CLASS_ZERO || ca == X87_CLASS_INFINITY)
		return a;
	x87_unpacked u = x87_unpack(a);
	int32_t scale = truncated_scale(x87_unpack(b));
	return x87_round_pack(env, u.sign, u.exp + scale, x87_u128_make(u.sig, 0), 64);
}

/* FXTRACT: a = significand * 2^exponent with 1 <= |significand| < 2. */
x87_f80 x87_extract(x87_env *env, x87_f80 a, x87_f80 *exponent)
{
	enum x87_class ca = x87_classify(a);
	x87_f80 result;
	env->cc = 0;
	if (x87_nan_operand1(env, a, ca, &result)) {
		*exponent = result;
		return result;
	}
	if (ca == X87_CLASS_ZERO) {
		/* SDM FXTRACT: "If the floating-point zero-divide exception
		 * (#Z) is masked and the source operand is zero, an exponent
		 * value of -inf is stored in register ST(1) and 0 with the sign
		 * of the source operand is stored in register ST(0)." */
		x87_raise(env, X87_EX_ZERODIV);
		*exponent = x87_infinity(true);
		return a;
	}
	if (ca == X87_CLASS_INFINITY) {
		*exponent = x87_infinity(false);
		return a;
	}
	if (x87_denormal_operands(env, ca, X87_CLASS_ZERO)) {
		*exponent = a;
		return a;
	}
	x87_unpacked u = x87_unpack(a);
	int32_t e = u.exp - X87_EXP_BIAS;
	if (e == 0) {
		*exponent = x87_zero(false);
	} else {
		uint64_t magnitude = e < 0 ? (uint64_t)-(int64_t)e : (uint64_t)e;
		x87_unpacked ue = { e < 0, X87_EXP_BIAS + 63, magnitude };
		*exponent = x87_round_pack_unpacked(env, ue, 64); /* exact */
	}
	return x87_make(u.sign, X87_EXP_BIAS, u.sig);
}
