/* Text in, text out: echo, hexdump, grep, wc, head, tail.  The last three read their
 * files, or the piped input when they are given none. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <shale/errors.h>

#include "cmds.h"

int cmd_echo(int argc, char **argv, struct io *io)
{
	int first = 1, newline = 1;

	if (argc > 1 && strcmp(argv[1], "-n") == 0) {
		newline = 0;
		first = 2;
	}
	for (int i = first; i < argc; i++) {
		if (i > first)
			out_write(io->out, " ", 1);
		out_puts(io->out, argv[i]);
	}
	if (newline)
		out_write(io->out, "\n", 1);
	return 0;
}

typedef int (*text_fn)(struct io *io, const char *data, size_t len,
		       const char *name, void *arg);

/* Calls fn on each file argv[first..] in turn, or on the piped input. */
static int each_input(int argc, char **argv, int first, struct io *io,
		      text_fn fn, void *arg)
{
	int status = 0;

	if (first >= argc) {
		if (!io->in)
			return flint_usage(io, argv[0]);
		return fn(io, io->in, io->in_len, NULL, arg);
	}
	for (int i = first; i < argc; i++) {
		char path[FPATH_MAX];
		char *data;
		size_t len;
		int r;

		if (flint_path(io, argv[0], argv[i], path) < 0) {
			status = STATUS_FAIL;
			continue;
		}
		r = file_slurp(path, &data, &len);
		if (r < 0) {
			status = flint_fail(io, argv[0], argv[i], r);
			continue;
		}
		r = fn(io, data, len, argv[i], arg);
		free(data);
		if (r)
			status = r;
		if (r == STATUS_INTR)
			break;
	}
	return status;
}

static int hexdump_fn(struct io *io, const char *data, size_t len,
		      const char *name, void *arg)
{
	(void)name;
	(void)arg;
	for (size_t off = 0; off < len; off += 16) {
		char line[80];
		size_t n = len - off < 16 ? len - off : 16, p;

		p = (size_t)snprintf(line, sizeof(line), "%08zx ", off);
		for (size_t k = 0; k < 16; k++) {
			if (k == 8)
				line[p++] = ' ';
			if (k < n)
				p += (size_t)snprintf(line + p, sizeof(line) - p,
					" %02x", (unsigned char)data[off + k]);
			else
				p += (size_t)snprintf(line + p, sizeof(line) - p,
						      "   ");
		}
		line[p++] = ' ';
		line[p++] = ' ';
		line[p++] = '|';
		for (size_t k = 0; k < n; k++) {
			unsigned char c = (unsigned char)data[off + k];

			line[p++] = c >= 0x20 && c < 0x7f ? (char)c : '.';
		}
		line[p++] = '|';
		line[p++] = '\n';
		out_write(io->out, line, p);
		if ((off & 0x3ff) == 0x3f0 && flint_interrupted(io))
			return STATUS_INTR;
	}
	if (len)
		out_printf(io->out, "%08zx\n", len);
	return 0;
}

int cmd_hexdump(int argc, char **argv, struct io *io)
{
	return each_input(argc, argv, 1, io, hexdump_fn, NULL);
}

struct grep_arg {
	const char *text;
	int found;
};

static int grep_fn(struct io *io, const char *data, size_t len,
		   const char *name, void *arg)
{
	struct grep_arg *g = arg;
	size_t tl = strlen(g->text), s = 0;

	(void)name;
	while (s < len) {
		const char *nl = memchr(data + s, '\n', len - s);
		size_t e = nl ? (size_t)(nl - data) : len;

		for (size_t k = s; k + tl <= e; k++) {
			if (memcmp(data + k, g->text, tl) == 0) {
				out_write(io->out, data + s, e - s);
				out_write(io->out, "\n", 1);
				g->found = 1;
				break;
			}
		}
		s = e + 1;
	}
	return 0;
}

int cmd_grep(int argc, char **argv, struct io *io)
{
	struct grep_arg g = { .found = 0 };
	int r;

	if (argc < 2)
		return flint_usage(io, "grep");
	g.text = argv[1];
	r = each_input(argc, argv, 2, io, grep_fn, &g);
	if (r)
		return r;
	return g.found ? 0 : STATUS_FAIL;	/* nothing found: status 1, no message */
}

static int wc_fn(struct io *io, const char *data, size_t len,
		 const char *name, void *arg)
{
	size_t lines = 0, words = 0;
	int inword = 0;

	(void)arg;
	for (size_t i = 0; i < len; i++) {
		char c = data[i];
		int sp = c == ' ' || c == '\t' || c == '\n' || c == '\r';

		lines += c == '\n';
		if (!sp && !inword)
			words++;
		inword = !sp;
	}
	out_printf(io->out, "%7zu %7zu %7zu%s%s\n", lines, words, len,
		   name ? " " : "", name ? name : "");
	return 0;
}

int cmd_wc(int argc, char **argv, struct io *io)
{
	return each_input(argc, argv, 1, io, wc_fn, NULL);
}

/* head and tail: -n N (default 10), like POSIX; "-N" is accepted too. */
static int lines_arg(int argc, char **argv, long *n, int *first, struct io *io)
{
	char *end;

	*n = 10;
	*first = 1;
	if (argc > 2 && strcmp(argv[1], "-n") == 0) {
		*n = strtol(argv[2], &end, 10);
		*first = 3;
	} else if (argc > 1 && argv[1][0] == '-' && argv[1][1]) {
		*n = strtol(argv[1] + 1, &end, 10);
		*first = 2;
	} else {
		return 0;
	}
	if (*end || *n < 0)
		return flint_usage(io, argv[0]);
	return 0;
}

static int head_fn(struct io *io, const char *data, size_t len,
		   const char *name, void *arg)
{
	long n = *(long *)arg;
	size_t e = 0;

	(void)name;
	while (n > 0 && e < len) {
		const char *nl = memchr(data + e, '\n', len - e);

		e = nl ? (size_t)(nl - data) + 1 : len;
		n--;
	}
	out_write(io->out, data, e);
	return 0;
}

static int tail_fn(struct io *io, const char *data, size_t len,
		   const char *name, void *arg)
{
	long n = *(long *)arg;
	size_t s = len;

	(void)name;
	/* a last line without its newline still counts as a line */
	if (s && data[s - 1] == '\n')
		s--;
	while (n > 0 && s > 0) {
		while (s > 0 && data[s - 1] != '\n')
			s--;
		if (--n > 0 && s > 0)
			s--;
	}
	out_write(io->out, data + s, len - s);
	return 0;
}

int cmd_head(int argc, char **argv, struct io *io)
{
	long n;
	int first, r = lines_arg(argc, argv, &n, &first, io);

	return r ? r : each_input(argc, argv, first, io, head_fn, &n);
}

int cmd_tail(int argc, char **argv, struct io *io)
{
	long n;
	int first, r = lines_arg(argc, argv, &n, &first, io);

	return r ? r : each_input(argc, argv, first, io, tail_fn, &n);
}
