/* Maps.  A flat map is a sorted array: a keys tuple in map key order
 * (Erlang's exact term order, integers before floats) and the values after
 * it; lookup is a binary search and an update that only changes values
 * shares the keys tuple.  Above 32 keys a map is OTP's hash trie (hamt.c).
 * This file holds the flat maps and the operations on either kind. */
#include "interp.h"
#include <stdlib.h>

int map_key_cmp(term a, term b)
{
	return term_compare(a, b, true);
}

/* Index of k, or -(insertion point) - 1. */
static long flat_find(term m, term k)
{
	term *keys = tuple_elems(flat_keys(m));
	long lo = 0, hi = (long)flat_size(m) - 1;
	while (lo <= hi) {
		long mid = (lo + hi) / 2;
		int c = keys[mid] == k ? 0 : map_key_cmp(keys[mid], k);
		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -lo - 1;
}

static term flat_get(term m, term k)
{
	long i = flat_find(m, k);
	return i >= 0 ? flat_vals(m)[i] : NONV;
}

term map_new_empty(struct proc *p)
{
	term *kh = heap_alloc(p, 1);
	kh[0] = make_header(0, HK_TUPLE);
	term *hp = heap_alloc(p, 2);
	hp[0] = make_header(1, HK_MAP);
	hp[1] = make_boxed(kh);
	return make_boxed(hp);
}

static term flat_with_value(struct proc *p, term m, long i, term v)
{
	size_t n = flat_size(m);
	if (flat_vals(m)[i] == v)
		return m;
	term *hp = heap_alloc(p, n + 2);
	memcpy(hp, boxed_ptr(m), (n + 2) * sizeof(term));
	hp[2 + i] = v;
	return make_boxed(hp);
}

static term flat_put(struct proc *p, term m, term k, term v)
{
	long i = flat_find(m, k);
	if (i >= 0)
		return flat_with_value(p, m, i, v);
	size_t at = (size_t)(-i - 1), n = flat_size(m);
	term *okeys = tuple_elems(flat_keys(m)), *ovals = flat_vals(m);
	term *kh = heap_alloc(p, n + 2);
	term *hp = heap_alloc(p, n + 3);
	kh[0] = make_header(n + 1, HK_TUPLE);
	hp[0] = make_header(n + 2, HK_MAP);
	hp[1] = make_boxed(kh);
	memcpy(kh + 1, okeys, at * sizeof(term));
	memcpy(hp + 2, ovals, at * sizeof(term));
	kh[1 + at] = k;
	hp[2 + at] = v;
	memcpy(kh + 2 + at, okeys + at, (n - at) * sizeof(term));
	memcpy(hp + 3 + at, ovals + at, (n - at) * sizeof(term));
	return make_boxed(hp);
}

static term flat_update(struct proc *p, term m, term k, term v)
{
	long i = flat_find(m, k);
	if (i < 0)
		return NONV;
	return flat_with_value(p, m, i, v);
}

static term flat_remove(struct proc *p, term m, term k)
{
	long i = flat_find(m, k);
	if (i < 0)
		return m;
	size_t n = flat_size(m), at = (size_t)i;
	term *okeys = tuple_elems(flat_keys(m)), *ovals = flat_vals(m);
	term *kh = heap_alloc(p, n);
	term *hp = heap_alloc(p, n + 1);
	kh[0] = make_header(n - 1, HK_TUPLE);
	hp[0] = make_header(n, HK_MAP);
	hp[1] = make_boxed(kh);
	memcpy(kh + 1, okeys, at * sizeof(term));
	memcpy(hp + 2, ovals, at * sizeof(term));
	memcpy(kh + 1 + at, okeys + at + 1, (n - at - 1) * sizeof(term));
	memcpy(hp + 2 + at, ovals + at + 1, (n - at - 1) * sizeof(term));
	return make_boxed(hp);
}

/* A map of at most FLAT_MAX keys is flat, a bigger one a hash trie
 * (hamt.c), whichever way it was built: OTP keeps the same rule, and the
 * order maps iterate in follows from it. */
#define FLAT_MAX 32

static bool is_hmap(term m)
{
	return box_kind(m) == HK_HMAP;
}

size_t map_size(term m)
{
	return is_hmap(m) ? hamt_size(m) : flat_size(m);
}

term map_get(term m, term k)
{
	return is_hmap(m) ? hamt_get(m, k) : flat_get(m, k);
}

static term *proc_words(void *ctx, size_t n)
{
	return heap_alloc(ctx, n);
}

/* A flat map of k pairs already in key order. */
static term flat_build(struct map_alloc *a, const term *kv, size_t k)
{
	term *kh = a->fn(a->ctx, k + 1);
	term *hp = a->fn(a->ctx, k + 2);
	kh[0] = make_header(k, HK_TUPLE);
	hp[0] = make_header(k + 1, HK_MAP);
	hp[1] = make_boxed(kh);
	for (size_t i = 0; i < k; i++) {
		kh[1 + i] = kv[2 * i];
		hp[2 + i] = kv[2 * i + 1];
	}
	return make_boxed(hp);
}

static int kv_cmp(const void *a, const void *b)
{
	return map_key_cmp(((const term *)a)[0], ((const term *)b)[0]);
}

/* Sorts n pairs by key and drops duplicate keys, the later pair (key and
 * value) winning; returns the number left. */
static size_t pairs_sort_unique(term *kv, size_t n)
{
	/* qsort is not stable: a position tag decides between equal keys */
	term *t = malloc((n ? n : 1) * 3 * sizeof(term));
	for (size_t i = 0; i < n; i++) {
		t[3 * i] = kv[2 * i];
		t[3 * i + 1] = kv[2 * i + 1];
		t[3 * i + 2] = i;
	}
	qsort(t, n, 3 * sizeof(term), kv_cmp);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (k && map_key_cmp(t[3 * (k - 1)], t[3 * i]) == 0) {
			/* the whole pair: 0.0 and -0.0 are the same key */
			if (t[3 * i + 2] > t[3 * (k - 1) + 2])
				memcpy(&t[3 * (k - 1)], &t[3 * i], 3 * sizeof(term));
			continue;
		}
		memmove(&t[3 * k], &t[3 * i], 3 * sizeof(term));
		k++;
	}
	for (size_t i = 0; i < k; i++) {
		kv[2 * i] = t[3 * i];
		kv[2 * i + 1] = t[3 * i + 1];
	}
	free(t);
	return k;
}

term map_build(struct map_alloc *a, term *kv, size_t n)
{
	size_t k = pairs_sort_unique(kv, n);
	return k <= FLAT_MAX ? flat_build(a, kv, k) : hamt_build(a, kv, k);
}

term map_from_pairs(struct proc *p, term *kv, size_t n)
{
	struct map_alloc a = { proc_words, p };
	return map_build(&a, kv, n);
}

/* All pairs of m in its iteration order, malloc'd; sorted by key when
 * sorted is set. */
term *map_pairs(term m, bool sorted)
{
	size_t n = map_size(m), i = 0;
	term *kv = malloc((n ? n : 1) * 2 * sizeof(term));
	struct mapit it;
	mapit_init(&it, m);
	while (mapit_next(&it, &kv[2 * i], &kv[2 * i + 1]))
		i++;
	if (sorted && is_hmap(m))
		qsort(kv, n, 2 * sizeof(term), kv_cmp);
	return kv;
}

term map_put(struct proc *p, term m, term k, term v)
{
	if (is_hmap(m))
		return hamt_put(p, m, k, v);
	if (flat_size(m) < FLAT_MAX || flat_find(m, k) >= 0)
		return flat_put(p, m, k, v);
	/* the 33rd key turns the map into a trie */
	size_t n = flat_size(m);
	term *kv = malloc((n + 1) * 2 * sizeof(term));
	for (size_t i = 0; i < n; i++) {
		kv[2 * i] = tuple_elems(flat_keys(m))[i];
		kv[2 * i + 1] = flat_vals(m)[i];
	}
	kv[2 * n] = k;
	kv[2 * n + 1] = v;
	struct map_alloc a = { proc_words, p };
	term r = hamt_build(&a, kv, n + 1);
	free(kv);
	return r;
}

term map_update(struct proc *p, term m, term k, term v)
{
	if (!is_hmap(m))
		return flat_update(p, m, k, v);
	if (hamt_get(m, k) == NONV)
		return NONV;
	return hamt_put(p, m, k, v);
}

term map_remove(struct proc *p, term m, term k)
{
	if (!is_hmap(m))
		return flat_remove(p, m, k);
	term r = hamt_remove(p, m, k);
	if (r == m || hamt_size(r) > FLAT_MAX)
		return r;
	/* back to 32 keys: flat again, as on OTP */
	term *kv = map_pairs(r, true);
	struct map_alloc a = { proc_words, p };
	r = flat_build(&a, kv, FLAT_MAX);
	free(kv);
	return r;
}

void mapit_init(struct mapit *it, term m)
{
	it->m = m;
	it->i = 0;
	if (is_hmap(m))
		hamt_it_init(it, m, false);
}

void mapit_init_list(struct mapit *it, term m)
{
	it->m = m;
	it->i = 0;
	if (is_hmap(m))
		hamt_it_init(it, m, true);
}

bool mapit_next(struct mapit *it, term *k, term *v)
{
	term m = it->m;
	if (is_hmap(m))
		return hamt_it_next(it, k, v);
	if (it->i >= flat_size(m))
		return false;
	*k = tuple_elems(flat_keys(m))[it->i];
	*v = flat_vals(m)[it->i];
	it->i++;
	return true;
}

bool mapit_save(const struct mapit *it, uint64_t *pos)
{
	if (is_hmap(it->m))
		return hamt_it_save(it, pos);
	*pos = it->i - 1;
	return true;
}

bool mapit_restore(struct mapit *it, term m, uint64_t pos)
{
	mapit_init(it, m);
	if (is_hmap(m))
		return hamt_it_restore(it, m, pos);
	if (pos > flat_size(m))
		return false;
	it->i = (size_t)pos;
	return true;
}

term map_put_list(struct proc *p, term m, const cw *list, size_t n,
		  bool exact, term *x, term *E, term *badkey)
{
	if (exact) {
		for (size_t i = 0; i < n; i += 2) {
			term k = op_get(list[i], x, E);
			term r = map_update(p, m, k, op_get(list[i + 1], x, E));
			if (r == NONV) {
				*badkey = k;
				return NONV;
			}
			m = r;
		}
		return m;
	}
	if (n > 8 && !is_hmap(m)) {
		/* merge in one pass: old pairs then new ones */
		size_t on = flat_size(m), tot = on + n / 2;
		term *kv = malloc(tot * 2 * sizeof(term));
		for (size_t i = 0; i < on; i++) {
			kv[2 * i] = tuple_elems(flat_keys(m))[i];
			kv[2 * i + 1] = flat_vals(m)[i];
		}
		for (size_t i = 0; i < n; i += 2) {
			kv[2 * on + i] = op_get(list[i], x, E);
			kv[2 * on + i + 1] = op_get(list[i + 1], x, E);
		}
		term r = map_from_pairs(p, kv, tot);
		free(kv);
		return r;
	}
	for (size_t i = 0; i < n; i += 2)
		m = map_put(p, m, op_get(list[i], x, E), op_get(list[i + 1], x, E));
	return m;
}
