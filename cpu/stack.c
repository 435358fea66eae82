/* The stack: PUSH and POP of registers, segment registers, memory and
 * immediates, PUSHA/POPA, ENTER/LEAVE, PUSHF/POPF. */
#include "cpu/core.h"

void op_push_Zw(struct cpu *cpu, const struct insn *i)
{
	unsigned n = i->opcode & 7;
	/* The 8086 and 80186 push SP after decrementing it; the 286 and
	 * later push the value it had before the instruction. */
	if (n == R_ESP && cpu->model <= CPU_186) {
		uint16_t sp = (uint16_t)(reg16_get(cpu, R_ESP) - 2);
		push16(cpu, sp);
		return;
	}
	push16(cpu, reg16_get(cpu, n));
}

void op_push_Zd(struct cpu *cpu, const struct insn *i) { push32(cpu, cpu->r[i->opcode & 7]); }

/* POP SP/ESP stores the popped value after the increment, so the value
 * wins. */
void op_pop_Zw(struct cpu *cpu, const struct insn *i)
{
	uint16_t v = pop16(cpu);
	reg16_set(cpu, i->opcode & 7, v);
}

void op_pop_Zd(struct cpu *cpu, const struct insn *i)
{
	uint32_t v = pop32(cpu);
	cpu->r[i->opcode & 7] = v;
}

void op_push_Iw(struct cpu *cpu, const struct insn *i) { push16(cpu, (uint16_t)i->imm); }
void op_push_Id(struct cpu *cpu, const struct insn *i) { push32(cpu, i->imm); }
/* PUSH SP through FF /6 behaves like 54 on the 8086 and 80186: the
 * value pushed is SP after the decrement. */
void op_push_Ew(struct cpu *cpu, const struct insn *i)
{
	if (i->mod == 3 && i->rm == R_ESP && cpu->model <= CPU_186) {
		push16(cpu, (uint16_t)(reg16_get(cpu, R_ESP) - 2));
		return;
	}
	push16(cpu, rm16_read(cpu, i));
}
void op_push_Ed(struct cpu *cpu, const struct insn *i) { push32(cpu, rm32_read(cpu, i)); }

/* SDM (POP): "If the ESP register is used as a base register for
 * addressing a destination operand in memory, the POP instruction
 * computes the effective address of the operand after it increments the
 * ESP register." Popping first gives exactly that. */
void op_pop_Ew(struct cpu *cpu, const struct insn *i)
{
	uint16_t v = pop16(cpu);
	rm16_write(cpu, i, v);
}

void op_pop_Ed(struct cpu *cpu, const struct insn *i)
{
	uint32_t v = pop32(cpu);
	rm32_write(cpu, i, v);
}

void op_push_sreg(struct cpu *cpu, const struct insn *i)
{
	uint16_t sel = cpu->seg[i->sub].sel;
	if (i->flags & I_OS32)
		push32(cpu, sel);
	else
		push16(cpu, sel);
}

void op_pop_sreg(struct cpu *cpu, const struct insn *i)
{
	uint16_t sel = (i->flags & I_OS32) ? (uint16_t)pop32(cpu) : pop16(cpu);
	cpu_load_seg(cpu, i->sub, sel);
}

void op_pusha(struct cpu *cpu, const struct insn *i)
{
	uint16_t sp = reg16_get(cpu, R_ESP);
	for (unsigned n = R_EAX; n <= R_EDI; n++)
		push16(cpu, n == R_ESP ? sp : reg16_get(cpu, n));
}

void op_pushad(struct cpu *cpu, const struct insn *i)
{
	uint32_t esp = cpu->r[R_ESP];
	for (unsigned n = R_EAX; n <= R_EDI; n++)
		push32(cpu, n == R_ESP ? esp : cpu->r[n]);
}

/* POPA discards the saved SP. */
void op_popa(struct cpu *cpu, const struct insn *i)
{
	for (int n = R_EDI; n >= R_EAX; n--) {
		uint16_t v = pop16(cpu);
		if (n != R_ESP)
			reg16_set(cpu, (unsigned)n, v);
	}
}

void op_popad(struct cpu *cpu, const struct insn *i)
{
	for (int n = R_EDI; n >= R_EAX; n--) {
		uint32_t v = pop32(cpu);
		if (n != R_ESP)
			cpu->r[n] = v;
	}
}

/* ENTER size, level (SDM pseudo-code): push the frame pointer, copy
 * level - 1 outer frame pointers, push the new frame pointer, allocate
 * size bytes.  The stack size attribute picks SP/BP or ESP/EBP. */
static void enter(struct cpu *cpu, const struct insn *i, bool os32)
{
	uint32_t size = i->imm & 0xFFFF;
	unsigned level = i->imm2 & 31;
	uint32_t bp_mask = cpu->stack32 ? 0xFFFFFFFFu : 0xFFFFu;
	/* SDM ENTER: it faults whenever a write at the final stack pointer
	 * would, before anything changes. */
	unsigned osize = os32 ? 4 : 2;
	uint32_t pushed = osize * (1 + (level ? level : 0));
	uint32_t final = (stack_sp(cpu) - pushed - size) & bp_mask;
	cpu_check_write(cpu, S_SS, final, osize);
	if (os32)
		push32(cpu, cpu->r[R_EBP]);
	else
		push16(cpu, reg16_get(cpu, R_EBP));
	/* SDM ENTER: FrameTemp is ESP with a 32-bit operand size, SP with a
	 * 16-bit one, whatever the stack size. */
	uint32_t frame = os32 ? cpu->r[R_ESP] : (cpu->r[R_ESP] & 0xFFFF);
	if (level > 0) {
		uint32_t bp = cpu->r[R_EBP] & bp_mask;
		for (unsigned k = 1; k < level; k++) {
			if (os32) {
				bp = (bp - 4) & bp_mask;
				push32(cpu, cpu_read32(cpu, S_SS, bp));
			} else {
				bp = (bp - 2) & bp_mask;
				push16(cpu, cpu_read16(cpu, S_SS, bp));
			}
		}
		if (os32)
			push32(cpu, frame);
		else
			push16(cpu, (uint16_t)frame);
	}
	/* SDM ENTER: the stack size, not the operand size, picks EBP or BP. */
	if (cpu->stack32)
		cpu->r[R_EBP] = frame;
	else
		reg16_set(cpu, R_EBP, (uint16_t)frame);
	stack_set_sp(cpu, (stack_sp(cpu) - size) & bp_mask);
}

void op_enter_w(struct cpu *cpu, const struct insn *i) { enter(cpu, i, false); }
void op_enter_d(struct cpu *cpu, const struct insn *i) { enter(cpu, i, true); }

void op_leave_w(struct cpu *cpu, const struct insn *i)
{
	stack_set_sp(cpu, cpu->stack32 ? cpu->r[R_EBP] : reg16_get(cpu, R_EBP));
	reg16_set(cpu, R_EBP, pop16(cpu));
}

void op_leave_d(struct cpu *cpu, const struct insn *i)
{
	stack_set_sp(cpu, cpu->stack32 ? cpu->r[R_EBP] : reg16_get(cpu, R_EBP));
	cpu->r[R_EBP] = pop32(cpu);
}

/* PUSHF/POPF in virtual-8086 mode need IOPL 3 (without VME). */
static void check_v86_iopl(struct cpu *cpu)
{
	if (cpu_v86(cpu) && (cpu->eflags & F_IOPL) != F_IOPL)
		cpu_exception(cpu, EXC_GP, 0);
}

void op_pushf(struct cpu *cpu, const struct insn *i)
{
	if (vme_active(cpu)) {
		push16(cpu, vme_flags_image(cpu));
		return;
	}
	check_v86_iopl(cpu);
	push16(cpu, (uint16_t)cpu_get_flags(cpu));
}

/* PUSHFD stores EFLAGS with VM and RF cleared (SDM). */
void op_pushfd(struct cpu *cpu, const struct insn *i)
{
	check_v86_iopl(cpu);
	push32(cpu, cpu_get_flags(cpu) & ~(F_VM | F_RF));
}

/* POPF changes only what the privilege allows: IOPL at CPL 0, IF when
 * CPL <= IOPL; never VM (SDM POPF). */
void op_popf(struct cpu *cpu, const struct insn *i)
{
	if (vme_active(cpu)) {
		uint16_t v = (uint16_t)cpu_read16(cpu, S_SS, stack_sp(cpu));
		vme_load_flags16(cpu, v);
		(void)pop16(cpu);
		return;
	}
	check_v86_iopl(cpu);
	uint16_t v = pop16(cpu);
	uint32_t mask = cpu_flags_writable(cpu) & 0xFFFFu;
	cpu_set_flags(cpu, (cpu_get_flags(cpu) & ~mask) | (v & mask));
}

void op_popfd(struct cpu *cpu, const struct insn *i)
{
	check_v86_iopl(cpu);
	uint32_t v = pop32(cpu);
	uint32_t mask = cpu_flags_writable(cpu) & ~(F_VM | F_RF);
	cpu_set_flags(cpu, (cpu_get_flags(cpu) & ~mask) | (v & mask));
}
