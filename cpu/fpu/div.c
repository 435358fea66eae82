/* FDIV. */
#include "cpu/fpu/internal.h"

/* floor(dividend * 2^127 / divisor) for normalized significands, with the
 * remainder's non-zeroness folded into bit 0.  Restoring division, one
 * quotient bit a step: the quotient of two normalized significands lies in
 * (1/2, 2), so 128 bits hold 126 or more significant bits. */
static x87_u128 divide_significands(uint64_t dividend, uint64_t divisor)
{
	x87_u128 q = x87_u128_make(0, 0);
	uint64_t rem = dividend;
	bool rem_carry = false; /* bit 64 of the partial remainder */
	for (int i = 0; i < 128; i++) {
		bool bit = rem_carry || rem >= divisor;
		if (bit)
			rem -= divisor;
		q = x87_u128_shl(q, 1);
		q.lo |= bit;
		rem_carry = rem >> 63;
		rem <<= 1;
	}
	q.lo |= (rem != 0 || rem_carry);
	return q;
}

x87_f80 x87_div_classified(x87_env *env, x87_f80 a, enum x87_class ca, x87_f80 b,
			   enum x87_class cb)
{
	x87_f80 result;
	env->cc = 0;
	if (x87_nan_operands2(env, a, ca, b, cb, &result))
		return result;
	bool sign = x87_sign(a) ^ x87_sign(b);
	/* SDM Table 8-10: "division of 0 by 0, infinity by infinity" are
	 * invalid. */
	if ((ca == X87_CLASS_ZERO && cb == X87_CLASS_ZERO) ||
	    (ca == X87_CLASS_INFINITY && cb == X87_CLASS_INFINITY))
		return x87_invalid(env);
	if (cb == X87_CLASS_ZERO && ca != X87_CLASS_INFINITY) {
		/* SDM 8.5.3: a finite non-zero dividend over zero; masked ZE
		 * gives an infinity signed by the exclusive-or of the signs.
		 * ZE outranks DE (SDM 8.7, exception priority): a denormal
		 * dividend raises ZE alone. */
		x87_raise(env, X87_EX_ZERODIV);
		return x87_infinity(sign);
	}
	if (x87_denormal_operands(env, ca, cb))
		return a;
	if (ca == X87_CLASS_INFINITY)
		return x87_infinity(sign);
	if (cb == X87_CLASS_INFINITY)
		return x87_zero(sign);
	if (ca == X87_CLASS_ZERO)
		return x87_zero(sign);
	x87_unpacked ua = x87_unpack(a), ub = x87_unpack(b);
	/* sa/sb * 2^(ea-eb) = Q * 2^-127 * 2^(ea-eb) = Q * 2^((ea-eb+B) - B - 127) */
	return x87_round_pack(env, sign, ua.exp - ub.exp + X87_EXP_BIAS,
			      divide_significands(ua.sig, ub.sig), x87_precision_bits(env));
}

x87_f80 x87_div(x87_env *env, x87_f80 a, x87_f80 b)
{
	return x87_div_classified(env, a, x87_classify(a), b, x87_classify(b));
}
