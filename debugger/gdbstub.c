/* The gdb remote stub: gdb's remote serial protocol over TCP, served on
 * the debugger core the console uses (breakpoints and watchpoints kept in
 * the emulator, dbg_resume to run).  gdb sees one thread, the CPU.
 *
 * Addresses: m, M, X, Z and z take linear addresses (paging applies,
 * segmentation does not).  gdb's $pc is EIP, so in real mode and in
 * segments with a base, $pc is not where the code is: the registers
 * cs_base..gs_base (feature org.glasspc.i386.system) give the bases
 * ("x/i $cs_base + $eip"); docs/debugging.md has the i8086 recipe.
 *
 * Running: the stub serves packets while the guest is stopped.  While it
 * runs (c, s, vCont), SIGIO on the connection peeks at what gdb sent and
 * stops the CPU when that is Ctrl-C (0x03) or the connection went away;
 * after a detach the listening socket does the same for a new gdb. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "debugger/gdbpacket.h"
#include "debugger/gdbstub.h"
#include "debugger/internal.h"

/* ---- registers, in the order of the target description ---- */

enum {
	REG_EAX = 0, /* .. REG_EDI = 7, as cpu->r */
	REG_EIP = 8,
	REG_EFLAGS,
	REG_CS, REG_SS, REG_DS, REG_ES, REG_FS, REG_GS,
	REG_ST0 = 16,
	REG_FCTRL = 24, REG_FSTAT, REG_FTAG, REG_FISEG, REG_FIOFF, REG_FOSEG, REG_FOOFF, REG_FOP,
	REG_CR0 = 32, REG_CR2, REG_CR3, REG_CR4,
	REG_CS_BASE, REG_SS_BASE, REG_DS_BASE, REG_ES_BASE, REG_FS_BASE, REG_GS_BASE,
	NREGS
};

/* gdb's order of the segment registers, as cpu->seg indexes. */
static const int seg_order[6] = {S_CS, S_SS, S_DS, S_ES, S_FS, S_GS};

struct reg_desc {
	const char *name;
	const char *type;
	const char *group; /* NULL: gdb's default for the type */
};

/* The core feature is gdb's 32bit-core.xml (names, sizes, types and
 * order are what gdb's i386 architecture checks); the system feature is
 * ours. */
static const struct reg_desc regs[NREGS] = {
	{"eax", "int32", NULL}, {"ecx", "int32", NULL}, {"edx", "int32", NULL}, {"ebx", "int32", NULL},
	{"esp", "data_ptr", NULL}, {"ebp", "data_ptr", NULL}, {"esi", "int32", NULL}, {"edi", "int32", NULL},
	{"eip", "code_ptr", NULL}, {"eflags", "i386_eflags", NULL},
	{"cs", "int32", NULL}, {"ss", "int32", NULL}, {"ds", "int32", NULL},
	{"es", "int32", NULL}, {"fs", "int32", NULL}, {"gs", "int32", NULL},
	{"st0", "i387_ext", NULL}, {"st1", "i387_ext", NULL}, {"st2", "i387_ext", NULL}, {"st3", "i387_ext", NULL},
	{"st4", "i387_ext", NULL}, {"st5", "i387_ext", NULL}, {"st6", "i387_ext", NULL}, {"st7", "i387_ext", NULL},
	{"fctrl", "int", "float"}, {"fstat", "int", "float"}, {"ftag", "int", "float"},
	{"fiseg", "int", "float"}, {"fioff", "int", "float"}, {"foseg", "int", "float"},
	{"fooff", "int", "float"}, {"fop", "int", "float"},
	{"cr0", "glasspc_cr0", "system"}, {"cr2", "data_ptr", "system"}, {"cr3", "uint32", "system"},
	{"cr4", "glasspc_cr4", "system"},
	{"cs_base", "uint32", "system"}, {"ss_base", "uint32", "system"}, {"ds_base", "uint32", "system"},
	{"es_base", "uint32", "system"}, {"fs_base", "uint32", "system"}, {"gs_base", "uint32", "system"},
};

static unsigned reg_size(unsigned n)
{
	return n >= REG_ST0 && n < REG_ST0 + 8 ? 10 : 4;
}

static const char eflags_fields[] =
	"<flags id=\"i386_eflags\" size=\"4\">"
	"<field name=\"CF\" start=\"0\" end=\"0\"/><field name=\"\" start=\"1\" end=\"1\"/>"
	"<field name=\"PF\" start=\"2\" end=\"2\"/><field name=\"AF\" start=\"4\" end=\"4\"/>"
	"<field name=\"ZF\" start=\"6\" end=\"6\"/><field name=\"SF\" start=\"7\" end=\"7\"/>"
	"<field name=\"TF\" start=\"8\" end=\"8\"/><field name=\"IF\" start=\"9\" end=\"9\"/>"
	"<field name=\"DF\" start=\"10\" end=\"10\"/><field name=\"OF\" start=\"11\" end=\"11\"/>"
	"<field name=\"NT\" start=\"14\" end=\"14\"/><field name=\"RF\" start=\"16\" end=\"16\"/>"
	"<field name=\"VM\" start=\"17\" end=\"17\"/><field name=\"AC\" start=\"18\" end=\"18\"/>"
	"<field name=\"VIF\" start=\"19\" end=\"19\"/><field name=\"VIP\" start=\"20\" end=\"20\"/>"
	"<field name=\"ID\" start=\"21\" end=\"21\"/></flags>";

static const char system_types[] =
	"<flags id=\"glasspc_cr0\" size=\"4\">"
	"<field name=\"PE\" start=\"0\" end=\"0\"/><field name=\"MP\" start=\"1\" end=\"1\"/>"
	"<field name=\"EM\" start=\"2\" end=\"2\"/><field name=\"TS\" start=\"3\" end=\"3\"/>"
	"<field name=\"ET\" start=\"4\" end=\"4\"/><field name=\"NE\" start=\"5\" end=\"5\"/>"
	"<field name=\"WP\" start=\"16\" end=\"16\"/><field name=\"AM\" start=\"18\" end=\"18\"/>"
	"<field name=\"NW\" start=\"29\" end=\"29\"/><field name=\"CD\" start=\"30\" end=\"30\"/>"
	"<field name=\"PG\" start=\"31\" end=\"31\"/></flags>"
	"<flags id=\"glasspc_cr4\" size=\"4\">"
	"<field name=\"VME\" start=\"0\" end=\"0\"/><field name=\"PVI\" start=\"1\" end=\"1\"/>"
	"<field name=\"TSD\" start=\"2\" end=\"2\"/><field name=\"DE\" start=\"3\" end=\"3\"/>"
	"<field name=\"PSE\" start=\"4\" end=\"4\"/><field name=\"PAE\" start=\"5\" end=\"5\"/>"
	"<field name=\"MCE\" start=\"6\" end=\"6\"/><field name=\"PGE\" start=\"7\" end=\"7\"/>"
	"<field name=\"PCE\" start=\"8\" end=\"8\"/></flags>";

#define TDESC_MAX 8192

/* The architecture is what gdb disassembles for: "i8086" (16-bit code)
 * or "i386".  gdb lets the user move from the one described to a wider
 * one ("set architecture i386" over i8086) but not back, so i8086 is
 * described whenever gdb connects to 16-bit code.  No OS ABI: gdb would
 * look for a Linux one. */
static size_t build_target_xml(char *out, size_t max, bool code32)
{
	size_t n = 0;
#define ADD(...) n += (size_t)snprintf(out + n, n < max ? max - n : 0, __VA_ARGS__)
	ADD("<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target version=\"1.0\">\n"
	    "<architecture>%s</architecture>\n<osabi>none</osabi>\n<feature name=\"org.gnu.gdb.i386.core\">\n%s\n",
	    code32 ? "i386" : "i8086", eflags_fields);
	for (unsigned k = 0; k < NREGS; k++) {
		if (k == REG_CR0)
			ADD("</feature>\n<feature name=\"org.glasspc.i386.system\">\n%s\n", system_types);
		ADD("<reg name=\"%s\" bitsize=\"%u\" type=\"%s\" regnum=\"%u\"%s%s%s/>\n", regs[k].name, reg_size(k) * 8,
		    regs[k].type, k, regs[k].group ? " group=\"" : "", regs[k].group ? regs[k].group : "",
		    regs[k].group ? "\"" : "");
	}
	ADD("</feature>\n</target>\n");
#undef ADD
	return n < max ? n : 0;
}

/* ---- the stub ---- */

#define MAX_GDB_POINTS DBG_MAX_STOP_POINTS
#define IN_BUF 4096
#define OUTPUT_CHUNK 1024 /* console text per 'O' packet */

struct gdb_point {
	bool used;
	unsigned type; /* Z type: 0 software, 1 hardware breakpoint, 2 write, 3 read, 4 access watchpoint */
	uint32_t addr, kind;
	int id;        /* in the core */
};

struct gdbstub {
	struct debugger *d;
	int listen_fd, conn_fd;
	char where[96]; /* HOST:PORT as printed */
	bool no_ack, swbreak, hwbreak;
	struct gdb_rx rx;
	uint8_t in[IN_BUF];
	size_t in_pos, in_len;
	char reply[GDB_PACKET_MAX + 1];
	char tx[2 * GDB_PACKET_MAX + 8]; /* the last packet framed, for a resend */
	long tx_len;
	char stop_reply[96];
	struct gdb_point points[MAX_GDB_POINTS];
	char tdesc[TDESC_MAX];
	size_t tdesc_len;
};

/* What SIGIO looks at while the guest runs. */
static volatile sig_atomic_t sigio_armed;
static volatile int sigio_conn_fd = -1, sigio_listen_fd = -1;

static void on_sigio(int sig)
{
	(void)sig;
	int saved = errno;
	if (sigio_armed) {
		if (sigio_conn_fd >= 0) {
			char peek[256];
			ssize_t n = recv(sigio_conn_fd, peek, sizeof(peek), MSG_PEEK | MSG_DONTWAIT);
			/* Ctrl-C, or gdb gone (end of file, error). */
			if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) ||
			    (n > 0 && memchr(peek, 0x03, (size_t)n)))
				dbg_interrupt();
		} else if (sigio_listen_fd >= 0) {
			struct pollfd p = {.fd = sigio_listen_fd, .events = POLLIN};
			if (poll(&p, 1, 0) > 0)
				dbg_interrupt();
		}
	}
	errno = saved;
}

static void set_async(int fd)
{
	fcntl(fd, F_SETOWN, getpid());
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_ASYNC);
}

int gdbstub_open(struct debugger *d)
{
	struct gdbstub *s = calloc(1, sizeof(*s));
	if (!s) {
		fprintf(stderr, "glasspc: out of memory for the gdb stub\n");
		return -1;
	}
	s->d = d;
	s->conn_fd = -1;
	char port[8];
	snprintf(port, sizeof(port), "%u", d->opts.gdb_port);
	struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE}, *ai;
	int r = getaddrinfo(d->opts.gdb_host, port, &hints, &ai);
	if (r) {
		fprintf(stderr, "glasspc: --gdb %s: %s\n", d->opts.gdb, gai_strerror(r));
		free(s);
		return -1;
	}
	int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
	int one = 1;
	if (fd >= 0)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (fd < 0 || bind(fd, ai->ai_addr, ai->ai_addrlen) || listen(fd, 1)) {
		fprintf(stderr, "glasspc: --gdb %s: cannot listen: %s\n", d->opts.gdb, strerror(errno));
		if (fd >= 0)
			close(fd);
		freeaddrinfo(ai);
		free(s);
		return -1;
	}
	freeaddrinfo(ai);
	struct sockaddr_storage sa = {0};
	socklen_t len = sizeof(sa);
	char host[INET6_ADDRSTRLEN] = "?";
	unsigned bound = d->opts.gdb_port;
	if (!getsockname(fd, (struct sockaddr *)&sa, &len)) {
		if (sa.ss_family == AF_INET) {
			struct sockaddr_in *in = (struct sockaddr_in *)&sa;
			inet_ntop(AF_INET, &in->sin_addr, host, sizeof(host));
			bound = ntohs(in->sin_port);
		} else if (sa.ss_family == AF_INET6) {
			struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&sa;
			inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof(host));
			bound = ntohs(in6->sin6_port);
		}
	}
	snprintf(s->where, sizeof(s->where), sa.ss_family == AF_INET6 ? "[%s]:%u" : "%s:%u", host, bound);
	s->listen_fd = fd;
	d->gdb = s;
	fprintf(stderr, "glasspc: gdb stub listening on %s\n", s->where);
	fflush(stderr);
	return 0;
}

void gdbstub_close(struct debugger *d)
{
	struct gdbstub *s = d->gdb;
	if (!s)
		return;
	if (s->conn_fd >= 0)
		close(s->conn_fd);
	if (s->listen_fd >= 0)
		close(s->listen_fd);
	free(s);
	d->gdb = NULL;
}

/* ---- sending ---- */

static bool write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		p += n;
		len -= (size_t)n;
	}
	return true;
}

static void send_packet(struct gdbstub *s, const char *data, size_t len)
{
	s->tx_len = gdb_frame(data, len, true, s->tx, sizeof(s->tx));
	if (s->tx_len < 0) /* cannot happen: replies are built within GDB_PACKET_MAX */
		s->tx_len = gdb_frame("E01", 3, false, s->tx, sizeof(s->tx));
	if (s->conn_fd >= 0)
		write_all(s->conn_fd, s->tx, (size_t)s->tx_len);
}

static void reply(struct gdbstub *s, const char *text)
{
	send_packet(s, text, strlen(text));
}

/* Errors: gdb shows the number; these follow errno where one fits. */
#define E_INVAL 0x16
#define E_FAULT 0x0e
#define E_NOSPC 0x1c
#define E_PERM 0x01

static void reply_error(struct gdbstub *s, int code)
{
	char e[4];
	snprintf(e, sizeof(e), "E%02x", code & 0xFF);
	reply(s, e);
}

/* Console text to gdb's console, in 'O' packets. */
static void send_output(struct gdbstub *s, const char *text, size_t len)
{
	char packet[1 + 2 * OUTPUT_CHUNK];
	while (len) {
		size_t n = len < OUTPUT_CHUNK ? len : OUTPUT_CHUNK;
		packet[0] = 'O';
		gdb_hex_encode(text, n, packet + 1);
		send_packet(s, packet, 1 + 2 * n);
		text += n;
		len -= n;
	}
}

/* ---- registers ---- */

static uint32_t get_le32(const uint8_t *b)
{
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static void put_le32(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
	b[2] = (uint8_t)(v >> 16);
	b[3] = (uint8_t)(v >> 24);
}

static unsigned x87_top(const struct cpu *cpu)
{
	return (cpu->x87.status >> 11) & 7;
}

static uint32_t reg_value32(const struct cpu *cpu, unsigned n)
{
	const struct cpu_x87 *f = &cpu->x87;
	switch (n) {
	case REG_EIP: return cpu->eip;
	case REG_EFLAGS: return cpu_get_flags(cpu);
	case REG_FCTRL: return f->control;
	case REG_FSTAT:
		/* ES and B as software reads them: an unmasked exception pending. */
		return (f->status & ~0x8080u) | ((f->status & ~f->control & 0x3Fu) ? 0x8080u : 0);
	case REG_FTAG: return f->tag;
	case REG_FISEG: return f->fcs;
	case REG_FIOFF: return f->fip;
	case REG_FOSEG: return f->fds;
	case REG_FOOFF: return f->fdp;
	case REG_FOP: return f->opcode & 0x7FFu;
	case REG_CR0: return cpu->cr0;
	case REG_CR2: return cpu->cr2;
	case REG_CR3: return cpu->cr3;
	case REG_CR4: return cpu->cr4;
	default:
		if (n < 8)
			return cpu->r[n];
		if (n >= REG_CS && n <= REG_GS)
			return cpu->seg[seg_order[n - REG_CS]].sel;
		if (n >= REG_CS_BASE && n <= REG_GS_BASE)
			return cpu->seg[seg_order[n - REG_CS_BASE]].base;
		return 0;
	}
}

/* Writes register n's bytes (reg_size) into out. */
static void read_reg(const struct cpu *cpu, unsigned n, uint8_t *out)
{
	if (n >= REG_ST0 && n < REG_ST0 + 8) {
		x87_f80 v = cpu->x87.reg[(x87_top(cpu) + n - REG_ST0) & 7];
		for (unsigned k = 0; k < 8; k++)
			out[k] = (uint8_t)(v.significand >> (8 * k));
		out[8] = (uint8_t)v.sign_exp;
		out[9] = (uint8_t)(v.sign_exp >> 8);
		return;
	}
	put_le32(out, reg_value32(cpu, n));
}

/* The tag an 80-bit value gets when loaded (SDM Vol. 1 8.1.7): 01 zero,
 * 10 special (NaN, infinity, denormal, unnormal), 00 valid. */
static unsigned tag_for(x87_f80 v)
{
	unsigned exp = v.sign_exp & 0x7FFF;
	if (exp == 0 && v.significand == 0)
		return 1;
	if (exp == 0x7FFF || exp == 0 || !(v.significand >> 63))
		return 2;
	return 0;
}

/* Sets register n from its bytes.  Segment registers, control registers
 * and bases take only the value they have (gdb writes every register
 * back with G), except a selector in real or virtual-8086 mode.  Returns
 * 0 or an error code. */
static int write_reg(struct debugger *d, unsigned n, const uint8_t *in)
{
	struct cpu *cpu = d->cpu;
	struct cpu_x87 *f = &cpu->x87;
	if (n >= REG_ST0 && n < REG_ST0 + 8) {
		x87_f80 v = {0, (uint16_t)(in[8] | in[9] << 8)};
		for (unsigned k = 0; k < 8; k++)
			v.significand |= (uint64_t)in[k] << (8 * k);
		unsigned phys = (x87_top(cpu) + n - REG_ST0) & 7;
		f->reg[phys] = v;
		f->tag = (uint16_t)((f->tag & ~(3u << (2 * phys))) | tag_for(v) << (2 * phys));
		return 0;
	}
	uint32_t v = get_le32(in);
	char err[EXPR_ERROR_MAX];
	switch (n) {
	case REG_EIP:
		cpu_set_eip(cpu, dbg_code32(cpu) ? v : v & 0xFFFF);
		return 0;
	case REG_EFLAGS: cpu_set_flags(cpu, v); return 0;
	case REG_FCTRL: f->control = (uint16_t)v; return 0;
	case REG_FSTAT: f->status = (uint16_t)v; return 0;
	case REG_FTAG: f->tag = (uint16_t)v; return 0;
	case REG_FISEG: f->fcs = (uint16_t)v; return 0;
	case REG_FIOFF: f->fip = v; return 0;
	case REG_FOSEG: f->fds = (uint16_t)v; return 0;
	case REG_FOOFF: f->fdp = v; return 0;
	case REG_FOP: f->opcode = (uint16_t)(v & 0x7FF); return 0;
	default:
		if (n < 8) {
			cpu->r[n] = v;
			return 0;
		}
		if (v == reg_value32(cpu, n))
			return 0;
		if (n >= REG_CS && n <= REG_GS) {
			static const char *const names[6] = {"es", "cs", "ss", "ds", "fs", "gs"};
			return dbg_reg_set(d, names[seg_order[n - REG_CS]], v, err, sizeof(err)) ? E_PERM : 0;
		}
		return E_PERM; /* control registers and bases are read-only here */
	}
}

/* ---- stop points ---- */

static struct gdb_point *find_gdb_point(struct gdbstub *s, unsigned type, uint32_t addr, uint32_t kind)
{
	for (unsigned k = 0; k < MAX_GDB_POINTS; k++) {
		struct gdb_point *p = &s->points[k];
		if (p->used && p->type == type && p->addr == addr && (type < 2 || p->kind == kind))
			return p;
	}
	return NULL;
}

static struct gdb_point *gdb_point_by_id(struct gdbstub *s, int id)
{
	for (unsigned k = 0; k < MAX_GDB_POINTS; k++)
		if (s->points[k].used && s->points[k].id == id)
			return &s->points[k];
	return NULL;
}

static int insert_point(struct gdbstub *s, unsigned type, uint32_t addr, uint32_t kind)
{
	if (find_gdb_point(s, type, addr, kind))
		return 0; /* gdb may insert the same one again */
	struct stop_point sp = {.enabled = true, .kind = ADDR_LINEAR, .addr = addr, .len = 1};
	if (type <= 1) {
		sp.type = SP_BREAK;
	} else {
		sp.type = SP_WATCH;
		sp.len = kind;
		sp.access = type == 2 ? ACCESS_WRITE : type == 3 ? ACCESS_READ : ACCESS_READ | ACCESS_WRITE;
		if (kind == 0 || kind > 0x100000 || (uint64_t)addr + kind - 1 > 0xFFFFFFFFu)
			return E_INVAL;
	}
	for (unsigned k = 0; k < MAX_GDB_POINTS; k++) {
		struct gdb_point *p = &s->points[k];
		if (p->used)
			continue;
		int id = dbg_add_point(s->d, &sp);
		if (id < 0)
			return E_NOSPC;
		*p = (struct gdb_point){.used = true, .type = type, .addr = addr, .kind = kind, .id = id};
		return 0;
	}
	return E_NOSPC;
}

static void remove_point(struct gdbstub *s, struct gdb_point *p)
{
	dbg_delete_point(s->d, p->id);
	p->used = false;
}

static void remove_all_points(struct gdbstub *s)
{
	for (unsigned k = 0; k < MAX_GDB_POINTS; k++)
		if (s->points[k].used)
			remove_point(s, &s->points[k]);
}

/* ---- stop replies ---- */

/* The first line dbg_print_stop prints: the console's words for a stop
 * gdb has no words for. */
static void stop_message(struct debugger *d, char *buf, size_t len)
{
	buf[0] = 0;
	char *text = NULL;
	size_t size = 0;
	FILE *mem = open_memstream(&text, &size);
	if (!mem)
		return;
	FILE *saved = d->out;
	d->out = mem;
	dbg_print_stop(d);
	d->out = saved;
	fclose(mem);
	char *nl = text ? strchr(text, '\n') : NULL;
	/* The console's hint is not for gdb. */
	static const char hint[] = " (q quits)";
	if (nl && nl - text >= (long)strlen(hint) && !strncmp(nl - strlen(hint), hint, strlen(hint)))
		nl -= strlen(hint);
	if (nl)
		snprintf(buf, len, "glasspc: %.*s\n", (int)(nl - text), text);
	free(text);
}

/* Builds the stop reply for d->stop into s->stop_reply; tells gdb in
 * words (an 'O' packet) what only the console knows how to say. */
static void make_stop_reply(struct gdbstub *s, bool tell)
{
	struct debugger *d = s->d;
	const struct stop_event *e = &d->stop;
	struct gdb_point *p = e->why == WHY_BREAK || e->why == WHY_WATCH ? gdb_point_by_id(s, e->id) : NULL;
	unsigned signal = e->why == WHY_USER ? 2 : 5; /* SIGINT, SIGTRAP */
	const char *reason = "";
	char detail[40] = "";
	if (p && p->type == 0 && s->swbreak)
		reason = "swbreak:;";
	else if (p && p->type == 1 && s->hwbreak)
		reason = "hwbreak:;";
	else if (p && p->type >= 2) {
		static const char *const names[5] = {"", "", "watch", "rwatch", "awatch"};
		/* An address inside the watched range: an access that starts
		 * below it still names the watchpoint. */
		uint32_t at = e->addr < p->addr ? p->addr : e->addr;
		snprintf(detail, sizeof(detail), "%s:%x;", names[p->type], at);
		reason = detail;
	}
	snprintf(s->stop_reply, sizeof(s->stop_reply), "T%02xthread:1;%s", signal, reason);
	/* The machine is gone (powered off, its exit port): gdb hears that
	 * the process exited, and hangs up; glasspc then ends. */
	if (e->why == WHY_ENDED)
		snprintf(s->stop_reply, sizeof(s->stop_reply), "W00");
	bool plain = e->why == WHY_STEP || e->why == WHY_USER || e->why == WHY_NONE || p;
	if (tell && !plain) {
		char msg[400];
		stop_message(d, msg, sizeof(msg));
		if (msg[0])
			send_output(s, msg, strlen(msg));
	}
}

/* ---- running ---- */

/* Is a Ctrl-C from gdb already waiting (read, or still in the socket)? */
static bool interrupt_waiting(struct gdbstub *s)
{
	if (s->conn_fd < 0)
		return false;
	if (memchr(s->in + s->in_pos, 0x03, s->in_len - s->in_pos))
		return true;
	char peek[256];
	ssize_t n = recv(s->conn_fd, peek, sizeof(peek), MSG_PEEK | MSG_DONTWAIT);
	return n > 0 && memchr(peek, 0x03, (size_t)n);
}

static void run_guest(struct gdbstub *s, uint64_t steps)
{
	struct debugger *d = s->d;
	bool pending = !steps && interrupt_waiting(s);
	sigio_conn_fd = s->conn_fd;
	sigio_listen_fd = s->listen_fd;
	sigio_armed = 1;
	if (pending) {
		memset(&d->stop, 0, sizeof(d->stop));
		d->stop.why = WHY_USER;
		d->stop.error_code = -1;
	} else {
		dbg_resume(d, steps);
	}
	sigio_armed = 0;
}

/* Runs (steps instructions, 0 = until a stop) and answers with the stop. */
static void resume_and_reply(struct gdbstub *s, uint64_t steps)
{
	run_guest(s, steps);
	make_stop_reply(s, true);
	reply(s, s->stop_reply);
}

/* ---- packets ---- */

enum outcome { GO_ON, DETACHED, KILLED, GONE };

/* "ADDR,LEN" (then *rest at what follows). */
static bool parse_addr_len(const char *p, uint32_t *addr, uint32_t *len, const char **rest)
{
	uint64_t a, l;
	p = gdb_parse_hex(p, &a);
	if (!p || *p != ',' || a > 0xFFFFFFFFu)
		return false;
	p = gdb_parse_hex(p + 1, &l);
	if (!p || l > 0xFFFFFFFFu)
		return false;
	*addr = (uint32_t)a;
	*len = (uint32_t)l;
	*rest = p;
	return true;
}

static void handle_read_memory(struct gdbstub *s, const char *args)
{
	uint32_t addr, len;
	const char *rest;
	if (!parse_addr_len(args, &addr, &len, &rest) || *rest) {
		reply_error(s, E_INVAL);
		return;
	}
	if (len > GDB_PACKET_MAX / 2)
		len = GDB_PACKET_MAX / 2; /* gdb asks again for the rest */
	/* As much as can be read from the start: gdb accepts a short answer. */
	uint32_t n = 0;
	for (; n < len; n++) {
		uint8_t b;
		if (!dbg_read_linear(s->d, addr + n, &b, 1))
			break;
		gdb_hex_byte(b, s->reply + 2 * n);
	}
	if (n == 0 && len) {
		reply_error(s, E_FAULT);
		return;
	}
	send_packet(s, s->reply, 2 * (size_t)n);
}

static void handle_write_memory(struct gdbstub *s, const char *args, size_t args_len, bool binary)
{
	uint32_t addr, len;
	const char *rest;
	if (!parse_addr_len(args, &addr, &len, &rest) || *rest != ':') {
		reply_error(s, E_INVAL);
		return;
	}
	rest++;
	size_t have = args_len - (size_t)(rest - args);
	uint8_t *buf = (uint8_t *)s->reply; /* free until the reply */
	if (binary) {
		if (have != len) {
			reply_error(s, E_INVAL);
			return;
		}
		memcpy(buf, rest, len);
	} else if (have != 2 * (size_t)len || !gdb_hex_decode(rest, len, buf)) {
		reply_error(s, E_INVAL);
		return;
	}
	if (len && !dbg_write_linear(s->d, addr, buf, len)) {
		reply_error(s, E_FAULT);
		return;
	}
	s->d->next_u_valid = false;
	reply(s, "OK");
}

static void handle_read_registers(struct gdbstub *s)
{
	uint8_t b[10];
	size_t n = 0;
	for (unsigned k = 0; k < NREGS; k++) {
		read_reg(s->d->cpu, k, b);
		n += gdb_hex_encode(b, reg_size(k), s->reply + n);
	}
	send_packet(s, s->reply, n);
}

static void handle_write_registers(struct gdbstub *s, const char *hex, size_t len)
{
	size_t need = 0;
	for (unsigned k = 0; k < NREGS; k++)
		need += 2 * reg_size(k);
	if (len != need) {
		reply_error(s, E_INVAL);
		return;
	}
	uint8_t b[10];
	int failed = 0;
	size_t at = 0;
	for (unsigned k = 0; k < NREGS; k++) {
		if (!gdb_hex_decode(hex + at, reg_size(k), b)) {
			reply_error(s, E_INVAL);
			return;
		}
		int r = write_reg(s->d, k, b);
		if (r && !failed)
			failed = r;
		at += 2 * reg_size(k);
	}
	if (failed)
		reply_error(s, failed);
	else
		reply(s, "OK");
}

static void handle_read_register(struct gdbstub *s, const char *args)
{
	uint64_t n;
	const char *end = gdb_parse_hex(args, &n);
	if (!end || *end) {
		reply_error(s, E_INVAL);
		return;
	}
	if (n >= NREGS) {
		reply(s, ""); /* gdb: not a register of this target */
		return;
	}
	uint8_t b[10];
	read_reg(s->d->cpu, (unsigned)n, b);
	size_t len = gdb_hex_encode(b, reg_size((unsigned)n), s->reply);
	send_packet(s, s->reply, len);
}

static void handle_write_register(struct gdbstub *s, const char *args)
{
	uint64_t n;
	const char *end = gdb_parse_hex(args, &n);
	uint8_t b[10];
	if (!end || *end != '=' || n >= NREGS || strlen(end + 1) != 2 * reg_size((unsigned)n) ||
	    !gdb_hex_decode(end + 1, reg_size((unsigned)n), b)) {
		reply_error(s, E_INVAL);
		return;
	}
	int r = write_reg(s->d, (unsigned)n, b);
	if (r)
		reply_error(s, r);
	else
		reply(s, "OK");
}

static void handle_point(struct gdbstub *s, bool insert, const char *args)
{
	uint64_t type, addr, kind;
	const char *p = gdb_parse_hex(args, &type);
	if (p && *p == ',')
		p = gdb_parse_hex(p + 1, &addr);
	else
		p = NULL;
	if (p && *p == ',')
		p = gdb_parse_hex(p + 1, &kind);
	else
		p = NULL;
	/* Conditions and commands (";...") are not offered in qSupported. */
	if (!p || *p || addr > 0xFFFFFFFFu || kind > 0xFFFFFFFFu) {
		reply_error(s, E_INVAL);
		return;
	}
	if (type > 4) {
		reply(s, ""); /* not supported */
		return;
	}
	if (insert) {
		int r = insert_point(s, (unsigned)type, (uint32_t)addr, (uint32_t)kind);
		if (r)
			reply_error(s, r);
		else
			reply(s, "OK");
		return;
	}
	struct gdb_point *gp = find_gdb_point(s, (unsigned)type, (uint32_t)addr, (uint32_t)kind);
	if (gp)
		remove_point(s, gp);
	reply(s, "OK");
}

/* qXfer:features:read:ANNEX:OFFSET,LENGTH */
static void handle_features(struct gdbstub *s, const char *args)
{
	const char *colon = strchr(args, ':');
	uint32_t off, len;
	const char *rest;
	if (!colon || !parse_addr_len(colon + 1, &off, &len, &rest) || *rest) {
		reply_error(s, E_INVAL);
		return;
	}
	if ((size_t)(colon - args) != strlen("target.xml") || strncmp(args, "target.xml", (size_t)(colon - args))) {
		reply_error(s, 0); /* no such annex */
		return;
	}
	if (!s->tdesc_len) {
		reply_error(s, E_NOSPC);
		return;
	}
	if (off > s->tdesc_len) {
		reply_error(s, E_INVAL);
		return;
	}
	size_t n = s->tdesc_len - off;
	if (len > GDB_PACKET_MAX / 2 - 1) /* room for escapes */
		len = GDB_PACKET_MAX / 2 - 1;
	bool last = n <= len;
	if (!last)
		n = len;
	s->reply[0] = last ? 'l' : 'm';
	memcpy(s->reply + 1, s->tdesc + off, n);
	send_packet(s, s->reply, 1 + n);
}

/* The console commands that would run the guest behind gdb's back. */
static bool runs_guest(const char *line)
{
	static const char *const words[] = {"c", "cont", "continue", "s", "step", "stepi", "si", "n", "next", "p", "until",
					    "q", "quit", "exit"};
	char first[16];
	size_t n = strcspn(line, " \t");
	if (n >= sizeof(first))
		return false;
	memcpy(first, line, n);
	first[n] = 0;
	for (unsigned k = 0; k < sizeof(words) / sizeof(words[0]); k++)
		if (!strcmp(first, words[k]))
			return true;
	return false;
}

/* qRcmd,HEX: "monitor CMD", run by the console's interpreter; its output
 * goes to gdb's console. */
static void handle_monitor(struct gdbstub *s, const char *hex)
{
	size_t n = strlen(hex);
	char line[1024];
	if (n % 2 || n / 2 >= sizeof(line) || !gdb_hex_decode(hex, n / 2, line) || memchr(line, 0, n / 2)) {
		reply_error(s, E_INVAL);
		return;
	}
	line[n / 2] = 0;
	const char *t = line;
	while (*t == ' ' || *t == '\t')
		t++;
	if (runs_guest(t)) {
		const char *msg = "glasspc: run the guest with gdb's own commands (continue, stepi, kill) so that gdb "
				  "knows where it is\n";
		send_output(s, msg, strlen(msg));
		reply(s, "OK");
		return;
	}
	char *text = NULL;
	size_t size = 0;
	FILE *mem = open_memstream(&text, &size);
	if (!mem) {
		reply_error(s, E_NOSPC);
		return;
	}
	dbg_execute_command(s->d, t, mem);
	fclose(mem);
	if (text && size)
		send_output(s, text, size);
	free(text);
	reply(s, "OK");
}

static void handle_qsupported(struct gdbstub *s, const char *features)
{
	/* gdb lists what it understands; some stop reasons are sent only
	 * when it does. */
	s->swbreak = strstr(features, "swbreak+") != NULL;
	s->hwbreak = strstr(features, "hwbreak+") != NULL;
	char text[160];
	snprintf(text, sizeof(text), "PacketSize=%x;qXfer:features:read+;QStartNoAckMode+;vContSupported+%s%s",
		 GDB_PACKET_MAX, s->swbreak ? ";swbreak+" : "", s->hwbreak ? ";hwbreak+" : "");
	reply(s, text);
}

/* vCont;ACTION[:THREAD]...: the first action for our thread (1), all
 * threads (-1) or no thread in particular. */
static void handle_vcont(struct gdbstub *s, const char *args)
{
	const char *p = args;
	while (*p == ';') {
		p++;
		char action = *p;
		const char *end = p + strcspn(p, ";");
		const char *colon = memchr(p, ':', (size_t)(end - p));
		bool ours = true;
		if (colon) {
			ours = !strncmp(colon + 1, "-1", 2) || !strncmp(colon + 1, "1;", 2) ||
			       (colon[1] == '1' && colon + 2 == end) || !strncmp(colon + 1, "p1.", 3) ||
			       !strncmp(colon + 1, "p1.-1", 5);
		}
		if (ours) {
			if (action == 'c' || action == 'C') {
				resume_and_reply(s, 0);
				return;
			}
			if (action == 's' || action == 'S') {
				resume_and_reply(s, 1);
				return;
			}
			reply_error(s, E_INVAL);
			return;
		}
		p = end;
	}
	reply_error(s, E_INVAL);
}

/* c [ADDR], s [ADDR] (and C/S SIG[;ADDR]: the signal means nothing to a
 * CPU): resume, at ADDR (EIP) when given. */
static void handle_resume(struct gdbstub *s, char cmd, const char *args)
{
	if (cmd == 'C' || cmd == 'S') {
		uint64_t sig;
		args = gdb_parse_hex(args, &sig);
		if (!args) {
			reply_error(s, E_INVAL);
			return;
		}
		if (*args == ';')
			args++;
		else if (*args) {
			reply_error(s, E_INVAL);
			return;
		}
	}
	if (*args) {
		uint64_t addr;
		const char *end = gdb_parse_hex(args, &addr);
		if (!end || *end || addr > 0xFFFFFFFFu) {
			reply_error(s, E_INVAL);
			return;
		}
		cpu_set_eip(s->d->cpu, (uint32_t)addr);
	}
	resume_and_reply(s, cmd == 's' || cmd == 'S' ? 1 : 0);
}

static void handle_thread_extra(struct gdbstub *s)
{
	char text[80], mode[48];
	snprintf(text, sizeof(text), "CPU (%s)", dbg_mode_name(dbg_mode_bits(s->d->cpu), mode, sizeof(mode)));
	size_t n = gdb_hex_encode(text, strlen(text), s->reply);
	send_packet(s, s->reply, n);
}

static enum outcome handle_packet(struct gdbstub *s, char *p, size_t len)
{
	switch (p[0]) {
	case '?':
		reply(s, s->stop_reply);
		return GO_ON;
	case 'g':
		handle_read_registers(s);
		return GO_ON;
	case 'G':
		handle_write_registers(s, p + 1, len - 1);
		return GO_ON;
	case 'p':
		handle_read_register(s, p + 1);
		return GO_ON;
	case 'P':
		handle_write_register(s, p + 1);
		return GO_ON;
	case 'm':
		handle_read_memory(s, p + 1);
		return GO_ON;
	case 'M':
		handle_write_memory(s, p + 1, len - 1, false);
		return GO_ON;
	case 'X':
		handle_write_memory(s, p + 1, len - 1, true);
		return GO_ON;
	case 'Z':
	case 'z':
		handle_point(s, p[0] == 'Z', p + 1);
		return GO_ON;
	case 'c':
	case 's':
	case 'C':
	case 'S':
		handle_resume(s, p[0], p + 1);
		return GO_ON;
	case 'H':
		reply(s, "OK"); /* one thread: every choice is it */
		return GO_ON;
	case 'T':
		reply(s, "OK");
		return GO_ON;
	case 'D':
		reply(s, "OK");
		return DETACHED;
	case 'k':
		return KILLED;
	case 'v':
		if (!strcmp(p, "vCont?"))
			reply(s, "vCont;c;C;s;S");
		else if (!strncmp(p, "vCont;", 6))
			handle_vcont(s, p + 5);
		else if (!strncmp(p, "vKill", 5)) {
			reply(s, "OK");
			return KILLED;
		} else
			reply(s, "");
		return GO_ON;
	case 'q':
		if (!strncmp(p, "qSupported", 10))
			handle_qsupported(s, p + 10);
		else if (!strncmp(p, "qXfer:features:read:", 20))
			handle_features(s, p + 20);
		else if (!strncmp(p, "qRcmd,", 6))
			handle_monitor(s, p + 6);
		else if (!strcmp(p, "qAttached") || !strncmp(p, "qAttached:", 10))
			reply(s, "1"); /* quitting gdb detaches: the machine runs on */
		else if (!strcmp(p, "qC"))
			reply(s, "QC1");
		else if (!strcmp(p, "qfThreadInfo"))
			reply(s, "m1");
		else if (!strcmp(p, "qsThreadInfo"))
			reply(s, "l");
		else if (!strncmp(p, "qThreadExtraInfo,", 17))
			handle_thread_extra(s);
		else if (!strncmp(p, "qSymbol", 7))
			reply(s, "OK");
		else
			reply(s, "");
		return GO_ON;
	case 'Q':
		if (!strcmp(p, "QStartNoAckMode")) {
			reply(s, "OK");
			s->no_ack = true;
		} else {
			reply(s, "");
		}
		return GO_ON;
	default:
		reply(s, "");
		return GO_ON;
	}
}

/* Reads and answers packets until gdb detaches, kills the machine or
 * goes away. */
static enum outcome converse(struct gdbstub *s)
{
	gdb_rx_init(&s->rx);
	s->no_ack = false;
	s->in_pos = s->in_len = 0;
	for (;;) {
		if (s->in_pos == s->in_len) {
			ssize_t n = recv(s->conn_fd, s->in, sizeof(s->in), 0);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				return GONE;
			s->in_pos = 0;
			s->in_len = (size_t)n;
		}
		enum gdb_rx_event ev = gdb_rx_feed(&s->rx, s->in[s->in_pos++]);
		switch (ev) {
		case GDB_RX_PACKET: {
			if (!s->no_ack)
				write_all(s->conn_fd, "+", 1);
			if (s->rx.len == 0) {
				reply(s, "");
				break;
			}
			enum outcome r = handle_packet(s, s->rx.data, s->rx.len);
			if (r != GO_ON)
				return r;
			break;
		}
		case GDB_RX_BAD:
			if (!s->no_ack)
				write_all(s->conn_fd, "-", 1);
			break;
		case GDB_RX_UNUSABLE:
			if (!s->no_ack)
				write_all(s->conn_fd, "+", 1);
			reply_error(s, E_INVAL);
			break;
		case GDB_RX_NACK:
			if (s->tx_len > 0)
				write_all(s->conn_fd, s->tx, (size_t)s->tx_len);
			break;
		case GDB_RX_INTERRUPT: /* the guest is stopped already */
		case GDB_RX_ACK:
		case GDB_RX_NONE:
			break;
		}
	}
}

/* Waits for gdb.  Returns false when a signal (Ctrl-C, SIGTERM) came
 * instead. */
static bool wait_for_gdb(struct gdbstub *s)
{
	for (;;) {
		struct pollfd p = {.fd = s->listen_fd, .events = POLLIN};
		int r = poll(&p, 1, -1);
		if (r < 0 && errno == EINTR) {
			/* SIGIO for the connection itself, or something else? */
			if (poll(&p, 1, 0) > 0)
				continue;
			return false;
		}
		if (r < 0)
			return false;
		int fd = accept(s->listen_fd, NULL, NULL);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED || errno == EAGAIN)
				continue;
			return false;
		}
		int one = 1;
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		fcntl(fd, F_SETFD, FD_CLOEXEC);
		set_async(fd);
		s->conn_fd = fd;
		return true;
	}
}

static void hang_up(struct gdbstub *s)
{
	remove_all_points(s);
	if (s->conn_fd >= 0)
		close(s->conn_fd);
	s->conn_fd = -1;
}

/* The guest ended by itself: nothing for a later gdb to resume. */
static bool guest_ended(const struct debugger *d)
{
	return d->stop.why == WHY_HALT || d->stop.why == WHY_SHUTDOWN || d->stop.why == WHY_LIMIT ||
	       d->stop.why == WHY_ENDED;
}

void gdbstub_serve(struct debugger *d)
{
	struct gdbstub *s = d->gdb;
	struct sigaction sa, old;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigio;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGIO, &sa, &old);
	set_async(s->listen_fd);
	/* Stopped at reset until gdb says otherwise. */
	memset(&d->stop, 0, sizeof(d->stop));
	d->stop.why = WHY_STEP;
	d->stop.error_code = -1;
	while (!d->quit) {
		if (!wait_for_gdb(s)) {
			d->stop.why = WHY_USER;
			break;
		}
		fprintf(stderr, "glasspc: gdb connected\n");
		s->tdesc_len = build_target_xml(s->tdesc, sizeof(s->tdesc), dbg_code32(d->cpu));
		make_stop_reply(s, false);
		enum outcome r = converse(s);
		hang_up(s);
		if (r == KILLED) {
			fprintf(stderr, "glasspc: killed from gdb\n");
			d->quit = true;
			break;
		}
		fprintf(stderr, "glasspc: gdb %s; the guest runs on (gdb can attach again to %s)\n",
			r == DETACHED ? "detached" : "went away", s->where);
		/* Run until the guest ends, or stops for a reason a new gdb
		 * should see (a new connection, a console stop point). */
		run_guest(s, 0);
		bool another = d->stop.why == WHY_USER && poll(&(struct pollfd){.fd = s->listen_fd, .events = POLLIN}, 1, 0) > 0;
		if (guest_ended(d) || (d->stop.why == WHY_USER && !another))
			break;
		if (!another) {
			/* A console stop point: the guest waits for gdb. */
			char msg[400];
			stop_message(d, msg, sizeof(msg));
			fprintf(stderr, "%s", msg);
			fprintf(stderr, "glasspc: stopped; waiting for gdb on %s\n", s->where);
		}
	}
	sigaction(SIGIO, &old, NULL);
}
