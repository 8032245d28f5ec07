/* File systems as wholes: df and sync.  Both ask every scheme in flint's
 * namespace (STATFS, SYNC on its root); a scheme that is not a file
 * system answers -SH_ENOTSUP (or cannot be opened) and is passed over, so
 * neither needs to know which schemes are file systems. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <shale.h>
#include <shale/errors.h>
#include <shale/file.h>

#include "cmds.h"

/* Not file systems, whatever they answer: silod's control endpoint. */
static int skip_scheme(const char *name)
{
	return strcmp(name, "silo") == 0;
}

/* An answer that means "not a file system". */
static int not_fs(int r)
{
	return r == -SH_ENOTSUP || r == -SH_ENOSYS || r == -SH_ENOENT;
}

static const char *fs_state(uint32_t flags, char *buf, size_t cap)
{
	snprintf(buf, cap, "%s%s%s", (flags & SH_FS_UNCLEAN) ? "unclean" : "clean",
		 (flags & SH_FS_RDONLY) ? ",read-only" : "",
		 (flags & SH_FS_ERRORS) ? ",errors" : "");
	return buf;
}

int cmd_df(int argc, char **argv, struct io *io)
{
	const struct ns_table *t = sh_ns();
	int status = 0, shown = 0;

	(void)argv;
	if (argc > 1)
		return flint_usage(io, "df");
	for (uint32_t i = 0; i < t->count; i++) {
		const char *name = t->entries[i].name;
		char root[SH_SCHEME_NAME_MAX + 3], state[32];
		struct sh_statfs sf;
		int r;

		if (skip_scheme(name))
			continue;
		snprintf(root, sizeof(root), "%s:/", name);
		r = sh_file_statfs(root, &sf);
		if (not_fs(r))
			continue;
		if (r < 0) {
			status = flint_fail(io, "df", root, r);
			continue;
		}
		if (!shown++)
			out_printf(io->out, "%-8s %-6s %6s %10s %10s %10s %9s %9s "
				   "%9s  %s\n", "scheme", "type", "bsize",
				   "blocks", "used", "free", "inodes", "iused",
				   "ifree", "state");
		out_printf(io->out, "%-8s %-6.12s %6" PRIu64 " %10" PRIu64 " %10"
			   PRIu64 " %10" PRIu64 " %9" PRIu64 " %9" PRIu64 " %9"
			   PRIu64 "  %s\n", root, sf.type[0] ? sf.type : "?",
			   sf.bsize, sf.blocks,
			   sf.blocks >= sf.bfree ? sf.blocks - sf.bfree : 0,
			   sf.bfree, sf.files,
			   sf.files >= sf.ffree ? sf.files - sf.ffree : 0,
			   sf.ffree, fs_state(sf.flags, state, sizeof(state)));
	}
	if (!shown && !status)
		return flint_failmsg(io, "df", "no file system in flint's "
				     "namespace");
	return status;
}

int cmd_sync(int argc, char **argv, struct io *io)
{
	const struct ns_table *t = sh_ns();
	int status = 0, done = 0;

	(void)argv;
	if (argc > 1)
		return flint_usage(io, "sync");
	for (uint32_t i = 0; i < t->count; i++) {
		const char *name = t->entries[i].name;
		char root[SH_SCHEME_NAME_MAX + 3];
		int fd, r;

		if (skip_scheme(name))
			continue;
		snprintf(root, sizeof(root), "%s:/", name);
		fd = sh_file_open(root, 0, 0);
		if (fd < 0) {
			if (!not_fs(fd))
				status = flint_fail(io, "sync", root, fd);
			continue;
		}
		r = sh_file_syncfs(fd);
		sh_file_close(fd);
		if (not_fs(r))
			continue;
		if (r < 0)
			status = flint_fail(io, "sync", root, r);
		else
			done++;
	}
	if (!done && !status)
		return flint_failmsg(io, "sync", "no file system in flint's "
				     "namespace");
	return status;
}
