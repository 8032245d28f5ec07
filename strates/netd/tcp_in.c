/* TCP input (RFC 793 "SEGMENT ARRIVES", with RFC 5961's answers to
 * blind RSTs and SYNs, RFC 5681/6582 fast retransmit and recovery).
 *
 * A segment is checked whole first: length, data offset, checksum over the
 * pseudo-header, ports, flags, every option's length.  Then it is found a
 * connection or a listener, trimmed to the receive window, and acted on.
 * Received bytes go straight into the connection's ring at their offset
 * from rcv_nxt; out-of-order ones are remembered as up to TCP_OOO_MAX
 * sequence ranges and joined when the gap before them fills. */
#include <stdlib.h>
#include <string.h>

#include <shale/errors.h>

#include "stack.h"

struct tcp_seg {
	uint32_t seq, ack, dlen;
	uint16_t sport, dport, wnd, mss;	/* mss 0: no option */
	uint8_t flags;
	const uint8_t *data;
};

/* Checks and decodes a segment's header.  Returns 0, or the drop reason. */
static int tcp_parse(struct net_stack *st, uint32_t src, uint32_t dst,
		     const uint8_t *p, size_t len, struct tcp_seg *s)
{
	uint32_t hl, i;

	if (len < TCP_HLEN)
		return NET_DROP_TCP_SHORT;
	hl = (uint32_t)(p[12] >> 4) * 4;
	if (hl < TCP_HLEN || hl > len)
		return NET_DROP_TCP_HLEN;
	if (len > 65535 ||
	    csum_fold(csum_add(csum_pseudo(src, dst, IP_PROTO_TCP,
					   (uint16_t)len), p, len)) != 0)
		return NET_DROP_TCP_CSUM;
	memset(s, 0, sizeof(*s));
	s->sport = get16(p);
	s->dport = get16(p + 2);
	if (s->sport == 0 || s->dport == 0)
		return NET_DROP_TCP_PORT;
	s->seq = get32(p + 4);
	s->ack = get32(p + 8);
	s->flags = p[13] & 0x3f;
	s->wnd = get16(p + 14);
	if ((s->flags & TH_SYN) && (s->flags & (TH_FIN | TH_RST)))
		return NET_DROP_TCP_FLAGS;
	for (i = TCP_HLEN; i < hl;) {
		uint8_t kind = p[i], olen;

		if (kind == 0)
			break;
		if (kind == 1) {
			i++;
			continue;
		}
		if (i + 2 > hl)
			return NET_DROP_TCP_OPTION;
		olen = p[i + 1];
		if (olen < 2 || i + olen > hl)
			return NET_DROP_TCP_OPTION;
		if (kind == 2) {
			if (olen != 4)
				return NET_DROP_TCP_OPTION;
			s->mss = get16(p + i + 2);
			if (s->mss < 64)	/* nonsense: keep the floor */
				s->mss = 64;
			if (s->mss > TCP_MSS_MAX)
				s->mss = TCP_MSS_MAX;
		}
		i += olen;
	}
	(void)st;
	s->data = p + hl;
	s->dlen = (uint32_t)(len - hl);
	return -1;
}

static struct tcp_conn *tcp_lookup(struct net_stack *st, uint32_t src,
				   uint32_t dst, const struct tcp_seg *s,
				   struct tcp_conn **listener)
{
	struct tcp_conn *c;

	*listener = NULL;
	for (c = st->tcp; c; c = c->next) {
		if (c->state == TCP_CLOSED)
			continue;
		if (c->state == TCP_LISTEN) {
			if (c->lport == s->dport)
				*listener = c;
			continue;
		}
		if (c->lport == s->dport && c->rport == s->sport &&
		    c->rip == src && c->lip == dst)
			return c;
	}
	return NULL;
}

/* A new connection from a SYN on listener l. */
static void tcp_syn_listen(struct net_stack *st, struct tcp_conn *l,
			   uint32_t src, uint32_t dst, const struct tcp_seg *s)
{
	struct tcp_conn *c, *x;
	uint32_t pending = 0;

	for (x = st->tcp; x; x = x->next)
		if (x->listener == l && !x->accepted)
			pending++;
	if (pending >= l->backlog) {
		net_drop(st, NET_DROP_TCP_BACKLOG);
		return;
	}
	c = tcp_new(st, 1);
	if (!c) {
		net_drop(st, NET_DROP_TCP_LIMIT);
		return;
	}
	c->lip = dst;
	c->rip = src;
	c->lport = s->dport;
	c->rport = s->sport;
	c->listener = l;
	c->irs = s->seq;
	c->rcv_nxt = s->seq + 1;
	c->mss = s->mss ? s->mss : TCP_MSS_DEFAULT;
	c->snd_wnd = s->wnd;
	c->snd_wl1 = s->seq;
	c->snd_wl2 = c->iss;
	c->state = TCP_SYN_RCVD;
	tcp_output(c);
}

static void tcp_enter_time_wait(struct tcp_conn *c)
{
	c->state = TCP_TIME_WAIT;
	c->rexmit_at = 0;
	/* nothing more to send or read: give the buffers back now */
	free(c->sbuf);
	free(c->rbuf);
	c->sbuf = c->rbuf = NULL;
	c->scap = c->rcap = c->slen = c->rlen = 0;
	c->nooo = 0;
	c->close_at = c->st->now + 2ull * TCP_MSL_MS;
}

/* Our FIN is sent and acknowledged. */
static int tcp_fin_acked(const struct tcp_conn *c)
{
	return c->fin_sent && SEQ_GT(c->snd_una, c->fin_seq);
}

/* The peer's FIN, in order. */
static void tcp_fin(struct tcp_conn *c)
{
	c->rcv_nxt++;
	c->fin_rcvd = 1;
	c->ooo_fin = 0;
	c->ack_now = 1;
	switch (c->state) {
	case TCP_SYN_RCVD:
	case TCP_ESTABLISHED:
		c->state = TCP_CLOSE_WAIT;
		break;
	case TCP_FIN_WAIT_1:
		if (tcp_fin_acked(c))
			tcp_enter_time_wait(c);
		else
			c->state = TCP_CLOSING;
		break;
	case TCP_FIN_WAIT_2:
		tcp_enter_time_wait(c);
		break;
	default:
		break;
	}
}

/* Takes dlen in-window bytes at seq (>= rcv_nxt).  Returns 1 if the FIN
 * remembered out of order is now in order. */
static int tcp_rcv_data(struct tcp_conn *c, uint32_t seq, const uint8_t *d,
			uint32_t dlen)
{
	uint32_t off = seq - c->rcv_nxt;
	uint32_t pos = (c->rstart + c->rlen + off) % c->rcap;
	uint32_t n1 = c->rcap - pos < dlen ? c->rcap - pos : dlen;
	uint32_t s = seq, e = seq + dlen, k;

	memcpy(c->rbuf + pos, d, n1);
	memcpy(c->rbuf, d + n1, dlen - n1);
	/* fold the new range into the out-of-order list ... */
	for (k = 0; k < c->nooo;) {
		struct tcp_range *r = &c->ooo[k];

		if (SEQ_LE(r->start, e) && SEQ_GE(r->end, s)) {
			if (SEQ_LT(r->start, s))
				s = r->start;
			if (SEQ_GT(r->end, e))
				e = r->end;
			*r = c->ooo[--c->nooo];
			k = 0;
			continue;
		}
		k++;
	}
	if (s == c->rcv_nxt) {
		/* ... and what now starts at rcv_nxt is in order */
		c->rlen += e - c->rcv_nxt;
		c->rcv_nxt = e;
	} else if (c->nooo < TCP_OOO_MAX) {
		c->ooo[c->nooo].start = s;
		c->ooo[c->nooo].end = e;
		c->nooo++;
	} else {
		net_drop(c->st, NET_DROP_TCP_OOO_FULL);
	}
	if (c->detached) {	/* nobody will read: take and forget */
		c->rstart = (c->rstart + c->rlen) % c->rcap;
		c->rlen = 0;
	}
	return c->ooo_fin && c->ooo_fin_seq == c->rcv_nxt;
}

/* SYN_SENT: our SYN's answer. */
static void tcp_in_syn_sent(struct tcp_conn *c, const struct tcp_seg *s)
{
	if ((s->flags & TH_ACK) &&
	    (SEQ_LE(s->ack, c->iss) || SEQ_GT(s->ack, c->snd_max))) {
		if (!(s->flags & TH_RST))
			tcp_reset(c->st, c->rip, c->lip, c->rport, c->lport,
				  s->ack, 0, 0);
		net_drop(c->st, NET_DROP_TCP_BADACK);
		return;
	}
	if (s->flags & TH_RST) {
		if (s->flags & TH_ACK)
			tcp_drop(c, -SH_ECONNREFUSED);
		return;
	}
	if (!(s->flags & TH_SYN))
		return;
	c->irs = s->seq;
	c->rcv_nxt = s->seq + 1;
	c->mss = s->mss ? s->mss : TCP_MSS_DEFAULT;
	c->ack_now = 1;
	if (!(s->flags & TH_ACK)) {	/* simultaneous open */
		c->state = TCP_SYN_RCVD;
		c->snd_nxt = c->iss;
		tcp_output(c);
		return;
	}
	c->snd_una = s->ack;
	c->snd_wnd = s->wnd;
	c->snd_wl1 = s->seq;
	c->snd_wl2 = s->ack;
	if (c->timing && c->tries == 0)
		tcp_rtt_sample(c, (uint32_t)(c->st->now - c->rtt_start));
	c->timing = 0;
	c->tries = 0;
	c->rexmit_at = 0;
	/* closed while connecting, with bytes to send: they go, then FIN */
	c->state = c->fin_queued ? TCP_FIN_WAIT_1 : TCP_ESTABLISHED;
	c->cwnd = 4u * c->mss;
	tcp_output(c);
}

/* The ACK field of a segment on a synchronized connection.  Returns 0 to
 * go on with the segment, -1 when it is done with (or c is gone). */
static int tcp_in_ack(struct tcp_conn *c, const struct tcp_seg *s)
{
	struct net_stack *st = c->st;
	uint32_t acked, dacked, flight;

	if (c->state == TCP_SYN_RCVD) {
		if (!SEQ_GT(s->ack, c->snd_una) || SEQ_GT(s->ack, c->snd_max)) {
			tcp_reset(st, c->rip, c->lip, c->rport, c->lport,
				  s->ack, 0, 0);
			net_drop(st, NET_DROP_TCP_BADACK);
			return -1;
		}
		c->snd_una = s->ack;
		c->snd_wnd = s->wnd;
		c->snd_wl1 = s->seq;
		c->snd_wl2 = s->ack;
		c->tries = 0;
		c->rexmit_at = 0;
		c->timing = 0;
		c->cwnd = 4u * c->mss;
		c->state = TCP_ESTABLISHED;
		if (c->listener) {
			c->in_queue = 1;
			c->listener->queued++;
		}
		return 0;
	}
	if (SEQ_GT(s->ack, c->snd_max)) {
		c->ack_now = 1;
		tcp_output(c);
		net_drop(st, NET_DROP_TCP_BADACK);
		return -1;
	}
	flight = c->snd_max - c->snd_una;
	if (SEQ_LE(s->ack, c->snd_una)) {
		/* a duplicate: the peer got something after a hole */
		if (s->ack == c->snd_una && s->dlen == 0 &&
		    !(s->flags & TH_FIN) && s->wnd == c->snd_wnd &&
		    flight != 0) {
			c->dupacks++;
			if (c->dupacks == 3) {
				c->ssthresh = flight / 2 > 2u * c->mss ?
					      flight / 2 : 2u * c->mss;
				c->recover = c->snd_max;
				c->cwnd = c->ssthresh + 3u * c->mss;
				c->timing = 0;
				st->c.tcp_fast_rexmit++;
				tcp_send_seg(c, c->snd_una, c->slen < c->mss ?
					     c->slen : c->mss, TH_ACK);
			} else if (c->dupacks > 3) {
				c->cwnd += c->mss;
			}
		}
	} else {
		acked = s->ack - c->snd_una;
		dacked = acked < c->slen ? acked : c->slen;
		c->sstart = c->scap ? (c->sstart + dacked) % c->scap : 0;
		c->slen -= dacked;
		c->snd_una = s->ack;
		if (SEQ_LT(c->snd_nxt, c->snd_una))
			c->snd_nxt = c->snd_una;
		if (c->timing && SEQ_GE(s->ack, c->rtt_seq)) {
			tcp_rtt_sample(c, (uint32_t)(st->now - c->rtt_start));
			c->timing = 0;
		}
		if (c->dupacks >= 3) {
			if (SEQ_GE(s->ack, c->recover)) {
				c->cwnd = c->ssthresh;	/* recovery ends */
				c->dupacks = 0;
			} else {
				/* a partial ACK (RFC 6582): the next hole */
				tcp_send_seg(c, c->snd_una, c->slen < c->mss ?
					     c->slen : c->mss, TH_ACK);
				c->cwnd = c->cwnd > acked ? c->cwnd - acked : 0;
				c->cwnd += c->mss;
			}
		} else {
			c->dupacks = 0;
			if (c->cwnd < c->ssthresh)
				c->cwnd += acked < c->mss ? acked : c->mss;
			else
				c->cwnd += c->mss * c->mss / c->cwnd + 1;
		}
		if (c->cwnd > (1u << 30))
			c->cwnd = 1u << 30;
		/* new data acknowledged: the path works again, so the
		 * back-off ends (as Linux does; Karn's rule alone would keep
		 * a backed-off RTO until a sample, which a lossy path may not
		 * give for long) */
		c->tries = 0;
		c->rto = c->rto_base;
		c->rexmit_at = c->snd_max != c->snd_una ? st->now + c->rto : 0;
		if (tcp_fin_acked(c)) {
			switch (c->state) {
			case TCP_FIN_WAIT_1:
				c->state = TCP_FIN_WAIT_2;
				if (c->detached)
					c->close_at = st->now + TCP_FIN2_MS;
				break;
			case TCP_CLOSING:
				tcp_enter_time_wait(c);
				break;
			case TCP_LAST_ACK:
				tcp_drop(c, 0);
				return -1;
			default:
				break;
			}
		}
	}
	if (SEQ_LT(c->snd_wl1, s->seq) ||
	    (c->snd_wl1 == s->seq && SEQ_LE(c->snd_wl2, s->ack))) {
		c->snd_wnd = s->wnd;
		c->snd_wl1 = s->seq;
		c->snd_wl2 = s->ack;
	}
	return 0;
}

void tcp_input(struct net_stack *st, uint32_t src, uint32_t dst,
	       const uint8_t *p, size_t len)
{
	struct tcp_conn *c, *l;
	struct tcp_seg s;
	uint32_t win, seglen, seq0;
	int why;

	why = tcp_parse(st, src, dst, p, len, &s);
	if (why >= 0) {
		net_drop(st, (enum net_drop)why);
		return;
	}
	c = tcp_lookup(st, src, dst, &s, &l);
	if (!c && l) {
		if (s.flags & TH_RST)
			return;
		if (s.flags & TH_ACK)
			tcp_reset(st, src, dst, s.sport, s.dport, s.ack, 0, 0);
		else if (s.flags & TH_SYN)
			tcp_syn_listen(st, l, src, dst, &s);
		return;
	}
	if (!c) {
		net_drop(st, NET_DROP_TCP_NOCONN);
		if (s.flags & TH_RST)
			return;
		if (s.flags & TH_ACK)
			tcp_reset(st, src, dst, s.sport, s.dport, s.ack, 0, 0);
		else
			tcp_reset(st, src, dst, s.sport, s.dport, 0,
				  s.seq + s.dlen + !!(s.flags & TH_SYN) +
				  !!(s.flags & TH_FIN), 1);
		return;
	}
	if (c->state == TCP_SYN_SENT) {
		tcp_in_syn_sent(c, &s);
		return;
	}

	/* The sequence check (RFC 793 p. 69) as BSD does it: a segment
	 * wholly before rcv_nxt (a resend, or an ACK sent after its sender
	 * went back) loses its data but its ACK still counts, or two ends
	 * that both went back would never hear each other; one starting
	 * past the window is answered with an ACK and dropped. */
	seq0 = s.seq;
	seglen = s.dlen + !!(s.flags & TH_SYN) + !!(s.flags & TH_FIN);
	win = tcp_rcv_window(c);
	if (SEQ_LT(s.seq, c->rcv_nxt) && SEQ_LE(s.seq + seglen, c->rcv_nxt)) {
		if (seglen)
			c->ack_now = 1;	/* a duplicate: say where we are */
		s.flags &= (uint8_t)~(TH_SYN | TH_FIN);
		s.dlen = 0;
		s.seq = c->rcv_nxt;
	} else if (SEQ_GE(s.seq, c->rcv_nxt + win) &&
		   !(s.seq == c->rcv_nxt && win == 0)) {
		if (!(s.flags & TH_RST)) {
			c->ack_now = 1;
			tcp_output(c);
		}
		net_drop(st, NET_DROP_TCP_WINDOW);
		return;
	}
	if (SEQ_LT(s.seq, c->rcv_nxt)) {
		uint32_t d;

		if (s.flags & TH_SYN) {
			s.flags &= (uint8_t)~TH_SYN;
			s.seq++;
		}
		d = c->rcv_nxt - s.seq;
		if (SEQ_LT(s.seq, c->rcv_nxt) && d > 0) {
			if (d >= s.dlen) {
				if (d > s.dlen)
					s.flags &= (uint8_t)~TH_FIN;
				d = s.dlen;
			}
			s.data += d;
			s.dlen -= d;
			s.seq += d;
		}
	}
	if (SEQ_GT(s.seq + s.dlen, c->rcv_nxt + win)) {
		s.dlen = c->rcv_nxt + win - s.seq;
		s.flags &= (uint8_t)~TH_FIN;
	}

	if (s.flags & TH_RST) {
		if (seq0 != c->rcv_nxt) {	/* RFC 5961 3.2: challenge */
			c->ack_now = 1;
			tcp_output(c);
			return;
		}
		if (c->state == TCP_SYN_RCVD && c->listener) {
			tcp_free(c);
			return;
		}
		tcp_drop(c, c->state == TCP_CLOSING ||
			    c->state == TCP_LAST_ACK ||
			    c->state == TCP_TIME_WAIT ? 0 : -SH_ECONNRESET);
		return;
	}
	if (s.flags & TH_SYN) {			/* RFC 5961 4.2: challenge */
		c->ack_now = 1;
		tcp_output(c);
		return;
	}
	if (!(s.flags & TH_ACK))
		return;
	if (tcp_in_ack(c, &s) < 0)
		return;

	if (s.dlen && (c->state == TCP_ESTABLISHED ||
		       c->state == TCP_FIN_WAIT_1 ||
		       c->state == TCP_FIN_WAIT_2)) {
		/* RFC 1122 4.2.3.2 / RFC 5681 4.2: in-order data is
		 * acknowledged every second segment or after TCP_DACK_MS;
		 * anything out of order, or filling a hole, at once (the
		 * sender's fast retransmit counts on those) */
		int in_order = s.seq == c->rcv_nxt && c->nooo == 0;

		if (tcp_rcv_data(c, s.seq, s.data, s.dlen))
			tcp_fin(c);
		if (!in_order || c->nooo || ++c->dacks >= 2)
			c->ack_now = 1;
		else if (!c->dack_at)
			c->dack_at = st->now + TCP_DACK_MS;
	}
	if (s.flags & TH_FIN) {
		c->ack_now = 1;
		if (c->state == TCP_TIME_WAIT) {
			c->close_at = st->now + 2ull * TCP_MSL_MS;
		} else if (s.seq + s.dlen == c->rcv_nxt && !c->fin_rcvd) {
			tcp_fin(c);
		} else if (SEQ_GT(s.seq + s.dlen, c->rcv_nxt)) {
			c->ooo_fin = 1;
			c->ooo_fin_seq = s.seq + s.dlen;
		}
	}
	tcp_output(c);
}
