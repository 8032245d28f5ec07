/* System calls: one table built from shale/syscall.def, one bounds check,
 * and one function per call that decodes its arguments, checks handles
 * and rights, then acts.  Nothing a caller passes can make the kernel
 * fault or panic: bad numbers, handles, rights and pointers are errors. */
#include "syscall.h"

#include "arch.h"
#include "clock.h"
#include "frame.h"
#include "heap.h"
#include "ipc.h"
#include "loader.h"
#include "lockstat.h"
#include "log.h"
#include "notif.h"
#include "pmm.h"
#include "proc.h"
#include "sched.h"
#include "silo.h"
#include "thread.h"
#include "uaccess.h"
#include "wait.h"

#include <shale/errors.h>
#include <shale/syscall.h>
#include <string.h>

#define BLOCKED IPC_BLOCKED

struct args {
	struct thread *t;
	const uint64_t *a;	/* the six argument registers, in the frame */
};

typedef long (*sys_fn)(struct args *);

#define ARGS_T (a->t)
#define CAPS (&a->t->proc->caps)
#define VS (&a->t->proc->vs)

/* Looks up handle h of type with rights; the reference goes in ref. */
static long lookup(struct args *a, uint64_t h, uint32_t type, sh_rights_t need,
		   struct cap_ref *ref)
{
	if (h == 0 || h > 0x7fffffffULL)
		return -SH_EBADH;
	return cap_lookup(CAPS, (sh_handle_t)h, type, need, ref);
}

/* Installs obj (dropping the caller's creation reference) as a handle. */
static long install(struct args *a, struct kobj *obj, sh_rights_t rights)
{
	long h = cap_install(CAPS, obj, rights, 0);

	kobj_put(obj);
	return h;
}

static long sys_debug_write(struct args *a)
{
	uint64_t p = a->a[0], n = a->a[1];
	char *buf;

	if (n > 4096)
		return -SH_E2BIG;
	if (!uaccess_range_ok(p, n))
		return -SH_EFAULT;
	if (n == 0)
		return 0;
	buf = kmalloc(n);
	if (!buf)
		return -SH_ENOMEM;
	if (copy_from_user(VS, buf, p, n)) {
		kfree(buf);
		return -SH_EFAULT;
	}
	silo_log_write(a->t->proc->silo, buf, n);
	/* The console may be slow: it is written without the kernel lock,
	 * from the copy, in one piece (kprintf keeps a write whole). */
	kernel_lock_drop();
	kprintf("%.*s", (int)n, buf);
	kernel_lock_retake();
	kfree(buf);
	if (a->t->state == T_DEAD)
		return BLOCKED;
	return (long)n;
}

static long sys_console_write(struct args *a)
{
	uint64_t p = a->a[0], n = a->a[1];
	char *buf;

	if (n > 4096)
		return -SH_E2BIG;
	if (!uaccess_range_ok(p, n))
		return -SH_EFAULT;
	if (n == 0)
		return 0;
	buf = kmalloc(n);
	if (!buf)
		return -SH_ENOMEM;
	if (copy_from_user(VS, buf, p, n)) {
		kfree(buf);
		return -SH_EFAULT;
	}
	/* As debug_write: from the copy, without the kernel lock. */
	kernel_lock_drop();
	console_write(buf, n);
	kernel_lock_retake();
	kfree(buf);
	if (a->t->state == T_DEAD)
		return BLOCKED;
	return (long)n;
}

static long sys_exit(struct args *a)
{
	thread_kill(a->t, SH_EXIT_NORMAL, (int)a->a[0]);
	return BLOCKED;
}

static long sys_yield(struct args *a)
{
	sched_yield(cpu_this());
	(void)a;
	return 0;
}

static long sys_sleep(struct args *a)
{
	uint64_t ns = a->a[0], now = clock_ns();

	if (ns == 0) {
		sched_yield(cpu_this());
		return 0;
	}
	wait_block(a->t, T_SLEEP, NULL, ns > UINT64_MAX - now ? UINT64_MAX : now + ns);
	return BLOCKED;
}

static long sys_clock(struct args *a)
{
	(void)a;
	return (long)clock_ns();
}

static long sys_cap_dup(struct args *a)
{
	if (a->a[0] == 0 || a->a[0] > 0x7fffffffULL)
		return -SH_EBADH;
	return cap_dup(CAPS, (sh_handle_t)a->a[0], (sh_rights_t)a->a[1]);
}

static long sys_cap_mint(struct args *a)
{
	if (a->a[0] == 0 || a->a[0] > 0x7fffffffULL)
		return -SH_EBADH;
	return cap_mint(CAPS, (sh_handle_t)a->a[0], (sh_rights_t)a->a[1], a->a[2]);
}

static long sys_cap_close(struct args *a)
{
	if (a->a[0] == 0 || a->a[0] > 0x7fffffffULL)
		return -SH_EBADH;
	return cap_close(CAPS, (sh_handle_t)a->a[0]);
}

/* Handles a revoke closes per entry to the kernel (about 3.4 million
 * instructions): a larger tree is revoked in steps, the call taken again
 * (its registers unchanged) until nothing is left, so the kernel lock is
 * let go and interrupts are served between steps. */
#define REVOKE_STEP 16384u

static long sys_cap_revoke(struct args *a)
{
	long n;
	int more = 0;

	if (a->a[0] == 0 || a->a[0] > 0x7fffffffULL)
		return -SH_EBADH;
	n = cap_revoke_max(CAPS, (sh_handle_t)a->a[0], REVOKE_STEP, &more);
	if (n >= 0 && more) {
		arch_tf_restart_syscall(a->t->tf);
		return BLOCKED;
	}
	return n < 0 ? n : 0;
}

static long sys_cap_info(struct args *a)
{
	struct cap_ref ref;
	struct sh_cap_info info;
	long err = lookup(a, a->a[0], CAP_TYPE_ANY, 0, &ref);

	if (err)
		return err;
	memset(&info, 0, sizeof(info));
	info.type = ref.obj->type;
	info.rights = ref.rights;
	info.badge = ref.badge;
	if (ref.obj->type == SH_OBJ_FRAME)
		info.size = ((struct frame *)ref.obj)->npages * PAGE_SIZE;
	cap_ref_put(&ref);
	return copy_to_user(VS, a->a[1], &info, sizeof(info));
}

static long sys_frame_create(struct args *a)
{
	struct frame *f;
	long err;

	if (a->a[1] & ~(uint64_t)SH_FRAME_CONTIG)
		return -SH_EINVAL;
	err = frame_prepare(a->t->proc->quota, a->a[0], a->a[1] & SH_FRAME_CONTIG, &f);
	if (err)
		return err;
	if (frame_fill_large(f)) {
		/* Allocating and zeroing up to 256 MiB is long: done without
		 * the kernel lock (nobody else can reach f yet). */
		kernel_lock_drop();
		err = frame_fill(f);
		kernel_lock_retake();
		if (a->t->state == T_DEAD) {
			kobj_put(&f->obj);
			return BLOCKED;		/* killed meanwhile */
		}
	} else {
		err = frame_fill(f);
	}
	if (err) {
		kobj_put(&f->obj);
		return err;
	}
	return install(a, &f->obj, SH_R_READ | SH_R_WRITE | SH_R_MAP | SH_R_DUP | SH_R_GRANT |
			   SH_R_MANAGE);
}

static long sys_vm_map(struct args *a)
{
	struct cap_ref vs, fr;
	unsigned perms = (unsigned)a->a[3];
	sh_rights_t need = SH_R_MAP | SH_R_READ;
	long err;

	if (perms & ~(SH_VM_READ | SH_VM_WRITE | SH_VM_EXEC))
		return -SH_EINVAL;
	if (perms & SH_VM_WRITE)
		need |= SH_R_WRITE;
	err = lookup(a, a->a[0], SH_OBJ_VSPACE, SH_R_MANAGE, &vs);
	if (err)
		return err;
	err = lookup(a, a->a[1], SH_OBJ_FRAME, need, &fr);
	if (!err) {
		struct frame *f = (struct frame *)fr.obj;

		/* device memory is never executable */
		err = a->a[4] >= f->npages || (f->device && (perms & SH_VM_EXEC)) ? -SH_EINVAL :
		      proc_map((struct proc *)vs.obj, a->a[2], f, a->a[4],
			       f->npages - a->a[4], perms | VM_READ);
		cap_ref_put(&fr);
	}
	cap_ref_put(&vs);
	return err;
}

static long sys_vm_unmap(struct args *a)
{
	struct cap_ref vs;
	long err = lookup(a, a->a[0], SH_OBJ_VSPACE, SH_R_MANAGE, &vs);

	if (err)
		return err;
	err = proc_unmap((struct proc *)vs.obj, a->a[1], a->a[2]);
	cap_ref_put(&vs);
	return err;
}

static long sys_endpoint_create(struct args *a)
{
	struct endpoint *ep = endpoint_create(a->t->proc->quota, a->t->proc->pid);

	if (!ep)
		return -SH_ENOMEM;
	return install(a, &ep->obj, SH_R_READ | SH_R_WRITE | SH_R_GRANT | SH_R_DUP | SH_R_MANAGE);
}

/* The IPC calls look their endpoint up without a reference: under the
 * kernel lock nothing they do closes the caller's handle, and IPC is the
 * path worth the saving. */
static long peek(struct args *a, uint64_t h, uint32_t type, sh_rights_t need,
		 struct cap_ref *ref)
{
	if (h == 0 || h > 0x7fffffffULL)
		return -SH_EBADH;
	return cap_peek(CAPS, (sh_handle_t)h, type, need, ref);
}

static long sys_ipc_call(struct args *a)
{
	struct cap_ref ref;
	long err = peek(a, a->a[0], SH_OBJ_ENDPOINT, SH_R_WRITE, &ref);

	if (err)
		return err;
	return ipc_call(a->t, (struct endpoint *)ref.obj, ref.badge, a->a[1]);
}

static long sys_ipc_recv(struct args *a)
{
	struct cap_ref ref;
	long err = peek(a, a->a[0], SH_OBJ_ENDPOINT, SH_R_READ, &ref);

	if (err)
		return err;
	return ipc_recv(a->t, (struct endpoint *)ref.obj, a->a[1]);
}

static long sys_ipc_reply(struct args *a)
{
	return ipc_reply(a->t, a->a[0], a->a[1]);
}

static long sys_ipc_reply_recv(struct args *a)
{
	struct cap_ref ref;
	long err = peek(a, a->a[0], SH_OBJ_ENDPOINT, SH_R_READ, &ref);

	if (err)
		return err;
	if (a->a[1]) {
		/* A reply that cannot be delivered does not stop the receive:
		 * the server's loop must go on (the caller learnt why). */
		err = ipc_reply(a->t, a->a[1], a->a[2]);
		if (err == -SH_EFAULT || err == -SH_EINVAL)
			return err;
	}
	return ipc_recv(a->t, (struct endpoint *)ref.obj, a->a[3]);
}

static long sys_notif_create(struct args *a)
{
	struct notif *n = notif_create(a->t->proc->quota);

	if (!n)
		return -SH_ENOMEM;
	return install(a, &n->obj, SH_R_READ | SH_R_WRITE | SH_R_SIGNAL | SH_R_DUP | SH_R_GRANT);
}

static long sys_notif_signal(struct args *a)
{
	struct cap_ref ref;
	long err = lookup(a, a->a[0], SH_OBJ_NOTIFICATION, SH_R_SIGNAL, &ref);

	if (err)
		return err;
	notif_signal((struct notif *)ref.obj, a->a[1]);
	cap_ref_put(&ref);
	return 0;
}

static long sys_notif_wait(struct args *a)
{
	struct cap_ref ref;
	uint64_t timeout = a->a[1], now = clock_ns();
	long err = lookup(a, a->a[0], SH_OBJ_NOTIFICATION, SH_R_READ, &ref);

	if (err)
		return err;
	err = notif_wait(a->t, (struct notif *)ref.obj,
			 timeout == UINT64_MAX || timeout > UINT64_MAX - now ? 0 : now + timeout,
			 timeout == 0);
	cap_ref_put(&ref);
	return err;
}

static long sys_thread_create(struct args *a)
{
	struct cap_ref vs;
	struct thread *t;
	long err;

	if (a->a[4] > a->t->prio)
		return a->a[4] > SH_PRIO_MAX ? -SH_EINVAL : -SH_EPERM;
	err = lookup(a, a->a[0], SH_OBJ_VSPACE, SH_R_MANAGE, &vs);
	if (err)
		return err;
	err = thread_create((struct proc *)vs.obj, a->a[1], a->a[2], a->a[3], (uint32_t)a->a[4], &t);
	cap_ref_put(&vs);
	if (err)
		return err;
	err = cap_install(CAPS, &t->obj, SH_R_ALL, 0);
	if (err < 0) {
		thread_kill(t, SH_EXIT_KILLED, 0);
		kobj_put(&t->obj);
		return err;
	}
	kobj_put(&t->obj);
	return err;
}

static long with_thread(struct args *a, int (*fn)(struct args *, struct thread *))
{
	struct cap_ref ref;
	long err = lookup(a, a->a[0], SH_OBJ_THREAD, SH_R_MANAGE, &ref);

	if (err)
		return err;
	err = fn(a, (struct thread *)ref.obj);
	cap_ref_put(&ref);
	return err;
}

static int do_start(struct args *a, struct thread *t)
{
	(void)a;
	return t->state == T_DEAD ? -SH_EDEAD : thread_start(t);
}

static int do_kill(struct args *a, struct thread *t)
{
	(void)a;
	if (t->state == T_DEAD)
		return -SH_EDEAD;
	thread_kill(t, SH_EXIT_KILLED, 0);
	return 0;
}

static int do_prio(struct args *a, struct thread *t)
{
	if (a->a[1] > SH_PRIO_MAX)
		return -SH_EINVAL;
	if (a->a[1] > a->t->prio)
		return -SH_EPERM;
	if (t->state == T_DEAD)
		return -SH_EDEAD;
	if (t->state == T_RUNNABLE)
		sched_requeue(t, (uint32_t)a->a[1]);
	else
		t->prio = (uint32_t)a->a[1];
	return 0;
}

static long sys_thread_start(struct args *a) { return with_thread(a, do_start); }
static long sys_thread_kill(struct args *a)
{
	long err = with_thread(a, do_kill);

	/* killing oneself does not return */
	return err == 0 && a->t->state == T_DEAD ? BLOCKED : err;
}
static long sys_thread_set_prio(struct args *a) { return with_thread(a, do_prio); }

static long sys_irq_bind(struct args *a)
{
	struct cap_ref irq, n;
	long err = lookup(a, a->a[0], SH_OBJ_IRQ, SH_R_MANAGE, &irq);

	if (err)
		return err;
	err = lookup(a, a->a[1], SH_OBJ_NOTIFICATION, SH_R_SIGNAL, &n);
	if (!err) {
		irq_obj_bind((struct irq_obj *)irq.obj, (struct notif *)n.obj, a->a[2]);
		cap_ref_put(&n);
	}
	cap_ref_put(&irq);
	return err;
}

static long sys_irq_ack(struct args *a)
{
	struct cap_ref irq;
	long err = lookup(a, a->a[0], SH_OBJ_IRQ, SH_R_SIGNAL, &irq);

	if (err)
		return err;
	irq_obj_ack((struct irq_obj *)irq.obj);
	cap_ref_put(&irq);
	return 0;
}

static long sys_proc_spawn(struct args *a)
{
	return loader_spawn(a->t, a->a[0], a->a[1], a->a[2]);
}

/* The one lifetime rule for a process's supervisor: a live process holds
 * one reference on its supervisor endpoint; proc_end releases it (after
 * posting the exit notice).  A dead process holds none and takes none. */
static long sys_proc_supervise(struct args *a)
{
	struct cap_ref vs, ep = { 0 };
	struct proc *p;
	long err = lookup(a, a->a[0], SH_OBJ_VSPACE, SH_R_MANAGE, &vs);

	if (err)
		return err;
	if (a->a[1]) {
		err = lookup(a, a->a[1], SH_OBJ_ENDPOINT, SH_R_WRITE, &ep);
		if (err) {
			cap_ref_put(&vs);
			return err;
		}
	}
	p = (struct proc *)vs.obj;
	if (p->state != P_ALIVE) {
		err = -SH_EDEAD;
		goto out;
	}
	if (p->supervisor)
		kobj_put(&p->supervisor->obj);
	p->supervisor = ep.obj ? (struct endpoint *)ep.obj : NULL;
	p->sup_badge = ep.badge;
	if (ep.obj)
		kobj_get(ep.obj);
out:
	if (ep.obj)
		cap_ref_put(&ep);
	cap_ref_put(&vs);
	return err;
}

static long sys_proc_kill(struct args *a)
{
	struct cap_ref vs;
	struct proc *p;
	long err = lookup(a, a->a[0], SH_OBJ_VSPACE, SH_R_MANAGE, &vs);

	if (err)
		return err;
	p = (struct proc *)vs.obj;
	if (p->state != P_ALIVE)
		err = -SH_EDEAD;
	else
		proc_kill(p, SH_EXIT_KILLED, -1);
	cap_ref_put(&vs);
	if (!err && a->t->state == T_DEAD)
		return BLOCKED;		/* it killed its own process */
	return err;
}

static long sys_frame_info(struct args *a)
{
	struct cap_ref ref;
	struct sh_frame_info info;
	struct frame *f;
	long err = lookup(a, a->a[0], SH_OBJ_FRAME, SH_R_READ, &ref);

	if (err)
		return err;
	f = (struct frame *)ref.obj;
	memset(&info, 0, sizeof(info));
	info.size = f->npages * PAGE_SIZE;
	/* Where the memory is physically is for whoever may program a DMA
	 * engine with it: the creator's handle (MANAGE), not every holder. */
	info.phys = f->pages || !(ref.rights & SH_R_MANAGE) ? 0 : f->phys;
	info.device = (uint32_t)f->device;
	cap_ref_put(&ref);
	return copy_to_user(VS, a->a[1], &info, sizeof(info));
}

static long sys_sys_stat(struct args *a)
{
	switch (a->a[0]) {
	case SH_STAT_MEM: {
		struct sh_stat_mem m = {
			.total_pages = pmm_total_pages(),
			.free_pages = pmm_free_pages(),
			.objects = proc_count() + thread_count(),
			.kobjs = kobj_live(),
			.handles = cap_live_total(),
			.heap_pages = heap_pages(),
		};
		struct quota_usage u;

		quota_read(&silo_root()->quota, QUOTA_PAGES, &u);
		m.quota_pages = u.used;

		return copy_to_user(VS, a->a[1], &m, sizeof(m));
	}
	case SH_STAT_KLOG:
		/* The kernel log holds every silo's console output: it is the
		 * root silo's log, read with silo_log and READ on the root. */
		return -SH_EPERM;
	case SH_STAT_SELF: {
		struct proc *p = a->t->proc;
		struct sh_stat_self s = { .pid = p->pid };
		struct mapping *m;

		for (m = p->maps; m; m = m->next)
			if (m->frame)
				s.pages += m->npages;
		s.pages += p->vs.table_pages;
		s.handles = p->caps.live;
		s.threads = p->nthreads;
		return copy_to_user(VS, a->a[1], &s, sizeof(s));
	}
	case SH_STAT_LOCK: {
		struct sh_stat_lock l;

		lockstat_read(&l);
		return copy_to_user(VS, a->a[1], &l, sizeof(l));
	}
	case SH_STAT_CPUS: {
		struct sh_stat_cpus c = {
			.ncpus = (uint32_t)ncpus_online,
			.this_cpu = (uint32_t)cpu_this()->id,
			.ticks = clock_ticks(),
		};

		return copy_to_user(VS, a->a[1], &c, sizeof(c));
	}
	}
	return -SH_EINVAL;
}

static long sys_proc_wait(struct args *a)
{
	struct cap_ref vs;
	struct proc *p;
	uint64_t timeout = a->a[1], now = clock_ns();
	long err = lookup(a, a->a[0], SH_OBJ_VSPACE, SH_R_READ, &vs);

	if (err)
		return err;
	p = (struct proc *)vs.obj;
	if (p->state != P_ALIVE)
		err = p->exit_code;
	else if (p == a->t->proc)
		err = -SH_EINVAL;	/* waiting for oneself never ends */
	else if (timeout == 0)
		err = -SH_ETIMEDOUT;
	else {
		wait_block(a->t, T_PWAIT, &p->waiters,
			   timeout == UINT64_MAX || timeout > UINT64_MAX - now ? 0 : now + timeout);
		err = BLOCKED;
	}
	cap_ref_put(&vs);
	return err;
}

static long sys_dev_frame(struct args *a)
{
	struct cap_ref silo;
	struct frame *f;
	long err = lookup(a, a->a[0], SH_OBJ_SILO, SH_R_MANAGE, &silo);

	if (err)
		return err;
	if (!((struct silo *)silo.obj)->root)
		err = -SH_EPERM;
	else if (!silo_device_range_ok(a->a[1], a->a[2]))
		err = -SH_EINVAL;
	else
		err = frame_create_phys(a->t->proc->quota, a->a[1],
					(a->a[2] + PAGE_SIZE - 1) / PAGE_SIZE, 1, &f);
	cap_ref_put(&silo);
	if (err)
		return err;
	return install(a, &f->obj, SH_R_READ | SH_R_WRITE | SH_R_MAP | SH_R_DUP | SH_R_GRANT |
			   SH_R_MANAGE);
}

static long sys_irq_claim(struct args *a)
{
	struct cap_ref silo;
	struct irq_obj *irq;
	long err = lookup(a, a->a[0], SH_OBJ_SILO, SH_R_MANAGE, &silo);

	if (err)
		return err;
	if (!((struct silo *)silo.obj)->root)
		err = -SH_EPERM;
	else
		err = a->a[1] > 0xffff ? -SH_EINVAL :
		      irq_obj_claim(a->t->proc->quota, (unsigned)a->a[1], &irq);
	cap_ref_put(&silo);
	if (err)
		return err;
	return install(a, &irq->obj, SH_R_MANAGE | SH_R_SIGNAL | SH_R_DUP | SH_R_GRANT);
}

static long with_silo(struct args *a, sh_rights_t need, struct silo **out, struct cap_ref *ref)
{
	long err = lookup(a, a->a[0], SH_OBJ_SILO, need, ref);

	if (!err)
		*out = (struct silo *)ref->obj;
	return err;
}

static long sys_silo_create(struct args *a)
{
	struct cap_ref ref;
	struct silo *parent, *s;
	char name[SH_NAME_MAX];
	long err = copy_str_from_user(VS, name, a->a[1], sizeof(name));

	if (err < 0)
		return err;
	if (err == 0)
		return -SH_EINVAL;
	err = with_silo(a, SH_R_MANAGE, &parent, &ref);
	if (err)
		return err;
	err = silo_create(parent, name, &s);
	cap_ref_put(&ref);
	if (err)
		return err;
	return install(a, &s->obj, SH_R_ALL);
}

static long sys_silo_limit(struct args *a)
{
	struct cap_ref ref;
	struct silo *s;
	long err;

	if (a->a[1] >= SH_QUOTA_KINDS)
		return -SH_EINVAL;
	err = with_silo(a, SH_R_MANAGE, &s, &ref);
	if (err)
		return err;
	err = silo_dead(s) ? -SH_EDEAD :
	      quota_set_limit(&s->quota, (enum quota_kind)a->a[1], a->a[2]);
	cap_ref_put(&ref);
	return err;
}

static long sys_silo_stat(struct args *a)
{
	struct cap_ref ref;
	struct silo *s;
	struct sh_silo_stat st;
	struct proc *p;
	long err = with_silo(a, SH_R_READ, &s, &ref);
	int k;

	if (err)
		return err;
	memset(&st, 0, sizeof(st));
	st.id = s->id;
	for (k = 0; k < SH_QUOTA_KINDS; k++) {
		struct quota_usage u;

		quota_read(&s->quota, (enum quota_kind)k, &u);
		st.used[k] = u.used;
		st.limit[k] = u.limit;
	}
	st.state = silo_dead(s) ? SH_SILO_DEAD : silo_suspended(s) ? SH_SILO_SUSPENDED : s->state;
	for (p = proc_first(); p; p = p->all_next)
		if (p->state == P_ALIVE && p->silo == s)
			st.nprocs++;
	memcpy(st.name, s->name, sizeof(st.name));
	cap_ref_put(&ref);
	return copy_to_user(VS, a->a[1], &st, sizeof(st));
}

/* Cycles one step of silo_kill may take before the call is taken again. */
#define SILO_KILL_STEP 2000000ULL

static long sys_silo_kill(struct args *a)
{
	struct cap_ref ref;
	struct silo *s;
	long err = with_silo(a, SH_R_MANAGE, &s, &ref);

	if (err)
		return err;
	if (s->root) {
		err = -SH_EPERM;	/* the system itself */
	} else if (silo_dead(s) && !silo_live_procs(s)) {
		err = -SH_EDEAD;	/* killed already, or a parent was */
	} else if (!silo_kill_some(s, a->t->proc, SILO_KILL_STEP)) {
		/* More to end: the call is taken again (the silo is dead now,
		 * nothing new starts in it) until none is left. */
		cap_ref_put(&ref);
		arch_tf_restart_syscall(a->t->tf);
		return BLOCKED;
	}
	cap_ref_put(&ref);
	if (!err && a->t->state == T_DEAD)
		return BLOCKED;		/* the caller was inside */
	return err;
}

static long sys_silo_suspend(struct args *a)
{
	struct cap_ref ref;
	struct silo *s;
	long err = with_silo(a, SH_R_MANAGE, &s, &ref);

	if (err)
		return err;
	if (s->root || silo_within(a->t->proc->silo, s))
		err = -SH_EPERM;	/* it would stop the caller for good */
	else if (silo_dead(s))
		err = -SH_EDEAD;
	else
		silo_suspend(s, a->a[1] != 0);
	cap_ref_put(&ref);
	return err;
}

static long sys_proc_list(struct args *a)
{
	struct cap_ref ref;
	struct silo *s;
	struct proc *p;
	uint64_t n = 0, max = a->a[2];
	long err = with_silo(a, SH_R_READ, &s, &ref);

	if (err)
		return err;
	for (p = proc_first(); p && !err; p = p->all_next) {
		struct sh_proc_info info;

		if (p->state != P_ALIVE || !silo_within(p->silo, s))
			continue;
		if (n < max) {
			memset(&info, 0, sizeof(info));
			info.pid = p->pid;
			info.silo_id = p->silo->id;
			info.nthreads = p->nthreads;
			info.cpu_ns = p->cpu_ns;
			memcpy(info.name, p->name, sizeof(info.name));
			err = copy_to_user(VS, a->a[1] + n * sizeof(info), &info, sizeof(info));
		}
		n++;
	}
	cap_ref_put(&ref);
	return err ? err : (long)n;
}

static long sys_silo_log(struct args *a)
{
	struct cap_ref ref;
	struct silo *s;
	struct sh_stat_klog k;
	char buf[512];
	size_t got;
	long err;

	if (copy_from_user(VS, &k, a->a[1], sizeof(k)))
		return -SH_EFAULT;
	err = with_silo(a, SH_R_READ, &s, &ref);
	if (err)
		return err;
	if (s->root)	/* the root silo's log is the kernel's (everything) */
		got = klog_read(buf, k.cap < sizeof(buf) ? k.cap : sizeof(buf), &k.pos);
	else
		got = silo_log_read(s, buf, k.cap < sizeof(buf) ? k.cap : sizeof(buf), &k.pos);
	cap_ref_put(&ref);
	if (copy_to_user(VS, (uint64_t)(uintptr_t)k.buf, buf, got))
		return -SH_EFAULT;
	k.len = (uint32_t)got;
	return copy_to_user(VS, a->a[1], &k, sizeof(k));
}

static long sys_proc_exit(struct args *a)
{
	proc_kill(a->t->proc, SH_EXIT_NORMAL, (int)a->a[0]);
	return BLOCKED;
}

static long sys_sys_power(struct args *a)
{
	struct cap_ref ref;
	struct silo *s;
	long err = with_silo(a, SH_R_MANAGE, &s, &ref);

	if (err)
		return err;
	if (!s->root)
		err = -SH_EPERM;
	else if (a->a[1] != SH_POWER_OFF && a->a[1] != SH_POWER_REBOOT)
		err = -SH_EINVAL;
	cap_ref_put(&ref);
	if (err)
		return err;
	kprintf("bedrock: %s\n", a->a[1] == SH_POWER_OFF ? "power off" : "reboot");
	return arch_power(a->a[1] == SH_POWER_REBOOT);
}

static const sys_fn systab[SYS_COUNT] = {
#define SYSCALL(num, name, nargs) [num] = sys_##name,
#include <shale/syscall.def>
#undef SYSCALL
};

void syscall_dispatch(struct thread *t)
{
	struct args a = { .t = t, .a = arch_tf_args(t->tf) };
	uint64_t n = arch_tf_sysno(t->tf);
	long r;

	if (n >= SYS_COUNT || !systab[n]) {
		thread_set_result(t, -SH_ENOSYS);
		return;
	}
	r = systab[n](&a);
	if (r != BLOCKED)
		thread_set_result(t, r);
}
