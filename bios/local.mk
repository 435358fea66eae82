# ROM images built from the project's own sources with nasm.
pkgdata_DATA = bios/demo.rom
CLEANFILES += bios/demo.rom
EXTRA_DIST += bios/demo.asm

bios/demo.rom: bios/demo.asm
	@$(MKDIR_P) bios
	$(AM_V_GEN)$(NASM) -f bin -o $@ $(srcdir)/bios/demo.asm
