/* Protected-mode instructions on selectors and descriptors: SLDT STR
 * LLDT LTR VERR VERW (0F 00), LAR LSL (0F 02, 0F 03), ARPL (63).  All of
 * them but SLDT/STR's results are #UD outside protected mode. */
#include "cpu/descriptor.h"

static void require_pm(struct cpu *cpu)
{
	if (!cpu_pm(cpu))
		cpu_exception(cpu, EXC_UD, -1);
}

/* SLDT and STR store a selector; into a 32-bit register it is
 * zero-extended. */
static void store_selector(struct cpu *cpu, const struct insn *i, uint16_t sel)
{
	if (i->mod == 3 && (i->flags & I_OS32))
		cpu->r[i->rm] = sel;
	else
		rm16_write(cpu, i, sel);
}

void op_sldt(struct cpu *cpu, const struct insn *i)
{
	require_pm(cpu);
	store_selector(cpu, i, cpu->ldtr.sel);
}

void op_str(struct cpu *cpu, const struct insn *i)
{
	require_pm(cpu);
	store_selector(cpu, i, cpu->tr.sel);
}

void op_lldt(struct cpu *cpu, const struct insn *i)
{
	require_pm(cpu);
	cpu_require_cpl0(cpu);
	uint16_t sel = rm16_read(cpu, i);
	if ((sel & ~3u) == 0) {
		cpu->ldtr.sel = sel;
		cpu->ldtr.valid = false;
		return;
	}
	struct descriptor d;
	if ((sel & 4) || !descriptor_read(cpu, sel, &d) || desc_is_segment(d) || desc_type(d) != DESC_LDT)
		cpu_exception(cpu, EXC_GP, sel & ~3);
	if (!desc_present(d))
		cpu_exception(cpu, EXC_NP, sel & ~3);
	segment_from_descriptor(cpu, &cpu->ldtr, sel, d);
}

void op_ltr(struct cpu *cpu, const struct insn *i)
{
	require_pm(cpu);
	cpu_require_cpl0(cpu);
	uint16_t sel = rm16_read(cpu, i);
	if ((sel & ~3u) == 0)
		cpu_exception(cpu, EXC_GP, 0);
	struct descriptor d;
	if ((sel & 4) || !descriptor_read(cpu, sel, &d) || desc_is_segment(d) ||
	    (desc_type(d) != DESC_TSS16_AVAIL && desc_type(d) != DESC_TSS32_AVAIL))
		cpu_exception(cpu, EXC_GP, sel & ~3);
	if (!desc_present(d))
		cpu_exception(cpu, EXC_NP, sel & ~3);
	/* LTR marks the TSS busy. */
	d.hi |= 0x200;
	cpu_write_linear(cpu, cpu->gdtr.base + (sel & ~7u) + 5, (d.hi >> 8) & 0xFF, 1);
	segment_from_descriptor(cpu, &cpu->tr, sel, d);
}

/* Whether the current privilege may see a descriptor: conforming code
 * always, anything else when DPL >= CPL and DPL >= RPL. */
static bool visible(const struct cpu *cpu, uint16_t sel, struct descriptor d)
{
	bool conforming = desc_is_code(d) && (d.hi & 0x400);
	return conforming || (desc_dpl(d) >= cpu->cpl && desc_dpl(d) >= (sel & 3u));
}

static void verify(struct cpu *cpu, const struct insn *i, bool for_write)
{
	require_pm(cpu);
	uint16_t sel = rm16_read(cpu, i);
	struct descriptor d;
	bool ok = (sel & ~3u) && descriptor_read(cpu, sel, &d) && desc_is_segment(d) && visible(cpu, sel, d);
	if (ok) {
		if (for_write)
			ok = !desc_is_code(d) && (d.hi & 0x200);
		else
			ok = !desc_is_code(d) || (d.hi & 0x200);
	}
	lf_update(cpu, F_ZF, ok ? F_ZF : 0);
}

void op_verr(struct cpu *cpu, const struct insn *i) { verify(cpu, i, false); }
void op_verw(struct cpu *cpu, const struct insn *i) { verify(cpu, i, true); }

/* LAR and LSL: system types they accept (SDM LAR, LSL). */
static bool lar_type_ok(unsigned t)
{
	return t == DESC_TSS16_AVAIL || t == DESC_LDT || t == DESC_TSS16_BUSY || t == DESC_CALL16 ||
	       t == DESC_TASK || t == DESC_TSS32_AVAIL || t == DESC_TSS32_BUSY || t == DESC_CALL32;
}

static bool lsl_type_ok(unsigned t)
{
	return t == DESC_TSS16_AVAIL || t == DESC_LDT || t == DESC_TSS16_BUSY || t == DESC_TSS32_AVAIL ||
	       t == DESC_TSS32_BUSY;
}

static bool load_checked(struct cpu *cpu, const struct insn *i, bool for_lar, struct descriptor *d)
{
	require_pm(cpu);
	uint16_t sel = rm16_read(cpu, i);
	bool ok = (sel & ~3u) && descriptor_read(cpu, sel, d) && visible(cpu, sel, *d);
	if (ok && !desc_is_segment(*d))
		ok = for_lar ? lar_type_ok(desc_type(*d)) : lsl_type_ok(desc_type(*d));
	lf_update(cpu, F_ZF, ok ? F_ZF : 0);
	return ok;
}

void op_lar_w(struct cpu *cpu, const struct insn *i)
{
	struct descriptor d;
	if (load_checked(cpu, i, true, &d))
		reg16_set(cpu, i->reg, (uint16_t)(d.hi & 0xFF00));
}

void op_lar_d(struct cpu *cpu, const struct insn *i)
{
	struct descriptor d;
	if (load_checked(cpu, i, true, &d))
		cpu->r[i->reg] = d.hi & 0x00FFFF00u;
}

void op_lsl_w(struct cpu *cpu, const struct insn *i)
{
	struct descriptor d;
	if (load_checked(cpu, i, false, &d))
		reg16_set(cpu, i->reg, (uint16_t)desc_limit(d));
}

void op_lsl_d(struct cpu *cpu, const struct insn *i)
{
	struct descriptor d;
	if (load_checked(cpu, i, false, &d))
		cpu->r[i->reg] = desc_limit(d);
}

/* ARPL: raise the destination selector's RPL to the source's. */
void op_arpl(struct cpu *cpu, const struct insn *i)
{
	require_pm(cpu);
	uint16_t dest = rm16_read(cpu, i), src = reg16_get(cpu, i->reg);
	if ((dest & 3) < (src & 3)) {
		rm16_write(cpu, i, (uint16_t)((dest & ~3u) | (src & 3u)));
		lf_update(cpu, F_ZF, F_ZF);
	} else {
		lf_update(cpu, F_ZF, 0);
	}
}
