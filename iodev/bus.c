/* The I/O port bus; see bus.h. */
#include "iodev/bus.h"

#include <stdlib.h>

struct iobus *iobus_create(void)
{
	return calloc(1, sizeof(struct iobus));
}

void iobus_destroy(struct iobus *bus)
{
	free(bus);
}

int iobus_register(struct iobus *bus, uint16_t first, uint32_t count, unsigned widths,
		   io_read_fn *read, io_write_fn *write, void *opaque, const char *name)
{
	if (bus->nhandlers >= IOBUS_MAX_HANDLERS || count == 0 || first + count > 65536u)
		return -1;
	struct io_handler *h = &bus->handlers[bus->nhandlers++];
	h->read = read;
	h->write = write;
	h->opaque = opaque;
	h->widths = widths ? widths : IO_WIDTH_8;
	h->name = name;
	h->first = first;
	h->count = count;
	for (uint32_t p = first; p < first + count; p++)
		bus->port[p] = h;
	return 0;
}

int iobus_unregister(struct iobus *bus, uint16_t first, void *opaque)
{
	int found = -1;
	for (int n = bus->nhandlers - 1; n >= 0 && found < 0; n--)
		if (bus->handlers[n].first == first && bus->handlers[n].opaque == opaque)
			found = n;
	if (found < 0)
		return -1;
	/* Drop the slot and rebuild the port table in registration order,
	 * so that later claims still win over earlier ones. */
	for (int n = found; n + 1 < bus->nhandlers; n++)
		bus->handlers[n] = bus->handlers[n + 1];
	bus->nhandlers--;
	for (uint32_t p = 0; p < 65536u; p++)
		bus->port[p] = NULL;
	for (int n = 0; n < bus->nhandlers; n++) {
		const struct io_handler *h = &bus->handlers[n];
		for (uint32_t p = h->first; p < (uint32_t)h->first + h->count; p++)
			bus->port[p] = h;
	}
	return 0;
}

static uint32_t iobus_read_raw(struct iobus *bus, uint16_t port, unsigned size)
{
	const struct io_handler *h = bus->port[port];
	uint32_t ones = size == 4 ? 0xFFFFFFFFu : (1u << (size * 8)) - 1;
	if (!h || !h->read)
		return ones;
	if (h->widths & size)
		return h->read(h->opaque, port, size) & ones;
	/* Split: low half from port, high half from port + half. */
	unsigned half = size / 2;
	uint32_t lo = iobus_read_raw(bus, port, half);
	uint32_t hi = iobus_read_raw(bus, (uint16_t)(port + half), half);
	return lo | hi << (half * 8);
}

static void iobus_write_raw(struct iobus *bus, uint16_t port, uint32_t value, unsigned size)
{
	const struct io_handler *h = bus->port[port];
	if (!h || !h->write) {
		if (size == 1)
			return;
		/* The neighbouring port may still be claimed. */
	} else if (h->widths & size) {
		h->write(h->opaque, port, value, size);
		return;
	}
	if (size == 1)
		return;
	unsigned half = size / 2;
	iobus_write_raw(bus, port, value & ((1u << (half * 8)) - 1), half);
	iobus_write_raw(bus, (uint16_t)(port + half), value >> (half * 8), half);
}

uint32_t iobus_read(struct iobus *bus, uint16_t port, unsigned size)
{
	uint32_t v = iobus_read_raw(bus, port, size);
	if (bus->watch)
		bus->watch(bus->watch_opaque, port, size, v, 0);
	return v;
}

void iobus_write(struct iobus *bus, uint16_t port, uint32_t value, unsigned size)
{
	if (bus->watch)
		bus->watch(bus->watch_opaque, port, size, value, 1);
	iobus_write_raw(bus, port, value, size);
}
