/* glasspc-tracediff A B: the first place two instruction traces (the
 * format of docs/trace-format.md) part, with the lines before it for
 * context and the fields that differ.  Exit status 0 when the traces are
 * the same, 1 when they differ, 2 on a usage or file error. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CONTEXT_LINES 3
#define LINE_LEN 4096

static const char *const field_names[] = {"count", "mode", "cs:eip", "linear", "bytes", "disassembly", "changes"};
#define NFIELDS (sizeof(field_names) / sizeof(field_names[0]))

/* Splits a copy of line at tabs; returns the number of fields. */
static unsigned split_fields(char *line, char *fields[NFIELDS])
{
	unsigned n = 0;
	char *p = line;
	while (n < NFIELDS) {
		fields[n++] = p;
		char *tab = strchr(p, '\t');
		if (!tab)
			break;
		*tab = 0;
		p = tab + 1;
	}
	for (unsigned k = n; k < NFIELDS; k++)
		fields[k] = "";
	return n;
}

static void chomp(char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = 0;
}

/* The words of the changes field that are in one line and not the other. */
static void print_change_words(const char *label, const char *mine, const char *theirs)
{
	char copy[LINE_LEN];
	snprintf(copy, sizeof(copy), "%s", mine);
	bool any = false;
	for (char *w = strtok(copy, " "); w; w = strtok(NULL, " ")) {
		const char *p = theirs;
		size_t n = strlen(w);
		bool found = false;
		while ((p = strstr(p, w))) {
			if ((p == theirs || p[-1] == ' ') && (p[n] == 0 || p[n] == ' ')) {
				found = true;
				break;
			}
			p += n;
		}
		if (!found) {
			printf("%s%s", any ? " " : label, w);
			any = true;
		}
	}
	if (any)
		putchar('\n');
}

int main(int argc, char **argv)
{
	if (argc != 3 || !strcmp(argv[1], "--help")) {
		fprintf(stderr, "usage: glasspc-tracediff TRACE-A TRACE-B\n"
				"Reports the first line where two instruction traces differ.\n");
		return argc == 2 && !strcmp(argv[1], "--help") ? 0 : 2;
	}
	FILE *fa = fopen(argv[1], "r"), *fb = fopen(argv[2], "r");
	if (!fa || !fb) {
		fprintf(stderr, "glasspc-tracediff: cannot open '%s': %s\n", !fa ? argv[1] : argv[2], strerror(errno));
		return 2;
	}
	static char context[CONTEXT_LINES][LINE_LEN];
	static char la[LINE_LEN], lb[LINE_LEN];
	unsigned long long lineno = 0;
	int status = 0;
	for (;;) {
		char *ra = fgets(la, sizeof(la), fa);
		char *rb = fgets(lb, sizeof(lb), fb);
		lineno++;
		if (!ra && !rb) {
			printf("traces are identical (%llu lines)\n", lineno - 1);
			break;
		}
		if (ra && rb && !strcmp(la, lb)) {
			memmove(context[0], context[1], sizeof(context[0]) * (CONTEXT_LINES - 1));
			snprintf(context[CONTEXT_LINES - 1], LINE_LEN, "%s", la);
			continue;
		}
		status = 1;
		printf("first difference at line %llu\n", lineno);
		for (unsigned k = 0; k < CONTEXT_LINES; k++)
			if (context[k][0])
				printf("  %s", context[k]);
		if (!ra || !rb) {
			const char *ended = !ra ? argv[1] : argv[2];
			chomp(ra ? la : lb);
			printf("%s ends here; the other continues with:\n+ %s\n", ended, ra ? la : lb);
			break;
		}
		chomp(la);
		chomp(lb);
		printf("- %s\n+ %s\n", la, lb);
		char ca[LINE_LEN], cb[LINE_LEN];
		snprintf(ca, sizeof(ca), "%s", la);
		snprintf(cb, sizeof(cb), "%s", lb);
		char *fa_fields[NFIELDS], *fb_fields[NFIELDS];
		split_fields(ca, fa_fields);
		split_fields(cb, fb_fields);
		printf("differing fields:");
		for (unsigned k = 0; k < NFIELDS; k++)
			if (strcmp(fa_fields[k], fb_fields[k]))
				printf(" %s", field_names[k]);
		putchar('\n');
		if (strcmp(fa_fields[NFIELDS - 1], fb_fields[NFIELDS - 1])) {
			print_change_words("  only in A: ", fa_fields[NFIELDS - 1], fb_fields[NFIELDS - 1]);
			print_change_words("  only in B: ", fb_fields[NFIELDS - 1], fa_fields[NFIELDS - 1]);
		}
		break;
	}
	fclose(fa);
	fclose(fb);
	return status;
}
