/* Maps as sorted flat arrays: a keys tuple in map key order (Erlang's exact
 * term order, integers before floats) and the values after it.  Lookup is a
 * binary search; an update that only changes values shares the keys tuple.
 * OTP switches to a hash trie above 32 keys, which changes the iteration
 * order of big maps; here every map iterates in key order (see README). */
#include "interp.h"
#include <stdlib.h>

int map_key_cmp(term a, term b)
{
	return term_compare(a, b, true);
}

/* Index of k, or -(insertion point) - 1. */
static long map_find(term m, term k)
{
	term *keys = tuple_elems(map_keys(m));
	long lo = 0, hi = (long)map_size(m) - 1;
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

term map_get(term m, term k)
{
	long i = map_find(m, k);
	return i >= 0 ? map_vals(m)[i] : NONV;
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

static term map_with_value(struct proc *p, term m, long i, term v)
{
	size_t n = map_size(m);
	if (map_vals(m)[i] == v)
		return m;
	term *hp = heap_alloc(p, n + 2);
	memcpy(hp, boxed_ptr(m), (n + 2) * sizeof(term));
	hp[2 + i] = v;
	return make_boxed(hp);
}

term map_put(struct proc *p, term m, term k, term v)
{
	long i = map_find(m, k);
	if (i >= 0)
		return map_with_value(p, m, i, v);
	size_t at = (size_t)(-i - 1), n = map_size(m);
	term *okeys = tuple_elems(map_keys(m)), *ovals = map_vals(m);
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

term map_update(struct proc *p, term m, term k, term v)
{
	long i = map_find(m, k);
	if (i < 0)
		return NONV;
	return map_with_value(p, m, i, v);
}

term map_remove(struct proc *p, term m, term k)
{
	long i = map_find(m, k);
	if (i < 0)
		return m;
	size_t n = map_size(m), at = (size_t)i;
	term *okeys = tuple_elems(map_keys(m)), *ovals = map_vals(m);
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
	if (n > 8) {
		/* merge in one pass: old pairs then new ones */
		size_t on = map_size(m), tot = on + n / 2;
		term *kv = malloc(tot * 2 * sizeof(term));
		for (size_t i = 0; i < on; i++) {
			kv[2 * i] = tuple_elems(map_keys(m))[i];
			kv[2 * i + 1] = map_vals(m)[i];
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
