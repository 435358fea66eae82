/* The debugger core: stop points, the CPU hooks that report them, and
 * the two ways of running the guest, both through the machine
 * (struct debugger_machine), which keeps devices and time going.
 *
 * Running fast: the machine's run (cpu_run in slices) with breakpoints
 * and watchpoints reduced to page marks (struct cpu_debug), so that only
 * instructions and data on marked pages leave the CPU's fast paths; the
 * hooks decide there, set stop_wanted and request a stop.  With nothing
 * set, the CPU runs exactly as without a debugger.
 *
 * Running carefully: the machine's step, one instruction at a time, when
 * the user steps, when the tracer needs every instruction, or when a
 * catch needs a look at the CPU after each one (mode changes, CR3
 * writes: the CPU has no hook for those yet).  The hooks then only
 * record what they saw, and breakpoints are checked here before each
 * instruction. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/disasm.h"
#include "debugger/gdbstub.h"
#include "debugger/internal.h"

/* ---- stop points ---- */

#define TEMP_ID_BASE 100000

int dbg_add_point(struct debugger *d, const struct stop_point *sp)
{
	for (int k = 0; k < DBG_MAX_STOP_POINTS; k++) {
		if (d->points[k].id)
			continue;
		d->points[k] = *sp;
		d->points[k].id = sp->temporary ? TEMP_ID_BASE + k : d->next_id++;
		d->points[k].hits = 0;
		return d->points[k].id;
	}
	return -1;
}

struct stop_point *dbg_find_point(struct debugger *d, int id)
{
	for (int k = 0; k < DBG_MAX_STOP_POINTS; k++)
		if (id > 0 && d->points[k].id == id)
			return &d->points[k];
	return NULL;
}

int dbg_delete_point(struct debugger *d, int id)
{
	struct stop_point *sp = dbg_find_point(d, id);
	if (!sp)
		return -1;
	memset(sp, 0, sizeof(*sp));
	return 0;
}

static void delete_temporary_points(struct debugger *d)
{
	for (int k = 0; k < DBG_MAX_STOP_POINTS; k++)
		if (d->points[k].id && d->points[k].temporary)
			memset(&d->points[k], 0, sizeof(d->points[k]));
}

/* ---- modes ---- */

#define MODE_PE 1u
#define MODE_PG 2u
#define MODE_VM 4u
#define MODE_PAE 8u

unsigned dbg_mode_bits(const struct cpu *cpu)
{
	unsigned m = 0;
	if (cpu->cr0 & CR0_PE)
		m |= MODE_PE;
	if (cpu->cr0 & CR0_PG)
		m |= MODE_PG;
	if (cpu_get_flags(cpu) & F_VM)
		m |= MODE_VM;
	if ((cpu->cr0 & CR0_PG) && (cpu->cr4 & CR4_PAE))
		m |= MODE_PAE;
	return m;
}

const char *dbg_mode_name(unsigned m, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s", !(m & MODE_PE) ? "real" : (m & MODE_VM) ? "virtual-8086" : "protected",
		 (m & MODE_PAE) ? " with PAE paging" : (m & MODE_PG) ? " with paging" : "");
	return buf;
}

/* ---- recording a stop ---- */

static void record(struct debugger *d, enum stop_why why, int id)
{
	if (d->stop.why != WHY_NONE)
		return; /* the first reason wins */
	d->stop.why = why;
	d->stop.id = id;
	d->stop.at_cs = d->cpu->seg[S_CS].sel;
	d->stop.at_eip = d->cpu->insn_eip;
	if (!d->careful) {
		d->stop_wanted = true;
		cpu_request_stop(d->cpu);
	}
}

/* Evaluates a stop point's condition: true when it holds (or there is
 * none).  An error stops the guest and says why. */
static bool condition_holds(struct debugger *d, struct stop_point *sp)
{
	if (!sp->cond[0])
		return true;
	uint32_t v;
	char err[EXPR_ERROR_MAX];
	if (dbg_eval(d, sp->cond, &v, err, sizeof(err))) {
		snprintf(d->stop.detail, sizeof(d->stop.detail), "condition of %d (%s): %s", sp->id, sp->cond, err);
		return true;
	}
	return v != 0;
}

static bool breakpoint_matches(struct debugger *d, const struct stop_point *sp, uint32_t lin)
{
	const struct cpu *cpu = d->cpu;
	switch (sp->kind) {
	case ADDR_SEGOFF:
		if (cpu->seg[S_CS].sel != sp->seg || cpu->eip != sp->addr)
			return false;
		break;
	case ADDR_LINEAR:
		if (lin != sp->addr)
			return false;
		break;
	case ADDR_PHYSICAL: {
		uint32_t phys;
		if (!dbg_translate(d, lin, &phys) || phys != sp->addr)
			return false;
		break;
	}
	}
	if (sp->check_esp && cpu->r[R_ESP] < sp->min_esp)
		return false;
	return true;
}

/* Is there an enabled breakpoint for the instruction at lin (CS:EIP)?
 * Records the stop when there is. */
static bool check_breakpoints(struct debugger *d, uint32_t lin)
{
	for (int k = 0; k < DBG_MAX_STOP_POINTS; k++) {
		struct stop_point *sp = &d->points[k];
		if (!sp->id || !sp->enabled || sp->type != SP_BREAK || !breakpoint_matches(d, sp, lin))
			continue;
		d->stop.detail[0] = 0;
		if (!condition_holds(d, sp))
			continue;
		sp->hits++;
		record(d, d->stop.detail[0] ? WHY_COND_ERROR : WHY_BREAK, sp->id);
		return true;
	}
	return false;
}

static bool is_magic_at(struct debugger *d, uint32_t lin)
{
	uint8_t b[2];
	return d->magic_enabled && dbg_read_linear(d, lin, b, 2) && b[0] == 0x87 && b[1] == d->magic_modrm;
}

/* ---- hooks the CPU and the bus call ---- */

static bool hook_break_at(void *opaque, struct cpu *cpu, uint32_t lin)
{
	struct debugger *d = opaque;
	if (d->careful)
		return false;
	if (d->magic_after) {
		/* Bochs stops after the magic instruction: this is the next one.
		 * The report names the magic instruction itself. */
		d->magic_after = false;
		record(d, WHY_MAGIC, 0);
		d->stop.at_eip = d->magic_eip;
		return true;
	}
	if (is_magic_at(d, lin)) {
		d->magic_after = true;
		d->magic_eip = cpu->eip;
	}
	return check_breakpoints(d, lin);
}

/* The CPU's filter for instructions on marked pages: only those at the
 * page offset of a breakpoint need break_at (the offset is the same in
 * every linear alias of a page).  A SEG:OFF breakpoint's linear address
 * is CS's base plus the offset: the current base when CS holds the
 * selector, else the real-mode base; in protected mode with another
 * selector in CS every offset stays checked.  Magic breakpoints keep
 * every instruction checked. */
static bool hook_may_break_at(void *opaque, struct cpu *cpu, uint32_t page_offset)
{
	struct debugger *d = opaque;
	if (d->magic_enabled || d->magic_after)
		return true;
	bool pm = (cpu->cr0 & CR0_PE) && !(cpu->eflags & F_VM);
	for (int k = 0; k < DBG_MAX_STOP_POINTS; k++) {
		const struct stop_point *sp = &d->points[k];
		if (!sp->id || !sp->enabled || sp->type != SP_BREAK)
			continue;
		uint32_t lin = sp->addr;
		if (sp->kind == ADDR_SEGOFF) {
			if (cpu->seg[S_CS].sel == sp->seg)
				lin = cpu->seg[S_CS].base + sp->addr;
			else if (!pm)
				lin = ((uint32_t)sp->seg << 4) + sp->addr;
			else
				return true;
		}
		if ((lin & (MEM_PAGE_SIZE - 1)) == page_offset)
			return true;
	}
	return false;
}

static void hook_access(void *opaque, struct cpu *cpu, uint32_t lin, unsigned size, uint32_t value, bool write)
{
	struct debugger *d = opaque;
	if (write)
		dbg_trace_note_write(d, lin, size, value);
	for (int k = 0; k < DBG_MAX_STOP_POINTS; k++) {
		struct stop_point *sp = &d->points[k];
		if (!sp->id || !sp->enabled || sp->type != SP_WATCH || !(sp->access & (write ? ACCESS_WRITE : ACCESS_READ)))
			continue;
		uint32_t a = lin;
		if (sp->kind == ADDR_PHYSICAL && !dbg_translate(d, lin, &a))
			continue;
		/* Overlap of [a, a + size) with [addr, addr + len), without
		 * overflow at the top of the space. */
		if ((uint64_t)a + size <= sp->addr || a > (uint64_t)sp->addr + sp->len - 1)
			continue;
		if (d->stop.why != WHY_NONE)
			return;
		d->stop.detail[0] = 0;
		if (!condition_holds(d, sp))
			continue;
		sp->hits++;
		d->stop.addr = a;
		d->stop.value = value;
		d->stop.size = size;
		d->stop.write = write;
		record(d, d->stop.detail[0] ? WHY_COND_ERROR : WHY_WATCH, sp->id);
		return;
	}
}

static void hook_exception(struct cpu *cpu, int vector, int error_code)
{
	struct debugger *d = cpu->debug.opaque;
	if (!d)
		return;
	dbg_trace_note_event(d, vector, error_code);
	for (int k = 0; k < DBG_MAX_STOP_POINTS; k++) {
		struct stop_point *sp = &d->points[k];
		if (!sp->id || !sp->enabled || sp->type != SP_VECTOR)
			continue;
		if ((uint32_t)vector < sp->addr || (uint32_t)vector > sp->addr + sp->len - 1)
			continue;
		if (d->stop.why != WHY_NONE)
			return;
		sp->hits++;
		d->stop.addr = (uint32_t)vector;
		d->stop.error_code = error_code;
		record(d, WHY_VECTOR, sp->id);
		return;
	}
}

static void hook_io(void *opaque, uint16_t port, unsigned size, uint32_t value, int is_write)
{
	struct debugger *d = opaque;
	for (int k = 0; k < DBG_MAX_STOP_POINTS; k++) {
		struct stop_point *sp = &d->points[k];
		if (!sp->id || !sp->enabled || sp->type != SP_IO || !(sp->access & (is_write ? ACCESS_WRITE : ACCESS_READ)))
			continue;
		if ((uint32_t)port + size <= sp->addr || port > sp->addr + sp->len - 1)
			continue;
		if (d->stop.why != WHY_NONE)
			return;
		sp->hits++;
		d->stop.addr = port;
		d->stop.value = value;
		d->stop.size = size;
		d->stop.write = is_write;
		record(d, WHY_IO, sp->id);
		return;
	}
}

/* ---- page marks ---- */

static bool remember(uint32_t **list, unsigned *n, unsigned *cap, uint32_t page)
{
	for (unsigned k = 0; k < *n; k++)
		if ((*list)[k] == page)
			return true;
	if (*n == *cap) {
		unsigned c = *cap ? *cap * 2 : 16;
		uint32_t *grown = realloc(*list, c * sizeof(*grown));
		if (!grown)
			return false;
		*list = grown;
		*cap = c;
	}
	(*list)[(*n)++] = page;
	return true;
}

static void mark_code(struct debugger *d, uint32_t lin)
{
	uint32_t page = lin & ~(MEM_PAGE_SIZE - 1);
	if (remember(&d->marked_code, &d->nmarked_code, &d->cap_marked_code, page))
		cpu_debug_mark_code(d->cpu, page, true);
}

static void mark_data(struct debugger *d, uint32_t lin)
{
	uint32_t page = lin & ~(MEM_PAGE_SIZE - 1);
	if (remember(&d->marked_data, &d->nmarked_data, &d->cap_marked_data, page))
		cpu_debug_mark_data(d->cpu, page, true);
}

static void unmark_all(struct debugger *d)
{
	for (unsigned k = 0; k < d->nmarked_code; k++)
		cpu_debug_mark_code(d->cpu, d->marked_code[k], false);
	for (unsigned k = 0; k < d->nmarked_data; k++)
		cpu_debug_mark_data(d->cpu, d->marked_data[k], false);
	d->nmarked_code = d->nmarked_data = 0;
	cpu_debug_check_all_code(d->cpu, false);
}

/* Gives the CPU the marks and hooks the enabled stop points need, and
 * nothing more. */
static void apply_marks(struct debugger *d)
{
	struct cpu *cpu = d->cpu;
	unmark_all(d);
	/* The tracer's mark on every page first: it rewrites the whole map. */
	dbg_mark_all_data(d, dbg_trace_wanted(d));
	bool all_code = d->magic_enabled, io = false, vectors = false;
	bool paging = cpu->cr0 & CR0_PG;
	for (int k = 0; k < DBG_MAX_STOP_POINTS; k++) {
		const struct stop_point *sp = &d->points[k];
		if (!sp->id || !sp->enabled)
			continue;
		switch (sp->type) {
		case SP_BREAK:
			if (sp->kind == ADDR_SEGOFF) {
				/* The real-mode address, and the current CS's view
				 * when CS holds that selector. */
				mark_code(d, ((uint32_t)sp->seg << 4) + sp->addr);
				if (cpu->seg[S_CS].sel == sp->seg)
					mark_code(d, cpu->seg[S_CS].base + sp->addr);
			} else if (sp->kind == ADDR_LINEAR || !paging) {
				mark_code(d, sp->addr);
			} else {
				/* Which linear pages map a physical one is known
				 * only by asking for each instruction. */
				all_code = true;
			}
			break;
		case SP_WATCH:
			/* Linear pages; physical ones through the identity when
			 * paging is off (with paging, see docs/debugging.md). */
			for (uint64_t a = sp->addr & ~(MEM_PAGE_SIZE - 1); a <= (uint64_t)sp->addr + sp->len - 1;
			     a += MEM_PAGE_SIZE)
				mark_data(d, (uint32_t)a);
			break;
		case SP_IO:
			io = true;
			break;
		case SP_VECTOR:
			vectors = true;
			break;
		default:
			break;
		}
	}
	if (all_code)
		cpu_debug_check_all_code(cpu, true);
	cpu->io->watch = io ? hook_io : NULL;
	cpu->io->watch_opaque = io ? d : NULL;
	cpu->on_exception = (vectors || dbg_trace_wanted(d)) ? hook_exception : NULL;
}

/* ---- running ---- */

static struct debugger *volatile signalled;
static volatile sig_atomic_t sigint_seen;
/* Set while the guest runs: Ctrl-C at the prompt must not leave a stop
 * request behind for the next command. */
static volatile sig_atomic_t guest_running;

static void on_sigint(int sig)
{
	(void)sig;
	if (!guest_running)
		return;
	sigint_seen = 1;
	if (signalled)
		debugger_request_stop(signalled);
}

void debugger_request_stop(struct debugger *d)
{
	d->stop_wanted = true;
	cpu_request_stop(d->cpu);
}

bool debugger_interactive(const struct debugger *d)
{
	return d->opts.console || d->opts.script || d->opts.gdb;
}

void dbg_interrupt(void)
{
	on_sigint(SIGINT);
}

static bool needs_careful(const struct debugger *d)
{
	if (dbg_trace_wanted(d))
		return true;
	for (int k = 0; k < DBG_MAX_STOP_POINTS; k++)
		if (d->points[k].id && d->points[k].enabled && (d->points[k].type == SP_MODE || d->points[k].type == SP_CR3))
			return true;
	return false;
}

static void check_mode_and_cr3(struct debugger *d)
{
	unsigned mode = dbg_mode_bits(d->cpu);
	uint32_t cr3 = d->cpu->cr3;
	for (int k = 0; k < DBG_MAX_STOP_POINTS && d->stop.why == WHY_NONE; k++) {
		struct stop_point *sp = &d->points[k];
		if (!sp->id || !sp->enabled)
			continue;
		if (sp->type == SP_MODE && mode != d->last_mode) {
			char a[48], b[48];
			snprintf(d->stop.detail, sizeof(d->stop.detail), "%s -> %s", dbg_mode_name(d->last_mode, a, sizeof(a)),
				 dbg_mode_name(mode, b, sizeof(b)));
			sp->hits++;
			record(d, WHY_MODE, sp->id);
		} else if (sp->type == SP_CR3 && cr3 != d->last_cr3) {
			snprintf(d->stop.detail, sizeof(d->stop.detail), "0x%08x -> 0x%08x", d->last_cr3, cr3);
			sp->hits++;
			record(d, WHY_CR3, sp->id);
		}
	}
	d->last_mode = mode;
	d->last_cr3 = cr3;
}

/* The machine stopped by itself: nothing to request. */
static void stop_from_cpu(struct debugger *d, enum cpu_stop r)
{
	bool was_careful = d->careful;
	d->careful = true;
	const char *ended = r == CPU_STOP_REQUEST && d->machine.ended ? d->machine.ended(d->machine.opaque) : NULL;
	if (ended) {
		snprintf(d->stop.detail, sizeof(d->stop.detail), "%s", ended);
		r = CPU_STOP_NONE;
		record(d, WHY_ENDED, 0);
	}
	switch (r) {
	case CPU_STOP_HALT: record(d, WHY_HALT, 0); break;
	case CPU_STOP_SHUTDOWN: record(d, WHY_SHUTDOWN, 0); break;
	case CPU_STOP_INSN_LIMIT: record(d, WHY_LIMIT, 0); break;
	case CPU_STOP_REQUEST: record(d, WHY_USER, 0); break;
	default: break;
	}
	d->careful = was_careful;
}

static void run_careful(struct debugger *d, uint64_t steps)
{
	struct cpu *cpu = d->cpu;
	const struct debugger_machine *m = &d->machine;
	d->careful = true;
	uint64_t done = 0;
	for (bool first = true;; first = false) {
		uint32_t lin = dbg_cs_lin(cpu);
		/* Resuming from a breakpoint executes its instruction; a halted
		 * CPU is not at an instruction yet. */
		if (!first && !cpu->halted && check_breakpoints(d, lin))
			break;
		bool magic = is_magic_at(d, lin);
		dbg_trace_before(d);
		enum cpu_stop r = m->step(m->opaque, &d->stop_wanted, debugger_interactive(d));
		dbg_trace_after(d);
		if (r == CPU_STOP_HALT && m->idle) {
			if (sigint_seen || d->stop_wanted) {
				record(d, WHY_USER, 0);
				break;
			}
			/* Waiting for an interrupt: time jumps to the next device
			 * event, and the step that delivers it is the next one. */
			if (m->idle(m->opaque))
				continue;
		}
		if (r != CPU_STOP_NONE) {
			stop_from_cpu(d, r);
			break;
		}
		check_mode_and_cr3(d);
		if (d->stop.why != WHY_NONE)
			break;
		if (magic) {
			record(d, WHY_MAGIC, 0);
			break;
		}
		if (steps && ++done >= steps) {
			record(d, WHY_STEP, 0);
			break;
		}
		if (sigint_seen || d->stop_wanted) {
			record(d, WHY_USER, 0);
			break;
		}
	}
	d->careful = false;
}

static void run_fast(struct debugger *d)
{
	struct cpu *cpu = d->cpu;
	const struct debugger_machine *m = &d->machine;
	d->careful = false;
	uint32_t lin = dbg_cs_lin(cpu);
	/* Leaving a breakpoint: its instruction runs this time. */
	cpu_debug_skip_breakpoint_once(cpu, lin);
	/* The skip keeps break_at from seeing this instruction: the magic
	 * one is noticed here instead. */
	d->magic_after = is_magic_at(d, lin);
	d->magic_eip = cpu->eip;
	enum cpu_stop r = m->run(m->opaque, &d->stop_wanted, debugger_interactive(d));
	cpu->debug.resume_skip = false;
	if (r == CPU_STOP_REQUEST && d->stop.why != WHY_NONE)
		return;
	stop_from_cpu(d, r);
}

void dbg_resume(struct debugger *d, uint64_t steps)
{
	memset(&d->stop, 0, sizeof(d->stop));
	d->stop.error_code = -1;
	d->magic_after = false;
	sigint_seen = 0;
	d->stop_wanted = false;
	if (d->machine.resume)
		d->machine.resume(d->machine.opaque);
	apply_marks(d);
	d->last_mode = dbg_mode_bits(d->cpu);
	d->last_cr3 = d->cpu->cr3;
	guest_running = 1;
	if (steps || needs_careful(d))
		run_careful(d, steps);
	else
		run_fast(d);
	guest_running = 0;
	delete_temporary_points(d);
	d->next_u_valid = false;
}

static bool is_call_or_int(struct debugger *d, uint32_t lin)
{
	uint8_t b[16];
	unsigned n = 0;
	while (n < 15 && dbg_read_linear(d, lin + n, b + n, 1))
		n++;
	unsigned k = 0;
	/* Prefixes: operand and address size, segments, REP, LOCK. */
	while (k < n && (b[k] == 0x66 || b[k] == 0x67 || b[k] == 0x26 || b[k] == 0x2E || b[k] == 0x36 || b[k] == 0x3E ||
			 b[k] == 0x64 || b[k] == 0x65 || b[k] == 0xF0 || b[k] == 0xF2 || b[k] == 0xF3))
		k++;
	if (k >= n)
		return false;
	uint8_t op = b[k];
	if (op == 0xE8 || op == 0x9A || op == 0xCC || op == 0xCD || op == 0xCE)
		return true;
	if (op == 0xFF && k + 1 < n) {
		unsigned reg = (b[k + 1] >> 3) & 7;
		return reg == 2 || reg == 3;
	}
	return false;
}

void dbg_step_over(struct debugger *d)
{
	struct cpu *cpu = d->cpu;
	uint32_t lin = dbg_cs_lin(cpu);
	/* A REP string instruction is one step already (cpu_step runs it to
	 * completion); a CALL or INT is run until control comes back to the
	 * next instruction at the same stack depth or above. */
	if (!is_call_or_int(d, lin)) {
		dbg_resume(d, 1);
		return;
	}
	char text[DISASM_TEXT_MAX];
	int len = dbg_disasm(d, lin, cpu->eip, dbg_code32(cpu), text, sizeof(text), NULL, NULL);
	struct stop_point sp = {
		.type = SP_BREAK,
		.enabled = true,
		.temporary = true,
		.kind = ADDR_SEGOFF,
		.seg = cpu->seg[S_CS].sel,
		.addr = (cpu->eip + (uint32_t)len) & (dbg_code32(cpu) ? 0xFFFFFFFFu : 0xFFFFu),
		.check_esp = true,
		.min_esp = cpu->r[R_ESP],
	};
	if (dbg_add_point(d, &sp) < 0) {
		fprintf(d->out, "too many breakpoints to step over: stepping into\n");
		dbg_resume(d, 1);
		return;
	}
	dbg_resume(d, 0);
	if (d->stop.why == WHY_BREAK && d->stop.id >= TEMP_ID_BASE)
		d->stop.why = WHY_STEP;
}

void dbg_run_until(struct debugger *d, uint32_t lin)
{
	struct stop_point sp = {.type = SP_BREAK, .enabled = true, .temporary = true, .kind = ADDR_LINEAR, .addr = lin};
	if (dbg_add_point(d, &sp) < 0) {
		fprintf(d->out, "too many breakpoints\n");
		return;
	}
	dbg_resume(d, 0);
	if (d->stop.why == WHY_BREAK && d->stop.id >= TEMP_ID_BASE)
		d->stop.why = WHY_STEP;
}

/* ---- reporting ---- */

void dbg_print_stop(struct debugger *d)
{
	struct cpu *cpu = d->cpu;
	const struct stop_event *s = &d->stop;
	char name[24], n0[24], n1[24], n2[24];
	switch (s->why) {
	case WHY_BREAK:
		fprintf(d->out, "Breakpoint %d, %04x:%0*x\n", s->id, cpu->seg[S_CS].sel, dbg_code32(cpu) ? 8 : 4, cpu->eip);
		break;
	case WHY_WATCH:
		fprintf(d->out, "Watchpoint %d: %s of %u byte%s at 0x%08x (value 0x%0*x), by the instruction at %04x:%08x\n",
			s->id, s->write ? "write" : "read", s->size, s->size == 1 ? "" : "s", s->addr, (int)s->size * 2,
			s->value, s->at_cs, s->at_eip);
		break;
	case WHY_VECTOR:
		fprintf(d->out, "Caught %s (vector 0x%02x", cpu_exception_name((int)s->addr, name, sizeof(name)), s->addr);
		if (s->error_code >= 0)
			fprintf(d->out, ", error code 0x%04x", (unsigned)s->error_code);
		fprintf(d->out, ") from %04x:%08x; stopped at its handler\n", s->at_cs, s->at_eip);
		break;
	case WHY_IO:
		fprintf(d->out, "I/O breakpoint %d: %s port 0x%04x, %u byte%s, value 0x%0*x, by %04x:%08x\n", s->id,
			s->write ? "write to" : "read from", s->addr, s->size, s->size == 1 ? "" : "s", (int)s->size * 2,
			s->value, s->at_cs, s->at_eip);
		break;
	case WHY_MODE:
		fprintf(d->out, "Mode change %d: %s\n", s->id, s->detail);
		break;
	case WHY_CR3:
		fprintf(d->out, "CR3 write %d: %s\n", s->id, s->detail);
		break;
	case WHY_MAGIC:
		fprintf(d->out, "Magic breakpoint (xchg) at %04x:%08x\n", s->at_cs, s->at_eip);
		break;
	case WHY_USER:
		fprintf(d->out, "Stopped (interrupted)\n");
		break;
	case WHY_HALT:
		fprintf(d->out, "CPU halted%s\n", (cpu_get_flags(cpu) & F_IF) ? " with interrupts enabled" : "");
		break;
	case WHY_SHUTDOWN:
		fprintf(d->out, "Triple fault: %s, then %s while delivering it, then %s; shutdown at %04x:%08x\n",
			cpu_exception_name(cpu->fault_chain[0], n0, sizeof(n0)),
			cpu_exception_name(cpu->fault_chain[1], n1, sizeof(n1)),
			cpu_exception_name(cpu->fault_chain[2], n2, sizeof(n2)), cpu->seg[S_CS].sel, cpu->insn_eip);
		break;
	case WHY_LIMIT:
		fprintf(d->out, "Instruction limit reached (--max-insns); c goes on without it\n");
		break;
	case WHY_COND_ERROR:
		fprintf(d->out, "Stopped: %s\n", s->detail);
		break;
	case WHY_ENDED:
		fprintf(d->out, "The machine has ended: %s (q quits)\n", s->detail);
		break;
	case WHY_STEP:
	case WHY_NONE:
		break;
	}
	/* Where the guest is now: the next instruction. */
	char text[DISASM_TEXT_MAX], sym[80];
	uint8_t bytes[16];
	unsigned nbytes = 0;
	uint32_t lin = dbg_cs_lin(cpu);
	dbg_disasm(d, lin, cpu->eip, dbg_code32(cpu), text, sizeof(text), bytes, &nbytes);
	char hex[40] = "";
	for (unsigned k = 0; k < nbytes && k < 12; k++)
		snprintf(hex + 2 * k, sizeof(hex) - 2 * k, "%02x", bytes[k]);
	dbg_symbolize(d, lin, sym, sizeof(sym));
	fprintf(d->out, "(%llu) [0x%08x] %04x:%0*x%s%s%s  %-16s %s\n", (unsigned long long)cpu->icount, lin,
		cpu->seg[S_CS].sel, dbg_code32(cpu) ? 8 : 4, cpu->eip, sym[0] ? " <" : "", sym, sym[0] ? ">" : "", hex,
		text);
}

/* ---- the CPU alone, for machines that give no struct debugger_machine ---- */

static enum cpu_stop cpu_alone_run(void *opaque, const volatile bool *stop, bool fatal_stops)
{
	struct debugger *d = opaque;
	return cpu_run(d->cpu, d->limit);
}

static enum cpu_stop cpu_alone_step(void *opaque, const volatile bool *stop, bool fatal_stops)
{
	struct debugger *d = opaque;
	if (d->limit && d->cpu->icount >= d->limit)
		return CPU_STOP_INSN_LIMIT;
	return cpu_step(d->cpu);
}

static void cpu_alone_resume(void *opaque)
{
	struct debugger *d = opaque;
	if (d->limit && d->cpu->icount >= d->limit)
		d->limit = 0;
}

/* ---- the debugger object ---- */

struct debugger *debugger_create(struct cpu *cpu, const struct debug_options *opts, FILE *out)
{
	struct debugger *d = calloc(1, sizeof(*d));
	if (!d) {
		fprintf(stderr, "glasspc: out of memory creating the debugger\n");
		return NULL;
	}
	d->cpu = cpu;
	d->out = out;
	d->opts = *opts;
	d->next_id = 1;
	d->magic_modrm = 0xDB; /* xchg bx, bx, as Bochs */
	snprintf(d->x_format, sizeof(d->x_format), "xw");
	d->stop.error_code = -1;
	d->machine = (struct debugger_machine){.opaque = d, .run = cpu_alone_run, .step = cpu_alone_step,
					       .resume = cpu_alone_resume};
	if (dbg_trace_open(d)) {
		free(d);
		return NULL;
	}
	if (opts->gdb && gdbstub_open(d)) {
		dbg_trace_close(d);
		free(d);
		return NULL;
	}
	cpu->debug.break_at = hook_break_at;
	cpu->debug.may_break_at = hook_may_break_at;
	cpu->debug.on_access = hook_access;
	cpu->debug.opaque = d;
	return d;
}

void debugger_destroy(struct debugger *d)
{
	if (!d)
		return;
	struct cpu *cpu = d->cpu;
	unmark_all(d);
	dbg_mark_all_data(d, false);
	cpu->debug.break_at = NULL;
	cpu->debug.may_break_at = NULL;
	cpu->debug.on_access = NULL;
	cpu->debug.opaque = NULL;
	if (cpu->on_exception == hook_exception)
		cpu->on_exception = NULL;
	if (cpu->io->watch == hook_io) {
		cpu->io->watch = NULL;
		cpu->io->watch_opaque = NULL;
	}
	gdbstub_close(d);
	dbg_trace_close(d);
	dbg_free_symbols(d);
	free(d->marked_code);
	free(d->marked_data);
	free(d);
}

void debugger_set_machine(struct debugger *d, const struct debugger_machine *m)
{
	d->machine = *m;
}

int debugger_register_info(struct debugger *d, const char *name, const char *help, debugger_info_fn *fn, void *opaque)
{
	if (d->ninfos >= DBG_MAX_INFO || strlen(name) >= sizeof(d->infos[0].name))
		return -1;
	struct info_printer *p = &d->infos[d->ninfos++];
	snprintf(p->name, sizeof(p->name), "%s", name);
	p->help = help;
	p->fn = fn;
	p->opaque = opaque;
	return 0;
}

int debugger_register_command(struct debugger *d, const char *name, const char *help, debugger_command_fn *fn,
			      void *opaque)
{
	if (d->ncommands >= DBG_MAX_INFO || strlen(name) >= sizeof(d->commands[0].name))
		return -1;
	for (unsigned k = 0; k < d->ncommands; k++)
		if (!strcmp(d->commands[k].name, name))
			return -1;
	struct info_printer *p = &d->commands[d->ncommands++];
	snprintf(p->name, sizeof(p->name), "%s", name);
	p->help = help;
	p->fn = fn;
	p->opaque = opaque;
	return 0;
}

static enum cpu_stop as_cpu_stop(enum stop_why why)
{
	switch (why) {
	case WHY_HALT: return CPU_STOP_HALT;
	case WHY_SHUTDOWN: return CPU_STOP_SHUTDOWN;
	case WHY_LIMIT: return CPU_STOP_INSN_LIMIT;
	default: return CPU_STOP_REQUEST;
	}
}

enum cpu_stop debugger_run(struct debugger *d, uint64_t limit, bool *quit)
{
	d->limit = limit;
	struct sigaction sa, old_int;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: Ctrl-C at the prompt interrupts the read. */
	signalled = d;
	sigaction(SIGINT, &sa, &old_int);
	if (d->gdb) {
		/* gdb instead of the console, after the script if any. */
		if (d->opts.script)
			dbg_run_script(d, d->opts.script);
		if (!d->quit)
			gdbstub_serve(d);
	} else if (d->opts.console || d->opts.script) {
		if (d->opts.script)
			dbg_run_script(d, d->opts.script);
		if (!d->quit)
			dbg_console(d);
	} else {
		/* Tracing only: run to the end, as without a debugger. */
		dbg_resume(d, 0);
	}
	sigaction(SIGINT, &old_int, NULL);
	signalled = NULL;
	*quit = d->quit;
	return as_cpu_stop(d->stop.why);
}
