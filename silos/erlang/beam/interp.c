/* The interpreter loop: threaded code with computed gotos.  Each code word
 * that starts an instruction is the address of its handler; operands follow
 * already decoded (see xlate.c).  X registers are global (one scheduler);
 * Y registers live in the current stack frame: E[0] is the saved return
 * address, E[1..] are y0, y1, ...  A process runs until it has used its
 * reductions (checked at every call), waits in a receive, or exits.
 * Garbage collection happens only at instructions that name their live X
 * registers (test_heap, allocate_heap, gc BIFs ...), never inside C code. */
#include "interp.h"
#include "beam_opcodes.h"
#include <math.h>
#include <stdlib.h>

enum {
#define OPX(num, name, ar) OP_##name = num,
#include "beam_opcodes.h"
#undef OPX
	OP_i_apply3 = OP_MAX + 1,  /* erlang:apply/3 body */
	OP_i_apply2,               /* erlang:apply/2 body */
	OP_i_normal_exit,          /* bottom of every process stack */
	OP_i_yield,                /* erlang:yield/0 body */
	OP_i_count
};

void *op_addr[OP_i_count];
term xreg[MAX_X];
static double freg[MAX_FR];
cw *code_normal_exit;
/* erlang:'+'/2 and '-'/2, which gc_bif2 adds small integers for inline */
static struct export *ex_plus, *ex_minus;
static cw code_apply3[2], code_apply2[2], code_exit[2], code_yield[2];

#define CONTEXT_REDS 4000

bool op_supported(unsigned op)
{
	return op < OP_i_count && op_addr[op] != NULL;
}

/* prim_eval:'receive'(F, Timeout), which erl_eval uses for receive
 * expressions: scan the mailbox calling F on each message until F returns
 * something other than nomatch, remove that message and return the
 * result; wait for more, or return timeout.  Assembled from ordinary
 * instructions so that F runs as Erlang code (and may be preempted). */
static cw code_prim_receive[40];

static void build_prim_receive(void)
{
	cw *c = code_prim_receive;
	size_t n = 0;
#define OPC(op) (c[n++] = (cw)op_addr[OP_##op])
#define ARG(v) (c[n++] = (cw)(v))
	OPC(allocate); ARG(2); ARG(2);
	OPC(move); ARG(REG_X(0)); ARG(REG_Y(0));
	OPC(move); ARG(REG_X(1)); ARG(REG_Y(1));
	size_t l_scan = n;
	OPC(loop_rec); size_t fix_wait = n; ARG(0); ARG(REG_X(0));
	OPC(move); ARG(REG_Y(0)); ARG(REG_X(1));
	OPC(call_fun); ARG(1);
	/* is_eq_exact jumps to its label when x0 is not nomatch */
	OPC(is_eq_exact); size_t fix_found = n; ARG(0); ARG(REG_X(0));
	ARG(atom_intern("nomatch", 7));
	OPC(loop_rec_end); ARG(c + l_scan);
	size_t l_found = n;
	OPC(remove_message);
	OPC(deallocate); ARG(2);
	OPC(return);
	size_t l_wait = n;
	OPC(wait_timeout); ARG(c + l_scan); ARG(REG_Y(1));
	OPC(timeout);
	OPC(move); ARG(ATOM(timeout)); ARG(REG_X(0));
	OPC(deallocate); ARG(2);
	OPC(return);
	c[fix_wait] = (cw)(c + l_wait);
	c[fix_found] = (cw)(c + l_found);
#undef OPC
#undef ARG
	export_get(atom_intern("prim_eval", 9), atom_intern("receive", 7), 2)->code = c;
}

/* Synthetic functions for BIFs that are really control transfers. */
static void interp_set_specials(void)
{
	code_apply3[0] = (cw)op_addr[OP_i_apply3];
	code_apply2[0] = (cw)op_addr[OP_i_apply2];
	code_exit[0] = (cw)op_addr[OP_i_normal_exit];
	code_yield[0] = (cw)op_addr[OP_i_yield];
	code_normal_exit = code_exit;
	export_get(ATOM(erlang), ATOM(apply), 3)->code = code_apply3;
	export_get(ATOM(erlang), ATOM(apply), 2)->code = code_apply2;
	export_get(ATOM(erlang), atom_intern("yield", 5), 0)->code = code_yield;
	ex_plus = export_get(ATOM(erlang), atom_intern("+", 1), 2);
	ex_minus = export_get(ATOM(erlang), atom_intern("-", 1), 2);
	build_prim_receive();
}

static term args_list(struct proc *p, term *x, unsigned n)
{
	term l = NIL;
	for (unsigned i = n; i-- > 0;)
		l = cons(p, x[i], l);
	return l;
}

/* Unpacks an argument list into x0..; returns the count or -1. */
static int unpack_args(term list, term *x)
{
	int n = 0;
	while (is_list(list)) {
		if (n >= 255)
			return -1;
		x[n++] = CAR(list);
		list = CDR(list);
	}
	return list == NIL ? n : -1;
}

static void save_x(struct proc *p, unsigned n)
{
	if (n > p->xsave_cap) {
		p->xsave_cap = n < 8 ? 8 : n;
		p->xsave = realloc(p->xsave, p->xsave_cap * sizeof(term));
	}
	memcpy(p->xsave, xreg, n * sizeof(term));
	p->xsave_n = n;
}

static void stack_grow(struct proc *p, size_t need)
{
	size_t used = (size_t)(p->stack_end - p->E);
	size_t old = (size_t)(p->stack_end - p->stack);
	size_t sz = old * 2;
	while (sz < used + need + 16)
		sz *= 2;
	term *ns = malloc(sz * sizeof(term));
	memcpy(ns + sz - used, p->E, used * sizeof(term));
	free(p->stack);
	p->stack = ns;
	p->stack_end = ns + sz;
	p->E = ns + sz - used;
}

static bool float_ok(double d)
{
	return isfinite(d);
}

static term call_bif(struct proc *p, struct export *e, term *args)
{
	return e->bif(p, args);
}

int interp_run(struct proc *p)
{
	if (!p) {
#define L(name) op_addr[OP_##name] = &&L_##name;
#include "interp_ops.def"
#undef L
		op_addr[OP_i_apply3] = &&L_i_apply3;
		op_addr[OP_i_apply2] = &&L_i_apply2;
		op_addr[OP_i_normal_exit] = &&L_i_normal_exit;
		op_addr[OP_i_yield] = &&L_i_yield;
		interp_set_specials();
		return 0;
	}
	term *x = xreg;
	term *E = p->E;
	cw *I = p->pc;
	cw *cp = p->cp;
	int64_t reds = CONTEXT_REDS;
	term err_args = NONV;      /* argument list for the first frame */
	struct export *ce = NULL;  /* callee of call_ext* and apply */
	/* Which of several instructions sharing one body is running: labels
	 * with no code between them share an address, so each entry stub sets
	 * this before jumping to the common body. */
	int variant = 0;
	unsigned nargs_v = 0, first_v = 0;
	memcpy(x, p->xsave, p->xsave_n * sizeof(term));
	p->xsave_n = 0;

/* Every way out of the loop accounts the reductions used. */
#define LEAVE(r) do { p->reds_total += (uint64_t)(CONTEXT_REDS - reds); \
	return (r); } while (0)
#define G(n) op_get(I[n], x, E)
#define P(n, v) op_put(I[n], (v), x, E)
#define U(n) ((uint64_t)I[n])
#define DISPATCH() goto *(void *)(*I)
#define NEXT(n) do { I += (n); DISPATCH(); } while (0)
#define JUMP(l) do { I = (cw *)(l); DISPATCH(); } while (0)
#define SYNC() (p->E = E, p->reds = reds, p->cp = cp)
#define RAISE(r) do { p->fclass = EXC_ERROR; p->freason = (r); \
	p->fstack = NONV; goto err; } while (0)
#define BADARITH() RAISE(ATOM(badarith))
/* A guard test failing with label at operand 1 (0 only for raising). */
#define TEST(len, cond) do { if (cond) NEXT(len); JUMP(I[1]); } while (0)
#define YIELD_AT(target, arity) do { \
	if (--reds <= 0) { save_x(p, (arity)); p->pc = (target); p->cp = cp; \
		p->E = E; LEAVE(RUN_YIELD); } } while (0)
#define HEAP_NEED(need, live) do { \
	if ((size_t)(p->hend - p->htop) < (size_t)(need) || p->frag_words) { \
		SYNC(); gc_collect(p, x, (unsigned)(live), (size_t)(need)); \
		E = p->E; } } while (0)

	DISPATCH();

#include "interp_core.inc"
#include "interp_data.inc"
#include "interp_ctl.inc"

err:
	/* An exception: p->fclass and p->freason are set. */
	if (p->fstack == NONV || st_is_caller(p->fstack)) {
		SYNC();
		term first = p->fstack != NONV ? p->fstack : err_args;
		p->fstack = st_build(p, I, cp, E, first);
	}
	err_args = NONV;
	if (p->catches > 0) {
		term *s = E;
		while (s < p->stack_end && !is_catch(*s))
			s++;
		if (s < p->stack_end) {
			term *f = s;
			while (f > E && !is_cp(*f))
				f--;
			E = f;
			cp = NULL;
			x[0] = NONV;
			x[1] = class_atom(p->fclass);
			x[2] = p->freason;
			x[3] = st_raw_make(p, p->fclass, p->fstack);
			I = catch_ptr(*s);
			DISPATCH();
		}
	}
	SYNC();
	{
		term reason = p->freason;
		if (p->fclass == EXC_ERROR)
			reason = tuple2(p, reason, p->fstack);
		else if (p->fclass == EXC_THROW)
			reason = tuple2(p, tuple2(p, ATOM(nocatch), reason), p->fstack);
		/* As OTP's emulator, an error or throw that ends a process is
		 * reported through the logger (the CLI reports its own). */
		if (p->fclass != EXC_EXIT && !sched_is_main(p))
			spawn_call(p, ATOM(logger), ATOM(emulator_report),
				   cons(p, p->pid, cons(p, reason, NIL)), false,
				   NULL);
		proc_exit(p, reason);
	}
	LEAVE(RUN_EXIT);
}

/* Reductions p has used, including the current slice if it is running
 * (its budget is synced to p->reds before every BIF call). */
uint64_t interp_reductions(struct proc *p, bool running)
{
	return p->reds_total + (running ? (uint64_t)(CONTEXT_REDS - p->reds) : 0);
}

/* Code that applies x0..: erlang:apply/2 (n = 2) or apply/3 (n = 3). */
cw *interp_code_apply(int n)
{
	return n == 2 ? code_apply2 : code_apply3;
}

void interp_init(void)
{
	/* never-written X registers read as [] rather than a null pointer */
	for (size_t i = 0; i < MAX_X; i++)
		xreg[i] = NIL;
	interp_run(NULL);
}
