/* FPREM and FPREM1: exact partial remainders. */
#include "cpu/fpu/internal.h"

/* SDM Vol. 2 FPREM: when the exponent difference D is 64 or more, only a
 * partial reduction is done: "N <- an implementation-dependent number
 * between 32 and 63; QQ <- Integer(TruncateTowardZero((ST(0) / ST(1)) /
 * 2^(D - N))); ST(0) <- ST(0) - (ST(1) * QQ * 2^(D - N))", and C2 is set.
 * 32 + D mod 32 is what the x87 of the host the differential test
 * (test_host_x87_other.c) ran on does (an AMD EPYC). */
static int32_t partial_reduction_bits(int32_t difference)
{
	return 32 + difference % 32;
}

static x87_f80 remainder_of(x87_env *env, x87_f80 a, x87_f80 b, bool ieee)
{
	enum x87_class ca = x87_classify(a), cb = x87_classify(b);
	x87_f80 result;
	env->cc = 0;
	if (x87_nan_operands2(env, a, ca, b, cb, &result))
		return result;
	/* SDM FPREM/FPREM1 results table: an infinite dividend or a zero
	 * divisor is invalid. */
	if (ca == X87_CLASS_INFINITY || cb == X87_CLASS_ZERO)
		return x87_invalid(env);
	if (x87_denormal_operands(env, ca, cb))
		return a;
	if (ca == X87_CLASS_ZERO)
		return a;
	x87_unpacked ua = x87_unpack(a);
	if (cb == X87_CLASS_INFINITY) {
		/* The dividend is the remainder; like any result it is
		 * re-encoded (a pseudo-denormal gets the exponent it stands for)
		 * and a denormal one is tiny (UE when unmasked), as the host x87
		 * does it. */
		return x87_round_pack_unpacked(env, ua, 64);
	}

	x87_unpacked ub = x87_unpack(b);
	int32_t difference = ua.exp - ub.exp;
	bool partial = difference >= 64;
	int32_t steps = partial ? partial_reduction_bits(difference) : difference;
	/* The divisor's scale: b * 2^(difference - steps) for a partial
	 * reduction, b itself otherwise. */
	int32_t scale_exp = ub.exp + (difference - steps);
	bool sign = ua.sign;
	uint64_t quotient = 0, rem;

	if (steps < 0) {
		rem = ua.sig; /* |a| < |b|: quotient 0, remainder a */
		scale_exp = ua.exp;
		/* IEEE: |a| > |b|/2 rounds the quotient to 1; only possible
		 * when a's exponent is just one below b's. */
		if (ieee && steps == -1 && ua.sig > ub.sig) {
			/* |b| - |a| = (2*sb - sa) * 2^(ea scale) */
			rem = ub.sig - ua.sig + ub.sig;
			quotient = 1;
			sign = !sign;
		}
	} else {
		/* Restoring division of sa * 2^steps by sb: the remainder
		 * stays below 2*sb, so one extra carry bit holds it. */
		rem = ua.sig;
		bool carry = false;
		for (int32_t i = 0; i <= steps; i++) {
			quotient <<= 1;
			if (carry || rem >= ub.sig) {
				rem -= ub.sig;
				quotient |= 1;
			}
			if (i < steps) {
				carry = rem >> 63;
				rem <<= 1;
			}
		}
		if (ieee && !partial) {
			/* Round the quotient to nearest, ties to even: take the
			 * remainder from the other side when past half. */
			uint64_t other = ub.sig - rem;
			if (rem > other || (rem == other && (quotient & 1))) {
				rem = other;
				quotient++;
				sign = !sign;
			}
		}
	}
	/* Exact: the remainder is a multiple of the divisor's last bit. */
	result = x87_round_pack(env, sign, scale_exp, x87_u128_make(rem, 0), 64);
	if (rem == 0)
		result = x87_zero(ua.sign); /* a zero remainder has the dividend's sign */
	if (partial)
		env->cc = X87_C2;
	else
		env->cc = (uint16_t)(((quotient & 4) ? X87_C0 : 0) | ((quotient & 2) ? X87_C3 : 0) |
				     ((quotient & 1) ? X87_C1 : 0));
	return result;
}

x87_f80 x87_prem(x87_env *env, x87_f80 dividend, x87_f80 divisor)
{
	return remainder_of(env, dividend, divisor, false);
}

x87_f80 x87_prem1(x87_env *env, x87_f80 dividend, x87_f80 divisor)
{
	return remainder_of(env, dividend, divisor, true);
}
