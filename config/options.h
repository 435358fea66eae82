/* The command line: what the user asked for, before any machine exists. */
#ifndef GLASSPC_CONFIG_OPTIONS_H
#define GLASSPC_CONFIG_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

enum machine_kind { MACHINE_PC, MACHINE_BARE };

#define OPTIONS_MAX_POST_PORTS 4

struct options {
	enum machine_kind machine;
	bool machine_given;
	const char *rom;       /* --rom: a test ROM for the bare machine */
	const char *image;     /* the positional IMAGE */
	int cpu_model;         /* enum cpu_model */
	uint32_t memory_mb;
	uint64_t max_insns;    /* 0 = no limit */
	const char *debugcon;  /* destination of ports 0xE9/0x402 */
	uint16_t post_ports[OPTIONS_MAX_POST_PORTS];
	int npost_ports;
	bool quiet;            /* no report on stderr at exit */
};

/* Parses argv into opts (defaults first).  On a bad command line prints
 * one line "glasspc: ..." to stderr and returns -1; returns 1 when it
 * printed help or the version and the program should exit with 0. */
int options_parse(struct options *opts, int argc, char **argv);

/* Exit statuses (also in docs/usage.md). */
enum {
	EXIT_OK = 0,
	EXIT_USAGE = 2,      /* bad command line, configuration or input file */
	EXIT_TRIPLE_FAULT = 4,
	EXIT_HALT_IF = 6,    /* the guest halted with interrupts enabled and nothing can wake it */
};

#endif
