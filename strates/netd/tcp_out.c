/* TCP output: segments from a connection's send buffer within the
 * smaller of the peer's window and the congestion window, the SYN (with
 * our MSS), the FIN once the buffer has gone, ACKs owed, and RSTs.  The
 * timer that resends is armed here whenever something is in flight. */
#include <string.h>

#include <shale/errors.h>

#include "stack.h"

uint32_t tcp_rcv_window(const struct tcp_conn *c)
{
	return c->rbuf ? c->rcap - c->rlen : 0;
}

/* Builds and sends one segment: flags, seq, data in up to two pieces (the
 * ring may wrap), an MSS option on SYNs. */
static void tcp_emit(struct tcp_conn *c, uint32_t seq, uint8_t flags,
		     const uint8_t *d1, uint32_t n1, const uint8_t *d2,
		     uint32_t n2)
{
	struct net_stack *st = c->st;
	uint8_t *o = ip_payload(st);
	uint32_t hl = TCP_HLEN + ((flags & TH_SYN) ? 4u : 0u);
	uint32_t win = tcp_rcv_window(c);
	uint32_t len = hl + n1 + n2;

	put16(o, c->lport);
	put16(o + 2, c->rport);
	put32(o + 4, seq);
	put32(o + 8, (flags & TH_ACK) ? c->rcv_nxt : 0);
	o[12] = (uint8_t)((hl / 4) << 4);
	o[13] = flags;
	put16(o + 14, (uint16_t)(win > 65535 ? 65535 : win));
	put16(o + 16, 0);
	put16(o + 18, 0);
	if (flags & TH_SYN) {
		o[20] = 2;
		o[21] = 4;
		put16(o + 22, TCP_MSS_MAX);
	}
	if (n1)
		memcpy(o + hl, d1, n1);
	if (n2)
		memcpy(o + hl + n1, d2, n2);
	put16(o + 16, csum_fold(csum_add(csum_pseudo(c->lip, c->rip,
						     IP_PROTO_TCP,
						     (uint16_t)len), o, len)));
	if (flags & TH_ACK) {
		c->ack_now = 0;
		c->dacks = 0;
		c->dack_at = 0;
		c->rcv_adv = c->rcv_nxt + win;
	}
	if (flags & TH_RST)
		st->c.tcp_rst_sent++;
	ip_send(st, c->lip, c->rip, IP_PROTO_TCP, len);
}

void tcp_send_seg(struct tcp_conn *c, uint32_t seq, uint32_t len,
		  uint8_t flags)
{
	uint32_t off = seq - c->snd_una;
	uint32_t start, n1;

	if (len == 0 || !c->sbuf) {
		tcp_emit(c, seq, flags, NULL, 0, NULL, 0);
		return;
	}
	start = (c->sstart + off) % c->scap;
	n1 = c->scap - start < len ? c->scap - start : len;
	tcp_emit(c, seq, flags, c->sbuf + start, n1, c->sbuf, len - n1);
}

void tcp_reset(struct net_stack *st, uint32_t src, uint32_t dst,
	       uint16_t sport, uint16_t dport, uint32_t seq, uint32_t ack,
	       int with_ack)
{
	struct tcp_conn tmp;

	/* a connection-less answer: borrow tcp_emit with a scratch record */
	memset(&tmp, 0, sizeof(tmp));
	tmp.st = st;
	tmp.lip = dst;
	tmp.rip = src;
	tmp.lport = dport;
	tmp.rport = sport;
	tmp.rcv_nxt = ack;
	tcp_emit(&tmp, seq, (uint8_t)(TH_RST | (with_ack ? TH_ACK : 0)),
		 NULL, 0, NULL, 0);
}

static int tcp_sending(unsigned s)
{
	return s == TCP_ESTABLISHED || s == TCP_CLOSE_WAIT ||
	       s == TCP_FIN_WAIT_1 || s == TCP_CLOSING || s == TCP_LAST_ACK;
}

void tcp_output(struct tcp_conn *c)
{
	struct net_stack *st = c->st;
	uint32_t win, off, n;
	int sent = 0;

	switch (c->state) {
	case TCP_SYN_SENT:
	case TCP_SYN_RCVD:
		if (c->snd_nxt == c->iss) {
			tcp_emit(c, c->iss, c->state == TCP_SYN_SENT ?
				 TH_SYN : (TH_SYN | TH_ACK), NULL, 0, NULL, 0);
			c->snd_nxt = c->iss + 1;
			c->snd_max = c->snd_nxt;
			if (c->tries == 0) {
				c->timing = 1;
				c->rtt_seq = c->snd_nxt;
				c->rtt_start = st->now;
			}
			if (!c->rexmit_at)
				c->rexmit_at = st->now + c->rto;
		}
		return;
	case TCP_CLOSED:
	case TCP_LISTEN:
		return;
	}
	if (tcp_sending(c->state)) {
		/* limited transmit (RFC 3042): each of the first two
		 * duplicate ACKs lets one more segment out, so a small
		 * window still gets the three a fast retransmit needs */
		win = c->cwnd + (c->dupacks < 3 ? c->dupacks * c->mss : 0);
		if (c->snd_wnd < win)
			win = c->snd_wnd;
		for (;;) {
			off = c->snd_nxt - c->snd_una;
			if (off >= c->slen || win <= off)
				break;
			n = c->slen - off;
			if (n > c->mss)
				n = c->mss;
			if (n > win - off) {
				/* sender SWS avoidance: no runt while
				 * something is in flight to clock us */
				if (off > 0 && win - off < c->mss)
					break;
				n = win - off;
			}
			tcp_send_seg(c, c->snd_nxt, n, (uint8_t)(TH_ACK |
				     (off + n == c->slen ? TH_PSH : 0)));
			if (!c->timing && SEQ_GE(c->snd_nxt, c->snd_max)) {
				c->timing = 1;
				c->rtt_seq = c->snd_nxt + n;
				c->rtt_start = st->now;
			}
			c->snd_nxt += n;
			if (SEQ_GT(c->snd_nxt, c->snd_max))
				c->snd_max = c->snd_nxt;
			sent = 1;
		}
		if (c->fin_queued && c->state != TCP_ESTABLISHED &&
		    c->state != TCP_CLOSE_WAIT &&
		    c->snd_nxt == c->snd_una + c->slen) {
			tcp_emit(c, c->snd_nxt, TH_FIN | TH_ACK, NULL, 0,
				 NULL, 0);
			c->fin_sent = 1;
			c->fin_seq = c->snd_nxt;
			c->snd_nxt++;
			if (SEQ_GT(c->snd_nxt, c->snd_max))
				c->snd_max = c->snd_nxt;
			sent = 1;
		}
		if (!c->rexmit_at && (c->snd_max != c->snd_una ||
				      c->slen > c->snd_nxt - c->snd_una))
			c->rexmit_at = st->now + c->rto;	/* or persist */
	}
	if (!sent && c->ack_now)
		tcp_emit(c, c->snd_nxt, TH_ACK, NULL, 0, NULL, 0);
}
