/* The decoded-instruction cache; see icache.h. */
#include "cpu/icache.h"

#include <stdlib.h>

/* The longest instruction: an instruction starting this many bytes
 * before a written byte may contain it. */
#define MAX_INSN_LEN 15

struct icache *icache_create(void)
{
	/* calloc, not aligned_alloc and memset: the zero pages of a large
	 * calloc cost nothing until they are used. */
	size_t align = _Alignof(struct icache);
	void *p = calloc(1, sizeof(struct icache) + align);
	if (!p)
		return NULL;
	struct icache *ic = (struct icache *)(((uintptr_t)p + align - 1) & ~(uintptr_t)(align - 1));
	ic->allocation = p;
	ic->gen_bits = 2ull << ICACHE_GEN_SHIFT;
	return ic;
}

void icache_destroy(struct icache *ic)
{
	if (ic)
		free(ic->allocation);
}

void icache_flush(struct icache *ic)
{
	/* Even generations only: ICACHE_CHECKED is the lowest bit. */
	uint64_t gen = (ic->gen_bits >> ICACHE_GEN_SHIFT) + 2;
	if (gen >> (64 - ICACHE_GEN_SHIFT)) {
		/* The generations wrapped: old keys could match again. */
		for (unsigned n = 0; n < ICACHE_SIZE; n++)
			ic->e[n].tag = 0;
		gen = 2;
	}
	ic->gen_bits = gen << ICACHE_GEN_SHIFT;
}

void icache_invalidate(struct icache *ic, const uint8_t *host, unsigned len)
{
	uintptr_t first = (uintptr_t)host - (MAX_INSN_LEN - 1);
	uintptr_t end = (uintptr_t)host + len;
	for (uintptr_t a = first; a != end; a++) {
		struct icache_entry *e = icache_slot(ic, a);
		/* An entry at a is hit when its instruction reaches host. */
		if ((e->tag & ~ICACHE_CHECKED) == icache_key(ic, a) && a + e->insn.len > (uintptr_t)host)
			e->tag = 0;
	}
}
