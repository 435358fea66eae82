# Finding firmware: the system BIOS and the VGA BIOS come from the
# distribution's packages at run time (nothing here is firmware itself).
noinst_LIBRARIES += libglasspc-bios.a
libglasspc_bios_a_SOURCES = bios/firmware.c bios/firmware.h bios/vgabios.c bios/vgabios.h \
	bios/rom.c bios/rom.h
