/* The export table (every M:F/A ever named, loaded or not), the literal
 * arenas of modules, and reverse lookup from a code address to its
 * function and source line for stack traces. */
#include "beam.h"
#include <stdlib.h>

#define EXP_BUCKETS 8192
static struct export *exp_tab[EXP_BUCKETS];

static unsigned exp_hash(term m, term f, uint32_t a)
{
	uint64_t h = (m * 0x9E3779B97F4A7C15ull) ^ (f * 0xC2B2AE3D27D4EB4Full) ^ a;
	return (unsigned)(h ^ (h >> 29)) & (EXP_BUCKETS - 1);
}

struct export *export_find(term mod, term fun, uint32_t arity)
{
	for (struct export *e = exp_tab[exp_hash(mod, fun, arity)]; e; e = e->next)
		if (e->mod == mod && e->fun == fun && e->arity == arity)
			return e;
	return NULL;
}

struct export *export_get(term mod, term fun, uint32_t arity)
{
	struct export *e = export_find(mod, fun, arity);
	if (e)
		return e;
	e = calloc(1, sizeof *e);
	e->mod = mod;
	e->fun = fun;
	e->arity = arity;
	unsigned h = exp_hash(mod, fun, arity);
	e->next = exp_tab[h];
	exp_tab[h] = e;
	return e;
}

struct arena_chunk {
	struct arena_chunk *next;
	size_t used, cap;
	_Alignas(16) uint8_t data[];
};

void *lit_alloc(void **arena, size_t bytes)
{
	struct arena_chunk *c = *arena;
	bytes = (bytes + 15) & ~(size_t)15;
	if (!c || c->cap - c->used < bytes) {
		size_t cap = bytes > 65536 ? bytes : 65536;
		struct arena_chunk *n = malloc(sizeof *n + cap);
		n->used = 0;
		n->cap = cap;
		n->next = c;
		*arena = n;
		c = n;
	}
	void *r = c->data + c->used;
	c->used += bytes;
	return r;
}

void export_forget_code(const cw *start, const cw *end)
{
	for (size_t i = 0; i < EXP_BUCKETS; i++)
		for (struct export *e = exp_tab[i]; e; e = e->next)
			if (e->code >= start && e->code < end)
				e->code = NULL;
}

/* Frees a literal arena (only for modules that never ran). */
void lit_arena_free(void *arena)
{
	struct arena_chunk *c = arena;
	while (c) {
		struct arena_chunk *n = c->next;
		free(c);
		c = n;
	}
}

/* Modules are searched in load order; only used on error paths. */
extern struct module *module_list_head(void);

struct module *code_lookup(const cw *pc, struct func_span **fs)
{
	for (struct module *m = module_list_head(); m; m = m->next) {
		if (pc < m->code || pc >= m->code + m->code_len)
			continue;
		size_t off = (size_t)(pc - m->code);
		struct func_span *best = NULL;
		size_t lo = 0, hi = m->nfuncs;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (m->funcs[mid].start <= off) {
				best = &m->funcs[mid];
				lo = mid + 1;
			} else {
				hi = mid;
			}
		}
		if (fs)
			*fs = best;
		return m;
	}
	return NULL;
}

uint32_t code_line(struct module *m, const cw *pc, uint32_t *file)
{
	size_t off = (size_t)(pc - m->code);
	uint32_t line = 0;
	*file = 0;
	size_t lo = 0, hi = m->nlines;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (m->lines[mid].off <= off) {
			line = m->lines[mid].line;
			*file = m->lines[mid].file;
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return line;
}
