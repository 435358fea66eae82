/* The PIIX3 IDE function's bus-master registers (BAR4, 16 I/O ports).
 *
 * Per channel (primary at +0, secondary at +8): +0 command (bit 0 start,
 * bit 3 direction: 1 = the controller writes memory), +2 status (bit 0
 * active, bit 1 error and bit 2 interrupt, both cleared by writing ones,
 * bits 5-6 "drive 0/1 DMA capable", free for the BIOS), +4 the physical
 * address of the PRD table (dword aligned).  A PRD is two dwords: a
 * buffer's physical address and its byte count (bits 15-1; 0 means 64
 * KiB), bit 31 of the second marking the table's last entry.  As on the
 * PIIX3, a table stays within its 64 KiB page: the pointer wraps there,
 * which bounds any walk to 8192 entries.
 *
 * The bus master knows nothing of ATA.  A channel's owner (the ATA
 * channel) connects a start callback, then moves data with
 * ide_busmaster_transfer while the guest has started the engine, and
 * tells it when its interrupt line rises (the status register's
 * interrupt bit).
 *
 * The machine maps the block where the PIIX3 IDE function's BAR4 says
 * (ide_busmaster_map, from the PIIX3's busmaster_map hook), or a caller
 * may reach the registers by offset with ide_busmaster_read/write. */
#ifndef GLASSPC_IODEV_IDE_BUSMASTER_H
#define GLASSPC_IODEV_IDE_BUSMASTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "iodev/bus.h"
#include "memory/mem.h"

#define IDE_BUSMASTER_PORTS 16
#define IDE_BUSMASTER_CHANNELS 2

/* Register offsets within a channel's eight ports. */
#define IDE_BM_COMMAND 0
#define IDE_BM_STATUS 2
#define IDE_BM_PRD_TABLE 4

#define IDE_BM_CMD_START 0x01
#define IDE_BM_CMD_TO_MEMORY 0x08
#define IDE_BM_STATUS_ACTIVE 0x01
#define IDE_BM_STATUS_ERROR 0x02
#define IDE_BM_STATUS_INTERRUPT 0x04
#define IDE_BM_STATUS_DRIVE0_DMA 0x20
#define IDE_BM_STATUS_DRIVE1_DMA 0x40

struct ide_busmaster;

/* mem must outlive the bus master.  Returns NULL when out of memory. */
struct ide_busmaster *ide_busmaster_create(struct mem *mem);
void ide_busmaster_destroy(struct ide_busmaster *bm);
void ide_busmaster_reset(struct ide_busmaster *bm);

/* Register access by offset (0-15) and size (1, 2 or 4). */
uint32_t ide_busmaster_read(struct ide_busmaster *bm, unsigned offset, unsigned size);
void ide_busmaster_write(struct ide_busmaster *bm, unsigned offset, uint32_t value, unsigned size);

/* Decodes the 16 ports at base on bus, or nothing (enabled false): what
 * BAR4 and the PCI command register's I/O enable say.  The port bus
 * cannot take a claim back, so a block moved away leaves its old ports
 * claimed but reading as a floating bus.  Returns 0, or -1 when the bus
 * is out of handler slots. */
int ide_busmaster_map(struct ide_busmaster *bm, struct iobus *bus, uint16_t base, bool enabled);

/* The PCI command register's bus-master enable: without it no transfer
 * moves a byte.  On at creation. */
void ide_busmaster_set_master_enable(struct ide_busmaster *bm, bool enabled);

/* ---- for the ATA channels ---- */

/* Called when the guest starts channel's engine (start bit 0 -> 1). */
typedef void ide_busmaster_start_fn(void *opaque);
void ide_busmaster_connect(struct ide_busmaster *bm, int channel, ide_busmaster_start_fn *start,
			   void *opaque);

/* Whether the guest has started channel's engine. */
bool ide_busmaster_started(const struct ide_busmaster *bm, int channel);

/* Moves up to len bytes between buffer and guest memory along the PRD
 * table, continuing where the previous call stopped: into memory when
 * to_memory.  Returns the bytes moved: fewer than len when the table
 * ran out (the active bit then clears), 0 when the engine is stopped,
 * bus mastering is off, or the direction bit disagrees. */
size_t ide_busmaster_transfer(struct ide_busmaster *bm, int channel, void *buffer, size_t len,
			      bool to_memory);

/* The channel's interrupt line rose: sets the status register's
 * interrupt bit. */
void ide_busmaster_interrupt(struct ide_busmaster *bm, int channel);

#endif
