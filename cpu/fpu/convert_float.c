/* FLD and FST with single (binary32) and double (binary64) operands. */
#include "cpu/fpu/internal.h"

/* The two IEEE interchange formats, described by their field widths. */
struct ieee_format {
	int fraction_bits; /* 23 or 52 */
	int exponent_bits; /* 8 or 11 */
};
static const struct ieee_format single_format = { 23, 8 };
static const struct ieee_format double_format = { 52, 11 };

x87_f80 x87_widen_ieee(uint64_t bits, int fraction_bits, int exponent_bits, enum x87_class *cls)
{
	int32_t bias = (1 << (exponent_bits - 1)) - 1;
	int32_t exp_max = (1 << exponent_bits) - 1;
	bool sign = (bits >> (fraction_bits + exponent_bits)) & 1;
	int32_t exp = (int32_t)((bits >> fraction_bits) & (uint64_t)exp_max);
	uint64_t fraction = bits & ((UINT64_C(1) << fraction_bits) - 1);
	/* The fraction moved up under the explicit integer bit. */
	uint64_t sig = fraction << (63 - fraction_bits);
	if (exp == exp_max) {
		if (fraction == 0) {
			*cls = X87_CLASS_INFINITY;
			return x87_infinity(sign);
		}
		*cls = (sig & X87_QUIET_BIT) ? X87_CLASS_QNAN : X87_CLASS_SNAN;
		return x87_make(sign, X87_EXP_MAX, X87_INTEGER_BIT | sig);
	}
	if (exp == 0) {
		if (fraction == 0) {
			*cls = X87_CLASS_ZERO;
			return x87_zero(sign);
		}
		/* Extended holds the source's denormals normalized. */
		*cls = X87_CLASS_DENORMAL;
		int shift = x87_clz64(sig);
		return x87_make(sign, (uint16_t)(X87_EXP_BIAS - bias + 1 - shift), sig << shift);
	}
	*cls = X87_CLASS_NORMAL;
	return x87_make(sign, (uint16_t)(exp - bias + X87_EXP_BIAS), X87_INTEGER_BIT | sig);
}

static x87_f80 from_ieee(x87_env *env, uint64_t bits, struct ieee_format f)
{
	enum x87_class cls;
	x87_f80 v = x87_widen_ieee(bits, f.fraction_bits, f.exponent_bits, &cls);
	env->cc = 0;
	/* SDM FLD: #IA "Source operand is an SNaN" (delivered quieted), #D
	 * "Source operand is a denormal value". */
	if (cls == X87_CLASS_SNAN) {
		x87_raise(env, X87_EX_INVALID);
		v.significand |= X87_QUIET_BIT;
	} else if (cls == X87_CLASS_DENORMAL) {
		x87_raise(env, X87_EX_DENORMAL);
	}
	return v;
}

x87_f80 x87_from_f32(x87_env *env, uint32_t bits) { return from_ieee(env, bits, single_format); }
x87_f80 x87_from_f64(x87_env *env, uint64_t bits) { return from_ieee(env, bits, double_format); }

/* FST m32/m64: round to the destination's precision and exponent range
 * (precision control does not apply: the destination decides). */
static uint64_t to_ieee(x87_env *env, x87_f80 a, struct ieee_format f)
{
	const int precision = f.fraction_bits + 1;
	const int drop = 64 - precision;
	int32_t bias = (1 << (f.exponent_bits - 1)) - 1;
	int32_t exp_max = (1 << f.exponent_bits) - 1;
	uint64_t sign_bit = UINT64_C(1) << (f.fraction_bits + f.exponent_bits);
	uint64_t infinity = (uint64_t)exp_max << f.fraction_bits;
	uint64_t quiet = UINT64_C(1) << (f.fraction_bits - 1);
	enum x87_class ca = x87_classify(a);
	uint64_t sign = x87_sign(a) ? sign_bit : 0;
	env->cc = 0;

	switch (ca) {
	case X87_CLASS_UNSUPPORTED:
		x87_raise(env, X87_EX_INVALID);
		return sign_bit | infinity | quiet; /* the default NaN */
	case X87_CLASS_SNAN:
	case X87_CLASS_QNAN:
		/* An SNaN raises IE and is stored quieted; the payload's top
		 * bits are kept. */
		if (ca == X87_CLASS_SNAN)
			x87_raise(env, X87_EX_INVALID);
		return sign | infinity | quiet | ((a.significand & ~X87_INTEGER_BIT) >> drop);
	case X87_CLASS_INFINITY:
		return sign | infinity;
	case X87_CLASS_ZERO:
		return sign;
	default:
		break;
	}
	/* No DE here: FST to memory lists no #D, and the hardware raises
	 * none for a denormal extended source (it raises UE/PE instead). */

	x87_unpacked u = x87_unpack(a);
	int32_t exp = u.exp - X87_EXP_BIAS + bias; /* the destination's biased exponent */
	bool inexact, up, carry;
	uint64_t sig;
	if (exp >= 1) {
		sig = x87_round_bits(u.sig, 0, drop, env->rounding, u.sign, &inexact, &up, &carry);
		if (carry) {
			sig = X87_INTEGER_BIT;
			exp++;
		}
		if (exp >= exp_max) {
			/* SDM 8.5.4: unmasked overflow with a memory destination
			 * stores nothing; masked, per Table 4-10. */
			x87_raise(env, X87_EX_OVERFLOW);
			if (!(env->masks & X87_EX_OVERFLOW))
				return 0;
			x87_raise(env, X87_EX_INEXACT);
			bool to_infinity = env->rounding == X87_ROUND_NEAREST ||
					   (env->rounding == X87_ROUND_DOWN && u.sign) ||
					   (env->rounding == X87_ROUND_UP && !u.sign);
			x87_set_c1(env, to_infinity);
			return to_infinity ? sign | infinity : sign | (infinity - 1);
		}
		if (inexact)
			x87_raise(env, X87_EX_INEXACT);
		x87_set_c1(env, up);
		return sign | (((uint64_t)(exp - 1) << f.fraction_bits) + (sig >> drop));
	}
	/* Tiny before rounding; tiny after rounding (with unbounded exponent)
	 * unless it rounds up to the smallest normal. */
	bool tiny = true;
	if (exp == 0) {
		x87_round_bits(u.sig, 0, drop, env->rounding, u.sign, &inexact, &up, &carry);
		tiny = !carry;
	}
	if (tiny && !(env->masks & X87_EX_UNDERFLOW)) {
		/* SDM 8.5.5: unmasked underflow to memory stores nothing. */
		x87_raise(env, X87_EX_UNDERFLOW);
		return 0;
	}
	x87_u128 shifted = x87_u128_shr_sticky(x87_u128_make(u.sig, 0),
					       (unsigned)(1 - exp > 100 ? 100 : 1 - exp));
	sig = x87_round_bits(shifted.hi, shifted.lo, drop, env->rounding, u.sign, &inexact, &up, &carry);
	if (inexact)
		x87_raise(env, X87_EX_INEXACT | (tiny ? X87_EX_UNDERFLOW : 0));
	x87_set_c1(env, up);
	/* A denormal's integer bit, if rounding set it, lands in the
	 * exponent field as the smallest normal. */
	return sign | (sig >> drop);
}

uint32_t x87_to_f32(x87_env *env, x87_f80 a) { return (uint32_t)to_ieee(env, a, single_format); }
uint64_t x87_to_f64(x87_env *env, x87_f80 a) { return to_ieee(env, a, double_format); }
