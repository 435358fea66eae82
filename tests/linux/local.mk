# Booting Linux: tests/linux/boot.sh boots Debian's 32-bit kernel (which
# ./bootstrap downloads into tests/linux/kernel/) with an initramfs whose
# init is tests/linux/init.c, a freestanding i386 program built here,
# and checks what the kernel says about the x87 in /proc/cpuinfo.
TESTS += tests/linux/boot.sh
check_DATA += tests/linux/init.elf
CLEANFILES += tests/linux/init.elf
EXTRA_DIST += tests/linux/boot.sh tests/linux/init.c

# Not $(CFLAGS): the program has no libc and must not get the build's
# sanitizer or host flags.
tests/linux/init.elf: tests/linux/init.c
	@$(MKDIR_P) tests/linux
	$(AM_V_CC)$(CC) -m32 -static -nostdlib -ffreestanding -fno-pic -no-pie -fno-stack-protector \
		-fno-asynchronous-unwind-tables -Os -Wall -o $@ $<
