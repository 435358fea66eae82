/* Memory and port access slow paths, and the software TLB.
 *
 * The fast path (core.h) handles an access that lies inside its segment's
 * fast range and inside one page whose host pointer is in the TLB.
 * Everything else comes here: segment checks and faults (limits,
 * expand-down, null and read-only segments; the 8086's wrap inside a
 * segment), TLB misses and paging, accesses that cross a page, ROM
 * writes, writes to pages holding decoded code, and memory-mapped I/O. */
#include "cpu/paging.h"

void cpu_tlb_flush(struct cpu *cpu)
{
	for (unsigned n = 0; n < TLB_SIZE; n++) {
		cpu->tlb[n].tag_read = 1;
		cpu->tlb[n].tag_write = 1;
	}
	cpu->mem_generation = cpu->mem->generation;
	cpu->fetch_eip_len = 0;
}

static unsigned current_rights(const struct cpu *cpu, bool write)
{
	return (write ? ACC_WRITE : 0) | (cpu->cpl == 3 ? ACC_USER : 0);
}

uint8_t *cpu_tlb_fill(struct cpu *cpu, uint32_t lin, bool write)
{
	cpu_sync_mem(cpu);
	if (unlikely(cpu_debug_watching(cpu)) && cpu_debug_data_page_marked(cpu, lin)) {
		/* Watched: every access must come through the slow path. */
		paging_translate(cpu, lin, current_rights(cpu, write), NULL);
		return NULL;
	}
	if (unlikely(cpu->dr_data_active || cpu_alignment_checking(cpu))) {
		/* Data breakpoints and #AC are checked on the slow path only,
		 * so no TLB entries while they are on. */
		paging_translate(cpu, lin, current_rights(cpu, write), NULL);
		return NULL;
	}
	uint32_t page = lin & ~(MEM_PAGE_SIZE - 1);
	struct page_info info;
	uint32_t phys = paging_translate(cpu, lin, current_rights(cpu, write), &info) & ~(MEM_PAGE_SIZE - 1);
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
	/* A write pointer only where a write needs no further check: the
	 * page is writable at this privilege, already dirty, RAM and not
	 * holding decoded code. */
	bool supervisor_override = cpu->cpl != 3 && !((cpu->cr0 & CR0_WP) && cpu->model >= CPU_486);
	if ((info.writable || supervisor_override) && info.dirty && mem_page_host(cpu->mem, phys, true))
		e->tag_write = page;
	else if (write)
		return NULL;
	return host + (lin - page);
}

/* One byte through the TLB at the current privilege. */
static uint8_t read_linear8(struct cpu *cpu, uint32_t lin)
{
	const struct tlb_entry *e = &cpu->tlb[(lin >> MEM_PAGE_SHIFT) & (TLB_SIZE - 1)];
	if (e->tag_read == (lin & ~(MEM_PAGE_SIZE - 1)))
		return *(uint8_t *)(uintptr_t)(lin + e->addend);
	uint8_t *p = cpu_tlb_fill(cpu, lin, false);
	return p ? *p : mem_read8(cpu->mem, paging_translate(cpu, lin, current_rights(cpu, false), NULL));
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
		mem_write8(cpu->mem, paging_translate(cpu, lin, current_rights(cpu, true), NULL), v);
}

static uint32_t read_linear_unwatched(struct cpu *cpu, uint32_t lin, unsigned size);
static void write_linear_unwatched(struct cpu *cpu, uint32_t lin, uint32_t v, unsigned size);

static bool same_page(uint32_t lin, unsigned size)
{
	return (lin & (MEM_PAGE_SIZE - 1)) + size <= MEM_PAGE_SIZE;
}

static uint32_t load_sized(const uint8_t *p, unsigned size)
{
	return size == 1 ? *p : size == 2 ? load_le16(p) : load_le32(p);
}

static void store_sized(uint8_t *p, uint32_t v, unsigned size)
{
	if (size == 1)
		*p = (uint8_t)v;
	else if (size == 2)
		store_le16(p, (uint16_t)v);
	else
		store_le32(p, v);
}

static uint32_t phys_read(struct cpu *cpu, uint32_t phys, unsigned size)
{
	return size == 1 ? mem_read8(cpu->mem, phys) : size == 2 ? mem_read16(cpu->mem, phys) : mem_read32(cpu->mem, phys);
}

static void phys_write(struct cpu *cpu, uint32_t phys, uint32_t v, unsigned size)
{
	if (size == 1)
		mem_write8(cpu->mem, phys, (uint8_t)v);
	else if (size == 2)
		mem_write16(cpu->mem, phys, (uint16_t)v);
	else
		mem_write32(cpu->mem, phys, v);
}

/* Accesses at the current privilege through the TLB. */
/* The checks the slow path makes on every data access at the current
 * privilege: #AC, DR0-DR3 data breakpoints, the debugger's watchpoints. */
static void data_access_checks(struct cpu *cpu, uint32_t lin, unsigned size, bool write)
{
	if (unlikely(cpu_alignment_checking(cpu)) && (lin & (size - 1)))
		cpu_alignment_fault(cpu);
	if (unlikely(cpu->dr_data_active))
		cpu_data_breakpoint_check(cpu, lin, size, write);
}

static void watch_report(struct cpu *cpu, uint32_t lin, unsigned size, uint32_t value, bool write)
{
	if (cpu->debug.on_access && (cpu_debug_data_page_marked(cpu, lin) || cpu_debug_data_page_marked(cpu, lin + size - 1)))
		cpu->debug.on_access(cpu->debug.opaque, cpu, lin, size, value, write);
}

static uint32_t read_linear_current(struct cpu *cpu, uint32_t lin, unsigned size)
{
	if (unlikely(cpu_debug_watching(cpu))) {
		uint32_t v = read_linear_unwatched(cpu, lin, size);
		watch_report(cpu, lin, size, v, false);
		return v;
	}
	return read_linear_unwatched(cpu, lin, size);
}

static uint32_t read_linear_unwatched(struct cpu *cpu, uint32_t lin, unsigned size)
{
	if (same_page(lin, size)) {
		uint8_t *p = cpu_tlb_fill(cpu, lin, false);
		if (p)
			return load_sized(p, size);
		return phys_read(cpu, paging_translate(cpu, lin, current_rights(cpu, false), NULL), size);
	}
	/* SDM: both pages are checked before either is accessed. */
	paging_translate(cpu, lin, current_rights(cpu, false), NULL);
	paging_translate(cpu, lin + size - 1, current_rights(cpu, false), NULL);
	uint32_t v = 0;
	for (unsigned k = 0; k < size; k++)
		v |= (uint32_t)read_linear8(cpu, lin + k) << (8 * k);
	return v;
}

static void write_linear_current(struct cpu *cpu, uint32_t lin, uint32_t v, unsigned size)
{
	write_linear_unwatched(cpu, lin, v, size);
	if (unlikely(cpu_debug_watching(cpu)))
		watch_report(cpu, lin, size, v, true);
}

static void write_linear_unwatched(struct cpu *cpu, uint32_t lin, uint32_t v, unsigned size)
{
	if (same_page(lin, size)) {
		uint8_t *p = cpu_tlb_fill(cpu, lin, true);
		if (p)
			store_sized(p, v, size);
		else
			phys_write(cpu, paging_translate(cpu, lin, current_rights(cpu, true), NULL), v, size);
		return;
	}
	paging_translate(cpu, lin, current_rights(cpu, true), NULL);
	paging_translate(cpu, lin + size - 1, current_rights(cpu, true), NULL);
	for (unsigned k = 0; k < size; k++)
		write_linear8(cpu, lin + k, (uint8_t)(v >> (8 * k)));
}

/* Accesses with explicit rights, bypassing the TLB (which holds the
 * current privilege's view). */
static uint32_t read_linear_rights(struct cpu *cpu, uint32_t lin, unsigned size, unsigned acc)
{
	if (same_page(lin, size))
		return phys_read(cpu, paging_translate(cpu, lin, acc, NULL), size);
	uint32_t first = paging_translate(cpu, lin, acc, NULL);
	uint32_t last = paging_translate(cpu, lin + size - 1, acc, NULL);
	uint32_t v = 0;
	for (unsigned k = 0; k < size; k++) {
		uint32_t phys = same_page(lin, k + 1) ? first + k : last - (size - 1 - k);
		v |= (uint32_t)mem_read8(cpu->mem, phys) << (8 * k);
	}
	return v;
}

static void write_linear_rights(struct cpu *cpu, uint32_t lin, uint32_t v, unsigned size, unsigned acc)
{
	if (same_page(lin, size)) {
		phys_write(cpu, paging_translate(cpu, lin, acc, NULL), v, size);
		return;
	}
	uint32_t first = paging_translate(cpu, lin, acc, NULL);
	uint32_t last = paging_translate(cpu, lin + size - 1, acc, NULL);
	for (unsigned k = 0; k < size; k++) {
		uint32_t phys = same_page(lin, k + 1) ? first + k : last - (size - 1 - k);
		mem_write8(cpu->mem, phys, (uint8_t)(v >> (8 * k)));
	}
}

uint32_t cpu_read_linear(struct cpu *cpu, uint32_t lin, unsigned size)
{
	return read_linear_rights(cpu, lin, size, 0);
}

uint32_t cpu_read_linear_user(struct cpu *cpu, uint32_t lin, unsigned size)
{
	return read_linear_rights(cpu, lin, size, ACC_USER);
}

void cpu_write_linear(struct cpu *cpu, uint32_t lin, uint32_t v, unsigned size)
{
	write_linear_rights(cpu, lin, v, size, ACC_WRITE);
}

void cpu_write_linear_checked(struct cpu *cpu, uint32_t lin, uint32_t v, unsigned size, bool user)
{
	write_linear_rights(cpu, lin, v, size, ACC_WRITE | (user ? ACC_USER : 0));
}

/* Segment checks of an access of size bytes at off (SDM Vol. 3, 5.3 and
 * 5.4).  Returns true when the access may proceed at base + off; false
 * when it wraps inside a 64 KiB segment (8086 and 80186), which the
 * callers do byte by byte.  Faults otherwise: #SS(0) for the stack
 * segment, #GP(0) for the others. */
static bool seg_check(struct cpu *cpu, int seg, uint32_t off, unsigned size, bool write)
{
	const struct segment *s = &cpu->seg[seg];
	int vector = seg == S_SS ? EXC_SS : EXC_GP;
	/* While an exception or hardware interrupt is being delivered, the
	 * error code carries EXT (event_ext is 0 otherwise). */
	int code = cpu->event_ext;
	uint64_t last = (uint64_t)off + size - 1;
	if (cpu->model < CPU_286)
		return last <= 0xFFFF;
	if (!cpu_pm(cpu)) {
		if (last > s->limit)
			cpu_exception(cpu, vector, code);
		return true;
	}
	if (!s->valid)
		cpu_exception(cpu, vector, code);
	if (s->attr & SEG_ATTR_CODE) {
		if (write || !(s->attr & SEG_ATTR_RW))
			cpu_exception(cpu, vector, code);
	} else if (write && !(s->attr & SEG_ATTR_RW)) {
		cpu_exception(cpu, vector, code);
	}
	bool expand_down = (s->attr & (SEG_ATTR_CODE | SEG_ATTR_EC)) == SEG_ATTR_EC;
	if (expand_down) {
		uint64_t top = (s->attr & SEG_ATTR_DB) ? 0xFFFFFFFFu : 0xFFFFu;
		if (off <= s->limit || last > top)
			cpu_exception(cpu, vector, code);
	} else if (last > s->limit) {
		cpu_exception(cpu, vector, code);
	}
	return true;
}

uint32_t cpu_read_slow(struct cpu *cpu, int seg, uint32_t off, unsigned size)
{
	const struct segment *s = &cpu->seg[seg];
	if (seg_check(cpu, seg, off, size, false)) {
		data_access_checks(cpu, s->base + off, size, false);
		return read_linear_current(cpu, s->base + off, size);
	}
	uint32_t v = 0;
	for (unsigned k = 0; k < size; k++)
		v |= (uint32_t)read_linear8(cpu, s->base + ((off + k) & 0xFFFF)) << (8 * k);
	if (unlikely(cpu_debug_watching(cpu)))
		watch_report(cpu, s->base + off, size, v, false);
	return v;
}

void cpu_write_slow(struct cpu *cpu, int seg, uint32_t off, uint32_t v, unsigned size)
{
	const struct segment *s = &cpu->seg[seg];
	if (seg_check(cpu, seg, off, size, true)) {
		data_access_checks(cpu, s->base + off, size, true);
		write_linear_current(cpu, s->base + off, v, size);
		return;
	}
	for (unsigned k = 0; k < size; k++)
		write_linear8(cpu, s->base + ((off + k) & 0xFFFF), (uint8_t)(v >> (8 * k)));
	if (unlikely(cpu_debug_watching(cpu)))
		watch_report(cpu, s->base + off, size, v, true);
}

void cpu_check_write(struct cpu *cpu, int seg, uint32_t off, unsigned size)
{
	if (seg_check(cpu, seg, off, size, true) && (cpu->cr0 & CR0_PG)) {
		uint32_t lin = cpu->seg[seg].base + off;
		paging_translate(cpu, lin, current_rights(cpu, true), NULL);
		paging_translate(cpu, lin + size - 1, current_rights(cpu, true), NULL);
	}
}

uint8_t cpu_fetch_code_byte(struct cpu *cpu, uint32_t off)
{
	const struct segment *cs = &cpu->seg[S_CS];
	if (cpu->model >= CPU_286 && off > cs->limit)
		cpu_exception(cpu, EXC_GP, 0);
	uint32_t lin = cs->base + off;
	const struct tlb_entry *e = &cpu->tlb[(lin >> MEM_PAGE_SHIFT) & (TLB_SIZE - 1)];
	if (e->tag_read == (lin & ~(MEM_PAGE_SIZE - 1)))
		return *(uint8_t *)(uintptr_t)(lin + e->addend);
	return read_linear8(cpu, lin);
}

/* SDM 18.5.2: in protected mode with CPL > IOPL, and always in
 * virtual-8086 mode, a port access is allowed only when the TSS's I/O
 * permission bitmap has zeros for every byte of it. */
static void io_permission_check(struct cpu *cpu, uint16_t port, unsigned size)
{
	if (!cpu_protected(cpu))
		return;
	unsigned iopl = (cpu->eflags & F_IOPL) >> 12;
	if (!cpu_v86(cpu) && cpu->cpl <= iopl)
		return;
	const struct segment *tr = &cpu->tr;
	bool tss32 = (tr->attr & 0xF) == 9 || (tr->attr & 0xF) == 11;
	if (!tr->valid || !tss32 || tr->limit < 103)
		cpu_exception(cpu, EXC_GP, 0);
	uint32_t map = cpu_read_linear(cpu, tr->base + 102, 2);
	uint32_t at = map + port / 8;
	if (at + 1 > tr->limit)
		cpu_exception(cpu, EXC_GP, 0);
	uint32_t bits = cpu_read_linear(cpu, tr->base + at, 2);
	if ((bits >> (port & 7)) & ((1u << size) - 1))
		cpu_exception(cpu, EXC_GP, 0);
}

uint32_t cpu_port_in(struct cpu *cpu, uint16_t port, unsigned size)
{
	io_permission_check(cpu, port, size);
	uint32_t v = iobus_read(cpu->io, port, size);
	cpu_sync_mem(cpu);
	return v;
}

void cpu_port_out(struct cpu *cpu, uint16_t port, uint32_t v, unsigned size)
{
	io_permission_check(cpu, port, size);
	iobus_write(cpu->io, port, v, size);
	cpu_sync_mem(cpu);
}
