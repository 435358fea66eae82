/* FDIV. */
#include "cpu/fpu/internal.h"

/* The quotient of two normalized significands, which lies in (1/2, 2):
 * an integer bit, then two 64-bit digits by 128/64-bit division, the
 * remainder's non-zeroness folded into bit 0.  Returns the 128 bits
 * starting at the leading one; *leading_integer says whether that one was
 * the integer bit (dividend >= divisor). */
static x87_u128 divide_significands(uint64_t dividend, uint64_t divisor, bool *leading_integer)
{
	uint64_t rem = dividend;
	bool integer = rem >= divisor;
	if (integer)
		rem -= divisor;
	uint64_t q1 = x87_div128by64(rem, 0, divisor, &rem);
	uint64_t q2 = x87_div128by64(rem, 0, divisor, &rem);
	x87_u128 q = x87_u128_make(q1, q2 | (rem != 0));
	if (integer) {
		q = x87_u128_shr_sticky(q, 1);
		q.hi |= X87_INTEGER_BIT;
	}
	*leading_integer = integer;
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
	/* sa/sb = Q * 2^-127 when sa >= sb, Q * 2^-128 otherwise; then
	 * Q * 2^(ea-eb-127[-1]) = Q * 2^(E - B - 127) */
	bool leading_integer;
	x87_u128 q = divide_significands(ua.sig, ub.sig, &leading_integer);
	return x87_round_pack(env, sign, ua.exp - ub.exp + X87_EXP_BIAS - !leading_integer, q,
			      x87_precision_bits(env));
}

x87_f80 x87_div(x87_env *env, x87_f80 a, x87_f80 b)
{
	return x87_div_classified(env, a, x87_classify(a), b, x87_classify(b));
}
