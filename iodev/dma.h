/* The PC's two 8237A DMA controllers and their page registers.
 *
 * DMA1 (ports 0x00-0x0F) moves bytes on channels 0-3; DMA2 (ports
 * 0xC0-0xDF, registers on even addresses) moves 16-bit words on channels
 * 5-7, and its channel 4 is the cascade that DMA1 reaches the bus
 * through.  The page registers at 0x81-0x8F supply address bits 16-23
 * (0x80 is the POST code port and is not claimed here).
 *
 * Devices do not run bus cycles; they call dma_transfer with a buffer,
 * and the controller walks its address and count registers exactly as
 * the guest programmed them, reading or writing guest memory through
 * struct mem.  An 8-bit channel's address wraps within its 64 KiB page,
 * a 16-bit channel's within its 128 KiB page, as on the AT. */
#ifndef GLASSPC_IODEV_DMA_H
#define GLASSPC_IODEV_DMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "iodev/bus.h"
#include "memory/mem.h"

#define DMA_CHANNELS 8

struct dma;

/* Claims the controller and page-register ports.  mem must outlive the
 * controller.  Returns NULL when out of memory or ports. */
struct dma *dma_create(struct iobus *bus, struct mem *mem);
void dma_destroy(struct dma *dma);

/* Power-on state: as after a master clear on both controllers. */
void dma_reset(struct dma *dma);

/* Moves up to len bytes on channel (0-3, 5-7) between buffer and guest
 * memory: into memory when to_memory (a device read, like a floppy
 * reading a sector), out of it otherwise.  16-bit channels move whole
 * words (len is rounded down to even).  Stops at terminal count, which
 * sets the channel's status bit and, without autoinitialization, masks
 * it.  Returns the number of bytes moved: 0 when the channel is masked,
 * its controller disabled, or DMA1 is cut off by a masked cascade.  A
 * transfer whose direction disagrees with the channel's mode (or a verify
 * transfer) steps the registers without touching memory or buffer. */
size_t dma_transfer(struct dma *dma, int channel, void *buffer, size_t len, bool to_memory);

/* Whether dma_transfer on channel would move anything now. */
bool dma_channel_ready(const struct dma *dma, int channel);

/* Bytes left before terminal count: (current count + 1) units. */
size_t dma_bytes_remaining(const struct dma *dma, int channel);

/* A device's DREQ line, as the status register's request bits show it. */
void dma_set_request(struct dma *dma, int channel, bool level);

#endif
