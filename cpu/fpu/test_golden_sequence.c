/* The fixed sequence behind test_golden.c, kept free of the test
 * framework so that any build (a 32-bit one, another compiler) can run it
 * and print its hash. */
#include "cpu/fpu/test_golden.h"

static uint64_t hash_state;

static void mix(uint64_t v)
{
	/* FNV-1a over 64-bit words */
	hash_state ^= v;
	hash_state *= UINT64_C(0x100000001B3);
}

static void mix_f80(x87_f80 v, const x87_env *env)
{
	mix(v.significand);
	mix((uint64_t)v.sign_exp << 32 | (uint64_t)env->flags << 16 | env->cc);
}

uint64_t test_golden_sequence(unsigned long operands)
{
	test_rng rng = { UINT64_C(0x853C49E6748FEA9B) };
	hash_state = UINT64_C(0xCBF29CE484222325);
	for (unsigned long i = 0; i < operands; i++) {
		x87_f80 a = test_random_any(&rng);
		x87_f80 b = test_random_partner(&rng, a, false);
		/* one draw per statement (evaluation order within an expression
		 * is unspecified) */
		uint16_t cw = (uint16_t)(0x0040 | test_rng_below(&rng, 64));
		cw = (uint16_t)(cw | test_rng_below(&rng, 4) << 8);
		cw = (uint16_t)(cw | test_rng_below(&rng, 4) << 10);
		x87_env env;
#define RUN(expr)                                      \
	do {                                           \
		env = x87_env_from_control(cw);        \
		x87_f80 r_ = (expr);                   \
		mix_f80(r_, &env);                     \
	} while (0)
		RUN(x87_add(&env, a, b));
		RUN(x87_sub(&env, a, b));
		RUN(x87_mul(&env, a, b));
		RUN(x87_div(&env, a, b));
		RUN(x87_sqrt(&env, a));
		RUN(x87_prem(&env, a, b));
		RUN(x87_prem1(&env, a, b));
		RUN(x87_scale(&env, a, b));
		RUN(x87_round_to_int(&env, a));
		RUN(x87_arith_f32(&env, X87_ARITH_DIVR, a, (uint32_t)b.significand));
		RUN(x87_arith_f64(&env, X87_ARITH_SUBR, a, b.significand));
		RUN(x87_from_f32(&env, (uint32_t)(b.significand >> 32)));
		RUN(x87_from_f64(&env, b.significand));
#undef RUN
		/* Each call in its own statement: reading env in the same
		 * expression as the call that writes it would be unsequenced. */
		x87_f80 exponent;
		env = x87_env_from_control(cw);
		x87_f80 significand = x87_extract(&env, a, &exponent);
		mix_f80(significand, &env);
		mix_f80(exponent, &env);
		env = x87_env_from_control(cw);
		uint64_t v = (uint64_t)x87_compare(&env, a, b);
		mix(v << 8 | env.flags);
		env = x87_env_from_control(cw);
		v = (uint64_t)x87_compare_quiet(&env, a, b);
		mix(v << 8 | env.flags);
		env = x87_env_from_control(cw);
		v = (uint16_t)x87_to_int16(&env, a);
		mix(v << 32 | (uint64_t)env.flags << 16 | env.cc);
		env = x87_env_from_control(cw);
		v = (uint32_t)x87_to_int32(&env, a);
		mix(v << 24 | (uint64_t)env.flags << 16 | env.cc);
		env = x87_env_from_control(cw);
		v = (uint64_t)x87_to_int64_trunc(&env, a);
		mix(v ^ ((uint64_t)env.flags << 16 | env.cc));
		env = x87_env_from_control(cw);
		v = x87_to_f32(&env, a);
		mix(v << 24 | (uint64_t)env.flags << 16 | env.cc);
		env = x87_env_from_control(cw);
		v = x87_to_f64(&env, a);
		mix(v ^ ((uint64_t)env.flags << 16 | env.cc));
		uint8_t bcd[10];
		env = x87_env_from_control(cw);
		x87_to_bcd(&env, a, bcd);
		for (int k = 0; k < 10; k++)
			mix(bcd[k]);
		mix(env.flags);
		x87_f80 loaded = x87_from_bcd(bcd);
		mix_f80(loaded, &env);
		mix(x87_examine(a, false));
	}
	return hash_state;
}

