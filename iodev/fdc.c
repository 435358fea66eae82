/* The 82077AA floppy disk controller; see fdc.h.  Register layouts and
 * command formats are from the Intel 82077AA datasheet (order number
 * 290166). */
#include "iodev/fdc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SECTOR_SIZE 512
#define SECTOR_SIZE_CODE 2 /* N: 128 << 2 */
#define MAX_UNITS 4        /* the DS bits address four drives */

/* Port offsets from the base. */
enum { PORT_DOR = 2, PORT_TDR = 3, PORT_MSR_DSR = 4, PORT_FIFO = 5, PORT_DIR_CCR = 7 };

/* Digital output register. */
#define DOR_SELECT 0x03
#define DOR_NRESET 0x04
#define DOR_DMA_GATE 0x08 /* on the AT: enables DRQ and INT */

/* Main status register. */
#define MSR_RQM 0x80  /* the FIFO is ready for the host */
#define MSR_DIO 0x40  /* direction: controller to host */
#define MSR_NDMA 0x20 /* execution phase in non-DMA mode */
#define MSR_CB 0x10   /* a command is in progress */

/* Data rate select register. */
#define DSR_SWRESET 0x80

/* Digital input register. */
#define DIR_DSKCHG 0x80

/* Status register 0. */
#define ST0_ABNORMAL 0x40 /* IC = 01: abnormal termination */
#define ST0_INVALID 0x80  /* IC = 10: invalid command */
#define ST0_POLLED 0xC0   /* IC = 11: drive polling found a ready change */
#define ST0_SE 0x20       /* seek end */
#define ST0_EC 0x10       /* equipment check */

/* Status register 1. */
#define ST1_EN 0x80 /* end of cylinder */
#define ST1_DE 0x20 /* data error (CRC) */
#define ST1_OR 0x10 /* overrun/underrun: the DMA did not answer */
#define ST1_ND 0x04 /* no data: the sector's ID was not found */
#define ST1_NW 0x02 /* not writable */
#define ST1_MA 0x01 /* missing address mark */

/* Status register 2. */
#define ST2_CM 0x40 /* control mark: a deleted-data mark was met */
#define ST2_DD 0x20 /* data error in the data field */

/* Status register 3. */
#define ST3_WP 0x40
#define ST3_RY 0x20 /* the 82077AA reads these two as ones */
#define ST3_T0 0x10
#define ST3_TS 0x08

/* Command byte bits. */
#define CMD_MT 0x80
#define CMD_DIR 0x40 /* RELATIVE SEEK: toward higher tracks */
#define CMD_SK 0x20
#define CMD_LOCK 0x80
#define VERIFY_EC 0x80 /* in VERIFY's second byte */

#define VERSION_82077AA 0x90

/* CONFIGURE's third byte. */
#define CONFIG_EIS 0x40
#define CONFIG_EFIFO 0x20 /* 1: FIFO disabled */
#define CONFIG_POLL 0x10  /* 1: drive polling disabled */
#define CONFIG_FIFOTHR 0x0F

/* PERPENDICULAR MODE's second byte. */
#define PERP_OW 0x80
#define PERP_DRIVES 0x3C
#define PERP_GAP_WGATE 0x03

static const struct fdc_format formats[] = {
	{ "160K", { 40, 1, 8 }, 1u << FDC_RATE_250K | 1u << FDC_RATE_300K, FDC_DRIVE_360K },
	{ "180K", { 40, 1, 9 }, 1u << FDC_RATE_250K | 1u << FDC_RATE_300K, FDC_DRIVE_360K },
	{ "320K", { 40, 2, 8 }, 1u << FDC_RATE_250K | 1u << FDC_RATE_300K, FDC_DRIVE_360K },
	{ "360K", { 40, 2, 9 }, 1u << FDC_RATE_250K | 1u << FDC_RATE_300K, FDC_DRIVE_360K },
	{ "720K", { 80, 2, 9 }, 1u << FDC_RATE_250K, FDC_DRIVE_720K },
	{ "1.2M", { 80, 2, 15 }, 1u << FDC_RATE_500K, FDC_DRIVE_1200K },
	{ "1.44M", { 80, 2, 18 }, 1u << FDC_RATE_500K, FDC_DRIVE_1440K },
	{ "1.68M", { 80, 2, 21 }, 1u << FDC_RATE_500K, FDC_DRIVE_1440K },
	{ "1.72M", { 82, 2, 21 }, 1u << FDC_RATE_500K, FDC_DRIVE_1440K },
	{ "2.88M", { 80, 2, 36 }, 1u << FDC_RATE_1M, FDC_DRIVE_2880K },
};
#define NFORMATS (sizeof(formats) / sizeof(formats[0]))

static uint64_t geometry_bytes(const struct fdc_geometry *g)
{
	return (uint64_t)g->tracks * g->heads * g->sectors * SECTOR_SIZE;
}

const struct fdc_format *fdc_format_from_size(uint64_t size)
{
	for (size_t i = 0; i < NFORMATS; i++)
		if (geometry_bytes(&formats[i].geometry) == size)
			return &formats[i];
	return NULL;
}

struct fdc_drive {
	enum fdc_drive_type type;
	struct disk_image *image; /* NULL: no disk */
	struct fdc_geometry geometry;
	uint8_t rates;        /* data rates that read the medium */
	uint8_t cylinder;     /* where the head is: the PCN register */
	bool disk_changed;    /* the DSKCHG latch */
	uint8_t next_id;      /* the sector READ ID finds next */
};

enum phase { PHASE_COMMAND, PHASE_EXECUTION, PHASE_RESULT };

enum xfer_kind { XFER_READ, XFER_READ_DELETED, XFER_READ_TRACK, XFER_WRITE, XFER_VERIFY, XFER_FORMAT };

/* A read, write or verify in progress: the ID being looked for, and the
 * status so far. */
struct xfer {
	enum xfer_kind kind;
	int unit, head;
	uint8_t c, h, r, n, eot;
	bool mt;
	unsigned verify_left; /* VERIFY with EC: sectors still to check; 0: until EOT */
	unsigned ids_left;    /* FORMAT TRACK: sector IDs still to come */
	uint8_t filler;       /* FORMAT TRACK: the byte every sector is filled with */
	uint8_t st0, st1, st2;
	/* Non-DMA mode: the sector crossing the FIFO port. */
	uint8_t sector[SECTOR_SIZE];
	unsigned pos;
	uint64_t offset;
};

struct fdc {
	struct irq_line irq;
	struct dma *dma;
	int dma_channel;
	uint16_t base;
	struct fdc_drive drive[MAX_UNITS];

	uint8_t dor, tdr;
	uint8_t rate;    /* enum fdc_rate */
	/* Whether the guest has chosen a rate since the hardware reset.
	 * Until it does, any medium reads: firmware that never programs
	 * the rate (the Bochs BIOS) finds every format readable, while
	 * firmware and drivers that sense media by trying rates (SeaBIOS,
	 * Linux) see mismatches fail, as on the real drive. */
	bool rate_chosen;
	uint8_t precomp; /* DSR bits 4-2, kept for completeness */

	enum phase phase;
	uint8_t command[9];
	unsigned command_len, command_need;
	uint8_t result[10];
	unsigned result_len, result_pos;
	struct xfer xfer;

	bool interrupt; /* the controller's INT output */
	bool irq_level; /* what the IRQ line was last set to */
	/* SENSE INTERRUPT STATUS answers, per drive: seek ends and the
	 * ready changes polling reports after a reset. */
	uint64_t transfers;    /* sectors read, written or formatted: the activity light */
	uint8_t sense_pending; /* bit per drive */
	uint8_t sense_st0[MAX_UNITS];

	/* SPECIFY */
	uint8_t step_unload; /* SRT << 4 | HUT */
	uint8_t load_nodma;  /* HLT << 1 | ND */
	/* CONFIGURE, LOCK, PERPENDICULAR MODE */
	uint8_t config; /* EIS, EFIFO, POLL, FIFOTHR as in CONFIGURE's third byte */
	uint8_t pretrk;
	bool lock;
	uint8_t perpendicular; /* D3-D0, GAP, WGATE as in the command */
	uint8_t last_eot;      /* DUMPREG's SC/EOT */
};

/* ---- interrupt ---- */

static void update_irq(struct fdc *fdc)
{
	bool level = fdc->interrupt && (fdc->dor & DOR_DMA_GATE);
	if (level != fdc->irq_level) {
		fdc->irq_level = level;
		irq_set(&fdc->irq, level);
	}
}

static void raise_interrupt(struct fdc *fdc)
{
	fdc->interrupt = true;
	update_irq(fdc);
}

static void clear_interrupt(struct fdc *fdc)
{
	fdc->interrupt = false;
	update_irq(fdc);
}

/* A new request while one is still held: the edge-triggered PIC needs
 * the line to fall and rise again to see it. */
static void pulse_interrupt(struct fdc *fdc)
{
	clear_interrupt(fdc);
	raise_interrupt(fdc);
}

/* ---- phases ---- */

static void enter_command_phase(struct fdc *fdc)
{
	fdc->phase = PHASE_COMMAND;
	fdc->command_len = 0;
	fdc->command_need = 0;
	fdc->result_len = 0;
	fdc->result_pos = 0;
}

static void enter_result_phase(struct fdc *fdc, const uint8_t *bytes, unsigned len)
{
	memcpy(fdc->result, bytes, len);
	fdc->result_len = len;
	fdc->result_pos = 0;
	fdc->phase = PHASE_RESULT;
}

static bool nodma(const struct fdc *fdc)
{
	return fdc->load_nodma & 1;
}

/* ---- drives and media ---- */

static bool drive_present(const struct fdc *fdc, int unit)
{
	return fdc->drive[unit].type != FDC_DRIVE_NONE;
}

/* Moves the head; a step pulse with a disk in the drive resets the disk
 * change latch. */
static void move_head(struct fdc *fdc, int unit, uint8_t cylinder)
{
	struct fdc_drive *d = &fdc->drive[unit];
	if (d->cylinder != cylinder && d->image && drive_present(fdc, unit))
		d->disk_changed = false;
	d->cylinder = cylinder;
}

/* Whether the head over this track sees formatted sectors at the current
 * data rate. */
static bool track_readable(const struct fdc *fdc, int unit, int head)
{
	const struct fdc_drive *d = &fdc->drive[unit];
	return drive_present(fdc, unit) && d->image && (!fdc->rate_chosen || (d->rates & (1u << fdc->rate))) &&
	       (unsigned)head < d->geometry.heads && d->cylinder < d->geometry.tracks;
}

static void finish_seek(struct fdc *fdc, int unit, uint8_t st0)
{
	fdc->sense_st0[unit] = st0;
	fdc->sense_pending |= (uint8_t)(1u << unit);
	enter_command_phase(fdc);
	raise_interrupt(fdc);
}

/* ---- reset ---- */

/* What the DOR and DSR resets do ("software reset"); a hardware reset
 * does this and more. */
static void software_reset(struct fdc *fdc)
{
	enter_command_phase(fdc);
	fdc->xfer.kind = XFER_READ;
	/* LOCK keeps EFIFO, FIFOTHR and PRETRK; EIS and POLL always reset. */
	if (fdc->lock)
		fdc->config &= CONFIG_EFIFO | CONFIG_FIFOTHR;
	else {
		fdc->config = CONFIG_EFIFO;
		fdc->pretrk = 0;
	}
	fdc->perpendicular &= PERP_DRIVES;
	for (int i = 0; i < MAX_UNITS; i++)
		fdc->drive[i].cylinder = 0;
	/* Coming out of reset, drive polling reports a ready change for
	 * each of the four drives: four SENSE INTERRUPT STATUS to clear. */
	fdc->sense_pending = 0x0F;
	for (int i = 0; i < MAX_UNITS; i++)
		fdc->sense_st0[i] = (uint8_t)(ST0_POLLED | i);
	clear_interrupt(fdc);
}

static void hold_in_reset(struct fdc *fdc)
{
	enter_command_phase(fdc);
	fdc->sense_pending = 0;
	clear_interrupt(fdc);
}

void fdc_reset(struct fdc *fdc)
{
	fdc->dor = 0; /* held in reset until the BIOS sets bit 2 */
	fdc->tdr = 0;
	fdc->rate = FDC_RATE_250K;
	fdc->rate_chosen = false;
	fdc->precomp = 0;
	fdc->lock = false;
	fdc->config = CONFIG_EFIFO;
	fdc->pretrk = 0;
	fdc->perpendicular = 0;
	fdc->step_unload = 0;
	fdc->load_nodma = 0;
	fdc->last_eot = 0;
	hold_in_reset(fdc);
	for (int i = 0; i < MAX_UNITS; i++) {
		fdc->drive[i].cylinder = 0;
		fdc->drive[i].next_id = 1;
	}
}

/* ---- data transfers ---- */

/* Whether the host writes the execution phase's bytes. */
static bool host_writes(const struct xfer *x)
{
	return x->kind == XFER_WRITE || x->kind == XFER_FORMAT;
}

/* Where sector r of the track under head sits in the image. */
static uint64_t sector_offset(const struct fdc_drive *d, int head, unsigned r)
{
	return (((uint64_t)d->cylinder * d->geometry.heads + (unsigned)head) * d->geometry.sectors + (r - 1u)) *
	       SECTOR_SIZE;
}

/* Sector IDs on a track of our media are (C = track, H = head, R = 1 to
 * sectors, N = 2), and the head is over the ID's cylinder (start_xfer
 * saw to it).  Finds the sector the transfer asks for; false (with the
 * status set) when the controller would not. */
static bool locate_sector(struct fdc *fdc, struct xfer *x)
{
	const struct fdc_drive *d = &fdc->drive[x->unit];
	if (!track_readable(fdc, x->unit, x->head)) {
		x->st0 |= ST0_ABNORMAL;
		x->st1 |= ST1_MA;
		return false;
	}
	if (x->h != x->head || x->n != SECTOR_SIZE_CODE || x->r == 0 || x->r > d->geometry.sectors) {
		x->st0 |= ST0_ABNORMAL;
		x->st1 |= ST1_ND;
		return false;
	}
	x->offset = sector_offset(d, x->head, x->r);
	return true;
}

/* The ID after the sector just done, as the result phase reports it
 * (datasheet table "Result phase: C, H, R, N"). */
static void next_id(struct xfer *x)
{
	if (x->r != x->eot) {
		x->r++;
		return;
	}
	x->r = 1;
	if (x->mt && x->head == 0) {
		x->h ^= 1;
	} else {
		x->c++;
		if (x->mt)
			x->h ^= 1;
	}
}

/* After a sector: true when the command is over (terminal count, end of
 * track, or the VERIFY count). */
static bool advance(struct xfer *x, bool terminal_count)
{
	if (x->kind == XFER_VERIFY && x->verify_left && --x->verify_left == 0)
		terminal_count = true;
	if (terminal_count) {
		next_id(x);
		return true;
	}
	if (x->r == x->eot) {
		if (x->mt && x->head == 0) {
			x->head = 1;
			x->h ^= 1;
			x->r = 1;
			return false;
		}
		next_id(x);
		/* VERIFY without EC stops at EOT by design; the others
		 * expected terminal count first. */
		if (x->kind != XFER_VERIFY) {
			x->st0 |= ST0_ABNORMAL;
			x->st1 |= ST1_EN;
		}
		return true;
	}
	x->r++;
	return false;
}

static void finish_xfer(struct fdc *fdc)
{
	struct xfer *x = &fdc->xfer;
	uint8_t result[7] = { (uint8_t)(x->st0 | x->head << 2 | x->unit), x->st1, x->st2, x->c, x->h, x->r,
			      x->n };
	dma_set_request(fdc->dma, fdc->dma_channel, false);
	enter_result_phase(fdc, result, 7);
	if (fdc->interrupt)
		pulse_interrupt(fdc);
	else
		raise_interrupt(fdc);
}

static bool dma_usable(const struct fdc *fdc)
{
	return (fdc->dor & DOR_DMA_GATE) && dma_channel_ready(fdc->dma, fdc->dma_channel);
}

/* Reads one sector from the medium into x->sector. */
static bool read_sector(struct fdc *fdc, struct xfer *x)
{
	fdc->transfers++;
	if (disk_image_read(fdc->drive[x->unit].image, x->offset, x->sector, SECTOR_SIZE) == 0)
		return true;
	x->st0 |= ST0_ABNORMAL;
	x->st1 |= ST1_DE;
	x->st2 |= ST2_DD;
	return false;
}

static bool write_sector(struct fdc *fdc, struct xfer *x)
{
	fdc->transfers++;
	if (disk_image_write(fdc->drive[x->unit].image, x->offset, x->sector, SECTOR_SIZE) == 0)
		return true;
	x->st0 |= ST0_ABNORMAL;
	x->st1 |= ST1_DE;
	return false;
}

/* Runs the transfer until it ends or (non-DMA mode) waits for the host
 * at the FIFO. */
static void run_xfer(struct fdc *fdc)
{
	struct xfer *x = &fdc->xfer;
	for (;;) {
		if (!locate_sector(fdc, x))
			break;
		bool reads = x->kind != XFER_WRITE && x->kind != XFER_VERIFY;
		if (x->kind != XFER_WRITE && !read_sector(fdc, x))
			break;
		if (x->kind == XFER_VERIFY) {
			if (advance(x, false))
				break;
			continue;
		}
		if (nodma(fdc)) {
			/* The host moves the sector through the FIFO port;
			 * each byte it can take is an interrupt. */
			x->pos = 0;
			fdc->phase = PHASE_EXECUTION;
			if (fdc->interrupt)
				pulse_interrupt(fdc);
			else
				raise_interrupt(fdc);
			return;
		}
		if (!dma_usable(fdc)) {
			/* Nobody takes the bytes as they come off the disk. */
			x->st0 |= ST0_ABNORMAL;
			x->st1 |= ST1_OR;
			break;
		}
		dma_set_request(fdc->dma, fdc->dma_channel, true);
		bool terminal_count = dma_bytes_remaining(fdc->dma, fdc->dma_channel) <= SECTOR_SIZE;
		dma_transfer(fdc->dma, fdc->dma_channel, x->sector, SECTOR_SIZE, reads);
		if (x->kind == XFER_WRITE && !write_sector(fdc, x))
			break;
		if (x->kind == XFER_READ_DELETED) {
			/* Our sectors all carry normal data marks: READ
			 * DELETED DATA reports the mark and stops. */
			x->st2 |= ST2_CM;
			terminal_count = true;
		}
		if (advance(x, terminal_count))
			break;
	}
	finish_xfer(fdc);
}

/* A byte through the FIFO port in a non-DMA execution phase. */
static uint8_t pio_read(struct fdc *fdc)
{
	struct xfer *x = &fdc->xfer;
	if (host_writes(x))
		return 0;
	uint8_t value = x->sector[x->pos++];
	if (x->pos == SECTOR_SIZE) {
		fdc->phase = PHASE_COMMAND; /* briefly, until run_xfer decides */
		if (advance(x, false))
			finish_xfer(fdc);
		else
			run_xfer(fdc);
	}
	return value;
}

static bool format_sector(struct fdc *fdc, const uint8_t id[4]);

static void pio_write(struct fdc *fdc, uint8_t value)
{
	struct xfer *x = &fdc->xfer;
	if (x->kind == XFER_FORMAT) {
		/* Four bytes of ID (C, H, R, N) per sector. */
		x->sector[x->pos++] = value;
		if (x->pos < 4)
			return;
		x->pos = 0;
		if (!format_sector(fdc, x->sector) || --x->ids_left == 0)
			finish_xfer(fdc);
		return;
	}
	if (x->kind != XFER_WRITE)
		return;
	x->sector[x->pos++] = value;
	if (x->pos == SECTOR_SIZE) {
		fdc->phase = PHASE_COMMAND;
		if (!write_sector(fdc, x) || advance(x, false))
			finish_xfer(fdc);
		else
			run_xfer(fdc);
	}
}

static void start_xfer(struct fdc *fdc, enum xfer_kind kind)
{
	const uint8_t *cmd = fdc->command;
	struct xfer *x = &fdc->xfer;
	x->kind = kind;
	x->unit = cmd[1] & 3;
	x->head = (cmd[1] >> 2) & 1;
	x->c = cmd[2];
	x->h = cmd[3];
	x->r = cmd[4];
	x->n = cmd[5];
	x->eot = cmd[6];
	x->mt = kind != XFER_READ_TRACK && (cmd[0] & CMD_MT);
	x->verify_left = kind == XFER_VERIFY && (cmd[1] & VERIFY_EC) ? cmd[8] : 0;
	x->st0 = x->st1 = x->st2 = 0;
	fdc->last_eot = x->eot;
	fdc->phase = PHASE_EXECUTION;
	clear_interrupt(fdc);
	/* Implied seek: the head goes to the ID's cylinder first.  The
	 * 82077AA does this only with CONFIGURE's EIS bit; we also do it
	 * when the head is elsewhere, as the Bochs and QEMU controllers
	 * do, because firmware written against them (the Bochs BIOS) reads
	 * other cylinders without a SEEK. */
	if ((fdc->config & CONFIG_EIS) || fdc->drive[x->unit].cylinder != x->c) {
		move_head(fdc, x->unit, x->c);
		x->st0 |= ST0_SE;
	}
	/* READ TRACK starts at the first sector after the index hole. */
	if (kind == XFER_READ_TRACK)
		x->r = 1;
	struct fdc_drive *d = &fdc->drive[x->unit];
	if (kind == XFER_WRITE && track_readable(fdc, x->unit, x->head) && !disk_image_writable(d->image)) {
		x->st0 |= ST0_ABNORMAL;
		x->st1 |= ST1_NW;
		finish_xfer(fdc);
		return;
	}
	run_xfer(fdc);
}

/* One sector ID of FORMAT TRACK: an ID that fits the medium's own layout
 * (a raw image holds nothing else) gets its sector filled; others are
 * passed over.  False (with the status set) on a host write error. */
static bool format_sector(struct fdc *fdc, const uint8_t id[4])
{
	struct xfer *x = &fdc->xfer;
	const struct fdc_drive *d = &fdc->drive[x->unit];
	x->c = id[0];
	x->h = id[1];
	x->r = id[2];
	x->n = id[3];
	if (id[0] != d->cylinder || id[1] != x->head || id[3] != SECTOR_SIZE_CODE || id[2] < 1 ||
	    id[2] > d->geometry.sectors)
		return true;
	uint8_t fill[SECTOR_SIZE];
	memset(fill, x->filler, sizeof(fill));
	x->offset = sector_offset(d, x->head, id[2]);
	fdc->transfers++;
	if (disk_image_write(d->image, x->offset, fill, sizeof(fill)) == 0)
		return true;
	x->st0 |= ST0_ABNORMAL;
	x->st1 |= ST1_DE;
	return false;
}

/* FORMAT TRACK: the host sends C, H, R, N for each sector, through the
 * DMA channel or (non-DMA mode) the FIFO port. */
static void format_track(struct fdc *fdc)
{
	const uint8_t *cmd = fdc->command;
	int unit = cmd[1] & 3, head = (cmd[1] >> 2) & 1;
	struct fdc_drive *d = &fdc->drive[unit];
	struct xfer *x = &fdc->xfer;
	memset(x, 0, sizeof(*x));
	x->kind = XFER_FORMAT;
	x->unit = unit;
	x->head = head;
	x->c = d->cylinder;
	x->h = (uint8_t)head;
	x->n = cmd[2];
	x->ids_left = cmd[3];
	x->filler = cmd[5];
	clear_interrupt(fdc);
	if (!track_readable(fdc, unit, head)) {
		x->st0 |= ST0_ABNORMAL;
		x->st1 |= ST1_MA;
	} else if (!disk_image_writable(d->image)) {
		x->st0 |= ST0_ABNORMAL;
		x->st1 |= ST1_NW;
	} else if (x->ids_left && nodma(fdc)) {
		fdc->phase = PHASE_EXECUTION;
		raise_interrupt(fdc);
		return;
	} else {
		while (x->ids_left) {
			uint8_t id[4];
			if (!dma_usable(fdc)) {
				x->st0 |= ST0_ABNORMAL;
				x->st1 |= ST1_OR;
				break;
			}
			bool terminal_count = dma_bytes_remaining(fdc->dma, fdc->dma_channel) <= sizeof(id);
			dma_transfer(fdc->dma, fdc->dma_channel, id, sizeof(id), false);
			if (!format_sector(fdc, id) || terminal_count)
				break;
			x->ids_left--;
		}
	}
	finish_xfer(fdc);
}

/* ---- the other commands ---- */

static void read_id(struct fdc *fdc)
{
	int unit = fdc->command[1] & 3, head = (fdc->command[1] >> 2) & 1;
	struct fdc_drive *d = &fdc->drive[unit];
	uint8_t st0 = (uint8_t)(head << 2 | unit), st1 = 0;
	uint8_t r = d->next_id;
	clear_interrupt(fdc);
	if (!track_readable(fdc, unit, head)) {
		st0 |= ST0_ABNORMAL;
		st1 |= ST1_MA;
		r = 0;
	} else {
		/* The disk turns: successive READ IDs see successive sectors. */
		if (r < 1 || r > d->geometry.sectors)
			r = 1;
		d->next_id = (uint8_t)(r % d->geometry.sectors + 1);
	}
	uint8_t result[7] = { st0, st1, 0, d->cylinder, (uint8_t)head, r, SECTOR_SIZE_CODE };
	enter_result_phase(fdc, result, 7);
	raise_interrupt(fdc);
}

static void recalibrate(struct fdc *fdc)
{
	int unit = fdc->command[1] & 3;
	uint8_t st0 = (uint8_t)(ST0_SE | unit);
	if (drive_present(fdc, unit)) {
		move_head(fdc, unit, 0);
	} else {
		/* No track 0 signal ever comes. */
		st0 |= ST0_ABNORMAL | ST0_EC;
	}
	finish_seek(fdc, unit, st0);
}

static void seek(struct fdc *fdc)
{
	int unit = fdc->command[1] & 3, head = (fdc->command[1] >> 2) & 1;
	move_head(fdc, unit, fdc->command[2]);
	finish_seek(fdc, unit, (uint8_t)(ST0_SE | head << 2 | unit));
}

static void relative_seek(struct fdc *fdc)
{
	int unit = fdc->command[1] & 3, head = (fdc->command[1] >> 2) & 1;
	int cylinder = fdc->drive[unit].cylinder;
	int steps = fdc->command[2];
	cylinder += (fdc->command[0] & CMD_DIR) ? steps : -steps;
	if (cylinder < 0)
		cylinder = 0;
	if (cylinder > 255)
		cylinder = 255;
	move_head(fdc, unit, (uint8_t)cylinder);
	finish_seek(fdc, unit, (uint8_t)(ST0_SE | head << 2 | unit));
}

static void invalid_command(struct fdc *fdc)
{
	uint8_t st0 = ST0_INVALID;
	enter_result_phase(fdc, &st0, 1);
}

static void sense_interrupt(struct fdc *fdc)
{
	if (!fdc->sense_pending) {
		invalid_command(fdc);
		return;
	}
	int unit = 0;
	while (!(fdc->sense_pending & (1u << unit)))
		unit++;
	fdc->sense_pending &= (uint8_t)~(1u << unit);
	uint8_t result[2] = { fdc->sense_st0[unit], fdc->drive[unit].cylinder };
	enter_result_phase(fdc, result, 2);
	clear_interrupt(fdc);
}

static void sense_drive_status(struct fdc *fdc)
{
	int unit = fdc->command[1] & 3, head = (fdc->command[1] >> 2) & 1;
	const struct fdc_drive *d = &fdc->drive[unit];
	uint8_t st3 = (uint8_t)(ST3_RY | ST3_TS | head << 2 | unit);
	if (drive_present(fdc, unit)) {
		if (d->cylinder == 0)
			st3 |= ST3_T0;
		/* No disk: the write-protect sensor sees no open window. */
		if (!d->image || !disk_image_writable(d->image))
			st3 |= ST3_WP;
	}
	enter_result_phase(fdc, &st3, 1);
}

static void specify(struct fdc *fdc)
{
	fdc->step_unload = fdc->command[1];
	fdc->load_nodma = fdc->command[2];
	enter_command_phase(fdc);
}

static void configure(struct fdc *fdc)
{
	fdc->config = fdc->command[2] & (CONFIG_EIS | CONFIG_EFIFO | CONFIG_POLL | CONFIG_FIFOTHR);
	fdc->pretrk = fdc->command[3];
	enter_command_phase(fdc);
}

static void perpendicular_mode(struct fdc *fdc)
{
	uint8_t v = fdc->command[1];
	uint8_t keep = (v & PERP_OW) ? 0 : (fdc->perpendicular & PERP_DRIVES);
	uint8_t drives = (v & PERP_OW) ? (v & PERP_DRIVES) : 0;
	fdc->perpendicular = (uint8_t)(keep | drives | (v & PERP_GAP_WGATE));
	enter_command_phase(fdc);
}

static void lock_command(struct fdc *fdc)
{
	fdc->lock = (fdc->command[0] & CMD_LOCK) != 0;
	uint8_t result = (uint8_t)(fdc->lock ? 0x10 : 0);
	enter_result_phase(fdc, &result, 1);
}

static void version(struct fdc *fdc)
{
	uint8_t result = VERSION_82077AA;
	enter_result_phase(fdc, &result, 1);
}

static void dumpreg(struct fdc *fdc)
{
	uint8_t result[10] = {
		fdc->drive[0].cylinder,
		fdc->drive[1].cylinder,
		fdc->drive[2].cylinder,
		fdc->drive[3].cylinder,
		fdc->step_unload,
		fdc->load_nodma,
		fdc->last_eot,
		(uint8_t)((fdc->lock ? 0x80 : 0) | fdc->perpendicular),
		fdc->config,
		fdc->pretrk,
	};
	enter_result_phase(fdc, result, 10);
}

static void read_data(struct fdc *fdc) { start_xfer(fdc, XFER_READ); }
static void read_deleted(struct fdc *fdc) { start_xfer(fdc, XFER_READ_DELETED); }
static void read_track(struct fdc *fdc) { start_xfer(fdc, XFER_READ_TRACK); }
static void write_data(struct fdc *fdc) { start_xfer(fdc, XFER_WRITE); }
static void verify(struct fdc *fdc) { start_xfer(fdc, XFER_VERIFY); }

/* The command set: the first byte matches when (byte & mask) == value;
 * the mask leaves out the MT, MFM, SK and similar option bits. */
static const struct command {
	uint8_t mask, value, length;
	void (*run)(struct fdc *fdc);
} commands[] = {
	{ 0x1F, 0x06, 9, read_data },
	{ 0x1F, 0x0C, 9, read_deleted },
	{ 0x9F, 0x02, 9, read_track },
	{ 0x3F, 0x05, 9, write_data },
	{ 0x3F, 0x09, 9, write_data }, /* WRITE DELETED DATA: the mark is not kept */
	{ 0x1F, 0x16, 9, verify },
	{ 0xBF, 0x0D, 6, format_track },
	{ 0xBF, 0x0A, 2, read_id },
	{ 0xFF, 0x07, 2, recalibrate },
	{ 0xFF, 0x08, 1, sense_interrupt },
	{ 0xFF, 0x03, 3, specify },
	{ 0xFF, 0x04, 2, sense_drive_status },
	{ 0xFF, 0x0F, 3, seek },
	{ 0xBF, 0x8F, 3, relative_seek },
	{ 0xFF, 0x13, 4, configure },
	{ 0xFF, 0x12, 2, perpendicular_mode },
	{ 0x7F, 0x14, 1, lock_command },
	{ 0xFF, 0x10, 1, version },
	{ 0xFF, 0x0E, 1, dumpreg },
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static const struct command *find_command(uint8_t byte)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if ((byte & commands[i].mask) == commands[i].value)
			return &commands[i];
	return NULL;
}

static void command_byte(struct fdc *fdc, uint8_t value)
{
	if (fdc->command_len == 0) {
		const struct command *c = find_command(value);
		if (!c) {
			invalid_command(fdc);
			return;
		}
		fdc->command_need = c->length;
	}
	fdc->command[fdc->command_len++] = value;
	if (fdc->command_len < fdc->command_need)
		return;
	find_command(fdc->command[0])->run(fdc);
}

/* ---- ports ---- */

static uint8_t msr(const struct fdc *fdc)
{
	if (!(fdc->dor & DOR_NRESET))
		return 0;
	switch (fdc->phase) {
	case PHASE_COMMAND:
		return (uint8_t)(MSR_RQM | (fdc->command_len ? MSR_CB : 0));
	case PHASE_EXECUTION:
		/* Only non-DMA execution phases last beyond a port access. */
		return (uint8_t)(MSR_RQM | MSR_NDMA | MSR_CB | (host_writes(&fdc->xfer) ? 0 : MSR_DIO));
	case PHASE_RESULT:
		return MSR_RQM | MSR_DIO | MSR_CB;
	}
	return 0;
}

static uint8_t fifo_read(struct fdc *fdc)
{
	if (!(fdc->dor & DOR_NRESET))
		return 0;
	if (fdc->phase == PHASE_EXECUTION)
		return pio_read(fdc);
	if (fdc->phase != PHASE_RESULT)
		return 0;
	/* Reading the result clears the interrupt of the command that
	 * produced it. */
	if (fdc->result_pos == 0 && fdc->interrupt)
		clear_interrupt(fdc);
	uint8_t value = fdc->result[fdc->result_pos++];
	if (fdc->result_pos >= fdc->result_len)
		enter_command_phase(fdc);
	return value;
}

static void fifo_write(struct fdc *fdc, uint8_t value)
{
	if (!(fdc->dor & DOR_NRESET))
		return;
	if (fdc->phase == PHASE_EXECUTION)
		pio_write(fdc, value);
	else if (fdc->phase == PHASE_COMMAND)
		command_byte(fdc, value);
	/* Writes during the result phase are ignored. */
}

static void dor_write(struct fdc *fdc, uint8_t value)
{
	uint8_t old = fdc->dor;
	fdc->dor = value;
	if (!(value & DOR_NRESET))
		hold_in_reset(fdc);
	else if (!(old & DOR_NRESET)) {
		software_reset(fdc);
		raise_interrupt(fdc);
	}
	update_irq(fdc);
}

static uint32_t fdc_port_read(void *opaque, uint16_t port, unsigned size)
{
	struct fdc *fdc = opaque;
	switch (port - fdc->base) {
	case PORT_DOR:
		return fdc->dor;
	case PORT_TDR:
		return fdc->tdr & 3;
	case PORT_MSR_DSR:
		return msr(fdc);
	case PORT_FIFO:
		return fifo_read(fdc);
	case PORT_DIR_CCR: {
		/* Bits 6-0 belong to the hard disk controller on the AT. */
		const struct fdc_drive *d = &fdc->drive[fdc->dor & DOR_SELECT];
		bool changed = drive_present(fdc, fdc->dor & DOR_SELECT) && (d->disk_changed || !d->image);
		return changed ? DIR_DSKCHG : 0;
	}
	default:
		return 0xFF;
	}
}

static void fdc_port_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
	struct fdc *fdc = opaque;
	uint8_t v = (uint8_t)value;
	switch (port - fdc->base) {
	case PORT_DOR:
		dor_write(fdc, v);
		break;
	case PORT_TDR:
		fdc->tdr = v & 3;
		break;
	case PORT_MSR_DSR:
		fdc->rate = v & 3;
		fdc->rate_chosen = true;
		fdc->precomp = (v >> 2) & 7;
		if ((v & DSR_SWRESET) && (fdc->dor & DOR_NRESET)) {
			/* Self-clearing: the controller comes straight back. */
			software_reset(fdc);
			raise_interrupt(fdc);
		}
		break;
	case PORT_FIFO:
		fifo_write(fdc, v);
		break;
	case PORT_DIR_CCR:
		fdc->rate = v & 3;
		fdc->rate_chosen = true;
		break;
	}
}

/* ---- creation and media ---- */

struct fdc *fdc_create(struct iobus *bus, uint16_t base, const struct irq_line *irq, struct dma *dma,
		       int dma_channel)
{
	struct fdc *fdc = calloc(1, sizeof(*fdc));
	if (!fdc)
		return NULL;
	fdc->base = base;
	fdc->dma = dma;
	fdc->dma_channel = dma_channel;
	if (irq)
		fdc->irq = *irq;
	for (int i = 0; i < MAX_UNITS; i++)
		fdc->drive[i].disk_changed = true;
	fdc_reset(fdc);
	if (iobus_register(bus, (uint16_t)(base + PORT_DOR), 4, IO_WIDTH_8, fdc_port_read, fdc_port_write, fdc,
			   "fdc") ||
	    iobus_register(bus, (uint16_t)(base + PORT_DIR_CCR), 1, IO_WIDTH_8, fdc_port_read, fdc_port_write,
			   fdc, "fdc")) {
		free(fdc);
		return NULL;
	}
	return fdc;
}

void fdc_destroy(struct fdc *fdc)
{
	if (!fdc)
		return;
	for (int i = 0; i < MAX_UNITS; i++)
		disk_image_close(fdc->drive[i].image);
	free(fdc);
}

static bool valid_drive(int drive)
{
	return drive >= 0 && drive < FDC_DRIVES;
}

void fdc_set_drive_type(struct fdc *fdc, int drive, enum fdc_drive_type type)
{
	if (valid_drive(drive))
		fdc->drive[drive].type = type;
}

enum fdc_drive_type fdc_drive_type(const struct fdc *fdc, int drive)
{
	return valid_drive(drive) ? fdc->drive[drive].type : FDC_DRIVE_NONE;
}

/* The rates a medium of a geometry not in the table reads at: by its
 * density (sectors per track). */
static uint8_t rates_for_geometry(const struct fdc_geometry *g)
{
	if (g->sectors <= 10)
		return 1u << FDC_RATE_250K | 1u << FDC_RATE_300K;
	if (g->sectors <= 23)
		return 1u << FDC_RATE_500K;
	return 1u << FDC_RATE_1M;
}

static enum fdc_drive_type drive_for_geometry(const struct fdc_geometry *g)
{
	if (g->sectors <= 10)
		return g->tracks <= 42 ? FDC_DRIVE_360K : FDC_DRIVE_720K;
	if (g->sectors <= 15)
		return FDC_DRIVE_1200K;
	return g->sectors <= 23 ? FDC_DRIVE_1440K : FDC_DRIVE_2880K;
}

int fdc_insert(struct fdc *fdc, int drive, struct disk_image *image, const struct fdc_geometry *geometry,
	       char *err, size_t errlen)
{
	if (!valid_drive(drive)) {
		snprintf(err, errlen, "%s: no floppy drive %d", disk_image_path(image), drive);
		disk_image_close(image);
		return -1;
	}
	uint64_t size = disk_image_size(image);
	struct fdc_geometry g;
	uint8_t rates;
	enum fdc_drive_type type;
	if (geometry) {
		g = *geometry;
		if (g.tracks < 1 || g.tracks > 255 || g.heads < 1 || g.heads > 2 || g.sectors < 1 ||
		    g.sectors > 63) {
			snprintf(err, errlen,
				 "%s: floppy geometry %u/%u/%u is impossible (1-255 tracks, 1-2 heads, "
				 "1-63 sectors)",
				 disk_image_path(image), g.tracks, g.heads, g.sectors);
			disk_image_close(image);
			return -1;
		}
		if (geometry_bytes(&g) > size) {
			snprintf(err, errlen, "%s: %llu bytes, too small for floppy geometry %u/%u/%u (%llu bytes)",
				 disk_image_path(image), (unsigned long long)size, g.tracks, g.heads, g.sectors,
				 (unsigned long long)geometry_bytes(&g));
			disk_image_close(image);
			return -1;
		}
		rates = rates_for_geometry(&g);
		type = drive_for_geometry(&g);
	} else {
		const struct fdc_format *f = fdc_format_from_size(size);
		if (!f) {
			snprintf(err, errlen,
				 "%s: %llu bytes is not a floppy image size "
				 "(160K, 180K, 320K, 360K, 720K, 1.2M, 1.44M, 1.68M, 1.72M or 2.88M)",
				 disk_image_path(image), (unsigned long long)size);
			disk_image_close(image);
			return -1;
		}
		g = f->geometry;
		rates = f->rates;
		type = f->drive;
	}
	struct fdc_drive *d = &fdc->drive[drive];
	disk_image_close(d->image);
	d->image = image;
	d->geometry = g;
	d->rates = rates;
	d->disk_changed = true;
	d->next_id = 1;
	if (d->type == FDC_DRIVE_NONE)
		d->type = type;
	return 0;
}

void fdc_eject(struct fdc *fdc, int drive)
{
	if (!valid_drive(drive))
		return;
	struct fdc_drive *d = &fdc->drive[drive];
	disk_image_close(d->image);
	d->image = NULL;
	d->disk_changed = true;
}

bool fdc_has_media(const struct fdc *fdc, int drive)
{
	return valid_drive(drive) && fdc->drive[drive].image;
}

uint64_t fdc_transfers(const struct fdc *fdc)
{
	return fdc->transfers;
}

uint8_t fdc_cmos_drive_types(const struct fdc *fdc)
{
	return (uint8_t)((fdc->drive[0].type & 0x0F) << 4 | (fdc->drive[1].type & 0x0F));
}

int fdc_drive_count(const struct fdc *fdc)
{
	return (fdc->drive[0].type != FDC_DRIVE_NONE) + (fdc->drive[1].type != FDC_DRIVE_NONE);
}
