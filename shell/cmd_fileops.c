/* Changing the tree: cp, mv, rm, mkdir, rmdir.  mv within one scheme is
 * the strate's RENAME; across schemes it is a copy and an unlink. */
#include <stdlib.h>
#include <string.h>

#include <shale/errors.h>
#include <shale/scheme_client.h>
#include <shale/strate.h>

#include "cmds.h"
#include "term.h"

/* If to names a directory, appends from's last component to it. */
static void into_dir(char *to, const char *from)
{
	struct sh_stat st;
	size_t n = strlen(to);
	const char *base = fpath_base(from);

	if (sh_file_stat(to, &st) < 0 || st.type != SH_FTYPE_DIR || !base[0])
		return;
	if (n + 1 + strlen(base) + 1 > FPATH_MAX)
		return;
	if (to[n - 1] != '/')
		to[n++] = '/';
	strcpy(to + n, base);
}

/* Copies full path from to full path to.  Returns 0 or -SH_E*; *which
 * says which side failed (0 from, 1 to). */
static int copy_file(const char *from, const char *to, int *which)
{
	char *buf = malloc(SH_READ_MAX);
	int in, outf, r = 0;

	*which = 0;
	if (!buf)
		return -SH_ENOMEM;
	in = sh_file_open(from, SH_O_READ, 0);
	if (in < 0) {
		free(buf);
		return in;
	}
	outf = flint_open_write(to, 0);
	if (outf < 0) {
		*which = 1;
		sh_file_close(in);
		free(buf);
		return outf;
	}
	for (;;) {
		int64_t n = sh_file_read(in, buf, SH_READ_MAX), w;

		if (n <= 0) {
			r = (int)n;
			break;
		}
		w = sh_file_write(outf, buf, (size_t)n);
		if (w < n) {
			*which = 1;
			r = w < 0 ? (int)w : -SH_ENOSPC;
			break;
		}
		if (term_interrupted()) {
			r = -SH_EINTR;
			break;
		}
	}
	sh_file_close(outf);
	sh_file_close(in);
	free(buf);
	return r;
}

int cmd_cp(int argc, char **argv, struct io *io)
{
	char from[FPATH_MAX], to[FPATH_MAX];
	int which, r;

	if (argc != 3)
		return flint_usage(io, "cp");
	if (flint_path(io, "cp", argv[1], from) < 0 ||
	    flint_path(io, "cp", argv[2], to) < 0)
		return STATUS_FAIL;
	into_dir(to, from);
	r = copy_file(from, to, &which);
	if (r < 0)
		return flint_fail(io, "cp", which ? to : argv[1], r);
	return 0;
}

int cmd_mv(int argc, char **argv, struct io *io)
{
	char from[FPATH_MAX], to[FPATH_MAX];
	int which, r;

	if (argc != 3)
		return flint_usage(io, "mv");
	if (flint_path(io, "mv", argv[1], from) < 0 ||
	    flint_path(io, "mv", argv[2], to) < 0)
		return STATUS_FAIL;
	into_dir(to, from);
	if (strncmp(from, to, (size_t)(strchr(from, ':') - from) + 1) == 0) {
		r = sh_file_rename(from, to);
		if (r < 0)
			return flint_fail(io, "mv", argv[1], r);
		return 0;
	}
	r = copy_file(from, to, &which);
	if (r < 0)
		return flint_fail(io, "mv", which ? to : argv[1], r);
	r = sh_file_unlink(from);
	if (r < 0) {
		sh_file_unlink(to);	/* nothing half-done: no second copy */
		return flint_fail(io, "mv", argv[1], r);
	}
	return 0;
}

/* Runs op on each argument's full path; names the ones that fail. */
static int each_path(int argc, char **argv, struct io *io,
		     int (*op)(const char *path))
{
	int status = 0;

	if (argc < 2)
		return flint_usage(io, argv[0]);
	for (int i = 1; i < argc; i++) {
		char path[FPATH_MAX];
		int r;

		if (flint_path(io, argv[0], argv[i], path) < 0) {
			status = STATUS_FAIL;
			continue;
		}
		r = op(path);
		if (r == -SH_EISDIR && op == sh_file_unlink)
			status = flint_failmsg(io, argv[0], "%s: %s (use rmdir)",
					       argv[i], sh_strerror(r));
		else if (r < 0)
			status = flint_fail(io, argv[0], argv[i], r);
	}
	return status;
}

static int do_mkdir(const char *path)
{
	return sh_file_mkdir(path, 0755);
}

int cmd_rm(int argc, char **argv, struct io *io)
{
	return each_path(argc, argv, io, sh_file_unlink);
}

int cmd_mkdir(int argc, char **argv, struct io *io)
{
	return each_path(argc, argv, io, do_mkdir);
}

int cmd_rmdir(int argc, char **argv, struct io *io)
{
	return each_path(argc, argv, io, sh_file_rmdir);
}
