/* Handle tables and the capability derivation tree.
 *
 * What this file owns: the slots of every handle table, the struct cap
 * nodes they point to, and the derivation links between nodes (which cross
 * tables).  It trusts kobj (reference counts), quota and the heap; it trusts
 * nothing about handle values or rights, which come from user space.
 *
 * Slots.  A table's slots live in fixed chunks of CAP_CHUNK slots reached
 * through a small directory; chunks never move, and every allocation is at
 * most a page.  Each cap node is its own allocation, so links into a table
 * stay valid however the tables around it grow.  A slot keeps the
 * generation of the handle it will carry next; freeing a slot bumps it, so
 * the old number turns stale.  Free slots are reused oldest first, and only
 * once CAP_REUSE_DELAY of them are free: a slot then goes round the whole
 * queue between uses, so a number repeats only after its generation wraps,
 * CAP_REUSE_DELAY * (2^CAP_GEN_BITS - 1) (over 500,000) installs later.
 *
 * Tree.  Each node has a parent, a first child and doubly linked siblings.
 * Revoke walks the subtree without recursion and without a stack: it
 * descends through first children to a leaf, cuts the leaf, and returns to
 * its parent, so it runs in constant space at any depth or width.  Cut
 * nodes are chained through their sibling link and their objects are put
 * after the locks are dropped. */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <shale/errors.h>
#include "cap.h"
#include "heap.h"
#include "kobj.h"
#include "quota.h"

#define CAP_CHUNK_SHIFT 8
#define CAP_CHUNK       (1u << CAP_CHUNK_SHIFT)            /* slots per chunk */
#define CAP_DIR_MAX     (CAP_SLOTS_MAX / CAP_CHUNK)        /* chunks per table */
#define CAP_INDEX_MASK  (CAP_SLOTS_MAX - 1)
#define CAP_GEN_MAX     ((1u << CAP_GEN_BITS) - 1)
#define CAP_REUSE_DELAY 32
#define CAP_NO_SLOT     UINT32_MAX

struct cap {
	struct kobj *obj;          /* immutable while installed; referenced */
	uint64_t badge;            /* immutable */
	sh_rights_t rights;        /* immutable */
	uint32_t index;            /* immutable: slot in table */
	struct cap_table *table;   /* immutable */
	struct cap *parent;        /* cap_tree_lock: NULL for a root */
	struct cap *child;         /* cap_tree_lock: first child */
	struct cap *prev, *next;   /* cap_tree_lock: siblings; next chains dead nodes */
};

struct cap_slot {
	struct cap *cap;      /* NULL when free */
	uint32_t gen;         /* generation of the handle in (or next in) this slot */
	uint32_t next_free;   /* free-queue link */
};

_Static_assert(CAP_INDEX_BITS + CAP_GEN_BITS <= 31, "handles are positive ints");
_Static_assert(CAP_CHUNK * sizeof(struct cap_slot) <= 4096, "a chunk fits a page");
_Static_assert(CAP_DIR_MAX * sizeof(struct cap_slot *) <= 4096, "the directory fits a page");

/* Open handles in every table (leak checks, sys_stat). */
static uint64_t live_total;

static struct spinlock cap_tree_lock = SPINLOCK_INIT;

/* ---- slots (table lock held) ---- */

static struct cap_slot *slot_at(struct cap_table *t, uint32_t idx)
{
	return &t->dir[idx >> CAP_CHUNK_SHIFT][idx & (CAP_CHUNK - 1)];
}

static sh_handle_t handle_make(uint32_t gen, uint32_t idx)
{
	return (gen << CAP_INDEX_BITS) | idx;
}

/* Returns the node h names in t, or NULL if h is not an open handle. */
static struct cap *slot_find(struct cap_table *t, sh_handle_t h)
{
	uint32_t idx = h & CAP_INDEX_MASK;
	uint32_t gen = h >> CAP_INDEX_BITS;
	struct cap_slot *s;

	if (gen == 0 || gen > CAP_GEN_MAX || idx >= t->nslots)
		return NULL;
	s = slot_at(t, idx);
	if (!s->cap || s->gen != gen)
		return NULL;
	return s->cap;
}

/* Makes room for one more fresh slot.  Returns 0, or -SH_ENOMEM with the
 * table exactly as it was. */
static int slots_grow(struct cap_table *t)
{
	uint32_t chunk = t->nslots >> CAP_CHUNK_SHIFT;
	struct cap_slot *slots;
	struct cap_slot **dir;
	uint32_t len;

	if (chunk < t->dir_len && t->dir[chunk])
		return 0;
	slots = kmalloc(CAP_CHUNK * sizeof *slots);
	if (!slots)
		return -SH_ENOMEM;
	if (chunk == t->dir_len) {
		len = t->dir_len ? t->dir_len * 2 : 4;
		if (len > CAP_DIR_MAX)
			len = CAP_DIR_MAX;
		dir = kmalloc(len * sizeof *dir);
		if (!dir) {
			kfree(slots);
			return -SH_ENOMEM;
		}
		if (t->dir_len)
			memcpy(dir, t->dir, t->dir_len * sizeof *dir);
		kfree(t->dir);
		t->dir = dir;
		t->dir_len = len;
	}
	t->dir[chunk] = slots;
	return 0;
}

static uint32_t free_pop(struct cap_table *t)
{
	uint32_t idx = t->free_head;

	t->free_head = slot_at(t, idx)->next_free;
	if (t->free_head == CAP_NO_SLOT)
		t->free_tail = CAP_NO_SLOT;
	t->nfree--;
	return idx;
}

/* Puts c into a slot of t and sets c->index.  Returns the handle,
 * -SH_ENOMEM or -SH_ENOSPC. */
static int slot_put(struct cap_table *t, struct cap *c)
{
	struct cap_slot *s;
	uint32_t idx;

	if (t->nfree > CAP_REUSE_DELAY) {
		idx = free_pop(t);
	} else if (t->nslots < CAP_SLOTS_MAX) {
		if (slots_grow(t) != 0) {
			if (!t->nfree)
				return -SH_ENOMEM;
			idx = free_pop(t);   /* short of memory: reuse early */
		} else {
			idx = t->nslots++;
			slot_at(t, idx)->gen = 1;
		}
	} else if (t->nfree) {
		idx = free_pop(t);
	} else {
		return -SH_ENOSPC;
	}
	s = slot_at(t, idx);
	s->cap = c;
	s->next_free = CAP_NO_SLOT;
	c->index = idx;
	t->live++;
	__atomic_add_fetch(&live_total, 1, __ATOMIC_RELAXED);
	return (int)handle_make(s->gen, idx);
}

/* Empties c's slot, turning its handle stale, and queues the slot. */
static void slot_clear(struct cap_table *t, struct cap *c)
{
	struct cap_slot *s = slot_at(t, c->index);

	s->cap = NULL;
	s->gen = s->gen == CAP_GEN_MAX ? 1 : s->gen + 1;
	s->next_free = CAP_NO_SLOT;
	if (t->free_tail == CAP_NO_SLOT)
		t->free_head = c->index;
	else
		slot_at(t, t->free_tail)->next_free = c->index;
	t->free_tail = c->index;
	t->nfree++;
	t->live--;
	__atomic_sub_fetch(&live_total, 1, __ATOMIC_RELAXED);
}

/* ---- the derivation tree (cap_tree_lock held) ---- */

static void tree_add_child(struct cap *parent, struct cap *c)
{
	c->parent = parent;
	c->prev = NULL;
	c->next = parent->child;
	if (parent->child)
		parent->child->prev = c;
	parent->child = c;
}

/* Takes c out of the tree; its children become children of c's parent (or
 * roots).  O(number of children). */
static void tree_unlink(struct cap *c)
{
	struct cap *p = c->parent, *ch, *next;

	if (c->prev)
		c->prev->next = c->next;
	else if (p)
		p->child = c->next;
	if (c->next)
		c->next->prev = c->prev;
	for (ch = c->child; ch; ch = next) {
		next = ch->next;
		if (p) {
			tree_add_child(p, ch);
		} else {
			ch->parent = NULL;
			ch->prev = ch->next = NULL;
		}
	}
	c->parent = c->child = c->prev = c->next = NULL;
}

/* Frees c's slot in its own table and gives back the quota.  The caller
 * has already unlinked c from the tree. */
static void cap_kill(struct cap *c)
{
	struct cap_table *t = c->table;

	spin_lock(&t->lock);
	slot_clear(t, c);
	spin_unlock(&t->lock);
	if (t->quota)
		quota_release(t->quota, QUOTA_HANDLES, 1);
}

/* Puts the objects of a chain of dead nodes and frees the nodes; called
 * with no cap lock held.  With r, objects go on r instead of dying here. */
static void dead_release(struct cap *dead, struct kobj_reap *r)
{
	struct cap *next;

	for (; dead; dead = next) {
		next = dead->next;
		if (r)
			kobj_put_reap(dead->obj, r);
		else
			kobj_put(dead->obj);
		kfree(dead);
	}
}

/* ---- public operations ---- */

void cap_table_init(struct cap_table *t, struct quota *q)
{
	memset(t, 0, sizeof *t);
	t->lock = (struct spinlock)SPINLOCK_INIT;
	t->free_head = t->free_tail = CAP_NO_SLOT;
	t->quota = q;
}

void cap_table_destroy_reap(struct cap_table *t, struct kobj_reap *r)
{
	struct cap *dead = NULL;

	spin_lock(&cap_tree_lock);
	for (uint32_t i = 0; i < t->nslots; i++) {
		struct cap *c = slot_at(t, i)->cap;

		if (!c)
			continue;
		tree_unlink(c);
		cap_kill(c);
		c->next = dead;
		dead = c;
	}
	spin_unlock(&cap_tree_lock);
	/* No node of t is reachable any more: the slots can go unlocked. */
	for (uint32_t i = 0; i < t->dir_len; i++)
		kfree(t->dir[i]);
	kfree(t->dir);
	t->dir = NULL;
	t->dir_len = t->nslots = t->nfree = 0;
	t->free_head = t->free_tail = CAP_NO_SLOT;
	dead_release(dead, r);
}

void cap_table_destroy(struct cap_table *t)
{
	cap_table_destroy_reap(t, NULL);
}

/* Allocates a node for obj, charges t and puts it in a slot.  Returns the
 * handle and the node in *out, or an error with nothing changed. */
static int cap_new(struct cap_table *t, struct kobj *obj, sh_rights_t rights,
		   uint64_t badge, struct cap **out)
{
	struct cap *c;
	int h;

	if (t->quota && quota_charge(t->quota, QUOTA_HANDLES, 1) != 0)
		return -SH_EQUOTA;
	c = kmalloc(sizeof *c);
	if (!c) {
		h = -SH_ENOMEM;
		goto out_uncharge;
	}
	c->obj = obj;
	c->badge = badge;
	c->rights = rights;
	c->table = t;
	c->parent = c->child = c->prev = c->next = NULL;
	spin_lock(&t->lock);
	h = slot_put(t, c);
	/* Referenced before the table lock lets anyone close it. */
	if (h >= 0)
		kobj_get(obj);
	spin_unlock(&t->lock);
	if (h < 0)
		goto out_free;
	*out = c;
	return h;

out_free:
	kfree(c);
out_uncharge:
	if (t->quota)
		quota_release(t->quota, QUOTA_HANDLES, 1);
	return h;
}

int cap_install(struct cap_table *t, struct kobj *obj, sh_rights_t rights,
		uint64_t badge)
{
	struct cap *c;

	if (!obj || obj->type == SH_OBJ_NONE || (rights & ~SH_R_ALL))
		return -SH_EINVAL;
	/* A root has no links: the tree lock is not needed. */
	return cap_new(t, obj, rights, badge, &c);
}

/* Resolves h in t (whose slots the caller keeps still), into out. */
static inline int resolve(struct cap_table *t, sh_handle_t h, uint32_t want_type,
			  sh_rights_t need_rights, struct cap_ref *out, bool ref)
{
	struct cap *c = slot_find(t, h);

	if (!c || (want_type != CAP_TYPE_ANY && c->obj->type != want_type))
		return -SH_EBADH;
	if (need_rights & ~c->rights)
		return -SH_EPERM;
	if (out) {
		if (ref)
			kobj_get(c->obj);
		out->obj = c->obj;
		out->rights = c->rights;
		out->badge = c->badge;
	}
	return 0;
}

int cap_lookup(struct cap_table *t, sh_handle_t h, uint32_t want_type,
	       sh_rights_t need_rights, struct cap_ref *out)
{
	int err;

	spin_lock(&t->lock);
	err = resolve(t, h, want_type, need_rights, out, true);
	spin_unlock(&t->lock);
	return err;
}

/* No table lock: the caller's lock (bedrock's kernel lock, which every
 * writer of a table holds too) already keeps the slots still. */
int cap_peek(struct cap_table *t, sh_handle_t h, uint32_t want_type,
	     sh_rights_t need_rights, struct cap_ref *out)
{
	return resolve(t, h, want_type, need_rights, out, false);
}

void cap_ref_put(struct cap_ref *ref)
{
	if (ref->obj)
		kobj_put(ref->obj);
	ref->obj = NULL;
}

/* What a derivation asks of its source handle. */
struct derive {
	sh_rights_t rights;   /* the child's rights */
	sh_rights_t need;     /* right the source must have */
	bool mint;            /* set badge; source must be an unbadged endpoint */
	uint64_t badge;
};

/* Makes a child of st's handle h in dt.  Validates everything before
 * changing anything.  Returns the new handle or an error. */
static int cap_derive(struct cap_table *st, sh_handle_t h,
		      struct cap_table *dt, const struct derive *d)
{
	struct cap *p, *c;
	uint64_t badge;
	int ret;

	if (d->rights & ~SH_R_ALL)
		return -SH_EINVAL;
	spin_lock(&cap_tree_lock);
	spin_lock(&st->lock);
	p = slot_find(st, h);
	if (!p || (d->mint && p->obj->type != SH_OBJ_ENDPOINT))
		ret = -SH_EBADH;
	else if (!(p->rights & d->need) || (d->rights & ~p->rights))
		ret = -SH_EPERM;
	else if (d->mint && p->badge != 0)
		ret = -SH_EPERM;
	else
		ret = 0;
	spin_unlock(&st->lock);
	if (ret)
		goto out_unlock;
	/* p cannot be closed while we hold the tree lock. */
	badge = d->mint ? d->badge : p->badge;
	ret = cap_new(dt, p->obj, d->rights, badge, &c);
	if (ret < 0)
		goto out_unlock;
	tree_add_child(p, c);
out_unlock:
	spin_unlock(&cap_tree_lock);
	return ret;
}

int cap_dup(struct cap_table *t, sh_handle_t h, sh_rights_t rights)
{
	struct derive d = { .rights = rights, .need = SH_R_DUP };

	return cap_derive(t, h, t, &d);
}

int cap_mint(struct cap_table *t, sh_handle_t h, sh_rights_t rights,
	     uint64_t badge)
{
	struct derive d = {
		.rights = rights, .need = SH_R_DUP, .mint = true, .badge = badge,
	};

	if (badge == 0)
		return -SH_EINVAL;
	return cap_derive(t, h, t, &d);
}

int cap_grant(struct cap_table *src, sh_handle_t h, struct cap_table *dst,
	      sh_rights_t rights)
{
	struct derive d = { .rights = rights, .need = SH_R_GRANT };

	return cap_derive(src, h, dst, &d);
}

int cap_close(struct cap_table *t, sh_handle_t h)
{
	struct cap *c;

	spin_lock(&cap_tree_lock);
	spin_lock(&t->lock);
	c = slot_find(t, h);
	spin_unlock(&t->lock);
	if (!c) {
		spin_unlock(&cap_tree_lock);
		return -SH_EBADH;
	}
	tree_unlink(c);
	cap_kill(c);
	spin_unlock(&cap_tree_lock);
	c->next = NULL;
	dead_release(c, NULL);
	return 0;
}

int cap_revoke(struct cap_table *t, sh_handle_t h)
{
	return cap_revoke_max(t, h, UINT32_MAX, NULL);
}

int cap_revoke_max(struct cap_table *t, sh_handle_t h, uint32_t max, int *more)
{
	struct cap *root, *n, *p, *dead = NULL;
	uint32_t count = 0;

	spin_lock(&cap_tree_lock);
	spin_lock(&t->lock);
	root = slot_find(t, h);
	spin_unlock(&t->lock);
	if (!root) {
		spin_unlock(&cap_tree_lock);
		return -SH_EBADH;
	}
	n = root->child;
	while (n && count < max) {
		if (n->child) {
			n = n->child;
			continue;
		}
		/* n is a leaf and the first child of its parent (we only ever
		 * step down through first children), so cutting it is O(1). */
		p = n->parent;
		p->child = n->next;
		if (n->next)
			n->next->prev = NULL;
		cap_kill(n);
		n->parent = n->prev = NULL;
		n->next = dead;
		dead = n;
		count++;
		n = p == root ? root->child : p;
	}
	/* Every cut leaves a whole tree: stopping anywhere is consistent. */
	if (more)
		*more = root->child != NULL;
	spin_unlock(&cap_tree_lock);
	dead_release(dead, NULL);
	return count > INT32_MAX ? INT32_MAX : (int)count;
}

uint64_t cap_live_total(void)
{
	return __atomic_load_n(&live_total, __ATOMIC_RELAXED);
}

uint32_t cap_table_count(struct cap_table *t)
{
	uint32_t n;

	spin_lock(&t->lock);
	n = t->live;
	spin_unlock(&t->lock);
	return n;
}
