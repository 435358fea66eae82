/* The VGA's port registers: miscellaneous output, sequencer, CRT
 * controller, graphics controller, attribute controller, DAC and the
 * input status registers.  Register meanings follow the IBM VGA
 * technical reference (and FreeVGA's description of it). */
#include "iodev/vga_internal.h"

#include <string.h>

#define VGA_PORT_FIRST 0x3B0
#define VGA_PORT_COUNT 0x30

/* The CRTC and input status 1 answer at 0x3Dx in colour addressing and
 * at 0x3Bx in mono addressing; the other block does not decode. */
static bool vga_crtc_block_selected(const struct vga *vga, uint16_t port)
{
	bool color = vga->misc & MISC_COLOR_IO;
	return color ? (port & 0xFFF0) == 0x3D0 : (port & 0xFFF0) == 0x3B0;
}

static uint8_t vga_dac_mask(const struct vga *vga)
{
	/* The IBM DAC keeps six bits per component; DISPI's 8-bit DAC
	 * option keeps eight. */
	return (vga->dispi[DISPI_ENABLE] & DISPI_8BIT_DAC) ? 0xFF : 0x3F;
}

static uint8_t vga_dac_read(struct vga *vga)
{
	uint8_t v = vga->dac[vga->dac_read_index][vga->dac_component];
	if (++vga->dac_component == 3) {
		vga->dac_component = 0;
		vga->dac_read_index++; /* wraps from 255 to 0 */
	}
	return v;
}

static void vga_dac_write(struct vga *vga, uint8_t value)
{
	vga->dac_pending[vga->dac_component] = value & vga_dac_mask(vga);
	if (++vga->dac_component == 3) {
		/* The entry changes only when its blue arrives. */
		memcpy(vga->dac[vga->dac_write_index], vga->dac_pending, 3);
		vga->palette_generation++;
		vga->dac_component = 0;
		vga->dac_write_index++;
	}
}

static uint8_t vga_input_status1(struct vga *vga)
{
	/* Reading it also sends the attribute flip-flop back to "index",
	 * which is how software gets in step with it. */
	vga->attr_flipflop = false;
	return vga_beam_status(vga);
}

static uint32_t vga_port_read(void *opaque, uint16_t port, unsigned size)
{
	struct vga *vga = opaque;
	switch (port) {
	case 0x3C0:
		return vga->attr_index;
	case 0x3C1: {
		unsigned i = vga->attr_index & 0x1F;
		return i < VGA_ATTR_REGS ? vga->attr[i] : 0;
	}
	case 0x3C2:
		return 0x00; /* input status 0: no monitor sense, no interrupt */
	case 0x3C4:
		return vga->seq_index;
	case 0x3C5:
		return vga->seq_index < VGA_SEQ_REGS ? vga->seq[vga->seq_index] : 0xFF;
	case 0x3C6:
		return vga->pel_mask;
	case 0x3C7:
		return vga->dac_reading ? 0x03 : 0x00;
	case 0x3C8:
		return vga->dac_write_index;
	case 0x3C9:
		return vga_dac_read(vga);
	case 0x3CA:
		return vga->feature;
	case 0x3CC:
		return vga->misc;
	case 0x3CE:
		return vga->gc_index;
	case 0x3CF:
		return vga->gc_index < VGA_GC_REGS ? vga->gc[vga->gc_index] : 0xFF;
	case 0x3B4:
	case 0x3D4:
		if (vga_crtc_block_selected(vga, port))
			return vga->crtc_index;
		break;
	case 0x3B5:
	case 0x3D5:
		if (vga_crtc_block_selected(vga, port))
			return vga->crtc_index < VGA_CRTC_REGS ? vga->crtc[vga->crtc_index] : 0xFF;
		break;
	case 0x3BA:
	case 0x3DA:
		if (vga_crtc_block_selected(vga, port))
			return vga_input_status1(vga);
		break;
	}
	return 0xFF;
}

static void vga_attr_write(struct vga *vga, uint8_t value)
{
	if (!vga->attr_flipflop) {
		vga->attr_index = value & 0x3F;
	} else {
		unsigned i = vga->attr_index & 0x1F;
		/* With the palette address source bit set the display owns
		 * the palette registers, and writes to them are ignored. */
		bool palette_locked = i < 0x10 && (vga->attr_index & 0x20);
		if (i < VGA_ATTR_REGS && !palette_locked)
			vga->attr[i] = value;
	}
	vga->attr_flipflop = !vga->attr_flipflop;
}

static void vga_crtc_write(struct vga *vga, uint8_t value)
{
	unsigned i = vga->crtc_index;
	if (i >= VGA_CRTC_REGS)
		return;
	/* The protect bit (V retrace end bit 7) locks registers 0-7, except
	 * the line compare bit in the overflow register. */
	if (i <= CRTC_OVERFLOW && (vga->crtc[CRTC_V_RETRACE_END] & 0x80)) {
		if (i == CRTC_OVERFLOW)
			vga->crtc[i] = (uint8_t)((vga->crtc[i] & ~0x10) | (value & 0x10));
		return;
	}
	vga->crtc[i] = value;
}

static void vga_port_write(void *opaque, uint16_t port, uint32_t value32, unsigned size)
{
	struct vga *vga = opaque;
	uint8_t value = (uint8_t)value32;
	vga->changed = true;
	switch (port) {
	case 0x3C0:
	case 0x3C1: /* many VGAs take data here too, so that OUT DX,AX works */
		vga_attr_write(vga, value);
		break;
	case 0x3C2:
		vga->misc = value;
		break;
	case 0x3C4:
		vga->seq_index = value;
		break;
	case 0x3C5:
		if (vga->seq_index < VGA_SEQ_REGS)
			vga->seq[vga->seq_index] = value;
		break;
	case 0x3C6:
		vga->pel_mask = value;
		vga->palette_generation++;
		break;
	case 0x3C7:
		vga->dac_read_index = value;
		vga->dac_component = 0;
		vga->dac_reading = true;
		break;
	case 0x3C8:
		vga->dac_write_index = value;
		vga->dac_component = 0;
		vga->dac_reading = false;
		break;
	case 0x3C9:
		vga_dac_write(vga, value);
		break;
	case 0x3CE:
		vga->gc_index = value;
		break;
	case 0x3CF:
		if (vga->gc_index < VGA_GC_REGS)
			vga->gc[vga->gc_index] = value;
		break;
	case 0x3B4:
	case 0x3D4:
		if (vga_crtc_block_selected(vga, port))
			vga->crtc_index = value;
		break;
	case 0x3B5:
	case 0x3D5:
		if (vga_crtc_block_selected(vga, port))
			vga_crtc_write(vga, value);
		break;
	case 0x3BA:
	case 0x3DA:
		if (vga_crtc_block_selected(vga, port))
			vga->feature = value;
		break;
	}
}

int vga_regs_register_ports(struct vga *vga)
{
	return iobus_register(vga->bus, VGA_PORT_FIRST, VGA_PORT_COUNT, IO_WIDTH_8, vga_port_read, vga_port_write, vga,
		       "vga");
}

void vga_regs_reset(struct vga *vga)
{
	vga->misc = 0;
	vga->feature = 0;
	vga->seq_index = vga->gc_index = vga->crtc_index = 0;
	memset(vga->seq, 0, sizeof(vga->seq));
	memset(vga->gc, 0, sizeof(vga->gc));
	memset(vga->crtc, 0, sizeof(vga->crtc));
	memset(vga->attr, 0, sizeof(vga->attr));
	memset(vga->latch, 0, sizeof(vga->latch));
	memset(vga->dac, 0, sizeof(vga->dac));
	vga->attr_index = 0;
	vga->attr_flipflop = false;
	vga->dac_read_index = vga->dac_write_index = vga->dac_component = 0;
	vga->dac_reading = false;
	vga->pel_mask = 0xFF;
}
