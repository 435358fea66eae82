/* See cpu_harness.h. */
#include "tests/unit/cpu_harness.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>

void harness_init(struct harness *h, enum cpu_model model)
{
	uint32_t bus = cpu_model_bus_mask(model);
	h->mem = mem_create(model >= CPU_386 ? 16u << 20 : 1u << 20, bus);
	h->io = iobus_create();
	ck_assert_ptr_nonnull(h->mem);
	ck_assert_ptr_nonnull(h->io);
	h->cpu = cpu_create(model, h->mem, h->io);
	ck_assert_ptr_nonnull(h->cpu);
}

void harness_free(struct harness *h)
{
	cpu_destroy(h->cpu);
	iobus_destroy(h->io);
	mem_destroy(h->mem);
}

void harness_load(struct harness *h, uint32_t phys, const void *bytes, size_t len)
{
	mem_load(h->mem, phys, bytes, len);
	cpu_flush_caches(h->cpu);
}

void harness_load_program(struct harness *h, const char *name)
{
	char path[512];
	uint8_t buf[65536];
	snprintf(path, sizeof(path), "%s/%s.bin", GUEST_DIR, name);
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s (built by make check)", path);
	size_t n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	ck_assert_uint_gt(n, 0);
	harness_load(h, 0x7C00, buf, n);
	cpu_load_seg_real(h->cpu, S_CS, 0);
	cpu_set_eip(h->cpu, 0x7C00);
}

enum cpu_stop harness_run(struct harness *h, uint64_t limit)
{
	return cpu_run(h->cpu, h->cpu->icount + limit);
}

uint8_t peek8(struct harness *h, uint32_t phys) { return mem_read8(h->mem, phys); }
uint16_t peek16(struct harness *h, uint32_t phys) { return mem_read16(h->mem, phys); }
uint32_t peek32(struct harness *h, uint32_t phys) { return mem_read32(h->mem, phys); }
