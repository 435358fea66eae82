/* Exceptions and interrupts in real mode: raising them from handlers and
 * delivering them through the interrupt vector table. */
#include "cpu/core.h"

_Noreturn void cpu_exception(struct cpu *cpu, int vector, int error_code)
{
	cpu->exc_vector = vector;
	cpu->exc_error = error_code;
	longjmp(cpu->fault_jmp, 1);
}

void cpu_deliver_interrupt(struct cpu *cpu, int vector, uint32_t return_eip, int error_code)
{
	(void)error_code; /* real mode pushes no error codes */
	if (cpu->on_exception)
		cpu->on_exception(cpu, vector, error_code);
	/* SDM: real-mode interrupts fault with #GP when the vector lies past
	 * the IDTR limit (the 286 and later; the 8086 has no IDTR). */
	uint32_t entry = (uint32_t)vector * 4;
	if (cpu->model >= CPU_286 && entry + 3 > cpu->idtr.limit)
		cpu_exception(cpu, vector == EXC_DF ? EXC_DF : EXC_GP, 0);
	uint16_t off = (uint16_t)cpu_read_linear(cpu, cpu->idtr.base + entry, 2);
	uint16_t sel = (uint16_t)cpu_read_linear(cpu, cpu->idtr.base + entry + 2, 2);
	push16(cpu, (uint16_t)cpu_get_flags(cpu));
	push16(cpu, cpu->seg[S_CS].sel);
	push16(cpu, (uint16_t)return_eip);
	cpu->eflags &= ~(F_IF | F_TF | F_AC | F_RF);
	cpu_load_seg(cpu, S_CS, sel);
	cpu->eip = off;
	cpu->halted = false;
}

void cpu_software_interrupt(struct cpu *cpu, int vector)
{
	cpu_deliver_interrupt(cpu, vector, cpu->eip, -1);
}
