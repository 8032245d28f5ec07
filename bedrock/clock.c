/* Tick bookkeeping.  The counter is the source of truth for time; ticks
 * only drive scheduling and the heartbeat. */
#include "clock.h"

static uint64_t counter_hz;
static unsigned tick_hz;
static volatile uint64_t ticks;

void clock_init(uint64_t hz, unsigned thz)
{
	counter_hz = hz;
	tick_hz = thz;
}

void clock_tick(void)
{
	ticks++;
}

uint64_t clock_ticks(void)
{
	return ticks;
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
