/* Multiplication and division: MUL IMUL DIV IDIV (F6/F7), and the
 * two- and three-operand IMUL forms (0F AF, 69, 6B). */
#include "cpu/core.h"

/* MUL and IMUL define only CF and OF (set when the upper half is
 * significant).  SF ZF PF follow the low half of the result here, as on
 * the 386 family; AF is cleared. */
static void mul_flags(struct cpu *cpu, uint32_t low, unsigned size, bool overflow)
{
	cpu->lf_res = sext(low, size);
	cpu->lf_aux = overflow ? LF_CF : 0; /* CF = OF = overflow */
}

/* The 8086 negates the product of IMUL and the quotient of IDIV when the
 * instruction carries a REP prefix (a microcode side effect). */
static bool rep_negates(const struct cpu *cpu, const struct insn *i)
{
	return cpu->model == CPU_8086 && (i->flags & (I_REP | I_REPNE));
}

void op_mul_Eb(struct cpu *cpu, const struct insn *i)
{
	uint16_t r = (uint16_t)(reg8_get(cpu, R_EAX) * rm8_read(cpu, i));
	reg16_set(cpu, R_EAX, r);
	mul_flags(cpu, r & 0xFF, 1, (r >> 8) != 0);
}

void op_mul_Ew(struct cpu *cpu, const struct insn *i)
{
	uint32_t r = (uint32_t)reg16_get(cpu, R_EAX) * rm16_read(cpu, i);
	reg16_set(cpu, R_EAX, (uint16_t)r);
	reg16_set(cpu, R_EDX, (uint16_t)(r >> 16));
	mul_flags(cpu, r & 0xFFFF, 2, (r >> 16) != 0);
}

void op_mul_Ed(struct cpu *cpu, const struct insn *i)
{
	uint64_t r = (uint64_t)cpu->r[R_EAX] * rm32_read(cpu, i);
	cpu->r[R_EAX] = (uint32_t)r;
	cpu->r[R_EDX] = (uint32_t)(r >> 32);
	mul_flags(cpu, (uint32_t)r, 4, (r >> 32) != 0);
}

void op_imul_Eb(struct cpu *cpu, const struct insn *i)
{
	int32_t r = (int8_t)reg8_get(cpu, R_EAX) * (int8_t)rm8_read(cpu, i);
	if (rep_negates(cpu, i))
		r = -r;
	reg16_set(cpu, R_EAX, (uint16_t)r);
	mul_flags(cpu, (uint32_t)r & 0xFF, 1, r != (int8_t)r);
}

void op_imul_Ew(struct cpu *cpu, const struct insn *i)
{
	int32_t r = (int16_t)reg16_get(cpu, R_EAX) * (int16_t)rm16_read(cpu, i);
	if (rep_negates(cpu, i))
		r = (int32_t)(0u - (uint32_t)r);
	reg16_set(cpu, R_EAX, (uint16_t)r);
	reg16_set(cpu, R_EDX, (uint16_t)((uint32_t)r >> 16));
	mul_flags(cpu, (uint32_t)r & 0xFFFF, 2, r != (int16_t)r);
}

void op_imul_Ed(struct cpu *cpu, const struct insn *i)
{
	int64_t r = (int64_t)(int32_t)cpu->r[R_EAX] * (int32_t)rm32_read(cpu, i);
	cpu->r[R_EAX] = (uint32_t)r;
	cpu->r[R_EDX] = (uint32_t)((uint64_t)r >> 32);
	mul_flags(cpu, (uint32_t)r, 4, r != (int32_t)r);
}

static int32_t imul16(struct cpu *cpu, int16_t a, int16_t b)
{
	int32_t r = a * b;
	mul_flags(cpu, (uint32_t)r & 0xFFFF, 2, r != (int16_t)r);
	return r;
}

static int64_t imul32(struct cpu *cpu, int32_t a, int32_t b)
{
	int64_t r = (int64_t)a * b;
	mul_flags(cpu, (uint32_t)r, 4, r != (int32_t)r);
	return r;
}

void op_imul_GwEw(struct cpu *cpu, const struct insn *i)
{
	reg16_set(cpu, i->reg, (uint16_t)imul16(cpu, (int16_t)reg16_get(cpu, i->reg), (int16_t)rm16_read(cpu, i)));
}

void op_imul_GdEd(struct cpu *cpu, const struct insn *i)
{
	cpu->r[i->reg] = (uint32_t)imul32(cpu, (int32_t)cpu->r[i->reg], (int32_t)rm32_read(cpu, i));
}

void op_imul_GwEwIw(struct cpu *cpu, const struct insn *i)
{
	reg16_set(cpu, i->reg, (uint16_t)imul16(cpu, (int16_t)rm16_read(cpu, i), (int16_t)i->imm));
}

void op_imul_GdEdId(struct cpu *cpu, const struct insn *i)
{
	cpu->r[i->reg] = (uint32_t)imul32(cpu, (int32_t)rm32_read(cpu, i), (int32_t)i->imm);
}

_Noreturn static void divide_error(struct cpu *cpu)
{
	cpu_exception(cpu, EXC_DE, -1);
}

void op_div_Eb(struct cpu *cpu, const struct insn *i)
{
	uint8_t d = rm8_read(cpu, i);
	uint16_t n = reg16_get(cpu, R_EAX);
	if (d == 0 || n / d > 0xFF)
		divide_error(cpu);
	reg8_set(cpu, R_EAX, (uint8_t)(n / d));
	reg8_set(cpu, 4, (uint8_t)(n % d));
}

void op_div_Ew(struct cpu *cpu, const struct insn *i)
{
	uint16_t d = rm16_read(cpu, i);
	uint32_t n = (uint32_t)reg16_get(cpu, R_EDX) << 16 | reg16_get(cpu, R_EAX);
	if (d == 0 || n / d > 0xFFFF)
		divide_error(cpu);
	reg16_set(cpu, R_EAX, (uint16_t)(n / d));
	reg16_set(cpu, R_EDX, (uint16_t)(n % d));
}

void op_div_Ed(struct cpu *cpu, const struct insn *i)
{
	uint32_t d = rm32_read(cpu, i);
	uint64_t n = (uint64_t)cpu->r[R_EDX] << 32 | cpu->r[R_EAX];
	if (d == 0 || n / d > 0xFFFFFFFFu)
		divide_error(cpu);
	cpu->r[R_EAX] = (uint32_t)(n / d);
	cpu->r[R_EDX] = (uint32_t)(n % d);
}

/* Signed division on magnitudes.  The quotient must fit: the 286 and
 * later accept -2^(n-1), the 8086 only magnitudes up to 2^(n-1) - 1
 * (its microcode checks the unsigned quotient before negating it). */
static void idiv_common(struct cpu *cpu, const struct insn *i, int64_t n, int64_t d, unsigned bits,
			int64_t *q_out, int64_t *r_out)
{
	if (d == 0)
		divide_error(cpu);
	uint64_t un = n < 0 ? 0 - (uint64_t)n : (uint64_t)n;
	uint64_t ud = d < 0 ? 0 - (uint64_t)d : (uint64_t)d;
	uint64_t uq = un / ud, ur = un % ud;
	uint64_t max_pos = (1ull << (bits - 1)) - 1;
	bool negative = (n < 0) != (d < 0);
	if (rep_negates(cpu, i))
		negative = !negative;
	if (cpu->model == CPU_8086) {
		if (uq > max_pos)
			divide_error(cpu);
	} else if (uq > (negative ? max_pos + 1 : max_pos)) {
		divide_error(cpu);
	}
	*q_out = negative ? -(int64_t)uq : (int64_t)uq;
	*r_out = n < 0 ? -(int64_t)ur : (int64_t)ur;
}

void op_idiv_Eb(struct cpu *cpu, const struct insn *i)
{
	int64_t q, r;
	idiv_common(cpu, i, (int16_t)reg16_get(cpu, R_EAX), (int8_t)rm8_read(cpu, i), 8, &q, &r);
	reg8_set(cpu, R_EAX, (uint8_t)q);
	reg8_set(cpu, 4, (uint8_t)r);
}

void op_idiv_Ew(struct cpu *cpu, const struct insn *i)
{
	int64_t q, r;
	int32_t n = (int32_t)((uint32_t)reg16_get(cpu, R_EDX) << 16 | reg16_get(cpu, R_EAX));
	idiv_common(cpu, i, n, (int16_t)rm16_read(cpu, i), 16, &q, &r);
	reg16_set(cpu, R_EAX, (uint16_t)q);
	reg16_set(cpu, R_EDX, (uint16_t)r);
}

void op_idiv_Ed(struct cpu *cpu, const struct insn *i)
{
	int64_t q, r;
	int64_t n = (int64_t)((uint64_t)cpu->r[R_EDX] << 32 | cpu->r[R_EAX]);
	idiv_common(cpu, i, n, (int32_t)rm32_read(cpu, i), 32, &q, &r);
	cpu->r[R_EAX] = (uint32_t)q;
	cpu->r[R_EDX] = (uint32_t)r;
}
