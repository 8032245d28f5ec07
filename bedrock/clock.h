/* Time: the tick count and the free-running counter behind it. */
#ifndef BEDROCK_CLOCK_H
#define BEDROCK_CLOCK_H

#include <stdint.h>

/* Called once by the arch timer with its counter frequency and tick rate. */
void clock_init(uint64_t counter_hz, unsigned tick_hz);

/* Tick periods elapsed since the counter started. */
uint64_t clock_ticks(void);

/* Tick rate in Hz. */
unsigned clock_tick_hz(void);

/* Raw counter value (arch) and nanoseconds since boot derived from it. */
uint64_t clock_counter(void);
uint64_t clock_ns(void);

#endif
