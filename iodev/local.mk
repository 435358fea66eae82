noinst_LIBRARIES += libglasspc-iodev.a
libglasspc_iodev_a_SOURCES = iodev/bus.h iodev/bus.c
# The PC chipset devices (i440FX/PIIX3 board).
libglasspc_iodev_a_SOURCES += iodev/pic.h iodev/pic.c
libglasspc_iodev_a_SOURCES += iodev/pit.h iodev/pit.c
libglasspc_iodev_a_SOURCES += iodev/cmos.h iodev/cmos.c
libglasspc_iodev_a_SOURCES += iodev/kbc.h iodev/kbc.c
libglasspc_iodev_a_SOURCES += iodev/dma.h iodev/dma.c
libglasspc_iodev_a_SOURCES += iodev/uart.h iodev/uart.c iodev/uart_backends.c
libglasspc_iodev_a_SOURCES += iodev/debugport.h iodev/debugport.c
libglasspc_iodev_a_SOURCES += iodev/lpt.h iodev/lpt.c
