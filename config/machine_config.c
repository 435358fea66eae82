/* The machine description; see machine_config.h. */
#include "config/machine_config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config/image.h"
#include "cpu/cpu.h"

/* Without a clock directive, one virtual second is this many guest
 * instructions: about what the interpreter runs on a current host, so
 * that virtual and host time stay close. */
#define DEFAULT_IPS 50000000u

static const struct floppy_format_info {
	const char *name;
	uint32_t kib;
	uint32_t cylinders, heads, sectors;
} floppy_formats[FLOPPY_FORMAT_COUNT] = {
	[FLOPPY_AUTO] = {"auto", 0, 0, 0, 0},
	[FLOPPY_160K] = {"160K", 160, 40, 1, 8},
	[FLOPPY_180K] = {"180K", 180, 40, 1, 9},
	[FLOPPY_320K] = {"320K", 320, 40, 2, 8},
	[FLOPPY_360K] = {"360K", 360, 40, 2, 9},
	[FLOPPY_720K] = {"720K", 720, 80, 2, 9},
	[FLOPPY_1200K] = {"1200K", 1200, 80, 2, 15},
	[FLOPPY_1440K] = {"1440K", 1440, 80, 2, 18},
	[FLOPPY_1680K] = {"1680K", 1680, 80, 2, 21},
	[FLOPPY_2880K] = {"2880K", 2880, 80, 2, 36},
};

void config_set_string(char **field, const char *value)
{
	char *copy = NULL;
	if (value) {
		copy = strdup(value);
		if (!copy) {
			fputs("glasspc: out of memory\n", stderr);
			exit(EXIT_FAILURE);
		}
	}
	free(*field);
	*field = copy;
}

void drive_config_clear(struct drive_config *drive)
{
	free(drive->path);
	free(drive->origin);
	memset(drive, 0, sizeof(*drive));
}

void drive_config_set_image(struct drive_config *drive, enum media_kind kind, const char *path,
			    const char *origin)
{
	drive_config_clear(drive);
	drive->kind = kind;
	config_set_string(&drive->path, path);
	config_set_string(&drive->origin, origin);
	drive->inserted = true;
	drive->read_only = kind == MEDIA_CDROM;
}

void machine_config_init(struct machine_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	/* The PC's firmware needs a 486 or later (SeaBIOS runs WBINVD, the
	 * Bochs BIOS CPUID); a P6 also runs i686 kernels.  The bare machine
	 * defaults to the 386 instead (config/options.c). */
	cfg->cpu_model = CPU_P6;
	cfg->memory_mb = 16;
	cfg->ips = DEFAULT_IPS;
	cfg->clock.sync = CLOCK_SYNC_NONE;
	cfg->clock.start = CLOCK_START_LOCAL;
	cfg->firmware.bios = FIRMWARE_SEABIOS;
	cfg->ata[0] = (struct ata_channel_config){true, 0x1F0, 0x3F0, 14};
	cfg->ata[1] = (struct ata_channel_config){true, 0x170, 0x370, 15};
	/* As on Bochs: COM1 exists and is connected to nothing. */
	cfg->serial[0].enabled = true;
	cfg->serial[0].to.kind = ENDPOINT_NONE;
	cfg->debugcon.kind = ENDPOINT_STDIO;
	cfg->display = DISPLAY_AUTO;
	cfg->log_action[LOG_DEBUG] = LOG_IGNORE;
	cfg->log_action[LOG_INFO] = LOG_REPORT;
	cfg->log_action[LOG_ERROR] = LOG_REPORT;
	cfg->log_action[LOG_PANIC] = LOG_FATAL;
}

void machine_config_free(struct machine_config *cfg)
{
	for (int s = 0; s < SLOT_COUNT; s++)
		drive_config_clear(&cfg->drive[s]);
	free(cfg->screenshot_path);
	free(cfg->screen_text_path);
	free(cfg->firmware.bios_path);
	free(cfg->firmware.vgabios_path);
	free(cfg->firmware.bios_origin);
	free(cfg->firmware.vgabios_origin);
	for (int p = 0; p < SERIAL_PORTS; p++)
		endpoint_free(&cfg->serial[p].to);
	endpoint_free(&cfg->debugcon);
	endpoint_free(&cfg->parallel);
	free(cfg->log_path);
	memset(cfg, 0, sizeof(*cfg));
}

/* ---- names ---- */

const char *drive_slot_name(enum drive_slot slot)
{
	static const char *const names[SLOT_COUNT] = {"fda", "fdb", "hda", "hdb", "hdc", "hdd"};
	return (unsigned)slot < SLOT_COUNT ? names[slot] : "?";
}

const char *media_kind_name(enum media_kind kind)
{
	switch (kind) {
	case MEDIA_FLOPPY: return "floppy";
	case MEDIA_HARD_DISK: return "disk";
	case MEDIA_CDROM: return "cdrom";
	default: return "none";
	}
}

const char *boot_device_name(enum boot_device dev)
{
	switch (dev) {
	case BOOT_FLOPPY: return "floppy";
	case BOOT_DISK: return "disk";
	case BOOT_CDROM: return "cdrom";
	default: return "none";
	}
}

const char *floppy_format_name(enum floppy_format format)
{
	return (unsigned)format < FLOPPY_FORMAT_COUNT ? floppy_formats[format].name : "?";
}

uint32_t floppy_format_kib(enum floppy_format format)
{
	return (unsigned)format < FLOPPY_FORMAT_COUNT ? floppy_formats[format].kib : 0;
}

enum floppy_format floppy_format_from_size(uint64_t size)
{
	for (int f = FLOPPY_AUTO + 1; f < FLOPPY_FORMAT_COUNT; f++)
		if (size == (uint64_t)floppy_formats[f].kib * 1024)
			return (enum floppy_format)f;
	return FLOPPY_AUTO;
}

void floppy_format_geometry(enum floppy_format format, uint32_t *cylinders, uint32_t *heads,
			    uint32_t *sectors)
{
	const struct floppy_format_info *f = &floppy_formats[(unsigned)format < FLOPPY_FORMAT_COUNT ? format : 0];
	*cylinders = f->cylinders;
	*heads = f->heads;
	*sectors = f->sectors;
}

enum floppy_drive_type floppy_drive_for_format(enum floppy_format format)
{
	switch (format) {
	case FLOPPY_720K:
	case FLOPPY_1440K:
	case FLOPPY_1680K:
		return FLOPPY_DRIVE_1440K;
	case FLOPPY_2880K:
		return FLOPPY_DRIVE_2880K;
	case FLOPPY_AUTO:
		return FLOPPY_DRIVE_AUTO;
	default:
		return FLOPPY_DRIVE_1200K;
	}
}

const char *floppy_drive_name(enum floppy_drive_type type)
{
	switch (type) {
	case FLOPPY_DRIVE_360K: return "360K";
	case FLOPPY_DRIVE_1200K: return "1200K";
	case FLOPPY_DRIVE_720K: return "720K";
	case FLOPPY_DRIVE_1440K: return "1440K";
	case FLOPPY_DRIVE_2880K: return "2880K";
	default: return "auto";
	}
}

static const char *const log_action_names[] = {"ignore", "report", "warn", "ask", "fatal"};

const char *log_action_name(enum log_action action)
{
	return (unsigned)action <= LOG_FATAL ? log_action_names[action] : "?";
}

int log_action_from_name(const char *name)
{
	for (int a = LOG_IGNORE; a <= LOG_FATAL; a++)
		if (!strcmp(name, log_action_names[a]))
			return a;
	return -1;
}

/* ---- values ---- */

bool config_parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	int base = 10;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	/* strtoull alone would take signs, spaces and octal. */
	if (!(base == 16 ? isxdigit((unsigned char)s[0]) : isdigit((unsigned char)s[0])))
		return false;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, base);
	if (errno || *end || v > max)
		return false;
	*out = v;
	return true;
}

bool config_parse_count(const char *s, uint64_t *out)
{
	size_t n = strlen(s);
	uint64_t scale = 1;
	char digits[32];
	if (n == 0 || n >= sizeof(digits))
		return false;
	switch (toupper((unsigned char)s[n - 1])) {
	case 'K': scale = 1000; break;
	case 'M': scale = 1000000; break;
	case 'G': scale = 1000000000; break;
	default: break;
	}
	memcpy(digits, s, n + 1);
	if (scale != 1)
		digits[n - 1] = 0;
	uint64_t v;
	if (!config_parse_u64(digits, UINT64_MAX / scale, &v))
		return false;
	*out = v * scale;
	return true;
}

int boot_device_from_name(const char *name, enum boot_device *dev)
{
	if (!strcmp(name, "a") || !strcmp(name, "floppy"))
		*dev = BOOT_FLOPPY;
	else if (!strcmp(name, "c") || !strcmp(name, "disk"))
		*dev = BOOT_DISK;
	else if (!strcmp(name, "d") || !strcmp(name, "cdrom"))
		*dev = BOOT_CDROM;
	else
		return -1;
	return 0;
}

static int boot_order_add(enum boot_device order[BOOT_ORDER_MAX], int *n, enum boot_device dev, char *err,
			  size_t errlen)
{
	for (int i = 0; i < *n; i++)
		if (order[i] == dev) {
			snprintf(err, errlen, "%s appears twice", boot_device_name(dev));
			return -1;
		}
	if (*n == BOOT_ORDER_MAX) {
		snprintf(err, errlen, "more than %d boot devices", BOOT_ORDER_MAX);
		return -1;
	}
	order[(*n)++] = dev;
	return 0;
}

int boot_order_parse(const char *list, enum boot_device order[BOOT_ORDER_MAX], char *err, size_t errlen)
{
	enum boot_device parsed[BOOT_ORDER_MAX] = {BOOT_NONE, BOOT_NONE, BOOT_NONE};
	int n = 0;
	const char *p = list;
	if (!*p) {
		snprintf(err, errlen, "empty boot list");
		return -1;
	}
	/* Letters run together ("dc") as well as a comma-separated list. */
	bool letters = !strchr(list, ',') && strspn(list, "acd") == strlen(list);
	while (*p) {
		char item[16];
		size_t len = letters ? 1 : strcspn(p, ",");
		if (len == 0 || len >= sizeof(item)) {
			snprintf(err, errlen, len ? "unknown boot device '%.*s'" : "empty item in the boot list",
				 (int)len, p);
			return -1;
		}
		memcpy(item, p, len);
		item[len] = 0;
		enum boot_device dev;
		if (boot_device_from_name(item, &dev) < 0) {
			snprintf(err, errlen, "unknown boot device '%s' (a, c, d, floppy, disk, cdrom)", item);
			return -1;
		}
		if (boot_order_add(parsed, &n, dev, err, errlen) < 0)
			return -1;
		p += len;
		if (*p == ',') {
			p++;
			if (!*p) {
				snprintf(err, errlen, "empty item in the boot list");
				return -1;
			}
		}
	}
	memcpy(order, parsed, sizeof(parsed));
	return 0;
}

void endpoint_free(struct endpoint *ep)
{
	free(ep->path);
	memset(ep, 0, sizeof(*ep));
}

void endpoint_copy(struct endpoint *dst, const struct endpoint *src)
{
	char *path = NULL;
	config_set_string(&path, src->path);
	free(dst->path);
	*dst = *src;
	dst->path = path;
}

int endpoint_parse(const char *text, struct endpoint *ep, char *err, size_t errlen)
{
	struct endpoint parsed = {ENDPOINT_NONE, NULL, 0};
	if (!strcmp(text, "stdio")) {
		parsed.kind = ENDPOINT_STDIO;
	} else if (!strcmp(text, "none")) {
		parsed.kind = ENDPOINT_NONE;
	} else if (!strncmp(text, "file:", 5)) {
		if (!text[5]) {
			snprintf(err, errlen, "file: needs a path");
			return -1;
		}
		parsed.kind = ENDPOINT_FILE;
		config_set_string(&parsed.path, text + 5);
	} else if (!strncmp(text, "tcp:", 4)) {
		const char *hostport = text + 4;
		const char *colon = strrchr(hostport, ':');
		const char *port = colon ? colon + 1 : hostport;
		size_t hostlen = colon ? (size_t)(colon - hostport) : 0;
		uint64_t v;
		bool loopback = hostlen == 9 && (!strncmp(hostport, "127.0.0.1", 9) || !strncmp(hostport, "localhost", 9));
		if (hostlen && !loopback) {
			snprintf(err, errlen, "glasspc listens on 127.0.0.1 only");
			return -1;
		}
		if (!config_parse_u64(port, 65535, &v)) {
			snprintf(err, errlen, "bad TCP port '%s' (0 to 65535, 0: any free port)", port);
			return -1;
		}
		parsed.kind = ENDPOINT_TCP;
		parsed.tcp_port = (uint16_t)v;
	} else {
		snprintf(err, errlen, "unknown destination (stdio, file:PATH, tcp:127.0.0.1:PORT, none)");
		return -1;
	}
	endpoint_free(ep);
	*ep = parsed;
	return 0;
}

char *endpoint_format(const struct endpoint *ep)
{
	size_t len = 32 + (ep->path ? strlen(ep->path) : 0);
	char *buf = malloc(len);
	if (!buf) {
		fputs("glasspc: out of memory\n", stderr);
		exit(EXIT_FAILURE);
	}
	switch (ep->kind) {
	case ENDPOINT_STDIO: snprintf(buf, len, "stdio"); break;
	case ENDPOINT_FILE: snprintf(buf, len, "file:%s", ep->path ? ep->path : ""); break;
	case ENDPOINT_TCP: snprintf(buf, len, "tcp:127.0.0.1:%u", ep->tcp_port); break;
	default: snprintf(buf, len, "none"); break;
	}
	return buf;
}

/* ---- completion ---- */

static bool drive_has_media(const struct drive_config *d)
{
	return d->kind != MEDIA_NONE && d->path && d->inserted;
}

bool machine_config_has_media(const struct machine_config *cfg)
{
	for (int s = 0; s < SLOT_COUNT; s++)
		if (drive_has_media(&cfg->drive[s]))
			return true;
	return false;
}

static bool boot_device_present(const struct machine_config *cfg, enum boot_device dev)
{
	switch (dev) {
	case BOOT_FLOPPY:
		return drive_has_media(&cfg->drive[SLOT_FDA]);
	case BOOT_DISK:
	case BOOT_CDROM:
		for (int s = SLOT_ATA0_MASTER; s <= SLOT_ATA1_SLAVE; s++)
			if (drive_has_media(&cfg->drive[s]) &&
			    cfg->drive[s].kind == (dev == BOOT_DISK ? MEDIA_HARD_DISK : MEDIA_CDROM))
				return true;
		return false;
	default:
		return false;
	}
}

void machine_config_default_boot(struct machine_config *cfg, enum boot_device first)
{
	const enum boot_device candidates[] = {first, BOOT_FLOPPY, BOOT_DISK, BOOT_CDROM};
	int n = 0;
	for (int i = 0; i < BOOT_ORDER_MAX; i++)
		cfg->boot[i] = BOOT_NONE;
	for (size_t c = 0; c < sizeof(candidates) / sizeof(candidates[0]) && n < BOOT_ORDER_MAX; c++) {
		enum boot_device dev = candidates[c];
		bool listed = false;
		for (int i = 0; i < n; i++)
			listed |= cfg->boot[i] == dev;
		if (dev == BOOT_NONE || listed || (c > 0 && !boot_device_present(cfg, dev)))
			continue;
		cfg->boot[n++] = dev;
	}
}

static const char *origin_or(const char *origin, const char *fallback)
{
	return origin ? origin : fallback;
}

static int check_firmware_file(const char *path, const char *origin, char *err, size_t errlen)
{
	struct image_info info;
	char why[256];
	if (image_probe(path, &info, why, sizeof(why)) < 0) {
		snprintf(err, errlen, "%s '%s': %s", origin, path, why);
		return -1;
	}
	if (info.size == 0) {
		snprintf(err, errlen, "%s '%s': the file is empty", origin, path);
		return -1;
	}
	return 0;
}

int machine_config_finalize(struct machine_config *cfg, char *err, size_t errlen)
{
	struct image_info info[SLOT_COUNT];
	bool probed[SLOT_COUNT] = {false};
	char why[256];

	for (int s = 0; s < SLOT_COUNT; s++) {
		struct drive_config *d = &cfg->drive[s];
		if (d->kind == MEDIA_NONE)
			continue;
		if (s >= SLOT_ATA0_MASTER && !cfg->ata[(s - SLOT_ATA0_MASTER) / 2].enabled) {
			snprintf(err, errlen, "%s: drive %s is on ata%d, which the configuration disables",
				 origin_or(d->origin, drive_slot_name(s)), drive_slot_name(s), (s - SLOT_ATA0_MASTER) / 2);
			return -1;
		}
		if (cfg->snapshot)
			d->discard_writes = true;
		if (d->kind == MEDIA_CDROM)
			d->read_only = true;
		if (drive_has_media(d)) {
			if (image_probe(d->path, &info[s], why, sizeof(why)) < 0) {
				snprintf(err, errlen, "%s '%s': %s", origin_or(d->origin, drive_slot_name(s)), d->path,
					 why);
				return -1;
			}
			probed[s] = true;
		}
		if (d->kind != MEDIA_FLOPPY)
			continue;
		if (d->floppy_format == FLOPPY_AUTO && probed[s])
			d->floppy_format = floppy_format_from_size(info[s].size);
		if (d->floppy_format != FLOPPY_AUTO)
			floppy_format_geometry(d->floppy_format, &d->cylinders, &d->heads, &d->sectors);
		if (d->floppy_drive == FLOPPY_DRIVE_AUTO)
			d->floppy_drive = d->floppy_format != FLOPPY_AUTO ? floppy_drive_for_format(d->floppy_format)
									   : FLOPPY_DRIVE_1440K;
	}

	/* Two drives writing one file would corrupt it. */
	for (int a = 0; a < SLOT_COUNT; a++)
		for (int b = a + 1; b < SLOT_COUNT; b++) {
			const struct drive_config *da = &cfg->drive[a], *db = &cfg->drive[b];
			bool writes = (!da->read_only && !da->discard_writes) || (!db->read_only && !db->discard_writes);
			if (probed[a] && probed[b] && writes && info[a].dev == info[b].dev &&
			    info[a].inode == info[b].inode) {
				snprintf(err, errlen, "%s '%s' and %s '%s' are the same file, and a written image cannot be shared",
					 origin_or(da->origin, drive_slot_name(a)), da->path,
					 origin_or(db->origin, drive_slot_name(b)), db->path);
				return -1;
			}
		}

	struct firmware_config *fw = &cfg->firmware;
	if (fw->bios == FIRMWARE_FILE &&
	    check_firmware_file(fw->bios_path, origin_or(fw->bios_origin, "--bios"), err, errlen) < 0)
		return -1;
	if (fw->vgabios_path &&
	    check_firmware_file(fw->vgabios_path, origin_or(fw->vgabios_origin, "--vgabios"), err, errlen) < 0)
		return -1;

	if (cfg->boot[0] == BOOT_NONE)
		machine_config_default_boot(cfg, BOOT_NONE);
	return 0;
}

/* ---- printing ---- */

static const char *yes_no(bool b)
{
	return b ? "yes" : "no";
}

static void print_endpoint(FILE *out, const char *name, const struct endpoint *ep)
{
	char *text = endpoint_format(ep);
	fprintf(out, "%s: %s\n", name, text);
	free(text);
}

static void print_drive(FILE *out, enum drive_slot slot, const struct drive_config *d)
{
	fprintf(out, "%s: %s", drive_slot_name(slot), media_kind_name(d->kind));
	if (d->kind == MEDIA_NONE) {
		fputc('\n', out);
		return;
	}
	fprintf(out, ", path=%s, inserted=%s, read_only=%s, discard_writes=%s", d->path ? d->path : "",
		yes_no(d->inserted), yes_no(d->read_only), yes_no(d->discard_writes));
	if (d->kind == MEDIA_FLOPPY)
		fprintf(out, ", format=%s, drive=%s", floppy_format_name(d->floppy_format),
			floppy_drive_name(d->floppy_drive));
	if (d->kind != MEDIA_CDROM)
		fprintf(out, ", chs=%u/%u/%u", d->cylinders, d->heads, d->sectors);
	fputc('\n', out);
}

void machine_config_print(const struct machine_config *cfg, FILE *out)
{
	static const char *const sync_names[] = {"none", "realtime", "slowdown", "both"};
	static const char *const level_names[LOG_LEVEL_COUNT] = {"debug", "info", "error", "panic"};
	const struct firmware_config *fw = &cfg->firmware;

	fprintf(out, "cpu: %s\n", cpu_model_name((enum cpu_model)cfg->cpu_model));
	if (cfg->fpu387)
		fprintf(out, "fpu: 387\n");
	fprintf(out, "memory: %u MiB\n", cfg->memory_mb);
	fprintf(out, "ips: %llu\n", (unsigned long long)cfg->ips);
	fprintf(out, "reset_on_triple_fault: %s\n", yes_no(cfg->reset_on_triple_fault));
	fprintf(out, "clock: sync=%s, start=", sync_names[cfg->clock.sync]);
	if (cfg->clock.start == CLOCK_START_FIXED)
		fprintf(out, "%lld\n", (long long)cfg->clock.time0);
	else
		fprintf(out, "%s\n", cfg->clock.start == CLOCK_START_UTC ? "utc" : "local");
	if (fw->bios == FIRMWARE_FILE)
		fprintf(out, "bios: file=%s", fw->bios_path);
	else
		fprintf(out, "bios: %s", fw->bios == FIRMWARE_BOCHS ? "bochs" : "seabios");
	fprintf(out, ", address=0x%X\n", fw->bios_address);
	fprintf(out, "vgabios: %s\n", fw->vgabios_path ? fw->vgabios_path : "default");
	for (int s = 0; s < SLOT_COUNT; s++)
		print_drive(out, (enum drive_slot)s, &cfg->drive[s]);
	for (int c = 0; c < 2; c++)
		fprintf(out, "ata%d: enabled=%s, ioaddr1=0x%X, ioaddr2=0x%X, irq=%u\n", c, yes_no(cfg->ata[c].enabled),
			cfg->ata[c].ioaddr1, cfg->ata[c].ioaddr2, cfg->ata[c].irq);
	fputs("boot:", out);
	for (int i = 0; i < BOOT_ORDER_MAX && cfg->boot[i] != BOOT_NONE; i++)
		fprintf(out, "%s %s", i ? "," : "", boot_device_name(cfg->boot[i]));
	if (cfg->boot[0] == BOOT_NONE)
		fputs(" none", out);
	fputc('\n', out);
	for (int p = 0; p < SERIAL_PORTS; p++) {
		char name[8];
		snprintf(name, sizeof(name), "com%d", p + 1);
		if (cfg->serial[p].enabled)
			print_endpoint(out, name, &cfg->serial[p].to);
		else
			fprintf(out, "%s: off\n", name);
	}
	print_endpoint(out, "debugcon", &cfg->debugcon);
	fprintf(out, "magic_break: %s\n", yes_no(cfg->magic_break));
	fprintf(out, "display: %s\n",
		cfg->display == DISPLAY_SDL ? "sdl" : cfg->display == DISPLAY_NONE ? "none" : "auto");
	fprintf(out, "snapshot: %s\n", yes_no(cfg->snapshot));
	fprintf(out, "log: %s\n", cfg->log_path ? cfg->log_path : "stderr");
	fputs("log_action:", out);
	for (int l = LOG_LEVEL_COUNT - 1; l >= 0; l--)
		fprintf(out, " %s=%s%s", level_names[l], log_action_name(cfg->log_action[l]), l ? "," : "\n");
}
