/* Resource quotas.
 *
 * A charge must be all or nothing along the whole parent chain, and must not
 * be visible half-done: a concurrent charger that sees a transient partial
 * charge on an ancestor could fail for no reason.  So a charge locks the
 * whole chain (child first, parent next: the one lock order), checks every
 * level, then applies every level.  The chain is at most QUOTA_DEPTH_MAX + 1
 * long, so that is a bounded number of locks held for a few instructions. */
#include <shale/errors.h>
#include "quota.h"

static const char *const kind_names[QUOTA_KINDS] = {
	[QUOTA_PAGES] = "pages",
	[QUOTA_THREADS] = "threads",
	[QUOTA_HANDLES] = "handles",
	[QUOTA_KMEM] = "kmem",
};

static int kind_valid(enum quota_kind kind)
{
	return (unsigned)kind < QUOTA_KINDS;
}

int quota_init(struct quota *q, struct quota *parent, struct kobj *owner)
{
	uint32_t depth = parent ? parent->depth + 1 : 0;

	if (depth > QUOTA_DEPTH_MAX)
		return -SH_EINVAL;
	q->lock = (struct spinlock)SPINLOCK_INIT;
	q->parent = parent;
	q->owner = owner;
	q->depth = depth;
	q->bad_releases = 0;
	for (int k = 0; k < QUOTA_KINDS; k++) {
		q->used[k] = 0;
		q->limit[k] = QUOTA_UNLIMITED;
	}
	return 0;
}

static void chain_lock(struct quota *q)
{
	for (; q; q = q->parent)
		spin_lock(&q->lock);
}

static void chain_unlock(struct quota *q)
{
	for (; q; q = q->parent)
		spin_unlock(&q->lock);
}

int quota_charge(struct quota *q, enum quota_kind kind, uint64_t n)
{
	struct quota *p;

	if (!kind_valid(kind))
		return -SH_EINVAL;
	chain_lock(q);
	for (p = q; p; p = p->parent) {
		/* used <= limit is an invariant, so this cannot wrap. */
		if (n > p->limit[kind] - p->used[kind]) {
			chain_unlock(q);
			return -SH_EQUOTA;
		}
	}
	for (p = q; p; p = p->parent)
		p->used[kind] += n;
	chain_unlock(q);
	return 0;
}

void quota_release(struct quota *q, enum quota_kind kind, uint64_t n)
{
	if (!kind_valid(kind))
		return;
	chain_lock(q);
	for (struct quota *p = q; p; p = p->parent) {
		if (n > p->used[kind]) {
			p->bad_releases++;
			p->used[kind] = 0;
		} else {
			p->used[kind] -= n;
		}
	}
	chain_unlock(q);
}

int quota_set_limit(struct quota *q, enum quota_kind kind, uint64_t limit)
{
	int err = 0;

	if (!kind_valid(kind))
		return -SH_EINVAL;
	spin_lock(&q->lock);
	if (limit < q->used[kind])
		err = -SH_EBUSY;
	else
		q->limit[kind] = limit;
	spin_unlock(&q->lock);
	return err;
}

int quota_read(struct quota *q, enum quota_kind kind, struct quota_usage *out)
{
	if (!kind_valid(kind))
		return -SH_EINVAL;
	spin_lock(&q->lock);
	out->used = q->used[kind];
	out->limit = q->limit[kind];
	spin_unlock(&q->lock);
	return 0;
}

const char *quota_kind_name(enum quota_kind kind)
{
	return kind_valid(kind) ? kind_names[kind] : "?";
}

int quota_fini(struct quota *q)
{
	int err = 0;

	spin_lock(&q->lock);
	for (int k = 0; k < QUOTA_KINDS; k++)
		if (q->used[k])
			err = -SH_EBUSY;
	spin_unlock(&q->lock);
	return err;
}
