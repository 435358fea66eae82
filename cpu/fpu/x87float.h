/* x87float: soft-float arithmetic on the x87's 80-bit extended format.
 *
 * Integers only: no host floating point, so every host computes the same
 * bits.  The semantics are those of the x87 FPU (Intel SDM Vol. 1 ch. 4
 * and 8, Vol. 2 per-instruction pages): precision control, denormal
 * operands, pseudo-denormals, unsupported encodings, NaN propagation per
 * Table 4-7, masked and unmasked overflow/underflow, and C1 as the
 * "round-up" bit.
 *
 * Every operation takes an x87_env: the rounding and precision control and
 * the exception masks (from the control word) going in, the exception flags
 * raised and condition codes coming out.  Flags accumulate (like the status
 * word's sticky bits); `cc` is rewritten by each operation.  Stack faults
 * (SF, and C1 meaning push/pop direction) are the caller's business.
 *
 * When an unmasked invalid-operation, zero-divide or denormal-operand
 * exception is raised, the x87 leaves the destination unchanged: the
 * caller must check x87_unmasked() before storing.  Unmasked overflow and
 * underflow on a register destination do store a result, with the exponent
 * biased by 24576 (SDM 8.5.4, 8.5.5); this library returns that result.
 */
#ifndef GLASSPC_CPU_FPU_X87FLOAT_H
#define GLASSPC_CPU_FPU_X87FLOAT_H

#include <stdbool.h>
#include <stdint.h>

/* The 80-bit register format: bit 79 sign, bits 78-64 biased exponent,
 * bits 63-0 significand with an explicit integer bit (bit 63). */
typedef struct x87_f80 {
	uint64_t significand;
	uint16_t sign_exp;
} x87_f80;

#define X87_EXP_BIAS 16383
#define X87_EXP_MAX 0x7FFF /* infinities and NaNs */
#define X87_INTEGER_BIT UINT64_C(0x8000000000000000)
#define X87_QUIET_BIT UINT64_C(0x4000000000000000)

/* Rounding control, encoded as the control word's RC field (bits 11-10). */
enum x87_rounding {
	X87_ROUND_NEAREST = 0,
	X87_ROUND_DOWN = 1, /* toward -infinity */
	X87_ROUND_UP = 2,   /* toward +infinity */
	X87_ROUND_ZERO = 3,
};

/* Precision control, encoded as the control word's PC field (bits 9-8).
 * The encoding 1 is reserved; this library treats it as 64 bits. */
enum x87_precision {
	X87_PREC_24 = 0,
	X87_PREC_RESERVED = 1,
	X87_PREC_53 = 2,
	X87_PREC_64 = 3,
};

/* Exception flags, at their status word positions (also the mask bits'
 * positions in the control word). */
enum x87_exception {
	X87_EX_INVALID = 0x01,   /* IE */
	X87_EX_DENORMAL = 0x02,  /* DE */
	X87_EX_ZERODIV = 0x04,   /* ZE */
	X87_EX_OVERFLOW = 0x08,  /* OE */
	X87_EX_UNDERFLOW = 0x10, /* UE */
	X87_EX_INEXACT = 0x20,   /* PE */
	X87_EX_ALL = 0x3F,
};

/* Condition code bits, at their status word positions. */
enum x87_condition {
	X87_C0 = 0x0100,
	X87_C1 = 0x0200,
	X87_C2 = 0x0400,
	X87_C3 = 0x4000,
};

typedef struct x87_env {
	uint8_t rounding;  /* enum x87_rounding */
	uint8_t precision; /* enum x87_precision */
	uint8_t masks;     /* enum x87_exception bits that are masked */
	uint8_t flags;     /* enum x87_exception bits raised (sticky) */
	uint16_t cc;       /* enum x87_condition bits set by the last operation */
} x87_env;

/* An environment from a control word (flags and condition codes clear). */
x87_env x87_env_from_control(uint16_t control_word);
/* Exceptions raised and not masked: the caller must take #MF (and, for
 * IE/ZE/DE, not store the result). */
static inline uint8_t x87_unmasked(const x87_env *env)
{
	return env->flags & ~env->masks & X87_EX_ALL;
}

/* ---- Values and classification (classify.c) ---- */

enum x87_class {
	X87_CLASS_ZERO,
	X87_CLASS_NORMAL,
	X87_CLASS_DENORMAL,        /* exponent 0, integer bit 0, non-zero */
	X87_CLASS_PSEUDO_DENORMAL, /* exponent 0, integer bit 1 */
	X87_CLASS_INFINITY,
	X87_CLASS_QNAN,
	X87_CLASS_SNAN,
	X87_CLASS_UNSUPPORTED, /* unnormal, pseudo-NaN, pseudo-infinity */
};

static inline x87_f80 x87_make(bool sign, uint16_t exponent, uint64_t significand)
{
	x87_f80 v = { significand, (uint16_t)((sign ? 0x8000 : 0) | (exponent & 0x7FFF)) };
	return v;
}
static inline bool x87_sign(x87_f80 v) { return v.sign_exp >> 15; }
static inline uint16_t x87_exponent(x87_f80 v) { return v.sign_exp & 0x7FFF; }

enum x87_class x87_classify(x87_f80 v);
bool x87_is_nan(x87_f80 v);
bool x87_is_signaling_nan(x87_f80 v);
/* The real indefinite: the default NaN (sign 1, exponent 0x7FFF,
 * significand 0xC000000000000000). */
x87_f80 x87_default_nan(void);
x87_f80 x87_zero(bool sign);
x87_f80 x87_infinity(bool sign);
/* FXAM: C3 C2 C0 from the class, C1 from the sign (`empty` is the tag). */
uint16_t x87_examine(x87_f80 v, bool empty);

/* ---- Arithmetic, affected by precision control ---- */

x87_f80 x87_add(x87_env *env, x87_f80 a, x87_f80 b); /* add.c */
x87_f80 x87_sub(x87_env *env, x87_f80 a, x87_f80 b); /* add.c: a - b */
x87_f80 x87_mul(x87_env *env, x87_f80 a, x87_f80 b); /* mul.c */
x87_f80 x87_div(x87_env *env, x87_f80 a, x87_f80 b); /* div.c: a / b */
x87_f80 x87_sqrt(x87_env *env, x87_f80 a);           /* sqrt.c */

/* The six arithmetic instructions as one call, for decoders: ST(0) is the
 * first operand of SUB and DIV, the second of SUBR and DIVR. */
enum x87_arith {
	X87_ARITH_ADD,
	X87_ARITH_SUB,  /* st - src */
	X87_ARITH_SUBR, /* src - st */
	X87_ARITH_MUL,
	X87_ARITH_DIV,  /* st / src */
	X87_ARITH_DIVR, /* src / st */
};
x87_f80 x87_arith(x87_env *env, enum x87_arith op, x87_f80 st, x87_f80 src);
/* With a single or double memory operand (memory_operand.c): the operand
 * takes part as itself, so an SNaN there raises IE inside the operation
 * (and loses to a QNaN in ST per Table 4-7) and a denormal there raises
 * DE, exactly as FADD m32fp etc. do.  Integer memory operands (FIADD ...)
 * convert exactly with x87_from_int32/int16 first. */
x87_f80 x87_arith_f32(x87_env *env, enum x87_arith op, x87_f80 st, uint32_t src);
x87_f80 x87_arith_f64(x87_env *env, enum x87_arith op, x87_f80 st, uint64_t src);

/* ---- Rounding to integer, remainders, scaling (always 64-bit) ---- */

x87_f80 x87_round_to_int(x87_env *env, x87_f80 a); /* FRNDINT, round.c */
/* FPREM (truncating quotient) and FPREM1 (IEEE, quotient rounded to
 * nearest even), remainder.c.  cc gets C2 when the reduction is partial
 * (exponent difference >= 64), else C0 C3 C1 = quotient bits 2 1 0. */
x87_f80 x87_prem(x87_env *env, x87_f80 dividend, x87_f80 divisor);
x87_f80 x87_prem1(x87_env *env, x87_f80 dividend, x87_f80 divisor);
/* FSCALE: a * 2^trunc(b), scale.c. */
x87_f80 x87_scale(x87_env *env, x87_f80 a, x87_f80 b);
/* FXTRACT, scale.c: the significand (same sign, exponent 0) and, through
 * *exponent, the unbiased exponent as a value. */
x87_f80 x87_extract(x87_env *env, x87_f80 a, x87_f80 *exponent);

/* ---- Comparisons (compare.c) ---- */

enum x87_relation {
	X87_LESS,
	X87_EQUAL,
	X87_GREATER,
	X87_UNORDERED,
};
/* FCOM-style (ordered): IE for any NaN or unsupported operand. */
enum x87_relation x87_compare(x87_env *env, x87_f80 a, x87_f80 b);
/* FUCOM-style (unordered): IE only for SNaN or unsupported operands. */
enum x87_relation x87_compare_quiet(x87_env *env, x87_f80 a, x87_f80 b);
/* The condition codes FCOM/FUCOM/FTST set for a relation (C3 C2 C0), and
 * the EFLAGS bits FCOMI/FUCOMI set (ZF PF CF at their EFLAGS positions). */
/* FCOM m32fp/m64fp (memory_operand.c), with the operand's own class. */
enum x87_relation x87_compare_f32(x87_env *env, x87_f80 st, uint32_t src);
enum x87_relation x87_compare_f64(x87_env *env, x87_f80 st, uint64_t src);
uint16_t x87_relation_cc(enum x87_relation r);
uint32_t x87_relation_eflags(enum x87_relation r);

/* ---- Integer conversions (convert_int.c) ---- */

x87_f80 x87_from_int16(int16_t v);
x87_f80 x87_from_int32(int32_t v);
x87_f80 x87_from_int64(int64_t v);
/* FIST/FISTP: rounded per the rounding control; NaN, infinity or out of
 * range gives IE and the integer indefinite (the most negative value). */
int16_t x87_to_int16(x87_env *env, x87_f80 a);
int32_t x87_to_int32(x87_env *env, x87_f80 a);
int64_t x87_to_int64(x87_env *env, x87_f80 a);
/* FISTTP: the same, truncating whatever the rounding control says. */
int16_t x87_to_int16_trunc(x87_env *env, x87_f80 a);
int32_t x87_to_int32_trunc(x87_env *env, x87_f80 a);
int64_t x87_to_int64_trunc(x87_env *env, x87_f80 a);

/* ---- Binary32/binary64 conversions (convert_float.c) ---- */

/* FLD m32/m64: exact; DE for a denormal source, IE for an SNaN. */
x87_f80 x87_from_f32(x87_env *env, uint32_t bits);
x87_f80 x87_from_f64(x87_env *env, uint64_t bits);
/* FST m32/m64: rounded to the destination precision and range.  With an
 * unmasked OE or UE the x87 stores nothing (SDM 8.5.4): the caller checks
 * x87_unmasked(). */
uint32_t x87_to_f32(x87_env *env, x87_f80 a);
uint64_t x87_to_f64(x87_env *env, x87_f80 a);
/* FST to a register with FLD-ST(i) semantics is a plain copy; FLD m80 and
 * FSTP m80 are also plain copies (no exceptions). */

/* ---- Constants (constants.c) ---- */

enum x87_constant {
	X87_CONST_ONE,  /* FLD1 */
	X87_CONST_ZERO, /* FLDZ */
	X87_CONST_PI,   /* FLDPI */
	X87_CONST_L2E,  /* FLDL2E: log2(e) */
	X87_CONST_L2T,  /* FLDL2T: log2(10) */
	X87_CONST_LG2,  /* FLDLG2: log10(2) */
	X87_CONST_LN2,  /* FLDLN2: ln(2) */
};
/* The constant rounded per the rounding control. */
x87_f80 x87_constant(x87_env *env, enum x87_constant which);

/* ---- Packed BCD (bcd.c) ---- */

/* The 10-byte format: bytes 0-8 hold 18 digits, two per byte, least
 * significant first; bit 7 of byte 9 is the sign. */
x87_f80 x87_from_bcd(const uint8_t bcd[10]);
/* FBSTP: rounded per the rounding control; NaN, infinity or more than 18
 * digits gives IE and the packed BCD indefinite. */
void x87_to_bcd(x87_env *env, x87_f80 a, uint8_t bcd[10]);

#endif
