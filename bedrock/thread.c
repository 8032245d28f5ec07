/* Thread lifetime.  A live thread holds a reference on itself, dropped by
 * its CPU once nothing runs on its kernel stack (sched_reap), and one on
 * its process; its process lists it until it dies. */
#include "thread.h"

#include "arch.h"
#include "heap.h"
#include "ipc.h"
#include "log.h"
#include "pmm.h"
#include "proc.h"
#include "sched.h"
#include "wait.h"

#include <shale/errors.h>
#include <string.h>

static uint64_t next_tid = 1;
static uint64_t live_threads;

static void thread_destroy(struct kobj *o, struct kobj_reap *r)
{
	struct thread *t = (struct thread *)o;
	struct quota *q = t->proc->quota;

	pmm_free(t->kstack_pa, KSTACK_ORDER);
	quota_release(q, QUOTA_PAGES, 1u << KSTACK_ORDER);
	quota_release(q, QUOTA_THREADS, 1);
	kobj_put_reap(&t->proc->obj, r);
	kfree(t);
}

static const struct kobj_ops thread_ops = { .destroy = thread_destroy };

int thread_create(struct proc *p, uint64_t pc, uint64_t sp, uint64_t arg,
		  uint32_t prio, struct thread **out)
{
	struct thread *t;
	int err;

	if (prio > SH_PRIO_MAX)
		return -SH_EINVAL;
	if (p->state != P_ALIVE)
		return -SH_EDEAD;
	err = quota_charge(p->quota, QUOTA_THREADS, 1);
	if (err)
		return err;
	err = quota_charge(p->quota, QUOTA_PAGES, 1u << KSTACK_ORDER);
	if (err)
		goto out_threads;
	t = kmalloc(sizeof(*t));
	if (!t) {
		err = -SH_ENOMEM;
		goto out_pages;
	}
	if (pmm_alloc(KSTACK_ORDER, &t->kstack_pa)) {
		err = -SH_ENOMEM;
		goto out_free;
	}
	err = kobj_init(&t->obj, SH_OBJ_THREAD, &thread_ops, p->quota, sizeof(*t));
	if (err)
		goto out_stack;
	kobj_get(&p->obj);
	t->proc = p;
	t->tid = next_tid++;
	t->state = T_NEW;
	t->prio = prio;
	t->cpu = sched_pick_cpu();
	runq_node_init(&t->rq);
	t->tf = (struct trapframe *)((char *)phys_to_virt(t->kstack_pa) +
				     (PAGE_SIZE << KSTACK_ORDER) - ARCH_TF_SIZE);
	arch_tf_init_user(t->tf, pc, sp, arg);
	/* listed in the process */
	t->proc_next = p->threads;
	if (p->threads)
		p->threads->proc_prev = t;
	p->threads = t;
	p->nthreads++;
	live_threads++;
	kobj_get(&t->obj);	/* the thread's own reference, while alive */
	*out = t;
	return 0;

out_stack:
	pmm_free(t->kstack_pa, KSTACK_ORDER);
out_free:
	kfree(t);
out_pages:
	quota_release(p->quota, QUOTA_PAGES, 1u << KSTACK_ORDER);
out_threads:
	quota_release(p->quota, QUOTA_THREADS, 1);
	return err;
}

int thread_start(struct thread *t)
{
	if (t->state != T_NEW && t->state != T_FAULTED)
		return -SH_EINVAL;
	if (t->fault.ep)
		ipc_notice_cancel(&t->fault);
	sched_wake(t);
	return 0;
}

void thread_kill(struct thread *t, int exit_kind, int code)
{
	struct proc *p = t->proc;

	if (t->state == T_DEAD)
		return;
	/* Undo whatever it was doing. */
	sched_dequeue(t);
	waitq_remove(t);
	sched_cancel_sleep(t);
	ipc_thread_gone(t);
	if (t->fault.ep)
		ipc_notice_cancel(&t->fault);
	thread_set_state(t, T_DEAD);

	if (t->proc_prev)
		t->proc_prev->proc_next = t->proc_next;
	else
		p->threads = t->proc_next;
	if (t->proc_next)
		t->proc_next->proc_prev = t->proc_prev;
	t->proc_next = t->proc_prev = NULL;
	p->nthreads--;
	live_threads--;
	if (p->nthreads == 0)
		proc_end(p, exit_kind, code);
	sched_reap_later(t);
}

uint64_t thread_count(void)
{
	return live_threads;
}
