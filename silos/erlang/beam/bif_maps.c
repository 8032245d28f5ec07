/* maps BIFs, erlang map guards, and the iterator primitive the maps module
 * builds on (erts_internal:map_next/3). */
#include "beam.h"
#include <stdlib.h>

#define BIF(name) static term name(struct proc *p __attribute__((unused)), \
				   term *a __attribute__((unused)))

static term badmap(struct proc *p, term m)
{
	return raise_error(p, tuple2(p, ATOM(badmap), m));
}

BIF(b_map_size)
{
	return is_map(a[0]) ? make_small(map_size(a[0])) : badmap(p, a[0]);
}
BIF(b_map_get)
{
	if (!is_map(a[1]))
		return badmap(p, a[1]);
	term v = map_get(a[1], a[0]);
	return v == NONV ? raise_error(p, tuple2(p, ATOM(badkey), a[0])) : v;
}
BIF(b_maps_get2)
{
	term args[2] = { a[0], a[1] };
	return b_map_get(p, args);
}
BIF(b_is_map_key)
{
	if (!is_map(a[1]))
		return badmap(p, a[1]);
	return BOOL_T(map_get(a[1], a[0]) != NONV);
}
BIF(b_maps_find)
{
	if (!is_map(a[1]))
		return badmap(p, a[1]);
	term v = map_get(a[1], a[0]);
	return v == NONV ? ATOM(error) : tuple2(p, ATOM(ok), v);
}
BIF(b_maps_put)
{
	if (!is_map(a[2]))
		return badmap(p, a[2]);
	return map_put(p, a[2], a[0], a[1]);
}
BIF(b_maps_update)
{
	if (!is_map(a[2]))
		return badmap(p, a[2]);
	term r = map_update(p, a[2], a[0], a[1]);
	return r == NONV ? raise_error(p, tuple2(p, ATOM(badkey), a[0])) : r;
}
BIF(b_maps_remove)
{
	if (!is_map(a[1]))
		return badmap(p, a[1]);
	return map_remove(p, a[1], a[0]);
}
BIF(b_maps_take)
{
	if (!is_map(a[1]))
		return badmap(p, a[1]);
	term v = map_get(a[1], a[0]);
	if (v == NONV)
		return ATOM(error);
	return tuple2(p, v, map_remove(p, a[1], a[0]));
}
/* Builds a list from the map's entries in OTP's to_list order: kind 0
 * keys, 1 values, 2 {K, V} pairs. */
static term map_list(struct proc *p, term m, int kind)
{
	size_t n = map_size(m), i = 0;
	term *items = malloc((n ? n : 1) * sizeof(term));
	struct mapit it;
	term k, v;
	mapit_init_list(&it, m);
	while (mapit_next(&it, &k, &v))
		items[i++] = kind == 0 ? k : kind == 1 ? v : tuple2(p, k, v);
	term r = NIL;
	while (i-- > 0)
		r = cons(p, items[i], r);
	free(items);
	return r;
}
BIF(b_maps_keys) { return is_map(a[0]) ? map_list(p, a[0], 0) : badmap(p, a[0]); }
BIF(b_maps_values) { return is_map(a[0]) ? map_list(p, a[0], 1) : badmap(p, a[0]); }
BIF(b_maps_to_list) { return is_map(a[0]) ? map_list(p, a[0], 2) : badmap(p, a[0]); }
BIF(b_maps_from_list)
{
	long n = list_length(a[0]);
	if (n < 0)
		return BADARG(p);
	term *kv = malloc(((size_t)n + 1) * 2 * sizeof(term));
	size_t i = 0;
	for (term l = a[0]; is_list(l); l = CDR(l)) {
		term e = CAR(l);
		if (!is_tuple(e) || tuple_arity(e) != 2) {
			free(kv);
			return BADARG(p);
		}
		kv[2 * i] = tuple_elems(e)[0];
		kv[2 * i + 1] = tuple_elems(e)[1];
		i++;
	}
	term r = map_from_pairs(p, kv, i);
	free(kv);
	return r;
}
BIF(b_maps_from_keys)
{
	long n = list_length(a[0]);
	if (n < 0)
		return BADARG(p);
	term *kv = malloc(((size_t)n + 1) * 2 * sizeof(term));
	size_t i = 0;
	for (term l = a[0]; is_list(l); l = CDR(l), i++) {
		kv[2 * i] = CAR(l);
		kv[2 * i + 1] = a[1];
	}
	term r = map_from_pairs(p, kv, i);
	free(kv);
	return r;
}
BIF(b_maps_merge)
{
	if (!is_map(a[0]))
		return badmap(p, a[0]);
	if (!is_map(a[1]))
		return badmap(p, a[1]);
	size_t n1 = map_size(a[0]), n2 = map_size(a[1]), i = 0;
	if (n2 < 16 && n1 > 64) {
		/* few new entries into a big map: put them one by one */
		term m = a[0];
		struct mapit it;
		term k, v;
		mapit_init(&it, a[1]);
		while (mapit_next(&it, &k, &v))
			m = map_put(p, m, k, v);
		return m;
	}
	term *kv = malloc((n1 + n2 + 1) * 2 * sizeof(term));
	struct mapit it;
	term k, v;
	for (int j = 0; j < 2; j++) {
		mapit_init(&it, a[j]);
		while (mapit_next(&it, &k, &v)) {
			kv[2 * i] = k;
			kv[2 * i + 1] = v;
			i++;
		}
	}
	term r = map_from_pairs(p, kv, n1 + n2);
	free(kv);
	return r;
}
/* erts_internal:map_next(Pos, Map, iterator) gives the next batch of up
 * to 32 entries as {K1, V1, {K2, V2, ... Rest}}, Rest being none or the
 * iterator [Pos2 | Map] naming the next entry, as OTP does (OTP sizes
 * later batches by the reductions left; ours are always 32).  With a
 * list Acc instead of iterator it conses all remaining {K, V} pairs onto
 * Acc the way OTP's maps:to_list ends up with them. */
#define NEXT_BATCH 32
BIF(b_map_next)
{
	if (!is_small(a[0]) || small_val(a[0]) < 0 || !is_map(a[1]))
		return BADARG(p);
	struct mapit it;
	term m = a[1], k, v;
	if (!mapit_restore(&it, m, (uint64_t)small_val(a[0])))
		return BADARG(p);
	bool batch = a[2] == ATOM(iterator);
	if (!batch && !is_list(a[2]) && a[2] != NIL)
		return BADARG(p);
	size_t n = 0, cap = 64;
	term *kv = malloc(cap * sizeof(term));
	term rest = batch ? ATOM(none) : a[2];
	while (mapit_next(&it, &k, &v)) {
		if (n == cap) {
			cap *= 2;
			kv = realloc(kv, cap * sizeof(term));
		}
		kv[n++] = k;
		kv[n++] = v;
		if (batch && n == 2 * NEXT_BATCH) {
			/* more to come: the iterator names the next entry */
			term k2, v2;
			uint64_t pos;
			if (!mapit_next(&it, &k2, &v2))
				break;
			if (!mapit_save(&it, &pos)) {
				cap *= 2;
				kv = realloc(kv, cap * sizeof(term));
				kv[n++] = k2;
				kv[n++] = v2;
				continue;
			}
			rest = cons(p, make_small((int64_t)pos), m);
			break;
		}
	}
	if (batch && n == 0) {
		free(kv);
		return ATOM(none);
	}
	if (!batch && box_kind(m) == HK_HMAP) {
		/* OTP conses a trie's pairs as it walks: last one first */
		for (size_t i = 0; i < n; i += 2)
			rest = cons(p, tuple2(p, kv[i], kv[i + 1]), rest);
		free(kv);
		return rest;
	}
	for (size_t i = n; i > 0; i -= 2)
		rest = batch ? tuple3(p, kv[i - 2], kv[i - 1], rest)
			     : cons(p, tuple2(p, kv[i - 2], kv[i - 1]), rest);
	free(kv);
	return rest;
}

const struct bif_def bifs_maps[] = {
	{"erlang", "map_size", 1, b_map_size},
	{"erlang", "map_get", 2, b_map_get},
	{"erlang", "is_map_key", 2, b_is_map_key},
	{"maps", "get", 2, b_maps_get2},
	{"maps", "find", 2, b_maps_find},
	{"maps", "is_key", 2, b_is_map_key},
	{"maps", "put", 3, b_maps_put},
	{"maps", "update", 3, b_maps_update},
	{"maps", "remove", 2, b_maps_remove},
	{"maps", "take", 2, b_maps_take},
	{"maps", "keys", 1, b_maps_keys},
	{"maps", "values", 1, b_maps_values},
	{"maps", "to_list", 1, b_maps_to_list},
	{"maps", "from_list", 1, b_maps_from_list},
	{"maps", "from_keys", 2, b_maps_from_keys},
	{"maps", "merge", 2, b_maps_merge},
	{"erts_internal", "map_next", 3, b_map_next},
	{NULL, NULL, 0, NULL}
};
