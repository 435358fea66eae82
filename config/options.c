/* Command-line parsing; see options.h and docs/usage.md.  The scanner is
 * our own rather than getopt's: it is reentrant (the tests parse many
 * command lines in one process) and every message names the option as
 * the user typed it. */
#include "config/options.h"

#include <stdlib.h>
#include <string.h>

#include "config/bochsrc.h"
#include "config/debug_options.h"
#include "config/image.h"
#include "cpu/cpu.h"

enum option_id {
	OPT_CONFIG,
	OPT_FDA,
	OPT_FDB,
	OPT_HDA,
	OPT_HDB,
	OPT_HDC,
	OPT_HDD,
	OPT_CDROM,
	OPT_BOOT,
	OPT_MEMORY,
	OPT_CPU,
	OPT_FPU,
	OPT_IPS,
	OPT_REALTIME,
	OPT_BIOS,
	OPT_VGABIOS,
	OPT_DISPLAY,
	OPT_SERIAL,
	OPT_DEBUGCON,
	OPT_MAX_INSNS,
	OPT_SNAPSHOT,
	OPT_SCREENSHOT,
	OPT_PARALLEL,
	OPT_SCREEN_TEXT,
	OPT_MACHINE,
	OPT_ROM,
	OPT_POST_PORT,
	OPT_QUIET,
	OPT_BENCH_REPORT,
	OPT_PRINT_CONFIG,
	OPT_HELP,
	OPT_VERSION,
};

static const struct option_spec {
	const char *name;
	char short_name; /* 0: none */
	bool takes_value;
	enum option_id id;
} option_specs[] = {
	{"config", 'f', true, OPT_CONFIG},
	{"fda", 0, true, OPT_FDA},
	{"fdb", 0, true, OPT_FDB},
	{"hda", 0, true, OPT_HDA},
	{"hdb", 0, true, OPT_HDB},
	{"hdc", 0, true, OPT_HDC},
	{"hdd", 0, true, OPT_HDD},
	{"cdrom", 0, true, OPT_CDROM},
	{"boot", 0, true, OPT_BOOT},
	{"memory", 'm', true, OPT_MEMORY},
	{"cpu", 0, true, OPT_CPU},
	{"fpu", 0, true, OPT_FPU},
	{"ips", 0, true, OPT_IPS},
	{"realtime", 0, false, OPT_REALTIME},
	{"bios", 0, true, OPT_BIOS},
	{"vgabios", 0, true, OPT_VGABIOS},
	{"display", 0, true, OPT_DISPLAY},
	{"serial", 0, true, OPT_SERIAL},
	{"debugcon", 0, true, OPT_DEBUGCON},
	{"max-insns", 0, true, OPT_MAX_INSNS},
	{"snapshot", 0, false, OPT_SNAPSHOT},
	{"screenshot", 0, true, OPT_SCREENSHOT},
	{"parallel", 0, true, OPT_PARALLEL},
	{"screen-text", 0, true, OPT_SCREEN_TEXT},
	{"machine", 0, true, OPT_MACHINE},
	{"rom", 0, true, OPT_ROM},
	{"post-port", 0, true, OPT_POST_PORT},
	{"quiet", 'q', false, OPT_QUIET},
	{"bench-report", 0, false, OPT_BENCH_REPORT},
	{"print-config", 0, false, OPT_PRINT_CONFIG},
	{"help", 'h', false, OPT_HELP},
	{"version", 0, false, OPT_VERSION},
};
#define NOPTION_SPECS (sizeof(option_specs) / sizeof(option_specs[0]))

static void usage(FILE *out)
{
	fputs("usage: glasspc [OPTIONS] [IMAGE]\n"
	      "IMAGE boots as a CD if it is an ISO image, as floppy A: if it has a floppy's\n"
	      "size, else as the first hard disk.\n"
	      "  -f, --config FILE     read a bochsrc file first (options override it)\n"
	      "  --fda FILE, --fdb FILE  floppy images for drives A: and B:\n"
	      "  --hda FILE .. --hdd FILE  hard disk images (ata0 master/slave, ata1 master/slave)\n"
	      "  --cdrom FILE          a CD image (ISO 9660)\n"
	      "  --boot LIST           boot order: a, c, d or floppy,disk,cdrom (up to three)\n"
	      "  -m, --memory MB       RAM size in MiB (1 to 3072, default 16)\n"
	      "  --cpu MODEL           8086, 186, 286, 386, 486, pentium, p6 (default p6; 386 on the bare machine)\n"
	      "  --fpu 387|none        a 387 in the 386's socket (default none; built into the 486 on)\n"
	      "  --ips N               guest instructions per virtual second (K, M, G allowed)\n"
	      "  --realtime            timers follow the host clock (not reproducible)\n"
	      "  --bios FILE|seabios|bochs  the system BIOS (default seabios)\n"
	      "  --vgabios FILE        the VGA BIOS\n"
	      "  --display sdl|none    a window, or none (default: a window when possible)\n"
	      "  --serial DEST         COM1, then COM2..COM4 when repeated: stdio, file:PATH,\n"
	      "                        tcp:127.0.0.1:PORT, none\n"
	      "  --debugcon DEST       ports 0xE9/0x402, same forms (default stdio)\n"
	      "  --snapshot            writes to disk images stay in memory\n"
	      "  --parallel DEST       LPT1's printer: file:PATH or none (default)\n"
	      "  --screenshot FILE.png the screen as a PNG when glasspc stops\n"
	      "  --screen-text FILE    the text screen as UTF-8 when glasspc stops\n"
	      "  --max-insns N         stop after N guest instructions\n"
	      "  --machine pc|bare     the board (bare: a test-ROM machine, see --rom)\n"
	      "  --rom FILE            ROM image for the bare machine, mapped to end at\n"
	      "                        0xFFFFF and 0xFFFFFFFF\n"
	      "  --post-port PORT      POST code port to log (default 0x80 and 0x190)\n"
	      "  -q, --quiet           no report on standard error at exit\n"
	      "  --bench-report        time the guest's benchmark marks (port 0xF5) and report\n"
	      "  --print-config        print the machine description and exit\n"
	      "  -h, --help            this text\n"
	      "  --version             the version\n"
	      "With no IMAGE, drive or --rom, glasspc boots its demo disk on the PC.\n",
	      out);
	debug_options_usage(out);
}

/* One option as found on the command line. */
struct option_item {
	const struct option_spec *spec;
	const char *typed; /* the name as typed, for messages */
	const char *value;
	char typed_buf[24];
};

struct scan {
	struct option_item *items;
	int nitems;
	const char **positional;
	int npositional;
};

static const struct option_spec *find_long(const char *name, size_t len, FILE *msgs, const char *arg)
{
	const struct option_spec *match = NULL;
	int matches = 0;
	for (size_t i = 0; i < NOPTION_SPECS; i++) {
		const char *n = option_specs[i].name;
		if (strlen(n) == len && !strncmp(n, name, len))
			return &option_specs[i];
		if (!strncmp(n, name, len)) {
			match = &option_specs[i];
			matches++;
		}
	}
	/* Unambiguous abbreviations, as getopt_long allowed. */
	if (matches == 1)
		return match;
	fprintf(msgs, matches ? "glasspc: option '%s' is ambiguous (try --help)\n"
			      : "glasspc: unknown option '%s' (try --help)\n",
		arg);
	return NULL;
}

static const struct option_spec *find_short(char c)
{
	for (size_t i = 0; i < NOPTION_SPECS; i++)
		if (option_specs[i].short_name == c)
			return &option_specs[i];
	return NULL;
}

/* Returns 0, 1 (help or version printed) or -1. */
static int scan_argv(struct scan *sc, int argc, char **argv, FILE *out, FILE *msgs)
{
	bool options_end = false;
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (options_end || arg[0] != '-' || !arg[1]) {
			sc->positional[sc->npositional++] = arg;
			continue;
		}
		if (!strcmp(arg, "--")) {
			options_end = true;
			continue;
		}
		const char *p = arg + 1;
		bool is_long = arg[1] == '-';
		do {
			struct option_item *it = &sc->items[sc->nitems];
			const char *inline_value = NULL;
			if (is_long) {
				const char *name = arg + 2, *eq = strchr(name, '=');
				size_t len = eq ? (size_t)(eq - name) : strlen(name);
				it->spec = find_long(name, len, msgs, arg);
				if (!it->spec)
					return -1;
				snprintf(it->typed_buf, sizeof(it->typed_buf), "--%s", it->spec->name);
				if (eq)
					inline_value = eq + 1;
				p = "";
			} else {
				it->spec = find_short(*p);
				if (!it->spec) {
					fprintf(msgs, "glasspc: unknown option '-%c' (try --help)\n", *p);
					return -1;
				}
				snprintf(it->typed_buf, sizeof(it->typed_buf), "-%c", *p);
				p++;
				if (it->spec->takes_value && *p) {
					inline_value = p; /* -m16 */
					p = "";
				}
			}
			it->typed = it->typed_buf;
			if (it->spec->takes_value) {
				if (inline_value)
					it->value = inline_value;
				else if (i + 1 < argc)
					it->value = argv[++i];
				else {
					fprintf(msgs, "glasspc: option '%s' needs a value\n", it->typed);
					return -1;
				}
			} else if (inline_value) {
				fprintf(msgs, "glasspc: option '%s' takes no value\n", it->typed);
				return -1;
			}
			if (it->spec->id == OPT_HELP) {
				usage(out);
				return 1;
			}
			if (it->spec->id == OPT_VERSION) {
				fputs("glasspc " PACKAGE_VERSION "\n", out);
				return 1;
			}
			sc->nitems++;
		} while (*p);
	}
	return 0;
}

/* What applying the options has learnt so far. */
struct apply_state {
	struct options *opts;
	FILE *msgs;
	bool slot_given[SLOT_COUNT];
	const char *cdrom, *cdrom_origin;
	const struct option_item *debugcon; /* the last --debugcon */
	const struct option_item *fpu;      /* the last --fpu */
	int nserial;
	bool post_given, boot_given;
};

static int bad_value(struct apply_state *st, const struct option_item *it, const char *reason)
{
	fprintf(st->msgs, "glasspc: %s '%s': %s\n", it->typed, it->value, reason);
	return -1;
}

static int apply_option(struct apply_state *st, const struct option_item *it)
{
	struct options *opts = st->opts;
	struct machine_config *pc = &opts->pc;
	char err[CONFIG_ERROR_LEN];
	uint64_t v;
	switch (it->spec->id) {
	case OPT_CONFIG:
		break; /* read before the others */
	case OPT_FDA:
	case OPT_FDB:
	case OPT_HDA:
	case OPT_HDB:
	case OPT_HDC:
	case OPT_HDD: {
		enum drive_slot slot = (enum drive_slot)(SLOT_FDA + (it->spec->id - OPT_FDA));
		if (!*it->value)
			return bad_value(st, it, "an empty file name");
		drive_config_set_image(&pc->drive[slot], slot <= SLOT_FDB ? MEDIA_FLOPPY : MEDIA_HARD_DISK,
				       it->value, it->typed);
		st->slot_given[slot] = true;
		break;
	}
	case OPT_CDROM:
		if (!*it->value)
			return bad_value(st, it, "an empty file name");
		st->cdrom = it->value;
		st->cdrom_origin = "--cdrom";
		break;
	case OPT_BOOT:
		if (boot_order_parse(it->value, pc->boot, err, sizeof(err)) < 0)
			return bad_value(st, it, err);
		st->boot_given = true;
		break;
	case OPT_MEMORY:
		if (!config_parse_u64(it->value, MEMORY_MB_MAX, &v) || v < 1)
			return bad_value(st, it, "not a memory size from 1 to 3072 MiB");
		pc->memory_mb = (uint32_t)v;
		break;
	case OPT_CPU: {
		int model = cpu_model_from_name(it->value);
		if (model < 0)
			return bad_value(st, it, "unknown CPU model (8086, 186, 286, 386, 486, pentium, p6)");
		pc->cpu_model = model;
		pc->cpu_given = true;
		break;
	}
	case OPT_FPU:
		if (!strcmp(it->value, "387"))
			pc->fpu387 = true;
		else if (!strcmp(it->value, "none"))
			pc->fpu387 = false;
		else
			return bad_value(st, it, "not 387 or none");
		st->fpu = it;
		break;
	case OPT_IPS:
		if (!config_parse_count(it->value, &v) || v == 0)
			return bad_value(st, it, "not an instruction rate (a number, K, M or G allowed)");
		pc->ips = v;
		break;
	case OPT_REALTIME:
		pc->clock.sync = CLOCK_SYNC_REALTIME;
		break;
	case OPT_BIOS:
		if (!*it->value)
			return bad_value(st, it, "an empty file name");
		config_set_string(&pc->firmware.bios_path, NULL);
		if (!strcmp(it->value, "seabios")) {
			pc->firmware.bios = FIRMWARE_SEABIOS;
		} else if (!strcmp(it->value, "bochs")) {
			pc->firmware.bios = FIRMWARE_BOCHS;
		} else {
			pc->firmware.bios = FIRMWARE_FILE;
			config_set_string(&pc->firmware.bios_path, it->value);
		}
		pc->firmware.bios_address = 0;
		config_set_string(&pc->firmware.bios_origin, it->typed);
		break;
	case OPT_VGABIOS:
		if (!*it->value)
			return bad_value(st, it, "an empty file name");
		config_set_string(&pc->firmware.vgabios_path, it->value);
		config_set_string(&pc->firmware.vgabios_origin, it->typed);
		break;
	case OPT_DISPLAY:
		if (!strcmp(it->value, "sdl"))
			pc->display = DISPLAY_SDL;
		else if (!strcmp(it->value, "none"))
			pc->display = DISPLAY_NONE;
		else if (!strcmp(it->value, "auto"))
			pc->display = DISPLAY_AUTO;
		else
			return bad_value(st, it, "unknown display (sdl, none)");
		break;
	case OPT_SERIAL: {
		if (st->nserial == SERIAL_PORTS)
			return bad_value(st, it, "more than four serial ports (COM1 to COM4)");
		struct serial_config *port = &pc->serial[st->nserial];
		if (endpoint_parse(it->value, &port->to, err, sizeof(err)) < 0)
			return bad_value(st, it, err);
		port->enabled = true;
		st->nserial++;
		opts->serial_given = true;
		break;
	}
	case OPT_DEBUGCON:
		if (endpoint_parse(it->value, &pc->debugcon, err, sizeof(err)) < 0)
			return bad_value(st, it, err);
		st->debugcon = it;
		opts->debugcon_given = true;
		break;
	case OPT_MAX_INSNS:
		if (!config_parse_count(it->value, &v) || v == 0)
			return bad_value(st, it, "not an instruction count (a number, K, M or G allowed)");
		opts->max_insns = v;
		break;
	case OPT_SNAPSHOT:
		pc->snapshot = true;
		break;
	case OPT_PARALLEL:
		if (endpoint_parse(it->value, &pc->parallel, err, sizeof(err)) < 0)
			return bad_value(st, it, err);
		if (pc->parallel.kind != ENDPOINT_FILE && pc->parallel.kind != ENDPOINT_NONE)
			return bad_value(st, it, "LPT1 prints to file:PATH or none");
		break;
	case OPT_SCREENSHOT:
		config_set_string(&pc->screenshot_path, it->value);
		break;
	case OPT_SCREEN_TEXT:
		config_set_string(&pc->screen_text_path, it->value);
		break;
	case OPT_MACHINE:
		if (!strcmp(it->value, "pc"))
			opts->machine = MACHINE_PC;
		else if (!strcmp(it->value, "bare"))
			opts->machine = MACHINE_BARE;
		else
			return bad_value(st, it, "unknown machine (pc or bare)");
		opts->machine_given = true;
		break;
	case OPT_ROM:
		if (!*it->value)
			return bad_value(st, it, "an empty file name");
		opts->rom = it->value;
		break;
	case OPT_POST_PORT:
		if (!config_parse_u64(it->value, 0xFFFF, &v))
			return bad_value(st, it, "not an I/O port (0 to 0xFFFF)");
		if (!st->post_given)
			opts->npost_ports = 0;
		if (opts->npost_ports == OPTIONS_MAX_POST_PORTS)
			return bad_value(st, it, "more than four POST ports");
		st->post_given = true;
		opts->post_ports[opts->npost_ports++] = (uint16_t)v;
		break;
	case OPT_QUIET:
		opts->quiet = true;
		break;
	case OPT_BENCH_REPORT:
		opts->bench_report = true;
		break;
	case OPT_PRINT_CONFIG:
		opts->print_config = true;
		break;
	case OPT_HELP:
	case OPT_VERSION:
		break; /* handled while scanning */
	}
	return 0;
}

/* The positional IMAGE goes where its kind says. */
static int place_image(struct apply_state *st, const char *image, enum boot_device *boot)
{
	struct machine_config *pc = &st->opts->pc;
	struct image_info info;
	char why[256];
	if (image_probe(image, &info, why, sizeof(why)) < 0) {
		fprintf(st->msgs, "glasspc: IMAGE '%s': %s\n", image, why);
		return -1;
	}
	switch (image_kind(image, &info)) {
	case MEDIA_CDROM:
		if (st->cdrom) {
			fprintf(st->msgs, "glasspc: IMAGE '%s' is a CD image, and --cdrom '%s' names one too\n", image,
				st->cdrom);
			return -1;
		}
		st->cdrom = image;
		st->cdrom_origin = "IMAGE";
		*boot = BOOT_CDROM;
		break;
	case MEDIA_FLOPPY:
		if (st->slot_given[SLOT_FDA]) {
			fprintf(st->msgs, "glasspc: IMAGE '%s' is a floppy image, and --fda names drive A: too\n", image);
			return -1;
		}
		drive_config_set_image(&pc->drive[SLOT_FDA], MEDIA_FLOPPY, image, "IMAGE");
		*boot = BOOT_FLOPPY;
		break;
	default:
		if (st->slot_given[SLOT_ATA0_MASTER]) {
			fprintf(st->msgs, "glasspc: IMAGE '%s' is a hard disk image, and --hda names the first disk too\n",
				image);
			return -1;
		}
		drive_config_set_image(&pc->drive[SLOT_ATA0_MASTER], MEDIA_HARD_DISK, image, "IMAGE");
		*boot = BOOT_DISK;
		break;
	}
	return 0;
}

/* A CD from the command line replaces the configuration file's CD-ROM;
 * else it takes the first free position of ata1-master (as in QEMU),
 * ata1-slave, ata0-slave. */
static int place_cdrom(struct apply_state *st)
{
	struct machine_config *pc = &st->opts->pc;
	static const enum drive_slot free_order[] = {SLOT_ATA1_MASTER, SLOT_ATA1_SLAVE, SLOT_ATA0_SLAVE};
	int slot = -1;
	for (int s = SLOT_ATA0_MASTER; s <= SLOT_ATA1_SLAVE && slot < 0; s++)
		if (pc->drive[s].kind == MEDIA_CDROM)
			slot = s;
	for (size_t i = 0; i < sizeof(free_order) / sizeof(free_order[0]) && slot < 0; i++) {
		enum drive_slot s = free_order[i];
		if (pc->drive[s].kind == MEDIA_NONE && pc->ata[(s - SLOT_ATA0_MASTER) / 2].enabled)
			slot = s;
	}
	if (slot < 0) {
		fprintf(st->msgs, "glasspc: %s '%s': no free ATA position for a CD-ROM drive\n", st->cdrom_origin,
			st->cdrom);
		return -1;
	}
	drive_config_set_image(&pc->drive[slot], MEDIA_CDROM, st->cdrom, st->cdrom_origin);
	return 0;
}

bool options_run_bare(const struct options *opts)
{
	return opts->machine == MACHINE_BARE;
}

bool options_boot_demo(const struct options *opts)
{
	return opts->machine == MACHINE_PC && !opts->machine_given && !opts->image &&
	       !machine_config_has_media(&opts->pc);
}

static int options_apply(struct options *opts, const struct scan *sc, FILE *out, FILE *msgs)
{
	struct apply_state st = {.opts = opts, .msgs = msgs};
	struct machine_config *pc = &opts->pc;
	struct bochsrc_result rc;
	char err[CONFIG_ERROR_LEN];

	rc.ignored[0] = 0;
	for (int i = 0; i < sc->nitems; i++)
		if (sc->items[i].spec->id == OPT_CONFIG)
			opts->config_file = sc->items[i].value;
	if (opts->config_file && bochsrc_read(pc, opts->config_file, &rc) < 0) {
		fprintf(msgs, "glasspc: %s\n", rc.error);
		return -1;
	}
	for (int i = 0; i < sc->nitems; i++)
		if (apply_option(&st, &sc->items[i]) < 0)
			return -1;

	if (sc->npositional > 1) {
		fprintf(msgs, "glasspc: more than one IMAGE given ('%s')\n", sc->positional[1]);
		return -1;
	}
	enum boot_device image_boot = BOOT_NONE;
	if (sc->npositional == 1) {
		opts->image = sc->positional[0];
		if (place_image(&st, opts->image, &image_boot) < 0)
			return -1;
	}
	if (st.cdrom && place_cdrom(&st) < 0)
		return -1;
	/* glasspc IMAGE boots IMAGE, whatever the file's boot: says. */
	if (image_boot != BOOT_NONE && !st.boot_given)
		machine_config_default_boot(pc, image_boot);
	if (machine_config_finalize(pc, err, sizeof(err)) < 0) {
		fprintf(msgs, "glasspc: %s\n", err);
		return -1;
	}

	if (!st.post_given) {
		opts->post_ports[0] = 0x80;
		opts->post_ports[1] = 0x190;
		opts->npost_ports = 2;
	}
	if (opts->rom && !opts->machine_given)
		opts->machine = MACHINE_BARE;
	if (!pc->cpu_given && options_run_bare(opts))
		pc->cpu_model = CPU_386;
	if (pc->fpu387 && pc->cpu_model != CPU_386)
		return bad_value(&st, st.fpu, pc->cpu_model > CPU_386 ? "this CPU has its FPU built in (--fpu 387 is for --cpu 386)"
								      : "only the 386 takes a 387 (--cpu 386)");
	opts->cpu_model = pc->cpu_model;
	opts->memory_mb = pc->memory_mb;
	opts->owned_debugcon = endpoint_format(&pc->debugcon);
	opts->debugcon = opts->owned_debugcon;
	if (pc->debugcon.kind == ENDPOINT_TCP && options_run_bare(opts) && st.debugcon)
		return bad_value(&st, st.debugcon, "the bare machine's debug console takes stdio, file:PATH or none");

	if (rc.ignored[0])
		fprintf(msgs, "glasspc: warning: %s: ignoring what glasspc does not emulate: %s\n", opts->config_file,
			rc.ignored);
	if (opts->print_config) {
		machine_config_print(pc, out);
		return 1;
	}
	return 0;
}

int options_parse_to(struct options *opts, int argc, char **argv, FILE *out, FILE *msgs)
{
	memset(opts, 0, sizeof(*opts));
	opts->machine = MACHINE_PC;
	machine_config_init(&opts->pc);
	opts->cpu_model = opts->pc.cpu_model;
	opts->memory_mb = opts->pc.memory_mb;
	opts->debugcon = "stdio";

	struct scan sc = {0};
	/* At most one option per character ("-qqq") and one positional per
	 * argument. */
	size_t chars = 1;
	for (int i = 1; i < argc; i++)
		chars += strlen(argv[i]);
	sc.items = calloc(chars, sizeof(*sc.items));
	sc.positional = calloc((size_t)argc + 1, sizeof(*sc.positional));
	int r = -1;
	if (!sc.items || !sc.positional)
		fputs("glasspc: out of memory\n", msgs);
	else if ((r = scan_argv(&sc, argc, argv, out, msgs)) == 0)
		r = options_apply(opts, &sc, out, msgs);
	free(sc.items);
	free(sc.positional);
	return r;
}

int options_parse(struct options *opts, int argc, char **argv)
{
	return options_parse_to(opts, argc, argv, stdout, stderr);
}

void options_free(struct options *opts)
{
	machine_config_free(&opts->pc);
	free(opts->owned_debugcon);
	opts->owned_debugcon = NULL;
	opts->debugcon = NULL;
}
