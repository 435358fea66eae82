/* The command line: what the user asked for, before any machine exists.
 * A configuration file (-f, bochsrc syntax) is read first; options on the
 * command line then override it, wherever they stand. */
#ifndef GLASSPC_CONFIG_OPTIONS_H
#define GLASSPC_CONFIG_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "config/machine_config.h"

enum machine_kind { MACHINE_PC, MACHINE_BARE };

#define OPTIONS_MAX_POST_PORTS 4

struct options {
	enum machine_kind machine; /* --rom without --machine means bare */
	bool machine_given;
	const char *rom;       /* --rom: a test ROM for the bare machine */
	const char *image;     /* the positional IMAGE (also placed in pc.drive[]) */
	const char *config_file; /* -f: the bochsrc read, or NULL */
	/* The bare machine's settings; the first three mirror pc. */
	int cpu_model;         /* enum cpu_model */
	uint32_t memory_mb;
	const char *debugcon;  /* destination of ports 0xE9/0x402: stdio, none, file:PATH, tcp:... */
	uint64_t max_insns;    /* 0 = no limit */
	uint16_t post_ports[OPTIONS_MAX_POST_PORTS];
	int npost_ports;
	bool quiet;            /* no report on stderr at exit */
	bool serial_given;     /* a --serial on the command line */
	bool debugcon_given;   /* a --debugcon on the command line */
	bool bench_report;     /* --bench-report: time the marks on port 0xF5 (PC) */
	bool print_config;     /* --print-config: print pc and exit */
	struct machine_config pc; /* the PC to build: file, then command line, finalized */
	char *owned_debugcon;  /* the storage of debugcon */
};

/* Parses argv into opts (defaults first).  On a bad command line,
 * configuration file or input file prints one line "glasspc: ..." to
 * stderr and returns -1; returns 1 when it printed help, the version or
 * the configuration and the program should exit with 0.  Call
 * options_free() afterwards whatever it returned. */
int options_parse(struct options *opts, int argc, char **argv);
/* The same, printing help and --print-config to out and messages
 * (errors, the ignored-directives warning) to msgs. */
int options_parse_to(struct options *opts, int argc, char **argv, FILE *out, FILE *msgs);
void options_free(struct options *opts);

/* Whether main() will run the bare machine: --machine bare, or --rom. */
bool options_run_bare(const struct options *opts);
/* Whether main() will boot the demo disk on the PC: nothing to boot and
 * no --machine. */
bool options_boot_demo(const struct options *opts);

/* Exit statuses (also in docs/usage.md). */
enum {
	EXIT_OK = 0,
	EXIT_USAGE = 2,      /* bad command line, configuration or input file */
	EXIT_TRIPLE_FAULT = 4,
	EXIT_HALT_IF = 6,    /* the guest halted with interrupts enabled and nothing can wake it */
};

#endif
