/* The instruction table as data: one struct opdef per row of
 * cpu/opcodes.def. */
#include "cpu/core.h"

#define X(code, reg, models, mnem, o1, o2, o3, h16, h32, sub, attrs, fr, fw, fu) \
	{code, reg, models, mnem, {OPK_##o1, OPK_##o2, OPK_##o3}, op_##h16, op_##h32, sub, attrs, fr, fw, fu},
const struct opdef opdefs[] = {
#include "cpu/opcodes.def"
};
#undef X

const unsigned opdefs_count = sizeof(opdefs) / sizeof(opdefs[0]);
