/* The I/O port bus and interrupt lines.
 *
 * Devices claim port ranges with read/write callbacks; the CPU (and the
 * debugger) reach ports only through iobus_read/iobus_write.  A port
 * nobody claimed reads as all ones and ignores writes, as on a PC's ISA
 * bus with pull-ups.  A device states which access widths it handles; a
 * wider access to it is split into byte (or word) accesses on
 * consecutive ports, as the PC's bus-sizing logic does. */
#ifndef GLASSPC_IODEV_BUS_H
#define GLASSPC_IODEV_BUS_H

#include <stdint.h>

#define IO_WIDTH_8 1u
#define IO_WIDTH_16 2u
#define IO_WIDTH_32 4u

typedef uint32_t io_read_fn(void *opaque, uint16_t port, unsigned size);
typedef void io_write_fn(void *opaque, uint16_t port, uint32_t value, unsigned size);

struct io_handler {
	io_read_fn *read;   /* may be NULL: reads all ones */
	io_write_fn *write; /* may be NULL: writes ignored */
	void *opaque;
	unsigned widths; /* IO_WIDTH_* bits the device handles itself */
	const char *name;
	uint16_t first;  /* the ports it was registered for */
	uint32_t count;
};

#define IOBUS_MAX_HANDLERS 256

/* Observes every port access (the debugger's I/O breakpoints, traces). */
typedef void io_watch_fn(void *opaque, uint16_t port, unsigned size, uint32_t value, int is_write);

struct iobus {
	const struct io_handler *port[65536];
	struct io_handler handlers[IOBUS_MAX_HANDLERS];
	int nhandlers;
	io_watch_fn *watch;
	void *watch_opaque;
};

struct iobus *iobus_create(void);
void iobus_destroy(struct iobus *bus);

/* Claims ports [first, first + count).  A later claim replaces an earlier
 * one on the ports they share.  Returns 0, or -1 when out of slots. */
int iobus_register(struct iobus *bus, uint16_t first, uint32_t count, unsigned widths,
		   io_read_fn *read, io_write_fn *write, void *opaque, const char *name);

/* Withdraws the claim opaque made at first (the whole range registered
 * there): its ports go back to whichever earlier claim covers them, or
 * to nobody.  For devices whose ports move, like PCI I/O BARs.  The
 * handlers move in memory: pointers taken from port[] go stale.  Returns
 * 0, or -1 when there is no such claim. */
int iobus_unregister(struct iobus *bus, uint16_t first, void *opaque);

/* size is 1, 2 or 4. */
uint32_t iobus_read(struct iobus *bus, uint16_t port, unsigned size);
void iobus_write(struct iobus *bus, uint16_t port, uint32_t value, unsigned size);

/* An interrupt request line from a device to an interrupt controller.
 * Edge-triggered inputs see the 0 -> 1 transition; level-triggered ones
 * see the level.  A line nobody connected is silently ignored. */
struct irq_line {
	void (*set)(void *opaque, int irq, int level);
	void *opaque;
	int irq;
};

static inline void irq_set(const struct irq_line *line, int level)
{
	if (line && line->set)
		line->set(line->opaque, line->irq, level);
}

static inline void irq_raise(const struct irq_line *line) { irq_set(line, 1); }
static inline void irq_lower(const struct irq_line *line) { irq_set(line, 0); }

#endif
