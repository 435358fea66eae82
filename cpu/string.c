/* String instructions: MOVS CMPS STOS LODS SCAS INS OUTS, with REP,
 * REPE and REPNE.  The address size picks SI/DI/CX or ESI/EDI/ECX; the
 * source segment can be overridden, the destination is always ES.  Each
 * iteration commits its register updates, so an exception in the middle
 * leaves a state from which the instruction restarts correctly. */
#include "cpu/core.h"

#include <stddef.h>

enum string_kind { STR_MOVS, STR_CMPS, STR_STOS, STR_LODS, STR_SCAS, STR_INS, STR_OUTS };

static inline uint32_t index_get(const struct cpu *cpu, unsigned reg, const struct insn *i)
{
	return cpu->r[reg] & i->ea_mask;
}

static inline void index_advance(struct cpu *cpu, unsigned reg, const struct insn *i, unsigned size)
{
	uint32_t delta = (cpu->eflags & F_DF) ? (uint32_t)-(int32_t)size : size;
	cpu->r[reg] = (cpu->r[reg] & ~i->ea_mask) | ((cpu->r[reg] + delta) & i->ea_mask);
}

/* One iteration.  Returns the flags-relevant outcome for CMPS/SCAS
 * (true when ZF ends up set). */
static inline void string_once(struct cpu *cpu, const struct insn *i, enum string_kind kind, unsigned size)
{
	uint32_t a, b;
	switch (kind) {
	case STR_MOVS:
		a = mem_read_sized(cpu, i->seg, index_get(cpu, R_ESI, i), size);
		mem_write_sized(cpu, S_ES, index_get(cpu, R_EDI, i), size, a);
		index_advance(cpu, R_ESI, i, size);
		index_advance(cpu, R_EDI, i, size);
		break;
	case STR_CMPS:
		a = mem_read_sized(cpu, i->seg, index_get(cpu, R_ESI, i), size);
		b = mem_read_sized(cpu, S_ES, index_get(cpu, R_EDI, i), size);
		lf_sub(cpu, a, b, (a - b) & size_mask(size), size);
		index_advance(cpu, R_ESI, i, size);
		index_advance(cpu, R_EDI, i, size);
		break;
	case STR_STOS:
		mem_write_sized(cpu, S_ES, index_get(cpu, R_EDI, i), size, reg_read(cpu, R_EAX, size));
		index_advance(cpu, R_EDI, i, size);
		break;
	case STR_LODS:
		reg_write(cpu, R_EAX, size, mem_read_sized(cpu, i->seg, index_get(cpu, R_ESI, i), size));
		index_advance(cpu, R_ESI, i, size);
		break;
	case STR_SCAS:
		a = reg_read(cpu, R_EAX, size);
		b = mem_read_sized(cpu, S_ES, index_get(cpu, R_EDI, i), size);
		lf_sub(cpu, a, b, (a - b) & size_mask(size), size);
		index_advance(cpu, R_EDI, i, size);
		break;
	case STR_INS:
		/* SDM: the destination is checked before the port is read. */
		cpu_check_write(cpu, S_ES, index_get(cpu, R_EDI, i), size);
		a = cpu_port_in(cpu, reg16_get(cpu, R_EDX), size);
		mem_write_sized(cpu, S_ES, index_get(cpu, R_EDI, i), size, a);
		index_advance(cpu, R_EDI, i, size);
		break;
	case STR_OUTS:
		a = mem_read_sized(cpu, i->seg, index_get(cpu, R_ESI, i), size);
		cpu_port_out(cpu, reg16_get(cpu, R_EDX), a, size);
		index_advance(cpu, R_ESI, i, size);
		break;
	}
}

/* How many of the next `count` elements at seg:off (stepping by size,
 * down when DF is set) lie in the page of the first one, without the
 * offset wrapping at the address size; 0 when the first element
 * crosses the page. */
static inline uint32_t elements_in_page(struct cpu *cpu, int seg, uint32_t off, unsigned size, bool down,
					const struct insn *i, uint32_t count)
{
	uint32_t in_page = (cpu->seg[seg].base + off) & (MEM_PAGE_SIZE - 1);
	uint64_t n;
	if (in_page + size > MEM_PAGE_SIZE)
		return 0;
	if (down) {
		n = in_page / size + 1;
		if (n > (uint64_t)off / size + 1)
			n = (uint64_t)off / size + 1;
	} else {
		n = (MEM_PAGE_SIZE - in_page) / size;
		uint64_t to_wrap = ((uint64_t)i->ea_mask + 1 - off) / size;
		if (n > to_wrap)
			n = to_wrap;
	}
	return n < count ? (uint32_t)n : count;
}

/* Host pointer to the n elements from seg:off when all of them are on
 * the fast path (inside the segment's fast range, one page with a TLB
 * pointer for this kind of access), else NULL.  A write pointer exists
 * only for RAM pages that hold no decoded code and no watchpoint, and
 * none at all while data breakpoints or alignment checks are on, so
 * what the bulk path writes needs no self-modifying-code, watchpoint or
 * #AC check. */
static inline uint8_t *bulk_pointer(struct cpu *cpu, int seg, uint32_t off, unsigned size, bool down, uint32_t n,
				    bool write)
{
	uint32_t span = (n - 1) * size;
	uint32_t low = down ? off - span : off;
	uint8_t *first, *last;
	if (!cpu_fast_lookup(cpu, seg, low, size, write, &first) ||
	    !cpu_fast_lookup(cpu, seg, low + span, size, write, &last) || last != first + span)
		return NULL;
	return down ? last : first;
}

/* REP STOS and REP MOVS while both sides stay on the fast path inside a
 * page: the elements go through host pointers in the instruction's own
 * order (so overlapping MOVS copies exactly as element by element).
 * Returns how many elements were done; 0 leaves the next element to
 * string_once, which takes the slow path with its faults and checks. */
static uint32_t string_bulk(struct cpu *cpu, const struct insn *i, enum string_kind kind, unsigned size,
			    uint32_t count)
{
	bool down = cpu->eflags & F_DF;
	uint32_t di = index_get(cpu, R_EDI, i);
	uint32_t n = elements_in_page(cpu, S_ES, di, size, down, i, count);
	uint32_t si = 0;
	if (kind == STR_MOVS) {
		si = index_get(cpu, R_ESI, i);
		uint32_t ns = elements_in_page(cpu, i->seg, si, size, down, i, n);
		n = ns < n ? ns : n;
	}
	if (n < 2)
		return 0;
	uint8_t *d = bulk_pointer(cpu, S_ES, di, size, down, n, true);
	if (!d)
		return 0;
	ptrdiff_t step = down ? -(ptrdiff_t)size : (ptrdiff_t)size;
	if (kind == STR_STOS) {
		uint32_t v = reg_read(cpu, R_EAX, size);
		if (size == 1) {
			memset(down ? d - (n - 1) : d, (int)v, n);
		} else {
			for (uint32_t k = 0; k < n; k++, d += step) {
				if (size == 2)
					store_le16(d, (uint16_t)v);
				else
					store_le32(d, v);
			}
		}
	} else {
		const uint8_t *src = bulk_pointer(cpu, i->seg, si, size, down, n, false);
		if (!src)
			return 0;
		uint32_t bytes = n * size;
		const uint8_t *slo = down ? src - (bytes - size) : src;
		uint8_t *dlo = down ? d - (bytes - size) : d;
		if (dlo + bytes <= slo || slo + bytes <= dlo) {
			memcpy(dlo, slo, bytes);
		} else {
			/* Overlap: element by element, in order. */
			for (uint32_t k = 0; k < n; k++, d += step, src += step) {
				if (size == 1)
					*d = *src;
				else if (size == 2)
					store_le16(d, load_le16(src));
				else
					store_le32(d, load_le32(src));
			}
		}
		uint32_t delta = down ? (uint32_t)-(int32_t)(n * size) : n * size;
		cpu->r[R_ESI] = (cpu->r[R_ESI] & ~i->ea_mask) | ((cpu->r[R_ESI] + delta) & i->ea_mask);
	}
	uint32_t delta = down ? (uint32_t)-(int32_t)(n * size) : n * size;
	cpu->r[R_EDI] = (cpu->r[R_EDI] & ~i->ea_mask) | ((cpu->r[R_EDI] + delta) & i->ea_mask);
	return n;
}

static inline void string_op(struct cpu *cpu, const struct insn *i, enum string_kind kind, unsigned size)
{
	if (!(i->flags & (I_REP | I_REPNE))) {
		string_once(cpu, i, kind, size);
		return;
	}
	bool conditional = kind == STR_CMPS || kind == STR_SCAS;
	/* F3 repeats while ZF = 1 (REPE), F2 while ZF = 0 (REPNE); for the
	 * other string instructions both mean plain REP. */
	bool want_zf = (i->flags & I_REP) != 0;
	while (cpu->r[R_ECX] & i->ea_mask) {
		if (kind == STR_STOS || kind == STR_MOVS) {
			uint32_t done = string_bulk(cpu, i, kind, size, cpu->r[R_ECX] & i->ea_mask);
			if (done) {
				uint32_t count = (cpu->r[R_ECX] - done) & i->ea_mask;
				cpu->r[R_ECX] = (cpu->r[R_ECX] & ~i->ea_mask) | count;
				continue;
			}
		}
		string_once(cpu, i, kind, size);
		uint32_t count = (cpu->r[R_ECX] - 1) & i->ea_mask;
		cpu->r[R_ECX] = (cpu->r[R_ECX] & ~i->ea_mask) | count;
		if (conditional && flag_zf(cpu) != want_zf)
			break;
	}
}

void op_movsb(struct cpu *cpu, const struct insn *i) { string_op(cpu, i, STR_MOVS, 1); }
void op_movsw(struct cpu *cpu, const struct insn *i) { string_op(cpu, i, STR_MOVS, 2); }
void op_movsd(struct cpu *cpu, const struct insn *i) { string_op(cpu, i, STR_MOVS, 4); }
void op_cmpsb(struct cpu *cpu, const struct insn *i) { string_op(cpu, i, STR_CMPS, 1); }
void op_cmpsw(struct cpu *cpu, const struct insn *i) { string_op(cpu, i, STR_CMPS, 2); }
void op_cmpsd(struct cpu *cpu, const struct insn *i) { string_op(cpu, i, STR_CMPS, 4); }
void op_stosb(struct cpu *cpu, const struct insn *i) { string_op(cpu, i, STR_STOS, 1); }
void op_stosw(struct cpu *cpu, const struct insn *i) { string_op(cpu, i, STR_STOS, 2); }
void op_stosd(struct cpu *cpu, const struct insn *i) { string_op(cpu, i, STR_STOS, 4); }
void op_lodsb(struct cpu *cpu, const struct insn *i) { string_op(cpu, i, STR_LODS, 1); }
void op_lodsw(struct cpu *cpu, const struct insn *i) { string_op(cpu, i, STR_LODS, 2); }
void op_lodsd(struct cpu *cpu, const struct insn *i) { string_op(cpu, i, STR_LODS, 4); }
void op_scasb(struct cpu *cpu, const struct insn *i) { string_op(cpu, i, STR_SCAS, 1); }
void op_scasw(struct cpu *cpu, const struct insn *i) { string_op(cpu, i, STR_SCAS, 2); }
void op_scasd(struct cpu *cpu, const struct insn *i) { string_op(cpu, i, STR_SCAS, 4); }
void op_insb(struct cpu *cpu, const struct insn *i) { string_op(cpu, i, STR_INS, 1); }
void op_insw(struct cpu *cpu, const struct insn *i) { string_op(cpu, i, STR_INS, 2); }
void op_insd(struct cpu *cpu, const struct insn *i) { string_op(cpu, i, STR_INS, 4); }
void op_outsb(struct cpu *cpu, const struct insn *i) { string_op(cpu, i, STR_OUTS, 1); }
void op_outsw(struct cpu *cpu, const struct insn *i) { string_op(cpu, i, STR_OUTS, 2); }
void op_outsd(struct cpu *cpu, const struct insn *i) { string_op(cpu, i, STR_OUTS, 4); }
