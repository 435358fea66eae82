noinst_LIBRARIES += libglasspc-iodev.a
libglasspc_iodev_a_SOURCES = iodev/bus.h iodev/bus.c
