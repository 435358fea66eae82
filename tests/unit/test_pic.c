/* The 8259A pair, driven through its ports as firmware and Linux do. */
#include "iodev/pic.h"

#include "tests/unit/test_iodev.h"

static struct iobus *bus;
static struct pic *pic;
static struct irq_probe cpu;

static void setup(void)
{
	cpu = (struct irq_probe){ 0 };
	bus = iobus_create();
	ck_assert_ptr_nonnull(bus);
	struct irq_line intr = irq_probe_line(&cpu, 0);
	pic = pic_create(bus, &intr);
	ck_assert_ptr_nonnull(pic);
}

static void teardown(void)
{
	pic_destroy(pic);
	iobus_destroy(bus);
}

/* The sequence SeaBIOS and the Bochs BIOS use; icw4 varies by test. */
static void init_pair(uint8_t master_icw4, uint8_t slave_icw4)
{
	outb(bus, 0x20, 0x11);
	outb(bus, 0x21, 0x08);
	outb(bus, 0x21, 0x04);
	outb(bus, 0x21, master_icw4);
	outb(bus, 0xA0, 0x11);
	outb(bus, 0xA1, 0x70);
	outb(bus, 0xA1, 0x02);
	outb(bus, 0xA1, slave_icw4);
	outb(bus, 0x21, 0x00);
	outb(bus, 0xA1, 0x00);
}

static uint8_t read_isr(uint16_t base)
{
	outb(bus, base, 0x0B);
	return inb(bus, base);
}

static uint8_t read_irr(uint16_t base)
{
	outb(bus, base, 0x0A);
	return inb(bus, base);
}

START_TEST(test_init_and_single_interrupt)
{
	init_pair(0x01, 0x01);
	ck_assert(!pic_has_interrupt(pic));
	ck_assert_int_eq(inb(bus, 0x21), 0x00);
	pic_set_irq(pic, 0, 1);
	ck_assert(pic_has_interrupt(pic));
	ck_assert_int_eq(cpu.level[0], 1);
	ck_assert_int_eq(read_irr(0x20), 0x01);
	ck_assert_int_eq(pic_acknowledge(pic), 0x08);
	ck_assert(!pic_has_interrupt(pic));
	ck_assert_int_eq(cpu.level[0], 0);
	ck_assert_int_eq(read_isr(0x20), 0x01);
	ck_assert_int_eq(read_irr(0x20), 0x00);
	outb(bus, 0x20, 0x20); /* non-specific EOI */
	ck_assert_int_eq(read_isr(0x20), 0x00);
	/* Edge-triggered: the line is still high, but no new edge came. */
	ck_assert(!pic_has_interrupt(pic));
	pic_set_irq(pic, 0, 0);
	pic_set_irq(pic, 0, 1);
	ck_assert(pic_has_interrupt(pic));
}
END_TEST

START_TEST(test_mask_register)
{
	init_pair(0x01, 0x01);
	outb(bus, 0x21, 0xFE);
	ck_assert_int_eq(inb(bus, 0x21), 0xFE);
	pic_set_irq(pic, 1, 1);
	ck_assert(!pic_has_interrupt(pic));
	ck_assert_int_eq(read_irr(0x20), 0x02); /* requested, but masked */
	outb(bus, 0x21, 0xFC);
	ck_assert(pic_has_interrupt(pic));
	ck_assert_int_eq(pic_acknowledge(pic), 0x09);
}
END_TEST

START_TEST(test_fixed_priority_and_nesting)
{
	init_pair(0x01, 0x01);
	pic_set_irq(pic, 3, 1);
	pic_set_irq(pic, 1, 1);
	ck_assert_int_eq(pic_acknowledge(pic), 0x09);
	/* IR3 is lower than IR1, which is in service. */
	ck_assert(!pic_has_interrupt(pic));
	/* IR0 outranks IR1 and nests. */
	pic_set_irq(pic, 0, 1);
	ck_assert(pic_has_interrupt(pic));
	ck_assert_int_eq(pic_acknowledge(pic), 0x08);
	ck_assert_int_eq(read_isr(0x20), 0x03);
	/* A non-specific EOI ends the highest level in service, IR0. */
	outb(bus, 0x20, 0x20);
	ck_assert_int_eq(read_isr(0x20), 0x02);
	ck_assert(!pic_has_interrupt(pic));
	outb(bus, 0x20, 0x20);
	ck_assert(pic_has_interrupt(pic));
	ck_assert_int_eq(pic_acknowledge(pic), 0x0B);
}
END_TEST

START_TEST(test_specific_eoi)
{
	init_pair(0x01, 0x01);
	pic_set_irq(pic, 4, 1);
	ck_assert_int_eq(pic_acknowledge(pic), 0x0C);
	pic_set_irq(pic, 1, 1);
	ck_assert_int_eq(pic_acknowledge(pic), 0x09);
	ck_assert_int_eq(read_isr(0x20), 0x12);
	outb(bus, 0x20, 0x60 | 4); /* specific EOI for IR4, not the highest */
	ck_assert_int_eq(read_isr(0x20), 0x02);
}
END_TEST

START_TEST(test_automatic_eoi)
{
	init_pair(0x03, 0x01);
	pic_set_irq(pic, 5, 1);
	ck_assert_int_eq(pic_acknowledge(pic), 0x0D);
	ck_assert_int_eq(read_isr(0x20), 0x00);
	/* Nothing in service, so a lower level gets through at once. */
	pic_set_irq(pic, 6, 1);
	ck_assert(pic_has_interrupt(pic));
	ck_assert_int_eq(pic_acknowledge(pic), 0x0E);
}
END_TEST

START_TEST(test_rotate_on_nonspecific_eoi)
{
	init_pair(0x01, 0x01);
	pic_set_irq(pic, 0, 1);
	ck_assert_int_eq(pic_acknowledge(pic), 0x08);
	outb(bus, 0x20, 0xA0); /* rotate on non-specific EOI: IR0 becomes lowest */
	ck_assert_int_eq(read_isr(0x20), 0x00);
	pic_set_irq(pic, 0, 0);
	pic_set_irq(pic, 0, 1);
	pic_set_irq(pic, 5, 1);
	ck_assert_int_eq(pic_acknowledge(pic), 0x0D);
	outb(bus, 0x20, 0x20);
	ck_assert_int_eq(pic_acknowledge(pic), 0x08);
}
END_TEST

START_TEST(test_set_priority_and_rotate_specific)
{
	init_pair(0x01, 0x01);
	outb(bus, 0x20, 0xC0 | 4); /* set priority: IR4 lowest, IR5 highest */
	pic_set_irq(pic, 3, 1);
	pic_set_irq(pic, 6, 1);
	ck_assert_int_eq(pic_acknowledge(pic), 0x0E);
	/* IR3 now ranks below IR6, which is in service. */
	ck_assert(!pic_has_interrupt(pic));
	outb(bus, 0x20, 0xE0 | 6); /* rotate on specific EOI: IR6 lowest */
	ck_assert_int_eq(read_isr(0x20), 0x00);
	ck_assert_int_eq(pic_acknowledge(pic), 0x0B);
	pic_set_irq(pic, 6, 0);
	pic_set_irq(pic, 6, 1);
	pic_set_irq(pic, 7, 1);
	outb(bus, 0x20, 0x20);
	/* Order is now 7,0,1,...,6. */
	ck_assert_int_eq(pic_acknowledge(pic), 0x0F);
	ck_assert_int_eq(read_isr(0x20), 0x80);
}
END_TEST

START_TEST(test_rotate_in_automatic_eoi)
{
	init_pair(0x03, 0x01);
	outb(bus, 0x20, 0x80); /* rotate in AEOI mode (set) */
	pic_set_irq(pic, 3, 1);
	pic_set_irq(pic, 1, 1);
	ck_assert_int_eq(pic_acknowledge(pic), 0x09);
	/* IR1 is now the lowest, so IR3 wins over a new IR1. */
	pic_set_irq(pic, 1, 0);
	pic_set_irq(pic, 1, 1);
	ck_assert_int_eq(pic_acknowledge(pic), 0x0B);
	ck_assert_int_eq(pic_acknowledge(pic), 0x09);
	/* Order is 2..7,0,1 now; clearing the mode freezes it. */
	outb(bus, 0x20, 0x00);
	pic_set_irq(pic, 1, 0);
	pic_set_irq(pic, 1, 1);
	pic_set_irq(pic, 7, 1);
	ck_assert_int_eq(pic_acknowledge(pic), 0x0F);
	ck_assert_int_eq(pic_acknowledge(pic), 0x09);
	pic_set_irq(pic, 1, 0);
	pic_set_irq(pic, 1, 1);
	pic_set_irq(pic, 7, 0);
	pic_set_irq(pic, 7, 1);
	ck_assert_int_eq(pic_acknowledge(pic), 0x0F);
}
END_TEST

START_TEST(test_poll_command)
{
	init_pair(0x01, 0x01);
	outb(bus, 0x20, 0x0C); /* poll, nothing pending */
	ck_assert_int_eq(inb(bus, 0x20), 0x00);
	pic_set_irq(pic, 6, 1);
	pic_set_irq(pic, 4, 1);
	outb(bus, 0x20, 0x0C);
	ck_assert_int_eq(inb(bus, 0x20), 0x84);
	ck_assert_int_eq(read_isr(0x20), 0x10);
	/* Without the poll command the ports read normally again. */
	ck_assert_int_eq(inb(bus, 0x21), 0x00);
	outb(bus, 0x20, 0x20);
	outb(bus, 0x20, 0x0C);
	ck_assert_int_eq(inb(bus, 0x21), 0x86); /* either port answers a poll */
}
END_TEST

START_TEST(test_cascade)
{
	init_pair(0x01, 0x01);
	pic_set_irq(pic, 12, 1);
	ck_assert(pic_has_interrupt(pic));
	ck_assert_int_eq(read_irr(0x20), 0x04);
	ck_assert_int_eq(read_irr(0xA0), 0x10);
	ck_assert_int_eq(pic_acknowledge(pic), 0x74);
	ck_assert_int_eq(read_isr(0x20), 0x04);
	ck_assert_int_eq(read_isr(0xA0), 0x10);
	/* A slave level above 12 is blocked by the master's IS bit 2. */
	pic_set_irq(pic, 8, 1);
	ck_assert(!pic_has_interrupt(pic));
	outb(bus, 0xA0, 0x20);
	ck_assert(!pic_has_interrupt(pic));
	outb(bus, 0x20, 0x20);
	ck_assert(pic_has_interrupt(pic));
	ck_assert_int_eq(pic_acknowledge(pic), 0x70);
	/* Masking the slave's input on the master hides the slave. */
	outb(bus, 0xA0, 0x20);
	outb(bus, 0x20, 0x20);
	outb(bus, 0x21, 0x04);
	pic_set_irq(pic, 15, 1);
	ck_assert(!pic_has_interrupt(pic));
	outb(bus, 0x21, 0x00);
	ck_assert(pic_has_interrupt(pic));
	ck_assert_int_eq(pic_acknowledge(pic), 0x77);
}
END_TEST

START_TEST(test_cascade_priority_against_master)
{
	init_pair(0x01, 0x01);
	pic_set_irq(pic, 3, 1);
	pic_set_irq(pic, 10, 1);
	/* IR2 (the slave) outranks IR3. */
	ck_assert_int_eq(pic_acknowledge(pic), 0x72);
	ck_assert(!pic_has_interrupt(pic));
	outb(bus, 0xA0, 0x20);
	outb(bus, 0x20, 0x20);
	ck_assert_int_eq(pic_acknowledge(pic), 0x0B);
}
END_TEST

START_TEST(test_special_fully_nested)
{
	init_pair(0x11, 0x01);
	pic_set_irq(pic, 12, 1);
	ck_assert_int_eq(pic_acknowledge(pic), 0x74);
	/* With SFNM a higher slave level gets through the master's IS2. */
	pic_set_irq(pic, 9, 1);
	ck_assert(pic_has_interrupt(pic));
	ck_assert_int_eq(pic_acknowledge(pic), 0x71);
	/* A lower one does not: the slave's own IS bits block it. */
	pic_set_irq(pic, 14, 1);
	ck_assert(!pic_has_interrupt(pic));
}
END_TEST

START_TEST(test_spurious_irq7)
{
	init_pair(0x01, 0x01);
	pic_set_irq(pic, 3, 1);
	ck_assert(pic_has_interrupt(pic));
	pic_set_irq(pic, 3, 0); /* gone before INTA */
	ck_assert(!pic_has_interrupt(pic));
	ck_assert_int_eq(pic_acknowledge(pic), 0x0F);
	ck_assert_int_eq(read_isr(0x20), 0x00);
	/* A slave request that vanished looks the same to the master. */
	pic_set_irq(pic, 11, 1);
	pic_set_irq(pic, 11, 0);
	ck_assert_int_eq(pic_acknowledge(pic), 0x0F);
	ck_assert_int_eq(read_isr(0x20), 0x00);
	ck_assert_int_eq(read_isr(0xA0), 0x00);
}
END_TEST

START_TEST(test_level_triggered_via_elcr)
{
	init_pair(0x01, 0x01);
	outb(bus, 0x4D0, 0xFF);
	outb(bus, 0x4D1, 0xFF);
	/* IRQ 0, 1, 2, 8 and 13 cannot be level-triggered on the PIIX3. */
	ck_assert_int_eq(inb(bus, 0x4D0), 0xF8);
	ck_assert_int_eq(inb(bus, 0x4D1), 0xDE);
	outb(bus, 0x4D0, 0x20);
	outb(bus, 0x4D1, 0x0C);
	ck_assert_int_eq(inb(bus, 0x4D1), 0x0C);

	pic_set_irq(pic, 11, 1);
	ck_assert_int_eq(pic_acknowledge(pic), 0x73);
	outb(bus, 0xA0, 0x20);
	outb(bus, 0x20, 0x20);
	/* Still high: a level input asks again. */
	ck_assert(pic_has_interrupt(pic));
	ck_assert_int_eq(pic_acknowledge(pic), 0x73);
	pic_set_irq(pic, 11, 0);
	outb(bus, 0xA0, 0x20);
	outb(bus, 0x20, 0x20);
	ck_assert(!pic_has_interrupt(pic));

	pic_set_irq(pic, 5, 1);
	ck_assert_int_eq(pic_acknowledge(pic), 0x0D);
	outb(bus, 0x20, 0x20);
	ck_assert(pic_has_interrupt(pic));

	/* The same line edge-triggered asks only once. */
	pic_set_irq(pic, 4, 1);
	outb(bus, 0x21, 0x20);
	ck_assert_int_eq(pic_acknowledge(pic), 0x0C);
	outb(bus, 0x20, 0x20);
	ck_assert(!pic_has_interrupt(pic));
}
END_TEST

START_TEST(test_special_mask_mode)
{
	init_pair(0x01, 0x01);
	pic_set_irq(pic, 1, 1);
	ck_assert_int_eq(pic_acknowledge(pic), 0x09);
	pic_set_irq(pic, 4, 1);
	ck_assert(!pic_has_interrupt(pic));
	outb(bus, 0x21, 0x02); /* mask the level in service */
	outb(bus, 0x20, 0x68); /* set special mask mode */
	ck_assert(pic_has_interrupt(pic));
	ck_assert_int_eq(pic_acknowledge(pic), 0x0C);
	ck_assert_int_eq(read_isr(0x20), 0x12);
	outb(bus, 0x20, 0x48); /* reset special mask mode */
	pic_set_irq(pic, 6, 1);
	ck_assert(!pic_has_interrupt(pic));
}
END_TEST

START_TEST(test_icw1_resets_state)
{
	init_pair(0x01, 0x01);
	outb(bus, 0x21, 0xAA);
	pic_set_irq(pic, 0, 1);
	ck_assert_int_eq(pic_acknowledge(pic), 0x08);
	outb(bus, 0x20, 0x0B); /* leave the read select on ISR */
	init_pair(0x01, 0x01);
	ck_assert_int_eq(inb(bus, 0x21), 0x00);
	ck_assert_int_eq(inb(bus, 0x20), 0x00); /* reads IRR again */
	ck_assert_int_eq(read_isr(0x20), 0x00);
	/* The line is still high but the edge sense was reset. */
	ck_assert(!pic_has_interrupt(pic));
	pic_set_irq(pic, 0, 0);
	pic_set_irq(pic, 0, 1);
	ck_assert(pic_has_interrupt(pic));
}
END_TEST

START_TEST(test_vector_bases)
{
	outb(bus, 0x20, 0x11);
	outb(bus, 0x21, 0x20 | 5); /* low bits are ignored */
	outb(bus, 0x21, 0x04);
	outb(bus, 0x21, 0x01);
	outb(bus, 0xA0, 0x11);
	outb(bus, 0xA1, 0x28);
	outb(bus, 0xA1, 0x02);
	outb(bus, 0xA1, 0x01);
	outb(bus, 0x21, 0x00);
	outb(bus, 0xA1, 0x00);
	pic_set_irq(pic, 7, 1);
	ck_assert_int_eq(pic_acknowledge(pic), 0x27);
	pic_set_irq(pic, 13, 1);
	outb(bus, 0x20, 0x20);
	ck_assert_int_eq(pic_acknowledge(pic), 0x2D);
}
END_TEST

START_TEST(test_without_icw4_and_single)
{
	/* ICW1 without IC4 and SNGL: only ICW2 follows. */
	outb(bus, 0x20, 0x12);
	outb(bus, 0x21, 0x40);
	outb(bus, 0x21, 0xFB); /* this is OCW1 already */
	ck_assert_int_eq(inb(bus, 0x21), 0xFB);
	outb(bus, 0x21, 0x00);
	pic_set_irq(pic, 10, 1);
	outb(bus, 0xA0, 0x11);
	outb(bus, 0xA1, 0x70);
	outb(bus, 0xA1, 0x02);
	outb(bus, 0xA1, 0x01);
	outb(bus, 0xA1, 0x00);
	pic_set_irq(pic, 10, 0);
	pic_set_irq(pic, 10, 1);
	/* Single mode: IR2 is an ordinary input with its own vector. */
	ck_assert_int_eq(pic_acknowledge(pic), 0x42);
}
END_TEST

START_TEST(test_irq2_goes_to_irq9_and_bad_irqs)
{
	init_pair(0x01, 0x01);
	pic_set_irq(pic, 2, 1);
	ck_assert_int_eq(read_irr(0xA0), 0x02);
	ck_assert_int_eq(pic_acknowledge(pic), 0x71);
	pic_set_irq(pic, -1, 1);
	pic_set_irq(pic, 16, 1);
	pic_set_irq(pic, 1000, 1);
	struct irq_line line = pic_irq_line(pic, 6);
	irq_raise(&line);
	outb(bus, 0xA0, 0x20);
	outb(bus, 0x20, 0x20);
	ck_assert_int_eq(pic_acknowledge(pic), 0x0E);
}
END_TEST

START_TEST(test_reset_masks_everything)
{
	pic_set_irq(pic, 0, 1);
	ck_assert(!pic_has_interrupt(pic));
	ck_assert_int_eq(inb(bus, 0x21), 0xFF);
	ck_assert_int_eq(inb(bus, 0xA1), 0xFF);
}
END_TEST

START_TEST(test_guest_noise_is_harmless)
{
	unsigned seed = 3;
	static const uint16_t ports[6] = { 0x20, 0x21, 0xA0, 0xA1, 0x4D0, 0x4D1 };
	for (int i = 0; i < 200000; i++) {
		seed = seed * 1103515245u + 12345u;
		uint16_t port = ports[(seed >> 16) % 6];
		if ((seed >> 8) & 1)
			outb(bus, port, (uint8_t)(seed >> 21));
		else
			inb(bus, port);
		pic_set_irq(pic, (int)((seed >> 3) % 20) - 2, (seed >> 2) & 1);
		if (pic_has_interrupt(pic) && (seed & 1))
			pic_acknowledge(pic);
	}
	/* Whatever happened, a fresh initialization works. */
	init_pair(0x01, 0x01);
	for (int irq = 0; irq < 16; irq++)
		pic_set_irq(pic, irq, 0);
	pic_set_irq(pic, 5, 1);
	ck_assert_int_eq(pic_acknowledge(pic), 0x0D);
}
END_TEST

/* "info pic": the registers as the chips hold them, in words. */
START_TEST(test_print_state)
{
	init_pair(0x01, 0x01);
	outb(bus, 0x21, 0xB8);
	pic_set_irq(pic, 0, 1);
	pic_set_irq(pic, 14, 1);
	ck_assert_int_eq(pic_acknowledge(pic), 0x08);
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	ck_assert_ptr_nonnull(out);
	pic_print_state(pic, out);
	fclose(out);
	ck_assert_msg(strstr(text, "master (ports 0x20-0x21): IRR=0x04 ISR=0x01 IMR=0xb8 ELCR=0x00 vectors 0x08-0x0f\n"),
		      "%s", text);
	ck_assert_msg(strstr(text, "slave  (ports 0xa0-0xa1): IRR=0x40 ISR=0x00 IMR=0x00 ELCR=0x00 vectors 0x70-0x77\n"),
		      "%s", text);
	ck_assert_msg(strstr(text, "  unmasked:    0 1 2 6 8 9 10 11 12 13 14 15\n"), "%s", text);
	ck_assert_msg(strstr(text, "  requested:   2 14\n"), "%s", text);
	ck_assert_msg(strstr(text, "  in service:  0\n"), "%s", text);
	ck_assert_msg(strstr(text, "  inputs high: 0 2 14\n"), "%s", text);
	free(text);
}
END_TEST

static Suite *pic_suite(void)
{
	Suite *s = suite_create("pic");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_init_and_single_interrupt);
	tcase_add_test(tc, test_mask_register);
	tcase_add_test(tc, test_fixed_priority_and_nesting);
	tcase_add_test(tc, test_specific_eoi);
	tcase_add_test(tc, test_automatic_eoi);
	tcase_add_test(tc, test_rotate_on_nonspecific_eoi);
	tcase_add_test(tc, test_set_priority_and_rotate_specific);
	tcase_add_test(tc, test_rotate_in_automatic_eoi);
	tcase_add_test(tc, test_poll_command);
	tcase_add_test(tc, test_cascade);
	tcase_add_test(tc, test_cascade_priority_against_master);
	tcase_add_test(tc, test_special_fully_nested);
	tcase_add_test(tc, test_spurious_irq7);
	tcase_add_test(tc, test_level_triggered_via_elcr);
	tcase_add_test(tc, test_special_mask_mode);
	tcase_add_test(tc, test_icw1_resets_state);
	tcase_add_test(tc, test_vector_bases);
	tcase_add_test(tc, test_without_icw4_and_single);
	tcase_add_test(tc, test_irq2_goes_to_irq9_and_bad_irqs);
	tcase_add_test(tc, test_reset_masks_everything);
	tcase_add_test(tc, test_print_state);
	tcase_add_test(tc, test_guest_noise_is_harmless);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(pic_suite());
}
