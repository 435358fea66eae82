/* Raw disk images; see disk_image.h. */
#include "iodev/disk_image.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* The overlay tracks written data in blocks of this size: a partial write
 * to a block not yet in the overlay copies the block from the image
 * first. */
#define OVERLAY_BLOCK 4096u

struct disk_image {
	char *path;
	int fd;
	enum disk_image_access access;
	uint64_t size;
	/* Snapshot only: the overlay file and which blocks it holds. */
	int overlay_fd;
	uint8_t *overlay_map;
	int registry_slot; /* -1: not registered for flush_all */
};

/* Open read-write images, as fd + 1 (0: free slot), for flush_all, which
 * may run in a signal handler and so only reads this table. */
static volatile sig_atomic_t flush_registry[DISK_IMAGE_MAX_OPEN];

static int registry_add(int fd)
{
	for (int i = 0; i < DISK_IMAGE_MAX_OPEN; i++) {
		if (flush_registry[i] == 0) {
			flush_registry[i] = fd + 1;
			return i;
		}
	}
	return -1;
}

void disk_image_flush_all(void)
{
	for (int i = 0; i < DISK_IMAGE_MAX_OPEN; i++) {
		int fd = (int)flush_registry[i] - 1;
		if (fd >= 0)
			fdatasync(fd);
	}
}

/* pread/pwrite until done: short transfers and EINTR are retried; reading
 * past the end of the file is EIO. */
static int read_full(int fd, void *buf, size_t len, uint64_t offset)
{
	uint8_t *p = buf;
	while (len) {
		ssize_t n = pread(fd, p, len, (off_t)offset);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0) {
			errno = EIO;
			return -1;
		}
		p += n;
		len -= (size_t)n;
		offset += (uint64_t)n;
	}
	return 0;
}

static int write_full(int fd, const void *buf, size_t len, uint64_t offset)
{
	const uint8_t *p = buf;
	while (len) {
		ssize_t n = pwrite(fd, p, len, (off_t)offset);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO;
			return -1;
		}
		p += n;
		len -= (size_t)n;
		offset += (uint64_t)n;
	}
	return 0;
}

static int open_overlay(struct disk_image *image, char *err, size_t errlen)
{
	const char *dir = getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
	size_t n = strlen(dir) + sizeof("/glasspc-snapshot-XXXXXX");
	char *name = malloc(n);
	if (!name) {
		snprintf(err, errlen, "%s: out of memory", image->path);
		return -1;
	}
	snprintf(name, n, "%s/glasspc-snapshot-XXXXXX", dir);
	int fd = mkstemp(name);
	if (fd < 0) {
		snprintf(err, errlen, "%s: cannot make the snapshot overlay in %s: %s", image->path, dir,
			 strerror(errno));
		free(name);
		return -1;
	}
	/* Nobody else needs the name; the file goes away with the fd. */
	unlink(name);
	free(name);
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	uint64_t blocks = (image->size + OVERLAY_BLOCK - 1) / OVERLAY_BLOCK;
	image->overlay_map = calloc((size_t)(blocks / 8 + 1), 1);
	if (!image->overlay_map) {
		snprintf(err, errlen, "%s: out of memory for the snapshot overlay", image->path);
		close(fd);
		return -1;
	}
	image->overlay_fd = fd;
	return 0;
}

/* Takes the lock that says how we use the file.  A file system without
 * locks (some network ones) is used unlocked rather than refused. */
static int lock_image(struct disk_image *image, char *err, size_t errlen)
{
	bool exclusive = image->access == DISK_IMAGE_READ_WRITE;
	if (flock(image->fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) == 0)
		return 0;
	if (errno == EWOULDBLOCK) {
		if (exclusive)
			snprintf(err, errlen,
				 "%s: image is in use by another program (locked); "
				 "use --snapshot or a read-only drive to share it",
				 image->path);
		else
			snprintf(err, errlen, "%s: image is open for writing by another program (locked)",
				 image->path);
		return -1;
	}
	return 0;
}

struct disk_image *disk_image_open(const char *path, enum disk_image_access access, char *err,
				   size_t errlen)
{
	struct disk_image *image = calloc(1, sizeof(*image));
	if (!image || !(image->path = strdup(path))) {
		free(image);
		snprintf(err, errlen, "%s: out of memory", path);
		return NULL;
	}
	image->access = access;
	image->overlay_fd = -1;
	image->registry_slot = -1;
	int flags = (access == DISK_IMAGE_READ_WRITE ? O_RDWR : O_RDONLY) | O_CLOEXEC;
	image->fd = open(path, flags);
	if (image->fd < 0) {
		snprintf(err, errlen, "%s: %s", path,
			 errno == EISDIR ? "a directory, not an image file" : strerror(errno));
		goto fail;
	}
	struct stat st;
	if (fstat(image->fd, &st) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (S_ISREG(st.st_mode)) {
		image->size = (uint64_t)st.st_size;
	} else if (S_ISBLK(st.st_mode)) {
		off_t end = lseek(image->fd, 0, SEEK_END);
		if (end < 0) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			goto fail;
		}
		image->size = (uint64_t)end;
	} else {
		snprintf(err, errlen, "%s: %s", path,
			 S_ISDIR(st.st_mode) ? "a directory, not an image file"
					     : "not a regular file or block device");
		goto fail;
	}
	if (lock_image(image, err, errlen))
		goto fail;
	if (access == DISK_IMAGE_SNAPSHOT && open_overlay(image, err, errlen))
		goto fail;
	if (access == DISK_IMAGE_READ_WRITE) {
		image->registry_slot = registry_add(image->fd);
		if (image->registry_slot < 0) {
			snprintf(err, errlen, "%s: too many images open (at most %d)", path,
				 DISK_IMAGE_MAX_OPEN);
			goto fail;
		}
	}
	return image;
fail:
	if (image->fd >= 0)
		close(image->fd);
	free(image->path);
	free(image);
	return NULL;
}

void disk_image_close(struct disk_image *image)
{
	if (!image)
		return;
	if (image->registry_slot >= 0)
		flush_registry[image->registry_slot] = 0;
	if (image->access == DISK_IMAGE_READ_WRITE)
		fdatasync(image->fd);
	close(image->fd); /* drops the lock */
	if (image->overlay_fd >= 0)
		close(image->overlay_fd);
	free(image->overlay_map);
	free(image->path);
	free(image);
}

uint64_t disk_image_size(const struct disk_image *image)
{
	return image->size;
}

const char *disk_image_path(const struct disk_image *image)
{
	return image->path;
}

enum disk_image_access disk_image_access(const struct disk_image *image)
{
	return image->access;
}

bool disk_image_writable(const struct disk_image *image)
{
	return image->access != DISK_IMAGE_READ_ONLY;
}

static bool in_bounds(const struct disk_image *image, uint64_t offset, size_t len)
{
	return offset <= image->size && len <= image->size - offset;
}

static bool overlay_has(const struct disk_image *image, uint64_t block)
{
	return image->overlay_map[block / 8] & (1u << (block % 8));
}

int disk_image_read(struct disk_image *image, uint64_t offset, void *buf, size_t len)
{
	if (!in_bounds(image, offset, len)) {
		errno = EINVAL;
		return -1;
	}
	if (image->overlay_fd < 0)
		return read_full(image->fd, buf, len, offset);
	/* Block by block, each from wherever its newest copy is. */
	uint8_t *p = buf;
	while (len) {
		uint64_t block = offset / OVERLAY_BLOCK;
		size_t piece = OVERLAY_BLOCK - (size_t)(offset % OVERLAY_BLOCK);
		if (piece > len)
			piece = len;
		int fd = overlay_has(image, block) ? image->overlay_fd : image->fd;
		if (read_full(fd, p, piece, offset))
			return -1;
		p += piece;
		offset += piece;
		len -= piece;
	}
	return 0;
}

int disk_image_write(struct disk_image *image, uint64_t offset, const void *buf, size_t len)
{
	if (!in_bounds(image, offset, len)) {
		errno = EINVAL;
		return -1;
	}
	if (image->access == DISK_IMAGE_READ_ONLY) {
		errno = EROFS;
		return -1;
	}
	if (image->overlay_fd < 0)
		return write_full(image->fd, buf, len, offset);
	const uint8_t *p = buf;
	while (len) {
		uint64_t block = offset / OVERLAY_BLOCK;
		uint64_t block_start = block * OVERLAY_BLOCK;
		size_t piece = OVERLAY_BLOCK - (size_t)(offset - block_start);
		if (piece > len)
			piece = len;
		bool first = !overlay_has(image, block);
		if (first && piece < OVERLAY_BLOCK) {
			/* First write to this block: bring the rest of it over
			 * from the image, so later reads of it are whole. */
			uint8_t copy[OVERLAY_BLOCK];
			size_t have = image->size - block_start < OVERLAY_BLOCK
					      ? (size_t)(image->size - block_start)
					      : OVERLAY_BLOCK;
			if (read_full(image->fd, copy, have, block_start) ||
			    write_full(image->overlay_fd, copy, have, block_start))
				return -1;
		}
		if (write_full(image->overlay_fd, p, piece, offset))
			return -1;
		if (first)
			image->overlay_map[block / 8] |= (uint8_t)(1u << (block % 8));
		p += piece;
		offset += piece;
		len -= piece;
	}
	return 0;
}

int disk_image_flush(struct disk_image *image)
{
	if (image->access != DISK_IMAGE_READ_WRITE)
		return 0;
	return fdatasync(image->fd);
}
