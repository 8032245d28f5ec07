/* Tab completion: which words could finish the one under the cursor.
 * The first word of a command completes from the command names; any
 * other word from scheme names ("fs:") and, once it names a directory
 * ("fs:/ho", "sub/x" under a cwd), from the directory's entries ("home/").
 * Portable: directories are listed through src->list, which the host
 * tests fake. */
#ifndef FLINT_COMPLETE_H
#define FLINT_COMPLETE_H

#include <stddef.h>

/* Called once per name found; is_dir: the name is a directory. */
typedef void (*complete_emit_fn)(void *arg, const char *name, int is_dir);

struct complete_src {
	const char *const *cmds;	/* command names */
	size_t ncmds;
	/* Emits every scheme name (dir NULL) or every entry of directory dir
	 * ("fs:/home", not normalised).  Returns 0 or -SH_E*. */
	int (*list)(void *ctx, const char *dir, complete_emit_fn emit, void *arg);
	void *ctx;
	const char *cwd;		/* "fs:/home", or NULL: no relative paths */
	/* Candidates for argument argn (1: the first after the command) of
	 * command cmd, the word before it being prev: emits them (kind 0)
	 * and returns 1, or returns 0 when paths complete there.  May be
	 * NULL. */
	int (*args)(void *ctx, const char *cmd, int argn, const char *prev,
		    complete_emit_fn emit, void *arg);
};

/* Completes the word ending at pos in buf: ins (room cap) gets the text
 * to insert at pos (the candidates' common part beyond what is typed, and
 * a ' ' or nothing after a single file, '/' or ':' after a single
 * directory or scheme).  Returns the number of candidates. */
int complete_word(const struct complete_src *src, const char *buf, size_t pos,
		  char *ins, size_t cap);

/* Calls emit(arg, candidate, is_dir) for each candidate of the word ending
 * at pos (the whole word as it would read: "home/", "fs:").  Returns the
 * number of candidates. */
int complete_list(const struct complete_src *src, const char *buf, size_t pos,
		  complete_emit_fn emit, void *arg);

#endif
