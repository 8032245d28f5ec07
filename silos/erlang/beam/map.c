/* Maps.  A flat map is a sorted array: a keys tuple in map key order
 * (Erlang's exact term order, integers before floats) and the values after
 * it; lookup is a binary search and an update that only changes values
 * shares the keys tuple.  Once a map grows past BIG_AT keys through puts it
 * becomes a big map: a root holding the size and a run of flat maps
 * ("chunks", at most CHUNK_MAX keys each) covering consecutive key ranges,
 * so an update copies one chunk and the root instead of the whole map.
 * Both kinds iterate in key order.  (OTP switches to a hash trie above 32
 * keys and iterates those in hash order; see README.) */
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

#define BIG_AT 64
#define CHUNK_MAX 64

static bool is_bmap(term m)
{
	return box_kind(m) == HK_BMAP;
}

#define bm_nchunks(m) (box_arity(m) - 1)
#define bm_chunk(m, c) (boxed_ptr(m)[2 + (c)])

size_t map_size(term m)
{
	return is_bmap(m) ? (size_t)small_val(boxed_ptr(m)[1]) : flat_size(m);
}

/* The chunk whose range holds k: the last chunk whose first key <= k. */
static size_t bm_find_chunk(term m, term k)
{
	size_t lo = 0, hi = bm_nchunks(m);
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		term first = tuple_elems(flat_keys(bm_chunk(m, mid)))[0];
		if (map_key_cmp(first, k) <= 0)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* A copy of root m with chunk c replaced by the chunks in rep[0..nrep)
 * (0, 1 or 2 of them) and the size changed by dsize. */
static term bm_replace(struct proc *p, term m, size_t c, const term *rep,
		       size_t nrep, long dsize)
{
	size_t nc = bm_nchunks(m), nn = nc - 1 + nrep;
	term *hp = heap_alloc(p, nn + 2);
	hp[0] = make_header(nn + 1, HK_BMAP);
	hp[1] = make_small((long)map_size(m) + dsize);
	term *src = boxed_ptr(m) + 2;
	memcpy(hp + 2, src, c * sizeof(term));
	memcpy(hp + 2 + c, rep, nrep * sizeof(term));
	memcpy(hp + 2 + c + nrep, src + c + 1, (nc - c - 1) * sizeof(term));
	return make_boxed(hp);
}

/* Flat map of entries [from, to) of flat map f. */
static term flat_slice(struct proc *p, term f, size_t from, size_t to)
{
	size_t n = to - from;
	term *kh = heap_alloc(p, n + 1);
	term *hp = heap_alloc(p, n + 2);
	kh[0] = make_header(n, HK_TUPLE);
	hp[0] = make_header(n + 1, HK_MAP);
	hp[1] = make_boxed(kh);
	memcpy(kh + 1, tuple_elems(flat_keys(f)) + from, n * sizeof(term));
	memcpy(hp + 2, flat_vals(f) + from, n * sizeof(term));
	return make_boxed(hp);
}

/* Converts a big flat map into a big map of half-full chunks. */
static term bm_from_flat(struct proc *p, term f)
{
	size_t n = flat_size(f), per = CHUNK_MAX / 2;
	size_t nc = (n + per - 1) / per;
	term *hp = heap_alloc(p, nc + 2);
	hp[0] = make_header(nc + 1, HK_BMAP);
	hp[1] = make_small(n);
	for (size_t c = 0; c < nc; c++) {
		size_t to = (c + 1) * per < n ? (c + 1) * per : n;
		hp[2 + c] = flat_slice(p, f, c * per, to);
	}
	return make_boxed(hp);
}

term map_get(term m, term k)
{
	if (!is_bmap(m))
		return flat_get(m, k);
	return flat_get(bm_chunk(m, bm_find_chunk(m, k)), k);
}

term map_put(struct proc *p, term m, term k, term v)
{
	if (!is_bmap(m)) {
		if (flat_size(m) < BIG_AT)
			return flat_put(p, m, k, v);
		m = bm_from_flat(p, m);
	}
	size_t c = bm_find_chunk(m, k);
	term old = bm_chunk(m, c);
	size_t before = flat_size(old);
	term nchunk = flat_put(p, old, k, v);
	if (nchunk == old)
		return m;
	long grew = (long)(flat_size(nchunk) - before);
	if (flat_size(nchunk) > CHUNK_MAX) {
		size_t half = flat_size(nchunk) / 2;
		term two[2] = { flat_slice(p, nchunk, 0, half),
				flat_slice(p, nchunk, half, flat_size(nchunk)) };
		return bm_replace(p, m, c, two, 2, grew);
	}
	return bm_replace(p, m, c, &nchunk, 1, grew);
}

term map_update(struct proc *p, term m, term k, term v)
{
	if (!is_bmap(m)) {
		if (flat_size(m) < BIG_AT)
			return flat_update(p, m, k, v);
		if (flat_get(m, k) == NONV)
			return NONV;
		m = bm_from_flat(p, m);
	}
	size_t c = bm_find_chunk(m, k);
	term old = bm_chunk(m, c);
	term nchunk = flat_update(p, old, k, v);
	if (nchunk == NONV || nchunk == old)
		return nchunk == NONV ? NONV : m;
	return bm_replace(p, m, c, &nchunk, 1, 0);
}

term map_remove(struct proc *p, term m, term k)
{
	if (!is_bmap(m))
		return flat_remove(p, m, k);
	size_t c = bm_find_chunk(m, k);
	term old = bm_chunk(m, c);
	term nchunk = flat_remove(p, old, k);
	if (nchunk == old)
		return m;
	if (map_size(m) == 1)
		return map_new_empty(p);
	return bm_replace(p, m, c, &nchunk, flat_size(nchunk) ? 1 : 0, -1);
}

void mapit_init(struct mapit *it, term m)
{
	it->m = m;
	it->c = 0;
	it->i = 0;
}

bool mapit_next(struct mapit *it, term *k, term *v)
{
	term m = it->m;
	if (!is_bmap(m)) {
		if (it->i >= flat_size(m))
			return false;
		*k = tuple_elems(flat_keys(m))[it->i];
		*v = flat_vals(m)[it->i];
		it->i++;
		return true;
	}
	while (it->c < bm_nchunks(m)) {
		term ch = bm_chunk(m, it->c);
		if (it->i < flat_size(ch)) {
			*k = tuple_elems(flat_keys(ch))[it->i];
			*v = flat_vals(ch)[it->i];
			it->i++;
			return true;
		}
		it->c++;
		it->i = 0;
	}
	return false;
}

bool map_nth(term m, size_t idx, term *k, term *v)
{
	if (!is_bmap(m)) {
		if (idx >= flat_size(m))
			return false;
		*k = tuple_elems(flat_keys(m))[idx];
		*v = flat_vals(m)[idx];
		return true;
	}
	for (size_t c = 0; c < bm_nchunks(m); c++) {
		term ch = bm_chunk(m, c);
		if (idx < flat_size(ch)) {
			*k = tuple_elems(flat_keys(ch))[idx];
			*v = flat_vals(ch)[idx];
			return true;
		}
		idx -= flat_size(ch);
	}
	return false;
}

static int kv_cmp(const void *a, const void *b)
{
	return map_key_cmp(((const term *)a)[0], ((const term *)b)[0]);
}

/* kv holds n key/value pairs; later pairs win over earlier equal keys. */
term map_from_pairs(struct proc *p, term *kv, size_t n)
{
	/* stable order for duplicates: tag each pair with its position */
	term *t = malloc((n ? n : 1) * 3 * sizeof(term));
	for (size_t i = 0; i < n; i++) {
		t[3 * i] = kv[2 * i];
		t[3 * i + 1] = kv[2 * i + 1];
		t[3 * i + 2] = i;
	}
	/* qsort is not stable: the position decides between equal keys */
	qsort(t, n, 3 * sizeof(term), kv_cmp);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (k && map_key_cmp(t[3 * (k - 1)], t[3 * i]) == 0) {
			if (t[3 * i + 2] > t[3 * (k - 1) + 2]) {
				t[3 * (k - 1) + 1] = t[3 * i + 1];
				t[3 * (k - 1) + 2] = t[3 * i + 2];
			}
			continue;
		}
		memmove(&t[3 * k], &t[3 * i], 3 * sizeof(term));
		k++;
	}
	term *kh = heap_alloc(p, k + 1);
	term *hp = heap_alloc(p, k + 2);
	kh[0] = make_header(k, HK_TUPLE);
	hp[0] = make_header(k + 1, HK_MAP);
	hp[1] = make_boxed(kh);
	for (size_t i = 0; i < k; i++) {
		kh[1 + i] = t[3 * i];
		hp[2 + i] = t[3 * i + 1];
	}
	free(t);
	return make_boxed(hp);
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
	if (n > 8 && !is_bmap(m)) {
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
