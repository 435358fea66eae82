/* An ATA (IDE) channel with up to two devices: hard disks (ATA-6
 * command set, CHS, LBA28 and LBA48) and ATAPI CD-ROMs (the PACKET
 * command set, iodev/atapi.c).
 *
 * Ports: the command block at cmd_base (+0 data, +1 error/features, +2
 * sector count, +3-5 LBA/sector-cylinder, +6 device/head, +7
 * status/command) and the control block's one port at ctrl_port
 * (alternate status / device control: nIEN, SRST, HOB).  The PC's
 * channels are 0x1F0/0x3F6 on IRQ 14 and 0x170/0x376 on IRQ 15; ctrl+1
 * (0x3F7) belongs to the floppy controller and is not claimed.
 *
 * Commands take no time.  PIO data moves through the data port (16-bit,
 * or 32-bit as two words); DMA commands move it through the bus master
 * (iodev/ide_busmaster.h) once both the command is issued and the guest
 * has started the engine, in either order.  INTRQ follows the selected
 * device's pending interrupt unless nIEN is set; reading the status
 * register clears it.
 *
 * Every address and count the guest gives is checked against the medium
 * before a byte moves: a disk answers IDNF (or ABRT), the CD-ROM a
 * CHECK CONDITION with ILLEGAL REQUEST / LOGICAL BLOCK ADDRESS OUT OF
 * RANGE. */
#ifndef GLASSPC_IODEV_ATA_H
#define GLASSPC_IODEV_ATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "iodev/bus.h"
#include "iodev/disk_image.h"
#include "iodev/ide_busmaster.h"

#define ATA_PRIMARY_CMD 0x1F0
#define ATA_PRIMARY_CTRL 0x3F6
#define ATA_PRIMARY_IRQ 14
#define ATA_SECONDARY_CMD 0x170
#define ATA_SECONDARY_CTRL 0x376
#define ATA_SECONDARY_IRQ 15

enum ata_device_kind { ATA_DEVICE_NONE, ATA_DEVICE_DISK, ATA_DEVICE_CDROM };

/* A disk's cylinders, heads and sectors per track as IDENTIFY reports
 * them (words 1, 3, 6) and as CHS addressing uses them. */
struct ata_geometry {
	unsigned cylinders, heads, sectors;
};

struct ata_channel;

/* Claims cmd_base..cmd_base+7 and ctrl_port.  irq (may be NULL) is
 * copied.  The channel starts with no devices (its ports read as a
 * floating bus, 0xFF) and decoding.  Returns NULL when out of memory or
 * ports. */
struct ata_channel *ata_channel_create(struct iobus *bus, uint16_t cmd_base, uint16_t ctrl_port,
				       const struct irq_line *irq);
/* Closes the devices' images. */
void ata_channel_destroy(struct ata_channel *channel);

/* Hardware reset (the RESET- line): both devices to their power-on
 * state, with their signatures in the registers. */
void ata_channel_reset(struct ata_channel *channel);

/* Attaches a hard disk as unit 0 (master) or 1 (slave); the channel owns
 * image from then on (also when this fails).  The geometry comes from
 * the size (16 heads, 63 sectors) unless given.  The image must be a
 * whole number of 512-byte sectors.  A read-only image makes writes
 * fail with ABRT.  Returns 0, or -1 with one line naming the file in
 * err. */
int ata_attach_disk(struct ata_channel *channel, int unit, struct disk_image *image,
		    const struct ata_geometry *geometry, char *err, size_t errlen);

/* Attaches an ATAPI CD-ROM drive, with image as its disc (NULL: an empty
 * drive).  The image must be a whole number of 2048-byte blocks. */
int ata_attach_cdrom(struct ata_channel *channel, int unit, struct disk_image *image, char *err,
		     size_t errlen);
/* Changes the CD-ROM's disc: a new one (the guest sees a unit attention
 * and a media event) or none (image NULL). */
int ata_cdrom_change(struct ata_channel *channel, int unit, struct disk_image *image, char *err,
		     size_t errlen);

enum ata_device_kind ata_device_kind(const struct ata_channel *channel, int unit);
/* A disk's default geometry and size in sectors; false for other units. */
bool ata_disk_geometry(const struct ata_channel *channel, int unit, struct ata_geometry *geometry,
		       uint64_t *sectors);

/* Connects the channel to bus-master channel bm_channel (0 primary, 1
 * secondary) for the DMA commands; without it they abort. */
void ata_channel_set_busmaster(struct ata_channel *channel, struct ide_busmaster *bm, int bm_channel);

/* The PIIX3's IDE decode enable for this channel (IDETIM bit 15): while
 * off, the ports read as a floating bus and ignore writes.  On at
 * creation. */
void ata_channel_set_decode(struct ata_channel *channel, bool enabled);

/* The channel and its devices' registers, for the debugger's
 * "info ata". */
void ata_print_state(const struct ata_channel *channel, FILE *out);

#endif
