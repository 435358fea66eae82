/* FMUL. */
#include "cpu/fpu/internal.h"

x87_f80 x87_mul_classified(x87_env *env, x87_f80 a, enum x87_class ca, x87_f80 b,
			   enum x87_class cb)
{
	x87_f80 result;
	env->cc = 0;
	if (x87_nan_operands2(env, a, ca, b, cb, &result))
		return result;
	bool sign = x87_sign(a) ^ x87_sign(b);
	if (ca == X87_CLASS_INFINITY || cb == X87_CLASS_INFINITY) {
		/* SDM Table 8-10: "multiplication of 0 by infinity" is invalid. */
		if (ca == X87_CLASS_ZERO || cb == X87_CLASS_ZERO)
			return x87_invalid(env);
		if (x87_denormal_operands(env, ca, cb))
			return a;
		return x87_infinity(sign);
	}
	if (x87_denormal_operands(env, ca, cb))
		return a;
	if (ca == X87_CLASS_ZERO || cb == X87_CLASS_ZERO)
		return x87_zero(sign);
	x87_unpacked ua = x87_unpack(a), ub = x87_unpack(b);
	/* sa*2^(ea-B-63) * sb*2^(eb-B-63) = P * 2^((ea+eb-B+1) - B - 127) */
	x87_u128 product = x87_mul64(ua.sig, ub.sig);
	return x87_round_pack(env, sign, ua.exp + ub.exp - X87_EXP_BIAS + 1, product,
			      x87_precision_bits(env));
}

x87_f80 x87_mul(x87_env *env, x87_f80 a, x87_f80 b)
{
	return x87_mul_classified(env, a, x87_classify(a), b, x87_classify(b));
}
