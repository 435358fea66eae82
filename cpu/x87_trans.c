/* The x87 transcendental instructions: F2XM1, FYL2X, FYL2XP1, FPTAN,
 * FPATAN, FSIN, FCOS, FSINCOS.
 *
 * Each evaluates its function with about 125 correct bits on the 128-bit
 * significands of cpu/fpu/wide.c (x87_wide) and rounds once to 64 bits
 * (precision control does not apply, SDM 8.1.5.2), so results are within
 * 1 ulp (nearly always correctly rounded), C1 tells the rounding
 * direction and PE is raised for inexact results.  The kernels are
 * Taylor series on reduced arguments:
 *   2^x - 1     e^y - 1 with y = x ln 2 (|y| < 0.7 in the SDM's range)
 *   log2(x)     e + 2 atanh(s) / ln 2, x = m 2^e, m in [sqrt(1/2), sqrt(2)),
 *               s = (m - 1) / (m + 1); log2(1 + x) with s = x / (2 + x)
 *   atan(t)     t in [0, 1], beyond 2 - sqrt(3) through
 *               atan(t) = pi/6 + atan((sqrt(3) t - 1) / (sqrt(3) + t))
 *   sin, cos    on |r| <= pi/4 after the argument reduction.
 *
 * Argument reduction (FSIN FCOS FSINCOS FPTAN): like the x87 itself
 * (SDM Vol. 1 8.3.8 and 22.18.8), glasspc reduces by multiples of pi/2
 * using a 66-bit approximation of pi, floor(pi 2^64) / 2^64 =
 * 3.243F6A8885A308D3h (the bit after it is 0, so it is also pi rounded).
 * The subtraction is exact (192-bit integers), so the result is the true
 * function of x - q pi66/2: within 1 ulp of sin(x) itself while x is
 * small (|x| < pi/4 needs no reduction at all), and as far from it as the
 * hardware's results are near large multiples of pi.  |x| >= 2^63 is out
 * of range: C2 = 1 and ST(0) unchanged.
 *
 * Special operands follow the SDM's tables for each instruction. */
#include "cpu/x87.h"
#include "cpu/fpu/internal.h"

typedef x87_wide W;

#define BIAS X87_EXP_BIAS

static W w_make(bool sign, int32_t exp, uint64_t hi, uint64_t lo)
{
	W w = {sign, exp + BIAS, {hi, lo}};
	return w;
}

static bool w_zero(W a)
{
	return x87_u128_is_zero(a.sig);
}

static W w_norm(W a)
{
	if (w_zero(a))
		return a;
	int shift = a.sig.hi ? x87_clz64(a.sig.hi) : 64 + x87_clz64(a.sig.lo);
	a.sig = x87_u128_shl(a.sig, (unsigned)shift);
	a.exp -= shift;
	return a;
}

static W w_one(void)
{
	return w_make(false, 0, X87_INTEGER_BIT, 0);
}

static W w_int(int64_t v)
{
	uint64_t m = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	W w = {v < 0, BIAS + 63, {m, 0}};
	return w_norm(w);
}

static W w_scale(W a, int n)
{
	if (!w_zero(a))
		a.exp += n;
	return a;
}

static W w_sub(W a, W b)
{
	return x87_wide_add(a, x87_wide_negate(b));
}

#define w_add x87_wide_add
#define w_mul x87_wide_mul

/* a / n for a small positive integer n. */
static W w_div_small(W a, uint64_t n)
{
	uint64_t r;
	uint64_t hi = x87_div128by64(0, a.sig.hi, n, &r);
	uint64_t lo = x87_div128by64(r, a.sig.lo, n, &r);
	a.sig = x87_u128_make(hi, lo | (r != 0));
	return w_norm(a);
}

/* a / b, 128 quotient bits by restoring division, sticky. */
static W w_div(W a, W b)
{
	W q = {a.sign != b.sign, 0, {0, 0}};
	if (w_zero(a))
		return q;
	x87_u128 rem = a.sig, d = b.sig;
	bool lt = x87_u128_compare(rem, d) < 0, carry = false;
	if (lt) {
		carry = rem.hi >> 63;
		rem = x87_u128_shl(rem, 1);
	}
	for (int k = 0; k < 128; k++) {
		bool bit = carry || x87_u128_compare(rem, d) >= 0;
		if (bit)
			rem = x87_u128_sub(rem, d);
		q.sig = x87_u128_shl(q.sig, 1);
		q.sig.lo |= bit;
		carry = rem.hi >> 63;
		rem = x87_u128_shl(rem, 1);
	}
	q.sig.lo |= carry || !x87_u128_is_zero(rem);
	q.exp = a.exp - b.exp + BIAS - (lt ? 1 : 0);
	return q;
}

/* The terms of a series are small enough once they are this far below
 * the sum. */
static bool negligible(W term, W sum)
{
	return w_zero(term) || term.exp < sum.exp - 132;
}

/* e^y - 1 (|y| < 1). */
static W w_expm1(W y)
{
	W sum = y, term = y;
	for (uint64_t k = 2; k < 200; k++) {
		term = w_div_small(w_mul(term, y), k);
		sum = w_add(sum, term);
		if (negligible(term, sum))
			break;
	}
	return sum;
}

/* s + s^3/3 + s^5/5 ..., or with alternating signs s - s^3/3 + s^5/5 ...:
 * atanh(s) for |s| < 0.2 and atan(s) for |s| <= 0.27. */
static W w_odd_power_series(W s, bool alternating)
{
	W sum = s, power = s, s2 = w_mul(s, s);
	for (uint64_t k = 3; k < 400; k += 2) {
		power = w_mul(power, s2);
		if (alternating)
			power = x87_wide_negate(power);
		W term = w_div_small(power, k);
		sum = w_add(sum, term);
		if (negligible(term, sum))
			break;
	}
	return sum;
}

static W w_atanh(W s) { return w_odd_power_series(s, false); }
static W w_atan_series(W t) { return w_odd_power_series(t, true); }

static W pi_w(void) { return w_make(false, 1, UINT64_C(0xC90FDAA22168C234), UINT64_C(0xC4C6628B80DC1CD1)); }
static W ln2_w(void) { return w_make(false, -1, UINT64_C(0xB17217F7D1CF79AB), UINT64_C(0xC9E3B39803F2F6AF)); }
static W log2e_w(void) { return w_make(false, 0, UINT64_C(0xB8AA3B295C17F0BB), UINT64_C(0xBE87FED0691D3E89)); }
static W sqrt3_w(void) { return w_make(false, 0, UINT64_C(0xDDB3D742C265539D), UINT64_C(0x92BA16B83C5C1DC5)); }
static W pi6_w(void) { return w_make(false, -1, UINT64_C(0x860A91C16B9B2C23), UINT64_C(0x2DD99707AB3D688B)); }
static W pi3_4_w(void) { return w_make(false, 1, UINT64_C(0x96CBE3F9990E91A7), UINT64_C(0x9394C9E8A0A5159D)); }
static W two_over_pi_w(void) { return w_make(false, -1, UINT64_C(0xA2F9836E4E441529), UINT64_C(0xFC2757D1F534DDC1)); }

/* atan(t) for t in [0, 1]. */
static W w_atan01(W t)
{
	/* 2 - sqrt(3) = 0.2679...: above it, pi/6 + atan(t') with
	 * t' = (sqrt(3) t - 1) / (sqrt(3) + t), |t'| <= 0.2680. */
	W limit = w_sub(w_int(2), sqrt3_w());
	if (w_zero(t) || t.exp < limit.exp || (t.exp == limit.exp && x87_u128_compare(t.sig, limit.sig) <= 0))
		return w_atan_series(t);
	W num = w_sub(w_mul(sqrt3_w(), t), w_one());
	W den = w_add(sqrt3_w(), t);
	return w_add(pi6_w(), w_atan_series(w_div(num, den)));
}

/* ln(m) for m in [sqrt(1/2), sqrt(2)): 2 atanh((m - 1) / (m + 1)). */
static W w_ln_reduced(W m)
{
	W s = w_div(w_sub(m, w_one()), w_add(m, w_one()));
	return w_scale(w_atanh(s), 1);
}

/* sin and cos of |r| <= pi/4 (a little more is fine). */
static W w_sin_series(W r)
{
	W sum = r, term = r, r2 = w_mul(r, r);
	for (uint64_t k = 1; k < 100; k++) {
		term = x87_wide_negate(w_div_small(w_mul(term, r2), (2 * k) * (2 * k + 1)));
		sum = w_add(sum, term);
		if (negligible(term, sum))
			break;
	}
	return sum;
}

static W w_cos_series(W r)
{
	W sum = w_one(), term = w_one(), r2 = w_mul(r, r);
	if (w_zero(r))
		return sum;
	for (uint64_t k = 1; k < 100; k++) {
		term = x87_wide_negate(w_div_small(w_mul(term, r2), (2 * k - 1) * (2 * k)));
		sum = w_add(sum, term);
		if (negligible(term, sum))
			break;
	}
	return sum;
}

/* ---- the reduction by pi66/2 ---- */

/* floor(pi 2^64): 66 bits, 3 * 2^64 + PI66_LO. */
#define PI66_LO UINT64_C(0x243F6A8885A308D3)

/* A 192-bit two's-complement integer, three limbs, least first. */
typedef struct {
	uint64_t w[3];
} u192;

static u192 u192_sub(u192 a, u192 b)
{
	u192 r;
	uint64_t borrow = 0;
	for (int k = 0; k < 3; k++) {
		uint64_t d = a.w[k] - b.w[k];
		uint64_t b1 = a.w[k] < b.w[k];
		uint64_t d2 = d - borrow;
		uint64_t b2 = d < borrow;
		r.w[k] = d2;
		borrow = b1 | b2;
	}
	return r;
}

static x87_u128 u128_shr(x87_u128 a, unsigned n)
{
	if (n == 0)
		return a;
	if (n >= 128)
		return x87_u128_make(0, 0);
	if (n >= 64)
		return x87_u128_make(0, a.hi >> (n - 64));
	return x87_u128_make(a.hi >> n, (a.hi << (64 - n)) | (a.lo >> n));
}

static bool u128_bit(x87_u128 a, unsigned k)
{
	return (k >= 64 ? a.hi >> (k - 64) : a.lo >> k) & 1;
}

/* |x| = sig * 2^(exp - BIAS - 63) < 2^63 reduced by q pi66/2: returns
 * r = |x| - q pi66/2, computed exactly, as a wide value (|r| <= pi/4 and
 * a little), and q mod 4. */
static W reduce(x87_unpacked x, unsigned *quadrant)
{
	/* q = |x| 2/pi rounded to nearest (a wrong neighbour near the half-way
	 * points only makes |r| a little larger than pi/4). */
	W xw = {false, x.exp, {x.sig, 0}};
	W t = w_mul(xw, two_over_pi_w());
	int32_t e = t.exp - BIAS; /* t in [2^e, 2^(e+1)) */
	uint64_t q = 0;
	if (e >= 0)
		q = u128_shr(t.sig, (unsigned)(127 - e)).lo + u128_bit(t.sig, (unsigned)(126 - e));
	else if (e == -1)
		q = 1;
	*quadrant = (unsigned)(q & 3);
	if (q == 0) {
		W r = {false, x.exp, {x.sig, 0}};
		return r;
	}
	/* |x| 2^65 as a 192-bit integer: sig << (exp - BIAS + 2), a shift of
	 * 1 to 64 (pi/4 <= |x| < 2^63). */
	int shift = x.exp - BIAS + 2;
	u192 a = {{0, 0, 0}};
	if (shift >= 64) {
		a.w[1] = x.sig;
	} else {
		a.w[0] = x.sig << shift;
		a.w[1] = x.sig >> (64 - shift);
	}
	/* q pi66/2 2^65 = q (3 2^64 + PI66_LO) */
	x87_u128 lo = x87_mul64(q, PI66_LO);
	x87_u128 hi3 = x87_mul64(q, 3);
	uint64_t mid = lo.hi + hi3.lo;
	u192 b = {{lo.lo, mid, hi3.hi + (mid < lo.hi)}};
	u192 r = u192_sub(a, b);
	bool negative = r.w[2] >> 63;
	if (negative)
		r = u192_sub((u192){{0, 0, 0}}, r);
	/* |r| < 2^66 here: the top limb is 0.  value = r 2^-65 */
	W w = {negative, 0, x87_u128_make(r.w[1], r.w[0])};
	if (w_zero(w))
		return w;
	w.exp = 127 - 65 + BIAS;
	return w_norm(w);
}

/* ---- the instructions ---- */

static x87_f80 round64(x87_env *env, W w)
{
	return x87_wide_round(env, w, 64);
}

/* A finite operand as a wide value (DE for a denormal). */
static W operand(x87_env *env, x87_f80 v, enum x87_class c)
{
	if (x87_class_is_denormal(c))
		x87_raise(env, X87_EX_DENORMAL);
	return x87_wide_from_f80(v);
}

static W pi_over(int shift, bool sign)
{
	W p = pi_w();
	p.exp -= shift;
	p.sign = sign;
	return p;
}

/* The stack checks of the one-operand functions: ST(0) must hold a
 * value, and FSINCOS/FPTAN push. */
static bool st0_ready(struct cpu *cpu, bool pushes)
{
	if (x87_empty(cpu, 0)) {
		if (x87_stack_underflow(cpu)) {
			x87_set_st(cpu, 0, x87_default_nan());
			if (pushes)
				x87_push(cpu, x87_default_nan());
		}
		return false;
	}
	if (pushes && !x87_empty(cpu, 7)) {
		if (x87_stack_overflow(cpu)) {
			x87_set_st(cpu, 0, x87_default_nan());
			x87_push(cpu, x87_default_nan());
		}
		return false;
	}
	return true;
}

/* F2XM1: ST(0) = 2^ST(0) - 1 (SDM: -1 <= x <= 1; outside, glasspc still
 * computes 2^x - 1). */
void op_x87_f2xm1(struct cpu *cpu, const struct insn *i)
{
	if (!x87_begin(cpu, i, 0) || !st0_ready(cpu, false))
		return;
	x87_env env = x87_env_now(cpu);
	x87_f80 x = x87_st(cpu, 0), r;
	enum x87_class c = x87_classify(x);
	if (x87_nan_operand1(&env, x, c, &r)) {
	} else if (c == X87_CLASS_INFINITY) {
		r = x87_sign(x) ? x87_make(true, BIAS, X87_INTEGER_BIT) : x;
	} else if (c == X87_CLASS_ZERO) {
		r = x;
	} else {
		W xw = operand(&env, x, c);
		int32_t e = xw.exp - BIAS; /* |x| in [2^e, 2^(e+1)) */
		if (e < 0) {
			r = round64(&env, w_expm1(w_mul(xw, ln2_w())));
		} else {
			/* |x| >= 1 (the ends of the SDM's range, exact, and beyond):
			 * 2^x - 1 = 2^n (2^f - 1) + (2^n - 1) with n = trunc(x),
			 * f = x - n (|x| beyond 2^15 is as far as it matters). */
			if (e > 15) {
				e = 15;
				xw = w_make(xw.sign, 15, X87_INTEGER_BIT, 0);
			}
			int64_t n = (int64_t)(xw.sig.hi >> (63 - e));
			if (xw.sign)
				n = -n;
			W f = w_sub(xw, w_int(n));
			W part = w_scale(w_expm1(w_mul(f, ln2_w())), (int)n);
			W whole = w_sub(w_scale(w_one(), (int)n), w_one());
			r = round64(&env, w_add(part, whole));
		}
	}
	x87_commit(cpu, &env, SW_C1);
	if (!x87_blocked(&env))
		x87_set_st(cpu, 0, r);
}

/* y * log2(x) for finite x > 0 (x = 1 + xp1 when plus1). */
static W w_ylog2(W y, W x, bool plus1)
{
	W l;
	if (plus1) {
		W s = w_div(x, w_add(w_int(2), x));
		l = w_mul(w_scale(w_atanh(s), 1), log2e_w());
	} else {
		int32_t e = x.exp - BIAS;
		W m = x;
		m.exp = BIAS;
		/* sqrt(2) = B504F333...: above it, halve */
		if (m.sig.hi > UINT64_C(0xB504F333F9DE6484)) {
			m.exp--;
			e++;
		}
		l = w_add(w_int(e), w_mul(w_ln_reduced(m), log2e_w()));
	}
	return w_mul(y, l);
}

/* FYL2X (sub 0) and FYL2XP1 (sub 1): ST(1) = ST(1) * log2(ST(0) [+ 1]),
 * then pop.  The special cases are the SDM's tables. */
void op_x87_fyl2x(struct cpu *cpu, const struct insn *i)
{
	if (!x87_begin(cpu, i, 0))
		return;
	bool plus1 = i->sub;
	if (x87_empty(cpu, 0) || x87_empty(cpu, 1)) {
		if (x87_stack_underflow(cpu)) {
			x87_set_st(cpu, 1, x87_default_nan());
			x87_pop(cpu);
		}
		return;
	}
	x87_env env = x87_env_now(cpu);
	x87_f80 x = x87_st(cpu, 0), y = x87_st(cpu, 1), r;
	enum x87_class cx = x87_classify(x), cy = x87_classify(y);
	if (x87_nan_operands2(&env, x, cx, y, cy, &r)) {
		/* NaN or unsupported */
	} else {
		if (x87_class_is_denormal(cx) || x87_class_is_denormal(cy))
			x87_raise(&env, X87_EX_DENORMAL);
		bool ysign = x87_sign(y);
		bool yzero = cy == X87_CLASS_ZERO, yinf = cy == X87_CLASS_INFINITY;
		/* where log2 is: -1 negative, 0 zero, 1 positive, 2 +infinity,
		 * -2 -infinity (x = 0), 3 invalid */
		int lg;
		bool xsign = x87_sign(x);
		if (plus1) {
			/* 1 + x */
			if (cx == X87_CLASS_ZERO)
				lg = 0;
			else if (cx == X87_CLASS_INFINITY)
				lg = xsign ? 3 : 2;
			else if (xsign) {
				W one_plus = w_add(w_one(), x87_wide_from_f80(x));
				lg = w_zero(one_plus) ? -2 : one_plus.sign ? 3 : -1;
			} else
				lg = 1;
		} else if (cx == X87_CLASS_ZERO) {
			lg = -2;
		} else if (xsign) {
			lg = 3;
		} else if (cx == X87_CLASS_INFINITY) {
			lg = 2;
		} else {
			W xw = x87_wide_from_f80(x);
			bool is_one = xw.exp == BIAS && xw.sig.hi == X87_INTEGER_BIT && xw.sig.lo == 0;
			lg = is_one ? 0 : (xw.exp < BIAS ? -1 : 1);
		}
		bool lg_sign = lg < 0 || (lg == 0 && plus1 && xsign);
		if (lg == 3) {
			r = x87_invalid(&env);
		} else if (lg == -2) {
			/* log2(0) = -infinity: times a finite non-zero y, ZE */
			if (yzero)
				r = x87_invalid(&env);
			else {
				if (!yinf)
					x87_raise(&env, X87_EX_ZERODIV);
				r = x87_infinity(!ysign);
			}
		} else if (lg == 2) {
			r = yzero ? x87_invalid(&env) : x87_infinity(ysign);
		} else if (yinf) {
			r = lg == 0 ? x87_invalid(&env) : x87_infinity(ysign != lg_sign);
		} else if (yzero || lg == 0) {
			r = x87_zero(ysign != lg_sign);
		} else {
			r = round64(&env, w_ylog2(x87_wide_from_f80(y), x87_wide_from_f80(x), plus1));
		}
	}
	x87_commit(cpu, &env, SW_C1);
	if (x87_blocked(&env))
		return;
	x87_set_st(cpu, 1, r);
	x87_pop(cpu);
}

/* FPATAN: ST(1) = arctan(ST(1) / ST(0)) in the quadrant of (ST(0),
 * ST(1)), then pop. */
void op_x87_fpatan(struct cpu *cpu, const struct insn *i)
{
	if (!x87_begin(cpu, i, 0))
		return;
	if (x87_empty(cpu, 0) || x87_empty(cpu, 1)) {
		if (x87_stack_underflow(cpu)) {
			x87_set_st(cpu, 1, x87_default_nan());
			x87_pop(cpu);
		}
		return;
	}
	x87_env env = x87_env_now(cpu);
	x87_f80 x = x87_st(cpu, 0), y = x87_st(cpu, 1), r;
	enum x87_class cx = x87_classify(x), cy = x87_classify(y);
	if (!x87_nan_operands2(&env, x, cx, y, cy, &r)) {
		if (x87_class_is_denormal(cx) || x87_class_is_denormal(cy))
			x87_raise(&env, X87_EX_DENORMAL);
		bool ys = x87_sign(y), xs = x87_sign(x);
		bool xinf = cx == X87_CLASS_INFINITY, yinf = cy == X87_CLASS_INFINITY;
		if (yinf && xinf) {
			W a = xs ? pi3_4_w() : pi_over(2, false);
			a.sign = ys;
			r = round64(&env, a);
		} else if (yinf || (cx == X87_CLASS_ZERO && cy != X87_CLASS_ZERO)) {
			r = round64(&env, pi_over(1, ys));
		} else if (cy == X87_CLASS_ZERO || xinf) {
			r = xs ? round64(&env, pi_over(0, ys)) : x87_zero(ys);
		} else {
			W a = x87_wide_from_f80(y), b = x87_wide_from_f80(x);
			a.sign = b.sign = false;
			bool swap = a.exp > b.exp || (a.exp == b.exp && x87_u128_compare(a.sig, b.sig) > 0);
			W t = swap ? w_div(b, a) : w_div(a, b);
			W at = w_atan01(t);
			if (swap)
				at = w_sub(pi_over(1, false), at);
			if (xs)
				at = w_sub(pi_w(), at);
			at.sign = ys;
			r = round64(&env, at);
		}
	}
	x87_commit(cpu, &env, SW_C1);
	if (x87_blocked(&env))
		return;
	x87_set_st(cpu, 1, r);
	x87_pop(cpu);
}

enum trig { TRIG_SIN, TRIG_COS, TRIG_SINCOS, TRIG_TAN };

/* FSIN FCOS FSINCOS FPTAN (sub: enum trig). */
void op_x87_trig(struct cpu *cpu, const struct insn *i)
{
	enum trig which = i->sub;
	bool pushes = which == TRIG_SINCOS || which == TRIG_TAN;
	if (!x87_begin(cpu, i, 0) || !st0_ready(cpu, pushes))
		return;
	x87_env env = x87_env_now(cpu);
	x87_f80 x = x87_st(cpu, 0), r0, r1 = x87_make(false, BIAS, X87_INTEGER_BIT); /* r1: pushed */
	enum x87_class c = x87_classify(x);
	if (x87_nan_operand1(&env, x, c, &r0)) {
		r1 = r0;
	} else if (c == X87_CLASS_INFINITY) {
		r0 = r1 = x87_invalid(&env);
	} else {
		W xw = operand(&env, x, c);
		if (c != X87_CLASS_ZERO && xw.exp - BIAS >= 63) {
			/* out of range: C2, nothing else changes */
			cpu->x87.status |= SW_C2;
			return;
		}
		/* On |x|; sin and tan change sign with x, cos does not. */
		unsigned quadrant = 0;
		W red = {false, xw.exp, xw.sig};
		if (c != X87_CLASS_ZERO) {
			x87_unpacked u = {false, xw.exp, xw.sig.hi};
			red = reduce(u, &quadrant);
		}
		W s = w_sin_series(red), co = w_cos_series(red);
		if (c == X87_CLASS_ZERO)
			s = red; /* keeps the zero's sign */
		W sv = s, cv = co;
		switch (quadrant) {
		case 1: sv = co; cv = x87_wide_negate(s); break;
		case 2: sv = x87_wide_negate(s); cv = x87_wide_negate(co); break;
		case 3: sv = x87_wide_negate(co); cv = s; break;
		default: break;
		}
		if (x87_sign(x))
			sv = x87_wide_negate(sv);
		x87_env env2 = env;
		switch (which) {
		case TRIG_SIN: r0 = c == X87_CLASS_ZERO ? x : round64(&env, sv); break;
		case TRIG_COS: r0 = round64(&env, cv); break;
		case TRIG_TAN: r0 = c == X87_CLASS_ZERO ? x : round64(&env, w_div(sv, cv)); break;
		default:
			/* FSINCOS: ST(1) = sin, ST(0) = cos; C1 from the cosine,
			 * the one rounded last */
			r1 = c == X87_CLASS_ZERO ? x : round64(&env2, sv);
			r0 = round64(&env, cv);
			env.flags |= env2.flags;
			break;
		}
	}
	x87_commit(cpu, &env, SW_C1 | SW_C2);
	if (x87_blocked(&env))
		return;
	if (which == TRIG_SINCOS) {
		x87_set_st(cpu, 0, r1);
		x87_push(cpu, r0);
	} else {
		x87_set_st(cpu, 0, r0);
		if (which == TRIG_TAN)
			x87_push(cpu, r1);
	}
}
