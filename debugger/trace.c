/* The instruction trace: one line per instruction, in the format of
 * docs/trace-format.md, to the --trace file and (with "trace on") to the
 * console.  The same guest and inputs give the same bytes: nothing in a
 * line depends on the host (no times, no pointers).
 *
 * What an instruction changed is found by comparing the registers before
 * and after it; the memory it wrote comes from the CPU's watchpoint hook,
 * with every data page marked while tracing (the slow path reports each
 * access then). */
#include <errno.h>
#include <string.h>

#include "cpu/disasm.h"
#include "debugger/internal.h"

int dbg_trace_open(struct debugger *d)
{
	struct tracer *t = &d->trace;
	t->from = d->opts.trace_from;
	t->range = d->opts.trace_range;
	t->lo = d->opts.trace_lo;
	t->hi = d->opts.trace_hi;
	if (!d->opts.trace_path)
		return 0;
	t->file = fopen(d->opts.trace_path, "w");
	if (!t->file) {
		fprintf(stderr, "glasspc: cannot create trace file '%s': %s\n", d->opts.trace_path, strerror(errno));
		return -1;
	}
	return 0;
}

void dbg_trace_close(struct debugger *d)
{
	if (d->trace.file)
		fclose(d->trace.file);
	d->trace.file = NULL;
}

bool dbg_trace_wanted(const struct debugger *d)
{
	return d->trace.file || d->trace.console;
}

void dbg_mark_all_data(struct debugger *d, bool on)
{
	if (on) {
		cpu_debug_watch_all_data(d->cpu, true);
		d->trace.all_data_marked = true;
	} else if (d->trace.all_data_marked) {
		cpu_debug_watch_all_data(d->cpu, false);
		d->trace.all_data_marked = false;
	}
}

static void snapshot(const struct cpu *cpu, struct reg_snapshot *s)
{
	memcpy(s->r, cpu->r, sizeof(s->r));
	s->eip = cpu->eip;
	s->eflags = cpu_get_flags(cpu);
	s->cr0 = cpu->cr0;
	s->cr2 = cpu->cr2;
	s->cr3 = cpu->cr3;
	s->cr4 = cpu->cr4;
	for (int k = 0; k < 6; k++) {
		s->sel[k] = cpu->seg[k].sel;
		s->base[k] = cpu->seg[k].base;
	}
}

static const char *mode_field(const struct cpu *cpu, char *buf)
{
	bool vm = cpu_get_flags(cpu) & F_VM;
	buf[0] = !(cpu->cr0 & CR0_PE) ? 'R' : vm ? 'V' : 'P';
	buf[1] = dbg_code32(cpu) ? '3' : '1';
	buf[2] = dbg_code32(cpu) ? '2' : '6';
	buf[3] = 0;
	return buf;
}

void dbg_trace_before(struct debugger *d)
{
	struct tracer *t = &d->trace;
	struct cpu *cpu = d->cpu;
	t->active = false;
	if (!dbg_trace_wanted(d) || cpu->icount < t->from)
		return;
	uint32_t lin = dbg_cs_lin(cpu);
	if (t->range && (lin < t->lo || lin > t->hi))
		return;
	t->active = true;
	snapshot(cpu, &t->before);
	t->cs = cpu->seg[S_CS].sel;
	t->eip = cpu->eip;
	t->lin = lin;
	t->code32 = dbg_code32(cpu);
	mode_field(cpu, t->mode);
	t->count_before = cpu->icount;
	/* Disassembled now: the instruction may overwrite itself. */
	dbg_disasm(d, lin, t->eip, t->code32, t->text, sizeof(t->text), t->bytes, &t->nbytes);
	t->nwrites = 0;
	t->writes_lost = false;
	t->events[0] = 0;
}

void dbg_trace_note_write(struct debugger *d, uint32_t lin, unsigned size, uint32_t value)
{
	struct tracer *t = &d->trace;
	if (!t->active)
		return;
	if (t->nwrites >= DBG_MAX_WRITES) {
		t->writes_lost = true;
		return;
	}
	t->writes[t->nwrites].lin = lin;
	t->writes[t->nwrites].size = size;
	t->writes[t->nwrites].value = value;
	t->nwrites++;
}

void dbg_trace_note_event(struct debugger *d, int vector, int error_code)
{
	struct tracer *t = &d->trace;
	if (!t->active)
		return;
	size_t n = strlen(t->events);
	if (n + 24 >= sizeof(t->events))
		return;
	if (error_code >= 0)
		snprintf(t->events + n, sizeof(t->events) - n, " int=%02x/%04x", (unsigned)vector & 0xFF,
			 (unsigned)error_code & 0xFFFF);
	else
		snprintf(t->events + n, sizeof(t->events) - n, " int=%02x", (unsigned)vector & 0xFF);
}

/* Appends " name=value" to buf. */
static void add(char *buf, size_t len, const char *name, unsigned digits, uint32_t value)
{
	size_t n = strlen(buf);
	if (n < len)
		snprintf(buf + n, len - n, " %s=%0*x", name, (int)digits, value);
}

void dbg_trace_after(struct debugger *d)
{
	struct tracer *t = &d->trace;
	struct cpu *cpu = d->cpu;
	if (!t->active)
		return;
	t->active = false;
	struct reg_snapshot after;
	snapshot(cpu, &after);
	static const char *const rnames[8] = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};
	static const char *const snames[6] = {"es", "cs", "ss", "ds", "fs", "gs"};
	char changes[768] = "";
	for (int k = 0; k < 8; k++)
		if (after.r[k] != t->before.r[k])
			add(changes, sizeof(changes), rnames[k], 8, after.r[k]);
	if (after.eflags != t->before.eflags)
		add(changes, sizeof(changes), "eflags", 8, after.eflags);
	for (int k = 0; k < 6; k++) {
		if (after.sel[k] != t->before.sel[k])
			add(changes, sizeof(changes), snames[k], 4, after.sel[k]);
		if (after.base[k] != t->before.base[k]) {
			char name[12];
			snprintf(name, sizeof(name), "%s.base", snames[k]);
			add(changes, sizeof(changes), name, 8, after.base[k]);
		}
	}
	if (after.cr0 != t->before.cr0)
		add(changes, sizeof(changes), "cr0", 8, after.cr0);
	if (after.cr2 != t->before.cr2)
		add(changes, sizeof(changes), "cr2", 8, after.cr2);
	if (after.cr3 != t->before.cr3)
		add(changes, sizeof(changes), "cr3", 8, after.cr3);
	if (after.cr4 != t->before.cr4)
		add(changes, sizeof(changes), "cr4", 8, after.cr4);
	for (unsigned k = 0; k < t->nwrites; k++) {
		size_t n = strlen(changes);
		if (n < sizeof(changes))
			snprintf(changes + n, sizeof(changes) - n, " [%08x]=%0*x", t->writes[k].lin, (int)t->writes[k].size * 2,
				 t->writes[k].value);
	}
	if (t->writes_lost) {
		size_t n = strlen(changes);
		snprintf(changes + n, sizeof(changes) - n, " [...]");
	}
	size_t n = strlen(changes);
	snprintf(changes + n, sizeof(changes) - n, "%s", t->events);

	/* The count is the instruction's own (0 for the first).  A step that
	 * delivered an interrupt instead of executing an instruction leaves
	 * the count alone; a halted CPU that did nothing leaves no line. */
	bool executed = cpu->icount != t->count_before;
	if (!executed && !t->events[0] && !changes[0])
		return;
	char hex[40] = "-";
	for (unsigned k = 0; executed && k < t->nbytes && k < 15; k++)
		snprintf(hex + 2 * k, sizeof(hex) - 2 * k, "%02x", t->bytes[k]);
	char line[1024];
	snprintf(line, sizeof(line), "%llu\t%s\t%04x:%08x\t%08x\t%s\t%s\t%s\n", (unsigned long long)t->count_before,
		 t->mode, t->cs, t->eip, t->lin, hex, executed ? t->text : "(interrupt)", changes[0] ? changes + 1 : "");
	if (t->file)
		fputs(line, t->file);
	if (t->console)
		fputs(line, d->out);
}
