/* SingleStepTests metadata.json reader; see meta.h. */
#include "tests/sst/meta.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sst_meta {
	cJSON *root;
	const cJSON *opcodes; /* the "opcodes" object */
};

static char *read_text(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	size_t cap = 64 * 1024, len = 0;
	char *buf = malloc(cap + 1);
	while (buf) {
		size_t n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (len < cap)
			break;
		/* Metadata files are tens of KiB; refuse anything absurd. */
		if (cap >= 64u * 1024 * 1024) {
			snprintf(err, errlen, "%s: file too large for a metadata file", path);
			free(buf);
			fclose(f);
			return NULL;
		}
		char *grown = realloc(buf, cap * 2 + 1);
		if (!grown)
			free(buf);
		buf = grown;
		cap *= 2;
	}
	if (!buf) {
		snprintf(err, errlen, "%s: out of memory", path);
		fclose(f);
		return NULL;
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: read error", path);
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	buf[len] = '\0';
	return buf;
}

/* Checks the fields of one entry that the runner relies on, so that a
 * malformed file is reported at load time, not as odd test results. */
static int check_entry(const cJSON *entry, const char *key, const char *path, char *err, size_t errlen)
{
	if (!cJSON_IsObject(entry)) {
		snprintf(err, errlen, "%s: opcode entry \"%s\" is not an object", path, key);
		return -1;
	}
	const cJSON *mask = cJSON_GetObjectItemCaseSensitive(entry, "flags-mask");
	if (mask && (!cJSON_IsNumber(mask) || mask->valuedouble < 0 || mask->valuedouble > 4294967295.0 ||
		     mask->valuedouble != (double)(uint32_t)mask->valuedouble)) {
		snprintf(err, errlen, "%s: \"flags-mask\" of \"%s\" is not a 32-bit unsigned integer", path, key);
		return -1;
	}
	const cJSON *status = cJSON_GetObjectItemCaseSensitive(entry, "status");
	if (status && !cJSON_IsString(status)) {
		snprintf(err, errlen, "%s: \"status\" of \"%s\" is not a string", path, key);
		return -1;
	}
	const cJSON *regs = cJSON_GetObjectItemCaseSensitive(entry, "reg");
	if (regs) {
		if (!cJSON_IsObject(regs)) {
			snprintf(err, errlen, "%s: \"reg\" of \"%s\" is not an object", path, key);
			return -1;
		}
		const cJSON *sub;
		cJSON_ArrayForEach(sub, regs) {
			char subkey[64];
			snprintf(subkey, sizeof(subkey), "%s.%s", key, sub->string ? sub->string : "?");
			if (cJSON_GetObjectItemCaseSensitive(sub, "reg")) {
				snprintf(err, errlen, "%s: \"%s\" nests \"reg\" entries", path, subkey);
				return -1;
			}
			if (check_entry(sub, subkey, path, err, errlen))
				return -1;
		}
	}
	return 0;
}

struct sst_meta *sst_meta_load(const char *path, char *err, size_t errlen)
{
	char *text = read_text(path, err, errlen);
	if (!text)
		return NULL;
	cJSON *root = cJSON_Parse(text);
	if (!root) {
		const char *where = cJSON_GetErrorPtr();
		long at = where && where >= text ? (long)(where - text) : -1;
		snprintf(err, errlen, "%s: invalid JSON near byte %ld", path, at);
		free(text);
		return NULL;
	}
	free(text);
	const cJSON *opcodes = cJSON_GetObjectItemCaseSensitive(root, "opcodes");
	if (!cJSON_IsObject(opcodes)) {
		snprintf(err, errlen, "%s: no \"opcodes\" object", path);
		cJSON_Delete(root);
		return NULL;
	}
	const cJSON *entry;
	cJSON_ArrayForEach(entry, opcodes) {
		if (check_entry(entry, entry->string ? entry->string : "?", path, err, errlen)) {
			cJSON_Delete(root);
			return NULL;
		}
	}
	struct sst_meta *meta = malloc(sizeof(*meta));
	if (!meta) {
		snprintf(err, errlen, "%s: out of memory", path);
		cJSON_Delete(root);
		return NULL;
	}
	meta->root = root;
	meta->opcodes = opcodes;
	return meta;
}

void sst_meta_free(struct sst_meta *meta)
{
	if (!meta)
		return;
	cJSON_Delete(meta->root);
	free(meta);
}

static void take_fields(const cJSON *entry, struct sst_meta_entry *out)
{
	const cJSON *status = cJSON_GetObjectItemCaseSensitive(entry, "status");
	if (cJSON_IsString(status) && status->valuestring)
		snprintf(out->status, sizeof(out->status), "%s", status->valuestring);
	const cJSON *mask = cJSON_GetObjectItemCaseSensitive(entry, "flags-mask");
	if (cJSON_IsNumber(mask))
		out->flags_mask = (uint32_t)mask->valuedouble;
}

struct sst_meta_entry sst_meta_lookup(const struct sst_meta *meta, const char *opcode, int reg)
{
	struct sst_meta_entry out = {.flags_mask = 0xFFFFFFFFu};
	if (!meta)
		return out;
	/* Keys are upper-case hex; file names are too, but accept any case. */
	const cJSON *entry = cJSON_GetObjectItem(meta->opcodes, opcode);
	if (!entry)
		return out;
	out.found = true;
	take_fields(entry, &out);
	const cJSON *regs = cJSON_GetObjectItemCaseSensitive(entry, "reg");
	if (regs) {
		out.has_reg_entries = true;
		if (reg >= 0 && reg <= 7) {
			char key[2] = {(char)('0' + reg), '\0'};
			const cJSON *sub = cJSON_GetObjectItemCaseSensitive(regs, key);
			if (sub) {
				/* The sub-entry replaces the opcode's fields. */
				out.status[0] = '\0';
				out.flags_mask = 0xFFFFFFFFu;
				take_fields(sub, &out);
			}
		}
	}
	return out;
}
