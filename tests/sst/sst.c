/* glasspc-sst: runs hardware-captured single-instruction test vectors
 * (the SingleStepTests MOO sets) against the CPU core.
 *
 * Each test gives a CPU state and the RAM bytes an instruction touches,
 * before and after one instruction on a real chip.  The runner loads the
 * initial state into a CPU on a flat RAM space with no devices, executes
 * one cpu_step() and compares every register and RAM byte with the final
 * state, ignoring the flags the metadata says the instruction leaves
 * undefined. */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "cpu/cpu.h"
#include "iodev/bus.h"
#include "memory/mem.h"
#include "tests/sst/meta.h"
#include "tests/sst/moo.h"
#include "tests/sst/skiplist.h"

/* Differences kept per test for the verbose report. */
#define MAX_RAM_DIFFS 32

struct reg_diff {
	enum moo_reg reg;
	uint32_t expected, actual, mask;
};

struct ram_diff {
	uint32_t addr;
	uint8_t expected, actual, mask;
};

/* What comparing one test found. */
struct test_result {
	bool passed;
	const char *problem;   /* a reason the test could not run, or NULL */
	enum cpu_stop stop;
	int nreg_diffs;
	struct reg_diff reg_diffs[MOO_REG_COUNT];
	unsigned nram_diffs;   /* all of them; the first MAX_RAM_DIFFS are kept */
	struct ram_diff ram_diffs[MAX_RAM_DIFFS];
	bool exception;        /* FLAGS on the stack were masked */
	int exception_vector;
	uint32_t stacked_flags_addr[2];
	uint32_t flags_mask;
	int reg;               /* ModRM reg used for the metadata, or -1 */
	uint32_t final_regs[MOO_REG_COUNT]; /* the CPU's registers after the step */
};

/* A small open-addressing set of physical addresses: the bytes a test's
 * final state lists, to find the initial bytes it leaves unchanged. */
struct addr_set {
	uint32_t *slots; /* address + 1; 0 = empty */
	size_t cap;      /* a power of two */
};

struct runner {
	enum cpu_model model;
	uint32_t ram_size;
	struct mem *mem;
	struct iobus *io;
	struct cpu *cpu;
	struct sst_meta *meta;
	struct skip_list skips;
	int verbose; /* 1: first failure of each file, 2: every failure */
	/* RAM bytes the previous test wrote, cleared before the next. */
	uint32_t *dirty;
	size_t ndirty, dirty_cap;
	struct addr_set final_addrs;
	uint64_t passed, failed, skipped;
	unsigned files, file_errors;
};

static const char *progname = "glasspc-sst";

static void die(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static void *xrealloc(void *p, size_t size)
{
	void *q = realloc(p, size);
	if (!q)
		die("out of memory");
	return q;
}

/* ---- address set ---- */

static void addr_set_reset(struct addr_set *set, size_t count)
{
	size_t want = 16;
	while (want < count * 2)
		want *= 2;
	if (want > set->cap) {
		free(set->slots);
		set->slots = malloc(want * sizeof(*set->slots));
		if (!set->slots)
			die("out of memory");
		set->cap = want;
	}
	memset(set->slots, 0, set->cap * sizeof(*set->slots));
}

static size_t addr_hash(uint32_t addr, size_t cap)
{
	return (size_t)((addr * 2654435761u) & (cap - 1));
}

static void addr_set_add(struct addr_set *set, uint32_t addr)
{
	size_t i = addr_hash(addr, set->cap);
	while (set->slots[i] && set->slots[i] != addr + 1)
		i = (i + 1) & (set->cap - 1);
	set->slots[i] = addr + 1;
}

static bool addr_set_has(const struct addr_set *set, uint32_t addr)
{
	size_t i = addr_hash(addr, set->cap);
	while (set->slots[i]) {
		if (set->slots[i] == addr + 1)
			return true;
		i = (i + 1) & (set->cap - 1);
	}
	return false;
}

/* ---- CPU registers by MOO number ---- */

static const int moo_to_gpr[] = {
	[MOO_EAX] = R_EAX, [MOO_EBX] = R_EBX, [MOO_ECX] = R_ECX, [MOO_EDX] = R_EDX,
	[MOO_ESI] = R_ESI, [MOO_EDI] = R_EDI, [MOO_EBP] = R_EBP, [MOO_ESP] = R_ESP,
};

static int moo_to_seg(enum moo_reg reg)
{
	switch (reg) {
	case MOO_CS: return S_CS;
	case MOO_DS: return S_DS;
	case MOO_ES: return S_ES;
	case MOO_FS: return S_FS;
	case MOO_GS: return S_GS;
	case MOO_SS: return S_SS;
	default: return -1;
	}
}

static uint32_t cpu_reg_value(const struct cpu *cpu, enum moo_reg reg)
{
	if (reg <= MOO_ESP)
		return cpu->r[moo_to_gpr[reg]];
	int seg = moo_to_seg(reg);
	if (seg >= 0)
		return cpu->seg[seg].sel;
	switch (reg) {
	case MOO_EIP: return cpu->eip;
	case MOO_EFLAGS: return cpu_get_flags(cpu);
	case MOO_CR0: return cpu->cr0;
	case MOO_CR3: return cpu->cr3;
	case MOO_DR6: return cpu->dr[6];
	case MOO_DR7: return cpu->dr[7];
	default: return 0;
	}
}

/* Loads the initial registers.  Control registers go first since they
 * decide how the rest is interpreted. */
static void load_registers(struct cpu *cpu, const struct moo_regs *regs, bool wide)
{
	uint32_t width = wide ? 0xFFFFFFFFu : 0xFFFFu;
	if (moo_regs_has(regs, MOO_CR0))
		cpu->cr0 = regs->value[MOO_CR0];
	if (moo_regs_has(regs, MOO_CR3))
		cpu->cr3 = regs->value[MOO_CR3];
	if (moo_regs_has(regs, MOO_DR6))
		cpu->dr[6] = regs->value[MOO_DR6];
	if (moo_regs_has(regs, MOO_DR7))
		cpu->dr[7] = regs->value[MOO_DR7];
	for (enum moo_reg r = MOO_CS; r <= MOO_SS; r++)
		if (moo_regs_has(regs, r))
			cpu_load_seg_real(cpu, moo_to_seg(r), (uint16_t)regs->value[r]);
	for (enum moo_reg r = MOO_EAX; r <= MOO_ESP; r++)
		if (moo_regs_has(regs, r))
			cpu->r[moo_to_gpr[r]] = regs->value[r] & width;
	if (moo_regs_has(regs, MOO_EIP))
		cpu_set_eip(cpu, regs->value[MOO_EIP] & width);
	if (moo_regs_has(regs, MOO_EFLAGS))
		cpu_set_flags(cpu, regs->value[MOO_EFLAGS] & width);
}

/* ---- metadata keys ---- */

static bool is_prefix_byte(enum cpu_model model, uint8_t b)
{
	switch (b) {
	case 0x26: case 0x2E: case 0x36: case 0x3E: case 0xF0: case 0xF2: case 0xF3:
		return true;
	case 0xF1: /* LOCK on the 8086 */
		return model <= CPU_186;
	case 0x64: case 0x65: case 0x66: case 0x67:
		return model >= CPU_386;
	default:
		return false;
	}
}

/* The ModRM reg field of a test's instruction, for group opcodes whose
 * file does not say it: past the prefixes and the opcode bytes (the
 * opcode key in hex).  -1 when the bytes do not start that way. */
static int modrm_reg_of(enum cpu_model model, const char *opcode_key, const struct moo_test *t)
{
	uint8_t op[4];
	size_t nop = strlen(opcode_key) / 2;
	if (nop == 0 || nop > sizeof(op) || strlen(opcode_key) != nop * 2)
		return -1;
	for (size_t k = 0; k < nop; k++) {
		char hex[3] = {opcode_key[2 * k], opcode_key[2 * k + 1], '\0'};
		char *end;
		op[k] = (uint8_t)strtoul(hex, &end, 16);
		if (*end)
			return -1;
	}
	size_t i = 0;
	while (i < t->nbytes && t->bytes[i] != op[0] && is_prefix_byte(model, t->bytes[i]))
		i++;
	if (t->nbytes - i < nop + 1 || memcmp(t->bytes + i, op, nop) != 0)
		return -1;
	return (t->bytes[i + nop] >> 3) & 7;
}

/* ---- exceptions ---- */

/* The 8088/8086/V20/V30 sets have no EXCP chunk; an interrupt shows in
 * the bus cycles as the two word reads of an interrupt-vector entry
 * (4n and 4n + 2; byte reads on the 8088 include both).  Returns the
 * vector, or -1. */
static int vector_read_in_cycles(const struct moo_test *t)
{
	/* One bit per vector-table word address read: 512 words. */
	uint8_t read[0x400 / 2 / 8] = {0};
	for (uint32_t n = 0; n < t->ncycles; n++) {
		struct moo_cycle c;
		moo_test_cycle(t, n, &c);
		/* ALE marks the cycle whose latch holds the address; bus status
		 * 3 is a memory read on these chips. */
		if (!(c.pins0 & 1) || c.bus_status != 3 || c.address >= 0x400 || (c.address & 1))
			continue;
		uint32_t word = c.address / 2;
		read[word / 8] |= (uint8_t)(1u << (word % 8));
	}
	for (uint32_t v = 0; v < 256; v++) {
		uint32_t lo = v * 2, hi = v * 2 + 1;
		if ((read[lo / 8] >> (lo % 8) & 1) && (read[hi / 8] >> (hi % 8) & 1))
			return (int)v;
	}
	return -1;
}

static bool is_808x_set(const struct moo_file *file)
{
	return !strcmp(file->cpu_id, "8088") || !strcmp(file->cpu_id, "8086") ||
	       !strcmp(file->cpu_id, "V20 ") || !strcmp(file->cpu_id, "V30 ");
}

/* ---- running one test ---- */

static void note_dirty(struct runner *run, uint32_t addr)
{
	if (run->ndirty == run->dirty_cap) {
		run->dirty_cap = run->dirty_cap ? run->dirty_cap * 2 : 4096;
		run->dirty = xrealloc(run->dirty, run->dirty_cap * sizeof(*run->dirty));
	}
	run->dirty[run->ndirty++] = addr;
}

static void clear_dirty(struct runner *run)
{
	for (size_t i = 0; i < run->ndirty; i++)
		mem_write8(run->mem, run->dirty[i], 0);
	run->ndirty = 0;
}

static uint32_t expected_reg(const struct moo_test *t, enum moo_reg reg)
{
	return moo_regs_has(&t->final.regs, reg) ? t->final.regs.value[reg] : t->init.regs.value[reg];
}

/* Mask of the bits of a register that the test defines. */
static uint32_t defined_bits(const struct moo_file *file, const struct moo_test *t, enum moo_reg reg,
			     uint32_t flags_mask)
{
	bool wide = t->init.wide || t->final.wide;
	uint32_t mask = 0xFFFFFFFFu;
	if (!wide || (reg >= MOO_CS && reg <= MOO_SS))
		mask = 0xFFFFu;
	if (moo_regs_has(&file->file_masks, reg))
		mask &= file->file_masks.value[reg];
	if (moo_regs_has(&t->final.masks, reg))
		mask &= t->final.masks.value[reg];
	if (reg == MOO_EFLAGS)
		mask &= flags_mask;
	return mask;
}

static bool ram_fits(const struct runner *run, const struct moo_state *st)
{
	for (uint32_t n = 0; n < st->ram_count; n++) {
		uint32_t addr;
		uint8_t v;
		moo_state_ram(st, n, &addr, &v);
		if (addr >= run->ram_size)
			return false;
	}
	return true;
}

static void compare_ram_byte(struct test_result *res, struct mem *mem, uint32_t addr, uint8_t expected,
			     uint8_t mask)
{
	uint8_t actual = mem_read8(mem, addr);
	if (((actual ^ expected) & mask) == 0)
		return;
	if (res->nram_diffs < MAX_RAM_DIFFS)
		res->ram_diffs[res->nram_diffs] = (struct ram_diff){addr, expected, actual, mask};
	res->nram_diffs++;
}

/* What the metadata says about a file's tests: looked up once per file,
 * and per test only for a group opcode whose file does not name the
 * ModRM reg (the 8086 set's 8F, C6, C7). */
struct file_meta {
	const char *opcode_key;
	int reg; /* -1 when the tests' bytes decide */
	struct sst_meta_entry entry;
};

static void run_test(struct runner *run, const struct moo_file *file, const struct moo_test *t,
		     const struct file_meta *fm, struct test_result *res)
{
	memset(res, 0, sizeof(*res));
	res->stop = CPU_STOP_NONE;

	/* Undefined flags: the opcode's (or the group member's) mask. */
	int reg = fm->reg;
	struct sst_meta_entry me = fm->entry;
	if (me.has_reg_entries && reg < 0) {
		reg = modrm_reg_of(run->model, fm->opcode_key, t);
		me = sst_meta_lookup(run->meta, fm->opcode_key, reg);
	}
	res->reg = reg;
	res->flags_mask = me.flags_mask;

	if (!ram_fits(run, &t->init) || !ram_fits(run, &t->final)) {
		res->problem = "a RAM address lies past the emulated RAM (see --ram-mib)";
		return;
	}

	clear_dirty(run);
	for (uint32_t n = 0; n < t->init.ram_count; n++) {
		uint32_t addr;
		uint8_t v;
		moo_state_ram(&t->init, n, &addr, &v);
		mem_write8(run->mem, addr, v);
		note_dirty(run, addr);
	}
	for (uint32_t n = 0; n < t->final.ram_count; n++) {
		uint32_t addr;
		uint8_t v;
		moo_state_ram(&t->final, n, &addr, &v);
		note_dirty(run, addr);
	}

	/* The reset also drops every decoded instruction and cached
	 * translation, so the bytes just written are what executes.  With
	 * no decoded code left, the pages' code marks are stale too;
	 * clearing them keeps the CPU's stores on its fast path. */
	cpu_reset(run->cpu);
	mem_clear_code_marks(run->mem);
	load_registers(run->cpu, &t->init.regs, t->init.wide);

	res->stop = cpu_step(run->cpu);

	for (enum moo_reg r = 0; r < MOO_REG_COUNT; r++)
		res->final_regs[r] = cpu_reg_value(run->cpu, r);

	/* Registers: the final state lists those that changed; the others
	 * keep their initial values. */
	uint32_t listed = t->init.regs.present | t->final.regs.present;
	for (enum moo_reg r = 0; r < MOO_REG_COUNT; r++) {
		if (!((listed >> r) & 1))
			continue;
		uint32_t mask = defined_bits(file, t, r, me.flags_mask);
		uint32_t expected = expected_reg(t, r);
		uint32_t actual = res->final_regs[r];
		if ((expected ^ actual) & mask)
			res->reg_diffs[res->nreg_diffs++] = (struct reg_diff){r, expected, actual, mask};
	}

	/* FLAGS pushed by an interrupt or exception carry the undefined
	 * flags of the instruction that raised it (a DIV overflow): mask
	 * them as in the register. */
	uint32_t stacked[2] = {0, 0};
	uint32_t stack_mask = defined_bits(file, t, MOO_EFLAGS, me.flags_mask);
	if (t->has_exception) {
		res->exception = true;
		res->exception_vector = t->exception;
		stacked[0] = t->exception_flags_addr;
		stacked[1] = t->exception_flags_addr + 1;
	} else if (is_808x_set(file)) {
		int vector = vector_read_in_cycles(t);
		if (vector >= 0) {
			/* FLAGS, CS, IP were pushed: FLAGS is at SS:SP+4, its
			 * bytes wrapping inside the stack segment. */
			uint32_t ss_base = (expected_reg(t, MOO_SS) & 0xFFFF) << 4;
			uint32_t sp = expected_reg(t, MOO_ESP);
			res->exception = true;
			res->exception_vector = vector;
			stacked[0] = (ss_base + ((sp + 4) & 0xFFFF)) & run->mem->addr_mask;
			stacked[1] = (ss_base + ((sp + 5) & 0xFFFF)) & run->mem->addr_mask;
		}
	}
	res->stacked_flags_addr[0] = stacked[0];
	res->stacked_flags_addr[1] = stacked[1];

	/* RAM: every byte of the final list, then the initial bytes the
	 * final list leaves out, which must be unchanged. */
	addr_set_reset(&run->final_addrs, t->final.ram_count);
	for (uint32_t n = 0; n < t->final.ram_count; n++) {
		uint32_t addr;
		uint8_t v, mask = 0xFF;
		moo_state_ram(&t->final, n, &addr, &v);
		addr_set_add(&run->final_addrs, addr);
		if (res->exception && addr == stacked[0])
			mask = (uint8_t)stack_mask;
		else if (res->exception && addr == stacked[1])
			mask = (uint8_t)(stack_mask >> 8);
		compare_ram_byte(res, run->mem, addr, v, mask);
	}
	for (uint32_t n = 0; n < t->init.ram_count; n++) {
		uint32_t addr;
		uint8_t v;
		moo_state_ram(&t->init, n, &addr, &v);
		if (!addr_set_has(&run->final_addrs, addr))
			compare_ram_byte(res, run->mem, addr, v, 0xFF);
	}

	res->passed = res->nreg_diffs == 0 && res->nram_diffs == 0 && res->stop == CPU_STOP_NONE;
}

/* ---- reporting ---- */

static const enum moo_reg report_order16[] = {
	MOO_EAX, MOO_EBX, MOO_ECX, MOO_EDX, MOO_CS, MOO_SS, MOO_DS, MOO_ES,
	MOO_ESP, MOO_EBP, MOO_ESI, MOO_EDI, MOO_EIP, MOO_EFLAGS,
};

static const enum moo_reg report_order32[] = {
	MOO_CR0, MOO_CR3, MOO_EAX, MOO_EBX, MOO_ECX, MOO_EDX, MOO_ESI, MOO_EDI,
	MOO_EBP, MOO_ESP, MOO_CS, MOO_DS, MOO_ES, MOO_FS, MOO_GS, MOO_SS,
	MOO_EIP, MOO_EFLAGS, MOO_DR6, MOO_DR7,
};

/* Prints the registers of a set (present says which) on one line. */
static void print_regs(const char *label, uint32_t present, const uint32_t *value, bool wide)
{
	const enum moo_reg *order = wide ? report_order32 : report_order16;
	size_t n = wide ? sizeof(report_order32) / sizeof(report_order32[0])
			: sizeof(report_order16) / sizeof(report_order16[0]);
	printf("    %-9s", label);
	for (size_t k = 0; k < n; k++) {
		enum moo_reg r = order[k];
		if (!((present >> r) & 1))
			continue;
		if (wide && !(r >= MOO_CS && r <= MOO_SS))
			printf(" %s=%08x", moo_reg_name(r, wide), value[r]);
		else
			printf(" %s=%04x", moo_reg_name(r, wide), value[r] & 0xFFFF);
	}
	printf("\n");
}

static void print_flag_names(uint32_t bits)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} names[] = {
		{0x0001, "CF"}, {0x0004, "PF"}, {0x0010, "AF"}, {0x0040, "ZF"}, {0x0080, "SF"},
		{0x0100, "TF"}, {0x0200, "IF"}, {0x0400, "DF"}, {0x0800, "OF"}, {0x3000, "IOPL"},
		{0x4000, "NT"}, {0x8000, "bit15"}, {0x10000, "RF"}, {0x20000, "VM"}, {0x40000, "AC"},
	};
	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
		if (bits & names[k].bit)
			printf(" %s", names[k].name);
}

static void print_failure(const struct runner *run, const char *file_name, uint32_t number,
			  const struct moo_test *t, const struct test_result *res)
{
	bool wide = t->init.wide || t->final.wide;
	printf("  %s in %s: test #%u \"%.*s\"\n", run->verbose >= 2 ? "failure" : "first failure", file_name, (unsigned)number, (int)t->name_len,
	       t->name ? t->name : "");
	printf("    bytes    ");
	for (uint32_t k = 0; k < t->nbytes; k++)
		printf(" %02x", t->bytes[k]);
	printf("\n");
	if (res->problem) {
		printf("    not run: %s\n", res->problem);
		return;
	}
	print_regs("initial", t->init.regs.present, t->init.regs.value, wide);
	uint32_t listed = t->init.regs.present | t->final.regs.present;
	uint32_t expected[MOO_REG_COUNT];
	for (enum moo_reg r = 0; r < MOO_REG_COUNT; r++)
		expected[r] = expected_reg(t, r);
	print_regs("expected", listed, expected, wide);
	print_regs("actual", listed, res->final_regs, wide);
	printf("    flags mask %0*x (metadata%s", wide ? 8 : 4, (unsigned)(res->flags_mask & (wide ? 0xFFFFFFFFu : 0xFFFFu)), res->reg >= 0 ? ", reg " : "");
	if (res->reg >= 0)
		printf("%d", res->reg);
	printf(")\n");
	for (int k = 0; k < res->nreg_diffs; k++) {
		const struct reg_diff *d = &res->reg_diffs[k];
		printf("    %s: expected %0*x, got %0*x", moo_reg_name(d->reg, wide), wide ? 8 : 4,
		       d->expected & d->mask, wide ? 8 : 4, d->actual & d->mask);
		if (d->reg == MOO_EFLAGS) {
			printf(" (differ:");
			print_flag_names((d->expected ^ d->actual) & d->mask);
			printf(")");
		}
		printf("\n");
	}
	for (unsigned k = 0; k < res->nram_diffs && k < MAX_RAM_DIFFS; k++) {
		const struct ram_diff *d = &res->ram_diffs[k];
		printf("    ram[%05x]: expected %02x, got %02x", (unsigned)d->addr, d->expected, d->actual);
		if (d->mask != 0xFF)
			printf(" (mask %02x: stacked flags)", d->mask);
		printf("\n");
	}
	if (res->nram_diffs > MAX_RAM_DIFFS)
		printf("    ... %u more RAM bytes differ\n", res->nram_diffs - MAX_RAM_DIFFS);
	if (res->exception)
		printf("    interrupt %d taken; stacked FLAGS at %05x/%05x compared under the flags mask\n",
		       res->exception_vector, (unsigned)res->stacked_flags_addr[0], (unsigned)res->stacked_flags_addr[1]);
	if (res->stop != CPU_STOP_NONE)
		printf("    cpu_step returned stop reason %d (expected none)\n", (int)res->stop);
}

/* ---- files ---- */

static void run_file(struct runner *run, const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *name = slash ? slash + 1 : path;
	char base[256], opcode[256], err[512];
	struct moo_file file;

	run->files++;
	if (moo_file_load(&file, path, err, sizeof(err))) {
		fflush(stdout);
		fprintf(stderr, "%s: %s: %s\n", progname, path, err);
		run->file_errors++;
		return;
	}
	skip_file_key(name, base, sizeof(base), opcode, sizeof(opcode));

	/* "F6.7" names group member 7 of F6; otherwise META may say. */
	int file_reg = -1;
	const char *dot = strchr(base, '.');
	if (dot && dot[1] >= '0' && dot[1] <= '7' && dot[2] == '\0')
		file_reg = dot[1] - '0';
	else if (file.has_meta && file.meta.group_ext <= 7)
		file_reg = file.meta.group_ext;

	struct file_meta fm = {opcode, file_reg, sst_meta_lookup(run->meta, opcode, file_reg)};

	/* Skip entries about this file, found once. */
	struct skip_entry *matching[64];
	size_t nmatching = 0;
	for (size_t i = 0; i < run->skips.count && nmatching < 64; i++)
		if (skip_entry_matches_file(&run->skips.entries[i], base, opcode))
			matching[nmatching++] = &run->skips.entries[i];

	uint64_t passed = 0, failed = 0, skipped = 0;
	bool reported = false;
	const char *mode_problem = NULL;
	if (file.has_meta && file.meta.cpu_mode != 0)
		mode_problem = "tests outside real mode need descriptor state this runner does not load";

	/* Tests are numbered by position, as the JSON sets' "idx": the
	 * TEST chunk's own index is 0 throughout the 8086 set. */
	for (uint32_t n = 0; n < file.ntests; n++) {
		const struct moo_test *t = &file.tests[n];
		struct skip_entry *skip = NULL;
		for (size_t k = 0; k < nmatching && !skip; k++)
			if (n >= matching[k]->first && n <= matching[k]->last)
				skip = matching[k];
		if (skip) {
			skip->hits++;
			skipped++;
			continue;
		}
		if (mode_problem) {
			skipped++;
			continue;
		}
		struct test_result res;
		run_test(run, &file, t, &fm, &res);
		if (res.passed) {
			passed++;
			continue;
		}
		failed++;
		if ((run->verbose == 1 && !reported) || run->verbose >= 2) {
			print_failure(run, name, n, t, &res);
			reported = true;
		}
	}
	if (mode_problem)
		printf("%s: skipped: %s\n", name, mode_problem);
	printf("%s: %llu passed, %llu failed, %llu skipped\n", name, (unsigned long long)passed,
	       (unsigned long long)failed, (unsigned long long)skipped);
	fflush(stdout);
	run->passed += passed;
	run->failed += failed;
	run->skipped += skipped;
	moo_file_free(&file);
}

static bool is_test_file_name(const char *name)
{
	size_t len = strlen(name);
	return (len > 7 && !strcasecmp(name + len - 7, ".MOO.gz")) || (len > 4 && !strcasecmp(name + len - 4, ".MOO"));
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs every test file in a directory, in name order.  Returns the
 * number of files found. */
static size_t run_dir(struct runner *run, const char *dir)
{
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "%s: %s: %s\n", progname, dir, strerror(errno));
		run->file_errors++;
		return 0;
	}
	char **names = NULL;
	size_t count = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (!is_test_file_name(de->d_name))
			continue;
		if (count == cap) {
			cap = cap ? cap * 2 : 512;
			names = xrealloc(names, cap * sizeof(*names));
		}
		names[count] = strdup(de->d_name);
		if (!names[count])
			die("out of memory");
		count++;
	}
	closedir(d);
	qsort(names, count, sizeof(*names), compare_names);
	for (size_t i = 0; i < count; i++) {
		size_t len = strlen(dir) + 1 + strlen(names[i]) + 1;
		char *path = malloc(len);
		if (!path)
			die("out of memory");
		snprintf(path, len, "%s/%s", dir, names[i]);
		run_file(run, path);
		free(path);
		free(names[i]);
	}
	free(names);
	if (!count) {
		fprintf(stderr, "%s: %s: no *.MOO.gz test files\n", progname, dir);
		run->file_errors++;
	}
	return count;
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: %s --cpu MODEL [--meta FILE] [--skip-list FILE] [--ram-mib N] [-v|-vv] FILE|DIR...\n"
		"Runs SingleStepTests MOO test files (a DIR means every *.MOO.gz in it) against\n"
		"the glasspc CPU core.  MODEL is 8086, 186, 286 or 386.\n"
		"  --meta FILE       metadata.json of the set (masks of undefined flags)\n"
		"  --skip-list FILE  tests not to run, with reasons (see tests/sst/skip-8086.txt)\n"
		"  --ram-mib N       RAM size (default: 1 for 8086/186, 16 for 286/386)\n"
		"  -v                show the first failing test of each file in full\n"
		"  -vv               show every failing test in full\n",
		progname);
}

int main(int argc, char **argv)
{
	struct runner run;
	const char *cpu_name = NULL, *meta_path = NULL, *skip_path = NULL;
	long ram_mib = 0;
	char err[512];
	int first_arg = argc;

	memset(&run, 0, sizeof(run));
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--cpu") || !strcmp(a, "--meta") || !strcmp(a, "--skip-list") || !strcmp(a, "--ram-mib")) {
			if (i + 1 >= argc) {
				fprintf(stderr, "%s: %s needs an argument\n", progname, a);
				usage(stderr);
				return 2;
			}
			const char *v = argv[++i];
			if (!strcmp(a, "--cpu"))
				cpu_name = v;
			else if (!strcmp(a, "--meta"))
				meta_path = v;
			else if (!strcmp(a, "--skip-list"))
				skip_path = v;
			else {
				char *end;
				ram_mib = strtol(v, &end, 10);
				if (*end || ram_mib < 1 || ram_mib > 4095)
					die("--ram-mib wants a number of MiB from 1 to 4095");
			}
		} else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
			run.verbose++;
		} else if (!strcmp(a, "-vv")) {
			run.verbose += 2;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "--")) {
			first_arg = i + 1;
			break;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "%s: unknown option %s\n", progname, a);
			usage(stderr);
			return 2;
		} else {
			/* Options and operands may mix; operands are collected
			 * below, so leave them in place. */
			continue;
		}
	}
	if (!cpu_name) {
		fprintf(stderr, "%s: --cpu is required\n", progname);
		usage(stderr);
		return 2;
	}
	int model = cpu_model_from_name(cpu_name);
	if (model < 0)
		die("unknown CPU model '%s' (8086, 186, 286 or 386)", cpu_name);
	run.model = (enum cpu_model)model;

	if (meta_path && !(run.meta = sst_meta_load(meta_path, err, sizeof(err))))
		die("%s", err);
	if (skip_path && skip_list_load(&run.skips, skip_path, err, sizeof(err)))
		die("%s", err);

	/* The 8086's 20 address lines wrap at 1 MiB; the 286 has 24. */
	uint32_t bus_mask = cpu_model_bus_mask(run.model);
	if (!ram_mib)
		ram_mib = run.model <= CPU_186 ? 1 : 16;
	run.ram_size = (uint32_t)ram_mib << 20;
	if (run.ram_size - 1 > bus_mask)
		run.ram_size = bus_mask + 1;
	run.mem = mem_create(run.ram_size, bus_mask);
	run.io = iobus_create();
	if (!run.mem || !run.io)
		die("out of memory");
	run.cpu = cpu_create(run.model, run.mem, run.io);
	if (!run.cpu)
		die("out of memory");

	/* Operands: everything that is not an option or its argument. */
	size_t operands = 0;
	bool ran_dir = false;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (i < first_arg) {
			if (!strcmp(a, "--cpu") || !strcmp(a, "--meta") || !strcmp(a, "--skip-list") || !strcmp(a, "--ram-mib")) {
				i++;
				continue;
			}
			if (a[0] == '-' && a[1])
				continue;
			if (!strcmp(a, "--"))
				continue;
		}
		operands++;
		struct stat st;
		if (stat(a, &st) == 0 && S_ISDIR(st.st_mode)) {
			run_dir(&run, a);
			ran_dir = true;
		} else {
			run_file(&run, a);
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (!operands) {
		fprintf(stderr, "%s: no test files given\n", progname);
		usage(stderr);
		return 2;
	}

	/* Stale skips hide nothing but confuse readers: name them when the
	 * run covered whole directories. */
	if (ran_dir)
		for (size_t i = 0; i < run.skips.count; i++)
			if (!run.skips.entries[i].hits)
				fprintf(stderr, "%s: note: %s:%d (%s) matched no test\n", progname, skip_path,
					run.skips.entries[i].line, run.skips.entries[i].which);

	double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("%u file%s, %.1f s", run.files, run.files == 1 ? "" : "s", secs);
	if (run.file_errors)
		printf(", %u could not be read", run.file_errors);
	printf("\n");
	printf("%llu passed, %llu failed, %llu skipped\n", (unsigned long long)run.passed,
	       (unsigned long long)run.failed, (unsigned long long)run.skipped);

	cpu_destroy(run.cpu);
	iobus_destroy(run.io);
	mem_destroy(run.mem);
	sst_meta_free(run.meta);
	skip_list_free(&run.skips);
	free(run.dirty);
	free(run.final_addrs.slots);
	return run.failed || run.file_errors ? 1 : 0;
}
