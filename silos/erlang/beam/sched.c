/* The scheduler: one run queue, round robin, each turn bounded by the
 * interpreter's reduction budget; and the timers (receive ... after,
 * erlang:send_after/start_timer) in a binary heap ordered by deadline.
 * When nothing can run, it sleeps until the next timer; when nothing can
 * run and no timer is pending, the system is idle and the run ends. */
#include "beam.h"
#include "host.h"
#include <stdlib.h>

static struct proc *rq_head, *rq_tail;
static struct proc *running;

void sched_enqueue(struct proc *p)
{
	if (p->in_runq)
		return;
	p->in_runq = true;
	p->runq_next = NULL;
	if (rq_tail)
		rq_tail->runq_next = p;
	else
		rq_head = p;
	rq_tail = p;
}

static struct proc *sched_dequeue(void)
{
	struct proc *p = rq_head;
	if (!p)
		return NULL;
	rq_head = p->runq_next;
	if (!rq_head)
		rq_tail = NULL;
	p->in_runq = false;
	return p;
}

static struct proc *main_proc;

bool sched_is_main(const struct proc *p)
{
	return p == main_proc;
}

/* Called when p has died: free it now unless something still holds it. */
void sched_forget(struct proc *p)
{
	if (p == running || p->in_runq || p == main_proc)
		return;
	proc_free(p);
}

int64_t sched_now_ms(void)
{
	return host_monotonic_us() / 1000;
}

static struct timer **th;
static size_t nth, cap_th;
static uint64_t timer_seq;

static bool t_less(struct timer *a, struct timer *b)
{
	return a->when < b->when || (a->when == b->when && a->seq < b->seq);
}

void timer_add(struct timer *t)
{
	t->seq = timer_seq++;
	if (nth == cap_th) {
		cap_th = cap_th ? cap_th * 2 : 64;
		th = realloc(th, cap_th * sizeof *th);
	}
	size_t i = nth++;
	while (i > 0 && t_less(t, th[(i - 1) / 2])) {
		th[i] = th[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	th[i] = t;
}

static struct timer *timer_pop(void)
{
	struct timer *top = th[0], *last = th[--nth];
	size_t i = 0;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= nth)
			break;
		if (c + 1 < nth && t_less(th[c + 1], th[c]))
			c++;
		if (!t_less(th[c], last))
			break;
		th[i] = th[c];
		i = c;
	}
	if (nth)
		th[i] = last;
	return top;
}

void timer_cancel(struct timer *t)
{
	t->cancelled = true;
	t->owner = NULL;
}

struct timer *timer_find_ref(term ref)
{
	if (!is_ref(ref))
		return NULL;
	for (size_t i = 0; i < nth; i++)
		if (!th[i]->cancelled && th[i]->ref == boxed_ptr(ref)[1])
			return th[i];
	return NULL;
}

int64_t timer_remaining(struct timer *t)
{
	int64_t r = t->when - sched_now_ms();
	return r < 0 ? 0 : r;
}

static void timer_fire(struct timer *t)
{
	if (t->msgmem) {
		struct proc *q = t->dest ? proc_find(t->dest) : NULL;
		if (!q && t->dest_name != NONV)
			q = proc_find_pid(proc_whereis(t->dest_name));
		if (q)
			proc_send(q, t->msg);
		free(t->msgmem);
		free(t);
		return;
	}
	struct proc *p = proc_find(t->owner_serial);
	if (p && p->tmo == t) {
		p->tmo = NULL;
		if (p->state == PS_WAITING) {
			p->pc = p->tmo_pc;
			p->state = PS_RUNNABLE;
			sched_enqueue(p);
		} else {
			p->timed_out = true;
		}
	}
	free(t);
}

static void timers_run(int64_t now)
{
	while (nth && (th[0]->cancelled || th[0]->when <= now)) {
		struct timer *t = timer_pop();
		if (t->cancelled) {
			free(t->msgmem);
			free(t);
			continue;
		}
		timer_fire(t);
	}
}

/* Runs until the main process ends; returns its result and class (0 for a
 * normal return, else the exception class). */
int sched_run(struct proc *main, term *result, int *cls)
{
	main_proc = main;
	sched_enqueue(main);
	for (;;) {
		if (nth)
			timers_run(sched_now_ms());
		shell_poll();
		silo_poll();
		sock_poll();
		struct proc *p = sched_dequeue();
		if (!p) {
			while (nth && th[0]->cancelled) {
				struct timer *t = timer_pop();
				free(t->msgmem);
				free(t);
			}
			if (!nth) {
				/* only the world outside can wake us now */
				if (!host_idle(-1))
					break;
				continue;
			}
			int64_t wait = th[0]->when - sched_now_ms();
			if (wait > 0)
				host_idle(wait);
			continue;
		}
		if (p->state == PS_DEAD) {
			if (p != main)
				proc_free(p);
			else
				break;
			continue;
		}
		if (p->state == PS_EXITING)
			continue;
		running = p;
		int r = interp_run(p);
		running = NULL;
		if (r == RUN_YIELD) {
			sched_enqueue(p);
		} else if (r == RUN_WAIT) {
			if (p->state == PS_DEAD) {
				/* killed by a signal it sent itself */
			} else if (*p->mq_save) {
				sched_enqueue(p);
			} else if (p->timed_out && p->tmo_pc) {
				p->timed_out = false;
				p->pc = p->tmo_pc;
				sched_enqueue(p);
			} else {
				p->state = PS_WAITING;
			}
		}
		if (p->state == PS_DEAD) {
			if (p == main)
				break;
			if (!p->in_runq)
				proc_free(p);
		}
	}
	if (main->state != PS_DEAD) {
		*cls = -1;      /* deadlock: main is waiting forever */
		return -1;
	}
	*result = main->result;
	*cls = main->result == NONV ? (main->fclass ? main->fclass : EXC_EXIT) : 0;
	return 0;
}
