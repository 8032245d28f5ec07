/* UDP (RFC 768): connected sockets, each a ring of UDP_QUEUE datagrams.
 * A datagram is taken only from the peer the socket was opened to; one
 * for port 68 goes to the DHCP client; one for a port nobody holds gets
 * an ICMP port unreachable (not for broadcasts) and is counted. */
#include <stdlib.h>
#include <string.h>

#include <shale/errors.h>

#include "stack.h"

#define DHCP_CLIENT_PORT 68

static void udp_unreachable(struct net_stack *st, uint32_t src, uint32_t dst,
			    const uint8_t *udp, size_t len)
{
	uint8_t *o = ip_payload(st);
	uint8_t *ip = o + ICMP_HLEN;
	size_t n = len < 8 ? len : 8;

	if (st->ip == 0 || dst != st->ip)
		return;
	/* the offending datagram's IP header, rebuilt, and 8 bytes of it */
	memset(o, 0, ICMP_HLEN + IP_HLEN);
	o[0] = 3;
	o[1] = 3;
	ip[0] = 0x45;
	put16(ip + 2, (uint16_t)(IP_HLEN + len));
	ip[8] = IP_TTL_DEFAULT;
	ip[9] = IP_PROTO_UDP;
	put32(ip + 12, src);
	put32(ip + 16, dst);
	put16(ip + 10, csum_fold(csum_add(0, ip, IP_HLEN)));
	memcpy(ip + IP_HLEN, udp, n);
	put16(o + 2, csum_fold(csum_add(0, o, ICMP_HLEN + IP_HLEN + n)));
	ip_send(st, st->ip, src, IP_PROTO_ICMP,
		(uint32_t)(ICMP_HLEN + IP_HLEN + n));
}

void udp_input(struct net_stack *st, uint32_t src, uint32_t dst,
	       const uint8_t *p, size_t len)
{
	uint16_t sport, dport, ulen;
	struct udp_sock *u;
	struct udp_dgram *d;

	if (len < UDP_HLEN) {
		net_drop(st, NET_DROP_UDP_SHORT);
		return;
	}
	ulen = get16(p + 4);
	if (ulen < UDP_HLEN || ulen > len) {
		net_drop(st, NET_DROP_UDP_LEN);
		return;
	}
	if (get16(p + 6) != 0 &&	/* 0: the sender computed none */
	    csum_fold(csum_add(csum_pseudo(src, dst, IP_PROTO_UDP, ulen),
			       p, ulen)) != 0) {
		net_drop(st, NET_DROP_UDP_CSUM);
		return;
	}
	sport = get16(p);
	dport = get16(p + 2);
	if (dport == DHCP_CLIENT_PORT && sport == 67) {
		dhcp_input(st, p + UDP_HLEN, ulen - UDP_HLEN);
		return;
	}
	for (u = st->udp; u; u = u->next)
		if (u->lport == dport && u->rport == sport && u->rip == src)
			break;
	if (!u || st->ip == 0 || dst != st->ip) {
		net_drop(st, NET_DROP_UDP_NOPORT);
		if (!u)
			udp_unreachable(st, src, dst, p, len);
		return;
	}
	if (u->count == UDP_QUEUE) {
		net_drop(st, NET_DROP_UDP_FULL);
		return;
	}
	d = &u->q[(u->head + u->count++) % UDP_QUEUE];
	d->len = ulen - UDP_HLEN;
	memcpy(d->data, p + UDP_HLEN, d->len);
}

int udp_open(struct net_stack *st, uint32_t rip, uint16_t rport,
	     struct udp_sock **out)
{
	struct udp_sock *u;

	if (rport == 0 || rip == 0)
		return -SH_EINVAL;
	if (st->sock_count >= st->cfg.sock_max)
		return -SH_EQUOTA;
	u = calloc(1, sizeof(*u));
	if (!u)
		return -SH_ENOMEM;
	u->st = st;
	u->rip = rip;
	u->rport = rport;
	u->lport = net_free_port(st);
	u->next = st->udp;
	st->udp = u;
	st->sock_count++;
	*out = u;
	return 0;
}

int udp_output(struct net_stack *st, uint32_t src, uint16_t sport,
	       uint32_t dst, uint16_t dport, const void *buf, size_t len)
{
	uint8_t *o = ip_payload(st);
	uint16_t sum;

	if (len > sizeof(((struct udp_dgram *)0)->data))
		return -SH_E2BIG;
	put16(o, sport);
	put16(o + 2, dport);
	put16(o + 4, (uint16_t)(UDP_HLEN + len));
	put16(o + 6, 0);
	memmove(o + UDP_HLEN, buf, len);
	sum = csum_fold(csum_add(csum_pseudo(src, dst, IP_PROTO_UDP,
					     (uint16_t)(UDP_HLEN + len)),
				 o, UDP_HLEN + len));
	put16(o + 6, sum ? sum : 0xffff);
	return ip_send(st, src, dst, IP_PROTO_UDP, (uint32_t)(UDP_HLEN + len));
}

int64_t udp_send(struct udp_sock *u, const void *buf, size_t len)
{
	int r;

	if (len > sizeof(u->q[0].data))
		return -SH_E2BIG;
	if (u->st->ip == 0)
		return -SH_EAGAIN;
	r = udp_output(u->st, u->st->ip, u->lport, u->rip, u->rport, buf, len);
	return r < 0 ? r : (int64_t)len;
}

int64_t udp_recv(struct udp_sock *u, void *buf, size_t cap)
{
	struct udp_dgram *d;
	size_t n;

	if (u->count == 0)
		return -SH_EAGAIN;
	d = &u->q[u->head];
	n = d->len < cap ? d->len : cap;
	memcpy(buf, d->data, n);
	u->head = (u->head + 1) % UDP_QUEUE;
	u->count--;
	return (int64_t)n;
}

void udp_close(struct net_stack *st, struct udp_sock *u)
{
	struct udp_sock **pp;

	for (pp = &st->udp; *pp; pp = &(*pp)->next)
		if (*pp == u) {
			*pp = u->next;
			st->sock_count--;
			free(u);
			return;
		}
}

uint16_t net_free_port(struct net_stack *st)
{
	for (uint32_t tries = 0; tries < 16384; tries++) {
		uint16_t p = st->next_port;
		int used = 0;

		st->next_port = (uint16_t)(p >= 65535 ? 49152 : p + 1);
		for (struct udp_sock *u = st->udp; u && !used; u = u->next)
			used = u->lport == p;
		for (struct tcp_conn *c = st->tcp; c && !used; c = c->next)
			used = c->lport == p;
		if (!used)
			return p;
	}
	return st->next_port;	/* 16384 ports taken: share one */
}
