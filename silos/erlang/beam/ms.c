/* Match specifications ("Match Specifications in Erlang", ERTS user's
 * guide), table dialect: [{Head, Guards, Body}].  A spec is checked once
 * and then interpreted term by term; guard and body functions are the
 * erlang BIFs themselves, called through the export table, so they raise
 * and return exactly what the BIFs do.  A guard that raises fails its
 * clause; a body that raises gives 'EXIT'. */
#include "ets.h"
#include <stdlib.h>

#define MS_MAXV 256

struct ms_env {
	term obj;
	size_t n;
	uint32_t num[MS_MAXV];
	term val[MS_MAXV];
};

/* '$0', '$1', ...: the number, or -1 for any other atom. */
static long ms_var(term a)
{
	if (!is_atom(a))
		return -1;
	size_t n;
	const char *s = atom_text(a, &n);
	if (n < 2 || n > 10 || s[0] != '$' || (s[1] == '0' && n > 2))
		return -1;
	long v = 0;
	for (size_t i = 1; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v > 100000000 ? -1 : v;
}

static bool is_wild(term a)
{
	size_t n;
	const char *s;
	if (!is_atom(a))
		return false;
	s = atom_text(a, &n);
	return n == 1 && s[0] == '_';
}
static bool is_atom_named(term a, const char *name)
{
	size_t n;
	const char *s;
	if (!is_atom(a))
		return false;
	s = atom_text(a, &n);
	return n == strlen(name) && memcmp(s, name, n) == 0;
}

/* Guard and body functions allowed in the table dialect. */
static const struct { const char *name; unsigned arity; } ms_funs[] = {
	{"is_atom", 1}, {"is_float", 1}, {"is_integer", 1}, {"is_list", 1},
	{"is_number", 1}, {"is_pid", 1}, {"is_port", 1}, {"is_reference", 1},
	{"is_tuple", 1}, {"is_map", 1}, {"is_binary", 1},
	{"is_function", 1}, {"is_record", 3},
	{"is_map_key", 2}, {"abs", 1}, {"element", 2}, {"hd", 1}, {"length", 1},
	{"map_get", 2}, {"map_size", 1}, {"node", 0}, {"node", 1}, {"round", 1},
	{"size", 1}, {"bit_size", 1}, {"byte_size", 1}, {"tl", 1}, {"trunc", 1},
	{"binary_part", 2}, {"binary_part", 3}, {"float", 1},
	{"self", 0}, {"+", 1}, {"+", 2}, {"-", 1}, {"-", 2}, {"*", 2}, {"/", 2},
	{"div", 2}, {"rem", 2}, {"band", 2}, {"bor", 2}, {"bxor", 2}, {"bnot", 1},
	{"bsl", 2}, {"bsr", 2}, {">", 2}, {">=", 2}, {"<", 2}, {"=<", 2},
	{"=:=", 2}, {"==", 2}, {"=/=", 2}, {"/=", 2}, {"and", 2}, {"or", 2},
	{"not", 1}, {"xor", 2},
};

static bool ms_fun_ok(term name, size_t arity)
{
	for (size_t i = 0; i < sizeof ms_funs / sizeof ms_funs[0]; i++)
		if (ms_funs[i].arity == arity && is_atom_named(name, ms_funs[i].name))
			return true;
	return false;
}

/* ---- checking ---- */

struct ms_vars {
	size_t n;
	uint32_t num[MS_MAXV];
	bool overflow;
};

static void vars_add(struct ms_vars *v, long num)
{
	for (size_t i = 0; i < v->n; i++)
		if (v->num[i] == (uint32_t)num)
			return;
	if (v->n == MS_MAXV) {
		v->overflow = true;
		return;
	}
	v->num[v->n++] = (uint32_t)num;
}
static bool vars_has(const struct ms_vars *v, long num)
{
	for (size_t i = 0; i < v->n; i++)
		if (v->num[i] == (uint32_t)num)
			return true;
	return false;
}

static void head_vars(term h, struct ms_vars *v)
{
	for (;;) {
		if (is_atom(h)) {
			long n = ms_var(h);
			if (n >= 0)
				vars_add(v, n);
			return;
		}
		if (is_list(h)) {
			head_vars(CAR(h), v);
			h = CDR(h);
			continue;
		}
		if (is_tuple(h)) {
			for (size_t i = 0; i < tuple_arity(h); i++)
				head_vars(tuple_elems(h)[i], v);
			return;
		}
		if (is_map(h)) {
			struct mapit it;
			term k, val;
			mapit_init(&it, h);
			while (mapit_next(&it, &k, &val))
				head_vars(val, v);
		}
		return;
	}
}

/* Functions of the tracing dialect, named so in OTP's message. */
static const char *const trace_only[] = {
	"message", "return_trace", "exception_trace", "display", "caller",
	"silent", "trace", "enable_trace", "disable_trace", "process_dump",
	"get_seq_token", "is_seq_trace", "caller_line",
};

static bool fail(struct ms_why *w, enum ms_fault f, term t, size_t arity)
{
	w->fault = f;
	w->culprit = t;
	w->arity = arity;
	return false;
}

static bool check_expr(term e, const struct ms_vars *v, struct ms_why *w);

static bool check_list(term l, const struct ms_vars *v, struct ms_why *w)
{
	for (; is_list(l); l = CDR(l))
		if (!check_expr(CAR(l), v, w))
			return false;
	return check_expr(l, v, w);
}

static bool check_call(term e, const struct ms_vars *v, struct ms_why *w)
{
	size_t ar = tuple_arity(e);
	term *el = tuple_elems(e);
	term f = el[0];
	if (is_atom_named(f, "const"))
		return ar == 2 ? true : fail(w, MS_F_CONST_ARGS, e, 0);
	bool logic = is_atom_named(f, "andalso") || is_atom_named(f, "orelse");
	if (logic && ar == 1)
		return fail(w, MS_F_NO_ARGS, e, 0);
	if (is_atom_named(f, "self") && ar > 1)
		return fail(w, MS_F_SELF_ARGS, e, 0);
	if (!(logic && ar >= 2) && !ms_fun_ok(f, ar - 1)) {
		for (size_t i = 0; i < sizeof trace_only / sizeof trace_only[0]; i++)
			if (is_atom_named(f, trace_only[i]))
				return fail(w, MS_F_DIALECT, f, 0);
		if (is_atom_named(f, "set_seq_token"))
			return fail(w, MS_F_DIALECT, atom_intern("set_seq_trace", 13), 0);
		if (is_atom_named(f, "set_tcw") || is_atom_named(f, "get_tcw"))
			return fail(w, MS_F_CONTEXT, f, ar - 1);
		return fail(w, MS_F_NO_FUN, f, ar - 1);
	}
	for (size_t i = 1; i < ar; i++)
		if (!check_expr(el[i], v, w))
			return false;
	return true;
}

static bool check_expr(term e, const struct ms_vars *v, struct ms_why *w)
{
	if (is_atom(e)) {
		long n = ms_var(e);
		if (n >= 0 && !vars_has(v, n))
			return fail(w, MS_F_UNBOUND, make_small(n), 0);
		return true;
	}
	if (is_list(e))
		return check_list(e, v, w);
	if (is_map(e)) {
		struct mapit it;
		term k, val;
		mapit_init(&it, e);
		while (mapit_next(&it, &k, &val))
			if (!check_expr(k, v, w) || !check_expr(val, v, w))
				return false;
		return true;
	}
	if (!is_tuple(e))
		return true;
	size_t ar = tuple_arity(e);
	term *el = tuple_elems(e);
	if (ar == 1 && is_tuple(el[0])) {
		for (size_t i = 0; i < tuple_arity(el[0]); i++)
			if (!check_expr(tuple_elems(el[0])[i], v, w))
				return false;
		return true;
	}
	if (ar == 0 || !is_atom(el[0]))
		return fail(w, MS_F_NOT_CALL, e, 0);
	return check_call(e, v, w);
}

/* select_replace: the object built must keep the head's key.  '$_' does;
 * so does a tuple construction whose key element is the head's key
 * variable or the same constant. */
static bool keeps_key(term head, term res, unsigned keypos)
{
	if (is_atom_named(res, "$_"))
		return true;
	if (!is_tuple(head) || tuple_arity(head) < keypos)
		return false;
	term hk = tuple_elems(head)[keypos - 1];
	if (!is_tuple(res) || tuple_arity(res) != 1 || !is_tuple(tuple_elems(res)[0]))
		return false;
	term t = tuple_elems(res)[0];
	if (tuple_arity(t) < keypos)
		return false;
	term rk = tuple_elems(t)[keypos - 1];
	if (is_wild(hk))
		return false;
	if (term_compare(hk, rk, true) == 0)
		return true;
	return is_tuple(rk) && tuple_arity(rk) == 2 && is_atom_named(tuple_elems(rk)[0], "const") &&
	       ms_var(hk) < 0 && term_compare(hk, tuple_elems(rk)[1], true) == 0;
}

bool ms_check(term ms, unsigned keypos, enum ms_dialect d, struct ms_why *why)
{
	struct ms_why local;
	struct ms_why *w = why ? why : &local;
	w->fault = MS_F_NONE;
	if (!is_list(ms) && ms != NIL)
		return fail(w, MS_F_NOT_LIST, NONV, 0);
	if (list_length(ms) < 0)
		return fail(w, MS_F_IMPROPER, NONV, 0);
	for (term l = ms; is_list(l); l = CDR(l)) {
		term c = CAR(l);
		if (!is_tuple(c) || tuple_arity(c) != 3)
			return fail(w, MS_F_CLAUSE, NONV, 0);
		term h = tuple_elems(c)[0], g = tuple_elems(c)[1], b = tuple_elems(c)[2];
		if (!is_list(g) && g != NIL)
			return fail(w, MS_F_EXPR_NOT_LIST, NONV, 0);
		if (list_length(g) < 0 || (is_list(b) && list_length(b) < 0))
			return fail(w, MS_F_EXPR_IMPROPER, NONV, 0);
		if (!is_list(b))
			return fail(w, MS_F_NO_BODY, NONV, 0);
		struct ms_vars v = { 0 };
		head_vars(h, &v);
		if (v.overflow)
			return fail(w, MS_F_CLAUSE, NONV, 0);
		if (!check_list(g, &v, w) || !check_list(b, &v, w))
			return false;
		if (d == MS_SELECT_REPLACE) {
			term last = b;
			while (is_list(CDR(last)))
				last = CDR(last);
			if (!keeps_key(h, CAR(last), keypos))
				return fail(w, MS_F_KEY, NONV, 0);
		}
	}
	return true;
}

size_t ms_why_text(const struct ms_why *w, char *buf, size_t len)
{
	struct strbuf b = { 0 };
	const char *fixed = NULL;
	switch (w->fault) {
	case MS_F_NOT_LIST: fixed = "Match programs are not in a list."; break;
	case MS_F_IMPROPER: fixed = "Match programs are not in a proper list."; break;
	case MS_F_CLAUSE: fixed = "Match program part is not a tuple of arity 3."; break;
	case MS_F_EXPR_NOT_LIST: fixed = "Match expression is not a list."; break;
	case MS_F_EXPR_IMPROPER: fixed = "Match expression is not a proper list."; break;
	case MS_F_NO_BODY: fixed = "Body clause does not return anything."; break;
	case MS_F_KEY: fixed = "Match program changes the key."; break;
	case MS_F_NONE: fixed = ""; break;
	case MS_F_UNBOUND: {
		char n[32];
		int k = snprintf(n, sizeof n, "Variable $%lld is unbound.",
				 (long long)small_val(w->culprit));
		sb_puts(&b, n, (size_t)k);
		break;
	}
	case MS_F_NO_FUN:
	case MS_F_CONTEXT: {
		char n[24];
		sb_puts(&b, "Function ", 9);
		size_t al;
		const char *at = atom_text(w->culprit, &al);
		sb_puts(&b, at, al);
		int k = snprintf(n, sizeof n, "/%zu ", w->arity);
		sb_puts(&b, n, (size_t)k);
		const char *tail = w->fault == MS_F_NO_FUN ? "does_not_exist." :
			"cannot be called in this context.";
		sb_puts(&b, tail, strlen(tail));
		break;
	}
	case MS_F_DIALECT: {
		size_t al;
		const char *at = atom_text(w->culprit, &al);
		sb_puts(&b, "Special form '", 14);
		sb_puts(&b, at, al);
		sb_puts(&b, "' used in wrong dialect.", 24);
		break;
	}
	case MS_F_NOT_CALL: {
		const char *tail = " is neither a function call, nor a tuple "
			"(tuples are written {{ ... }}).";
		print_term(&b, w->culprit);
		sb_puts(&b, tail, strlen(tail));
		break;
	}
	case MS_F_CONST_ARGS:
	case MS_F_NO_ARGS:
	case MS_F_SELF_ARGS: {
		size_t al;
		const char *at = atom_text(tuple_elems(w->culprit)[0], &al);
		const char *what = w->fault == MS_F_CONST_ARGS ?
			"' called with more than one argument in " :
			w->fault == MS_F_NO_ARGS ? "' called without arguments in " :
			"' called with arguments in ";
		sb_puts(&b, "Special form '", 14);
		sb_puts(&b, at, al);
		sb_puts(&b, what, strlen(what));
		if (w->fault == MS_F_NO_ARGS) {
			/* OTP's own printer: {andalso}, no quotes */
			sb_putc(&b, '{');
			sb_puts(&b, at, al);
			sb_putc(&b, '}');
		} else {
			print_term(&b, w->culprit);
		}
		sb_putc(&b, '.');
		break;
	}
	}
	if (fixed)
		sb_puts(&b, fixed, strlen(fixed));
	size_t n = b.len < len ? b.len : len;
	if (n)
		memcpy(buf, b.s, n);
	free(b.s);
	return n;
}

/* ---- running ---- */

static bool env_bind(struct ms_env *env, long n, term v)
{
	for (size_t i = 0; i < env->n; i++)
		if (env->num[i] == (uint32_t)n)
			return term_eq_exact(env->val[i], v);
	env->num[env->n] = (uint32_t)n;
	env->val[env->n++] = v;
	return true;
}

static bool match_head(struct ms_env *env, term pat, term t)
{
	for (;;) {
		if (is_atom(pat)) {
			long n = ms_var(pat);
			if (n >= 0)
				return env_bind(env, n, t);
			return is_wild(pat) || pat == t;
		}
		if (is_list(pat)) {
			if (!is_list(t) || !match_head(env, CAR(pat), CAR(t)))
				return false;
			pat = CDR(pat);
			t = CDR(t);
			continue;
		}
		if (is_tuple(pat)) {
			size_t ar = tuple_arity(pat);
			if (!is_tuple(t) || tuple_arity(t) != ar)
				return false;
			for (size_t i = 0; i < ar; i++)
				if (!match_head(env, tuple_elems(pat)[i], tuple_elems(t)[i]))
					return false;
			return true;
		}
		if (is_map(pat)) {
			if (!is_map(t))
				return false;
			struct mapit it;
			term k, v;
			mapit_init(&it, pat);
			while (mapit_next(&it, &k, &v)) {
				term tv = map_get(t, k);
				if (tv == NONV || !match_head(env, v, tv))
					return false;
			}
			return true;
		}
		return term_eq_exact(pat, t);
	}
}

static term all_vars(struct proc *p, struct ms_env *env)
{
	/* '$$': the values in variable-number order */
	uint32_t order[MS_MAXV];
	size_t n = env->n;
	for (size_t i = 0; i < n; i++)
		order[i] = (uint32_t)i;
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && env->num[order[j - 1]] > env->num[order[j]]; j--) {
			uint32_t x = order[j];
			order[j] = order[j - 1];
			order[j - 1] = x;
		}
	term r = NIL;
	for (size_t i = n; i-- > 0;)
		r = cons(p, env->val[order[i]], r);
	return r;
}

static term eval(struct proc *p, struct ms_env *env, term e);

static term eval_list(struct proc *p, struct ms_env *env, term l)
{
	if (!is_list(l))
		return eval(p, env, l);
	term h = eval(p, env, CAR(l));
	if (h == NONV)
		return NONV;
	term t = eval_list(p, env, CDR(l));
	return t == NONV ? NONV : cons(p, h, t);
}

static term eval_call(struct proc *p, struct ms_env *env, term *el, size_t ar)
{
	term f = el[0];
	if (is_atom_named(f, "andalso") || is_atom_named(f, "orelse")) {
		bool is_and = is_atom_named(f, "andalso");
		for (size_t i = 1; i < ar; i++) {
			term v = eval(p, env, el[i]);
			if (v == NONV || i == ar - 1)
				return v;
			if (v != TRUE_T && v != FALSE_T)
				return NONV;
			if (v == (is_and ? FALSE_T : TRUE_T))
				return v;
		}
		return NONV;
	}
	term args[3];
	for (size_t i = 1; i < ar; i++) {
		args[i - 1] = eval(p, env, el[i]);
		if (args[i - 1] == NONV)
			return NONV;
	}
	struct export *x = export_find(ATOM(erlang), f, (uint32_t)(ar - 1));
	if (!x || !x->bif)
		return NONV;
	term r = x->bif(p, args);
	if (r == NONV)
		p->freason = NONV;
	return r;
}

static term eval(struct proc *p, struct ms_env *env, term e)
{
	if (is_atom(e)) {
		long n = ms_var(e);
		if (n >= 0) {
			for (size_t i = 0; i < env->n; i++)
				if (env->num[i] == (uint32_t)n)
					return env->val[i];
			return NONV;
		}
		if (is_atom_named(e, "$_"))
			return env->obj;
		if (is_atom_named(e, "$$"))
			return all_vars(p, env);
		return e;
	}
	if (is_list(e))
		return eval_list(p, env, e);
	if (is_map(e)) {
		size_t n = map_size(e);
		term *kv = malloc((2 * n + 1) * sizeof(term));
		struct mapit it;
		term k, v;
		size_t i = 0;
		mapit_init(&it, e);
		while (mapit_next(&it, &k, &v)) {
			kv[i] = eval(p, env, k);
			kv[i + 1] = eval(p, env, v);
			if (kv[i] == NONV || kv[i + 1] == NONV) {
				free(kv);
				return NONV;
			}
			i += 2;
		}
		term m = map_from_pairs(p, kv, n);
		free(kv);
		return m;
	}
	if (!is_tuple(e))
		return e;
	size_t ar = tuple_arity(e);
	term *el = tuple_elems(e);
	if (ar == 1 && is_tuple(el[0])) {
		term src = el[0];
		size_t n = tuple_arity(src);
		term r = make_tuple(p, n);
		for (size_t i = 0; i < n; i++)
			tuple_elems(r)[i] = NIL;
		for (size_t i = 0; i < n; i++) {
			term v = eval(p, env, tuple_elems(src)[i]);
			if (v == NONV)
				return NONV;
			tuple_elems(r)[i] = v;
		}
		return r;
	}
	if (ar == 2 && is_atom_named(el[0], "const"))
		return el[1];
	return eval_call(p, env, el, ar);
}

bool ms_run(struct proc *p, term ms, term obj, term *res)
{
	struct ms_env envs, *env = &envs;   /* 3 KB: no recursion here */
	bool matched = false;
	for (term l = ms; is_list(l) && !matched; l = CDR(l)) {
		term *c = tuple_elems(CAR(l));
		env->obj = obj;
		env->n = 0;
		if (!match_head(env, c[0], obj))
			continue;
		bool pass = true;
		for (term g = c[1]; is_list(g) && pass; g = CDR(g))
			pass = eval(p, env, CAR(g)) == TRUE_T;
		if (!pass)
			continue;
		matched = true;
		term r = NONV;
		for (term b = c[2]; is_list(b); b = CDR(b)) {
			r = eval(p, env, CAR(b));
			if (r == NONV)
				break;
		}
		*res = r == NONV ? ATOM(EXIT) : r;
	}
	return matched;
}

static bool ground(term t)
{
	for (;;) {
		if (is_atom(t))
			return ms_var(t) < 0 && !is_wild(t);
		if (is_list(t)) {
			if (!ground(CAR(t)))
				return false;
			t = CDR(t);
			continue;
		}
		if (is_tuple(t)) {
			for (size_t i = 0; i < tuple_arity(t); i++)
				if (!ground(tuple_elems(t)[i]))
					return false;
			return true;
		}
		if (is_map(t)) {
			struct mapit it;
			term k, v;
			mapit_init(&it, t);
			while (mapit_next(&it, &k, &v))
				if (!ground(v))
					return false;
			/* a map pattern matches bigger maps: not a lookup key */
			return false;
		}
		return true;
	}
}

term ms_const_key(term ms, unsigned keypos)
{
	if (!is_list(ms) || CDR(ms) != NIL)
		return NONV;
	term h = tuple_elems(CAR(ms))[0];
	if (!is_tuple(h) || tuple_arity(h) < keypos)
		return NONV;
	term k = tuple_elems(h)[keypos - 1];
	return ground(k) ? k : NONV;
}

enum ms_key ms_clause_key(term clause, unsigned keypos, term *key)
{
	term h = tuple_elems(clause)[0];
	if (is_atom(h) && (ms_var(h) >= 0 || is_wild(h)))
		return MS_KEY_FREE;
	if (!is_tuple(h) || tuple_arity(h) < keypos)
		return MS_KEY_NONE;
	term k = tuple_elems(h)[keypos - 1];
	if (!ground(k))
		return MS_KEY_FREE;
	*key = k;
	return MS_KEY_BOUND;
}

/* Compiled specifications: never freed (a reference may be kept anywhere). */
struct ms_compiled {
	uint64_t serial;
	term ms;
	struct ms_compiled *next;
};
static struct ms_compiled *compiled;

term ms_compiled_new(struct proc *p, term ms)
{
	struct ms_compiled *c = malloc(sizeof *c);
	void *mem;
	term ref = make_ref(p);
	c->serial = boxed_ptr(ref)[1];
	c->ms = term_store(ms, &mem);
	c->next = compiled;
	compiled = c;
	return ref;
}

term ms_compiled_get(term ref)
{
	if (!is_ref(ref) || box_arity(ref) != 1)
		return NONV;
	for (struct ms_compiled *c = compiled; c; c = c->next)
		if (c->serial == boxed_ptr(ref)[1])
			return c->ms;
	return NONV;
}
