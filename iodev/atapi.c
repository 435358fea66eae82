/* The ATAPI CD-ROM on an ATA channel: the PACKET protocol and the MMC
 * commands a BIOS, a boot loader and an operating system's CD driver
 * use.  Facts from ATA/ATAPI-6 (PACKET and IDENTIFY PACKET DEVICE),
 * SFF-8020i and MMC-3 (T10/1363-D: READ TOC/PMA/ATIP, GET
 * CONFIGURATION, GET EVENT STATUS NOTIFICATION, the mode pages) and SPC
 * (INQUIRY, REQUEST SENSE's fixed format). */
#include "iodev/ata_internal.h"

#include <string.h>

/* Operation codes. */
enum {
	OP_TEST_UNIT_READY = 0x00,
	OP_REQUEST_SENSE = 0x03,
	OP_INQUIRY = 0x12,
	OP_MODE_SENSE_6 = 0x1A,
	OP_START_STOP_UNIT = 0x1B,
	OP_PREVENT_ALLOW = 0x1E,
	OP_READ_CAPACITY = 0x25,
	OP_READ_10 = 0x28,
	OP_SEEK_10 = 0x2B,
	OP_READ_TOC = 0x43,
	OP_GET_CONFIGURATION = 0x46,
	OP_GET_EVENT_STATUS = 0x4A,
	OP_READ_DISC_INFORMATION = 0x51,
	OP_MODE_SENSE_10 = 0x5A,
	OP_READ_12 = 0xA8,
	OP_SET_CD_SPEED = 0xBB,
	OP_MECHANISM_STATUS = 0xBD,
	OP_READ_CD = 0xBE,
};

/* Sense keys and additional sense codes. */
enum {
	SENSE_NONE = 0x0,
	SENSE_NOT_READY = 0x2,
	SENSE_MEDIUM_ERROR = 0x3,
	SENSE_ILLEGAL_REQUEST = 0x5,
	SENSE_UNIT_ATTENTION = 0x6,
	SENSE_ABORTED_COMMAND = 0xB,
};
enum {
	ASC_UNRECOVERED_READ_ERROR = 0x11,
	ASC_INVALID_OPCODE = 0x20,
	ASC_LBA_OUT_OF_RANGE = 0x21,
	ASC_INVALID_FIELD_IN_CDB = 0x24,
	ASC_MEDIUM_MAY_HAVE_CHANGED = 0x28,
	ASC_SAVING_NOT_SUPPORTED = 0x39,
	ASC_MEDIUM_NOT_PRESENT = 0x3A,
	ASC_REMOVAL_PREVENTED = 0x53,
};
#define ASCQ_TRAY_CLOSED 0x01
#define ASCQ_TRAY_OPEN 0x02
#define ASCQ_REMOVAL_PREVENTED 0x02

/* GET EVENT STATUS NOTIFICATION, media class. */
#define EVENT_CLASS_MEDIA 4
#define MEDIA_EVENT_NONE 0
#define MEDIA_EVENT_NEW 2
#define MEDIA_EVENT_REMOVAL 3

#define PROFILE_CD_ROM 0x0008
#define TOC_ADR_CONTROL_DATA 0x14 /* ADR 1 (position), control 4 (data track) */
#define TOC_LEAD_OUT 0xAA
#define MSF_OFFSET 150 /* the two-second pregap before LBA 0 */
#define READ_BUFFER_BLOCKS (ATA_BUFFER_SIZE / ATAPI_BLOCK_SIZE)
#define SPEED_KBPS 706 /* 4x */

static uint16_t get_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put_be32(uint8_t *p, uint32_t v)
{
	put_be16(p, (uint16_t)(v >> 16));
	put_be16(p + 2, (uint16_t)v);
}

/* A four-byte address field: LBA, or 0, M, S, F. */
static void put_address(uint8_t *p, uint32_t lba, bool msf)
{
	if (!msf) {
		put_be32(p, lba);
		return;
	}
	uint32_t frames = lba + MSF_OFFSET;
	p[0] = 0;
	p[1] = (uint8_t)(frames / (75 * 60));
	p[2] = (uint8_t)(frames / 75 % 60);
	p[3] = (uint8_t)(frames % 75);
}

/* ---- state ---- */

void atapi_reset(struct ata_device *dev)
{
	struct atapi_state *a = &dev->atapi;
	a->sense_key = SENSE_NONE;
	a->asc = a->ascq = 0;
	a->pending = 0;
	a->blocks_left = 0;
	a->dma = false;
}

void atapi_media_changed(struct ata_device *dev)
{
	struct atapi_state *a = &dev->atapi;
	a->tray_open = false;
	a->locked = false;
	if (dev->image) {
		a->unit_attention = true;
		a->media_event = MEDIA_EVENT_NEW;
	} else {
		a->unit_attention = false;
		a->media_event = MEDIA_EVENT_REMOVAL;
	}
}

static bool disc_present(const struct ata_device *dev)
{
	return dev->image && !dev->atapi.tray_open;
}

/* ---- endings ---- */

static void finish(struct ata_channel *channel, struct ata_device *dev)
{
	dev->xfer = ATA_XFER_NONE;
	dev->atapi.pending = 0;
	dev->atapi.blocks_left = 0;
	dev->count = ATAPI_IR_IO | ATAPI_IR_COD;
	dev->status = ATA_SR_DRDY;
	ata_set_interrupt(channel, dev);
}

/* CHECK CONDITION: the sense is kept for REQUEST SENSE, the sense key
 * goes to the error register's top bits. */
static void check_condition(struct ata_channel *channel, struct ata_device *dev, uint8_t key, uint8_t asc,
			    uint8_t ascq)
{
	struct atapi_state *a = &dev->atapi;
	a->sense_key = key;
	a->asc = asc;
	a->ascq = ascq;
	dev->xfer = ATA_XFER_NONE;
	a->pending = 0;
	a->blocks_left = 0;
	dev->error = (uint8_t)(key << 4 | (key == SENSE_ABORTED_COMMAND ? ATA_ER_ABRT : 0));
	dev->count = ATAPI_IR_IO | ATAPI_IR_COD;
	dev->status = ATA_SR_DRDY | ATA_SR_ERR;
	ata_set_interrupt(channel, dev);
}

static void invalid_field(struct ata_channel *channel, struct ata_device *dev)
{
	check_condition(channel, dev, SENSE_ILLEGAL_REQUEST, ASC_INVALID_FIELD_IN_CDB, 0);
}

static bool require_disc(struct ata_channel *channel, struct ata_device *dev)
{
	if (disc_present(dev))
		return true;
	check_condition(channel, dev, SENSE_NOT_READY, ASC_MEDIUM_NOT_PRESENT,
			dev->atapi.tray_open ? ASCQ_TRAY_OPEN : ASCQ_TRAY_CLOSED);
	return false;
}

/* ---- data to the host ---- */

static void chunk_done(struct ata_channel *channel, struct ata_device *dev);

/* Offers the next piece of the buffer, at most the byte count limit. */
static void offer_chunk(struct ata_channel *channel, struct ata_device *dev)
{
	struct atapi_state *a = &dev->atapi;
	size_t chunk = a->pending < a->byte_count_limit ? a->pending : a->byte_count_limit;
	a->pending -= chunk;
	dev->lba_mid = (uint8_t)chunk;
	dev->lba_high = (uint8_t)(chunk >> 8);
	dev->count = ATAPI_IR_IO;
	ata_start_pio_in(channel, dev, chunk, chunk_done);
}

/* Loads the next blocks of a READ into the buffer. */
static bool fill_from_disc(struct ata_channel *channel, struct ata_device *dev)
{
	struct atapi_state *a = &dev->atapi;
	uint32_t n = a->blocks_left < READ_BUFFER_BLOCKS ? a->blocks_left : READ_BUFFER_BLOCKS;
	channel->transfers++;
	if (disk_image_read(dev->image, a->lba * ATAPI_BLOCK_SIZE, dev->buffer, (size_t)n * ATAPI_BLOCK_SIZE)) {
		check_condition(channel, dev, SENSE_MEDIUM_ERROR, ASC_UNRECOVERED_READ_ERROR, 0);
		return false;
	}
	a->lba += n;
	a->blocks_left -= n;
	a->pending = (size_t)n * ATAPI_BLOCK_SIZE;
	dev->data_pos = 0;
	return true;
}

static void chunk_done(struct ata_channel *channel, struct ata_device *dev)
{
	struct atapi_state *a = &dev->atapi;
	if (a->pending) {
		offer_chunk(channel, dev);
	} else if (a->blocks_left) {
		if (fill_from_disc(channel, dev))
			offer_chunk(channel, dev);
	} else {
		finish(channel, dev);
	}
}

void atapi_run_dma(struct ata_channel *channel, struct ata_device *dev)
{
	struct atapi_state *a = &dev->atapi;
	for (;;) {
		if (!ata_dma_to_memory(channel, dev, a->pending)) {
			/* The PRD table was shorter than the data. */
			check_condition(channel, dev, SENSE_ABORTED_COMMAND, 0, 0);
			return;
		}
		a->pending = 0;
		if (!a->blocks_left)
			break;
		if (!fill_from_disc(channel, dev))
			return;
	}
	finish(channel, dev);
}

/* Starts the data-in phase for what is in the buffer (a->pending bytes,
 * plus a->blocks_left more blocks for a READ). */
static void start_data_in(struct ata_channel *channel, struct ata_device *dev)
{
	struct atapi_state *a = &dev->atapi;
	if (a->pending == 0 && a->blocks_left == 0) {
		finish(channel, dev);
		return;
	}
	if (a->dma) {
		dev->xfer = ATA_XFER_DMA_IN;
		dev->status = ATA_SR_DRDY | ATA_SR_DRQ;
		if (ata_busmaster_started(channel))
			atapi_run_dma(channel, dev);
		return;
	}
	offer_chunk(channel, dev);
}

/* Sends len bytes the command built in the buffer, cut to the
 * allocation length the host gave. */
static void send_reply(struct ata_channel *channel, struct ata_device *dev, size_t len, size_t allocation)
{
	dev->data_pos = 0;
	dev->atapi.pending = len < allocation ? len : allocation;
	dev->atapi.blocks_left = 0;
	start_data_in(channel, dev);
}

/* ---- commands ---- */

static void read_blocks(struct ata_channel *channel, struct ata_device *dev, uint32_t lba, uint32_t count)
{
	if (!require_disc(channel, dev))
		return;
	if (lba > dev->sectors || count > dev->sectors - lba) {
		check_condition(channel, dev, SENSE_ILLEGAL_REQUEST, ASC_LBA_OUT_OF_RANGE, 0);
		return;
	}
	struct atapi_state *a = &dev->atapi;
	a->lba = lba;
	a->blocks_left = count;
	a->pending = 0;
	if (count && !fill_from_disc(channel, dev))
		return;
	start_data_in(channel, dev);
}

static void request_sense(struct ata_channel *channel, struct ata_device *dev)
{
	struct atapi_state *a = &dev->atapi;
	uint8_t *r = dev->buffer;
	memset(r, 0, 18);
	if (a->unit_attention) {
		a->unit_attention = false;
		a->sense_key = SENSE_UNIT_ATTENTION;
		a->asc = ASC_MEDIUM_MAY_HAVE_CHANGED;
		a->ascq = 0;
	}
	r[0] = 0x70; /* current error, fixed format */
	r[2] = a->sense_key;
	r[7] = 10; /* additional length */
	r[12] = a->asc;
	r[13] = a->ascq;
	a->sense_key = SENSE_NONE;
	a->asc = a->ascq = 0;
	send_reply(channel, dev, 18, a->packet[4]);
}

static void inquiry(struct ata_channel *channel, struct ata_device *dev)
{
	const uint8_t *p = dev->atapi.packet;
	if (p[1] & 1) { /* EVPD: no vital product data pages */
		invalid_field(channel, dev);
		return;
	}
	uint8_t *r = dev->buffer;
	memset(r, 0, 36);
	r[0] = 0x05; /* CD/DVD device */
	r[1] = 0x80; /* removable */
	r[2] = 0x00; /* ATAPI devices claim no ANSI version */
	r[3] = 0x21; /* ATAPI version 2, response data format 1 */
	r[4] = 36 - 5;
	memcpy(r + 8, "GLASSPC ", 8);
	memcpy(r + 16, "CD-ROM          ", 16);
	memcpy(r + 32, "1.0 ", 4);
	send_reply(channel, dev, 36, get_be16(p + 3));
}

static void read_capacity(struct ata_channel *channel, struct ata_device *dev)
{
	if (!require_disc(channel, dev))
		return;
	uint8_t *r = dev->buffer;
	put_be32(r, (uint32_t)(dev->sectors - 1));
	put_be32(r + 4, ATAPI_BLOCK_SIZE);
	send_reply(channel, dev, 8, 8);
}

/* One 8-byte TOC track descriptor. */
static size_t toc_entry(uint8_t *p, uint8_t track, uint32_t lba, bool msf)
{
	p[0] = 0;
	p[1] = TOC_ADR_CONTROL_DATA;
	p[2] = track;
	p[3] = 0;
	put_address(p + 4, lba, msf);
	return 8;
}

/* One 11-byte raw TOC descriptor (always MSF). */
static size_t raw_toc_entry(uint8_t *p, uint8_t point, uint8_t m, uint8_t s, uint8_t f)
{
	memset(p, 0, 11);
	p[0] = 1; /* session */
	p[1] = TOC_ADR_CONTROL_DATA;
	p[3] = point;
	p[8] = m;
	p[9] = s;
	p[10] = f;
	return 11;
}

static void read_toc(struct ata_channel *channel, struct ata_device *dev)
{
	if (!require_disc(channel, dev))
		return;
	const uint8_t *p = dev->atapi.packet;
	bool msf = p[1] & 2;
	unsigned format = p[2] & 0x0F;
	if (format == 0)
		format = p[9] >> 6; /* where SFF-8020i put the format */
	uint8_t start_track = p[6];
	uint32_t lead_out = (uint32_t)dev->sectors;
	uint8_t *r = dev->buffer;
	size_t len = 4;
	switch (format) {
	case 0: /* TOC: one data track and the lead-out */
		if (start_track > 1 && start_track != TOC_LEAD_OUT) {
			invalid_field(channel, dev);
			return;
		}
		r[2] = 1;
		r[3] = 1;
		if (start_track <= 1)
			len += toc_entry(r + len, 1, 0, msf);
		len += toc_entry(r + len, TOC_LEAD_OUT, lead_out, msf);
		break;
	case 1: /* session information: the first track of the last session */
		r[2] = 1;
		r[3] = 1;
		len += toc_entry(r + len, 1, 0, msf);
		break;
	case 2: { /* raw TOC: points A0, A1, A2 and track 1 */
		uint8_t out[4];
		put_address(out, lead_out, true);
		r[2] = 1;
		r[3] = 1;
		len += raw_toc_entry(r + len, 0xA0, 1, 0x00, 0); /* first track; disc type CD-ROM */
		len += raw_toc_entry(r + len, 0xA1, 1, 0, 0);    /* last track */
		len += raw_toc_entry(r + len, 0xA2, out[1], out[2], out[3]);
		len += raw_toc_entry(r + len, 1, 0, 2, 0);
		break;
	}
	default:
		invalid_field(channel, dev);
		return;
	}
	put_be16(r, (uint16_t)(len - 2));
	send_reply(channel, dev, len, get_be16(p + 7));
}

/* Mode pages: current values, or (changeable) which bits may change:
 * none of ours. */
static size_t mode_page(const struct ata_device *dev, uint8_t page, bool changeable, uint8_t *p)
{
	size_t len;
	switch (page) {
	case 0x01: /* read error recovery */
		len = 8;
		memset(p, 0, len);
		p[3] = 5; /* read retry count */
		break;
	case 0x0E: /* CD audio control */
		len = 16;
		memset(p, 0, len);
		p[2] = 0x04; /* immediate */
		p[8] = 0x01; /* port 0: channel 0 */
		p[9] = 0xFF;
		p[10] = 0x02; /* port 1: channel 1 */
		p[11] = 0xFF;
		break;
	case 0x2A: /* capabilities and mechanical status */
		len = 20;
		memset(p, 0, len);
		p[4] = 0x70; /* mode 2 form 1 and 2, multi-session */
		p[6] = 0x29 | (dev->atapi.locked ? 0x02 : 0); /* tray, eject, lock (and its state) */
		put_be16(p + 8, SPEED_KBPS);
		put_be16(p + 10, 256); /* volume levels */
		put_be16(p + 12, 512); /* buffer, KiB */
		put_be16(p + 14, SPEED_KBPS);
		break;
	default:
		return 0;
	}
	if (changeable)
		memset(p + 2, 0, len - 2);
	p[0] = page;
	p[1] = (uint8_t)(len - 2);
	return len;
}

static void mode_sense(struct ata_channel *channel, struct ata_device *dev, bool ten)
{
	const uint8_t *p = dev->atapi.packet;
	unsigned control = p[2] >> 6, page = p[2] & 0x3F;
	if (control == 3) {
		check_condition(channel, dev, SENSE_ILLEGAL_REQUEST, ASC_SAVING_NOT_SUPPORTED, 0);
		return;
	}
	bool changeable = control == 1;
	uint8_t *r = dev->buffer;
	size_t header = ten ? 8 : 4;
	memset(r, 0, header);
	size_t len = header;
	if (page == 0x3F) {
		static const uint8_t all[] = { 0x01, 0x0E, 0x2A };
		for (size_t i = 0; i < sizeof(all); i++)
			len += mode_page(dev, all[i], changeable, r + len);
	} else {
		size_t n = mode_page(dev, (uint8_t)page, changeable, r + len);
		if (!n) {
			invalid_field(channel, dev);
			return;
		}
		len += n;
	}
	/* Medium type: 120 mm data disc, or no disc (door closed/open). */
	uint8_t medium = disc_present(dev) ? 0x01 : dev->atapi.tray_open ? 0x71 : 0x70;
	if (ten) {
		put_be16(r, (uint16_t)(len - 2));
		r[2] = medium;
		send_reply(channel, dev, len, get_be16(p + 7));
	} else {
		r[0] = (uint8_t)(len - 1);
		r[1] = medium;
		send_reply(channel, dev, len, p[4]);
	}
}

/* Appends one feature descriptor if the request wants it. */
static size_t feature(uint8_t *r, uint16_t code, bool current, const uint8_t *data, uint8_t data_len,
		      unsigned rt, uint16_t start, bool persistent)
{
	if (code < start || (rt == 1 && !current) || (rt == 2 && code != start))
		return 0;
	put_be16(r, code);
	r[2] = (uint8_t)((persistent ? 0x02 : 0) | (current ? 0x01 : 0));
	r[3] = data_len;
	memcpy(r + 4, data, data_len);
	return 4u + data_len;
}

static void get_configuration(struct ata_channel *channel, struct ata_device *dev)
{
	const uint8_t *p = dev->atapi.packet;
	unsigned rt = p[1] & 3;
	uint16_t start = get_be16(p + 2);
	if (rt == 3) {
		invalid_field(channel, dev);
		return;
	}
	bool disc = disc_present(dev);
	uint8_t *r = dev->buffer;
	memset(r, 0, 8);
	put_be16(r + 6, disc ? PROFILE_CD_ROM : 0);
	size_t len = 8;
	const uint8_t profiles[4] = { 0, PROFILE_CD_ROM, disc, 0 };
	const uint8_t core[4] = { 0, 0, 0, 2 }; /* physical interface: ATAPI */
	const uint8_t morphing[4] = { 0, 0, 0, 0 }; /* GESN by polling only */
	const uint8_t removable[4] = { 0x29, 0, 0, 0 }; /* tray, eject, lock */
	const uint8_t random_readable[8] = { 0, 0, ATAPI_BLOCK_SIZE >> 8, 0, 0, 1, 0, 0 };
	const uint8_t cd_read[4] = { 0, 0, 0, 0 };
	len += feature(r + len, 0x0000, true, profiles, 4, rt, start, true);
	len += feature(r + len, 0x0001, true, core, 4, rt, start, true);
	len += feature(r + len, 0x0002, true, morphing, 4, rt, start, true);
	len += feature(r + len, 0x0003, true, removable, 4, rt, start, true);
	len += feature(r + len, 0x0010, disc, random_readable, 8, rt, start, false);
	len += feature(r + len, 0x001E, disc, cd_read, 4, rt, start, false);
	put_be32(r, (uint32_t)(len - 4));
	send_reply(channel, dev, len, get_be16(p + 7));
}

static void get_event_status(struct ata_channel *channel, struct ata_device *dev)
{
	struct atapi_state *a = &dev->atapi;
	const uint8_t *p = a->packet;
	if (!(p[1] & 1)) { /* asynchronous notification is not supported */
		invalid_field(channel, dev);
		return;
	}
	uint8_t *r = dev->buffer;
	memset(r, 0, 8);
	r[3] = 1u << EVENT_CLASS_MEDIA; /* supported classes */
	size_t len;
	if (p[4] & (1u << EVENT_CLASS_MEDIA)) {
		r[2] = EVENT_CLASS_MEDIA;
		r[4] = a->media_event;
		r[5] = (uint8_t)((disc_present(dev) ? 0x02 : 0) | (a->tray_open ? 0x01 : 0));
		a->media_event = MEDIA_EVENT_NONE;
		len = 8;
	} else {
		r[2] = 0x80; /* no event available of the classes asked for */
		len = 4;
	}
	put_be16(r, (uint16_t)(len - 2));
	send_reply(channel, dev, len, get_be16(p + 7));
}

static void read_disc_information(struct ata_channel *channel, struct ata_device *dev)
{
	if (!require_disc(channel, dev))
		return;
	uint8_t *r = dev->buffer;
	memset(r, 0, 34);
	put_be16(r, 32);
	r[2] = 0x0E; /* last session complete, disc complete */
	r[3] = 1;    /* first track */
	r[4] = 1;    /* sessions */
	r[5] = 1;    /* first track of the last session */
	r[6] = 1;    /* last track of the last session */
	r[7] = 0x20; /* unrestricted use */
	memset(r + 16, 0xFF, 8); /* no lead-in/lead-out start times */
	send_reply(channel, dev, 34, get_be16(dev->atapi.packet + 7));
}

static void mechanism_status(struct ata_channel *channel, struct ata_device *dev)
{
	uint8_t *r = dev->buffer;
	memset(r, 0, 8);
	r[1] = dev->atapi.tray_open ? 0x10 : 0;
	send_reply(channel, dev, 8, get_be16(dev->atapi.packet + 8));
}

static void start_stop_unit(struct ata_channel *channel, struct ata_device *dev)
{
	struct atapi_state *a = &dev->atapi;
	bool start = a->packet[4] & 1, load_eject = a->packet[4] & 2;
	if (load_eject && !start) {
		if (a->locked) {
			check_condition(channel, dev, SENSE_ILLEGAL_REQUEST, ASC_REMOVAL_PREVENTED,
					ASCQ_REMOVAL_PREVENTED);
			return;
		}
		if (!a->tray_open && dev->image)
			a->media_event = MEDIA_EVENT_REMOVAL;
		a->tray_open = true;
	} else if (load_eject && start) {
		if (a->tray_open && dev->image) {
			a->media_event = MEDIA_EVENT_NEW;
			a->unit_attention = true;
		}
		a->tray_open = false;
	}
	finish(channel, dev);
}

static void read_cd(struct ata_channel *channel, struct ata_device *dev)
{
	const uint8_t *p = dev->atapi.packet;
	unsigned sector_type = (p[1] >> 2) & 7;
	uint32_t count = (uint32_t)p[6] << 16 | get_be16(p + 7);
	/* Only the user data of data sectors: any type or mode 1, and
	 * nothing but "user data" (or nothing at all) in byte 9. */
	if ((sector_type != 0 && sector_type != 2) || (p[9] != 0x10 && p[9] != 0)) {
		invalid_field(channel, dev);
		return;
	}
	if (p[9] == 0)
		count = 0;
	read_blocks(channel, dev, get_be32(p + 2), count);
}

static void seek_10(struct ata_channel *channel, struct ata_device *dev)
{
	if (!require_disc(channel, dev))
		return;
	if (get_be32(dev->atapi.packet + 2) >= dev->sectors) {
		check_condition(channel, dev, SENSE_ILLEGAL_REQUEST, ASC_LBA_OUT_OF_RANGE, 0);
		return;
	}
	finish(channel, dev);
}

static void run_packet(struct ata_channel *channel, struct ata_device *dev)
{
	struct atapi_state *a = &dev->atapi;
	const uint8_t *p = a->packet;
	uint8_t op = p[0];
	if (op != OP_REQUEST_SENSE) {
		a->sense_key = SENSE_NONE;
		a->asc = a->ascq = 0;
	}
	/* A new disc is reported once, to the first command that is not
	 * one of those MMC exempts. */
	bool exempt = op == OP_INQUIRY || op == OP_REQUEST_SENSE || op == OP_GET_CONFIGURATION ||
		      op == OP_GET_EVENT_STATUS;
	if (a->unit_attention && !exempt) {
		a->unit_attention = false;
		check_condition(channel, dev, SENSE_UNIT_ATTENTION, ASC_MEDIUM_MAY_HAVE_CHANGED, 0);
		return;
	}
	switch (op) {
	case OP_TEST_UNIT_READY:
		if (require_disc(channel, dev))
			finish(channel, dev);
		break;
	case OP_REQUEST_SENSE:
		request_sense(channel, dev);
		break;
	case OP_INQUIRY:
		inquiry(channel, dev);
		break;
	case OP_MODE_SENSE_6:
		mode_sense(channel, dev, false);
		break;
	case OP_MODE_SENSE_10:
		mode_sense(channel, dev, true);
		break;
	case OP_START_STOP_UNIT:
		start_stop_unit(channel, dev);
		break;
	case OP_PREVENT_ALLOW:
		a->locked = p[4] & 1;
		finish(channel, dev);
		break;
	case OP_READ_CAPACITY:
		read_capacity(channel, dev);
		break;
	case OP_READ_10:
		read_blocks(channel, dev, get_be32(p + 2), get_be16(p + 7));
		break;
	case OP_READ_12:
		read_blocks(channel, dev, get_be32(p + 2), get_be32(p + 6));
		break;
	case OP_READ_CD:
		read_cd(channel, dev);
		break;
	case OP_SEEK_10:
		seek_10(channel, dev);
		break;
	case OP_READ_TOC:
		read_toc(channel, dev);
		break;
	case OP_GET_CONFIGURATION:
		get_configuration(channel, dev);
		break;
	case OP_GET_EVENT_STATUS:
		get_event_status(channel, dev);
		break;
	case OP_READ_DISC_INFORMATION:
		read_disc_information(channel, dev);
		break;
	case OP_MECHANISM_STATUS:
		mechanism_status(channel, dev);
		break;
	case OP_SET_CD_SPEED:
		finish(channel, dev);
		break;
	default:
		check_condition(channel, dev, SENSE_ILLEGAL_REQUEST, ASC_INVALID_OPCODE, 0);
		break;
	}
}

static void packet_received(struct ata_channel *channel, struct ata_device *dev)
{
	memcpy(dev->atapi.packet, dev->buffer, ATAPI_PACKET_SIZE);
	run_packet(channel, dev);
}

void atapi_packet_command(struct ata_channel *channel, struct ata_device *dev)
{
	struct atapi_state *a = &dev->atapi;
	a->dma = dev->feature & 1;
	if (a->dma && !channel->bm) {
		dev->error = ATA_ER_ABRT;
		dev->count = ATAPI_IR_IO | ATAPI_IR_COD;
		dev->status = ATA_SR_DRDY | ATA_SR_ERR;
		ata_set_interrupt(channel, dev);
		return;
	}
	/* The byte count limit: the most the host takes per DRQ, kept even
	 * so only a transfer's last piece can be odd. */
	a->byte_count_limit = (uint16_t)((dev->lba_mid | dev->lba_high << 8) & 0xFFFE);
	if (a->byte_count_limit == 0)
		a->byte_count_limit = 0xFFFE;
	dev->count = ATAPI_IR_COD;
	ata_start_pio_out(channel, dev, ATAPI_PACKET_SIZE, packet_received);
}

void atapi_identify(struct ata_channel *channel, struct ata_device *dev, uint16_t *w)
{
	memset(w, 0, 512);
	/* ATAPI, CD-ROM, removable, DRQ within 50 us of PACKET, 12-byte
	 * packets. */
	w[0] = 0x85C0;
	ata_identify_serial(channel, dev, w);
	ata_identify_string(w + 27, 20, "GLASSPC CD-ROM");
	w[49] = 0x0B00; /* IORDY, LBA, DMA */
	w[50] = 0x4000;
	w[53] = 0x0006; /* words 64-70 and 88 are valid */
	w[63] = 0x0007 | ((dev->dma_mode & 0xF8) == 0x20 ? 0x0100 << (dev->dma_mode & 7) : 0);
	w[64] = 0x0003;
	w[65] = 120;
	w[66] = 120;
	w[67] = 120;
	w[68] = 120;
	w[80] = 0x007E;
	w[82] = 0x0210; /* DEVICE RESET, PACKET */
	w[83] = 0x4000;
	w[84] = 0x4000;
	w[85] = 0x0210;
	w[87] = 0x4000;
	w[88] = 0x003F | ((dev->dma_mode & 0xF8) == 0x40 ? 0x0100 << (dev->dma_mode & 7) : 0);
	ata_identify_checksum(w);
}
