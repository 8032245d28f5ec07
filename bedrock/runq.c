/* Scheduler run queue.
 *
 * Each level is a circular doubly linked list through a sentinel node, so
 * every insertion and removal is a few pointer writes with no special case
 * for the first or last entry.  A 32-bit bitmap says which levels hold
 * anything; the highest set bit (one clz instruction) finds the level to
 * run.  The queue trusts its caller for locking and for prio having been
 * checked against the caller's own policy; it still refuses a level out of
 * range or a node queued twice, since either would corrupt the lists. */
#include <stddef.h>
#include <shale/errors.h>
#include "runq.h"

_Static_assert(RUNQ_LEVELS <= 32, "the level bitmap is 32 bits");

void runq_init(struct runq *rq)
{
	rq->bitmap = 0;
	rq->count = 0;
	for (int p = 0; p < RUNQ_LEVELS; p++) {
		rq->level[p].prev = rq->level[p].next = &rq->level[p];
		rq->level[p].rq = NULL;
		rq->level[p].prio = (uint32_t)p;
	}
}

void runq_node_init(struct runq_node *n)
{
	n->prev = n->next = NULL;
	n->rq = NULL;
	n->prio = 0;
}

/* Links n between a and b, which are adjacent in level prio. */
static void link_between(struct runq *rq, struct runq_node *n, uint32_t prio,
			 struct runq_node *a, struct runq_node *b)
{
	n->prev = a;
	n->next = b;
	a->next = n;
	b->prev = n;
	n->rq = rq;
	n->prio = prio;
	rq->bitmap |= 1u << prio;
	rq->count++;
}

static int push_check(const struct runq_node *n, uint32_t prio)
{
	if (prio >= RUNQ_LEVELS)
		return -SH_EINVAL;
	if (n->rq)
		return -SH_EBUSY;
	return 0;
}

int runq_push(struct runq *rq, struct runq_node *n, uint32_t prio)
{
	int err = push_check(n, prio);

	if (err)
		return err;
	link_between(rq, n, prio, rq->level[prio].prev, &rq->level[prio]);
	return 0;
}

int runq_push_front(struct runq *rq, struct runq_node *n, uint32_t prio)
{
	int err = push_check(n, prio);

	if (err)
		return err;
	link_between(rq, n, prio, &rq->level[prio], rq->level[prio].next);
	return 0;
}

static void unlink_node(struct runq *rq, struct runq_node *n)
{
	struct runq_node *head = &rq->level[n->prio];

	n->prev->next = n->next;
	n->next->prev = n->prev;
	if (head->next == head)
		rq->bitmap &= ~(1u << n->prio);
	rq->count--;
	n->prev = n->next = NULL;
	n->rq = NULL;
}

int runq_top(const struct runq *rq)
{
	if (!rq->bitmap)
		return -1;
	return 31 - __builtin_clz(rq->bitmap);
}

struct runq_node *runq_pick(struct runq *rq)
{
	int top = runq_top(rq);
	struct runq_node *n;

	if (top < 0)
		return NULL;
	n = rq->level[top].next;
	unlink_node(rq, n);
	return n;
}

bool runq_remove(struct runq *rq, struct runq_node *n)
{
	if (n->rq != rq)
		return false;
	unlink_node(rq, n);
	return true;
}

bool runq_queued(const struct runq_node *n)
{
	return n->rq != NULL;
}
