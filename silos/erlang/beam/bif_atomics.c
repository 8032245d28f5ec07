/* atomics and counters (OTP's erts-preloaded modules) as BIFs: arrays of
 * 64-bit integers outside every process heap, named by a reference that
 * any process holding it may use.  One scheduler runs everything, so the
 * operations are simply done; their wrap-around arithmetic is OTP's. */
#include "beam.h"
#include "interp.h"
#include <stdlib.h>

#define BIF(name) static term name(struct proc *p __attribute__((unused)), \
				   term *a __attribute__((unused)))

/* Atomics references carry this bit in their serial (ETS uses bit 62). */
#define ATOMICS_REF_BIT ((uint64_t)1 << 61)
#define ATOMICS_MAX_ARITY ((uint64_t)1 << 27)
#define ATOMICS_BUCKETS 256

struct atomics {
	uint64_t serial;
	bool is_signed;
	uint64_t n;
	struct atomics *next;
	uint64_t v[];
};

/* Arrays live as long as the VM: OTP frees them with their last
 * reference, which a non-tracing collector cannot see. */
static struct atomics *buckets[ATOMICS_BUCKETS];

static struct atomics *atomics_of(term ref)
{
	if (!is_ref(ref) || box_arity(ref) != 1 ||
	    !(boxed_ptr(ref)[1] & ATOMICS_REF_BIT))
		return NULL;
	uint64_t s = boxed_ptr(ref)[1];
	for (struct atomics *at = buckets[s % ATOMICS_BUCKETS]; at; at = at->next)
		if (at->serial == s)
			return at;
	return NULL;
}

/* The slot of 1-based index ix, or NULL. */
static uint64_t *atomics_slot(struct atomics *at, term ix)
{
	if (!at || !is_small(ix) || small_val(ix) < 1 ||
	    (uint64_t)small_val(ix) > at->n)
		return NULL;
	return &at->v[small_val(ix) - 1];
}

/* An integer in -2^63 .. 2^64-1 as its 64-bit pattern. */
static bool int_to_bits(term t, uint64_t *bits, bool *neg)
{
	int64_t s;
	if (int_to_i64(t, &s)) {
		*bits = (uint64_t)s;
		*neg = s < 0;
		return true;
	}
	if (is_big(t) && box_kind(t) == HK_BIGPOS && box_arity(t) == 1) {
		*bits = boxed_ptr(t)[1];
		*neg = false;
		return true;
	}
	return false;
}

/* A value that fits the array's signedness. */
static bool value_fits(struct atomics *at, term t, uint64_t *bits)
{
	bool neg;
	if (!int_to_bits(t, bits, &neg))
		return false;
	int64_t sv;
	return at->is_signed ? int_to_i64(t, &sv) : !neg;
}

static term value_term(struct proc *p, struct atomics *at, uint64_t v)
{
	return at->is_signed ? int_from_i64(p, (int64_t)v) : int_from_u64(p, v);
}

/* A positive arity too big to allocate: system_limit rather than badarg. */
static bool too_many(term arity)
{
	return is_integer(arity) && int_sign(arity) > 0;
}
static term atomics_make(struct proc *p, term arity, bool is_signed)
{
	if (!is_small(arity) || small_val(arity) < 1 ||
	    (uint64_t)small_val(arity) > ATOMICS_MAX_ARITY)
		return NONV;
	uint64_t n = (uint64_t)small_val(arity);
	struct atomics *at = calloc(1, sizeof *at + n * sizeof(uint64_t));
	at->serial = ref_serial_new() | ATOMICS_REF_BIT;
	at->is_signed = is_signed;
	at->n = n;
	at->next = buckets[at->serial % ATOMICS_BUCKETS];
	buckets[at->serial % ATOMICS_BUCKETS] = at;
	term *hp = heap_alloc(p, 2);
	hp[0] = make_header(1, HK_REF);
	hp[1] = at->serial;
	return make_boxed(hp);
}

BIF(b_atomics_new)
{
	bool is_signed = true;
	if (list_length(a[1]) < 0)
		return BADARG(p);
	for (term l = a[1]; l != NIL; l = CDR(l)) {
		term o = CAR(l);
		if (!is_tuple(o) || tuple_arity(o) != 2 ||
		    tuple_elems(o)[0] != atom_intern("signed", 6) ||
		    (tuple_elems(o)[1] != ATOM(true) && tuple_elems(o)[1] != ATOM(false)))
			return BADARG(p);
		is_signed = tuple_elems(o)[1] == ATOM(true);
	}
	term r = atomics_make(p, a[0], is_signed);
	return r == NONV ? BADARG(p) : r;
}

BIF(b_atomics_put)
{
	struct atomics *at = atomics_of(a[0]);
	uint64_t *s = atomics_slot(at, a[1]), v;
	if (!s || !value_fits(at, a[2], &v))
		return BADARG(p);
	*s = v;
	return ATOM(ok);
}

BIF(b_atomics_get)
{
	struct atomics *at = atomics_of(a[0]);
	uint64_t *s = atomics_slot(at, a[1]);
	return s ? value_term(p, at, *s) : BADARG(p);
}

/* add/add_get: any increment in -2^63 .. 2^64-1, wrapping. */
static term atomics_add(struct proc *p, term *a, bool get)
{
	struct atomics *at = atomics_of(a[0]);
	uint64_t *s = atomics_slot(at, a[1]), inc;
	bool neg;
	if (!s || !int_to_bits(a[2], &inc, &neg))
		return BADARG(p);
	*s += inc;
	return get ? value_term(p, at, *s) : ATOM(ok);
}
BIF(b_atomics_add) { return atomics_add(p, a, false); }
BIF(b_atomics_add_get) { return atomics_add(p, a, true); }

/* sub/sub_get: the increment negated, so -2^64+1 .. 2^63 are taken. */
static term atomics_sub(struct proc *p, term *a, bool get)
{
	/* OTP's sub is add(Ref, Ix, -Decr) in Erlang: the negation first. */
	if (!is_number(a[2]))
		return raise_error(p, ATOM(badarith));
	if (!is_integer(a[2]))
		return BADARG(p);
	term neg = int_sub(p, make_small(0), a[2]);
	term args[3] = { a[0], a[1], neg };
	term r = atomics_add(p, args, get);
	if (r == NONV)
		return BADARG(p);
	return r;
}
BIF(b_atomics_sub) { return atomics_sub(p, a, false); }
BIF(b_atomics_sub_get) { return atomics_sub(p, a, true); }

BIF(b_atomics_exchange)
{
	struct atomics *at = atomics_of(a[0]);
	uint64_t *s = atomics_slot(at, a[1]), v;
	if (!s || !value_fits(at, a[2], &v))
		return BADARG(p);
	uint64_t old = *s;
	*s = v;
	return value_term(p, at, old);
}

BIF(b_atomics_compare_exchange)
{
	struct atomics *at = atomics_of(a[0]);
	uint64_t *s = atomics_slot(at, a[1]), want, v;
	if (!s || !value_fits(at, a[2], &want) || !value_fits(at, a[3], &v))
		return BADARG(p);
	if (*s != want)
		return value_term(p, at, *s);
	*s = v;
	return ATOM(ok);
}

/* #{size, max, min, memory}; memory counts as OTP's does for one array. */
static term atomics_info_map(struct proc *p, struct atomics *at)
{
	term m = map_new_empty(p);
	m = map_put(p, m, atom_intern("size", 4), int_from_u64(p, at->n));
	m = map_put(p, m, atom_intern("memory", 6), int_from_u64(p, 40 + 8 * at->n));
	m = map_put(p, m, atom_intern("max", 3), at->is_signed
		    ? int_from_i64(p, INT64_MAX) : int_from_u64(p, UINT64_MAX));
	m = map_put(p, m, atom_intern("min", 3), at->is_signed
		    ? int_from_i64(p, INT64_MIN) : make_small(0));
	return m;
}
BIF(b_atomics_info)
{
	struct atomics *at = atomics_of(a[0]);
	return at ? atomics_info_map(p, at) : BADARG(p);
}

/* counters: {atomics, Ref} or {write_concurrency, Ref} over a signed
 * array, as OTP's counters module builds them. */
static struct atomics *counters_of(term c)
{
	if (!is_tuple(c) || tuple_arity(c) != 2 ||
	    (tuple_elems(c)[0] != atom_intern("atomics", 7) &&
	     tuple_elems(c)[0] != atom_intern("write_concurrency", 17)))
		return NULL;
	return atomics_of(tuple_elems(c)[1]);
}

BIF(b_counters_new)
{
	term kind = atom_intern("atomics", 7);
	if (list_length(a[1]) < 0)
		return BADARG(p);
	for (term l = a[1]; l != NIL; l = CDR(l)) {
		if (CAR(l) == atom_intern("write_concurrency", 17))
			kind = CAR(l);
		else if (CAR(l) != atom_intern("atomics", 7))
			return BADARG(p);
	}
	term r = atomics_make(p, a[0], true);
	if (r == NONV)
		return too_many(a[0]) ? raise_error(p, ATOM(system_limit)) : BADARG(p);
	return tuple2(p, kind, r);
}

/* counters:F(Ref, Ix[, V]) as atomics:F on the array inside. */
static term counters_call(struct proc *p, term *a, term (*op)(struct proc *, term *))
{
	struct atomics *at = counters_of(a[0]);
	if (!at)
		return BADARG(p);
	term args[3] = { tuple_elems(a[0])[1], a[1], a[2] };
	return op(p, args);
}
BIF(b_counters_get) { return counters_call(p, a, b_atomics_get); }
BIF(b_counters_add) { return counters_call(p, a, b_atomics_add); }
BIF(b_counters_sub)
{
	if (!is_number(a[2]))
		return raise_error(p, ATOM(badarith));
	return counters_call(p, a, b_atomics_sub);
}
BIF(b_counters_put) { return counters_call(p, a, b_atomics_put); }
BIF(b_counters_info)
{
	struct atomics *at = counters_of(a[0]);
	return at ? atomics_info_map(p, at) : BADARG(p);
}

const struct bif_def bifs_atomics[] = {
	{"atomics", "new", 2, b_atomics_new},
	{"atomics", "put", 3, b_atomics_put},
	{"atomics", "get", 2, b_atomics_get},
	{"atomics", "add", 3, b_atomics_add},
	{"atomics", "add_get", 3, b_atomics_add_get},
	{"atomics", "sub", 3, b_atomics_sub},
	{"atomics", "sub_get", 3, b_atomics_sub_get},
	{"atomics", "exchange", 3, b_atomics_exchange},
	{"atomics", "compare_exchange", 4, b_atomics_compare_exchange},
	{"atomics", "info", 1, b_atomics_info},
	{"counters", "new", 2, b_counters_new},
	{"counters", "get", 2, b_counters_get},
	{"counters", "add", 3, b_counters_add},
	{"counters", "sub", 3, b_counters_sub},
	{"counters", "put", 3, b_counters_put},
	{"counters", "info", 1, b_counters_info},
	{NULL, NULL, 0, NULL},
};
