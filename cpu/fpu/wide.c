/* Arithmetic on 128-bit significands, the working precision the
 * transcendental instructions (FSIN, FCOS, FPTAN, FPATAN, F2XM1, FYL2X,
 * FYL2XP1) will need to deliver correctly rounded 64-bit results: they
 * evaluate with ~128 bits and round once with x87_round_pack. */
#include "cpu/fpu/internal.h"

/* (high:low) / divisor for high < divisor: schoolbook long division in
 * base 2^32 with two quotient digits, each estimated from the divisor's
 * top digit and corrected (Knuth, TAOCP vol. 2, 4.3.1, algorithm D). */
uint64_t x87_div128by64(uint64_t high, uint64_t low, uint64_t divisor, uint64_t *remainder)
{
	const uint64_t base = UINT64_C(1) << 32;
	int shift = x87_clz64(divisor);
	/* Normalize so the divisor's top digit is at least base/2, which
	 * keeps every estimate at most two too large. */
	divisor <<= shift;
	uint64_t d1 = divisor >> 32, d0 = divisor & 0xFFFFFFFFu;
	uint64_t n32 = shift ? (high << shift) | (low >> (64 - shift)) : high;
	uint64_t n10 = low << shift;
	uint64_t n1 = n10 >> 32, n0 = n10 & 0xFFFFFFFFu;

	uint64_t q1 = n32 / d1, rhat = n32 - q1 * d1;
	while (q1 >= base || q1 * d0 > (rhat << 32) + n1) {
		q1--;
		rhat += d1;
		if (rhat >= base)
			break;
	}
	uint64_t n21 = (n32 << 32) + n1 - q1 * divisor; /* exact modulo 2^64 */
	uint64_t q0 = n21 / d1;
	rhat = n21 - q0 * d1;
	while (q0 >= base || q0 * d0 > (rhat << 32) + n0) {
		q0--;
		rhat += d1;
		if (rhat >= base)
			break;
	}
	*remainder = ((n21 << 32) + n0 - q0 * divisor) >> shift;
	return (q1 << 32) + q0;
}

static x87_wide normalized(bool sign, int32_t exp, x87_u128 sig)
{
	x87_wide w = { sign, exp, sig };
	if (x87_u128_is_zero(sig))
		return w;
	int shift = sig.hi ? x87_clz64(sig.hi) : 64 + x87_clz64(sig.lo);
	w.sig = x87_u128_shl(sig, (unsigned)shift);
	w.exp -= shift;
	return w;
}

x87_wide x87_wide_from_f80(x87_f80 v)
{
	x87_unpacked u = x87_unpack(v);
	/* sig * 2^(exp - B - 63) == (sig:0) * 2^(exp - B - 127) */
	return normalized(u.sign, u.exp, x87_u128_make(u.sig, 0));
}

x87_f80 x87_wide_round(x87_env *env, x87_wide w, int bits)
{
	return x87_round_pack(env, w.sign, w.exp, w.sig, bits);
}

/* The 256-bit product normalized, its top 128 bits kept and the rest
 * folded into bit 0. */
x87_wide x87_wide_mul(x87_wide a, x87_wide b)
{
	bool sign = a.sign != b.sign;
	if (x87_u128_is_zero(a.sig) || x87_u128_is_zero(b.sig))
		return normalized(sign, 0, x87_u128_make(0, 0));
	x87_u128 hh = x87_mul64(a.sig.hi, b.sig.hi);
	x87_u128 hl = x87_mul64(a.sig.hi, b.sig.lo);
	x87_u128 lh = x87_mul64(a.sig.lo, b.sig.hi);
	x87_u128 ll = x87_mul64(a.sig.lo, b.sig.lo);
	/* The middle column (bits 64..191) with its carries into bit 192. */
	x87_u128 mid = x87_u128_add(hl, x87_u128_make(0, ll.hi));
	uint64_t carry = x87_u128_compare(mid, hl) < 0;
	x87_u128 mid2 = x87_u128_add(mid, lh);
	carry += x87_u128_compare(mid2, mid) < 0;
	/* product = top * 2^128 + mid2.lo * 2^64 + ll.lo */
	x87_u128 top = x87_u128_add(hh, x87_u128_make(carry, mid2.hi));
	uint64_t below_hi = mid2.lo, below_lo = ll.lo;
	/* a.sig * 2^(ea-B-127) * b.sig * 2^(eb-B-127) = top * 2^(ea+eb-2B-126)
	 * -> exponent ea + eb - B + 1 in the wide convention. */
	int32_t exp = a.exp + b.exp - X87_EXP_BIAS + 1;
	if (!(top.hi & X87_INTEGER_BIT)) {
		/* Normalized operands give a product of 2^254 or more: one
		 * shift, taking the next real bit before anything is lost. */
		top = x87_u128_shl(top, 1);
		top.lo |= below_hi >> 63;
		below_hi <<= 1;
		exp--;
	}
	top.lo |= (below_hi | below_lo) != 0;
	x87_wide w = { sign, exp, top };
	return w;
}

x87_wide x87_wide_add(x87_wide a, x87_wide b)
{
	if (x87_u128_is_zero(b.sig))
		return a;
	if (x87_u128_is_zero(a.sig))
		return b;
	if (a.exp < b.exp || (a.exp == b.exp && x87_u128_compare(a.sig, b.sig) < 0)) {
		x87_wide t = a;
		a = b;
		b = t;
	}
	int32_t distance = a.exp - b.exp;
	x87_u128 small = x87_u128_shr_sticky(b.sig, (unsigned)(distance > 130 ? 130 : distance));
	if (a.sign == b.sign) {
		x87_u128 sum = x87_u128_add(a.sig, small);
		if (x87_u128_compare(sum, a.sig) < 0) { /* carried out of 128 bits */
			sum = x87_u128_shr_sticky(sum, 1);
			sum.hi |= X87_INTEGER_BIT;
			return normalized(a.sign, a.exp + 1, sum);
		}
		return normalized(a.sign, a.exp, sum);
	}
	/* An exact zero difference is +0 here; the instruction decides the
	 * sign of a zero result when it rounds. */
	x87_u128 diff = x87_u128_sub(a.sig, small);
	return normalized(x87_u128_is_zero(diff) ? false : a.sign, a.exp, diff);
}

x87_wide x87_wide_negate(x87_wide a)
{
	a.sign = !a.sign;
	return a;
}
