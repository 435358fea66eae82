/* Far control transfers: JMP, CALL, RETF and IRET across segments, in
 * real, virtual-8086 and protected mode (SDM Vol. 2 JMP, CALL, RET, IRET
 * and Vol. 3 5.8, "Privilege level checking when transferring program
 * control between code segments").  Every check is made before anything
 * architectural changes, so a fault leaves the state of the instruction's
 * start. */
#include "cpu/descriptor.h"
#include "cpu/task.h"

/* Pushes CS and EIP (the return address of a far CALL) on the current
 * stack, 16 or 32 bits each. */
static void push_return_address(struct cpu *cpu, bool is32)
{
	if (is32) {
		push32(cpu, cpu->seg[S_CS].sel);
		push32(cpu, cpu->eip);
	} else {
		push16(cpu, cpu->seg[S_CS].sel);
		push16(cpu, (uint16_t)cpu->eip);
	}
}

/* Loads CS for a protected-mode transfer and sets CPL. */
static void load_cs(struct cpu *cpu, uint16_t sel, struct descriptor d, unsigned cpl)
{
	descriptor_set_accessed(cpu, sel, &d);
	sel = (uint16_t)((sel & ~3u) | cpl);
	segment_from_descriptor(cpu, &cpu->seg[S_CS], sel, d);
	if (cpu->cpl != cpl) {
		/* The TLB holds translations checked for one privilege class. */
		bool was_user = cpu->cpl == 3;
		cpu->cpl = cpl;
		if (was_user != (cpl == 3))
			cpu_tlb_flush(cpu);
	}
	cpu_refresh_code_state(cpu);
}

/* Reads and checks the code segment a far JMP or CALL names directly
 * (not through a gate): SDM 5.8.1. */
static void check_direct_code_target(struct cpu *cpu, uint16_t sel, struct descriptor d)
{
	unsigned rpl = sel & 3, dpl = desc_dpl(d);
	if (!desc_is_code(d))
		cpu_exception(cpu, EXC_GP, sel & ~3);
	if (d.hi & 0x400) { /* conforming */
		if (dpl > cpu->cpl)
			cpu_exception(cpu, EXC_GP, sel & ~3);
	} else if (rpl > cpu->cpl || dpl != cpu->cpl) {
		cpu_exception(cpu, EXC_GP, sel & ~3);
	}
	if (!desc_present(d))
		cpu_exception(cpu, EXC_NP, sel & ~3);
}

static void check_offset(struct cpu *cpu, struct descriptor d, uint32_t off)
{
	if (off > desc_limit(d))
		cpu_exception(cpu, EXC_GP, 0);
}

/* Reads the descriptor of a far target, with the faults every transfer
 * shares: a null selector is #GP(0), one past its table #GP(sel). */
static struct descriptor read_target(struct cpu *cpu, uint16_t sel)
{
	struct descriptor d;
	if ((sel & ~3u) == 0)
		cpu_exception(cpu, EXC_GP, 0);
	if (!descriptor_read(cpu, sel, &d))
		cpu_exception(cpu, EXC_GP, sel & ~3);
	return d;
}

/* The code segment a call gate points to: SDM 5.8.4.  Returns its
 * descriptor. */
static struct descriptor read_gate_target(struct cpu *cpu, struct descriptor gate, bool is_call)
{
	uint16_t sel = gate_selector(gate);
	struct descriptor d = read_target(cpu, sel);
	unsigned dpl = desc_dpl(d);
	if (!desc_is_code(d) || dpl > cpu->cpl)
		cpu_exception(cpu, EXC_GP, sel & ~3);
	/* JMP through a gate never changes privilege: a non-conforming
	 * target must be at CPL. */
	if (!is_call && !(d.hi & 0x400) && dpl != cpu->cpl)
		cpu_exception(cpu, EXC_GP, sel & ~3);
	if (!desc_present(d))
		cpu_exception(cpu, EXC_NP, sel & ~3);
	return d;
}

static void check_call_gate(struct cpu *cpu, uint16_t sel, struct descriptor gate)
{
	unsigned dpl = desc_dpl(gate);
	if (dpl < cpu->cpl || dpl < (sel & 3u))
		cpu_exception(cpu, EXC_GP, sel & ~3);
	if (!desc_present(gate))
		cpu_exception(cpu, EXC_NP, sel & ~3);
}

/* Real and virtual-8086 mode: the target offset is checked against the
 * current CS limit (the 286 and later), then CS is reloaded. */
static void far_transfer_real(struct cpu *cpu, uint16_t sel, uint32_t off, bool os32, bool call)
{
	if (!os32)
		off &= 0xFFFF;
	if (cpu->model >= CPU_286 && off > cpu->seg[S_CS].limit && !cpu_v86(cpu))
		cpu_exception(cpu, EXC_GP, 0);
	if (call)
		push_return_address(cpu, os32);
	cpu_load_seg(cpu, S_CS, sel);
	cpu->eip = off;
}

/* A far JMP or CALL straight to a code segment (no gate): the
 * descriptor's checks, then the offset (cut to 16 bits by a 16-bit
 * operand size) against the new limit.  Returns the offset to load. */
static uint32_t check_direct_transfer(struct cpu *cpu, uint16_t sel, struct descriptor d, uint32_t off, bool os32)
{
	check_direct_code_target(cpu, sel, d);
	if (!os32)
		off &= 0xFFFF;
	check_offset(cpu, d, off);
	return off;
}

void cpu_far_jump(struct cpu *cpu, uint16_t sel, uint32_t off, bool os32)
{
	if (!cpu_pm(cpu)) {
		far_transfer_real(cpu, sel, off, os32, false);
		return;
	}
	struct descriptor d = read_target(cpu, sel);
	if (desc_is_segment(d)) {
		off = check_direct_transfer(cpu, sel, d, off, os32);
		load_cs(cpu, sel, d, cpu->cpl);
		cpu->eip = off;
		return;
	}
	switch (desc_type(d)) {
	case DESC_CALL16:
	case DESC_CALL32: {
		check_call_gate(cpu, sel, d);
		struct descriptor target = read_gate_target(cpu, d, false);
		uint32_t goff = gate_offset(d, desc_type(d) == DESC_CALL32);
		check_offset(cpu, target, goff);
		load_cs(cpu, gate_selector(d), target, cpu->cpl);
		cpu->eip = goff;
		return;
	}
	case DESC_TASK:
	case DESC_TSS16_AVAIL:
	case DESC_TSS32_AVAIL:
		task_switch_through(cpu, sel, d, TASK_JMP);
		return;
	default:
		cpu_exception(cpu, EXC_GP, sel & ~3);
	}
}

void cpu_far_call(struct cpu *cpu, uint16_t sel, uint32_t off, bool os32)
{
	if (!cpu_pm(cpu)) {
		far_transfer_real(cpu, sel, off, os32, true);
		return;
	}
	struct descriptor d = read_target(cpu, sel);
	if (desc_is_segment(d)) {
		off = check_direct_transfer(cpu, sel, d, off, os32);
		/* Check the stack before anything changes. */
		uint32_t sp = stack_sp(cpu);
		cpu_check_write(cpu, S_SS, (sp - (os32 ? 8 : 4)) & (cpu->stack32 ? 0xFFFFFFFFu : 0xFFFFu), os32 ? 8 : 4);
		push_return_address(cpu, os32);
		load_cs(cpu, sel, d, cpu->cpl);
		cpu->eip = off;
		return;
	}
	switch (desc_type(d)) {
	case DESC_CALL16:
	case DESC_CALL32:
		break;
	case DESC_TASK:
	case DESC_TSS16_AVAIL:
	case DESC_TSS32_AVAIL:
		task_switch_through(cpu, sel, d, TASK_CALL);
		return;
	default:
		cpu_exception(cpu, EXC_GP, sel & ~3);
	}

	check_call_gate(cpu, sel, d);
	bool gate32 = desc_type(d) == DESC_CALL32;
	struct descriptor target = read_gate_target(cpu, d, true);
	uint16_t target_sel = gate_selector(d);
	uint32_t goff = gate_offset(d, gate32);
	check_offset(cpu, target, goff);
	unsigned dpl = desc_dpl(target);
	bool conforming = target.hi & 0x400;

	if (conforming || dpl == cpu->cpl) {
		/* Same privilege: push the return address with the gate's size. */
		push_return_address(cpu, gate32);
		load_cs(cpu, target_sel, target, cpu->cpl);
		cpu->eip = goff;
		return;
	}

	/* More privileged: switch to the inner stack from the TSS, copy the
	 * parameters (SDM 5.8.5). */
	struct segment new_ss;
	uint32_t new_sp;
	task_inner_stack(cpu, dpl, &new_ss, &new_sp, 0);
	unsigned count = gate_param_count(d);
	unsigned psize = gate32 ? 4 : 2;
	uint32_t old_ss = cpu->seg[S_SS].sel, old_sp = cpu->r[R_ESP];
	uint32_t params[32];
	uint32_t sp = stack_sp(cpu);
	for (unsigned k = 0; k < count; k++) {
		uint32_t at = (sp + psize * (count - 1 - k)) & (cpu->stack32 ? 0xFFFFFFFFu : 0xFFFFu);
		params[k] = psize == 4 ? cpu_read32(cpu, S_SS, at) : cpu_read16(cpu, S_SS, at);
	}
	uint32_t nsp = new_sp;
	nsp = stack_push_other(cpu, &new_ss, nsp, old_ss, gate32);
	nsp = stack_push_other(cpu, &new_ss, nsp, gate32 ? old_sp : (old_sp & 0xFFFF), gate32);
	/* params[0] is the deepest on the old stack: it goes first. */
	for (unsigned k = 0; k < count; k++)
		nsp = stack_push_other(cpu, &new_ss, nsp, params[k], gate32);
	nsp = stack_push_other(cpu, &new_ss, nsp, cpu->seg[S_CS].sel, gate32);
	nsp = stack_push_other(cpu, &new_ss, nsp, cpu->eip, gate32);
	cpu->seg[S_SS] = new_ss;
	cpu->stack32 = (new_ss.attr & SEG_ATTR_DB) != 0;
	stack_set_sp(cpu, nsp);
	load_cs(cpu, target_sel, target, dpl);
	cpu->eip = goff;
}

/* After a return to an outer privilege level, data segment registers
 * the outer level may not use are nulled (SDM RET, "RETURN-TO-OUTER-
 * PRIVILEGE-LEVEL"). */
static void invalidate_inner_segments(struct cpu *cpu)
{
	static const int segs[] = {S_ES, S_DS, S_FS, S_GS};
	for (unsigned n = 0; n < 4; n++) {
		struct segment *s = &cpu->seg[segs[n]];
		bool conforming_code = (s->attr & (SEG_ATTR_CODE | SEG_ATTR_EC)) == (SEG_ATTR_CODE | SEG_ATTR_EC);
		if (s->valid && !conforming_code && seg_dpl(s) < cpu->cpl) {
			s->sel = 0;
			s->valid = false;
			segment_update_fast_limits(cpu, s);
		}
	}
}

/* The checks on the CS a RETF or IRET returns to (SDM RET). */
static struct descriptor check_return_cs(struct cpu *cpu, uint16_t sel)
{
	struct descriptor d = read_target(cpu, sel);
	unsigned rpl = sel & 3;
	if (rpl < cpu->cpl || !desc_is_code(d))
		cpu_exception(cpu, EXC_GP, sel & ~3);
	if ((d.hi & 0x400) ? desc_dpl(d) > rpl : desc_dpl(d) != rpl)
		cpu_exception(cpu, EXC_GP, sel & ~3);
	if (!desc_present(d))
		cpu_exception(cpu, EXC_NP, sel & ~3);
	return d;
}

/* The checks on the SS of a return to an outer level. */
static struct descriptor check_return_ss(struct cpu *cpu, uint16_t sel, unsigned rpl)
{
	if ((sel & ~3u) == 0)
		cpu_exception(cpu, EXC_GP, 0);
	struct descriptor d;
	if (!descriptor_read(cpu, sel, &d))
		cpu_exception(cpu, EXC_GP, sel & ~3);
	bool writable_data = desc_is_segment(d) && !desc_is_code(d) && (d.hi & 0x200);
	if ((sel & 3u) != rpl || !writable_data || desc_dpl(d) != rpl)
		cpu_exception(cpu, EXC_GP, sel & ~3);
	if (!desc_present(d))
		cpu_exception(cpu, EXC_SS, sel & ~3);
	return d;
}

static uint32_t stack_peek(struct cpu *cpu, uint32_t offset, bool is32)
{
	uint32_t at = (stack_sp(cpu) + offset) & (cpu->stack32 ? 0xFFFFFFFFu : 0xFFFFu);
	return is32 ? cpu_read32(cpu, S_SS, at) : cpu_read16(cpu, S_SS, at);
}

/* Completes a protected-mode return to CS:EIP whose values were read
 * from offset 0 and size of the stack; `frame` bytes of the stack are
 * the return frame (EIP, CS and for IRET EFLAGS). */
static void return_pm(struct cpu *cpu, uint16_t cs, uint32_t eip, bool is32, unsigned frame, uint16_t release)
{
	struct descriptor d = check_return_cs(cpu, cs);
	unsigned rpl = cs & 3;
	if (!is32)
		eip &= 0xFFFF;
	if (rpl == cpu->cpl) {
		check_offset(cpu, d, eip);
		uint32_t sp = stack_sp(cpu) + frame + release;
		stack_set_sp(cpu, cpu->stack32 ? sp : sp & 0xFFFF);
		load_cs(cpu, cs, d, rpl);
		cpu->eip = eip;
		return;
	}
	/* Return to an outer level: the outer ESP and SS follow the frame
	 * and the released parameters. */
	unsigned size = is32 ? 4 : 2;
	uint32_t new_sp = stack_peek(cpu, frame + release, is32);
	uint16_t new_ss = (uint16_t)stack_peek(cpu, frame + release + size, is32);
	struct descriptor ssd = check_return_ss(cpu, new_ss, rpl);
	check_offset(cpu, d, eip);
	load_cs(cpu, cs, d, rpl);
	cpu->eip = eip;
	segment_from_descriptor(cpu, &cpu->seg[S_SS], new_ss, ssd);
	descriptor_set_accessed(cpu, new_ss, &ssd);
	cpu->stack32 = (cpu->seg[S_SS].attr & SEG_ATTR_DB) != 0;
	if (cpu->stack32)
		cpu->r[R_ESP] = new_sp + release;
	else
		reg16_set(cpu, R_ESP, (uint16_t)(new_sp + release));
	invalidate_inner_segments(cpu);
}

void cpu_far_return(struct cpu *cpu, bool os32, uint16_t release)
{
	if (!cpu_pm(cpu)) {
		uint32_t off = os32 ? pop32(cpu) : pop16(cpu);
		uint16_t sel = os32 ? (uint16_t)pop32(cpu) : pop16(cpu);
		uint32_t sp = stack_sp(cpu) + release;
		stack_set_sp(cpu, cpu->stack32 ? sp : sp & 0xFFFF);
		if (cpu->model >= CPU_286 && off > cpu->seg[S_CS].limit && !cpu_v86(cpu))
			cpu_exception(cpu, EXC_GP, 0);
		cpu_load_seg(cpu, S_CS, sel);
		cpu->eip = off;
		return;
	}
	unsigned size = os32 ? 4 : 2;
	uint32_t eip = stack_peek(cpu, 0, os32);
	uint16_t cs = (uint16_t)stack_peek(cpu, size, os32);
	return_pm(cpu, cs, eip, os32, 2 * size, release);
}

/* EFLAGS bits an IRET or POPF may change at the current privilege:
 * IOPL only at CPL 0, IF only when CPL <= IOPL (SDM POPF/IRET). */
uint32_t cpu_flags_writable(const struct cpu *cpu)
{
	uint32_t mask = F_OSZAPC | F_TF | F_DF | F_NT | F_IF | F_IOPL | F_AC | F_RF | F_ID;
	if (cpu_pm(cpu)) {
		unsigned iopl = (cpu->eflags & F_IOPL) >> 12;
		if (cpu->cpl > 0)
			mask &= ~F_IOPL;
		if (cpu->cpl > iopl)
			mask &= ~F_IF;
	} else if (cpu_v86(cpu)) {
		mask &= ~F_IOPL;
	}
	return mask;
}

static void set_flags_masked(struct cpu *cpu, uint32_t value, uint32_t mask)
{
	cpu_set_flags(cpu, (cpu_get_flags(cpu) & ~mask) | (value & mask));
}

/* IRET to virtual-8086 mode (from CPL 0 with VM set in the popped
 * EFLAGS): SDM IRET, "RETURN-TO-VIRTUAL-8086-MODE". */
static void iret_to_v86(struct cpu *cpu, uint32_t eip, uint16_t cs, uint32_t flags)
{
	uint32_t esp = stack_peek(cpu, 12, true);
	uint16_t ss = (uint16_t)stack_peek(cpu, 16, true);
	uint16_t es = (uint16_t)stack_peek(cpu, 20, true);
	uint16_t ds = (uint16_t)stack_peek(cpu, 24, true);
	uint16_t fs = (uint16_t)stack_peek(cpu, 28, true);
	uint16_t gs = (uint16_t)stack_peek(cpu, 32, true);
	cpu_set_flags_raw(cpu, flags);
	cpu->cpl = 3;
	cpu_tlb_flush(cpu);
	cpu_load_seg_v86(cpu, S_CS, cs);
	cpu_load_seg_v86(cpu, S_SS, ss);
	cpu_load_seg_v86(cpu, S_ES, es);
	cpu_load_seg_v86(cpu, S_DS, ds);
	cpu_load_seg_v86(cpu, S_FS, fs);
	cpu_load_seg_v86(cpu, S_GS, gs);
	cpu->r[R_ESP] = esp;
	cpu->eip = eip & 0xFFFF;
}

void cpu_iret(struct cpu *cpu, bool os32)
{
	unsigned size = os32 ? 4 : 2;
	if (!cpu_protected(cpu)) {
		uint32_t eip = os32 ? pop32(cpu) : pop16(cpu);
		uint16_t cs = os32 ? (uint16_t)pop32(cpu) : pop16(cpu);
		uint32_t flags = os32 ? pop32(cpu) : pop16(cpu);
		if (cpu->model >= CPU_286 && eip > cpu->seg[S_CS].limit)
			cpu_exception(cpu, EXC_GP, 0);
		cpu_load_seg(cpu, S_CS, cs);
		cpu->eip = eip;
		if (os32)
			cpu_set_flags(cpu, (flags & ~(F_VM | F_RF)) | (cpu_get_flags(cpu) & F_VM));
		else
			cpu_set_flags(cpu, (cpu_get_flags(cpu) & 0xFFFF0000u) | flags);
		return;
	}
	if (cpu_v86(cpu)) {
		if (vme_active(cpu) && !os32) {
			/* SDM 20.3.3.4: a 16-bit IRET under VME loads IF into VIF. */
			uint32_t eip = stack_peek(cpu, 0, false);
			uint16_t cs = (uint16_t)stack_peek(cpu, 2, false);
			uint16_t flags = (uint16_t)stack_peek(cpu, 4, false);
			vme_load_flags16(cpu, flags);
			stack_set_sp(cpu, (stack_sp(cpu) + 6) & 0xFFFF);
			cpu_load_seg_v86(cpu, S_CS, cs);
			cpu->eip = eip & 0xFFFF;
			return;
		}
		/* SDM: IRET in virtual-8086 mode with IOPL < 3 is #GP(0). */
		if ((cpu->eflags & F_IOPL) != F_IOPL)
			cpu_exception(cpu, EXC_GP, 0);
		uint32_t eip = stack_peek(cpu, 0, os32);
		uint16_t cs = (uint16_t)stack_peek(cpu, size, os32);
		uint32_t flags = stack_peek(cpu, 2 * size, os32);
		uint32_t mask = cpu_flags_writable(cpu) & (os32 ? 0xFFFFFFFFu : 0xFFFFu);
		uint32_t sp = stack_sp(cpu) + 3 * size;
		stack_set_sp(cpu, cpu->stack32 ? sp : sp & 0xFFFF);
		cpu_load_seg_v86(cpu, S_CS, cs);
		cpu->eip = os32 ? eip : eip & 0xFFFF;
		set_flags_masked(cpu, flags, mask);
		return;
	}
	if (cpu->eflags & F_NT) {
		task_return(cpu);
		return;
	}
	uint32_t eip = stack_peek(cpu, 0, os32);
	uint16_t cs = (uint16_t)stack_peek(cpu, size, os32);
	uint32_t flags = stack_peek(cpu, 2 * size, os32);
	if (os32 && (flags & F_VM) && cpu->cpl == 0) {
		iret_to_v86(cpu, eip, cs, flags);
		return;
	}
	/* The flag rules use the privilege before the return. */
	uint32_t mask = cpu_flags_writable(cpu) & (os32 ? ~(F_VM) : 0xFFFFu);
	return_pm(cpu, cs, eip, os32, 3 * size, 0);
	set_flags_masked(cpu, flags, mask);
}
