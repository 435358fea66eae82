/* The Bochs VBE extension ("DISPI"): an index port at 0x1CE and a data
 * port at 0x1CF select a resolution, a colour depth and a frame buffer
 * layout in the 16 MiB of video memory, which the guest reaches through
 * the linear frame buffer (PCI BAR0) or a 64 KiB bank at A0000.  The
 * register set follows the Bochs VBE interface (IDs 0xB0C0-0xB0C5). */
#include "iodev/vga_internal.h"

#include <string.h>

static bool vbe_bpp_valid(unsigned bpp)
{
	return bpp == 4 || bpp == 8 || bpp == 15 || bpp == 16 || bpp == 24 || bpp == 32;
}

bool vga_vbe_enabled(const struct vga *vga)
{
	return vga->dispi[DISPI_ENABLE] & DISPI_ENABLED;
}

bool vga_vbe_banked(const struct vga *vga)
{
	/* 4-bit modes are planar: the CPU reaches them through the VGA's
	 * own data path, in the four planes. */
	return vga_vbe_enabled(vga) && vga->dispi[DISPI_BPP] != 4;
}

unsigned vga_vbe_bytes_per_pixel(const struct vga *vga)
{
	return (vga->dispi[DISPI_BPP] + 7u) / 8u;
}

/* The largest virtual height the memory holds at a virtual width. */
static uint16_t vbe_virtual_height(const struct vga *vga)
{
	bool planar = vga->dispi[DISPI_BPP] == 4;
	uint32_t line = planar ? (vga->dispi[DISPI_VIRT_WIDTH] + 7u) / 8u
			       : (uint32_t)vga->dispi[DISPI_VIRT_WIDTH] * vga_vbe_bytes_per_pixel(vga);
	if (line == 0)
		return 0;
	uint32_t lines = (planar ? VGA_PLANE_SIZE : VGA_VRAM_SIZE) / line;
	return (uint16_t)(lines > 0xFFFF ? 0xFFFF : lines);
}

static void vbe_enable(struct vga *vga, uint16_t value)
{
	uint16_t *d = vga->dispi;
	bool was_enabled = vga_vbe_enabled(vga);
	if ((value & DISPI_ENABLED) && !was_enabled) {
		unsigned bpp = d[DISPI_BPP] ? d[DISPI_BPP] : 8;
		/* A planar (4-bit) mode must fit one 64 KiB plane. */
		uint64_t bytes = (uint64_t)d[DISPI_XRES] * d[DISPI_YRES] * ((bpp + 7) / 8);
		if (bpp == 4)
			bytes = ((uint64_t)d[DISPI_XRES] * d[DISPI_YRES] + 7) / 8 * (VGA_VRAM_SIZE / VGA_PLANE_SIZE);
		if (!vbe_bpp_valid(bpp) || d[DISPI_XRES] == 0 || d[DISPI_YRES] == 0 || d[DISPI_XRES] > VBE_MAX_XRES ||
		    d[DISPI_YRES] > VBE_MAX_YRES || bytes > VGA_VRAM_SIZE) {
			/* A mode that cannot be shown is refused: DISPI stays
			 * off, and the guest sees it in the enable register. */
			value &= (uint16_t)~DISPI_ENABLED;
		} else {
			d[DISPI_BPP] = (uint16_t)bpp;
			d[DISPI_VIRT_WIDTH] = d[DISPI_XRES];
			d[DISPI_VIRT_HEIGHT] = vbe_virtual_height(vga);
			d[DISPI_X_OFFSET] = d[DISPI_Y_OFFSET] = 0;
			d[DISPI_BANK] = 0;
			if (!(value & DISPI_NOCLEARMEM))
				memset(vga->vram, 0, VGA_VRAM_SIZE);
		}
	}
	d[DISPI_ENABLE] = value & (DISPI_ENABLED | DISPI_GETCAPS | DISPI_8BIT_DAC | DISPI_LFB_ENABLED |
				   DISPI_NOCLEARMEM);
}

static void vbe_write(struct vga *vga, uint16_t value)
{
	uint16_t *d = vga->dispi;
	bool enabled = vga_vbe_enabled(vga);
	vga->changed = true;
	switch (vga->dispi_index) {
	case DISPI_ID:
		if (value >= DISPI_ID0 && value <= DISPI_ID5)
			d[DISPI_ID] = value;
		break;
	case DISPI_XRES:
	case DISPI_YRES:
	case DISPI_BPP:
		/* The mode is fixed while it is displayed. */
		if (!enabled)
			d[vga->dispi_index] = value;
		break;
	case DISPI_ENABLE:
		vbe_enable(vga, value);
		break;
	case DISPI_BANK:
		if ((uint32_t)value * 0x10000u < VGA_VRAM_SIZE)
			d[DISPI_BANK] = value;
		break;
	case DISPI_VIRT_WIDTH:
		if (value == 0 || (uint64_t)value * vga_vbe_bytes_per_pixel(vga) > VGA_VRAM_SIZE)
			break;
		d[DISPI_VIRT_WIDTH] = value < d[DISPI_XRES] ? d[DISPI_XRES] : value;
		d[DISPI_VIRT_HEIGHT] = vbe_virtual_height(vga);
		break;
	case DISPI_VIRT_HEIGHT: {
		uint16_t most = vbe_virtual_height(vga);
		d[DISPI_VIRT_HEIGHT] = value > most ? most : value;
		break;
	}
	case DISPI_X_OFFSET:
	case DISPI_Y_OFFSET:
		d[vga->dispi_index] = value;
		break;
	default:
		break; /* VIDEO_MEMORY_64K is read-only; other indexes do not exist */
	}
}

static uint16_t vbe_read(const struct vga *vga)
{
	const uint16_t *d = vga->dispi;
	bool caps = d[DISPI_ENABLE] & DISPI_GETCAPS;
	switch (vga->dispi_index) {
	case DISPI_XRES:
		return caps ? VBE_MAX_XRES : d[DISPI_XRES];
	case DISPI_YRES:
		return caps ? VBE_MAX_YRES : d[DISPI_YRES];
	case DISPI_BPP:
		return caps ? VBE_MAX_BPP : d[DISPI_BPP];
	case DISPI_VIDEO_MEMORY_64K:
		return VGA_VRAM_SIZE >> 16;
	default:
		return vga->dispi_index < VGA_DISPI_REGS ? d[vga->dispi_index] : 0;
	}
}

static uint32_t vbe_port_read(void *opaque, uint16_t port, unsigned size)
{
	struct vga *vga = opaque;
	return port == VBE_DISPI_INDEX_PORT ? vga->dispi_index : vbe_read(vga);
}

static void vbe_port_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
	struct vga *vga = opaque;
	if (port == VBE_DISPI_INDEX_PORT)
		vga->dispi_index = (uint16_t)value;
	else
		vbe_write(vga, (uint16_t)value);
}

int vga_vbe_register_ports(struct vga *vga)
{
	return iobus_register(vga->bus, VBE_DISPI_INDEX_PORT, 2, IO_WIDTH_8 | IO_WIDTH_16, vbe_port_read,
			      vbe_port_write, vga, "vbe-dispi");
}

void vga_vbe_reset(struct vga *vga)
{
	memset(vga->dispi, 0, sizeof(vga->dispi));
	vga->dispi[DISPI_ID] = DISPI_ID0;
	vga->dispi[DISPI_BPP] = 8;
	vga->dispi_index = 0;
}

static uint32_t vbe_bank_address(const struct vga *vga, uint32_t offset)
{
	return (uint32_t)vga->dispi[DISPI_BANK] * 0x10000u + offset;
}

uint8_t vga_vbe_window_read(struct vga *vga, uint32_t offset)
{
	uint32_t a = vbe_bank_address(vga, offset);
	return a < VGA_VRAM_SIZE ? vga->vram[a] : 0xFF;
}

void vga_vbe_window_write(struct vga *vga, uint32_t offset, uint8_t value)
{
	uint32_t a = vbe_bank_address(vga, offset);
	if (a < VGA_VRAM_SIZE)
		vga->vram[a] = value;
}
