# The demo disk glasspc boots when given nothing to boot: a 1.44 MB floppy
# image built with nasm from the boot sector, the demo program and the
# disk layout, installed with the program's data.
pkgdata_DATA = demo/demo.img
CLEANFILES += demo/demo.img demo/boot.bin demo/demo.bin
EXTRA_DIST += demo/boot.asm demo/demo.asm demo/disk.asm

demo/boot.bin: demo/boot.asm
	@$(MKDIR_P) demo
	$(AM_V_GEN)$(NASM) -f bin -o $@ $(srcdir)/demo/boot.asm
demo/demo.bin: demo/demo.asm
	@$(MKDIR_P) demo
	$(AM_V_GEN)$(NASM) -f bin -o $@ $(srcdir)/demo/demo.asm
demo/demo.img: demo/disk.asm demo/boot.bin demo/demo.bin
	$(AM_V_GEN)$(NASM) -f bin -Idemo/ -o $@ $(srcdir)/demo/disk.asm
