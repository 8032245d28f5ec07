/* Per-process copying garbage collector (Cheney).  Roots are the live X
 * registers, the stack, the mailbox, the process dictionary and the
 * exception state.  Everything reachable that lies in the process heap or
 * in one of its heap fragments (memory taken when C code or a sender needed
 * more than the heap had) is copied into a fresh heap; anything else (module
 * literals) is left in place.  Forwarding: a moved boxed object's header
 * becomes a boxed pointer to the copy; a moved cons cell's head becomes the
 * non-value and its tail the new cell.
 *
 * The collector is not generational yet: every collection is a full sweep,
 * sized so that the heap keeps at least as much free space as live data. */
#include "beam.h"
#include <stdlib.h>

#define MIN_HEAP 256
#define FRAG_MIN 1024

term *heap_alloc_slow(struct proc *p, size_t n)
{
	struct frag *f = p->frags;
	if (!f || (size_t)(f->end - f->top) < n) {
		size_t sz = n > FRAG_MIN ? n : FRAG_MIN;
		if (sz < p->heap_words / 2 && n < p->heap_words / 2)
			sz = p->heap_words / 2;
		f = malloc(sizeof *f + sz * sizeof(term));
		f->top = f->data;
		f->end = f->data + sz;
		f->next = p->frags;
		p->frags = f;
	}
	term *r = f->top;
	f->top += n;
	p->frag_words += n;
	return r;
}

void proc_bin_ref(struct proc *p, struct binbuf *b)
{
	if (p->nbins == p->bins_cap) {
		p->bins_cap = p->bins_cap ? p->bins_cap * 2 : 16;
		p->bins = realloc(p->bins, p->bins_cap * sizeof *p->bins);
	}
	b->refc++;
	p->bins[p->nbins++] = b;
}

struct gcs {
	struct proc *p;
	term *from, *from_end;
	struct frag *frags;
	term *top;
	struct binbuf **bins;
	size_t nbins, cap;
};

static bool in_from(struct gcs *g, const term *ptr)
{
	if (ptr >= g->from && ptr < g->from_end)
		return true;
	for (struct frag *f = g->frags; f; f = f->next)
		if (ptr >= f->data && ptr < f->top)
			return true;
	return false;
}

static void keep_bin(struct gcs *g, struct binbuf *b)
{
	if (g->nbins == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 16;
		g->bins = realloc(g->bins, g->cap * sizeof *g->bins);
	}
	b->refc++;
	g->bins[g->nbins++] = b;
}

static term gc_copy(struct gcs *g, term t)
{
	if (is_list(t)) {
		term *c = list_ptr(t);
		if (!in_from(g, c))
			return t;
		if (c[0] == NONV)
			return c[1];
		term *n = g->top;
		g->top += 2;
		n[0] = c[0];
		n[1] = c[1];
		c[0] = NONV;
		c[1] = make_list(n);
		return make_list(n);
	}
	if (!is_boxed(t) || t == 0)
		return t;
	term *o = boxed_ptr(t);
	if (!in_from(g, o))
		return t;
	if (is_boxed(o[0]))
		return o[0];
	size_t w = hdr_arity(o[0]) + 1;
	term *n = g->top;
	g->top += w;
	memcpy(n, o, w * sizeof(term));
	if (hdr_kind(o[0]) == HK_BIN)
		keep_bin(g, ((struct bin_obj *)n)->buf);
	o[0] = make_boxed(n);
	return make_boxed(n);
}

static void gc_scan(struct gcs *g, term *scan)
{
	while (scan < g->top) {
		term w = *scan;
		if ((w & 7) != 7) {
			/* a cons cell */
			scan[0] = gc_copy(g, scan[0]);
			scan[1] = gc_copy(g, scan[1]);
			scan += 2;
			continue;
		}
		size_t ar = hdr_arity(w);
		switch (hdr_kind(w)) {
		case HK_TUPLE:
		case HK_MAP:
		case HK_BMAP:
			for (size_t i = 1; i <= ar; i++)
				scan[i] = gc_copy(g, scan[i]);
			break;
		case HK_FUN:
			for (size_t i = 2; i <= ar; i++)
				scan[i] = gc_copy(g, scan[i]);
			break;
		case HK_MATCH:
			scan[1] = gc_copy(g, scan[1]);
			break;
		default:
			break;
		}
		scan += ar + 1;
	}
}

static void gc_pass(struct proc *p, term *x, unsigned live, size_t size)
{
	struct gcs g = { .p = p, .from = p->heap, .from_end = p->htop,
			 .frags = p->frags };
	term *to = malloc(size * sizeof(term));
	g.top = to;
	for (unsigned i = 0; i < live; i++)
		x[i] = gc_copy(&g, x[i]);
	for (term *s = p->E; s < p->stack_end; s++)
		*s = gc_copy(&g, *s);
	for (struct msg *m = p->mq_head; m; m = m->next)
		m->t = gc_copy(&g, m->t);
	p->dict = gc_copy(&g, p->dict);
	p->freason = gc_copy(&g, p->freason);
	p->fstack = gc_copy(&g, p->fstack);
	p->result = gc_copy(&g, p->result);
	p->exit_reason = gc_copy(&g, p->exit_reason);
	gc_scan(&g, to);
	for (size_t i = 0; i < p->nbins; i++)
		binbuf_release(p->bins[i]);
	free(p->bins);
	p->bins = g.bins;
	p->nbins = g.nbins;
	p->bins_cap = g.cap;
	for (struct frag *f = p->frags, *n; f; f = n) {
		n = f->next;
		free(f);
	}
	p->frags = NULL;
	p->frag_words = 0;
	free(p->heap);
	p->heap = to;
	p->htop = g.top;
	p->hend = to + size;
	p->heap_words = size;
}

void gc_collect(struct proc *p, term *x, unsigned live, size_t need)
{
	size_t used = (size_t)(p->htop - p->heap) + p->frag_words;
	size_t size = used + need;
	if (size < p->heap_words)
		size = p->heap_words;
	if (size < MIN_HEAP)
		size = MIN_HEAP;
	gc_pass(p, x, live, size);
	size_t l = (size_t)(p->htop - p->heap);
	/* keep free space at least equal to live data (and the request) */
	size_t want = 2 * (l + need);
	if (want < MIN_HEAP)
		want = MIN_HEAP;
	if (want > p->heap_words || (p->heap_words > 4 * want &&
				     p->heap_words > 65536))
		gc_pass(p, x, live, want + want / 2);
}
