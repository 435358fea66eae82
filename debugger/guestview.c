/* The debugger's view of the guest: memory read without side effects,
 * registers by name, addresses, disassembly, and the system tables
 * (paging structures, GDT, IDT, LDT, TSS).
 *
 * Nothing here goes through the CPU's own access paths: those set
 * accessed and dirty bits, fill the TLB and raise faults by longjmp,
 * none of which a debugger looking at memory may do.  The paging walk
 * is therefore done again here, reading only. */
#include <ctype.h>
#include <string.h>

#include "cpu/disasm.h"
#include "debugger/internal.h"

#define PTE_P 0x001u
#define PTE_RW 0x002u
#define PTE_US 0x004u
#define PTE_A 0x020u
#define PTE_D 0x040u
#define PTE_PS 0x080u
#define PTE_G 0x100u

/* ---- memory ---- */

static bool phys_is_plain(struct debugger *d, uint32_t phys)
{
	/* A page with a host pointer is RAM or ROM; anything else is MMIO
	 * or partly mapped, and reading it could change a device. */
	return mem_page_host(d->cpu->mem, phys & d->cpu->mem->addr_mask, false) != NULL;
}

bool dbg_read_phys(struct debugger *d, uint32_t phys, void *buf, size_t len)
{
	uint8_t *out = buf;
	for (size_t k = 0; k < len; k++) {
		uint32_t a = (phys + (uint32_t)k) & d->cpu->mem->addr_mask;
		uint8_t *host = mem_page_host(d->cpu->mem, a, false);
		if (!host)
			return false;
		out[k] = host[a & (MEM_PAGE_SIZE - 1)];
	}
	return true;
}

bool dbg_write_phys(struct debugger *d, uint32_t phys, const void *buf, size_t len)
{
	const uint8_t *in = buf;
	for (size_t k = 0; k < len; k++)
		if (!phys_is_plain(d, phys + (uint32_t)k))
			return false;
	/* Through mem_write8, so that a write over decoded code drops it. */
	for (size_t k = 0; k < len; k++)
		mem_write8(d->cpu->mem, phys + (uint32_t)k, in[k]);
	return true;
}

static bool read_entry(struct debugger *d, uint64_t phys, unsigned size, uint64_t *value)
{
	if (phys > 0xFFFFFFFFu - (size - 1))
		return false;
	uint8_t b[8];
	if (!dbg_read_phys(d, (uint32_t)phys, b, size))
		return false;
	uint64_t v = 0;
	for (unsigned k = 0; k < size; k++)
		v |= (uint64_t)b[k] << (8 * k);
	*value = v;
	return true;
}

/* One step of a walk, for the "page" command. */
struct walk_step {
	const char *level;
	uint64_t entry_addr, entry;
};

struct walk {
	struct walk_step steps[3];
	unsigned nsteps;
	bool present;
	uint32_t phys;
	const char *page_size;
};

static void walk_paging(struct debugger *d, uint32_t lin, struct walk *w)
{
	struct cpu *cpu = d->cpu;
	memset(w, 0, sizeof(*w));
	if (!(cpu->cr0 & CR0_PG)) {
		w->present = true;
		w->phys = lin & cpu->mem->addr_mask;
		w->page_size = "no paging";
		return;
	}
	uint64_t e;
	if (cpu->cr4 & CR4_PAE) {
		uint64_t pdpte = cpu->pdpte[lin >> 30];
		w->steps[w->nsteps++] = (struct walk_step){"PDPTE", (cpu->cr3 & 0xFFFFFFE0u) + 8u * (lin >> 30), pdpte};
		if (!(pdpte & PTE_P))
			return;
		uint64_t pde_addr = (pdpte & 0x0000000FFFFFF000ull) + (((lin >> 21) & 0x1FF) << 3);
		if (!read_entry(d, pde_addr, 8, &e))
			return;
		w->steps[w->nsteps++] = (struct walk_step){"PDE", pde_addr, e};
		if (!(e & PTE_P))
			return;
		if (e & PTE_PS) {
			uint64_t phys = (e & 0x0000000FFFE00000ull) | (lin & 0x1FFFFF);
			w->present = phys <= 0xFFFFFFFFu;
			w->phys = (uint32_t)phys & cpu->mem->addr_mask;
			w->page_size = "2 MiB";
			return;
		}
		uint64_t pte_addr = (e & 0x0000000FFFFFF000ull) + (((lin >> 12) & 0x1FF) << 3);
		if (!read_entry(d, pte_addr, 8, &e))
			return;
		w->steps[w->nsteps++] = (struct walk_step){"PTE", pte_addr, e};
		if (!(e & PTE_P))
			return;
		uint64_t phys = (e & 0x0000000FFFFFF000ull) | (lin & 0xFFF);
		w->present = phys <= 0xFFFFFFFFu;
		w->phys = (uint32_t)phys & cpu->mem->addr_mask;
		w->page_size = "4 KiB";
		return;
	}
	uint32_t pde_addr = (cpu->cr3 & 0xFFFFF000u) + ((lin >> 22) << 2);
	if (!read_entry(d, pde_addr, 4, &e))
		return;
	w->steps[w->nsteps++] = (struct walk_step){"PDE", pde_addr, e};
	if (!(e & PTE_P))
		return;
	if ((e & PTE_PS) && (cpu->cr4 & CR4_PSE)) {
		w->present = true;
		w->phys = (((uint32_t)e & 0xFFC00000u) | (lin & 0x003FFFFFu)) & cpu->mem->addr_mask;
		w->page_size = "4 MiB";
		return;
	}
	uint32_t pte_addr = ((uint32_t)e & 0xFFFFF000u) + (((lin >> 12) & 0x3FF) << 2);
	if (!read_entry(d, pte_addr, 4, &e))
		return;
	w->steps[w->nsteps++] = (struct walk_step){"PTE", pte_addr, e};
	if (!(e & PTE_P))
		return;
	w->present = true;
	w->phys = (((uint32_t)e & 0xFFFFF000u) | (lin & 0xFFF)) & cpu->mem->addr_mask;
	w->page_size = "4 KiB";
}

bool dbg_translate(struct debugger *d, uint32_t lin, uint32_t *phys)
{
	struct walk w;
	walk_paging(d, lin, &w);
	if (w.present)
		*phys = w.phys;
	return w.present;
}

bool dbg_read_linear(struct debugger *d, uint32_t lin, void *buf, size_t len)
{
	uint8_t *out = buf;
	for (size_t k = 0; k < len; k++) {
		uint32_t phys;
		if (!dbg_translate(d, lin + (uint32_t)k, &phys) || !dbg_read_phys(d, phys, out + k, 1))
			return false;
	}
	return true;
}

bool dbg_write_linear(struct debugger *d, uint32_t lin, const void *buf, size_t len)
{
	const uint8_t *in = buf;
	uint32_t phys;
	for (size_t k = 0; k < len; k++)
		if (!dbg_translate(d, lin + (uint32_t)k, &phys) || !phys_is_plain(d, phys))
			return false;
	for (size_t k = 0; k < len; k++) {
		dbg_translate(d, lin + (uint32_t)k, &phys);
		dbg_write_phys(d, phys, in + k, 1);
	}
	return true;
}

static void print_entry_bits(FILE *out, uint64_t e)
{
	fprintf(out, "%s %s %s%s%s%s", (e & PTE_P) ? "P" : "not-present", (e & PTE_RW) ? "RW" : "RO",
		(e & PTE_US) ? "user" : "supervisor", (e & PTE_A) ? " A" : "", (e & PTE_D) ? " D" : "",
		(e & PTE_G) ? " G" : "");
}

void dbg_print_page_walk(struct debugger *d, uint32_t lin)
{
	struct cpu *cpu = d->cpu;
	struct walk w;
	walk_paging(d, lin, &w);
	if (!(cpu->cr0 & CR0_PG)) {
		fprintf(d->out, "paging is off: linear 0x%08x is physical 0x%08x\n", lin, w.phys);
		return;
	}
	fprintf(d->out, "linear 0x%08x, CR3=0x%08x, %s paging\n", lin, cpu->cr3,
		(cpu->cr4 & CR4_PAE) ? "PAE" : (cpu->cr4 & CR4_PSE) ? "32-bit (PSE)" : "32-bit");
	for (unsigned k = 0; k < w.nsteps; k++) {
		fprintf(d->out, "  %-5s at 0x%08llx = 0x%0*llx  ", w.steps[k].level, (unsigned long long)w.steps[k].entry_addr,
			(cpu->cr4 & CR4_PAE) ? 16 : 8, (unsigned long long)w.steps[k].entry);
		print_entry_bits(d->out, w.steps[k].entry);
		if ((w.steps[k].entry & PTE_PS) && k + 1 == w.nsteps && w.present)
			fputs(" PS", d->out);
		fputc('\n', d->out);
	}
	if (w.present)
		fprintf(d->out, "  -> physical 0x%08x (%s page)\n", w.phys, w.page_size);
	else
		fprintf(d->out, "  -> not mapped (an access would raise #PF)\n");
}

/* "info tab": the mappings, with runs of consecutive pages merged. */
void dbg_print_page_table(struct debugger *d)
{
	struct cpu *cpu = d->cpu;
	if (!(cpu->cr0 & CR0_PG)) {
		fprintf(d->out, "paging is off: linear addresses are physical\n");
		return;
	}
	bool in_run = false;
	uint32_t run_lin = 0, run_phys = 0, run_len = 0;
	unsigned printed = 0;
	for (uint64_t lin = 0; lin <= 0xFFFFFFFFu; lin += MEM_PAGE_SIZE) {
		/* Skip whole missing directory entries quickly. */
		uint32_t phys;
		bool mapped = dbg_translate(d, (uint32_t)lin, &phys);
		if (in_run && mapped && phys == run_phys + run_len && run_lin + run_len == lin) {
			run_len += MEM_PAGE_SIZE;
			continue;
		}
		if (in_run) {
			fprintf(d->out, "0x%08x-0x%08x -> 0x%08x-0x%08x\n", run_lin, run_lin + run_len - 1, run_phys,
				run_phys + run_len - 1);
			if (++printed >= 512) {
				fprintf(d->out, "(more mappings not shown)\n");
				return;
			}
		}
		in_run = mapped;
		run_lin = (uint32_t)lin;
		run_phys = phys;
		run_len = MEM_PAGE_SIZE;
	}
	if (in_run)
		fprintf(d->out, "0x%08x-0x%08x -> 0x%08x-0x%08x\n", run_lin, run_lin + run_len - 1, run_phys,
			run_phys + run_len - 1);
	else if (!printed)
		fprintf(d->out, "no linear address is mapped\n");
}

/* ---- registers ---- */

struct reg_name {
	const char *name;
	enum { RK_R32, RK_R16, RK_R8L, RK_R8H, RK_EIP, RK_IP, RK_EFLAGS, RK_FLAGS, RK_SEG, RK_CR, RK_DR } kind;
	unsigned n;
};

static const struct reg_name reg_names[] = {
	{"eax", RK_R32, R_EAX}, {"ecx", RK_R32, R_ECX}, {"edx", RK_R32, R_EDX}, {"ebx", RK_R32, R_EBX},
	{"esp", RK_R32, R_ESP}, {"ebp", RK_R32, R_EBP}, {"esi", RK_R32, R_ESI}, {"edi", RK_R32, R_EDI},
	{"ax", RK_R16, R_EAX},  {"cx", RK_R16, R_ECX},  {"dx", RK_R16, R_EDX},  {"bx", RK_R16, R_EBX},
	{"sp", RK_R16, R_ESP},  {"bp", RK_R16, R_EBP},  {"si", RK_R16, R_ESI},  {"di", RK_R16, R_EDI},
	{"al", RK_R8L, R_EAX},  {"cl", RK_R8L, R_ECX},  {"dl", RK_R8L, R_EDX},  {"bl", RK_R8L, R_EBX},
	{"ah", RK_R8H, R_EAX},  {"ch", RK_R8H, R_ECX},  {"dh", RK_R8H, R_EDX},  {"bh", RK_R8H, R_EBX},
	{"eip", RK_EIP, 0},     {"ip", RK_IP, 0},       {"eflags", RK_EFLAGS, 0}, {"flags", RK_FLAGS, 0},
	{"es", RK_SEG, S_ES},   {"cs", RK_SEG, S_CS},   {"ss", RK_SEG, S_SS},   {"ds", RK_SEG, S_DS},
	{"fs", RK_SEG, S_FS},   {"gs", RK_SEG, S_GS},
	{"cr0", RK_CR, 0},      {"cr2", RK_CR, 2},      {"cr3", RK_CR, 3},      {"cr4", RK_CR, 4},
	{"dr0", RK_DR, 0},      {"dr1", RK_DR, 1},      {"dr2", RK_DR, 2},      {"dr3", RK_DR, 3},
	{"dr6", RK_DR, 6},      {"dr7", RK_DR, 7},
};

static const struct reg_name *find_reg(const char *name, size_t len)
{
	if (len && name[0] == '$') { /* gdb's spelling */
		name++;
		len--;
	}
	for (unsigned k = 0; k < sizeof(reg_names) / sizeof(reg_names[0]); k++)
		if (strlen(reg_names[k].name) == len && !strncasecmp(reg_names[k].name, name, len))
			return &reg_names[k];
	return NULL;
}

bool dbg_reg_get(struct debugger *d, const char *name, size_t len, uint32_t *value)
{
	const struct reg_name *r = find_reg(name, len);
	struct cpu *cpu = d->cpu;
	if (!r)
		return false;
	switch (r->kind) {
	case RK_R32: *value = cpu->r[r->n]; break;
	case RK_R16: *value = cpu->r[r->n] & 0xFFFF; break;
	case RK_R8L: *value = cpu->r[r->n] & 0xFF; break;
	case RK_R8H: *value = (cpu->r[r->n] >> 8) & 0xFF; break;
	case RK_EIP: *value = cpu->eip; break;
	case RK_IP: *value = cpu->eip & 0xFFFF; break;
	case RK_EFLAGS: *value = cpu_get_flags(cpu); break;
	case RK_FLAGS: *value = cpu_get_flags(cpu) & 0xFFFF; break;
	case RK_SEG: *value = cpu->seg[r->n].sel; break;
	case RK_CR:
		*value = r->n == 0 ? cpu->cr0 : r->n == 2 ? cpu->cr2 : r->n == 3 ? cpu->cr3 : cpu->cr4;
		break;
	case RK_DR: *value = cpu->dr[r->n]; break;
	}
	return true;
}

int dbg_reg_set(struct debugger *d, const char *name, uint32_t value, char *err, size_t errlen)
{
	const struct reg_name *r = find_reg(name, strlen(name));
	struct cpu *cpu = d->cpu;
	if (!r) {
		snprintf(err, errlen, "unknown register '%.32s'", name);
		return -1;
	}
	switch (r->kind) {
	case RK_R32: cpu->r[r->n] = value; break;
	case RK_R16: cpu->r[r->n] = (cpu->r[r->n] & 0xFFFF0000u) | (value & 0xFFFF); break;
	case RK_R8L: cpu->r[r->n] = (cpu->r[r->n] & ~0xFFu) | (value & 0xFF); break;
	case RK_R8H: cpu->r[r->n] = (cpu->r[r->n] & ~0xFF00u) | ((value & 0xFF) << 8); break;
	case RK_EIP: cpu_set_eip(cpu, dbg_code32(cpu) ? value : value & 0xFFFF); break;
	case RK_IP: cpu_set_eip(cpu, value & 0xFFFF); break;
	case RK_EFLAGS: cpu_set_flags(cpu, value); break;
	case RK_FLAGS: cpu_set_flags(cpu, (cpu_get_flags(cpu) & 0xFFFF0000u) | (value & 0xFFFF)); break;
	case RK_SEG:
		/* A protected-mode load needs the descriptor checks of the CPU,
		 * which the public interface does not offer. */
		if ((cpu->cr0 & CR0_PE) && !(cpu_get_flags(cpu) & F_VM)) {
			snprintf(err, errlen, "segment registers can be set in real and virtual-8086 mode only");
			return -1;
		}
		if (value > 0xFFFF) {
			snprintf(err, errlen, "a selector is 16 bits");
			return -1;
		}
		cpu_load_seg_real(cpu, (int)r->n, (uint16_t)value);
		break;
	case RK_CR:
		snprintf(err, errlen, "control registers are read-only in the debugger");
		return -1;
	case RK_DR: cpu->dr[r->n] = value; break;
	}
	return 0;
}

/* ---- expressions and addresses ---- */

static bool env_lookup(void *opaque, const char *name, size_t len, uint32_t *value)
{
	struct debugger *d = opaque;
	return dbg_reg_get(d, name, len, value) || dbg_symbol_value(d, name, len, value);
}

static bool env_read(void *opaque, uint32_t addr, unsigned size, uint32_t *value)
{
	uint8_t b[4] = {0};
	if (!dbg_read_linear(opaque, addr, b, size))
		return false;
	*value = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
	return true;
}

int dbg_eval(struct debugger *d, const char *text, uint32_t *value, char *err, size_t errlen)
{
	struct expr_env env = {env_lookup, env_read, d};
	return expr_eval(&env, text, value, err, errlen);
}

/* The colon of "SEG:OFF" outside brackets and parentheses, or NULL. */
static const char *top_level_colon(const char *s)
{
	int depth = 0;
	for (; *s; s++) {
		if (*s == '(' || *s == '[')
			depth++;
		else if (*s == ')' || *s == ']')
			depth--;
		else if (*s == ':' && depth == 0)
			return s;
	}
	return NULL;
}

int dbg_parse_address(struct debugger *d, const char *text, enum addr_kind kind, uint32_t *lin, uint16_t *seg,
		      uint32_t *off, char *err, size_t errlen)
{
	const char *colon = top_level_colon(text);
	if (colon) {
		char segtext[128];
		size_t n = (size_t)(colon - text);
		if (n >= sizeof(segtext)) {
			snprintf(err, errlen, "segment part too long");
			return -1;
		}
		memcpy(segtext, text, n);
		segtext[n] = 0;
		uint32_t s, o;
		if (dbg_eval(d, segtext, &s, err, errlen) || dbg_eval(d, colon + 1, &o, err, errlen))
			return -1;
		if (s > 0xFFFF) {
			snprintf(err, errlen, "segment 0x%x does not fit in 16 bits", s);
			return -1;
		}
		/* The guest's view: in protected mode a selector names a
		 * descriptor, and only the loaded CS (or another loaded
		 * register with the same selector) tells its base here. */
		uint32_t base = (uint32_t)s << 4;
		if ((d->cpu->cr0 & CR0_PE) && !(cpu_get_flags(d->cpu) & F_VM)) {
			bool found = false;
			for (int r = 0; r < 6 && !found; r++)
				if (d->cpu->seg[r].sel == s) {
					base = d->cpu->seg[r].base;
					found = true;
				}
			if (!found) {
				snprintf(err, errlen, "no segment register holds selector 0x%04x (use a linear address)", s);
				return -1;
			}
		}
		if (seg)
			*seg = (uint16_t)s;
		if (off)
			*off = o;
		*lin = base + o;
		return 0;
	}
	if (kind == ADDR_SEGOFF) {
		snprintf(err, errlen, "expected SEG:OFF");
		return -1;
	}
	return dbg_eval(d, text, lin, err, errlen);
}

/* ---- disassembly ---- */

bool dbg_code32(const struct cpu *cpu)
{
	return (cpu->seg[S_CS].attr & SEG_ATTR_DB) && !(cpu_get_flags(cpu) & F_VM) && cpu->model >= CPU_386;
}

uint32_t dbg_cs_lin(const struct cpu *cpu)
{
	return cpu->seg[S_CS].base + cpu->eip;
}

int dbg_disasm(struct debugger *d, uint32_t lin, uint32_t eip, bool code32, char *text, size_t len, uint8_t *bytes,
	       unsigned *nbytes)
{
	uint8_t buf[16];
	size_t avail = 0;
	while (avail < 15 && dbg_read_linear(d, lin + (uint32_t)avail, buf + avail, 1))
		avail++;
	if (!avail) {
		snprintf(text, len, "(no memory)");
		if (nbytes)
			*nbytes = 0;
		return 0;
	}
	int n = disasm_insn(d->cpu->model, code32, buf, avail, eip, text, len);
	if (bytes && nbytes) {
		*nbytes = (unsigned)n;
		memcpy(bytes, buf, (size_t)n);
	}
	return n;
}

/* ---- descriptor tables ---- */

static const char *system_type_name(unsigned type)
{
	static const char *const names[16] = {
		"reserved", "16-bit TSS (available)", "LDT", "16-bit TSS (busy)", "16-bit call gate", "task gate",
		"16-bit interrupt gate", "16-bit trap gate", "reserved", "32-bit TSS (available)", "reserved",
		"32-bit TSS (busy)", "32-bit call gate", "reserved", "32-bit interrupt gate", "32-bit trap gate"};
	return names[type & 15];
}

static void print_descriptor(struct debugger *d, uint32_t lo, uint32_t hi, bool is_idt)
{
	unsigned type = (hi >> 8) & 0xF;
	unsigned dpl = (hi >> 13) & 3;
	bool present = hi & 0x8000;
	if (!lo && !hi) {
		fprintf(d->out, "null\n");
		return;
	}
	if (hi & 0x1000) {
		uint32_t base = (lo >> 16) | ((hi & 0xFF) << 16) | (hi & 0xFF000000u);
		uint32_t limit = (lo & 0xFFFF) | (hi & 0xF0000);
		if (hi & 0x00800000u)
			limit = (limit << 12) | 0xFFF;
		bool code = hi & 0x800;
		fprintf(d->out, "%s segment, base=0x%08x, limit=0x%08x, %s%s%s, %s, DPL=%u%s\n", code ? "code" : "data",
			base, limit,
			code ? "execute" : "read", code ? ((hi & 0x200) ? "/read" : "-only") : ((hi & 0x200) ? "/write" : "-only"),
			(hi & 0x400) ? (code ? ", conforming" : ", expand-down") : "", (hi & 0x400000) ? "32-bit" : "16-bit",
			dpl, present ? "" : ", not present");
		return;
	}
	if (type == 5) {
		fprintf(d->out, "task gate, TSS selector 0x%04x, DPL=%u%s\n", lo >> 16, dpl, present ? "" : ", not present");
	} else if (type == 4 || type == 6 || type == 7 || type == 12 || type == 14 || type == 15) {
		bool is32 = type & 8;
		uint32_t off = is32 ? (lo & 0xFFFF) | (hi & 0xFFFF0000u) : lo & 0xFFFF;
		char sym[80];
		dbg_symbolize(d, off, sym, sizeof(sym));
		fprintf(d->out, "%s, %04x:%08x%s%s%s, DPL=%u%s\n", system_type_name(type), lo >> 16, off, sym[0] ? " <" : "",
			sym, sym[0] ? ">" : "", dpl, present ? "" : ", not present");
	} else {
		uint32_t base = (lo >> 16) | ((hi & 0xFF) << 16) | (hi & 0xFF000000u);
		uint32_t limit = (lo & 0xFFFF) | (hi & 0xF0000);
		if (hi & 0x00800000u)
			limit = (limit << 12) | 0xFFF;
		fprintf(d->out, "%s, base=0x%08x, limit=0x%08x, DPL=%u%s%s\n", system_type_name(type), base, limit, dpl,
			present ? "" : ", not present", is_idt ? " (not a gate)" : "");
	}
}

/* which: "gdt", "idt" or "ldt"; first and count select entries (count 0:
 * all, up to a sane bound). */
void dbg_print_descriptor_table(struct debugger *d, const char *which, uint32_t first, uint32_t count)
{
	struct cpu *cpu = d->cpu;
	uint32_t base, limit;
	bool is_idt = !strcmp(which, "idt");
	if (!strcmp(which, "gdt")) {
		base = cpu->gdtr.base;
		limit = cpu->gdtr.limit;
	} else if (is_idt) {
		base = cpu->idtr.base;
		limit = cpu->idtr.limit;
	} else {
		if (!cpu->ldtr.valid || !(cpu->ldtr.sel & ~3u)) {
			fprintf(d->out, "no LDT loaded (LDTR=0x%04x)\n", cpu->ldtr.sel);
			return;
		}
		base = cpu->ldtr.base;
		limit = cpu->ldtr.limit;
	}
	bool real_ivt = is_idt && !(cpu->cr0 & CR0_PE);
	unsigned entry_size = real_ivt ? 4 : 8;
	uint32_t entries = (limit + 1) / entry_size;
	fprintf(d->out, "%s (base=0x%08x, limit=0x%x): %u entries\n", real_ivt ? "IVT" : which, base, limit, entries);
	if (count == 0 || count > 256)
		count = entries < 256 ? entries : 256;
	for (uint32_t n = first; n < entries && n < (uint64_t)first + count; n++) {
		uint8_t b[8];
		if (!dbg_read_linear(d, base + n * entry_size, b, entry_size)) {
			fprintf(d->out, "%s[0x%02x]: cannot read memory at 0x%08x\n", which, n, base + n * entry_size);
			break;
		}
		if (real_ivt) {
			fprintf(d->out, "IVT[0x%02x]=%04x:%04x\n", n, b[2] | b[3] << 8, b[0] | b[1] << 8);
			continue;
		}
		uint32_t lo = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
		uint32_t hi = (uint32_t)b[4] | (uint32_t)b[5] << 8 | (uint32_t)b[6] << 16 | (uint32_t)b[7] << 24;
		if (is_idt)
			fprintf(d->out, "IDT[0x%02x]=", n);
		else
			fprintf(d->out, "%s[0x%02x] (selector 0x%04x)=", !strcmp(which, "gdt") ? "GDT" : "LDT", n,
				n * 8 | (!strcmp(which, "ldt") ? 4 : 0));
		print_descriptor(d, lo, hi, is_idt);
	}
}

void dbg_print_tss(struct debugger *d)
{
	struct cpu *cpu = d->cpu;
	if (!(cpu->tr.sel & ~3u)) {
		fprintf(d->out, "no TSS loaded (TR=0x%04x)\n", cpu->tr.sel);
		return;
	}
	uint32_t base = cpu->tr.base;
	fprintf(d->out, "TR=0x%04x base=0x%08x limit=0x%x\n", cpu->tr.sel, base, cpu->tr.limit);
	bool is32 = cpu->tr.limit >= 0x67 && (((cpu->tr.attr & 0xF) == 9) || ((cpu->tr.attr & 0xF) == 11));
	if (is32) {
		static const char *const names[] = {"link", "esp0", "ss0", "esp1", "ss1", "esp2", "ss2", "cr3",
						    "eip", "eflags", "eax", "ecx", "edx", "ebx", "esp", "ebp",
						    "esi", "edi", "es", "cs", "ss", "ds", "fs", "gs", "ldt"};
		for (unsigned k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
			uint8_t b[4];
			if (!dbg_read_linear(d, base + 4 * k, b, 4)) {
				fprintf(d->out, "cannot read the TSS at 0x%08x\n", base + 4 * k);
				return;
			}
			uint32_t v = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
			fprintf(d->out, "%-6s=0x%08x%s", names[k], v, (k % 4 == 3) ? "\n" : "  ");
		}
		fputc('\n', d->out);
	} else {
		static const char *const names[] = {"link", "sp0", "ss0", "sp1", "ss1", "sp2", "ss2", "ip", "flags",
						    "ax", "cx", "dx", "bx", "sp", "bp", "si", "di", "es", "cs",
						    "ss", "ds", "ldt"};
		for (unsigned k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
			uint8_t b[2];
			if (!dbg_read_linear(d, base + 2 * k, b, 2)) {
				fprintf(d->out, "cannot read the TSS at 0x%08x\n", base + 2 * k);
				return;
			}
			fprintf(d->out, "%-5s=0x%04x%s", names[k], b[0] | b[1] << 8, (k % 6 == 5) ? "\n" : "  ");
		}
		fputc('\n', d->out);
	}
}
