/* Disk images: locking, snapshot overlays, write-through, bounds, and
 * the one-line errors the drives give for files they cannot use. */
#include "iodev/disk_image.h"

#include <errno.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "iodev/ata.h"
#include "iodev/fdc.h"
#include "tests/unit/test_iodev.h"
#include "tests/unit/test_storage.h"

#define ERR_LEN 512
#define IMAGE_SIZE (64u * 1024u)

static char err[ERR_LEN];

static struct disk_image *open_ok(const char *path, enum disk_image_access access)
{
	err[0] = 0;
	struct disk_image *image = disk_image_open(path, access, err, sizeof(err));
	ck_assert_msg(image != NULL, "open %s: %s", path, err);
	return image;
}

static void open_fails(const char *path, enum disk_image_access access, const char *words)
{
	err[0] = 0;
	struct disk_image *image = disk_image_open(path, access, err, sizeof(err));
	ck_assert_ptr_null(image);
	ck_assert_msg(strstr(err, path) == err, "error does not start with the file: %s", err);
	ck_assert_msg(strstr(err, words), "error '%s' lacks '%s'", err, words);
	ck_assert_ptr_null(strchr(err, '\n'));
}

START_TEST(test_missing_and_directory)
{
	open_fails(storage_path("nothing-here.img"), DISK_IMAGE_READ_WRITE, "No such file");
	open_fails(storage_path("nothing-here.img"), DISK_IMAGE_READ_ONLY, "No such file");
	open_fails(storage_dir, DISK_IMAGE_READ_ONLY, "directory");
	open_fails(storage_dir, DISK_IMAGE_READ_WRITE, "directory");
}
END_TEST

START_TEST(test_unreadable)
{
	const char *path = make_image("unreadable.img", IMAGE_SIZE, 512);
	ck_assert_int_eq(chmod(path, 0), 0);
	if (access(path, R_OK) == 0)
		return; /* running as root: permissions do not stop us */
	open_fails(path, DISK_IMAGE_READ_ONLY, "Permission denied");
}
END_TEST

START_TEST(test_read_write_lock)
{
	const char *path = make_image("locked.img", IMAGE_SIZE, 512);
	struct disk_image *first = open_ok(path, DISK_IMAGE_READ_WRITE);
	open_fails(path, DISK_IMAGE_READ_WRITE, "in use by another program");
	open_fails(path, DISK_IMAGE_READ_ONLY, "open for writing by another program");
	open_fails(path, DISK_IMAGE_SNAPSHOT, "open for writing by another program");
	disk_image_close(first);
	/* Closed: free again. */
	disk_image_close(open_ok(path, DISK_IMAGE_READ_WRITE));
}
END_TEST

START_TEST(test_lock_across_processes)
{
	const char *path = make_image("locked2.img", IMAGE_SIZE, 512);
	struct disk_image *image = open_ok(path, DISK_IMAGE_READ_WRITE);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		/* A second glasspc. */
		char e[ERR_LEN];
		struct disk_image *other = disk_image_open(path, DISK_IMAGE_READ_WRITE, e, sizeof(e));
		_exit(other == NULL && strstr(e, "locked") ? 0 : 1);
	}
	int status;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	disk_image_close(image);
}
END_TEST

START_TEST(test_read_only_opens_share)
{
	const char *path = make_image("shared.img", IMAGE_SIZE, 512);
	struct disk_image *a = open_ok(path, DISK_IMAGE_READ_ONLY);
	struct disk_image *b = open_ok(path, DISK_IMAGE_READ_ONLY);
	struct disk_image *c = open_ok(path, DISK_IMAGE_SNAPSHOT);
	open_fails(path, DISK_IMAGE_READ_WRITE, "in use");
	ck_assert(!disk_image_writable(a));
	ck_assert(disk_image_writable(c));
	uint8_t buf[512];
	ck_assert_int_eq(disk_image_read(b, 3 * 512, buf, 512), 0);
	expect_pattern(buf, 3, 512);
	memset(buf, 0xAB, sizeof(buf));
	errno = 0;
	ck_assert_int_eq(disk_image_write(a, 0, buf, 512), -1);
	ck_assert_int_eq(errno, EROFS);
	disk_image_close(a);
	disk_image_close(b);
	disk_image_close(c);
}
END_TEST

START_TEST(test_snapshot_leaves_file_unchanged)
{
	const char *path = make_image("snap.img", IMAGE_SIZE, 512);
	struct disk_image *image = open_ok(path, DISK_IMAGE_SNAPSHOT);
	ck_assert_int_eq(disk_image_access(image), DISK_IMAGE_SNAPSHOT);
	/* An unaligned write across an overlay block boundary. */
	uint8_t data[5000];
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i ^ 0x5A);
	ck_assert_int_eq(disk_image_write(image, 3000, data, sizeof(data)), 0);
	/* Read back: the new bytes, and the old ones around them. */
	uint8_t back[IMAGE_SIZE];
	ck_assert_int_eq(disk_image_read(image, 0, back, IMAGE_SIZE), 0);
	ck_assert_int_eq(memcmp(back + 3000, data, sizeof(data)), 0);
	expect_pattern(back, 0, 512);
	for (unsigned i = 0; i < 3000 - 5 * 512; i++)
		ck_assert_uint_eq(back[5 * 512 + i], pattern_byte(5, i));
	for (unsigned i = 8000 - 15 * 512; i < 512; i++)
		ck_assert_uint_eq(back[15 * 512 + i], pattern_byte(15, i));
	expect_pattern(back + 16 * 512, 16, 512);
	/* The last byte of the image. */
	uint8_t last = 0x77;
	ck_assert_int_eq(disk_image_write(image, IMAGE_SIZE - 1, &last, 1), 0);
	ck_assert_int_eq(disk_image_read(image, IMAGE_SIZE - 2, back, 2), 0);
	ck_assert_uint_eq(back[0], pattern_byte(IMAGE_SIZE / 512 - 1, 510));
	ck_assert_uint_eq(back[1], 0x77);
	disk_image_close(image);
	/* The file never saw any of it. */
	uint8_t file[IMAGE_SIZE];
	read_file(path, 0, file, IMAGE_SIZE);
	for (unsigned n = 0; n < IMAGE_SIZE / 512; n++)
		expect_pattern(file + n * 512, n, 512);
}
END_TEST

START_TEST(test_write_through)
{
	const char *path = make_image("through.img", IMAGE_SIZE, 512);
	struct disk_image *image = open_ok(path, DISK_IMAGE_READ_WRITE);
	uint8_t data[512];
	memset(data, 0xC3, sizeof(data));
	ck_assert_int_eq(disk_image_write(image, 7 * 512, data, sizeof(data)), 0);
	/* In the file already, before any flush or close. */
	uint8_t file[512];
	read_file(path, 7 * 512, file, sizeof(file));
	ck_assert_int_eq(memcmp(file, data, sizeof(data)), 0);
	ck_assert_int_eq(disk_image_flush(image), 0);
	disk_image_flush_all();
	disk_image_close(image);
}
END_TEST

static void flush_and_leave(int sig)
{
	disk_image_flush_all();
	_exit(128 + sig);
}

/* What the machine does on SIGTERM: the signal path flushes every
 * image and exits without closing anything. */
START_TEST(test_writes_survive_sigterm)
{
	const char *path = make_image("sigterm.img", IMAGE_SIZE, 512);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		signal(SIGTERM, flush_and_leave);
		char e[ERR_LEN];
		struct disk_image *image = disk_image_open(path, DISK_IMAGE_READ_WRITE, e, sizeof(e));
		if (!image)
			_exit(1);
		uint8_t data[512];
		memset(data, 0x99, sizeof(data));
		if (disk_image_write(image, 2 * 512, data, sizeof(data)))
			_exit(2);
		raise(SIGTERM);
		_exit(3);
	}
	int status;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 128 + SIGTERM);
	uint8_t file[512];
	read_file(path, 2 * 512, file, sizeof(file));
	for (int i = 0; i < 512; i++)
		ck_assert_uint_eq(file[i], 0x99);
	/* And the lock went with the process. */
	disk_image_close(open_ok(path, DISK_IMAGE_READ_WRITE));
}
END_TEST

START_TEST(test_bounds)
{
	const char *path = make_image("bounds.img", IMAGE_SIZE, 512);
	struct disk_image *image = open_ok(path, DISK_IMAGE_READ_WRITE);
	ck_assert_uint_eq(disk_image_size(image), IMAGE_SIZE);
	ck_assert_str_eq(disk_image_path(image), path);
	uint8_t buf[1024];
	errno = 0;
	ck_assert_int_eq(disk_image_read(image, IMAGE_SIZE - 512, buf, 1024), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(disk_image_read(image, UINT64_MAX - 10, buf, 512), -1);
	ck_assert_int_eq(disk_image_write(image, IMAGE_SIZE, buf, 1), -1);
	ck_assert_int_eq(disk_image_read(image, IMAGE_SIZE - 512, buf, 512), 0);
	ck_assert_int_eq(disk_image_read(image, IMAGE_SIZE, buf, 0), 0);
	disk_image_close(image);
}
END_TEST

/* The drives refuse images of the wrong size with one line naming the
 * file. */
START_TEST(test_size_errors)
{
	struct iobus *bus = iobus_create();
	struct mem *mem = mem_create(1u << 20, 0xFFFFF);
	struct dma *dma = dma_create(bus, mem);
	struct fdc *fdc = fdc_create(bus, FDC_PRIMARY_BASE, NULL, dma, FDC_PRIMARY_DMA);
	struct ata_channel *ata = ata_channel_create(bus, ATA_PRIMARY_CMD, ATA_PRIMARY_CTRL, NULL);
	ck_assert_ptr_nonnull(fdc);
	ck_assert_ptr_nonnull(ata);

	const char *odd = make_image("odd.img", 1954 * 512, 512);
	ck_assert_int_eq(fdc_insert(fdc, 0, open_ok(odd, DISK_IMAGE_READ_ONLY), NULL, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, odd) == err && strstr(err, "not a floppy image size"), "%s", err);
	ck_assert_int_eq(ata_attach_disk(ata, 0, open_ok(odd, DISK_IMAGE_READ_ONLY), NULL, err, sizeof(err)), 0);

	const char *ragged = make_image("ragged.img", 100000, 512);
	ck_assert_int_eq(ata_attach_disk(ata, 1, open_ok(ragged, DISK_IMAGE_READ_ONLY), NULL, err, sizeof(err)),
			 -1);
	ck_assert_msg(strstr(err, ragged) == err && strstr(err, "512-byte"), "%s", err);
	ck_assert_int_eq(ata_attach_cdrom(ata, 1, open_ok(ragged, DISK_IMAGE_READ_ONLY), err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, ragged) == err && strstr(err, "2048-byte"), "%s", err);

	const char *empty = make_image("empty.img", 0, 512);
	ck_assert_int_eq(ata_attach_disk(ata, 1, open_ok(empty, DISK_IMAGE_READ_ONLY), NULL, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, empty) == err, "%s", err);

	/* A given geometry must fit the image. */
	const char *small = make_image("small.img", 1008 * 512, 512);
	struct ata_geometry big = { 100, 16, 63 };
	ck_assert_int_eq(ata_attach_disk(ata, 1, open_ok(small, DISK_IMAGE_READ_ONLY), &big, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, small) == err && strstr(err, "geometry"), "%s", err);
	struct fdc_geometry floppy = { 80, 2, 18 };
	ck_assert_int_eq(fdc_insert(fdc, 1, open_ok(small, DISK_IMAGE_READ_ONLY), &floppy, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, small) == err && strstr(err, "too small"), "%s", err);

	/* Every standard floppy size is accepted. */
	static const unsigned kib[] = { 160, 180, 320, 360, 720, 1200, 1440, 1680, 1722, 2880 };
	for (size_t i = 0; i < sizeof(kib) / sizeof(kib[0]); i++) {
		uint64_t size = kib[i] == 1722 ? 82u * 2 * 21 * 512 : kib[i] * 1024u;
		ck_assert_msg(fdc_format_from_size(size) != NULL, "%u KiB", kib[i]);
	}
	ck_assert_ptr_null(fdc_format_from_size(1000000));

	ata_channel_destroy(ata);
	fdc_destroy(fdc);
	dma_destroy(dma);
	mem_destroy(mem);
	iobus_destroy(bus);
}
END_TEST

static Suite *disk_image_suite(void)
{
	Suite *s = suite_create("disk_image");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_missing_and_directory);
	tcase_add_test(tc, test_unreadable);
	tcase_add_test(tc, test_read_write_lock);
	tcase_add_test(tc, test_lock_across_processes);
	tcase_add_test(tc, test_read_only_opens_share);
	tcase_add_test(tc, test_snapshot_leaves_file_unchanged);
	tcase_add_test(tc, test_write_through);
	tcase_add_test(tc, test_writes_survive_sigterm);
	tcase_add_test(tc, test_bounds);
	tcase_add_test(tc, test_size_errors);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	storage_dir_create();
	int status = run_suite(disk_image_suite());
	storage_dir_remove();
	return status;
}
