/* Pieces of the manifest parser: words of a value, numbers, and error
 * messages built without printf.  Internal to silos/manifest.c. */
#ifndef SILOS_MANIFEST_LEX_H
#define SILOS_MANIFEST_LEX_H

#include <stddef.h>
#include <stdint.h>

/* A value cut into words: quotes removed, escapes applied. */
#define LEX_WORDS_MAX	32u
/* A line's bytes plus a NUL per word always fit. */
#define LEX_BYTES_MAX	(1024u + LEX_WORDS_MAX)

struct lex_words {
	uint32_t n;
	uint32_t len[LEX_WORDS_MAX];
	uint32_t off[LEX_WORDS_MAX];	/* into bytes */
	char bytes[LEX_BYTES_MAX];	/* each word NUL-terminated */
};

/* Cuts len bytes of v into words (whitespace apart; "..." keeps spaces and
 * '#'; \" and \\ inside quotes; '#' outside quotes ends the line).
 * Values longer than a manifest line (1023 bytes) are refused.  Returns
 * NULL, or a static message: unterminated quote, bad escape, too many
 * words. */
const char *lex_split(const char *v, size_t len, struct lex_words *w);

/* Parses a decimal number with an optional K, M or G suffix (powers of
 * 1024) into *out.  Returns 0, -1 for bad syntax, -2 when above max. */
int lex_size(const char *s, size_t len, uint64_t max, uint64_t *out);

/* An error message under construction: always NUL-terminated. */
struct lex_msg {
	char *buf;
	size_t cap;
	size_t len;
};

void msg_init(struct lex_msg *m, char *buf, size_t cap);
void msg_str(struct lex_msg *m, const char *s);
/* Appends n bytes of user text, non-printable bytes as \xNN, cut at 40
 * bytes with "..." so a message stays one short line. */
void msg_quote(struct lex_msg *m, const char *s, size_t n);
void msg_uint(struct lex_msg *m, uint64_t v);

#endif
