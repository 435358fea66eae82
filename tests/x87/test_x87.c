/* Unit tests of the x87 inside the CPU (cpu/x87.c, cpu/x87_ops.c): the
 * register stack and its tags, stack faults, the FSAVE/FRSTOR and
 * FSTENV layouts, and how exceptions reach software (#MF with CR0.NE,
 * FERR#/IRQ 13 and IGNNE# without it, #NM with EM and TS, #UD on the 486
 * for what only the P6 has), and the transcendentals' special operands.  Small real-mode programs, their bytes with
 * the nasm source beside them; the expected values come from the Intel
 * SDM (Vol. 1 ch. 8, Vol. 2, Vol. 3 Table 2-2). */
#include <check.h>
#include <stdlib.h>

#include "cpu/x87.h"
#include "tests/unit/cpu_harness.h"

static struct harness h;

#define PROG 0x7C00u
#define HANDLER 0x9000u

static void start(enum cpu_model model, const uint8_t *prog, size_t len)
{
	harness_init(&h, model);
	harness_load(&h, PROG, prog, len);
	cpu_load_seg_real(h.cpu, S_CS, 0);
	cpu_load_seg_real(h.cpu, S_DS, 0);
	cpu_load_seg_real(h.cpu, S_SS, 0);
	cpu_set_eip(h.cpu, PROG);
	h.cpu->r[R_ESP] = 0x6000;
}

static void set_vector(unsigned vector, uint16_t offset)
{
	uint8_t entry[4] = {(uint8_t)offset, (uint8_t)(offset >> 8), 0, 0};
	harness_load(&h, vector * 4, entry, sizeof(entry));
}

static void poke16(uint32_t phys, uint16_t v)
{
	uint8_t b[2] = {(uint8_t)v, (uint8_t)(v >> 8)};
	harness_load(&h, phys, b, sizeof(b));
}

static uint64_t peek64(uint32_t phys)
{
	return (uint64_t)peek32(&h, phys + 4) << 32 | peek32(&h, phys);
}

#define PI_SIGNIFICAND UINT64_C(0xC90FDAA22168C235) /* FLDPI, round to nearest */
#define ONE UINT64_C(0x8000000000000000)

/* FLD pushes, FFREE frees, FINCSTP/FDECSTP move TOP only; the tag word
 * follows the values (00 valid, 01 zero, 11 empty). */
START_TEST(test_stack_and_tags)
{
	static const uint8_t prog[] = {
		0xDB, 0xE3,             /* 0x00 fninit */
		0xD9, 0xE8,             /* 0x02 fld1 */
		0xD9, 0xEE,             /* 0x04 fldz */
		0xD9, 0xEB,             /* 0x06 fldpi */
		0xD9, 0x36, 0x00, 0x10, /* 0x08 fnstenv [0x1000] */
		0xDD, 0xC1,             /* 0x0c ffree st1 */
		0xD9, 0x36, 0x20, 0x10, /* 0x0e fnstenv [0x1020] */
		0xD9, 0xF7,             /* 0x12 fincstp */
		0xDD, 0x3E, 0x40, 0x10, /* 0x14 fnstsw [0x1040] */
		0xD9, 0xF6,             /* 0x18 fdecstp */
		0xDD, 0x3E, 0x42, 0x10, /* 0x1a fnstsw [0x1042] */
		0xF4,                   /* 0x1e hlt */
	};
	start(CPU_P6, prog, sizeof(prog));
	ck_assert_int_eq(harness_run(&h, 100), CPU_STOP_HALT);
	/* 16-bit real-mode environment after three pushes: TOP 5. */
	ck_assert_uint_eq(peek16(&h, 0x1000), 0x037F);
	ck_assert_uint_eq(peek16(&h, 0x1002), 0x2800);
	ck_assert_uint_eq(peek16(&h, 0x1004), 0x13FF); /* R5 pi 00, R6 zero 01, R7 one 00 */
	ck_assert_uint_eq(peek16(&h, 0x1006), PROG + 0x06); /* FLDPI's address */
	ck_assert_uint_eq(peek16(&h, 0x1008), 0x01EB);      /* FOP: D9 EB */
	ck_assert_uint_eq(peek16(&h, 0x1024), 0x33FF);      /* FFREE ST(1) = R6 */
	ck_assert_uint_eq(peek16(&h, 0x1026), PROG + 0x0C);
	ck_assert_uint_eq(peek16(&h, 0x1028), 0x05C1);      /* FOP: DD C1 */
	ck_assert_uint_eq(peek16(&h, 0x1040), 0x3000);      /* FINCSTP: TOP 6 */
	ck_assert_uint_eq(peek16(&h, 0x1042), 0x2800);      /* FDECSTP: TOP 5 */
	ck_assert_uint_eq(h.cpu->x87.reg[5].significand, PI_SIGNIFICAND);
	ck_assert_uint_eq(h.cpu->x87.reg[5].sign_exp, 0x4000);
	ck_assert_uint_eq(h.cpu->x87.reg[7].significand, ONE);
	ck_assert_uint_eq(h.cpu->x87.reg[7].sign_exp, 0x3FFF);
	harness_free(&h);
}
END_TEST

/* SDM 8.5.1.1: a push into a full register and a read of an empty one
 * set IE and SF, with C1 = 1 and 0; masked, the result is the real
 * indefinite; unmasked, nothing changes and ES (and B) say an exception
 * is pending. */
START_TEST(test_stack_faults)
{
	static const uint8_t prog[] = {
		0xDB, 0xE3, /* 0x00 fninit */
		0xD9, 0xE8, 0xD9, 0xE8, 0xD9, 0xE8, 0xD9, 0xE8, /* 0x02 fld1 x 4 */
		0xD9, 0xE8, 0xD9, 0xE8, 0xD9, 0xE8, 0xD9, 0xE8, /* 0x0a fld1 x 4 */
		0xD9, 0xE8,             /* 0x12 fld1: the ninth */
		0xDD, 0x3E, 0x00, 0x10, /* 0x14 fnstsw [0x1000] */
		0xDB, 0xE3,             /* 0x18 fninit */
		0xD8, 0xC1,             /* 0x1a fadd st0, st1 */
		0xDD, 0x3E, 0x02, 0x10, /* 0x1c fnstsw [0x1002] */
		0xD9, 0x36, 0x10, 0x10, /* 0x20 fnstenv [0x1010] */
		0xDB, 0xE3,             /* 0x24 fninit */
		0xD9, 0x2E, 0x00, 0x11, /* 0x26 fldcw [0x1100] */
		0xD8, 0xC1,             /* 0x2a fadd st0, st1 */
		0xDD, 0x3E, 0x04, 0x10, /* 0x2c fnstsw [0x1004] */
		0xD9, 0x36, 0x30, 0x10, /* 0x30 fnstenv [0x1030] */
		0xF4,                   /* 0x34 hlt */
	};
	start(CPU_P6, prog, sizeof(prog));
	poke16(0x1100, 0x037E); /* IE unmasked */
	ck_assert_int_eq(harness_run(&h, 100), CPU_STOP_HALT);
	/* Overflow, masked: TOP 7, IE SF C1. */
	ck_assert_uint_eq(peek16(&h, 0x1000), 0x3A41);
	/* Underflow, masked: IE SF, C1 = 0, ST(0) = indefinite (tag special). */
	ck_assert_uint_eq(peek16(&h, 0x1002), 0x0041);
	ck_assert_uint_eq(peek16(&h, 0x1014), 0xFFFE);
	ck_assert_uint_eq(peek16(&h, 0x1016), PROG + 0x1A);
	ck_assert_uint_eq(peek16(&h, 0x1018), 0x00C1); /* FOP: D8 C1 */
	/* Underflow, unmasked: ES and B, nothing written. */
	ck_assert_uint_eq(peek16(&h, 0x1004), 0x80C1);
	ck_assert_uint_eq(peek16(&h, 0x1030), 0x037E);
	ck_assert_uint_eq(peek16(&h, 0x1032), 0x80C1);
	ck_assert_uint_eq(peek16(&h, 0x1034), 0xFFFF);
	/* FNSTENV then masked every exception. */
	ck_assert_uint_eq(h.cpu->x87.control, 0x037F);
	harness_free(&h);
}
END_TEST

/* FNSAVE/FRSTOR and FNSTENV in the four layouts of SDM Figures 8-9 to
 * 8-12: code at 1F00:0100, data at 2000:xxxx, so the real-mode pointers
 * are 20-bit linear addresses split 16 + 4. */
static const uint8_t prog_save[] = {
	0xDB, 0xE3,                   /* 0x00 fninit */
	0xD9, 0xE8,                   /* 0x02 fld1 */
	0xD9, 0x06, 0x34, 0x02,       /* 0x04 fld dword [0x0234] */
	0xD9, 0xEB,                   /* 0x08 fldpi */
	0x66, 0xDD, 0x36, 0x00, 0x05, /* 0x0a o32 fnsave [0x0500] */
	0xDD, 0x3E, 0x00, 0x03,       /* 0x0f fnstsw [0x0300] */
	0x66, 0xDD, 0x26, 0x00, 0x05, /* 0x13 o32 frstor [0x0500] */
	0xDD, 0x36, 0x00, 0x04,       /* 0x18 fnsave [0x0400] */
	0xDD, 0x26, 0x00, 0x04,       /* 0x1c frstor [0x0400] */
	0xD9, 0x36, 0x00, 0x06,       /* 0x20 fnstenv [0x0600] */
	0x66, 0xD9, 0x36, 0x20, 0x06, /* 0x24 o32 fnstenv [0x0620] */
	0xF4,                         /* 0x29 hlt */
};

#define SAVE_CS 0x1F00u
#define SAVE_IP 0x0100u
#define SAVE_DS 0x2000u
#define DATA(off) ((SAVE_DS << 4) + (off))

static void run_save(bool protected_mode)
{
	static const uint8_t two[4] = {0x00, 0x00, 0x00, 0x40}; /* 2.0f */
	harness_init(&h, CPU_P6);
	harness_load(&h, (SAVE_CS << 4) + SAVE_IP, prog_save, sizeof(prog_save));
	harness_load(&h, DATA(0x234), two, sizeof(two));
	cpu_load_seg_real(h.cpu, S_CS, SAVE_CS);
	cpu_load_seg_real(h.cpu, S_DS, SAVE_DS);
	cpu_load_seg_real(h.cpu, S_SS, 0);
	cpu_set_eip(h.cpu, SAVE_IP);
	h.cpu->r[R_ESP] = 0x6000;
	if (protected_mode)
		h.cpu->cr0 |= CR0_PE; /* the real-mode segment caches stay */
	ck_assert_int_eq(harness_run(&h, 100), CPU_STOP_HALT);
}

/* The registers after the environment: ST(0) pi, ST(1) 2.0, ST(2) 1.0,
 * ST(3)-ST(7) the +0.0 of reset. */
static void check_registers(uint32_t at)
{
	ck_assert_uint_eq(peek64(at), PI_SIGNIFICAND);
	ck_assert_uint_eq(peek16(&h, at + 8), 0x4000);
	ck_assert_uint_eq(peek64(at + 10), ONE);
	ck_assert_uint_eq(peek16(&h, at + 18), 0x4000);
	ck_assert_uint_eq(peek64(at + 20), ONE);
	ck_assert_uint_eq(peek16(&h, at + 28), 0x3FFF);
	for (unsigned n = 3; n < 8; n++) {
		ck_assert_uint_eq(peek64(at + 10 * n), 0);
		ck_assert_uint_eq(peek16(&h, at + 10 * n + 8), 0);
	}
}

static void check_restored(uint16_t opcode)
{
	ck_assert_uint_eq(x87_top(h.cpu), 5);
	ck_assert_uint_eq(h.cpu->x87.tag, 0x03FF);
	ck_assert_uint_eq(h.cpu->x87.reg[5].significand, PI_SIGNIFICAND);
	ck_assert_uint_eq(h.cpu->x87.reg[6].sign_exp, 0x4000);
	ck_assert_uint_eq(h.cpu->x87.opcode, opcode);
}

START_TEST(test_save_layouts_real_mode)
{
	run_save(false);
	/* 16-bit: 14 bytes, then the registers. */
	ck_assert_uint_eq(peek16(&h, DATA(0x400)), 0x037F);
	ck_assert_uint_eq(peek16(&h, DATA(0x402)), 0x2800);
	ck_assert_uint_eq(peek16(&h, DATA(0x404)), 0x03FF);
	ck_assert_uint_eq(peek16(&h, DATA(0x406)), 0xF108); /* FIP 1F108: bits 15-0 */
	ck_assert_uint_eq(peek16(&h, DATA(0x408)), 0x11EB); /* bits 19-16, FOP D9 EB */
	ck_assert_uint_eq(peek16(&h, DATA(0x40A)), 0x0234); /* FDP 20234 */
	ck_assert_uint_eq(peek16(&h, DATA(0x40C)), 0x2000);
	check_registers(DATA(0x40E));
	ck_assert_uint_eq(peek16(&h, DATA(0x300)), 0x0000); /* FNSAVE initialised */
	/* 32-bit: 28 bytes. */
	ck_assert_uint_eq(peek32(&h, DATA(0x500)), 0x037F);
	ck_assert_uint_eq(peek32(&h, DATA(0x504)), 0x2800);
	ck_assert_uint_eq(peek32(&h, DATA(0x508)), 0x03FF);
	ck_assert_uint_eq(peek32(&h, DATA(0x50C)), 0xF108);
	ck_assert_uint_eq(peek32(&h, DATA(0x510)), 0x000011EB); /* FIP 31-16 from bit 12, FOP */
	ck_assert_uint_eq(peek32(&h, DATA(0x514)), 0x0234);
	ck_assert_uint_eq(peek32(&h, DATA(0x518)), 0x00002000);
	check_registers(DATA(0x51C));
	/* FRSTOR brought it all back: FNSTENV stores the same images. */
	for (unsigned k = 0; k < 14; k += 2)
		ck_assert_uint_eq(peek16(&h, DATA(0x600 + k)), peek16(&h, DATA(0x400 + k)));
	for (unsigned k = 0; k < 28; k += 4)
		ck_assert_uint_eq(peek32(&h, DATA(0x620 + k)), peek32(&h, DATA(0x500 + k)));
	check_restored(0x01EB);
	harness_free(&h);
}
END_TEST

/* The 16-bit protected-mode image has no room for FOP: after FNSAVE
 * cleared it, FRSTOR from that image leaves it 0. */
START_TEST(test_save_layouts_protected_mode)
{
	run_save(true);
	ck_assert_uint_eq(peek16(&h, DATA(0x400)), 0x037F);
	ck_assert_uint_eq(peek16(&h, DATA(0x402)), 0x2800);
	ck_assert_uint_eq(peek16(&h, DATA(0x404)), 0x03FF);
	ck_assert_uint_eq(peek16(&h, DATA(0x406)), SAVE_IP + 0x08); /* FIP offset */
	ck_assert_uint_eq(peek16(&h, DATA(0x408)), SAVE_CS);        /* FCS */
	ck_assert_uint_eq(peek16(&h, DATA(0x40A)), 0x0234);         /* FDP offset */
	ck_assert_uint_eq(peek16(&h, DATA(0x40C)), SAVE_DS);        /* FDS */
	check_registers(DATA(0x40E));
	ck_assert_uint_eq(peek32(&h, DATA(0x500)), 0x037F);
	ck_assert_uint_eq(peek32(&h, DATA(0x504)), 0x2800);
	ck_assert_uint_eq(peek32(&h, DATA(0x508)), 0x03FF);
	ck_assert_uint_eq(peek32(&h, DATA(0x50C)), SAVE_IP + 0x08);
	ck_assert_uint_eq(peek32(&h, DATA(0x510)), 0x01EB0000u | SAVE_CS); /* FOP in 26-16 */
	ck_assert_uint_eq(peek32(&h, DATA(0x514)), 0x0234);
	ck_assert_uint_eq(peek32(&h, DATA(0x518)), SAVE_DS);
	check_registers(DATA(0x51C));
	for (unsigned k = 0; k < 14; k += 2)
		ck_assert_uint_eq(peek16(&h, DATA(0x600 + k)), peek16(&h, DATA(0x400 + k)));
	for (unsigned k = 0; k < 28; k += 4)
		if (k != 16)
			ck_assert_uint_eq(peek32(&h, DATA(0x620 + k)), peek32(&h, DATA(0x500 + k)));
	ck_assert_uint_eq(peek32(&h, DATA(0x630)), SAVE_CS);
	check_restored(0);
	harness_free(&h);
}
END_TEST

/* ---- exceptions ---- */

/* 1/0 with ZE unmasked leaves the stack alone and sets ES; the WAIT
 * after it reports the exception. */
static const uint8_t prog_pending[] = {
	0xFB,                               /* 0x00 sti */
	0xDB, 0xE3,                         /* 0x01 fninit */
	0xD9, 0x2E, 0x00, 0x11,             /* 0x03 fldcw [0x1100] */
	0xD9, 0xE8,                         /* 0x07 fld1 */
	0xD9, 0xEE,                         /* 0x09 fldz */
	0xDE, 0xF9,                         /* 0x0b fdivp st1, st0 */
	0xDD, 0x3E, 0x00, 0x10,             /* 0x0d fnstsw [0x1000] */
	0x9B,                               /* 0x11 fwait */
	0xC7, 0x06, 0x02, 0x10, 0x55, 0x55, /* 0x12 mov word [0x1002], 0x5555 */
	0xFA,                               /* 0x18 cli */
	0xF4,                               /* 0x19 hlt */
};
#define PENDING_WAIT (PROG + 0x11)

/* Records the return address and the status word, counts, clears. */
static const uint8_t handler_clear[] = {
	0x89, 0xE5,             /* mov bp, sp */
	0x8B, 0x46, 0x00,       /* mov ax, [bp] */
	0xA3, 0x10, 0x10,       /* mov [0x1010], ax */
	0xDD, 0x3E, 0x12, 0x10, /* fnstsw [0x1012] */
	0xFF, 0x06, 0x14, 0x10, /* inc word [0x1014] */
	0xDB, 0xE2,             /* fnclex */
	0xCF,                   /* iret */
};

static void start_pending(enum cpu_model model, const uint8_t *handler, size_t len, unsigned vector)
{
	start(model, prog_pending, sizeof(prog_pending));
	poke16(0x1100, 0x037B); /* ZE unmasked */
	harness_load(&h, HANDLER, handler, len);
	set_vector(vector, HANDLER);
}

static void check_pending_handled(uint16_t status_in_handler)
{
	ck_assert_uint_eq(peek16(&h, 0x1000), 0xB084); /* TOP 6, ZE, ES, B */
	ck_assert_uint_eq(peek16(&h, 0x1014), 1);
	ck_assert_uint_eq(peek16(&h, 0x1010), PENDING_WAIT);
	ck_assert_uint_eq(peek16(&h, 0x1012), status_in_handler);
	ck_assert_uint_eq(peek16(&h, 0x1002), 0x5555); /* the WAIT then completed */
	ck_assert(!h.cpu->x87.ferr);
}

START_TEST(test_mf_with_ne)
{
	start_pending(CPU_P6, handler_clear, sizeof(handler_clear), EXC_MF);
	h.cpu->cr0 |= CR0_NE;
	ck_assert_int_eq(harness_run(&h, 200), CPU_STOP_HALT);
	check_pending_handled(0xB084);
	harness_free(&h);
}
END_TEST

/* MS-DOS compatibility: FERR# to IRQ 13 (vector 75h here), the handler
 * clears the exception, which takes FERR# away. */
static unsigned ferr_edges;
static bool ferr_level;

static void on_ferr(void *opaque, bool active)
{
	ferr_edges++;
	ferr_level = active;
	cpu_set_intr(opaque, active);
}

static uint8_t ack_irq13(void *opaque)
{
	return 0x75;
}

/* The board's port F0h: drops the IRQ 13 request, asserts IGNNE# while
 * FERR# is active (SDM Figure D-1). */
static void port_f0_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
	struct cpu *cpu = opaque;
	cpu_set_intr(cpu, false);
	if (cpu->x87.ferr)
		cpu_x87_set_ignne(cpu, true);
}

static void wire_irq13(void)
{
	ferr_edges = 0;
	ferr_level = false;
	h.cpu->x87.ferr_changed = on_ferr;
	h.cpu->x87.ferr_opaque = h.cpu;
	h.cpu->intr.ack = ack_irq13;
	h.cpu->intr.opaque = h.cpu;
	iobus_register(h.io, 0xF0, 1, IO_WIDTH_8, NULL, port_f0_write, h.cpu, "ignne");
}

START_TEST(test_irq13_without_ne)
{
	start_pending(CPU_486, handler_clear, sizeof(handler_clear), 0x75);
	wire_irq13();
	ck_assert_int_eq(harness_run(&h, 200), CPU_STOP_HALT);
	check_pending_handled(0xB084);
	ck_assert_uint_eq(ferr_edges, 2); /* active at the WAIT, inactive at FNCLEX */
	ck_assert(!ferr_level);
	harness_free(&h);
}
END_TEST

/* With IGNNE# active the handler's own waiting instruction (FLD1) runs
 * although the exception is still pending. */
START_TEST(test_ignne)
{
	static const uint8_t handler[] = {
		0xFF, 0x06, 0x14, 0x10, /* inc word [0x1014] */
		0x89, 0xE5,             /* mov bp, sp */
		0x8B, 0x46, 0x00,       /* mov ax, [bp] */
		0xA3, 0x10, 0x10,       /* mov [0x1010], ax */
		0xE6, 0xF0,             /* out 0xF0, al */
		0xD9, 0xE8,             /* fld1 */
		0xDD, 0x3E, 0x12, 0x10, /* fnstsw [0x1012] */
		0xDB, 0xE2,             /* fnclex */
		0xCF,                   /* iret */
	};
	start_pending(CPU_486, handler, sizeof(handler), 0x75);
	wire_irq13();
	ck_assert_int_eq(harness_run(&h, 200), CPU_STOP_HALT);
	check_pending_handled(0xA884); /* FLD1 pushed: TOP 5 */
	ck_assert(!h.cpu->x87.ignne);  /* dropped with FERR# */
	ck_assert_uint_eq(ferr_edges, 2);
	harness_free(&h);
}
END_TEST

/* The 386 with a 387: no CR0.NE, always the FERR# path. */
START_TEST(test_irq13_on_386)
{
	start_pending(CPU_386, handler_clear, sizeof(handler_clear), 0x75);
	cpu_set_x87_present(h.cpu, true);
	ck_assert(h.cpu->cr0 & CR0_ET);
	wire_irq13();
	ck_assert_int_eq(harness_run(&h, 200), CPU_STOP_HALT);
	check_pending_handled(0xB084);
	harness_free(&h);
}
END_TEST

/* SDM Vol. 3 Table 2-2. */
static const uint8_t prog_nm[] = {
	0xDB, 0xE3,                         /* 0x00 fninit */
	0xD9, 0xE8,                         /* 0x02 fld1 */
	0x9B,                               /* 0x04 fwait */
	0xC7, 0x06, 0x02, 0x10, 0x55, 0x55, /* 0x05 mov word [0x1002], 0x5555 */
	0xF4,                               /* 0x0b hlt */
};

/* Records the return address, counts, clears MP EM TS. */
static const uint8_t handler_nm[] = {
	0x89, 0xE5,             /* mov bp, sp */
	0x8B, 0x46, 0x00,       /* mov ax, [bp] */
	0xA3, 0x10, 0x10,       /* mov [0x1010], ax */
	0xFF, 0x06, 0x14, 0x10, /* inc word [0x1014] */
	0x0F, 0x20, 0xC0,       /* mov eax, cr0 */
	0x24, 0xF1,             /* and al, 0xF1 */
	0x0F, 0x22, 0xC0,       /* mov cr0, eax */
	0xCF,                   /* iret */
};

static void run_nm(enum cpu_model model, uint32_t cr0_bits, uint32_t first, unsigned faults, uint32_t at)
{
	start(model, prog_nm, sizeof(prog_nm));
	harness_load(&h, HANDLER, handler_nm, sizeof(handler_nm));
	set_vector(EXC_NM, HANDLER);
	h.cpu->cr0 |= cr0_bits;
	cpu_set_eip(h.cpu, first);
	ck_assert_int_eq(harness_run(&h, 100), CPU_STOP_HALT);
	ck_assert_uint_eq(peek16(&h, 0x1014), faults);
	if (faults)
		ck_assert_uint_eq(peek16(&h, 0x1010), at);
	ck_assert_uint_eq(peek16(&h, 0x1002), 0x5555);
	harness_free(&h);
}

START_TEST(test_nm)
{
	run_nm(CPU_486, CR0_EM, PROG, 1, PROG);            /* EM: even FNINIT */
	run_nm(CPU_P6, CR0_TS, PROG, 1, PROG);             /* TS */
	run_nm(CPU_P6, CR0_MP | CR0_EM, PROG, 1, PROG);    /* EM with MP */
	run_nm(CPU_P6, CR0_TS, PROG + 4, 0, 0);            /* WAIT: TS alone is fine */
	run_nm(CPU_P6, CR0_EM, PROG + 4, 0, 0);            /* WAIT ignores EM */
	run_nm(CPU_P6, CR0_MP | CR0_TS, PROG + 4, 1, PROG + 4); /* WAIT: MP and TS */
	run_nm(CPU_386, CR0_EM, PROG, 1, PROG);            /* no 387: the escape */
}
END_TEST

/* ---- models ---- */

static const uint8_t prog_models[] = {
	0xB8, 0x34, 0x12,       /* 0x00 mov ax, 0x1234 */
	0xDB, 0xE3,             /* 0x03 fninit */
	0xDF, 0xE0,             /* 0x05 fnstsw ax */
	0xA3, 0x00, 0x10,       /* 0x07 mov [0x1000], ax */
	0xD9, 0xE8,             /* 0x0a fld1 */
	0xD9, 0x1E, 0x04, 0x10, /* 0x0c fstp dword [0x1004] */
	0xD9, 0xD1,             /* 0x10 (no x87 instruction) */
	0xDA, 0xC0,             /* 0x12 fcmovb st0, st0 (P6) */
	0xF4,                   /* 0x14 hlt */
};

static const uint8_t handler_ud[] = {
	0x89, 0xE5,                         /* mov bp, sp */
	0x8B, 0x46, 0x00,                   /* mov ax, [bp] */
	0xA3, 0x22, 0x10,                   /* mov [0x1022], ax */
	0xC7, 0x06, 0x20, 0x10, 0x06, 0x00, /* mov word [0x1020], 6 */
	0xF4,                               /* hlt */
};

static void run_models(enum cpu_model model, bool fit_387)
{
	start(model, prog_models, sizeof(prog_models));
	if (fit_387)
		cpu_set_x87_present(h.cpu, true);
	harness_load(&h, HANDLER, handler_ud, sizeof(handler_ud));
	set_vector(EXC_UD, HANDLER);
	ck_assert_int_eq(harness_run(&h, 100), CPU_STOP_HALT);
}

START_TEST(test_models)
{
	/* A 386 without its 387: the escapes do nothing (FNSTSW AX leaves
	 * AX alone, as FPU detection expects), CR0.ET clear. */
	run_models(CPU_386, false);
	ck_assert(!(h.cpu->cr0 & CR0_ET));
	ck_assert_uint_eq(peek16(&h, 0x1000), 0x1234);
	ck_assert_uint_eq(peek32(&h, 0x1004), 0);
	ck_assert_uint_eq(peek16(&h, 0x1020), 0);
	harness_free(&h);
	/* With the 387: the x87 works; the free encodings are escapes. */
	run_models(CPU_386, true);
	ck_assert_uint_eq(peek16(&h, 0x1000), 0x0000);
	ck_assert_uint_eq(peek32(&h, 0x1004), 0x3F800000);
	ck_assert_uint_eq(peek16(&h, 0x1020), 0);
	harness_free(&h);
	/* The 486: an undefined floating-point opcode is #UD. */
	run_models(CPU_486, false);
	ck_assert_uint_eq(peek32(&h, 0x1004), 0x3F800000);
	ck_assert_uint_eq(peek16(&h, 0x1020), 6);
	ck_assert_uint_eq(peek16(&h, 0x1022), PROG + 0x10);
	harness_free(&h);
	/* The 8086 decodes the escapes and does nothing. */
	run_models(CPU_8086, false);
	ck_assert_uint_eq(peek16(&h, 0x1000), 0x1234);
	harness_free(&h);
	ck_assert_uint_eq(cpu_features(CPU_386) & 1, 0);
	ck_assert_uint_eq(cpu_features(CPU_486) & 1, 1);
	ck_assert_uint_eq(cpu_features(CPU_PENTIUM) & 1, 1);
	ck_assert_uint_eq(cpu_features(CPU_P6) & 1, 1);
}
END_TEST

/* FCOMI sets ZF PF CF, FCMOVcc reads them (the P6); the 486 has neither. */
static const uint8_t prog_p6[] = {
	0xDB, 0xE3,             /* 0x00 fninit */
	0xD9, 0xE8,             /* 0x02 fld1 */
	0xD9, 0xEE,             /* 0x04 fldz */
	0xDB, 0xF1,             /* 0x06 fcomi st0, st1 */
	0x9C,                   /* 0x08 pushf */
	0x8F, 0x06, 0x00, 0x10, /* 0x09 pop word [0x1000] */
	0xDA, 0xC1,             /* 0x0d fcmovb st0, st1 */
	0xDF, 0xE9,             /* 0x0f fucomip st0, st1 */
	0x9C,                   /* 0x11 pushf */
	0x8F, 0x06, 0x02, 0x10, /* 0x12 pop word [0x1002] */
	0xD9, 0x1E, 0x04, 0x10, /* 0x16 fstp dword [0x1004] */
	0xDD, 0x3E, 0x08, 0x10, /* 0x1a fnstsw [0x1008] */
	0xF4,                   /* 0x1e hlt */
};

START_TEST(test_fcomi_fcmov)
{
	start(CPU_P6, prog_p6, sizeof(prog_p6));
	ck_assert_int_eq(harness_run(&h, 100), CPU_STOP_HALT);
	ck_assert_uint_eq(peek16(&h, 0x1000), 0x0003); /* 0 < 1: CF */
	ck_assert_uint_eq(peek16(&h, 0x1002), 0x0042); /* 1 = 1: ZF */
	ck_assert_uint_eq(peek32(&h, 0x1004), 0x3F800000);
	ck_assert_uint_eq(peek16(&h, 0x1008), 0x0000);
	harness_free(&h);
	start(CPU_486, prog_p6, sizeof(prog_p6));
	harness_load(&h, HANDLER, handler_ud, sizeof(handler_ud));
	set_vector(EXC_UD, HANDLER);
	ck_assert_int_eq(harness_run(&h, 100), CPU_STOP_HALT);
	ck_assert_uint_eq(peek16(&h, 0x1020), 6);
	ck_assert_uint_eq(peek16(&h, 0x1022), PROG + 0x06);
	harness_free(&h);
}
END_TEST


/* ---- the transcendentals' special operands (SDM tables of FPATAN,
 * FYL2X, FYL2XP1, FSIN ...) ---- */

#define INF(s) x87_make(s, 0x7FFF, ONE)
#define ZERO(s) x87_make(s, 0, 0)
#define NUM(s, e) x87_make(s, (uint16_t)(0x3FFF + (e)), ONE) /* +-2^e */
#define PI4 x87_make(false, 0x3FFE, PI_SIGNIFICAND)           /* pi/4 */
#define PI2 x87_make(false, 0x3FFF, PI_SIGNIFICAND)           /* pi/2 */
#define PI x87_make(false, 0x4000, PI_SIGNIFICAND)
#define PI3_4 x87_make(false, 0x4000, UINT64_C(0x96CBE3F9990E91A8))
#define NEG(v) x87_make(true, x87_exponent(v), (v).significand)

struct special {
	uint8_t op; /* D9 xx */
	x87_f80 st1, st0, result;
	uint16_t flags; /* IE DE ZE ... expected in the status word */
};

/* Runs D9 op with ST(1), ST(0) given on the harness already started;
 * the result is the new ST(0). */
static x87_f80 run_one(uint8_t op, x87_f80 st1, x87_f80 st0, uint16_t *status)
{
	uint8_t prog[] = {0xD9, op, 0xF4};
	harness_load(&h, PROG, prog, sizeof(prog));
	cpu_set_eip(h.cpu, PROG);
	h.cpu->halted = false;
	x87_init(h.cpu);
	x87_push(h.cpu, st1);
	x87_push(h.cpu, st0);
	ck_assert_int_eq(harness_run(&h, 10), CPU_STOP_HALT);
	*status = h.cpu->x87.status;
	return x87_st(h.cpu, 0);
}

START_TEST(test_transcendental_specials)
{
	const x87_f80 one = NUM(false, 0), two = NUM(false, 1), half = NUM(false, -1);
	const struct special cases[] = {
		/* FPATAN: ST(1) = atan(ST(1) / ST(0)) */
		{0xF3, ZERO(false), ZERO(false), ZERO(false), 0},
		{0xF3, ZERO(true), ZERO(false), ZERO(true), 0},
		{0xF3, ZERO(false), ZERO(true), PI, SW_PE},
		{0xF3, ZERO(true), ZERO(true), NEG(PI), SW_PE},
		{0xF3, one, ZERO(false), PI2, SW_PE},
		{0xF3, NEG(one), ZERO(true), NEG(PI2), SW_PE},
		{0xF3, INF(false), INF(false), PI4, SW_PE},
		{0xF3, INF(false), INF(true), PI3_4, SW_PE},
		{0xF3, INF(true), one, NEG(PI2), SW_PE},
		{0xF3, one, INF(true), PI, SW_PE},
		{0xF3, one, INF(false), ZERO(false), 0},
		{0xF3, NEG(one), NUM(true, 0), NEG(PI3_4), SW_PE}, /* atan2(-1, -1) */
		/* FYL2X: ST(1) * log2(ST(0)) */
		{0xF1, one, ZERO(false), INF(true), SW_ZE},
		{0xF1, NEG(one), ZERO(true), INF(false), SW_ZE},
		{0xF1, INF(true), ZERO(false), INF(false), 0},
		{0xF1, ZERO(false), ZERO(false), x87_default_nan(), SW_IE},
		{0xF1, one, NEG(one), x87_default_nan(), SW_IE},
		{0xF1, INF(false), one, x87_default_nan(), SW_IE},
		{0xF1, NEG(one), one, ZERO(true), 0},
		{0xF1, ZERO(false), half, ZERO(true), 0},
		{0xF1, INF(false), half, INF(true), 0},
		{0xF1, ZERO(false), INF(false), x87_default_nan(), SW_IE},
		{0xF1, NEG(one), INF(false), INF(true), 0},
		{0xF1, NUM(false, 2), x87_make(false, 0x3FFF + 10, ONE), x87_make(false, 0x4004, UINT64_C(0xA000000000000000)), 0}, /* 4 * 10 = 1.25 * 2^5 */
		/* FYL2XP1: ST(1) * log2(ST(0) + 1) */
		{0xF9, NEG(one), ZERO(true), ZERO(false), 0},
		{0xF9, one, ZERO(true), ZERO(true), 0},
		{0xF9, INF(false), ZERO(false), x87_default_nan(), SW_IE},
		{0xF9, INF(false), NUM(true, -3), INF(true), 0},
		/* F2XM1, FSIN, FCOS, FPTAN, FSINCOS on zeros and infinities */
		{0xF0, one, ZERO(true), ZERO(true), 0},
		{0xF0, one, NUM(false, 0), one, 0},
		{0xF0, one, NUM(true, 0), NEG(half), 0},
		{0xFE, one, ZERO(true), ZERO(true), 0},
		{0xFF, one, ZERO(true), one, 0},
		{0xFE, one, INF(false), x87_default_nan(), SW_IE},
		{0xFF, one, INF(true), x87_default_nan(), SW_IE},
		{0xF2, two, ZERO(true), one, 0},  /* FPTAN pushes 1.0 over tan(-0) */
		{0xFB, two, ZERO(true), one, 0},  /* FSINCOS: cos on top */
	};
	static const uint8_t hlt[] = {0xF4};
	start(CPU_P6, hlt, sizeof(hlt));
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		const struct special *c = &cases[k];
		uint16_t status;
		x87_f80 r = run_one(c->op, c->st1, c->st0, &status);
		ck_assert_msg(r.sign_exp == c->result.sign_exp && r.significand == c->result.significand,
			      "case %zu (D9 %02X): got %04X:%016llX, want %04X:%016llX", k, c->op, r.sign_exp,
			      (unsigned long long)r.significand, c->result.sign_exp,
			      (unsigned long long)c->result.significand);
		ck_assert_msg((status & SW_EXCEPTIONS & ~SW_PE) == (c->flags & ~SW_PE) &&
				      ((c->flags & SW_PE) == 0 || (status & SW_PE)),
			      "case %zu (D9 %02X): status %04X, want flags %04X", k, c->op, status, c->flags);
	}
	/* FSIN out of range: C2 and ST(0) unchanged. */
	uint16_t status;
	x87_f80 big = x87_make(false, 0x3FFF + 63, ONE);
	x87_f80 r = run_one(0xFE, one, big, &status);
	ck_assert(status & SW_C2);
	ck_assert_uint_eq(r.sign_exp, big.sign_exp);
	ck_assert_uint_eq(status & SW_EXCEPTIONS, 0);
	harness_free(&h);
}
END_TEST

static Suite *x87_suite(void)
{
	Suite *s = suite_create("x87");
	TCase *tc = tcase_create("core");
	/* Each test builds several machines of 16 MiB: room for sanitizer
	 * builds on a loaded machine. */
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_stack_and_tags);
	tcase_add_test(tc, test_stack_faults);
	tcase_add_test(tc, test_save_layouts_real_mode);
	tcase_add_test(tc, test_save_layouts_protected_mode);
	tcase_add_test(tc, test_mf_with_ne);
	tcase_add_test(tc, test_irq13_without_ne);
	tcase_add_test(tc, test_ignne);
	tcase_add_test(tc, test_irq13_on_386);
	tcase_add_test(tc, test_nm);
	tcase_add_test(tc, test_models);
	tcase_add_test(tc, test_fcomi_fcmov);
	tcase_add_test(tc, test_transcendental_specials);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(x87_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
