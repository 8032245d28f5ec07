/* kmalloc: power-of-two size classes from 16 bytes to 2 KiB, each carved
 * from whole pages; larger requests take whole page blocks.  The class of
 * a pointer is found from its page's metadata tag, so objects carry no
 * header.  Free objects of a class are kept on a list threaded through
 * them; slab pages are not returned to the page allocator yet. */
#include "heap.h"

#include "arch.h"
#include "pmm.h"
#include "spinlock.h"

#include <string.h>

#define HEAP_MIN_SHIFT	4
#define HEAP_MAX_SHIFT	11
#define NCLASSES	(HEAP_MAX_SHIFT - HEAP_MIN_SHIFT + 1)
#define TAG_LARGE	0xffff

struct free_obj {
	struct free_obj *next;
};

static struct spinlock heap_lock = SPINLOCK_INIT;
static struct free_obj *free_lists[NCLASSES];	/* guarded by heap_lock */

static int class_of(size_t n)
{
	int c = 0;

	while (((size_t)1 << (HEAP_MIN_SHIFT + c)) < n)
		c++;
	return c;
}

/* Pages the heap holds (its small-object pages, which it keeps, and
 * large blocks in use): the rest of the non-free pages belong to objects. */
static uint64_t heap_pages_held;

static int refill(int c)
{
	size_t size = (size_t)1 << (HEAP_MIN_SHIFT + c), off;
	uint64_t pa;
	char *page;

	if (pmm_alloc(0, &pa))
		return -1;
	pmm_meta(pa)->tag = (uint16_t)(c + 1);
	__atomic_add_fetch(&heap_pages_held, 1, __ATOMIC_RELAXED);
	page = phys_to_virt(pa);
	for (off = 0; off + size <= PAGE_SIZE; off += size) {
		struct free_obj *o = (struct free_obj *)(page + off);

		o->next = free_lists[c];
		free_lists[c] = o;
	}
	return 0;
}

static void *alloc_large(size_t n)
{
	unsigned order = 0;
	uint64_t pa;

	while ((PAGE_SIZE << order) < n)
		order++;
	if (order > PAGE_MAX_ORDER || pmm_alloc(order, &pa))
		return NULL;
	pmm_meta(pa)->tag = TAG_LARGE;
	__atomic_add_fetch(&heap_pages_held, 1ULL << order, __ATOMIC_RELAXED);
	memset(phys_to_virt(pa), 0, PAGE_SIZE << order);
	return phys_to_virt(pa);
}

uint64_t heap_pages(void)
{
	return __atomic_load_n(&heap_pages_held, __ATOMIC_RELAXED);
}

void *kmalloc(size_t n)
{
	struct free_obj *o;
	int c;

	if (n == 0)
		n = 1;
	if (n > ((size_t)1 << HEAP_MAX_SHIFT))
		return alloc_large(n);
	c = class_of(n);
	spin_lock(&heap_lock);
	if (!free_lists[c] && refill(c)) {
		spin_unlock(&heap_lock);
		return NULL;
	}
	o = free_lists[c];
	free_lists[c] = o->next;
	spin_unlock(&heap_lock);
	memset(o, 0, (size_t)1 << (HEAP_MIN_SHIFT + c));
	return o;
}

void kfree(void *p)
{
	struct page_meta *m;
	uint64_t pa;
	int c;

	if (!p)
		return;
	pa = virt_to_phys(p);
	m = pmm_meta(pa & ~(PAGE_SIZE - 1));
	if (!m)
		return;
	if (m->tag == TAG_LARGE) {
		m->tag = 0;
		__atomic_sub_fetch(&heap_pages_held, 1ULL << m->order, __ATOMIC_RELAXED);
		pmm_free(pa, m->order);
		return;
	}
	c = m->tag - 1;
	if (c < 0 || c >= NCLASSES)
		return;
	spin_lock(&heap_lock);
	((struct free_obj *)p)->next = free_lists[c];
	free_lists[c] = p;
	spin_unlock(&heap_lock);
}
