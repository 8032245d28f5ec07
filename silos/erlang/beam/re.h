/* The re module over Debian's PCRE 8: interfaces between the BIFs
 * (bif_re.c), option and capture parsing (re_opts.c) and the character
 * tables (re_tables.c). Built only when meson finds libpcre. */
#ifndef BEAM_RE_H
#define BEAM_RE_H

#include "beam.h"

/* Atoms the re BIFs name, interned on first use (kept out of atoms.def,
 * which only the core needs). */
#define RE_ATOMS(X) \
	X(re) X(re_pattern) X(namelist) X(capture) X(offset) X(match_limit) \
	X(match_limit_recursion) X(newline) X(cr) X(crlf) X(lf) X(anycrlf) \
	X(any) X(anchored) X(notempty) X(notempty_atstart) X(notbol) \
	X(noteol) X(no_start_optimize) X(caseless) X(dollar_endonly) \
	X(dotall) X(extended) X(firstline) X(multiline) X(no_auto_capture) \
	X(dupnames) X(ungreedy) X(ucp) X(never_utf) X(report_errors) \
	X(unicode) X(global) X(bsr_anycrlf) X(bsr_unicode) X(index) \
	X(list) X(binary) X(all) X(none) X(all_but_first) X(first) \
	X(all_names) X(match) X(nomatch) X(compile) X(grun) X(urun) \
	X(ucompile)

enum {
#define RE_ATOM_ID(n) RA_##n,
	RE_ATOMS(RE_ATOM_ID)
#undef RE_ATOM_ID
	RA__COUNT
};
extern term re_atoms[RA__COUNT];
#define RA(n) (re_atoms[RA_##n])
/* Interns the atoms above once. */
void re_atoms_init(void);

/* Which kinds of option an option list held (OTP's parse flags). */
#define RE_F_COMPILE_OPT 0x01   /* an option only compiling uses */
#define RE_F_EXEC_OPT 0x02      /* an option only matching uses */
#define RE_F_UNICODE 0x04
#define RE_F_OFFSET 0x08
#define RE_F_CAPTURE 0x10
#define RE_F_GLOBAL 0x20
#define RE_F_REPORT_ERRORS 0x40
#define RE_F_MATCH_LIMIT 0x80
#define RE_F_MATCH_LIMIT_REC 0x100

struct re_opts {
	int compile;            /* PCRE compile option bits */
	int exec;               /* PCRE exec option bits */
	int flags;              /* RE_F_* */
	int offset;
	int match_limit, match_limit_rec;
	term cap_values, cap_type;  /* {capture, Values, Type} */
};

/* Parses an re option list as OTP does; false if any element is not a
 * known option (badarg). */
bool re_parse_opts(term list, struct re_opts *o);

/* The bytes of iodata (a list, [] or a binary) as a malloc'd C string;
 * NULL if it is not iodata. */
char *re_iodata_cstr(term t);

/* What re:run returns for a match. */
enum re_ret { RE_RET_INDEX, RE_RET_LIST, RE_RET_BINARY, RE_RET_NONE };

/* The groups to return: n == 0 all, n == -1 all but the first, n > 0 the
 * groups v[0..n) (-1 an unknown one; -k starts k alternatives for a
 * duplicated name, the first set one of the next k entries counts). */
struct re_capture {
	enum re_ret type;
	int n;
	int *v;
	size_t cap;
};

/* Builds the capture spec of o against a compiled pattern; false if it is
 * malformed (badarg). Either way c must then go to re_capture_free. */
bool re_capture_build(const struct re_opts *o, const void *code,
		      struct re_capture *c);
/* Frees what re_capture_build allocated in c. */
void re_capture_free(struct re_capture *c);

/* OTP's Latin-1 character tables in PCRE's layout (1088 bytes). */
const unsigned char *re_tables(void);

#endif
