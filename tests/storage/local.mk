# Storage integration tests: guests booted from images the tests make
# (with dosfstools, mtools, syslinux, isolinux, xorriso, fdisk; see
# ./bootstrap) or take from ../shared/guests and grub-rescue-pc.  Each
# skips when a tool, a guest or glasspc's --screen-text is missing.
STORAGE_TESTS = tests/storage/syslinux-floppy.sh tests/storage/syslinux-disk.sh \
	tests/storage/isolinux-cdrom.sh tests/storage/freedos-floppy.sh \
	tests/storage/grub-rescue-cdrom.sh tests/storage/elks-floppy.sh tests/storage/freedos-prompt.sh
TESTS += $(STORAGE_TESTS)
EXTRA_DIST += $(STORAGE_TESTS) tests/storage/lib.sh
