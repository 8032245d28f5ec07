/* Process, signal, timer, dictionary and exception BIFs. */
#include "beam.h"
#include "interp.h"
#include "host.h"
#include "dist.h"
#include <stdlib.h>

#define BIF(name) static term name(struct proc *p __attribute__((unused)), \
				   term *a __attribute__((unused)))

static term raise_cls(struct proc *p, int cls, term reason)
{
	p->fclass = cls;
	p->freason = reason;
	p->fstack = ST_CALLER;
	return NONV;
}

BIF(b_error1) { return raise_cls(p, EXC_ERROR, a[0]); }
/* error/2,3: the caller's frame shows Args when it is a list (else its
 * arity, as OTP), and error/3's {error_info, Map} ends its location. */
static term raise_with_args(struct proc *p, term reason, term args,
			    term opts)
{
	term extra = NIL;
	for (term l = opts; is_list(l); l = CDR(l)) {
		term o = CAR(l);
		if (is_tuple(o) && tuple_arity(o) == 2 &&
		    tuple_elems(o)[0] == ATOM(error_info) &&
		    is_map(tuple_elems(o)[1]))
			extra = cons(p, o, NIL);
	}
	p->fclass = EXC_ERROR;
	p->freason = reason;
	p->fstack = st_caller_with(p, list_length(args) >= 0 ? args : NONV,
				   extra);
	return NONV;
}
BIF(b_error2) { return raise_with_args(p, a[0], a[1], NIL); }
BIF(b_error3) { return raise_with_args(p, a[0], a[1], a[2]); }
BIF(b_exit1) { return raise_cls(p, EXC_EXIT, a[0]); }
BIF(b_throw) { return raise_cls(p, EXC_THROW, a[0]); }
/* nif_error/1,2: what a NIF stub raises when its library is not loaded. */
BIF(b_nif_error) { return raise_cls(p, EXC_ERROR, a[0]); }
/* A stack trace frame raise/3 accepts: {M, F, A} or {M, F, A, Loc} with
 * atoms M and F, an arity or argument list A and a list Loc. */
static bool raise_frame_ok(term e)
{
	if (!is_tuple(e) || tuple_arity(e) < 3 || tuple_arity(e) > 4)
		return false;
	term *v = tuple_elems(e);
	if (!is_atom(v[0]) || !is_atom(v[1]) ||
	    !((is_small(v[2]) && small_val(v[2]) >= 0) || list_length(v[2]) >= 0))
		return false;
	return tuple_arity(e) == 3 || list_length(v[3]) >= 0;
}
/* raise/3 returns (not raises) badarg when its arguments are bad, as OTP. */
BIF(b_raise)
{
	term c = a[0];
	int cls = c == ATOM(error) ? EXC_ERROR : c == ATOM(exit) ? EXC_EXIT
		: c == ATOM(throw) ? EXC_THROW : 0;
	if (!cls || list_length(a[2]) < 0)
		return ATOM(badarg);
	term st = NIL, *tail = &st;
	for (term l = a[2]; is_list(l); l = CDR(l)) {
		term e = CAR(l);
		if (!raise_frame_ok(e))
			return ATOM(badarg);
		if (tuple_arity(e) == 3) {
			term *v = tuple_elems(e);
			term t = make_tuple(p, 4);
			tuple_elems(t)[0] = v[0];
			tuple_elems(t)[1] = v[1];
			tuple_elems(t)[2] = v[2];
			tuple_elems(t)[3] = NIL;
			e = t;
		}
		*tail = cons(p, e, NIL);
		tail = &list_ptr(*tail)[1];
	}
	p->fclass = cls;
	p->freason = a[1];
	p->fstack = st;
	return NONV;
}

BIF(b_self) { (void)a; return p->pid; }
BIF(b_make_ref) { (void)a; return make_ref(p); }
BIF(b_node) { (void)p; (void)a; return ATOM(nonode); }
/* node/1: every pid, port and reference here is the local node's. */
BIF(b_node1)
{
	return is_pid(a[0]) || is_port(a[0]) || is_ref(a[0]) ? ATOM(nonode)
							       : BADARG(p);
}
BIF(b_is_alive) { (void)p; (void)a; return FALSE_T; }
BIF(b_nodes) { (void)p; (void)a; return NIL; }
/* nodes/1: no other node is ever known; the argument is still checked. */
BIF(b_nodes1)
{
	static const char *const kinds[] = { "visible", "hidden", "connected",
					     "this", "known" };
	if (a[0] == NIL)
		return NIL;
	term l = is_list(a[0]) ? a[0] : cons(p, a[0], NIL);
	bool this = false;
	for (; is_list(l); l = CDR(l)) {
		size_t n;
		const char *s = is_atom(CAR(l)) ? atom_text(CAR(l), &n) : NULL;
		size_t k = 0;
		while (s && k < 5 && (strlen(kinds[k]) != n || memcmp(kinds[k], s, n)))
			k++;
		if (!s || k == 5)
			return BADARG(p);
		this |= k >= 3;
	}
	if (l != NIL)
		return BADARG(p);
	return this ? cons(p, ATOM(nonode), NIL) : NIL;
}

extern cw *interp_code_apply(int n);

/* The min_heap_size of the spawn_opt in progress (0: none). */
static size_t spawn_min_heap;

struct proc *spawn_call(struct proc *parent, term mod, term fun, term args,
			bool link, term *monref)
{
	struct proc *q = proc_new();
	if (spawn_min_heap > q->heap_words) {
		/* the nursery is still empty: start it at the minimum */
		free(q->heap);
		q->heap = malloc(spawn_min_heap * sizeof(term));
		q->htop = q->heap;
		q->hend = q->heap + spawn_min_heap;
		q->heap_words = spawn_min_heap;
	}
	q->min_heap = spawn_min_heap;
	term *xs = malloc(3 * sizeof(term));
	size_t sz = term_size(args) + term_size(fun);
	term *hp = sz ? heap_alloc(q, sz) : NULL;
	if (mod == NONV) {
		xs[0] = term_copy(fun, &hp, q);
		xs[1] = term_copy(args, &hp, q);
		q->pc = interp_code_apply(2);
		q->xsave_n = 2;
	} else {
		xs[0] = mod;
		xs[1] = fun;
		xs[2] = term_copy(args, &hp, q);
		q->pc = interp_code_apply(3);
		q->xsave_n = 3;
	}
	q->xsave = xs;
	q->xsave_cap = 3;
	q->group_leader = parent->group_leader;
	q->cap = parent->cap;	/* a child starts with its parent's token */
	if (link)
		proc_link(parent, q);
	if (monref)
		*monref = proc_monitor(parent, q->pid, NONV);
	sched_enqueue(q);
	return q;
}

static term do_spawn(struct proc *p, term m, term f, term args, int kind)
{
	if (m == NONV) {
		/* spawn/1 and spawn_link/1 take a fun of any arity (the new
		 * process dies of badarity); spawn_monitor/1 and spawn_opt
		 * want arity 0, as OTP. */
		if (!is_fun(f) || ((kind & 4) && (box_kind(f) == HK_FUN
				   ? ((struct fun_obj *)boxed_ptr(f))->fe->arity
				   : ((struct export *)boxed_ptr(f)[1])->arity) != 0))
			return BADARG(p);
	} else if (!is_atom(m) || !is_atom(f) || list_length(args) < 0) {
		return BADARG(p);
	}
	kind &= 3;
	term ref;
	struct proc *q = spawn_call(p, m, f, args, kind == 1, kind == 2 ? &ref : NULL);
	if (kind == 2)
		return tuple2(p, q->pid, ref);
	return q->pid;
}
BIF(b_spawn1) { return do_spawn(p, NONV, a[0], NIL, 0); }
BIF(b_spawn3) { return do_spawn(p, a[0], a[1], a[2], 0); }
BIF(b_spawn_link1) { return do_spawn(p, NONV, a[0], NIL, 1); }
BIF(b_spawn_link3) { return do_spawn(p, a[0], a[1], a[2], 1); }
BIF(b_spawn_monitor1) { return do_spawn(p, NONV, a[0], NIL, 2 | 4); }
BIF(b_spawn_monitor3) { return do_spawn(p, a[0], a[1], a[2], 2); }
/* OTP's heap sizes (erl_gc.c): 12, 38, then each the sum of the two
 * before plus one, then 20% steps; a min_heap_size is rounded up to one. */
static size_t otp_heap_size(int64_t want)
{
	uint64_t a = 12, b = 38;
	for (int i = 2; (int64_t)a < want; i++) {
		uint64_t c = i < 23 ? a + b + 1 : b + b / 5;
		a = b;
		b = c;
		if (i > 200)
			break;
	}
	return (size_t)a;
}
static term spawn_opts(struct proc *p, term m, term f, term args, term opts)
{
	bool link = false, mon = false;
	/* a proper list of link, monitor and {Option, Value} pairs */
	term ol = opts;
	for (; is_list(ol); ol = CDR(ol)) {
		term o = CAR(ol);
		if (o != ATOM(link) && o != ATOM(monitor) &&
		    !(is_tuple(o) && tuple_arity(o) == 2 && is_atom(tuple_elems(o)[0])))
			return BADARG(p);
	}
	if (ol != NIL)
		return BADARG(p);
	for (term l = opts; is_list(l); l = CDR(l)) {
		if (CAR(l) == ATOM(link))
			link = true;
		else if (CAR(l) == ATOM(monitor))
			mon = true;
	}
	int64_t min_heap = 0;
	for (term l = opts; is_list(l); l = CDR(l)) {
		term o = CAR(l);
		if (is_tuple(o) && tuple_arity(o) == 2 &&
		    tuple_elems(o)[0] == ATOM(min_heap_size)) {
			term v = tuple_elems(o)[1];
			if (!is_small(v) || small_val(v) < 0)
				return BADARG(p);
			min_heap = small_val(v);
		}
	}
	spawn_min_heap = min_heap ? otp_heap_size(min_heap < 233 ? 233 : min_heap) : 0;
	term r = do_spawn(p, m, f, args, (mon ? 2 : link ? 1 : 0) | 4);
	spawn_min_heap = 0;
	if (r != NONV && link && mon)
		proc_link(p, proc_find_pid(tuple_elems(r)[0]));
	return r;
}
BIF(b_spawn_opt2) { return spawn_opts(p, NONV, a[0], NIL, a[1]); }
BIF(b_spawn_opt4) { return spawn_opts(p, a[0], a[1], a[2], a[3]); }

BIF(b_link)
{
	struct proc *q = proc_find_pid(a[0]);
	if (!is_pid(a[0]))
		return BADARG(p);
	if (dist_pid_remote(a[0], NULL, NULL, NULL, NULL)) {
		/* the carrier links across: LINK out, EXIT both ways */
		dist_hand_over(atom_intern("$dist_link", 10), p->pid, a[0]);
		return TRUE_T;
	}
	if (!q) {
		if (p->trap_exit) {
			proc_send(p, tuple3(p, ATOM(EXIT), a[0], ATOM(noproc)));
			return TRUE_T;
		}
		return raise_error(p, ATOM(noproc));
	}
	proc_link(p, q);
	return TRUE_T;
}
BIF(b_unlink)
{
	if (!is_pid(a[0]))
		return BADARG(p);
	struct proc *q = proc_find_pid(a[0]);
	if (q)
		proc_unlink(p, q);
	return TRUE_T;
}
BIF(b_monitor)
{
	if (a[0] != ATOM(process))
		return BADARG(p);
	term t = a[1];
	if ((is_pid(t) && dist_pid_remote(t, NULL, NULL, NULL, NULL)) ||
	    (is_tuple(t) && tuple_arity(t) == 2 && is_atom(tuple_elems(t)[0]) &&
	     is_atom(tuple_elems(t)[1]) && tuple_elems(t)[1] != dist_local_node()))
		return dist_monitor(p, t);
	if (is_tuple(t) && tuple_arity(t) == 2 && is_atom(tuple_elems(t)[0]) &&
	    tuple_elems(t)[1] == dist_local_node())
		t = tuple_elems(t)[0];
	if (is_atom(t)) {
		term pid = proc_whereis(t);
		term name = tuple2(p, t, dist_local_node());
		return proc_monitor(p, pid == ATOM(undefined) ? make_pid(0) : pid, name);
	}
	if (!is_pid(t))
		return BADARG(p);
	return proc_monitor(p, t, NONV);
}

/* The mode of an {alias, Mode} option, or -1. */
static int alias_mode_of(term mode)
{
	return mode == ATOM(explicit_unalias) ? ALIAS_EXPLICIT
	     : mode == ATOM(demonitor) ? ALIAS_DEMONITOR
	     : mode == ATOM(reply_demonitor) ? ALIAS_REPLY_DEMONITOR : -1;
}

/* monitor/3: options [{alias, Mode}] (OTP 24), checked before anything
 * is monitored. */
BIF(b_monitor3)
{
	int mode = -1;
	if (list_length(a[2]) < 0)
		return BADARG(p);
	for (term l = a[2]; l != NIL; l = CDR(l)) {
		term o = CAR(l);
		if (!is_tuple(o) || tuple_arity(o) != 2 ||
		    tuple_elems(o)[0] != ATOM(alias) ||
		    (mode = alias_mode_of(tuple_elems(o)[1])) < 0)
			return BADARG(p);
	}
	term ref = b_monitor(p, a);
	/* no monitor was made (the target is gone or is p): an alias tied to
	 * it would end at once, and OTP makes none even when untied */
	if (ref != NONV && mode >= 0 &&
	    (proc_monitor_active(p->serial, boxed_ptr(ref)[1]) ||
	     dist_is_remote_dest(a[1])))
		alias_add(p, boxed_ptr(ref)[1], (enum alias_mode)mode);
	return ref;
}

/* alias/0,1: a new reference that messages can be sent to. */
BIF(b_alias0)
{
	(void)a;
	term ref = make_ref(p);
	alias_add(p, boxed_ptr(ref)[1], ALIAS_EXPLICIT);
	return ref;
}
BIF(b_alias1)
{
	enum alias_mode mode = ALIAS_EXPLICIT;
	if (list_length(a[0]) < 0)
		return BADARG(p);
	for (term l = a[0]; l != NIL; l = CDR(l)) {
		if (CAR(l) == ATOM(reply))
			mode = ALIAS_REPLY;
		else if (CAR(l) != ATOM(explicit_unalias))
			return BADARG(p);
	}
	term ref = make_ref(p);
	alias_add(p, boxed_ptr(ref)[1], mode);
	return ref;
}
BIF(b_unalias)
{
	if (!is_ref(a[0]))
		return BADARG(p);
	return BOOL_T(alias_remove(boxed_ptr(a[0])[1], p->serial));
}
static void flush_down(struct proc *p, term ref)
{
	for (struct msg **pp = &p->mq_head; *pp; pp = &(*pp)->next) {
		term m = (*pp)->t;
		if (is_tuple(m) && tuple_arity(m) == 5 && tuple_elems(m)[0] == ATOM(DOWN) &&
		    term_compare(tuple_elems(m)[1], ref, true) == 0) {
			struct msg *d = *pp;
			*pp = d->next;
			if (p->mq_tail == &d->next)
				p->mq_tail = pp;
			if (p->mq_save == &d->next)
				p->mq_save = pp;
			free(d);
			p->mq_len--;
			return;
		}
	}
}
BIF(b_demonitor1)
{
	bool found;
	if (!proc_demonitor(p, a[0], &found))
		return BADARG(p);
	if (!found)   /* perhaps a monitor of another node's process */
		dist_hand_over(atom_intern("$dist_demonitor", 15), p->pid, a[0]);
	return TRUE_T;
}
BIF(b_demonitor2)
{
	bool found;
	bool flush = false, info = false;
	term l = a[1];
	for (; is_list(l); l = CDR(l)) {
		if (CAR(l) == ATOM(flush))
			flush = true;
		else if (CAR(l) == ATOM(info))
			info = true;
		else
			return BADARG(p);
	}
	if (l != NIL || !proc_demonitor(p, a[0], &found))
		return BADARG(p);
	if (!found)   /* perhaps a monitor of another node's process */
		dist_hand_over(atom_intern("$dist_demonitor", 15), p->pid, a[0]);
	if (flush)
		flush_down(p, a[0]);
	return info ? BOOL_T(found) : TRUE_T;
}
BIF(b_exit2)
{
	struct proc *q = proc_find_pid(a[0]);
	if (!is_pid(a[0]) && !is_port(a[0]))
		return BADARG(p);
	if (q == p) {
		if (p->trap_exit && a[1] != ATOM(kill)) {
			proc_send(p, tuple3(p, ATOM(EXIT), p->pid, a[1]));
			return TRUE_T;
		}
		return raise_cls(p, EXC_EXIT, a[1] == ATOM(kill) ? ATOM(killed) : a[1]);
	}
	if (q)
		proc_signal_exit(p, q, a[1], false);
	return TRUE_T;
}
BIF(b_process_flag)
{
	if (a[0] == ATOM(trap_exit)) {
		if (a[1] != TRUE_T && a[1] != FALSE_T)
			return BADARG(p);
		term old = BOOL_T(p->trap_exit);
		p->trap_exit = a[1] == TRUE_T;
		return old;
	}
	if (a[0] == ATOM(priority))
		return ATOM(normal);
	if (a[0] == ATOM(min_heap_size) || a[0] == ATOM(fullsweep_after))
		return make_small(0);
	if (a[0] == ATOM(message_queue_data))
		return ATOM(on_heap);
	return BADARG(p);
}
BIF(b_register)
{
	struct proc *q = proc_find_pid(a[1]);
	if (!is_atom(a[0]) || !q || proc_register(a[0], q) != 0)
		return BADARG(p);
	return TRUE_T;
}
BIF(b_unregister)
{
	if (proc_whereis(a[0]) == ATOM(undefined))
		return BADARG(p);
	proc_unregister(a[0]);
	return TRUE_T;
}
BIF(b_whereis) { return is_atom(a[0]) ? proc_whereis(a[0]) : BADARG(p); }
BIF(b_registered) { (void)a; return proc_registered_list(p); }
BIF(b_is_process_alive)
{
	if (!is_pid(a[0]))
		return BADARG(p);
	return BOOL_T(proc_find_pid(a[0]) != NULL);
}

static term pinfo_item(struct proc *p, struct proc *q, term item)
{
	term v;
	if (item == ATOM(message_queue_len))
		v = make_small(q->mq_len);
	else if (item == ATOM(messages)) {
		size_t n = 0;
		for (struct msg *m = q->mq_head; m; m = m->next)
			n++;
		term *vs = malloc((n + 1) * sizeof(term));
		n = 0;
		for (struct msg *m = q->mq_head; m; m = m->next)
			vs[n++] = m->t;
		v = NIL;
		for (size_t i = n; i-- > 0;) {
			size_t sz = term_size(vs[i]);
			term *hp = heap_alloc(p, sz);
			v = cons(p, term_copy(vs[i], &hp, p), v);
		}
		free(vs);
	} else if (item == ATOM(links)) {
		v = NIL;
		for (struct link *l = q->links; l; l = l->next)
			v = cons(p, make_pid(l->serial), v);
	} else if (item == ATOM(dictionary)) {
		size_t sz = term_size(q->dict);
		term *hp = heap_alloc(p, sz);
		v = term_copy(q->dict, &hp, p);
	} else if (item == ATOM(registered_name)) {
		if (q->reg_name == NONV)
			return NIL;
		v = q->reg_name;
	} else if (item == ATOM(trap_exit))
		v = BOOL_T(q->trap_exit);
	else if (item == ATOM(status))
		v = q == p ? ATOM(running) : q->state == PS_WAITING ? ATOM(waiting)
								 : ATOM(runnable);
	else if (item == ATOM(heap_size) || item == ATOM(total_heap_size))
		v = make_small(q->heap_words + (size_t)(q->old_end - q->old));
	else if (item == ATOM(memory))
		/* bytes: heaps, fragments and stack words, and the process */
		v = make_small((int64_t)((q->heap_words + q->frag_words +
					  (size_t)(q->old_end - q->old) +
					  (size_t)(q->stack_end - q->E)) * sizeof(term) +
					 sizeof *q));
	else if (item == ATOM(min_heap_size))
		v = make_small((int64_t)(q->min_heap ? q->min_heap : 233));
	else if (item == ATOM(stack_size))
		v = make_small(q->stack_end - q->E);
	else if (item == ATOM(reductions))
		v = make_small((int64_t)interp_reductions(q, q == p));
	else if (item == ATOM(group_leader))
		v = q->group_leader;
	else if (item == ATOM(priority))
		v = ATOM(normal);
	else if (item == ATOM(current_stacktrace))
		v = st_current(p, q);
	else
		return NONV;
	return tuple2(p, item, v);
}

/* Items OTP's process_info/2 accepts, checked even for a dead process. */
static bool pinfo_valid(term item)
{
	static const char *const names[] = {
		"backtrace", "binary", "catchlevel", "current_function",
		"current_location", "current_stacktrace", "dictionary",
		"error_handler", "garbage_collection", "garbage_collection_info",
		"group_leader", "heap_size", "initial_call", "links", "last_calls",
		"memory", "message_queue_len", "messages", "min_heap_size",
		"min_bin_vheap_size", "monitored_by", "monitors",
		"message_queue_data", "parent", "priority", "reductions",
		"registered_name", "sequential_trace_token", "stack_size", "status",
		"suspending", "total_heap_size", "trace", "trap_exit",
	};
	if (!is_atom(item))
		return false;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (atom_lookup(names[i], strlen(names[i])) == item)
			return true;
	return false;
}
BIF(b_process_info2)
{
	if (!is_pid(a[0]))
		return BADARG(p);
	struct proc *q = proc_find_pid(a[0]);
	if (!q) {
		for (term l = a[1]; is_list(l); l = CDR(l))
			if (!pinfo_valid(CAR(l)))
				return BADARG(p);
		if (!is_list(a[1]) && !pinfo_valid(a[1]))
			return BADARG(p);
		return ATOM(undefined);
	}
	if (is_atom(a[1])) {
		term r = pinfo_item(p, q, a[1]);
		return r == NONV ? BADARG(p) : r;
	}
	term out = NIL, *tail = &out;
	for (term l = a[1]; is_list(l); l = CDR(l)) {
		term r = pinfo_item(p, q, CAR(l));
		if (r == NONV)
			return BADARG(p);
		/* alone, an unregistered process's name is []; in a list the
		 * item still comes as a pair */
		if (r == NIL)
			r = tuple2(p, CAR(l), NIL);
		*tail = cons(p, r, NIL);
		tail = &list_ptr(*tail)[1];
	}
	return out;
}

BIF(b_send2)
{
	if (!proc_send_to(a[0], a[1]))
		return BADARG(p);
	return a[1];
}
BIF(b_send3)
{
	/* Options: noconnect and nosuspend, which change nothing here. */
	term l = a[2];
	for (; is_list(l); l = CDR(l))
		if (CAR(l) != ATOM(noconnect) && CAR(l) != ATOM(nosuspend))
			return BADARG(p);
	if (l != NIL)
		return BADARG(p);
	term r = b_send2(p, a);
	return r == NONV ? r : ATOM(ok);
}

/* send_after/start_timer: Time is relative, or with abs an
 * erlang:monotonic_time(millisecond) (a past one fires at once). */
static term timer_start(struct proc *p, term *a, bool wrap, bool abs)
{
	int64_t ms;
	if (!int_to_i64(a[0], &ms) || (!abs && ms < 0) ||
	    (!is_pid(a[1]) && !is_atom(a[1])))
		return BADARG(p);
	term ref = make_ref(p);
	struct timer *t = calloc(1, sizeof *t);
	t->when = abs ? ms : sched_now_ms() + ms;
	t->ref = boxed_ptr(ref)[1];
	t->dest = is_pid(a[1]) ? pid_serial(a[1]) : 0;
	t->dest_name = is_atom(a[1]) ? a[1] : NONV;
	term msg = wrap ? tuple3(p, ATOM(timeout), ref, a[2]) : a[2];
	size_t sz = term_size(msg);
	t->msgmem = malloc((sz + 1) * sizeof(term));
	term *hp = t->msgmem;
	t->msg = term_copy(msg, &hp, NULL);
	timer_add(t);
	return ref;
}
BIF(b_send_after) { return timer_start(p, a, false, false); }
BIF(b_start_timer) { return timer_start(p, a, true, false); }
/* The options of send_after/4 and start_timer/4: [{abs, Bool}]. */
static term timer_start_opts(struct proc *p, term *a, bool wrap)
{
	bool abs = false;
	if (list_length(a[3]) < 0)
		return BADARG(p);
	for (term l = a[3]; l != NIL; l = CDR(l)) {
		term o = CAR(l);
		if (!is_tuple(o) || tuple_arity(o) != 2 ||
		    tuple_elems(o)[0] != ATOM(abs) ||
		    (tuple_elems(o)[1] != ATOM(true) &&
		     tuple_elems(o)[1] != ATOM(false)))
			return BADARG(p);
		abs = tuple_elems(o)[1] == ATOM(true);
	}
	return timer_start(p, a, wrap, abs);
}
BIF(b_start_timer4) { return timer_start_opts(p, a, true); }
BIF(b_send_after4) { return timer_start_opts(p, a, false); }
/* The options of cancel_timer/2 and read_timer/2: [{async, B}, {info, B}]
 * (info defaults to true); false for a malformed list. */
static bool timer_opts(term opts, bool *async, bool *info)
{
	*async = false;
	*info = true;
	if (list_length(opts) < 0)
		return false;
	for (term l = opts; l != NIL; l = CDR(l)) {
		term o = CAR(l);
		if (!is_tuple(o) || tuple_arity(o) != 2 ||
		    (tuple_elems(o)[1] != ATOM(true) && tuple_elems(o)[1] != ATOM(false)))
			return false;
		bool v = tuple_elems(o)[1] == ATOM(true);
		if (tuple_elems(o)[0] == ATOM(async))
			*async = v;
		else if (tuple_elems(o)[0] == ATOM(info))
			*info = v;
		else
			return false;
	}
	return true;
}

/* cancel_timer/read_timer: the time left (false if none); with async
 * the answer comes as {Tag, Ref, Result} and the call returns ok, and
 * without info nothing is answered at all (ok). */
static term timer_query(struct proc *p, term *a, bool cancel, bool with_opts,
			term tag)
{
	bool async = false, info = true;
	if (!is_ref(a[0]) || (with_opts && !timer_opts(a[1], &async, &info)))
		return BADARG(p);
	struct timer *t = timer_find_ref(a[0]);
	term left = t ? make_small(timer_remaining(t)) : FALSE_T;
	if (t && cancel)
		timer_cancel(t);
	if (async) {
		if (info)
			proc_send(p, tuple3(p, tag, a[0], left));
		return ATOM(ok);
	}
	return info ? left : ATOM(ok);
}
BIF(b_cancel_timer) { return timer_query(p, a, true, false, NONV); }
BIF(b_cancel_timer2) { return timer_query(p, a, true, true, ATOM(cancel_timer)); }
BIF(b_read_timer) { return timer_query(p, a, false, false, NONV); }
BIF(b_read_timer2) { return timer_query(p, a, false, true, ATOM(read_timer)); }

BIF(b_group_leader0) { (void)a; return p->group_leader; }
BIF(b_group_leader2)
{
	struct proc *q = proc_find_pid(a[1]);
	if (!q || !is_pid(a[0]))
		return BADARG(p);
	q->group_leader = a[0];
	return TRUE_T;
}

/* Process dictionary: a list of {Key, Value} on the process heap. */
BIF(b_get1)
{
	(void)p;
	for (term l = p->dict; is_list(l); l = CDR(l))
		if (term_compare(tuple_elems(CAR(l))[0], a[0], true) == 0)
			return tuple_elems(CAR(l))[1];
	return ATOM(undefined);
}
BIF(b_get0) { (void)a; return p->dict; }
BIF(b_get_keys0)
{
	(void)a;
	term r = NIL;
	for (term l = p->dict; is_list(l); l = CDR(l))
		r = cons(p, tuple_elems(CAR(l))[0], r);
	return r;
}
BIF(b_get_keys1)
{
	term r = NIL;
	for (term l = p->dict; is_list(l); l = CDR(l))
		if (term_compare(tuple_elems(CAR(l))[1], a[0], true) == 0)
			r = cons(p, tuple_elems(CAR(l))[0], r);
	return r;
}
static term dict_remove(struct proc *p, term key, term *old)
{
	*old = ATOM(undefined);
	term out = NIL, *tail = &out;
	for (term l = p->dict; is_list(l); l = CDR(l)) {
		if (term_compare(tuple_elems(CAR(l))[0], key, true) == 0) {
			*old = tuple_elems(CAR(l))[1];
			*tail = CDR(l);
			return out;
		}
		*tail = cons(p, CAR(l), NIL);
		tail = &list_ptr(*tail)[1];
	}
	return p->dict;
}
BIF(b_put)
{
	term old;
	term d = dict_remove(p, a[0], &old);
	p->dict = cons(p, tuple2(p, a[0], a[1]), d);
	return old;
}
BIF(b_erase1)
{
	term old;
	p->dict = dict_remove(p, a[0], &old);
	return old;
}
BIF(b_erase0)
{
	(void)a;
	term d = p->dict;
	p->dict = NIL;
	return d;
}

BIF(b_garbage_collect) { (void)p; (void)a; return TRUE_T; }
/* garbage_collect/1,2 on any process: the collector runs only at the
 * process's own allocation points (README "Memory"), so this checks its
 * arguments and answers as OTP does: true, or false for a dead process;
 * with {async, Req} the answer comes as {garbage_collect, Req, Answer}. */
BIF(b_garbage_collect2)
{
	if (!is_pid(a[0]))
		return BADARG(p);
	term req = NONV, l = a[1];
	for (; is_list(l); l = CDR(l)) {
		term o = CAR(l);
		if (!is_tuple(o) || tuple_arity(o) != 2)
			return BADARG(p);
		term k = tuple_elems(o)[0], v = tuple_elems(o)[1];
		if (k == atom_intern("async", 5))
			req = v;
		else if (k != atom_intern("type", 4) ||
			 (v != atom_intern("major", 5) && v != atom_intern("minor", 5)))
			return BADARG(p);
	}
	if (l != NIL)
		return BADARG(p);
	term ans = BOOL_T(proc_find_pid(a[0]) != NULL);
	if (req == NONV)
		return ans;
	proc_send(p, tuple3(p, atom_intern("garbage_collect", 15), req, ans));
	return atom_intern("async", 5);
}
BIF(b_garbage_collect1)
{
	term args[2] = { a[0], NIL };
	return b_garbage_collect2(p, args);
}
BIF(b_halt0) { (void)p; (void)a; host_exit(0); return NONV; }
BIF(b_halt1)
{
	(void)p;
	host_exit(is_small(a[0]) ? (int)small_val(a[0]) : 1);
	return NONV;
}

BIF(b_processes)
{
	(void)a;
	term r = NIL;
	for (uint64_t s = 1; s < 1u << 30; s++) {
		/* walk by probing is too slow for many serials; keep simple */
		if (proc_count() == 0 || s > 1000000)
			break;
		struct proc *q = proc_find(s);
		if (q)
			r = cons(p, q->pid, r);
	}
	return r;
}

const struct bif_def bifs_proc[] = {
	{"erlang", "error", 1, b_error1}, {"erlang", "error", 2, b_error2},
	{"erlang", "error", 3, b_error3}, {"erlang", "exit", 1, b_exit1},
	{"erlang", "throw", 1, b_throw}, {"erlang", "raise", 3, b_raise},
	{"erlang", "nif_error", 1, b_nif_error}, {"erlang", "nif_error", 2, b_nif_error},
	{"erlang", "self", 0, b_self}, {"erlang", "make_ref", 0, b_make_ref},
	{"erlang", "is_alive", 0, b_is_alive},
	{"erlang", "node", 0, b_node}, {"erlang", "node", 1, b_node1},
	{"erlang", "nodes", 1, b_nodes1},
	{"erlang", "nodes", 0, b_nodes},
	{"erlang", "spawn", 1, b_spawn1}, {"erlang", "spawn", 3, b_spawn3},
	{"erlang", "spawn_link", 1, b_spawn_link1},
	{"erlang", "spawn_link", 3, b_spawn_link3},
	{"erlang", "spawn_monitor", 1, b_spawn_monitor1},
	{"erlang", "spawn_monitor", 3, b_spawn_monitor3},
	{"erlang", "spawn_opt", 2, b_spawn_opt2},
	{"erlang", "spawn_opt", 4, b_spawn_opt4},
	{"erlang", "link", 1, b_link}, {"erlang", "unlink", 1, b_unlink},
	{"erlang", "monitor", 2, b_monitor}, {"erlang", "monitor", 3, b_monitor3},
	{"erlang", "alias", 0, b_alias0}, {"erlang", "alias", 1, b_alias1},
	{"erlang", "unalias", 1, b_unalias},
	{"erlang", "demonitor", 1, b_demonitor1},
	{"erlang", "demonitor", 2, b_demonitor2},
	{"erlang", "exit", 2, b_exit2},
	{"erlang", "process_flag", 2, b_process_flag},
	{"erlang", "register", 2, b_register},
	{"erlang", "unregister", 1, b_unregister},
	{"erlang", "whereis", 1, b_whereis},
	{"erlang", "registered", 0, b_registered},
	{"erlang", "is_process_alive", 1, b_is_process_alive},
	{"erlang", "process_info", 2, b_process_info2},
	{"erlang", "send", 2, b_send2}, {"erlang", "send", 3, b_send3},
	{"erlang", "!", 2, b_send2},
	{"erlang", "send_after", 3, b_send_after},
	{"erlang", "start_timer", 3, b_start_timer},
	{"erlang", "start_timer", 4, b_start_timer4},
	{"erlang", "send_after", 4, b_send_after4},
	{"erlang", "cancel_timer", 1, b_cancel_timer},
	{"erlang", "cancel_timer", 2, b_cancel_timer2},
	{"erlang", "read_timer", 1, b_read_timer},
	{"erlang", "read_timer", 2, b_read_timer2},
	{"erlang", "group_leader", 0, b_group_leader0},
	{"erlang", "group_leader", 2, b_group_leader2},
	{"erlang", "get", 0, b_get0}, {"erlang", "get", 1, b_get1},
	{"erlang", "get_keys", 0, b_get_keys0},
	{"erlang", "get_keys", 1, b_get_keys1},
	{"erlang", "put", 2, b_put}, {"erlang", "erase", 0, b_erase0},
	{"erlang", "erase", 1, b_erase1},
	{"erlang", "garbage_collect", 0, b_garbage_collect},
	{"erlang", "garbage_collect", 1, b_garbage_collect1},
	{"erlang", "garbage_collect", 2, b_garbage_collect2},
	{"erlang", "halt", 0, b_halt0}, {"erlang", "halt", 1, b_halt1},
	{"erlang", "halt", 2, b_halt1},
	{"erlang", "processes", 0, b_processes},
	{NULL, NULL, 0, NULL}
};
