/* FILD, FIST, FISTP and FISTTP: two's complement integers. */
#include "cpu/fpu/internal.h"

/* Exact: any 64-bit integer fits the 64-bit significand. */
static x87_f80 from_magnitude(bool sign, uint64_t magnitude)
{
	if (magnitude == 0)
		return x87_zero(false); /* FILD of 0 is +0 */
	int shift = x87_clz64(magnitude);
	return x87_make(sign, (uint16_t)(X87_EXP_BIAS + 63 - shift), magnitude << shift);
}

x87_f80 x87_from_int16(int16_t v) { return x87_from_int64(v); }
x87_f80 x87_from_int32(int32_t v) { return x87_from_int64(v); }

x87_f80 x87_from_int64(int64_t v)
{
	uint64_t magnitude = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	return from_magnitude(v < 0, magnitude);
}

/* Round a to an integer of `bits` bits.  SDM FIST: "If the destination
 * value is too large for the destination format, [or] ... is an SNaN,
 * QNaN, +-inf, or is in an unsupported format ... an invalid-arithmetic-
 * operand condition is signaled ... If the invalid-operation exception is
 * masked, the integer indefinite value is stored" (the most negative
 * integer).  PE when the value was not integral, C1 when rounded up. */
static int64_t to_integer(x87_env *env, x87_f80 a, int bits, int mode)
{
	const int64_t indefinite = bits == 64 ? INT64_MIN : -((int64_t)1 << (bits - 1));
	enum x87_class ca = x87_classify(a);
	env->cc = 0;
	if (ca == X87_CLASS_ZERO)
		return 0;
	if (!x87_class_is_finite(ca)) {
		x87_raise(env, X87_EX_INVALID);
		return indefinite;
	}
	x87_unpacked u = x87_unpack(a);
	uint64_t integer, fraction;
	bool inexact = false, up = false, carry = false;
	if (x87_split_integer(u, &integer, &fraction))
		integer = x87_round_bits(integer, fraction, 0, mode, u.sign, &inexact, &up, &carry);
	else
		carry = true; /* 2^64 or more */
	uint64_t limit = (UINT64_C(1) << (bits - 1)) - (u.sign ? 0 : 1);
	if (carry || integer > limit) {
		x87_raise(env, X87_EX_INVALID);
		return indefinite;
	}
	if (inexact)
		x87_raise(env, X87_EX_INEXACT);
	x87_set_c1(env, up);
	if (u.sign)
		return integer == (UINT64_C(1) << 63) ? INT64_MIN : -(int64_t)integer;
	return (int64_t)integer;
}

int16_t x87_to_int16(x87_env *env, x87_f80 a) { return (int16_t)to_integer(env, a, 16, env->rounding); }
int32_t x87_to_int32(x87_env *env, x87_f80 a) { return (int32_t)to_integer(env, a, 32, env->rounding); }
int64_t x87_to_int64(x87_env *env, x87_f80 a) { return to_integer(env, a, 64, env->rounding); }

int16_t x87_to_int16_trunc(x87_env *env, x87_f80 a)
{
	return (int16_t)to_integer(env, a, 16, X87_ROUND_ZERO);
}
int32_t x87_to_int32_trunc(x87_env *env, x87_f80 a)
{
	return (int32_t)to_integer(env, a, 32, X87_ROUND_ZERO);
}
int64_t x87_to_int64_trunc(x87_env *env, x87_f80 a) { return to_integer(env, a, 64, X87_ROUND_ZERO); }
