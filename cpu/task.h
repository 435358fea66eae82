/* Hardware task switching and the TSS (cpu/task.c; SDM Vol. 3, chapter 7). */
#ifndef GLASSPC_CPU_TASK_H
#define GLASSPC_CPU_TASK_H

#include "cpu/descriptor.h"

enum task_reason { TASK_JMP, TASK_CALL, TASK_INT, TASK_IRET };

/* Switches to the task a task gate or a TSS descriptor names (JMP, CALL,
 * INT, exceptions).  sel is the selector that was used (the gate's or the
 * TSS's); d its descriptor. */
void task_switch_through(struct cpu *cpu, uint16_t sel, struct descriptor d, enum task_reason why);
/* IRET with NT set: back to the task in the back link. */
void task_return(struct cpu *cpu);
/* The stack for privilege level dpl from the current TSS, checked as an
 * inter-privilege transfer requires (#TS, #SS); ext is the EXT bit. */
void task_inner_stack(struct cpu *cpu, unsigned dpl, struct segment *ss, uint32_t *sp, int ext);

#endif
