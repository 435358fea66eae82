/* Unit tests of the MOO reader: streams built in memory, with chunks
 * the 8086 set does not use (META, RMSK, RG32, RM32, EA32, EXCP, HASH),
 * unknown chunks, and every kind of damage a file can have. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "tests/sst/moo.h"

/* ---- building streams ---- */

struct stream {
	uint8_t *data;
	size_t len, cap;
	size_t open[8]; /* offsets of the length fields of open chunks */
	int depth;
};

static void put(struct stream *s, const void *p, size_t n)
{
	if (s->len + n > s->cap) {
		s->cap = (s->len + n) * 2 + 64;
		s->data = realloc(s->data, s->cap);
		ck_assert_ptr_nonnull(s->data);
	}
	memcpy(s->data + s->len, p, n);
	s->len += n;
}

static void put8(struct stream *s, uint8_t v)
{
	put(s, &v, 1);
}

static void put16(struct stream *s, uint16_t v)
{
	uint8_t b[2] = {(uint8_t)v, (uint8_t)(v >> 8)};
	put(s, b, 2);
}

static void put32(struct stream *s, uint32_t v)
{
	uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
	put(s, b, 4);
}

static void begin(struct stream *s, const char *type)
{
	ck_assert_uint_eq(strlen(type), 4);
	put(s, type, 4);
	s->open[s->depth++] = s->len;
	put32(s, 0);
}

static void end(struct stream *s)
{
	size_t at = s->open[--s->depth];
	uint32_t n = (uint32_t)(s->len - at - 4);
	for (int k = 0; k < 4; k++)
		s->data[at + k] = (uint8_t)(n >> (8 * k));
}

static void header(struct stream *s, uint32_t tests, const char *cpu)
{
	begin(s, "MOO ");
	put8(s, 1);
	put8(s, 1);
	put16(s, 0);
	put32(s, tests);
	put(s, cpu, 4);
	end(s);
}

static void counted(struct stream *s, const char *type, const void *bytes, uint32_t n)
{
	begin(s, type);
	put32(s, n);
	put(s, bytes, n);
	end(s);
}

/* A 16-bit test: every register in INIT, IP and FLAGS changed in FINA. */
static void test16(struct stream *s, uint32_t index)
{
	begin(s, "TEST");
	put32(s, index);
	counted(s, "NAME", "add al, 5", 9);
	counted(s, "BYTS", "\x04\x05", 2);
	begin(s, "INIT");
	begin(s, "REGS");
	put16(s, 0x3FFF);
	for (uint16_t r = 0; r < 14; r++)
		put16(s, (uint16_t)(0x1000 + r));
	end(s);
	begin(s, "XTRA"); /* unknown state subchunk */
	put32(s, 0xDEADBEEF);
	end(s);
	begin(s, "RAM ");
	put32(s, 2);
	put32(s, 0xFFFF0);
	put8(s, 0x04);
	put32(s, 0xFFFF1);
	put8(s, 0x05);
	end(s);
	counted(s, "QUEU", "\x04\x05\x90", 3);
	end(s);
	begin(s, "FINA");
	begin(s, "REGS");
	put16(s, 0x3000); /* ip, flags */
	put16(s, 0x100E);
	put16(s, 0xF046);
	end(s);
	begin(s, "RMSK");
	put16(s, 0x2000);
	put16(s, 0xF7FF);
	end(s);
	begin(s, "RAM ");
	put32(s, 1);
	put32(s, 0xFFFF0);
	put8(s, 0x04);
	end(s);
	end(s);
	begin(s, "CYCL");
	put32(s, 2);
	for (int c = 0; c < 2; c++) {
		put8(s, 1);              /* ALE */
		put32(s, 0x400u + (uint32_t)c * 2);
		put8(s, 4);              /* segment: invalid */
		put8(s, 4);              /* read */
		put8(s, 0);
		put8(s, 1);              /* BHE */
		put16(s, 0xBEEF);
		put8(s, 3);              /* MEMR */
		put8(s, 1);              /* T1 */
		put8(s, 3);
		put8(s, 0x90);
	}
	end(s);
	begin(s, "EXCP");
	put8(s, 0);
	put32(s, 0x12344);
	put32(s, 0x55555555); /* a field from a future version: ignored */
	end(s);
	begin(s, "HASH");
	for (int k = 0; k < 20; k++)
		put8(s, (uint8_t)k);
	end(s);
	begin(s, "JUNK"); /* unknown test subchunk */
	put8(s, 7);
	end(s);
	end(s);
}

/* A 386-style test: RG32 registers, RM32 masks, an EA32 record. */
static void test32(struct stream *s, uint32_t index)
{
	begin(s, "TEST");
	put32(s, index);
	counted(s, "BYTS", "\x66\x40", 2);
	begin(s, "INIT");
	begin(s, "RG32");
	put32(s, (1u << 0) | (1u << 2) | (1u << 13) | (1u << 16) | (1u << 17) | (1u << 19));
	put32(s, 0x00000010); /* cr0 */
	put32(s, 0x7FFFFFFF); /* eax */
	put32(s, 0x0000F000); /* fs */
	put32(s, 0x00001000); /* eip */
	put32(s, 0x00000002); /* eflags */
	put32(s, 0x00000400); /* dr7 */
	end(s);
	begin(s, "EA32");
	put8(s, 2);
	put16(s, 0x1234);
	put32(s, 0x12340);
	put32(s, 0xFFFF);
	put32(s, 0x10);
	put32(s, 0x12350);
	put32(s, 0x12351);
	end(s);
	begin(s, "RAM ");
	put32(s, 0);
	end(s);
	end(s);
	begin(s, "FINA");
	begin(s, "RG32");
	put32(s, 1u << 2);
	put32(s, 0x80000000);
	end(s);
	begin(s, "RM32");
	put32(s, 1u << 17);
	put32(s, 0xFFFFF7FF);
	end(s);
	end(s);
	end(s);
}

/* Header, META, an unknown chunk and a top-level RMSK, then the tests;
 * nothing follows the last test, so every shorter prefix is damaged. */
static void full_file(struct stream *s)
{
	header(s, 2, "8086");
	begin(s, "META");
	put8(s, 1);
	put8(s, 0);
	put8(s, 1);                /* 8086 */
	put32(s, 0x04);
	put(s, "ADD     ", 8);
	put32(s, 2);
	put32(s, 0x89ABCDEF);      /* seed */
	put32(s, 0x01234567);
	put8(s, 0);                /* real mode */
	put8(s, 0xFF);             /* no group */
	put16(s, 0);
	end(s);
	begin(s, "ZZZZ");
	put32(s, 1);
	put32(s, 2);
	end(s);
	begin(s, "RMSK");
	put16(s, 0x0001);
	put16(s, 0x00FF);
	end(s);
	test16(s, 0);
	test32(s, 1);
}

/* ---- tests ---- */

START_TEST(parses_every_chunk)
{
	struct stream s = {0};
	struct moo_file f;
	char err[256] = "";
	full_file(&s);
	ck_assert_msg(moo_file_parse(&f, s.data, s.len, err, sizeof(err)) == 0, "%s", err);

	ck_assert_uint_eq(f.major, 1);
	ck_assert_uint_eq(f.minor, 1);
	ck_assert_str_eq(f.cpu_id, "8086");
	ck_assert_uint_eq(f.ntests, 2);
	ck_assert(f.has_meta);
	ck_assert_uint_eq(f.meta.cpu_type, 1);
	ck_assert_uint_eq(f.meta.opcode, 4);
	ck_assert_str_eq(f.meta.mnemonic, "ADD");
	ck_assert_uint_eq(f.meta.test_count, 2);
	ck_assert(f.meta.seed == 0x0123456789ABCDEFull);
	ck_assert_uint_eq(f.meta.cpu_mode, 0);
	ck_assert_uint_eq(f.meta.group_ext, 0xFF);
	ck_assert_uint_eq(f.file_masks.present, 1u << MOO_EAX);
	ck_assert_uint_eq(f.file_masks.value[MOO_EAX], 0xFF);

	const struct moo_test *t = &f.tests[0];
	ck_assert_uint_eq(t->index, 0);
	ck_assert_uint_eq(t->name_len, 9);
	ck_assert(memcmp(t->name, "add al, 5", 9) == 0);
	ck_assert_uint_eq(t->nbytes, 2);
	ck_assert_uint_eq(t->bytes[0], 0x04);
	/* REGS order: ax bx cx dx cs ss ds es sp bp si di ip flags. */
	static const enum moo_reg order[14] = {MOO_EAX, MOO_EBX, MOO_ECX, MOO_EDX, MOO_CS, MOO_SS, MOO_DS,
					       MOO_ES, MOO_ESP, MOO_EBP, MOO_ESI, MOO_EDI, MOO_EIP, MOO_EFLAGS};
	for (int k = 0; k < 14; k++) {
		ck_assert(moo_regs_has(&t->init.regs, order[k]));
		ck_assert_uint_eq(t->init.regs.value[order[k]], 0x1000u + (unsigned)k);
	}
	ck_assert(!t->init.wide);
	ck_assert_uint_eq(t->init.ram_count, 2);
	uint32_t addr;
	uint8_t v;
	moo_state_ram(&t->init, 1, &addr, &v);
	ck_assert_uint_eq(addr, 0xFFFF1);
	ck_assert_uint_eq(v, 0x05);
	ck_assert_uint_eq(t->init.queue_len, 3);
	ck_assert_uint_eq(t->final.regs.present, (1u << MOO_EIP) | (1u << MOO_EFLAGS));
	ck_assert_uint_eq(t->final.regs.value[MOO_EIP], 0x100E);
	ck_assert_uint_eq(t->final.regs.value[MOO_EFLAGS], 0xF046);
	ck_assert_uint_eq(t->final.masks.present, 1u << MOO_EFLAGS);
	ck_assert_uint_eq(t->final.masks.value[MOO_EFLAGS], 0xF7FF);
	ck_assert_uint_eq(t->final.ram_count, 1);
	ck_assert_uint_eq(t->ncycles, 2);
	struct moo_cycle c;
	moo_test_cycle(t, 1, &c);
	ck_assert_uint_eq(c.pins0, 1);
	ck_assert_uint_eq(c.address, 0x402);
	ck_assert_uint_eq(c.mem_status, 4);
	ck_assert_uint_eq(c.pins1, 1);
	ck_assert_uint_eq(c.data, 0xBEEF);
	ck_assert_uint_eq(c.bus_status, 3);
	ck_assert_uint_eq(c.t_state, 1);
	ck_assert_uint_eq(c.queue_op, 3);
	ck_assert_uint_eq(c.queue_byte, 0x90);
	ck_assert(t->has_exception);
	ck_assert_uint_eq(t->exception, 0);
	ck_assert_uint_eq(t->exception_flags_addr, 0x12344);
	ck_assert(t->has_hash);
	ck_assert_uint_eq(t->hash[19], 19);

	t = &f.tests[1];
	ck_assert_uint_eq(t->index, 1);
	ck_assert_ptr_null(t->name);
	ck_assert(t->init.wide);
	ck_assert_uint_eq(t->init.regs.present, (1u << MOO_CR0) | (1u << MOO_EAX) | (1u << MOO_FS) |
							(1u << MOO_EIP) | (1u << MOO_EFLAGS) | (1u << MOO_DR7));
	ck_assert_uint_eq(t->init.regs.value[MOO_CR0], 0x10);
	ck_assert_uint_eq(t->init.regs.value[MOO_EAX], 0x7FFFFFFF);
	ck_assert_uint_eq(t->init.regs.value[MOO_FS], 0xF000);
	ck_assert_uint_eq(t->init.regs.value[MOO_EIP], 0x1000);
	ck_assert_uint_eq(t->init.regs.value[MOO_EFLAGS], 2);
	ck_assert_uint_eq(t->init.regs.value[MOO_DR7], 0x400);
	ck_assert(t->init.has_ea);
	ck_assert_uint_eq(t->init.ea.segment, 2);
	ck_assert_uint_eq(t->init.ea.selector, 0x1234);
	ck_assert_uint_eq(t->init.ea.base, 0x12340);
	ck_assert_uint_eq(t->init.ea.limit, 0xFFFF);
	ck_assert_uint_eq(t->init.ea.offset, 0x10);
	ck_assert_uint_eq(t->init.ea.linear, 0x12350);
	ck_assert_uint_eq(t->init.ea.physical, 0x12351);
	ck_assert_uint_eq(t->final.regs.value[MOO_EAX], 0x80000000);
	ck_assert_uint_eq(t->final.masks.present, 1u << MOO_EFLAGS);
	ck_assert_uint_eq(t->final.masks.value[MOO_EFLAGS], 0xFFFFF7FF);
	ck_assert(!t->has_exception);
	ck_assert(!t->has_hash);

	moo_file_free(&f);
	free(s.data);
}
END_TEST

/* Every prefix of a good file is a damaged file: each must be refused
 * with a message, never read past its end (run under ASan to see). */
START_TEST(every_truncation_is_an_error)
{
	struct stream s = {0};
	struct moo_file f;
	char err[256];
	full_file(&s);
	for (size_t n = 0; n < s.len; n++) {
		/* An exact-size copy, so that ASan catches any overread. */
		uint8_t *copy = malloc(n ? n : 1);
		ck_assert_ptr_nonnull(copy);
		memcpy(copy, s.data, n);
		err[0] = '\0';
		ck_assert_msg(moo_file_parse(&f, copy, n, err, sizeof(err)) == -1, "prefix of %zu bytes accepted", n);
		ck_assert_msg(err[0] != '\0', "no message for a prefix of %zu bytes", n);
		ck_assert_ptr_null(f.tests);
		free(copy);
	}
	free(s.data);
}
END_TEST

static int parse_expecting_error(struct stream *s, const char *fragment)
{
	struct moo_file f;
	char err[256] = "";
	int rc = moo_file_parse(&f, s->data, s->len, err, sizeof(err));
	ck_assert_int_eq(rc, -1);
	ck_assert_msg(strstr(err, fragment) != NULL, "message \"%s\" lacks \"%s\"", err, fragment);
	free(s->data);
	return rc;
}

START_TEST(chunk_longer_than_file)
{
	struct stream s = {0};
	header(&s, 1, "8086");
	put(&s, "TEST", 4);
	put32(&s, 0xFFFFFFF0);
	put32(&s, 0);
	parse_expecting_error(&s, "claims");
}
END_TEST

START_TEST(regs_shorter_than_mask)
{
	struct stream s = {0};
	header(&s, 1, "8086");
	begin(&s, "TEST");
	put32(&s, 0);
	begin(&s, "INIT");
	begin(&s, "REGS");
	put16(&s, 0x3FFF); /* 14 values announced, 2 given */
	put16(&s, 1);
	put16(&s, 2);
	end(&s);
	end(&s);
	end(&s);
	parse_expecting_error(&s, "REGS");
}
END_TEST

START_TEST(huge_counts)
{
	struct stream s = {0};
	header(&s, 1, "8086");
	begin(&s, "TEST");
	put32(&s, 0);
	begin(&s, "INIT");
	begin(&s, "RAM ");
	put32(&s, 0xFFFFFFFF);
	put32(&s, 0);
	put8(&s, 0);
	end(&s);
	end(&s);
	end(&s);
	parse_expecting_error(&s, "RAM ");

	struct stream c = {0};
	header(&c, 1, "8086");
	begin(&c, "TEST");
	put32(&c, 0);
	begin(&c, "CYCL");
	put32(&c, 0x20000000);
	end(&c);
	end(&c);
	parse_expecting_error(&c, "CYCL");

	/* A header announcing four billion tests must not allocate for
	 * them: the file is too short to hold them. */
	struct stream h = {0};
	header(&h, 0xFFFFFFFF, "8086");
	test16(&h, 0);
	parse_expecting_error(&h, "declares");
}
END_TEST

START_TEST(short_known_chunks)
{
	static const char *const types[] = {"EXCP", "HASH", "NAME", "BYTS"};
	for (size_t k = 0; k < sizeof(types) / sizeof(types[0]); k++) {
		struct stream s = {0};
		header(&s, 1, "8086");
		begin(&s, "TEST");
		put32(&s, 0);
		begin(&s, types[k]);
		put8(&s, 1); /* one byte: too short for any of them */
		end(&s);
		end(&s);
		parse_expecting_error(&s, types[k]);
	}
	struct stream m = {0};
	header(&m, 0, "8086");
	begin(&m, "META");
	put32(&m, 0);
	end(&m);
	parse_expecting_error(&m, "META");

	struct stream e = {0};
	header(&e, 1, "386E");
	begin(&e, "TEST");
	put32(&e, 0);
	begin(&e, "INIT");
	begin(&e, "EA32");
	put32(&e, 0);
	end(&e);
	end(&e);
	end(&e);
	parse_expecting_error(&e, "EA32");
}
END_TEST

START_TEST(test_without_states)
{
	struct stream s = {0};
	header(&s, 1, "8086");
	begin(&s, "TEST");
	put32(&s, 0);
	counted(&s, "BYTS", "\x90", 1);
	end(&s);
	parse_expecting_error(&s, "without INIT");
}
END_TEST

START_TEST(not_moo)
{
	struct stream s = {0};
	put(&s, "{\"json\": true}", 14);
	parse_expecting_error(&s, "not a MOO file");

	struct stream v = {0};
	begin(&v, "MOO ");
	put8(&v, 2); /* a major version this reader does not know */
	put8(&v, 0);
	put16(&v, 0);
	put32(&v, 0);
	put(&v, "8086", 4);
	end(&v);
	parse_expecting_error(&v, "version");
}
END_TEST

/* Writes a stream gzip-compressed to a temporary file. */
static void write_gz(const char *path, const uint8_t *data, size_t len)
{
	gzFile gz = gzopen(path, "wb");
	ck_assert_ptr_nonnull(gz);
	ck_assert_int_eq(gzwrite(gz, data, (unsigned)len), (int)len);
	ck_assert_int_eq(gzclose(gz), Z_OK);
}

START_TEST(loads_gzip_and_refuses_truncated_gzip)
{
	struct stream s = {0};
	struct moo_file f;
	char err[256] = "";
	char path[] = "/tmp/test_moo_XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	full_file(&s);

	write_gz(path, s.data, s.len);
	ck_assert_msg(moo_file_load(&f, path, err, sizeof(err)) == 0, "%s", err);
	ck_assert_uint_eq(f.ntests, 2);
	ck_assert_uint_eq(f.tests[1].final.regs.value[MOO_EAX], 0x80000000);
	moo_file_free(&f);

	/* Cut the compressed file in half. */
	FILE *fp = fopen(path, "rb");
	ck_assert_ptr_nonnull(fp);
	uint8_t buf[8192];
	size_t n = fread(buf, 1, sizeof(buf), fp);
	fclose(fp);
	ck_assert_uint_gt(n, 20);
	fp = fopen(path, "wb");
	ck_assert_ptr_nonnull(fp);
	fwrite(buf, 1, n / 2, fp);
	fclose(fp);
	err[0] = '\0';
	ck_assert_int_eq(moo_file_load(&f, path, err, sizeof(err)), -1);
	ck_assert_msg(err[0] != '\0', "no message for a truncated gzip file");

	/* A file that is not there. */
	unlink(path);
	err[0] = '\0';
	ck_assert_int_eq(moo_file_load(&f, path, err, sizeof(err)), -1);
	ck_assert(strstr(err, "cannot open") != NULL);
	free(s.data);
}
END_TEST

static Suite *moo_suite(void)
{
	Suite *suite = suite_create("moo");
	TCase *tc = tcase_create("parse");
	tcase_add_test(tc, parses_every_chunk);
	tcase_add_test(tc, every_truncation_is_an_error);
	tcase_add_test(tc, chunk_longer_than_file);
	tcase_add_test(tc, regs_shorter_than_mask);
	tcase_add_test(tc, huge_counts);
	tcase_add_test(tc, short_known_chunks);
	tcase_add_test(tc, test_without_states);
	tcase_add_test(tc, not_moo);
	tcase_add_test(tc, loads_gzip_and_refuses_truncated_gzip);
	suite_add_tcase(suite, tc);
	return suite;
}

int main(void)
{
	SRunner *runner = srunner_create(moo_suite());
	srunner_run_all(runner, CK_NORMAL);
	int failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
