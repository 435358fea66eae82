/* The debugger's expression evaluator: what breakpoint conditions, `set`,
 * `x`, `u` and `b` accept.
 *
 *   numbers     0x7c00, 7c00h, 31744 (a trailing h needs a leading digit:
 *               0ffh; "bh" is the register)
 *   names       registers (eax, ax, al, eip, eflags, cs, cr0...) and
 *               symbols, both looked up through the environment
 *   memory      [addr] is the dword at linear addr; byte [addr],
 *               word [addr], dword [addr] choose the size
 *   operators   by C precedence: unary - ~ !, * / %, + -, << >>,
 *               < > <= >=, == !=, &, ^, |, &&, ||, and ( )
 *
 * Arithmetic is on 32 bits and wraps, as the guest's does, so that
 * "eax == -1" means what it says.  Comparisons are unsigned. */
#ifndef GLASSPC_DEBUGGER_EXPR_H
#define GLASSPC_DEBUGGER_EXPR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Where names and memory come from.  Keeping them behind callbacks lets
 * the evaluator be tested without a CPU. */
struct expr_env {
	/* A register or symbol name (not NUL-terminated): true and *value
	 * when known. */
	bool (*lookup)(void *opaque, const char *name, size_t len, uint32_t *value);
	/* size bytes (1, 2 or 4) at a linear address: false when nothing
	 * readable is there. */
	bool (*read_mem)(void *opaque, uint32_t addr, unsigned size, uint32_t *value);
	void *opaque;
};

/* A message long enough for any error. */
#define EXPR_ERROR_MAX 96

/* Evaluates the whole of text.  Returns 0 with *value, or -1 with a
 * one-line message in err ("unknown name 'foo'", "division by zero",
 * "unexpected ')' at column 7"). */
int expr_eval(const struct expr_env *env, const char *text, uint32_t *value, char *err, size_t errlen);

#endif
