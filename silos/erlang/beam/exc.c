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

/* [{file, Name}, {line, N}] as the Line chunk names them, or []. */
static term location(struct proc *p, struct module *m, const cw *pc)
{
	uint32_t fidx;
	uint32_t line = code_line(m, pc, &fidx);
	if (!line)
		return NIL;
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
	return cons(p, file, cons(p, ln, NIL));
}

static term frame_at(struct proc *p, const cw *pc, term args)
{
	struct func_span *fs;
	struct module *m = code_lookup(pc, &fs);
	if (!m || !fs)
		return NONV;
	term a = args != NONV ? args : make_small(fs->arity);
	return tuple4(p, m->name, fs->name, a, location(p, m, pc));
}

term st_build(struct proc *p, const cw *pc, const cw *cp, term *E,
	      term first)
{
	term frames[10];
	int n = 0;
	if (is_tuple(first)) {
		frames[n++] = first;
		first = NONV;
	}
	if (pc) {
		term f = frame_at(p, pc, first);
		if (f != NONV)
			frames[n++] = f;
	}
	int from_stack = 0;
	for (term *s = E; s && s < p->stack_end && n < 8; s++) {
		if (!is_cp(*s))
			continue;
		const cw *c = cp_ptr(*s);
		if (c == code_normal_exit)
			break;
		term f = frame_at(p, c - 1, NONV);
		if (f != NONV) {
			frames[n++] = f;
			from_stack++;
		}
	}
	if (!from_stack && cp && cp != code_normal_exit && n < 8) {
		term f = frame_at(p, cp - 1, NONV);
		if (f != NONV)
			frames[n++] = f;
	}
	term l = NIL;
	for (int i = n; i-- > 0;)
		l = cons(p, frames[i], l);
	return l;
}
