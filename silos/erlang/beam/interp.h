/* Operand access for translated code, shared by the interpreter loop and
 * the out-of-line instruction helpers (binaries, maps, exceptions). */
#ifndef BEAM_INTERP_H
#define BEAM_INTERP_H

#include "load.h"

static inline term op_get(cw w, term *x, term *E)
{
	if ((w & 7) != 7)
		return (term)w;
	if ((w & 0x18) == 0)
		return x[w >> 8];
	return E[(w >> 8) + 1];
}

static inline void op_put(cw w, term v, term *x, term *E)
{
	if ((w & 0x18) == 0)
		x[w >> 8] = v;
	else
		E[(w >> 8) + 1] = v;
}

/* p->fstack value meaning "build the trace from the caller" (set by
 * erlang:error/exit/throw, which do not appear in their own traces). */
#define ST_CALLER make_small(0)

/* A p->fstack value like ST_CALLER whose caller frame shows args (a list,
 * or NONV for the arity) and ends its location with extra (a list), as
 * erlang:error/2,3 ask. */
term st_caller_with(struct proc *p, term args, term extra);
/* True for ST_CALLER and st_caller_with() values. */
bool st_is_caller(term fstack);

/* Builds the stack trace for an exception raised at pc (NULL: unknown)
 * with live return address cp (NULL: saved in the frame at E): first is a
 * frame to put on top, a caller value, the first frame's argument list, or
 * NONV for its arity. */
term st_build(struct proc *p, const cw *pc, const cw *cp, term *E,
	      term first);
/* Process q's current stack trace (as process_info gives it), built on
 * p's heap. */
term st_current(struct proc *p, struct proc *q);
/* {Mod, Fun, Args, []}: the frame of a function that was never entered. */
term st_frame_for(struct proc *p, term mod, term fun, term args);
/* The frame of a failing BIF, with OTP's error_info for its module. */
term st_frame_bif(struct proc *p, term mod, term fun, term args);
/* The stacktrace list held in a raw stacktrace term. */
term st_raw_list(term raw);
term st_raw_make(struct proc *p, int cls, term list);
term class_atom(int cls);

/* Binary instructions (bits.c). ops points at the operands. Each returns
 * false when the match fails; errors are raised through p->freason and
 * signalled by returning NONV where a term is produced. */
term bs_create_bin(struct proc *p, const cw *ops, term *x, term *E);
term bs_start_match(struct proc *p, term src);
bool bs_get_integer(struct proc *p, term ctx, term size, unsigned unit,
		    unsigned flags, term *out);
bool bs_get_float(struct proc *p, term ctx, term size, unsigned unit,
		  unsigned flags, term *out);
bool bs_get_binary(struct proc *p, term ctx, term size, unsigned unit,
		   term *out);
bool bs_skip_bits(term ctx, term size, unsigned unit);
bool bs_get_utf(struct proc *p, term ctx, int kind, unsigned flags,
		term *out);
term bs_get_tail(struct proc *p, term ctx);
bool bs_match_string(term ctx, uint64_t bits, const uint8_t *s);

/* Maps instructions (map.c). */
term map_put_list(struct proc *p, term m, const cw *list, size_t n,
		  bool exact, term *x, term *E, term *badkey);

#endif
