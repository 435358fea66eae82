/* The CPU's side of the debugger: the maps of linear pages whose
 * instructions or data accesses a debugger wants to see; see struct
 * cpu_debug in cpu.h. */
#include "cpu/core.h"
#include "cpu/icache.h"

#include <stdlib.h>

#define PAGE_MAP_BYTES ((1u << (32 - MEM_PAGE_SHIFT)) / 8)

static int mark(uint8_t **map, uint32_t lin, bool marked)
{
	if (!*map) {
		if (!marked)
			return 0;
		*map = calloc(PAGE_MAP_BYTES, 1);
		if (!*map)
			return -1;
	}
	uint32_t page = lin >> MEM_PAGE_SHIFT;
	if (marked)
		(*map)[page >> 3] |= (uint8_t)(1u << (page & 7));
	else
		(*map)[page >> 3] &= (uint8_t)~(1u << (page & 7));
	return 0;
}

int cpu_debug_mark_code(struct cpu *cpu, uint32_t lin, bool marked)
{
	int r = mark(&cpu->debug.code_pages, lin, marked);
	cpu->fetch_eip_len = 0; /* the window may cover the page */
	icache_flush(cpu->icache); /* decodes that may_break_at filtered */
	return r;
}

int cpu_debug_mark_data(struct cpu *cpu, uint32_t lin, bool marked)
{
	int r = mark(&cpu->debug.data_pages, lin, marked);
	cpu_tlb_flush(cpu); /* no TLB entry may reach a watched page */
	return r;
}

void cpu_debug_watch_all_data(struct cpu *cpu, bool on)
{
	cpu->debug.all_data = on;
	cpu_tlb_flush(cpu);
}

void cpu_debug_check_all_code(struct cpu *cpu, bool on)
{
	cpu->debug.all_code = on;
	cpu->fetch_eip_len = 0;
	icache_flush(cpu->icache);
}

void cpu_debug_skip_breakpoint_once(struct cpu *cpu, uint32_t lin)
{
	cpu->debug.resume_lin = lin;
	cpu->debug.resume_skip = true;
}
