/* The machine description: what PC to build, filled by the command line
 * (options.c) and by a bochsrc file (bochsrc.c), consumed by the machine.
 * Nothing here opens devices; machine_config_finalize() only checks that
 * the files named exist and reads what their sizes say. */
#ifndef GLASSPC_CONFIG_MACHINE_CONFIG_H
#define GLASSPC_CONFIG_MACHINE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Where a drive sits: the two floppy drives and the four ATA positions
 * (hda..hdd in the command line, ata0-master..ata1-slave in bochsrc). */
enum drive_slot {
	SLOT_FDA,
	SLOT_FDB,
	SLOT_ATA0_MASTER,
	SLOT_ATA0_SLAVE,
	SLOT_ATA1_MASTER,
	SLOT_ATA1_SLAVE,
	SLOT_COUNT
};

enum media_kind { MEDIA_NONE, MEDIA_FLOPPY, MEDIA_HARD_DISK, MEDIA_CDROM };

/* Floppy disk formats, by image size. */
enum floppy_format {
	FLOPPY_AUTO, /* from the image size */
	FLOPPY_160K,
	FLOPPY_180K,
	FLOPPY_320K,
	FLOPPY_360K,
	FLOPPY_720K,
	FLOPPY_1200K,
	FLOPPY_1440K,
	FLOPPY_1680K, /* DMF */
	FLOPPY_2880K,
	FLOPPY_FORMAT_COUNT
};

/* Floppy drive hardware (the CMOS drive type). */
enum floppy_drive_type {
	FLOPPY_DRIVE_AUTO, /* the drive that reads the disk's format */
	FLOPPY_DRIVE_360K, /* 5.25" double density */
	FLOPPY_DRIVE_1200K,
	FLOPPY_DRIVE_720K, /* 3.5" double density */
	FLOPPY_DRIVE_1440K,
	FLOPPY_DRIVE_2880K,
};

struct drive_config {
	enum media_kind kind;          /* MEDIA_NONE: no drive in this slot */
	char *path;                    /* the image; NULL: a drive with no disk */
	bool inserted;                 /* the disk is in the drive */
	bool read_only;                /* CD-ROMs always are */
	bool discard_writes;           /* writes live in memory only (--snapshot, mode=volatile) */
	uint32_t cylinders, heads, sectors; /* 0: from the image size */
	enum floppy_format floppy_format;
	enum floppy_drive_type floppy_drive;
	char *origin;                  /* who configured it ("--hda", "FILE:LINE: ata0-master") */
};

struct ata_channel_config {
	bool enabled;
	uint16_t ioaddr1, ioaddr2;
	uint8_t irq;
};

enum boot_device { BOOT_NONE, BOOT_FLOPPY, BOOT_DISK, BOOT_CDROM };
#define BOOT_ORDER_MAX 3

enum firmware_kind {
	FIRMWARE_SEABIOS, /* glasspc's own copy of SeaBIOS (the default) */
	FIRMWARE_BOCHS,   /* glasspc's own copy of the Bochs BIOS */
	FIRMWARE_FILE,    /* bios_path */
};

struct firmware_config {
	enum firmware_kind bios;
	char *bios_path;        /* FIRMWARE_FILE only */
	uint32_t bios_address;  /* load address; 0: the image ends at 0xFFFFF */
	char *vgabios_path;     /* NULL: the VGA BIOS that goes with the BIOS */
	char *bios_origin, *vgabios_origin;
};

/* Where a byte stream goes: a serial port or the debug console. */
enum endpoint_kind {
	ENDPOINT_NONE,  /* connected to nothing: output dropped, no input */
	ENDPOINT_STDIO,
	ENDPOINT_FILE,
	ENDPOINT_TCP,   /* a server on 127.0.0.1:tcp_port (0: any free port) */
};

struct endpoint {
	enum endpoint_kind kind;
	char *path;        /* ENDPOINT_FILE */
	uint16_t tcp_port; /* ENDPOINT_TCP */
};

#define SERIAL_PORTS 4

struct serial_config {
	bool enabled; /* the UART exists (at 0x3F8, 0x2F8, 0x3E8, 0x2E8) */
	struct endpoint to;
};

enum clock_sync {
	CLOCK_SYNC_NONE,     /* virtual time from the instruction count and ips: reproducible */
	CLOCK_SYNC_REALTIME, /* timers follow the host clock */
	CLOCK_SYNC_SLOWDOWN, /* virtual time, but never faster than the host clock */
	CLOCK_SYNC_BOTH,
};

enum clock_start { CLOCK_START_LOCAL, CLOCK_START_UTC, CLOCK_START_FIXED };

struct clock_config {
	enum clock_sync sync;
	enum clock_start start; /* what the RTC says at power-on */
	int64_t time0;          /* CLOCK_START_FIXED: seconds since 1970 */
};

enum display_kind {
	DISPLAY_AUTO, /* a window when one can be opened, else none */
	DISPLAY_SDL,
	DISPLAY_NONE,
};

enum log_level { LOG_DEBUG, LOG_INFO, LOG_ERROR, LOG_PANIC, LOG_LEVEL_COUNT };
enum log_action { LOG_IGNORE, LOG_REPORT, LOG_WARN, LOG_ASK, LOG_FATAL };

struct machine_config {
	int cpu_model;             /* enum cpu_model */
	bool cpu_given;            /* set by --cpu or a bochsrc cpu: line */
	/* A 387 in the 386's coprocessor socket (--fpu 387).  The 486 and
	 * later have their FPU built in; older models here have none. */
	bool fpu387;
	uint32_t memory_mb;
	uint64_t ips;              /* guest instructions per virtual second */
	bool reset_on_triple_fault; /* else the machine stops (exit status 4) */
	struct clock_config clock;
	struct firmware_config firmware;
	struct drive_config drive[SLOT_COUNT];
	struct ata_channel_config ata[2];
	enum boot_device boot[BOOT_ORDER_MAX]; /* BOOT_NONE ends the list */
	struct serial_config serial[SERIAL_PORTS];
	struct endpoint debugcon;  /* ports 0xE9 and 0x402 */
	struct endpoint parallel;  /* LPT1's printer: a file, or nothing */
	bool magic_break;          /* XCHG BX,BX stops the machine */
	enum display_kind display;
	bool snapshot;             /* no drive writes reach the images */
	char *screenshot_path;     /* --screenshot: a PNG of the screen at exit */
	char *screen_text_path;    /* --screen-text: the text screen at exit, UTF-8 */
	char *log_path;            /* NULL: standard error */
	enum log_action log_action[LOG_LEVEL_COUNT];
};

#define MEMORY_MB_MAX 3072u
#define CONFIG_ERROR_LEN 1024

/* Defaults: a 386 with 16 MiB, SeaBIOS, COM1 connected to nothing, the
 * debug console on standard output, no drives. */
void machine_config_init(struct machine_config *cfg);
void machine_config_free(struct machine_config *cfg);

/* Replaces *field with a copy of value (NULL allowed). */
void config_set_string(char **field, const char *value);
/* Empties a drive slot. */
void drive_config_clear(struct drive_config *drive);
/* Fills a slot with an inserted image of the given kind. */
void drive_config_set_image(struct drive_config *drive, enum media_kind kind, const char *path,
			    const char *origin);

/* Checks and completes a description once every source has been
 * applied: every image and firmware file named must be a readable
 * regular file; floppy formats and drive types come from image sizes;
 * --snapshot reaches every drive; an empty boot order becomes "the
 * drives that have media: floppy, disk, CD-ROM".  On an error writes one
 * line (without a program prefix) into err and returns -1. */
int machine_config_finalize(struct machine_config *cfg, char *err, size_t errlen);

/* The boot order when none was given: first (if not BOOT_NONE), then
 * floppy, disk and CD-ROM if such media are present. */
void machine_config_default_boot(struct machine_config *cfg, enum boot_device first);

/* True when some drive holds media: there is something to boot. */
bool machine_config_has_media(const struct machine_config *cfg);

/* Writes the whole description, one setting a line, in a fixed order
 * (two equal descriptions print the same text; origins are left out). */
void machine_config_print(const struct machine_config *cfg, FILE *out);

/* Parsers shared by the command line and bochsrc.  Each returns 0, or -1
 * after writing what is wrong with the value into err. */
/* "a", "c", "d", "floppy", "disk", "cdrom": one boot device. */
int boot_device_from_name(const char *name, enum boot_device *dev);
/* A comma-separated list, or a string of letters ("dc"): at most three,
 * no device twice. */
int boot_order_parse(const char *list, enum boot_device order[BOOT_ORDER_MAX], char *err, size_t errlen);
/* stdio, file:PATH, tcp:127.0.0.1:PORT (also tcp:localhost:PORT and
 * tcp::PORT), none. */
int endpoint_parse(const char *text, struct endpoint *ep, char *err, size_t errlen);
/* The text endpoint_parse reads back, in a string the caller frees. */
char *endpoint_format(const struct endpoint *ep);
void endpoint_copy(struct endpoint *dst, const struct endpoint *src);
void endpoint_free(struct endpoint *ep);
/* A decimal or 0x number with no sign, at most max. */
bool config_parse_u64(const char *s, uint64_t max, uint64_t *out);
/* A count with an optional K, M or G suffix (powers of 1000). */
bool config_parse_count(const char *s, uint64_t *out);

const char *drive_slot_name(enum drive_slot slot); /* "fda", ..., "hdd" */
const char *media_kind_name(enum media_kind kind);
const char *boot_device_name(enum boot_device dev);
const char *floppy_format_name(enum floppy_format format); /* "1440K" */
uint32_t floppy_format_kib(enum floppy_format format);
/* FLOPPY_AUTO when size is not a standard floppy size. */
enum floppy_format floppy_format_from_size(uint64_t size);
void floppy_format_geometry(enum floppy_format format, uint32_t *cylinders, uint32_t *heads,
			    uint32_t *sectors);
/* The drive Bochs pairs with a format: 3.5" formats a 1.44M drive, 2.88M
 * its own, 5.25" formats a 1.2M drive. */
enum floppy_drive_type floppy_drive_for_format(enum floppy_format format);
const char *floppy_drive_name(enum floppy_drive_type type);
const char *log_action_name(enum log_action action);
int log_action_from_name(const char *name); /* -1: unknown */

#endif
