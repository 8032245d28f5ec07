/* The shell channel's BIFs (module shale_tty), behind lib/shale_shell.erl:
 * take/0 hands over the client's next event, put/2 sends it a frame.  The
 * platform carries them (host.h: host_shell_*); on a host there is never
 * a session.  shell_poll, called by the scheduler, wakes the process
 * registered as shale_shell when events wait. */
#include "beam.h"
#include "host.h"
#include <stdlib.h>
#include <string.h>

#define BIF(name) static term name(struct proc *p __attribute__((unused)), \
				   term *a __attribute__((unused)))

/* Typed input comes in pieces of at most this many bytes. */
#define SHELL_TAKE_MAX 4096

static term atom_of(const char *s)
{
	return atom_intern(s, strlen(s));
}

void shell_poll(void)
{
	if (!host_shell_pending())
		return;
	proc_send_to(atom_of("shale_shell"), atom_of("shale_tty"));
}

/* shale_tty:take() -> none | {open, Path} | close | {data, Binary} */
BIF(b_tty_take)
{
	static uint8_t buf[SHELL_TAKE_MAX];
	size_t len = 0;
	switch (host_shell_take(buf, sizeof buf, &len)) {
	case SHELL_EV_OPEN:
		return tuple2(p, atom_of("open"), bin_new(p, buf, len));
	case SHELL_EV_CLOSE:
		return atom_of("close");
	case SHELL_EV_DATA:
		return tuple2(p, atom_of("data"), bin_new(p, buf, len));
	default:
		return atom_of("none");
	}
}

/* shale_tty:put(output | prompt | 'end', IoData) -> ok | {error, closed} */
BIF(b_tty_put)
{
	int kind;
	if (a[0] == atom_of("output"))
		kind = 'o';
	else if (a[0] == atom_of("prompt"))
		kind = 'p';
	else if (a[0] == atom_of("end"))
		kind = 'x';
	else
		return BADARG(p);
	size_t n;
	uint8_t *d = iolist_flatten(a[1], &n);
	if (!d)
		return BADARG(p);
	int r = host_shell_put(kind, d, n);
	free(d);
	return r == 0 ? ATOM(ok) : tuple2(p, ATOM(error), atom_of("closed"));
}

const struct bif_def bifs_shell[] = {
	{"shale_tty", "take", 0, b_tty_take},
	{"shale_tty", "put", 2, b_tty_put},
	{NULL, NULL, 0, NULL},
};
