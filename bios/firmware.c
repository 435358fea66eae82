/* Finding the system BIOS; see firmware.h. */
#include "bios/firmware.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define KIB 1024u

struct firmware_image {
	const char *what;     /* for messages */
	const char *file;     /* the name in the package */
	const char *package;  /* the Debian package that has it */
	const char *const *dirs;
	size_t size;          /* exact size of a complete image */
};

static const char *const seabios_dirs[] = {"/usr/share/seabios", "/usr/local/share/seabios", "/usr/share/qemu",
					   NULL};
static const char *const bochs_dirs[] = {"/usr/share/bochs", "/usr/local/share/bochs", NULL};

static const struct firmware_image images[] = {
	[SYSTEM_BIOS_SEABIOS] = {"SeaBIOS", "bios.bin", "seabios", seabios_dirs, 128 * KIB},
	[SYSTEM_BIOS_BOCHS] = {"the Bochs BIOS", "BIOS-bochs-latest", "bochsbios", bochs_dirs, 128 * KIB},
};

/* A readable regular file; its size in *size.  On failure errno says
 * why, or is 0 for "not a regular file". */
static bool readable_file(const char *path, off_t *size)
{
	struct stat st;
	errno = 0;
	if (stat(path, &st) != 0)
		return false;
	if (!S_ISREG(st.st_mode)) {
		errno = 0;
		return false;
	}
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	fclose(f);
	*size = st.st_size;
	return true;
}

/* In the directories of $GLASSPC_FIRMWARE_PATH when it is set (and only
 * there, so that a test or a user can choose exactly), else in $BXSHARE
 * for the Bochs BIOS (as Bochs itself looks) and the standard
 * directories. */
static bool find_image(enum system_bios bios, char *path, size_t len, off_t *size)
{
	const struct firmware_image *img = &images[bios];
	const char *env = getenv(FIRMWARE_PATH_ENV);
	if (env) {
		char *dirs = strdup(env);
		char *save = NULL;
		bool found = false;
		for (char *dir = dirs ? strtok_r(dirs, ":", &save) : NULL; dir && !found;
		     dir = strtok_r(NULL, ":", &save)) {
			snprintf(path, len, "%s/%s", dir, img->file);
			found = readable_file(path, size);
		}
		free(dirs);
		return found;
	}
	const char *bxshare = getenv("BXSHARE");
	if (bios == SYSTEM_BIOS_BOCHS && bxshare && *bxshare) {
		snprintf(path, len, "%s/%s", bxshare, img->file);
		if (readable_file(path, size))
			return true;
	}
	for (const char *const *dir = img->dirs; *dir; dir++) {
		snprintf(path, len, "%s/%s", *dir, img->file);
		if (readable_file(path, size))
			return true;
	}
	return false;
}

int firmware_find_system_bios(enum system_bios bios, char *path, size_t len)
{
	const struct firmware_image *img = &images[bios];
	off_t size = 0;
	if (!find_image(bios, path, len, &size)) {
		const char *env = getenv(FIRMWARE_PATH_ENV);
		fprintf(stderr, "glasspc: %s image '%s' not found in %s%s; install the Debian package '%s'\n", img->what,
			img->file, env ? env : img->dirs[0], env ? " ($" FIRMWARE_PATH_ENV ")" : "", img->package);
		return -1;
	}
	if ((size_t)size != img->size) {
		fprintf(stderr, "glasspc: %s image '%s' is %lld bytes, not %zu: truncated or damaged; "
				"reinstall the Debian package '%s'\n",
			img->what, path, (long long)size, img->size, img->package);
		return -1;
	}
	return 0;
}

int firmware_check_bios_file(const char *path, size_t max_size)
{
	off_t size = 0;
	if (!readable_file(path, &size)) {
		fprintf(stderr, "glasspc: cannot read BIOS image '%s': %s\n", path,
			errno ? strerror(errno) : "not a regular file");
		return -1;
	}
	/* Every PC system BIOS comes in whole 64 KiB pieces. */
	if (size == 0 || size % (64 * KIB) || (size_t)size > max_size) {
		fprintf(stderr, "glasspc: BIOS image '%s' is %lld bytes: a system BIOS is a multiple of 64 KiB "
				"up to %zu MiB (truncated?)\n",
			path, (long long)size, max_size / (KIB * KIB));
		return -1;
	}
	return 0;
}
