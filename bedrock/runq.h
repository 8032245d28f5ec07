/* Scheduler run queue: RUNQ_LEVELS priority levels, round robin inside a
 * level.  Higher numbers run first.  Threads embed a struct runq_node; the
 * queue links the nodes in place, so push, pick and remove are O(1) and
 * never allocate.  One runq per CPU, embedded in the lead's per-CPU data.
 *
 * Locking: runq has no lock of its own; every call on a runq must hold the
 * lock that guards it (the owning CPU's scheduler lock). */
#ifndef BEDROCK_RUNQ_H
#define BEDROCK_RUNQ_H

#include <stdbool.h>
#include <stdint.h>

#define RUNQ_LEVELS 32

struct runq;

struct runq_node {
	struct runq_node *prev, *next;  /* circular within a level when queued */
	struct runq *rq;                /* the queue holding it, NULL if none */
	uint32_t prio;                  /* level while queued */
};

struct runq {
	uint32_t bitmap;                     /* bit p set: level p not empty */
	uint32_t count;                      /* nodes queued */
	struct runq_node level[RUNQ_LEVELS]; /* list heads (sentinels) */
};

/* Sets up an empty queue. */
void runq_init(struct runq *rq);

/* Marks n as on no queue; call once before its first push. */
void runq_node_init(struct runq_node *n);

/* Queues n at the tail of level prio (it runs after its peers).  Returns 0,
 * -SH_EINVAL if prio >= RUNQ_LEVELS, or -SH_EBUSY if n is already queued. */
int runq_push(struct runq *rq, struct runq_node *n, uint32_t prio);

/* As runq_push, at the head of the level: for a thread preempted before
 * its time slice ran out, so it keeps its turn. */
int runq_push_front(struct runq *rq, struct runq_node *n, uint32_t prio);

/* Takes the head of the highest non-empty level off rq; NULL if empty. */
struct runq_node *runq_pick(struct runq *rq);

/* Returns the highest non-empty level, or -1 if rq is empty (to decide
 * whether a newly woken thread should preempt). */
int runq_top(const struct runq *rq);

/* Takes n off rq.  Returns true, or false (nothing done) if n is not
 * queued on rq. */
bool runq_remove(struct runq *rq, struct runq_node *n);

/* Returns whether n is queued on some runq. */
bool runq_queued(const struct runq_node *n);

#endif
