/* CPU internals shared by the decoder, the run loop and the instruction
 * handlers: the decoded-instruction record, register and memory access,
 * the stack, exceptions. */
#ifndef GLASSPC_CPU_CORE_H
#define GLASSPC_CPU_CORE_H

#include <stdint.h>
#include <string.h>

#include "cpu/cpu.h"
#include "cpu/flags.h"
#include "cpu/operand.h"

#if defined(__GNUC__)
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define ALWAYS_INLINE inline __attribute__((always_inline))
#define NOINLINE __attribute__((noinline))
#else
#define likely(x) (x)
#define unlikely(x) (x)
#define ALWAYS_INLINE inline
#define NOINLINE
#endif

struct insn;
typedef void insn_fn(struct cpu *cpu, const struct insn *i);

/* insn->flags */
#define I_OS32 0x01u   /* 32-bit operand size */
#define I_AS32 0x02u   /* 32-bit address size */
#define I_REP 0x04u    /* F3 */
#define I_REPNE 0x08u  /* F2 */
#define I_LOCK 0x10u
#define I_SEGOVR 0x20u /* a segment override prefix was present */

/* A decoded instruction.  Everything the handler needs that is fixed by
 * the instruction bytes and the mode it was decoded in. */
struct insn {
	insn_fn *fn;
	uint32_t disp;    /* ModRM displacement, or moffs; sign-extended */
	uint32_t imm;     /* first immediate, extended as its form says */
	uint32_t imm2;    /* second immediate: far selector, ENTER level */
	uint32_t ea_mask; /* 0xFFFF or 0xFFFFFFFF by address size */
	uint16_t def;     /* row of the instruction table */
	uint8_t len;
	uint8_t sub;      /* the row's sub-operation */
	uint8_t mod, reg, rm; /* ModRM fields (rm is a register number when mod == 3) */
	uint8_t base, index, scale; /* effective address: r[base] + (r[index] << scale) + disp */
	uint8_t seg;      /* segment of the memory operand, override applied */
	uint8_t flags;    /* I_* */
	uint8_t opcode;   /* last opcode byte */
};

/* One row of the instruction table, as data. */
struct opdef {
	uint16_t code;
	int8_t reg;
	uint8_t models;
	const char *mnemonic;
	uint8_t operand[3];
	insn_fn *h16, *h32;
	uint8_t sub;
	uint16_t attrs;
	uint32_t flags_read, flags_written, flags_undefined;
};

extern const struct opdef opdefs[];
extern const unsigned opdefs_count;

/* Every handler named in the table. */
#define X(code, reg, models, mnem, o1, o2, o3, h16, h32, sub, attrs, fr, fw, fu) \
	insn_fn op_##h16, op_##h32;
#include "cpu/opcodes.def"
#undef X

/* ---- decoder (cpu/decode.c) ---- */

/* Reads instruction bytes; returns 0 or the exception vector that the
 * fetch raised. */
typedef int fetch_byte_fn(void *opaque, uint32_t offset, uint8_t *out);

enum decode_status { DECODE_OK = 0, DECODE_UD, DECODE_TOO_LONG, DECODE_FETCH_FAULT };

/* Decodes one instruction for the given model and default sizes. */
enum decode_status decode_insn(enum cpu_model model, bool code32, fetch_byte_fn *fetch,
			       void *opaque, struct insn *out);
/* The table row for an opcode byte (0x100 + b for 0F b) and reg field. */
const struct opdef *decode_lookup(enum cpu_model model, unsigned code, unsigned reg);
void decode_init(void);
/* Handlers specialised for one decoded form (register or memory operand,
 * one operation, one condition): each family returns its replacement for
 * i->fn, or NULL when it has none.  decode_insn applies them. */
insn_fn *control_specialise(const struct insn *i);
insn_fn *alu_specialise(const struct insn *i);
insn_fn *shift_specialise(const struct insn *i);
insn_fn *datamove_specialise(const struct insn *i);

/* ---- exceptions (cpu/interrupt.c) ---- */

/* Raises an exception from inside a handler: restores EIP to the start of
 * the instruction for faults and unwinds to the run loop, which delivers
 * it.  error_code < 0 means none. */
_Noreturn void cpu_exception(struct cpu *cpu, int vector, int error_code);
/* Delivers an interrupt or exception through the IVT (real mode). */
void cpu_deliver_interrupt(struct cpu *cpu, int vector, uint32_t return_eip, int error_code);
/* INT n, INT3, INTO: software interrupts, return address = next insn. */
void cpu_software_interrupt(struct cpu *cpu, int vector);

/* ---- registers ---- */

static inline uint8_t reg8_get(const struct cpu *cpu, unsigned n)
{
	return (uint8_t)(n < 4 ? cpu->r[n] : cpu->r[n - 4] >> 8);
}

static inline void reg8_set(struct cpu *cpu, unsigned n, uint8_t v)
{
	if (n < 4)
		cpu->r[n] = (cpu->r[n] & ~0xFFu) | v;
	else
		cpu->r[n - 4] = (cpu->r[n - 4] & ~0xFF00u) | (uint32_t)v << 8;
}

static inline uint16_t reg16_get(const struct cpu *cpu, unsigned n)
{
	return (uint16_t)cpu->r[n];
}

static inline void reg16_set(struct cpu *cpu, unsigned n, uint16_t v)
{
	cpu->r[n] = (cpu->r[n] & 0xFFFF0000u) | v;
}

/* ---- memory ---- */

static inline uint16_t load_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t load_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline void store_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void store_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* Kinds of memory access, for the paging checks. */
#define ACC_WRITE 1u
#define ACC_USER 2u

/* Slow paths (cpu/access.c): segment-limit faults and the 8086's wrap
 * inside a segment, page crossings, TLB misses, MMIO. */
uint32_t cpu_read_slow(struct cpu *cpu, int seg, uint32_t off, unsigned size);
void cpu_write_slow(struct cpu *cpu, int seg, uint32_t off, uint32_t v, unsigned size);
/* Linear-address accesses (no segmentation) with supervisor rights, as
 * the CPU makes them itself: descriptor tables, the IDT/IVT, the TSS. */
uint32_t cpu_read_linear(struct cpu *cpu, uint32_t lin, unsigned size);
void cpu_write_linear(struct cpu *cpu, uint32_t lin, uint32_t v, unsigned size);
/* The same with the rights of a given privilege (user = CPL 3), for
 * stacks written while the privilege changes. */
void cpu_write_linear_checked(struct cpu *cpu, uint32_t lin, uint32_t v, unsigned size, bool user);
/* Host pointer for a linear address's page, filling the TLB; NULL for
 * MMIO and (writes) ROM or code pages.  Raises #PF when paging says so. */
uint8_t *cpu_tlb_fill(struct cpu *cpu, uint32_t lin, bool write);
void cpu_tlb_flush(struct cpu *cpu);

/* An access of size bytes at seg:off is on the fast path when it lies
 * inside the segment limit and its page has a host pointer in the TLB. */
static inline uint8_t *cpu_fast_ptr(struct cpu *cpu, int seg, uint32_t off, unsigned size, bool write)
{
	const struct segment *s = &cpu->seg[seg];
	if (unlikely((uint64_t)off + size > (write ? s->write_end : s->read_end)))
		return NULL;
	uint32_t lin = s->base + off;
	const struct tlb_entry *e = &cpu->tlb[((lin + size - 1) >> MEM_PAGE_SHIFT) & (TLB_SIZE - 1)];
	uint32_t tag = write ? e->tag_write : e->tag_read;
	if (likely(tag == (lin & ~(MEM_PAGE_SIZE - 1))))
		return (uint8_t *)(uintptr_t)(lin + e->addend);
	return NULL;
}

/* The fast path as one test that leads straight to the access or to the
 * slow path (a pointer that may be NULL would cost a second test). */
static ALWAYS_INLINE bool cpu_fast_lookup(struct cpu *cpu, int seg, uint32_t off, unsigned size, bool write,
					   uint8_t **host)
{
	const struct segment *s = &cpu->seg[seg];
	if (unlikely((uint64_t)off + size > (write ? s->write_end : s->read_end)))
		return false;
	uint32_t lin = s->base + off;
	const struct tlb_entry *e = &cpu->tlb[((lin + size - 1) >> MEM_PAGE_SHIFT) & (TLB_SIZE - 1)];
	uint32_t tag = write ? e->tag_write : e->tag_read;
	*host = (uint8_t *)(uintptr_t)(lin + e->addend);
	return likely(tag == (lin & ~(MEM_PAGE_SIZE - 1)));
}

static inline uint8_t cpu_read8(struct cpu *cpu, int seg, uint32_t off)
{
	uint8_t *p;
	return cpu_fast_lookup(cpu, seg, off, 1, false, &p) ? *p : (uint8_t)cpu_read_slow(cpu, seg, off, 1);
}

static inline uint16_t cpu_read16(struct cpu *cpu, int seg, uint32_t off)
{
	uint8_t *p;
	return cpu_fast_lookup(cpu, seg, off, 2, false, &p) ? load_le16(p) : (uint16_t)cpu_read_slow(cpu, seg, off, 2);
}

static inline uint32_t cpu_read32(struct cpu *cpu, int seg, uint32_t off)
{
	uint8_t *p;
	return cpu_fast_lookup(cpu, seg, off, 4, false, &p) ? load_le32(p) : cpu_read_slow(cpu, seg, off, 4);
}

static inline void cpu_write8(struct cpu *cpu, int seg, uint32_t off, uint8_t v)
{
	uint8_t *p;
	if (cpu_fast_lookup(cpu, seg, off, 1, true, &p))
		*p = v;
	else
		cpu_write_slow(cpu, seg, off, v, 1);
}

static inline void cpu_write16(struct cpu *cpu, int seg, uint32_t off, uint16_t v)
{
	uint8_t *p;
	if (cpu_fast_lookup(cpu, seg, off, 2, true, &p))
		store_le16(p, v);
	else
		cpu_write_slow(cpu, seg, off, v, 2);
}

static inline void cpu_write32(struct cpu *cpu, int seg, uint32_t off, uint32_t v)
{
	uint8_t *p;
	if (cpu_fast_lookup(cpu, seg, off, 4, true, &p))
		store_le32(p, v);
	else
		cpu_write_slow(cpu, seg, off, v, 4);
}

/* A byte of code at CS:off: the CS limit, then the TLB (code segments
 * may be execute-only, so this is not a data read). */
uint8_t cpu_fetch_code_byte(struct cpu *cpu, uint32_t off);

/* Checks that a write of size bytes at seg:off would not fault, without
 * writing; read-modify-write handlers call it before changing state. */
void cpu_check_write(struct cpu *cpu, int seg, uint32_t off, unsigned size);

/* ---- operands ---- */

static inline uint32_t insn_ea(const struct cpu *cpu, const struct insn *i)
{
	return (cpu->r[i->base] + (cpu->r[i->index] << i->scale) + i->disp) & i->ea_mask;
}

static inline uint8_t rm8_read(struct cpu *cpu, const struct insn *i)
{
	return i->mod == 3 ? reg8_get(cpu, i->rm) : cpu_read8(cpu, i->seg, insn_ea(cpu, i));
}

static inline uint16_t rm16_read(struct cpu *cpu, const struct insn *i)
{
	return i->mod == 3 ? reg16_get(cpu, i->rm) : cpu_read16(cpu, i->seg, insn_ea(cpu, i));
}

static inline uint32_t rm32_read(struct cpu *cpu, const struct insn *i)
{
	return i->mod == 3 ? cpu->r[i->rm] : cpu_read32(cpu, i->seg, insn_ea(cpu, i));
}

static inline void rm8_write(struct cpu *cpu, const struct insn *i, uint8_t v)
{
	if (i->mod == 3)
		reg8_set(cpu, i->rm, v);
	else
		cpu_write8(cpu, i->seg, insn_ea(cpu, i), v);
}

static inline void rm16_write(struct cpu *cpu, const struct insn *i, uint16_t v)
{
	if (i->mod == 3)
		reg16_set(cpu, i->rm, v);
	else
		cpu_write16(cpu, i->seg, insn_ea(cpu, i), v);
}

static inline void rm32_write(struct cpu *cpu, const struct insn *i, uint32_t v)
{
	if (i->mod == 3)
		cpu->r[i->rm] = v;
	else
		cpu_write32(cpu, i->seg, insn_ea(cpu, i), v);
}

/* Sized access by operand size in bytes (1, 2, 4), for handlers written
 * once for all sizes. */
static inline uint32_t rm_read(struct cpu *cpu, const struct insn *i, unsigned size)
{
	return size == 1 ? rm8_read(cpu, i) : size == 2 ? rm16_read(cpu, i) : rm32_read(cpu, i);
}

static inline void rm_write(struct cpu *cpu, const struct insn *i, unsigned size, uint32_t v)
{
	if (size == 1)
		rm8_write(cpu, i, (uint8_t)v);
	else if (size == 2)
		rm16_write(cpu, i, (uint16_t)v);
	else
		rm32_write(cpu, i, v);
}

/* The r/m operand when the decoder already knows whether it is memory
 * (specialised handlers: one for mod == 3, one for the rest). */
static ALWAYS_INLINE uint32_t rmk_read(struct cpu *cpu, const struct insn *i, unsigned size, bool mem);
static ALWAYS_INLINE void rmk_write(struct cpu *cpu, const struct insn *i, unsigned size, bool mem, uint32_t v);

static inline uint32_t reg_read(const struct cpu *cpu, unsigned n, unsigned size)
{
	return size == 1 ? reg8_get(cpu, n) : size == 2 ? reg16_get(cpu, n) : cpu->r[n];
}

static inline void reg_write(struct cpu *cpu, unsigned n, unsigned size, uint32_t v)
{
	if (size == 1)
		reg8_set(cpu, n, (uint8_t)v);
	else if (size == 2)
		reg16_set(cpu, n, (uint16_t)v);
	else
		cpu->r[n] = v;
}

static inline uint32_t mem_read_sized(struct cpu *cpu, int seg, uint32_t off, unsigned size)
{
	return size == 1 ? cpu_read8(cpu, seg, off) : size == 2 ? cpu_read16(cpu, seg, off) : cpu_read32(cpu, seg, off);
}

static inline void mem_write_sized(struct cpu *cpu, int seg, uint32_t off, unsigned size, uint32_t v)
{
	if (size == 1)
		cpu_write8(cpu, seg, off, (uint8_t)v);
	else if (size == 2)
		cpu_write16(cpu, seg, off, (uint16_t)v);
	else
		cpu_write32(cpu, seg, off, v);
}

static ALWAYS_INLINE uint32_t rmk_read(struct cpu *cpu, const struct insn *i, unsigned size, bool mem)
{
	return mem ? mem_read_sized(cpu, i->seg, insn_ea(cpu, i), size) : reg_read(cpu, i->rm, size);
}

static ALWAYS_INLINE void rmk_write(struct cpu *cpu, const struct insn *i, unsigned size, bool mem, uint32_t v)
{
	if (mem)
		mem_write_sized(cpu, i->seg, insn_ea(cpu, i), size, v);
	else
		reg_write(cpu, i->rm, size, v);
}

/* ---- stack (cpu/stack.c for the rest) ---- */

static inline uint32_t stack_sp(const struct cpu *cpu)
{
	return cpu->stack32 ? cpu->r[R_ESP] : (cpu->r[R_ESP] & 0xFFFF);
}

static inline void stack_set_sp(struct cpu *cpu, uint32_t sp)
{
	if (cpu->stack32)
		cpu->r[R_ESP] = sp;
	else
		reg16_set(cpu, R_ESP, (uint16_t)sp);
}

static inline void push16(struct cpu *cpu, uint16_t v)
{
	uint32_t sp = stack_sp(cpu) - 2;
	if (!cpu->stack32)
		sp &= 0xFFFF;
	cpu_write16(cpu, S_SS, sp, v);
	stack_set_sp(cpu, sp);
}

static inline void push32(struct cpu *cpu, uint32_t v)
{
	uint32_t sp = stack_sp(cpu) - 4;
	if (!cpu->stack32)
		sp &= 0xFFFF;
	cpu_write32(cpu, S_SS, sp, v);
	stack_set_sp(cpu, sp);
}

static inline uint16_t pop16(struct cpu *cpu)
{
	uint32_t sp = stack_sp(cpu);
	uint16_t v = cpu_read16(cpu, S_SS, sp);
	stack_set_sp(cpu, cpu->stack32 ? sp + 2 : (sp + 2) & 0xFFFF);
	return v;
}

static inline uint32_t pop32(struct cpu *cpu)
{
	uint32_t sp = stack_sp(cpu);
	uint32_t v = cpu_read32(cpu, S_SS, sp);
	stack_set_sp(cpu, cpu->stack32 ? sp + 4 : (sp + 4) & 0xFFFF);
	return v;
}

/* ---- control ---- */

/* Sets EIP for a branch inside the current code segment, with the
 * limit check (#GP(0) when the target is past CS's limit). */
static inline void branch_near(struct cpu *cpu, uint32_t target, bool os32)
{
	if (!os32)
		target &= 0xFFFF;
	if (unlikely(target > cpu->seg[S_CS].limit) && cpu->model >= CPU_286)
		cpu_exception(cpu, EXC_GP, 0);
	cpu->eip = target;
}

/* Loads a segment register (real mode: base = sel << 4).  Handles the
 * side effects: SS load inhibits interrupts for one instruction, CS
 * load refreshes the fetch state. */
void cpu_load_seg(struct cpu *cpu, int seg, uint16_t sel);
/* Recomputes the fetch state (code size, safe EIP range) from CS. */
void cpu_refresh_code_state(struct cpu *cpu);
/* Virtual-8086 style load (IRET to V86, task switches into V86). */
void cpu_load_seg_v86(struct cpu *cpu, int seg, uint16_t sel);

/* Far control transfers in every mode (cpu/farcall.c): JMP and CALL to
 * sel:off, RETF releasing `release` bytes of parameters, IRET. */
void cpu_far_jump(struct cpu *cpu, uint16_t sel, uint32_t off, bool os32);
void cpu_far_call(struct cpu *cpu, uint16_t sel, uint32_t off, bool os32);
void cpu_far_return(struct cpu *cpu, bool os32, uint16_t release);
void cpu_iret(struct cpu *cpu, bool os32);

static inline bool cpu_protected(const struct cpu *cpu) { return cpu->cr0 & CR0_PE; }
static inline bool cpu_v86(const struct cpu *cpu) { return cpu->eflags & F_VM; }
/* Protected mode proper: PE set and not virtual-8086. */
static inline bool cpu_pm(const struct cpu *cpu) { return (cpu->cr0 & CR0_PE) && !(cpu->eflags & F_VM); }

/* Evaluates a condition code (CC_*) from the lazy flags. */
static inline bool cond_eval(const struct cpu *cpu, unsigned cc)
{
	bool r;
	switch (cc >> 1) {
	case 0: r = flag_of(cpu); break;
	case 1: r = flag_cf(cpu); break;
	case 2: r = flag_zf(cpu); break;
	case 3: r = flag_cf(cpu) || flag_zf(cpu); break;
	case 4: r = flag_sf(cpu); break;
	case 5: r = flag_pf(cpu); break;
	case 6: r = flag_sf(cpu) != flag_of(cpu); break;
	default: r = flag_zf(cpu) || (flag_sf(cpu) != flag_of(cpu)); break;
	}
	return r != (cc & 1);
}

/* Debug registers and alignment checking (cpu/debugreg.c). */
void cpu_debug_registers_changed(struct cpu *cpu);
bool cpu_instruction_breakpoint(struct cpu *cpu);
void cpu_data_breakpoint_check(struct cpu *cpu, uint32_t lin, unsigned size, bool write);
void cpu_single_step_status(struct cpu *cpu);
void cpu_general_detect(struct cpu *cpu);
_Noreturn void cpu_alignment_fault(struct cpu *cpu);

/* SDM 6.15 (#AC): alignment is checked for CPL 3 data accesses when
 * CR0.AM and EFLAGS.AC are both set (the 486 and later). */
static inline bool cpu_alignment_checking(const struct cpu *cpu)
{
	return (cpu->cr0 & CR0_AM) && (cpu->eflags & F_AC) && cpu->cpl == 3 && cpu->model >= CPU_486;
}

/* Virtual-8086 mode extensions and virtual interrupts (cpu/vme.c). */
bool vme_active(const struct cpu *cpu);
bool vme_cli_sti(struct cpu *cpu, bool set);
uint16_t vme_flags_image(const struct cpu *cpu);
void vme_load_flags16(struct cpu *cpu, uint16_t v);
bool vme_redirect_int(struct cpu *cpu, uint8_t vector);
/* A linear read with the rights of CPL 3 (a V86 program's own IVT). */
uint32_t cpu_read_linear_user(struct cpu *cpu, uint32_t lin, unsigned size);

/* #GP(0) unless at CPL 0 (always allowed in real mode). */
void cpu_require_cpl0(struct cpu *cpu);

/* Port access with the I/O permission checks protected mode will add;
 * refreshes cached memory mappings a device may have changed. */
uint32_t cpu_port_in(struct cpu *cpu, uint16_t port, unsigned size);
void cpu_port_out(struct cpu *cpu, uint16_t port, uint32_t v, unsigned size);

/* FLAGS bits that read as fixed values on each model, applied by POPF,
 * IRET and cpu_set_flags. */
uint32_t cpu_flags_fixup(const struct cpu *cpu, uint32_t flags);
/* EFLAGS bits POPF and IRET may change at the current privilege. */
uint32_t cpu_flags_writable(const struct cpu *cpu);
/* Sets EFLAGS including VM and RF (interrupt delivery, IRET to V86,
 * task switches), with the model's fixed bits. */
void cpu_set_flags_raw(struct cpu *cpu, uint32_t flags);

/* 0 in a build configured with --disable-debugger-checks, which exists
 * only to measure what the checks below cost (docs/performance.md). */
#ifdef GLASSPC_NO_DEBUGGER_CHECKS
#define CPU_DEBUGGER_CHECKS 0
#else
#define CPU_DEBUGGER_CHECKS 1
#endif

/* Whether any code page is marked for breakpoint checks. */
static inline bool cpu_debug_code_marks(const struct cpu *cpu)
{
	return CPU_DEBUGGER_CHECKS && (cpu->debug.code_pages || cpu->debug.all_code);
}

static inline bool cpu_debug_code_page_marked(const struct cpu *cpu, uint32_t lin)
{
	uint32_t page = lin >> MEM_PAGE_SHIFT;
	return cpu->debug.all_code || (cpu->debug.code_pages && (cpu->debug.code_pages[page >> 3] >> (page & 7)) & 1);
}

static inline bool cpu_debug_data_page_marked(const struct cpu *cpu, uint32_t lin)
{
	uint32_t page = lin >> MEM_PAGE_SHIFT;
	return cpu->debug.all_data || (cpu->debug.data_pages && (cpu->debug.data_pages[page >> 3] >> (page & 7)) & 1);
}

/* Whether any data access may have to be reported to the debugger. */
static inline bool cpu_debug_watching(const struct cpu *cpu)
{
	return CPU_DEBUGGER_CHECKS && (cpu->debug.data_pages || cpu->debug.all_data);
}

/* Makes the run loop look at interrupts, stops and the trap flag before
 * the next instruction. */
static inline void cpu_signal_event(struct cpu *cpu)
{
	cpu->events = 1;
	cpu->stop_icount = 0;
}

/* Refreshes the CPU's view after the memory map or A20 changed. */
static inline void cpu_sync_mem(struct cpu *cpu)
{
	if (unlikely(cpu->mem_generation != cpu->mem->generation))
		cpu_tlb_flush(cpu);
}

#endif
