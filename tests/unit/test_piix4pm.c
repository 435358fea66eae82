/* The PIIX4 power-management function through its ports: identity, the
 * SMM-ready bit, PMBASE decode and moves, the ACPI PM timer, SCI, sleep,
 * the APM ports. */
#include "iodev/piix4pm.h"

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
	int power_offs, syncs, reschedules;
};

static void rec_power_off(void *opaque) { ((struct host_record *)opaque)->power_offs++; }
static void rec_sync(void *opaque) { ((struct host_record *)opaque)->syncs++; }
static void rec_reschedule(void *opaque) { ((struct host_record *)opaque)->reschedules++; }

static struct iobus *bus;
static struct pci_bus *pci;
static struct piix4pm *pm;
static struct irq_probe probe;
static struct host_record rec;

#define PMBASE 0xB000

static void select_reg(unsigned reg)
{
	outl(bus, 0xCF8, 0x80000000u | PIIX4PM_DEVFN << 8 | (reg & 0xFC));
}

static void enable_block(uint16_t base)
{
	select_reg(PIIX4PM_PMBASE);
	outl(bus, 0xCFC, base | 1u);
	select_reg(PIIX4PM_PMREGMISC);
	outb(bus, 0xCFC, 0x01);
}

static void setup(void)
{
	memset(&probe, 0, sizeof(probe));
	memset(&rec, 0, sizeof(rec));
	bus = iobus_create();
	pci = pci_create(bus);
	struct irq_line sci = irq_probe_line(&probe, 9);
	struct piix4pm_host host = {.power_off = rec_power_off, .sync = rec_sync, .reschedule = rec_reschedule,
				    .opaque = &rec};
	pm = piix4pm_create(pci, bus, &sci, &host);
	ck_assert_ptr_nonnull(pm);
	ck_assert_int_eq(probe.calls, 0);
}

static void teardown(void)
{
	piix4pm_destroy(pm);
	pci_destroy(pci);
	iobus_destroy(bus);
}

START_TEST(test_identity_and_smm_ready)
{
	select_reg(0);
	ck_assert_uint_eq(inl(bus, 0xCFC), 0x71138086);
	select_reg(8);
	ck_assert_uint_eq(inl(bus, 0xCFC), 0x06800003);
	/* Bit 25 of 0x58 says SMM is set up, and stays set. */
	select_reg(PIIX4PM_DEVACTB);
	ck_assert_uint_eq(inl(bus, 0xCFC) & (1u << 25), 1u << 25);
	outl(bus, 0xCFC, 0);
	ck_assert_uint_eq(inl(bus, 0xCFC), 1u << 25);
	outl(bus, 0xCFC, 0xFFFFFFFF);
	ck_assert_uint_eq(inl(bus, 0xCFC), 0xFFFFFFFF);
	/* PMBASE: I/O indicator reads 1, 64-port granularity. */
	select_reg(PIIX4PM_PMBASE);
	ck_assert_uint_eq(inl(bus, 0xCFC), 0x00000001);
	outl(bus, 0xCFC, 0xFFFFFFFF);
	ck_assert_uint_eq(inl(bus, 0xCFC), 0x0000FFC1);
}
END_TEST

START_TEST(test_block_decode_and_moves)
{
	ck_assert_uint_eq(inl(bus, PMBASE + PIIX4PM_PM_TMR), 0xFFFFFFFF);
	select_reg(PIIX4PM_PMBASE);
	outl(bus, 0xCFC, PMBASE | 1u);
	ck_assert_uint_eq(inl(bus, PMBASE + PIIX4PM_PM_TMR), 0xFFFFFFFF); /* PMIOSE still off */
	select_reg(PIIX4PM_PMREGMISC);
	outb(bus, 0xCFC, 0x01);
	ck_assert_uint_eq(inl(bus, PMBASE + PIIX4PM_PM_TMR), 0);
	/* Moved: the old ports are free again, the new ones answer. */
	select_reg(PIIX4PM_PMBASE);
	outl(bus, 0xCFC, 0x6001);
	ck_assert_uint_eq(inb(bus, PMBASE + PIIX4PM_PM1_CNT), 0xFF);
	ck_assert_ptr_null(bus->port[PMBASE]);
	ck_assert_uint_eq(inw(bus, 0x6000 + PIIX4PM_PM1_CNT), 0);
	/* Moving it back and forth does not use up port handlers. */
	int handlers = bus->nhandlers;
	for (int n = 0; n < 300; n++) {
		outl(bus, 0xCFC, (n & 1 ? 0x6000u : 0x7000u) | 1u);
	}
	ck_assert_int_le(bus->nhandlers, handlers);
	piix4pm_reset(pm);
	ck_assert_ptr_null(bus->port[0x6000]);
	ck_assert_ptr_null(bus->port[0x7000]);
}
END_TEST

START_TEST(test_timer)
{
	enable_block(PMBASE);
	int syncs = rec.syncs;
	piix4pm_advance(pm, 1234567);
	ck_assert_uint_eq(inl(bus, PMBASE + PIIX4PM_PM_TMR), 1234567);
	ck_assert_int_gt(rec.syncs, syncs); /* the machine was asked first */
	ck_assert_uint_eq(inw(bus, PMBASE + PIIX4PM_PM1_STS) & PIIX4PM_TMR_STS, 0);
	/* Bit 23 changes: TMR_STS. */
	piix4pm_advance(pm, (1u << 23) - 1234567);
	ck_assert_uint_eq(inl(bus, PMBASE + PIIX4PM_PM_TMR), 1u << 23);
	ck_assert_uint_eq(inw(bus, PMBASE + PIIX4PM_PM1_STS) & PIIX4PM_TMR_STS, PIIX4PM_TMR_STS);
	outw(bus, PMBASE + PIIX4PM_PM1_STS, PIIX4PM_TMR_STS); /* write 1 to clear */
	ck_assert_uint_eq(inw(bus, PMBASE + PIIX4PM_PM1_STS) & PIIX4PM_TMR_STS, 0);
	/* 24 bits wrap; the register is read-only. */
	piix4pm_advance(pm, 1u << 23);
	ck_assert_uint_eq(inl(bus, PMBASE + PIIX4PM_PM_TMR), 0);
	outl(bus, PMBASE + PIIX4PM_PM_TMR, 0x12345678);
	ck_assert_uint_eq(piix4pm_timer(pm), 0);
	piix4pm_advance(pm, 0x123456);
	ck_assert_uint_eq(inb(bus, PMBASE + PIIX4PM_PM_TMR + 2), 0x12);
}
END_TEST

START_TEST(test_sci)
{
	enable_block(PMBASE);
	ck_assert_uint_eq(piix4pm_next_event(pm), PIIX4PM_NO_EVENT);
	outw(bus, PMBASE + PIIX4PM_PM1_EN, 0x0001); /* TMR_EN */
	ck_assert_uint_eq(piix4pm_next_event(pm), PIIX4PM_NO_EVENT); /* no SCI_EN yet */
	int reschedules = rec.reschedules;
	outw(bus, PMBASE + PIIX4PM_PM1_CNT, PIIX4PM_SCI_EN);
	ck_assert_int_gt(rec.reschedules, reschedules);
	piix4pm_advance(pm, 100);
	ck_assert_uint_eq(piix4pm_next_event(pm), (1u << 23) - 100);
	piix4pm_advance(pm, (1u << 23) - 101);
	ck_assert_int_eq(probe.level[9], 0);
	piix4pm_advance(pm, 1);
	ck_assert_int_eq(probe.level[9], 1);
	ck_assert_uint_eq(piix4pm_next_event(pm), PIIX4PM_NO_EVENT); /* already pending */
	outw(bus, PMBASE + PIIX4PM_PM1_STS, 0xFFFF);
	ck_assert_int_eq(probe.level[9], 0);
	/* The power button, when enabled. */
	outw(bus, PMBASE + PIIX4PM_PM1_EN, 0x0100);
	piix4pm_power_button(pm);
	ck_assert_int_eq(probe.level[9], 1);
	ck_assert_uint_eq(inw(bus, PMBASE + PIIX4PM_PM1_STS), PIIX4PM_PWRBTN_STS);
	outw(bus, PMBASE + PIIX4PM_PM1_CNT, 0); /* SCI off */
	ck_assert_int_eq(probe.level[9], 0);
}
END_TEST

START_TEST(test_sleep)
{
	enable_block(PMBASE);
	/* S1-like types (1) are not emulated: nothing happens. */
	outw(bus, PMBASE + PIIX4PM_PM1_CNT, PIIX4PM_SLP_EN | 1u << 10);
	ck_assert_int_eq(rec.power_offs, 0);
	/* SLP_EN reads 0; SLP_TYP is kept. */
	ck_assert_uint_eq(inw(bus, PMBASE + PIIX4PM_PM1_CNT), 1u << 10);
	/* Soft off (type 0). */
	outw(bus, PMBASE + PIIX4PM_PM1_CNT, PIIX4PM_SLP_EN);
	ck_assert_int_eq(rec.power_offs, 1);
	/* A byte write to the high half alone does it too. */
	outb(bus, PMBASE + PIIX4PM_PM1_CNT + 1, PIIX4PM_SLP_EN >> 8);
	ck_assert_int_eq(rec.power_offs, 2);
}
END_TEST

START_TEST(test_apm_ports)
{
	outb(bus, PIIX4PM_APM_STATUS, 0x5A);
	ck_assert_uint_eq(inb(bus, PIIX4PM_APM_STATUS), 0x5A);
	outb(bus, PIIX4PM_APM_CONTROL, 0x12);
	ck_assert_uint_eq(inb(bus, PIIX4PM_APM_CONTROL), 0x12);
	/* What the firmware's SMI handler does for an ACPI OS. */
	enable_block(PMBASE);
	outb(bus, PIIX4PM_APM_CONTROL, 0xF1);
	ck_assert_uint_eq(inw(bus, PMBASE + PIIX4PM_PM1_CNT) & PIIX4PM_SCI_EN, PIIX4PM_SCI_EN);
	outb(bus, PIIX4PM_APM_CONTROL, 0xF0);
	ck_assert_uint_eq(inw(bus, PMBASE + PIIX4PM_PM1_CNT) & PIIX4PM_SCI_EN, 0);
	/* General-purpose registers: GPSTS clears by ones, the rest keep. */
	outl(bus, PMBASE + 0x10, 0xDEADBEEF);
	ck_assert_uint_eq(inl(bus, PMBASE + 0x10), 0xDEADBEEF);
	ck_assert_uint_eq(inl(bus, PMBASE + 0x3E), 0xFFFF0000); /* past the block */
}
END_TEST

int main(void)
{
	Suite *s = suite_create("piix4pm");
	TCase *tc = tcase_create("pm");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_identity_and_smm_ready);
	tcase_add_test(tc, test_block_decode_and_moves);
	tcase_add_test(tc, test_timer);
	tcase_add_test(tc, test_sci);
	tcase_add_test(tc, test_sleep);
	tcase_add_test(tc, test_apm_ports);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
