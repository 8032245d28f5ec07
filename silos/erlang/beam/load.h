/* Loader internals shared by load.c (container and tables) and xlate.c
 * (instruction translation to threaded code). */
#ifndef BEAM_LOAD_H
#define BEAM_LOAD_H

#include "beam.h"

/* Register references inside translated code: header-tagged words that no
 * term can be, so one test tells an operand register from a constant. */
#define REG_X(i) (((term)(i) << 8) | (0u << 3) | 7u)
#define REG_Y(i) (((term)(i) << 8) | (1u << 3) | 7u)
#define REG_FR(i) (((term)(i) << 8) | (2u << 3) | 7u)
#define MAX_Y 65535
#define MAX_FR 1024

enum otag {
	OT_U, OT_I, OT_A, OT_X, OT_Y, OT_F, OT_H, OT_LIST, OT_FR, OT_ALLOC,
	OT_LIT
};

struct operand {
	uint8_t tag;
	uint64_t val;    /* unsigned value, register, label, count */
	term t;          /* constant for OT_I, OT_A, OT_H, OT_LIT */
};

struct ld {
	const uint8_t *data;
	size_t len;
	char *err;
	size_t errlen;
	char modname[256];
	term *atoms;          /* atoms[1..natoms] */
	uint32_t natoms;
	const uint8_t *code, *strt, *impt, *expt, *funt, *litt, *line, *atom, *meta;
	size_t meta_len;
	size_t code_len, strt_len, impt_len, expt_len, funt_len, litt_len,
		line_len, atom_len;
	bool atom_utf8;
	uint32_t nlabels, nfuncs_hdr, max_op;
	struct module *m;
	term *lits;
	size_t nlits;
	uint32_t *lineno;      /* line items: line numbers */
	uint32_t *linefile;    /* line items: file index (0-based) */
	size_t nlineno;
	const uint8_t *strtab;  /* module copy of StrT */
	/* translation state */
	cw *out;
	size_t nout, capout;
	uint32_t *label_off;
	struct { size_t pos; uint32_t label; } *fix;
	size_t nfix, capfix;
};

/* Records an error naming the module and byte offset; returns -SH_EBADMSG. */
int ld_fail(struct ld *l, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Translates the Code chunk into l->out; returns 0 or a negative error. */
int xlate_code(struct ld *l);
/* Handler address for each opcode, filled by the interpreter at start. */
extern void *op_addr[];
/* Returns true if the interpreter implements opcode op. */
bool op_supported(unsigned op);

#endif
