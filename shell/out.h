/* Where a command's output goes: the terminal, a file (redirection), or
 * a memory buffer (the next command of a pipe reads it).  Commands write
 * through these and never know which. */
#ifndef FLINT_OUT_H
#define FLINT_OUT_H

#include <stdarg.h>
#include <stddef.h>

enum out_kind { OUT_TERM, OUT_FILE, OUT_BUF };

struct out {
	enum out_kind kind;
	int sfd;		/* OUT_FILE: the open file */
	int err;		/* the first write error, -SH_E*, else 0 */
	char *buf;		/* OUT_BUF: malloc'd, grows */
	size_t len, cap;
};

#define OUT_BUF_MAX (4u << 20)	/* a pipe holds at most this much */

/* Writes n bytes; on failure remembers the first error in o->err. */
void out_write(struct out *o, const void *s, size_t n);
void out_puts(struct out *o, const char *s);
void out_printf(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void out_vprintf(struct out *o, const char *fmt, va_list ap);

/* A terminal sink, a buffer sink (empty), a file sink over sfd. */
void out_init_term(struct out *o);
void out_init_buf(struct out *o);
void out_init_file(struct out *o, int sfd);

/* Frees a buffer sink's memory (the others own nothing). */
void out_free(struct out *o);

#endif
