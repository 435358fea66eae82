/* The PIIX3 ISA bridge and IDE function through their ports: identity,
 * PIRQ routing, reset control (0xCF9), port 0x92, the IDE decode hooks. */
#include "iodev/piix3.h"

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

struct host_record {
	int ignne_calls;
	bool ignne;
	int resets, hard_resets;
	int a20_calls;
	bool a20;
	int decode_calls;
	bool decode[2];
	int busmaster_calls;
	uint16_t busmaster_base;
	bool busmaster_enabled;
};

static void rec_reset(void *opaque, bool hard)
{
	struct host_record *r = opaque;
	r->resets++;
	r->hard_resets += hard;
}

static void rec_a20(void *opaque, bool enabled)
{
	struct host_record *r = opaque;
	r->a20_calls++;
	r->a20 = enabled;
}

static void rec_ignne(void *opaque, bool active)
{
	struct host_record *r = opaque;
	r->ignne_calls++;
	r->ignne = active;
}

static void rec_decode(void *opaque, int channel, bool enabled)
{
	struct host_record *r = opaque;
	ck_assert(channel == 0 || channel == 1);
	r->decode_calls++;
	r->decode[channel] = enabled;
}

static void rec_busmaster(void *opaque, uint16_t base, bool enabled)
{
	struct host_record *r = opaque;
	r->busmaster_calls++;
	r->busmaster_base = base;
	r->busmaster_enabled = enabled;
}

static struct iobus *bus;
static struct pci_bus *pci;
static struct piix3 *piix3;
static struct irq_probe probe;
static struct host_record rec;

static void setup(void)
{
	memset(&probe, 0, sizeof(probe));
	memset(&rec, 0, sizeof(rec));
	bus = iobus_create();
	pci = pci_create(bus);
	struct irq_line lines[PIIX3_ISA_IRQS];
	for (int n = 0; n < PIIX3_ISA_IRQS; n++)
		lines[n] = irq_probe_line(&probe, n);
	struct piix3_host host = {.reset = rec_reset, .set_a20 = rec_a20, .set_ignne = rec_ignne, .opaque = &rec};
	piix3 = piix3_create(pci, bus, lines, &host);
	ck_assert_ptr_nonnull(piix3);
	ck_assert_int_eq(probe.calls, 0); /* quiet while being created */
}

static void teardown(void)
{
	piix3_destroy(piix3);
	pci_destroy(pci);
	iobus_destroy(bus);
}

static void select_reg(unsigned devfn, unsigned reg)
{
	outl(bus, 0xCF8, 0x80000000u | devfn << 8 | (reg & 0xFC));
}

static void config_write8(unsigned devfn, unsigned reg, uint8_t value)
{
	select_reg(devfn, reg);
	outb(bus, (uint16_t)(0xCFC + (reg & 3)), value);
}

static uint8_t config_read8(unsigned devfn, unsigned reg)
{
	select_reg(devfn, reg);
	return inb(bus, (uint16_t)(0xCFC + (reg & 3)));
}

START_TEST(test_identity)
{
	select_reg(PIIX3_ISA_DEVFN, 0);
	ck_assert_uint_eq(inl(bus, 0xCFC), 0x70008086);
	select_reg(PIIX3_ISA_DEVFN, 8);
	ck_assert_uint_eq(inl(bus, 0xCFC) >> 8, 0x060100);
	ck_assert_uint_eq(config_read8(PIIX3_ISA_DEVFN, PCI_HEADER_TYPE), 0x80); /* multi-function */
	select_reg(PIIX3_IDE_DEVFN, 0);
	ck_assert_uint_eq(inl(bus, 0xCFC), 0x70108086);
	select_reg(PIIX3_IDE_DEVFN, 8);
	ck_assert_uint_eq(inl(bus, 0xCFC) >> 8, 0x010180);
	for (unsigned n = 0; n < PIIX3_PIRQS; n++)
		ck_assert_uint_eq(config_read8(PIIX3_ISA_DEVFN, PIIX3_PIRQ_ROUTE + n), 0x80);
}
END_TEST

START_TEST(test_pirq_routing)
{
	piix3_set_pirq(piix3, 0, 1); /* PIRQA# asserted, routed nowhere */
	ck_assert_int_eq(probe.calls, 0);
	config_write8(PIIX3_ISA_DEVFN, 0x60, 10);
	ck_assert_int_eq(probe.level[10], 1);
	/* PIRQB# to the same IRQ: the line stays up until both drop. */
	config_write8(PIIX3_ISA_DEVFN, 0x61, 10);
	piix3_set_pirq(piix3, 1, 1);
	piix3_set_pirq(piix3, 0, 0);
	ck_assert_int_eq(probe.level[10], 1);
	piix3_set_pirq(piix3, 1, 0);
	ck_assert_int_eq(probe.level[10], 0);
	/* Moving a route moves the level. */
	piix3_set_pirq(piix3, 0, 1);
	config_write8(PIIX3_ISA_DEVFN, 0x60, 11);
	ck_assert_int_eq(probe.level[10], 0);
	ck_assert_int_eq(probe.level[11], 1);
	/* Disabled routes and reserved IRQs (0-2, 8, 13) go nowhere. */
	config_write8(PIIX3_ISA_DEVFN, 0x60, 0x8B);
	ck_assert_int_eq(probe.level[11], 0);
	config_write8(PIIX3_ISA_DEVFN, 0x60, 2);
	config_write8(PIIX3_ISA_DEVFN, 0x60, 8);
	config_write8(PIIX3_ISA_DEVFN, 0x60, 13);
	ck_assert_int_eq(probe.rises[2] + probe.rises[8] + probe.rises[13], 0);
	/* Bits 6-4 are reserved. */
	config_write8(PIIX3_ISA_DEVFN, 0x62, 0x7F);
	ck_assert_uint_eq(config_read8(PIIX3_ISA_DEVFN, 0x62), 0x0F);
	piix3_set_pirq(piix3, 4, 1); /* out of range: ignored */
	piix3_set_pirq(piix3, -1, 1);
}
END_TEST

START_TEST(test_reset_control)
{
	outb(bus, PIIX3_RESET_CONTROL_PORT, 0x02);
	ck_assert_int_eq(rec.resets, 0);
	ck_assert_uint_eq(inb(bus, PIIX3_RESET_CONTROL_PORT), 0x02);
	outb(bus, PIIX3_RESET_CONTROL_PORT, 0x06);
	ck_assert_int_eq(rec.resets, 1);
	ck_assert_int_eq(rec.hard_resets, 1);
	outb(bus, PIIX3_RESET_CONTROL_PORT, 0x04);
	ck_assert_int_eq(rec.resets, 2);
	ck_assert_int_eq(rec.hard_resets, 1);
	ck_assert_uint_eq(inb(bus, PIIX3_RESET_CONTROL_PORT), 0x00);
}
END_TEST

START_TEST(test_port_a)
{
	ck_assert_uint_eq(inb(bus, PIIX3_PORT_A), 0x00);
	ck_assert(!piix3_a20(piix3));
	outb(bus, PIIX3_PORT_A, 0x02);
	ck_assert_int_eq(rec.a20_calls, 1);
	ck_assert(rec.a20);
	ck_assert(piix3_a20(piix3));
	ck_assert_uint_eq(inb(bus, PIIX3_PORT_A), 0x02);
	outb(bus, PIIX3_PORT_A, 0x02); /* no change, no call */
	ck_assert_int_eq(rec.a20_calls, 1);
	outb(bus, PIIX3_PORT_A, 0x03); /* bit 0 rises: CPU reset */
	ck_assert_int_eq(rec.resets, 1);
	ck_assert_int_eq(rec.hard_resets, 0);
	outb(bus, PIIX3_PORT_A, 0x03); /* stays up: nothing */
	ck_assert_int_eq(rec.resets, 1);
	outb(bus, PIIX3_PORT_A, 0x00);
	ck_assert(!rec.a20);
	ck_assert_int_eq(rec.resets, 1);
}
END_TEST

START_TEST(test_coprocessor_error)
{
	outb(bus, PIIX3_COPROCESSOR_PORT, 0); /* no error: nothing */
	ck_assert_int_eq(rec.ignne_calls, 0);
	piix3_set_ferr(piix3, true);
	ck_assert_int_eq(probe.level[13], 1);
	outb(bus, PIIX3_COPROCESSOR_PORT, 0); /* the handler's acknowledgement */
	ck_assert_int_eq(probe.level[13], 0);
	ck_assert(rec.ignne);
	piix3_set_ferr(piix3, false); /* FNCLEX: IGNNE# goes too */
	ck_assert(!rec.ignne);
	ck_assert_int_eq(rec.ignne_calls, 2);
	ck_assert_int_eq(probe.level[13], 0);
	/* Dropped without the acknowledgement: IRQ 13 follows FERR#. */
	piix3_set_ferr(piix3, true);
	piix3_set_ferr(piix3, false);
	ck_assert_int_eq(probe.level[13], 0);
	ck_assert_int_eq(rec.ignne_calls, 2);
	/* A reset clears an acknowledged error. */
	piix3_set_ferr(piix3, true);
	outb(bus, PIIX3_COPROCESSOR_PORT, 0);
	piix3_reset(piix3);
	ck_assert(!rec.ignne);
	ck_assert_int_eq(probe.level[13], 0);
}
END_TEST

START_TEST(test_ide_hooks)
{
	struct piix3_ide_hooks hooks = {.channel_decode = rec_decode, .busmaster_map = rec_busmaster, .opaque = &rec};
	piix3_set_ide_hooks(piix3, &hooks);
	ck_assert_int_eq(rec.decode_calls, 2); /* told the present state */
	ck_assert(!rec.decode[0] && !rec.decode[1]);
	ck_assert_int_eq(rec.busmaster_calls, 1);
	ck_assert(!rec.busmaster_enabled);
	/* SeaBIOS and the Bochs BIOS write 0x8000 to 0x40 and 0x42. */
	select_reg(PIIX3_IDE_DEVFN, PIIX3_IDETIM_PRIMARY);
	outw(bus, 0xCFC, 0x8000);
	ck_assert_int_eq(rec.decode_calls, 3);
	ck_assert(rec.decode[0]);
	outw(bus, 0xCFE, 0x8000);
	ck_assert(rec.decode[1]);
	outw(bus, 0xCFC, 0x8000); /* unchanged: no call */
	ck_assert_int_eq(rec.decode_calls, 4);
	outw(bus, 0xCFC, 0x0000);
	ck_assert(!rec.decode[0]);
	/* The bus-master BAR: 16 ports, then mapped with I/O decode. */
	select_reg(PIIX3_IDE_DEVFN, PCI_BAR0 + 16);
	outl(bus, 0xCFC, 0xFFFFFFFF);
	ck_assert_uint_eq(inl(bus, 0xCFC), 0xFFFFFFF1);
	outl(bus, 0xCFC, 0xC001);
	select_reg(PIIX3_IDE_DEVFN, PCI_COMMAND);
	outw(bus, 0xCFC, PCI_COMMAND_IO);
	ck_assert(rec.busmaster_enabled);
	ck_assert_uint_eq(rec.busmaster_base, 0xC000);
	/* A reset turns everything off again. */
	piix3_reset(piix3);
	ck_assert(!rec.decode[0] && !rec.decode[1]);
	ck_assert(!rec.busmaster_enabled);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("piix3");
	TCase *tc = tcase_create("bridge");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_identity);
	tcase_add_test(tc, test_pirq_routing);
	tcase_add_test(tc, test_reset_control);
	tcase_add_test(tc, test_port_a);
	tcase_add_test(tc, test_coprocessor_error);
	tcase_add_test(tc, test_ide_hooks);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
