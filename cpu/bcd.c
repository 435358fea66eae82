/* Decimal adjustments: DAA DAS AAA AAS AAM AAD. */
#include "cpu/core.h"

/* SF ZF PF from AL; the others as given. */
static void bcd_flags(struct cpu *cpu, uint8_t al, bool cf, bool af, bool of)
{
	lf_set_all(cpu, (cf ? F_CF : 0) | (af ? F_AF : 0) | (of ? F_OF : 0) | (al & 0x80 ? F_SF : 0) |
				(al == 0 ? F_ZF : 0) | (parity_table[al] ? F_PF : 0));
}

/* DAA and DAS follow the SDM's pseudo-code on the 286 and later.  The
 * 8086 and 80186 differ, as measured on a real 80C86: the high-digit
 * adjustment compares the original AL with 0x9F instead of 0x99 when AF
 * was set, and CF comes from that adjustment alone (the low-digit
 * adjustment's carry or borrow is not kept).  OF is undefined; it is set
 * as the signed overflow of the whole adjustment. */
static bool bcd_high_adjust(const struct cpu *cpu, uint8_t old_al, bool old_af, bool old_cf)
{
	uint8_t limit = (cpu->model <= CPU_186 && old_af) ? 0x9F : 0x99;
	return old_al > limit || old_cf;
}

void op_daa(struct cpu *cpu, const struct insn *i)
{
	uint8_t al = reg8_get(cpu, R_EAX), old_al = al;
	bool old_cf = flag_cf(cpu), old_af = flag_af(cpu), af = false, cf = false;
	if ((al & 0x0F) > 9 || old_af) {
		if (cpu->model >= CPU_286)
			cf = old_cf || al > 0xF9;
		al = (uint8_t)(al + 6);
		af = true;
	}
	if (bcd_high_adjust(cpu, old_al, old_af, old_cf)) {
		al = (uint8_t)(al + 0x60);
		cf = true;
	}
	reg8_set(cpu, R_EAX, al);
	bcd_flags(cpu, al, cf, af, (~old_al & al & 0x80) != 0);
}

void op_das(struct cpu *cpu, const struct insn *i)
{
	uint8_t al = reg8_get(cpu, R_EAX), old_al = al;
	bool old_cf = flag_cf(cpu), old_af = flag_af(cpu), af = false, cf = false;
	if ((al & 0x0F) > 9 || old_af) {
		if (cpu->model >= CPU_286)
			cf = old_cf || al < 6;
		al = (uint8_t)(al - 6);
		af = true;
	}
	if (bcd_high_adjust(cpu, old_al, old_af, old_cf)) {
		al = (uint8_t)(al - 0x60);
		cf = true;
	}
	reg8_set(cpu, R_EAX, al);
	bcd_flags(cpu, al, cf, af, (old_al & ~al & 0x80) != 0);
}

/* AAA/AAS: the 286 and later add 0x106 to AX (a carry out of AL reaches
 * AH); the 8086 adjusts AL and AH separately. */
void op_aaa(struct cpu *cpu, const struct insn *i)
{
	uint8_t al = reg8_get(cpu, R_EAX), ah = reg8_get(cpu, 4);
	bool adjust = (al & 0x0F) > 9 || flag_af(cpu);
	if (adjust) {
		if (cpu->model >= CPU_286) {
			uint16_t ax = (uint16_t)(reg16_get(cpu, R_EAX) + 0x106);
			al = (uint8_t)ax;
			ah = (uint8_t)(ax >> 8);
		} else {
			al = (uint8_t)(al + 6);
			ah = (uint8_t)(ah + 1);
		}
	}
	reg8_set(cpu, R_EAX, al & 0x0F);
	reg8_set(cpu, 4, ah);
	bcd_flags(cpu, al, adjust, adjust, false);
}

void op_aas(struct cpu *cpu, const struct insn *i)
{
	uint8_t al = reg8_get(cpu, R_EAX), ah = reg8_get(cpu, 4);
	bool adjust = (al & 0x0F) > 9 || flag_af(cpu);
	if (adjust) {
		if (cpu->model >= CPU_286) {
			uint16_t ax = (uint16_t)(reg16_get(cpu, R_EAX) - 6);
			al = (uint8_t)ax;
			ah = (uint8_t)((ax >> 8) - 1);
		} else {
			al = (uint8_t)(al - 6);
			ah = (uint8_t)(ah - 1);
		}
	}
	reg8_set(cpu, R_EAX, al & 0x0F);
	reg8_set(cpu, 4, ah);
	bcd_flags(cpu, al, adjust, adjust, false);
}

/* AAM imm8: AH = AL / imm8, AL = AL % imm8; #DE when imm8 is 0. */
void op_aam(struct cpu *cpu, const struct insn *i)
{
	uint8_t base = (uint8_t)i->imm, al = reg8_get(cpu, R_EAX);
	if (base == 0) {
		/* The 8086 sets the flags for a zero result before it raises
		 * the divide error (measured on an 80C86). */
		if (cpu->model == CPU_8086)
			lf_logic(cpu, 0, 1);
		cpu_exception(cpu, EXC_DE, -1);
	}
	uint8_t q = al / base, r = al % base;
	reg8_set(cpu, 4, q);
	reg8_set(cpu, R_EAX, r);
	bcd_flags(cpu, r, false, false, false);
}

/* AAD imm8: AL = AL + AH * imm8, AH = 0.  The flags follow the final
 * addition (AL + AH*imm8), which is how the undefined ones come out. */
void op_aad(struct cpu *cpu, const struct insn *i)
{
	uint8_t al = reg8_get(cpu, R_EAX);
	uint8_t t = (uint8_t)(reg8_get(cpu, 4) * (uint8_t)i->imm);
	uint8_t r = (uint8_t)(al + t);
	reg16_set(cpu, R_EAX, r);
	lf_add(cpu, al, t, r, 1);
}
