/* PCI bus 0 and configuration mechanism #1.
 *
 * Port 0xCF8 is the configuration address register (dword accesses only:
 * bit 31 enables, bits 23-16 bus, 15-11 device, 10-8 function, 7-2
 * register); ports 0xCFC-0xCFF are the data window onto the selected
 * dword, by byte, word or dword.  Byte and word accesses to 0xCF8 are not
 * configuration cycles; the PCI code claims only port 0xCF8 itself, so
 * that 0xCF9 (the PIIX3's reset control) stays free for its owner.
 *
 * A function is a 256-byte configuration space kept here, with a mask of
 * the bits the guest may write and of the bits it clears by writing ones
 * (the status register).  The function's owner fills in the IDs and
 * defaults with pci_config_set*, declares its BARs with pci_set_bar (the
 * sizing protocol and the command register's decode bits are handled
 * here), and gets callbacks after guest writes.  Functions on other buses
 * and absent functions read all ones, as a PCI master abort does. */
#ifndef GLASSPC_IODEV_PCI_H
#define GLASSPC_IODEV_PCI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "iodev/bus.h"

#define PCI_CONFIG_ADDRESS 0xCF8
#define PCI_CONFIG_DATA 0xCFC
#define PCI_CONFIG_SIZE 256
#define PCI_DEVFN(dev, fn) (((dev) << 3) | (fn))
#define PCI_MAX_DEVFN 256

/* Standard header registers. */
enum {
	PCI_VENDOR_ID = 0x00,
	PCI_DEVICE_ID = 0x02,
	PCI_COMMAND = 0x04,
	PCI_STATUS = 0x06,
	PCI_REVISION = 0x08,
	PCI_PROG_IF = 0x09,
	PCI_CLASS = 0x0A, /* subclass in 0x0A, base class in 0x0B */
	PCI_HEADER_TYPE = 0x0E,
	PCI_BAR0 = 0x10,
	PCI_SUBSYSTEM_VENDOR_ID = 0x2C,
	PCI_ROM_BAR = 0x30,
	PCI_INTERRUPT_LINE = 0x3C,
	PCI_INTERRUPT_PIN = 0x3D,
};

#define PCI_COMMAND_IO 0x0001u
#define PCI_COMMAND_MEMORY 0x0002u
#define PCI_COMMAND_MASTER 0x0004u
#define PCI_HEADER_MULTI_FUNCTION 0x80u

/* BAR numbers 0-5, and the expansion ROM BAR at 0x30. */
#define PCI_NUM_BARS 7
#define PCI_ROM_BAR_INDEX 6

enum pci_bar_kind { PCI_BAR_NONE, PCI_BAR_IO, PCI_BAR_MEM32, PCI_BAR_MEM32_PREFETCH, PCI_BAR_ROM };

struct pci_function;

struct pci_function_ops {
	/* The guest wrote size bytes at offset (1, 2 or 4, aligned to
	 * their size); the masked value is already stored. */
	void (*config_written)(void *opaque, struct pci_function *fn, unsigned offset, unsigned size);
	/* Where a BAR decodes now: address is the BAR's base, enabled says
	 * whether the command register (and, for the ROM, its enable bit)
	 * lets it decode.  Called when it starts or stops decoding, or moves
	 * while decoding. */
	void (*bar_changed)(void *opaque, struct pci_function *fn, int bar, uint32_t address, bool enabled);
};

struct pci_bus;

/* Claims ports 0xCF8 and 0xCFC-0xCFF.  Returns NULL when out of memory
 * or ports. */
struct pci_bus *pci_create(struct iobus *io);
void pci_destroy(struct pci_bus *pci);

/* Clears the address register (the functions reset themselves). */
void pci_reset(struct pci_bus *pci);

/* Adds a function at devfn (device << 3 | function) on bus 0, with an
 * all-zero configuration space that is read-only for the guest until
 * pci_config_set_writable says otherwise.  ops may be NULL.  Returns
 * NULL when devfn is out of range or taken, or out of memory. */
struct pci_function *pci_add_function(struct pci_bus *pci, unsigned devfn, const struct pci_function_ops *ops,
				      void *opaque);

/* The function's owner sets its configuration space; no callbacks run.
 * Offsets past the 256 bytes are ignored (reads give 0). */
void pci_config_set8(struct pci_function *fn, unsigned offset, uint8_t value);
void pci_config_set16(struct pci_function *fn, unsigned offset, uint16_t value);
void pci_config_set32(struct pci_function *fn, unsigned offset, uint32_t value);
uint8_t pci_config_get8(const struct pci_function *fn, unsigned offset);
uint16_t pci_config_get16(const struct pci_function *fn, unsigned offset);
uint32_t pci_config_get32(const struct pci_function *fn, unsigned offset);

/* Bits of one byte the guest may write, and the bits it clears by
 * writing ones (everything else it writes is ignored). */
void pci_config_set_writable(struct pci_function *fn, unsigned offset, uint8_t mask);
void pci_config_set_write_clear(struct pci_function *fn, unsigned offset, uint8_t mask);

/* The standard header: IDs, class code (base class << 16 | subclass << 8
 * | programming interface), revision, header type; the command register
 * gets its usual writable bits. */
void pci_config_set_header(struct pci_function *fn, uint16_t vendor, uint16_t device, uint32_t class_code,
			   uint8_t revision, uint8_t header_type);

/* Declares BAR bar (0-5, or PCI_ROM_BAR_INDEX) as size bytes (a power of
 * two, at least 4 for I/O and 16 for memory, 2 KiB for a ROM) of the
 * given kind; the guest sizes it by writing all ones.  PCI_BAR_NONE
 * removes it (the register then reads 0 and ignores writes). */
void pci_set_bar(struct pci_function *fn, int bar, enum pci_bar_kind kind, uint32_t size);
/* A BAR's programmed base address (without the type bits), and whether
 * it decodes now. */
uint32_t pci_bar_address(const struct pci_function *fn, int bar);
bool pci_bar_enabled(const struct pci_function *fn, int bar);

unsigned pci_function_devfn(const struct pci_function *fn);

/* The functions on the bus with their IDs, command, interrupt and
 * BARs, for the debugger's "info pci"; devfn >= 0: that function only,
 * with its whole configuration space in hex. */
void pci_print_state(const struct pci_bus *pci, FILE *out, int devfn);

#endif
