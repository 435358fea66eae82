/* --bench-report: the host time and the exact guest instruction count
 * of the phases a benchmark guest marks on the benchmark port (0xF5,
 * see iodev/debugport.h and docs/usage.md).
 *
 * Marks, one byte each:
 *   0x80         the boot sector runs: the firmware's share is the time
 *                and instructions from the machine's start to here;
 *   0x01..0x7F   phase N begins (and the open phase, if any, ends);
 *   0x00         the open phase ends.
 * Other values are ignored.  The machine calls bench_report_mark() with
 * its count of executed guest instructions (idle time not counted), the
 * host's monotonic clock and the process's CPU time (which a busy host
 * disturbs less). */
#ifndef GLASSPC_MACHINE_BENCH_REPORT_H
#define GLASSPC_MACHINE_BENCH_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define BENCH_MARK_END 0x00
#define BENCH_MARK_BOOT 0x80
#define BENCH_REPORT_MAX_PHASES 16

struct bench_phase {
	uint8_t number;
	uint64_t insns;
	uint64_t host_ns, cpu_ns;
};

struct bench_report {
	uint64_t start_insns, start_ns, start_cpu_ns; /* the machine's start */
	bool booted;
	uint64_t boot_insns, boot_ns, boot_cpu_ns; /* from the start to the boot mark */
	struct bench_phase phases[BENCH_REPORT_MAX_PHASES];
	int nphases;
	int dropped;                    /* phases beyond the table */
	int open;                       /* the phase being timed, or 0 */
	uint64_t open_insns, open_ns, open_cpu_ns; /* where it began */
};

void bench_report_start(struct bench_report *report, uint64_t insns, uint64_t host_ns, uint64_t cpu_ns);
void bench_report_mark(struct bench_report *report, uint8_t mark, uint64_t insns, uint64_t host_ns, uint64_t cpu_ns);
/* The process's CPU time (CLOCK_PROCESS_CPUTIME_ID) in ns. */
uint64_t bench_report_cpu_ns(void);
/* Lines "glasspc: bench: ..." (see docs/usage.md); a phase still open
 * is reported as unfinished. */
void bench_report_print(const struct bench_report *report, FILE *out);

#endif
