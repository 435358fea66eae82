/* Paging: linear to physical translation (SDM Vol. 3, chapter 4): the
 * two-level 32-bit format with 4 KiB pages and, with CR4.PSE, 4 MiB pages;
 * PAE's three levels with 4 KiB and 2 MiB pages; the accessed and dirty
 * bits; the U/S and R/W checks with CR0.WP; #PF with its error code and
 * CR2.  The software TLB (cpu/access.c) caches what this computes. */
#include "cpu/paging.h"

#define PTE_P 0x001u
#define PTE_RW 0x002u
#define PTE_US 0x004u
#define PTE_A 0x020u
#define PTE_D 0x040u
#define PTE_PS 0x080u

#define PF_P 0x01
#define PF_W 0x02
#define PF_U 0x04
#define PF_RSVD 0x08

_Noreturn static void page_fault(struct cpu *cpu, uint32_t lin, unsigned acc, int code)
{
	cpu->cr2 = lin;
	if (acc & ACC_WRITE)
		code |= PF_W;
	if (acc & ACC_USER)
		code |= PF_U;
	cpu_exception(cpu, EXC_PF, code);
}

/* Physical addresses above 4 GiB (PAE) reach nothing on this machine:
 * they read as all ones, like unmapped space. */
static uint64_t read_entry64(struct cpu *cpu, uint64_t phys)
{
	if (phys > 0xFFFFFFF8u)
		return ~0ull;
	return (uint64_t)mem_read32(cpu->mem, (uint32_t)phys) | (uint64_t)mem_read32(cpu->mem, (uint32_t)phys + 4) << 32;
}

static void set_bits32(struct cpu *cpu, uint32_t phys, uint32_t entry, uint32_t bits)
{
	if ((entry & bits) != bits)
		mem_write32(cpu->mem, phys, entry | bits);
}

/* U/S and R/W of the combined walk; SDM 4.6.  A supervisor write to a
 * read-only page faults only with CR0.WP (the 486 and later). */
static void check_rights(struct cpu *cpu, uint32_t lin, unsigned acc, bool user_ok, bool write_ok)
{
	if ((acc & ACC_USER) && !user_ok)
		page_fault(cpu, lin, acc, PF_P);
	if ((acc & ACC_WRITE) && !write_ok) {
		if ((acc & ACC_USER) || ((cpu->cr0 & CR0_WP) && cpu->model >= CPU_486))
			page_fault(cpu, lin, acc, PF_P);
	}
}

static uint32_t walk32(struct cpu *cpu, uint32_t lin, unsigned acc, struct page_info *info)
{
	uint32_t pde_addr = (cpu->cr3 & 0xFFFFF000u) + ((lin >> 22) << 2);
	uint32_t pde = mem_read32(cpu->mem, pde_addr);
	if (!(pde & PTE_P))
		page_fault(cpu, lin, acc, 0);
	if ((pde & PTE_PS) && (cpu->cr4 & CR4_PSE)) {
		check_rights(cpu, lin, acc, pde & PTE_US, pde & PTE_RW);
		set_bits32(cpu, pde_addr, pde, PTE_A | ((acc & ACC_WRITE) ? PTE_D : 0));
		info->global = pde & 0x100;
		info->writable = (pde & PTE_RW) != 0;
		info->user = (pde & PTE_US) != 0;
		info->dirty = (pde & PTE_D) || (acc & ACC_WRITE);
		return (pde & 0xFFC00000u) | (lin & 0x003FFFFFu);
	}
	uint32_t pte_addr = (pde & 0xFFFFF000u) + (((lin >> 12) & 0x3FF) << 2);
	uint32_t pte = mem_read32(cpu->mem, pte_addr);
	if (!(pte & PTE_P))
		page_fault(cpu, lin, acc, 0);
	bool user_ok = (pde & PTE_US) && (pte & PTE_US);
	bool write_ok = (pde & PTE_RW) && (pte & PTE_RW);
	check_rights(cpu, lin, acc, user_ok, write_ok);
	set_bits32(cpu, pde_addr, pde, PTE_A);
	set_bits32(cpu, pte_addr, pte, PTE_A | ((acc & ACC_WRITE) ? PTE_D : 0));
	info->global = pte & 0x100;
	info->writable = write_ok;
	info->user = user_ok;
	info->dirty = (pte & PTE_D) || (acc & ACC_WRITE);
	return (pte & 0xFFFFF000u) | (lin & 0xFFF);
}

/* PAE reserved bits: physical address bits above the 36 a P6 has, and
 * NX (no EFER.NXE on these models). */
#define PAE_RSVD_HIGH 0xFFFFFFF000000000ull

static uint32_t walk_pae(struct cpu *cpu, uint32_t lin, unsigned acc, struct page_info *info)
{
	uint64_t pdpte = cpu->pdpte[lin >> 30];
	if (!(pdpte & PTE_P))
		page_fault(cpu, lin, acc, 0);
	uint64_t pde_addr = (pdpte & 0x0000000FFFFFF000ull) + (((lin >> 21) & 0x1FF) << 3);
	uint64_t pde = read_entry64(cpu, pde_addr);
	if (!(pde & PTE_P))
		page_fault(cpu, lin, acc, 0);
	if (pde & PAE_RSVD_HIGH)
		page_fault(cpu, lin, acc, PF_P | PF_RSVD);
	if (pde & PTE_PS) {
		if (pde & 0x1FE000ull)
			page_fault(cpu, lin, acc, PF_P | PF_RSVD);
		check_rights(cpu, lin, acc, pde & PTE_US, pde & PTE_RW);
		set_bits32(cpu, (uint32_t)pde_addr, (uint32_t)pde, PTE_A | ((acc & ACC_WRITE) ? PTE_D : 0));
		info->global = pde & 0x100;
		info->writable = (pde & PTE_RW) != 0;
		info->user = (pde & PTE_US) != 0;
		info->dirty = (pde & PTE_D) || (acc & ACC_WRITE);
		uint64_t phys = (pde & 0x0000000FFFE00000ull) | (lin & 0x1FFFFF);
		return phys > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)phys;
	}
	uint64_t pte_addr = (pde & 0x0000000FFFFFF000ull) + (((lin >> 12) & 0x1FF) << 3);
	uint64_t pte = read_entry64(cpu, pte_addr);
	if (!(pte & PTE_P))
		page_fault(cpu, lin, acc, 0);
	if (pte & PAE_RSVD_HIGH)
		page_fault(cpu, lin, acc, PF_P | PF_RSVD);
	bool user_ok = (pde & PTE_US) && (pte & PTE_US);
	bool write_ok = (pde & PTE_RW) && (pte & PTE_RW);
	check_rights(cpu, lin, acc, user_ok, write_ok);
	set_bits32(cpu, (uint32_t)pde_addr, (uint32_t)pde, PTE_A);
	set_bits32(cpu, (uint32_t)pte_addr, (uint32_t)pte, PTE_A | ((acc & ACC_WRITE) ? PTE_D : 0));
	info->global = pte & 0x100;
	info->writable = write_ok;
	info->user = user_ok;
	info->dirty = (pte & PTE_D) || (acc & ACC_WRITE);
	uint64_t phys = (pte & 0x0000000FFFFFF000ull) | (lin & 0xFFF);
	return phys > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)phys;
}

uint32_t paging_translate(struct cpu *cpu, uint32_t lin, unsigned acc, struct page_info *info)
{
	struct page_info scratch;
	if (!info)
		info = &scratch;
	if (!(cpu->cr0 & CR0_PG)) {
		info->global = false;
		info->writable = info->user = info->dirty = true;
		return lin & cpu->mem->addr_mask;
	}
	uint32_t phys = (cpu->cr4 & CR4_PAE) ? walk_pae(cpu, lin, acc, info) : walk32(cpu, lin, acc, info);
	return phys & cpu->mem->addr_mask;
}

/* SDM 4.4.1: a present PDPTE with a reserved bit set (1-2, 5-8, or
 * above the physical address width) makes the load #GP(0). */
#define PDPTE_RSVD (0x1E6ull | PAE_RSVD_HIGH)

bool paging_load_pdptes(struct cpu *cpu)
{
	if (!(cpu->cr4 & CR4_PAE))
		return true;
	uint32_t base = cpu->cr3 & 0xFFFFFFE0u;
	uint64_t e[4];
	for (int n = 0; n < 4; n++) {
		e[n] = read_entry64(cpu, base + 8u * (uint32_t)n);
		if ((e[n] & PTE_P) && (e[n] & PDPTE_RSVD))
			return false;
	}
	for (int n = 0; n < 4; n++)
		cpu->pdpte[n] = e[n];
	return true;
}
