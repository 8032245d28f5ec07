#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <shale/errors.h>
#include <shale/strate.h>

#include "out.h"
#include "term.h"

void out_init_term(struct out *o)
{
	memset(o, 0, sizeof(*o));
	o->kind = OUT_TERM;
	o->sfd = -1;
}

void out_init_buf(struct out *o)
{
	memset(o, 0, sizeof(*o));
	o->kind = OUT_BUF;
	o->sfd = -1;
}

void out_init_file(struct out *o, int sfd)
{
	memset(o, 0, sizeof(*o));
	o->kind = OUT_FILE;
	o->sfd = sfd;
}

void out_free(struct out *o)
{
	free(o->buf);
	o->buf = NULL;
	o->len = o->cap = 0;
}

static void buf_write(struct out *o, const void *s, size_t n)
{
	if (o->len + n > OUT_BUF_MAX) {
		if (!o->err)
			o->err = -SH_E2BIG;
		return;
	}
	if (o->len + n > o->cap) {
		size_t cap = o->cap ? o->cap : 1024;
		char *b;

		while (cap < o->len + n)
			cap *= 2;
		b = realloc(o->buf, cap);
		if (!b) {
			if (!o->err)
				o->err = -SH_ENOMEM;
			return;
		}
		o->buf = b;
		o->cap = cap;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

void out_write(struct out *o, const void *s, size_t n)
{
	if (!n || o->err)
		return;
	switch (o->kind) {
	case OUT_TERM:
		term_write(s, n);
		break;
	case OUT_BUF:
		buf_write(o, s, n);
		break;
	case OUT_FILE: {
		int64_t r = sh_file_write(o->sfd, s, n);

		if (r < 0)
			o->err = (int)r;
		else if ((size_t)r < n)
			o->err = -SH_ENOSPC;
		break;
	}
	}
}

void out_puts(struct out *o, const char *s)
{
	out_write(o, s, strlen(s));
}

void out_vprintf(struct out *o, const char *fmt, va_list ap)
{
	char small[512];
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(small, sizeof(small), fmt, aq);
	va_end(aq);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		out_write(o, small, (size_t)n);
		return;
	}
	{
		char *big = malloc((size_t)n + 1);

		if (!big) {
			out_write(o, small, sizeof(small) - 1);
			return;
		}
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		out_write(o, big, (size_t)n);
		free(big);
	}
}

void out_printf(struct out *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	out_vprintf(o, fmt, ap);
	va_end(ap);
}
