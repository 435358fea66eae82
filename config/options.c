/* Command-line parsing; see options.h and docs/usage.md. */
#include "config/options.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu.h"

static void usage(FILE *out)
{
	fputs("usage: glasspc [OPTIONS] [IMAGE]\n"
	      "  --machine pc|bare     the board (bare: a test-ROM machine, see --rom)\n"
	      "  --rom FILE            ROM image for the bare machine, mapped to end at\n"
	      "                        0xFFFFF and 0xFFFFFFFF\n"
	      "  --cpu MODEL           8086, 186, 286, 386 (default 386)\n"
	      "  -m, --memory MB       RAM size in MiB (default 16)\n"
	      "  --max-insns N         stop after N guest instructions\n"
	      "  --debugcon DEST       ports 0xE9/0x402: stdio (default), file:PATH, none\n"
	      "  --post-port PORT      POST code port to log (default 0x80 and 0x190)\n"
	      "  -q, --quiet           no report on standard error at exit\n"
	      "  -h, --help            this text\n"
	      "  --version             the version\n"
	      "With no IMAGE and no --rom, glasspc runs its demo ROM on the bare machine.\n",
	      out);
}

static bool parse_u64(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 0);
	if (errno || end == s || *end || s[0] == '-')
		return false;
	*out = v;
	return true;
}

int options_parse(struct options *opts, int argc, char **argv)
{
	enum { OPT_MACHINE = 256, OPT_ROM, OPT_CPU, OPT_MAX_INSNS, OPT_DEBUGCON, OPT_POST_PORT, OPT_VERSION };
	static const struct option longopts[] = {
		{"machine", required_argument, NULL, OPT_MACHINE},
		{"rom", required_argument, NULL, OPT_ROM},
		{"cpu", required_argument, NULL, OPT_CPU},
		{"memory", required_argument, NULL, 'm'},
		{"max-insns", required_argument, NULL, OPT_MAX_INSNS},
		{"debugcon", required_argument, NULL, OPT_DEBUGCON},
		{"post-port", required_argument, NULL, OPT_POST_PORT},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, OPT_VERSION},
		{NULL, 0, NULL, 0},
	};
	memset(opts, 0, sizeof(*opts));
	opts->machine = MACHINE_PC;
	opts->cpu_model = CPU_386;
	opts->memory_mb = 16;
	opts->debugcon = "stdio";
	bool post_given = false;
	uint64_t v;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":m:qh", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_MACHINE:
			if (!strcmp(optarg, "pc"))
				opts->machine = MACHINE_PC;
			else if (!strcmp(optarg, "bare"))
				opts->machine = MACHINE_BARE;
			else {
				fprintf(stderr, "glasspc: unknown machine '%s' (pc or bare)\n", optarg);
				return -1;
			}
			opts->machine_given = true;
			break;
		case OPT_ROM:
			opts->rom = optarg;
			break;
		case OPT_CPU:
			opts->cpu_model = cpu_model_from_name(optarg);
			if (opts->cpu_model < 0) {
				fprintf(stderr, "glasspc: unknown CPU model '%s' (8086, 186, 286, 386)\n", optarg);
				return -1;
			}
			break;
		case 'm':
			if (!parse_u64(optarg, &v) || v < 1 || v > 3072) {
				fprintf(stderr, "glasspc: bad memory size '%s' (1 to 3072 MiB)\n", optarg);
				return -1;
			}
			opts->memory_mb = (uint32_t)v;
			break;
		case OPT_MAX_INSNS:
			if (!parse_u64(optarg, &v) || v == 0) {
				fprintf(stderr, "glasspc: bad instruction count '%s'\n", optarg);
				return -1;
			}
			opts->max_insns = v;
			break;
		case OPT_DEBUGCON:
			if (strcmp(optarg, "stdio") && strcmp(optarg, "none") && strncmp(optarg, "file:", 5)) {
				fprintf(stderr, "glasspc: bad --debugcon destination '%s' (stdio, file:PATH, none)\n", optarg);
				return -1;
			}
			opts->debugcon = optarg;
			break;
		case OPT_POST_PORT:
			if (!parse_u64(optarg, &v) || v > 0xFFFF || (post_given && opts->npost_ports >= OPTIONS_MAX_POST_PORTS)) {
				fprintf(stderr, "glasspc: bad POST port '%s'\n", optarg);
				return -1;
			}
			if (!post_given)
				opts->npost_ports = 0;
			post_given = true;
			opts->post_ports[opts->npost_ports++] = (uint16_t)v;
			break;
		case 'q':
			opts->quiet = true;
			break;
		case 'h':
			usage(stdout);
			return 1;
		case OPT_VERSION:
			puts("glasspc " PACKAGE_VERSION);
			return 1;
		case ':':
			fprintf(stderr, "glasspc: option '%s' needs a value\n", argv[optind - 1]);
			return -1;
		default:
			fprintf(stderr, "glasspc: unknown option '%s' (try --help)\n", argv[optind - 1]);
			return -1;
		}
	}
	if (!post_given) {
		opts->post_ports[0] = 0x80;
		opts->post_ports[1] = 0x190;
		opts->npost_ports = 2;
	}
	if (optind < argc)
		opts->image = argv[optind++];
	if (optind < argc) {
		fprintf(stderr, "glasspc: more than one IMAGE given ('%s')\n", argv[optind]);
		return -1;
	}
	return 0;
}
