/* Wait queues: FIFO lists of threads linked through the threads
 * themselves, so queueing never allocates.  Portable and host-tested
 * (tests/unit/test_ipc.c); callers hold kernel_lock. */
#include "wait.h"

#include <stddef.h>

void waitq_push(struct waitq *q, struct thread *t)
{
	t->waitq = q;
	t->wait_next = NULL;
	t->wait_prev = q->tail;
	if (q->tail)
		q->tail->wait_next = t;
	else
		q->head = t;
	q->tail = t;
}

void waitq_remove(struct thread *t)
{
	struct waitq *q = t->waitq;

	if (!q)
		return;
	if (t->wait_prev)
		t->wait_prev->wait_next = t->wait_next;
	else
		q->head = t->wait_next;
	if (t->wait_next)
		t->wait_next->wait_prev = t->wait_prev;
	else
		q->tail = t->wait_prev;
	t->waitq = NULL;
	t->wait_next = t->wait_prev = NULL;
}

struct thread *waitq_pop(struct waitq *q)
{
	struct thread *t = q->head;

	if (t)
		waitq_remove(t);
	return t;
}

