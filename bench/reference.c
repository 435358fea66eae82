/* The benchmark workload's algorithms in plain C, to compute the checksum
 * that bench/workload.asm must print, without glasspc.
 *
 * Each function below is one phase of bench/workload.asm, written from
 * the description of what the phase computes (not as an x86 simulation),
 * so that a CPU bug changes the guest's checksum but not this one.
 * Prints "checksum XXXXXXXX", the line the guest writes every round. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* Work per round: the constants of bench/workload.asm. */
#define ARITH_N 3000u
#define CALLS_N 8000u
#define SIEVE_N 8192u
#define BUF_SIZE 8192u
#define SORT_N 256u
#define VM_N 1500u

static uint32_t rol32(uint32_t v, unsigned n)
{
	n &= 31;
	return n ? (v << n) | (v >> (32 - n)) : v;
}

/* The round's checksum: every phase folds its result in. */
struct checksum {
	uint32_t value;
};

static void checksum_mix(struct checksum *sum, uint32_t result)
{
	sum->value = rol32(sum->value, 5) + result;
}

static uint32_t phase_arith(void)
{
	uint32_t x = 0x12345678u, acc = 0;
	for (uint32_t i = ARITH_N; i > 0; i--) {
		x = x * 1664525u + 1013904223u;
		uint64_t product = (uint64_t)x * 0x9E3779B1u;
		uint32_t hi = (uint32_t)(product >> 32), lo = (uint32_t)product;
		acc += hi ^ lo;
		uint32_t d = (x >> 8) | 1;
		acc = (acc ^ (acc / d)) + acc % d;
		uint64_t dividend = (uint64_t)(hi >> 1) << 32 | lo;
		acc += (uint32_t)(dividend / (hi | 0x80000000u));
		int16_t s = (int16_t)(uint16_t)x; /* the low word, as a signed number */
		int dv = (int)(i & 0x7F) + 1;
		uint16_t quotient = (uint16_t)(s / dv), remainder = (uint16_t)(s % dv);
		acc ^= quotient | (uint32_t)remainder << 16;
	}
	return acc;
}

/* Leaves buffer b filled as the guest's buffer B, which the CRC phase
 * reads next. */
static uint32_t phase_memory(uint8_t *a, uint8_t *b)
{
	memset(b, 0xA5, BUF_SIZE);
	for (uint32_t k = 0; k < BUF_SIZE; k++)
		a[k] = (uint8_t)(k * 7 + 3);
	memcpy(b, a, 4096);
	memcpy(b + 4099, a + 1, 2048);
	for (uint32_t k = 0; k < 1500; k++)
		b[6600 + k] = (uint8_t)(a[3000 + k] + k);
	uint32_t s = 0;
	for (uint32_t k = 0; k < BUF_SIZE; k++)
		s = rol32(s, 3) ^ b[k];
	return s;
}

static uint32_t times5_plus1(uint32_t x) { return x * 5 + 1; }
static uint32_t rotate_xor(uint32_t x) { return rol32(x, 5) ^ 0x5A5A5A5Au; }
static uint32_t shrink_then_times5(uint32_t x) { return times5_plus1(x - (x >> 3)); }
static uint32_t shift_xor_not(uint32_t x) { return ~(x ^ (x << 7)); }

static uint32_t phase_calls(void)
{
	static uint32_t (*const functions[4])(uint32_t) = {
		times5_plus1, rotate_xor, shrink_then_times5, shift_xor_not,
	};
	uint32_t x = 0x0BADF00Du;
	for (uint32_t i = CALLS_N; i > 0; i--) {
		x = functions[x & 3](x);
		x += i;
	}
	return x;
}

static uint32_t phase_sieve(void)
{
	static uint8_t prime[SIEVE_N];
	memset(prime, 1, sizeof(prime));
	prime[0] = prime[1] = 0;
	for (uint32_t i = 2; i * i < SIEVE_N; i++)
		if (prime[i])
			for (uint32_t j = i * i; j < SIEVE_N; j += i)
				prime[j] = 0;
	uint32_t count = 0, sum = 0;
	for (uint32_t k = 0; k < SIEVE_N; k++)
		if (prime[k]) {
			count++;
			sum += k;
		}
	return count << 16 ^ sum;
}

static uint32_t phase_crc(const uint8_t *b)
{
	uint32_t table[256];
	for (uint32_t n = 0; n < 256; n++) {
		uint32_t c = n;
		for (int bit = 0; bit < 8; bit++)
			c = (c & 1) ? (c >> 1) ^ 0xEDB88320u : c >> 1;
		table[n] = c;
	}
	uint32_t crc = 0xFFFFFFFFu;
	for (uint32_t k = 0; k < BUF_SIZE; k++)
		crc = table[(crc ^ b[k]) & 0xFF] ^ (crc >> 8);
	return ~crc;
}

static uint32_t phase_sort(void)
{
	uint32_t a[SORT_N], x = 0xC0FFEE11u;
	for (uint32_t k = 0; k < SORT_N; k++) {
		x = x * 1103515245u + 12345u;
		a[k] = x;
	}
	for (uint32_t k = 1; k < SORT_N; k++) {
		uint32_t v = a[k], j = k;
		for (; j > 0 && a[j - 1] > v; j--)
			a[j] = a[j - 1];
		a[j] = v;
	}
	uint32_t sum = 0;
	for (uint32_t k = 0; k < SORT_N; k++)
		sum += a[k] * (k + 1);
	return sum;
}

/* What the bytecode program computes (its source is at vm_program in
 * bench/workload.asm), written directly. */
static uint32_t phase_bytecode(void)
{
	uint32_t mem[256] = {0};
	uint32_t acc = 0, lcg = 12345;
	const uint32_t constant = 0x9E3779B9u;
	for (uint32_t n = 0; n < VM_N; n++) {
		lcg = lcg * 75 + 74;
		uint32_t index = (lcg >> 7) & 255;
		uint32_t value = (mem[index] ^ lcg) + constant;
		mem[index] = value;
		acc = rol32(acc + value, 3);
	}
	return acc ^ lcg;
}

int main(void)
{
	static uint8_t a[BUF_SIZE], b[BUF_SIZE];
	struct checksum sum = {0};
	checksum_mix(&sum, phase_arith());
	checksum_mix(&sum, phase_memory(a, b));
	checksum_mix(&sum, phase_calls());
	checksum_mix(&sum, phase_sieve());
	checksum_mix(&sum, phase_crc(b));
	checksum_mix(&sum, phase_sort());
	checksum_mix(&sum, phase_bytecode());
	printf("checksum %08" PRIX32 "\n", sum.value);
	return 0;
}
