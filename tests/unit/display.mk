# Unit tests for the VGA, DISPI and the display front ends.
DISPLAY_TEST_LDADD = libglasspc-iodev.a libglasspc-memory.a $(CHECK_LIBS)
DISPLAY_TEST_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
EXTRA_DIST += tests/unit/test_display.h

check_PROGRAMS += tests/unit/test_vga
TESTS += tests/unit/test_vga
tests_unit_test_vga_SOURCES = tests/unit/test_vga.c tests/unit/test_display.h
tests_unit_test_vga_CFLAGS = $(DISPLAY_TEST_CFLAGS)
tests_unit_test_vga_LDADD = $(DISPLAY_TEST_LDADD)

check_PROGRAMS += tests/unit/test_vga_render
TESTS += tests/unit/test_vga_render
tests_unit_test_vga_render_SOURCES = tests/unit/test_vga_render.c tests/unit/test_display.h
tests_unit_test_vga_render_CFLAGS = $(DISPLAY_TEST_CFLAGS)
tests_unit_test_vga_render_LDADD = $(DISPLAY_TEST_LDADD)

check_PROGRAMS += tests/unit/test_vbe
TESTS += tests/unit/test_vbe
tests_unit_test_vbe_SOURCES = tests/unit/test_vbe.c tests/unit/test_display.h
tests_unit_test_vbe_CFLAGS = $(DISPLAY_TEST_CFLAGS)
tests_unit_test_vbe_LDADD = $(DISPLAY_TEST_LDADD)

check_PROGRAMS += tests/unit/test_vga_output
TESTS += tests/unit/test_vga_output
tests_unit_test_vga_output_SOURCES = tests/unit/test_vga_output.c tests/unit/test_display.h
tests_unit_test_vga_output_CFLAGS = $(DISPLAY_TEST_CFLAGS) $(PNG_CFLAGS)
tests_unit_test_vga_output_LDADD = libglasspc-gui.a $(DISPLAY_TEST_LDADD) $(PNG_LIBS) $(SDL2_LIBS)

check_PROGRAMS += tests/unit/test_gui_keymap
TESTS += tests/unit/test_gui_keymap
tests_unit_test_gui_keymap_SOURCES = tests/unit/test_gui_keymap.c
tests_unit_test_gui_keymap_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(SDL2_CFLAGS)
tests_unit_test_gui_keymap_LDADD = libglasspc-gui.a $(CHECK_LIBS)

# The SeaBIOS and LGPL VGA BIOS option ROMs run on the CPU against the
# VGA (skipped when neither package is installed).
check_PROGRAMS += tests/unit/test_vga_bios
TESTS += tests/unit/test_vga_bios
tests_unit_test_vga_bios_SOURCES = tests/unit/test_vga_bios.c tests/unit/test_display.h
tests_unit_test_vga_bios_CFLAGS = $(DISPLAY_TEST_CFLAGS)
tests_unit_test_vga_bios_LDADD = libglasspc-bios.a libglasspc-cpu.a libglasspc-gui.a $(DISPLAY_TEST_LDADD) $(PNG_LIBS) $(SDL2_LIBS)

# The display on the whole PC (skipped until the program has --screen-text
# and --screenshot; the second also needs xvfb-run).
TESTS += tests/pc/vga-screen.sh tests/pc/vga-xvfb.sh
EXTRA_DIST += tests/pc/vga-screen.sh tests/pc/vga-xvfb.sh
