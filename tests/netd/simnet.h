/* A simulated Ethernet between two netd stacks, for the host tests: each
 * frame one side sends reaches the other after a delay, unless the
 * link's seeded dice drop, duplicate, delay (reorder) or corrupt it.
 * Time is simulated: simnet_run advances it a millisecond at a time. */
#ifndef SIMNET_H
#define SIMNET_H

#include <stdint.h>
#include "stack.h"

#define SIM_QUEUE 8192u

struct sim_frame {
	uint64_t at;		/* ms of delivery */
	uint32_t len;
	int to;			/* 0 or 1 */
	uint8_t data[ETH_FRAME_MAX];
};

struct simnet {
	struct net_stack st[2];
	uint64_t now;		/* ms */
	uint32_t rng;
	/* percentages */
	uint32_t loss, dup, reorder, corrupt;
	uint32_t delay;		/* ms each frame takes */
	uint64_t sent, lost, corrupted;
	uint32_t n;
	struct sim_frame *q;	/* SIM_QUEUE slots */
	/* a tap: every frame sent by side i is also copied here if set */
	void (*tap)(struct simnet *s, int from, const uint8_t *f, uint32_t len);
};

/* Two stacks: side 0 is 10.0.0.1, side 1 is 10.0.0.2, /24, with the
 * given seed for the dice and the stacks. */
void simnet_init(struct simnet *s, uint32_t seed);
void simnet_fini(struct simnet *s);
/* Advances ms milliseconds, delivering frames and running timers. */
void simnet_run(struct simnet *s, uint64_t ms);
/* Delivers a crafted frame to side i now. */
void simnet_inject(struct simnet *s, int i, const uint8_t *f, uint32_t len);

#endif
