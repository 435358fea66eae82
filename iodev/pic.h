/* The PC's pair of 8259A programmable interrupt controllers.
 *
 * The master answers on ports 0x20-0x21, the slave on 0xA0-0xA1; the
 * slave's INT output is wired to the master's IR2, as on the AT.  The
 * PIIX3's edge/level control registers (ELCR) sit at 0x4D0 (IRQ 0-7) and
 * 0x4D1 (IRQ 8-15).
 *
 * Devices drive the sixteen IRQ inputs with pic_set_irq (through a
 * struct irq_line made by pic_irq_line); the CPU sees the master's INT
 * output through the irq_line given at creation, and runs the interrupt
 * acknowledge cycle with pic_acknowledge, which returns the vector.
 *
 * As on the real part, a request must still be there when the CPU
 * acknowledges it: the datasheet says "in both the edge and level
 * triggered modes the IR inputs must remain high until after the falling
 * edge of the first INTA.  If the IR input goes low before this time a
 * DEFAULT IR7 will occur".  A device must therefore hold its line up
 * until it is serviced; a raise followed at once by a lower is lost. */
#ifndef GLASSPC_IODEV_PIC_H
#define GLASSPC_IODEV_PIC_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "iodev/bus.h"

#define PIC_MASTER_BASE 0x20
#define PIC_SLAVE_BASE 0xA0
#define PIC_ELCR_BASE 0x4D0
#define PIC_NUM_IRQS 16
#define PIC_CASCADE_IRQ 2

struct pic;

/* Claims the PIC and ELCR ports on bus.  intr (may be NULL) is the CPU's
 * INTR pin; it is copied.  Returns NULL when out of memory or ports. */
struct pic *pic_create(struct iobus *bus, const struct irq_line *intr);
void pic_destroy(struct pic *pic);

/* Power-on state: both chips waiting for ICW1, everything masked off. */
void pic_reset(struct pic *pic);

/* Drives IRQ input irq (0-15) to level.  opaque is the struct pic, so
 * that this is an irq_line callback; out-of-range irqs are ignored.
 * IRQ 2 is the cascade input: as on the AT bus, a device asking for
 * IRQ 2 is routed to IRQ 9. */
void pic_set_irq(void *opaque, int irq, int level);

/* An irq_line that drives input irq of pic. */
struct irq_line pic_irq_line(struct pic *pic, int irq);

/* The master's INT output: true while some unmasked request outranks
 * everything in service. */
bool pic_has_interrupt(const struct pic *pic);

/* The CPU's interrupt acknowledge: moves the winning request to in-service
 * (unless in automatic EOI) and returns its vector.  With nothing left to
 * deliver it returns the spurious IR7 vector of the chip concerned
 * (IRQ 7, or IRQ 15 for a request that vanished on the slave) without
 * setting an in-service bit. */
uint8_t pic_acknowledge(struct pic *pic);

/* Read-only views for the debugger and tests (no side effects). */
uint8_t pic_irr(const struct pic *pic, int chip); /* chip 0 = master, 1 = slave */
uint8_t pic_isr(const struct pic *pic, int chip);
uint8_t pic_imr(const struct pic *pic, int chip);

/* Everything above in words, for the debugger's "info pic". */
void pic_print_state(const struct pic *pic, FILE *out);

#endif
