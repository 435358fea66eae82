# The CPU-only benchmark: `make bench` runs glasspc-bench on the integer
# workload ROM for a few seconds and prints MIPS.  Benchmarks are not
# tests; the check below only runs the workload for a fixed instruction
# count and compares its checksum with the C reference (bench/reference.c).
check_PROGRAMS += glasspc-bench bench/workload-ref
glasspc_bench_SOURCES = bench/bench.c machine/rom.c machine/rom.h
glasspc_bench_CPPFLAGS = $(AM_CPPFLAGS) -DBENCH_ROM='"$(abs_top_builddir)/bench/workload.rom"'
glasspc_bench_LDADD = libglasspc-cpu.a libglasspc-iodev.a libglasspc-memory.a
bench_workload_ref_SOURCES = bench/reference.c

check_DATA += bench/workload.rom
CLEANFILES += bench/workload.rom
EXTRA_DIST += bench/workload.asm bench/check-workload.sh

bench/workload.rom: bench/workload.asm
	@$(MKDIR_P) bench
	$(AM_V_GEN)$(NASM) -f bin -o $@ $(srcdir)/bench/workload.asm

TESTS += bench/check-workload.sh

# BENCH_FLAGS passes options: make bench BENCH_FLAGS='--runs 3 --phases'
BENCH_FLAGS =
.PHONY: bench
bench: glasspc-bench$(EXEEXT) bench/workload.rom
	./glasspc-bench$(EXEEXT) $(BENCH_FLAGS)
