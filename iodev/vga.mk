# The VGA with Bochs VBE (iodev/vga*.c), part of the device library.
libglasspc_iodev_a_SOURCES += iodev/vga.h iodev/vga_internal.h iodev/vga.c iodev/vga_regs.c iodev/vga_mem.c \
	iodev/vga_vbe.c iodev/vga_render.c iodev/vga_render_text.c iodev/vga_render_graphics.c
