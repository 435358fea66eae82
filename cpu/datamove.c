/* Data movement: MOV in its forms, XCHG, LEA, LDS/LES/LSS/LFS/LGS, XLAT,
 * CBW/CWDE/CWD/CDQ, MOVZX/MOVSX, SALC. */
#include "cpu/core.h"

void op_mov_EbGb(struct cpu *cpu, const struct insn *i) { rm8_write(cpu, i, reg8_get(cpu, i->reg)); }
void op_mov_EwGw(struct cpu *cpu, const struct insn *i) { rm16_write(cpu, i, reg16_get(cpu, i->reg)); }
void op_mov_EdGd(struct cpu *cpu, const struct insn *i) { rm32_write(cpu, i, cpu->r[i->reg]); }
void op_mov_GbEb(struct cpu *cpu, const struct insn *i) { reg8_set(cpu, i->reg, rm8_read(cpu, i)); }
void op_mov_GwEw(struct cpu *cpu, const struct insn *i) { reg16_set(cpu, i->reg, rm16_read(cpu, i)); }
void op_mov_GdEd(struct cpu *cpu, const struct insn *i) { cpu->r[i->reg] = rm32_read(cpu, i); }
void op_mov_EbIb(struct cpu *cpu, const struct insn *i) { rm8_write(cpu, i, (uint8_t)i->imm); }
void op_mov_EwIw(struct cpu *cpu, const struct insn *i) { rm16_write(cpu, i, (uint16_t)i->imm); }
void op_mov_EdId(struct cpu *cpu, const struct insn *i) { rm32_write(cpu, i, i->imm); }
void op_mov_ZbIb(struct cpu *cpu, const struct insn *i) { reg8_set(cpu, i->opcode & 7, (uint8_t)i->imm); }
void op_mov_ZwIw(struct cpu *cpu, const struct insn *i) { reg16_set(cpu, i->opcode & 7, (uint16_t)i->imm); }
void op_mov_ZdId(struct cpu *cpu, const struct insn *i) { cpu->r[i->opcode & 7] = i->imm; }

/* moffs forms: the offset is in insn->disp, the segment in insn->seg. */
void op_mov_ALOb(struct cpu *cpu, const struct insn *i) { reg8_set(cpu, R_EAX, cpu_read8(cpu, i->seg, i->disp)); }
void op_mov_AXOw(struct cpu *cpu, const struct insn *i) { reg16_set(cpu, R_EAX, cpu_read16(cpu, i->seg, i->disp)); }
void op_mov_EAXOd(struct cpu *cpu, const struct insn *i) { cpu->r[R_EAX] = cpu_read32(cpu, i->seg, i->disp); }
void op_mov_ObAL(struct cpu *cpu, const struct insn *i) { cpu_write8(cpu, i->seg, i->disp, reg8_get(cpu, R_EAX)); }
void op_mov_OwAX(struct cpu *cpu, const struct insn *i) { cpu_write16(cpu, i->seg, i->disp, reg16_get(cpu, R_EAX)); }
void op_mov_OdEAX(struct cpu *cpu, const struct insn *i) { cpu_write32(cpu, i->seg, i->disp, cpu->r[R_EAX]); }

/* The segment register named by a ModRM reg field.  The 8086 decodes
 * only the low two bits; the 286 has four segment registers and the 386
 * six, and #UD on the rest. */
static int sreg_from_reg(struct cpu *cpu, unsigned reg)
{
	if (cpu->model <= CPU_186)
		return reg & 3;
	if (reg >= (cpu->model >= CPU_386 ? 6u : 4u))
		cpu_exception(cpu, EXC_UD, -1);
	return (int)reg;
}

void op_mov_EwSw(struct cpu *cpu, const struct insn *i)
{
	uint16_t sel = cpu->seg[sreg_from_reg(cpu, i->reg)].sel;
	/* With a 32-bit register destination the selector is zero-extended
	 * (P6 behaviour; the 386 leaves the upper half undefined). */
	if (i->mod == 3 && (i->flags & I_OS32))
		cpu->r[i->rm] = sel;
	else
		rm16_write(cpu, i, sel);
}

void op_mov_SwEw(struct cpu *cpu, const struct insn *i)
{
	int seg = sreg_from_reg(cpu, i->reg);
	/* MOV CS, r/m works on the 8086 (a jump); later CPUs #UD. */
	if (seg == S_CS && cpu->model >= CPU_186)
		cpu_exception(cpu, EXC_UD, -1);
	cpu_load_seg(cpu, seg, rm16_read(cpu, i));
}

static inline void xchg_rm_reg(struct cpu *cpu, const struct insn *i, unsigned size)
{
	uint32_t a = rm_read(cpu, i, size);
	rm_write(cpu, i, size, reg_read(cpu, i->reg, size));
	reg_write(cpu, i->reg, size, a);
}

void op_xchg_EbGb(struct cpu *cpu, const struct insn *i) { xchg_rm_reg(cpu, i, 1); }
void op_xchg_EwGw(struct cpu *cpu, const struct insn *i) { xchg_rm_reg(cpu, i, 2); }
void op_xchg_EdGd(struct cpu *cpu, const struct insn *i) { xchg_rm_reg(cpu, i, 4); }

void op_xchg_ZwAX(struct cpu *cpu, const struct insn *i)
{
	unsigned n = i->opcode & 7;
	uint16_t t = reg16_get(cpu, n);
	reg16_set(cpu, n, reg16_get(cpu, R_EAX));
	reg16_set(cpu, R_EAX, t);
}

void op_xchg_ZdEAX(struct cpu *cpu, const struct insn *i)
{
	unsigned n = i->opcode & 7;
	uint32_t t = cpu->r[n];
	cpu->r[n] = cpu->r[R_EAX];
	cpu->r[R_EAX] = t;
}

void op_lea_w(struct cpu *cpu, const struct insn *i) { reg16_set(cpu, i->reg, (uint16_t)insn_ea(cpu, i)); }
void op_lea_d(struct cpu *cpu, const struct insn *i) { cpu->r[i->reg] = insn_ea(cpu, i); }

/* LDS, LES, LSS, LFS, LGS: offset then selector from memory; insn->sub
 * names the segment register. */
void op_lxs_w(struct cpu *cpu, const struct insn *i)
{
	uint32_t ea = insn_ea(cpu, i);
	uint16_t off = cpu_read16(cpu, i->seg, ea);
	uint16_t sel = cpu_read16(cpu, i->seg, (ea + 2) & i->ea_mask);
	cpu_load_seg(cpu, i->sub, sel);
	reg16_set(cpu, i->reg, off);
}

void op_lxs_d(struct cpu *cpu, const struct insn *i)
{
	uint32_t ea = insn_ea(cpu, i);
	uint32_t off = cpu_read32(cpu, i->seg, ea);
	uint16_t sel = cpu_read16(cpu, i->seg, (ea + 4) & i->ea_mask);
	cpu_load_seg(cpu, i->sub, sel);
	cpu->r[i->reg] = off;
}

void op_xlat(struct cpu *cpu, const struct insn *i)
{
	uint32_t off = (cpu->r[R_EBX] + reg8_get(cpu, R_EAX)) & i->ea_mask;
	reg8_set(cpu, R_EAX, cpu_read8(cpu, i->seg, off));
}

void op_cbw(struct cpu *cpu, const struct insn *i) { reg16_set(cpu, R_EAX, (uint16_t)(int8_t)reg8_get(cpu, R_EAX)); }
void op_cwde(struct cpu *cpu, const struct insn *i) { cpu->r[R_EAX] = (uint32_t)(int16_t)reg16_get(cpu, R_EAX); }
void op_cwd(struct cpu *cpu, const struct insn *i) { reg16_set(cpu, R_EDX, (reg16_get(cpu, R_EAX) & 0x8000) ? 0xFFFF : 0); }
void op_cdq(struct cpu *cpu, const struct insn *i) { cpu->r[R_EDX] = (cpu->r[R_EAX] & 0x80000000u) ? 0xFFFFFFFFu : 0; }

void op_movzx_GwEb(struct cpu *cpu, const struct insn *i) { reg16_set(cpu, i->reg, rm8_read(cpu, i)); }
void op_movzx_GdEb(struct cpu *cpu, const struct insn *i) { cpu->r[i->reg] = rm8_read(cpu, i); }
void op_movzx_GwEw(struct cpu *cpu, const struct insn *i) { reg16_set(cpu, i->reg, rm16_read(cpu, i)); }
void op_movzx_GdEw(struct cpu *cpu, const struct insn *i) { cpu->r[i->reg] = rm16_read(cpu, i); }
void op_movsx_GwEb(struct cpu *cpu, const struct insn *i) { reg16_set(cpu, i->reg, (uint16_t)(int8_t)rm8_read(cpu, i)); }
void op_movsx_GdEb(struct cpu *cpu, const struct insn *i) { cpu->r[i->reg] = (uint32_t)(int8_t)rm8_read(cpu, i); }
void op_movsx_GwEw(struct cpu *cpu, const struct insn *i) { reg16_set(cpu, i->reg, rm16_read(cpu, i)); }
void op_movsx_GdEw(struct cpu *cpu, const struct insn *i) { cpu->r[i->reg] = (uint32_t)(int16_t)rm16_read(cpu, i); }

/* SALC (undocumented, D6): AL = CF ? 0xFF : 0, flags unchanged. */
void op_salc(struct cpu *cpu, const struct insn *i) { reg8_set(cpu, R_EAX, flag_cf(cpu) ? 0xFF : 0); }

/* CMOVcc: the source is read (and may fault) whether or not it moves;
 * a 32-bit destination is written, and so zero-extended, only when the
 * condition holds. */
void op_cmov_w(struct cpu *cpu, const struct insn *i)
{
	uint16_t v = rm16_read(cpu, i);
	if (cond_eval(cpu, i->sub))
		reg16_set(cpu, i->reg, v);
}

void op_cmov_d(struct cpu *cpu, const struct insn *i)
{
	uint32_t v = rm32_read(cpu, i);
	if (cond_eval(cpu, i->sub))
		cpu->r[i->reg] = v;
}

/* BSWAP with a 16-bit operand size is undefined; Intel CPUs clear the
 * register's low word, which glasspc does too. */
void op_bswap(struct cpu *cpu, const struct insn *i)
{
	unsigned n = i->opcode & 7;
	uint32_t v = cpu->r[n];
	if (i->flags & I_OS32)
		cpu->r[n] = (v >> 24) | ((v >> 8) & 0xFF00u) | ((v << 8) & 0xFF0000u) | (v << 24);
	else
		reg16_set(cpu, n, 0);
}

/* MOV, MOVZX and MOVSX with the kind of the r/m operand fixed at decode
 * time (datamove_specialise). */
#define MOV_KIND(name, body)                                                                      \
	static void name##_r(struct cpu *cpu, const struct insn *i) { const bool mem = false; body; } \
	static void name##_m(struct cpu *cpu, const struct insn *i) { const bool mem = true; body; }
MOV_KIND(mov_EbGb, rmk_write(cpu, i, 1, mem, reg8_get(cpu, i->reg)))
MOV_KIND(mov_EwGw, rmk_write(cpu, i, 2, mem, reg16_get(cpu, i->reg)))
MOV_KIND(mov_EdGd, rmk_write(cpu, i, 4, mem, cpu->r[i->reg]))
MOV_KIND(mov_GbEb, reg8_set(cpu, i->reg, (uint8_t)rmk_read(cpu, i, 1, mem)))
MOV_KIND(mov_GwEw, reg16_set(cpu, i->reg, (uint16_t)rmk_read(cpu, i, 2, mem)))
MOV_KIND(mov_GdEd, cpu->r[i->reg] = rmk_read(cpu, i, 4, mem))
MOV_KIND(mov_EbIb, rmk_write(cpu, i, 1, mem, (uint8_t)i->imm))
MOV_KIND(mov_EwIw, rmk_write(cpu, i, 2, mem, (uint16_t)i->imm))
MOV_KIND(mov_EdId, rmk_write(cpu, i, 4, mem, i->imm))
MOV_KIND(movzx_GdEb, cpu->r[i->reg] = rmk_read(cpu, i, 1, mem))
MOV_KIND(movzx_GdEw, cpu->r[i->reg] = rmk_read(cpu, i, 2, mem))
MOV_KIND(movsx_GdEb, cpu->r[i->reg] = (uint32_t)(int8_t)rmk_read(cpu, i, 1, mem))
MOV_KIND(movsx_GdEw, cpu->r[i->reg] = (uint32_t)(int16_t)rmk_read(cpu, i, 2, mem))
MOV_KIND(movsx_GwEb, reg16_set(cpu, i->reg, (uint16_t)(int8_t)rmk_read(cpu, i, 1, mem)))

insn_fn *datamove_specialise(const struct insn *i)
{
	static const struct {
		insn_fn *generic, *reg, *mem;
	} forms[] = {
#define MOV_FORM(name) {op_##name, name##_r, name##_m}
		MOV_FORM(mov_EbGb), MOV_FORM(mov_EwGw), MOV_FORM(mov_EdGd), MOV_FORM(mov_GbEb),
		MOV_FORM(mov_GwEw), MOV_FORM(mov_GdEd), MOV_FORM(mov_EbIb), MOV_FORM(mov_EwIw),
		MOV_FORM(mov_EdId), MOV_FORM(movzx_GdEb), MOV_FORM(movzx_GdEw), MOV_FORM(movsx_GdEb),
		MOV_FORM(movsx_GdEw), MOV_FORM(movsx_GwEb),
#undef MOV_FORM
	};
	for (unsigned f = 0; f < sizeof(forms) / sizeof(forms[0]); f++)
		if (i->fn == forms[f].generic)
			return i->mod == 3 ? forms[f].reg : forms[f].mem;
	return NULL;
}
