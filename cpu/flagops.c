/* Instructions on the flags themselves: CLC STC CMC CLI STI CLD STD,
 * LAHF SAHF. */
#include "cpu/core.h"

void op_clc(struct cpu *cpu, const struct insn *i) { lf_set_cf(cpu, false); }
void op_stc(struct cpu *cpu, const struct insn *i) { lf_set_cf(cpu, true); }
void op_cmc(struct cpu *cpu, const struct insn *i) { lf_set_cf(cpu, !flag_cf(cpu)); }
void op_cld(struct cpu *cpu, const struct insn *i) { cpu->eflags &= ~F_DF; }
void op_std(struct cpu *cpu, const struct insn *i) { cpu->eflags |= F_DF; }
/* CLI and STI are IOPL-sensitive: in protected mode they need CPL <=
 * IOPL, in virtual-8086 mode IOPL 3 (SDM CLI/STI; VME is not modelled). */
static void check_iopl(struct cpu *cpu)
{
	if (!cpu_protected(cpu))
		return;
	unsigned iopl = (cpu->eflags & F_IOPL) >> 12;
	if (cpu_v86(cpu) ? iopl != 3 : cpu->cpl > iopl)
		cpu_exception(cpu, EXC_GP, 0);
}

void op_cli(struct cpu *cpu, const struct insn *i)
{
	if (vme_cli_sti(cpu, false))
		return;
	check_iopl(cpu);
	cpu->eflags &= ~F_IF;
}

/* SDM (STI): "the processor responds to the external interrupt after
 * executing the next instruction" when IF was clear before. */
void op_sti(struct cpu *cpu, const struct insn *i)
{
	if (vme_cli_sti(cpu, true))
		return;
	check_iopl(cpu);
	if (!(cpu->eflags & F_IF))
		cpu->irq_inhibit_at = cpu->icount + 1;
	cpu->eflags |= F_IF;
	cpu_signal_event(cpu);
}

/* LAHF: AH = SF:ZF:0:AF:0:PF:1:CF. */
void op_lahf(struct cpu *cpu, const struct insn *i)
{
	reg8_set(cpu, 4, (uint8_t)(lf_get_all(cpu) | 0x02));
}

void op_sahf(struct cpu *cpu, const struct insn *i)
{
	lf_update(cpu, F_SF | F_ZF | F_AF | F_PF | F_CF, reg8_get(cpu, 4));
}
