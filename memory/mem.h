/* The physical address space: RAM, ROM and memory-mapped I/O regions.
 *
 * Everything the CPU (or a DMA-capable device) reads or writes by physical
 * address goes through here.  RAM and ROM pages can hand out host pointers,
 * which the CPU's software TLB caches; MMIO regions never do, so every
 * access to them takes the slow path through their callbacks.
 *
 * The space also keeps, per 4 KiB page, whether decoded instructions were
 * taken from it, so that a write there can tell the CPU to drop them
 * (self-modifying code). */
#ifndef GLASSPC_MEMORY_MEM_H
#define GLASSPC_MEMORY_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MEM_PAGE_SHIFT 12
#define MEM_PAGE_SIZE (1u << MEM_PAGE_SHIFT)
#define MEM_MAX_REGIONS 64

struct mmio_ops {
	/* size is 1, 2 or 4; offset is relative to the region's base. */
	uint32_t (*read)(void *opaque, uint32_t offset, unsigned size);
	void (*write)(void *opaque, uint32_t offset, uint32_t value, unsigned size);
};

enum mem_region_kind { MEM_RAM, MEM_ROM, MEM_MMIO };

struct mem_region {
	uint32_t base;
	uint32_t size; /* bytes; 0 means the region was removed */
	enum mem_region_kind kind;
	uint8_t *host; /* RAM and ROM */
	const struct mmio_ops *ops; /* MMIO */
	void *opaque;
	const char *name;
	bool disabled; /* mem_region_enable(..., false): the regions below show through */
};

/* Called when a write hits a page that holds decoded code; host points
 * at the bytes about to be written. */
typedef void mem_code_write_fn(void *opaque, const uint8_t *host, unsigned len);

struct mem {
	uint8_t *ram;
	uint32_t ram_size;
	/* Address lines that exist: 0xFFFFF on the 8086, 0xFFFFFF on the
	 * 286, all ones on the 386; bit 20 is cleared while A20 is gated. */
	uint32_t addr_mask;
	uint32_t bus_mask; /* the mask with A20 open */
	bool a20_enabled;
	/* Bumped whenever a mapping or the address mask changes, so that
	 * the CPU knows its cached host pointers went stale. */
	uint32_t generation;

	struct mem_region regions[MEM_MAX_REGIONS];
	int nregions;
	int last_hit;

	uint8_t *code_pages; /* one byte per RAM page: nonzero = holds decoded code */
	uint32_t npages;
	mem_code_write_fn *on_code_write;
	void *code_write_opaque;
};

/* Creates a space with ram_size bytes of zeroed RAM at physical 0.
 * Returns NULL (and sets errno) when the RAM cannot be allocated. */
struct mem *mem_create(uint32_t ram_size, uint32_t bus_mask);
void mem_destroy(struct mem *mem);

/* Maps a region over whatever is below it; later regions win.  ROM
 * regions are read-only for the guest (writes are dropped).  host must
 * stay valid for the life of the space.  Returns the region's number
 * (for mem_remap and mem_region_enable), or -1 if full. */
int mem_map_ram(struct mem *mem, uint32_t base, uint32_t size, uint8_t *host, const char *name);
int mem_map_rom(struct mem *mem, uint32_t base, uint32_t size, uint8_t *host, const char *name);
int mem_map_mmio(struct mem *mem, uint32_t base, uint32_t size, const struct mmio_ops *ops,
		 void *opaque, const char *name);

/* Changes what region number region maps, in place (its priority, base
 * and size stay): a chipset switching an address range between ROM and
 * RAM, as the i440FX's shadow-RAM registers do.  host is for RAM and ROM,
 * ops and opaque for MMIO.  Returns 0, or -1 for a bad region number. */
int mem_remap(struct mem *mem, int region, enum mem_region_kind kind, uint8_t *host,
	      const struct mmio_ops *ops, void *opaque);
/* A disabled region decodes nothing: the regions below it show through. */
int mem_region_enable(struct mem *mem, int region, bool enabled);

void mem_set_a20(struct mem *mem, bool enabled);

/* Translates a bus address (already masked with addr_mask) to a host
 * pointer valid for the rest of its 4 KiB page, or NULL when the page is
 * MMIO, unmapped, or (for write) ROM or code-holding. */
uint8_t *mem_page_host(struct mem *mem, uint32_t phys, bool write);

/* Slow-path accesses by physical address; addr_mask is applied here.
 * Unmapped addresses read as all ones and ignore writes. */
uint8_t mem_read8(struct mem *mem, uint32_t phys);
uint16_t mem_read16(struct mem *mem, uint32_t phys);
uint32_t mem_read32(struct mem *mem, uint32_t phys);
void mem_write8(struct mem *mem, uint32_t phys, uint8_t v);
void mem_write16(struct mem *mem, uint32_t phys, uint16_t v);
void mem_write32(struct mem *mem, uint32_t phys, uint32_t v);

/* Bulk copies for loaders and DMA (addr_mask applied per byte). */
void mem_load(struct mem *mem, uint32_t phys, const void *src, size_t len);
void mem_store(struct mem *mem, uint32_t phys, void *dst, size_t len);

/* Self-modifying-code bookkeeping. */
void mem_mark_code(struct mem *mem, uint32_t phys);
void mem_clear_code_marks(struct mem *mem);
static inline bool mem_page_has_code(const struct mem *mem, uint32_t phys)
{
	uint32_t page = phys >> MEM_PAGE_SHIFT;
	return page < mem->npages && mem->code_pages[page];
}

#endif
