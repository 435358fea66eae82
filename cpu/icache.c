/* The decoded-instruction cache; see icache.h. */
#include "cpu/icache.h"

#include <stdlib.h>
#include <string.h>

/* The longest instruction: an instruction starting this many bytes
 * before a written byte may contain it. */
#define MAX_INSN_LEN 15

struct icache *icache_create(void)
{
	struct icache *ic = aligned_alloc(_Alignof(struct icache), sizeof(struct icache));
	if (ic) {
		memset(ic, 0, sizeof(*ic));
		ic->gen_bits = 1ull << ICACHE_GEN_SHIFT;
	}
	return ic;
}

void icache_destroy(struct icache *ic)
{
	free(ic);
}

void icache_flush(struct icache *ic)
{
	uint64_t gen = (ic->gen_bits >> ICACHE_GEN_SHIFT) + 1;
	if (gen >> (64 - ICACHE_GEN_SHIFT)) {
		/* The generations wrapped: old keys could match again. */
		for (unsigned n = 0; n < ICACHE_SIZE; n++)
			ic->e[n].tag = 0;
		gen = 1;
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
		if (e->tag == icache_key(ic, a) && a + e->insn.len > (uintptr_t)host)
			e->tag = 0;
	}
}
