# The project's own protected-mode tests: small nasm ROMs (one area of
# the CPU each; the common setup is in tests/pmode/pm.inc) that run on
# the bare machine and print one line per check on port 0xE9.  Each
# test is the file NAME.CPU.expected, the output the Intel SDM says
# NAME.bin must print with --cpu CPU; tests/pmode/run.sh runs and
# compares.  make check TESTS=tests/pmode/seg.386.expected runs one.
PMODE_ROMS = \
	tests/pmode/seg.bin \
	tests/pmode/bigreal.bin \
	tests/pmode/xfer.bin \
	tests/pmode/exc.bin \
	tests/pmode/triple-gp.bin \
	tests/pmode/triple-ud.bin \
	tests/pmode/paging.bin \
	tests/pmode/pse.bin \
	tests/pmode/pae.bin \
	tests/pmode/v86.bin \
	tests/pmode/task.bin \
	tests/pmode/sysdesc.bin \
	tests/pmode/models.bin \
	tests/pmode/vme.bin

PMODE_TESTS = \
	tests/pmode/seg.386.expected \
	tests/pmode/bigreal.386.expected \
	tests/pmode/xfer.386.expected \
	tests/pmode/exc.386.expected \
	tests/pmode/triple-gp.386.expected \
	tests/pmode/triple-ud.386.expected \
	tests/pmode/paging.386.expected \
	tests/pmode/paging.486.expected \
	tests/pmode/pse.pentium.expected \
	tests/pmode/pae.p6.expected \
	tests/pmode/v86.386.expected \
	tests/pmode/task.386.expected \
	tests/pmode/sysdesc.386.expected \
	tests/pmode/models.386.expected \
	tests/pmode/models.486.expected \
	tests/pmode/models.pentium.expected \
	tests/pmode/models.p6.expected \
	tests/pmode/vme.pentium.expected

TEST_EXTENSIONS = .test .expected
EXPECTED_LOG_COMPILER = $(SHELL) $(srcdir)/tests/pmode/run.sh
TESTS += $(PMODE_TESTS)
check_DATA += $(PMODE_ROMS)
CLEANFILES += $(PMODE_ROMS)
EXTRA_DIST += tests/pmode/run.sh tests/pmode/pm.inc tests/pmode/README.md $(PMODE_ROMS:.bin=.asm) $(PMODE_TESTS)

tests/pmode/%.bin: tests/pmode/%.asm tests/pmode/pm.inc
	@$(MKDIR_P) tests/pmode
	$(AM_V_GEN)$(NASM) -f bin -I$(srcdir)/tests/pmode/ -o $@ $<
