/* External term format: decoding (module literals, binary_to_term) and
 * encoding (term_to_binary).  The decoder checks every length against the
 * input, and both keep nested tuples, lists and maps on stacks of their
 * own, so neither a hostile literal table nor a term nested a million
 * levels deep can exhaust the C stack. */
#include "beam.h"
#include "dist.h"
#include <stdlib.h>
#include <math.h>

struct dec {
	struct proc *p;
	void **arena;
	const uint8_t *s, *end;
	int depth;              /* nested dec_term calls (pid/ref/fun parts) */
};

/* A tuple, list or map whose elements are still being decoded. */
enum dframe_kind { DF_TUPLE, DF_LIST, DF_MAP, DF_FUN };
struct dframe {
	enum dframe_kind kind;
	term *hp;               /* tuple words, list cells or map pairs */
	size_t n, i;            /* elements expected (list: +1 for the tail), done */
};
struct dframes {
	struct dframe *v;
	size_t n, cap;
};

/* Marks "a container was opened": its elements come next. */
#define DEC_OPEN ((term)TAG_SPECIAL | ((term)0x7F << 8))

static term *dalloc(struct dec *d, size_t n)
{
	if (d->p)
		return heap_alloc(d->p, n);
	return lit_alloc(d->arena, n * sizeof(term));
}

static bool need(struct dec *d, size_t n)
{
	return (size_t)(d->end - d->s) >= n;
}

static uint32_t get32(struct dec *d)
{
	const uint8_t *p = d->s;
	d->s += 4;
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static term dec_atom(struct dec *d, size_t len, bool utf8)
{
	if (!need(d, len))
		return NONV;
	term a;
	if (utf8) {
		a = atom_intern((const char *)d->s, len);
	} else {
		char buf[1024];
		size_t k = 0;
		for (size_t i = 0; i < len && k < sizeof buf - 2; i++) {
			uint8_t c = d->s[i];
			if (c < 0x80) {
				buf[k++] = (char)c;
			} else {
				buf[k++] = (char)(0xC0 | (c >> 6));
				buf[k++] = (char)(0x80 | (c & 0x3F));
			}
		}
		a = atom_intern(buf, k);
	}
	d->s += len;
	return a;
}

static term dec_term(struct dec *d);

static term *dec_words(void *ctx, size_t n)
{
	return dalloc(ctx, n);
}

/* The map of the n decoded pairs in kv, or NONV if a key repeats. */
static term dec_map_finish(struct dec *d, term *kv, size_t n)
{
	struct map_alloc a = { dec_words, d };
	term m = map_build(&a, kv, n);
	/* OTP rejects an encoding that repeats a key */
	return map_size(m) == n ? m : NONV;
}

static void df_push(struct dframes *fs, enum dframe_kind kind, term *hp,
		    size_t n)
{
	if (fs->n == fs->cap) {
		fs->cap = fs->cap ? fs->cap * 2 : 32;
		fs->v = realloc(fs->v, fs->cap * sizeof *fs->v);
	}
	fs->v[fs->n++] = (struct dframe){ kind, hp, n, 0 };
}

static term dec_bin(struct dec *d, size_t len, unsigned bits)
{
	if (!need(d, len))
		return NONV;
	struct binbuf *b = binbuf_new(len);
	memcpy(b->data, d->s, len);
	b->size = len;
	d->s += len;
	uint64_t nbits = bits == 8 ? len * 8 : (len ? (len - 1) * 8 + bits : 0);
	if (d->p)
		return bin_make(d->p, b, 0, nbits);
	struct bin_obj *o = (struct bin_obj *)dalloc(d, BIN_WORDS);
	o->hdr = make_header(BIN_WORDS - 1, HK_BIN);
	o->buf = b;
	b->refc++;       /* the literal's own reference, kept forever: a
			  * process's sub-binaries of it must never drop the
			  * count to zero */
	o->bitoff = 0;
	o->bitsize = nbits;
	return make_boxed(o);
}

static term dec_big(struct dec *d, size_t n)
{
	if (!need(d, n + 1))
		return NONV;
	bool neg = *d->s++;
	size_t limbs = (n + 7) / 8;
	uint64_t *w = calloc(limbs + 1, 8);
	for (size_t i = 0; i < n; i++)
		w[i / 8] |= (uint64_t)d->s[i] << (8 * (i % 8));
	d->s += n;
	while (limbs && !w[limbs - 1])
		limbs--;
	term r;
	if (limbs == 0) {
		r = make_small(0);
	} else if (limbs == 1 && w[0] <= (uint64_t)MAX_SMALL) {
		r = make_small(neg ? -(int64_t)w[0] : (int64_t)w[0]);
	} else {
		term *hp = dalloc(d, limbs + 1);
		hp[0] = make_header(limbs, neg ? HK_BIGNEG : HK_BIGPOS);
		memcpy(hp + 1, w, limbs * 8);
		r = make_boxed(hp);
	}
	free(w);
	return r;
}

/* Decodes one term: its value, or DEC_OPEN after pushing a frame for a
 * tuple, list or map whose elements follow, or NONV. */
static term dec_one(struct dec *d, struct dframes *fs)
{
	if (!need(d, 1))
		return NONV;
	uint8_t tag = *d->s++;
	term r = NONV;
	switch (tag) {
	case 97:
		if (need(d, 1))
			r = make_small(*d->s++);
		break;
	case 98:
		if (need(d, 4))
			r = make_small((int32_t)get32(d));
		break;
	case 70:
		if (need(d, 8)) {
			uint64_t u = 0;
			for (int i = 0; i < 8; i++)
				u = u << 8 | d->s[i];
			d->s += 8;
			double f;
			memcpy(&f, &u, 8);
			if (isfinite(f)) {
				term *hp = dalloc(d, 2);
				hp[0] = make_header(1, HK_FLOAT);
				memcpy(hp + 1, &f, 8);
				r = make_boxed(hp);
			}
		}
		break;
	case 99:
		if (need(d, 31)) {
			char buf[32];
			memcpy(buf, d->s, 31);
			buf[31] = 0;
			d->s += 31;
			double f = strtod(buf, NULL);
			term *hp = dalloc(d, 2);
			hp[0] = make_header(1, HK_FLOAT);
			memcpy(hp + 1, &f, 8);
			r = make_boxed(hp);
		}
		break;
	case 100:
	case 118:
		if (need(d, 2)) {
			size_t len = (size_t)d->s[0] << 8 | d->s[1];
			d->s += 2;
			r = dec_atom(d, len, tag == 118);
		}
		break;
	case 115:
	case 119:
		if (need(d, 1)) {
			size_t len = *d->s++;
			r = dec_atom(d, len, tag == 119);
		}
		break;
	case 104:
	case 105: {
		size_t n;
		if (tag == 104) {
			if (!need(d, 1))
				break;
			n = *d->s++;
		} else {
			if (!need(d, 4))
				break;
			n = get32(d);
		}
		if (n > (size_t)(d->end - d->s))
			break;
		term *hp = dalloc(d, n + 1);
		hp[0] = make_header(n, HK_TUPLE);
		for (size_t i = 1; i <= n; i++)
			hp[i] = make_small(0);
		r = make_boxed(hp);
		if (n) {
			df_push(fs, DF_TUPLE, hp, n);
			r = DEC_OPEN;
		}
		break;
	}
	case 106:
		r = NIL;
		break;
	case 107:
		if (need(d, 2)) {
			size_t len = (size_t)d->s[0] << 8 | d->s[1];
			d->s += 2;
			if (!need(d, len))
				break;
			term *hp = dalloc(d, 2 * len);
			r = NIL;
			for (size_t i = len; i-- > 0;) {
				hp[2 * i] = make_small(d->s[i]);
				hp[2 * i + 1] = r;
				r = make_list(hp + 2 * i);
			}
			d->s += len;
		}
		break;
	case 108: {
		if (!need(d, 4))
			break;
		size_t n = get32(d);
		if (n > (size_t)(d->end - d->s))
			break;
		term *hp = n ? dalloc(d, 2 * n) : NULL;
		for (size_t i = 0; i < n; i++) {
			hp[2 * i] = NIL;
			hp[2 * i + 1] = i + 1 < n ? make_list(hp + 2 * i + 2) : NIL;
		}
		df_push(fs, DF_LIST, hp, n + 1);
		r = DEC_OPEN;
		break;
	}
	case 109:
		if (need(d, 4)) {
			size_t len = get32(d);
			r = dec_bin(d, len, 8);
		}
		break;
	case 77:
		if (need(d, 5)) {
			size_t len = get32(d);
			unsigned bits = *d->s++;
			if (bits >= 1 && bits <= 8 && (len || bits == 8))
				r = dec_bin(d, len, bits);
		}
		break;
	case 110:
		if (need(d, 1)) {
			size_t n = *d->s++;
			r = dec_big(d, n);
		}
		break;
	case 111:
		if (need(d, 4)) {
			size_t n = get32(d);
			if (n <= (size_t)(d->end - d->s))
				r = dec_big(d, n);
		}
		break;
	case 116:
		if (need(d, 4)) {
			size_t n = get32(d);
			if (n == 0) {
				r = dec_map_finish(d, NULL, 0);
			} else if (n <= (size_t)(d->end - d->s) / 2) {
				df_push(fs, DF_MAP, malloc(2 * n * sizeof(term)), 2 * n);
				r = DEC_OPEN;
			}
		}
		break;
	case 88: {
		/* a pid of this node, or one standing for another's (dist.c) */
		term node = dec_term(d);
		if (is_atom(node) && need(d, 12)) {
			uint64_t id = get32(d), ser = get32(d);
			uint32_t cr = (uint32_t)get32(d);
			if (node == dist_local_node() || node == ATOM(nonode))
				r = make_pid(id | ser << 15);
			else
				r = dist_pid_proxy(node, (uint32_t)id, (uint32_t)ser, cr);
		}
		break;
	}
	case 90:
		if (need(d, 2)) {
			size_t len = (size_t)d->s[0] << 8 | d->s[1];
			d->s += 2;
			term node = dec_term(d);
			if (is_atom(node) && len >= 1 && len <= 5 &&
			    need(d, 4 + 4 * len)) {
				uint32_t cr = (uint32_t)get32(d);
				uint64_t w[5] = { 0 };
				uint32_t w32[5] = { 0 };
				for (size_t i = 0; i < len; i++)
					w32[i] = (uint32_t)(w[i] = get32(d));
				term *hp = dalloc(d, 2);
				hp[0] = make_header(1, HK_REF);
				if (node == dist_local_node() || node == ATOM(nonode))
					hp[1] = w[0] | w[1] << 18 | w[2] << 50;
				else
					hp[1] = dist_ref_proxy(node, cr, w32, (uint32_t)len);
				r = make_boxed(hp);
			}
		}
		break;
	case 112: {
		/* NEW_FUN_EXT of a module loaded here, its fun found by index
		 * and checked against the module's MD5 and the fun's arity. */
		if (!need(d, 4 + 1 + 16 + 4 + 4))
			break;
		const uint8_t *start = d->s;
		uint32_t size = get32(d);
		uint32_t arity = *d->s++;
		const uint8_t *uniq = d->s;
		d->s += 16;
		uint32_t index = get32(d), nfree = get32(d);
		term m = dec_term(d), oi = dec_term(d), ou = dec_term(d);
		term pid = dec_term(d);
		if (!is_atom(m) || !is_small(oi) || !is_integer(ou) || pid == NONV ||
		    size < (size_t)(d->s - start) || size - (size_t)(d->s - start) >
		    (size_t)(d->end - d->s) || nfree > size || !d->p)
			break;
		struct module *mod = module_find(m);
		if (!mod)
			mod = module_ensure(m);
		struct fun_entry *fe = NULL;
		for (size_t i = 0; mod && i < mod->nfuns; i++)
			if (mod->funs[i].index == index)
				fe = &mod->funs[i];
		if (!fe || fe->arity != arity || fe->nfree != nfree ||
		    memcmp(mod->md5, uniq, 16) != 0)
			break;
		term *hp = dalloc(d, FUN_HDR_WORDS + nfree);
		hp[0] = make_header(1 + nfree, HK_FUN);
		hp[1] = (term)(uintptr_t)fe;
		if (!nfree) {
			r = make_boxed(hp);
		} else {
			df_push(fs, DF_FUN, hp, nfree);
			r = DEC_OPEN;
		}
		break;
	}
	case 113: {
		term m = dec_term(d), f = dec_term(d), a = dec_term(d);
		if (is_atom(m) && is_atom(f) && is_small(a) && small_val(a) >= 0 &&
		    small_val(a) <= 255) {
			term *hp = dalloc(d, 2);
			hp[0] = make_header(1, HK_EXPORT);
			hp[1] = (term)(uintptr_t)export_get(m, f, (uint32_t)small_val(a));
			r = make_boxed(hp);
		}
		break;
	}
	default:
		break;
	}
	return r;
}

/* Frees what the open frames hold (after an error). */
static void df_drop(struct dframes *fs)
{
	for (size_t i = 0; i < fs->n; i++)
		if (fs->v[i].kind == DF_MAP)
			free(fs->v[i].hp);
	free(fs->v);
}

/* Decodes one whole term.  Containers are frames on a stack of their own
 * and each decoded value is handed to the innermost open one, so a term
 * nested any number of levels deep costs heap, not C stack.  Only the
 * small parts of pids, references and external funs recurse, and those
 * are bounded. */
static term dec_term(struct dec *d)
{
	if (++d->depth > 64)
		return NONV;
	struct dframes fs = { 0 };
	term v;
	for (;;) {
		v = dec_one(d, &fs);
		if (v == NONV)
			break;
		if (v == DEC_OPEN)
			continue;
		/* hand v to the open containers, closing those it completes */
		while (fs.n) {
			struct dframe *f = &fs.v[fs.n - 1];
			size_t i = f->i++;
			if (f->kind == DF_TUPLE)
				f->hp[1 + i] = v;
			else if (f->kind == DF_FUN)
				f->hp[FUN_HDR_WORDS + i] = v;
			else if (f->kind == DF_MAP)
				f->hp[i] = v;
			else if (i + 1 < f->n)
				f->hp[2 * i] = v;
			else if (f->n > 1)
				f->hp[2 * f->n - 3] = v;    /* the tail */
			if (f->i < f->n)
				break;
			if (f->kind == DF_TUPLE || f->kind == DF_FUN) {
				v = make_boxed(f->hp);
			} else if (f->kind == DF_MAP) {
				v = dec_map_finish(d, f->hp, f->n / 2);
				free(f->hp);
			} else if (f->n > 1) {
				v = make_list(f->hp);
			}
			fs.n--;
			if (v == NONV)
				break;
		}
		if (v == NONV || !fs.n)
			break;
	}
	if (v == NONV)
		df_drop(&fs);
	else
		free(fs.v);
	d->depth--;
	return v;
}

term ext_decode(struct proc *p, void **arena, const uint8_t *s, size_t len,
		size_t *used)
{
	struct dec d = { p, arena, s, s + len, 0 };
	term t = dec_term(&d);
	if (used)
		*used = (size_t)(d.s - s);
	return t;
}

/* Encoding, as term_to_binary/1 does with OTP 25's defaults (UTF-8 atoms,
 * NEW_FLOAT_EXT, STRING_EXT for short byte lists). */
struct enc {
	uint8_t *d;
	size_t len, cap;
	bool bad;
	bool text_floats;	/* minor_version 0: FLOAT_EXT, "%.20e" */
	bool utf8_atoms;	/* minor_version 2: every atom as UTF-8 */
	bool sorted_maps;	/* deterministic: big maps in key order */
	term *todo;		/* terms still to write, the next on top */
	size_t ntodo, captodo;
};

static void enc_push(struct enc *e, term t)
{
	if (e->ntodo == e->captodo) {
		e->captodo = e->captodo ? e->captodo * 2 : 64;
		e->todo = realloc(e->todo, e->captodo * sizeof *e->todo);
	}
	e->todo[e->ntodo++] = t;
}

/* Reverses the terms pushed since base, so they are written in the order
 * they were pushed. */
static void enc_flip(struct enc *e, size_t base)
{
	for (size_t i = base, j = e->ntodo; i + 1 < j; i++, j--) {
		term x = e->todo[i];
		e->todo[i] = e->todo[j - 1];
		e->todo[j - 1] = x;
	}
}

static void put(struct enc *e, const void *s, size_t n)
{
	if (e->len + n > e->cap) {
		e->cap = (e->len + n) * 2 + 64;
		e->d = realloc(e->d, e->cap);
	}
	memcpy(e->d + e->len, s, n);
	e->len += n;
}

static void put8(struct enc *e, unsigned v)
{
	uint8_t b = (uint8_t)v;
	put(e, &b, 1);
}

static void put32(struct enc *e, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8),
			 (uint8_t)v };
	put(e, b, 4);
}

/* Writes t's own bytes; its elements go on e->todo (written after it, in
 * order), so nesting depth costs heap, never C stack. */
/* A todo item that is no term: patch the 32-bit size of the NEW_FUN_EXT
 * whose size field is at byte pos, once its free variables are written. */
#define ENC_PATCH(pos) make_header(pos, HK_COUNT)

static void enc_term(struct enc *e, term t)
{
	if ((t & 7) == 7 && hdr_kind(t) == HK_COUNT) {
		size_t pos = hdr_arity(t);
		uint32_t n = (uint32_t)(e->len - pos);
		e->d[pos] = (uint8_t)(n >> 24);
		e->d[pos + 1] = (uint8_t)(n >> 16);
		e->d[pos + 2] = (uint8_t)(n >> 8);
		e->d[pos + 3] = (uint8_t)n;
		return;
	}
	if (is_small(t)) {
		int64_t v = small_val(t);
		if (v >= 0 && v <= 255) {
			put8(e, 97);
			put8(e, (unsigned)v);
		} else if (v >= INT32_MIN && v <= INT32_MAX) {
			put8(e, 98);
			put32(e, (uint32_t)(int32_t)v);
		} else {
			uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
			unsigned n = 0;
			uint8_t b[8];
			while (m) {
				b[n++] = (uint8_t)m;
				m >>= 8;
			}
			put8(e, 110);
			put8(e, n);
			put8(e, v < 0);
			put(e, b, n);
		}
		return;
	}
	if (is_atom(t)) {
		size_t n;
		const char *s = atom_text(t, &n);
		/* OTP 25 still writes Latin-1 atoms as ATOM_EXT (before
		 * minor_version 2) */
		uint8_t l1[256];
		size_t k = 0;
		bool latin1 = n < 512 && !e->utf8_atoms;
		for (size_t i = 0; i < n && latin1; i++) {
			uint8_t c = (uint8_t)s[i];
			if (c < 0x80) {
				l1[k++] = c;
			} else if ((c == 0xC2 || c == 0xC3) && i + 1 < n) {
				l1[k++] = (uint8_t)(((c & 3) << 6) | ((uint8_t)s[++i] & 0x3F));
			} else {
				latin1 = false;
			}
			if (k >= 256)
				latin1 = false;
		}
		if (latin1) {
			put8(e, 100);
			put8(e, 0);
			put8(e, (unsigned)k);
			put(e, l1, k);
			return;
		}
		if (n < 256) {
			put8(e, 119);
			put8(e, (unsigned)n);
		} else {
			put8(e, 118);
			put8(e, (unsigned)(n >> 8));
			put8(e, (unsigned)n);
		}
		put(e, s, n);
		return;
	}
	if (t == NIL) {
		put8(e, 106);
		return;
	}
	if (is_list(t)) {
		long n = 0;
		bool bytes = true;
		term l = t;
		for (; is_list(l); l = CDR(l), n++) {
			term h = CAR(l);
			if (!is_small(h) || small_val(h) < 0 || small_val(h) > 255)
				bytes = false;
		}
		if (bytes && l == NIL && n < 65536) {
			put8(e, 107);
			put8(e, (unsigned)(n >> 8));
			put8(e, (unsigned)n);
			for (l = t; is_list(l); l = CDR(l))
				put8(e, (unsigned)small_val(CAR(l)));
			return;
		}
		put8(e, 108);
		put32(e, (uint32_t)n);
		size_t base = e->ntodo;
		for (l = t; is_list(l); l = CDR(l))
			enc_push(e, CAR(l));
		enc_push(e, l);
		enc_flip(e, base);
		return;
	}
	if (is_pid(t)) {
		/* NEW_PID_EXT of the local node: the serial split into the
		 * 15-bit number and the serial field */
		uint64_t n = pid_serial(t);
		term node;
		uint32_t id, ser, cr;
		put8(e, 88);
		if (dist_pid_remote(t, &node, &id, &ser, &cr)) {
			enc_term(e, node);
			put32(e, id);
			put32(e, ser);
			put32(e, cr);
			return;
		}
		enc_term(e, dist_local_node());
		put32(e, (uint32_t)(n & 0x7FFF));
		put32(e, (uint32_t)(n >> 15));
		put32(e, dist_local_creation());
		return;
	}
	if (!is_boxed(t)) {
		e->bad = true;
		return;
	}
	switch (box_kind(t)) {
	case HK_REF: {
		/* NEWER_REFERENCE_EXT of the local node, three ID words */
		uint64_t n = boxed_ptr(t)[1];
		term node;
		uint32_t cr, w[5], len;
		put8(e, 90);
		if (dist_ref_remote(n, &node, &cr, w, &len)) {
			put8(e, 0);
			put8(e, (uint8_t)len);
			enc_term(e, node);
			put32(e, cr);
			for (uint32_t i = 0; i < len; i++)
				put32(e, w[i]);
			return;
		}
		put8(e, 0);
		put8(e, 3);
		enc_term(e, dist_local_node());
		put32(e, dist_local_creation());
		put32(e, (uint32_t)(n & 0x3FFFF));
		put32(e, (uint32_t)(n >> 18));
		put32(e, (uint32_t)(n >> 50));
		return;
	}
	case HK_TUPLE: {
		size_t n = tuple_arity(t);
		if (n < 256) {
			put8(e, 104);
			put8(e, (unsigned)n);
		} else {
			put8(e, 105);
			put32(e, (uint32_t)n);
		}
		for (size_t i = n; i-- > 0;)
			enc_push(e, tuple_elems(t)[i]);
		return;
	}
	case HK_FLOAT: {
		double d = float_val(t);
		uint64_t u;
		memcpy(&u, &d, 8);
		if (e->text_floats) {
			char txt[32] = { 0 };
			fmt_exact(txt, sizeof txt, d, 20, true);
			put8(e, 99);
			put(e, txt, 31);
			return;
		}
		put8(e, 70);
		for (int i = 7; i >= 0; i--)
			put8(e, (unsigned)(u >> (8 * i)));
		return;
	}
	case HK_BIGPOS:
	case HK_BIGNEG: {
		size_t nl = box_arity(t);
		const uint64_t *d = boxed_ptr(t) + 1;
		size_t nb = nl * 8;
		while (nb && !((d[(nb - 1) / 8] >> (8 * ((nb - 1) % 8))) & 0xFF))
			nb--;
		if (nb < 256) {
			put8(e, 110);
			put8(e, (unsigned)nb);
		} else {
			put8(e, 111);
			put32(e, (uint32_t)nb);
		}
		put8(e, box_kind(t) == HK_BIGNEG);
		for (size_t i = 0; i < nb; i++)
			put8(e, (unsigned)(d[i / 8] >> (8 * (i % 8))));
		return;
	}
	case HK_BIN: {
		struct bin_obj *o = bin_of(t);
		size_t nbytes = (size_t)((o->bitsize + 7) / 8);
		uint8_t *buf = calloc(nbytes + 1, 1);
		bits_copy(buf, 0, o->buf->data, o->bitoff, o->bitsize);
		if (o->bitsize % 8) {
			put8(e, 77);
			put32(e, (uint32_t)nbytes);
			put8(e, (unsigned)(o->bitsize % 8));
		} else {
			put8(e, 109);
			put32(e, (uint32_t)nbytes);
		}
		put(e, buf, nbytes);
		free(buf);
		return;
	}
	case HK_MAP:
	case HK_HMAP: {
		put8(e, 116);
		put32(e, (uint32_t)map_size(t));
		size_t base = e->ntodo;
		if (e->sorted_maps && hdr_kind(boxed_ptr(t)[0]) == HK_HMAP) {
			term *kv = map_pairs(t, true);
			for (size_t i = 0; i < 2 * map_size(t); i++)
				enc_push(e, kv[i]);
			free(kv);
		} else {
			struct mapit it;
			term k, v;
			mapit_init_list(&it, t);
			while (mapit_next(&it, &k, &v)) {
				enc_push(e, k);
				enc_push(e, v);
			}
		}
		enc_flip(e, base);
		return;
	}
	case HK_FUN: {
		/* NEW_FUN_EXT: the module's MD5 as uniq; the creator pid (OTP:
		 * the process that loaded the module) is <0.0.0> here. */
		struct fun_obj *f = (struct fun_obj *)boxed_ptr(t);
		struct fun_entry *fe = f->fe;
		put8(e, 112);
		size_t pos = e->len;
		put32(e, 0);
		put8(e, fe->arity);
		put(e, fe->mod->md5, 16);
		put32(e, fe->index);
		put32(e, fe->nfree);
		enc_term(e, fe->mod->name);
		enc_term(e, make_small(fe->index));
		enc_term(e, make_small((int32_t)fe->old_uniq));
		put8(e, 88);   /* the creator <0.0.0>, of this node once distributed */
		enc_term(e, dist_local_node());
		put32(e, 0);
		put32(e, 0);
		put32(e, dist_local_creation());
		enc_push(e, ENC_PATCH(pos));
		for (size_t i = fe->nfree; i-- > 0;)
			enc_push(e, f->env[i]);
		return;
	}
	case HK_EXPORT: {
		struct export *x = (struct export *)boxed_ptr(t)[1];
		put8(e, 113);
		enc_term(e, x->mod);
		enc_term(e, x->fun);
		enc_term(e, make_small(x->arity));
		return;
	}
	default:
		e->bad = true;
	}
}

uint8_t *ext_encode(term t, size_t *len)
{
	return ext_encode_opts(t, len, 1, false);
}

uint8_t *ext_encode_opts(term t, size_t *len, int minor, bool deterministic)
{
	struct enc e = { 0 };
	e.text_floats = minor == 0;
	e.utf8_atoms = minor >= 2;
	e.sorted_maps = deterministic;
	put8(&e, 131);
	enc_push(&e, t);
	while (e.ntodo && !e.bad)
		enc_term(&e, e.todo[--e.ntodo]);
	free(e.todo);
	if (e.bad) {
		free(e.d);
		return NULL;
	}
	*len = e.len;
	return e.d;
}
