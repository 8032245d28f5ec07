/* Process lifetime and address-space bookkeeping (see proc.h). */
#include "proc.h"

#include "census.h"
#include "frame.h"
#include "heap.h"
#include "ipc.h"
#include "kassert.h"
#include "log.h"
#include "page.h"
#include "sched.h"
#include "silo.h"
#include "thread.h"
#include "wait.h"

#include <shale/errors.h>
#include <string.h>

static uint64_t next_pid = 1;

/* Kernel memory a process uses besides its objects (mapping records, the
 * reply table) is charged to its quota too. */
static void *proc_alloc(struct proc *p, size_t n)
{
	void *m;

	if (quota_charge(p->quota, QUOTA_KMEM, n))
		return NULL;
	m = kmalloc(n);
	if (!m)
		quota_release(p->quota, QUOTA_KMEM, n);
	return m;
}

static void proc_free(struct proc *p, void *m, size_t n)
{
	if (m) {
		kfree(m);
		quota_release(p->quota, QUOTA_KMEM, n);
	}
}
/* Counts one mapping of f with perms in (dir 1) or out (dir -1). */
static void frame_count_map(struct frame *f, unsigned perms, int dir)
{
	f->maps += (uint64_t)(int64_t)dir;
	if (perms & VM_WRITE)
		f->wmaps += (uint64_t)(int64_t)dir;
	if (perms & VM_EXEC)
		f->xmaps += (uint64_t)(int64_t)dir;
	kassert(!(f->wmaps && f->xmaps));
}

static uint64_t live_procs;
static struct proc *all_procs;

/* Every mapping goes: the entries are cleared first and the TLBs flushed
 * once for the whole address space, before any frame can be freed. */
static void unmap_all(struct proc *p, struct kobj_reap *r)
{
	struct mapping *m;

	for (m = p->maps; m; m = m->next)
		if (m->frame)
			arch_vs_clear_pages(&p->vs, m->va, m->npages);
	arch_vs_flush_all(&p->vs);
	while (p->maps) {
		m = p->maps;
		p->maps = m->next;
		p->nmaps--;
		if (m->frame) {
			frame_count_map(m->frame, m->perms, -1);
			kobj_put_reap(&m->frame->obj, r);
		}
		proc_free(p, m, sizeof(*m));
	}
}

static void proc_destroy(struct kobj *o, struct kobj_reap *r)
{
	struct proc *p = (struct proc *)o;

	/* proc_end released everything a live process holds. */
	kassert(p->state == P_DEAD && !p->maps && !p->supervisor && !p->threads);
	arch_vs_destroy(&p->vs, p->quota);
	if (p->all_prev)
		p->all_prev->all_next = p->all_next;
	else if (all_procs == p)
		all_procs = p->all_next;
	if (p->all_next)
		p->all_next->all_prev = p->all_prev;
	proc_free(p, p->replies, p->replies ? sizeof(struct reply_slot) * REPLY_SLOTS : 0);
	kobj_put_reap(&p->silo->obj, r);
	if (p->pid == 1)
		census_init_gone();
	kfree(p);
}

static const struct kobj_ops proc_ops = { .destroy = proc_destroy };

struct proc *proc_first(void)
{
	return all_procs;
}

int proc_create(struct silo *s, const char *name, struct proc **out)
{
	struct quota *q = &s->quota;
	struct proc *p;
	int err;

	if (silo_dead(s))
		return -SH_EDEAD;
	p = kmalloc(sizeof(*p));
	if (!p)
		return -SH_ENOMEM;
	err = arch_vs_init(&p->vs, q);
	if (err)
		goto out_free;
	err = kobj_init(&p->obj, SH_OBJ_VSPACE, &proc_ops, q, sizeof(*p));
	if (err) {
		arch_vs_destroy(&p->vs, q);
		goto out_free;
	}
	cap_table_init(&p->caps, q);
	p->quota = q;
	kobj_get(&s->obj);
	p->silo = s;
	p->pid = next_pid++;
	if (!name)
		name = "?";
	memcpy(p->name, name, strnlen(name, sizeof(p->name) - 1));
	p->state = P_ALIVE;
	p->all_next = all_procs;
	if (all_procs)
		all_procs->all_prev = p;
	all_procs = p;
	live_procs++;
	*out = p;
	return 0;

out_free:
	kfree(p);
	return err;
}

static int overlaps(struct proc *p, uint64_t va, uint64_t npages)
{
	struct mapping *m;

	for (m = p->maps; m; m = m->next)
		if (va < m->va + m->npages * PAGE_SIZE && m->va < va + npages * PAGE_SIZE)
			return 1;
	return 0;
}

static void insert_mapping(struct proc *p, struct mapping *m)
{
	struct mapping **pp = &p->maps;

	p->nmaps++;
	while (*pp && (*pp)->va < m->va)
		pp = &(*pp)->next;
	m->next = *pp;
	*pp = m;
}

static int range_ok(uint64_t va, uint64_t npages)
{
	return !(va & (PAGE_SIZE - 1)) && npages && npages <= (SH_USER_HI >> PAGE_SHIFT) &&
	       va >= SH_USER_LO && va < SH_USER_HI &&
	       npages <= (SH_USER_HI - va) >> PAGE_SHIFT;
}

/* The physical address of page i of mapping m (for arch_vs_map_pages). */
static uint64_t mapping_pa(const void *ctx, uint64_t i)
{
	const struct mapping *m = ctx;

	return frame_page(m->frame, m->offset + i);
}

int proc_map(struct proc *p, uint64_t va, struct frame *f, uint64_t offset,
	     uint64_t npages, unsigned perms)
{
	struct mapping *m;
	uint64_t done;
	int err;

	if (!range_ok(va, npages) || offset >= f->npages || npages > f->npages - offset ||
	    ((perms & VM_WRITE) && (perms & VM_EXEC)) || !(perms & VM_READ))
		return -SH_EINVAL;
	if (p->state != P_ALIVE)
		return -SH_EDEAD;
	/* W^X holds per frame, not only per mapping: a frame mapped writable
	 * anywhere is mapped executable nowhere, and the other way round. */
	if (((perms & VM_WRITE) && f->xmaps) || ((perms & VM_EXEC) && f->wmaps))
		return -SH_EINVAL;
	if (overlaps(p, va, npages))
		return -SH_EEXIST;
	if (p->nmaps >= PROC_MAPS_MAX)
		return -SH_ENOSPC;
	m = proc_alloc(p, sizeof(*m));
	if (!m)
		return -SH_EQUOTA;
	m->frame = f;
	m->offset = offset;
	err = arch_vs_map_pages(&p->vs, p->quota, va, npages, mapping_pa, m, perms,
				f->device, &done);
	if (err) {
		arch_vs_unmap_pages(&p->vs, va, done);
		proc_free(p, m, sizeof(*m));
		return err;
	}
	m->va = va;
	m->npages = npages;
	m->frame = f;
	m->offset = offset;
	m->perms = perms;
	kobj_get(&f->obj);
	frame_count_map(f, perms, 1);
	insert_mapping(p, m);
	return 0;
}

int proc_guard(struct proc *p, uint64_t va, uint64_t npages)
{
	struct mapping *m;

	if (!range_ok(va, npages))
		return -SH_EINVAL;
	if (overlaps(p, va, npages))
		return -SH_EEXIST;
	if (p->nmaps >= PROC_MAPS_MAX)
		return -SH_ENOSPC;
	m = proc_alloc(p, sizeof(*m));
	if (!m)
		return -SH_EQUOTA;
	m->va = va;
	m->npages = npages;
	insert_mapping(p, m);
	return 0;
}

int proc_unmap(struct proc *p, uint64_t va, uint64_t npages)
{
	struct mapping **pp, *m;
	uint64_t end;
	struct kobj_reap r = KOBJ_REAP_INIT;

	if (!range_ok(va, npages))
		return -SH_EINVAL;
	if (p->state != P_ALIVE)
		return -SH_EDEAD;	/* its memory is gone already */
	end = va + npages * PAGE_SIZE;
	for (m = p->maps; m; m = m->next) {
		uint64_t mend = m->va + m->npages * PAGE_SIZE;

		if (m->va < end && va < mend && (m->va < va || mend > end || !m->frame))
			return -SH_EINVAL;	/* partial, or a guard */
	}
	for (pp = &p->maps; (m = *pp);) {
		if (m->va >= va && m->va < end) {
			arch_vs_unmap_pages(&p->vs, m->va, m->npages);
			*pp = m->next;
			p->nmaps--;
			frame_count_map(m->frame, m->perms, -1);
			kobj_put_reap(&m->frame->obj, &r);
			proc_free(p, m, sizeof(*m));
		} else {
			pp = &m->next;
		}
	}
	kobj_reap_run(&r);
	return 0;
}

void proc_kill(struct proc *p, int kind, int code)
{
	while (p->threads)
		thread_kill(p->threads, kind, code);
	if (p->state == P_ALIVE)
		proc_end(p, kind, code);	/* a process that never had threads */
}

void proc_end(struct proc *p, int kind, int code)
{
	struct kobj_reap r = KOBJ_REAP_INIT;
	struct thread *w;
	int i;

	if (p->state != P_ALIVE)
		return;
	p->state = P_DEAD;
	p->exit_kind = kind;
	p->exit_code = code;
	live_procs--;
	/* Pending calls it had received will never be answered. */
	if (p->replies)
		for (i = 0; i < REPLY_SLOTS; i++)
			if (p->replies[i].busy && p->replies[i].caller) {
				struct thread *c = p->replies[i].caller;

				c->reply = NULL;
				wait_wake(c, -SH_EDEAD);
				p->replies[i].caller = NULL;
			}
	ipc_owner_gone(p->pid);
	unmap_all(p, &r);
	cap_table_destroy_reap(&p->caps, &r);
	while ((w = waitq_pop(&p->waiters)))
		wait_wake(w, code);
	if (p->supervisor) {
		struct notice *n = &p->exit_notice;

		n->tag = SH_TAG_EXIT;
		n->badge = p->sup_badge;
		n->body.pid = p->pid;
		n->body.kind = (uint32_t)kind;
		n->body.code = code;
		ipc_notice_post(p->supervisor, n, &p->obj);
		kobj_put_reap(&p->supervisor->obj, &r);
		p->supervisor = NULL;
	} else if (p->pid == 1) {
		kprintf("bedrock: init (%s) ended: %s, code %d\n", p->name,
			kind == SH_EXIT_NORMAL ? "exit" : kind == SH_EXIT_KILLED ? "killed" : "fault",
			code);
	}
	kobj_reap_run(&r);
}

uint64_t proc_count(void)
{
	return live_procs;
}

int proc_reply_free(const struct proc *p)
{
	int i;

	if (!p->replies)
		return -1;
	for (i = 0; i < REPLY_SLOTS; i++)
		if (!p->replies[i].busy)
			return i;
	return -1;
}

struct reply_slot *proc_reply_take(struct proc *p, int i, struct thread *caller, uint64_t *rcvid)
{
	struct reply_slot *s = &p->replies[i];

	kassert(!s->busy);
	s->busy = 1;
	s->caller = caller;
	s->gen = (s->gen + 1) & 0x7fffff;
	if (!s->gen)
		s->gen = 1;
	*rcvid = ((uint64_t)s->gen << 8) | (uint64_t)i;
	return s;
}

struct reply_slot *proc_reply_alloc(struct proc *p, uint64_t *rcvid)
{
	int i;

	if (!p->replies) {
		p->replies = proc_alloc(p, sizeof(struct reply_slot) * REPLY_SLOTS);
		if (!p->replies)
			return NULL;
	}
	i = proc_reply_free(p);
	return i < 0 ? NULL : proc_reply_take(p, i, NULL, rcvid);
}

struct reply_slot *proc_reply_find(struct proc *p, uint64_t rcvid)
{
	uint64_t i = rcvid & 0xff, gen = rcvid >> 8;

	if (!p->replies || gen == 0 || gen > 0x7fffff)
		return NULL;
	if (!p->replies[i].busy || p->replies[i].gen != gen)
		return NULL;
	return &p->replies[i];
}
