# (owned by its area; see Makefile.am)
# The x87 soft-float library: 80-bit extended arithmetic on integers only,
# bit-exact on every host.  See cpu/fpu/x87float.h.
noinst_LIBRARIES += libglasspc-fpu.a
libglasspc_fpu_a_SOURCES = \
	cpu/fpu/x87float.h cpu/fpu/internal.h \
	cpu/fpu/classify.c cpu/fpu/round.c \
	cpu/fpu/add.c cpu/fpu/mul.c cpu/fpu/div.c cpu/fpu/sqrt.c \
	cpu/fpu/remainder.c cpu/fpu/scale.c cpu/fpu/compare.c \
	cpu/fpu/convert_int.c cpu/fpu/convert_float.c cpu/fpu/bcd.c \
	cpu/fpu/memory_operand.c cpu/fpu/constants.c cpu/fpu/wide.c

EXTRA_DIST += cpu/fpu/README.md

# Tests: exact big-integer reference, edge cases, and (on x86 hosts) the
# host's own x87.
FPU_TEST_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
FPU_TEST_LDADD = libglasspc-fpu.a $(CHECK_LIBS)

check_PROGRAMS += cpu/fpu/test_softfloat
cpu_fpu_test_softfloat_SOURCES = cpu/fpu/test_softfloat.c
cpu_fpu_test_softfloat_CFLAGS = $(FPU_TEST_CFLAGS)
cpu_fpu_test_softfloat_LDADD = $(FPU_TEST_LDADD)

check_PROGRAMS += cpu/fpu/test_reference
cpu_fpu_test_reference_SOURCES = cpu/fpu/test_reference.c \
	cpu/fpu/test_bignum.c cpu/fpu/test_bignum.h \
	cpu/fpu/test_operands.c cpu/fpu/test_operands.h
cpu_fpu_test_reference_CFLAGS = $(FPU_TEST_CFLAGS)
cpu_fpu_test_reference_LDADD = $(FPU_TEST_LDADD)

check_PROGRAMS += cpu/fpu/test_wide
cpu_fpu_test_wide_SOURCES = cpu/fpu/test_wide.c \
	cpu/fpu/test_bignum.c cpu/fpu/test_bignum.h \
	cpu/fpu/test_operands.c cpu/fpu/test_operands.h
cpu_fpu_test_wide_CFLAGS = $(FPU_TEST_CFLAGS)
cpu_fpu_test_wide_LDADD = $(FPU_TEST_LDADD)

check_PROGRAMS += cpu/fpu/test_golden
cpu_fpu_test_golden_SOURCES = cpu/fpu/test_golden.c \
	cpu/fpu/test_golden_sequence.c cpu/fpu/test_golden.h \
	cpu/fpu/test_operands.c cpu/fpu/test_operands.h
cpu_fpu_test_golden_CFLAGS = $(FPU_TEST_CFLAGS)
cpu_fpu_test_golden_LDADD = $(FPU_TEST_LDADD)

check_PROGRAMS += cpu/fpu/test_host_x87
cpu_fpu_test_host_x87_SOURCES = cpu/fpu/test_host_x87.c \
	cpu/fpu/test_operands.c cpu/fpu/test_operands.h
cpu_fpu_test_host_x87_CFLAGS = $(FPU_TEST_CFLAGS)
cpu_fpu_test_host_x87_LDADD = $(FPU_TEST_LDADD)

check_PROGRAMS += cpu/fpu/test_host_x87_other
cpu_fpu_test_host_x87_other_SOURCES = cpu/fpu/test_host_x87_other.c \
	cpu/fpu/test_operands.c cpu/fpu/test_operands.h
cpu_fpu_test_host_x87_other_CFLAGS = $(FPU_TEST_CFLAGS)
cpu_fpu_test_host_x87_other_LDADD = $(FPU_TEST_LDADD)

TESTS += cpu/fpu/test_softfloat cpu/fpu/test_reference cpu/fpu/test_wide cpu/fpu/test_golden \
	cpu/fpu/test_host_x87 cpu/fpu/test_host_x87_other

# Build and run only this library's tests (the rest of the tree may not
# link yet): make check-fpu
FPU_TESTS = cpu/fpu/test_softfloat cpu/fpu/test_reference cpu/fpu/test_wide cpu/fpu/test_golden \
	cpu/fpu/test_host_x87 cpu/fpu/test_host_x87_other
check-fpu: $(FPU_TESTS)
	@$(MAKE) $(AM_MAKEFLAGS) check-TESTS TESTS="$(FPU_TESTS)" check_PROGRAMS="$(FPU_TESTS)"
.PHONY: check-fpu
