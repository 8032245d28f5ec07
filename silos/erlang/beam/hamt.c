/* Big maps: OTP's hash array mapped trie.  A map of more than 32 keys is a
 * root (HK_HMAP: size, bitmap, children) over inner nodes (HK_HNODE:
 * bitmap, children).  Bit i of a bitmap says child slot i is present; the
 * children are stored densely in slot order.  A child is either a leaf, a
 * cons cell [Key | Value], or another node.  Level L uses nibble L % 8 of
 * the key's internal hash, lowest nibble first; every 8 levels the hash is
 * recomputed with a new salt, and past HAMT_MAX_LEVEL levels keys that
 * still collide share a collision node (bitmap 0, leaves in any order).
 * Bitmaps and the size are stored as small integers, so the collector and
 * term copying treat every word of a node as a term.
 *
 * OTP walks the trie depth first, slots in ascending order, for
 * maps:next/iterator, fold and printing, and in the opposite order for
 * maps:to_list/keys/values and term_to_binary.  Because the leaves' order
 * is fixed by their hashes alone, any trie holding the same keys walks
 * them in the same order: the shape need not be OTP's exactly. */
#include "interp.h"
#include <stdlib.h>

#define HAMT_MAX_LEVEL (MAPIT_DEPTH - 2)

static inline size_t node_off(term n)
{
	return box_kind(n) == HK_HMAP ? 3 : 2;
}

static inline uint32_t node_bm(term n)
{
	return (uint32_t)small_val(boxed_ptr(n)[node_off(n) - 1]);
}

static inline term *node_kids(term n)
{
	return boxed_ptr(n) + node_off(n);
}

static inline size_t node_nkids(term n)
{
	return box_arity(n) + 1 - node_off(n);
}

static inline unsigned popcount16(uint32_t x)
{
	return (unsigned)__builtin_popcount(x & 0xFFFF);
}

static inline unsigned nibble(uint32_t h, unsigned lvl)
{
	return (h >> (4 * (lvl & 7))) & 15;
}

/* The bitmap bit of k's slot at level lvl; *h holds the hash of the
 * level's generation and is renewed where a generation starts. */
static uint32_t slot_bit(term k, unsigned lvl, uint32_t *h)
{
	if (lvl && !(lvl & 7))
		*h = hash_map_key(k, lvl / 8);
	return 1u << nibble(*h, lvl);
}

/* The index of k's leaf in collision node n, or -1. */
static long collision_find(term n, term k)
{
	term *kids = node_kids(n);
	for (size_t i = 0; i < node_nkids(n); i++)
		if (term_eq_exact(CAR(kids[i]), k))
			return (long)i;
	return -1;
}

size_t hamt_size(term m)
{
	return (size_t)small_val(boxed_ptr(m)[1]);
}

term hamt_get(term m, term k)
{
	term n = m;
	uint32_t h = hash_map_key(k, 0);
	for (unsigned lvl = 0;; lvl++) {
		uint32_t bm = node_bm(n);
		term *kids = node_kids(n);
		if (bm == 0) {
			long i = collision_find(n, k);
			return i >= 0 ? CDR(kids[i]) : NONV;
		}
		uint32_t bit = slot_bit(k, lvl, &h);
		if (!(bm & bit))
			return NONV;
		term c = kids[popcount16(bm & (bit - 1))];
		if (is_list(c))
			return term_eq_exact(CAR(c), k) ? CDR(c) : NONV;
		n = c;
	}
}

/* ---- building ---- */

struct hent {
	term k, v;
	uint32_t h;
};

static term *hb_alloc(struct map_alloc *a, size_t n)
{
	return a->fn(a->ctx, n);
}

static term hb_leaf(struct map_alloc *a, term k, term v)
{
	term *c = hb_alloc(a, 2);
	c[0] = k;
	c[1] = v;
	return make_list(c);
}

/* A node (or the root, when size is not 0) with the given children. */
static term hb_node(struct map_alloc *a, uint32_t bm, const term *kids,
		    size_t nk, size_t size)
{
	size_t off = size ? 3 : 2;
	term *hp = hb_alloc(a, off + nk);
	hp[0] = make_header(off - 1 + nk, size ? HK_HMAP : HK_HNODE);
	if (size)
		hp[1] = make_small(size);
	hp[off - 1] = make_small(bm);
	memcpy(hp + off, kids, nk * sizeof(term));
	return make_boxed(hp);
}

/* The subtrie at level lvl holding e[0..n): distinct keys whose hashes
 * agree below lvl; e[i].h holds the hash of lvl's generation. */
static term hb_build(struct map_alloc *a, struct hent *e, size_t n,
		     unsigned lvl, size_t size)
{
	if (n == 1 && !size)
		return hb_leaf(a, e[0].k, e[0].v);
	if (lvl == HAMT_MAX_LEVEL) {
		term *kids = malloc(n * sizeof(term));
		for (size_t i = 0; i < n; i++)
			kids[i] = hb_leaf(a, e[i].k, e[i].v);
		term r = hb_node(a, 0, kids, n, 0);
		free(kids);
		return r;
	}
	if (lvl && !(lvl & 7))
		for (size_t i = 0; i < n; i++)
			e[i].h = hash_map_key(e[i].k, lvl / 8);
	size_t cnt[16] = { 0 }, at[16];
	for (size_t i = 0; i < n; i++)
		cnt[nibble(e[i].h, lvl)]++;
	struct hent *tmp = malloc(n * sizeof *tmp);
	for (size_t b = 0, s = 0; b < 16; b++) {
		at[b] = s;
		s += cnt[b];
	}
	for (size_t i = 0; i < n; i++)
		tmp[at[nibble(e[i].h, lvl)]++] = e[i];
	memcpy(e, tmp, n * sizeof *tmp);
	free(tmp);
	term kids[16];
	uint32_t bm = 0;
	size_t nk = 0, off = 0;
	for (unsigned b = 0; b < 16; b++) {
		if (!cnt[b])
			continue;
		bm |= 1u << b;
		kids[nk++] = hb_build(a, e + off, cnt[b], lvl + 1, 0);
		off += cnt[b];
	}
	return hb_node(a, bm, kids, nk, size);
}

term hamt_build(struct map_alloc *a, const term *kv, size_t n)
{
	struct hent *e = malloc(n * sizeof *e);
	for (size_t i = 0; i < n; i++) {
		e[i].k = kv[2 * i];
		e[i].v = kv[2 * i + 1];
		e[i].h = hash_map_key(e[i].k, 0);
	}
	term r = hb_build(a, e, n, 0, n);
	free(e);
	return r;
}

/* ---- path-copying updates (process heap) ---- */

static term *proc_alloc(void *ctx, size_t n)
{
	return heap_alloc(ctx, n);
}

/* A copy of node n with child slot pos replaced by c. */
static term node_with(struct proc *p, term n, size_t pos, term c)
{
	size_t words = box_arity(n) + 1;
	term *hp = heap_alloc(p, words);
	memcpy(hp, boxed_ptr(n), words * sizeof(term));
	hp[node_off(n) + pos] = c;
	return make_boxed(hp);
}

/* A copy of node n with c inserted at child position pos (bit set in the
 * bitmap) or, when c is NONV, with the child at pos removed (bit cleared). */
static term node_resize(struct proc *p, term n, size_t pos, uint32_t bit, term c)
{
	size_t off = node_off(n), nk = node_nkids(n);
	size_t nn = c == NONV ? nk - 1 : nk + 1;
	term *src = boxed_ptr(n);
	term *hp = heap_alloc(p, off + nn);
	memcpy(hp, src, off * sizeof(term));
	hp[0] = make_header(off - 1 + nn, hdr_kind(src[0]));
	uint32_t bm = node_bm(n);
	if (bm || off == 3)
		hp[off - 1] = make_small(c == NONV ? bm & ~bit : bm | bit);
	memcpy(hp + off, src + off, pos * sizeof(term));
	if (c == NONV) {
		memcpy(hp + off + pos, src + off + pos + 1, (nk - pos - 1) * sizeof(term));
	} else {
		hp[off + pos] = c;
		memcpy(hp + off + pos + 1, src + off + pos, (nk - pos) * sizeof(term));
	}
	return make_boxed(hp);
}

/* The subtrie at level lvl holding two leaves with different keys. */
static term pair_node(struct proc *p, term la, term lb, unsigned lvl)
{
	struct hent e[2] = { { CAR(la), CDR(la), 0 }, { CAR(lb), CDR(lb), 0 } };
	unsigned gen = lvl / 8;
	e[0].h = hash_map_key(e[0].k, gen);
	e[1].h = hash_map_key(e[1].k, gen);
	struct map_alloc a = { proc_alloc, p };
	return hb_build(&a, e, 2, lvl, 0);
}

static term node_put(struct proc *p, term n, unsigned lvl, uint32_t h,
		     term k, term v, bool *grew)
{
	uint32_t bm = node_bm(n);
	term *kids = node_kids(n);
	if (bm == 0) {
		long i = collision_find(n, k);
		if (i >= 0)
			return CDR(kids[i]) == v ? n : node_with(p, n, (size_t)i, cons(p, k, v));
		*grew = true;
		return node_resize(p, n, node_nkids(n), 0, cons(p, k, v));
	}
	uint32_t bit = slot_bit(k, lvl, &h);
	size_t pos = popcount16(bm & (bit - 1));
	if (!(bm & bit)) {
		*grew = true;
		return node_resize(p, n, pos, bit, cons(p, k, v));
	}
	term c = kids[pos];
	if (is_list(c)) {
		if (term_eq_exact(CAR(c), k)) {
			/* a new value brings its key along (-0.0 for 0.0), as
			 * OTP's trie does; the same value changes nothing */
			if (CDR(c) == v)
				return n;
			return node_with(p, n, pos, cons(p, k, v));
		}
		*grew = true;
		return node_with(p, n, pos, pair_node(p, c, cons(p, k, v), lvl + 1));
	}
	term nc = node_put(p, c, lvl + 1, h, k, v, grew);
	return nc == c ? n : node_with(p, n, pos, nc);
}

term hamt_put(struct proc *p, term m, term k, term v)
{
	bool grew = false;
	term r = node_put(p, m, 0, hash_map_key(k, 0), k, v, &grew);
	if (grew)
		boxed_ptr(r)[1] = make_small(hamt_size(m) + 1);
	return r;
}

/* Removes k below node n: returns n itself when k is absent, else the
 * new subtrie, which is a lone leaf when only one entry is left. */
static term node_remove(struct proc *p, term n, unsigned lvl, uint32_t h, term k)
{
	uint32_t bm = node_bm(n);
	term *kids = node_kids(n);
	bool root = box_kind(n) == HK_HMAP;
	if (bm == 0) {
		long i = collision_find(n, k);
		if (i < 0)
			return n;
		if (node_nkids(n) == 2)
			return kids[1 - i];
		return node_resize(p, n, (size_t)i, 0, NONV);
	}
	uint32_t bit = slot_bit(k, lvl, &h);
	if (!(bm & bit))
		return n;
	size_t pos = popcount16(bm & (bit - 1));
	term c = kids[pos], nc;
	if (is_list(c)) {
		if (!term_eq_exact(CAR(c), k))
			return n;
		nc = NONV;
	} else {
		nc = node_remove(p, c, lvl + 1, h, k);
		if (nc == c)
			return n;
	}
	size_t nk = node_nkids(n);
	if (!root) {
		/* a node left with one leaf gives way to it */
		if (nc == NONV && nk == 2 && is_list(kids[1 - pos]))
			return kids[1 - pos];
		if (nc != NONV && nk == 1 && is_list(nc))
			return nc;
	}
	if (nc == NONV)
		return node_resize(p, n, pos, bit, NONV);
	return node_with(p, n, pos, nc);
}

term hamt_remove(struct proc *p, term m, term k)
{
	term r = node_remove(p, m, 0, hash_map_key(k, 0), k);
	if (r != m)
		boxed_ptr(r)[1] = make_small(hamt_size(m) - 1);
	return r;
}

/* ---- walking ---- */

void hamt_it_init(struct mapit *it, term m, bool rev)
{
	it->m = m;
	it->rev = rev;
	it->d = 1;
	it->node[0] = m;
	it->pos[0] = 0;
}

bool hamt_it_next(struct mapit *it, term *k, term *v)
{
	while (it->d > 0) {
		unsigned d = it->d - 1;
		term n = it->node[d];
		size_t nk = node_nkids(n);
		if (it->pos[d] >= nk) {
			it->d--;
			continue;
		}
		size_t ord = it->pos[d]++;
		term c = node_kids(n)[it->rev ? nk - 1 - ord : ord];
		if (is_list(c)) {
			*k = CAR(c);
			*v = CDR(c);
			return true;
		}
		it->node[it->d] = c;
		it->pos[it->d] = 0;
		it->d++;
	}
	return false;
}

/* Positions for maps:next, as OTP encodes them: the ordinal of the child
 * taken at each depth on the way to a leaf, 4 bits each, the root's
 * lowest; zeros past the leaf's depth mean first children.  A path more
 * than 15 levels deep does not fit a small integer and is not saved. */
bool hamt_it_save(const struct mapit *it, uint64_t *path)
{
	if (it->d > 15)
		return false;
	uint64_t w = 0;
	for (unsigned i = 0; i < it->d; i++)
		w |= (uint64_t)((it->pos[i] - 1) & 15) << (4 * i);
	*path = w;
	return true;
}

bool hamt_it_restore(struct mapit *it, term m, uint64_t path)
{
	hamt_it_init(it, m, false);
	term n = m;
	for (unsigned i = 0;; i++) {
		size_t ord = i < 16 ? (path >> (4 * i)) & 15 : 0;
		if (ord >= node_nkids(n) || i >= MAPIT_DEPTH)
			return false;
		it->node[i] = n;
		term c = node_kids(n)[ord];
		if (is_list(c)) {
			/* the next call returns this leaf */
			it->pos[i] = (uint8_t)ord;
			it->d = i + 1;
			return true;
		}
		it->pos[i] = (uint8_t)(ord + 1);
		n = c;
	}
}
