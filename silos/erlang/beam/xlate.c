/* Translation of the Code chunk into threaded code.  Each generic
 * instruction is decoded once, here, into the handler's address followed by
 * ready operands: constants as terms, registers as REG_X/REG_Y words, labels
 * as code pointers, imports as struct export pointers, lists as a count and
 * their items.  The interpreter then never looks at the compact encoding. */
#include "load.h"
#include "beam_opcodes.h"
#include <stdlib.h>

static const uint8_t op_arity[OP_MAX + 1] = {
#define OPX(num, name, ar) [num] = ar,
#include "beam_opcodes.h"
#undef OPX
};
static const char *const op_name[OP_MAX + 1] = {
#define OPX(num, name, ar) [num] = #name,
#include "beam_opcodes.h"
#undef OPX
};

enum { OP_label = 1, OP_func_info = 2, OP_int_code_end = 3, OP_line = 153 };

/* Operand kinds each implemented opcode takes, so that a well-encoded but
 * ill-typed instruction (a constant where a register is written, a number
 * where a label belongs) is rejected at load time:
 *   d register written (x/y)   y y register   s any source   f label
 *   F label or atom            u unsigned     a atom         r float reg
 *   q float reg or source      l list         * anything */
static const char *const op_sig[OP_MAX + 1] = {
	[1] = "u", [2] = "aau", [3] = "", [4] = "uf", [5] = "ufu", [6] = "uf",
	[7] = "uu", [8] = "uuu", [9] = "ud", [10] = "fusd", [11] = "fussd",
	[12] = "uu", [13] = "u*u", [14] = "uu", [15] = "u*u", [16] = "*u",
	[17] = "d", [18] = "u", [19] = "", [20] = "", [21] = "", [22] = "",
	[23] = "fd", [24] = "f", [25] = "f", [26] = "fs",
	[39] = "fss", [40] = "fss", [41] = "fss", [42] = "fss", [43] = "fss",
	[44] = "fss", [45] = "fs", [46] = "fs", [47] = "fs", [48] = "fs",
	[49] = "fs", [50] = "fs", [51] = "fs", [52] = "fs", [53] = "fs",
	[55] = "fs", [56] = "fs", [57] = "fs", [58] = "fsu", [59] = "sfl",
	[60] = "sfl", [61] = "f", [62] = "yf", [63] = "y", [64] = "sd",
	[65] = "sdd", [66] = "sud", [67] = "ssu", [69] = "ssd", [72] = "s",
	[73] = "", [74] = "s", [75] = "u", [77] = "fs", [78] = "uu", [94] = "",
	[95] = "f", [96] = "qq", [97] = "sr", [98] = "frrr", [99] = "frrr",
	[100] = "frrr", [101] = "frrr", [102] = "frr", [103] = "u", [104] = "yf",
	[105] = "y", [106] = "y", [107] = "s", [108] = "ss", [112] = "u",
	[113] = "uu", [114] = "fs", [115] = "fss", [117] = "fsusuud",
	[118] = "fsusuud", [119] = "fsusuud", [120] = "fssuu", [121] = "fsu",
	[124] = "fuusd", [125] = "fuussd", [129] = "fs", [131] = "fsu",
	[132] = "fsuu", [133] = "", [136] = "uu", [138] = "fsuud",
	[139] = "fsuu", [140] = "fsuud", [141] = "fsuu", [142] = "fsuud",
	[143] = "fsuu", [149] = "", [152] = "fuusssd", [153] = "*",
	[154] = "fsdul", [155] = "fsdul", [156] = "fs", [157] = "fsl",
	[158] = "fsl", [159] = "fsua", [160] = "", [161] = "", [162] = "sd",
	[163] = "sd", [164] = "dl", [165] = "sdu", [166] = "fsud",
	[167] = "sdu", [168] = "ss", [169] = "dd", [170] = "Fusd",
	[171] = "udl", [172] = "l", [173] = "ss", [174] = "s", [175] = "d",
	[176] = "s", [179] = "", [177] = "f*uudl", [178] = "*us", [180] = "s",
};

static bool kind_ok(char k, const struct operand *o)
{
	bool reg = o->tag == OT_X || o->tag == OT_Y;
	bool src = reg || o->tag == OT_I || o->tag == OT_A || o->tag == OT_H ||
		   o->tag == OT_LIT;
	switch (k) {
	case 'd': return reg;
	case 'y': return o->tag == OT_Y;
	case 's': return src;
	case 'f': return o->tag == OT_F;
	case 'F': return o->tag == OT_F || o->tag == OT_A;
	case 'u': return o->tag == OT_U;
	case 'a': return o->tag == OT_A;
	case 'r': return o->tag == OT_FR;
	case 'q': return o->tag == OT_FR || src;
	case 'l': return o->tag == OT_LIST;
	default: return true;
	}
}

/* Checks operand kinds against op_sig, including the written registers in
 * get_map_elements and init_yregs lists.  Returns NULL or a message. */
static const char *check_kinds(unsigned op, const struct operand *ops, size_t nops)
{
	const char *sig = op_sig[op];
	if (!sig)
		return "opcode has no operand signature";
	/* f0 ("raise instead of jumping") only where the instruction can
	 * raise: BIF calls, map updates, binary construction and matching
	 * starts, float arithmetic.  Elsewhere a label must be real. */
	bool f0_ok = op == 10 || op == 11 || op == 124 || op == 125 || op == 152 ||
		     op == 154 || op == 155 || op == 177 || op == 166 || op == 170 ||
		     op == 95 || (op >= 98 && op <= 102);
	size_t k = 0;
	for (size_t i = 0; sig[i]; i++) {
		if (k >= nops || !kind_ok(sig[i], &ops[k]))
			return "operand of the wrong kind";
		if ((sig[i] == 'f' || sig[i] == 'F') && ops[k].tag == OT_F &&
		    ops[k].val == 0 && !f0_ok)
			return "label 0 where a jump target is needed";
		if (ops[k].tag == OT_LIST) {
			size_t n = ops[k].val;
			for (size_t j = 0; j < n; j++) {
				const struct operand *it = &ops[k + 1 + j];
				if (op == 158 && (j & 1) && it->tag != OT_X && it->tag != OT_Y)
					return "map element destination is not a register";
				if (op == 172 && it->tag != OT_Y)
					return "init_yregs of a non-y register";
				if ((op == 59 || op == 60) && (j & 1) &&
				    (it->tag != OT_F || it->val == 0))
					return "select list without a jump target";
				if ((op == 59 || op == 60) && !(j & 1) && it->tag == OT_LIST)
					return "select list value is a list";
			}
			if ((op == 158 || op == 154 || op == 155 || op == 59 || op == 60) && (n & 1))
				return "odd-length pair list";
			k += n;
		}
		k++;
	}
	return k == nops ? NULL : "operand count mismatch";
}

struct rd {
	struct ld *l;
	const uint8_t *p, *end;
};

static int rd_fail(struct rd *r, const char *what)
{
	return ld_fail(r->l, (size_t)(r->p - r->l->data), "%s", what);
}

/* Reads the value part of a compact term whose first byte is b. For the
 * i tag, big values are kept as bytes (big, nbig). */
static int rd_value(struct rd *r, uint8_t b, uint64_t *v, const uint8_t **big,
		    size_t *nbig)
{
	*big = NULL;
	if (!(b & 0x08)) {
		*v = b >> 4;
		return 0;
	}
	if (!(b & 0x10)) {
		if (r->p >= r->end)
			return rd_fail(r, "truncated operand");
		*v = ((uint64_t)(b >> 5) << 8) | *r->p++;
		return 0;
	}
	size_t n = (b >> 5) + 2;
	if ((b >> 5) == 7) {
		/* the length itself follows as an unsigned compact term */
		if (r->p >= r->end)
			return rd_fail(r, "truncated operand");
		uint8_t lb = *r->p++;
		uint64_t ln;
		const uint8_t *bb;
		size_t nb;
		if ((lb & 7) != 0)
			return rd_fail(r, "bad length in operand");
		int e = rd_value(r, lb, &ln, &bb, &nb);
		if (e)
			return e;
		if (bb || ln > 1u << 20)
			return rd_fail(r, "operand too long");
		n = ln + 9;
	}
	if ((size_t)(r->end - r->p) < n)
		return rd_fail(r, "truncated operand");
	if (n > 8) {
		*big = r->p;
		*nbig = n;
		*v = 0;
	} else {
		uint64_t x = 0;
		for (size_t i = 0; i < n; i++)
			x = x << 8 | r->p[i];
		*v = x;
		*nbig = n;
	}
	r->p += n;
	return 0;
}

static int rd_operand(struct rd *r, struct operand *o)
{
	struct ld *l = r->l;
	if (r->p >= r->end)
		return rd_fail(r, "truncated instruction");
	uint8_t b = *r->p++;
	unsigned tag = b & 7;
	const uint8_t *big;
	size_t nbig = 0;
	uint64_t v;
	int e;
	if (tag == 7) {
		unsigned ext = b >> 4;
		struct operand inner;
		switch (ext) {
		case 1: /* list */
			if ((e = rd_operand(r, &inner)))
				return e;
			if (inner.tag != OT_U || inner.val > 1u << 20)
				return rd_fail(r, "bad list length");
			o->tag = OT_LIST;
			o->val = inner.val;
			return 0;
		case 2: /* float register */
			if ((e = rd_operand(r, &inner)))
				return e;
			if (inner.tag != OT_U || inner.val >= MAX_FR)
				return rd_fail(r, "bad float register");
			o->tag = OT_FR;
			o->val = inner.val;
			return 0;
		case 3: { /* allocation list: pairs of kind and count */
			if ((e = rd_operand(r, &inner)))
				return e;
			if (inner.tag != OT_U || inner.val > 16)
				return rd_fail(r, "bad allocation list");
			uint64_t words = 0;
			for (uint64_t i = 0; i < inner.val; i++) {
				struct operand k, c;
				if ((e = rd_operand(r, &k)) || (e = rd_operand(r, &c)))
					return e;
				if (k.tag != OT_U || c.tag != OT_U || c.val > 1u << 24)
					return rd_fail(r, "bad allocation list");
				words += k.val == 0 ? c.val : c.val * 4;
			}
			o->tag = OT_ALLOC;
			o->val = words;
			return 0;
		}
		case 4: /* literal */
			if ((e = rd_operand(r, &inner)))
				return e;
			if (inner.tag != OT_U || inner.val >= l->nlits)
				return rd_fail(r, "literal index out of range");
			o->tag = OT_LIT;
			o->t = l->lits[inner.val];
			return 0;
		case 5: { /* typed register: the register, then a type index */
			struct operand ty;
			if ((e = rd_operand(r, o)) || (e = rd_operand(r, &ty)))
				return e;
			if ((o->tag != OT_X && o->tag != OT_Y) || ty.tag != OT_U)
				return rd_fail(r, "bad typed register");
			return 0;
		}
		default:
			return rd_fail(r, "unknown extended operand tag");
		}
	}
	if ((e = rd_value(r, b, &v, &big, &nbig)))
		return e;
	switch (tag) {
	case 0:
		if (big)
			return rd_fail(r, "unsigned operand too large");
		o->tag = OT_U;
		o->val = v;
		return 0;
	case 1:
		o->tag = OT_I;
		if (big) {
			/* two's complement big-endian bytes: build a literal bignum */
			uint8_t *le = malloc(nbig);
			for (size_t i = 0; i < nbig; i++)
				le[i] = big[nbig - 1 - i];
			size_t words = (nbig + 7) / 8 + 2;
			struct proc *none = NULL;
			term tmp = int_from_bytes(none, le, nbig, true);
			/* int_from_bytes with no process allocates malloc'd memory;
			 * copy it into the literal arena */
			term *hp = lit_alloc(&l->m->lit_arena, words * sizeof(term));
			o->t = term_copy(tmp, &hp, NULL);
			free(le);
			if (is_boxed(tmp))
				free(boxed_ptr(tmp));
		} else {
			int64_t s = (int64_t)v;
			if (nbig && nbig < 8 && (v >> (nbig * 8 - 1)) & 1)
				s = (int64_t)(v | (~(uint64_t)0 << (nbig * 8)));
			if (fits_small(s)) {
				o->t = make_small(s);
			} else {
				term *hp = lit_alloc(&l->m->lit_arena, 2 * sizeof(term));
				hp[0] = make_header(1, s < 0 ? HK_BIGNEG : HK_BIGPOS);
				hp[1] = s < 0 ? (uint64_t)0 - (uint64_t)s : (uint64_t)s;
				o->t = make_boxed(hp);
			}
		}
		return 0;
	case 2:
		if (big || v > l->natoms)
			return rd_fail(r, "atom index out of range");
		o->tag = OT_A;
		o->t = v == 0 ? NIL : l->atoms[v];
		return 0;
	case 3:
	case 4:
		if (big || v > (tag == 3 ? MAX_X - 1 : MAX_Y))
			return rd_fail(r, "register out of range");
		o->tag = tag == 3 ? OT_X : OT_Y;
		o->val = v;
		return 0;
	case 5:
		if (big || v >= l->nlabels)
			return rd_fail(r, "label out of range");
		o->tag = OT_F;
		o->val = v;
		return 0;
	case 6:
		o->tag = OT_H;
		o->t = make_small((int64_t)v);
		return 0;
	}
	return rd_fail(r, "bad operand tag");
}

static void emit(struct ld *l, cw w)
{
	if (l->nout == l->capout) {
		l->capout = l->capout ? l->capout * 2 : 1024;
		l->out = realloc(l->out, l->capout * sizeof(cw));
	}
	l->out[l->nout++] = w;
}

static void emit_operand(struct ld *l, struct operand *o)
{
	switch (o->tag) {
	case OT_U:
	case OT_ALLOC:
	case OT_LIST:
		emit(l, (cw)o->val);
		break;
	case OT_X:
		emit(l, REG_X(o->val));
		break;
	case OT_Y:
		emit(l, REG_Y(o->val));
		break;
	case OT_FR:
		emit(l, REG_FR(o->val));
		break;
	case OT_F:
		if (l->nfix == l->capfix) {
			l->capfix = l->capfix ? l->capfix * 2 : 256;
			l->fix = realloc(l->fix, l->capfix * sizeof *l->fix);
		}
		l->fix[l->nfix].pos = l->nout;
		l->fix[l->nfix].label = (uint32_t)o->val;
		l->nfix++;
		emit(l, 0);
		break;
	default:
		emit(l, (cw)o->t);
	}
}

static int import_operand(struct rd *r, struct operand *o, bool need_bif)
{
	struct module *m = r->l->m;
	if (o->tag != OT_U || o->val >= m->nimports)
		return rd_fail(r, "import index out of range");
	struct export *x = m->imports[o->val];
	if (need_bif && !x->bif) {
		size_t a, b;
		const char *ms = atom_text(x->mod, &a), *fs = atom_text(x->fun, &b);
		return ld_fail(r->l, (size_t)(r->p - r->l->data),
			       "unknown BIF %.*s:%.*s/%u", (int)a, ms, (int)b, fs,
			       x->arity);
	}
	o->tag = OT_U;
	o->val = (uint64_t)(uintptr_t)x;
	return 0;
}

/* Opcodes whose operand at index k is an import (1: must be a BIF). */
static int import_pos(unsigned op, bool *bif)
{
	*bif = false;
	switch (op) {
	case 7: case 8: case 78: return 1;       /* call_ext* */
	case 9: *bif = true; return 0;           /* bif0 */
	case 10: case 11: *bif = true; return 1; /* bif1, bif2 */
	case 124: case 125: case 152: *bif = true; return 2;  /* gc_bif* */
	}
	return -1;
}

int xlate_code(struct ld *l)
{
	uint32_t hdr = (uint32_t)l->code[0] << 24 | (uint32_t)l->code[1] << 16 |
		       (uint32_t)l->code[2] << 8 | l->code[3];
	struct rd r = { l, l->code + 4 + hdr, l->code + l->code_len };
	struct module *m = l->m;
	l->label_off = malloc(((size_t)l->nlabels + 1) * sizeof(uint32_t));
	for (uint32_t i = 0; i <= l->nlabels; i++)
		l->label_off[i] = UINT32_MAX;
	size_t capf = 0, capl = 0;
	struct operand *ops = NULL;
	size_t capops = 0;
	int e = 0;
	bool ended = false;
	while (!ended) {
		if (r.p >= r.end) {
			e = rd_fail(&r, "code ends without int_code_end");
			goto out;
		}
		const uint8_t *ipos = r.p;
		unsigned op = *r.p++;
		if (op == 0 || op > OP_MAX || !op_name[op]) {
			r.p = ipos;
			e = ld_fail(l, (size_t)(ipos - l->data), "unknown opcode %u", op);
			goto out;
		}
		if (!op_supported(op)) {
			e = ld_fail(l, (size_t)(ipos - l->data),
				    "unsupported opcode %s/%u", op_name[op],
				    op_arity[op]);
			goto out;
		}
		size_t nops = 0;
		for (unsigned i = 0; i < op_arity[op]; i++) {
			if (nops + 1 >= capops) {
				capops = capops ? capops * 2 : 64;
				ops = realloc(ops, capops * sizeof *ops);
			}
			if ((e = rd_operand(&r, &ops[nops])))
				goto out;
			nops++;
			if (ops[nops - 1].tag == OT_LIST) {
				size_t cnt = ops[nops - 1].val;
				for (size_t j = 0; j < cnt; j++) {
					if (nops + 1 >= capops) {
						capops = capops * 2;
						ops = realloc(ops, capops * sizeof *ops);
					}
					if ((e = rd_operand(&r, &ops[nops])))
						goto out;
					if (ops[nops].tag == OT_LIST) {
						e = rd_fail(&r, "nested list operand");
						goto out;
					}
					nops++;
				}
			}
		}
		const char *why = check_kinds(op, ops, nops);
		if (why) {
			e = ld_fail(l, (size_t)(ipos - l->data), "%s/%u: %s", op_name[op],
				    op_arity[op], why);
			goto out;
		}
		switch (op) {
		case OP_label:
			if (ops[0].tag != OT_U || ops[0].val >= l->nlabels) {
				e = ld_fail(l, (size_t)(ipos - l->data), "bad label");
				goto out;
			}
			l->label_off[ops[0].val] = (uint32_t)l->nout;
			continue;
		case OP_line: {
			uint64_t item = ops[0].tag == OT_U ? ops[0].val : 0;
			if (item && item < l->nlineno) {
				if (m->nlines == capl) {
					capl = capl ? capl * 2 : 256;
					m->lines = realloc(m->lines, capl * sizeof *m->lines);
				}
				m->lines[m->nlines].off = (uint32_t)l->nout;
				m->lines[m->nlines].line = l->lineno[item];
				m->lines[m->nlines].file = l->linefile[item];
				m->nlines++;
			}
			continue;
		}
		case OP_int_code_end:
			ended = true;
			emit(l, (cw)op_addr[op]);
			continue;
		case OP_func_info:
			if (ops[1].tag != OT_A || ops[2].tag != OT_U) {
				e = ld_fail(l, (size_t)(ipos - l->data), "bad func_info");
				goto out;
			}
			if (m->nfuncs == capf) {
				capf = capf ? capf * 2 : 64;
				m->funcs = realloc(m->funcs, capf * sizeof *m->funcs);
			}
			m->funcs[m->nfuncs].start = (uint32_t)l->nout;
			m->funcs[m->nfuncs].name = ops[1].t;
			m->funcs[m->nfuncs].arity = (uint32_t)ops[2].val;
			m->nfuncs++;
			break;
		}
		bool need_bif;
		int ip = import_pos(op, &need_bif);
		if (ip >= 0 && (e = import_operand(&r, &ops[ip], need_bif)))
			goto out;
		if (op == 103 || op == 171) {       /* make_fun2, make_fun3 */
			if (ops[0].tag != OT_U || ops[0].val >= m->nfuns) {
				e = rd_fail(&r, "fun index out of range");
				goto out;
			}
			ops[0].val = (uint64_t)(uintptr_t)&m->funs[ops[0].val];
		}
		if (op == 132) {                    /* bs_match_string */
			if (ops[2].tag != OT_U || ops[3].tag != OT_U || !l->strtab ||
			    ops[3].val > l->strt_len ||
			    (ops[2].val + 7) / 8 > l->strt_len - ops[3].val) {
				e = rd_fail(&r, "bs_match_string outside StrT");
				goto out;
			}
			ops[3].val = (uint64_t)(uintptr_t)(l->strtab + ops[3].val);
		}
		if (op == 177) {                    /* bs_create_bin segments */
			size_t cnt = ops[5].val;
			if (cnt % 6) {
				e = rd_fail(&r, "bad bs_create_bin segment list");
				goto out;
			}
			for (size_t s = 0; s < cnt; s += 6) {
				struct operand *seg = &ops[6 + s];
				if (seg[0].tag != OT_A) {
					e = rd_fail(&r, "bad bs_create_bin segment type");
					goto out;
				}
				size_t tl;
				const char *tn = atom_text(seg[0].t, &tl);
				if (tl == 6 && memcmp(tn, "string", 6) == 0) {
					/* offset into StrT, then the length in bytes */
					if (seg[4].tag != OT_U || seg[5].tag != OT_I ||
					    !is_small(seg[5].t) || small_val(seg[5].t) < 0 ||
					    !l->strtab || seg[4].val > l->strt_len ||
					    (uint64_t)small_val(seg[5].t) > l->strt_len - seg[4].val) {
						e = rd_fail(&r, "string segment outside StrT");
						goto out;
					}
					seg[4].val = (uint64_t)(uintptr_t)(l->strtab +
									   seg[4].val);
				}
			}
		}
		emit(l, (cw)op_addr[op]);
		for (size_t i = 0; i < nops; i++)
			emit_operand(l, &ops[i]);
	}
	m->code = l->out;
	m->code_len = l->nout;
	for (size_t i = 0; i < l->nfix; i++) {
		uint32_t lab = l->fix[i].label;
		if (lab == 0) {
			l->out[l->fix[i].pos] = 0;
			continue;
		}
		if (l->label_off[lab] == UINT32_MAX) {
			e = ld_fail(l, (size_t)(r.p - l->data), "label %u undefined", lab);
			goto out;
		}
		l->out[l->fix[i].pos] = (cw)(l->out + l->label_off[lab]);
	}
out:
	free(ops);
	return e;
}
