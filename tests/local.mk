# CPU unit tests (Check) and the guest programs they run, assembled with
# nasm by make check.
CPU_GUESTS = tests/unit/cpu/ops32.bin tests/unit/cpu/ops386.bin tests/unit/cpu/wrap.bin \
	tests/unit/cpu/models.bin tests/unit/cpu/smc.bin tests/unit/cpu/debugregs.bin \
	tests/unit/cpu/strings.bin tests/unit/cpu/bploop.bin
EXTRA_DIST += $(CPU_GUESTS:.bin=.asm)
CLEANFILES += $(CPU_GUESTS)
check_DATA = $(CPU_GUESTS)

tests/unit/cpu/%.bin: tests/unit/cpu/%.asm
	@$(MKDIR_P) tests/unit/cpu
	$(AM_V_GEN)$(NASM) -f bin -o $@ $<

check_PROGRAMS += tests/unit/test_cpu
TESTS += tests/unit/test_cpu
tests_unit_test_cpu_SOURCES = tests/unit/test_cpu.c tests/unit/cpu_harness.c tests/unit/cpu_harness.h
tests_unit_test_cpu_CPPFLAGS = $(AM_CPPFLAGS) -DGUEST_DIR='"$(abs_top_builddir)/tests/unit/cpu"'
tests_unit_test_cpu_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_cpu_LDADD = libglasspc-cpu.a libglasspc-iodev.a libglasspc-memory.a $(CHECK_LIBS)

check_PROGRAMS += tests/unit/test_mem
TESTS += tests/unit/test_mem
tests_unit_test_mem_SOURCES = tests/unit/test_mem.c
tests_unit_test_mem_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_mem_LDADD = libglasspc-memory.a $(CHECK_LIBS)
