/* Integer arithmetic and logic: ADD OR ADC SBB AND SUB XOR CMP TEST in all
 * their operand forms (opcodes 00-3D, 80-85, A8-A9, F6/F7 /0-/1), and
 * INC DEC NEG NOT. */
#include "cpu/core.h"

/* Computes op(a, b) on size bytes and records the flags lazily. */
static inline uint32_t alu(struct cpu *cpu, unsigned op, uint32_t a, uint32_t b, unsigned size)
{
	uint32_t m = size_mask(size), r, c;
	b &= m;
	switch (op) {
	case ALU_ADD:
		r = (a + b) & m;
		lf_add(cpu, a, b, r, size);
		return r;
	case ALU_ADC:
		c = flag_cf(cpu);
		r = (a + b + c) & m;
		lf_add(cpu, a, b, r, size);
		return r;
	case ALU_SBB:
		c = flag_cf(cpu);
		r = (a - b - c) & m;
		lf_sub(cpu, a, b, r, size);
		return r;
	case ALU_SUB:
	case ALU_CMP:
		r = (a - b) & m;
		lf_sub(cpu, a, b, r, size);
		return r;
	case ALU_OR:
		r = a | b;
		break;
	case ALU_XOR:
		r = a ^ b;
		break;
	default: /* AND, TEST */
		r = a & b;
		break;
	}
	lf_logic(cpu, r, size);
	return r;
}

/* CMP and TEST only set flags. */
static inline bool alu_writes(unsigned op)
{
	return op != ALU_CMP && op != ALU_TEST;
}

static inline void alu_rm_reg(struct cpu *cpu, const struct insn *i, unsigned size)
{
	uint32_t r = alu(cpu, i->sub, rm_read(cpu, i, size), reg_read(cpu, i->reg, size), size);
	if (alu_writes(i->sub))
		rm_write(cpu, i, size, r);
}

static inline void alu_reg_rm(struct cpu *cpu, const struct insn *i, unsigned size)
{
	uint32_t r = alu(cpu, i->sub, reg_read(cpu, i->reg, size), rm_read(cpu, i, size), size);
	if (alu_writes(i->sub))
		reg_write(cpu, i->reg, size, r);
}

static inline void alu_acc_imm(struct cpu *cpu, const struct insn *i, unsigned size)
{
	uint32_t r = alu(cpu, i->sub, reg_read(cpu, R_EAX, size), i->imm, size);
	if (alu_writes(i->sub))
		reg_write(cpu, R_EAX, size, r);
}

static inline void alu_rm_imm(struct cpu *cpu, const struct insn *i, unsigned size)
{
	uint32_t r = alu(cpu, i->sub, rm_read(cpu, i, size), i->imm, size);
	if (alu_writes(i->sub))
		rm_write(cpu, i, size, r);
}

void op_alu_EbGb(struct cpu *cpu, const struct insn *i) { alu_rm_reg(cpu, i, 1); }
void op_alu_EwGw(struct cpu *cpu, const struct insn *i) { alu_rm_reg(cpu, i, 2); }
void op_alu_EdGd(struct cpu *cpu, const struct insn *i) { alu_rm_reg(cpu, i, 4); }
void op_alu_GbEb(struct cpu *cpu, const struct insn *i) { alu_reg_rm(cpu, i, 1); }
void op_alu_GwEw(struct cpu *cpu, const struct insn *i) { alu_reg_rm(cpu, i, 2); }
void op_alu_GdEd(struct cpu *cpu, const struct insn *i) { alu_reg_rm(cpu, i, 4); }
void op_alu_ALIb(struct cpu *cpu, const struct insn *i) { alu_acc_imm(cpu, i, 1); }
void op_alu_AXIw(struct cpu *cpu, const struct insn *i) { alu_acc_imm(cpu, i, 2); }
void op_alu_EAXId(struct cpu *cpu, const struct insn *i) { alu_acc_imm(cpu, i, 4); }
void op_alu_EbIb(struct cpu *cpu, const struct insn *i) { alu_rm_imm(cpu, i, 1); }
void op_alu_EwIw(struct cpu *cpu, const struct insn *i) { alu_rm_imm(cpu, i, 2); }
void op_alu_EdId(struct cpu *cpu, const struct insn *i) { alu_rm_imm(cpu, i, 4); }

/* INC and DEC are ADD and SUB of 1 that leave CF as it was. */
static inline uint32_t inc_value(struct cpu *cpu, uint32_t a, unsigned size)
{
	bool cf = flag_cf(cpu);
	uint32_t r = (a + 1) & size_mask(size);
	lf_add(cpu, a, 1, r, size);
	lf_set_cf(cpu, cf);
	return r;
}

static inline uint32_t dec_value(struct cpu *cpu, uint32_t a, unsigned size)
{
	bool cf = flag_cf(cpu);
	uint32_t r = (a - 1) & size_mask(size);
	lf_sub(cpu, a, 1, r, size);
	lf_set_cf(cpu, cf);
	return r;
}

void op_inc_Zw(struct cpu *cpu, const struct insn *i)
{
	unsigned n = i->opcode & 7;
	reg16_set(cpu, n, (uint16_t)inc_value(cpu, reg16_get(cpu, n), 2));
}

void op_inc_Zd(struct cpu *cpu, const struct insn *i)
{
	unsigned n = i->opcode & 7;
	cpu->r[n] = inc_value(cpu, cpu->r[n], 4);
}

void op_dec_Zw(struct cpu *cpu, const struct insn *i)
{
	unsigned n = i->opcode & 7;
	reg16_set(cpu, n, (uint16_t)dec_value(cpu, reg16_get(cpu, n), 2));
}

void op_dec_Zd(struct cpu *cpu, const struct insn *i)
{
	unsigned n = i->opcode & 7;
	cpu->r[n] = dec_value(cpu, cpu->r[n], 4);
}

void op_inc_Eb(struct cpu *cpu, const struct insn *i) { rm8_write(cpu, i, (uint8_t)inc_value(cpu, rm8_read(cpu, i), 1)); }
void op_inc_Ew(struct cpu *cpu, const struct insn *i) { rm16_write(cpu, i, (uint16_t)inc_value(cpu, rm16_read(cpu, i), 2)); }
void op_inc_Ed(struct cpu *cpu, const struct insn *i) { rm32_write(cpu, i, inc_value(cpu, rm32_read(cpu, i), 4)); }
void op_dec_Eb(struct cpu *cpu, const struct insn *i) { rm8_write(cpu, i, (uint8_t)dec_value(cpu, rm8_read(cpu, i), 1)); }
void op_dec_Ew(struct cpu *cpu, const struct insn *i) { rm16_write(cpu, i, (uint16_t)dec_value(cpu, rm16_read(cpu, i), 2)); }
void op_dec_Ed(struct cpu *cpu, const struct insn *i) { rm32_write(cpu, i, dec_value(cpu, rm32_read(cpu, i), 4)); }

/* NEG is 0 - x: CF is set unless the operand was zero. */
static inline void neg_rm(struct cpu *cpu, const struct insn *i, unsigned size)
{
	uint32_t a = rm_read(cpu, i, size);
	uint32_t r = (0 - a) & size_mask(size);
	lf_sub(cpu, 0, a, r, size);
	rm_write(cpu, i, size, r);
}

void op_neg_Eb(struct cpu *cpu, const struct insn *i) { neg_rm(cpu, i, 1); }
void op_neg_Ew(struct cpu *cpu, const struct insn *i) { neg_rm(cpu, i, 2); }
void op_neg_Ed(struct cpu *cpu, const struct insn *i) { neg_rm(cpu, i, 4); }

void op_not_Eb(struct cpu *cpu, const struct insn *i) { rm8_write(cpu, i, (uint8_t)~rm8_read(cpu, i)); }
void op_not_Ew(struct cpu *cpu, const struct insn *i) { rm16_write(cpu, i, (uint16_t)~rm16_read(cpu, i)); }
void op_not_Ed(struct cpu *cpu, const struct insn *i) { rm32_write(cpu, i, ~rm32_read(cpu, i)); }
