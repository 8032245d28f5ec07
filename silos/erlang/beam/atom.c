/* Atom table: atoms are interned once and never freed; an atom term holds
 * its index.  Open hashing over an array of names that only grows. */
#include "beam.h"
#include <stdlib.h>

#define ATOM_MAX (1u << 20)

struct atom_rec {
	char *text;
	uint32_t len;
	uint32_t next;       /* hash chain, index + 1, 0 ends */
};

static struct atom_rec *atoms;
static size_t natoms, cap_atoms;
static uint32_t *buckets;
static size_t nbuckets;

static uint32_t atom_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (uint8_t)s[i]) * 16777619u;
	return h;
}

static void atom_rehash(void)
{
	free(buckets);
	nbuckets = nbuckets ? nbuckets * 2 : 4096;
	buckets = calloc(nbuckets, sizeof *buckets);
	for (size_t i = 0; i < natoms; i++) {
		uint32_t h = atom_hash(atoms[i].text, atoms[i].len) & (nbuckets - 1);
		atoms[i].next = buckets[h];
		buckets[h] = (uint32_t)i + 1;
	}
}

/* Interns the atoms named in atoms.def so that A_x indices hold. */
void atom_init(void)
{
#define X(id, text) atom_intern(text, sizeof(text) - 1);
#include "atoms.def"
#undef X
}

term atom_lookup(const char *s, size_t len)
{
	if (!nbuckets)
		return NONV;
	uint32_t h = atom_hash(s, len) & (nbuckets - 1);
	for (uint32_t i = buckets[h]; i; i = atoms[i - 1].next) {
		struct atom_rec *a = &atoms[i - 1];
		if (a->len == len && memcmp(a->text, s, len) == 0)
			return make_atom(i - 1);
	}
	return NONV;
}

term atom_intern(const char *s, size_t len)
{
	term t = atom_lookup(s, len);
	if (t != NONV)
		return t;
	if (natoms >= ATOM_MAX || len > 1020)
		return NONV;
	if (natoms == cap_atoms) {
		cap_atoms = cap_atoms ? cap_atoms * 2 : 4096;
		atoms = realloc(atoms, cap_atoms * sizeof *atoms);
	}
	if (natoms * 2 >= nbuckets)
		atom_rehash();
	struct atom_rec *a = &atoms[natoms];
	a->text = malloc(len + 1);
	memcpy(a->text, s, len);
	a->text[len] = 0;
	a->len = (uint32_t)len;
	uint32_t h = atom_hash(s, len) & (nbuckets - 1);
	a->next = buckets[h];
	buckets[h] = (uint32_t)natoms + 1;
	return make_atom(natoms++);
}

const char *atom_text(term a, size_t *len)
{
	struct atom_rec *r = &atoms[atom_index(a)];
	if (len)
		*len = r->len;
	return r->text;
}

size_t atom_count(void)
{
	return natoms;
}
