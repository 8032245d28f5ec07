/* Binaries: every binary's bytes live in a reference-counted off-heap
 * buffer (struct binbuf); the heap holds a small window object (bin_obj)
 * with a bit offset and a bit size, so sub-binaries share the buffer.  A
 * process records each buffer its heap points to; its collector drops the
 * references that died.  Appending to a binary whose window ends exactly at
 * the buffer's written size extends the buffer in place (amortised O(1)),
 * which is what makes <<Acc/binary, X>> loops linear. */
#include "beam.h"
#include <stdlib.h>

struct binbuf *binbuf_new(size_t cap)
{
	struct binbuf *b = malloc(sizeof *b + (cap ? cap : 1));
	b->refc = 0;
	b->size = 0;
	b->cap = cap;
	return b;
}

void binbuf_release(struct binbuf *b)
{
	if (--b->refc <= 0)
		free(b);
}

term bin_make(struct proc *p, struct binbuf *b, uint64_t bitoff,
	      uint64_t bitsize)
{
	struct bin_obj *o = (struct bin_obj *)heap_alloc(p, BIN_WORDS);
	o->hdr = make_header(BIN_WORDS - 1, HK_BIN);
	o->buf = b;
	o->bitoff = bitoff;
	o->bitsize = bitsize;
	proc_bin_ref(p, b);
	return make_boxed(o);
}

term bin_new(struct proc *p, const void *data, size_t len)
{
	struct binbuf *b = binbuf_new(len);
	if (len)
		memcpy(b->data, data, len);
	b->size = len;
	return bin_make(p, b, 0, (uint64_t)len * 8);
}

bool is_bitstring_term(term t)
{
	return is_boxed(t) && box_kind(t) == HK_BIN;
}

bool is_binary_term(term t)
{
	return is_bitstring_term(t) && (bin_of(t)->bitsize & 7) == 0;
}

/* Copies n bits from src at bit soff to dst at bit doff (MSB first). */
void bits_copy(uint8_t *dst, uint64_t doff, const uint8_t *src, uint64_t soff,
	       uint64_t n)
{
	if (!((doff | soff) & 7)) {
		memmove(dst + doff / 8, src + soff / 8, n / 8);
		doff += n & ~(uint64_t)7;
		soff += n & ~(uint64_t)7;
		n &= 7;
	}
	for (uint64_t i = 0; i < n; i++) {
		uint64_t s = soff + i, d = doff + i;
		int bit = (src[s >> 3] >> (7 - (s & 7))) & 1;
		uint8_t mask = (uint8_t)(1u << (7 - (d & 7)));
		if (bit)
			dst[d >> 3] |= mask;
		else
			dst[d >> 3] &= (uint8_t)~mask;
	}
}

const uint8_t *bin_bytes(term t, size_t *len, uint8_t **tmp)
{
	*tmp = NULL;
	if (!is_bitstring_term(t))
		return NULL;
	struct bin_obj *o = bin_of(t);
	*len = (size_t)(o->bitsize / 8);
	if (!(o->bitoff & 7))
		return o->buf->data + o->bitoff / 8;
	*tmp = malloc(*len + 1);
	bits_copy(*tmp, 0, o->buf->data, o->bitoff, o->bitsize & ~(uint64_t)7);
	return *tmp;
}

struct growbuf {
	uint8_t *d;
	size_t len, cap;
};

static void gb_put(struct growbuf *g, const uint8_t *s, size_t n)
{
	if (g->len + n > g->cap) {
		g->cap = (g->len + n) * 2 + 64;
		g->d = realloc(g->d, g->cap);
	}
	memcpy(g->d + g->len, s, n);
	g->len += n;
}

static void gb_put_bin(struct growbuf *g, term bin)
{
	size_t n;
	uint8_t *tmp;
	const uint8_t *s = bin_bytes(bin, &n, &tmp);
	gb_put(g, s, n);
	free(tmp);
}

/* Appends the bytes of iolist t; false if it is not one.  The tails of
 * the lists it is inside wait on a stack of its own, so any nesting depth
 * works (OTP has no limit either). */
static bool iol_walk(term t, struct growbuf *g)
{
	size_t n = 0, cap = 0;
	term *tails = NULL;
	bool ok = true;
	for (;;) {
		while (is_list(t)) {
			term h = CAR(t);
			t = CDR(t);
			if (is_small(h)) {
				int64_t c = small_val(h);
				if (c < 0 || c > 255) {
					ok = false;
					goto out;
				}
				uint8_t byte = (uint8_t)c;
				gb_put(g, &byte, 1);
			} else if (is_binary_term(h)) {
				gb_put_bin(g, h);
			} else if (is_list(h) || h == NIL) {
				if (n == cap) {
					cap = cap ? cap * 2 : 64;
					tails = realloc(tails, cap * sizeof *tails);
				}
				tails[n++] = t;
				t = h;
			} else {
				ok = false;
				goto out;
			}
		}
		if (is_binary_term(t))
			gb_put_bin(g, t);
		else if (t != NIL) {
			ok = false;
			goto out;
		}
		if (!n)
			break;
		t = tails[--n];
	}
out:
	free(tails);
	return ok;
}

uint8_t *iolist_flatten(term t, size_t *len)
{
	struct growbuf g = { malloc(64), 0, 64 };
	if (!iol_walk(t, &g)) {
		free(g.d);
		return NULL;
	}
	*len = g.len;
	return g.d;
}

long iolist_size(term t)
{
	size_t n;
	uint8_t *d = iolist_flatten(t, &n);
	if (!d)
		return -1;
	free(d);
	return (long)n;
}
