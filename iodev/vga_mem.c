/* The VGA's memory as the CPU sees it: the A0000-BFFFF window, the
 * sequencer's plane addressing (planar, odd/even, chain-4), and the
 * graphics controller's data path (latches, read modes 0-1, write modes
 * 0-3, set/reset, rotate, logical function, bit mask).
 *
 * Chain-4 uses the two low address bits to pick the plane, and the four
 * bytes of a group land at the same offset of each plane (the offset with
 * those bits cleared), which is where the CRTC's doubleword addressing
 * fetches them.  Odd/even uses bit 0 to pick planes 0/2 or 1/3 and puts
 * the 128 KiB map's bit 16 in its place, so no byte is lost. */
#include "iodev/vga_internal.h"

/* Where a CPU offset inside the selected map lands. */
struct vga_target {
	uint32_t offset;   /* in each plane */
	unsigned planes;   /* writes: planes enabled (bit per plane) */
	unsigned read_plane;
};

static bool vga_window_decode(const struct vga *vga, uint32_t window_offset, uint32_t *map_offset)
{
	static const uint32_t base[4] = {0x00000, 0x00000, 0x10000, 0x18000};
	static const uint32_t size[4] = {0x20000, 0x10000, 0x08000, 0x08000};
	unsigned map = (vga->gc[GC_MISC] >> 2) & 3;
	uint32_t o = window_offset - base[map];
	if (o >= size[map])
		return false;
	*map_offset = o;
	return true;
}

static struct vga_target vga_target_for(const struct vga *vga, uint32_t o, bool write)
{
	struct vga_target t;
	bool chain4 = vga->seq[SEQ_MEMORY_MODE] & 0x08;
	/* Writes follow the sequencer's odd/even bit (0 = odd/even), reads
	 * the graphics controller's (1 = odd/even). */
	bool odd_even = write ? !(vga->seq[SEQ_MEMORY_MODE] & 0x04) : (vga->gc[GC_MODE] & 0x10);
	if (chain4) {
		t.offset = o & ~3u;
		t.planes = 1u << (o & 3);
		t.read_plane = o & 3;
	} else if (odd_even) {
		t.offset = (o & ~1u) | ((o >> 16) & 1);
		t.planes = (o & 1) ? 0x0A : 0x05;
		t.read_plane = (vga->gc[GC_READ_MAP] & 2) | (o & 1);
	} else {
		t.offset = o;
		t.planes = 0x0F;
		t.read_plane = vga->gc[GC_READ_MAP] & 3;
	}
	t.offset &= VGA_PLANE_SIZE - 1;
	t.planes &= vga->seq[SEQ_MAP_MASK] & 0x0F;
	return t;
}

static uint8_t vga_planes_read(struct vga *vga, uint32_t o)
{
	struct vga_target t = vga_target_for(vga, o, false);
	for (unsigned p = 0; p < 4; p++)
		vga->latch[p] = *vga_plane_byte(vga, p, t.offset);
	if (vga->gc[GC_MODE] & 0x08) {
		/* Read mode 1: a 1 where every plane that is not "don't care"
		 * matches its colour compare bit. */
		uint8_t differ = 0;
		for (unsigned p = 0; p < 4; p++) {
			if (!(vga->gc[GC_COLOR_DONT_CARE] >> p & 1))
				continue;
			uint8_t want = (vga->gc[GC_COLOR_COMPARE] >> p & 1) ? 0xFF : 0x00;
			differ |= vga->latch[p] ^ want;
		}
		return (uint8_t)~differ;
	}
	return vga->latch[t.read_plane];
}

static uint8_t vga_rotate_right(uint8_t v, unsigned n)
{
	n &= 7;
	return n ? (uint8_t)(v >> n | v << (8 - n)) : v;
}

static uint8_t vga_logic(unsigned function, uint8_t data, uint8_t latch)
{
	switch (function) {
	case 1:
		return data & latch;
	case 2:
		return data | latch;
	case 3:
		return data ^ latch;
	default:
		return data;
	}
}

static void vga_planes_write(struct vga *vga, uint32_t o, uint8_t value)
{
	struct vga_target t = vga_target_for(vga, o, true);
	unsigned mode = vga->gc[GC_MODE] & 3;
	unsigned function = (vga->gc[GC_DATA_ROTATE] >> 3) & 3;
	uint8_t rotated = vga_rotate_right(value, vga->gc[GC_DATA_ROTATE]);
	uint8_t set_reset = vga->gc[GC_SET_RESET];
	uint8_t mask = vga->gc[GC_BIT_MASK];
	if (mode == 3)
		mask &= rotated;
	for (unsigned p = 0; p < 4; p++) {
		if (!(t.planes >> p & 1))
			continue;
		uint8_t latch = vga->latch[p];
		uint8_t data;
		switch (mode) {
		case 0:
			data = (vga->gc[GC_ENABLE_SET_RESET] >> p & 1) ? ((set_reset >> p & 1) ? 0xFF : 0x00) : rotated;
			break;
		case 1:
			/* The latches go to memory untouched: no function,
			 * no bit mask. */
			*vga_plane_byte(vga, p, t.offset) = latch;
			continue;
		case 2:
			data = (value >> p & 1) ? 0xFF : 0x00;
			break;
		default:
			data = (set_reset >> p & 1) ? 0xFF : 0x00;
			break;
		}
		data = vga_logic(function, data, latch);
		*vga_plane_byte(vga, p, t.offset) = (uint8_t)((data & mask) | (latch & ~mask));
	}
}

static uint8_t vga_window_read8(struct vga *vga, uint32_t offset)
{
	if (vga_vbe_banked(vga))
		return offset < 0x10000 ? vga_vbe_window_read(vga, offset) : 0xFF;
	uint32_t o;
	if (!vga_window_decode(vga, offset, &o))
		return 0xFF;
	return vga_planes_read(vga, o);
}

static void vga_window_write8(struct vga *vga, uint32_t offset, uint8_t value)
{
	if (vga_vbe_banked(vga)) {
		if (offset < 0x10000)
			vga_vbe_window_write(vga, offset, value);
		return;
	}
	uint32_t o;
	if (!vga_window_decode(vga, offset, &o))
		return;
	vga->changed = true;
	vga_planes_write(vga, o, value);
}

/* Wider accesses are byte accesses in address order, each with its own
 * latch load, as the 8-bit VGA data path does them. */
static uint32_t vga_window_read(void *opaque, uint32_t offset, unsigned size)
{
	uint32_t v = 0;
	for (unsigned i = 0; i < size; i++)
		v |= (uint32_t)vga_window_read8(opaque, offset + i) << (8 * i);
	return v;
}

static void vga_window_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
	for (unsigned i = 0; i < size; i++)
		vga_window_write8(opaque, offset + i, (uint8_t)(value >> (8 * i)));
}

const struct mmio_ops vga_window_ops = {
	.read = vga_window_read,
	.write = vga_window_write,
};
