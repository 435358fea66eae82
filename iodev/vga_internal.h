/* The VGA's state, shared by its topic files (vga.c: creation, PCI glue
 * and the beam; vga_regs.c: the port registers; vga_mem.c: the planes and
 * the graphics controller's data path; vga_vbe.c: DISPI; vga_render*.c:
 * the pictures).  Nothing outside iodev/vga*.c includes this. */
#ifndef GLASSPC_IODEV_VGA_INTERNAL_H
#define GLASSPC_IODEV_VGA_INTERNAL_H

#include "iodev/vga.h"

#define VGA_SEQ_REGS 5
#define VGA_GC_REGS 9
#define VGA_CRTC_REGS 0x19
#define VGA_ATTR_REGS 0x15
#define VGA_DISPI_REGS 0x0B

/* Register numbers the code refers to by name. */
enum {
	SEQ_RESET = 0, SEQ_CLOCKING = 1, SEQ_MAP_MASK = 2, SEQ_CHAR_MAP = 3, SEQ_MEMORY_MODE = 4,
};
enum {
	GC_SET_RESET = 0, GC_ENABLE_SET_RESET = 1, GC_COLOR_COMPARE = 2, GC_DATA_ROTATE = 3,
	GC_READ_MAP = 4, GC_MODE = 5, GC_MISC = 6, GC_COLOR_DONT_CARE = 7, GC_BIT_MASK = 8,
};
enum {
	CRTC_H_TOTAL = 0x00, CRTC_H_DISPLAY_END = 0x01, CRTC_H_BLANK_START = 0x02,
	CRTC_H_BLANK_END = 0x03, CRTC_H_RETRACE_START = 0x04, CRTC_H_RETRACE_END = 0x05,
	CRTC_V_TOTAL = 0x06, CRTC_OVERFLOW = 0x07, CRTC_PRESET_ROW_SCAN = 0x08,
	CRTC_MAX_SCAN_LINE = 0x09, CRTC_CURSOR_START = 0x0A, CRTC_CURSOR_END = 0x0B,
	CRTC_START_HIGH = 0x0C, CRTC_START_LOW = 0x0D, CRTC_CURSOR_HIGH = 0x0E,
	CRTC_CURSOR_LOW = 0x0F, CRTC_V_RETRACE_START = 0x10, CRTC_V_RETRACE_END = 0x11,
	CRTC_V_DISPLAY_END = 0x12, CRTC_OFFSET = 0x13, CRTC_UNDERLINE = 0x14,
	CRTC_V_BLANK_START = 0x15, CRTC_V_BLANK_END = 0x16, CRTC_MODE = 0x17, CRTC_LINE_COMPARE = 0x18,
};
enum {
	ATTR_MODE = 0x10, ATTR_OVERSCAN = 0x11, ATTR_PLANE_ENABLE = 0x12, ATTR_PANNING = 0x13,
	ATTR_COLOR_SELECT = 0x14,
};
enum {
	DISPI_ID = 0, DISPI_XRES = 1, DISPI_YRES = 2, DISPI_BPP = 3, DISPI_ENABLE = 4, DISPI_BANK = 5,
	DISPI_VIRT_WIDTH = 6, DISPI_VIRT_HEIGHT = 7, DISPI_X_OFFSET = 8, DISPI_Y_OFFSET = 9,
	DISPI_VIDEO_MEMORY_64K = 0x0A,
};

#define DISPI_ID0 0xB0C0
#define DISPI_ID5 0xB0C5
#define DISPI_ENABLED 0x01
#define DISPI_GETCAPS 0x02
#define DISPI_8BIT_DAC 0x20
#define DISPI_LFB_ENABLED 0x40
#define DISPI_NOCLEARMEM 0x80

/* Misc output bits. */
#define MISC_COLOR_IO 0x01 /* CRTC at 0x3D4 rather than 0x3B4 */
#define MISC_CLOCK_SHIFT 2

/* A memory region the VGA mapped at some address and may enable again:
 * mem.h regions cannot move, so a BAR that moves gets a new region and
 * the old one is disabled, and moving back reuses it. */
#define VGA_MAX_PLACEMENTS 6
struct vga_placement {
	int region;
	uint32_t base;
};

struct vga {
	struct iobus *bus;
	struct mem *mem;
	uint8_t *vram; /* VGA_VRAM_SIZE bytes; planes interleaved in the first 256 KiB */

	uint8_t misc;
	uint8_t feature;
	uint8_t seq_index, seq[VGA_SEQ_REGS];
	uint8_t gc_index, gc[VGA_GC_REGS];
	uint8_t crtc_index, crtc[VGA_CRTC_REGS];
	uint8_t attr_index; /* bits 4-0 the register, bit 5 palette address source */
	bool attr_flipflop; /* true: the next write to 0x3C0 is data */
	uint8_t attr[VGA_ATTR_REGS];
	uint8_t latch[4];

	uint8_t dac[256][3];
	uint8_t dac_read_index, dac_write_index, dac_component;
	uint8_t dac_pending[3]; /* red and green of an entry being written */
	bool dac_reading; /* the last index written was the read index (0x3C7) */
	uint8_t pel_mask;

	uint16_t dispi_index;
	uint16_t dispi[VGA_DISPI_REGS];
	uint32_t lfb_address;

	/* Virtual time, in nanoseconds since reset. */
	uint64_t time_ns;

	/* Something that may change the picture happened since the last
	 * render (register or plane write). */
	bool changed;

	/* Memory regions. */
	int window_region;
	struct vga_placement lfb[VGA_MAX_PLACEMENTS];
	int nlfb, lfb_active;
	struct vga_placement rom_at[VGA_MAX_PLACEMENTS];
	int nrom, rom_active;
	uint8_t *rom;
	uint32_t rom_size;
	int isa_rom_region;

	/* The picture. */
	struct vga_frame frame;
	uint32_t *pixels;
	size_t pixels_capacity;
	uint32_t *line; /* one scanline being built */
	size_t line_capacity;
	unsigned last_blink_phase;
	uint8_t *vbe_shadow; /* the frame buffer bytes the last DISPI render converted */
	size_t vbe_shadow_capacity;
	/* What the shadow was converted with: the DISPI registers and, for
	 * 8-bit modes, the palette. */
	uint16_t vbe_shadow_regs[VGA_DISPI_REGS];
	uint32_t vbe_shadow_palette;
	uint32_t palette_generation; /* bumped by DAC and pel mask writes */
};

/* vga_regs.c */
int vga_regs_register_ports(struct vga *vga);
void vga_regs_reset(struct vga *vga);

/* vga_mem.c */
extern const struct mmio_ops vga_window_ops;
static inline uint8_t *vga_plane_byte(struct vga *vga, unsigned plane, uint32_t offset)
{
	return &vga->vram[(offset & (VGA_PLANE_SIZE - 1)) * 4 + (plane & 3)];
}

/* vga_vbe.c */
int vga_vbe_register_ports(struct vga *vga);
void vga_vbe_reset(struct vga *vga);
bool vga_vbe_enabled(const struct vga *vga);
bool vga_vbe_banked(const struct vga *vga);
unsigned vga_vbe_bytes_per_pixel(const struct vga *vga);
uint8_t vga_vbe_window_read(struct vga *vga, uint32_t offset);
void vga_vbe_window_write(struct vga *vga, uint32_t offset, uint8_t value);

/* vga.c: the beam. */
struct vga_timing {
	uint64_t dot_hz;
	unsigned dots_per_char;
	unsigned h_total_chars, h_display_chars;
	unsigned v_total_lines, v_display_lines;
	unsigned v_retrace_start, v_retrace_lines;
	unsigned h_retrace_start, h_retrace_chars;
};
void vga_timing(const struct vga *vga, struct vga_timing *t);
uint64_t vga_frame_count(const struct vga *vga);
uint8_t vga_beam_status(const struct vga *vga);

/* vga_render*.c */
struct vga_raster;
uint32_t vga_dac_rgb(const struct vga *vga, uint8_t index);
uint8_t vga_attr_color(const struct vga *vga, uint8_t value4);
void vga_frame_begin(struct vga *vga, unsigned width, unsigned height, unsigned scale_x, unsigned scale_y, bool text);
void vga_frame_put_line(struct vga *vga, unsigned y, const uint32_t *line);
uint32_t *vga_line_buffer(struct vga *vga, size_t pixels);
bool vga_cursor_blink_on(const struct vga *vga);
bool vga_char_blink_on(const struct vga *vga);
void vga_render_text(struct vga *vga);
void vga_render_graphics(struct vga *vga);
void vga_render_vbe(struct vga *vga);

/* The CRTC's raster: what both text and graphics rendering walk. */
struct vga_raster {
	unsigned h_chars;     /* characters per line (H display end + 1) */
	unsigned v_lines;     /* displayed scanlines */
	unsigned max_scan;    /* max scan line field: rows per character row - 1 */
	bool double_scan;
	unsigned line_compare;
	unsigned start;       /* start address, in CRTC counter units */
	unsigned offset;      /* counter units from one character row to the next */
	unsigned preset_row;
	unsigned byte_pan;
};
void vga_raster(const struct vga *vga, struct vga_raster *r);
/* The memory (plane) offset the CRTC fetches for counter value counter
 * on row scan line row_scan: byte, word or doubleword addressing, and the
 * CGA-style substitution of row-scan bits for address bits 13 and 14. */
uint32_t vga_crtc_address(const struct vga *vga, uint32_t counter, unsigned row_scan);

typedef void vga_scanline_fn(struct vga *vga, unsigned y, uint32_t line_start, unsigned row_scan, bool below_split,
			     void *ctx);
void vga_walk_raster(struct vga *vga, const struct vga_raster *r, unsigned vdiv, vga_scanline_fn *draw, void *ctx);

#endif
