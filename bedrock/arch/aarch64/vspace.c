/* User page tables: one 4-level tree per address space, tagged with an
 * ASID so switching address spaces needs no TLB flush.  ASIDs are never
 * reused while their space lives; freeing one flushes its TLB entries. */
#include "../../vm.h"
#include "../../arch.h"
#include "../../pmm.h"
#include "../../quota.h"
#include "cpu.h"
#include "pgtable.h"
#include "sysreg.h"

#include <shale/errors.h>
#include <string.h>

#define ASID_MAX 65536
static uint64_t asid_bitmap[ASID_MAX / 64];	/* guarded by the kernel lock */

static int asid_alloc(void)
{
	int i, b;

	for (i = 0; i < ASID_MAX / 64; i++) {
		if (asid_bitmap[i] == ~0ULL)
			continue;
		for (b = 0; b < 64; b++) {
			if (i == 0 && b == 0)
				continue;	/* ASID 0: the kernel's idle threads */
			if (!(asid_bitmap[i] & (1ULL << b))) {
				asid_bitmap[i] |= 1ULL << b;
				return i * 64 + b;
			}
		}
	}
	return -1;
}

static int table_alloc(struct arch_vs *vs, struct quota *q, uint64_t *pa)
{
	if (q && quota_charge(q, QUOTA_PAGES, 1))
		return -SH_EQUOTA;
	if (pmm_alloc(0, pa)) {
		if (q)
			quota_release(q, QUOTA_PAGES, 1);
		return -SH_ENOMEM;
	}
	memset(phys_to_virt(*pa), 0, PAGE_SIZE);
	vs->table_pages++;
	return 0;
}

int arch_vs_init(struct arch_vs *vs, struct quota *q)
{
	int asid = asid_alloc(), err;

	if (asid < 0)
		return -SH_EBUSY;
	vs->table_pages = 0;
	err = table_alloc(vs, q, &vs->root_pa);
	if (err) {
		asid_bitmap[asid / 64] &= ~(1ULL << (asid % 64));
		return err;
	}
	vs->asid = (uint16_t)asid;
	return 0;
}

static unsigned idx(uint64_t va, int level)
{
	return (unsigned)(va >> (39 - 9 * level)) & 511;
}

/* Returns the level-3 entry for va, creating tables if create; NULL if
 * absent (or no memory). */
static uint64_t *walk(struct arch_vs *vs, struct quota *q, uint64_t va, int create, int *err)
{
	uint64_t *t = phys_to_virt(vs->root_pa);
	int l;

	for (l = 0; l < 3; l++) {
		uint64_t *e = &t[idx(va, l)];

		if (!(*e & PTE_VALID)) {
			uint64_t pa;

			if (!create)
				return NULL;
			*err = table_alloc(vs, q, &pa);
			if (*err)
				return NULL;
			/* The zeroes must be visible to every CPU's table walker
			 * before the entry that leads to them is. */
			dsb(ishst);
			*e = pa | PTE_VALID | PTE_TABLE;
		}
		t = phys_to_virt(*e & PTE_ADDR_MASK);
	}
	return &t[idx(va, 3)];
}

static void flush_page(const struct arch_vs *vs, uint64_t va)
{
	uint64_t arg = ((uint64_t)vs->asid << 48) | ((va >> 12) & 0xfffffffffffUL);

	dsb(ishst);
	__asm__ volatile("tlbi vae1is, %0" :: "r"(arg) : "memory");
	dsb(ish);
	isb();
}

static uint64_t pte_attr(unsigned perms, int device)
{
	uint64_t attr = PTE_VALID | PTE_PAGE | PTE_AF | PTE_NG | PTE_AP_EL0 | PTE_PXN;

	if (device)
		attr |= PTE_ATTR(MAIR_IDX_DEVICE_nGnRE) | PTE_UXN;
	else
		attr |= PTE_ATTR(MAIR_IDX_NORMAL) | PTE_SH_INNER;
	if (!(perms & VM_WRITE))
		attr |= PTE_AP_RO;
	if (!(perms & VM_EXEC))
		attr |= PTE_UXN;
	return attr;
}

int arch_vs_map(struct arch_vs *vs, struct quota *q, uint64_t va, uint64_t pa,
		unsigned perms, int device)
{
	int err = 0;
	uint64_t *e = walk(vs, q, va, 1, &err);

	if (!e)
		return err ? err : -SH_ENOMEM;
	if (*e & PTE_VALID)
		return -SH_EEXIST;
	*e = (pa & PTE_ADDR_MASK) | pte_attr(perms, device);
	dsb(ishst);
	return 0;
}

int arch_vs_map_pages(struct arch_vs *vs, struct quota *q, uint64_t va, uint64_t n,
		      uint64_t (*pa_of)(const void *ctx, uint64_t i), const void *ctx,
		      unsigned perms, int device, uint64_t *done)
{
	uint64_t attr = pte_attr(perms, device), i = 0;
	int err = 0;

	while (i < n) {
		uint64_t *e = walk(vs, q, va + i * PAGE_SIZE, 1, &err);
		uint64_t k = 512 - idx(va + i * PAGE_SIZE, 3);	/* entries left in this table */

		if (!e) {
			err = err ? err : -SH_ENOMEM;
			break;
		}
		for (; k && i < n; k--, i++, e++) {
			if (*e & PTE_VALID) {
				err = -SH_EEXIST;
				goto out;
			}
			*e = (pa_of(ctx, i) & PTE_ADDR_MASK) | attr;
		}
	}
out:
	dsb(ishst);
	*done = i;
	return err;
}

void arch_vs_clear_pages(struct arch_vs *vs, uint64_t va, uint64_t n)
{
	uint64_t i = 0;
	int err;

	while (i < n) {
		uint64_t at = va + i * PAGE_SIZE, k = 512 - idx(at, 3);
		uint64_t *e = walk(vs, NULL, at, 0, &err);

		if (k > n - i)
			k = n - i;
		if (e)
			for (uint64_t j = 0; j < k; j++)
				e[j] = 0;
		i += k;
	}
}

void arch_vs_flush_all(struct arch_vs *vs)
{
	uint64_t arg = (uint64_t)vs->asid << 48;

	dsb(ishst);
	__asm__ volatile("tlbi aside1is, %0" :: "r"(arg) : "memory");
	dsb(ish);
	isb();
}

void arch_vs_unmap_pages(struct arch_vs *vs, uint64_t va, uint64_t n)
{
	uint64_t i;

	arch_vs_clear_pages(vs, va, n);
	if (n <= 16) {
		for (i = 0; i < n; i++)
			flush_page(vs, va + i * PAGE_SIZE);
		return;
	}
	arch_vs_flush_all(vs);
}

void arch_vs_unmap(struct arch_vs *vs, uint64_t va)
{
	int err;
	uint64_t *e = walk(vs, NULL, va, 0, &err);

	if (!e || !(*e & PTE_VALID))
		return;
	*e = 0;
	flush_page(vs, va);
}

int arch_vs_translate(const struct arch_vs *vs, uint64_t va, uint64_t *pa, unsigned *perms)
{
	int err;
	uint64_t *e = walk((struct arch_vs *)vs, NULL, va & ~(PAGE_SIZE - 1), 0, &err);

	if (!e || !(*e & PTE_VALID))
		return -SH_EFAULT;
	*pa = (*e & PTE_ADDR_MASK) | (va & (PAGE_SIZE - 1));
	*perms = VM_READ | ((*e & PTE_AP_RO) ? 0 : VM_WRITE) | ((*e & PTE_UXN) ? 0 : VM_EXEC);
	if ((*e & PTE_ATTR(7)) != PTE_ATTR(MAIR_IDX_NORMAL))
		*perms |= 0x100;	/* device memory: never a kernel copy target */
	return 0;
}

/* Frees the tables below t at level l (iterative depth is bounded: 4). */
static void free_level(uint64_t pa, int level)
{
	uint64_t *t = phys_to_virt(pa);
	int i;

	if (level < 3)
		for (i = 0; i < 512; i++)
			if (t[i] & PTE_VALID)
				free_level(t[i] & PTE_ADDR_MASK, level + 1);
	pmm_free(pa, 0);
}

void arch_vs_destroy(struct arch_vs *vs, struct quota *q)
{
	uint64_t arg = (uint64_t)vs->asid << 48;

	dsb(ishst);
	__asm__ volatile("tlbi aside1is, %0" :: "r"(arg) : "memory");
	dsb(ish);
	free_level(vs->root_pa, 0);
	if (q)
		quota_release(q, QUOTA_PAGES, vs->table_pages);
	vs->table_pages = 0;
	asid_bitmap[vs->asid / 64] &= ~(1ULL << (vs->asid % 64));
}

void arch_vs_activate(const struct arch_vs *vs)
{
	if (vs) {
		write_sysreg(ttbr0_el1, vs->root_pa | ((uint64_t)vs->asid << 48));
		write_sysreg(tcr_el1, read_sysreg(tcr_el1) & ~TCR_EPD0);
	} else {
		write_sysreg(tcr_el1, read_sysreg(tcr_el1) | TCR_EPD0);
	}
	isb();
}
