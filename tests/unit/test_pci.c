/* PCI configuration mechanism #1 and the function registry, through
 * ports 0xCF8 and 0xCFC-0xCFF; and the port bus's unregistering, which
 * movable PCI I/O blocks rely on. */
#include "iodev/pci.h"

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

static uint32_t cfg_addr(unsigned devfn, unsigned reg)
{
	return 0x80000000u | devfn << 8 | (reg & 0xFC);
}

struct record {
	int writes;
	unsigned last_offset, last_size;
	int bar_calls;
	int last_bar;
	uint32_t last_address;
	bool last_enabled;
};

static void rec_written(void *opaque, struct pci_function *fn, unsigned offset, unsigned size)
{
	struct record *r = opaque;
	r->writes++;
	r->last_offset = offset;
	r->last_size = size;
}

static void rec_bar(void *opaque, struct pci_function *fn, int bar, uint32_t address, bool enabled)
{
	struct record *r = opaque;
	r->bar_calls++;
	r->last_bar = bar;
	r->last_address = address;
	r->last_enabled = enabled;
}

static const struct pci_function_ops rec_ops = {rec_written, rec_bar};

static struct iobus *bus;
static struct pci_bus *pci;
static struct pci_function *fn;
static struct record rec;

#define DEVFN PCI_DEVFN(3, 0)

static void setup(void)
{
	memset(&rec, 0, sizeof(rec));
	bus = iobus_create();
	ck_assert_ptr_nonnull(bus);
	pci = pci_create(bus);
	ck_assert_ptr_nonnull(pci);
	fn = pci_add_function(pci, DEVFN, &rec_ops, &rec);
	ck_assert_ptr_nonnull(fn);
	pci_config_set_header(fn, 0x1234, 0x5678, 0x030001, 0x07, 0x00);
}

static void teardown(void)
{
	pci_destroy(pci);
	iobus_destroy(bus);
}

START_TEST(test_address_register)
{
	outl(bus, 0xCF8, 0xFFFFFFFF);
	/* Reserved bits 30-24 and the type bits 1-0 read 0. */
	ck_assert_uint_eq(inl(bus, 0xCF8), 0x80FFFFFC);
	outl(bus, 0xCF8, 0x80000000);
	ck_assert_uint_eq(inl(bus, 0xCF8), 0x80000000);
	/* Byte and word accesses are not the address register. */
	outb(bus, 0xCF8, 0x12);
	ck_assert_uint_eq(inl(bus, 0xCF8), 0x80000000);
	ck_assert_uint_eq(inb(bus, 0xCF8), 0xFF);
	ck_assert_uint_eq(inw(bus, 0xCF8), 0xFFFF);
	/* 0xCF9 belongs to someone else (the PIIX3). */
	ck_assert_ptr_null(bus->port[0xCF9]);
}
END_TEST

START_TEST(test_ids_by_width)
{
	outl(bus, 0xCF8, cfg_addr(DEVFN, 0));
	ck_assert_uint_eq(inl(bus, 0xCFC), 0x56781234);
	ck_assert_uint_eq(inw(bus, 0xCFE), 0x5678);
	ck_assert_uint_eq(inb(bus, 0xCFD), 0x12);
	outl(bus, 0xCF8, cfg_addr(DEVFN, PCI_REVISION));
	ck_assert_uint_eq(inl(bus, 0xCFC), 0x03000107);
	ck_assert_uint_eq(inb(bus, 0xCFF), 0x03);
}
END_TEST

START_TEST(test_master_abort)
{
	outl(bus, 0xCF8, cfg_addr(PCI_DEVFN(4, 0), 0)); /* nobody */
	ck_assert_uint_eq(inl(bus, 0xCFC), 0xFFFFFFFF);
	outl(bus, 0xCF8, cfg_addr(DEVFN, 0) | 1u << 16); /* bus 1 */
	ck_assert_uint_eq(inl(bus, 0xCFC), 0xFFFFFFFF);
	outl(bus, 0xCF8, cfg_addr(DEVFN, 0) & ~0x80000000u); /* disabled */
	ck_assert_uint_eq(inl(bus, 0xCFC), 0xFFFFFFFF);
	outl(bus, 0xCFC, 0); /* and writes go nowhere */
	ck_assert_int_eq(rec.writes, 0);
	/* A function number beyond what was registered. */
	outl(bus, 0xCF8, cfg_addr(DEVFN | 1, 0));
	ck_assert_uint_eq(inw(bus, 0xCFC), 0xFFFF);
}
END_TEST

START_TEST(test_write_masks)
{
	pci_config_set_writable(fn, 0x40, 0x0F);
	pci_config_set8(fn, 0x41, 0xF0);
	pci_config_set_write_clear(fn, 0x41, 0x30);
	outl(bus, 0xCF8, cfg_addr(DEVFN, 0x40));
	outl(bus, 0xCFC, 0x00003055);
	/* 0x40: only the low nibble; 0x41: bits 5-4 cleared by ones, the
	 * rest read-only; 0x42 read-only. */
	ck_assert_uint_eq(inl(bus, 0xCFC), 0x0000C005);
	ck_assert_int_eq(rec.writes, 1);
	ck_assert_uint_eq(rec.last_offset, 0x40);
	ck_assert_uint_eq(rec.last_size, 4);
	/* The IDs are read-only. */
	outl(bus, 0xCF8, cfg_addr(DEVFN, 0));
	outl(bus, 0xCFC, 0);
	ck_assert_uint_eq(inl(bus, 0xCFC), 0x56781234);
	/* A word at lane 2, a byte at lane 3, and bytes past the dword. */
	outl(bus, 0xCF8, cfg_addr(DEVFN, 0x40));
	outw(bus, 0xCFE, 0xFFFF);
	ck_assert_uint_eq(rec.last_offset, 0x42);
	ck_assert_uint_eq(rec.last_size, 2);
	iobus_write(bus, 0xCFF, 0xFFFFFFFF, 4);
	ck_assert_uint_eq(rec.last_offset, 0x43);
	ck_assert_uint_eq(rec.last_size, 1);
	ck_assert_uint_eq(iobus_read(bus, 0xCFE, 4), 0xFFFF0000);
}
END_TEST

START_TEST(test_command_and_interrupt_line)
{
	outl(bus, 0xCF8, cfg_addr(DEVFN, PCI_COMMAND));
	outw(bus, 0xCFC, 0xFFFF);
	ck_assert_uint_eq(inw(bus, 0xCFC), 0x0507);
	outl(bus, 0xCF8, cfg_addr(DEVFN, PCI_INTERRUPT_LINE));
	outb(bus, 0xCFC, 11);
	ck_assert_uint_eq(inb(bus, 0xCFC), 11);
}
END_TEST

START_TEST(test_bar_sizing)
{
	pci_set_bar(fn, 0, PCI_BAR_IO, 16);
	pci_set_bar(fn, 1, PCI_BAR_MEM32, 0x1000);
	pci_set_bar(fn, 2, PCI_BAR_MEM32_PREFETCH, 16u << 20);
	pci_set_bar(fn, PCI_ROM_BAR_INDEX, PCI_BAR_ROM, 0x10000);
	pci_set_bar(fn, 3, PCI_BAR_IO, 12); /* not a power of two: refused */
	outl(bus, 0xCF8, cfg_addr(DEVFN, PCI_BAR0));
	ck_assert_uint_eq(inl(bus, 0xCFC), 0x00000001);
	outl(bus, 0xCFC, 0xFFFFFFFF);
	ck_assert_uint_eq(inl(bus, 0xCFC), 0xFFFFFFF1);
	outl(bus, 0xCF8, cfg_addr(DEVFN, PCI_BAR0 + 4));
	outl(bus, 0xCFC, 0xFFFFFFFF);
	ck_assert_uint_eq(inl(bus, 0xCFC), 0xFFFFF000);
	outl(bus, 0xCF8, cfg_addr(DEVFN, PCI_BAR0 + 8));
	outl(bus, 0xCFC, 0xFFFFFFFF);
	ck_assert_uint_eq(inl(bus, 0xCFC), 0xFF000008);
	outl(bus, 0xCF8, cfg_addr(DEVFN, PCI_BAR0 + 12));
	outl(bus, 0xCFC, 0xFFFFFFFF);
	ck_assert_uint_eq(inl(bus, 0xCFC), 0);
	/* SeaBIOS sizes the ROM BAR with 0xFFFFF800 (enable clear). */
	outl(bus, 0xCF8, cfg_addr(DEVFN, PCI_ROM_BAR));
	outl(bus, 0xCFC, 0xFFFFF800);
	ck_assert_uint_eq(inl(bus, 0xCFC), 0xFFFF0000);
	ck_assert_int_eq(rec.bar_calls, 0); /* nothing decodes yet */
}
END_TEST

START_TEST(test_bar_decoding)
{
	pci_set_bar(fn, 4, PCI_BAR_IO, 16);
	pci_set_bar(fn, PCI_ROM_BAR_INDEX, PCI_BAR_ROM, 0x8000);
	outl(bus, 0xCF8, cfg_addr(DEVFN, PCI_BAR0 + 16));
	outl(bus, 0xCFC, 0xC001);
	ck_assert_int_eq(rec.bar_calls, 0); /* moved, but decoding nothing */
	outl(bus, 0xCF8, cfg_addr(DEVFN, PCI_COMMAND));
	outw(bus, 0xCFC, PCI_COMMAND_IO);
	ck_assert_int_eq(rec.bar_calls, 1);
	ck_assert_int_eq(rec.last_bar, 4);
	ck_assert_uint_eq(rec.last_address, 0xC000);
	ck_assert(rec.last_enabled);
	ck_assert_uint_eq(pci_bar_address(fn, 4), 0xC000);
	ck_assert(pci_bar_enabled(fn, 4));
	/* Moving it while it decodes is reported; so is turning it off. */
	outl(bus, 0xCF8, cfg_addr(DEVFN, PCI_BAR0 + 16));
	outl(bus, 0xCFC, 0xD001);
	ck_assert_int_eq(rec.bar_calls, 2);
	ck_assert_uint_eq(rec.last_address, 0xD000);
	outl(bus, 0xCF8, cfg_addr(DEVFN, PCI_COMMAND));
	outw(bus, 0xCFC, 0);
	ck_assert_int_eq(rec.bar_calls, 3);
	ck_assert(!rec.last_enabled);
	outw(bus, 0xCFC, PCI_COMMAND_IO);
	/* The ROM decodes with memory space and its own enable bit. */
	outl(bus, 0xCF8, cfg_addr(DEVFN, PCI_ROM_BAR));
	outl(bus, 0xCFC, 0xFEB00000);
	ck_assert(!pci_bar_enabled(fn, PCI_ROM_BAR_INDEX));
	outl(bus, 0xCFC, 0xFEB00001);
	ck_assert(!pci_bar_enabled(fn, PCI_ROM_BAR_INDEX));
	outl(bus, 0xCF8, cfg_addr(DEVFN, PCI_COMMAND));
	outw(bus, 0xCFC, PCI_COMMAND_IO | PCI_COMMAND_MEMORY);
	ck_assert(pci_bar_enabled(fn, PCI_ROM_BAR_INDEX));
	ck_assert_int_eq(rec.last_bar, PCI_ROM_BAR_INDEX);
	ck_assert_uint_eq(rec.last_address, 0xFEB00000);
	/* Nothing changed: no call. */
	int calls = rec.bar_calls;
	outw(bus, 0xCFC, PCI_COMMAND_IO | PCI_COMMAND_MEMORY);
	ck_assert_int_eq(rec.bar_calls, calls);
}
END_TEST

START_TEST(test_registry)
{
	ck_assert_ptr_null(pci_add_function(pci, DEVFN, NULL, NULL));
	ck_assert_ptr_null(pci_add_function(pci, PCI_MAX_DEVFN, NULL, NULL));
	struct pci_function *other = pci_add_function(pci, PCI_DEVFN(31, 7), NULL, NULL);
	ck_assert_ptr_nonnull(other);
	ck_assert_uint_eq(pci_function_devfn(other), 0xFF);
	pci_config_set32(other, 0, 0xABCD1234);
	outl(bus, 0xCF8, cfg_addr(0xFF, 0));
	ck_assert_uint_eq(inl(bus, 0xCFC), 0xABCD1234);
	/* Owner accessors ignore offsets outside the space. */
	pci_config_set8(other, 256, 1);
	ck_assert_uint_eq(pci_config_get8(other, 300), 0);
	ck_assert_uint_eq(pci_config_get32(other, 254), 0);
	/* Reset clears the address register. */
	pci_reset(pci);
	ck_assert_uint_eq(inl(bus, 0xCF8), 0);
}
END_TEST

/* ---- the port bus's unregistering ---- */

static uint32_t tag_read(void *opaque, uint16_t port, unsigned size)
{
	return (uint32_t)(uintptr_t)opaque;
}

START_TEST(test_bus_unregister)
{
	struct iobus *b = iobus_create();
	int a, c;
	iobus_register(b, 0x100, 16, IO_WIDTH_8, tag_read, NULL, (void *)0x11, "under");
	iobus_register(b, 0x108, 16, IO_WIDTH_8, tag_read, NULL, &a, "over");
	iobus_register(b, 0x200, 4, IO_WIDTH_8, tag_read, NULL, &c, "elsewhere");
	ck_assert_uint_eq(iobus_read(b, 0x108, 1), (uint8_t)(uintptr_t)&a);
	ck_assert_int_eq(iobus_unregister(b, 0x108, &a), 0);
	/* The earlier claim shows again where they overlapped; the rest of
	 * the withdrawn range is nobody's. */
	ck_assert_uint_eq(iobus_read(b, 0x108, 1), 0x11);
	ck_assert_uint_eq(iobus_read(b, 0x110, 1), 0xFF);
	ck_assert_uint_eq(iobus_read(b, 0x200, 1), (uint8_t)(uintptr_t)&c);
	ck_assert_int_eq(b->nhandlers, 2);
	ck_assert_int_eq(iobus_unregister(b, 0x108, &a), -1);
	ck_assert_int_eq(iobus_unregister(b, 0x100, &c), -1);
	iobus_destroy(b);
}
END_TEST

/* "info pci": the function's IDs, command and BARs; with a devfn, its
 * configuration space too. */
START_TEST(test_print_state)
{
	pci_set_bar(fn, 0, PCI_BAR_IO, 0x10);
	pci_set_bar(fn, 1, PCI_BAR_MEM32, 0x1000);
	outl(bus, 0xCF8, cfg_addr(DEVFN, PCI_BAR0));
	outl(bus, 0xCFC, 0xC001);
	outl(bus, 0xCF8, cfg_addr(DEVFN, PCI_BAR0 + 4));
	outl(bus, 0xCFC, 0xFEB00000);
	outl(bus, 0xCF8, cfg_addr(DEVFN, PCI_COMMAND));
	outl(bus, 0xCFC, PCI_COMMAND_IO);
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	ck_assert_ptr_nonnull(out);
	pci_print_state(pci, out, -1);
	pci_print_state(pci, out, DEVFN);
	pci_print_state(pci, out, PCI_DEVFN(4, 0));
	fclose(out);
	ck_assert_msg(strstr(text, "00:03.0 1234:5678 class 030001 rev 07, command 0x0001 (I/O)\n"
				   "  BAR: I/O 0x0000c000 size 0x10, decoded\n"
				   "  BAR: memory 0xfeb00000 size 0x1000, off\n"),
		      "%s", text);
	ck_assert_msg(strstr(text, "  00: 34 12 78 56 01 00 00 00 07 01 00 03 00 00 00 00\n"
				   "  10: 01 c0 00 00 00 00 b0 fe 00 00 00 00 00 00 00 00\n"),
		      "%s", text);
	ck_assert_msg(!strstr(text, "00:04.0"), "%s", text);
	free(text);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pci");
	TCase *tc = tcase_create("mechanism1");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_address_register);
	tcase_add_test(tc, test_ids_by_width);
	tcase_add_test(tc, test_master_abort);
	tcase_add_test(tc, test_write_masks);
	tcase_add_test(tc, test_command_and_interrupt_line);
	tcase_add_test(tc, test_bar_sizing);
	tcase_add_test(tc, test_bar_decoding);
	tcase_add_test(tc, test_registry);
	tcase_add_test(tc, test_print_state);
	suite_add_tcase(s, tc);
	TCase *tb = tcase_create("bus");
	tcase_add_test(tb, test_bus_unregister);
	suite_add_tcase(s, tb);
	return run_suite(s);
}
