/* A minimal machine for CPU unit tests: RAM, an empty port bus, a CPU of
 * a chosen model, and loading of guest programs built from
 * the .asm files in tests/unit/cpu. */
#ifndef GLASSPC_TESTS_CPU_HARNESS_H
#define GLASSPC_TESTS_CPU_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#include "cpu/cpu.h"

struct harness {
	struct mem *mem;
	struct iobus *io;
	struct cpu *cpu;
};

/* 1 MiB of RAM (16 MiB for the 386), reset CPU. */
void harness_init(struct harness *h, enum cpu_model model);
void harness_free(struct harness *h);
/* Loads bytes at a physical address. */
void harness_load(struct harness *h, uint32_t phys, const void *bytes, size_t len);
/* Loads GUEST_DIR/name.bin at 0000:7C00 and points CS:IP there. */
void harness_load_program(struct harness *h, const char *name);
/* Runs until HLT (or limit); returns the stop reason. */
enum cpu_stop harness_run(struct harness *h, uint64_t limit);
uint8_t peek8(struct harness *h, uint32_t phys);
uint16_t peek16(struct harness *h, uint32_t phys);
uint32_t peek32(struct harness *h, uint32_t phys);

#endif
