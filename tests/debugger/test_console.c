/* The debugger console and the tracer, through the program: glasspc runs
 * the boot-sector-like ROM (boot.asm) on the bare machine with a
 * --debugger-script, and the tests assert what the console printed.
 * Then the trace of the same ROM twice (byte-identical) and
 * glasspc-tracediff on a deliberately changed copy. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define OUTPUT_MAX (256 * 1024)

static char output[OUTPUT_MAX];
static int exit_status;

/* Runs a command, keeping its standard output and error in output[]. */
static void run(const char *command)
{
	FILE *p = popen(command, "r");
	ck_assert_ptr_nonnull(p);
	size_t n = fread(output, 1, sizeof(output) - 1, p);
	output[n] = 0;
	int st = pclose(p);
	exit_status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

/* Runs glasspc with the script; stdin is empty, so the console ends
 * after the script even without q. */
static void run_script(const char *script)
{
	char path[512], command[2048];
	snprintf(path, sizeof(path), "%s/script-%d.txt", TEST_TMPDIR, (int)getpid());
	write_file(path, script);
	snprintf(command, sizeof(command), "%s --rom %s --debugger-script %s </dev/null 2>&1", GLASSPC_BIN, GUEST_ROM,
		 path);
	run(command);
	unlink(path);
}

#define assert_output_has(text) \
	ck_assert_msg(strstr(output, text) != NULL, "expected \"%s\" in the output:\n%.3000s", text, output)

START_TEST(test_break_step_registers_memory)
{
	run_script("lb 0x7c00\n"
		   "c\n"
		   "s\n"
		   "r\n"
		   "x /4bx 0x7c00\n"
		   "xp /2hx 0x7c00\n"
		   "set ax = 0x1234 + 1\n"
		   "? ax\n"
		   "sreg\n"
		   "creg\n"
		   "q\n");
	assert_output_has("Breakpoint 1\n");
	assert_output_has("Breakpoint 1, 0000:7c00\n");
	assert_output_has("[0x00007c00] 0000:7c00  31c0             xor ax, ax\n");
	assert_output_has("[0x00007c02] 0000:7c02  8ed8             mov ds, ax\n");
	assert_output_has("eip: 0x00007c02\n");
	assert_output_has("[0x00007c00]: 0x31 0xc0 0x8e 0xd8\n");
	assert_output_has("[0x00007c00]: 0xc031 0xd88e\n");
	assert_output_has("0x00001235 4661 4661\n");
	assert_output_has("cs: 0x0000 base=0x00000000");
	assert_output_has("cr0: 0x");
	ck_assert_int_eq(exit_status, 0);
}
END_TEST

START_TEST(test_watchpoint)
{
	run_script("watch w 0x600 2\n"
		   "c\n"
		   "r\n"
		   "c\n"
		   "bl\n"
		   "q\n");
	/* ax = 0x55AA + 0x1234, stored by mov [0x600], ax at 7C0F */
	assert_output_has("Watchpoint 1: write of 2 bytes at 0x00000600 (value 0x67de), by the instruction at 0000:00007c0f\n");
	assert_output_has("eax: 0x000067de");
	assert_output_has("Watchpoint 1: write of 2 bytes at 0x00000600 (value 0x67df), by the instruction at 0000:00007c12\n");
	assert_output_has("watchpoint  write of physical 0x00000600, 2 bytes (hit 2 times)");
}
END_TEST

START_TEST(test_step_over_call_and_symbols)
{
	run_script("ldsym " GUEST_SYMBOLS "\n"
		   "lb after_call - 3\n"
		   "c\n"
		   "n\n"
		   "r\n"
		   "u func 3\n"
		   "u 0x7c0c 1\n"
		   "q\n");
	assert_output_has("4 symbols loaded");
	assert_output_has("Breakpoint 1, 0000:7c0c\n");
	assert_output_has("[0x00007c0c] 0000:7c0c <start+0xc>  e83100           call 0x7c40\n");
	/* n ran the whole call: the next instruction, ax computed */
	assert_output_has("[0x00007c0f] 0000:7c0f <after_call>  a30006           mov word ptr [0x600], ax\n");
	assert_output_has("eax: 0x000067de");
	assert_output_has("func:\n[0x00007c40] 0000:7c40  55                       push bp\n");
	assert_output_has("[0x00007c43] 0000:7c43  b8aa55                   mov ax, 0x55aa\n");
	assert_output_has("e83100                   call 0x7c40\n");

	/* Inside func, after its prologue: the frame chain through BP. */
	run_script("ldsym " GUEST_SYMBOLS "\n"
		   "b 0:func+3\n"
		   "c\n"
		   "bt\n"
		   "q\n");
	assert_output_has("Breakpoint 1, 0000:7c43\n");
	assert_output_has("#0  0000:7c43 <func+0x3>\n#1  0000:7c0f <after_call>  (frame at ss:0x6ffc)\n");
}
END_TEST

START_TEST(test_conditions_magic_io)
{
	run_script("lb 0x7c1f if cx == 1\n"
		   "c\n"
		   "? cx\n"
		   "d 1\n"
		   "catch io w 0xe9\n"
		   "magic on\n"
		   "lb 0\n"
		   "d 3\n"
		   "bl\n"
		   "q\n");
	assert_output_has("Breakpoint 1 if cx == 1\n");
	assert_output_has("0x00000001 1 1\n");
	assert_output_has("I/O breakpoint 2\n");
	assert_output_has("magic breakpoint on xchg bx, bx (87 DB)");
	assert_output_has("2   y    catch       I/O write port 0x00e9 (hit 0 times)\n");

	run_script("catch io w 0xe9\n"
		   "magic on\n"
		   "c\n"
		   "c\n"
		   "c\n");
	assert_output_has("I/O breakpoint 1: write to port 0x00e9, 1 byte, value 0x4b, by 0000:00007c18\n");
	assert_output_has("Magic breakpoint (xchg) at 0000:00007c1a\n");
	assert_output_has("[0x00007c1c] 0000:7c1c  b90300           mov cx, 0x3\n");
	assert_output_has("CPU halted\n");
}
END_TEST

START_TEST(test_bad_commands_are_one_line_errors)
{
	run_script("frobnicate\n"
		   "x /0bx 0\n"
		   "x /4q 0\n"
		   "b\n"
		   "? 1/0\n"
		   "? ((((1)\n"
		   "set cr0 = 1\n"
		   "set foo = 1\n"
		   "watch w 0xfffffff0 0x100\n"
		   "catch exc 300\n"
		   "d 42\n"
		   "u 0 0\n"
		   "page 0x1000\n"
		   "info nosuchdevice\n"
		   "info gdt 1 2\n"
		   "x /4bx 0x80000000\n"
		   "vb 0x7c00\n"
		   "ldsym /nonexistent/file\n"
		   "q\n");
	assert_output_has("unknown command 'frobnicate' (try help)\n");
	assert_output_has("x: count must be 1 to 4096\n");
	assert_output_has("x: unknown unit or format 'q'");
	assert_output_has("usage: b ADDR [if EXPR]\n");
	assert_output_has("division by zero\n");
	assert_output_has("missing ')' at column 7\n");
	assert_output_has("control registers are read-only in the debugger\n");
	assert_output_has("unknown register 'foo'\n");
	assert_output_has("watch length must be 1 to 0x100000 bytes");
	assert_output_has("vectors are 0 to 255\n");
	assert_output_has("no breakpoint or watchpoint 42\n");
	assert_output_has("u: count must be 1 to 1000\n");
	assert_output_has("paging is off: linear 0x00001000 is physical 0x00001000\n");
	assert_output_has("(no 'nosuchdevice' on this machine)\n");
	assert_output_has("gdt (base=0x00000000, limit=0xffff)");
	assert_output_has("cannot read linear memory at 0x80000000");
	assert_output_has("expected SEG:OFF\n");
	assert_output_has("ldsym: cannot open '/nonexistent/file'");
	ck_assert_int_eq(exit_status, 0);
}
END_TEST

static long file_size(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fclose(f);
	return n;
}

START_TEST(test_trace_is_deterministic_and_tracediff_finds_a_change)
{
	char a[512], b[512], c[512], command[4096];
	snprintf(a, sizeof(a), "%s/trace-a-%d.txt", TEST_TMPDIR, (int)getpid());
	snprintf(b, sizeof(b), "%s/trace-b-%d.txt", TEST_TMPDIR, (int)getpid());
	snprintf(c, sizeof(c), "%s/trace-c-%d.txt", TEST_TMPDIR, (int)getpid());
	for (int k = 0; k < 2; k++) {
		snprintf(command, sizeof(command), "%s -q --rom %s --trace %s </dev/null 2>&1", GLASSPC_BIN, GUEST_ROM,
			 k ? b : a);
		run(command);
		ck_assert_int_eq(exit_status, 0);
	}
	ck_assert_int_gt(file_size(a), 1000);
	snprintf(command, sizeof(command), "cmp %s %s && %s %s %s", a, b, TRACEDIFF_BIN, a, b);
	run(command);
	ck_assert_int_eq(exit_status, 0);
	assert_output_has("traces are identical (37 lines)\n");

	/* The trace itself: the first instruction, the copy loop, the
	 * store with its memory write, the port write. */
	FILE *f = fopen(a, "r");
	ck_assert_ptr_nonnull(f);
	size_t n = fread(output, 1, sizeof(output) - 1, f);
	output[n] = 0;
	fclose(f);
	assert_output_has("0\tR16\tf000:0000fff0\tfffffff0\tea00f000f0\tjmp 0xf000:0xf000\tcs.base=000f0000\n");
	assert_output_has("\tR16\t0000:00007c0f\t00007c0f\ta30006\tmov word ptr [0x600], ax\t[00000600]=67de\n");
	assert_output_has("\tR16\t0000:00007c0c\t00007c0c\te83100\tcall 0x7c40\tesp=00006ffe [00006ffe]=7c0f\n");
	assert_output_has("\tR16\tf000:0000f013\t000ff013\tf3a4\trep movsb\tecx=00000000 esi=0000f14a edi=00007c4a");

	/* Change line 20 and let tracediff find it. */
	snprintf(command, sizeof(command), "sed '20s/eax=/eax=1/' %s > %s", a, c);
	run(command);
	snprintf(command, sizeof(command), "%s %s %s", TRACEDIFF_BIN, a, c);
	run(command);
	ck_assert_int_eq(exit_status, 1);
	assert_output_has("first difference at line 20\n");
	assert_output_has("differing fields: changes\n");
	/* Truncated: one trace ends early. */
	snprintf(command, sizeof(command), "head -n 5 %s > %s && %s %s %s", a, c, TRACEDIFF_BIN, a, c);
	run(command);
	ck_assert_int_eq(exit_status, 1);
	assert_output_has("first difference at line 6\n");
	assert_output_has("ends here; the other continues with:\n");

	/* --trace-from and --trace-range keep only what they select. */
	snprintf(command, sizeof(command), "%s -q --debugcon none --rom %s --trace %s --trace-from 30 --trace-range 0x7c00:0x7cff </dev/null 2>&1 && wc -l < %s",
		 GLASSPC_BIN, GUEST_ROM, c, c);
	run(command);
	ck_assert_int_eq(exit_status, 0);
	ck_assert_int_eq(atoi(output), 7);
	unlink(a);
	unlink(b);
	unlink(c);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("debugger-console");
	TCase *tc = tcase_create("console");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_break_step_registers_memory);
	tcase_add_test(tc, test_watchpoint);
	tcase_add_test(tc, test_step_over_call_and_symbols);
	tcase_add_test(tc, test_conditions_magic_io);
	tcase_add_test(tc, test_bad_commands_are_one_line_errors);
	tcase_add_test(tc, test_trace_is_deterministic_and_tracediff_finds_a_change);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
