/* Kernel object header, embedded in every Frame, VSpace, Thread, Endpoint,
 * Notification, Irq and Silo.
 *
 * An object lives while it has references: one per handle naming it (taken
 * by cap.c), plus any the kernel holds (a thread on a run queue, an endpoint
 * a thread waits on).  The last kobj_put destroys it exactly once.
 *
 * Destruction is iterative, never recursive: an object's destroy op drops
 * the references it holds with kobj_put_reap(), which only queues an object
 * whose count reaches zero on the caller's reap list; kobj_reap_run() then
 * destroys the queue one object at a time.  So a chain of objects each
 * holding the last reference to the next (which a user can build as long as
 * its quota allows) is torn down in constant stack.
 *
 * Accounting: kobj_init charges the object's kernel memory to a quota and
 * holds a reference on the quota's owner (the Silo embedding it), so the
 * quota outlives every object charged to it; the charge and that reference
 * are given back after destroy. */
#ifndef BEDROCK_KOBJ_H
#define BEDROCK_KOBJ_H

#include <stdint.h>
#include <shale/rights.h>

struct kobj;
struct quota;

/* Objects waiting to be destroyed, linked through kobj.reap_next. */
struct kobj_reap {
	struct kobj *head;
};

#define KOBJ_REAP_INIT { 0 }

struct kobj_ops {
	/* Called once, after the last reference is gone and with no cap lock
	 * held.  Releases what the object owns (dropping references to other
	 * objects with kobj_put_reap(x, r), never kobj_put) and frees the
	 * object's memory.  Need not release the quota charge: kobj does. */
	void (*destroy)(struct kobj *o, struct kobj_reap *r);
};

struct kobj {
	const struct kobj_ops *ops;  /* immutable */
	struct quota *charged;       /* immutable; NULL if not charged */
	uint64_t kmem;               /* bytes charged as QUOTA_KMEM; immutable */
	struct kobj *reap_next;      /* reap list link once refs reached 0 */
	uint32_t type;               /* SH_OBJ_*; immutable */
	uint32_t refs;               /* atomic; bounded by handle quotas, cannot wrap */
};

/* Sets up o with one reference (the caller's), charging kmem bytes of
 * QUOTA_KMEM to q unless q is NULL.  Returns 0, -SH_EQUOTA (nothing charged),
 * or -SH_EINVAL for type SH_OBJ_NONE or a NULL ops/destroy. */
int kobj_init(struct kobj *o, uint32_t type, const struct kobj_ops *ops,
	      struct quota *q, uint64_t kmem);

/* Takes one more reference on o; the caller must already hold one. */
void kobj_get(struct kobj *o);

/* Drops one reference; the last one destroys o (and whatever that releases)
 * before returning.  Must not be called with a lock held that a destroy op
 * may take. */
void kobj_put(struct kobj *o);

/* Drops one reference; if it was the last, queues o on r instead of
 * destroying it.  For destroy ops and for callers holding locks. */
void kobj_put_reap(struct kobj *o, struct kobj_reap *r);

/* Destroys every object on r, including those queued while it runs. */
void kobj_reap_run(struct kobj_reap *r);

/* Returns the current reference count (for tests and leak checks). */
uint32_t kobj_refs(const struct kobj *o);

/* Objects of every type alive now (initialised, not yet destroyed). */
uint64_t kobj_live(void);

#endif
