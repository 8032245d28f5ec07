/* Exception support: class atoms, stack traces as OTP shows them
 * ({Module, Function, ArityOrArgs, Location}) and the "raw" stack trace
 * that try/catch hand around in x registers: {Class, Frames}. */
#include "interp.h"
#include <stdio.h>

term class_atom(int cls)
{
	return cls == EXC_THROW ? ATOM(throw) : cls == EXC_EXIT ? ATOM(exit)
								: ATOM(error);
}

term st_raw_make(struct proc *p, int cls, term list)
{
	return tuple2(p, class_atom(cls), list);
}

term st_raw_list(term raw)
{
	if (is_tuple(raw) && tuple_arity(raw) == 2)
		return tuple_elems(raw)[1];
	if (is_list(raw) || raw == NIL)
		return raw;
	return NIL;
}

term st_frame_for(struct proc *p, term mod, term fun, term args)
{
	return tuple4(p, mod, fun, args, NIL);
}

/* The module OTP 25 names in a BIF frame's error_info: the one that
 * formats that BIF's errors for the shell (erl_erts_errors and friends). */
static term error_info_module(term mod)
{
	if (mod == ATOM(erlang) || mod == ATOM(persistent_term) ||
	    mod == ATOM(erts_internal) || mod == ATOM(atomics) ||
	    mod == ATOM(counters))
		return ATOM(erl_erts_errors);
	if (mod == ATOM(os))
		return ATOM(erl_kernel_errors);
	if (mod == ATOM(lists) || mod == ATOM(maps) || mod == ATOM(binary) ||
	    mod == ATOM(math) || mod == ATOM(unicode) || mod == ATOM(string) ||
	    mod == ATOM(ets) || mod == ATOM(re))
		return ATOM(erl_stdlib_errors);
	return NONV;
}

term st_frame_bif(struct proc *p, term mod, term fun, term args)
{
	term em = error_info_module(mod);
	if (em == NONV)
		return st_frame_for(p, mod, fun, args);
	term info = map_put(p, map_new_empty(p), ATOM(module), em);
	term loc = cons(p, tuple2(p, ATOM(error_info), info), NIL);
	return tuple4(p, mod, fun, args, loc);
}

term st_caller_with(struct proc *p, term args, term extra)
{
	return tuple3(p, ST_CALLER, args, extra);
}

bool st_is_caller(term fstack)
{
	return fstack == ST_CALLER ||
	       (is_tuple(fstack) && tuple_arity(fstack) == 3 &&
		tuple_elems(fstack)[0] == ST_CALLER);
}

/* [{file, Name}, {line, N}] as the Line chunk names them, or []. */
static term location(struct proc *p, struct module *m, const cw *pc,
		     term extra)
{
	uint32_t fidx;
	uint32_t line = code_line(m, pc, &fidx);
	if (!line)
		return extra;
	term name;
	if (fidx < m->nfnames) {
		name = m->fnames[fidx];
	} else {
		size_t n;
		const char *s = atom_text(m->name, &n);
		char buf[300];
		int k = snprintf(buf, sizeof buf, "%.*s.erl", (int)n, s);
		name = make_string(p, buf, (size_t)k);
	}
	term file = tuple2(p, ATOM(file), name);
	term ln = tuple2(p, ATOM(line), make_small(line));
	return cons(p, file, cons(p, ln, extra));
}

static term frame_at(struct proc *p, const cw *pc, term args, term extra)
{
	struct func_span *fs;
	struct module *m = code_lookup(pc, &fs);
	if (!m || !fs)
		return NONV;
	term a = args != NONV ? args : make_small(fs->arity);
	return tuple4(p, m->name, fs->name, a, location(p, m, pc, extra));
}

/* OTP 25 keeps every return address on the stack; here the newest one may
 * still be in cp, which the interpreter clears once it is saved in a frame
 * (allocate) or used (return), so a non-null cp is always a live caller. */
static term st_build_range(struct proc *p, const cw *pc, const cw *cp,
			   term *E, term *stack_end, term first);

term st_build(struct proc *p, const cw *pc, const cw *cp, term *E,
	      term first)
{
	return st_build_range(p, pc, cp, E, p->stack_end, first);
}

term st_current(struct proc *p, struct proc *q)
{
	return st_build_range(p, q == p ? NULL : q->pc, q->cp, q->E,
			      q->stack_end, NONV);
}

static term st_build_range(struct proc *p, const cw *pc, const cw *cp,
			   term *E, term *stack_end, term first)
{
	term frames[10];
	int n = 0;
	term args = NONV, extra = NIL;
	if (st_is_caller(first)) {
		if (first != ST_CALLER) {
			args = tuple_elems(first)[1];
			extra = tuple_elems(first)[2];
		}
	} else if (is_tuple(first)) {
		frames[n++] = first;
	} else {
		args = first;
	}
	const cw *sites[2] = { pc, cp && cp != code_normal_exit ? cp - 1 : NULL };
	for (int i = 0; i < 2; i++) {
		if (!sites[i])
			continue;
		term f = frame_at(p, sites[i], args, extra);
		if (f != NONV) {
			frames[n++] = f;
			args = NONV;
			extra = NIL;
		}
	}
	/* As OTP, a run of one return address (a recursion through one call
	 * site) is one frame. */
	const cw *prev = cp;
	for (term *s = E; s && s < stack_end && n < 8; s++) {
		if (!is_cp(*s))
			continue;
		const cw *c = cp_ptr(*s);
		if (c == code_normal_exit)
			break;
		if (c == prev)
			continue;
		prev = c;
		term f = frame_at(p, c - 1, NONV, NIL);
		if (f != NONV)
			frames[n++] = f;
	}
	term l = NIL;
	for (int i = n; i-- > 0;)
		l = cons(p, frames[i], l);
	return l;
}
