/* The debugging options of the command line (--debugger, --trace, --gdb
 * and their companions).  They are parsed apart from options.c, before
 * it, by taking them out of argv: the debugger's options then change
 * nothing in the main parser while the machine configuration is being
 * reworked there.  Folding them into options_parse later is a move, not
 * a rewrite. */
#ifndef GLASSPC_CONFIG_DEBUG_OPTIONS_H
#define GLASSPC_CONFIG_DEBUG_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct debug_options {
	bool console;           /* --debugger: the console before the first instruction */
	const char *script;     /* --debugger-script FILE: console commands to run first */
	const char *trace_path; /* --trace FILE: one line per instruction */
	uint64_t trace_from;    /* --trace-from N: instructions before count N are not traced */
	bool trace_range;       /* --trace-range LO:HI: only linear addresses LO..HI */
	uint32_t trace_lo, trace_hi;
	const char *gdb;        /* --gdb [HOST:]PORT: the gdb remote stub, as given */
	char gdb_host[64];      /* its host ("127.0.0.1" when none is given) */
	unsigned gdb_port;      /* its port (0: any free one) */
};

/* Takes the debugging options (and their values) out of argv, shifting
 * the rest down and updating *argc, so that options_parse never sees
 * them.  Stops at "--".  Returns 0, or -1 after printing one line
 * "glasspc: ..." to stderr for a bad value. */
int debug_options_extract(struct debug_options *opts, int *argc, char **argv);

/* True when any debugging option was given: the machine then runs the
 * guest through the debugger. */
bool debug_options_any(const struct debug_options *opts);

/* The --help lines for these options. */
void debug_options_usage(FILE *out);

#endif
