/* CPU-level primitives behind arch.h. */
#include "../../arch.h"
#include "cpu.h"

uint64_t arch_cycles(void)
{
	return read_sysreg(pmccntr_el0);
}

void arch_idle(void)
{
	/* WFI wakes on a pending interrupt even while it is masked; unmasking
	 * afterwards takes it.  No window where a wake-up is lost. */
	__asm__ volatile("wfi\n\tmsr daifclr, #2\n\tisb\n\tmsr daifset, #2" ::: "memory");
}

void arch_halt(void)
{
	__asm__ volatile("msr daifset, #0xf" ::: "memory");
	for (;;)
		__asm__ volatile("wfi");
}
