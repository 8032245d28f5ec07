/* ARP (RFC 826) for IPv4 over Ethernet: a cache of ARP_ENTRIES addresses
 * that are forgotten after ARP_TIMEOUT_MS, and one bounded queue of
 * packets waiting for an answer (ARP_PENDING for all hosts together), so
 * a host that never answers costs a few slots and is dropped, counted,
 * after ARP_TRIES requests.
 *
 * Only requests for our address are answered and only their senders (and
 * replies to what we asked) are learnt; a sender claiming a broadcast,
 * multicast or our own address is dropped. */
#include <string.h>

#include <shale/errors.h>

#include "stack.h"

static struct arp_entry *arp_find(struct net_stack *st, uint32_t ip)
{
	for (uint32_t i = 0; i < ARP_ENTRIES; i++)
		if (st->arp[i].state != ARP_FREE && st->arp[i].ip == ip)
			return &st->arp[i];
	return NULL;
}

/* A slot for ip: a free one, else the oldest known (never one that
 * packets wait on). */
static struct arp_entry *arp_slot(struct net_stack *st)
{
	struct arp_entry *old = NULL;

	for (uint32_t i = 0; i < ARP_ENTRIES; i++) {
		struct arp_entry *e = &st->arp[i];

		if (e->state == ARP_FREE)
			return e;
		if (e->state == ARP_KNOWN && (!old || e->when < old->when))
			old = e;
	}
	return old;
}

static void arp_send(struct net_stack *st, uint16_t op, const uint8_t *tmac,
		     uint32_t tip)
{
	uint8_t *f = st->tx, *a = st->tx + ETH_HLEN;

	if (op == 1)
		memset(f, 0xff, ETH_ALEN);
	else
		memcpy(f, tmac, ETH_ALEN);
	memcpy(f + 6, st->cfg.mac, ETH_ALEN);
	put16(f + 12, ETH_P_ARP);
	put16(a, 1);			/* Ethernet */
	put16(a + 2, ETH_P_IP);
	a[4] = ETH_ALEN;
	a[5] = 4;
	put16(a + 6, op);
	memcpy(a + 8, st->cfg.mac, ETH_ALEN);
	put32(a + 14, st->ip);
	if (op == 1)
		memset(a + 18, 0, ETH_ALEN);
	else
		memcpy(a + 18, tmac, ETH_ALEN);
	put32(a + 24, tip);
	/* pad to the 60-byte Ethernet minimum */
	memset(a + ARP_LEN, 0, 60 - ETH_HLEN - ARP_LEN);
	eth_send(st, 60);
}

/* Sends every packet waiting for e's address. */
static void arp_flush(struct net_stack *st, const struct arp_entry *e)
{
	for (uint32_t i = 0; i < ARP_PENDING; i++) {
		struct arp_pending *p = &st->pending[i];

		if (p->nexthop != e->ip)
			continue;
		memcpy(p->frame, e->mac, ETH_ALEN);
		if (st->cfg.tx(st->cfg.tx_arg, p->frame, p->len) < 0) {
			st->c.tx_fail++;
		} else {
			st->c.tx_frames++;
			st->c.tx_bytes += p->len;
		}
		p->nexthop = 0;
	}
}

static void arp_learn(struct net_stack *st, uint32_t ip, const uint8_t *mac,
		      int make)
{
	struct arp_entry *e = arp_find(st, ip);

	if (!e) {
		if (!make || !(e = arp_slot(st)))
			return;
		memset(e, 0, sizeof(*e));
		e->ip = ip;
	}
	memcpy(e->mac, mac, ETH_ALEN);
	e->state = ARP_KNOWN;
	e->when = st->now;
	arp_flush(st, e);
}

void arp_input(struct net_stack *st, const uint8_t *eth, const uint8_t *a,
	       size_t len)
{
	uint32_t sip, tip;
	uint16_t op;

	(void)eth;
	if (len < ARP_LEN) {
		net_drop(st, NET_DROP_ARP_SHORT);
		return;
	}
	if (get16(a) != 1 || get16(a + 2) != ETH_P_IP || a[4] != ETH_ALEN ||
	    a[5] != 4) {
		net_drop(st, NET_DROP_ARP_FORMAT);
		return;
	}
	op = get16(a + 6);
	if (op != 1 && op != 2) {
		net_drop(st, NET_DROP_ARP_OP);
		return;
	}
	sip = get32(a + 14);
	tip = get32(a + 24);
	if (ip_is_multi(sip) || (a[8] & 1) ||
	    (st->ip && sip == st->ip) ||
	    memcmp(a + 8, st->cfg.mac, ETH_ALEN) == 0) {
		net_drop(st, NET_DROP_ARP_SENDER);
		return;
	}
	if (st->ip == 0 || tip != st->ip) {
		/* not for us: only refresh what we already know (RFC 826) */
		if (sip)
			arp_learn(st, sip, a + 8, 0);
		if (op == 1) {
			net_drop(st, NET_DROP_ARP_NOTUS);
			return;
		}
		return;
	}
	if (sip)
		arp_learn(st, sip, a + 8, 1);
	if (op == 1)
		arp_send(st, 2, a + 8, sip);
}

int arp_output(struct net_stack *st, uint32_t nexthop, uint32_t len)
{
	struct arp_entry *e = arp_find(st, nexthop);
	struct arp_pending *slot = NULL;

	if (e && e->state == ARP_KNOWN) {
		memcpy(st->tx, e->mac, ETH_ALEN);
		eth_send(st, len);
		return 0;
	}
	for (uint32_t i = 0; i < ARP_PENDING && !slot; i++)
		if (st->pending[i].nexthop == 0)
			slot = &st->pending[i];
	if (!slot) {
		net_drop(st, NET_DROP_ARP_PENDING);
		return -SH_ENOSPC;
	}
	slot->nexthop = nexthop;
	slot->len = len;
	memcpy(slot->frame, st->tx, len);
	if (!e) {
		e = arp_slot(st);
		if (!e) {	/* every entry has packets waiting */
			slot->nexthop = 0;
			net_drop(st, NET_DROP_ARP_PENDING);
			return -SH_ENOSPC;
		}
		memset(e, 0, sizeof(*e));
		e->ip = nexthop;
		e->state = ARP_WAITING;
		e->tries = 1;
		e->when = st->now;
		arp_send(st, 1, NULL, nexthop);
	}
	return 0;
}

void arp_tick(struct net_stack *st)
{
	for (uint32_t i = 0; i < ARP_ENTRIES; i++) {
		struct arp_entry *e = &st->arp[i];

		if (e->state == ARP_KNOWN &&
		    st->now - e->when >= ARP_TIMEOUT_MS) {
			e->state = ARP_FREE;
		} else if (e->state == ARP_WAITING &&
			   st->now - e->when >= ARP_RETRY_MS) {
			if (e->tries >= ARP_TRIES) {
				for (uint32_t k = 0; k < ARP_PENDING; k++) {
					if (st->pending[k].nexthop != e->ip)
						continue;
					st->pending[k].nexthop = 0;
					net_drop(st, NET_DROP_ARP_PENDING);
				}
				e->state = ARP_FREE;
				continue;
			}
			e->tries++;
			e->when = st->now;
			arp_send(st, 1, NULL, e->ip);
		}
	}
}
