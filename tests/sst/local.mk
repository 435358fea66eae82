# The hardware-captured test-vector runner (SingleStepTests MOO sets) and
# its tests.  See tests/sst/README.md.
SST_LIBS = libglasspc-cpu.a libglasspc-memory.a libglasspc-iodev.a

bin_PROGRAMS += glasspc-sst
glasspc_sst_SOURCES = tests/sst/sst.c \
	tests/sst/moo.c tests/sst/moo.h \
	tests/sst/meta.c tests/sst/meta.h \
	tests/sst/skiplist.c tests/sst/skiplist.h
glasspc_sst_CFLAGS = $(AM_CFLAGS) $(ZLIB_CFLAGS) $(CJSON_CFLAGS)
glasspc_sst_LDADD = $(SST_LIBS) $(ZLIB_LIBS) $(CJSON_LIBS)

# Unit test of the MOO parser on streams built in memory.
check_PROGRAMS += tests/sst/test_moo
tests_sst_test_moo_SOURCES = tests/sst/test_moo.c tests/sst/moo.c tests/sst/moo.h
tests_sst_test_moo_CFLAGS = $(AM_CFLAGS) $(ZLIB_CFLAGS) $(CHECK_CFLAGS)
tests_sst_test_moo_LDADD = $(ZLIB_LIBS) $(CHECK_LIBS)

# The whole 8086 set from the shared test data beside the checkout.
TESTS += tests/sst/test_moo tests/sst/run-8086.sh
EXTRA_DIST += tests/sst/run-8086.sh tests/sst/skip-8086.txt tests/sst/README.md
