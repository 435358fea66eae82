# The debugger: console, expression evaluator, tracer (debugger/), and
# glasspc-tracediff.  Included from tests/debugger/local.mk so that the
# top Makefile.am names the debugger once.
noinst_LIBRARIES += libglasspc-debugger.a
libglasspc_debugger_a_SOURCES = debugger/debugger.h debugger/internal.h debugger/expr.h debugger/expr.c \
	debugger/core.c debugger/guestview.c debugger/symbols.c debugger/trace.c debugger/console.c \
	debugger/gdbpacket.c debugger/gdbpacket.h debugger/gdbstub.c debugger/gdbstub.h
libglasspc_debugger_a_CPPFLAGS = $(AM_CPPFLAGS) $(EDIT_CFLAGS)

# The program runs its machines through the debugger when asked.  The
# libraries come again after the debugger's, which uses them.
glasspc_LDADD += libglasspc-debugger.a libglasspc-cpu.a libglasspc-iodev.a libglasspc-memory.a $(EDIT_LIBS)

bin_PROGRAMS += glasspc-tracediff
glasspc_tracediff_SOURCES = debugger/tracediff.c
