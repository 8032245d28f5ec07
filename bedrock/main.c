/* bedrock's boot sequence: one log line per stage, so a reader (or a
 * test) sees how far it got.  boot.S enters here in the upper half with
 * the MMU on, interrupts masked, and the boot identity map still live. */
#include "arch.h"
#include "clock.h"
#include "heap.h"
#include "irq.h"
#include "log.h"
#include "machine.h"
#include "panic.h"
#include "pmm.h"

#include <libfdt.h>

#define BEDROCK_VERSION "0.1.0"
#define TICK_HZ 100

static struct machine machine;

static void log_machine(uint64_t dtb_pa, uint32_t dtb_size)
{
	int i;

	kprintf("bedrock: dtb at %#lx, %u bytes\n", (unsigned long)dtb_pa, dtb_size);
	for (i = 0; i < machine.nmem; i++)
		kprintf("bedrock: memory %#lx-%#lx (%lu MiB)\n",
			(unsigned long)machine.mem[i].base,
			(unsigned long)(machine.mem[i].base + machine.mem[i].size - 1),
			(unsigned long)(machine.mem[i].size >> 20));
	kprintf("bedrock: uart pl011 at %#lx, irq %u\n",
		(unsigned long)machine.uart.base, machine.uart_irq);
	kprintf("bedrock: gic v2 distributor %#lx, cpu interface %#lx\n",
		(unsigned long)machine.gicd.base, (unsigned long)machine.gicc.base);
	kprintf("bedrock: %d cpu(s), psci %s\n", machine.ncpus,
		machine.psci_method[0] ? machine.psci_method : "none");
	kprintf("bedrock: %d virtio-mmio slots\n", machine.nvirtio);
	if (machine.initrd.size)
		kprintf("bedrock: initrd at %#lx, %lu bytes\n",
			(unsigned long)machine.initrd.base, (unsigned long)machine.initrd.size);
}

/* Until user space exists the kernel shows it is alive once a second. */
static __attribute__((noreturn)) void heartbeat(void)
{
	uint64_t last = 0;

	kprintf("bedrock: no init process, heartbeat only\n");
	for (;;) {
		uint64_t t;

		arch_idle();
		t = clock_ticks();
		if (t / TICK_HZ != last / TICK_HZ) {
			kprintf("bedrock: tick %lu\n", (unsigned long)t);
			last = t;
		}
	}
}

void kmain(uint64_t dtb_pa, uint64_t entry_el, uint64_t kernel_pa)
{
	const void *fdt = (const void *)(uintptr_t)dtb_pa;	/* identity mapped */
	const char *why;
	uint32_t dtb_size;

	kprintf("\nbedrock: Shale bedrock " BEDROCK_VERSION " (aarch64)\n");
	kprintf("bedrock: entered at EL%lu, running at EL1\n", (unsigned long)entry_el);
	if (dtb_parse(fdt, &machine, &why))
		panic("device tree at %#lx: %s", (unsigned long)dtb_pa, why);
	dtb_size = fdt_totalsize(fdt);
	log_machine(dtb_pa, dtb_size);

	arch_mmu_init(&machine, kernel_pa);
	arch_console_init(&machine);
	kprintf("bedrock: mmu on, kernel at %#lx, W^X\n", (unsigned long)kernel_pa);

	if (pmm_init(&machine, dtb_pa, dtb_size))
		panic("no usable RAM");
	kprintf("bedrock: %lu MiB free\n", (unsigned long)(pmm_free_pages() >> (20 - PAGE_SHIFT)));

	{
		void *a = kmalloc(100), *b = kmalloc(5000);

		if (!a || !b)
			panic("kernel heap does not work");
		kfree(a);
		kfree(b);
	}
	kprintf("bedrock: heap ready\n");

	if (arch_irq_init(&machine))
		panic("GIC setup failed");
	kprintf("bedrock: gic ready, %u interrupt lines\n", irq_count());
	if (arch_timer_init(&machine, TICK_HZ))
		panic("timer setup failed");
	kprintf("bedrock: timer %d Hz\n", TICK_HZ);

	kprintf("bedrock: boot done in %lu cycles\n", (unsigned long)arch_cycles());
	heartbeat();
}
