/* Kernel page tables.  The boot tables from boot.S map the image RWX with
 * 2 MiB blocks; here we build the tables the kernel lives with:
 *   KERNEL_VBASE  the image in 4 KiB pages: text RX, rodata R, data/bss RW
 *   PHYSMAP_BASE  every RAM range the DTB lists, 2 MiB blocks, never
 *                 executable (the image's own blocks read-only there)
 *   DEVMAP_BASE   MMIO windows handed out by arch_map_device()
 * and switch TTBR1 to them with SCTLR.WXN set, so no kernel page is both
 * writable and executable.  TTBR0 walks stay off until user space.
 * Early tables come from a static pool in BSS (the page allocator needs
 * the physmap to exist first); later ones from the page allocator. */
#include "../../arch.h"
#include "../../machine.h"
#include "../../panic.h"
#include "../../pmm.h"
#include "cpu.h"
#include "pgtable.h"
#include "sysreg.h"

#include <string.h>

extern char __kernel_start[], __text_end[], __rodata_end[], __kernel_end[];

#define POOL_PAGES 32
static uint64_t pool[POOL_PAGES][512] __attribute__((aligned(4096)));
static int pool_used;

static uint64_t kernel_pa_base;
static uint64_t *kernel_root;
static uint64_t devmap_next = DEVMAP_BASE;
static int physmap_ready;

static uint64_t image_va_to_pa(const void *va)
{
	return (uint64_t)(uintptr_t)va - KERNEL_VBASE + kernel_pa_base;
}

void *phys_to_virt(uint64_t pa)
{
	return (void *)(uintptr_t)(pa + PHYSMAP_BASE);
}

uint64_t virt_to_phys(const void *va)
{
	uintptr_t v = (uintptr_t)va;

	if (v >= KERNEL_VBASE)
		return image_va_to_pa(va);
	return v - PHYSMAP_BASE;
}

void arch_kernel_range(uint64_t *start, uint64_t *end)
{
	*start = kernel_pa_base;
	*end = image_va_to_pa(__kernel_end);
}

void *pt_table_va(uint64_t pa)
{
	uint64_t end = image_va_to_pa(__kernel_end);

	if (pa >= kernel_pa_base && pa < end)
		return (void *)(uintptr_t)(pa - kernel_pa_base + KERNEL_VBASE);
	return phys_to_virt(pa);
}

int pt_alloc_table(uint64_t *pa)
{
	if (pool_used < POOL_PAGES) {
		uint64_t *t = pool[pool_used++];

		memset(t, 0, PAGE_SIZE);
		*pa = image_va_to_pa(t);
		return 0;
	}
	if (!physmap_ready || pmm_alloc(0, pa))
		return -1;
	memset(phys_to_virt(*pa), 0, PAGE_SIZE);
	return 0;
}

static void map_image(void)
{
	uintptr_t va;

	for (va = (uintptr_t)__kernel_start; va < (uintptr_t)__kernel_end; va += PAGE_SIZE) {
		uint64_t attr = PTE_ATTR(MAIR_IDX_NORMAL) | PTE_SH_INNER | PTE_AF | PTE_UXN;

		if (va < (uintptr_t)__text_end)
			attr |= PTE_AP_RO;			/* RX */
		else if (va < (uintptr_t)__rodata_end)
			attr |= PTE_AP_RO | PTE_PXN;		/* R */
		else
			attr |= PTE_PXN;			/* RW */
		if (pt_map(kernel_root, va, image_va_to_pa((void *)va), attr, 3))
			panic("out of boot page tables mapping the image");
	}
}

static void map_physmap(const struct machine *m)
{
	uint64_t kstart = kernel_pa_base, kend = image_va_to_pa(__kernel_end);
	uint64_t attr = PTE_ATTR(MAIR_IDX_NORMAL) | PTE_SH_INNER | PTE_AF | PTE_UXN | PTE_PXN;
	int i;

	for (i = 0; i < m->nmem; i++) {
		uint64_t pa = m->mem[i].base & ~(BLOCK_2M - 1);
		uint64_t end = m->mem[i].base + m->mem[i].size;

		for (; pa < end; pa += BLOCK_2M) {
			uint64_t p;
			int err = 0;

			if (!(pa + BLOCK_2M > kstart && pa < kend)) {
				err = pt_map(kernel_root, PHYSMAP_BASE + pa, pa, attr, 2);
			} else {
				/* The image's block in pages: its alias is read-only. */
				for (p = pa; p < pa + BLOCK_2M && !err; p += PAGE_SIZE)
					err = pt_map(kernel_root, PHYSMAP_BASE + p, p,
						     attr | (p >= kstart && p < kend ? PTE_AP_RO : 0), 3);
			}
			if (err)
				panic("out of boot page tables mapping RAM");
		}
	}
}

void *arch_map_device(uint64_t pa, uint64_t size)
{
	uint64_t off = pa & (PAGE_SIZE - 1), va, p;

	pa -= off;
	size = (size + off + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	va = devmap_next;
	for (p = 0; p < size; p += PAGE_SIZE) {
		uint64_t attr = PTE_ATTR(MAIR_IDX_DEVICE_nGnRE) | PTE_AF | PTE_UXN | PTE_PXN;

		if (pt_map(kernel_root, va + p, pa + p, attr, 3))
			return NULL;
	}
	devmap_next += size + PAGE_SIZE;	/* a guard page between windows */
	pt_flush_tlb();
	return (void *)(uintptr_t)(va + off);
}

void arch_mmu_init(const struct machine *m, uint64_t kernel_pa)
{
	static uint64_t empty_ttbr0[512] __attribute__((aligned(4096)));
	uint64_t root_pa, sctlr;

	kernel_pa_base = kernel_pa;
	if (pt_alloc_table(&root_pa))
		panic("no page for the kernel root table");
	kernel_root = pt_table_va(root_pa);
	map_image();
	map_physmap(m);

	dsb(ishst);
	write_sysreg(ttbr1_el1, root_pa);
	write_sysreg(ttbr0_el1, image_va_to_pa(empty_ttbr0));
	write_sysreg(tcr_el1, read_sysreg(tcr_el1) | TCR_EPD0);
	sctlr = read_sysreg(sctlr_el1) | SCTLR_WXN;
	write_sysreg(sctlr_el1, sctlr);
	isb();
	pt_flush_tlb();
	physmap_ready = 1;
}

uint64_t *arch_kernel_root(void)
{
	return kernel_root;
}
