/* Port I/O: IN and OUT with an immediate port or DX. */
#include "cpu/core.h"

void op_in_ALIb(struct cpu *cpu, const struct insn *i) { reg8_set(cpu, R_EAX, (uint8_t)cpu_port_in(cpu, i->imm & 0xFF, 1)); }
void op_in_AXIb(struct cpu *cpu, const struct insn *i) { reg16_set(cpu, R_EAX, (uint16_t)cpu_port_in(cpu, i->imm & 0xFF, 2)); }
void op_in_EAXIb(struct cpu *cpu, const struct insn *i) { cpu->r[R_EAX] = cpu_port_in(cpu, i->imm & 0xFF, 4); }
void op_in_ALDX(struct cpu *cpu, const struct insn *i) { reg8_set(cpu, R_EAX, (uint8_t)cpu_port_in(cpu, reg16_get(cpu, R_EDX), 1)); }
void op_in_AXDX(struct cpu *cpu, const struct insn *i) { reg16_set(cpu, R_EAX, (uint16_t)cpu_port_in(cpu, reg16_get(cpu, R_EDX), 2)); }
void op_in_EAXDX(struct cpu *cpu, const struct insn *i) { cpu->r[R_EAX] = cpu_port_in(cpu, reg16_get(cpu, R_EDX), 4); }
void op_out_IbAL(struct cpu *cpu, const struct insn *i) { cpu_port_out(cpu, i->imm & 0xFF, reg8_get(cpu, R_EAX), 1); }
void op_out_IbAX(struct cpu *cpu, const struct insn *i) { cpu_port_out(cpu, i->imm & 0xFF, reg16_get(cpu, R_EAX), 2); }
void op_out_IbEAX(struct cpu *cpu, const struct insn *i) { cpu_port_out(cpu, i->imm & 0xFF, cpu->r[R_EAX], 4); }
void op_out_DXAL(struct cpu *cpu, const struct insn *i) { cpu_port_out(cpu, reg16_get(cpu, R_EDX), reg8_get(cpu, R_EAX), 1); }
void op_out_DXAX(struct cpu *cpu, const struct insn *i) { cpu_port_out(cpu, reg16_get(cpu, R_EDX), reg16_get(cpu, R_EAX), 2); }
void op_out_DXEAX(struct cpu *cpu, const struct insn *i) { cpu_port_out(cpu, reg16_get(cpu, R_EDX), cpu->r[R_EAX], 4); }
