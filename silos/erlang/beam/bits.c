/* Bit syntax: construction (bs_create_bin) and matching (the bs_get_*
 * family on a mutable match state).  Positions in a match state are
 * absolute bit offsets into the binary's buffer. */
#include "interp.h"
#include <math.h>
#include <stdlib.h>

#define BSF_LITTLE 2
#define BSF_SIGNED 4
#define BSF_NATIVE 16

static uint64_t get_bits(const uint8_t *d, uint64_t pos, unsigned n)
{
	uint64_t v = 0;
	if (!(pos & 7) && !(n & 7)) {
		for (unsigned i = 0; i < n / 8; i++)
			v = v << 8 | d[pos / 8 + i];
		return v;
	}
	for (unsigned i = 0; i < n; i++) {
		uint64_t s = pos + i;
		v = v << 1 | ((d[s >> 3] >> (7 - (s & 7))) & 1);
	}
	return v;
}

static void put_bits(uint8_t *d, uint64_t pos, uint64_t v, unsigned n)
{
	if (!(pos & 7) && !(n & 7)) {
		for (unsigned i = n / 8; i-- > 0;) {
			d[pos / 8 + i] = (uint8_t)v;
			v >>= 8;
		}
		return;
	}
	for (unsigned i = n; i-- > 0;) {
		uint64_t s = pos + i;
		uint8_t mask = (uint8_t)(1u << (7 - (s & 7)));
		if (v & 1)
			d[s >> 3] |= mask;
		else
			d[s >> 3] &= (uint8_t)~mask;
		v >>= 1;
	}
}

/* IEEE 754 half precision by hand: not every compiler has _Float16. */
static double half_to_double(uint16_t h)
{
	int e = (h >> 10) & 0x1F, m = h & 0x3FF;
	double v;
	if (e == 0)
		v = ldexp(m, -24);
	else if (e == 31)
		v = m ? NAN : INFINITY;
	else
		v = ldexp(m + 1024, e - 25);
	return (h & 0x8000) ? -v : v;
}

/* Rounds to nearest even; returns false when d overflows half range. */
static bool half_from_double(double d, uint16_t *out)
{
	uint16_t sign = signbit(d) ? 0x8000 : 0;
	double a = fabs(d);
	if (a == 0) {
		*out = sign;
		return true;
	}
	int e;
	frexp(a, &e);              /* a = f * 2^e, 0.5 <= f < 1 */
	int he = e - 1 + 15;       /* biased exponent of 1.x form */
	double scaled;
	if (he <= 0)
		scaled = a * 16777216.0;            /* subnormal: units of 2^-24 */
	else
		scaled = ldexp(a, 10 - (e - 1));    /* 1024..2047.x */
	double r = nearbyint(scaled);
	uint32_t m = (uint32_t)r;
	if (he <= 0) {
		if (m >= 1024) {
			he = 1;
			m -= 1024;
		} else {
			he = 0;
		}
	} else {
		if (m >= 2048) {
			m >>= 1;
			he++;
		}
		m -= 1024;
	}
	if (he >= 31)
		return false;
	*out = (uint16_t)(sign | (uint16_t)(he << 10) | (uint16_t)m);
	return true;
}

static bool seg_is(term a, const char *s)
{
	size_t n;
	const char *t = atom_text(a, &n);
	return n == strlen(s) && memcmp(t, s, n) == 0;
}

static unsigned flags_of(term f)
{
	unsigned r = 0;
	for (; is_list(f); f = CDR(f)) {
		if (CAR(f) == ATOM(little))
			r |= BSF_LITTLE;
		else if (CAR(f) == ATOM(signed))
			r |= BSF_SIGNED;
		else if (CAR(f) == ATOM(native))
			r |= BSF_LITTLE;   /* both our targets are little-endian */
	}
	return r;
}

static int utf8_len(int64_t c)
{
	if (c < 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return -1;
	return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
}

/* Writes an integer of n bits at pos. */
static void put_int(uint8_t *d, uint64_t pos, term v, uint64_t n, bool little)
{
	if (n == 0)
		return;
	if (is_small(v) && n <= 64) {
		uint64_t u = (uint64_t)small_val(v);
		if (little && n % 8 == 0) {
			uint64_t r = 0;
			for (unsigned i = 0; i < n / 8; i++)
				r = r << 8 | ((u >> (8 * i)) & 0xFF);
			u = r;
		} else if (little) {
			goto general;
		}
		if (n < 64)
			u &= ((uint64_t)1 << n) - 1;
		put_bits(d, pos, u, (unsigned)n);
		return;
	}
general:;
	size_t nb = (size_t)((n + 7) / 8);
	uint8_t *le = malloc(nb);
	int_to_bytes(v, le, nb);
	if (little) {
		uint64_t full = n / 8;
		for (uint64_t i = 0; i < full; i++)
			put_bits(d, pos + 8 * i, le[i], 8);
		if (n % 8)
			put_bits(d, pos + 8 * full, le[full] & ((1u << (n % 8)) - 1),
				 (unsigned)(n % 8));
	} else {
		/* big-endian: the low n bits of the value, most significant first */
		for (uint64_t i = 0; i < n; i++) {
			uint64_t bit = n - 1 - i;
			int b = (le[bit / 8] >> (bit % 8)) & 1;
			put_bits(d, pos + i, (uint64_t)b, 1);
		}
	}
	free(le);
}

term bs_create_bin(struct proc *p, const cw *I, term *x, term *E)
{
	size_t n = (size_t)I[6];
	const cw *s = I + 7;
	uint64_t total = 0;
	/* pass 1: sizes and checks */
	for (size_t i = 0; i < n; i += 6) {
		/* a string segment's operand is a pointer into the string
		 * table, not an operand word: never decode it as one */
		term type = (term)s[i];
		term src = seg_is(type, "string") ? NIL : op_get(s[i + 4], x, E);
		uint64_t unit = s[i + 2];
		term size = op_get(s[i + 5], x, E);
		if (seg_is(type, "string")) {
			total += (uint64_t)small_val(size) * 8;
		} else if (seg_is(type, "utf8")) {
			int l = is_small(src) ? utf8_len(small_val(src)) : -1;
			if (l < 0)
				goto badarg;
			total += (uint64_t)l * 8;
		} else if (seg_is(type, "utf16")) {
			int l = is_small(src) ? utf8_len(small_val(src)) : -1;
			if (l < 0)
				goto badarg;
			total += small_val(src) >= 0x10000 ? 32 : 16;
		} else if (seg_is(type, "utf32")) {
			if (!is_small(src) || utf8_len(small_val(src)) < 0)
				goto badarg;
			total += 32;
		} else if (seg_is(type, "binary") || seg_is(type, "append") ||
			   seg_is(type, "private_append")) {
			if (!is_bitstring_term(src))
				goto badarg;
			uint64_t bits = bin_of(src)->bitsize;
			if (size == ATOM(all)) {
				if (unit > 1 && bits % unit)
					goto badarg;
				total += bits;
			} else {
				if (!is_small(size) || small_val(size) < 0)
					goto badarg;
				uint64_t want = (uint64_t)small_val(size) * unit;
				if (want > bits)
					goto badarg;
				total += want;
			}
		} else if (seg_is(type, "integer")) {
			if (!is_integer(src) || !is_small(size) || small_val(size) < 0)
				goto badarg;
			total += (uint64_t)small_val(size) * unit;
		} else if (seg_is(type, "float")) {
			if (!is_number(src) || !is_small(size))
				goto badarg;
			uint64_t b = (uint64_t)small_val(size) * unit;
			if (b != 64 && b != 32 && b != 16)
				goto badarg;
			total += b;
		} else {
			goto badarg;
		}
	}
	/* pass 2: write.  An append to a binary that ends its buffer reuses
	 * the buffer. */
	struct binbuf *buf = NULL;
	uint64_t pos = 0, start = 0;
	size_t i0 = 0;
	if (n >= 6 && (seg_is((term)s[0], "append") ||
		       seg_is((term)s[0], "private_append"))) {
		term src = op_get(s[4], x, E);
		struct bin_obj *o = bin_of(src);
		uint64_t end = o->bitoff + o->bitsize;
		if (!(end & 7) && end / 8 == o->buf->size && !(o->bitoff & 7)) {
			buf = o->buf;
			start = o->bitoff;
			pos = end;
			uint64_t need = (end + (total - o->bitsize) + 7) / 8;
			if (need > buf->cap) {
				/* grow: copy into a fresh buffer with room to spare */
				size_t cap = (size_t)need * 2 + 256;
				struct binbuf *nb = binbuf_new(cap);
				memcpy(nb->data, buf->data + o->bitoff / 8, o->bitsize / 8);
				nb->size = o->bitsize / 8;
				buf = nb;
				start = 0;
				pos = o->bitsize;
			}
			i0 = 6;
		}
	}
	if (!buf) {
		size_t cap = (size_t)((total + 7) / 8);
		if (n >= 6 && seg_is((term)s[0], "append"))
			cap = cap * 2 + 256;
		buf = binbuf_new(cap);
		memset(buf->data, 0, cap);
	}
	for (size_t i = i0; i < n; i += 6) {
		term type = (term)s[i];
		term src = seg_is(type, "string") ? NIL : op_get(s[i + 4], x, E);
		uint64_t unit = s[i + 2];
		unsigned fl = flags_of((term)s[i + 3]);
		term size = op_get(s[i + 5], x, E);
		if (seg_is(type, "string")) {
			uint64_t len = (uint64_t)small_val(size);
			bits_copy(buf->data, pos, (const uint8_t *)s[i + 4], 0, len * 8);
			pos += len * 8;
		} else if (seg_is(type, "utf8")) {
			int64_t c = small_val(src);
			int l = utf8_len(c);
			uint8_t u[4];
			if (l == 1) {
				u[0] = (uint8_t)c;
			} else if (l == 2) {
				u[0] = (uint8_t)(0xC0 | (c >> 6));
				u[1] = (uint8_t)(0x80 | (c & 0x3F));
			} else if (l == 3) {
				u[0] = (uint8_t)(0xE0 | (c >> 12));
				u[1] = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
				u[2] = (uint8_t)(0x80 | (c & 0x3F));
			} else {
				u[0] = (uint8_t)(0xF0 | (c >> 18));
				u[1] = (uint8_t)(0x80 | ((c >> 12) & 0x3F));
				u[2] = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
				u[3] = (uint8_t)(0x80 | (c & 0x3F));
			}
			bits_copy(buf->data, pos, u, 0, (uint64_t)l * 8);
			pos += (uint64_t)l * 8;
		} else if (seg_is(type, "utf16")) {
			int64_t c = small_val(src);
			uint16_t w[2];
			int k = 1;
			if (c >= 0x10000) {
				c -= 0x10000;
				w[0] = (uint16_t)(0xD800 | (c >> 10));
				w[1] = (uint16_t)(0xDC00 | (c & 0x3FF));
				k = 2;
			} else {
				w[0] = (uint16_t)c;
			}
			for (int j = 0; j < k; j++) {
				uint64_t v = w[j];
				if (fl & BSF_LITTLE)
					v = ((v & 0xFF) << 8) | (v >> 8);
				put_bits(buf->data, pos, v, 16);
				pos += 16;
			}
		} else if (seg_is(type, "utf32")) {
			uint64_t v = (uint64_t)small_val(src);
			if (fl & BSF_LITTLE)
				v = __builtin_bswap32((uint32_t)v);
			put_bits(buf->data, pos, v, 32);
			pos += 32;
		} else if (seg_is(type, "binary") || seg_is(type, "append") ||
			   seg_is(type, "private_append")) {
			struct bin_obj *o = bin_of(src);
			uint64_t bits = size == ATOM(all) ? o->bitsize
						  : (uint64_t)small_val(size) * unit;
			bits_copy(buf->data, pos, o->buf->data, o->bitoff, bits);
			pos += bits;
		} else if (seg_is(type, "integer")) {
			uint64_t bits = (uint64_t)small_val(size) * unit;
			put_int(buf->data, pos, src, bits, fl & BSF_LITTLE);
			pos += bits;
		} else {
			uint64_t bits = (uint64_t)small_val(size) * unit;
			double d;
			if (is_float(src)) {
				d = float_val(src);
			} else {
				bool ok;
				d = int_to_double(src, &ok);
				if (!ok)
					goto badarg_free;
			}
			uint64_t u;
			if (bits == 64) {
				memcpy(&u, &d, 8);
			} else if (bits == 32) {
				float f = (float)d;
				if (isinf(f) && !isinf(d))
					goto badarg_free;
				uint32_t v;
				memcpy(&v, &f, 4);
				u = v;
			} else {
				uint16_t v;
				if (!half_from_double(d, &v))
					goto badarg_free;
				u = v;
			}
			if (fl & BSF_LITTLE) {
				uint64_t r = 0;
				for (unsigned j = 0; j < bits / 8; j++)
					r = r << 8 | ((u >> (8 * j)) & 0xFF);
				u = r;
			}
			put_bits(buf->data, pos, u, (unsigned)bits);
			pos += bits;
		}
	}
	if ((pos + 7) / 8 > buf->size)
		buf->size = (size_t)((pos + 7) / 8);
	return bin_make(p, buf, start, pos - start);
badarg_free:
	if (buf->refc == 0)
		free(buf);
badarg:
	p->fclass = EXC_ERROR;
	p->freason = ATOM(badarg);
	p->fstack = NONV;
	return NONV;
}

term bs_start_match(struct proc *p, term src)
{
	if (is_boxed(src) && box_kind(src) == HK_MATCH)
		return src;
	if (!is_bitstring_term(src))
		return NONV;
	struct match_obj *m = (struct match_obj *)heap_alloc(p, MATCH_WORDS);
	m->hdr = make_header(MATCH_WORDS - 1, HK_MATCH);
	m->bin = src;
	m->pos = bin_of(src)->bitoff;
	m->end = m->pos + bin_of(src)->bitsize;
	return make_boxed(m);
}

static struct match_obj *ms(term ctx)
{
	return (struct match_obj *)boxed_ptr(ctx);
}

static const uint8_t *ms_data(struct match_obj *m)
{
	return bin_of(m->bin)->buf->data;
}

static bool seg_bits(term size, unsigned unit, uint64_t *bits)
{
	if (!is_small(size) || small_val(size) < 0)
		return false;
	*bits = (uint64_t)small_val(size) * unit;
	return true;
}

bool bs_get_integer(struct proc *p, term ctx, term size, unsigned unit,
		    unsigned flags, term *out)
{
	struct match_obj *m = ms(ctx);
	uint64_t n;
	if (!seg_bits(size, unit, &n) || m->end - m->pos < n)
		return false;
	const uint8_t *d = ms_data(m);
	/* native is little-endian on both our targets (the compiler leaves
	 * the choice to run time). */
	bool little = flags & (BSF_LITTLE | BSF_NATIVE), sign = flags & BSF_SIGNED;
	if (n <= 64 && (!little || n % 8 == 0)) {
		uint64_t v = n ? get_bits(d, m->pos, (unsigned)n) : 0;
		if (little) {
			uint64_t r = 0;
			for (unsigned i = 0; i < n / 8; i++)
				r = r << 8 | ((v >> (8 * i)) & 0xFF);
			v = r;
		}
		m->pos += n;
		if (sign && n && (v >> (n - 1)) & 1) {
			int64_t s = n == 64 ? (int64_t)v : (int64_t)(v | (~(uint64_t)0 << n));
			*out = int_from_i64(p, s);
		} else {
			*out = int_from_u64(p, v);
		}
		return true;
	}
	/* general: gather into little-endian bytes */
	size_t nb = (size_t)((n + 7) / 8);
	uint8_t *le = calloc(nb + 1, 1);
	if (little) {
		for (uint64_t i = 0; i < n / 8; i++)
			le[i] = (uint8_t)get_bits(d, m->pos + 8 * i, 8);
		if (n % 8)
			le[n / 8] = (uint8_t)get_bits(d, m->pos + 8 * (n / 8),
						      (unsigned)(n % 8));
	} else {
		for (uint64_t i = 0; i < n; i++) {
			uint64_t bit = n - 1 - i;
			if (get_bits(d, m->pos + i, 1))
				le[bit / 8] |= (uint8_t)(1u << (bit % 8));
		}
	}
	if (sign && n && (le[(n - 1) / 8] >> ((n - 1) % 8)) & 1) {
		/* sign-extend the top byte */
		if (n % 8)
			le[nb - 1] |= (uint8_t)(0xFF << (n % 8));
	}
	*out = int_from_bytes(p, le, nb, sign);
	free(le);
	m->pos += n;
	return true;
}

bool bs_get_float(struct proc *p, term ctx, term size, unsigned unit,
		  unsigned flags, term *out)
{
	if (flags & BSF_NATIVE)
		flags |= BSF_LITTLE;
	struct match_obj *m = ms(ctx);
	uint64_t n;
	if (!seg_bits(size, unit, &n) || (n != 64 && n != 32 && n != 16) ||
	    m->end - m->pos < n)
		return false;
	uint64_t v = get_bits(ms_data(m), m->pos, (unsigned)n);
	if (flags & BSF_LITTLE) {
		uint64_t r = 0;
		for (unsigned i = 0; i < n / 8; i++)
			r = r << 8 | ((v >> (8 * i)) & 0xFF);
		v = r;
	}
	double d;
	if (n == 64) {
		memcpy(&d, &v, 8);
	} else if (n == 32) {
		uint32_t w = (uint32_t)v;
		float f;
		memcpy(&f, &w, 4);
		d = f;
	} else {
		d = half_to_double((uint16_t)v);
	}
	if (!isfinite(d))
		return false;
	m->pos += n;
	*out = make_float(p, d);
	return true;
}

bool bs_get_binary(struct proc *p, term ctx, term size, unsigned unit,
		   term *out)
{
	struct match_obj *m = ms(ctx);
	uint64_t n;
	if (size == ATOM(all)) {
		n = m->end - m->pos;
		if (unit > 1 && n % unit)
			return false;
	} else if (!seg_bits(size, unit, &n) || m->end - m->pos < n) {
		return false;
	}
	*out = bin_make(p, bin_of(m->bin)->buf, m->pos, n);
	m->pos += n;
	return true;
}

bool bs_skip_bits(term ctx, term size, unsigned unit)
{
	struct match_obj *m = ms(ctx);
	uint64_t n;
	if (size == ATOM(all)) {
		n = m->end - m->pos;
		if (unit > 1 && n % unit)
			return false;
	} else if (!seg_bits(size, unit, &n) || m->end - m->pos < n) {
		return false;
	}
	m->pos += n;
	return true;
}

bool bs_get_utf(struct proc *p, term ctx, int kind, unsigned flags, term *out)
{
	if (flags & BSF_NATIVE)
		flags |= BSF_LITTLE;
	(void)p;
	struct match_obj *m = ms(ctx);
	const uint8_t *d = ms_data(m);
	uint64_t left = m->end - m->pos;
	int64_t c;
	uint64_t used;
	if (kind == 8) {
		if (left < 8)
			return false;
		unsigned b0 = (unsigned)get_bits(d, m->pos, 8);
		int len = b0 < 0x80 ? 1 : (b0 & 0xE0) == 0xC0 ? 2 : (b0 & 0xF0) == 0xE0 ? 3
			: (b0 & 0xF8) == 0xF0 ? 4 : 0;
		if (!len || left < (uint64_t)len * 8)
			return false;
		c = len == 1 ? b0 : len == 2 ? (b0 & 0x1F) : len == 3 ? (b0 & 0x0F) : (b0 & 0x07);
		for (int i = 1; i < len; i++) {
			unsigned b = (unsigned)get_bits(d, m->pos + 8 * (uint64_t)i, 8);
			if ((b & 0xC0) != 0x80)
				return false;
			c = c << 6 | (b & 0x3F);
		}
		if (utf8_len(c) != len)
			return false;   /* overlong or invalid */
		used = (uint64_t)len * 8;
	} else if (kind == 16) {
		if (left < 16)
			return false;
		uint64_t w = get_bits(d, m->pos, 16);
		if (flags & BSF_LITTLE)
			w = ((w & 0xFF) << 8) | (w >> 8);
		used = 16;
		if (w >= 0xD800 && w <= 0xDBFF) {
			if (left < 32)
				return false;
			uint64_t w2 = get_bits(d, m->pos + 16, 16);
			if (flags & BSF_LITTLE)
				w2 = ((w2 & 0xFF) << 8) | (w2 >> 8);
			if (w2 < 0xDC00 || w2 > 0xDFFF)
				return false;
			c = 0x10000 + (int64_t)(((w - 0xD800) << 10) | (w2 - 0xDC00));
			used = 32;
		} else if (w >= 0xDC00 && w <= 0xDFFF) {
			return false;
		} else {
			c = (int64_t)w;
		}
	} else {
		if (left < 32)
			return false;
		uint64_t w = get_bits(d, m->pos, 32);
		if (flags & BSF_LITTLE)
			w = __builtin_bswap32((uint32_t)w);
		c = (int64_t)w;
		if (utf8_len(c) < 0)
			return false;
		used = 32;
	}
	m->pos += used;
	*out = make_small(c);
	return true;
}

term bs_get_tail(struct proc *p, term ctx)
{
	struct match_obj *m = ms(ctx);
	return bin_make(p, bin_of(m->bin)->buf, m->pos, m->end - m->pos);
}

bool bs_match_string(term ctx, uint64_t bits, const uint8_t *s)
{
	struct match_obj *m = ms(ctx);
	if (m->end - m->pos < bits)
		return false;
	const uint8_t *d = ms_data(m);
	for (uint64_t i = 0; i < bits; i += 8) {
		unsigned n = bits - i >= 8 ? 8 : (unsigned)(bits - i);
		uint64_t a = get_bits(d, m->pos + i, n);
		uint64_t b = s[i / 8] >> (8 - n);
		if (a != b)
			return false;
	}
	m->pos += bits;
	return true;
}
