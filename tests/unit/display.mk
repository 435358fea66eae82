# Unit tests for the VGA, DISPI and the display front ends.
DISPLAY_TEST_LDADD = libglasspc-iodev.a libglasspc-memory.a $(CHECK_LIBS)
DISPLAY_TEST_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
EXTRA_DIST += tests/unit/test_display.h

check_PROGRAMS += tests/unit/test_vga
TESTS += tests/unit/test_vga
tests_unit_test_vga_SOURCES = tests/unit/test_vga.c tests/unit/test_display.h
tests_unit_test_vga_CFLAGS = $(DISPLAY_TEST_CFLAGS)
tests_unit_test_vga_LDADD = $(DISPLAY_TEST_LDADD)
