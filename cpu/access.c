/* Memory and port access slow paths, and the software TLB.
 *
 * The fast path (core.h) handles an access that lies inside its segment's
 * limit and inside one page whose host pointer is in the TLB.  Everything
 * else comes here: limit violations (#GP/#SS on the 286 and later, a wrap
 * inside the 64 KiB segment on the 8086 and 80186), TLB misses, accesses
 * that cross a page, ROM writes, writes to pages holding decoded code,
 * and memory-mapped I/O. */
#include "cpu/core.h"

void cpu_tlb_flush(struct cpu *cpu)
{
	for (unsigned n = 0; n < TLB_SIZE; n++) {
		cpu->tlb[n].tag_read = 1;
		cpu->tlb[n].tag_write = 1;
	}
	cpu->mem_generation = cpu->mem->generation;
}

/* Linear to physical.  Paging is not modelled yet, so this is the
 * address-bus mask (which also applies the A20 gate). */
static uint32_t cpu_translate(struct cpu *cpu, uint32_t lin, bool write)
{
	(void)write;
	return lin & cpu->mem->addr_mask;
}

uint8_t *cpu_tlb_fill(struct cpu *cpu, uint32_t lin, bool write)
{
	cpu_sync_mem(cpu);
	uint32_t page = lin & ~(MEM_PAGE_SIZE - 1);
	uint32_t phys = cpu_translate(cpu, page, write);
	struct tlb_entry *e = &cpu->tlb[(lin >> MEM_PAGE_SHIFT) & (TLB_SIZE - 1)];
	uint8_t *host = mem_page_host(cpu->mem, phys, false);
	if (!host)
		return NULL;
	if (e->tag_read != page || e->phys != phys) {
		e->tag_read = page;
		e->tag_write = 1;
		e->phys = phys;
		e->addend = (uintptr_t)host - page;
	}
	if (write) {
		if (!mem_page_host(cpu->mem, phys, true))
			return NULL;
		e->tag_write = page;
	}
	return host + (lin - page);
}

static uint8_t read_linear8(struct cpu *cpu, uint32_t lin)
{
	const struct tlb_entry *e = &cpu->tlb[(lin >> MEM_PAGE_SHIFT) & (TLB_SIZE - 1)];
	if (e->tag_read == (lin & ~(MEM_PAGE_SIZE - 1)))
		return *(uint8_t *)(uintptr_t)(lin + e->addend);
	uint8_t *p = cpu_tlb_fill(cpu, lin, false);
	return p ? *p : mem_read8(cpu->mem, cpu_translate(cpu, lin, false));
}

static void write_linear8(struct cpu *cpu, uint32_t lin, uint8_t v)
{
	const struct tlb_entry *e = &cpu->tlb[(lin >> MEM_PAGE_SHIFT) & (TLB_SIZE - 1)];
	if (e->tag_write == (lin & ~(MEM_PAGE_SIZE - 1))) {
		*(uint8_t *)(uintptr_t)(lin + e->addend) = v;
		return;
	}
	uint8_t *p = cpu_tlb_fill(cpu, lin, true);
	if (p)
		*p = v;
	else
		mem_write8(cpu->mem, cpu_translate(cpu, lin, true), v);
}

uint32_t cpu_read_linear(struct cpu *cpu, uint32_t lin, unsigned size)
{
	if (((lin & (MEM_PAGE_SIZE - 1)) + size) <= MEM_PAGE_SIZE) {
		uint8_t *p = cpu_tlb_fill(cpu, lin, false);
		if (p)
			return size == 1 ? *p : size == 2 ? load_le16(p) : load_le32(p);
		uint32_t phys = cpu_translate(cpu, lin, false);
		return size == 1 ? mem_read8(cpu->mem, phys) : size == 2 ? mem_read16(cpu->mem, phys) : mem_read32(cpu->mem, phys);
	}
	uint32_t v = 0;
	for (unsigned k = 0; k < size; k++)
		v |= (uint32_t)read_linear8(cpu, lin + k) << (8 * k);
	return v;
}

void cpu_write_linear(struct cpu *cpu, uint32_t lin, uint32_t v, unsigned size)
{
	if (((lin & (MEM_PAGE_SIZE - 1)) + size) <= MEM_PAGE_SIZE) {
		uint8_t *p = cpu_tlb_fill(cpu, lin, true);
		if (p) {
			if (size == 1)
				*p = (uint8_t)v;
			else if (size == 2)
				store_le16(p, (uint16_t)v);
			else
				store_le32(p, v);
			return;
		}
		uint32_t phys = cpu_translate(cpu, lin, true);
		if (size == 1)
			mem_write8(cpu->mem, phys, (uint8_t)v);
		else if (size == 2)
			mem_write16(cpu->mem, phys, (uint16_t)v);
		else
			mem_write32(cpu->mem, phys, v);
		return;
	}
	for (unsigned k = 0; k < size; k++)
		write_linear8(cpu, lin + k, (uint8_t)(v >> (8 * k)));
}

/* True when the access stays inside the segment's limit.  Otherwise the
 * 286 and later fault (#SS for the stack segment, #GP for the others);
 * the 8086 and 80186 have no limit and wrap at 64 KiB, which the callers
 * handle byte by byte. */
static bool seg_check(struct cpu *cpu, int seg, uint32_t off, unsigned size)
{
	const struct segment *s = &cpu->seg[seg];
	if ((uint64_t)off + size - 1 <= s->limit)
		return true;
	if (cpu->model >= CPU_286)
		cpu_exception(cpu, seg == S_SS ? EXC_SS : EXC_GP, 0);
	return false;
}

uint32_t cpu_read_slow(struct cpu *cpu, int seg, uint32_t off, unsigned size)
{
	const struct segment *s = &cpu->seg[seg];
	if (seg_check(cpu, seg, off, size))
		return cpu_read_linear(cpu, s->base + off, size);
	uint32_t v = 0;
	for (unsigned k = 0; k < size; k++)
		v |= (uint32_t)read_linear8(cpu, s->base + ((off + k) & 0xFFFF)) << (8 * k);
	return v;
}

void cpu_write_slow(struct cpu *cpu, int seg, uint32_t off, uint32_t v, unsigned size)
{
	const struct segment *s = &cpu->seg[seg];
	if (seg_check(cpu, seg, off, size)) {
		cpu_write_linear(cpu, s->base + off, v, size);
		return;
	}
	for (unsigned k = 0; k < size; k++)
		write_linear8(cpu, s->base + ((off + k) & 0xFFFF), (uint8_t)(v >> (8 * k)));
}

void cpu_check_write(struct cpu *cpu, int seg, uint32_t off, unsigned size)
{
	seg_check(cpu, seg, off, size);
}

uint32_t cpu_port_in(struct cpu *cpu, uint16_t port, unsigned size)
{
	uint32_t v = iobus_read(cpu->io, port, size);
	cpu_sync_mem(cpu);
	return v;
}

void cpu_port_out(struct cpu *cpu, uint16_t port, uint32_t v, unsigned size)
{
	iobus_write(cpu->io, port, v, size);
	cpu_sync_mem(cpu);
}
