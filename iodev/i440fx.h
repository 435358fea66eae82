/* The Intel 82441FX PCI and memory controller (the i440FX "PMC"), host
 * bridge 8086:1237 at PCI 00:00.0.
 *
 * What firmware needs of it is shadow RAM: the PAM registers at
 * configuration offsets 0x59-0x5F decide, for the 64 KiB at F0000 and for
 * each 16 KiB from C0000 to EFFFF, whether reads come from the DRAM
 * behind those addresses or from the bus (the BIOS ROM for E0000-FFFFF,
 * option ROMs or nothing for C0000-DFFFF), and whether writes go to the
 * DRAM or nowhere.  Firmware copies itself into the DRAM with reads from
 * ROM and writes to RAM, then makes the copy read-only.  Each 2-bit
 * field: bit 0 RE (read DRAM), bit 1 WE (write DRAM).
 *
 * The SMRAM control register (0x72) is kept (with its lock bit) but SMM
 * is not emulated; the DRAM row boundaries (0x60-0x67) are filled in from
 * the RAM size. */
#ifndef GLASSPC_IODEV_I440FX_H
#define GLASSPC_IODEV_I440FX_H

#include <stdint.h>

#include "iodev/pci.h"
#include "memory/mem.h"

#define I440FX_DEVFN PCI_DEVFN(0, 0)
#define I440FX_PAM0 0x59
#define I440FX_SMRAM 0x72
/* The BIOS area the PAM registers cover from E0000 up. */
#define I440FX_BIOS_BASE 0xE0000u
#define I440FX_BIOS_SIZE 0x20000u
#define I440FX_SHADOW_BASE 0xC0000u

struct i440fx;

/* Adds the host bridge to pci and maps the shadow areas C0000-FFFFF into
 * mem, over whatever is already there (RAM and the bus below it).
 * bios points at the 128 KiB that read at E0000-FFFFF while shadowing is
 * off; it must outlive the bridge.  The RAM behind the shadow areas is
 * mem's RAM at the same addresses, so mem needs at least 1 MiB of RAM.
 * Returns NULL when out of memory, regions, or RAM, or when 00:00.0 is
 * taken. */
struct i440fx *i440fx_create(struct pci_bus *pci, struct mem *mem, const uint8_t *bios);
void i440fx_destroy(struct i440fx *i440fx);

/* Power-on state: every PAM field 0 (reads from the bus, writes lost). */
void i440fx_reset(struct i440fx *i440fx);

#endif
