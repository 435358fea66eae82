/* The power-management function of the Intel 82371AB PIIX4 (8086:7113,
 * PCI 00:01.3), as PC firmware for the i440FX board expects to find it.
 *
 * Configuration 0x40 holds PMBASE, the base of 64 I/O ports, decoded
 * while bit 0 of configuration 0x80 (PMIOSE) is set.  In that block:
 *   +0  PM1_STS  (16 bits, write 1 to clear): TMR_STS, the power button..
 *   +2  PM1_EN   (16 bits): which of those raise SCI
 *   +4  PM1_CNT  (16 bits): SCI_EN; SLP_TYP (bits 12-10) and SLP_EN (bit
 *       13): setting SLP_EN with SLP_TYP 0 (soft off, S5) powers off
 *   +8  PM_TMR   (32 bits, read-only): the ACPI power-management timer, a
 *       24-bit count at 3.579545 MHz
 * The rest of the block reads 0.  SCI is IRQ 9 (what the firmware's ACPI
 * tables announce), raised while SCI_EN is set and an enabled status bit
 * is; TMR_STS sets whenever bit 23 of the timer changes.
 *
 * Configuration 0x58 reads back with bit 25 set: firmware takes that to
 * mean SMM is already set up and skips its SMM initialisation, which
 * would otherwise wait for an SMI handler that is not emulated.  Ports
 * 0xB2 (APM control) and 0xB3 (APM status) are plain storage; writing
 * 0xB2 raises no SMI.
 *
 * Time is virtual: the machine calls piix4pm_advance with timer ticks
 * (PIIX4PM_TIMER_HZ per second), and piix4pm_next_event says when the
 * next TMR_STS edge that would raise SCI falls due.  Firmware polls the
 * timer for its delays, so the machine is asked to bring the time up to
 * date before each access (struct piix4pm_host's sync). */
#ifndef GLASSPC_IODEV_PIIX4PM_H
#define GLASSPC_IODEV_PIIX4PM_H

#include <stdbool.h>
#include <stdint.h>

#include "iodev/bus.h"
#include "iodev/pci.h"

#define PIIX4PM_DEVFN PCI_DEVFN(1, 3)
#define PIIX4PM_TIMER_HZ 3579545u
#define PIIX4PM_PMBASE 0x40
#define PIIX4PM_DEVACTB 0x58
#define PIIX4PM_PMREGMISC 0x80
#define PIIX4PM_IO_SIZE 64
#define PIIX4PM_APM_CONTROL 0xB2
#define PIIX4PM_APM_STATUS 0xB3
#define PIIX4PM_NO_EVENT UINT64_MAX

/* Offsets in the PMBASE block. */
enum {
	PIIX4PM_PM1_STS = 0x00,
	PIIX4PM_PM1_EN = 0x02,
	PIIX4PM_PM1_CNT = 0x04,
	PIIX4PM_PM_TMR = 0x08,
};

#define PIIX4PM_TMR_STS 0x0001u
#define PIIX4PM_PWRBTN_STS 0x0100u
#define PIIX4PM_SCI_EN 0x0001u
#define PIIX4PM_SLP_EN 0x2000u

/* What the function asks of the machine.  Any callback may be NULL. */
struct piix4pm_host {
	void (*power_off)(void *opaque); /* SLP_EN with the S5 sleep type */
	/* Called before every access to the PMBASE block and the APM ports,
	 * so that the machine can bring the timer up to the present
	 * (piix4pm_advance) before the guest reads it. */
	void (*sync)(void *opaque);
	/* Called after a write that may have changed piix4pm_next_event. */
	void (*reschedule)(void *opaque);
	void *opaque;
};

struct piix4pm;

/* Adds function 00:01.3 to pci and claims ports 0xB2-0xB3 on io (the
 * PMBASE block is claimed when the guest enables it).  sci (may be NULL)
 * and host (may be NULL) are copied.  Returns NULL when out of memory or
 * ports, or when the function is taken. */
struct piix4pm *piix4pm_create(struct pci_bus *pci, struct iobus *io, const struct irq_line *sci,
			       const struct piix4pm_host *host);
void piix4pm_destroy(struct piix4pm *pm);

/* Power-on state; the timer keeps counting (it runs from the RTC well). */
void piix4pm_reset(struct piix4pm *pm);

void piix4pm_advance(struct piix4pm *pm, uint64_t ticks);
/* Ticks until the next timer event that raises SCI (advancing by that
 * many includes it), or PIIX4PM_NO_EVENT. */
uint64_t piix4pm_next_event(const struct piix4pm *pm);

/* The 24-bit timer value, as PM_TMR reads. */
uint32_t piix4pm_timer(const struct piix4pm *pm);

/* The power button was pressed: PWRBTN_STS, and SCI if enabled. */
void piix4pm_power_button(struct piix4pm *pm);

#endif
