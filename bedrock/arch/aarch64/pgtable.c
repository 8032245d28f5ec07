/* Table walking shared by the kernel map and (later) user address spaces. */
#include "pgtable.h"

#include "cpu.h"
#include "sysreg.h"

static unsigned index_at(uint64_t va, int level)
{
	return (unsigned)(va >> (39 - 9 * level)) & 511;
}

int pt_map(uint64_t *root, uint64_t va, uint64_t pa, uint64_t attr, int level)
{
	uint64_t *table = root, desc;
	int l;

	for (l = 0; l < level; l++) {
		uint64_t *e = &table[index_at(va, l)];

		if (!(*e & PTE_VALID)) {
			uint64_t t;

			if (pt_alloc_table(&t))
				return -1;
			*e = t | PTE_VALID | PTE_TABLE;
		} else if (!(*e & PTE_TABLE)) {
			return -1;	/* a block is already there */
		}
		table = pt_table_va(*e & PTE_ADDR_MASK);
	}
	desc = (pa & PTE_ADDR_MASK) | attr | PTE_VALID | (level == 3 ? PTE_PAGE : 0);
	if ((table[index_at(va, level)] & PTE_VALID) && table[index_at(va, level)] != desc)
		return -1;
	table[index_at(va, level)] = desc;
	return 0;
}

void pt_flush_tlb(void)
{
	dsb(ishst);
	__asm__ volatile("tlbi vmalle1is" ::: "memory");
	dsb(ish);
	isb();
}
