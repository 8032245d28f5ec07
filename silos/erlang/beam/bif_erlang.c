/* erlang BIFs: arithmetic, comparison, type tests, tuples and lists.
 * Each returns the result, or NONV with the error in p->freason. */
#include "beam.h"
#include <math.h>
#include <stdlib.h>

#define BIF(name) static term name(struct proc *p __attribute__((unused)), \
				   term *a __attribute__((unused)))
#define BADARITH_R raise_error(p, ATOM(badarith))

static bool num_val(term t, double *d)
{
	if (is_small(t)) {
		*d = (double)small_val(t);
		return true;
	}
	if (is_float(t)) {
		*d = float_val(t);
		return true;
	}
	if (is_big(t)) {
		bool ok;
		*d = int_to_double(t, &ok);
		return ok;
	}
	return false;
}

static term float_result(struct proc *p, double d)
{
	if (!isfinite(d))
		return BADARITH_R;
	return make_float(p, d);
}

static term arith(struct proc *p, term x, term y, int op)
{
	if (is_integer(x) && is_integer(y)) {
		switch (op) {
		case 0: return int_add(p, x, y);
		case 1: return int_sub(p, x, y);
		case 2: return int_mul(p, x, y);
		}
	}
	double a, b;
	if (!num_val(x, &a) || !num_val(y, &b))
		return BADARITH_R;
	switch (op) {
	case 0: return float_result(p, a + b);
	case 1: return float_result(p, a - b);
	case 2: return float_result(p, a * b);
	default:
		if (b == 0)
			return BADARITH_R;
		return float_result(p, a / b);
	}
}

BIF(b_plus) { return arith(p, a[0], a[1], 0); }
BIF(b_minus) { return arith(p, a[0], a[1], 1); }
BIF(b_times) { return arith(p, a[0], a[1], 2); }
BIF(b_fdiv) { return arith(p, a[0], a[1], 3); }
BIF(b_neg)
{
	if (is_integer(a[0]))
		return int_neg(p, a[0]);
	if (is_float(a[0]))
		return make_float(p, -float_val(a[0]));
	return BADARITH_R;
}
BIF(b_uplus)
{
	return is_number(a[0]) ? a[0] : BADARITH_R;
}

#define INT2(name, fn) \
	BIF(name) { \
		if (!is_integer(a[0]) || !is_integer(a[1])) return BADARITH_R; \
		term r = fn(p, a[0], a[1]); \
		return r == NONV ? BADARITH_R : r; \
	}
INT2(b_div, int_div)
INT2(b_rem, int_rem)
INT2(b_band, int_band)
INT2(b_bor, int_bor)
INT2(b_bxor, int_bxor)

static term shift(struct proc *p, term x, term n, int dir)
{
	if (!is_integer(x) || !is_integer(n))
		return BADARITH_R;
	if (!is_small(n)) {
		/* enormous shift: right gives 0/-1, left is a system limit */
		if ((int_sign(n) > 0) == (dir > 0) && int_sign(x) != 0)
			return raise_error(p, ATOM(system_limit));
		return make_small(int_sign(x) < 0 ? -1 : 0);
	}
	int64_t s = small_val(n) * dir;
	term r = int_bsl(p, x, s);
	return r == NONV ? raise_error(p, ATOM(system_limit)) : r;
}
BIF(b_bsl) { return shift(p, a[0], a[1], 1); }
BIF(b_bsr) { return shift(p, a[0], a[1], -1); }
BIF(b_bnot) { return is_integer(a[0]) ? int_bnot(p, a[0]) : BADARITH_R; }

BIF(b_abs)
{
	if (is_integer(a[0]))
		return int_sign(a[0]) < 0 ? int_neg(p, a[0]) : a[0];
	if (is_float(a[0])) {
		/* as OTP: only negatives are negated, so abs(-0.0) is -0.0 */
		double d = float_val(a[0]);
		return make_float(p, d < 0 ? -d : d);
	}
	return BADARG(p);
}
BIF(b_float)
{
	double d;
	if (is_float(a[0]))
		return a[0];
	if (!is_integer(a[0]) || !num_val(a[0], &d))
		return BADARG(p);
	return make_float(p, d);
}
static term rounding(struct proc *p, term t, int mode)
{
	if (is_integer(t))
		return t;
	if (!is_float(t))
		return BADARG(p);
	double d = float_val(t);
	d = mode == 0 ? trunc(d) : mode == 1 ? round(d) : mode == 2 ? floor(d) : ceil(d);
	return int_from_double(p, d);
}
BIF(b_trunc) { return rounding(p, a[0], 0); }
BIF(b_round) { return rounding(p, a[0], 1); }
BIF(b_floor) { return rounding(p, a[0], 2); }
BIF(b_ceil) { return rounding(p, a[0], 3); }

BIF(b_max) { return term_compare(a[0], a[1], false) < 0 ? a[1] : a[0]; }
BIF(b_min) { return term_compare(a[0], a[1], false) > 0 ? a[1] : a[0]; }

BIF(b_eq) { return BOOL_T(term_compare(a[0], a[1], false) == 0); }
BIF(b_ne) { return BOOL_T(term_compare(a[0], a[1], false) != 0); }
BIF(b_eqx) { return BOOL_T(term_compare(a[0], a[1], true) == 0); }
BIF(b_nex) { return BOOL_T(term_compare(a[0], a[1], true) != 0); }
BIF(b_lt) { return BOOL_T(term_compare(a[0], a[1], false) < 0); }
BIF(b_gt) { return BOOL_T(term_compare(a[0], a[1], false) > 0); }
BIF(b_le) { return BOOL_T(term_compare(a[0], a[1], false) <= 0); }
BIF(b_ge) { return BOOL_T(term_compare(a[0], a[1], false) >= 0); }

static bool is_bool(term t)
{
	return t == TRUE_T || t == FALSE_T;
}
BIF(b_not) { return is_bool(a[0]) ? BOOL_T(a[0] == FALSE_T) : BADARG(p); }
BIF(b_and)
{
	if (!is_bool(a[0]) || !is_bool(a[1]))
		return BADARG(p);
	return BOOL_T(a[0] == TRUE_T && a[1] == TRUE_T);
}
BIF(b_or)
{
	if (!is_bool(a[0]) || !is_bool(a[1]))
		return BADARG(p);
	return BOOL_T(a[0] == TRUE_T || a[1] == TRUE_T);
}
BIF(b_xor)
{
	if (!is_bool(a[0]) || !is_bool(a[1]))
		return BADARG(p);
	return BOOL_T(a[0] != a[1]);
}

BIF(b_is_atom) { (void)p; return BOOL_T(is_atom(a[0])); }
BIF(b_is_integer) { (void)p; return BOOL_T(is_integer(a[0])); }
BIF(b_is_float) { (void)p; return BOOL_T(is_float(a[0])); }
BIF(b_is_number) { (void)p; return BOOL_T(is_number(a[0])); }
BIF(b_is_list) { (void)p; return BOOL_T(is_list(a[0]) || a[0] == NIL); }
BIF(b_is_tuple) { (void)p; return BOOL_T(is_tuple(a[0])); }
BIF(b_is_pid) { (void)p; return BOOL_T(is_pid(a[0])); }
BIF(b_is_port) { (void)p; return BOOL_T(is_port(a[0])); }
BIF(b_is_reference) { (void)p; return BOOL_T(is_ref(a[0])); }
BIF(b_is_binary) { (void)p; return BOOL_T(is_binary_term(a[0])); }
BIF(b_is_bitstring) { (void)p; return BOOL_T(is_bitstring_term(a[0])); }
BIF(b_is_map) { (void)p; return BOOL_T(is_map(a[0])); }
BIF(b_is_boolean) { (void)p; return BOOL_T(is_bool(a[0])); }
BIF(b_is_function) { (void)p; return BOOL_T(is_fun(a[0])); }
BIF(b_is_function2)
{
	/* A bignum arity is no fun's arity (false); a negative one is badarg. */
	if (is_integer(a[1]) && !is_small(a[1]) && int_sign(a[1]) > 0)
		return FALSE_T;
	if (!is_small(a[1]) || small_val(a[1]) < 0)
		return BADARG(p);
	if (!is_fun(a[0]))
		return FALSE_T;
	uint32_t ar = box_kind(a[0]) == HK_FUN
		? ((struct fun_obj *)boxed_ptr(a[0]))->fe->arity
		: ((struct export *)boxed_ptr(a[0])[1])->arity;
	return BOOL_T(ar == small_val(a[1]));
}
BIF(b_is_record2)
{
	if (!is_atom(a[1]))
		return BADARG(p);
	return BOOL_T(is_tuple(a[0]) && tuple_arity(a[0]) > 0 &&
		      tuple_elems(a[0])[0] == a[1] && is_atom(a[1]));
}
BIF(b_is_record3)
{
	if (!is_atom(a[1]) || !is_small(a[2]))
		return BADARG(p);
	return BOOL_T(is_tuple(a[0]) && is_small(a[2]) &&
		      tuple_arity(a[0]) == (size_t)small_val(a[2]) &&
		      tuple_arity(a[0]) > 0 && tuple_elems(a[0])[0] == a[1]);
}

BIF(b_element)
{
	if (!is_small(a[0]) || !is_tuple(a[1]))
		return BADARG(p);
	int64_t i = small_val(a[0]);
	if (i < 1 || (size_t)i > tuple_arity(a[1]))
		return BADARG(p);
	return tuple_elems(a[1])[i - 1];
}
BIF(b_setelement)
{
	if (!is_small(a[0]) || !is_tuple(a[1]))
		return BADARG(p);
	int64_t i = small_val(a[0]);
	size_t n = tuple_arity(a[1]);
	if (i < 1 || (size_t)i > n)
		return BADARG(p);
	term t = make_tuple(p, n);
	memcpy(tuple_elems(t), tuple_elems(a[1]), n * sizeof(term));
	tuple_elems(t)[i - 1] = a[2];
	return t;
}
BIF(b_tuple_size)
{
	return is_tuple(a[0]) ? make_small(tuple_arity(a[0])) : BADARG(p);
}
BIF(b_size)
{
	if (is_tuple(a[0]))
		return make_small(tuple_arity(a[0]));
	if (is_bitstring_term(a[0]))
		return make_small(bin_of(a[0])->bitsize / 8);
	return BADARG(p);
}
BIF(b_make_tuple2)
{
	if (!is_small(a[0]) || small_val(a[0]) < 0 || small_val(a[0]) > (1 << 24))
		return BADARG(p);
	size_t n = (size_t)small_val(a[0]);
	term t = make_tuple(p, n);
	for (size_t i = 0; i < n; i++)
		tuple_elems(t)[i] = a[1];
	return t;
}
BIF(b_make_tuple3)
{
	term t = b_make_tuple2(p, a);
	if (t == NONV)
		return t;
	size_t n = tuple_arity(t);
	term l = a[2];
	for (; is_list(l); l = CDR(l)) {
		term e = CAR(l);
		if (!is_tuple(e) || tuple_arity(e) != 2 || !is_small(tuple_elems(e)[0]))
			return BADARG(p);
		int64_t i = small_val(tuple_elems(e)[0]);
		if (i < 1 || (size_t)i > n)
			return BADARG(p);
		tuple_elems(t)[i - 1] = tuple_elems(e)[1];
	}
	return l == NIL ? t : BADARG(p);
}
BIF(b_tuple_to_list)
{
	if (!is_tuple(a[0]))
		return BADARG(p);
	term l = NIL;
	size_t n = tuple_arity(a[0]);
	for (size_t i = n; i-- > 0;)
		l = cons(p, tuple_elems(a[0])[i], l);
	return l;
}
BIF(b_list_to_tuple)
{
	long n = list_length(a[0]);
	if (n < 0)
		return BADARG(p);
	term t = make_tuple(p, (size_t)n);
	size_t i = 0;
	for (term l = a[0]; is_list(l); l = CDR(l))
		tuple_elems(t)[i++] = CAR(l);
	return t;
}
BIF(b_append_element)
{
	if (!is_tuple(a[0]))
		return BADARG(p);
	size_t n = tuple_arity(a[0]);
	term t = make_tuple(p, n + 1);
	memcpy(tuple_elems(t), tuple_elems(a[0]), n * sizeof(term));
	tuple_elems(t)[n] = a[1];
	return t;
}
BIF(b_insert_element)
{
	if (!is_small(a[0]) || !is_tuple(a[1]))
		return BADARG(p);
	size_t n = tuple_arity(a[1]);
	int64_t i = small_val(a[0]);
	if (i < 1 || (size_t)i > n + 1)
		return BADARG(p);
	term t = make_tuple(p, n + 1);
	term *d = tuple_elems(t), *s = tuple_elems(a[1]);
	memcpy(d, s, (size_t)(i - 1) * sizeof(term));
	d[i - 1] = a[2];
	memcpy(d + i, s + i - 1, (n - (size_t)i + 1) * sizeof(term));
	return t;
}
BIF(b_delete_element)
{
	if (!is_small(a[0]) || !is_tuple(a[1]))
		return BADARG(p);
	size_t n = tuple_arity(a[1]);
	int64_t i = small_val(a[0]);
	if (i < 1 || (size_t)i > n)
		return BADARG(p);
	term t = make_tuple(p, n - 1);
	term *d = tuple_elems(t), *s = tuple_elems(a[1]);
	memcpy(d, s, (size_t)(i - 1) * sizeof(term));
	memcpy(d + i - 1, s + i, (n - (size_t)i) * sizeof(term));
	return t;
}

BIF(b_hd) { return is_list(a[0]) ? CAR(a[0]) : BADARG(p); }
BIF(b_tl) { return is_list(a[0]) ? CDR(a[0]) : BADARG(p); }
BIF(b_length)
{
	long n = list_length(a[0]);
	return n < 0 ? BADARG(p) : make_small(n);
}

BIF(b_append)
{
	long n = list_length(a[0]);
	if (n < 0)
		return BADARG(p);
	if (n == 0)
		return a[1];
	term *hp = heap_alloc(p, 2 * (size_t)n);
	term l = a[0];
	for (long i = 0; i < n; i++) {
		hp[2 * i] = CAR(l);
		hp[2 * i + 1] = i + 1 < n ? make_list(hp + 2 * i + 2) : a[1];
		l = CDR(l);
	}
	return make_list(hp);
}

BIF(b_subtract)
{
	long n = list_length(a[0]), m = list_length(a[1]);
	if (n < 0 || m < 0)
		return BADARG(p);
	term *v = malloc(((size_t)n + 1) * sizeof(term));
	bool *gone = calloc((size_t)n + 1, 1);
	long k = 0;
	for (term l = a[0]; is_list(l); l = CDR(l))
		v[k++] = CAR(l);
	for (term l = a[1]; is_list(l); l = CDR(l)) {
		for (long i = 0; i < n; i++)
			if (!gone[i] && term_compare(v[i], CAR(l), true) == 0) {
				gone[i] = true;
				break;
			}
	}
	term r = NIL;
	for (long i = n; i-- > 0;)
		if (!gone[i])
			r = cons(p, v[i], r);
	free(v);
	free(gone);
	return r;
}

BIF(b_lists_reverse2)
{
	term r = a[1];
	term l = a[0];
	while (is_list(l)) {
		r = cons(p, CAR(l), r);
		l = CDR(l);
	}
	return l == NIL ? r : BADARG(p);
}
BIF(b_lists_member)
{
	term l = a[1];
	for (; is_list(l); l = CDR(l))
		if (CAR(l) == a[0] || term_compare(CAR(l), a[0], true) == 0)
			return TRUE_T;
	/* Not found: only a proper list is an answer (OTP: badarg). */
	return l == NIL ? FALSE_T : BADARG(p);
}
static term keyfind(struct proc *p, term *a, term *found)
{
	if (!is_small(a[1]) || small_val(a[1]) < 1)
		return BADARG(p);
	size_t n = (size_t)small_val(a[1]);
	term l = a[2];
	*found = NONV;
	for (; is_list(l); l = CDR(l)) {
		term e = CAR(l);
		if (is_tuple(e) && tuple_arity(e) >= n) {
			term k = tuple_elems(e)[n - 1];
			if (k == a[0] || term_compare(k, a[0], false) == 0) {
				*found = e;
				return TRUE_T;
			}
		}
	}
	return l == NIL ? FALSE_T : BADARG(p);
}
BIF(b_lists_keyfind)
{
	term f, r = keyfind(p, a, &f);
	return r == TRUE_T ? f : r;
}
BIF(b_lists_keymember)
{
	term f;
	return keyfind(p, a, &f);
}
BIF(b_lists_keysearch)
{
	term f, r = keyfind(p, a, &f);
	return r == TRUE_T ? tuple2(p, ATOM(value), f) : r;
}

const struct bif_def bifs_erlang[] = {
	{"erlang", "+", 2, b_plus}, {"erlang", "-", 2, b_minus},
	{"erlang", "*", 2, b_times}, {"erlang", "/", 2, b_fdiv},
	{"erlang", "-", 1, b_neg}, {"erlang", "+", 1, b_uplus},
	{"erlang", "div", 2, b_div}, {"erlang", "rem", 2, b_rem},
	{"erlang", "band", 2, b_band}, {"erlang", "bor", 2, b_bor},
	{"erlang", "bxor", 2, b_bxor}, {"erlang", "bsl", 2, b_bsl},
	{"erlang", "bsr", 2, b_bsr}, {"erlang", "bnot", 1, b_bnot},
	{"erlang", "abs", 1, b_abs}, {"erlang", "float", 1, b_float},
	{"erlang", "trunc", 1, b_trunc}, {"erlang", "round", 1, b_round},
	{"erlang", "floor", 1, b_floor}, {"erlang", "ceil", 1, b_ceil},
	{"erlang", "max", 2, b_max}, {"erlang", "min", 2, b_min},
	{"erlang", "==", 2, b_eq}, {"erlang", "/=", 2, b_ne},
	{"erlang", "=:=", 2, b_eqx}, {"erlang", "=/=", 2, b_nex},
	{"erlang", "<", 2, b_lt}, {"erlang", ">", 2, b_gt},
	{"erlang", "=<", 2, b_le}, {"erlang", ">=", 2, b_ge},
	{"erlang", "not", 1, b_not}, {"erlang", "and", 2, b_and},
	{"erlang", "or", 2, b_or}, {"erlang", "xor", 2, b_xor},
	{"erlang", "is_atom", 1, b_is_atom}, {"erlang", "is_integer", 1, b_is_integer},
	{"erlang", "is_float", 1, b_is_float}, {"erlang", "is_number", 1, b_is_number},
	{"erlang", "is_list", 1, b_is_list}, {"erlang", "is_tuple", 1, b_is_tuple},
	{"erlang", "is_pid", 1, b_is_pid}, {"erlang", "is_port", 1, b_is_port},
	{"erlang", "is_reference", 1, b_is_reference},
	{"erlang", "is_binary", 1, b_is_binary},
	{"erlang", "is_bitstring", 1, b_is_bitstring},
	{"erlang", "is_map", 1, b_is_map}, {"erlang", "is_boolean", 1, b_is_boolean},
	{"erlang", "is_function", 1, b_is_function},
	{"erlang", "is_function", 2, b_is_function2},
	{"erlang", "is_record", 2, b_is_record2},
	{"erlang", "is_record", 3, b_is_record3},
	{"erlang", "element", 2, b_element}, {"erlang", "setelement", 3, b_setelement},
	{"erlang", "tuple_size", 1, b_tuple_size}, {"erlang", "size", 1, b_size},
	{"erlang", "make_tuple", 2, b_make_tuple2},
	{"erlang", "make_tuple", 3, b_make_tuple3},
	{"erlang", "tuple_to_list", 1, b_tuple_to_list},
	{"erlang", "list_to_tuple", 1, b_list_to_tuple},
	{"erlang", "append_element", 2, b_append_element},
	{"erlang", "insert_element", 3, b_insert_element},
	{"erlang", "delete_element", 2, b_delete_element},
	{"erlang", "hd", 1, b_hd}, {"erlang", "tl", 1, b_tl},
	{"erlang", "length", 1, b_length}, {"erlang", "++", 2, b_append},
	{"erlang", "--", 2, b_subtract}, {"erlang", "append", 2, b_append},
	{"erlang", "subtract", 2, b_subtract},
	{"lists", "reverse", 2, b_lists_reverse2},
	{"lists", "member", 2, b_lists_member},
	{"lists", "keyfind", 3, b_lists_keyfind},
	{"lists", "keymember", 3, b_lists_keymember},
	{"lists", "keysearch", 3, b_lists_keysearch},
	{NULL, NULL, 0, NULL}
};
