/* The bare machine; see bare.h. */
#include "machine/bare.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu.h"
#include "debugger/debugger.h"
#include "bios/rom.h"

#define BARE_ROM_MAX (512u * 1024)

struct bare_machine {
	struct mem *mem;
	struct iobus *io;
	struct cpu *cpu;
	uint8_t *rom;
	size_t rom_size;
	FILE *debugcon;
	bool quiet;
	int last_post; /* -1 until a code is written */
	uint64_t max_insns; /* 0 = none */
};

static struct cpu *signalled_cpu;
static const struct debug_options *bare_debug;

void bare_machine_set_debug_options(const struct debug_options *opts)
{
	bare_debug = opts;
}

static void bare_on_signal(int sig)
{
	(void)sig;
	if (signalled_cpu)
		cpu_request_stop(signalled_cpu);
}

static uint32_t debugcon_read(void *opaque, uint16_t port, unsigned size)
{
	return 0xE9; /* as Bochs and QEMU: software probes for the port this way */
}

static void debugcon_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
	struct bare_machine *m = opaque;
	if (m->debugcon) {
		fputc((int)(value & 0xFF), m->debugcon);
		if ((value & 0xFF) == '\n')
			fflush(m->debugcon);
	}
}

static void post_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
	struct bare_machine *m = opaque;
	m->last_post = (int)(value & 0xFF);
	if (!m->quiet)
		fprintf(stderr, "glasspc: POST 0x%02X (port 0x%X)\n", m->last_post, port);
}

static FILE *open_debugcon(const char *dest)
{
	if (!strcmp(dest, "stdio"))
		return stdout;
	if (!strcmp(dest, "none"))
		return NULL;
	FILE *f = fopen(dest + 5, "w");
	if (!f)
		fprintf(stderr, "glasspc: cannot open debug console file '%s': %s\n", dest + 5, strerror(errno));
	return f;
}

static void bare_destroy(struct bare_machine *m)
{
	if (m->debugcon && m->debugcon != stdout)
		fclose(m->debugcon);
	else if (m->debugcon)
		fflush(m->debugcon);
	cpu_destroy(m->cpu);
	iobus_destroy(m->io);
	mem_destroy(m->mem);
	free(m->rom);
}

static int bare_report(struct bare_machine *m, enum cpu_stop why)
{
	struct cpu *cpu = m->cpu;
	char state[512], post[16] = "none", names[3][24];
	int status = EXIT_OK;
	const char *what = "stopped";
	if (m->last_post >= 0)
		snprintf(post, sizeof(post), "0x%02X", m->last_post);
	switch (why) {
	case CPU_STOP_HALT:
		if (cpu_get_flags(cpu) & F_IF) {
			what = "halted with interrupts enabled, and nothing can interrupt a bare machine;";
			status = EXIT_HALT_IF;
		} else {
			what = "halted";
		}
		break;
	case CPU_STOP_INSN_LIMIT:
		what = "reached the instruction limit";
		break;
	case CPU_STOP_SHUTDOWN:
		fprintf(stderr, "glasspc: triple fault: %s, then %s while delivering it, then %s; shutdown at %04X:%08X\n",
			cpu_exception_name(cpu->fault_chain[0], names[0], sizeof(names[0])),
			cpu_exception_name(cpu->fault_chain[1], names[1], sizeof(names[1])),
			cpu_exception_name(cpu->fault_chain[2], names[2], sizeof(names[2])),
			cpu->seg[S_CS].sel, cpu->insn_eip);
		what = "shut down";
		status = EXIT_TRIPLE_FAULT;
		break;
	case CPU_STOP_REQUEST:
		what = "stopped on request";
		break;
	default:
		break;
	}
	if (!m->quiet || status != EXIT_OK) {
		cpu_format_state(cpu, state, sizeof(state));
		fprintf(stderr, "glasspc: %s after %llu instructions at %04X:%08X, last POST code %s\n%s\n", what,
			(unsigned long long)cpu->icount, cpu->seg[S_CS].sel, cpu->eip, post, state);
	}
	return status;
}

/* The debugger runs the bare machine as it runs without one: the CPU
 * alone, nothing to keep in time. */
static enum cpu_stop bare_debug_run(void *opaque, const volatile bool *stop, bool fatal_stops)
{
	struct bare_machine *m = opaque;
	return cpu_run(m->cpu, m->max_insns);
}

static enum cpu_stop bare_debug_step(void *opaque, const volatile bool *stop, bool fatal_stops)
{
	struct bare_machine *m = opaque;
	if (m->max_insns && m->cpu->icount >= m->max_insns)
		return CPU_STOP_INSN_LIMIT;
	return cpu_step(m->cpu);
}

/* Going on after the debugger stopped at the limit: no limit. */
static void bare_debug_resume(void *opaque)
{
	struct bare_machine *m = opaque;
	if (m->max_insns && m->cpu->icount >= m->max_insns) {
		fprintf(stdout, "(the --max-insns limit no longer applies)\n");
		m->max_insns = 0;
	}
}

int bare_machine_run(const struct options *opts, const char *rom_path)
{
	struct bare_machine m = {.quiet = opts->quiet, .last_post = -1, .max_insns = opts->max_insns};
	enum cpu_model model = (enum cpu_model)opts->cpu_model;
	uint32_t bus_mask = cpu_model_bus_mask(model);
	uint64_t ram = (uint64_t)opts->memory_mb << 20;
	if (ram > (uint64_t)bus_mask + 1)
		ram = (uint64_t)bus_mask + 1;

	m.rom = rom_load(rom_path, BARE_ROM_MAX, &m.rom_size);
	if (!m.rom)
		return EXIT_USAGE;
	m.mem = mem_create((uint32_t)(ram - (ram > 0xFFFFFFFFu ? 1 : 0)), bus_mask);
	m.io = iobus_create();
	if (!m.mem || !m.io) {
		fprintf(stderr, "glasspc: cannot allocate %u MiB of guest memory\n", opts->memory_mb);
		bare_destroy(&m);
		return EXIT_USAGE;
	}
	uint32_t size = (uint32_t)m.rom_size;
	/* The image ends at the top of the first MiB (the 8086 reset vector
	 * FFFF:0000) and at the top of the address space (the 286's FFFFF0
	 * and the 386's FFFFFFF0). */
	mem_map_rom(m.mem, 0x100000u - size, size, m.rom, "rom");
	if (bus_mask > 0xFFFFF)
		mem_map_rom(m.mem, bus_mask - size + 1, size, m.rom, "rom-high");

	m.debugcon = open_debugcon(opts->debugcon);
	if (!m.debugcon && strcmp(opts->debugcon, "none")) {
		bare_destroy(&m);
		return EXIT_USAGE;
	}
	iobus_register(m.io, 0xE9, 1, IO_WIDTH_8, debugcon_read, debugcon_write, &m, "debugcon");
	iobus_register(m.io, 0x402, 1, IO_WIDTH_8, debugcon_read, debugcon_write, &m, "debugcon");
	for (int n = 0; n < opts->npost_ports; n++)
		iobus_register(m.io, opts->post_ports[n], 1, IO_WIDTH_8, NULL, post_write, &m, "post");

	m.cpu = cpu_create(model, m.mem, m.io);
	if (!m.cpu) {
		fprintf(stderr, "glasspc: out of memory creating the CPU\n");
		bare_destroy(&m);
		return EXIT_USAGE;
	}
	cpu_set_x87_present(m.cpu, opts->pc.fpu387);
	signalled_cpu = m.cpu;
	signal(SIGINT, bare_on_signal);
	signal(SIGTERM, bare_on_signal);
	enum cpu_stop why;
	bool quit = false;
	if (bare_debug && debug_options_any(bare_debug)) {
		/* The debugger runs the CPU (and takes Ctrl-C while it does). */
		struct debugger *dbg = debugger_create(m.cpu, bare_debug, stdout);
		if (!dbg) {
			signalled_cpu = NULL;
			bare_destroy(&m);
			return EXIT_USAGE;
		}
		debugger_set_machine(dbg, &(struct debugger_machine){.opaque = &m, .run = bare_debug_run,
								      .step = bare_debug_step, .resume = bare_debug_resume});
		why = debugger_run(dbg, 0, &quit);
		debugger_destroy(dbg);
	} else {
		why = cpu_run(m.cpu, opts->max_insns);
	}
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signalled_cpu = NULL;
	if (m.debugcon)
		fflush(m.debugcon);
	/* q in the debugger: the user has seen the state already. */
	int status = quit ? EXIT_OK : bare_report(&m, why);
	bare_destroy(&m);
	return status;
}
