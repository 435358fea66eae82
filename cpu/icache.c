/* The decoded-instruction cache; see icache.h. */
#include "cpu/icache.h"

#include <stdlib.h>

/* The longest instruction: an instruction starting this many bytes
 * before a written byte may contain it. */
#define MAX_INSN_LEN 15

struct icache *icache_create(void)
{
	return calloc(1, sizeof(struct icache));
}

void icache_destroy(struct icache *ic)
{
	free(ic);
}

void icache_flush(struct icache *ic)
{
	for (unsigned n = 0; n < ICACHE_SIZE; n++)
		ic->e[n].tag = 0;
}

void icache_invalidate(struct icache *ic, const uint8_t *host, unsigned len)
{
	uintptr_t first = (uintptr_t)host - (MAX_INSN_LEN - 1);
	uintptr_t end = (uintptr_t)host + len;
	for (uintptr_t a = first; a != end; a++) {
		struct icache_entry *e = icache_slot(ic, a);
		/* An entry at a is hit when its instruction reaches host. */
		if (e->tag == a && a + e->insn.len > (uintptr_t)host)
			e->tag = 0;
	}
}
