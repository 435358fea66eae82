/* Random operands for the x87 soft-float tests: a small deterministic
 * generator and a mix of ordinary and special extended values. */
#ifndef GLASSPC_CPU_FPU_TEST_OPERANDS_H
#define GLASSPC_CPU_FPU_TEST_OPERANDS_H

#include "cpu/fpu/x87float.h"

typedef struct test_rng {
	uint64_t state;
} test_rng;

uint64_t test_rng_next(test_rng *rng);
/* Uniform in [0, n). */
uint32_t test_rng_below(test_rng *rng, uint32_t n);

/* Any kind of operand, specials included (zeros, denormals,
 * pseudo-denormals, infinities, NaNs, unsupported encodings, values near
 * the overflow and underflow thresholds). */
x87_f80 test_random_any(test_rng *rng);
/* Only zeros, normals, denormals and pseudo-denormals. */
x87_f80 test_random_finite(test_rng *rng);
/* A second operand related to the first (same or nearby exponent, equal
 * significand, ...) so that cancellation, ties and exact results are
 * exercised, or else an independent one. */
x87_f80 test_random_partner(test_rng *rng, x87_f80 first, bool finite_only);

#endif
