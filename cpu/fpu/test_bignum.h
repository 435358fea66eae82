/* A small unsigned big-integer type for the tests' exact reference
 * arithmetic: little-endian 32-bit words, fixed capacity (enough for two
 * extended values aligned across the whole exponent range). */
#ifndef GLASSPC_CPU_FPU_TEST_BIGNUM_H
#define GLASSPC_CPU_FPU_TEST_BIGNUM_H

#include <stdbool.h>
#include <stdint.h>

#define BIG_WORDS 1100

typedef struct big {
	int n; /* words in use; w[n-1] != 0 unless n == 0 */
	uint32_t w[BIG_WORDS];
} big;

void big_set_u64(big *r, uint64_t v);
bool big_is_zero(const big *a);
/* Number of significant bits (0 for zero). */
int big_bit_length(const big *a);
bool big_test_bit(const big *a, int bit);
uint64_t big_low_u64(const big *a);
int big_compare(const big *a, const big *b);
void big_shift_left(big *r, const big *a, int bits);
void big_shift_right(big *r, const big *a, int bits);
/* True when any of the low `bits` bits is set. */
bool big_low_bits_nonzero(const big *a, int bits);
void big_add(big *r, const big *a, const big *b);
/* r = a - b, requires a >= b. */
void big_sub(big *r, const big *a, const big *b);
void big_mul(big *r, const big *a, const big *b);
/* q = a / b, rem = a % b (b non-zero); binary long division. */
void big_divmod(big *q, big *rem, const big *a, const big *b);
/* floor(sqrt(a)) by Newton's iteration. */
void big_isqrt(big *r, const big *a);

#endif
