/* The configuration layer: command lines, bochsrc files, image kinds, and
 * a bochsrc and a command line describing the same machine.  Each test
 * works in a fresh temporary folder of its own. */
#include <check.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/bochsrc.h"
#include "config/image.h"
#include "config/machine_config.h"
#include "config/options.h"
#include "cpu/cpu.h"

#define MAX_ARGS 64
#define MAX_FILES 32

static char dir[64];
static char *files[MAX_FILES];
static int nfiles;
static char msgs[8192]; /* what the last parse printed on its message stream */
static char out[16384]; /* and on its output stream */

static void setup(void)
{
	strcpy(dir, "/tmp/glasspc-config-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	nfiles = 0;
	msgs[0] = out[0] = 0;
}

static void teardown(void)
{
	for (int i = nfiles - 1; i >= 0; i--) {
		if (remove(files[i]) != 0)
			rmdir(files[i]);
		free(files[i]);
	}
	rmdir(dir);
}

/* The path of name in the test folder (kept until teardown). */
static const char *path_of(const char *name)
{
	ck_assert_int_lt(nfiles, MAX_FILES);
	size_t len = strlen(dir) + strlen(name) + 2;
	char *path = malloc(len);
	snprintf(path, len, "%s/%s", dir, name);
	files[nfiles++] = path;
	return path;
}

static const char *write_text(const char *name, const char *text)
{
	const char *path = path_of(name);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	return path;
}

/* A sparse image of size bytes, with the ISO 9660 signature if iso. */
static const char *make_image(const char *name, off_t size, bool iso)
{
	const char *path = path_of(name);
	int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, size), 0);
	if (iso)
		ck_assert_int_eq(pwrite(fd, "CD001", 5, 0x8001), 5);
	close(fd);
	return path;
}

static void slurp(FILE *f, char *buf, size_t len)
{
	fflush(f);
	rewind(f);
	size_t n = fread(buf, 1, len - 1, f);
	buf[n] = 0;
	fclose(f);
}

/* Parses the NULL-terminated arguments after argv[0]. */
static int parse_args(struct options *opts, const char *first, ...)
{
	char *argv[MAX_ARGS] = {"glasspc"};
	int argc = 1;
	va_list ap;
	va_start(ap, first);
	for (const char *a = first; a; a = va_arg(ap, const char *)) {
		ck_assert_int_lt(argc, MAX_ARGS - 1);
		argv[argc++] = (char *)a;
	}
	va_end(ap);
	argv[argc] = NULL;
	FILE *o = tmpfile(), *m = tmpfile();
	ck_assert_ptr_nonnull(o);
	ck_assert_ptr_nonnull(m);
	int r = options_parse_to(opts, argc, argv, o, m);
	slurp(o, out, sizeof(out));
	slurp(m, msgs, sizeof(msgs));
	return r;
}

/* The description printed, for comparing two of them. */
static void describe(const struct machine_config *cfg, char *buf, size_t len)
{
	FILE *f = tmpfile();
	ck_assert_ptr_nonnull(f);
	machine_config_print(cfg, f);
	slurp(f, buf, len);
}

static int count_lines(const char *text)
{
	int n = 0;
	for (; *text; text++)
		n += *text == '\n';
	return n;
}

/* A failed parse: status -1 and one line "glasspc: ..." containing each
 * of the NULL-terminated fragments. */
static void assert_one_error(int r, ...)
{
	ck_assert_int_eq(r, -1);
	ck_assert_msg(count_lines(msgs) == 1 && !strncmp(msgs, "glasspc: ", 9), "not one error line: '%s'", msgs);
	va_list ap;
	va_start(ap, r);
	for (const char *frag = va_arg(ap, const char *); frag; frag = va_arg(ap, const char *))
		ck_assert_msg(strstr(msgs, frag) != NULL, "'%s' not in '%s'", frag, msgs);
	va_end(ap);
}

/* ---- image kinds ---- */

START_TEST(image_kind_by_size)
{
	static const unsigned kib[] = {160, 180, 320, 360, 720, 1200, 1440, 1680, 2880};
	struct image_info info;
	char why[128], name[32];
	for (size_t i = 0; i < sizeof(kib) / sizeof(kib[0]); i++) {
		snprintf(name, sizeof(name), "f%u.img", kib[i]);
		const char *p = make_image(name, (off_t)kib[i] * 1024, false);
		ck_assert_int_eq(image_probe(p, &info, why, sizeof(why)), 0);
		ck_assert_int_eq(info.size, kib[i] * 1024);
		ck_assert_msg(image_kind(p, &info) == MEDIA_FLOPPY, "%u KiB is not a floppy", kib[i]);
		ck_assert_int_eq(floppy_format_kib(floppy_format_from_size(info.size)), kib[i]);
	}
	/* Near misses are hard disks. */
	const char *p = make_image("odd.img", 1474560 + 512, false);
	ck_assert_int_eq(image_probe(p, &info, why, sizeof(why)), 0);
	ck_assert_int_eq(image_kind(p, &info), MEDIA_HARD_DISK);
	p = make_image("c.img", 10 * 1024 * 1024, false);
	ck_assert_int_eq(image_probe(p, &info, why, sizeof(why)), 0);
	ck_assert_int_eq(image_kind(p, &info), MEDIA_HARD_DISK);
	p = make_image("empty.img", 0, false);
	ck_assert_int_eq(image_probe(p, &info, why, sizeof(why)), 0);
	ck_assert_int_eq(image_kind(p, &info), MEDIA_HARD_DISK);
}
END_TEST

START_TEST(image_kind_iso)
{
	struct image_info info;
	char why[128];
	/* The signature wins over a floppy's size and a disk's name. */
	const char *p = make_image("boot.img", 1474560, true);
	ck_assert_int_eq(image_probe(p, &info, why, sizeof(why)), 0);
	ck_assert(info.iso9660);
	ck_assert_int_eq(image_kind(p, &info), MEDIA_CDROM);
	/* A .iso name without the signature (a short or odd image). */
	p = make_image("tiny.ISO", 4096, false);
	ck_assert_int_eq(image_probe(p, &info, why, sizeof(why)), 0);
	ck_assert(!info.iso9660);
	ck_assert_int_eq(image_kind(p, &info), MEDIA_CDROM);
	/* "CD001" one byte early is not the volume descriptor. */
	p = path_of("shifted.img");
	int fd = open(p, O_CREAT | O_TRUNC | O_WRONLY, 0644);
	ck_assert_int_eq(ftruncate(fd, 1474560), 0);
	ck_assert_int_eq(pwrite(fd, "CD001", 5, 0x8000), 5);
	close(fd);
	ck_assert_int_eq(image_probe(p, &info, why, sizeof(why)), 0);
	ck_assert_int_eq(image_kind(p, &info), MEDIA_FLOPPY);
}
END_TEST

START_TEST(image_probe_refuses)
{
	struct image_info info;
	char why[128];
	ck_assert_int_eq(image_probe(path_of("missing.img"), &info, why, sizeof(why)), -1);
	ck_assert_str_eq(why, "No such file or directory");
	ck_assert_int_eq(image_probe(dir, &info, why, sizeof(why)), -1);
	ck_assert_ptr_nonnull(strstr(why, "directory"));
	ck_assert_int_eq(image_probe("/dev/null", &info, why, sizeof(why)), -1);
	ck_assert_str_eq(why, "not a regular file");
}
END_TEST

/* ---- the positional IMAGE ---- */

START_TEST(image_floppy_boots_a)
{
	struct options o;
	const char *img = make_image("dos.img", 1474560, false);
	ck_assert_int_eq(parse_args(&o, img, NULL), 0);
	ck_assert_str_eq(msgs, "");
	ck_assert_str_eq(o.image, img);
	const struct drive_config *a = &o.pc.drive[SLOT_FDA];
	ck_assert_int_eq(a->kind, MEDIA_FLOPPY);
	ck_assert_str_eq(a->path, img);
	ck_assert(a->inserted && !a->read_only);
	ck_assert_int_eq(a->floppy_format, FLOPPY_1440K);
	ck_assert_int_eq(a->floppy_drive, FLOPPY_DRIVE_1440K);
	ck_assert_uint_eq(a->cylinders, 80);
	ck_assert_uint_eq(a->heads, 2);
	ck_assert_uint_eq(a->sectors, 18);
	ck_assert_int_eq(o.pc.drive[SLOT_ATA0_MASTER].kind, MEDIA_NONE);
	ck_assert_int_eq(o.pc.boot[0], BOOT_FLOPPY);
	ck_assert_int_eq(o.pc.boot[1], BOOT_NONE);
	ck_assert(!options_run_bare(&o));
	ck_assert(!options_boot_demo(&o));
	options_free(&o);
}
END_TEST

START_TEST(image_disk_and_cd)
{
	struct options o;
	const char *disk = make_image("linux.img", 64 * 1024 * 1024, false);
	ck_assert_int_eq(parse_args(&o, disk, NULL), 0);
	ck_assert_int_eq(o.pc.drive[SLOT_ATA0_MASTER].kind, MEDIA_HARD_DISK);
	ck_assert_str_eq(o.pc.drive[SLOT_ATA0_MASTER].path, disk);
	ck_assert_int_eq(o.pc.drive[SLOT_FDA].kind, MEDIA_NONE);
	ck_assert_int_eq(o.pc.boot[0], BOOT_DISK);
	options_free(&o);

	const char *iso = make_image("install.bin", 2 * 1024 * 1024, true);
	ck_assert_int_eq(parse_args(&o, "--hda", disk, iso, NULL), 0);
	/* QEMU's place for a CD: ata1-master. */
	const struct drive_config *cd = &o.pc.drive[SLOT_ATA1_MASTER];
	ck_assert_int_eq(cd->kind, MEDIA_CDROM);
	ck_assert_str_eq(cd->path, iso);
	ck_assert(cd->read_only);
	ck_assert_int_eq(o.pc.boot[0], BOOT_CDROM);
	ck_assert_int_eq(o.pc.boot[1], BOOT_DISK);
	ck_assert_int_eq(o.pc.boot[2], BOOT_NONE);
	options_free(&o);

	/* --boot wins over the IMAGE's kind. */
	ck_assert_int_eq(parse_args(&o, "--boot", "c", "--hda", disk, iso, NULL), 0);
	ck_assert_int_eq(o.pc.boot[0], BOOT_DISK);
	ck_assert_int_eq(o.pc.boot[1], BOOT_NONE);
	options_free(&o);
}
END_TEST

START_TEST(image_missing_or_unreadable)
{
	struct options o;
	const char *missing = path_of("nowhere.img");
	assert_one_error(parse_args(&o, missing, NULL), "IMAGE", missing, "No such file", NULL);
	options_free(&o);
	assert_one_error(parse_args(&o, dir, NULL), "IMAGE", dir, "directory", NULL);
	options_free(&o);
	if (geteuid() != 0) { /* root reads anything */
		const char *locked = make_image("locked.img", 1474560, false);
		ck_assert_int_eq(chmod(locked, 0), 0);
		assert_one_error(parse_args(&o, locked, NULL), "IMAGE", locked, "Permission denied", NULL);
		options_free(&o);
	}
	assert_one_error(parse_args(&o, "--hda", missing, NULL), "--hda", missing, NULL);
	options_free(&o);
	assert_one_error(parse_args(&o, "--fdb", missing, NULL), "--fdb", missing, NULL);
	options_free(&o);
	assert_one_error(parse_args(&o, "--cdrom", missing, NULL), "--cdrom", missing, NULL);
	options_free(&o);
	assert_one_error(parse_args(&o, "--bios", missing, NULL), "--bios", missing, NULL);
	options_free(&o);
}
END_TEST

START_TEST(image_conflicts)
{
	struct options o;
	const char *fd1 = make_image("a.img", 737280, false), *fd2 = make_image("b.img", 1474560, false);
	const char *iso = make_image("x.iso", 65536, true), *iso2 = make_image("y.iso", 65536, true);
	assert_one_error(parse_args(&o, "--fda", fd1, fd2, NULL), "IMAGE", fd2, "--fda", NULL);
	options_free(&o);
	assert_one_error(parse_args(&o, "--cdrom", iso, iso2, NULL), "IMAGE", iso2, "--cdrom", NULL);
	options_free(&o);
	assert_one_error(parse_args(&o, fd1, fd2, NULL), "more than one IMAGE", fd2, NULL);
	options_free(&o);
	/* One file written by two drives. */
	assert_one_error(parse_args(&o, "--hda", fd1, "--hdb", fd1, NULL), "--hda", "--hdb", "same file", NULL);
	options_free(&o);
	/* Fine when nothing writes it. */
	ck_assert_int_eq(parse_args(&o, "--snapshot", "--hda", fd1, "--hdb", fd1, NULL), 0);
	ck_assert(o.pc.drive[SLOT_ATA0_MASTER].discard_writes);
	ck_assert(o.pc.drive[SLOT_ATA0_SLAVE].discard_writes);
	options_free(&o);
}
END_TEST

/* ---- the command line ---- */

START_TEST(cmdline_defaults)
{
	struct options o;
	ck_assert_int_eq(parse_args(&o, NULL), 0);
	ck_assert_int_eq(o.machine, MACHINE_PC);
	ck_assert(!options_run_bare(&o)); /* nothing to boot: the PC boots the demo disk */
	ck_assert(options_boot_demo(&o));
	ck_assert_int_eq(o.cpu_model, CPU_P6);
	ck_assert_uint_eq(o.memory_mb, 16);
	ck_assert_str_eq(o.debugcon, "stdio");
	ck_assert_int_eq(o.npost_ports, 2);
	ck_assert_uint_eq(o.post_ports[0], 0x80);
	ck_assert_uint_eq(o.post_ports[1], 0x190);
	ck_assert_int_eq(o.pc.firmware.bios, FIRMWARE_SEABIOS);
	ck_assert(o.pc.serial[0].enabled);
	ck_assert_int_eq(o.pc.serial[0].to.kind, ENDPOINT_NONE);
	ck_assert(!o.pc.serial[1].enabled);
	ck_assert_int_eq(o.pc.display, DISPLAY_AUTO);
	ck_assert_int_eq(o.pc.clock.sync, CLOCK_SYNC_NONE);
	ck_assert_int_eq(o.pc.boot[0], BOOT_NONE);
	options_free(&o);
}
END_TEST

START_TEST(cmdline_everything)
{
	struct options o;
	const char *fda = make_image("a.img", 368640, false), *fdb = make_image("b.img", 2949120, false);
	const char *hda = make_image("c.img", 1 << 20, false), *hdb = make_image("d.img", 1 << 20, false);
	const char *iso = make_image("e.iso", 1 << 20, true), *bios = make_image("bios.bin", 65536, false);
	const char *vga = make_image("vga.bin", 32768, false);
	const char *com2 = path_of("com2.txt");
	char com2_arg[256];
	snprintf(com2_arg, sizeof(com2_arg), "file:%s", com2);
	ck_assert_int_eq(parse_args(&o, "--fda", fda, "--fdb", fdb, "--hda", hda, "--hdb", hdb, "--cdrom", iso,
				    "--boot", "cdrom,floppy", "-m", "64", "--cpu", "pentium", "--ips", "25M", "--realtime",
				    "--bios", bios, "--vgabios", vga, "--display=none", "--serial", "stdio", "--serial",
				    com2_arg, "--serial", "tcp:127.0.0.1:4555", "--debugcon", "file:e9.log",
				    "--max-insns", "1000", "--snapshot", "-q", "--post-port", "0x84", NULL),
			 0);
	ck_assert_str_eq(msgs, "");
	const struct machine_config *pc = &o.pc;
	ck_assert_int_eq(pc->drive[SLOT_FDA].floppy_format, FLOPPY_360K);
	ck_assert_int_eq(pc->drive[SLOT_FDA].floppy_drive, FLOPPY_DRIVE_1200K);
	ck_assert_int_eq(pc->drive[SLOT_FDB].floppy_format, FLOPPY_2880K);
	ck_assert_int_eq(pc->drive[SLOT_FDB].floppy_drive, FLOPPY_DRIVE_2880K);
	ck_assert_str_eq(pc->drive[SLOT_ATA0_MASTER].path, hda);
	ck_assert_str_eq(pc->drive[SLOT_ATA0_SLAVE].path, hdb);
	ck_assert_str_eq(pc->drive[SLOT_ATA1_MASTER].path, iso);
	ck_assert_int_eq(pc->drive[SLOT_ATA1_MASTER].kind, MEDIA_CDROM);
	for (int s = 0; s < SLOT_COUNT; s++)
		ck_assert(pc->drive[s].kind == MEDIA_NONE || pc->drive[s].discard_writes);
	ck_assert_int_eq(pc->boot[0], BOOT_CDROM);
	ck_assert_int_eq(pc->boot[1], BOOT_FLOPPY);
	ck_assert_int_eq(pc->boot[2], BOOT_NONE);
	ck_assert_uint_eq(pc->memory_mb, 64);
	ck_assert_uint_eq(o.memory_mb, 64);
	ck_assert_int_eq(pc->cpu_model, CPU_PENTIUM);
	ck_assert_int_eq(o.cpu_model, CPU_PENTIUM);
	ck_assert_uint_eq(pc->ips, 25000000);
	ck_assert_int_eq(pc->clock.sync, CLOCK_SYNC_REALTIME);
	ck_assert_int_eq(pc->firmware.bios, FIRMWARE_FILE);
	ck_assert_str_eq(pc->firmware.bios_path, bios);
	ck_assert_str_eq(pc->firmware.vgabios_path, vga);
	ck_assert_int_eq(pc->display, DISPLAY_NONE);
	ck_assert_int_eq(pc->serial[0].to.kind, ENDPOINT_STDIO);
	ck_assert(pc->serial[1].enabled);
	ck_assert_int_eq(pc->serial[1].to.kind, ENDPOINT_FILE);
	ck_assert_str_eq(pc->serial[1].to.path, com2);
	ck_assert_int_eq(pc->serial[2].to.kind, ENDPOINT_TCP);
	ck_assert_uint_eq(pc->serial[2].to.tcp_port, 4555);
	ck_assert(!pc->serial[3].enabled);
	ck_assert_int_eq(pc->debugcon.kind, ENDPOINT_FILE);
	ck_assert_str_eq(o.debugcon, "file:e9.log");
	ck_assert_uint_eq(o.max_insns, 1000);
	ck_assert(o.quiet);
	ck_assert_int_eq(o.npost_ports, 1);
	ck_assert_uint_eq(o.post_ports[0], 0x84);
	options_free(&o);

	/* --print-config shows it, and the status says "exit now". */
	ck_assert_int_eq(parse_args(&o, "--print-config", "--serial", com2_arg, "--serial", "stdio", "-m32", NULL), 1);
	ck_assert_ptr_nonnull(strstr(out, "memory: 32 MiB\n"));
	ck_assert_ptr_nonnull(strstr(out, "com1: file:"));
	ck_assert_ptr_nonnull(strstr(out, "com2: stdio\n"));
	options_free(&o);
}
END_TEST

START_TEST(cmdline_spellings)
{
	struct options o;
	ck_assert_int_eq(parse_args(&o, "--memory=8", "--boot", "dca", "--cpu", "80486", "-qm", "4", NULL), 0);
	ck_assert_uint_eq(o.memory_mb, 4); /* the last one wins */
	ck_assert(o.quiet);
	ck_assert_int_eq(o.cpu_model, CPU_486);
	ck_assert_int_eq(o.pc.boot[0], BOOT_CDROM);
	ck_assert_int_eq(o.pc.boot[1], BOOT_DISK);
	ck_assert_int_eq(o.pc.boot[2], BOOT_FLOPPY);
	options_free(&o);
	/* getopt_long's abbreviations still work. */
	ck_assert_int_eq(parse_args(&o, "--mem", "12", "--max", "5", NULL), 0);
	ck_assert_uint_eq(o.memory_mb, 12);
	ck_assert_uint_eq(o.max_insns, 5);
	options_free(&o);
	/* A TCP debug console needs the PC machine: something to boot. */
	const char *disk = make_image("c.img", 1 << 20, false);
	ck_assert_int_eq(parse_args(&o, "--serial", "tcp::0", "--debugcon", "tcp:localhost:1234", disk, NULL), 0);
	ck_assert_int_eq(o.pc.serial[0].to.kind, ENDPOINT_TCP);
	ck_assert_uint_eq(o.pc.serial[0].to.tcp_port, 0);
	ck_assert_str_eq(o.debugcon, "tcp:127.0.0.1:1234");
	options_free(&o);
	/* --rom alone means the bare machine. */
	ck_assert_int_eq(parse_args(&o, "--rom", "x.rom", NULL), 0);
	ck_assert_int_eq(o.machine, MACHINE_BARE);
	ck_assert(options_run_bare(&o));
	options_free(&o);
	ck_assert_int_eq(parse_args(&o, "--help", NULL), 1);
	ck_assert_ptr_nonnull(strstr(out, "--cdrom FILE"));
	ck_assert_ptr_nonnull(strstr(out, "--serial DEST"));
	options_free(&o);
	ck_assert_int_eq(parse_args(&o, "--version", NULL), 1);
	ck_assert_int_eq(strncmp(out, "glasspc ", 8), 0);
	options_free(&o);
}
END_TEST

static const struct bad_line {
	const char *args[4];
	const char *expect; /* besides the option and value */
} bad_lines[] = {
	{{"--memory", "0"}, "1 to 3072"},
	{{"-m", "4000"}, "1 to 3072"},
	{{"-m", "12abc"}, "memory"},
	{{"-m", "-5"}, "memory"},
	{{"--cpu", "z80"}, "8086, 186, 286, 386, 486, pentium, p6"},
	{{"--boot", "x"}, "unknown boot device"},
	{{"--boot", "a,a"}, "twice"},
	{{"--boot", "a,c,d,floppy"}, "twice"},
	{{"--boot", "c,"}, "empty"},
	{{"--ips", "0"}, "rate"},
	{{"--ips", "12Q"}, "rate"},
	{{"--display", "vga"}, "sdl, none"},
	{{"--serial", "bogus"}, "stdio, file:PATH, tcp:127.0.0.1:PORT, none"},
	{{"--serial", "tcp:10.0.0.1:5"}, "127.0.0.1"},
	{{"--serial", "tcp:127.0.0.1:70000"}, "65535"},
	{{"--serial", "file:"}, "path"},
	{{"--debugcon", "tty"}, "stdio"},
	{{"--max-insns", "0"}, "count"},
	{{"--machine", "mac"}, "pc or bare"},
	{{"--post-port", "0x10000"}, "0xFFFF"},
	{{"--bios", ""}, "empty"},
};

START_TEST(cmdline_bad_values)
{
	const struct bad_line *b = &bad_lines[_i];
	struct options o;
	int r = parse_args(&o, b->args[0], b->args[1], NULL);
	char quoted[64];
	snprintf(quoted, sizeof(quoted), "'%s'", b->args[1]);
	assert_one_error(r, b->args[0], quoted, b->expect, NULL);
	options_free(&o);
}
END_TEST

START_TEST(cmdline_bad_syntax)
{
	struct options o;
	assert_one_error(parse_args(&o, "--bogus", NULL), "unknown option '--bogus'", NULL);
	options_free(&o);
	assert_one_error(parse_args(&o, "-x", NULL), "unknown option '-x'", NULL);
	options_free(&o);
	assert_one_error(parse_args(&o, "--memory", NULL), "'--memory' needs a value", NULL);
	options_free(&o);
	assert_one_error(parse_args(&o, "--snapshot=1", NULL), "'--snapshot' takes no value", NULL);
	options_free(&o);
	assert_one_error(parse_args(&o, "--hd", "x", NULL), "'--hd' is ambiguous", NULL);
	options_free(&o);
	assert_one_error(parse_args(&o, "--serial", "none", "--serial", "none", "--serial", "none", "--serial",
				    "none", "--serial", "stdio", NULL),
			 "--serial", "'stdio'", "COM4", NULL);
	options_free(&o);
	/* The bare machine's debug console is no TCP server. */
	assert_one_error(parse_args(&o, "--machine", "bare", "--debugcon", "tcp:127.0.0.1:9", NULL), "--debugcon",
			 "bare", NULL);
	options_free(&o);
	/* With nothing to boot the PC boots the demo disk: its debug console may be. */
	ck_assert_int_eq(parse_args(&o, "--debugcon", "tcp:127.0.0.1:9", NULL), 0);
	options_free(&o);
	/* Many short flags in one argument. */
	ck_assert_int_eq(parse_args(&o, "-qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq", NULL), 0);
	options_free(&o);
}
END_TEST

/* ---- bochsrc ---- */

/* Reads text as a bochsrc into a fresh description. */
static int read_rc(struct machine_config *cfg, struct bochsrc_result *res, const char *name, const char *text)
{
	machine_config_init(cfg);
	return bochsrc_read(cfg, write_text(name, text), res);
}

START_TEST(bochsrc_syntax)
{
	struct machine_config cfg;
	struct bochsrc_result res;
	char text[2048];
	const char *disk = make_image("my disk.img", 10 << 20, false);
	make_image("fd,1.img", 1474560, false);
	setenv("GLASSPC_TEST_DIR", dir, 1);
	setenv("GLASSPC_TEST_MEGS", "48", 1);
	snprintf(text, sizeof(text),
		 "# a comment line\n"
		 "\n"
		 "   megs   :   ${GLASSPC_TEST_MEGS}   # trailing comment\n"
		 "ata0-master: type = disk, path=\"${GLASSPC_TEST_DIR}/my disk.img\", mode=flat, cylinders=20, "
		 "heads=16, spt=63\n"
		 "floppya: 1_44=\"$GLASSPC_TEST_DIR/fd,1.img\", status=inserted, write_protected=1\n"
		 "boot: a, c\n"
		 "clock: sync=slowdown, time0=946684800\n"
		 "com2: enabled=1, mode=socket-server, dev=localhost:5555\n"
		 "log: \"#not a comment.txt\"\n");
	ck_assert_int_eq(read_rc(&cfg, &res, "bochsrc", text), 0);
	ck_assert_str_eq(res.ignored, "");
	ck_assert_uint_eq(cfg.memory_mb, 48);
	const struct drive_config *hd = &cfg.drive[SLOT_ATA0_MASTER];
	ck_assert_int_eq(hd->kind, MEDIA_HARD_DISK);
	ck_assert_str_eq(hd->path, disk); /* quotes keep the space */
	ck_assert_uint_eq(hd->cylinders, 20);
	ck_assert_uint_eq(hd->heads, 16);
	ck_assert_uint_eq(hd->sectors, 63);
	ck_assert_ptr_nonnull(strstr(hd->origin, "bochsrc:4"));
	const struct drive_config *fd = &cfg.drive[SLOT_FDA];
	ck_assert_int_eq(fd->kind, MEDIA_FLOPPY);
	ck_assert_ptr_nonnull(strstr(fd->path, "/fd,1.img")); /* the comma is in quotes */
	ck_assert_int_eq(fd->floppy_format, FLOPPY_1440K);
	ck_assert(fd->read_only);
	ck_assert_int_eq(cfg.boot[0], BOOT_FLOPPY);
	ck_assert_int_eq(cfg.boot[1], BOOT_DISK);
	ck_assert_int_eq(cfg.clock.sync, CLOCK_SYNC_SLOWDOWN);
	ck_assert_int_eq(cfg.clock.start, CLOCK_START_FIXED);
	ck_assert_int_eq(cfg.clock.time0, 946684800);
	ck_assert(cfg.serial[1].enabled);
	ck_assert_int_eq(cfg.serial[1].to.kind, ENDPOINT_TCP);
	ck_assert_uint_eq(cfg.serial[1].to.tcp_port, 5555);
	ck_assert_str_eq(cfg.log_path, "#not a comment.txt");
	char err[256];
	ck_assert_int_eq(machine_config_finalize(&cfg, err, sizeof(err)), 0);
	machine_config_free(&cfg);
	unsetenv("GLASSPC_TEST_DIR");
	unsetenv("GLASSPC_TEST_MEGS");
}
END_TEST

START_TEST(bochsrc_env_rules)
{
	struct machine_config cfg;
	struct bochsrc_result res;
	setenv("GLASSPC_T", "/x", 1);
	setenv("GLASSPC_T2", "/y", 1);
	/* As in Bochs, an unbraced name is letters and underscores only. */
	ck_assert_int_eq(read_rc(&cfg, &res, "rc1", "log: $GLASSPC_T2\n"), 0);
	ck_assert_str_eq(cfg.log_path, "/x2");
	machine_config_free(&cfg);
	ck_assert_int_eq(read_rc(&cfg, &res, "rc2", "log: ${GLASSPC_T2}/a\n"), 0);
	ck_assert_str_eq(cfg.log_path, "/y/a");
	machine_config_free(&cfg);
	/* Expanded inside quotes too, and the value is not split again. */
	setenv("GLASSPC_COMMA", "a, b # c", 1);
	ck_assert_int_eq(read_rc(&cfg, &res, "rc3", "log: \"$GLASSPC_COMMA\"\n"), 0);
	ck_assert_str_eq(cfg.log_path, "a, b # c");
	machine_config_free(&cfg);
	/* BXSHARE has a default, as in Bochs. */
	unsetenv("BXSHARE");
	ck_assert_int_eq(read_rc(&cfg, &res, "rc4", "vgaromimage: file=$BXSHARE/VGABIOS-lgpl-latest\n"), 0);
	ck_assert_str_eq(cfg.firmware.vgabios_path, BOCHSRC_BXSHARE_DEFAULT "/VGABIOS-lgpl-latest");
	machine_config_free(&cfg);
	unsetenv("GLASSPC_T");
	unsetenv("GLASSPC_T2");
	unsetenv("GLASSPC_COMMA");
}
END_TEST

START_TEST(bochsrc_include)
{
	struct machine_config cfg;
	struct bochsrc_result res;
	char text[512];
	const char *inner = write_text("inner.rc", "megs: 8\nmouse: enabled=0\nbogus: 1\n");
	snprintf(text, sizeof(text), "megs: 4\n#include %s\nmegs: 2\n", inner);
	ck_assert_int_eq(read_rc(&cfg, &res, "outer.rc", text), -1);
	/* The error names the included file and its line. */
	char expect[256];
	snprintf(expect, sizeof(expect), "%s:3: unknown directive 'bogus'", inner);
	ck_assert_str_eq(res.error, expect);
	machine_config_free(&cfg);

	write_text("inner2.rc", "megs: 8\nmouse: enabled=0\n");
	snprintf(text, sizeof(text), "megs: 4\n  #include \"%s/inner2.rc\"\n", dir);
	ck_assert_int_eq(read_rc(&cfg, &res, "outer2.rc", text), 0);
	ck_assert_uint_eq(cfg.memory_mb, 8);
	ck_assert_str_eq(res.ignored, "mouse");
	machine_config_free(&cfg);

	/* A file that includes itself stops. */
	const char *self = path_of("self.rc");
	snprintf(text, sizeof(text), "#include %s\n", self);
	FILE *f = fopen(self, "w");
	fputs(text, f);
	fclose(f);
	machine_config_init(&cfg);
	ck_assert_int_eq(bochsrc_read(&cfg, self, &res), -1);
	ck_assert_ptr_nonnull(strstr(res.error, "nested"));
	machine_config_free(&cfg);
}
END_TEST

static const struct bad_rc {
	const char *text;
	unsigned line;
	const char *expect;
} bad_rcs[] = {
	{"megs: 16\n\n# fine so far\nfoo: bar=1\n", 4, "unknown directive 'foo'"},
	{"megs 16\n", 1, "not a directive"},
	{"megs: 16\nromimage: file=\"bios.bin\n", 2, "unterminated quote"},
	{"log: $GLASSPC_UNSET_VARIABLE/x\n", 1, "'GLASSPC_UNSET_VARIABLE' is not set"},
	{"log: ${GLASSPC_UNSET\n", 1, "bad variable reference"},
	{"log: $/x\n", 1, "not followed by a variable name"},
	{"megs: abc\n", 1, "megs: bad size 'abc'"},
	{"megs: 99999\n", 1, "1 to 3072"},
	{"megs:\n", 1, "megs: needs a value"},
	{": 16\n", 1, "no directive name"},
	{"memory: guest=64, host=64, hots=1\n", 1, "memory: unknown parameter 'hots'"},
	{"ata0-master: type=floppy, path=x\n", 1, "unknown type 'floppy'"},
	{"ata0-master: path=x.img\n", 1, "needs type=disk or type=cdrom"},
	{"ata0-master: type=disk, path=x.img, mode=growing\n", 1, "mode=growing"},
	{"ata0-master: type=disk, path=x.img, cylinders=20\n", 1, "together"},
	{"ata0-master: type=disk, path=x.img, heads=17, cylinders=1, spt=1\n", 1, "bad heads '17'"},
	{"ata2: enabled=1\n", 1, "two ATA channels"},
	{"ata3-slave: type=cdrom, path=x.iso\n", 1, "two ATA channels"},
	{"ata1: enabled=1, irq=16\n", 1, "bad irq '16'"},
	{"floppya: 1_44=a.img, bogus=1\n", 1, "floppya: unknown parameter 'bogus'"},
	{"floppyb: type=3_5\n", 1, "unknown drive type '3_5'"},
	{"floppya: 1_44=a.img, status=maybe\n", 1, "status='maybe'"},
	{"boot: network\n", 1, "network boot"},
	{"boot: disk, disk\n", 1, "twice"},
	{"boot: none\n", 1, "first boot device"},
	{"boot: tape\n", 1, "unknown boot device 'tape'"},
	{"cpu: count=2\n", 1, "one processor"},
	{"cpu: model=corei7_haswell_4770\n", 1, "model 'corei7_haswell_4770' is not emulated"},
	{"cpu: ips=fast\n", 1, "bad ips 'fast'"},
	{"cpu: reset_on_triple_fault=maybe\n", 1, "is not 0 or 1"},
	{"clock: sync=fast\n", 1, "unknown sync 'fast'"},
	{"clock: time0=yesterday\n", 1, "bad time0"},
	{"com1: enabled=1, mode=raw, dev=/dev/ttyS0\n", 1, "mode=raw is not supported"},
	{"com1: enabled=1, mode=file\n", 1, "needs dev=PATH"},
	{"com1: enabled=1, mode=term, dev=/dev/ttyS0\n", 1, "own terminal"},
	{"com2: enabled=1, mode=socket-server, dev=10.1.1.1:4000\n", 1, "127.0.0.1"},
	{"com3: mode=carrier-pigeon\n", 1, "unknown mode 'carrier-pigeon'"},
	{"port_e9_hack: enabled=yes\n", 1, "is not 0 or 1"},
	{"parport1: enabled=1, mode=file\n", 1, "unknown parameter 'mode'"},
	{"magic_break: enable=1\n", 1, "unknown parameter 'enable'"},
	{"display_library: gtk\n", 1, "unknown library 'gtk'"},
	{"panic: action=explode\n", 1, "unknown action 'explode'"},
	{"debug: ignore\n", 1, "not a parameter=value pair"},
	{"romimage: address=0xf0000\n", 1, "needs file=PATH"},
	{"vgaromimage: path=x\n", 1, "unknown parameter 'path'"},
	{"load32bitOSImage: os=nullkernel, path=k, iolog=i\n", 1, "not supported"},
	/* There is no line continuation: the backslash is part of the value. */
	{"megs: 3\\\n2\n", 1, "bad size '3\\'"},
};

START_TEST(bochsrc_bad_lines)
{
	const struct bad_rc *b = &bad_rcs[_i];
	struct machine_config cfg;
	struct bochsrc_result res;
	unsetenv("GLASSPC_UNSET_VARIABLE");
	unsetenv("GLASSPC_UNSET");
	int r = read_rc(&cfg, &res, "bad.rc", b->text);
	char prefix[256];
	snprintf(prefix, sizeof(prefix), "%s/bad.rc:%u: ", dir, b->line);
	ck_assert_int_eq(r, -1);
	ck_assert_msg(!strncmp(res.error, prefix, strlen(prefix)), "'%s' does not start with '%s'", res.error, prefix);
	ck_assert_msg(strstr(res.error, b->expect) != NULL, "'%s' not in '%s'", b->expect, res.error);
	ck_assert_ptr_null(strchr(res.error, '\n'));
	machine_config_free(&cfg);
}
END_TEST

START_TEST(bochsrc_ignored_warning)
{
	struct options o;
	const char *rc = write_text("ign.rc", "mouse: enabled=0\n"
					      "keyboard: type=mf, keymap=\n"
					      "pci: enabled=1, chipset=i440fx\n"
					      "sound: driver=default\n"
					      "usb_uhci: enabled=1\n"
					      "vga: extension=vbe, update_freq=5\n"
					      "debugger_log: -\n"
					      "mouse: type=ps2\n"
					      "ata2: enabled=0, ioaddr1=0x1e8, ioaddr2=0x3e0, irq=11\n"
					      "display_library: term\n"
					      "megs: 32\n");
	ck_assert_int_eq(parse_args(&o, "-f", rc, NULL), 0);
	char expect[512];
	snprintf(expect, sizeof(expect),
		 "glasspc: warning: %s: ignoring what glasspc does not emulate: mouse, keyboard, pci, sound, usb_uhci, "
		 "vga, debugger_log, display_library term\n",
		 rc);
	ck_assert_str_eq(msgs, expect);
	ck_assert_uint_eq(o.memory_mb, 32);
	ck_assert_int_eq(o.pc.display, DISPLAY_NONE);
	options_free(&o);

	/* No warning when nothing is ignored. */
	rc = write_text("clean.rc", "megs: 32\n");
	ck_assert_int_eq(parse_args(&o, "-f", rc, NULL), 0);
	ck_assert_str_eq(msgs, "");
	options_free(&o);
}
END_TEST

START_TEST(bochsrc_errors_through_cmdline)
{
	struct options o;
	const char *rc = write_text("e.rc", "megs: 32\nata0-master: type=disk, path=/nonexistent/c.img\n");
	char where[256];
	snprintf(where, sizeof(where), "%s:2: ata0-master '/nonexistent/c.img'", rc);
	assert_one_error(parse_args(&o, "--config", rc, NULL), where, "No such file", NULL);
	options_free(&o);
	/* The command line replaces the file's disk, so its path does not matter. */
	const char *disk = make_image("c.img", 1 << 20, false);
	ck_assert_int_eq(parse_args(&o, "--hda", disk, "-f", rc, NULL), 0);
	ck_assert_str_eq(o.pc.drive[SLOT_ATA0_MASTER].path, disk);
	options_free(&o);
	assert_one_error(parse_args(&o, "-f", path_of("absent.rc"), NULL), "cannot read configuration file", "absent.rc",
			 NULL);
	options_free(&o);
	rc = write_text("bad.rc", "megs: 32\ncpu: count=4\n");
	snprintf(where, sizeof(where), "glasspc: %s:2: cpu: count=4", rc);
	assert_one_error(parse_args(&o, "-f", rc, NULL), where, NULL);
	options_free(&o);
	/* A drive on a channel the file turns off. */
	rc = write_text("off.rc", "ata1: enabled=0\n");
	assert_one_error(parse_args(&o, "-f", rc, "--hdc", disk, NULL), "--hdc", "ata1", "disables", NULL);
	options_free(&o);
}
END_TEST

START_TEST(bochsrc_maps_directives)
{
	struct machine_config cfg;
	struct bochsrc_result res;
	const char *cd = make_image("cd.iso", 1 << 20, true);
	char text[1024];
	snprintf(text, sizeof(text),
		 "memory: guest=128, host=64\n"
		 "cpu: count=1, ips=10000000, model=p2_klamath, reset_on_triple_fault=1, quantum=16\n"
		 "ata0: enabled=1, ioaddr1=0x1f0, ioaddr2=0x3f0, irq=14\n"
		 "ata0-slave: type=cdrom, path=%s, status=inserted, model=\"Generic 1234\", biosdetect=auto\n"
		 "ata1-master: type=cdrom, status=ejected\n"
		 "floppyb: type=1_44\n"
		 "boot: cdrom\n"
		 "com1: enabled=0\n"
		 "com4: enabled=1, mode=file, dev=com4.out\n"
		 "port_e9_hack: enabled=0\n"
		 "parport1: enabled=1, file=\"lpt1.out\"\n"
		 "magic_break: enabled=1\n"
		 "display_library: sdl2, options=\"fullscreen\"\n"
		 "log: -\n"
		 "panic: action=report\n"
		 "debug: action=ignore, cpu0=report\n"
		 "pit: realtime=1\n"
		 "romimage: file=bios.bin, address=0xe0000, options=fastboot\n",
		 cd);
	ck_assert_int_eq(read_rc(&cfg, &res, "m.rc", text), 0);
	ck_assert_uint_eq(cfg.memory_mb, 128);
	ck_assert_uint_eq(cfg.ips, 10000000);
	ck_assert_int_eq(cfg.cpu_model, CPU_P6);
	ck_assert(cfg.reset_on_triple_fault);
	ck_assert_int_eq(cfg.drive[SLOT_ATA0_SLAVE].kind, MEDIA_CDROM);
	ck_assert_str_eq(cfg.drive[SLOT_ATA0_SLAVE].path, cd);
	ck_assert(cfg.drive[SLOT_ATA0_SLAVE].read_only);
	ck_assert_int_eq(cfg.drive[SLOT_ATA1_MASTER].kind, MEDIA_CDROM);
	ck_assert(!cfg.drive[SLOT_ATA1_MASTER].inserted);
	ck_assert_int_eq(cfg.drive[SLOT_FDB].kind, MEDIA_FLOPPY);
	ck_assert_ptr_null(cfg.drive[SLOT_FDB].path);
	ck_assert_int_eq(cfg.drive[SLOT_FDB].floppy_drive, FLOPPY_DRIVE_1440K);
	ck_assert_int_eq(cfg.boot[0], BOOT_CDROM);
	ck_assert(!cfg.serial[0].enabled);
	ck_assert(cfg.serial[3].enabled);
	ck_assert_int_eq(cfg.serial[3].to.kind, ENDPOINT_FILE);
	ck_assert_str_eq(cfg.serial[3].to.path, "com4.out");
	ck_assert_int_eq(cfg.debugcon.kind, ENDPOINT_NONE);
	ck_assert_int_eq(cfg.parallel.kind, ENDPOINT_FILE);
	ck_assert_str_eq(cfg.parallel.path, "lpt1.out");
	ck_assert(cfg.magic_break);
	ck_assert_int_eq(cfg.display, DISPLAY_SDL);
	ck_assert_ptr_null(cfg.log_path);
	ck_assert_int_eq(cfg.log_action[LOG_PANIC], LOG_REPORT);
	ck_assert_int_eq(cfg.log_action[LOG_DEBUG], LOG_IGNORE);
	ck_assert_int_eq(cfg.clock.sync, CLOCK_SYNC_REALTIME);
	ck_assert_int_eq(cfg.firmware.bios, FIRMWARE_FILE);
	ck_assert_str_eq(cfg.firmware.bios_path, "bios.bin");
	ck_assert_uint_eq(cfg.firmware.bios_address, 0xE0000);
	ck_assert_str_eq(res.ignored, "");
	machine_config_free(&cfg);

	/* A type=none line removes the drive; a disk without a path is none. */
	ck_assert_int_eq(read_rc(&cfg, &res, "n.rc",
				 "ata0-master: type=disk, path=c.img\nata0-master: type=none\n"
				 "ata1-slave: type=disk, path=\"\"\nfloppya: 1_44=a.img, type=none\n"),
			 0);
	ck_assert_int_eq(cfg.drive[SLOT_ATA0_MASTER].kind, MEDIA_NONE);
	ck_assert_int_eq(cfg.drive[SLOT_ATA1_SLAVE].kind, MEDIA_NONE);
	ck_assert_int_eq(cfg.drive[SLOT_FDA].kind, MEDIA_NONE);
	machine_config_free(&cfg);

	/* Approximated CPU models are named in the warning. */
	ck_assert_int_eq(read_rc(&cfg, &res, "p.rc", "cpu: model=pentium_mmx\ncpu: model=bx_generic\n"), 0);
	ck_assert_int_eq(cfg.cpu_model, CPU_PENTIUM);
	ck_assert_str_eq(res.ignored, "cpu model=pentium_mmx (as pentium)");
	machine_config_free(&cfg);
}
END_TEST

/* The same machine, said twice. */
START_TEST(bochsrc_equals_cmdline)
{
	const char *fd = make_image("fd.img", 1474560, false);
	const char *hd = make_image("hd.img", 20 << 20, false);
	const char *cd = make_image("cd.iso", 1 << 20, true);
	const char *bios = make_image("bios.bin", 128 << 10, false);
	const char *vga = make_image("vga.bin", 32 << 10, false);
	char text[2048], serial[256], rc_desc[4096], cl_desc[4096];
	setenv("GLASSPC_TEST_DIR", dir, 1);
	snprintf(text, sizeof(text),
		 "# an ordinary bochsrc\n"
		 "megs: 64\n"
		 "cpu: model=pentium, count=1, ips=20000000\n"
		 "romimage: file=$GLASSPC_TEST_DIR/bios.bin\n"
		 "vgaromimage: file=${GLASSPC_TEST_DIR}/vga.bin\n"
		 "floppya: 1_44=\"$GLASSPC_TEST_DIR/fd.img\", status=inserted\n"
		 "ata0: enabled=1, ioaddr1=0x1f0, ioaddr2=0x3f0, irq=14\n"
		 "ata0-master: type=disk, path=\"%s\", mode=flat\n"
		 "ata1-master: type=cdrom, path=\"%s\", status=inserted\n"
		 "boot: cdrom, disk, floppy\n"
		 "clock: sync=realtime, time0=local\n"
		 "com1: enabled=1, mode=file, dev=\"%s/com1.txt\"\n"
		 "port_e9_hack: enabled=0\n"
		 "display_library: nogui\n",
		 hd, cd, dir);
	const char *rc = write_text("equal.rc", text);
	snprintf(serial, sizeof(serial), "file:%s/com1.txt", dir);

	struct options from_rc, from_cl;
	ck_assert_int_eq(parse_args(&from_rc, "-f", rc, NULL), 0);
	ck_assert_str_eq(msgs, "");
	describe(&from_rc.pc, rc_desc, sizeof(rc_desc));
	ck_assert_int_eq(parse_args(&from_cl, "-m", "64", "--cpu", "pentium", "--ips", "20M", "--bios", bios,
				    "--vgabios", vga, "--fda", fd, "--hda", hd, "--cdrom", cd, "--boot", "d,c,a",
				    "--realtime", "--serial", serial, "--debugcon", "none", "--display", "none", NULL),
			 0);
	describe(&from_cl.pc, cl_desc, sizeof(cl_desc));
	ck_assert_str_eq(rc_desc, cl_desc);
	/* The text covers what matters: it names the disks and changes with them. */
	ck_assert_ptr_nonnull(strstr(cl_desc, hd));
	ck_assert_ptr_nonnull(strstr(cl_desc, "hdc: cdrom"));
	ck_assert_ptr_nonnull(strstr(cl_desc, "format=1440K"));
	ck_assert_ptr_nonnull(strstr(cl_desc, "boot: cdrom, disk, floppy\n"));
	ck_assert_int_eq(from_rc.cpu_model, from_cl.cpu_model);
	ck_assert_uint_eq(from_rc.memory_mb, from_cl.memory_mb);
	ck_assert_str_eq(from_rc.debugcon, from_cl.debugcon);
	options_free(&from_cl);

	/* One option different and the descriptions differ. */
	ck_assert_int_eq(parse_args(&from_cl, "-m", "64", "--cpu", "pentium", "--ips", "20M", "--bios", bios,
				    "--vgabios", vga, "--fda", fd, "--hda", hd, "--cdrom", cd, "--boot", "d,c,a",
				    "--realtime", "--serial", serial, "--debugcon", "none", "--display", "none",
				    "--snapshot", NULL),
			 0);
	describe(&from_cl.pc, cl_desc, sizeof(cl_desc));
	ck_assert_str_ne(rc_desc, cl_desc);
	options_free(&from_cl);

	/* The command line overrides the file, wherever it stands. */
	const char *cd2 = make_image("cd2.iso", 1 << 20, true);
	ck_assert_int_eq(parse_args(&from_cl, "-m", "8", "-f", rc, "--boot", "a", "--cdrom", cd2, NULL), 0);
	ck_assert_uint_eq(from_cl.memory_mb, 8);
	ck_assert_int_eq(from_cl.pc.boot[0], BOOT_FLOPPY);
	ck_assert_int_eq(from_cl.pc.boot[1], BOOT_NONE);
	/* --cdrom takes the place of the file's CD. */
	ck_assert_str_eq(from_cl.pc.drive[SLOT_ATA1_MASTER].path, cd2);
	ck_assert_int_eq(from_cl.pc.drive[SLOT_ATA1_MASTER].kind, MEDIA_CDROM);
	options_free(&from_cl);

	/* An IMAGE boots first even when the file has a boot order. */
	ck_assert_int_eq(parse_args(&from_cl, "-f", rc, fd, NULL), 0);
	ck_assert_int_eq(from_cl.pc.boot[0], BOOT_FLOPPY);
	ck_assert_int_eq(from_cl.pc.boot[1], BOOT_DISK);
	ck_assert_int_eq(from_cl.pc.boot[2], BOOT_CDROM);
	options_free(&from_cl);
	options_free(&from_rc);
	unsetenv("GLASSPC_TEST_DIR");
}
END_TEST

START_TEST(cdrom_placement)
{
	struct options o;
	const char *hd = make_image("hd.img", 1 << 20, false), *cd = make_image("cd.iso", 1 << 20, true);
	/* ata1-master taken by --hdc: the CD goes to ata1-slave. */
	ck_assert_int_eq(parse_args(&o, "--hdc", hd, "--snapshot", "--hda", hd, "--cdrom", cd, NULL), 0);
	ck_assert_int_eq(o.pc.drive[SLOT_ATA1_MASTER].kind, MEDIA_HARD_DISK);
	ck_assert_int_eq(o.pc.drive[SLOT_ATA1_SLAVE].kind, MEDIA_CDROM);
	options_free(&o);
	/* All four taken. */
	assert_one_error(parse_args(&o, "--snapshot", "--hda", hd, "--hdb", hd, "--hdc", hd, "--hdd", hd, "--cdrom", cd,
				    NULL),
			 "--cdrom", cd, "no free ATA position", NULL);
	options_free(&o);
}
END_TEST

static Suite *config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("images");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, image_kind_by_size);
	tcase_add_test(tc, image_kind_iso);
	tcase_add_test(tc, image_probe_refuses);
	tcase_add_test(tc, image_floppy_boots_a);
	tcase_add_test(tc, image_disk_and_cd);
	tcase_add_test(tc, image_missing_or_unreadable);
	tcase_add_test(tc, image_conflicts);
	tcase_add_test(tc, cdrom_placement);
	suite_add_tcase(s, tc);

	tc = tcase_create("cmdline");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, cmdline_defaults);
	tcase_add_test(tc, cmdline_everything);
	tcase_add_test(tc, cmdline_spellings);
	tcase_add_loop_test(tc, cmdline_bad_values, 0, (int)(sizeof(bad_lines) / sizeof(bad_lines[0])));
	tcase_add_test(tc, cmdline_bad_syntax);
	suite_add_tcase(s, tc);

	tc = tcase_create("bochsrc");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, bochsrc_syntax);
	tcase_add_test(tc, bochsrc_env_rules);
	tcase_add_test(tc, bochsrc_include);
	tcase_add_loop_test(tc, bochsrc_bad_lines, 0, (int)(sizeof(bad_rcs) / sizeof(bad_rcs[0])));
	tcase_add_test(tc, bochsrc_ignored_warning);
	tcase_add_test(tc, bochsrc_errors_through_cmdline);
	tcase_add_test(tc, bochsrc_maps_directives);
	tcase_add_test(tc, bochsrc_equals_cmdline);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(config_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
