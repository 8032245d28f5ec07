/* BIFs on binaries: the binary module (searching, splitting, copying,
 * unsigned encoding) and erlang's binary conversions, sizes and parts. */
#include "beam.h"
#include <stdlib.h>
#include <zlib.h>

#define BIF(name) static term name(struct proc *p __attribute__((unused)), \
				   term *a __attribute__((unused)))

/* binary module: byte searching on whole binaries. */
static const uint8_t *bytes_of(term t, size_t *n, uint8_t **tmp)
{
	/* Callers free *tmp on every path, the failing ones included. */
	*tmp = NULL;
	*n = 0;
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
/* The options of match/3, matches/3 (mode 0, 1: only {scope, _}) and
 * split/3 (mode 2: also global, trim, trim_all); OTP stops at an improper
 * tail. */
static bool search_opts_ok(term opts, int mode)
{
	if (!is_list(opts) && opts != NIL)
		return false;
	for (term l = opts; is_list(l); l = CDR(l)) {
		term o = CAR(l);
		if (is_tuple(o) && tuple_arity(o) == 2 &&
		    tuple_elems(o)[0] == atom_intern("scope", 5))
			continue;
		if (mode == 2 && (o == ATOM(global) || o == atom_intern("trim", 4) ||
				  o == atom_intern("trim_all", 8)))
			continue;
		return false;
	}
	return true;
}
/* A pattern: a non-empty binary or a non-empty list of them. */
static bool pattern_ok(term pat)
{
	if (is_binary_term(pat))
		return bin_of(pat)->bitsize > 0;
	if (!is_list(pat))
		return false;
	term l = pat;
	for (; is_list(l); l = CDR(l))
		if (!is_binary_term(CAR(l)) || !bin_of(CAR(l))->bitsize)
			return false;
	return l == NIL;
}
static term bin_search(struct proc *p, term *a, int nargs, int mode)
{
	size_t hn;
	uint8_t *tmp;
	const uint8_t *h = bytes_of(a[0], &hn, &tmp);
	if (!h || (nargs == 3 && !search_opts_ok(a[2], mode))) {
		free(tmp);
		return BADARG(p);
	}
	term opts = nargs == 3 ? a[2] : NIL;
	bool global = mode == 1 || opt_global(opts);
	/* {scope, {Start, Length}}: only that part is searched */
	size_t from = 0, limit = hn;
	for (term l = opts; is_list(l); l = CDR(l)) {
		term o = CAR(l);
		if (!is_tuple(o) || tuple_arity(o) != 2 ||
		    tuple_elems(o)[0] != atom_intern("scope", 5))
			continue;
		term sc = tuple_elems(o)[1];
		if (!is_tuple(sc) || tuple_arity(sc) != 2 ||
		    !is_small(tuple_elems(sc)[0]) || !is_small(tuple_elems(sc)[1])) {
			free(tmp);
			return BADARG(p);
		}
		int64_t st = small_val(tuple_elems(sc)[0]);
		int64_t ln = small_val(tuple_elems(sc)[1]);
		if (ln < 0) {
			st += ln;
			ln = -ln;
		}
		if (st < 0 || (uint64_t)(st + ln) > hn) {
			free(tmp);
			return BADARG(p);
		}
		from = (size_t)st;
		limit = (size_t)(st + ln);
	}
	if (hn == 0) {
		/* OTP answers for an empty subject before looking at the
		 * pattern. */
		free(tmp);
		return mode == 0 ? ATOM(nomatch) : mode == 1 ? NIL : cons(p, a[0], NIL);
	}
	term out = NIL, *tail = &out;
	size_t pos = 0, mlen;
	long at;
	term result = NONV;
	while ((at = find_bytes(h, limit, from, a[1], &mlen)) >= 0) {
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
		from = pos;
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
/* The "compiled" pattern is the pattern itself (OTP: {bm | ac, Ref}); the
 * search functions take either. */
BIF(b_bin_compile_pattern) { return pattern_ok(a[0]) ? a[0] : BADARG(p); }
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
	if (a[1] != ATOM(little) && a[1] != ATOM(big))
		return BADARG(p);
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
	if (a[1] != ATOM(little) && a[1] != ATOM(big))
		return BADARG(p);
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
		return FALSE_T;   /* OTP's is Erlang code: not a binary, not 7-bit */
	bool ok = true;
	for (size_t i = 0; i < n && ok; i++)
		ok = s[i] < 128;
	free(tmp);
	return BOOL_T(ok);
}

/* erlang BIFs on binaries: conversions, sizes, parts. */
BIF(b_binary_to_list)
{
	size_t n;
	uint8_t *tmp;
	const uint8_t *s = bin_bytes(a[0], &n, &tmp);
	if (!s || !is_binary_term(a[0]))
		return BADARG(p);
	term r = make_string(p, (const char *)s, n);
	free(tmp);
	return r;
}
BIF(b_binary_to_list3)
{
	size_t n;
	uint8_t *tmp;
	const uint8_t *s = bin_bytes(a[0], &n, &tmp);
	if (!s || !is_binary_term(a[0]) || !is_small(a[1]) || !is_small(a[2]))
		return BADARG(p);
	int64_t from = small_val(a[1]), to = small_val(a[2]);
	if (from < 1 || to < from - 1 || (size_t)to > n) {
		free(tmp);
		return BADARG(p);
	}
	term r = make_string(p, (const char *)s + from - 1, (size_t)(to - from + 1));
	free(tmp);
	return r;
}
BIF(b_bitstring_to_list)
{
	if (!is_bitstring_term(a[0]))
		return BADARG(p);
	struct bin_obj *o = bin_of(a[0]);
	size_t n = (size_t)(o->bitsize / 8);
	uint8_t *buf = calloc(n + 1, 1);
	bits_copy(buf, 0, o->buf->data, o->bitoff, (uint64_t)n * 8);
	term tail = NIL;
	if (o->bitsize % 8) {
		uint64_t r = o->bitsize % 8;
		struct binbuf *b = binbuf_new(1);
		b->data[0] = 0;
		bits_copy(b->data, 0, o->buf->data, o->bitoff + (uint64_t)n * 8, r);
		b->size = 1;
		tail = cons(p, bin_make(p, b, 0, r), NIL);
	}
	term *hp = heap_alloc(p, 2 * n);
	for (size_t i = n; i-- > 0;) {
		hp[2 * i] = make_small(buf[i]);
		hp[2 * i + 1] = tail;
		tail = make_list(hp + 2 * i);
	}
	free(buf);
	return tail;
}
BIF(b_list_to_binary)
{
	size_t n;
	if (!is_list(a[0]) && a[0] != NIL)
		return BADARG(p);
	uint8_t *d = iolist_flatten(a[0], &n);
	if (!d)
		return BADARG(p);
	term r = bin_new(p, d, n);
	free(d);
	return r;
}
BIF(b_iolist_to_binary)
{
	if (is_binary_term(a[0]))
		return a[0];
	return b_list_to_binary(p, a);
}
BIF(b_iolist_size)
{
	if (is_binary_term(a[0]))
		return make_small(bin_of(a[0])->bitsize / 8);
	long n = iolist_size(a[0]);
	return n < 0 ? BADARG(p) : make_small(n);
}
BIF(b_byte_size)
{
	if (!is_bitstring_term(a[0]))
		return BADARG(p);
	return make_small((bin_of(a[0])->bitsize + 7) / 8);
}
BIF(b_bit_size)
{
	if (!is_bitstring_term(a[0]))
		return BADARG(p);
	return make_small(bin_of(a[0])->bitsize);
}
static term bin_part(struct proc *p, term b, term st, term ln)
{
	if (!is_binary_term(b) || !is_small(st) || !is_small(ln))
		return BADARG(p);
	int64_t s = small_val(st), l = small_val(ln);
	int64_t size = (int64_t)(bin_of(b)->bitsize / 8);
	if (l < 0) {
		s += l;
		l = -l;
	}
	if (s < 0 || s + l > size)
		return BADARG(p);
	struct bin_obj *o = bin_of(b);
	return bin_make(p, o->buf, o->bitoff + (uint64_t)s * 8, (uint64_t)l * 8);
}
BIF(b_binary_part3) { return bin_part(p, a[0], a[1], a[2]); }
BIF(b_binary_part2)
{
	if (!is_tuple(a[1]) || tuple_arity(a[1]) != 2)
		return BADARG(p);
	return bin_part(p, a[0], tuple_elems(a[1])[0], tuple_elems(a[1])[1]);
}
BIF(b_split_binary)
{
	if (!is_binary_term(a[0]) || !is_small(a[1]))
		return BADARG(p);
	int64_t at = small_val(a[1]);
	struct bin_obj *o = bin_of(a[0]);
	if (at < 0 || (uint64_t)at * 8 > o->bitsize)
		return BADARG(p);
	term l = bin_make(p, o->buf, o->bitoff, (uint64_t)at * 8);
	term r = bin_make(p, o->buf, o->bitoff + (uint64_t)at * 8,
			  o->bitsize - (uint64_t)at * 8);
	return tuple2(p, l, r);
}
/* A bitstring being built by list_to_bitstring/1. */
struct bitacc {
	uint8_t *d;
	uint64_t bits;
	size_t cap;
};

static void acc_bits(struct bitacc *b, const uint8_t *s, uint64_t off,
		     uint64_t n)
{
	size_t need = (size_t)((b->bits + n + 7) / 8);
	if (need > b->cap) {
		b->cap = need * 2 + 64;
		b->d = realloc(b->d, b->cap);
	}
	for (uint64_t i = 0; i < n; i++) {
		uint64_t from = off + i, to = b->bits + i;
		unsigned bit = (s[from >> 3] >> (7 - (from & 7))) & 1;
		uint8_t mask = (uint8_t)(0x80 >> (to & 7));
		if (bit)
			b->d[to >> 3] |= mask;
		else
			b->d[to >> 3] &= (uint8_t)~mask;
	}
	b->bits += n;
}

static bool bitlist_walk(term t, struct bitacc *b, int depth)
{
	if (depth > 100000)
		return false;
	for (;; t = CDR(t)) {
		term h = t;
		if (is_list(t))
			h = CAR(t);
		else if (t == NIL)
			return true;
		if (is_small(h)) {
			if (!is_list(t) || small_val(h) < 0 || small_val(h) > 255)
				return false;
			uint8_t c = (uint8_t)small_val(h);
			acc_bits(b, &c, 0, 8);
		} else if (is_bitstring_term(h)) {
			struct bin_obj *o = bin_of(h);
			acc_bits(b, o->buf->data, o->bitoff, o->bitsize);
		} else if (is_list(t) && (is_list(h) || h == NIL)) {
			if (!bitlist_walk(h, b, depth + 1))
				return false;
		} else {
			return false;
		}
		if (!is_list(t))
			return true;
	}
}

BIF(b_list_to_bitstring)
{
	/* a bitstring list: bytes, bitstrings and such lists, bitwise */
	if (!is_list(a[0]) && a[0] != NIL)
		return BADARG(p);
	struct bitacc b = { 0 };
	if (!bitlist_walk(a[0], &b, 0)) {
		free(b.d);
		return BADARG(p);
	}
	size_t bytes = (size_t)((b.bits + 7) / 8);
	struct binbuf *buf = binbuf_new(bytes);
	if (bytes)
		memcpy(buf->data, b.d, bytes);
	buf->size = bytes;
	free(b.d);
	return bin_make(p, buf, 0, b.bits);
}

static term bin_list_range(struct proc *p, term b, int64_t from, int64_t len)
{
	size_t n;
	uint8_t *tmp;
	const uint8_t *s = bin_bytes(b, &n, &tmp);
	if (!s || !is_binary_term(b))
		return BADARG(p);
	if (len < 0) {
		from += len;
		len = -len;
	}
	if (from < 0 || (size_t)(from + len) > n) {
		free(tmp);
		return BADARG(p);
	}
	term r = make_string(p, (const char *)s + from, (size_t)len);
	free(tmp);
	return r;
}
BIF(b_bin_to_list1) { return b_binary_to_list(p, a); }
BIF(b_bin_to_list2)
{
	if (!is_tuple(a[1]) || tuple_arity(a[1]) != 2 || !is_small(tuple_elems(a[1])[0]) ||
	    !is_small(tuple_elems(a[1])[1]))
		return BADARG(p);
	return bin_list_range(p, a[0], small_val(tuple_elems(a[1])[0]),
			      small_val(tuple_elems(a[1])[1]));
}
BIF(b_bin_to_list3)
{
	if (!is_small(a[1]) || !is_small(a[2]))
		return BADARG(p);
	return bin_list_range(p, a[0], small_val(a[1]), small_val(a[2]));
}
BIF(b_bin_list_to_bin) { return b_list_to_binary(p, a); }

/* zlib's one-shot functions: compress/uncompress (zlib format), gzip/
 * gunzip and zip/unzip (raw deflate), default level and memory, so the
 * bytes are those of OTP's zlib module over the same library.  The window
 * bits pick the format: 15 zlib, 31 gzip, -15 raw. */
static term zlib_deflate(struct proc *p, term data, int wbits)
{
	size_t n;
	uint8_t *d = iolist_flatten(data, &n);
	if (!d)
		return BADARG(p);
	z_stream zs;
	memset(&zs, 0, sizeof zs);
	if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, wbits, 8,
			 Z_DEFAULT_STRATEGY) != Z_OK) {
		free(d);
		return BADARG(p);
	}
	size_t cap = deflateBound(&zs, n) + 32;
	uint8_t *z = malloc(cap);
	zs.next_in = d;
	zs.avail_in = (uInt)n;
	zs.next_out = z;
	zs.avail_out = (uInt)cap;
	int r = deflate(&zs, Z_FINISH);
	size_t len = cap - zs.avail_out;
	deflateEnd(&zs);
	free(d);
	term t = r == Z_STREAM_END ? bin_new(p, z, len) : BADARG(p);
	free(z);
	return t;
}

static term zlib_inflate(struct proc *p, term data, int wbits)
{
	size_t n;
	uint8_t *d = iolist_flatten(data, &n);
	if (!d)
		return BADARG(p);
	z_stream zs;
	memset(&zs, 0, sizeof zs);
	if (inflateInit2(&zs, wbits) != Z_OK) {
		free(d);
		return BADARG(p);
	}
	size_t cap = n * 4 + 64, len = 0;
	uint8_t *out = malloc(cap);
	zs.next_in = d;
	zs.avail_in = (uInt)n;
	int r;
	do {
		if (len == cap) {
			cap *= 2;
			out = realloc(out, cap);
		}
		zs.next_out = out + len;
		zs.avail_out = (uInt)(cap - len);
		r = inflate(&zs, Z_NO_FLUSH);
		len = cap - zs.avail_out;
	} while (r == Z_OK && (zs.avail_in > 0 || len == cap));
	inflateEnd(&zs);
	free(d);
	term t = r == Z_STREAM_END ? bin_new(p, out, len)
				   : raise_error(p, atom_intern("data_error", 10));
	free(out);
	return t;
}
BIF(b_zlib_compress) { return zlib_deflate(p, a[0], 15); }
BIF(b_zlib_uncompress) { return zlib_inflate(p, a[0], 15); }
BIF(b_zlib_gzip) { return zlib_deflate(p, a[0], 31); }
BIF(b_zlib_gunzip) { return zlib_inflate(p, a[0], 31); }
BIF(b_zlib_zip) { return zlib_deflate(p, a[0], -15); }
BIF(b_zlib_unzip) { return zlib_inflate(p, a[0], -15); }

const struct bif_def bifs_binary[] = {
	{"zlib", "compress", 1, b_zlib_compress},
	{"zlib", "uncompress", 1, b_zlib_uncompress},
	{"zlib", "gzip", 1, b_zlib_gzip}, {"zlib", "gunzip", 1, b_zlib_gunzip},
	{"zlib", "zip", 1, b_zlib_zip}, {"zlib", "unzip", 1, b_zlib_unzip},
	{"binary", "bin_to_list", 1, b_bin_to_list1},
	{"binary", "bin_to_list", 2, b_bin_to_list2},
	{"binary", "bin_to_list", 3, b_bin_to_list3},
	{"binary", "list_to_bin", 1, b_bin_list_to_bin},
	{"erlang", "binary_to_list", 1, b_binary_to_list},
	{"erlang", "binary_to_list", 3, b_binary_to_list3},
	{"erlang", "bitstring_to_list", 1, b_bitstring_to_list},
	{"erlang", "list_to_binary", 1, b_list_to_binary},
	{"erlang", "list_to_bitstring", 1, b_list_to_bitstring},
	{"erlang", "iolist_to_binary", 1, b_iolist_to_binary},
	{"erlang", "iolist_size", 1, b_iolist_size},
	{"erlang", "byte_size", 1, b_byte_size},
	{"erlang", "bit_size", 1, b_bit_size},
	{"erlang", "binary_part", 2, b_binary_part2},
	{"erlang", "binary_part", 3, b_binary_part3},
	{"binary", "part", 2, b_binary_part2},
	{"binary", "part", 3, b_binary_part3},
	{"erlang", "split_binary", 2, b_split_binary},
	{"binary", "copy", 2, b_bin_copy2},
	{"binary", "encode_unsigned", 2, b_bin_encode_unsigned2},
	{"binary", "decode_unsigned", 2, b_bin_decode_unsigned2},
	{"binary", "longest_common_prefix", 1, b_bin_lcp},
	{"binary", "longest_common_suffix", 1, b_bin_lcs},
	{"binary", "referenced_byte_size", 1, b_bin_refsize},
	{"unicode", "bin_is_7bit", 1, b_bin_is_7bit},
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
