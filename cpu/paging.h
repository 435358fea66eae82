/* Paging (cpu/paging.c). */
#ifndef GLASSPC_CPU_PAGING_H
#define GLASSPC_CPU_PAGING_H

#include "cpu/core.h"

/* What a translation found, for filling the TLB. */
struct page_info {
	bool global, writable, user, dirty;
};

/* Translates a linear address for an access of the given kind (ACC_*),
 * setting accessed and dirty bits; raises #PF (with CR2) when the walk or
 * the rights say so.  Without CR0.PG it only applies the address mask. */
uint32_t paging_translate(struct cpu *cpu, uint32_t lin, unsigned acc, struct page_info *info);
/* Reads the four PAE page-directory-pointer entries (at CR3 loads);
 * false when one has reserved bits set (the caller raises #GP(0)). */
bool paging_load_pdptes(struct cpu *cpu);

#endif
