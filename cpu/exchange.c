/* The 486 and Pentium exchange instructions: XADD, CMPXCHG, CMPXCHG8B.
 * glasspc runs one CPU, so LOCK needs nothing more than doing the
 * read-modify-write in one instruction. */
#include "cpu/core.h"

static inline void xadd(struct cpu *cpu, const struct insn *i, unsigned size)
{
	uint32_t dest = rm_read(cpu, i, size), src = reg_read(cpu, i->reg, size);
	uint32_t sum = (dest + src) & size_mask(size);
	lf_add(cpu, dest, src, sum, size);
	/* SDM XADD: TEMP = SRC + DEST; SRC = DEST; DEST = TEMP. */
	reg_write(cpu, i->reg, size, dest);
	rm_write(cpu, i, size, sum);
}

void op_xadd_Eb(struct cpu *cpu, const struct insn *i) { xadd(cpu, i, 1); }
void op_xadd_Ew(struct cpu *cpu, const struct insn *i) { xadd(cpu, i, 2); }
void op_xadd_Ed(struct cpu *cpu, const struct insn *i) { xadd(cpu, i, 4); }

/* CMPXCHG: compare the accumulator with the destination; flags as CMP.
 * The destination is written in both cases (SDM: "the processor never
 * produces a locked read without also producing a locked write"). */
static inline void cmpxchg(struct cpu *cpu, const struct insn *i, unsigned size)
{
	uint32_t dest = rm_read(cpu, i, size), acc = reg_read(cpu, R_EAX, size);
	lf_sub(cpu, acc, dest, (acc - dest) & size_mask(size), size);
	if (acc == dest) {
		rm_write(cpu, i, size, reg_read(cpu, i->reg, size));
	} else {
		rm_write(cpu, i, size, dest);
		reg_write(cpu, R_EAX, size, dest);
	}
}

void op_cmpxchg_Eb(struct cpu *cpu, const struct insn *i) { cmpxchg(cpu, i, 1); }
void op_cmpxchg_Ew(struct cpu *cpu, const struct insn *i) { cmpxchg(cpu, i, 2); }
void op_cmpxchg_Ed(struct cpu *cpu, const struct insn *i) { cmpxchg(cpu, i, 4); }

void op_cmpxchg8b(struct cpu *cpu, const struct insn *i)
{
	uint32_t ea = insn_ea(cpu, i);
	uint32_t hi_ea = (ea + 4) & i->ea_mask;
	cpu_check_write(cpu, i->seg, ea, 4);
	cpu_check_write(cpu, i->seg, hi_ea, 4);
	uint32_t lo = cpu_read32(cpu, i->seg, ea), hi = cpu_read32(cpu, i->seg, hi_ea);
	bool equal = lo == cpu->r[R_EAX] && hi == cpu->r[R_EDX];
	if (equal) {
		cpu_write32(cpu, i->seg, ea, cpu->r[R_EBX]);
		cpu_write32(cpu, i->seg, hi_ea, cpu->r[R_ECX]);
	} else {
		cpu_write32(cpu, i->seg, ea, lo);
		cpu_write32(cpu, i->seg, hi_ea, hi);
		cpu->r[R_EAX] = lo;
		cpu->r[R_EDX] = hi;
	}
	lf_update(cpu, F_ZF, equal ? F_ZF : 0);
}
