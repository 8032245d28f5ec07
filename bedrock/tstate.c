/* The thread state machine.  Every change of a thread's state goes
 * through thread_set_state, which checks the move against the table of
 * allowed transitions and the queue invariants of the state entered
 * (INVARIANTS.md): a parked thread is on no queue, a blocked one is not
 * on a run queue, a thread made runnable is on no wait queue and has no
 * timeout pending.  A broken one panics in assert builds: it means the
 * kernel's own bookkeeping is wrong, which user space cannot cause. */
#include "thread.h"

#include "kassert.h"
#include "runq.h"

#define B(s) (1u << (s))
#define BLOCKED (B(T_SEND) | B(T_RECV) | B(T_REPLY) | B(T_NOTIF) | B(T_SLEEP) | B(T_PWAIT))
#define WOKEN (B(T_RUNNABLE) | B(T_PARKED) | B(T_DEAD))

static const uint32_t allowed[T_DEAD + 1] = {
	[T_NEW] = WOKEN,
	[T_RUNNABLE] = BLOCKED | B(T_PARKED) | B(T_FAULTED) | B(T_DEAD),
	[T_PARKED] = B(T_RUNNABLE) | B(T_DEAD),
	[T_SEND] = WOKEN | B(T_REPLY),		/* a receiver took the message */
	[T_RECV] = WOKEN,
	[T_REPLY] = WOKEN,
	[T_NOTIF] = WOKEN,
	[T_SLEEP] = WOKEN,
	[T_PWAIT] = WOKEN,
	[T_FAULTED] = WOKEN,
	[T_DEAD] = 0,
};

static const char *const names[T_DEAD + 1] = {
	[T_NEW] = "new", [T_RUNNABLE] = "runnable", [T_PARKED] = "parked",
	[T_SEND] = "send", [T_RECV] = "recv", [T_REPLY] = "reply",
	[T_NOTIF] = "notif", [T_SLEEP] = "sleep", [T_PWAIT] = "pwait",
	[T_FAULTED] = "faulted", [T_DEAD] = "dead",
};

const char *thread_state_name(enum thread_state s)
{
	return (unsigned)s <= T_DEAD ? names[s] : "?";
}

int thread_blocked(const struct thread *t)
{
	return (unsigned)t->state <= T_DEAD && (BLOCKED & B(t->state));
}

void thread_set_state(struct thread *t, enum thread_state to)
{
	enum thread_state from = t->state;

	kassert_msg((unsigned)from <= T_DEAD && (unsigned)to <= T_DEAD &&
		    (allowed[from] & B(to)),
		    "thread %lu: %s -> %s is not a transition", (unsigned long)t->tid,
		    thread_state_name(from), thread_state_name(to));
	if (to == T_PARKED)
		kassert(!runq_queued(&t->rq) && !t->waitq && !t->wake_at);
	else if (to == T_RUNNABLE)
		kassert(!t->waitq && !t->wake_at);
	else if (BLOCKED & B(to))
		kassert(!runq_queued(&t->rq) && !t->waitq);
	t->state = to;
}
