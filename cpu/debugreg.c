/* The debug registers (SDM Vol. 3, 17.2-17.3): DR0-DR3 breakpoints on
 * instruction fetches and data accesses enabled by DR7, DR6 status, the
 * general-detect fault, and alignment checking (#AC), which shares the
 * technique: while either is active, the CPU leaves its fast paths (every
 * instruction on the careful path, every access through the slow path),
 * so a guest that does not use them pays nothing. */
#include "cpu/core.h"

#define DR6_BS 0x4000u
#define DR6_BD 0x2000u
#define DR7_GD 0x2000u

static bool dr_enabled(uint32_t dr7, unsigned n) { return (dr7 >> (2 * n)) & 3; }
static unsigned dr_rw(uint32_t dr7, unsigned n) { return (dr7 >> (16 + 4 * n)) & 3; }

/* Length field: 00 = 1, 01 = 2, 11 = 4 bytes (10 is undefined before the
 * Pentium 4 and treated as 8). */
static unsigned dr_len(uint32_t dr7, unsigned n)
{
	static const unsigned lengths[4] = {1, 2, 8, 4};
	return lengths[(dr7 >> (18 + 4 * n)) & 3];
}

void cpu_debug_registers_changed(struct cpu *cpu)
{
	uint32_t dr7 = cpu->dr[7];
	bool code = false, data = false;
	for (unsigned n = 0; n < 4; n++) {
		if (!dr_enabled(dr7, n))
			continue;
		if (dr_rw(dr7, n) == 0)
			code = true;
		else if (dr_rw(dr7, n) != 2) /* I/O breakpoints are not modelled */
			data = true;
	}
	cpu->dr_code_active = code;
	cpu->dr_data_active = data;
	cpu_tlb_flush(cpu);
	cpu_signal_event(cpu);
}

bool cpu_instruction_breakpoint(struct cpu *cpu)
{
	if (cpu->eflags & F_RF)
		return false;
	uint32_t lin = cpu->seg[S_CS].base + cpu->eip;
	uint32_t hits = 0;
	for (unsigned n = 0; n < 4; n++)
		if (dr_enabled(cpu->dr[7], n) && dr_rw(cpu->dr[7], n) == 0 && cpu->dr[n] == lin)
			hits |= 1u << n;
	if (!hits)
		return false;
	cpu->dr[6] = (cpu->dr[6] & ~0xFu) | hits;
	return true;
}

void cpu_data_breakpoint_check(struct cpu *cpu, uint32_t lin, unsigned size, bool write)
{
	for (unsigned n = 0; n < 4; n++) {
		unsigned rw = dr_rw(cpu->dr[7], n);
		if (!dr_enabled(cpu->dr[7], n) || rw == 0 || rw == 2 || (rw == 1 && !write))
			continue;
		unsigned len = dr_len(cpu->dr[7], n);
		uint32_t start = cpu->dr[n] & ~(len - 1);
		if (lin <= start + len - 1 && start <= lin + size - 1) {
			cpu->dr[6] |= 1u << n;
			cpu->dr_data_hit = true;
		}
	}
}

void cpu_single_step_status(struct cpu *cpu)
{
	cpu->dr[6] |= DR6_BS;
}

/* SDM 17.2.4: with DR7.GD set, any MOV to or from a debug register is a
 * #DB fault with DR6.BD set, and GD is cleared so the handler can use
 * them. */
void cpu_general_detect(struct cpu *cpu)
{
	if (!(cpu->dr[7] & DR7_GD))
		return;
	cpu->dr[6] |= DR6_BD;
	cpu->dr[7] &= ~DR7_GD;
	cpu_exception(cpu, EXC_DB, -1);
}

_Noreturn void cpu_alignment_fault(struct cpu *cpu)
{
	cpu_exception(cpu, EXC_AC, 0);
}
