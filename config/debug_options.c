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
	      "  --trace-range LO:HI   trace only instructions at linear addresses LO..HI\n"
	      "  --gdb [HOST:]PORT     wait for gdb (target remote HOST:PORT) before the first instruction;\n"
	      "                        HOST defaults to 127.0.0.1, PORT 0 picks a free port (printed)\n",
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

/* [HOST:]PORT, with HOST a name or an address ("[::1]" for IPv6). */
static bool parse_gdb_address(const char *s, char *host, size_t hostlen, unsigned *port)
{
	const char *colon = strrchr(s, ':');
	const char *p = colon ? colon + 1 : s;
	size_t digits = strspn(p, "0123456789");
	if (digits == 0 || digits > 5 || p[digits] || strtoul(p, NULL, 10) > 65535)
		return false;
	*port = (unsigned)strtoul(p, NULL, 10);
	if (!colon) {
		snprintf(host, hostlen, "127.0.0.1");
		return true;
	}
	size_t len = (size_t)(colon - s);
	if (len >= 2 && s[0] == '[' && s[len - 1] == ']') {
		s++;
		len -= 2;
	}
	if (len == 0 || len >= hostlen)
		return false;
	memcpy(host, s, len);
	host[len] = 0;
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
			if (!parse_gdb_address(v, opts->gdb_host, sizeof(opts->gdb_host), &opts->gdb_port)) {
				fprintf(stderr, "glasspc: bad --gdb address '%s' (want [HOST:]PORT, PORT 0 to 65535)\n", v);
				return -1;
			}
		} else if (!missing) {
			argv[out++] = argv[first];
			continue;
		}
		if (missing) {
			fprintf(stderr, "glasspc: option '%s' needs a value\n", a);
			return -1;
		}
	}
	if (opts->gdb && opts->console) {
		fprintf(stderr, "glasspc: --gdb and --debugger are two front ends to one debugger: give one\n");
		return -1;
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
