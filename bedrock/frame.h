/* Frames: physical pages (or a device's MMIO range) that can be mapped. */
#ifndef BEDROCK_FRAME_H
#define BEDROCK_FRAME_H

#include <stdint.h>

#include "object.h"

#define FRAME_MAX_PAGES 65536u

/* Creates a frame of npages zeroed pages charged to q (contig: one
 * physically contiguous block).  Returns 0 and *out, or -SH_EINVAL,
 * -SH_EQUOTA, -SH_ENOMEM. */
int frame_create(struct quota *q, uint64_t npages, int contig, struct frame **out);

/* A frame over existing physical memory [phys, phys + npages pages):
 * device MMIO, or RAM the kernel owns (the boot archive), never freed. */
int frame_create_phys(struct quota *q, uint64_t phys, uint64_t npages, int device,
		      struct frame **out);

/* Physical address of page i (i < npages). */
uint64_t frame_page(const struct frame *f, uint64_t i);

#endif
