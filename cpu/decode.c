/* The decoder: instruction bytes -> struct insn, driven entirely by the
 * instruction table.  Lookup maps per CPU model are built once from
 * opdefs[]; the operand forms of the selected row decide whether a ModRM
 * byte follows and which immediates are read. */
#include "cpu/core.h"

#include <stdlib.h>

#define MAP_CODES 512

/* [model][code][0] = the row without a reg field; [1 + reg] = group rows. */
static const struct opdef *decode_map[CPU_MODEL_COUNT][MAP_CODES][9];
/* Whether a code has group rows: only then does a ModRM byte pick the row. */
static bool decode_is_group[CPU_MODEL_COUNT][MAP_CODES];
/* Codes with register forms keyed on the whole ModRM byte (A_MOD3 rows,
 * the x87 escapes): decode_mod3_slot[code] is 1 + their index in
 * decode_mod3, whose 64 entries are reg * 8 + rm for mod == 3. */
#define MOD3_CODES 16
static uint8_t decode_mod3_slot[MAP_CODES];
static const struct opdef *decode_mod3[CPU_MODEL_COUNT][MOD3_CODES][64];
static unsigned decode_mod3_count;
static bool decode_ready;

/* Files an A_MOD3 row under every ModRM byte it claims; pass 0 takes the
 * rows that fix rm (A_RM), pass 1 the rows for any rm, so that an exact
 * row wins whatever the order of the table. */
static void decode_add_mod3(const struct opdef *d, int m, int pass)
{
	if (pass != !(d->attrs & A_RMKEY))
		return;
	if (!decode_mod3_slot[d->code]) {
		if (decode_mod3_count == MOD3_CODES)
			abort(); /* the table outgrew MOD3_CODES */
		decode_mod3_slot[d->code] = (uint8_t)++decode_mod3_count;
	}
	const struct opdef **slots = decode_mod3[m][decode_mod3_slot[d->code] - 1];
	unsigned base = (unsigned)d->reg * 8;
	for (unsigned rm = 0; rm < 8; rm++) {
		if ((d->attrs & A_RMKEY) && rm != A_RM_OF(d->attrs))
			continue;
		if (!slots[base + rm])
			slots[base + rm] = d;
	}
}

void decode_init(void)
{
	if (decode_ready)
		return;
	for (unsigned n = 0; n < opdefs_count; n++) {
		const struct opdef *d = &opdefs[n];
		for (int m = 0; m < CPU_MODEL_COUNT; m++) {
			if (!(d->models & (1u << m)))
				continue;
			if (d->attrs & A_MOD3) {
				/* Register forms: a ModRM byte picks the row. */
				decode_is_group[m][d->code] = true;
				decode_add_mod3(d, m, 0);
				decode_add_mod3(d, m, 1);
				continue;
			}
			unsigned slot = d->reg == NOREG ? 0 : 1 + (unsigned)d->reg;
			if (d->reg != NOREG)
				decode_is_group[m][d->code] = true;
			/* First row wins; the table keeps model masks disjoint. */
			if (!decode_map[m][d->code][slot])
				decode_map[m][d->code][slot] = d;
		}
	}
	decode_ready = true;
}

const struct opdef *decode_lookup(enum cpu_model model, unsigned code, unsigned reg)
{
	const struct opdef *d = decode_map[model][code & (MAP_CODES - 1)][0];
	return d ? d : decode_map[model][code & (MAP_CODES - 1)][1 + (reg & 7)];
}

/* The row a ModRM byte selects among a code's keyed rows: for mod == 3
 * the A_MOD3 rows when the code has any, else the reg field's row; when
 * none claims it, the code's row without a reg field (the x87 escape's
 * fallback on the 386), or NULL. */
static const struct opdef *decode_keyed(enum cpu_model model, unsigned code, uint8_t modrm)
{
	const struct opdef *d;
	if ((modrm >> 6) == 3 && decode_mod3_slot[code])
		d = decode_mod3[model][decode_mod3_slot[code] - 1][modrm & 0x3F];
	else
		d = decode_map[model][code][1 + ((modrm >> 3) & 7)];
	return d ? d : decode_map[model][code][0];
}

static bool operand_has_modrm(uint8_t k)
{
	switch (k) {
	case OPK_Eb: case OPK_Ew: case OPK_Ed: case OPK_Ev: case OPK_Gb: case OPK_Gw: case OPK_Gv:
	case OPK_M: case OPK_Mp: case OPK_Ms: case OPK_Ma: case OPK_Rd: case OPK_Sw: case OPK_Cd:
	case OPK_Dd: case OPK_ESC: case OPK_STi: case OPK_Mw: case OPK_Md: case OPK_Mq: case OPK_Mt:
		return true;
	default:
		return false;
	}
}

static bool operand_is_memory_only(uint8_t k)
{
	return k == OPK_M || k == OPK_Mp || k == OPK_Ms || k == OPK_Ma || k == OPK_Mw || k == OPK_Md || k == OPK_Mq ||
	       k == OPK_Mt;
}

/* Bytes of an immediate operand, 0 if the form is not an immediate. */
static unsigned operand_imm_size(uint8_t k, bool os32, bool as32)
{
	switch (k) {
	case OPK_Ib: case OPK_sIb: case OPK_Jb:
		return 1;
	case OPK_Iw:
		return 2;
	case OPK_Iv: case OPK_Jv:
		return os32 ? 4 : 2;
	case OPK_Ap:
		return os32 ? 6 : 4;
	case OPK_Ob: case OPK_Ov:
		return as32 ? 4 : 2;
	default:
		return 0;
	}
}

struct decoder {
	fetch_byte_fn *fetch;
	void *opaque;
	unsigned pos;
	unsigned max_len;
	int fault;
};

/* Returns false when the fetch faulted or the instruction grew too long. */
static bool next_byte(struct decoder *d, uint8_t *out)
{
	if (d->pos >= d->max_len) {
		d->fault = -1;
		return false;
	}
	int v = d->fetch(d->opaque, d->pos, out);
	if (v) {
		d->fault = v;
		return false;
	}
	d->pos++;
	return true;
}

static bool next_bytes(struct decoder *d, unsigned n, uint32_t *out)
{
	uint32_t v = 0;
	for (unsigned k = 0; k < n; k++) {
		uint8_t b;
		if (!next_byte(d, &b))
			return false;
		v |= (uint32_t)b << (8 * k);
	}
	*out = v;
	return true;
}

/* 16-bit ModRM forms: base and index registers for rm = 0..7. */
static const uint8_t ea16_base[8] = {R_EBX, R_EBX, R_EBP, R_EBP, R_ZERO, R_ZERO, R_EBP, R_EBX};
static const uint8_t ea16_index[8] = {R_ESI, R_EDI, R_ESI, R_EDI, R_ESI, R_EDI, R_ZERO, R_ZERO};

static bool decode_modrm(struct decoder *d, struct insn *i, uint8_t modrm, bool as32, int *default_seg)
{
	i->mod = modrm >> 6;
	i->reg = (modrm >> 3) & 7;
	i->rm = modrm & 7;
	i->base = i->index = R_ZERO;
	i->scale = 0;
	i->disp = 0;
	*default_seg = S_DS;
	if (i->mod == 3)
		return true;
	uint32_t disp = 0;
	if (!as32) {
		if (i->mod == 0 && i->rm == 6) {
			if (!next_bytes(d, 2, &disp))
				return false;
			i->disp = disp;
			return true;
		}
		i->base = ea16_base[i->rm];
		i->index = ea16_index[i->rm];
		if (i->base == R_EBP)
			*default_seg = S_SS;
		if (i->mod == 1) {
			if (!next_bytes(d, 1, &disp))
				return false;
			i->disp = sext(disp, 1);
		} else if (i->mod == 2) {
			if (!next_bytes(d, 2, &disp))
				return false;
			i->disp = disp;
		}
		return true;
	}
	unsigned base = i->rm;
	if (i->rm == 4) {
		uint8_t sib;
		if (!next_byte(d, &sib))
			return false;
		base = sib & 7;
		unsigned index = (sib >> 3) & 7;
		i->index = index == 4 ? R_ZERO : (uint8_t)index;
		i->scale = sib >> 6;
	}
	if (base == 5 && i->mod == 0) {
		i->base = R_ZERO;
		if (!next_bytes(d, 4, &disp))
			return false;
		i->disp = disp;
		return true;
	}
	i->base = (uint8_t)base;
	if (base == R_ESP || base == R_EBP)
		*default_seg = S_SS;
	if (i->mod == 1) {
		if (!next_bytes(d, 1, &disp))
			return false;
		i->disp = sext(disp, 1);
	} else if (i->mod == 2) {
		if (!next_bytes(d, 4, &disp))
			return false;
		i->disp = disp;
	}
	return true;
}

/* The run loop calls i->fn; where a family has a handler for exactly this
 * form, that one replaces the table's. */
static void specialise(struct insn *i)
{
	insn_fn *fn = control_specialise(i);
	if (!fn)
		fn = alu_specialise(i);
	if (!fn)
		fn = shift_specialise(i);
	if (!fn)
		fn = datamove_specialise(i);
	if (fn)
		i->fn = fn;
}

enum decode_status decode_insn(enum cpu_model model, bool code32, fetch_byte_fn *fetch,
			       void *opaque, struct insn *i)
{
	struct decoder d = {.fetch = fetch, .opaque = opaque, .max_len = 15};
	bool os32 = code32, as32 = code32;
	int seg_override = -1;
	uint8_t flags = 0;
	unsigned code;
	const struct opdef *def;
	uint8_t b;

	memset(i, 0, sizeof(*i));
	decode_init();
	for (;;) {
		if (!next_byte(&d, &b))
			goto fetch_failed;
		code = b;
		if (code == 0x0F && model >= CPU_286) {
			if (!next_byte(&d, &b))
				goto fetch_failed;
			code = 0x100 | b;
		}
		def = decode_map[model][code][0];
		if (!def || !(def->attrs & A_PREFIX))
			break;
		switch (def->sub) {
		case PFX_OPSIZE: os32 = !code32; break;
		case PFX_ADDRSIZE: as32 = !code32; break;
		case PFX_LOCK: flags |= I_LOCK; break;
		case PFX_REPNE: flags = (uint8_t)((flags & ~I_REP) | I_REPNE); break;
		case PFX_REP: flags = (uint8_t)((flags & ~I_REPNE) | I_REP); break;
		default: seg_override = def->sub; flags |= I_SEGOVR; break;
		}
	}
	i->opcode = (uint8_t)code;

	uint8_t modrm = 0;
	bool have_modrm = false;
	/* A group: the ModRM byte picks the row (its reg field, or for A_MOD3
	 * rows the whole byte).  Elsewhere a row without a reg field takes
	 * precedence (the 8086's C0 is RET whatever follows); for codes with
	 * A_MOD3 rows it is the fallback. */
	if (decode_is_group[model][code] && (!def || decode_mod3_slot[code])) {
		if (!next_byte(&d, &modrm))
			goto fetch_failed;
		have_modrm = true;
		def = decode_keyed(model, code, modrm);
		if (!def)
			goto undefined;
	} else if (!def) {
		/* No row at all: #UD now, without fetching a ModRM byte that
		 * could fault instead (0F 04 at the end of a page). */
		goto undefined;
	}
	if (os32)
		flags |= I_OS32;
	if (as32)
		flags |= I_AS32;
	i->flags = flags;
	i->def = (uint16_t)(def - opdefs);
	i->sub = def->sub;
	i->ea_mask = as32 ? 0xFFFFFFFFu : 0xFFFFu;
	i->seg = (uint8_t)(seg_override >= 0 ? seg_override : S_DS);

	/* A ModRM byte that picked the row belongs to the instruction even
	 * when no operand shows it (FCHS is D9 E0). */
	bool needs_modrm = have_modrm, memory_only = false;
	for (int k = 0; k < 3; k++) {
		needs_modrm |= operand_has_modrm(def->operand[k]);
		memory_only |= operand_is_memory_only(def->operand[k]);
	}
	if (needs_modrm) {
		int default_seg;
		if (!have_modrm && !next_byte(&d, &modrm))
			goto fetch_failed;
		/* MOV to and from control and debug registers ignores mod: the
		 * operand is a register, and no SIB or displacement follows. */
		if (def->operand[0] == OPK_Rd || def->operand[1] == OPK_Rd)
			modrm |= 0xC0;
		if (!decode_modrm(&d, i, modrm, as32, &default_seg))
			goto fetch_failed;
		if (seg_override < 0)
			i->seg = (uint8_t)default_seg;
		if (memory_only && i->mod == 3 && model >= CPU_186)
			goto undefined;
	}

	unsigned nimm = 0;
	for (int k = 0; k < 3; k++) {
		uint8_t kind = def->operand[k];
		unsigned size = operand_imm_size(kind, os32, as32);
		if (!size)
			continue;
		uint32_t v;
		if (kind == OPK_Ap) {
			unsigned offsize = os32 ? 4 : 2;
			uint32_t sel;
			if (!next_bytes(&d, offsize, &v) || !next_bytes(&d, 2, &sel))
				goto fetch_failed;
			i->imm = v;
			i->imm2 = sel;
			nimm = 2;
			continue;
		}
		if (!next_bytes(&d, size, &v))
			goto fetch_failed;
		if (kind == OPK_Ob || kind == OPK_Ov) {
			i->disp = v;
			continue;
		}
		if (kind == OPK_sIb || kind == OPK_Jb)
			v = sext(v, 1);
		else if (kind == OPK_Jv && !os32)
			v = sext(v, 2);
		if (nimm++ == 0)
			i->imm = v;
		else
			i->imm2 = v;
	}

	/* LOCK is only for read-modify-write instructions with a memory
	 * destination; the 386 and later raise #UD otherwise. */
	if ((flags & I_LOCK) && model >= CPU_386 && (!(def->attrs & A_LOCK) || i->mod == 3 || !needs_modrm))
		goto undefined;

	i->len = (uint8_t)d.pos;
	i->fn = os32 ? def->h32 : def->h16;
	specialise(i);
	return DECODE_OK;

undefined:
	/* #UD is a fault: the length only matters to the disassembler. */
	i->len = (uint8_t)d.pos;
	i->flags = flags;
	i->opcode = (uint8_t)code;
	i->def = UINT16_MAX;
	i->fn = op_ud;
	return DECODE_UD;

fetch_failed:
	i->len = (uint8_t)d.pos;
	i->def = UINT16_MAX;
	i->fn = op_ud;
	return d.fault < 0 ? DECODE_TOO_LONG : DECODE_FETCH_FAULT;
}
