# The PC machine (i440FX/PIIX3 board, BIOS, virtual clock), linked into
# the program.
glasspc_SOURCES += machine/pc.c machine/pc.h machine/clock.c machine/clock.h
