/* Conversion BIFs between atoms, numbers, lists, binaries and the
 * external format. */
#include "beam.h"
#include "host.h"
#include <zlib.h>
#include <math.h>
#include <stdlib.h>
#include <errno.h>

#define BIF(name) static term name(struct proc *p __attribute__((unused)), \
				   term *a __attribute__((unused)))

/* Bytes of a list of integers 0..255 (NUL-terminated copy); NULL if not. */
static char *list_bytes(term l, size_t *len)
{
	long n = list_length(l);
	if (n < 0)
		return NULL;
	char *s = malloc((size_t)n + 1);
	size_t i = 0;
	for (; is_list(l); l = CDR(l)) {
		term c = CAR(l);
		if (!is_small(c) || small_val(c) < 0 || small_val(c) > 255) {
			free(s);
			return NULL;
		}
		s[i++] = (char)small_val(c);
	}
	s[i] = 0;
	*len = i;
	return s;
}

static size_t utf8_put(char *o, uint32_t c)
{
	if (c < 0x80) { o[0] = (char)c; return 1; }
	if (c < 0x800) { o[0] = (char)(0xC0 | (c >> 6)); o[1] = (char)(0x80 | (c & 0x3F)); return 2; }
	if (c < 0x10000) {
		o[0] = (char)(0xE0 | (c >> 12)); o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		o[2] = (char)(0x80 | (c & 0x3F)); return 3;
	}
	o[0] = (char)(0xF0 | (c >> 18)); o[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((c >> 6) & 0x3F)); o[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

/* UTF-8 of a list of code points; NULL if not a proper character list. */
static char *list_utf8(term l, size_t *len)
{
	long n = list_length(l);
	if (n < 0)
		return NULL;
	char *s = malloc((size_t)n * 4 + 1);
	size_t k = 0;
	for (; is_list(l); l = CDR(l)) {
		term c = CAR(l);
		if (!is_small(c) || small_val(c) < 0 || small_val(c) > 0x10FFFF ||
		    (small_val(c) >= 0xD800 && small_val(c) <= 0xDFFF)) {
			free(s);
			return NULL;
		}
		k += utf8_put(s + k, (uint32_t)small_val(c));
	}
	s[k] = 0;
	*len = k;
	return s;
}

/* List of code points from UTF-8; NONV if malformed. */
static term utf8_list(struct proc *p, const uint8_t *s, size_t n)
{
	uint32_t *cps = malloc((n + 1) * sizeof(uint32_t));
	size_t k = 0;
	for (size_t i = 0; i < n;) {
		uint8_t c = s[i];
		uint32_t cp;
		int len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
			: (c & 0xF8) == 0xF0 ? 4 : 0;
		if (!len || i + (size_t)len > n) {
			free(cps);
			return NONV;
		}
		cp = len == 1 ? c : len == 2 ? (c & 0x1Fu) : len == 3 ? (c & 0x0Fu) : (c & 0x07u);
		for (int j = 1; j < len; j++) {
			if ((s[i + (size_t)j] & 0xC0) != 0x80) {
				free(cps);
				return NONV;
			}
			cp = cp << 6 | (s[i + (size_t)j] & 0x3Fu);
		}
		cps[k++] = cp;
		i += (size_t)len;
	}
	term *hp = heap_alloc(p, 2 * k);
	term r = NIL;
	for (size_t i = k; i-- > 0;) {
		hp[2 * i] = make_small(cps[i]);
		hp[2 * i + 1] = r;
		r = make_list(hp + 2 * i);
	}
	free(cps);
	return r;
}

BIF(b_atom_to_list)
{
	if (!is_atom(a[0]))
		return BADARG(p);
	size_t n;
	const char *s = atom_text(a[0], &n);
	return utf8_list(p, (const uint8_t *)s, n);
}
BIF(b_list_to_atom)
{
	size_t n;
	char *s = list_utf8(a[0], &n);
	if (!s)
		return BADARG(p);
	/* OTP's limit is 255 characters, not bytes */
	size_t chars = 0;
	for (size_t i = 0; i < n; i++)
		chars += ((uint8_t)s[i] & 0xC0) != 0x80;
	term r = chars <= 255 ? atom_intern(s, n) : NONV;
	free(s);
	return r == NONV ? raise_error(p, ATOM(system_limit)) : r;
}
BIF(b_list_to_existing_atom)
{
	size_t n;
	char *s = list_utf8(a[0], &n);
	if (!s)
		return BADARG(p);
	term r = atom_lookup(s, n);
	free(s);
	return r == NONV ? BADARG(p) : r;
}
/* The encoding argument of the atom/binary conversions: 0 latin1, 1 UTF-8,
 * -1 not an encoding. */
static int atom_enc(term *a, bool has)
{
	if (!has || a[1] == ATOM(utf8) || a[1] == ATOM(unicode))
		return 1;
	return a[1] == ATOM(latin1) ? 0 : -1;
}
static term atom_to_bin(struct proc *p, term *a, bool has_enc)
{
	int enc = atom_enc(a, has_enc);
	if (!is_atom(a[0]) || enc < 0)
		return BADARG(p);
	size_t n;
	const uint8_t *s = (const uint8_t *)atom_text(a[0], &n);
	if (enc == 1)
		return bin_new(p, s, n);
	/* Latin-1: every character must be below 256. */
	uint8_t *out = malloc(n + 1);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < 0x80) {
			out[k++] = s[i];
		} else if ((s[i] & 0xE0) == 0xC0 && s[i] < 0xC4 && i + 1 < n) {
			out[k++] = (uint8_t)(((s[i] & 0x1F) << 6) | (s[i + 1] & 0x3F));
			i++;
		} else {
			free(out);
			return BADARG(p);
		}
	}
	term r = bin_new(p, out, k);
	free(out);
	return r;
}
BIF(b_atom_to_binary) { return atom_to_bin(p, a, false); }
BIF(b_atom_to_binary2) { return atom_to_bin(p, a, true); }

/* Length of the well-formed UTF-8 character at s (n bytes left): 1..4, or
 * 0 if it is malformed, overlong, a surrogate or past U+10FFFF. */
static size_t utf8_char(const uint8_t *s, size_t n)
{
	uint32_t c;
	size_t k;
	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xE0) == 0xC0) { c = s[0] & 0x1F; k = 2; }
	else if ((s[0] & 0xF0) == 0xE0) { c = s[0] & 0x0F; k = 3; }
	else if ((s[0] & 0xF8) == 0xF0) { c = s[0] & 0x07; k = 4; }
	else return 0;
	if (n < k)
		return 0;
	for (size_t i = 1; i < k; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	static const uint32_t min[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	if (c < min[k] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	return k;
}
/* binary_to_atom and binary_to_existing_atom: the bytes in the given
 * encoding, at most 255 characters (system_limit past that, as OTP). */
static term bin_to_atom(struct proc *p, term *a, bool has_enc, bool existing)
{
	int enc = atom_enc(a, has_enc);
	size_t n;
	uint8_t *tmp;
	const uint8_t *s = bin_bytes(a[0], &n, &tmp);
	if (!s || !is_binary_term(a[0]) || enc < 0) {
		free(tmp);
		return BADARG(p);
	}
	uint8_t *u = malloc(2 * n + 1);
	size_t k = 0, chars = 0;
	for (size_t i = 0; i < n; chars++) {
		if (enc == 0 || s[i] < 0x80) {
			if (s[i] < 0x80) {
				u[k++] = s[i];
			} else {
				u[k++] = (uint8_t)(0xC0 | (s[i] >> 6));
				u[k++] = (uint8_t)(0x80 | (s[i] & 0x3F));
			}
			i++;
			continue;
		}
		size_t l = utf8_char(s + i, n - i);
		if (!l) {
			free(u);
			free(tmp);
			return BADARG(p);
		}
		memcpy(u + k, s + i, l);
		k += l;
		i += l;
	}
	free(tmp);
	term r = NONV;
	if (chars <= 255)
		r = existing ? atom_lookup((const char *)u, k)
			     : atom_intern((const char *)u, k);
	free(u);
	if (r != NONV)
		return r;
	return existing ? BADARG(p) : raise_error(p, ATOM(system_limit));
}
BIF(b_binary_to_atom) { return bin_to_atom(p, a, false, false); }
BIF(b_binary_to_atom2) { return bin_to_atom(p, a, true, false); }
BIF(b_binary_to_existing_atom) { return bin_to_atom(p, a, false, true); }
BIF(b_binary_to_existing_atom2) { return bin_to_atom(p, a, true, true); }

static term int_to_chars(struct proc *p, term i, term base, bool bin)
{
	if (!is_integer(i) || !is_small(base) || small_val(base) < 2 ||
	    small_val(base) > 36)
		return BADARG(p);
	char *s = int_to_string(i, (int)small_val(base));
	term r = bin ? bin_new(p, s, strlen(s)) : make_string(p, s, strlen(s));
	free(s);
	return r;
}
BIF(b_integer_to_list) { return int_to_chars(p, a[0], make_small(10), false); }
BIF(b_integer_to_list2) { return int_to_chars(p, a[0], a[1], false); }
BIF(b_integer_to_binary) { return int_to_chars(p, a[0], make_small(10), true); }
BIF(b_integer_to_binary2) { return int_to_chars(p, a[0], a[1], true); }

static term chars_to_int(struct proc *p, const char *s, size_t n, term base)
{
	if (!is_small(base) || small_val(base) < 2 || small_val(base) > 36)
		return BADARG(p);
	term r = int_from_string(p, s, n, (int)small_val(base));
	return r == NONV ? BADARG(p) : r;
}
BIF(b_list_to_integer2)
{
	size_t n;
	char *s = list_bytes(a[0], &n);
	if (!s)
		return BADARG(p);
	term r = chars_to_int(p, s, n, a[1]);
	free(s);
	return r;
}
BIF(b_list_to_integer)
{
	term args[2] = { a[0], make_small(10) };
	return b_list_to_integer2(p, args);
}
BIF(b_binary_to_integer2)
{
	size_t n;
	uint8_t *tmp;
	const uint8_t *s = bin_bytes(a[0], &n, &tmp);
	if (!s || !is_binary_term(a[0]))
		return BADARG(p);
	term r = chars_to_int(p, (const char *)s, n, a[1]);
	free(tmp);
	return r;
}
BIF(b_binary_to_integer)
{
	term args[2] = { a[0], make_small(10) };
	return b_binary_to_integer2(p, args);
}

/* float_to_list/2 formatting; returns malloc'd text or NULL (badarg). */
static char *float_text(term f, term opts)
{
	double d;
	if (is_float(f))
		d = float_val(f);
	else
		return NULL;
	char buf[512];
	int decimals = -1, sci = -1;
	bool compact = false, shrt = false;
	for (term l = opts; is_list(l); l = CDR(l)) {
		term o = CAR(l);
		if (o == ATOM(compact))
			compact = true;
		else if (o == ATOM(short)) {
			/* short, decimals and scientific: the last one wins */
			shrt = true;
			decimals = sci = -1;
		} else if (is_tuple(o) && tuple_arity(o) == 2 && is_small(tuple_elems(o)[1])) {
			int64_t v = small_val(tuple_elems(o)[1]);
			if (tuple_elems(o)[0] == ATOM(decimals) && v >= 0 && v <= 253) {
				decimals = (int)v;
				sci = -1;
				shrt = false;
			} else if (tuple_elems(o)[0] == ATOM(scientific) && v >= 0 && v <= 249) {
				sci = (int)v;
				decimals = -1;
				shrt = false;
			} else
				return NULL;
		} else
			return NULL;
	}
	if (list_length(opts) < 0)
		return NULL;
	if (shrt) {
		struct strbuf b = { 0 };
		print_float(&b, d);
		return b.s;
	}
	if (decimals >= 0) {
		fmt_exact(buf, sizeof buf, d, decimals, false);
		/* OTP rounds an exact tie away from zero; printf rounds it to
		 * even.  A tie shows as 5 then only zeros in a longer print. */
		char longer[600];
		fmt_exact(longer, sizeof longer, d, decimals + 40, false);
		char *dot = strchr(longer, '.');
		char *tail = dot + 1 + decimals;
		if (*tail == '5' && strspn(tail + 1, "0") == strlen(tail + 1)) {
			double step = pow(10, -decimals);
			double r = d < 0 ? -(fabs(trunc(d / step)) + 1) * step
					 : (trunc(d / step) + 1) * step;
			fmt_exact(buf, sizeof buf, r, decimals, false);
		}
		/* OTP prints into a 256-byte buffer and gives up past it */
		if (strlen(buf) >= 256)
			return NULL;
		if (compact && strchr(buf, '.')) {
			size_t n = strlen(buf);
			while (n > 0 && buf[n - 1] == '0' && buf[n - 2] != '.')
				buf[--n] = 0;
		}
	} else {
		fmt_exact(buf, sizeof buf, d, sci >= 0 ? sci : 20, true);
	}
	return strdup(buf);
}
BIF(b_float_to_list2)
{
	char *s = float_text(a[0], a[1]);
	if (!s)
		return BADARG(p);
	term r = make_string(p, s, strlen(s));
	free(s);
	return r;
}
BIF(b_float_to_list)
{
	term args[2] = { a[0], NIL };
	return b_float_to_list2(p, args);
}
BIF(b_float_to_binary2)
{
	char *s = float_text(a[0], a[1]);
	if (!s)
		return BADARG(p);
	term r = bin_new(p, s, strlen(s));
	free(s);
	return r;
}
BIF(b_float_to_binary)
{
	term args[2] = { a[0], NIL };
	return b_float_to_binary2(p, args);
}

/* Erlang float syntax: [+-]digits.digits[(e|E)[+-]digits]; OTP takes a
 * comma for the point too ("1,5" is 1.5). */
static term chars_to_float(struct proc *p, const char *s, size_t n)
{
	size_t i = 0;
	if (i < n && (s[i] == '-' || s[i] == '+'))
		i++;
	size_t d0 = i;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i == d0 || i >= n || (s[i] != '.' && s[i] != ','))
		return BADARG(p);
	size_t point = i++;
	size_t d1 = i;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i == d1)
		return BADARG(p);
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '-' || s[i] == '+'))
			i++;
		size_t d2 = i;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == d2)
			return BADARG(p);
	}
	if (i != n)
		return BADARG(p);
	char *c = strndup(s, n);
	c[point] = '.';
	double d = strtod(c, NULL);
	free(c);
	if (!isfinite(d))
		return BADARG(p);
	return make_float(p, d);
}
BIF(b_list_to_float)
{
	size_t n;
	char *s = list_bytes(a[0], &n);
	if (!s)
		return BADARG(p);
	term r = chars_to_float(p, s, n);
	free(s);
	return r;
}
BIF(b_binary_to_float)
{
	size_t n;
	uint8_t *tmp;
	const uint8_t *s = bin_bytes(a[0], &n, &tmp);
	if (!s || !is_binary_term(a[0]))
		return BADARG(p);
	term r = chars_to_float(p, (const char *)s, n);
	free(tmp);
	return r;
}

BIF(b_term_to_binary)
{
	size_t n;
	uint8_t *d = ext_encode(a[0], &n);
	if (!d)
		return BADARG(p);
	term r = bin_new(p, d, n);
	free(d);
	return r;
}
/* Options: compressed, {compressed, 0..9}, {minor_version, 0..2},
 * deterministic (big maps in key order).  A compressed encoding is used
 * only when it is smaller, as in OTP. */
BIF(b_term_to_binary2)
{
	int level = 0, minor = 1;
	bool deterministic = false;
	term o = a[1];
	for (; is_list(o); o = CDR(o)) {
		term x = CAR(o);
		if (x == ATOM(compressed)) {
			level = Z_DEFAULT_COMPRESSION;
		} else if (x == ATOM(deterministic)) {
			deterministic = true;
		} else if (is_tuple(x) && tuple_arity(x) == 2 &&
			   is_small(tuple_elems(x)[1])) {
			int64_t v = small_val(tuple_elems(x)[1]);
			if (tuple_elems(x)[0] == ATOM(compressed) && v >= 0 && v <= 9)
				level = (int)v;
			else if (tuple_elems(x)[0] == ATOM(minor_version) && v >= 0 && v <= 2)
				minor = (int)v;
			else
				return BADARG(p);
		} else {
			return BADARG(p);
		}
	}
	if (o != NIL)
		return BADARG(p);
	size_t n;
	uint8_t *d = ext_encode_opts(a[0], &n, minor, deterministic);
	if (!d)
		return BADARG(p);
	if (level != 0 && n > 1) {
		uLongf zn = compressBound((uLong)(n - 1));
		uint8_t *z = malloc(zn + 6);
		if (z && compress2(z + 6, &zn, d + 1, (uLong)(n - 1), level) == Z_OK &&
		    zn + 6 < n) {
			z[0] = 131;
			z[1] = 80;
			z[2] = (uint8_t)((n - 1) >> 24);
			z[3] = (uint8_t)((n - 1) >> 16);
			z[4] = (uint8_t)((n - 1) >> 8);
			z[5] = (uint8_t)(n - 1);
			free(d);
			d = z;
			n = zn + 6;
		} else {
			free(z);
		}
	}
	term r = bin_new(p, d, n);
	free(d);
	return r;
}
/* The options of term_to_binary/2 and external_size/2. */
static bool t2b_opts_ok(term opts)
{
	term l = opts;
	for (; is_list(l); l = CDR(l)) {
		term o = CAR(l);
		if (o == atom_intern("compressed", 10) ||
		    o == atom_intern("deterministic", 13) || o == atom_intern("local", 5))
			continue;
		if (is_tuple(o) && tuple_arity(o) == 2 && is_small(tuple_elems(o)[1])) {
			term k = tuple_elems(o)[0];
			int64_t v = small_val(tuple_elems(o)[1]);
			if (k == atom_intern("compressed", 10) && v >= 0 && v <= 9)
				continue;
			if (k == atom_intern("minor_version", 13) && v >= 0 && v <= 2)
				continue;
		}
		return false;
	}
	return l == NIL;
}
BIF(b_external_size2)
{
	if (!t2b_opts_ok(a[1]))
		return BADARG(p);
	size_t n;
	uint8_t *d = ext_encode(a[0], &n);
	if (!d)
		return BADARG(p);
	free(d);
	return make_small(n);
}
BIF(b_external_size)
{
	size_t n;
	uint8_t *d = ext_encode(a[0], &n);
	if (!d)
		return BADARG(p);
	free(d);
	return make_small(n);
}
BIF(b_binary_to_term)
{
	size_t n;
	uint8_t *tmp;
	const uint8_t *s = bin_bytes(a[0], &n, &tmp);
	if (!s || n < 2 || s[0] != 131) {
		free(tmp);
		return BADARG(p);
	}
	size_t used;
	term r;
	if (s[1] == 80) {
		/* compressed: 80, the inflated size (32 bits), zlib data */
		if (n < 6) {
			free(tmp);
			return BADARG(p);
		}
		uLongf want = (uLongf)s[2] << 24 | (uLongf)s[3] << 16 |
			      (uLongf)s[4] << 8 | s[5];
		uLongf got = want;
		/* a hostile size must not allocate gigabytes */
		uint8_t *z = want <= (1u << 28) ? malloc(want ? want : 1) : NULL;
		if (!z || uncompress(z, &got, s + 6, (uLong)(n - 6)) != Z_OK ||
		    got != want) {
			free(z);
			free(tmp);
			return BADARG(p);
		}
		r = ext_decode(p, NULL, z, got, &used);
		free(z);
	} else {
		r = ext_decode(p, NULL, s + 1, n - 1, &used);
	}
	free(tmp);
	return r == NONV ? BADARG(p) : r;
}
/* Options: safe (accepted; every atom is made anyway) and used, which
 * returns {Term, BytesUsed}. */
BIF(b_binary_to_term2)
{
	bool used = false;
	term o = a[1];
	for (; is_list(o); o = CDR(o)) {
		if (CAR(o) == atom_intern("used", 4))
			used = true;
		else if (CAR(o) != atom_intern("safe", 4))
			return BADARG(p);
	}
	if (o != NIL)
		return BADARG(p);
	if (!used)
		return b_binary_to_term(p, a);
	size_t n;
	uint8_t *tmp;
	const uint8_t *s = bin_bytes(a[0], &n, &tmp);
	if (!s || n < 2 || s[0] != 131 || s[1] == 80) {
		bool compressed = s && n >= 2 && s[0] == 131 && s[1] == 80;
		free(tmp);
		if (compressed) {
			/* the whole binary is the term */
			term r = b_binary_to_term(p, a);
			return r == NONV ? r : tuple2(p, r, make_small((int64_t)n));
		}
		return BADARG(p);
	}
	size_t u;
	term r = ext_decode(p, NULL, s + 1, n - 1, &u);
	free(tmp);
	return r == NONV ? BADARG(p) : tuple2(p, r, make_small((int64_t)u + 1));
}
BIF(b_term_to_iovec1)
{
	term b = b_term_to_binary(p, a);
	return b == NONV ? b : cons(p, b, NIL);
}
BIF(b_term_to_iovec2)
{
	term b = b_term_to_binary2(p, a);
	return b == NONV ? b : cons(p, b, NIL);
}

/* unicode:characters_to_list/binary for UTF-8 and Latin-1 data. */
static uint8_t *chardata_utf8(term t, size_t *len, bool latin1_in)
{
	struct strbuf b = { 0 };
	/* what is left to convert waits on a growable stack: chardata may
	 * nest as deep as it likes */
	size_t sp = 0, cap = 64;
	term *stack = malloc(cap * sizeof *stack);
	stack[sp++] = t;
	while (sp) {
		term x = stack[--sp];
		if (is_binary_term(x)) {
			size_t n;
			uint8_t *tmp;
			const uint8_t *s = bin_bytes(x, &n, &tmp);
			if (latin1_in) {
				for (size_t i = 0; i < n; i++) {
					char u[4];
					size_t k = utf8_put(u, s[i]);
					sb_puts(&b, u, k);
				}
			} else {
				sb_puts(&b, (const char *)s, n);
			}
			free(tmp);
			continue;
		}
		if (x == NIL)
			continue;
		if (!is_list(x))
			goto bad;
		term h = CAR(x);
		if (sp + 2 > cap) {
			cap *= 2;
			stack = realloc(stack, cap * sizeof *stack);
		}
		stack[sp++] = CDR(x);
		if (is_small(h)) {
			int64_t c = small_val(h);
			if (c < 0 || c > 0x10FFFF || (latin1_in && c > 255))
				goto bad;
			char u[4];
			size_t k = utf8_put(u, (uint32_t)c);
			sb_puts(&b, u, k);
		} else {
			stack[sp++] = h;
		}
	}
	free(stack);
	*len = b.len;
	if (!b.s)
		b.s = malloc(1);
	return (uint8_t *)b.s;
bad:
	free(stack);
	free(b.s);
	return NULL;
}
/* OTP answers {error, Converted, Rest} for a code point out of range.
 * Done here for a flat list of characters and binaries, the bad element
 * at its top level (Rest is then the list from it); deeper lists still
 * fail with badarg. */
static term chardata_error(struct proc *p, term t, bool latin1_in,
			   bool as_list)
{
	term l = t;
	for (; is_list(l); l = CDR(l)) {
		term h = CAR(l);
		if (is_small(h)) {
			int64_t c = small_val(h);
			if (c < 0 || c > 0x10FFFF || (latin1_in && c > 255))
				break;
		} else if (!is_binary_term(h)) {
			return NONV;
		}
	}
	if (!is_list(l))
		return NONV;
	/* the valid prefix, converted */
	struct strbuf b = { 0 };
	for (term k = t; k != l; k = CDR(k)) {
		term h = CAR(k);
		if (is_small(h)) {
			char u[4];
			size_t n = utf8_put(u, (uint32_t)small_val(h));
			sb_puts(&b, u, n);
		} else {
			size_t n;
			uint8_t *tmp;
			const uint8_t *d = bin_bytes(h, &n, &tmp);
			for (size_t i = 0; i < n; i++) {
				if (latin1_in) {
					char u[4];
					size_t m = utf8_put(u, d[i]);
					sb_puts(&b, u, m);
				} else {
					sb_puts(&b, (const char *)&d[i], 1);
				}
			}
			free(tmp);
		}
	}
	term conv = as_list ? utf8_list(p, (const uint8_t *)(b.s ? b.s : ""), b.len)
			    : bin_new(p, b.s ? b.s : "", b.len);
	free(b.s);
	if (conv == NONV)
		return NONV;
	return tuple3(p, ATOM(error), conv, l);
}
/* Length of the well-formed UTF-8 prefix of s (no overlong forms, no
 * surrogates, nothing above 10FFFF); *trunc tells whether what follows is
 * a sequence cut short by the end of the data. */
static size_t utf8_valid(const uint8_t *s, size_t n, bool *trunc)
{
	static const uint32_t min[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t i = 0;
	*trunc = false;
	while (i < n) {
		uint8_t c = s[i];
		int len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
			: (c & 0xF8) == 0xF0 ? 4 : 0;
		if (!len)
			return i;
		uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1Fu)
			: len == 3 ? (c & 0x0Fu) : (c & 0x07u);
		int j = 1;
		for (; j < len && i + (size_t)j < n; j++) {
			if ((s[i + (size_t)j] & 0xC0) != 0x80)
				return i;
			cp = cp << 6 | (s[i + (size_t)j] & 0x3Fu);
		}
		if (j < len) {
			*trunc = true;
			return i;
		}
		if (cp < min[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return i;
		i += (size_t)len;
	}
	return n;
}

/* {error | incomplete, Converted, Rest} for a malformed UTF-8 binary. */
static term binary_error(struct proc *p, term bin, bool as_list)
{
	size_t n;
	uint8_t *tmp;
	const uint8_t *d = bin_bytes(bin, &n, &tmp);
	bool trunc;
	size_t k = utf8_valid(d, n, &trunc);
	term r = NONV;
	if (k < n) {
		term conv = as_list ? utf8_list(p, d, k) : bin_new(p, d, k);
		term rest = bin_new(p, d + k, n - k);
		r = tuple3(p, trunc ? ATOM(incomplete) : ATOM(error), conv, rest);
	}
	free(tmp);
	return r;
}

/* UTF-8 data re-encoded as UTF-16 or UTF-32 (big-endian unless the
 * encoding is {_, little}); NONV for any other encoding. */
static term utf8_reencode(struct proc *p, const uint8_t *d, size_t n, term enc)
{
	term name = enc;
	bool little = false;
	if (is_tuple(enc) && tuple_arity(enc) == 2) {
		name = tuple_elems(enc)[0];
		if (tuple_elems(enc)[1] == ATOM(little))
			little = true;
		else if (tuple_elems(enc)[1] != ATOM(big))
			return NONV;
	}
	int width = name == ATOM(utf16) ? 2 : name == ATOM(utf32) ? 4 : 0;
	if (!width)
		return NONV;
	uint8_t *o = malloc(n * 4 + 4);
	size_t k = 0;
	for (size_t i = 0; i < n;) {
		uint8_t c = d[i];
		int len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
		uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1Fu)
			: len == 3 ? (c & 0x0Fu) : (c & 0x07u);
		for (int j = 1; j < len && i + (size_t)j < n; j++)
			cp = cp << 6 | (d[i + (size_t)j] & 0x3Fu);
		i += (size_t)len;
		uint32_t units[2];
		int nu = 1, uw = width;
		units[0] = cp;
		if (width == 2 && cp >= 0x10000) {
			units[0] = 0xD800 + ((cp - 0x10000) >> 10);
			units[1] = 0xDC00 + ((cp - 0x10000) & 0x3FF);
			nu = 2;
		}
		for (int u = 0; u < nu; u++)
			for (int b = 0; b < uw; b++) {
				int shift = little ? 8 * b : 8 * (uw - 1 - b);
				o[k++] = (uint8_t)(units[u] >> shift);
			}
	}
	term r = bin_new(p, o, k);
	free(o);
	return r;
}

static bool enc_latin1(term e)
{
	return e == ATOM(latin1);
}
/* An encoding unicode's functions name: latin1, unicode, utf8, utf16,
 * utf32, or {utf16 | utf32, big | little}. */
static bool enc_ok(term e)
{
	term u16 = atom_intern("utf16", 5), u32 = atom_intern("utf32", 5);
	if (e == ATOM(latin1) || e == ATOM(unicode) || e == ATOM(utf8) ||
	    e == u16 || e == u32)
		return true;
	return is_tuple(e) && tuple_arity(e) == 2 &&
	       (tuple_elems(e)[0] == u16 || tuple_elems(e)[0] == u32) &&
	       (tuple_elems(e)[1] == ATOM(big) || tuple_elems(e)[1] == ATOM(little));
}
BIF(b_characters_to_binary)
{
	if (is_binary_term(a[0])) {
		term e = binary_error(p, a[0], false);
		if (e != NONV)
			return e;
	}
	size_t n;
	uint8_t *d = chardata_utf8(a[0], &n, false);
	if (!d) {
		term e = chardata_error(p, a[0], false, false);
		return e != NONV ? e : BADARG(p);
	}
	term r = bin_new(p, d, n);
	free(d);
	return r;
}
BIF(b_characters_to_binary2)
{
	size_t n;
	if (!enc_ok(a[1]))
		return BADARG(p);
	uint8_t *d = chardata_utf8(a[0], &n, enc_latin1(a[1]));
	if (!d) {
		term e = chardata_error(p, a[0], enc_latin1(a[1]), false);
		return e != NONV ? e : BADARG(p);
	}
	term r = bin_new(p, d, n);
	free(d);
	return r;
}
BIF(b_characters_to_binary3)
{
	size_t n;
	if (!enc_ok(a[1]) || !enc_ok(a[2]))
		return BADARG(p);
	uint8_t *d = chardata_utf8(a[0], &n, enc_latin1(a[1]));
	if (!d)
		return BADARG(p);
	term r;
	if (!enc_latin1(a[2]) && a[2] != ATOM(unicode) && a[2] != ATOM(utf8)) {
		r = utf8_reencode(p, d, n, a[2]);
		free(d);
		return r != NONV ? r : BADARG(p);
	}
	if (enc_latin1(a[2])) {
		term l = utf8_list(p, d, n);
		size_t m;
		char *s = list_bytes(l, &m);
		r = s ? bin_new(p, s, m) : BADARG(p);
		free(s);
	} else {
		r = bin_new(p, d, n);
	}
	free(d);
	return r;
}
BIF(b_characters_to_list)
{
	if (is_binary_term(a[0])) {
		term e = binary_error(p, a[0], true);
		if (e != NONV)
			return e;
	}
	size_t n;
	uint8_t *d = chardata_utf8(a[0], &n, false);
	if (!d) {
		term e = chardata_error(p, a[0], false, true);
		return e != NONV ? e : BADARG(p);
	}
	term r = utf8_list(p, d, n);
	free(d);
	return r == NONV ? BADARG(p) : r;
}
BIF(b_characters_to_list2)
{
	size_t n;
	if (!enc_ok(a[1]))
		return BADARG(p);
	uint8_t *d = chardata_utf8(a[0], &n, enc_latin1(a[1]));
	if (!d) {
		term e = chardata_error(p, a[0], enc_latin1(a[1]), true);
		return e != NONV ? e : BADARG(p);
	}
	term r = utf8_list(p, d, n);
	free(d);
	return r == NONV ? BADARG(p) : r;
}

/* os:getenv/putenv/unsetenv: names and values are character lists
 * (UTF-8 in the environment, as OTP's native encoding here); a name with
 * '=' or NUL, or a value with NUL, is badarg as in OTP. */
static char *env_string(term l, bool is_name)
{
	size_t n;
	char *s = list_utf8(l, &n);
	if (!s)
		return NULL;
	if (memchr(s, 0, n) || (is_name && (n == 0 || memchr(s, '=', n)))) {
		free(s);
		return NULL;
	}
	return s;
}
static term env_value(struct proc *p, const char *v)
{
	term t = utf8_list(p, (const uint8_t *)v, strlen(v));
	return t != NONV ? t : make_string(p, v, strlen(v));
}
/* A deep list of characters only (no binaries), nested at most 1000 deep. */
static bool chars_only(term l, int depth)
{
	if (depth > 1000)
		return false;
	for (; is_list(l); l = CDR(l))
		if (is_list(CAR(l)) ? !chars_only(CAR(l), depth + 1)
				    : CAR(l) != NIL && !is_small(CAR(l)))
			return false;
	return l == NIL;
}
static term os_getenv(struct proc *p, term name, term dflt)
{
	if (name == NIL)
		return dflt;   /* no variable has an empty name */
	char *s = env_string(name, true);
	if (!s && is_list(name) && chars_only(name, 0)) {
		/* a deep list of characters names a variable too (OTP) */
		size_t n;
		uint8_t *d = chardata_utf8(name, &n, false);
		if (d && !n) {
			free(d);
			return dflt;
		}
		if (d && !memchr(d, 0, n) && !memchr(d, '=', n)) {
			s = realloc(d, n + 1);
			s[n] = 0;
		} else {
			free(d);
		}
	}
	if (!s)
		return BADARG(p);
	const char *v = host_getenv(s);
	free(s);
	return v ? env_value(p, v) : dflt;
}
BIF(b_os_getenv1) { return os_getenv(p, a[0], FALSE_T); }
BIF(b_os_getenv2) { return os_getenv(p, a[0], a[1]); }
BIF(b_os_getenv0)
{
	char *const *env = host_environ();
	size_t n = 0;
	while (env && env[n])
		n++;
	term l = NIL;
	while (n-- > 0)
		l = cons(p, env_value(p, env[n]), l);
	return l;
}
BIF(b_os_putenv)
{
	char *k = env_string(a[0], true), *v = env_string(a[1], false);
	int r = k && v ? host_setenv(k, v) : -1;
	free(k);
	free(v);
	return r == 0 ? TRUE_T : BADARG(p);
}
BIF(b_os_unsetenv)
{
	char *k = env_string(a[0], true);
	int r = k ? host_setenv(k, NULL) : -1;
	free(k);
	return r == 0 ? TRUE_T : BADARG(p);
}
BIF(b_os_type) { (void)a; return tuple2(p, ATOM(unix), ATOM(linux)); }

const struct bif_def bifs_bin[] = {
	{"os", "getenv", 1, b_os_getenv1},
	{"os", "getenv", 2, b_os_getenv2},
	{"os", "getenv", 0, b_os_getenv0},
	{"os", "putenv", 2, b_os_putenv},
	{"os", "unsetenv", 1, b_os_unsetenv},
	{"os", "type", 0, b_os_type},
	{"erlang", "atom_to_list", 1, b_atom_to_list},
	{"erlang", "list_to_atom", 1, b_list_to_atom},
	{"erlang", "list_to_existing_atom", 1, b_list_to_existing_atom},
	{"erlang", "atom_to_binary", 1, b_atom_to_binary},
	{"erlang", "atom_to_binary", 2, b_atom_to_binary2},
	{"erlang", "binary_to_atom", 1, b_binary_to_atom},
	{"erlang", "binary_to_atom", 2, b_binary_to_atom2},
	{"erlang", "binary_to_existing_atom", 1, b_binary_to_existing_atom},
	{"erlang", "binary_to_existing_atom", 2, b_binary_to_existing_atom2},
	{"erlang", "integer_to_list", 1, b_integer_to_list},
	{"erlang", "integer_to_list", 2, b_integer_to_list2},
	{"erlang", "integer_to_binary", 1, b_integer_to_binary},
	{"erlang", "integer_to_binary", 2, b_integer_to_binary2},
	{"erlang", "list_to_integer", 1, b_list_to_integer},
	{"erlang", "list_to_integer", 2, b_list_to_integer2},
	{"erlang", "binary_to_integer", 1, b_binary_to_integer},
	{"erlang", "binary_to_integer", 2, b_binary_to_integer2},
	{"erlang", "float_to_list", 1, b_float_to_list},
	{"erlang", "float_to_list", 2, b_float_to_list2},
	{"erlang", "float_to_binary", 1, b_float_to_binary},
	{"erlang", "float_to_binary", 2, b_float_to_binary2},
	{"erlang", "list_to_float", 1, b_list_to_float},
	{"erlang", "binary_to_float", 1, b_binary_to_float},
	{"erlang", "term_to_binary", 1, b_term_to_binary},
	{"erlang", "term_to_binary", 2, b_term_to_binary2},
	{"erlang", "term_to_iovec", 1, b_term_to_iovec1},
	{"erlang", "term_to_iovec", 2, b_term_to_iovec2},
	{"erlang", "external_size", 1, b_external_size},
	{"erlang", "external_size", 2, b_external_size2},
	{"erlang", "binary_to_term", 1, b_binary_to_term},
	{"erlang", "binary_to_term", 2, b_binary_to_term2},
	{"unicode", "characters_to_binary", 1, b_characters_to_binary},
	{"unicode", "characters_to_binary", 2, b_characters_to_binary2},
	{"unicode", "characters_to_binary", 3, b_characters_to_binary3},
	{"unicode", "characters_to_list", 1, b_characters_to_list},
	{"unicode", "characters_to_list", 2, b_characters_to_list2},
	{NULL, NULL, 0, NULL}
};
