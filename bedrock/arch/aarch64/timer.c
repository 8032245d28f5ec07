/* The generic timer's EL1 virtual timer.  While a CPU runs threads it
 * ticks periodically (time slices; the next deadline is the previous one
 * plus the period, so ticks do not drift); while it idles, the scheduler
 * sets one interrupt at the next timeout instead (tickless idle). */
#include "../../arch.h"
#include "../../clock.h"
#include "../../irq.h"
#include "../../machine.h"
#include "../../notif.h"
#include "../../object.h"
#include "../../sched.h"
#include "cpu.h"
#include "sysreg.h"

static uint64_t period;
static unsigned timer_intid;
static uint64_t deadline[MAX_CPUS];

static uint64_t counter_hz;
static uint8_t oneshot[MAX_CPUS];	/* idle: next interrupt set by the scheduler */

static void timer_irq(unsigned intid, void *arg)
{
	struct cpu *c = cpu_this();
	uint64_t now = read_sysreg(cntvct_el0);
	uint64_t *d = &deadline[c->id];

	(void)intid;
	(void)arg;
	if (oneshot[c->id]) {
		*d = now + period;	/* the scheduler re-arms it on its way out */
	} else {
		*d += period;
		if (*d <= now)		/* we fell behind: skip, don't storm */
			*d = now + period;
	}
	write_sysreg(cntv_cval_el0, *d);
	sched_tick(c);
}

void arch_timer_oneshot(uint64_t ns_from_now)
{
	struct cpu *c = cpu_this();
	uint64_t ticks = ns_from_now / 1000000000ULL * counter_hz +
			 ns_from_now % 1000000000ULL * counter_hz / 1000000000ULL;

	oneshot[c->id] = 1;
	deadline[c->id] = read_sysreg(cntvct_el0) + (ticks ? ticks : 1);
	write_sysreg(cntv_cval_el0, deadline[c->id]);
}

void arch_timer_periodic(void)
{
	struct cpu *c = cpu_this();

	if (!oneshot[c->id])
		return;
	oneshot[c->id] = 0;
	deadline[c->id] = read_sysreg(cntvct_el0) + period;
	write_sysreg(cntv_cval_el0, deadline[c->id]);
}

/* Starts this CPU's own (banked) timer; the handler is shared. */
void arch_timer_init_cpu(void)
{
	uint64_t *d = &deadline[cpu_this()->id];

	/* EL0 may read the virtual count and its frequency (a clock, no
	 * secret: sys clock says as much) and nothing else: not the
	 * physical count, not the timers' registers (the virtual timer is
	 * the kernel's tick), no event stream.  Its reset value is
	 * architecturally unknown, so it is set on every CPU. */
	write_sysreg(cntkctl_el1, CNTKCTL_EL0VCTEN);
	isb();
	*d = read_sysreg(cntvct_el0) + period;
	write_sysreg(cntv_cval_el0, *d);
	write_sysreg(cntv_ctl_el0, 1);
	irq_enable(timer_intid);
}

int arch_timer_init(const struct machine *m, unsigned hz)
{
	uint64_t freq = read_sysreg(cntfrq_el0);

	if (!freq)
		freq = m->timer_freq;
	if (!freq || !hz || irq_register(m->timer_irq_virt, timer_irq, 0))
		return -1;
	period = freq / hz;
	counter_hz = freq;
	timer_intid = m->timer_irq_virt;
	irq_reserve(m->timer_irq_virt);	/* the kernel's: no driver may claim them */
	irq_reserve(m->timer_irq_phys);
	clock_init(freq, hz);
	arch_timer_init_cpu();
	return 0;
}

uint64_t clock_counter(void)
{
	return read_sysreg(cntvct_el0);
}
