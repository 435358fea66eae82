/* The parallel port through its ports: the latch reads back, status is
 * ready, a byte goes to the printer on STROBE's falling edge only. */
#include <check.h>
#include <stdlib.h>

#include "iodev/lpt.h"

static uint8_t printed[16];
static int nprinted;

static void sink(void *opaque, uint8_t byte)
{
	if (nprinted < 16)
		printed[nprinted++] = byte;
}

START_TEST(test_lpt_strobe)
{
	struct iobus *bus = iobus_create();
	struct lpt *lpt = lpt_create(bus, LPT1_BASE, sink, NULL);
	ck_assert_ptr_nonnull(lpt);
	nprinted = 0;
	iobus_write(bus, 0x378, 0xAA, 1);
	ck_assert_uint_eq(iobus_read(bus, 0x378, 1), 0xAA);
	ck_assert_uint_eq(iobus_read(bus, 0x379, 1) & 0x80, 0x80); /* not busy */
	iobus_write(bus, 0x378, 'G', 1);
	ck_assert_int_eq(nprinted, 0);
	iobus_write(bus, 0x37A, 0x0D, 1); /* STROBE high: nothing yet */
	ck_assert_int_eq(nprinted, 0);
	iobus_write(bus, 0x37A, 0x0C, 1); /* low: printed */
	ck_assert_int_eq(nprinted, 1);
	ck_assert_uint_eq(printed[0], 'G');
	ck_assert_uint_eq(iobus_read(bus, 0x379, 1) & 0x40, 0); /* nACK pulse */
	for (int n = 0; n < 8; n++)
		(void)iobus_read(bus, 0x379, 1);
	ck_assert_uint_eq(iobus_read(bus, 0x379, 1) & 0x40, 0x40);
	iobus_write(bus, 0x37A, 0x0C, 1); /* no edge: nothing more */
	ck_assert_int_eq(nprinted, 1);
	ck_assert_uint_eq(iobus_read(bus, 0x37A, 1), 0xEC);
	lpt_destroy(lpt);
	iobus_destroy(bus);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("lpt");
	TCase *tc = tcase_create("port");
	tcase_add_test(tc, test_lpt_strobe);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
