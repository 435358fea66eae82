# Storage: raw disk images, the 82077AA floppy controller, the ATA
# channels with their disks and ATAPI CD-ROMs, and the PIIX3 IDE
# bus-master registers.
libglasspc_iodev_a_SOURCES += iodev/disk_image.h iodev/disk_image.c
libglasspc_iodev_a_SOURCES += iodev/fdc.h iodev/fdc.c
libglasspc_iodev_a_SOURCES += iodev/ata.h iodev/ata_internal.h iodev/ata.c iodev/atapi.c
libglasspc_iodev_a_SOURCES += iodev/ide_busmaster.h iodev/ide_busmaster.c
