# (owned by its area; see Makefile.am)
# The x87 FPU inside the CPU.
#  - tests/x87/test_x87: Check unit tests (register stack, tags, stack
#    faults, FSAVE/FRSTOR layouts, #MF, FERR#/IRQ 13, IGNNE#, #NM, models).
#  - tests/x87/x87.bin: a guest ROM for the bare machine that runs every
#    x87 instruction and prints results, status and control words on port
#    0xE9; tests/x87/x87.p6.expected is what the Intel SDM and exact
#    arithmetic say it prints (derivations in the .asm), compared by
#    tests/x87/run.sh.
#  - tests/x87/detect.sh: a 386 without and with --fpu 387, and a 486, as
#    the guest's FPU detection sees them.
check_PROGRAMS += tests/x87/test_x87
TESTS += tests/x87/test_x87
tests_x87_test_x87_SOURCES = tests/x87/test_x87.c tests/unit/cpu_harness.c tests/unit/cpu_harness.h
tests_x87_test_x87_CPPFLAGS = $(AM_CPPFLAGS) -DGUEST_DIR='"$(abs_top_builddir)/tests/x87"'
tests_x87_test_x87_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_x87_test_x87_LDADD = libglasspc-cpu.a libglasspc-iodev.a libglasspc-memory.a $(CHECK_LIBS)

X87_ROMS = tests/x87/x87.bin tests/x87/detect.bin
TESTS += tests/x87/run.sh tests/x87/detect.sh
check_DATA += $(X87_ROMS)
CLEANFILES += $(X87_ROMS)
EXTRA_DIST += tests/x87/run.sh tests/x87/x87.asm tests/x87/x87.p6.expected \
	tests/x87/detect.sh tests/x87/detect.asm

tests/x87/%.bin: tests/x87/%.asm
	@$(MKDIR_P) tests/x87
	$(AM_V_GEN)$(NASM) -f bin -o $@ $<
