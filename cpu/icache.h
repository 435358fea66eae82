/* The decoded-instruction cache.
 *
 * Direct-mapped, keyed by the host address of an instruction's first
 * byte: RAM and ROM bytes have exactly one host address whatever linear or
 * physical alias reaches them, so a decode is found again through any
 * alias and is dropped by a write through any alias.  Instructions that
 * cross a page, or come from MMIO, are never cached.
 *
 * A key is the host address with a generation number in bits 48-63, so
 * that flushing the whole cache is one increment (the SST runner resets
 * the CPU two thousand times a file). */
#ifndef GLASSPC_CPU_ICACHE_H
#define GLASSPC_CPU_ICACHE_H

#include <stdint.h>

#include "cpu/core.h"

#define ICACHE_SIZE 65536u
#define ICACHE_GEN_SHIFT 48

/* The instruction comes first (its address is the entry's) and an entry
 * fills 64 bytes, a cache line, so that the run loop finds an entry with
 * one shift. */
struct icache_entry {
	_Alignas(64) struct insn insn;
	uint64_t tag; /* key of the instruction held; 0 = empty */
	/* The instruction's own handler when insn.fn is the breakpoint
	 * check (cpu/exec.c). */
	insn_fn *checked_fn;
};

struct icache {
	uint64_t gen_bits; /* current generation << ICACHE_GEN_SHIFT, never 0 */
	void *allocation;  /* what icache_create allocated (the cache is aligned inside it) */
	struct icache_entry e[ICACHE_SIZE];
};

struct icache *icache_create(void);
void icache_destroy(struct icache *ic);
void icache_flush(struct icache *ic);

static inline uint64_t icache_key(const struct icache *ic, uintptr_t host)
{
	return (uint64_t)host | ic->gen_bits;
}

/* Instructions decoded in a fetch window on a page marked for
 * breakpoints carry this bit in their key (their handler is wrapped in
 * the breakpoint check), so that a window on an unmarked page never
 * finds them, nor a marked one the unwrapped decodes.  Generations step
 * by 2 to keep the bit free. */
#define ICACHE_CHECKED (1ull << ICACHE_GEN_SHIFT)

/* The run loop's form of the key: with 64-bit host pointers (below
 * 2^48) host | gen_bits == host + gen_bits, so the fetch window keeps
 * fetch_host_delta + gen_bits (+ ICACHE_CHECKED) and a key costs one
 * addition. */
static inline uintptr_t icache_key_delta(const struct icache *ic, uintptr_t host_delta, bool checked)
{
#if UINTPTR_MAX == UINT64_MAX
	return host_delta + (uintptr_t)ic->gen_bits + (checked ? (uintptr_t)ICACHE_CHECKED : 0);
#else
	(void)ic;
	(void)checked;
	return host_delta;
#endif
}

static inline struct icache_entry *icache_slot(struct icache *ic, uintptr_t host)
{
	return &ic->e[host & (ICACHE_SIZE - 1)];
}

/* Drops every instruction that overlaps [host, host + len). */
void icache_invalidate(struct icache *ic, const uint8_t *host, unsigned len);

#endif
