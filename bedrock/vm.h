/* User address spaces, as the portable kernel sees them.  The page tables
 * themselves are the arch's (struct arch_vs); bedrock keeps the list of
 * mappings, each holding a reference on the frame it maps, so a frame
 * lives while any address space maps it. */
#ifndef BEDROCK_VM_H
#define BEDROCK_VM_H

#include <stddef.h>
#include <stdint.h>

struct frame;
struct quota;

/* Per-address-space arch state: root table, ASID. */
struct arch_vs {
	uint64_t root_pa;
	uint16_t asid;
	uint64_t table_pages;		/* page-table pages, charged to the quota */
};

#define VM_READ		1u
#define VM_WRITE	2u
#define VM_EXEC		4u

/* Sets up an empty address space charging its tables to q.  Returns 0,
 * -SH_ENOMEM/-SH_EQUOTA, or -SH_EBUSY when no ASID is left. */
int arch_vs_init(struct arch_vs *vs, struct quota *q);

/* Maps one user page.  Returns 0, -SH_ENOMEM/-SH_EQUOTA (tables), or
 * -SH_EEXIST if va is mapped. */
int arch_vs_map(struct arch_vs *vs, struct quota *q, uint64_t va, uint64_t pa,
		unsigned perms, int device);

/* Unmaps one user page (nothing if unmapped) and flushes it from TLBs. */
void arch_vs_unmap(struct arch_vs *vs, uint64_t va);

/* Maps n pages from va, page i at pa_of(ctx, i): one table walk per
 * 2 MiB, one barrier at the end.  Returns 0 or the error of the page
 * that failed, *done being the pages mapped before it (the caller undoes
 * them with arch_vs_unmap_pages). */
int arch_vs_map_pages(struct arch_vs *vs, struct quota *q, uint64_t va, uint64_t n,
		      uint64_t (*pa_of)(const void *ctx, uint64_t i), const void *ctx,
		      unsigned perms, int device, uint64_t *done);

/* Unmaps n pages from va (holes are skipped) with one TLB flush at the
 * end: per page for a few, the whole ASID for many. */
void arch_vs_unmap_pages(struct arch_vs *vs, uint64_t va, uint64_t n);

/* As arch_vs_unmap_pages without the flush: the caller flushes the whole
 * address space (arch_vs_flush_all) before freeing what was mapped. */
void arch_vs_clear_pages(struct arch_vs *vs, uint64_t va, uint64_t n);
void arch_vs_flush_all(struct arch_vs *vs);

/* Looks va up.  Returns 0 and the physical address of the byte and the
 * page's VM_* permissions, or -SH_EFAULT if unmapped. */
int arch_vs_translate(const struct arch_vs *vs, uint64_t va, uint64_t *pa, unsigned *perms);

/* Frees the tables (after every page was unmapped) and the ASID. */
void arch_vs_destroy(struct arch_vs *vs, struct quota *q);

/* Makes vs the user address space of this CPU (NULL: none). */
void arch_vs_activate(const struct arch_vs *vs);

#endif
