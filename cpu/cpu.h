/* The x86 CPU: public interface.
 *
 * A struct cpu executes guest instructions against a physical address
 * space (memory/mem.h) and an I/O port bus (iodev/bus.h).  cpu_step()
 * executes exactly one instruction (a REP string instruction to
 * completion, an exception or interrupt delivery included); cpu_run() is
 * the fast loop over the same handlers.  Guest time is the instruction
 * count, cpu->icount. */
#ifndef GLASSPC_CPU_CPU_H
#define GLASSPC_CPU_CPU_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>

#include "iodev/bus.h"
#include "memory/mem.h"

enum cpu_model {
	CPU_8086,
	CPU_186,
	CPU_286,
	CPU_386,
	CPU_MODEL_COUNT
};

/* Bit masks of models, for the instruction table. */
#define M_8086 (1u << CPU_8086)
#define M_186 (1u << CPU_186)
#define M_286 (1u << CPU_286)
#define M_386 (1u << CPU_386)
#define M_ALL (M_8086 | M_186 | M_286 | M_386)
#define M_186UP (M_186 | M_286 | M_386)
#define M_286UP (M_286 | M_386)
#define M_386UP (M_386)

enum reg32 { R_EAX, R_ECX, R_EDX, R_EBX, R_ESP, R_EBP, R_ESI, R_EDI, R_ZERO };
enum seg_reg { S_ES, S_CS, S_SS, S_DS, S_FS, S_GS, S_NONE = 7 };

/* EFLAGS bits. */
#define F_CF 0x0001u
#define F_PF 0x0004u
#define F_AF 0x0010u
#define F_ZF 0x0040u
#define F_SF 0x0080u
#define F_TF 0x0100u
#define F_IF 0x0200u
#define F_DF 0x0400u
#define F_OF 0x0800u
#define F_IOPL 0x3000u
#define F_NT 0x4000u
#define F_RF 0x10000u
#define F_VM 0x20000u
#define F_AC 0x40000u
#define F_OSZAPC (F_OF | F_SF | F_ZF | F_AF | F_PF | F_CF)

/* Exception vectors. */
enum {
	EXC_DE = 0, EXC_DB = 1, EXC_NMI = 2, EXC_BP = 3, EXC_OF = 4, EXC_BR = 5, EXC_UD = 6,
	EXC_NM = 7, EXC_DF = 8, EXC_TS = 10, EXC_NP = 11, EXC_SS = 12, EXC_GP = 13, EXC_PF = 14,
	EXC_MF = 16, EXC_AC = 17
};

struct segment {
	uint16_t sel;
	uint32_t base;
	uint32_t limit; /* byte granular, already expanded */
	uint16_t attr;  /* descriptor access byte and flags (protected mode) */
};

/* Why cpu_run() returned. */
enum cpu_stop {
	CPU_STOP_NONE = 0,
	CPU_STOP_INSN_LIMIT, /* icount reached the requested limit */
	CPU_STOP_HALT,       /* HLT with interrupts disabled and nothing pending */
	CPU_STOP_SHUTDOWN,   /* triple fault */
	CPU_STOP_REQUEST,    /* cpu_request_stop() (debugger, signals, devices) */
};

/* Interrupt controller seen from the CPU. */
struct cpu_intr_ops {
	/* Acknowledges the highest-priority pending interrupt; returns its
	 * vector. Called only while cpu->intr_line is set. */
	uint8_t (*ack)(void *opaque);
	void *opaque;
};

struct insn;
struct icache;

/* One entry of the software TLB: linear page -> host pointer. */
struct tlb_entry {
	uint32_t tag_read;  /* linear page address, or 1 when invalid */
	uint32_t tag_write;
	uint32_t phys;      /* physical page address */
	uintptr_t addend;   /* host address = linear + addend */
};

#define TLB_SIZE 256

struct cpu {
	/* General registers, EAX..EDI, then a slot that always holds zero
	 * (effective-address forms without base or index use it). */
	uint32_t r[9];
	uint32_t eip;
	/* EFLAGS bits that are not kept lazily (everything but OSZAPC). */
	uint32_t eflags;
	/* Lazy arithmetic flags; see cpu/flags.h. */
	uint32_t lf_res;
	uint32_t lf_aux;

	struct segment seg[6];
	uint32_t cr0, cr2, cr3, cr4;
	uint32_t dr[8];
	struct {
		uint32_t base;
		uint16_t limit;
	} gdtr, idtr;
	struct segment ldtr, tr;
	unsigned cpl;

	enum cpu_model model;
	struct mem *mem;
	struct iobus *io;

	/* Start of the instruction being executed; exceptions that are
	 * faults report it. */
	uint32_t insn_eip;
	uint64_t icount;
	/* Decoded state of the current instruction's prefixes that
	 * instructions need at run time (REP on 8086 IDIV). */
	const struct insn *cur;

	/* Pending asynchronous work: nonzero means the run loop must look
	 * at interrupts, stops or mode changes before the next instruction. */
	volatile int events;
	bool intr_line; /* INTR from the interrupt controller */
	bool nmi_pending;
	bool halted;
	/* Interrupts are not taken before the instruction whose count this
	 * is: the one-instruction shadow after STI, MOV SS and POP SS. */
	uint64_t irq_inhibit_at;
	volatile bool stop_requested;
	enum cpu_stop stop_reason;
	uint64_t insn_limit;
	struct cpu_intr_ops intr;

	/* Fault handling: handlers raise exceptions with cpu_exception(),
	 * which unwinds to the loop through this buffer. */
	jmp_buf fault_jmp;
	int fault_depth; /* nested faults during delivery: 2 -> #DF, 3 -> shutdown */
	int exc_vector;  /* exception being raised, for the unwinding */
	int fault_chain[3]; /* vectors of the faults of the last shutdown, in order */
	int exc_error;   /* its error code, or -1 */

	/* Fetching and the caches of translations and decodes. */
	uint32_t code_mask;   /* 0xFFFF with a 16-bit code segment, else all ones */
	uint32_t fetch_safe_limit; /* EIP up to which a whole instruction fits in CS */
	bool fetch_careful_always;
	bool code32;          /* CS default operand size */
	bool stack32;         /* SS B bit */
	uint32_t mem_generation;
	struct tlb_entry tlb[TLB_SIZE];
	struct icache *icache;
	struct insn *scratch; /* decode target for instructions not cached */

	/* Observation hooks for the debugger and tracer; NULL when unused. */
	void (*on_exception)(struct cpu *cpu, int vector, int error_code);
};

/* Creates a CPU of the given model on the given space and bus, in its
 * reset state.  Returns NULL on allocation failure. */
struct cpu *cpu_create(enum cpu_model model, struct mem *mem, struct iobus *io);
void cpu_destroy(struct cpu *cpu);
void cpu_reset(struct cpu *cpu);

/* Parses "8086", "186", "286", "386" (and "80386" and friends). Returns
 * -1 for an unknown name. */
int cpu_model_from_name(const char *name);
const char *cpu_model_name(enum cpu_model model);
/* The address lines a model has, as a mask (20, 24 or 32 bits). */
uint32_t cpu_model_bus_mask(enum cpu_model model);

/* Executes one instruction (or delivers one pending interrupt). */
enum cpu_stop cpu_step(struct cpu *cpu);
/* Runs until icount reaches limit (0 = no limit) or something stops it. */
enum cpu_stop cpu_run(struct cpu *cpu, uint64_t limit);
void cpu_request_stop(struct cpu *cpu);
void cpu_set_intr(struct cpu *cpu, bool level);
void cpu_raise_nmi(struct cpu *cpu);

/* Register access for loaders, tests and the debugger. */
uint32_t cpu_get_flags(const struct cpu *cpu);
void cpu_set_flags(struct cpu *cpu, uint32_t flags);
/* Real-mode style load: base = sel << 4, limit and attributes kept. */
void cpu_load_seg_real(struct cpu *cpu, int seg, uint16_t sel);
void cpu_set_eip(struct cpu *cpu, uint32_t eip);

/* Writes a multi-line register dump (no trailing newline). */
void cpu_format_state(const struct cpu *cpu, char *buf, unsigned len);
/* Names an exception vector: "#GP", "#PF"..., or "INT 0x21". */
const char *cpu_exception_name(int vector, char *buf, unsigned len);

/* Drops every decoded instruction and cached translation (after loading
 * memory behind the CPU's back, for instance). */
void cpu_flush_caches(struct cpu *cpu);

#endif
