/* Restart decisions, kept apart from silod's IPC so that the host unit
 * tests (tests/silos/test_policy.c) can drive them.  Portable C. */
#ifndef SILOD_POLICY_H
#define SILOD_POLICY_H

#include <stdint.h>

#include "manifest.h"

/* Restart times kept: the intensity limit's largest N, plus one. */
#define POLICY_WINDOW 1001u

/* The restarts within the intensity period, oldest first in a ring. */
struct restart_window {
	uint64_t times[POLICY_WINDOW];	/* ns */
	uint32_t head;			/* next slot to write */
	uint32_t count;			/* times kept */
};

/* 1 if a program that ended (abnormal: it faulted, was killed, or
 * exited with a non-zero code) is to be started again under policy r. */
int policy_should_restart(enum manifest_restart r, int abnormal);

/* Counts a restart at now (ns) in w, forgetting those older than
 * period_ns.  Returns 0, or -1 without counting when it would make more
 * than max restarts within period_ns: give up. */
int policy_intensity_take(struct restart_window *w, uint64_t now,
			  uint64_t period_ns, uint32_t max);

#endif
