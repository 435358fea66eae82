/* The arithmetic and compare instructions with a single or double memory
 * operand (FADD m32fp, FDIVR m64fp, FCOM m32fp, ...).  Loading the operand
 * with FLD semantics first would be wrong in two ways: it would quiet an
 * SNaN before the operation sees it (changing which NaN Table 4-7
 * picks), and a single/double denormal is normal in extended, so the
 * operation itself would not raise DE for it.  The operand is widened
 * exactly instead, keeping the class it has in its own format. */
#include "cpu/fpu/internal.h"

static x87_f80 arith_classified(x87_env *env, enum x87_arith op, x87_f80 st, x87_f80 src,
				enum x87_class cs)
{
	enum x87_class ct = x87_classify(st);
	switch (op) {
	case X87_ARITH_ADD:
		return x87_add_classified(env, st, ct, src, cs, false);
	case X87_ARITH_SUB:
		return x87_add_classified(env, st, ct, src, cs, true);
	case X87_ARITH_SUBR:
		return x87_add_classified(env, src, cs, st, ct, true);
	case X87_ARITH_MUL:
		return x87_mul_classified(env, st, ct, src, cs);
	case X87_ARITH_DIV:
		return x87_div_classified(env, st, ct, src, cs);
	default:
		return x87_div_classified(env, src, cs, st, ct);
	}
}

x87_f80 x87_arith(x87_env *env, enum x87_arith op, x87_f80 st, x87_f80 src)
{
	return arith_classified(env, op, st, src, x87_classify(src));
}

x87_f80 x87_arith_f32(x87_env *env, enum x87_arith op, x87_f80 st, uint32_t src)
{
	enum x87_class cs;
	x87_f80 wide = x87_widen_ieee(src, 23, 8, &cs);
	return arith_classified(env, op, st, wide, cs);
}

x87_f80 x87_arith_f64(x87_env *env, enum x87_arith op, x87_f80 st, uint64_t src)
{
	enum x87_class cs;
	x87_f80 wide = x87_widen_ieee(src, 52, 11, &cs);
	return arith_classified(env, op, st, wide, cs);
}

enum x87_relation x87_compare_f32(x87_env *env, x87_f80 st, uint32_t src)
{
	enum x87_class cs;
	x87_f80 wide = x87_widen_ieee(src, 23, 8, &cs);
	return x87_compare_classified(env, st, x87_classify(st), wide, cs, true);
}

enum x87_relation x87_compare_f64(x87_env *env, x87_f80 st, uint64_t src)
{
	enum x87_class cs;
	x87_f80 wide = x87_widen_ieee(src, 52, 11, &cs);
	return x87_compare_classified(env, st, x87_classify(st), wide, cs, true);
}
