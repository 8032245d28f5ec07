/* netd's parsers and small protocols, frame by frame: the checksum,
 * crafted malformed frames each counted under its own reason, every
 * truncation of good frames, ARP answers and its bounded queue, ICMP
 * echo both ways, UDP, and the DHCP client against a scripted server. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <shale/errors.h>

#include "simnet.h"

/* ---- a frame builder ------------------------------------------------------ */

struct fb {
	uint8_t b[ETH_FRAME_MAX];
	uint32_t len;
};

static void fb_eth(struct fb *f, const uint8_t *dst, const uint8_t *src,
		   uint16_t type)
{
	memcpy(f->b, dst, ETH_ALEN);
	memcpy(f->b + 6, src, ETH_ALEN);
	put16(f->b + 12, type);
	f->len = ETH_HLEN;
}

/* An IPv4 header (checksummed) and payload of plen bytes. */
static uint8_t *fb_ip(struct fb *f, uint32_t src, uint32_t dst, uint8_t proto,
		      const void *payload, uint32_t plen)
{
	uint8_t *ip = f->b + ETH_HLEN;

	memset(ip, 0, IP_HLEN);
	ip[0] = 0x45;
	put16(ip + 2, (uint16_t)(IP_HLEN + plen));
	ip[8] = 64;
	ip[9] = proto;
	put32(ip + 12, src);
	put32(ip + 16, dst);
	put16(ip + 10, csum_fold(csum_add(0, ip, IP_HLEN)));
	memcpy(ip + IP_HLEN, payload, plen);
	f->len = ETH_HLEN + IP_HLEN + plen;
	return ip;
}

static void ip_recsum(uint8_t *ip)
{
	put16(ip + 10, 0);
	put16(ip + 10, csum_fold(csum_add(0, ip, (uint32_t)(ip[0] & 15) * 4)));
}

static struct simnet s;
static const uint8_t peer_mac[ETH_ALEN] = { 0x52, 0x54, 0, 0x12, 0x34, 2 };
#define US	0x0a000001u
#define PEER	0x0a000002u

static int setup(void **state)
{
	(void)state;
	simnet_init(&s, 99);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	simnet_fini(&s);
	return 0;
}

static uint64_t drops(enum net_drop d)
{
	return s.st[0].c.drops[d];
}

static void inject(struct fb *f)
{
	simnet_inject(&s, 0, f->b, f->len);
}

/* ---- tests ------------------------------------------------------------- */

static void test_checksum(void **state)
{
	/* RFC 1071's example: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2 */
	static const uint8_t v[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5,
				     0xf6, 0xf7 };
	uint8_t odd[3] = { 0x12, 0x34, 0x56 };

	(void)state;
	assert_int_equal(csum_fold(csum_add(0, v, sizeof(v))), (uint16_t)~0xddf2);
	/* an odd length pads with a zero byte */
	assert_int_equal(csum_fold(csum_add(0, odd, 3)),
			 (uint16_t)~(0x1234 + 0x5600));
	/* a header with its checksum in sums to 0 */
	{
		struct fb f;
		uint8_t *ip = fb_ip(&f, PEER, US, 17, "", 0);
		assert_int_equal(csum_fold(csum_add(0, ip, IP_HLEN)), 0);
	}
}

static void test_parse_ip(void **state)
{
	uint32_t ip;
	char out[16];

	(void)state;
	assert_int_equal(net_parse_ip("10.0.2.15", 9, &ip), 0);
	assert_int_equal(ip, 0x0a00020f);
	net_fmt_ip(out, ip);
	assert_string_equal(out, "10.0.2.15");
	assert_int_equal(net_parse_ip("256.0.0.1", 9, &ip), -SH_EINVAL);
	assert_int_equal(net_parse_ip("1.2.3", 5, &ip), -SH_EINVAL);
	assert_int_equal(net_parse_ip("1.2.3.4.5", 9, &ip), -SH_EINVAL);
	assert_int_equal(net_parse_ip("1..3.4", 6, &ip), -SH_EINVAL);
	assert_int_equal(net_parse_ip("1.2.3.0004", 10, &ip), -SH_EINVAL);
	assert_int_equal(net_parse_ip("", 0, &ip), -SH_EINVAL);
	net_fmt_ip(out, 0xffffffffu);
	assert_string_equal(out, "255.255.255.255");
}

/* Each crafted frame is dropped under exactly its reason. */
static void test_malformed(void **state)
{
	struct fb f;
	uint8_t *ip, pay[64];
	const uint8_t *us = s.st[0].cfg.mac;
	static const uint8_t other[ETH_ALEN] = { 2, 9, 9, 9, 9, 9 };

	(void)state;
	memset(pay, 0, sizeof(pay));
#define EXPECT(reason) do { \
		uint64_t before = drops(NET_DROP_##reason); \
		inject(&f); \
		assert_int_equal(drops(NET_DROP_##reason), before + 1); \
	} while (0)

	f.len = 10;
	EXPECT(ETH_SHORT);
	fb_eth(&f, other, peer_mac, ETH_P_IP);
	fb_ip(&f, PEER, US, 17, pay, 8);
	EXPECT(ETH_NOTUS);
	fb_eth(&f, us, peer_mac, 0x86dd);
	f.len = 60;
	EXPECT(ETH_TYPE);

	fb_eth(&f, us, peer_mac, ETH_P_IP);
	f.len = ETH_HLEN + 19;
	EXPECT(IP_SHORT);
	ip = fb_ip(&f, PEER, US, 17, pay, 8);
	ip[0] = 0x65;
	EXPECT(IP_VERSION);
	ip = fb_ip(&f, PEER, US, 17, pay, 8);
	ip[0] = 0x44;
	EXPECT(IP_HLEN);
	ip = fb_ip(&f, PEER, US, 17, pay, 8);
	ip[0] = 0x4f;			/* 60 bytes of header in a 28-byte packet */
	EXPECT(IP_HLEN);
	ip = fb_ip(&f, PEER, US, 17, pay, 8);
	put16(ip + 2, 200);
	ip_recsum(ip);
	EXPECT(IP_LEN);
	ip = fb_ip(&f, PEER, US, 17, pay, 8);
	put16(ip + 2, 10);
	ip_recsum(ip);
	EXPECT(IP_LEN);
	ip = fb_ip(&f, PEER, US, 17, pay, 8);
	ip[10] ^= 1;
	EXPECT(IP_CSUM);
	ip = fb_ip(&f, PEER, US, 17, pay, 8);
	put16(ip + 6, 0x2000);		/* more fragments */
	ip_recsum(ip);
	EXPECT(IP_FRAG);
	ip = fb_ip(&f, PEER, US, 17, pay, 8);
	put16(ip + 6, 0x0010);		/* a later fragment */
	ip_recsum(ip);
	EXPECT(IP_FRAG);
	ip = fb_ip(&f, PEER, US, 17, pay, 8);
	ip[8] = 0;
	ip_recsum(ip);
	EXPECT(IP_TTL);
	fb_ip(&f, 0xffffffffu, US, 17, pay, 8);
	EXPECT(IP_SRC);
	fb_ip(&f, US, US, 17, pay, 8);
	EXPECT(IP_SRC);
	fb_ip(&f, PEER, 0x0a000009u, 17, pay, 8);
	EXPECT(IP_NOTUS);
	fb_ip(&f, PEER, US, 47, pay, 8);
	EXPECT(IP_PROTO);

	fb_ip(&f, PEER, US, IP_PROTO_ICMP, pay, 4);
	EXPECT(ICMP_SHORT);
	pay[0] = 8;
	fb_ip(&f, PEER, US, IP_PROTO_ICMP, pay, 8);	/* checksum 0: wrong */
	EXPECT(ICMP_CSUM);
	pay[0] = 0;

	fb_ip(&f, PEER, US, IP_PROTO_UDP, pay, 7);
	EXPECT(UDP_SHORT);
	put16(pay + 4, 40);		/* says 40 in a 16-byte payload */
	fb_ip(&f, PEER, US, IP_PROTO_UDP, pay, 16);
	EXPECT(UDP_LEN);
	put16(pay + 4, 16);
	put16(pay + 6, 0x1234);		/* a checksum, and wrong */
	fb_ip(&f, PEER, US, IP_PROTO_UDP, pay, 16);
	EXPECT(UDP_CSUM);
	memset(pay, 0, sizeof(pay));

	fb_ip(&f, PEER, US, IP_PROTO_TCP, pay, 19);
	EXPECT(TCP_SHORT);
	pay[12] = 4 << 4;		/* 16-byte header */
	fb_ip(&f, PEER, US, IP_PROTO_TCP, pay, 20);
	EXPECT(TCP_HLEN);
	pay[12] = 6 << 4;		/* 24 bytes in a 20-byte segment */
	fb_ip(&f, PEER, US, IP_PROTO_TCP, pay, 20);
	EXPECT(TCP_HLEN);
	pay[12] = 5 << 4;
	fb_ip(&f, PEER, US, IP_PROTO_TCP, pay, 20);	/* checksum 0: wrong */
	EXPECT(TCP_CSUM);

	/* well-checksummed TCP with bad contents */
#define TCP_FRAME(hl) do { \
		uint32_t n_ = (hl); \
		put16(pay + 16, 0); \
		put16(pay + 16, csum_fold(csum_add(csum_pseudo(PEER, US, \
				IP_PROTO_TCP, (uint16_t)n_), pay, n_))); \
		fb_ip(&f, PEER, US, IP_PROTO_TCP, pay, n_); \
	} while (0)
	memset(pay, 0, sizeof(pay));
	put16(pay, 1234);
	put16(pay + 2, 0);
	pay[12] = 5 << 4;
	TCP_FRAME(20);
	EXPECT(TCP_PORT);
	put16(pay + 2, 80);
	pay[13] = TH_SYN | TH_FIN;
	TCP_FRAME(20);
	EXPECT(TCP_FLAGS);
	pay[13] = TH_SYN;
	pay[12] = 6 << 4;
	pay[20] = 2;			/* MSS with length 3 */
	pay[21] = 3;
	TCP_FRAME(24);
	EXPECT(TCP_OPTION);
	pay[20] = 8;			/* an option running past the header */
	pay[21] = 10;
	TCP_FRAME(24);
	EXPECT(TCP_OPTION);
	pay[20] = 8;			/* length 0 would loop for ever */
	pay[21] = 0;
	TCP_FRAME(24);
	EXPECT(TCP_OPTION);
	pay[20] = 1;			/* NOP NOP NOP, then kind 3 cut short */
	pay[21] = 1;
	pay[22] = 1;
	pay[23] = 3;
	TCP_FRAME(24);
	EXPECT(TCP_OPTION);
	/* a good SYN to a closed port: counted, and answered with RST */
	memset(pay + 20, 0, 4);
	pay[12] = 5 << 4;
	{
		uint64_t rst = s.st[0].c.tcp_rst_sent;

		TCP_FRAME(20);
		EXPECT(TCP_NOCONN);
		assert_int_equal(s.st[0].c.tcp_rst_sent, rst + 1);
	}

	/* ARP */
	fb_eth(&f, us, peer_mac, ETH_P_ARP);
	f.len = ETH_HLEN + 27;
	EXPECT(ARP_SHORT);
	memset(f.b + ETH_HLEN, 0, ARP_LEN);
	f.len = ETH_HLEN + ARP_LEN;
	EXPECT(ARP_FORMAT);
	put16(f.b + ETH_HLEN, 1);
	put16(f.b + ETH_HLEN + 2, ETH_P_IP);
	f.b[ETH_HLEN + 4] = 6;
	f.b[ETH_HLEN + 5] = 4;
	put16(f.b + ETH_HLEN + 6, 3);
	EXPECT(ARP_OP);
	put16(f.b + ETH_HLEN + 6, 1);
	memcpy(f.b + ETH_HLEN + 8, peer_mac, ETH_ALEN);
	put32(f.b + ETH_HLEN + 14, 0xe0000001u);	/* a multicast sender */
	put32(f.b + ETH_HLEN + 24, US);
	EXPECT(ARP_SENDER);
	put32(f.b + ETH_HLEN + 14, US);			/* claims our address */
	EXPECT(ARP_SENDER);
	put32(f.b + ETH_HLEN + 14, PEER);
	put32(f.b + ETH_HLEN + 24, 0x0a000007u);
	EXPECT(ARP_NOTUS);
#undef EXPECT
}

/* Every prefix of a set of good frames, and each with one byte flipped
 * anywhere: no crash, nothing read past the end (ASan in the fuzz build;
 * here the counters must add up). */
static void test_truncations(void **state)
{
	struct fb good[4], f;
	uint8_t pay[64];
	uint64_t rx0 = s.st[0].c.rx_frames;
	uint32_t n = 0;

	(void)state;
	memset(pay, 0, sizeof(pay));
	for (int i = 0; i < 4; i++)
		fb_eth(&good[i], s.st[0].cfg.mac, peer_mac, ETH_P_IP);
	pay[0] = 8;
	put16(pay + 2, csum_fold(csum_add(0, pay, 16)));
	fb_ip(&good[0], PEER, US, IP_PROTO_ICMP, pay, 16);
	memset(pay, 0, sizeof(pay));
	put16(pay, 99);
	put16(pay + 2, 99);
	put16(pay + 4, 12);
	fb_ip(&good[1], PEER, US, IP_PROTO_UDP, pay, 12);
	memset(pay, 0, sizeof(pay));
	put16(pay, 1000);
	put16(pay + 2, 2000);
	pay[12] = 6 << 4;
	pay[13] = TH_SYN;
	pay[20] = 2;
	pay[21] = 4;
	put16(pay + 22, 1460);
	put16(pay + 16, csum_fold(csum_add(csum_pseudo(PEER, US, IP_PROTO_TCP,
						       24), pay, 24)));
	fb_ip(&good[2], PEER, US, IP_PROTO_TCP, pay, 24);
	fb_eth(&good[3], s.st[0].cfg.mac, peer_mac, ETH_P_ARP);
	memset(good[3].b + ETH_HLEN, 0, ARP_LEN);
	put16(good[3].b + ETH_HLEN, 1);
	put16(good[3].b + ETH_HLEN + 2, ETH_P_IP);
	good[3].b[ETH_HLEN + 4] = 6;
	good[3].b[ETH_HLEN + 5] = 4;
	put16(good[3].b + ETH_HLEN + 6, 1);
	memcpy(good[3].b + ETH_HLEN + 8, peer_mac, ETH_ALEN);
	put32(good[3].b + ETH_HLEN + 14, PEER);
	put32(good[3].b + ETH_HLEN + 24, US);
	good[3].len = ETH_HLEN + ARP_LEN;
	for (int i = 0; i < 4; i++) {
		for (uint32_t len = 0; len < good[i].len; len++) {
			f = good[i];
			f.len = len;
			inject(&f);
			n++;
		}
		for (uint32_t k = 0; k < good[i].len; k++) {
			for (int bit = 0; bit < 8; bit += 3) {
				f = good[i];
				f.b[k] ^= (uint8_t)(1u << bit);
				inject(&f);
				n++;
			}
		}
	}
	assert_int_equal(s.st[0].c.rx_frames - rx0, n);
	/* the stack still answers: a ping gets its reply */
	{
		struct ping_sock *p;
		struct ping_reply r;

		assert_int_equal(ping_open(&s.st[1], US, &p), 0);
		assert_true(ping_send(p, "abc", 3, s.now * 1000) > 0);
		simnet_run(&s, 5);
		assert_int_equal(ping_recv(p, &r, s.now * 1000), 0);
		assert_int_equal(r.len, 3);
		ping_close(&s.st[1], p);
	}
}

static void test_arp(void **state)
{
	struct udp_sock *u;
	uint64_t d;

	(void)state;
	/* learnt from the peer's request, answered */
	assert_int_equal(udp_open(&s.st[1], US, 9, &u), 0);
	assert_int_equal(udp_send(u, "x", 1), 1);
	simnet_run(&s, 5);
	assert_int_equal(s.st[0].arp[0].state + s.st[0].arp[1].state +
			 s.st[0].arp[2].state >= ARP_KNOWN, 1);
	udp_close(&s.st[1], u);
	/* a host that never answers: the queue holds ARP_PENDING packets,
	 * the rest are dropped at once, and all go after ARP_TRIES */
	d = drops(NET_DROP_ARP_PENDING);
	assert_int_equal(udp_open(&s.st[0], 0x0a000063u, 9, &u), 0);
	for (unsigned i = 0; i < ARP_PENDING + 5; i++)
		udp_send(u, "y", 1);
	assert_int_equal(drops(NET_DROP_ARP_PENDING), d + 5);
	simnet_run(&s, ARP_RETRY_MS * (ARP_TRIES + 1));
	assert_int_equal(drops(NET_DROP_ARP_PENDING), d + 5 + ARP_PENDING);
	for (unsigned i = 0; i < ARP_PENDING; i++)
		assert_int_equal(s.st[0].pending[i].nexthop, 0);
	udp_close(&s.st[0], u);
	/* a known address is forgotten after ARP_TIMEOUT_MS */
	simnet_run(&s, ARP_TIMEOUT_MS + 1000);
	for (unsigned i = 0; i < ARP_ENTRIES; i++)
		assert_int_equal(s.st[0].arp[i].state, ARP_FREE);
}

static void test_ping_and_udp(void **state)
{
	struct ping_sock *p;
	struct ping_reply r;
	struct udp_sock *a, *b;
	char buf[32];

	(void)state;
	assert_int_equal(ping_open(&s.st[0], PEER, &p), 0);
	assert_int_equal(ping_recv(p, &r, s.now * 1000), -SH_ENOENT);
	assert_int_equal(ping_send(p, "hello", 5, s.now * 1000), 1);
	assert_int_equal(ping_recv(p, &r, s.now * 1000), -SH_EAGAIN);
	simnet_run(&s, 10);
	assert_int_equal(ping_recv(p, &r, s.now * 1000), 0);
	assert_int_equal(r.seq, 1);
	assert_int_equal(r.len, 5);
	assert_int_equal(s.st[1].c.icmp_echo_answered, 1);
	/* no answer: a timeout after PING_TIMEOUT_MS, naming the seq */
	s.loss = 100;
	assert_int_equal(ping_send(p, "x", 1, s.now * 1000), 2);
	simnet_run(&s, PING_TIMEOUT_MS + 1);
	assert_int_equal(ping_recv(p, &r, s.now * 1000), -SH_ETIMEDOUT);
	assert_int_equal(r.seq, 2);
	s.loss = 0;
	ping_close(&s.st[0], p);

	/* UDP both ways between connected sockets */
	assert_int_equal(udp_open(&s.st[0], PEER, 5000, &a), 0);
	assert_int_equal(udp_open(&s.st[1], US, a->lport, &b), 0);
	b->lport = 5000;	/* b listens where a sends */
	assert_int_equal(udp_send(a, "datagram", 8), 8);
	simnet_run(&s, 5);
	assert_int_equal(udp_recv(b, buf, sizeof(buf)), 8);
	assert_memory_equal(buf, "datagram", 8);
	assert_int_equal(udp_recv(b, buf, sizeof(buf)), -SH_EAGAIN);
	assert_int_equal(udp_send(b, "back", 4), 4);
	simnet_run(&s, 5);
	assert_int_equal(udp_recv(a, buf, 2), 2);	/* cut to the room */
	assert_memory_equal(buf, "ba", 2);
	/* to a port nobody holds: counted, and an ICMP unreachable comes */
	assert_int_equal(udp_send(a, "z", 1), 1);
	udp_close(&s.st[1], b);
	assert_int_equal(udp_send(a, "z", 1), 1);
	simnet_run(&s, 5);
	assert_true(s.st[1].c.drops[NET_DROP_UDP_NOPORT] >= 1);
	assert_int_equal(udp_send(a, buf, 2000), -SH_E2BIG);
	udp_close(&s.st[0], a);
}

/* ---- DHCP against a scripted server ------------------------------------- */

static uint8_t last_dhcp[600];
static uint32_t last_dhcp_len, last_dhcp_dst;

static void dhcp_tap(struct simnet *sn, int from, const uint8_t *f,
		     uint32_t len)
{
	(void)sn;
	if (from == 0 && len > 42 && get16(f + 12) == ETH_P_IP &&
	    f[ETH_HLEN + 9] == IP_PROTO_UDP &&
	    get16(f + ETH_HLEN + IP_HLEN + 2) == 67) {
		last_dhcp_len = len - 42;
		memcpy(last_dhcp, f + 42, last_dhcp_len);
		last_dhcp_dst = get32(f + ETH_HLEN + 16);
	}
}

static int dhcp_type(const uint8_t *m, uint32_t len)
{
	for (uint32_t i = 240; i + 2 < len && m[i] != 255;) {
		if (m[i] == 0) {
			i++;
			continue;
		}
		if (m[i] == 53)
			return m[i + 2];
		i += 2u + m[i + 1];
	}
	return 0;
}

/* A server's answer of type t to the client's last message. */
static void dhcp_answer(int t, uint32_t lease, int broken)
{
	struct fb f;
	uint8_t m[300], *o = m + 240, udp[8 + 300];

	memset(m, 0, sizeof(m));
	m[0] = 2;
	m[1] = 1;
	m[2] = 6;
	memcpy(m + 4, last_dhcp + 4, 4);		/* xid */
	put32(m + 16, 0x0a00020f);			/* yiaddr 10.0.2.15 */
	memcpy(m + 28, last_dhcp + 28, 6);		/* chaddr */
	put32(m + 236, 0x63825363);
	*o++ = 53; *o++ = 1; *o++ = (uint8_t)t;
	*o++ = 54; *o++ = 4; put32(o, 0x0a000202); o += 4;
	*o++ = 1; *o++ = 4; put32(o, 0xffffff00); o += 4;
	*o++ = 3; *o++ = 4; put32(o, 0x0a000202); o += 4;
	*o++ = 6; *o++ = 4; put32(o, 0x0a000203); o += 4;
	*o++ = 51; *o++ = 4; put32(o, lease); o += 4;
	if (broken) {
		*o++ = 12;
		*o++ = 200;		/* a host name running past the end */
	}
	*o++ = 255;
	memset(udp, 0, 8);
	put16(udp, 67);
	put16(udp + 2, 68);
	put16(udp + 4, (uint16_t)(8 + sizeof(m)));
	memcpy(udp + 8, m, sizeof(m));
	fb_eth(&f, (const uint8_t *)"\xff\xff\xff\xff\xff\xff", peer_mac,
	       ETH_P_IP);
	fb_ip(&f, 0x0a000202, 0xffffffffu, IP_PROTO_UDP, udp, 8 + sizeof(m));
	inject(&f);
}

static void test_dhcp(void **state)
{
	struct net_stack *st = &s.st[0];
	uint64_t fmt;

	(void)state;
	s.tap = dhcp_tap;
	net_set_addr(st, 0, 0, 0);
	dhcp_start(st);
	assert_int_equal(dhcp_type(last_dhcp, last_dhcp_len), 1);	/* DISCOVER */
	assert_int_equal(last_dhcp_dst, 0xffffffffu);
	/* malformed options: dropped, counted, state unchanged */
	fmt = drops(NET_DROP_DHCP_FORMAT);
	dhcp_answer(2, 3600, 1);
	assert_int_equal(drops(NET_DROP_DHCP_FORMAT), fmt + 1);
	assert_int_equal(st->dhcp.state, DHCP_SELECTING);
	dhcp_answer(2, 3600, 0);					/* OFFER */
	assert_int_equal(dhcp_type(last_dhcp, last_dhcp_len), 3);	/* REQUEST */
	assert_int_equal(st->dhcp.state, DHCP_REQUESTING);
	assert_int_equal(st->ip, 0);
	dhcp_answer(5, 3600, 0);					/* ACK */
	assert_int_equal(st->dhcp.state, DHCP_BOUND);
	assert_int_equal(st->ip, 0x0a00020f);
	assert_int_equal(st->mask, 0xffffff00);
	assert_int_equal(st->gw, 0x0a000202);
	assert_int_equal(st->dns, 0x0a000203);
	assert_int_equal(st->dhcp.leases, 1);
	/* a stray ACK now is not ours */
	fmt = drops(NET_DROP_DHCP_NOTOURS);
	dhcp_answer(5, 3600, 0);
	assert_int_equal(drops(NET_DROP_DHCP_NOTOURS), fmt + 1);
	/* T1 (half the lease): a unicast REQUEST to the server */
	last_dhcp_len = 0;
	simnet_run(&s, 1800 * 1000 + 10);
	assert_int_equal(st->dhcp.state, DHCP_RENEWING);
	/* unicast to 10.0.2.2, which nobody on this link answers ARP for:
	 * the REQUEST waits in ARP's queue; read it there */
	for (unsigned i = 0; i < ARP_PENDING; i++)
		if (st->pending[i].nexthop == 0x0a000202)
			dhcp_tap(&s, 0, st->pending[i].frame,
				 st->pending[i].len);
	assert_int_equal(dhcp_type(last_dhcp, last_dhcp_len), 3);
	assert_int_equal(last_dhcp_dst, 0x0a000202);
	assert_int_equal(get32(last_dhcp + 12), 0x0a00020f);	/* ciaddr */
	dhcp_answer(5, 3600, 0);
	assert_int_equal(st->dhcp.state, DHCP_BOUND);
	assert_int_equal(st->dhcp.leases, 2);
	/* no answer at all: the lease ends, the address goes, DISCOVER again */
	simnet_run(&s, 3600 * 1000 + 10);
	assert_int_equal(st->ip, 0);
	assert_int_equal(st->dhcp.state, DHCP_SELECTING);
	s.tap = NULL;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_checksum),
		cmocka_unit_test(test_parse_ip),
		cmocka_unit_test_setup_teardown(test_malformed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncations, setup, teardown),
		cmocka_unit_test_setup_teardown(test_arp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ping_and_udp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dhcp, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
