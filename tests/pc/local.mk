# The PC machine: unit tests for the PCI chipset functions (each driven
# through its ports on a private bus), a unit test of the machine clock,
# and boot tests that run real firmware (tests/pc/*.sh).
PC_UNIT_LDADD = libglasspc-iodev.a libglasspc-memory.a $(CHECK_LIBS)
PC_UNIT_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)

check_PROGRAMS += tests/unit/test_pci tests/unit/test_i440fx tests/unit/test_piix3 \
	tests/unit/test_piix4pm tests/unit/test_clock
TESTS += tests/unit/test_pci tests/unit/test_i440fx tests/unit/test_piix3 \
	tests/unit/test_piix4pm tests/unit/test_clock
tests_unit_test_pci_SOURCES = tests/unit/test_pci.c tests/unit/test_iodev.h
tests_unit_test_pci_CFLAGS = $(PC_UNIT_CFLAGS)
tests_unit_test_pci_LDADD = $(PC_UNIT_LDADD)
tests_unit_test_i440fx_SOURCES = tests/unit/test_i440fx.c tests/unit/test_iodev.h
tests_unit_test_i440fx_CFLAGS = $(PC_UNIT_CFLAGS)
tests_unit_test_i440fx_LDADD = $(PC_UNIT_LDADD)
tests_unit_test_piix3_SOURCES = tests/unit/test_piix3.c tests/unit/test_iodev.h
tests_unit_test_piix3_CFLAGS = $(PC_UNIT_CFLAGS)
tests_unit_test_piix3_LDADD = $(PC_UNIT_LDADD)
tests_unit_test_piix4pm_SOURCES = tests/unit/test_piix4pm.c tests/unit/test_iodev.h
tests_unit_test_piix4pm_CFLAGS = $(PC_UNIT_CFLAGS)
tests_unit_test_piix4pm_LDADD = $(PC_UNIT_LDADD)
tests_unit_test_clock_SOURCES = tests/unit/test_clock.c machine/clock.c machine/clock.h
tests_unit_test_clock_CFLAGS = $(PC_UNIT_CFLAGS)
tests_unit_test_clock_LDADD = $(CHECK_LIBS)
check_PROGRAMS += tests/unit/test_bench_report
TESTS += tests/unit/test_bench_report
tests_unit_test_bench_report_SOURCES = tests/unit/test_bench_report.c machine/bench_report.c machine/bench_report.h
tests_unit_test_bench_report_CFLAGS = $(PC_UNIT_CFLAGS)
tests_unit_test_bench_report_LDADD = $(CHECK_LIBS)

# Boot tests: SeaBIOS and the Bochs BIOS to "No bootable device", the
# firmware errors, and the board with tiny BIOS images of our own.
TESTS += tests/pc/seabios-boot.sh tests/pc/bochsbios-boot.sh tests/pc/firmware-errors.sh \
	tests/pc/machine.sh tests/pc/bootsector.sh
EXTRA_DIST += tests/pc/bootsector.sh tests/pc/bootsector.asm
EXTRA_DIST += tests/pc/seabios-boot.sh tests/pc/bochsbios-boot.sh tests/pc/firmware-errors.sh \
	tests/pc/machine.sh tests/pc/common.sh tests/pc/rom.inc tests/pc/exit.asm tests/pc/triple.asm \
	tests/pc/timer.asm tests/pc/resets.asm tests/pc/ferr.asm \
	tests/pc/poweroff.asm

# The window's disk light, read back from the window under Xvfb.
check_PROGRAMS += tests/pc/status_light
tests_pc_status_light_SOURCES = tests/pc/status_light.c
TESTS += tests/pc/disk-light-xvfb.sh
EXTRA_DIST += tests/pc/disk-light-xvfb.sh tests/pc/diskloop.asm
