/* The bochsrc reader; see bochsrc.h.  Bochs's own rules, checked against
 * its config.cc: a line is one directive (there is no line continuation),
 * the name ends at the first ':', values are separated by commas,
 * whitespace outside quotes is dropped, quotes are removed, and '#'
 * outside quotes starts a comment. */
#include "config/bochsrc.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cpu/cpu.h"

#define MAX_PARAMS 64
#define MAX_INCLUDE_DEPTH 8

struct reader {
	struct machine_config *cfg;
	struct bochsrc_result *result;
	const char *file;
	unsigned line;
	int depth; /* of #include */
};

/* One line, split: the directive name and its values. */
struct directive {
	const char *name;
	char *param[MAX_PARAMS];
	int nparams;
	char *text; /* the storage the pointers point into */
};

struct strbuf {
	char *s;
	size_t len, cap;
};

static void strbuf_putc(struct strbuf *b, char c)
{
	if (b->len + 1 >= b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 128;
		char *s = realloc(b->s, cap);
		if (!s) {
			fputs("glasspc: out of memory\n", stderr);
			exit(EXIT_FAILURE);
		}
		b->s = s;
		b->cap = cap;
	}
	b->s[b->len++] = c;
	b->s[b->len] = 0;
}

static void strbuf_puts(struct strbuf *b, const char *s)
{
	while (*s)
		strbuf_putc(b, *s++);
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int fail(struct reader *r, const char *fmt, ...)
{
	char *error = r->result->error;
	size_t size = sizeof(r->result->error);
	int n = snprintf(error, size, "%s:%u: ", r->file, r->line);
	if (n >= 0 && (size_t)n < size) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(error + n, size - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* Notes something read but not emulated, once. */
static void note_ignored(struct reader *r, const char *what)
{
	char *list = r->result->ignored;
	size_t size = sizeof(r->result->ignored), len = strlen(list), wlen = strlen(what);
	for (const char *p = list; *p;) {
		size_t n = strcspn(p, ",");
		if (n == wlen && !strncmp(p, what, n))
			return;
		p += n;
		p += strspn(p, ", ");
	}
	if (len + wlen + 2 + 4 >= size) {
		if (len + 4 < size && !strstr(list, "..."))
			strcat(list, ", ...");
		return;
	}
	if (len)
		strcat(list, ", ");
	strcat(list, what);
}

/* ---- splitting a line ---- */

/* *pp is at a '$': appends the variable's value and leaves *pp on the
 * last character of the reference. */
static int expand_variable(struct reader *r, const char **pp, struct strbuf *out)
{
	const char *p = *pp + 1;
	char name[128];
	size_t n = 0;
	bool braced = *p == '{';
	if (braced) {
		p++;
		while ((isalnum((unsigned char)*p) || *p == '_') && n < sizeof(name) - 1)
			name[n++] = *p++;
		if (*p != '}' || n == 0)
			return fail(r, "bad variable reference '${%.*s' (write ${NAME})", (int)n, name);
	} else {
		/* As Bochs: a name is letters and underscores ($HOME2 is $HOME, then 2). */
		while ((isalpha((unsigned char)*p) || *p == '_') && n < sizeof(name) - 1)
			name[n++] = *p++;
		if (n == 0)
			return fail(r, "'$' is not followed by a variable name (write $NAME or ${NAME})");
		p--;
	}
	name[n] = 0;
	const char *value = getenv(name);
	if (!value && !strcmp(name, "BXSHARE"))
		value = BOCHSRC_BXSHARE_DEFAULT;
	if (!value)
		return fail(r, "environment variable '%s' is not set", name);
	strbuf_puts(out, value);
	*pp = p;
	return 0;
}

/* Returns 1 with a directive in d, 0 for a blank or comment line, -1 on
 * an error.  include: the line is "#include ..." with the name already
 * taken off, and the rest is its one value. */
static int split_line(struct reader *r, const char *line, bool include, struct directive *d)
{
	struct strbuf buf = {0};
	size_t offsets[MAX_PARAMS + 1];
	int ntokens = 0;
	size_t start = 0;
	bool in_quotes = false, named = include, has_text = false;

	memset(d, 0, sizeof(*d));
	if (include) {
		strbuf_puts(&buf, "#include");
		strbuf_putc(&buf, 0);
		offsets[ntokens++] = 0;
		start = buf.len;
	}
	for (const char *p = line; *p; p++) {
		char c = *p;
		bool end_token = false;
		if (c == '"') {
			in_quotes = !in_quotes;
			has_text = true;
		} else if (!in_quotes && c == '#') {
			break;
		} else if (c == '$') {
			if (expand_variable(r, &p, &buf) < 0)
				goto error;
			has_text = true;
		} else if (!in_quotes && isspace((unsigned char)c)) {
			/* dropped */
		} else if (!in_quotes && !named && c == ':') {
			named = true;
			end_token = true;
			has_text = true; /* an empty name is recorded, and refused below */
		} else if (!in_quotes && named && c == ',') {
			end_token = true;
		} else {
			strbuf_putc(&buf, c);
			has_text = true;
		}
		if (end_token) {
			if (has_text) {
				if (ntokens == MAX_PARAMS + 1) {
					fail(r, "more than %d values", MAX_PARAMS);
					goto error;
				}
				strbuf_putc(&buf, 0);
				offsets[ntokens++] = start;
			}
			start = buf.len;
			has_text = false;
		}
	}
	if (in_quotes) {
		fail(r, "unterminated quote");
		goto error;
	}
	if (has_text) {
		if (ntokens == MAX_PARAMS + 1) {
			fail(r, "more than %d values", MAX_PARAMS);
			goto error;
		}
		strbuf_putc(&buf, 0);
		offsets[ntokens++] = start;
	}
	if (ntokens == 0) {
		free(buf.s);
		return 0;
	}
	if (!named) {
		fail(r, "'%s' is not a directive (expected 'name: value')", buf.s);
		goto error;
	}
	if (!buf.s[0]) {
		fail(r, "no directive name before ':'");
		goto error;
	}
	if (ntokens < 2) {
		fail(r, "%s: needs a value", buf.s);
		goto error;
	}
	d->text = buf.s;
	d->name = buf.s;
	for (int i = 1; i < ntokens; i++)
		d->param[d->nparams++] = buf.s + offsets[i];
	return 1;
error:
	free(buf.s);
	return -1;
}

/* ---- values ---- */

/* "key=value": cuts param at the '=' and returns the value, or NULL. */
static char *split_param(char *param)
{
	char *eq = strchr(param, '=');
	if (!eq)
		return NULL;
	*eq = 0;
	return eq + 1;
}

static int unknown_param(struct reader *r, const struct directive *d, const char *key)
{
	return fail(r, "%s: unknown parameter '%s'", d->name, key);
}

static int need_key_value(struct reader *r, const struct directive *d, char *param, char **value)
{
	*value = split_param(param);
	if (!*value)
		return fail(r, "%s: '%s' is not a parameter=value pair", d->name, param);
	return 0;
}

static int parse_bool(struct reader *r, const struct directive *d, const char *key, const char *value, bool *out)
{
	if (!strcmp(value, "1") || !strcasecmp(value, "true"))
		*out = true;
	else if (!strcmp(value, "0") || !strcasecmp(value, "false"))
		*out = false;
	else
		return fail(r, "%s: %s='%s' is not 0 or 1", d->name, key, value);
	return 0;
}

static int parse_number(struct reader *r, const struct directive *d, const char *key, const char *value,
			uint64_t min, uint64_t max, uint64_t *out)
{
	if (!config_parse_u64(value, max, out) || *out < min)
		return fail(r, "%s: bad %s '%s' (%llu to %llu)", d->name, key, value, (unsigned long long)min,
			    (unsigned long long)max);
	return 0;
}

static int set_memory(struct reader *r, const struct directive *d, const char *key, const char *value)
{
	uint64_t mb;
	if (parse_number(r, d, key, value, 1, MEMORY_MB_MAX, &mb) < 0)
		return -1;
	r->cfg->memory_mb = (uint32_t)mb;
	return 0;
}

static char *make_origin(const struct reader *r, const char *what)
{
	size_t len = strlen(r->file) + strlen(what) + 24;
	char *origin = malloc(len);
	if (!origin) {
		fputs("glasspc: out of memory\n", stderr);
		exit(EXIT_FAILURE);
	}
	snprintf(origin, len, "%s:%u: %s", r->file, r->line, what);
	return origin;
}

static void set_origin(char **field, const struct reader *r, const char *what)
{
	free(*field);
	*field = make_origin(r, what);
}

/* ---- directives ---- */

static int do_megs(struct reader *r, struct directive *d)
{
	if (d->nparams != 1)
		return fail(r, "megs: takes one value, the size in MiB");
	return set_memory(r, d, "size", d->param[0]);
}

static int do_memory(struct reader *r, struct directive *d)
{
	for (int i = 0; i < d->nparams; i++) {
		char *value;
		uint64_t ignored;
		if (need_key_value(r, d, d->param[i], &value) < 0)
			return -1;
		const char *key = d->param[i];
		if (!strcmp(key, "guest")) {
			if (set_memory(r, d, key, value) < 0)
				return -1;
		} else if (!strcmp(key, "host") || !strcmp(key, "block_size")) {
			/* Bochs's host-side allocation; glasspc allocates what the guest has. */
			if (parse_number(r, d, key, value, 0, UINT32_MAX, &ignored) < 0)
				return -1;
		} else {
			return unknown_param(r, d, key);
		}
	}
	return 0;
}

static int do_romimage(struct reader *r, struct directive *d)
{
	struct firmware_config *fw = &r->cfg->firmware;
	const char *file = NULL;
	uint64_t address = 0;
	for (int i = 0; i < d->nparams; i++) {
		char *value = split_param(d->param[i]);
		const char *key = d->param[i];
		if (!value) {
			file = key; /* the old form, "romimage: PATH" */
		} else if (!strcmp(key, "file")) {
			file = value;
		} else if (!strcmp(key, "address")) {
			if (parse_number(r, d, key, value, 0, UINT32_MAX, &address) < 0)
				return -1;
		} else if (!strcmp(key, "options")) {
			/* fastboot and friends: Bochs BIOS options glasspc does not pass on */
		} else {
			return unknown_param(r, d, key);
		}
	}
	if (!file || !*file)
		return fail(r, "romimage: needs file=PATH");
	fw->bios = FIRMWARE_FILE;
	config_set_string(&fw->bios_path, file);
	fw->bios_address = (uint32_t)address;
	set_origin(&fw->bios_origin, r, "romimage");
	return 0;
}

static int do_vgaromimage(struct reader *r, struct directive *d)
{
	if (d->nparams != 1)
		return fail(r, "vgaromimage: takes one value, file=PATH");
	char *value = split_param(d->param[0]);
	const char *file = value ? value : d->param[0];
	if (value && strcmp(d->param[0], "file"))
		return unknown_param(r, d, d->param[0]);
	if (!*file)
		return fail(r, "vgaromimage: needs file=PATH");
	config_set_string(&r->cfg->firmware.vgabios_path, file);
	set_origin(&r->cfg->firmware.vgabios_origin, r, "vgaromimage");
	return 0;
}

static const struct {
	const char *key;
	enum floppy_format format;
} floppy_media_keys[] = {
	{"2_88", FLOPPY_2880K}, {"1_44", FLOPPY_1440K}, {"1_2", FLOPPY_1200K}, {"720k", FLOPPY_720K},
	{"360k", FLOPPY_360K},  {"320k", FLOPPY_320K},  {"180k", FLOPPY_180K}, {"160k", FLOPPY_160K},
	{"image", FLOPPY_AUTO},
};

static const struct {
	const char *name;
	enum floppy_drive_type type;
} floppy_drive_names[] = {
	{"2_88", FLOPPY_DRIVE_2880K}, {"1_44", FLOPPY_DRIVE_1440K}, {"1_2", FLOPPY_DRIVE_1200K},
	{"720k", FLOPPY_DRIVE_720K},  {"360k", FLOPPY_DRIVE_360K},
};

static int do_floppy(struct reader *r, struct directive *d, enum drive_slot slot)
{
	struct drive_config *drive = &r->cfg->drive[slot];
	bool no_drive = false, status_given = false;
	if (drive->kind != MEDIA_FLOPPY) {
		drive_config_clear(drive);
		drive->kind = MEDIA_FLOPPY;
	}
	for (int i = 0; i < d->nparams; i++) {
		char *value;
		if (need_key_value(r, d, d->param[i], &value) < 0)
			return -1;
		const char *key = d->param[i];
		bool known = false;
		for (size_t m = 0; m < sizeof(floppy_media_keys) / sizeof(floppy_media_keys[0]); m++)
			if (!strcmp(key, floppy_media_keys[m].key)) {
				known = true;
				/* An empty path is an empty drive, as in Bochs. */
				config_set_string(&drive->path, *value ? value : NULL);
				drive->floppy_format = floppy_media_keys[m].format;
				if (!status_given)
					drive->inserted = true;
			}
		if (known)
			continue;
		if (!strcmp(key, "type")) {
			size_t t, n = sizeof(floppy_drive_names) / sizeof(floppy_drive_names[0]);
			no_drive = !strcmp(value, "none");
			for (t = 0; t < n && strcmp(value, floppy_drive_names[t].name); t++)
				;
			if (t < n)
				drive->floppy_drive = floppy_drive_names[t].type;
			else if (!no_drive)
				return fail(r, "%s: unknown drive type '%s' (2_88, 1_44, 1_2, 720k, 360k, none)", d->name,
					    value);
		} else if (!strcmp(key, "status")) {
			if (strcmp(value, "inserted") && strcmp(value, "ejected"))
				return fail(r, "%s: status='%s' is not inserted or ejected", d->name, value);
			drive->inserted = !strcmp(value, "inserted");
			status_given = true;
		} else if (!strcmp(key, "write_protected")) {
			if (parse_bool(r, d, key, value, &drive->read_only) < 0)
				return -1;
		} else {
			return unknown_param(r, d, key);
		}
	}
	if (no_drive) {
		drive_config_clear(drive);
		return 0;
	}
	set_origin(&drive->origin, r, d->name);
	return 0;
}

/* "ata0" .. "ata3": the channel number, or -1. */
static int ata_channel_of(const char *name)
{
	if (strncmp(name, "ata", 3) || name[3] < '0' || name[3] > '3')
		return -1;
	return name[3] - '0';
}

static int do_ata_channel(struct reader *r, struct directive *d)
{
	int channel = ata_channel_of(d->name);
	struct ata_channel_config ata = channel < 2 ? r->cfg->ata[channel] : (struct ata_channel_config){0};
	for (int i = 0; i < d->nparams; i++) {
		char *value;
		uint64_t v;
		if (need_key_value(r, d, d->param[i], &value) < 0)
			return -1;
		const char *key = d->param[i];
		if (!strcmp(key, "enabled")) {
			if (parse_bool(r, d, key, value, &ata.enabled) < 0)
				return -1;
		} else if (!strcmp(key, "ioaddr1") || !strcmp(key, "ioaddr2")) {
			if (parse_number(r, d, key, value, 0, 0xFFFF, &v) < 0)
				return -1;
			*(key[6] == '1' ? &ata.ioaddr1 : &ata.ioaddr2) = (uint16_t)v;
		} else if (!strcmp(key, "irq")) {
			if (parse_number(r, d, key, value, 0, 15, &v) < 0)
				return -1;
			ata.irq = (uint8_t)v;
		} else {
			return unknown_param(r, d, key);
		}
	}
	if (channel >= 2) {
		/* Generated bochsrc files list all four channels, disabled. */
		if (ata.enabled)
			return fail(r, "%s: glasspc has two ATA channels, ata0 and ata1", d->name);
		return 0;
	}
	r->cfg->ata[channel] = ata;
	return 0;
}

static const char *const ata_translations[] = {"none", "lba", "large", "echs", "rechs", "auto", NULL};
static const char *const ata_biosdetects[] = {"none", "auto", "cmos", NULL};

static bool one_of(const char *value, const char *const *names)
{
	for (; *names; names++)
		if (!strcmp(value, *names))
			return true;
	return false;
}

static int do_ata_device(struct reader *r, struct directive *d)
{
	int channel = ata_channel_of(d->name);
	bool slave = !strcmp(d->name + 4, "-slave");
	int kind = -1; /* enum media_kind, -1: not given */
	const char *path = NULL, *mode = NULL;
	int inserted = -1;
	uint64_t chs[3] = {0, 0, 0};
	bool chs_given = false;
	static const char *const chs_keys[3] = {"cylinders", "heads", "spt"};
	static const uint64_t chs_max[3] = {262143, 16, 255};

	for (int i = 0; i < d->nparams; i++) {
		char *value;
		if (need_key_value(r, d, d->param[i], &value) < 0)
			return -1;
		const char *key = d->param[i];
		int c;
		for (c = 0; c < 3 && strcmp(key, chs_keys[c]); c++)
			;
		if (c < 3) {
			if (parse_number(r, d, key, value, 0, chs_max[c], &chs[c]) < 0)
				return -1;
			chs_given = true;
		} else if (!strcmp(key, "type")) {
			if (!strcmp(value, "disk"))
				kind = MEDIA_HARD_DISK;
			else if (!strcmp(value, "cdrom"))
				kind = MEDIA_CDROM;
			else if (!strcmp(value, "none"))
				kind = MEDIA_NONE;
			else
				return fail(r, "%s: unknown type '%s' (disk, cdrom, none)", d->name, value);
		} else if (!strcmp(key, "path")) {
			path = value;
		} else if (!strcmp(key, "mode")) {
			mode = value;
		} else if (!strcmp(key, "status")) {
			if (strcmp(value, "inserted") && strcmp(value, "ejected"))
				return fail(r, "%s: status='%s' is not inserted or ejected", d->name, value);
			inserted = !strcmp(value, "inserted");
		} else if (!strcmp(key, "translation")) {
			if (!one_of(value, ata_translations))
				return fail(r, "%s: unknown translation '%s'", d->name, value);
			/* the BIOS chooses its own translation */
		} else if (!strcmp(key, "biosdetect")) {
			if (!one_of(value, ata_biosdetects))
				return fail(r, "%s: unknown biosdetect '%s'", d->name, value);
		} else if (!strcmp(key, "sect_size")) {
			if (strcmp(value, "512"))
				return fail(r, "%s: sect_size=%s: glasspc disks have 512-byte sectors", d->name, value);
		} else if (!strcmp(key, "model") || !strcmp(key, "journal")) {
			/* the IDENTIFY model string; the redolog of undoable modes */
		} else {
			return unknown_param(r, d, key);
		}
	}

	if (channel >= 2) {
		if (kind == MEDIA_HARD_DISK || kind == MEDIA_CDROM)
			return fail(r, "%s: glasspc has two ATA channels, ata0 and ata1", d->name);
		return 0;
	}
	struct drive_config *drive = &r->cfg->drive[SLOT_ATA0_MASTER + 2 * channel + slave];
	if (kind == MEDIA_NONE) {
		drive_config_clear(drive);
		return 0;
	}
	/* Like Bochs, a later line for the same position changes what it names. */
	if (kind >= 0 && drive->kind != (enum media_kind)kind) {
		drive_config_clear(drive);
		drive->kind = (enum media_kind)kind;
		drive->inserted = true;
	}
	if (drive->kind == MEDIA_NONE)
		return fail(r, "%s: needs type=disk or type=cdrom", d->name);
	if (path)
		config_set_string(&drive->path, *path ? path : NULL);
	if (inserted >= 0)
		drive->inserted = inserted;
	if (mode) {
		if (!strcmp(mode, "flat"))
			drive->discard_writes = false;
		else if (!strcmp(mode, "volatile"))
			drive->discard_writes = true;
		else
			return fail(r, "%s: mode=%s: glasspc reads flat images (mode=flat, or volatile to keep writes in memory)",
				    d->name, mode);
	}
	if (chs_given) {
		bool all = chs[0] && chs[1] && chs[2], none = !chs[0] && !chs[1] && !chs[2];
		if (!all && !none)
			return fail(r, "%s: give cylinders, heads and spt together (or all 0 for the image size)",
				    d->name);
		drive->cylinders = (uint32_t)chs[0];
		drive->heads = (uint32_t)chs[1];
		drive->sectors = (uint32_t)chs[2];
	}
	drive->read_only = drive->kind == MEDIA_CDROM;
	/* Bochs drops a hard disk with no image. */
	if (drive->kind == MEDIA_HARD_DISK && !drive->path) {
		drive_config_clear(drive);
		return 0;
	}
	set_origin(&drive->origin, r, d->name);
	return 0;
}

static int do_boot(struct reader *r, struct directive *d)
{
	enum boot_device order[BOOT_ORDER_MAX] = {BOOT_NONE, BOOT_NONE, BOOT_NONE};
	int n = 0;
	for (int i = 0; i < d->nparams; i++) {
		const char *name = d->param[i];
		enum boot_device dev;
		if (!strcmp(name, "none")) {
			if (i == 0)
				return fail(r, "boot: the first boot device must be floppy, disk or cdrom");
			continue;
		}
		if (!strcmp(name, "network"))
			return fail(r, "boot: network boot is not emulated (floppy, disk, cdrom)");
		if (boot_device_from_name(name, &dev) < 0)
			return fail(r, "boot: unknown boot device '%s' (floppy, disk, cdrom, or a, c, d)", name);
		for (int k = 0; k < n; k++)
			if (order[k] == dev)
				return fail(r, "boot: %s appears twice", boot_device_name(dev));
		if (n == BOOT_ORDER_MAX)
			return fail(r, "boot: more than %d boot devices", BOOT_ORDER_MAX);
		order[n++] = dev;
	}
	memcpy(r->cfg->boot, order, sizeof(order));
	return 0;
}

/* Bochs's CPU models that glasspc has an equivalent of. */
static int cpu_model_from_bochs_name(struct reader *r, const char *name)
{
	static const struct {
		const char *bochs;
		int model;
	} models[] = {
		{"pentium", CPU_PENTIUM},
		{"pentium_mmx", CPU_PENTIUM}, /* MMX is not emulated */
		{"p2_klamath", CPU_P6},
		{"p3_katmai", CPU_P6}, /* SSE is not emulated */
	};
	for (size_t i = 0; i < sizeof(models) / sizeof(models[0]); i++)
		if (!strcmp(name, models[i].bochs)) {
			if (strcmp(name, "pentium") && strcmp(name, "p2_klamath")) {
				char note[64];
				snprintf(note, sizeof(note), "cpu model=%s (as %s)", name,
					 cpu_model_name((enum cpu_model)models[i].model));
				note_ignored(r, note);
			}
			return models[i].model;
		}
	return cpu_model_from_name(name);
}

static int do_cpu(struct reader *r, struct directive *d)
{
	static const char *const ignored_keys[] = {"quantum", "cpuid_limit_winnt", "ignore_bad_msrs", "mwait_is_nop",
						   "msrs", "add_features", "exclude_features", NULL};
	for (int i = 0; i < d->nparams; i++) {
		char *value;
		if (need_key_value(r, d, d->param[i], &value) < 0)
			return -1;
		const char *key = d->param[i];
		if (!strcmp(key, "model")) {
			/* bx_generic is Bochs's default, configured by cpuid:; keep ours. */
			if (strcmp(value, "bx_generic")) {
				int model = cpu_model_from_bochs_name(r, value);
				if (model < 0)
					return fail(r, "cpu: model '%s' is not emulated (8086, 186, 286, 386, 486, pentium, p6; "
						       "Bochs's pentium, pentium_mmx, p2_klamath, p3_katmai, bx_generic)",
						    value);
				r->cfg->cpu_model = model;
				r->cfg->cpu_given = true;
			}
		} else if (!strcmp(key, "count")) {
			if (strcmp(value, "1") && strcmp(value, "1:1:1"))
				return fail(r, "cpu: count=%s: glasspc emulates one processor", value);
		} else if (!strcmp(key, "ips")) {
			uint64_t ips;
			if (!config_parse_count(value, &ips) || ips == 0)
				return fail(r, "cpu: bad ips '%s'", value);
			r->cfg->ips = ips;
		} else if (!strcmp(key, "reset_on_triple_fault")) {
			if (parse_bool(r, d, key, value, &r->cfg->reset_on_triple_fault) < 0)
				return -1;
		} else if (!one_of(key, ignored_keys)) {
			return unknown_param(r, d, key);
		}
	}
	return 0;
}

/* The old top-level "ips: N". */
static int do_ips(struct reader *r, struct directive *d)
{
	uint64_t ips;
	if (d->nparams != 1 || !config_parse_count(d->param[0], &ips) || ips == 0)
		return fail(r, "ips: bad value '%s'", d->param[0]);
	r->cfg->ips = ips;
	return 0;
}

/* time0: local, utc, seconds since 1970, or a ctime() date as Bochs
 * reads it ("Mon Jan  1 00:00:00 2001", quoted), in local time. */
static int set_time0(struct reader *r, const struct directive *d, const char *value)
{
	struct clock_config *clock = &r->cfg->clock;
	uint64_t seconds;
	if (!strcmp(value, "local")) {
		clock->start = CLOCK_START_LOCAL;
	} else if (!strcmp(value, "utc")) {
		clock->start = CLOCK_START_UTC;
	} else if (config_parse_u64(value, INT64_MAX, &seconds)) {
		clock->start = CLOCK_START_FIXED;
		clock->time0 = (int64_t)seconds;
	} else {
		static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
		char wday[4], mon[4];
		int year;
		struct tm tm = {0};
		const char *m;
		if (sscanf(value, "%3s %3s %d %d:%d:%d %d", wday, mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
			   &tm.tm_sec, &year) != 7 ||
		    strlen(mon) != 3 || !(m = strstr(months, mon)) || (m - months) % 3 || year < 1980 ||
		    tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
			return fail(r, "%s: bad time0 '%s' (local, utc, seconds since 1970, or \"Mon Jan  1 00:00:00 2001\")",
				    d->name, value);
		tm.tm_mon = (int)(m - months) / 3;
		tm.tm_year = year - 1900;
		tm.tm_isdst = -1;
		clock->start = CLOCK_START_FIXED;
		clock->time0 = (int64_t)mktime(&tm);
	}
	return 0;
}

static int do_clock(struct reader *r, struct directive *d)
{
	static const char *const syncs[] = {"none", "realtime", "slowdown", "both", NULL};
	for (int i = 0; i < d->nparams; i++) {
		char *value;
		if (need_key_value(r, d, d->param[i], &value) < 0)
			return -1;
		const char *key = d->param[i];
		if (!strcmp(key, "sync")) {
			int s;
			for (s = 0; syncs[s] && strcmp(value, syncs[s]); s++)
				;
			if (!syncs[s])
				return fail(r, "clock: unknown sync '%s' (none, realtime, slowdown, both)", value);
			r->cfg->clock.sync = (enum clock_sync)s;
		} else if (!strcmp(key, "time0")) {
			if (set_time0(r, d, value) < 0)
				return -1;
		} else if (!strcmp(key, "rtc_sync")) {
			bool ignored;
			if (parse_bool(r, d, key, value, &ignored) < 0)
				return -1;
		} else {
			return unknown_param(r, d, key);
		}
	}
	return 0;
}

/* The old "time0: N" and "pit: realtime=1". */
static int do_time0(struct reader *r, struct directive *d)
{
	if (d->nparams != 1)
		return fail(r, "time0: takes one value");
	return set_time0(r, d, d->param[0]);
}

static int do_pit(struct reader *r, struct directive *d)
{
	for (int i = 0; i < d->nparams; i++) {
		char *value;
		bool realtime;
		if (need_key_value(r, d, d->param[i], &value) < 0)
			return -1;
		if (strcmp(d->param[i], "realtime"))
			return unknown_param(r, d, d->param[i]);
		if (parse_bool(r, d, d->param[i], value, &realtime) < 0)
			return -1;
		r->cfg->clock.sync = realtime ? CLOCK_SYNC_REALTIME : CLOCK_SYNC_NONE;
	}
	return 0;
}

static int do_com(struct reader *r, struct directive *d)
{
	struct serial_config *port = &r->cfg->serial[d->name[3] - '1'];
	const char *mode = NULL, *dev = NULL;
	static const char *const modes[] = {"null", "file", "term", "socket-server", "socket-client", "pipe-server",
					    "pipe-client", "raw", "mouse", "pipe", "socket", NULL};
	for (int i = 0; i < d->nparams; i++) {
		char *value;
		if (need_key_value(r, d, d->param[i], &value) < 0)
			return -1;
		const char *key = d->param[i];
		if (!strcmp(key, "enabled")) {
			if (parse_bool(r, d, key, value, &port->enabled) < 0)
				return -1;
		} else if (!strcmp(key, "mode")) {
			if (!one_of(value, modes))
				return fail(r, "%s: unknown mode '%s'", d->name, value);
			mode = value;
		} else if (!strcmp(key, "dev")) {
			dev = value;
		} else {
			return unknown_param(r, d, key);
		}
	}
	/* Old files name a terminal with dev= alone. */
	if (!mode && dev && *dev)
		mode = "term";
	if (!mode || !port->enabled)
		return 0;
	char err[256];
	if (!dev)
		dev = "";
	if (!strcmp(mode, "null")) {
		endpoint_parse("none", &port->to, err, sizeof(err));
	} else if (!strcmp(mode, "file")) {
		if (!*dev)
			return fail(r, "%s: mode=file needs dev=PATH", d->name);
		endpoint_free(&port->to);
		port->to.kind = ENDPOINT_FILE;
		config_set_string(&port->to.path, dev);
	} else if (!strcmp(mode, "term")) {
		if (*dev && strcmp(dev, "/dev/tty") && strcmp(dev, "-"))
			return fail(r, "%s: mode=term dev=%s: glasspc connects a serial port to its own terminal "
				       "(dev=/dev/tty), not to another device",
				    d->name, dev);
		endpoint_parse("stdio", &port->to, err, sizeof(err));
	} else if (!strcmp(mode, "socket-server")) {
		size_t len = strlen(dev) + 8;
		char *text = malloc(len);
		if (!text)
			return fail(r, "out of memory");
		snprintf(text, len, "tcp:%s", dev);
		int ok = endpoint_parse(text, &port->to, err, sizeof(err));
		free(text);
		if (ok < 0)
			return fail(r, "%s: dev='%s': %s (dev=localhost:PORT)", d->name, dev, err);
	} else {
		return fail(r, "%s: mode=%s is not supported (null, file, term, socket-server)", d->name, mode);
	}
	return 0;
}

static int parse_enabled(struct reader *r, struct directive *d, bool *out)
{
	char *value;
	if (d->nparams != 1)
		return fail(r, "%s: takes one value, enabled=0|1", d->name);
	if (need_key_value(r, d, d->param[0], &value) < 0)
		return -1;
	if (strcmp(d->param[0], "enabled"))
		return unknown_param(r, d, d->param[0]);
	return parse_bool(r, d, "enabled", value, out);
}

/* parport1: enabled=1, file="PATH": LPT1's printer writes to a file.
 * glasspc has one parallel port, so parport2 stays among the ignored. */
static int do_parport(struct reader *r, struct directive *d)
{
	bool enabled = true;
	const char *file = NULL;
	for (int i = 0; i < d->nparams; i++) {
		char *value;
		if (need_key_value(r, d, d->param[i], &value) < 0)
			return -1;
		const char *key = d->param[i];
		if (!strcmp(key, "enabled")) {
			if (parse_bool(r, d, key, value, &enabled) < 0)
				return -1;
		} else if (!strcmp(key, "file")) {
			file = value;
		} else {
			return unknown_param(r, d, key);
		}
	}
	endpoint_free(&r->cfg->parallel);
	r->cfg->parallel.kind = ENDPOINT_NONE;
	if (enabled && file && *file) {
		r->cfg->parallel.kind = ENDPOINT_FILE;
		config_set_string(&r->cfg->parallel.path, file);
	}
	return 0;
}

static int do_port_e9_hack(struct reader *r, struct directive *d)
{
	bool enabled;
	char err[64];
	if (parse_enabled(r, d, &enabled) < 0)
		return -1;
	/* Bochs prints what port 0xE9 receives on its console. */
	endpoint_parse(enabled ? "stdio" : "none", &r->cfg->debugcon, err, sizeof(err));
	return 0;
}

static int do_magic_break(struct reader *r, struct directive *d)
{
	return parse_enabled(r, d, &r->cfg->magic_break);
}

static int do_display_library(struct reader *r, struct directive *d)
{
	static const char *const windows[] = {"sdl", "sdl2", "x", "wx", "win32", "carbon", "macintosh", "amigaos",
					      "beos", NULL};
	static const char *const no_window[] = {"term", "rfb", "vncsrv", "svga", NULL};
	const char *lib = d->param[0];
	if (!strncmp(lib, "options=", 8))
		return 0; /* options for the default library */
	if (d->nparams > 2 || (d->nparams == 2 && strncmp(d->param[1], "options=", 8)))
		return fail(r, "display_library: takes a library and options=\"...\"");
	if (!strcmp(lib, "nogui")) {
		r->cfg->display = DISPLAY_NONE;
	} else if (one_of(lib, windows)) {
		r->cfg->display = DISPLAY_SDL; /* glasspc's one window is SDL's */
	} else if (one_of(lib, no_window)) {
		char note[48];
		snprintf(note, sizeof(note), "display_library %s", lib);
		note_ignored(r, note);
		r->cfg->display = DISPLAY_NONE;
	} else {
		return fail(r, "display_library: unknown library '%s'", lib);
	}
	return 0;
}

static int do_log(struct reader *r, struct directive *d)
{
	if (d->nparams != 1)
		return fail(r, "log: takes one value, a file name");
	/* "-" is Bochs's standard error. */
	config_set_string(&r->cfg->log_path, strcmp(d->param[0], "-") ? d->param[0] : NULL);
	return 0;
}

static int do_log_action(struct reader *r, struct directive *d)
{
	enum log_level level = !strcmp(d->name, "panic")   ? LOG_PANIC
			       : !strcmp(d->name, "error") ? LOG_ERROR
			       : !strcmp(d->name, "info")  ? LOG_INFO
							   : LOG_DEBUG;
	for (int i = 0; i < d->nparams; i++) {
		char *value;
		if (need_key_value(r, d, d->param[i], &value) < 0)
			return -1;
		int action = log_action_from_name(value);
		if (action < 0)
			return fail(r, "%s: unknown action '%s' (ignore, report, warn, ask, fatal)", d->name, value);
		/* Other keys name Bochs's log modules (cpu0=report); glasspc has
		 * no such modules, so only the default action counts. */
		if (!strcmp(d->param[i], "action"))
			r->cfg->log_action[level] = (enum log_action)action;
	}
	return 0;
}

/* Bochs directives that mean nothing to glasspc's machine. */
static const char *const ignored_directives[] = {
	"config_interface", "plugin_ctrl", "cpuid", "vga", "voodoo", "keyboard", "keyboard_mapping",
	"keyboardmapping", "keyboard_type", "keyboard_serial_delay", "keyboard_paste_delay", "user_shortcut",
	"mouse", "private_colormap", "fullscreen", "screenmode", "pci", "i440fxsupport", "cmosimage", "sound",
	"speaker", "sb16", "es1370", "gameport", "gdbstub", "debug_symbols", "print_timestamps", "debugger_log",
	"logprefix", "floppy_bootsig_check", "floppy_command_delay", "parport2", "ne2k", "pcipnic",
	"pnic", "e1000", "usb_uhci", "usb_ohci", "usb_ehci", "usb_xhci", "usb_debug", "busmouse", "iodebug",
	"vga_update_interval", "text_snapshot_check", "newharddrivesupport", "pass", "optromimage1",
	"optromimage2", "optromimage3", "optromimage4", "optramimage1", "optramimage2", "optramimage3",
	"optramimage4", NULL,
};

static const struct {
	const char *name;
	int (*apply)(struct reader *r, struct directive *d);
} directives[] = {
	{"megs", do_megs},
	{"memory", do_memory},
	{"romimage", do_romimage},
	{"vgaromimage", do_vgaromimage},
	{"ata0", do_ata_channel},
	{"ata1", do_ata_channel},
	{"ata2", do_ata_channel},
	{"ata3", do_ata_channel},
	{"boot", do_boot},
	{"cpu", do_cpu},
	{"ips", do_ips},
	{"clock", do_clock},
	{"time0", do_time0},
	{"pit", do_pit},
	{"com1", do_com},
	{"com2", do_com},
	{"com3", do_com},
	{"com4", do_com},
	{"parport1", do_parport},
	{"port_e9_hack", do_port_e9_hack},
	{"magic_break", do_magic_break},
	{"display_library", do_display_library},
	{"log", do_log},
	{"panic", do_log_action},
	{"error", do_log_action},
	{"info", do_log_action},
	{"debug", do_log_action},
};

static bool is_ata_device(const char *name)
{
	return ata_channel_of(name) >= 0 && (!strcmp(name + 4, "-master") || !strcmp(name + 4, "-slave"));
}

static int read_file(struct reader *r, const char *path);

static int apply_directive(struct reader *r, struct directive *d)
{
	if (!strcmp(d->name, "#include")) {
		if (d->nparams != 1)
			return fail(r, "#include takes one file name");
		if (r->depth >= MAX_INCLUDE_DEPTH)
			return fail(r, "#include nested more than %d deep (does a file include itself?)",
				    MAX_INCLUDE_DEPTH);
		return read_file(r, d->param[0]);
	}
	if (!strcmp(d->name, "floppya") || !strcmp(d->name, "floppyb"))
		return do_floppy(r, d, d->name[6] == 'a' ? SLOT_FDA : SLOT_FDB);
	if (is_ata_device(d->name))
		return do_ata_device(r, d);
	for (size_t i = 0; i < sizeof(directives) / sizeof(directives[0]); i++)
		if (!strcmp(d->name, directives[i].name))
			return directives[i].apply(r, d);
	if (one_of(d->name, ignored_directives)) {
		note_ignored(r, d->name);
		return 0;
	}
	if (!strcmp(d->name, "load32bitOSImage"))
		return fail(r, "load32bitOSImage: this legacy Bochs feature is not supported");
	return fail(r, "unknown directive '%s'", d->name);
}

/* "#include FILE" (leading blanks allowed): returns the rest, or NULL. */
static const char *include_argument(const char *line)
{
	line += strspn(line, " \t");
	if (strncmp(line, "#include", 8) || (line[8] && !isspace((unsigned char)line[8])))
		return NULL;
	return line + 8;
}

static int read_file(struct reader *r, const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		if (r->depth == 0)
			snprintf(r->result->error, sizeof(r->result->error), "cannot read configuration file '%s': %s",
				 path, strerror(errno));
		else
			fail(r, "#include '%s': %s", path, strerror(errno));
		return -1;
	}
	struct reader inner = {r->cfg, r->result, path, 0, r->depth + 1};
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int status = 0;
	while (status == 0 && (len = getline(&line, &cap, f)) >= 0) {
		inner.line++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = 0;
		const char *include = include_argument(line);
		struct directive d;
		int got = split_line(&inner, include ? include : line, include != NULL, &d);
		if (got < 0)
			status = -1;
		else if (got > 0)
			status = apply_directive(&inner, &d);
		free(d.text);
	}
	if (status == 0 && ferror(f)) {
		fail(&inner, "read error: %s", strerror(errno));
		status = -1;
	}
	free(line);
	fclose(f);
	return status;
}

int bochsrc_read(struct machine_config *cfg, const char *path, struct bochsrc_result *result)
{
	memset(result, 0, sizeof(*result));
	struct reader r = {cfg, result, path, 0, 0};
	return read_file(&r, path);
}
