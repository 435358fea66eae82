/* CPUID, RDTSC, RDPMC, RDMSR and WRMSR: what each model says about itself
 * and the model-specific registers it keeps.  Feature bits report exactly
 * what glasspc implements for the model, no more. */
#include "cpu/core.h"

/* CPUID.1:EDX bits. */
#define FEAT_FPU (1u << 0)
#define FEAT_VME (1u << 1)
#define FEAT_DE (1u << 2)
#define FEAT_PSE (1u << 3)
#define FEAT_TSC (1u << 4)
#define FEAT_MSR (1u << 5)
#define FEAT_PAE (1u << 6)
#define FEAT_CX8 (1u << 8)
#define FEAT_SEP (1u << 11)
#define FEAT_MTRR (1u << 12)
#define FEAT_PGE (1u << 13)
#define FEAT_CMOV (1u << 15)
#define FEAT_PAT (1u << 16)

uint32_t cpu_features(enum cpu_model model)
{
	/* FPU: the x87 on chip (cpu/x87.c).  On the P6, CMOV together with
	 * FPU also promises FCMOVcc and FCOMI, which the table has. */
	switch (model) {
	case CPU_486:
		return FEAT_FPU;
	case CPU_PENTIUM:
		return FEAT_FPU | FEAT_VME | FEAT_DE | FEAT_PSE | FEAT_TSC | FEAT_MSR | FEAT_CX8;
	case CPU_P6:
		return FEAT_FPU | FEAT_VME | FEAT_DE | FEAT_PSE | FEAT_TSC | FEAT_MSR | FEAT_PAE | FEAT_CX8 | FEAT_SEP | FEAT_MTRR |
		       FEAT_PGE | FEAT_CMOV | FEAT_PAT;
	default:
		return 0;
	}
}

void op_cpuid(struct cpu *cpu, const struct insn *i)
{
	uint32_t leaf = cpu->r[R_EAX];
	uint32_t max = cpu->model >= CPU_P6 ? 2 : 1;
	uint32_t a = 0, b = 0, c = 0, d = 0;
	if (leaf > max)
		leaf = max; /* Intel: leaves past the maximum answer as the highest */
	switch (leaf) {
	case 0:
		a = max;
		b = 0x756E6547; /* "Genu" */
		d = 0x49656E69; /* "ineI" */
		c = 0x6C65746E; /* "ntel" */
		break;
	case 1:
		a = cpu_model_signature(cpu->model);
		d = cpu_features(cpu->model);
		/* SDM Vol. 3, "Microcode Update Facilities": CPUID.1 loads
		 * the loaded update's signature into IA32_BIOS_SIGN_ID[63:32];
		 * glasspc's P6 runs no update, signature 0. */
		if (cpu->model >= CPU_P6)
			cpu->msr.bios_sign_id &= 0xFFFFFFFFu;
		break;
	case 2:
		/* One iteration; descriptors: no TLB or cache information. */
		a = 0x00000001;
		break;
	}
	cpu->r[R_EAX] = a;
	cpu->r[R_EBX] = b;
	cpu->r[R_ECX] = c;
	cpu->r[R_EDX] = d;
}

static uint64_t tsc_now(const struct cpu *cpu)
{
	return cpu->icount + cpu->msr.tsc_offset;
}

/* RDTSC: the time-stamp counter counts guest instructions, so it is
 * deterministic.  CR4.TSD restricts it to CPL 0. */
void op_rdtsc(struct cpu *cpu, const struct insn *i)
{
	if ((cpu->cr4 & CR4_TSD) && cpu->cpl != 0 && cpu_protected(cpu))
		cpu_exception(cpu, EXC_GP, 0);
	uint64_t t = tsc_now(cpu);
	cpu->r[R_EAX] = (uint32_t)t;
	cpu->r[R_EDX] = (uint32_t)(t >> 32);
}

/* RDPMC: the counters exist and hold what software wrote; glasspc
 * counts no events. */
void op_rdpmc(struct cpu *cpu, const struct insn *i)
{
	if (!(cpu->cr4 & CR4_PCE) && cpu->cpl != 0 && cpu_protected(cpu))
		cpu_exception(cpu, EXC_GP, 0);
	uint32_t n = cpu->r[R_ECX];
	if (n > 1)
		cpu_exception(cpu, EXC_GP, 0);
	cpu->r[R_EAX] = (uint32_t)cpu->msr.perf_ctr[n];
	cpu->r[R_EDX] = (uint32_t)(cpu->msr.perf_ctr[n] >> 32) & 0xFF;
}

enum {
	MSR_P5_MC_ADDR = 0x0, MSR_P5_MC_TYPE = 0x1, MSR_TSC = 0x10, MSR_APIC_BASE = 0x1B,
	MSR_BIOS_SIGN_ID = 0x8B,
	MSR_PERFCTR0 = 0xC1, MSR_PERFCTR1 = 0xC2, MSR_MTRRCAP = 0xFE, MSR_SYSENTER_CS = 0x174,
	MSR_SYSENTER_ESP = 0x175, MSR_SYSENTER_EIP = 0x176, MSR_PERFEVTSEL0 = 0x186, MSR_PERFEVTSEL1 = 0x187,
	MSR_MISC_ENABLE = 0x1A0, MSR_MTRR_PHYS = 0x200, MSR_MTRR_FIX64K = 0x250, MSR_MTRR_FIX16K = 0x258,
	MSR_MTRR_FIX4K = 0x268, MSR_PAT = 0x277, MSR_MTRR_DEF_TYPE = 0x2FF
};

/* The MSR a number names on this model, or NULL (#GP).  *readonly is
 * set for registers writes may not change. */
static uint64_t *msr_slot(struct cpu *cpu, uint32_t n, bool *readonly)
{
	struct cpu_msrs *m = &cpu->msr;
	static uint64_t mtrrcap = 0x508; /* 8 variable ranges, fixed ranges, write-combining */
	*readonly = false;
	if (n == MSR_TSC)
		return NULL; /* handled by the callers: it is derived from icount */
	if (cpu->model == CPU_PENTIUM) {
		switch (n) {
		case MSR_P5_MC_ADDR: return &m->mc_addr;
		case MSR_P5_MC_TYPE: return &m->mc_type;
		default: return NULL;
		}
	}
	switch (n) {
	case MSR_APIC_BASE: return &m->apic_base;
	case MSR_BIOS_SIGN_ID: return &m->bios_sign_id;
	case MSR_PERFCTR0: return &m->perf_ctr[0];
	case MSR_PERFCTR1: return &m->perf_ctr[1];
	case MSR_PERFEVTSEL0: return &m->perf_evtsel[0];
	case MSR_PERFEVTSEL1: return &m->perf_evtsel[1];
	case MSR_MISC_ENABLE: return &m->misc_enable;
	case MSR_PAT: return &m->pat;
	case MSR_MTRR_DEF_TYPE: return &m->mtrr_def_type;
	case MSR_MTRRCAP: *readonly = true; return &mtrrcap;
	case MSR_MTRR_FIX64K: return &m->mtrr_fixed[0];
	case MSR_MTRR_FIX16K: return &m->mtrr_fixed[1];
	case MSR_MTRR_FIX16K + 1: return &m->mtrr_fixed[2];
	default:
		if (n >= MSR_MTRR_FIX4K && n < MSR_MTRR_FIX4K + 8)
			return &m->mtrr_fixed[3 + (n - MSR_MTRR_FIX4K)];
		if (n >= MSR_MTRR_PHYS && n < MSR_MTRR_PHYS + 16)
			return &m->mtrr_var[n - MSR_MTRR_PHYS];
		return NULL;
	}
}

void op_rdmsr(struct cpu *cpu, const struct insn *i)
{
	cpu_require_cpl0(cpu);
	uint32_t n = cpu->r[R_ECX];
	uint64_t v;
	bool readonly;
	if (n == MSR_TSC) {
		v = tsc_now(cpu);
	} else if (cpu->model >= CPU_P6 && n >= MSR_SYSENTER_CS && n <= MSR_SYSENTER_EIP) {
		v = n == MSR_SYSENTER_CS ? cpu->msr.sysenter_cs : n == MSR_SYSENTER_ESP ? cpu->msr.sysenter_esp : cpu->msr.sysenter_eip;
	} else {
		uint64_t *slot = msr_slot(cpu, n, &readonly);
		if (!slot)
			cpu_exception(cpu, EXC_GP, 0);
		v = *slot;
	}
	cpu->r[R_EAX] = (uint32_t)v;
	cpu->r[R_EDX] = (uint32_t)(v >> 32);
}

void op_wrmsr(struct cpu *cpu, const struct insn *i)
{
	cpu_require_cpl0(cpu);
	uint32_t n = cpu->r[R_ECX];
	uint64_t v = (uint64_t)cpu->r[R_EDX] << 32 | cpu->r[R_EAX];
	bool readonly;
	if (n == MSR_TSC) {
		/* SDM 17.17: P6-family processors write only the low 32 bits
		 * and clear the high 32; the Pentium writes all 64. */
		if (cpu->model >= CPU_P6)
			v &= 0xFFFFFFFFu;
		cpu->msr.tsc_offset = v - cpu->icount;
		return;
	}
	if (cpu->model >= CPU_P6 && n >= MSR_SYSENTER_CS && n <= MSR_SYSENTER_EIP) {
		uint32_t *r = n == MSR_SYSENTER_CS ? &cpu->msr.sysenter_cs : n == MSR_SYSENTER_ESP ? &cpu->msr.sysenter_esp : &cpu->msr.sysenter_eip;
		*r = (uint32_t)v;
		return;
	}
	uint64_t *slot = msr_slot(cpu, n, &readonly);
	if (!slot || readonly)
		cpu_exception(cpu, EXC_GP, 0);
	*slot = v;
}
