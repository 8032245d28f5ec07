/* flint's command-line parser: one line of text in, a pipeline of commands
 * out.  Portable (host and aarch64); no allocation, the caller owns the
 * struct.  See parse.c for the grammar. */
#ifndef FLINT_PARSE_H
#define FLINT_PARSE_H

#include <stddef.h>

#define PARSE_LINE_MAX	4096	/* bytes of one line, without a NUL */
#define PARSE_WORDS_MAX	64	/* words of one command, redirections included */
#define PARSE_CMDS_MAX	8	/* commands joined by '|' */

/* One command of a pipeline: argv[0..argc) and a NULL, and where its
 * output goes (out_path NULL: to the next command or the terminal). */
struct parse_cmd {
	int argc;
	char *argv[PARSE_WORDS_MAX + 1];
	const char *out_path;	/* "> PATH" or ">> PATH" */
	int out_append;		/* 1 for ">>" */
};

struct parse_line {
	int ncmds;		/* 0 for a blank line or a comment */
	struct parse_cmd cmds[PARSE_CMDS_MAX];
	char store[2 * PARSE_LINE_MAX + 2 * PARSE_WORDS_MAX * PARSE_CMDS_MAX];
	size_t used;		/* bytes of store taken */
};

/* Parses len bytes of line into *pl; "$?" expands to status (the last
 * command's exit status).  Returns 0, or -1 with *err set to a message
 * ("unterminated quote", "missing file after '>'", ...). */
int parse_line(const char *line, size_t len, int status, struct parse_line *pl,
	       const char **err);

#endif
