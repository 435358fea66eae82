/* The whole user space of the Linux boot test: PID 1 in an initramfs.
 * Freestanding (no libc): it talks to the i386 kernel through int 0x80
 * (eax = call number, ebx/ecx/edx/esi/edi = arguments, result in eax,
 * -errno on failure).  It mounts devtmpfs and proc, copies /proc/cpuinfo
 * to /dev/console (COM1 with console=ttyS0), divides by zero on the x87
 * with the exception unmasked (the kernel turns the #MF into SIGFPE),
 * prints a final marker and powers the PC off, which ends glasspc.
 * Built with gcc -m32 -static -nostdlib -ffreestanding. */

enum {
	SYS_write = 4,
	SYS_open = 5,
	SYS_close = 6,
	SYS_read = 3,
	SYS_mkdir = 39,
	SYS_mount = 21,
	SYS_reboot = 88,
	SYS_sync = 36,
	SYS_rt_sigaction = 174,
};

#define SIGFPE 8
#define SA_SIGINFO 4
/* siginfo_t's si_code for an x87 zero divide. */
#define FPE_FLTDIV 3

#define O_RDONLY 0
#define O_WRONLY 1
/* reboot(2): the two magic numbers and LINUX_REBOOT_CMD_POWER_OFF. */
#define REBOOT_MAGIC1 0xfee1deadu
#define REBOOT_MAGIC2 672274793u
#define REBOOT_POWER_OFF 0x4321fedcu

static long syscall3(long nr, long a, long b, long c)
{
	long ret;
	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
	return ret;
}

static long syscall5(long nr, long a, long b, long c, long d, long e)
{
	long ret;
	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e)
			 : "memory");
	return ret;
}

static unsigned long length(const char *s)
{
	unsigned long n = 0;
	while (s[n])
		n++;
	return n;
}

static int console = 1;

static void say(const char *s)
{
	syscall3(SYS_write, console, (long)s, (long)length(s));
}

/* A line "init: WHAT failed (-ERRNO)" so a failing boot says which step. */
static void check(long ret, const char *what)
{
	char digits[12];
	int i = sizeof(digits) - 1;
	unsigned long v;

	if (ret >= 0)
		return;
	digits[i] = 0;
	v = (unsigned long)-ret;
	do {
		digits[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v && i > 0);
	say("init: ");
	say(what);
	say(" failed (-");
	say(digits + i);
	say(")\n");
}

static void copy_file(const char *path)
{
	static char buf[4096];
	long fd = syscall3(SYS_open, (long)path, O_RDONLY, 0);
	long n;

	check(fd, path);
	if (fd < 0)
		return;
	while ((n = syscall3(SYS_read, fd, (long)buf, sizeof(buf))) > 0)
		syscall3(SYS_write, console, (long)buf, n);
	check(n, "read");
	syscall3(SYS_close, fd, 0, 0);
}

static void power_off(void)
{
	say("init: done, powering off\n");
	syscall3(SYS_sync, 0, 0, 0);
	check(syscall5(SYS_reboot, (long)REBOOT_MAGIC1, (long)REBOOT_MAGIC2, (long)REBOOT_POWER_OFF, 0, 0),
	      "reboot");
	for (;;)
		;
}

/* The kernel's struct sigaction for rt_sigaction on i386. */
struct kernel_sigaction {
	void (*handler)(int, void *, void *);
	unsigned long flags;
	void (*restorer)(void);
	unsigned long mask[2];
};

/* siginfo_t begins with si_signo, si_errno, si_code.  The handler never
 * returns (the FPU still holds the pending exception): it goes on with
 * the rest of init. */
static void on_sigfpe(int sig, void *info, void *context)
{
	int code = ((int *)info)[2];

	say(code == FPE_FLTDIV ? "init: SIGFPE FPE_FLTDIV from the x87\n" : "init: SIGFPE with another si_code\n");
	power_off();
}

/* 1.0 / 0.0 with the zero-divide exception unmasked in the control word
 * (0x037F, the FNINIT default, less ZM): FDIV sets ZE and ES, and the
 * next waiting instruction (FWAIT) raises #MF (CR0.NE is set). */
static void x87_divide_by_zero(void)
{
	static const unsigned short control = 0x037B;
	static const float zero = 0.0f;
	struct kernel_sigaction action = { on_sigfpe, SA_SIGINFO, 0, { 0, 0 } };

	check(syscall5(SYS_rt_sigaction, SIGFPE, (long)&action, 0, sizeof(action.mask), 0), "rt_sigaction");
	__asm__ volatile("fninit\n\tfldcw %0\n\tfld1\n\tfdivs %1\n\tfwait" : : "m"(control), "m"(zero));
	say("init: no SIGFPE from an unmasked x87 zero divide\n");
}

void _start(void)
{
	long fd;

	/* The kernel opened /dev/console as fds 0-2 if the archive had it;
	 * this archive has no device nodes (it is made without root), so
	 * the console comes from devtmpfs. */
	syscall3(SYS_mkdir, (long)"/dev", 0755, 0);
	syscall3(SYS_mkdir, (long)"/proc", 0555, 0);
	syscall5(SYS_mount, (long)"devtmpfs", (long)"/dev", (long)"devtmpfs", 0, 0);
	fd = syscall3(SYS_open, (long)"/dev/console", O_WRONLY, 0);
	if (fd >= 0)
		console = (int)fd;
	say("init: glasspc Linux test running\n");
	check(syscall5(SYS_mount, (long)"proc", (long)"/proc", (long)"proc", 0, 0), "mount proc");
	copy_file("/proc/cpuinfo");
	x87_divide_by_zero();
	power_off();
}
