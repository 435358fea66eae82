/* Reader for MOO files, the chunked binary format of the SingleStepTests
 * CPU test sets (MOO format version 1.1: 8088/8086/V20/V30, 186, 286 and
 * 386 sets).
 *
 * A file is a `MOO ` header chunk followed by top-level chunks: `META`,
 * optionally `RMSK`/`RM32` (register masks for every test), and one
 * `TEST` per test case.  Every chunk is a four-character type, a 32-bit
 * little-endian payload length and the payload; chunks nest.  Chunks this
 * reader does not know are skipped by their length, and a known chunk
 * longer than the fields it is known to carry is accepted (the format
 * grows by appending fields).
 *
 * The parser never trusts a length or count from the file: everything is
 * checked against the bytes that are really there, and a bad file gives
 * an error message, never an out-of-bounds access.  Parsed tests point
 * into the file's bytes instead of copying them (RAM lists and cycle
 * lists are read through the accessors below), so the buffer must
 * outlive the parse. */
#ifndef GLASSPC_TESTS_SST_MOO_H
#define GLASSPC_TESTS_SST_MOO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Registers of both register-file chunks in one numbering: the 16-bit
 * `REGS` chunk fills the low halves of the general registers, IP and
 * FLAGS; the 32-bit `RG32` chunk fills them all. */
enum moo_reg {
	MOO_EAX, MOO_EBX, MOO_ECX, MOO_EDX, MOO_ESI, MOO_EDI, MOO_EBP, MOO_ESP,
	MOO_CS, MOO_DS, MOO_ES, MOO_FS, MOO_GS, MOO_SS,
	MOO_EIP, MOO_EFLAGS,
	MOO_CR0, MOO_CR3, MOO_DR6, MOO_DR7,
	MOO_REG_COUNT
};

/* A register file as a chunk gives it: which registers are present
 * (bit 1 << enum moo_reg) and their values. */
struct moo_regs {
	uint32_t present;
	uint32_t value[MOO_REG_COUNT];
};

static inline bool moo_regs_has(const struct moo_regs *regs, enum moo_reg reg)
{
	return (regs->present >> reg) & 1u;
}

/* The effective-address record (`EA32`, 386 sets). */
struct moo_ea {
	uint8_t segment; /* 0 CS, 1 SS, 2 DS, 3 ES, 4 FS, 5 GS */
	uint16_t selector;
	uint32_t base, limit, offset, linear, physical;
};

/* One CPU state snapshot (`INIT` or `FINA`). */
struct moo_state {
	struct moo_regs regs;   /* `REGS` and/or `RG32` */
	struct moo_regs masks;  /* `RMSK` and/or `RM32`: defined bits per register */
	bool wide;              /* registers came as 32-bit values (`RG32`) */
	const uint8_t *ram;     /* ram_count entries of 5 bytes: le32 address, value */
	uint32_t ram_count;
	const uint8_t *queue;   /* prefetch queue contents */
	uint32_t queue_len;
	bool has_ea;
	struct moo_ea ea;
};

/* One bus cycle of a `CYCL` chunk, decoded. */
struct moo_cycle {
	uint8_t pins0;      /* bit 0 ALE (808x); 286/386 add BHE, READY, LOCK */
	uint32_t address;   /* address latch */
	uint8_t segment;    /* 808x S3/S4: 0 ES, 1 SS, 2 CS or none, 3 DS, 4 invalid */
	uint8_t mem_status; /* bit 0 write, bit 1 advanced write, bit 2 read */
	uint8_t io_status;
	uint8_t pins1;      /* bit 0 BHE (8086, V30) */
	uint16_t data;
	uint8_t bus_status; /* encoding depends on the CPU family */
	uint8_t t_state;
	uint8_t queue_op;
	uint8_t queue_byte;
};

#define MOO_CYCLE_SIZE 15u
#define MOO_RAM_ENTRY_SIZE 5u
#define MOO_HASH_SIZE 20u

struct moo_test {
	uint32_t index;        /* from the TEST chunk (0 for every test of the 8086 v1 set) */
	const char *name;      /* not NUL-terminated: name_len bytes */
	uint32_t name_len;
	const uint8_t *bytes;  /* instruction bytes */
	uint32_t nbytes;
	bool has_init, has_final;
	struct moo_state init, final;
	const uint8_t *cycles; /* ncycles records of MOO_CYCLE_SIZE bytes */
	uint32_t ncycles;
	bool has_exception;    /* `EXCP`: an exception or interrupt was taken */
	uint8_t exception;
	uint32_t exception_flags_addr; /* where FLAGS was pushed */
	bool has_hash;
	uint8_t hash[MOO_HASH_SIZE];
};

/* `META`: data common to the whole file. */
struct moo_meta {
	uint8_t set_major, set_minor;
	uint8_t cpu_type;     /* 0 8088, 1 8086, 2 V20, 3 V30, 4 188, 5 186, 6 C286, 7 386EX, 8 286 */
	uint32_t opcode;      /* 0xFFFFFFFF when the file mixes opcodes */
	char mnemonic[9];
	uint32_t test_count;
	uint64_t seed;
	uint8_t cpu_mode;     /* 0 real, 1 protected, 2 virtual-8086, 3 unreal */
	uint8_t group_ext;    /* ModRM reg of a group opcode, 0xFF when none */
};

struct moo_file {
	uint8_t major, minor; /* format version from the `MOO ` header */
	uint32_t declared_tests;
	char cpu_id[5];       /* "8086", "C286", "386E"...; NUL-terminated */
	bool has_meta;
	struct moo_meta meta;
	struct moo_regs file_masks; /* top-level `RMSK`/`RM32`: for every test */
	struct moo_test *tests;
	uint32_t ntests;
	uint8_t *owned_data;  /* the decompressed file, when moo_file_load read it */
	size_t owned_len;
};

/* Parses a MOO byte stream.  The file borrows data: it must stay valid
 * while the tests are used.  Returns 0, or -1 with a one-line message in
 * err (the file is left empty then). */
int moo_file_parse(struct moo_file *file, const uint8_t *data, size_t len, char *err, size_t errlen);

/* Reads a MOO file, gzip-compressed or not, and parses it. */
int moo_file_load(struct moo_file *file, const char *path, char *err, size_t errlen);

void moo_file_free(struct moo_file *file);

/* Entry n of a state's RAM list (n < ram_count). */
static inline void moo_state_ram(const struct moo_state *state, uint32_t n, uint32_t *addr, uint8_t *value)
{
	const uint8_t *p = state->ram + (size_t)n * MOO_RAM_ENTRY_SIZE;
	*addr = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
	*value = p[4];
}

/* Cycle n of a test (n < ncycles). */
void moo_test_cycle(const struct moo_test *test, uint32_t n, struct moo_cycle *out);

/* Register names, 16- or 32-bit style ("ax" or "eax"). */
const char *moo_reg_name(enum moo_reg reg, bool wide);

#endif
