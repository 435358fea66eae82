/* String instructions: MOVS CMPS STOS LODS SCAS INS OUTS, with REP,
 * REPE and REPNE.  The address size picks SI/DI/CX or ESI/EDI/ECX; the
 * source segment can be overridden, the destination is always ES.  Each
 * iteration commits its register updates, so an exception in the middle
 * leaves a state from which the instruction restarts correctly. */
#include "cpu/core.h"

enum string_kind { STR_MOVS, STR_CMPS, STR_STOS, STR_LODS, STR_SCAS, STR_INS, STR_OUTS };

static inline uint32_t index_get(const struct cpu *cpu, unsigned reg, const struct insn *i)
{
	return cpu->r[reg] & i->ea_mask;
}

static inline void index_advance(struct cpu *cpu, unsigned reg, const struct insn *i, unsigned size)
{
	uint32_t delta = (cpu->eflags & F_DF) ? (uint32_t)-(int32_t)size : size;
	cpu->r[reg] = (cpu->r[reg] & ~i->ea_mask) | ((cpu->r[reg] + delta) & i->ea_mask);
}

/* One iteration.  Returns the flags-relevant outcome for CMPS/SCAS
 * (true when ZF ends up set). */
static inline void string_once(struct cpu *cpu, const struct insn *i, enum string_kind kind, unsigned size)
{
	uint32_t a, b;
	switch (kind) {
	case STR_MOVS:
		a = mem_read_sized(cpu, i->seg, index_get(cpu, R_ESI, i), size);
		mem_write_sized(cpu, S_ES, index_get(cpu, R_EDI, i), size, a);
		index_advance(cpu, R_ESI, i, size);
		index_advance(cpu, R_EDI, i, size);
		break;
	case STR_CMPS:
		a = mem_read_sized(cpu, i->seg, index_get(cpu, R_ESI, i), size);
		b = mem_read_sized(cpu, S_ES, index_get(cpu, R_EDI, i), size);
		lf_sub(cpu, a, b, (a - b) & size_mask(size), size);
		index_advance(cpu, R_ESI, i, size);
		index_advance(cpu, R_EDI, i, size);
		break;
	case STR_STOS:
		mem_write_sized(cpu, S_ES, index_get(cpu, R_EDI, i), size, reg_read(cpu, R_EAX, size));
		index_advance(cpu, R_EDI, i, size);
		break;
	case STR_LODS:
		reg_write(cpu, R_EAX, size, mem_read_sized(cpu, i->seg, index_get(cpu, R_ESI, i), size));
		index_advance(cpu, R_ESI, i, size);
		break;
	case STR_SCAS:
		a = reg_read(cpu, R_EAX, size);
		b = mem_read_sized(cpu, S_ES, index_get(cpu, R_EDI, i), size);
		lf_sub(cpu, a, b, (a - b) & size_mask(size), size);
		index_advance(cpu, R_EDI, i, size);
		break;
	case STR_INS:
		/* SDM: the destination is checked before the port is read. */
		cpu_check_write(cpu, S_ES, index_get(cpu, R_EDI, i), size);
		a = cpu_port_in(cpu, reg16_get(cpu, R_EDX), size);
		mem_write_sized(cpu, S_ES, index_get(cpu, R_EDI, i), size, a);
		index_advance(cpu, R_EDI, i, size);
		break;
	case STR_OUTS:
		a = mem_read_sized(cpu, i->seg, index_get(cpu, R_ESI, i), size);
		cpu_port_out(cpu, reg16_get(cpu, R_EDX), a, size);
		index_advance(cpu, R_ESI, i, size);
		break;
	}
}

static inline void string_op(struct cpu *cpu, const struct insn *i, enum string_kind kind, unsigned size)
{
	if (!(i->flags & (I_REP | I_REPNE))) {
		string_once(cpu, i, kind, size);
		return;
	}
	bool conditional = kind == STR_CMPS || kind == STR_SCAS;
	/* F3 repeats while ZF = 1 (REPE), F2 while ZF = 0 (REPNE); for the
	 * other string instructions both mean plain REP. */
	bool want_zf = (i->flags & I_REP) != 0;
	while (cpu->r[R_ECX] & i->ea_mask) {
		string_once(cpu, i, kind, size);
		uint32_t count = (cpu->r[R_ECX] - 1) & i->ea_mask;
		cpu->r[R_ECX] = (cpu->r[R_ECX] & ~i->ea_mask) | count;
		if (conditional && flag_zf(cpu) != want_zf)
			break;
	}
}

void op_movsb(struct cpu *cpu, const struct insn *i) { string_op(cpu, i, STR_MOVS, 1); }
void op_movsw(struct cpu *cpu, const struct insn *i) { string_op(cpu, i, STR_MOVS, 2); }
void op_movsd(struct cpu *cpu, const struct insn *i) { string_op(cpu, i, STR_MOVS, 4); }
void op_cmpsb(struct cpu *cpu, const struct insn *i) { string_op(cpu, i, STR_CMPS, 1); }
void op_cmpsw(struct cpu *cpu, const struct insn *i) { string_op(cpu, i, STR_CMPS, 2); }
void op_cmpsd(struct cpu *cpu, const struct insn *i) { string_op(cpu, i, STR_CMPS, 4); }
void op_stosb(struct cpu *cpu, const struct insn *i) { string_op(cpu, i, STR_STOS, 1); }
void op_stosw(struct cpu *cpu, const struct insn *i) { string_op(cpu, i, STR_STOS, 2); }
void op_stosd(struct cpu *cpu, const struct insn *i) { string_op(cpu, i, STR_STOS, 4); }
void op_lodsb(struct cpu *cpu, const struct insn *i) { string_op(cpu, i, STR_LODS, 1); }
void op_lodsw(struct cpu *cpu, const struct insn *i) { string_op(cpu, i, STR_LODS, 2); }
void op_lodsd(struct cpu *cpu, const struct insn *i) { string_op(cpu, i, STR_LODS, 4); }
void op_scasb(struct cpu *cpu, const struct insn *i) { string_op(cpu, i, STR_SCAS, 1); }
void op_scasw(struct cpu *cpu, const struct insn *i) { string_op(cpu, i, STR_SCAS, 2); }
void op_scasd(struct cpu *cpu, const struct insn *i) { string_op(cpu, i, STR_SCAS, 4); }
void op_insb(struct cpu *cpu, const struct insn *i) { string_op(cpu, i, STR_INS, 1); }
void op_insw(struct cpu *cpu, const struct insn *i) { string_op(cpu, i, STR_INS, 2); }
void op_insd(struct cpu *cpu, const struct insn *i) { string_op(cpu, i, STR_INS, 4); }
void op_outsb(struct cpu *cpu, const struct insn *i) { string_op(cpu, i, STR_OUTS, 1); }
void op_outsw(struct cpu *cpu, const struct insn *i) { string_op(cpu, i, STR_OUTS, 2); }
void op_outsd(struct cpu *cpu, const struct insn *i) { string_op(cpu, i, STR_OUTS, 4); }
