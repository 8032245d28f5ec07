/* libFuzzer target: netd's stack from the Ethernet frame up.
 *
 * Input: one flag byte, then frames as [len hi][len lo][bytes...].  Each
 * frame goes to net_input of a fresh stack at 10.0.0.1/24 with a TCP
 * listener on port 80, a UDP and a ping socket, DHCP running and one
 * connection opened to 10.0.0.2:1234.  After each frame the clock moves
 * by the frame's first byte in ms and timers run.
 *
 * With flag bit 0 set, the target helps the fuzzer past what it cannot
 * guess: checksums are recomputed where the lengths allow, and a TCP
 * segment's seq and ack count from what the matching connection expects
 * (rcv_nxt, snd_una), so established states and their data paths are
 * reached, not only the checks in front of them. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stack.h"

static int tx_sink(void *arg, const void *frame, uint32_t len)
{
	(void)arg;
	(void)frame;
	(void)len;
	return 0;
}

static void fix(struct net_stack *st, uint8_t *f, size_t len)
{
	uint8_t *ip = f + ETH_HLEN, *p;
	uint32_t hl, total, src, dst, plen;

	if (len < ETH_HLEN + IP_HLEN || get16(f + 12) != ETH_P_IP)
		return;
	hl = (uint32_t)(ip[0] & 15) * 4;
	total = get16(ip + 2);
	if (hl < IP_HLEN || total < hl || total > len - ETH_HLEN)
		return;
	put16(ip + 10, 0);
	put16(ip + 10, csum_fold(csum_add(0, ip, hl)));
	src = get32(ip + 12);
	dst = get32(ip + 16);
	p = ip + hl;
	plen = total - hl;
	if (ip[9] == IP_PROTO_TCP && plen >= TCP_HLEN) {
		for (struct tcp_conn *c = st->tcp; c; c = c->next)
			if (c->lport == get16(p + 2) && c->rport == get16(p) &&
			    c->state != TCP_LISTEN) {
				put32(p + 4, get32(p + 4) + c->rcv_nxt);
				put32(p + 8, get32(p + 8) + c->snd_una);
				break;
			}
		put16(p + 16, 0);
		put16(p + 16, csum_fold(csum_add(csum_pseudo(src, dst,
					IP_PROTO_TCP, (uint16_t)plen), p, plen)));
	} else if (ip[9] == IP_PROTO_UDP && plen >= UDP_HLEN &&
		   get16(p + 4) <= plen && get16(p + 4) >= UDP_HLEN) {
		uint16_t ul = get16(p + 4);

		put16(p + 6, 0);
		put16(p + 6, csum_fold(csum_add(csum_pseudo(src, dst,
					IP_PROTO_UDP, ul), p, ul)));
	} else if (ip[9] == IP_PROTO_ICMP && plen >= ICMP_HLEN) {
		put16(p + 2, 0);
		put16(p + 2, csum_fold(csum_add(0, p, plen)));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct net_stack st;
	static uint8_t frame[65536];
	struct net_config cfg;
	struct tcp_conn *l, *c;
	struct udp_sock *u;
	struct ping_sock *p;
	uint64_t now = 1000000;
	int helped;
	size_t i = 1;

	if (size < 1)
		return 0;
	helped = data[0] & 1;
	memset(&cfg, 0, sizeof(cfg));
	memcpy(cfg.mac, "\x52\x54\x00\x12\x34\x56", 6);
	cfg.tcp_max = 8;
	cfg.tcp_sndbuf = 4096;
	cfg.tcp_rcvbuf = 4096;
	cfg.sock_max = 4;
	cfg.seed = 1;
	cfg.tx = tx_sink;
	net_init(&st, &cfg);
	net_clock(&st, now);
	dhcp_start(&st);
	net_set_addr(&st, 0x0a000001u, 0xffffff00u, 0x0a0000feu);
	tcp_listen(&st, 80, 4, &l);
	tcp_connect(&st, 0x0a000002u, 1234, &c);
	tcp_send(c, "hello", 5);
	udp_open(&st, 0x0a000002u, 53, &u);
	ping_open(&st, 0x0a000002u, &p);
	ping_send(p, "x", 1, now);
	while (i + 2 <= size) {
		size_t n = (size_t)get16(data + i);
		uint8_t buf[64];
		struct tcp_conn *a;

		i += 2;
		if (n > size - i)
			n = size - i;
		memcpy(frame, data + i, n);
		if (helped)
			fix(&st, frame, n);
		net_input(&st, frame, n, now);
		i += n;
		now += (n ? frame[0] : 1) * 1000ull;
		net_tick(&st, now);
		/* the owner's side: read and accept what there is */
		if (c->state != TCP_CLOSED)
			tcp_recv(c, buf, sizeof(buf));
		while (tcp_accept(l, &a) == 0) {
			tcp_recv(a, buf, sizeof(buf));
			tcp_send(a, buf, 7);
			tcp_close(a);
		}
		udp_recv(u, buf, sizeof(buf));
	}
	/* let go of everything: connections end through their timers */
	tcp_close(c);
	tcp_close(l);
	udp_close(&st, u);
	ping_close(&st, p);
	while (st.tcp) {
		struct tcp_conn *x = st.tcp;

		x->detached = 1;
		tcp_free(x);
	}
	return 0;
}
