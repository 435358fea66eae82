/* The PIIX4 power-management function; see piix4pm.h.  Register facts are
 * from the Intel 82371AB PIIX4 datasheet, sections 3.3 (PCI configuration,
 * function 3) and 7 (power management I/O registers). */
#include "iodev/piix4pm.h"

#include <stdlib.h>

#define PMBASE_ADDRESS_MASK 0xFFC0u /* 64 ports, bits 15-6 */
#define PMIOSE 0x01u
#define DEVACTB_SMM_READY (1u << 25)

#define TMR_EN 0x0001u
#define TIMER_BITS 24
#define TIMER_MSB (1ull << (TIMER_BITS - 1))
/* PM1_STS bits that can raise SCI, and the ones that only report. */
#define PM1_EVENTS 0x0521u /* TMR, GBL, PWRBTN, RTC */
#define PM1_STS_BITS 0x8D31u /* + BM, WAK, and the two bits above */
#define PM1_CNT_STORED 0x1C03u /* SCI_EN, BM_RLD, SLP_TYP */
#define SLP_TYP_SHIFT 10
#define SLP_TYP_SOFT_OFF 0
#define GPSTS 0x0C /* general-purpose event status, write 1 to clear */

/* The firmware's SMI handler enables ACPI when the OS writes the FADT's
 * ACPI_ENABLE value to SMI_CMD (port 0xB2), and disables it with
 * ACPI_DISABLE.  SMM is not emulated, so this function does that part of
 * the handler's work: without it an ACPI OS waits for SCI_EN forever.
 * The values are the ones SeaBIOS and the Bochs BIOS put in the FADT. */
#define APM_ACPI_ENABLE 0xF1
#define APM_ACPI_DISABLE 0xF0

struct piix4pm {
	struct pci_function *fn;
	struct iobus *io;
	struct irq_line sci;
	struct piix4pm_host host;
	int sci_level;
	uint64_t ticks; /* timer ticks since creation: PM_TMR is the low 24 bits */
	uint16_t pm1_sts, pm1_en, pm1_cnt;
	uint8_t regs[PIIX4PM_IO_SIZE]; /* the rest of the block, as storage */
	uint8_t apm_control, apm_status;
	bool mapped;
	uint16_t mapped_base;
};

static void sci_update(struct piix4pm *pm)
{
	int level = (pm->pm1_cnt & PIIX4PM_SCI_EN) && (pm->pm1_sts & pm->pm1_en & PM1_EVENTS);
	if (level != pm->sci_level) {
		pm->sci_level = level;
		irq_set(&pm->sci, level);
	}
}

uint32_t piix4pm_timer(const struct piix4pm *pm)
{
	return (uint32_t)(pm->ticks & ((1u << TIMER_BITS) - 1));
}

void piix4pm_advance(struct piix4pm *pm, uint64_t ticks)
{
	uint64_t before = pm->ticks;
	pm->ticks += ticks;
	/* "TMR_STS is set when the MSB (bit 23) of the timer changes." */
	if ((before ^ pm->ticks) >= TIMER_MSB || ticks >= TIMER_MSB) {
		pm->pm1_sts |= PIIX4PM_TMR_STS;
		sci_update(pm);
	}
}

uint64_t piix4pm_next_event(const struct piix4pm *pm)
{
	if (!(pm->pm1_cnt & PIIX4PM_SCI_EN) || !(pm->pm1_en & TMR_EN) || (pm->pm1_sts & PIIX4PM_TMR_STS))
		return PIIX4PM_NO_EVENT;
	return TIMER_MSB - (pm->ticks & (TIMER_MSB - 1));
}

void piix4pm_power_button(struct piix4pm *pm)
{
	pm->pm1_sts |= PIIX4PM_PWRBTN_STS;
	sci_update(pm);
}

/* ---- the PMBASE block ---- */

static uint8_t block_read_byte(struct piix4pm *pm, unsigned offset)
{
	switch (offset) {
	case PIIX4PM_PM1_STS:
	case PIIX4PM_PM1_STS + 1:
		return (uint8_t)(pm->pm1_sts >> (8 * (offset & 1)));
	case PIIX4PM_PM1_EN:
	case PIIX4PM_PM1_EN + 1:
		return (uint8_t)(pm->pm1_en >> (8 * (offset & 1)));
	case PIIX4PM_PM1_CNT:
	case PIIX4PM_PM1_CNT + 1:
		return (uint8_t)(pm->pm1_cnt >> (8 * (offset & 1)));
	case PIIX4PM_PM_TMR:
	case PIIX4PM_PM_TMR + 1:
	case PIIX4PM_PM_TMR + 2:
	case PIIX4PM_PM_TMR + 3:
		return (uint8_t)(piix4pm_timer(pm) >> (8 * (offset - PIIX4PM_PM_TMR)));
	default:
		return offset < PIIX4PM_IO_SIZE ? pm->regs[offset] : 0xFF;
	}
}

static void cnt_write_high(struct piix4pm *pm, uint8_t value)
{
	uint16_t v = (uint16_t)(value << 8);
	pm->pm1_cnt = (uint16_t)((pm->pm1_cnt & 0x00FF) | (v & PM1_CNT_STORED & 0xFF00));
	/* SLP_EN is write-only: it starts the sleep the type names. */
	if ((v & PIIX4PM_SLP_EN) && ((v >> SLP_TYP_SHIFT) & 7) == SLP_TYP_SOFT_OFF && pm->host.power_off)
		pm->host.power_off(pm->host.opaque);
}

static void block_write_byte(struct piix4pm *pm, unsigned offset, uint8_t value)
{
	switch (offset) {
	case PIIX4PM_PM1_STS:
	case PIIX4PM_PM1_STS + 1:
		pm->pm1_sts &= (uint16_t)~(((uint16_t)value << (8 * (offset & 1))) & PM1_STS_BITS);
		break;
	case PIIX4PM_PM1_EN:
	case PIIX4PM_PM1_EN + 1: {
		unsigned shift = 8 * (offset & 1);
		uint16_t mask = (uint16_t)((0xFFu << shift) & PM1_EVENTS);
		pm->pm1_en = (uint16_t)((pm->pm1_en & ~mask) | (((unsigned)value << shift) & mask));
		break;
	}
	case PIIX4PM_PM1_CNT:
		pm->pm1_cnt = (uint16_t)((pm->pm1_cnt & 0xFF00) | (value & PM1_CNT_STORED & 0xFF));
		break;
	case PIIX4PM_PM1_CNT + 1:
		cnt_write_high(pm, value);
		break;
	case PIIX4PM_PM_TMR:
	case PIIX4PM_PM_TMR + 1:
	case PIIX4PM_PM_TMR + 2:
	case PIIX4PM_PM_TMR + 3:
		break; /* read-only */
	case GPSTS:
	case GPSTS + 1:
		pm->regs[offset] &= (uint8_t)~value;
		break;
	default:
		if (offset < PIIX4PM_IO_SIZE)
			pm->regs[offset] = value;
		break;
	}
}

static void host_sync(struct piix4pm *pm)
{
	if (pm->host.sync)
		pm->host.sync(pm->host.opaque);
}

static void host_reschedule(struct piix4pm *pm)
{
	if (pm->host.reschedule)
		pm->host.reschedule(pm->host.opaque);
}

static uint32_t block_read(void *opaque, uint16_t port, unsigned size)
{
	struct piix4pm *pm = opaque;
	host_sync(pm);
	uint32_t value = 0;
	for (unsigned i = 0; i < size; i++)
		value |= (uint32_t)block_read_byte(pm, (uint16_t)(port + i - pm->mapped_base)) << (8 * i);
	return value;
}

static void block_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
	struct piix4pm *pm = opaque;
	host_sync(pm);
	for (unsigned i = 0; i < size; i++)
		block_write_byte(pm, (uint16_t)(port + i - pm->mapped_base), (uint8_t)(value >> (8 * i)));
	sci_update(pm);
	host_reschedule(pm);
}

/* Moves the block to where PMBASE and PMIOSE now say. */
static void block_remap(struct piix4pm *pm)
{
	uint16_t base = (uint16_t)(pci_config_get16(pm->fn, PIIX4PM_PMBASE) & PMBASE_ADDRESS_MASK);
	bool enabled = (pci_config_get8(pm->fn, PIIX4PM_PMREGMISC) & PMIOSE) != 0;
	if (enabled == pm->mapped && (!enabled || base == pm->mapped_base))
		return;
	if (pm->mapped)
		iobus_unregister(pm->io, pm->mapped_base, pm);
	pm->mapped = false;
	if (enabled && iobus_register(pm->io, base, PIIX4PM_IO_SIZE, IO_WIDTH_8 | IO_WIDTH_16 | IO_WIDTH_32,
				      block_read, block_write, pm, "piix4-pm") == 0) {
		pm->mapped = true;
		pm->mapped_base = base;
	}
}

static void config_written(void *opaque, struct pci_function *fn, unsigned offset, unsigned size)
{
	struct piix4pm *pm = opaque;
	block_remap(pm);
}

static const struct pci_function_ops pm_ops = {.config_written = config_written};

/* ---- APM ports ---- */

static uint32_t apm_read(void *opaque, uint16_t port, unsigned size)
{
	struct piix4pm *pm = opaque;
	host_sync(pm);
	return port == PIIX4PM_APM_CONTROL ? pm->apm_control : pm->apm_status;
}

static void apm_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
	struct piix4pm *pm = opaque;
	host_sync(pm);
	if (port == PIIX4PM_APM_STATUS) {
		pm->apm_status = (uint8_t)value;
		return;
	}
	pm->apm_control = (uint8_t)value;
	if (pm->apm_control == APM_ACPI_ENABLE)
		pm->pm1_cnt |= PIIX4PM_SCI_EN;
	else if (pm->apm_control == APM_ACPI_DISABLE)
		pm->pm1_cnt &= (uint16_t)~PIIX4PM_SCI_EN;
	sci_update(pm);
	host_reschedule(pm);
}

/* ---- life cycle ---- */

void piix4pm_reset(struct piix4pm *pm)
{
	struct pci_function *fn = pm->fn;
	for (unsigned n = 0x04; n < PCI_CONFIG_SIZE; n++) {
		pci_config_set8(fn, n, 0);
		pci_config_set_writable(fn, n, 0);
	}
	pci_config_set_header(fn, 0x8086, 0x7113, 0x068000, 0x03, 0x00);
	pci_config_set16(fn, PCI_STATUS, 0x0280);
	pci_config_set_write_clear(fn, PCI_STATUS + 1, 0x38);
	pci_config_set8(fn, PCI_INTERRUPT_PIN, 0x01);
	/* PMBASE: bit 0 says I/O space and reads 1. */
	pci_config_set32(fn, PIIX4PM_PMBASE, 0x00000001);
	pci_config_set_writable(fn, PIIX4PM_PMBASE, (uint8_t)PMBASE_ADDRESS_MASK);
	pci_config_set_writable(fn, PIIX4PM_PMBASE + 1, (uint8_t)(PMBASE_ADDRESS_MASK >> 8));
	/* Storage: count-down and device-activity controls, device resources
	 * (0x44-0x6B), the SMBus base (0x90) and configuration (0xD2). */
	for (unsigned n = 0x44; n < 0x6C; n++)
		pci_config_set_writable(fn, n, 0xFF);
	pci_config_set32(fn, PIIX4PM_DEVACTB, DEVACTB_SMM_READY);
	pci_config_set_writable(fn, PIIX4PM_DEVACTB + 3, (uint8_t)~(DEVACTB_SMM_READY >> 24));
	pci_config_set_writable(fn, PIIX4PM_PMREGMISC, PMIOSE);
	pci_config_set32(fn, 0x90, 0x00000001);
	pci_config_set_writable(fn, 0x90, 0xF0);
	pci_config_set_writable(fn, 0x91, 0xFF);
	pci_config_set_writable(fn, 0xD2, 0x0F);
	pm->pm1_sts = 0;
	pm->pm1_en = 0;
	pm->pm1_cnt = 0;
	for (unsigned n = 0; n < PIIX4PM_IO_SIZE; n++)
		pm->regs[n] = 0;
	pm->apm_control = 0;
	pm->apm_status = 0;
	sci_update(pm);
	block_remap(pm);
}

struct piix4pm *piix4pm_create(struct pci_bus *pci, struct iobus *io, const struct irq_line *sci,
			       const struct piix4pm_host *host)
{
	struct piix4pm *pm = calloc(1, sizeof(*pm));
	if (!pm)
		return NULL;
	pm->io = io;
	if (sci)
		pm->sci = *sci;
	if (host)
		pm->host = *host;
	pm->fn = pci_add_function(pci, PIIX4PM_DEVFN, &pm_ops, pm);
	if (!pm->fn || iobus_register(io, PIIX4PM_APM_CONTROL, 2, IO_WIDTH_8, apm_read, apm_write, pm, "apm")) {
		free(pm);
		return NULL;
	}
	/* No interrupt-line callbacks while being created. */
	struct irq_line quiet = pm->sci;
	pm->sci = (struct irq_line){0};
	piix4pm_reset(pm);
	pm->sci = quiet;
	return pm;
}

void piix4pm_destroy(struct piix4pm *pm)
{
	free(pm);
}
