/* Per-process generational copying garbage collector (Cheney).
 *
 * A process allocates in a young heap (the nursery); when C code needs
 * more than the nursery has, it takes a heap fragment.  A minor collection
 * copies what is reachable in the nursery and fragments to the end of the
 * old heap (promotion) and empties the nursery; a major collection copies
 * everything reachable, old generation included, into a fresh old heap.
 * Roots are the live X registers, the stack, the mailbox, the dictionary,
 * the exception state and the remembered set.  The old generation never
 * points into the nursery because Erlang terms are immutable; the one
 * exception, set_tuple_element on a promoted tuple, records the slot in the
 * remembered set.  Anything outside the process's memory (module literals)
 * is left in place.  Forwarding: a moved boxed object's header becomes a
 * boxed pointer to the copy; a moved cons cell's head becomes the
 * non-value and its tail the new cell.  Collections run only at
 * instructions that name their live registers, never inside C code. */
#include "beam.h"
#include <stdlib.h>

#define MIN_HEAP 256
#define FRAG_MIN 1024
#define MAX_YOUNG (1u << 20)

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

static void bins_push(struct binbuf ***v, size_t *n, size_t *cap,
		      struct binbuf *b)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*v = realloc(*v, *cap * sizeof **v);
	}
	b->refc++;
	(*v)[(*n)++] = b;
}

void proc_bin_ref(struct proc *p, struct binbuf *b)
{
	bins_push(&p->bins, &p->nbins, &p->bins_cap, b);
}

void gc_remember(struct proc *p, term *slot)
{
	if (p->nrem == p->rem_cap) {
		p->rem_cap = p->rem_cap ? p->rem_cap * 2 : 16;
		p->remset = realloc(p->remset, p->rem_cap * sizeof *p->remset);
	}
	p->remset[p->nrem++] = slot;
}

struct gcs {
	term *from, *from_end;     /* the nursery */
	term *old, *old_end;       /* the old heap, when it is collected too */
	struct frag *frags;
	term *top;
	struct binbuf **bins;
	size_t nbins, cap;
};

static bool in_from(struct gcs *g, const term *ptr)
{
	if (ptr >= g->from && ptr < g->from_end)
		return true;
	if (ptr >= g->old && ptr < g->old_end)
		return true;
	for (struct frag *f = g->frags; f; f = f->next)
		if (ptr >= f->data && ptr < f->top)
			return true;
	return false;
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
		bins_push(&g->bins, &g->nbins, &g->cap, ((struct bin_obj *)n)->buf);
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
		case HK_HMAP:
		case HK_HNODE:
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

static void gc_roots(struct gcs *g, struct proc *p, term *x, unsigned live)
{
	for (unsigned i = 0; i < live; i++)
		x[i] = gc_copy(g, x[i]);
	for (term *s = p->E; s < p->stack_end; s++)
		*s = gc_copy(g, *s);
	for (struct msg *m = p->mq_head; m; m = m->next)
		m->t = gc_copy(g, m->t);
	p->dict = gc_copy(g, p->dict);
	p->freason = gc_copy(g, p->freason);
	p->fstack = gc_copy(g, p->fstack);
	p->result = gc_copy(g, p->result);
	p->exit_reason = gc_copy(g, p->exit_reason);
}

static void young_reset(struct proc *p, size_t need)
{
	for (struct frag *f = p->frags, *n; f; f = n) {
		n = f->next;
		free(f);
	}
	p->frags = NULL;
	p->frag_words = 0;
	size_t want = p->heap_words;
	size_t old_used = (size_t)(p->old_top - p->old);
	/* a nursery about a quarter of the old generation, within limits */
	while (want < old_used / 4 && want < MAX_YOUNG)
		want *= 2;
	while (want < need + MIN_HEAP)
		want *= 2;
	if (want < p->min_heap)      /* spawn_opt's min_heap_size */
		want = p->min_heap;
	if (want != p->heap_words) {
		free(p->heap);
		p->heap = malloc(want * sizeof(term));
		p->heap_words = want;
	}
	p->htop = p->heap;
	p->hend = p->heap + p->heap_words;
	p->nrem = 0;
}

/* Promotes the live young data to the old heap; false if it may not fit. */
static bool gc_minor(struct proc *p, term *x, unsigned live)
{
	size_t young = (size_t)(p->htop - p->heap) + p->frag_words;
	if (!p->old || (size_t)(p->old_end - p->old_top) < young)
		return false;
	struct gcs g = { .from = p->heap, .from_end = p->htop, .frags = p->frags,
			 .top = p->old_top, .bins = p->obins, .nbins = p->nobins,
			 .cap = p->obins_cap };
	term *scan = p->old_top;
	gc_roots(&g, p, x, live);
	for (size_t i = 0; i < p->nrem; i++)
		*p->remset[i] = gc_copy(&g, *p->remset[i]);
	gc_scan(&g, scan);
	p->old_top = g.top;
	p->obins = g.bins;
	p->nobins = g.nbins;
	p->obins_cap = g.cap;
	for (size_t i = 0; i < p->nbins; i++)
		binbuf_release(p->bins[i]);
	p->nbins = 0;
	return true;
}

/* Copies everything live into a fresh old heap of size words. */
static void gc_major(struct proc *p, term *x, unsigned live, size_t size)
{
	term *to = malloc(size * sizeof(term));
	struct gcs g = { .from = p->heap, .from_end = p->htop, .old = p->old,
			 .old_end = p->old_top, .frags = p->frags, .top = to };
	gc_roots(&g, p, x, live);
	gc_scan(&g, to);
	for (size_t i = 0; i < p->nbins; i++)
		binbuf_release(p->bins[i]);
	p->nbins = 0;
	for (size_t i = 0; i < p->nobins; i++)
		binbuf_release(p->obins[i]);
	free(p->obins);
	p->obins = g.bins;
	p->nobins = g.nbins;
	p->obins_cap = g.cap;
	free(p->old);
	p->old = to;
	p->old_top = g.top;
	p->old_end = to + size;
}

void gc_collect(struct proc *p, term *x, unsigned live, size_t need)
{
	if (!gc_minor(p, x, live)) {
		size_t used = (size_t)(p->old_top - p->old) + (size_t)(p->htop - p->heap) +
			      p->frag_words;
		size_t size = used < MIN_HEAP ? MIN_HEAP : used;
		gc_major(p, x, live, size);
		/* leave the old generation as much room again as it holds */
		size_t l = (size_t)(p->old_top - p->old);
		size_t want = 2 * l + p->heap_words;
		if (want < 4 * MIN_HEAP)
			want = 4 * MIN_HEAP;
		if (want > (size_t)(p->old_end - p->old))
			gc_major(p, x, live, want);
		else if ((size_t)(p->old_end - p->old) > 4 * want && want > 65536)
			gc_major(p, x, live, want);
	}
	young_reset(p, need);
}
