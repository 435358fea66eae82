/* The PC machine; see pc.h.  This is the only file that knows all the
 * devices: it creates them, wires their interrupt lines and callbacks,
 * fills the CMOS from the configuration and runs the clock. */
#include "machine/pc.h"
#include "machine/pc_internal.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cpu/cpu.h"
#include "debugger/debugger.h"
#include "gui/display.h"
#include "iodev/ata.h"
#include "iodev/cmos.h"
#include "iodev/debugport.h"
#include "iodev/disk_image.h"
#include "iodev/dma.h"
#include "iodev/fdc.h"
#include "iodev/lpt.h"
#include "iodev/i440fx.h"
#include "iodev/ide_busmaster.h"
#include "iodev/kbc.h"
#include "iodev/pci.h"
#include "iodev/pic.h"
#include "iodev/piix3.h"
#include "iodev/piix4pm.h"
#include "iodev/pit.h"
#include "iodev/uart.h"
#include "iodev/vga.h"
#include "bios/firmware.h"
#include "bios/vgabios.h"
#include "machine/bench_report.h"
#include "machine/clock.h"
#include "bios/rom.h"

static const struct debug_options *pc_debug;

void pc_machine_set_debug_options(const struct debug_options *opts)
{
	pc_debug = opts;
}

/* ---- signals ---- */

static struct cpu *volatile signalled_cpu;
static volatile sig_atomic_t signal_received;

int pc_signal_received(void)
{
	return signal_received;
}

static void pc_on_signal(int sig)
{
	signal_received = sig;
	disk_image_flush_all();
	if (signalled_cpu)
		cpu_request_stop(signalled_cpu);
}

/* ---- time ---- */

uint64_t pc_guest_insns(const struct pc *pc)
{
	return pc->insn_base + pc->cpu->icount;
}

/* Brings every timed device to the present. */
void pc_sync(struct pc *pc)
{
	clock_sync(&pc->clock, clock_guest_ns(&pc->clock, pc_guest_insns(pc)));
}

/* The guest instruction count at which the next device event falls due. */
static uint64_t pc_deadline_insns(const struct pc *pc)
{
	return clock_ns_to_insns(&pc->clock, clock_deadline(&pc->clock));
}

/* After a guest write that may have brought a device event forward: end
 * the CPU's run early if it would now overshoot the event. */
static void pc_reschedule(struct pc *pc)
{
	if (!pc->clock.realtime && pc_deadline_insns(pc) < pc->slice_end)
		cpu_request_stop(pc->cpu);
}

static void pit_advance_to(void *opaque, uint64_t now_ns)
{
	struct pc *pc = opaque;
	uint64_t ticks = clock_scale(now_ns, PIT_CLOCK_HZ, CLOCK_NS_PER_SECOND);
	pit_advance(pc->pit, ticks - pc->pit_ticks);
	pc->pit_ticks = ticks;
}

static uint64_t pit_next(void *opaque)
{
	struct pc *pc = opaque;
	uint64_t ticks = pit_next_event(pc->pit);
	if (ticks == PIT_NO_EVENT)
		return CLOCK_NEVER;
	return clock_scale_up(pc->pit_ticks + ticks, CLOCK_NS_PER_SECOND, PIT_CLOCK_HZ);
}

static void cmos_advance_to(void *opaque, uint64_t now_ns)
{
	struct pc *pc = opaque;
	cmos_advance(pc->cmos, now_ns - pc->cmos_ns);
	pc->cmos_ns = now_ns;
}

static uint64_t cmos_next(void *opaque)
{
	struct pc *pc = opaque;
	uint64_t ns = cmos_next_event(pc->cmos);
	return ns == CMOS_NO_EVENT ? CLOCK_NEVER : pc->cmos_ns + ns;
}

static void pm_advance_to(void *opaque, uint64_t now_ns)
{
	struct pc *pc = opaque;
	uint64_t ticks = clock_scale(now_ns, PIIX4PM_TIMER_HZ, CLOCK_NS_PER_SECOND);
	piix4pm_advance(pc->pm, ticks - pc->pm_ticks);
	pc->pm_ticks = ticks;
}

static uint64_t pm_next(void *opaque)
{
	struct pc *pc = opaque;
	uint64_t ticks = piix4pm_next_event(pc->pm);
	if (ticks == PIIX4PM_NO_EVENT)
		return CLOCK_NEVER;
	return clock_scale_up(pc->pm_ticks + ticks, CLOCK_NS_PER_SECOND, PIIX4PM_TIMER_HZ);
}

static void uarts_advance_to(void *opaque, uint64_t now_ns)
{
	struct pc *pc = opaque;
	if (now_ns < pc->next_uart_poll_ns)
		return;
	for (int n = 0; n < SERIAL_PORTS; n++)
		if (pc->uart[n] && pc->uart_has_input[n])
			uart_poll(pc->uart[n]);
	pc->next_uart_poll_ns = now_ns - now_ns % UART_POLL_NS + UART_POLL_NS;
}

static uint64_t uarts_next(void *opaque)
{
	struct pc *pc = opaque;
	return pc->next_uart_poll_ns;
}

/* Ports of the PIT and the RTC are reached through the clock, so that a
 * guest polling a counter sees time pass between its reads. */
static uint32_t timed_port_read(void *opaque, uint16_t port, unsigned size)
{
	struct timed_port *t = opaque;
	pc_sync(t->pc);
	return t->inner.read ? t->inner.read(t->inner.opaque, port, size) : 0xFFFFFFFFu;
}

static void timed_port_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
	struct timed_port *t = opaque;
	pc_sync(t->pc);
	if (t->inner.write)
		t->inner.write(t->inner.opaque, port, value, size);
	pc_reschedule(t->pc);
}

static int pc_time_ports(struct pc *pc, uint16_t first, unsigned count)
{
	for (unsigned n = 0; n < count; n++) {
		uint16_t port = (uint16_t)(first + n);
		const struct io_handler *h = pc->io->port[port];
		if (!h || pc->ntimed_ports >= MAX_TIMED_PORTS)
			return -1;
		struct timed_port *t = &pc->timed_port[pc->ntimed_ports++];
		t->pc = pc;
		t->inner = *h; /* a copy: the bus's handler table may move */
		if (iobus_register(pc->io, port, 1, h->widths, timed_port_read, timed_port_write, t, h->name))
			return -1;
	}
	return 0;
}

static void pm_sync(void *opaque)
{
	pc_sync(opaque);
}

static void pm_reschedule(void *opaque)
{
	pc_reschedule(opaque);
}

/* ---- requests from devices ---- */

static void pc_request_reset(struct pc *pc, enum reset_kind kind)
{
	if (kind > pc->reset_pending)
		pc->reset_pending = kind;
	cpu_request_stop(pc->cpu);
}

static void pc_request_exit(struct pc *pc, int status, const char *reason)
{
	if (!pc->exit_requested) {
		pc->exit_requested = true;
		pc->exit_status = status;
		pc->exit_reason = reason;
	}
	cpu_request_stop(pc->cpu);
}

static void pc_update_a20(struct pc *pc)
{
	mem_set_a20(pc->mem, pc->kbc_a20 || pc->port_a_a20);
}

static void pc_kbc_set_a20(void *opaque, bool enabled)
{
	struct pc *pc = opaque;
	pc->kbc_a20 = enabled;
	pc_update_a20(pc);
}

/* The 8042's reset line, port 0x92 bit 0, a soft 0xCF9 reset and a triple
 * fault all reach the CPU's INIT: the CPU restarts and the rest of the
 * board keeps its state.  That is what lets 286-era software leave
 * protected mode through a reset, with the CMOS shutdown byte telling the
 * BIOS to resume it.  Only a hard 0xCF9 reset restarts everything. */
static void pc_kbc_reset_cpu(void *opaque)
{
	pc_request_reset(opaque, RESET_CPU);
}

static void pc_piix3_reset(void *opaque, bool hard)
{
	pc_request_reset(opaque, hard ? RESET_HARD : RESET_CPU);
}

static void pc_port_a_set_a20(void *opaque, bool enabled)
{
	struct pc *pc = opaque;
	pc->port_a_a20 = enabled;
	pc_update_a20(pc);
}

static void pc_set_ignne(void *opaque, bool active)
{
	struct pc *pc = opaque;
	cpu_x87_set_ignne(pc->cpu, active);
}

static void pc_ferr_changed(void *opaque, bool active)
{
	struct pc *pc = opaque;
	piix3_set_ferr(pc->piix3, active);
}

static void pc_power_off(void *opaque)
{
	pc_request_exit(opaque, EXIT_OK, "powered off");
}

static void debug_exit_request(void *opaque, int status)
{
	pc_request_exit(opaque, status, "exit requested on port 0xF4");
}

static void debug_console_byte(void *opaque, uint8_t byte)
{
	struct pc *pc = opaque;
	if (pc->debugcon.write_byte)
		pc->debugcon.write_byte(pc->debugcon.opaque, byte);
}

static void debug_bench_mark(void *opaque, uint8_t mark)
{
	struct pc *pc = opaque;
	if (pc->bench)
		bench_report_mark(pc->bench, mark, pc_guest_insns(pc) - pc->idle_insns, clock_host_ns(),
				  bench_report_cpu_ns());
}

/* Lines from the Bochs BIOS log ports.  Info lines (port 0x402) are also
 * the debug console's bytes, so only panics and debug lines are reported
 * here. */
static void debug_log_line(void *opaque, enum debugport_level level, const char *line)
{
	if (level == DEBUGPORT_PANIC)
		fprintf(stderr, "glasspc: BIOS panic: %s\n", line);
	else if (level == DEBUGPORT_DEBUG)
		fprintf(stderr, "glasspc: BIOS debug: %s\n", line);
}

static void pc_set_intr(void *opaque, int irq, int level)
{
	struct pc *pc = opaque;
	cpu_set_intr(pc->cpu, level != 0);
}

static uint8_t pc_intr_ack(void *opaque)
{
	return pic_acknowledge(opaque);
}

static uint32_t empty_bus_read(void *opaque, uint32_t offset, unsigned size)
{
	return size == 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1;
}

static void empty_bus_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
}

static const struct mmio_ops empty_bus_ops = {empty_bus_read, empty_bus_write};

/* ---- firmware ---- */

/* Loads the system BIOS the configuration names.  Errors are one line. */
static int pc_load_bios(struct pc *pc)
{
	const struct firmware_config *fw = &pc->cfg->firmware;
	char path[4096];
	if (fw->bios == FIRMWARE_FILE) {
		snprintf(path, sizeof(path), "%s", fw->bios_path ? fw->bios_path : "");
		if (firmware_check_bios_file(path, BIOS_MAX_SIZE) < 0)
			return -1;
	} else if (firmware_find_system_bios(fw->bios == FIRMWARE_BOCHS ? SYSTEM_BIOS_BOCHS : SYSTEM_BIOS_SEABIOS, path,
					     sizeof(path)) < 0) {
		return -1;
	}
	pc->bios = rom_load(path, BIOS_MAX_SIZE, &pc->bios_size);
	if (!pc->bios)
		return -1;
	/* An explicit load address must agree with where a PC BIOS lives:
	 * ending at the top of the first MiB or of the address space. */
	uint64_t end = (uint64_t)fw->bios_address + pc->bios_size;
	if (fw->bios_address && end != 0x100000u && end != UINT64_C(0x100000000)) {
		fprintf(stderr, "glasspc: BIOS image '%s' at 0x%X would end at 0x%llX; a PC BIOS ends at 0xFFFFF "
				"(and is also mapped to end at 0xFFFFFFFF)\n",
			path, fw->bios_address, (unsigned long long)end);
		return -1;
	}
	pc->bios_window = malloc(I440FX_BIOS_SIZE);
	if (!pc->bios_window) {
		fprintf(stderr, "glasspc: out of memory loading the BIOS\n");
		return -1;
	}
	/* A 64 KiB BIOS leaves E0000-EFFFF empty, as an unpopulated ROM socket
	 * would. */
	size_t shown = pc->bios_size < I440FX_BIOS_SIZE ? pc->bios_size : I440FX_BIOS_SIZE;
	memset(pc->bios_window, 0xFF, I440FX_BIOS_SIZE - shown);
	memcpy(pc->bios_window + I440FX_BIOS_SIZE - shown, pc->bios + pc->bios_size - shown, shown);
	return 0;
}

/* ---- CMOS ---- */

/* The AT's "type 47" (user-defined) parameter block at base. */
static void cmos_set_disk(struct cmos *cmos, unsigned base, uint32_t c, uint32_t h, uint32_t s)
{
	uint16_t cyl = (uint16_t)(c > 0xFFFF ? 0xFFFF : c);
	cmos_set_byte(cmos, base + 0, (uint8_t)cyl);
	cmos_set_byte(cmos, base + 1, (uint8_t)(cyl >> 8));
	cmos_set_byte(cmos, base + 2, (uint8_t)h);
	cmos_set_byte(cmos, base + 3, 0xFF); /* write precompensation: none */
	cmos_set_byte(cmos, base + 4, 0xFF);
	cmos_set_byte(cmos, base + 5, h > 8 ? 0xC8 : 0xC0); /* control byte */
	cmos_set_byte(cmos, base + 6, (uint8_t)cyl); /* landing zone */
	cmos_set_byte(cmos, base + 7, (uint8_t)(cyl >> 8));
	cmos_set_byte(cmos, base + 8, (uint8_t)s);
}

static uint8_t boot_code(enum boot_device dev)
{
	switch (dev) {
	case BOOT_FLOPPY: return 1;
	case BOOT_DISK: return 2;
	case BOOT_CDROM: return 3;
	default: return 0;
	}
}

/* The NVRAM as the BIOSes read it (see docs/notes on firmware: memory
 * sizes, drives, equipment, boot order). */
static void pc_fill_cmos(struct pc *pc)
{
	const struct machine_config *cfg = pc->cfg;
	struct cmos *cmos = pc->cmos;
	uint64_t ram = pc->mem->ram_size;

	/* Memory: base in KiB; extended (above 1 MiB) in KiB, capped at
	 * 63.9 MiB; above 16 MiB in 64 KiB units; above 4 GiB: none. */
	cmos_set_byte(cmos, 0x15, (uint8_t)(640 & 0xFF));
	cmos_set_byte(cmos, 0x16, (uint8_t)(640 >> 8));
	uint64_t ext_kib = ram > MIB ? (ram - MIB) / KIB : 0;
	if (ext_kib > 0xFFFF)
		ext_kib = 0xFFFF;
	cmos_set_byte(cmos, 0x17, (uint8_t)ext_kib);
	cmos_set_byte(cmos, 0x18, (uint8_t)(ext_kib >> 8));
	cmos_set_byte(cmos, 0x30, (uint8_t)ext_kib);
	cmos_set_byte(cmos, 0x31, (uint8_t)(ext_kib >> 8));
	uint64_t high = ram > 16 * MIB ? (ram - 16 * MIB) / (64 * KIB) : 0;
	if (high > 0xFFFF)
		high = 0xFFFF;
	cmos_set_byte(cmos, 0x34, (uint8_t)high);
	cmos_set_byte(cmos, 0x35, (uint8_t)(high >> 8));
	cmos_set_byte(cmos, 0x5B, 0);
	cmos_set_byte(cmos, 0x5C, 0);
	cmos_set_byte(cmos, 0x5D, 0);

	/* Floppy drive types as the controller has them (from the
	 * configuration, else from each disk's format): A in the high
	 * nibble. */
	cmos_set_byte(cmos, 0x10, fdc_cmos_drive_types(pc->fdc));
	unsigned floppies = (unsigned)fdc_drive_count(pc->fdc);

	/* Equipment: floppies (count - 1 in bits 7-6, present in bit 0),
	 * VGA (bits 5-4 zero), a pointing device (bit 2), the x87 (bit 1). */
	uint8_t equipment = 0x04;
	if (pc->cpu->x87.present)
		equipment |= 0x02;
	if (floppies)
		equipment |= (uint8_t)(0x01 | (floppies - 1) << 6);
	cmos_set_byte(cmos, 0x14, equipment);

	/* Hard disks 0 and 1 (ata0 master and slave) as type 47 with their
	 * parameter blocks; translation (0x39): LBA past 1024 cylinders. */
	uint8_t types = 0, translation = 0;
	for (int n = 0; n < 2; n++) {
		const struct drive_config *d = &cfg->drive[SLOT_ATA0_MASTER + n];
		if (d->kind != MEDIA_HARD_DISK)
			continue;
		struct ata_geometry g;
		if (!pc->ata[0] || !ata_disk_geometry(pc->ata[0], n, &g, NULL))
			continue;
		uint32_t c = g.cylinders, h = g.heads, s = g.sectors;
		types |= (uint8_t)(0xF << (n ? 0 : 4));
		cmos_set_byte(cmos, 0x19 + (unsigned)n, 47);
		cmos_set_disk(cmos, n ? 0x24 : 0x1B, c, h, s);
		if (c > 1024)
			translation |= (uint8_t)(1u << (2 * n));
	}
	cmos_set_byte(cmos, 0x12, types);
	cmos_set_byte(cmos, 0x39, translation);

	/* Boot order: first and second device in 0x3D, third in 0x38 bits
	 * 7-4 (1 floppy, 2 disk, 3 CD-ROM); 0x2D bit 5: floppy first (for
	 * the older Bochs BIOS). */
	uint8_t order[BOOT_ORDER_MAX] = {0};
	for (int n = 0; n < BOOT_ORDER_MAX && cfg->boot[n] != BOOT_NONE; n++)
		order[n] = boot_code(cfg->boot[n]);
	cmos_set_byte(cmos, 0x3D, (uint8_t)(order[0] | order[1] << 4));
	cmos_set_byte(cmos, 0x38, (uint8_t)(order[2] << 4));
	cmos_set_byte(cmos, 0x2D, order[0] == 1 ? 0x20 : 0x00);

	/* The Bochs BIOS: no boot-menu prompt (fastboot). */
	cmos_set_byte(cmos, 0x3F, 0x01);
	/* Processors other than the boot one: none (SeaBIOS waits for that
	 * many to answer its start-up IPI). */
	cmos_set_byte(cmos, 0x5F, 0);
	cmos_set_byte(cmos, 0x0F, 0); /* shutdown status: normal POST */
	cmos_update_checksum(cmos);
}

/* What the RTC says at power-on. */
static int64_t pc_rtc_epoch(const struct machine_config *cfg)
{
	time_t now = time(NULL);
	switch (cfg->clock.start) {
	case CLOCK_START_FIXED:
		return cfg->clock.time0;
	case CLOCK_START_UTC:
		return (int64_t)now;
	default: {
		/* Local time, as DOS and Windows keep it in the RTC. */
		struct tm local;
		if (!localtime_r(&now, &local))
			return (int64_t)now;
		return (int64_t)now + (int64_t)local.tm_gmtoff;
	}
	}
}

/* ---- endpoints ---- */

static int open_backend(const struct endpoint *ep, struct uart_backend *backend, const char *what)
{
	int r = 0;
	switch (ep->kind) {
	case ENDPOINT_STDIO:
		r = uart_backend_stdio(backend);
		break;
	case ENDPOINT_FILE:
		r = uart_backend_file(backend, ep->path);
		break;
	case ENDPOINT_TCP:
		r = uart_backend_tcp(backend, ep->tcp_port);
		if (r == 0 && ep->tcp_port == 0)
			fprintf(stderr, "glasspc: %s listens on 127.0.0.1:%u\n", what, uart_backend_tcp_port(backend));
		break;
	default:
		uart_backend_none(backend);
		break;
	}
	if (r != 0)
		fprintf(stderr, "glasspc: cannot open %s (%s): %s\n", what,
			ep->kind == ENDPOINT_FILE ? ep->path : ep->kind == ENDPOINT_TCP ? "TCP" : "stdio",
			strerror(errno));
	return r;
}

/* ---- reset ---- */

/* ---- display ---- */

/* The VGA follows the clock only for its beam (retrace bits, blink); it
 * raises no interrupts. */
static void vga_advance_to(void *opaque, uint64_t now_ns)
{
	struct pc *pc = opaque;
	vga_advance(pc->vga, now_ns - pc->vga_ns);
	pc->vga_ns = now_ns;
}

static uint64_t vga_next(void *opaque)
{
	return CLOCK_NEVER;
}

static void vga_bar_changed(void *opaque, struct pci_function *fn, int bar, uint32_t address, bool enabled)
{
	struct pc *pc = opaque;
	if (bar == 0)
		vga_map_lfb(pc->vga, address, enabled);
	else if (bar == PCI_ROM_BAR_INDEX)
		vga_map_rom(pc->vga, address, enabled);
}

/* The Bochs BIOS copies the VGA ROM to C0000 with the command register's
 * decode bits and the ROM BAR's enable bit all clear, which Bochs's own
 * VGA tolerates: with that BIOS the ROM decodes whenever the BAR holds an
 * address (all ones in the address bits is the sizing pattern, not an
 * address).  Called after bar_changed, so this has the last word. */
static void vga_config_written(void *opaque, struct pci_function *fn, unsigned offset, unsigned size)
{
	struct pc *pc = opaque;
	if (pc->cfg->firmware.bios != FIRMWARE_BOCHS)
		return;
	struct vga_pci_info info;
	vga_pci_info(pc->vga, &info);
	uint32_t address = pci_bar_address(fn, PCI_ROM_BAR_INDEX);
	vga_map_rom(pc->vga, address, address && address != (uint32_t)0 - info.rom_size);
}

static const struct pci_function_ops vga_pci_ops = {.bar_changed = vga_bar_changed,
						    .config_written = vga_config_written};

/* The VGA and its BIOS, before the i440FX maps its shadow segments over
 * C0000 (the ISA copy of the ROM must lie below them). */
static int pc_build_vga(struct pc *pc)
{
	const struct machine_config *cfg = pc->cfg;
	pc->vga = vga_create(pc->io, pc->mem);
	if (!pc->vga) {
		fprintf(stderr, "glasspc: out of memory (or port handlers) building the VGA\n");
		return -1;
	}
	size_t size;
	bool bochs = cfg->firmware.bios == FIRMWARE_BOCHS;
	uint8_t *rom = vgabios_load(bochs ? VGABIOS_LGPL : VGABIOS_SEABIOS, cfg->firmware.vgabios_path, &size);
	if (!rom)
		return -1;
	int r = vga_set_rom(pc->vga, rom, size);
	free(rom);
	if (r) {
		fprintf(stderr, "glasspc: out of memory loading the VGA BIOS\n");
		return -1;
	}
	/* SeaBIOS runs only the PCI ROM (and clears C0000 first); the Bochs
	 * BIOS also scans C0000 for ISA option ROMs. */
	if (bochs && vga_map_isa_rom(pc->vga))
		return -1;
	return 0;
}

/* The VGA's PCI function, 00:02.0. */
static int pc_build_vga_pci(struct pc *pc)
{
	struct vga_pci_info info;
	vga_pci_info(pc->vga, &info);
	pc->vga_fn = pci_add_function(pc->pci, PCI_DEVFN(2, 0), &vga_pci_ops, pc);
	if (!pc->vga_fn)
		return -1;
	pci_config_set_header(pc->vga_fn, info.vendor, info.device, info.class_code, info.revision, 0);
	pci_set_bar(pc->vga_fn, 0, PCI_BAR_MEM32_PREFETCH, info.bar0_size);
	if (info.rom_size)
		pci_set_bar(pc->vga_fn, PCI_ROM_BAR_INDEX, PCI_BAR_ROM, info.rom_size);
	return 0;
}

static void pc_reset_vga(struct pc *pc)
{
	vga_reset(pc->vga);
	pci_config_set16(pc->vga_fn, PCI_COMMAND, 0);
	pci_config_set32(pc->vga_fn, PCI_BAR0, 0);
	pci_config_set32(pc->vga_fn, PCI_ROM_BAR, 0);
	vga_map_lfb(pc->vga, 0, false);
	vga_map_rom(pc->vga, 0, false);
}

static void gui_key(void *opaque, const uint8_t *codes, size_t len)
{
	struct pc *pc = opaque;
	kbc_key_event(pc->kbc, codes, len);
}

static void gui_mouse(void *opaque, int dx, int dy, unsigned buttons)
{
	struct pc *pc = opaque;
	kbc_mouse_event(pc->kbc, dx, dy, buttons);
}

static void gui_reset(void *opaque)
{
	pc_request_reset(opaque, RESET_HARD);
}

static void gui_pause(void *opaque, bool paused)
{
	struct pc *pc = opaque;
	pc->paused = paused;
	cpu_request_stop(pc->cpu);
}

/* The window's debugger hot key: the console, now (started on the
 * spot when glasspc runs without --debugger). */
static void gui_debugger(void *opaque)
{
	struct pc *pc = opaque;
	if (pc->debugger) {
		debugger_request_stop(pc->debugger);
		return;
	}
	pc->debugger_key = true;
	cpu_request_stop(pc->cpu);
}

static int gui_post_code(void *opaque)
{
	struct pc *pc = opaque;
	return debugport_post_code(pc->debugport);
}

/* The status line's disk light: a floppy or ATA transfer since it last
 * asked. */
static bool gui_disk_active(void *opaque)
{
	struct pc *pc = opaque;
	uint64_t transfers = fdc_transfers(pc->fdc);
	for (int ch = 0; ch < 2; ch++)
		if (pc->ata[ch])
			transfers += ata_channel_transfers(pc->ata[ch]);
	bool active = transfers != pc->disk_transfers_seen;
	pc->disk_transfers_seen = transfers;
	return active;
}

static unsigned gui_keyboard_leds(void *opaque)
{
	struct pc *pc = opaque;
	return kbc_keyboard_leds(pc->kbc);
}

/* Guest instructions per host second since the status line last asked. */
static double gui_mips(void *opaque)
{
	struct pc *pc = opaque;
	uint64_t host = clock_host_ns(), insns = pc_guest_insns(pc) - pc->idle_insns;
	if (host - pc->mips_host_ns >= CLOCK_NS_PER_SECOND / 4) {
		if (pc->mips_host_ns)
			pc->mips = (double)(insns - pc->mips_insns) * 1e3 / (double)(host - pc->mips_host_ns);
		pc->mips_host_ns = host;
		pc->mips_insns = insns;
	}
	return pc->mips;
}

static int pc_open_display(struct pc *pc)
{
	static const enum display_want want[] = {
		[DISPLAY_AUTO] = DISPLAY_WANT_AUTO, [DISPLAY_SDL] = DISPLAY_WANT_WINDOW, [DISPLAY_NONE] = DISPLAY_WANT_NONE,
	};
	struct gui_host host = {
		.opaque = pc,
		.key = gui_key,
		.mouse = gui_mouse,
		.power_off = pc_power_off,
		.reset = gui_reset,
		.pause = gui_pause,
		.debugger = gui_debugger,
		.post_code = gui_post_code,
		.mips = gui_mips,
		.keyboard_leds = gui_keyboard_leds,
		.disk_active = gui_disk_active,
	};
	pc->display = display_create(pc->vga, want[pc->cfg->display], &host, "glasspc");
	return pc->display ? 0 : -1;
}

/* After each slice: feed the window; while paused, only the window runs. */
static void pc_poll_display(struct pc *pc)
{
	display_poll(pc->display);
	while (pc->paused && !pc->exit_requested && !signal_received && !pc->debugger_key && !(pc->stop && *pc->stop)) {
		struct timespec pause = {0, 10000000};
		nanosleep(&pause, NULL);
		display_poll(pc->display);
	}
}

void pc_reset_cpu(struct pc *pc)
{
	pc->insn_base += pc->cpu->icount;
	cpu_reset(pc->cpu);
}

/* Everything on the board back to power-on, except the CMOS (battery
 * backed) and the clock (time goes on). */
static void pc_reset_hard(struct pc *pc)
{
	pic_reset(pc->pic);
	pit_reset(pc->pit);
	kbc_reset(pc->kbc);
	dma_reset(pc->dma);
	for (int n = 0; n < SERIAL_PORTS; n++)
		if (pc->uart[n])
			uart_reset(pc->uart[n]);
	pci_reset(pc->pci);
	i440fx_reset(pc->i440fx);
	piix3_reset(pc->piix3);
	piix4pm_reset(pc->pm);
	fdc_reset(pc->fdc);
	for (int n = 0; n < 2; n++)
		if (pc->ata[n])
			ata_channel_reset(pc->ata[n]);
	ide_busmaster_reset(pc->ide_busmaster);
	pc_reset_vga(pc);
	pc->kbc_a20 = kbc_a20_enabled(pc->kbc);
	pc->port_a_a20 = piix3_a20(pc->piix3);
	pc_update_a20(pc);
	pc_reset_cpu(pc);
}

/* ---- storage ---- */

static enum disk_image_access drive_access(const struct drive_config *d)
{
	if (d->discard_writes)
		return DISK_IMAGE_SNAPSHOT;
	return d->read_only ? DISK_IMAGE_READ_ONLY : DISK_IMAGE_READ_WRITE;
}

/* Opens a drive's image; NULL (after one line on stderr) on failure. */
static struct disk_image *open_drive_image(const struct drive_config *d)
{
	char err[1024];
	struct disk_image *image = disk_image_open(d->path, drive_access(d), err, sizeof(err));
	if (!image)
		fprintf(stderr, "glasspc: %s\n", err);
	return image;
}

static enum fdc_drive_type fdc_type(enum floppy_drive_type type)
{
	switch (type) {
	case FLOPPY_DRIVE_360K: return FDC_DRIVE_360K;
	case FLOPPY_DRIVE_1200K: return FDC_DRIVE_1200K;
	case FLOPPY_DRIVE_720K: return FDC_DRIVE_720K;
	case FLOPPY_DRIVE_1440K: return FDC_DRIVE_1440K;
	case FLOPPY_DRIVE_2880K: return FDC_DRIVE_2880K;
	default: return FDC_DRIVE_NONE; /* the controller picks from the disk */
	}
}

/* The PIIX3 IDE function's decode bits reach the channels and the
 * bus-master block through these. */
static void ide_channel_decode(void *opaque, int channel, bool enabled)
{
	struct pc *pc = opaque;
	if (channel >= 0 && channel < 2 && pc->ata[channel])
		ata_channel_set_decode(pc->ata[channel], enabled);
}

static void ide_busmaster_decode(void *opaque, uint16_t base, bool enabled)
{
	struct pc *pc = opaque;
	if (ide_busmaster_map(pc->ide_busmaster, pc->io, base, enabled))
		fprintf(stderr, "glasspc: out of port handlers mapping the IDE bus master at 0x%04X\n", base);
}

/* The floppy controller, the two ATA channels and the bus master, with
 * the configured images in their drives.  Errors (one line each, naming
 * the file) are reported here. */
static int pc_build_storage(struct pc *pc, const struct irq_line *isa_irq)
{
	const struct machine_config *cfg = pc->cfg;
	char err[1024];
	pc->fdc = fdc_create(pc->io, FDC_PRIMARY_BASE, &isa_irq[FDC_PRIMARY_IRQ], pc->dma, FDC_PRIMARY_DMA);
	pc->ide_busmaster = pc->fdc ? ide_busmaster_create(pc->mem) : NULL;
	if (!pc->ide_busmaster)
		goto out_of_memory;
	for (int n = 0; n < FDC_DRIVES; n++) {
		const struct drive_config *d = &cfg->drive[SLOT_FDA + n];
		if (d->kind != MEDIA_FLOPPY)
			continue;
		fdc_set_drive_type(pc->fdc, n, fdc_type(d->floppy_drive));
		if (!d->path || !d->inserted) {
			if (fdc_drive_type(pc->fdc, n) == FDC_DRIVE_NONE)
				fdc_set_drive_type(pc->fdc, n, FDC_DRIVE_1440K);
			continue;
		}
		struct disk_image *image = open_drive_image(d);
		struct fdc_geometry g = {d->cylinders, d->heads, d->sectors};
		if (!image)
			return -1;
		if (fdc_insert(pc->fdc, n, image, d->cylinders ? &g : NULL, err, sizeof(err))) {
			fprintf(stderr, "glasspc: %s\n", err);
			return -1;
		}
	}
	for (int ch = 0; ch < 2; ch++) {
		const struct ata_channel_config *c = &cfg->ata[ch];
		if (!c->enabled)
			continue;
		pc->ata[ch] = ata_channel_create(pc->io, c->ioaddr1, (uint16_t)(c->ioaddr2 + 6), &isa_irq[c->irq & 15]);
		if (!pc->ata[ch])
			goto out_of_memory;
		ata_channel_set_busmaster(pc->ata[ch], pc->ide_busmaster, ch);
		for (int unit = 0; unit < 2; unit++) {
			const struct drive_config *d = &cfg->drive[SLOT_ATA0_MASTER + 2 * ch + unit];
			struct disk_image *image = NULL;
			int r = 0;
			if (d->kind == MEDIA_HARD_DISK) {
				struct ata_geometry g = {d->cylinders, d->heads, d->sectors};
				if (!(image = open_drive_image(d)))
					return -1;
				r = ata_attach_disk(pc->ata[ch], unit, image, d->cylinders && d->heads && d->sectors ? &g : NULL,
						    err, sizeof(err));
			} else if (d->kind == MEDIA_CDROM) {
				if (d->path && d->inserted && !(image = open_drive_image(d)))
					return -1;
				r = ata_attach_cdrom(pc->ata[ch], unit, image, err, sizeof(err));
			}
			if (r) {
				fprintf(stderr, "glasspc: %s\n", err);
				return -1;
			}
		}
	}
	piix3_set_ide_hooks(pc->piix3, &(struct piix3_ide_hooks){.channel_decode = ide_channel_decode,
								 .busmaster_map = ide_busmaster_decode,
								 .opaque = pc});
	return 0;
out_of_memory:
	fprintf(stderr, "glasspc: out of memory (or port handlers) building the disk controllers\n");
	return -1;
}

/* ---- building ---- */

static void pc_destroy(struct pc *pc)
{
	if (pc->debugport)
		debugport_flush(pc->debugport);
	if (pc->debugcon.destroy)
		pc->debugcon.destroy(pc->debugcon.opaque);
	lpt_destroy(pc->lpt);
	if (pc->printer.destroy)
		pc->printer.destroy(pc->printer.opaque);
	for (int n = 0; n < SERIAL_PORTS; n++)
		uart_destroy(pc->uart[n]);
	for (int n = 0; n < 2; n++)
		ata_channel_destroy(pc->ata[n]);
	ide_busmaster_destroy(pc->ide_busmaster);
	fdc_destroy(pc->fdc);
	display_destroy(pc->display);
	vga_destroy(pc->vga);
	piix4pm_destroy(pc->pm);
	piix3_destroy(pc->piix3);
	i440fx_destroy(pc->i440fx);
	pci_destroy(pc->pci);
	debugport_destroy(pc->debugport);
	if (pc->dma)
		dma_destroy(pc->dma);
	if (pc->kbc)
		kbc_destroy(pc->kbc);
	if (pc->cmos)
		cmos_destroy(pc->cmos);
	if (pc->pit)
		pit_destroy(pc->pit);
	if (pc->pic)
		pic_destroy(pc->pic);
	cpu_destroy(pc->cpu);
	iobus_destroy(pc->io);
	mem_destroy(pc->mem);
	free(pc->bios_window);
	free(pc->bios);
}

static void lpt_print(void *opaque, uint8_t byte)
{
	struct pc *pc = opaque;
	if (pc->printer.write_byte)
		pc->printer.write_byte(pc->printer.opaque, byte);
}

static int pc_build(struct pc *pc)
{
	const struct machine_config *cfg = pc->cfg;
	enum cpu_model model = (enum cpu_model)cfg->cpu_model;
	uint32_t bus_mask = cpu_model_bus_mask(model);

	if (pc_load_bios(pc))
		return -1;
	/* Both packaged BIOSes need more than a 386: SeaBIOS runs WBINVD
	 * once it has found the i440FX, the Bochs BIOS's 32-bit part runs
	 * CPUID unconditionally.  On a 386 they die in a triple fault. */
	if (model < CPU_486 && cfg->firmware.bios != FIRMWARE_FILE)
		fprintf(stderr, "glasspc: warning: %s needs a 486 or later (the %s has no %s); try --cpu pentium\n",
			cfg->firmware.bios == FIRMWARE_BOCHS ? "the Bochs BIOS" : "SeaBIOS", cpu_model_name(model),
			cfg->firmware.bios == FIRMWARE_BOCHS ? "CPUID" : "WBINVD");
	if (pc->bios_size > (uint64_t)bus_mask + 1 - MIB) {
		fprintf(stderr, "glasspc: a %zu KiB BIOS does not fit the %s's address space\n", pc->bios_size / KIB,
			cpu_model_name(model));
		return -1;
	}
	/* RAM below the BIOS at the top of the address space: all of it on
	 * a 386, 15 MiB on the 286's 24 lines, 1 MiB on the 8086's 20. */
	uint64_t ram = (uint64_t)cfg->memory_mb * MIB;
	uint64_t ram_max = bus_mask == 0xFFFFFFFFu ? UINT64_C(0xFFFFFFFF) - BIOS_MAX_SIZE + 1
						   : (bus_mask > 0xFFFFF ? (uint64_t)bus_mask + 1 - MIB : MIB);
	if (ram > ram_max)
		ram = ram_max;
	if (ram < MIB)
		ram = MIB;
	pc->mem = mem_create((uint32_t)ram, bus_mask);
	pc->io = iobus_create();
	if (!pc->mem || !pc->io) {
		fprintf(stderr, "glasspc: cannot allocate %u MiB of guest memory\n", cfg->memory_mb);
		return -1;
	}
	mem_map_rom(pc->mem, (uint32_t)(bus_mask - pc->bios_size + 1), (uint32_t)pc->bios_size, pc->bios, "bios");
	mem_map_mmio(pc->mem, ISA_ROM_SPACE_BASE, ISA_ROM_SPACE_SIZE, &empty_bus_ops, NULL, "isa-rom-space");
	if (pc_build_vga(pc))
		return -1;

	pc->cpu = cpu_create(model, pc->mem, pc->io);
	if (!pc->cpu) {
		fprintf(stderr, "glasspc: out of memory creating the CPU\n");
		return -1;
	}
	cpu_set_x87_present(pc->cpu, cfg->fpu387);

	struct irq_line intr = {.set = pc_set_intr, .opaque = pc};
	pc->pic = pic_create(pc->io, &intr);
	if (!pc->pic)
		goto out_of_memory;
	pc->cpu->intr.ack = pc_intr_ack;
	pc->cpu->intr.opaque = pc->pic;
	struct irq_line isa_irq[PIIX3_ISA_IRQS];
	for (int n = 0; n < PIIX3_ISA_IRQS; n++)
		isa_irq[n] = pic_irq_line(pc->pic, n);

	pc->pit = pit_create(pc->io, &isa_irq[0]);
	pc->cmos = pc->pit ? cmos_create(pc->io, &isa_irq[8], pc_rtc_epoch(cfg)) : NULL;
	struct kbc_host kbc_host = {.set_a20 = pc_kbc_set_a20, .reset_cpu = pc_kbc_reset_cpu, .opaque = pc};
	pc->kbc = pc->cmos ? kbc_create(pc->io, &isa_irq[1], &isa_irq[12], &kbc_host) : NULL;
	pc->dma = pc->kbc ? dma_create(pc->io, pc->mem) : NULL;
	if (!pc->dma)
		goto out_of_memory;

	static const uint16_t com_base[SERIAL_PORTS] = {UART_COM1_BASE, UART_COM2_BASE, UART_COM3_BASE,
							UART_COM4_BASE};
	static const int com_irq[SERIAL_PORTS] = {UART_COM1_IRQ, UART_COM2_IRQ, UART_COM3_IRQ, UART_COM4_IRQ};
	for (int n = 0; n < SERIAL_PORTS; n++) {
		const struct serial_config *s = &cfg->serial[n];
		if (!s->enabled)
			continue;
		char what[16];
		snprintf(what, sizeof(what), "COM%d", n + 1);
		struct uart_backend backend;
		if (open_backend(&s->to, &backend, what))
			return -1;
		pc->uart_has_input[n] = s->to.kind == ENDPOINT_STDIO || s->to.kind == ENDPOINT_TCP;
		pc->uart[n] = uart_create(pc->io, com_base[n], &isa_irq[com_irq[n]], &backend);
		if (!pc->uart[n])
			goto out_of_memory;
	}

	if (open_backend(&cfg->debugcon, &pc->debugcon, "the debug console"))
		return -1;
	if (open_backend(&cfg->parallel, &pc->printer, "LPT1"))
		return -1;
	pc->lpt = lpt_create(pc->io, LPT1_BASE, lpt_print, pc);
	if (!pc->lpt)
		goto out_of_memory;
	struct debugport_host debug_host = {
		.console_byte = debug_console_byte,
		.log_line = debug_log_line,
		.exit_request = debug_exit_request,
		.power_off = pc_power_off,
		.bench_mark = debug_bench_mark,
		.opaque = pc,
	};
	pc->debugport = debugport_create(pc->io, &debug_host);
	if (!pc->debugport)
		goto out_of_memory;

	pc->pci = pci_create(pc->io);
	pc->i440fx = pc->pci ? i440fx_create(pc->pci, pc->mem, pc->bios_window) : NULL;
	struct piix3_host piix3_host = {.reset = pc_piix3_reset, .set_a20 = pc_port_a_set_a20,
					.set_ignne = pc_set_ignne, .opaque = pc};
	pc->piix3 = pc->i440fx ? piix3_create(pc->pci, pc->io, isa_irq, &piix3_host) : NULL;
	struct piix4pm_host pm_host = {.power_off = pc_power_off, .sync = pm_sync, .reschedule = pm_reschedule,
				       .opaque = pc};
	pc->pm = pc->piix3 ? piix4pm_create(pc->pci, pc->io, &isa_irq[SCI_IRQ], &pm_host) : NULL;
	if (!pc->pm)
		goto out_of_memory;
	if (pc_build_vga_pci(pc))
		goto out_of_memory;
	if (pc_build_storage(pc, isa_irq))
		return -1;
	/* The x87's FERR# reaches IRQ 13 through the PIIX3 (MS-DOS-compatible
	 * error reporting, with CR0.NE clear). */
	pc->cpu->x87.ferr_changed = pc_ferr_changed;
	pc->cpu->x87.ferr_opaque = pc;

	/* The clock: every timed device, and the ports through which the
	 * guest reads their time. */
	clock_init(&pc->clock, cfg->ips,
		   cfg->clock.sync == CLOCK_SYNC_REALTIME || cfg->clock.sync == CLOCK_SYNC_BOTH);
	const struct clock_timer timers[] = {
		{pit_advance_to, pit_next, pc},
		{cmos_advance_to, cmos_next, pc},
		{pm_advance_to, pm_next, pc},
		{vga_advance_to, vga_next, pc},
	};
	for (unsigned n = 0; n < sizeof(timers) / sizeof(timers[0]); n++)
		clock_add_timer(&pc->clock, &timers[n]);
	bool uart_input = false;
	for (int n = 0; n < SERIAL_PORTS; n++)
		uart_input |= pc->uart[n] && pc->uart_has_input[n];
	pc->next_uart_poll_ns = CLOCK_NEVER;
	if (uart_input) {
		pc->next_uart_poll_ns = 0;
		clock_add_timer(&pc->clock, &(struct clock_timer){uarts_advance_to, uarts_next, pc});
	}
	if (pc_time_ports(pc, PIT_BASE, 4) || pc_time_ports(pc, PIT_PORT_B, 1) ||
	    pc_time_ports(pc, CMOS_INDEX_PORT, 2) || pc_time_ports(pc, 0x3BA, 1) || pc_time_ports(pc, 0x3DA, 1))
		goto out_of_memory;

	pc_fill_cmos(pc);
	pc_reset_hard(pc);
	return 0;

out_of_memory:
	fprintf(stderr, "glasspc: out of memory (or port handlers) building the PC\n");
	return -1;
}

/* ---- running ---- */

int pc_report(struct pc *pc, enum cpu_stop why, bool limit_reached)
{
	struct cpu *cpu = pc->cpu;
	char state[512], names[3][24];
	int status = EXIT_OK;
	const char *what = "stopped";
	if (pc->exit_requested) {
		what = pc->exit_reason;
		status = pc->exit_status;
	} else if (limit_reached) {
		what = "reached the --max-insns limit of guest time";
	} else {
		switch (why) {
		case CPU_STOP_HALT:
			what = cpu_get_flags(cpu) & F_IF ? "halted with interrupts enabled and no timer running;"
							 : "halted with interrupts disabled";
			status = cpu_get_flags(cpu) & F_IF ? EXIT_HALT_IF : EXIT_OK;
			break;
		case CPU_STOP_SHUTDOWN:
			fprintf(stderr,
				"glasspc: triple fault: %s, then %s while delivering it, then %s; shutdown at %04X:%08X\n",
				cpu_exception_name(cpu->fault_chain[0], names[0], sizeof(names[0])),
				cpu_exception_name(cpu->fault_chain[1], names[1], sizeof(names[1])),
				cpu_exception_name(cpu->fault_chain[2], names[2], sizeof(names[2])),
				cpu->seg[S_CS].sel, cpu->insn_eip);
			what = "shut down";
			status = EXIT_TRIPLE_FAULT;
			break;
		case CPU_STOP_REQUEST:
			what = signal_received == SIGTERM ? "stopped by SIGTERM" : "stopped by SIGINT";
			break;
		default:
			break;
		}
	}
	if (!pc->opts->quiet || (status != EXIT_OK && !pc->exit_requested)) {
		cpu_format_state(cpu, state, sizeof(state));
		/* Instructions executed, not counting the instruction times
		 * skipped while halted. */
		uint64_t executed = pc_guest_insns(pc) - pc->idle_insns;
		fprintf(stderr, "glasspc: %s after %llu instructions and %.3f s of guest time (%.3f s of it halted) "
				"at %04X:%08X, last POST code 0x%02X\n%s\n",
			what, (unsigned long long)executed, (double)pc->clock.now_ns / 1e9,
			(double)clock_insns_to_ns(&pc->clock, pc->idle_insns) / 1e9, cpu->seg[S_CS].sel, cpu->eip,
			debugport_post_code(pc->debugport), state);
	}
	return status;
}

/* Deterministic mode, CPU halted with interrupts enabled: guest time
 * jumps to the next device event.  Returns false when there is none. */
static bool pc_skip_idle_time(struct pc *pc, uint64_t limit)
{
	uint64_t deadline = pc_deadline_insns(pc);
	if (deadline == UINT64_MAX)
		return false;
	uint64_t now = pc_guest_insns(pc);
	if (deadline <= now)
		deadline = now + 1;
	if (limit && deadline > limit)
		deadline = limit;
	pc->idle_insns += deadline - now;
	pc->cpu->icount = deadline - pc->insn_base;
	pc_sync(pc);
	return true;
}

static void pc_throttle(struct pc *pc)
{
	/* clock sync "slowdown": never ahead of the host clock. */
	uint64_t host = clock_host_ns() - pc->clock.host_start_ns;
	if (pc->clock.now_ns > host + REALTIME_SLICE_NS)
		clock_sleep_until(&pc->clock, pc->clock.now_ns, REALTIME_MAX_SLEEP_NS);
}

/* The CPU is halted: wait for the next device event (real time), or
 * jump to it (deterministic).  False when nothing can wake the CPU. */
bool pc_idle(struct pc *pc)
{
	if (!(cpu_get_flags(pc->cpu) & F_IF) && !pc->cpu->nmi_pending)
		return false;
	pc->slice_valid = false;
	if (pc->clock.realtime) {
		clock_sleep_until(&pc->clock, clock_deadline(&pc->clock), REALTIME_MAX_SLEEP_NS);
		pc_sync(pc);
		return true;
	}
	return pc_skip_idle_time(pc, pc->limit);
}

/* Where the next slice of cpu_run ends: the next device event (at most a
 * real-time slice ahead in real-time mode), the limit. */
static uint64_t pc_slice_end(struct pc *pc, uint64_t now)
{
	uint64_t end = pc_deadline_insns(pc);
	if (pc->clock.realtime) {
		uint64_t realtime_slice = clock_ns_to_insns(&pc->clock, REALTIME_SLICE_NS);
		uint64_t deadline_ns = clock_deadline(&pc->clock);
		uint64_t ahead = deadline_ns == CLOCK_NEVER || deadline_ns <= pc->clock.now_ns
					 ? realtime_slice
					 : clock_ns_to_insns(&pc->clock, deadline_ns - pc->clock.now_ns);
		end = now + (ahead < realtime_slice ? ahead : realtime_slice);
	}
	if (end <= now)
		end = now + 1;
	if (pc->limit && end > pc->limit)
		end = pc->limit;
	return end;
}

bool pc_ended(const struct pc *pc)
{
	return signal_received || pc->exit_requested;
}

/* The run loop, with and without the debugger: slices of cpu_run up to
 * the next device event, then time, the display, resets, halts and
 * triple faults.  single runs one cpu_step instead (the debugger's
 * careful steps): devices are brought up to date exactly when the slice
 * that run would have made ends, so that the guest sees the same thing
 * either way.  stop is the debugger's flag (NULL without one);
 * fatal_stops: a triple fault returns instead of resetting the CPU (the
 * reset waits for pc_debug_resume).
 *
 * Returns CPU_STOP_REQUEST when the machine ended (pc_ended), *stop was
 * set or the debugger hot key was pressed; CPU_STOP_HALT when halted for
 * good (single: halted at all); CPU_STOP_SHUTDOWN; CPU_STOP_INSN_LIMIT;
 * CPU_STOP_NONE after a single step. */
enum cpu_stop pc_execute(struct pc *pc, bool single, const volatile bool *stop, bool fatal_stops)
{
	const struct machine_config *cfg = pc->cfg;
	bool slowdown = cfg->clock.sync == CLOCK_SYNC_SLOWDOWN;
	pc->stop = stop;
	for (;;) {
		if (pc_ended(pc))
			return CPU_STOP_REQUEST;
		uint64_t now = pc_guest_insns(pc);
		if (pc->limit && now >= pc->limit)
			return CPU_STOP_INSN_LIMIT;
		if (!single || !pc->slice_valid) {
			pc->slice_end = pc_slice_end(pc, now);
			pc->slice_valid = true;
		}
		enum cpu_stop why = single ? cpu_step(pc->cpu) : cpu_run(pc->cpu, pc->slice_end - pc->insn_base);
		if (!single || why != CPU_STOP_NONE || pc_guest_insns(pc) >= pc->slice_end) {
			pc->slice_valid = false;
			pc_sync(pc);
			pc_poll_display(pc);
			if (slowdown)
				pc_throttle(pc);
		}

		if (pc_ended(pc))
			return CPU_STOP_REQUEST;
		if (pc->reset_pending != RESET_NONE) {
			enum reset_kind kind = pc->reset_pending;
			pc->reset_pending = RESET_NONE;
			pc->slice_valid = false;
			if (kind == RESET_HARD)
				pc_reset_hard(pc);
			else
				pc_reset_cpu(pc);
			if (single && why == CPU_STOP_NONE)
				return CPU_STOP_NONE;
			continue;
		}
		if ((stop && *stop) || pc->debugger_key)
			return CPU_STOP_REQUEST;
		switch (why) {
		case CPU_STOP_NONE:
			return CPU_STOP_NONE; /* single: the step is done */
		case CPU_STOP_SHUTDOWN:
			if (!cfg->reset_on_triple_fault)
				return why;
			if (fatal_stops) {
				pc->shutdown_pending = true;
				return why;
			}
			pc_reset_cpu(pc);
			if (single)
				return CPU_STOP_NONE;
			break;
		case CPU_STOP_HALT:
			if (single || !pc_idle(pc))
				return why;
			break;
		default:
			/* The slice ended (a device event is due, or a guest
			 * write moved one), or a step was asked to stop before it
			 * began: the devices are up to date; go on. */
			break;
		}
	}
}

/* Can a console started by the hot key read commands?  A terminal, a
 * pipe or a file can; /dev/null or a closed input (glasspc started from
 * a desktop menu) would end the session, and glasspc, at once. */
static bool pc_console_input_usable(void)
{
	struct stat st;
	if (isatty(STDIN_FILENO))
		return true;
	return fstat(STDIN_FILENO, &st) == 0 && (S_ISFIFO(st.st_mode) || S_ISREG(st.st_mode) || S_ISSOCK(st.st_mode));
}

static int pc_run(struct pc *pc)
{
	for (;;) {
		enum cpu_stop why = pc_execute(pc, false, NULL, false);
		if (why != CPU_STOP_REQUEST || !pc->debugger_key || pc_ended(pc))
			return pc_report(pc, why, why == CPU_STOP_INSN_LIMIT);
		pc->debugger_key = false;
		if (pc_console_input_usable()) {
			/* The hot key without --debugger: the console from here on. */
			struct debug_options console = {.console = true};
			return pc_run_debugger(pc, &console);
		}
		fprintf(stderr, "glasspc: the debugger needs commands on standard input: start glasspc from a "
				"terminal\n");
	}
}

int pc_machine_run(const struct options *opts)
{
	struct pc *pc = calloc(1, sizeof(*pc));
	if (!pc) {
		fprintf(stderr, "glasspc: out of memory\n");
		return EXIT_USAGE;
	}
	pc->opts = opts;
	pc->cfg = &opts->pc;
	int status = EXIT_USAGE;
	if (pc_build(pc) == 0 && pc_open_display(pc) == 0) {
		signal_received = 0;
		signalled_cpu = pc->cpu;
		struct sigaction action = {.sa_handler = pc_on_signal}, old_int, old_term;
		sigemptyset(&action.sa_mask);
		sigaction(SIGINT, &action, &old_int);
		sigaction(SIGTERM, &action, &old_term);
		struct bench_report bench;
		if (opts->bench_report) {
			pc->bench = &bench;
			bench_report_start(&bench, pc_guest_insns(pc) - pc->idle_insns, clock_host_ns(),
					   bench_report_cpu_ns());
		}
		pc->limit = opts->max_insns;
		status = pc_debug && debug_options_any(pc_debug) ? pc_run_debugger(pc, pc_debug) : pc_run(pc);
		if (pc->bench)
			bench_report_print(pc->bench, stderr);
		pc->bench = NULL;
		/* --screenshot and --screen-text show the screen as the run left it. */
		if (display_write_outputs(pc->display, pc->cfg->screenshot_path, pc->cfg->screen_text_path) && status == EXIT_OK)
			status = EXIT_USAGE;
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGTERM, &old_term, NULL);
		signalled_cpu = NULL;
	}
	pc_destroy(pc);
	free(pc);
	return status;
}
