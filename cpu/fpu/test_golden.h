/* A hash of every operation's result, flags and condition codes over a
 * fixed pseudo-random operand sequence (test_golden_sequence.c). */
#ifndef GLASSPC_CPU_FPU_TEST_GOLDEN_H
#define GLASSPC_CPU_FPU_TEST_GOLDEN_H

#include "cpu/fpu/test_operands.h"
#include "cpu/fpu/x87float.h"

uint64_t test_golden_sequence(unsigned long operands);

#endif
