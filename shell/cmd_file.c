/* Looking at files on any scheme: ls, cat, stat, cd, pwd, and writing
 * whole lines with write and append.  Every path goes through
 * flint_path (cwd, normal form) and every failure names the path. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <shale/errors.h>
#include <shale/scheme_client.h>
#include <shale/strate.h>

#include "cmds.h"

#define CHUNK SH_READ_MAX

int file_slurp(const char *path, char **data, size_t *len)
{
	void *d;
	int r = sh_file_read_all(path, &d, len, OUT_BUF_MAX);

	if (r < 0)
		return r;
	*data = d;
	return 0;
}

static const char *type_name(uint32_t t)
{
	switch (t) {
	case SH_FTYPE_FILE: return "file";
	case SH_FTYPE_DIR: return "dir";
	case SH_FTYPE_DEV: return "dev";
	default: return "?";
	}
}

/* One line of ls -l: type, mode, links, size, modified (UTC), name. */
static void ls_long(struct io *io, const struct sh_stat *st, const char *name,
		    int namelen, const char *suffix)
{
	char when[20] = "-";

	if (st->mtime) {
		time_t t = (time_t)(st->mtime / 1000000000u);
		struct tm tm;

		if (gmtime_r(&t, &tm))
			strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
	}
	out_printf(io->out, "%-4s %04o %3u %10" PRIu64 " %-16s %.*s%s\n",
		   type_name(st->type), st->mode & SH_MODE_MASK, st->nlink,
		   st->size, when, namelen, name, suffix);
}

static int list_schemes(struct io *io)
{
	const struct ns_table *t = sh_ns();

	for (uint32_t i = 0; i < t->count; i++)
		out_printf(io->out, "%s:\n", t->entries[i].name);
	return 0;
}

/* Lists one directory (or names one file).  Returns a status. */
static int ls_one(struct io *io, const char *arg, int lng, int header)
{
	static char recs[8192];
	char path[FPATH_MAX];
	struct sh_stat st;
	int sfd, r;

	if (flint_path(io, "ls", arg, path) < 0)
		return STATUS_FAIL;
	sfd = sh_file_open(path, 0, 0);
	if (sfd < 0)
		return flint_fail(io, "ls", arg, sfd);
	r = sh_file_fstat(sfd, &st);
	if (r < 0) {
		sh_file_close(sfd);
		return flint_fail(io, "ls", arg, r);
	}
	if (st.type != SH_FTYPE_DIR) {
		if (lng)
			ls_long(io, &st, arg, (int)strlen(arg), "");
		else
			out_printf(io->out, "%s\n", arg);
		sh_file_close(sfd);
		return 0;
	}
	if (header)
		out_printf(io->out, "%s:\n", path);
	for (;;) {
		int64_t n = sh_file_readdir(sfd, recs, sizeof(recs));
		uint32_t pos = 0;
		struct sh_dirent d;
		const char *name;

		if (n < 0) {
			sh_file_close(sfd);
			return flint_fail(io, "ls", arg, (int)n);
		}
		if (n == 0)
			break;
		while (scheme_dirent_next(recs, (uint32_t)n, &pos, &d, &name)) {
			if (lng) {
				char sub[FPATH_MAX + SH_FILENAME_MAX + 2];
				struct sh_stat es = { .size = 0 };

				snprintf(sub, sizeof(sub), "%s%s%.*s", path,
					 path[strlen(path) - 1] == '/' ? "" : "/",
					 (int)d.namelen, name);
				sh_file_stat(sub, &es);
				es.type = d.type;
				ls_long(io, &es, name, (int)d.namelen,
					d.type == SH_FTYPE_DIR ? "/" : "");
			} else {
				out_printf(io->out, "%.*s%s\n", (int)d.namelen,
					   name, d.type == SH_FTYPE_DIR ? "/" : "");
			}
		}
		if (flint_interrupted(io)) {
			sh_file_close(sfd);
			return STATUS_INTR;
		}
	}
	sh_file_close(sfd);
	return 0;
}

int cmd_ls(int argc, char **argv, struct io *io)
{
	int lng = 0, first = 1, status = 0, nargs;

	if (argc > 1 && strcmp(argv[1], "-l") == 0) {
		lng = 1;
		first = 2;
	}
	nargs = argc - first;
	if (nargs == 0) {
		char cwd[FPATH_MAX];

		if (!flint_cwd(cwd))
			return list_schemes(io);
		return ls_one(io, cwd, lng, 0);
	}
	for (int i = first; i < argc; i++) {
		int r;

		if (strcmp(argv[i], ":") == 0)
			r = list_schemes(io);
		else
			r = ls_one(io, argv[i], lng, nargs > 1);
		if (r)
			status = r;
		if (r == STATUS_INTR)
			break;
	}
	return status;
}

/* Copies the file at arg to io->out in chunks.  Returns a status. */
static int cat_one(struct io *io, const char *cmd, const char *arg)
{
	char path[FPATH_MAX];
	char *buf;
	int sfd, status = 0;

	if (flint_path(io, cmd, arg, path) < 0)
		return STATUS_FAIL;
	sfd = sh_file_open(path, SH_O_READ, 0);
	if (sfd < 0)
		return flint_fail(io, cmd, arg, sfd);
	buf = malloc(CHUNK);
	if (!buf) {
		sh_file_close(sfd);
		return flint_fail(io, cmd, arg, -SH_ENOMEM);
	}
	for (;;) {
		int64_t n = sh_file_read(sfd, buf, CHUNK);

		if (n < 0) {
			status = flint_fail(io, cmd, arg, (int)n);
			break;
		}
		if (n == 0)
			break;
		out_write(io->out, buf, (size_t)n);
		if (io->out->err)
			break;
		if (flint_interrupted(io)) {
			status = STATUS_INTR;
			break;
		}
	}
	free(buf);
	sh_file_close(sfd);
	return status;
}

int cmd_cat(int argc, char **argv, struct io *io)
{
	int status = 0;

	if (argc == 1) {
		if (!io->in)
			return flint_usage(io, "cat");
		out_write(io->out, io->in, io->in_len);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		int r = cat_one(io, "cat", argv[i]);

		if (r)
			status = r;
		if (r == STATUS_INTR)
			break;
	}
	return status;
}

/* Writes argv[2..] joined by spaces and a newline to argv[1] (or, with
 * no words, the piped input). */
static int put_words(int argc, char **argv, struct io *io, int append)
{
	char path[FPATH_MAX];
	struct out o;
	int sfd;

	if (argc < 2)
		return flint_usage(io, argv[0]);
	if (flint_path(io, argv[0], argv[1], path) < 0)
		return STATUS_FAIL;
	sfd = flint_open_write(path, append);
	if (sfd < 0)
		return flint_fail(io, argv[0], argv[1], sfd);
	out_init_file(&o, sfd);
	if (argc == 2 && io->in) {
		out_write(&o, io->in, io->in_len);
	} else {
		for (int i = 2; i < argc; i++) {
			if (i > 2)
				out_write(&o, " ", 1);
			out_puts(&o, argv[i]);
		}
		out_write(&o, "\n", 1);
	}
	sh_file_close(sfd);
	if (o.err)
		return flint_fail(io, argv[0], argv[1], o.err);
	return 0;
}

int cmd_write(int argc, char **argv, struct io *io)
{
	return put_words(argc, argv, io, 0);
}

int cmd_append(int argc, char **argv, struct io *io)
{
	return put_words(argc, argv, io, 1);
}

static void print_time(struct io *io, const char *what, uint64_t ns)
{
	if (ns)
		out_printf(io->out, "  %s %" PRIu64 ".%03" PRIu64 " s\n", what,
			   ns / 1000000000u, ns / 1000000u % 1000u);
}

int cmd_stat(int argc, char **argv, struct io *io)
{
	int status = 0;

	if (argc < 2)
		return flint_usage(io, "stat");
	for (int i = 1; i < argc; i++) {
		char path[FPATH_MAX];
		struct sh_stat st;
		int r;

		if (flint_path(io, "stat", argv[i], path) < 0) {
			status = STATUS_FAIL;
			continue;
		}
		r = sh_file_stat(path, &st);
		if (r < 0) {
			status = flint_fail(io, "stat", argv[i], r);
			continue;
		}
		out_printf(io->out, "%s\n  type %s  size %" PRIu64 "  mode %04o"
			   "  links %u  id %" PRIu64 "\n", path,
			   type_name(st.type), st.size, st.mode & SH_MODE_MASK,
			   st.nlink, st.id);
		print_time(io, "modified", st.mtime);
		print_time(io, "accessed", st.atime);
		print_time(io, "changed ", st.ctime);
		/* a scheme's root: the file system's state too (unclean after a
		 * crash, read-only, damaged), when the scheme is one */
		if (strcmp(strchr(path, ':'), ":/") == 0) {
			struct sh_statfs sf;

			if (sh_file_statfs(path, &sf) == 0)
				out_printf(io->out, "  file system %.12s, %s%s%s\n",
					   sf.type[0] ? sf.type : "?",
					   (sf.flags & SH_FS_UNCLEAN) ?
					   "not cleanly unmounted" : "clean",
					   (sf.flags & SH_FS_RDONLY) ? ", read-only" : "",
					   (sf.flags & SH_FS_ERRORS) ?
					   ", errors found (see the log)" : "");
		}
	}
	return status;
}

int cmd_cd(int argc, char **argv, struct io *io)
{
	char path[FPATH_MAX];
	const char *arg = argc > 1 ? argv[1] : flint.home;
	int r;

	if (argc > 2)
		return flint_usage(io, "cd");
	if (!arg[0])
		return flint_failmsg(io, "cd", "no directory to go to");
	if (flint_path(io, "cd", arg, path) < 0)
		return STATUS_FAIL;
	r = sh_file_chdir(path);
	if (r < 0)
		return flint_fail(io, "cd", arg, r);
	return 0;
}

int cmd_pwd(int argc, char **argv, struct io *io)
{
	(void)argv;
	if (argc > 1)
		return flint_usage(io, "pwd");
	char cwd[FPATH_MAX];

	if (!flint_cwd(cwd))
		return flint_failmsg(io, "pwd", "no current directory");
	out_printf(io->out, "%s\n", cwd);
	return 0;
}
