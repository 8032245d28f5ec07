/* netd's TCP between two stacks over simnet's link: bulk transfers both
 * ways, clean and under loss, reordering, duplication and corruption;
 * the retransmission timer's back-off and recovery; refusal, reset,
 * orderly close and TIME_WAIT; many connections at once. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <shale/errors.h>

#include "simnet.h"

#define PORT 7000

/* The byte at offset i of side k's stream: a pattern no shifted copy of
 * itself matches. */
static uint8_t pat(int k, uint64_t i)
{
	uint64_t x = (i + 1) * 0x9e3779b97f4a7c15ull + (uint64_t)k * 77;

	return (uint8_t)(x >> 56 ^ x >> 13);
}

struct flow {
	struct tcp_conn *c;
	uint64_t sent, rcvd;
	int bad;		/* offset of the first wrong byte + 1 */
};

static void pump(struct flow *f, int side, uint64_t total)
{
	uint8_t buf[4096];
	int64_t r;

	while (f->sent < total) {
		uint32_t n = total - f->sent < sizeof(buf) ?
			     (uint32_t)(total - f->sent) : sizeof(buf);

		for (uint32_t i = 0; i < n; i++)
			buf[i] = pat(side, f->sent + i);
		r = tcp_send(f->c, buf, n);
		if (r <= 0)
			break;
		f->sent += (uint64_t)r;
	}
	while ((r = tcp_recv(f->c, buf, sizeof(buf))) > 0) {
		for (int64_t i = 0; i < r; i++)
			if (buf[i] != pat(!side, f->rcvd + (uint64_t)i) && !f->bad)
				f->bad = (int)(f->rcvd + (uint64_t)i + 1);
		f->rcvd += (uint64_t)r;
	}
}

/* Connects side 0 to a listener on side 1; returns the listener. */
static struct tcp_conn *connect_pair(struct simnet *s, struct flow f[2])
{
	struct tcp_conn *l;

	memset(f, 0, 2 * sizeof(*f));
	assert_int_equal(tcp_listen(&s->st[1], PORT, 8, &l), 0);
	assert_int_equal(tcp_connect(&s->st[0], s->st[1].ip, PORT, &f[0].c), 0);
	for (int t = 0; t < 60000 && tcp_accept(l, &f[1].c) != 0; t++)
		simnet_run(s, 1);
	assert_non_null(f[1].c);
	assert_int_equal(f[1].c->state, TCP_ESTABLISHED);
	return l;
}

/* Moves total bytes each way; returns the simulated ms it took. */
static uint64_t transfer(struct simnet *s, struct flow f[2], uint64_t total,
			 uint64_t limit_ms)
{
	uint64_t start = s->now;

	while ((f[0].rcvd < total || f[1].rcvd < total) &&
	       s->now - start < limit_ms) {
		pump(&f[0], 0, total);
		pump(&f[1], 1, total);
		simnet_run(s, 1);
	}
	assert_int_equal(f[0].bad, 0);
	assert_int_equal(f[1].bad, 0);
	assert_int_equal(f[0].rcvd, total);
	assert_int_equal(f[1].rcvd, total);
	return s->now - start;
}

/* Both sides close; both ends must be freed after TIME_WAIT. */
static void close_pair(struct simnet *s, struct flow f[2], struct tcp_conn *l)
{
	uint8_t b[16];

	tcp_close(f[0].c);
	for (int t = 0; t < 30000 && tcp_recv(f[1].c, b, sizeof(b)) != 0; t++)
		simnet_run(s, 1);
	assert_int_equal(tcp_recv(f[1].c, b, sizeof(b)), 0);	/* EOF */
	assert_int_equal(f[1].c->state, TCP_CLOSE_WAIT);
	tcp_close(f[1].c);
	if (l)
		tcp_close(l);
	simnet_run(s, 2 * TCP_MSL_MS + 60000);
	assert_null(s->st[0].tcp);
	assert_null(s->st[1].tcp);
	assert_int_equal(s->st[0].tcp_count, 0);
	assert_int_equal(s->st[1].tcp_count, 0);
}

static void test_bulk_clean(void **state)
{
	static struct simnet s;
	struct flow f[2];
	struct tcp_conn *l;

	(void)state;
	simnet_init(&s, 1);
	l = connect_pair(&s, f);
	transfer(&s, f, 1 << 20, 60000);
	assert_int_equal(s.st[0].c.tcp_rexmit + s.st[1].c.tcp_rexmit, 0);
	close_pair(&s, f, l);
	simnet_fini(&s);
}

static void test_bulk_lossy(void **state)
{
	static struct simnet s;
	struct flow f[2];
	struct tcp_conn *l;
	uint64_t ms;

	(void)state;
	simnet_init(&s, 42);
	s.loss = 10;
	s.reorder = 10;
	s.dup = 2;
	s.corrupt = 2;
	l = connect_pair(&s, f);
	ms = transfer(&s, f, 1 << 20, 3600000);
	/* the losses were real, and were repaired both ways */
	assert_true(s.lost > 100);
	assert_true(s.st[0].c.tcp_rexmit + s.st[0].c.tcp_fast_rexmit > 0);
	assert_true(s.st[1].c.tcp_rexmit + s.st[1].c.tcp_fast_rexmit > 0);
	/* corruption was caught by checksums, never delivered */
	assert_true(s.st[0].c.drops[NET_DROP_TCP_CSUM] +
		    s.st[0].c.drops[NET_DROP_IP_CSUM] +
		    s.st[1].c.drops[NET_DROP_TCP_CSUM] +
		    s.st[1].c.drops[NET_DROP_IP_CSUM] > 0);
	assert_true(ms < 3600000);
	s.loss = s.reorder = s.dup = s.corrupt = 0;
	close_pair(&s, f, l);
	simnet_fini(&s);
}

static void test_rto_backoff(void **state)
{
	static struct simnet s;
	struct flow f[2];
	struct tcp_conn *l;
	uint32_t rto0, rto_hi;
	uint64_t rex0;

	(void)state;
	simnet_init(&s, 7);
	l = connect_pair(&s, f);
	transfer(&s, f, 65536, 60000);	/* RTT samples: rto at its floor */
	rto0 = f[0].c->rto;
	assert_int_equal(rto0, TCP_RTO_MIN_MS);
	/* the link dies: each timeout doubles the RTO */
	s.loss = 100;
	rex0 = s.st[0].c.tcp_rexmit;
	assert_true(tcp_send(f[0].c, "x", 1) == 1);
	simnet_run(&s, rto0 + rto0 * 2 + rto0 * 4 + 50);
	assert_int_equal(s.st[0].c.tcp_rexmit - rex0, 3);
	rto_hi = f[0].c->rto;
	assert_int_equal(rto_hi, rto0 * 8);
	assert_int_equal(f[0].c->state, TCP_ESTABLISHED);
	/* the link comes back: the byte arrives, and fresh samples bring
	 * the RTO back down */
	s.loss = 0;
	f[0].sent = f[1].rcvd = 0;	/* "x" is not the pattern: skip it */
	simnet_run(&s, rto_hi + 10);
	{
		uint8_t b;
		assert_int_equal(tcp_recv(f[1].c, &b, 1), 1);
		assert_int_equal(b, 'x');
	}
	f[0].sent = 65536;
	f[1].rcvd = 65536;
	transfer(&s, f, 65536 * 3, 60000);
	assert_int_equal(f[0].c->rto, TCP_RTO_MIN_MS);
	close_pair(&s, f, l);
	simnet_fini(&s);
}

static void test_timeout_gives_up(void **state)
{
	static struct simnet s;
	struct flow f[2];
	struct tcp_conn *l;
	uint8_t b;

	(void)state;
	simnet_init(&s, 8);
	l = connect_pair(&s, f);
	s.loss = 100;
	assert_true(tcp_send(f[0].c, "y", 1) == 1);
	simnet_run(&s, 20 * 60000);
	assert_int_equal(f[0].c->state, TCP_CLOSED);
	assert_int_equal(tcp_recv(f[0].c, &b, 1), -SH_ETIMEDOUT);
	assert_int_equal(tcp_send(f[0].c, &b, 1), -SH_ETIMEDOUT);
	tcp_close(f[0].c);
	tcp_close(f[1].c);
	tcp_close(l);
	s.loss = 0;
	simnet_run(&s, 200000);
	assert_null(s.st[0].tcp);
	simnet_fini(&s);
}

static void test_refused(void **state)
{
	static struct simnet s;
	struct tcp_conn *c;
	uint8_t b;

	(void)state;
	simnet_init(&s, 3);
	assert_int_equal(tcp_connect(&s.st[0], s.st[1].ip, 81, &c), 0);
	assert_int_equal(tcp_recv(c, &b, 1), -SH_EAGAIN);
	simnet_run(&s, 50);
	assert_int_equal(c->state, TCP_CLOSED);
	assert_int_equal(tcp_recv(c, &b, 1), -SH_ECONNREFUSED);
	assert_int_equal(s.st[1].c.drops[NET_DROP_TCP_NOCONN], 1);
	tcp_close(c);
	assert_null(s.st[0].tcp);
	simnet_fini(&s);
}

static void test_reset_by_peer(void **state)
{
	static struct simnet s;
	struct flow f[2];
	struct tcp_conn *l;
	uint8_t b;

	(void)state;
	simnet_init(&s, 4);
	l = connect_pair(&s, f);
	/* side 1 vanishes (its state is lost): the next segment gets RST */
	tcp_close(l);
	f[1].c->detached = 1;
	tcp_free(f[1].c);
	assert_true(tcp_send(f[0].c, "hello", 5) == 5);
	simnet_run(&s, 50);
	assert_int_equal(tcp_recv(f[0].c, &b, 1), -SH_ECONNRESET);
	assert_int_equal(tcp_send(f[0].c, "z", 1), -SH_ECONNRESET);
	tcp_close(f[0].c);
	assert_null(s.st[0].tcp);
	simnet_fini(&s);
}

/* A blind RST with a sequence number in the window but not exact is
 * answered with a challenge ACK, and the connection lives. */
static void test_blind_rst(void **state)
{
	static struct simnet s;
	struct flow f[2];
	struct tcp_conn *l;
	uint8_t fr[ETH_HLEN + IP_HLEN + TCP_HLEN];
	uint8_t *ip = fr + ETH_HLEN, *t = ip + IP_HLEN;
	struct tcp_conn *c;

	(void)state;
	simnet_init(&s, 5);
	l = connect_pair(&s, f);
	c = f[1].c;
	memset(fr, 0, sizeof(fr));
	memcpy(fr, s.st[1].cfg.mac, ETH_ALEN);
	memcpy(fr + 6, s.st[0].cfg.mac, ETH_ALEN);
	put16(fr + 12, ETH_P_IP);
	ip[0] = 0x45;
	put16(ip + 2, IP_HLEN + TCP_HLEN);
	ip[8] = 64;
	ip[9] = IP_PROTO_TCP;
	put32(ip + 12, c->rip);
	put32(ip + 16, c->lip);
	put16(ip + 10, csum_fold(csum_add(0, ip, IP_HLEN)));
	put16(t, c->rport);
	put16(t + 2, c->lport);
	put32(t + 4, c->rcv_nxt + 100);
	t[12] = 5 << 4;
	t[13] = TH_RST;
	put16(t + 16, csum_fold(csum_add(csum_pseudo(c->rip, c->lip,
			IP_PROTO_TCP, TCP_HLEN), t, TCP_HLEN)));
	simnet_inject(&s, 1, fr, sizeof(fr));
	assert_int_equal(c->state, TCP_ESTABLISHED);
	/* exact: the reset is taken */
	put32(t + 4, c->rcv_nxt);
	put16(t + 16, 0);
	put16(t + 16, csum_fold(csum_add(csum_pseudo(c->rip, c->lip,
			IP_PROTO_TCP, TCP_HLEN), t, TCP_HLEN)));
	simnet_inject(&s, 1, fr, sizeof(fr));
	assert_int_equal(c->state, TCP_CLOSED);
	assert_int_equal(c->err, -SH_ECONNRESET);
	tcp_close(c);
	tcp_close(f[0].c);
	tcp_close(l);
	simnet_run(&s, 2 * TCP_MSL_MS + 70000);
	assert_null(s.st[0].tcp);
	assert_null(s.st[1].tcp);
	simnet_fini(&s);
}

/* 50 connections at once through one listener, each its own bytes. */
static void test_many(void **state)
{
	static struct simnet s;
	struct tcp_conn *l, *cl[50], *sv[50];
	int nsv = 0;

	(void)state;
	simnet_init(&s, 9);
	s.loss = 3;
	assert_int_equal(tcp_listen(&s.st[1], 80, 64, &l), 0);
	for (int i = 0; i < 50; i++)
		assert_int_equal(tcp_connect(&s.st[0], s.st[1].ip, 80, &cl[i]), 0);
	for (int t = 0; t < 60000 && nsv < 50; t++) {
		while (nsv < 50 && tcp_accept(l, &sv[nsv]) == 0)
			nsv++;
		simnet_run(&s, 1);
	}
	assert_int_equal(nsv, 50);
	for (int i = 0; i < 50; i++) {
		char m[8] = "conn00";

		m[4] = (char)('0' + i / 10);
		m[5] = (char)('0' + i % 10);
		assert_int_equal(tcp_send(cl[i], m, 6), 6);
		tcp_close(cl[i]);
	}
	simnet_run(&s, 20000);
	for (int i = 0; i < 50; i++) {
		char m[16];
		int64_t n = tcp_recv(sv[i], m, sizeof(m));
		struct tcp_conn *c = sv[i];

		assert_int_equal(n, 6);
		/* the server's peer port says which client this is */
		for (int k = 0; k < 50; k++)
			if (c->rport == cl[k]->lport)
				assert_int_equal((m[4] - '0') * 10 + m[5] - '0', k);
		assert_int_equal(tcp_recv(sv[i], m, sizeof(m)), 0);
		tcp_close(sv[i]);
	}
	tcp_close(l);
	s.loss = 0;
	simnet_run(&s, 2 * TCP_MSL_MS + 70000);
	assert_null(s.st[0].tcp);
	assert_null(s.st[1].tcp);
	simnet_fini(&s);
}

/* Bytes written while the SYN is out, then close: they still arrive,
 * then the FIN (a shell's "echo x > net:tcp/..."). */
static void test_close_while_connecting(void **state)
{
	static struct simnet s;
	struct tcp_conn *l, *c, *a = NULL;
	char b[16];

	(void)state;
	simnet_init(&s, 11);
	assert_int_equal(tcp_listen(&s.st[1], 25, 4, &l), 0);
	assert_int_equal(tcp_connect(&s.st[0], s.st[1].ip, 25, &c), 0);
	assert_int_equal(tcp_send(c, "early", 5), 5);
	tcp_close(c);
	for (int t = 0; t < 1000 && !a; t++) {
		simnet_run(&s, 1);
		tcp_accept(l, &a);
	}
	assert_non_null(a);
	simnet_run(&s, 50);
	assert_int_equal(tcp_recv(a, b, sizeof(b)), 5);
	assert_memory_equal(b, "early", 5);
	assert_int_equal(tcp_recv(a, b, sizeof(b)), 0);
	tcp_close(a);
	tcp_close(l);
	simnet_run(&s, 2 * TCP_MSL_MS + 70000);
	assert_null(s.st[0].tcp);
	assert_null(s.st[1].tcp);
	simnet_fini(&s);
}

/* The connection limit is an error to the caller, not a crash; a
 * listener's overflow is counted. */
static void test_limits(void **state)
{
	static struct simnet s;
	struct tcp_conn *c[70];
	int n = 0, r;

	(void)state;
	simnet_init(&s, 10);
	while ((r = tcp_connect(&s.st[0], s.st[1].ip, 9, &c[n])) == 0)
		n++;
	assert_int_equal(r, -SH_EQUOTA);
	assert_int_equal(n, 64);
	for (int i = 0; i < n; i++)
		tcp_close(c[i]);
	assert_null(s.st[0].tcp);
	simnet_fini(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bulk_clean),
		cmocka_unit_test(test_bulk_lossy),
		cmocka_unit_test(test_rto_backoff),
		cmocka_unit_test(test_timeout_gives_up),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_reset_by_peer),
		cmocka_unit_test(test_blind_rst),
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_close_while_connecting),
		cmocka_unit_test(test_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
