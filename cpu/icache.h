/* The decoded-instruction cache.
 *
 * Direct-mapped, keyed by the host address of an instruction's first
 * byte: RAM and ROM bytes have exactly one host address whatever linear or
 * physical alias reaches them, so a decode is found again through any
 * alias and is dropped by a write through any alias.  Instructions that
 * cross a page, or come from MMIO, are never cached. */
#ifndef GLASSPC_CPU_ICACHE_H
#define GLASSPC_CPU_ICACHE_H

#include <stdint.h>

#include "cpu/core.h"

#define ICACHE_SIZE 65536u

struct icache_entry {
	uintptr_t tag; /* host address of the first byte; 0 = empty */
	struct insn insn;
};

struct icache {
	struct icache_entry e[ICACHE_SIZE];
};

struct icache *icache_create(void);
void icache_destroy(struct icache *ic);
void icache_flush(struct icache *ic);

static inline struct icache_entry *icache_slot(struct icache *ic, uintptr_t host)
{
	return &ic->e[host & (ICACHE_SIZE - 1)];
}

/* Drops every instruction that overlaps [host, host + len). */
void icache_invalidate(struct icache *ic, const uint8_t *host, unsigned len);

#endif
