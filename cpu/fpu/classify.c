/* Encodings of the extended format, the environment, and the shared rules
 * for NaN operands, invalid operations and denormal operands. */
#include "cpu/fpu/internal.h"

x87_env x87_env_from_control(uint16_t control_word)
{
	x87_env env;
	env.masks = control_word & X87_EX_ALL;
	env.precision = (control_word >> 8) & 3;
	env.rounding = (control_word >> 10) & 3;
	env.flags = 0;
	env.cc = 0;
	return env;
}

int x87_precision_bits(const x87_env *env)
{
	switch (env->precision) {
	case X87_PREC_24:
		return 24;
	case X87_PREC_53:
		return 53;
	default:
		return 64;
	}
}

/* SDM Vol. 1 Table 8-3 (and 4-3): with the explicit integer bit, some
 * encodings the 8087/80287 accepted are "unsupported" on the 387 and later:
 * an exponent other than 0 with the integer bit clear (unnormals,
 * pseudo-infinities, pseudo-NaNs).  An exponent of 0 with the integer bit
 * set is a pseudo-denormal, still accepted as an operand. */
enum x87_class x87_classify(x87_f80 v)
{
	uint16_t exp = x87_exponent(v);
	bool integer_bit = (v.significand & X87_INTEGER_BIT) != 0;
	if (exp == 0) {
		if (v.significand == 0)
			return X87_CLASS_ZERO;
		return integer_bit ? X87_CLASS_PSEUDO_DENORMAL : X87_CLASS_DENORMAL;
	}
	if (!integer_bit)
		return X87_CLASS_UNSUPPORTED;
	if (exp == X87_EXP_MAX) {
		uint64_t fraction = v.significand & ~X87_INTEGER_BIT;
		if (fraction == 0)
			return X87_CLASS_INFINITY;
		return (fraction & X87_QUIET_BIT) ? X87_CLASS_QNAN : X87_CLASS_SNAN;
	}
	return X87_CLASS_NORMAL;
}

bool x87_is_nan(x87_f80 v)
{
	enum x87_class c = x87_classify(v);
	return c == X87_CLASS_QNAN || c == X87_CLASS_SNAN;
}

bool x87_is_signaling_nan(x87_f80 v) { return x87_classify(v) == X87_CLASS_SNAN; }

x87_f80 x87_default_nan(void) { return x87_make(true, X87_EXP_MAX, 0xC000000000000000u); }
x87_f80 x87_zero(bool sign) { return x87_make(sign, 0, 0); }
x87_f80 x87_infinity(bool sign) { return x87_make(sign, X87_EXP_MAX, X87_INTEGER_BIT); }

/* SDM Vol. 2 FXAM: C3 C2 C0 = 000 unsupported, 001 NaN, 010 normal,
 * 011 infinity, 100 zero, 101 empty, 110 denormal; C1 = sign. */
uint16_t x87_examine(x87_f80 v, bool empty)
{
	uint16_t cc = x87_sign(v) ? X87_C1 : 0;
	if (empty)
		return cc | X87_C3 | X87_C0;
	switch (x87_classify(v)) {
	case X87_CLASS_UNSUPPORTED:
		return cc;
	case X87_CLASS_QNAN:
	case X87_CLASS_SNAN:
		return cc | X87_C0;
	case X87_CLASS_NORMAL:
		return cc | X87_C2;
	case X87_CLASS_INFINITY:
		return cc | X87_C2 | X87_C0;
	case X87_CLASS_ZERO:
		return cc | X87_C3;
	default: /* denormal and pseudo-denormal */
		return cc | X87_C3 | X87_C2;
	}
}

x87_unpacked x87_unpack(x87_f80 v)
{
	x87_unpacked u;
	u.sign = x87_sign(v);
	u.sig = v.significand;
	u.exp = x87_exponent(v);
	if (u.exp == 0) {
		/* Denormals and pseudo-denormals have the weight of exponent 1
		 * ("the processor ... treats the exponent as 1", SDM 4.8.3.2). */
		int shift = x87_clz64(u.sig);
		if (u.sig == 0)
			return u;
		u.exp = 1 - shift;
		u.sig <<= shift;
	}
	return u;
}

x87_f80 x87_invalid(x87_env *env)
{
	x87_raise(env, X87_EX_INVALID);
	return x87_default_nan();
}

static x87_f80 quieted(x87_f80 v)
{
	v.significand |= X87_QUIET_BIT;
	return v;
}

static bool is_nan_class(enum x87_class c) { return c == X87_CLASS_QNAN || c == X87_CLASS_SNAN; }

/* SDM Vol. 1 Table 4-7, "Rules for Generating QNaNs", x87 column:
 *   SNaN and QNaN          -> the QNaN source operand
 *   two SNaNs              -> the SNaN with the larger significand, quieted
 *   two QNaNs              -> the QNaN with the larger significand
 *   SNaN and a real value  -> the SNaN, quieted
 *   QNaN and a real value  -> the QNaN
 * An SNaN raises IE (masked: the quieted NaN is the result).  Unsupported
 * encodings are invalid operands producing the default NaN (Table 8-10). */
bool x87_nan_operands2(x87_env *env, x87_f80 a, enum x87_class ca, x87_f80 b,
		       enum x87_class cb, x87_f80 *result)
{
	if (ca == X87_CLASS_UNSUPPORTED || cb == X87_CLASS_UNSUPPORTED) {
		*result = x87_invalid(env);
		return true;
	}
	bool a_nan = is_nan_class(ca), b_nan = is_nan_class(cb);
	if (!a_nan && !b_nan)
		return false;
	if (ca == X87_CLASS_SNAN || cb == X87_CLASS_SNAN)
		x87_raise(env, X87_EX_INVALID);
	if (a_nan && b_nan) {
		if (ca != cb) {
			*result = ca == X87_CLASS_QNAN ? a : b;
			return true;
		}
		/* Same kind: the larger significand; on a tie the one with
		 * the smaller sign/exponent word, i.e. the positive one. */
		if (a.significand != b.significand)
			*result = a.significand > b.significand ? a : b;
		else
			*result = a.sign_exp <= b.sign_exp ? a : b;
		*result = quieted(*result);
		return true;
	}
	*result = quieted(a_nan ? a : b);
	return true;
}

bool x87_nan_operand1(x87_env *env, x87_f80 a, enum x87_class ca, x87_f80 *result)
{
	if (ca == X87_CLASS_UNSUPPORTED) {
		*result = x87_invalid(env);
		return true;
	}
	if (!is_nan_class(ca))
		return false;
	if (ca == X87_CLASS_SNAN)
		x87_raise(env, X87_EX_INVALID);
	*result = quieted(a);
	return true;
}

bool x87_denormal_operands(x87_env *env, enum x87_class ca, enum x87_class cb)
{
	if (!x87_class_is_denormal(ca) && !x87_class_is_denormal(cb))
		return false;
	x87_raise(env, X87_EX_DENORMAL);
	return !(env->masks & X87_EX_DENORMAL);
}
