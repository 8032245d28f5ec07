/* Frame objects (see frame.h).  Pages of a normal frame are allocated one
 * by one, so a large frame needs no contiguous memory; contiguous frames
 * exist for DMA. */
#include "frame.h"

#include "arch.h"
#include "heap.h"
#include "object.h"
#include "pmm.h"

#include <shale/errors.h>
#include <string.h>

static void frame_free_pages(struct frame *f)
{
	uint64_t i;

	if (f->pages) {
		for (i = 0; i < f->npages; i++)
			if (f->pages[i])
				pmm_free(f->pages[i], 0);
	} else if (f->phys) {
		pmm_free(f->phys, f->order);
	}
}

/* Frames with more pages than this give their pages back after the
 * kernel lock is released (frame_reclaim), and are filled without it. */
#define FRAME_LOCKED_PAGES 256u

static void frame_destroy(struct kobj *o, struct kobj_reap *r)
{
	struct frame *f = (struct frame *)o;
	struct cpu *c = cpu_this();

	(void)r;
	/* The charges end now; a large frame's pages are freed by this CPU
	 * once it lets the lock go, before it returns to user space. */
	if (!f->borrowed)
		quota_release(f->quota, QUOTA_PAGES, f->charged);
	if (f->pages)
		quota_release(f->quota, QUOTA_KMEM, f->npages * sizeof(uint64_t));
	if (f->pages && !f->borrowed && f->npages > FRAME_LOCKED_PAGES) {
		f->reclaim_next = c->reclaim;
		c->reclaim = f;
		return;
	}
	if (!f->borrowed)
		frame_free_pages(f);
	kfree(f->pages);
	kfree(f);
}

void frame_reclaim(struct cpu *c)
{
	while (c->reclaim) {
		struct frame *f = c->reclaim;

		c->reclaim = f->reclaim_next;
		frame_free_pages(f);
		kfree(f->pages);
		kfree(f);
	}
}

/* Zeroes n pages from pa (through the physmap). */
static void frame_zero(uint64_t pa, uint64_t n)
{
	memset(phys_to_virt(pa), 0, n * PAGE_SIZE);
}

static const struct kobj_ops frame_ops = { .destroy = frame_destroy };

static int frame_new(struct quota *q, struct frame **out)
{
	struct frame *f = kmalloc(sizeof(*f));

	if (!f)
		return -SH_ENOMEM;
	if (kobj_init(&f->obj, SH_OBJ_FRAME, &frame_ops, q, sizeof(*f))) {
		kfree(f);
		return -SH_EQUOTA;
	}
	f->quota = q;
	*out = f;
	return 0;
}

/* Pages a frame of npages really takes: a contiguous one is a buddy block
 * of the next power of two, and is charged for all of it. */
static uint64_t pages_taken(uint64_t npages, int contig, unsigned *order)
{
	unsigned o = 0;

	if (!contig)
		return npages;
	while ((1ULL << o) < npages)
		o++;
	*order = o;
	return 1ULL << o;
}

int frame_prepare(struct quota *q, uint64_t npages, int contig, struct frame **out)
{
	struct frame *f;
	uint64_t taken;
	unsigned order = 0;
	int err;

	if (npages == 0 || npages > FRAME_MAX_PAGES)
		return -SH_EINVAL;
	taken = pages_taken(npages, contig, &order);
	if (contig && order > PAGE_MAX_ORDER)
		return -SH_EINVAL;
	err = quota_charge(q, QUOTA_PAGES, taken);
	if (err)
		return err;
	err = frame_new(q, &f);
	if (err) {
		quota_release(q, QUOTA_PAGES, taken);
		return err;
	}
	f->npages = npages;
	f->charged = taken;
	f->order = order;
	if (!contig) {
		err = quota_charge(q, QUOTA_KMEM, npages * sizeof(uint64_t));
		if (!err) {
			f->pages = kmalloc(npages * sizeof(uint64_t));
			if (!f->pages) {
				quota_release(q, QUOTA_KMEM, npages * sizeof(uint64_t));
				err = -SH_ENOMEM;
			}
		}
		if (err) {
			kobj_put(&f->obj);	/* gives the page charge back */
			return err;
		}
	}
	*out = f;
	return 0;
}

int frame_fill(struct frame *f)
{
	uint64_t i;

	if (!f->pages) {
		if (pmm_alloc(f->order, &f->phys))
			return -SH_ENOMEM;
		frame_zero(f->phys, f->charged);
		return 0;
	}
	for (i = 0; i < f->npages; i++) {
		if (pmm_alloc(0, &f->pages[i]))
			return -SH_ENOMEM;
		frame_zero(f->pages[i], 1);
	}
	return 0;
}

int frame_fill_large(struct frame *f)
{
	return f->npages > FRAME_LOCKED_PAGES;
}

int frame_create(struct quota *q, uint64_t npages, int contig, struct frame **out)
{
	struct frame *f;
	int err = frame_prepare(q, npages, contig, &f);

	if (err)
		return err;
	err = frame_fill(f);
	if (err) {
		/* destroy frees what was allocated and gives the quota back */
		kobj_put(&f->obj);
		return err;
	}
	*out = f;
	return 0;
}

int frame_create_phys(struct quota *q, uint64_t phys, uint64_t npages, int device,
		      struct frame **out)
{
	struct frame *f;
	int err;

	if (npages == 0 || (phys & (PAGE_SIZE - 1)))
		return -SH_EINVAL;
	err = frame_new(q, &f);
	if (err)
		return err;
	f->npages = npages;
	f->phys = phys;
	f->device = device;
	f->borrowed = 1;
	*out = f;
	return 0;
}

uint64_t frame_page(const struct frame *f, uint64_t i)
{
	if (f->pages)
		return f->pages[i];
	return f->phys + i * PAGE_SIZE;
}
