/* --bench-report; see bench_report.h. */
#include "machine/bench_report.h"

#include <inttypes.h>
#include <string.h>

void bench_report_start(struct bench_report *report, uint64_t insns, uint64_t host_ns)
{
	memset(report, 0, sizeof(*report));
	report->start_insns = insns;
	report->start_ns = host_ns;
}

static void close_phase(struct bench_report *report, uint64_t insns, uint64_t host_ns)
{
	if (!report->open)
		return;
	if (report->nphases < BENCH_REPORT_MAX_PHASES)
		report->phases[report->nphases++] = (struct bench_phase){
			.number = (uint8_t)report->open,
			.insns = insns - report->open_insns,
			.host_ns = host_ns - report->open_ns,
		};
	else
		report->dropped++;
	report->open = 0;
}

void bench_report_mark(struct bench_report *report, uint8_t mark, uint64_t insns, uint64_t host_ns)
{
	if (mark == BENCH_MARK_BOOT) {
		if (!report->booted) { /* the first boot: a reboot is part of the work */
			report->booted = true;
			report->boot_insns = insns - report->start_insns;
			report->boot_ns = host_ns - report->start_ns;
		}
		return;
	}
	if (mark > BENCH_MARK_BOOT)
		return;
	close_phase(report, insns, host_ns);
	if (mark != BENCH_MARK_END) {
		report->open = mark;
		report->open_insns = insns;
		report->open_ns = host_ns;
	}
}

static double mips(uint64_t insns, uint64_t ns)
{
	return ns ? (double)insns * 1e3 / (double)ns : 0;
}

void bench_report_print(const struct bench_report *report, FILE *out)
{
	if (report->booted)
		fprintf(out, "glasspc: bench: boot sector reached after %" PRIu64 " instructions, %.3f s\n",
			report->boot_insns, (double)report->boot_ns / 1e9);
	else
		fprintf(out, "glasspc: bench: no boot mark\n");
	uint64_t insns = 0, ns = 0;
	for (int n = 0; n < report->nphases; n++) {
		const struct bench_phase *p = &report->phases[n];
		fprintf(out, "glasspc: bench: phase %u: %" PRIu64 " instructions in %.3f s = %.2f MIPS\n", p->number,
			p->insns, (double)p->host_ns / 1e9, mips(p->insns, p->host_ns));
		insns += p->insns;
		ns += p->host_ns;
	}
	if (report->dropped)
		fprintf(out, "glasspc: bench: %d more phases not counted (at most %d)\n", report->dropped,
			BENCH_REPORT_MAX_PHASES);
	if (report->open)
		fprintf(out, "glasspc: bench: phase %d unfinished\n", report->open);
	if (report->nphases)
		fprintf(out, "glasspc: bench: work: %" PRIu64 " instructions in %.3f s = %.2f MIPS\n", insns,
			(double)ns / 1e9, mips(insns, ns));
	else
		fprintf(out, "glasspc: bench: no work phase\n");
}
