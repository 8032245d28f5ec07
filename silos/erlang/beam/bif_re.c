/* The re module's native half over Debian's PCRE 8: version/0,
 * compile/1,2, run/2,3, internal_run/4 and inspect/2. The rest of OTP's
 * re.erl runs unmodified on top: these BIFs continue in its Erlang code
 * exactly where OTP's do (global matching in re:grun/3, Unicode subjects
 * given as lists and list captures in re:urun/3, Unicode patterns given as
 * lists in re:ucompile/2).
 *
 * A compiled pattern is {re_pattern, Groups, Unicode, UseCRLF, Bin} with
 * Bin the bytes PCRE compiled (its character-table pointer zeroed, as in
 * OTP's, whose tables are built in). PCRE trusts those bytes blindly, so
 * re:run accepts only patterns this runtime compiled: every compiled form
 * is remembered, and any other binary is badarg rather than a crash. */
#include "re.h"
#include "host.h"
#include <pcre.h>
#include <stdlib.h>

/* PCRE 8 recurses on the C stack (Debian's build). A match first runs on
 * ours with this much of it at most, the recursion limit following from
 * the frame size PCRE reports; one that needs more runs again on a big
 * stack of its own (most of which is never touched). */
#define RE_STACK_BUDGET ((size_t)4 << 20)
#define RE_BIG_STACK ((size_t)256 << 20)
#define RE_BIG_BUDGET ((size_t)224 << 20)

#define BIF(name) static term name(struct proc *p __attribute__((unused)), \
				   term *a __attribute__((unused)))

/* The header's character-table pointer: after six 32-bit and twelve
 * 16-bit fields of PCRE 8's compiled-pattern header. */
#define RE_TABLES_AT 48

/* Compiled forms handed out, by content. */
struct known {
	uint64_t hash;
	size_t len;
	struct known *next;
	uint8_t data[];
};
static struct known **known_tab;
static size_t known_cap, known_n;

static uint64_t fnv1a(const uint8_t *d, size_t n)
{
	uint64_t h = 0xcbf29ce484222325u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ d[i]) * 0x100000001b3u;
	return h;
}

static bool known_has(const uint8_t *d, size_t n)
{
	if (!known_cap)
		return false;
	uint64_t h = fnv1a(d, n);
	for (struct known *k = known_tab[h & (known_cap - 1)]; k; k = k->next)
		if (k->hash == h && k->len == n && memcmp(k->data, d, n) == 0)
			return true;
	return false;
}

static void known_add(const uint8_t *d, size_t n)
{
	if (known_has(d, n))
		return;
	if (known_n >= known_cap) {
		size_t cap = known_cap ? known_cap * 2 : 64;
		struct known **t = calloc(cap, sizeof *t);
		if (!t)
			return;
		for (size_t i = 0; i < known_cap; i++)
			for (struct known *k = known_tab[i], *nx; k; k = nx) {
				nx = k->next;
				k->next = t[k->hash & (cap - 1)];
				t[k->hash & (cap - 1)] = k;
			}
		free(known_tab);
		known_tab = t;
		known_cap = cap;
	}
	struct known *k = malloc(sizeof *k + n);
	if (!k)
		return;
	k->hash = fnv1a(d, n);
	k->len = n;
	memcpy(k->data, d, n);
	k->next = known_tab[k->hash & (known_cap - 1)];
	known_tab[k->hash & (known_cap - 1)] = k;
	known_n++;
}

/* The one binary subject last found to be valid UTF-8, held so that its
 * bytes cannot change: re:grun's later calls on it (internal_run with
 * FirstCall false) skip PCRE's O(n) check as OTP does, other subjects do
 * not. */
static struct binbuf *utf8_buf;
static size_t utf8_off, utf8_len;

static bool utf8_known(term subj, size_t len)
{
	if (!utf8_buf || !is_binary_term(subj))
		return false;
	struct bin_obj *o = bin_of(subj);
	return o->buf == utf8_buf && !(o->bitoff & 7) &&
	       o->bitoff / 8 == utf8_off && len == utf8_len;
}

static void utf8_remember(term subj, size_t len)
{
	if (!is_binary_term(subj) || (bin_of(subj)->bitoff & 7))
		return;
	struct bin_obj *o = bin_of(subj);
	o->buf->refc++;
	if (utf8_buf)
		binbuf_release(utf8_buf);
	utf8_buf = o->buf;
	utf8_off = o->bitoff / 8;
	utf8_len = len;
}

static struct export *re_export(term fun, uint32_t arity)
{
	return export_get(RA(re), fun, arity);
}

/* PCRE sizes a compiled pattern from a first pass that can overestimate
 * (named back references, subroutine calls) and leaves the slack after the
 * code unwritten: zeroed memory keeps such patterns' bytes deterministic
 * (OTP's hold whatever its heap had there). */
static void *re_zalloc(size_t n)
{
	return calloc(1, n);
}

/* Compiles the iodata src; on failure NULL with PCRE's message and offset,
 * or with *bad set if src is not iodata. */
static pcre *re_compile_src(term src, int options, const char **err,
			    int *erroff, bool *bad)
{
	int code = 0;
	pcre_malloc = re_zalloc;
	*err = "";
	*erroff = 0;
	char *s = re_iodata_cstr(src);
	*bad = !s;
	if (!s)
		return NULL;
	pcre *re = pcre_compile2(s, options, &code, err, erroff, re_tables());
	free(s);
	return re;
}

/* {ok, {re_pattern, ...}} (with_ok) or the bare pattern from code, which
 * is freed; or {error, {String, Offset}} (tagged {error, {Tag, {...}}}
 * when tag is not NONV) for a failed compile. */
static term compile_result(struct proc *p, pcre *code, const char *err,
			   int erroff, bool unicode, bool with_ok, term tag)
{
	if (!code) {
		term e = tuple2(p, make_string(p, err, strlen(err)),
				make_small(erroff));
		if (tag != NONV)
			e = tuple2(p, tag, e);
		return tuple2(p, ATOM(error), e);
	}
	size_t size = 0;
	int groups = 0;
	unsigned long options = 0;
	pcre_fullinfo(code, NULL, PCRE_INFO_SIZE, &size);
	pcre_fullinfo(code, NULL, PCRE_INFO_CAPTURECOUNT, &groups);
	pcre_fullinfo(code, NULL, PCRE_INFO_OPTIONS, &options);
	unsigned long nl = options & (PCRE_NEWLINE_CR | PCRE_NEWLINE_LF |
		PCRE_NEWLINE_CRLF | PCRE_NEWLINE_ANY | PCRE_NEWLINE_ANYCRLF);
	bool crlf = nl == PCRE_NEWLINE_ANY || nl == PCRE_NEWLINE_CRLF ||
		    nl == PCRE_NEWLINE_ANYCRLF;
	uint8_t *bytes = (uint8_t *)code;
	const unsigned char *t = re_tables();
	if (size >= RE_TABLES_AT + sizeof t &&
	    memcmp(bytes + RE_TABLES_AT, &t, sizeof t) == 0)
		memset(bytes + RE_TABLES_AT, 0, sizeof t);
	known_add(bytes, size);
	term bin = bin_new(p, bytes, size);
	pcre_free(code);
	term pat = tuple5(p, RA(re_pattern), make_small(groups),
			  make_small(unicode), make_small(crlf), bin);
	return with_ok ? tuple2(p, ATOM(ok), pat) : pat;
}

BIF(b_re_version)
{
	const char *v = pcre_version();
	return bin_new(p, v, strlen(v));
}

static term re_compile(struct proc *p, term *a, term opts)
{
	struct re_opts o;
	if (!re_parse_opts(opts, &o) || (o.flags & RE_F_EXEC_OPT))
		return BADARG(p);
	bool unicode = (o.flags & RE_F_UNICODE) != 0;
	if (unicode && !is_binary_term(a[0])) {
		a[1] = opts;
		return bif_trap(p, re_export(RA(ucompile), 2));
	}
	const char *err;
	int erroff;
	bool bad;
	pcre *code = re_compile_src(a[0], o.compile, &err, &erroff, &bad);
	if (bad)
		return BADARG(p);
	return compile_result(p, code, err, erroff, unicode, true, NONV);
}

BIF(b_re_compile1) { return re_compile(p, a, NIL); }
BIF(b_re_compile2) { return re_compile(p, a, a[1]); }

/* A compiled pattern tuple's parts; false if it is not one. */
static bool pattern_parts(term t, int64_t *groups, bool *unicode,
			  const uint8_t **bytes, size_t *len, uint8_t **tmp)
{
	*tmp = NULL;
	if (!is_tuple(t) || tuple_arity(t) != 5)
		return false;
	term *e = tuple_elems(t);
	if (e[0] != RA(re_pattern) || !is_small(e[1]) || !is_small(e[2]) ||
	    !is_small(e[3]) || !is_binary_term(e[4]))
		return false;
	*groups = small_val(e[1]);
	*unicode = small_val(e[2]) != 0;
	*bytes = bin_bytes(e[4], len, tmp);
	return *bytes != NULL;
}

/* A copy of a known compiled form, aligned for PCRE; NULL if unknown. */
static pcre *pattern_code(const uint8_t *bytes, size_t len)
{
	if (len < 4 || !known_has(bytes, len))
		return NULL;
	pcre *code = malloc(len);
	if (code)
		memcpy(code, bytes, len);
	return code;
}

/* One captured part as the capture type wants it. */
static term capture_value(struct proc *p, enum re_ret type,
			  const uint8_t *subj, int start, int end)
{
	if (type == RE_RET_INDEX)
		return tuple2(p, make_small(start), make_small(end - start));
	size_t n = start < 0 ? 0 : (size_t)(end - start);
	const char *s = (const char *)subj + (start < 0 ? 0 : start);
	return type == RE_RET_LIST ? make_string(p, s, n) : bin_new(p, s, n);
}

/* {match, Parts} for a successful exec with rc groups set. */
static term match_result(struct proc *p, const struct re_capture *c,
			 const int *ov, int rc, const uint8_t *subj)
{
	if (c->type == RE_RET_NONE)
		return RA(match);
	term *parts;
	int np = 0;
	if (c->n <= 0) {
		parts = malloc(sizeof *parts * (size_t)(rc + 1));
		for (int i = -c->n; i < rc; i++)
			parts[np++] = capture_value(p, c->type, subj, ov[2 * i],
						    ov[2 * i + 1]);
	} else {
		parts = malloc(sizeof *parts * (size_t)c->n);
		for (int i = 0; i < c->n; i++) {
			int x = c->v[i];
			if (x < -1) {
				/* alternatives of a duplicated name: the
				 * first one that is set */
				int end = i - x + 1;
				for (int j = i + 1; j < c->n && j < end; j++)
					if (ov[2 * c->v[j]] >= 0) {
						x = c->v[j];
						break;
					}
				i = end - 1;
			}
			if (x >= 0 && x < rc)
				parts[np++] = capture_value(p, c->type, subj,
					ov[2 * x], ov[2 * x + 1]);
			else if (c->type == RE_RET_INDEX)
				parts[np++] = tuple2(p, make_small(-1),
						     make_small(0));
			else if (c->type == RE_RET_LIST)
				parts[np++] = NIL;
			else
				parts[np++] = bin_new(p, "", 0);
		}
	}
	term l = NIL;
	while (np > 0)
		l = cons(p, parts[--np], l);
	free(parts);
	return tuple2(p, RA(match), l);
}

/* How deep PCRE may recurse in budget bytes of stack. */
static unsigned long recursion_cap(size_t budget)
{
	static size_t frame;
	if (!frame) {
		int f = -pcre_exec(NULL, NULL, NULL, -999, -999, 0, NULL, 0);
		frame = f > 64 ? (size_t)f : 1024;
	}
	return (unsigned long)(budget / frame);
}

/* One pcre_exec call, to run where the stack is. */
struct exec_call {
	const pcre *code;
	pcre_extra *extra;
	const char *subj;
	int len, offset, options;
	int *ov;
	int ovsize;
	int rc;
};

static void exec_call_run(void *arg)
{
	struct exec_call *e = arg;
	e->rc = pcre_exec(e->code, e->extra, e->subj, e->len, e->offset,
			  e->options, e->ov, e->ovsize);
}

/* pcre_exec under the recursion limit the caller asked for (if any), on
 * our stack while that suffices, else on a big one. */
static int exec_bounded(struct exec_call *e, const struct re_opts *o)
{
	unsigned long want = (o->flags & RE_F_MATCH_LIMIT_REC)
		? (unsigned long)o->match_limit_rec : 10000000ul;
	unsigned long small = recursion_cap(RE_STACK_BUDGET);
	e->extra->match_limit_recursion = want < small ? want : small;
	exec_call_run(e);
	if (e->rc != PCRE_ERROR_RECURSIONLIMIT || want <= small)
		return e->rc;
	unsigned long big = recursion_cap(RE_BIG_BUDGET);
	e->extra->match_limit_recursion = want < big ? want : big;
	for (int i = 0; i < e->ovsize; i++)
		e->ov[i] = -1;
	if (!host_call_on_stack(exec_call_run, e, RE_BIG_STACK))
		e->rc = PCRE_ERROR_RECURSIONLIMIT;
	return e->rc;
}

/* Runs code over the subject term and builds re:run's answer. */
static term re_exec(struct proc *p, pcre *code, int groups, term subj_t,
		    const struct re_opts *o, bool first)
{
	struct re_capture cap;
	int real = 0;
	pcre_fullinfo(code, NULL, PCRE_INFO_CAPTURECOUNT, &real);
	if (o->flags & RE_F_CAPTURE) {
		if (!re_capture_build(o, code, &cap)) {
			re_capture_free(&cap);
			return BADARG(p);
		}
	} else {
		memset(&cap, 0, sizeof cap);
		cap.type = RE_RET_INDEX;
	}
	size_t len;
	uint8_t *tmp = NULL, *flat = NULL;
	const uint8_t *subj;
	if (is_binary_term(subj_t)) {
		subj = bin_bytes(subj_t, &len, &tmp);
	} else {
		subj = flat = is_list(subj_t) || is_nil(subj_t)
			? iolist_flatten(subj_t, &len) : NULL;
	}
	if (!subj || len > INT32_MAX) {
		re_capture_free(&cap);
		free(flat);
		return BADARG(p);
	}
	pcre_extra extra;
	memset(&extra, 0, sizeof extra);
	extra.flags = PCRE_EXTRA_TABLES | PCRE_EXTRA_MATCH_LIMIT_RECURSION;
	extra.tables = re_tables();
	if (o->flags & RE_F_MATCH_LIMIT) {
		extra.flags |= PCRE_EXTRA_MATCH_LIMIT;
		extra.match_limit = (unsigned long)o->match_limit;
	}
	int options = o->exec;
	bool checked = !first && utf8_known(subj_t, len);
	if (checked)
		options |= PCRE_NO_UTF8_CHECK;
	int ovn = 3 * (real + 1);
	int *ov = malloc(sizeof *ov * (size_t)ovn);
	for (int i = 0; i < ovn; i++)
		ov[i] = -1;
	/* the group count in the tuple sizes the vector, as in OTP */
	int ovsize = 3 * ((groups < real ? groups : real) + 1);
	struct exec_call call = { code, &extra, (const char *)subj, (int)len,
				  o->offset, options, ov, ovsize, 0 };
	int rc = exec_bounded(&call, o);
	term res;
	unsigned long copts = 0;
	pcre_fullinfo(code, NULL, PCRE_INFO_OPTIONS, &copts);
	/* PCRE checked the subject's UTF-8 if it got this far */
	if (!checked && (copts & PCRE_UTF8) &&
	    (rc >= 0 || rc == PCRE_ERROR_NOMATCH))
		utf8_remember(subj_t, len);
	if (rc > 0) {
		res = match_result(p, &cap, ov, rc, subj);
	} else if ((rc == PCRE_ERROR_MATCHLIMIT ||
		    rc == PCRE_ERROR_RECURSIONLIMIT) &&
		   (o->flags & RE_F_REPORT_ERRORS)) {
		res = tuple2(p, ATOM(error), rc == PCRE_ERROR_MATCHLIMIT
			? RA(match_limit) : RA(match_limit_recursion));
	} else if (rc == PCRE_ERROR_BADUTF8 || rc == PCRE_ERROR_BADUTF8_OFFSET ||
		   rc == PCRE_ERROR_BADOFFSET || rc == PCRE_ERROR_BADMAGIC ||
		   rc == PCRE_ERROR_BADENDIANNESS ||
		   rc == PCRE_ERROR_BADOPTION) {
		res = BADARG(p);
	} else {
		res = RA(nomatch);
	}
	free(ov);
	free(tmp);
	free(flat);
	re_capture_free(&cap);
	return res;
}

/* re:run/2,3 and internal_run/4 (first: whether the subject's UTF-8 is
 * yet to be checked). a[0..2] are free to reuse for a trap. */
static term re_run(struct proc *p, term *a, term subj, term re, term opts,
		   bool first)
{
	struct re_opts o;
	if (!re_parse_opts(opts, &o))
		return BADARG(p);
	bool list_cap = (o.flags & RE_F_CAPTURE) && o.cap_type == RA(list);
	bool global = (o.flags & RE_F_GLOBAL) != 0;
	if (!is_tuple(re) || tuple_arity(re) != 5) {
		if (!is_list(re) && !is_nil(re) && !is_binary_term(re))
			return BADARG(p);
		if ((o.flags & RE_F_UNICODE) && (!is_binary_term(re) ||
		    !is_binary_term(subj) || (list_cap && !global))) {
			a[0] = subj; a[1] = re; a[2] = opts;
			return bif_trap(p, re_export(RA(urun), 3));
		}
		const char *err;
		int erroff;
		bool bad;
		pcre *code = re_compile_src(re, o.compile, &err, &erroff, &bad);
		if (bad)
			return BADARG(p);
		bool unicode = (o.flags & RE_F_UNICODE) != 0;
		if (!code) {
			if (o.flags & RE_F_REPORT_ERRORS)
				return compile_result(p, NULL, err, erroff,
						      unicode, true, RA(compile));
			return BADARG(p);
		}
		if (global) {
			term pat = compile_result(p, code, err, erroff,
						  unicode, false, NONV);
			term extra = tuple3(p, opts, BOOL_T(o.flags &
					    RE_F_COMPILE_OPT), re);
			a[0] = subj; a[1] = pat; a[2] = extra;
			return bif_trap(p, re_export(RA(grun), 3));
		}
		int groups = 0;
		pcre_fullinfo(code, NULL, PCRE_INFO_CAPTURECOUNT, &groups);
		term r = re_exec(p, code, groups, subj, &o, first);
		pcre_free(code);
		return r;
	}
	if (o.flags & RE_F_COMPILE_OPT)
		return BADARG(p);
	int64_t groups;
	bool unicode;
	const uint8_t *bytes;
	size_t len;
	uint8_t *tmp;
	if (!pattern_parts(re, &groups, &unicode, &bytes, &len, &tmp) ||
	    groups < 0) {
		free(tmp);
		return BADARG(p);
	}
	if (unicode && (!is_binary_term(subj) || (list_cap && !global))) {
		free(tmp);
		a[0] = subj; a[1] = re; a[2] = opts;
		return bif_trap(p, re_export(RA(urun), 3));
	}
	if (global) {
		free(tmp);
		a[0] = subj; a[1] = re; a[2] = tuple2(p, opts, FALSE_T);
		return bif_trap(p, re_export(RA(grun), 3));
	}
	pcre *code = pattern_code(bytes, len);
	free(tmp);
	if (!code)
		return BADARG(p);
	term r = re_exec(p, code, groups > INT32_MAX ? INT32_MAX : (int)groups,
			 subj, &o, first);
	free(code);
	return r;
}

BIF(b_re_run2) { return re_run(p, a, a[0], a[1], NIL, true); }
BIF(b_re_run3) { return re_run(p, a, a[0], a[1], a[2], true); }
BIF(b_re_internal_run4)
{
	if (a[3] != TRUE_T && a[3] != FALSE_T)
		return BADARG(p);
	return re_run(p, a, a[0], a[1], a[2], a[3] == TRUE_T);
}

BIF(b_re_inspect)
{
	re_atoms_init();
	int64_t groups;
	bool unicode;
	const uint8_t *bytes;
	size_t len;
	uint8_t *tmp;
	if (!pattern_parts(a[0], &groups, &unicode, &bytes, &len, &tmp) ||
	    a[1] != RA(namelist)) {
		free(tmp);
		return BADARG(p);
	}
	pcre *code = pattern_code(bytes, len);
	free(tmp);
	if (!code)
		return BADARG(p);
	int count = 0, esize = 0;
	unsigned long options = 0;
	unsigned char *table = NULL;
	pcre_fullinfo(code, NULL, PCRE_INFO_OPTIONS, &options);
	pcre_fullinfo(code, NULL, PCRE_INFO_NAMECOUNT, &count);
	pcre_fullinfo(code, NULL, PCRE_INFO_NAMEENTRYSIZE, &esize);
	pcre_fullinfo(code, NULL, PCRE_INFO_NAMETABLE, &table);
	bool dup = (options & PCRE_DUPNAMES) != 0;
	term *names = malloc(sizeof *names * (size_t)(count > 0 ? count : 1));
	int n = 0;
	const char *last = NULL;
	for (int i = 0; i < count; i++, table += esize) {
		const char *name = (const char *)table + 2;
		if (!(dup && last && strcmp(last, name) == 0))
			names[n++] = bin_new(p, name, strlen(name));
		last = name;
	}
	term l = NIL;
	while (n > 0)
		l = cons(p, names[--n], l);
	free(names);
	free(code);
	return tuple2(p, RA(namelist), l);
}

const struct bif_def bifs_re[] = {
	{"re", "version", 0, b_re_version},
	{"re", "compile", 1, b_re_compile1},
	{"re", "compile", 2, b_re_compile2},
	{"re", "run", 2, b_re_run2},
	{"re", "run", 3, b_re_run3},
	{"re", "internal_run", 4, b_re_internal_run4},
	{"re", "inspect", 2, b_re_inspect},
	{NULL, NULL, 0, NULL},
};
