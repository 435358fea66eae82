/* FSQRT. */
#include "cpu/fpu/internal.h"

static void root_step(x87_u128 *root, x87_u128 *rem, unsigned pair)
{
	*rem = x87_u128_shl(*rem, 2);
	rem->lo |= pair;
	x87_u128 trial = x87_u128_shl(*root, 2);
	trial.lo |= 1;
	*root = x87_u128_shl(*root, 1);
	if (x87_u128_compare(*rem, trial) >= 0) {
		*rem = x87_u128_sub(*rem, trial);
		root->lo |= 1;
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
	/* value = sig * 2^t; make t even so the root's exponent is exact. */
	int32_t t = u.exp - X87_EXP_BIAS - 63;
	x87_u128 radicand_top = x87_u128_make(0, u.sig);
	if (t & 1) {
		radicand_top = x87_u128_shl(radicand_top, 1);
		t -= 1;
	}
	/* Digit-by-digit square root of N = radicand_top * 2^128: the 33 bit
	 * pairs of radicand_top, then 64 pairs of zeros, giving a 97-bit
	 * root, sqrt(value) = root * 2^((t - 128) / 2) (plus a remainder). */
	x87_u128 root = x87_u128_make(0, 0), rem = x87_u128_make(0, 0);
	for (int i = 32; i >= 0; i--) {
		unsigned pair = i == 32 ? (unsigned)(radicand_top.hi & 3)
					: (unsigned)((radicand_top.lo >> (2 * i)) & 3);
		root_step(&root, &rem, pair);
	}
	for (int i = 0; i < 64; i++)
		root_step(&root, &rem, 0);
	root.lo |= !x87_u128_is_zero(rem);
	return x87_round_pack(env, false, X87_EXP_BIAS + 127 + (t - 128) / 2, root,
			      x87_precision_bits(env));
}
