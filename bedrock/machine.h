/* What bedrock knows about the machine, all of it read from the device
 * tree (dtb.c) rather than assumed. */
#ifndef BEDROCK_MACHINE_H
#define BEDROCK_MACHINE_H

#include <stdint.h>

#define MACHINE_MAX_MEM		8
#define MACHINE_MAX_RESERVED	16
#define MACHINE_MAX_VIRTIO	64
#define MACHINE_MAX_CPUS	8

struct mem_range {
	uint64_t base;
	uint64_t size;
};

struct virtio_slot {
	uint64_t base;
	uint64_t size;
	uint32_t irq;		/* GIC INTID */
};

struct machine {
	struct mem_range mem[MACHINE_MAX_MEM];
	int nmem;
	struct mem_range reserved[MACHINE_MAX_RESERVED];	/* /memreserve/ and reserved-memory */
	int nreserved;
	struct mem_range initrd;	/* size 0: none */
	struct mem_range uart;		/* PL011 */
	uint32_t uart_irq;
	struct mem_range gicd;		/* GICv2 distributor */
	struct mem_range gicc;		/* GICv2 CPU interface */
	uint32_t timer_irq_phys;	/* INTIDs of the generic timer */
	uint32_t timer_irq_virt;
	uint32_t timer_freq;		/* from the DTB if given, else 0 */
	struct virtio_slot virtio[MACHINE_MAX_VIRTIO];
	int nvirtio;
	uint64_t cpu_mpidr[MACHINE_MAX_CPUS];
	int ncpus;
	char psci_method[8];		/* "hvc", "smc" or "" */
	char bootargs[128];
};

/* Parses a flattened device tree into m.  Returns 0, or -SH_EBADMSG when
 * the blob is not a valid tree or lacks memory, UART, GIC or timer; why
 * then names what was missing. */
int dtb_parse(const void *fdt, struct machine *m, const char **why);

#endif
