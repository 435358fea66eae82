/* The full-system benchmark's 32-bit payload (built with gcc -m32
 * -ffreestanding, linked at 0x10000 by bench/pcbench.ld).
 *
 * bench/pcbench-boot.asm loads it from the floppy, enters protected mode
 * (flat 4 GiB segments, interrupts off) and jumps to _start with EAX
 * pointing at its parameter block.  The payload runs the integer mix of
 * bench/pcbench-work.c with paging off, then again with 4 KiB paging on
 * (the first 4 MiB identity-mapped), marking the phases on the benchmark
 * port, prints the two checksums on COM1 and the debug console, and
 * powers the machine off. */
#include <stddef.h>
#include <stdint.h>

#include "pcbench-work.h"

/* Written by the boot sector's nasm -D options; see pcbench-boot.asm. */
struct pcbench_params {
	uint32_t rounds;
	uint8_t boot_only;
} __attribute__((packed));

/* The benchmark port: glasspc --bench-report times what lies between
 * the marks (docs/usage.md).  Other machines ignore the writes. */
#define BENCH_PORT 0xF5
#define MARK_FLAT 1     /* the run with paging off begins */
#define MARK_PAGED 2    /* the run with paging on begins */
#define MARK_END 0      /* the work is over */

#define COM1 0x3F8
#define DEBUG_CONSOLE 0xE9
#define PM_DEVFN ((1 << 3) | 3) /* the PIIX4's power management function, 00:01.3 */
#define PM_BASE 0xB000
#define PM1_CONTROL (PM_BASE + 4)
#define SLP_EN 0x2000           /* with SLP_TYP 0: soft off (S5) on the PIIX4 */
#define BOCHS_SHUTDOWN_PORT 0x8900
#define EXIT_PORT 0xF4

__asm__(".section .text.entry, \"ax\"\n"
	".global _start\n"
	"_start:\n"
	"	cld\n"
	"	mov $0x90000, %esp\n"
	"	push %eax\n"
	"	call pcbench_main\n"
	"1:	cli\n"
	"	hlt\n"
	"	jmp 1b\n"
	".previous\n");

void pcbench_main(const struct pcbench_params *params);

/* gcc may call these for structure copies and clears. */
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);

void *memcpy(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	uint8_t *d = dst;
	while (n--)
		*d++ = (uint8_t)c;
	return dst;
}

static void outb(uint16_t port, uint8_t value)
{
	__asm__ volatile("outb %0, %1" : : "a"(value), "Nd"(port));
}

static void outw(uint16_t port, uint16_t value)
{
	__asm__ volatile("outw %0, %1" : : "a"(value), "Nd"(port));
}

static void outl(uint16_t port, uint32_t value)
{
	__asm__ volatile("outl %0, %1" : : "a"(value), "Nd"(port));
}

static uint8_t inb(uint16_t port)
{
	uint8_t value;
	__asm__ volatile("inb %1, %0" : "=a"(value) : "Nd"(port));
	return value;
}

static void serial_init(void)
{
	outb(COM1 + 1, 0x00); /* no interrupts */
	outb(COM1 + 3, 0x80); /* DLAB */
	outb(COM1 + 0, 0x01); /* 115200 baud */
	outb(COM1 + 1, 0x00);
	outb(COM1 + 3, 0x03); /* 8N1 */
	outb(COM1 + 4, 0x03); /* DTR, RTS */
}

static void put_char(char c)
{
	/* Bounded: a machine without COM1 still gets the debug console. */
	for (int spin = 0; spin < 100000 && !(inb(COM1 + 5) & 0x20); spin++)
		;
	outb(COM1, (uint8_t)c);
	outb(DEBUG_CONSOLE, (uint8_t)c);
}

static void put_string(const char *s)
{
	while (*s)
		put_char(*s++);
}

static void put_hex(uint32_t v)
{
	for (int shift = 28; shift >= 0; shift -= 4)
		put_char("0123456789ABCDEF"[(v >> shift) & 15]);
}

static void put_decimal(uint32_t v)
{
	char digits[10];
	int n = 0;
	do {
		digits[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		put_char(digits[--n]);
}

/* One page directory entry and one page table: linear = physical for
 * the first 4 MiB, in 4 KiB pages (CR4.PSE stays clear). */
static uint32_t page_directory[1024] __attribute__((aligned(4096)));
static uint32_t page_table[1024] __attribute__((aligned(4096)));

static void paging_enable(void)
{
	for (uint32_t k = 0; k < 1024; k++)
		page_table[k] = k << 12 | 0x003; /* present, writable */
	page_directory[0] = (uint32_t)(uintptr_t)page_table | 0x003;
	__asm__ volatile("mov %0, %%cr3\n"
			 "mov %%cr0, %%eax\n"
			 "or $0x80000000, %%eax\n"
			 "mov %%eax, %%cr0\n"
			 "jmp 1f\n"
			 "1:\n"
			 :
			 : "r"(page_directory)
			 : "eax", "memory");
}

/* Until the UART has sent its last bit (LSR bit 6, transmitter empty):
 * a machine that powers off stops its serial line too. */
static void serial_drain(void)
{
	for (int spin = 0; spin < 100000 && !(inb(COM1 + 5) & 0x40); spin++)
		;
}

/* ACPI soft-off through the PIIX4 (both glasspc and Bochs have it),
 * then Bochs's shutdown port, then glasspc's exit port. */
static void power_off(void)
{
	serial_drain();
	outl(0xCF8, 0x80000000u | PM_DEVFN << 8 | 0x40);
	outl(0xCFC, PM_BASE | 1);                /* PMBASE */
	outl(0xCF8, 0x80000000u | PM_DEVFN << 8 | 0x80);
	outb(0xCFC, 1);                          /* PMIOSE: the PM ports decode */
	outw(PM1_CONTROL, SLP_EN);
	for (const char *s = "Shutdown"; *s; s++)
		outb(BOCHS_SHUTDOWN_PORT, (uint8_t)*s);
	outb(EXIT_PORT, 0x7F);
}

void pcbench_main(const struct pcbench_params *params)
{
	extern uint8_t __bss_start[], __bss_end[];
	for (uint8_t *p = __bss_start; p < __bss_end; p++)
		*p = 0;
	uint32_t rounds = params->rounds;
	serial_init();
	outb(BENCH_PORT, MARK_FLAT);
	uint32_t flat = pcwork_run(rounds, PCWORK_SEED_FLAT);
	paging_enable();
	outb(BENCH_PORT, MARK_PAGED);
	uint32_t paged = pcwork_run(rounds, PCWORK_SEED_PAGED);
	outb(BENCH_PORT, MARK_END);
	put_string("pcbench: rounds ");
	put_decimal(rounds);
	put_string(" paging-off ");
	put_hex(flat);
	put_string(" paging-on ");
	put_hex(paged);
	put_string("\n");
	power_off();
}
