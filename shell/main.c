/* flint: Shale's shell on the serial console.
 *
 * It runs in the shell silo with the namespace silod gives it (SH_NS):
 * cons for the terminal, silo for silod's control endpoint, and the
 * schemes a user looks at.  It trusts silod and the strates to answer;
 * it trusts nothing typed: the editor bounds every line, the parser every
 * word, and no input ends the shell (only the console going away does,
 * and silod restarts it).
 *
 * Usage: flint [CONSOLE] [-s SCRIPT]: the console path (cons:/ by
 * default; the shell manifest names it) and a script to run before the
 * first prompt. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <shale.h>
#include <shale/scheme_client.h>
#include <shale/strate.h>

#include "cmds.h"
#include "complete.h"
#include "silo_cmds.h"
#include "term.h"

struct flint flint;

static void edit_write(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	term_write(s, n);
}

/* Lists scheme names or a directory's entries for completion. */
static int complete_lister(void *ctx, const char *dir, complete_emit_fn emit,
			   void *arg)
{
	static char recs[8192];
	char path[FPATH_MAX];
	int sfd, n = 0;

	(void)ctx;
	if (!dir) {
		const struct ns_table *t = sh_ns();

		for (uint32_t i = 0; i < t->count; i++)
			emit(arg, t->entries[i].name, 0);
		return 0;
	}
	char cwd[FPATH_MAX];

	if (sh_path_resolve(flint_cwd(cwd), dir, path, sizeof(path)) < 0)
		return -SH_EINVAL;
	sfd = sh_file_open(path, SH_O_DIR, 0);
	if (sfd < 0)
		return sfd;
	/* a bounded number of chunks: completion must stay quick */
	for (int chunk = 0; chunk < 16; chunk++) {
		int64_t len = sh_file_readdir(sfd, recs, sizeof(recs));
		uint32_t pos = 0;
		struct sh_dirent d;
		const char *name;

		if (len <= 0)
			break;
		while (scheme_dirent_next(recs, (uint32_t)len, &pos, &d, &name)) {
			char nm[SH_FILENAME_MAX + 1];

			memcpy(nm, name, d.namelen);
			nm[d.namelen] = '\0';
			emit(arg, nm, d.type == SH_FTYPE_DIR);
			n++;
		}
	}
	sh_file_close(sfd);
	return n;
}

static int complete_args(void *ctx, const char *cmd, int argn,
			 const char *prev, complete_emit_fn emit, void *arg)
{
	(void)ctx;
	return silo_complete_args(cmd, argn, prev, emit, arg);
}

void flint_complete_src(struct complete_src *src)
{
	static char src_cwd[FPATH_MAX];

	memset(src, 0, sizeof(*src));
	src->cmds = cmd_names();
	src->ncmds = cmd_count;
	src->list = complete_lister;
	src->args = complete_args;
	src->cwd = flint_cwd(src_cwd);
}

static int edit_complete(void *ctx, const char *buf, size_t pos, char *ins,
			 size_t cap)
{
	struct complete_src src;

	(void)ctx;
	flint_complete_src(&src);
	return complete_word(&src, buf, pos, ins, cap);
}

static void list_one(void *arg, const char *name, int is_dir)
{
	(void)is_dir;
	(void)arg;
	term_write(name, strlen(name));
	term_write("  ", 2);
}

static void edit_list(void *ctx, const char *buf, size_t pos)
{
	struct complete_src src;

	(void)ctx;
	flint_complete_src(&src);
	complete_list(&src, buf, pos, list_one, NULL);
	term_write("\r\n", 2);
}

static const struct edit_ops edit_ops = {
	.write = edit_write,
	.complete = edit_complete,
	.list = edit_list,
};

/* The first directory to be in, and cd's default: fs:/ if there is an
 * fs, else boot:/, else the first scheme that is not the console or
 * silod.  libc starts at fs:/ or the first scheme (the console, for
 * flint), so flint moves when there is no fs. */
static void pick_cwd(void)
{
	static const char *const prefer[] = { "fs", "boot" };
	const struct ns_table *t = sh_ns();
	char cwd[FPATH_MAX];

	flint.home[0] = '\0';
	for (size_t i = 0; i < sizeof(prefer) / sizeof(prefer[0]); i++) {
		if (ns_find(t, prefer[i], strlen(prefer[i]))) {
			snprintf(flint.home, sizeof(flint.home), "%s:/", prefer[i]);
			goto done;
		}
	}
	for (uint32_t i = 0; i < t->count; i++) {
		const char *n = t->entries[i].name;

		if (strcmp(n, "cons") && strcmp(n, "silo") &&
		    strlen(n) + 3 <= sizeof(flint.home)) {
			snprintf(flint.home, sizeof(flint.home), "%s:/", n);
			break;
		}
	}
done:
	/* no request when libc is there already: at start-up fs: may still
	 * be mounting, and the prompt must not wait for it */
	if (flint.home[0] && (!flint_cwd(cwd) || strcmp(cwd, flint.home)))
		sh_file_chdir(flint.home);
}

int main(int argc, char **argv)
{
	const char *console = "cons:/", *script = NULL;
	struct out term_out;
	long ep;
	int r;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-s") == 0 && i + 1 < argc)
			script = argv[++i];
		else
			console = argv[i];
	}
	strate_init();
	r = term_open(console);
	if (r < 0) {
		printf("flint: cannot open the console %s: %s\n", console,
		       sh_strerror(r));
		return 1;
	}
	ep = ns_find(sh_ns(), "silo", 4) ? (long)ns_find(sh_ns(), "silo", 4)->ep : -SH_ENOENT;
	flint.silod = ep > 0 ? (sh_handle_t)ep : 0;
	pick_cwd();
	history_init(&flint.hist);
	edit_init(&flint.ed, &edit_ops, &flint.hist);
	out_init_term(&term_out);
	out_puts(&term_out, "flint: Shale's shell.  help lists the commands.\n");
	if (script) {
		char *av[] = { "run", (char *)script, NULL };
		struct out err;
		struct io io = { .out = &term_out, .err = &err };

		out_init_term(&err);
		cmd_run(2, av, &io);
	}
	for (;;) {
		edit_begin(&flint.ed, FLINT_PROMPT);
		for (;;) {
			int c = term_getc();
			int st;

			if (c < 0) {
				/* consd went away: wait for the new one and go
				 * on with history and cwd; if none comes, exit
				 * and let silod restart the shell */
				if (term_reopen() < 0)
					return 1;
				flint.status = STATUS_FAIL;
				break;
			}
			st = edit_feed(&flint.ed, (unsigned char)c);
			if (st == EDIT_LINE) {
				history_add(&flint.hist, flint.ed.buf,
					    flint.ed.len);
				flint_run_line(flint.ed.buf, flint.ed.len,
					       &term_out);
				break;
			}
			if (st == EDIT_CANCEL) {
				flint.status = STATUS_INTR;
				break;
			}
		}
	}
}
