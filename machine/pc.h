/* The PC machine: an i440FX/PIIX3 board around the CPU, with the system
 * BIOS (SeaBIOS by default, or the Bochs BIOS, or any image) at the top
 * of the address space and, through the i440FX's shadow registers, at
 * E0000-FFFFF.
 *
 * On the board: RAM below 4 GiB (A0000-BFFFF is RAM until the VGA takes
 * it), the 8259A pair, the 8254 PIT and port 0x61, the MC146818 RTC with
 * its NVRAM filled from the configuration, the 8042 with keyboard and
 * mouse, the 8237A pair, COM1-COM4, the debug and POST ports, PCI
 * configuration mechanism #1 with the i440FX host bridge (00:00.0), the
 * PIIX3 ISA bridge and IDE function (00:01.0, 00:01.1) and the PIIX4
 * power-management function (00:01.3).
 *
 * Time comes from machine/clock.h: by default guest time is the
 * instruction count at the configured rate, and a CPU halted with
 * interrupts enabled skips straight to the next timer event. */
#ifndef GLASSPC_MACHINE_PC_H
#define GLASSPC_MACHINE_PC_H

#include "config/options.h"

/* Where the packaged BIOS images (--bios seabios, --bios bochs) are
 * looked for: only in the directories this environment variable lists
 * (separated by ':') when it is set, else in the standard places of the
 * Debian packages seabios and bochsbios. */
#define PC_FIRMWARE_PATH_ENV "GLASSPC_FIRMWARE_PATH"

/* The debugging options (--debugger, --trace...): when any is given,
 * the PC runs under the debugger.  opts must outlive pc_machine_run. */
struct debug_options;
void pc_machine_set_debug_options(const struct debug_options *opts);

/* Runs the PC that opts->pc describes, with opts' run limits (max_insns,
 * quiet); returns the exit status. */
int pc_machine_run(const struct options *opts);

#endif
