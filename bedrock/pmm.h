/* The kernel's physical memory: one page allocator over all RAM. */
#ifndef BEDROCK_PMM_H
#define BEDROCK_PMM_H

#include <stdint.h>

#include "page.h"

struct machine;

/* Hands all RAM in m to the allocator except the kernel image, the DTB,
 * the initrd and reserved ranges.  Returns 0 or a negative SH_E* code. */
int pmm_init(const struct machine *m, uint64_t dtb_pa, uint64_t dtb_size);

/* Allocates 2^order contiguous pages, not cleared.  Returns 0
 * and *pa, or -SH_ENOMEM. */
int pmm_alloc(unsigned order, uint64_t *pa);

/* Frees pages from pmm_alloc; -SH_EINVAL for a bad or double free. */
int pmm_free(uint64_t pa, unsigned order);

/* Metadata of the page at pa (owner tag), NULL if not RAM. */
struct page_meta *pmm_meta(uint64_t pa);

uint64_t pmm_free_pages(void);
uint64_t pmm_total_pages(void);

#endif
