/* aarch64 system register constants shared by assembly and C. */
#ifndef AARCH64_SYSREG_H
#define AARCH64_SYSREG_H

#ifdef __ASSEMBLER__
#define _UL(x) x
#else
#define _UL(x) x##UL
#endif

/* MAIR_EL1 attribute indexes used in page descriptors. */
#define MAIR_IDX_DEVICE_nGnRnE	0
#define MAIR_IDX_NORMAL		1
#define MAIR_IDX_DEVICE_nGnRE	2
#define MAIR_IDX_NORMAL_NC	3
#define MAIR_VALUE		0x000000004404ff00

/* Page and block descriptor bits (4 KiB granule). */
#define PTE_VALID		(_UL(1) << 0)
#define PTE_TABLE		(_UL(1) << 1)	/* levels 0-2: next table */
#define PTE_PAGE		(_UL(1) << 1)	/* level 3: page */
#define PTE_ATTR(i)		((i) << 2)
#define PTE_AP_EL0		(_UL(1) << 6)	/* EL0 may access */
#define PTE_AP_RO		(_UL(1) << 7)	/* read-only */
#define PTE_SH_INNER		(_UL(3) << 8)
#define PTE_AF			(_UL(1) << 10)
#define PTE_NG			(_UL(1) << 11)	/* not global: tagged by ASID */
#define PTE_PXN			(_UL(1) << 53)
#define PTE_UXN			(_UL(1) << 54)
#define PTE_ADDR_MASK		_UL(0x0000fffffffff000)

/* Early boot blocks: normal RWX memory, and device memory never executable. */
#define EARLY_BLOCK_NORMAL	(PTE_VALID | PTE_ATTR(MAIR_IDX_NORMAL) | PTE_SH_INNER | PTE_AF)
#define EARLY_BLOCK_DEVICE	(PTE_VALID | PTE_ATTR(MAIR_IDX_DEVICE_nGnRE) | PTE_AF | PTE_PXN | PTE_UXN)

/* TCR_EL1: 48-bit VA both halves, 4 KiB granule, write-back inner shareable
 * walks, 16-bit ASIDs; IPS is filled in from ID_AA64MMFR0_EL1 at boot. */
#define TCR_T0SZ		16
#define TCR_T1SZ		(_UL(16) << 16)
#define TCR_WALK0		((_UL(1) << 8) | (_UL(1) << 10) | (_UL(3) << 12))
#define TCR_WALK1		((_UL(1) << 24) | (_UL(1) << 26) | (_UL(3) << 28))
#define TCR_TG1_4K		(_UL(2) << 30)
#define TCR_AS16		(_UL(1) << 36)
#define TCR_EPD0		(_UL(1) << 7)	/* no TTBR0 walks */
#define TCR_VALUE		(TCR_T0SZ | TCR_T1SZ | TCR_WALK0 | TCR_WALK1 | TCR_TG1_4K | TCR_AS16)

/* SCTLR_EL1: RES1 bits, then MMU, caches, stack alignment checks, EL0 use
 * of DC ZVA and CTR_EL0 (picolibc's memset reads DCZID). */
#define SCTLR_RES1		_UL(0x30d00800)
#define SCTLR_M			(_UL(1) << 0)
#define SCTLR_C			(_UL(1) << 2)
#define SCTLR_SA		(_UL(1) << 3)
#define SCTLR_SA0		(_UL(1) << 4)
#define SCTLR_I			(_UL(1) << 12)
#define SCTLR_DZE		(_UL(1) << 14)
#define SCTLR_UCT		(_UL(1) << 15)
#define CNTKCTL_EL0VCTEN (1UL << 1)	/* EL0 reads CNTVCT_EL0, CNTFRQ_EL0 */
#define SCTLR_WXN		(_UL(1) << 19)
#define SCTLR_BOOT		(SCTLR_RES1 | SCTLR_M | SCTLR_C | SCTLR_SA | SCTLR_SA0 | SCTLR_I | SCTLR_DZE | SCTLR_UCT)

/* Layout of the kernel's half of the address space. */
#define KERNEL_VBASE		_UL(0xffffff8000000000)	/* the image */
#define PHYSMAP_BASE		_UL(0xffff000000000000)	/* all RAM, VA = PA + base */
#define DEVMAP_BASE		_UL(0xfffffe0000000000)	/* MMIO windows */

#endif
