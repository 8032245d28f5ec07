/* Shared declarations of the Shale BEAM interpreter: atoms, modules, exports,
 * processes and the interfaces between the loader, the interpreter, the
 * built-ins and the garbage collector.  Everything here is portable C; the
 * host (or silo) supplies the few functions declared in host.h. */
#ifndef BEAM_BEAM_H
#define BEAM_BEAM_H

#include "term.h"
#include <stdio.h>

/* Atom indices for the atoms named in atoms.def. */
enum {
#define X(id, text) A_##id,
#include "atoms.def"
#undef X
	A__COUNT
};
#define ATOM(id) make_atom(A_##id)
#define TRUE_T ATOM(true)
#define FALSE_T ATOM(false)
#define BOOL_T(c) ((c) ? TRUE_T : FALSE_T)

/* Atom table (atom.c). */
void atom_init(void);
/* Returns the atom for len bytes of UTF-8 text, interning it; NONV if the
 * table is full or the name is longer than 255 characters. */
term atom_intern(const char *s, size_t len);
/* Returns the atom if it already exists, else NONV. */
term atom_lookup(const char *s, size_t len);
const char *atom_text(term a, size_t *len);
size_t atom_count(void);

/* Code words: each instruction is a handler address followed by operands. */
typedef uintptr_t cw;

struct proc;
typedef term (*bif_fn)(struct proc *p, term *args);

/* A function M:F/A, known or not: code (loaded Erlang), bif (C), or neither
 * (undefined, resolved on the next call). */
struct export {
	term mod, fun;
	uint32_t arity;
	cw *code;
	bif_fn bif;
	struct export *next;
};

struct fun_entry {
	struct module *mod;
	term name;
	uint32_t arity;     /* arity of the fun as called */
	uint32_t nfree;
	uint32_t index, old_uniq;
	uint32_t label;
	cw *code;
};

struct func_span {
	uint32_t start;     /* code offset of func_info */
	term name;
	uint32_t arity;
};

struct line_rec {
	uint32_t off;       /* code offset */
	uint32_t line;
	uint32_t file;      /* index into the module's file names */
};

struct module {
	term name;
	cw *code;
	size_t code_len;
	struct func_span *funcs;
	size_t nfuncs;
	struct export **imports;
	size_t nimports;
	struct fun_entry *funs;
	size_t nfuns;
	struct line_rec *lines;
	size_t nlines;
	term file;          /* source file name (string) or NIL */
	term *fnames;       /* file names of the Line chunk (strings) */
	size_t nfnames;
	term exports_list;  /* list of {F,A} (literal area) */
	term attributes;    /* attribute list (literal area) */
	term compile_info;
	void *lit_arena;
	uint8_t md5[16];    /* OTP's module checksum (beam_lib:md5/1) */
	struct module *next;
};
/* MD5 of the concatenation of k byte ranges (NULL ones are skipped). */
void md5_of_parts(const uint8_t *const *d, const size_t *n, size_t k,
		  uint8_t out[16]);

/* Module table and loader (load.c, code.c). */
struct module *module_find(term name);
/* The first of every loaded module (then ->next). */
struct module *module_list_head(void);
/* Loads a module from a .beam image; returns 0 or a negative SH_E* code and
 * writes a message naming the module and offset into err. */
int module_load(const uint8_t *data, size_t len, char *err, size_t errlen,
		struct module **out);
/* Finds M on the search path and loads it; NULL if it cannot be found or
 * loaded (the loader's message goes to the log). */
struct module *module_ensure(term mod);
/* Removes a module nobody runs (the loader checks, fuzzing): its exports
 * become undefined and its memory is freed. */
void module_purge(struct module *m);
void export_forget_code(const cw *start, const cw *end);
struct export *export_get(term mod, term fun, uint32_t arity);
struct export *export_find(term mod, term fun, uint32_t arity);
/* Finds the function containing a code address: module and span. */
struct module *code_lookup(const cw *pc, struct func_span **fs);
uint32_t code_line(struct module *m, const cw *pc, uint32_t *file);
void code_add_path(const char *dir);
extern const char *code_paths[];
extern int code_npaths;

/* Literal arena: memory that no process collector copies. */
void *lit_alloc(void **arena, size_t bytes);
void lit_arena_free(void *arena);

/* Timers. */
struct timer {
	int64_t when;           /* milliseconds, monotonic */
	uint64_t seq;
	struct proc *owner;     /* receive-after timeout, or NULL */
	uint64_t owner_serial;
	term ref;               /* send_after / start_timer: reference */
	uint64_t dest;          /* destination pid serial */
	term dest_name;         /* or registered name */
	term msg;               /* message in the literal-free timer heap */
	void *msgmem;
	bool cancelled;
};

struct msg {
	term t;
	struct msg *next;
};

struct frag {
	struct frag *next;
	term *top, *end;
	term data[];
};

struct link {
	uint64_t serial;
	struct link *next;
};

struct monitor {
	term ref;            /* on the watcher's heap? no: ref serial below */
	uint64_t ref_serial;
	uint64_t watcher;    /* who gets DOWN */
	uint64_t target;
	term target_name;
	struct monitor *next;
};

enum proc_state { PS_RUNNABLE, PS_WAITING, PS_EXITING, PS_DEAD };

struct proc {
	uint64_t serial;
	term pid;
	/* young heap (nursery), fragments, and the old generation */
	term *heap, *htop, *hend;
	size_t heap_words;
	size_t min_heap;             /* spawn_opt's min_heap_size, OTP-rounded */
	struct frag *frags;
	size_t frag_words;
	term *old, *old_top, *old_end;
	struct binbuf **obins;       /* buffers referenced from the old heap */
	size_t nobins, obins_cap;
	term **remset;               /* old slots written to point young */
	size_t nrem, rem_cap;
	/* stack, growing down from stack_end */
	term *stack, *E, *stack_end;
	/* saved machine state while not running */
	cw *pc, *cp;
	cw *tmo_pc;          /* where a receive resumes when its timer fires */
	term result;         /* return value of the first function, for the CLI */
	term *xsave;
	unsigned xsave_n, xsave_cap;
	/* off-heap binaries referenced from the heap */
	struct binbuf **bins;
	size_t nbins, bins_cap;
	/* mailbox */
	struct msg *mq_head, **mq_tail, **mq_save;
	size_t mq_len;
	/* timer for receive ... after */
	struct timer *tmo;
	bool timed_out;
	/* signals */
	struct link *links;
	bool trap_exit;
	term reg_name;
	term dict;           /* list of {K,V} */
	term group_leader;
	uint64_t cap;		/* its capability token (cap.c), 0: none */
	/* exception state */
	int fclass;
	term freason;
	term fstack;
	long catches;
	int64_t reds;
	uint64_t reds_total;  /* reductions used so far (process_info) */
	enum proc_state state;
	bool in_runq;
	term exit_reason;
	struct proc *runq_next;
	struct proc *hash_next;
	uint32_t naliases;      /* aliases it owns (alias.c) */
	int64_t start_ms;
	cw *initial_mfa_code;
	term init_mod, init_fun;
	uint32_t init_arity;
	struct export *trap;  /* set by a BIF that continues in Erlang */
};

/* Heap allocation: never collects; falls back to a heap fragment. */
term *heap_alloc_slow(struct proc *p, size_t n);
static inline term *heap_alloc(struct proc *p, size_t n)
{
	term *h = p->htop;
	if ((size_t)(p->hend - h) >= n) {
		p->htop = h + n;
		return h;
	}
	return heap_alloc_slow(p, n);
}
/* Collects p's heap with live X registers x[0..live), making room for need
 * more words. */
void gc_collect(struct proc *p, term *x, unsigned live, size_t need);
void proc_bin_ref(struct proc *p, struct binbuf *b);
/* Records that an old-generation slot now holds a young pointer. */
void gc_remember(struct proc *p, term *slot);
static inline bool in_old_heap(struct proc *p, const term *ptr)
{
	return ptr >= p->old && ptr < p->old_top;
}

/* Process table and scheduler (proc.c, sched.c). */
struct proc *proc_new(void);
struct proc *proc_find(uint64_t serial);
struct proc *proc_find_pid(term pid);
void proc_free(struct proc *p);
void sched_enqueue(struct proc *p);
/* Sends msg to process q (copying it into q's memory) and wakes q. */
void proc_send(struct proc *q, term msg);
/* Ends process p with reason (signals to links and monitors). */
void proc_exit(struct proc *p, term reason);
/* Hands p's ETS tables to their heirs or deletes them (ets.c). */
void ets_proc_exit(struct proc *p);
void proc_signal_exit(struct proc *from, struct proc *to, term reason,
		      bool linked);
term proc_whereis(term name);
int proc_register(term name, struct proc *p);
void proc_unregister(term name);
term proc_registered_list(struct proc *p);
size_t proc_count(void);
void proc_link(struct proc *a, struct proc *b);
void proc_unlink(struct proc *a, struct proc *b);
bool proc_linked(struct proc *a, uint64_t serial);
term proc_monitor(struct proc *watcher, term target, term name);
bool proc_demonitor(struct proc *watcher, term ref, bool *found);
/* True if watcher holds a monitor with reference serial ref. */
bool proc_monitor_active(uint64_t watcher, uint64_t ref);
/* Removes watcher's monitor with reference serial ref, if it has one. */
void proc_monitor_drop(uint64_t watcher, uint64_t ref);
/* Sends msg to dest (pid, registered name, {Name, Node}, alias reference
 * or port); false for a destination OTP rejects with badarg. */
bool proc_send_to(term dest, term msg);

/* Aliases (alias.c): when an alias goes away by itself. */
enum alias_mode { ALIAS_EXPLICIT, ALIAS_DEMONITOR, ALIAS_REPLY_DEMONITOR,
		  ALIAS_REPLY };
/* Makes reference serial ref an alias of process p. */
void alias_add(struct proc *p, uint64_t ref, enum alias_mode mode);
/* unalias: true if ref was an alias of process owner (now gone). */
bool alias_remove(uint64_t ref, uint64_t owner);
/* The monitor with this reference was removed: drop a tied alias. */
void alias_monitor_gone(uint64_t ref);
/* The live process a message to alias ref goes to, or NULL; one-shot
 * aliases (and a reply_demonitor alias's monitor) end here. */
struct proc *alias_target(uint64_t ref);
/* Drops every alias of process p (it is exiting). */
void alias_forget_owner(struct proc *p);
term make_ref(struct proc *p);
/* A serial no reference has used yet (ETS table ids share the space). */
uint64_t ref_serial_new(void);
int64_t sched_now_ms(void);
void timer_add(struct timer *t);
void timer_cancel(struct timer *t);
struct timer *timer_find_ref(term ref);
int64_t timer_remaining(struct timer *t);
int sched_run(struct proc *main, term *result, int *cls);
/* True for the process sched_run() reports on (its end is the CLI's). */
bool sched_is_main(const struct proc *p);
struct proc *spawn_call(struct proc *parent, term mod, term fun, term args,
			bool link, term *monref);

/* Interpreter (interp.c). */
enum run_result { RUN_YIELD, RUN_WAIT, RUN_EXIT };
int interp_run(struct proc *p);
void interp_init(void);
cw *interp_apply_setup(struct proc *p, term mod, term fun, term args,
		       term *x);
extern term xreg[];
uint64_t interp_reductions(struct proc *p, bool running);
#define MAX_X 1024
extern cw *code_normal_exit;

/* Term utilities (term.c, compare.c, copy.c). */
int term_compare(term a, term b, bool exact);
static inline bool term_eq_exact(term a, term b)
{
	return a == b || term_compare(a, b, true) == 0;
}
size_t term_size(term t);
term term_copy(term t, term **hp, struct proc *owner);
/* Copies t into malloc'd memory no collector owns (*mem, for term_unstore). */
term term_store(term t, void **mem);
/* Frees a stored copy, dropping its binaries' references. */
void term_unstore(term t, void *mem);
/* Drops the binary references a copy of t holds (its words stay). */
void term_release(term t);
term make_tuple(struct proc *p, size_t n);
term make_float(struct proc *p, double d);
term tuple2(struct proc *p, term a, term b);
term tuple3(struct proc *p, term a, term b, term c);
term tuple4(struct proc *p, term a, term b, term c, term d);
term tuple5(struct proc *p, term a, term b, term c, term d, term e);
term cons(struct proc *p, term h, term t);
term make_string(struct proc *p, const char *s, size_t len);
long list_length(term l);   /* -1 if improper */

/* Integers (big.c). */
term int_from_i64(struct proc *p, int64_t v);
term int_from_u64(struct proc *p, uint64_t v);
bool int_to_i64(term t, int64_t *v);
term int_add(struct proc *p, term a, term b);
term int_sub(struct proc *p, term a, term b);
term int_mul(struct proc *p, term a, term b);
term int_div(struct proc *p, term a, term b);   /* NONV on zero */
term int_rem(struct proc *p, term a, term b);
term int_band(struct proc *p, term a, term b);
term int_bor(struct proc *p, term a, term b);
term int_bxor(struct proc *p, term a, term b);
term int_bnot(struct proc *p, term a);
term int_bsl(struct proc *p, term a, int64_t n);  /* NONV: system_limit */
term int_neg(struct proc *p, term a);
int int_compare(term a, term b);
int int_cmp_double(term i, double f);
double int_to_double(term t, bool *ok);
term int_from_double(struct proc *p, double d);
/* Appends the digits of t in base into buf (malloc'd, NUL-terminated). */
char *int_to_string(term t, int base);
term int_from_string(struct proc *p, const char *s, size_t len, int base);
int int_sign(term t);
/* The magnitude of integer t as *n little-endian limbs at *d (none for
 * zero; a small's limb is kept in *one), and its sign. */
void int_magnitude(term t, const uint64_t **d, size_t *n, uint64_t *one,
		   bool *neg);
size_t int_bits(term t);     /* bits needed for |t| */
/* Two's complement bytes of t, little-endian, n bytes. */
void int_to_bytes(term t, uint8_t *out, size_t n);
term int_from_bytes(struct proc *p, const uint8_t *in, size_t n, bool sign);

/* Binaries (bin.c). */
struct binbuf *binbuf_new(size_t cap);
void binbuf_release(struct binbuf *b);
term bin_make(struct proc *p, struct binbuf *b, uint64_t bitoff,
	      uint64_t bitsize);
term bin_new(struct proc *p, const void *data, size_t len);
/* Returns a pointer to the bytes of a byte-aligned binary, copying into a
 * temporary buffer (tmp, freed by caller) when unaligned. NULL if not bin. */
const uint8_t *bin_bytes(term t, size_t *len, uint8_t **tmp);
bool is_binary_term(term t);   /* whole bytes */
bool is_bitstring_term(term t);
void bits_copy(uint8_t *dst, uint64_t doff, const uint8_t *src, uint64_t soff,
	       uint64_t n);
/* Iolist flattening: returns malloc'd bytes or NULL (badarg). */
uint8_t *iolist_flatten(term t, size_t *len);
long iolist_size(term t);

/* Maps (map.c, hamt.c). */
term map_get(term m, term k);          /* NONV if absent */
term map_put(struct proc *p, term m, term k, term v);
term map_update(struct proc *p, term m, term k, term v);  /* NONV absent */
term map_remove(struct proc *p, term m, term k);
term map_from_pairs(struct proc *p, term *kv, size_t n);
term map_new_empty(struct proc *p);
int map_key_cmp(term a, term b);
size_t map_size(term m);
/* Where a map builder takes its words: a process heap or a literal arena. */
struct map_alloc {
	term *(*fn)(void *ctx, size_t words);
	void *ctx;
};
/* The map of n key/value pairs in kv (reordered in place); later pairs win
 * over earlier equal keys.  Flat up to 32 keys, a hash trie above. */
term map_build(struct map_alloc *a, term *kv, size_t n);
/* All pairs of m, malloc'd: in iteration order, or by key if sorted. */
term *map_pairs(term m, bool sorted);
/* Walks a map: mapit_init in OTP's iteration order (maps:next, fold,
 * printing), mapit_init_list in the order of maps:to_list and
 * term_to_binary.  Both are key order for a flat map. */
#define MAPIT_DEPTH 34
struct mapit {
	term m;
	size_t i;                      /* flat: next index */
	bool rev;                      /* trie: slots in descending order */
	unsigned d;                    /* trie: nodes on the path */
	term node[MAPIT_DEPTH];
	uint8_t pos[MAPIT_DEPTH];      /* next child ordinal at each depth */
};
void mapit_init(struct mapit *it, term m);
void mapit_init_list(struct mapit *it, term m);
bool mapit_next(struct mapit *it, term *k, term *v);
/* The position of the entry the last mapit_next returned (mapit_init
 * order) as a number, and an iterator whose next call returns the entry
 * at such a position; false if it does not fit, or does not fit m. */
bool mapit_save(const struct mapit *it, uint64_t *pos);
bool mapit_restore(struct mapit *it, term m, uint64_t pos);
/* The trie itself (hamt.c), for map.c. */
size_t hamt_size(term m);
term hamt_get(term m, term k);
term hamt_put(struct proc *p, term m, term k, term v);
term hamt_remove(struct proc *p, term m, term k);
term hamt_build(struct map_alloc *a, const term *kv, size_t n);  /* n > 0, distinct */
void hamt_it_init(struct mapit *it, term m, bool rev);
bool hamt_it_next(struct mapit *it, term *k, term *v);
bool hamt_it_save(const struct mapit *it, uint64_t *path);
bool hamt_it_restore(struct mapit *it, term m, uint64_t path);

/* OTP's term hashes (hash.c): erlang:phash2/1,2 before the range is
 * applied, erlang:phash/2 before the range, and the internal hash OTP
 * uses for map keys and ETS (atoms, pids and refs hash by our numbers). */
uint32_t hash_phash2(term t);
uint32_t hash_phash(term t);
uint32_t term_hash_internal(term t, uint32_t salt);
/* The hash of map key k for trie levels 8*gen .. 8*gen+7. */
uint32_t hash_map_key(term k, unsigned gen);

/* External term format (ext.c). */
term ext_decode(struct proc *p, void **arena, const uint8_t *s, size_t len,
		size_t *used);
/* Encodes t; returns malloc'd bytes with the 131 version byte. */
uint8_t *ext_encode(term t, size_t *len);
/* minor_version 0..2; deterministic encodes big maps in key order. */
uint8_t *ext_encode_opts(term t, size_t *len, int minor, bool deterministic);

/* Printing (print.c). */
struct strbuf {
	char *s;
	size_t len, cap;
};
void sb_putc(struct strbuf *b, char c);
void sb_puts(struct strbuf *b, const char *s, size_t n);
void print_term(struct strbuf *b, term t);
void print_float(struct strbuf *b, double d);
void print_atom(struct strbuf *b, term a);

/* BIF registry (bif_*.c). */
struct bif_def {
	const char *mod, *name;
	uint32_t arity;
	bif_fn fn;
};
void bif_register_all(void);
/* Writes the BIF table to standard output, one "MOD NAME ARITY" a line. */
void bif_print_table(void);
extern const struct bif_def bifs_erlang[], bifs_misc[], bifs_proc[],
	bifs_bin[], bifs_maps[], bifs_binary[], bifs_md5[], bifs_ets[],
	bifs_atomics[];
/* The shell channel's BIFs (bif_shell.c), and the scheduler's check for
 * its events. */
extern const struct bif_def bifs_shell[];
/* The file BIFs behind lib/file.erl (bif_file.c, POSIX on both
 * platforms). */
extern const struct bif_def bifs_file[];
/* Formats d as glibc's "%.*e" (sci) or "%.*f" does, every digit exact
 * (fmt_exact.c; picolibc's printf is not).  Returns snprintf's count. */
int fmt_exact(char *out, size_t cap, double d, int prec, bool sci);
/* Whether the decimal 0.DIGITS * 10^e reads back as d (round to nearest,
 * ties to even), decided exactly (picolibc's strtod is not exact). */
bool fmt_exact_reads_as(const char *digits, int e, double d);
/* Capability tokens (cap.c): the whole grant (made once), and whether
 * token id lets its holder reach path (for writing if write). */
extern const struct bif_def bifs_cap[];
/* Distribution (bif_dist.c): node/0,1 and the carrier's primitives. */
extern const struct bif_def bifs_dist[];
uint64_t cap_root(void);
bool cap_allows(uint64_t id, const char *path, bool write);
/* Descriptors handed to Erlang (cap_fd.c).  record: fd was opened on path
 * (for writing if write) by token opener; 0 or ENOMEM.  check: 0 if token
 * id may use fd for reading (writing if write), EBADF if fd was never
 * handed out (or not for writing), EACCES if the token does not cover its
 * path.  forget: fd is closed. */
int cap_fd_record(int fd, const char *path, bool write, uint64_t opener);
int cap_fd_check(uint64_t id, int fd, bool write);
void cap_fd_forget(int fd);
void shell_poll(void);
/* Silo control's BIFs (bif_silo.c), and the scheduler's check for
 * silod's events. */
extern const struct bif_def bifs_silo[];
void silo_poll(void);
/* Sockets over net: (bif_sock.c), and the scheduler's check for reads
 * that finished. */
extern const struct bif_def bifs_sock[];
void sock_poll(void);
/* The re module's BIFs (bif_re.c), present when built with libpcre. */
extern const struct bif_def bifs_re[];

/* Raising from C. */
static inline term raise_error(struct proc *p, term reason)
{
	p->fclass = EXC_ERROR;
	p->freason = reason;
	p->fstack = NONV;
	return NONV;
}
#define BADARG(p) raise_error(p, ATOM(badarg))

/* A BIF that continues in Erlang code (OTP's BIF trap) puts the callee's
 * arguments in its args[0..arity) and returns this: its caller then
 * tail-calls e instead of returning. Only for BIFs reached by a call. */
static inline term bif_trap(struct proc *p, struct export *e)
{
	p->trap = e;
	return NONV;
}

/* Logging of loader and runtime faults (host glue). */
void beam_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
