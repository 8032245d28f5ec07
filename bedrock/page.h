/* Physical page allocator: a binary buddy allocator per RAM zone.
 * Portable (host unit tests drive it over fake addresses).  It deals in
 * physical addresses only and never touches the pages it hands out: its
 * bookkeeping lives in a separate metadata array, so free memory need not
 * be mapped.  Locking is the caller's (the kernel wraps it in pmm.c). */
#ifndef BEDROCK_PAGE_H
#define BEDROCK_PAGE_H

#include <stddef.h>
#include <stdint.h>

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define PAGE_MAX_ORDER	10		/* largest block: 4 MiB */
#define PAGE_MAX_ZONES	8
#define PAGE_NONE	UINT32_MAX

enum page_state {
	PAGE_RESERVED = 0,	/* never handed out (kernel, DTB, holes) */
	PAGE_FREE,		/* head of a free block of 2^order pages */
	PAGE_FREE_TAIL,		/* inside a free block */
	PAGE_USED,		/* head of an allocated block */
	PAGE_USED_TAIL,		/* inside an allocated block */
};

struct page_meta {
	uint32_t next, prev;	/* free list links (page indexes) */
	uint8_t state;		/* enum page_state */
	uint8_t order;		/* of the block this page heads */
	uint16_t tag;		/* free for the owner of a used block (heap) */
};

struct page_zone {
	uint64_t base_pfn;
	uint64_t npages;
	struct page_meta *meta;
	uint32_t free_head[PAGE_MAX_ORDER + 1];
	uint64_t free_pages;
};

struct page_allocator {
	struct page_zone zones[PAGE_MAX_ZONES];
	int nzones;
};

/* Bytes of metadata a zone of npages needs. */
size_t page_meta_bytes(uint64_t npages);

/* Adds a zone [base_pa, base_pa + npages pages) with every page reserved;
 * meta must hold page_meta_bytes(npages).  Returns 0, or -SH_EINVAL for a
 * misaligned or empty range, -SH_ENOSPC when the zone table is full. */
int page_add_zone(struct page_allocator *pa, uint64_t base_pa, uint64_t npages, void *meta);

/* Makes the reserved pages of [start, end) free, merging buddies.  Pages
 * outside every zone are ignored.  Returns the number of pages freed. */
uint64_t page_release_range(struct page_allocator *pa, uint64_t start, uint64_t end);

/* Allocates 2^order contiguous pages aligned to their size.  Returns 0 and
 * sets *out, or -SH_ENOMEM (no block), -SH_EINVAL (order too large). */
int page_alloc(struct page_allocator *pa, unsigned order, uint64_t *out);

/* Frees a block from page_alloc.  Returns 0, or -SH_EINVAL when addr is not
 * the head of an allocated block of that order (double free included). */
int page_free(struct page_allocator *pa, uint64_t addr, unsigned order);

/* Metadata of the page holding addr, or NULL outside every zone. */
struct page_meta *page_meta_of(struct page_allocator *pa, uint64_t addr);

/* Free pages in all zones. */
uint64_t page_free_count(const struct page_allocator *pa);

#endif
