/* Differential test: the soft-float add, sub, mul, div and sqrt against
 * the host's own x87, in every rounding mode and precision (and with some
 * exceptions unmasked), over random operands with the special values
 * mixed in.  Result bits, exception flags and C1 must all agree.  The
 * inline assembly is only here, in the test; on a host without an x87 the
 * test says so and checks nothing (test_reference.c compares against
 * exact big-integer arithmetic on every host). */
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

enum op { OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_SQRT, OP_COUNT };
static const char *const op_names[OP_COUNT] = { "add", "sub", "mul", "div", "sqrt" };

/* The bits compared: the six exception flags and C1. */
#define COMPARED_STATUS (X87_EX_ALL | X87_C1)

#if HAVE_HOST_X87
/* The 80-bit memory image fldt/fstpt use: significand then sign/exponent,
 * little-endian, which is x87_f80's layout on these hosts. */
static void host_binary(enum op op, const x87_f80 *a, const x87_f80 *b, uint16_t cw,
			x87_f80 *result, uint16_t *status)
{
	switch (op) {
	case OP_ADD:
		__asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[b]\n\tfldt %[a]\n\t"
				 "fadd %%st(1), %%st\n\tfnstsw %[sw]\n\tfstpt %[r]\n\tfstp %%st(0)"
				 : [r] "=m"(*result), [sw] "=m"(*status)
				 : [a] "m"(*a), [b] "m"(*b), [cw] "m"(cw));
		break;
	case OP_SUB:
		__asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[b]\n\tfldt %[a]\n\t"
				 "fsub %%st(1), %%st\n\tfnstsw %[sw]\n\tfstpt %[r]\n\tfstp %%st(0)"
				 : [r] "=m"(*result), [sw] "=m"(*status)
				 : [a] "m"(*a), [b] "m"(*b), [cw] "m"(cw));
		break;
	case OP_MUL:
		__asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[b]\n\tfldt %[a]\n\t"
				 "fmul %%st(1), %%st\n\tfnstsw %[sw]\n\tfstpt %[r]\n\tfstp %%st(0)"
				 : [r] "=m"(*result), [sw] "=m"(*status)
				 : [a] "m"(*a), [b] "m"(*b), [cw] "m"(cw));
		break;
	case OP_DIV:
		__asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[b]\n\tfldt %[a]\n\t"
				 "fdiv %%st(1), %%st\n\tfnstsw %[sw]\n\tfstpt %[r]\n\tfstp %%st(0)"
				 : [r] "=m"(*result), [sw] "=m"(*status)
				 : [a] "m"(*a), [b] "m"(*b), [cw] "m"(cw));
		break;
	default:
		__asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[a]\n\t"
				 "fsqrt\n\tfnstsw %[sw]\n\tfstpt %[r]"
				 : [r] "=m"(*result), [sw] "=m"(*status)
				 : [a] "m"(*a), [cw] "m"(cw));
		break;
	}
}

/* The same with some exceptions unmasked.  The faulting instruction leaves
 * an exception pending, which the next waiting x87 instruction would
 * deliver as SIGFPE; FNSAVE does not wait: it dumps the status word and
 * the registers (ST(0) at byte 28 of the 32-bit layout) and reinitializes
 * the FPU, so the host's unmasked response can be read back. */
static void host_binary_unmasked(enum op op, const x87_f80 *a, const x87_f80 *b, uint16_t cw,
				 x87_f80 *result, uint16_t *status)
{
	uint8_t image[108];
	switch (op) {
	case OP_ADD:
		__asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[b]\n\tfldt %[a]\n\t"
				 "fadd %%st(1), %%st\n\tfnsave %[img]"
				 : [img] "=m"(image)
				 : [a] "m"(*a), [b] "m"(*b), [cw] "m"(cw));
		break;
	case OP_SUB:
		__asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[b]\n\tfldt %[a]\n\t"
				 "fsub %%st(1), %%st\n\tfnsave %[img]"
				 : [img] "=m"(image)
				 : [a] "m"(*a), [b] "m"(*b), [cw] "m"(cw));
		break;
	case OP_MUL:
		__asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[b]\n\tfldt %[a]\n\t"
				 "fmul %%st(1), %%st\n\tfnsave %[img]"
				 : [img] "=m"(image)
				 : [a] "m"(*a), [b] "m"(*b), [cw] "m"(cw));
		break;
	case OP_DIV:
		__asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[b]\n\tfldt %[a]\n\t"
				 "fdiv %%st(1), %%st\n\tfnsave %[img]"
				 : [img] "=m"(image)
				 : [a] "m"(*a), [b] "m"(*b), [cw] "m"(cw));
		break;
	default:
		__asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[a]\n\tfsqrt\n\tfnsave %[img]"
				 : [img] "=m"(image)
				 : [a] "m"(*a), [cw] "m"(cw));
		break;
	}
	memcpy(status, image + 4, 2);
	memcpy(&result->significand, image + 28, 8);
	memcpy(&result->sign_exp, image + 36, 2);
}
#endif

static x87_f80 soft_op(enum op op, x87_env *env, x87_f80 a, x87_f80 b)
{
	switch (op) {
	case OP_ADD:
		return x87_add(env, a, b);
	case OP_SUB:
		return x87_sub(env, a, b);
	case OP_MUL:
		return x87_mul(env, a, b);
	case OP_DIV:
		return x87_div(env, a, b);
	default:
		return x87_sqrt(env, a);
	}
}

static unsigned long operand_count(void)
{
	const char *s = getenv("GLASSPC_FPU_HOST_OPERANDS");
	return s ? strtoul(s, NULL, 10) : 1000000ul;
}

START_TEST(test_against_host_x87)
{
#if HAVE_HOST_X87
	/* The reserved encoding 1 included: the host treats it as 64 bits. */
	static const uint8_t precisions[4] = { X87_PREC_24, X87_PREC_53, X87_PREC_64,
					       X87_PREC_RESERVED };
	test_rng rng = { UINT64_C(0x9E3779B97F4A7C15) };
	unsigned long count = operand_count(), compared = 0, differences = 0, unmasked = 0;
	unsigned long by_flag[6] = { 0 }, denormal_results = 0, nan_results = 0;
	for (unsigned long i = 0; i < count; i++) {
		x87_f80 a = test_random_any(&rng);
		x87_f80 b = test_random_partner(&rng, a, false);
		/* Every operand pair goes through each operation, each time in
		 * one of the 12 rounding/precision combinations. */
		for (int op = 0; op < OP_COUNT; op++) {
			uint8_t rc = (uint8_t)test_rng_below(&rng, 4);
			uint8_t pc = precisions[test_rng_below(&rng, 16) ? test_rng_below(&rng, 3) : 3];
			/* One operation in eight with a random set of
			 * exceptions unmasked. */
			uint8_t masks = X87_EX_ALL;
			if (test_rng_below(&rng, 8) == 0)
				masks = (uint8_t)test_rng_below(&rng, 64);
			uint16_t cw = (uint16_t)(0x0040 | masks | pc << 8 | rc << 10);
			x87_f80 host = { 0, 0 };
			uint16_t host_status = 0;
			if (masks == X87_EX_ALL) {
				host_binary((enum op)op, &a, &b, cw, &host, &host_status);
			} else {
				host_binary_unmasked((enum op)op, &a, &b, cw, &host, &host_status);
				unmasked++;
			}
			x87_env env = x87_env_from_control(cw);
			x87_f80 soft = soft_op((enum op)op, &env, a, b);
			/* Unmasked IE, ZE or DE: the x87 leaves ST(0) as it was
			 * (the first operand); the library's caller would not
			 * store. */
			if (x87_unmasked(&env) & (X87_EX_INVALID | X87_EX_ZERODIV | X87_EX_DENORMAL))
				soft = a;
			uint16_t soft_status = (uint16_t)(env.flags | env.cc);
			compared++;
			for (int f = 0; f < 6; f++)
				by_flag[f] += (host_status >> f) & 1;
			denormal_results += x87_exponent(host) == 0 && host.significand != 0;
			nan_results += x87_is_nan(host);
			if (soft.significand != host.significand || soft.sign_exp != host.sign_exp ||
			    (soft_status & COMPARED_STATUS) != (host_status & COMPARED_STATUS)) {
				if (differences++ < 30)
					fprintf(stderr,
						"%s rc=%u pc=%u a=%04x:%016" PRIx64 " b=%04x:%016" PRIx64
						" host=%04x:%016" PRIx64 " sw=%04x soft=%04x:%016" PRIx64
						" sw=%04x\n",
						op_names[op], rc, pc, a.sign_exp, a.significand, b.sign_exp,
						b.significand, host.sign_exp, host.significand,
						host_status & COMPARED_STATUS, soft.sign_exp, soft.significand,
						soft_status & COMPARED_STATUS);
			}
		}
	}
	printf("host x87: %lu operand pairs, %lu operations compared (%lu with exceptions "
	       "unmasked), %lu differences\n",
	       count, compared, unmasked, differences);
	printf("host x87: the host raised IE %lu DE %lu ZE %lu OE %lu UE %lu PE %lu times; "
	       "%lu denormal and %lu NaN results\n",
	       by_flag[0], by_flag[1], by_flag[2], by_flag[3], by_flag[4], by_flag[5], denormal_results,
	       nan_results);
	ck_assert_uint_eq(differences, 0);
#else
	printf("host x87: not an x86 host; compared against the big-integer reference only "
	       "(test_reference)\n");
#endif
}
END_TEST

int main(void)
{
	Suite *suite = suite_create("fpu-host-x87");
	TCase *tc = tcase_create("differential");
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_against_host_x87);
	suite_add_tcase(suite, tc);
	SRunner *runner = srunner_create(suite);
	srunner_run_all(runner, CK_NORMAL);
	int failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
