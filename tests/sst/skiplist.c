/* Skip-list reader; see skiplist.h for the format. */
#include "tests/sst/skiplist.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool ends_with_nocase(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);
	return len >= n && strncasecmp(s + len - n, suffix, n) == 0;
}

void skip_file_key(const char *file_name, char *base, size_t base_len, char *opcode, size_t opcode_len)
{
	const char *slash = strrchr(file_name, '/');
	const char *name = slash ? slash + 1 : file_name;
	size_t len = strlen(name);
	if (ends_with_nocase(name, len, ".gz"))
		len -= 3;
	if (ends_with_nocase(name, len, ".moo"))
		len -= 4;
	snprintf(base, base_len, "%.*s", (int)len, name);
	size_t op = strcspn(base, ".");
	snprintf(opcode, opcode_len, "%.*s", (int)op, base);
}

bool skip_entry_matches_file(const struct skip_entry *e, const char *base, const char *opcode)
{
	return strcasecmp(e->which, base) == 0 || strcasecmp(e->which, opcode) == 0;
}

static int parse_index(const char *s, uint32_t *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (!isdigit((unsigned char)*s) || *end || errno || v > UINT32_MAX)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

static int parse_line(struct skip_entry *e, char *line, const char *path, int lineno, char *err, size_t errlen)
{
	char *p = line;
	char *fields[2];
	for (int f = 0; f < 2; f++) {
		while (*p == ' ' || *p == '\t')
			p++;
		fields[f] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		if (!*p) {
			snprintf(err, errlen, "%s:%d: expected 'FILE-or-opcode INDEX|FIRST-LAST|* reason'", path, lineno);
			return -1;
		}
		*p++ = '\0';
	}
	while (*p == ' ' || *p == '\t')
		p++;
	char *reason = p;
	size_t rlen = strlen(reason);
	while (rlen && isspace((unsigned char)reason[rlen - 1]))
		reason[--rlen] = '\0';
	if (!rlen) {
		snprintf(err, errlen, "%s:%d: a skip needs a reason", path, lineno);
		return -1;
	}
	char base[64], opcode[64];
	skip_file_key(fields[0], base, sizeof(base), opcode, sizeof(opcode));
	if (strlen(fields[0]) >= sizeof(e->which)) {
		snprintf(err, errlen, "%s:%d: file name too long", path, lineno);
		return -1;
	}
	snprintf(e->which, sizeof(e->which), "%s", base);

	char *range = fields[1];
	if (strcmp(range, "*") == 0) {
		e->first = 0;
		e->last = UINT32_MAX;
	} else {
		char *dash = strchr(range, '-');
		if (dash)
			*dash = '\0';
		if (parse_index(range, &e->first) || (dash && parse_index(dash + 1, &e->last))) {
			snprintf(err, errlen, "%s:%d: test index must be a number, FIRST-LAST or *", path, lineno);
			return -1;
		}
		if (!dash)
			e->last = e->first;
		if (e->last < e->first) {
			snprintf(err, errlen, "%s:%d: empty index range", path, lineno);
			return -1;
		}
	}
	e->reason = strdup(reason);
	if (!e->reason) {
		snprintf(err, errlen, "%s:%d: out of memory", path, lineno);
		return -1;
	}
	e->line = lineno;
	e->hits = 0;
	return 0;
}

int skip_list_load(struct skip_list *list, const char *path, char *err, size_t errlen)
{
	memset(list, 0, sizeof(*list));
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	char *line = NULL;
	size_t cap = 0, alloc = 0;
	int lineno = 0;
	ssize_t n;
	while ((n = getline(&line, &cap, f)) >= 0) {
		lineno++;
		char *p = line;
		while (*p && isspace((unsigned char)*p))
			p++;
		if (!*p || *p == '#')
			continue;
		if (list->count == alloc) {
			size_t more = alloc ? alloc * 2 : 16;
			struct skip_entry *grown = realloc(list->entries, more * sizeof(*grown));
			if (!grown) {
				snprintf(err, errlen, "%s:%d: out of memory", path, lineno);
				goto fail;
			}
			list->entries = grown;
			alloc = more;
		}
		if (parse_line(&list->entries[list->count], p, path, lineno, err, errlen))
			goto fail;
		list->count++;
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: read error", path);
		goto fail;
	}
	free(line);
	fclose(f);
	return 0;
fail:
	free(line);
	fclose(f);
	skip_list_free(list);
	return -1;
}

void skip_list_free(struct skip_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		free(list->entries[i].reason);
	free(list->entries);
	memset(list, 0, sizeof(*list));
}
