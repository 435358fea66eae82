/* Control transfer: Jcc, JMP, CALL, RET, LOOP/JCXZ, INT/INTO/INT3/INT1,
 * IRET.  Real-mode far transfers; protected-mode gates come with the
 * protected-mode work. */
#include "cpu/core.h"

static inline bool os32(const struct insn *i) { return i->flags & I_OS32; }

void op_jcc(struct cpu *cpu, const struct insn *i)
{
	if (cond_eval(cpu, i->sub))
		branch_near(cpu, cpu->eip + i->imm, os32(i));
}

void op_jcc_Jw(struct cpu *cpu, const struct insn *i) { op_jcc(cpu, i); }
void op_jcc_Jd(struct cpu *cpu, const struct insn *i) { op_jcc(cpu, i); }

/* One handler per condition and operand size (chosen at decode time by
 * control_specialise), so that the commonest branch does not dispatch on
 * its condition again. */
#define JCC_SPECIAL(cc, name)                                                                   \
	static void jcc_##name##_w(struct cpu *cpu, const struct insn *i)                         \
	{                                                                                          \
		if (cond_eval(cpu, cc))                                                            \
			branch_near(cpu, cpu->eip + i->imm, false);                                \
	}                                                                                          \
	static void jcc_##name##_d(struct cpu *cpu, const struct insn *i)                         \
	{                                                                                          \
		if (cond_eval(cpu, cc))                                                            \
			branch_near(cpu, cpu->eip + i->imm, true);                                 \
	}
JCC_SPECIAL(CC_O, o) JCC_SPECIAL(CC_NO, no) JCC_SPECIAL(CC_B, b) JCC_SPECIAL(CC_AE, ae)
JCC_SPECIAL(CC_E, e) JCC_SPECIAL(CC_NE, ne) JCC_SPECIAL(CC_BE, be) JCC_SPECIAL(CC_A, a)
JCC_SPECIAL(CC_S, s) JCC_SPECIAL(CC_NS, ns) JCC_SPECIAL(CC_P, p) JCC_SPECIAL(CC_NP, np)
JCC_SPECIAL(CC_L, l) JCC_SPECIAL(CC_GE, ge) JCC_SPECIAL(CC_LE, le) JCC_SPECIAL(CC_G, g)

static insn_fn *const jcc_special[16][2] = {
	{jcc_o_w, jcc_o_d}, {jcc_no_w, jcc_no_d}, {jcc_b_w, jcc_b_d}, {jcc_ae_w, jcc_ae_d},
	{jcc_e_w, jcc_e_d}, {jcc_ne_w, jcc_ne_d}, {jcc_be_w, jcc_be_d}, {jcc_a_w, jcc_a_d},
	{jcc_s_w, jcc_s_d}, {jcc_ns_w, jcc_ns_d}, {jcc_p_w, jcc_p_d}, {jcc_np_w, jcc_np_d},
	{jcc_l_w, jcc_l_d}, {jcc_ge_w, jcc_ge_d}, {jcc_le_w, jcc_le_d}, {jcc_g_w, jcc_g_d},
};

insn_fn *control_specialise(const struct insn *i)
{
	if (i->fn == op_jcc || i->fn == op_jcc_Jw || i->fn == op_jcc_Jd)
		return jcc_special[i->sub & 15][os32(i)];
	return NULL;
}

void op_jmp_Jw(struct cpu *cpu, const struct insn *i) { branch_near(cpu, cpu->eip + i->imm, false); }
void op_jmp_Jd(struct cpu *cpu, const struct insn *i) { branch_near(cpu, cpu->eip + i->imm, true); }

void op_call_Jw(struct cpu *cpu, const struct insn *i)
{
	push16(cpu, (uint16_t)cpu->eip);
	branch_near(cpu, cpu->eip + i->imm, false);
}

void op_call_Jd(struct cpu *cpu, const struct insn *i)
{
	push32(cpu, cpu->eip);
	branch_near(cpu, cpu->eip + i->imm, true);
}

void op_jmp_Ew(struct cpu *cpu, const struct insn *i) { branch_near(cpu, rm16_read(cpu, i), false); }
void op_jmp_Ed(struct cpu *cpu, const struct insn *i) { branch_near(cpu, rm32_read(cpu, i), true); }

void op_call_Ew(struct cpu *cpu, const struct insn *i)
{
	uint16_t target = rm16_read(cpu, i);
	push16(cpu, (uint16_t)cpu->eip);
	branch_near(cpu, target, false);
}

void op_call_Ed(struct cpu *cpu, const struct insn *i)
{
	uint32_t target = rm32_read(cpu, i);
	push32(cpu, cpu->eip);
	branch_near(cpu, target, true);
}

void op_jmp_Ap(struct cpu *cpu, const struct insn *i) { cpu_far_jump(cpu, (uint16_t)i->imm2, i->imm, os32(i)); }
void op_call_Ap(struct cpu *cpu, const struct insn *i) { cpu_far_call(cpu, (uint16_t)i->imm2, i->imm, os32(i)); }

/* Far pointer in memory: offset (16 or 32 bits) then selector. */
static void read_far_pointer(struct cpu *cpu, const struct insn *i, uint16_t *sel, uint32_t *off)
{
	uint32_t ea = insn_ea(cpu, i);
	if (os32(i)) {
		*off = cpu_read32(cpu, i->seg, ea);
		*sel = cpu_read16(cpu, i->seg, (ea + 4) & i->ea_mask);
	} else {
		*off = cpu_read16(cpu, i->seg, ea);
		*sel = cpu_read16(cpu, i->seg, (ea + 2) & i->ea_mask);
	}
}

void op_jmp_Mp(struct cpu *cpu, const struct insn *i)
{
	uint16_t sel;
	uint32_t off;
	read_far_pointer(cpu, i, &sel, &off);
	cpu_far_jump(cpu, sel, off, os32(i));
}

void op_call_Mp(struct cpu *cpu, const struct insn *i)
{
	uint16_t sel;
	uint32_t off;
	read_far_pointer(cpu, i, &sel, &off);
	cpu_far_call(cpu, sel, off, os32(i));
}

/* Releases imm16 bytes of parameters after a return. */
static void stack_release(struct cpu *cpu, uint32_t bytes)
{
	uint32_t sp = stack_sp(cpu) + bytes;
	stack_set_sp(cpu, cpu->stack32 ? sp : sp & 0xFFFF);
}

void op_ret_near(struct cpu *cpu, const struct insn *i)
{
	uint32_t target = os32(i) ? pop32(cpu) : pop16(cpu);
	stack_release(cpu, i->imm & 0xFFFF);
	branch_near(cpu, target, os32(i));
}

void op_ret_far(struct cpu *cpu, const struct insn *i) { cpu_far_return(cpu, os32(i), (uint16_t)i->imm); }
void op_iret(struct cpu *cpu, const struct insn *i) { cpu_iret(cpu, false); }
void op_iretd(struct cpu *cpu, const struct insn *i) { cpu_iret(cpu, true); }

/* SDM INT n pseudo-code: in virtual-8086 mode with IOPL < 3, INT n (CD)
 * is #GP(0) unless VME redirects it; INT3 and INTO are not
 * IOPL-sensitive. */
void op_int_Ib(struct cpu *cpu, const struct insn *i)
{
	if (vme_redirect_int(cpu, (uint8_t)i->imm))
		return;
	if (cpu_v86(cpu) && (cpu->eflags & F_IOPL) != F_IOPL)
		cpu_exception(cpu, EXC_GP, 0);
	cpu_software_interrupt(cpu, i->imm & 0xFF);
}
void op_int3(struct cpu *cpu, const struct insn *i) { cpu_software_interrupt(cpu, EXC_BP); }
void op_int1(struct cpu *cpu, const struct insn *i) { cpu_software_interrupt(cpu, EXC_DB); }

void op_into(struct cpu *cpu, const struct insn *i)
{
	if (flag_of(cpu))
		cpu_software_interrupt(cpu, EXC_OF);
}

/* LOOP, LOOPE, LOOPNE: the address size picks CX or ECX. */
void op_loop(struct cpu *cpu, const struct insn *i)
{
	uint32_t count = (cpu->r[R_ECX] - 1) & i->ea_mask;
	cpu->r[R_ECX] = (cpu->r[R_ECX] & ~i->ea_mask) | count;
	bool taken = count != 0;
	if (i->sub == LOOP_E)
		taken = taken && flag_zf(cpu);
	else if (i->sub == LOOP_NE)
		taken = taken && !flag_zf(cpu);
	if (taken)
		branch_near(cpu, cpu->eip + i->imm, os32(i));
}

void op_jcxz(struct cpu *cpu, const struct insn *i)
{
	if ((cpu->r[R_ECX] & i->ea_mask) == 0)
		branch_near(cpu, cpu->eip + i->imm, os32(i));
}
