# Benchmarks.  Benchmarks are not tests: make check runs each guest for a
# fixed amount of work and checks its checksum, never its speed.
#
# `make bench`: the full-system benchmark.  A guest of ours (a boot
# sector and a 32-bit payload in C) boots through SeaBIOS from a floppy
# and runs an integer mix with paging off and on; glasspc --bench-report
# times the work (docs/performance.md).  `make bench-compare` runs the
# same image under Bochs 2.7 too.  `make bench-cpu` is the older CPU-only
# benchmark (glasspc-bench on the bare machine, also the callgrind
# subject).

# ---- the CPU-only benchmark ----
check_PROGRAMS += glasspc-bench bench/workload-ref
glasspc_bench_SOURCES = bench/bench.c bios/rom.c bios/rom.h
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

# BENCH_FLAGS passes options: make bench-cpu BENCH_FLAGS='--runs 3 --phases'
BENCH_FLAGS =
.PHONY: bench-cpu
bench-cpu: glasspc-bench$(EXEEXT) bench/workload.rom
	./glasspc-bench$(EXEEXT) $(BENCH_FLAGS)

# ---- the full-system benchmark ----
# The payload is freestanding 32-bit code: the host's compiler with -m32,
# none of the build's CFLAGS (no sanitizers, no host ABI), no SSE or x87,
# no loop-to-memset rewriting (the byte loops must stay loops).
PCBENCH_GUEST_CFLAGS = -m32 -march=i686 -O2 -ffreestanding -fno-pic -fno-pie -fno-stack-protector \
	-fno-asynchronous-unwind-tables -fno-unwind-tables -fcf-protection=none -mno-sse -mno-mmx -mno-80387 \
	-fno-tree-loop-distribute-patterns -fno-tree-vectorize -DPCBENCH_GUEST -Wall -Wextra
PCBENCH_PAYLOAD_MAX = 16384
# Rounds of the mix in each of the two runs (paging off, on): 100 is
# about 400 million guest instructions of work.
PCBENCH_ROUNDS = 100
PCBENCH_CHECK_ROUNDS = 2
PCBENCH_IMAGES = bench/pcbench.img bench/pcbench-nowork.img bench/pcbench-boot.img
PCBENCH_GUEST_FILES = bench/pcbench-guest.c bench/pcbench-work.c bench/pcbench-work.h bench/pcbench.ld \
	bench/pcbench-boot.asm

check_PROGRAMS += bench/pcbench-ref
bench_pcbench_ref_SOURCES = bench/pcbench-ref.c bench/pcbench-work.c bench/pcbench-work.h

check_DATA += bench/pcbench-check.img
CLEANFILES += bench/pcbench-payload.bin bench/pcbench-check.img bench/pcbench-rounds $(PCBENCH_IMAGES)
EXTRA_DIST += $(PCBENCH_GUEST_FILES) bench/pcbench-image.sh bench/check-pcbench.sh bench/pcbench.sh \
	bench/compare.sh
TESTS += bench/check-pcbench.sh

bench/pcbench-payload.bin: $(PCBENCH_GUEST_FILES)
	@$(MKDIR_P) bench
	$(AM_V_GEN)$(CC) $(PCBENCH_GUEST_CFLAGS) -nostdlib -no-pie -static -Wl,-T,$(srcdir)/bench/pcbench.ld \
		-Wl,--build-id=none -Wl,--oformat=binary -o $@ \
		$(srcdir)/bench/pcbench-guest.c $(srcdir)/bench/pcbench-work.c
	@size=$$(wc -c <$@); if [ "$$size" -gt $(PCBENCH_PAYLOAD_MAX) ]; then \
		echo "bench/pcbench-payload.bin: $$size bytes, more than the boot sector loads ($(PCBENCH_PAYLOAD_MAX))"; \
		rm -f $@; exit 1; fi

PCBENCH_IMAGE = $(SHELL) $(srcdir)/bench/pcbench-image.sh "$(NASM)" $(srcdir)/bench/pcbench-boot.asm \
	bench/pcbench-payload.bin
bench/pcbench-check.img: bench/pcbench-payload.bin bench/pcbench-boot.asm bench/pcbench-image.sh
	$(AM_V_GEN)$(PCBENCH_IMAGE) $@ -DROUNDS=$(PCBENCH_CHECK_ROUNDS)
bench/pcbench.img: bench/pcbench-payload.bin bench/pcbench-boot.asm bench/pcbench-image.sh bench/pcbench-rounds
	$(AM_V_GEN)$(PCBENCH_IMAGE) $@ -DROUNDS=$(PCBENCH_ROUNDS)
# Holds PCBENCH_ROUNDS and changes with it (make bench PCBENCH_ROUNDS=20
# rebuilds the image, and the next plain make bench rebuilds it again).
.PHONY: pcbench-rounds-check
bench/pcbench-rounds: pcbench-rounds-check
	@$(MKDIR_P) bench
	@echo "$(PCBENCH_ROUNDS)" | cmp -s - $@ || echo "$(PCBENCH_ROUNDS)" >$@
bench/pcbench-nowork.img: bench/pcbench-payload.bin bench/pcbench-boot.asm bench/pcbench-image.sh
	$(AM_V_GEN)$(PCBENCH_IMAGE) $@ -DROUNDS=0
bench/pcbench-boot.img: bench/pcbench-payload.bin bench/pcbench-boot.asm bench/pcbench-image.sh
	$(AM_V_GEN)$(PCBENCH_IMAGE) $@ -DBOOT_ONLY=1

# BENCH_RUNS: runs per emulator (median, min, max over them).
BENCH_RUNS = 3
PCBENCH_ENV = GLASSPC=./glasspc$(EXEEXT) PCBENCH_REF=./bench/pcbench-ref$(EXEEXT) \
	PCBENCH_ROUNDS=$(PCBENCH_ROUNDS) BENCH_RUNS=$(BENCH_RUNS)
.PHONY: bench bench-compare
bench: glasspc$(EXEEXT) bench/pcbench-ref$(EXEEXT) bench/pcbench.img
	$(PCBENCH_ENV) $(SHELL) $(srcdir)/bench/pcbench.sh bench/pcbench.img
bench-compare: glasspc$(EXEEXT) bench/pcbench-ref$(EXEEXT) $(PCBENCH_IMAGES)
	$(PCBENCH_ENV) $(SHELL) $(srcdir)/bench/compare.sh bench
