/* What the debugger's files share: the struct debugger and the helpers
 * of the core (core.c: stop points and running), the guest view
 * (guestview.c: side-effect-free memory, registers, disassembly), the
 * symbols (symbols.c), the tracer (trace.c) and the console (console.c). */
#ifndef GLASSPC_DEBUGGER_INTERNAL_H
#define GLASSPC_DEBUGGER_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "debugger/debugger.h"
#include "debugger/expr.h"

/* ---- stop points: breakpoints, watchpoints and catches ---- */

enum stop_point_type {
	SP_BREAK,    /* an instruction address */
	SP_WATCH,    /* data accesses to a range */
	SP_VECTOR,   /* delivery of an exception or interrupt vector */
	SP_IO,       /* I/O port accesses */
	SP_MODE,     /* real / protected / virtual-8086 / paging changes */
	SP_CR3,      /* CR3 writes (any change of its value) */
};

enum addr_kind {
	ADDR_SEGOFF,   /* seg:off, CS:EIP as the guest sees it */
	ADDR_LINEAR,
	ADDR_PHYSICAL,
};

#define ACCESS_READ 1u
#define ACCESS_WRITE 2u

#define DBG_MAX_STOP_POINTS 64
#define DBG_COND_MAX 160

struct stop_point {
	int id;                 /* 0 = slot free */
	enum stop_point_type type;
	bool enabled;
	bool temporary;         /* removed when hit (step over, until) */
	enum addr_kind kind;
	uint16_t seg;
	uint32_t addr, len;     /* address or first port / vector; len for ranges */
	unsigned access;        /* ACCESS_* for watchpoints and ports */
	uint32_t min_esp;       /* temporary step-over points: stop only at this stack depth or above */
	bool check_esp;
	char cond[DBG_COND_MAX]; /* "" = always */
	uint64_t hits;
};

/* Why the guest stopped, for the message the console prints. */
enum stop_why {
	WHY_NONE,
	WHY_BREAK,
	WHY_WATCH,
	WHY_VECTOR,
	WHY_IO,
	WHY_MODE,
	WHY_CR3,
	WHY_MAGIC,
	WHY_STEP,      /* the steps asked for are done */
	WHY_USER,      /* Ctrl-C */
	WHY_HALT,
	WHY_SHUTDOWN,  /* triple fault */
	WHY_LIMIT,     /* --max-insns */
	WHY_COND_ERROR, /* a condition could not be evaluated */
	WHY_ENDED,     /* the machine ended (powered off, exit port, SIGTERM) */
};

struct stop_event {
	enum stop_why why;
	int id;               /* the stop point */
	uint32_t addr;        /* watch: linear address; io: port; vector: vector */
	uint32_t value;
	unsigned size;
	bool write;
	int error_code;       /* vector: -1 when none */
	uint16_t at_cs;       /* where it happened */
	uint32_t at_eip;
	char detail[320];     /* mode: "real -> protected"; cond errors */
};

#define DBG_MAX_INFO 24

struct info_printer {
	char name[16];
	const char *help;
	debugger_info_fn *fn;
	void *opaque;
};

struct symbol {
	uint32_t addr;
	char *name;
};

/* A snapshot of what the tracer compares before and after an instruction. */
struct reg_snapshot {
	uint32_t r[8], eip, eflags, cr0, cr2, cr3, cr4;
	uint16_t sel[6];
	uint32_t base[6];
};

#define DBG_MAX_WRITES 16

struct tracer {
	FILE *file;           /* --trace FILE, or NULL */
	bool console;         /* "trace on": also to the console */
	uint64_t from;
	bool range;
	uint32_t lo, hi;
	/* The instruction being traced. */
	bool active;
	struct reg_snapshot before;
	uint16_t cs;
	uint32_t eip, lin;
	uint64_t count_before;
	uint8_t bytes[16];
	unsigned nbytes;
	char text[128];
	char mode[4];
	bool code32;
	unsigned nwrites;
	struct {
		uint32_t lin, value;
		unsigned size;
	} writes[DBG_MAX_WRITES];
	bool writes_lost;
	char events[256];     /* interrupts delivered during it */
	bool all_data_marked;
};

struct debugger {
	struct cpu *cpu;
	FILE *out;
	struct debug_options opts;
	struct debugger_machine machine; /* what runs the CPU (core.c) */
	/* Set by the hooks (running fast), Ctrl-C and debugger_request_stop;
	 * the machine's run returns when it sees it. */
	volatile bool stop_wanted;

	struct stop_point points[DBG_MAX_STOP_POINTS];
	int next_id;
	bool magic_enabled;
	unsigned magic_modrm;  /* the ModRM byte of "xchg reg, reg": 0xDB for bx */
	bool magic_after;      /* the last instruction was the magic one */
	uint32_t magic_eip;    /* and its EIP, for the report */

	/* Running state. */
	bool careful;          /* stepping instruction by instruction: hooks only record */
	struct stop_event stop;
	uint64_t limit;        /* absolute instruction count to stop at, 0 = none */
	bool quit;
	bool in_console;
	/* Marks we gave the CPU, to take back when the stop points change. */
	uint32_t *marked_code, *marked_data;
	unsigned nmarked_code, nmarked_data, cap_marked_code, cap_marked_data;
	/* Mode and CR3 seen at the last check (SP_MODE, SP_CR3). */
	unsigned last_mode;
	uint32_t last_cr3;

	struct info_printer infos[DBG_MAX_INFO];
	unsigned ninfos;
	struct info_printer commands[DBG_MAX_INFO]; /* the machine's own commands */
	unsigned ncommands;

	struct symbol *symbols; /* sorted by address */
	size_t nsymbols;

	struct tracer trace;

	/* Console defaults that Bochs users expect: "x" repeats its last
	 * format, "u" continues where it stopped. */
	char x_format[8];
	uint32_t next_u_lin;
	bool next_u_valid;

	struct gdbstub *gdb;   /* --gdb: the remote stub (gdbstub.c), or NULL */
};

/* ---- core.c ---- */
int dbg_add_point(struct debugger *d, const struct stop_point *sp);
int dbg_delete_point(struct debugger *d, int id);
struct stop_point *dbg_find_point(struct debugger *d, int id);
/* Runs: steps > 0 instructions one at a time (careful), or until a stop
 * point (steps == 0).  Returns with d->stop filled. */
void dbg_resume(struct debugger *d, uint64_t steps);
/* Steps over calls, INT and REP string instructions. */
void dbg_step_over(struct debugger *d);
/* Runs until CS:EIP reaches the linear address. */
void dbg_run_until(struct debugger *d, uint32_t lin);
void dbg_print_stop(struct debugger *d);
/* Stops a running guest as Ctrl-C does (async-signal-safe: the gdb stub
 * calls it from SIGIO); nothing when the guest is not running. */
void dbg_interrupt(void);
unsigned dbg_mode_bits(const struct cpu *cpu);
const char *dbg_mode_name(unsigned mode_bits, char *buf, size_t len);

/* ---- guestview.c ---- */
/* Linear -> physical without touching accessed bits or raising faults. */
bool dbg_translate(struct debugger *d, uint32_t lin, uint32_t *phys);
/* Physical reads that never reach MMIO (which could have side effects). */
bool dbg_read_phys(struct debugger *d, uint32_t phys, void *buf, size_t len);
bool dbg_read_linear(struct debugger *d, uint32_t lin, void *buf, size_t len);
bool dbg_write_phys(struct debugger *d, uint32_t phys, const void *buf, size_t len);
bool dbg_write_linear(struct debugger *d, uint32_t lin, const void *buf, size_t len);
/* Registers by name, as expressions and "set" see them. */
bool dbg_reg_get(struct debugger *d, const char *name, size_t len, uint32_t *value);
/* Returns 0, or -1 with a message in err. */
int dbg_reg_set(struct debugger *d, const char *name, uint32_t value, char *err, size_t errlen);
/* Evaluates an expression with registers, symbols and linear memory. */
int dbg_eval(struct debugger *d, const char *text, uint32_t *value, char *err, size_t errlen);
/* "ADDR", "SEG:OFF" as the address kind says: the linear address (for
 * ADDR_SEGOFF, also *seg and *off).  Returns 0, or -1 with err. */
int dbg_parse_address(struct debugger *d, const char *text, enum addr_kind kind, uint32_t *lin, uint16_t *seg,
		      uint32_t *off, char *err, size_t errlen);
/* Disassembles one instruction at linear lin for the current mode (or
 * code32); returns its length, 0 when the bytes cannot be read. */
int dbg_disasm(struct debugger *d, uint32_t lin, uint32_t eip, bool code32, char *text, size_t len,
	       uint8_t *bytes, unsigned *nbytes);
bool dbg_code32(const struct cpu *cpu);
uint32_t dbg_cs_lin(const struct cpu *cpu);
/* Prints the walk of the paging structures for a linear address. */
void dbg_print_page_walk(struct debugger *d, uint32_t lin);
void dbg_print_page_table(struct debugger *d);
void dbg_print_descriptor_table(struct debugger *d, const char *which, uint32_t first, uint32_t count);
void dbg_print_tss(struct debugger *d);

/* ---- symbols.c ---- */
int dbg_load_symbols(struct debugger *d, const char *path, uint32_t offset, char *err, size_t errlen);
void dbg_free_symbols(struct debugger *d);
bool dbg_symbol_value(struct debugger *d, const char *name, size_t len, uint32_t *value);
/* "name+0x12" for an address within 64 KiB past a symbol, or "". */
const char *dbg_symbolize(struct debugger *d, uint32_t addr, char *buf, size_t len);

/* ---- trace.c ---- */
int dbg_trace_open(struct debugger *d);
void dbg_trace_close(struct debugger *d);
bool dbg_trace_wanted(const struct debugger *d);
void dbg_trace_before(struct debugger *d);
void dbg_trace_after(struct debugger *d);
void dbg_trace_note_write(struct debugger *d, uint32_t lin, unsigned size, uint32_t value);
void dbg_trace_note_event(struct debugger *d, int vector, int error_code);
void dbg_mark_all_data(struct debugger *d, bool on);

/* ---- console.c ---- */
/* Reads and runs commands until one resumes the guest or the user
 * quits. */
void dbg_console(struct debugger *d);
/* Runs one command line with its output to out (the gdb stub's
 * "monitor").  Returns false when it was q. */
bool dbg_execute_command(struct debugger *d, const char *line, FILE *out);
int dbg_run_script(struct debugger *d, const char *path);

#endif
