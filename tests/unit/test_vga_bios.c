/* The real VGA BIOSes on this VGA, before any machine exists: the option
 * ROM is loaded at C0000 on a bare CPU with RAM, its initialisation
 * entry (C000:0003) is called as a system BIOS would, then a few
 * characters are typed through INT 10h teletype.  The text screen must
 * show them (and the LGPL VGABIOS's own banner).  Skipped when the ROM
 * packages are not installed. */
#include "tests/unit/test_display.h"

#include <stdio.h>
#include <string.h>

#include "cpu/cpu.h"
#include "gui/screen_text.h"
#include "bios/vgabios.h"

#define PROGRAM 0x0600u
#define BODY 0x0610u
#define MESSAGE 0x0680u
#define IRET_STUB 0xFFF00u

/* Calls the ROM's init with AX = bus/devfn, as a system BIOS does, then
 * jumps to the body. */
static const uint8_t prologue[] = {
	0xB8, 0x10, 0x00,             /* mov ax, 0x0010 */
	0x9A, 0x03, 0x00, 0x00, 0xC0, /* call far C000:0003 */
	0x31, 0xC0,                   /* xor ax, ax */
	0x8E, 0xD8,                   /* mov ds, ax */
	0x8E, 0xC0,                   /* mov es, ax */
	0xEB, 0x00,                   /* jmp BODY (0x0610) */
};

/* Sets mode 3, as SeaBIOS does after the init, types the message. */
static const uint8_t body_type[] = {
	0xB8, 0x03, 0x00,             /* mov ax, 0x0003 */
	0xCD, 0x10,                   /* int 0x10 */
	0xFC,                         /* cld */
	0xBE, 0x80, 0x06,             /* mov si, MESSAGE */
	0xAC,                         /* next: lodsb */
	0x08, 0xC0,                   /* or al, al */
	0x74, 0x09,                   /* jz done */
	0xB4, 0x0E,                   /* mov ah, 0x0E */
	0xBB, 0x07, 0x00,             /* mov bx, 0x0007 */
	0xCD, 0x10,                   /* int 0x10 */
	0xEB, 0xF2,                   /* jmp next */
	0xFA,                         /* done: cli */
	0xF4,                         /* hlt */
};

/* The LGPL VGABIOS sets mode 3 and prints its banner in its init:
 * type after it without a mode set. */
static const uint8_t body_type_no_mode_set[] = {
	0x90, 0x90, 0x90, 0x90, 0x90, 0xFC, 0xBE, 0x80, 0x06, 0xAC, 0x08, 0xC0, 0x74, 0x09,
	0xB4, 0x0E, 0xBB, 0x07, 0x00, 0xCD, 0x10, 0xEB, 0xF2, 0xFA, 0xF4,
};

/* Mode 13h through INT 10h, one pixel of colour 0x2C at (5, 3). */
static const uint8_t body_mode13[] = {
	0xB8, 0x13, 0x00,             /* mov ax, 0x0013 */
	0xCD, 0x10,                   /* int 0x10 */
	0xB8, 0x00, 0xA0,             /* mov ax, 0xA000 */
	0x8E, 0xC0,                   /* mov es, ax */
	0x26, 0xC6, 0x06, 0xC5, 0x03, 0x2C, /* mov byte [es:3*320+5], 0x2C */
	0xFA, 0xF4,                   /* cli; hlt */
};

/* VBE 4F02h: 640x480x8 (101h) with the linear frame buffer (bit 14). */
static const uint8_t body_vbe[] = {
	0xBB, 0x01, 0x41,             /* mov bx, 0x4101 */
	0xB8, 0x02, 0x4F,             /* mov ax, 0x4F02 */
	0xCD, 0x10,                   /* int 0x10 */
	0xA3, 0x00, 0x05,             /* mov [0x500], ax: the VBE status */
	0xFA, 0xF4,                   /* cli; hlt */
};

/* VBE 4F02h: 800x600 in 16 colours (102h), planar. */
static const uint8_t body_vbe_planar[] = {
	0xBB, 0x02, 0x01,             /* mov bx, 0x0102 */
	0xB8, 0x02, 0x4F,             /* mov ax, 0x4F02 */
	0xCD, 0x10,                   /* int 0x10 */
	0xA3, 0x00, 0x05,             /* mov [0x500], ax: the VBE status */
	0xFA, 0xF4,                   /* cli; hlt */
};

static const char message[] = "glasspc VGA test";

struct rom_run {
	struct mem *mem;
	struct iobus *bus;
	struct vga *vga;
	struct cpu *cpu;
};

/* Runs the ROM's init and body until the final HLT. */
static bool rom_run(struct rom_run *run, enum vgabios_kind kind, const uint8_t *body, size_t body_len)
{
	size_t size;
	uint8_t *rom = vgabios_load(kind, NULL, &size);
	if (!rom)
		return false;
	run->mem = mem_create(16u << 20, 0xFFFFFFFFu);
	run->bus = iobus_create();
	ck_assert_ptr_nonnull(run->mem);
	ck_assert_ptr_nonnull(run->bus);
	run->vga = vga_create(run->bus, run->mem);
	ck_assert_ptr_nonnull(run->vga);
	vga_map_lfb(run->vga, VGA_DEFAULT_LFB, true);
	/* The ROM in (shadow) RAM, as SeaBIOS runs it. */
	mem_load(run->mem, VGA_ISA_ROM_BASE, rom, size);
	free(rom);
	/* Every interrupt vector points at an IRET. */
	uint8_t iret = 0xCF;
	mem_load(run->mem, IRET_STUB, &iret, 1);
	for (unsigned v = 0; v < 256; v++)
		mem_write32(run->mem, v * 4, 0xF0000000u | (IRET_STUB - 0xF0000u));
	mem_write16(run->mem, 0x410, 0x0020); /* BDA equipment: 80x25 colour */
	mem_write16(run->mem, 0x413, 640);
	mem_load(run->mem, PROGRAM, prologue, sizeof(prologue));
	ck_assert_uint_le(BODY + body_len, MESSAGE);
	mem_load(run->mem, BODY, body, body_len);
	mem_load(run->mem, MESSAGE, message, sizeof(message));
	run->cpu = cpu_create(CPU_P6, run->mem, run->bus);
	ck_assert_ptr_nonnull(run->cpu);
	for (int s = 0; s < 6; s++)
		cpu_load_seg_real(run->cpu, s, 0);
	run->cpu->r[R_ESP] = 0x7000;
	cpu_set_eip(run->cpu, PROGRAM);
	/* Slices of instructions, with the VGA's clock moving along (about
	 * 10 ns an instruction) so that retrace waits end. */
	enum cpu_stop stop = CPU_STOP_NONE;
	for (int slice = 0; slice < 2000 && stop != CPU_STOP_HALT && stop != CPU_STOP_SHUTDOWN; slice++) {
		stop = cpu_run(run->cpu, run->cpu->icount + 50000);
		vga_advance(run->vga, 50000 * 10);
	}
	ck_assert_int_eq(stop, CPU_STOP_HALT);
	ck_assert_uint_eq(run->cpu->eip & 0xFFFF, BODY + body_len);
	return true;
}

static void rom_run_free(struct rom_run *run)
{
	cpu_destroy(run->cpu);
	vga_destroy(run->vga);
	iobus_destroy(run->bus);
	mem_destroy(run->mem);
}

/* The screen as UTF-8 text (static buffer). */
static const char *screen_text(struct rom_run *run)
{
	static char text[8192];
	struct vga_text_screen screen;
	ck_assert_msg(vga_text_screen(run->vga, &screen), "not in a text mode after the VGA BIOS");
	FILE *f = fmemopen(text, sizeof(text) - 1, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(screen_text_write(f, &screen), 0);
	fclose(f);
	vga_text_screen_free(&screen);
	/* The picture: 720x400, as mode 3 is. */
	const struct vga_frame *frame = vga_render(run->vga);
	ck_assert_uint_eq(frame->width, 720);
	ck_assert_uint_eq(frame->height, 400);
	return text;
}

static uint16_t dispi(struct rom_run *run, uint16_t index)
{
	iobus_write(run->bus, VBE_DISPI_INDEX_PORT, index, 2);
	return (uint16_t)iobus_read(run->bus, VBE_DISPI_DATA_PORT, 2);
}

static void check_mode13(enum vgabios_kind kind)
{
	struct rom_run run;
	ck_assert_msg(vgabios_find(kind) != NULL, "VGA BIOS not installed");
	ck_assert_msg(rom_run(&run, kind, body_mode13, sizeof(body_mode13)), "the VGA BIOS did not run");
	const struct vga_frame *f = vga_render(run.vga);
	ck_assert_uint_eq(f->width, 320);
	ck_assert_uint_eq(f->height, 200);
	/* Colour 0x2C of the BIOS's default 256-colour palette is a pure
	 * blue-ish hue: read the DAC entry back and compare. */
	iobus_write(run.bus, 0x3C7, 0x2C, 1);
	uint32_t rgb = 0;
	for (int c = 0; c < 3; c++) {
		uint32_t v = iobus_read(run.bus, 0x3C9, 1) & 0x3F;
		rgb = rgb << 8 | (v << 2 | v >> 4);
	}
	ck_assert_uint_eq(frame_pixel(f, 5, 3), rgb);
	ck_assert_uint_eq(frame_pixel(f, 4, 3), frame_pixel(f, 0, 0));
	ck_assert_uint_ne(frame_pixel(f, 5, 3), frame_pixel(f, 0, 0));
	rom_run_free(&run);
}

static void check_vbe(enum vgabios_kind kind)
{
	struct rom_run run;
	ck_assert_msg(vgabios_find(kind) != NULL, "VGA BIOS not installed");
	ck_assert_msg(rom_run(&run, kind, body_vbe, sizeof(body_vbe)), "the VGA BIOS did not run");
	ck_assert_uint_eq(mem_read16(run.mem, 0x500), 0x004F);
	ck_assert_uint_eq(dispi(&run, 1), 640);
	ck_assert_uint_eq(dispi(&run, 2), 480);
	ck_assert_uint_eq(dispi(&run, 3), 8);
	ck_assert_uint_eq(dispi(&run, 4) & 0x41, 0x41);
	mem_write8(run.mem, VGA_DEFAULT_LFB + 479 * 640 + 639, 0x0F);
	const struct vga_frame *f = vga_render(run.vga);
	ck_assert_uint_eq(f->width, 640);
	ck_assert_uint_eq(f->height, 480);
	ck_assert_uint_ne(frame_pixel(f, 639, 479), frame_pixel(f, 0, 0));
	rom_run_free(&run);
}

static void check_vbe_planar(enum vgabios_kind kind)
{
	struct rom_run run;
	ck_assert_msg(vgabios_find(kind) != NULL, "VGA BIOS not installed");
	ck_assert_msg(rom_run(&run, kind, body_vbe_planar, sizeof(body_vbe_planar)), "the VGA BIOS did not run");
	ck_assert_uint_eq(mem_read16(run.mem, 0x500), 0x004F);
	ck_assert_uint_eq(dispi(&run, 1), 800);
	ck_assert_uint_eq(dispi(&run, 2), 600);
	ck_assert_uint_eq(dispi(&run, 3), 4);
	/* Write mode 2 as a driver would: a pixel of colour 9 at the
	 * bottom right. */
	iobus_write(run.bus, 0x3CE, 0x0205, 2);
	iobus_write(run.bus, 0x3CE, 0x0108, 2);
	(void)mem_read8(run.mem, 0xA0000 + (599 * 800 + 799) / 8);
	mem_write8(run.mem, 0xA0000 + (599 * 800 + 799) / 8, 0x09);
	const struct vga_frame *f = vga_render(run.vga);
	ck_assert_uint_eq(f->width, 800);
	ck_assert_uint_eq(f->height, 600);
	ck_assert_uint_ne(frame_pixel(f, 799, 599), frame_pixel(f, 0, 0));
	ck_assert_uint_eq(frame_pixel(f, 798, 599), frame_pixel(f, 0, 0));
	rom_run_free(&run);
}

START_TEST(test_seabios_vgabios_text)
{
	struct rom_run run;
	ck_assert_msg(vgabios_find(VGABIOS_SEABIOS) != NULL, "VGA BIOS not installed");
	ck_assert_msg(rom_run(&run, VGABIOS_SEABIOS, body_type, sizeof(body_type)), "the VGA BIOS did not run");
	const char *text = screen_text(&run);
	ck_assert_msg(strstr(text, message) != NULL, "screen:\n%s", text);
	rom_run_free(&run);
}
END_TEST

START_TEST(test_lgpl_vgabios_banner)
{
	struct rom_run run;
	ck_assert_msg(vgabios_find(VGABIOS_LGPL) != NULL, "VGA BIOS not installed");
	ck_assert_msg(rom_run(&run, VGABIOS_LGPL, body_type_no_mode_set, sizeof(body_type_no_mode_set)), "the VGA BIOS did not run");
	const char *text = screen_text(&run);
	ck_assert_msg(strstr(text, "VGABios") != NULL, "screen:\n%s", text);
	ck_assert_msg(strstr(text, message) != NULL, "screen:\n%s", text);
	rom_run_free(&run);
}
END_TEST

START_TEST(test_mode13_through_int10)
{
	check_mode13(VGABIOS_SEABIOS);
	check_mode13(VGABIOS_LGPL);
}
END_TEST

START_TEST(test_vbe_through_int10)
{
	check_vbe(VGABIOS_SEABIOS);
	check_vbe(VGABIOS_LGPL);
	check_vbe_planar(VGABIOS_SEABIOS);
	check_vbe_planar(VGABIOS_LGPL);
}
END_TEST

START_TEST(test_vgabios_load)
{
	size_t size = 0;
	ck_assert_ptr_null(vgabios_load(VGABIOS_SEABIOS, "/nonexistent/vgabios.bin", &size));
	for (int k = 0; k < 2; k++) {
		enum vgabios_kind kind = k ? VGABIOS_LGPL : VGABIOS_SEABIOS;
		ck_assert_msg(vgabios_find(kind) != NULL, "VGA BIOS not installed");
		uint8_t *rom = vgabios_load(VGABIOS_SEABIOS, k ? "lgpl" : "seabios", &size);
		ck_assert_ptr_nonnull(rom);
		ck_assert_uint_eq(rom[0], 0x55);
		ck_assert_uint_eq(rom[1], 0xAA);
		/* The whole file: at least what the header's length byte
		 * (512-byte units) says. */
		ck_assert_uint_ge(size, rom[2] * 512u);
		ck_assert_uint_le(size, 128u * 1024u);
		free(rom);
	}
}
END_TEST

int main(void)
{
	/* Both ROMs are needed: ./bootstrap installs their packages. */
	if (!vgabios_find(VGABIOS_SEABIOS) || !vgabios_find(VGABIOS_LGPL)) {
		fprintf(stderr, "test_vga_bios: a VGA BIOS is missing (install the packages seabios and vgabios)\n");
		return 1;
	}
	Suite *s = suite_create("vga-bios");
	TCase *tc = tcase_create("option-rom");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_seabios_vgabios_text);
	tcase_add_test(tc, test_lgpl_vgabios_banner);
	tcase_add_test(tc, test_mode13_through_int10);
	tcase_add_test(tc, test_vbe_through_int10);
	tcase_add_test(tc, test_vgabios_load);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
