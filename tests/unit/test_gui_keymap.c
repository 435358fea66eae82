/* SDL scancodes to PS/2 set 2 make and break codes (values from the IBM
 * PC/AT keyboard's scan code set 2 table). */
#include <SDL_scancode.h>
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "gui/keymap.h"

static void expect_codes(int scancode, bool down, const uint8_t *want, size_t n)
{
	uint8_t codes[KEYMAP_MAX_CODES];
	size_t got = keymap_set2(scancode, down, codes);
	ck_assert_uint_eq(got, n);
	ck_assert_int_eq(memcmp(codes, want, n), 0);
}

#define EXPECT(sc, down, ...)                                                  \
	do {                                                                   \
		static const uint8_t want_[] = {__VA_ARGS__};                  \
		expect_codes(sc, down, want_, sizeof(want_));                  \
	} while (0)

START_TEST(test_normal_keys)
{
	EXPECT(SDL_SCANCODE_A, true, 0x1C);
	EXPECT(SDL_SCANCODE_A, false, 0xF0, 0x1C);
	EXPECT(SDL_SCANCODE_Z, true, 0x1A);
	EXPECT(SDL_SCANCODE_1, true, 0x16);
	EXPECT(SDL_SCANCODE_0, true, 0x45);
	EXPECT(SDL_SCANCODE_RETURN, true, 0x5A);
	EXPECT(SDL_SCANCODE_ESCAPE, false, 0xF0, 0x76);
	EXPECT(SDL_SCANCODE_SPACE, true, 0x29);
	EXPECT(SDL_SCANCODE_LSHIFT, true, 0x12);
	EXPECT(SDL_SCANCODE_RSHIFT, true, 0x59);
	EXPECT(SDL_SCANCODE_LCTRL, true, 0x14);
	EXPECT(SDL_SCANCODE_LALT, true, 0x11);
	EXPECT(SDL_SCANCODE_F1, true, 0x05);
	EXPECT(SDL_SCANCODE_F7, true, 0x83);
	EXPECT(SDL_SCANCODE_F12, false, 0xF0, 0x07);
	EXPECT(SDL_SCANCODE_CAPSLOCK, true, 0x58);
	EXPECT(SDL_SCANCODE_NUMLOCKCLEAR, true, 0x77);
	EXPECT(SDL_SCANCODE_SCROLLLOCK, true, 0x7E);
}
END_TEST

START_TEST(test_keypad_and_international)
{
	EXPECT(SDL_SCANCODE_KP_7, true, 0x6C);
	EXPECT(SDL_SCANCODE_KP_0, true, 0x70);
	EXPECT(SDL_SCANCODE_KP_PERIOD, true, 0x71);
	EXPECT(SDL_SCANCODE_KP_MULTIPLY, true, 0x7C);
	EXPECT(SDL_SCANCODE_KP_MINUS, true, 0x7B);
	EXPECT(SDL_SCANCODE_KP_PLUS, false, 0xF0, 0x79);
	EXPECT(SDL_SCANCODE_KP_ENTER, true, 0xE0, 0x5A);
	EXPECT(SDL_SCANCODE_KP_DIVIDE, false, 0xE0, 0xF0, 0x4A);
	EXPECT(SDL_SCANCODE_NONUSBACKSLASH, true, 0x61);
	EXPECT(SDL_SCANCODE_INTERNATIONAL1, true, 0x51);
	EXPECT(SDL_SCANCODE_INTERNATIONAL3, true, 0x6A);
	EXPECT(SDL_SCANCODE_INTERNATIONAL4, true, 0x64);
	EXPECT(SDL_SCANCODE_INTERNATIONAL5, true, 0x67);
}
END_TEST

START_TEST(test_extended_keys)
{
	EXPECT(SDL_SCANCODE_RIGHT, true, 0xE0, 0x74);
	EXPECT(SDL_SCANCODE_RIGHT, false, 0xE0, 0xF0, 0x74);
	EXPECT(SDL_SCANCODE_UP, true, 0xE0, 0x75);
	EXPECT(SDL_SCANCODE_INSERT, true, 0xE0, 0x70);
	EXPECT(SDL_SCANCODE_DELETE, false, 0xE0, 0xF0, 0x71);
	EXPECT(SDL_SCANCODE_HOME, true, 0xE0, 0x6C);
	EXPECT(SDL_SCANCODE_PAGEDOWN, true, 0xE0, 0x7A);
	EXPECT(SDL_SCANCODE_RCTRL, true, 0xE0, 0x14);
	EXPECT(SDL_SCANCODE_RALT, false, 0xE0, 0xF0, 0x11);
	EXPECT(SDL_SCANCODE_LGUI, true, 0xE0, 0x1F);
	EXPECT(SDL_SCANCODE_APPLICATION, true, 0xE0, 0x2F);
}
END_TEST

START_TEST(test_pause_and_print_screen)
{
	EXPECT(SDL_SCANCODE_PAUSE, true, 0xE1, 0x14, 0x77, 0xE1, 0xF0, 0x14, 0xF0, 0x77);
	uint8_t codes[KEYMAP_MAX_CODES];
	ck_assert_uint_eq(keymap_set2(SDL_SCANCODE_PAUSE, false, codes), 0);
	EXPECT(SDL_SCANCODE_PRINTSCREEN, true, 0xE0, 0x12, 0xE0, 0x7C);
	EXPECT(SDL_SCANCODE_PRINTSCREEN, false, 0xE0, 0xF0, 0x7C, 0xE0, 0xF0, 0x12);
	/* Keys without a PS/2 code, and nonsense. */
	ck_assert_uint_eq(keymap_set2(SDL_SCANCODE_F24, true, codes), 0);
	ck_assert_uint_eq(keymap_set2(-5, true, codes), 0);
	ck_assert_uint_eq(keymap_set2(100000, true, codes), 0);
}
END_TEST

START_TEST(test_paste_characters)
{
	int key;
	bool shift;
	ck_assert(keymap_char('a', &key, &shift));
	ck_assert_int_eq(key, SDL_SCANCODE_A);
	ck_assert(!shift);
	ck_assert(keymap_char('Q', &key, &shift));
	ck_assert_int_eq(key, SDL_SCANCODE_Q);
	ck_assert(shift);
	ck_assert(keymap_char('!', &key, &shift));
	ck_assert_int_eq(key, SDL_SCANCODE_1);
	ck_assert(shift);
	ck_assert(keymap_char('\n', &key, &shift));
	ck_assert_int_eq(key, SDL_SCANCODE_RETURN);
	ck_assert(keymap_char(':', &key, &shift));
	ck_assert_int_eq(key, SDL_SCANCODE_SEMICOLON);
	ck_assert(shift);
	ck_assert(!keymap_char(0x80, &key, &shift));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("gui-keymap");
	TCase *tc = tcase_create("set2");
	tcase_add_test(tc, test_normal_keys);
	tcase_add_test(tc, test_keypad_and_international);
	tcase_add_test(tc, test_extended_keys);
	tcase_add_test(tc, test_pause_and_print_screen);
	tcase_add_test(tc, test_paste_characters);
	suite_add_tcase(s, tc);
	SRunner *r = srunner_create(s);
	srunner_run_all(r, CK_NORMAL);
	int failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
