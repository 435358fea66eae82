/* The tests' small big-integer arithmetic. */
#include "cpu/fpu/test_bignum.h"

#include <stdlib.h>
#include <string.h>

static void normalize(big *r)
{
	while (r->n > 0 && r->w[r->n - 1] == 0)
		r->n--;
}

static void check_capacity(int n)
{
	if (n > BIG_WORDS)
		abort();
}

void big_set_u64(big *r, uint64_t v)
{
	r->w[0] = (uint32_t)v;
	r->w[1] = (uint32_t)(v >> 32);
	r->n = 2;
	normalize(r);
}

bool big_is_zero(const big *a) { return a->n == 0; }

int big_bit_length(const big *a)
{
	if (a->n == 0)
		return 0;
	int bits = 32 * (a->n - 1);
	for (uint32_t top = a->w[a->n - 1]; top; top >>= 1)
		bits++;
	return bits;
}

bool big_test_bit(const big *a, int bit)
{
	int word = bit / 32;
	return word < a->n && ((a->w[word] >> (bit % 32)) & 1);
}

uint64_t big_low_u64(const big *a)
{
	uint64_t lo = a->n > 0 ? a->w[0] : 0, hi = a->n > 1 ? a->w[1] : 0;
	return lo | hi << 32;
}

int big_compare(const big *a, const big *b)
{
	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	for (int i = a->n - 1; i >= 0; i--)
		if (a->w[i] != b->w[i])
			return a->w[i] < b->w[i] ? -1 : 1;
	return 0;
}

void big_shift_left(big *r, const big *a, int bits)
{
	int words = bits / 32, shift = bits % 32;
	if (a->n == 0) {
		r->n = 0;
		return;
	}
	int n = a->n + words + 1;
	check_capacity(n);
	/* From the top down, so that r may be a. */
	int old_n = a->n;
	r->w[old_n + words] = shift ? a->w[old_n - 1] >> (32 - shift) : 0;
	for (int i = old_n - 1; i >= 0; i--) {
		uint32_t w = a->w[i] << shift;
		if (shift && i > 0)
			w |= a->w[i - 1] >> (32 - shift);
		r->w[i + words] = w;
	}
	for (int i = 0; i < words; i++)
		r->w[i] = 0;
	r->n = n;
	normalize(r);
}

void big_shift_right(big *r, const big *a, int bits)
{
	int words = bits / 32, shift = bits % 32;
	if (words >= a->n) {
		r->n = 0;
		return;
	}
	int n = a->n - words;
	for (int i = 0; i < n; i++) {
		uint64_t v = a->w[i + words];
		if (i + words + 1 < a->n)
			v |= (uint64_t)a->w[i + words + 1] << 32;
		r->w[i] = (uint32_t)(v >> shift);
	}
	r->n = n;
	normalize(r);
}

bool big_low_bits_nonzero(const big *a, int bits)
{
	for (int i = 0; i < a->n && i * 32 < bits; i++) {
		uint32_t w = a->w[i];
		if (bits - i * 32 < 32)
			w &= (UINT32_C(1) << (bits - i * 32)) - 1;
		if (w)
			return true;
	}
	return false;
}

void big_add(big *r, const big *a, const big *b)
{
	int n = a->n > b->n ? a->n : b->n;
	check_capacity(n + 1);
	uint64_t carry = 0;
	for (int i = 0; i < n; i++) {
		uint64_t s = carry + (i < a->n ? a->w[i] : 0) + (i < b->n ? b->w[i] : 0);
		r->w[i] = (uint32_t)s;
		carry = s >> 32;
	}
	r->w[n] = (uint32_t)carry;
	r->n = n + 1;
	normalize(r);
}

void big_sub(big *r, const big *a, const big *b)
{
	int64_t borrow = 0;
	for (int i = 0; i < a->n; i++) {
		int64_t d = (int64_t)a->w[i] - (i < b->n ? b->w[i] : 0) - borrow;
		borrow = d < 0;
		r->w[i] = (uint32_t)(d + (borrow ? (INT64_C(1) << 32) : 0));
	}
	r->n = a->n;
	normalize(r);
}

void big_mul(big *r, const big *a, const big *b)
{
	if (r == a || r == b)
		abort(); /* the product is built in place */
	int n = a->n + b->n;
	check_capacity(n);
	memset(r->w, 0, sizeof(uint32_t) * (size_t)n);
	for (int i = 0; i < a->n; i++) {
		uint64_t carry = 0;
		for (int j = 0; j < b->n; j++) {
			uint64_t t = (uint64_t)a->w[i] * b->w[j] + r->w[i + j] + carry;
			r->w[i + j] = (uint32_t)t;
			carry = t >> 32;
		}
		r->w[i + b->n] = (uint32_t)carry;
	}
	r->n = n;
	normalize(r);
}

void big_divmod(big *q, big *rem, const big *a, const big *b)
{
	if (q == a || q == b || rem == a || rem == b || q == rem)
		abort(); /* built in place */
	/* Binary long division: bring down one bit of a at a time. */
	big *r = rem;
	r->n = 0;
	int bits = big_bit_length(a);
	q->n = a->n;
	memset(q->w, 0, sizeof(uint32_t) * (size_t)a->n);
	for (int i = bits - 1; i >= 0; i--) {
		/* r = 2r + bit, in place */
		uint32_t carry = big_test_bit(a, i);
		for (int j = 0; j < r->n; j++) {
			uint32_t w = r->w[j];
			r->w[j] = w << 1 | carry;
			carry = w >> 31;
		}
		if (carry) {
			check_capacity(r->n + 1);
			r->w[r->n++] = carry;
		}
		if (big_compare(r, b) >= 0) {
			big_sub(r, r, b);
			q->w[i / 32] |= UINT32_C(1) << (i % 32);
		}
	}
	normalize(q);
}

/* floor(sqrt(v)) by Newton's iteration on 64-bit integers. */
static uint64_t isqrt_u64(uint64_t v)
{
	if (v < 2)
		return v;
	uint64_t x = v / 2 + 1, y = (x + v / x) / 2;
	while (y < x) {
		x = y;
		y = (x + v / x) / 2;
	}
	return x;
}

void big_isqrt(big *r, const big *a)
{
	if (big_is_zero(a)) {
		r->n = 0;
		return;
	}
	/* Start just above the root: sqrt(a) < (sqrt(top) + 1) * 2^(s/2)
	 * where top = a >> s keeps the leading 62 or so bits. */
	big x, y, q, rem, top;
	int bits = big_bit_length(a);
	int s = bits > 62 ? bits - 62 : 0;
	s += s & 1;
	big_shift_right(&top, a, s);
	big_set_u64(&x, isqrt_u64(big_low_u64(&top)) + 1);
	big_shift_left(&x, &x, s / 2);
	for (;;) {
		big_divmod(&q, &rem, a, &x);
		big_add(&y, &x, &q);
		big_shift_right(&y, &y, 1);
		if (big_compare(&y, &x) >= 0)
			break;
		x = y;
	}
	*r = x;
}
