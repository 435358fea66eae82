/* The i440FX host bridge; see i440fx.h.  Register facts are from the
 * Intel 440FX PCIset datasheet (82441FX PMC), section 3.2. */
#include "iodev/i440fx.h"

#include <stdbool.h>
#include <stdlib.h>

/* F0000-FFFFF, then C0000-EFFFF in 16 KiB pieces. */
#define PAM_SEGMENTS 13

#define PAM_READ 0x1u  /* RE: reads come from DRAM */
#define PAM_WRITE 0x2u /* WE: writes go to DRAM */

#define SMRAM_D_OPEN 0x40u
#define SMRAM_D_CLS 0x20u
#define SMRAM_D_LCK 0x10u
#define SMRAM_G_SMRAME 0x08u
#define SMRAM_C_BASE_SEG 0x02u /* hard-wired: SMRAM at A0000-BFFFF */

struct pam_segment {
	struct i440fx *owner;
	uint32_t base, size;
	int region;          /* in mem */
	unsigned attributes; /* PAM_READ | PAM_WRITE in force */
};

struct i440fx {
	struct pci_function *fn;
	struct mem *mem;
	const uint8_t *bios;
	struct pam_segment segment[PAM_SEGMENTS];
};

/* Segment 0 is F0000 (PAM0 bits 5-4); segment 1 + 2k + h is C0000 +
 * (2k + h) x 16 KiB, from PAM(1 + k), low nibble for h = 0. */
static unsigned pam_field(const struct i440fx *x, int segment)
{
	if (segment == 0)
		return (pci_config_get8(x->fn, I440FX_PAM0) >> 4) & 3u;
	unsigned index = (unsigned)segment - 1;
	uint8_t reg = pci_config_get8(x->fn, I440FX_PAM0 + 1 + index / 2);
	return (reg >> (index % 2 ? 4 : 0)) & 3u;
}

/* What reads of a segment return when they go to the bus. */
static bool segment_in_bios(const struct pam_segment *s)
{
	return s->base >= I440FX_BIOS_BASE;
}

/* Write-only shadowing (WE without RE) needs reads and writes to go to
 * different places, which only an MMIO region can do.  Firmware uses it
 * briefly, if at all, so its slowness does not matter. */
static uint32_t write_only_read(void *opaque, uint32_t offset, unsigned size)
{
	const struct pam_segment *s = opaque;
	uint32_t value = 0;
	for (unsigned i = 0; i < size; i++) {
		uint32_t at = offset + i;
		uint8_t byte = 0xFF; /* nothing answers in C0000-DFFFF */
		if (segment_in_bios(s) && at < s->size)
			byte = s->owner->bios[s->base - I440FX_BIOS_BASE + at];
		value |= (uint32_t)byte << (8 * i);
	}
	return value;
}

static void write_only_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
	const struct pam_segment *s = opaque;
	struct mem *mem = s->owner->mem;
	for (unsigned i = 0; i < size && offset + i < s->size; i++) {
		uint32_t phys = s->base + offset + i;
		uint8_t *host = &mem->ram[phys];
		/* Decoded instructions from an earlier read-enabled period
		 * must not outlive the bytes they came from. */
		if (mem_page_has_code(mem, phys) && mem->on_code_write)
			mem->on_code_write(mem->code_write_opaque, host, 1);
		*host = (uint8_t)(value >> (8 * i));
	}
}

static const struct mmio_ops write_only_ops = {write_only_read, write_only_write};

static void segment_apply(struct i440fx *x, struct pam_segment *s, unsigned attributes)
{
	uint8_t *ram = x->mem->ram + s->base;
	/* The ROM is never written: mem drops writes to MEM_ROM regions. */
	uint8_t *bios = segment_in_bios(s) ? (uint8_t *)(uintptr_t)(x->bios + (s->base - I440FX_BIOS_BASE)) : NULL;
	s->attributes = attributes;
	switch (attributes) {
	case PAM_READ | PAM_WRITE:
		mem_remap(x->mem, s->region, MEM_RAM, ram, NULL, NULL);
		mem_region_enable(x->mem, s->region, true);
		break;
	case PAM_READ:
		mem_remap(x->mem, s->region, MEM_ROM, ram, NULL, NULL);
		mem_region_enable(x->mem, s->region, true);
		break;
	case PAM_WRITE:
		mem_remap(x->mem, s->region, MEM_MMIO, NULL, &write_only_ops, s);
		mem_region_enable(x->mem, s->region, true);
		break;
	default:
		/* Everything goes to the bus: the BIOS ROM, or whatever the
		 * machine mapped below (option ROMs, or nothing). */
		if (bios) {
			mem_remap(x->mem, s->region, MEM_ROM, bios, NULL, NULL);
			mem_region_enable(x->mem, s->region, true);
		} else {
			mem_region_enable(x->mem, s->region, false);
		}
		break;
	}
}

static void pam_update(struct i440fx *x)
{
	for (int n = 0; n < PAM_SEGMENTS; n++) {
		unsigned attributes = pam_field(x, n);
		if (attributes != x->segment[n].attributes)
			segment_apply(x, &x->segment[n], attributes);
	}
}

static void smram_written(struct i440fx *x)
{
	uint8_t v = pci_config_get8(x->fn, I440FX_SMRAM);
	if (v & SMRAM_D_LCK) {
		/* "When D_LCK is set, D_OPEN is reset and D_LCK, D_OPEN and
		 * G_SMRAME become read only" until the next reset. */
		pci_config_set8(x->fn, I440FX_SMRAM, (uint8_t)(v & ~SMRAM_D_OPEN));
		pci_config_set_writable(x->fn, I440FX_SMRAM, SMRAM_D_CLS);
	}
}

static void config_written(void *opaque, struct pci_function *fn, unsigned offset, unsigned size)
{
	struct i440fx *x = opaque;
	if (offset <= I440FX_PAM0 + 6 && offset + size > I440FX_PAM0)
		pam_update(x);
	if (offset <= I440FX_SMRAM && offset + size > I440FX_SMRAM)
		smram_written(x);
}

static const struct pci_function_ops i440fx_ops = {.config_written = config_written};

/* DRAM row boundaries in 8 MiB units, cumulative: all the RAM in row 0. */
static void fill_row_boundaries(struct i440fx *x)
{
	uint32_t units = (x->mem->ram_size + (8u << 20) - 1) >> 23;
	if (units > 0xFF)
		units = 0xFF;
	for (unsigned row = 0; row < 8; row++)
		pci_config_set8(x->fn, 0x60 + row, (uint8_t)units);
}

void i440fx_reset(struct i440fx *x)
{
	struct pci_function *fn = x->fn;
	for (unsigned n = 0x04; n < PCI_CONFIG_SIZE; n++) {
		pci_config_set8(fn, n, 0);
		pci_config_set_writable(fn, n, 0);
	}
	pci_config_set_header(fn, 0x8086, 0x1237, 0x060000, 0x02, 0x00);
	pci_config_set16(fn, PCI_COMMAND, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	/* Fast back-to-back capable, medium DEVSEL#; the abort bits are
	 * cleared by writing ones. */
	pci_config_set16(fn, PCI_STATUS, 0x0280);
	pci_config_set_write_clear(fn, PCI_STATUS + 1, 0xF9);
	pci_config_set_writable(fn, PCI_INTERRUPT_LINE, 0);
	pci_config_set8(fn, 0x0D, 0x00); /* latency timer */
	/* Configuration, DRAM control and timing: storage. */
	pci_config_set16(fn, 0x50, 0x0000);
	for (unsigned n = 0x50; n <= 0x58; n++)
		pci_config_set_writable(fn, n, 0xFF);
	pci_config_set8(fn, 0x57, 0x01); /* DRAMC */
	pci_config_set8(fn, 0x58, 0x10); /* DRAMT */
	pci_config_set_writable(fn, I440FX_PAM0, 0x30);
	for (unsigned n = I440FX_PAM0 + 1; n <= I440FX_PAM0 + 6; n++)
		pci_config_set_writable(fn, n, 0x33);
	fill_row_boundaries(x);
	for (unsigned n = 0x60; n <= 0x68; n++)
		pci_config_set_writable(fn, n, 0xFF);
	pci_config_set8(fn, 0x71, 0x10); /* CPU latency timer */
	pci_config_set_writable(fn, 0x70, 0xF8);
	pci_config_set_writable(fn, 0x71, 0xFF);
	pci_config_set8(fn, I440FX_SMRAM, SMRAM_C_BASE_SEG);
	pci_config_set_writable(fn, I440FX_SMRAM, SMRAM_D_OPEN | SMRAM_D_CLS | SMRAM_D_LCK | SMRAM_G_SMRAME);
	pci_config_set_writable(fn, 0x90, 0xFF); /* error command */
	pci_config_set_write_clear(fn, 0x91, 0xFF); /* error status */
	pci_config_set_writable(fn, 0x93, 0x0F); /* turbo and reset control */
	for (int n = 0; n < PAM_SEGMENTS; n++)
		segment_apply(x, &x->segment[n], 0);
}

struct i440fx *i440fx_create(struct pci_bus *pci, struct mem *mem, const uint8_t *bios)
{
	if (mem->ram_size < 0x100000u)
		return NULL;
	struct i440fx *x = calloc(1, sizeof(*x));
	if (!x)
		return NULL;
	x->mem = mem;
	x->bios = bios;
	x->fn = pci_add_function(pci, I440FX_DEVFN, &i440fx_ops, x);
	if (!x->fn) {
		free(x);
		return NULL;
	}
	for (int n = 0; n < PAM_SEGMENTS; n++) {
		struct pam_segment *s = &x->segment[n];
		s->owner = x;
		s->base = n == 0 ? 0xF0000u : I440FX_SHADOW_BASE + 0x4000u * (uint32_t)(n - 1);
		s->size = n == 0 ? 0x10000u : 0x4000u;
		/* Placeholder backing until the reset below sets the mode. */
		s->region = mem_map_ram(mem, s->base, s->size, mem->ram + s->base, "shadow");
		if (s->region < 0) {
			free(x);
			return NULL; /* the function stays registered: the machine is failing anyway */
		}
	}
	i440fx_reset(x);
	return x;
}

void i440fx_destroy(struct i440fx *x)
{
	free(x);
}
