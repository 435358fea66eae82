/* The floppy disk controller: an Intel 82077AA in PC-AT mode, with up to
 * two drives.
 *
 * Ports from the base (0x3F0 on the PC): +2 DOR (drive select, reset,
 * DMA/interrupt gate, motors), +3 TDR, +4 MSR (read) / DSR (write: data
 * rate, software reset), +5 the data FIFO, +7 DIR (read: the disk change
 * line) / CCR (write: data rate).  +6 is the hard disk controller's on a
 * PC and is not claimed; +0 and +1 exist only in PS/2 mode.
 *
 * Commands take no time: a command's execution phase runs when its last
 * byte is written, and its interrupt is raised then.  Data moves through
 * an 8237 channel (dma_transfer), which also supplies terminal count; in
 * non-DMA mode (SPECIFY's ND bit) it moves byte by byte through the FIFO
 * port.  The interrupt request is held until the guest reads the result
 * (or issues SENSE INTERRUPT STATUS after a seek), and reaches the IRQ
 * line only while the DOR's DMA gate bit is set, as on the AT.
 *
 * The medium's format comes from the image size: every standard format
 * from 160K to 2.88M.  A read at a data rate the medium was not recorded
 * at finds no address marks, as on the real drive, so BIOS media sensing
 * by trial works (until the guest first sets a rate, every medium reads:
 * some firmware never sets one).  Nothing is read past the image: a sector beyond the
 * medium ends the command with "no data" or "missing address mark". */
#ifndef GLASSPC_IODEV_FDC_H
#define GLASSPC_IODEV_FDC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "iodev/bus.h"
#include "iodev/disk_image.h"
#include "iodev/dma.h"

#define FDC_PRIMARY_BASE 0x3F0
#define FDC_PRIMARY_IRQ 6
#define FDC_PRIMARY_DMA 2
#define FDC_DRIVES 2

/* Drive hardware, numbered as the CMOS (register 0x10) numbers it. */
enum fdc_drive_type {
	FDC_DRIVE_NONE = 0,
	FDC_DRIVE_360K = 1,  /* 5.25" double density, 40 tracks */
	FDC_DRIVE_1200K = 2, /* 5.25" high density, 80 tracks */
	FDC_DRIVE_720K = 3,  /* 3.5" double density */
	FDC_DRIVE_1440K = 4, /* 3.5" high density */
	FDC_DRIVE_2880K = 5, /* 3.5" extra density */
};

/* Data rates, as DSR/CCR bits 1-0 encode them. */
enum fdc_rate { FDC_RATE_500K = 0, FDC_RATE_300K = 1, FDC_RATE_250K = 2, FDC_RATE_1M = 3 };

/* A medium's layout: 512-byte sectors numbered from 1 on every track. */
struct fdc_geometry {
	unsigned tracks, heads, sectors;
};

/* A standard format: its geometry, the data rates it reads at, and the
 * drive it belongs in. */
struct fdc_format {
	const char *name; /* "1.44M" */
	struct fdc_geometry geometry;
	uint8_t rates; /* bit (1 << enum fdc_rate) per rate that reads it */
	enum fdc_drive_type drive;
};

/* The standard format of an image of size bytes, or NULL. */
const struct fdc_format *fdc_format_from_size(uint64_t size);

struct fdc;

/* Claims the controller's ports from base.  irq (may be NULL) is copied;
 * dma must outlive the controller; dma_channel is the 8237 channel (2 on
 * the PC).  Both drives start absent.  Returns NULL when out of memory or
 * ports. */
struct fdc *fdc_create(struct iobus *bus, uint16_t base, const struct irq_line *irq, struct dma *dma,
		       int dma_channel);
/* Closes the images still inserted. */
void fdc_destroy(struct fdc *fdc);

/* Hardware reset (power-on, machine reset): the controller is held in
 * reset until the guest sets the DOR's reset bit; media stay in. */
void fdc_reset(struct fdc *fdc);

/* Puts drive hardware at drive (0 or 1); FDC_DRIVE_NONE removes it. */
void fdc_set_drive_type(struct fdc *fdc, int drive, enum fdc_drive_type type);
enum fdc_drive_type fdc_drive_type(const struct fdc *fdc, int drive);

/* Inserts image into drive, which owns it from then on (it is closed on
 * eject and destroy, also when this fails).  The format comes from the
 * image size, or from geometry when it is not NULL (then the image must
 * hold at least that much).  An absent drive becomes the drive the format
 * belongs in.  A read-only image is a write-protected disk.  The disk
 * change line goes up.  Returns 0, or -1 with one line naming the file
 * in err. */
int fdc_insert(struct fdc *fdc, int drive, struct disk_image *image, const struct fdc_geometry *geometry,
	       char *err, size_t errlen);
/* Takes the disk out (and closes its image); the disk change line goes
 * up. */
void fdc_eject(struct fdc *fdc, int drive);
bool fdc_has_media(const struct fdc *fdc, int drive);

/* How many sectors the controller has read, written or formatted since
 * it was created: a disk activity light. */
uint64_t fdc_transfers(const struct fdc *fdc);

/* CMOS register 0x10: drive 0's type in bits 7-4, drive 1's in 3-0. */
uint8_t fdc_cmos_drive_types(const struct fdc *fdc);
/* How many drives exist (for the CMOS equipment byte 0x14). */
int fdc_drive_count(const struct fdc *fdc);

#endif
