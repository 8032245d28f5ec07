/* Byte and string helpers for the freestanding kernel (and libfdt).
 * Simple loops, a word at a time where alignment allows: the kernel copies
 * little, and user copies go through uaccess, not here.  KSTR() lets host unit tests build these under other
 * names beside the host C library. */
#include <stddef.h>
#include <stdint.h>

#ifndef KSTR
#define KSTR(name) name
#endif

/* An unaligned word: normal memory on aarch64 (and the host) allows the
 * access, and the boot archive's data is only 4-byte aligned. */
typedef uint64_t __attribute__((aligned(1), may_alias)) uword;

void *KSTR(memcpy)(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	for (; n >= 8; n -= 8, d += 8, s += 8)
		*(uword *)(void *)d = *(const uword *)(const void *)s;
	while (n--)
		*d++ = *s++;
	return dst;
}

void *KSTR(memmove)(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d == s || n == 0)
		return dst;
	if (d < s || d >= s + n) {
		while (n--)
			*d++ = *s++;
	} else {
		while (n--)
			d[n] = s[n];
	}
	return dst;
}

void *KSTR(memset)(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	uint64_t word = 0x0101010101010101ULL * (unsigned char)c;

	for (; n && ((uintptr_t)d & 7); n--)
		*d++ = (unsigned char)c;
	for (; n >= 8; n -= 8, d += 8)
		*(uint64_t *)(void *)d = word;
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

int KSTR(memcmp)(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

void *KSTR(memchr)(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

size_t KSTR(strlen)(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t KSTR(strnlen)(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

char *KSTR(strchr)(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *KSTR(strrchr)(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

int KSTR(strcmp)(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int KSTR(strncmp)(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			return 0;
	}
	return 0;
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

/* Like C's strtoul without errno: saturates at ULONG_MAX on overflow. */
unsigned long KSTR(strtoul)(const char *s, char **end, int base)
{
	const char *start = s;
	unsigned long v = 0;
	int overflow = 0, any = 0, d;

	while (*s == ' ' || (*s >= '\t' && *s <= '\r'))
		s++;
	if (*s == '+')
		s++;
	if ((base == 0 || base == 16) && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')
	    && digit_value(s[2]) < 16) {
		s += 2;
		base = 16;
	} else if (base == 0) {
		base = s[0] == '0' ? 8 : 10;
	}
	for (; (d = digit_value(*s)) < base; s++) {
		any = 1;
		if (v > (~0UL - (unsigned long)d) / (unsigned long)base)
			overflow = 1;
		v = v * (unsigned long)base + (unsigned long)d;
	}
	if (end)
		*end = (char *)(any ? s : start);
	return overflow ? ~0UL : v;
}
