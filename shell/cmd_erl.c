/* erl: an Erlang shell in the erlang silo, reached through its erl:
 * scheme (frames described in silos/erlang/README.md).  The silo prints
 * and prompts; flint edits the lines (its own editor, with a history of
 * their own) and sends them.  q(). in the shell, or Ctrl-D on an empty
 * line, comes back to flint; the silo goes on running.
 * erl -run MOD FUN [ARG...] calls MOD:FUN() (or FUN([ARG...]) with the
 * arguments as strings) in the silo and returns its status: 0 when it
 * returned, 1 when it raised. */
#include <string.h>

#include <shale/errors.h>
#include <shale/scheme.h>
#include <shale/file.h>

#include "cmds.h"
#include "term.h"

#define ERL_PATH	"erl:/shell"
#define ERL_RUN_PATH	"erl:/run"
#define ERL_PROMPT_MAX	128

static void erl_edit_write(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	term_write(s, n);
}

static const struct edit_ops erl_edit_ops = { .write = erl_edit_write };

static struct edit erl_ed;
static struct history erl_hist;
static char erl_frame[SH_READ_MAX];
static char erl_prompt[ERL_PROMPT_MAX + 1];

/* Reads one line at prompt p and sends it.  Returns 1 to go on, 0 when
 * the user typed Ctrl-D on an empty line, or -SH_E*. */
static int erl_line(int fd, const char *p, size_t n)
{
	if (n > ERL_PROMPT_MAX)
		n = ERL_PROMPT_MAX;
	memcpy(erl_prompt, p, n);
	erl_prompt[n] = '\0';
	edit_begin(&erl_ed, erl_prompt);
	for (;;) {
		int c = term_getc();
		if (c < 0)
			return c;
		if (c == 4 && erl_ed.len == 0) {
			term_write("\r\n", 2);
			return 0;
		}
		int st = edit_feed(&erl_ed, (unsigned char)c);
		if (st == EDIT_CANCEL) {
			edit_begin(&erl_ed, erl_prompt);
		} else if (st == EDIT_LINE) {
			history_add(&erl_hist, erl_ed.buf, erl_ed.len);
			erl_ed.buf[erl_ed.len] = '\n';
			int64_t w = sh_file_write(fd, erl_ed.buf, erl_ed.len + 1);
			erl_ed.buf[erl_ed.len] = '\0';
			return w < 0 ? (int)w : 1;
		}
	}
}

/* erl -run's request: the words, each ended by a NUL.  Returns its
 * length, or -1 if it does not fit in buf. */
static int erl_run_request(int argc, char **argv, char *buf, size_t cap)
{
	size_t n = 0;
	for (int i = 2; i < argc; i++) {
		size_t w = strlen(argv[i]) + 1;
		if (n + w > cap)
			return -1;
		memcpy(buf + n, argv[i], w);
		n += w;
	}
	return (int)n;
}

int cmd_erl(int argc, char **argv, struct io *io)
{
	static int ready;
	int status = 0, run = argc >= 4 && strcmp(argv[1], "-run") == 0;
	char last = '\n';	/* the last byte of output */
	const char *path = run ? ERL_RUN_PATH : ERL_PATH;

	if (argc != 1 && !run)
		return flint_usage(io, "erl");
	if (!ready) {
		history_init(&erl_hist);
		edit_init(&erl_ed, &erl_edit_ops, &erl_hist);
		ready = 1;
	}
	int fd = sh_file_open(path, SH_O_READ | SH_O_WRITE, 0);
	if (fd < 0)
		return flint_fail(io, "erl", path, fd);
	if (run) {
		int n = erl_run_request(argc, argv, erl_frame, sizeof erl_frame);
		int64_t w = n < 0 ? -SH_E2BIG : sh_file_write(fd, erl_frame, (size_t)n);
		if (w < 0) {
			sh_file_close(fd);
			return flint_fail(io, "erl", path, (int)w);
		}
	}
	for (;;) {
		int64_t n = sh_file_read(fd, erl_frame, sizeof erl_frame);
		if (n < 0) {
			status = flint_fail(io, "erl", path, (int)n);
			break;
		}
		if (n == 0)
			break;
		if (erl_frame[0] == 'x') {
			/* the session ended: q(), or a run's status digit */
			if (n > 1 && erl_frame[1] >= '0' && erl_frame[1] <= '9')
				status = erl_frame[1] - '0';
			break;
		}
		if (erl_frame[0] == 'o') {
			out_write(io->out, erl_frame + 1, (size_t)n - 1);
			if (n > 1)
				last = erl_frame[n - 1];
			term_flush();	/* shown now, not at the next prompt */
			continue;
		}
		if (erl_frame[0] != 'p')
			continue;		/* a kind this flint does not know */
		int r = erl_line(fd, erl_frame + 1, (size_t)n - 1);
		if (r < 0) {
			status = flint_fail(io, "erl", path, r);
			break;
		}
		if (r == 0)
			break;
	}
	sh_file_close(fd);
	if (run && last != '\n')
		out_write(io->out, "\n", 1);	/* flint's prompt on a line of its own */
	return status;
}
