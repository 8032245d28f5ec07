/* Frame objects (see frame.h).  Pages of a normal frame are allocated one
 * by one, so a large frame needs no contiguous memory; contiguous frames
 * exist for DMA. */
#include "frame.h"

#include "arch.h"
#include "heap.h"
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

static void frame_destroy(struct kobj *o, struct kobj_reap *r)
{
	struct frame *f = (struct frame *)o;

	(void)r;
	if (!f->borrowed) {
		frame_free_pages(f);
		quota_release(f->quota, QUOTA_PAGES, f->charged);
	}
	if (f->pages) {
		kfree(f->pages);
		quota_release(f->quota, QUOTA_KMEM, f->npages * sizeof(uint64_t));
	}
	kfree(f);
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

int frame_create(struct quota *q, uint64_t npages, int contig, struct frame **out)
{
	struct frame *f;
	uint64_t i, taken;
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
	if (err)
		goto out_quota;
	f->npages = npages;
	f->charged = taken;
	if (contig) {
		if (pmm_alloc(order, &f->phys)) {
			err = -SH_ENOMEM;
			goto out_obj;
		}
		f->order = order;
		frame_zero(f->phys, taken);
	} else {
		err = quota_charge(q, QUOTA_KMEM, npages * sizeof(uint64_t));
		if (err)
			goto out_obj;
		f->pages = kmalloc(npages * sizeof(uint64_t));
		if (!f->pages) {
			quota_release(q, QUOTA_KMEM, npages * sizeof(uint64_t));
			err = -SH_ENOMEM;
			goto out_obj;
		}
		for (i = 0; i < npages; i++) {
			if (pmm_alloc(0, &f->pages[i])) {
				err = -SH_ENOMEM;
				goto out_obj;
			}
			frame_zero(f->pages[i], 1);
		}
	}
	*out = f;
	return 0;

out_obj:
	/* destroy frees what was allocated and gives the quota back */
	kobj_put(&f->obj);
	return err;
out_quota:
	quota_release(q, QUOTA_PAGES, taken);
	return err;
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
