/* printf-style formatting for the kernel (no floating point).
 * Conversions: %d %i %u %x %X %o %p %s %c %%, flags '-' '0', a width
 * (or '*'), a precision for %s, length modifiers hh h l ll z t j. */
#ifndef BEDROCK_FMT_H
#define BEDROCK_FMT_H

#include <stdarg.h>
#include <stddef.h>

typedef void (*fmt_sink)(void *ctx, char c);

/* Formats into sink; returns the number of characters produced. */
int fmt_vformat(fmt_sink sink, void *ctx, const char *fmt, va_list ap);

/* Formats into buf (always NUL-terminated when n > 0); returns the length
 * the whole output would have, like C's vsnprintf. */
int fmt_vsnprintf(char *buf, size_t n, const char *fmt, va_list ap);
int fmt_snprintf(char *buf, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
