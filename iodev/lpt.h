/* A parallel port (LPT1 at 0x378) whose printer is a byte sink. */
#ifndef GLASSPC_IODEV_LPT_H
#define GLASSPC_IODEV_LPT_H

#include <stdint.h>

#include "iodev/bus.h"

#define LPT1_BASE 0x378

/* Receives each byte the guest strobes out. */
typedef void lpt_sink_fn(void *opaque, uint8_t byte);

struct lpt;
struct lpt *lpt_create(struct iobus *bus, uint16_t base, lpt_sink_fn *sink, void *opaque);
void lpt_destroy(struct lpt *lpt);
void lpt_reset(struct lpt *lpt);

#endif
