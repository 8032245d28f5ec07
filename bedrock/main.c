/* bedrock's boot sequence: one log line per stage, so a reader (or a
 * test) sees how far it got.  boot.S enters here in the upper half with
 * the MMU on, interrupts masked, and the boot identity map still live. */
#include "arch.h"
#include "census.h"
#include "clock.h"
#include "lib/cpio.h"
#include "loader.h"
#include "object.h"
#include "sched.h"
#include "silo.h"
#include "heap.h"
#include "irq.h"
#include "log.h"
#include "machine.h"
#include "panic.h"
#include "pmm.h"

#include <libfdt.h>
#include <shale/errors.h>
#include <string.h>

#define BEDROCK_VERSION "0.1.0"
#define TICK_HZ 100

static struct machine machine;

struct spinlock kernel_lock = SPINLOCK_INIT;

void arch_cpu_init_boot(void);
void arch_smp_boot(const struct machine *m);
uint64_t arch_cpu_stack_top(int id);

/* The first process: bin/NAME from the boot archive, NAME from the boot
 * arguments' init=NAME (default "silod", the silo manager).  Words after "--" become its
 * arguments.  Returns 0 when it started. */
static int start_init(uint64_t dtb_pa, uint32_t dtb_size)
{
	char name[SH_NAME_MAX] = "silod", path[SH_NAME_MAX + 8] = "bin/";
	char args[256];
	size_t alen = 0, i;
	const char *a = machine.bootargs;
	struct cpio_entry e;
	int err, rest = 0;

	while (*a) {
		const char *w = a;
		size_t n;

		while (*a && *a != ' ')
			a++;
		n = (size_t)(a - w);
		if (rest) {
			if (alen + n + 1 <= sizeof(args)) {
				memcpy(args + alen, w, n);
				alen += n;
				args[alen++] = 0;
			}
		} else if (n == 2 && w[0] == '-' && w[1] == '-') {
			rest = 1;
		} else if (n > 5 && !strncmp(w, "init=", 5) && n - 5 < sizeof(name)) {
			memcpy(name, w + 5, n - 5);
			name[n - 5] = 0;
		}
		while (*a == ' ')
			a++;
	}
	if (!machine.initrd.size) {
		kprintf("bedrock: no boot archive (initrd)\n");
		return -1;
	}
	for (i = 0; name[i] && i + 4 < sizeof(path) - 1; i++)
		path[4 + i] = name[i];
	path[4 + i] = 0;
	err = cpio_find(phys_to_virt(machine.initrd.base), machine.initrd.size, path, &e);
	if (err) {
		kprintf("bedrock: boot archive: %s: %s\n", path, sh_strerror(err));
		return -1;
	}
	/* argv[0] is the program's name, then the words after "--" */
	{
		char full[sizeof(args) + SH_NAME_MAX];
		size_t nl = strlen(name) + 1;

		memcpy(full, name, nl);
		memcpy(full + nl, args, alen);
		kprintf("bedrock: starting init: %s\n", path);
		census_baseline();
		return loader_start_init(e.data, e.size, name, full, nl + alen,
					 machine.initrd.base, machine.initrd.size,
					 phys_to_virt(dtb_pa), dtb_size);
	}
}

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
	arch_cpu_init_boot();
	sched_cpu_init(0, arch_cpu_stack_top(0));
	kprintf("bedrock: gic ready, %u interrupt lines\n", irq_count());
	if (arch_timer_init(&machine, TICK_HZ))
		panic("timer setup failed");
	kprintf("bedrock: timer %d Hz\n", TICK_HZ);
	silo_root_init(&machine);
	arch_smp_boot(&machine);

	kprintf("bedrock: boot done in %lu cycles\n", (unsigned long)arch_cycles());
	if (start_init(dtb_pa, dtb_size) == 0)
		sched_start(&cpus[0]);
	heartbeat();
}
