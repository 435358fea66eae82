/* The 8254 programmable interval timer and system control port B.
 *
 * Ports 0x40-0x42 are counters 0-2, 0x43 the control word register.
 * Counter 0's OUT drives IRQ 0; counter 1 once timed DRAM refresh;
 * counter 2's GATE and OUT are bits 0 and 5 of port 0x61, whose bit 1
 * lets OUT2 reach the speaker.  Port 0x61 belongs here because it is
 * mostly counter 2.
 *
 * Time is virtual.  The machine's clock calls pit_advance with a number
 * of input clock ticks (PIT_CLOCK_HZ per second); nothing here reads the
 * host clock.  pit_next_event tells how many ticks remain until counter
 * 0's next rising edge, so that a halted CPU can skip straight to it.
 * Advancing by any amount costs about as much as a few ticks: whole
 * periods of the periodic modes are stepped over arithmetically.
 *
 * The machine should let the CPU run between edges, i.e. end each slice
 * of time at pit_next_event() or earlier: like the real 8259A, the PIC
 * forgets a request whose line falls before the CPU acknowledges it, so
 * a rise and fall of OUT0 within one pit_advance (possible in mode 3
 * with a long slice) would be lost. */
#ifndef GLASSPC_IODEV_PIT_H
#define GLASSPC_IODEV_PIT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "iodev/bus.h"

#define PIT_CLOCK_HZ 1193182u /* 14.31818 MHz / 12 */
#define PIT_BASE 0x40
#define PIT_PORT_B 0x61
#define PIT_NO_EVENT UINT64_MAX

/* Port 0x61 bit 4 toggles with every DRAM refresh request, every 15.09 us
 * on the AT: counter 1 in mode 2 with a count of 18.  It is derived from
 * the tick count, whatever the guest does to counter 1, because firmware
 * (the Bochs BIOS's delay loops) counts its toggles to measure time. */
#define PIT_REFRESH_TICKS 18u

struct pit;

/* Claims ports 0x40-0x43 and 0x61.  irq0 (may be NULL) is copied.
 * Returns NULL when out of memory or ports. */
struct pit *pit_create(struct iobus *bus, const struct irq_line *irq0);
void pit_destroy(struct pit *pit);
void pit_reset(struct pit *pit);

/* Lets ticks input clock pulses go by. */
void pit_advance(struct pit *pit, uint64_t ticks);

/* Ticks until counter 0's OUT next rises (what raises IRQ 0): advancing
 * by exactly this many ticks includes that edge.  PIT_NO_EVENT when it
 * will not rise without the guest reprogramming something. */
uint64_t pit_next_event(const struct pit *pit);

/* Ticks since creation (the time base of the refresh toggle). */
uint64_t pit_ticks(const struct pit *pit);

/* Levels for the sound front end and the debugger. */
bool pit_output(const struct pit *pit, int counter);
bool pit_speaker_level(const struct pit *pit); /* port 0x61 bit 1 and OUT2 */

/* The counters in words, for the debugger's "info pit". */
void pit_print_state(const struct pit *pit, FILE *out);

#endif
