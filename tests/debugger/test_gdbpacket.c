/* Unit tests for the gdb remote protocol's packet layer
 * (debugger/gdbpacket.c): checksums, framing, escaping, run-length
 * encoding, hex, bad input, and random bytes fed to the receiver. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "debugger/gdbpacket.h"

static struct gdb_rx rx;

/* Feeds a string; returns the last event that was not GDB_RX_NONE. */
static enum gdb_rx_event feed(const char *bytes, size_t len)
{
	enum gdb_rx_event last = GDB_RX_NONE;
	for (size_t k = 0; k < len; k++) {
		enum gdb_rx_event e = gdb_rx_feed(&rx, (uint8_t)bytes[k]);
		if (e != GDB_RX_NONE)
			last = e;
	}
	return last;
}

static enum gdb_rx_event feed_str(const char *s)
{
	return feed(s, strlen(s));
}

static char framed[2 * GDB_PACKET_MAX + 8];
static size_t framed_len;

static const char *frame(const char *data, size_t len, bool rle)
{
	long n = gdb_frame(data, len, rle, framed, sizeof(framed) - 1);
	ck_assert_int_ge(n, 0);
	framed[n] = 0;
	framed_len = (size_t)n;
	return framed;
}

START_TEST(test_checksum_and_frame)
{
	ck_assert_uint_eq(gdb_checksum("OK", 2), 0x9a);
	ck_assert_uint_eq(gdb_checksum("", 0), 0);
	ck_assert_str_eq(frame("OK", 2, false), "$OK#9a");
	ck_assert_str_eq(frame("", 0, true), "$#00");
	ck_assert_str_eq(frame("qSupported", 10, true), "$qSupported#37");
	/* Too small a buffer: -1, never a write past it. */
	char small[5];
	ck_assert_int_eq(gdb_frame("OK", 2, false, small, sizeof(small)), -1);
	ck_assert_int_eq(gdb_frame("OK", 2, false, small, 1), -1);
	ck_assert_int_eq(gdb_frame("OK", 2, false, framed, 6), 6);
}
END_TEST

START_TEST(test_receive)
{
	gdb_rx_init(&rx);
	ck_assert_int_eq(feed_str("$g#67"), GDB_RX_PACKET);
	ck_assert_uint_eq(rx.len, 1);
	ck_assert_str_eq(rx.data, "g");
	/* Acks, Ctrl-C and noise between packets. */
	ck_assert_int_eq(feed_str("+"), GDB_RX_ACK);
	ck_assert_int_eq(feed_str("-"), GDB_RX_NACK);
	ck_assert_int_eq(feed_str("\x03"), GDB_RX_INTERRUPT);
	ck_assert_int_eq(feed_str("xyz\r\n"), GDB_RX_NONE);
	/* Upper-case checksum digits are fine. */
	ck_assert_int_eq(feed_str("$OK#9A"), GDB_RX_PACKET);
	ck_assert_str_eq(rx.data, "OK");
	/* A '$' inside a packet starts it again. */
	ck_assert_int_eq(feed_str("$abc$OK#9a"), GDB_RX_PACKET);
	ck_assert_str_eq(rx.data, "OK");
	/* An empty packet. */
	ck_assert_int_eq(feed_str("$#00"), GDB_RX_PACKET);
	ck_assert_uint_eq(rx.len, 0);
}
END_TEST

START_TEST(test_bad_checksums)
{
	gdb_rx_init(&rx);
	ck_assert_int_eq(feed_str("$OK#9b"), GDB_RX_BAD);
	ck_assert_int_eq(feed_str("$OK#zz"), GDB_RX_BAD);
	ck_assert_int_eq(feed_str("$OK#9"), GDB_RX_NONE);
	ck_assert_int_eq(feed_str("g"), GDB_RX_BAD);
	/* The receiver is ready for the next packet after each. */
	ck_assert_int_eq(feed_str("$OK#9a"), GDB_RX_PACKET);
}
END_TEST

START_TEST(test_escapes)
{
	/* '$', '#', '}' and '*' go as '}' and the byte XOR 0x20. */
	const char data[] = "a$b#c}d*e\x03";
	ck_assert_str_eq(frame(data, 10, false), "$a}\x04"
						 "b}\x03"
						 "c}]d}\x0a"
						 "e\x03#54");
	gdb_rx_init(&rx);
	ck_assert_int_eq(feed_str(framed), GDB_RX_PACKET);
	ck_assert_uint_eq(rx.len, 10);
	ck_assert_mem_eq(rx.data, data, 10);
	/* Binary zeros survive (X packets). */
	const char zeros[4] = {0, 1, 0, 2};
	frame(zeros, 4, false);
	ck_assert_uint_eq(framed_len, 8);
	ck_assert_int_eq(feed(framed, framed_len), GDB_RX_PACKET);
	ck_assert_uint_eq(rx.len, 4);
	ck_assert_mem_eq(rx.data, zeros, 4);
}
END_TEST

START_TEST(test_run_length)
{
	/* The protocol's example: "0* " is four zeros. */
	char out[64];
	ck_assert_int_eq(gdb_decode((const uint8_t *)"0* ", 3, out, sizeof(out)), 4);
	ck_assert_mem_eq(out, "0000", 4);
	/* Ten zeros: '0', then 9 more as 29 + 9 = '&'. */
	ck_assert_str_eq(frame("0000000000", 10, true), "$0*&#80");
	/* Runs of 7 and 8 would need '#' and '$' as the count: they are cut
	 * to 6 (count '"') and the rest sent plainly. */
	for (size_t run = 1; run < 300; run++) {
		char data[300];
		memset(data, 'f', run);
		frame(data, run, true);
		ck_assert_ptr_null(memchr(framed + 1, '$', strlen(framed) - 1));
		ck_assert_ptr_eq(strchr(framed, '#'), framed + strlen(framed) - 3);
		gdb_rx_init(&rx);
		ck_assert_int_eq(feed_str(framed), GDB_RX_PACKET);
		ck_assert_uint_eq(rx.len, run);
		ck_assert_mem_eq(rx.data, data, run);
	}
	ck_assert_str_eq(frame("xxxxxxx", 7, true), "$x*\"x#3c");
}
END_TEST

START_TEST(test_bad_encodings)
{
	char out[16];
	/* An escape or a repeat at the end, a repeat first, counts out of
	 * range, and expansions that do not fit. */
	ck_assert_int_eq(gdb_decode((const uint8_t *)"ab}", 3, out, sizeof(out)), -1);
	ck_assert_int_eq(gdb_decode((const uint8_t *)"ab*", 3, out, sizeof(out)), -1);
	ck_assert_int_eq(gdb_decode((const uint8_t *)"* ", 2, out, sizeof(out)), -1);
	ck_assert_int_eq(gdb_decode((const uint8_t *)"a*\x1f", 3, out, sizeof(out)), -1);
	ck_assert_int_eq(gdb_decode((const uint8_t *)"a*\x7f", 3, out, sizeof(out)), -1);
	ck_assert_int_eq(gdb_decode((const uint8_t *)"a*~", 3, out, sizeof(out)), -1);
	ck_assert_int_eq(gdb_decode((const uint8_t *)"0123456789abcdefg", 17, out, sizeof(out)), -1);
	ck_assert_int_eq(gdb_decode((const uint8_t *)"0123456789abcdef", 16, out, sizeof(out)), 16);
	/* Through the receiver: a good checksum over bad data is unusable
	 * (acknowledged, answered with an error), not asked again. */
	gdb_rx_init(&rx);
	char packet[16];
	snprintf(packet, sizeof(packet), "$ab}#%02x", gdb_checksum("ab}", 3));
	ck_assert_int_eq(feed_str(packet), GDB_RX_UNUSABLE);
	ck_assert_int_eq(feed_str("$OK#9a"), GDB_RX_PACKET);
}
END_TEST

START_TEST(test_too_long)
{
	gdb_rx_init(&rx);
	size_t n = GDB_PACKET_MAX + 100;
	char *p = malloc(n + 5);
	ck_assert_ptr_nonnull(p);
	p[0] = '$';
	memset(p + 1, 'a', n);
	snprintf(p + 1 + n, 4, "#%02x", (unsigned)(uint8_t)(n * 'a'));
	ck_assert_int_eq(feed(p, n + 4), GDB_RX_UNUSABLE);
	/* The longest that fits, expanded by run-length to just the limit. */
	ck_assert_int_eq(feed_str("$OK#9a"), GDB_RX_PACKET);
	memset(p + 1, 'b', GDB_PACKET_MAX);
	snprintf(p + 1 + GDB_PACKET_MAX, 4, "#%02x", (unsigned)(uint8_t)(GDB_PACKET_MAX * 'b'));
	ck_assert_int_eq(feed(p, GDB_PACKET_MAX + 4), GDB_RX_PACKET);
	ck_assert_uint_eq(rx.len, GDB_PACKET_MAX);
	free(p);
	/* A repeat that would expand past the limit. */
	char out[8];
	ck_assert_int_eq(gdb_decode((const uint8_t *)"ab*~", 4, out, sizeof(out)), -1);
}
END_TEST

START_TEST(test_hex)
{
	uint64_t v;
	ck_assert_ptr_nonnull(gdb_parse_hex("7c00,", &v));
	ck_assert_uint_eq(v, 0x7c00);
	ck_assert_str_eq(gdb_parse_hex("FfFf:x", &v), ":x");
	ck_assert_uint_eq(v, 0xffff);
	ck_assert_ptr_nonnull(gdb_parse_hex("ffffffffffffffff", &v));
	ck_assert_uint_eq(v, UINT64_MAX);
	ck_assert_ptr_null(gdb_parse_hex("1ffffffffffffffff", &v));
	ck_assert_ptr_null(gdb_parse_hex("", &v));
	ck_assert_ptr_null(gdb_parse_hex(",1", &v));
	uint8_t b[4];
	ck_assert(gdb_hex_decode("0aFf10", 3, b));
	ck_assert_uint_eq(b[0], 0x0a);
	ck_assert_uint_eq(b[1], 0xff);
	ck_assert_uint_eq(b[2], 0x10);
	ck_assert(!gdb_hex_decode("0g", 1, b));
	ck_assert(!gdb_hex_decode("g0", 1, b));
	char hex[8];
	ck_assert_uint_eq(gdb_hex_encode("\x01\xab", 2, hex), 4);
	ck_assert_mem_eq(hex, "01ab", 4);
}
END_TEST

/* Random bytes, then random payloads framed and read back. */
START_TEST(test_fuzz)
{
	srand(12345);
	gdb_rx_init(&rx);
	unsigned counts[GDB_RX_NACK + 1] = {0};
	static uint8_t noise[1 << 20];
	for (size_t k = 0; k < sizeof(noise); k++) {
		/* Some bias towards the protocol's own characters. */
		static const char special[] = "$#}*+-\x03" "0123456789abcdef";
		noise[k] = rand() % 4 ? (uint8_t)rand() : (uint8_t)special[rand() % (sizeof(special) - 1)];
	}
	for (size_t k = 0; k < sizeof(noise); k++) {
		enum gdb_rx_event e = gdb_rx_feed(&rx, noise[k]);
		counts[e]++;
		if (e == GDB_RX_PACKET) {
			ck_assert_uint_le(rx.len, GDB_PACKET_MAX);
			ck_assert_int_eq(rx.data[rx.len], 0);
		}
	}
	ck_assert_uint_gt(counts[GDB_RX_BAD], 0);
	ck_assert_uint_gt(counts[GDB_RX_INTERRUPT], 0);
	for (int round = 0; round < 2000; round++) {
		char data[512];
		size_t len = (size_t)rand() % sizeof(data);
		for (size_t k = 0; k < len; k++)
			data[k] = rand() % 3 ? (char)rand() : data[k ? k - 1 : 0];
		frame(data, len, round & 1);
		gdb_rx_init(&rx);
		ck_assert_int_eq(feed(framed, framed_len), GDB_RX_PACKET);
		ck_assert_uint_eq(rx.len, len);
		ck_assert_mem_eq(rx.data, data, len);
		/* Decoding arbitrary bytes never writes past the buffer. */
		char out[64];
		long n = gdb_decode((const uint8_t *)data, len, out, sizeof(out));
		ck_assert_int_le(n, (long)sizeof(out));
	}
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("gdbpacket");
	TCase *tc = tcase_create("packets");
	tcase_add_test(tc, test_checksum_and_frame);
	tcase_add_test(tc, test_receive);
	tcase_add_test(tc, test_bad_checksums);
	tcase_add_test(tc, test_escapes);
	tcase_add_test(tc, test_run_length);
	tcase_add_test(tc, test_bad_encodings);
	tcase_add_test(tc, test_too_long);
	tcase_add_test(tc, test_hex);
	tcase_add_test(tc, test_fuzz);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
