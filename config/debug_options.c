/* The debugging options; see debug_options.h and docs/debugging.md. */
#include "config/debug_options.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void debug_options_usage(FILE *out)
{
	fputs("Debugging (docs/debugging.md):\n"
	      "  --debugger            start in the debugger console, before the first instruction\n"
	      "  --debugger-script FILE  run console commands from FILE first\n"
	      "  --trace FILE          write one line per instruction (docs/trace-format.md)\n"
	      "  --trace-from N        trace from instruction N on\n"
	      "  --trace-range LO:HI   trace only instructions at linear addresses LO..HI\n",
	      out);
}

static bool parse_u64(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 0);
	if (errno || end == s || *end || s[0] == '-')
		return false;
	*out = v;
	return true;
}

static bool parse_range(const char *s, uint32_t *lo, uint32_t *hi)
{
	char buf[64];
	const char *colon = strchr(s, ':');
	if (!colon || (size_t)(colon - s) >= sizeof(buf))
		return false;
	memcpy(buf, s, (size_t)(colon - s));
	buf[colon - s] = 0;
	uint64_t a, b;
	if (!parse_u64(buf, &a) || !parse_u64(colon + 1, &b) || a > 0xFFFFFFFFu || b > 0xFFFFFFFFu || a > b)
		return false;
	*lo = (uint32_t)a;
	*hi = (uint32_t)b;
	return true;
}

/* "--name VALUE" or "--name=VALUE": the value, or NULL when argv[*i] is
 * not this option.  Advances *i past a separate value. */
static const char *option_value(int argc, char **argv, int *i, const char *name, bool *missing)
{
	size_t n = strlen(name);
	const char *a = argv[*i];
	if (strncmp(a, name, n))
		return NULL;
	if (a[n] == '=')
		return a + n + 1;
	if (a[n])
		return NULL;
	if (*i + 1 >= argc) {
		*missing = true;
		return NULL;
	}
	return argv[++*i];
}

int debug_options_extract(struct debug_options *opts, int *argc, char **argv)
{
	memset(opts, 0, sizeof(*opts));
	int out = 1;
	int i;
	for (i = 1; i < *argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--")) {
			break;
		}
		bool missing = false;
		const char *v;
		uint64_t n;
		int first = i;
		if (!strcmp(a, "--debugger")) {
			opts->console = true;
		} else if ((v = option_value(*argc, argv, &i, "--debugger-script", &missing))) {
			opts->script = v;
		} else if ((v = option_value(*argc, argv, &i, "--trace-from", &missing))) {
			if (!parse_u64(v, &n)) {
				fprintf(stderr, "glasspc: bad --trace-from count '%s'\n", v);
				return -1;
			}
			opts->trace_from = n;
		} else if ((v = option_value(*argc, argv, &i, "--trace-range", &missing))) {
			if (!parse_range(v, &opts->trace_lo, &opts->trace_hi)) {
				fprintf(stderr, "glasspc: bad --trace-range '%s' (LO:HI, linear addresses, LO <= HI)\n", v);
				return -1;
			}
			opts->trace_range = true;
		} else if ((v = option_value(*argc, argv, &i, "--trace", &missing))) {
			opts->trace_path = v;
		} else if ((v = option_value(*argc, argv, &i, "--gdb", &missing))) {
			opts->gdb = v;
		} else if (!missing) {
			argv[out++] = argv[first];
			continue;
		}
		if (missing) {
			fprintf(stderr, "glasspc: option '%s' needs a value\n", a);
			return -1;
		}
	}
	for (; i < *argc; i++)
		argv[out++] = argv[i];
	argv[out] = NULL;
	*argc = out;
	return 0;
}

bool debug_options_any(const struct debug_options *opts)
{
	return opts->console || opts->script || opts->trace_path || opts->gdb;
}
