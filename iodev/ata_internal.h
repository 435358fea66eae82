/* What ata.c (the channel, its registers and the ATA disk commands) and
 * atapi.c (the CD-ROM's packet commands) share.  Nothing else includes
 * this. */
#ifndef GLASSPC_IODEV_ATA_INTERNAL_H
#define GLASSPC_IODEV_ATA_INTERNAL_H

#include "iodev/ata.h"

#define ATA_SECTOR_SIZE 512
#define ATAPI_BLOCK_SIZE 2048
#define ATAPI_PACKET_SIZE 12
/* The data buffer: 128 disk sectors or 32 CD blocks at a time. */
#define ATA_BUFFER_SIZE 65536

/* Status register. */
#define ATA_SR_BSY 0x80
#define ATA_SR_DRDY 0x40
#define ATA_SR_DF 0x20
#define ATA_SR_DSC 0x10 /* device seek complete (SERV on packet devices) */
#define ATA_SR_DRQ 0x08
#define ATA_SR_ERR 0x01

/* Error register. */
#define ATA_ER_UNC 0x40
#define ATA_ER_IDNF 0x10
#define ATA_ER_ABRT 0x04

/* Device register. */
#define ATA_DEV_LBA 0x40
#define ATA_DEV_DEV 0x10

/* Device control register. */
#define ATA_CTL_HOB 0x80
#define ATA_CTL_SRST 0x04
#define ATA_CTL_NIEN 0x02

/* Interrupt reason (the sector count register of a packet device). */
#define ATAPI_IR_COD 0x01 /* command (packet) rather than data */
#define ATAPI_IR_IO 0x02  /* to the host */

enum ata_xfer {
	ATA_XFER_NONE,
	ATA_XFER_PIO_IN,  /* device to host through the data port */
	ATA_XFER_PIO_OUT, /* host to device through the data port */
	ATA_XFER_DMA_IN,  /* waiting for the bus master, device to memory */
	ATA_XFER_DMA_OUT,
};

struct ata_device;
struct ata_channel;

/* What to do when the host has emptied (or filled) the data buffer. */
typedef void ata_block_done_fn(struct ata_channel *channel, struct ata_device *dev);

/* The CD-ROM's state beyond the ATA registers. */
struct atapi_state {
	uint8_t packet[ATAPI_PACKET_SIZE];
	uint8_t sense_key, asc, ascq;
	bool unit_attention; /* a new disc: report it once */
	bool tray_open;
	bool locked;             /* PREVENT ALLOW MEDIUM REMOVAL */
	uint8_t media_event;     /* GET EVENT STATUS NOTIFICATION's next media event */
	uint16_t byte_count_limit;
	bool dma;                /* the PACKET command's DMA bit */
	/* A READ in progress: next block and blocks left to send. */
	uint64_t lba;
	uint32_t blocks_left;
	/* Bytes of the buffer the host has not yet been offered. */
	size_t pending;
};

struct ata_device {
	enum ata_device_kind kind;
	int unit;
	struct disk_image *image; /* NULL: empty CD-ROM drive */
	uint64_t sectors;         /* capacity in 512-byte sectors (disk) or 2048-byte blocks (CD) */

	/* The registers as this device holds them.  Writes reach both
	 * devices; the "previous" bytes are the HOB halves of 48-bit
	 * commands. */
	uint8_t feature, count, lba_low, lba_mid, lba_high, device;
	uint8_t prev_feature, prev_count, prev_lba_low, prev_lba_mid, prev_lba_high;
	uint8_t status, error;
	bool intrq; /* the interrupt is pending */

	/* Disk geometry: default, and current (INITIALIZE DEVICE
	 * PARAMETERS). */
	struct ata_geometry geometry, current;
	bool current_valid;
	unsigned multiple; /* sectors per DRQ block for READ/WRITE MULTIPLE; 0: off */
	bool write_cache, look_ahead;
	uint8_t dma_mode; /* SET FEATURES transfer mode: 0x20 | n (MWDMA) or 0x40 | n (UDMA) */

	/* The command in progress. */
	uint8_t command;
	enum ata_xfer xfer;
	uint8_t *buffer;
	size_t data_pos, data_len;
	ata_block_done_fn *block_done;
	bool lba48, chs;    /* how the command addressed the medium */
	uint64_t lba;       /* next sector to move */
	uint32_t remaining; /* sectors left */
	unsigned block;     /* sectors per DRQ block */

	struct atapi_state atapi;
};

struct ata_channel {
	struct ata_device dev[2];
	int selected;
	uint8_t control;
	bool decode;
	uint16_t cmd_base, ctrl_port;
	struct irq_line irq;
	bool irq_level;
	struct ide_busmaster *bm;
	int bm_channel;
	uint64_t transfers; /* reads and writes of the medium (a block or a buffer each), for the activity light */
};

/* ---- ata.c, for atapi.c ---- */

void ata_set_interrupt(struct ata_channel *channel, struct ata_device *dev);
/* Hands the host data_len bytes of dev->buffer through the data port;
 * done runs when it has read them all. */
void ata_start_pio_in(struct ata_channel *channel, struct ata_device *dev, size_t len, ata_block_done_fn *done);
/* Waits for the host to write len bytes into dev->buffer. */
void ata_start_pio_out(struct ata_channel *channel, struct ata_device *dev, size_t len, ata_block_done_fn *done);
/* Moves len bytes of dev->buffer to memory through the bus master;
 * false when the PRD table ran out first. */
bool ata_dma_to_memory(struct ata_channel *channel, struct ata_device *dev, size_t len);
bool ata_busmaster_started(const struct ata_channel *channel);
void ata_set_signature(struct ata_device *dev);
/* IDENTIFY words 10-19 (serial number) and 23-26 (firmware revision). */
void ata_identify_serial(const struct ata_channel *channel, const struct ata_device *dev, uint16_t *words);
/* Copies text into IDENTIFY words, two characters a word, high byte
 * first, padded with spaces. */
void ata_identify_string(uint16_t *words, unsigned nwords, const char *text);
void ata_identify_checksum(uint16_t *words);

/* ---- atapi.c, for ata.c ---- */

void atapi_reset(struct ata_device *dev);
void atapi_identify(struct ata_channel *channel, struct ata_device *dev, uint16_t *words);
/* PACKET: takes the 12 command bytes, then runs them. */
void atapi_packet_command(struct ata_channel *channel, struct ata_device *dev);
/* The bus master was started while a packet command waits for it. */
void atapi_run_dma(struct ata_channel *channel, struct ata_device *dev);
/* A disc went in (image set) or out. */
void atapi_media_changed(struct ata_device *dev);

#endif
