/* Term representation for the Shale BEAM interpreter.
 *
 * A term is one 64-bit word; its low three bits say what it is:
 *   000 boxed pointer to a heap object that starts with a header word
 *   001 list: pointer to a cons cell (two words, head then tail) | 1
 *   010 atom: index << 3
 *   011 small integer: value << 3 (61-bit signed)
 *   100 local pid: serial << 3
 *   101 special immediates: [] , the non-value, catch markers on the stack
 *   110 port: serial << 3
 *   111 header word (only at the start of a heap object), or a return
 *       address on a process stack (code pointer | 7).
 * Headers: (arity << 8) | (kind << 3) | 7, where arity counts the words after
 * the header.  Objects never move except by the garbage collector of the
 * process that owns them; module literals live outside every process heap
 * and are never copied by it. */
#ifndef BEAM_TERM_H
#define BEAM_TERM_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <string.h>

typedef uint64_t term;

#define TAG_MASK 7u
#define TAG_BOXED 0u
#define TAG_LIST 1u
#define TAG_ATOM 2u
#define TAG_SMALL 3u
#define TAG_PID 4u
#define TAG_SPECIAL 5u
#define TAG_PORT 6u
#define TAG_HDR 7u

#define NIL ((term)0x05)
#define NONV ((term)0x25)            /* "no value": error or absent */
#define CATCH_BIT 0x8u              /* special with bit 3 set: catch marker */
#define is_catch(t) (((t) & 0xF) == 0xD)
#define make_catch(ptr) (((term)(uintptr_t)(ptr) << 4) | 0xD)
#define catch_ptr(t) ((void *)(uintptr_t)((t) >> 4))
#define is_cp(t) (((t) & 7) == 7)
#define make_cp(ptr) ((term)(uintptr_t)(ptr) | 7)
#define cp_ptr(t) ((void *)(uintptr_t)((t) & ~(term)7))

#define tag_of(t) ((t) & TAG_MASK)
#define is_boxed(t) (tag_of(t) == TAG_BOXED)
#define is_list(t) (tag_of(t) == TAG_LIST)
#define is_nil(t) ((t) == NIL)
#define is_atom(t) (tag_of(t) == TAG_ATOM)
#define is_small(t) (tag_of(t) == TAG_SMALL)
#define is_pid(t) (tag_of(t) == TAG_PID)
#define is_port(t) (tag_of(t) == TAG_PORT)

#define SMALL_BITS 61
#define MAX_SMALL (((int64_t)1 << 60) - 1)
#define MIN_SMALL (-((int64_t)1 << 60))
#define make_small(v) ((term)(((uint64_t)(int64_t)(v)) << 3) | TAG_SMALL)
#define small_val(t) ((int64_t)(t) >> 3)
#define fits_small(v) ((v) >= MIN_SMALL && (v) <= MAX_SMALL)

#define make_atom(i) (((term)(i) << 3) | TAG_ATOM)
#define atom_index(t) ((uint32_t)((t) >> 3))
#define make_pid(i) (((term)(i) << 3) | TAG_PID)
#define pid_serial(t) ((uint64_t)((t) >> 3))
#define make_port(i) (((term)(i) << 3) | TAG_PORT)

#define boxed_ptr(t) ((term *)(uintptr_t)(t))
#define make_boxed(p) ((term)(uintptr_t)(p))
#define list_ptr(t) ((term *)(uintptr_t)((t) - TAG_LIST))
#define make_list(p) ((term)(uintptr_t)(p) | TAG_LIST)
#define CAR(t) (list_ptr(t)[0])
#define CDR(t) (list_ptr(t)[1])

/* Heap object kinds. */
enum hkind {
	HK_TUPLE = 0,
	HK_BIGPOS,      /* arity 64-bit limbs, little-endian, top limb nonzero */
	HK_BIGNEG,
	HK_FLOAT,       /* one word: the double */
	HK_FUN,         /* struct fun_obj */
	HK_EXPORT,      /* one word: struct export * (fun M:F/A) */
	HK_MAP,         /* word 1: keys tuple, then values: sorted flat map */
	HK_BIN,         /* struct bin_obj: off-heap buffer + bit offset/size */
	HK_REF,         /* words: serial numbers */
	HK_MATCH,       /* struct match_obj: binary match state */
	HK_HMAP,        /* big map: root of a hash trie (hamt.c) */
	HK_HNODE,       /* inner node of a hash trie; never a term by itself */
	HK_COUNT
};

#define make_header(arity, kind) (((term)(arity) << 8) | ((term)(kind) << 3) | 7)
#define hdr_arity(h) ((size_t)((h) >> 8))
#define hdr_kind(h) ((unsigned)(((h) >> 3) & 31))
#define box_kind(t) hdr_kind(boxed_ptr(t)[0])
#define box_arity(t) hdr_arity(boxed_ptr(t)[0])

static inline bool is_kind(term t, unsigned k)
{
	return is_boxed(t) && box_kind(t) == k;
}
#define is_tuple(t) is_kind(t, HK_TUPLE)
#define is_float(t) is_kind(t, HK_FLOAT)
static inline bool is_map(term t)
{
	return is_boxed(t) && (box_kind(t) == HK_MAP || box_kind(t) == HK_HMAP);
}
#define is_ref(t) is_kind(t, HK_REF)
#define is_binobj(t) is_kind(t, HK_BIN)
static inline bool is_big(term t)
{
	return is_boxed(t) && (box_kind(t) == HK_BIGPOS || box_kind(t) == HK_BIGNEG);
}
static inline bool is_integer(term t) { return is_small(t) || is_big(t); }
static inline bool is_number(term t) { return is_integer(t) || is_float(t); }
static inline bool is_fun(term t)
{
	return is_boxed(t) && (box_kind(t) == HK_FUN || box_kind(t) == HK_EXPORT);
}

#define tuple_arity(t) box_arity(t)
#define tuple_elems(t) (boxed_ptr(t) + 1)   /* element i (1-based) at [i-1] */

static inline double float_val(term t)
{
	double d;
	memcpy(&d, boxed_ptr(t) + 1, sizeof d);
	return d;
}

/* Flat maps: header(arity = 1 + n), keys tuple, v0..v(n-1); keys sorted.
 * Big maps (HK_HMAP): header, size, bitmap, children; inner nodes
 * (HK_HNODE): header, bitmap, children; a child is a node or a [K|V]
 * cons.  Size and bitmaps are small integers.  Use map.c's functions. */
#define flat_size(t) (box_arity(t) - 1)
#define flat_keys(t) (boxed_ptr(t)[1])
#define flat_vals(t) (boxed_ptr(t) + 2)

/* Off-heap binary buffer, reference counted; shared between processes. */
struct binbuf {
	long refc;
	size_t size;      /* bytes written */
	size_t cap;       /* bytes allocated */
	uint8_t data[];
};

/* A binary or bitstring term: a window of bits into a binbuf. */
struct bin_obj {
	term hdr;
	struct binbuf *buf;
	uint64_t bitoff;   /* offset of the first bit in buf->data */
	uint64_t bitsize;
};
#define BIN_WORDS (sizeof(struct bin_obj) / sizeof(term))
#define bin_of(t) ((struct bin_obj *)boxed_ptr(t))

/* Binary match state: mutable, owned by one process. */
struct match_obj {
	term hdr;
	term bin;          /* the binary term being matched */
	uint64_t pos;      /* absolute bit position in bin's buffer */
	uint64_t end;      /* absolute end bit */
};
#define MATCH_WORDS (sizeof(struct match_obj) / sizeof(term))

/* A closure: header, fun entry, then the free variables. */
struct fun_entry;
struct fun_obj {
	term hdr;
	struct fun_entry *fe;
	term env[];
};
#define FUN_HDR_WORDS 2

struct export;

/* Freason codes, set when a BIF or instruction returns NONV. */
enum exc_class { EXC_ERROR = 1, EXC_EXIT, EXC_THROW };

#endif
