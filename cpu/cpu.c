/* CPU creation, reset, models and register access. */
#include "cpu/core.h"
#include "cpu/icache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const model_names[CPU_MODEL_COUNT] = {"8086", "186", "286", "386"};

const char *cpu_model_name(enum cpu_model model)
{
	return (unsigned)model < CPU_MODEL_COUNT ? model_names[model] : "?";
}

int cpu_model_from_name(const char *name)
{
	if (!strncmp(name, "80", 2) && strlen(name) == 5)
		name += 2; /* 80386 -> 386, 80186 -> 186 */
	else if (!strncmp(name, "i", 1))
		name += 1; /* i386, i8086 */
	for (int m = 0; m < CPU_MODEL_COUNT; m++)
		if (!strcmp(name, model_names[m]))
			return m;
	if (!strcmp(name, "8088") || !strcmp(name, "88"))
		return CPU_8086;
	return -1;
}

/* Lines of the address bus: 20 on the 8086 and 80186, 24 on the 286,
 * 32 on the 386. */
uint32_t cpu_model_bus_mask(enum cpu_model model)
{
	switch (model) {
	case CPU_8086:
	case CPU_186:
		return 0xFFFFF;
	case CPU_286:
		return 0xFFFFFF;
	default:
		return 0xFFFFFFFF;
	}
}

static void cpu_on_code_write(void *opaque, const uint8_t *host, unsigned len)
{
	struct cpu *cpu = opaque;
	icache_invalidate(cpu->icache, host, len);
}

struct cpu *cpu_create(enum cpu_model model, struct mem *mem, struct iobus *io)
{
	struct cpu *cpu = calloc(1, sizeof(*cpu));
	if (!cpu)
		return NULL;
	cpu->icache = icache_create();
	cpu->scratch = calloc(1, sizeof(struct insn));
	if (!cpu->icache || !cpu->scratch) {
		cpu_destroy(cpu);
		return NULL;
	}
	decode_init();
	cpu->model = model;
	cpu->mem = mem;
	cpu->io = io;
	mem->on_code_write = cpu_on_code_write;
	mem->code_write_opaque = cpu;
	cpu_reset(cpu);
	return cpu;
}

void cpu_destroy(struct cpu *cpu)
{
	if (!cpu)
		return;
	if (cpu->mem && cpu->mem->code_write_opaque == cpu)
		cpu->mem->on_code_write = NULL;
	icache_destroy(cpu->icache);
	free(cpu->scratch);
	free(cpu);
}

static void seg_reset(struct segment *s, uint16_t sel, uint32_t base)
{
	s->sel = sel;
	s->base = base;
	s->limit = 0xFFFF;
	s->attr = 0x93; /* present, writable data, accessed */
}

void cpu_refresh_code_state(struct cpu *cpu)
{
	const struct segment *cs = &cpu->seg[S_CS];
	cpu->code32 = false; /* real mode: protected mode sets it from the D bit */
	cpu->code_mask = cpu->code32 ? 0xFFFFFFFFu : 0xFFFFu;
	uint32_t limit = cs->limit & cpu->code_mask;
	/* Below this EIP a whole instruction of the longest kind fits in
	 * the segment, so the run loop need not check the limit or a 16-bit
	 * IP wrap; above it (or with a tiny segment) it takes the careful
	 * path. */
	cpu->fetch_safe_limit = limit >= 15 ? limit - 15 : 0;
	cpu->fetch_careful_always = limit < 15;
}

void cpu_reset(struct cpu *cpu)
{
	memset(cpu->r, 0, sizeof(cpu->r));
	for (int s = 0; s < 6; s++)
		seg_reset(&cpu->seg[s], 0, 0);
	cpu->eflags = 0;
	cpu->cr0 = cpu->cr2 = cpu->cr3 = cpu->cr4 = 0;
	memset(cpu->dr, 0, sizeof(cpu->dr));
	cpu->idtr.base = 0;
	cpu->idtr.limit = 0x3FF;
	cpu->gdtr.base = 0;
	cpu->gdtr.limit = 0xFFFF;
	cpu->cpl = 0;
	switch (cpu->model) {
	case CPU_8086:
	case CPU_186:
		/* FFFF:0000 */
		seg_reset(&cpu->seg[S_CS], 0xFFFF, 0xFFFF0);
		cpu->eip = 0;
		break;
	case CPU_286:
		seg_reset(&cpu->seg[S_CS], 0xF000, 0xFF0000);
		cpu->eip = 0xFFF0;
		cpu->cr0 = 0xFFF0; /* MSW: reserved bits read as ones */
		break;
	default:
		seg_reset(&cpu->seg[S_CS], 0xF000, 0xFFFF0000);
		cpu->eip = 0xFFF0;
		/* DX holds the component and revision: a 386 DX, step D1. */
		cpu->r[R_EDX] = 0x0308;
		break;
	}
	cpu_set_flags(cpu, 0x0002);
	cpu->icount = 0;
	cpu->halted = false;
	cpu->nmi_pending = false;
	cpu->stop_requested = false;
	cpu->irq_inhibit_at = UINT64_MAX;
	cpu->fault_depth = 0;
	cpu->stop_reason = CPU_STOP_NONE;
	cpu->stack32 = false;
	cpu_refresh_code_state(cpu);
	cpu_flush_caches(cpu);
	cpu->events = 1;
}

uint32_t cpu_flags_fixup(const struct cpu *cpu, uint32_t f)
{
	f |= 0x0002;
	f &= ~(0x0008u | 0x0020u);
	switch (cpu->model) {
	case CPU_8086:
	case CPU_186:
		/* Bits 12-15 are always set on the 8086 and 80186. */
		return (f & 0x0FFF) | 0xF000;
	case CPU_286:
		/* In real mode the 286 keeps IOPL and NT clear. */
		return f & 0x0FFF;
	default:
		/* Bit 15 is reserved (0); VM and RF are not set by POPF, and
		 * AC does not exist before the 486. */
		return f & 0x00037FFFu & ~(F_VM | F_RF);
	}
}

uint32_t cpu_get_flags(const struct cpu *cpu)
{
	return (cpu->eflags & ~F_OSZAPC) | lf_get_all(cpu);
}

void cpu_set_flags(struct cpu *cpu, uint32_t flags)
{
	flags = cpu_flags_fixup(cpu, flags);
	cpu->eflags = flags & ~F_OSZAPC;
	lf_set_all(cpu, flags);
	/* IF or TF may have changed what the run loop must watch. */
	cpu->events = 1;
}

void cpu_load_seg_real(struct cpu *cpu, int seg, uint16_t sel)
{
	cpu->seg[seg].sel = sel;
	cpu->seg[seg].base = (uint32_t)sel << 4;
	if (seg == S_CS)
		cpu_refresh_code_state(cpu);
}

void cpu_load_seg(struct cpu *cpu, int seg, uint16_t sel)
{
	cpu_load_seg_real(cpu, seg, sel);
	if (seg == S_SS) {
		/* SDM: loading SS inhibits interrupts until after the next
		 * instruction, so that SS:SP can be loaded as a pair. */
		cpu->irq_inhibit_at = cpu->icount + 1;
		cpu->events = 1;
	}
}

void cpu_jump_far(struct cpu *cpu, uint16_t sel, uint32_t off)
{
	cpu_load_seg(cpu, S_CS, sel);
	cpu->eip = off;
}

void cpu_set_eip(struct cpu *cpu, uint32_t eip)
{
	cpu->eip = eip;
}

void cpu_flush_caches(struct cpu *cpu)
{
	cpu_tlb_flush(cpu);
	icache_flush(cpu->icache);
}

void cpu_request_stop(struct cpu *cpu)
{
	cpu->stop_requested = true;
	cpu->events = 1;
}

void cpu_set_intr(struct cpu *cpu, bool level)
{
	cpu->intr_line = level;
	if (level)
		cpu->events = 1;
}

void cpu_raise_nmi(struct cpu *cpu)
{
	cpu->nmi_pending = true;
	cpu->events = 1;
}

const char *cpu_exception_name(int vector, char *buf, unsigned len)
{
	static const char *const names[] = {"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF",
					    "coprocessor overrun", "#TS", "#NP", "#SS", "#GP", "#PF", "vector 15",
					    "#MF", "#AC", "#MC", "#XM"};
	if (vector >= 0 && (unsigned)vector < sizeof(names) / sizeof(names[0]))
		snprintf(buf, len, "%s", names[vector]);
	else
		snprintf(buf, len, "INT 0x%02X", vector & 0xFF);
	return buf;
}

void cpu_format_state(const struct cpu *cpu, char *buf, unsigned len)
{
	const uint32_t *r = cpu->r;
	snprintf(buf, len,
		 "EAX=%08X EBX=%08X ECX=%08X EDX=%08X ESI=%08X EDI=%08X EBP=%08X ESP=%08X\n"
		 "EIP=%08X EFLAGS=%08X CS=%04X DS=%04X ES=%04X SS=%04X FS=%04X GS=%04X CR0=%08X",
		 r[R_EAX], r[R_EBX], r[R_ECX], r[R_EDX], r[R_ESI], r[R_EDI], r[R_EBP], r[R_ESP], cpu->eip,
		 cpu_get_flags(cpu), cpu->seg[S_CS].sel, cpu->seg[S_DS].sel, cpu->seg[S_ES].sel,
		 cpu->seg[S_SS].sel, cpu->seg[S_FS].sel, cpu->seg[S_GS].sel, cpu->cr0);
}
