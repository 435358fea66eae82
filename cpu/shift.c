/* Shifts and rotates: the C0/C1/D0-D3 group (ROL ROR RCL RCR SHL SHR
 * SAR and the 8086's SETMO/SETMOC), SHLD and SHRD. */
#include "cpu/core.h"

/* The count operand: 1 for D0/D1, CL for D2/D3, imm8 for C0/C1.  The
 * 80186 and later mask it to 5 bits (SDM: "The count is masked to 5
 * bits"); the 8086 uses all 8. */
static ALWAYS_INLINE unsigned shift_count(const struct cpu *cpu, const struct insn *i)
{
	unsigned count;
	switch (i->opcode & 0xFE) {
	case 0xD0: count = 1; break;
	case 0xD2: count = reg8_get(cpu, 1); break;
	default: count = i->imm & 0xFF; break;
	}
	return cpu->model >= CPU_186 ? count & 31 : count;
}

/* Sets the result flags of a shift: SF ZF PF from the result, CF and
 * OF as given, AF cleared (it is undefined). */
static ALWAYS_INLINE void shift_flags(struct cpu *cpu, uint32_t r, unsigned size, bool cf, bool of)
{
	cpu->lf_res = sext(r, size);
	cpu->lf_aux = ((uint32_t)cf << 31) | ((uint32_t)(cf ^ of) << 30);
}

static ALWAYS_INLINE uint32_t shift_value(struct cpu *cpu, unsigned op, uint32_t a, unsigned count, unsigned size)
{
	unsigned bits = size * 8;
	uint32_t m = size_mask(size), msb = 1u << (bits - 1), r;
	bool cf, of;

	switch (op) {
	case SH_ROL: {
		unsigned n = count % bits;
		r = n ? ((a << n) | (a >> (bits - n))) & m : a;
		cf = r & 1;
		of = ((r & msb) != 0) != cf;
		lf_set_cf_of(cpu, cf, of);
		return r;
	}
	case SH_ROR: {
		unsigned n = count % bits;
		r = n ? ((a >> n) | (a << (bits - n))) & m : a;
		cf = (r & msb) != 0;
		of = cf != ((r & (msb >> 1)) != 0);
		lf_set_cf_of(cpu, cf, of);
		return r;
	}
	case SH_RCL: {
		/* Rotation through CF is a rotation of bits + 1 bits. */
		unsigned n = count % (bits + 1);
		cf = flag_cf(cpu);
		r = a;
		for (unsigned k = 0; k < n; k++) {
			bool out = (r & msb) != 0;
			r = ((r << 1) | cf) & m;
			cf = out;
		}
		of = ((r & msb) != 0) != cf;
		lf_set_cf_of(cpu, cf, of);
		return r;
	}
	case SH_RCR: {
		unsigned n = count % (bits + 1);
		cf = flag_cf(cpu);
		r = a;
		for (unsigned k = 0; k < n; k++) {
			bool out = r & 1;
			r = (r >> 1) | (cf ? msb : 0);
			cf = out;
		}
		of = ((r & msb) != 0) != ((r & (msb >> 1)) != 0);
		lf_set_cf_of(cpu, cf, of);
		return r;
	}
	case SH_SHL:
		r = count < bits ? (a << count) & m : 0;
		cf = count <= bits ? (a >> (bits - count)) & 1 : 0;
		of = ((r & msb) != 0) != cf;
		shift_flags(cpu, r, size, cf, of);
		return r;
	case SH_SHR:
		r = count < bits ? a >> count : 0;
		cf = count <= bits ? (a >> (count - 1)) & 1 : 0;
		of = (a & msb) != 0;
		shift_flags(cpu, r, size, cf, of);
		return r;
	case SH_SAR: {
		uint32_t s = sext(a, size);
		if (count >= bits) {
			r = (a & msb) ? m : 0;
			cf = (a & msb) != 0;
		} else {
			r = (uint32_t)((int32_t)s >> count) & m;
			cf = (s >> (count - 1)) & 1;
		}
		shift_flags(cpu, r, size, cf, false);
		return r;
	}
	default: /* SH_SETMO: the 8086's /6 sets the operand to all ones. */
		r = m;
		lf_logic(cpu, r, size);
		return r;
	}
}

static inline void shift_rm(struct cpu *cpu, const struct insn *i, unsigned size)
{
	unsigned count = shift_count(cpu, i);
	if (count == 0)
		return;
	rm_write(cpu, i, size, shift_value(cpu, i->sub, rm_read(cpu, i, size), count, size));
}

static NOINLINE void shift_rm_any(struct cpu *cpu, const struct insn *i, unsigned size)
{
	shift_rm(cpu, i, size);
}

void op_shift_Eb(struct cpu *cpu, const struct insn *i) { shift_rm_any(cpu, i, 1); }
void op_shift_Ew(struct cpu *cpu, const struct insn *i) { shift_rm_any(cpu, i, 2); }
void op_shift_Ed(struct cpu *cpu, const struct insn *i) { shift_rm_any(cpu, i, 4); }

/* One handler per operation, size and operand kind (shift_specialise):
 * with all three constant, the rotate's modulo and the flag work fold. */
static ALWAYS_INLINE void shift_rm_k(struct cpu *cpu, const struct insn *i, unsigned op, unsigned size, bool mem)
{
	unsigned count = shift_count(cpu, i);
	if (count == 0)
		return;
	rmk_write(cpu, i, size, mem, shift_value(cpu, op, rmk_read(cpu, i, size, mem), count, size));
}

#define SHIFT_KIND(op, name, size, sfx)                                                           \
	static void shift_##name##_##sfx##_r(struct cpu *cpu, const struct insn *i) { shift_rm_k(cpu, i, op, size, false); } \
	static void shift_##name##_##sfx##_m(struct cpu *cpu, const struct insn *i) { shift_rm_k(cpu, i, op, size, true); }
#define SHIFT_SPECIAL(op, name) SHIFT_KIND(op, name, 1, b) SHIFT_KIND(op, name, 2, w) SHIFT_KIND(op, name, 4, d)
SHIFT_SPECIAL(SH_ROL, rol) SHIFT_SPECIAL(SH_ROR, ror) SHIFT_SPECIAL(SH_RCL, rcl) SHIFT_SPECIAL(SH_RCR, rcr)
SHIFT_SPECIAL(SH_SHL, shl) SHIFT_SPECIAL(SH_SHR, shr) SHIFT_SPECIAL(SH_SAR, sar)

#define SHIFT_ROW(name)                                                                           \
	{{shift_##name##_b_r, shift_##name##_b_m}, {shift_##name##_w_r, shift_##name##_w_m},       \
	 {shift_##name##_d_r, shift_##name##_d_m}}
/* [op][size 1, 2, 4][memory operand]; SETMO (the 8086's /6) keeps the
 * generic handler. */
static insn_fn *const shift_special[SH_SAR + 1][3][2] = {
	[SH_ROL] = SHIFT_ROW(rol), [SH_ROR] = SHIFT_ROW(ror), [SH_RCL] = SHIFT_ROW(rcl),
	[SH_RCR] = SHIFT_ROW(rcr), [SH_SHL] = SHIFT_ROW(shl), [SH_SHR] = SHIFT_ROW(shr),
	[SH_SAR] = SHIFT_ROW(sar),
};

insn_fn *shift_specialise(const struct insn *i)
{
	unsigned size;
	if (i->fn == op_shift_Eb)
		size = 0;
	else if (i->fn == op_shift_Ew)
		size = 1;
	else if (i->fn == op_shift_Ed)
		size = 2;
	else
		return NULL;
	if (i->sub > SH_SAR)
		return NULL;
	return shift_special[i->sub][size][i->mod != 3];
}

/* SHLD/SHRD: the count is imm8 (0F A4/AC) or CL (0F A5/AD), masked to 5
 * bits.  A 16-bit operand with a count above 16 has an undefined
 * result; glasspc shifts the 48-bit pattern dest:src:dest, as the 386
 * family does. */
static unsigned shxd_count(const struct cpu *cpu, const struct insn *i)
{
	return ((i->opcode & 1) ? reg8_get(cpu, 1) : i->imm) & 31;
}

void op_shld_w(struct cpu *cpu, const struct insn *i)
{
	unsigned count = shxd_count(cpu, i);
	if (!count)
		return;
	uint32_t dest = rm16_read(cpu, i), src = reg16_get(cpu, i->reg);
	uint64_t t = ((uint64_t)dest << 32) | ((uint64_t)src << 16) | dest;
	uint32_t r = (uint32_t)((t << count) >> 32) & 0xFFFF;
	bool cf = (t >> (48 - count)) & 1;
	shift_flags(cpu, r, 2, cf, ((r ^ dest) & 0x8000) != 0);
	rm16_write(cpu, i, (uint16_t)r);
}

void op_shld_d(struct cpu *cpu, const struct insn *i)
{
	unsigned count = shxd_count(cpu, i);
	if (!count)
		return;
	uint32_t dest = rm32_read(cpu, i), src = cpu->r[i->reg];
	uint32_t r = (uint32_t)((((uint64_t)dest << 32) | src) << count >> 32);
	bool cf = (dest >> (32 - count)) & 1;
	shift_flags(cpu, r, 4, cf, ((r ^ dest) & 0x80000000u) != 0);
	rm32_write(cpu, i, r);
}

void op_shrd_w(struct cpu *cpu, const struct insn *i)
{
	unsigned count = shxd_count(cpu, i);
	if (!count)
		return;
	uint32_t dest = rm16_read(cpu, i), src = reg16_get(cpu, i->reg);
	uint64_t t = ((uint64_t)dest << 32) | ((uint64_t)src << 16) | dest;
	uint32_t r = (uint32_t)(t >> count) & 0xFFFF;
	bool cf = (t >> (count - 1)) & 1;
	shift_flags(cpu, r, 2, cf, ((r ^ dest) & 0x8000) != 0);
	rm16_write(cpu, i, (uint16_t)r);
}

void op_shrd_d(struct cpu *cpu, const struct insn *i)
{
	unsigned count = shxd_count(cpu, i);
	if (!count)
		return;
	uint32_t dest = rm32_read(cpu, i), src = cpu->r[i->reg];
	uint32_t r = (uint32_t)((((uint64_t)src << 32) | dest) >> count);
	bool cf = (dest >> (count - 1)) & 1;
	shift_flags(cpu, r, 4, cf, ((r ^ dest) & 0x80000000u) != 0);
	rm32_write(cpu, i, r);
}
