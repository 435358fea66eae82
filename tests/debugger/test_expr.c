/* Unit tests for the debugger's expression evaluator (debugger/expr.c),
 * against a fake environment: a few registers, one symbol and 64 bytes
 * of memory. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "debugger/expr.h"

static uint8_t memory[64];

static bool fake_lookup(void *opaque, const char *name, size_t len, uint32_t *value)
{
	static const struct {
		const char *name;
		uint32_t value;
	} names[] = {{"eax", 0xFFFFFFFFu}, {"ebx", 0x12345678u}, {"bh", 0x56}, {"ax", 0xFFFF}, {"main", 0x7C00},
		     {"_start.loop", 0x7C10}};
	for (unsigned k = 0; k < sizeof(names) / sizeof(names[0]); k++)
		if (strlen(names[k].name) == len && !strncmp(names[k].name, name, len)) {
			*value = names[k].value;
			return true;
		}
	return false;
}

static bool fake_read(void *opaque, uint32_t addr, unsigned size, uint32_t *value)
{
	if (addr > sizeof(memory) - size)
		return false;
	uint32_t v = 0;
	for (unsigned k = 0; k < size; k++)
		v |= (uint32_t)memory[addr + k] << (8 * k);
	*value = v;
	return true;
}

static const struct expr_env env = {fake_lookup, fake_read, NULL};

static uint32_t eval_ok(const char *text)
{
	uint32_t v = 0xDEADBEEF;
	char err[EXPR_ERROR_MAX];
	int r = expr_eval(&env, text, &v, err, sizeof(err));
	ck_assert_msg(r == 0, "'%s' failed: %s", text, err);
	return v;
}

static const char *eval_error(const char *text)
{
	static char err[EXPR_ERROR_MAX];
	uint32_t v = 0;
	ck_assert_msg(expr_eval(&env, text, &v, err, sizeof(err)) == -1, "'%s' should fail", text);
	ck_assert_msg(err[0] != 0, "'%s' gave no message", text);
	return err;
}

START_TEST(test_numbers)
{
	ck_assert_uint_eq(eval_ok("0x7c00"), 0x7C00);
	ck_assert_uint_eq(eval_ok("7c00h"), 0x7C00);
	ck_assert_uint_eq(eval_ok("0ffh"), 0xFF);
	ck_assert_uint_eq(eval_ok("31744"), 31744);
	ck_assert_uint_eq(eval_ok("0XFFFFFFFF"), 0xFFFFFFFFu);
	ck_assert_uint_eq(eval_ok("  42  "), 42);
	ck_assert_str_eq(eval_error("0x100000000"), "number '0x100000000' does not fit in 32 bits");
	eval_error("12ab");
	eval_error("0x");
	eval_error("0fg");
}
END_TEST

START_TEST(test_operators_and_precedence)
{
	ck_assert_uint_eq(eval_ok("1+2*3"), 7);
	ck_assert_uint_eq(eval_ok("(1+2)*3"), 9);
	ck_assert_uint_eq(eval_ok("10-4-3"), 3);
	ck_assert_uint_eq(eval_ok("100/7%4"), 2);
	ck_assert_uint_eq(eval_ok("1<<4|1"), 17);
	ck_assert_uint_eq(eval_ok("0x80>>3"), 0x10);
	ck_assert_uint_eq(eval_ok("1<<32"), 0);
	ck_assert_uint_eq(eval_ok("0xF0&0x3C^0x01"), 0x31);
	ck_assert_uint_eq(eval_ok("~0"), 0xFFFFFFFFu);
	ck_assert_uint_eq(eval_ok("-1"), 0xFFFFFFFFu);
	ck_assert_uint_eq(eval_ok("!5"), 0);
	ck_assert_uint_eq(eval_ok("!0"), 1);
	ck_assert_uint_eq(eval_ok("3 < 4"), 1);
	ck_assert_uint_eq(eval_ok("4 <= 4"), 1);
	ck_assert_uint_eq(eval_ok("5 > 4 == 1"), 1);
	ck_assert_uint_eq(eval_ok("4 >= 5"), 0);
	ck_assert_uint_eq(eval_ok("2 != 2"), 0);
	ck_assert_uint_eq(eval_ok("1 && 0 || 1"), 1);
	ck_assert_uint_eq(eval_ok("1 && 2"), 1);
	ck_assert_uint_eq(eval_ok("0 || 0"), 0);
	ck_assert_uint_eq(eval_ok("1 & 2 == 2"), 1); /* == binds tighter than &, as in C */
	ck_assert_uint_eq(eval_ok("0xFFFFFFFF + 2"), 1); /* 32-bit wrap, as the guest */
}
END_TEST

START_TEST(test_names_and_memory)
{
	memory[0x10] = 0x78;
	memory[0x11] = 0x56;
	memory[0x12] = 0x34;
	memory[0x13] = 0x12;
	ck_assert_uint_eq(eval_ok("eax == -1"), 1);
	ck_assert_uint_eq(eval_ok("ebx & 0xFF"), 0x78);
	ck_assert_uint_eq(eval_ok("bh"), 0x56);
	ck_assert_uint_eq(eval_ok("main+0x10"), 0x7C10);
	ck_assert_uint_eq(eval_ok("_start.loop"), 0x7C10);
	ck_assert_uint_eq(eval_ok("[0x10]"), 0x12345678);
	ck_assert_uint_eq(eval_ok("byte [0x10]"), 0x78);
	ck_assert_uint_eq(eval_ok("word ptr [0x11]"), 0x3456);
	ck_assert_uint_eq(eval_ok("dword [8+8]"), 0x12345678);
	ck_assert_uint_eq(eval_ok("[0x10] == 0x12345678 && ax == 0xffff"), 1);
	ck_assert_str_eq(eval_error("foo + 1"), "unknown name 'foo'");
	ck_assert_str_eq(eval_error("[0x1000]"), "cannot read memory at 0x00001000");
	ck_assert_str_eq(eval_error("[0x10"), "missing ']' at column 6");
	eval_error("byte 5");
}
END_TEST

START_TEST(test_errors)
{
	ck_assert_str_eq(eval_error("1/0"), "division by zero");
	ck_assert_str_eq(eval_error("5 % (2-2)"), "division by zero");
	ck_assert_str_eq(eval_error(""), "empty expression");
	ck_assert_str_eq(eval_error("1 +"), "expression ends too early");
	ck_assert_str_eq(eval_error("(1"), "missing ')' at column 3");
	ck_assert_str_eq(eval_error("1 2"), "unexpected '2' at column 3");
	ck_assert_str_eq(eval_error("1 # 2"), "unexpected '#' at column 3");
	/* Hostile nesting is refused, not a stack overflow. */
	char deep[4096];
	memset(deep, '(', sizeof(deep) - 1);
	deep[sizeof(deep) - 1] = 0;
	ck_assert_str_eq(eval_error(deep), "expression nested too deeply");
	memset(deep, '-', sizeof(deep) - 2);
	deep[sizeof(deep) - 2] = '1';
	ck_assert_str_eq(eval_error(deep), "expression nested too deeply");
	/* No environment: names and memory are errors, not crashes. */
	uint32_t v;
	char err[EXPR_ERROR_MAX];
	ck_assert_int_eq(expr_eval(NULL, "eax", &v, err, sizeof(err)), -1);
	ck_assert_int_eq(expr_eval(NULL, "[0]", &v, err, sizeof(err)), -1);
	ck_assert_int_eq(expr_eval(NULL, "2*21", &v, NULL, 0), 0);
	ck_assert_uint_eq(v, 42);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("debugger-expr");
	TCase *tc = tcase_create("expr");
	tcase_add_test(tc, test_numbers);
	tcase_add_test(tc, test_operators_and_precedence);
	tcase_add_test(tc, test_names_and_memory);
	tcase_add_test(tc, test_errors);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
