/* Tables for the lazy flags; see flags.h. */
#include "cpu/flags.h"

/* PF is set when the low byte of a result has an even number of ones. */
#define P2(n) n, n ^ 1, n ^ 1, n
#define P4(n) P2(n), P2(n ^ 1), P2(n ^ 1), P2(n)
#define P6(n) P4(n), P4(n ^ 1), P4(n ^ 1), P4(n)
const uint8_t parity_table[256] = {P6(1), P6(0), P6(0), P6(1)};
#undef P2
#undef P4
#undef P6
