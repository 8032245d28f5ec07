/* Distribution BIFs: erlang:node/0,1, nodes/0, is_alive/0,
 * monitor_node/2 as a distributed node answers them, and the module
 * shale_dist's primitives for the carrier (lib/shale_dist.erl): setting
 * the node's name, delivering exit signals and DOWNs from other nodes,
 * and TCP (module shale_dsock) over sock.h.  Registered after bif_proc.c's
 * table, so these node/0 etc. replace its single-node ones. */
#include "beam.h"
#include "dist.h"
#include "sock.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define BIF(name) static term name(struct proc *p __attribute__((unused)), \
				   term *a __attribute__((unused)))

#define DIST_MAX_NODES 256
#define SOCK_RECV_MAX (256u << 10)

static term connected[DIST_MAX_NODES];
static size_t nconnected;

static term atom_of(const char *s)
{
	return atom_intern(s, strlen(s));
}

BIF(b_node0) { return dist_local_node(); }
BIF(b_node1)
{
	if (!is_pid(a[0]) && !is_port(a[0]) && !is_ref(a[0]))
		return BADARG(p);
	return dist_node_of(a[0]);
}
BIF(b_is_alive) { return BOOL_T(dist_local_node() != ATOM(nonode)); }
BIF(b_nodes0)
{
	term l = NIL;
	for (size_t i = nconnected; i-- > 0;)
		l = cons(p, connected[i], l);
	return l;
}

/* monitor_node(Node, Flag): the carrier keeps the monitors (it answers
 * nodedown when it cannot reach Node); a node that is not distributed
 * raises notalive, as erl's does, checking in erl's order. */
BIF(b_monitor_node)
{
	if (!is_atom(a[0]))
		return BADARG(p);
	if (dist_local_node() == ATOM(nonode) && a[0] != ATOM(nonode))
		return raise_error(p, atom_of("notalive"));
	if (a[1] != TRUE_T && a[1] != FALSE_T)
		return BADARG(p);
	if (a[0] == dist_local_node())
		return TRUE_T;
	term w = proc_whereis(atom_of("shale_dist"));
	if (w == ATOM(undefined)) {
		if (a[1] == TRUE_T)
			proc_send(p, tuple2(p, atom_of("nodedown"), a[0]));
		return TRUE_T;
	}
	dist_hand_over(atom_of("$dist_monitor_node"), p->pid,
		       tuple2(p, a[0], a[1]));
	return TRUE_T;
}

/* shale_dist:set_node(Node, Creation): this node's name from now on. */
BIF(b_set_node)
{
	if (!is_atom(a[0]) || !is_small(a[1]) || small_val(a[1]) < 0 ||
	    small_val(a[1]) > 0xFFFFFFFFll)
		return BADARG(p);
	dist_set_local(a[0], (uint32_t)small_val(a[1]));
	return ATOM(ok);
}

/* shale_dist:set_nodes([Node]): the connected nodes, for nodes/0. */
BIF(b_set_nodes)
{
	size_t n = 0;
	term l;
	for (l = a[0]; is_list(l) && n < DIST_MAX_NODES; l = CDR(l), n++)
		if (!is_atom(CAR(l)))
			return BADARG(p);
	if (l != NIL)
		return BADARG(p);
	n = 0;
	for (l = a[0]; is_list(l); l = CDR(l))
		connected[n++] = CAR(l);
	nconnected = n;
	return ATOM(ok);
}

/* shale_dist:exit_signal(From, To, Reason): an exit signal from a
 * process of another node to a local one (a broken link, exit/2). */
BIF(b_exit_signal)
{
	if (!is_pid(a[0]) || !is_pid(a[1]))
		return BADARG(p);
	struct proc *to = proc_find_pid(a[1]);
	if (!to || to->state == PS_DEAD || to->state == PS_EXITING)
		return ATOM(ok);
	if (to->trap_exit && a[2] != ATOM(kill)) {
		term tmp[4] = { make_header(3, HK_TUPLE), ATOM(EXIT), a[0], a[2] };
		proc_send(to, make_boxed(tmp));
		return ATOM(ok);
	}
	if (a[2] == ATOM(normal))
		return ATOM(ok);
	/* the victim ends as if it had exited itself with the reason */
	proc_signal_exit(to, to, a[2] == ATOM(kill) ? ATOM(killed) : a[2], false);
	return ATOM(ok);
}

/* shale_dist:remote_monitor(Target): a monitor on a process of another
 * node ({Name, Node} or a remote pid), kept by the carrier; DOWN with
 * noconnection at once when no carrier runs. */
term dist_monitor(struct proc *p, term target)
{
	term ref = make_ref(p);
	term w = proc_whereis(atom_of("shale_dist"));
	if (w == ATOM(undefined)) {
		term down[6] = { make_header(5, HK_TUPLE), ATOM(DOWN), ref,
				 ATOM(process), target, atom_of("noconnection") };
		proc_send(p, make_boxed(down));
		return ref;
	}
	dist_hand_over(atom_of("$dist_monitor"), tuple2(p, p->pid, ref), target);
	return ref;
}

static uint32_t ip_of(term t, bool *ok)
{
	*ok = is_tuple(t) && tuple_arity(t) == 4;
	uint32_t ip = 0;
	for (size_t i = 0; *ok && i < 4; i++) {
		term b = tuple_elems(t)[i];
		*ok = is_small(b) && small_val(b) >= 0 && small_val(b) <= 255;
		ip = ip << 8 | (uint32_t)(*ok ? small_val(b) : 0);
	}
	return ip;
}

static term sock_error(struct proc *p, long err)
{
	const char *s = err == -ECONNREFUSED ? "econnrefused"
		      : err == -EADDRINUSE ? "eaddrinuse"
		      : err == -ENOSYS ? "enotsup"
		      : err == -ECONNRESET || err == -EPIPE ? "closed" : "einval";
	return tuple2(p, ATOM(error), atom_of(s));
}

/* shale_dsock:listen(Ip, Port) -> {ok, Fd, BoundPort} | {error, Why} */
BIF(b_sock_listen)
{
	bool ok;
	uint32_t ip = ip_of(a[0], &ok);
	if (!ok || !is_small(a[1]) || small_val(a[1]) < 0 || small_val(a[1]) > 65535)
		return BADARG(p);
	int bound = 0;
	int fd = sock_listen(ip, (int)small_val(a[1]), &bound);
	if (fd < 0)
		return sock_error(p, fd);
	return tuple3(p, ATOM(ok), make_small(fd), make_small(bound));
}

/* shale_dsock:accept(Fd) -> {ok, Fd} | again | {error, Why} */
BIF(b_sock_accept)
{
	if (!is_small(a[0]))
		return BADARG(p);
	int c = sock_accept((int)small_val(a[0]));
	if (c == -EAGAIN)
		return atom_of("again");
	if (c < 0)
		return sock_error(p, c);
	return tuple2(p, ATOM(ok), make_small(c));
}

/* shale_dsock:connect(Ip, Port) -> {ok, Fd} | {error, Why} */
BIF(b_sock_connect)
{
	bool ok;
	uint32_t ip = ip_of(a[0], &ok);
	if (!ok || !is_small(a[1]) || small_val(a[1]) <= 0 || small_val(a[1]) > 65535)
		return BADARG(p);
	int fd = sock_connect(ip, (int)small_val(a[1]));
	if (fd < 0)
		return sock_error(p, fd);
	return tuple2(p, ATOM(ok), make_small(fd));
}

/* shale_dsock:send(Fd, IoData) -> ok | {error, Why} */
BIF(b_sock_send)
{
	if (!is_small(a[0]))
		return BADARG(p);
	size_t n;
	uint8_t *buf = iolist_flatten(a[1], &n);
	if (!buf)
		return BADARG(p);
	int r = sock_send((int)small_val(a[0]), buf, n);
	free(buf);
	return r < 0 ? sock_error(p, r) : ATOM(ok);
}

/* shale_dsock:recv(Fd) -> {ok, Bin} | again | closed */
BIF(b_sock_recv)
{
	if (!is_small(a[0]))
		return BADARG(p);
	uint8_t *buf = malloc(SOCK_RECV_MAX);
	if (!buf)
		return BADARG(p);
	long r = sock_recv((int)small_val(a[0]), buf, SOCK_RECV_MAX);
	term out;
	if (r == -EAGAIN)
		out = atom_of("again");
	else if (r <= 0)
		out = atom_of("closed");
	else
		out = tuple2(p, ATOM(ok), bin_new(p, buf, (size_t)r));
	free(buf);
	return out;
}

BIF(b_sock_close)
{
	if (!is_small(a[0]))
		return BADARG(p);
	sock_close((int)small_val(a[0]));
	return ATOM(ok);
}

const struct bif_def bifs_dist[] = {
	{"erlang", "node", 0, b_node0}, {"erlang", "node", 1, b_node1},
	{"erlang", "is_alive", 0, b_is_alive}, {"erlang", "nodes", 0, b_nodes0},
	{"erlang", "monitor_node", 2, b_monitor_node},
	{"shale_dist", "set_node", 2, b_set_node},
	{"shale_dist", "set_nodes", 1, b_set_nodes},
	{"shale_dist", "exit_signal", 3, b_exit_signal},
	{"shale_dsock", "listen", 2, b_sock_listen},
	{"shale_dsock", "accept", 1, b_sock_accept},
	{"shale_dsock", "connect", 2, b_sock_connect},
	{"shale_dsock", "send", 2, b_sock_send},
	{"shale_dsock", "recv", 1, b_sock_recv},
	{"shale_dsock", "close", 1, b_sock_close},
	{NULL, NULL, 0, NULL}
};
