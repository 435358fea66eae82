/* The i440FX host bridge through PCI configuration cycles: identity,
 * shadow RAM (PAM) as the CPU would see memory, SMRAM, DRAM rows. */
#include "iodev/i440fx.h"

#include <string.h>

#include "tests/unit/test_iodev.h"

static inline void outl(struct iobus *bus, uint16_t port, uint32_t value)
{
	iobus_write(bus, port, value, 4);
}

static inline uint32_t inl(struct iobus *bus, uint16_t port)
{
	return iobus_read(bus, port, 4);
}

static struct iobus *bus;
static struct pci_bus *pci;
static struct mem *mem;
static struct i440fx *pmc;
static uint8_t bios[I440FX_BIOS_SIZE];

static uint32_t empty_read(void *o, uint32_t off, unsigned size) { return 0xFFFFFFFFu; }
static void empty_write(void *o, uint32_t off, uint32_t v, unsigned size) { }
static const struct mmio_ops empty_ops = {empty_read, empty_write};

static void setup(void)
{
	for (unsigned n = 0; n < sizeof(bios); n++)
		bios[n] = (uint8_t)(n * 7 + 1);
	bus = iobus_create();
	pci = pci_create(bus);
	mem = mem_create(16u << 20, 0xFFFFFFFF);
	ck_assert_ptr_nonnull(mem);
	for (unsigned n = 0xC0000; n < 0x100000; n++)
		mem->ram[n] = 0xAA; /* what the DRAM behind the shadow holds */
	/* As the machine does: nothing answers in C0000-DFFFF. */
	mem_map_mmio(mem, 0xC0000, 0x20000, &empty_ops, NULL, "isa");
	pmc = i440fx_create(pci, mem, bios);
	ck_assert_ptr_nonnull(pmc);
}

static void teardown(void)
{
	i440fx_destroy(pmc);
	pci_destroy(pci);
	mem_destroy(mem);
	iobus_destroy(bus);
}

static void config_write8(unsigned reg, uint8_t value)
{
	outl(bus, 0xCF8, 0x80000000u | (reg & 0xFC));
	outb(bus, (uint16_t)(0xCFC + (reg & 3)), value);
}

static uint8_t config_read8(unsigned reg)
{
	outl(bus, 0xCF8, 0x80000000u | (reg & 0xFC));
	return inb(bus, (uint16_t)(0xCFC + (reg & 3)));
}

START_TEST(test_identity)
{
	outl(bus, 0xCF8, 0x80000000);
	ck_assert_uint_eq(inl(bus, 0xCFC), 0x12378086);
	outl(bus, 0xCF8, 0x80000008);
	ck_assert_uint_eq(inl(bus, 0xCFC) >> 8, 0x060000);
	ck_assert_uint_eq(config_read8(PCI_HEADER_TYPE), 0x00);
	/* 16 MiB: 2 rows of 8 MiB, cumulative in every boundary register. */
	ck_assert_uint_eq(config_read8(0x60), 2);
	ck_assert_uint_eq(config_read8(0x67), 2);
}
END_TEST

START_TEST(test_power_on_reads_rom)
{
	for (unsigned n = I440FX_PAM0; n <= I440FX_PAM0 + 6; n++)
		ck_assert_uint_eq(config_read8(n), 0);
	ck_assert_uint_eq(mem_read8(mem, 0xFFFF0), bios[0x1FFF0]);
	ck_assert_uint_eq(mem_read8(mem, 0xE0000), bios[0]);
	ck_assert_uint_eq(mem_read8(mem, 0xC0000), 0xFF); /* to the bus: nothing */
	mem_write8(mem, 0xF0000, 0x55);
	ck_assert_uint_eq(mem_read8(mem, 0xF0000), bios[0x10000]);
	ck_assert_uint_eq(mem->ram[0xF0000], 0xAA); /* the write went nowhere */
	ck_assert_ptr_eq(mem_page_host(mem, 0xF0000, false), bios + 0x10000);
}
END_TEST

START_TEST(test_firmware_shadowing_sequence)
{
	/* SeaBIOS: everything read/write, copy, then read-only. */
	outl(bus, 0xCF8, 0x80000058);
	outl(bus, 0xCFC, 0x33333000);
	outl(bus, 0xCF8, 0x8000005C);
	outl(bus, 0xCFC, 0x33333333);
	ck_assert_uint_eq(config_read8(0x59), 0x30);
	ck_assert_uint_eq(mem_read8(mem, 0xF1234), 0xAA); /* now DRAM */
	ck_assert_uint_eq(mem_read8(mem, 0xC0000), 0xAA);
	for (unsigned n = 0; n < I440FX_BIOS_SIZE; n++)
		mem_write8(mem, I440FX_BIOS_BASE + n, bios[n]);
	ck_assert_ptr_eq(mem_page_host(mem, 0xF0000, true), mem->ram + 0xF0000);
	config_write8(0x59, 0x10);
	ck_assert_uint_eq(mem_read8(mem, 0xFFFF0), bios[0x1FFF0]);
	ck_assert_ptr_eq(mem_page_host(mem, 0xF0000, false), mem->ram + 0xF0000);
	mem_write8(mem, 0xFFFF0, 0x99); /* locked */
	ck_assert_uint_eq(mem_read8(mem, 0xFFFF0), bios[0x1FFF0]);
	ck_assert_ptr_null(mem_page_host(mem, 0xF0000, true));
	/* The E segment (PAM5/6) is still writable. */
	mem_write8(mem, 0xE0010, 0x77);
	ck_assert_uint_eq(mem_read8(mem, 0xE0010), 0x77);
}
END_TEST

START_TEST(test_write_only_and_segments)
{
	/* Bochs BIOS style: write to DRAM while reading the ROM, for the
	 * 16 KiB at E4000 only (PAM5 high nibble). */
	config_write8(0x5E, 0x20);
	ck_assert_uint_eq(mem_read8(mem, 0xE4000), bios[0x4000]);
	mem_write8(mem, 0xE4000, 0x42);
	mem_write16(mem, 0xE4002, 0x4443);
	ck_assert_uint_eq(mem_read8(mem, 0xE4000), bios[0x4000]);
	ck_assert_uint_eq(mem->ram[0xE4000], 0x42);
	ck_assert_uint_eq(mem->ram[0xE4003], 0x44);
	ck_assert_uint_eq(mem_read8(mem, 0xE3FFF), bios[0x3FFF]); /* E0000 untouched */
	ck_assert_uint_eq(mem_read8(mem, 0xE8000), bios[0x8000]);
	config_write8(0x5E, 0x10);
	ck_assert_uint_eq(mem_read8(mem, 0xE4000), 0x42);
	ck_assert_uint_eq(mem_read8(mem, 0xE0000), bios[0]); /* low nibble 0: the ROM */
	/* C8000 (PAM2 low nibble): read-only DRAM; CC000 untouched. */
	config_write8(0x5B, 0x01);
	ck_assert_uint_eq(mem_read8(mem, 0xC8000), 0xAA);
	mem_write8(mem, 0xC8000, 0x01);
	ck_assert_uint_eq(mem_read8(mem, 0xC8000), 0xAA);
	ck_assert_uint_eq(mem_read8(mem, 0xCC000), 0xFF);
	/* Reserved bits of PAM0 read 0. */
	config_write8(0x59, 0xFF);
	ck_assert_uint_eq(config_read8(0x59), 0x30);
	/* Reset: all back to the bus. */
	i440fx_reset(pmc);
	ck_assert_uint_eq(mem_read8(mem, 0xE4000), bios[0x4000]);
	ck_assert_uint_eq(mem_read8(mem, 0xC8000), 0xFF);
}
END_TEST

static int code_writes;
static void on_code_write(void *o, const uint8_t *host, unsigned len) { code_writes++; }

START_TEST(test_write_only_drops_stale_code)
{
	mem->on_code_write = on_code_write;
	config_write8(0x59, 0x30);
	mem_mark_code(mem, 0xF0000);
	config_write8(0x59, 0x20);
	mem_write8(mem, 0xF0010, 0x90);
	ck_assert_int_eq(code_writes, 1);
}
END_TEST

START_TEST(test_smram)
{
	ck_assert_uint_eq(config_read8(I440FX_SMRAM), 0x02);
	config_write8(I440FX_SMRAM, 0x4A);
	ck_assert_uint_eq(config_read8(I440FX_SMRAM), 0x4A);
	config_write8(I440FX_SMRAM, 0x5A); /* lock: D_OPEN drops */
	ck_assert_uint_eq(config_read8(I440FX_SMRAM), 0x1A);
	config_write8(I440FX_SMRAM, 0x62); /* only D_CLS still moves */
	ck_assert_uint_eq(config_read8(I440FX_SMRAM), 0x3A);
	i440fx_reset(pmc);
	ck_assert_uint_eq(config_read8(I440FX_SMRAM), 0x02);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("i440fx");
	TCase *tc = tcase_create("pmc");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_identity);
	tcase_add_test(tc, test_power_on_reads_rom);
	tcase_add_test(tc, test_firmware_shadowing_sequence);
	tcase_add_test(tc, test_write_only_and_segments);
	tcase_add_test(tc, test_write_only_drops_stale_code);
	tcase_add_test(tc, test_smram);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
