/* An ATA channel and its hard disks; see ata.h.  Register and command
 * semantics are from ATA/ATAPI-6 (T13 1410D revision 3b): the protocol
 * chapters (PIO data-in, PIO data-out, non-data, DMA, PACKET) and the
 * command descriptions; the signatures from its "Signature and
 * persistence" section. */
#include "iodev/ata_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Commands. */
enum {
	CMD_NOP = 0x00,
	CMD_DEVICE_RESET = 0x08,
	CMD_RECALIBRATE = 0x10, /* 0x10-0x1F */
	CMD_READ_SECTORS = 0x20,
	CMD_READ_SECTORS_NORETRY = 0x21,
	CMD_READ_SECTORS_EXT = 0x24,
	CMD_READ_DMA_EXT = 0x25,
	CMD_READ_MULTIPLE_EXT = 0x29,
	CMD_WRITE_SECTORS = 0x30,
	CMD_WRITE_SECTORS_NORETRY = 0x31,
	CMD_WRITE_SECTORS_EXT = 0x34,
	CMD_WRITE_DMA_EXT = 0x35,
	CMD_WRITE_MULTIPLE_EXT = 0x39,
	CMD_READ_VERIFY = 0x40,
	CMD_READ_VERIFY_NORETRY = 0x41,
	CMD_READ_VERIFY_EXT = 0x42,
	CMD_SEEK = 0x70, /* 0x70-0x7F */
	CMD_EXECUTE_DIAGNOSTIC = 0x90,
	CMD_INITIALIZE_PARAMETERS = 0x91,
	CMD_PACKET = 0xA0,
	CMD_IDENTIFY_PACKET = 0xA1,
	CMD_READ_MULTIPLE = 0xC4,
	CMD_WRITE_MULTIPLE = 0xC5,
	CMD_SET_MULTIPLE = 0xC6,
	CMD_READ_DMA = 0xC8,
	CMD_READ_DMA_NORETRY = 0xC9,
	CMD_WRITE_DMA = 0xCA,
	CMD_WRITE_DMA_NORETRY = 0xCB,
	CMD_STANDBY_IMMEDIATE = 0xE0,
	CMD_IDLE_IMMEDIATE = 0xE1,
	CMD_STANDBY = 0xE2,
	CMD_IDLE = 0xE3,
	CMD_CHECK_POWER_MODE = 0xE5,
	CMD_SLEEP = 0xE6,
	CMD_FLUSH_CACHE = 0xE7,
	CMD_FLUSH_CACHE_EXT = 0xEA,
	CMD_IDENTIFY = 0xEC,
	CMD_SET_FEATURES = 0xEF,
};

/* SET FEATURES subcommands (features register). */
enum {
	FEATURE_ENABLE_WRITE_CACHE = 0x02,
	FEATURE_SET_TRANSFER_MODE = 0x03,
	FEATURE_DISABLE_LOOK_AHEAD = 0x55,
	FEATURE_DISABLE_REVERTING = 0x66,
	FEATURE_DISABLE_WRITE_CACHE = 0x82,
	FEATURE_ENABLE_LOOK_AHEAD = 0xAA,
	FEATURE_ENABLE_REVERTING = 0xCC,
};

#define MAX_MULTIPLE 16         /* sectors per block for READ/WRITE MULTIPLE */
#define LBA28_LIMIT 0x0FFFFFFFu /* IDENTIFY words 60-61 stop here */
#define CHS_MAX_CYLINDERS 16383u
#define DEFAULT_HEADS 16u
#define DEFAULT_SECTORS 63u
#define DMA_MWDMA2 0x22

/* IDENTIFY's firmware revision: the program's version. */
#ifdef PACKAGE_VERSION
#define FIRMWARE_REVISION PACKAGE_VERSION
#else
#define FIRMWARE_REVISION "0"
#endif

/* ---- interrupt ---- */

static bool channel_empty(const struct ata_channel *channel)
{
	return channel->dev[0].kind == ATA_DEVICE_NONE && channel->dev[1].kind == ATA_DEVICE_NONE;
}

/* INTRQ is driven by the selected device, and only while nIEN is clear. */
static void update_irq(struct ata_channel *channel)
{
	const struct ata_device *dev = &channel->dev[channel->selected];
	bool level = dev->kind != ATA_DEVICE_NONE && dev->intrq && !(channel->control & ATA_CTL_NIEN);
	if (level == channel->irq_level)
		return;
	channel->irq_level = level;
	irq_set(&channel->irq, level);
	if (level && channel->bm)
		ide_busmaster_interrupt(channel->bm, channel->bm_channel);
}

void ata_set_interrupt(struct ata_channel *channel, struct ata_device *dev)
{
	if (dev->intrq && channel->irq_level && dev == &channel->dev[channel->selected]) {
		/* Still held from before: the edge-triggered PIC needs the
		 * line to fall and rise to see a new request. */
		dev->intrq = false;
		update_irq(channel);
	}
	dev->intrq = true;
	update_irq(channel);
}

static void clear_interrupt(struct ata_channel *channel, struct ata_device *dev)
{
	dev->intrq = false;
	update_irq(channel);
}

/* ---- completion ---- */

static uint8_t ready_status(const struct ata_device *dev)
{
	/* Packet devices use bit 4 as SERV, which we never request. */
	return dev->kind == ATA_DEVICE_CDROM ? ATA_SR_DRDY : ATA_SR_DRDY | ATA_SR_DSC;
}

static void complete(struct ata_channel *channel, struct ata_device *dev, bool interrupt)
{
	dev->xfer = ATA_XFER_NONE;
	dev->status = ready_status(dev);
	if (interrupt)
		ata_set_interrupt(channel, dev);
}

static void fail(struct ata_channel *channel, struct ata_device *dev, uint8_t error)
{
	dev->xfer = ATA_XFER_NONE;
	dev->error = error;
	dev->status = ready_status(dev) | ATA_SR_ERR;
	ata_set_interrupt(channel, dev);
}

void ata_start_pio_in(struct ata_channel *channel, struct ata_device *dev, size_t len, ata_block_done_fn *done)
{
	/* Callers wanting to hand out part of the buffer set data_pos
	 * first; len counts from there. */
	dev->data_len = dev->data_pos + len;
	dev->block_done = done;
	dev->xfer = ATA_XFER_PIO_IN;
	dev->status = ready_status(dev) | ATA_SR_DRQ;
	ata_set_interrupt(channel, dev);
}

void ata_start_pio_out(struct ata_channel *channel, struct ata_device *dev, size_t len, ata_block_done_fn *done)
{
	dev->data_pos = 0;
	dev->data_len = len;
	dev->block_done = done;
	dev->xfer = ATA_XFER_PIO_OUT;
	dev->status = ready_status(dev) | ATA_SR_DRQ;
}

bool ata_busmaster_started(const struct ata_channel *channel)
{
	return channel->bm && ide_busmaster_started(channel->bm, channel->bm_channel);
}

bool ata_dma_to_memory(struct ata_channel *channel, struct ata_device *dev, size_t len)
{
	return ide_busmaster_transfer(channel->bm, channel->bm_channel, dev->buffer, len, true) == len;
}

/* ---- signatures and resets ---- */

void ata_set_signature(struct ata_device *dev)
{
	dev->count = 1;
	dev->lba_low = 1;
	if (dev->kind == ATA_DEVICE_CDROM) {
		dev->lba_mid = 0x14;
		dev->lba_high = 0xEB;
	} else {
		dev->lba_mid = 0;
		dev->lba_high = 0;
	}
	dev->device = 0;
}

/* What a reset leaves: the signature, diagnostic code 01h ("device 0
 * passed, device 1 passed or not present") and, for a disk, ready. */
static void device_reset(struct ata_device *dev)
{
	dev->xfer = ATA_XFER_NONE;
	dev->data_pos = dev->data_len = 0;
	dev->intrq = false;
	dev->error = 0x01;
	dev->status = dev->kind == ATA_DEVICE_DISK ? ATA_SR_DRDY | ATA_SR_DSC : 0;
	ata_set_signature(dev);
	if (dev->kind == ATA_DEVICE_CDROM)
		atapi_reset(dev);
}

/* The power-on settings a hardware reset brings back. */
static void device_power_on(struct ata_device *dev)
{
	memset(&dev->atapi, 0, sizeof(dev->atapi));
	dev->current = dev->geometry;
	dev->current_valid = true;
	dev->multiple = 0;
	dev->write_cache = true;
	dev->look_ahead = true;
	dev->dma_mode = DMA_MWDMA2;
	device_reset(dev);
}

void ata_channel_reset(struct ata_channel *channel)
{
	channel->control = 0;
	channel->selected = 0;
	for (int i = 0; i < 2; i++)
		device_power_on(&channel->dev[i]);
	update_irq(channel);
}

/* ---- IDENTIFY ---- */

void ata_identify_string(uint16_t *words, unsigned nwords, const char *text)
{
	size_t len = strlen(text);
	for (unsigned i = 0; i < nwords * 2; i++) {
		uint8_t c = i < len ? (uint8_t)text[i] : ' ';
		if (i & 1)
			words[i / 2] |= c;
		else
			words[i / 2] = (uint16_t)(c << 8);
	}
}

/* Word 255: signature A5h and a checksum making all 512 bytes sum to 0. */
void ata_identify_checksum(uint16_t *words)
{
	uint8_t sum = 0xA5;
	for (int i = 0; i < 255; i++)
		sum = (uint8_t)(sum + (words[i] & 0xFF) + (words[i] >> 8));
	words[255] = (uint16_t)((uint8_t)-sum << 8 | 0xA5);
}

void ata_identify_serial(const struct ata_channel *channel, const struct ata_device *dev, uint16_t *words)
{
	char serial[21];
	snprintf(serial, sizeof(serial), "GLASSPC-%03X-%d", (unsigned)channel->cmd_base, dev->unit);
	ata_identify_string(words + 10, 10, serial);
	ata_identify_string(words + 23, 4, FIRMWARE_REVISION);
}

static void disk_identify(const struct ata_channel *channel, const struct ata_device *dev, uint16_t *w)
{
	memset(w, 0, 512);
	uint64_t chs_sectors = (uint64_t)dev->current.cylinders * dev->current.heads * dev->current.sectors;
	uint32_t lba28 = dev->sectors > LBA28_LIMIT ? LBA28_LIMIT : (uint32_t)dev->sectors;
	w[0] = 0x0040; /* fixed device */
	w[1] = (uint16_t)dev->geometry.cylinders;
	w[3] = (uint16_t)dev->geometry.heads;
	w[4] = (uint16_t)(ATA_SECTOR_SIZE * dev->geometry.sectors); /* retired: bytes per track */
	w[5] = ATA_SECTOR_SIZE;                                      /* retired: bytes per sector */
	w[6] = (uint16_t)dev->geometry.sectors;
	ata_identify_serial(channel, dev, w);
	w[20] = 3;   /* retired: buffer type */
	w[21] = 512; /* retired: buffer size */
	ata_identify_string(w + 27, 20, "GLASSPC HARDDISK");
	w[47] = 0x8000 | MAX_MULTIPLE;
	w[48] = 1;      /* 32-bit PIO works (the PIIX splits it in two) */
	w[49] = 0x0B00; /* IORDY, LBA, DMA */
	w[50] = 0x4000;
	w[51] = 0x0200; /* retired PIO timing: mode 2 */
	w[52] = 0x0200;
	w[53] = 0x0007; /* words 54-58, 64-70 and 88 are valid */
	if (dev->current_valid) {
		w[54] = (uint16_t)dev->current.cylinders;
		w[55] = (uint16_t)dev->current.heads;
		w[56] = (uint16_t)dev->current.sectors;
		w[57] = (uint16_t)chs_sectors;
		w[58] = (uint16_t)(chs_sectors >> 16);
	}
	w[59] = (uint16_t)(dev->multiple ? 0x0100 | dev->multiple : 0);
	w[60] = (uint16_t)lba28;
	w[61] = (uint16_t)(lba28 >> 16);
	w[63] = 0x0007 | ((dev->dma_mode & 0xF8) == 0x20 ? 0x0100 << (dev->dma_mode & 7) : 0);
	w[64] = 0x0003; /* PIO modes 3 and 4 */
	w[65] = 120;
	w[66] = 120;
	w[67] = 120;
	w[68] = 120;
	w[80] = 0x007E; /* ATA-1 to ATA-6 */
	w[82] = 0x0068; /* look-ahead, write cache, power management */
	w[83] = 0x7400; /* FLUSH CACHE EXT, FLUSH CACHE, 48-bit addresses */
	w[84] = 0x4000;
	w[85] = (uint16_t)(0x0008 | (dev->write_cache ? 0x0020 : 0) | (dev->look_ahead ? 0x0040 : 0));
	w[86] = 0x3400;
	w[87] = 0x4000;
	w[88] = 0x003F | ((dev->dma_mode & 0xF8) == 0x40 ? 0x0100 << (dev->dma_mode & 7) : 0);
	w[93] = 0x4001;
	for (int i = 0; i < 4; i++)
		w[100 + i] = (uint16_t)(dev->sectors >> (16 * i));
	ata_identify_checksum(w);
}

/* IDENTIFY words go out little-endian, whatever the host. */
static void identify_to_buffer(struct ata_device *dev, const uint16_t *words)
{
	for (int i = 0; i < 256; i++) {
		dev->buffer[2 * i] = (uint8_t)words[i];
		dev->buffer[2 * i + 1] = (uint8_t)(words[i] >> 8);
	}
}

static void identify_done(struct ata_channel *channel, struct ata_device *dev)
{
	complete(channel, dev, false);
}

static void identify(struct ata_channel *channel, struct ata_device *dev)
{
	uint16_t words[256];
	if (dev->kind == ATA_DEVICE_CDROM)
		atapi_identify(channel, dev, words);
	else
		disk_identify(channel, dev, words);
	identify_to_buffer(dev, words);
	dev->data_pos = 0;
	ata_start_pio_in(channel, dev, 512, identify_done);
}

/* ---- addresses ---- */

/* The sector the command's registers name, and how many it asks for;
 * false when a CHS address is outside the current geometry. */
static bool command_address(struct ata_device *dev, bool ext, uint64_t *lba, uint32_t *count)
{
	dev->lba48 = ext;
	dev->chs = false;
	if (ext) {
		*lba = (uint64_t)dev->lba_low | (uint64_t)dev->lba_mid << 8 | (uint64_t)dev->lba_high << 16 |
		       (uint64_t)dev->prev_lba_low << 24 | (uint64_t)dev->prev_lba_mid << 32 |
		       (uint64_t)dev->prev_lba_high << 40;
		*count = (uint32_t)dev->prev_count << 8 | dev->count;
		if (*count == 0)
			*count = 65536;
		return true;
	}
	*count = dev->count ? dev->count : 256;
	if (dev->device & ATA_DEV_LBA) {
		*lba = (uint64_t)dev->lba_low | (uint64_t)dev->lba_mid << 8 | (uint64_t)dev->lba_high << 16 |
		       (uint64_t)(dev->device & 0x0F) << 24;
		return true;
	}
	dev->chs = true;
	unsigned cylinder = dev->lba_mid | (unsigned)dev->lba_high << 8;
	unsigned head = dev->device & 0x0F;
	unsigned sector = dev->lba_low;
	const struct ata_geometry *g = &dev->current;
	if (!dev->current_valid || sector == 0 || sector > g->sectors || head >= g->heads ||
	    cylinder >= g->cylinders)
		return false;
	*lba = ((uint64_t)cylinder * g->heads + head) * g->sectors + (sector - 1);
	return true;
}

/* Puts an address back into the registers, in the form the command used:
 * after a transfer they name the last sector moved (or the one that
 * failed). */
static void set_address(struct ata_device *dev, uint64_t lba)
{
	if (dev->chs) {
		const struct ata_geometry *g = &dev->current;
		uint64_t track = lba / g->sectors;
		unsigned cylinder = (unsigned)(track / g->heads);
		dev->lba_low = (uint8_t)(lba % g->sectors + 1);
		dev->lba_mid = (uint8_t)cylinder;
		dev->lba_high = (uint8_t)(cylinder >> 8);
		dev->device = (uint8_t)((dev->device & 0xF0) | (track % g->heads));
		return;
	}
	dev->lba_low = (uint8_t)lba;
	dev->lba_mid = (uint8_t)(lba >> 8);
	dev->lba_high = (uint8_t)(lba >> 16);
	if (dev->lba48) {
		dev->prev_lba_low = (uint8_t)(lba >> 24);
		dev->prev_lba_mid = (uint8_t)(lba >> 32);
		dev->prev_lba_high = (uint8_t)(lba >> 40);
	} else {
		dev->device = (uint8_t)((dev->device & 0xF0) | ((lba >> 24) & 0x0F));
	}
}

static void set_count(struct ata_device *dev, uint32_t count)
{
	dev->count = (uint8_t)count;
	if (dev->lba48)
		dev->prev_count = (uint8_t)(count >> 8);
}

/* Reads the command's address and checks the whole range against the
 * medium.  On failure the command has ended with IDNF. */
static bool start_range(struct ata_channel *channel, struct ata_device *dev, bool ext)
{
	uint64_t lba;
	uint32_t count;
	if (!command_address(dev, ext, &lba, &count) || lba > dev->sectors || count > dev->sectors - lba) {
		fail(channel, dev, ATA_ER_IDNF);
		return false;
	}
	dev->lba = lba;
	dev->remaining = count;
	return true;
}

/* Ends the command with error, the registers naming the sector at lba. */
static void fail_at(struct ata_channel *channel, struct ata_device *dev, uint64_t lba, uint8_t error)
{
	set_address(dev, lba);
	fail(channel, dev, error);
}

/* A write the image refused: a read-only image is a write-protected
 * drive (ABRT); a host failure is a media error. */
static uint8_t write_error(const struct ata_device *dev)
{
	return disk_image_writable(dev->image) ? ATA_ER_UNC : ATA_ER_ABRT;
}

static unsigned block_sectors(const struct ata_device *dev)
{
	return dev->remaining < dev->block ? dev->remaining : dev->block;
}

/* ---- PIO reads and writes ---- */

static void read_block(struct ata_channel *channel, struct ata_device *dev);

static void read_block_done(struct ata_channel *channel, struct ata_device *dev)
{
	unsigned n = (unsigned)(dev->data_len / ATA_SECTOR_SIZE);
	dev->lba += n;
	dev->remaining -= n;
	set_address(dev, dev->lba - 1);
	set_count(dev, dev->remaining);
	if (dev->remaining == 0)
		complete(channel, dev, false); /* PIO data-in: no interrupt after the last block */
	else
		read_block(channel, dev);
}

static void read_block(struct ata_channel *channel, struct ata_device *dev)
{
	unsigned n = block_sectors(dev);
	if (disk_image_read(dev->image, dev->lba * ATA_SECTOR_SIZE, dev->buffer, (size_t)n * ATA_SECTOR_SIZE)) {
		fail_at(channel, dev, dev->lba, ATA_ER_UNC);
		return;
	}
	dev->data_pos = 0;
	ata_start_pio_in(channel, dev, (size_t)n * ATA_SECTOR_SIZE, read_block_done);
}

static void write_block_done(struct ata_channel *channel, struct ata_device *dev)
{
	unsigned n = (unsigned)(dev->data_len / ATA_SECTOR_SIZE);
	if (disk_image_write(dev->image, dev->lba * ATA_SECTOR_SIZE, dev->buffer, (size_t)n * ATA_SECTOR_SIZE)) {
		fail_at(channel, dev, dev->lba, write_error(dev));
		return;
	}
	dev->lba += n;
	dev->remaining -= n;
	set_address(dev, dev->lba - 1);
	set_count(dev, dev->remaining);
	if (dev->remaining == 0) {
		complete(channel, dev, true);
		return;
	}
	ata_start_pio_out(channel, dev, (size_t)block_sectors(dev) * ATA_SECTOR_SIZE, write_block_done);
	ata_set_interrupt(channel, dev);
}

static void disk_read(struct ata_channel *channel, struct ata_device *dev, bool ext, unsigned block)
{
	if (!start_range(channel, dev, ext))
		return;
	dev->block = block;
	read_block(channel, dev);
}

static void disk_write(struct ata_channel *channel, struct ata_device *dev, bool ext, unsigned block)
{
	if (!start_range(channel, dev, ext))
		return;
	dev->block = block;
	/* The first block is asked for without an interrupt. */
	ata_start_pio_out(channel, dev, (size_t)block_sectors(dev) * ATA_SECTOR_SIZE, write_block_done);
}

/* ---- DMA ---- */

/* Runs a disk DMA command once the bus master is going. */
static void run_disk_dma(struct ata_channel *channel, struct ata_device *dev)
{
	bool to_memory = dev->xfer == ATA_XFER_DMA_IN;
	while (dev->remaining) {
		unsigned n = dev->remaining < ATA_BUFFER_SIZE / ATA_SECTOR_SIZE ? dev->remaining
										 : ATA_BUFFER_SIZE / ATA_SECTOR_SIZE;
		size_t bytes = (size_t)n * ATA_SECTOR_SIZE;
		uint64_t offset = dev->lba * ATA_SECTOR_SIZE;
		if (to_memory && disk_image_read(dev->image, offset, dev->buffer, bytes)) {
			fail_at(channel, dev, dev->lba, ATA_ER_UNC);
			return;
		}
		if (ide_busmaster_transfer(channel->bm, channel->bm_channel, dev->buffer, bytes, to_memory) != bytes) {
			/* The PRD table was shorter than the command. */
			fail_at(channel, dev, dev->lba, ATA_ER_ABRT);
			return;
		}
		if (!to_memory && disk_image_write(dev->image, offset, dev->buffer, bytes)) {
			fail_at(channel, dev, dev->lba, write_error(dev));
			return;
		}
		dev->lba += n;
		dev->remaining -= n;
	}
	set_address(dev, dev->lba - 1);
	set_count(dev, 0);
	complete(channel, dev, true);
}

static void disk_dma(struct ata_channel *channel, struct ata_device *dev, bool ext, bool to_memory)
{
	if (!channel->bm) {
		fail(channel, dev, ATA_ER_ABRT);
		return;
	}
	if (!start_range(channel, dev, ext))
		return;
	dev->xfer = to_memory ? ATA_XFER_DMA_IN : ATA_XFER_DMA_OUT;
	dev->status = ATA_SR_DRDY | ATA_SR_DSC | ATA_SR_DRQ;
	if (ata_busmaster_started(channel))
		run_disk_dma(channel, dev);
}

/* The guest started the bus master: run whatever DMA command waits. */
static void busmaster_started(void *opaque)
{
	struct ata_channel *channel = opaque;
	struct ata_device *dev = &channel->dev[channel->selected];
	if (dev->xfer != ATA_XFER_DMA_IN && dev->xfer != ATA_XFER_DMA_OUT)
		return;
	if (dev->kind == ATA_DEVICE_CDROM)
		atapi_run_dma(channel, dev);
	else
		run_disk_dma(channel, dev);
}

/* ---- the other disk commands ---- */

static void read_verify(struct ata_channel *channel, struct ata_device *dev, bool ext)
{
	if (!start_range(channel, dev, ext))
		return;
	set_address(dev, dev->lba + dev->remaining - 1);
	set_count(dev, 0);
	complete(channel, dev, true);
}

static void seek(struct ata_channel *channel, struct ata_device *dev)
{
	uint64_t lba;
	uint32_t count;
	if (!command_address(dev, false, &lba, &count) || lba >= dev->sectors) {
		fail(channel, dev, ATA_ER_IDNF);
		return;
	}
	complete(channel, dev, true);
}

static void initialize_parameters(struct ata_channel *channel, struct ata_device *dev)
{
	unsigned heads = (dev->device & 0x0F) + 1u;
	unsigned sectors = dev->count;
	/* An unusable translation is accepted, but then every CHS access
	 * fails with IDNF until a good one is set. */
	if (sectors == 0) {
		dev->current_valid = false;
	} else {
		uint64_t cylinders = dev->sectors / ((uint64_t)heads * sectors);
		if (cylinders > 65535)
			cylinders = 65535;
		dev->current = (struct ata_geometry){ (unsigned)cylinders, heads, sectors };
		dev->current_valid = cylinders > 0;
	}
	complete(channel, dev, true);
}

static void set_multiple(struct ata_channel *channel, struct ata_device *dev)
{
	unsigned n = dev->count;
	if (n > MAX_MULTIPLE || (n & (n - 1))) {
		fail(channel, dev, ATA_ER_ABRT);
		return;
	}
	dev->multiple = n; /* 0 turns multiple mode off */
	complete(channel, dev, true);
}

static bool valid_transfer_mode(uint8_t mode)
{
	switch (mode >> 3) {
	case 0: /* PIO default, with or without IORDY */
		return mode <= 1;
	case 1: /* PIO flow control mode n */
		return (mode & 7) <= 4;
	case 4: /* multiword DMA */
		return (mode & 7) <= 2;
	case 8: /* Ultra DMA */
		return (mode & 7) <= 5;
	default:
		return false;
	}
}

static void set_features(struct ata_channel *channel, struct ata_device *dev)
{
	switch (dev->feature) {
	case FEATURE_ENABLE_WRITE_CACHE:
	case FEATURE_DISABLE_WRITE_CACHE:
		if (dev->kind != ATA_DEVICE_DISK)
			goto abort;
		dev->write_cache = dev->feature == FEATURE_ENABLE_WRITE_CACHE;
		break;
	case FEATURE_ENABLE_LOOK_AHEAD:
	case FEATURE_DISABLE_LOOK_AHEAD:
		if (dev->kind != ATA_DEVICE_DISK)
			goto abort;
		dev->look_ahead = dev->feature == FEATURE_ENABLE_LOOK_AHEAD;
		break;
	case FEATURE_SET_TRANSFER_MODE:
		if (!valid_transfer_mode(dev->count))
			goto abort;
		if (dev->count >= 0x20)
			dev->dma_mode = dev->count;
		break;
	case FEATURE_DISABLE_REVERTING:
	case FEATURE_ENABLE_REVERTING:
		break;
	default:
		goto abort;
	}
	complete(channel, dev, true);
	return;
abort:
	fail(channel, dev, ATA_ER_ABRT);
}

static void flush_cache(struct ata_channel *channel, struct ata_device *dev)
{
	if (disk_image_flush(dev->image)) {
		fail(channel, dev, ATA_ER_ABRT);
		return;
	}
	complete(channel, dev, true);
}

static void check_power_mode(struct ata_channel *channel, struct ata_device *dev)
{
	dev->count = 0xFF; /* active or idle */
	complete(channel, dev, true);
}

static void disk_command(struct ata_channel *channel, struct ata_device *dev, uint8_t command)
{
	unsigned multiple = dev->multiple;
	switch (command) {
	case CMD_READ_SECTORS:
	case CMD_READ_SECTORS_NORETRY:
		disk_read(channel, dev, false, 1);
		break;
	case CMD_READ_SECTORS_EXT:
		disk_read(channel, dev, true, 1);
		break;
	case CMD_READ_MULTIPLE:
	case CMD_READ_MULTIPLE_EXT:
		if (!multiple)
			fail(channel, dev, ATA_ER_ABRT);
		else
			disk_read(channel, dev, command == CMD_READ_MULTIPLE_EXT, multiple);
		break;
	case CMD_WRITE_SECTORS:
	case CMD_WRITE_SECTORS_NORETRY:
		disk_write(channel, dev, false, 1);
		break;
	case CMD_WRITE_SECTORS_EXT:
		disk_write(channel, dev, true, 1);
		break;
	case CMD_WRITE_MULTIPLE:
	case CMD_WRITE_MULTIPLE_EXT:
		if (!multiple)
			fail(channel, dev, ATA_ER_ABRT);
		else
			disk_write(channel, dev, command == CMD_WRITE_MULTIPLE_EXT, multiple);
		break;
	case CMD_READ_DMA:
	case CMD_READ_DMA_NORETRY:
		disk_dma(channel, dev, false, true);
		break;
	case CMD_READ_DMA_EXT:
		disk_dma(channel, dev, true, true);
		break;
	case CMD_WRITE_DMA:
	case CMD_WRITE_DMA_NORETRY:
		disk_dma(channel, dev, false, false);
		break;
	case CMD_WRITE_DMA_EXT:
		disk_dma(channel, dev, true, false);
		break;
	case CMD_READ_VERIFY:
	case CMD_READ_VERIFY_NORETRY:
		read_verify(channel, dev, false);
		break;
	case CMD_READ_VERIFY_EXT:
		read_verify(channel, dev, true);
		break;
	case CMD_IDENTIFY:
		identify(channel, dev);
		break;
	case CMD_SET_MULTIPLE:
		set_multiple(channel, dev);
		break;
	case CMD_INITIALIZE_PARAMETERS:
		initialize_parameters(channel, dev);
		break;
	case CMD_SET_FEATURES:
		set_features(channel, dev);
		break;
	case CMD_FLUSH_CACHE:
	case CMD_FLUSH_CACHE_EXT:
		flush_cache(channel, dev);
		break;
	case CMD_CHECK_POWER_MODE:
		check_power_mode(channel, dev);
		break;
	case CMD_STANDBY_IMMEDIATE:
	case CMD_IDLE_IMMEDIATE:
	case CMD_STANDBY:
	case CMD_IDLE:
	case CMD_SLEEP:
		complete(channel, dev, true);
		break;
	default:
		if ((command & 0xF0) == CMD_RECALIBRATE) {
			complete(channel, dev, true);
		} else if ((command & 0xF0) == CMD_SEEK) {
			seek(channel, dev);
		} else {
			/* NOP, DEVICE RESET, PACKET and everything unknown. */
			fail(channel, dev, ATA_ER_ABRT);
		}
		break;
	}
}

static void cdrom_command(struct ata_channel *channel, struct ata_device *dev, uint8_t command)
{
	switch (command) {
	case CMD_PACKET:
		atapi_packet_command(channel, dev);
		break;
	case CMD_IDENTIFY_PACKET:
		identify(channel, dev);
		break;
	case CMD_DEVICE_RESET:
		/* No interrupt: the host waits for BSY to clear. */
		device_reset(dev);
		break;
	case CMD_SET_FEATURES:
		set_features(channel, dev);
		break;
	case CMD_CHECK_POWER_MODE:
		check_power_mode(channel, dev);
		break;
	case CMD_STANDBY_IMMEDIATE:
	case CMD_IDLE_IMMEDIATE:
	case CMD_STANDBY:
	case CMD_IDLE:
	case CMD_SLEEP:
		complete(channel, dev, true);
		break;
	case CMD_IDENTIFY:
	case CMD_READ_SECTORS:
	case CMD_READ_SECTORS_NORETRY:
		/* A packet device refuses these with its signature in the
		 * registers, which is how drivers tell it from a disk. */
		ata_set_signature(dev);
		fail(channel, dev, ATA_ER_ABRT);
		break;
	default:
		fail(channel, dev, ATA_ER_ABRT);
		break;
	}
}

/* EXECUTE DEVICE DIAGNOSTIC goes to both devices whichever is selected;
 * device 0 answers (or device 1 when it is alone). */
static void execute_diagnostic(struct ata_channel *channel)
{
	for (int i = 0; i < 2; i++)
		if (channel->dev[i].kind != ATA_DEVICE_NONE)
			device_reset(&channel->dev[i]);
	channel->selected = 0;
	struct ata_device *answer = &channel->dev[channel->dev[0].kind != ATA_DEVICE_NONE ? 0 : 1];
	update_irq(channel);
	ata_set_interrupt(channel, answer);
}

static void command_written(struct ata_channel *channel, uint8_t command)
{
	if (command == CMD_EXECUTE_DIAGNOSTIC) {
		execute_diagnostic(channel);
		return;
	}
	struct ata_device *dev = &channel->dev[channel->selected];
	/* A command for an absent device 1 goes nowhere. */
	if (dev->kind == ATA_DEVICE_NONE)
		return;
	if ((dev->status & ATA_SR_BSY) && command != CMD_DEVICE_RESET)
		return;
	dev->command = command;
	dev->xfer = ATA_XFER_NONE;
	dev->data_pos = dev->data_len = 0;
	dev->error = 0;
	clear_interrupt(channel, dev);
	if (dev->kind == ATA_DEVICE_CDROM)
		cdrom_command(channel, dev, command);
	else
		disk_command(channel, dev, command);
}

/* ---- ports ---- */

static uint16_t data_read16(struct ata_channel *channel)
{
	struct ata_device *dev = &channel->dev[channel->selected];
	if (dev->xfer != ATA_XFER_PIO_IN || dev->data_pos >= dev->data_len)
		return 0xFFFF;
	/* An odd-length packet reply ends in a padded word. */
	uint16_t value = dev->buffer[dev->data_pos];
	if (dev->data_pos + 1 < dev->data_len)
		value |= (uint16_t)(dev->buffer[dev->data_pos + 1] << 8);
	dev->data_pos = dev->data_pos + 2 < dev->data_len ? dev->data_pos + 2 : dev->data_len;
	if (dev->data_pos >= dev->data_len) {
		dev->xfer = ATA_XFER_NONE;
		dev->status &= (uint8_t)~ATA_SR_DRQ;
		dev->block_done(channel, dev);
	}
	return value;
}

static void data_write16(struct ata_channel *channel, uint16_t value)
{
	struct ata_device *dev = &channel->dev[channel->selected];
	if (dev->xfer != ATA_XFER_PIO_OUT || dev->data_pos >= dev->data_len)
		return;
	dev->buffer[dev->data_pos] = (uint8_t)value;
	if (dev->data_pos + 1 < dev->data_len)
		dev->buffer[dev->data_pos + 1] = (uint8_t)(value >> 8);
	dev->data_pos = dev->data_pos + 2 < dev->data_len ? dev->data_pos + 2 : dev->data_len;
	if (dev->data_pos >= dev->data_len) {
		dev->xfer = ATA_XFER_NONE;
		dev->status &= (uint8_t)~ATA_SR_DRQ;
		dev->block_done(channel, dev);
	}
}

/* The status an absent device 1 shows: 00h, except while device 0 is
 * busy (in a reset), when device 0 answers every read with its own.
 * Its other registers read back as written (both devices latch every
 * write): ATA-6 has device 0 answer with its own registers, but then an
 * ATAPI device 0's signature shows for device 1 too, and firmware
 * written against Bochs (the Bochs BIOS) takes that for a second
 * CD-ROM and waits on it for ever. */
static uint8_t absent_status(const struct ata_channel *channel)
{
	const struct ata_device *other = &channel->dev[channel->selected ^ 1];
	return other->status & ATA_SR_BSY ? other->status : 0;
}

static uint8_t register_read(struct ata_channel *channel, unsigned reg)
{
	struct ata_device *dev = &channel->dev[channel->selected];
	bool hob = channel->control & ATA_CTL_HOB;
	switch (reg) {
	case 1:
		return hob ? dev->prev_feature : dev->error;
	case 2:
		return hob ? dev->prev_count : dev->count;
	case 3:
		return hob ? dev->prev_lba_low : dev->lba_low;
	case 4:
		return hob ? dev->prev_lba_mid : dev->lba_mid;
	case 5:
		return hob ? dev->prev_lba_high : dev->lba_high;
	case 6:
		return dev->device;
	case 7:
		if (channel->dev[channel->selected].kind == ATA_DEVICE_NONE)
			return absent_status(channel);
		if (!(dev->status & ATA_SR_BSY))
			clear_interrupt(channel, dev);
		return dev->status;
	}
	return 0xFF;
}

static void register_write(struct ata_channel *channel, unsigned reg, uint8_t value)
{
	/* Writes to the command block while the device is busy (in a
	 * software reset) are ignored. */
	if (channel->control & ATA_CTL_SRST)
		return;
	channel->control &= (uint8_t)~ATA_CTL_HOB;
	if (reg == 7) {
		command_written(channel, value);
		return;
	}
	for (int i = 0; i < 2; i++) {
		struct ata_device *dev = &channel->dev[i];
		switch (reg) {
		case 1:
			dev->prev_feature = dev->feature;
			dev->feature = value;
			break;
		case 2:
			dev->prev_count = dev->count;
			dev->count = value;
			break;
		case 3:
			dev->prev_lba_low = dev->lba_low;
			dev->lba_low = value;
			break;
		case 4:
			dev->prev_lba_mid = dev->lba_mid;
			dev->lba_mid = value;
			break;
		case 5:
			dev->prev_lba_high = dev->lba_high;
			dev->lba_high = value;
			break;
		case 6:
			dev->device = value;
			break;
		}
	}
	if (reg == 6) {
		channel->selected = (value & ATA_DEV_DEV) ? 1 : 0;
		update_irq(channel);
	}
}

static uint32_t command_block_read(void *opaque, uint16_t port, unsigned size)
{
	struct ata_channel *channel = opaque;
	if (!channel->decode || channel_empty(channel))
		return 0xFFFFFFFFu;
	unsigned reg = (unsigned)(port - channel->cmd_base);
	if (reg == 0) {
		uint32_t value = data_read16(channel);
		if (size == 4)
			value |= (uint32_t)data_read16(channel) << 16;
		return value;
	}
	return register_read(channel, reg);
}

static void command_block_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
	struct ata_channel *channel = opaque;
	if (!channel->decode || channel_empty(channel))
		return;
	unsigned reg = (unsigned)(port - channel->cmd_base);
	if (reg == 0) {
		data_write16(channel, (uint16_t)value);
		if (size == 4)
			data_write16(channel, (uint16_t)(value >> 16));
		return;
	}
	register_write(channel, reg, (uint8_t)value);
}

static uint32_t control_read(void *opaque, uint16_t port, unsigned size)
{
	struct ata_channel *channel = opaque;
	if (!channel->decode || channel_empty(channel))
		return 0xFF;
	const struct ata_device *dev = &channel->dev[channel->selected];
	/* Alternate status: the status without clearing the interrupt. */
	return dev->kind == ATA_DEVICE_NONE ? absent_status(channel) : dev->status;
}

static void control_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
	struct ata_channel *channel = opaque;
	if (!channel->decode || channel_empty(channel))
		return;
	uint8_t old = channel->control;
	channel->control = (uint8_t)value & (ATA_CTL_HOB | ATA_CTL_SRST | ATA_CTL_NIEN);
	if ((channel->control & ATA_CTL_SRST) && !(old & ATA_CTL_SRST)) {
		/* SRST set: both devices busy until it is cleared. */
		for (int i = 0; i < 2; i++) {
			struct ata_device *dev = &channel->dev[i];
			dev->xfer = ATA_XFER_NONE;
			dev->intrq = false;
			dev->status = ATA_SR_BSY;
		}
	} else if (!(channel->control & ATA_CTL_SRST) && (old & ATA_CTL_SRST)) {
		for (int i = 0; i < 2; i++)
			if (channel->dev[i].kind != ATA_DEVICE_NONE)
				device_reset(&channel->dev[i]);
		channel->selected = 0;
	}
	update_irq(channel);
}

/* ---- creation and attachment ---- */

struct ata_channel *ata_channel_create(struct iobus *bus, uint16_t cmd_base, uint16_t ctrl_port,
				       const struct irq_line *irq)
{
	struct ata_channel *channel = calloc(1, sizeof(*channel));
	if (!channel)
		return NULL;
	channel->cmd_base = cmd_base;
	channel->ctrl_port = ctrl_port;
	channel->decode = true;
	if (irq)
		channel->irq = *irq;
	for (int i = 0; i < 2; i++)
		channel->dev[i].unit = i;
	ata_channel_reset(channel);
	if (iobus_register(bus, cmd_base, 1, IO_WIDTH_8 | IO_WIDTH_16 | IO_WIDTH_32, command_block_read,
			   command_block_write, channel, "ata") ||
	    iobus_register(bus, (uint16_t)(cmd_base + 1), 7, IO_WIDTH_8, command_block_read, command_block_write,
			   channel, "ata") ||
	    iobus_register(bus, ctrl_port, 1, IO_WIDTH_8, control_read, control_write, channel, "ata-control")) {
		free(channel);
		return NULL;
	}
	return channel;
}

static void detach(struct ata_device *dev)
{
	disk_image_close(dev->image);
	free(dev->buffer);
	int unit = dev->unit;
	memset(dev, 0, sizeof(*dev));
	dev->unit = unit;
}

void ata_channel_destroy(struct ata_channel *channel)
{
	if (!channel)
		return;
	for (int i = 0; i < 2; i++)
		detach(&channel->dev[i]);
	free(channel);
}

static struct ata_device *prepare_unit(struct ata_channel *channel, int unit, struct disk_image *image,
				       char *err, size_t errlen)
{
	if (unit < 0 || unit > 1) {
		snprintf(err, errlen, "%s: no ATA unit %d", image ? disk_image_path(image) : "ata", unit);
		return NULL;
	}
	struct ata_device *dev = &channel->dev[unit];
	detach(dev);
	dev->buffer = malloc(ATA_BUFFER_SIZE);
	if (!dev->buffer) {
		snprintf(err, errlen, "%s: out of memory", image ? disk_image_path(image) : "ata");
		return NULL;
	}
	return dev;
}

/* The usual translation for a disk of this many sectors: 16 heads and 63
 * sectors per track, as many cylinders as fit (at most 16383); a disk
 * too small for one such cylinder gets a single cylinder of its own. */
static struct ata_geometry default_geometry(uint64_t sectors)
{
	struct ata_geometry g = { 0, DEFAULT_HEADS, DEFAULT_SECTORS };
	uint64_t cylinders = sectors / (DEFAULT_HEADS * DEFAULT_SECTORS);
	if (cylinders == 0) {
		g.sectors = sectors < DEFAULT_SECTORS ? (unsigned)sectors : DEFAULT_SECTORS;
		g.heads = (unsigned)(sectors / g.sectors);
		if (g.heads > DEFAULT_HEADS)
			g.heads = DEFAULT_HEADS;
		cylinders = 1;
	}
	g.cylinders = cylinders > CHS_MAX_CYLINDERS ? CHS_MAX_CYLINDERS : (unsigned)cylinders;
	return g;
}

int ata_attach_disk(struct ata_channel *channel, int unit, struct disk_image *image,
		    const struct ata_geometry *geometry, char *err, size_t errlen)
{
	const char *path = disk_image_path(image);
	uint64_t size = disk_image_size(image);
	if (size == 0 || size % ATA_SECTOR_SIZE) {
		snprintf(err, errlen, "%s: %llu bytes is not a hard disk image size (a whole number of 512-byte sectors)",
			 path, (unsigned long long)size);
		disk_image_close(image);
		return -1;
	}
	uint64_t sectors = size / ATA_SECTOR_SIZE;
	if (sectors >> 48) {
		snprintf(err, errlen, "%s: too big for 48-bit sector numbers", path);
		disk_image_close(image);
		return -1;
	}
	struct ata_geometry g;
	if (geometry) {
		g = *geometry;
		if (g.cylinders < 1 || g.cylinders > 65535 || g.heads < 1 || g.heads > 16 || g.sectors < 1 ||
		    g.sectors > 63) {
			snprintf(err, errlen,
				 "%s: disk geometry %u/%u/%u is impossible (1-65535 cylinders, 1-16 heads, "
				 "1-63 sectors)",
				 path, g.cylinders, g.heads, g.sectors);
			disk_image_close(image);
			return -1;
		}
		uint64_t need = (uint64_t)g.cylinders * g.heads * g.sectors;
		if (need > sectors) {
			snprintf(err, errlen, "%s: %llu sectors, fewer than geometry %u/%u/%u needs (%llu)", path,
				 (unsigned long long)sectors, g.cylinders, g.heads, g.sectors,
				 (unsigned long long)need);
			disk_image_close(image);
			return -1;
		}
	} else {
		g = default_geometry(sectors);
	}
	struct ata_device *dev = prepare_unit(channel, unit, image, err, errlen);
	if (!dev) {
		disk_image_close(image);
		return -1;
	}
	dev->kind = ATA_DEVICE_DISK;
	dev->image = image;
	dev->sectors = sectors;
	dev->geometry = g;
	device_power_on(dev);
	update_irq(channel);
	return 0;
}

static int check_cd_image(struct disk_image *image, char *err, size_t errlen)
{
	uint64_t size = disk_image_size(image);
	if (size == 0 || size % ATAPI_BLOCK_SIZE) {
		snprintf(err, errlen,
			 "%s: %llu bytes is not a CD image size (a whole number of 2048-byte blocks)",
			 disk_image_path(image), (unsigned long long)size);
		return -1;
	}
	return 0;
}

int ata_attach_cdrom(struct ata_channel *channel, int unit, struct disk_image *image, char *err, size_t errlen)
{
	if (image && check_cd_image(image, err, errlen)) {
		disk_image_close(image);
		return -1;
	}
	struct ata_device *dev = prepare_unit(channel, unit, image, err, errlen);
	if (!dev) {
		disk_image_close(image);
		return -1;
	}
	dev->kind = ATA_DEVICE_CDROM;
	dev->image = image;
	dev->sectors = image ? disk_image_size(image) / ATAPI_BLOCK_SIZE : 0;
	device_power_on(dev);
	update_irq(channel);
	return 0;
}

int ata_cdrom_change(struct ata_channel *channel, int unit, struct disk_image *image, char *err, size_t errlen)
{
	if (unit < 0 || unit > 1 || channel->dev[unit].kind != ATA_DEVICE_CDROM) {
		snprintf(err, errlen, "%s: no CD-ROM drive at ATA unit %d", image ? disk_image_path(image) : "cdrom",
			 unit);
		disk_image_close(image);
		return -1;
	}
	if (image && check_cd_image(image, err, errlen)) {
		disk_image_close(image);
		return -1;
	}
	struct ata_device *dev = &channel->dev[unit];
	disk_image_close(dev->image);
	dev->image = image;
	dev->sectors = image ? disk_image_size(image) / ATAPI_BLOCK_SIZE : 0;
	atapi_media_changed(dev);
	return 0;
}

enum ata_device_kind ata_device_kind(const struct ata_channel *channel, int unit)
{
	return unit == 0 || unit == 1 ? channel->dev[unit].kind : ATA_DEVICE_NONE;
}

bool ata_disk_geometry(const struct ata_channel *channel, int unit, struct ata_geometry *geometry,
		       uint64_t *sectors)
{
	if (ata_device_kind(channel, unit) != ATA_DEVICE_DISK)
		return false;
	if (geometry)
		*geometry = channel->dev[unit].geometry;
	if (sectors)
		*sectors = channel->dev[unit].sectors;
	return true;
}

void ata_channel_set_busmaster(struct ata_channel *channel, struct ide_busmaster *bm, int bm_channel)
{
	channel->bm = bm;
	channel->bm_channel = bm_channel;
	if (bm)
		ide_busmaster_connect(bm, bm_channel, busmaster_started, channel);
}

void ata_channel_set_decode(struct ata_channel *channel, bool enabled)
{
	channel->decode = enabled;
}

/* ---- the debugger's "info ata" ---- */

void ata_print_state(const struct ata_channel *channel, FILE *out)
{
	static const char *const xfers[] = {"none", "PIO in", "PIO out", "DMA in (waiting for the bus master)",
					    "DMA out (waiting for the bus master)"};
	fprintf(out, "ports 0x%03x-0x%03x and 0x%03x, %s, control 0x%02x (%s%s), IRQ line %s, device %d selected\n",
		channel->cmd_base, channel->cmd_base + 7, channel->ctrl_port, channel->decode ? "decoded" : "not decoded",
		channel->control, channel->control & ATA_CTL_NIEN ? "interrupts off" : "interrupts on",
		channel->control & ATA_CTL_SRST ? ", in reset" : "", channel->irq_level ? "high" : "low", channel->selected);
	for (int unit = 0; unit < 2; unit++) {
		const struct ata_device *dev = &channel->dev[unit];
		const char *kind = dev->kind == ATA_DEVICE_DISK ? "disk" : dev->kind == ATA_DEVICE_CDROM ? "CD-ROM" : "none";
		fprintf(out, "  %s: %s", unit ? "slave " : "master", kind);
		if (dev->kind == ATA_DEVICE_NONE) {
			fputc('\n', out);
			continue;
		}
		if (dev->kind == ATA_DEVICE_DISK)
			fprintf(out, ", %llu sectors, CHS %u/%u/%u", (unsigned long long)dev->sectors, dev->geometry.cylinders,
				dev->geometry.heads, dev->geometry.sectors);
		else
			fprintf(out, ", %s", dev->image ? "disc in" : "empty");
		fprintf(out, "\n    status 0x%02x%s%s%s%s%s error 0x%02x, command 0x%02x, transfer %s", dev->status,
			dev->status & ATA_SR_BSY ? " BSY" : "", dev->status & ATA_SR_DRDY ? " DRDY" : "",
			dev->status & ATA_SR_DRQ ? " DRQ" : "", dev->status & ATA_SR_ERR ? " ERR" : "",
			dev->intrq ? " (interrupt pending)" : "", dev->error, dev->command, xfers[dev->xfer]);
		if (dev->xfer != ATA_XFER_NONE)
			fprintf(out, " at byte %zu of %zu, %u sectors left", dev->data_pos, dev->data_len, dev->remaining);
		fprintf(out, "\n    registers: feature 0x%02x count 0x%02x lba 0x%02x%02x%02x device 0x%02x\n", dev->feature,
			dev->count, dev->lba_high, dev->lba_mid, dev->lba_low, dev->device);
	}
}
