/* Bit instructions of the 386: BT BTS BTR BTC, BSF BSR, SETcc. */
#include "cpu/core.h"

static uint32_t bit_apply(unsigned op, uint32_t v, uint32_t mask)
{
	switch (op) {
	case BT_SET: return v | mask;
	case BT_RESET: return v & ~mask;
	case BT_COMPLEMENT: return v ^ mask;
	default: return v;
	}
}

/* BT family with a register bit offset.  With a memory operand the
 * offset is signed and may address any bit relative to the operand
 * (SDM: "the bit offset can range from -2^31 to 2^31 - 1"). */
static void bt_reg_offset(struct cpu *cpu, const struct insn *i, unsigned size)
{
	unsigned bits = size * 8;
	uint32_t offset = reg_read(cpu, i->reg, size);
	uint32_t v, r, mask;
	if (i->mod == 3) {
		mask = 1u << (offset & (bits - 1));
		v = reg_read(cpu, i->rm, size);
		r = bit_apply(i->sub, v, mask);
		if (i->sub != BT_TEST)
			reg_write(cpu, i->rm, size, r);
	} else {
		int32_t soff = (int32_t)sext(offset, size);
		int32_t unit = soff >= 0 ? soff / (int32_t)bits : -((-(soff + 1)) / (int32_t)bits) - 1;
		uint32_t ea = (insn_ea(cpu, i) + (uint32_t)unit * size) & i->ea_mask;
		mask = 1u << (offset & (bits - 1));
		v = mem_read_sized(cpu, i->seg, ea, size);
		r = bit_apply(i->sub, v, mask);
		if (i->sub != BT_TEST)
			mem_write_sized(cpu, i->seg, ea, size, r);
	}
	lf_set_cf(cpu, (v & mask) != 0);
}

static void bt_imm_offset(struct cpu *cpu, const struct insn *i, unsigned size)
{
	uint32_t mask = 1u << (i->imm & (size * 8 - 1));
	uint32_t v = rm_read(cpu, i, size);
	if (i->sub != BT_TEST)
		rm_write(cpu, i, size, bit_apply(i->sub, v, mask));
	lf_set_cf(cpu, (v & mask) != 0);
}

void op_bt_EwGw(struct cpu *cpu, const struct insn *i) { bt_reg_offset(cpu, i, 2); }
void op_bt_EdGd(struct cpu *cpu, const struct insn *i) { bt_reg_offset(cpu, i, 4); }
void op_bt_EwIb(struct cpu *cpu, const struct insn *i) { bt_imm_offset(cpu, i, 2); }
void op_bt_EdIb(struct cpu *cpu, const struct insn *i) { bt_imm_offset(cpu, i, 4); }

/* BSF/BSR: ZF = 1 and the destination unchanged when the source is 0
 * (the SDM says undefined; every Intel CPU leaves it unchanged). */
static void bit_scan(struct cpu *cpu, const struct insn *i, unsigned size, bool reverse)
{
	uint32_t v = rm_read(cpu, i, size);
	if (v == 0) {
		lf_update(cpu, F_ZF, F_ZF);
		return;
	}
	unsigned n = 0;
	if (reverse) {
		for (n = size * 8 - 1; !(v >> n & 1); n--)
			;
	} else {
		for (n = 0; !(v >> n & 1); n++)
			;
	}
	reg_write(cpu, i->reg, size, n);
	lf_update(cpu, F_ZF, 0);
}

void op_bsf_w(struct cpu *cpu, const struct insn *i) { bit_scan(cpu, i, 2, false); }
void op_bsf_d(struct cpu *cpu, const struct insn *i) { bit_scan(cpu, i, 4, false); }
void op_bsr_w(struct cpu *cpu, const struct insn *i) { bit_scan(cpu, i, 2, true); }
void op_bsr_d(struct cpu *cpu, const struct insn *i) { bit_scan(cpu, i, 4, true); }

void op_setcc(struct cpu *cpu, const struct insn *i) { rm8_write(cpu, i, cond_eval(cpu, i->sub)); }
