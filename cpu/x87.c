/* The x87 FPU: its state, the start of every x87 instruction (CR0.EM and
 * TS, pending exceptions, #MF or FERR#), and the control instructions
 * (FNINIT, FNCLEX, FLDCW, FNSTCW, FNSTSW, FLDENV, FNSTENV, FRSTOR,
 * FNSAVE).  SDM Vol. 1 ch. 8, Vol. 2 per instruction, Vol. 1 App. D. */
#include "cpu/x87.h"

unsigned x87_tag_for(x87_f80 v)
{
	uint16_t e = x87_exponent(v);
	if (e == 0 && v.significand == 0)
		return TAG_ZERO;
	if (e != 0 && e != X87_EXP_MAX && (v.significand & X87_INTEGER_BIT))
		return TAG_VALID;
	return TAG_SPECIAL; /* NaN, infinity, denormal, unsupported */
}

void x87_set_phys_tag(struct cpu *cpu, unsigned phys, unsigned tag)
{
	cpu->x87.tag = (uint16_t)((cpu->x87.tag & ~(3u << (2 * phys))) | (tag << (2 * phys)));
}

void x87_set_phys(struct cpu *cpu, unsigned phys, x87_f80 v)
{
	cpu->x87.reg[phys] = v;
	x87_set_phys_tag(cpu, phys, x87_tag_for(v));
}

void x87_init(struct cpu *cpu)
{
	struct cpu_x87 *f = &cpu->x87;
	f->control = CW_INIT;
	f->status = 0;
	f->tag = 0xFFFF;
	f->opcode = 0;
	f->fip = f->fdp = 0;
	f->fcs = f->fds = 0;
}

void x87_reset(struct cpu *cpu)
{
	struct cpu_x87 *f = &cpu->x87;
	if (cpu->model >= CPU_486)
		f->present = true;
	else if (cpu->model < CPU_386)
		f->present = false;
	/* SDM Table 9-1: control word 0040H, status 0, every register +0.0
	 * and tagged zero (5555H), pointers and opcode 0. */
	x87_init(cpu);
	f->control = CW_RESET;
	for (unsigned n = 0; n < 8; n++)
		f->reg[n] = x87_zero(false);
	f->tag = 0x5555;
	f->ignne = false;
	if (f->ferr) {
		f->ferr = false;
		if (f->ferr_changed)
			f->ferr_changed(f->ferr_opaque, false);
	}
	/* The 386 samples its coprocessor at reset: ET says a 387 is there
	 * (the 486 and later have ET wired to 1). */
	if (cpu->model == CPU_386)
		cpu->cr0 = f->present ? (cpu->cr0 | CR0_ET) : (cpu->cr0 & ~CR0_ET);
}

void cpu_set_x87_present(struct cpu *cpu, bool present)
{
	if (cpu->model != CPU_386)
		return;
	cpu->x87.present = present;
	x87_reset(cpu);
}

static void set_ferr(struct cpu *cpu, bool active)
{
	struct cpu_x87 *f = &cpu->x87;
	if (f->ferr == active)
		return;
	f->ferr = active;
	/* The board's latch (SDM Figure D-1) clears IGNNE# whenever FERR#
	 * goes inactive. */
	if (!active)
		f->ignne = false;
	if (f->ferr_changed)
		f->ferr_changed(f->ferr_opaque, active);
}

void cpu_x87_set_ignne(struct cpu *cpu, bool active)
{
	cpu->x87.ignne = active;
}

void x87_update_ferr(struct cpu *cpu)
{
	if (cpu->x87.ferr && !x87_pending(cpu))
		set_ferr(cpu, false);
}

/* A waiting instruction (or WAIT) found an unmasked exception pending.
 * With CR0.NE (the 486 and later): #MF, a fault on this instruction.
 * Otherwise MS-DOS compatibility (SDM D.2.1.1): unless IGNNE# is active,
 * FERR# goes active and the processor freezes before the instruction
 * until an interrupt comes (the board's IRQ 13); glasspc freezes by
 * halting with EIP on the instruction, so the interrupt returns to it.
 * Returns true when the instruction may go on. */
static bool report_pending(struct cpu *cpu)
{
	if (cpu->model >= CPU_486 && (cpu->cr0 & CR0_NE))
		cpu_exception(cpu, EXC_MF, -1);
	if (cpu->x87.ignne)
		return true;
	set_ferr(cpu, true);
	cpu->eip = cpu->insn_eip;
	cpu->halted = true;
	cpu_signal_event(cpu);
	return false;
}

/* The 8086's escape with no coprocessor: CR0.EM or TS make it #NM (the
 * 286 and later); otherwise the bus cycles go nowhere and nothing
 * happens, which FPU-detection code relies on (FNSTSW leaves its
 * destination unchanged). */
static void no_coprocessor(struct cpu *cpu)
{
	if (cpu->model >= CPU_286 && (cpu->cr0 & (CR0_EM | CR0_TS)))
		cpu_exception(cpu, EXC_NM, -1);
}

bool x87_begin(struct cpu *cpu, const struct insn *i, unsigned how)
{
	struct cpu_x87 *f = &cpu->x87;
	if (!f->present) {
		no_coprocessor(cpu);
		return false;
	}
	/* SDM Vol. 3 Table 2-2: EM or TS, #NM for every x87 instruction. */
	if (cpu->cr0 & (CR0_EM | CR0_TS))
		cpu_exception(cpu, EXC_NM, -1);
	if (!(how & X87_NOWAIT) && x87_pending(cpu) && !report_pending(cpu))
		return false;
	if (!(how & X87_CONTROL)) {
		bool pm = cpu_pm(cpu);
		const struct segment *cs = &cpu->seg[S_CS];
		f->opcode = (uint16_t)((i->opcode & 7u) << 8 | (unsigned)i->mod << 6 | (unsigned)i->reg << 3 | i->rm);
		f->fcs = cs->sel;
		f->fip = pm ? cpu->insn_eip : cs->base + cpu->insn_eip;
		if (i->mod != 3) {
			uint32_t ea = insn_ea(cpu, i);
			f->fds = cpu->seg[i->seg].sel;
			f->fdp = pm ? ea : cpu->seg[i->seg].base + ea;
		}
	}
	return true;
}

bool x87_stack_overflow(struct cpu *cpu)
{
	cpu->x87.status |= SW_IE | SW_SF | SW_C1;
	return cpu->x87.control & X87_EX_INVALID;
}

bool x87_stack_underflow(struct cpu *cpu)
{
	cpu->x87.status = (uint16_t)((cpu->x87.status | SW_IE | SW_SF) & ~SW_C1);
	return cpu->x87.control & X87_EX_INVALID;
}

void x87_commit(struct cpu *cpu, const x87_env *env, uint16_t cc_mask)
{
	struct cpu_x87 *f = &cpu->x87;
	f->status = (uint16_t)((f->status | (env->flags & SW_EXCEPTIONS)) & ~cc_mask);
	f->status |= env->cc & cc_mask;
}

/* ---- memory operands ---- */

static uint32_t at(const struct insn *i, uint32_t ea, uint32_t k)
{
	return (ea + k) & i->ea_mask;
}

uint64_t x87_read64(struct cpu *cpu, const struct insn *i, uint32_t k)
{
	uint32_t ea = insn_ea(cpu, i);
	uint32_t lo = cpu_read32(cpu, i->seg, at(i, ea, k));
	uint32_t hi = cpu_read32(cpu, i->seg, at(i, ea, k + 4));
	return (uint64_t)hi << 32 | lo;
}

void x87_write64(struct cpu *cpu, const struct insn *i, uint32_t k, uint64_t v)
{
	uint32_t ea = insn_ea(cpu, i);
	cpu_check_write(cpu, i->seg, at(i, ea, k), 8);
	cpu_write32(cpu, i->seg, at(i, ea, k), (uint32_t)v);
	cpu_write32(cpu, i->seg, at(i, ea, k + 4), (uint32_t)(v >> 32));
}

x87_f80 x87_read80(struct cpu *cpu, const struct insn *i, uint32_t k)
{
	x87_f80 v;
	v.significand = x87_read64(cpu, i, k);
	v.sign_exp = cpu_read16(cpu, i->seg, at(i, insn_ea(cpu, i), k + 8));
	return v;
}

void x87_write80(struct cpu *cpu, const struct insn *i, uint32_t k, x87_f80 v)
{
	uint32_t ea = insn_ea(cpu, i);
	cpu_check_write(cpu, i->seg, at(i, ea, k), 10);
	x87_write64(cpu, i, k, v.significand);
	cpu_write16(cpu, i->seg, at(i, ea, k + 8), v.sign_exp);
}

/* ---- the escape without an FPU, WAIT ---- */

/* The escape row: D8-DF on the 8086, 186 and 286 (no coprocessor), and on
 * the 386 an encoding no x87 row claims (see cpu/opcodes.def): the 387
 * defines no invalid opcodes, so it is an escape with nothing to do
 * beyond the checks every x87 instruction makes. */
void op_esc(struct cpu *cpu, const struct insn *i)
{
	if (!cpu->x87.present) {
		no_coprocessor(cpu);
		return;
	}
	if (cpu->cr0 & (CR0_EM | CR0_TS))
		cpu_exception(cpu, EXC_NM, -1);
}

/* WAIT/FWAIT: #NM when CR0.MP and TS are both set (the 286 and later),
 * then the pending exceptions of the FPU, if there is one. */
void op_wait(struct cpu *cpu, const struct insn *i)
{
	if (cpu->model >= CPU_286 && (cpu->cr0 & (CR0_MP | CR0_TS)) == (CR0_MP | CR0_TS))
		cpu_exception(cpu, EXC_NM, -1);
	if (cpu->x87.present && x87_pending(cpu))
		report_pending(cpu);
}

/* ---- control instructions ---- */

void op_x87_fninit(struct cpu *cpu, const struct insn *i)
{
	if (!x87_begin(cpu, i, X87_NOWAIT | X87_CONTROL))
		return;
	x87_init(cpu);
	x87_update_ferr(cpu);
}

/* FENI, FDISI, FSETPM: nothing on the 387 and later (SDM 8.3.13). */
void op_x87_fnop_legacy(struct cpu *cpu, const struct insn *i)
{
	x87_begin(cpu, i, X87_NOWAIT | X87_CONTROL);
}

void op_x87_fnclex(struct cpu *cpu, const struct insn *i)
{
	if (!x87_begin(cpu, i, X87_NOWAIT | X87_CONTROL))
		return;
	cpu->x87.status &= (uint16_t)~(SW_EXCEPTIONS | SW_SF | SW_ES | SW_B);
	x87_update_ferr(cpu);
}

static void load_control(struct cpu *cpu, uint16_t cw)
{
	cpu->x87.control = (uint16_t)((cw & CW_WRITABLE) | CW_ONES);
}

void op_x87_fldcw(struct cpu *cpu, const struct insn *i)
{
	if (!x87_begin(cpu, i, X87_CONTROL))
		return;
	load_control(cpu, cpu_read16(cpu, i->seg, insn_ea(cpu, i)));
	x87_update_ferr(cpu);
}

void op_x87_fnstcw(struct cpu *cpu, const struct insn *i)
{
	if (!x87_begin(cpu, i, X87_NOWAIT | X87_CONTROL))
		return;
	cpu_write16(cpu, i->seg, insn_ea(cpu, i), cpu->x87.control);
}

void op_x87_fnstsw(struct cpu *cpu, const struct insn *i)
{
	if (!x87_begin(cpu, i, X87_NOWAIT | X87_CONTROL))
		return;
	cpu_write16(cpu, i->seg, insn_ea(cpu, i), x87_status_word(cpu));
}

void op_x87_fnstsw_ax(struct cpu *cpu, const struct insn *i)
{
	if (!x87_begin(cpu, i, X87_NOWAIT | X87_CONTROL))
		return;
	reg16_set(cpu, R_EAX, x87_status_word(cpu));
}

/* ---- the environment and the state (SDM Figures 8-9 to 8-12) ----
 *
 * Seven fields, 16 bits each in the 14-byte formats (16-bit operand
 * size) and 32 bits each in the 28-byte ones:
 *   0 control  1 status  2 tag
 *   protected mode: 3 FIP offset  4 FCS, and FOP in bits 26-16 (32-bit)
 *                   5 FDP offset  6 FDS
 *   real and virtual-8086 mode (linear pointers):
 *                   3 FIP bits 15-0  4 FIP bits 31-16 (19-16) from bit 12, FOP in bits 10-0
 *                   5 FDP bits 15-0  6 FDP bits 31-16 (19-16) from bit 12
 * Reserved bits are stored as zeros. */
#define ENV_FIELDS 7

static unsigned env_size(const struct insn *i)
{
	return (i->flags & I_OS32) ? 28 : 14;
}

static void env_image(const struct cpu *cpu, bool pm, bool os32, uint32_t field[ENV_FIELDS])
{
	const struct cpu_x87 *f = &cpu->x87;
	field[0] = f->control;
	field[1] = x87_status_word(cpu);
	field[2] = f->tag;
	if (pm) {
		field[3] = os32 ? f->fip : (f->fip & 0xFFFF);
		field[4] = f->fcs | (os32 ? (uint32_t)f->opcode << 16 : 0);
		field[5] = os32 ? f->fdp : (f->fdp & 0xFFFF);
		field[6] = f->fds;
	} else {
		uint32_t high_mask = os32 ? 0xFFFF : 0xF;
		field[3] = f->fip & 0xFFFF;
		field[4] = ((f->fip >> 16) & high_mask) << 12 | f->opcode;
		field[5] = f->fdp & 0xFFFF;
		field[6] = ((f->fdp >> 16) & high_mask) << 12;
	}
}

static void env_load(struct cpu *cpu, bool pm, bool os32, const uint32_t field[ENV_FIELDS])
{
	struct cpu_x87 *f = &cpu->x87;
	load_control(cpu, (uint16_t)field[0]);
	f->status = (uint16_t)field[1];
	/* Only empty or not matters; the tags of the others come from the
	 * registers' contents (SDM 8.1.7). */
	for (unsigned n = 0; n < 8; n++) {
		if (((field[2] >> (2 * n)) & 3) == TAG_EMPTY)
			x87_set_phys_tag(cpu, n, TAG_EMPTY);
		else
			x87_set_phys_tag(cpu, n, x87_tag_for(f->reg[n]));
	}
	if (pm) {
		f->fip = os32 ? field[3] : (field[3] & 0xFFFF);
		f->fcs = (uint16_t)field[4];
		if (os32)
			f->opcode = (uint16_t)((field[4] >> 16) & 0x7FF);
		f->fdp = os32 ? field[5] : (field[5] & 0xFFFF);
		f->fds = (uint16_t)field[6];
	} else {
		uint32_t high_mask = os32 ? 0xFFFF : 0xF;
		f->fip = (field[3] & 0xFFFF) | ((field[4] >> 12) & high_mask) << 16;
		f->opcode = (uint16_t)(field[4] & 0x7FF);
		f->fdp = (field[5] & 0xFFFF) | ((field[6] >> 12) & high_mask) << 16;
	}
}

static void env_write(struct cpu *cpu, const struct insn *i)
{
	bool os32 = i->flags & I_OS32;
	uint32_t field[ENV_FIELDS];
	uint32_t ea = insn_ea(cpu, i);
	env_image(cpu, cpu_pm(cpu), os32, field);
	for (unsigned n = 0; n < ENV_FIELDS; n++) {
		if (os32)
			cpu_write32(cpu, i->seg, at(i, ea, 4 * n), field[n]);
		else
			cpu_write16(cpu, i->seg, at(i, ea, 2 * n), (uint16_t)field[n]);
	}
}

static void env_read(struct cpu *cpu, const struct insn *i, uint32_t field[ENV_FIELDS])
{
	bool os32 = i->flags & I_OS32;
	uint32_t ea = insn_ea(cpu, i);
	for (unsigned n = 0; n < ENV_FIELDS; n++)
		field[n] = os32 ? cpu_read32(cpu, i->seg, at(i, ea, 4 * n))
				: cpu_read16(cpu, i->seg, at(i, ea, 2 * n));
}

void op_x87_fnstenv(struct cpu *cpu, const struct insn *i)
{
	if (!x87_begin(cpu, i, X87_NOWAIT | X87_CONTROL))
		return;
	cpu_check_write(cpu, i->seg, insn_ea(cpu, i), env_size(i));
	env_write(cpu, i);
	/* Then every exception is masked (SDM FSTENV). */
	cpu->x87.control |= SW_EXCEPTIONS;
	x87_update_ferr(cpu);
}

void op_x87_fldenv(struct cpu *cpu, const struct insn *i)
{
	if (!x87_begin(cpu, i, X87_CONTROL))
		return;
	uint32_t field[ENV_FIELDS];
	env_read(cpu, i, field);
	env_load(cpu, cpu_pm(cpu), i->flags & I_OS32, field);
	x87_update_ferr(cpu);
}

/* FNSAVE: the environment, then ST(0)..ST(7) (10 bytes each), then
 * FNINIT. */
void op_x87_fnsave(struct cpu *cpu, const struct insn *i)
{
	if (!x87_begin(cpu, i, X87_NOWAIT | X87_CONTROL))
		return;
	unsigned size = env_size(i);
	cpu_check_write(cpu, i->seg, insn_ea(cpu, i), size + 80);
	env_write(cpu, i);
	for (unsigned n = 0; n < 8; n++)
		x87_write80(cpu, i, size + 10 * n, x87_st(cpu, n));
	x87_init(cpu);
	x87_update_ferr(cpu);
}

void op_x87_frstor(struct cpu *cpu, const struct insn *i)
{
	if (!x87_begin(cpu, i, X87_CONTROL))
		return;
	uint32_t field[ENV_FIELDS];
	x87_f80 st[8];
	unsigned size = env_size(i);
	/* Everything is read before anything changes. */
	env_read(cpu, i, field);
	for (unsigned n = 0; n < 8; n++)
		st[n] = x87_read80(cpu, i, size + 10 * n);
	unsigned top = (field[1] >> 11) & 7;
	for (unsigned n = 0; n < 8; n++)
		cpu->x87.reg[(top + n) & 7] = st[n];
	env_load(cpu, cpu_pm(cpu), i->flags & I_OS32, field);
	x87_update_ferr(cpu);
}
