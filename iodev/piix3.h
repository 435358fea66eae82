/* The Intel 82371SB PIIX3: the PCI-to-ISA bridge (8086:7000, PCI
 * 00:01.0) and its IDE function (8086:7010, 00:01.1).
 *
 * The ISA bridge routes the four PCI interrupt lines PIRQA#-PIRQD# to ISA
 * IRQs (configuration 0x60-0x63: bit 7 disables the route, bits 3-0 name
 * the IRQ); the edge/level control registers at 0x4D0/0x4D1 that go with
 * them belong to the interrupt controller (iodev/pic.h).  It also owns
 * two ports of the board:
 *   0xCF9  reset control: writing bit 2 (RCPU) resets the system, hard
 *          when bit 1 (SRST) is set, a CPU-only (soft) reset otherwise.
 *   0x92   system control port A: bit 1 gates A20 (ORed with the
 *          keyboard controller's gate by the machine), a 0 -> 1 change
 *          of bit 0 resets the CPU.
 *   0xF0   coprocessor error: the CPU's FERR# raises IRQ 13; a write here
 *          while FERR# is active drops IRQ 13 and asserts IGNNE# until
 *          FERR# goes inactive (the AT's MS-DOS-compatible x87 errors).
 *
 * The IDE function has the PCI face of the controller: class 0101
 * (programming interface 0x80: both channels in legacy mode, bus-master
 * capable), the IDE timing registers at 0x40/0x42 whose bit 15 turns the
 * channel's legacy port decode on (0x1F0-0x1F7/0x3F6, IRQ 14; 0x170-0x177/
 * 0x376, IRQ 15), and the bus-master BAR 4 (16 ports).  The disk
 * controller itself is another device: it learns of those decode changes
 * through struct piix3_ide_hooks. */
#ifndef GLASSPC_IODEV_PIIX3_H
#define GLASSPC_IODEV_PIIX3_H

#include <stdbool.h>
#include <stdint.h>

#include "iodev/bus.h"
#include "iodev/pci.h"

#define PIIX3_ISA_DEVFN PCI_DEVFN(1, 0)
#define PIIX3_IDE_DEVFN PCI_DEVFN(1, 1)
#define PIIX3_RESET_CONTROL_PORT 0xCF9
#define PIIX3_PORT_A 0x92
#define PIIX3_COPROCESSOR_PORT 0xF0
#define PIIX3_FERR_IRQ 13
#define PIIX3_PIRQ_ROUTE 0x60
#define PIIX3_PIRQS 4
#define PIIX3_IDETIM_PRIMARY 0x40
#define PIIX3_IDETIM_SECONDARY 0x42
#define PIIX3_IDE_DECODE 0x8000u
#define PIIX3_ISA_IRQS 16

/* What the bridge asks of the machine.  Any callback may be NULL. */
struct piix3_host {
	/* Reset requested through 0xCF9 (hard as SRST says) or port 0x92
	 * bit 0 (a CPU reset: hard false). */
	void (*reset)(void *opaque, bool hard);
	void (*set_a20)(void *opaque, bool enabled); /* port 0x92 bit 1, on changes */
	void (*set_ignne)(void *opaque, bool active); /* the CPU's IGNNE# input, on changes */
	void *opaque;
};

/* The IDE function's decode, for the disk controller.  Any callback
 * may be NULL. */
struct piix3_ide_hooks {
	/* channel 0 (primary) or 1 (secondary): legacy ports decoded or not. */
	void (*channel_decode)(void *opaque, int channel, bool enabled);
	/* The bus-master registers (BAR 4) at base, decoded or not. */
	void (*busmaster_map)(void *opaque, uint16_t base, bool enabled);
	void *opaque;
};

struct piix3;

/* Adds functions 00:01.0 and 00:01.1 to pci and claims ports 0x92, 0xF0
 * and 0xCF9 on io.  isa_irq is an array of PIIX3_ISA_IRQS lines (copied) that
 * routed PCI interrupts drive; host is copied and may be NULL.  Returns
 * NULL when out of memory or ports, or when the functions are taken. */
struct piix3 *piix3_create(struct pci_bus *pci, struct iobus *io, const struct irq_line *isa_irq,
			   const struct piix3_host *host);
void piix3_destroy(struct piix3 *piix3);

/* Power-on state: routes disabled, IDE decode off, port 0x92 zero (A20
 * gate closed as far as port 0x92 goes), IGNNE# inactive.  Calls the IDE
 * hooks. */
void piix3_reset(struct piix3 *piix3);

/* Connects the disk controller (hooks are copied) and tells it the
 * present decode. */
void piix3_set_ide_hooks(struct piix3 *piix3, const struct piix3_ide_hooks *hooks);

/* A PCI device drives PIRQ line pirq (0-3 for A-D) to level. */
void piix3_set_pirq(struct piix3 *piix3, int pirq, int level);

/* Port 0x92's A20 gate. */
bool piix3_a20(const struct piix3 *piix3);

/* The CPU's FERR# output went active or inactive. */
void piix3_set_ferr(struct piix3 *piix3, bool active);

#endif
