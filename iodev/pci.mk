# PCI and the i440FX/PIIX3/PIIX4 chipset functions (the PC machine's
# board logic); a fragment of its own so that iodev/local.mk stays with
# the ISA devices.
libglasspc_iodev_a_SOURCES += iodev/pci.h iodev/pci.c
libglasspc_iodev_a_SOURCES += iodev/i440fx.h iodev/i440fx.c
libglasspc_iodev_a_SOURCES += iodev/piix3.h iodev/piix3.c
libglasspc_iodev_a_SOURCES += iodev/piix4pm.h iodev/piix4pm.c
