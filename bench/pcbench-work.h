/* The full-system benchmark's integer mix (bench/pcbench-work.c), shared
 * by the guest (bench/pcbench-guest.c, built with gcc -m32 -ffreestanding
 * and run by the emulator) and the host reference (bench/pcbench-ref.c,
 * built for and run by the host CPU).  The same C source gives the same
 * results on both: it has no undefined or implementation-defined
 * behaviour, and the only guest-specific parts (REP string instructions
 * and a 64/32 DIV in inline assembly) have plain-C twins with the same
 * results. */
#ifndef GLASSPC_BENCH_PCBENCH_WORK_H
#define GLASSPC_BENCH_PCBENCH_WORK_H

#include <stdint.h>

/* Runs ROUNDS rounds of the mix starting from SEED; returns the
 * checksum of all of them. */
uint32_t pcwork_run(uint32_t rounds, uint32_t seed);

/* The seeds of the two runs the guest makes: paging off, then on. */
#define PCWORK_SEED_FLAT 0x13579BDFu
#define PCWORK_SEED_PAGED 0x2468ACE1u

#endif
