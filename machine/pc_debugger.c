/* The PC under the debugger: the machine interface the debugger drives
 * (run, step, idle, resume, ended, on top of pc_execute), the devices'
 * "info" pages and the screenshot command.  Split from pc.c, which builds
 * and runs the machine, because this is the one part that talks to the
 * debugger. */
#include <signal.h>
#include <stdio.h>

#include "cpu/cpu.h"
#include "debugger/debugger.h"
#include "gui/screenshot.h"
#include "iodev/ata.h"
#include "iodev/cmos.h"
#include "iodev/pci.h"
#include "iodev/pic.h"
#include "iodev/pit.h"
#include "iodev/vga.h"
#include "machine/pc_internal.h"

static enum cpu_stop pc_debug_run(void *opaque, const volatile bool *stop, bool fatal_stops)
{
	return pc_execute(opaque, false, stop, fatal_stops);
}

static enum cpu_stop pc_debug_step(void *opaque, const volatile bool *stop, bool fatal_stops)
{
	return pc_execute(opaque, true, stop, fatal_stops);
}

static bool pc_debug_idle(void *opaque)
{
	return pc_idle(opaque);
}

/* After a fatal stop, going on does what the machine would have done:
 * the reset after a triple fault; past the limit, no limit. */
static void pc_debug_resume(void *opaque)
{
	struct pc *pc = opaque;
	pc->debugger_key = false;
	if (pc->shutdown_pending) {
		pc->shutdown_pending = false;
		pc->slice_valid = false;
		pc_reset_cpu(pc);
	}
	if (pc->limit && pc_guest_insns(pc) >= pc->limit) {
		fprintf(stdout, "(the --max-insns limit no longer applies)\n");
		pc->limit = 0;
	}
}

static const char *pc_debug_ended(void *opaque)
{
	struct pc *pc = opaque;
	if (pc->exit_requested)
		snprintf(pc->ended_text, sizeof(pc->ended_text), "%s (exit status %d)", pc->exit_reason, pc->exit_status);
	else if (pc_signal_received())
		snprintf(pc->ended_text, sizeof(pc->ended_text), "stopped by %s", pc_signal_received() == SIGTERM ? "SIGTERM" : "SIGINT");
	else
		return NULL;
	return pc->ended_text;
}

/* The devices' pages for "info": each brought up to the present first
 * (bringing time forward in more steps changes nothing for the guest). */
static void info_pic(void *opaque, FILE *out, const char *args)
{
	struct pc *pc = opaque;
	pc_sync(pc);
	pic_print_state(pc->pic, out);
}

static void info_pit(void *opaque, FILE *out, const char *args)
{
	struct pc *pc = opaque;
	pc_sync(pc);
	pit_print_state(pc->pit, out);
}

static void info_cmos(void *opaque, FILE *out, const char *args)
{
	struct pc *pc = opaque;
	pc_sync(pc);
	cmos_print_state(pc->cmos, out);
}

static void info_ata(void *opaque, FILE *out, const char *args)
{
	struct pc *pc = opaque;
	int only = -1;
	if (*args) {
		if ((args[0] != '0' && args[0] != '1') || args[1]) {
			fprintf(out, "usage: info ata [0|1] (the channel)\n");
			return;
		}
		only = args[0] - '0';
	}
	for (int ch = 0; ch < 2; ch++) {
		if (only >= 0 && ch != only)
			continue;
		fprintf(out, "ATA channel %d: ", ch);
		if (pc->ata[ch])
			ata_print_state(pc->ata[ch], out);
		else
			fprintf(out, "not enabled\n");
	}
}

static void info_vga(void *opaque, FILE *out, const char *args)
{
	struct pc *pc = opaque;
	pc_sync(pc);
	vga_print_state(pc->vga, out);
}

/* info pci [[BB:]DD.F] */
static void info_pci(void *opaque, FILE *out, const char *args)
{
	struct pc *pc = opaque;
	unsigned bus = 0, dev, fn;
	char end;
	int devfn = -1;
	if (*args) {
		if (!(sscanf(args, "%x:%x.%x%c", &bus, &dev, &fn, &end) == 3 ||
		      (bus = 0, sscanf(args, "%x.%x%c", &dev, &fn, &end) == 2)) ||
		    bus != 0 || dev > 31 || fn > 7) {
			fprintf(out, "usage: info pci [DD.F | 00:DD.F] (bus 0, device 0-1f, function 0-7)\n");
			return;
		}
		devfn = (int)PCI_DEVFN(dev, fn);
	}
	pci_print_state(pc->pci, out, devfn);
}

static void command_screenshot(void *opaque, FILE *out, const char *args)
{
	struct pc *pc = opaque;
	if (!*args) {
		fprintf(out, "usage: screenshot FILE.png\n");
		return;
	}
	fflush(out);
	if (screenshot_save(pc->vga, args) == 0)
		fprintf(out, "screenshot written to %s\n", args);
}

static void pc_register_debugger_pages(struct pc *pc, struct debugger *dbg)
{
	debugger_register_info(dbg, "pic", "the 8259A pair: registers, masked, requested and in-service IRQs", info_pic, pc);
	debugger_register_info(dbg, "pit", "the 8254's counters (mode, count, OUT, GATE) and port 0x61", info_pit, pc);
	debugger_register_info(dbg, "cmos", "the RTC's time and registers, the 128 bytes of CMOS RAM", info_cmos, pc);
	debugger_register_info(dbg, "ata", "[0|1]: the ATA channels, their drives and registers", info_ata, pc);
	debugger_register_info(dbg, "vga", "the VGA's mode, timing and registers", info_vga, pc);
	debugger_register_info(dbg, "pci", "[DD.F]: PCI functions and BARs; one function's configuration space", info_pci,
			       pc);
	debugger_register_command(dbg, "screenshot", "FILE: the screen as it is now, as PNG", command_screenshot, pc);
}

int pc_run_debugger(struct pc *pc, const struct debug_options *opts)
{
	struct debugger *dbg = debugger_create(pc->cpu, opts, stdout);
	if (!dbg)
		return EXIT_USAGE;
	const struct debugger_machine machine = {
		.opaque = pc,
		.run = pc_debug_run,
		.step = pc_debug_step,
		.idle = pc_debug_idle,
		.resume = pc_debug_resume,
		.ended = pc_debug_ended,
	};
	debugger_set_machine(dbg, &machine);
	pc_register_debugger_pages(pc, dbg);
	pc->debugger = dbg;
	pc->debugger_key = false;
	bool quit = false;
	enum cpu_stop why = debugger_run(dbg, 0, &quit);
	pc->debugger = NULL;
	pc->stop = NULL;
	debugger_destroy(dbg);
	/* q while the guest could go on: the user has seen the state. */
	if (quit && why == CPU_STOP_REQUEST && !pc_ended(pc))
		return EXIT_OK;
	return pc_report(pc, why, why == CPU_STOP_INSN_LIMIT);
}
