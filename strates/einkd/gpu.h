/* The glass: virtio-gpu in 2D mode (gpu.c).  The only part of einkd that
 * touches a device; the panel model (panel.c) calls gpu_show for every
 * frame it sends to the glass. */
#ifndef EINK_GPU_H
#define EINK_GPU_H

#include <shale/virtio.h>

#include "eink_core.h"

#define GPU_CHUNKS 8u	/* the backing's DMA pieces (rows split evenly) */

struct gpu {
	struct virtio_dev dev;
	struct virtq ctrl;		/* the control queue (0) */
	struct virtio_dma cmd;		/* one request and its response */
	struct virtio_dma chunk[GPU_CHUNKS];	/* the resource's backing */
	uint32_t rows_per_chunk;
	uint32_t w, h;			/* the resource: the panel */
	uint32_t host_w, host_h;	/* the scanout's preferred mode */
};

/* Opens the virtio-gpu of SH_DEV entry sd, makes a w x h resource backed
 * by guest memory and makes it scanout 0.  Returns 0, or the library's or
 * the device's error (-SH_EIO, logged); the device is left FAILED. */
int gpu_init(struct gpu *g, const struct strate_dev *sd, uint32_t w, uint32_t h);

/* panel_show_fn: converts rectangle r of frame (1 bpp, EINK_STRIDE) into
 * the backing, transfers it to the host and flushes it.  Returns 0 or an
 * error (ctx is the struct gpu). */
int gpu_show(void *ctx, const uint8_t *frame, const struct eink_rect *r);

#endif
