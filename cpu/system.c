/* Miscellaneous and system instructions: NOP, HLT, WAIT, the x87 escapes
 * without a coprocessor, BOUND, #UD, the descriptor-table registers,
 * SMSW/LMSW/CLTS, and MOV to and from control and debug registers. */
#include "cpu/core.h"

#define CR0_PE 0x00000001u
#define CR0_MP 0x00000002u
#define CR0_EM 0x00000004u
#define CR0_TS 0x00000008u

/* The 8086 has no invalid-opcode exception: every byte pattern does
 * something, and the ones without a row in the table do nothing. */
void op_ud(struct cpu *cpu, const struct insn *i)
{
	if (cpu->model >= CPU_186)
		cpu_exception(cpu, EXC_UD, -1);
}

void op_nop(struct cpu *cpu, const struct insn *i) {}

void op_hlt(struct cpu *cpu, const struct insn *i)
{
	cpu->halted = true;
	cpu->events = 1;
}

/* WAIT with no coprocessor: #NM when CR0.MP and CR0.TS are both set
 * (the 286 and later), otherwise nothing to wait for. */
void op_wait(struct cpu *cpu, const struct insn *i)
{
	if (cpu->model >= CPU_286 && (cpu->cr0 & (CR0_MP | CR0_TS)) == (CR0_MP | CR0_TS))
		cpu_exception(cpu, EXC_NM, -1);
}

/* An x87 escape with no coprocessor fitted.  CR0.EM or CR0.TS make it
 * #NM (the 286 and later); otherwise the bus cycles go nowhere and the
 * instruction has no effect, which is what FPU-detection code expects
 * (FNSTSW leaves its destination unchanged). */
void op_esc(struct cpu *cpu, const struct insn *i)
{
	if (cpu->model >= CPU_286 && (cpu->cr0 & (CR0_EM | CR0_TS)))
		cpu_exception(cpu, EXC_NM, -1);
}

/* BOUND: #BR when the signed index lies outside [lower, upper]. */
void op_bound_w(struct cpu *cpu, const struct insn *i)
{
	uint32_t ea = insn_ea(cpu, i);
	int16_t idx = (int16_t)reg16_get(cpu, i->reg);
	int16_t lower = (int16_t)cpu_read16(cpu, i->seg, ea);
	int16_t upper = (int16_t)cpu_read16(cpu, i->seg, (ea + 2) & i->ea_mask);
	if (idx < lower || idx > upper)
		cpu_exception(cpu, EXC_BR, -1);
}

void op_bound_d(struct cpu *cpu, const struct insn *i)
{
	uint32_t ea = insn_ea(cpu, i);
	int32_t idx = (int32_t)cpu->r[i->reg];
	int32_t lower = (int32_t)cpu_read32(cpu, i->seg, ea);
	int32_t upper = (int32_t)cpu_read32(cpu, i->seg, (ea + 4) & i->ea_mask);
	if (idx < lower || idx > upper)
		cpu_exception(cpu, EXC_BR, -1);
}

/* LGDT/LIDT: a 16-bit limit and a base, of which a 16-bit operand size
 * keeps 24 bits. */
static void load_table_register(struct cpu *cpu, const struct insn *i, uint32_t *base, uint16_t *limit)
{
	uint32_t ea = insn_ea(cpu, i);
	uint16_t l = cpu_read16(cpu, i->seg, ea);
	uint32_t b = cpu_read32(cpu, i->seg, (ea + 2) & i->ea_mask);
	if (!(i->flags & I_OS32) || cpu->model < CPU_386)
		b &= 0x00FFFFFF;
	*base = b;
	*limit = l;
}

/* SGDT/SIDT with a 16-bit operand size store 24 bits of base; the 286
 * writes 0xFF in the fourth byte, the 386 writes 0. */
static void store_table_register(struct cpu *cpu, const struct insn *i, uint32_t base, uint16_t limit)
{
	uint32_t ea = insn_ea(cpu, i);
	if (!(i->flags & I_OS32))
		base = (base & 0x00FFFFFF) | (cpu->model == CPU_286 ? 0xFF000000u : 0);
	cpu_check_write(cpu, i->seg, (ea + 2) & i->ea_mask, 4);
	cpu_write16(cpu, i->seg, ea, limit);
	cpu_write32(cpu, i->seg, (ea + 2) & i->ea_mask, base);
}

void op_lgdt(struct cpu *cpu, const struct insn *i) { load_table_register(cpu, i, &cpu->gdtr.base, &cpu->gdtr.limit); }
void op_lidt(struct cpu *cpu, const struct insn *i) { load_table_register(cpu, i, &cpu->idtr.base, &cpu->idtr.limit); }
void op_sgdt(struct cpu *cpu, const struct insn *i) { store_table_register(cpu, i, cpu->gdtr.base, cpu->gdtr.limit); }
void op_sidt(struct cpu *cpu, const struct insn *i) { store_table_register(cpu, i, cpu->idtr.base, cpu->idtr.limit); }

/* SMSW: the low 16 bits of CR0 (all of it into a 32-bit register). */
void op_smsw(struct cpu *cpu, const struct insn *i)
{
	if (i->mod == 3 && (i->flags & I_OS32))
		cpu->r[i->rm] = cpu->cr0;
	else
		rm16_write(cpu, i, (uint16_t)cpu->cr0);
}

/* LMSW loads PE MP EM TS; it can set PE but never clear it. */
void op_lmsw(struct cpu *cpu, const struct insn *i)
{
	uint16_t v = rm16_read(cpu, i);
	cpu->cr0 = (cpu->cr0 & ~(CR0_MP | CR0_EM | CR0_TS)) | (v & (CR0_PE | CR0_MP | CR0_EM | CR0_TS));
}

void op_clts(struct cpu *cpu, const struct insn *i) { cpu->cr0 &= ~CR0_TS; }

/* The 386 has CR0, CR2 and CR3; CR1 and CR4 and up are #UD. */
static uint32_t *control_register(struct cpu *cpu, unsigned n)
{
	switch (n) {
	case 0: return &cpu->cr0;
	case 2: return &cpu->cr2;
	case 3: return &cpu->cr3;
	default: cpu_exception(cpu, EXC_UD, -1);
	}
}

void op_mov_RdCd(struct cpu *cpu, const struct insn *i) { cpu->r[i->rm] = *control_register(cpu, i->reg); }

void op_mov_CdRd(struct cpu *cpu, const struct insn *i)
{
	*control_register(cpu, i->reg) = cpu->r[i->rm];
	cpu_tlb_flush(cpu);
}

/* DR4 and DR5 are aliases of DR6 and DR7 on the 386. */
static unsigned debug_register(unsigned n)
{
	return (n == 4 || n == 5) ? n + 2 : n;
}

void op_mov_RdDd(struct cpu *cpu, const struct insn *i) { cpu->r[i->rm] = cpu->dr[debug_register(i->reg)]; }
void op_mov_DdRd(struct cpu *cpu, const struct insn *i) { cpu->dr[debug_register(i->reg)] = cpu->r[i->rm]; }
