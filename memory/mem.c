/* The physical address space; see mem.h. */
#include "memory/mem.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct mem *mem_create(uint32_t ram_size, uint32_t bus_mask)
{
	struct mem *mem = calloc(1, sizeof(*mem));
	if (!mem)
		return NULL;
	/* One spare page past the end keeps host-pointer arithmetic for the
	 * last page inside the allocation. */
	mem->ram = calloc((size_t)ram_size + MEM_PAGE_SIZE, 1);
	mem->npages = (uint32_t)(((uint64_t)ram_size + MEM_PAGE_SIZE - 1) >> MEM_PAGE_SHIFT);
	mem->code_pages = calloc(mem->npages ? mem->npages : 1, 1);
	if (!mem->ram || !mem->code_pages) {
		mem_destroy(mem);
		errno = ENOMEM;
		return NULL;
	}
	mem->ram_size = ram_size;
	mem->bus_mask = bus_mask;
	mem->addr_mask = bus_mask;
	mem->a20_enabled = true;
	mem->last_hit = -1;
	if (ram_size)
		mem_map_ram(mem, 0, ram_size, mem->ram, "ram");
	return mem;
}

void mem_destroy(struct mem *mem)
{
	if (!mem)
		return;
	free(mem->ram);
	free(mem->code_pages);
	free(mem);
}

/* True when a newer region overlaps region i somewhere. */
static bool mem_region_shadowed(const struct mem *mem, int i)
{
	const struct mem_region *r = &mem->regions[i];
	for (int n = i + 1; n < mem->nregions; n++) {
		const struct mem_region *o = &mem->regions[n];
		if (o->disabled)
			continue;
		if (o->size && r->size && o->base - r->base < r->size)
			return true;
		if (o->size && r->size && r->base - o->base < o->size)
			return true;
	}
	return false;
}

static int mem_add_region(struct mem *mem, const struct mem_region *r)
{
	if (mem->nregions >= MEM_MAX_REGIONS)
		return -1;
	mem->regions[mem->nregions] = *r;
	mem->last_hit = -1;
	mem->generation++;
	return mem->nregions++;
}

int mem_remap(struct mem *mem, int region, enum mem_region_kind kind, uint8_t *host,
	      const struct mmio_ops *ops, void *opaque)
{
	if (region < 0 || region >= mem->nregions)
		return -1;
	struct mem_region *r = &mem->regions[region];
	r->kind = kind;
	r->host = kind == MEM_MMIO ? NULL : host;
	r->ops = kind == MEM_MMIO ? ops : NULL;
	r->opaque = kind == MEM_MMIO ? opaque : NULL;
	/* Host pointers cached by the CPU may point at the old backing. */
	mem->last_hit = -1;
	mem->generation++;
	return 0;
}

int mem_region_enable(struct mem *mem, int region, bool enabled)
{
	if (region < 0 || region >= mem->nregions)
		return -1;
	if (mem->regions[region].disabled != !enabled) {
		mem->regions[region].disabled = !enabled;
		mem->last_hit = -1;
		mem->generation++;
	}
	return 0;
}

int mem_map_ram(struct mem *mem, uint32_t base, uint32_t size, uint8_t *host, const char *name)
{
	struct mem_region r = {.base = base, .size = size, .kind = MEM_RAM, .host = host, .name = name};
	return mem_add_region(mem, &r);
}

int mem_map_rom(struct mem *mem, uint32_t base, uint32_t size, uint8_t *host, const char *name)
{
	struct mem_region r = {.base = base, .size = size, .kind = MEM_ROM, .host = host, .name = name};
	return mem_add_region(mem, &r);
}

int mem_map_mmio(struct mem *mem, uint32_t base, uint32_t size, const struct mmio_ops *ops,
		 void *opaque, const char *name)
{
	struct mem_region r = {.base = base, .size = size, .kind = MEM_MMIO, .ops = ops, .opaque = opaque, .name = name};
	return mem_add_region(mem, &r);
}

void mem_set_a20(struct mem *mem, bool enabled)
{
	if (mem->a20_enabled == enabled)
		return;
	mem->a20_enabled = enabled;
	mem->addr_mask = enabled ? mem->bus_mask : (mem->bus_mask & ~(1u << 20));
	mem->generation++;
}

/* Newest region containing phys, or NULL.  The last hit is reused only
 * when no newer region overlaps it (RAM with ROM mapped over part of it
 * is never cached that way), so the newest region always wins. */
static struct mem_region *mem_find(struct mem *mem, uint32_t phys)
{
	if (mem->last_hit >= 0) {
		struct mem_region *r = &mem->regions[mem->last_hit];
		if (phys - r->base < r->size)
			return r;
	}
	for (int i = mem->nregions - 1; i >= 0; i--) {
		struct mem_region *r = &mem->regions[i];
		if (!r->disabled && phys - r->base < r->size) {
			if (!mem_region_shadowed(mem, i))
				mem->last_hit = i;
			return r;
		}
	}
	return NULL;
}

uint8_t *mem_page_host(struct mem *mem, uint32_t phys, bool write)
{
	uint32_t page = phys & ~(MEM_PAGE_SIZE - 1);
	struct mem_region *r = mem_find(mem, page);
	if (!r || r->kind == MEM_MMIO)
		return NULL;
	/* A region must cover the whole page to hand out a page pointer. */
	if (page - r->base > r->size - MEM_PAGE_SIZE || r->size < MEM_PAGE_SIZE)
		return NULL;
	/* The newest region at the page start must also be the newest at
	 * its end (no smaller region mapped over part of the page). */
	if (mem_find(mem, page + MEM_PAGE_SIZE - 1) != r)
		return NULL;
	if (write && (r->kind == MEM_ROM || mem_page_has_code(mem, page)))
		return NULL;
	return r->host + (page - r->base);
}

static void mem_code_check(struct mem *mem, uint32_t phys, const uint8_t *host, unsigned len)
{
	if (mem_page_has_code(mem, phys) && mem->on_code_write)
		mem->on_code_write(mem->code_write_opaque, host, len);
}

uint8_t mem_read8(struct mem *mem, uint32_t phys)
{
	phys &= mem->addr_mask;
	struct mem_region *r = mem_find(mem, phys);
	if (!r)
		return 0xFF;
	if (r->kind == MEM_MMIO)
		return (uint8_t)r->ops->read(r->opaque, phys - r->base, 1);
	return r->host[phys - r->base];
}

void mem_write8(struct mem *mem, uint32_t phys, uint8_t v)
{
	phys &= mem->addr_mask;
	struct mem_region *r = mem_find(mem, phys);
	if (!r)
		return;
	switch (r->kind) {
	case MEM_MMIO:
		r->ops->write(r->opaque, phys - r->base, v, 1);
		break;
	case MEM_RAM:
		mem_code_check(mem, phys, &r->host[phys - r->base], 1);
		r->host[phys - r->base] = v;
		break;
	case MEM_ROM:
		break;
	}
}

/* Multi-byte accesses: MMIO regions get one access of the full width
 * when it fits inside them; everything else is assembled from bytes. */
static bool mem_mmio_whole(struct mem *mem, uint32_t phys, unsigned size, struct mem_region **out)
{
	struct mem_region *r = mem_find(mem, phys);
	if (r && r->kind == MEM_MMIO && phys - r->base <= r->size - size && ((phys + size - 1) & mem->addr_mask) == phys + size - 1) {
		*out = r;
		return true;
	}
	return false;
}

uint16_t mem_read16(struct mem *mem, uint32_t phys)
{
	struct mem_region *r;
	phys &= mem->addr_mask;
	if (mem_mmio_whole(mem, phys, 2, &r))
		return (uint16_t)r->ops->read(r->opaque, phys - r->base, 2);
	return (uint16_t)(mem_read8(mem, phys) | mem_read8(mem, phys + 1) << 8);
}

uint32_t mem_read32(struct mem *mem, uint32_t phys)
{
	struct mem_region *r;
	phys &= mem->addr_mask;
	if (mem_mmio_whole(mem, phys, 4, &r))
		return r->ops->read(r->opaque, phys - r->base, 4);
	return (uint32_t)mem_read16(mem, phys) | (uint32_t)mem_read16(mem, phys + 2) << 16;
}

void mem_write16(struct mem *mem, uint32_t phys, uint16_t v)
{
	struct mem_region *r;
	phys &= mem->addr_mask;
	if (mem_mmio_whole(mem, phys, 2, &r)) {
		r->ops->write(r->opaque, phys - r->base, v, 2);
		return;
	}
	mem_write8(mem, phys, (uint8_t)v);
	mem_write8(mem, phys + 1, (uint8_t)(v >> 8));
}

void mem_write32(struct mem *mem, uint32_t phys, uint32_t v)
{
	struct mem_region *r;
	phys &= mem->addr_mask;
	if (mem_mmio_whole(mem, phys, 4, &r)) {
		r->ops->write(r->opaque, phys - r->base, v, 4);
		return;
	}
	mem_write16(mem, phys, (uint16_t)v);
	mem_write16(mem, phys + 2, (uint16_t)(v >> 16));
}

void mem_load(struct mem *mem, uint32_t phys, const void *src, size_t len)
{
	const uint8_t *s = src;
	for (size_t i = 0; i < len; i++)
		mem_write8(mem, phys + (uint32_t)i, s[i]);
}

void mem_store(struct mem *mem, uint32_t phys, void *dst, size_t len)
{
	uint8_t *d = dst;
	for (size_t i = 0; i < len; i++)
		d[i] = mem_read8(mem, phys + (uint32_t)i);
}

void mem_mark_code(struct mem *mem, uint32_t phys)
{
	uint32_t page = phys >> MEM_PAGE_SHIFT;
	if (page < mem->npages && !mem->code_pages[page]) {
		mem->code_pages[page] = 1;
		/* Cached write pointers to this page must be dropped. */
		mem->generation++;
	}
}

void mem_clear_code_marks(struct mem *mem)
{
	memset(mem->code_pages, 0, mem->npages);
}
