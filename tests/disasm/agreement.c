/* Agreement test: glasspc's disassembler (CPU model 386) against GNU
 * objdump, an independent decoder, on random byte strings in 16- and
 * 32-bit mode.  For each string both must agree on the instruction's
 * length and mnemonic (naming synonyms normalised below) and then on the
 * operands (objdump's syntax normalised below).  Every other disagreement
 * must fall into a category of known-differences.txt, which says why,
 * else the test fails and prints the first few with their bytes.  A few
 * examples first pin the output format the debugger and tracer rely on.
 *
 * How the byte strings reach objdump: pass 1 writes the instructions back
 * to back, each cut to the length glasspc decoded, and runs objdump once
 * over the blob; decoding at an address does not depend on what came
 * before it, so every candidate objdump printed a line for at its own
 * address was compared on the same bytes.  Candidates that disagree or
 * that objdump ran over go to pass 2, where each sits whole (15 bytes) in
 * a slot followed by 15 NOPs, enough for objdump to fall back in step at
 * the next slot whatever it made of the bytes.
 *
 * Usage: disasm-agreement [count [seed]]
 *   environment: OBJDUMP (the objdump to run), DISASM_KNOWN (the
 *   categories file), DISASM_VERBOSE=1 (list every difference). */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpu/core.h"
#include "cpu/disasm.h"

#ifndef OBJDUMP_PATH
#define OBJDUMP_PATH "objdump"
#endif
#ifndef KNOWN_DIFFERENCES_PATH
#define KNOWN_DIFFERENCES_PATH "tests/disasm/known-differences.txt"
#endif

#define MODEL CPU_386
#define CANDIDATE_BYTES 15 /* the longest instruction */
#define SLED_BYTES 15
#define NOP 0x90
#define DEFAULT_COUNT 100000
#define DEFAULT_SEED 0x676c617373706321ull /* "glasspc!" */
#define MAX_SHOWN 12
#define TEXT_MAX 192

/* ---- random byte strings ---- */

static uint64_t rng_next(uint64_t *state)
{
	/* splitmix64: small, fast, and the same everywhere. */
	uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* The prefix bytes of the model, from the table. */
static uint8_t prefix_bytes[16];
static unsigned prefix_count;

static void collect_prefixes(void)
{
	for (unsigned b = 0; b < 256; b++) {
		const struct opdef *d = decode_lookup(MODEL, b, 0);
		if (b != 0x0F && d && (d->attrs & A_PREFIX) && prefix_count < sizeof(prefix_bytes))
			prefix_bytes[prefix_count++] = (uint8_t)b;
	}
}

/* Uniformly random bytes would seldom reach the two-byte map or combine
 * prefixes, so half of the strings start with one to three prefixes and
 * a quarter with 0F (independently); the rest of the bytes are random. */
static void make_candidate(uint64_t *rng, uint8_t *out)
{
	for (int k = 0; k < CANDIDATE_BYTES; k++)
		out[k] = (uint8_t)rng_next(rng);
	uint64_t shape = rng_next(rng);
	unsigned pos = 0;
	if (shape & 1) {
		unsigned n = 1 + (unsigned)((shape >> 8) % 3);
		for (unsigned k = 0; k < n; k++)
			out[pos++] = prefix_bytes[rng_next(rng) % prefix_count];
	}
	if (((shape >> 1) & 3) == 0)
		out[pos++] = 0x0F;
}

/* ---- one candidate ---- */

struct candidate {
	uint8_t bytes[CANDIDATE_BYTES];
	uint8_t len;            /* glasspc's length */
	bool os32;              /* glasspc's operand size */
	char text[DISASM_TEXT_MAX];
	uint8_t objdump_len;    /* 0: no line at its address */
	char objdump_text[TEXT_MAX];
	bool agreed;
};

/* ---- normalised view of a line of either disassembler ---- */

/* Words that are prefixes, not mnemonics, in either output.  objdump
 * adds hint names for prefixes later CPUs gave a meaning to: bnd (F2 on
 * branches), notrack (3E on indirect branches), xacquire/xrelease (F2/F3
 * with lock). */
static const char *const prefix_words[] = {
	"rep", "repe", "repz", "repne", "repnz", "lock", "data16", "data32", "addr16", "addr32",
	"es", "cs", "ss", "ds", "fs", "gs", "bnd", "notrack", "xacquire", "xrelease", NULL,
};

static bool is_prefix_word(const char *w)
{
	for (int k = 0; prefix_words[k]; k++)
		if (!strcmp(w, prefix_words[k]))
			return true;
	return false;
}

/* Mnemonics that name a string instruction without its size, which then
 * comes from the operands (movs byte ptr ... = movsb). */
static const char *const sizeless_string_mnemonics[] = {"movs", "cmps", "stos", "lods", "scas", "ins", "outs", NULL};

/* The mnemonic of a line: lower case, prefix words skipped, string
 * instructions with their size letter; "(prefix)" when the line is only
 * prefixes (objdump prints unusable prefixes on their own). */
static void line_mnemonic(const char *line, char *mnem, size_t cap)
{
	char lower[TEXT_MAX];
	size_t n = 0;
	for (; line[n] && n + 1 < sizeof(lower); n++)
		lower[n] = (char)tolower((unsigned char)line[n]);
	lower[n] = '\0';

	const char *p = lower;
	char word[64];
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		size_t w = 0;
		while (p[w] && p[w] != ' ' && p[w] != '\t')
			w++;
		if (!w) {
			snprintf(mnem, cap, "(prefix)");
			return;
		}
		snprintf(word, sizeof(word), "%.*s", (int)w, p);
		p += w;
		if (!is_prefix_word(word))
			break;
	}
	for (int k = 0; sizeless_string_mnemonics[k]; k++) {
		if (strcmp(word, sizeless_string_mnemonics[k]))
			continue;
		const char *suffix = strstr(p, "dword ptr") ? "d" : strstr(p, "word ptr") ? "w" : strstr(p, "byte ptr") ? "b" : "";
		snprintf(mnem, cap, "%.48s%s", word, suffix);
		return;
	}
	snprintf(mnem, cap, "%s", word);
}

/* Where the opcode is: the prefixes (by the table) and the opcode, 0x100 +
 * b for 0F b, with the following byte's ModRM reg field. */
struct opcode_site {
	unsigned code;
	int reg;            /* -1 if the string ends first */
	unsigned prefix_len;
	bool lock, rep, repne, opsize, addrsize, seg;
};

static struct opcode_site find_opcode(const uint8_t *bytes, size_t n)
{
	struct opcode_site s = {.reg = -1};
	size_t k = 0;
	while (k < n) {
		const struct opdef *d = decode_lookup(MODEL, bytes[k], 0);
		if (bytes[k] == 0x0F || !d || !(d->attrs & A_PREFIX))
			break;
		switch (d->sub) {
		case PFX_LOCK: s.lock = true; break;
		case PFX_REP: s.rep = true; break;
		case PFX_REPNE: s.repne = true; break;
		case PFX_OPSIZE: s.opsize = true; break;
		case PFX_ADDRSIZE: s.addrsize = true; break;
		default: s.seg = true; break;
		}
		k++;
	}
	s.prefix_len = (unsigned)k;
	if (k < n && bytes[k] == 0x0F && k + 1 < n) {
		s.code = 0x100 | bytes[k + 1];
		k += 2;
	} else if (k < n) {
		s.code = bytes[k++];
	}
	if (k < n)
		s.reg = (bytes[k] >> 3) & 7;
	return s;
}

/* Naming synonyms: objdump's name for what glasspc (after the table)
 * calls otherwise; code/reg restrict an entry to one opcode (-1: any). */
struct synonym {
	const char *objdump;
	const char *ours;
	int code;
	int reg;
};

static const struct synonym synonyms[] = {
	/* C0/C1/D0-D3 /6, the undocumented alias of /4 (shift left) on the
	 * 186 and later: the table calls it sal, objdump shl. */
	{"shl", "sal", -1, 6},
	/* 90 with an operand-size prefix: still NOP, objdump shows the
	 * XCHG it is encoded as. */
	{"xchg", "nop", 0x90, -1},
	/* F3 90: PAUSE on the Pentium 4 and later, REP NOP before. */
	{"pause", "nop", 0x90, -1},
	/* 9B: the SDM's WAIT/FWAIT. */
	{"fwait", "wait", 0x9B, -1},
};

/* Whether objdump's mnemonic names ours.  Beyond equality and the
 * synonyms, objdump spells the operand size into mnemonics that have no
 * sized operand: a w or d suffix when the size is not the mode's default
 * (retw, pushw es, lgdtd, leavew), and no suffix for the default size
 * where glasspc's table has a 32-bit name (pusha = pushad in 32-bit code). */
static bool mnemonics_agree(const char *ours, const char *theirs, const struct opcode_site *site, bool os32,
			    bool code32)
{
	if (!strcmp(ours, theirs))
		return true;
	for (size_t k = 0; k < sizeof(synonyms) / sizeof(synonyms[0]); k++) {
		const struct synonym *s = &synonyms[k];
		if (!strcmp(s->objdump, theirs) && !strcmp(s->ours, ours) && (s->code < 0 || (unsigned)s->code == site->code) &&
		    (s->reg < 0 || s->reg == site->reg))
			return true;
	}
	size_t lo = strlen(ours), lt = strlen(theirs);
	if (lt == lo + 1 && !strncmp(ours, theirs, lo) && theirs[lo] == (os32 ? 'd' : 'w'))
		return true;
	if (lo == lt + 1 && !strncmp(ours, theirs, lt) && ours[lt] == 'd' && os32 && code32)
		return true;
	return false;
}

/* ---- categories of known differences ---- */

#define MAX_CATEGORIES 64
#define MAX_RULES 256
#define MAX_TERMS 8

enum term_key { T_OURS, T_OBJDUMP, T_OP, T_REG, T_PREFIX, T_LENGTH, T_MODE, T_UNLOCKED, T_DIFFERS, T_OPSIZE, T_OBJDUMP_HAS };

struct term {
	enum term_key key;
	char value[96];
};

struct rule {
	int category;
	int nterms;
	struct term terms[MAX_TERMS];
};

struct category {
	char name[48];
	char reason[512];
	unsigned long count[2]; /* per mode: 16, 32 */
};

static struct category categories[MAX_CATEGORIES];
static int category_count;
static struct rule rules[MAX_RULES];
static int rule_count;

static _Noreturn void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "disasm-agreement: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(99); /* a hard error for the automake test driver */
}

static void load_categories(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		die("%s: %s", path, strerror(errno));
	char line[1024];
	int lineno = 0;
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		char *p = line;
		while (isspace((unsigned char)*p))
			p++;
		if (!*p || *p == '#')
			continue;
		if (!strncmp(p, "category ", 9)) {
			if (category_count == MAX_CATEGORIES)
				die("%s:%d: too many categories", path, lineno);
			snprintf(categories[category_count++].name, sizeof(categories[0].name), "%s", p + 9);
			continue;
		}
		if (!category_count)
			die("%s:%d: a line before the first category", path, lineno);
		struct category *c = &categories[category_count - 1];
		if (!strncmp(p, "reason ", 7)) {
			size_t used = strlen(c->reason);
			snprintf(c->reason + used, sizeof(c->reason) - used, "%s%s", used ? " " : "", p + 7);
			continue;
		}
		if (strncmp(p, "match ", 6))
			die("%s:%d: expected category, reason or match", path, lineno);
		if (rule_count == MAX_RULES)
			die("%s:%d: too many match lines", path, lineno);
		struct rule *r = &rules[rule_count++];
		r->category = category_count - 1;
		for (char *tok = strtok(p + 6, " \t"); tok; tok = strtok(NULL, " \t")) {
			static const char *const keys[] = {"ours",   "objdump", "op",      "reg",    "prefix",
							   "length", "mode",    "unlocked", "differs", "opsize",
							   "objdump-has"};
			char *eq = strchr(tok, '=');
			if (!eq)
				die("%s:%d: term without '=': %s", path, lineno, tok);
			*eq = '\0';
			int key = -1;
			for (int k = 0; k < (int)(sizeof(keys) / sizeof(keys[0])); k++)
				if (!strcmp(tok, keys[k]))
					key = k;
			if (key < 0)
				die("%s:%d: unknown term %s", path, lineno, tok);
			if (r->nterms == MAX_TERMS)
				die("%s:%d: too many terms", path, lineno);
			r->terms[r->nterms].key = (enum term_key)key;
			snprintf(r->terms[r->nterms].value, sizeof(r->terms[0].value), "%s", eq + 1);
			r->nterms++;
		}
	}
	fclose(f);
	for (int k = 0; k < category_count; k++)
		if (!categories[k].reason[0])
			die("%s: category %s has no reason", path, categories[k].name);
}

/* A comma-separated list of names, each possibly ending in '*'. */
static bool name_in_list(const char *name, const char *list)
{
	char copy[96];
	snprintf(copy, sizeof(copy), "%s", list);
	char *save = NULL;
	for (char *item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		size_t n = strlen(item);
		if (n && item[n - 1] == '*' ? !strncmp(name, item, n - 1) : !strcmp(name, item))
			return true;
	}
	return false;
}

/* A comma-separated list of numbers and ranges (hex for opcodes: d8-df,
 * 0f02-0f05; decimal otherwise). */
static unsigned parse_code(const char *s, bool opcode)
{
	if (!opcode)
		return (unsigned)strtoul(s, NULL, 10);
	unsigned v = (unsigned)strtoul(s, NULL, 16);
	return strlen(s) == 4 && !strncmp(s, "0f", 2) ? 0x100 | (v & 0xFF) : v;
}

static bool number_in_list(unsigned v, const char *list, bool opcode)
{
	char copy[96];
	snprintf(copy, sizeof(copy), "%s", list);
	char *save = NULL;
	for (char *item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		char *dash = strchr(item, '-');
		unsigned lo, hi;
		if (dash) {
			*dash = '\0';
			lo = parse_code(item, opcode);
			hi = parse_code(dash + 1, opcode);
		} else {
			lo = hi = parse_code(item, opcode);
		}
		if (v >= lo && v <= hi)
			return true;
	}
	return false;
}

/* ---- comparing one candidate ---- */

enum verdict { AGREE, DIFF_MNEMONIC, DIFF_LENGTH, DIFF_OPERANDS };
static const char *const verdict_names[] = {"agree", "mnemonic", "length", "operands"};

struct comparison {
	enum verdict verdict;
	char ours[64], theirs[64]; /* mnemonics, normalised */
	char ours_operands[TEXT_MAX], theirs_operands[TEXT_MAX];
	struct opcode_site site;
};

/* What the table row of a candidate says about its operands, for the
 * normalisation below (by operand form, as the disassembler works). */
struct row_shape {
	bool decoded;
	bool no_forms;   /* no operands in the table: objdump shows implicit ones (xlat) */
	bool string;     /* X/Y forms: printed bare by glasspc unless unusual */
	bool moffs;      /* Ob/Ov: objdump leaves out the "ptr" */
	bool branch;     /* Jb/Jv: a target address */
};

static int fetch_candidate_byte(void *opaque, uint32_t offset, uint8_t *out)
{
	if (offset >= CANDIDATE_BYTES)
		return EXC_GP;
	*out = ((const uint8_t *)opaque)[offset];
	return 0;
}

static struct row_shape row_shape_of(const struct candidate *c, bool code32)
{
	struct row_shape r = {0};
	struct insn insn;
	if (decode_insn(MODEL, code32, fetch_candidate_byte, (void *)c->bytes, &insn) != DECODE_OK)
		return r;
	const struct opdef *def = &opdefs[insn.def];
	r.decoded = true;
	r.no_forms = def->operand[0] == OPK___;
	for (int k = 0; k < 3; k++) {
		uint8_t f = def->operand[k];
		r.string |= f == OPK_Xb || f == OPK_Xv || f == OPK_Yb || f == OPK_Yv;
		r.moffs |= f == OPK_Ob || f == OPK_Ov;
		r.branch |= f == OPK_Jb || f == OPK_Jv;
	}
	return r;
}

/* The operand text of a line: after the prefix words and the mnemonic. */
static void line_operands(const char *line, char *out, size_t cap)
{
	const char *p = line;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		size_t w = strcspn(p, " \t");
		char word[64];
		snprintf(word, sizeof(word), "%.*s", (int)(w < 63 ? w : 63), p);
		for (char *q = word; *q; q++)
			*q = (char)tolower((unsigned char)*q);
		p += w;
		if (!w || !is_prefix_word(word))
			break;
	}
	while (*p == ' ' || *p == '\t')
		p++;
	snprintf(out, cap, "%s", p);
}

/* Removes every occurrence of pat from s. */
static void erase_all(char *s, const char *pat)
{
	size_t n = strlen(pat);
	for (char *q = strstr(s, pat); q; q = strstr(q, pat))
		memmove(q, q + n, strlen(q + n) + 1);
}

/* objdump's and glasspc's operand syntax brought together:
 *  - objdump separates operands with "," and upper-cases PTR;
 *  - objdump writes a bare address as ds:0x1234, glasspc [0x1234];
 *  - objdump shows DS even when not overridden, glasspc only overrides:
 *    ds: is dropped from both;
 *  - objdump writes scale 1 ("*1") and the SIB byte's "no index" as eiz
 *    ([eax+eiz*4], [eiz*4-0x8]): glasspc leaves out what adds nothing;
 *  - glasspc marks indirect far branches "far". */
static void normalise_operands(const char *in, bool from_objdump, char *out, size_t cap)
{
	char tmp[TEXT_MAX];
	size_t n = 0;
	for (const char *p = in; *p && n + 4 < sizeof(tmp); p++) {
		char ch = (char)tolower((unsigned char)*p);
		if (from_objdump && (ch == ' ' || ch == '\t')) {
			if (n && tmp[n - 1] != ' ')
				tmp[n++] = ' ';
			continue;
		}
		if (from_objdump && ch == ',') {
			while (n && tmp[n - 1] == ' ')
				n--;
			tmp[n++] = ',';
			tmp[n++] = ' ';
			while (p[1] == ' ' || p[1] == '\t')
				p++;
			continue;
		}
		tmp[n++] = ch;
		/* xs:0x1234 -> xs:[0x1234] */
		if (from_objdump && ch == ':' && p[1] == '0' && p[2] == 'x' && p[-1] == 's') {
			tmp[n++] = '[';
			p++;
			while ((*p == 'x' || isxdigit((unsigned char)*p)) && n + 2 < sizeof(tmp))
				tmp[n++] = *p++;
			tmp[n++] = ']';
			p--;
		}
	}
	while (n && tmp[n - 1] == ' ')
		n--;
	tmp[n] = '\0';

	erase_all(tmp, "ds:");
	erase_all(tmp, "far ");
	for (char *q = strstr(tmp, "eiz*"); q; q = strstr(tmp, "eiz*")) {
		/* "+eiz*N" or "[eiz*N+": the index that is not there */
		char *from = q > tmp && q[-1] == '+' ? q - 1 : q;
		char *to = q + 5;
		if (from == q && *to == '+')
			to++;
		memmove(from, to, strlen(to) + 1);
	}
	for (char *q = strstr(tmp, "*1"); q; q = strstr(q, "*1"))
		if (q[2] == ']' || q[2] == '+' || q[2] == '-')
			memmove(q, q + 2, strlen(q + 2) + 1);
		else
			q += 2;
	/* [-0x8] after eiz went: a bare 32-bit address */
	for (char *q = strstr(tmp, "[-0x"); q; q = strstr(q + 1, "[-0x")) {
		char *end;
		unsigned long v = strtoul(q + 4, &end, 16);
		if (*end != ']')
			continue;
		char num[16];
		snprintf(num, sizeof(num), "[0x%lx", (0x100000000ul - v) & 0xFFFFFFFFul);
		size_t len = strlen(num);
		memmove(q + len, end, strlen(end) + 1);
		memcpy(q, num, len);
	}
	snprintf(out, cap, "%s", tmp);
}

static void compare_candidate(const struct candidate *c, bool code32, struct comparison *cmp)
{
	memset(cmp, 0, sizeof(*cmp));
	cmp->site = find_opcode(c->bytes, CANDIDATE_BYTES);
	line_mnemonic(c->text, cmp->ours, sizeof(cmp->ours));
	if (!c->objdump_len) {
		snprintf(cmp->theirs, sizeof(cmp->theirs), "(no line)");
		cmp->verdict = DIFF_MNEMONIC;
		return;
	}
	line_mnemonic(c->objdump_text, cmp->theirs, sizeof(cmp->theirs));
	if (!mnemonics_agree(cmp->ours, cmp->theirs, &cmp->site, c->os32, code32)) {
		cmp->verdict = DIFF_MNEMONIC;
		return;
	}
	/* The length of an undefined opcode is no property of the CPU; the
	 * categories file says where the two disagree on it. */
	if (c->len != c->objdump_len) {
		cmp->verdict = DIFF_LENGTH;
		return;
	}

	char raw[TEXT_MAX];
	line_operands(c->text, raw, sizeof(raw));
	normalise_operands(raw, false, cmp->ours_operands, sizeof(cmp->ours_operands));
	line_operands(c->objdump_text, raw, sizeof(raw));
	normalise_operands(raw, true, cmp->theirs_operands, sizeof(cmp->theirs_operands));
	struct row_shape shape = row_shape_of(c, code32);
	if (!shape.decoded)
		return; /* (bad) on both sides */
	/* Implicit operands glasspc does not print (xlat, rep movsb). */
	if (!cmp->ours_operands[0] && (shape.no_forms || shape.string))
		return;
	if (shape.moffs) {
		erase_all(cmp->ours_operands, "dword ptr ");
		erase_all(cmp->ours_operands, "word ptr ");
		erase_all(cmp->ours_operands, "byte ptr ");
	}
	/* objdump computes targets in a 32-bit address space; IP wraps at
	 * 64K when the operand size is 16 bits. */
	if (shape.branch && !c->os32 && !strncmp(cmp->theirs_operands, "0x", 2)) {
		char *end;
		unsigned long target = strtoul(cmp->theirs_operands, &end, 16);
		if (!*end)
			snprintf(cmp->theirs_operands, sizeof(cmp->theirs_operands), "0x%lx", target & 0xFFFF);
	}
	if (strcmp(cmp->ours_operands, cmp->theirs_operands))
		cmp->verdict = DIFF_OPERANDS;
}

/* What a rule is matched against. */
struct difference {
	const struct candidate *c;
	bool code32;
	const struct comparison *cmp;
};

static bool unlocked_agrees(const struct difference *d);

static bool prefix_present(const struct opcode_site *s, const char *list)
{
	char copy[96];
	snprintf(copy, sizeof(copy), "%s", list);
	char *save = NULL;
	for (char *item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		if ((!strcmp(item, "lock") && s->lock) || (!strcmp(item, "rep") && s->rep) ||
		    (!strcmp(item, "repne") && s->repne) || (!strcmp(item, "opsize") && s->opsize) ||
		    (!strcmp(item, "addrsize") && s->addrsize) || (!strcmp(item, "seg") && s->seg))
			return true;
	}
	return false;
}

static bool term_holds(const struct term *t, const struct difference *d)
{
	const struct comparison *cmp = d->cmp;
	switch (t->key) {
	case T_OURS: return name_in_list(cmp->ours, t->value);
	case T_OBJDUMP: return name_in_list(cmp->theirs, t->value);
	case T_OP: return number_in_list(cmp->site.code, t->value, true);
	case T_REG: return cmp->site.reg >= 0 && number_in_list((unsigned)cmp->site.reg, t->value, false);
	case T_PREFIX: return prefix_present(&cmp->site, t->value);
	case T_LENGTH:
		if (!strcmp(t->value, "same"))
			return d->c->len == d->c->objdump_len;
		if (!strcmp(t->value, "ours-longer"))
			return d->c->len > d->c->objdump_len;
		if (!strcmp(t->value, "ours-shorter"))
			return d->c->len < d->c->objdump_len;
		return d->c->len != d->c->objdump_len;
	case T_MODE: return (unsigned)strtoul(t->value, NULL, 10) == (d->code32 ? 32u : 16u);
	case T_UNLOCKED: return unlocked_agrees(d);
	case T_DIFFERS: return name_in_list(verdict_names[cmp->verdict], t->value);
	case T_OPSIZE: return (unsigned)strtoul(t->value, NULL, 10) == (d->c->os32 ? 32u : 16u);
	case T_OBJDUMP_HAS: return strstr(d->c->objdump_text, t->value) != NULL;
	}
	return false;
}

/* A rule without a differs= term is about the length or the mnemonic. */
static bool rule_holds(const struct rule *r, const struct difference *d)
{
	bool differs_given = false;
	for (int t = 0; t < r->nterms; t++) {
		differs_given |= r->terms[t].key == T_DIFFERS;
		if (!term_holds(&r->terms[t], d))
			return false;
	}
	return differs_given || d->cmp->verdict != DIFF_OPERANDS;
}

static int classify(const struct difference *d)
{
	for (int k = 0; k < rule_count; k++)
		if (rule_holds(&rules[k], d))
			return rules[k].category;
	return -1;
}

/* LOCK with an instruction that does not allow it is #UD on the 386 and
 * later; objdump prints the instruction.  The difference is that one if
 * glasspc, without the F0 bytes, agrees with objdump on the length and
 * the mnemonic. */
static bool unlocked_agrees(const struct difference *d)
{
	const struct candidate *c = d->c;
	if (!d->cmp->site.lock)
		return false;
	struct candidate u = *c;
	unsigned n = 0, locks = 0;
	for (unsigned k = 0; k < CANDIDATE_BYTES; k++) {
		if (k < d->cmp->site.prefix_len && c->bytes[k] == 0xF0) {
			locks++;
			continue;
		}
		u.bytes[n++] = c->bytes[k];
	}
	while (n < CANDIDATE_BYTES)
		u.bytes[n++] = NOP;
	u.len = (uint8_t)(disasm_insn(MODEL, d->code32, u.bytes, CANDIDATE_BYTES, 0, u.text, sizeof(u.text)) + locks);
	if (!strcmp(u.text, "(bad)"))
		return false;
	struct comparison cmp;
	compare_candidate(&u, d->code32, &cmp);
	return cmp.verdict == AGREE || cmp.verdict == DIFF_OPERANDS;
}

/* ---- running objdump ---- */

static const char *objdump_path(void)
{
	const char *e = getenv("OBJDUMP");
	return e && *e ? e : OBJDUMP_PATH;
}

static char blob_path[4096];

static void remove_blob(void)
{
	if (blob_path[0])
		unlink(blob_path);
}

static void write_blob(const uint8_t *data, size_t n)
{
	if (!blob_path[0]) {
		const char *dir = getenv("TMPDIR");
		snprintf(blob_path, sizeof(blob_path), "%s/glasspc-disasm-XXXXXX", dir && *dir ? dir : "/tmp");
		int fd = mkstemp(blob_path);
		if (fd < 0)
			die("mkstemp %s: %s", blob_path, strerror(errno));
		close(fd);
		atexit(remove_blob);
	}
	FILE *f = fopen(blob_path, "wb");
	if (!f || fwrite(data, 1, n, f) != n || fclose(f))
		die("writing %s failed", blob_path);
}

/* One line of objdump's listing: "  addr:\tbytes\ttext". */
struct listing_line {
	uint32_t addr;
	unsigned len;
	char text[TEXT_MAX];
};

static bool parse_listing_line(char *line, struct listing_line *out)
{
	char *colon = strchr(line, ':');
	if (!colon || colon[1] != '\t')
		return false;
	char *end;
	unsigned long addr = strtoul(line, &end, 16);
	if (end != colon)
		return false;
	char *bytes = colon + 2;
	char *tab = strchr(bytes, '\t');
	if (tab)
		*tab = '\0';
	unsigned len = 0;
	for (char *p = bytes; *p;) {
		if (isxdigit((unsigned char)p[0]) && isxdigit((unsigned char)p[1])) {
			len++;
			p += 2;
		} else {
			p++;
		}
	}
	out->addr = (uint32_t)addr;
	out->len = len;
	snprintf(out->text, sizeof(out->text), "%s", tab ? tab + 1 : "");
	out->text[strcspn(out->text, "\r\n")] = '\0';
	return true;
}

/* Runs objdump over data and hands each candidate (sorted by offset) the
 * line at its offset, if there is one. */
static void run_objdump(bool code32, const uint8_t *data, size_t n, struct candidate **cands, const uint32_t *offsets,
			size_t count)
{
	write_blob(data, n);
	char cmd[8192];
	snprintf(cmd, sizeof(cmd), "'%s' -D -z -b binary -m %s -M intel --insn-width=16 '%s'", objdump_path(),
		 code32 ? "i386" : "i8086", blob_path);
	FILE *p = popen(cmd, "r");
	if (!p)
		die("cannot run %s", cmd);
	char line[1024];
	size_t next = 0;
	while (fgets(line, sizeof(line), p)) {
		struct listing_line l;
		if (!parse_listing_line(line, &l))
			continue;
		while (next < count && offsets[next] < l.addr) {
			cands[next]->objdump_len = 0; /* objdump ran over it */
			next++;
		}
		if (next < count && offsets[next] == l.addr) {
			cands[next]->objdump_len = (uint8_t)(l.len > 255 ? 255 : l.len);
			snprintf(cands[next]->objdump_text, sizeof(cands[next]->objdump_text), "%s", l.text);
			next++;
		}
	}
	int status = pclose(p);
	if (status != 0)
		die("%s failed (status %d)", cmd, status);
	for (; next < count; next++)
		cands[next]->objdump_len = 0;
}

/* ---- the test ---- */

struct mode_result {
	unsigned long compared, agreed, listed, unlisted;
};

static void print_bytes(const uint8_t *b, unsigned n)
{
	for (unsigned k = 0; k < n; k++)
		printf("%s%02x", k ? " " : "", b[k]);
}

static struct mode_result test_mode(bool code32, unsigned long count, uint64_t seed, bool verbose)
{
	struct mode_result r = {0};
	struct candidate *cands = calloc(count, sizeof(*cands));
	struct candidate **order = calloc(count, sizeof(*order));
	uint32_t *offsets = calloc(count, sizeof(*offsets));
	uint8_t *blob = malloc(count * (CANDIDATE_BYTES + SLED_BYTES) + SLED_BYTES);
	if (!cands || !order || !offsets || !blob)
		die("out of memory");
	uint64_t rng = seed ^ (code32 ? 0x3232323232323232ull : 0x1616161616161616ull);

	/* glasspc's side, and pass 1: back to back. */
	size_t n = 0;
	for (unsigned long k = 0; k < count; k++) {
		struct candidate *c = &cands[k];
		make_candidate(&rng, c->bytes);
		c->len = (uint8_t)disasm_insn(MODEL, code32, c->bytes, CANDIDATE_BYTES, (uint32_t)n, c->text, sizeof(c->text));
		/* The operand size, for objdump's size suffixes: an odd or even
		 * number of 66 prefixes both mean the other size. */
		c->os32 = code32 != find_opcode(c->bytes, CANDIDATE_BYTES).opsize;
		order[k] = c;
		offsets[k] = (uint32_t)n;
		memcpy(blob + n, c->bytes, c->len);
		n += c->len;
	}
	memset(blob + n, NOP, SLED_BYTES);
	run_objdump(code32, blob, n + SLED_BYTES, order, offsets, count);

	size_t retry = 0;
	for (unsigned long k = 0; k < count; k++) {
		struct candidate *c = &cands[k];
		struct comparison cmp;
		compare_candidate(c, code32, &cmp);
		if (cmp.verdict == AGREE)
			c->agreed = true;
		else
			order[retry++] = c;
	}

	/* Pass 2: the rest, each whole in a slot with a NOP sled, and at
	 * offset 0 of its slot as far as branch targets go. */
	n = 0;
	for (size_t k = 0; k < retry; k++) {
		struct candidate *c = order[k];
		offsets[k] = (uint32_t)n;
		memcpy(blob + n, c->bytes, CANDIDATE_BYTES);
		memset(blob + n + CANDIDATE_BYTES, NOP, SLED_BYTES);
		n += CANDIDATE_BYTES + SLED_BYTES;
		/* Targets are printed relative to the address: redo ours there. */
		disasm_insn(MODEL, code32, c->bytes, CANDIDATE_BYTES, offsets[k], c->text, sizeof(c->text));
	}
	if (retry)
		run_objdump(code32, blob, n, order, offsets, retry);

	unsigned shown = 0;
	for (unsigned long k = 0; k < count; k++) {
		struct candidate *c = &cands[k];
		r.compared++;
		struct comparison cmp;
		if (!c->agreed)
			compare_candidate(c, code32, &cmp);
		if (c->agreed || cmp.verdict == AGREE) {
			r.agreed++;
			continue;
		}
		struct difference d = {.c = c, .code32 = code32, .cmp = &cmp};
		int cat = classify(&d);
		if (cat >= 0) {
			categories[cat].count[code32]++;
			r.listed++;
		} else {
			r.unlisted++;
		}
		if ((cat < 0 && shown < MAX_SHOWN) || verbose) {
			if (cat < 0)
				shown++;
			printf("  %s %d-bit  ", cat < 0 ? "UNLISTED" : categories[cat].name, code32 ? 32 : 16);
			print_bytes(c->bytes, CANDIDATE_BYTES);
			printf("  (%s)\n      glasspc: len %u  %s\n      objdump: len %u  %s\n", verdict_names[cmp.verdict],
			       c->len, c->text, c->objdump_len, c->objdump_text);
		}
	}
	free(cands);
	free(order);
	free(offsets);
	free(blob);
	return r;
}

/* ---- the output format, pinned by examples ---- */

struct example {
	bool code32;
	uint32_t eip;
	uint8_t bytes[CANDIDATE_BYTES];
	size_t avail;
	size_t outlen; /* 0: a whole line */
	int len;
	const char *text;
};

static const struct example examples[] = {
	{false, 0, {0x00, 0x40, 0x12}, 3, 0, 3, "add byte ptr [bx+si+0x12], al"},
	{true, 0, {0x64, 0x8B, 0x44, 0xB3, 0xF8}, 5, 0, 5, "mov eax, dword ptr fs:[ebx+esi*4-0x8]"},
	{false, 0x100, {0xE9, 0x31, 0x11}, 3, 0, 3, "jmp 0x1234"},
	{false, 0xFFF0, {0xEB, 0x20}, 2, 0, 2, "jmp 0x12"}, /* IP wraps at 64K */
	{false, 0, {0x9A, 0x78, 0x56, 0x34, 0x12}, 5, 0, 5, "call 0x1234:0x5678"},
	{false, 0, {0xFF, 0x1F}, 2, 0, 2, "call far dword ptr [bx]"},
	{false, 0, {0xF3, 0xA4}, 2, 0, 2, "rep movsb"},
	{true, 0, {0x64, 0xA4}, 2, 0, 2, "movs byte ptr es:[edi], byte ptr fs:[esi]"},
	{true, 0, {0xF2, 0xAE}, 2, 0, 2, "repne scasb"},
	{false, 0, {0xF0, 0x87, 0x07}, 3, 0, 3, "lock xchg word ptr [bx], ax"},
	{false, 0, {0x26, 0xA1, 0x34, 0x12}, 4, 0, 4, "mov ax, word ptr es:[0x1234]"},
	{false, 0, {0x83, 0xC0, 0xFF}, 3, 0, 3, "add ax, 0xffff"},
	{true, 0, {0x66, 0xC3}, 2, 0, 2, "data16 ret"},
	{true, 0, {0x67, 0xE2, 0x00}, 3, 0, 3, "addr16 loop 0x3"},
	{false, 0, {0x26, 0x90}, 2, 0, 2, "es nop"},
	{false, 0, {0xC8, 0x10, 0x00, 0x01}, 4, 0, 4, "enter 0x10, 0x1"},
	{false, 0, {0xDC, 0x00}, 2, 0, 2, "fadd qword ptr [bx+si]"},
	{false, 0, {0xDE, 0xC1}, 2, 0, 2, "faddp st(1), st"},
	{false, 0, {0xDB, 0x2F}, 2, 0, 2, "fld tbyte ptr [bx]"},
	{false, 0, {0xD9, 0xD1}, 2, 0, 2, "esc 0x0a, st(1)"}, /* no x87 row: the 386's escape */
	{true, 0, {0x0F, 0x20, 0xC0}, 3, 0, 3, "mov eax, cr0"},
	{false, 0, {0x0F, 0x04}, 2, 0, 2, "(bad)"},
	{true, 0, {0xF0, 0x90}, 2, 0, 2, "(bad)"},       /* LOCK NOP is #UD */
	{false, 0, {0xE9, 0x31}, 2, 0, 2, "(bad)"},      /* truncated */
	{false, 0, {0x90}, 0, 0, 0, ""},                 /* nothing to read */
	{false, 0, {0x00, 0x40, 0x12}, 3, 8, 3, "add byt"}, /* cut to outlen */
};

static unsigned check_examples(void)
{
	unsigned failed = 0;
	for (size_t k = 0; k < sizeof(examples) / sizeof(examples[0]); k++) {
		const struct example *e = &examples[k];
		char text[DISASM_TEXT_MAX];
		size_t outlen = e->outlen ? e->outlen : sizeof(text);
		int len = disasm_insn(MODEL, e->code32, e->bytes, e->avail, e->eip, text, outlen);
		if (len != e->len || strcmp(text, e->text)) {
			printf("  EXAMPLE %d-bit  ", e->code32 ? 32 : 16);
			print_bytes(e->bytes, (unsigned)e->avail);
			printf("\n      expected: len %d  %s\n      glasspc:  len %d  %s\n", e->len, e->text, len, text);
			failed++;
		}
	}
	return failed;
}

int main(int argc, char **argv)
{
	unsigned long count = argc > 1 ? strtoul(argv[1], NULL, 0) : DEFAULT_COUNT;
	uint64_t seed = argc > 2 ? strtoull(argv[2], NULL, 0) : DEFAULT_SEED;
	const char *known = getenv("DISASM_KNOWN");
	const char *v = getenv("DISASM_VERBOSE");
	bool verbose = v && *v && *v != '0';
	if (!count)
		die("count must be positive");

	decode_init();
	collect_prefixes();
	load_categories(known && *known ? known : KNOWN_DIFFERENCES_PATH);

	unsigned examples_failed = check_examples();
	unsigned long unlisted = 0;
	struct mode_result res[2];
	for (int mode = 0; mode < 2; mode++) {
		res[mode] = test_mode(mode == 1, count, seed, verbose);
		unlisted += res[mode].unlisted;
	}
	for (int mode = 0; mode < 2; mode++) {
		const struct mode_result *r = &res[mode];
		printf("%d-bit: %lu compared, %lu agreed, %lu known differences, %lu unlisted\n", mode ? 32 : 16, r->compared,
		       r->agreed, r->listed, r->unlisted);
	}
	printf("known differences by category (16-bit / 32-bit):\n");
	for (int k = 0; k < category_count; k++)
		printf("  %-24s %7lu %7lu\n", categories[k].name, categories[k].count[0], categories[k].count[1]);
	if (examples_failed) {
		printf("FAIL: %u examples of the output format differ (above)\n", examples_failed);
		return 1;
	}
	if (unlisted) {
		printf("FAIL: %lu disagreements in no category of known-differences.txt (first ones above)\n", unlisted);
		return 1;
	}
	return 0;
}
