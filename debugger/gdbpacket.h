/* The gdb remote protocol's packet layer, without any I/O: framing
 * ("$data#cs"), checksums, escaping ('}' then the byte XOR 0x20),
 * run-length encoding ("X*n": n - 29 more copies of X) and hex.  The
 * stub (gdbstub.c) feeds it the bytes it reads and sends what it frames;
 * tests/debugger/test_gdbpacket.c feeds it everything else.
 *
 * GDB Remote Serial Protocol, "Overview": a packet is '$', the data, '#'
 * and two hex digits of the sum of the data bytes modulo 256; the data
 * may not contain '$', '#' or '}' unescaped; '*' introduces a repeat
 * count.  The receiver acknowledges with '+' or asks again with '-'. */
#ifndef GLASSPC_DEBUGGER_GDBPACKET_H
#define GLASSPC_DEBUGGER_GDBPACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest packet data we accept or send, as qSupported announces it
 * (PacketSize=4000 in hex): enough for a 'g' reply with every register
 * and for 8 KiB of memory in hex. */
#define GDB_PACKET_MAX 0x4000

/* What one byte fed to the receiver completed. */
enum gdb_rx_event {
	GDB_RX_NONE,       /* nothing yet */
	GDB_RX_PACKET,     /* a packet with a good checksum: rx->data, rx->len */
	GDB_RX_BAD,        /* a complete packet with a bad checksum or encoding: ask again ('-') */
	GDB_RX_UNUSABLE,   /* a good checksum, but too long (GDB_PACKET_MAX) or badly encoded:
			    * acknowledge, and reply with an error (asking again would loop) */
	GDB_RX_INTERRUPT,  /* 0x03 between packets: gdb's Ctrl-C */
	GDB_RX_ACK,        /* '+' */
	GDB_RX_NACK,       /* '-': send the last packet again */
};

struct gdb_rx {
	enum { RX_IDLE, RX_DATA, RX_SUM1, RX_SUM2 } state;
	uint8_t raw[GDB_PACKET_MAX]; /* as received, escapes and repeats included */
	size_t raw_len;
	bool overflow;
	uint8_t sum;      /* of the raw bytes */
	uint8_t given;    /* the checksum's first digit, then both */
	/* The last packet, decoded, with a NUL after it (binary data may
	 * hold NULs too: use len). */
	char data[GDB_PACKET_MAX + 1];
	size_t len;
};

void gdb_rx_init(struct gdb_rx *rx);
enum gdb_rx_event gdb_rx_feed(struct gdb_rx *rx, uint8_t byte);

/* Undoes escapes and run-length encoding of raw packet data into out
 * (at most outmax bytes).  Returns the decoded length, or -1 when the
 * data is malformed (an escape or '*' at the end, a repeat with nothing
 * before it, a count out of range) or does not fit. */
long gdb_decode(const uint8_t *raw, size_t len, char *out, size_t outmax);

/* Frames data into out as "$...#cs", escaping '$', '#', '}' and '*',
 * and with rle, replacing runs of a character by run-length encoding.
 * Returns the framed length (without a NUL), or -1 when it does not fit
 * in outmax bytes. */
long gdb_frame(const void *data, size_t len, bool rle, char *out, size_t outmax);

uint8_t gdb_checksum(const void *data, size_t len);

/* Hex: value of a digit (-1 if none); "1f" from a byte. */
int gdb_hex_digit(int c);
void gdb_hex_byte(uint8_t b, char out[2]);
/* Encodes len bytes as 2 * len hex digits (no NUL); returns 2 * len. */
size_t gdb_hex_encode(const void *data, size_t len, char *out);
/* Decodes exactly 2 * len hex digits from text; false on a bad digit. */
bool gdb_hex_decode(const char *text, size_t len, void *out);
/* Parses a hex number of at most 16 digits up to a character not a hex
 * digit; returns the position after it, or NULL when there is no digit
 * or it overflows 64 bits. */
const char *gdb_parse_hex(const char *s, uint64_t *value);

#endif
