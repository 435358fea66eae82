/* FBLD and FBSTP: 18-digit packed BCD. */
#include "cpu/fpu/internal.h"

#define BCD_DIGITS 18
#define BCD_MAX UINT64_C(999999999999999999)

/* SDM FBLD: exact (18 digits < 2^60).  Digits above 9 give an undefined
 * result; here they simply weigh their binary value. */
x87_f80 x87_from_bcd(const uint8_t bcd[10])
{
	uint64_t magnitude = 0;
	for (int i = 8; i >= 0; i--)
		magnitude = magnitude * 100 + (uint64_t)(bcd[i] >> 4) * 10 + (bcd[i] & 15);
	bool sign = bcd[9] >> 7;
	if (magnitude == 0)
		return x87_zero(sign); /* -0 loads as -0 */
	int shift = x87_clz64(magnitude);
	return x87_make(sign, (uint16_t)(X87_EXP_BIAS + 63 - shift), magnitude << shift);
}

/* The packed BCD indefinite, FFFF C000 0000 0000 0000h (SDM 4.7). */
static void store_indefinite(uint8_t bcd[10])
{
	for (int i = 0; i < 10; i++)
		bcd[i] = 0;
	bcd[9] = 0xFF;
	bcd[8] = 0xFF;
	bcd[7] = 0xC0;
}

void x87_to_bcd(x87_env *env, x87_f80 a, uint8_t bcd[10])
{
	enum x87_class ca = x87_classify(a);
	env->cc = 0;
	uint64_t integer = 0;
	bool sign = x87_sign(a);
	if (ca != X87_CLASS_ZERO) {
		if (!x87_class_is_finite(ca)) {
			x87_raise(env, X87_EX_INVALID);
			store_indefinite(bcd);
			return;
		}
		x87_unpacked u = x87_unpack(a);
		uint64_t fraction;
		bool inexact = false, up = false, carry = false;
		if (x87_split_integer(u, &integer, &fraction))
			integer = x87_round_bits(integer, fraction, 0, env->rounding, u.sign, &inexact,
						 &up, &carry);
		else
			carry = true;
		if (carry || integer > BCD_MAX) {
			x87_raise(env, X87_EX_INVALID);
			store_indefinite(bcd);
			return;
		}
		if (inexact)
			x87_raise(env, X87_EX_INEXACT);
		x87_set_c1(env, up);
	}
	for (int i = 0; i < 9; i++) {
		uint8_t low = (uint8_t)(integer % 10);
		integer /= 10;
		bcd[i] = (uint8_t)(low | (integer % 10) << 4);
		integer /= 10;
	}
	bcd[9] = sign ? 0x80 : 0; /* bits 78-72 are zeros on store */
}
