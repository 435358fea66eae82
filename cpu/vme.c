/* Virtual-8086 mode extensions and protected-mode virtual interrupts
 * (SDM Vol. 3, 20.3 and 20.4): with CR4.VME in virtual-8086 mode, and
 * CR4.PVI at CPL 3 in protected mode, the IOPL-sensitive instructions
 * work on the virtual interrupt flag VIF instead of faulting, and (VME)
 * INT n may be redirected to the virtual-8086 program's own interrupt
 * vector table through the TSS's redirection bitmap. */
#include "cpu/core.h"

#define F_VIF 0x80000u
#define F_VIP 0x100000u

static unsigned iopl(const struct cpu *cpu) { return (cpu->eflags & F_IOPL) >> 12; }

bool vme_active(const struct cpu *cpu)
{
	return cpu_v86(cpu) && (cpu->cr4 & CR4_VME) && iopl(cpu) < 3;
}

static bool pvi_active(const struct cpu *cpu)
{
	return cpu_pm(cpu) && (cpu->cr4 & CR4_PVI) && cpu->cpl == 3 && iopl(cpu) < 3;
}

/* CLI and STI where IOPL would forbid them.  Returns true when handled
 * (VIF changed), false when the caller applies the normal rules. */
bool vme_cli_sti(struct cpu *cpu, bool set)
{
	if (!vme_active(cpu) && !pvi_active(cpu))
		return false;
	if (set) {
		/* STI with a virtual interrupt pending is #GP(0), so that the
		 * monitor can deliver it. */
		if (cpu->eflags & F_VIP)
			cpu_exception(cpu, EXC_GP, 0);
		cpu->eflags |= F_VIF;
	} else {
		cpu->eflags &= ~F_VIF;
	}
	return true;
}

/* The FLAGS image PUSHF and a redirected INT push under VME: IF replaced
 * by VIF and IOPL shown as 3. */
uint16_t vme_flags_image(const struct cpu *cpu)
{
	uint16_t f = (uint16_t)cpu_get_flags(cpu);
	f = (uint16_t)((f & ~F_IF) | ((cpu->eflags & F_VIF) ? F_IF : 0) | F_IOPL);
	return f;
}

/* POPF/IRET with a 16-bit operand under VME: TF set, or IF set while a
 * virtual interrupt is pending, is #GP(0); otherwise IF goes to VIF and
 * IOPL and IF stay. */
void vme_load_flags16(struct cpu *cpu, uint16_t v)
{
	if ((v & F_TF) || ((v & F_IF) && (cpu->eflags & F_VIP)))
		cpu_exception(cpu, EXC_GP, 0);
	uint32_t keep = F_IF | F_IOPL;
	uint32_t flags = (cpu_get_flags(cpu) & (0xFFFF0000u | keep)) | (v & ~keep & 0xFFFFu);
	cpu_set_flags(cpu, flags);
	if (v & F_IF)
		cpu->eflags |= F_VIF;
	else
		cpu->eflags &= ~F_VIF;
}

/* SDM 20.3.3: INT n in virtual-8086 mode with VME.  The bit for n in the
 * redirection bitmap (the 32 bytes below the I/O permission bitmap)
 * decides: clear -> the program's own handler through its IVT at linear
 * 0, like real mode, with VIF standing for IF when IOPL < 3; set -> the
 * protected-mode handler, which needs IOPL 3 (#GP(0) otherwise).
 * Returns true when the interrupt was redirected. */
bool vme_redirect_int(struct cpu *cpu, uint8_t vector)
{
	if (!cpu_v86(cpu) || !(cpu->cr4 & CR4_VME))
		return false;
	const struct segment *tr = &cpu->tr;
	uint32_t map = cpu_read_linear(cpu, tr->base + 102, 2);
	uint32_t at = map - 32 + vector / 8;
	if (map < 32 || at > tr->limit)
		cpu_exception(cpu, EXC_GP, 0);
	bool to_monitor = (cpu_read_linear(cpu, tr->base + at, 1) >> (vector & 7)) & 1;
	if (to_monitor) {
		if (iopl(cpu) < 3)
			cpu_exception(cpu, EXC_GP, 0);
		return false;
	}
	uint16_t flags = iopl(cpu) < 3 ? vme_flags_image(cpu) : (uint16_t)cpu_get_flags(cpu);
	uint16_t off = (uint16_t)cpu_read_linear_user(cpu, (uint32_t)vector * 4, 2);
	uint16_t sel = (uint16_t)cpu_read_linear_user(cpu, (uint32_t)vector * 4 + 2, 2);
	push16(cpu, flags);
	push16(cpu, cpu->seg[S_CS].sel);
	push16(cpu, (uint16_t)cpu->eip);
	if (iopl(cpu) < 3)
		cpu->eflags &= ~(F_VIF | F_TF);
	else
		cpu->eflags &= ~(F_IF | F_TF);
	cpu_load_seg(cpu, S_CS, sel);
	cpu->eip = off;
	cpu_signal_event(cpu);
	return true;
}
