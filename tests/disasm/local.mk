# (owned by its area; see Makefile.am)
# Agreement of the disassembler with GNU objdump on random byte strings,
# 16- and 32-bit code; see tests/disasm/agreement.c.
check_PROGRAMS += tests/disasm/disasm-agreement
tests_disasm_disasm_agreement_SOURCES = tests/disasm/agreement.c
tests_disasm_disasm_agreement_CPPFLAGS = $(AM_CPPFLAGS) -DOBJDUMP_PATH='"$(OBJDUMP)"' \
	-DKNOWN_DIFFERENCES_PATH='"$(abs_top_srcdir)/tests/disasm/known-differences.txt"'
tests_disasm_disasm_agreement_LDADD = libglasspc-cpu.a libglasspc-fpu.a libglasspc-memory.a libglasspc-iodev.a
TESTS += tests/disasm/disasm-agreement
EXTRA_DIST += tests/disasm/known-differences.txt
