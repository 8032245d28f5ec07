/* The simulated link of simnet.h. */
#include <stdlib.h>
#include <string.h>

#include "simnet.h"

static uint32_t dice(struct simnet *s)
{
	uint32_t x = s->rng;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	s->rng = x;
	return x;
}

static void enqueue(struct simnet *s, int to, const void *f, uint32_t len,
		    uint64_t at)
{
	struct sim_frame *q;

	if (s->n == SIM_QUEUE) {
		s->lost++;
		return;
	}
	q = &s->q[s->n++];
	q->at = at;
	q->len = len;
	q->to = to;
	memcpy(q->data, f, len);
}

static int sim_tx(void *arg, const void *frame, uint32_t len)
{
	struct net_stack *st = arg;
	struct simnet *s = NULL;
	int from;
	uint64_t at;

	/* the stack is s->st[0] or s->st[1]: find s from it */
	from = st->cfg.mac[5] - 1;
	s = (struct simnet *)((char *)(st - from) - offsetof(struct simnet, st));
	s->sent++;
	if (s->tap)
		s->tap(s, from, frame, len);
	if (dice(s) % 100 < s->loss) {
		s->lost++;
		return 0;
	}
	at = s->now + s->delay;
	if (dice(s) % 100 < s->reorder)
		at += 1 + dice(s) % 5;
	enqueue(s, !from, frame, len, at);
	if (dice(s) % 100 < s->corrupt) {
		struct sim_frame *q = &s->q[s->n - 1];

		q->data[dice(s) % len] ^= (uint8_t)(1u << (dice(s) % 8));
		s->corrupted++;
	}
	if (dice(s) % 100 < s->dup)
		enqueue(s, !from, frame, len, at + 1);
	return 0;
}

void simnet_init(struct simnet *s, uint32_t seed)
{
	struct net_config cfg;

	memset(s, 0, sizeof(*s));
	s->q = calloc(SIM_QUEUE, sizeof(*s->q));
	s->rng = seed ? seed : 1;
	s->delay = 1;
	s->now = 1000;
	for (int i = 0; i < 2; i++) {
		memset(&cfg, 0, sizeof(cfg));
		memcpy(cfg.mac, (uint8_t[]){ 0x52, 0x54, 0, 0x12, 0x34,
					     (uint8_t)(i + 1) }, ETH_ALEN);
		cfg.tcp_max = 64;
		cfg.tcp_sndbuf = 32768;
		cfg.tcp_rcvbuf = 32768;
		cfg.sock_max = 16;
		cfg.seed = seed * 2 + (uint32_t)i + 1;
		cfg.tx = sim_tx;
		cfg.tx_arg = &s->st[i];
		net_init(&s->st[i], &cfg);
		net_set_addr(&s->st[i], 0x0a000001u + (uint32_t)i, 0xffffff00u,
			     0x0a0000feu);
		net_clock(&s->st[i], s->now * 1000);
	}
}

void simnet_fini(struct simnet *s)
{
	free(s->q);
	s->q = NULL;
}

void simnet_inject(struct simnet *s, int i, const uint8_t *f, uint32_t len)
{
	net_input(&s->st[i], f, len, s->now * 1000);
}

void simnet_run(struct simnet *s, uint64_t ms)
{
	static struct sim_frame due[SIM_QUEUE];

	for (uint64_t t = 0; t < ms; t++) {
		uint32_t nd = 0, k = 0;

		s->now++;
		/* take what is due, in the order it was sent; keep the rest */
		for (uint32_t i = 0; i < s->n; i++) {
			if (s->q[i].at <= s->now)
				due[nd++] = s->q[i];
			else
				s->q[k++] = s->q[i];
		}
		s->n = k;
		for (uint32_t i = 0; i < nd; i++)
			net_input(&s->st[due[i].to], due[i].data, due[i].len,
				  s->now * 1000);
		net_tick(&s->st[0], s->now * 1000);
		net_tick(&s->st[1], s->now * 1000);
		/* the tests' socket calls after this step happen now */
		net_clock(&s->st[0], s->now * 1000);
		net_clock(&s->st[1], s->now * 1000);
	}
}
