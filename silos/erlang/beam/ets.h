/* ETS inside the interpreter: tables (ets.c), match specifications (ms.c)
 * and the BIFs of the ets module (bif_ets.c).  Objects live in malloc'd
 * storage outside every process heap; readers get copies. */
#ifndef BEAM_ETS_H
#define BEAM_ETS_H

#include "beam.h"

enum ets_type { ETS_SET, ETS_OSET, ETS_BAG, ETS_DBAG };
enum ets_prot { ETS_PUBLIC, ETS_PROTECTED, ETS_PRIVATE };

/* Table ids are references with this bit set, so a deleted table's id is
 * still known for one (info says undefined; any other reference is
 * badarg). */
#define ETS_REF_BIT ((uint64_t)1 << 62)
static inline bool ets_is_tab_ref(term t)
{
	return is_ref(t) && box_arity(t) == 1 && (boxed_ptr(t)[1] & ETS_REF_BIT);
}

/* One stored object: a tuple copied into data[].  Hash tables chain the
 * objects of a bucket through next; ordered_set keeps an AVL tree. */
struct ets_obj {
	struct ets_obj *next;
	struct ets_obj *left, *right;
	int height;
	uint32_t hash;
	bool dead;         /* deleted while the table is fixed */
	term obj;
	term data[];
};

struct ets_fix {
	uint64_t pid_serial;
	long count;
	struct ets_fix *next;
};

struct ets_tab {
	uint64_t serial;   /* the reference that identifies the table */
	term name;
	bool named;
	enum ets_type type;
	enum ets_prot prot;
	unsigned keypos;   /* 1-based */
	uint64_t owner;
	term heir;         /* pid or the atom none */
	term heir_data;    /* copied into malloc'd memory, or NONV */
	void *heir_mem;
	bool read_conc, compressed;
	int write_conc;    /* 0 false, 1 true, 2 auto */
	int decentral;     /* -1 not given, else 0/1 */
	size_t size;       /* live objects */
	size_t words;      /* words of object storage */
	struct ets_obj **buckets;   /* hash tables: nslots allocated */
	size_t nbuckets;   /* active buckets (linear hashing) */
	size_t nslots;     /* buckets allocated, in OTP's segment sizes */
	size_t szm;        /* bucket mask: 2^k - 1 >= nbuckets - 1 */
	size_t shrink_limit;   /* join buckets below this many objects */
	long *lock_counts; /* objects per lock, with decentralized counters */
	size_t ndead;
	struct ets_obj *root;       /* ordered_set */
	struct ets_fix *fixes;
	struct ets_tab *next, *next_named;   /* registry chains */
};

/* Table registry and life cycle (ets.c). */
/* A new empty table (set, protected, keypos 1) with a fresh id; the caller
 * fills in type, owner and options. */
struct ets_tab *ets_tab_new(term name, bool named);
/* Finds the table named by a reference or a name; NULL if none. */
struct ets_tab *ets_tab_find(term id);
/* Gives t a new name (a named table's index follows). */
void ets_tab_rename(struct ets_tab *t, term name);
/* The named table called name, or NULL. */
struct ets_tab *ets_tab_by_name(term name);
/* Removes t from the registry and frees it and every object in it. */
void ets_tab_delete(struct ets_tab *t);
/* The id a user sees: the name for a named table, else a reference
 * built on p's heap. */
term ets_tab_id(struct proc *p, struct ets_tab *t);
/* The table's reference, named or not (ets:whereis/1, info id). */
term ets_tab_ref(struct proc *p, struct ets_tab *t);
/* Every table, for ets:all/0, as a list on p's heap. */
term ets_tab_all(struct proc *p);
/* Sets the heir (a pid, or none) and a stored copy of its gift data. */
void ets_set_heir(struct ets_tab *t, term heir, term data);
/* Fixation by process serial: +1 or -1. */
void ets_fix(struct ets_tab *t, uint64_t serial, bool on);

/* Objects (ets.c). */
static inline term ets_key(const struct ets_tab *t, term obj)
{
	return tuple_elems(obj)[t->keypos - 1];
}
/* True when two keys are the same key of this table (== for ordered_set,
 * =:= otherwise). */
bool ets_key_eq(const struct ets_tab *t, term a, term b);
/* Inserts obj (a tuple of arity >= keypos); replaces per the type. */
void ets_insert(struct ets_tab *t, term obj);
/* The first live object with key k, or NULL.  A bag's objects with one
 * key come newest first (a lookup lists them the other way round). */
struct ets_obj *ets_lookup(struct ets_tab *t, term k);
/* The next live object after o with key k (bags), or NULL. */
struct ets_obj *ets_lookup_next(struct ets_tab *t, struct ets_obj *o, term k);
/* Removes every object with key k; returns how many. */
size_t ets_delete_key(struct ets_tab *t, term k);
/* Removes one stored object; with shrink the table may then shrink (a
 * caller removing several objects at once shrinks once, at the end). */
void ets_delete_obj(struct ets_tab *t, struct ets_obj *o, bool shrink);
/* Joins buckets if the table has become sparse after a deletion of key
 * (OTP's try_shrink). */
void ets_try_shrink(struct ets_tab *t, term key);
/* True when OTP locks the table's buckets finely: write_concurrency on a
 * table that is not private.  Such a table is walked in OTP's lock order
 * (and a public one does not shrink after select_delete: OTP keeps it
 * fixed meanwhile). */
bool ets_fine_locked(const struct ets_tab *t);
/* Removes every object (marks them dead while the table is fixed). */
void ets_delete_all(struct ets_tab *t);
/* Puts obj (same key) in o's place. */
void ets_replace(struct ets_tab *t, struct ets_obj *o, term obj);
/* Key traversal: first/last/next/prev key, NONV at the end.  next/prev of
 * a key not in a hash table sets *missing. */
term ets_first(struct ets_tab *t, bool last);
/* See ets_first. */
term ets_next(struct ets_tab *t, term k, bool prev, bool *missing);

/* Walks live objects in table order (reverse for ordered_set when asked),
 * starting at a position, and writes back the position after the stop.
 * For ordered_set the position is a key (NONV: from the start), the walk
 * starts after it and fn returning false stops it.  Hash tables are
 * walked as OTP walks them, whole buckets at a time in OTP's bucket
 * order: fn's answer for an object is ignored, and between two buckets
 * fn is called with NULL; false stops the walk there.  The position is
 * the next bucket to visit (ETS_POS_END after the last). */
#define ETS_POS_END ((size_t)-1)
struct ets_pos {
	term key;              /* ordered_set: last key visited, or NONV */
	size_t bucket;         /* hash: next bucket to visit */
};
typedef bool (*ets_visit_fn)(struct ets_obj *o, void *ctx);
void ets_walk(struct ets_tab *t, bool reverse, struct ets_pos *pos,
	      ets_visit_fn fn, void *ctx);
/* The bucket a key of a hash table lives in, and whether it holds a live
 * object with that key. */
size_t ets_bucket_of(struct ets_tab *t, term k, bool *present);
/* Calls fn on every live object in bucket b of a hash table, in chain
 * order. */
void ets_walk_bucket(struct ets_tab *t, size_t b, ets_visit_fn fn, void *ctx);

/* Match specifications (ms.c).  A spec is checked once (ms_check) and then
 * interpreted against each object. */
enum ms_dialect { MS_TABLE, MS_SELECT_REPLACE };
/* Why a specification is refused (ets:test_ms/2 explains it in words). */
enum ms_fault {
	MS_F_NONE, MS_F_NOT_LIST, MS_F_IMPROPER, MS_F_CLAUSE, MS_F_EXPR_NOT_LIST,
	MS_F_EXPR_IMPROPER, MS_F_NO_BODY, MS_F_UNBOUND, MS_F_NO_FUN,
	MS_F_CONTEXT, MS_F_DIALECT, MS_F_NOT_CALL, MS_F_KEY, MS_F_CONST_ARGS,
	MS_F_NO_ARGS, MS_F_SELF_ARGS,
};
struct ms_why {
	enum ms_fault fault;
	term culprit;      /* the function name, variable number or term */
	size_t arity;
};
/* Returns true if ms is a well formed match specification (a list of
 * {Head, Guards, Body}); for select_replace also that the key is kept.
 * why (may be NULL) says what is wrong. */
bool ms_check(term ms, unsigned keypos, enum ms_dialect d, struct ms_why *why);
/* Writes OTP's message for a refused specification into buf (at most len
 * bytes, no terminator); returns its length. */
size_t ms_why_text(const struct ms_why *w, char *buf, size_t len);
/* Runs ms against obj: true and *res when a clause matches (a body that
 * raises gives 'EXIT'); res may point into obj.  Terms built go on p. */
bool ms_run(struct proc *p, term ms, term obj, term *res);
/* The key of a one-clause spec whose head names it fully (so a lookup
 * finds every candidate), or NONV. */
term ms_const_key(term ms, unsigned keypos);
/* How a clause's head names the key at keypos: bound (a term without
 * variables: *key), free (any key may match) or none (the head cannot
 * match a table object: not a tuple that long). */
enum ms_key { MS_KEY_BOUND, MS_KEY_FREE, MS_KEY_NONE };
enum ms_key ms_clause_key(term clause, unsigned keypos, term *key);
/* Compiled specifications for ets:match_spec_compile/1: a reference to a
 * stored copy. */
term ms_compiled_new(struct proc *p, term ms);
/* The stored spec a compiled reference stands for, or NONV. */
term ms_compiled_get(term ref);

#endif
