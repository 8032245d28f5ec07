/* Secondary CPUs: started with PSCI CPU_ON (the DTB names hvc or smc),
 * they enter secondary_entry in boot.S, switch on the MMU with the
 * kernel's tables and join the scheduler.  A reschedule request between
 * CPUs is SGI 1. */
#include "../../arch.h"
#include "../../log.h"
#include "../../machine.h"
#include "../../object.h"
#include "../../irq.h"
#include "../../sched.h"
#include "cpu.h"
#include "pgtable.h"
#include "sysreg.h"

#include <shale/errors.h>

#define PSCI_CPU_ON_64	0xc4000003UL
#define SGI_KICK	1
#define CPU_STACK	16384

void gic_cpu_init(void);
void gic_send_sgi(unsigned cpu_mask, unsigned sgi);
void arch_timer_init_cpu(void);
void secondary_entry(void);
uint64_t *arch_kernel_root(void);

uint8_t cpu_stacks[MAX_CPUS][CPU_STACK] __attribute__((aligned(16)));
uint64_t secondary_ttbr1;		/* read by boot.S (physical) */
uint64_t secondary_stack_tops[MAX_CPUS];	/* read by boot.S (virtual) */

uint64_t arch_cpu_stack_top(int id)
{
	return (uint64_t)(uintptr_t)&cpu_stacks[id][CPU_STACK];
}

void arch_cpu_kick(int id)
{
	gic_send_sgi(1U << id, SGI_KICK);
}

static void kick_irq(unsigned intid, void *arg)
{
	(void)intid;
	(void)arg;
	cpu_this()->need_resched = 1;
}

static long psci_call(const char *method, uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	if (method[0] == 'h')
		__asm__ volatile("hvc #0" : "+r"(x0) : "r"(x1), "r"(x2), "r"(x3) : "memory");
	else
		__asm__ volatile("smc #0" : "+r"(x0) : "r"(x1), "r"(x2), "r"(x3) : "memory");
	return (long)x0;
}

static const struct machine *power_machine;

long arch_power(int reboot)
{
	if (!power_machine || !power_machine->psci_method[0])
		return -SH_ENOTSUP;
	psci_call(power_machine->psci_method, reboot ? 0x84000009UL : 0x84000008UL, 0, 0, 0);
	return -SH_ENOTSUP;	/* the firmware said no */
}

void arch_cpu_init_boot(void)
{
	write_sysreg(tpidr_el1, (uint64_t)(uintptr_t)&cpus[0]);
	irq_register(SGI_KICK, kick_irq, 0);
	irq_enable(SGI_KICK);
}

void secondary_main(uint64_t id)
{
	struct cpu *c = &cpus[id];

	write_sysreg(tpidr_el1, (uint64_t)(uintptr_t)c);
	/* Drop the boot identity map (its entries are global) and forbid
	 * writable-executable kernel pages, as the boot CPU did. */
	arch_vs_activate(NULL);
	write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) | SCTLR_WXN);
	isb();
	pt_flush_tlb();
	spin_lock(&kernel_lock);
	gic_cpu_init();
	irq_enable(SGI_KICK);
	arch_timer_init_cpu();
	sched_cpu_init((int)id, arch_cpu_stack_top((int)id));
	kprintf("bedrock: cpu%lu online\n", (unsigned long)id);
	spin_unlock(&kernel_lock);
	sched_start(c);
}

void arch_smp_boot(const struct machine *m)
{
	int i;

	power_machine = m;
	if (!m->psci_method[0] || m->ncpus < 2)
		return;
	secondary_ttbr1 = virt_to_phys(arch_kernel_root());
	for (i = 1; i < m->ncpus && i < MAX_CPUS; i++) {
		long r;

		/* below the idle frame sched_start builds at the top */
		secondary_stack_tops[i] = arch_cpu_stack_top(i) - 1024;
		dsb(ish);
		r = psci_call(m->psci_method, PSCI_CPU_ON_64, m->cpu_mpidr[i],
			      virt_to_phys((void *)secondary_entry), (uint64_t)i);
		if (r)
			kprintf("bedrock: cpu%d did not start (psci %ld)\n", i, r);
	}
}
