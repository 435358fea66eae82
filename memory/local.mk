noinst_LIBRARIES += libglasspc-memory.a
libglasspc_memory_a_SOURCES = memory/mem.h memory/mem.c
