/* SYSENTER and SYSEXIT (P6): fast calls into and out of ring 0 with flat
 * segments derived from SYSENTER_CS (SDM Vol. 2, SYSENTER/SYSEXIT). */
#include "cpu/descriptor.h"

/* A flat 4 GiB segment cache: code (execute/read) or data (read/write). */
static void flat_segment(struct cpu *cpu, struct segment *s, uint16_t sel, unsigned dpl, bool code)
{
	s->sel = sel;
	s->valid = true;
	s->base = 0;
	s->limit = 0xFFFFFFFFu;
	s->attr = (uint16_t)(SEG_ATTR_P | SEG_ATTR_S | SEG_ATTR_RW | SEG_ATTR_A | (dpl << SEG_ATTR_DPL_SHIFT) |
			     SEG_ATTR_DB | SEG_ATTR_G | (code ? SEG_ATTR_CODE : 0));
	segment_update_fast_limits(cpu, s);
}

static void set_cpl(struct cpu *cpu, unsigned cpl)
{
	if ((cpu->cpl == 3) != (cpl == 3))
		cpu_tlb_flush(cpu);
	cpu->cpl = cpl;
}

void op_sysenter(struct cpu *cpu, const struct insn *i)
{
	uint16_t cs = (uint16_t)cpu->msr.sysenter_cs;
	if (!cpu_protected(cpu) || (cs & 0xFFFC) == 0)
		cpu_exception(cpu, EXC_GP, 0);
	cpu_set_flags_raw(cpu, cpu_get_flags(cpu) & ~(F_VM | F_IF | F_RF));
	set_cpl(cpu, 0);
	flat_segment(cpu, &cpu->seg[S_CS], cs & 0xFFFC, 0, true);
	flat_segment(cpu, &cpu->seg[S_SS], (uint16_t)((cs & 0xFFFC) + 8), 0, false);
	cpu->stack32 = true;
	cpu_refresh_code_state(cpu);
	cpu->r[R_ESP] = cpu->msr.sysenter_esp;
	cpu->eip = cpu->msr.sysenter_eip;
}

void op_sysexit(struct cpu *cpu, const struct insn *i)
{
	uint16_t cs = (uint16_t)cpu->msr.sysenter_cs;
	if (!cpu_protected(cpu) || cpu_v86(cpu) || cpu->cpl != 0 || (cs & 0xFFFC) == 0)
		cpu_exception(cpu, EXC_GP, 0);
	set_cpl(cpu, 3);
	flat_segment(cpu, &cpu->seg[S_CS], (uint16_t)((cs + 16) | 3), 3, true);
	flat_segment(cpu, &cpu->seg[S_SS], (uint16_t)((cs + 24) | 3), 3, false);
	cpu->stack32 = true;
	cpu_refresh_code_state(cpu);
	cpu->r[R_ESP] = cpu->r[R_ECX];
	cpu->eip = cpu->r[R_EDX];
}
