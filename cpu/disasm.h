/* The disassembler: instruction bytes -> one line of Intel-syntax text,
 * derived from the instruction table (cpu/opcodes.def) through the
 * decoder, so that what it prints is what the CPU executes.
 *
 * Output format (lower case, objdump -M intel conventions):
 *
 *   [prefix words] mnemonic [operand[, operand[, operand]]]
 *
 *   add byte ptr [bx+si+0x12], al
 *   mov eax, dword ptr fs:[ebx+esi*4-0x8]
 *   jmp 0x1234                 (branch target, absolute, from eip)
 *   call 0x1234:0x5678         (selector:offset)
 *   rep movsb                  (string operands only when not the default:
 *   movsb byte ptr es:[di], byte ptr fs:[si]   an override or address size)
 *   lock xchg word ptr [bx], ax
 *   call far dword ptr [bx]    (indirect far branch, 16:16 or 16:32 pointer)
 *   fadd st, st(1)             (x87: st is ST(0); memory operands sized
 *   fld tbyte ptr [bx]          dword/qword/tbyte ptr, the environment unsized)
 *   esc 0x1d, [bx+si]          (escape without an FPU: (opcode & 7) << 3 | ModRM reg)
 *   (bad)                      (undefined for this CPU model, or truncated)
 *
 * Memory operands carry a size ("byte ptr") unless the instruction has
 * none (lea, lgdt, esc); a segment appears only when overridden.
 * Immediates are hex, zero-extended to the operand size.  Prefixes whose
 * effect the operands do not show are printed as words before the
 * mnemonic: rep/repe/repne, lock, a segment (es nop), data16/data32
 * (operand size, e.g. data16 ret) and addr16/addr32 (address size, e.g.
 * addr16 loop 0x10). */
#ifndef GLASSPC_CPU_DISASM_H
#define GLASSPC_CPU_DISASM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpu/cpu.h"

struct insn;

/* A buffer this long always holds a whole line. */
#define DISASM_TEXT_MAX 128

/* Disassembles the instruction at bytes[0..avail) for the given CPU model
 * and code size (code32: a 32-bit code segment); eip is its offset in CS,
 * for branch targets.  Writes the text to out (always NUL-terminated,
 * truncated to outlen) and returns the instruction's length in bytes:
 * at least 1 when avail >= 1, so a caller stepping through a buffer
 * always advances; 0 when avail is 0. */
int disasm_insn(enum cpu_model model, bool code32, const uint8_t *bytes, size_t avail, uint32_t eip,
		char *out, size_t outlen);

/* The same for an instruction decode_insn() already decoded (the tracer
 * has one at hand); insn->def == UINT16_MAX prints (bad).  Returns the
 * instruction's length. */
int disasm_format(const struct insn *insn, bool code32, uint32_t eip, char *out, size_t outlen);

#endif
