# (owned by its area; see Makefile.am)
# The disassembler (cpu/disasm.h), derived from the instruction table,
# for the debugger and the tracer.
libglasspc_cpu_a_SOURCES += cpu/disasm.c cpu/disasm.h
