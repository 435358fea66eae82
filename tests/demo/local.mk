# The demo disk (demo/): booted headless, its text page, COM1 and graphics
# page checked (check_frame reads the screenshot); and under Xvfb, keys
# typed into the window reach the guest as the scan codes it prints.
check_PROGRAMS += tests/demo/check_frame
tests_demo_check_frame_SOURCES = tests/demo/check_frame.c
tests_demo_check_frame_CFLAGS = $(AM_CFLAGS) $(PNG_CFLAGS)
tests_demo_check_frame_LDADD = $(PNG_LIBS)
TESTS += tests/demo/demo-boot.sh tests/demo/keyboard-xvfb.sh
EXTRA_DIST += tests/demo/demo-boot.sh tests/demo/keyboard-xvfb.sh
