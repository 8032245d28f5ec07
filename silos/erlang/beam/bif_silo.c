/* Silo control's BIFs (module shale_siloctl), behind lib/shale_silo.erl:
 * silod's LIST, START, STOP, KILL and RESTART, and its event feed.  The
 * platform carries the calls (host.h: host_silo_*; on a host every one is
 * enosys).  silo_poll, called by the scheduler, tells the process
 * registered as shale_silo that events wait; it takes them with take/0. */
#include "beam.h"
#include "host.h"
#include <shale/errors.h>
#include <stdlib.h>
#include <string.h>

#define BIF(name) static term name(struct proc *p __attribute__((unused)), \
				   term *a __attribute__((unused)))

/* Silos one LIST answer can name (silod keeps far fewer). */
#define LIST_MAX 64
/* Bytes of a manifest path or silo name, and of silod's message. */
#define WHAT_MAX 256
#define MSG_MAX 512

static term atom_of(const char *s)
{
	return atom_intern(s, strlen(s));
}

/* -SH_ENOENT -> enoent: the error's name from errors.def, lower case. */
static term err_atom(int64_t e)
{
	static const struct { int n; const char *name; } names[] = {
#define X(name, num, msg) { num, #name },
#include <shale/errors.def>
#undef X
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i].n == -e) {
			char buf[32];
			size_t n = strlen(names[i].name);
			if (n >= sizeof buf)
				n = sizeof buf - 1;
			for (size_t j = 0; j < n; j++)
				buf[j] = (char)(names[i].name[j] | 0x20);
			return atom_intern(buf, n);
		}
	return atom_of("unknown");
}

void silo_poll(void)
{
	if (!host_silo_pending())
		return;
	proc_send_to(atom_of("shale_silo"), atom_of("shale_silo_event"));
}

/* shale_siloctl:list() -> [{Name, Id, State, Restarts, Programs, Policy}]
 *   | {error, Code}: every silo silod knows, in start order. */
BIF(b_silo_list)
{
	static struct host_silo s[LIST_MAX];
	int n = host_silo_list(s, LIST_MAX);
	if (n < 0)
		return tuple2(p, ATOM(error), err_atom(n));
	if (n > LIST_MAX)
		n = LIST_MAX;
	term l = NIL;
	for (int i = n - 1; i >= 0; i--) {
		term t = make_tuple(p, 6);
		term *e = tuple_elems(t);
		e[0] = atom_of(s[i].name);
		e[1] = int_from_u64(p, s[i].id);
		e[2] = int_from_u64(p, s[i].state);
		e[3] = int_from_u64(p, s[i].restarts);
		e[4] = int_from_u64(p, s[i].nprocs);
		e[5] = int_from_u64(p, s[i].policy);
		l = cons(p, t, l);
	}
	return l;
}

/* shale_siloctl:ctl(start | stop | kill | restart, What) -> {ok, N}
 *   | {error, Code, Message}: What is a manifest's path (start) or a
 * silo's name (iodata); Message is silod's (a binary, maybe empty). */
BIF(b_silo_ctl)
{
	static const char *const ops[] = { [HOST_SILO_START] = "start",
		[HOST_SILO_STOP] = "stop", [HOST_SILO_KILL] = "kill",
		[HOST_SILO_RESTART] = "restart" };
	int op = -1;
	for (int i = 0; i < 4; i++)
		if (a[0] == atom_of(ops[i]))
			op = i;
	if (op < 0)
		return BADARG(p);
	char what[WHAT_MAX], msg[MSG_MAX];
	if (is_atom(a[1])) {
		size_t n;
		const char *s = atom_text(a[1], &n);
		if (n >= sizeof what)
			return BADARG(p);
		memcpy(what, s, n);
		what[n] = 0;
	} else {
		size_t n;
		uint8_t *d = iolist_flatten(a[1], &n);
		if (!d)
			return BADARG(p);
		if (n == 0 || n >= sizeof what || memchr(d, 0, n)) {
			free(d);
			return BADARG(p);
		}
		memcpy(what, d, n);
		what[n] = 0;
		free(d);
	}
	int64_t r = host_silo_ctl(op, what, msg, sizeof msg);
	if (r < 0)
		return tuple3(p, ATOM(error), err_atom(r),
			      bin_new(p, msg, strlen(msg)));
	return tuple2(p, ATOM(ok), int_from_i64(p, r));
}

/* shale_siloctl:watch() -> ok | {error, Code}: follow silod's events
 * from now on (silo_poll then signals shale_silo). */
BIF(b_silo_watch)
{
	int r = host_silo_watch();
	return r < 0 ? tuple2(p, ATOM(error), err_atom(r)) : ATOM(ok);
}

/* shale_siloctl:take() -> [{Seq, Name, Kind, Reason, Code, Pid, Addr}]:
 * the events that arrived, oldest first (silo_ctl.h's numbers). */
BIF(b_silo_take)
{
	struct host_silo_event ev;
	term head = NIL, *tail = &head;
	while (host_silo_take(&ev)) {
		term t = make_tuple(p, 7);
		term *e = tuple_elems(t);
		e[0] = int_from_u64(p, ev.seq);
		e[1] = atom_of(ev.silo);
		e[2] = int_from_u64(p, ev.kind);
		e[3] = int_from_u64(p, ev.reason);
		e[4] = int_from_i64(p, ev.code);
		e[5] = int_from_u64(p, ev.pid);
		e[6] = int_from_u64(p, ev.addr);
		term c = cons(p, t, NIL);
		*tail = c;
		tail = &list_ptr(c)[1];
	}
	return head;
}

const struct bif_def bifs_silo[] = {
	{"shale_siloctl", "list", 0, b_silo_list},
	{"shale_siloctl", "ctl", 2, b_silo_ctl},
	{"shale_siloctl", "watch", 0, b_silo_watch},
	{"shale_siloctl", "take", 0, b_silo_take},
	{NULL, NULL, 0, NULL},
};
