/* A small printf engine.  It writes through a sink so the same code feeds
 * the console, the kernel log ring and fixed buffers. */
#include "fmt.h"

#include <stdint.h>

struct spec {
	int left;	/* '-' */
	int zero;	/* '0' */
	int alt;	/* '#': 0x before hex, 0 before octal */
	int width;
	int prec;	/* -1: none */
};

static int emit_pad(fmt_sink sink, void *ctx, char c, int n)
{
	int i;

	for (i = 0; i < n; i++)
		sink(ctx, c);
	return n > 0 ? n : 0;
}

static int emit_str(fmt_sink sink, void *ctx, const char *s, const struct spec *sp)
{
	int len = 0, out = 0, i;

	if (!s)
		s = "(null)";
	while (s[len] && (sp->prec < 0 || len < sp->prec))
		len++;
	if (!sp->left)
		out += emit_pad(sink, ctx, ' ', sp->width - len);
	for (i = 0; i < len; i++)
		sink(ctx, s[i]);
	out += len;
	if (sp->left)
		out += emit_pad(sink, ctx, ' ', sp->width - len);
	return out;
}

static int emit_num(fmt_sink sink, void *ctx, uint64_t v, int neg, unsigned base,
		    int upper, const char *prefix, const struct spec *sp)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24];
	int len = 0, plen = 0, out = 0, pad, i;

	do {
		buf[len++] = digits[v % base];
		v /= base;
	} while (v);
	if (neg)
		prefix = "-";
	while (prefix && prefix[plen])
		plen++;
	pad = sp->width - len - plen;
	if (!sp->left && !sp->zero)
		out += emit_pad(sink, ctx, ' ', pad);
	for (i = 0; i < plen; i++)
		sink(ctx, prefix[i]);
	out += plen;
	if (!sp->left && sp->zero)
		out += emit_pad(sink, ctx, '0', pad);
	for (i = len; i > 0; i--)
		sink(ctx, buf[i - 1]);
	out += len;
	if (sp->left)
		out += emit_pad(sink, ctx, ' ', pad);
	return out;
}

int fmt_vformat(fmt_sink sink, void *ctx, const char *fmt, va_list ap)
{
	int out = 0;

	for (; *fmt; fmt++) {
		struct spec sp = { 0, 0, 0, 0, -1 };
		int lng = 0;	/* -2 hh, -1 h, 0 int, 1 long, 2 long long */
		uint64_t u;
		int64_t s;

		if (*fmt != '%') {
			sink(ctx, *fmt);
			out++;
			continue;
		}
		fmt++;
		for (;; fmt++) {
			if (*fmt == '-')
				sp.left = 1;
			else if (*fmt == '0')
				sp.zero = 1;
			else if (*fmt == '#')
				sp.alt = 1;
			else
				break;
		}
		if (*fmt == '*') {
			sp.width = va_arg(ap, int);
			if (sp.width < 0) {
				sp.left = 1;
				sp.width = -sp.width;
			}
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			sp.width = sp.width * 10 + (*fmt++ - '0');
		if (*fmt == '.') {
			fmt++;
			sp.prec = 0;
			if (*fmt == '*') {
				sp.prec = va_arg(ap, int);
				fmt++;
			}
			while (*fmt >= '0' && *fmt <= '9')
				sp.prec = sp.prec * 10 + (*fmt++ - '0');
		}
		for (;; fmt++) {
			if (*fmt == 'h')
				lng--;
			else if (*fmt == 'l')
				lng++;
			else if (*fmt == 'z' || *fmt == 't' || *fmt == 'j')
				lng = 2;
			else
				break;
		}
		switch (*fmt) {
		case 'd':
		case 'i':
			if (lng >= 1)
				s = lng == 1 ? va_arg(ap, long) : va_arg(ap, long long);
			else
				s = va_arg(ap, int);
			if (lng == -1)
				s = (short)s;
			else if (lng <= -2)
				s = (signed char)s;
			u = s < 0 ? (uint64_t)0 - (uint64_t)s : (uint64_t)s;
			out += emit_num(sink, ctx, u, s < 0, 10, 0, NULL, &sp);
			break;
		case 'u':
		case 'x':
		case 'X':
		case 'o':
			if (lng >= 1)
				u = lng == 1 ? va_arg(ap, unsigned long) : va_arg(ap, unsigned long long);
			else
				u = va_arg(ap, unsigned int);
			if (lng == -1)
				u = (unsigned short)u;
			else if (lng <= -2)
				u = (unsigned char)u;
			out += emit_num(sink, ctx, u, 0, *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16,
					*fmt == 'X', !sp.alt || !u || *fmt == 'u' ? NULL :
					*fmt == 'o' ? "0" : *fmt == 'X' ? "0X" : "0x", &sp);
			break;
		case 'p':
			u = (uintptr_t)va_arg(ap, void *);
			out += emit_num(sink, ctx, u, 0, 16, 0, "0x", &sp);
			break;
		case 's':
			out += emit_str(sink, ctx, va_arg(ap, const char *), &sp);
			break;
		case 'c': {
			char c[2] = { (char)va_arg(ap, int), 0 };

			sp.prec = 1;
			if (!c[0]) {	/* a NUL character still counts */
				sink(ctx, 0);
				out++;
				break;
			}
			out += emit_str(sink, ctx, c, &sp);
			break;
		}
		case '%':
			sink(ctx, '%');
			out++;
			break;
		case '\0':
			return out;
		default:	/* unknown: print it as written */
			sink(ctx, '%');
			sink(ctx, *fmt);
			out += 2;
			break;
		}
	}
	return out;
}

struct bufsink {
	char *buf;
	size_t n;
	size_t pos;
};

static void buf_put(void *ctx, char c)
{
	struct bufsink *b = ctx;

	if (b->pos + 1 < b->n)
		b->buf[b->pos] = c;
	b->pos++;
}

int fmt_vsnprintf(char *buf, size_t n, const char *fmt, va_list ap)
{
	struct bufsink b = { buf, n, 0 };
	int len = fmt_vformat(buf_put, &b, fmt, ap);

	if (n)
		buf[b.pos < n ? b.pos : n - 1] = 0;
	return len;
}

int fmt_snprintf(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = fmt_vsnprintf(buf, n, fmt, ap);
	va_end(ap);
	return len;
}
