/* Internal helpers of the x87 soft-float library: an unpacked form for
 * finite values, a 128-bit significand for intermediate results (wide
 * enough for the exact products, quotients with guard bits, and later the
 * transcendental functions' extra precision), and the one rounding routine
 * every operation ends in. */
#ifndef GLASSPC_CPU_FPU_INTERNAL_H
#define GLASSPC_CPU_FPU_INTERNAL_H

#include "cpu/fpu/x87float.h"

/* A 128-bit unsigned integer as two halves. */
typedef struct x87_u128 {
	uint64_t hi, lo;
} x87_u128;

/* A finite value: value = sig * 2^(exp - X87_EXP_BIAS - 63).  Non-zero
 * values are normalized (bit 63 of sig set); exp may then be below 1 for
 * denormals, which is why it is wide. */
typedef struct x87_unpacked {
	bool sign;
	int32_t exp;
	uint64_t sig;
} x87_unpacked;

/* The exponent adjustment for unmasked overflow/underflow (SDM 8.5.4:
 * "the exponent of the result is adjusted by dividing it by 2^24576"). */
#define X87_UNMASKED_BIAS 24576

static inline int x87_clz64(uint64_t v)
{
#if defined(__GNUC__) || defined(__clang__)
	return v ? __builtin_clzll(v) : 64;
#else
	int n = 0;
	if (!v)
		return 64;
	while (!(v & X87_INTEGER_BIT)) {
		v <<= 1;
		n++;
	}
	return n;
#endif
}

static inline x87_u128 x87_u128_make(uint64_t hi, uint64_t lo)
{
	x87_u128 r = { hi, lo };
	return r;
}

static inline bool x87_u128_is_zero(x87_u128 a) { return !(a.hi | a.lo); }

static inline int x87_u128_compare(x87_u128 a, x87_u128 b)
{
	if (a.hi != b.hi)
		return a.hi < b.hi ? -1 : 1;
	if (a.lo != b.lo)
		return a.lo < b.lo ? -1 : 1;
	return 0;
}

static inline x87_u128 x87_u128_add(x87_u128 a, x87_u128 b)
{
	x87_u128 r;
	r.lo = a.lo + b.lo;
	r.hi = a.hi + b.hi + (r.lo < a.lo);
	return r;
}

static inline x87_u128 x87_u128_sub(x87_u128 a, x87_u128 b)
{
	x87_u128 r;
	r.lo = a.lo - b.lo;
	r.hi = a.hi - b.hi - (a.lo < b.lo);
	return r;
}

static inline x87_u128 x87_u128_shl(x87_u128 a, unsigned n)
{
	if (n == 0)
		return a;
	if (n >= 128)
		return x87_u128_make(0, 0);
	if (n >= 64)
		return x87_u128_make(a.lo << (n - 64), 0);
	return x87_u128_make((a.hi << n) | (a.lo >> (64 - n)), a.lo << n);
}

/* Shift right, ORing every bit shifted out into bit 0 ("sticky"), so that
 * rounding later still sees that the value was inexact. */
static inline x87_u128 x87_u128_shr_sticky(x87_u128 a, unsigned n)
{
	if (n == 0)
		return a;
	if (n >= 128)
		return x87_u128_make(0, !x87_u128_is_zero(a));
	if (n >= 64) {
		uint64_t lost = a.lo | (n > 64 ? a.hi << (128 - n) : 0);
		return x87_u128_make(0, (n == 64 ? a.hi : a.hi >> (n - 64)) | (lost != 0));
	}
	uint64_t lost = a.lo << (64 - n);
	return x87_u128_make(a.hi >> n, (a.hi << (64 - n)) | (a.lo >> n) | (lost != 0));
}

/* Full 64x64 -> 128-bit product, on 32-bit halves (no compiler-specific
 * 128-bit type, so 32-bit hosts compute the same). */
static inline x87_u128 x87_mul64(uint64_t a, uint64_t b)
{
	uint64_t a_lo = (uint32_t)a, a_hi = a >> 32;
	uint64_t b_lo = (uint32_t)b, b_hi = b >> 32;
	uint64_t ll = a_lo * b_lo, lh = a_lo * b_hi, hl = a_hi * b_lo, hh = a_hi * b_hi;
	uint64_t mid = (ll >> 32) + (uint32_t)lh + (uint32_t)hl;
	x87_u128 r;
	r.lo = (mid << 32) | (uint32_t)ll;
	r.hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
	return r;
}

/* A value with a 128-bit significand, for intermediate results that need
 * more than 64 bits (wide.c; the transcendentals' working precision):
 * value = sig * 2^(exp - X87_EXP_BIAS - 127), the convention of
 * x87_round_pack, sig normalized (bit 127 set) unless zero.  Bit 0 may be
 * a sticky bit standing for lost lower bits. */
typedef struct x87_wide {
	bool sign;
	int32_t exp;
	x87_u128 sig;
} x87_wide;

/* (high:low) / divisor, for high < divisor (so the quotient fits). */
uint64_t x87_div128by64(uint64_t high, uint64_t low, uint64_t divisor, uint64_t *remainder);

/* Finite operands only (zero, normal, denormal, pseudo-denormal). */
x87_wide x87_wide_from_f80(x87_f80 v);
x87_wide x87_wide_mul(x87_wide a, x87_wide b); /* truncated to 128 bits, sticky */
x87_wide x87_wide_add(x87_wide a, x87_wide b); /* aligned with sticky */
x87_wide x87_wide_negate(x87_wide a);
/* Round once to the extended format (see x87_round_pack). */
x87_f80 x87_wide_round(x87_env *env, x87_wide w, int bits);

static inline void x87_raise(x87_env *env, uint8_t flags) { env->flags |= flags; }

/* The significand width precision control asks for. */
int x87_precision_bits(const x87_env *env);

/* Decode a zero, normal, denormal or pseudo-denormal value. */
x87_unpacked x87_unpack(x87_f80 v);

static inline bool x87_class_is_denormal(enum x87_class c)
{
	return c == X87_CLASS_DENORMAL || c == X87_CLASS_PSEUDO_DENORMAL;
}
static inline bool x87_class_is_finite(enum x87_class c)
{
	return c == X87_CLASS_ZERO || c == X87_CLASS_NORMAL || x87_class_is_denormal(c);
}

/* Round a non-zero exact value to `bits` significant bits (24, 53 or 64)
 * and pack it into the extended format: value = sig * 2^(exp - X87_EXP_BIAS
 * - 127), where any set bit in sig below the rounding position only says
 * "inexact" (the callers fold lost bits into bit 0).  Handles the extended
 * exponent range's overflow and underflow (masked and unmasked), sets PE,
 * OE, UE and C1 (round-up).  A zero sig packs as a zero of that sign. */
x87_f80 x87_round_pack(x87_env *env, bool sign, int32_t exp, x87_u128 sig, int bits);

/* The same for the unpacked value (64-bit significand). */
x87_f80 x87_round_pack_unpacked(x87_env *env, x87_unpacked u, int bits);

/* Round hi:lo so that the `drop` low bits of hi (and all of lo) become
 * zero, per the rounding mode (the sign decides the directed modes).
 * Returns the rounded hi; *carry when it wrapped to 2^64. */
uint64_t x87_round_bits(uint64_t hi, uint64_t lo, int drop, int mode, bool sign, bool *inexact,
			bool *incremented, bool *carry);

/* C1 as the "round-up" bit (SDM 8.1.3.3): set if the last rounding
 * increased the magnitude, cleared otherwise. */
void x87_set_c1(x87_env *env, bool rounded_up);

/* Split |u| into integer part and 64 fraction bits (sticky in bit 0).
 * False when the integer part does not fit 64 bits. */
bool x87_split_integer(x87_unpacked u, uint64_t *integer, uint64_t *fraction);

/* If either operand is a NaN or unsupported, raise IE where the SDM says so
 * and return true with the result of Table 4-7 in *result. */
bool x87_nan_operands2(x87_env *env, x87_f80 a, enum x87_class ca, x87_f80 b,
		       enum x87_class cb, x87_f80 *result);
bool x87_nan_operand1(x87_env *env, x87_f80 a, enum x87_class ca, x87_f80 *result);

/* IE with the default NaN (an invalid operation on non-NaN operands). */
x87_f80 x87_invalid(x87_env *env);

/* The operations on operands already classified.  A class may say more
 * than the encoding: a single or double denormal widened to a (normal)
 * extended value keeps X87_CLASS_DENORMAL so that the operation raises DE
 * for it, as the x87 does for a memory operand (memory_operand.c). */
x87_f80 x87_add_classified(x87_env *env, x87_f80 a, enum x87_class ca, x87_f80 b,
			   enum x87_class cb, bool negate_b);
x87_f80 x87_mul_classified(x87_env *env, x87_f80 a, enum x87_class ca, x87_f80 b,
			   enum x87_class cb);
x87_f80 x87_div_classified(x87_env *env, x87_f80 a, enum x87_class ca, x87_f80 b,
			   enum x87_class cb);
enum x87_relation x87_compare_classified(x87_env *env, x87_f80 a, enum x87_class ca, x87_f80 b,
					 enum x87_class cb, bool ordered);

/* A single or double widened exactly to extended: no exception raised, an
 * SNaN stays signalling; *cls is the class in the source format. */
x87_f80 x87_widen_ieee(uint64_t bits, int fraction_bits, int exponent_bits, enum x87_class *cls);

/* Raise DE if either class is a denormal; true when DE is unmasked, in
 * which case the x87 stops before computing anything (SDM 8.5.2). */
bool x87_denormal_operands(x87_env *env, enum x87_class ca, enum x87_class cb);

#endif
