/* Physical memory bring-up and the locked front of page.c.  Each RAM
 * range becomes a zone whose metadata array is carved out of the range
 * itself, below any reserved region it would otherwise hit. */
#include "pmm.h"

#include "arch.h"
#include "machine.h"
#include "spinlock.h"

#include <shale/errors.h>
#include <string.h>

#define MAX_HOLES (MACHINE_MAX_RESERVED + 4 + MACHINE_MAX_MEM)

static struct page_allocator pages;
static struct spinlock pmm_lock = SPINLOCK_INIT;
static uint64_t total_pages;

static struct mem_range holes[MAX_HOLES];
static int nholes;

static void hole_add(uint64_t base, uint64_t size)
{
	if (size && nholes < MAX_HOLES) {
		uint64_t end = (base + size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);

		base &= ~(PAGE_SIZE - 1);
		holes[nholes++] = (struct mem_range){ base, end - base };
	}
}

static int hole_hit(uint64_t base, uint64_t end)
{
	int i;

	for (i = 0; i < nholes; i++)
		if (base < holes[i].base + holes[i].size && holes[i].base < end)
			return i;
	return -1;
}

/* Start of the first hole above addr, or limit. */
static uint64_t next_hole(uint64_t addr, uint64_t limit)
{
	int i;

	for (i = 0; i < nholes; i++)
		if (holes[i].base > addr && holes[i].base < limit)
			limit = holes[i].base;
	return limit;
}

/* Highest page-aligned spot of len bytes in [lo, hi) clear of every hole. */
static int find_room(uint64_t lo, uint64_t hi, uint64_t len, uint64_t *at)
{
	uint64_t cand = (hi - len) & ~(PAGE_SIZE - 1);
	int h;

	if (len > hi - lo)
		return -1;
	while (cand >= lo) {
		h = hole_hit(cand, cand + len);
		if (h < 0) {
			*at = cand;
			return 0;
		}
		if (holes[h].base < lo + len)
			return -1;
		cand = (holes[h].base - len) & ~(PAGE_SIZE - 1);
	}
	return -1;
}

int pmm_init(const struct machine *m, uint64_t dtb_pa, uint64_t dtb_size)
{
	uint64_t kstart, kend, b;
	int i, err;

	arch_kernel_range(&kstart, &kend);
	hole_add(kstart, kend - kstart);
	hole_add(dtb_pa, dtb_size);
	hole_add(m->initrd.base, m->initrd.size);
	for (i = 0; i < m->nreserved; i++)
		hole_add(m->reserved[i].base, m->reserved[i].size);

	for (i = 0; i < m->nmem; i++) {
		uint64_t base = (m->mem[i].base + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
		uint64_t end = (m->mem[i].base + m->mem[i].size) & ~(PAGE_SIZE - 1);
		uint64_t n, meta_len, meta_pa;

		if (end <= base)
			continue;
		n = (end - base) >> PAGE_SHIFT;
		meta_len = (page_meta_bytes(n) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
		if (find_room(base, end, meta_len, &meta_pa))
			continue;	/* a range too cluttered to describe: skip it */
		hole_add(meta_pa, meta_len);
		err = page_add_zone(&pages, base, n, phys_to_virt(meta_pa));
		if (err)
			return err;
		total_pages += n;
	}

	/* Release everything between the holes. */
	for (i = 0; i < pages.nzones; i++) {
		uint64_t zb = pages.zones[i].base_pfn << PAGE_SHIFT;
		uint64_t ze = zb + (pages.zones[i].npages << PAGE_SHIFT);
		uint64_t a = zb;

		while (a < ze) {
			int h = hole_hit(a, a + PAGE_SIZE);

			if (h >= 0) {
				a = holes[h].base + holes[h].size;
				continue;
			}
			b = next_hole(a, ze);
			page_release_range(&pages, a, b);
			a = b;
		}
	}
	return pages.nzones ? 0 : -SH_ENOMEM;
}

int pmm_alloc(unsigned order, uint64_t *pa)
{
	int err;

	spin_lock(&pmm_lock);
	err = page_alloc(&pages, order, pa);
	spin_unlock(&pmm_lock);
	return err;
}

int pmm_free(uint64_t pa, unsigned order)
{
	int err;

	spin_lock(&pmm_lock);
	err = page_free(&pages, pa, order);
	spin_unlock(&pmm_lock);
	return err;
}

struct page_meta *pmm_meta(uint64_t pa)
{
	return page_meta_of(&pages, pa);
}

uint64_t pmm_free_pages(void)
{
	return page_free_count(&pages);
}

uint64_t pmm_total_pages(void)
{
	return total_pages;
}
