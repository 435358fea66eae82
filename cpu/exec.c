/* The run loop: fetch a decoded instruction, execute it, count it.
 *
 * The fast loop does only that, plus one compare of the count with
 * cpu->stop_icount, which is the instruction limit, or 0 while
 * cpu->events says something needs attention (and the
 * instruction limit).  Everything rare goes through step_careful():
 * interrupts, NMI, HLT, stop requests, the trap flag.  Exceptions raised
 * by handlers unwind here by longjmp (cpu_exception) and are delivered
 * before the loop resumes. */
#include "cpu/core.h"
#include "cpu/icache.h"

struct code_fetch {
	struct cpu *cpu;
	uint32_t eip;
};

static int fetch_code_byte(void *opaque, uint32_t offset, uint8_t *out)
{
	struct code_fetch *f = opaque;
	*out = cpu_fetch_code_byte(f->cpu, (f->eip + offset) & f->cpu->code_mask);
	return 0;
}

static void decode_at_eip(struct cpu *cpu, struct insn *out)
{
	struct code_fetch f = {cpu, cpu->eip};
	enum decode_status st = decode_insn(cpu->model, cpu->code32, fetch_code_byte, &f, out);
	/* SDM: an instruction longer than 15 bytes raises #GP(0) (the 286
	 * limits at 10, which glasspc does not distinguish). */
	if (st == DECODE_TOO_LONG && cpu->model >= CPU_286) {
		cpu->insn_eip = cpu->eip;
		cpu_exception(cpu, EXC_GP, 0);
	}
}

/* The icache key of the instruction at eip inside the fetch window. */
static ALWAYS_INLINE uint64_t window_key(const struct cpu *cpu, uint32_t eip)
{
#if UINTPTR_MAX == UINT64_MAX
	return (uint64_t)(eip + cpu->fetch_key_delta);
#else
	return icache_key(cpu->icache, eip + cpu->fetch_host_delta) | (cpu->fetch_checked ? ICACHE_CHECKED : 0);
#endif
}

/* Stands in for an instruction a breakpoint stops before: it undoes the
 * step so that EIP and the count stay at the instruction. */
static void op_breakpoint_stop(struct cpu *cpu, const struct insn *i)
{
	(void)i;
	cpu->eip = cpu->insn_eip;
	cpu->icount--; /* the run loop counts it; nothing was executed */
	cpu_request_stop(cpu);
}

/* The handler of an instruction decoded on a page marked for
 * breakpoints: asks the debugger first (with EIP at the instruction, as
 * the careful fetch does), then runs the instruction's own handler. */
static void op_breakpoint_check(struct cpu *cpu, const struct insn *i)
{
	/* i is the entry's first member (cpu/icache.h). */
	const struct icache_entry *e = (const struct icache_entry *)(const void *)i;
	uint32_t lin = cpu->seg[S_CS].base + cpu->insn_eip;
	if (cpu->debug.resume_skip && cpu->debug.resume_lin == lin) {
		cpu->debug.resume_skip = false;
	} else if (cpu->debug.break_at && cpu_debug_code_page_marked(cpu, lin)) {
		uint32_t next = cpu->eip;
		cpu->eip = cpu->insn_eip;
		if (cpu->debug.break_at(cpu->debug.opaque, cpu, lin)) {
			op_breakpoint_stop(cpu, i);
			return;
		}
		cpu->eip = next;
	}
	e->checked_fn(cpu, i);
}

static NOINLINE const struct insn *decode_and_cache(struct cpu *cpu, uintptr_t host, struct icache_entry *e)
{
	uint32_t page_off = (cpu->seg[S_CS].base + cpu->eip) & (MEM_PAGE_SIZE - 1);
	e->tag = 0;
	decode_at_eip(cpu, &e->insn);
	bool cacheable = e->insn.fn != op_ud && page_off + e->insn.len <= MEM_PAGE_SIZE;
	if (cpu->fetch_checked &&
	    (!cpu->debug.may_break_at || cpu->debug.may_break_at(cpu->debug.opaque, cpu, page_off))) {
		e->checked_fn = e->insn.fn;
		e->insn.fn = op_breakpoint_check;
	}
	if (cacheable) {
		e->tag = icache_key(cpu->icache, host) | (cpu->fetch_checked ? ICACHE_CHECKED : 0);
		uint32_t gen = cpu->mem->generation;
		mem_mark_code(cpu->mem, cpu->fetch_phys_page);
		/* The page just became code: drop write pointers into it so
		 * that stores reach the code-write check. */
		if (gen != cpu->mem->generation)
			cpu_tlb_flush(cpu);
	}
	return &e->insn;
}

/* Opens the fetch window on the page EIP is in: afterwards, while EIP
 * stays inside [fetch_eip_base, fetch_eip_base + fetch_eip_len), the host
 * address of the next instruction is EIP + fetch_host_delta and a whole
 * instruction fits in the code segment.  Returns false when that is not
 * possible (near the CS limit, code in MMIO). */
static bool open_fetch_window(struct cpu *cpu)
{
	uint32_t eip = cpu->eip;
	if (eip > cpu->fetch_safe_limit || cpu->fetch_careful_always)
		return false;
	uint32_t lin = cpu->seg[S_CS].base + eip;
	/* A page marked for breakpoints gets a window too: its decodes are
	 * wrapped in the breakpoint check and keyed apart. */
	bool checked = unlikely(cpu_debug_code_marks(cpu)) && cpu_debug_code_page_marked(cpu, lin);
	const struct tlb_entry *t = &cpu->tlb[(lin >> MEM_PAGE_SHIFT) & (TLB_SIZE - 1)];
	uint8_t *host;
	if (t->tag_read == (lin & ~(MEM_PAGE_SIZE - 1)))
		host = (uint8_t *)(uintptr_t)(lin + t->addend);
	else if (!(host = cpu_tlb_fill(cpu, lin, false)))
		return false;
	uint32_t page_off = lin & (MEM_PAGE_SIZE - 1);
	uint32_t base = eip >= page_off ? eip - page_off : eip;
	uint32_t len = (eip - base) + (MEM_PAGE_SIZE - page_off);
	if (base + len - 1 > cpu->fetch_safe_limit)
		len = cpu->fetch_safe_limit - base + 1;
	cpu->fetch_eip_base = base;
	cpu->fetch_eip_len = len;
	cpu->fetch_host_delta = (uintptr_t)host - eip;
	cpu->fetch_key_delta = icache_key_delta(cpu->icache, cpu->fetch_host_delta, checked);
	cpu->fetch_checked = checked;
	cpu->fetch_phys_page = cpu->tlb[(lin >> MEM_PAGE_SHIFT) & (TLB_SIZE - 1)].phys;
	return true;
}

static const struct insn breakpoint_insn = {.fn = op_breakpoint_stop, .len = 0};

/* The slow half of fetching: the fetch window missed.  Reopens it and
 * looks the instruction up, or decodes it on the careful path (near the
 * CS limit, a 16-bit IP wrap, code in MMIO) into the scratch record. */
static NOINLINE const struct insn *fetch_slow(struct cpu *cpu)
{
	if (!open_fetch_window(cpu)) {
		if (CPU_DEBUGGER_CHECKS && unlikely(cpu->debug.break_at)) {
			uint32_t lin = cpu->seg[S_CS].base + cpu->eip;
			if (cpu->debug.resume_skip && cpu->debug.resume_lin == lin)
				cpu->debug.resume_skip = false;
			else if (cpu_debug_code_page_marked(cpu, lin) && cpu->debug.break_at(cpu->debug.opaque, cpu, lin))
				return &breakpoint_insn;
		}
		decode_at_eip(cpu, cpu->scratch);
		return cpu->scratch;
	}
	uintptr_t host = cpu->eip + cpu->fetch_host_delta;
	struct icache_entry *e = icache_slot(cpu->icache, host);
	if (e->tag == window_key(cpu, cpu->eip))
		return &e->insn;
	return decode_and_cache(cpu, host, e);
}

/* The decoded instruction at CS:EIP. */
static ALWAYS_INLINE const struct insn *fetch_insn(struct cpu *cpu)
{
	uint32_t eip = cpu->eip;
	if (unlikely(eip - cpu->fetch_eip_base >= cpu->fetch_eip_len))
		return fetch_slow(cpu);
	uintptr_t host = eip + cpu->fetch_host_delta;
	struct icache_entry *e = icache_slot(cpu->icache, host);
	if (likely(e->tag == window_key(cpu, eip)))
		return &e->insn;
	return decode_and_cache(cpu, host, e);
}

static ALWAYS_INLINE void execute(struct cpu *cpu)
{
	uint32_t eip = cpu->eip;
	/* Set before fetching: a fault while fetching or decoding reports
	 * this instruction. */
	cpu->insn_eip = eip;
	const struct insn *i = fetch_insn(cpu);
	cpu->eip = (eip + i->len) & cpu->code_mask;
	i->fn(cpu, i);
	cpu->icount++;
}

/* SDM Table 6-5: a second exception while delivering a first becomes a
 * double fault when both are contributory, or the first is a page fault
 * and the second contributory or a page fault; otherwise the second is
 * simply delivered. */
static bool is_contributory(int v)
{
	return v == EXC_DE || v == EXC_TS || v == EXC_NP || v == EXC_SS || v == EXC_GP;
}

static bool becomes_double_fault(int first, int second)
{
	if (is_contributory(first))
		return is_contributory(second);
	if (first == EXC_PF)
		return is_contributory(second) || second == EXC_PF;
	return false;
}

/* Delivers the exception a handler raised.  Returns false on a triple
 * fault (shutdown). */
static bool handle_fault(struct cpu *cpu)
{
	int vector = cpu->exc_vector;
	int error = cpu->exc_error;
	/* The 8086 pushes the address of the instruction after a DIV that
	 * overflowed; the 80186 and later push the DIV's own address, as
	 * for every fault. */
	uint32_t ret = (vector == EXC_DE && cpu->model == CPU_8086) ? cpu->eip : cpu->insn_eip;
	/* fault_chain keeps, for the shutdown report, the exception whose
	 * delivery led to the double fault, the double fault, and the
	 * exception that ended it. */
	if (cpu->delivering >= 0) {
		if (cpu->delivering == EXC_DF || cpu->model < CPU_286) {
			if (cpu->delivering != EXC_DF) {
				cpu->fault_chain[0] = cpu->delivering;
				cpu->fault_chain[1] = vector;
			}
			cpu->fault_chain[2] = vector;
			cpu->stop_reason = CPU_STOP_SHUTDOWN;
			cpu->delivering = -1;
			cpu->halted = true;
			cpu_signal_event(cpu);
			return false;
		}
		if (becomes_double_fault(cpu->delivering, vector)) {
			cpu->fault_chain[0] = cpu->delivering;
			cpu->fault_chain[1] = EXC_DF;
			vector = EXC_DF;
			error = 0;
		}
	}
	/* Real mode pushes no error codes. */
	if (!cpu_protected(cpu))
		error = -1;
	cpu->eip = cpu->insn_eip;
	cpu->delivering = vector;
	cpu->event_ext = 1;
	cpu_deliver_interrupt(cpu, vector, ret, error);
	cpu->delivering = -1;
	cpu->event_ext = 0;
	cpu->icount++;
	return true;
}

static void update_events(struct cpu *cpu)
{
	cpu->events = cpu->stop_requested || cpu->nmi_pending || cpu->halted ||
		      (cpu->intr_line && (cpu->eflags & F_IF)) || (cpu->eflags & (F_TF | F_RF)) ||
		      cpu->dr_code_active || cpu->dr_data_active;
	cpu->stop_icount = cpu->events ? 0 : cpu->insn_limit;
}

/* Delivers an event from outside the instruction stream (NMI, INTR, a
 * debug exception) at the current EIP. */
static void deliver_external(struct cpu *cpu, int vector)
{
	cpu->insn_eip = cpu->eip;
	cpu->event_ext = 1;
	cpu_deliver_interrupt(cpu, vector, cpu->eip, -1);
	cpu->event_ext = 0;
}

/* One careful step: pending stops, NMI and interrupts first, then one
 * instruction with the trap flag honoured. */
static enum cpu_stop step_careful(struct cpu *cpu, uint64_t limit)
{
	cpu_sync_mem(cpu);
	if (cpu->stop_requested) {
		cpu->stop_requested = false;
		update_events(cpu);
		return CPU_STOP_REQUEST;
	}
	if (cpu->stop_reason == CPU_STOP_SHUTDOWN)
		return CPU_STOP_SHUTDOWN;
	if (cpu->icount >= limit)
		return CPU_STOP_INSN_LIMIT;
	bool can_interrupt = cpu->icount != cpu->irq_inhibit_at;
	if (can_interrupt && cpu->nmi_pending) {
		cpu->nmi_pending = false;
		deliver_external(cpu, EXC_NMI);
		update_events(cpu);
		return CPU_STOP_NONE;
	}
	if (can_interrupt && cpu->intr_line && (cpu->eflags & F_IF) && cpu->intr.ack) {
		deliver_external(cpu, cpu->intr.ack(cpu->intr.opaque));
		update_events(cpu);
		return CPU_STOP_NONE;
	}
	if (cpu->halted) {
		update_events(cpu);
		return CPU_STOP_HALT;
	}
	/* An instruction breakpoint in DR0-DR3 is a fault before the
	 * instruction (unless RF says it was just taken). */
	if (unlikely(cpu->dr_code_active) && cpu_instruction_breakpoint(cpu)) {
		deliver_external(cpu, EXC_DB);
		update_events(cpu);
		return CPU_STOP_NONE;
	}
	bool trap = cpu->eflags & F_TF;
	bool resume_flag = cpu->eflags & F_RF;
	cpu->dr_data_hit = false;
	execute(cpu);
	/* SDM 17.3.1.1: RF is cleared once an instruction completes. */
	if (resume_flag)
		cpu->eflags &= ~F_RF;
	if (trap || cpu->dr_data_hit) {
		/* Single-step and data-breakpoint traps after the instruction
		 * (SDM 17.3.1.2, 17.3.1.4). */
		if (trap)
			cpu_single_step_status(cpu);
		cpu->dr_data_hit = false;
		deliver_external(cpu, EXC_DB);
	}
	update_events(cpu);
	return CPU_STOP_NONE;
}

/* The fast loop.  It is a function of its own so that the setjmp in
 * cpu_run does not keep cpu in memory.  Inside the fetch window an
 * instruction lies wholly inside the code segment (the window ends 15
 * bytes before the limit), so EIP needs no wrap at 64 KiB there. */
static NOINLINE void run_fast(struct cpu *cpu)
{
	struct icache_entry *entries = cpu->icache->e;
	while (likely(cpu->icount < cpu->stop_icount)) {
		uint32_t eip = cpu->eip;
		/* Set before fetching: a fault while fetching or decoding
		 * reports this instruction. */
		cpu->insn_eip = eip;
		const struct insn *i;
		if (likely(eip - cpu->fetch_eip_base < cpu->fetch_eip_len)) {
			uint64_t key = window_key(cpu, eip);
			struct icache_entry *e = &entries[key & (ICACHE_SIZE - 1)];
			i = &e->insn;
			if (unlikely(e->tag != key))
				i = decode_and_cache(cpu, eip + cpu->fetch_host_delta, e);
			cpu->eip = eip + i->len;
		} else {
			i = fetch_slow(cpu);
			cpu->eip = (eip + i->len) & cpu->code_mask;
		}
		i->fn(cpu, i);
		cpu->icount++;
	}
}

enum cpu_stop cpu_run(struct cpu *cpu, uint64_t limit)
{
	cpu->insn_limit = limit ? limit : UINT64_MAX;
	cpu->stop_icount = cpu->events ? 0 : cpu->insn_limit;
	if (setjmp(cpu->fault_jmp)) {
		if (!handle_fault(cpu))
			return CPU_STOP_SHUTDOWN;
		update_events(cpu);
	}
	for (;;) {
		run_fast(cpu);
		enum cpu_stop r = step_careful(cpu, cpu->insn_limit);
		if (r != CPU_STOP_NONE)
			return cpu->stop_reason = r;
	}
}

enum cpu_stop cpu_step(struct cpu *cpu)
{
	if (setjmp(cpu->fault_jmp)) {
		if (!handle_fault(cpu))
			return CPU_STOP_SHUTDOWN;
		update_events(cpu);
		return CPU_STOP_NONE;
	}
	return step_careful(cpu, UINT64_MAX);
}
