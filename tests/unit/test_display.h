/* Helpers shared by the VGA and DISPI tests: a VGA on a private bus and
 * address space, and programming it register by register as a BIOS
 * does.  The register tables in the tests come from the IBM VGA
 * technical reference's mode tables, not from glasspc. */
#ifndef GLASSPC_TESTS_UNIT_TEST_DISPLAY_H
#define GLASSPC_TESTS_UNIT_TEST_DISPLAY_H

#include "tests/unit/test_iodev.h"

#include "iodev/vga.h"
#include "memory/mem.h"

struct display_rig {
	struct iobus *bus;
	struct mem *mem;
	struct vga *vga;
};

static inline struct display_rig rig_create(void)
{
	struct display_rig rig;
	rig.bus = iobus_create();
	rig.mem = mem_create(1u << 20, 0xFFFFFFFFu);
	ck_assert_ptr_nonnull(rig.bus);
	ck_assert_ptr_nonnull(rig.mem);
	rig.vga = vga_create(rig.bus, rig.mem);
	ck_assert_ptr_nonnull(rig.vga);
	return rig;
}

static inline void rig_destroy(struct display_rig *rig)
{
	vga_destroy(rig->vga);
	mem_destroy(rig->mem);
	iobus_destroy(rig->bus);
}

/* A mode as the IBM reference tabulates it. */
struct vga_mode_regs {
	uint8_t misc;
	uint8_t seq[5];
	uint8_t crtc[25];
	uint8_t gc[9];
	uint8_t attr[21];
};

static inline void rig_set_mode(struct display_rig *rig, const struct vga_mode_regs *m)
{
	struct iobus *bus = rig->bus;
	outb(bus, 0x3C2, m->misc);
	/* Sequencer held in synchronous reset while the clocking changes. */
	outb(bus, 0x3C4, 0);
	outb(bus, 0x3C5, 0x01);
	for (unsigned i = 1; i < 5; i++) {
		outb(bus, 0x3C4, (uint8_t)i);
		outb(bus, 0x3C5, m->seq[i]);
	}
	outb(bus, 0x3C4, 0);
	outb(bus, 0x3C5, m->seq[0]);
	/* Unlock CRTC 0-7, then write all of them. */
	outb(bus, 0x3D4, 0x11);
	outb(bus, 0x3D5, m->crtc[0x11] & 0x7F);
	for (unsigned i = 0; i < 25; i++) {
		outb(bus, 0x3D4, (uint8_t)i);
		outb(bus, 0x3D5, m->crtc[i]);
	}
	for (unsigned i = 0; i < 9; i++) {
		outb(bus, 0x3CE, (uint8_t)i);
		outb(bus, 0x3CF, m->gc[i]);
	}
	(void)inb(bus, 0x3DA);
	for (unsigned i = 0; i < 21; i++) {
		outb(bus, 0x3C0, (uint8_t)i);
		outb(bus, 0x3C0, m->attr[i]);
	}
	outb(bus, 0x3C0, 0x20); /* palette to the display: screen on */
}

static inline void rig_seq(struct display_rig *rig, uint8_t index, uint8_t value)
{
	outb(rig->bus, 0x3C4, index);
	outb(rig->bus, 0x3C5, value);
}

static inline void rig_gc(struct display_rig *rig, uint8_t index, uint8_t value)
{
	outb(rig->bus, 0x3CE, index);
	outb(rig->bus, 0x3CF, value);
}

static inline void rig_crtc(struct display_rig *rig, uint8_t index, uint8_t value)
{
	outb(rig->bus, 0x3D4, index);
	outb(rig->bus, 0x3D5, value);
}

static inline void rig_attr(struct display_rig *rig, uint8_t index, uint8_t value)
{
	(void)inb(rig->bus, 0x3DA);
	outb(rig->bus, 0x3C0, index);
	outb(rig->bus, 0x3C0, value);
	outb(rig->bus, 0x3C0, 0x20);
}

/* The test's own palette: entry i gets components no two entries
 * share in the first 64. */
static inline void test_palette_entry(unsigned i, uint8_t rgb[3])
{
	rgb[0] = (uint8_t)(i & 63);
	rgb[1] = (uint8_t)((i * 5 + 17) & 63);
	rgb[2] = (uint8_t)((63 - i * 3) & 63);
}

static inline void rig_load_test_palette(struct display_rig *rig)
{
	outb(rig->bus, 0x3C8, 0);
	for (unsigned i = 0; i < 256; i++) {
		uint8_t rgb[3];
		test_palette_entry(i, rgb);
		for (unsigned c = 0; c < 3; c++)
			outb(rig->bus, 0x3C9, rgb[c]);
	}
}

/* What a 6-bit DAC entry looks like on 8-bit-per-component output. */
static inline uint32_t test_palette_rgb(unsigned i)
{
	uint8_t c[3];
	test_palette_entry(i & 0xFF, c);
	uint32_t rgb = 0;
	for (unsigned k = 0; k < 3; k++)
		rgb = rgb << 8 | (uint32_t)((c[k] << 2) | (c[k] >> 4));
	return rgb;
}

/* Check's assertions report progress through a pipe (a system call
 * each), so per-pixel checks test plainly and fail loudly. */
static inline uint32_t frame_pixel(const struct vga_frame *f, unsigned x, unsigned y)
{
	if (x >= f->width || y >= f->height)
		ck_abort_msg("pixel (%u,%u) outside the %ux%u frame", x, y, f->width, f->height);
	return f->pixels[(size_t)y * f->stride + x];
}

#endif
