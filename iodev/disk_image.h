/* Raw disk images: the host side of the floppy, hard disk and CD drives.
 *
 * An image is a file (or block device) holding the medium's bytes in
 * order, with nothing around them.  The drives address it by byte offset;
 * everything about sectors, heads and tracks belongs to the controllers.
 *
 * Three ways to open one:
 *  - read-write: guest writes go straight to the file with pwrite (write
 *    through, no cache of ours), so they are in the file the moment the
 *    guest's command completes, whatever way glasspc exits later.  The
 *    file is locked exclusively (flock), so a second glasspc that wants
 *    the same image, even read-only, is refused;
 *  - read-only: guest writes fail (the drive reports write protection);
 *    a shared lock, so any number of read-only users can share the file,
 *    but not with a writer;
 *  - snapshot (--snapshot): opened like read-only, but guest writes go to
 *    a private temporary overlay file (deleted as soon as it is made) and
 *    are read back from there; the image itself is never written.
 *
 * Errors are one line naming the file ("disk.img: No such file or
 * directory"), for the machine to print after its program name. */
#ifndef GLASSPC_IODEV_DISK_IMAGE_H
#define GLASSPC_IODEV_DISK_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum disk_image_access {
	DISK_IMAGE_READ_WRITE,
	DISK_IMAGE_READ_ONLY,
	DISK_IMAGE_SNAPSHOT,
};

/* How many images may be open at once (the flush registry's size). */
#define DISK_IMAGE_MAX_OPEN 32

struct disk_image;

/* Opens path.  On failure returns NULL and writes one line (path first,
 * no newline) into err. */
struct disk_image *disk_image_open(const char *path, enum disk_image_access access, char *err,
				   size_t errlen);
/* Flushes, unlocks and closes; NULL is allowed.  A snapshot's overlay
 * goes away with it. */
void disk_image_close(struct disk_image *image);

uint64_t disk_image_size(const struct disk_image *image);
const char *disk_image_path(const struct disk_image *image);
enum disk_image_access disk_image_access(const struct disk_image *image);
/* Whether guest writes are accepted (read-write and snapshot images). */
bool disk_image_writable(const struct disk_image *image);

/* Reads or writes len bytes at offset.  Returns 0, or -1 (errno set)
 * when the range leaves the image (EINVAL: the drives check bounds
 * first, this is the last line of defence), the image is read-only
 * (EROFS) or the host call fails (or comes up short: EIO). */
int disk_image_read(struct disk_image *image, uint64_t offset, void *buf, size_t len);
int disk_image_write(struct disk_image *image, uint64_t offset, const void *buf, size_t len);

/* Asks the host to put written data on stable storage (fdatasync).  The
 * data is already in the file; this is for power loss, and for the
 * guest's FLUSH CACHE.  Returns 0 or -1. */
int disk_image_flush(struct disk_image *image);

/* Flushes every open read-write image.  Async-signal-safe: the machine
 * calls it at exit and from its SIGINT/SIGTERM handler. */
void disk_image_flush_all(void);

#endif
