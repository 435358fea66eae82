/* Integer arithmetic and logic: ADD OR ADC SBB AND SUB XOR CMP TEST in all
 * their operand forms (opcodes 00-3D, 80-85, A8-A9, F6/F7 /0-/1), and
 * INC DEC NEG NOT. */
#include "cpu/core.h"

/* Computes op(a, b) on size bytes and records the flags lazily. */
static ALWAYS_INLINE uint32_t alu(struct cpu *cpu, unsigned op, uint32_t a, uint32_t b, unsigned size)
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

/* The same with the operation, the size and the kind of the r/m operand
 * fixed at decode time (alu_specialise). */
static ALWAYS_INLINE void alu_rm_reg_k(struct cpu *cpu, const struct insn *i, unsigned op, unsigned size, bool mem)
{
	uint32_t r = alu(cpu, op, rmk_read(cpu, i, size, mem), reg_read(cpu, i->reg, size), size);
	if (alu_writes(op))
		rmk_write(cpu, i, size, mem, r);
}

static ALWAYS_INLINE void alu_reg_rm_k(struct cpu *cpu, const struct insn *i, unsigned op, unsigned size, bool mem)
{
	uint32_t r = alu(cpu, op, reg_read(cpu, i->reg, size), rmk_read(cpu, i, size, mem), size);
	if (alu_writes(op))
		reg_write(cpu, i->reg, size, r);
}

static ALWAYS_INLINE void alu_rm_imm_k(struct cpu *cpu, const struct insn *i, unsigned op, unsigned size, bool mem)
{
	uint32_t r = alu(cpu, op, rmk_read(cpu, i, size, mem), i->imm, size);
	if (alu_writes(op))
		rmk_write(cpu, i, size, mem, r);
}

static ALWAYS_INLINE void alu_acc_imm_k(struct cpu *cpu, const struct insn *i, unsigned op, unsigned size)
{
	uint32_t r = alu(cpu, op, reg_read(cpu, R_EAX, size), i->imm, size);
	if (alu_writes(op))
		reg_write(cpu, R_EAX, size, r);
}

#define ALU_KIND(op, name, form, how, size)                                                      \
	static void alu_##name##_##form##_r(struct cpu *cpu, const struct insn *i) { how(cpu, i, op, size, false); } \
	static void alu_##name##_##form##_m(struct cpu *cpu, const struct insn *i) { how(cpu, i, op, size, true); }
#define ALU_SPECIAL(op, name)                                                                    \
	ALU_KIND(op, name, EbGb, alu_rm_reg_k, 1) ALU_KIND(op, name, EwGw, alu_rm_reg_k, 2)       \
	ALU_KIND(op, name, EdGd, alu_rm_reg_k, 4) ALU_KIND(op, name, GbEb, alu_reg_rm_k, 1)       \
	ALU_KIND(op, name, GwEw, alu_reg_rm_k, 2) ALU_KIND(op, name, GdEd, alu_reg_rm_k, 4)       \
	ALU_KIND(op, name, EbIb, alu_rm_imm_k, 1) ALU_KIND(op, name, EwIw, alu_rm_imm_k, 2)       \
	ALU_KIND(op, name, EdId, alu_rm_imm_k, 4)                                                 \
	static void alu_##name##_ALIb(struct cpu *cpu, const struct insn *i) { alu_acc_imm_k(cpu, i, op, 1); } \
	static void alu_##name##_AXIw(struct cpu *cpu, const struct insn *i) { alu_acc_imm_k(cpu, i, op, 2); } \
	static void alu_##name##_EAXId(struct cpu *cpu, const struct insn *i) { alu_acc_imm_k(cpu, i, op, 4); }
ALU_SPECIAL(ALU_ADD, add) ALU_SPECIAL(ALU_OR, or) ALU_SPECIAL(ALU_ADC, adc) ALU_SPECIAL(ALU_SBB, sbb)
ALU_SPECIAL(ALU_AND, and) ALU_SPECIAL(ALU_SUB, sub) ALU_SPECIAL(ALU_XOR, xor) ALU_SPECIAL(ALU_CMP, cmp)
ALU_SPECIAL(ALU_TEST, test)

/* [op][form][memory operand], forms in the order of alu_forms. */
#define ALU_ROW(name)                                                                            \
	{{alu_##name##_EbGb_r, alu_##name##_EbGb_m}, {alu_##name##_EwGw_r, alu_##name##_EwGw_m},   \
	 {alu_##name##_EdGd_r, alu_##name##_EdGd_m}, {alu_##name##_GbEb_r, alu_##name##_GbEb_m},   \
	 {alu_##name##_GwEw_r, alu_##name##_GwEw_m}, {alu_##name##_GdEd_r, alu_##name##_GdEd_m},   \
	 {alu_##name##_EbIb_r, alu_##name##_EbIb_m}, {alu_##name##_EwIw_r, alu_##name##_EwIw_m},   \
	 {alu_##name##_EdId_r, alu_##name##_EdId_m}, {alu_##name##_ALIb, alu_##name##_ALIb},       \
	 {alu_##name##_AXIw, alu_##name##_AXIw}, {alu_##name##_EAXId, alu_##name##_EAXId}}
static insn_fn *const alu_special[ALU_TEST + 1][12][2] = {
	ALU_ROW(add), ALU_ROW(or), ALU_ROW(adc), ALU_ROW(sbb), ALU_ROW(and),
	ALU_ROW(sub), ALU_ROW(xor), ALU_ROW(cmp), ALU_ROW(test),
};

insn_fn *alu_specialise(const struct insn *i)
{
	static insn_fn *const alu_forms[12] = {
		op_alu_EbGb, op_alu_EwGw, op_alu_EdGd, op_alu_GbEb, op_alu_GwEw, op_alu_GdEd,
		op_alu_EbIb, op_alu_EwIw, op_alu_EdId, op_alu_ALIb, op_alu_AXIw, op_alu_EAXId,
	};
	if (i->sub > ALU_TEST)
		return NULL;
	for (unsigned f = 0; f < 12; f++)
		if (i->fn == alu_forms[f])
			return alu_special[i->sub][f][i->mod != 3];
	return NULL;
}

/* INC and DEC are ADD and SUB of 1 that leave CF as it was.  Their flags
 * are written straight into the lazy words: OF is set only when the
 * result crossed the sign boundary, AF when the low nibble wrapped. */
static inline uint32_t inc_value(struct cpu *cpu, uint32_t a, unsigned size)
{
	uint32_t r = (a + 1) & size_mask(size);
	uint32_t msb = 1u << (size * 8 - 1);
	uint32_t cf = cpu->lf_aux & LF_CF;
	uint32_t of = r == msb;
	cpu->lf_res = sext(r, size);
	cpu->lf_aux = cf | ((cf >> 1) ^ (of << 30)) | ((r & 0xF) == 0 ? LF_AF : 0);
	return r;
}

static inline uint32_t dec_value(struct cpu *cpu, uint32_t a, unsigned size)
{
	uint32_t r = (a - 1) & size_mask(size);
	uint32_t msb = 1u << (size * 8 - 1);
	uint32_t cf = cpu->lf_aux & LF_CF;
	uint32_t of = a == msb;
	cpu->lf_res = sext(r, size);
	cpu->lf_aux = cf | ((cf >> 1) ^ (of << 30)) | ((r & 0xF) == 0xF ? LF_AF : 0);
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
