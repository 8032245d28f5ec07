/* Running a parsed line: each command of a pipe writes into a memory
 * buffer that the next one reads as its input (built-ins run one after the
 * other, so a pipe needs no threads), the last one to the base sink or to
 * its redirection.  Errors always go to the terminal. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <shale/errors.h>
#include <shale/strate.h>

#include "cmds.h"
#include "parse.h"
#include "suggest.h"
#include "term.h"

static struct out err_out;

int flint_fail(struct io *io, const char *cmd, const char *what, int err)
{
	if (what)
		out_printf(io->err, "%s: %s: %s\n", cmd, what, sh_strerror(err));
	else
		out_printf(io->err, "%s: %s\n", cmd, sh_strerror(err));
	return STATUS_FAIL;
}

int flint_failmsg(struct io *io, const char *cmd, const char *fmt, ...)
{
	va_list ap;

	out_printf(io->err, "%s: ", cmd);
	va_start(ap, fmt);
	out_vprintf(io->err, fmt, ap);
	va_end(ap);
	out_puts(io->err, "\n");
	return STATUS_FAIL;
}

int flint_usage(struct io *io, const char *cmd)
{
	const struct cmd *c = cmd_find(cmd);

	out_printf(io->err, "usage: %s\n", c ? c->usage : cmd);
	return STATUS_USAGE;
}

const char *flint_cwd(char *out)
{
	return sh_file_getcwd(out, FPATH_MAX) > 0 ? out : NULL;
}

int flint_path(struct io *io, const char *cmd, const char *arg, char *out)
{
	char cwd[FPATH_MAX];
	int r = sh_path_resolve(flint_cwd(cwd), arg, out, FPATH_MAX);

	if (r >= 0)
		return 0;
	if (r == -SH_ENOENT)
		flint_failmsg(io, cmd, "%s: relative path and no current "
			      "directory (write scheme:/path)", arg);
	else
		flint_fail(io, cmd, arg, r);
	return -1;
}

int flint_interrupted(struct io *io)
{
	if (!term_interrupted())
		return 0;
	out_puts(io->err, "^C\n");
	return 1;
}

int flint_open_write(const char *path, int append)
{
	uint32_t flags = SH_O_WRITE | SH_O_CREATE |
			 (append ? SH_O_APPEND : SH_O_TRUNC);
	int sfd = sh_file_open(path, flags, 0644);

	if (sfd == -SH_EPERM || sfd == -SH_EINVAL) {
		/* devices (cons:/) take no CREATE or TRUNC */
		int again = sh_file_open(path, SH_O_WRITE |
					(append ? SH_O_APPEND : 0), 0);
		if (again >= 0)
			sfd = again;
	}
	return sfd;
}

/* Opens the target of a redirection; returns the sfd or -1 (reported). */
static int open_redirect(struct io *io, const struct parse_cmd *pc)
{
	char path[FPATH_MAX];
	int sfd;

	if (flint_path(io, "flint", pc->out_path, path) < 0)
		return -1;
	sfd = flint_open_write(path, pc->out_append);
	if (sfd < 0) {
		flint_fail(io, "flint", pc->out_path, sfd);
		return -1;
	}
	return sfd;
}

static int unknown(struct io *io, const char *name)
{
	const char *near = suggest_nearest(name, cmd_names(), cmd_count);

	if (near)
		out_printf(io->err, "flint: %s: unknown command (did you mean "
			   "'%s'?)\n", name, near);
	else
		out_printf(io->err, "flint: %s: unknown command (help lists "
			   "them)\n", name);
	return STATUS_UNKNOWN;
}

static int run_pipeline(struct parse_line *pl, struct out *base)
{
	struct out pipe_in, pipe_out, file_out;
	int have_in = 0, status = 0;

	for (int i = 0; i < pl->ncmds; i++) {
		struct parse_cmd *pc = &pl->cmds[i];
		struct io io = { .err = &err_out };
		const struct cmd *c;
		int sfd = -1;

		if (have_in) {
			io.in = pipe_in.buf ? pipe_in.buf : "";
			io.in_len = pipe_in.len;
		}
		if (pc->out_path) {
			sfd = open_redirect(&io, pc);
			if (sfd < 0) {
				status = STATUS_FAIL;
				goto next;
			}
			out_init_file(&file_out, sfd);
			io.out = &file_out;
		} else if (i + 1 < pl->ncmds) {
			out_init_buf(&pipe_out);
			io.out = &pipe_out;
		} else {
			io.out = base;
		}
		term_flush();	/* the echo first, then what the command says */
		c = cmd_find(pc->argv[0]);
		if (!c)
			status = unknown(&io, pc->argv[0]);
		else
			status = c->fn(pc->argc, pc->argv, &io);
		if (io.out->err && io.out != base) {
			flint_fail(&io, pc->argv[0], pc->out_path ? pc->out_path
				   : "output", io.out->err);
			if (!status)
				status = STATUS_FAIL;
		}
		if (sfd >= 0)
			sh_file_close(sfd);
		term_flush();
next:
		if (have_in)
			out_free(&pipe_in);
		have_in = 0;
		if (i + 1 < pl->ncmds) {
			if (!pc->out_path && io.out == &pipe_out)
				pipe_in = pipe_out;
			else
				out_init_buf(&pipe_in);
			have_in = 1;
		}
	}
	if (have_in)
		out_free(&pipe_in);
	return status;
}

int flint_run_line(const char *line, size_t len, struct out *base)
{
	static struct parse_line pl[FLINT_DEPTH_MAX + 1];
	struct parse_line *p = &pl[flint.depth < FLINT_DEPTH_MAX ?
				   flint.depth : FLINT_DEPTH_MAX];
	const char *err;
	int status;

	out_init_term(&err_out);
	if (parse_line(line, len, flint.status, p, &err) < 0) {
		out_printf(&err_out, "flint: %s\n", err);
		flint.status = STATUS_USAGE;
		return flint.status;
	}
	if (p->ncmds == 0)
		return flint.status;
	status = run_pipeline(p, base);
	flint.status = status;
	return status;
}
