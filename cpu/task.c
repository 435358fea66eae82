/* Hardware task switching (SDM Vol. 3, 7.3 "Task switching") for 16- and
 * 32-bit TSSs: JMP and CALL to a TSS or task gate, interrupts through task
 * gates, IRET with NT; the busy bit, NT and the back link, the LDT and CR3
 * switch; and the inner-level stacks of the current TSS. */
#include "cpu/task.h"

#include "cpu/paging.h"

static bool tss_is32(unsigned type) { return type == DESC_TSS32_AVAIL || type == DESC_TSS32_BUSY; }

void task_inner_stack(struct cpu *cpu, unsigned dpl, struct segment *ss, uint32_t *sp, int ext)
{
	const struct segment *tr = &cpu->tr;
	uint16_t ss_sel;
	if (tss_is32(tr->attr & 0xF)) {
		uint32_t off = 4 + 8 * dpl;
		if (off + 5 > tr->limit)
			cpu_exception(cpu, EXC_TS, (tr->sel & ~3) + ext);
		*sp = cpu_read_linear(cpu, tr->base + off, 4);
		ss_sel = (uint16_t)cpu_read_linear(cpu, tr->base + off + 4, 2);
	} else {
		uint32_t off = 2 + 4 * dpl;
		if (off + 3 > tr->limit)
			cpu_exception(cpu, EXC_TS, (tr->sel & ~3) + ext);
		*sp = cpu_read_linear(cpu, tr->base + off, 2);
		ss_sel = (uint16_t)cpu_read_linear(cpu, tr->base + off + 2, 2);
	}
	if ((ss_sel & ~3u) == 0)
		cpu_exception(cpu, EXC_TS, ext);
	struct descriptor d;
	if (!descriptor_read(cpu, ss_sel, &d))
		cpu_exception(cpu, EXC_TS, (ss_sel & ~3) + ext);
	bool writable_data = desc_is_segment(d) && !desc_is_code(d) && (d.hi & 0x200);
	if ((ss_sel & 3u) != dpl || desc_dpl(d) != dpl || !writable_data)
		cpu_exception(cpu, EXC_TS, (ss_sel & ~3) + ext);
	if (!desc_present(d))
		cpu_exception(cpu, EXC_SS, (ss_sel & ~3) + ext);
	descriptor_set_accessed(cpu, ss_sel, &d);
	segment_from_descriptor(cpu, ss, ss_sel, d);
}

static void set_busy(struct cpu *cpu, uint16_t sel, bool busy)
{
	uint32_t addr = cpu->gdtr.base + (sel & ~7u) + 5;
	uint32_t access = cpu_read_linear(cpu, addr, 1);
	access = busy ? access | 0x2 : access & ~0x2u;
	cpu_write_linear(cpu, addr, access, 1);
}

/* Writes the outgoing task's state into its TSS. */
static void save_state(struct cpu *cpu, uint32_t flags)
{
	const struct segment *tr = &cpu->tr;
	uint32_t b = tr->base;
	if (tss_is32(tr->attr & 0xF)) {
		cpu_write_linear(cpu, b + 0x20, cpu->eip, 4);
		cpu_write_linear(cpu, b + 0x24, flags, 4);
		for (unsigned n = 0; n < 8; n++)
			cpu_write_linear(cpu, b + 0x28 + 4 * n, cpu->r[n], 4);
		for (unsigned s = 0; s < 6; s++) {
			static const unsigned at[6] = {0x48, 0x4C, 0x50, 0x54, 0x58, 0x5C}; /* ES CS SS DS FS GS */
			cpu_write_linear(cpu, b + at[s], cpu->seg[s].sel, 2);
		}
	} else {
		cpu_write_linear(cpu, b + 0x0E, cpu->eip & 0xFFFF, 2);
		cpu_write_linear(cpu, b + 0x10, flags & 0xFFFF, 2);
		for (unsigned n = 0; n < 8; n++)
			cpu_write_linear(cpu, b + 0x12 + 2 * n, cpu->r[n] & 0xFFFF, 2);
		for (unsigned s = 0; s < 4; s++) /* ES CS SS DS */
			cpu_write_linear(cpu, b + 0x22 + 2 * s, cpu->seg[s].sel, 2);
	}
}

/* Loads a data segment register of the new task; faults are #TS in the
 * new task's context (SDM 7.3, step 12). */
static void load_task_data_seg(struct cpu *cpu, int seg, uint16_t sel)
{
	struct segment *s = &cpu->seg[seg];
	if (cpu_v86(cpu)) {
		cpu_load_seg_v86(cpu, seg, sel);
		return;
	}
	if ((sel & ~3u) == 0) {
		s->sel = sel;
		s->valid = false;
		s->attr = 0;
		segment_update_fast_limits(cpu, s);
		return;
	}
	struct descriptor d;
	if (!descriptor_read(cpu, sel, &d))
		cpu_exception(cpu, EXC_TS, sel & ~3);
	bool readable = desc_is_segment(d) && (!desc_is_code(d) || (d.hi & 0x200));
	bool conforming = desc_is_code(d) && (d.hi & 0x400);
	if (!readable || (!conforming && ((sel & 3u) > desc_dpl(d) || cpu->cpl > desc_dpl(d))))
		cpu_exception(cpu, EXC_TS, sel & ~3);
	if (!desc_present(d))
		cpu_exception(cpu, EXC_NP, sel & ~3);
	descriptor_set_accessed(cpu, sel, &d);
	segment_from_descriptor(cpu, s, sel, d);
}

static void switch_to(struct cpu *cpu, uint16_t tss_sel, struct descriptor tss, enum task_reason why)
{
	unsigned type = desc_type(tss);
	bool is32 = tss_is32(type);
	if (desc_limit(tss) < (is32 ? 0x67u : 0x2Bu))
		cpu_exception(cpu, EXC_TS, tss_sel & ~3);

	/* The outgoing task. */
	uint32_t flags = cpu_get_flags(cpu);
	if (why == TASK_IRET)
		flags &= ~F_NT;
	save_state(cpu, flags);
	if (why == TASK_JMP || why == TASK_IRET)
		set_busy(cpu, cpu->tr.sel, false);
	uint16_t old_tr = cpu->tr.sel;

	/* The incoming task's state, read before anything is loaded. */
	uint32_t b = desc_base(tss);
	uint32_t cr3 = 0, eip, nflags, regs[8];
	uint16_t sels[6] = {0}, ldt;
	if (is32) {
		cr3 = cpu_read_linear(cpu, b + 0x1C, 4);
		eip = cpu_read_linear(cpu, b + 0x20, 4);
		nflags = cpu_read_linear(cpu, b + 0x24, 4);
		for (unsigned n = 0; n < 8; n++)
			regs[n] = cpu_read_linear(cpu, b + 0x28 + 4 * n, 4);
		static const unsigned at[6] = {0x48, 0x4C, 0x50, 0x54, 0x58, 0x5C};
		for (unsigned s = 0; s < 6; s++)
			sels[s] = (uint16_t)cpu_read_linear(cpu, b + at[s], 2);
		ldt = (uint16_t)cpu_read_linear(cpu, b + 0x60, 2);
	} else {
		eip = cpu_read_linear(cpu, b + 0x0E, 2);
		nflags = cpu_read_linear(cpu, b + 0x10, 2);
		/* A 386 loading a 16-bit TSS sets the upper halves of the
		 * general registers to ones (as test386's task-switch test and
		 * Bochs have it). */
		for (unsigned n = 0; n < 8; n++)
			regs[n] = 0xFFFF0000u | cpu_read_linear(cpu, b + 0x12 + 2 * n, 2);
		for (unsigned s = 0; s < 4; s++)
			sels[s] = (uint16_t)cpu_read_linear(cpu, b + 0x22 + 2 * s, 2);
		ldt = (uint16_t)cpu_read_linear(cpu, b + 0x2A, 2);
	}
	if (why == TASK_CALL || why == TASK_INT) {
		cpu_write_linear(cpu, b, old_tr, 2);
		nflags |= F_NT;
	}
	if (why != TASK_IRET)
		set_busy(cpu, tss_sel, true);

	/* Commit: TR, TS, CR3, registers; then the segment loads, whose
	 * faults belong to the new task. */
	segment_from_descriptor(cpu, &cpu->tr, tss_sel, tss);
	cpu->tr.attr |= 0x2; /* busy */
	cpu->cr0 |= CR0_TS;
	if (is32 && (cpu->cr0 & CR0_PG)) {
		cpu->cr3 = cr3;
		paging_load_pdptes(cpu);
		cpu_tlb_flush(cpu);
	}
	cpu->eip = eip;
	/* SDM 7.3 step 12: from here on, faults belong to the new task and
	 * report its CS:EIP. */
	cpu->insn_eip = eip;
	for (unsigned n = 0; n < 8; n++)
		cpu->r[n] = regs[n];
	cpu_set_flags_raw(cpu, nflags);
	for (unsigned s = 0; s < 6; s++)
		cpu->seg[s].sel = sels[s];
	cpu->ldtr.sel = ldt;

	/* LDT. */
	cpu->ldtr.valid = false;
	if (ldt & ~3u) {
		struct descriptor d;
		if ((ldt & 4) || !descriptor_read(cpu, ldt, &d) || desc_is_segment(d) || desc_type(d) != DESC_LDT)
			cpu_exception(cpu, EXC_TS, ldt & ~3);
		if (!desc_present(d))
			cpu_exception(cpu, EXC_TS, ldt & ~3);
		segment_from_descriptor(cpu, &cpu->ldtr, ldt, d);
	}

	if (cpu_v86(cpu)) {
		cpu->cpl = 3;
		for (int s = 0; s < 6; s++)
			cpu_load_seg_v86(cpu, s, sels[s]);
		cpu_tlb_flush(cpu);
		return;
	}

	/* CS decides the new CPL. */
	uint16_t cs = sels[S_CS];
	struct descriptor cd;
	if ((cs & ~3u) == 0 || !descriptor_read(cpu, cs, &cd) || !desc_is_code(cd))
		cpu_exception(cpu, EXC_TS, cs & ~3);
	if ((cd.hi & 0x400) ? desc_dpl(cd) > (cs & 3u) : desc_dpl(cd) != (cs & 3u))
		cpu_exception(cpu, EXC_TS, cs & ~3);
	if (!desc_present(cd))
		cpu_exception(cpu, EXC_NP, cs & ~3);
	bool was_user = cpu->cpl == 3;
	cpu->cpl = cs & 3;
	if (was_user != (cpu->cpl == 3))
		cpu_tlb_flush(cpu);
	descriptor_set_accessed(cpu, cs, &cd);
	segment_from_descriptor(cpu, &cpu->seg[S_CS], cs, cd);
	cpu_refresh_code_state(cpu);

	uint16_t ss = sels[S_SS];
	struct descriptor sd;
	if ((ss & ~3u) == 0 || !descriptor_read(cpu, ss, &sd))
		cpu_exception(cpu, EXC_TS, ss & ~3);
	bool writable_data = desc_is_segment(sd) && !desc_is_code(sd) && (sd.hi & 0x200);
	if ((ss & 3u) != cpu->cpl || desc_dpl(sd) != cpu->cpl || !writable_data)
		cpu_exception(cpu, EXC_TS, ss & ~3);
	if (!desc_present(sd))
		cpu_exception(cpu, EXC_SS, ss & ~3);
	descriptor_set_accessed(cpu, ss, &sd);
	segment_from_descriptor(cpu, &cpu->seg[S_SS], ss, sd);
	cpu->stack32 = (cpu->seg[S_SS].attr & SEG_ATTR_DB) != 0;

	static const int data_segs[] = {S_ES, S_DS, S_FS, S_GS};
	for (int n = 0; n < (is32 ? 4 : 2); n++)
		load_task_data_seg(cpu, data_segs[n], sels[data_segs[n]]);
	if (!is32) {
		load_task_data_seg(cpu, S_FS, 0);
		load_task_data_seg(cpu, S_GS, 0);
	}
	if (eip > cpu->seg[S_CS].limit)
		cpu_exception(cpu, EXC_GP, 0);
}

void task_switch_through(struct cpu *cpu, uint16_t sel, struct descriptor d, enum task_reason why)
{
	uint16_t tss_sel = sel;
	struct descriptor tss = d;
	if (desc_type(d) == DESC_TASK) {
		/* JMP and CALL check the gate's privilege; INT did already. */
		if (why != TASK_INT && (desc_dpl(d) < cpu->cpl || desc_dpl(d) < (sel & 3u)))
			cpu_exception(cpu, EXC_GP, sel & ~3);
		if (!desc_present(d))
			cpu_exception(cpu, EXC_NP, sel & ~3);
		tss_sel = gate_selector(d);
		if ((tss_sel & 4) || !descriptor_read(cpu, tss_sel, &tss))
			cpu_exception(cpu, EXC_GP, tss_sel & ~3);
	} else if (why != TASK_INT && (desc_dpl(d) < cpu->cpl || desc_dpl(d) < (sel & 3u))) {
		cpu_exception(cpu, EXC_GP, sel & ~3);
	}
	unsigned type = desc_type(tss);
	if (desc_is_segment(tss) || (type != DESC_TSS16_AVAIL && type != DESC_TSS32_AVAIL))
		cpu_exception(cpu, EXC_GP, tss_sel & ~3);
	if (!desc_present(tss))
		cpu_exception(cpu, EXC_NP, tss_sel & ~3);
	switch_to(cpu, tss_sel, tss, why);
}

void task_return(struct cpu *cpu)
{
	uint16_t back = (uint16_t)cpu_read_linear(cpu, cpu->tr.base, 2);
	struct descriptor tss;
	if ((back & 4) || !descriptor_read(cpu, back, &tss))
		cpu_exception(cpu, EXC_TS, back & ~3);
	unsigned type = desc_type(tss);
	if (desc_is_segment(tss) || (type != DESC_TSS16_BUSY && type != DESC_TSS32_BUSY))
		cpu_exception(cpu, EXC_TS, back & ~3);
	if (!desc_present(tss))
		cpu_exception(cpu, EXC_NP, back & ~3);
	switch_to(cpu, back, tss, TASK_IRET);
}
