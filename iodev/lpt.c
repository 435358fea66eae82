/* The parallel port (the IBM PC's printer adapter, SPP): a data latch
 * at base, status at base + 1, control at base + 2.  A byte is printed
 * when the guest pulses STROBE (control bit 0) high and low again, as the
 * BIOS's INT 17h and DOS do; the printer is always ready, so status reads
 * not busy, selected, no error, paper present, and it acknowledges each
 * byte with a pulse of nACK (low for the next few status reads), which
 * the BIOSes wait for. */
#include "iodev/lpt.h"

#include <stdlib.h>

#define STATUS_READY 0xDF /* nBUSY=1, nACK=1, PE=0, SELECT=1, nERROR=1, bits 2-0 read 1 */
#define CTRL_STROBE 0x01
#define CTRL_FIXED 0xE0   /* bits 7-5 read as ones on the original adapter */
#define STATUS_NACK 0x40
#define ACK_READS 4       /* status reads that see nACK low after a byte */

struct lpt {
	uint8_t data, control;
	unsigned ack_reads;
	lpt_sink_fn *sink;
	void *opaque;
};

static uint32_t lpt_read(void *opaque, uint16_t port, unsigned size)
{
	struct lpt *lpt = opaque;
	switch (port & 3) {
	case 0: return lpt->data; /* the latch reads back: how BIOSes detect the port */
	case 1:
		if (lpt->ack_reads) {
			lpt->ack_reads--;
			return STATUS_READY & ~STATUS_NACK;
		}
		return STATUS_READY;
	case 2: return lpt->control | CTRL_FIXED;
	default: return 0xFF;
	}
}

static void lpt_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
	struct lpt *lpt = opaque;
	uint8_t v = (uint8_t)value;
	if ((port & 3) == 0) {
		lpt->data = v;
	} else if ((port & 3) == 2) {
		/* The falling edge of STROBE ends the transfer of the latch. */
		if ((lpt->control & CTRL_STROBE) && !(v & CTRL_STROBE)) {
			if (lpt->sink)
				lpt->sink(lpt->opaque, lpt->data);
			lpt->ack_reads = ACK_READS;
		}
		lpt->control = v & 0x1F;
	}
}

struct lpt *lpt_create(struct iobus *bus, uint16_t base, lpt_sink_fn *sink, void *opaque)
{
	struct lpt *lpt = calloc(1, sizeof(*lpt));
	if (!lpt)
		return NULL;
	lpt->sink = sink;
	lpt->opaque = opaque;
	lpt_reset(lpt);
	if (iobus_register(bus, base, 3, IO_WIDTH_8, lpt_read, lpt_write, lpt, "lpt") < 0) {
		free(lpt);
		return NULL;
	}
	return lpt;
}

void lpt_reset(struct lpt *lpt)
{
	lpt->data = 0;
	lpt->ack_reads = 0;
	lpt->control = 0x0C; /* nINIT high, SELECT IN */
}

void lpt_destroy(struct lpt *lpt)
{
	free(lpt);
}
