/* FLDPI, FLDL2E, FLDL2T, FLDLG2, FLDLN2: constants rounded per the
 * rounding control (SDM Vol. 2 FLD1/FLDL2T/...: "the constant is rounded
 * ... according to the RC field"; the 8087/287 always rounded to
 * nearest).  FLD1 and FLDZ are exact. */
#include "cpu/fpu/internal.h"

/* The first 128 bits of each constant's significand (computed with exact
 * integer series: Machin's formula for pi, sum 1/(k 2^k) for ln 2 and
 * 2 atanh(1/9) for ln 1.25), with its unbiased exponent.  All are
 * irrational, so the bits beyond are never all zero. */
static const struct {
	int32_t exponent;
	uint64_t hi, lo;
} constants[] = {
	[X87_CONST_PI] = { 1, UINT64_C(0xC90FDAA22168C234), UINT64_C(0xC4C6628B80DC1CD1) },
	[X87_CONST_L2E] = { 0, UINT64_C(0xB8AA3B295C17F0BB), UINT64_C(0xBE87FED0691D3E88) },
	[X87_CONST_L2T] = { 1, UINT64_C(0xD49A784BCD1B8AFE), UINT64_C(0x492BF6FF4DAFDB4C) },
	[X87_CONST_LG2] = { -2, UINT64_C(0x9A209A84FBCFF798), UINT64_C(0x8F8959AC0B7C9178) },
	[X87_CONST_LN2] = { -1, UINT64_C(0xB17217F7D1CF79AB), UINT64_C(0xC9E3B39803F2F6AF) },
};

x87_f80 x87_constant(x87_env *env, enum x87_constant which)
{
	env->cc = 0;
	if (which == X87_CONST_ONE)
		return x87_make(false, X87_EXP_BIAS, X87_INTEGER_BIT);
	if (which == X87_CONST_ZERO)
		return x87_zero(false);
	/* Rounded at 64 bits whatever the precision control; the load
	 * raises no exception (the SDM lists only stack overflow) and leaves
	 * C1 clear. */
	x87_env scratch = *env;
	x87_f80 v = x87_round_pack(&scratch, false, constants[which].exponent + X87_EXP_BIAS,
				   x87_u128_make(constants[which].hi, constants[which].lo | 1), 64);
	return v;
}
