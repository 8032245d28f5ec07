/* System BIFs: time, system information, hashing, module and fun
 * introspection, math, persistent_term, and the output primitive behind
 * the preloaded io module. */
#include "beam.h"
#include "host.h"
#include <math.h>
#include <stdlib.h>

#define BIF(name) static term name(struct proc *p __attribute__((unused)), \
				   term *a __attribute__((unused)))

static int64_t unit_div(term u, bool *ok)
{
	*ok = true;
	if (u == ATOM(second) || u == ATOM(seconds)) return 1;
	if (u == ATOM(millisecond) || u == ATOM(milli_seconds)) return 1000;
	if (u == ATOM(microsecond) || u == ATOM(micro_seconds)) return 1000000;
	if (u == ATOM(nanosecond) || u == ATOM(nano_seconds) || u == ATOM(native) ||
	    u == ATOM(perf_counter))
		return 1000000000;
	if (is_small(u) && small_val(u) > 0)
		return small_val(u);
	*ok = false;
	return 1;
}

static term time_in(struct proc *p, int64_t us, term unit)
{
	bool ok;
	int64_t per = unit_div(unit, &ok);
	if (!ok)
		return BADARG(p);
	__int128 v = (__int128)us * per / 1000000;
	return int_from_i64(p, (int64_t)v);
}
BIF(b_monotonic0) { (void)a; return time_in(p, host_monotonic_us(), ATOM(native)); }
BIF(b_monotonic1) { return time_in(p, host_monotonic_us(), a[0]); }

/* Calendar date and time of day (UTC: there is no time zone here, so
 * local time is universal time). */
static void civil_now(int64_t *y, int64_t *mo, int64_t *d, int64_t *h,
		      int64_t *mi, int64_t *s)
{
	int64_t secs = (int64_t)(host_system_us() / 1000000);
	int64_t days = secs / 86400, rem = secs % 86400;
	*h = rem / 3600;
	*mi = rem / 60 % 60;
	*s = rem % 60;
	/* days since 1970-01-01 to a proleptic Gregorian date */
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*mo = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*mo <= 2);
}
static term date_term(struct proc *p)
{
	int64_t y, mo, d, h, mi, s;
	civil_now(&y, &mo, &d, &h, &mi, &s);
	return tuple3(p, make_small(y), make_small(mo), make_small(d));
}
static term time_term(struct proc *p)
{
	int64_t y, mo, d, h, mi, s;
	civil_now(&y, &mo, &d, &h, &mi, &s);
	return tuple3(p, make_small(h), make_small(mi), make_small(s));
}
BIF(b_date) { (void)a; return date_term(p); }
BIF(b_time) { (void)a; return time_term(p); }
BIF(b_universaltime)
{
	(void)a;
	term d = date_term(p);
	return tuple2(p, d, time_term(p));
}
/* A valid {{Y,M,D},{H,Mi,S}} as OTP's time conversions accept it. */
static bool datetime_valid(term t)
{
	if (!is_tuple(t) || tuple_arity(t) != 2)
		return false;
	term d = tuple_elems(t)[0], tm = tuple_elems(t)[1];
	if (!is_tuple(d) || tuple_arity(d) != 3 || !is_tuple(tm) ||
	    tuple_arity(tm) != 3)
		return false;
	static const int64_t lo[6] = { 0, 1, 1, 0, 0, 0 };
	static const int64_t hi[6] = { INT32_MAX, 12, 31, 23, 59, 59 };
	int64_t v[6];
	for (int i = 0; i < 6; i++) {
		term e = tuple_elems(i < 3 ? d : tm)[i % 3];
		if (!is_small(e) || small_val(e) < lo[i] || small_val(e) > hi[i])
			return false;
		v[i] = small_val(e);
	}
	static const int mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (v[0] % 4 == 0 && v[0] % 100 != 0) || v[0] % 400 == 0;
	return v[2] <= mdays[v[1] - 1] && (v[1] != 2 || leap || v[2] <= 28);
}
/* Time zone conversions: local time is universal time here (see above). */
BIF(b_utc_to_local)
{
	return datetime_valid(a[0]) ? a[0] : BADARG(p);
}
BIF(b_local_to_utc2)
{
	if (!datetime_valid(a[0]) || (a[1] != ATOM(true) && a[1] != ATOM(false) &&
				      a[1] != ATOM(undefined)))
		return BADARG(p);
	return a[0];
}
BIF(b_system_time0) { (void)a; return time_in(p, host_system_us(), ATOM(native)); }
BIF(b_system_time1) { return time_in(p, host_system_us(), a[0]); }
BIF(b_timestamp)
{
	(void)a;
	int64_t us = host_system_us();
	return tuple3(p, make_small(us / 1000000000000), make_small(us / 1000000 % 1000000),
		      make_small(us % 1000000));
}
BIF(b_convert_time_unit)
{
	bool ok1, ok2;
	int64_t from = unit_div(a[1], &ok1), to = unit_div(a[2], &ok2);
	int64_t v;
	if (!ok1 || !ok2 || !int_to_i64(a[0], &v))
		return BADARG(p);
	__int128 r = (__int128)v * to;
	/* floor division, as OTP does */
	__int128 q = r / from;
	if ((r % from) && ((r < 0) != (from < 0)))
		q--;
	return int_from_i64(p, (int64_t)q);
}
BIF(b_statistics)
{
	static int64_t last_rt, last_wc;
	int64_t ms = host_monotonic_us() / 1000;
	if (a[0] == ATOM(runtime) || a[0] == atom_intern("wall_clock", 10)) {
		int64_t *last = a[0] == ATOM(runtime) ? &last_rt : &last_wc;
		term r = tuple2(p, make_small(ms), make_small(ms - *last));
		*last = ms;
		return r;
	}
	if (a[0] == ATOM(reductions))
		return tuple2(p, make_small(0), make_small(0));
	if (a[0] == atom_intern("run_queue", 9))
		return make_small(0);
	return BADARG(p);
}

BIF(b_system_info)
{
	term w = a[0];
	if (w == ATOM(otp_release))
		return make_string(p, "25", 2);
	if (w == ATOM(wordsize))
		return make_small(8);
	if (w == ATOM(endian))   /* x86-64 and aarch64 as we run them */
		return ATOM(little);
	if (w == ATOM(process_count))
		return make_small(proc_count());
	if (w == ATOM(schedulers) || w == ATOM(schedulers_online))
		return make_small(1);
	if (w == ATOM(machine))
		return make_string(p, "BEAM", 4);
	if (w == ATOM(version))
		return make_string(p, "13.1.5", 6);
	if (w == atom_intern("os_type", 7))
		return tuple2(p, ATOM(unix), ATOM(linux));
	if (w == atom_intern("thread_pool_size", 16))
		return make_small(0);
	if (w == atom_intern("atom_count", 10))
		return make_small(atom_count());
	return BADARG(p);
}

static uint64_t next_unique = 1;
BIF(b_unique_integer0) { (void)a; return int_from_u64(p, next_unique++); }
BIF(b_unique_integer1)
{
	term l = a[0];
	for (; is_list(l); l = CDR(l))
		if (CAR(l) != ATOM(positive) && CAR(l) != ATOM(monotonic))
			return BADARG(p);
	if (l != NIL)
		return BADARG(p);
	return int_from_u64(p, next_unique++);
}

/* The range of phash/2 and phash2/2: 1..2^32, or 0 for badarg. */
static uint64_t hash_range(term r)
{
	if (!is_small(r) || small_val(r) < 1 || small_val(r) > ((int64_t)1 << 32))
		return 0;
	return (uint64_t)small_val(r);
}
BIF(b_phash2_1) { return make_small(hash_phash2(a[0]) & ((1u << 27) - 1)); }
BIF(b_phash2_2)
{
	uint64_t r = hash_range(a[1]);
	return r ? make_small(hash_phash2(a[0]) % r) : BADARG(p);
}
BIF(b_phash)
{
	uint64_t r = hash_range(a[1]);
	return r ? make_small(1 + hash_phash(a[0]) % r) : BADARG(p);
}

static term module_info_item(struct proc *p, struct module *m, term item)
{
	if (item == ATOM(module))
		return m->name;
	if (item == ATOM(exports) || item == ATOM(functions))
		return m->exports_list;
	if (item == ATOM(attributes) || item == ATOM(compile))
		return NIL;
	if (item == ATOM(md5))
		return bin_new(p, "", 0);
	return NONV;
}
BIF(b_get_module_info1)
{
	struct module *m = is_atom(a[0]) ? module_find(a[0]) : NULL;
	if (!m)
		return BADARG(p);
	static const int items[] = { A_module, A_exports, A_attributes, A_compile, A_md5 };
	term r = NIL;
	for (int i = 4; i >= 0; i--)
		r = cons(p, tuple2(p, make_atom(items[i]),
				   module_info_item(p, m, make_atom(items[i]))), r);
	return r;
}
BIF(b_get_module_info2)
{
	struct module *m = is_atom(a[0]) ? module_find(a[0]) : NULL;
	if (!m)
		return BADARG(p);
	term r = module_info_item(p, m, a[1]);
	return r == NONV ? BADARG(p) : r;
}
BIF(b_function_exported)
{
	if (!is_atom(a[0]) || !is_atom(a[1]) || !is_small(a[2]))
		return BADARG(p);
	struct export *e = export_find(a[0], a[1], (uint32_t)small_val(a[2]));
	return BOOL_T(e && (e->code || e->bif));
}
BIF(b_is_builtin)
{
	if (!is_atom(a[0]) || !is_atom(a[1]) || !is_small(a[2]))
		return BADARG(p);
	struct export *e = export_find(a[0], a[1], (uint32_t)small_val(a[2]));
	return BOOL_T(e && e->bif);
}
/* erts_debug:flat_size/1: the term's size in heap words, as OTP counts
 * them (our layouts are close to OTP's, not equal for every kind). */
BIF(b_flat_size) { return make_small((int64_t)term_size(a[0])); }
/* erts_debug:same/2: the very same term (same word), not just equal. */
BIF(b_same) { (void)p; return BOOL_T(a[0] == a[1]); }
/* erts_internal:cmp_term/2: term order with exact equality, -1, 0 or 1. */
BIF(b_cmp_term)
{
	(void)p;
	int c = term_compare(a[0], a[1], true);
	return make_small(c < 0 ? -1 : c > 0);
}
/* erlang:loaded/0: every module loaded. */
BIF(b_loaded)
{
	(void)a;
	term l = NIL;
	for (struct module *m = module_list_head(); m; m = m->next)
		l = cons(p, m->name, l);
	return l;
}
BIF(b_bump_reductions)
{
	/* OTP's small integers end at 2^59 - 1; ours go further */
	return is_small(a[0]) && small_val(a[0]) >= 0 &&
	       small_val(a[0]) < ((int64_t)1 << 59) ? TRUE_T : BADARG(p);
}
BIF(b_module_loaded) { return is_atom(a[0]) ? BOOL_T(module_find(a[0])) : BADARG(p); }
/* code:ensure_loaded/1 is Erlang code in OTP: a non-atom misses its
 * clauses. */
BIF(b_ensure_loaded)
{
	if (!is_atom(a[0]))
		return raise_error(p, ATOM(function_clause));
	if (module_ensure(a[0]))
		return tuple2(p, ATOM(module), a[0]);
	return tuple2(p, ATOM(error), ATOM(nofile));
}
BIF(b_make_fun)
{
	if (!is_atom(a[0]) || !is_atom(a[1]) || !is_small(a[2]) || small_val(a[2]) < 0)
		return BADARG(p);
	term *hp = heap_alloc(p, 2);
	hp[0] = make_header(1, HK_EXPORT);
	hp[1] = (term)(uintptr_t)export_get(a[0], a[1], (uint32_t)small_val(a[2]));
	return make_boxed(hp);
}
static term fun_info_item(struct proc *p, term f, term item)
{
	bool local = box_kind(f) == HK_FUN;
	struct fun_obj *fo = local ? (struct fun_obj *)boxed_ptr(f) : NULL;
	struct export *e = local ? NULL : (struct export *)boxed_ptr(f)[1];
	term v;
	if (item == ATOM(module))
		v = local ? fo->fe->mod->name : e->mod;
	else if (item == ATOM(name))
		v = local ? fo->fe->name : e->fun;
	else if (item == ATOM(arity))
		v = make_small(local ? fo->fe->arity : e->arity);
	else if (item == ATOM(type))
		v = local ? ATOM(local) : ATOM(external);
	else if (item == ATOM(env)) {
		v = NIL;
		if (local)
			for (size_t i = fo->fe->nfree; i-- > 0;)
				v = cons(p, fo->env[i], v);
	} else if (item == ATOM(index) || item == ATOM(new_index))
		v = local ? make_small(fo->fe->index) : ATOM(undefined);
	else if (item == ATOM(uniq))
		v = local ? make_small(fo->fe->old_uniq) : ATOM(undefined);
	else if (item == ATOM(pid))
		v = local ? p->pid : ATOM(undefined);
	else
		return NONV;
	return tuple2(p, item, v);
}
BIF(b_fun_info2)
{
	if (!is_fun(a[0]))
		return BADARG(p);
	term r = fun_info_item(p, a[0], a[1]);
	return r == NONV ? BADARG(p) : r;
}
BIF(b_fun_info1)
{
	if (!is_fun(a[0]))
		return BADARG(p);
	static const int items[] = { A_module, A_name, A_arity, A_env, A_type };
	term r = NIL;
	for (int i = 4; i >= 0; i--)
		r = cons(p, fun_info_item(p, a[0], make_atom(items[i])), r);
	return r;
}
static term printed(struct proc *p, term t)
{
	struct strbuf b = { 0 };
	print_term(&b, t);
	term r = make_string(p, b.s, b.len);
	free(b.s);
	return r;
}
BIF(b_fun_to_list) { return is_fun(a[0]) ? printed(p, a[0]) : BADARG(p); }
BIF(b_pid_to_list) { return is_pid(a[0]) ? printed(p, a[0]) : BADARG(p); }
BIF(b_ref_to_list) { return is_ref(a[0]) ? printed(p, a[0]) : BADARG(p); }
BIF(b_port_to_list) { return is_port(a[0]) ? printed(p, a[0]) : BADARG(p); }
BIF(b_list_to_pid)
{
	long n = list_length(a[0]);
	if (n < 7 || n > 60)
		return BADARG(p);
	char buf[64];
	int i = 0;
	for (term l = a[0]; is_list(l); l = CDR(l))
		buf[i++] = is_small(CAR(l)) ? (char)small_val(CAR(l)) : '?';
	buf[i] = 0;
	unsigned long long x, y, z;
	if (sscanf(buf, "<%llu.%llu.%llu>", &x, &y, &z) != 3)
		return BADARG(p);
	return make_pid(y);
}
BIF(b_display)
{
	struct strbuf b = { 0 };
	print_term(&b, a[0]);
	sb_putc(&b, '\n');
	host_write_out(b.s, b.len);
	free(b.s);
	(void)p;
	return TRUE_T;
}
/* shale_io:put_chars/put_err(IoData): raw bytes to standard output or
 * standard error, for the preloaded I/O servers. */
static term io_write(struct proc *p, term data, void (*write)(const void *, size_t))
{
	size_t n;
	uint8_t *d = iolist_flatten(data, &n);
	if (!d)
		return BADARG(p);
	write(d, n);
	free(d);
	return ATOM(ok);
}
BIF(b_put_chars) { return io_write(p, a[0], host_write_out); }
BIF(b_put_err) { return io_write(p, a[0], host_write_err); }
BIF(b_printable_range) { (void)p; (void)a; return ATOM(latin1); }
/* net_kernel:dflag_unicode_io/1, which stdlib's io asks before each
 * request: every I/O server here is local and takes unicode requests. */
BIF(b_dflag_unicode_io) { return is_pid(a[0]) ? ATOM(true) : BADARG(p); }

/* math */
static bool fnum(term t, double *d)
{
	if (is_float(t)) { *d = float_val(t); return true; }
	if (is_integer(t)) { bool ok; *d = int_to_double(t, &ok); return ok; }
	return false;
}
static term fres(struct proc *p, double r)
{
	return isfinite(r) ? make_float(p, r) : raise_error(p, ATOM(badarith));
}
#define MATH1(name, fn) BIF(name) { double x; \
	if (!fnum(a[0], &x)) \
		return BADARG(p); \
	return fres(p, fn(x)); }
#define MATH2(name, fn) BIF(name) { double x, y; \
	if (!fnum(a[0], &x) || !fnum(a[1], &y)) \
		return BADARG(p); \
	return fres(p, fn(x, y)); }
MATH1(m_sqrt, sqrt) MATH1(m_sin, sin) MATH1(m_cos, cos) MATH1(m_tan, tan)
MATH1(m_asin, asin) MATH1(m_acos, acos) MATH1(m_atan, atan) MATH1(m_exp, exp)
MATH1(m_log, log) MATH1(m_log2, log2) MATH1(m_log10, log10) MATH1(m_sinh, sinh)
MATH1(m_cosh, cosh) MATH1(m_tanh, tanh) MATH1(m_floor, floor) MATH1(m_ceil, ceil)
MATH2(m_pow, pow) MATH2(m_atan2, atan2) MATH2(m_fmod, fmod)
BIF(m_pi) { (void)a; return make_float(p, M_PI); }

/* persistent_term: terms copied once into memory no collector owns; an
 * overwritten or erased value is never freed (readers may still hold it). */
struct pterm {
	term key, val;
	struct pterm *next;
};
static struct pterm *pterms;

static term pt_copy(term t)
{
	void *mem;
	return term_store(t, &mem);
}
static struct pterm *pt_find(term k)
{
	for (struct pterm *e = pterms; e; e = e->next)
		if (term_compare(e->key, k, true) == 0)
			return e;
	return NULL;
}
BIF(b_pt_get1)
{
	struct pterm *e = pt_find(a[0]);
	return e ? e->val : BADARG(p);
}
BIF(b_pt_get2)
{
	struct pterm *e = pt_find(a[0]);
	return e ? e->val : a[1];
}
BIF(b_pt_put)
{
	struct pterm *e = pt_find(a[0]);
	if (!e) {
		e = malloc(sizeof *e);
		e->key = pt_copy(a[0]);
		e->next = pterms;
		pterms = e;
	}
	e->val = pt_copy(a[1]);
	return ATOM(ok);
}
BIF(b_pt_erase)
{
	for (struct pterm **pp = &pterms; *pp; pp = &(*pp)->next)
		if (term_compare((*pp)->key, a[0], true) == 0) {
			*pp = (*pp)->next;
			return TRUE_T;
		}
	return FALSE_T;
}
BIF(b_ensure_modules_loaded)
{
	term l = a[0];
	for (; is_list(l); l = CDR(l))
		if (!is_atom(CAR(l)))
			return raise_error(p, ATOM(function_clause));
	if (l != NIL)
		return raise_error(p, ATOM(function_clause));
	for (term l = a[0]; is_list(l); l = CDR(l))
		if (is_atom(CAR(l)))
			module_ensure(CAR(l));
	return ATOM(ok);
}

/* string:list_to_integer/float: parse a prefix, return {Value, Rest}. */
static term str_prefix_num(struct proc *p, term l, bool flt)
{
	char buf[400];
	size_t k = 0;
	term t = l;
	if (!is_list(l) && l != NIL)
		return tuple2(p, ATOM(error), atom_intern("not_a_list", 10));
	for (; is_list(t) && k < sizeof buf - 1; t = CDR(t)) {
		term c = CAR(t);
		if (!is_small(c) || small_val(c) < 0 || small_val(c) > 127)
			break;
		buf[k++] = (char)small_val(c);
	}
	buf[k] = 0;
	size_t i = 0;
	if (buf[i] == '+' || buf[i] == '-')
		i++;
	size_t d0 = i;
	while (buf[i] >= '0' && buf[i] <= '9')
		i++;
	if (i == d0)
		return tuple2(p, ATOM(error), atom_intern(flt ? "no_float" : "no_integer",
							  flt ? 8 : 10));
	if (flt) {
		if (buf[i] != '.' || !(buf[i + 1] >= '0' && buf[i + 1] <= '9'))
			return tuple2(p, ATOM(error), atom_intern("no_float", 8));
		i++;
		while (buf[i] >= '0' && buf[i] <= '9')
			i++;
		if ((buf[i] == 'e' || buf[i] == 'E')) {
			size_t j = i + 1;
			if (buf[j] == '+' || buf[j] == '-')
				j++;
			if (buf[j] >= '0' && buf[j] <= '9') {
				while (buf[j] >= '0' && buf[j] <= '9')
					j++;
				i = j;
			}
		}
	}
	term v;
	if (flt) {
		char c = buf[i];
		buf[i] = 0;
		v = make_float(p, strtod(buf, NULL));
		buf[i] = c;
	} else {
		v = int_from_string(p, buf, i, 10);
	}
	term rest = l;
	for (size_t j = 0; j < i; j++)
		rest = CDR(rest);
	return tuple2(p, v, rest);
}
BIF(b_str_list_to_integer) { return str_prefix_num(p, a[0], false); }
BIF(b_str_list_to_float) { return str_prefix_num(p, a[0], true); }
MATH1(m_acosh, acosh) MATH1(m_asinh, asinh) MATH1(m_atanh, atanh)
MATH1(m_erf, erf) MATH1(m_erfc, erfc)

/* init: the runtime has no boot arguments of its own. */
BIF(b_init_get_arguments) { (void)a; return NIL; }
BIF(b_init_get_argument) { (void)a; return ATOM(error); }

const struct bif_def bifs_misc[] = {
	{"string", "list_to_integer", 1, b_str_list_to_integer},
	{"string", "list_to_float", 1, b_str_list_to_float},
	{"math", "acosh", 1, m_acosh}, {"math", "asinh", 1, m_asinh},
	{"math", "atanh", 1, m_atanh}, {"math", "erf", 1, m_erf},
	{"math", "erfc", 1, m_erfc},
	{"init", "get_arguments", 0, b_init_get_arguments},
	{"init", "get_plain_arguments", 0, b_init_get_arguments},
	{"init", "get_argument", 1, b_init_get_argument},
	{"persistent_term", "get", 1, b_pt_get1},
	{"persistent_term", "get", 2, b_pt_get2},
	{"persistent_term", "put", 2, b_pt_put},
	{"persistent_term", "erase", 1, b_pt_erase},
	{"code", "ensure_modules_loaded", 1, b_ensure_modules_loaded},
	{"erlang", "monotonic_time", 0, b_monotonic0},
	{"erlang", "monotonic_time", 1, b_monotonic1},
	{"erlang", "date", 0, b_date},
	{"erlang", "time", 0, b_time},
	{"erlang", "universaltime", 0, b_universaltime},
	{"erlang", "localtime", 0, b_universaltime},
	{"erlang", "universaltime_to_localtime", 1, b_utc_to_local},
	{"erlang", "localtime_to_universaltime", 1, b_utc_to_local},
	{"erlang", "localtime_to_universaltime", 2, b_local_to_utc2},
	{"erlang", "system_time", 0, b_system_time0},
	{"erlang", "system_time", 1, b_system_time1},
	{"os", "system_time", 0, b_system_time0},
	{"os", "system_time", 1, b_system_time1},
	{"erlang", "timestamp", 0, b_timestamp}, {"os", "timestamp", 0, b_timestamp},
	{"erlang", "now", 0, b_timestamp},
	{"erlang", "convert_time_unit", 3, b_convert_time_unit},
	{"erlang", "statistics", 1, b_statistics},
	{"erlang", "system_info", 1, b_system_info},
	{"erlang", "unique_integer", 0, b_unique_integer0},
	{"erlang", "unique_integer", 1, b_unique_integer1},
	{"erlang", "phash2", 1, b_phash2_1}, {"erlang", "phash2", 2, b_phash2_2},
	{"erlang", "phash", 2, b_phash},
	{"erlang", "get_module_info", 1, b_get_module_info1},
	{"erlang", "get_module_info", 2, b_get_module_info2},
	{"erlang", "function_exported", 3, b_function_exported},
	{"erlang", "is_builtin", 3, b_is_builtin},
	{"erlang", "module_loaded", 1, b_module_loaded},
	{"erlang", "loaded", 0, b_loaded},
	{"erlang", "bump_reductions", 1, b_bump_reductions},
	{"erts_debug", "flat_size", 1, b_flat_size},
	{"erts_debug", "same", 2, b_same},
	{"erts_internal", "cmp_term", 2, b_cmp_term},
	{"code", "ensure_loaded", 1, b_ensure_loaded},
	{"erlang", "make_fun", 3, b_make_fun},
	{"erlang", "fun_info", 1, b_fun_info1}, {"erlang", "fun_info", 2, b_fun_info2},
	{"erlang", "fun_to_list", 1, b_fun_to_list},
	{"erlang", "pid_to_list", 1, b_pid_to_list},
	{"erlang", "ref_to_list", 1, b_ref_to_list},
	{"erlang", "port_to_list", 1, b_port_to_list},
	{"erlang", "list_to_pid", 1, b_list_to_pid},
	{"erlang", "display", 1, b_display},
	{"shale_io", "put_chars", 1, b_put_chars},
	{"shale_io", "put_err", 1, b_put_err},
	{"net_kernel", "dflag_unicode_io", 1, b_dflag_unicode_io},
	{"io", "printable_range", 0, b_printable_range},
	{"math", "sqrt", 1, m_sqrt}, {"math", "sin", 1, m_sin}, {"math", "cos", 1, m_cos},
	{"math", "tan", 1, m_tan}, {"math", "asin", 1, m_asin}, {"math", "acos", 1, m_acos},
	{"math", "atan", 1, m_atan}, {"math", "exp", 1, m_exp}, {"math", "log", 1, m_log},
	{"math", "log2", 1, m_log2}, {"math", "log10", 1, m_log10},
	{"math", "sinh", 1, m_sinh}, {"math", "cosh", 1, m_cosh}, {"math", "tanh", 1, m_tanh},
	{"math", "floor", 1, m_floor}, {"math", "ceil", 1, m_ceil},
	{"math", "pow", 2, m_pow}, {"math", "atan2", 2, m_atan2}, {"math", "fmod", 2, m_fmod},
	{"math", "pi", 0, m_pi},
	{NULL, NULL, 0, NULL}
};

static const struct bif_def *const *bif_tables(void)
{
	static const struct bif_def *const tabs[] = { bifs_erlang, bifs_bin, bifs_proc, bifs_maps,
					 bifs_misc, bifs_binary, bifs_md5, bifs_ets,
					 bifs_atomics, bifs_shell, bifs_file, bifs_cap,
					 bifs_silo, bifs_sock, bifs_dist,
#ifdef BEAM_HAVE_PCRE
					 bifs_re,
#endif
					 NULL };
	return tabs;
}

void bif_register_all(void)
{
	const struct bif_def *const *tabs = bif_tables();
	for (int t = 0; tabs[t]; t++)
		for (const struct bif_def *d = tabs[t]; d->mod; d++) {
			term m = atom_intern(d->mod, strlen(d->mod));
			term f = atom_intern(d->name, strlen(d->name));
			export_get(m, f, d->arity)->bif = d->fn;
		}
}

/* One line "MODULE NAME ARITY" per BIF, for the coverage check and the
 * generated BIF comparison (tests/erlang/bif_harness.py). */
void bif_print_table(void)
{
	const struct bif_def *const *tabs = bif_tables();
	for (int t = 0; tabs[t]; t++)
		for (const struct bif_def *d = tabs[t]; d->mod; d++) {
			char line[160];
			int n = snprintf(line, sizeof line, "%s %s %u\n", d->mod,
					 d->name, (unsigned)d->arity);
			if (n > 0 && n < (int)sizeof line)
				host_write_out(line, (size_t)n);
		}
}
