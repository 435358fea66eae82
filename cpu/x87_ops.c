/* x87 instructions on data: loads and stores, arithmetic, compares, and
 * the register-stack instructions.  The pattern of each (SDM Vol. 2 and
 * Vol. 1 8.5): x87_begin(); read memory (a fault changes nothing); check
 * the registers used for stack faults (masked response: the real
 * indefinite); compute with cpu/fpu; unless an unmasked IE, ZE or DE
 * blocks it, write the destination and pop; merge the flags and the
 * condition codes into the status word. */
#include "cpu/x87.h"

static x87_f80 indefinite(void)
{
	return x87_default_nan();
}

/* ---- arithmetic ---- */

/* dest = op(a, b) where a and b are ST(ia), ST(ib) (a is the operand
 * the SDM's FSUB and FDIV take first); pops after writing when pop. */
static void arith_regs(struct cpu *cpu, enum x87_arith op, unsigned ia, unsigned ib, unsigned dest, bool pop)
{
	if (x87_empty(cpu, ia) || x87_empty(cpu, ib)) {
		if (!x87_stack_underflow(cpu))
			return;
		x87_set_st(cpu, dest, indefinite());
	} else {
		x87_env env = x87_env_now(cpu);
		x87_f80 r = x87_arith(&env, op, x87_st(cpu, ia), x87_st(cpu, ib));
		x87_commit(cpu, &env, SW_C1);
		if (x87_blocked(&env))
			return;
		x87_set_st(cpu, dest, r);
	}
	if (pop)
		x87_pop(cpu);
}

/* D8 /r register: ST(0) = ST(0) op ST(i). */
void op_x87_arith_st(struct cpu *cpu, const struct insn *i)
{
	if (x87_begin(cpu, i, 0))
		arith_regs(cpu, i->sub, 0, i->rm, 0, false);
}

/* DC /r register: ST(i) = ST(i) op ST(0). */
void op_x87_arith_sti(struct cpu *cpu, const struct insn *i)
{
	if (x87_begin(cpu, i, 0))
		arith_regs(cpu, i->sub, i->rm, 0, i->rm, false);
}

/* DE /r register: ST(i) = ST(i) op ST(0), then pop. */
void op_x87_arith_stp(struct cpu *cpu, const struct insn *i)
{
	if (x87_begin(cpu, i, 0))
		arith_regs(cpu, i->sub, i->rm, 0, i->rm, true);
}

enum mem_kind { MEM_F32, MEM_F64, MEM_I32, MEM_I16 };

/* The memory operand's bits, read before the stack is looked at: a
 * fault on the read comes before a stack fault. */
static uint64_t read_mem_operand(struct cpu *cpu, const struct insn *i, enum mem_kind kind)
{
	switch (kind) {
	case MEM_F64: return x87_read64(cpu, i, 0);
	case MEM_I16: return cpu_read16(cpu, i->seg, insn_ea(cpu, i));
	default: return cpu_read32(cpu, i->seg, insn_ea(cpu, i));
	}
}

/* ST(0) = ST(0) op memory. */
static void arith_mem(struct cpu *cpu, const struct insn *i, enum mem_kind kind)
{
	if (!x87_begin(cpu, i, 0))
		return;
	uint64_t bits = read_mem_operand(cpu, i, kind);
	if (x87_empty(cpu, 0)) {
		if (x87_stack_underflow(cpu))
			x87_set_st(cpu, 0, indefinite());
		return;
	}
	x87_env env = x87_env_now(cpu);
	x87_f80 st = x87_st(cpu, 0), r;
	switch (kind) {
	case MEM_F32: r = x87_arith_f32(&env, i->sub, st, (uint32_t)bits); break;
	case MEM_F64: r = x87_arith_f64(&env, i->sub, st, bits); break;
	case MEM_I32: r = x87_arith(&env, i->sub, st, x87_from_int32((int32_t)(uint32_t)bits)); break;
	default: r = x87_arith(&env, i->sub, st, x87_from_int16((int16_t)(uint16_t)bits)); break;
	}
	x87_commit(cpu, &env, SW_C1);
	if (!x87_blocked(&env))
		x87_set_st(cpu, 0, r);
}

void op_x87_arith_m32f(struct cpu *cpu, const struct insn *i) { arith_mem(cpu, i, MEM_F32); }
void op_x87_arith_m64f(struct cpu *cpu, const struct insn *i) { arith_mem(cpu, i, MEM_F64); }
void op_x87_arith_m32i(struct cpu *cpu, const struct insn *i) { arith_mem(cpu, i, MEM_I32); }
void op_x87_arith_m16i(struct cpu *cpu, const struct insn *i) { arith_mem(cpu, i, MEM_I16); }

/* ---- compares ---- */

/* Sets C3 C2 C0 from a relation, C1 = 0, and pops. */
static void compare_done(struct cpu *cpu, enum x87_relation rel, unsigned how)
{
	struct cpu_x87 *f = &cpu->x87;
	f->status = (uint16_t)((f->status & ~SW_CC) | x87_relation_cc(rel));
	if (how & (X87_CMP_POP | X87_CMP_POP2))
		x87_pop(cpu);
	if (how & X87_CMP_POP2)
		x87_pop(cpu);
}

/* FCOM/FCOMP/FCOMPP/FUCOM/FUCOMP/FUCOMPP ST(i) (FCOMPP: ST(1)). */
void op_x87_com_sti(struct cpu *cpu, const struct insn *i)
{
	if (!x87_begin(cpu, i, 0))
		return;
	if (x87_empty(cpu, 0) || x87_empty(cpu, i->rm)) {
		if (x87_stack_underflow(cpu))
			compare_done(cpu, X87_UNORDERED, i->sub);
		return;
	}
	x87_env env = x87_env_now(cpu);
	enum x87_relation rel = (i->sub & X87_CMP_QUIET) ? x87_compare_quiet(&env, x87_st(cpu, 0), x87_st(cpu, i->rm))
							  : x87_compare(&env, x87_st(cpu, 0), x87_st(cpu, i->rm));
	x87_commit(cpu, &env, 0);
	/* Unmasked IE (or DE): the condition codes are not set (SDM FCOM). */
	if (!x87_blocked(&env))
		compare_done(cpu, rel, i->sub);
}

static void compare_mem(struct cpu *cpu, const struct insn *i, enum mem_kind kind)
{
	if (!x87_begin(cpu, i, 0))
		return;
	uint64_t bits = read_mem_operand(cpu, i, kind);
	if (x87_empty(cpu, 0)) {
		if (x87_stack_underflow(cpu))
			compare_done(cpu, X87_UNORDERED, i->sub);
		return;
	}
	x87_env env = x87_env_now(cpu);
	x87_f80 st = x87_st(cpu, 0);
	enum x87_relation rel;
	switch (kind) {
	case MEM_F32: rel = x87_compare_f32(&env, st, (uint32_t)bits); break;
	case MEM_F64: rel = x87_compare_f64(&env, st, bits); break;
	case MEM_I32: rel = x87_compare(&env, st, x87_from_int32((int32_t)(uint32_t)bits)); break;
	default: rel = x87_compare(&env, st, x87_from_int16((int16_t)(uint16_t)bits)); break;
	}
	x87_commit(cpu, &env, 0);
	if (!x87_blocked(&env))
		compare_done(cpu, rel, i->sub);
}

void op_x87_com_m32f(struct cpu *cpu, const struct insn *i) { compare_mem(cpu, i, MEM_F32); }
void op_x87_com_m64f(struct cpu *cpu, const struct insn *i) { compare_mem(cpu, i, MEM_F64); }
void op_x87_com_m32i(struct cpu *cpu, const struct insn *i) { compare_mem(cpu, i, MEM_I32); }
void op_x87_com_m16i(struct cpu *cpu, const struct insn *i) { compare_mem(cpu, i, MEM_I16); }

/* FCOMI/FCOMIP/FUCOMI/FUCOMIP: ZF PF CF from the relation, OF SF AF
 * cleared, C1 = 0. */
void op_x87_comi(struct cpu *cpu, const struct insn *i)
{
	if (!x87_begin(cpu, i, 0))
		return;
	enum x87_relation rel = X87_UNORDERED;
	if (x87_empty(cpu, 0) || x87_empty(cpu, i->rm)) {
		if (!x87_stack_underflow(cpu))
			return;
	} else {
		x87_env env = x87_env_now(cpu);
		rel = (i->sub & X87_CMP_QUIET) ? x87_compare_quiet(&env, x87_st(cpu, 0), x87_st(cpu, i->rm))
					       : x87_compare(&env, x87_st(cpu, 0), x87_st(cpu, i->rm));
		x87_commit(cpu, &env, 0);
		if (x87_blocked(&env))
			return;
		cpu->x87.status &= (uint16_t)~SW_C1;
	}
	lf_set_all(cpu, x87_relation_eflags(rel));
	if (i->sub & X87_CMP_POP)
		x87_pop(cpu);
}

/* FTST: ST(0) against +0.0. */
void op_x87_ftst(struct cpu *cpu, const struct insn *i)
{
	if (!x87_begin(cpu, i, 0))
		return;
	if (x87_empty(cpu, 0)) {
		if (x87_stack_underflow(cpu))
			compare_done(cpu, X87_UNORDERED, 0);
		return;
	}
	x87_env env = x87_env_now(cpu);
	enum x87_relation rel = x87_compare(&env, x87_st(cpu, 0), x87_zero(false));
	x87_commit(cpu, &env, 0);
	if (!x87_blocked(&env))
		compare_done(cpu, rel, 0);
}

/* FXAM: C3 C2 C0 the class, C1 the sign; no exceptions. */
void op_x87_fxam(struct cpu *cpu, const struct insn *i)
{
	if (!x87_begin(cpu, i, 0))
		return;
	uint16_t cc = x87_examine(x87_st(cpu, 0), x87_empty(cpu, 0));
	cpu->x87.status = (uint16_t)((cpu->x87.status & ~SW_CC) | (cc & SW_CC));
}

/* ---- loads ---- */

/* Pushes v, or the indefinite when the push overflows (masked). */
static void push_checked(struct cpu *cpu, x87_f80 v)
{
	if (!x87_empty(cpu, 7)) {
		if (x87_stack_overflow(cpu))
			x87_push(cpu, indefinite());
		return;
	}
	cpu->x87.status &= (uint16_t)~SW_C1;
	x87_push(cpu, v);
}

/* Loads that convert (FLD m32/m64): the push waits for the conversion's
 * exceptions, and an unmasked IE or DE leaves the stack alone. */
static void push_converted(struct cpu *cpu, x87_env *env, x87_f80 v)
{
	if (!x87_empty(cpu, 7)) {
		if (x87_stack_overflow(cpu))
			x87_push(cpu, indefinite());
		return;
	}
	x87_commit(cpu, env, 0);
	if (x87_blocked(env))
		return;
	cpu->x87.status &= (uint16_t)~SW_C1;
	x87_push(cpu, v);
}

void op_x87_fld_m32(struct cpu *cpu, const struct insn *i)
{
	if (!x87_begin(cpu, i, 0))
		return;
	uint32_t bits = cpu_read32(cpu, i->seg, insn_ea(cpu, i));
	x87_env env = x87_env_now(cpu);
	x87_f80 v = x87_from_f32(&env, bits);
	push_converted(cpu, &env, v);
}

void op_x87_fld_m64(struct cpu *cpu, const struct insn *i)
{
	if (!x87_begin(cpu, i, 0))
		return;
	uint64_t bits = x87_read64(cpu, i, 0);
	x87_env env = x87_env_now(cpu);
	x87_f80 v = x87_from_f64(&env, bits);
	push_converted(cpu, &env, v);
}

void op_x87_fld_m80(struct cpu *cpu, const struct insn *i)
{
	if (x87_begin(cpu, i, 0))
		push_checked(cpu, x87_read80(cpu, i, 0));
}

void op_x87_fild_m16(struct cpu *cpu, const struct insn *i)
{
	if (x87_begin(cpu, i, 0))
		push_checked(cpu, x87_from_int16((int16_t)cpu_read16(cpu, i->seg, insn_ea(cpu, i))));
}

void op_x87_fild_m32(struct cpu *cpu, const struct insn *i)
{
	if (x87_begin(cpu, i, 0))
		push_checked(cpu, x87_from_int32((int32_t)cpu_read32(cpu, i->seg, insn_ea(cpu, i))));
}

void op_x87_fild_m64(struct cpu *cpu, const struct insn *i)
{
	if (x87_begin(cpu, i, 0))
		push_checked(cpu, x87_from_int64((int64_t)x87_read64(cpu, i, 0)));
}

void op_x87_fbld(struct cpu *cpu, const struct insn *i)
{
	if (!x87_begin(cpu, i, 0))
		return;
	uint8_t bcd[10];
	uint64_t lo = x87_read64(cpu, i, 0);
	uint16_t hi = cpu_read16(cpu, i->seg, (insn_ea(cpu, i) + 8) & i->ea_mask);
	for (unsigned n = 0; n < 8; n++)
		bcd[n] = (uint8_t)(lo >> (8 * n));
	bcd[8] = (uint8_t)hi;
	bcd[9] = (uint8_t)(hi >> 8);
	push_checked(cpu, x87_from_bcd(bcd));
}

/* FLD ST(i): the source is read before the push renumbers the stack. */
void op_x87_fld_sti(struct cpu *cpu, const struct insn *i)
{
	if (!x87_begin(cpu, i, 0))
		return;
	if (x87_empty(cpu, i->rm)) {
		if (x87_stack_underflow(cpu))
			x87_push(cpu, indefinite());
		return;
	}
	push_checked(cpu, x87_st(cpu, i->rm));
}

/* FLD1 FLDL2T FLDL2E FLDPI FLDLG2 FLDLN2 FLDZ, rounded per RC. */
void op_x87_fldconst(struct cpu *cpu, const struct insn *i)
{
	if (!x87_begin(cpu, i, 0))
		return;
	x87_env env = x87_env_now(cpu);
	x87_f80 v = x87_constant(&env, i->sub);
	push_checked(cpu, v);
}

/* ---- stores ---- */

/* The stores to memory: ST(0) empty is an underflow whose masked
 * response stores the format's indefinite; an unmasked exception of the
 * conversion (IE, and for reals OE and UE too: SDM 8.5.4, 8.5.5) stores
 * nothing and does not pop.  The store happens before the status word
 * changes, so a page fault leaves the FPU as it was. */
enum store_kind { ST_F32, ST_F64, ST_I16, ST_I32, ST_I64 };

static void store_mem(struct cpu *cpu, const struct insn *i, enum store_kind kind, bool pop)
{
	if (!x87_begin(cpu, i, 0))
		return;
	uint32_t ea = insn_ea(cpu, i);
	x87_env env = x87_env_now(cpu);
	uint64_t bits;
	bool empty = x87_empty(cpu, 0);
	if (empty) {
		static const uint64_t indefinites[] = {0xFFC00000u, UINT64_C(0xFFF8000000000000), 0x8000u, 0x80000000u,
						       UINT64_C(0x8000000000000000)};
		if (!(cpu->x87.control & X87_EX_INVALID)) {
			x87_stack_underflow(cpu);
			return;
		}
		bits = indefinites[kind];
	} else {
		x87_f80 st = x87_st(cpu, 0);
		switch (kind) {
		case ST_F32: bits = x87_to_f32(&env, st); break;
		case ST_F64: bits = x87_to_f64(&env, st); break;
		case ST_I16: bits = (uint16_t)x87_to_int16(&env, st); break;
		case ST_I32: bits = (uint32_t)x87_to_int32(&env, st); break;
		default: bits = (uint64_t)x87_to_int64(&env, st); break;
		}
		uint8_t stops = X87_EX_INVALID | X87_EX_DENORMAL | X87_EX_ZERODIV;
		if (kind == ST_F32 || kind == ST_F64)
			stops |= X87_EX_OVERFLOW | X87_EX_UNDERFLOW;
		if (x87_unmasked(&env) & stops) {
			x87_commit(cpu, &env, SW_C1);
			return;
		}
	}
	switch (kind) {
	case ST_F64:
	case ST_I64: x87_write64(cpu, i, 0, bits); break;
	case ST_I16: cpu_write16(cpu, i->seg, ea, (uint16_t)bits); break;
	default: cpu_write32(cpu, i->seg, ea, (uint32_t)bits); break;
	}
	if (empty)
		x87_stack_underflow(cpu);
	else
		x87_commit(cpu, &env, SW_C1);
	if (pop)
		x87_pop(cpu);
}

void op_x87_fst_m32(struct cpu *cpu, const struct insn *i) { store_mem(cpu, i, ST_F32, i->sub); }
void op_x87_fst_m64(struct cpu *cpu, const struct insn *i) { store_mem(cpu, i, ST_F64, i->sub); }
void op_x87_fist_m16(struct cpu *cpu, const struct insn *i) { store_mem(cpu, i, ST_I16, i->sub); }
void op_x87_fist_m32(struct cpu *cpu, const struct insn *i) { store_mem(cpu, i, ST_I32, i->sub); }
void op_x87_fistp_m64(struct cpu *cpu, const struct insn *i) { store_mem(cpu, i, ST_I64, true); }

/* FSTP m80: a copy, no exceptions but the stack's. */
void op_x87_fstp_m80(struct cpu *cpu, const struct insn *i)
{
	if (!x87_begin(cpu, i, 0))
		return;
	if (x87_empty(cpu, 0)) {
		if (!(cpu->x87.control & X87_EX_INVALID)) {
			x87_stack_underflow(cpu);
			return;
		}
		x87_write80(cpu, i, 0, indefinite());
		x87_stack_underflow(cpu);
	} else {
		x87_write80(cpu, i, 0, x87_st(cpu, 0));
		cpu->x87.status &= (uint16_t)~SW_C1;
	}
	x87_pop(cpu);
}

/* FBSTP: packed BCD, rounded per RC. */
void op_x87_fbstp(struct cpu *cpu, const struct insn *i)
{
	if (!x87_begin(cpu, i, 0))
		return;
	uint8_t bcd[10];
	x87_env env = x87_env_now(cpu);
	bool empty = x87_empty(cpu, 0);
	if (empty) {
		if (!(cpu->x87.control & X87_EX_INVALID)) {
			x87_stack_underflow(cpu);
			return;
		}
		/* The packed BCD indefinite: FFFF C000 0000 0000 0000H. */
		memset(bcd, 0, sizeof(bcd));
		bcd[7] = 0xC0;
		bcd[8] = bcd[9] = 0xFF;
	} else {
		x87_to_bcd(&env, x87_st(cpu, 0), bcd);
		if (x87_blocked(&env)) {
			x87_commit(cpu, &env, SW_C1);
			return;
		}
	}
	uint64_t lo = 0;
	for (unsigned n = 0; n < 8; n++)
		lo |= (uint64_t)bcd[n] << (8 * n);
	uint32_t ea = insn_ea(cpu, i);
	cpu_check_write(cpu, i->seg, ea, 10);
	x87_write64(cpu, i, 0, lo);
	cpu_write16(cpu, i->seg, (ea + 8) & i->ea_mask, (uint16_t)(bcd[8] | bcd[9] << 8));
	if (empty)
		x87_stack_underflow(cpu);
	else
		x87_commit(cpu, &env, SW_C1);
	x87_pop(cpu);
}

/* FST/FSTP ST(i): a copy. */
void op_x87_fst_sti(struct cpu *cpu, const struct insn *i)
{
	if (!x87_begin(cpu, i, 0))
		return;
	if (x87_empty(cpu, 0)) {
		if (!x87_stack_underflow(cpu))
			return;
		x87_set_st(cpu, i->rm, indefinite());
	} else {
		x87_set_st(cpu, i->rm, x87_st(cpu, 0));
		cpu->x87.status &= (uint16_t)~SW_C1;
	}
	if (i->sub)
		x87_pop(cpu);
}

/* ---- the register stack ---- */

/* FXCH: an empty register takes part as the indefinite (masked). */
void op_x87_fxch(struct cpu *cpu, const struct insn *i)
{
	if (!x87_begin(cpu, i, 0))
		return;
	x87_f80 a = x87_st(cpu, 0), b = x87_st(cpu, i->rm);
	if (x87_empty(cpu, 0) || x87_empty(cpu, i->rm)) {
		if (!x87_stack_underflow(cpu))
			return;
		if (x87_empty(cpu, 0))
			a = indefinite();
		if (x87_empty(cpu, i->rm))
			b = indefinite();
	} else {
		cpu->x87.status &= (uint16_t)~SW_C1;
	}
	x87_set_st(cpu, 0, b);
	x87_set_st(cpu, i->rm, a);
}

void op_x87_fincstp(struct cpu *cpu, const struct insn *i)
{
	if (!x87_begin(cpu, i, 0))
		return;
	x87_set_top(cpu, x87_top(cpu) + 1);
	cpu->x87.status &= (uint16_t)~SW_C1;
}

void op_x87_fdecstp(struct cpu *cpu, const struct insn *i)
{
	if (!x87_begin(cpu, i, 0))
		return;
	x87_set_top(cpu, x87_top(cpu) - 1);
	cpu->x87.status &= (uint16_t)~SW_C1;
}

void op_x87_ffree(struct cpu *cpu, const struct insn *i)
{
	if (x87_begin(cpu, i, 0))
		x87_set_phys_tag(cpu, x87_phys(cpu, i->rm), TAG_EMPTY);
}

void op_x87_fnop(struct cpu *cpu, const struct insn *i)
{
	x87_begin(cpu, i, 0);
}

/* FCMOVcc (P6): ST(0) = ST(i) when the EFLAGS condition holds. */
void op_x87_fcmov(struct cpu *cpu, const struct insn *i)
{
	if (!x87_begin(cpu, i, 0))
		return;
	if (x87_empty(cpu, 0) || x87_empty(cpu, i->rm)) {
		if (x87_stack_underflow(cpu))
			x87_set_st(cpu, 0, indefinite());
		return;
	}
	cpu->x87.status &= (uint16_t)~SW_C1;
	if (cond_eval(cpu, i->sub))
		x87_set_st(cpu, 0, x87_st(cpu, i->rm));
}

/* ---- one-operand instructions on ST(0) ---- */

/* ST(0) empty: the underflow, and the indefinite when masked. Returns
 * true when ST(0) holds a value to work on. */
static bool st0_present(struct cpu *cpu)
{
	if (!x87_empty(cpu, 0))
		return true;
	if (x87_stack_underflow(cpu))
		x87_set_st(cpu, 0, indefinite());
	return false;
}

void op_x87_fchs(struct cpu *cpu, const struct insn *i)
{
	if (!x87_begin(cpu, i, 0) || !st0_present(cpu))
		return;
	x87_f80 v = x87_st(cpu, 0);
	v.sign_exp ^= 0x8000;
	x87_set_st(cpu, 0, v);
	cpu->x87.status &= (uint16_t)~SW_C1;
}

void op_x87_fabs(struct cpu *cpu, const struct insn *i)
{
	if (!x87_begin(cpu, i, 0) || !st0_present(cpu))
		return;
	x87_f80 v = x87_st(cpu, 0);
	v.sign_exp &= 0x7FFF;
	x87_set_st(cpu, 0, v);
	cpu->x87.status &= (uint16_t)~SW_C1;
}

void op_x87_fsqrt(struct cpu *cpu, const struct insn *i)
{
	if (!x87_begin(cpu, i, 0) || !st0_present(cpu))
		return;
	x87_env env = x87_env_now(cpu);
	x87_f80 r = x87_sqrt(&env, x87_st(cpu, 0));
	x87_commit(cpu, &env, SW_C1);
	if (!x87_blocked(&env))
		x87_set_st(cpu, 0, r);
}

void op_x87_frndint(struct cpu *cpu, const struct insn *i)
{
	if (!x87_begin(cpu, i, 0) || !st0_present(cpu))
		return;
	x87_env env = x87_env_now(cpu);
	x87_f80 r = x87_round_to_int(&env, x87_st(cpu, 0));
	x87_commit(cpu, &env, SW_C1);
	if (!x87_blocked(&env))
		x87_set_st(cpu, 0, r);
}

/* Two operands ST(0), ST(1), result in ST(0): the underflow when either
 * is empty. */
static bool st0_st1_present(struct cpu *cpu)
{
	if (!x87_empty(cpu, 0) && !x87_empty(cpu, 1))
		return true;
	if (x87_stack_underflow(cpu))
		x87_set_st(cpu, 0, indefinite());
	return false;
}

/* FPREM (sub 0) and FPREM1 (sub 1): C0 C3 C1 the quotient's low bits,
 * C2 a partial remainder. */
void op_x87_fprem(struct cpu *cpu, const struct insn *i)
{
	if (!x87_begin(cpu, i, 0) || !st0_st1_present(cpu))
		return;
	x87_env env = x87_env_now(cpu);
	x87_f80 r = i->sub ? x87_prem1(&env, x87_st(cpu, 0), x87_st(cpu, 1)) : x87_prem(&env, x87_st(cpu, 0), x87_st(cpu, 1));
	if (x87_blocked(&env)) {
		x87_commit(cpu, &env, 0);
		return;
	}
	x87_commit(cpu, &env, SW_CC);
	x87_set_st(cpu, 0, r);
}

void op_x87_fscale(struct cpu *cpu, const struct insn *i)
{
	if (!x87_begin(cpu, i, 0) || !st0_st1_present(cpu))
		return;
	x87_env env = x87_env_now(cpu);
	x87_f80 r = x87_scale(&env, x87_st(cpu, 0), x87_st(cpu, 1));
	x87_commit(cpu, &env, SW_C1);
	if (!x87_blocked(&env))
		x87_set_st(cpu, 0, r);
}

/* FXTRACT: ST(0) becomes the exponent, then the significand is pushed. */
void op_x87_fxtract(struct cpu *cpu, const struct insn *i)
{
	if (!x87_begin(cpu, i, 0))
		return;
	if (x87_empty(cpu, 0) || !x87_empty(cpu, 7)) {
		bool masked = x87_empty(cpu, 0) ? x87_stack_underflow(cpu) : x87_stack_overflow(cpu);
		if (masked) {
			x87_set_st(cpu, 0, indefinite());
			x87_push(cpu, indefinite());
		}
		return;
	}
	x87_env env = x87_env_now(cpu);
	x87_f80 exponent;
	x87_f80 significand = x87_extract(&env, x87_st(cpu, 0), &exponent);
	x87_commit(cpu, &env, SW_C1);
	if (x87_blocked(&env))
		return;
	x87_set_st(cpu, 0, exponent);
	x87_push(cpu, significand);
}
