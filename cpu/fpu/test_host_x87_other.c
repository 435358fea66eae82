/* Differential test of the operations beyond the five basic ones against
 * the host's x87: FPREM, FPREM1, FRNDINT, FSCALE, FXTRACT, FCOM, FUCOM,
 * FIST/FISTTP (16/32/64), FST m32/m64, FLD m32/m64, FILD, FBSTP, FBLD, the
 * arithmetic and FCOM with single/double memory operands, the constant
 * loads, FXAM, FTST, and
 * some of them again with exceptions unmasked.  Results, exception flags
 * and the condition codes each instruction defines must agree.  On a host
 * without an x87 it checks nothing (the unit tests in test_softfloat.c
 * still run there). */
#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/fpu/test_operands.h"
#include "cpu/fpu/x87float.h"

#if defined(__x86_64__) || defined(__i386__)
#define HAVE_HOST_X87 1
#else
#define HAVE_HOST_X87 0
#endif

#if HAVE_HOST_X87
static const uint8_t precisions[3] = { X87_PREC_24, X87_PREC_53, X87_PREC_64 };

/* A control word with every exception masked. */
static uint16_t random_control(test_rng *rng)
{
	uint8_t rc = (uint8_t)test_rng_below(rng, 4);
	uint8_t pc = precisions[test_rng_below(rng, 3)];
	return (uint16_t)(0x0040 | X87_EX_ALL | pc << 8 | rc << 10);
}

static unsigned long operand_count(void)
{
	const char *s = getenv("GLASSPC_FPU_HOST_OPERANDS");
	return s ? strtoul(s, NULL, 10) / 5 : 200000ul;
}

static unsigned long differences;

static void report(const char *what, uint16_t cw, x87_f80 a, x87_f80 b, uint64_t host_hi,
		   uint64_t host_lo, uint16_t host_sw, uint64_t soft_hi, uint64_t soft_lo,
		   uint16_t soft_sw)
{
	if (differences++ < 400)
		fprintf(stderr,
			"%s cw=%04x a=%04x:%016" PRIx64 " b=%04x:%016" PRIx64 " host=%" PRIx64
			":%016" PRIx64 " sw=%04x soft=%" PRIx64 ":%016" PRIx64 " sw=%04x\n",
			what, cw, a.sign_exp, a.significand, b.sign_exp, b.significand, host_hi, host_lo,
			host_sw, soft_hi, soft_lo, soft_sw);
}

static void compare_f80(const char *what, uint16_t cw, x87_f80 a, x87_f80 b, x87_f80 host,
			uint16_t host_sw, x87_f80 soft, uint16_t soft_sw, uint16_t status_bits)
{
	host_sw &= status_bits;
	soft_sw &= status_bits;
	if (host.sign_exp != soft.sign_exp || host.significand != soft.significand || host_sw != soft_sw)
		report(what, cw, a, b, host.sign_exp, host.significand, host_sw, soft.sign_exp,
		       soft.significand, soft_sw);
}

#define BINARY_ASM(insn, a, b, cw, r, sw)                                                      \
	__asm__ volatile("fninit\n\tfldcw %[c]\n\tfldt %[y]\n\tfldt %[x]\n\t" insn                \
			 "\n\tfnstsw %[s]\n\tfstpt %[o]\n\tfstp %%st(0)"                           \
			 : [o] "=m"(r), [s] "=m"(sw)                                               \
			 : [x] "m"(a), [y] "m"(b), [c] "m"(cw))
#define UNARY_ASM(insn, a, cw, r, sw)                                                          \
	__asm__ volatile("fninit\n\tfldcw %[c]\n\tfldt %[x]\n\t" insn "\n\tfnstsw %[s]\n\tfstpt %[o]" \
			 : [o] "=m"(r), [s] "=m"(sw)                                               \
			 : [x] "m"(a), [c] "m"(cw))
#define STORE_ASM(insn, a, cw, r, sw)                                                          \
	__asm__ volatile("fninit\n\tfldcw %[c]\n\tfldt %[x]\n\t" insn " %[o]\n\tfnstsw %[s]"     \
			 : [o] "=m"(r), [s] "=m"(sw)                                               \
			 : [x] "m"(a), [c] "m"(cw))
#define LOAD_ASM(insn, m, cw, r, sw)                                                           \
	__asm__ volatile("fninit\n\tfldcw %[c]\n\t" insn " %[x]\n\tfnstsw %[s]\n\tfstpt %[o]"     \
			 : [o] "=m"(r), [s] "=m"(sw)                                               \
			 : [x] "m"(m), [c] "m"(cw))

/* With exceptions unmasked the faulting instruction leaves an exception
 * pending that the next waiting instruction would deliver (SIGFPE);
 * FNSAVE does not wait: it dumps the status word (byte 4) and the
 * registers (ST(0) at byte 28, ST(1) at 38) and reinitializes the FPU. */
#define BINARY_SAVE_ASM(insn, a, b, cw, image)                                                 \
	__asm__ volatile("fninit\n\tfldcw %[c]\n\tfldt %[y]\n\tfldt %[x]\n\t" insn                \
			 "\n\tfnsave %[i]"                                                         \
			 : [i] "=m"(image)                                                         \
			 : [x] "m"(a), [y] "m"(b), [c] "m"(cw))
#define UNARY_SAVE_ASM(insn, a, cw, image)                                                     \
	__asm__ volatile("fninit\n\tfldcw %[c]\n\tfldt %[x]\n\t" insn "\n\tfnsave %[i]"        \
			 : [i] "=m"(image)                                                         \
			 : [x] "m"(a), [c] "m"(cw))
#define STORE_SAVE_ASM(insn, a, cw, r, image)                                                  \
	__asm__ volatile("fninit\n\tfldcw %[c]\n\tfldt %[x]\n\t" insn " %[o]\n\tfnsave %[i]"   \
			 : [o] "+m"(r), [i] "=m"(image)                                            \
			 : [x] "m"(a), [c] "m"(cw))

static uint16_t saved_status(const uint8_t image[108])
{
	uint16_t sw;
	memcpy(&sw, image + 4, 2);
	return sw;
}

static x87_f80 saved_register(const uint8_t image[108], int i)
{
	x87_f80 v;
	memcpy(&v.significand, image + 28 + 10 * i, 8);
	memcpy(&v.sign_exp, image + 36 + 10 * i, 2);
	return v;
}

/* Exception flags plus the condition codes a given instruction defines. */
#define FLAGS X87_EX_ALL
#define FLAGS_C1 (X87_EX_ALL | X87_C1)
#define FLAGS_CC (X87_EX_ALL | X87_C0 | X87_C1 | X87_C2 | X87_C3)

static void check_binary(test_rng *rng, x87_f80 a, x87_f80 b)
{
	uint16_t cw = random_control(rng);
	x87_f80 host = { 0, 0 }, soft;
	uint16_t sw = 0;
	x87_env env;

	BINARY_ASM("fprem", a, b, cw, host, sw);
	env = x87_env_from_control(cw);
	soft = x87_prem(&env, a, b);
	compare_f80("fprem", cw, a, b, host, sw, soft, env.flags | env.cc,
		    x87_is_nan(soft) || (env.flags & X87_EX_INVALID) ? FLAGS : FLAGS_CC);

	BINARY_ASM("fprem1", a, b, cw, host, sw);
	env = x87_env_from_control(cw);
	soft = x87_prem1(&env, a, b);
	compare_f80("fprem1", cw, a, b, host, sw, soft, env.flags | env.cc,
		    x87_is_nan(soft) || (env.flags & X87_EX_INVALID) ? FLAGS : FLAGS_CC);

	BINARY_ASM("fscale", a, b, cw, host, sw);
	env = x87_env_from_control(cw);
	soft = x87_scale(&env, a, b);
	compare_f80("fscale", cw, a, b, host, sw, soft, env.flags | env.cc, FLAGS_C1);

	/* FSCALE by a small integer (random b rarely is one), and FPREM with
	 * exponent differences around the 64-bit partial-reduction limit. */
	x87_f80 scale = x87_from_int32((int32_t)test_rng_below(rng, 140000) - 70000);
	if (test_rng_below(rng, 2))
		scale = x87_from_int32((int32_t)test_rng_below(rng, 200) - 100);
	BINARY_ASM("fscale", a, scale, cw, host, sw);
	env = x87_env_from_control(cw);
	soft = x87_scale(&env, a, scale);
	compare_f80("fscale-int", cw, a, scale, host, sw, soft, env.flags | env.cc, FLAGS_C1);

	uint16_t ea = x87_exponent(a);
	if (ea > 200 && ea < X87_EXP_MAX) {
		x87_f80 divisor = x87_make(x87_sign(b), (uint16_t)(ea - test_rng_below(rng, 200)),
					   b.significand | X87_INTEGER_BIT);
		BINARY_ASM("fprem", a, divisor, cw, host, sw);
		env = x87_env_from_control(cw);
		soft = x87_prem(&env, a, divisor);
		compare_f80("fprem-near", cw, a, divisor, host, sw, soft, env.flags | env.cc,
			    x87_is_nan(soft) || (env.flags & X87_EX_INVALID) ? FLAGS : FLAGS_CC);
		BINARY_ASM("fprem1", a, divisor, cw, host, sw);
		env = x87_env_from_control(cw);
		soft = x87_prem1(&env, a, divisor);
		compare_f80("fprem1-near", cw, a, divisor, host, sw, soft, env.flags | env.cc,
			    x87_is_nan(soft) || (env.flags & X87_EX_INVALID) ? FLAGS : FLAGS_CC);
	}

	BINARY_ASM("fcom %%st(1)", a, b, cw, host, sw);
	env = x87_env_from_control(cw);
	uint16_t cc = x87_relation_cc(x87_compare(&env, a, b));
	compare_f80("fcom", cw, a, b, host, sw, host, env.flags | cc,
		    X87_EX_ALL | X87_C0 | X87_C2 | X87_C3);

	BINARY_ASM("fucom %%st(1)", a, b, cw, host, sw);
	env = x87_env_from_control(cw);
	cc = x87_relation_cc(x87_compare_quiet(&env, a, b));
	compare_f80("fucom", cw, a, b, host, sw, host, env.flags | cc,
		    X87_EX_ALL | X87_C0 | X87_C2 | X87_C3);
}

static void check_unary(test_rng *rng, x87_f80 a)
{
	static const x87_f80 none = { 0, 0 };
	uint16_t cw = random_control(rng);
	x87_f80 host = { 0, 0 }, soft;
	uint16_t sw = 0;
	x87_env env;

	UNARY_ASM("frndint", a, cw, host, sw);
	env = x87_env_from_control(cw);
	soft = x87_round_to_int(&env, a);
	compare_f80("frndint", cw, a, none, host, sw, soft, env.flags | env.cc, FLAGS_C1);

	{
		x87_f80 host_exp = { 0, 0 }, soft_exp;
		__asm__ volatile("fninit\n\tfldcw %[c]\n\tfldt %[x]\n\tfxtract\n\tfnstsw %[s]\n\t"
				 "fstpt %[o]\n\tfstpt %[e]"
				 : [o] "=m"(host), [e] "=m"(host_exp), [s] "=m"(sw)
				 : [x] "m"(a), [c] "m"(cw));
		env = x87_env_from_control(cw);
		soft = x87_extract(&env, a, &soft_exp);
		compare_f80("fxtract", cw, a, none, host, sw, soft, env.flags | env.cc, FLAGS);
		compare_f80("fxtract-exponent", cw, a, none, host_exp, sw, soft_exp, env.flags | env.cc,
			    FLAGS);
	}

	{
		int16_t h16 = 0;
		int32_t h32 = 0;
		int64_t h64 = 0;
		STORE_ASM("fistps", a, cw, h16, sw);
		env = x87_env_from_control(cw);
		int16_t s16 = x87_to_int16(&env, a);
		if (h16 != s16 || (sw & FLAGS_C1) != ((env.flags | env.cc) & FLAGS_C1))
			report("fist16", cw, a, none, 0, (uint16_t)h16, sw & FLAGS_C1, 0, (uint16_t)s16,
			       (env.flags | env.cc) & FLAGS_C1);
		STORE_ASM("fistpl", a, cw, h32, sw);
		env = x87_env_from_control(cw);
		int32_t s32 = x87_to_int32(&env, a);
		if (h32 != s32 || (sw & FLAGS_C1) != ((env.flags | env.cc) & FLAGS_C1))
			report("fist32", cw, a, none, 0, (uint32_t)h32, sw & FLAGS_C1, 0, (uint32_t)s32,
			       (env.flags | env.cc) & FLAGS_C1);
		STORE_ASM("fistpll", a, cw, h64, sw);
		env = x87_env_from_control(cw);
		int64_t s64 = x87_to_int64(&env, a);
		if (h64 != s64 || (sw & FLAGS_C1) != ((env.flags | env.cc) & FLAGS_C1))
			report("fist64", cw, a, none, 0, (uint64_t)h64, sw & FLAGS_C1, 0, (uint64_t)s64,
			       (env.flags | env.cc) & FLAGS_C1);
		STORE_ASM("fisttpll", a, cw, h64, sw);
		env = x87_env_from_control(cw);
		s64 = x87_to_int64_trunc(&env, a);
		if (h64 != s64 || (sw & FLAGS_C1) != ((env.flags | env.cc) & FLAGS_C1))
			report("fisttp64", cw, a, none, 0, (uint64_t)h64, sw & FLAGS_C1, 0,
			       (uint64_t)s64, (env.flags | env.cc) & FLAGS_C1);
		STORE_ASM("fisttps", a, cw, h16, sw);
		env = x87_env_from_control(cw);
		s16 = x87_to_int16_trunc(&env, a);
		if (h16 != s16 || (sw & FLAGS_C1) != ((env.flags | env.cc) & FLAGS_C1))
			report("fisttp16", cw, a, none, 0, (uint16_t)h16, sw & FLAGS_C1, 0,
			       (uint16_t)s16, (env.flags | env.cc) & FLAGS_C1);
	}

	{
		uint32_t h32 = 0;
		uint64_t h64 = 0;
		STORE_ASM("fstps", a, cw, h32, sw);
		env = x87_env_from_control(cw);
		uint32_t s32 = x87_to_f32(&env, a);
		if (h32 != s32 || (sw & FLAGS_C1) != ((env.flags | env.cc) & FLAGS_C1))
			report("fst32", cw, a, none, 0, h32, sw & FLAGS_C1, 0, s32,
			       (env.flags | env.cc) & FLAGS_C1);
		STORE_ASM("fstpl", a, cw, h64, sw);
		env = x87_env_from_control(cw);
		uint64_t s64 = x87_to_f64(&env, a);
		if (h64 != s64 || (sw & FLAGS_C1) != ((env.flags | env.cc) & FLAGS_C1))
			report("fst64", cw, a, none, 0, h64, sw & FLAGS_C1, 0, s64,
			       (env.flags | env.cc) & FLAGS_C1);
	}

	{
		uint8_t hb[10] = { 0 }, sb[10];
		STORE_ASM("fbstp", a, cw, hb, sw);
		env = x87_env_from_control(cw);
		x87_to_bcd(&env, a, sb);
		if (memcmp(hb, sb, 10) || (sw & FLAGS_C1) != ((env.flags | env.cc) & FLAGS_C1)) {
			uint64_t hh, hl, sh, sl;
			memcpy(&hl, hb, 8);
			memcpy(&sl, sb, 8);
			hh = (uint64_t)hb[8] | (uint64_t)hb[9] << 8;
			sh = (uint64_t)sb[8] | (uint64_t)sb[9] << 8;
			report("fbstp", cw, a, none, hh, hl, sw & FLAGS_C1, sh, sl,
			       (env.flags | env.cc) & FLAGS_C1);
		}
	}
}

/* The same instructions with a random set of exceptions unmasked.  An
 * unmasked IE, ZE or DE leaves the registers as they were; an unmasked
 * OE or UE stores the biased result to a register, and nothing to
 * memory (SDM 8.5.4, 8.5.5). */
static void check_unmasked(test_rng *rng, x87_f80 a, x87_f80 b)
{
	static const x87_f80 none = { 0, 0 };
	uint16_t cw = (uint16_t)((random_control(rng) & ~X87_EX_ALL) | test_rng_below(rng, 64));
	uint8_t image[108];
	x87_env env;
	x87_f80 soft;
	const uint8_t stop = X87_EX_INVALID | X87_EX_ZERODIV | X87_EX_DENORMAL;

	BINARY_SAVE_ASM("fprem", a, b, cw, image);
	env = x87_env_from_control(cw);
	soft = x87_prem(&env, a, b);
	if (x87_unmasked(&env) & stop)
		soft = a;
	compare_f80("fprem-unmasked", cw, a, b, saved_register(image, 0), saved_status(image), soft,
		    env.flags | env.cc,
		    x87_is_nan(soft) || (env.flags & X87_EX_INVALID) ? FLAGS : FLAGS_CC);

	BINARY_SAVE_ASM("fprem1", a, b, cw, image);
	env = x87_env_from_control(cw);
	soft = x87_prem1(&env, a, b);
	if (x87_unmasked(&env) & stop)
		soft = a;
	compare_f80("fprem1-unmasked", cw, a, b, saved_register(image, 0), saved_status(image), soft,
		    env.flags | env.cc,
		    x87_is_nan(soft) || (env.flags & X87_EX_INVALID) ? FLAGS : FLAGS_CC);

	x87_f80 scale = x87_from_int32((int32_t)test_rng_below(rng, 140000) - 70000);
	BINARY_SAVE_ASM("fscale", a, scale, cw, image);
	env = x87_env_from_control(cw);
	soft = x87_scale(&env, a, scale);
	if (x87_unmasked(&env) & stop)
		soft = a;
	compare_f80("fscale-unmasked", cw, a, scale, saved_register(image, 0), saved_status(image),
		    soft, env.flags | env.cc, FLAGS_C1);

	UNARY_SAVE_ASM("frndint", a, cw, image);
	env = x87_env_from_control(cw);
	soft = x87_round_to_int(&env, a);
	if (x87_unmasked(&env) & stop)
		soft = a;
	compare_f80("frndint-unmasked", cw, a, none, saved_register(image, 0), saved_status(image),
		    soft, env.flags | env.cc, FLAGS_C1);

	{
		/* Unmasked: nothing stored, the sentinel stays. */
		const uint8_t no_store = X87_EX_INVALID | X87_EX_OVERFLOW | X87_EX_UNDERFLOW | X87_EX_DENORMAL;
		uint32_t h32 = 0x5A5A5A5Au;
		uint64_t h64 = UINT64_C(0x5A5A5A5A5A5A5A5A);
		STORE_SAVE_ASM("fstps", a, cw, h32, image);
		env = x87_env_from_control(cw);
		uint32_t s32 = x87_to_f32(&env, a);
		if (x87_unmasked(&env) & no_store)
			s32 = 0x5A5A5A5Au;
		uint16_t sw = saved_status(image);
		if (h32 != s32 || (sw & FLAGS_C1) != ((env.flags | env.cc) & FLAGS_C1))
			report("fst32-unmasked", cw, a, none, 0, h32, sw & FLAGS_C1, 0, s32,
			       (env.flags | env.cc) & FLAGS_C1);
		STORE_SAVE_ASM("fstpl", a, cw, h64, image);
		env = x87_env_from_control(cw);
		uint64_t s64 = x87_to_f64(&env, a);
		if (x87_unmasked(&env) & no_store)
			s64 = UINT64_C(0x5A5A5A5A5A5A5A5A);
		sw = saved_status(image);
		if (h64 != s64 || (sw & FLAGS_C1) != ((env.flags | env.cc) & FLAGS_C1))
			report("fst64-unmasked", cw, a, none, 0, h64, sw & FLAGS_C1, 0, s64,
			       (env.flags | env.cc) & FLAGS_C1);
		int32_t i32 = 0x5A5A5A5A;
		STORE_SAVE_ASM("fistpl", a, cw, i32, image);
		env = x87_env_from_control(cw);
		int32_t si32 = x87_to_int32(&env, a);
		if (x87_unmasked(&env) & no_store)
			si32 = 0x5A5A5A5A;
		sw = saved_status(image);
		if (i32 != si32 || (sw & FLAGS_C1) != ((env.flags | env.cc) & FLAGS_C1))
			report("fist32-unmasked", cw, a, none, 0, (uint32_t)i32, sw & FLAGS_C1, 0,
			       (uint32_t)si32, (env.flags | env.cc) & FLAGS_C1);
	}
}

#define MEMORY_ASM(insn, a, m, cw, r, sw)                                                      \
	__asm__ volatile("fninit\n\tfldcw %[c]\n\tfldt %[x]\n\t" insn " %[y]\n\tfnstsw %[s]\n\t"  \
			 "fstpt %[o]"                                                              \
			 : [o] "=m"(r), [s] "=m"(sw)                                               \
			 : [x] "m"(a), [y] "m"(m), [c] "m"(cw))

/* A random single or double image, biased toward denormals and NaNs. */
static uint64_t random_ieee_bits(test_rng *rng, bool single)
{
	uint64_t r = test_rng_next(rng);
	uint64_t exp_mask = single ? UINT64_C(0x7F800000) : UINT64_C(0x7FF0000000000000);
	switch (test_rng_below(rng, 4)) {
	case 0:
		r &= ~exp_mask;
		break;
	case 1:
		r |= exp_mask;
		break;
	default:
		break;
	}
	return single ? (uint32_t)r : r;
}

/* ST(0) op m32fp/m64fp and FCOM m32fp/m64fp. */
static void check_memory_operands(test_rng *rng, x87_f80 a)
{
	static const x87_f80 none = { 0, 0 };
	uint16_t cw = random_control(rng);
	x87_f80 host = { 0, 0 }, soft;
	uint16_t sw = 0;
	x87_env env;
	uint32_t m32 = (uint32_t)random_ieee_bits(rng, true);
	uint64_t m64 = random_ieee_bits(rng, false);
	x87_f80 b32 = { m32, 0 }, b64 = { m64, 0 }; /* shown as b in reports */

#define CHECK_M32(insn, op)                                                                    \
	MEMORY_ASM(insn, a, m32, cw, host, sw);                                                \
	env = x87_env_from_control(cw);                                                        \
	soft = x87_arith_f32(&env, op, a, m32);                                                \
	compare_f80(insn, cw, a, b32, host, sw, soft, env.flags | env.cc, FLAGS_C1)
#define CHECK_M64(insn, op)                                                                    \
	MEMORY_ASM(insn, a, m64, cw, host, sw);                                                \
	env = x87_env_from_control(cw);                                                        \
	soft = x87_arith_f64(&env, op, a, m64);                                                \
	compare_f80(insn, cw, a, b64, host, sw, soft, env.flags | env.cc, FLAGS_C1)
	CHECK_M32("fadds", X87_ARITH_ADD);
	CHECK_M32("fsubs", X87_ARITH_SUB);
	CHECK_M32("fsubrs", X87_ARITH_SUBR);
	CHECK_M32("fmuls", X87_ARITH_MUL);
	CHECK_M32("fdivs", X87_ARITH_DIV);
	CHECK_M32("fdivrs", X87_ARITH_DIVR);
	CHECK_M64("faddl", X87_ARITH_ADD);
	CHECK_M64("fsubl", X87_ARITH_SUB);
	CHECK_M64("fsubrl", X87_ARITH_SUBR);
	CHECK_M64("fmull", X87_ARITH_MUL);
	CHECK_M64("fdivl", X87_ARITH_DIV);
	CHECK_M64("fdivrl", X87_ARITH_DIVR);
#undef CHECK_M32
#undef CHECK_M64

	MEMORY_ASM("fcoms", a, m32, cw, host, sw);
	env = x87_env_from_control(cw);
	uint16_t cc = x87_relation_cc(x87_compare_f32(&env, a, m32));
	compare_f80("fcoms", cw, a, b32, host, sw, host, env.flags | cc,
		    X87_EX_ALL | X87_C0 | X87_C2 | X87_C3);
	MEMORY_ASM("fcoml", a, m64, cw, host, sw);
	env = x87_env_from_control(cw);
	cc = x87_relation_cc(x87_compare_f64(&env, a, m64));
	compare_f80("fcoml", cw, a, b64, host, sw, host, env.flags | cc,
		    X87_EX_ALL | X87_C0 | X87_C2 | X87_C3);
	(void)none;
}

/* FLD1, FLDZ, FLDPI, FLDL2E, FLDL2T, FLDLG2, FLDLN2 in every rounding mode
 * and precision; FXAM and FTST of an operand. */
static void check_constants_and_classes(test_rng *rng, x87_f80 a)
{
	static const x87_f80 none = { 0, 0 };
	uint16_t cw = random_control(rng);
	x87_f80 host = { 0, 0 }, soft;
	uint16_t sw = 0;
	x87_env env;
#define CHECK_CONSTANT(insn, which)                                                             \
	__asm__ volatile("fninit\n\tfldcw %[c]\n\t" insn "\n\tfnstsw %[s]\n\tfstpt %[o]"            \
			 : [o] "=m"(host), [s] "=m"(sw)                                            \
			 : [c] "m"(cw));                                                           \
	env = x87_env_from_control(cw);                                                        \
	soft = x87_constant(&env, which);                                                      \
	compare_f80(insn, cw, none, none, host, sw, soft, env.flags | env.cc, FLAGS_C1)
	CHECK_CONSTANT("fld1", X87_CONST_ONE);
	CHECK_CONSTANT("fldz", X87_CONST_ZERO);
	CHECK_CONSTANT("fldpi", X87_CONST_PI);
	CHECK_CONSTANT("fldl2e", X87_CONST_L2E);
	CHECK_CONSTANT("fldl2t", X87_CONST_L2T);
	CHECK_CONSTANT("fldlg2", X87_CONST_LG2);
	CHECK_CONSTANT("fldln2", X87_CONST_LN2);
#undef CHECK_CONSTANT

	UNARY_ASM("fxam", a, cw, host, sw);
	compare_f80("fxam", cw, a, none, host, sw, host, x87_examine(a, false), FLAGS_CC);

	UNARY_ASM("ftst", a, cw, host, sw);
	env = x87_env_from_control(cw);
	uint16_t cc = x87_relation_cc(x87_compare(&env, a, x87_zero(false)));
	compare_f80("ftst", cw, a, none, host, sw, host, env.flags | cc,
		    X87_EX_ALL | X87_C0 | X87_C2 | X87_C3);
}

/* Loads of random memory images. */
static void check_loads(test_rng *rng)
{
	static const x87_f80 none = { 0, 0 };
	uint16_t cw = random_control(rng);
	x87_f80 host = { 0, 0 }, soft;
	uint16_t sw = 0;
	x87_env env;
	uint64_t r = test_rng_next(rng);
	/* Bias toward the special exponents. */
	switch (test_rng_below(rng, 4)) {
	case 0:
		r &= ~UINT64_C(0x7FF0000000000000) & ~UINT64_C(0x7F800000);
		break;
	case 1:
		r |= UINT64_C(0x7FF0000000000000) | UINT64_C(0x7F800000);
		break;
	default:
		break;
	}
	uint32_t f32 = (uint32_t)r;
	LOAD_ASM("flds", f32, cw, host, sw);
	env = x87_env_from_control(cw);
	soft = x87_from_f32(&env, f32);
	compare_f80("fld32", cw, none, none, host, sw, soft, env.flags | env.cc, FLAGS);

	LOAD_ASM("fldl", r, cw, host, sw);
	env = x87_env_from_control(cw);
	soft = x87_from_f64(&env, r);
	compare_f80("fld64", cw, none, none, host, sw, soft, env.flags | env.cc, FLAGS);

	int64_t i64 = (int64_t)(r >> test_rng_below(rng, 64));
	if (r & 1)
		i64 = -i64;
	LOAD_ASM("fildll", i64, cw, host, sw);
	soft = x87_from_int64(i64);
	compare_f80("fild64", cw, none, none, host, sw, soft, 0, FLAGS);

	uint8_t bcd[10];
	for (int i = 0; i < 9; i++)
	{
		uint32_t high = test_rng_below(rng, 10);
		bcd[i] = (uint8_t)(high << 4 | test_rng_below(rng, 10));
	}
	bcd[9] = (uint8_t)(test_rng_next(rng) & 0x80);
	if (test_rng_below(rng, 8) == 0)
		memset(bcd, 0, 9);
	LOAD_ASM("fbld", bcd, cw, host, sw);
	soft = x87_from_bcd(bcd);
	compare_f80("fbld", cw, none, none, host, sw, soft, 0, FLAGS);
}
#endif

START_TEST(test_other_operations_against_host_x87)
{
#if HAVE_HOST_X87
	test_rng rng = { UINT64_C(0x2545F4914F6CDD1D) };
	unsigned long count = operand_count();
	differences = 0;
	for (unsigned long i = 0; i < count; i++) {
		x87_f80 a = test_random_any(&rng);
		x87_f80 b = test_random_partner(&rng, a, false);
		check_binary(&rng, a, b);
		check_unary(&rng, a);
		check_loads(&rng);
		check_memory_operands(&rng, a);
		check_constants_and_classes(&rng, a);
		if (test_rng_below(&rng, 4) == 0)
			check_unmasked(&rng, a, b);
	}
	printf("host x87 (fprem, fprem1, fscale, fcom, fucom, frndint, fxtract, fist, fisttp, fst, "
	       "fld, fild, fbstp, fbld, arithmetic and fcom with m32/m64 operands, constants, fxam, ftst; a quarter again with exceptions unmasked): %lu operand "
	       "pairs, %lu differences\n",
	       count, differences);
	ck_assert_uint_eq(differences, 0);
#else
	printf("host x87: not an x86 host; nothing compared\n");
#endif
}
END_TEST

int main(void)
{
	Suite *suite = suite_create("fpu-host-x87-other");
	TCase *tc = tcase_create("differential");
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_other_operations_against_host_x87);
	suite_add_tcase(suite, tc);
	SRunner *runner = srunner_create(suite);
	srunner_run_all(runner, CK_NORMAL);
	int failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
