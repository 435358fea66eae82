# Unit tests for the storage devices: each drives a controller through
# its ports, with images the test makes in a temporary directory.
EXTRA_DIST += tests/unit/test_storage.h

check_PROGRAMS += tests/unit/test_disk_image
TESTS += tests/unit/test_disk_image
tests_unit_test_disk_image_SOURCES = tests/unit/test_disk_image.c tests/unit/test_storage.h
tests_unit_test_disk_image_CFLAGS = $(IODEV_TEST_CFLAGS)
tests_unit_test_disk_image_LDADD = $(IODEV_TEST_LDADD)

check_PROGRAMS += tests/unit/test_fdc
TESTS += tests/unit/test_fdc
tests_unit_test_fdc_SOURCES = tests/unit/test_fdc.c tests/unit/test_storage.h tests/unit/test_iodev.h
tests_unit_test_fdc_CFLAGS = $(IODEV_TEST_CFLAGS)
tests_unit_test_fdc_LDADD = $(IODEV_TEST_LDADD)

check_PROGRAMS += tests/unit/test_ata
TESTS += tests/unit/test_ata
tests_unit_test_ata_SOURCES = tests/unit/test_ata.c tests/unit/test_storage.h tests/unit/test_iodev.h
tests_unit_test_ata_CFLAGS = $(IODEV_TEST_CFLAGS)
tests_unit_test_ata_LDADD = $(IODEV_TEST_LDADD)

check_PROGRAMS += tests/unit/test_atapi
TESTS += tests/unit/test_atapi
tests_unit_test_atapi_SOURCES = tests/unit/test_atapi.c tests/unit/test_storage.h tests/unit/test_iodev.h
tests_unit_test_atapi_CFLAGS = $(IODEV_TEST_CFLAGS)
tests_unit_test_atapi_LDADD = $(IODEV_TEST_LDADD)
