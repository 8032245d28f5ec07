/* The text files of net: — what ifconfig, arp and netstat print.  Each
 * is written whole into a malloc'd buffer when opened, so reads at any
 * offset see one consistent snapshot. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <shale/errors.h>

#include "netd.h"

struct tbuf {
	char *p;
	size_t len, cap;
	int err;
};

static void tprintf(struct tbuf *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void tprintf(struct tbuf *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->err)
		return;
	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(t->p ? t->p + t->len : NULL,
			      t->p ? t->cap - t->len : 0, fmt, ap);
		va_end(ap);
		if (n < 0) {
			t->err = 1;
			return;
		}
		if (t->p && t->len + (size_t)n < t->cap) {
			t->len += (size_t)n;
			return;
		}
		size_t cap = (t->cap ? t->cap * 2 : 1024) + (size_t)n;
		char *q = realloc(t->p, cap);

		if (!q) {
			t->err = 1;
			return;
		}
		t->p = q;
		t->cap = cap;
	}
}

static long tdone(struct tbuf *t, char **out)
{
	if (t->err) {
		free(t->p);
		return -SH_ENOMEM;
	}
	*out = t->p;
	return (long)t->len;
}

long netd_text_if(char **out)
{
	const struct net_stack *st = &netd_stack;
	const struct net_counters *c = &st->c;
	struct tbuf t = { 0 };
	char a[16], m[16], g[16], d[16];
	uint64_t drops = 0;

	net_fmt_ip(a, st->ip);
	net_fmt_ip(m, st->mask);
	net_fmt_ip(g, st->gw);
	net_fmt_ip(d, st->dns);
	tprintf(&t, "address  %s\nnetmask  %s\ngateway  %s\ndns      %s\n",
		a, m, g, d);
	tprintf(&t, "mac      %02x:%02x:%02x:%02x:%02x:%02x\n",
		st->cfg.mac[0], st->cfg.mac[1], st->cfg.mac[2],
		st->cfg.mac[3], st->cfg.mac[4], st->cfg.mac[5]);
	tprintf(&t, "dhcp     %s", dhcp_state_name(st->dhcp.state));
	if (st->dhcp.state >= DHCP_BOUND) {
		uint64_t left = st->dhcp.expiry > st->now ?
				(st->dhcp.expiry - st->now) / 1000 : 0;

		tprintf(&t, ", lease %u s, %llu s left, %u lease(s) taken",
			st->dhcp.lease_s, (unsigned long long)left,
			st->dhcp.leases);
	}
	tprintf(&t, "\nrx       %llu frames, %llu bytes\n"
		"tx       %llu frames, %llu bytes, %llu refused by the device\n",
		(unsigned long long)c->rx_frames,
		(unsigned long long)c->rx_bytes,
		(unsigned long long)c->tx_frames,
		(unsigned long long)c->tx_bytes,
		(unsigned long long)c->tx_fail);
	tprintf(&t, "tcp      %u connection(s), %llu resent on timeout, "
		"%llu fast resent, %llu RST sent\n"
		"icmp     %llu echo request(s) answered\n",
		st->tcp_count, (unsigned long long)c->tcp_rexmit,
		(unsigned long long)c->tcp_fast_rexmit,
		(unsigned long long)c->tcp_rst_sent,
		(unsigned long long)c->icmp_echo_answered);
	for (unsigned i = 0; i < NET_DROP_COUNT; i++)
		drops += c->drops[i];
	tprintf(&t, "dropped  %llu\n", (unsigned long long)drops);
	for (unsigned i = 0; i < NET_DROP_COUNT; i++)
		if (c->drops[i])
			tprintf(&t, "  %8llu  %s\n",
				(unsigned long long)c->drops[i],
				net_drop_name(i));
	if (netd_rx_bad)
		tprintf(&t, "  %8llu  virtio: bad receive entry from the device\n",
			(unsigned long long)netd_rx_bad);
	return tdone(&t, out);
}

long netd_text_arp(char **out)
{
	const struct net_stack *st = &netd_stack;
	struct tbuf t = { 0 };
	char a[16];

	tprintf(&t, "%-15s  %-17s  %s\n", "ADDRESS", "MAC", "STATE");
	for (unsigned i = 0; i < ARP_ENTRIES; i++) {
		const struct arp_entry *e = &st->arp[i];

		if (e->state == ARP_FREE)
			continue;
		net_fmt_ip(a, e->ip);
		if (e->state == ARP_KNOWN)
			tprintf(&t, "%-15s  %02x:%02x:%02x:%02x:%02x:%02x  "
				"known, %llu s ago\n", a, e->mac[0], e->mac[1],
				e->mac[2], e->mac[3], e->mac[4], e->mac[5],
				(unsigned long long)((st->now - e->when) / 1000));
		else
			tprintf(&t, "%-15s  %-17s  asking (%u)\n", a, "-",
				e->tries);
	}
	return tdone(&t, out);
}

long netd_text_tcp(char **out)
{
	const struct net_stack *st = &netd_stack;
	struct tbuf t = { 0 };
	char l[24], r[24], ip[16];

	tprintf(&t, "%-21s  %-21s  %-11s  %7s  %7s\n", "LOCAL", "REMOTE",
		"STATE", "SENDQ", "RECVQ");
	for (const struct tcp_conn *c = st->tcp; c; c = c->next) {
		net_fmt_ip(ip, c->state == TCP_LISTEN ? 0 : c->lip);
		snprintf(l, sizeof(l), "%s:%u", ip, c->lport);
		if (c->state == TCP_LISTEN) {
			snprintf(r, sizeof(r), "*:*");
		} else {
			net_fmt_ip(ip, c->rip);
			snprintf(r, sizeof(r), "%s:%u", ip, c->rport);
		}
		tprintf(&t, "%-21s  %-21s  %-11s  %7u  %7u\n", l, r,
			tcp_state_name(c->state), c->slen, c->rlen);
	}
	return tdone(&t, out);
}
