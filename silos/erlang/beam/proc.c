/* Processes: creation, the process table, message delivery, links,
 * monitors, exit signals and the name registry.  One scheduler runs all
 * processes on one thread, so nothing here needs locks; a process that is
 * not running can be written to freely (its heap gains the messages sent
 * to it).  Exit signals that kill other processes are queued and handled
 * in a loop, so a chain of 10,000 links does not recurse 10,000 deep. */
#include "beam.h"
#include "host.h"
#include "dist.h"
#include <stdlib.h>

#define PROC_BUCKETS 16384
#define INIT_HEAP 256
#define INIT_STACK 64

static struct proc *ptab[PROC_BUCKETS];
static uint64_t next_serial = 80;
static size_t nprocs;

struct proc *proc_find(uint64_t serial)
{
	for (struct proc *p = ptab[serial % PROC_BUCKETS]; p; p = p->hash_next)
		if (p->serial == serial)
			return p->state == PS_DEAD || p->state == PS_EXITING ? NULL : p;
	return NULL;
}

struct proc *proc_find_pid(term pid)
{
	return is_pid(pid) ? proc_find(pid_serial(pid)) : NULL;
}

size_t proc_count(void)
{
	return nprocs;
}

struct proc *proc_new(void)
{
	struct proc *p = calloc(1, sizeof *p);
	p->serial = next_serial++;
	p->pid = make_pid(p->serial);
	p->heap = malloc(INIT_HEAP * sizeof(term));
	p->htop = p->heap;
	p->hend = p->heap + INIT_HEAP;
	p->heap_words = INIT_HEAP;
	p->stack = malloc(INIT_STACK * sizeof(term));
	p->stack_end = p->stack + INIT_STACK;
	p->E = p->stack_end;
	p->mq_tail = &p->mq_head;
	p->mq_save = &p->mq_head;
	p->reg_name = NONV;
	p->dict = NIL;
	p->freason = NONV;
	p->fstack = NONV;
	p->result = NONV;
	p->exit_reason = NONV;
	p->group_leader = p->pid;
	p->cp = code_normal_exit;
	p->state = PS_RUNNABLE;
	unsigned b = p->serial % PROC_BUCKETS;
	p->hash_next = ptab[b];
	ptab[b] = p;
	nprocs++;
	return p;
}

static void proc_unhash(struct proc *p)
{
	struct proc **pp = &ptab[p->serial % PROC_BUCKETS];
	while (*pp && *pp != p)
		pp = &(*pp)->hash_next;
	if (*pp)
		*pp = p->hash_next;
}

void proc_free(struct proc *p)
{
	proc_unhash(p);
	for (size_t i = 0; i < p->nbins; i++)
		binbuf_release(p->bins[i]);
	free(p->bins);
	for (struct frag *f = p->frags, *n; f; f = n) {
		n = f->next;
		free(f);
	}
	for (struct msg *m = p->mq_head, *n; m; m = n) {
		n = m->next;
		free(m);
	}
	for (struct link *l = p->links, *n; l; l = n) {
		n = l->next;
		free(l);
	}
	for (size_t i = 0; i < p->nobins; i++)
		binbuf_release(p->obins[i]);
	free(p->obins);
	free(p->remset);
	free(p->old);
	free(p->heap);
	free(p->stack);
	free(p->xsave);
	free(p);
}

void proc_send(struct proc *q, term msg)
{
	if (q->state == PS_DEAD || q->state == PS_EXITING)
		return;
	size_t sz = term_size(msg);
	term *hp = sz ? heap_alloc(q, sz) : NULL;
	term t = term_copy(msg, &hp, q);
	struct msg *m = malloc(sizeof *m);
	m->t = t;
	m->next = NULL;
	*q->mq_tail = m;
	q->mq_tail = &m->next;
	q->mq_len++;
	if (q->state == PS_WAITING) {
		q->state = PS_RUNNABLE;
		sched_enqueue(q);
	}
}

/* Links are symmetric; each side keeps the other's serial. */
bool proc_linked(struct proc *a, uint64_t serial)
{
	for (struct link *l = a->links; l; l = l->next)
		if (l->serial == serial)
			return true;
	return false;
}

static void link_add(struct proc *a, uint64_t serial)
{
	if (proc_linked(a, serial))
		return;
	struct link *l = malloc(sizeof *l);
	l->serial = serial;
	l->next = a->links;
	a->links = l;
}

static void link_del(struct proc *a, uint64_t serial)
{
	for (struct link **pp = &a->links; *pp; pp = &(*pp)->next)
		if ((*pp)->serial == serial) {
			struct link *l = *pp;
			*pp = l->next;
			free(l);
			return;
		}
}

void proc_link(struct proc *a, struct proc *b)
{
	if (a == b)
		return;
	link_add(a, b->serial);
	link_add(b, a->serial);
}

void proc_unlink(struct proc *a, struct proc *b)
{
	link_del(a, b->serial);
	if (b)
		link_del(b, a->serial);
}

/* Monitors: a flat list; fine for the numbers ordinary programs hold. */
static struct monitor *monitors;
static uint64_t next_ref = 1;

uint64_t ref_serial_new(void)
{
	return next_ref++;
}

term make_ref(struct proc *p)
{
	term *hp = heap_alloc(p, 2);
	hp[0] = make_header(1, HK_REF);
	hp[1] = ref_serial_new();
	return make_boxed(hp);
}

static void send_down(struct proc *w, uint64_t ref, term target, term reason)
{
	/* build the message on a scratch process-free heap: copy via w */
	term tmp[16];
	term *r = tmp;
	r[0] = make_header(1, HK_REF);
	r[1] = ref;
	term *t = tmp + 2;
	t[0] = make_header(5, HK_TUPLE);
	t[1] = ATOM(DOWN);
	t[2] = make_boxed(r);
	t[3] = ATOM(process);
	t[4] = target;
	t[5] = reason;
	proc_send(w, make_boxed(t));
}

term proc_monitor(struct proc *watcher, term target, term name)
{
	term ref = make_ref(watcher);
	struct proc *t = proc_find_pid(target);
	if (t == watcher)
		return ref;     /* OTP makes no monitor of a process on itself */
	if (!t) {
		send_down(watcher, boxed_ptr(ref)[1], name != NONV ? name : target,
			  ATOM(noproc));
		return ref;
	}
	struct monitor *m = calloc(1, sizeof *m);
	m->ref_serial = boxed_ptr(ref)[1];
	m->watcher = watcher->serial;
	m->target = t->serial;
	m->target_name = name;
	m->next = monitors;
	monitors = m;
	return ref;
}

/* true if watcher had the monitor with reference serial ref */
static bool monitor_remove(uint64_t watcher, uint64_t ref)
{
	for (struct monitor **pp = &monitors; *pp; pp = &(*pp)->next)
		if ((*pp)->ref_serial == ref && (*pp)->watcher == watcher) {
			struct monitor *m = *pp;
			*pp = m->next;
			free(m);
			alias_monitor_gone(ref);
			return true;
		}
	return false;
}

bool proc_demonitor(struct proc *watcher, term ref, bool *found)
{
	*found = false;
	if (!is_ref(ref))
		return false;
	*found = monitor_remove(watcher->serial, boxed_ptr(ref)[1]);
	return true;
}

void proc_monitor_drop(uint64_t watcher, uint64_t ref)
{
	monitor_remove(watcher, ref);
}

bool proc_monitor_active(uint64_t watcher, uint64_t ref)
{
	for (struct monitor *m = monitors; m; m = m->next)
		if (m->ref_serial == ref && m->watcher == watcher)
			return true;
	return false;
}

bool proc_send_to(term dest, term msg)
{
	struct proc *q = NULL;
	if (dist_is_remote_dest(dest)) {
		dist_route(dest, msg);
		return true;
	}
	if (is_pid(dest)) {
		q = proc_find_pid(dest);
	} else if (is_atom(dest)) {
		term w = proc_whereis(dest);
		if (w == ATOM(undefined))
			return false;
		q = proc_find_pid(w);
	} else if (is_tuple(dest) && tuple_arity(dest) == 2 &&
		   is_atom(tuple_elems(dest)[0]) && is_atom(tuple_elems(dest)[1])) {
		term w = proc_whereis(tuple_elems(dest)[0]);
		q = w == ATOM(undefined) ? NULL : proc_find_pid(w);
	} else if (is_ref(dest)) {
		/* not an alias (any more): dropped, as OTP */
		q = alias_target(boxed_ptr(dest)[1]);
	} else if (!is_port(dest)) {
		return false;
	}
	if (q)
		proc_send(q, msg);
	return true;
}

/* Registry of names. */
struct reg {
	term name;
	uint64_t serial;
	struct reg *next;
};
static struct reg *registry;

term proc_whereis(term name)
{
	for (struct reg *r = registry; r; r = r->next)
		if (r->name == name) {
			struct proc *p = proc_find(r->serial);
			return p ? p->pid : ATOM(undefined);
		}
	return ATOM(undefined);
}

int proc_register(term name, struct proc *p)
{
	if (proc_whereis(name) != ATOM(undefined) || p->reg_name != NONV ||
	    name == ATOM(undefined))
		return -1;
	proc_unregister(name);
	struct reg *r = malloc(sizeof *r);
	r->name = name;
	r->serial = p->serial;
	r->next = registry;
	registry = r;
	p->reg_name = name;
	return 0;
}

void proc_unregister(term name)
{
	for (struct reg **pp = &registry; *pp; pp = &(*pp)->next)
		if ((*pp)->name == name) {
			struct reg *r = *pp;
			struct proc *p = proc_find(r->serial);
			if (p)
				p->reg_name = NONV;
			*pp = r->next;
			free(r);
			return;
		}
}

term proc_registered_list(struct proc *p)
{
	term l = NIL;
	for (struct reg *r = registry; r; r = r->next)
		if (proc_find(r->serial))
			l = cons(p, r->name, l);
	return l;
}

/* Pending deaths caused by exit signals, handled iteratively. */
struct pending {
	struct proc *p;
	struct pending *next;
};
static struct pending *pend_head;
static bool in_exit;

void proc_signal_exit(struct proc *from, struct proc *to, term reason,
		      bool linked)
{
	if (!to || to->state == PS_DEAD || to->state == PS_EXITING)
		return;
	if (linked && !proc_linked(to, from->serial))
		return;
	if (linked)
		link_del(to, from->serial);
	bool kill = !linked && reason == ATOM(kill);
	if (to->trap_exit && !kill) {
		term tmp[4];
		tmp[0] = make_header(3, HK_TUPLE);
		tmp[1] = ATOM(EXIT);
		tmp[2] = from->pid;
		tmp[3] = reason;
		proc_send(to, make_boxed(tmp));
		return;
	}
	if (reason == ATOM(normal) && from != to)
		return;
	/* copy the reason into the victim's heap before it dies */
	term r = kill ? ATOM(killed) : reason;
	size_t sz = term_size(r);
	term *hp = sz ? heap_alloc(to, sz) : NULL;
	to->exit_reason = term_copy(r, &hp, to);
	to->state = PS_EXITING;
	struct pending *pd = malloc(sizeof *pd);
	pd->p = to;
	pd->next = pend_head;
	pend_head = pd;
	if (!in_exit) {
		in_exit = true;
		while (pend_head) {
			struct pending *n = pend_head;
			pend_head = n->next;
			struct proc *v = n->p;
			free(n);
			v->state = PS_RUNNABLE;   /* let proc_exit do its work */
			proc_exit(v, v->exit_reason);
		}
		in_exit = false;
	}
}

void sched_forget(struct proc *p);

void proc_exit(struct proc *p, term reason)
{
	if (p->state == PS_DEAD)
		return;
	p->state = PS_DEAD;
	p->exit_reason = reason;
	nprocs--;
	if (p->reg_name != NONV)
		proc_unregister(p->reg_name);
	if (p->tmo) {
		timer_cancel(p->tmo);
		p->tmo = NULL;
	}
	alias_forget_owner(p);
	/* tables go before DOWN and EXIT signals, as in OTP */
	ets_proc_exit(p);
	/* monitors held on p fire; monitors p holds go away */
	for (struct monitor **pp = &monitors; *pp;) {
		struct monitor *m = *pp;
		if (m->target == p->serial) {
			*pp = m->next;
			struct proc *w = proc_find(m->watcher);
			if (w)
				send_down(w, m->ref_serial,
					  m->target_name != NONV ? m->target_name : p->pid,
					  reason);
			alias_monitor_gone(m->ref_serial);
			free(m);
		} else if (m->watcher == p->serial) {
			*pp = m->next;
			free(m);
		} else {
			pp = &m->next;
		}
	}
	bool outer = !in_exit;
	if (outer)
		in_exit = true;
	struct link *ls = p->links;
	p->links = NULL;
	for (struct link *l = ls, *n; l; l = n) {
		n = l->next;
		struct proc *q = proc_find(l->serial);
		free(l);
		if (q) {
			p->state = PS_EXITING;     /* still addressable as sender */
			proc_signal_exit(p, q, reason, true);
			p->state = PS_DEAD;
		}
	}
	if (outer) {
		while (pend_head) {
			struct pending *n = pend_head;
			pend_head = n->next;
			struct proc *v = n->p;
			free(n);
			v->state = PS_RUNNABLE;
			proc_exit(v, v->exit_reason);
		}
		in_exit = false;
	}
	sched_forget(p);
}
