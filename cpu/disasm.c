/* The disassembler (see cpu/disasm.h for the output format).  It knows no
 * opcode: decode_insn() picks the table row, and the row's mnemonic,
 * operand forms and attributes say what to print; the rules below are
 * per operand form (enum operand_kind), never per opcode. */
#include "cpu/disasm.h"

#include <stdarg.h>
#include <stdio.h>

#include "cpu/core.h"

static const char *const reg8_names[8] = {"al", "cl", "dl", "bl", "ah", "ch", "dh", "bh"};
static const char *const reg16_names[8] = {"ax", "cx", "dx", "bx", "sp", "bp", "si", "di"};
static const char *const reg32_names[8] = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};
/* Segment register numbers 6 and 7 do not exist; MOV to or from them is
 * #UD on the 286 and later. */
static const char *const sreg_names[8] = {"es", "cs", "ss", "ds", "fs", "gs", "?", "?"};

/* Text being built, truncated silently at the capacity (NUL included). */
struct text {
	char *buf;
	size_t cap;
	size_t len;
};

static void text_append(struct text *t, const char *s)
{
	while (*s) {
		if (t->len + 1 < t->cap)
			t->buf[t->len] = *s;
		t->len++;
		s++;
	}
	if (t->cap)
		t->buf[t->len < t->cap ? t->len : t->cap - 1] = '\0';
}

static void text_printf(struct text *t, const char *fmt, ...)
{
	char tmp[64];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	text_append(t, tmp);
}

static const char *reg_name(unsigned n, unsigned size)
{
	n &= 7;
	return size == 1 ? reg8_names[n] : size == 2 ? reg16_names[n] : reg32_names[n];
}

/* What printing the operands used up, so that the prefixes they do not
 * show are printed as words before the mnemonic. */
struct operand_use {
	bool opsize;   /* the operand size shows (a register, an immediate width) */
	bool addrsize; /* the address size shows (a memory operand) */
	bool segment;  /* the segment override shows */
};

/* The state of one disassembly. */
struct disasm {
	const struct insn *insn;
	const struct opdef *def;
	bool os32, as32;
	uint32_t eip;
	unsigned next_imm; /* immediates are stored in operand order: imm, imm2 */
	struct operand_use use;
};

static unsigned operand_size(const struct disasm *d)
{
	return d->os32 ? 4 : 2;
}

static uint32_t take_imm(struct disasm *d)
{
	return d->next_imm++ == 0 ? d->insn->imm : d->insn->imm2;
}

static const char *ptr_name(unsigned size)
{
	switch (size) {
	case 1: return "byte ptr ";
	case 2: return "word ptr ";
	case 4: return "dword ptr ";
	case 6: return "fword ptr ";
	case 8: return "qword ptr ";
	case 10: return "tbyte ptr ";
	default: return "";
	}
}

/* seg: prefix inside a memory operand: only when overridden. */
static void print_segment_override(struct disasm *d, struct text *t)
{
	if (d->insn->flags & I_SEGOVR) {
		text_append(t, sreg_names[d->insn->seg & 7]);
		text_append(t, ":");
		d->use.segment = true;
	}
}

/* Signed displacement after a register: +0x12 / -0x8. */
static void print_displacement(struct text *t, int32_t disp)
{
	if (disp < 0)
		text_printf(t, "-0x%x", (unsigned)(-(int64_t)disp));
	else
		text_printf(t, "+0x%x", (unsigned)disp);
}

/* A ModRM memory operand: [base+index*scale+disp]. */
static void print_memory(struct disasm *d, struct text *t, unsigned size)
{
	const struct insn *i = d->insn;
	d->use.addrsize = true;
	text_append(t, ptr_name(size));
	print_segment_override(d, t);
	text_append(t, "[");
	unsigned regsize = d->as32 ? 4 : 2;
	bool any_reg = false;
	if (i->base != R_ZERO) {
		text_append(t, reg_name(i->base, regsize));
		any_reg = true;
	}
	if (i->index != R_ZERO) {
		if (any_reg)
			text_append(t, "+");
		text_append(t, reg_name(i->index, regsize));
		if (i->scale)
			text_printf(t, "*%u", 1u << i->scale);
		any_reg = true;
	}
	if (!any_reg) {
		/* A bare displacement is an address: unsigned, address-sized. */
		text_printf(t, "0x%x", (unsigned)(i->disp & i->ea_mask));
	} else if (i->mod == 1 || i->mod == 2 || (d->as32 && i->base == R_ZERO)) {
		/* Printed whenever the encoding has one, +0x0 included, so the
		 * text tells the instruction's length like the bytes do. */
		int32_t disp = d->as32 ? (int32_t)i->disp : (int16_t)i->disp;
		print_displacement(t, disp);
	}
	text_append(t, "]");
}

/* The ModRM r/m operand: a register (mod == 3) or memory. */
static void print_rm(struct disasm *d, struct text *t, unsigned size)
{
	if (d->insn->mod == 3)
		text_append(t, reg_name(d->insn->rm, size));
	else
		print_memory(d, t, size);
}

/* A string operand, DS:[(E)SI] (overridable) or ES:[(E)DI]. */
static void print_string_operand(struct disasm *d, struct text *t, unsigned size, bool source)
{
	d->use.addrsize = true;
	text_append(t, ptr_name(size));
	if (source) {
		/* Written out even when not overridden: this form is only
		 * printed when something is unusual. */
		text_append(t, sreg_names[(d->insn->flags & I_SEGOVR) ? d->insn->seg & 7 : S_DS]);
		if (d->insn->flags & I_SEGOVR)
			d->use.segment = true;
		text_append(t, ":[");
		text_append(t, d->as32 ? "esi" : "si");
	} else {
		text_append(t, "es:[");
		text_append(t, d->as32 ? "edi" : "di");
	}
	text_append(t, "]");
}

static void print_moffs(struct disasm *d, struct text *t, unsigned size)
{
	d->use.addrsize = true;
	text_append(t, ptr_name(size));
	print_segment_override(d, t);
	text_printf(t, "[0x%x]", (unsigned)(d->insn->disp & d->insn->ea_mask));
}

static uint32_t size_mask_of(unsigned size)
{
	return size == 4 ? 0xFFFFFFFFu : (1u << (size * 8)) - 1;
}

static void print_operand(struct disasm *d, struct text *t, uint8_t kind)
{
	const struct insn *i = d->insn;
	unsigned osize = operand_size(d);
	switch ((enum operand_kind)kind) {
	case OPK___:
	case OPK_COUNT:
		break;
	case OPK_Eb: print_rm(d, t, 1); break;
	case OPK_Ew: print_rm(d, t, 2); break;
	case OPK_Ed: print_rm(d, t, 4); break;
	case OPK_Ev: print_rm(d, t, osize); d->use.opsize = true; break;
	case OPK_Gb: text_append(t, reg_name(i->reg, 1)); break;
	case OPK_Gw: text_append(t, reg_name(i->reg, 2)); break;
	case OPK_Gv: text_append(t, reg_name(i->reg, osize)); d->use.opsize = true; break;
	case OPK_M: print_memory(d, t, 0); break;
	case OPK_Ms: print_memory(d, t, 0); break;
	case OPK_Mp:
		/* Offset and selector, 2+2 or 4+2 bytes.  "far" tells an
		 * indirect far branch from a near one through a dword. */
		if (d->def->attrs & A_FAR_MEM)
			text_append(t, "far ");
		print_memory(d, t, osize + 2);
		d->use.opsize = true;
		break;
	/* two bounds of the operand size */
	case OPK_Ma: print_memory(d, t, 2 * osize); d->use.opsize = true; break;
	case OPK_Rd: text_append(t, reg_name(i->rm, 4)); break;
	case OPK_Sw: text_append(t, sreg_names[i->reg & 7]); break;
	case OPK_Cd: text_printf(t, "cr%u", i->reg); break;
	case OPK_Dd: text_printf(t, "dr%u", i->reg); break;
	case OPK_Ib: text_printf(t, "0x%x", (unsigned)(take_imm(d) & 0xFF)); break;
	case OPK_Iw: text_printf(t, "0x%x", (unsigned)(take_imm(d) & 0xFFFF)); break;
	case OPK_Iv:
	case OPK_sIb:
		/* sIb is stored sign-extended; shown at the operand size. */
		text_printf(t, "0x%x", (unsigned)(take_imm(d) & size_mask_of(osize)));
		d->use.opsize = true;
		break;
	case OPK_Jb:
	case OPK_Jv: {
		uint32_t target = d->eip + i->len + take_imm(d);
		text_printf(t, "0x%x", (unsigned)(target & size_mask_of(osize)));
		if (kind == OPK_Jv)
			d->use.opsize = true;
		break;
	}
	case OPK_Ap:
		text_printf(t, "0x%x:0x%x", (unsigned)(i->imm2 & 0xFFFF), (unsigned)(i->imm & size_mask_of(osize)));
		d->next_imm = 2;
		d->use.opsize = true;
		break;
	case OPK_Ob: print_moffs(d, t, 1); break;
	case OPK_Ov: print_moffs(d, t, osize); d->use.opsize = true; break;
	case OPK_Zb: text_append(t, reg_name(i->opcode, 1)); break;
	case OPK_Zv: text_append(t, reg_name(i->opcode, osize)); d->use.opsize = true; break;
	case OPK_Xb: print_string_operand(d, t, 1, true); break;
	case OPK_Xv: print_string_operand(d, t, osize, true); d->use.opsize = true; break;
	case OPK_Yb: print_string_operand(d, t, 1, false); break;
	case OPK_Yv: print_string_operand(d, t, osize, false); d->use.opsize = true; break;
	case OPK_AL: text_append(t, "al"); break;
	case OPK_CL: text_append(t, "cl"); break;
	case OPK_DX: text_append(t, "dx"); break;
	case OPK_eAX: text_append(t, osize == 4 ? "eax" : "ax"); d->use.opsize = true; break;
	case OPK_1: text_append(t, "1"); break;
	case OPK_ES: text_append(t, "es"); break;
	case OPK_CS: text_append(t, "cs"); break;
	case OPK_SS: text_append(t, "ss"); break;
	case OPK_DS: text_append(t, "ds"); break;
	case OPK_FS: text_append(t, "fs"); break;
	case OPK_GS: text_append(t, "gs"); break;
	case OPK_ST: text_append(t, "st"); break;
	case OPK_STi: text_printf(t, "st(%u)", i->rm); break;
	case OPK_Mw: print_memory(d, t, 2); break;
	case OPK_Md: print_memory(d, t, 4); break;
	case OPK_Mq: print_memory(d, t, 8); break;
	case OPK_Mt: print_memory(d, t, 10); break;
	case OPK_AX: text_append(t, "ax"); break;
	case OPK_ESC:
		/* The 8086's ESC: a 6-bit coprocessor opcode from the escape
		 * byte and the reg field, and the r/m operand. */
		text_printf(t, "0x%02x, ", (unsigned)((i->opcode & 7) << 3 | i->reg));
		if (i->mod == 3)
			text_printf(t, "st(%u)", i->rm);
		else
			print_memory(d, t, 0);
		break;
	}
}

static bool is_string_operand(uint8_t kind)
{
	return kind == OPK_Xb || kind == OPK_Xv || kind == OPK_Yb || kind == OPK_Yv;
}

/* Copies the mnemonic for the operand or address size: "a|b" is a for
 * 16 bits and b for 32; drop_last removes the size letter of a string
 * mnemonic (movsb -> movs) when its operands are written out. */
static void append_mnemonic(struct text *t, const char *mnemonic, bool pick_second, bool drop_last)
{
	const char *bar = strchr(mnemonic, '|');
	const char *start = mnemonic;
	size_t n = bar ? (size_t)(bar - mnemonic) : strlen(mnemonic);
	if (bar && pick_second) {
		start = bar + 1;
		n = strlen(start);
	}
	if (drop_last && n > 1)
		n--;
	char tmp[32];
	if (n >= sizeof(tmp))
		n = sizeof(tmp) - 1;
	memcpy(tmp, start, n);
	tmp[n] = '\0';
	text_append(t, tmp);
}

int disasm_format(const struct insn *i, bool code32, uint32_t eip, char *out, size_t outlen)
{
	struct text line = {.buf = out, .cap = outlen};
	if (outlen)
		out[0] = '\0';
	if (i->def >= opdefs_count) {
		text_append(&line, "(bad)");
		return i->len;
	}

	struct disasm d = {
		.insn = i,
		.def = &opdefs[i->def],
		.os32 = (i->flags & I_OS32) != 0,
		.as32 = (i->flags & I_AS32) != 0,
		.eip = eip,
	};
	const struct opdef *def = d.def;

	/* String instructions are printed bare (rep movsb) unless a segment
	 * override or the address size makes their operands worth showing. */
	bool string_row = false;
	for (int k = 0; k < 3; k++)
		string_row |= is_string_operand(def->operand[k]);
	bool string_bare = string_row && !(i->flags & I_SEGOVR) && d.as32 == code32;

	char operands_buf[DISASM_TEXT_MAX];
	struct text operands = {.buf = operands_buf, .cap = sizeof(operands_buf)};
	operands_buf[0] = '\0';
	if (!string_bare) {
		for (int k = 0; k < 3 && def->operand[k] != OPK___; k++) {
			if (k)
				text_append(&operands, ", ");
			print_operand(&d, &operands, def->operand[k]);
		}
	} else {
		d.use.addrsize = true;
	}

	bool has_bar = strchr(def->mnemonic, '|') != NULL;
	bool by_asize = (def->attrs & A_MNEM_ASIZE) != 0;
	if (has_bar && !by_asize)
		d.use.opsize = true;
	if (by_asize)
		d.use.addrsize = true;
	if (string_row)
		d.use.opsize = true; /* the size letter or the ptr size shows it */

	if ((i->flags & I_SEGOVR) && !d.use.segment) {
		text_append(&line, sreg_names[i->seg & 7]);
		text_append(&line, " ");
	}
	if (d.os32 != code32 && !d.use.opsize)
		text_append(&line, d.os32 ? "data32 " : "data16 ");
	if (d.as32 != code32 && !d.use.addrsize)
		text_append(&line, d.as32 ? "addr32 " : "addr16 ");
	if (i->flags & I_LOCK)
		text_append(&line, "lock ");
	if (i->flags & I_REP)
		text_append(&line, (def->attrs & A_REPCC) ? "repe " : "rep ");
	if (i->flags & I_REPNE)
		text_append(&line, "repne ");

	append_mnemonic(&line, def->mnemonic, by_asize ? d.as32 : d.os32, string_row && !string_bare);
	if (operands.len) {
		text_append(&line, " ");
		text_append(&line, operands_buf);
	}
	return i->len;
}

/* The byte buffer disasm_insn() reads from. */
struct byte_source {
	const uint8_t *bytes;
	size_t avail;
};

static int fetch_from_buffer(void *opaque, uint32_t offset, uint8_t *out)
{
	const struct byte_source *src = opaque;
	if (offset >= src->avail)
		return EXC_GP; /* any fault: the instruction is truncated */
	*out = src->bytes[offset];
	return 0;
}

int disasm_insn(enum cpu_model model, bool code32, const uint8_t *bytes, size_t avail, uint32_t eip,
		char *out, size_t outlen)
{
	struct byte_source src = {.bytes = bytes, .avail = avail};
	struct insn insn;
	if (outlen)
		out[0] = '\0';
	if (avail == 0)
		return 0;
	enum decode_status status = decode_insn(model, code32, fetch_from_buffer, &src, &insn);
	if (status != DECODE_OK)
		insn.def = UINT16_MAX;
	disasm_format(&insn, code32, eip, out, outlen);
	return insn.len ? insn.len : 1;
}
