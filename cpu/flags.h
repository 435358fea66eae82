/* Lazy arithmetic flags.
 *
 * Arithmetic instructions do not compute OF SF ZF AF PF CF.  They store
 * two words, and each flag is derived from them when something reads it:
 *
 *   lf_res  the result, sign-extended to 32 bits: ZF = (lf_res == 0),
 *           SF = bit 31, PF = parity of the low byte;
 *   lf_aux  bit 31  CF
 *           bit 30  CF xor OF (so OF = bit 31 xor bit 30)
 *           bit 4   AF
 *           bit 1   PF correction (xor-ed into the parity of lf_res)
 *           bit 0   SF correction (xor-ed into bit 31 of lf_res)
 *
 * For ADD/ADC/SUB/SBB the carry vector (one carry-out bit per bit
 * position) gives CF, OF and AF directly: CF is the carry out of the top
 * bit, OF is that xor the carry into the top bit, AF the carry out of bit
 * 3.  The correction bits exist so that any combination of flags (POPF,
 * SAHF, instructions that compute flags eagerly) can be expressed in the
 * same two words, which keeps every flag read branch-free. */
#ifndef GLASSPC_CPU_FLAGS_H
#define GLASSPC_CPU_FLAGS_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu/cpu.h"

#define LF_CF 0x80000000u
#define LF_PO 0x40000000u /* CF ^ OF */
#define LF_AF 0x00000010u
#define LF_PD 0x00000002u
#define LF_SD 0x00000001u

extern const uint8_t parity_table[256]; /* 1 when the byte has even parity */

static inline uint32_t sext(uint32_t v, unsigned size)
{
	return size == 1 ? (uint32_t)(int32_t)(int8_t)v : size == 2 ? (uint32_t)(int32_t)(int16_t)v : v;
}

static inline uint32_t size_mask(unsigned size)
{
	return size == 4 ? 0xFFFFFFFFu : (1u << (size * 8)) - 1;
}

static inline bool flag_cf(const struct cpu *cpu) { return cpu->lf_aux >> 31; }
static inline bool flag_of(const struct cpu *cpu) { return ((cpu->lf_aux >> 31) ^ (cpu->lf_aux >> 30)) & 1; }
static inline bool flag_af(const struct cpu *cpu) { return (cpu->lf_aux >> 4) & 1; }
static inline bool flag_zf(const struct cpu *cpu) { return cpu->lf_res == 0; }
static inline bool flag_sf(const struct cpu *cpu) { return ((cpu->lf_res >> 31) ^ cpu->lf_aux) & 1; }
static inline bool flag_pf(const struct cpu *cpu)
{
	return (parity_table[cpu->lf_res & 0xFF] ^ (cpu->lf_aux >> 1)) & 1;
}

/* Stores the result of an addition a + b (+ carry) of size bytes. */
static inline void lf_add(struct cpu *cpu, uint32_t a, uint32_t b, uint32_t r, unsigned size)
{
	uint32_t cv = (a & b) | ((a | b) & ~r);
	cpu->lf_res = sext(r, size);
	cpu->lf_aux = ((cv << (32 - size * 8)) & (LF_CF | LF_PO)) | ((cv & 8) << 1);
}

/* Stores the result of a subtraction a - b (- borrow) of size bytes. */
static inline void lf_sub(struct cpu *cpu, uint32_t a, uint32_t b, uint32_t r, unsigned size)
{
	uint32_t bv = (~a & b) | ((~a | b) & r);
	cpu->lf_res = sext(r, size);
	cpu->lf_aux = ((bv << (32 - size * 8)) & (LF_CF | LF_PO)) | ((bv & 8) << 1);
}

/* Logical result: CF = OF = AF = 0. */
static inline void lf_logic(struct cpu *cpu, uint32_t r, unsigned size)
{
	cpu->lf_res = sext(r, size);
	cpu->lf_aux = 0;
}

/* Sets all six arithmetic flags from an EFLAGS-format value. */
static inline void lf_set_all(struct cpu *cpu, uint32_t f)
{
	bool zf = f & F_ZF;
	uint32_t cf = f & F_CF, of = (f >> 11) & 1;
	/* A zero result gives ZF=1 with even parity; a result of 1 gives
	 * ZF=0 with odd parity.  The correction bits fix SF and PF. */
	cpu->lf_res = zf ? 0 : 1;
	uint32_t pf = (f >> 2) & 1;
	uint32_t pd = pf ^ (zf ? 1u : 0u);
	cpu->lf_aux = (cf << 31) | ((cf ^ of) << 30) | (f & F_AF) | (pd << 1) | ((f >> 7) & 1);
}

/* EFLAGS-format value of the six arithmetic flags. */
static inline uint32_t lf_get_all(const struct cpu *cpu)
{
	return (flag_cf(cpu) ? F_CF : 0) | (flag_pf(cpu) ? F_PF : 0) | (flag_af(cpu) ? F_AF : 0) |
	       (flag_zf(cpu) ? F_ZF : 0) | (flag_sf(cpu) ? F_SF : 0) | (flag_of(cpu) ? F_OF : 0);
}

/* Changes some flags (mask of F_OSZAPC bits) and keeps the rest. */
static inline void lf_update(struct cpu *cpu, uint32_t mask, uint32_t values)
{
	lf_set_all(cpu, (lf_get_all(cpu) & ~mask) | (values & mask));
}

/* Replaces CF and OF, keeping the other four (rotates). */
static inline void lf_set_cf_of(struct cpu *cpu, bool cf, bool of)
{
	cpu->lf_aux = (cpu->lf_aux & ~(LF_CF | LF_PO)) | ((uint32_t)cf << 31) | ((uint32_t)(cf ^ of) << 30);
}

/* Replaces CF and keeps OF (also how INC and DEC keep the old CF). */
static inline void lf_set_cf(struct cpu *cpu, bool cf)
{
	bool of = flag_of(cpu);
	cpu->lf_aux = (cpu->lf_aux & ~(LF_CF | LF_PO)) | ((uint32_t)cf << 31) | ((uint32_t)(cf ^ of) << 30);
}

#endif
