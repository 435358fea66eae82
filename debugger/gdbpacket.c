/* The gdb remote protocol's packet layer; see gdbpacket.h. */
#include "debugger/gdbpacket.h"

#include <string.h>

/* A repeat count is sent as the character 29 + n (n more copies), and
 * must be printable and neither '#' nor '$' (n = 6, 7). */
#define RLE_BIAS 29
#define RLE_MIN_EXTRA 3  /* below this, repeating costs more than it saves */
#define RLE_MAX_EXTRA 97 /* '~' */

uint8_t gdb_checksum(const void *data, size_t len)
{
	const uint8_t *p = data;
	unsigned sum = 0;
	for (size_t k = 0; k < len; k++)
		sum += p[k];
	return (uint8_t)sum;
}

int gdb_hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

void gdb_hex_byte(uint8_t b, char out[2])
{
	static const char digits[] = "0123456789abcdef";
	out[0] = digits[b >> 4];
	out[1] = digits[b & 15];
}

size_t gdb_hex_encode(const void *data, size_t len, char *out)
{
	const uint8_t *p = data;
	for (size_t k = 0; k < len; k++)
		gdb_hex_byte(p[k], out + 2 * k);
	return 2 * len;
}

bool gdb_hex_decode(const char *text, size_t len, void *out)
{
	uint8_t *p = out;
	for (size_t k = 0; k < len; k++) {
		int hi = gdb_hex_digit((unsigned char)text[2 * k]);
		int lo = hi < 0 ? -1 : gdb_hex_digit((unsigned char)text[2 * k + 1]);
		if (lo < 0)
			return false;
		p[k] = (uint8_t)(hi << 4 | lo);
	}
	return true;
}

const char *gdb_parse_hex(const char *s, uint64_t *value)
{
	uint64_t v = 0;
	int n = 0, digit;
	while ((digit = gdb_hex_digit((unsigned char)*s)) >= 0) {
		if (++n > 16)
			return NULL;
		v = v << 4 | (unsigned)digit;
		s++;
	}
	if (!n)
		return NULL;
	*value = v;
	return s;
}

long gdb_decode(const uint8_t *raw, size_t len, char *out, size_t outmax)
{
	size_t n = 0;
	for (size_t k = 0; k < len; k++) {
		uint8_t c = raw[k];
		if (c == '}') {
			if (++k >= len)
				return -1;
			c = raw[k] ^ 0x20;
		} else if (c == '*') {
			if (n == 0 || ++k >= len)
				return -1;
			int extra = (int)raw[k] - RLE_BIAS;
			if (extra < RLE_MIN_EXTRA || extra > RLE_MAX_EXTRA)
				return -1;
			if ((size_t)extra > outmax - n)
				return -1;
			memset(out + n, out[n - 1], (size_t)extra);
			n += (size_t)extra;
			continue;
		}
		if (n >= outmax)
			return -1;
		out[n++] = (char)c;
	}
	return (long)n;
}

static bool needs_escape(uint8_t c)
{
	return c == '$' || c == '#' || c == '}' || c == '*';
}

long gdb_frame(const void *data, size_t len, bool rle, char *out, size_t outmax)
{
	const uint8_t *p = data;
	size_t n = 0;
	unsigned sum = 0;
#define PUT(ch)                          \
	do {                             \
		if (n >= outmax)         \
			return -1;       \
		out[n++] = (char)(ch);   \
	} while (0)
#define PUT_DATA(ch)             \
	do {                     \
		uint8_t b_ = (ch); \
		sum += b_;       \
		PUT(b_);         \
	} while (0)
	PUT('$');
	for (size_t k = 0; k < len;) {
		uint8_t c = p[k];
		if (needs_escape(c)) {
			PUT_DATA('}');
			PUT_DATA(c ^ 0x20);
			k++;
			continue;
		}
		PUT_DATA(c);
		size_t run = 1;
		while (rle && k + run < len && p[k + run] == c && run - 1 < RLE_MAX_EXTRA)
			run++;
		size_t extra = run - 1;
		if (extra == 6 || extra == 7)
			extra = 5;
		if (extra >= RLE_MIN_EXTRA) {
			PUT_DATA('*');
			PUT_DATA(RLE_BIAS + extra);
			k += 1 + extra;
		} else {
			k++;
		}
	}
	PUT('#');
	char hex[2];
	gdb_hex_byte((uint8_t)sum, hex);
	PUT(hex[0]);
	PUT(hex[1]);
#undef PUT
#undef PUT_DATA
	return (long)n;
}

void gdb_rx_init(struct gdb_rx *rx)
{
	rx->state = RX_IDLE;
	rx->raw_len = 0;
	rx->overflow = false;
	rx->len = 0;
	rx->data[0] = 0;
}

enum gdb_rx_event gdb_rx_feed(struct gdb_rx *rx, uint8_t byte)
{
	switch (rx->state) {
	case RX_IDLE:
		if (byte == '$') {
			rx->state = RX_DATA;
			rx->raw_len = 0;
			rx->overflow = false;
			rx->sum = 0;
		} else if (byte == 0x03) {
			return GDB_RX_INTERRUPT;
		} else if (byte == '+') {
			return GDB_RX_ACK;
		} else if (byte == '-') {
			return GDB_RX_NACK;
		}
		/* Anything else between packets is noise. */
		return GDB_RX_NONE;
	case RX_DATA:
		if (byte == '#') {
			rx->state = RX_SUM1;
			return GDB_RX_NONE;
		}
		if (byte == '$') {
			/* A new packet before the end of this one: the rest
			 * of it was lost; start again. */
			rx->raw_len = 0;
			rx->overflow = false;
			rx->sum = 0;
			return GDB_RX_NONE;
		}
		rx->sum = (uint8_t)(rx->sum + byte);
		if (rx->raw_len < sizeof(rx->raw))
			rx->raw[rx->raw_len++] = byte;
		else
			rx->overflow = true;
		return GDB_RX_NONE;
	case RX_SUM1: {
		int v = gdb_hex_digit(byte);
		if (v < 0) {
			rx->state = RX_IDLE;
			return GDB_RX_BAD;
		}
		rx->given = (uint8_t)v;
		rx->state = RX_SUM2;
		return GDB_RX_NONE;
	}
	case RX_SUM2: {
		int v = gdb_hex_digit(byte);
		rx->state = RX_IDLE;
		if (v < 0 || (uint8_t)(rx->given << 4 | v) != rx->sum)
			return GDB_RX_BAD;
		long n = rx->overflow ? -1 : gdb_decode(rx->raw, rx->raw_len, rx->data, GDB_PACKET_MAX);
		if (n < 0)
			return GDB_RX_UNUSABLE;
		rx->len = (size_t)n;
		rx->data[n] = 0;
		return GDB_RX_PACKET;
	}
	}
	return GDB_RX_NONE;
}
