/* Building terms, measuring and copying them, and Erlang's term order.
 *
 * Term order: number < atom < reference < fun < port < pid < tuple < map
 * < [] < list < bitstring.  Integers and floats compare by value (exactly,
 * with no rounding); in exact mode (=:=, map keys) an integer and a float
 * are never equal, and integers sort first. */
#include "beam.h"
#include <math.h>
#include <stdlib.h>

term make_tuple(struct proc *p, size_t n)
{
	term *hp = heap_alloc(p, n + 1);
	hp[0] = make_header(n, HK_TUPLE);
	return make_boxed(hp);
}

term make_float(struct proc *p, double d)
{
	term *hp = heap_alloc(p, 2);
	hp[0] = make_header(1, HK_FLOAT);
	memcpy(hp + 1, &d, sizeof d);
	return make_boxed(hp);
}

term tuple2(struct proc *p, term a, term b)
{
	term *hp = heap_alloc(p, 3);
	hp[0] = make_header(2, HK_TUPLE);
	hp[1] = a;
	hp[2] = b;
	return make_boxed(hp);
}

term tuple3(struct proc *p, term a, term b, term c)
{
	term *hp = heap_alloc(p, 4);
	hp[0] = make_header(3, HK_TUPLE);
	hp[1] = a;
	hp[2] = b;
	hp[3] = c;
	return make_boxed(hp);
}

term tuple4(struct proc *p, term a, term b, term c, term d)
{
	term *hp = heap_alloc(p, 5);
	hp[0] = make_header(4, HK_TUPLE);
	hp[1] = a;
	hp[2] = b;
	hp[3] = c;
	hp[4] = d;
	return make_boxed(hp);
}

term tuple5(struct proc *p, term a, term b, term c, term d, term e)
{
	term *hp = heap_alloc(p, 6);
	hp[0] = make_header(5, HK_TUPLE);
	hp[1] = a;
	hp[2] = b;
	hp[3] = c;
	hp[4] = d;
	hp[5] = e;
	return make_boxed(hp);
}

term cons(struct proc *p, term h, term t)
{
	term *hp = heap_alloc(p, 2);
	hp[0] = h;
	hp[1] = t;
	return make_list(hp);
}

term make_string(struct proc *p, const char *s, size_t len)
{
	term *hp = heap_alloc(p, 2 * len);
	term r = NIL;
	for (size_t i = len; i-- > 0;) {
		hp[2 * i] = make_small((uint8_t)s[i]);
		hp[2 * i + 1] = r;
		r = make_list(hp + 2 * i);
	}
	return r;
}

long list_length(term l)
{
	long n = 0;
	while (is_list(l)) {
		n++;
		l = CDR(l);
	}
	return l == NIL ? n : -1;
}

/* The words of boxed object b that hold terms: b[*from .. *to], none when
 * *from > *to (a match state's only term is its binary). */
static void term_parts(const term *b, size_t *from, size_t *to)
{
	size_t ar = hdr_arity(b[0]);
	*from = 1;
	switch (hdr_kind(b[0])) {
	case HK_TUPLE:
	case HK_MAP:
	case HK_HMAP:
	case HK_HNODE:
		*to = ar;
		return;
	case HK_FUN:
		*from = 2;
		*to = ar;
		return;
	case HK_MATCH:
		*to = 1;
		return;
	default:
		*to = 0;
		return;
	}
}

/* Terms still to visit in a walk over a term: kept on the heap, so no
 * nesting depth (a list of lists a million deep) can overflow the C
 * stack. */
struct term_todo {
	term *v;
	size_t n, cap;
};

static void todo_push(struct term_todo *td, term t)
{
	if (!is_list(t) && !is_boxed(t))
		return;     /* nothing inside to visit */
	if (td->n == td->cap) {
		td->cap = td->cap ? td->cap * 2 : 64;
		td->v = realloc(td->v, td->cap * sizeof *td->v);
	}
	td->v[td->n++] = t;
}

/* Pushes the parts of t still to visit and returns the one to visit next
 * (the last part of a list cell or object, followed without pushing), or
 * the next pushed term once t has no parts; NONV when the walk is done. */
static term todo_next(struct term_todo *td, term t)
{
	if (is_list(t)) {
		todo_push(td, CAR(t));
		return CDR(t);
	}
	if (is_boxed(t)) {
		const term *b = boxed_ptr(t);
		size_t from, to;
		term_parts(b, &from, &to);
		if (from <= to) {
			for (size_t i = from; i < to; i++)
				todo_push(td, b[i]);
			return b[to];
		}
	}
	return td->n ? td->v[--td->n] : NONV;
}

/* Size in words of the heap copy of t (no sharing preserved).  Terms
 * still to size wait on an explicit stack, so no nesting depth (a list of
 * lists a million deep) can overflow the C stack. */
size_t term_size(term t)
{
	struct term_todo td = { 0 };
	size_t sz = 0;
	for (; t != NONV; t = todo_next(&td, t)) {
		if (is_list(t))
			sz += 2;
		else if (is_boxed(t))
			sz += hdr_arity(boxed_ptr(t)[0]) + 1;
	}
	free(td.v);
	return sz;
}

/* Copies one cons cell or boxed object of t to *hp as it is (its parts
 * still pointing at the originals); other terms are returned as they are. */
static term copy_shallow(term t, term **hp, struct proc *owner)
{
	if (is_list(t)) {
		term *c = *hp;
		*hp += 2;
		c[0] = CAR(t);
		c[1] = CDR(t);
		return make_list(c);
	}
	if (!is_boxed(t))
		return t;
	term *src = boxed_ptr(t);
	size_t ar = hdr_arity(src[0]);
	term *dst = *hp;
	*hp += ar + 1;
	memcpy(dst, src, (ar + 1) * sizeof(term));
	if (hdr_kind(src[0]) == HK_BIN) {
		if (owner)
			proc_bin_ref(owner, ((struct bin_obj *)dst)->buf);
		else
			((struct bin_obj *)dst)->buf->refc++;
	}
	return make_boxed(dst);
}

/* Copies t into *hp (advancing it); binaries gain a reference for owner.
 * Breadth first, as a copying collector does: the copied area is scanned
 * and each part copied after it, so any nesting depth is fine. */
term term_copy(term t, term **hp, struct proc *owner)
{
	term *scan = *hp;
	term root = copy_shallow(t, hp, owner);
	while (scan < *hp) {
		term w = *scan;
		if ((w & 7) != 7) {
			/* a cons cell: both words are terms */
			scan[0] = copy_shallow(scan[0], hp, owner);
			scan[1] = copy_shallow(scan[1], hp, owner);
			scan += 2;
			continue;
		}
		size_t from, to;
		term_parts(scan, &from, &to);
		for (size_t i = from; i <= to; i++)
			scan[i] = copy_shallow(scan[i], hp, owner);
		scan += hdr_arity(w) + 1;
	}
	return root;
}

static int type_rank(term t)
{
	switch (tag_of(t)) {
	case TAG_SMALL: return 0;
	case TAG_ATOM: return 1;
	case TAG_PORT: return 4;
	case TAG_PID: return 5;
	case TAG_LIST: return 9;
	case TAG_SPECIAL: return 8;     /* [] */
	}
	switch (box_kind(t)) {
	case HK_BIGPOS: case HK_BIGNEG: case HK_FLOAT: return 0;
	case HK_REF: return 2;
	case HK_FUN: case HK_EXPORT: return 3;
	case HK_TUPLE: return 6;
	case HK_MAP: case HK_HMAP: return 7;
	default: return 10;             /* binaries, match states */
	}
}

static int cmp_int_float(term i, double f)
{
	if (is_small(i) && fabs(f) < 9.0e15) {
		/* both exactly representable as doubles */
		double d = (double)small_val(i);
		if (small_val(i) > -(1LL << 53) && small_val(i) < (1LL << 53))
			return d < f ? -1 : d > f;
	}
	return int_cmp_double(i, f);
}

static int cmp_num(term a, term b, bool exact)
{
	bool fa = is_float(a), fb = is_float(b);
	if (!fa && !fb)
		return int_compare(a, b);
	if (fa && fb) {
		double x = float_val(a), y = float_val(b);
		return x < y ? -1 : x > y;
	}
	/* exactly (map key order), every integer is below every float */
	if (exact)
		return fa ? 1 : -1;
	return fa ? -cmp_int_float(b, float_val(a)) : cmp_int_float(a, float_val(b));
}

static int cmp_atoms(term a, term b)
{
	size_t la, lb;
	const char *sa = atom_text(a, &la), *sb = atom_text(b, &lb);
	int c = memcmp(sa, sb, la < lb ? la : lb);
	if (c)
		return c < 0 ? -1 : 1;
	return la < lb ? -1 : la > lb;
}

static int cmp_bits(term a, term b)
{
	struct bin_obj *x = bin_of(a), *y = bin_of(b);
	uint64_t n = x->bitsize < y->bitsize ? x->bitsize : y->bitsize;
	for (uint64_t i = 0; i < n;) {
		uint64_t pa = x->bitoff + i, pb = y->bitoff + i;
		if (!(pa & 7) && !(pb & 7) && n - i >= 8) {
			uint8_t ca = x->buf->data[pa >> 3], cb = y->buf->data[pb >> 3];
			if (ca != cb)
				return ca < cb ? -1 : 1;
			i += 8;
			continue;
		}
		int ba = (x->buf->data[pa >> 3] >> (7 - (pa & 7))) & 1;
		int bb = (y->buf->data[pb >> 3] >> (7 - (pb & 7))) & 1;
		if (ba != bb)
			return ba < bb ? -1 : 1;
		i++;
	}
	return x->bitsize < y->bitsize ? -1 : x->bitsize > y->bitsize;
}

/* Pairs still to compare once the current pair is equal: deep terms
 * are compared without recursing on the C stack. */
struct cmp_stack {
	term *v;
	size_t n, cap;
};

static bool cmp_reserve(struct cmp_stack *st, size_t pairs)
{
	if (st->n + 2 * pairs > st->cap) {
		size_t cap = st->cap ? st->cap * 2 : 64;
		while (cap < st->n + 2 * pairs)
			cap *= 2;
		term *v = realloc(st->v, cap * sizeof *v);
		if (!v)
			return false;
		st->v = v;
		st->cap = cap;
	}
	return true;
}

static void cmp_push(struct cmp_stack *st, term a, term b)
{
	st->v[st->n++] = b;
	st->v[st->n++] = a;
}

static int compare_one(term a, term b, bool exact, struct cmp_stack *st);

/* A map's keys and values in key order: a flat map's own arrays, or a
 * trie's pairs sorted into a malloc'd array. */
struct map_view {
	const term *k, *v;
	size_t step;
	term *owned;
};

static void map_view_of(term m, struct map_view *mv)
{
	if (box_kind(m) == HK_MAP) {
		mv->k = tuple_elems(flat_keys(m));
		mv->v = flat_vals(m);
		mv->step = 1;
		mv->owned = NULL;
		return;
	}
	mv->owned = map_pairs(m, true);
	mv->k = mv->owned;
	mv->v = mv->owned + 1;
	mv->step = 2;
}

/* Two maps of n keys each: by keys in key order, then by values in key
 * order, as OTP orders maps.  The keys are compared here; the values go on
 * the stack (st), so maps nested deep in maps cost no C stack. */
static int cmp_maps(term a, term b, size_t n, bool exact,
		    struct cmp_stack *st)
{
	if (box_kind(a) == HK_HMAP) {
		/* tries with the same keys walk them in the same order: the
		 * same keys holding the very same values are equal maps */
		struct mapit ia, ib;
		term ka, va, kb, vb;
		bool same = true;
		mapit_init(&ia, a);
		mapit_init(&ib, b);
		while (same && mapit_next(&ia, &ka, &va) && mapit_next(&ib, &kb, &vb))
			same = va == vb && term_eq_exact(ka, kb);
		if (same)
			return 0;
	}
	struct map_view x, y;
	map_view_of(a, &x);
	map_view_of(b, &y);
	int c = 0;
	for (size_t i = 0; i < n && !c; i++)
		c = map_key_cmp(x.k[i * x.step], y.k[i * y.step]);
	if (!c && cmp_reserve(st, n)) {
		for (size_t i = n; i-- > 0;)
			cmp_push(st, x.v[i * x.step], y.v[i * y.step]);
	} else {
		/* out of memory for the stack: one value at a time */
		for (size_t i = 0; i < n && !c; i++)
			c = term_compare(x.v[i * x.step], y.v[i * y.step], exact);
	}
	free(x.owned);
	free(y.owned);
	return c;
}

int term_compare(term a, term b, bool exact)
{
	struct cmp_stack st = { 0 };
	int c = compare_one(a, b, exact, &st);
	while (!c && st.n) {
		a = st.v[--st.n];
		b = st.v[--st.n];
		c = compare_one(a, b, exact, &st);
	}
	free(st.v);
	return c;
}

static int compare_one(term a, term b, bool exact, struct cmp_stack *st)
{
	for (;;) {
		if (a == b)
			return 0;
		int ra = type_rank(a), rb = type_rank(b);
		if (ra != rb)
			return ra < rb ? -1 : 1;
		switch (ra) {
		case 0:
			return cmp_num(a, b, exact);
		case 1:
			return cmp_atoms(a, b);
		case 2: {
			uint64_t x = boxed_ptr(a)[1], y = boxed_ptr(b)[1];
			return x < y ? -1 : x > y;
		}
		case 3: {
			bool ea = box_kind(a) == HK_EXPORT, eb = box_kind(b) == HK_EXPORT;
			if (ea != eb)
				return ea ? 1 : -1;
			if (ea) {
				struct export *x = (void *)boxed_ptr(a)[1],
					      *y = (void *)boxed_ptr(b)[1];
				int c = cmp_atoms(x->mod, y->mod);
				if (!c)
					c = cmp_atoms(x->fun, y->fun);
				if (!c)
					c = x->arity < y->arity ? -1 : x->arity > y->arity;
				return c;
			}
			struct fun_obj *x = (void *)boxed_ptr(a), *y = (void *)boxed_ptr(b);
			int c = cmp_atoms(x->fe->mod->name, y->fe->mod->name);
			if (c)
				return c;
			if (x->fe->index != y->fe->index)
				return x->fe->index < y->fe->index ? -1 : 1;
			if (x->fe->old_uniq != y->fe->old_uniq)
				return x->fe->old_uniq < y->fe->old_uniq ? -1 : 1;
			size_t na = x->fe->nfree, nb = y->fe->nfree;
			if (na != nb)
				return na < nb ? -1 : 1;
			for (size_t i = 0; i < na; i++) {
				c = term_compare(x->env[i], y->env[i], exact);
				if (c)
					return c;
			}
			return 0;
		}
		case 4:
		case 5:
			return a < b ? -1 : 1;
		case 6: {
			size_t na = tuple_arity(a), nb = tuple_arity(b);
			if (na != nb)
				return na < nb ? -1 : 1;
			if (na == 0)
				return 0;
			if (!cmp_reserve(st, na - 1)) {
				/* out of memory: compare element by element */
				for (size_t i = 0; i < na; i++) {
					int c = term_compare(tuple_elems(a)[i], tuple_elems(b)[i], exact);
					if (c)
						return c;
				}
				return 0;
			}
			for (size_t i = na - 1; i > 0; i--)
				cmp_push(st, tuple_elems(a)[i], tuple_elems(b)[i]);
			a = tuple_elems(a)[0];
			b = tuple_elems(b)[0];
			continue;
		}
		case 7: {
			size_t na = map_size(a), nb = map_size(b);
			if (na != nb)
				return na < nb ? -1 : 1;
			return cmp_maps(a, b, na, exact, st);
		}
		case 8:
			return 0;
		case 9:
			if (!cmp_reserve(st, 1)) {
				int c = term_compare(CAR(a), CAR(b), exact);
				if (c)
					return c;
				a = CDR(a);
				b = CDR(b);
				continue;
			}
			cmp_push(st, CDR(a), CDR(b));
			a = CAR(a);
			b = CAR(b);
			continue;
		default:
			if (box_kind(a) != HK_BIN || box_kind(b) != HK_BIN)
				return a < b ? -1 : 1;
			return cmp_bits(a, b);
		}
	}
}

/* Terms kept outside every process heap (persistent_term, ETS): a private
 * copy whose binaries hold their own references. */
void term_release(term t)
{
	struct term_todo td = { 0 };
	for (; t != NONV; t = todo_next(&td, t))
		if (is_boxed(t) && box_kind(t) == HK_BIN)
			binbuf_release(bin_of(t)->buf);
	free(td.v);
}

term term_store(term t, void **mem)
{
	size_t sz = term_size(t);
	term *hp = malloc((sz ? sz : 1) * sizeof(term));
	*mem = hp;
	return term_copy(t, &hp, NULL);
}

void term_unstore(term t, void *mem)
{
	term_release(t);
	free(mem);
}
