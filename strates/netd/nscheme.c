/* net:, the scheme: paths to sockets, and requests that wait.
 *
 *   net:if  net:arp  net:tcp          text (snapshots taken at open)
 *   net:tcp/A.B.C.D:PORT              connect; read/write the stream
 *   net:tcp/listen/PORT               listen while this file is open
 *   net:tcp/listen/PORT/accept        opening it waits for a connection
 *                                     of that listener and gives it
 *   net:udp/A.B.C.D:PORT              one datagram per read/write
 *   net:icmp/ping/A.B.C.D             write: an echo request; read: a line
 *   net:ctl                           "timeout MS" / "timeout off": this
 *                                     client's reads end after MS
 *
 * A read with nothing to return and a write that does not fit are kept
 * (SCHEME_DEFER), at most one of each per file, and tried again after
 * each received batch and timer tick; closing the file ends them with
 * -SH_EINTR.  Opening `accept` takes the oldest established connection
 * of the listener; with none queued the OPEN itself is kept (the library
 * reserves the fid) and answered once one is, so the file opened is
 * always a connection.  A kept accept ends with -SH_ENOENT if its
 * listener closes, -SH_EINTR if its client goes.  A listener's
 * connections go only to the badge that opened it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <shale/errors.h>

#include "netd.h"

#define BACKLOG 16u

enum nkind { NK_ROOT = 1, NK_TEXT, NK_TCP, NK_LISTEN, NK_ACCEPT, NK_UDP,
	     NK_PING, NK_CTL };

/* A client's read timeout (net:ctl "timeout MS"): a kept read of that
 * badge ends with -SH_ETIMEDOUT after it, so a shell can look for ^C
 * between tries.  0: reads wait for ever (the default). */
#define TIMEOUT_CLIENTS 16u
static struct {
	uint64_t badge;
	uint64_t ms;
	uint64_t stamp;
} timeouts[TIMEOUT_CLIENTS];
static uint64_t timeout_stamp;

static uint64_t timeout_of(uint64_t badge)
{
	for (uint32_t i = 0; i < TIMEOUT_CLIENTS; i++)
		if (timeouts[i].ms && timeouts[i].badge == badge)
			return timeouts[i].ms;
	return 0;
}

static void timeout_set(uint64_t badge, uint64_t ms)
{
	uint32_t k = 0;

	for (uint32_t i = 0; i < TIMEOUT_CLIENTS; i++) {
		if (timeouts[i].ms && timeouts[i].badge == badge) {
			k = i;
			break;
		}
		if (timeouts[i].stamp < timeouts[k].stamp)
			k = i;	/* free (stamp 0) or least recently set */
	}
	timeouts[k].badge = badge;
	timeouts[k].ms = ms;
	timeouts[k].stamp = ms ? ++timeout_stamp : 0;
}

struct nfile {
	int kind;
	uint64_t badge;
	struct tcp_conn *tcp;	/* NK_TCP, NK_LISTEN */
	uint16_t port;		/* NK_ACCEPT: the listener's port */
	/* NK_ACCEPT: its OPEN, kept until a connection comes (then NK_TCP) */
	int owait;
	struct scheme_req oreq;
	struct udp_sock *udp;
	struct ping_sock *ping;
	char *text;
	uint32_t tlen;
	/* a kept read and a kept write */
	int rwait, wwait;
	uint64_t rdeadline;	/* us of the clock; 0: none */
	struct scheme_req rreq, wreq;
	uint32_t rcount;
	uint8_t *wdata;
	uint32_t wlen, wdone;
};

static uint8_t scratch[SH_READ_MAX];

/* Parses "A.B.C.D:PORT". */
static int parse_addr_port(const char *s, uint32_t *ip, uint16_t *port)
{
	const char *colon = strrchr(s, ':');
	char *end;
	unsigned long p;

	if (!colon || net_parse_ip(s, (size_t)(colon - s), ip) < 0)
		return -SH_EINVAL;
	p = strtoul(colon + 1, &end, 10);
	if (end == colon + 1 || *end || p == 0 || p > 65535)
		return -SH_EINVAL;
	*port = (uint16_t)p;
	return 0;
}

static int parse_port(const char *s, size_t len, uint16_t *port)
{
	unsigned long p = 0;

	if (len == 0 || len > 5)
		return -SH_EINVAL;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -SH_EINVAL;
		p = p * 10 + (unsigned long)(s[i] - '0');
	}
	if (p == 0 || p > 65535)
		return -SH_EINVAL;
	*port = (uint16_t)p;
	return 0;
}

/* The listener on port opened by badge, or NULL. */
static struct tcp_conn *listener_of(uint16_t port, uint64_t badge)
{
	for (struct tcp_conn *c = netd_stack.tcp; c; c = c->next) {
		struct nfile *o = c->owner;

		if (c->state == TCP_LISTEN && c->lport == port && o &&
		    o->badge == badge)
			return c;
	}
	return NULL;
}

/* Binds an accept file to its listener's oldest queued connection (it is
 * then a connection: NK_TCP).  Returns 1 when bound, 0 to wait, or
 * -SH_ENOENT if the listener is gone. */
static int accept_bind(struct nfile *n)
{
	struct tcp_conn *l = listener_of(n->port, n->badge);

	if (!l)
		return -SH_ENOENT;
	if (tcp_accept(l, &n->tcp) < 0)
		return 0;
	n->tcp->owner = n;
	n->kind = NK_TCP;
	return 1;
}

/* Opens the socket path p for n.  Returns 0, 1 (an accept that waits for
 * a connection) or -SH_E*. */
static int64_t open_sock(struct nfile *n, const char *p)
{
	uint32_t ip;
	uint16_t port;
	int r;

	if (strncmp(p, "tcp/listen/", 11) == 0) {
		const char *q = p + 11, *slash = strchr(q, '/');

		if (parse_port(q, slash ? (size_t)(slash - q) : strlen(q),
			       &port) < 0)
			return -SH_ENOENT;
		if (slash) {
			if (strcmp(slash, "/accept") != 0)
				return -SH_ENOENT;
			if (!listener_of(port, n->badge))
				return -SH_ENOENT;
			n->kind = NK_ACCEPT;
			n->port = port;
			return accept_bind(n) == 1 ? 0 : 1;
		}
		r = tcp_listen(&netd_stack, port, BACKLOG, &n->tcp);
		if (r < 0)
			return r;
		n->kind = NK_LISTEN;
		n->tcp->owner = n;
		return 0;
	}
	if (strncmp(p, "tcp/", 4) == 0) {
		if (parse_addr_port(p + 4, &ip, &port) < 0)
			return -SH_ENOENT;
		r = tcp_connect(&netd_stack, ip, port, &n->tcp);
		if (r < 0)
			return r;
		n->kind = NK_TCP;
		n->tcp->owner = n;
		return 0;
	}
	if (strncmp(p, "udp/", 4) == 0) {
		if (parse_addr_port(p + 4, &ip, &port) < 0)
			return -SH_ENOENT;
		r = udp_open(&netd_stack, ip, port, &n->udp);
		if (r < 0)
			return r;
		n->kind = NK_UDP;
		return 0;
	}
	if (strncmp(p, "icmp/ping/", 10) == 0) {
		if (net_parse_ip(p + 10, strlen(p + 10), &ip) < 0)
			return -SH_ENOENT;
		r = ping_open(&netd_stack, ip, &n->ping);
		if (r < 0)
			return r;
		n->kind = NK_PING;
		return 0;
	}
	return -SH_ENOENT;
}

static int64_t net_open(struct scheme_req *req, const char *path,
			uint32_t flags, uint32_t mode, struct scheme_file *f)
{
	struct nfile *n;
	long len = 0;
	int64_t r;

	(void)mode;
	/* nothing here is created or cut; APPEND means nothing to a socket
	 * but is no reason to refuse one (a shell's >>) */
	if (flags & (SH_O_CREATE | SH_O_TRUNC))
		return -SH_EPERM;
	n = calloc(1, sizeof(*n));
	if (!n)
		return -SH_ENOMEM;
	n->badge = req->badge;
	net_clock(&netd_stack, netd_now_us());
	if (strcmp(path, "/") == 0) {
		n->kind = NK_ROOT;
		r = 0;
	} else if (flags & SH_O_DIR) {
		r = -SH_ENOTDIR;
	} else if (strcmp(path, "/ctl") == 0) {
		n->kind = NK_CTL;
		r = 0;
	} else if (strcmp(path, "/if") == 0 || strcmp(path, "/arp") == 0 ||
		   strcmp(path, "/tcp") == 0) {
		if (flags & (SH_O_WRITE | SH_O_APPEND)) {
			r = -SH_EPERM;
		} else {
			len = path[1] == 'i' ? netd_text_if(&n->text) :
			      path[1] == 'a' ? netd_text_arp(&n->text) :
					       netd_text_tcp(&n->text);
			r = len < 0 ? len : 0;
			n->tlen = len < 0 ? 0 : (uint32_t)len;
			n->kind = NK_TEXT;
		}
	} else {
		r = open_sock(n, path + 1);
	}
	if (r < 0) {
		free(n);
		return r;
	}
	f->priv = n;
	if (r == 1) {
		/* no connection yet: keep the OPEN, netd_waiters_poll ends it */
		n->owait = 1;
		n->oreq = *req;
		return SCHEME_DEFER;
	}
	return 0;
}

static void ping_line(const struct ping_reply *r, int timed_out, char *out,
		      size_t cap, int *len, const struct nfile *n)
{
	char ip[16];

	net_fmt_ip(ip, n->ping->rip);
	if (timed_out)
		*len = snprintf(out, cap, "timeout from %s: seq=%u\n", ip,
				r->seq);
	else
		*len = snprintf(out, cap,
				"reply from %s: seq=%u bytes=%u ttl=%u time=%llu.%03llu ms\n",
				ip, r->seq, r->len, r->ttl,
				(unsigned long long)(r->rtt_us / 1000),
				(unsigned long long)(r->rtt_us % 1000));
}

/* One attempt at a read into buf.  Returns bytes, an error, or
 * -SH_EAGAIN to wait. */
static int64_t try_read(struct nfile *n, void *buf, uint32_t count)
{
	struct ping_reply pr;
	int r, len = 0;

	switch (n->kind) {
	case NK_TCP:
		return tcp_recv(n->tcp, buf, count);
	case NK_UDP:
		return udp_recv(n->udp, buf, count);
	case NK_PING:
		r = ping_recv(n->ping, &pr, netd_now_us());
		if (r == -SH_EAGAIN || r == -SH_ENOENT)
			return r;
		ping_line(&pr, r == -SH_ETIMEDOUT, (char *)scratch,
			  sizeof(scratch), &len, n);
		if (len < 0)
			return -SH_EIO;
		if ((uint32_t)len > count)
			len = (int)count;
		if (buf != scratch)
			memcpy(buf, scratch, (size_t)len);
		return len;
	case NK_LISTEN:
		return -SH_EINVAL;	/* open accept to take connections */
	}
	return -SH_EINVAL;
}

static int64_t net_read(struct scheme_req *req, struct scheme_file *f,
			uint64_t off, void *buf, uint32_t count)
{
	struct nfile *n = f->priv;
	int64_t r;

	if (n->kind == NK_ROOT)
		return -SH_EISDIR;
	if (n->kind == NK_CTL) {
		char t[40];
		uint64_t ms = timeout_of(req->badge);
		int len = ms ? snprintf(t, sizeof(t), "timeout %llu\n",
					(unsigned long long)ms)
			     : snprintf(t, sizeof(t), "timeout off\n");

		if (off >= (uint64_t)len)
			return 0;
		if (count > len - off)
			count = (uint32_t)(len - off);
		memcpy(buf, t + off, count);
		return count;
	}
	if (n->kind == NK_TEXT) {
		if (off >= n->tlen)
			return 0;
		if (count > n->tlen - off)
			count = (uint32_t)(n->tlen - off);
		memcpy(buf, n->text + off, count);
		return count;
	}
	if (n->rwait)
		return -SH_EBUSY;	/* one read at a time per file */
	if (count == 0)
		return 0;
	net_clock(&netd_stack, netd_now_us());
	r = try_read(n, buf, count);
	if (r != -SH_EAGAIN)
		return r;
	n->rwait = 1;
	n->rreq = *req;
	n->rcount = count;
	r = (int64_t)timeout_of(req->badge);
	n->rdeadline = r ? netd_now_us() + (uint64_t)r * 1000 : 0;
	return SCHEME_DEFER;
}

/* One attempt to move n's kept write into the stack.  Returns 1 when it
 * is all in (or failed: *res says), 0 to wait. */
static int try_write(struct nfile *n, int64_t *res)
{
	int64_t w;

	while (n->wdone < n->wlen) {
		w = tcp_send(n->tcp, n->wdata + n->wdone, n->wlen - n->wdone);
		if (w == -SH_EAGAIN)
			return 0;
		if (w < 0) {
			*res = n->wdone ? (int64_t)n->wdone : w;
			return 1;
		}
		n->wdone += (uint32_t)w;
	}
	*res = n->wlen;
	return 1;
}

/* net:ctl: "timeout MS" (1..3600000) or "timeout off", for the writer's
 * badge. */
static int64_t ctl_write(struct scheme_req *req, const void *buf,
			 uint32_t count)
{
	char cmd[32], *end;
	uint32_t n = count;
	unsigned long long ms;

	if (n && ((const char *)buf)[n - 1] == '\n')
		n--;
	if (n == 0 || n >= sizeof(cmd))
		return -SH_EINVAL;
	memcpy(cmd, buf, n);
	cmd[n] = '\0';
	if (strcmp(cmd, "timeout off") == 0) {
		timeout_set(req->badge, 0);
		return count;
	}
	if (strncmp(cmd, "timeout ", 8) != 0)
		return -SH_EINVAL;
	ms = strtoull(cmd + 8, &end, 10);
	if (end == cmd + 8 || *end || ms == 0 || ms > 3600000)
		return -SH_EINVAL;
	timeout_set(req->badge, ms);
	return count;
}

static int64_t net_write(struct scheme_req *req, struct scheme_file *f,
			 uint64_t off, const void *buf, uint32_t count)
{
	struct nfile *n = f->priv;
	int64_t res = 0, r;

	(void)off;
	net_clock(&netd_stack, netd_now_us());
	switch (n->kind) {
	case NK_UDP:
		return udp_send(n->udp, buf, count);
	case NK_PING:
		r = ping_send(n->ping, buf, count, netd_now_us());
		return r < 0 ? r : (int64_t)count;
	case NK_TCP:
		break;
	case NK_CTL:
		return ctl_write(req, buf, count);
	default:
		return -SH_EPERM;
	}
	if (n->wwait)
		return -SH_EBUSY;
	if (count == 0)
		return 0;
	n->wdata = malloc(count);
	if (!n->wdata)
		return -SH_ENOMEM;
	memcpy(n->wdata, buf, count);
	n->wlen = count;
	n->wdone = 0;
	if (try_write(n, &res)) {
		free(n->wdata);
		n->wdata = NULL;
		return res;
	}
	n->wwait = 1;
	n->wreq = *req;
	return SCHEME_DEFER;
}

uint64_t netd_waiters_next_ms(struct scheme_server *srv)
{
	uint64_t now = netd_now_us(), next = UINT64_MAX;

	for (uint32_t i = 0; i < srv->nfiles; i++) {
		struct nfile *n = srv->files[i].fid ? srv->files[i].priv : NULL;

		if (n && n->rwait && n->rdeadline) {
			uint64_t ms = n->rdeadline > now ?
				      (n->rdeadline - now + 999) / 1000 : 1;

			if (ms < next)
				next = ms;
		}
	}
	return next;
}

/* Frees what n holds and n.  Ends nothing kept: the caller has. */
static void nfile_free(struct nfile *n)
{
	free(n->wdata);
	free(n->text);
	if (n->tcp)
		tcp_close(n->tcp);
	if (n->udp)
		udp_close(&netd_stack, n->udp);
	if (n->ping)
		ping_close(&netd_stack, n->ping);
	free(n);
}

/* A kept accept OPEN: answered (the library sends the fid) once its
 * listener has a connection, failed if the listener is gone. */
static void poll_accept(struct scheme_file *f, struct nfile *n)
{
	struct scheme_req kept;
	int r = accept_bind(n);

	if (r == 0)
		return;
	n->owait = 0;
	kept = n->oreq;
	if (r < 0) {
		/* a failed kept open frees the slot without close: free n */
		nfile_free(n);
		f->priv = NULL;
	}
	/* if the client is gone the library closes the file (net_close) */
	scheme_reply(&kept, r < 0 ? r : 0);
}

void netd_waiters_poll(struct scheme_server *srv)
{
	for (uint32_t i = 0; i < srv->nfiles; i++) {
		struct scheme_file *f = &srv->files[i];
		struct nfile *n = f->fid ? f->priv : NULL;
		int64_t r;

		if (!n)
			continue;
		if (n->owait) {
			poll_accept(f, n);
			continue;
		}
		if (n->rwait) {
			uint32_t c = n->rcount < sizeof(scratch) ? n->rcount
								 : sizeof(scratch);

			r = try_read(n, scratch, c);
			if (r == -SH_EAGAIN && n->rdeadline &&
			    netd_now_us() >= n->rdeadline)
				r = -SH_ETIMEDOUT;
			if (r != -SH_EAGAIN) {
				n->rwait = 0;
				if (r > 0)
					scheme_reply_data(&n->rreq, r, scratch,
							  (uint32_t)r);
				else
					scheme_reply(&n->rreq, r);
			}
		}
		if (n->wwait && try_write(n, &r)) {
			n->wwait = 0;
			free(n->wdata);
			n->wdata = NULL;
			scheme_reply(&n->wreq, r);
		}
	}
}

static int64_t net_stat(struct scheme_req *req, struct scheme_file *f,
			struct sh_stat *st)
{
	struct nfile *n = f->priv;

	(void)req;
	st->nlink = 1;
	st->id = f->fid;
	if (n->kind == NK_ROOT) {
		st->type = SH_FTYPE_DIR;
		st->mode = 0555;
	} else if (n->kind == NK_TEXT || n->kind == NK_CTL) {
		st->type = SH_FTYPE_FILE;
		st->mode = 0444;
		st->size = n->tlen;
	} else {
		st->type = SH_FTYPE_DEV;
		st->mode = 0666;
	}
	return 0;
}

static int64_t net_readdir(struct scheme_req *req, struct scheme_file *f,
			   uint64_t cookie, void *buf, uint32_t cap)
{
	static const char *const names[] = { "if", "arp", "tcp", "ctl" };
	struct nfile *n = f->priv;
	uint32_t used = 0;

	(void)req;
	if (n->kind != NK_ROOT)
		return -SH_ENOTDIR;
	for (uint64_t i = cookie; i < 4; i++) {
		int r = scheme_dirent_put(buf, cap, &used, i + 1, i + 1,
					  SH_FTYPE_FILE, names[i],
					  (uint32_t)strlen(names[i]));

		if (r == -SH_E2BIG)
			return used ? (int64_t)used : -SH_EINVAL;
		if (r < 0)
			return r;
	}
	return used;
}

static void net_close(struct scheme_server *srv, struct scheme_file *f)
{
	struct nfile *n = f->priv;

	(void)srv;
	if (!n)
		return;
	net_clock(&netd_stack, netd_now_us());
	if (n->rwait)
		scheme_reply(&n->rreq, -SH_EINTR);
	if (n->wwait)
		scheme_reply(&n->wreq, -SH_EINTR);
	if (n->owait) {
		/* a kept accept: its client left (the slot is freed with it) */
		n->owait = 0;
		scheme_reply(&n->oreq, -SH_EINTR);
	}
	nfile_free(n);
	f->priv = NULL;
}

const struct scheme_ops netd_ops = {
	.open = net_open,
	.read = net_read,
	.write = net_write,
	.stat = net_stat,
	.readdir = net_readdir,
	.close = net_close,
};
