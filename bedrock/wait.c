/* Wait queues and wake-ups (see wait.h). */
#include "wait.h"

#include "arch.h"
#include "kassert.h"
#include "sched.h"
#include "thread.h"

#include <shale/errors.h>
#include <stddef.h>

void thread_set_result(struct thread *t, long result)
{
	arch_tf_set_result(t->tf, result);
}

void wait_block(struct thread *t, enum thread_state st, struct waitq *q, uint64_t deadline_ns)
{
	sched_dequeue(t);
	thread_set_state(t, st);
	if (q)
		waitq_push(q, t);
	if (deadline_ns)
		sched_sleep_until(t, deadline_ns);
}

void wait_wake(struct thread *t, long result)
{
	kassert_msg(thread_blocked(t), "wake of thread %lu in state %s",
		    (unsigned long)t->tid, thread_state_name(t->state));
	waitq_remove(t);
	sched_cancel_sleep(t);
	thread_set_result(t, result);
	t->recv_ep = NULL;
	sched_wake(t);
}

void wait_wake_handoff(struct thread *t, long result)
{
	kassert_msg(thread_blocked(t), "wake of thread %lu in state %s",
		    (unsigned long)t->tid, thread_state_name(t->state));
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
