/* The PIIX3 ISA bridge and IDE function; see piix3.h.  Register facts are
 * from the Intel 82371FB (PIIX) and 82371SB (PIIX3) datasheet, sections
 * 2.2 (PCI-to-ISA bridge configuration), 2.3 (IDE configuration) and 4.1
 * (reset control). */
#include "iodev/piix3.h"

#include <stdlib.h>

#define RC_SRST 0x02u /* system reset: hard */
#define RC_RCPU 0x04u /* reset CPU: the write that does it */
#define PORT_A_RESET 0x01u
#define PORT_A_A20 0x02u
#define PIRQ_DISABLED 0x80u
#define IDE_BUSMASTER_BAR 4

struct piix3 {
	struct pci_function *isa;
	struct pci_function *ide;
	struct piix3_host host;
	struct piix3_ide_hooks ide_hooks;
	struct irq_line isa_irq[PIIX3_ISA_IRQS];
	int pirq_level[PIIX3_PIRQS];
	int irq_driven[PIIX3_ISA_IRQS]; /* the level last put on each ISA IRQ */
	uint8_t reset_control;
	uint8_t port_a;
	bool ferr, ignne; /* coprocessor error: the CPU's FERR#, our IGNNE# */
	bool decode[2]; /* legacy decode of each IDE channel, as last reported */
};

/* ---- interrupt routing ---- */

/* The ISA IRQ a PIRQ line reaches, or -1.  IRQs 0-2, 8 and 13 are
 * reserved and route nowhere. */
static int pirq_target(const struct piix3 *p, int pirq)
{
	uint8_t route = pci_config_get8(p->isa, PIIX3_PIRQ_ROUTE + (unsigned)pirq);
	int irq = route & 0x0F;
	if ((route & PIRQ_DISABLED) || irq < 3 || irq == 8 || irq == 13)
		return -1;
	return irq;
}

/* Several PIRQs may share an IRQ: the line is high while any is. */
static void routes_update(struct piix3 *p)
{
	int level[PIIX3_ISA_IRQS] = {0};
	for (int n = 0; n < PIIX3_PIRQS; n++) {
		int irq = pirq_target(p, n);
		if (irq >= 0 && p->pirq_level[n])
			level[irq] = 1;
	}
	for (int irq = 0; irq < PIIX3_ISA_IRQS; irq++) {
		if (level[irq] != p->irq_driven[irq]) {
			p->irq_driven[irq] = level[irq];
			irq_set(&p->isa_irq[irq], level[irq]);
		}
	}
}

void piix3_set_pirq(struct piix3 *p, int pirq, int level)
{
	if (pirq < 0 || pirq >= PIIX3_PIRQS)
		return;
	p->pirq_level[pirq] = level != 0;
	routes_update(p);
}

static void isa_config_written(void *opaque, struct pci_function *fn, unsigned offset, unsigned size)
{
	struct piix3 *p = opaque;
	if (offset < PIIX3_PIRQ_ROUTE + PIIX3_PIRQS && offset + size > PIIX3_PIRQ_ROUTE)
		routes_update(p);
}

static const struct pci_function_ops isa_ops = {.config_written = isa_config_written};

/* ---- IDE ---- */

static void ide_decode_update(struct piix3 *p, bool force)
{
	for (int channel = 0; channel < 2; channel++) {
		unsigned reg = channel ? PIIX3_IDETIM_SECONDARY : PIIX3_IDETIM_PRIMARY;
		bool on = pci_config_get16(p->ide, reg) & PIIX3_IDE_DECODE;
		if (on == p->decode[channel] && !force)
			continue;
		p->decode[channel] = on;
		if (p->ide_hooks.channel_decode)
			p->ide_hooks.channel_decode(p->ide_hooks.opaque, channel, on);
	}
}

static void ide_config_written(void *opaque, struct pci_function *fn, unsigned offset, unsigned size)
{
	struct piix3 *p = opaque;
	if (offset < PIIX3_IDETIM_SECONDARY + 2 && offset + size > PIIX3_IDETIM_PRIMARY)
		ide_decode_update(p, false);
}

static void ide_bar_changed(void *opaque, struct pci_function *fn, int bar, uint32_t address, bool enabled)
{
	struct piix3 *p = opaque;
	if (bar == IDE_BUSMASTER_BAR && p->ide_hooks.busmaster_map)
		p->ide_hooks.busmaster_map(p->ide_hooks.opaque, (uint16_t)address, enabled);
}

static const struct pci_function_ops ide_ops = {.config_written = ide_config_written,
						.bar_changed = ide_bar_changed};

void piix3_set_ide_hooks(struct piix3 *p, const struct piix3_ide_hooks *hooks)
{
	p->ide_hooks = *hooks;
	ide_decode_update(p, true);
	if (p->ide_hooks.busmaster_map)
		p->ide_hooks.busmaster_map(p->ide_hooks.opaque, (uint16_t)pci_bar_address(p->ide, IDE_BUSMASTER_BAR),
					   pci_bar_enabled(p->ide, IDE_BUSMASTER_BAR));
}

/* ---- ports 0xCF9 and 0x92 ---- */

static uint32_t reset_control_read(void *opaque, uint16_t port, unsigned size)
{
	struct piix3 *p = opaque;
	return p->reset_control;
}

static void reset_control_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
	struct piix3 *p = opaque;
	/* Only SRST is kept; RCPU is the trigger and reads 0. */
	p->reset_control = (uint8_t)(value & RC_SRST);
	if ((value & RC_RCPU) && p->host.reset)
		p->host.reset(p->host.opaque, (value & RC_SRST) != 0);
}

static uint32_t port_a_read(void *opaque, uint16_t port, unsigned size)
{
	struct piix3 *p = opaque;
	return p->port_a;
}

static void port_a_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
	struct piix3 *p = opaque;
	uint8_t old = p->port_a;
	p->port_a = (uint8_t)value;
	if ((old ^ p->port_a) & PORT_A_A20 && p->host.set_a20)
		p->host.set_a20(p->host.opaque, (p->port_a & PORT_A_A20) != 0);
	/* "A 0 to 1 transition of this bit causes the PIIX3 to assert
	 * INIT" -- the CPU alone restarts. */
	if (!(old & PORT_A_RESET) && (p->port_a & PORT_A_RESET) && p->host.reset)
		p->host.reset(p->host.opaque, false);
}

bool piix3_a20(const struct piix3 *p)
{
	return (p->port_a & PORT_A_A20) != 0;
}

/* ---- coprocessor error (port 0xF0) ---- */

static void set_ignne(struct piix3 *p, bool active)
{
	if (p->ignne == active)
		return;
	p->ignne = active;
	if (p->host.set_ignne)
		p->host.set_ignne(p->host.opaque, active);
}

void piix3_set_ferr(struct piix3 *p, bool active)
{
	if (p->ferr == active)
		return;
	p->ferr = active;
	irq_set(&p->isa_irq[PIIX3_FERR_IRQ], active);
	/* IGNNE# stays until FERR# goes away. */
	if (!active)
		set_ignne(p, false);
}

static void coprocessor_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
	struct piix3 *p = opaque;
	/* "A write to F0h while FERR# is asserted negates IRQ13 and asserts
	 * IGNNE#": the error handler's acknowledgement. */
	if (!p->ferr)
		return;
	irq_set(&p->isa_irq[PIIX3_FERR_IRQ], 0);
	set_ignne(p, true);
}

/* ---- life cycle ---- */

static void isa_function_reset(struct pci_function *fn)
{
	for (unsigned n = 0x04; n < PCI_CONFIG_SIZE; n++) {
		pci_config_set8(fn, n, 0);
		pci_config_set_writable(fn, n, 0);
	}
	pci_config_set_header(fn, 0x8086, 0x7000, 0x060100, 0x00, PCI_HEADER_MULTI_FUNCTION);
	pci_config_set16(fn, PCI_COMMAND, PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	pci_config_set16(fn, PCI_STATUS, 0x0200); /* medium DEVSEL# */
	pci_config_set_write_clear(fn, PCI_STATUS + 1, 0x78);
	pci_config_set_writable(fn, PCI_INTERRUPT_LINE, 0);
	/* Power-on defaults of the bridge's own registers; all are plain
	 * storage here, as nothing on this board depends on them. */
	static const struct {
		uint8_t offset, value, writable;
	} regs[] = {
		{0x4C, 0x4D, 0x7F}, /* ISA I/O recovery timer */
		{0x4E, 0x03, 0xFF}, /* X-bus chip select enable */
		{0x4F, 0x00, 0x03},
		{0x60, PIRQ_DISABLED, 0x8F}, {0x61, PIRQ_DISABLED, 0x8F}, /* PIRQ routes */
		{0x62, PIRQ_DISABLED, 0x8F}, {0x63, PIRQ_DISABLED, 0x8F},
		{0x69, 0x02, 0xFE}, /* top of memory */
		{0x6A, 0x00, 0xFF}, {0x6B, 0x00, 0xFF}, /* miscellaneous status */
		{0x70, 0x80, 0xEF}, {0x71, 0x80, 0xEF}, /* motherboard IRQ routes */
		{0x76, 0x0C, 0x8F}, {0x77, 0x0C, 0x8F}, /* motherboard DMA */
		{0x78, 0x02, 0xFF}, {0x79, 0x00, 0xFF}, /* programmable chip select */
		{0x80, 0x00, 0x7F}, /* APIC base */
		{0x82, 0x00, 0x0F}, /* deterministic latency */
		{0xA0, 0x08, 0x1F}, {0xA2, 0x00, 0xFF}, {0xA3, 0x00, 0xFF}, /* SMI */
		{0xA4, 0x00, 0xFF}, {0xA5, 0x00, 0xFF}, {0xA6, 0x00, 0xFF}, {0xA7, 0x00, 0xFF},
		{0xA8, 0x0F, 0xFF}, {0xAA, 0x00, 0xFF}, {0xAB, 0x00, 0xFF},
		{0xAC, 0x00, 0xFF}, {0xAE, 0x00, 0xFF},
	};
	for (unsigned n = 0; n < sizeof(regs) / sizeof(regs[0]); n++) {
		pci_config_set8(fn, regs[n].offset, regs[n].value);
		pci_config_set_writable(fn, regs[n].offset, regs[n].writable);
	}
}

static void ide_function_reset(struct pci_function *fn)
{
	for (unsigned n = 0x04; n < PCI_CONFIG_SIZE; n++) {
		pci_config_set8(fn, n, 0);
		pci_config_set_writable(fn, n, 0);
	}
	pci_config_set_header(fn, 0x8086, 0x7010, 0x010180, 0x00, 0x00);
	pci_config_set16(fn, PCI_STATUS, 0x0280);
	pci_config_set_write_clear(fn, PCI_STATUS + 1, 0x38);
	pci_config_set_writable(fn, 0x0D, 0xF0); /* latency timer */
	pci_set_bar(fn, IDE_BUSMASTER_BAR, PCI_BAR_IO, 16);
	/* IDE timing (0x40-0x43) and slave timing (0x44). */
	for (unsigned n = PIIX3_IDETIM_PRIMARY; n < PIIX3_IDETIM_SECONDARY + 2; n++)
		pci_config_set_writable(fn, n, n & 1 ? 0xF3 : 0xFF);
	pci_config_set_writable(fn, 0x44, 0xFF);
}

void piix3_reset(struct piix3 *p)
{
	isa_function_reset(p->isa);
	ide_function_reset(p->ide);
	for (int n = 0; n < PIIX3_PIRQS; n++)
		p->pirq_level[n] = 0;
	routes_update(p);
	p->reset_control = 0;
	p->port_a = 0;
	if (p->ferr)
		irq_set(&p->isa_irq[PIIX3_FERR_IRQ], 0);
	p->ferr = false;
	set_ignne(p, false);
	ide_decode_update(p, true);
	if (p->ide_hooks.busmaster_map)
		p->ide_hooks.busmaster_map(p->ide_hooks.opaque, 0, false);
}

struct piix3 *piix3_create(struct pci_bus *pci, struct iobus *io, const struct irq_line *isa_irq,
			   const struct piix3_host *host)
{
	struct piix3 *p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	if (host)
		p->host = *host;
	if (isa_irq)
		for (int n = 0; n < PIIX3_ISA_IRQS; n++)
			p->isa_irq[n] = isa_irq[n];
	p->isa = pci_add_function(pci, PIIX3_ISA_DEVFN, &isa_ops, p);
	p->ide = p->isa ? pci_add_function(pci, PIIX3_IDE_DEVFN, &ide_ops, p) : NULL;
	if (!p->ide || iobus_register(io, PIIX3_RESET_CONTROL_PORT, 1, IO_WIDTH_8, reset_control_read,
				      reset_control_write, p, "piix3-reset-control") ||
	    iobus_register(io, PIIX3_PORT_A, 1, IO_WIDTH_8, port_a_read, port_a_write, p, "port-a") ||
	    iobus_register(io, PIIX3_COPROCESSOR_PORT, 1, IO_WIDTH_8, NULL, coprocessor_write, p, "coprocessor")) {
		free(p);
		return NULL;
	}
	piix3_reset(p);
	return p;
}

void piix3_destroy(struct piix3 *p)
{
	free(p);
}
