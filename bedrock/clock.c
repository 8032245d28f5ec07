/* Time.  The counter is the source of truth; ticks only drive time slices
 * and are reported as elapsed tick periods. */
#include "clock.h"

static uint64_t counter_hz;
static unsigned tick_hz;

void clock_init(uint64_t hz, unsigned thz)
{
	counter_hz = hz;
	tick_hz = thz;
}

/* Ticks are derived from the counter, not counted: idle CPUs skip their
 * periodic interrupts (tickless), and time must not stop with them. */
uint64_t clock_ticks(void)
{
	return tick_hz ? clock_ns() / (1000000000ULL / tick_hz) : 0;
}

unsigned clock_tick_hz(void)
{
	return tick_hz;
}

uint64_t clock_ns(void)
{
	uint64_t c = clock_counter();

	if (!counter_hz)
		return 0;
	/* split to avoid overflow: seconds, then the remainder */
	return c / counter_hz * 1000000000ULL + c % counter_hz * 1000000000ULL / counter_hz;
}
