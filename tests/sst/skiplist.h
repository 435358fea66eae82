/* The skip list: tests that cannot pass for a documented reason.
 *
 * One entry a line, fields separated by blanks:
 *
 *     WHICH  TESTS  REASON...
 *
 * WHICH is a test file name ("F6.7.MOO.gz", or without the suffix,
 * "F6.7") or an opcode ("F6", which covers F6.0 to F6.7).  TESTS is a
 * test number (the 0-based position in the file, as glasspc-sst -v shows
 * it), a range FIRST-LAST, or * for every test of the file.  REASON is free text and must not be empty: a skip
 * says why.  Blank lines and lines starting with # are ignored. */
#ifndef GLASSPC_TESTS_SST_SKIPLIST_H
#define GLASSPC_TESTS_SST_SKIPLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct skip_entry {
	char which[64];
	uint32_t first, last; /* inclusive test-index range */
	char *reason;
	int line;
	uint64_t hits;
};

struct skip_list {
	struct skip_entry *entries;
	size_t count;
};

/* Loads a skip list.  Returns 0, or -1 with "FILE:LINE: message" in err. */
int skip_list_load(struct skip_list *list, const char *path, char *err, size_t errlen);
void skip_list_free(struct skip_list *list);

/* Test-file base name without ".MOO.gz"/".MOO" ("F6.7"), and its opcode
 * part ("F6"). */
void skip_file_key(const char *file_name, char *base, size_t base_len, char *opcode, size_t opcode_len);

/* Whether an entry is about a file (given by skip_file_key's results). */
bool skip_entry_matches_file(const struct skip_entry *e, const char *base, const char *opcode);

#endif
