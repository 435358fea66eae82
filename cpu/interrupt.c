/* Exceptions and interrupts: raising them from handlers, and delivering
 * them through the real-mode interrupt vector table or the protected-mode
 * IDT (SDM Vol. 3, chapter 6: 6.12 "Exception and interrupt handling",
 * 6.12.1.1 for the privilege and stack rules, 20.3 for virtual-8086
 * mode). */
#include "cpu/descriptor.h"
#include "cpu/task.h"

_Noreturn void cpu_exception(struct cpu *cpu, int vector, int error_code)
{
	cpu->exc_vector = vector;
	cpu->exc_error = error_code;
	longjmp(cpu->fault_jmp, 1);
}

static void deliver_real(struct cpu *cpu, int vector, uint32_t return_eip)
{
	/* SDM: real-mode interrupts fault with #GP when the vector lies past
	 * the IDTR limit (the 286 and later; the 8086 has no IDTR). */
	uint32_t entry = (uint32_t)vector * 4;
	if (cpu->model >= CPU_286 && entry + 3 > cpu->idtr.limit)
		cpu_exception(cpu, EXC_GP, 0);
	uint16_t off = (uint16_t)cpu_read_linear(cpu, cpu->idtr.base + entry, 2);
	uint16_t sel = (uint16_t)cpu_read_linear(cpu, cpu->idtr.base + entry + 2, 2);
	push16(cpu, (uint16_t)cpu_get_flags(cpu));
	push16(cpu, cpu->seg[S_CS].sel);
	push16(cpu, (uint16_t)return_eip);
	cpu->eflags &= ~(F_IF | F_TF | F_AC | F_RF);
	cpu_load_seg_real(cpu, S_CS, sel);
	cpu->eip = off;
}

static void deliver_pm(struct cpu *cpu, int vector, uint32_t return_eip, int error_code, bool software)
{
	int ext = cpu->event_ext;
	uint32_t entry = (uint32_t)vector * 8;
	int idt_code = (int)entry + 2 + ext;
	if (entry + 7 > cpu->idtr.limit)
		cpu_exception(cpu, EXC_GP, idt_code);
	struct descriptor gate;
	gate.lo = cpu_read_linear(cpu, cpu->idtr.base + entry, 4);
	gate.hi = cpu_read_linear(cpu, cpu->idtr.base + entry + 4, 4);
	unsigned type = desc_type(gate);
	bool valid_type = !desc_is_segment(gate) && (type == DESC_TASK || type == DESC_INT16 || type == DESC_TRAP16 ||
						     type == DESC_INT32 || type == DESC_TRAP32);
	if (!valid_type)
		cpu_exception(cpu, EXC_GP, idt_code);
	/* INT n, INT3 and INTO may only use gates their privilege reaches. */
	if (software && desc_dpl(gate) < cpu->cpl)
		cpu_exception(cpu, EXC_GP, (int)entry + 2);
	if (!desc_present(gate))
		cpu_exception(cpu, EXC_NP, idt_code);
	if (type == DESC_TASK) {
		task_switch_through(cpu, gate_selector(gate), gate, TASK_INT);
		if (error_code >= 0) {
			if ((cpu->tr.attr & 0x8) != 0) /* a 32-bit TSS */
				push32(cpu, (uint32_t)error_code);
			else
				push16(cpu, (uint16_t)error_code);
		}
		return;
	}

	uint16_t sel = gate_selector(gate);
	if ((sel & ~3u) == 0)
		cpu_exception(cpu, EXC_GP, ext);
	struct descriptor code;
	if (!descriptor_read(cpu, sel, &code))
		cpu_exception(cpu, EXC_GP, (sel & ~3) + ext);
	unsigned dpl = desc_dpl(code);
	if (!desc_is_code(code) || dpl > cpu->cpl)
		cpu_exception(cpu, EXC_GP, (sel & ~3) + ext);
	if (!desc_present(code))
		cpu_exception(cpu, EXC_NP, (sel & ~3) + ext);
	bool gate32 = type == DESC_INT32 || type == DESC_TRAP32;
	uint32_t offset = gate_offset(gate, gate32);
	if (offset > desc_limit(code))
		cpu_exception(cpu, EXC_GP, ext);
	bool conforming = code.hi & 0x400;
	bool from_v86 = cpu_v86(cpu);
	uint32_t flags = cpu_get_flags(cpu);
	unsigned new_cpl = conforming ? cpu->cpl : dpl;

	if (!conforming && dpl < cpu->cpl) {
		/* To an inner level: the stack comes from the TSS. */
		if (from_v86 && dpl != 0)
			cpu_exception(cpu, EXC_GP, (sel & ~3) + ext);
		struct segment ss;
		uint32_t sp;
		task_inner_stack(cpu, dpl, &ss, &sp, ext);
		uint16_t old_ss = cpu->seg[S_SS].sel;
		uint32_t old_esp = cpu->r[R_ESP];
		if (from_v86) {
			sp = stack_push_other(cpu, &ss, sp, cpu->seg[S_GS].sel, gate32);
			sp = stack_push_other(cpu, &ss, sp, cpu->seg[S_FS].sel, gate32);
			sp = stack_push_other(cpu, &ss, sp, cpu->seg[S_DS].sel, gate32);
			sp = stack_push_other(cpu, &ss, sp, cpu->seg[S_ES].sel, gate32);
		}
		sp = stack_push_other(cpu, &ss, sp, old_ss, gate32);
		sp = stack_push_other(cpu, &ss, sp, gate32 ? old_esp : old_esp & 0xFFFF, gate32);
		sp = stack_push_other(cpu, &ss, sp, gate32 ? flags : flags & 0xFFFF, gate32);
		sp = stack_push_other(cpu, &ss, sp, cpu->seg[S_CS].sel, gate32);
		sp = stack_push_other(cpu, &ss, sp, return_eip, gate32);
		if (error_code >= 0)
			sp = stack_push_other(cpu, &ss, sp, (uint32_t)error_code, gate32);
		cpu->seg[S_SS] = ss;
		cpu->stack32 = (ss.attr & SEG_ATTR_DB) != 0;
		if (cpu->stack32)
			cpu->r[R_ESP] = sp;
		else
			reg16_set(cpu, R_ESP, (uint16_t)sp);
		if (from_v86) {
			static const int data_segs[] = {S_ES, S_DS, S_FS, S_GS};
			for (int n = 0; n < 4; n++) {
				struct segment *s = &cpu->seg[data_segs[n]];
				s->sel = 0;
				s->valid = false;
				s->attr = 0;
			}
		}
	} else {
		if (from_v86)
			cpu_exception(cpu, EXC_GP, (sel & ~3) + ext);
		/* Same level: check the whole frame fits before pushing. */
		unsigned frame = (gate32 ? 4u : 2u) * (error_code >= 0 ? 4u : 3u);
		uint32_t low = (stack_sp(cpu) - frame) & (cpu->stack32 ? 0xFFFFFFFFu : 0xFFFFu);
		cpu_check_write(cpu, S_SS, low, frame);
		if (gate32) {
			push32(cpu, flags);
			push32(cpu, cpu->seg[S_CS].sel);
			push32(cpu, return_eip);
			if (error_code >= 0)
				push32(cpu, (uint32_t)error_code);
		} else {
			push16(cpu, (uint16_t)flags);
			push16(cpu, cpu->seg[S_CS].sel);
			push16(cpu, (uint16_t)return_eip);
			if (error_code >= 0)
				push16(cpu, (uint16_t)error_code);
		}
	}

	/* Commit: CS and privilege, then the flags (SDM 6.12.1.2: TF, NT,
	 * RF and VM are cleared; an interrupt gate also clears IF). */
	uint32_t clear = F_TF | F_NT | F_RF | F_VM | ((type == DESC_INT16 || type == DESC_INT32) ? F_IF : 0);
	cpu_set_flags_raw(cpu, flags & ~clear);
	descriptor_set_accessed(cpu, sel, &code);
	bool was_user = cpu->cpl == 3;
	cpu->cpl = new_cpl;
	if (was_user != (new_cpl == 3))
		cpu_tlb_flush(cpu);
	segment_from_descriptor(cpu, &cpu->seg[S_CS], (uint16_t)((sel & ~3u) | new_cpl), code);
	for (int s = 0; s < 6; s++)
		segment_update_fast_limits(cpu, &cpu->seg[s]);
	cpu_refresh_code_state(cpu);
	cpu->eip = offset;
}

static void deliver(struct cpu *cpu, int vector, uint32_t return_eip, int error_code, bool software)
{
	if (cpu->on_exception)
		cpu->on_exception(cpu, vector, error_code);
	if (cpu_protected(cpu))
		deliver_pm(cpu, vector, return_eip, error_code, software);
	else
		deliver_real(cpu, vector, return_eip);
	cpu->halted = false;
}

void cpu_deliver_interrupt(struct cpu *cpu, int vector, uint32_t return_eip, int error_code)
{
	deliver(cpu, vector, return_eip, error_code, false);
}

void cpu_software_interrupt(struct cpu *cpu, int vector)
{
	cpu->event_ext = 0;
	deliver(cpu, vector, cpu->eip, -1, true);
}
