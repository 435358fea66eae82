# The configuration layer: the command line, bochsrc files and the machine
# description they fill, in a library the program and its test link.
noinst_LIBRARIES += libglasspc-config.a
libglasspc_config_a_SOURCES = \
	config/options.c config/options.h \
	config/machine_config.c config/machine_config.h \
	config/bochsrc.c config/bochsrc.h \
	config/image.c config/image.h \
	config/debug_options.c config/debug_options.h
# options.c asks the CPU for its model names; the CPU library needs the rest
# (the x87 in libglasspc-fpu.a among them).
CONFIG_LDADD = libglasspc-config.a libglasspc-cpu.a libglasspc-fpu.a libglasspc-iodev.a libglasspc-memory.a

check_PROGRAMS += tests/unit/test_config
TESTS += tests/unit/test_config
tests_unit_test_config_SOURCES = tests/unit/test_config.c
tests_unit_test_config_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_config_LDADD = $(CONFIG_LDADD) $(CHECK_LIBS)
