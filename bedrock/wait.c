/* Wait queues and wake-ups (see wait.h). */
#include "wait.h"

#include "arch.h"
#include "sched.h"

#include <shale/errors.h>
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

void thread_set_result(struct thread *t, long result)
{
	arch_tf_set_result(t->tf, result);
}

void wait_block(struct thread *t, enum thread_state st, struct waitq *q, uint64_t deadline_ns)
{
	sched_dequeue(t);
	t->state = st;
	if (q)
		waitq_push(q, t);
	if (deadline_ns)
		sched_sleep_until(t, deadline_ns);
}

void wait_wake(struct thread *t, long result)
{
	waitq_remove(t);
	sched_cancel_sleep(t);
	thread_set_result(t, result);
	t->recv_ep = NULL;
	sched_wake(t);
}

void wait_wake_handoff(struct thread *t, long result)
{
	waitq_remove(t);
	sched_cancel_sleep(t);
	thread_set_result(t, result);
	t->recv_ep = NULL;
	sched_wake_handoff(t);
}

void wait_timeout(struct thread *t)
{
	switch (t->state) {
	case T_SLEEP:
		wait_wake(t, 0);
		break;
	case T_NOTIF:
	case T_PWAIT:
		wait_wake(t, -SH_ETIMEDOUT);
		break;
	default:
		break;		/* woken some other way meanwhile */
	}
}
