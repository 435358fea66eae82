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
			snprintf(buf, len, "%s/bios/%s", exe, name);
			if (access(buf, R_OK) == 0)
				return buf;
		}
	}
	snprintf(buf, len, "%s/%s", PKGDATADIR, name);
	return access(buf, R_OK) == 0 ? buf : NULL;
}

static int run(struct options *opts)
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
	/* The PC: asked for, or given something to boot.  With nothing at
	 * all on the command line, the demo. */
	if (opts->machine_given || !options_run_bare(opts))
		return pc_machine_run(opts);
	char path[PATH_MAX];
	const char *demo = find_data_file("demo.rom", path, sizeof(path));
	if (!demo) {
		fprintf(stderr, "glasspc: demo ROM 'demo.rom' not found (set GLASSPC_DATADIR or run 'make')\n");
		return EXIT_USAGE;
	}
	return bare_machine_run(opts, demo);
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
	int status = r < 0 ? EXIT_USAGE : r > 0 ? EXIT_OK : run(&opts);
	options_free(&opts);
	return status;
}
