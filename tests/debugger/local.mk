# The debugger's tests: the expression evaluator, the console driven by a
# script on the bare machine, and the tracer (determinism, tracediff).
include $(top_srcdir)/debugger/local.mk

check_PROGRAMS += tests/debugger/test_expr
TESTS += tests/debugger/test_expr
tests_debugger_test_expr_SOURCES = tests/debugger/test_expr.c
tests_debugger_test_expr_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_debugger_test_expr_LDADD = libglasspc-debugger.a $(CHECK_LIBS)

check_PROGRAMS += tests/debugger/test_gdbpacket
TESTS += tests/debugger/test_gdbpacket
tests_debugger_test_gdbpacket_SOURCES = tests/debugger/test_gdbpacket.c
tests_debugger_test_gdbpacket_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_debugger_test_gdbpacket_LDADD = libglasspc-debugger.a $(CHECK_LIBS)

DEBUGGER_GUESTS = tests/debugger/boot.rom tests/debugger/gdbboot.bin tests/debugger/gdbrom.rom
EXTRA_DIST += tests/debugger/boot.asm tests/debugger/boot.sym
CLEANFILES += $(DEBUGGER_GUESTS)
check_DATA += $(DEBUGGER_GUESTS)

tests/debugger/boot.rom: tests/debugger/boot.asm
	@$(MKDIR_P) tests/debugger
	$(AM_V_GEN)$(NASM) -f bin -o $@ $(srcdir)/tests/debugger/boot.asm

tests/debugger/gdbboot.bin: tests/debugger/gdbboot.asm
	@$(MKDIR_P) tests/debugger
	$(AM_V_GEN)$(NASM) -f bin -o $@ $(srcdir)/tests/debugger/gdbboot.asm

tests/debugger/gdbrom.rom: tests/debugger/gdbrom.asm tests/debugger/gdbboot.bin
	$(AM_V_GEN)$(NASM) -f bin -I tests/debugger/ -o $@ $(srcdir)/tests/debugger/gdbrom.asm

# The gdb stub packet by packet through its socket.
check_PROGRAMS += tests/debugger/test_gdbstub
TESTS += tests/debugger/test_gdbstub
tests_debugger_test_gdbstub_SOURCES = tests/debugger/test_gdbstub.c
tests_debugger_test_gdbstub_CPPFLAGS = $(AM_CPPFLAGS) -DGLASSPC_BIN='"$(abs_top_builddir)/glasspc"' \
	-DGUEST_ROM='"$(abs_top_builddir)/tests/debugger/gdbrom.rom"'
tests_debugger_test_gdbstub_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_debugger_test_gdbstub_LDADD = libglasspc-debugger.a $(CHECK_LIBS)

check_PROGRAMS += tests/debugger/test_console
TESTS += tests/debugger/test_console
tests_debugger_test_console_SOURCES = tests/debugger/test_console.c
tests_debugger_test_console_CPPFLAGS = $(AM_CPPFLAGS) -DGLASSPC_BIN='"$(abs_top_builddir)/glasspc"' \
	-DTRACEDIFF_BIN='"$(abs_top_builddir)/glasspc-tracediff"' \
	-DGUEST_ROM='"$(abs_top_builddir)/tests/debugger/boot.rom"' \
	-DGUEST_SYMBOLS='"$(abs_top_srcdir)/tests/debugger/boot.sym"' \
	-DTEST_TMPDIR='"$(abs_top_builddir)/tests/debugger"'
tests_debugger_test_console_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_debugger_test_console_LDADD = $(CHECK_LIBS)

# gdb-multiarch debugging a boot sector through the gdb stub (--gdb).
TESTS += tests/debugger/gdb.sh
EXTRA_DIST += tests/debugger/gdb.sh tests/debugger/gdbboot.asm tests/debugger/gdbrom.asm

# The debugger on the PC: a boot sector of ours through SeaBIOS, the
# console's commands and device pages, determinism with and without the
# debugger, fatal stops (tests/debugger/pc-console.sh assembles its
# guests).
TESTS += tests/debugger/pc-console.sh tests/debugger/pc-hotkey.sh
EXTRA_DIST += tests/debugger/pc-console.sh tests/debugger/pc-hotkey.sh tests/debugger/pcboot.asm tests/debugger/pctriple.asm \
	tests/debugger/hang.asm
