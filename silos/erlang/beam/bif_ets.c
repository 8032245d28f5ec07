/* The native half of OTP's ets module: the functions ets.erl leaves to
 * the runtime (its erlang:nif_error stubs), with OTP 25's results and
 * badarg cases.  Tables and match specifications are in ets.c and ms.c. */
#include "ets.h"
#include <stdlib.h>

#define BIF(name) static term name(struct proc *p, term *a)

static term at(const char *s)
{
	return atom_intern(s, strlen(s));
}
static term eot(void)
{
	static term t;
	if (!t)
		t = at("$end_of_table");
	return t;
}

static term copy_out(struct proc *p, term t)
{
	size_t sz = term_size(t);
	if (!sz)
		return t;
	term *hp = heap_alloc(p, sz);
	return term_copy(t, &hp, p);
}

enum access { ACC_READ, ACC_WRITE, ACC_OWNER };

/* The table a BIF argument names, if p may use it that way. */
static struct ets_tab *tab_get(struct proc *p, term id, enum access acc)
{
	struct ets_tab *t = ets_tab_find(id);
	if (!t || t->owner == p->serial)
		return t;
	if (acc == ACC_OWNER)
		return NULL;
	if (t->prot == ETS_PUBLIC)
		return t;
	if (t->prot == ETS_PROTECTED && acc == ACC_READ)
		return t;
	return NULL;
}

static bool obj_ok(struct ets_tab *t, term o)
{
	return is_tuple(o) && tuple_arity(o) >= t->keypos;
}

/* ---- creation and options ---- */

/* {heir,Pid,Data} / {heir,none}; a Pid that is not alive makes none, as
 * in OTP. */
static bool parse_heir(term o, term *heir, term *data)
{
	term *e = tuple_elems(o);
	if (tuple_arity(o) == 2 && e[1] == ATOM(none)) {
		*heir = ATOM(none);
		*data = NONV;
		return true;
	}
	if (tuple_arity(o) == 3 && is_pid(e[1])) {
		struct proc *q = proc_find_pid(e[1]);
		bool alive = q && q->state != PS_DEAD && q->state != PS_EXITING;
		*heir = alive ? e[1] : ATOM(none);
		*data = alive ? e[2] : NONV;
		return true;
	}
	return false;
}

BIF(b_new)
{
	if (!is_atom(a[0]) || list_length(a[1]) < 0)
		return BADARG(p);
	enum ets_type type = ETS_SET;
	enum ets_prot prot = ETS_PROTECTED;
	bool named = false, rc = false, comp = false;
	int wc = 0, dc = -1;
	unsigned keypos = 1;
	term heir = ATOM(none), hdata = NONV;
	for (term l = a[1]; is_list(l); l = CDR(l)) {
		term o = CAR(l);
		if (o == at("set")) type = ETS_SET;
		else if (o == at("ordered_set")) type = ETS_OSET;
		else if (o == at("bag")) type = ETS_BAG;
		else if (o == at("duplicate_bag")) type = ETS_DBAG;
		else if (o == at("public")) prot = ETS_PUBLIC;
		else if (o == at("protected")) prot = ETS_PROTECTED;
		else if (o == at("private")) prot = ETS_PRIVATE;
		else if (o == at("named_table")) named = true;
		else if (o == ATOM(compressed)) comp = true;
		else if (is_tuple(o) && tuple_arity(o) >= 2) {
			term k = tuple_elems(o)[0], v = tuple_elems(o)[1];
			bool two = tuple_arity(o) == 2;
			bool isb = v == TRUE_T || v == FALSE_T;
			if (k == at("keypos") && two && is_small(v) && small_val(v) >= 1 &&
			    small_val(v) < (1 << 24))
				keypos = (unsigned)small_val(v);
			else if (k == at("heir")) {
				if (!parse_heir(o, &heir, &hdata))
					return BADARG(p);
			} else if (k == at("read_concurrency") && two && isb)
				rc = v == TRUE_T;
			else if (k == at("write_concurrency") && two && (isb || v == at("auto")))
				wc = v == FALSE_T ? 0 : v == TRUE_T ? 1 : 2;
			else if (k == at("decentralized_counters") && two && isb)
				dc = v == TRUE_T;
			else
				return BADARG(p);
		} else
			return BADARG(p);
	}
	if (named && ets_tab_by_name(a[0]))
		return BADARG(p);
	struct ets_tab *t = ets_tab_new(a[0], named);
	t->type = type;
	t->prot = prot;
	t->keypos = keypos;
	t->owner = p->serial;
	t->read_conc = rc;
	t->write_conc = wc;
	t->compressed = comp;
	t->decentral = dc;
	ets_set_heir(t, heir, hdata);
	return ets_tab_id(p, t);
}

BIF(b_setopts)
{
	struct ets_tab *t = tab_get(p, a[0], ACC_OWNER);
	term l = is_tuple(a[1]) ? cons(p, a[1], NIL) : a[1];
	if (!t || list_length(l) < 0)
		return BADARG(p);
	term heir = t->heir, data = NONV;
	bool set = false;
	for (; is_list(l); l = CDR(l)) {
		term o = CAR(l);
		/* unlike ets:new, setopts takes each option once */
		if (set || !is_tuple(o) || tuple_arity(o) < 2 ||
		    tuple_elems(o)[0] != at("heir") || !parse_heir(o, &heir, &data))
			return BADARG(p);
		set = true;
	}
	if (set)
		ets_set_heir(t, heir, data);
	return TRUE_T;
}

BIF(b_delete1)
{
	struct ets_tab *t = tab_get(p, a[0], ACC_WRITE);
	if (!t)
		return BADARG(p);
	ets_tab_delete(t);
	return TRUE_T;
}

BIF(b_give_away)
{
	struct ets_tab *t = tab_get(p, a[0], ACC_OWNER);
	struct proc *q = is_pid(a[1]) ? proc_find_pid(a[1]) : NULL;
	if (!t || !q || q == p || q->state == PS_DEAD || q->state == PS_EXITING)
		return BADARG(p);
	t->owner = q->serial;
	term msg = tuple4(p, at("ETS-TRANSFER"), ets_tab_id(p, t), p->pid, a[2]);
	proc_send(q, msg);
	return TRUE_T;
}

BIF(b_rename)
{
	struct ets_tab *t = tab_get(p, a[0], ACC_WRITE);
	if (!t || !is_atom(a[1]))
		return BADARG(p);
	if (t->named && ets_tab_by_name(a[1]))
		return BADARG(p);   /* even its own name */
	ets_tab_rename(t, a[1]);
	return ets_tab_id(p, t);
}

BIF(b_whereis)
{
	if (!is_atom(a[0]))
		return BADARG(p);
	struct ets_tab *t = ets_tab_by_name(a[0]);
	return t ? ets_tab_ref(p, t) : ATOM(undefined);
}

BIF(b_request_all)
{
	(void)a;
	term ref = make_ref(p);
	proc_send(p, tuple2(p, ref, ets_tab_all(p)));
	return ref;
}

BIF(b_safe_fixtable)
{
	struct ets_tab *t = tab_get(p, a[0], ACC_READ);
	if (!t || (a[1] != TRUE_T && a[1] != FALSE_T))
		return BADARG(p);
	ets_fix(t, p->serial, a[1] == TRUE_T);
	return TRUE_T;
}

/* ---- info ---- */

static term info_item(struct proc *p, struct ets_tab *t, term it)
{
	static const char *types[] = { "set", "ordered_set", "bag", "duplicate_bag" };
	static const char *prots[] = { "public", "protected", "private" };
	if (it == at("id")) return ets_tab_ref(p, t);
	/* a private table takes no locks: OTP drops the concurrency options */
	bool priv = t->prot == ETS_PRIVATE;
	if (it == at("decentralized_counters"))
		return BOOL_T(!priv && t->write_conc &&
			      (t->decentral >= 0 ? t->decentral :
			       t->write_conc == 2 || t->type == ETS_OSET));
	if (it == at("read_concurrency")) return BOOL_T(!priv && t->read_conc);
	if (it == at("write_concurrency"))
		return priv || !t->write_conc ? FALSE_T :
		       t->write_conc == 2 ? at("auto") : TRUE_T;
	if (it == ATOM(compressed)) return BOOL_T(t->compressed);
	if (it == at("memory"))
		return int_from_u64(p, t->words + 2 * t->nbuckets + 40);
	if (it == at("owner")) return make_pid(t->owner);
	if (it == at("heir")) return t->heir;
	if (it == ATOM(name)) return t->name;
	if (it == at("size")) return int_from_u64(p, t->size);
	if (it == ATOM(node)) return ATOM(nonode);
	if (it == at("named_table")) return BOOL_T(t->named);
	if (it == ATOM(type)) return at(types[t->type]);
	if (it == at("keypos")) return make_small(t->keypos);
	if (it == at("protection")) return at(prots[t->prot]);
	if (it == at("fixed")) return BOOL_T(t->fixes != NULL);
	if (it == at("safe_fixed") || it == at("safe_fixed_monotonic_time")) {
		if (!t->fixes)
			return FALSE_T;
		term l = NIL;
		for (struct ets_fix *f = t->fixes; f; f = f->next)
			l = cons(p, tuple2(p, make_pid(f->pid_serial), make_small(f->count)), l);
		term now = it == at("safe_fixed") ?
			tuple3(p, make_small(0), make_small(0), make_small(0)) : make_small(0);
		return tuple2(p, now, l);
	}
	return NONV;
}

/* The table for ets:info: NULL with *r set when there is none (undefined
 * for a name or a table's reference, badarg for anything else). */
static struct ets_tab *info_tab(struct proc *p, term id, term *r)
{
	struct ets_tab *t = NULL;
	if (!is_atom(id) && !ets_is_tab_ref(id))
		*r = BADARG(p);
	else if (!(t = ets_tab_find(id)))
		*r = ATOM(undefined);
	return t;
}

BIF(b_info1)
{
	static const char *items[] = {
		"id", "decentralized_counters", "read_concurrency", "write_concurrency",
		"compressed", "memory", "owner", "heir", "name", "size", "node",
		"named_table", "type", "keypos", "protection",
	};
	term r = NIL;
	struct ets_tab *t = info_tab(p, a[0], &r);
	if (!t)
		return r;
	for (size_t i = sizeof items / sizeof items[0]; i-- > 0;) {
		term it = at(items[i]);
		r = cons(p, tuple2(p, it, info_item(p, t, it)), r);
	}
	return r;
}

BIF(b_info2)
{
	term r;
	struct ets_tab *t = info_tab(p, a[0], &r);
	if (!t)
		return r;
	r = info_item(p, t, a[1]);
	return r == NONV ? BADARG(p) : r;
}

/* ---- insert and delete ---- */

static term do_insert(struct proc *p, term *a, bool only_new)
{
	struct ets_tab *t = tab_get(p, a[0], ACC_WRITE);
	if (!t)
		return BADARG(p);
	if (is_tuple(a[1])) {
		if (!obj_ok(t, a[1]))
			return BADARG(p);
		if (only_new && ets_lookup(t, ets_key(t, a[1])))
			return FALSE_T;
		ets_insert(t, a[1]);
		return TRUE_T;
	}
	long n = list_length(a[1]);
	if (n < 0)
		return BADARG(p);
	term *objs = malloc(((size_t)n + 1) * sizeof(term));
	long i = 0;
	for (term l = a[1]; is_list(l); l = CDR(l)) {
		objs[i] = CAR(l);
		if (!obj_ok(t, objs[i])) {
			free(objs);
			return BADARG(p);
		}
		if (only_new && ets_lookup(t, ets_key(t, objs[i]))) {
			free(objs);
			return FALSE_T;
		}
		i++;
	}
	/* OTP stores a list into a bag last element first */
	if (t->type == ETS_BAG)
		for (long j = n; j-- > 0;)
			ets_insert(t, objs[j]);
	else
		for (long j = 0; j < n; j++)
			ets_insert(t, objs[j]);
	free(objs);
	return TRUE_T;
}
BIF(b_insert) { return do_insert(p, a, false); }
BIF(b_insert_new) { return do_insert(p, a, true); }

BIF(b_delete2)
{
	struct ets_tab *t = tab_get(p, a[0], ACC_WRITE);
	if (!t)
		return BADARG(p);
	ets_delete_key(t, a[1]);
	return TRUE_T;
}

BIF(b_delete_all)
{
	struct ets_tab *t = tab_get(p, a[0], ACC_WRITE);
	if (!t)
		return BADARG(p);
	size_t n = t->size;
	ets_delete_all(t);
	return int_from_u64(p, n);
}

BIF(b_delete_object)
{
	struct ets_tab *t = tab_get(p, a[0], ACC_WRITE);
	if (!t || !obj_ok(t, a[1]))
		return BADARG(p);
	term k = ets_key(t, a[1]);
	bool any = false;
	for (;;) {
		struct ets_obj *o = ets_lookup(t, k);
		while (o && term_compare(o->obj, a[1], true) != 0)
			o = ets_lookup_next(t, o, k);
		if (!o)
			break;
		ets_delete_obj(t, o, false);
		any = true;
	}
	if (any)
		ets_try_shrink(t, k);   /* once, as OTP */
	return TRUE_T;
}

/* ---- reading by key ---- */

static term objs_of(struct proc *p, struct ets_tab *t, term k)
{
	struct ets_obj *buf[64], **v = buf;
	size_t n = 0, cap = 64;
	for (struct ets_obj *o = ets_lookup(t, k); o; o = ets_lookup_next(t, o, k)) {
		if (n == cap) {
			cap *= 2;
			v = v == buf ? memcpy(malloc(cap * sizeof *v), buf, sizeof buf)
				     : realloc(v, cap * sizeof *v);
		}
		v[n++] = o;
	}
	/* a bag's chain has the newest first; lookups list the oldest first */
	term r = NIL;
	for (size_t i = 0; i < n; i++)
		r = cons(p, copy_out(p, v[i]->obj), r);
	if (v != buf)
		free(v);
	return r;
}

BIF(b_lookup)
{
	struct ets_tab *t = tab_get(p, a[0], ACC_READ);
	if (!t)
		return BADARG(p);
	return objs_of(p, t, a[1]);
}

BIF(b_member)
{
	struct ets_tab *t = tab_get(p, a[0], ACC_READ);
	if (!t)
		return BADARG(p);
	return BOOL_T(ets_lookup(t, a[1]) != NULL);
}

BIF(b_take)
{
	struct ets_tab *t = tab_get(p, a[0], ACC_WRITE);
	if (!t)
		return BADARG(p);
	term r = objs_of(p, t, a[1]);
	ets_delete_key(t, a[1]);
	return r;
}

BIF(b_lookup_element)
{
	struct ets_tab *t = tab_get(p, a[0], ACC_READ);
	if (!t || !is_small(a[2]) || small_val(a[2]) < 1)
		return BADARG(p);
	size_t pos = (size_t)small_val(a[2]);
	struct ets_obj *o = ets_lookup(t, a[1]);
	if (!o)
		return BADARG(p);
	if (t->type == ETS_SET || t->type == ETS_OSET) {
		if (tuple_arity(o->obj) < pos)
			return BADARG(p);
		return copy_out(p, tuple_elems(o->obj)[pos - 1]);
	}
	for (struct ets_obj *x = o; x; x = ets_lookup_next(t, x, a[1]))
		if (tuple_arity(x->obj) < pos)
			return BADARG(p);
	term r = objs_of(p, t, a[1]);
	for (term l = r; is_list(l); l = CDR(l))
		list_ptr(l)[0] = tuple_elems(CAR(l))[pos - 1];
	return r;
}

/* ---- counters and elements ---- */

struct upd {
	size_t pos;
	term incr, thr, setv;   /* thr NONV: no threshold */
};

/* A bare increment is allowed alone, not inside a list of operations. */
static bool parse_upd(term op, struct upd *u, unsigned keypos, bool in_list)
{
	u->thr = u->setv = NONV;
	if (is_integer(op) && !in_list) {
		u->pos = keypos + 1;
		u->incr = op;
		return true;
	}
	if (!is_tuple(op))
		return false;
	size_t ar = tuple_arity(op);
	term *e = tuple_elems(op);
	if ((ar != 2 && ar != 4) || !is_small(e[0]) || small_val(e[0]) < 1 ||
	    !is_integer(e[1]))
		return false;
	u->pos = (size_t)small_val(e[0]);
	u->incr = e[1];
	if (ar == 4) {
		if (!is_integer(e[2]) || !is_integer(e[3]))
			return false;
		u->thr = e[2];
		u->setv = e[3];
	}
	return u->pos != keypos;
}

static term do_update_counter(struct proc *p, term *a, bool has_default)
{
	struct ets_tab *t = tab_get(p, a[0], ACC_WRITE);
	if (!t || (t->type != ETS_SET && t->type != ETS_OSET) ||
	    (has_default && !obj_ok(t, a[3])))
		return BADARG(p);
	term ops = a[2];
	bool many = is_list(ops) || ops == NIL;
	long nops = many ? list_length(ops) : 1;
	if (nops < 0)
		return BADARG(p);
	struct upd *u = malloc(((size_t)nops + 1) * sizeof *u);
	long i = 0;
	for (term l = ops; i < nops; i++) {
		term op = many ? CAR(l) : ops;
		if (many)
			l = CDR(l);
		if (!parse_upd(op, &u[i], t->keypos, many))
			goto bad;
	}
	struct ets_obj *o = ets_lookup(t, a[1]);
	term src;
	if (o) {
		src = o->obj;
	} else if (has_default) {
		src = a[3];
	} else {
		goto bad;
	}
	size_t ar = tuple_arity(src);
	term nt = make_tuple(p, ar);
	memcpy(tuple_elems(nt), tuple_elems(src), ar * sizeof(term));
	tuple_elems(nt)[t->keypos - 1] = a[1];
	term *res = malloc(((size_t)nops + 1) * sizeof(term));
	for (i = 0; i < nops; i++) {
		if (u[i].pos > ar || !is_integer(tuple_elems(nt)[u[i].pos - 1])) {
			free(res);
			goto bad;
		}
		term v = int_add(p, tuple_elems(nt)[u[i].pos - 1], u[i].incr);
		if (u[i].thr != NONV) {
			bool up = int_sign(u[i].incr) >= 0;
			int c = int_compare(v, u[i].thr);
			if (up ? c > 0 : c < 0)
				v = u[i].setv;
		}
		tuple_elems(nt)[u[i].pos - 1] = v;
		res[i] = v;
	}
	free(u);
	/* the new tuple may point into the stored object: copy it off first */
	nt = copy_out(p, nt);
	ets_insert(t, nt);
	term r;
	if (many) {
		r = NIL;
		for (i = nops; i-- > 0;)
			r = cons(p, copy_out(p, res[i]), r);
	} else {
		r = copy_out(p, res[0]);
	}
	free(res);
	return r;
bad:
	free(u);
	return BADARG(p);
}
BIF(b_update_counter3) { return do_update_counter(p, a, false); }
BIF(b_update_counter4) { return do_update_counter(p, a, true); }

BIF(b_update_element)
{
	struct ets_tab *t = tab_get(p, a[0], ACC_WRITE);
	if (!t || (t->type != ETS_SET && t->type != ETS_OSET))
		return BADARG(p);
	term l = a[2];
	bool many = is_list(l) || l == NIL;
	struct ets_obj *o = ets_lookup(t, a[1]);
	/* a missing key is false whatever the pairs are */
	if (!o)
		return FALSE_T;
	if (many && list_length(l) < 0)
		return BADARG(p);
	/* check every pair before changing anything */
	for (term x = l; many ? is_list(x) : true; x = CDR(x)) {
		term pr = many ? CAR(x) : l;
		if (!is_tuple(pr) || tuple_arity(pr) != 2 || !is_small(tuple_elems(pr)[0]))
			return BADARG(p);
		int64_t pos = small_val(tuple_elems(pr)[0]);
		if (pos < 1 || (uint64_t)pos == t->keypos ||
		    (uint64_t)pos > tuple_arity(o->obj))
			return BADARG(p);
		if (!many)
			break;
	}
	size_t ar = tuple_arity(o->obj);
	term nt = make_tuple(p, ar);
	memcpy(tuple_elems(nt), tuple_elems(o->obj), ar * sizeof(term));
	for (term x = l; many ? is_list(x) : true; x = CDR(x)) {
		term pr = many ? CAR(x) : l;
		tuple_elems(nt)[small_val(tuple_elems(pr)[0]) - 1] = tuple_elems(pr)[1];
		if (!many)
			break;
	}
	ets_insert(t, copy_out(p, nt));
	return TRUE_T;
}

/* ---- traversal ---- */

static term key_or_eot(struct proc *p, term k)
{
	return k == NONV ? eot() : copy_out(p, k);
}

static term first_last(struct proc *p, term *a, bool last)
{
	struct ets_tab *t = tab_get(p, a[0], ACC_READ);
	if (!t)
		return BADARG(p);
	return key_or_eot(p, ets_first(t, last));
}
BIF(b_first) { return first_last(p, a, false); }
BIF(b_last) { return first_last(p, a, true); }

static term next_prev(struct proc *p, term *a, bool prev)
{
	struct ets_tab *t = tab_get(p, a[0], ACC_READ);
	/* OTP refuses the end marker itself as an ordered_set key here */
	if (!t || (t->type == ETS_OSET && a[1] == eot()))
		return BADARG(p);
	bool missing;
	term k = ets_next(t, a[1], prev, &missing);
	if (missing)
		return BADARG(p);
	return key_or_eot(p, k);
}
BIF(b_next) { return next_prev(p, a, false); }
BIF(b_prev) { return next_prev(p, a, true); }

struct slot_ctx {
	size_t want, seen;
	struct ets_obj *hit;
};
static bool slot_visit(struct ets_obj *o, void *c)
{
	struct slot_ctx *s = c;
	if (s->seen++ == s->want) {
		s->hit = o;
		return false;
	}
	return true;
}

BIF(b_slot)
{
	struct ets_tab *t = tab_get(p, a[0], ACC_READ);
	if (!t || !is_small(a[1]) || small_val(a[1]) < 0)
		return BADARG(p);
	size_t i = (size_t)small_val(a[1]);
	if (t->type == ETS_OSET) {
		if (i > t->size)
			return BADARG(p);
		if (i == t->size)
			return eot();
		struct slot_ctx s = { i, 0, NULL };
		struct ets_pos pos = { NONV, 0 };
		ets_walk(t, false, &pos, slot_visit, &s);
		return cons(p, copy_out(p, s.hit->obj), NIL);
	}
	if (i > t->nbuckets)
		return BADARG(p);
	if (i == t->nbuckets)
		return eot();
	/* OTP's slots are its buckets, listed from the chain's end */
	term r = NIL;
	for (struct ets_obj *o = t->buckets[i]; o; o = o->next)
		if (!o->dead)
			r = cons(p, copy_out(p, o->obj), r);
	return r;
}

/* ---- match specifications over a table ---- */

enum sel_mode { SEL_LIST, SEL_COUNT, SEL_DELETE, SEL_REPLACE };

struct sel {
	struct proc *p;
	struct ets_tab *t;
	term ms;
	enum sel_mode mode;
	size_t limit;            /* 0: no limit */
	size_t n;
	term *res;               /* SEL_LIST results; SEL_REPLACE new objects */
	struct ets_obj **objs;   /* SEL_DELETE / SEL_REPLACE */
	size_t cap;
	size_t iters;            /* hash: objects seen since the last "trap" */
	bool trapped;            /* hash: OTP would have trapped (see hash_chunk) */
};

static void sel_push(struct sel *s, term r, struct ets_obj *o)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->res = realloc(s->res, s->cap * sizeof *s->res);
		s->objs = realloc(s->objs, s->cap * sizeof *s->objs);
	}
	s->res[s->n] = r;
	s->objs[s->n++] = o;
}

/* OTP's select traps after about 1000 objects, at a bucket boundary. */
#define SEL_TRAP_ITERS 1000

static bool sel_visit(struct ets_obj *o, void *c)
{
	struct sel *s = c;
	term r;
	if (!o) {
		/* between two hash buckets: a chunk ends only here */
		if (s->limit && s->n >= s->limit)
			return false;
		if (s->iters >= SEL_TRAP_ITERS) {
			s->trapped = true;
			s->iters = 0;
		}
		return true;
	}
	s->iters++;
	if (!ms_run(s->p, s->ms, o->obj, &r))
		return true;
	switch (s->mode) {
	case SEL_LIST:
		sel_push(s, copy_out(s->p, r), o);
		break;
	case SEL_COUNT:
		if (r == TRUE_T)
			s->n++;
		break;
	case SEL_DELETE:
		if (r == TRUE_T)
			sel_push(s, r, o);
		break;
	case SEL_REPLACE:
		if (obj_ok(s->t, r) &&
		    ets_key_eq(s->t, ets_key(s->t, r), ets_key(s->t, o->obj)))
			sel_push(s, copy_out(s->p, r), o);
		break;
	}
	return !s->limit || s->n < s->limit;
}

/* When every clause of a hash table's spec names its key, OTP visits
 * only those keys' buckets, in clause order, each once (a bucket whose
 * key is absent not at all, unless the table is finely locked); so do
 * we.  False when some clause leaves the key open. */
static bool sel_keyed(struct sel *s)
{
	size_t buf[16], *b = buf, n = 0, cap = 16;
	for (term l = s->ms; is_list(l); l = CDR(l)) {
		term k;
		enum ms_key how = ms_clause_key(CAR(l), s->t->keypos, &k);
		if (how == MS_KEY_FREE) {
			if (b != buf)
				free(b);
			return false;
		}
		if (how == MS_KEY_NONE)
			continue;
		bool present;
		size_t ix = ets_bucket_of(s->t, k, &present);
		if (!present && !ets_fine_locked(s->t))
			continue;
		size_t j = 0;
		while (j < n && b[j] != ix)
			j++;
		if (j < n)
			continue;
		if (n == cap) {
			cap *= 2;
			b = b == buf ? memcpy(malloc(cap * sizeof *b), buf, sizeof buf)
				     : realloc(b, cap * sizeof *b);
		}
		b[n++] = ix;
	}
	for (size_t j = 0; j < n; j++)
		ets_walk_bucket(s->t, b[j], sel_visit, s);
	if (b != buf)
		free(b);
	return true;
}

/* Runs s over the whole table (or the one key every head names). */
static void sel_all(struct sel *s, bool reverse)
{
	if (s->t->type != ETS_OSET) {
		if (!sel_keyed(s)) {
			struct ets_pos pos = { NONV, 0 };
			ets_walk(s->t, reverse, &pos, sel_visit, s);
		}
		return;
	}
	term k = ms_const_key(s->ms, s->t->keypos);
	if (k != NONV) {
		for (struct ets_obj *o = ets_lookup(s->t, k); o; o = ets_lookup_next(s->t, o, k))
			if (!sel_visit(o, s))
				break;
		return;
	}
	struct ets_pos pos = { NONV, 0 };
	ets_walk(s->t, reverse, &pos, sel_visit, s);
}

/* The results as a list: in visit order for ordered_set; a hash table's
 * in the opposite order, as OTP conses them up. */
static term sel_list(struct proc *p, struct sel *s)
{
	term r = NIL;
	if (s->t->type != ETS_OSET) {
		for (size_t i = 0; i < s->n; i++)
			r = cons(p, s->res[i], r);
		return r;
	}
	for (size_t i = s->n; i-- > 0;)
		r = cons(p, s->res[i], r);
	return r;
}

static void sel_free(struct sel *s)
{
	free(s->res);
	free(s->objs);
}

static term select_full(struct proc *p, term tab, term ms, bool reverse)
{
	struct ets_tab *t = tab_get(p, tab, ACC_READ);
	if (!t || !ms_check(ms, t->keypos, MS_TABLE, NULL))
		return BADARG(p);
	struct sel s = { p, t, ms, SEL_LIST, 0, 0, NULL, NULL, 0, 0, false };
	sel_all(&s, reverse);
	term r = sel_list(p, &s);
	sel_free(&s);
	return r;
}

/* A continuation: {TabRef, Key, MS, Limit, Marker, Pos, Reverse, 0}.  For
 * ordered_set Key is the last key visited and Pos [0]; for a hash table
 * Key holds the results found beyond the last chunk (OTP's "rest") and
 * Pos is [Bucket, RestSize], Bucket -1 at the end.  Its shape is that of
 * OTP's ordered_set continuations, and ets:is_compiled_ms/1 accepts the
 * marker, so ets:repair_continuation/2 returns it untouched (it needs no
 * repair: it holds no magic reference). */
static term cont_marker(struct proc *p)
{
	return tuple2(p, at("$ets_select_continuation"), NIL);
}
static bool is_cont_marker(term t)
{
	return is_tuple(t) && tuple_arity(t) == 2 &&
	       tuple_elems(t)[0] == at("$ets_select_continuation") && tuple_elems(t)[1] == NIL;
}

static term cont_new(struct proc *p, struct ets_tab *t, term key, term ms,
		     size_t limit, term pos, bool reverse)
{
	term cont = make_tuple(p, 8);
	term *e = tuple_elems(cont);
	e[0] = ets_tab_ref(p, t);
	e[1] = key;
	e[2] = ms;
	e[3] = int_from_u64(p, limit);
	e[4] = cont_marker(p);
	e[5] = pos;
	e[6] = make_small(reverse);
	e[7] = make_small(0);
	return cont;
}

static term oset_chunk(struct proc *p, struct ets_tab *t, term ms, size_t limit,
		       bool reverse, struct ets_pos *pos)
{
	struct sel s = { p, t, ms, SEL_LIST, limit, 0, NULL, NULL, 0, 0, false };
	ets_walk(t, reverse, pos, sel_visit, &s);
	if (s.n == 0) {
		sel_free(&s);
		return eot();
	}
	term list = sel_list(p, &s);
	size_t s_n = s.n;
	sel_free(&s);
	/* a short chunk is the last one */
	if (s_n < limit)
		return tuple2(p, list, eot());
	term key = pos->key == NONV ? NIL : copy_out(p, pos->key);
	return tuple2(p, list, cont_new(p, t, key, ms, limit,
					cons(p, make_small(0), NIL), reverse));
}

/* A chunk of a hash table as OTP cuts it: whole buckets are visited
 * until at least limit results are in hand, the results are consed up
 * (latest first), the earliest limit of them are returned and the rest
 * is kept for the next call.  OTP's first call keeps that rest in its
 * own order; a continued call (and a first call that trapped, which OTP
 * finishes as a continued one) keeps it reversed. */
static term hash_chunk(struct proc *p, struct ets_tab *t, term ms, size_t limit,
		       long slot, term rest, bool first_call)
{
	struct sel s = { p, t, ms, SEL_LIST, limit, 0, NULL, NULL, 0, 0, false };
	size_t nrest = 0;
	for (term l = rest; is_list(l); l = CDR(l))
		nrest++;
	/* the rest comes first, in the order it was found */
	for (size_t i = nrest; i-- > 0;) {
		term l = rest;
		for (size_t j = 0; j < i; j++)
			l = CDR(l);
		sel_push(&s, CAR(l), NULL);
	}
	if (first_call && sel_keyed(&s)) {
		slot = -1;   /* every result at once; no chunk ends early */
	} else if (slot >= 0 && s.n < limit) {
		struct ets_pos pos = { NONV, (size_t)slot };
		ets_walk(t, false, &pos, sel_visit, &s);
		slot = pos.bucket == ETS_POS_END ? -1 : (long)pos.bucket;
	}
	bool reversed_rest = !first_call || s.trapped;
	size_t n = s.n, k = n > limit ? n - limit : 0;
	term list = NIL, nrest_l = NIL;
	for (size_t i = 0; i < n - k; i++)
		list = cons(p, s.res[i], list);
	if (reversed_rest) {
		for (size_t i = n; i-- > n - k;)
			nrest_l = cons(p, s.res[i], nrest_l);
	} else {
		for (size_t i = n - k; i < n; i++)
			nrest_l = cons(p, s.res[i], nrest_l);
	}
	sel_free(&s);
	if (nrest_l != NIL || slot >= 0) {
		term pos = cons(p, make_small(slot), cons(p, int_from_u64(p, k), NIL));
		return tuple2(p, list, cont_new(p, t, nrest_l, ms, limit, pos, false));
	}
	return list != NIL ? tuple2(p, list, eot()) : eot();
}

static term select_limit(struct proc *p, term tab, term ms, term lim, bool reverse)
{
	struct ets_tab *t = tab_get(p, tab, ACC_READ);
	if (!t || !is_small(lim) || small_val(lim) < 1 ||
	    !ms_check(ms, t->keypos, MS_TABLE, NULL))
		return BADARG(p);
	if (t->type != ETS_OSET)
		return hash_chunk(p, t, ms, (size_t)small_val(lim), 0, NIL, true);
	struct ets_pos pos = { NONV, 0 };
	return oset_chunk(p, t, ms, (size_t)small_val(lim), reverse, &pos);
}

static term select_cont(struct proc *p, term c)
{
	if (c == eot())
		return c;
	if (!is_tuple(c) || tuple_arity(c) != 8 || !is_cont_marker(tuple_elems(c)[4]))
		return BADARG(p);
	term *e = tuple_elems(c);
	struct ets_tab *t = tab_get(p, e[0], ACC_READ);
	/* the spec is checked again: a continuation is only a term */
	if (!t || !is_small(e[3]) || small_val(e[3]) < 1 || !is_list(e[5]) ||
	    !ms_check(e[2], t->keypos, MS_TABLE, NULL))
		return BADARG(p);
	size_t limit = (size_t)small_val(e[3]);
	if (t->type == ETS_OSET) {
		struct ets_pos pos = { e[1], 0 };
		return oset_chunk(p, t, e[2], limit, e[6] == make_small(1), &pos);
	}
	term slot = CAR(e[5]);
	if (!is_small(slot) || small_val(slot) < -1 ||
	    small_val(slot) >= (long)t->nbuckets || list_length(e[1]) < 0)
		return BADARG(p);
	return hash_chunk(p, t, e[2], limit, small_val(slot), e[1], false);
}

static term pattern_ms(struct proc *p, term pat, bool whole)
{
	term body = cons(p, at(whole ? "$_" : "$$"), NIL);
	return cons(p, tuple3(p, pat, NIL, body), NIL);
}

BIF(b_select2) { return select_full(p, a[0], a[1], false); }
BIF(b_select3) { return select_limit(p, a[0], a[1], a[2], false); }
BIF(b_select1) { return select_cont(p, a[0]); }
BIF(b_select_reverse2) { return select_full(p, a[0], a[1], true); }
BIF(b_select_reverse3) { return select_limit(p, a[0], a[1], a[2], true); }
BIF(b_match2) { return select_full(p, a[0], pattern_ms(p, a[1], false), false); }
BIF(b_match3) { return select_limit(p, a[0], pattern_ms(p, a[1], false), a[2], false); }
BIF(b_match_object2) { return select_full(p, a[0], pattern_ms(p, a[1], true), false); }
BIF(b_match_object3)
{
	return select_limit(p, a[0], pattern_ms(p, a[1], true), a[2], false);
}

static term select_apply(struct proc *p, term tab, term ms, enum sel_mode mode)
{
	struct ets_tab *t = tab_get(p, tab, mode == SEL_COUNT ? ACC_READ : ACC_WRITE);
	if (!t || !ms_check(ms, t->keypos,
			    mode == SEL_REPLACE ? MS_SELECT_REPLACE : MS_TABLE, NULL))
		return BADARG(p);
	if (mode == SEL_REPLACE && t->type == ETS_BAG)
		return BADARG(p);   /* OTP 25 does not support bags here */
	struct sel s = { p, t, ms, mode, 0, 0, NULL, NULL, 0, 0, false };
	/* changes wait until the walk is over: it holds pointers into the table */
	sel_all(&s, false);
	size_t n = s.n;
	for (size_t i = 0; i < s.n && mode != SEL_COUNT; i++) {
		if (mode == SEL_DELETE) {
			ets_delete_obj(t, s.objs[i], false);
		} else {
			ets_replace(t, s.objs[i], s.res[i]);
		}
	}
	/* once, at the end, as OTP, which keeps a finely locked table that
	 * others may write to fixed meanwhile */
	if (mode == SEL_DELETE && n && !(ets_fine_locked(t) && t->prot == ETS_PUBLIC))
		ets_try_shrink(t, NIL);   /* not decentralized: any key will do */
	sel_free(&s);
	return int_from_u64(p, n);
}
BIF(b_select_count) { return select_apply(p, a[0], a[1], SEL_COUNT); }
BIF(b_select_delete) { return select_apply(p, a[0], a[1], SEL_DELETE); }
BIF(b_select_replace) { return select_apply(p, a[0], a[1], SEL_REPLACE); }

/* ---- match specifications on their own ---- */

BIF(b_ms_compile)
{
	/* an empty spec selects nothing, but there is nothing to compile */
	if (a[0] == NIL || !ms_check(a[0], 1, MS_TABLE, NULL))
		return BADARG(p);
	return ms_compiled_new(p, a[0]);
}

BIF(b_is_compiled_ms)
{
	(void)p;
	return BOOL_T(ms_compiled_get(a[0]) != NONV || is_cont_marker(a[0]));
}

BIF(b_ms_run_r)
{
	term ms = ms_compiled_get(a[1]);
	if (ms == NONV || list_length(a[0]) < 0)
		return BADARG(p);
	term acc = a[2];
	for (term l = a[0]; is_list(l); l = CDR(l)) {
		term r;
		if (ms_run(p, ms, CAR(l), &r))
			acc = cons(p, r, acc);
	}
	return acc;
}

/* erlang:match_spec_test(Term, MS, table), behind ets:test_ms/2. */
BIF(b_ms_test)
{
	if (a[2] != at("table"))
		return BADARG(p);
	struct ms_why why = { MS_F_NOT_LIST, NONV, 0 };
	/* ets:select takes [] (no clauses); the test refuses it */
	if (a[1] == NIL || !ms_check(a[1], 1, MS_TABLE, &why)) {
		char msg[256];
		size_t n = ms_why_text(&why, msg, sizeof msg);
		term e = tuple2(p, ATOM(error), make_string(p, msg, n));
		return tuple2(p, ATOM(error), cons(p, e, NIL));
	}
	term r;
	if (!ms_run(p, a[1], a[0], &r))
		r = FALSE_T;
	return tuple4(p, ATOM(ok), r, NIL, NIL);
}

const struct bif_def bifs_ets[] = {
	{"ets", "new", 2, b_new},
	{"ets", "delete", 1, b_delete1},
	{"ets", "delete", 2, b_delete2},
	{"ets", "internal_delete_all", 2, b_delete_all},
	{"ets", "delete_object", 2, b_delete_object},
	{"ets", "first", 1, b_first},
	{"ets", "last", 1, b_last},
	{"ets", "next", 2, b_next},
	{"ets", "prev", 2, b_prev},
	{"ets", "give_away", 3, b_give_away},
	{"ets", "info", 1, b_info1},
	{"ets", "info", 2, b_info2},
	{"ets", "insert", 2, b_insert},
	{"ets", "insert_new", 2, b_insert_new},
	{"ets", "is_compiled_ms", 1, b_is_compiled_ms},
	{"ets", "lookup", 2, b_lookup},
	{"ets", "lookup_element", 3, b_lookup_element},
	{"ets", "match", 1, b_select1},
	{"ets", "match", 2, b_match2},
	{"ets", "match", 3, b_match3},
	{"ets", "match_object", 1, b_select1},
	{"ets", "match_object", 2, b_match_object2},
	{"ets", "match_object", 3, b_match_object3},
	{"ets", "match_spec_compile", 1, b_ms_compile},
	{"ets", "match_spec_run_r", 3, b_ms_run_r},
	{"ets", "member", 2, b_member},
	{"ets", "rename", 2, b_rename},
	{"ets", "safe_fixtable", 2, b_safe_fixtable},
	{"ets", "select", 1, b_select1},
	{"ets", "select", 2, b_select2},
	{"ets", "select", 3, b_select3},
	{"ets", "select_count", 2, b_select_count},
	{"ets", "internal_select_delete", 2, b_select_delete},
	{"ets", "select_replace", 2, b_select_replace},
	{"ets", "select_reverse", 1, b_select1},
	{"ets", "select_reverse", 2, b_select_reverse2},
	{"ets", "select_reverse", 3, b_select_reverse3},
	{"ets", "setopts", 2, b_setopts},
	{"ets", "slot", 2, b_slot},
	{"ets", "take", 2, b_take},
	{"ets", "update_counter", 3, b_update_counter3},
	{"ets", "update_counter", 4, b_update_counter4},
	{"ets", "update_element", 3, b_update_element},
	{"ets", "whereis", 1, b_whereis},
	{"ets", "internal_request_all", 0, b_request_all},
	{"erlang", "match_spec_test", 3, b_ms_test},
	{NULL, NULL, 0, NULL}
};
