/* Lexing for manifests: words, sizes, and messages.  Input is untrusted
 * text from a disk or the boot archive: every loop is bounded by explicit
 * lengths, no byte is assumed to be printable, and nothing is written past
 * a caller's buffer. */
#include <shale/errors.h>
#include "manifest_lex.h"

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

const char *lex_split(const char *v, size_t len, struct lex_words *w)
{
	size_t i = 0, o = 0;

	w->n = 0;
	if (len > LEX_BYTES_MAX - LEX_WORDS_MAX - 1)
		return "value too long";
	for (;;) {
		int quoted = 0;

		while (i < len && is_space(v[i]))
			i++;
		if (i == len || v[i] == '#')
			return NULL;
		if (w->n == LEX_WORDS_MAX)
			return "too many words (at most 32)";
		w->off[w->n] = (uint32_t)o;
		while (i < len) {
			char c = v[i];
			if (!quoted && (is_space(c) || c == '#'))
				break;
			i++;
			if (c == '"') {
				quoted = !quoted;
				continue;
			}
			if (quoted && c == '\\') {
				if (i == len || (v[i] != '"' && v[i] != '\\'))
					return "bad escape in quotes (only \\\" and \\\\)";
				c = v[i++];
			}
			w->bytes[o++] = c;
		}
		if (quoted)
			return "unterminated quote";
		w->len[w->n] = (uint32_t)(o - w->off[w->n]);
		w->bytes[o++] = '\0';
		w->n++;
	}
}

int lex_size(const char *s, size_t len, uint64_t max, uint64_t *out)
{
	uint64_t v = 0, mul = 1;
	size_t i = 0;

	if (len == 0 || s[0] < '0' || s[0] > '9')
		return -1;
	while (i < len && s[i] >= '0' && s[i] <= '9') {
		uint64_t d = (uint64_t)(s[i] - '0');
		if (v > (UINT64_MAX - d) / 10)
			return -2;
		v = v * 10 + d;
		i++;
	}
	if (i < len) {
		if (i + 1 != len)
			return -1;
		switch (s[i]) {
		case 'K': mul = 1ull << 10; break;
		case 'M': mul = 1ull << 20; break;
		case 'G': mul = 1ull << 30; break;
		default: return -1;
		}
	}
	if (v > max / mul)
		return -2;
	*out = v * mul;
	return 0;
}

void msg_init(struct lex_msg *m, char *buf, size_t cap)
{
	m->buf = buf;
	m->cap = cap;
	m->len = 0;
	if (cap)
		buf[0] = '\0';
}

static void msg_putc(struct lex_msg *m, char c)
{
	if (m->cap == 0 || m->len + 1 >= m->cap)
		return;
	m->buf[m->len++] = c;
	m->buf[m->len] = '\0';
}

void msg_str(struct lex_msg *m, const char *s)
{
	while (*s)
		msg_putc(m, *s++);
}

void msg_quote(struct lex_msg *m, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t shown = n > 40 ? 40 : n;

	for (size_t i = 0; i < shown; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7f && c != '\\') {
			msg_putc(m, (char)c);
		} else {
			msg_putc(m, '\\');
			msg_putc(m, 'x');
			msg_putc(m, hex[c >> 4]);
			msg_putc(m, hex[c & 15]);
		}
	}
	if (shown < n)
		msg_str(m, "...");
}

void msg_uint(struct lex_msg *m, uint64_t v)
{
	char d[20];
	int n = 0;

	do {
		d[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		msg_putc(m, d[--n]);
}
