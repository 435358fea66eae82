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

/* The machine around the CPU, as the debugger drives it: the debugger
 * never calls cpu_run or cpu_step itself, so that devices, time, resets
 * and power-off go on exactly as without it, while running and while
 * stepping.  A machine that gives none gets the CPU alone (cpu_run and
 * cpu_step with debugger_run's instruction limit).
 *
 * stop points at the debugger's flag: it becomes true (and the debugger
 * calls cpu_request_stop) when a breakpoint or watchpoint is hit, on
 * Ctrl-C and on debugger_request_stop.  fatal_stops says a console (or
 * a gdb stub) is attached: the machine then returns CPU_STOP_SHUTDOWN on
 * a triple fault instead of resetting, and CPU_STOP_INSN_LIMIT at its
 * instruction limit (and runs on without the limit when resumed); without
 * it the machine behaves exactly as it does with no debugger. */
struct debugger_machine {
	void *opaque;
	/* Runs until *stop, the machine's end (see ended), a halt nothing
	 * can end, a triple fault the machine does not reset, or its
	 * instruction limit.  Returns CPU_STOP_REQUEST for the first two. */
	enum cpu_stop (*run)(void *opaque, const volatile bool *stop, bool fatal_stops);
	/* One cpu_step (an instruction, or the delivery of an interrupt),
	 * with devices kept in time as run keeps them.  CPU_STOP_HALT when
	 * the CPU is halted and nothing happened: the debugger then calls
	 * idle.  CPU_STOP_REQUEST when *stop or the machine ended. */
	enum cpu_stop (*step)(void *opaque, const volatile bool *stop, bool fatal_stops);
	/* The CPU is halted waiting for an interrupt: bring time to the next
	 * device event.  False when none can ever come (NULL: never). */
	bool (*idle)(void *opaque);
	/* Called before the guest runs again after a stop: the machine does
	 * what a fatal stop deferred (the reset after a triple fault).  May
	 * be NULL. */
	void (*resume)(void *opaque);
	/* NULL while the guest can go on; else why it cannot ("powered
	 * off").  May be NULL. */
	const char *(*ended)(void *opaque);
};

/* Creates a debugger attached to cpu (it takes cpu->debug, cpu->io's
 * watch hook and cpu->on_exception while it needs them).  out receives
 * the console's output.  Returns NULL with a message on stderr when the
 * options cannot be honoured (a trace file that cannot be created). */
struct debugger *debugger_create(struct cpu *cpu, const struct debug_options *opts, FILE *out);
void debugger_destroy(struct debugger *d);

/* Gives the debugger the machine to drive (copied); call before
 * debugger_run. */
void debugger_set_machine(struct debugger *d, const struct debugger_machine *m);

/* Stops the guest and enters the console as a breakpoint would (a hot
 * key, a gdb interrupt); safe to call from the machine's run callbacks
 * and from a signal handler. */
void debugger_request_stop(struct debugger *d);

/* True when a console (--debugger, --debugger-script) or a gdb stub is
 * attached: someone can look at a stopped guest. */
bool debugger_interactive(const struct debugger *d);

/* Device state for "info NAME": the machine registers one printer per
 * device it has (pic, pit, cmos, ata, vga, pci...).  args is the rest of
 * the command line ("" when none).  Returns 0, or -1 when full. */
typedef void debugger_info_fn(void *opaque, FILE *out, const char *args);
int debugger_register_info(struct debugger *d, const char *name, const char *help, debugger_info_fn *fn,
			   void *opaque);

/* A console command of the machine's ("screenshot FILE"): the debugger
 * knows nothing of the devices behind it.  args is the rest of the line
 * ("" when none).  Returns 0, or -1 when full or the name is taken. */
typedef void debugger_command_fn(void *opaque, FILE *out, const char *args);
int debugger_register_command(struct debugger *d, const char *name, const char *help, debugger_command_fn *fn,
			      void *opaque);

/* Runs the guest until it ends (halt with nothing to wake it, triple
 * fault, the instruction limit) or the user quits; with --debugger the
 * console comes first, and Ctrl-C enters it while running.  limit is
 * the absolute instruction count to stop at (0 = none) for the CPU-alone
 * machine; a machine given with debugger_set_machine keeps its own.  Returns why the
 * CPU stopped, for the machine's report; *quit is set when the user
 * typed q (the machine then exits quietly). */
enum cpu_stop debugger_run(struct debugger *d, uint64_t limit, bool *quit);

#endif
