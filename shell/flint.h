/* flint, Shale's shell: what its parts share.  One shell per process:
 * the state is one global struct.
 *
 * A command is a function over argv and a struct io: it writes results to
 * io->out (the terminal, a file or the next command of a pipe), errors to
 * io->err (always the terminal), reads piped input from io->in, and
 * returns its exit status: 0 success, 1 failure (after one line on
 * io->err saying what failed and why), 2 bad usage, 130 interrupted. */
#ifndef FLINT_H
#define FLINT_H

#include <stddef.h>
#include <stdint.h>

#include <shale/rights.h>

#include "edit.h"
#include "fpath.h"
#include "history.h"
#include "out.h"

#define FLINT_PROMPT	"flint> "
#define FLINT_DEPTH_MAX	8	/* scripts running scripts */
#define STATUS_FAIL	1
#define STATUS_USAGE	2
#define STATUS_UNKNOWN	127
#define STATUS_INTR	130

struct flint {
	char home[FPATH_MAX];	/* cd's default: fs:/, else where flint started */
	int status;		/* the last command's, as $? */
	int depth;		/* scripts being run (run PATH) */
	sh_handle_t silod;	/* silod's control endpoint, 0 if none */
	struct history hist;
	struct edit ed;
};

extern struct flint flint;

struct io {
	struct out *out;
	struct out *err;
	const char *in;		/* piped input, NULL when there is none */
	size_t in_len;
};

typedef int (*cmd_fn)(int argc, char **argv, struct io *io);

struct cmd {
	const char *name;
	cmd_fn fn;
	const char *usage;	/* "cat [PATH...]" */
	const char *help;	/* what it does, one line */
};

/* ---- cmd_table.c ---- */
extern const struct cmd cmd_table[];
extern const size_t cmd_count;
/* The command called name, or NULL. */
const struct cmd *cmd_find(const char *name);
/* The command names, for completion and suggestions (cmd_count of them). */
const char *const *cmd_names(void);

/* ---- exec.c ---- */
/* Parses and runs one line with its output going to base (the terminal,
 * or where a script's own output goes).  Returns its exit status and
 * sets flint.status. */
int flint_run_line(const char *line, size_t len, struct out *base);

/* Prints "cmd: what: <message for err>" on io->err; returns STATUS_FAIL. */
int flint_fail(struct io *io, const char *cmd, const char *what, int err);
/* Prints "cmd: msg" on io->err; returns STATUS_FAIL. */
int flint_failmsg(struct io *io, const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Prints "usage: <usage of cmd>" on io->err; returns STATUS_USAGE. */
int flint_usage(struct io *io, const char *cmd);
/* The current directory (libc's, sh_file_getcwd) into out (FPATH_MAX
 * bytes).  Returns out, or NULL when there is none. */
const char *flint_cwd(char *out);
/* Resolves arg against the cwd into out (FPATH_MAX bytes); on failure
 * prints why for cmd and returns -1, else 0. */
int flint_path(struct io *io, const char *cmd, const char *arg, char *out);
/* Opens full path for writing: created and emptied (or appended to),
 * or, for a device that refuses CREATE/TRUNC, just opened for WRITE.
 * Returns the sfd or -SH_E*. */
int flint_open_write(const char *path, int append);
/* Returns 1 (after printing "^C") if the user interrupted, else 0. */
int flint_interrupted(struct io *io);

/* ---- complete glue (main.c) ---- */
/* Lists directory dir or, dir NULL, the scheme names, for completion. */
struct complete_src;
void flint_complete_src(struct complete_src *src);

#endif
