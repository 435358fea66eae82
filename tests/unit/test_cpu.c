/* CPU unit tests for what the 8086 test vectors do not reach: 32-bit
 * operand and address sizes, SIB, 386-only instructions, the segment wrap
 * at 0xFFFF, the differences between models, self-modifying code, lazy
 * flags, interrupts and the run loop. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/core.h"
#include "tests/unit/cpu_harness.h"

static struct harness h;

static void run_program(enum cpu_model model, const char *name)
{
	harness_init(&h, model);
	harness_load_program(&h, name);
	ck_assert_int_eq(harness_run(&h, 100000), CPU_STOP_HALT);
}

START_TEST(test_32bit_operands_and_addresses)
{
	run_program(CPU_386, "ops32");
	struct cpu *c = h.cpu;
	ck_assert_uint_eq(peek32(&h, 0x514), 0x23456789);
	ck_assert_uint_eq(c->r[R_ECX], 0x23456789);
	ck_assert_uint_eq(c->r[R_EDX], 0);
	ck_assert_uint_eq(peek8(&h, 0x520), 1); /* INC kept CF */
	ck_assert_uint_eq(peek32(&h, 0x30600), 0xCAFEBABE);
	ck_assert_uint_eq(c->r[R_EDI], 0xCAFEBABE);
	ck_assert_uint_eq(peek32(&h, 0x30704), 0x11223344);
	ck_assert_uint_eq(c->r[R_EBX], 0x11223344);
	ck_assert_uint_eq(c->r[R_ESI], 0x23456789u * 3 + 5);
	ck_assert_uint_eq(peek32(&h, 0x530), 0);
	uint32_t flags = peek32(&h, 0x534);
	ck_assert_uint_eq(flags & (F_CF | F_OF | F_ZF | F_SF), F_CF | F_OF | F_ZF);
	harness_free(&h);
}
END_TEST

START_TEST(test_386_instructions)
{
	run_program(CPU_386, "ops386");
	struct cpu *c = h.cpu;
	ck_assert_uint_eq(peek32(&h, 0x604), 0x80000008);
	ck_assert_uint_eq(peek32(&h, 0x610), 20);
	ck_assert_uint_eq(peek32(&h, 0x614), 23);
	ck_assert_uint_eq(peek32(&h, 0x618), 0x3456789A);
	ck_assert_uint_eq(peek32(&h, 0x61C), 0x03456789);
	ck_assert_uint_eq(peek8(&h, 0x620), 1);
	ck_assert_uint_eq(peek8(&h, 0x621), 0);
	ck_assert_uint_eq(peek32(&h, 0x624), (uint32_t)-7000);
	ck_assert_uint_eq(peek32(&h, 0x628), (uint32_t)-21000);
	ck_assert_uint_eq(peek8(&h, 0x62C), 0);
	ck_assert_uint_eq(peek8(&h, 0x62D), 0x77);
	ck_assert_uint_eq(peek16(&h, 0x634), 0x2000);
	ck_assert_uint_eq(peek16(&h, 0x636), 0x1234);
	ck_assert_uint_eq(c->seg[S_FS].sel, 0x2000);
	ck_assert_uint_eq(c->seg[S_GS].base, 0x20000);
	ck_assert_uint_eq(peek8(&h, 0x638), 1);
	harness_free(&h);
}
END_TEST

START_TEST(test_movzx_movsx_registers)
{
	run_program(CPU_386, "ops386");
	/* Later instructions reuse the registers: stop after the first four
	 * (mov ax; movzx ebx, ah; movsx ecx, ah; movsx edx, ax). */
	harness_free(&h);
	harness_init(&h, CPU_386);
	harness_load_program(&h, "ops386");
	ck_assert_int_eq(cpu_run(h.cpu, 4), CPU_STOP_INSN_LIMIT);
	ck_assert_uint_eq(h.cpu->r[R_EBX], 0x80);
	ck_assert_uint_eq(h.cpu->r[R_ECX], 0xFFFFFF80);
	ck_assert_uint_eq(h.cpu->r[R_EDX], 0xFFFF80F0);
	harness_free(&h);
}
END_TEST

/* An element-by-element model of REP STOS and REP MOVS in real mode,
 * for checking the bulk path against. */
static uint8_t string_model[0x70000];

static void model_rep(bool movs, uint16_t ds, uint16_t *si, uint16_t es, uint16_t *di, uint32_t v, unsigned size,
		      unsigned n, bool down)
{
	for (unsigned k = 0; k < n; k++) {
		uint8_t e[4];
		for (unsigned b = 0; b < size; b++)
			e[b] = movs ? string_model[ds * 16u + (uint16_t)(*si + b)] : (uint8_t)(v >> (8 * b));
		for (unsigned b = 0; b < size; b++)
			string_model[es * 16u + (uint16_t)(*di + b)] = e[b];
		*di = (uint16_t)(down ? *di - size : *di + size);
		if (movs)
			*si = (uint16_t)(down ? *si - size : *si + size);
	}
}

START_TEST(test_rep_stos_movs_bulk)
{
	run_program(CPU_386, "strings");
	uint16_t si = 0, di;
	memset(string_model, 0, sizeof(string_model));
	di = 0x0F00;
	model_rep(false, 0, &si, 0x1000, &di, 0xAB, 1, 0x300, false);
	di = 0x2100;
	model_rep(false, 0, &si, 0x1000, &di, 0x11223344, 4, 0x100, true);
	for (unsigned k = 0; k < 0x60; k++)
		string_model[0x20FF0 + k] = string_model[0x23000 + k] = string_model[0x24000 + k] = (uint8_t)k;
	si = 0x0FF0, di = 0x0FF1;
	model_rep(true, 0x2000, &si, 0x2000, &di, 0, 1, 0x40, false);
	si = 0x3000, di = 0x3002;
	model_rep(true, 0x2000, &si, 0x2000, &di, 0, 4, 4, false);
	si = 0x4010, di = 0x4011;
	model_rep(true, 0x2000, &si, 0x2000, &di, 0, 1, 0x10, true);
	di = 0xFFF0;
	model_rep(false, 0, &si, 0x5000, &di, 0xCD, 1, 0x20, false);
	ck_assert_uint_eq(di, 0x0010);
	si = 0x4018, di = 0x6010;
	model_rep(true, 0x2000, &si, 0x2000, &di, 0, 2, 0x0C, true);
	for (uint32_t a = 0x10000; a < sizeof(string_model); a++)
		ck_assert_msg(peek8(&h, a) == string_model[a], "byte at %05x: %02x, expected %02x", (unsigned)a,
			      peek8(&h, a), string_model[a]);
	ck_assert_uint_eq(h.cpu->r[R_ESI] & 0xFFFF, si);
	ck_assert_uint_eq(h.cpu->r[R_EDI] & 0xFFFF, di);
	ck_assert_uint_eq(h.cpu->r[R_ECX] & 0xFFFF, 0);
	harness_free(&h);
}
END_TEST

/* Breakpoints on a page whose instructions are already decoded and
 * cached: the run loop asks break_at only where may_break_at says so,
 * stops before the instruction each time, and steps over it once when
 * told to. */
static unsigned break_calls;

static bool break_at_inc(void *opaque, struct cpu *cpu, uint32_t lin)
{
	(void)opaque;
	(void)cpu;
	break_calls++;
	return lin == 0x7C05;
}

static bool may_break_at_inc(void *opaque, struct cpu *cpu, uint32_t page_offset)
{
	(void)opaque;
	(void)cpu;
	return page_offset == (0x7C05 & 0xFFF);
}

START_TEST(test_breakpoint_on_cached_page)
{
	harness_init(&h, CPU_386);
	harness_load_program(&h, "bploop");
	/* The first pass decodes and caches the loop without checks. */
	ck_assert_int_eq(cpu_run(h.cpu, 4), CPU_STOP_INSN_LIMIT);
	ck_assert_uint_eq(h.cpu->r[R_EAX] & 0xFFFF, 1);
	h.cpu->debug.break_at = break_at_inc;
	h.cpu->debug.may_break_at = may_break_at_inc;
	ck_assert_int_eq(cpu_debug_mark_code(h.cpu, 0x7C05, true), 0);
	break_calls = 0;
	unsigned expect_calls = 0;
	for (unsigned hit = 1; hit <= 9; hit++) {
		if (hit == 5) {
			/* Without the filter every instruction of the page is
			 * asked: the decodes filtered so far must go. */
			h.cpu->debug.may_break_at = NULL;
			ck_assert_int_eq(cpu_debug_mark_code(h.cpu, 0x7C05, true), 0);
		}
		expect_calls += hit < 5 ? 1 : 2; /* from hit 5 the LOOP before is asked too */
		ck_assert_int_eq(cpu_run(h.cpu, 1000), CPU_STOP_REQUEST);
		ck_assert_uint_eq(h.cpu->eip, 0x7C05);
		ck_assert_uint_eq(h.cpu->r[R_EAX] & 0xFFFF, hit);
		ck_assert_uint_eq(h.cpu->icount, 4 + 2 * (hit - 1));
		ck_assert_uint_eq(break_calls, expect_calls);
		cpu_debug_skip_breakpoint_once(h.cpu, 0x7C05);
	}
	ck_assert_int_eq(cpu_run(h.cpu, 1000), CPU_STOP_HALT);
	ck_assert_uint_eq(h.cpu->r[R_EAX] & 0xFFFF, 10);
	ck_assert_uint_eq(break_calls, expect_calls + 2); /* LOOP and HLT */
	h.cpu->debug.break_at = NULL;
	harness_free(&h);
}
END_TEST

START_TEST(test_segment_wrap_8086)
{
	run_program(CPU_8086, "wrap");
	ck_assert_uint_eq(h.cpu->r[R_EAX] & 0xFFFF, 0x1234);
	ck_assert_uint_ne(h.cpu->r[R_EBP] & 0xFFFF, 0xBAD);
	harness_free(&h);
}
END_TEST

START_TEST(test_segment_wrap_faults_on_286_and_386)
{
	enum cpu_model models[] = {CPU_286, CPU_386};
	for (int m = 0; m < 2; m++) {
		run_program(models[m], "wrap");
		ck_assert_uint_eq(h.cpu->r[R_EBP] & 0xFFFF, 0xBAD);
		/* #GP is a fault: the pushed IP is the faulting MOV's. */
		ck_assert_uint_eq(h.cpu->r[R_EDI] & 0xFFFF, 0x7C00 + 0x21);
		harness_free(&h);
	}
}
END_TEST

START_TEST(test_model_differences)
{
	static const struct {
		enum cpu_model model;
		uint16_t push_sp, shl33, flags0, flags7000, de_ip;
	} expect[] = {
		{CPU_8086, 0x6FFE, 0, 0xF002, 0xF002, 0x7C3F},
		{CPU_186, 0x6FFE, 2, 0xF002, 0xF002, 0x7C3D},
		{CPU_286, 0x7000, 2, 0x0002, 0x0002, 0x7C3D},
		{CPU_386, 0x7000, 2, 0x0002, 0x7002, 0x7C3D},
	};
	for (unsigned n = 0; n < sizeof(expect) / sizeof(expect[0]); n++) {
		run_program(expect[n].model, "models");
		ck_assert_uint_eq(peek16(&h, 0x600), expect[n].push_sp);
		ck_assert_uint_eq(peek16(&h, 0x602), expect[n].shl33);
		ck_assert_uint_eq(peek16(&h, 0x604) & ~(uint16_t)F_OSZAPC, expect[n].flags0);
		ck_assert_uint_eq(peek16(&h, 0x606) & ~(uint16_t)F_OSZAPC, expect[n].flags7000);
		ck_assert_uint_eq(peek16(&h, 0x608), expect[n].de_ip);
		ck_assert_uint_eq(peek16(&h, 0x60A), 0x600D);
		ck_assert_uint_eq(peek8(&h, 0x60C), 0xFF);
		harness_free(&h);
	}
}
END_TEST

START_TEST(test_self_modifying_code)
{
	enum cpu_model models[] = {CPU_8086, CPU_386};
	for (int m = 0; m < 2; m++) {
		run_program(models[m], "smc");
		ck_assert_uint_eq(peek8(&h, 0x600), 0x42);
		ck_assert_uint_eq(peek16(&h, 0x602), 0x21);
		ck_assert_uint_eq(peek8(&h, 0x604), 0x99);
		ck_assert_uint_eq(peek8(&h, 0x605), 0x5A);
		harness_free(&h);
	}
}
END_TEST

/* 0x60 is JO on the 8086 and PUSHA from the 80186 on; 0x0F is POP CS on
 * the 8086, #UD (vector 6) on the 80186. */
START_TEST(test_8086_aliases_and_ud)
{
	static const uint8_t prog[] = {
		0xB8, 0x00, 0x70, /* mov ax, 0x7000 */
		0x04, 0x7F,       /* add al, 0x7f ; OF=0 */
		0x60, 0x02,       /* 8086: jo +2 (not taken); 186: pusha + add al,[bp+si] */
		0xFA, 0xF4,       /* cli; hlt */
	};
	harness_init(&h, CPU_8086);
	harness_load(&h, 0x7C00, prog, sizeof(prog));
	cpu_load_seg_real(h.cpu, S_CS, 0);
	cpu_set_eip(h.cpu, 0x7C00);
	cpu_load_seg_real(h.cpu, S_SS, 0);
	h.cpu->r[R_ESP] = 0x6000;
	ck_assert_int_eq(harness_run(&h, 100), CPU_STOP_HALT);
	ck_assert_uint_eq(h.cpu->r[R_ESP], 0x6000);
	harness_free(&h);

	harness_init(&h, CPU_186);
	harness_load(&h, 0x7C00, prog, sizeof(prog));
	cpu_load_seg_real(h.cpu, S_CS, 0);
	cpu_set_eip(h.cpu, 0x7C00);
	cpu_load_seg_real(h.cpu, S_SS, 0);
	h.cpu->r[R_ESP] = 0x6000;
	ck_assert_int_eq(harness_run(&h, 100), CPU_STOP_HALT);
	ck_assert_uint_eq(h.cpu->r[R_ESP], 0x6000 - 16);
	harness_free(&h);

	static const uint8_t ud[] = {0x0F, 0x0B, 0xF4};
	static const uint8_t handler[] = {0xBD, 0x06, 0x00, 0xFA, 0xF4}; /* mov bp, 6; cli; hlt */
	static const uint8_t ivt6[] = {0x00, 0x90, 0x00, 0x00};          /* 0000:9000 */
	harness_init(&h, CPU_186);
	harness_load(&h, 0x7C00, ud, sizeof(ud));
	harness_load(&h, 0x9000, handler, sizeof(handler));
	harness_load(&h, 6 * 4, ivt6, sizeof(ivt6));
	cpu_load_seg_real(h.cpu, S_CS, 0);
	cpu_set_eip(h.cpu, 0x7C00);
	h.cpu->r[R_ESP] = 0x6000;
	ck_assert_int_eq(harness_run(&h, 100), CPU_STOP_HALT);
	ck_assert_uint_eq(h.cpu->r[R_EBP], 6);
	ck_assert_uint_eq(peek16(&h, 0x6000 - 6), 0x7C00); /* fault: IP of the 0F */
	harness_free(&h);
}
END_TEST

START_TEST(test_lazy_flags)
{
	harness_init(&h, CPU_386);
	struct cpu *c = h.cpu;
	/* Every combination of the six flags survives a set/get round trip. */
	for (uint32_t bits = 0; bits < 64; bits++) {
		uint32_t f = ((bits & 1) ? F_CF : 0) | ((bits & 2) ? F_PF : 0) | ((bits & 4) ? F_AF : 0) |
			     ((bits & 8) ? F_ZF : 0) | ((bits & 16) ? F_SF : 0) | ((bits & 32) ? F_OF : 0);
		cpu_set_flags(c, f | 0x2);
		ck_assert_uint_eq(cpu_get_flags(c) & F_OSZAPC, f);
		lf_set_cf(c, !(f & F_CF));
		ck_assert_uint_eq(cpu_get_flags(c) & F_OSZAPC, f ^ F_CF);
	}
	/* 0x7F + 1 overflows a byte; 0xFF + 1 carries. */
	lf_add(c, 0x7F, 1, 0x80, 1);
	ck_assert(flag_of(c) && flag_sf(c) && !flag_cf(c) && flag_af(c) && !flag_zf(c));
	lf_add(c, 0xFF, 1, 0x00, 1);
	ck_assert(!flag_of(c) && !flag_sf(c) && flag_cf(c) && flag_af(c) && flag_zf(c) && flag_pf(c));
	lf_sub(c, 0x8000, 1, 0x7FFF, 2);
	ck_assert(flag_of(c) && !flag_sf(c) && !flag_cf(c) && flag_af(c));
	lf_sub(c, 0, 1, 0xFFFFFFFF, 4);
	ck_assert(!flag_of(c) && flag_sf(c) && flag_cf(c) && flag_pf(c));
	harness_free(&h);
}
END_TEST

static int acks;
static uint8_t ack_vector(void *opaque)
{
	acks++;
	cpu_set_intr(opaque, false);
	return 0x08;
}

/* STI's shadow: an interrupt pending at STI is taken after the next
 * instruction, not before it; HLT waits for it. */
START_TEST(test_interrupts_and_sti_shadow)
{
	static const uint8_t prog[] = {
		0xFB,       /* sti */
		0x43,       /* inc bx  -- runs before the interrupt */
		0x41,       /* inc cx  -- after the interrupt returns */
		0xFA, 0xF4, /* cli; hlt */
	};
	static const uint8_t handler[] = {0x89, 0xDA, 0xCF}; /* mov dx, bx; iret */
	static const uint8_t ivt8[] = {0x00, 0x90, 0x00, 0x00};
	harness_init(&h, CPU_8086);
	harness_load(&h, 0x7C00, prog, sizeof(prog));
	harness_load(&h, 0x9000, handler, sizeof(handler));
	harness_load(&h, 8 * 4, ivt8, sizeof(ivt8));
	cpu_load_seg_real(h.cpu, S_CS, 0);
	cpu_set_eip(h.cpu, 0x7C00);
	h.cpu->r[R_ESP] = 0x6000;
	h.cpu->intr.ack = ack_vector;
	h.cpu->intr.opaque = h.cpu;
	acks = 0;
	cpu_set_intr(h.cpu, true);
	ck_assert_int_eq(harness_run(&h, 100), CPU_STOP_HALT);
	ck_assert_int_eq(acks, 1);
	ck_assert_uint_eq(h.cpu->r[R_EDX] & 0xFFFF, 1); /* BX was 1 when the interrupt came */
	ck_assert_uint_eq(h.cpu->r[R_ECX] & 0xFFFF, 1);
	ck_assert_uint_eq(h.cpu->icount, 7); /* sti inc mov iret inc cli hlt */
	harness_free(&h);
}
END_TEST

START_TEST(test_step_and_limit)
{
	static const uint8_t prog[] = {0x40, 0x40, 0x40, 0xEB, 0xFB}; /* inc ax x3; jmp -5 */
	harness_init(&h, CPU_386);
	harness_load(&h, 0x7C00, prog, sizeof(prog));
	cpu_load_seg_real(h.cpu, S_CS, 0);
	cpu_set_eip(h.cpu, 0x7C00);
	ck_assert_int_eq(cpu_step(h.cpu), CPU_STOP_NONE);
	ck_assert_uint_eq(h.cpu->r[R_EAX], 1);
	ck_assert_uint_eq(h.cpu->eip, 0x7C01);
	ck_assert_int_eq(cpu_run(h.cpu, 1000), CPU_STOP_INSN_LIMIT);
	ck_assert_uint_eq(h.cpu->icount, 1000);
	ck_assert_uint_eq(h.cpu->r[R_EAX], 750);
	harness_free(&h);
}
END_TEST

/* A guest can point anything anywhere: stray far jumps into unmapped
 * space, wrapping stacks and long prefix chains must not hurt the host. */
START_TEST(test_hostile_guest_is_contained)
{
	harness_init(&h, CPU_386);
	uint8_t junk[4096];
	srand(1);
	for (int round = 0; round < 200; round++) {
		for (size_t n = 0; n < sizeof(junk); n++)
			junk[n] = (uint8_t)rand();
		harness_load(&h, 0x10000, junk, sizeof(junk));
		cpu_reset(h.cpu);
		cpu_load_seg_real(h.cpu, S_CS, 0x1000);
		cpu_set_eip(h.cpu, 0);
		enum cpu_stop r = cpu_run(h.cpu, h.cpu->icount + 2000);
		ck_assert(r == CPU_STOP_INSN_LIMIT || r == CPU_STOP_HALT || r == CPU_STOP_SHUTDOWN);
	}
	harness_free(&h);
}
END_TEST

/* The debugger hooks: a breakpoint stops before its instruction and is
 * stepped over once on resume; a watchpoint sees a write with its value;
 * pages without marks run on the fast path as before. */
static uint32_t break_lin;
static int breaks, watches;
static uint32_t watch_lin, watch_value;

static bool test_break_at(void *opaque, struct cpu *cpu, uint32_t lin)
{
	if (lin != break_lin)
		return false;
	breaks++;
	return true;
}

static void test_on_access(void *opaque, struct cpu *cpu, uint32_t lin, unsigned size, uint32_t value, bool write)
{
	if (write && lin == 0x600) {
		watches++;
		watch_lin = lin;
		watch_value = value;
	}
}

START_TEST(test_debug_hooks)
{
	static const uint8_t prog[] = {
		0x40,                   /* 7C00 inc ax */
		0x40,                   /* 7C01 inc ax */
		0xA3, 0x00, 0x06,       /* 7C02 mov [0x600], ax */
		0x40,                   /* 7C05 inc ax */
		0xFA, 0xF4,             /* cli; hlt */
	};
	harness_init(&h, CPU_386);
	harness_load(&h, 0x7C00, prog, sizeof(prog));
	cpu_load_seg_real(h.cpu, S_CS, 0);
	cpu_set_eip(h.cpu, 0x7C00);
	h.cpu->debug.break_at = test_break_at;
	h.cpu->debug.on_access = test_on_access;
	break_lin = 0x7C05;
	breaks = watches = 0;
	ck_assert_int_eq(cpu_debug_mark_code(h.cpu, break_lin, true), 0);
	ck_assert_int_eq(cpu_debug_mark_data(h.cpu, 0x600, true), 0);
	ck_assert_int_eq(harness_run(&h, 100), CPU_STOP_REQUEST);
	ck_assert_int_eq(breaks, 1);
	ck_assert_uint_eq(h.cpu->eip, 0x7C05);
	ck_assert_uint_eq(h.cpu->icount, 3);
	ck_assert_uint_eq(h.cpu->r[R_EAX], 2); /* stopped before the third inc */
	ck_assert_int_eq(watches, 1);
	ck_assert_uint_eq(watch_value, 2);
	cpu_debug_skip_breakpoint_once(h.cpu, break_lin);
	ck_assert_int_eq(harness_run(&h, 100), CPU_STOP_HALT);
	ck_assert_uint_eq(h.cpu->r[R_EAX], 3);
	ck_assert_int_eq(breaks, 1);
	harness_free(&h);
}
END_TEST

/* DR0 instruction breakpoint (fault before), DR1 data breakpoint (trap
 * after an overlapping write), TF single-step traps with DR6.BS. */
START_TEST(test_debug_registers)
{
	run_program(CPU_386, "debugregs");
	uint32_t nop2 = 0; /* the IPs after `popf` are checked relative to it */
	ck_assert_uint_eq(peek16(&h, 0x800), 9);
	ck_assert_uint_eq(peek16(&h, 0x900), 1);          /* inc cx ran once */
	ck_assert_uint_eq(peek16(&h, 0x842), 0x0FF1);     /* B0 */
	ck_assert_uint_eq(peek16(&h, 0x844), 0x0FF2);     /* B1 */
	for (unsigned n = 3; n <= 9; n++)
		ck_assert_uint_eq(peek16(&h, 0x840 + 2 * n), 0x4FF0); /* BS */
	/* Fault: the IP of the breakpointed instruction; trap: the next. */
	uint16_t target = peek16(&h, 0x802), after_write = peek16(&h, 0x804);
	ck_assert_uint_gt(after_write, target);
	for (unsigned n = 3; n < 9; n++) {
		uint16_t ip = peek16(&h, 0x800 + 2 * n), next = peek16(&h, 0x800 + 2 * (n + 1));
		ck_assert_uint_gt(next, ip); /* one trap per instruction, in order */
		if (n == 3)
			nop2 = ip;
	}
	ck_assert_uint_eq(peek16(&h, 0x808), nop2 + 1); /* nop is one byte */
	harness_free(&h);
}
END_TEST

static Suite *cpu_suite(void)
{
	Suite *s = suite_create("cpu");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_32bit_operands_and_addresses);
	tcase_add_test(tc, test_386_instructions);
	tcase_add_test(tc, test_movzx_movsx_registers);
	tcase_add_test(tc, test_rep_stos_movs_bulk);
	tcase_add_test(tc, test_breakpoint_on_cached_page);
	tcase_add_test(tc, test_segment_wrap_8086);
	tcase_add_test(tc, test_segment_wrap_faults_on_286_and_386);
	tcase_add_test(tc, test_model_differences);
	tcase_add_test(tc, test_self_modifying_code);
	tcase_add_test(tc, test_8086_aliases_and_ud);
	tcase_add_test(tc, test_lazy_flags);
	tcase_add_test(tc, test_interrupts_and_sti_shadow);
	tcase_add_test(tc, test_step_and_limit);
	tcase_add_test(tc, test_hostile_guest_is_contained);
	tcase_add_test(tc, test_debug_hooks);
	tcase_add_test(tc, test_debug_registers);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(cpu_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
