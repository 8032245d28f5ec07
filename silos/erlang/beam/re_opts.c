/* re option lists and capture specifications, read as OTP 25 reads them:
 * which options are accepted where, which integers count, and how named
 * groups (duplicated or not) turn into group numbers. */
#include "re.h"
#include <limits.h>
#include <pcre.h>
#include <stdlib.h>

term re_atoms[RA__COUNT];
static bool atoms_done;

void re_atoms_init(void)
{
	if (atoms_done)
		return;
	static const char *const names[] = {
#define RE_ATOM_NAME(n) #n,
		RE_ATOMS(RE_ATOM_NAME)
#undef RE_ATOM_NAME
	};
	for (int i = 0; i < RA__COUNT; i++)
		re_atoms[i] = atom_intern(names[i], strlen(names[i]));
	atoms_done = true;
}

/* OTP's term_to_int: a small integer in 0..INT_MAX (negative ones wrap to
 * huge unsigned values there and fail too). */
static bool to_int(term t, int *out)
{
	if (!is_small(t) || small_val(t) < 0 || small_val(t) > INT_MAX)
		return false;
	*out = (int)small_val(t);
	return true;
}

static bool parse_tuple(term item, struct re_opts *o)
{
	term *tp = boxed_ptr(item);
	size_t ar = hdr_arity(tp[0]);
	if (ar == 3 && tp[1] == RA(capture)) {
		o->cap_values = tp[2];
		o->cap_type = tp[3];
		o->flags |= RE_F_CAPTURE | RE_F_EXEC_OPT;
		return true;
	}
	if (ar != 2 || !is_atom(tp[1]))
		return false;
	term k = tp[1], v = tp[2];
	if (k == RA(capture)) {
		o->cap_values = v;
		o->cap_type = RA(index);
		o->flags |= RE_F_CAPTURE | RE_F_EXEC_OPT;
	} else if (k == RA(offset) || k == RA(match_limit) ||
		   k == RA(match_limit_recursion)) {
		bool off = k == RA(offset), lim = k == RA(match_limit);
		if (!to_int(v, off ? &o->offset : lim ? &o->match_limit
			    : &o->match_limit_rec))
			return false;
		o->flags |= RE_F_EXEC_OPT | (off ? RE_F_OFFSET : lim
			? RE_F_MATCH_LIMIT : RE_F_MATCH_LIMIT_REC);
	} else if (k == RA(newline)) {
		int nl = v == RA(cr) ? PCRE_NEWLINE_CR
			: v == RA(crlf) ? PCRE_NEWLINE_CRLF
			: v == RA(lf) ? PCRE_NEWLINE_LF
			: v == RA(anycrlf) ? PCRE_NEWLINE_ANYCRLF
			: v == RA(any) ? PCRE_NEWLINE_ANY : 0;
		if (!nl)
			return false;
		/* OR-ed in, as OTP does: two different ones make a bad mix
		 * that PCRE itself rejects */
		o->compile |= nl;
		o->exec |= nl;
	} else {
		return false;
	}
	return true;
}

/* An atom option: its compile bits, exec bits and flags. */
struct atom_opt {
	int id;
	int compile, exec, flags;
};

static const struct atom_opt atom_opts[] = {
	{ RA_anchored, PCRE_ANCHORED, PCRE_ANCHORED, 0 },
	{ RA_notempty, 0, PCRE_NOTEMPTY, RE_F_EXEC_OPT },
	{ RA_notempty_atstart, 0, PCRE_NOTEMPTY_ATSTART, RE_F_EXEC_OPT },
	{ RA_notbol, 0, PCRE_NOTBOL, RE_F_EXEC_OPT },
	{ RA_noteol, 0, PCRE_NOTEOL, RE_F_EXEC_OPT },
	{ RA_no_start_optimize, PCRE_NO_START_OPTIMIZE, 0, RE_F_COMPILE_OPT },
	{ RA_caseless, PCRE_CASELESS, 0, RE_F_COMPILE_OPT },
	{ RA_dollar_endonly, PCRE_DOLLAR_ENDONLY, 0, RE_F_COMPILE_OPT },
	{ RA_dotall, PCRE_DOTALL, 0, RE_F_COMPILE_OPT },
	{ RA_extended, PCRE_EXTENDED, 0, RE_F_COMPILE_OPT },
	{ RA_firstline, PCRE_FIRSTLINE, 0, RE_F_COMPILE_OPT },
	{ RA_multiline, PCRE_MULTILINE, 0, RE_F_COMPILE_OPT },
	{ RA_no_auto_capture, PCRE_NO_AUTO_CAPTURE, 0, RE_F_COMPILE_OPT },
	{ RA_dupnames, PCRE_DUPNAMES, 0, RE_F_COMPILE_OPT },
	{ RA_ungreedy, PCRE_UNGREEDY, 0, RE_F_COMPILE_OPT },
	{ RA_ucp, PCRE_UCP, 0, RE_F_COMPILE_OPT },
	{ RA_never_utf, PCRE_NEVER_UTF, 0, RE_F_COMPILE_OPT },
	{ RA_report_errors, 0, 0, RE_F_EXEC_OPT | RE_F_REPORT_ERRORS },
	{ RA_unicode, PCRE_UTF8, 0, RE_F_COMPILE_OPT | RE_F_UNICODE },
	{ RA_global, 0, 0, RE_F_EXEC_OPT | RE_F_GLOBAL },
	{ RA_bsr_anycrlf, PCRE_BSR_ANYCRLF, PCRE_BSR_ANYCRLF, 0 },
	{ RA_bsr_unicode, PCRE_BSR_UNICODE, PCRE_BSR_UNICODE, 0 },
};

bool re_parse_opts(term list, struct re_opts *o)
{
	re_atoms_init();
	memset(o, 0, sizeof *o);
	o->cap_values = o->cap_type = NIL;
	for (; is_list(list); list = CDR(list)) {
		term item = CAR(list);
		if (is_tuple(item)) {
			if (!parse_tuple(item, o))
				return false;
			continue;
		}
		size_t i = 0, n = sizeof atom_opts / sizeof atom_opts[0];
		while (i < n && re_atoms[atom_opts[i].id] != item)
			i++;
		if (i == n)
			return false;
		o->compile |= atom_opts[i].compile;
		o->exec |= atom_opts[i].exec;
		o->flags |= atom_opts[i].flags;
	}
	return is_nil(list);
}

static bool capture_push(struct re_capture *c, int v)
{
	if ((size_t)c->n >= c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 8;
		int *nv = realloc(c->v, cap * sizeof *nv);
		if (!nv)
			return false;
		c->v = nv;
		c->cap = cap;
	}
	c->v[c->n++] = v;
	return true;
}

/* The name table entries (two bytes of group number, then the name) that
 * carry name, pushed as -k and k numbers when the pattern allows
 * duplicate names and there are several, else the one number or -1. */
static bool capture_name(struct re_capture *c, const pcre *code, bool dup,
			 const char *name)
{
	if (!dup) {
		int g = pcre_get_stringnumber(code, name);
		return capture_push(c, g < 0 ? -1 : g);
	}
	char *first, *last;
	int esize = pcre_get_stringtable_entries(code, name, &first, &last);
	if (esize < 0)
		return capture_push(c, -1);
	int k = (int)((last - first) / esize) + 1;
	if (k > 1 && !capture_push(c, -k))
		return false;
	for (int i = 0; i < k; i++, first += esize) {
		int g = ((uint8_t)first[0] << 8) | (uint8_t)first[1];
		if (!capture_push(c, g))
			return false;
	}
	return true;
}

static bool has_dupnames(const pcre *code)
{
	unsigned long options = 0;
	pcre_fullinfo(code, NULL, PCRE_INFO_OPTIONS, &options);
	return (options & PCRE_DUPNAMES) != 0;
}

/* Every name in the table once, in table (alphabetical) order. */
static bool capture_all_names(struct re_capture *c, const pcre *code)
{
	int count = 0, esize = 0;
	unsigned char *table = NULL;
	pcre_fullinfo(code, NULL, PCRE_INFO_NAMECOUNT, &count);
	if (count <= 0) {
		c->type = RE_RET_NONE;
		return true;
	}
	pcre_fullinfo(code, NULL, PCRE_INFO_NAMEENTRYSIZE, &esize);
	pcre_fullinfo(code, NULL, PCRE_INFO_NAMETABLE, &table);
	bool dup = has_dupnames(code);
	const char *last = NULL;
	for (int i = 0; i < count; i++, table += esize) {
		const char *name = (const char *)table + 2;
		if (dup && last && strcmp(last, name) == 0)
			continue;
		if (dup) {
			if (!capture_name(c, code, true, name))
				return false;
		} else if (!capture_push(c, (table[0] << 8) | table[1])) {
			return false;
		}
		last = name;
	}
	return true;
}

char *re_iodata_cstr(term t)
{
	if (!is_list(t) && !is_nil(t) && !is_binary_term(t))
		return NULL;
	size_t len;
	uint8_t *s = iolist_flatten(t, &len);
	char *c = s ? realloc(s, len + 1) : NULL;
	if (!c) {
		free(s);
		return NULL;
	}
	c[len] = 0;
	return c;
}

/* One element of a capture list: a group number or a name (atom or
 * iodata). */
static bool capture_item(struct re_capture *c, const pcre *code, term v)
{
	int g;
	if (to_int(v, &g))
		return capture_push(c, g);
	char *name;
	if (is_atom(v)) {
		size_t len;
		const char *s = atom_text(v, &len);
		name = malloc(len + 1);
		if (!name)
			return false;
		memcpy(name, s, len);
		name[len] = 0;
	} else if (is_nil(v) || !(name = re_iodata_cstr(v))) {
		return false;
	}
	bool ok = capture_name(c, code, has_dupnames(code), name);
	free(name);
	return ok;
}

bool re_capture_build(const struct re_opts *o, const void *code,
		      struct re_capture *c)
{
	memset(c, 0, sizeof *c);
	term type = o->cap_type, vals = o->cap_values;
	if (type == RA(index))
		c->type = RE_RET_INDEX;
	else if (type == RA(list))
		c->type = RE_RET_LIST;
	else if (type == RA(binary))
		c->type = RE_RET_BINARY;
	else
		return false;
	if (vals == RA(all))
		return true;
	if (vals == RA(none) || is_nil(vals)) {
		c->type = RE_RET_NONE;
		return true;
	}
	if (vals == RA(all_but_first)) {
		c->n = -1;
		return true;
	}
	if (vals == RA(first))
		return capture_push(c, 0);
	if (vals == RA(all_names))
		return capture_all_names(c, code);
	if (!is_list(vals))
		return false;
	for (; is_list(vals); vals = CDR(vals))
		if (!capture_item(c, code, CAR(vals)))
			return false;
	return is_nil(vals);
}

void re_capture_free(struct re_capture *c)
{
	free(c->v);
	c->v = NULL;
	c->n = 0;
	c->cap = 0;
}
