/* The full-system benchmark's expected output, computed by the host CPU
 * running the same integer mix (bench/pcbench-work.c, its plain-C
 * forms of the REP and DIV instructions), without glasspc:
 *     pcbench-ref ROUNDS
 * prints the line the guest must print on COM1 for an image built with
 * that many rounds. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "pcbench-work.h"

int main(int argc, char **argv)
{
	char *end;
	errno = 0;
	unsigned long rounds = argc == 2 ? strtoul(argv[1], &end, 10) : 0;
	if (argc != 2 || errno || end == argv[1] || *end || rounds > UINT32_MAX) {
		fprintf(stderr, "usage: pcbench-ref ROUNDS\n");
		return 2;
	}
	uint32_t flat = pcwork_run((uint32_t)rounds, PCWORK_SEED_FLAT);
	uint32_t paged = pcwork_run((uint32_t)rounds, PCWORK_SEED_PAGED);
	printf("pcbench: rounds %lu paging-off %08" PRIX32 " paging-on %08" PRIX32 "\n", rounds, flat, paged);
	return 0;
}
