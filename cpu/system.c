/* Miscellaneous and system instructions: NOP, HLT, BOUND, #UD, the
 * descriptor-table registers, SMSW/LMSW/CLTS, and MOV to and from control
 * and debug registers.  WAIT and the x87 escapes are in cpu/x87.c. */
#include "cpu/descriptor.h"
#include "cpu/paging.h"


/* The 8086 has no invalid-opcode exception: every byte pattern does
 * something, and the ones without a row in the table do nothing. */
void op_ud(struct cpu *cpu, const struct insn *i)
{
	if (cpu->model >= CPU_186)
		cpu_exception(cpu, EXC_UD, -1);
}

void op_nop(struct cpu *cpu, const struct insn *i) {}

void cpu_require_cpl0(struct cpu *cpu)
{
	if (cpu_protected(cpu) && (cpu->cpl != 0 || cpu_v86(cpu)))
		cpu_exception(cpu, EXC_GP, 0);
}

void op_hlt(struct cpu *cpu, const struct insn *i)
{
	cpu_require_cpl0(cpu);
	cpu->halted = true;
	cpu_signal_event(cpu);
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

void op_lgdt(struct cpu *cpu, const struct insn *i)
{
	cpu_require_cpl0(cpu);
	load_table_register(cpu, i, &cpu->gdtr.base, &cpu->gdtr.limit);
}

void op_lidt(struct cpu *cpu, const struct insn *i)
{
	cpu_require_cpl0(cpu);
	load_table_register(cpu, i, &cpu->idtr.base, &cpu->idtr.limit);
}
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

/* Applies a new CR0: PE and PG change the mode, WP and PG what the TLB
 * may hold. */
static void set_cr0(struct cpu *cpu, uint32_t v)
{
	uint32_t old = cpu->cr0;
	cpu->cr0 = v;
	if ((old ^ v) & (CR0_PE | CR0_PG | CR0_WP | CR0_AM)) {
		if ((v & CR0_PG) && !(old & CR0_PG) && !paging_load_pdptes(cpu)) {
			cpu->cr0 = old;
			cpu_exception(cpu, EXC_GP, 0);
		}
		cpu_tlb_flush(cpu);
	}
	if ((old ^ v) & CR0_PE) {
		for (int s = 0; s < 6; s++)
			segment_update_fast_limits(cpu, &cpu->seg[s]);
		cpu_set_flags_raw(cpu, cpu_get_flags(cpu)); /* the 286's IOPL/NT exist only in PM */
		cpu_refresh_code_state(cpu);
	}
}

/* LMSW loads PE MP EM TS; it can set PE but never clear it. */
void op_lmsw(struct cpu *cpu, const struct insn *i)
{
	cpu_require_cpl0(cpu);
	uint16_t v = rm16_read(cpu, i);
	uint32_t keep_pe = cpu->cr0 & CR0_PE;
	set_cr0(cpu, (cpu->cr0 & ~(CR0_MP | CR0_EM | CR0_TS)) | (v & (CR0_PE | CR0_MP | CR0_EM | CR0_TS)) | keep_pe);
}

void op_clts(struct cpu *cpu, const struct insn *i)
{
	cpu_require_cpl0(cpu);
	cpu->cr0 &= ~CR0_TS;
}

/* CR0 bits each model has; the rest read as written where the SDM says
 * so and are ignored here. */
static uint32_t cr0_writable(const struct cpu *cpu)
{
	uint32_t m = CR0_PE | CR0_MP | CR0_EM | CR0_TS | CR0_ET | CR0_PG;
	if (cpu->model >= CPU_486)
		m |= CR0_NE | CR0_WP | CR0_AM | CR0_NW | CR0_CD;
	return m;
}

static uint32_t cr4_writable(const struct cpu *cpu)
{
	/* MCE is refused like a reserved bit: CPUID does not offer machine
	 * checks. */
	if (cpu->model == CPU_PENTIUM)
		return CR4_VME | CR4_PVI | CR4_TSD | CR4_DE | CR4_PSE;
	if (cpu->model >= CPU_P6)
		return CR4_VME | CR4_PVI | CR4_TSD | CR4_DE | CR4_PSE | CR4_PAE | CR4_PGE | CR4_PCE;
	return 0;
}

/* CR0, CR2, CR3 on every 386-class model; CR4 from the Pentium on;
 * anything else is #UD. */
static void check_cr(struct cpu *cpu, unsigned n)
{
	if (n == 1 || n > 4 || (n == 4 && cpu->model < CPU_PENTIUM))
		cpu_exception(cpu, EXC_UD, -1);
}

void op_mov_RdCd(struct cpu *cpu, const struct insn *i)
{
	check_cr(cpu, i->reg);
	cpu_require_cpl0(cpu);
	const uint32_t *crs[] = {&cpu->cr0, NULL, &cpu->cr2, &cpu->cr3, &cpu->cr4};
	cpu->r[i->rm] = *crs[i->reg];
}

void op_mov_CdRd(struct cpu *cpu, const struct insn *i)
{
	check_cr(cpu, i->reg);
	cpu_require_cpl0(cpu);
	uint32_t v = cpu->r[i->rm];
	switch (i->reg) {
	case 0:
		/* SDM MOV CR: PG without PE, or NW without CD, is #GP(0). */
		if ((v & CR0_PG) && !(v & CR0_PE))
			cpu_exception(cpu, EXC_GP, 0);
		if (cpu->model >= CPU_486 && (v & CR0_NW) && !(v & CR0_CD))
			cpu_exception(cpu, EXC_GP, 0);
		if (cpu->model >= CPU_486)
			v |= CR0_ET;
		set_cr0(cpu, (v & cr0_writable(cpu)) | (cpu->cr0 & ~cr0_writable(cpu)));
		break;
	case 2:
		cpu->cr2 = v;
		break;
	case 3:
		cpu->cr3 = v;
		if ((cpu->cr0 & CR0_PG) && !paging_load_pdptes(cpu))
			cpu_exception(cpu, EXC_GP, 0);
		cpu_tlb_flush(cpu);
		break;
	default: {
		if (v & ~cr4_writable(cpu))
			cpu_exception(cpu, EXC_GP, 0);
		uint32_t old = cpu->cr4;
		cpu->cr4 = v;
		if ((old ^ v) & (CR4_PSE | CR4_PAE | CR4_PGE)) {
			if ((cpu->cr0 & CR0_PG) && !paging_load_pdptes(cpu)) {
				cpu->cr4 = old;
				cpu_exception(cpu, EXC_GP, 0);
			}
			cpu_tlb_flush(cpu);
		}
		break;
	}
	}
}

/* DR4 and DR5 are aliases of DR6 and DR7 unless CR4.DE makes them #UD. */
static unsigned debug_register(struct cpu *cpu, unsigned n)
{
	if (n == 4 || n == 5) {
		if (cpu->cr4 & CR4_DE)
			cpu_exception(cpu, EXC_UD, -1);
		return n + 2;
	}
	return n;
}

void op_mov_RdDd(struct cpu *cpu, const struct insn *i)
{
	cpu_require_cpl0(cpu);
	unsigned n = debug_register(cpu, i->reg);
	cpu_general_detect(cpu);
	cpu->r[i->rm] = cpu->dr[n];
}

void op_mov_DdRd(struct cpu *cpu, const struct insn *i)
{
	cpu_require_cpl0(cpu);
	unsigned n = debug_register(cpu, i->reg);
	cpu_general_detect(cpu);
	uint32_t v = cpu->r[i->rm];
	/* DR6 and DR7 have bits fixed at 1 and 0 (SDM 17.2.3, 17.2.4). */
	if (n == 6)
		v = (v & 0x0000E00Fu) | 0xFFFF0FF0u;
	else if (n == 7)
		v = (v | 0x400u) & ~0x0000D800u;
	cpu->dr[n] = v;
	if (n == 7 || n < 4)
		cpu_debug_registers_changed(cpu);
}

/* INVLPG drops the translation of one page (global or not). */
void op_invlpg(struct cpu *cpu, const struct insn *i)
{
	cpu_require_cpl0(cpu);
	/* The TLB holds 4 KiB pieces of 2 and 4 MiB pages too, so INVLPG
	 * drops everything rather than search for them; it is rare enough. */
	(void)insn_ea(cpu, i);
	cpu_tlb_flush(cpu);
}

/* INVD and WBINVD: glasspc has no caches to flush. */
void op_invd(struct cpu *cpu, const struct insn *i) { cpu_require_cpl0(cpu); }
