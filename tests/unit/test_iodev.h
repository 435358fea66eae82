/* Helpers shared by the chipset device tests: port access on a bus and an
 * interrupt line that records what the device did with it. */
#ifndef GLASSPC_TESTS_UNIT_TEST_IODEV_H
#define GLASSPC_TESTS_UNIT_TEST_IODEV_H

#include <check.h>
#include <stdlib.h>

#include "iodev/bus.h"

#define IRQ_PROBE_LINES 32

/* Remembers the level of each line and counts its rising edges. */
struct irq_probe {
	int level[IRQ_PROBE_LINES];
	int rises[IRQ_PROBE_LINES];
	int calls;
};

static inline void irq_probe_set(void *opaque, int irq, int level)
{
	struct irq_probe *probe = opaque;
	ck_assert_int_ge(irq, 0);
	ck_assert_int_lt(irq, IRQ_PROBE_LINES);
	if (level && !probe->level[irq])
		probe->rises[irq]++;
	probe->level[irq] = level != 0;
	probe->calls++;
}

static inline struct irq_line irq_probe_line(struct irq_probe *probe, int irq)
{
	return (struct irq_line){ .set = irq_probe_set, .opaque = probe, .irq = irq };
}

static inline void outb(struct iobus *bus, uint16_t port, uint8_t value)
{
	iobus_write(bus, port, value, 1);
}

static inline uint8_t inb(struct iobus *bus, uint16_t port)
{
	return (uint8_t)iobus_read(bus, port, 1);
}

static inline void outw(struct iobus *bus, uint16_t port, uint16_t value)
{
	iobus_write(bus, port, value, 2);
}

static inline uint16_t inw(struct iobus *bus, uint16_t port)
{
	return (uint16_t)iobus_read(bus, port, 2);
}

/* Runs one suite; the exit status tells automake's harness the result. */
static inline int run_suite(Suite *suite)
{
	SRunner *runner = srunner_create(suite);
	srunner_run_all(runner, CK_NORMAL);
	int failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
