/* The 8237A pair; see dma.h.  Quotes are from the Intel 8237A datasheet. */
#include "iodev/dma.h"

#include <stdlib.h>

/* Mode register fields. */
#define MODE_TRANSFER(mode) (((mode) >> 2) & 3)
#define MODE_VERIFY 0
#define MODE_WRITE 1 /* "write": device to memory */
#define MODE_READ 2 /* "read": memory to device */
#define MODE_AUTOINIT 0x10
#define MODE_DECREMENT 0x20
#define MODE_CASCADE 0xC0

/* Command register. */
#define COMMAND_DISABLE 0x04

#define PAGE_BASE 0x80
#define DMA1_BASE 0x00
#define DMA2_BASE 0xC0

struct dma_channel {
	uint16_t base_address, base_count;
	uint16_t current_address, current_count;
	uint8_t mode;
};

struct dma_controller {
	struct dma_channel channel[4];
	uint8_t command;
	uint8_t terminal_count; /* status bits 0-3 */
	uint8_t software_request; /* request register bits 0-3 */
	uint8_t hardware_request; /* DREQ lines */
	uint8_t mask;
	bool flip_flop; /* false: the next byte is the low one */
};

struct dma {
	struct dma_controller controller[2];
	uint8_t page[16]; /* ports 0x80-0x8F; [0] unused */
	struct mem *mem;
};

/* The page register port of each channel (channel 4's is the AT's
 * refresh page, kept only as storage). */
static const uint8_t page_port[DMA_CHANNELS] = { 0x87, 0x83, 0x81, 0x82, 0x8F, 0x8B, 0x89, 0x8A };

static void controller_master_clear(struct dma_controller *c)
{
	/* "Clear: this software command has the same effect as the hardware
	 * Reset: the Command, Status, Request, Temporary, and Internal
	 * First/Last Flip-Flop registers are cleared and the Mask register
	 * is set." */
	c->command = 0;
	c->terminal_count = 0;
	c->software_request = 0;
	c->flip_flop = false;
	c->mask = 0x0F;
}

void dma_reset(struct dma *dma)
{
	for (int i = 0; i < 2; i++) {
		struct dma_controller *c = &dma->controller[i];
		for (int ch = 0; ch < 4; ch++)
			c->channel[ch] = (struct dma_channel){ 0 };
		c->hardware_request = 0;
		controller_master_clear(c);
	}
	for (int i = 0; i < 16; i++)
		dma->page[i] = 0;
}

/* Reads or writes one byte of a 16-bit register, low byte first. */
static uint8_t controller_read(struct dma_controller *c, unsigned reg)
{
	if (reg < 8) {
		struct dma_channel *ch = &c->channel[reg >> 1];
		uint16_t value = (reg & 1) ? ch->current_count : ch->current_address;
		bool high = c->flip_flop;
		c->flip_flop = !c->flip_flop;
		return high ? (uint8_t)(value >> 8) : (uint8_t)value;
	}
	switch (reg) {
	case 8: { /* status: terminal counts, then requests */
		uint8_t value = (uint8_t)(c->terminal_count |
					  ((c->software_request | c->hardware_request) & 0x0F) << 4);
		c->terminal_count = 0;
		return value;
	}
	case 13: /* temporary register: only memory-to-memory fills it */
		return 0;
	case 15: /* the mask register, which the PIIX lets software read */
		return 0xF0 | c->mask;
	default:
		return 0xFF;
	}
}

static void controller_write(struct dma_controller *c, unsigned reg, uint8_t value)
{
	if (reg < 8) {
		struct dma_channel *ch = &c->channel[reg >> 1];
		uint16_t *base = (reg & 1) ? &ch->base_count : &ch->base_address;
		uint16_t *current = (reg & 1) ? &ch->current_count : &ch->current_address;
		if (c->flip_flop)
			*base = (uint16_t)((*base & 0x00FF) | value << 8);
		else
			*base = (uint16_t)((*base & 0xFF00) | value);
		/* "The Base and Current registers are written simultaneously." */
		*current = *base;
		c->flip_flop = !c->flip_flop;
		return;
	}
	uint8_t bit = (uint8_t)(1u << (value & 3));
	switch (reg) {
	case 8: /* command */
		c->command = value;
		break;
	case 9: /* request */
		if (value & 4)
			c->software_request |= bit;
		else
			c->software_request &= (uint8_t)~bit;
		break;
	case 10: /* single mask bit */
		if (value & 4)
			c->mask |= bit;
		else
			c->mask &= (uint8_t)~bit;
		break;
	case 11: /* mode */
		c->channel[value & 3].mode = value;
		break;
	case 12: /* clear byte pointer flip-flop */
		c->flip_flop = false;
		break;
	case 13: /* master clear */
		controller_master_clear(c);
		break;
	case 14: /* clear mask register */
		c->mask = 0;
		break;
	case 15: /* write all mask bits */
		c->mask = value & 0x0F;
		break;
	}
}

static uint32_t dma1_read(void *opaque, uint16_t port, unsigned size)
{
	struct dma *dma = opaque;
	return controller_read(&dma->controller[0], (port - DMA1_BASE) & 15);
}

static void dma1_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
	struct dma *dma = opaque;
	controller_write(&dma->controller[0], (port - DMA1_BASE) & 15, (uint8_t)value);
}

/* DMA2 sees address lines 1-4: its registers sit on even ports, and odd
 * ports alias them. */
static uint32_t dma2_read(void *opaque, uint16_t port, unsigned size)
{
	struct dma *dma = opaque;
	return controller_read(&dma->controller[1], ((port - DMA2_BASE) >> 1) & 15);
}

static void dma2_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
	struct dma *dma = opaque;
	controller_write(&dma->controller[1], ((port - DMA2_BASE) >> 1) & 15, (uint8_t)value);
}

static uint32_t page_read(void *opaque, uint16_t port, unsigned size)
{
	struct dma *dma = opaque;
	return dma->page[(port - PAGE_BASE) & 15];
}

static void page_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
	struct dma *dma = opaque;
	dma->page[(port - PAGE_BASE) & 15] = (uint8_t)value;
}

struct dma *dma_create(struct iobus *bus, struct mem *mem)
{
	struct dma *dma = calloc(1, sizeof(*dma));
	if (!dma)
		return NULL;
	dma->mem = mem;
	dma_reset(dma);
	if (iobus_register(bus, DMA1_BASE, 16, IO_WIDTH_8, dma1_read, dma1_write, dma, "dma1") ||
	    iobus_register(bus, DMA2_BASE, 32, IO_WIDTH_8, dma2_read, dma2_write, dma, "dma2") ||
	    iobus_register(bus, PAGE_BASE + 1, 15, IO_WIDTH_8, page_read, page_write, dma,
			   "dma-page")) {
		free(dma);
		return NULL;
	}
	return dma;
}

void dma_destroy(struct dma *dma)
{
	free(dma);
}

static bool valid_channel(int channel)
{
	return channel >= 0 && channel < DMA_CHANNELS && channel != 4;
}

bool dma_channel_ready(const struct dma *dma, int channel)
{
	if (!valid_channel(channel))
		return false;
	const struct dma_controller *c = &dma->controller[channel >> 2];
	int index = channel & 3;
	if ((c->command & COMMAND_DISABLE) || (c->mask & (1u << index)))
		return false;
	if ((c->channel[index].mode & MODE_CASCADE) == MODE_CASCADE)
		return false;
	/* DMA1 reaches the bus only through DMA2's channel 4. */
	if (channel < 4) {
		const struct dma_controller *dma2 = &dma->controller[1];
		if ((dma2->command & COMMAND_DISABLE) || (dma2->mask & 1))
			return false;
	}
	return true;
}

size_t dma_bytes_remaining(const struct dma *dma, int channel)
{
	if (!valid_channel(channel))
		return 0;
	const struct dma_channel *ch = &dma->controller[channel >> 2].channel[channel & 3];
	return ((size_t)ch->current_count + 1) * (channel >= 4 ? 2 : 1);
}

void dma_set_request(struct dma *dma, int channel, bool level)
{
	if (!valid_channel(channel))
		return;
	struct dma_controller *c = &dma->controller[channel >> 2];
	uint8_t bit = (uint8_t)(1u << (channel & 3));
	if (level)
		c->hardware_request |= bit;
	else
		c->hardware_request &= (uint8_t)~bit;
}

size_t dma_transfer(struct dma *dma, int channel, void *buffer, size_t len, bool to_memory)
{
	if (!dma_channel_ready(dma, channel))
		return 0;
	struct dma_controller *c = &dma->controller[channel >> 2];
	int index = channel & 3;
	struct dma_channel *ch = &c->channel[index];
	bool word = channel >= 4;
	size_t unit = word ? 2 : 1;
	uint8_t *bytes = buffer;
	uint32_t page = dma->page[page_port[channel] - PAGE_BASE];
	unsigned transfer = MODE_TRANSFER(ch->mode);
	bool touches_memory = to_memory ? transfer == MODE_WRITE : transfer == MODE_READ;
	size_t moved = 0;
	while (moved + unit <= len) {
		/* An 8-bit channel's address is A0-A15 with the page above; a
		 * 16-bit channel's is A1-A16, the page's bit 0 unused. */
		uint32_t phys = word ? (page & 0xFE) << 16 | (uint32_t)ch->current_address << 1
				     : page << 16 | ch->current_address;
		if (touches_memory) {
			for (size_t i = 0; i < unit; i++) {
				if (to_memory)
					mem_write8(dma->mem, phys + (uint32_t)i, bytes[moved + i]);
				else
					bytes[moved + i] = mem_read8(dma->mem, phys + (uint32_t)i);
			}
		}
		moved += unit;
		if (ch->mode & MODE_DECREMENT)
			ch->current_address--;
		else
			ch->current_address++;
		/* Terminal count: "when the Current Word Count register rolls
		 * over from zero to FFFFH". */
		if (ch->current_count-- == 0) {
			c->terminal_count |= (uint8_t)(1u << index);
			c->software_request &= (uint8_t)~(1u << index);
			if (ch->mode & MODE_AUTOINIT) {
				ch->current_address = ch->base_address;
				ch->current_count = ch->base_count;
			} else {
				c->mask |= (uint8_t)(1u << index);
			}
			break;
		}
	}
	return moved;
}
