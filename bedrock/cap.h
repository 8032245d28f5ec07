/* Handle tables and the capability derivation tree.
 *
 * Each process has a handle table (struct cap_table, embedded in the
 * lead's process object).  A handle names one entry: an object reference,
 * rights, and for endpoints a badge.  Handle values encode the slot index
 * and a per-slot generation, so a number from a closed slot is refused
 * (-SH_EBADH) instead of reaching the slot's next occupant.
 *
 * Every handle made by cap_dup, cap_mint or cap_grant is a child of the
 * handle it came from, in a derivation tree that spans all tables (model:
 * seL4's derivation tree over Zircon-style handles).  cap_revoke(h) closes
 * every descendant of h in every table; h stays.  Closing a handle hands its
 * children to its own parent, so a revoke higher up still reaches them.
 *
 * Locking: one lock, cap_tree_lock (private to cap.c), guards every
 * derivation link in the system; each table's own lock guards its slots.
 * Order: tree lock, then one table lock at a time, then quota and heap
 * locks.  cap_lookup takes only the table lock, so lookups on different
 * tables never contend.  kmalloc/kfree and quota_charge/release are called
 * with cap locks held, so they must never call back into cap.  Objects are
 * put only after every cap lock is dropped (destroy ops may take locks).
 *
 * Lifetime: a table's operations may run concurrently from several CPUs,
 * but none may run during or after cap_table_destroy on that table. */
#ifndef BEDROCK_CAP_H
#define BEDROCK_CAP_H

#include <stdint.h>
#include <shale/rights.h>
#include "spinlock.h"

struct kobj;
struct kobj_reap;
struct quota;
struct cap_slot;

/* Handle value layout: bit 31 clear (handles are positive ints, so calls
 * return "handle or negative error"), 14 bits of generation (never 0, so no
 * handle is 0), 17 bits of slot index. */
#define CAP_INDEX_BITS 17
#define CAP_GEN_BITS   14
#define CAP_SLOTS_MAX  (1u << CAP_INDEX_BITS)   /* handles per table */

/* cap_lookup's want_type for "any type". */
#define CAP_TYPE_ANY SH_OBJ_NONE

struct cap_table {
	struct spinlock lock;
	struct cap_slot **dir;     /* guarded by lock: chunks of slots; chunks never move */
	uint32_t dir_len;          /* guarded by lock: entries allocated in dir */
	uint32_t nslots;           /* guarded by lock: slots ever used (high water) */
	uint32_t free_head;        /* guarded by lock: FIFO of free slots... */
	uint32_t free_tail;        /* ...oldest first, so numbers come back slowly */
	uint32_t nfree;            /* guarded by lock */
	uint32_t live;             /* guarded by lock: open handles */
	struct quota *quota;       /* immutable; handles charged here; may be NULL */
};

/* What a lookup found.  obj carries a reference of its own, so it stays
 * valid even if the handle is closed meanwhile: release with cap_ref_put. */
struct cap_ref {
	struct kobj *obj;
	sh_rights_t rights;
	uint64_t badge;
};

/* Sets up an empty table charging its handles (QUOTA_HANDLES, one each) to
 * q, which may be NULL for no accounting and must outlive t.  Allocates
 * nothing, so it cannot fail. */
void cap_table_init(struct cap_table *t, struct quota *q);

/* Closes every handle in t (their children pass to their parents) and frees
 * t's memory; t must not be used again.  Objects whose last reference goes
 * are destroyed before return. */
void cap_table_destroy(struct cap_table *t);

/* As cap_table_destroy, but objects whose last reference goes are queued on
 * r instead (for a destroy op that owns a table). */
void cap_table_destroy_reap(struct cap_table *t, struct kobj_reap *r);

/* Puts obj into t as a new root handle with rights and badge, taking a
 * reference of its own on obj.  Returns the handle, -SH_EINVAL (NULL or
 * untyped obj, unknown rights bits), -SH_EQUOTA, -SH_ENOMEM, or -SH_ENOSPC
 * when t already holds CAP_SLOTS_MAX handles. */
int cap_install(struct cap_table *t, struct kobj *obj, sh_rights_t rights,
		uint64_t badge);

/* Resolves h in t.  want_type is an SH_OBJ_* or CAP_TYPE_ANY.  Returns 0
 * and fills *out (if out is not NULL) with a referenced object; -SH_EBADH if
 * h is not an open handle of t or names another type; -SH_EPERM if it lacks
 * one of need_rights. */
int cap_lookup(struct cap_table *t, sh_handle_t h, uint32_t want_type,
	       sh_rights_t need_rights, struct cap_ref *out);

/* As cap_lookup, but out->obj carries no reference of its own: it is
 * valid only while the caller holds a lock that keeps h from being closed
 * (bedrock's kernel lock, on the IPC fast path), and that lock must also
 * be held by every writer of t: the table's own lock is not taken.  Never
 * cap_ref_put it. */
int cap_peek(struct cap_table *t, sh_handle_t h, uint32_t want_type,
	     sh_rights_t need_rights, struct cap_ref *out);

/* Drops the reference a successful cap_lookup took. */
void cap_ref_put(struct cap_ref *ref);

/* Derives a new handle in t, child of h, with rights (a subset of h's) and
 * h's badge.  Needs SH_R_DUP on h.  Returns the handle, -SH_EINVAL (unknown
 * rights bits), -SH_EBADH, -SH_EPERM (no DUP, or rights beyond h's),
 * -SH_EQUOTA, -SH_ENOMEM or -SH_ENOSPC. */
int cap_dup(struct cap_table *t, sh_handle_t h, sh_rights_t rights);

/* As cap_dup, for an unbadged endpoint handle, giving the child badge.
 * Returns the handle or -SH_EINVAL (badge 0, unknown rights), -SH_EBADH (not
 * an open endpoint handle), -SH_EPERM (no DUP, more rights, or h already
 * badged: a badge cannot be changed), -SH_EQUOTA, -SH_ENOMEM, -SH_ENOSPC. */
int cap_mint(struct cap_table *t, sh_handle_t h, sh_rights_t rights,
	     uint64_t badge);

/* Derives a copy of src's handle h into dst (IPC transfer), child of h,
 * with rights (a subset of h's) and h's badge.  Needs SH_R_GRANT on h.
 * src may equal dst.  Returns the handle in dst, or the errors of cap_dup
 * (-SH_EQUOTA etc. concern dst). */
int cap_grant(struct cap_table *src, sh_handle_t h, struct cap_table *dst,
	      sh_rights_t rights);

/* Closes h: its slot is freed (the number is not handed out again until
 * the slot's generation wraps) and its children pass to its parent.
 * Returns 0 or -SH_EBADH. */
int cap_close(struct cap_table *t, sh_handle_t h);

/* Closes every handle derived from h, transitively, in every table; h
 * itself stays open.  Needs no right: a holder may always take back what
 * was derived from its handle.  Returns how many handles were closed, or
 * -SH_EBADH. */
int cap_revoke(struct cap_table *t, sh_handle_t h);

/* As cap_revoke, closing at most max descendants; *more (if not NULL)
 * says whether some are left.  A revoke in steps ends the same as one
 * whole: the kernel uses it to bound the time one call holds its lock. */
int cap_revoke_max(struct cap_table *t, sh_handle_t h, uint32_t max, int *more);

/* Returns how many handles t holds open (for leak checks and sys:). */
/* Open handles in all tables together. */
uint64_t cap_live_total(void);

uint32_t cap_table_count(struct cap_table *t);

#endif
