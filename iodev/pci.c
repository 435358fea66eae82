/* PCI bus 0 and configuration mechanism #1; see pci.h.  Register
 * semantics are from the PCI Local Bus Specification 2.1, sections 3.2.2
 * (configuration mechanism #1) and 6.2 (the header). */
#include "iodev/pci.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Address register bits that exist: enable, bus, device, function and
 * register; bits 30-24 are reserved and bits 1-0 select type 0. */
#define ADDRESS_MASK 0x80FFFFFCu
#define ADDRESS_ENABLE 0x80000000u

struct pci_bar_decl {
	enum pci_bar_kind kind;
	uint32_t size;
	/* What bar_changed was last told, so it is told only of changes. */
	uint32_t reported_address;
	bool reported_enabled;
};

struct pci_function {
	struct pci_bus *bus;
	unsigned devfn;
	uint8_t config[PCI_CONFIG_SIZE];
	uint8_t writable[PCI_CONFIG_SIZE];
	uint8_t write_clear[PCI_CONFIG_SIZE];
	struct pci_bar_decl bar[PCI_NUM_BARS];
	const struct pci_function_ops *ops;
	void *opaque;
};

struct pci_bus {
	uint32_t address;
	struct pci_function *fn[PCI_MAX_DEVFN];
};

static unsigned bar_offset(int bar)
{
	return bar == PCI_ROM_BAR_INDEX ? PCI_ROM_BAR : PCI_BAR0 + 4u * (unsigned)bar;
}

/* ---- configuration space access for the owner ---- */

void pci_config_set8(struct pci_function *fn, unsigned offset, uint8_t value)
{
	if (offset < PCI_CONFIG_SIZE)
		fn->config[offset] = value;
}

void pci_config_set16(struct pci_function *fn, unsigned offset, uint16_t value)
{
	pci_config_set8(fn, offset, (uint8_t)value);
	pci_config_set8(fn, offset + 1, (uint8_t)(value >> 8));
}

void pci_config_set32(struct pci_function *fn, unsigned offset, uint32_t value)
{
	pci_config_set16(fn, offset, (uint16_t)value);
	pci_config_set16(fn, offset + 2, (uint16_t)(value >> 16));
}

uint8_t pci_config_get8(const struct pci_function *fn, unsigned offset)
{
	return offset < PCI_CONFIG_SIZE ? fn->config[offset] : 0;
}

uint16_t pci_config_get16(const struct pci_function *fn, unsigned offset)
{
	return (uint16_t)(pci_config_get8(fn, offset) | pci_config_get8(fn, offset + 1) << 8);
}

uint32_t pci_config_get32(const struct pci_function *fn, unsigned offset)
{
	return (uint32_t)pci_config_get16(fn, offset) | (uint32_t)pci_config_get16(fn, offset + 2) << 16;
}

void pci_config_set_writable(struct pci_function *fn, unsigned offset, uint8_t mask)
{
	if (offset < PCI_CONFIG_SIZE)
		fn->writable[offset] = mask;
}

void pci_config_set_write_clear(struct pci_function *fn, unsigned offset, uint8_t mask)
{
	if (offset < PCI_CONFIG_SIZE)
		fn->write_clear[offset] = mask;
}

void pci_config_set_header(struct pci_function *fn, uint16_t vendor, uint16_t device, uint32_t class_code,
			   uint8_t revision, uint8_t header_type)
{
	pci_config_set16(fn, PCI_VENDOR_ID, vendor);
	pci_config_set16(fn, PCI_DEVICE_ID, device);
	pci_config_set8(fn, PCI_REVISION, revision);
	pci_config_set8(fn, PCI_PROG_IF, (uint8_t)class_code);
	pci_config_set16(fn, PCI_CLASS, (uint16_t)(class_code >> 8));
	pci_config_set8(fn, PCI_HEADER_TYPE, header_type);
	/* I/O, memory and bus-master enables; SERR# and interrupt disable. */
	pci_config_set_writable(fn, PCI_COMMAND, PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	pci_config_set_writable(fn, PCI_COMMAND + 1, 0x05);
	pci_config_set_writable(fn, PCI_INTERRUPT_LINE, 0xFF);
}

/* ---- BARs ---- */

/* The BAR's low bits that say what it is (read-only). */
static uint32_t bar_type_bits(enum pci_bar_kind kind)
{
	switch (kind) {
	case PCI_BAR_IO:
		return 0x1;
	case PCI_BAR_MEM32_PREFETCH:
		return 0x8;
	default:
		return 0;
	}
}

/* Address bits of the register: everything above the size.  Only the
 * ROM BAR's enable bit (bit 0) is writable besides. */
static uint32_t bar_address_mask(const struct pci_bar_decl *b)
{
	if (b->kind == PCI_BAR_NONE || b->size == 0)
		return 0;
	uint32_t low = b->kind == PCI_BAR_IO ? 0x3u : b->kind == PCI_BAR_ROM ? 0x7FFu : 0xFu;
	return ~(b->size - 1) & ~low;
}

static void bar_set_masks(struct pci_function *fn, int bar)
{
	const struct pci_bar_decl *b = &fn->bar[bar];
	uint32_t mask = bar_address_mask(b) | (b->kind == PCI_BAR_ROM ? 1u : 0u);
	unsigned offset = bar_offset(bar);
	for (unsigned i = 0; i < 4; i++)
		pci_config_set_writable(fn, offset + i, (uint8_t)(mask >> (8 * i)));
}

void pci_set_bar(struct pci_function *fn, int bar, enum pci_bar_kind kind, uint32_t size)
{
	if (bar < 0 || bar >= PCI_NUM_BARS)
		return;
	if ((bar == PCI_ROM_BAR_INDEX) != (kind == PCI_BAR_ROM) && kind != PCI_BAR_NONE)
		return;
	/* Sizes are powers of two no smaller than the type bits. */
	uint32_t minimum = kind == PCI_BAR_IO ? 4 : kind == PCI_BAR_ROM ? 2048 : 16;
	if (kind != PCI_BAR_NONE && (size < minimum || (size & (size - 1))))
		return;
	struct pci_bar_decl *b = &fn->bar[bar];
	b->kind = kind;
	b->size = kind == PCI_BAR_NONE ? 0 : size;
	b->reported_address = 0;
	b->reported_enabled = false;
	pci_config_set32(fn, bar_offset(bar), bar_type_bits(kind));
	bar_set_masks(fn, bar);
}

uint32_t pci_bar_address(const struct pci_function *fn, int bar)
{
	if (bar < 0 || bar >= PCI_NUM_BARS)
		return 0;
	const struct pci_bar_decl *b = &fn->bar[bar];
	uint32_t address = pci_config_get32(fn, bar_offset(bar)) & bar_address_mask(b);
	/* I/O space is 64 KiB on a PC. */
	return b->kind == PCI_BAR_IO ? address & 0xFFFF : address;
}

bool pci_bar_enabled(const struct pci_function *fn, int bar)
{
	if (bar < 0 || bar >= PCI_NUM_BARS)
		return false;
	const struct pci_bar_decl *b = &fn->bar[bar];
	uint16_t command = pci_config_get16(fn, PCI_COMMAND);
	switch (b->kind) {
	case PCI_BAR_IO:
		return command & PCI_COMMAND_IO;
	case PCI_BAR_MEM32:
	case PCI_BAR_MEM32_PREFETCH:
		return command & PCI_COMMAND_MEMORY;
	case PCI_BAR_ROM:
		return (command & PCI_COMMAND_MEMORY) && (pci_config_get8(fn, PCI_ROM_BAR) & 1);
	default:
		return false;
	}
}

/* Tells the owner of every BAR whose decoding changed: turned on or off,
 * or moved while on.  (Firmware sizing a BAR that decodes nothing is no
 * change: the address of a BAR that is off does not matter.) */
static void bars_check(struct pci_function *fn)
{
	for (int bar = 0; bar < PCI_NUM_BARS; bar++) {
		struct pci_bar_decl *b = &fn->bar[bar];
		if (b->kind == PCI_BAR_NONE)
			continue;
		uint32_t address = pci_bar_address(fn, bar);
		bool enabled = pci_bar_enabled(fn, bar);
		if (enabled == b->reported_enabled && (!enabled || address == b->reported_address))
			continue;
		b->reported_address = address;
		b->reported_enabled = enabled;
		if (fn->ops && fn->ops->bar_changed)
			fn->ops->bar_changed(fn->opaque, fn, bar, address, enabled);
	}
}

unsigned pci_function_devfn(const struct pci_function *fn)
{
	return fn->devfn;
}

/* ---- the guest's side: mechanism #1 ---- */

/* The function the address register selects, or NULL (master abort). */
static struct pci_function *selected_function(const struct pci_bus *pci)
{
	if (!(pci->address & ADDRESS_ENABLE))
		return NULL;
	if ((pci->address >> 16) & 0xFF)
		return NULL; /* only bus 0 exists */
	return pci->fn[(pci->address >> 8) & 0xFF];
}

static void config_write_byte(struct pci_function *fn, unsigned offset, uint8_t value)
{
	uint8_t writable = fn->writable[offset];
	uint8_t clear = fn->write_clear[offset] & value;
	fn->config[offset] = (uint8_t)(((fn->config[offset] & ~writable) | (value & writable)) & ~clear);
}

static uint32_t address_read(void *opaque, uint16_t port, unsigned size)
{
	struct pci_bus *pci = opaque;
	/* Only a dword access is the address register. */
	return size == 4 ? pci->address : 0xFFFFFFFFu;
}

static void address_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
	struct pci_bus *pci = opaque;
	if (size == 4)
		pci->address = value & ADDRESS_MASK;
}

static uint32_t data_read(void *opaque, uint16_t port, unsigned size)
{
	struct pci_bus *pci = opaque;
	const struct pci_function *fn = selected_function(pci);
	unsigned lane = port & 3u;
	uint32_t value = 0;
	for (unsigned i = 0; i < size; i++) {
		uint8_t byte = 0xFF;
		/* Bytes past the end of the dword are not part of the cycle. */
		if (fn && lane + i < 4)
			byte = fn->config[(pci->address & 0xFC) + lane + i];
		value |= (uint32_t)byte << (8 * i);
	}
	return value;
}

static void data_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
	struct pci_bus *pci = opaque;
	struct pci_function *fn = selected_function(pci);
	if (!fn)
		return;
	unsigned lane = port & 3u;
	unsigned offset = (pci->address & 0xFC) + lane;
	unsigned count = 0;
	for (unsigned i = 0; i < size && lane + i < 4; i++, count++)
		config_write_byte(fn, offset + i, (uint8_t)(value >> (8 * i)));
	bars_check(fn);
	if (fn->ops && fn->ops->config_written)
		fn->ops->config_written(fn->opaque, fn, offset, count);
}

/* ---- the bus ---- */

struct pci_bus *pci_create(struct iobus *io)
{
	struct pci_bus *pci = calloc(1, sizeof(*pci));
	if (!pci)
		return NULL;
	unsigned widths = IO_WIDTH_8 | IO_WIDTH_16 | IO_WIDTH_32;
	if (iobus_register(io, PCI_CONFIG_ADDRESS, 1, widths, address_read, address_write, pci, "pci-address") ||
	    iobus_register(io, PCI_CONFIG_DATA, 4, widths, data_read, data_write, pci, "pci-data")) {
		free(pci);
		return NULL;
	}
	return pci;
}

void pci_destroy(struct pci_bus *pci)
{
	if (!pci)
		return;
	for (unsigned n = 0; n < PCI_MAX_DEVFN; n++)
		free(pci->fn[n]);
	free(pci);
}

void pci_reset(struct pci_bus *pci)
{
	pci->address = 0;
}

struct pci_function *pci_add_function(struct pci_bus *pci, unsigned devfn, const struct pci_function_ops *ops,
				      void *opaque)
{
	if (devfn >= PCI_MAX_DEVFN || pci->fn[devfn])
		return NULL;
	struct pci_function *fn = calloc(1, sizeof(*fn));
	if (!fn)
		return NULL;
	fn->bus = pci;
	fn->devfn = devfn;
	fn->ops = ops;
	fn->opaque = opaque;
	pci->fn[devfn] = fn;
	return fn;
}

/* ---- the debugger's "info pci" ---- */

static void print_function(const struct pci_function *fn, FILE *out)
{
	const uint8_t *c = fn->config;
	uint16_t vendor = (uint16_t)(c[0] | c[1] << 8), device = (uint16_t)(c[2] | c[3] << 8);
	uint16_t command = (uint16_t)(c[PCI_COMMAND] | c[PCI_COMMAND + 1] << 8);
	char decodes[32];
	snprintf(decodes, sizeof(decodes), "%s%s%s", command & PCI_COMMAND_IO ? " I/O" : "",
		 command & PCI_COMMAND_MEMORY ? " memory" : "", command & PCI_COMMAND_MASTER ? " master" : "");
	fprintf(out, "00:%02x.%u %04x:%04x class %02x%02x%02x rev %02x, command 0x%04x (%s)", fn->devfn >> 3, fn->devfn & 7,
		vendor, device, c[0x0B], c[0x0A], c[0x09], c[0x08], command, decodes[0] ? decodes + 1 : "nothing decoded");
	if (c[0x3D])
		fprintf(out, ", INT%c# IRQ line %u", 'A' + (c[0x3D] - 1) % 4, c[0x3C]);
	fputc('\n', out);
	for (int bar = 0; bar < PCI_NUM_BARS; bar++) {
		if (!fn->bar[bar].size)
			continue;
		bool io = fn->bar[bar].kind == PCI_BAR_IO;
		fprintf(out, "  %s: %s 0x%08x size 0x%x, %s\n", bar == PCI_ROM_BAR_INDEX ? "ROM " : "BAR", io ? "I/O" : "memory",
			pci_bar_address(fn, bar), fn->bar[bar].size, pci_bar_enabled(fn, bar) ? "decoded" : "off");
	}
}

void pci_print_state(const struct pci_bus *pci, FILE *out, int devfn)
{
	fprintf(out, "configuration address 0x%08x\n", pci->address);
	for (unsigned n = 0; n < PCI_MAX_DEVFN; n++) {
		const struct pci_function *fn = pci->fn[n];
		if (!fn || (devfn >= 0 && (unsigned)devfn != n))
			continue;
		print_function(fn, out);
		if (devfn < 0)
			continue;
		for (unsigned row = 0; row < PCI_CONFIG_SIZE; row += 16) {
			fprintf(out, "  %02x:", row);
			for (unsigned k = 0; k < 16; k++)
				fprintf(out, " %02x", fn->config[row + k]);
			fputc('\n', out);
		}
	}
}
