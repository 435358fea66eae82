/* MOO file reader; see moo.h and the MOO File Format Specification 1.1. */
#include "tests/sst/moo.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* A decompressed test file larger than this is refused rather than
 * trusted: the largest SingleStepTests files are a few tens of MiB. */
#define MOO_MAX_FILE_SIZE (1024u * 1024u * 1024u)

/* Register order of the 16-bit register chunks (REGS, RMSK), bit 0 first. */
static const enum moo_reg regs16_order[] = {
	MOO_EAX, MOO_EBX, MOO_ECX, MOO_EDX, MOO_CS, MOO_SS, MOO_DS, MOO_ES,
	MOO_ESP, MOO_EBP, MOO_ESI, MOO_EDI, MOO_EIP, MOO_EFLAGS,
};

/* Register order of the 32-bit register chunks (RG32, RM32), bit 0 first. */
static const enum moo_reg regs32_order[] = {
	MOO_CR0, MOO_CR3, MOO_EAX, MOO_EBX, MOO_ECX, MOO_EDX, MOO_ESI, MOO_EDI,
	MOO_EBP, MOO_ESP, MOO_CS, MOO_DS, MOO_ES, MOO_FS, MOO_GS, MOO_SS,
	MOO_EIP, MOO_EFLAGS, MOO_DR6, MOO_DR7,
};

static const char *const reg_names16[MOO_REG_COUNT] = {
	"ax", "bx", "cx", "dx", "si", "di", "bp", "sp", "cs", "ds", "es", "fs", "gs", "ss",
	"ip", "flags", "cr0", "cr3", "dr6", "dr7",
};

static const char *const reg_names32[MOO_REG_COUNT] = {
	"eax", "ebx", "ecx", "edx", "esi", "edi", "ebp", "esp", "cs", "ds", "es", "fs", "gs", "ss",
	"eip", "eflags", "cr0", "cr3", "dr6", "dr7",
};

const char *moo_reg_name(enum moo_reg reg, bool wide)
{
	if ((unsigned)reg >= MOO_REG_COUNT)
		return "?";
	return wide ? reg_names32[reg] : reg_names16[reg];
}

static uint16_t get_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get_le64(const uint8_t *p)
{
	return (uint64_t)get_le32(p) | (uint64_t)get_le32(p + 4) << 32;
}

void moo_test_cycle(const struct moo_test *test, uint32_t n, struct moo_cycle *out)
{
	const uint8_t *p = test->cycles + (size_t)n * MOO_CYCLE_SIZE;
	out->pins0 = p[0];
	out->address = get_le32(p + 1);
	out->segment = p[5];
	out->mem_status = p[6];
	out->io_status = p[7];
	out->pins1 = p[8];
	out->data = get_le16(p + 9);
	out->bus_status = p[11];
	out->t_state = p[12];
	out->queue_op = p[13];
	out->queue_byte = p[14];
}

/* ---- parsing ---- */

/* Where the parse is, for error messages, and where they go. */
struct parser {
	const uint8_t *data;
	size_t len;
	char *err;
	size_t errlen;
	long test; /* position of the TEST chunk being parsed, or -1 */
};

/* A chunk header found inside [start, end) of the data. */
struct chunk {
	char type[5];     /* NUL-terminated, non-printable bytes shown as '?' */
	uint32_t raw_type;
	size_t offset;    /* of the header */
	size_t payload;   /* offset of the payload */
	uint32_t len;     /* payload length, checked to fit */
};

#define CHUNK_ID(a, b, c, d) ((uint32_t)(a) | (uint32_t)(b) << 8 | (uint32_t)(c) << 16 | (uint32_t)(d) << 24)

static int parse_fail(struct parser *ps, size_t offset, const char *fmt, ...)
{
	char msg[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (ps->err && ps->errlen) {
		if (ps->test >= 0)
			snprintf(ps->err, ps->errlen, "offset 0x%zx, test #%ld: %s", offset, ps->test, msg);
		else
			snprintf(ps->err, ps->errlen, "offset 0x%zx: %s", offset, msg);
	}
	return -1;
}

/* Reads the chunk header at *pos, which must leave the whole chunk
 * inside [*pos, end); advances *pos past the chunk. */
static int next_chunk(struct parser *ps, size_t *pos, size_t end, struct chunk *c)
{
	size_t at = *pos;
	if (end - at < 8)
		return parse_fail(ps, at, "truncated chunk header (%zu of 8 bytes)", end - at);
	const uint8_t *p = ps->data + at;
	for (int k = 0; k < 4; k++)
		c->type[k] = (p[k] >= 0x20 && p[k] < 0x7F) ? (char)p[k] : '?';
	c->type[4] = '\0';
	c->raw_type = get_le32(p);
	c->len = get_le32(p + 4);
	c->offset = at;
	c->payload = at + 8;
	if (c->len > end - c->payload)
		return parse_fail(ps, at, "chunk '%s' claims %u bytes but only %zu remain", c->type,
				  (unsigned)c->len, end - c->payload);
	*pos = c->payload + c->len;
	return 0;
}

static int need(struct parser *ps, const struct chunk *c, size_t bytes)
{
	if (c->len < bytes)
		return parse_fail(ps, c->offset, "chunk '%s' is %u bytes, needs at least %zu", c->type,
				  (unsigned)c->len, bytes);
	return 0;
}

static unsigned popcount32(uint32_t v)
{
	unsigned n = 0;
	for (; v; v &= v - 1)
		n++;
	return n;
}

/* REGS, RMSK (16-bit values) or RG32, RM32 (32-bit values): a bitmask,
 * then one value per set bit in bit order.  Bits past the known
 * registers still carry a value each, which is skipped. */
static int parse_regs(struct parser *ps, const struct chunk *c, bool wide, struct moo_regs *out)
{
	unsigned mask_size = wide ? 4 : 2, value_size = wide ? 4 : 2;
	const enum moo_reg *order = wide ? regs32_order : regs16_order;
	unsigned known = wide ? sizeof(regs32_order) / sizeof(regs32_order[0])
			      : sizeof(regs16_order) / sizeof(regs16_order[0]);
	if (need(ps, c, mask_size))
		return -1;
	const uint8_t *p = ps->data + c->payload;
	uint32_t mask = wide ? get_le32(p) : get_le16(p);
	size_t size = mask_size + (size_t)popcount32(mask) * value_size;
	if (need(ps, c, size))
		return -1;
	p += mask_size;
	for (unsigned bit = 0; bit < 32; bit++) {
		if (!((mask >> bit) & 1))
			continue;
		uint32_t v = wide ? get_le32(p) : get_le16(p);
		p += value_size;
		if (bit < known) {
			out->present |= 1u << order[bit];
			out->value[order[bit]] = v;
		}
	}
	return 0;
}

/* A length-prefixed byte string (NAME, BYTS, QUEU): le32 count, bytes. */
static int parse_counted(struct parser *ps, const struct chunk *c, size_t item_size,
			 const uint8_t **items, uint32_t *count)
{
	if (need(ps, c, 4))
		return -1;
	uint32_t n = get_le32(ps->data + c->payload);
	if ((uint64_t)n * item_size > c->len - 4)
		return parse_fail(ps, c->offset, "chunk '%s' counts %u items of %zu bytes in %u bytes",
				  c->type, (unsigned)n, item_size, (unsigned)(c->len - 4));
	*items = ps->data + c->payload + 4;
	*count = n;
	return 0;
}

static int parse_ea(struct parser *ps, const struct chunk *c, struct moo_ea *ea)
{
	if (need(ps, c, 23))
		return -1;
	const uint8_t *p = ps->data + c->payload;
	ea->segment = p[0];
	ea->selector = get_le16(p + 1);
	ea->base = get_le32(p + 3);
	ea->limit = get_le32(p + 7);
	ea->offset = get_le32(p + 11);
	ea->linear = get_le32(p + 15);
	ea->physical = get_le32(p + 19);
	return 0;
}

/* INIT or FINA: a sequence of state subchunks. */
static int parse_state(struct parser *ps, const struct chunk *outer, struct moo_state *st)
{
	size_t pos = outer->payload, end = outer->payload + outer->len;
	memset(st, 0, sizeof(*st));
	while (pos < end) {
		struct chunk c;
		if (next_chunk(ps, &pos, end, &c))
			return -1;
		switch (c.raw_type) {
		case CHUNK_ID('R', 'E', 'G', 'S'):
			if (parse_regs(ps, &c, false, &st->regs))
				return -1;
			break;
		case CHUNK_ID('R', 'G', '3', '2'):
			if (parse_regs(ps, &c, true, &st->regs))
				return -1;
			st->wide = true;
			break;
		case CHUNK_ID('R', 'M', 'S', 'K'):
			if (parse_regs(ps, &c, false, &st->masks))
				return -1;
			break;
		case CHUNK_ID('R', 'M', '3', '2'):
			if (parse_regs(ps, &c, true, &st->masks))
				return -1;
			break;
		case CHUNK_ID('R', 'A', 'M', ' '):
			if (parse_counted(ps, &c, MOO_RAM_ENTRY_SIZE, &st->ram, &st->ram_count))
				return -1;
			break;
		case CHUNK_ID('Q', 'U', 'E', 'U'):
			if (parse_counted(ps, &c, 1, &st->queue, &st->queue_len))
				return -1;
			break;
		case CHUNK_ID('E', 'A', '3', '2'):
			if (parse_ea(ps, &c, &st->ea))
				return -1;
			st->has_ea = true;
			break;
		default:
			break; /* unknown: skipped by its length */
		}
	}
	return 0;
}

static int parse_test(struct parser *ps, const struct chunk *outer, struct moo_test *t)
{
	memset(t, 0, sizeof(*t));
	if (need(ps, outer, 4))
		return -1;
	t->index = get_le32(ps->data + outer->payload);
	size_t pos = outer->payload + 4, end = outer->payload + outer->len;
	while (pos < end) {
		struct chunk c;
		if (next_chunk(ps, &pos, end, &c))
			return -1;
		const uint8_t *p = ps->data + c.payload;
		switch (c.raw_type) {
		case CHUNK_ID('N', 'A', 'M', 'E'): {
			const uint8_t *name;
			if (parse_counted(ps, &c, 1, &name, &t->name_len))
				return -1;
			t->name = (const char *)name;
			break;
		}
		case CHUNK_ID('B', 'Y', 'T', 'S'):
			if (parse_counted(ps, &c, 1, &t->bytes, &t->nbytes))
				return -1;
			break;
		case CHUNK_ID('I', 'N', 'I', 'T'):
			if (parse_state(ps, &c, &t->init))
				return -1;
			t->has_init = true;
			break;
		case CHUNK_ID('F', 'I', 'N', 'A'):
			if (parse_state(ps, &c, &t->final))
				return -1;
			t->has_final = true;
			break;
		case CHUNK_ID('C', 'Y', 'C', 'L'):
			if (parse_counted(ps, &c, MOO_CYCLE_SIZE, &t->cycles, &t->ncycles))
				return -1;
			break;
		case CHUNK_ID('E', 'X', 'C', 'P'):
			if (need(ps, &c, 5))
				return -1;
			t->has_exception = true;
			t->exception = p[0];
			t->exception_flags_addr = get_le32(p + 1);
			break;
		case CHUNK_ID('H', 'A', 'S', 'H'):
			if (need(ps, &c, MOO_HASH_SIZE))
				return -1;
			memcpy(t->hash, p, MOO_HASH_SIZE);
			t->has_hash = true;
			break;
		default:
			break; /* unknown: skipped by its length */
		}
	}
	/* A test without both states cannot be run; the initial registers
	 * must be complete, since the final state lists only changes. */
	if (!t->has_init || !t->has_final)
		return parse_fail(ps, outer->offset, "TEST chunk without %s chunk", t->has_init ? "FINA" : "INIT");
	if (!t->init.regs.present)
		return parse_fail(ps, outer->offset, "INIT chunk without registers");
	return 0;
}

static int parse_meta(struct parser *ps, const struct chunk *c, struct moo_meta *m)
{
	/* set version 2, cpu type 1, opcode 4, mnemonic 8, count 4, seed 8,
	 * mode 1, group extension 1, reserved 2. */
	if (need(ps, c, 31))
		return -1;
	const uint8_t *p = ps->data + c->payload;
	m->set_major = p[0];
	m->set_minor = p[1];
	m->cpu_type = p[2];
	m->opcode = get_le32(p + 3);
	for (int k = 0; k < 8; k++)
		m->mnemonic[k] = (p[7 + k] >= 0x20 && p[7 + k] < 0x7F) ? (char)p[7 + k] : '?';
	m->mnemonic[8] = '\0';
	for (int k = 7; k >= 0 && m->mnemonic[k] == ' '; k--)
		m->mnemonic[k] = '\0';
	m->test_count = get_le32(p + 15);
	m->seed = get_le64(p + 19);
	m->cpu_mode = p[27];
	m->group_ext = p[28];
	return 0;
}

void moo_file_free(struct moo_file *file)
{
	free(file->tests);
	free(file->owned_data);
	memset(file, 0, sizeof(*file));
}

int moo_file_parse(struct moo_file *file, const uint8_t *data, size_t len, char *err, size_t errlen)
{
	struct parser ps = {.data = data, .len = len, .err = err, .errlen = errlen, .test = -1};
	struct chunk c;
	size_t pos = 0;

	memset(file, 0, sizeof(*file));
	if (len < 8 || memcmp(data, "MOO ", 4) != 0) {
		parse_fail(&ps, 0, "not a MOO file (no 'MOO ' header chunk)");
		goto fail;
	}
	if (next_chunk(&ps, &pos, len, &c) || need(&ps, &c, 12))
		goto fail;
	file->major = data[c.payload];
	file->minor = data[c.payload + 1];
	file->declared_tests = get_le32(data + c.payload + 4);
	for (int k = 0; k < 4; k++) {
		uint8_t b = data[c.payload + 8 + k];
		file->cpu_id[k] = (b >= 0x20 && b < 0x7F) ? (char)b : '?';
	}
	file->cpu_id[4] = '\0';
	if (file->major != 1) {
		parse_fail(&ps, 0, "MOO format version %u.%u is not supported (only 1.x)", file->major, file->minor);
		goto fail;
	}

	/* Every test takes at least 12 bytes (its header and index), which
	 * bounds the array whatever the header claims. */
	uint32_t capacity = file->declared_tests;
	if (capacity > len / 12)
		capacity = (uint32_t)(len / 12);
	if (capacity) {
		file->tests = calloc(capacity, sizeof(*file->tests));
		if (!file->tests) {
			parse_fail(&ps, 0, "out of memory for %u tests", (unsigned)capacity);
			goto fail;
		}
	}

	while (pos < len) {
		if (next_chunk(&ps, &pos, len, &c))
			goto fail;
		switch (c.raw_type) {
		case CHUNK_ID('M', 'E', 'T', 'A'):
			if (parse_meta(&ps, &c, &file->meta))
				goto fail;
			file->has_meta = true;
			break;
		case CHUNK_ID('R', 'M', 'S', 'K'):
			if (parse_regs(&ps, &c, false, &file->file_masks))
				goto fail;
			break;
		case CHUNK_ID('R', 'M', '3', '2'):
			if (parse_regs(&ps, &c, true, &file->file_masks))
				goto fail;
			break;
		case CHUNK_ID('T', 'E', 'S', 'T'):
			if (file->ntests == capacity) {
				/* More tests than the header declared: grow, and
				 * report the mismatch after the loop. */
				uint32_t more = capacity ? capacity * 2 : 64;
				struct moo_test *grown = realloc(file->tests, (size_t)more * sizeof(*grown));
				if (!grown) {
					parse_fail(&ps, c.offset, "out of memory for %u tests", (unsigned)more);
					goto fail;
				}
				file->tests = grown;
				capacity = more;
			}
			ps.test = (long)file->ntests;
			if (parse_test(&ps, &c, &file->tests[file->ntests]))
				goto fail;
			ps.test = -1;
			file->ntests++;
			break;
		default:
			break; /* unknown: skipped by its length */
		}
	}
	if (file->ntests != file->declared_tests) {
		parse_fail(&ps, len, "header declares %u tests but the file holds %u (truncated?)",
			   (unsigned)file->declared_tests, (unsigned)file->ntests);
		goto fail;
	}
	return 0;

fail:
	free(file->tests);
	file->tests = NULL;
	file->ntests = 0;
	return -1;
}

/* Reads a whole (possibly gzip-compressed) file into memory. */
static int read_gz(const char *path, uint8_t **out, size_t *out_len, char *err, size_t errlen)
{
	gzFile gz = gzopen(path, "rb");
	if (!gz) {
		snprintf(err, errlen, "cannot open: %s", errno ? strerror(errno) : "out of memory");
		return -1;
	}
	gzbuffer(gz, 256 * 1024);
	size_t cap = 1024 * 1024, len = 0;
	uint8_t *buf = malloc(cap);
	if (!buf) {
		snprintf(err, errlen, "out of memory");
		gzclose(gz);
		return -1;
	}
	for (;;) {
		if (len == cap) {
			if (cap >= MOO_MAX_FILE_SIZE) {
				snprintf(err, errlen, "decompressed size exceeds %u MiB", MOO_MAX_FILE_SIZE >> 20);
				goto fail;
			}
			uint8_t *grown = realloc(buf, cap * 2);
			if (!grown) {
				snprintf(err, errlen, "out of memory");
				goto fail;
			}
			buf = grown;
			cap *= 2;
		}
		size_t want = cap - len;
		if (want > (1u << 30))
			want = 1u << 30;
		int n = gzread(gz, buf + len, (unsigned)want);
		if (n < 0) {
			int errnum;
			const char *msg = gzerror(gz, &errnum);
			snprintf(err, errlen, "read error: %s", errnum == Z_ERRNO ? strerror(errno) : msg);
			goto fail;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	/* A gzip stream cut short reads as a clean end of data; zlib tells
	 * it apart only through the error state. */
	int errnum;
	const char *msg = gzerror(gz, &errnum);
	if (errnum != Z_OK) {
		snprintf(err, errlen, "corrupt or truncated gzip data: %s", msg);
		goto fail;
	}
	int rc = gzclose(gz);
	gz = NULL;
	if (rc != Z_OK) {
		snprintf(err, errlen, "corrupt or truncated gzip data (zlib error %d)", rc);
		goto fail;
	}
	*out = buf;
	*out_len = len;
	return 0;
fail:
	if (gz)
		gzclose(gz);
	free(buf);
	return -1;
}

int moo_file_load(struct moo_file *file, const char *path, char *err, size_t errlen)
{
	uint8_t *data;
	size_t len;
	memset(file, 0, sizeof(*file));
	if (read_gz(path, &data, &len, err, errlen))
		return -1;
	if (moo_file_parse(file, data, len, err, errlen)) {
		free(data);
		return -1;
	}
	file->owned_data = data;
	file->owned_len = len;
	return 0;
}
