/* The metadata.json of a SingleStepTests set: per opcode, its status
 * ("normal", "prefix", "alias", "undocumented", "undefined", "fpu") and
 * the mask of the FLAGS bits it leaves undefined, with per-ModRM-reg
 * sub-entries ("reg": {"0": {...}, ...}) for group opcodes. */
#ifndef GLASSPC_TESTS_SST_META_H
#define GLASSPC_TESTS_SST_META_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sst_meta;

/* What the metadata says about one opcode (and reg, for groups). */
struct sst_meta_entry {
	bool found;
	bool has_reg_entries; /* the opcode is a group: the reg decides */
	char status[16];      /* "" when not given */
	uint32_t flags_mask;  /* AND mask of defined flags; all ones when not given */
};

/* Loads a metadata.json.  Returns NULL with a one-line message in err. */
struct sst_meta *sst_meta_load(const char *path, char *err, size_t errlen);
void sst_meta_free(struct sst_meta *meta);

/* Looks up an opcode key as the test files name it ("F6", "0FA4"), and
 * a ModRM reg (0-7, or -1 when not known).  A group opcode's sub-entry
 * for reg is used when present, else the opcode's own fields. */
struct sst_meta_entry sst_meta_lookup(const struct sst_meta *meta, const char *opcode, int reg);

#endif
