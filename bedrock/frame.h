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

/* frame_create in two steps, so a system call can fill a large frame
 * without the kernel lock: frame_prepare checks, charges and makes the
 * empty object (lock held); frame_fill allocates and zeroes its pages
 * (needs no kernel lock: the frame is reachable by no one else yet).  On
 * failure of either the caller kobj_puts the frame, which gives
 * everything back.  frame_fill_large says whether f is worth unlocking
 * for. */
int frame_prepare(struct quota *q, uint64_t npages, int contig, struct frame **out);
int frame_fill(struct frame *f);
int frame_fill_large(struct frame *f);

/* Frees the pages of large frames destroyed on c, after c released the
 * kernel lock (trap exit): their charge ended at destroy. */
void frame_reclaim(struct cpu *c);

/* A frame over existing physical memory [phys, phys + npages pages):
 * device MMIO, or RAM the kernel owns (the boot archive), never freed. */
int frame_create_phys(struct quota *q, uint64_t phys, uint64_t npages, int device,
		      struct frame **out);

/* Physical address of page i (i < npages). */
uint64_t frame_page(const struct frame *f, uint64_t i);

#endif
