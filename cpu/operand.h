/* Names used by the instruction table (cpu/opcodes.def): operand forms,
 * attributes and the sub-operation constants handlers read. */
#ifndef GLASSPC_CPU_OPERAND_H
#define GLASSPC_CPU_OPERAND_H

/* Operand forms, after the SDM's opcode-map notation.
 *   E  ModRM r/m (register or memory)    G  ModRM reg (general register)
 *   M  ModRM memory only                 R  ModRM r/m register only
 *   S  ModRM reg as segment register     C/D  ModRM reg as CRn / DRn
 *   I  immediate; sIb is a byte sign-extended to the operand size
 *   J  relative branch target            A  far pointer seg:off immediate
 *   O  memory offset immediate (moffs)   Z  register in the opcode's low bits
 *   X  string source DS:(E)SI            Y  string destination ES:(E)DI
 *   size suffix: b byte, w word, d dword, v 16/32 by operand size,
 *   p far pointer, s pseudo-descriptor, a BOUND pair.
 * x87 forms: ST  the stack top, ST(0)        STi  ST(i), i from ModRM rm
 *   Mw Md Mq Mt  memory of 2, 4, 8, 10 bytes (integers, reals, BCD by the
 *   row); M for the environment and state images   AX  the AX register
 *   whatever the operand size (FNSTSW AX). */
#define OPERAND_KINDS(Y)                                                          \
	Y(__) Y(Eb) Y(Ew) Y(Ed) Y(Ev) Y(Gb) Y(Gw) Y(Gv) Y(M) Y(Mp) Y(Ms) Y(Ma) Y(Rd) \
	Y(Sw) Y(Cd) Y(Dd) Y(Ib) Y(Iw) Y(Iv) Y(sIb) Y(Jb) Y(Jv) Y(Ap) Y(Ob) Y(Ov)     \
	Y(Zb) Y(Zv) Y(Xb) Y(Xv) Y(Yb) Y(Yv) Y(AL) Y(CL) Y(DX) Y(eAX) Y(1)            \
	Y(ES) Y(CS) Y(SS) Y(DS) Y(FS) Y(GS) Y(ESC)                                   \
	Y(ST) Y(STi) Y(Mw) Y(Md) Y(Mq) Y(Mt) Y(AX)

#define OPERAND_ENUM(name) OPK_##name,
enum operand_kind { OPERAND_KINDS(OPERAND_ENUM) OPK_COUNT };
#undef OPERAND_ENUM

/* Attributes. */
#define A_PREFIX 0x0001u    /* a prefix byte, not an instruction */
#define A_LOCK 0x0002u      /* LOCK is allowed (with a memory destination) */
#define A_BRANCH 0x0004u    /* may change CS:EIP other than by falling through */
#define A_STRING 0x0008u    /* honours REP */
#define A_REPCC 0x0010u     /* REPE/REPNE test ZF (CMPS, SCAS) */
#define A_FPU 0x0020u       /* x87 escape */
#define A_MNEM_ASIZE 0x0040u /* "a|b" mnemonic chosen by address size */
#define A_FAR_MEM 0x0080u   /* far pointer in memory (FF /3, FF /5) */
/* Register forms keyed on the whole ModRM byte (the x87 escapes): a row
 * with A_MOD3 applies only when mod == 3 (its reg column still gives the
 * reg field), and A_RM(n) also fixes the rm field (D9 E0 = FCHS is D9 /4
 * with rm 0).  Rows without A_MOD3 of such an opcode apply to the memory
 * forms only.  When no row claims an encoding, the opcode's row without a
 * reg field (NOREG), if the model has one, decodes it. */
#define A_MOD3 0x0100u
#define A_RMKEY 0x0200u
#define A_RM(n) (A_MOD3 | A_RMKEY | ((unsigned)(n) << 12))
#define A_RM_OF(attrs) (((attrs) >> 12) & 7u)

#define NOREG (-1)

/* Sub-operations (insn->sub). */
enum { ALU_ADD, ALU_OR, ALU_ADC, ALU_SBB, ALU_AND, ALU_SUB, ALU_XOR, ALU_CMP, ALU_TEST };
#define ALU_FR(sub) (((sub) == ALU_ADC || (sub) == ALU_SBB) ? F_CF : 0u)
enum { SH_ROL, SH_ROR, SH_RCL, SH_RCR, SH_SHL, SH_SHR, SH_SETMO, SH_SAR };
enum { CC_O, CC_NO, CC_B, CC_AE, CC_E, CC_NE, CC_BE, CC_A,
       CC_S, CC_NS, CC_P, CC_NP, CC_L, CC_GE, CC_LE, CC_G };
enum { LOOP_NE, LOOP_E, LOOP_ALWAYS };
enum { BT_TEST, BT_SET, BT_RESET, BT_COMPLEMENT };
/* x87 sub-operations: arithmetic rows use enum x87_arith (cpu/fpu); the
 * compares combine these bits. */
#define X87_CMP_POP 1u      /* pop once (FCOMP, FCOMIP ...) */
#define X87_CMP_POP2 2u     /* pop twice (FCOMPP, FUCOMPP) */
#define X87_CMP_QUIET 4u    /* unordered compare: QNaN operands raise no IE (FUCOM) */
/* Prefix kinds; segment prefixes use their S_* number (0-5). */
enum { PFX_OPSIZE = 8, PFX_ADDRSIZE, PFX_LOCK, PFX_REPNE, PFX_REP };

#endif
