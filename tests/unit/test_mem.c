/* The physical address space: region priority, ROM, MMIO, A20, the
 * address mask, code-page marks. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "memory/mem.h"

static uint8_t rom[8192];

START_TEST(test_newer_region_wins_after_older_hit)
{
	struct mem *m = mem_create(1u << 20, 0xFFFFF);
	for (unsigned n = 0; n < sizeof(rom); n++)
		rom[n] = (uint8_t)(0xA0 + n);
	mem_map_rom(m, 0xFE000, sizeof(rom), rom, "rom");
	mem_write8(m, 0x1000, 0x55); /* a hit in RAM first */
	ck_assert_uint_eq(mem_read8(m, 0x1000), 0x55);
	ck_assert_uint_eq(mem_read8(m, 0xFE001), 0xA1);
	ck_assert_uint_eq(mem_read8(m, 0x1000), 0x55);
	ck_assert_ptr_eq(mem_page_host(m, 0xFE000, false), rom);
	ck_assert_ptr_null(mem_page_host(m, 0xFE000, true)); /* ROM: no write pointer */
	mem_write8(m, 0xFE001, 0x00);                        /* dropped */
	ck_assert_uint_eq(mem_read8(m, 0xFE001), 0xA1);
	mem_destroy(m);
}
END_TEST

static uint32_t mmio_last_offset, mmio_last_value;
static unsigned mmio_last_size;
static uint32_t mmio_read(void *o, uint32_t off, unsigned size) { return 0x12345678u >> (8 * (4 - size)); }
static void mmio_write(void *o, uint32_t off, uint32_t v, unsigned size)
{
	mmio_last_offset = off;
	mmio_last_value = v;
	mmio_last_size = size;
}

START_TEST(test_mmio_and_unmapped)
{
	static const struct mmio_ops ops = {mmio_read, mmio_write};
	struct mem *m = mem_create(1u << 20, 0xFFFFFFFF);
	mem_map_mmio(m, 0xA0000, 0x20000, &ops, NULL, "vga");
	mem_write16(m, 0xA0010, 0xBEEF);
	ck_assert_uint_eq(mmio_last_offset, 0x10);
	ck_assert_uint_eq(mmio_last_value, 0xBEEF);
	ck_assert_uint_eq(mmio_last_size, 2);
	ck_assert_ptr_null(mem_page_host(m, 0xA0000, false));
	ck_assert_uint_eq(mem_read8(m, 0x20000000), 0xFF); /* nothing there */
	mem_destroy(m);
}
END_TEST

START_TEST(test_a20_and_bus_mask)
{
	struct mem *m = mem_create(2u << 20, 0xFFFFFFFF);
	mem_write8(m, 0x100000, 0x11);
	mem_write8(m, 0x000000, 0x22);
	ck_assert_uint_eq(mem_read8(m, 0x100000), 0x11);
	uint32_t gen = m->generation;
	mem_set_a20(m, false);
	ck_assert_uint_ne(m->generation, gen);
	ck_assert_uint_eq(mem_read8(m, 0x100000), 0x22); /* wraps to 0 */
	mem_set_a20(m, true);
	ck_assert_uint_eq(mem_read8(m, 0x100000), 0x11);
	mem_destroy(m);

	m = mem_create(1u << 20, 0xFFFFF); /* the 8086's 20 lines */
	mem_write8(m, 0x00005, 0x33);
	ck_assert_uint_eq(mem_read8(m, 0x100005), 0x33);
	mem_destroy(m);
}
END_TEST

static int code_writes;
static void on_code_write(void *o, const uint8_t *host, unsigned len) { code_writes++; }

START_TEST(test_code_marks)
{
	struct mem *m = mem_create(1u << 20, 0xFFFFF);
	m->on_code_write = on_code_write;
	ck_assert_ptr_nonnull(mem_page_host(m, 0x7000, true));
	mem_mark_code(m, 0x7C00);
	ck_assert(mem_page_has_code(m, 0x7000));
	ck_assert_ptr_null(mem_page_host(m, 0x7000, true));
	code_writes = 0;
	mem_write8(m, 0x7C10, 1);
	mem_write8(m, 0x8C10, 1);
	ck_assert_int_eq(code_writes, 1);
	mem_clear_code_marks(m);
	ck_assert(!mem_page_has_code(m, 0x7000));
	mem_destroy(m);
}
END_TEST

START_TEST(test_remap_and_disable)
{
	static const struct mmio_ops ops = {mmio_read, mmio_write};
	static uint8_t shadow_rom[0x4000];
	struct mem *m = mem_create(1u << 20, 0xFFFFFFFF);
	memset(shadow_rom, 0x5A, sizeof(shadow_rom));
	m->ram[0xE0010] = 0x11;
	int hole = mem_map_mmio(m, 0xE0000, 0x4000, &ops, NULL, "hole");
	int r = mem_map_rom(m, 0xE0000, 0x4000, shadow_rom, "pam");
	ck_assert_int_ge(hole, 0);
	ck_assert_int_gt(r, hole);
	ck_assert_uint_eq(mem_read8(m, 0xE0010), 0x5A);
	/* The same place becomes RAM: reads and writes reach RAM. */
	uint32_t gen = m->generation;
	ck_assert_int_eq(mem_remap(m, r, MEM_RAM, m->ram + 0xE0000, NULL, NULL), 0);
	ck_assert_uint_ne(m->generation, gen);
	ck_assert_uint_eq(mem_read8(m, 0xE0010), 0x11);
	mem_write8(m, 0xE0010, 0x22);
	ck_assert_uint_eq(m->ram[0xE0010], 0x22);
	ck_assert_ptr_eq(mem_page_host(m, 0xE0000, true), m->ram + 0xE0000);
	/* Read-only RAM: ROM backed by the RAM bytes. */
	mem_remap(m, r, MEM_ROM, m->ram + 0xE0000, NULL, NULL);
	mem_write8(m, 0xE0010, 0x33);
	ck_assert_uint_eq(mem_read8(m, 0xE0010), 0x22);
	/* Disabled: the MMIO hole below shows through. */
	gen = m->generation;
	ck_assert_int_eq(mem_region_enable(m, r, false), 0);
	ck_assert_uint_ne(m->generation, gen);
	ck_assert_uint_eq(mem_read8(m, 0xE0010), 0x12);
	mem_write8(m, 0xE0011, 0x44);
	ck_assert_uint_eq(mmio_last_offset, 0x11);
	ck_assert_ptr_null(mem_page_host(m, 0xE0000, false));
	mem_region_enable(m, r, true);
	ck_assert_uint_eq(mem_read8(m, 0xE0010), 0x22);
	ck_assert_int_eq(mem_remap(m, 99, MEM_RAM, NULL, NULL, NULL), -1);
	ck_assert_int_eq(mem_region_enable(m, -1, true), -1);
	mem_destroy(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("mem");
	TCase *tc = tcase_create("space");
	tcase_add_test(tc, test_newer_region_wins_after_older_hit);
	tcase_add_test(tc, test_mmio_and_unmapped);
	tcase_add_test(tc, test_a20_and_bus_mask);
	tcase_add_test(tc, test_code_marks);
	tcase_add_test(tc, test_remap_and_disable);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
