/* The expression evaluator; see expr.h.  A recursive-descent parser
 * that evaluates as it parses: one function per precedence level. */
#include "debugger/expr.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Nesting deeper than this is refused, so that a typed (or scripted)
 * "((((..." cannot exhaust the host stack. */
#define EXPR_MAX_DEPTH 64

struct parser {
	const struct expr_env *env;
	const char *text;
	const char *p;
	int depth;
	bool failed;
	char *err;
	size_t errlen;
};

static void fail(struct parser *ps, const char *fmt, ...)
{
	if (ps->failed)
		return; /* the first error is the one to report */
	ps->failed = true;
	va_list ap;
	va_start(ap, fmt);
	if (ps->err && ps->errlen)
		vsnprintf(ps->err, ps->errlen, fmt, ap);
	va_end(ap);
}

static void skip_space(struct parser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t')
		ps->p++;
}

static unsigned column(const struct parser *ps)
{
	return (unsigned)(ps->p - ps->text) + 1;
}

/* Consumes op when it comes next (and, for single-character operators,
 * when it is not the start of a longer one given in not_before). */
static bool accept(struct parser *ps, const char *op, const char *not_before)
{
	skip_space(ps);
	size_t n = strlen(op);
	if (strncmp(ps->p, op, n))
		return false;
	if (not_before && ps->p[n] && strchr(not_before, ps->p[n]))
		return false;
	ps->p += n;
	return true;
}

static bool is_name_start(char c)
{
	return isalpha((unsigned char)c) || c == '_' || c == '.' || c == '$' || c == '@' || c == '?';
}

static bool is_name_char(char c)
{
	return is_name_start(c) || isdigit((unsigned char)c);
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* 0x1F, 1Fh, 31.  Values past 32 bits are an error rather than a
 * silent wrap: an address typed with one digit too many should say so. */
static uint32_t parse_number(struct parser *ps)
{
	const char *s = ps->p;
	const char *end = s;
	while (isalnum((unsigned char)*end))
		end++;
	unsigned base = 10;
	const char *digits = s, *digits_end = end;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		digits = s + 2;
	} else if (end[-1] == 'h' || end[-1] == 'H') {
		base = 16;
		digits_end = end - 1;
	}
	if (digits == digits_end) {
		fail(ps, "bad number at column %u", column(ps));
		return 0;
	}
	uint64_t v = 0;
	for (const char *q = digits; q < digits_end; q++) {
		int d = digit_value(*q);
		if (d < 0 || (unsigned)d >= base) {
			fail(ps, "bad number '%.*s' at column %u", (int)(end - s), s, column(ps));
			return 0;
		}
		v = v * base + (unsigned)d;
		if (v > 0xFFFFFFFFu) {
			fail(ps, "number '%.*s' does not fit in 32 bits", (int)(end - s), s);
			return 0;
		}
	}
	ps->p = end;
	return (uint32_t)v;
}

static uint32_t parse_or(struct parser *ps);

static uint32_t parse_memory(struct parser *ps, unsigned size)
{
	/* the '[' is consumed */
	uint32_t addr = parse_or(ps);
	if (!accept(ps, "]", NULL)) {
		fail(ps, "missing ']' at column %u", column(ps));
		return 0;
	}
	if (ps->failed)
		return 0;
	uint32_t v = 0;
	if (!ps->env || !ps->env->read_mem || !ps->env->read_mem(ps->env->opaque, addr, size, &v))
		fail(ps, "cannot read memory at 0x%08x", addr);
	return v;
}

static uint32_t parse_primary(struct parser *ps)
{
	skip_space(ps);
	char c = *ps->p;
	if (c == '(') {
		ps->p++;
		uint32_t v = parse_or(ps);
		if (!accept(ps, ")", NULL))
			fail(ps, "missing ')' at column %u", column(ps));
		return v;
	}
	if (c == '[') {
		ps->p++;
		return parse_memory(ps, 4);
	}
	if (isdigit((unsigned char)c))
		return parse_number(ps);
	if (is_name_start(c)) {
		const char *s = ps->p;
		while (is_name_char(*ps->p))
			ps->p++;
		size_t len = (size_t)(ps->p - s);
		static const struct {
			const char *word;
			unsigned size;
		} sizes[] = {{"byte", 1}, {"word", 2}, {"dword", 4}};
		for (unsigned k = 0; k < 3; k++) {
			if (len == strlen(sizes[k].word) && !strncasecmp(s, sizes[k].word, len)) {
				accept(ps, "ptr", NULL);
				if (!accept(ps, "[", NULL)) {
					fail(ps, "'%s' needs a memory operand: %s [ADDR]", sizes[k].word, sizes[k].word);
					return 0;
				}
				return parse_memory(ps, sizes[k].size);
			}
		}
		uint32_t v = 0;
		if (!ps->env || !ps->env->lookup || !ps->env->lookup(ps->env->opaque, s, len, &v))
			fail(ps, "unknown name '%.*s'", (int)(len > 40 ? 40 : len), s);
		return v;
	}
	if (!c)
		fail(ps, "expression ends too early");
	else
		fail(ps, "unexpected '%c' at column %u", c, column(ps));
	return 0;
}

static uint32_t parse_unary(struct parser *ps)
{
	if (++ps->depth > EXPR_MAX_DEPTH) {
		fail(ps, "expression nested too deeply");
		ps->depth--;
		return 0;
	}
	uint32_t v;
	if (accept(ps, "-", NULL))
		v = 0u - parse_unary(ps);
	else if (accept(ps, "~", NULL))
		v = ~parse_unary(ps);
	else if (accept(ps, "!", "="))
		v = !parse_unary(ps);
	else if (accept(ps, "+", NULL))
		v = parse_unary(ps);
	else
		v = parse_primary(ps);
	ps->depth--;
	return v;
}

static uint32_t parse_mul(struct parser *ps)
{
	uint32_t v = parse_unary(ps);
	for (;;) {
		if (accept(ps, "*", NULL)) {
			v *= parse_unary(ps);
		} else if (accept(ps, "/", NULL) || accept(ps, "%", NULL)) {
			bool mod = ps->p[-1] == '%';
			uint32_t d = parse_unary(ps);
			if (!d) {
				fail(ps, "division by zero");
				return 0;
			}
			v = mod ? v % d : v / d;
		} else {
			return v;
		}
	}
}

static uint32_t parse_add(struct parser *ps)
{
	uint32_t v = parse_mul(ps);
	for (;;) {
		if (accept(ps, "+", NULL))
			v += parse_mul(ps);
		else if (accept(ps, "-", NULL))
			v -= parse_mul(ps);
		else
			return v;
	}
}

static uint32_t parse_shift(struct parser *ps)
{
	uint32_t v = parse_add(ps);
	for (;;) {
		bool left = accept(ps, "<<", NULL);
		if (!left && !accept(ps, ">>", NULL))
			return v;
		uint32_t n = parse_add(ps);
		/* A shift by 32 or more gives 0 instead of C's undefined result. */
		v = n >= 32 ? 0 : left ? v << n : v >> n;
	}
}

static uint32_t parse_relational(struct parser *ps)
{
	uint32_t v = parse_shift(ps);
	for (;;) {
		if (accept(ps, "<=", NULL))
			v = v <= parse_shift(ps);
		else if (accept(ps, ">=", NULL))
			v = v >= parse_shift(ps);
		else if (accept(ps, "<", "<"))
			v = v < parse_shift(ps);
		else if (accept(ps, ">", ">"))
			v = v > parse_shift(ps);
		else
			return v;
	}
}

static uint32_t parse_equality(struct parser *ps)
{
	uint32_t v = parse_relational(ps);
	for (;;) {
		if (accept(ps, "==", NULL))
			v = v == parse_relational(ps);
		else if (accept(ps, "!=", NULL))
			v = v != parse_relational(ps);
		else
			return v;
	}
}

static uint32_t parse_bitand(struct parser *ps)
{
	uint32_t v = parse_equality(ps);
	while (accept(ps, "&", "&"))
		v &= parse_equality(ps);
	return v;
}

static uint32_t parse_bitxor(struct parser *ps)
{
	uint32_t v = parse_bitand(ps);
	while (accept(ps, "^", NULL))
		v ^= parse_bitand(ps);
	return v;
}

static uint32_t parse_bitor(struct parser *ps)
{
	uint32_t v = parse_bitxor(ps);
	while (accept(ps, "|", "|"))
		v |= parse_bitxor(ps);
	return v;
}

/* && and || evaluate both sides (memory reads have no side effects
 * worth skipping), but a failed read on either side is an error. */
static uint32_t parse_and(struct parser *ps)
{
	uint32_t v = parse_bitor(ps);
	while (accept(ps, "&&", NULL)) {
		uint32_t r = parse_bitor(ps);
		v = v && r;
	}
	return v;
}

static uint32_t parse_or(struct parser *ps)
{
	if (++ps->depth > EXPR_MAX_DEPTH) {
		fail(ps, "expression nested too deeply");
		ps->depth--;
		return 0;
	}
	uint32_t v = parse_and(ps);
	while (accept(ps, "||", NULL)) {
		uint32_t r = parse_and(ps);
		v = v || r;
	}
	ps->depth--;
	return v;
}

int expr_eval(const struct expr_env *env, const char *text, uint32_t *value, char *err, size_t errlen)
{
	struct parser ps = {.env = env, .text = text, .p = text, .err = err, .errlen = errlen};
	if (err && errlen)
		err[0] = 0;
	skip_space(&ps);
	if (!*ps.p) {
		fail(&ps, "empty expression");
		return -1;
	}
	uint32_t v = parse_or(&ps);
	skip_space(&ps);
	if (!ps.failed && *ps.p)
		fail(&ps, "unexpected '%c' at column %u", *ps.p, column(&ps));
	if (ps.failed)
		return -1;
	*value = v;
	return 0;
}
