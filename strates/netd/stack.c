/* The stack's spine: Ethernet in and out, IPv4 in and out, the checksum,
 * timers and small helpers.  Every received header is checked here before
 * the layer above sees a byte of its payload; the payload's length is the
 * IP header's, never the frame's (Ethernet pads short frames). */
#include <string.h>

#include <shale/errors.h>

#include "stack.h"

static const char *const drop_names[NET_DROP_COUNT] = {
#define X(name, msg) [NET_DROP_##name] = msg,
#include "drops.def"
#undef X
};

const char *net_drop_name(unsigned reason)
{
	return reason < NET_DROP_COUNT ? drop_names[reason] : "?";
}

void net_drop(struct net_stack *st, enum net_drop why)
{
	st->c.drops[why]++;
}

uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)((p[i] << 8) | p[i + 1]);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

uint32_t csum_pseudo(uint32_t src, uint32_t dst, uint8_t proto, uint16_t len)
{
	uint32_t sum = (src >> 16) + (src & 0xffff) + (dst >> 16) +
		       (dst & 0xffff) + proto + len;

	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

uint32_t net_rand(struct net_stack *st)
{
	uint32_t x = st->rng;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	st->rng = x;
	return x;
}

int net_init(struct net_stack *st, const struct net_config *cfg)
{
	if (!cfg->tx || cfg->tcp_max == 0 || cfg->tcp_sndbuf < 1024 ||
	    cfg->tcp_rcvbuf < 1024 || cfg->tcp_rcvbuf > 65535 ||
	    cfg->tcp_sndbuf > (1u << 30))
		return -SH_EINVAL;
	memset(st, 0, sizeof(*st));
	st->cfg = *cfg;
	st->rng = cfg->seed ? cfg->seed : 0x9e3779b9u;
	st->next_port = (uint16_t)(49152 + net_rand(st) % 16384);
	return 0;
}

void net_set_addr(struct net_stack *st, uint32_t ip, uint32_t mask,
		  uint32_t gw)
{
	st->ip = ip;
	st->mask = mask;
	st->gw = gw;
}

void net_fmt_ip(char out[16], uint32_t ip)
{
	char *p = out;

	for (int i = 3; i >= 0; i--) {
		unsigned b = (ip >> (i * 8)) & 0xff;

		if (b >= 100)
			*p++ = (char)('0' + b / 100);
		if (b >= 10)
			*p++ = (char)('0' + b / 10 % 10);
		*p++ = (char)('0' + b % 10);
		if (i)
			*p++ = '.';
	}
	*p = '\0';
}

int net_parse_ip(const char *s, size_t len, uint32_t *ip)
{
	uint32_t v = 0, part = 0;
	unsigned dots = 0, digits = 0;

	for (size_t i = 0; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			part = part * 10 + (uint32_t)(s[i] - '0');
			if (++digits > 3 || part > 255)
				return -SH_EINVAL;
		} else if (s[i] == '.' && digits && dots < 3) {
			v = (v << 8) | part;
			part = 0;
			digits = 0;
			dots++;
		} else {
			return -SH_EINVAL;
		}
	}
	if (dots != 3 || !digits)
		return -SH_EINVAL;
	*ip = (v << 8) | part;
	return 0;
}

/* ---- Ethernet ---------------------------------------------------------- */

void eth_send(struct net_stack *st, uint32_t len)
{
	if (st->cfg.tx(st->cfg.tx_arg, st->tx, len) < 0) {
		st->c.tx_fail++;
		return;
	}
	st->c.tx_frames++;
	st->c.tx_bytes += len;
}

static void ip_input(struct net_stack *st, const uint8_t *p, size_t len);

void net_input(struct net_stack *st, const uint8_t *f, size_t len,
	       uint64_t now_us)
{
	static const uint8_t bcast[ETH_ALEN] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff
	};
	uint16_t type;

	st->now_us = now_us;
	st->now = now_us / 1000;
	st->c.rx_frames++;
	st->c.rx_bytes += len;
	if (len < ETH_HLEN) {
		net_drop(st, NET_DROP_ETH_SHORT);
		return;
	}
	if (memcmp(f, st->cfg.mac, ETH_ALEN) != 0 &&
	    memcmp(f, bcast, ETH_ALEN) != 0) {
		net_drop(st, NET_DROP_ETH_NOTUS);
		return;
	}
	type = get16(f + 12);
	if (type == ETH_P_ARP)
		arp_input(st, f, f + ETH_HLEN, len - ETH_HLEN);
	else if (type == ETH_P_IP)
		ip_input(st, f + ETH_HLEN, len - ETH_HLEN);
	else
		net_drop(st, NET_DROP_ETH_TYPE);
}

/* ---- IPv4 -------------------------------------------------------------- */

/* 1 if dst is addressed to this host: our address, the limited or our
 * subnet's broadcast; anything while we have no address (DHCP's answer
 * may come to the address it offers). */
static int ip_for_us(const struct net_stack *st, uint32_t dst)
{
	if (dst == IP_BROADCAST || st->ip == 0)
		return 1;
	if (dst == st->ip)
		return 1;
	return st->mask && dst == (st->ip | ~st->mask);
}

static void ip_input(struct net_stack *st, const uint8_t *p, size_t len)
{
	uint32_t hlen, total, src, dst;
	uint16_t frag;

	if (len < IP_HLEN) {
		net_drop(st, NET_DROP_IP_SHORT);
		return;
	}
	if ((p[0] >> 4) != 4) {
		net_drop(st, NET_DROP_IP_VERSION);
		return;
	}
	hlen = (uint32_t)(p[0] & 0xf) * 4;
	if (hlen < IP_HLEN || hlen > len) {
		net_drop(st, NET_DROP_IP_HLEN);
		return;
	}
	total = get16(p + 2);
	if (total < hlen || total > len) {
		net_drop(st, NET_DROP_IP_LEN);
		return;
	}
	if (csum_fold(csum_add(0, p, hlen)) != 0) {
		net_drop(st, NET_DROP_IP_CSUM);
		return;
	}
	frag = get16(p + 6);
	if ((frag & 0x2000) || (frag & 0x1fff)) {	/* MF, or an offset */
		net_drop(st, NET_DROP_IP_FRAG);
		return;
	}
	if (p[8] == 0) {
		net_drop(st, NET_DROP_IP_TTL);
		return;
	}
	src = get32(p + 12);
	dst = get32(p + 16);
	if (ip_is_multi(src) || (st->ip && src == st->ip)) {
		net_drop(st, NET_DROP_IP_SRC);
		return;
	}
	if (!ip_for_us(st, dst)) {
		net_drop(st, NET_DROP_IP_NOTUS);
		return;
	}
	switch (p[9]) {
	case IP_PROTO_ICMP:
		icmp_input(st, src, dst, p[8], p + hlen, total - hlen);
		break;
	case IP_PROTO_UDP:
		udp_input(st, src, dst, p + hlen, total - hlen);
		break;
	case IP_PROTO_TCP:
		/* TCP only to our unicast address */
		if (st->ip == 0 || dst != st->ip) {
			net_drop(st, NET_DROP_IP_NOTUS);
			return;
		}
		tcp_input(st, src, dst, p + hlen, total - hlen);
		break;
	default:
		net_drop(st, NET_DROP_IP_PROTO);
	}
}

int ip_send(struct net_stack *st, uint32_t src, uint32_t dst, uint8_t proto,
	    uint32_t len)
{
	uint8_t *ip = st->tx + ETH_HLEN;
	uint32_t nexthop;

	if (len > ETH_MTU - IP_HLEN)
		return -SH_E2BIG;
	ip[0] = 0x45;
	ip[1] = 0;
	put16(ip + 2, (uint16_t)(IP_HLEN + len));
	put16(ip + 4, ++st->ip_id);
	put16(ip + 6, 0x4000);		/* don't fragment */
	ip[8] = IP_TTL_DEFAULT;
	ip[9] = proto;
	put16(ip + 10, 0);
	put32(ip + 12, src);
	put32(ip + 16, dst);
	put16(ip + 10, csum_fold(csum_add(0, ip, IP_HLEN)));
	memcpy(st->tx + 6, st->cfg.mac, ETH_ALEN);
	put16(st->tx + 12, ETH_P_IP);
	if (dst == IP_BROADCAST || (st->mask && st->ip &&
				    dst == (st->ip | ~st->mask))) {
		memset(st->tx, 0xff, ETH_ALEN);
		eth_send(st, ETH_HLEN + IP_HLEN + len);
		return 0;
	}
	nexthop = dst;
	if (st->mask && (dst & st->mask) != (st->ip & st->mask) && st->gw)
		nexthop = st->gw;
	return arp_output(st, nexthop, ETH_HLEN + IP_HLEN + len);
}

void net_clock(struct net_stack *st, uint64_t now_us)
{
	st->now_us = now_us;
	st->now = now_us / 1000;
}

uint64_t net_tick(struct net_stack *st, uint64_t now_us)
{
	uint64_t next = 1000, t;

	st->now_us = now_us;
	st->now = now_us / 1000;
	arp_tick(st);
	t = dhcp_tick(st);
	if (t < next)
		next = t;
	t = tcp_tick(st);
	if (t < next)
		next = t;
	return next;
}
