/* System BIFs: time, system information, hashing, module and fun
 * introspection, math, the binary module's searching functions, and the
 * output primitive behind the preloaded io module. */
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
	for (term l = a[0]; is_list(l); l = CDR(l))
		;
	return int_from_u64(p, next_unique++);
}

/* A stable structural hash; not OTP's exact phash2 values. */
static uint32_t hash_term(term t, uint32_t h)
{
	for (;;) {
		h = (h ^ (uint32_t)tag_of(t)) * 16777619u;
		if (is_atom(t)) {
			size_t n;
			const char *s = atom_text(t, &n);
			for (size_t i = 0; i < n; i++)
				h = (h ^ (uint8_t)s[i]) * 16777619u;
			return h;
		}
		if (is_list(t)) {
			h = hash_term(CAR(t), h);
			t = CDR(t);
			continue;
		}
		if (!is_boxed(t)) {
			uint64_t v = t;
			for (int i = 0; i < 8; i++)
				h = (h ^ (uint8_t)(v >> (8 * i))) * 16777619u;
			return h;
		}
		term hd = boxed_ptr(t)[0];
		size_t ar = hdr_arity(hd);
		switch (hdr_kind(hd)) {
		case HK_TUPLE:
			for (size_t i = 1; i <= ar; i++)
				h = hash_term(boxed_ptr(t)[i], h);
			return h;
		case HK_MAP:
		case HK_BMAP: {
			struct mapit it;
			term k, v;
			mapit_init(&it, t);
			while (mapit_next(&it, &k, &v))
				h = hash_term(v, hash_term(k, h));
			return h;
		}
		case HK_BIN: {
			size_t n;
			uint8_t *tmp;
			const uint8_t *s = bin_bytes(t, &n, &tmp);
			for (size_t i = 0; i < n; i++)
				h = (h ^ s[i]) * 16777619u;
			free(tmp);
			return h;
		}
		case HK_FUN:
			return h ^ ((struct fun_obj *)boxed_ptr(t))->fe->old_uniq;
		default:
			for (size_t i = 1; i <= ar; i++)
				h = (h ^ (uint32_t)boxed_ptr(t)[i]) * 16777619u;
			return h;
		}
	}
}
uint32_t term_phash2(term t) { return hash_term(t, 2166136261u) & ((1u << 27) - 1); }
BIF(b_phash2_1) { (void)p; return make_small(term_phash2(a[0])); }
BIF(b_phash2_2)
{
	if (!is_small(a[1]) || small_val(a[1]) < 1)
		return BADARG(p);
	return make_small(hash_term(a[0], 2166136261u) % (uint64_t)small_val(a[1]));
}
BIF(b_phash)
{
	if (!is_small(a[1]) || small_val(a[1]) < 1)
		return BADARG(p);
	return make_small(1 + hash_term(a[0], 2166136261u) % (uint64_t)small_val(a[1]));
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
BIF(b_module_loaded) { (void)p; return BOOL_T(is_atom(a[0]) && module_find(a[0])); }
BIF(b_ensure_loaded)
{
	if (!is_atom(a[0]))
		return BADARG(p);
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
/* shale_io:put_chars(IoData): raw output for the preloaded io module. */
BIF(b_put_chars)
{
	size_t n;
	uint8_t *d = iolist_flatten(a[0], &n);
	if (!d)
		return BADARG(p);
	host_write_out(d, n);
	free(d);
	return ATOM(ok);
}
BIF(b_printable_range) { (void)p; (void)a; return ATOM(latin1); }

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

/* binary module: byte searching on whole binaries. */
static const uint8_t *bytes_of(term t, size_t *n, uint8_t **tmp)
{
	if (!is_binary_term(t))
		return NULL;
	return bin_bytes(t, n, tmp);
}
static long find_bytes(const uint8_t *h, size_t hn, size_t from, term pat, size_t *mlen)
{
	/* pat: a binary or a list of binaries; earliest, then longest match */
	term single[1] = { pat };
	long best = -1;
	size_t bestlen = 0;
	term l = is_list(pat) ? pat : NIL;
	size_t cnt = is_list(pat) ? 0 : 1;
	for (size_t k = 0;; k++) {
		term pt;
		if (cnt == 1) {
			if (k)
				break;
			pt = single[0];
		} else {
			if (!is_list(l))
				break;
			pt = CAR(l);
			l = CDR(l);
		}
		size_t pn;
		uint8_t *tmp;
		const uint8_t *ps = bytes_of(pt, &pn, &tmp);
		if (!ps || pn == 0) {
			free(tmp);
			return -2;
		}
		for (size_t i = from; i + pn <= hn; i++) {
			if (best >= 0 && (long)i > best)
				break;
			if (memcmp(h + i, ps, pn) == 0) {
				if (best < 0 || (long)i < best || pn > bestlen) {
					best = (long)i;
					bestlen = pn;
				}
				break;
			}
		}
		free(tmp);
	}
	*mlen = bestlen;
	return best;
}
static bool opt_global(term opts)
{
	for (term l = opts; is_list(l); l = CDR(l))
		if (CAR(l) == ATOM(global))
			return true;
	return false;
}
static term bin_search(struct proc *p, term *a, int nargs, int mode)
{
	size_t hn;
	uint8_t *tmp;
	const uint8_t *h = bytes_of(a[0], &hn, &tmp);
	if (!h)
		return BADARG(p);
	term opts = nargs == 3 ? a[2] : NIL;
	bool global = mode == 1 || opt_global(opts);
	term out = NIL, *tail = &out;
	size_t pos = 0, mlen;
	long at;
	term result = NONV;
	while ((at = find_bytes(h, hn, pos, a[1], &mlen)) >= 0) {
		if (mode == 0) {
			result = tuple2(p, make_small(at), make_small(mlen));
			break;
		}
		term item = mode == 1 ? tuple2(p, make_small(at), make_small(mlen))
			: bin_make(p, bin_of(a[0])->buf, bin_of(a[0])->bitoff + pos * 8,
				   ((size_t)at - pos) * 8);
		*tail = cons(p, item, NIL);
		tail = &list_ptr(*tail)[1];
		pos = (size_t)at + mlen;
		if (!global)
			break;
	}
	if (at == -2) {
		free(tmp);
		return BADARG(p);
	}
	if (mode == 0 && result == NONV)
		result = ATOM(nomatch);
	if (mode == 1)
		result = out;
	if (mode == 2) {
		*tail = cons(p, bin_make(p, bin_of(a[0])->buf, bin_of(a[0])->bitoff + pos * 8,
					 (hn - pos) * 8), NIL);
		result = out;
		bool trim = false, trim_all = false;
		for (term l = opts; is_list(l); l = CDR(l)) {
			if (CAR(l) == atom_intern("trim", 4))
				trim = true;
			if (CAR(l) == atom_intern("trim_all", 8))
				trim_all = true;
		}
		if (trim || trim_all) {
			term keep[4096];
			size_t k = 0;
			for (term l = result; is_list(l) && k < 4096; l = CDR(l))
				keep[k++] = CAR(l);
			size_t end = k;
			while (end > 0 && bin_of(keep[end - 1])->bitsize == 0)
				end--;
			result = NIL;
			for (size_t i = end; i-- > 0;)
				if (!trim_all || bin_of(keep[i])->bitsize)
					result = cons(p, keep[i], result);
		}
	}
	free(tmp);
	return result;
}
BIF(b_bin_match2) { return bin_search(p, a, 2, 0); }
BIF(b_bin_match3) { return bin_search(p, a, 3, 0); }
BIF(b_bin_matches2) { return bin_search(p, a, 2, 1); }
BIF(b_bin_matches3) { return bin_search(p, a, 3, 1); }
BIF(b_bin_split2) { return bin_search(p, a, 2, 2); }
BIF(b_bin_split3) { return bin_search(p, a, 3, 2); }
BIF(b_bin_compile_pattern) { (void)p; return a[0]; }
BIF(b_bin_copy1)
{
	size_t n;
	uint8_t *tmp;
	const uint8_t *s = bytes_of(a[0], &n, &tmp);
	if (!s)
		return BADARG(p);
	term r = bin_new(p, s, n);
	free(tmp);
	return r;
}
BIF(b_bin_first)
{
	size_t n;
	uint8_t *tmp;
	const uint8_t *s = bytes_of(a[0], &n, &tmp);
	if (!s || !n)
		return BADARG(p);
	term r = make_small(s[0]);
	free(tmp);
	return r;
}
BIF(b_bin_last)
{
	size_t n;
	uint8_t *tmp;
	const uint8_t *s = bytes_of(a[0], &n, &tmp);
	if (!s || !n)
		return BADARG(p);
	term r = make_small(s[n - 1]);
	free(tmp);
	return r;
}
BIF(b_bin_at)
{
	size_t n;
	uint8_t *tmp;
	const uint8_t *s = bytes_of(a[0], &n, &tmp);
	if (!s || !is_small(a[1]) || small_val(a[1]) < 0 || (size_t)small_val(a[1]) >= n) {
		free(tmp);
		return BADARG(p);
	}
	term r = make_small(s[small_val(a[1])]);
	free(tmp);
	return r;
}
BIF(b_bin_encode_unsigned)
{
	if (!is_integer(a[0]) || int_sign(a[0]) < 0)
		return BADARG(p);
	size_t nb = (int_bits(a[0]) + 7) / 8;
	if (!nb)
		nb = 1;
	uint8_t *le = malloc(nb), *be = malloc(nb);
	int_to_bytes(a[0], le, nb);
	for (size_t i = 0; i < nb; i++)
		be[i] = le[nb - 1 - i];
	term r = bin_new(p, be, nb);
	free(le);
	free(be);
	return r;
}
BIF(b_bin_decode_unsigned)
{
	size_t n;
	uint8_t *tmp;
	const uint8_t *s = bytes_of(a[0], &n, &tmp);
	if (!s)
		return BADARG(p);
	uint8_t *le = malloc(n + 1);
	for (size_t i = 0; i < n; i++)
		le[i] = s[n - 1 - i];
	term r = int_from_bytes(p, le, n, false);
	free(le);
	free(tmp);
	return r;
}

/* persistent_term: terms copied once into memory no collector owns; an
 * overwritten or erased value is never freed (readers may still hold it). */
struct pterm {
	term key, val;
	struct pterm *next;
};
static struct pterm *pterms;

static term pt_copy(term t)
{
	size_t sz = term_size(t);
	term *hp = malloc((sz + 1) * sizeof(term));
	return term_copy(t, &hp, NULL);
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
	for (term l = a[0]; is_list(l); l = CDR(l))
		if (is_atom(CAR(l)))
			module_ensure(CAR(l));
	return ATOM(ok);
}

BIF(b_bin_copy2)
{
	size_t n;
	uint8_t *tmp;
	const uint8_t *s = bytes_of(a[0], &n, &tmp);
	if (!s || !is_small(a[1]) || small_val(a[1]) < 0) {
		free(tmp);
		return BADARG(p);
	}
	size_t k = (size_t)small_val(a[1]);
	struct binbuf *b = binbuf_new(n * k);
	for (size_t i = 0; i < k; i++)
		memcpy(b->data + i * n, s, n);
	b->size = n * k;
	free(tmp);
	return bin_make(p, b, 0, (uint64_t)n * k * 8);
}
BIF(b_bin_encode_unsigned2)
{
	term r = b_bin_encode_unsigned(p, a);
	if (r == NONV || a[1] != ATOM(little))
		return r;
	size_t n;
	uint8_t *tmp;
	const uint8_t *s = bytes_of(r, &n, &tmp);
	uint8_t *rev = malloc(n + 1);
	for (size_t i = 0; i < n; i++)
		rev[i] = s[n - 1 - i];
	r = bin_new(p, rev, n);
	free(rev);
	free(tmp);
	return r;
}
BIF(b_bin_decode_unsigned2)
{
	if (a[1] != ATOM(little))
		return b_bin_decode_unsigned(p, a);
	size_t n;
	uint8_t *tmp;
	const uint8_t *s = bytes_of(a[0], &n, &tmp);
	if (!s)
		return BADARG(p);
	term r = int_from_bytes(p, s, n, false);
	free(tmp);
	return r;
}
static term common_affix(struct proc *p, term list, bool suffix)
{
	size_t best = SIZE_MAX, cnt = 0;
	const uint8_t *first = NULL;
	size_t firstn = 0;
	uint8_t *ftmp = NULL;
	for (term l = list; is_list(l); l = CDR(l), cnt++) {
		size_t n;
		uint8_t *tmp;
		const uint8_t *s = bytes_of(CAR(l), &n, &tmp);
		if (!s) {
			free(ftmp);
			return BADARG(p);
		}
		if (!first) {
			first = s;
			firstn = n;
			ftmp = tmp;
			best = n;
			continue;
		}
		size_t k = 0, lim = n < firstn ? n : firstn;
		while (k < lim && (suffix ? s[n - 1 - k] == first[firstn - 1 - k] : s[k] == first[k]))
			k++;
		if (k < best)
			best = k;
		free(tmp);
	}
	free(ftmp);
	if (cnt == 0)
		return BADARG(p);
	return make_small(best);
}
BIF(b_bin_lcp) { return common_affix(p, a[0], false); }
BIF(b_bin_lcs) { return common_affix(p, a[0], true); }
BIF(b_bin_refsize)
{
	if (!is_bitstring_term(a[0]))
		return BADARG(p);
	return make_small(bin_of(a[0])->buf->size);
}
BIF(b_bin_is_7bit)
{
	size_t n;
	uint8_t *tmp;
	const uint8_t *s = bytes_of(a[0], &n, &tmp);
	if (!s)
		return BADARG(p);
	bool ok = true;
	for (size_t i = 0; i < n && ok; i++)
		ok = s[i] < 128;
	free(tmp);
	return BOOL_T(ok);
}
/* string:list_to_integer/float: parse a prefix, return {Value, Rest}. */
static term str_prefix_num(struct proc *p, term l, bool flt)
{
	char buf[400];
	size_t k = 0;
	term t = l;
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
	{"binary", "copy", 2, b_bin_copy2},
	{"binary", "encode_unsigned", 2, b_bin_encode_unsigned2},
	{"binary", "decode_unsigned", 2, b_bin_decode_unsigned2},
	{"binary", "longest_common_prefix", 1, b_bin_lcp},
	{"binary", "longest_common_suffix", 1, b_bin_lcs},
	{"binary", "referenced_byte_size", 1, b_bin_refsize},
	{"unicode", "bin_is_7bit", 1, b_bin_is_7bit},
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
	{"io", "printable_range", 0, b_printable_range},
	{"math", "sqrt", 1, m_sqrt}, {"math", "sin", 1, m_sin}, {"math", "cos", 1, m_cos},
	{"math", "tan", 1, m_tan}, {"math", "asin", 1, m_asin}, {"math", "acos", 1, m_acos},
	{"math", "atan", 1, m_atan}, {"math", "exp", 1, m_exp}, {"math", "log", 1, m_log},
	{"math", "log2", 1, m_log2}, {"math", "log10", 1, m_log10},
	{"math", "sinh", 1, m_sinh}, {"math", "cosh", 1, m_cosh}, {"math", "tanh", 1, m_tanh},
	{"math", "floor", 1, m_floor}, {"math", "ceil", 1, m_ceil},
	{"math", "pow", 2, m_pow}, {"math", "atan2", 2, m_atan2}, {"math", "fmod", 2, m_fmod},
	{"math", "pi", 0, m_pi},
	{"binary", "match", 2, b_bin_match2}, {"binary", "match", 3, b_bin_match3},
	{"binary", "matches", 2, b_bin_matches2}, {"binary", "matches", 3, b_bin_matches3},
	{"binary", "split", 2, b_bin_split2}, {"binary", "split", 3, b_bin_split3},
	{"binary", "compile_pattern", 1, b_bin_compile_pattern},
	{"binary", "copy", 1, b_bin_copy1}, {"binary", "first", 1, b_bin_first},
	{"binary", "last", 1, b_bin_last}, {"binary", "at", 2, b_bin_at},
	{"binary", "encode_unsigned", 1, b_bin_encode_unsigned},
	{"binary", "decode_unsigned", 1, b_bin_decode_unsigned},
	{NULL, NULL, 0, NULL}
};

void bif_register_all(void)
{
	const struct bif_def *tabs[] = { bifs_erlang, bifs_bin, bifs_proc, bifs_maps,
					 bifs_misc, NULL };
	for (int t = 0; tabs[t]; t++)
		for (const struct bif_def *d = tabs[t]; d->mod; d++) {
			term m = atom_intern(d->mod, strlen(d->mod));
			term f = atom_intern(d->name, strlen(d->name));
			export_get(m, f, d->arity)->bif = d->fn;
		}
}
