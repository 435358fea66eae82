/* The console: commands in the style Bochs users know, read with libedit
 * (line editing and history) from a terminal, or line by line from a
 * script or a pipe.  "help" lists them; docs/debugging.md walks through
 * a session.  Every command checks what it was given: a bad command is a
 * one-line message, never a crash, and the guest is not touched. */
#include <ctype.h>
#include <errno.h>
#include <histedit.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpu/disasm.h"
#include "debugger/internal.h"

#define LINE_MAX_LEN 1024
#define X_MAX_UNITS 4096
#define U_MAX_INSNS 1000
#define BT_MAX_FRAMES 64

static void error(struct debugger *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void error(struct debugger *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf(d->out, fmt, ap);
	va_end(ap);
	fputc('\n', d->out);
}

/* ---- small parsing helpers ---- */

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = 0;
	return s;
}

/* Splits off the first whitespace-separated word; returns it and leaves
 * *rest at the remainder (trimmed). */
static char *next_word(char **rest)
{
	char *s = *rest;
	while (isspace((unsigned char)*s))
		s++;
	char *w = s;
	while (*s && !isspace((unsigned char)*s))
		s++;
	if (*s)
		*s++ = 0;
	*rest = trim(s);
	return w;
}

/* Cuts " if COND" off a command's arguments; returns COND or NULL. */
static char *split_condition(char *args)
{
	for (char *p = args; (p = strstr(p, "if")); p += 2) {
		bool starts = p == args || isspace((unsigned char)p[-1]);
		bool ends = !p[2] || isspace((unsigned char)p[2]);
		if (starts && ends) {
			p[0] = 0;
			trim(args);
			return trim(p + 2);
		}
	}
	return NULL;
}

static bool eval_arg(struct debugger *d, const char *text, uint32_t *value)
{
	char err[EXPR_ERROR_MAX];
	if (dbg_eval(d, text, value, err, sizeof(err))) {
		error(d, "%s", err);
		return false;
	}
	return true;
}

static bool is_word(const char *w, const char *a, const char *b)
{
	return !strcmp(w, a) || (b && !strcmp(w, b));
}

/* ---- running ---- */

static void cmd_continue(struct debugger *d, char *args)
{
	dbg_resume(d, 0);
	dbg_print_stop(d);
}

static void cmd_step(struct debugger *d, char *args)
{
	uint32_t n = 1;
	if (*args && !eval_arg(d, args, &n))
		return;
	if (n == 0) {
		error(d, "step count must be at least 1");
		return;
	}
	dbg_resume(d, n);
	dbg_print_stop(d);
}

static void cmd_next(struct debugger *d, char *args)
{
	dbg_step_over(d);
	dbg_print_stop(d);
}

static void cmd_until(struct debugger *d, char *args)
{
	uint32_t lin;
	char err[EXPR_ERROR_MAX];
	if (!*args) {
		error(d, "usage: until ADDR (linear, or SEG:OFF)");
		return;
	}
	if (dbg_parse_address(d, args, ADDR_LINEAR, &lin, NULL, NULL, err, sizeof(err))) {
		error(d, "%s", err);
		return;
	}
	dbg_run_until(d, lin);
	dbg_print_stop(d);
}

/* ---- stop points ---- */

static void add_and_report(struct debugger *d, struct stop_point *sp, const char *what)
{
	int id = dbg_add_point(d, sp);
	if (id < 0) {
		error(d, "too many breakpoints and watchpoints (%d); delete some with d N", DBG_MAX_STOP_POINTS);
		return;
	}
	fprintf(d->out, "%s %d%s%s\n", what, id, sp->cond[0] ? " if " : "", sp->cond);
}

static bool set_condition(struct debugger *d, struct stop_point *sp, const char *cond)
{
	if (!cond)
		return true;
	if (!*cond || strlen(cond) >= sizeof(sp->cond)) {
		error(d, "a condition must be 1 to %zu characters", sizeof(sp->cond) - 1);
		return false;
	}
	/* Checked for syntax now; values may change until it is evaluated. */
	uint32_t v;
	char err[EXPR_ERROR_MAX];
	if (dbg_eval(d, cond, &v, err, sizeof(err)) && strncmp(err, "cannot read memory", 18)) {
		error(d, "bad condition: %s", err);
		return false;
	}
	snprintf(sp->cond, sizeof(sp->cond), "%s", cond);
	return true;
}

/* b, vb, lb, pb: "b" follows Bochs: a plain address is physical, SEG:OFF
 * is CS:EIP. */
static void cmd_break(struct debugger *d, const char *cmd, char *args)
{
	char *cond = split_condition(args);
	if (!*args) {
		error(d, "usage: %s ADDR [if EXPR]", cmd);
		return;
	}
	struct stop_point sp = {.type = SP_BREAK, .enabled = true};
	char err[EXPR_ERROR_MAX];
	uint32_t lin, off;
	uint16_t seg;
	bool segoff = strchr(args, ':') != NULL;
	if (!strcmp(cmd, "vb") || (!strcmp(cmd, "b") && segoff)) {
		if (dbg_parse_address(d, args, ADDR_SEGOFF, &lin, &seg, &off, err, sizeof(err))) {
			error(d, "%s", err);
			return;
		}
		sp.kind = ADDR_SEGOFF;
		sp.seg = seg;
		sp.addr = off;
	} else {
		if (dbg_parse_address(d, args, ADDR_LINEAR, &lin, NULL, NULL, err, sizeof(err))) {
			error(d, "%s", err);
			return;
		}
		sp.kind = !strcmp(cmd, "lb") ? ADDR_LINEAR : ADDR_PHYSICAL;
		sp.addr = lin;
	}
	if (!set_condition(d, &sp, cond))
		return;
	add_and_report(d, &sp, "Breakpoint");
}

static bool parse_access(const char *w, unsigned *access)
{
	if (!strcmp(w, "r") || !strcmp(w, "read"))
		*access = ACCESS_READ;
	else if (!strcmp(w, "w") || !strcmp(w, "write"))
		*access = ACCESS_WRITE;
	else if (!strcmp(w, "rw") || !strcmp(w, "access"))
		*access = ACCESS_READ | ACCESS_WRITE;
	else
		return false;
	return true;
}

/* watch r|w|rw [lin|phys] ADDR [LEN] [if EXPR] */
static void cmd_watch(struct debugger *d, char *args)
{
	char *cond = split_condition(args);
	struct stop_point sp = {.type = SP_WATCH, .enabled = true, .kind = ADDR_PHYSICAL, .len = 1};
	char *w = next_word(&args);
	if (!parse_access(w, &sp.access)) {
		error(d, "usage: watch r|w|rw [lin|phys] ADDR [LEN] [if EXPR]");
		return;
	}
	if (!strncmp(args, "lin", 3) && isspace((unsigned char)args[3])) {
		sp.kind = ADDR_LINEAR;
		args = trim(args + 3);
	} else if (!strncmp(args, "phys", 4) && isspace((unsigned char)args[4])) {
		sp.kind = ADDR_PHYSICAL;
		args = trim(args + 4);
	}
	char *addr = next_word(&args);
	if (!*addr) {
		error(d, "usage: watch r|w|rw [lin|phys] ADDR [LEN] [if EXPR]");
		return;
	}
	if (!eval_arg(d, addr, &sp.addr))
		return;
	if (*args && !eval_arg(d, args, &sp.len))
		return;
	/* A range is marked page by page: keep it to what a watchpoint is
	 * for (a variable, a structure, a stack). */
	if (sp.len == 0 || sp.len > 0x100000 || (uint64_t)sp.addr + sp.len - 1 > 0xFFFFFFFFu) {
		error(d, "watch length must be 1 to 0x100000 bytes, inside the 4 GiB space");
		return;
	}
	if (!set_condition(d, &sp, cond))
		return;
	add_and_report(d, &sp, "Watchpoint");
}

/* catch exc|int V[-V2] | io r|w|rw PORT [LEN] | mode | cr3 */
static void cmd_catch(struct debugger *d, char *args)
{
	struct stop_point sp = {.enabled = true, .len = 1};
	char *what = next_word(&args);
	if (is_word(what, "exc", "int") || !strcmp(what, "vector")) {
		sp.type = SP_VECTOR;
		char *dash = strchr(args, '-');
		uint32_t last;
		if (!*args) {
			error(d, "usage: catch %s VECTOR[-VECTOR]", what);
			return;
		}
		if (dash)
			*dash = 0;
		if (!eval_arg(d, args, &sp.addr))
			return;
		last = sp.addr;
		if (dash && !eval_arg(d, dash + 1, &last))
			return;
		if (sp.addr > 255 || last > 255 || last < sp.addr) {
			error(d, "vectors are 0 to 255");
			return;
		}
		sp.len = last - sp.addr + 1;
		add_and_report(d, &sp, "Catch");
	} else if (!strcmp(what, "io")) {
		sp.type = SP_IO;
		char *w = next_word(&args);
		if (!parse_access(w, &sp.access)) {
			error(d, "usage: catch io r|w|rw PORT [COUNT]");
			return;
		}
		char *port = next_word(&args);
		if (!*port || !eval_arg(d, port, &sp.addr))
			return;
		if (*args && !eval_arg(d, args, &sp.len))
			return;
		if (sp.addr > 0xFFFF || sp.len == 0 || sp.addr + sp.len - 1 > 0xFFFF) {
			error(d, "ports are 0 to 0xFFFF");
			return;
		}
		add_and_report(d, &sp, "I/O breakpoint");
	} else if (!strcmp(what, "mode")) {
		sp.type = SP_MODE;
		add_and_report(d, &sp, "Catch (mode changes, checked after each instruction)");
	} else if (!strcmp(what, "cr3")) {
		sp.type = SP_CR3;
		add_and_report(d, &sp, "Catch (CR3 changes, checked after each instruction)");
	} else {
		error(d, "usage: catch exc|int VECTOR[-VECTOR] | io r|w|rw PORT [COUNT] | mode | cr3");
	}
}

static void describe_point(struct debugger *d, const struct stop_point *sp)
{
	static const char *const access[] = {"", "read", "write", "read/write"};
	fprintf(d->out, "%-3d %-4s ", sp->id, sp->enabled ? "y" : "n");
	switch (sp->type) {
	case SP_BREAK:
		if (sp->kind == ADDR_SEGOFF)
			fprintf(d->out, "breakpoint  at %04x:%08x", sp->seg, sp->addr);
		else
			fprintf(d->out, "breakpoint  at %s 0x%08x", sp->kind == ADDR_LINEAR ? "linear" : "physical", sp->addr);
		break;
	case SP_WATCH:
		fprintf(d->out, "watchpoint  %s of %s 0x%08x, %u byte%s", access[sp->access & 3],
			sp->kind == ADDR_LINEAR ? "linear" : "physical", sp->addr, sp->len, sp->len == 1 ? "" : "s");
		break;
	case SP_VECTOR:
		fprintf(d->out, "catch       vector 0x%02x", sp->addr);
		if (sp->len > 1)
			fprintf(d->out, "-0x%02x", sp->addr + sp->len - 1);
		break;
	case SP_IO:
		fprintf(d->out, "catch       I/O %s port 0x%04x", access[sp->access & 3], sp->addr);
		if (sp->len > 1)
			fprintf(d->out, "-0x%04x", sp->addr + sp->len - 1);
		break;
	case SP_MODE:
		fprintf(d->out, "catch       mode changes");
		break;
	case SP_CR3:
		fprintf(d->out, "catch       CR3 changes");
		break;
	}
	if (sp->cond[0])
		fprintf(d->out, " if %s", sp->cond);
	fprintf(d->out, " (hit %llu time%s)\n", (unsigned long long)sp->hits, sp->hits == 1 ? "" : "s");
}

static void cmd_list_points(struct debugger *d)
{
	bool any = false;
	fprintf(d->out, "Num Enb What\n");
	for (int k = 0; k < DBG_MAX_STOP_POINTS; k++) {
		const struct stop_point *sp = &d->points[k];
		if (sp->id && !sp->temporary) {
			describe_point(d, sp);
			any = true;
		}
	}
	if (d->magic_enabled)
		fprintf(d->out, "    y    magic breakpoint on xchg (ModRM 0x%02x)\n", d->magic_modrm);
	if (!any && !d->magic_enabled)
		fprintf(d->out, "(none)\n");
}

static void cmd_delete(struct debugger *d, const char *cmd, char *args)
{
	uint32_t id;
	if (!*args) {
		error(d, "usage: %s N (see bl)", cmd);
		return;
	}
	if (!eval_arg(d, args, &id))
		return;
	struct stop_point *sp = id < 100000 ? dbg_find_point(d, (int)id) : NULL;
	if (!sp) {
		error(d, "no breakpoint or watchpoint %u", id);
		return;
	}
	if (!strcmp(cmd, "bpd") || !strcmp(cmd, "disable"))
		sp->enabled = false;
	else if (!strcmp(cmd, "bpe") || !strcmp(cmd, "enable"))
		sp->enabled = true;
	else
		dbg_delete_point(d, (int)id);
}

static void cmd_magic(struct debugger *d, char *args)
{
	static const char *const regs[8] = {"ax", "cx", "dx", "bx", "sp", "bp", "si", "di"};
	char *w = next_word(&args);
	if (!strcmp(w, "off")) {
		d->magic_enabled = false;
		fprintf(d->out, "magic breakpoints off\n");
		return;
	}
	if (strcmp(w, "on") && *w) {
		error(d, "usage: magic on [ax|cx|dx|bx|sp|bp|si|di] | off");
		return;
	}
	unsigned reg = 3;
	if (*args) {
		for (reg = 0; reg < 8 && strcmp(args, regs[reg]); reg++)
			;
		if (reg == 8) {
			error(d, "magic: the register is one of ax cx dx bx sp bp si di");
			return;
		}
	}
	d->magic_enabled = true;
	d->magic_modrm = 0xC0 | reg << 3 | reg;
	fprintf(d->out, "magic breakpoint on xchg %s, %s (87 %02X); every instruction is checked while it is on\n",
		regs[reg], regs[reg], d->magic_modrm);
}

/* ---- registers ---- */

static void flag_names(uint32_t f, char *buf, size_t len)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} flags[] = {{F_VM, "vm"}, {F_RF, "rf"}, {F_NT, "nt"}, {F_OF, "of"}, {F_DF, "df"}, {F_IF, "if"}, {F_TF, "tf"},
		     {F_SF, "sf"}, {F_ZF, "zf"}, {F_AF, "af"}, {F_PF, "pf"}, {F_CF, "cf"}};
	buf[0] = 0;
	for (unsigned k = 0; k < sizeof(flags) / sizeof(flags[0]); k++) {
		size_t n = strlen(buf);
		/* Set flags in capitals, clear ones in lower case, as Bochs. */
		snprintf(buf + n, len - n, "%s%s", n ? " " : "", flags[k].name);
		if (f & flags[k].bit)
			for (char *p = buf + n; *p; p++)
				*p = (char)toupper((unsigned char)*p);
	}
	size_t n = strlen(buf);
	snprintf(buf + n, len - n, " iopl=%u", (f >> 12) & 3);
}

static void cmd_regs(struct debugger *d)
{
	struct cpu *cpu = d->cpu;
	char flags[96], sym[80];
	static const char *const names[8] = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};
	for (int k = 0; k < 8; k++)
		fprintf(d->out, "%s: 0x%08x%s", names[k], cpu->r[k], (k & 1) ? "\n" : "   ");
	dbg_symbolize(d, dbg_cs_lin(cpu), sym, sizeof(sym));
	fprintf(d->out, "eip: 0x%08x%s%s%s\n", cpu->eip, sym[0] ? " <" : "", sym, sym[0] ? ">" : "");
	uint32_t f = cpu_get_flags(cpu);
	flag_names(f, flags, sizeof(flags));
	fprintf(d->out, "eflags: 0x%08x: %s\n", f, flags);
	fprintf(d->out, "icount: %llu\n", (unsigned long long)cpu->icount);
}

static void print_segment(struct debugger *d, const char *name, const struct segment *s)
{
	fprintf(d->out, "%s: 0x%04x base=0x%08x limit=0x%08x attr=0x%04x%s%s\n", name, s->sel, s->base, s->limit, s->attr,
		(s->attr & SEG_ATTR_DB) ? " 32-bit" : " 16-bit", s->valid ? "" : " (unusable)");
}

static void cmd_sreg(struct debugger *d)
{
	struct cpu *cpu = d->cpu;
	static const char *const names[6] = {"es", "cs", "ss", "ds", "fs", "gs"};
	for (int k = 0; k < 6; k++)
		print_segment(d, names[k], &cpu->seg[k]);
	print_segment(d, "ldtr", &cpu->ldtr);
	print_segment(d, "tr", &cpu->tr);
	fprintf(d->out, "gdtr: base=0x%08x limit=0x%04x\n", cpu->gdtr.base, cpu->gdtr.limit);
	fprintf(d->out, "idtr: base=0x%08x limit=0x%04x\n", cpu->idtr.base, cpu->idtr.limit);
	fprintf(d->out, "cpl: %u\n", cpu->cpl);
}

static void cmd_creg(struct debugger *d)
{
	struct cpu *cpu = d->cpu;
	static const struct {
		uint32_t bit;
		const char *name;
	} cr0[] = {{CR0_PG, "PG"}, {CR0_CD, "CD"}, {CR0_NW, "NW"}, {CR0_AM, "AM"}, {CR0_WP, "WP"}, {CR0_NE, "NE"},
		   {CR0_ET, "ET"}, {CR0_TS, "TS"}, {CR0_EM, "EM"}, {CR0_MP, "MP"}, {CR0_PE, "PE"}},
	  cr4[] = {{CR4_PCE, "PCE"}, {CR4_PGE, "PGE"}, {CR4_MCE, "MCE"}, {CR4_PAE, "PAE"}, {CR4_PSE, "PSE"},
		   {CR4_DE, "DE"}, {CR4_TSD, "TSD"}, {CR4_PVI, "PVI"}, {CR4_VME, "VME"}};
	fprintf(d->out, "cr0: 0x%08x:", cpu->cr0);
	for (unsigned k = 0; k < sizeof(cr0) / sizeof(cr0[0]); k++)
		if (cpu->cr0 & cr0[k].bit)
			fprintf(d->out, " %s", cr0[k].name);
	fprintf(d->out, "\ncr2: 0x%08x (last page fault address)\ncr3: 0x%08x\ncr4: 0x%08x:", cpu->cr2, cpu->cr3,
		cpu->cr4);
	for (unsigned k = 0; k < sizeof(cr4) / sizeof(cr4[0]); k++)
		if (cpu->cr4 & cr4[k].bit)
			fprintf(d->out, " %s", cr4[k].name);
	fputc('\n', d->out);
}

static void cmd_dreg(struct debugger *d)
{
	for (int k = 0; k < 8; k++)
		if (k != 4 && k != 5)
			fprintf(d->out, "dr%d: 0x%08x\n", k, d->cpu->dr[k]);
}

static void cmd_set(struct debugger *d, char *args)
{
	char *eq = strchr(args, '=');
	if (!eq) {
		error(d, "usage: set REG = EXPR");
		return;
	}
	*eq = 0;
	char *reg = trim(args);
	uint32_t v;
	if (!eval_arg(d, trim(eq + 1), &v))
		return;
	char err[EXPR_ERROR_MAX];
	if (dbg_reg_set(d, reg, v, err, sizeof(err)))
		error(d, "%s", err);
	d->next_u_valid = false;
}

/* ---- memory ---- */

/* x and xp: "/NUF" with N a count, U the unit (b h w g), F the format
 * (x d u o t c); each part optional, the last ones remembered. */
static void cmd_examine(struct debugger *d, const char *cmd, char *args)
{
	bool physical = !strcmp(cmd, "xp");
	uint32_t count = 1;
	char unit = d->x_format[1], format = d->x_format[0];
	if (*args == '/') {
		char *spec = next_word(&args) + 1;
		char *end;
		if (isdigit((unsigned char)*spec)) {
			unsigned long n = strtoul(spec, &end, 10);
			if (n == 0 || n > X_MAX_UNITS) {
				error(d, "%s: count must be 1 to %u", cmd, X_MAX_UNITS);
				return;
			}
			count = (uint32_t)n;
			spec = end;
		}
		for (; *spec; spec++) {
			if (strchr("bhwg", *spec))
				unit = *spec;
			else if (strchr("xduotc", *spec))
				format = *spec;
			else {
				error(d, "%s: unknown unit or format '%c' (units b h w g, formats x d u o t c)", cmd, *spec);
				return;
			}
		}
	}
	if (!*args) {
		error(d, "usage: %s /NUF ADDR", cmd);
		return;
	}
	uint32_t addr;
	char err[EXPR_ERROR_MAX];
	if (physical ? dbg_eval(d, args, &addr, err, sizeof(err))
		     : dbg_parse_address(d, args, ADDR_LINEAR, &addr, NULL, NULL, err, sizeof(err))) {
		error(d, "%s", err);
		return;
	}
	d->x_format[0] = format;
	d->x_format[1] = unit;
	unsigned size = unit == 'b' ? 1 : unit == 'h' ? 2 : unit == 'w' ? 4 : 8;
	unsigned per_line = format == 'c' ? 16 : size == 1 ? 8 : size == 8 ? 2 : 4;
	for (uint32_t n = 0; n < count; n++) {
		uint32_t a = addr + n * size;
		if (n % per_line == 0) {
			char sym[80];
			dbg_symbolize(d, a, sym, sizeof(sym));
			fprintf(d->out, "%s[0x%08x]%s%s%s:", n ? "\n" : "", a, sym[0] ? " <" : "", sym, sym[0] ? ">" : "");
		}
		uint8_t b[8];
		bool ok = physical ? dbg_read_phys(d, a, b, size) : dbg_read_linear(d, a, b, size);
		if (!ok) {
			fprintf(d->out, "\ncannot read %s memory at 0x%08x\n", physical ? "physical" : "linear", a);
			return;
		}
		uint64_t v = 0;
		for (unsigned k = 0; k < size; k++)
			v |= (uint64_t)b[k] << (8 * k);
		switch (format) {
		case 'x': fprintf(d->out, " 0x%0*llx", (int)size * 2, (unsigned long long)v); break;
		case 'u': fprintf(d->out, " %llu", (unsigned long long)v); break;
		case 'd': {
			int64_t s = (int64_t)(v << (64 - 8 * size)) >> (64 - 8 * size);
			fprintf(d->out, " %lld", (long long)s);
			break;
		}
		case 'o': fprintf(d->out, " 0%llo", (unsigned long long)v); break;
		case 't':
			fputc(' ', d->out);
			for (int bit = (int)size * 8 - 1; bit >= 0; bit--)
				fputc((v >> bit) & 1 ? '1' : '0', d->out);
			break;
		case 'c':
			for (unsigned k = 0; k < size; k++)
				fprintf(d->out, " %c", isprint(b[k]) ? b[k] : '.');
			break;
		}
	}
	fputc('\n', d->out);
}

static void print_insn_line(struct debugger *d, uint32_t lin, uint32_t eip, bool code32, uint16_t cs, bool show_cs,
			    int *len)
{
	char text[DISASM_TEXT_MAX], sym[80], hex[40] = "";
	uint8_t bytes[16];
	unsigned nbytes = 0;
	*len = dbg_disasm(d, lin, eip, code32, text, sizeof(text), bytes, &nbytes);
	for (unsigned k = 0; k < nbytes && k < 12; k++)
		snprintf(hex + 2 * k, sizeof(hex) - 2 * k, "%02x", bytes[k]);
	dbg_symbolize(d, lin, sym, sizeof(sym));
	if (sym[0] && !strchr(sym, '+'))
		fprintf(d->out, "%s:\n", sym);
	if (show_cs)
		fprintf(d->out, "[0x%08x] %04x:%0*x  %-24s %s\n", lin, cs, code32 ? 8 : 4, eip, hex, text);
	else
		fprintf(d->out, "[0x%08x]  %-24s %s\n", lin, hex, text);
}

/* u [/N] [ADDR] [N]: ADDR is SEG:OFF (branch targets then read right) or
 * linear (taken inside CS when it falls there). */
static void cmd_disasm(struct debugger *d, char *args)
{
	struct cpu *cpu = d->cpu;
	uint32_t count = 10;
	if (*args == '/') {
		char *w = next_word(&args);
		if (!eval_arg(d, w + 1, &count))
			return;
	}
	char *addr = next_word(&args);
	if (*args && !eval_arg(d, args, &count))
		return;
	if (count == 0 || count > U_MAX_INSNS) {
		error(d, "u: count must be 1 to %u", U_MAX_INSNS);
		return;
	}
	bool code32 = dbg_code32(cpu);
	uint16_t cs = cpu->seg[S_CS].sel;
	uint32_t lin, eip;
	bool show_cs = true;
	if (!*addr) {
		lin = d->next_u_valid ? d->next_u_lin : dbg_cs_lin(cpu);
		eip = lin - cpu->seg[S_CS].base;
	} else {
		char err[EXPR_ERROR_MAX];
		uint16_t seg;
		uint32_t off;
		if (dbg_parse_address(d, addr, ADDR_LINEAR, &lin, &seg, &off, err, sizeof(err))) {
			error(d, "%s", err);
			return;
		}
		if (strchr(addr, ':')) {
			cs = seg;
			eip = off;
		} else {
			eip = lin - cpu->seg[S_CS].base;
			/* A linear address outside CS: no CS:IP to show. */
			if (eip > cpu->seg[S_CS].limit || (!code32 && eip > 0xFFFF)) {
				eip = lin;
				show_cs = false;
			}
		}
	}
	for (uint32_t n = 0; n < count; n++) {
		int len;
		print_insn_line(d, lin, eip, code32, cs, show_cs, &len);
		if (len <= 0)
			break;
		lin += (uint32_t)len;
		eip = (eip + (uint32_t)len) & (code32 ? 0xFFFFFFFFu : 0xFFFFu);
	}
	d->next_u_lin = lin;
	d->next_u_valid = true;
}

/* setpmem ADDR SIZE VALUE: writes 1, 2 or 4 bytes of physical memory. */
static void cmd_setpmem(struct debugger *d, char *args)
{
	char *a = next_word(&args), *s = next_word(&args);
	uint32_t addr, size, value;
	if (!*a || !*s || !*args) {
		error(d, "usage: setpmem ADDR SIZE VALUE");
		return;
	}
	if (!eval_arg(d, a, &addr) || !eval_arg(d, s, &size) || !eval_arg(d, args, &value))
		return;
	if (size != 1 && size != 2 && size != 4) {
		error(d, "setpmem: SIZE is 1, 2 or 4");
		return;
	}
	uint8_t b[4] = {(uint8_t)value, (uint8_t)(value >> 8), (uint8_t)(value >> 16), (uint8_t)(value >> 24)};
	if (!dbg_write_phys(d, addr, b, size))
		error(d, "setpmem: 0x%08x is not RAM", addr);
}

/* ---- the stack ---- */

/* bt: frames linked by (E)BP as compilers without -fomit-frame-pointer
 * and hand-written "push bp; mov bp, sp" prologues leave them: the saved
 * BP at [SS:BP], the near return address above it. */
static void cmd_backtrace(struct debugger *d, char *args)
{
	struct cpu *cpu = d->cpu;
	uint32_t max = 16;
	if (*args && !eval_arg(d, args, &max))
		return;
	if (max == 0 || max > BT_MAX_FRAMES)
		max = BT_MAX_FRAMES;
	bool wide = cpu->seg[S_SS].attr & SEG_ATTR_DB && (cpu->cr0 & CR0_PE);
	bool code32 = dbg_code32(cpu);
	unsigned slot = code32 ? 4 : 2;
	uint32_t ss = cpu->seg[S_SS].base;
	uint32_t bp = wide ? cpu->r[R_EBP] : cpu->r[R_EBP] & 0xFFFF;
	char sym[80];
	dbg_symbolize(d, dbg_cs_lin(cpu), sym, sizeof(sym));
	fprintf(d->out, "#0  %04x:%0*x%s%s%s\n", cpu->seg[S_CS].sel, code32 ? 8 : 4, cpu->eip, sym[0] ? " <" : "", sym,
		sym[0] ? ">" : "");
	for (uint32_t n = 1; n < max; n++) {
		uint8_t b[8];
		if (!bp || !dbg_read_linear(d, ss + bp, b, 2 * slot))
			break;
		uint32_t saved = code32 ? (uint32_t)b[0] | b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24
					: (uint32_t)(b[0] | b[1] << 8);
		uint32_t ret = code32 ? (uint32_t)b[4] | b[5] << 8 | (uint32_t)b[6] << 16 | (uint32_t)b[7] << 24
				      : (uint32_t)(b[2] | b[3] << 8);
		dbg_symbolize(d, cpu->seg[S_CS].base + ret, sym, sizeof(sym));
		fprintf(d->out, "#%-2u %04x:%0*x%s%s%s  (frame at ss:0x%x)\n", n, cpu->seg[S_CS].sel, code32 ? 8 : 4, ret,
			sym[0] ? " <" : "", sym, sym[0] ? ">" : "", bp);
		/* Frames go up the stack; anything else is not a frame chain. */
		if (saved <= bp)
			break;
		bp = saved;
	}
}

/* ---- info ---- */

static void cmd_info(struct debugger *d, char *args)
{
	char *what = next_word(&args);
	if (!strcmp(what, "gdt") || !strcmp(what, "idt") || !strcmp(what, "ldt")) {
		uint32_t first = 0, count = 0;
		if (*args) {
			char *a = next_word(&args);
			if (!eval_arg(d, a, &first))
				return;
			count = 1;
			if (*args && !eval_arg(d, args, &count))
				return;
		}
		dbg_print_descriptor_table(d, what, first, count);
	} else if (!strcmp(what, "tss")) {
		dbg_print_tss(d);
	} else if (!strcmp(what, "tab")) {
		dbg_print_page_table(d);
	} else if (is_word(what, "break", "b") || !strcmp(what, "watch")) {
		cmd_list_points(d);
	} else if (is_word(what, "registers", "r") || !strcmp(what, "cpu")) {
		cmd_regs(d);
	} else if (!strcmp(what, "symbols")) {
		fprintf(d->out, "%zu symbols\n", d->nsymbols);
		for (size_t k = 0; k < d->nsymbols && k < 200; k++)
			fprintf(d->out, "0x%08x %s\n", d->symbols[k].addr, d->symbols[k].name);
	} else {
		for (unsigned k = 0; k < d->ninfos; k++)
			if (!strcmp(what, d->infos[k].name)) {
				d->infos[k].fn(d->infos[k].opaque, d->out, args);
				return;
			}
		fprintf(d->out, "info: gdt, idt, ldt [N [COUNT]], tss, tab, break, registers, symbols");
		for (unsigned k = 0; k < d->ninfos; k++)
			fprintf(d->out, ", %s", d->infos[k].name);
		fputc('\n', d->out);
		if (*what)
			fprintf(d->out, "(no '%.32s' on this machine)\n", what);
	}
}

static void cmd_page(struct debugger *d, char *args)
{
	uint32_t lin;
	char err[EXPR_ERROR_MAX];
	if (!*args) {
		error(d, "usage: page LINEAR-ADDR");
		return;
	}
	if (dbg_parse_address(d, args, ADDR_LINEAR, &lin, NULL, NULL, err, sizeof(err))) {
		error(d, "%s", err);
		return;
	}
	dbg_print_page_walk(d, lin);
}

static void cmd_trace(struct debugger *d, char *args)
{
	if (!strcmp(args, "on"))
		d->trace.console = true;
	else if (!strcmp(args, "off"))
		d->trace.console = false;
	else {
		error(d, "usage: trace on|off");
		return;
	}
	fprintf(d->out, "trace %s%s\n", args, d->trace.console ? " (every instruction is printed as it runs)" : "");
}

static void cmd_ldsym(struct debugger *d, char *args)
{
	char *path = next_word(&args);
	uint32_t offset = 0;
	if (!*path) {
		error(d, "usage: ldsym FILE [OFFSET]");
		return;
	}
	if (*args && !eval_arg(d, args, &offset))
		return;
	char msg[256];
	int r = dbg_load_symbols(d, path, offset, msg, sizeof(msg));
	fprintf(d->out, "%s%s\n", r ? "ldsym: " : "", msg);
}

static void cmd_calc(struct debugger *d, char *args)
{
	uint32_t v;
	if (!*args) {
		error(d, "usage: ? EXPR");
		return;
	}
	if (eval_arg(d, args, &v)) {
		char sym[80];
		dbg_symbolize(d, v, sym, sizeof(sym));
		fprintf(d->out, "0x%08x %u %d%s%s%s\n", v, v, (int32_t)v, sym[0] ? " <" : "", sym, sym[0] ? ">" : "");
	}
}

static void cmd_help(struct debugger *d)
{
	fputs("Running:\n"
	      "  c                      continue\n"
	      "  s [N]                  step N instructions (default 1)\n"
	      "  n | p                  step over a CALL or INT (REP string instructions are one step)\n"
	      "  until ADDR             run until CS:EIP reaches the linear address (or SEG:OFF)\n"
	      "  q                      quit glasspc\n"
	      "Breakpoints (kept in the emulator, never written to guest memory):\n"
	      "  b ADDR | b SEG:OFF     physical address (as Bochs) | CS:EIP\n"
	      "  vb SEG:OFF, lb LIN, pb PHYS   by kind; each takes [if EXPR]\n"
	      "  watch r|w|rw [lin|phys] ADDR [LEN] [if EXPR]   data watchpoint (physical by default)\n"
	      "  catch exc|int V[-V]    stop when a vector is delivered (exception or interrupt)\n"
	      "  catch io r|w|rw PORT [COUNT]   stop after an I/O port access\n"
	      "  catch mode | cr3       stop after a mode change | a CR3 write (steps carefully)\n"
	      "  magic on [REG] | off   stop after xchg REG, REG (default bx: 87 DB)\n"
	      "  bl                     list them; d N delete, bpd N disable, bpe N enable\n"
	      "Looking:\n"
	      "  r | sreg | creg | dreg   general, segment, control, debug registers\n"
	      "  x /NUF ADDR, xp /NUF ADDR   linear | physical memory: N count, U b h w g, F x d u o t c\n"
	      "  u [/N] [ADDR] [N]      disassemble (ADDR linear or SEG:OFF)\n"
	      "  info gdt|idt|ldt [N [COUNT]] | tss | tab | break | symbols | DEVICE\n"
	      "  page LIN               the paging walk for a linear address\n"
	      "  bt [N]                 stack frames through (E)BP\n"
	      "  ? EXPR                 evaluate: registers, numbers (0x, h), symbols, [addr], C operators\n"
	      "Changing:\n"
	      "  set REG = EXPR         a general, segment (real mode), EIP, EFLAGS or debug register\n"
	      "  setpmem ADDR SIZE VAL  write physical memory\n"
	      "  trace on|off           print every instruction as it runs\n"
	      "  ldsym FILE [OFFSET]    load symbols ('ADDR NAME' or nm lines)\n"
	      "An empty line repeats s, n and c.\n",
	      d->out);
	if (d->ninfos || d->ncommands)
		fputs("This machine:\n", d->out);
	for (unsigned k = 0; k < d->ninfos; k++)
		fprintf(d->out, "  info %-17s %s\n", d->infos[k].name, d->infos[k].help ? d->infos[k].help : "");
	for (unsigned k = 0; k < d->ncommands; k++)
		fprintf(d->out, "  %-22s %s\n", d->commands[k].name, d->commands[k].help ? d->commands[k].help : "");
}

/* Runs one command line.  Returns false when it was q. */
static bool execute_line(struct debugger *d, char *line)
{
	char *args = trim(line);
	if (!*args || *args == '#')
		return true;
	char *cmd = next_word(&args);
	if (is_word(cmd, "c", "cont") || !strcmp(cmd, "continue"))
		cmd_continue(d, args);
	else if (is_word(cmd, "s", "step") || !strcmp(cmd, "stepi") || !strcmp(cmd, "si"))
		cmd_step(d, args);
	else if (is_word(cmd, "n", "next") || !strcmp(cmd, "p"))
		cmd_next(d, args);
	else if (!strcmp(cmd, "until"))
		cmd_until(d, args);
	else if (!strcmp(cmd, "b") || !strcmp(cmd, "vb") || !strcmp(cmd, "lb") || !strcmp(cmd, "pb") ||
		 !strcmp(cmd, "break"))
		cmd_break(d, !strcmp(cmd, "break") ? "b" : cmd, args);
	else if (!strcmp(cmd, "watch"))
		cmd_watch(d, args);
	else if (!strcmp(cmd, "catch"))
		cmd_catch(d, args);
	else if (!strcmp(cmd, "magic"))
		cmd_magic(d, args);
	else if (is_word(cmd, "bl", "blist"))
		cmd_list_points(d);
	else if (is_word(cmd, "d", "del") || !strcmp(cmd, "delete") || !strcmp(cmd, "bpd") || !strcmp(cmd, "bpe") ||
		 !strcmp(cmd, "disable") || !strcmp(cmd, "enable"))
		cmd_delete(d, cmd, args);
	else if (is_word(cmd, "r", "regs") || !strcmp(cmd, "registers"))
		cmd_regs(d);
	else if (!strcmp(cmd, "sreg"))
		cmd_sreg(d);
	else if (!strcmp(cmd, "creg"))
		cmd_creg(d);
	else if (!strcmp(cmd, "dreg"))
		cmd_dreg(d);
	else if (!strcmp(cmd, "set"))
		cmd_set(d, args);
	else if (!strcmp(cmd, "setpmem"))
		cmd_setpmem(d, args);
	else if (!strncmp(cmd, "x/", 2) || !strncmp(cmd, "xp/", 3)) {
		/* "x/4wx ADDR" without the space. */
		char buf[LINE_MAX_LEN + 2];
		char *slash = strchr(cmd, '/');
		snprintf(buf, sizeof(buf), "%s %s", slash, args);
		*slash = 0;
		cmd_examine(d, cmd, buf);
	} else if (is_word(cmd, "x", "xp"))
		cmd_examine(d, cmd, args);
	else if (is_word(cmd, "u", "disasm"))
		cmd_disasm(d, args);
	else if (!strcmp(cmd, "info"))
		cmd_info(d, args);
	else if (!strcmp(cmd, "page"))
		cmd_page(d, args);
	else if (!strcmp(cmd, "bt") || !strcmp(cmd, "backtrace"))
		cmd_backtrace(d, args);
	else if (!strcmp(cmd, "trace"))
		cmd_trace(d, args);
	else if (!strcmp(cmd, "ldsym"))
		cmd_ldsym(d, args);
	else if (is_word(cmd, "?", "calc") || !strcmp(cmd, "print"))
		cmd_calc(d, args);
	else if (is_word(cmd, "help", "h"))
		cmd_help(d);
	else if (is_word(cmd, "q", "quit") || !strcmp(cmd, "exit")) {
		d->quit = true;
		return false;
	} else {
		unsigned k;
		for (k = 0; k < d->ncommands && strcmp(cmd, d->commands[k].name); k++)
			;
		if (k < d->ncommands)
			d->commands[k].fn(d->commands[k].opaque, d->out, args);
		else
			error(d, "unknown command '%.40s' (try help)", cmd);
	}
	fflush(d->out);
	return true;
}

bool dbg_execute_command(struct debugger *d, const char *line, FILE *out)
{
	char work[LINE_MAX_LEN];
	snprintf(work, sizeof(work), "%s", line);
	FILE *saved = d->out;
	d->out = out;
	bool go_on = execute_line(d, work);
	fflush(out);
	d->out = saved;
	return go_on;
}

static bool repeatable(const char *line)
{
	char buf[16];
	snprintf(buf, sizeof(buf), "%s", line);
	char *p = buf;
	char *w = next_word(&p);
	return is_word(w, "s", "n") || is_word(w, "c", "p") || !strcmp(w, "step") || !strcmp(w, "next");
}

int dbg_run_script(struct debugger *d, const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		error(d, "cannot open debugger script '%s': %s", path, strerror(errno));
		return -1;
	}
	char line[LINE_MAX_LEN];
	while (!d->quit && fgets(line, sizeof(line), f)) {
		if (!strchr(line, '\n') && !feof(f)) {
			error(d, "script line too long (more than %d characters)", LINE_MAX_LEN - 2);
			int c;
			while ((c = fgetc(f)) != EOF && c != '\n')
				;
			continue;
		}
		char *t = trim(line);
		if (!*t || *t == '#')
			continue;
		fprintf(d->out, "<glasspc> %s\n", t);
		execute_line(d, t);
	}
	fclose(f);
	fflush(d->out);
	return 0;
}

static char prompt_text[48];

static char *prompt(EditLine *el)
{
	(void)el;
	return prompt_text;
}

void dbg_console(struct debugger *d)
{
	bool interactive = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
	EditLine *el = NULL;
	History *hist = NULL;
	HistEvent ev;
	if (interactive) {
		el = el_init("glasspc", stdin, stdout, stderr);
		hist = history_init();
		if (el && hist) {
			history(hist, &ev, H_SETSIZE, 1000);
			el_set(el, EL_PROMPT, prompt);
			el_set(el, EL_EDITOR, "emacs");
			el_set(el, EL_HIST, history, hist);
		} else {
			interactive = false;
		}
	}
	if (d->opts.console && !d->opts.script) {
		fprintf(d->out, "glasspc debugger: type help for the commands, c to run\n");
		dbg_print_stop(d);
	}
	char last[LINE_MAX_LEN] = "";
	unsigned number = 1;
	while (!d->quit) {
		char buf[LINE_MAX_LEN];
		snprintf(prompt_text, sizeof(prompt_text), "<glasspc:%u> ", number);
		if (interactive) {
			int count;
			const char *got = el_gets(el, &count);
			if (!got) {
				if (count == -1 && errno == EINTR)
					continue;
				break;
			}
			snprintf(buf, sizeof(buf), "%s", got);
		} else {
			fputs(prompt_text, d->out);
			fflush(d->out);
			if (!fgets(buf, sizeof(buf), stdin))
				break;
			if (!strchr(buf, '\n') && !feof(stdin)) {
				error(d, "line too long");
				int c;
				while ((c = getchar()) != EOF && c != '\n')
					;
				continue;
			}
		}
		char *t = trim(buf);
		if (!*t) {
			/* An empty line repeats a step or continue. */
			if (!last[0])
				continue;
			snprintf(buf, sizeof(buf), "%s", last);
			t = buf;
		} else {
			if (interactive)
				history(hist, &ev, H_ENTER, t);
			snprintf(last, sizeof(last), "%s", repeatable(t) ? t : "");
		}
		number++;
		char work[LINE_MAX_LEN];
		snprintf(work, sizeof(work), "%s", t);
		if (!execute_line(d, work))
			break;
	}
	if (!interactive)
		fputc('\n', d->out);
	if (hist)
		history_end(hist);
	if (el)
		el_end(el);
	/* EOF ends the session as q does. */
	d->quit = true;
}
