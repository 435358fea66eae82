/* The full-system benchmark's integer mix; see pcbench-work.h.
 *
 * A round runs seven phases, each folding its result into the checksum:
 * arithmetic with MUL, DIV and IDIV; REP STOS/MOVS and byte loops; a
 * table CRC-32 over the buffer those left; a sieve; a heap sort; calls
 * through a table of function pointers; a switch-dispatched bytecode
 * interpreter.  Every phase starts from the round's seed (none depends
 * on state left by the previous run), so the guest's two runs, paging
 * off and on, are independent. */
#include "pcbench-work.h"

#include <stddef.h>

#ifndef PCBENCH_GUEST
#include <string.h>
#endif

#define ARITH_N 6000u
#define BUF_BYTES 16384u
#define SIEVE_N 16384u
#define SORT_N 1024u
#define CALLS_N 12000u
#define VM_MEM_WORDS 256u
#define VM_LOOPS 2500u

static uint8_t buf_a[BUF_BYTES], buf_b[BUF_BYTES];
static uint8_t sieve_flags[SIEVE_N];
static uint32_t crc_table[256];
static uint32_t sort_keys[SORT_N];
static uint32_t vm_mem[VM_MEM_WORDS];

static uint32_t rol32(uint32_t v, unsigned n)
{
	n &= 31;
	return n ? (v << n) | (v >> (32 - n)) : v;
}

static uint32_t checksum_mix(uint32_t sum, uint32_t value)
{
	return rol32(sum, 5) + (value ^ 0x9E3779B9u);
}

/* ---- what the guest does with single instructions ---- */

#if defined(PCBENCH_GUEST) && defined(__i386__)
/* REP MOVSD / MOVSB / STOSD / STOSB (the guest entry clears DF). */
static void copy_dwords(void *dst, const void *src, size_t count)
{
	__asm__ volatile("rep movsl" : "+D"(dst), "+S"(src), "+c"(count) : : "memory");
}

static void copy_bytes(void *dst, const void *src, size_t count)
{
	__asm__ volatile("rep movsb" : "+D"(dst), "+S"(src), "+c"(count) : : "memory");
}

static void fill_dwords(void *dst, uint32_t value, size_t count)
{
	__asm__ volatile("rep stosl" : "+D"(dst), "+c"(count) : "a"(value) : "memory");
}

static void fill_bytes(void *dst, uint8_t value, size_t count)
{
	__asm__ volatile("rep stosb" : "+D"(dst), "+c"(count) : "a"(value) : "memory");
}

/* DIV r/m32 with EDX:EAX = hi:lo; the caller keeps hi < divisor. */
static uint32_t divide_64_by_32(uint32_t hi, uint32_t lo, uint32_t divisor)
{
	uint32_t quotient, remainder;
	__asm__("divl %4" : "=a"(quotient), "=d"(remainder) : "a"(lo), "d"(hi), "rm"(divisor));
	return quotient ^ remainder;
}
#else
static void copy_dwords(void *dst, const void *src, size_t count)
{
	memcpy(dst, src, count * 4);
}

static void copy_bytes(void *dst, const void *src, size_t count)
{
	memcpy(dst, src, count);
}

static void fill_dwords(void *dst, uint32_t value, size_t count)
{
	uint8_t *p = dst;
	for (size_t k = 0; k < count; k++) {
		p[4 * k] = (uint8_t)value;
		p[4 * k + 1] = (uint8_t)(value >> 8);
		p[4 * k + 2] = (uint8_t)(value >> 16);
		p[4 * k + 3] = (uint8_t)(value >> 24);
	}
}

static void fill_bytes(void *dst, uint8_t value, size_t count)
{
	memset(dst, value, count);
}

static uint32_t divide_64_by_32(uint32_t hi, uint32_t lo, uint32_t divisor)
{
	uint64_t dividend = (uint64_t)hi << 32 | lo;
	return (uint32_t)(dividend / divisor) ^ (uint32_t)(dividend % divisor);
}
#endif

/* ---- the phases ---- */

static uint32_t phase_arith(uint32_t x)
{
	uint32_t acc = 0;
	for (uint32_t i = ARITH_N; i > 0; i--) {
		x = x * 1664525u + 1013904223u;
		uint64_t product = (uint64_t)x * 0x9E3779B1u; /* MUL: 32x32 -> 64 */
		uint32_t hi = (uint32_t)(product >> 32), lo = (uint32_t)product;
		acc += hi ^ lo;
		uint32_t d = (x >> 9) | 1;
		acc = (acc ^ (acc / d)) + acc % d;
		acc += divide_64_by_32(hi >> 1, lo, hi | 0x80000000u);
		/* IDIV and IMUL: C's truncating division is IDIV's. */
		int32_t s = (int32_t)(x & 0xFFFFFu) - 0x80000;
		int32_t sd = (int32_t)(i & 0xFFu) - 128;
		if (sd == 0)
			sd = 7;
		acc ^= (uint32_t)(s / sd) + ((uint32_t)(s % sd) << 16);
		acc += (uint32_t)((uint64_t)((int64_t)s * sd) >> 3);
	}
	return acc ^ x;
}

/* Leaves buf_b for the CRC phase. */
static uint32_t phase_memory(uint32_t seed)
{
	fill_dwords(buf_b, 0xA5A5A5A5u ^ seed, BUF_BYTES / 4);
	for (uint32_t k = 0; k < BUF_BYTES; k++)
		buf_a[k] = (uint8_t)(k * 7 + seed);
	copy_dwords(buf_b, buf_a, 4096 / 4);
	copy_bytes(buf_b + 4099, buf_a + 1, 2048 + (seed & 63));
	fill_bytes(buf_b + 8191, (uint8_t)(seed >> 8), 333);
	for (uint32_t k = 0; k < 3000; k++)
		buf_b[10000 + k] = (uint8_t)(buf_a[3000 + k] + k);
	uint32_t sum = 0;
	for (uint32_t k = 0; k < BUF_BYTES; k++)
		sum = rol32(sum, 3) ^ buf_b[k];
	return sum;
}

static uint32_t phase_crc(void)
{
	for (uint32_t n = 0; n < 256; n++) {
		uint32_t c = n;
		for (int bit = 0; bit < 8; bit++)
			c = (c & 1) ? (c >> 1) ^ 0xEDB88320u : c >> 1;
		crc_table[n] = c;
	}
	uint32_t crc = 0xFFFFFFFFu;
	for (uint32_t k = 0; k < BUF_BYTES; k++)
		crc = crc_table[(crc ^ buf_b[k]) & 0xFF] ^ (crc >> 8);
	return ~crc;
}

static uint32_t phase_sieve(uint32_t seed)
{
	uint32_t limit = SIEVE_N - (seed & 255);
	fill_bytes(sieve_flags, 1, limit);
	sieve_flags[0] = sieve_flags[1] = 0;
	for (uint32_t i = 2; i * i < limit; i++)
		if (sieve_flags[i])
			for (uint32_t j = i * i; j < limit; j += i)
				sieve_flags[j] = 0;
	uint32_t count = 0, sum = 0;
	for (uint32_t k = 0; k < limit; k++)
		if (sieve_flags[k]) {
			count++;
			sum += k;
		}
	return count << 16 ^ sum;
}

static void sift_down(uint32_t *keys, uint32_t root, uint32_t end)
{
	for (;;) {
		uint32_t child = 2 * root + 1;
		if (child >= end)
			return;
		if (child + 1 < end && keys[child] < keys[child + 1])
			child++;
		if (keys[root] >= keys[child])
			return;
		uint32_t t = keys[root];
		keys[root] = keys[child];
		keys[child] = t;
		root = child;
	}
}

static uint32_t phase_sort(uint32_t x)
{
	for (uint32_t k = 0; k < SORT_N; k++) {
		x = x * 1103515245u + 12345u;
		sort_keys[k] = x ^ (x >> 15);
	}
	for (uint32_t k = SORT_N / 2; k-- > 0;)
		sift_down(sort_keys, k, SORT_N);
	for (uint32_t end = SORT_N - 1; end > 0; end--) {
		uint32_t t = sort_keys[0];
		sort_keys[0] = sort_keys[end];
		sort_keys[end] = t;
		sift_down(sort_keys, 0, end);
	}
	uint32_t sum = 0;
	for (uint32_t k = 0; k < SORT_N; k++)
		sum += sort_keys[k] * (k + 1);
	return sum;
}

/* Not inlined, so that the calls stay calls. */
#define NOINLINE __attribute__((noinline))
static NOINLINE uint32_t times5_plus1(uint32_t x) { return x * 5 + 1; }
static NOINLINE uint32_t rotate_xor(uint32_t x) { return rol32(x, 5) ^ 0x5A5A5A5Au; }
static NOINLINE uint32_t shrink_then_times5(uint32_t x) { return times5_plus1(x - (x >> 3)); }
static NOINLINE uint32_t shift_xor_not(uint32_t x) { return ~(x ^ (x << 7)); }
static NOINLINE uint32_t halve_or_triple(uint32_t x) { return x & 1 ? 3 * x + 1 : x >> 1; }
static NOINLINE uint32_t byte_swap(uint32_t x)
{
	return x << 24 | (x & 0xFF00u) << 8 | (x >> 8 & 0xFF00u) | x >> 24;
}

/* Not const: nothing may turn the calls into a switch. */
static uint32_t (*call_table[8])(uint32_t) = {
	times5_plus1, rotate_xor, shrink_then_times5, shift_xor_not,
	halve_or_triple, byte_swap, rotate_xor, times5_plus1,
};

static uint32_t phase_calls(uint32_t x)
{
	for (uint32_t i = CALLS_N; i > 0; i--) {
		x = call_table[(x >> 3) & 7](x);
		x += i;
	}
	return x;
}

/* The bytecode machine: 8 registers, 256 words of memory, one byte per
 * opcode and one per operand. */
enum vm_op {
	VM_HALT, VM_LOADI, VM_MOV, VM_ADD, VM_SUB, VM_XOR, VM_AND, VM_MUL, VM_SHL, VM_SHR,
	VM_ROL, VM_LOAD, VM_STORE, VM_DEC, VM_JNZ, VM_ADDI,
};

/* r0 counter, r1 lcg, r2 index, r3 value, r4 acc, r5 constant, r6/r7 scratch:
 *   for (r0 = VM_LOOPS; r0; r0--) {
 *       r1 = r1 * 75 + 74;  r2 = (r1 >> 7) & 255;
 *       r3 = (mem[r2] ^ r1) + r5;  mem[r2] = r3;  r4 = rol(r4 + r3, 3);
 *   } */
static const uint8_t vm_program[] = {
	VM_LOADI, 6, 75,       /*  0: r6 = 75 */
	VM_LOADI, 7, 74,       /*  3: r7 = 74 */
	VM_MUL, 1, 6,          /*  6: loop: r1 *= r6 */
	VM_ADD, 1, 7,          /*  9: r1 += r7 */
	VM_MOV, 2, 1,          /* 12: r2 = r1 */
	VM_SHR, 2, 7,          /* 15: r2 >>= 7 */
	VM_LOADI, 3, 255,      /* 18: r3 = 255 */
	VM_AND, 2, 3,          /* 21: r2 &= r3 */
	VM_LOAD, 3, 2,         /* 24: r3 = mem[r2] */
	VM_XOR, 3, 1,          /* 27: r3 ^= r1 */
	VM_ADD, 3, 5,          /* 30: r3 += r5 */
	VM_STORE, 2, 3,        /* 33: mem[r2] = r3 */
	VM_ADD, 4, 3,          /* 36: r4 += r3 */
	VM_ROL, 4, 3,          /* 39: r4 = rol(r4, 3) */
	VM_ADDI, 4, 1,         /* 42: r4 += 1 */
	VM_DEC, 0, 0,          /* 45: r0-- */
	VM_JNZ, 0, 6,          /* 48: if (r0) goto loop */
	VM_HALT, 0, 0,         /* 51 */
};

static uint32_t phase_bytecode(uint32_t seed)
{
	uint32_t r[8] = {VM_LOOPS, seed, 0, 0, 0, 0x9E3779B9u, 0, 0};
	for (uint32_t k = 0; k < VM_MEM_WORDS; k++)
		vm_mem[k] = k * seed;
	uint32_t pc = 0;
	for (;;) {
		if (pc + 3 > sizeof(vm_program))
			return 0xDEADDEADu;
		uint8_t op = vm_program[pc], a = vm_program[pc + 1] & 7, b = vm_program[pc + 2];
		pc += 3;
		switch (op) {
		case VM_HALT: return r[4] ^ r[1];
		case VM_LOADI: r[a] = b; break;
		case VM_MOV: r[a] = r[b & 7]; break;
		case VM_ADD: r[a] += r[b & 7]; break;
		case VM_SUB: r[a] -= r[b & 7]; break;
		case VM_XOR: r[a] ^= r[b & 7]; break;
		case VM_AND: r[a] &= r[b & 7]; break;
		case VM_MUL: r[a] *= r[b & 7]; break;
		case VM_SHL: r[a] <<= b & 31; break;
		case VM_SHR: r[a] >>= b & 31; break;
		case VM_ROL: r[a] = rol32(r[a], b); break;
		case VM_LOAD: r[a] = vm_mem[r[b & 7] & (VM_MEM_WORDS - 1)]; break;
		case VM_STORE: vm_mem[r[a] & (VM_MEM_WORDS - 1)] = r[b & 7]; break;
		case VM_DEC: r[a]--; break;
		case VM_JNZ:
			if (r[a])
				pc = b;
			break;
		case VM_ADDI: r[a] += b; break;
		default: return 0xBADC0DEu;
		}
	}
}

uint32_t pcwork_run(uint32_t rounds, uint32_t seed)
{
	uint32_t sum = seed;
	for (uint32_t round = 0; round < rounds; round++) {
		uint32_t s = seed + round * 0x61C88647u;
		sum = checksum_mix(sum, phase_arith(s));
		sum = checksum_mix(sum, phase_memory(s));
		sum = checksum_mix(sum, phase_crc());
		sum = checksum_mix(sum, phase_sieve(s));
		sum = checksum_mix(sum, phase_sort(s));
		sum = checksum_mix(sum, phase_calls(s));
		sum = checksum_mix(sum, phase_bytecode(s));
	}
	return sum;
}
