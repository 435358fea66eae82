/* The gdb stub through its socket, packet by packet, as gdb would talk to
 * it and as gdb never would: glasspc runs gdbrom.rom (the boot sector of
 * gdbboot.asm at 0x7C00, which ends in a loop waiting for a flag) with
 * --gdb 127.0.0.1:0.  The replies to every kind of packet, Ctrl-C while
 * the guest runs, detach and attach again, bad packets and a fuzz of
 * random ones (the stub must answer each and stay up), then kill. */
#include <check.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "debugger/gdbpacket.h"

#define TIMEOUT_MS 30000

static pid_t child = -1;
static FILE *child_err;
static unsigned port;
static int sock = -1;
static char reply_buf[GDB_PACKET_MAX + 1];
static size_t reply_len;
static char output[16384]; /* what 'O' packets carried */
static size_t output_len;

static void start_glasspc(void)
{
	int fds[2];
	ck_assert_int_eq(pipe(fds), 0);
	child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0) {
		dup2(fds[1], 2);
		close(fds[0]);
		close(fds[1]);
		if (!freopen("/dev/null", "w", stdout))
			_exit(126);
		execl(GLASSPC_BIN, GLASSPC_BIN, "--rom", GUEST_ROM, "--gdb", "127.0.0.1:0", (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	child_err = fdopen(fds[0], "r");
	ck_assert_ptr_nonnull(child_err);
	char line[256];
	port = 0;
	while (!port && fgets(line, sizeof(line), child_err))
		sscanf(line, "glasspc: gdb stub listening on 127.0.0.1:%u", &port);
	ck_assert_msg(port != 0, "no 'listening on' line from glasspc");
}

static void connect_stub(void)
{
	sock = socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_ge(sock, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(connect(sock, (struct sockaddr *)&sa, sizeof(sa)), 0);
	/* An ack and the next packet go out at once, as from gdb. */
	int one = 1;
	setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

static int read_byte(void)
{
	struct pollfd p = {.fd = sock, .events = POLLIN};
	ck_assert_msg(poll(&p, 1, TIMEOUT_MS) == 1, "no answer from the stub in %d ms", TIMEOUT_MS);
	unsigned char c;
	ssize_t n = recv(sock, &c, 1, 0);
	return n == 1 ? c : -1;
}

static void send_raw(const void *data, size_t len)
{
	ck_assert_int_eq(send(sock, data, len, MSG_NOSIGNAL), (ssize_t)len);
}

static void send_packet(const char *data, size_t len)
{
	static char framed[2 * GDB_PACKET_MAX + 8];
	long n = gdb_frame(data, len, false, framed, sizeof(framed));
	ck_assert_int_gt(n, 0);
	send_raw(framed, (size_t)n);
}

/* Reads one packet (acks skipped), checks its checksum, decodes it. */
static void read_packet(void)
{
	int c;
	while ((c = read_byte()) != '$')
		ck_assert_msg(c == '+', "unexpected byte 0x%02x before a packet", c);
	static uint8_t raw[2 * GDB_PACKET_MAX];
	size_t n = 0;
	while ((c = read_byte()) != '#') {
		ck_assert_int_ge(c, 0);
		ck_assert_uint_lt(n, sizeof(raw));
		raw[n++] = (uint8_t)c;
	}
	int hi = gdb_hex_digit(read_byte()), lo = gdb_hex_digit(read_byte());
	ck_assert_int_eq(hi << 4 | lo, gdb_checksum(raw, n));
	long len = gdb_decode(raw, n, reply_buf, GDB_PACKET_MAX);
	ck_assert_int_ge(len, 0);
	reply_len = (size_t)len;
	reply_buf[len] = 0;
	send_raw("+", 1);
}

/* Sends a packet and returns the reply; 'O' packets before it are
 * collected in output[]. */
static const char *ask(const char *packet)
{
	send_packet(packet, strlen(packet));
	output_len = 0;
	for (;;) {
		read_packet();
		if (reply_buf[0] != 'O' || reply_len < 3 || reply_len % 2 == 0)
			return reply_buf;
		size_t n = (reply_len - 1) / 2;
		if (output_len + n < sizeof(output) && gdb_hex_decode(reply_buf + 1, n, output + output_len))
			output_len += n;
		output[output_len] = 0;
	}
}

static void ask_expect(const char *packet, const char *want)
{
	const char *got = ask(packet);
	ck_assert_msg(!strcmp(got, want), "%s: got '%.200s', want '%s'", packet, got, want);
}

static bool is_error(const char *r)
{
	return r[0] == 'E' && strlen(r) == 3;
}

static void ask_error(const char *packet)
{
	const char *got = ask(packet);
	ck_assert_msg(is_error(got), "%s: got '%.200s', want an error", packet, got);
}

static void stop_glasspc(void)
{
	if (sock >= 0)
		close(sock);
	sock = -1;
	if (child > 0) {
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
	}
	child = -1;
	if (child_err)
		fclose(child_err);
	child_err = NULL;
}

static void hex_of(const char *text, char *out)
{
	out[gdb_hex_encode(text, strlen(text), out)] = 0;
}

START_TEST(test_session)
{
	start_glasspc();
	connect_stub();

	/* What gdb asks first. */
	const char *r = ask("qSupported:multiprocess+;swbreak+;hwbreak+;qRelocInsn+");
	ck_assert_ptr_nonnull(strstr(r, "PacketSize=4000"));
	ck_assert_ptr_nonnull(strstr(r, "qXfer:features:read+"));
	ck_assert_ptr_nonnull(strstr(r, "swbreak+"));
	ck_assert_ptr_nonnull(strstr(r, "hwbreak+"));
	ask_expect("?", "T05thread:1;");
	ask_expect("qAttached", "1");
	ask_expect("qC", "QC1");
	ask_expect("qfThreadInfo", "m1");
	ask_expect("qsThreadInfo", "l");
	ask_expect("Hg0", "OK");
	ask_expect("vCont?", "vCont;c;C;s;S");
	ask_expect("vMustReplyEmpty", "");
	r = ask("qXfer:features:read:target.xml:0,3fff");
	ck_assert_int_eq(r[0], 'l');
	ck_assert_ptr_nonnull(strstr(r, "<architecture>i8086</architecture>"));
	ck_assert_ptr_nonnull(strstr(r, "<feature name=\"org.gnu.gdb.i386.core\">"));
	ck_assert_ptr_nonnull(strstr(r, "<reg name=\"fop\""));
	ck_assert_ptr_nonnull(strstr(r, "<reg name=\"cr0\""));
	ck_assert_ptr_nonnull(strstr(r, "<reg name=\"gs_base\""));
	/* In pieces, as gdb reads it. */
	size_t whole = strlen(r) - 1;
	r = ask("qXfer:features:read:target.xml:10,20");
	ck_assert_int_eq(r[0], 'm');
	ck_assert_uint_eq(strlen(r), 0x21);
	char req[64];
	snprintf(req, sizeof(req), "qXfer:features:read:target.xml:%zx,100", whole);
	ask_expect(req, "l");
	ask_error("qXfer:features:read:other.xml:0,100");
	ask_error("qXfer:features:read:target.xml:ffffff,100");
	ask_error("qXfer:features:read:target.xml:0");

	/* Registers at reset: F000:FFF0. */
	r = ask("g");
	ck_assert_uint_eq(strlen(r), 2 * (16 * 4 + 8 * 10 + 8 * 4 + 10 * 4));
	ck_assert_int_eq(strncmp(r + 8 * 8, "f0ff0000", 8), 0);
	ck_assert_int_eq(strncmp(r + 10 * 8, "00f00000", 8), 0); /* cs */
	ask_expect("p8", "f0ff0000");
	ask_expect("pa", "00f00000");
	ask_expect("p24", "0000ffff"); /* cs_base */
	ask_expect("p64", "");
	ask_error("pzz");
	ask_expect("P0=78563412", "OK");
	ask_expect("p0", "78563412");
	ask_error("P0=1234");
	ask_error("P99=00000000");
	ask_error("P20=01000000"); /* cr0 is read-only here */
	ask_expect("P20=00000000", "OK"); /* ...but takes the value it has */
	ask_expect("Pb=00100000", "OK");   /* ss in real mode */
	ask_expect("pb", "00100000");
	ask_expect("p25", "00000100");    /* ss_base followed */
	ask_expect("Pb=00000000", "OK");

	/* Memory: the ROM's reset jump, then RAM written and read back. */
	ask_expect("mffff0,5", "ea00f000f0");
	ask_expect("M500,2:abcd", "OK");
	ask_expect("m500,2", "abcd");
	static const char x[] = "X500,3:}#\x00"; /* escaped on the way ('}', '#'), a zero */
	send_packet(x, sizeof(x) - 1);
	read_packet();
	ck_assert_str_eq(reply_buf, "OK");
	ask_expect("m500,3", "7d2300");
	ask_error("M500,2:abc");
	ask_error("M500,2:zzzz");
	ask_error("X500,4:ab");
	ask_error("m500");
	ask_error("m,4");
	r = ask("m0,ffffff"); /* more than a packet holds: a part */
	ck_assert_uint_eq(strlen(r), GDB_PACKET_MAX);

	/* A software breakpoint at the boot sector, a step, a watchpoint. */
	ask_expect("Z0,7c00,1", "OK");
	ask_expect("Z0,7c00,1", "OK"); /* again: still one */
	ask_expect("vCont;c:1", "T05thread:1;swbreak:;");
	ask_expect("p8", "007c0000");
	ask_expect("s", "T05thread:1;");
	ask_expect("p8", "057c0000");
	ask_expect("z0,7c00,1", "OK");
	ask_expect("Z2,600,2", "OK");
	ask_expect("c", "T05thread:1;watch:600;");
	ask_expect("m600,2", "3412");
	ask_expect("z2,600,2", "OK");
	ask_expect("Z1,7c80,1", "OK");
	ask_expect("vCont;s:1;c", "T05thread:1;");
	ask_expect("vCont;c", "T05thread:1;hwbreak:;");
	ask_expect("p8", "807c0000");
	ask_expect("z1,7c80,1", "OK");
	ask_expect("Z4,604,4", "OK");
	ask_expect("c", "T05thread:1;awatch:604;");
	ask_expect("z4,604,4", "OK");
	ask_expect("Z3,700,1", "OK");
	ask_expect("c", "T05thread:1;rwatch:700;");
	ask_expect("z3,700,1", "OK");

	/* Ctrl-C while the guest waits in its loop. */
	send_packet("c", 1);
	struct timespec pause = {0, 200 * 1000 * 1000};
	nanosleep(&pause, NULL);
	send_raw("\x03", 1);
	read_packet();
	ck_assert_str_eq(reply_buf, "T02thread:1;");
	ask_expect("?", "T02thread:1;");

	/* monitor: the console's commands, their output in 'O' packets. */
	char hex[256], cmd[300];
	hex_of("creg", hex);
	snprintf(cmd, sizeof(cmd), "qRcmd,%s", hex);
	ask_expect(cmd, "OK");
	ck_assert_msg(strstr(output, "cr0: 0x") && strstr(output, " PE\n"), "monitor creg said: %s", output);
	hex_of("c", hex);
	snprintf(cmd, sizeof(cmd), "qRcmd,%s", hex);
	ask_expect(cmd, "OK");
	ck_assert_ptr_nonnull(strstr(output, "gdb's own commands"));
	hex_of("nonsense", hex);
	snprintf(cmd, sizeof(cmd), "qRcmd,%s", hex);
	ask_expect(cmd, "OK");
	ck_assert_ptr_nonnull(strstr(output, "unknown command"));
	ask_error("qRcmd,123");
	ask_error("qRcmd,zz");
	ask_error("qRcmd,6300");

	/* Detach: the guest runs on; attach again, and it stops for us. */
	ask_expect("D", "OK");
	close(sock);
	nanosleep(&pause, NULL);
	connect_stub();
	ask_expect("?", "T02thread:1;");
	r = ask("p8");
	ck_assert_msg(!strcmp(r, "997c0000") || !strcmp(r, "a07c0000"), "eip %s: not in the wait loop", r);
	r = ask("qXfer:features:read:target.xml:0,3fff");
	ck_assert_ptr_nonnull(strstr(r, "<architecture>i386</architecture>"));

	/* gdb gone while the guest runs: it runs on, and the next gdb finds
	 * it running. */
	send_packet("c", 1);
	nanosleep(&pause, NULL);
	close(sock);
	nanosleep(&pause, NULL);
	connect_stub();
	ask_expect("?", "T02thread:1;");

	/* Bad packets: an error or an empty reply, never silence. */
	ask_error("Z0,zz,1");
	ask_error("Z2,600,0");
	ask_error("Z0,7c00");
	ask_expect("Z9,7c00,1", "");
	ask_error("vCont;x");
	ask_error("vCont;c:2");
	ask_error("cxyz");
	ask_error("C");
	ask_expect("Jnothing", "");
	ask_expect("qNothing", "");
	ask_error("G12");
	send_raw("$g#00", 5); /* bad checksum: asked again */
	ck_assert_int_eq(read_byte(), '-');
	static char big[GDB_PACKET_MAX + 64];
	big[0] = 'M';
	memset(big + 1, '0', sizeof(big) - 1);
	send_packet(big, sizeof(big));
	read_packet();
	ck_assert_msg(is_error(reply_buf), "a too-long packet: %s", reply_buf);
	send_raw("$a}#", 4); /* an escape at the end */
	char sum[3];
	gdb_hex_byte(gdb_checksum("a}", 2), sum);
	send_raw(sum, 2);
	read_packet();
	ck_assert_msg(is_error(reply_buf), "a bad escape: %s", reply_buf);
	send_raw("\x03\x03", 2); /* Ctrl-C while stopped: nothing */
	ask_expect("?", "T02thread:1;");

	/* Random packets that do not run the guest or end the session. */
	srand(4242);
	static const char firsts[] = "gGpPmMXZzqQHT?!Rrbjx";
	for (int round = 0; round < 3000; round++) {
		char p[200];
		size_t len = 1 + (size_t)rand() % (sizeof(p) - 1);
		p[0] = firsts[rand() % (sizeof(firsts) - 1)];
		static const char alphabet[] = "0123456789abcdefABCDEF,:;=-xX";
		for (size_t k = 1; k < len; k++)
			p[k] = rand() % 4 ? alphabet[rand() % (sizeof(alphabet) - 1)] : (char)rand();
		if (p[0] == 'q' && len > 1 && (p[1] == 'R' || rand() % 2)) /* no monitor; some real queries */
			len = (size_t)snprintf(p, sizeof(p), "qXfer:features:read:target.xml:%x,%x", rand() % 0x3000,
					       rand() % 0x5000);
		send_packet(p, len);
		read_packet();
	}
	ask_expect("?", "T02thread:1;");
	r = ask("g");
	ck_assert_uint_eq(strlen(r), 2 * (16 * 4 + 8 * 10 + 8 * 4 + 10 * 4));

	/* No acks once asked for: the reply's '$' comes first. */
	ask_expect("QStartNoAckMode", "OK");
	send_packet("?", 1);
	ck_assert_int_eq(read_byte(), '$');

	/* Kill: glasspc powers off and exits with status 0. */
	send_packet("k", 1);
	int status;
	ck_assert_int_eq(waitpid(child, &status, 0), child);
	child = -1;
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	stop_glasspc();
}
END_TEST

/* Bad --gdb addresses are one-line errors. */
START_TEST(test_bad_options)
{
	static const char *const bad[] = {"70000", "host:", "127.0.0.1:x", "", "0x10", "1.2.3.4:99999", "[]:1"};
	for (unsigned k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		char command[512];
		snprintf(command, sizeof(command), "%s --rom %s --gdb '%s' 2>&1 </dev/null", GLASSPC_BIN, GUEST_ROM,
			 bad[k]);
		FILE *p = popen(command, "r");
		ck_assert_ptr_nonnull(p);
		char text[512] = "";
		size_t n = fread(text, 1, sizeof(text) - 1, p);
		text[n] = 0;
		int st = pclose(p);
		ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) != 0, "--gdb %s: exit status %d", bad[k], st);
		ck_assert_msg(!strncmp(text, "glasspc: ", 9) && strchr(text, '\n') == text + n - 1,
			      "--gdb %s: not one line: %s", bad[k], text);
	}
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("gdbstub");
	TCase *tc = tcase_create("stub");
	tcase_add_test(tc, test_session);
	tcase_add_test(tc, test_bad_options);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	SRunner *sr = srunner_create(suite());
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	stop_glasspc();
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
