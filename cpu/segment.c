/* Segment-register loads in real, virtual-8086 and protected mode, with
 * the checks and faults of SDM Vol. 3, 5.5-5.7 (and the MOV/POP/LDS
 * pages of Vol. 2), and the descriptor helpers. */
#include "cpu/descriptor.h"

bool descriptor_read(struct cpu *cpu, uint16_t sel, struct descriptor *out)
{
	uint32_t base, limit;
	if (sel & 4) {
		if (!cpu->ldtr.valid)
			return false;
		base = cpu->ldtr.base;
		limit = cpu->ldtr.limit;
	} else {
		base = cpu->gdtr.base;
		limit = cpu->gdtr.limit;
	}
	uint32_t offset = sel & ~7u;
	if (offset + 7 > limit)
		return false;
	out->lo = cpu_read_linear(cpu, base + offset, 4);
	out->hi = cpu_read_linear(cpu, base + offset + 4, 4);
	return true;
}

void descriptor_set_accessed(struct cpu *cpu, uint16_t sel, struct descriptor *d)
{
	if (d->hi & 0x100)
		return;
	d->hi |= 0x100;
	uint32_t base = (sel & 4) ? cpu->ldtr.base : cpu->gdtr.base;
	cpu_write_linear(cpu, base + (sel & ~7u) + 5, (d->hi >> 8) & 0xFF, 1);
}

/* The inline fast path (core.h) checks only "offset + size <= end".
 * Segments whose rules are not that simple get end = 0, so every access
 * goes through the slow path and its full checks. */
void segment_update_fast_limits(const struct cpu *cpu, struct segment *s)
{
	uint64_t end = (uint64_t)s->limit + 1;
	bool expand_down = (s->attr & (SEG_ATTR_CODE | SEG_ATTR_EC)) == SEG_ATTR_EC;
	if (!(cpu->cr0 & CR0_PE) || (cpu->eflags & F_VM)) {
		s->read_end = s->write_end = end;
		return;
	}
	if (!s->valid || expand_down || !(s->attr & SEG_ATTR_S)) {
		s->read_end = s->write_end = 0;
		return;
	}
	if (s->attr & SEG_ATTR_CODE) {
		s->read_end = (s->attr & SEG_ATTR_RW) ? end : 0;
		s->write_end = 0;
	} else {
		s->read_end = end;
		s->write_end = (s->attr & SEG_ATTR_RW) ? end : 0;
	}
}

void segment_from_descriptor(struct cpu *cpu, struct segment *s, uint16_t sel, struct descriptor d)
{
	s->sel = sel;
	s->valid = true;
	s->base = desc_base(d);
	s->limit = desc_limit(d);
	s->attr = desc_attr(d);
	segment_update_fast_limits(cpu, s);
}

void cpu_load_seg_real(struct cpu *cpu, int seg, uint16_t sel)
{
	struct segment *s = &cpu->seg[seg];
	s->sel = sel;
	s->base = (uint32_t)sel << 4;
	s->valid = true;
	if (seg == S_CS) {
		/* A real-mode CS load makes a 16-bit, readable code segment;
		 * the limit stays as it was. */
		s->attr = (uint16_t)((s->attr & ~(SEG_ATTR_DB | SEG_ATTR_G)) | SEG_ATTR_P | SEG_ATTR_S |
				     SEG_ATTR_CODE | SEG_ATTR_RW | SEG_ATTR_A);
	}
	segment_update_fast_limits(cpu, s);
	if (seg == S_CS)
		cpu_refresh_code_state(cpu);
	else if (seg == S_SS)
		cpu->stack32 = (s->attr & SEG_ATTR_DB) != 0;
}

/* SDM 20.2.1: in virtual-8086 mode every segment is a 64 KiB read/write
 * segment at sel << 4 with privilege 3. */
static void load_seg_v86(struct cpu *cpu, int seg, uint16_t sel)
{
	struct segment *s = &cpu->seg[seg];
	s->sel = sel;
	s->base = (uint32_t)sel << 4;
	s->limit = 0xFFFF;
	s->valid = true;
	s->attr = (uint16_t)(SEG_ATTR_P | SEG_ATTR_S | SEG_ATTR_RW | SEG_ATTR_A | (3u << SEG_ATTR_DPL_SHIFT) |
			     (seg == S_CS ? SEG_ATTR_CODE : 0));
	segment_update_fast_limits(cpu, s);
	if (seg == S_CS)
		cpu_refresh_code_state(cpu);
	else if (seg == S_SS)
		cpu->stack32 = false;
}

/* MOV/POP/LDS to DS, ES, FS, GS in protected mode. */
static void load_data_seg_pm(struct cpu *cpu, int seg, uint16_t sel)
{
	struct segment *s = &cpu->seg[seg];
	if ((sel & ~3u) == 0) {
		/* A null selector may be loaded; using the segment faults. */
		s->sel = sel;
		s->valid = false;
		s->attr = 0;
		s->base = 0;
		s->limit = 0;
		segment_update_fast_limits(cpu, s);
		return;
	}
	struct descriptor d;
	if (!descriptor_read(cpu, sel, &d))
		cpu_exception(cpu, EXC_GP, sel & ~3);
	unsigned rpl = sel & 3, dpl = desc_dpl(d);
	bool readable = desc_is_segment(d) && (!desc_is_code(d) || (d.hi & 0x200));
	bool conforming_code = desc_is_code(d) && (d.hi & 0x400);
	if (!readable || (!conforming_code && (rpl > dpl || cpu->cpl > dpl)))
		cpu_exception(cpu, EXC_GP, sel & ~3);
	if (!desc_present(d))
		cpu_exception(cpu, EXC_NP, sel & ~3);
	descriptor_set_accessed(cpu, sel, &d);
	segment_from_descriptor(cpu, s, sel, d);
}

/* MOV/POP/LSS to SS in protected mode: a writable data segment at CPL. */
static void load_ss_pm(struct cpu *cpu, uint16_t sel)
{
	if ((sel & ~3u) == 0)
		cpu_exception(cpu, EXC_GP, 0);
	struct descriptor d;
	if (!descriptor_read(cpu, sel, &d))
		cpu_exception(cpu, EXC_GP, sel & ~3);
	bool writable_data = desc_is_segment(d) && !desc_is_code(d) && (d.hi & 0x200);
	if ((sel & 3) != cpu->cpl || !writable_data || desc_dpl(d) != cpu->cpl)
		cpu_exception(cpu, EXC_GP, sel & ~3);
	if (!desc_present(d))
		cpu_exception(cpu, EXC_SS, sel & ~3);
	descriptor_set_accessed(cpu, sel, &d);
	segment_from_descriptor(cpu, &cpu->seg[S_SS], sel, d);
	cpu->stack32 = (cpu->seg[S_SS].attr & SEG_ATTR_DB) != 0;
}

void cpu_load_seg(struct cpu *cpu, int seg, uint16_t sel)
{
	if (!(cpu->cr0 & CR0_PE))
		cpu_load_seg_real(cpu, seg, sel);
	else if (cpu->eflags & F_VM)
		load_seg_v86(cpu, seg, sel);
	else if (seg == S_SS)
		load_ss_pm(cpu, sel);
	else if (seg == S_CS)
		cpu_exception(cpu, EXC_UD, -1); /* CS is loaded only by control transfers */
	else
		load_data_seg_pm(cpu, seg, sel);
	if (seg == S_SS) {
		/* SDM: loading SS inhibits interrupts until after the next
		 * instruction, so that SS:SP can be loaded as a pair. */
		cpu->irq_inhibit_at = cpu->icount + 1;
		cpu_signal_event(cpu);
	}
}

void cpu_load_seg_v86(struct cpu *cpu, int seg, uint16_t sel)
{
	load_seg_v86(cpu, seg, sel);
}

uint32_t stack_push_other(struct cpu *cpu, const struct segment *ss, uint32_t sp, uint32_t v, bool is32)
{
	unsigned size = is32 ? 4 : 2;
	bool big = ss->attr & SEG_ATTR_DB;
	sp = big ? sp - size : (sp - size) & 0xFFFF;
	bool expand_down = (ss->attr & (SEG_ATTR_CODE | SEG_ATTR_EC)) == SEG_ATTR_EC;
	uint64_t last = (uint64_t)sp + size - 1;
	bool inside = expand_down ? (sp > ss->limit && last <= (big ? 0xFFFFFFFFu : 0xFFFFu)) : last <= ss->limit;
	if (!inside)
		cpu_exception(cpu, EXC_SS, (ss->sel & ~3) + cpu->event_ext);
	/* The new stack belongs to a more privileged level: supervisor
	 * rights unless it is ring 3's. */
	cpu_write_linear_checked(cpu, ss->base + sp, v, size, (ss->sel & 3) == 3);
	return sp;
}
