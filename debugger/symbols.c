/* Symbols for addresses: "ldsym FILE [OFFSET]" reads lines of
 *
 *   ADDRESS NAME          (Bochs's format; nasm -l listings turned into it)
 *   ADDRESS TYPE NAME     (the output of nm)
 *
 * with ADDRESS in hex (a 0x prefix optional).  Blank lines and lines
 * starting with '#' or ';' are skipped.  Symbols are kept sorted by
 * address, so that an address finds the symbol at or below it. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "debugger/internal.h"

/* A symbol further than this below an address does not name it: the
 * address is more likely in code without symbols. */
#define SYMBOL_REACH 0x10000u
#define SYMBOLS_MAX 1000000u
#define SYMBOL_NAME_MAX 127

static int by_address(const void *a, const void *b)
{
	const struct symbol *x = a, *y = b;
	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return strcmp(x->name, y->name);
}

void dbg_free_symbols(struct debugger *d)
{
	for (size_t k = 0; k < d->nsymbols; k++)
		free(d->symbols[k].name);
	free(d->symbols);
	d->symbols = NULL;
	d->nsymbols = 0;
}

static bool parse_hex(const char *s, uint32_t *out)
{
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	if (!*s)
		return false;
	uint64_t v = 0;
	for (; *s; s++) {
		if (!isxdigit((unsigned char)*s))
			return false;
		v = v * 16 + (uint64_t)(isdigit((unsigned char)*s) ? *s - '0' : (tolower((unsigned char)*s) - 'a' + 10));
		if (v > 0xFFFFFFFFu)
			return false;
	}
	*out = (uint32_t)v;
	return true;
}

int dbg_load_symbols(struct debugger *d, const char *path, uint32_t offset, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "cannot open '%.100s': %s", path, strerror(errno));
		return -1;
	}
	char line[512];
	unsigned lineno = 0, added = 0;
	size_t cap = d->nsymbols;
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		char *fields[3];
		int nf = 0;
		for (char *tok = strtok(line, " \t\r\n"); tok && nf < 3; tok = strtok(NULL, " \t\r\n"))
			fields[nf++] = tok;
		if (nf == 0 || fields[0][0] == '#' || fields[0][0] == ';')
			continue;
		uint32_t addr;
		if (nf < 2 || !parse_hex(fields[0], &addr)) {
			snprintf(err, errlen, "%.100s:%u: expected 'ADDRESS NAME'", path, lineno);
			fclose(f);
			return -1;
		}
		const char *name = fields[nf - 1];
		if (nf == 3 && strlen(fields[1]) != 1) {
			snprintf(err, errlen, "%.100s:%u: expected 'ADDRESS NAME' or 'ADDRESS TYPE NAME'", path, lineno);
			fclose(f);
			return -1;
		}
		if (strlen(name) > SYMBOL_NAME_MAX || d->nsymbols >= SYMBOLS_MAX) {
			snprintf(err, errlen, "%.100s:%u: name too long or too many symbols", path, lineno);
			fclose(f);
			return -1;
		}
		if (d->nsymbols == cap) {
			cap = cap ? cap * 2 : 256;
			struct symbol *grown = realloc(d->symbols, cap * sizeof(*grown));
			if (!grown) {
				snprintf(err, errlen, "out of memory");
				fclose(f);
				return -1;
			}
			d->symbols = grown;
		}
		char *copy = strdup(name);
		if (!copy) {
			snprintf(err, errlen, "out of memory");
			fclose(f);
			return -1;
		}
		d->symbols[d->nsymbols++] = (struct symbol){addr + offset, copy};
		added++;
	}
	fclose(f);
	qsort(d->symbols, d->nsymbols, sizeof(*d->symbols), by_address);
	snprintf(err, errlen, "%u symbols loaded from %.100s", added, path);
	return 0;
}

bool dbg_symbol_value(struct debugger *d, const char *name, size_t len, uint32_t *value)
{
	for (size_t k = 0; k < d->nsymbols; k++)
		if (strlen(d->symbols[k].name) == len && !strncmp(d->symbols[k].name, name, len)) {
			*value = d->symbols[k].addr;
			return true;
		}
	return false;
}

const char *dbg_symbolize(struct debugger *d, uint32_t addr, char *buf, size_t len)
{
	buf[0] = 0;
	/* The last symbol at or below addr. */
	size_t lo = 0, hi = d->nsymbols;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (d->symbols[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return buf;
	const struct symbol *s = &d->symbols[lo - 1];
	if (addr - s->addr >= SYMBOL_REACH)
		return buf;
	if (addr == s->addr)
		snprintf(buf, len, "%s", s->name);
	else
		snprintf(buf, len, "%s+0x%x", s->name, addr - s->addr);
	return buf;
}
