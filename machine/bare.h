/* The bare machine: a CPU, RAM, a ROM at the top of the first MiB and of
 * the address space, a debug console on port 0xE9 and POST-code ports.
 * Nothing else: no BIOS services, no devices.  It is for test ROMs (such
 * as a 386 test ROM) and for the CPU-only benchmark. */
#ifndef GLASSPC_MACHINE_BARE_H
#define GLASSPC_MACHINE_BARE_H

#include "config/debug_options.h"
#include "config/options.h"

/* Runs the bare machine as the options say; returns the exit status. */
int bare_machine_run(const struct options *opts, const char *rom_path);
/* The debugging options for the runs that follow (NULL: none). */
void bare_machine_set_debug_options(const struct debug_options *opts);

#endif
