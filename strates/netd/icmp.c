/* ICMP: echo requests answered, echo replies delivered to the ping socket
 * whose identifier they carry, port-unreachable sent for UDP to a closed
 * port.  Everything else ICMP carries is counted and dropped. */
#include <stdlib.h>
#include <string.h>

#include <shale/errors.h>

#include "stack.h"

#define ICMP_ECHO_REPLY	0
#define ICMP_UNREACH	3
#define ICMP_ECHO	8

void icmp_input(struct net_stack *st, uint32_t src, uint32_t dst, uint8_t ttl,
		const uint8_t *p, size_t len)
{
	uint8_t *o;

	if (len < ICMP_HLEN) {
		net_drop(st, NET_DROP_ICMP_SHORT);
		return;
	}
	if (csum_fold(csum_add(0, p, len)) != 0) {
		net_drop(st, NET_DROP_ICMP_CSUM);
		return;
	}
	switch (p[0]) {
	case ICMP_ECHO:
		/* not to broadcasts (no smurf amplifier), only with an address */
		if (p[1] != 0 || st->ip == 0 || dst != st->ip) {
			net_drop(st, NET_DROP_ICMP_TYPE);
			return;
		}
		if (len > ETH_MTU - IP_HLEN) {
			net_drop(st, NET_DROP_ICMP_SHORT);
			return;
		}
		o = ip_payload(st);
		memcpy(o, p, len);
		o[0] = ICMP_ECHO_REPLY;
		put16(o + 2, 0);
		put16(o + 2, csum_fold(csum_add(0, o, len)));
		if (ip_send(st, st->ip, src, IP_PROTO_ICMP, (uint32_t)len) == 0)
			st->c.icmp_echo_answered++;
		return;
	case ICMP_ECHO_REPLY:
		if (p[1] != 0) {
			net_drop(st, NET_DROP_ICMP_TYPE);
			return;
		}
		ping_deliver(st, src, get16(p + 4), get16(p + 6), ttl,
			     (uint32_t)(len - ICMP_HLEN), st->now_us);
		return;
	default:
		net_drop(st, NET_DROP_ICMP_TYPE);
	}
}

/* ---- ping sockets -------------------------------------------------------- */

int ping_open(struct net_stack *st, uint32_t rip, struct ping_sock **out)
{
	struct ping_sock *p;
	static uint16_t ids;

	if (rip == 0 || ip_is_multi(rip))
		return -SH_EINVAL;
	if (st->sock_count >= st->cfg.sock_max)
		return -SH_EQUOTA;
	p = calloc(1, sizeof(*p));
	if (!p)
		return -SH_ENOMEM;
	p->st = st;
	p->rip = rip;
	p->id = (uint16_t)(net_rand(st) ^ ++ids);
	p->seq = 1;
	p->wait_seq = 1;
	p->next = st->ping;
	st->ping = p;
	st->sock_count++;
	*out = p;
	return 0;
}

int ping_send(struct ping_sock *p, const void *data, size_t len,
	      uint64_t now_us)
{
	struct net_stack *st = p->st;
	uint8_t *o = ip_payload(st);
	uint16_t seq;

	if (len > ETH_MTU - IP_HLEN - ICMP_HLEN)
		return -SH_E2BIG;
	if (st->ip == 0)
		return -SH_EAGAIN;
	/* never more unanswered requests than the reply ring remembers */
	if ((uint16_t)(p->seq - p->wait_seq) >= PING_QUEUE)
		p->wait_seq = (uint16_t)(p->seq - PING_QUEUE + 1);
	seq = p->seq++;
	o[0] = ICMP_ECHO;
	o[1] = 0;
	put16(o + 2, 0);
	put16(o + 4, p->id);
	put16(o + 6, seq);
	memcpy(o + ICMP_HLEN, data, len);
	put16(o + 2, csum_fold(csum_add(0, o, ICMP_HLEN + len)));
	p->sent_us[seq % PING_QUEUE] = now_us;
	ip_send(st, st->ip, p->rip, IP_PROTO_ICMP, (uint32_t)(ICMP_HLEN + len));
	return seq;
}

void ping_deliver(struct net_stack *st, uint32_t src, uint16_t id,
		  uint16_t seq, uint8_t ttl, uint32_t len, uint64_t now_us)
{
	struct ping_sock *p;
	struct ping_reply *r;

	for (p = st->ping; p; p = p->next)
		if (p->id == id && p->rip == src)
			break;
	/* only a request still awaited: not one sent never or timed out */
	if (!p || (uint16_t)(seq - p->wait_seq) >= (uint16_t)(p->seq - p->wait_seq)) {
		net_drop(st, NET_DROP_ICMP_NOSOCK);
		return;
	}
	for (uint32_t i = 0; i < p->count; i++)
		if (p->q[(p->head + i) % PING_QUEUE].seq == seq) {
			net_drop(st, NET_DROP_ICMP_NOSOCK);	/* a duplicate */
			return;
		}
	if (p->count == PING_QUEUE) {
		net_drop(st, NET_DROP_ICMP_NOSOCK);
		return;
	}
	r = &p->q[(p->head + p->count++) % PING_QUEUE];
	r->seq = seq;
	r->ttl = ttl;
	r->len = len;
	r->rtt_us = now_us - p->sent_us[seq % PING_QUEUE];
}

int ping_recv(struct ping_sock *p, struct ping_reply *out, uint64_t now_us)
{
	if (p->wait_seq == p->seq)
		return -SH_ENOENT;
	for (uint32_t i = 0; i < p->count; i++) {
		struct ping_reply *r = &p->q[(p->head + i) % PING_QUEUE];

		if (r->seq != p->wait_seq)
			continue;
		*out = *r;
		/* drop it from the ring: move the head's entry into its slot */
		*r = p->q[p->head % PING_QUEUE];
		p->head = (p->head + 1) % PING_QUEUE;
		p->count--;
		p->wait_seq++;
		return 0;
	}
	if (now_us - p->sent_us[p->wait_seq % PING_QUEUE] >=
	    PING_TIMEOUT_MS * 1000ull) {
		out->seq = p->wait_seq++;
		return -SH_ETIMEDOUT;
	}
	return -SH_EAGAIN;
}

void ping_close(struct net_stack *st, struct ping_sock *p)
{
	struct ping_sock **pp;

	for (pp = &st->ping; *pp; pp = &(*pp)->next)
		if (*pp == p) {
			*pp = p->next;
			st->sock_count--;
			free(p);
			return;
		}
}
