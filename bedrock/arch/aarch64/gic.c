/* GICv2: distributor and CPU interface at the addresses the DTB gives.
 * All SPIs start disabled and routed to CPU 0; a driver enables its line
 * with irq_enable().  bedrock takes interrupts only where it chooses to
 * (EL0, or the idle wait), never in the middle of kernel work. */
#include "../../arch.h"
#include "../../irq.h"
#include "../../machine.h"
#include "cpu.h"

#include <stddef.h>

#define GICD_CTLR	0x000
#define GICD_TYPER	0x004
#define GICD_ISENABLER	0x100
#define GICD_ICENABLER	0x180
#define GICD_ICPENDR	0x280
#define GICD_IPRIORITYR	0x400
#define GICD_ITARGETSR	0x800
#define GICD_ICFGR	0xc00

#define GICC_CTLR	0x000
#define GICC_PMR	0x004
#define GICC_BPR	0x008
#define GICC_IAR	0x00c
#define GICC_EOIR	0x010

static uintptr_t gicd, gicc;
static unsigned nlines;

struct irq_slot {
	irq_handler fn;
	void *arg;
};
static struct irq_slot handlers[IRQ_MAX];

unsigned irq_count(void)
{
	return nlines;
}

int irq_register(unsigned intid, irq_handler fn, void *arg)
{
	if (intid >= nlines || intid >= IRQ_MAX)
		return -1;
	handlers[intid].fn = fn;
	handlers[intid].arg = arg;
	return 0;
}

void irq_enable(unsigned intid)
{
	if (intid < nlines)
		mmio_write32(gicd + GICD_ISENABLER + 4 * (intid / 32), 1U << (intid % 32));
}

void irq_disable(unsigned intid)
{
	if (intid < nlines)
		mmio_write32(gicd + GICD_ICENABLER + 4 * (intid / 32), 1U << (intid % 32));
}

/* Per-CPU part: banked PPI/SGI state and the CPU interface. */
void gic_cpu_init(void)
{
	unsigned i;

	mmio_write32(gicd + GICD_ICENABLER, 0xffffffff);
	for (i = 0; i < 32; i += 4)
		mmio_write32(gicd + GICD_IPRIORITYR + i, 0xa0a0a0a0);
	mmio_write32(gicc + GICC_PMR, 0xf0);
	mmio_write32(gicc + GICC_BPR, 0);
	mmio_write32(gicc + GICC_CTLR, 1);
}

int arch_irq_init(const struct machine *m)
{
	unsigned i;

	gicd = (uintptr_t)arch_map_device(m->gicd.base, m->gicd.size);
	gicc = (uintptr_t)arch_map_device(m->gicc.base, m->gicc.size);
	if (!gicd || !gicc)
		return -1;
	mmio_write32(gicd + GICD_CTLR, 0);
	nlines = 32 * ((mmio_read32(gicd + GICD_TYPER) & 0x1f) + 1);
	if (nlines > IRQ_MAX)
		nlines = IRQ_MAX;
	for (i = 32; i < nlines; i += 32) {
		mmio_write32(gicd + GICD_ICENABLER + i / 8, 0xffffffff);
		mmio_write32(gicd + GICD_ICPENDR + i / 8, 0xffffffff);
	}
	for (i = 32; i < nlines; i += 4) {
		mmio_write32(gicd + GICD_IPRIORITYR + i, 0xa0a0a0a0);
		mmio_write32(gicd + GICD_ITARGETSR + i, 0x01010101);
	}
	for (i = 32; i < nlines; i += 16)
		mmio_write32(gicd + GICD_ICFGR + i / 4, 0);	/* level triggered */
	mmio_write32(gicd + GICD_CTLR, 1);
	gic_cpu_init();
	return 0;
}

void irq_handle(void)
{
	for (;;) {
		uint32_t iar = mmio_read32(gicc + GICC_IAR);
		unsigned id = iar & 0x3ff;

		if (id >= 1020)
			return;		/* spurious: nothing pending */
		if (id < IRQ_MAX && handlers[id].fn)
			handlers[id].fn(id, handlers[id].arg);
		mmio_write32(gicc + GICC_EOIR, iar);
	}
}

#define GICD_SGIR	0xf00

void gic_send_sgi(unsigned cpu_mask, unsigned sgi)
{
	dsb(ishst);
	mmio_write32(gicd + GICD_SGIR, ((cpu_mask & 0xff) << 16) | (sgi & 0xf));
}
