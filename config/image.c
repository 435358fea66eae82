/* Image probing; see image.h. */
#include "config/image.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define ISO_SIGNATURE_OFFSET 0x8001
#define ISO_SIGNATURE "CD001"

int image_probe(const char *path, struct image_info *info, char *why, size_t whylen)
{
	memset(info, 0, sizeof(*info));
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		snprintf(why, whylen, "%s", strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		snprintf(why, whylen, "%s", strerror(errno));
		close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(why, whylen, "%s", S_ISDIR(st.st_mode) ? "a directory, not an image file"
								  : "not a regular file");
		close(fd);
		return -1;
	}
	info->size = (uint64_t)st.st_size;
	info->dev = (uint64_t)st.st_dev;
	info->inode = (uint64_t)st.st_ino;
	char sig[sizeof(ISO_SIGNATURE) - 1];
	if (pread(fd, sig, sizeof(sig), ISO_SIGNATURE_OFFSET) == (ssize_t)sizeof(sig))
		info->iso9660 = !memcmp(sig, ISO_SIGNATURE, sizeof(sig));
	close(fd);
	return 0;
}

static bool has_iso_name(const char *path)
{
	size_t n = strlen(path);
	return n >= 4 && !strcasecmp(path + n - 4, ".iso");
}

enum media_kind image_kind(const char *path, const struct image_info *info)
{
	/* The signature first: a CD image can have a floppy's size. */
	if (info->iso9660 || has_iso_name(path))
		return MEDIA_CDROM;
	if (floppy_format_from_size(info->size) != FLOPPY_AUTO)
		return MEDIA_FLOPPY;
	return MEDIA_HARD_DISK;
}
