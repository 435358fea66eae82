/* The 8259A pair; see pic.h.  Quotes are from the Intel 8259A datasheet. */
#include "iodev/pic.h"

#include <stdio.h>
#include <stdlib.h>

enum { MASTER, SLAVE };

/* Where an initialization sequence stands. */
enum pic_init_step { PIC_READY, PIC_WANT_ICW2, PIC_WANT_ICW3, PIC_WANT_ICW4 };

struct pic_chip {
	uint8_t irr; /* interrupt request register */
	uint8_t isr; /* in-service register */
	uint8_t imr; /* interrupt mask register (OCW1) */
	uint8_t input; /* the present level of each IR pin */
	uint8_t elcr; /* PIIX3 edge/level control: 1 = level */
	uint8_t elcr_writable;
	uint8_t vector_base; /* ICW2 with the low three bits clear */
	uint8_t icw3;
	/* The IR level with the highest priority; rotation moves it.  "IR7
	 * assigned priority 7" after ICW1 makes this 0. */
	uint8_t highest_priority;
	enum pic_init_step init_step;
	bool icw4_needed;
	bool single; /* ICW1 SNGL: no cascading */
	bool level_all; /* ICW1 LTIM: every input level-triggered */
	bool auto_eoi; /* ICW4 AEOI */
	bool rotate_on_auto_eoi; /* OCW2 R=1 SL=0 EOI=0 */
	bool special_fully_nested; /* ICW4 SFNM */
	bool read_isr; /* OCW3 RR/RIS: read ISR rather than IRR */
	bool poll; /* OCW3 P: the next read is a poll */
	bool special_mask; /* OCW3 ESMM/SMM */
	bool is_master;
};

struct pic {
	struct pic_chip chip[2];
	struct irq_line intr;
	int intr_level;
};

static uint8_t chip_level_mask(const struct pic_chip *c)
{
	return c->level_all ? 0xFF : c->elcr;
}

/* The highest-priority IR level set in bits, or -1. */
static int chip_highest(const struct pic_chip *c, uint8_t bits)
{
	for (int i = 0; i < 8; i++) {
		int level = (c->highest_priority + i) & 7;
		if (bits & (1u << level))
			return level;
	}
	return -1;
}

/* 0 is the highest priority, 7 the lowest. */
static int chip_rank(const struct pic_chip *c, int level)
{
	return (level - c->highest_priority) & 7;
}

static bool chip_cascades(const struct pic_chip *c)
{
	return c->is_master && !c->single && (c->icw3 & (1u << PIC_CASCADE_IRQ));
}

/* The level this chip's INT output is raised for, or -1. */
static int chip_pending(const struct pic_chip *c)
{
	uint8_t requests = c->irr & (uint8_t)~c->imr;
	if (c->special_mask) {
		/* "When a mask bit is set in OCW1, it inhibits further
		 * interrupts at that level and enables interrupts from all
		 * other levels (lower as well as higher) that are not
		 * masked."  A level still in service does not request again. */
		return chip_highest(c, requests & (uint8_t)~c->isr);
	}
	int request = chip_highest(c, requests);
	if (request < 0)
		return -1;
	int in_service = chip_highest(c, c->isr);
	if (in_service < 0)
		return request;
	if (chip_rank(c, request) < chip_rank(c, in_service))
		return request;
	/* Special fully nested mode: "when a request from a slave is in
	 * service, the slave is not locked out from the master's priority
	 * logic"; the slave itself then sorts out priorities among its own
	 * inputs. */
	if (request == in_service && request == PIC_CASCADE_IRQ && c->special_fully_nested &&
	    chip_cascades(c))
		return request;
	return -1;
}

static void chip_set_input(struct pic_chip *c, int level_no, int level)
{
	uint8_t bit = (uint8_t)(1u << level_no);
	if (level) {
		/* Edge mode latches the rising edge; level mode requests for
		 * as long as the pin is high. */
		if (!(c->input & bit) || (chip_level_mask(c) & bit))
			c->irr |= bit;
		c->input |= bit;
	} else {
		/* The request must still be there at INTA (see pic.h). */
		c->input &= (uint8_t)~bit;
		c->irr &= (uint8_t)~bit;
	}
}

/* Moves level from request to service, as the first INTA pulse does. */
static void chip_acknowledge(struct pic_chip *c, int level)
{
	uint8_t bit = (uint8_t)(1u << level);
	if (!(chip_level_mask(c) & bit))
		c->irr &= (uint8_t)~bit;
	if (c->auto_eoi) {
		/* "AEOI: the 8259A performs a non-specific EOI on the
		 * trailing edge of the last INTA pulse", rotating if asked. */
		if (c->rotate_on_auto_eoi)
			c->highest_priority = (uint8_t)((level + 1) & 7);
	} else {
		c->isr |= bit;
	}
}

static void pic_update(struct pic *pic)
{
	struct pic_chip *master = &pic->chip[MASTER];
	/* The slave's INT pin is the master's IR2 pin. */
	chip_set_input(master, PIC_CASCADE_IRQ, chip_pending(&pic->chip[SLAVE]) >= 0);
	int level = chip_pending(master) >= 0;
	if (level != pic->intr_level) {
		pic->intr_level = level;
		irq_set(&pic->intr, level);
	}
}

static void chip_reset(struct pic_chip *c, bool is_master)
{
	*c = (struct pic_chip){
		.imr = 0xFF,
		.vector_base = is_master ? 0x08 : 0x70,
		.icw3 = is_master ? 0x04 : 0x02,
		.is_master = is_master,
		/* PIIX3: IRQ 0, 1, 2, 8 and 13 are always edge-triggered. */
		.elcr_writable = is_master ? 0xF8 : 0xDE,
	};
}

void pic_reset(struct pic *pic)
{
	chip_reset(&pic->chip[MASTER], true);
	chip_reset(&pic->chip[SLAVE], false);
	pic->intr_level = 0;
	irq_set(&pic->intr, 0);
}

static void chip_write_icw1(struct pic_chip *c, uint8_t value)
{
	/* "a. The edge sense circuit is reset, which means that following
	 * initialization, an interrupt request (IR) input must make a
	 * low-to-high transition to generate an interrupt.  b. The
	 * Interrupt Mask Register is cleared.  c. IR7 input is assigned
	 * priority 7.  d. The slave mode address is set to 7.  e. Special
	 * Mask Mode is cleared and Status Read is set to IRR.  f. If IC4 =
	 * 0, then all functions selected in ICW4 are set to zero."  The
	 * in-service register is cleared too, as every PC BIOS expects. */
	c->icw4_needed = value & 0x01;
	c->single = value & 0x02;
	c->level_all = value & 0x08;
	c->imr = 0;
	c->isr = 0;
	c->irr = c->input & chip_level_mask(c);
	c->highest_priority = 0;
	c->special_mask = false;
	c->read_isr = false;
	c->poll = false;
	c->auto_eoi = false;
	c->rotate_on_auto_eoi = false;
	c->special_fully_nested = false;
	c->init_step = PIC_WANT_ICW2;
}

static void chip_write_ocw2(struct pic_chip *c, uint8_t value)
{
	int level = value & 7;
	int highest;
	switch (value >> 5) {
	case 0: /* rotate in automatic EOI mode (clear) */
		c->rotate_on_auto_eoi = false;
		break;
	case 4: /* rotate in automatic EOI mode (set) */
		c->rotate_on_auto_eoi = true;
		break;
	case 1: /* non-specific EOI */
	case 5: /* rotate on non-specific EOI */
		highest = chip_highest(c, c->isr);
		if (highest >= 0) {
			c->isr &= (uint8_t)~(1u << highest);
			if (value & 0x80)
				c->highest_priority = (uint8_t)((highest + 1) & 7);
		}
		break;
	case 3: /* specific EOI */
		c->isr &= (uint8_t)~(1u << level);
		break;
	case 7: /* rotate on specific EOI */
		c->isr &= (uint8_t)~(1u << level);
		c->highest_priority = (uint8_t)((level + 1) & 7);
		break;
	case 6: /* set priority: level becomes the lowest */
		c->highest_priority = (uint8_t)((level + 1) & 7);
		break;
	default: /* 2: no operation */
		break;
	}
}

static void chip_write_ocw3(struct pic_chip *c, uint8_t value)
{
	if (value & 0x04)
		c->poll = true;
	if (value & 0x02)
		c->read_isr = value & 0x01;
	if (value & 0x40)
		c->special_mask = value & 0x20;
}

static void chip_write(struct pic_chip *c, unsigned offset, uint8_t value)
{
	if (offset == 0) {
		if (value & 0x10)
			chip_write_icw1(c, value);
		else if (value & 0x08)
			chip_write_ocw3(c, value);
		else
			chip_write_ocw2(c, value);
		return;
	}
	switch (c->init_step) {
	case PIC_WANT_ICW2:
		c->vector_base = value & 0xF8;
		c->init_step = !c->single ? PIC_WANT_ICW3 : c->icw4_needed ? PIC_WANT_ICW4 : PIC_READY;
		break;
	case PIC_WANT_ICW3:
		c->icw3 = value;
		c->init_step = c->icw4_needed ? PIC_WANT_ICW4 : PIC_READY;
		break;
	case PIC_WANT_ICW4:
		/* Bit 0 (8086 mode) and the buffered-mode bits change nothing
		 * an emulated PC can see. */
		c->auto_eoi = value & 0x02;
		c->special_fully_nested = value & 0x10;
		c->init_step = PIC_READY;
		break;
	case PIC_READY:
		c->imr = value;
		break;
	}
}

static uint8_t chip_read(struct pic_chip *c, unsigned offset)
{
	if (c->poll) {
		/* "The 8259A treats the next RD pulse as an interrupt
		 * acknowledge, sets the appropriate IS bit if there is a
		 * request, and reads the priority level": bit 7 says whether
		 * there was one, bits 2-0 which. */
		c->poll = false;
		int level = chip_pending(c);
		if (level < 0)
			return 0;
		chip_acknowledge(c, level);
		return (uint8_t)(0x80 | level);
	}
	if (offset == 1)
		return c->imr;
	return c->read_isr ? c->isr : c->irr;
}

static uint32_t pic_port_read(void *opaque, uint16_t port, unsigned size)
{
	struct pic *pic = opaque;
	struct pic_chip *c = &pic->chip[port >= PIC_SLAVE_BASE ? SLAVE : MASTER];
	uint8_t value = chip_read(c, port & 1);
	pic_update(pic);
	return value;
}

static void pic_port_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
	struct pic *pic = opaque;
	struct pic_chip *c = &pic->chip[port >= PIC_SLAVE_BASE ? SLAVE : MASTER];
	chip_write(c, port & 1, (uint8_t)value);
	pic_update(pic);
}

static uint32_t elcr_read(void *opaque, uint16_t port, unsigned size)
{
	struct pic *pic = opaque;
	return pic->chip[(port - PIC_ELCR_BASE) & 1].elcr;
}

static void elcr_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
	struct pic *pic = opaque;
	struct pic_chip *c = &pic->chip[(port - PIC_ELCR_BASE) & 1];
	c->elcr = (uint8_t)value & c->elcr_writable;
	/* A pin that is high and now level-sensitive requests at once. */
	c->irr |= c->input & chip_level_mask(c);
	pic_update(pic);
}

struct pic *pic_create(struct iobus *bus, const struct irq_line *intr)
{
	struct pic *pic = calloc(1, sizeof(*pic));
	if (!pic)
		return NULL;
	/* Reset before connecting INTR: no callbacks during creation. */
	pic_reset(pic);
	if (intr)
		pic->intr = *intr;
	if (iobus_register(bus, PIC_MASTER_BASE, 2, IO_WIDTH_8, pic_port_read, pic_port_write, pic,
			   "pic-master") ||
	    iobus_register(bus, PIC_SLAVE_BASE, 2, IO_WIDTH_8, pic_port_read, pic_port_write, pic,
			   "pic-slave") ||
	    iobus_register(bus, PIC_ELCR_BASE, 2, IO_WIDTH_8, elcr_read, elcr_write, pic, "elcr")) {
		free(pic);
		return NULL;
	}
	return pic;
}

void pic_destroy(struct pic *pic)
{
	free(pic);
}

void pic_set_irq(void *opaque, int irq, int level)
{
	struct pic *pic = opaque;
	if (irq < 0 || irq >= PIC_NUM_IRQS)
		return;
	if (irq == PIC_CASCADE_IRQ)
		irq = 9;
	chip_set_input(&pic->chip[irq >> 3], irq & 7, level);
	pic_update(pic);
}

struct irq_line pic_irq_line(struct pic *pic, int irq)
{
	return (struct irq_line){ .set = pic_set_irq, .opaque = pic, .irq = irq };
}

bool pic_has_interrupt(const struct pic *pic)
{
	return pic->intr_level;
}

uint8_t pic_acknowledge(struct pic *pic)
{
	struct pic_chip *master = &pic->chip[MASTER];
	struct pic_chip *slave = &pic->chip[SLAVE];
	uint8_t vector;
	int level = chip_pending(master);
	if (level < 0) {
		/* The request went away between INT and INTA. */
		vector = master->vector_base | 7;
	} else {
		chip_acknowledge(master, level);
		if (level == PIC_CASCADE_IRQ && chip_cascades(master)) {
			/* The slave puts its vector on the bus on the second
			 * INTA; if its request vanished it answers IR7, but
			 * the master has already set its own IS bit 2. */
			int slave_level = chip_pending(slave);
			if (slave_level < 0) {
				vector = slave->vector_base | 7;
			} else {
				chip_acknowledge(slave, slave_level);
				vector = (uint8_t)(slave->vector_base | slave_level);
			}
		} else {
			vector = (uint8_t)(master->vector_base | level);
		}
	}
	pic_update(pic);
	return vector;
}

uint8_t pic_irr(const struct pic *pic, int chip)
{
	return pic->chip[chip & 1].irr;
}

uint8_t pic_isr(const struct pic *pic, int chip)
{
	return pic->chip[chip & 1].isr;
}

uint8_t pic_imr(const struct pic *pic, int chip)
{
	return pic->chip[chip & 1].imr;
}

/* ---- the debugger's "info pic" ---- */

static void print_irq_list(FILE *out, const char *what, const struct pic *pic, uint8_t (*reg)(const struct pic_chip *))
{
	fprintf(out, "  %-12s", what);
	bool any = false;
	for (int irq = 0; irq < PIC_NUM_IRQS; irq++)
		if (reg(&pic->chip[irq >> 3]) & (1u << (irq & 7))) {
			fprintf(out, " %d", irq);
			any = true;
		}
	fprintf(out, "%s\n", any ? "" : " none");
}

static uint8_t reg_unmasked(const struct pic_chip *c)
{
	return (uint8_t)~c->imr;
}

static uint8_t reg_irr(const struct pic_chip *c)
{
	return c->irr;
}

static uint8_t reg_isr(const struct pic_chip *c)
{
	return c->isr;
}

static uint8_t reg_level(const struct pic_chip *c)
{
	return chip_level_mask(c);
}

static uint8_t reg_input(const struct pic_chip *c)
{
	return c->input;
}

void pic_print_state(const struct pic *pic, FILE *out)
{
	static const char *const steps[] = {"initialised", "waiting for ICW2", "waiting for ICW3", "waiting for ICW4"};
	for (int n = 0; n < 2; n++) {
		const struct pic_chip *c = &pic->chip[n];
		fprintf(out, "%s (ports 0x%02x-0x%02x): IRR=0x%02x ISR=0x%02x IMR=0x%02x ELCR=0x%02x vectors 0x%02x-0x%02x\n",
			n ? "slave " : "master", n ? PIC_SLAVE_BASE : PIC_MASTER_BASE, (n ? PIC_SLAVE_BASE : PIC_MASTER_BASE) + 1,
			c->irr, c->isr, c->imr, c->elcr, c->vector_base, c->vector_base + 7);
		fprintf(out, "  %s, %s%s%s%s, highest priority IR%u%s%s\n", steps[c->init_step],
			c->single ? "single" : "cascaded", c->level_all ? ", all level-triggered" : "",
			c->auto_eoi ? ", automatic EOI" : "", c->special_fully_nested ? ", special fully nested" : "",
			c->highest_priority, c->special_mask ? ", special mask" : "",
			c->read_isr ? ", reads ISR" : ", reads IRR");
	}
	print_irq_list(out, "unmasked:", pic, reg_unmasked);
	print_irq_list(out, "requested:", pic, reg_irr);
	print_irq_list(out, "in service:", pic, reg_isr);
	print_irq_list(out, "level:", pic, reg_level);
	print_irq_list(out, "inputs high:", pic, reg_input);
	fprintf(out, "  INTR to the CPU: %s\n", pic->intr_level ? "high" : "low");
}
