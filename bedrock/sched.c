/* Scheduling (see sched.h).  A CPU runs its current thread until it
 * blocks, its slice ends with a peer of equal or higher priority waiting,
 * or a higher priority thread is woken; then the head of its highest
 * non-empty run queue level runs, or the idle thread. */
#include "sched.h"

#include "arch.h"
#include "clock.h"
#include "kassert.h"
#include "kobj.h"
#include "object.h"
#include "silo.h"
#include "thread.h"
#include "wait.h"

#include <stddef.h>

struct cpu cpus[MAX_CPUS];
int ncpus_online;
static int next_cpu;
static struct thread *sleepers;		/* sorted by wake_at */

#define thread_of(node) ((struct thread *)((char *)(node) - offsetof(struct thread, rq)))

void arch_idle_frame(struct thread *idle, uint64_t stack_top);
void arch_fp_switch(struct cpu *c, struct thread *next);
void arch_tls_switch(struct thread *prev, struct thread *next);
void arch_fp_init_cpu(struct cpu *c);

void sched_cpu_init(int id, uint64_t idle_stack_top)
{
	struct cpu *c = &cpus[id];

	c->id = id;
	runq_init(&c->rq);
	c->idle.tid = 0;
	c->idle.state = T_RUNNABLE;
	c->idle.cpu = id;
	c->idle_stack_top = idle_stack_top;
	c->current = &c->idle;
	arch_fp_init_cpu(c);
	c->online = 1;
	ncpus_online++;
}

int sched_pick_cpu(void)
{
	int i;

	for (i = 0; i < MAX_CPUS; i++) {
		int id = (next_cpu + i) % MAX_CPUS;

		if (cpus[id].online) {
			next_cpu = id + 1;
			return id;
		}
	}
	return 0;
}

/* Puts runnable t on its CPU's run queue and asks that CPU to reschedule
 * if t should preempt what runs there.  A thread still current on its CPU
 * (parked and resumed before that CPU switched away) is not queued: it
 * simply keeps running. */
static void enqueue(struct thread *t)
{
	struct cpu *c = &cpus[t->cpu];

	kassert(t->state == T_RUNNABLE);
	if (c->current == t)
		return;
	if (runq_push(&c->rq, &t->rq, t->prio))
		return;
	if (c->current == &c->idle || t->prio > c->current->prio) {
		c->need_resched = 1;
		if (c != cpu_this())
			arch_cpu_kick(c->id);
	}
}

void sched_wake(struct thread *t)
{
	if (silo_suspended(t->proc->silo)) {
		thread_set_state(t, T_PARKED);
		return;
	}
	thread_set_state(t, T_RUNNABLE);
	enqueue(t);
}

void sched_requeue(struct thread *t, uint32_t prio)
{
	kassert(t->state == T_RUNNABLE);
	if (runq_queued(&t->rq)) {
		sched_dequeue(t);
		t->prio = prio;
		enqueue(t);
	} else {
		t->prio = prio;
	}
}

void sched_park(struct thread *t)
{
	struct cpu *c = &cpus[t->cpu];

	sched_dequeue(t);
	thread_set_state(t, T_PARKED);
	if (c->current == t) {
		c->need_resched = 1;
		if (c != cpu_this())
			arch_cpu_kick(c->id);
	}
}

void sched_dequeue(struct thread *t)
{
	struct cpu *c = &cpus[t->cpu];

	if (c->handoff == t)
		c->handoff = NULL;
	if (runq_queued(&t->rq))
		runq_remove(&c->rq, &t->rq);
}

void sched_wake_handoff(struct thread *t)
{
	struct cpu *c = cpu_this();

	if (t->cpu != c->id || silo_suspended(t->proc->silo)) {
		sched_wake(t);
		return;
	}
	if (c->handoff) {
		struct thread *h = c->handoff;

		c->handoff = NULL;
		enqueue(h);		/* still runnable: it only loses its turn */
	}
	thread_set_state(t, T_RUNNABLE);
	c->handoff = t;
}

void sched_yield(struct cpu *c)
{
	c->need_resched = 1;
	if (c->current != &c->idle)
		c->current->slice_end = 0;	/* the rest of its slice is given up */
}

void sched_sleep_until(struct thread *t, uint64_t ns)
{
	struct thread **pp = &sleepers;

	t->wake_at = ns ? ns : 1;
	while (*pp && (*pp)->wake_at <= t->wake_at)
		pp = &(*pp)->sleep_next;
	t->sleep_next = *pp;
	*pp = t;
}

void sched_cancel_sleep(struct thread *t)
{
	struct thread **pp = &sleepers;

	if (!t->wake_at)
		return;
	while (*pp && *pp != t)
		pp = &(*pp)->sleep_next;
	if (*pp)
		*pp = t->sleep_next;
	t->sleep_next = NULL;
	t->wake_at = 0;
}

void sched_tick(struct cpu *c)
{
	uint64_t now = clock_ns();

	/* Timeouts are global; any CPU's tick may fire them. */
	while (sleepers && sleepers->wake_at <= now) {
		struct thread *t = sleepers;

		sleepers = t->sleep_next;
		t->sleep_next = NULL;
		t->wake_at = 0;
		wait_timeout(t);
	}
	if (c->current != &c->idle && now > c->run_start) {
		c->current->proc->cpu_ns += now - c->run_start;
		c->run_start = now;
	}
	/* The slice belongs to the thread: being preempted by a higher
	 * priority does not give it a new one, so equal peers still rotate. */
	if (c->current != &c->idle && now >= c->current->slice_end) {
		int top = runq_top(&c->rq);

		if (top >= 0 && (uint32_t)top >= c->current->prio) {
			c->need_resched = 1;
			c->current->slice_end = 0;	/* a fresh one next turn */
		} else {
			c->current->slice_end = now + SCHED_SLICE_NS;
		}
	}
}

#define IDLE_WAKE_MAX_NS 1000000000ULL	/* an idle CPU still wakes once a second */

/* c is about to idle: no periodic tick, one interrupt at the next timeout. */
static void idle_timer(struct cpu *c)
{
	uint64_t now = clock_ns(), next = now + IDLE_WAKE_MAX_NS;

	(void)c;
	if (sleepers && sleepers->wake_at < next)
		next = sleepers->wake_at > now ? sleepers->wake_at : now;
	arch_timer_oneshot(next - now);
}

struct trapframe *sched_switch(struct cpu *c, struct trapframe *interrupted)
{
	struct thread *cur = c->current, *next, *h = c->handoff;
	int cur_ok = cur != &c->idle && cur->state == T_RUNNABLE;
	int top = runq_top(&c->rq);
	uint64_t now;

	/* An IPC partner runs next, unless that would break priority order. */
	if (h) {
		c->handoff = NULL;
		if ((top < 0 || (uint32_t)top <= h->prio) && (!cur_ok || cur->prio <= h->prio) &&
		    h->state == T_RUNNABLE) {
			if (cur_ok)
				runq_push(&c->rq, &cur->rq, cur->prio);
			next = h;
			c->need_resched = 0;
			goto switch_to;
		}
		if (h->state == T_RUNNABLE)
			runq_push(&c->rq, &h->rq, h->prio);
		top = runq_top(&c->rq);
	}

	if (cur_ok && !c->need_resched && (top < 0 || (uint32_t)top <= cur->prio)) {
		next = cur;
	} else {
		struct runq_node *n;

		if (cur_ok) {
			/* Preempted by a higher priority in mid-slice: it keeps its
			 * turn.  With its slice used up (slice_end 0) it goes
			 * behind its peers, preempted or not. */
			if (cur->slice_end && top >= 0 && (uint32_t)top > cur->prio)
				runq_push_front(&c->rq, &cur->rq, cur->prio);
			else
				runq_push(&c->rq, &cur->rq, cur->prio);
		}
		n = runq_pick(&c->rq);
		next = n ? thread_of(n) : &c->idle;
		kassert_msg(next->state == T_RUNNABLE, "thread %lu queued in state %s",
			    (unsigned long)next->tid, thread_state_name(next->state));
	}
	c->need_resched = 0;
switch_to:
	if (next == cur) {
		if (cur == &c->idle)
			idle_timer(c);
		return cur == &c->idle ? interrupted : cur->tf;
	}
	/* CPU time is settled at switches (and ticks), not at every trap. */
	now = clock_ns();
	if (cur != &c->idle && now > c->run_start)
		cur->proc->cpu_ns += now - c->run_start;
	c->run_start = now;
	arch_tls_switch(cur == &c->idle ? NULL : cur, next == &c->idle ? NULL : next);
	c->current = next;
	if (next == &c->idle) {
		idle_timer(c);
		c->active_vs = NULL;
		arch_vs_activate(NULL);
		arch_idle_frame(next, c->idle_stack_top);
		return next->tf;
	}
	if (cur == &c->idle)
		arch_timer_periodic();
	if (c->active_vs != &next->proc->vs) {
		c->active_vs = &next->proc->vs;
		arch_vs_activate(c->active_vs);
	}
	arch_fp_switch(c, next);
	if (next->slice_end <= now)
		next->slice_end = now + SCHED_SLICE_NS;
	return next->tf;
}

struct trapframe *sched_switch_direct(struct cpu *c, struct thread *next)
{
	struct thread *cur = c->current;
	uint64_t now = clock_ns();

	kassert(cur != &c->idle && next != &c->idle && next->state == T_RUNNABLE &&
		!runq_queued(&next->rq) && !c->handoff);
	if (now > c->run_start)
		cur->proc->cpu_ns += now - c->run_start;
	c->run_start = now;
	arch_tls_switch(cur, next);
	c->current = next;
	c->need_resched = 0;
	if (c->active_vs != &next->proc->vs) {
		c->active_vs = &next->proc->vs;
		arch_vs_activate(c->active_vs);
	}
	arch_fp_switch(c, next);
	if (next->slice_end <= now)
		next->slice_end = now + SCHED_SLICE_NS;
	return next->tf;
}

void sched_reap_later(struct thread *t)
{
	struct cpu *c = &cpus[t->cpu];

	t->reap_next = c->reap;
	c->reap = t;
	if (c->fp_owner == t)
		c->fp_owner = NULL;
	if (c != cpu_this())
		arch_cpu_kick(c->id);
}

void sched_reap(struct cpu *c)
{
	while (c->reap) {
		struct thread *t = c->reap;

		if (t == c->current)
			return;		/* still on its stack: next time */
		c->reap = t->reap_next;
		kobj_put(&t->obj);
	}
}

void trap_return(struct trapframe *tf) __attribute__((noreturn));

void sched_start(struct cpu *c)
{
	struct trapframe *tf;

	spin_lock(&kernel_lock);
	arch_idle_frame(&c->idle, c->idle_stack_top);
	c->need_resched = 1;
	tf = sched_switch(c, c->idle.tf);
	spin_unlock(&kernel_lock);
	trap_return(tf);
}
