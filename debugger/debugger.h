/* The debugger: what a machine calls to run its CPU under the console,
 * the tracer or (later) the gdb stub, instead of calling cpu_run itself.
 *
 * A machine creates one debugger for its CPU when any debugging option is
 * given, runs the guest through debugger_run, and otherwise behaves as
 * without it.  Breakpoints and watchpoints live in the debugger and reach
 * the CPU only as page marks (struct cpu_debug): guest memory is never
 * written to plant them. */
#ifndef GLASSPC_DEBUGGER_DEBUGGER_H
#define GLASSPC_DEBUGGER_DEBUGGER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "config/debug_options.h"
#include "cpu/cpu.h"

struct debugger;

/* Creates a debugger attached to cpu (it takes cpu->debug, cpu->io's
 * watch hook and cpu->on_exception while it needs them).  out receives
 * the console's output.  Returns NULL with a message on stderr when the
 * options cannot be honoured (a trace file that cannot be created). */
struct debugger *debugger_create(struct cpu *cpu, const struct debug_options *opts, FILE *out);
void debugger_destroy(struct debugger *d);

/* Device state for "info NAME": the machine registers one printer per
 * device it has (pic, pit, cmos, ata, vga, pci...).  args is the rest of
 * the command line ("" when none).  Returns 0, or -1 when full. */
typedef void debugger_info_fn(void *opaque, FILE *out, const char *args);
int debugger_register_info(struct debugger *d, const char *name, const char *help, debugger_info_fn *fn,
			   void *opaque);

/* Runs the guest until it ends (halt with nothing to wake it, triple
 * fault, the instruction limit) or the user quits; with --debugger the
 * console comes first, and Ctrl-C enters it while running.  limit is
 * the absolute instruction count to stop at (0 = none).  Returns why the
 * CPU stopped, for the machine's report; *quit is set when the user
 * typed q (the machine then exits quietly). */
enum cpu_stop debugger_run(struct debugger *d, uint64_t limit, bool *quit);

#endif
