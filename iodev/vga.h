/* The VGA: IBM VGA registers and planar memory, with the Bochs VBE
 * ("DISPI") extension for high resolutions, as the PCI display function
 * 1234:1111 that the SeaBIOS and LGPL VGA BIOSes drive.
 *
 * Ports: 0x3C0-0x3CF, the CRTC and input status at 0x3D4/0x3D5/0x3DA (or
 * 0x3B4/0x3B5/0x3BA when the miscellaneous output register selects mono
 * addressing), DISPI index/data at 0x1CE/0x1CF.  All register ports take
 * byte accesses; the bus splits a 16-bit OUT to an index/data pair into
 * the index byte and then the data byte, which is what firmware means.
 *
 * Memory: the legacy window A0000-BFFFF is an MMIO region (the graphics
 * controller's memory map field decides which part of it decodes), and
 * the 16 MiB of video memory is mapped as plain RAM at the PCI BAR0
 * address (the linear frame buffer), so that guest pixel writes there
 * cost nothing.  The four 64 KiB planes are the first 256 KiB of video
 * memory, interleaved: plane p's byte at offset o is vram[o * 4 + p].
 *
 * Time is virtual: vga_advance moves the beam (the retrace bits of input
 * status 1, the cursor and character blink), nothing reads the host
 * clock, so screenshots of a run repeat exactly.
 *
 * The VGA knows nothing of the PCI bus: vga_pci_info says what the PCI
 * function must look like, and the machine calls vga_map_lfb and
 * vga_map_rom when the guest moves BAR0 or the ROM BAR. */
#ifndef GLASSPC_IODEV_VGA_H
#define GLASSPC_IODEV_VGA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "iodev/bus.h"
#include "memory/mem.h"

#define VGA_VRAM_SIZE (16u << 20)
#define VGA_PLANE_SIZE 0x10000u
#define VGA_WINDOW_BASE 0xA0000u
#define VGA_WINDOW_SIZE 0x20000u
#define VGA_ISA_ROM_BASE 0xC0000u
/* Where the VBE BIOSes put the frame buffer when no PCI BAR says. */
#define VGA_DEFAULT_LFB 0xE0000000u

#define VBE_DISPI_INDEX_PORT 0x1CE
#define VBE_DISPI_DATA_PORT 0x1CF
/* The largest mode DISPI accepts (GETCAPS reports these). */
#define VBE_MAX_XRES 2560u
#define VBE_MAX_YRES 1600u
#define VBE_MAX_BPP 32u

/* What the PCI function for the VGA must be: the "standard VGA" IDs the
 * VGA BIOSes look for in their PCIR header, display class 0300, BAR0 a
 * prefetchable 32-bit memory BAR of VGA_VRAM_SIZE (the linear frame
 * buffer), and an expansion ROM BAR of rom_size bytes (0 when no ROM was
 * given).  Command register: I/O and memory decode bits writable. */
struct vga_pci_info {
	uint16_t vendor;      /* 0x1234 */
	uint16_t device;      /* 0x1111 */
	uint32_t class_code;  /* 0x030000: base class << 16 | subclass << 8 | prog-if */
	uint8_t revision;
	uint32_t bar0_size;   /* VGA_VRAM_SIZE, memory, prefetchable */
	uint32_t rom_size;    /* a power of two >= 2 KiB, or 0 */
};

/* One rendered picture.  pixels holds width x height 0x00RRGGBB values,
 * stride pixels apart from row to row.  The VGA draws each guest pixel
 * once; scale_x and scale_y say how many monitor pixels it covers, from
 * the VGA's own pixel doubling (the halved dot clock of 320- and 360-wide
 * modes, the two dots per pixel of 256-colour modes) and line repetition
 * (double scanning, 200-line modes on a 400-line raster).  A front end
 * shows width * scale_x by height * scale_y to get the pixel aspect the
 * VGA gives a 4:3 monitor.  Rows dirty_first to dirty_end - 1 are those
 * that differ from the previous vga_render (all of them after a size
 * change; none when nothing changed). */
struct vga_frame {
	const uint32_t *pixels;
	unsigned width, height, stride;
	unsigned scale_x, scale_y;
	unsigned dirty_first, dirty_end;
	bool resized; /* width, height or scale changed with this render */
	bool text;    /* an alphanumeric mode is displayed */
};

/* The character cells of the current text mode, for a text dump. */
struct vga_text_screen {
	unsigned cols, rows;
	uint8_t *chars; /* cols * rows code page 437 bytes, row by row */
	uint8_t *attrs; /* the attribute bytes, same layout */
};

struct vga;

/* Claims the VGA and DISPI ports and maps the legacy window as MMIO.  The
 * linear frame buffer is not mapped until vga_map_lfb.  Returns NULL when
 * out of memory, ports or memory regions. */
struct vga *vga_create(struct iobus *bus, struct mem *mem);
void vga_destroy(struct vga *vga);
/* Power-on state: every register zero, DISPI disabled, memory kept. */
void vga_reset(struct vga *vga);

/* Lets nanoseconds of virtual time go by. */
void vga_advance(struct vga *vga, uint64_t nanoseconds);
/* The refresh period the CRTC registers program (about 14.3 ms for the
 * 70 Hz text modes), for a front end that wants to follow the guest. */
uint64_t vga_frame_period_ns(const struct vga *vga);

/* PCI glue. */
void vga_pci_info(const struct vga *vga, struct vga_pci_info *info);
/* BAR0 moved or its decode changed: the frame buffer appears at address
 * while enabled.  Also tells DISPI where the frame buffer is. */
void vga_map_lfb(struct vga *vga, uint32_t address, bool enabled);
/* The ROM BAR moved or its decode changed. */
void vga_map_rom(struct vga *vga, uint32_t address, bool enabled);

/* The VGA BIOS image (copied, padded with zeros to a power of two of at
 * least 2 KiB; at most 128 KiB).  Returns 0, or -1 when too large or out
 * of memory.  Call before vga_pci_info so that it reports the ROM size. */
int vga_set_rom(struct vga *vga, const uint8_t *rom, size_t size);
/* Maps the ROM read-only at C0000 as an ISA option ROM (for BIOSes that
 * scan C0000 rather than PCI ROM BARs).  Returns 0, or -1 without ROM or
 * memory regions. */
int vga_map_isa_rom(struct vga *vga);

/* Draws the current picture into the VGA's own frame buffer.  The frame
 * stays valid until the next vga_render or vga_destroy. */
const struct vga_frame *vga_render(struct vga *vga);

/* The cells of the displayed text page, or false (nothing allocated) in
 * a graphics mode.  Free with vga_text_screen_free. */
bool vga_text_screen(struct vga *vga, struct vga_text_screen *screen);
void vga_text_screen_free(struct vga_text_screen *screen);

/* Direct access to video memory for the debugger and tests. */
uint8_t *vga_vram(struct vga *vga);

/* The mode and the registers, for the debugger's "info vga". */
void vga_print_state(const struct vga *vga, FILE *out);

#endif
