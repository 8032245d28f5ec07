/* The shell's own commands: help, run (scripts), history, true, false,
 * sleep. */
#include <stdlib.h>
#include <string.h>

#include <shale.h>

#include "cmds.h"
#include "silo_cmds.h"
#include "suggest.h"
#include "term.h"

int cmd_help(int argc, char **argv, struct io *io)
{
	const struct cmd *c;

	if (argc == 1) {
		out_puts(io->out, "Commands (help COMMAND says more; paths are "
			 "scheme:/path or relative to cd):\n");
		for (size_t i = 0; i < cmd_count; i++)
			out_printf(io->out, "  %-26s %s\n", cmd_table[i].usage,
				   cmd_table[i].help);
		out_puts(io->out, "Lines: 'quotes', \"quotes\", \\ escapes, "
			 "# comments, $? (last status), > and >> files, | "
			 "pipes.\n");
		return 0;
	}
	if (argc > 2)
		return flint_usage(io, "help");
	c = cmd_find(argv[1]);
	if (!c) {
		const char *near = suggest_nearest(argv[1], cmd_names(),
						   cmd_count);

		if (near)
			return flint_failmsg(io, "help", "%s: no such command "
					     "(did you mean '%s'?)", argv[1],
					     near);
		return flint_failmsg(io, "help", "%s: no such command", argv[1]);
	}
	out_printf(io->out, "usage: %s\n  %s\n", c->usage, c->help);
	if (c->fn == cmd_silo)
		silo_help(io);
	return 0;
}

int cmd_run(int argc, char **argv, struct io *io)
{
	char path[FPATH_MAX];
	char *data;
	size_t len, s = 0;
	int r, lineno = 0, status = 0;

	if (argc != 2)
		return flint_usage(io, "run");
	if (flint.depth >= FLINT_DEPTH_MAX)
		return flint_failmsg(io, "run", "%s: scripts nested more than "
				     "%d deep", argv[1], FLINT_DEPTH_MAX);
	if (flint_path(io, "run", argv[1], path) < 0)
		return STATUS_FAIL;
	r = file_slurp(path, &data, &len);
	if (r < 0)
		return flint_fail(io, "run", argv[1], r);
	flint.depth++;
	while (s < len) {
		const char *nl = memchr(data + s, '\n', len - s);
		size_t e = nl ? (size_t)(nl - data) : len, n = e - s;

		lineno++;
		if (n && data[s + n - 1] == '\r')
			n--;
		status = flint_run_line(data + s, n, io->out);
		if (status) {
			flint_failmsg(io, "run", "%s:%d: failed (status %d)",
				      argv[1], lineno, status);
			break;
		}
		if (term_interrupted()) {
			out_puts(io->err, "^C\n");
			status = STATUS_INTR;
			break;
		}
		s = e + 1;
	}
	flint.depth--;
	free(data);
	return status;
}

int cmd_history(int argc, char **argv, struct io *io)
{
	(void)argv;
	if (argc > 1)
		return flint_usage(io, "history");
	for (unsigned i = flint.hist.count; i-- > 0;)
		out_printf(io->out, "%4u  %s\n", flint.hist.count - i,
			   history_get(&flint.hist, i));
	return 0;
}

int cmd_true(int argc, char **argv, struct io *io)
{
	(void)argc;
	(void)argv;
	(void)io;
	return 0;
}

int cmd_false(int argc, char **argv, struct io *io)
{
	(void)argc;
	(void)argv;
	(void)io;
	return STATUS_FAIL;
}

int cmd_sleep(int argc, char **argv, struct io *io)
{
	char *end;
	unsigned long ms;
	uint64_t until;

	if (argc != 2)
		return flint_usage(io, "sleep");
	ms = strtoul(argv[1], &end, 10);
	if (!argv[1][0] || *end || ms > 86400000ul)
		return flint_failmsg(io, "sleep", "%s: not a number of "
				     "milliseconds", argv[1]);
	until = (uint64_t)sh_clock() + (uint64_t)ms * 1000000u;
	while ((uint64_t)sh_clock() < until) {
		uint64_t left = until - (uint64_t)sh_clock();

		if (flint_interrupted(io))
			return STATUS_INTR;
		sh_sleep(left < 50000000u ? left : 50000000u);
	}
	return 0;
}
