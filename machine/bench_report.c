/* --bench-report; see bench_report.h. */
#include "machine/bench_report.h"

#include <inttypes.h>
#include <string.h>
#include <time.h>

uint64_t bench_report_cpu_ns(void)
{
	struct timespec ts;
	if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts))
		return 0;
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void bench_report_start(struct bench_report *report, uint64_t insns, uint64_t host_ns, uint64_t cpu_ns)
{
	memset(report, 0, sizeof(*report));
	report->start_insns = insns;
	report->start_ns = host_ns;
	report->start_cpu_ns = cpu_ns;
}

static void close_phase(struct bench_report *report, uint64_t insns, uint64_t host_ns, uint64_t cpu_ns)
{
	if (!report->open)
		return;
	if (report->nphases < BENCH_REPORT_MAX_PHASES)
		report->phases[report->nphases++] = (struct bench_phase){
			.number = (uint8_t)report->open,
			.insns = insns - report->open_insns,
			.host_ns = host_ns - report->open_ns,
			.cpu_ns = cpu_ns - report->open_cpu_ns,
		};
	else
		report->dropped++;
	report->open = 0;
}

void bench_report_mark(struct bench_report *report, uint8_t mark, uint64_t insns, uint64_t host_ns, uint64_t cpu_ns)
{
	if (mark == BENCH_MARK_BOOT) {
		if (!report->booted) { /* the first boot: a reboot is part of the work */
			report->booted = true;
			report->boot_insns = insns - report->start_insns;
			report->boot_ns = host_ns - report->start_ns;
			report->boot_cpu_ns = cpu_ns - report->start_cpu_ns;
		}
		return;
	}
	if (mark > BENCH_MARK_BOOT)
		return;
	close_phase(report, insns, host_ns, cpu_ns);
	if (mark != BENCH_MARK_END) {
		report->open = mark;
		report->open_insns = insns;
		report->open_ns = host_ns;
		report->open_cpu_ns = cpu_ns;
	}
}

static double mips(uint64_t insns, uint64_t ns)
{
	return ns ? (double)insns * 1e3 / (double)ns : 0;
}

static void print_figures(FILE *out, uint64_t insns, uint64_t ns, uint64_t cpu_ns)
{
	fprintf(out, "%" PRIu64 " instructions in %.3f s = %.2f MIPS (CPU time %.3f s = %.2f MIPS)\n", insns,
		(double)ns / 1e9, mips(insns, ns), (double)cpu_ns / 1e9, mips(insns, cpu_ns));
}

void bench_report_print(const struct bench_report *report, FILE *out)
{
	if (report->booted)
		fprintf(out, "glasspc: bench: boot sector reached after %" PRIu64 " instructions, %.3f s (CPU time %.3f s)\n",
			report->boot_insns, (double)report->boot_ns / 1e9, (double)report->boot_cpu_ns / 1e9);
	else
		fprintf(out, "glasspc: bench: no boot mark\n");
	uint64_t insns = 0, ns = 0, cpu_ns = 0;
	for (int n = 0; n < report->nphases; n++) {
		const struct bench_phase *p = &report->phases[n];
		fprintf(out, "glasspc: bench: phase %u: ", p->number);
		print_figures(out, p->insns, p->host_ns, p->cpu_ns);
		insns += p->insns;
		ns += p->host_ns;
		cpu_ns += p->cpu_ns;
	}
	if (report->dropped)
		fprintf(out, "glasspc: bench: %d more phases not counted (at most %d)\n", report->dropped,
			BENCH_REPORT_MAX_PHASES);
	if (report->open)
		fprintf(out, "glasspc: bench: phase %d unfinished\n", report->open);
	if (report->nphases) {
		fprintf(out, "glasspc: bench: work: ");
		print_figures(out, insns, ns, cpu_ns);
	} else
		fprintf(out, "glasspc: bench: no work phase\n");
}
