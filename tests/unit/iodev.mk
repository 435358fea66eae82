# Unit tests for the chipset devices in iodev/: each drives one device
# through its I/O ports on a private bus.
IODEV_TEST_LDADD = libglasspc-iodev.a libglasspc-memory.a $(CHECK_LIBS)
IODEV_TEST_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
EXTRA_DIST += tests/unit/test_iodev.h

check_PROGRAMS += tests/unit/test_pic
TESTS += tests/unit/test_pic
tests_unit_test_pic_SOURCES = tests/unit/test_pic.c tests/unit/test_iodev.h
tests_unit_test_pic_CFLAGS = $(IODEV_TEST_CFLAGS)
tests_unit_test_pic_LDADD = $(IODEV_TEST_LDADD)

check_PROGRAMS += tests/unit/test_pit
TESTS += tests/unit/test_pit
tests_unit_test_pit_SOURCES = tests/unit/test_pit.c tests/unit/test_iodev.h
tests_unit_test_pit_CFLAGS = $(IODEV_TEST_CFLAGS)
tests_unit_test_pit_LDADD = $(IODEV_TEST_LDADD)

check_PROGRAMS += tests/unit/test_cmos
TESTS += tests/unit/test_cmos
tests_unit_test_cmos_SOURCES = tests/unit/test_cmos.c tests/unit/test_iodev.h
tests_unit_test_cmos_CFLAGS = $(IODEV_TEST_CFLAGS)
tests_unit_test_cmos_LDADD = $(IODEV_TEST_LDADD)

check_PROGRAMS += tests/unit/test_kbc
TESTS += tests/unit/test_kbc
tests_unit_test_kbc_SOURCES = tests/unit/test_kbc.c tests/unit/test_iodev.h
tests_unit_test_kbc_CFLAGS = $(IODEV_TEST_CFLAGS)
tests_unit_test_kbc_LDADD = $(IODEV_TEST_LDADD)

check_PROGRAMS += tests/unit/test_dma
TESTS += tests/unit/test_dma
tests_unit_test_dma_SOURCES = tests/unit/test_dma.c tests/unit/test_iodev.h
tests_unit_test_dma_CFLAGS = $(IODEV_TEST_CFLAGS)
tests_unit_test_dma_LDADD = $(IODEV_TEST_LDADD)

check_PROGRAMS += tests/unit/test_uart
TESTS += tests/unit/test_uart
tests_unit_test_uart_SOURCES = tests/unit/test_uart.c tests/unit/test_iodev.h
tests_unit_test_uart_CFLAGS = $(IODEV_TEST_CFLAGS)
tests_unit_test_uart_LDADD = $(IODEV_TEST_LDADD)

check_PROGRAMS += tests/unit/test_lpt
TESTS += tests/unit/test_lpt
tests_unit_test_lpt_SOURCES = tests/unit/test_lpt.c
tests_unit_test_lpt_CFLAGS = $(IODEV_TEST_CFLAGS)
tests_unit_test_lpt_LDADD = $(IODEV_TEST_LDADD)
check_PROGRAMS += tests/unit/test_debugport
TESTS += tests/unit/test_debugport
tests_unit_test_debugport_SOURCES = tests/unit/test_debugport.c tests/unit/test_iodev.h
tests_unit_test_debugport_CFLAGS = $(IODEV_TEST_CFLAGS)
tests_unit_test_debugport_LDADD = $(IODEV_TEST_LDADD)
