/* Segment descriptors and gates (SDM Vol. 3, 3.4.5 and 5.8-5.12): decoding
 * the two words of a descriptor, and reading descriptors from the GDT,
 * LDT and IDT. */
#ifndef GLASSPC_CPU_DESCRIPTOR_H
#define GLASSPC_CPU_DESCRIPTOR_H

#include "cpu/core.h"

struct descriptor {
	uint32_t lo, hi;
};

/* System descriptor and gate types (S = 0). */
enum {
	DESC_TSS16_AVAIL = 1, DESC_LDT = 2, DESC_TSS16_BUSY = 3, DESC_CALL16 = 4, DESC_TASK = 5,
	DESC_INT16 = 6, DESC_TRAP16 = 7, DESC_TSS32_AVAIL = 9, DESC_TSS32_BUSY = 11, DESC_CALL32 = 12,
	DESC_INT32 = 14, DESC_TRAP32 = 15
};

static inline uint32_t desc_base(struct descriptor d)
{
	return (d.lo >> 16) | ((d.hi & 0xFF) << 16) | (d.hi & 0xFF000000u);
}

static inline uint32_t desc_limit(struct descriptor d)
{
	uint32_t l = (d.lo & 0xFFFF) | (d.hi & 0xF0000);
	return (d.hi & 0x00800000u) ? (l << 12) | 0xFFF : l;
}

/* The segment-cache attribute word: bits 8-23 of the high word. */
static inline uint16_t desc_attr(struct descriptor d) { return (uint16_t)((d.hi >> 8) & 0xF0FF); }
static inline unsigned desc_type(struct descriptor d) { return (d.hi >> 8) & 0xF; }
static inline bool desc_is_segment(struct descriptor d) { return d.hi & 0x1000; }
static inline bool desc_is_code(struct descriptor d) { return desc_is_segment(d) && (d.hi & 0x800); }
static inline unsigned desc_dpl(struct descriptor d) { return (d.hi >> 13) & 3; }
static inline bool desc_present(struct descriptor d) { return d.hi & 0x8000; }

/* Gates: target selector, offset, parameter count. */
static inline uint16_t gate_selector(struct descriptor d) { return (uint16_t)(d.lo >> 16); }
static inline uint32_t gate_offset(struct descriptor d, bool is32)
{
	return is32 ? (d.lo & 0xFFFF) | (d.hi & 0xFFFF0000u) : d.lo & 0xFFFF;
}
static inline unsigned gate_param_count(struct descriptor d) { return d.hi & 0x1F; }

static inline unsigned seg_dpl(const struct segment *s) { return (s->attr >> SEG_ATTR_DPL_SHIFT) & 3; }

/* Reads the descriptor a selector names from the GDT or LDT.  Returns
 * false when the selector lies beyond the table's limit (or names the
 * LDT while none is loaded); the caller raises the fault it needs. */
bool descriptor_read(struct cpu *cpu, uint16_t sel, struct descriptor *out);
/* Sets the accessed bit of a code or data descriptor in memory. */
void descriptor_set_accessed(struct cpu *cpu, uint16_t sel, struct descriptor *d);
/* Fills a segment cache from a descriptor. */
void segment_from_descriptor(struct cpu *cpu, struct segment *s, uint16_t sel, struct descriptor d);
/* Pushes a value on a stack that is not (yet) the current one, given by
 * its segment cache and pointer, as an inter-privilege transfer does;
 * #SS when it does not fit.  Returns the new stack pointer. */
uint32_t stack_push_other(struct cpu *cpu, const struct segment *ss, uint32_t sp, uint32_t v, bool is32);
/* Recomputes the fast-path limits of a segment cache for the current mode. */
void segment_update_fast_limits(const struct cpu *cpu, struct segment *s);

#endif
