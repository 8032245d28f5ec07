/* Binary buddy allocator.  A block of order k starts at a page frame
 * number that is a multiple of 2^k, so its buddy is pfn ^ 2^k; only the
 * head page of a block carries its order and state, and free heads sit on
 * a doubly linked list per order so a buddy can be unlinked in O(1).
 * Every state change is checked, which is how double frees are caught. */
#include "page.h"

#include <shale/errors.h>
#include <string.h>

size_t page_meta_bytes(uint64_t npages)
{
	return (size_t)npages * sizeof(struct page_meta);
}

int page_add_zone(struct page_allocator *pa, uint64_t base_pa, uint64_t npages, void *meta)
{
	struct page_zone *z;
	unsigned k;

	if (npages == 0 || npages >= PAGE_NONE || (base_pa & (PAGE_SIZE - 1)) || !meta)
		return -SH_EINVAL;
	if (pa->nzones >= PAGE_MAX_ZONES)
		return -SH_ENOSPC;
	z = &pa->zones[pa->nzones++];
	z->base_pfn = base_pa >> PAGE_SHIFT;
	z->npages = npages;
	z->meta = meta;
	z->free_pages = 0;
	for (k = 0; k <= PAGE_MAX_ORDER; k++)
		z->free_head[k] = PAGE_NONE;
	memset(meta, 0, page_meta_bytes(npages));	/* all PAGE_RESERVED */
	return 0;
}

static struct page_zone *zone_of(struct page_allocator *pa, uint64_t addr)
{
	uint64_t pfn = addr >> PAGE_SHIFT;
	int i;

	for (i = 0; i < pa->nzones; i++) {
		struct page_zone *z = &pa->zones[i];

		if (pfn >= z->base_pfn && pfn - z->base_pfn < z->npages)
			return z;
	}
	return NULL;
}

struct page_meta *page_meta_of(struct page_allocator *pa, uint64_t addr)
{
	struct page_zone *z = zone_of(pa, addr);

	return z ? &z->meta[(addr >> PAGE_SHIFT) - z->base_pfn] : NULL;
}

static void list_push(struct page_zone *z, uint32_t i, unsigned order)
{
	struct page_meta *m = &z->meta[i];

	m->state = PAGE_FREE;
	m->order = (uint8_t)order;
	m->prev = PAGE_NONE;
	m->next = z->free_head[order];
	if (m->next != PAGE_NONE)
		z->meta[m->next].prev = i;
	z->free_head[order] = i;
}

static void list_unlink(struct page_zone *z, uint32_t i)
{
	struct page_meta *m = &z->meta[i];

	if (m->prev != PAGE_NONE)
		z->meta[m->prev].next = m->next;
	else
		z->free_head[m->order] = m->next;
	if (m->next != PAGE_NONE)
		z->meta[m->next].prev = m->prev;
	m->next = m->prev = PAGE_NONE;
}

static void mark_tail(struct page_zone *z, uint32_t head, unsigned order, uint8_t state)
{
	uint32_t i;

	for (i = 1; i < (1U << order); i++)
		z->meta[head + i].state = state;
}

/* Puts the block at index i (already marked tail/free-able) back, merging
 * with free buddies of equal order while they exist inside the zone. */
static void block_insert(struct page_zone *z, uint32_t i, unsigned order)
{
	while (order < PAGE_MAX_ORDER) {
		uint64_t pfn = z->base_pfn + i;
		uint64_t bpfn = pfn ^ (1ULL << order);
		uint32_t b;

		if (bpfn < z->base_pfn || bpfn - z->base_pfn + (1ULL << order) > z->npages)
			break;
		b = (uint32_t)(bpfn - z->base_pfn);
		if (z->meta[b].state != PAGE_FREE || z->meta[b].order != order)
			break;
		list_unlink(z, b);
		z->meta[b].state = PAGE_FREE_TAIL;
		z->meta[i].state = PAGE_FREE_TAIL;
		if (b < i)
			i = b;
		order++;
	}
	list_push(z, i, order);
}

/* Largest order k such that the 2^k reserved pages at index i of z form an
 * aligned block ending at or before page index lim. */
static unsigned release_order(struct page_zone *z, uint32_t i, uint64_t lim)
{
	unsigned k = 0;

	while (k < PAGE_MAX_ORDER) {
		uint64_t n = 1ULL << (k + 1), j;

		if (((z->base_pfn + i) & (n - 1)) || i + n > lim)
			break;
		for (j = 1ULL << k; j < n; j++)
			if (z->meta[i + j].state != PAGE_RESERVED)
				return k;
		k++;
	}
	return k;
}

uint64_t page_release_range(struct page_allocator *pa, uint64_t start, uint64_t end)
{
	uint64_t addr, freed = 0;

	start = (start + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	for (addr = start; addr + PAGE_SIZE <= end;) {
		struct page_zone *z = zone_of(pa, addr);
		uint64_t lim;
		uint32_t i;
		unsigned k;

		if (!z) {
			addr += PAGE_SIZE;
			continue;
		}
		i = (uint32_t)((addr >> PAGE_SHIFT) - z->base_pfn);
		if (z->meta[i].state != PAGE_RESERVED) {
			addr += PAGE_SIZE;
			continue;
		}
		lim = (end >> PAGE_SHIFT) - z->base_pfn;
		if (lim > z->npages)
			lim = z->npages;
		/* Whole aligned blocks at once: boot releases all of RAM. */
		k = release_order(z, i, lim);
		mark_tail(z, i, k, PAGE_FREE_TAIL);
		z->meta[i].state = PAGE_FREE_TAIL;
		block_insert(z, i, k);
		z->free_pages += 1ULL << k;
		freed += 1ULL << k;
		addr += PAGE_SIZE << k;
	}
	return freed;
}

static int zone_alloc(struct page_zone *z, unsigned order, uint64_t *out)
{
	unsigned k = order;
	uint32_t i;

	while (k <= PAGE_MAX_ORDER && z->free_head[k] == PAGE_NONE)
		k++;
	if (k > PAGE_MAX_ORDER)
		return -SH_ENOMEM;
	i = z->free_head[k];
	list_unlink(z, i);
	/* Split: keep the low half, give the high halves back. */
	while (k > order) {
		k--;
		z->meta[i + (1U << k)].state = PAGE_FREE_TAIL;
		list_push(z, i + (1U << k), k);
	}
	z->meta[i].state = PAGE_USED;
	z->meta[i].order = (uint8_t)order;
	z->meta[i].tag = 0;
	mark_tail(z, i, order, PAGE_USED_TAIL);
	z->free_pages -= 1ULL << order;
	*out = (z->base_pfn + i) << PAGE_SHIFT;
	return 0;
}

int page_alloc(struct page_allocator *pa, unsigned order, uint64_t *out)
{
	int i;

	if (order > PAGE_MAX_ORDER)
		return -SH_EINVAL;
	for (i = 0; i < pa->nzones; i++)
		if (zone_alloc(&pa->zones[i], order, out) == 0)
			return 0;
	return -SH_ENOMEM;
}

int page_free(struct page_allocator *pa, uint64_t addr, unsigned order)
{
	struct page_zone *z = zone_of(pa, addr);
	uint32_t i;

	if (!z || (addr & (PAGE_SIZE - 1)) || order > PAGE_MAX_ORDER)
		return -SH_EINVAL;
	i = (uint32_t)((addr >> PAGE_SHIFT) - z->base_pfn);
	if (z->meta[i].state != PAGE_USED || z->meta[i].order != order)
		return -SH_EINVAL;
	mark_tail(z, i, order, PAGE_FREE_TAIL);
	z->meta[i].state = PAGE_FREE_TAIL;
	block_insert(z, i, order);
	z->free_pages += 1ULL << order;
	return 0;
}

uint64_t page_free_count(const struct page_allocator *pa)
{
	uint64_t n = 0;
	int i;

	for (i = 0; i < pa->nzones; i++)
		n += pa->zones[i].free_pages;
	return n;
}
