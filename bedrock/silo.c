/* Silos (see silo.h). */
#include "silo.h"

#include "arch.h"
#include "heap.h"
#include "machine.h"
#include "proc.h"
#include "sched.h"

#include <shale/errors.h>
#include <string.h>

#define SILO_DEPTH_MAX 6	/* quota chains stay within QUOTA_DEPTH_MAX */

static struct silo root;
static const struct machine *mach;
static uint64_t next_id = 1;

extern struct proc *proc_first(void);

static void silo_destroy(struct kobj *o, struct kobj_reap *r)
{
	struct silo *s = (struct silo *)o;

	if (s->root)
		return;		/* the root silo lives as long as the kernel */
	if (s->log) {
		kfree(s->log);
		quota_release(&s->quota, QUOTA_KMEM, SH_SILO_LOG);
	}
	if (s->parent)
		kobj_put_reap(&s->parent->obj, r);
	kfree(s);
}

static const struct kobj_ops silo_ops = { .destroy = silo_destroy };

void silo_root_init(const struct machine *m)
{
	mach = m;
	quota_init(&root.quota, NULL, NULL);
	kobj_init(&root.obj, SH_OBJ_SILO, &silo_ops, NULL, 0);
	root.root = 1;
	root.id = next_id++;
	memcpy(root.name, "root", 5);
}

struct silo *silo_root(void)
{
	return &root;
}

int silo_create(struct silo *parent, const char *name, struct silo **out)
{
	struct silo *s;
	int err;

	if (silo_dead(parent))
		return -SH_EDEAD;
	if (parent->depth + 1 > SILO_DEPTH_MAX)
		return -SH_EINVAL;
	s = kmalloc(sizeof(*s));
	if (!s)
		return -SH_ENOMEM;
	err = quota_init(&s->quota, &parent->quota, &s->obj);
	if (!err)
		err = kobj_init(&s->obj, SH_OBJ_SILO, &silo_ops, &parent->quota, sizeof(*s));
	if (err) {
		kfree(s);
		return err;
	}
	kobj_get(&parent->obj);
	s->parent = parent;
	s->depth = parent->depth + 1;
	s->id = next_id++;
	s->state = SH_SILO_RUNNING;
	memcpy(s->name, name, strnlen(name, sizeof(s->name) - 1));
	*out = s;
	return 0;
}

int silo_within(const struct silo *s, const struct silo *a)
{
	for (; s; s = s->parent)
		if (s == a)
			return 1;
	return 0;
}

int silo_dead(const struct silo *s)
{
	for (; s; s = s->parent)
		if (s->state == SH_SILO_DEAD)
			return 1;
	return 0;
}

int silo_suspended(const struct silo *s)
{
	for (; s; s = s->parent)
		if (s->state == SH_SILO_SUSPENDED)
			return 1;
	return 0;
}

int silo_live_procs(const struct silo *s)
{
	struct proc *p;

	for (p = proc_first(); p; p = p->all_next)
		if (p->state == P_ALIVE && silo_within(p->silo, s))
			return 1;
	return 0;
}

int silo_kill_some(struct silo *s, const struct proc *last, uint64_t budget)
{
	uint64_t t0 = arch_cycles();
	struct proc *p;
	int again = 1;

	s->state = SH_SILO_DEAD;
	/* Killing may free processes (and unlink them): rescan until quiet,
	 * or until this step has had its time. */
	while (again) {
		again = 0;
		for (p = proc_first(); p; p = p->all_next) {
			if (p->state != P_ALIVE || !silo_within(p->silo, s) || p == last)
				continue;
			if (arch_cycles() - t0 > budget)
				return 0;
			proc_kill(p, SH_EXIT_KILLED, -1);
			again = 1;
			break;
		}
	}
	if (last && last->state == P_ALIVE && silo_within(last->silo, s))
		proc_kill((struct proc *)last, SH_EXIT_KILLED, -1);
	return 1;
}


void silo_suspend(struct silo *s, int on)
{
	struct proc *p;

	if (silo_dead(s))
		return;
	s->state = on ? SH_SILO_SUSPENDED : SH_SILO_RUNNING;
	for (p = proc_first(); p; p = p->all_next) {
		struct thread *t;

		if (p->state != P_ALIVE || !silo_within(p->silo, s))
			continue;
		for (t = p->threads; t; t = t->proc_next) {
			if (on && t->state == T_RUNNABLE) {
				sched_park(t);
			} else if (!on && t->state == T_PARKED && !silo_suspended(p->silo)) {
				sched_wake(t);
			}
		}
	}
}

void silo_log_write(struct silo *s, const char *b, size_t n)
{
	size_t i;

	if (s->root)
		return;		/* the root silo's log is the kernel log itself */
	if (!s->log) {
		if (quota_charge(&s->quota, QUOTA_KMEM, SH_SILO_LOG))
			return;
		s->log = kmalloc(SH_SILO_LOG);
		if (!s->log) {
			quota_release(&s->quota, QUOTA_KMEM, SH_SILO_LOG);
			return;
		}
	}
	for (i = 0; i < n; i++)
		s->log[s->log_end++ % SH_SILO_LOG] = b[i];
}

size_t silo_log_read(struct silo *s, char *b, size_t n, uint64_t *pos)
{
	size_t got = 0;

	if (!s->log)
		return 0;
	if (*pos + SH_SILO_LOG < s->log_end)
		*pos = s->log_end - SH_SILO_LOG;
	while (got < n && *pos < s->log_end)
		b[got++] = s->log[(*pos)++ % SH_SILO_LOG];
	return got;
}

static int inside(uint64_t pa, uint64_t size, uint64_t base, uint64_t len)
{
	return size && pa >= base && pa - base < len && size <= len - (pa - base);
}

int silo_device_range_ok(uint64_t pa, uint64_t size)
{
	int i;

	if (!mach)
		return 0;
	if (inside(pa, size, mach->uart.base & ~0xfffULL, 0x1000))
		return 1;
	for (i = 0; i < mach->nvirtio; i++)
		if (inside(pa, size, mach->virtio[i].base & ~0xfffULL, 0x1000))
			return 1;
	return 0;
}
