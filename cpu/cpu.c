/* CPU creation, reset, models and register access. */
#include "cpu/descriptor.h"
#include "cpu/icache.h"
#include "cpu/x87.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const model_names[CPU_MODEL_COUNT] = {"8086", "186", "286", "386", "486", "pentium", "p6"};

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
	if (!strcmp(name, "586") || !strcmp(name, "i586"))
		return CPU_PENTIUM;
	if (!strcmp(name, "686") || !strcmp(name, "i686") || !strcmp(name, "pentiumpro"))
		return CPU_P6;
	return -1;
}

/* Lines of the address bus: 20 on the 8086 and 80186, 24 on the 286,
 * 32 on the 386. */
uint32_t cpu_model_signature(enum cpu_model model)
{
	switch (model) {
	case CPU_386: return 0x0308;     /* 386 DX, step D1 */
	/* Models whose real features match what glasspc implements: no
	 * VME, no MMX. */
	case CPU_486: return 0x0470;     /* 486 DX2 write-back enhanced (has CPUID) */
	case CPU_PENTIUM: return 0x0525; /* Pentium P54C */
	case CPU_P6: return 0x0617;      /* Pentium Pro */
	default: return 0;
	}
}

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
	free(cpu->debug.code_pages);
	free(cpu->debug.data_pages);
	free(cpu);
}

static void seg_reset(struct segment *s, uint16_t sel, uint32_t base, uint16_t attr)
{
	s->sel = sel;
	s->base = base;
	s->limit = 0xFFFF;
	s->attr = attr;
	s->valid = true;
	s->read_end = s->write_end = 0x10000;
}

#define RESET_DATA_ATTR 0x93 /* present, writable data, accessed */
#define RESET_CODE_ATTR 0x9B /* present, readable code, accessed */

void cpu_refresh_code_state(struct cpu *cpu)
{
	const struct segment *cs = &cpu->seg[S_CS];
	/* The D bit of the cached CS decides, in real mode too (a 32-bit
	 * CS cached from protected mode runs 32-bit code until reloaded);
	 * virtual-8086 mode is always 16-bit. */
	cpu->code32 = (cs->attr & SEG_ATTR_DB) && !(cpu->eflags & F_VM) && cpu->model >= CPU_386;
	cpu->code_mask = cpu->code32 ? 0xFFFFFFFFu : 0xFFFFu;
	uint32_t limit = cs->limit & cpu->code_mask;
	/* Below this EIP a whole instruction of the longest kind fits in
	 * the segment, so the run loop need not check the limit or a 16-bit
	 * IP wrap; above it (or with a tiny segment) it takes the careful
	 * path. */
	cpu->fetch_safe_limit = limit >= 15 ? limit - 15 : 0;
	cpu->fetch_careful_always = limit < 15;
	cpu->fetch_eip_len = 0; /* CS changed: the fetch window is stale */
}

void cpu_reset(struct cpu *cpu)
{
	memset(cpu->r, 0, sizeof(cpu->r));
	for (int s = 0; s < 6; s++)
		seg_reset(&cpu->seg[s], 0, 0, RESET_DATA_ATTR);
	seg_reset(&cpu->ldtr, 0, 0, 0x82);
	seg_reset(&cpu->tr, 0, 0, 0x8B);
	cpu->ldtr.valid = false;
	cpu->eflags = 0;
	cpu->cr0 = cpu->cr2 = cpu->cr3 = cpu->cr4 = 0;
	memset(cpu->dr, 0, sizeof(cpu->dr));
	/* DR6 and DR7 reset values (SDM 17.2). */
	cpu->dr[6] = 0xFFFF0FF0u;
	cpu->dr[7] = 0x00000400u;
	cpu->dr_code_active = cpu->dr_data_active = cpu->dr_data_hit = false;
	cpu->idtr.base = 0;
	cpu->idtr.limit = 0x3FF;
	cpu->gdtr.base = 0;
	cpu->gdtr.limit = 0xFFFF;
	cpu->cpl = 0;
	switch (cpu->model) {
	case CPU_8086:
	case CPU_186:
		/* FFFF:0000 */
		seg_reset(&cpu->seg[S_CS], 0xFFFF, 0xFFFF0, RESET_CODE_ATTR);
		cpu->eip = 0;
		break;
	case CPU_286:
		seg_reset(&cpu->seg[S_CS], 0xF000, 0xFF0000, RESET_CODE_ATTR);
		cpu->eip = 0xFFF0;
		cpu->cr0 = 0xFFF0; /* MSW: reserved bits read as ones */
		break;
	default:
		seg_reset(&cpu->seg[S_CS], 0xF000, 0xFFFF0000, RESET_CODE_ATTR);
		cpu->eip = 0xFFF0;
		/* EDX holds the family, model and stepping (SDM 9.1.4). */
		cpu->r[R_EDX] = cpu_model_signature(cpu->model);
		/* The 486 and later come out of reset with CD and NW set, and
		 * ET hard-wired. */
		if (cpu->model >= CPU_486)
			cpu->cr0 = CR0_CD | CR0_NW | CR0_ET;
		break;
	}
	x87_reset(cpu);
	cpu_set_flags(cpu, 0x0002);
	cpu->icount = 0;
	cpu->halted = false;
	cpu->nmi_pending = false;
	cpu->stop_requested = false;
	cpu->irq_inhibit_at = UINT64_MAX;
	cpu->fault_depth = 0;
	cpu->delivering = -1;
	cpu->event_ext = 0;
	cpu->stop_reason = CPU_STOP_NONE;
	cpu->stack32 = false;
	cpu_refresh_code_state(cpu);
	cpu_flush_caches(cpu);
	cpu_signal_event(cpu);
}

/* EFLAGS bits that exist: bits 12-15 always read 1 on the 8086 and
 * 80186; the 286 has IOPL and NT only in protected mode; the 386 adds RF
 * and VM, the 486 AC, the Pentium VIF, VIP and ID. */
uint32_t cpu_flags_fixup(const struct cpu *cpu, uint32_t f)
{
	f |= 0x0002;
	f &= ~(0x0008u | 0x0020u | 0x8000u);
	switch (cpu->model) {
	case CPU_8086:
	case CPU_186:
		return (f & 0x0FFF) | 0xF000;
	case CPU_286:
		return f & ((cpu->cr0 & CR0_PE) ? 0x7FFFu : 0x0FFFu);
	case CPU_386:
		return f & 0x00037FFFu;
	case CPU_486:
		/* The 486 model has CPUID, so ID exists too. */
		return f & 0x00277FFFu;
	default:
		return f & 0x003F7FFFu;
	}
}

uint32_t cpu_get_flags(const struct cpu *cpu)
{
	return (cpu->eflags & ~F_OSZAPC) | lf_get_all(cpu);
}

void cpu_set_flags_raw(struct cpu *cpu, uint32_t flags)
{
	flags = cpu_flags_fixup(cpu, flags);
	bool vm_changed = (flags ^ cpu->eflags) & F_VM;
	/* Turning AC on must take TLB entries away (#AC is checked on the
	 * slow path). */
	if (((flags ^ cpu->eflags) & F_AC) && (cpu->cr0 & CR0_AM))
		cpu_tlb_flush(cpu);
	cpu->eflags = flags & ~F_OSZAPC;
	lf_set_all(cpu, flags);
	if (vm_changed) {
		for (int s = 0; s < 6; s++)
			segment_update_fast_limits(cpu, &cpu->seg[s]);
		cpu_refresh_code_state(cpu);
	}
	/* IF, TF or VM may have changed what the run loop must watch. */
	cpu_signal_event(cpu);
}

/* POPF-style: VM is kept as it is, RF cleared. */
void cpu_set_flags(struct cpu *cpu, uint32_t flags)
{
	cpu_set_flags_raw(cpu, (flags & ~(F_VM | F_RF)) | (cpu->eflags & F_VM));
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
	cpu_signal_event(cpu);
}

void cpu_set_intr(struct cpu *cpu, bool level)
{
	cpu->intr_line = level;
	if (level)
		cpu_signal_event(cpu);
}

void cpu_raise_nmi(struct cpu *cpu)
{
	cpu->nmi_pending = true;
	cpu_signal_event(cpu);
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
