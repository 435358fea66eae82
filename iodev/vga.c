/* The VGA: creation, PCI glue, memory placements and the beam.  See
 * vga.h; the registers are in vga_regs.c, the planes in vga_mem.c, DISPI
 * in vga_vbe.c, the pictures in vga_render*.c. */
#include "iodev/vga_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct vga *vga_create(struct iobus *bus, struct mem *mem)
{
	struct vga *vga = calloc(1, sizeof(*vga));
	if (!vga)
		return NULL;
	vga->vram = calloc(VGA_VRAM_SIZE, 1);
	if (!vga->vram) {
		free(vga);
		return NULL;
	}
	vga->bus = bus;
	vga->mem = mem;
	vga->lfb_active = -1;
	vga->rom_active = -1;
	vga->isa_rom_region = -1;
	vga->lfb_address = VGA_DEFAULT_LFB;
	vga->window_region = mem_map_mmio(mem, VGA_WINDOW_BASE, VGA_WINDOW_SIZE, &vga_window_ops, vga, "vga-window");
	if (vga->window_region < 0 || vga_regs_register_ports(vga) < 0 || vga_vbe_register_ports(vga) < 0) {
		vga_destroy(vga);
		return NULL;
	}
	vga_reset(vga);
	return vga;
}

void vga_destroy(struct vga *vga)
{
	if (!vga)
		return;
	/* The regions stay in the address space (mem.h cannot remove
	 * them); the machine destroys the space with the VGA. */
	free(vga->vram);
	free(vga->rom);
	free(vga->pixels);
	free(vga->line);
	free(vga->vbe_shadow);
	free(vga);
}

void vga_reset(struct vga *vga)
{
	vga_regs_reset(vga);
	vga_vbe_reset(vga);
	vga->time_ns = 0;
	vga->changed = true;
}

uint8_t *vga_vram(struct vga *vga)
{
	return vga->vram;
}

/* PCI glue. */

void vga_pci_info(const struct vga *vga, struct vga_pci_info *info)
{
	*info = (struct vga_pci_info){
		.vendor = 0x1234,
		.device = 0x1111,
		.class_code = 0x030000,
		.revision = 2,
		.bar0_size = VGA_VRAM_SIZE,
		.rom_size = vga->rom ? vga->rom_size : 0,
	};
}

/* Shows the region for base (making one if needed) and hides the one
 * shown before; base 0 or !enabled hides everything. */
static int vga_place(struct vga *vga, struct vga_placement *list, int *count, int *active, uint32_t base,
		     bool enabled, enum mem_region_kind kind, uint8_t *host, uint32_t size, const char *name)
{
	int want = -1;
	if (enabled && base) {
		for (int i = 0; i < *count; i++)
			if (list[i].base == base)
				want = i;
		if (want < 0) {
			if (*count >= VGA_MAX_PLACEMENTS)
				return -1;
			int region = kind == MEM_ROM ? mem_map_rom(vga->mem, base, size, host, name)
						     : mem_map_ram(vga->mem, base, size, host, name);
			if (region < 0)
				return -1;
			list[*count] = (struct vga_placement){.region = region, .base = base};
			want = (*count)++;
		}
	}
	if (*active >= 0 && *active != want)
		mem_region_enable(vga->mem, list[*active].region, false);
	if (want >= 0)
		mem_region_enable(vga->mem, list[want].region, true);
	*active = want;
	return 0;
}

void vga_map_lfb(struct vga *vga, uint32_t address, bool enabled)
{
	if (address)
		vga->lfb_address = address;
	vga_place(vga, vga->lfb, &vga->nlfb, &vga->lfb_active, address, enabled, MEM_RAM, vga->vram,
		  VGA_VRAM_SIZE, "vga-lfb");
}

void vga_map_rom(struct vga *vga, uint32_t address, bool enabled)
{
	if (!vga->rom)
		return;
	vga_place(vga, vga->rom_at, &vga->nrom, &vga->rom_active, address, enabled, MEM_ROM, vga->rom,
		  vga->rom_size, "vga-rom");
}

int vga_set_rom(struct vga *vga, const uint8_t *rom, size_t size)
{
	if (size == 0 || size > 128 * 1024 || vga->rom)
		return -1;
	uint32_t padded = 2048;
	while (padded < size)
		padded <<= 1;
	uint8_t *copy = calloc(padded, 1);
	if (!copy)
		return -1;
	memcpy(copy, rom, size);
	vga->rom = copy;
	vga->rom_size = padded;
	return 0;
}

int vga_map_isa_rom(struct vga *vga)
{
	if (!vga->rom)
		return -1;
	if (vga->isa_rom_region >= 0)
		return 0;
	/* An ISA option ROM occupies at most C0000-C7FFF. */
	uint32_t size = vga->rom_size < 0x8000 ? vga->rom_size : 0x8000;
	vga->isa_rom_region = mem_map_rom(vga->mem, VGA_ISA_ROM_BASE, size, vga->rom, "vga-isa-rom");
	return vga->isa_rom_region < 0 ? -1 : 0;
}

/* The beam.
 *
 * The picture repeats every V total lines of H total characters; the
 * dot clock comes from the miscellaneous output register (25.175 MHz for
 * 640/320-wide modes, 28.322 MHz for 720/360-wide ones), divided by two
 * when the sequencer halves it.  Until the guest programs the CRTC, a
 * 640x480 60 Hz raster stands in, so that retrace polling loops end. */

void vga_timing(const struct vga *vga, struct vga_timing *t)
{
	static const uint64_t clocks[4] = {25175000, 28322000, 25175000, 25175000};
	const uint8_t *c = vga->crtc;
	t->dot_hz = clocks[(vga->misc >> MISC_CLOCK_SHIFT) & 3];
	t->dots_per_char = (vga->seq[SEQ_CLOCKING] & 0x01) ? 8 : 9;
	if (vga->seq[SEQ_CLOCKING] & 0x08)
		t->dots_per_char *= 2;
	t->h_total_chars = c[CRTC_H_TOTAL] + 5u;
	t->h_display_chars = c[CRTC_H_DISPLAY_END] + 1u;
	t->h_retrace_start = c[CRTC_H_RETRACE_START];
	t->h_retrace_chars = ((c[CRTC_H_RETRACE_END] & 0x1F) - (c[CRTC_H_RETRACE_START] & 0x1F)) & 0x1F;
	unsigned ovf = c[CRTC_OVERFLOW];
	t->v_total_lines = (c[CRTC_V_TOTAL] | (ovf & 0x01) << 8 | (ovf & 0x20) << 4) + 2u;
	t->v_display_lines = (c[CRTC_V_DISPLAY_END] | (ovf & 0x02) << 7 | (ovf & 0x40) << 3) + 1u;
	t->v_retrace_start = c[CRTC_V_RETRACE_START] | (ovf & 0x04) << 6 | (ovf & 0x80) << 2;
	t->v_retrace_lines = ((c[CRTC_V_RETRACE_END] & 0x0F) - (t->v_retrace_start & 0x0F)) & 0x0F;
	if (t->h_total_chars <= t->h_display_chars || t->v_total_lines <= t->v_display_lines ||
	    t->v_total_lines < 100) {
		/* Not (sensibly) programmed: 800 x 525 dots at 25.175 MHz. */
		*t = (struct vga_timing){
			.dot_hz = 25175000, .dots_per_char = 8, .h_total_chars = 100, .h_display_chars = 80,
			.h_retrace_start = 82, .h_retrace_chars = 12, .v_total_lines = 525, .v_display_lines = 480,
			.v_retrace_start = 490, .v_retrace_lines = 2,
		};
	}
	if (t->h_retrace_chars == 0)
		t->h_retrace_chars = 1;
	if (t->v_retrace_lines == 0)
		t->v_retrace_lines = 1;
}

/* Picoseconds keep the line length exact enough that the frame rate
 * comes out right over many frames. */
static uint64_t vga_line_ps(const struct vga_timing *t)
{
	return (uint64_t)t->h_total_chars * t->dots_per_char * UINT64_C(1000000000000) / t->dot_hz;
}

uint64_t vga_frame_period_ns(const struct vga *vga)
{
	struct vga_timing t;
	vga_timing(vga, &t);
	return vga_line_ps(&t) * t.v_total_lines / 1000;
}

uint64_t vga_frame_count(const struct vga *vga)
{
	uint64_t period = vga_frame_period_ns(vga);
	return period ? vga->time_ns / period : 0;
}

void vga_advance(struct vga *vga, uint64_t nanoseconds)
{
	vga->time_ns += nanoseconds;
}

/* Input status 1, bits 0 (display disabled: the beam is in a horizontal
 * or vertical blanking interval) and 3 (vertical retrace). */
uint8_t vga_beam_status(const struct vga *vga)
{
	struct vga_timing t;
	vga_timing(vga, &t);
	uint64_t line_ps = vga_line_ps(&t);
	uint64_t frame_ps = line_ps * t.v_total_lines;
	/* Time in picoseconds modulo the frame, without overflowing:
	 * (t * 1000) mod f = ((t mod f) * 1000) mod f. */
	uint64_t in_frame = ((vga->time_ns % frame_ps) * 1000) % frame_ps;
	unsigned line = (unsigned)(in_frame / line_ps);
	uint64_t char_ps = line_ps / t.h_total_chars;
	unsigned col = (unsigned)((in_frame % line_ps) / (char_ps ? char_ps : 1));
	uint8_t status = 0;
	if (line >= t.v_display_lines || col >= t.h_display_chars)
		status |= 0x01;
	if (line - t.v_retrace_start < t.v_retrace_lines)
		status |= 0x08;
	return status;
}

/* ---- the debugger's "info vga" ---- */

static void print_regs(FILE *out, const char *name, const uint8_t *regs, unsigned count, unsigned index)
{
	fprintf(out, "%s (index 0x%02x):", name, index);
	for (unsigned k = 0; k < count; k++)
		fprintf(out, "%s%02x", k % 16 ? " " : "\n ", regs[k]);
	fputc('\n', out);
}

void vga_print_state(const struct vga *vga, FILE *out)
{
	struct vga_timing t;
	vga_timing(vga, &t);
	bool graphics = vga->gc[GC_MISC] & 1;
	uint32_t start = (uint32_t)vga->crtc[CRTC_START_HIGH] << 8 | vga->crtc[CRTC_START_LOW];
	uint32_t cursor = (uint32_t)vga->crtc[CRTC_CURSOR_HIGH] << 8 | vga->crtc[CRTC_CURSOR_LOW];
	if (vga_vbe_enabled(vga))
		fprintf(out, "VBE mode %ux%u, %u bpp%s, bank %u, offset %u,%u\n", vga->dispi[DISPI_XRES],
			vga->dispi[DISPI_YRES], vga->dispi[DISPI_BPP],
			vga->dispi[DISPI_ENABLE] & DISPI_LFB_ENABLED ? ", linear frame buffer" : "", vga->dispi[DISPI_BANK],
			vga->dispi[DISPI_X_OFFSET], vga->dispi[DISPI_Y_OFFSET]);
	else
		fprintf(out, "%s mode, %u x %u dots shown (%u dots per character), start address 0x%04x, cursor 0x%04x\n",
			graphics ? "graphics" : "text", t.h_display_chars * t.dots_per_char, t.v_display_lines,
			t.dots_per_char, start, cursor);
	fprintf(out, "frame %u x %u dots at %.2f MHz: %.2f Hz, %llu frames so far\n", t.h_total_chars * t.dots_per_char,
		t.v_total_lines, (double)t.dot_hz / 1e6,
		t.h_total_chars && t.v_total_lines
			? (double)t.dot_hz / ((double)t.h_total_chars * t.dots_per_char * t.v_total_lines)
			: 0.0,
		(unsigned long long)vga_frame_count(vga));
	fprintf(out, "misc output 0x%02x (%s), feature 0x%02x, status 1 0x%02x, linear frame buffer at 0x%08x\n", vga->misc,
		vga->misc & MISC_COLOR_IO ? "CRTC at 0x3D4" : "CRTC at 0x3B4", vga->feature, vga_beam_status(vga),
		vga->lfb_address);
	print_regs(out, "sequencer", vga->seq, VGA_SEQ_REGS, vga->seq_index);
	print_regs(out, "graphics controller", vga->gc, VGA_GC_REGS, vga->gc_index);
	print_regs(out, "CRT controller", vga->crtc, VGA_CRTC_REGS, vga->crtc_index);
	print_regs(out, "attribute controller", vga->attr, VGA_ATTR_REGS, vga->attr_index);
	fprintf(out, "DAC: pel mask 0x%02x, write index 0x%02x, read index 0x%02x\n", vga->pel_mask, vga->dac_write_index,
		vga->dac_read_index);
	fprintf(out, "VBE (DISPI, index 0x%04x):", vga->dispi_index);
	for (unsigned k = 0; k < VGA_DISPI_REGS; k++)
		fprintf(out, " %04x", vga->dispi[k]);
	fputc('\n', out);
}
