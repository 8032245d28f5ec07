/* The generic timer's EL1 virtual timer as the periodic tick.  The next
 * deadline is the previous one plus the period, so ticks do not drift
 * with interrupt latency. */
#include "../../arch.h"
#include "../../clock.h"
#include "../../irq.h"
#include "../../machine.h"
#include "cpu.h"

static uint64_t period;
static uint64_t deadline;

static void timer_irq(unsigned intid, void *arg)
{
	uint64_t now = read_sysreg(cntvct_el0);

	(void)intid;
	(void)arg;
	deadline += period;
	if (deadline <= now)		/* we fell behind: skip, don't storm */
		deadline = now + period;
	write_sysreg(cntv_cval_el0, deadline);
	clock_tick();
}

int arch_timer_init(const struct machine *m, unsigned hz)
{
	uint64_t freq = read_sysreg(cntfrq_el0);

	if (!freq)
		freq = m->timer_freq;
	if (!freq || !hz || irq_register(m->timer_irq_virt, timer_irq, 0))
		return -1;
	period = freq / hz;
	clock_init(freq, hz);
	deadline = read_sysreg(cntvct_el0) + period;
	write_sysreg(cntv_cval_el0, deadline);
	write_sysreg(cntv_ctl_el0, 1);		/* enabled, not masked */
	irq_enable(m->timer_irq_virt);
	return 0;
}

uint64_t clock_counter(void)
{
	return read_sysreg(cntvct_el0);
}
