/* Resource quotas: how much of each kind a silo (or the system) may hold.
 *
 * A quota counts use and a limit for each kind.  A quota may have a parent
 * (a silo's quota inside the system's): a charge is applied to the quota and
 * every ancestor, all or nothing, so a silo can never exceed what its parent
 * still has.  Limits change at run time but never below current use.
 *
 * Locking: each quota has its own lock.  A charge locks the chain child
 * first, then parent, up to the root; nothing locks in the other direction,
 * so chains never deadlock.  Quota locks are leaves: quota never calls out,
 * and callers may hold cap or object locks while charging. */
#ifndef BEDROCK_QUOTA_H
#define BEDROCK_QUOTA_H

#include <stdint.h>
#include "spinlock.h"

struct kobj;

enum quota_kind {
	QUOTA_PAGES,    /* physical pages held by frames and page tables */
	QUOTA_THREADS,  /* thread objects */
	QUOTA_HANDLES,  /* handle table entries */
	QUOTA_KMEM,     /* kernel heap bytes for objects */
	QUOTA_KINDS
};

/* Deepest parent chain quota_init accepts: bounds how many locks a charge
 * holds at once (silos nest only a few levels). */
#define QUOTA_DEPTH_MAX 8

#define QUOTA_UNLIMITED UINT64_MAX

struct quota {
	struct spinlock lock;
	struct quota *parent;    /* immutable after init; outlives this quota */
	struct kobj *owner;      /* object embedding this quota, or NULL; see kobj_init */
	uint32_t depth;          /* 0 for a root; immutable */
	uint64_t used[QUOTA_KINDS];   /* guarded by lock */
	uint64_t limit[QUOTA_KINDS];  /* guarded by lock; used <= limit always */
	uint64_t bad_releases;        /* guarded by lock; releases beyond use (kernel bugs) */
};

/* A consistent snapshot of one kind, for sys:silos. */
struct quota_usage {
	uint64_t used;
	uint64_t limit;
};

/* Sets up q with every limit QUOTA_UNLIMITED and nothing used.  parent may be
 * NULL; owner (may be NULL) is kept alive by objects charged to q.  Returns 0,
 * or -SH_EINVAL if the parent chain would be deeper than QUOTA_DEPTH_MAX. */
int quota_init(struct quota *q, struct quota *parent, struct kobj *owner);

/* Charges n units of kind to q and every ancestor.  Returns 0, -SH_EQUOTA if
 * any of them would pass its limit (then nothing is charged anywhere), or
 * -SH_EINVAL for a bad kind. */
int quota_charge(struct quota *q, enum quota_kind kind, uint64_t n);

/* Gives back n units of kind charged earlier to q (and its ancestors).
 * Releasing more than is used is a kernel bug: use stops at 0 and
 * bad_releases counts it. */
void quota_release(struct quota *q, enum quota_kind kind, uint64_t n);

/* Sets the limit of kind on q alone.  Returns 0, -SH_EBUSY if limit is below
 * what q uses now, or -SH_EINVAL for a bad kind. */
int quota_set_limit(struct quota *q, enum quota_kind kind, uint64_t limit);

/* Reads use and limit of kind on q.  Returns 0 or -SH_EINVAL for a bad kind. */
int quota_read(struct quota *q, enum quota_kind kind, struct quota_usage *out);

/* Returns the name of kind ("pages", "threads", "handles", "kmem") or "?". */
const char *quota_kind_name(enum quota_kind kind);

/* Checks that nothing is charged to q any more, before its memory goes.
 * Returns 0, or -SH_EBUSY if some kind is still in use (a leak). */
int quota_fini(struct quota *q);

#endif
