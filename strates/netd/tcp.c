/* TCP connections: their records and buffers, the owner's calls (connect,
 * listen, accept, send, recv, close), the timers (retransmission with
 * RFC 6298's estimator and Karn's rule, persist probes, TIME_WAIT and
 * FIN_WAIT_2 ends) and Reno/NewReno's congestion window.
 *
 * A connection belongs to its owner until tcp_close; then to the stack,
 * which frees it when the closing exchange ends.  At most cfg.tcp_max
 * connections exist (listeners and TIME_WAIT included; the oldest
 * TIME_WAIT gives way to a new one); each has cfg.tcp_sndbuf and
 * cfg.tcp_rcvbuf bytes of buffer, freed on entering TIME_WAIT. */
#include <stdlib.h>
#include <string.h>

#include <shale/errors.h>

#include "stack.h"

static const char *const state_names[] = {
	"CLOSED", "LISTEN", "SYN_SENT", "SYN_RCVD", "ESTABLISHED",
	"FIN_WAIT_1", "FIN_WAIT_2", "CLOSE_WAIT", "CLOSING", "LAST_ACK",
	"TIME_WAIT",
};

const char *tcp_state_name(unsigned s)
{
	return s < sizeof(state_names) / sizeof(state_names[0]) ?
	       state_names[s] : "?";
}

void tcp_free(struct tcp_conn *c)
{
	struct net_stack *st = c->st;
	struct tcp_conn **pp;

	for (pp = &st->tcp; *pp; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	if (c->in_queue && c->listener)
		c->listener->queued--;
	/* children of a listener that goes lose their parent */
	for (struct tcp_conn *x = st->tcp; x; x = x->next)
		if (x->listener == c)
			x->listener = NULL;
	free(c->sbuf);
	free(c->rbuf);
	st->tcp_count--;
	free(c);
}

struct tcp_conn *tcp_new(struct net_stack *st, int buffers)
{
	struct tcp_conn *c;

	if (st->tcp_count >= st->cfg.tcp_max) {
		struct tcp_conn *old = NULL;

		for (c = st->tcp; c; c = c->next)
			if (c->state == TCP_TIME_WAIT &&
			    (!old || c->close_at < old->close_at))
				old = c;
		if (!old)
			return NULL;
		tcp_free(old);
	}
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	if (buffers) {
		c->sbuf = malloc(st->cfg.tcp_sndbuf);
		c->rbuf = malloc(st->cfg.tcp_rcvbuf);
		if (!c->sbuf || !c->rbuf) {
			free(c->sbuf);
			free(c->rbuf);
			free(c);
			return NULL;
		}
		c->scap = st->cfg.tcp_sndbuf;
		c->rcap = st->cfg.tcp_rcvbuf;
	}
	c->st = st;
	c->born = st->now;
	c->iss = net_rand(st);
	c->snd_una = c->snd_nxt = c->snd_max = c->iss;
	c->rto = c->rto_base = TCP_RTO_INIT_MS;
	c->mss = TCP_MSS_DEFAULT;
	c->cwnd = 4u * TCP_MSS_DEFAULT;
	c->ssthresh = 1u << 30;
	c->next = st->tcp;
	st->tcp = c;
	st->tcp_count++;
	return c;
}

void tcp_drop(struct tcp_conn *c, int err)
{
	if (!c->err)
		c->err = err;
	c->state = TCP_CLOSED;
	c->rexmit_at = 0;
	c->close_at = 0;
	/* nobody holds it: a closed socket, or a child never accepted */
	if (c->detached || (c->listener && !c->accepted))
		tcp_free(c);
}

void tcp_rtt_sample(struct tcp_conn *c, uint32_t r)
{
	uint32_t var;

	if (c->srtt == 0) {
		c->srtt = r ? r : 1;
		c->rttvar = r / 2;
	} else {
		uint32_t d = c->srtt > r ? c->srtt - r : r - c->srtt;

		c->rttvar = (3 * c->rttvar + d) / 4;
		c->srtt = (7 * c->srtt + r) / 8;
		if (c->srtt == 0)
			c->srtt = 1;
	}
	var = c->rttvar ? 4 * c->rttvar : 1;	/* G: the 1 ms clock */
	c->rto = c->srtt + var;
	if (c->rto < TCP_RTO_MIN_MS)
		c->rto = TCP_RTO_MIN_MS;
	if (c->rto > TCP_RTO_MAX_MS)
		c->rto = TCP_RTO_MAX_MS;
	c->rto_base = c->rto;
}

/* The retransmission timer fired. */
static void tcp_timeout(struct tcp_conn *c)
{
	struct net_stack *st = c->st;
	uint32_t flight = c->snd_max - c->snd_una;

	c->rexmit_at = 0;
	c->timing = 0;			/* Karn: no sample from a resend */
	c->rto = c->rto * 2 > TCP_RTO_MAX_MS ? TCP_RTO_MAX_MS : c->rto * 2;
	if (c->state == TCP_SYN_SENT || c->state == TCP_SYN_RCVD) {
		if (++c->tries >= TCP_SYN_TRIES) {
			tcp_drop(c, -SH_ETIMEDOUT);
			return;
		}
		st->c.tcp_rexmit++;
		c->snd_nxt = c->iss;
		tcp_output(c);
		return;
	}
	if (c->snd_wnd == 0 && c->slen && flight <= 1) {
		/* persist: probe the closed window with one byte */
		tcp_send_seg(c, c->snd_una, 1, TH_ACK);
		c->snd_nxt = c->snd_una + 1;
		c->snd_max = c->snd_nxt;
		c->rexmit_at = st->now + c->rto;
		return;
	}
	if (flight == 0)
		return;
	if (++c->tries > TCP_DATA_TRIES) {
		tcp_send_seg(c, c->snd_nxt, 0, TH_RST | TH_ACK);
		tcp_drop(c, -SH_ETIMEDOUT);
		return;
	}
	st->c.tcp_rexmit++;
	c->ssthresh = flight / 2 > 2u * c->mss ? flight / 2 : 2u * c->mss;
	c->cwnd = c->mss;
	c->dupacks = 0;
	c->snd_nxt = c->snd_una;	/* go back: resend from the hole */
	if (c->fin_sent && SEQ_LE(c->snd_una, c->fin_seq))
		c->fin_sent = 0;
	tcp_output(c);
	if (!c->rexmit_at)
		c->rexmit_at = st->now + c->rto;
}

uint64_t tcp_tick(struct net_stack *st)
{
	uint64_t next = 1000;
	struct tcp_conn *c, *n;

	for (c = st->tcp; c; c = n) {
		n = c->next;
		if (c->close_at && st->now >= c->close_at) {
			tcp_drop(c, 0);
			continue;
		}
		if (c->dack_at && st->now >= c->dack_at) {
			c->ack_now = 1;
			tcp_output(c);
		}
		if (c->rexmit_at && st->now >= c->rexmit_at)
			tcp_timeout(c);
	}
	for (c = st->tcp; c; c = c->next) {
		if (c->rexmit_at && c->rexmit_at - st->now < next)
			next = c->rexmit_at > st->now ? c->rexmit_at - st->now : 1;
		if (c->close_at && c->close_at - st->now < next)
			next = c->close_at > st->now ? c->close_at - st->now : 1;
		if (c->dack_at && c->dack_at - st->now < next)
			next = c->dack_at > st->now ? c->dack_at - st->now : 1;
	}
	return next;
}

/* ---- the owner's calls ---------------------------------------------------- */

int tcp_connect(struct net_stack *st, uint32_t rip, uint16_t rport,
		struct tcp_conn **out)
{
	struct tcp_conn *c;

	if (rport == 0 || rip == 0 || ip_is_multi(rip))
		return -SH_EINVAL;
	if (st->ip == 0)
		return -SH_EAGAIN;
	c = tcp_new(st, 1);
	if (!c)
		return st->tcp_count >= st->cfg.tcp_max ? -SH_EQUOTA : -SH_ENOMEM;
	c->lip = st->ip;
	c->rip = rip;
	c->lport = net_free_port(st);
	c->rport = rport;
	c->accepted = 1;
	c->state = TCP_SYN_SENT;
	tcp_output(c);
	*out = c;
	return 0;
}

int tcp_listen(struct net_stack *st, uint16_t lport, uint32_t backlog,
	       struct tcp_conn **out)
{
	struct tcp_conn *c;

	if (lport == 0 || backlog == 0)
		return -SH_EINVAL;
	for (c = st->tcp; c; c = c->next)
		if (c->state == TCP_LISTEN && c->lport == lport)
			return -SH_EBUSY;
	c = tcp_new(st, 0);
	if (!c)
		return st->tcp_count >= st->cfg.tcp_max ? -SH_EQUOTA : -SH_ENOMEM;
	c->lport = lport;
	c->backlog = backlog;
	c->accepted = 1;
	c->state = TCP_LISTEN;
	*out = c;
	return 0;
}

int tcp_accept(struct tcp_conn *l, struct tcp_conn **out)
{
	struct tcp_conn *c, *best = NULL;

	for (c = l->st->tcp; c; c = c->next)
		if (c->listener == l && c->in_queue &&
		    (!best || c->born < best->born))
			best = c;
	if (!best)
		return -SH_EAGAIN;
	best->in_queue = 0;
	best->accepted = 1;
	best->listener = NULL;
	l->queued--;
	*out = best;
	return 0;
}

int64_t tcp_recv(struct tcp_conn *c, void *buf, size_t cap)
{
	uint32_t n, n1, edge;

	if (c->rlen == 0) {
		if (c->fin_rcvd)
			return 0;
		if (c->err)
			return c->err;
		if (c->state == TCP_CLOSED)
			return -SH_ECONNRESET;
		return -SH_EAGAIN;
	}
	n = c->rlen < cap ? c->rlen : (uint32_t)cap;
	n1 = c->rcap - c->rstart < n ? c->rcap - c->rstart : n;
	memcpy(buf, c->rbuf + c->rstart, n1);
	memcpy((uint8_t *)buf + n1, c->rbuf, n - n1);
	c->rstart = (c->rstart + n) % c->rcap;
	c->rlen -= n;
	/* tell the peer the window opened, once it opened enough (RFC 1122
	 * 4.2.3.3: by a segment, or half the buffer) */
	edge = c->rcv_nxt + tcp_rcv_window(c);
	if (c->state != TCP_CLOSED &&
	    edge - c->rcv_adv >= (c->rcap / 2 < c->mss ? c->rcap / 2 : c->mss) &&
	    SEQ_GT(edge, c->rcv_adv)) {
		c->ack_now = 1;
		tcp_output(c);
	}
	return n;
}

int64_t tcp_send(struct tcp_conn *c, const void *buf, size_t len)
{
	uint32_t n, pos, n1;

	if (c->err)
		return c->err;
	if (c->state != TCP_SYN_SENT && c->state != TCP_SYN_RCVD &&
	    c->state != TCP_ESTABLISHED && c->state != TCP_CLOSE_WAIT)
		return -SH_ECONNRESET;
	n = c->scap - c->slen;
	if (len < n)
		n = (uint32_t)len;
	if (n == 0)
		return -SH_EAGAIN;
	pos = (c->sstart + c->slen) % c->scap;
	n1 = c->scap - pos < n ? c->scap - pos : n;
	memcpy(c->sbuf + pos, buf, n1);
	memcpy(c->sbuf, (const uint8_t *)buf + n1, n - n1);
	c->slen += n;
	tcp_output(c);
	return n;
}

int tcp_readable(const struct tcp_conn *c)
{
	return c->rlen > 0 || c->fin_rcvd || c->err || c->state == TCP_CLOSED;
}

int tcp_writable(const struct tcp_conn *c)
{
	if (c->err || c->state == TCP_CLOSED)
		return 1;
	if (c->state != TCP_ESTABLISHED && c->state != TCP_CLOSE_WAIT)
		return 0;
	return c->slen < c->scap;
}

void tcp_close(struct tcp_conn *c)
{
	struct net_stack *st = c->st;

	c->detached = 1;
	c->owner = NULL;
	switch (c->state) {
	case TCP_LISTEN:
		for (struct tcp_conn *x = st->tcp, *n; x; x = n) {
			n = x->next;
			if (x->listener == c && !x->accepted) {
				tcp_send_seg(x, x->snd_nxt, 0, TH_RST | TH_ACK);
				tcp_free(x);
			}
		}
		tcp_free(c);
		return;
	case TCP_SYN_RCVD:
		tcp_send_seg(c, c->snd_nxt, 0, TH_RST | TH_ACK);
		tcp_free(c);
		return;
	case TCP_SYN_SENT:
		if (c->slen) {
			/* bytes written before the answer: send them once
			 * connected, then the FIN (tcp_in.c) */
			c->fin_queued = 1;
			return;
		}
		tcp_free(c);
		return;
	case TCP_CLOSED:
		tcp_free(c);
		return;
	case TCP_ESTABLISHED:
		c->fin_queued = 1;
		c->state = TCP_FIN_WAIT_1;
		break;
	case TCP_CLOSE_WAIT:
		c->fin_queued = 1;
		c->state = TCP_LAST_ACK;
		break;
	default:
		return;
	}
	/* unread bytes are dropped with the owner */
	c->rstart = 0;
	c->rlen = 0;
	tcp_output(c);
}
