/* 4-level, 4 KiB-granule translation tables for aarch64. */
#ifndef AARCH64_PGTABLE_H
#define AARCH64_PGTABLE_H

#include <stdint.h>

#define BLOCK_2M	(1UL << 21)

/* Maps one 4 KiB page (level 3) or one 2 MiB block (level 2) at va in the
 * tree rooted at root, allocating tables as needed.  Returns 0, or -1 when
 * no page is left for a table or va is already mapped differently. */
int pt_map(uint64_t *root, uint64_t va, uint64_t pa, uint64_t attr, int level);

/* Allocates a zeroed table page; returns 0 and its physical address. */
int pt_alloc_table(uint64_t *pa);

/* Kernel-virtual address of a table page. */
void *pt_table_va(uint64_t pa);

/* Invalidates all EL1&0 TLB entries on every CPU in the inner domain. */
void pt_flush_tlb(void);

#endif
