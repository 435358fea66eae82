# The CPU core, a library the emulator, the test-vector runner and the
# unit tests link.
noinst_LIBRARIES += libglasspc-cpu.a
libglasspc_cpu_a_SOURCES = \
	cpu/cpu.h cpu/core.h cpu/flags.h cpu/operand.h cpu/opcodes.def cpu/icache.h \
	cpu/cpu.c cpu/decode.c cpu/optable.c cpu/exec.c cpu/access.c cpu/interrupt.c \
	cpu/icache.c cpu/flags.c \
	cpu/alu.c cpu/datamove.c cpu/stack.c cpu/control.c cpu/shift.c cpu/muldiv.c \
	cpu/bcd.c cpu/string.c cpu/io.c cpu/bitops.c cpu/flagops.c cpu/system.c \
	cpu/descriptor.h cpu/segment.c cpu/farcall.c cpu/task.h cpu/task.c cpu/paging.h cpu/paging.c \
	cpu/sysdesc.c cpu/exchange.c cpu/cpuid.c cpu/sysenter.c cpu/debug_hooks.c cpu/debugreg.c cpu/vme.c \
	cpu/x87.h cpu/x87.c cpu/x87_ops.c cpu/x87_trans.c
# The x87 (cpu/x87*.c) computes with the soft-float library: its objects
# go into this archive as well, so every program that links the CPU has
# them (libglasspc-fpu.a stays for the library's own tests).
libglasspc_cpu_a_SOURCES += $(libglasspc_fpu_a_SOURCES)
