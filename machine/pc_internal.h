/* The PC machine's state, shared by the files that make it up: pc.c
 * (building, time, running) and pc_debugger.c (the debugger's view).
 * Nothing outside machine/pc*.c includes this. */
#ifndef GLASSPC_MACHINE_PC_INTERNAL_H
#define GLASSPC_MACHINE_PC_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "config/debug_options.h"
#include "config/options.h"
#include "cpu/cpu.h"
#include "iodev/bus.h"
#include "iodev/uart.h"
#include "machine/clock.h"

#define KIB 1024u
#define MIB (1024u * 1024u)
#define BIOS_MAX_SIZE (16u * MIB)
/* Reads in C0000-DFFFF that no shadow RAM or option ROM answers. */
#define ISA_ROM_SPACE_BASE 0xC0000u
#define ISA_ROM_SPACE_SIZE 0x20000u
#define SCI_IRQ 9
/* How often UARTs with input are polled, in guest time. */
#define UART_POLL_NS (CLOCK_NS_PER_SECOND / 1000)
/* Real-time mode: longest run of the CPU between looks at the host
 * clock, and longest sleep between looks at signals. */
#define REALTIME_SLICE_NS (CLOCK_NS_PER_SECOND / 1000)
#define REALTIME_MAX_SLEEP_NS (CLOCK_NS_PER_SECOND / 50)
/* Ports whose devices keep time: accesses bring the clock up to date. */
#define MAX_TIMED_PORTS 10

enum reset_kind { RESET_NONE, RESET_CPU, RESET_HARD };

struct pc;

/* A port of a timed device seen through the clock: the device's own
 * handler, called after time has been brought up to the present. */
struct timed_port {
	struct pc *pc;
	struct io_handler inner;
};

struct pc {
	const struct options *opts;
	const struct machine_config *cfg;
	struct mem *mem;
	struct iobus *io;
	struct cpu *cpu;
	uint8_t *bios;        /* the image, padded at the front to 4 KiB */
	size_t bios_size;
	uint8_t *bios_window; /* what reads at E0000-FFFFF: the image's last 128 KiB */

	struct pic *pic;
	struct pit *pit;
	struct cmos *cmos;
	struct kbc *kbc;
	struct dma *dma;
	struct uart *uart[SERIAL_PORTS];
	bool uart_has_input[SERIAL_PORTS];
	struct debugport *debugport;
	struct uart_backend debugcon;
	struct lpt *lpt;
	struct uart_backend printer; /* where LPT1's bytes go */
	struct pci_bus *pci;
	struct i440fx *i440fx;
	struct piix3 *piix3;
	struct piix4pm *pm;

	struct clock clock;
	uint64_t insn_base;  /* guest instruction count before the last CPU reset */
	uint64_t idle_insns; /* instruction times skipped while the CPU was halted */
	uint64_t slice_end;  /* guest instruction count the current cpu_run stops at */
	uint64_t pit_ticks, pm_ticks, cmos_ns, next_uart_poll_ns;
	struct timed_port timed_port[MAX_TIMED_PORTS];
	int ntimed_ports;

	struct fdc *fdc;
	struct ata_channel *ata[2];
	struct ide_busmaster *ide_busmaster;

	struct vga *vga;
	struct pci_function *vga_fn;
	uint64_t vga_ns;
	struct display *display;
	bool paused;
	uint64_t mips_host_ns, mips_insns; /* the last guest speed sample */
	uint64_t disk_transfers_seen; /* disk transfers when the status line last asked */
	double mips;

	struct bench_report *bench; /* --bench-report, else NULL */

	bool kbc_a20, port_a_a20;
	enum reset_kind reset_pending;
	bool exit_requested;
	int exit_status;
	const char *exit_reason;

	/* Running (pc_execute). */
	uint64_t limit;           /* --max-insns in guest instructions, 0 = none */
	bool slice_valid;         /* single steps: slice_end still holds */
	const volatile bool *stop; /* the debugger's stop flag, or NULL */
	/* The debugger (NULL without one), its hot key, and the reset a
	 * triple fault left for when the user goes on. */
	struct debugger *debugger;
	bool debugger_key;
	bool shutdown_pending;
	char ended_text[128];
};

/* Guest time in instructions since power-on (across CPU resets). */
uint64_t pc_guest_insns(const struct pc *pc);
/* Brings the devices up to the present. */
void pc_sync(struct pc *pc);
/* Runs the guest (one instruction when single) until something stops
 * it; stop is the debugger's flag; fatal_stops: a triple fault or the
 * limit stops instead of resetting or ending. */
enum cpu_stop pc_execute(struct pc *pc, bool single, const volatile bool *stop, bool fatal_stops);
bool pc_idle(struct pc *pc);
bool pc_ended(const struct pc *pc);
void pc_reset_cpu(struct pc *pc);
/* The end-of-run report on stderr; returns the exit status. */
int pc_report(struct pc *pc, enum cpu_stop why, bool limit_reached);
/* The signal (SIGINT, SIGTERM) that stopped the machine, or 0. */
int pc_signal_received(void);
/* Runs the guest under the debugger (pc_debugger.c); returns the exit
 * status. */
int pc_run_debugger(struct pc *pc, const struct debug_options *opts);

#endif
