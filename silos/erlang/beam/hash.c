/* OTP's term hashes, value for value: erlang:phash/2 (the old byte-wise
 * multiplicative hash), erlang:phash2/1,2 (Bob Jenkins' mix over 32-bit
 * pieces) and the internal hash that places map keys in OTP's hash trie.
 * Everything is computed over OTP's view of a term: small integers are
 * 60-bit on OTP (wider ones hash as bignums), atoms hash by the hashpjw
 * value of their text in phash/phash2 and by their index in the internal
 * hash (so atom order in a big map is ours, not OTP's), a pid by its
 * number (OTP's own for <0.N.0>, N < 32768), and ports and references by
 * our serial numbers.  Compound terms are walked with
 * an explicit stack so that deep nesting cannot exhaust the C stack. */
#include "beam.h"
#include <stdlib.h>

#define GOLDEN 0x9e3779b9u
#define HC(n) ((uint32_t)(GOLDEN * (uint32_t)(n)))   /* OTP's HCONST_n */

#define OTP_SMALL_MAX (((int64_t)1 << 59) - 1)
#define OTP_SMALL_MIN (-((int64_t)1 << 59))

static uint32_t mix(uint32_t a, uint32_t b, uint32_t c)
{
	a -= b; a -= c; a ^= c >> 13;
	b -= c; b -= a; b ^= a << 8;
	c -= a; c -= b; c ^= b >> 13;
	a -= b; a -= c; a ^= c >> 12;
	b -= c; b -= a; b ^= a << 16;
	c -= a; c -= b; c ^= b >> 5;
	a -= b; a -= c; a ^= c >> 3;
	b -= c; b -= a; b ^= a << 10;
	c -= a; c -= b; c ^= b >> 15;
	return c;
}

static inline uint32_t mix2(uint32_t h, uint32_t x, uint32_t y, uint32_t k)
{
	return mix(k + x, k + y, h);
}

static inline uint32_t mix1(uint32_t h, uint32_t x, uint32_t k)
{
	return mix2(h, x, 0, k);
}

/* Jenkins' lookup2 over bytes, as OTP hashes binaries. */
static uint32_t block_hash(const uint8_t *k, size_t len, uint32_t init)
{
	uint32_t a = GOLDEN, b = GOLDEN, c = init;
	size_t n = len;
	while (n >= 12) {
		a += k[0] | (uint32_t)k[1] << 8 | (uint32_t)k[2] << 16 | (uint32_t)k[3] << 24;
		b += k[4] | (uint32_t)k[5] << 8 | (uint32_t)k[6] << 16 | (uint32_t)k[7] << 24;
		c += k[8] | (uint32_t)k[9] << 8 | (uint32_t)k[10] << 16 | (uint32_t)k[11] << 24;
		a -= b; a -= c; a ^= c >> 13;
		b -= c; b -= a; b ^= a << 8;
		c -= a; c -= b; c ^= b >> 13;
		a -= b; a -= c; a ^= c >> 12;
		b -= c; b -= a; b ^= a << 16;
		c -= a; c -= b; c ^= b >> 5;
		a -= b; a -= c; a ^= c >> 3;
		b -= c; b -= a; b ^= a << 10;
		c -= a; c -= b; c ^= b >> 15;
		k += 12;
		n -= 12;
	}
	c += (uint32_t)len;
	for (size_t i = n; i-- > 0;) {
		uint32_t v = k[i];
		if (i >= 8)
			c += v << (8 * (i - 7));   /* c's low byte holds the length */
		else if (i >= 4)
			b += v << (8 * (i - 4));
		else
			a += v << (8 * i);
	}
	return mix(a, b, c);
}

/* OTP's atom table hash: hashpjw over the name, with a two-byte UTF-8
 * sequence for a Latin-1 character taken as that one character. */
static uint32_t atom_hvalue(term a)
{
	size_t n;
	const uint8_t *p = (const uint8_t *)atom_text(a, &n);
	uint32_t h = 0;
	while (n--) {
		uint32_t v = *p++;
		if (n && (v & 0xFE) == 0xC2 && (*p & 0xC0) == 0x80) {
			v = ((v << 6) | (*p & 0x3F)) & 0xFF;
			p++;
			n--;
		}
		h = (h << 4) + v;
		uint32_t g = h & 0xF0000000u;
		if (g) {
			h ^= g >> 24;
			h ^= g;
		}
	}
	return h;
}

/* Magnitude limbs and sign of an integer as OTP stores it; zero has one
 * zero limb. */
struct mag {
	const uint64_t *d;
	size_t n;
	bool neg;
	uint64_t one;
};

static void int_mag(term t, struct mag *m)
{
	int_magnitude(t, &m->d, &m->n, &m->one, &m->neg);
	if (m->n == 0)
		m->n = 1;
}

static uint32_t big_mix(uint32_t h, term t)
{
	struct mag m;
	int_mag(t, &m);
	uint32_t con = m.neg ? HC(10) : HC(11);
	for (size_t i = 0; i < m.n; i++)
		h = mix2(h, (uint32_t)m.d[i], (uint32_t)(m.d[i] >> 32), con);
	return h;
}

/* The two 32-bit halves of a float with -0.0 folded into 0.0. */
static void float_words(term t, uint32_t *lo, uint32_t *hi)
{
	double d = float_val(t);
	uint64_t w;
	if (d == 0.0)
		d = 0.0;
	memcpy(&w, &d, sizeof w);
	*lo = (uint32_t)w;
	*hi = (uint32_t)(w >> 32);
}

/* The bytes of a bitstring, its whole-byte count and trailing bits (the
 * last partial byte's bits right-aligned in *last). */
struct bits_view {
	const uint8_t *b;
	uint8_t *tmp;
	size_t n;
	unsigned tail;
	uint32_t last;
};

static void bits_view_of(term t, struct bits_view *v)
{
	struct bin_obj *o = bin_of(t);
	v->n = (size_t)(o->bitsize / 8);
	v->tail = (unsigned)(o->bitsize & 7);
	v->tmp = NULL;
	if (!(o->bitoff & 7) && !v->tail) {
		v->b = o->buf->data + o->bitoff / 8;
		return;
	}
	v->tmp = malloc(v->n + 1);
	v->tmp[v->n] = 0;
	bits_copy(v->tmp, 0, o->buf->data, o->bitoff, o->bitsize);
	v->b = v->tmp;
	v->last = v->tail ? (uint32_t)(v->tmp[v->n] >> (8 - v->tail)) : 0;
}

static inline bool is_byte_term(term t)
{
	return is_small(t) && (uint64_t)small_val(t) < 256;
}

/* A growable stack of terms and marker words for the walks below. */
struct hstack {
	term *w;
	size_t n, cap;
	term small[64];
};

static void hs_init(struct hstack *s)
{
	s->w = s->small;
	s->n = 0;
	s->cap = 64;
}

static void hs_push(struct hstack *s, term t)
{
	if (s->n == s->cap) {
		size_t nc = s->cap * 2;
		term *nw = malloc(nc * sizeof(term));
		memcpy(nw, s->w, s->n * sizeof(term));
		if (s->w != s->small)
			free(s->w);
		s->w = nw;
		s->cap = nc;
	}
	s->w[s->n++] = t;
}

static void hs_free(struct hstack *s)
{
	if (s->w != s->small)
		free(s->w);
}

/* Pushes e[n-1] .. e[1] so they come off in order, and returns e[0]. */
static term push_rest(struct hstack *s, const term *e, size_t n)
{
	for (size_t i = n; i > 1; i--)
		hs_push(s, e[i - 1]);
	return e[0];
}

/* A bitstring as phash2 and the internal hash both take it. */
static uint32_t bin_mix(uint32_t h, term t)
{
	struct bits_view bv;
	uint32_t con = HC(13) + h;
	bits_view_of(t, &bv);
	if (bv.n == 0 && bv.tail == 0) {
		h = con;
	} else {
		h = block_hash(bv.b, bv.n, con);
		if (bv.tail)
			h = mix2(h, bv.tail, bv.last, HC(15));
	}
	free(bv.tmp);
	return h;
}

/* The string run at the head of list t: bytes packed four at a time into
 * 32-bit words.  Returns where the run stops (the cell whose head is not
 * a byte, or the tail); *sh and *c hold the bytes not yet mixed. */
static term byte_run(term t, uint32_t *h, uint32_t *sh, int *c)
{
	*sh = 0;
	*c = 0;
	while (is_byte_term(CAR(t))) {
		*sh = (*sh << 8) + (uint32_t)small_val(CAR(t));
		if (*c == 3) {
			*h = mix1(*h, *sh, HC(4));
			*c = 0;
			*sh = 0;
		} else {
			(*c)++;
		}
		t = CDR(t);
		if (!is_list(t))
			break;
	}
	return t;
}

/* Marker words: header-tagged, so never confused with a term. */
#define MK_MAP_TAIL make_header(1, HK_REF)
#define MK_MAP_PAIR make_header(2, HK_REF)
#define MK_LIST_END make_header(3, HK_REF)
#define MK_CDR make_header(4, HK_REF)
#define MK_TUPLE_END(n) (make_header((n), HK_TUPLE) | ((term)1 << 62))


/* ---- phash2 ---- */

uint32_t hash_phash2(term t)
{
	struct hstack s;
	uint32_t h = 0, xor_pairs = 0;
	hs_init(&s);
	for (;;) {
		if (is_list(t)) {
			uint32_t sh;
			int c;
			t = byte_run(t, &h, &sh, &c);
			if (c > 0)
				h = mix1(h, sh, HC(4));
			if (is_list(t)) {
				hs_push(&s, CDR(t));
				t = CAR(t);
			}
			continue;
		}
		if (is_small(t)) {
			int64_t v = small_val(t);
			if (v >= -((int64_t)1 << 27) && v < ((int64_t)1 << 27)) {
				int32_t y = (int32_t)v;
				if (y < 0)
					h = mix1(h, (uint32_t)-y, GOLDEN);
				h = mix1(h, (uint32_t)y, GOLDEN);
			} else {
				h = big_mix(h, t);
			}
		} else if (is_atom(t)) {
			h = h == 0 ? atom_hvalue(t) : mix1(h, atom_hvalue(t), HC(3));
		} else if (t == NIL) {
			h = h == 0 ? 3468870702u : mix1(h, 2, HC(2));
		} else if (is_pid(t)) {
			h = mix1(h, (uint32_t)pid_serial(t), HC(5));
		} else if (is_port(t)) {
			h = mix1(h, (uint32_t)(t >> 3), HC(6));
		} else if (is_boxed(t)) {
			term *o = boxed_ptr(t);
			size_t ar = hdr_arity(o[0]);
			switch (hdr_kind(o[0])) {
			case HK_TUPLE:
				h = mix1(h, (uint32_t)ar, HC(9));
				if (ar == 0)
					break;
				t = push_rest(&s, o + 1, ar);
				continue;
			case HK_MAP:
			case HK_HMAP: {
				size_t n = map_size(t);
				h = mix1(h, (uint32_t)n, HC(16));
				if (n == 0)
					break;
				hs_push(&s, xor_pairs);
				hs_push(&s, h);
				hs_push(&s, MK_MAP_TAIL);
				h = 0;
				xor_pairs = 0;
				struct mapit it;
				term k, v;
				mapit_init(&it, t);
				while (mapit_next(&it, &k, &v)) {
					hs_push(&s, MK_MAP_PAIR);
					hs_push(&s, v);
					hs_push(&s, k);
				}
				break;
			}
			case HK_BIGPOS:
			case HK_BIGNEG:
				h = big_mix(h, t);
				break;
			case HK_FLOAT: {
				uint32_t lo, hi;
				float_words(t, &lo, &hi);
				h = mix2(h, hi, lo, HC(12));
				break;
			}
			case HK_BIN:
				h = bin_mix(h, t);
				break;
			case HK_EXPORT: {
				struct export *e = *(struct export **)(o + 1);
				h = mix2(h, e->arity, atom_hvalue(e->mod), GOLDEN);
				h = mix1(h, atom_hvalue(e->fun), HC(14));
				break;
			}
			case HK_FUN: {
				struct fun_obj *f = (struct fun_obj *)o;
				uint32_t nf = f->fe->nfree;
				h = mix2(h, nf, atom_hvalue(f->fe->mod->name), GOLDEN);
				h = mix2(h, f->fe->index, f->fe->old_uniq, GOLDEN);
				if (nf == 0)
					break;
				t = push_rest(&s, f->env, nf);
				continue;
			}
			case HK_REF:
				h = mix1(h, (uint32_t)o[1], HC(7));
				break;
			default:
				break;
			}
		}
		/* this term is done: pop the next one, closing map pairs */
		for (;;) {
			if (s.n == 0) {
				hs_free(&s);
				return h;
			}
			t = s.w[--s.n];
			if (t == MK_MAP_TAIL) {
				h = (uint32_t)s.w[--s.n];
				h = mix1(h, xor_pairs, HC(19));
				xor_pairs = (uint32_t)s.w[--s.n];
			} else if (t == MK_MAP_PAIR) {
				xor_pairs ^= h;
				h = 0;
			} else {
				break;
			}
		}
	}
}

/* ---- phash (make_hash) ---- */

#define FN1 268440163u
#define FN2 268439161u
#define FN3 268435459u
#define FN4 268436141u
#define FN5 268438633u
#define FN6 268437017u
#define FN8 268437511u
#define FN9 268439627u
#define FN10 268440479u
#define FN11 268440577u
#define FN12 268440581u
#define FN13 268440593u
#define FN14 268440611u

static uint32_t bytes4(uint32_t h, uint32_t x, uint32_t prime)
{
	for (int i = 0; i < 4; i++)
		h = h * prime + ((x >> (8 * i)) & 0xFF);
	return h;
}

static uint32_t phash_int(uint32_t h, term t)
{
	struct mag m;
	int_mag(t, &m);
	for (size_t i = 0; i + 1 < m.n; i++)
		for (int j = 0; j < 8; j++)
			h = h * FN2 + (uint32_t)((m.d[i] >> (8 * j)) & 0xFF);
	uint64_t top = m.d[m.n - 1];
	int nb = (top >> 32) ? 8 : 4;
	for (int j = 0; j < nb; j++)
		h = h * FN2 + (uint32_t)((top >> (8 * j)) & 0xFF);
	return h * (m.neg ? FN4 : FN3);
}

uint32_t hash_phash(term t)
{
	struct hstack s;
	uint32_t h = 0;
	hs_init(&s);
	for (;;) {
		if (is_list(t)) {
			while (is_list(t) && is_byte_term(CAR(t))) {
				h = h * FN2 + (uint32_t)small_val(CAR(t));
				t = CDR(t);
			}
			if (is_list(t)) {
				hs_push(&s, CDR(t));
				hs_push(&s, MK_CDR);
				t = CAR(t);
			} else {
				hs_push(&s, MK_LIST_END);
			}
			continue;
		}
		if (is_small(t)) {
			h = phash_int(h, t);
		} else if (is_atom(t)) {
			h = h * FN1 + atom_hvalue(t);
		} else if (t == NIL) {
			h = h * FN3 + 1;
		} else if (is_pid(t)) {
			h = bytes4(h, (uint32_t)pid_serial(t), FN5) * FN6;
		} else if (is_port(t)) {
			h = bytes4(h, (uint32_t)(t >> 3), FN9) * FN10;
		} else if (is_boxed(t)) {
			term *o = boxed_ptr(t);
			size_t ar = hdr_arity(o[0]);
			switch (hdr_kind(o[0])) {
			case HK_TUPLE:
				hs_push(&s, MK_TUPLE_END(ar));
				for (size_t i = ar; i > 0; i--)
					hs_push(&s, o[i]);
				break;
			case HK_MAP:
			case HK_HMAP:
				h = h * FN13 + FN14 + hash_phash2(t);
				break;
			case HK_BIGPOS:
			case HK_BIGNEG:
				h = phash_int(h, t);
				break;
			case HK_FLOAT: {
				uint32_t lo, hi;
				float_words(t, &lo, &hi);
				h = h * FN6 + (lo ^ hi);
				break;
			}
			case HK_BIN: {
				struct bits_view bv;
				bits_view_of(t, &bv);
				for (size_t i = 0; i < bv.n; i++)
					h = h * FN1 + bv.b[i];
				if (bv.tail)
					h = (h * FN1 + bv.last) * FN12 + bv.tail;
				h = h * FN4 + (uint32_t)bv.n;
				free(bv.tmp);
				break;
			}
			case HK_EXPORT: {
				struct export *e = *(struct export **)(o + 1);
				h = h * FN11 + e->arity;
				h = h * FN1 + atom_hvalue(e->mod);
				h = h * FN1 + atom_hvalue(e->fun);
				break;
			}
			case HK_FUN: {
				struct fun_obj *f = (struct fun_obj *)o;
				h = h * FN10 + f->fe->nfree;
				h = h * FN1 + atom_hvalue(f->fe->mod->name);
				h = h * FN2 + f->fe->index;
				h = h * FN2 + f->fe->old_uniq;
				for (uint32_t i = f->fe->nfree; i > 0; i--)
					hs_push(&s, f->env[i - 1]);
				break;
			}
			case HK_REF:
				h = bytes4(h, (uint32_t)o[1], FN9) * FN10;
				break;
			default:
				break;
			}
		}
		for (;;) {
			if (s.n == 0) {
				hs_free(&s);
				return h;
			}
			t = s.w[--s.n];
			if (t == MK_LIST_END) {
				h *= FN8;
			} else if (t == MK_CDR) {
				t = s.w[--s.n];
				if (!is_list(t))
					hs_push(&s, MK_LIST_END);
				break;
			} else if ((t & 7) == 7) {
				h = h * FN9 + (uint32_t)hdr_arity(t & ~((term)1 << 62));
			} else {
				break;
			}
		}
	}
}

/* ---- the internal hash ---- */

/* OTP's 64-bit immediate word for an immediate term of ours. */
static uint64_t otp_immediate(term t)
{
	if (is_small(t))
		return ((uint64_t)small_val(t) << 4) | 0xF;
	if (is_atom(t))
		return ((uint64_t)atom_index(t) << 6) | 0x0B;
	if (t == NIL)
		return 0x3B;
	if (is_pid(t))
		return (pid_serial(t) << 4) | 0x3;
	return ((uint64_t)(t >> 3) << 4) | 0x7;   /* port */
}

static inline uint32_t rot_const(uint32_t h, uint32_t k)
{
	h ^= k;
	return (h << 17) ^ (h >> 15);
}

uint32_t term_hash_internal(term t, uint32_t salt)
{
	struct hstack s;
	uint32_t h = salt ^ 3432918353u;
	hs_init(&s);
	for (;;) {
		if (is_list(t)) {
			uint32_t sh;
			int c;
			t = byte_run(t, &h, &sh, &c);
			if (c > 0)
				h = mix2(h, sh, (uint32_t)c, HC(22));
			if (is_list(t)) {
				term tl = CDR(t);
				h = rot_const(h, HC(17));
				hs_push(&s, tl);
				if (!is_list(tl))
					hs_push(&s, MK_CDR);
				t = CAR(t);
			}
			continue;
		}
		if (is_small(t) && (small_val(t) > OTP_SMALL_MAX || small_val(t) < OTP_SMALL_MIN)) {
			h = big_mix(h, t);
		} else if (!is_boxed(t)) {
			uint64_t w = otp_immediate(t);
			h = mix2(h, (uint32_t)w, (uint32_t)(w >> 32), GOLDEN);
		} else {
			term *o = boxed_ptr(t);
			size_t ar = hdr_arity(o[0]);
			switch (hdr_kind(o[0])) {
			case HK_TUPLE:
				h = mix1(h, (uint32_t)ar, HC(9));
				if (ar == 0)
					break;
				t = push_rest(&s, o + 1, ar);
				continue;
			case HK_MAP:
			case HK_HMAP: {
				size_t n = map_size(t);
				h = mix1(h, (uint32_t)n, HC(16));
				/* OTP pushes a trie's leaves in node order, so they
				 * come off the stack last leaf first; a flat map's
				 * pairs come off first pair first */
				struct mapit it;
				term k, v;
				size_t base = s.n;
				mapit_init(&it, t);
				while (mapit_next(&it, &k, &v)) {
					hs_push(&s, v);
					hs_push(&s, k);
				}
				if (hdr_kind(o[0]) == HK_MAP) {
					for (size_t i = base, j = s.n - 2; i < j; i += 2, j -= 2) {
						term a0 = s.w[i], a1 = s.w[i + 1];
						s.w[i] = s.w[j];
						s.w[i + 1] = s.w[j + 1];
						s.w[j] = a0;
						s.w[j + 1] = a1;
					}
				}
				break;
			}
			case HK_BIGPOS:
			case HK_BIGNEG:
				h = big_mix(h, t);
				break;
			case HK_FLOAT: {
				uint32_t lo, hi;
				float_words(t, &lo, &hi);
				h = mix2(h, lo, hi, HC(12));
				break;
			}
			case HK_BIN:
				h = bin_mix(h, t);
				break;
			case HK_EXPORT: {
				uint64_t w = (uint64_t)(uintptr_t)*(struct export **)(o + 1);
				h = mix2(h, (uint32_t)w, (uint32_t)(w >> 32), HC(14));
				break;
			}
			case HK_FUN: {
				struct fun_obj *f = (struct fun_obj *)o;
				uint32_t nf = f->fe->nfree;
				h = mix2(h, nf, (uint32_t)otp_immediate(f->fe->mod->name), HC(20));
				h = mix2(h, f->fe->index, f->fe->old_uniq, HC(21));
				if (nf == 0)
					break;
				t = push_rest(&s, f->env, nf);
				continue;
			}
			case HK_REF:
				h = mix1(h, (uint32_t)o[1], HC(7));
				h = mix2(h, (uint32_t)(o[1] >> 32), 0, HC(8));
				break;
			default:
				break;
			}
		}
		for (;;) {
			if (s.n == 0) {
				hs_free(&s);
				return h;
			}
			t = s.w[--s.n];
			if (t == MK_CDR)
				h = rot_const(h, HC(18));
			else
				break;
		}
	}
}

/* OTP salts the hash of deeper trie levels with the state the internal
 * hash would reach on a list prefix [Gen | ...]. */
uint32_t hash_map_key(term k, unsigned gen)
{
	if (gen == 0)
		return term_hash_internal(k, 0);
	return term_hash_internal(k, mix2(0, gen, 1, HC(22)));
}
