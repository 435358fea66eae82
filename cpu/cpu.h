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

#include "cpu/fpu/x87float.h"
#include "iodev/bus.h"
#include "memory/mem.h"

enum cpu_model {
	CPU_8086,
	CPU_186,
	CPU_286,
	CPU_386,
	CPU_486,
	CPU_PENTIUM,
	CPU_P6,
	CPU_MODEL_COUNT
};

/* Bit masks of models, for the instruction table. */
#define M_8086 (1u << CPU_8086)
#define M_186 (1u << CPU_186)
#define M_286 (1u << CPU_286)
#define M_386 (1u << CPU_386)
#define M_486 (1u << CPU_486)
#define M_PENTIUM (1u << CPU_PENTIUM)
#define M_P6 (1u << CPU_P6)
#define M_P6UP (M_P6)
#define M_PENTIUMUP (M_PENTIUM | M_P6UP)
#define M_486UP (M_486 | M_PENTIUMUP)
#define M_386UP (M_386 | M_486UP)
#define M_286UP (M_286 | M_386UP)
#define M_186UP (M_186 | M_286UP)
#define M_ALL (M_8086 | M_186UP)

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
#define F_ID 0x200000u
#define F_OSZAPC (F_OF | F_SF | F_ZF | F_AF | F_PF | F_CF)

/* Exception vectors. */
enum {
	EXC_DE = 0, EXC_DB = 1, EXC_NMI = 2, EXC_BP = 3, EXC_OF = 4, EXC_BR = 5, EXC_UD = 6,
	EXC_NM = 7, EXC_DF = 8, EXC_TS = 10, EXC_NP = 11, EXC_SS = 12, EXC_GP = 13, EXC_PF = 14,
	EXC_MF = 16, EXC_AC = 17
};

/* A segment register with its descriptor cache. */
struct segment {
	uint16_t sel;
	bool valid;     /* false after loading a null selector in protected mode */
	uint32_t base;
	uint32_t limit; /* byte granular, already expanded */
	/* Bits 8-23 of the descriptor's high word: the access byte in bits
	 * 0-7 (type, S, DPL, P) and AVL, L, D/B, G in bits 12-15. */
	uint16_t attr;
	/* Highest offset + 1 that the inline fast path may read or write
	 * (0 forces every access through the checks of the slow path:
	 * expand-down, unusable, read-only or execute-only segments). */
	uint64_t read_end, write_end;
};

#define SEG_ATTR_A 0x0001u    /* accessed */
#define SEG_ATTR_RW 0x0002u   /* readable code / writable data */
#define SEG_ATTR_EC 0x0004u   /* expand-down data / conforming code */
#define SEG_ATTR_CODE 0x0008u
#define SEG_ATTR_S 0x0010u    /* code or data (not system) */
#define SEG_ATTR_DPL_SHIFT 5
#define SEG_ATTR_P 0x0080u
#define SEG_ATTR_DB 0x4000u   /* default operand size / big */
#define SEG_ATTR_G 0x8000u

#define CR0_PE 0x00000001u
#define CR0_MP 0x00000002u
#define CR0_EM 0x00000004u
#define CR0_TS 0x00000008u
#define CR0_ET 0x00000010u
#define CR0_NE 0x00000020u
#define CR0_WP 0x00010000u
#define CR0_AM 0x00040000u
#define CR0_NW 0x20000000u
#define CR0_CD 0x40000000u
#define CR0_PG 0x80000000u

#define CR4_VME 0x0001u
#define CR4_PVI 0x0002u
#define CR4_TSD 0x0004u
#define CR4_DE 0x0008u
#define CR4_PSE 0x0010u
#define CR4_PAE 0x0020u
#define CR4_MCE 0x0040u
#define CR4_PGE 0x0080u
#define CR4_PCE 0x0100u

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
struct cpu;

/* What a debugger attaches to the CPU (cpu/debug_hooks.c).  While no
 * page is marked, the CPU's fast paths pay nothing for it: pages marked
 * for breakpoints never get a fetch window, so their instructions come
 * through the careful fetch, which asks break_at; pages marked for
 * watchpoints never get a TLB entry, so their accesses come through the
 * slow path, which reports them to on_access. */
struct cpu_debug {
	/* Stop before the instruction at this linear address?  Called for
	 * instructions on marked code pages. */
	bool (*break_at)(void *opaque, struct cpu *cpu, uint32_t lin);
	/* Optional filter: could break_at return true for an instruction
	 * whose linear address has this offset in its page?  Asked once when
	 * an instruction on a marked page is decoded; false spares it the
	 * break_at calls until the code marks change.  NULL: always ask. */
	bool (*may_break_at)(void *opaque, struct cpu *cpu, uint32_t page_offset);
	/* An access to a marked data page (after it happened, for writes
	 * with the value written). */
	void (*on_access)(void *opaque, struct cpu *cpu, uint32_t lin, unsigned size, uint32_t value, bool write);
	void *opaque;
	uint8_t *code_pages;  /* one bit per linear 4 KiB page, NULL = none */
	uint8_t *data_pages;
	uint32_t resume_lin;  /* a breakpoint to step over once when resuming */
	bool resume_skip;
	bool all_code;        /* every instruction is checked (physical breakpoints) */
	bool all_data;        /* every data access is reported (tracing, physical watchpoints) */
};

/* Model-specific registers that glasspc keeps (cpu/msr.c lists which
 * numbers each model has). */
struct cpu_msrs {
	uint64_t tsc_offset; /* TSC = icount + tsc_offset */
	uint32_t sysenter_cs, sysenter_esp, sysenter_eip;
	uint64_t apic_base;
	uint64_t mtrr_var[16], mtrr_fixed[11], mtrr_def_type;
	uint64_t pat, misc_enable;
	uint64_t perf_evtsel[2], perf_ctr[2];
	uint64_t mc_addr, mc_type; /* Pentium's P5_MC_ADDR/TYPE */
};

/* One entry of the software TLB: linear page -> host pointer. */
struct tlb_entry {
	uint32_t tag_read;  /* linear page address, or 1 when invalid */
	uint32_t tag_write;
	uint32_t phys;      /* physical page address */
	uintptr_t addend;   /* host address = linear + addend */
};

#define TLB_SIZE 256

/* The x87 FPU's registers (cpu/x87.c; SDM Vol. 1 8.1).  The status word
 * keeps TOP in bits 13-11; its ES and B bits are derived when it is read
 * (an exception flag set whose mask is clear).  The tag word has two bits
 * per physical register: 00 valid, 01 zero, 10 special, 11 empty. */
struct cpu_x87 {
	/* An FPU is there: always on the 486 and later; on the 386 only
	 * when a 387 is fitted (cpu_set_x87_present; off by default, like
	 * a 386 board with an empty socket). */
	bool present;
	x87_f80 reg[8];     /* physical registers R0-R7; ST(i) is R((TOP + i) & 7) */
	uint16_t control;
	uint16_t status;
	uint16_t tag;
	uint16_t opcode;    /* FOP: 11 bits of the last non-control instruction */
	/* The last non-control instruction and its memory operand: offset
	 * and selector in protected mode, the linear address (selector kept
	 * as well) in real and virtual-8086 mode. */
	uint32_t fip, fdp;
	uint16_t fcs, fds;
	/* MS-DOS compatibility (CR0.NE clear; always on the 386 with a 387):
	 * FERR# goes active when a waiting instruction finds an unmasked
	 * exception pending, and inactive when software clears it; the board
	 * wires it to IRQ 13 (callback, may be NULL).  IGNNE# is the board's
	 * answer (port 0xF0 written): while it is active, waiting
	 * instructions ignore the pending exception. */
	bool ferr, ignne;
	void (*ferr_changed)(void *opaque, bool active);
	void *ferr_opaque;
};

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
	uint64_t pdpte[4]; /* PAE page-directory pointers, loaded with CR3 */
	uint32_t dr[8];
	bool dr_code_active, dr_data_active; /* DR7 enables instruction / data breakpoints */
	bool dr_data_hit;                     /* a data breakpoint matched in this instruction */
	struct {
		uint32_t base;
		uint16_t limit;
	} gdtr, idtr;
	struct segment ldtr, tr;
	unsigned cpl;

	struct cpu_msrs msr;
	struct cpu_x87 x87;

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
	/* The run loop leaves its fast path when icount reaches this: the
	 * instruction limit, or 0 while events is set. */
	volatile uint64_t stop_icount;
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
	int fault_depth; /* faults in a row while delivering: for the report */
	int delivering;  /* exception being delivered (for #DF), or -1 */
	int exc_vector;  /* exception being raised, for the unwinding */
	int fault_chain[3]; /* vectors of the faults of the last shutdown, in order */
	int exc_error;   /* its error code, or -1 */
	/* 1 while delivering an event external to the program (a hardware
	 * interrupt or an exception): the EXT bit of error codes. */
	int event_ext;

	/* Fetching and the caches of translations and decodes. */
	uint32_t code_mask;   /* 0xFFFF with a 16-bit code segment, else all ones */
	uint32_t fetch_safe_limit; /* EIP up to which a whole instruction fits in CS */
	/* The fetch window (cpu/exec.c): EIPs whose host address is EIP +
	 * fetch_host_delta.  fetch_eip_len = 0 closes it. */
	uint32_t fetch_eip_base, fetch_eip_len;
	uintptr_t fetch_host_delta;
	uintptr_t fetch_key_delta; /* the same for icache keys (cpu/icache.h) */
	uint32_t fetch_phys_page;
	bool fetch_checked;   /* the window's page is marked for breakpoints */
	bool fetch_careful_always;
	bool code32;          /* CS default operand size */
	bool stack32;         /* SS B bit */
	uint32_t mem_generation;
	struct tlb_entry tlb[TLB_SIZE];
	struct icache *icache;
	struct insn *scratch; /* decode target for instructions not cached */

	/* Observation hooks for the debugger and tracer; NULL when unused. */
	void (*on_exception)(struct cpu *cpu, int vector, int error_code);
	struct cpu_debug debug;
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
/* CPUID.1:EDX: the features glasspc implements for a model. */
uint32_t cpu_features(enum cpu_model model);
/* Family, model and stepping (EDX at reset, CPUID leaf 1 EAX). */
uint32_t cpu_model_signature(enum cpu_model model);
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

/* Marks (or unmarks) the linear page holding lin for breakpoint or
 * watchpoint checks; allocates the page maps on first use.  Returns -1
 * when out of memory. */
int cpu_debug_mark_code(struct cpu *cpu, uint32_t lin, bool marked);
int cpu_debug_mark_data(struct cpu *cpu, uint32_t lin, bool marked);
/* Checks every instruction (for breakpoints on physical addresses). */
void cpu_debug_check_all_code(struct cpu *cpu, bool on);
/* Reports every data access (as if every page were marked). */
void cpu_debug_watch_all_data(struct cpu *cpu, bool on);
/* Resume after stopping at a breakpoint without stopping there again. */
void cpu_debug_skip_breakpoint_once(struct cpu *cpu, uint32_t lin);

/* Fits (or removes) the 387 of a 386; the 486 and later always have
 * their FPU.  Call after cpu_create(), before running: the FPU comes out
 * of reset and CR0.ET says whether it is there. */
void cpu_set_x87_present(struct cpu *cpu, bool present);
/* The board's IGNNE# input (see struct cpu_x87). */
void cpu_x87_set_ignne(struct cpu *cpu, bool active);

/* Drops every decoded instruction and cached translation (after loading
 * memory behind the CPU's back, for instance). */
void cpu_flush_caches(struct cpu *cpu);

#endif
