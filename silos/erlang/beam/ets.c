/* ETS tables: the registry, object storage off the process heaps, hash
 * tables for set/bag/duplicate_bag and an AVL tree for ordered_set, and
 * what happens to a table when its owner ends.
 *
 * Hash tables are OTP's linear hashing (see "hash tables" below); all
 * objects with one key sit next to each other in one chain.  While a table is fixed
 * (safe_fixtable, or an ets:foldl in progress) deleted objects stay in
 * their chain marked dead and the table does not grow, so a traversal
 * visits every object that stays in the table exactly once; the dead are
 * freed when the last fixation goes. */
#include "ets.h"
#include <stdlib.h>
#include <string.h>

/* OTP's db_hash: the first segment's buckets, later segments' buckets,
 * locks of a finely locked table, buckets split or joined at most per
 * change (see "hash tables" below). */
#define FIRST_SEG 256
#define EXT_SEG 2048
#define HASH_LOCKS 64
#define RESIZE_STEPS 5

#define REG_BUCKETS 1024
#define NAME_BUCKETS 256
static struct ets_tab *by_serial[REG_BUCKETS];
static struct ets_tab *by_name[NAME_BUCKETS];   /* named tables only */
static uint64_t ntabs;

/* The hash that places keys in buckets: OTP's internal hash (as OTP's
 * db_hash, but for atoms, whose OTP hash is the atom table's). */
static uint32_t ets_hash(term k)
{
	return term_hash_internal(k, 0);
}

static void hash_reset(struct ets_tab *t);

static struct ets_obj *obj_new(struct ets_tab *t, term tuple)
{
	size_t sz = term_size(tuple);
	struct ets_obj *o = malloc(sizeof *o + sz * sizeof(term));
	term *hp = o->data;
	o->obj = term_copy(tuple, &hp, NULL);
	o->next = o->left = o->right = NULL;
	o->height = 1;
	o->dead = false;
	o->hash = t->type == ETS_OSET ? 0 : ets_hash(ets_key(t, o->obj));
	t->words += sz + 6;
	return o;
}

static void obj_free(struct ets_tab *t, struct ets_obj *o)
{
	t->words -= term_size(o->obj) + 6;
	term_release(o->obj);
	free(o);
}

bool ets_key_eq(const struct ets_tab *t, term a, term b)
{
	if (a == b)
		return true;
	return term_compare(a, b, t->type != ETS_OSET) == 0;
}

/* ---- registry ---- */

struct ets_tab *ets_tab_new(term name, bool named)
{
	struct ets_tab *t = calloc(1, sizeof *t);
	t->serial = ref_serial_new() | ETS_REF_BIT;
	t->name = name;
	t->named = named;
	t->keypos = 1;
	t->heir = ATOM(none);
	t->heir_data = NONV;
	hash_reset(t);
	t->next = by_serial[t->serial % REG_BUCKETS];
	by_serial[t->serial % REG_BUCKETS] = t;
	if (named) {
		t->next_named = by_name[atom_index(name) % NAME_BUCKETS];
		by_name[atom_index(name) % NAME_BUCKETS] = t;
	}
	ntabs++;
	return t;
}

static void unlink_name(struct ets_tab *t)
{
	struct ets_tab **pp = &by_name[atom_index(t->name) % NAME_BUCKETS];
	while (*pp != t)
		pp = &(*pp)->next_named;
	*pp = t->next_named;
}

void ets_tab_rename(struct ets_tab *t, term name)
{
	if (t->named) {
		unlink_name(t);
		t->next_named = by_name[atom_index(name) % NAME_BUCKETS];
		by_name[atom_index(name) % NAME_BUCKETS] = t;
	}
	t->name = name;
}

struct ets_tab *ets_tab_by_name(term name)
{
	for (struct ets_tab *t = by_name[atom_index(name) % NAME_BUCKETS]; t;
	     t = t->next_named)
		if (t->name == name)
			return t;
	return NULL;
}

struct ets_tab *ets_tab_find(term id)
{
	if (is_atom(id))
		return ets_tab_by_name(id);
	if (!is_ref(id) || box_arity(id) != 1)
		return NULL;
	uint64_t s = boxed_ptr(id)[1];
	for (struct ets_tab *t = by_serial[s % REG_BUCKETS]; t; t = t->next)
		if (t->serial == s)
			return t;
	return NULL;
}

term ets_tab_ref(struct proc *p, struct ets_tab *t)
{
	term *hp = heap_alloc(p, 2);
	hp[0] = make_header(1, HK_REF);
	hp[1] = t->serial;
	return make_boxed(hp);
}

term ets_tab_id(struct proc *p, struct ets_tab *t)
{
	return t->named ? t->name : ets_tab_ref(p, t);
}

term ets_tab_all(struct proc *p)
{
	term r = NIL;
	for (int b = 0; b < REG_BUCKETS; b++)
		for (struct ets_tab *t = by_serial[b]; t; t = t->next)
			r = cons(p, ets_tab_id(p, t), r);
	return r;
}

static void tree_free(struct ets_tab *t, struct ets_obj *o)
{
	while (o) {
		tree_free(t, o->left);
		struct ets_obj *r = o->right;
		obj_free(t, o);
		o = r;
	}
}

void ets_delete_all(struct ets_tab *t)
{
	bool fixed = t->fixes != NULL;
	for (size_t b = 0; b < t->nbuckets; b++) {
		for (struct ets_obj **pp = &t->buckets[b]; *pp;) {
			struct ets_obj *o = *pp;
			if (fixed) {
				if (!o->dead) {
					o->dead = true;
					t->ndead++;
				}
				pp = &o->next;
			} else {
				*pp = o->next;
				obj_free(t, o);
			}
		}
	}
	tree_free(t, t->root);
	t->root = NULL;
	t->size = 0;
	if (t->lock_counts)
		memset(t->lock_counts, 0, HASH_LOCKS * sizeof *t->lock_counts);
	if (!fixed)
		hash_reset(t);   /* OTP makes the table anew */
}

void ets_tab_delete(struct ets_tab *t)
{
	struct ets_tab **pp = &by_serial[t->serial % REG_BUCKETS];
	while (*pp != t)
		pp = &(*pp)->next;
	*pp = t->next;
	if (t->named)
		unlink_name(t);
	ntabs--;
	struct ets_fix *fx = t->fixes;
	t->fixes = NULL;   /* nothing can traverse a deleted table */
	for (struct ets_fix *n; fx; fx = n) {
		n = fx->next;
		free(fx);
	}
	ets_delete_all(t);
	free(t->buckets);
	free(t->lock_counts);
	if (t->heir_mem)
		term_unstore(t->heir_data, t->heir_mem);
	free(t);
}

void ets_set_heir(struct ets_tab *t, term heir, term data)
{
	if (t->heir_mem)
		term_unstore(t->heir_data, t->heir_mem);
	t->heir_mem = NULL;
	t->heir_data = NONV;
	t->heir = heir;
	if (heir != ATOM(none))
		t->heir_data = term_store(data, &t->heir_mem);
}

/* ---- hash tables ----
 *
 * Linear hashing laid out as OTP 25's db_hash, so that traversal order is
 * OTP's (README): 256 active buckets to start; an insertion that leaves
 * more objects than active buckets splits one bucket (up to five while
 * that still holds), a deletion that leaves fewer than shrink_limit joins
 * the top bucket back (again up to five).  Bucket of hash h: h & szm, or
 * h & (szm >> 1) for a bucket not yet split.  A new key goes to the end
 * of its chain; a bag's new object goes in front of the others with its
 * key.  Buckets are visited in order, each chain from its head; but a
 * table with write_concurrency (fine locking) is walked one lock's
 * buckets after another, in strides of OTP's lock count (0, 64, 128, ...,
 * then 1, 65, ...).
 * Allocation follows OTP's segments (256 buckets, then 2048 at a time)
 * because the shrink limit depends on it. */

bool ets_fine_locked(const struct ets_tab *t)
{
	return t->write_conc && t->prot != ETS_PRIVATE;
}

/* OTP counts the objects of a table with decentralized counters per lock
 * and estimates the total as the lock count times the count of the lock
 * at hand (at least one); growing and shrinking follow that estimate. */
static bool decentralized(const struct ets_tab *t)
{
	return ets_fine_locked(t) &&
	       (t->decentral >= 0 ? t->decentral == 1 : t->write_conc == 2);
}

/* Adds d objects of hash h to the count(s). */
static void count_add(struct ets_tab *t, uint32_t h, long d)
{
	t->size += (size_t)d;
	if (!decentralized(t))
		return;
	if (!t->lock_counts)
		t->lock_counts = calloc(HASH_LOCKS, sizeof *t->lock_counts);
	t->lock_counts[h & (HASH_LOCKS - 1)] += d;
}

/* The object count OTP goes by after a change to a key of hash h. */
static size_t count_estimate(const struct ets_tab *t, uint32_t h)
{
	if (!decentralized(t))
		return t->size;
	long c = t->lock_counts ? t->lock_counts[h & (HASH_LOCKS - 1)] : 0;
	return HASH_LOCKS * (size_t)(c <= 0 ? 1 : c);
}

static void hash_reset(struct ets_tab *t)
{
	if (t->lock_counts)
		memset(t->lock_counts, 0, HASH_LOCKS * sizeof *t->lock_counts);
	free(t->buckets);
	t->buckets = calloc(FIRST_SEG, sizeof *t->buckets);
	t->nbuckets = FIRST_SEG;
	t->nslots = FIRST_SEG;
	t->szm = FIRST_SEG - 1;
	t->shrink_limit = 0;
}

static size_t hash_ix(const struct ets_tab *t, uint32_t h)
{
	size_t ix = h & t->szm;
	if (ix >= t->nbuckets)
		ix &= t->szm >> 1;
	return ix;
}

/* OTP starts shrinking only when a whole extra segment could go and the
 * table still stay below half full, and keeps the second segment; with
 * decentralized counters only once there are 100 buckets per lock. */
static void calc_shrink_limit(struct ets_tab *t)
{
	bool enough = !decentralized(t) || t->nslots >= 100 * HASH_LOCKS;
	t->shrink_limit = enough && t->nslots >= FIRST_SEG + 2 * EXT_SEG ?
			  (t->nslots - EXT_SEG) / 2 : 0;
}

/* The bucket visited after ix, or 0 when the walk is over. */
static size_t hash_next_slot(const struct ets_tab *t, size_t ix)
{
	size_t stride = ets_fine_locked(t) ? HASH_LOCKS : 1;
	ix += stride;
	if (ix < t->nbuckets)
		return ix;
	return (ix + 1) & (stride - 1);
}

/* Splits one bucket into the next new one, keeping both chains' order. */
static void hash_split(struct ets_tab *t)
{
	if (t->nbuckets == t->nslots) {
		t->nslots += EXT_SEG;
		t->buckets = realloc(t->buckets, t->nslots * sizeof *t->buckets);
		calc_shrink_limit(t);
	}
	size_t to = t->nbuckets, from;
	if (to <= t->szm) {
		from = to & (t->szm >> 1);
	} else {
		from = 0;
		t->szm = (t->szm << 1) | 1;
	}
	t->nbuckets++;
	struct ets_obj **keep = &t->buckets[from], **move = &t->buckets[to];
	for (struct ets_obj *o = t->buckets[from], *n; o; o = n) {
		n = o->next;
		o->next = NULL;
		if ((o->hash & t->szm) == from) {
			*keep = o;
			keep = &o->next;
		} else {
			*move = o;
			move = &o->next;
		}
	}
	*keep = NULL;
	*move = NULL;
}

static void hash_maybe_grow(struct ets_tab *t, uint32_t h)
{
	size_t n = count_estimate(t, h);
	for (int i = 0; i < RESIZE_STEPS && !t->fixes && n > t->nbuckets; i++)
		hash_split(t);
}

/* Joins the top bucket into its buddy: the top chain goes first. */
static void hash_join(struct ets_tab *t)
{
	size_t src = t->nbuckets - 1, low = t->szm >> 1, dst = src & low;
	struct ets_obj *chain = t->buckets[src];
	t->buckets[src] = NULL;
	t->nbuckets = src;
	if (dst == 0)
		t->szm = low;
	if (t->nslots - src >= EXT_SEG) {
		t->nslots -= EXT_SEG;
		t->buckets = realloc(t->buckets, t->nslots * sizeof *t->buckets);
		calc_shrink_limit(t);
	}
	if (chain) {
		struct ets_obj **pp = &chain;
		while (*pp)
			pp = &(*pp)->next;
		*pp = t->buckets[dst];
		t->buckets[dst] = chain;
	}
}

/* OTP's try_shrink after a deletion of a key of hash h. */
static void hash_try_shrink(struct ets_tab *t, uint32_t h)
{
	if (t->type == ETS_OSET || t->fixes)
		return;
	size_t n = count_estimate(t, h);
	if (t->nbuckets <= FIRST_SEG || n >= t->shrink_limit)
		return;
	for (int i = 0; i < RESIZE_STEPS && n < t->shrink_limit; i++)
		hash_join(t);
}

void ets_try_shrink(struct ets_tab *t, term key)
{
	if (t->type != ETS_OSET)
		hash_try_shrink(t, ets_hash(key));
}

static void hash_insert(struct ets_tab *t, term tuple)
{
	term k = ets_key(t, tuple);
	uint32_t h = ets_hash(k);
	struct ets_obj **pp = &t->buckets[hash_ix(t, h)];
	for (; *pp; pp = &(*pp)->next) {
		struct ets_obj *o = *pp;
		if (o->hash == h && ets_key_eq(t, ets_key(t, o->obj), k))
			break;
	}
	struct ets_obj *first = *pp;   /* the key's first object, or NULL */
	if (first && t->type == ETS_SET) {
		struct ets_obj *n = obj_new(t, tuple);
		n->next = first->next;
		*pp = n;
		if (first->dead) {
			t->ndead--;
			count_add(t, h, 1);
		}
		obj_free(t, first);
		return;
	}
	if (first && t->type == ETS_BAG) {
		struct ets_obj **qp = pp;
		for (struct ets_obj *q = first; q && q->hash == h &&
		     ets_key_eq(t, ets_key(t, q->obj), k); qp = &q->next, q = q->next) {
			if (term_compare(q->obj, tuple, true) != 0)
				continue;
			if (q->dead) {
				/* revived: it becomes the key's newest object */
				q->dead = false;
				t->ndead--;
				count_add(t, h, 1);
				if (q != first) {
					*qp = q->next;
					q->next = first;
					*pp = q;
				}
			}
			return;
		}
	}
	struct ets_obj *n = obj_new(t, tuple);
	n->next = first;
	*pp = n;
	count_add(t, h, 1);
	hash_maybe_grow(t, h);
}

static struct ets_obj **hash_slot(struct ets_tab *t, term k, uint32_t *hp)
{
	uint32_t h = ets_hash(k);
	*hp = h;
	struct ets_obj **pp = &t->buckets[hash_ix(t, h)];
	for (; *pp; pp = &(*pp)->next)
		if ((*pp)->hash == h && ets_key_eq(t, ets_key(t, (*pp)->obj), k))
			return pp;
	return NULL;
}

/* ---- AVL tree for ordered_set ---- */

static int ht(struct ets_obj *o) { return o ? o->height : 0; }
static void fix_height(struct ets_obj *o)
{
	int l = ht(o->left), r = ht(o->right);
	o->height = (l > r ? l : r) + 1;
}
static struct ets_obj *rot_right(struct ets_obj *o)
{
	struct ets_obj *l = o->left;
	o->left = l->right;
	l->right = o;
	fix_height(o);
	fix_height(l);
	return l;
}
static struct ets_obj *rot_left(struct ets_obj *o)
{
	struct ets_obj *r = o->right;
	o->right = r->left;
	r->left = o;
	fix_height(o);
	fix_height(r);
	return r;
}
static struct ets_obj *balance(struct ets_obj *o)
{
	fix_height(o);
	int bf = ht(o->left) - ht(o->right);
	if (bf > 1) {
		if (ht(o->left->left) < ht(o->left->right))
			o->left = rot_left(o->left);
		return rot_right(o);
	}
	if (bf < -1) {
		if (ht(o->right->right) < ht(o->right->left))
			o->right = rot_right(o->right);
		return rot_left(o);
	}
	return o;
}

static int key_cmp(struct ets_tab *t, term k, struct ets_obj *o)
{
	return term_compare(k, ets_key(t, o->obj), false);
}

static struct ets_obj *tree_insert(struct ets_tab *t, struct ets_obj *o,
				   struct ets_obj *n)
{
	if (!o) {
		t->size++;
		return n;
	}
	int c = key_cmp(t, ets_key(t, n->obj), o);
	if (c == 0) {
		n->left = o->left;
		n->right = o->right;
		n->height = o->height;
		obj_free(t, o);
		return n;
	}
	if (c < 0)
		o->left = tree_insert(t, o->left, n);
	else
		o->right = tree_insert(t, o->right, n);
	return balance(o);
}

static struct ets_obj *tree_take_min(struct ets_obj *o, struct ets_obj **min)
{
	if (!o->left) {
		*min = o;
		return o->right;
	}
	o->left = tree_take_min(o->left, min);
	return balance(o);
}

static struct ets_obj *tree_remove(struct ets_tab *t, struct ets_obj *o, term k,
				   bool *found)
{
	if (!o)
		return NULL;
	int c = key_cmp(t, k, o);
	if (c < 0) {
		o->left = tree_remove(t, o->left, k, found);
	} else if (c > 0) {
		o->right = tree_remove(t, o->right, k, found);
	} else {
		*found = true;
		struct ets_obj *l = o->left, *r = o->right;
		obj_free(t, o);
		t->size--;
		if (!r)
			return l;
		struct ets_obj *m;
		r = tree_take_min(r, &m);
		m->left = l;
		m->right = r;
		return balance(m);
	}
	return balance(o);
}

static struct ets_obj *tree_find(struct ets_tab *t, term k)
{
	struct ets_obj *o = t->root;
	while (o) {
		int c = key_cmp(t, k, o);
		if (c == 0)
			return o;
		o = c < 0 ? o->left : o->right;
	}
	return NULL;
}

/* The object with the smallest key > k (prev: the largest key < k); with
 * k NONV the first (last) object. */
static struct ets_obj *tree_step(struct ets_tab *t, term k, bool prev)
{
	struct ets_obj *o = t->root, *best = NULL;
	while (o) {
		int c = k == NONV ? (prev ? 1 : -1) : key_cmp(t, k, o);
		if (!prev) {
			if (c < 0) {
				best = o;
				o = o->left;
			} else {
				o = o->right;
			}
		} else {
			if (c > 0) {
				best = o;
				o = o->right;
			} else {
				o = o->left;
			}
		}
	}
	return best;
}

/* ---- operations on either kind ---- */

void ets_insert(struct ets_tab *t, term obj)
{
	if (t->type == ETS_OSET)
		t->root = tree_insert(t, t->root, obj_new(t, obj));
	else
		hash_insert(t, obj);
}

struct ets_obj *ets_lookup(struct ets_tab *t, term k)
{
	if (t->type == ETS_OSET)
		return tree_find(t, k);
	uint32_t h;
	struct ets_obj **pp = hash_slot(t, k, &h);
	if (!pp)
		return NULL;
	struct ets_obj *o = *pp;
	return o->dead ? ets_lookup_next(t, o, k) : o;
}

struct ets_obj *ets_lookup_next(struct ets_tab *t, struct ets_obj *o, term k)
{
	if (t->type == ETS_OSET)
		return NULL;
	for (o = o->next; o; o = o->next) {
		if (!ets_key_eq(t, ets_key(t, o->obj), k))
			continue;
		if (!o->dead)
			return o;
	}
	return NULL;
}

static void hash_unlink(struct ets_tab *t, struct ets_obj **pp)
{
	struct ets_obj *o = *pp;
	uint32_t h = o->hash;
	if (t->fixes) {
		o->dead = true;
		t->ndead++;
	} else {
		*pp = o->next;
		obj_free(t, o);
	}
	count_add(t, h, -1);
}

size_t ets_delete_key(struct ets_tab *t, term k)
{
	if (t->type == ETS_OSET) {
		bool found = false;
		t->root = tree_remove(t, t->root, k, &found);
		return found;
	}
	uint32_t h;
	struct ets_obj **pp = hash_slot(t, k, &h);
	size_t n = 0;
	if (!pp)
		return 0;
	while (pp && *pp) {
		struct ets_obj *o = *pp;
		if (o->hash != h || !ets_key_eq(t, ets_key(t, o->obj), k))
			break;
		if (o->dead) {
			pp = &o->next;
			continue;
		}
		n++;
		hash_unlink(t, pp);
		if (*pp == o)
			pp = &o->next;
	}
	if (n)
		hash_try_shrink(t, h);
	return n;
}

void ets_delete_obj(struct ets_tab *t, struct ets_obj *o, bool shrink)
{
	if (t->type == ETS_OSET) {
		bool found = false;
		t->root = tree_remove(t, t->root, ets_key(t, o->obj), &found);
		return;
	}
	uint32_t h = o->hash;
	struct ets_obj **pp = &t->buckets[hash_ix(t, h)];
	while (*pp != o)
		pp = &(*pp)->next;
	hash_unlink(t, pp);
	if (shrink)
		hash_try_shrink(t, h);
}

void ets_replace(struct ets_tab *t, struct ets_obj *o, term obj)
{
	if (t->type == ETS_OSET) {
		ets_insert(t, obj);
		return;
	}
	struct ets_obj **pp = &t->buckets[hash_ix(t, o->hash)];
	while (*pp != o)
		pp = &(*pp)->next;
	struct ets_obj *n = obj_new(t, obj);
	n->next = o->next;
	*pp = n;
	obj_free(t, o);
}

/* The first live object from o on in bucket b's chain, then in the
 * buckets after b in walk order; NULL at the end. */
static struct ets_obj *hash_from(struct ets_tab *t, size_t b, struct ets_obj *o)
{
	for (;;) {
		for (; o; o = o->next)
			if (!o->dead)
				return o;
		if ((b = hash_next_slot(t, b)) == 0)
			return NULL;
		o = t->buckets[b];
	}
}

term ets_first(struct ets_tab *t, bool last)
{
	if (t->type == ETS_OSET) {
		struct ets_obj *o = tree_step(t, NONV, last);
		return o ? ets_key(t, o->obj) : NONV;
	}
	struct ets_obj *o = hash_from(t, 0, t->buckets[0]);
	return o ? ets_key(t, o->obj) : NONV;
}

term ets_next(struct ets_tab *t, term k, bool prev, bool *missing)
{
	*missing = false;
	if (t->type == ETS_OSET) {
		struct ets_obj *o = tree_step(t, k, prev);
		return o ? ets_key(t, o->obj) : NONV;
	}
	uint32_t h;
	struct ets_obj **pp = hash_slot(t, k, &h);
	if (!pp) {
		*missing = true;
		return NONV;
	}
	struct ets_obj *o = *pp;
	while (o && o->hash == h && ets_key_eq(t, ets_key(t, o->obj), k))
		o = o->next;
	o = hash_from(t, hash_ix(t, h), o);
	return o ? ets_key(t, o->obj) : NONV;
}

void ets_walk(struct ets_tab *t, bool reverse, struct ets_pos *pos,
	      ets_visit_fn fn, void *ctx)
{
	if (t->type == ETS_OSET) {
		term k = pos->key;
		for (;;) {
			struct ets_obj *o = tree_step(t, k, reverse);
			if (!o)
				return;
			k = ets_key(t, o->obj);
			pos->key = k;
			if (!fn(o, ctx))
				return;
		}
	}
	size_t b = pos->bucket;
	if (b >= t->nbuckets) {
		pos->bucket = ETS_POS_END;
		return;
	}
	for (;;) {
		for (struct ets_obj *o = t->buckets[b]; o; o = o->next)
			if (!o->dead)
				fn(o, ctx);
		if ((b = hash_next_slot(t, b)) == 0) {
			pos->bucket = ETS_POS_END;
			return;
		}
		if (!fn(NULL, ctx)) {
			pos->bucket = b;
			return;
		}
	}
}

size_t ets_bucket_of(struct ets_tab *t, term k, bool *present)
{
	*present = ets_lookup(t, k) != NULL;
	return hash_ix(t, ets_hash(k));
}

void ets_walk_bucket(struct ets_tab *t, size_t b, ets_visit_fn fn, void *ctx)
{
	for (struct ets_obj *o = t->buckets[b]; o; o = o->next)
		if (!o->dead)
			fn(o, ctx);
}

/* ---- fixation and owners ---- */

static void purge_dead(struct ets_tab *t)
{
	for (size_t b = 0; b < t->nbuckets && t->ndead; b++)
		for (struct ets_obj **pp = &t->buckets[b]; *pp;) {
			struct ets_obj *o = *pp;
			if (o->dead) {
				*pp = o->next;
				obj_free(t, o);
				t->ndead--;
			} else {
				pp = &o->next;
			}
		}
	t->ndead = 0;
}

void ets_fix(struct ets_tab *t, uint64_t serial, bool on)
{
	struct ets_fix **pp = &t->fixes;
	while (*pp && (*pp)->pid_serial != serial)
		pp = &(*pp)->next;
	if (on) {
		if (!*pp) {
			*pp = calloc(1, sizeof **pp);
			(*pp)->pid_serial = serial;
		}
		(*pp)->count++;
		return;
	}
	if (!*pp)
		return;
	if (--(*pp)->count > 0)
		return;
	struct ets_fix *f = *pp;
	*pp = f->next;
	free(f);
	if (!t->fixes)
		purge_dead(t);
}

void ets_proc_exit(struct proc *p)
{
	if (!ntabs)
		return;
	for (int b = 0; b < REG_BUCKETS; b++) {
		for (struct ets_tab *t = by_serial[b], *n; t; t = n) {
			n = t->next;
			struct ets_fix *f = t->fixes;
			while (f && f->pid_serial != p->serial)
				f = f->next;
			if (f) {
				f->count = 1;
				ets_fix(t, p->serial, false);
			}
			if (t->owner != p->serial)
				continue;
			struct proc *h = t->heir != ATOM(none) ? proc_find_pid(t->heir) : NULL;
			if (!h || h == p || h->state == PS_DEAD || h->state == PS_EXITING) {
				ets_tab_delete(t);
				continue;
			}
			t->owner = h->serial;
			term tmp[5], rt[2];
			rt[0] = make_header(1, HK_REF);
			rt[1] = t->serial;
			tmp[0] = make_header(4, HK_TUPLE);
			tmp[1] = atom_intern("ETS-TRANSFER", 12);
			tmp[2] = t->named ? t->name : make_boxed(rt);
			tmp[3] = p->pid;
			tmp[4] = t->heir_data;
			proc_send(h, make_boxed(tmp));
		}
	}
}
