# The PC machine (i440FX/PIIX3 board, BIOS, virtual clock), linked into
# the program.
glasspc_SOURCES += machine/pc.c machine/pc.h machine/pc_internal.h machine/pc_debugger.c machine/clock.c machine/clock.h \
	machine/bench_report.c machine/bench_report.h
# The display (the VGA's window, screenshots, text dumps); the device
# library again after it, for the VGA functions only gui/ calls.
glasspc_LDADD += libglasspc-bios.a $(GUI_LIBS) libglasspc-iodev.a
