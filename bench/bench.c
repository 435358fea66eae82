/* glasspc-bench: the CPU-only benchmark (`make bench`).
 *
 * Builds the bare machine in-process (RAM, the workload ROM at the top of
 * the first MiB and of the address space, the debug console on port 0xE9),
 * runs the guest in chunks of instructions for a few seconds of host time,
 * and reports guest instructions per second.  The guest prints a checksum
 * line after every round of its workload; every round must print the same
 * line, so a benchmark run is also a correctness check.
 *
 * A REP string instruction counts as one instruction, whatever its count,
 * as everywhere in glasspc (cpu->icount). */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cpu/cpu.h"
#include "iodev/bus.h"
#include "bios/rom.h"
#include "memory/mem.h"

#ifndef BENCH_ROM
#define BENCH_ROM "bench/workload.rom"
#endif

#define BENCH_RAM (2u << 20)
#define BENCH_ROM_MAX (512u * 1024)
/* Instructions per cpu_run() call: large enough that the clock and the
 * loop cost nothing, small enough to stop close to the deadline. */
#define CHUNK_INSNS 10000000u
#define LINE_MAX_LEN 128
#define PHASE_COUNT 8 /* the workload's phase numbers, 0 (between rounds) to 7 */
#define MAX_RUNS 100

struct bench_options {
	double seconds;   /* host time per run, when insns is 0 */
	uint64_t insns;   /* fixed guest instruction count per run, or 0 */
	int runs;
	enum cpu_model model;
	const char *rom_path;
	const char *expect; /* the checksum line the guest must print, or NULL */
	bool phases;
};

/* What one run measured and what the guest printed. */
struct bench_run {
	uint64_t insns;
	double seconds;
	enum cpu_stop stop;
	uint64_t rounds;     /* checksum lines printed */
	uint64_t mismatches; /* checksum lines that differ from the first */
	uint64_t messages;   /* other lines: the guest reporting a fault */
	char first_line[LINE_MAX_LEN];
	char other_line[LINE_MAX_LEN]; /* the first checksum line that differed */
	uint64_t phase_insns[PHASE_COUNT];
	double phase_seconds[PHASE_COUNT]; /* with --phases only */
	double cpu_seconds; /* host CPU time of the process: less than seconds on a busy host */
};

struct bench_machine {
	struct mem *mem;
	struct iobus *io;
	struct cpu *cpu;
	struct bench_run *run;
	char line[LINE_MAX_LEN];
	unsigned line_len;
	int phase;
	uint64_t phase_start;
	bool time_phases; /* read the clock at each phase mark (--phases) */
	struct timespec phase_start_time;
	/* The current round's share, added to the run's when the round
	 * completes, so that the figures cover whole rounds only. */
	uint64_t round_insns[PHASE_COUNT];
	double round_seconds[PHASE_COUNT];
};

/* The workload prints "checksum XXXXXXXX" after each round; any other
 * line is its report of an unexpected interrupt or a bad opcode. */
static void bench_machine_end_line(struct bench_machine *m)
{
	struct bench_run *run = m->run;
	m->line[m->line_len] = '\0';
	m->line_len = 0;
	if (strncmp(m->line, "checksum ", 9)) {
		fprintf(stderr, "glasspc-bench: the guest says: %s\n", m->line);
		run->messages++;
		return;
	}
	if (run->rounds == 0) {
		snprintf(run->first_line, sizeof(run->first_line), "%s", m->line);
	} else if (strcmp(m->line, run->first_line)) {
		if (run->mismatches == 0)
			snprintf(run->other_line, sizeof(run->other_line), "%s", m->line);
		run->mismatches++;
	}
	run->rounds++;
}

static uint32_t debugcon_read(void *opaque, uint16_t port, unsigned size)
{
	return 0xE9; /* what Bochs and QEMU answer */
}

static void debugcon_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
	struct bench_machine *m = opaque;
	char c = (char)(value & 0xFF);
	if (c == '\n') {
		bench_machine_end_line(m);
		return;
	}
	/* A line too long for the buffer is cut; it still counts as a line,
	 * and cut the same way every round. */
	if (m->line_len < LINE_MAX_LEN - 1)
		m->line[m->line_len++] = c;
}

static double timespec_diff(const struct timespec *from, const struct timespec *to)
{
	return (double)(to->tv_sec - from->tv_sec) + (double)(to->tv_nsec - from->tv_nsec) * 1e-9;
}

/* The workload writes the number of the phase it starts to port 0x80;
 * the instructions since the previous mark belong to the previous phase. */
static void phase_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
	struct bench_machine *m = opaque;
	uint64_t now = m->cpu->icount;
	struct timespec now_time = {0, 0};
	if (m->time_phases)
		clock_gettime(CLOCK_MONOTONIC, &now_time);
	if (m->phase >= 0) {
		m->round_insns[m->phase] += now - m->phase_start;
		m->round_seconds[m->phase] += timespec_diff(&m->phase_start_time, &now_time);
	}
	m->phase = (int)(value & 0xFF) < PHASE_COUNT ? (int)(value & 0xFF) : -1;
	if (m->phase == 0) { /* a round ends */
		for (int p = 0; p < PHASE_COUNT; p++) {
			m->run->phase_insns[p] += m->round_insns[p];
			m->run->phase_seconds[p] += m->round_seconds[p];
			m->round_insns[p] = 0;
			m->round_seconds[p] = 0;
		}
	}
	m->phase_start = now;
	m->phase_start_time = now_time;
}

static void bench_machine_destroy(struct bench_machine *m)
{
	cpu_destroy(m->cpu);
	iobus_destroy(m->io);
	mem_destroy(m->mem);
}

/* Wires RAM, the ROM (twice, as machine/bare.c does), the debug console
 * and the phase port.  The ROM buffer is shared by every run: the guest
 * cannot write it. */
static bool bench_machine_init(struct bench_machine *m, enum cpu_model model, uint8_t *rom, size_t rom_size,
			       struct bench_run *run)
{
	memset(m, 0, sizeof(*m));
	m->run = run;
	m->phase = -1;
	uint32_t bus_mask = cpu_model_bus_mask(model);
	uint32_t ram = BENCH_RAM - 1 <= bus_mask ? BENCH_RAM : bus_mask + 1;
	m->mem = mem_create(ram, bus_mask);
	m->io = iobus_create();
	if (!m->mem || !m->io) {
		bench_machine_destroy(m);
		return false;
	}
	uint32_t size = (uint32_t)rom_size;
	mem_map_rom(m->mem, 0x100000u - size, size, rom, "rom");
	if (bus_mask > 0xFFFFF)
		mem_map_rom(m->mem, bus_mask - size + 1, size, rom, "rom-high");
	iobus_register(m->io, 0xE9, 1, IO_WIDTH_8, debugcon_read, debugcon_write, m, "debugcon");
	iobus_register(m->io, 0x80, 1, IO_WIDTH_8, NULL, phase_write, m, "bench-phase");
	m->cpu = cpu_create(model, m->mem, m->io);
	if (!m->cpu) {
		bench_machine_destroy(m);
		return false;
	}
	return true;
}

static const char *stop_name(enum cpu_stop stop)
{
	switch (stop) {
	case CPU_STOP_HALT: return "halted";
	case CPU_STOP_SHUTDOWN: return "shut down (triple fault)";
	case CPU_STOP_REQUEST: return "stopped on request";
	default: return "stopped";
	}
}

static double seconds_since(clockid_t clock, const struct timespec *start)
{
	struct timespec now;
	clock_gettime(clock, &now);
	return timespec_diff(start, &now);
}

/* One run on a fresh machine: until opts->insns instructions, or until
 * opts->seconds of host time have passed (checked between chunks). */
static bool bench_run_once(const struct bench_options *opts, uint8_t *rom, size_t rom_size, struct bench_run *run)
{
	struct bench_machine m;
	memset(run, 0, sizeof(*run));
	if (!bench_machine_init(&m, opts->model, rom, rom_size, run)) {
		fprintf(stderr, "glasspc-bench: out of memory building the machine\n");
		return false;
	}
	m.time_phases = opts->phases;
	struct timespec start, cpu_start;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu_start);
	clock_gettime(CLOCK_MONOTONIC, &start);
	double elapsed = 0;
	enum cpu_stop stop;
	for (;;) {
		uint64_t limit = m.cpu->icount + CHUNK_INSNS;
		if (opts->insns && limit > opts->insns)
			limit = opts->insns;
		stop = cpu_run(m.cpu, limit);
		elapsed = seconds_since(CLOCK_MONOTONIC, &start);
		if (stop != CPU_STOP_INSN_LIMIT)
			break;
		if (opts->insns ? m.cpu->icount >= opts->insns : elapsed >= opts->seconds)
			break;
	}
	run->cpu_seconds = seconds_since(CLOCK_PROCESS_CPUTIME_ID, &cpu_start);
	run->insns = m.cpu->icount;
	run->seconds = elapsed;
	run->stop = stop;
	if (stop != CPU_STOP_INSN_LIMIT) {
		char state[512];
		cpu_format_state(m.cpu, state, sizeof(state));
		fprintf(stderr, "glasspc-bench: the guest %s after %" PRIu64 " instructions\n%s\n", stop_name(stop),
			run->insns, state);
		if (m.line_len) {
			m.line[m.line_len] = '\0';
			fprintf(stderr, "glasspc-bench: its last output: %s\n", m.line);
		}
	}
	bench_machine_destroy(&m);
	return true;
}

static double run_mips(const struct bench_run *run)
{
	return run->seconds > 0 ? (double)run->insns / run->seconds / 1e6 : 0;
}

/* Prints one run's figures; returns whether the guest behaved. */
static bool bench_report_run(const struct bench_options *opts, int number, const struct bench_run *run)
{
	printf("run %d: %" PRIu64 " instructions in %.3f s = %.2f MIPS, %" PRIu64 " rounds: %s\n", number,
	       run->insns, run->seconds, run_mips(run), run->rounds, run->rounds ? run->first_line : "(none)");
	if (run->seconds > 0.1 && run->cpu_seconds < 0.9 * run->seconds)
		printf("  (the host was busy: this process ran only %.0f %% of the time, so the figure is low)\n",
		       100 * run->cpu_seconds / run->seconds);
	bool ok = run->stop == CPU_STOP_INSN_LIMIT && run->messages == 0;
	if (run->rounds == 0) {
		fprintf(stderr, "glasspc-bench: run %d: no round of the workload completed\n", number);
		ok = false;
	}
	if (run->mismatches) {
		fprintf(stderr, "glasspc-bench: run %d: %" PRIu64 " of %" PRIu64 " rounds printed another line, first: %s\n",
			number, run->mismatches, run->rounds, run->other_line);
		ok = false;
	}
	if (opts->expect && run->rounds && strcmp(run->first_line, opts->expect)) {
		fprintf(stderr, "glasspc-bench: run %d: expected '%s'\n", number, opts->expect);
		ok = false;
	}
	if (opts->phases) {
		static const char *const names[PHASE_COUNT] = {
			"output", "arith (mul/div)", "memory moves", "calls", "sieve", "crc32", "sort", "bytecode",
		};
		uint64_t total = 0;
		double total_seconds = 0;
		for (int p = 0; p < PHASE_COUNT; p++) {
			total += run->phase_insns[p];
			total_seconds += run->phase_seconds[p];
		}
		for (int p = 1; p < PHASE_COUNT + 1; p++) {
			int phase = p % PHASE_COUNT; /* 1..7, then the output between rounds */
			double share = total ? 100.0 * (double)run->phase_insns[phase] / (double)total : 0;
			double seconds = run->phase_seconds[phase];
			printf("  phase %d %-16s %5.1f %% of instructions, %7" PRIu64 " per round, %5.1f %% of time, %7.2f MIPS\n",
			       phase, names[phase], share, run->rounds ? run->phase_insns[phase] / run->rounds : 0,
			       total_seconds > 0 ? 100 * seconds / total_seconds : 0,
			       seconds > 0 ? (double)run->phase_insns[phase] / seconds / 1e6 : 0);
		}
	}
	return ok;
}

static int compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: glasspc-bench [options]\n"
		"Runs the integer workload (bench/workload.asm) on the CPU alone and prints\n"
		"million guest instructions per second (MIPS).\n"
		"  --seconds N   host seconds per run (default 3)\n"
		"  --insns N     run exactly N guest instructions instead of a time\n"
		"  --runs N      runs (fresh machine each); prints the median, min and max\n"
		"  --cpu MODEL   8086, 186, 286 or 386 (default 386; the workload needs a 386)\n"
		"  --rom FILE    workload ROM (default %s)\n"
		"  --expect LINE fail unless the guest's checksum line is LINE\n"
		"  --phases      instructions, time and MIPS of each phase of the workload\n"
		"Exit status: 0 when every round of every run printed the same line (and\n"
		"the expected one), 1 otherwise, 2 on a usage error.\n",
		BENCH_ROM);
}

static bool parse_u64(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 0);
	if (errno || end == s || *end || *s == '-')
		return false;
	*out = v;
	return true;
}

/* Returns 0 when parsed, 2 on a usage error, -1 after --help. */
static int parse_options(int argc, char **argv, struct bench_options *opts)
{
	*opts = (struct bench_options){.seconds = 3, .runs = 1, .model = CPU_386, .rom_path = BENCH_ROM};
	for (int n = 1; n < argc; n++) {
		const char *arg = argv[n];
		const char *value = n + 1 < argc ? argv[n + 1] : NULL;
		uint64_t number;
		if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
			usage(stdout);
			return -1;
		} else if (!strcmp(arg, "--phases")) {
			opts->phases = true;
			continue;
		}
		if (!value) {
			fprintf(stderr, "glasspc-bench: unknown option or missing value: %s\n", arg);
			usage(stderr);
			return 2;
		}
		n++;
		if (!strcmp(arg, "--seconds")) {
			char *end;
			opts->seconds = strtod(value, &end);
			if (end == value || *end || !(opts->seconds > 0)) {
				fprintf(stderr, "glasspc-bench: --seconds wants a positive number, not '%s'\n", value);
				return 2;
			}
		} else if (!strcmp(arg, "--insns")) {
			if (!parse_u64(value, &number) || number == 0) {
				fprintf(stderr, "glasspc-bench: --insns wants a positive count, not '%s'\n", value);
				return 2;
			}
			opts->insns = number;
		} else if (!strcmp(arg, "--runs")) {
			if (!parse_u64(value, &number) || number < 1 || number > MAX_RUNS) {
				fprintf(stderr, "glasspc-bench: --runs wants 1 to %d, not '%s'\n", MAX_RUNS, value);
				return 2;
			}
			opts->runs = (int)number;
		} else if (!strcmp(arg, "--cpu")) {
			int model = cpu_model_from_name(value);
			if (model < 0) {
				fprintf(stderr, "glasspc-bench: unknown CPU model '%s'\n", value);
				return 2;
			}
			opts->model = (enum cpu_model)model;
		} else if (!strcmp(arg, "--rom")) {
			opts->rom_path = value;
		} else if (!strcmp(arg, "--expect")) {
			opts->expect = value;
		} else {
			fprintf(stderr, "glasspc-bench: unknown option: %s\n", arg);
			usage(stderr);
			return 2;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct bench_options opts;
	int parsed = parse_options(argc, argv, &opts);
	if (parsed)
		return parsed < 0 ? 0 : parsed;
	size_t rom_size;
	uint8_t *rom = rom_load(opts.rom_path, BENCH_ROM_MAX, &rom_size);
	if (!rom)
		return 2;
	if (opts.insns)
		printf("glasspc-bench: CPU %s, %" PRIu64 " instructions per run, %s\n", cpu_model_name(opts.model),
		       opts.insns, opts.rom_path);
	else
		printf("glasspc-bench: CPU %s, %g s per run, %s\n", cpu_model_name(opts.model), opts.seconds,
		       opts.rom_path);
	fflush(stdout);

	double mips[MAX_RUNS];
	bool ok = true;
	char first_line[LINE_MAX_LEN] = "";
	for (int n = 0; n < opts.runs; n++) {
		struct bench_run run;
		if (!bench_run_once(&opts, rom, rom_size, &run)) {
			free(rom);
			return 1;
		}
		ok &= bench_report_run(&opts, n + 1, &run);
		fflush(stdout);
		mips[n] = run_mips(&run);
		/* Runs are the same guest from the same state: one line for all. */
		if (n == 0)
			snprintf(first_line, sizeof(first_line), "%s", run.first_line);
		else if (run.rounds && strcmp(run.first_line, first_line)) {
			fprintf(stderr, "glasspc-bench: run %d printed '%s', run 1 '%s'\n", n + 1, run.first_line,
				first_line);
			ok = false;
		}
	}
	if (opts.runs > 1) {
		qsort(mips, (size_t)opts.runs, sizeof(mips[0]), compare_doubles);
		int mid = opts.runs / 2;
		double median = opts.runs % 2 ? mips[mid] : (mips[mid - 1] + mips[mid]) / 2;
		printf("median %.2f MIPS (min %.2f, max %.2f) over %d runs\n", median, mips[0], mips[opts.runs - 1],
		       opts.runs);
	}
	free(rom);
	if (!ok)
		fprintf(stderr, "glasspc-bench: FAILED: the workload did not run correctly\n");
	return ok ? 0 : 1;
}
