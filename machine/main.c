/* glasspc: the program.  Parses the command line and runs the machine it
 * names. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/options.h"
#include "machine/bare.h"
#include "machine/pc.h"

/* Finds a data file of ours: $GLASSPC_DATADIR, then beside the program
 * (an uninstalled build tree), then the installed data folder. */
static const char *find_data_file(const char *name, char *buf, size_t len)
{
	const char *env = getenv("GLASSPC_DATADIR");
	if (env) {
		snprintf(buf, len, "%s/%s", env, name);
		if (access(buf, R_OK) == 0)
			return buf;
	}
	char exe[PATH_MAX - 16];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = 0;
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = 0;
			snprintf(buf, len, "%s/demo/%s", exe, name);
			if (access(buf, R_OK) == 0)
				return buf;
		}
	}
	snprintf(buf, len, "%s/%s", PKGDATADIR, name);
	return access(buf, R_OK) == 0 ? buf : NULL;
}

/* Nothing to boot: the PC boots the demo floppy (demo/), as if the
 * command line had ended with its path, as a snapshot (it may be shared
 * and read-only).  COM1, unless --serial says where, goes to standard output
 * so that a run without a window shows the demo too; and unless
 * --display none, guest time never runs ahead of the host's, so that the
 * demo's animation keeps its pace. */
static int run_demo(struct options *opts, int argc, char **argv)
{
	char path[PATH_MAX];
	const char *demo = find_data_file("demo.img", path, sizeof(path));
	if (!demo) {
		fprintf(stderr, "glasspc: demo disk 'demo.img' not found (set GLASSPC_DATADIR or run 'make')\n");
		return EXIT_USAGE;
	}
	char **args = calloc((size_t)argc + 3, sizeof(*args));
	if (!args) {
		fprintf(stderr, "glasspc: out of memory\n");
		return EXIT_USAGE;
	}
	args[0] = argv[0];
	args[1] = "--snapshot";
	memcpy(args + 2, argv + 1, (size_t)(argc - 1) * sizeof(*args));
	args[argc + 1] = (char *)demo;
	options_free(opts);
	int r = options_parse(opts, argc + 2, args);
	free(args);
	if (r)
		return r < 0 ? EXIT_USAGE : EXIT_OK;
	if (!opts->serial_given && opts->pc.serial[0].enabled && opts->pc.serial[0].to.kind == ENDPOINT_NONE)
		opts->pc.serial[0].to.kind = ENDPOINT_STDIO;
	/* The terminal is the demo's: SeaBIOS's log stays off it unless
	 * asked for. */
	if (!opts->debugcon_given && opts->pc.debugcon.kind == ENDPOINT_STDIO)
		opts->pc.debugcon.kind = ENDPOINT_NONE;
	if (opts->pc.clock.sync == CLOCK_SYNC_NONE && opts->pc.display != DISPLAY_NONE)
		opts->pc.clock.sync = CLOCK_SYNC_SLOWDOWN;
	return pc_machine_run(opts);
}

static int run(struct options *opts, int argc, char **argv)
{
	if (opts->rom && !opts->machine_given)
		opts->machine = MACHINE_BARE;
	if (opts->machine == MACHINE_BARE) {
		if (!opts->rom) {
			fprintf(stderr, "glasspc: the bare machine needs --rom FILE\n");
			return EXIT_USAGE;
		}
		return bare_machine_run(opts, opts->rom);
	}
	if (options_boot_demo(opts))
		return run_demo(opts, argc, argv);
	return pc_machine_run(opts);
}

int main(int argc, char **argv)
{
	struct options opts;
	/* The debugging options first, out of argv (config/debug_options.h). */
	struct debug_options debug;
	if (debug_options_extract(&debug, &argc, argv))
		return EXIT_USAGE;
	bare_machine_set_debug_options(&debug);
	pc_machine_set_debug_options(&debug);
	int r = options_parse(&opts, argc, argv);
	int status = r < 0 ? EXIT_USAGE : r > 0 ? EXIT_OK : run(&opts, argc, argv);
	options_free(&opts);
	return status;
}
