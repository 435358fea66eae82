/* FCOM, FUCOM, FCOMI, FUCOMI, FTST: comparisons. */
#include "cpu/fpu/internal.h"

/* Order of magnitudes: infinities above every finite value. */
static int compare_magnitudes(x87_f80 a, enum x87_class ca, x87_f80 b, enum x87_class cb)
{
	if (ca == X87_CLASS_INFINITY || cb == X87_CLASS_INFINITY)
		return (ca == X87_CLASS_INFINITY) - (cb == X87_CLASS_INFINITY);
	x87_unpacked ua = x87_unpack(a), ub = x87_unpack(b);
	if (ua.exp != ub.exp)
		return ua.exp < ub.exp ? -1 : 1;
	if (ua.sig != ub.sig)
		return ua.sig < ub.sig ? -1 : 1;
	return 0;
}

enum x87_relation x87_compare_classified(x87_env *env, x87_f80 a, enum x87_class ca, x87_f80 b,
					 enum x87_class cb, bool ordered)
{
	env->cc = 0;
	if (ca == X87_CLASS_UNSUPPORTED || cb == X87_CLASS_UNSUPPORTED) {
		x87_raise(env, X87_EX_INVALID);
		return X87_UNORDERED;
	}
	bool a_nan = ca == X87_CLASS_QNAN || ca == X87_CLASS_SNAN;
	bool b_nan = cb == X87_CLASS_QNAN || cb == X87_CLASS_SNAN;
	if (a_nan || b_nan) {
		/* FCOM: "If either operand is a NaN or is in an unsupported
		 * format, an invalid-arithmetic-operand exception (#IA) is
		 * raised"; FUCOM raises it only for SNaNs. */
		if (ordered || ca == X87_CLASS_SNAN || cb == X87_CLASS_SNAN)
			x87_raise(env, X87_EX_INVALID);
		return X87_UNORDERED;
	}
	x87_denormal_operands(env, ca, cb);
	if (ca == X87_CLASS_ZERO && cb == X87_CLASS_ZERO)
		return X87_EQUAL; /* +0 == -0 */
	bool sa = ca != X87_CLASS_ZERO && x87_sign(a);
	bool sb = cb != X87_CLASS_ZERO && x87_sign(b);
	if (ca == X87_CLASS_ZERO)
		return sb ? X87_GREATER : X87_LESS;
	if (cb == X87_CLASS_ZERO)
		return sa ? X87_LESS : X87_GREATER;
	if (sa != sb)
		return sa ? X87_LESS : X87_GREATER;
	int m = compare_magnitudes(a, ca, b, cb);
	if (m == 0)
		return X87_EQUAL;
	return (m < 0) != sa ? X87_LESS : X87_GREATER;
}

enum x87_relation x87_compare(x87_env *env, x87_f80 a, x87_f80 b)
{
	return x87_compare_classified(env, a, x87_classify(a), b, x87_classify(b), true);
}

enum x87_relation x87_compare_quiet(x87_env *env, x87_f80 a, x87_f80 b)
{
	return x87_compare_classified(env, a, x87_classify(a), b, x87_classify(b), false);
}

/* SDM FCOM: C3 C2 C0 = 000 greater, 001 less, 100 equal, 111 unordered. */
uint16_t x87_relation_cc(enum x87_relation r)
{
	switch (r) {
	case X87_GREATER:
		return 0;
	case X87_LESS:
		return X87_C0;
	case X87_EQUAL:
		return X87_C3;
	default:
		return X87_C3 | X87_C2 | X87_C0;
	}
}

/* SDM FCOMI: ZF PF CF = 000 greater, 001 less, 100 equal, 111 unordered. */
uint32_t x87_relation_eflags(enum x87_relation r)
{
	const uint32_t cf = 0x01, pf = 0x04, zf = 0x40;
	switch (r) {
	case X87_GREATER:
		return 0;
	case X87_LESS:
		return cf;
	case X87_EQUAL:
		return zf;
	default:
		return zf | pf | cf;
	}
}
