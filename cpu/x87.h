/* The x87 FPU inside the CPU: the register stack, the status, control and
 * tag words, the pointers, and the rules every x87 instruction follows
 * (CR0.EM/TS, pending exceptions, stack faults).  The arithmetic itself
 * is cpu/fpu (x87float.h); the instruction handlers are cpu/x87.c
 * (control and state), cpu/x87_ops.c (data, arithmetic, compares) and
 * cpu/x87_trans.c (the transcendentals).  SDM Vol. 1 ch. 8. */
#ifndef GLASSPC_CPU_X87_H
#define GLASSPC_CPU_X87_H

#include "cpu/core.h"

/* Status word (SDM Figure 8-4). */
#define SW_IE 0x0001u
#define SW_DE 0x0002u
#define SW_ZE 0x0004u
#define SW_OE 0x0008u
#define SW_UE 0x0010u
#define SW_PE 0x0020u
#define SW_SF 0x0040u
#define SW_ES 0x0080u
#define SW_C0 0x0100u
#define SW_C1 0x0200u
#define SW_C2 0x0400u
#define SW_TOP 0x3800u
#define SW_C3 0x4000u
#define SW_B 0x8000u
#define SW_CC (SW_C0 | SW_C1 | SW_C2 | SW_C3)
#define SW_EXCEPTIONS 0x003Fu

/* Control word (SDM Figure 8-6): masks in bits 5-0 (1 = masked), PC in
 * 9-8, RC in 11-10, the 287's infinity control in 12 (kept, no effect);
 * bit 6 reads as 1, bits 7 and 13-15 as 0. */
#define CW_WRITABLE 0x1F3Fu
#define CW_ONES 0x0040u
#define CW_INIT 0x037Fu   /* FNINIT */
#define CW_RESET 0x0040u  /* power-up (SDM Table 9-1) */

#define TAG_VALID 0u
#define TAG_ZERO 1u
#define TAG_SPECIAL 2u
#define TAG_EMPTY 3u

/* How an instruction starts (x87_begin). */
#define X87_NOWAIT 1u   /* FNINIT FNCLEX FNSTSW FNSTCW FNSTENV FNSAVE (and FNENI ...) */
#define X87_CONTROL 2u  /* keeps FIP, FDP and FOP (SDM 8.1.8) */

static inline unsigned x87_top(const struct cpu *cpu)
{
	return (cpu->x87.status >> 11) & 7;
}

static inline void x87_set_top(struct cpu *cpu, unsigned top)
{
	cpu->x87.status = (uint16_t)((cpu->x87.status & ~SW_TOP) | ((top & 7) << 11));
}

/* The physical register of ST(i). */
static inline unsigned x87_phys(const struct cpu *cpu, unsigned i)
{
	return (x87_top(cpu) + i) & 7;
}

static inline unsigned x87_tag_of_phys(const struct cpu *cpu, unsigned phys)
{
	return (cpu->x87.tag >> (2 * phys)) & 3;
}

static inline bool x87_empty(const struct cpu *cpu, unsigned i)
{
	return x87_tag_of_phys(cpu, x87_phys(cpu, i)) == TAG_EMPTY;
}

static inline x87_f80 x87_st(const struct cpu *cpu, unsigned i)
{
	return cpu->x87.reg[x87_phys(cpu, i)];
}

/* The tag a value gets in a register (SDM 8.1.7). */
unsigned x87_tag_for(x87_f80 v);
/* Writes a physical register and tags it from its value (or empty). */
void x87_set_phys(struct cpu *cpu, unsigned phys, x87_f80 v);
void x87_set_phys_tag(struct cpu *cpu, unsigned phys, unsigned tag);

static inline void x87_set_st(struct cpu *cpu, unsigned i, x87_f80 v)
{
	x87_set_phys(cpu, x87_phys(cpu, i), v);
}

/* TOP - 1, then ST(0) = v. */
static inline void x87_push(struct cpu *cpu, x87_f80 v)
{
	x87_set_top(cpu, x87_top(cpu) - 1);
	x87_set_st(cpu, 0, v);
}

/* ST(0) tagged empty, then TOP + 1. */
static inline void x87_pop(struct cpu *cpu)
{
	x87_set_phys_tag(cpu, x87_top(cpu), TAG_EMPTY);
	x87_set_top(cpu, x87_top(cpu) + 1);
}

/* An exception flag is set whose mask is clear. */
static inline bool x87_pending(const struct cpu *cpu)
{
	return (cpu->x87.status & ~cpu->x87.control & SW_EXCEPTIONS) != 0;
}

/* The status word as software reads it: ES and B derived. */
static inline uint16_t x87_status_word(const struct cpu *cpu)
{
	uint16_t sw = cpu->x87.status & (uint16_t)~(SW_ES | SW_B);
	return x87_pending(cpu) ? (uint16_t)(sw | SW_ES | SW_B) : sw;
}

static inline x87_env x87_env_now(const struct cpu *cpu)
{
	return x87_env_from_control(cpu->x87.control);
}

/* The start of every x87 instruction: without an FPU (the 386 without
 * its 387) the escape does nothing and this returns false; CR0.EM or TS
 * raise #NM; a waiting instruction with an unmasked exception pending
 * raises #MF (CR0.NE) or asserts FERR# and freezes until an interrupt
 * (returns false; EIP stays on the instruction) unless IGNNE# is active.
 * Non-control instructions then record FIP, FOP and (with a memory
 * operand) FDP. */
bool x87_begin(struct cpu *cpu, const struct insn *i, unsigned how);
/* After software changed the exception flags or masks: FERR# follows. */
void x87_update_ferr(struct cpu *cpu);
/* FNINIT's state. */
void x87_init(struct cpu *cpu);
/* Power-up state, from cpu_reset(). */
void x87_reset(struct cpu *cpu);

/* Stack faults (SDM 8.5.1.1): IE and SF, C1 = 1 for overflow (a push
 * into a full register) and 0 for underflow (an empty source).  Return
 * true when IE is masked: the caller then gives the masked response. */
bool x87_stack_overflow(struct cpu *cpu);
bool x87_stack_underflow(struct cpu *cpu);

/* Merges an operation's exception flags into the status word, and the
 * condition codes it defines (cc_mask of SW_C*). */
void x87_commit(struct cpu *cpu, const x87_env *env, uint16_t cc_mask);
/* Unmasked IE, ZE or DE: the destination and TOP stay as they are. */
static inline bool x87_blocked(const x87_env *env)
{
	return (x87_unmasked(env) & (X87_EX_INVALID | X87_EX_ZERODIV | X87_EX_DENORMAL)) != 0;
}

/* Memory operands at ea + k, wrapping with the address size. */
uint64_t x87_read64(struct cpu *cpu, const struct insn *i, uint32_t k);
void x87_write64(struct cpu *cpu, const struct insn *i, uint32_t k, uint64_t v);
x87_f80 x87_read80(struct cpu *cpu, const struct insn *i, uint32_t k);
void x87_write80(struct cpu *cpu, const struct insn *i, uint32_t k, x87_f80 v);

#endif
