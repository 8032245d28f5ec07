/* Kernel object lifetime: reference counts and iterative destruction.
 * See kobj.h for the contract; this file trusts its callers to hold a
 * reference when calling kobj_get and to never touch an object after
 * dropping their last reference. */
#include <stddef.h>
#include <shale/errors.h>
#include "kobj.h"
#include "quota.h"

/* Objects initialised and not yet destroyed (leak checks, sys_stat). */
static uint64_t live_objects;

int kobj_init(struct kobj *o, uint32_t type, const struct kobj_ops *ops,
	      struct quota *q, uint64_t kmem)
{
	if (type == SH_OBJ_NONE || !ops || !ops->destroy)
		return -SH_EINVAL;
	if (q) {
		int err = quota_charge(q, QUOTA_KMEM, kmem);
		if (err)
			return err;
		if (q->owner)
			kobj_get(q->owner);
	}
	o->ops = ops;
	o->charged = q;
	o->kmem = q ? kmem : 0;
	o->reap_next = NULL;
	o->type = type;
	o->refs = 1;
	__atomic_add_fetch(&live_objects, 1, __ATOMIC_RELAXED);
	return 0;
}

void kobj_get(struct kobj *o)
{
	__atomic_add_fetch(&o->refs, 1, __ATOMIC_RELAXED);
}

void kobj_put_reap(struct kobj *o, struct kobj_reap *r)
{
	/* Release so our writes to o happen before its destruction; acquire
	 * so the destroyer sees everyone else's. */
	if (__atomic_sub_fetch(&o->refs, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	o->reap_next = r->head;
	r->head = o;
}

void kobj_reap_run(struct kobj_reap *r)
{
	struct kobj *o;

	while ((o = r->head) != NULL) {
		struct quota *q = o->charged;
		uint64_t kmem = o->kmem;

		r->head = o->reap_next;
		o->ops->destroy(o, r);  /* o's memory is gone after this */
		__atomic_sub_fetch(&live_objects, 1, __ATOMIC_RELAXED);
		if (q) {
			/* The owner keeps q alive until its charge is back. */
			struct kobj *owner = q->owner;
			quota_release(q, QUOTA_KMEM, kmem);
			if (owner)
				kobj_put_reap(owner, r);
		}
	}
}

void kobj_put(struct kobj *o)
{
	struct kobj_reap r = KOBJ_REAP_INIT;

	kobj_put_reap(o, &r);
	kobj_reap_run(&r);
}

uint64_t kobj_live(void)
{
	return __atomic_load_n(&live_objects, __ATOMIC_RELAXED);
}

uint32_t kobj_refs(const struct kobj *o)
{
	return __atomic_load_n(&o->refs, __ATOMIC_RELAXED);
}
