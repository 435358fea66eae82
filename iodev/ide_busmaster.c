/* The PIIX3 IDE bus-master registers; see ide_busmaster.h.  Register
 * layout from the Intel 82371FB/SB (PIIX/PIIX3) datasheet, section
 * "Bus Master IDE I/O registers". */
#include "iodev/ide_busmaster.h"

#include <stdlib.h>

#define PRD_ENTRY_SIZE 8
#define PRD_END_OF_TABLE 0x80000000u
#define PRD_COUNT_MASK 0xFFFEu
#define PRD_PAGE_MASK 0xFFFF0000u
#define MAX_CLAIMS 16

struct bm_channel {
	uint8_t command;
	uint8_t status;
	uint32_t prd_table;
	/* Where the walk of the table stands. */
	uint32_t next_entry;   /* physical address of the next PRD to fetch */
	uint32_t buffer;       /* current PRD's buffer, advanced as it fills */
	uint32_t buffer_left;  /* bytes left in it */
	bool last_entry;       /* the current PRD ends the table */
	bool table_done;       /* its last entry was used up */
	ide_busmaster_start_fn *start;
	void *start_opaque;
};

struct ide_busmaster {
	struct mem *mem;
	struct bm_channel channel[IDE_BUSMASTER_CHANNELS];
	uint16_t base;
	bool decoding;
	bool master_enable;
	uint16_t claimed[MAX_CLAIMS]; /* bases claimed on the port bus so far */
	int nclaimed;
};

struct ide_busmaster *ide_busmaster_create(struct mem *mem)
{
	struct ide_busmaster *bm = calloc(1, sizeof(*bm));
	if (!bm)
		return NULL;
	bm->mem = mem;
	bm->master_enable = true;
	ide_busmaster_reset(bm);
	return bm;
}

void ide_busmaster_destroy(struct ide_busmaster *bm)
{
	free(bm);
}

void ide_busmaster_reset(struct ide_busmaster *bm)
{
	for (int i = 0; i < IDE_BUSMASTER_CHANNELS; i++) {
		struct bm_channel *c = &bm->channel[i];
		c->command = 0;
		c->status = 0;
		c->prd_table = 0;
		c->next_entry = 0;
		c->buffer = 0;
		c->buffer_left = 0;
		c->last_entry = false;
		c->table_done = false;
	}
}

static bool valid_channel(int channel)
{
	return channel >= 0 && channel < IDE_BUSMASTER_CHANNELS;
}

static void start_engine(struct bm_channel *c)
{
	c->next_entry = c->prd_table;
	c->buffer_left = 0;
	c->last_entry = false;
	c->table_done = false;
	c->status |= IDE_BM_STATUS_ACTIVE;
}

static uint8_t read_byte(struct ide_busmaster *bm, unsigned offset)
{
	struct bm_channel *c = &bm->channel[(offset >> 3) & 1];
	unsigned reg = offset & 7;
	switch (reg) {
	case IDE_BM_COMMAND:
		return c->command;
	case IDE_BM_STATUS:
		return c->status;
	case 4:
	case 5:
	case 6:
	case 7:
		return (uint8_t)(c->prd_table >> ((reg - 4) * 8));
	default:
		return 0;
	}
}

static void write_byte(struct ide_busmaster *bm, unsigned offset, uint8_t value)
{
	int index = (offset >> 3) & 1;
	struct bm_channel *c = &bm->channel[index];
	unsigned reg = offset & 7;
	switch (reg) {
	case IDE_BM_COMMAND: {
		uint8_t old = c->command;
		c->command = value & (IDE_BM_CMD_START | IDE_BM_CMD_TO_MEMORY);
		if ((c->command & IDE_BM_CMD_START) && !(old & IDE_BM_CMD_START)) {
			start_engine(c);
			if (c->start)
				c->start(c->start_opaque);
		} else if (!(c->command & IDE_BM_CMD_START)) {
			/* Clearing start stops the engine wherever it is. */
			c->status &= (uint8_t)~IDE_BM_STATUS_ACTIVE;
		}
		break;
	}
	case IDE_BM_STATUS:
		c->status &= (uint8_t)~(value & (IDE_BM_STATUS_ERROR | IDE_BM_STATUS_INTERRUPT));
		c->status = (uint8_t)((c->status & ~(IDE_BM_STATUS_DRIVE0_DMA | IDE_BM_STATUS_DRIVE1_DMA)) |
				      (value & (IDE_BM_STATUS_DRIVE0_DMA | IDE_BM_STATUS_DRIVE1_DMA)));
		break;
	case 4:
	case 5:
	case 6:
	case 7: {
		unsigned shift = (reg - 4) * 8;
		c->prd_table = (c->prd_table & ~(0xFFu << shift)) | (uint32_t)value << shift;
		c->prd_table &= ~3u;
		break;
	}
	default:
		break;
	}
}

uint32_t ide_busmaster_read(struct ide_busmaster *bm, unsigned offset, unsigned size)
{
	uint32_t value = 0;
	for (unsigned i = 0; i < size && i < 4; i++)
		value |= (uint32_t)read_byte(bm, (offset + i) & (IDE_BUSMASTER_PORTS - 1)) << (i * 8);
	return value;
}

void ide_busmaster_write(struct ide_busmaster *bm, unsigned offset, uint32_t value, unsigned size)
{
	for (unsigned i = 0; i < size && i < 4; i++)
		write_byte(bm, (offset + i) & (IDE_BUSMASTER_PORTS - 1), (uint8_t)(value >> (i * 8)));
}

static bool decodes(const struct ide_busmaster *bm, uint16_t port, unsigned size)
{
	return bm->decoding && port >= bm->base && (uint32_t)port + size <= (uint32_t)bm->base + IDE_BUSMASTER_PORTS;
}

static uint32_t port_read(void *opaque, uint16_t port, unsigned size)
{
	struct ide_busmaster *bm = opaque;
	if (!decodes(bm, port, size))
		return 0xFFFFFFFFu;
	return ide_busmaster_read(bm, (unsigned)(port - bm->base), size);
}

static void port_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
	struct ide_busmaster *bm = opaque;
	if (decodes(bm, port, size))
		ide_busmaster_write(bm, (unsigned)(port - bm->base), value, size);
}

int ide_busmaster_map(struct ide_busmaster *bm, struct iobus *bus, uint16_t base, bool enabled)
{
	bm->decoding = false;
	if (!enabled || (uint32_t)base + IDE_BUSMASTER_PORTS > 0x10000u)
		return 0;
	/* Claim each base once; the callbacks ignore bases left behind. */
	bool claimed = false;
	for (int i = 0; i < bm->nclaimed; i++)
		claimed |= bm->claimed[i] == base;
	if (!claimed) {
		if (bm->nclaimed == MAX_CLAIMS ||
		    iobus_register(bus, base, IDE_BUSMASTER_PORTS, IO_WIDTH_8 | IO_WIDTH_16 | IO_WIDTH_32,
				   port_read, port_write, bm, "ide-busmaster"))
			return -1;
		bm->claimed[bm->nclaimed++] = base;
	}
	bm->base = base;
	bm->decoding = true;
	return 0;
}

void ide_busmaster_set_master_enable(struct ide_busmaster *bm, bool enabled)
{
	bm->master_enable = enabled;
}

void ide_busmaster_connect(struct ide_busmaster *bm, int channel, ide_busmaster_start_fn *start, void *opaque)
{
	if (!valid_channel(channel))
		return;
	bm->channel[channel].start = start;
	bm->channel[channel].start_opaque = opaque;
}

bool ide_busmaster_started(const struct ide_busmaster *bm, int channel)
{
	return valid_channel(channel) && (bm->channel[channel].command & IDE_BM_CMD_START);
}

/* Fetches the next PRD; false when the table has ended. */
static bool fetch_entry(struct ide_busmaster *bm, struct bm_channel *c)
{
	if (c->table_done || c->last_entry)
		return false;
	uint32_t address = mem_read32(bm->mem, c->next_entry);
	uint32_t count = mem_read32(bm->mem, c->next_entry + 4);
	c->next_entry = (c->next_entry & PRD_PAGE_MASK) | ((c->next_entry + PRD_ENTRY_SIZE) & ~PRD_PAGE_MASK);
	c->buffer = address & ~1u;
	c->buffer_left = (count & PRD_COUNT_MASK) ? (count & PRD_COUNT_MASK) : 0x10000u;
	c->last_entry = (count & PRD_END_OF_TABLE) != 0;
	return true;
}

size_t ide_busmaster_transfer(struct ide_busmaster *bm, int channel, void *buffer, size_t len, bool to_memory)
{
	if (!valid_channel(channel) || !bm->master_enable)
		return 0;
	struct bm_channel *c = &bm->channel[channel];
	if (!(c->command & IDE_BM_CMD_START) || !(c->status & IDE_BM_STATUS_ACTIVE))
		return 0;
	if (((c->command & IDE_BM_CMD_TO_MEMORY) != 0) != to_memory)
		return 0;
	uint8_t *bytes = buffer;
	size_t moved = 0;
	while (moved < len) {
		if (c->buffer_left == 0 && !fetch_entry(bm, c))
			break;
		size_t piece = len - moved < c->buffer_left ? len - moved : c->buffer_left;
		if (to_memory)
			mem_load(bm->mem, c->buffer, bytes + moved, piece);
		else
			mem_store(bm->mem, c->buffer, bytes + moved, piece);
		moved += piece;
		c->buffer += (uint32_t)piece;
		c->buffer_left -= (uint32_t)piece;
		if (c->buffer_left == 0 && c->last_entry) {
			/* The whole table is used: the engine goes idle. */
			c->table_done = true;
			c->status &= (uint8_t)~IDE_BM_STATUS_ACTIVE;
			break;
		}
	}
	return moved;
}

void ide_busmaster_interrupt(struct ide_busmaster *bm, int channel)
{
	if (valid_channel(channel))
		bm->channel[channel].status |= IDE_BM_STATUS_INTERRUPT;
}
