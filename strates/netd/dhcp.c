/* The DHCP client (RFC 2131, options RFC 2132): DISCOVER, take the first
 * OFFER, REQUEST it, and on ACK configure address, netmask, router and
 * DNS server.  Renews by unicast at T1 (half the lease), rebinds by
 * broadcast at T2 (7/8), and starts over when the lease ends.  A message
 * is taken only if it is a BOOTREPLY for our xid and our MAC with sane
 * options; anything else is counted and dropped. */
#include <string.h>

#include <shale/errors.h>

#include "stack.h"

#define DHCP_FIXED	236u	/* op .. file */
#define DHCP_MAGIC	0x63825363u
#define DHCP_RETRY_MS	2000u
#define DHCP_RETRY_MAX	32000u

enum { DISCOVER = 1, OFFER = 2, REQUEST = 3, DECLINE = 4, ACK = 5, NAK = 6 };

struct dhcp_opts {
	int type;
	uint32_t server, mask, router, dns, lease, t1, t2;
};

/* Parses the options after the magic cookie.  Returns 0, or -SH_EBADMSG
 * for a length past the end or an option of the wrong size. */
static int dhcp_parse(const uint8_t *p, size_t len, struct dhcp_opts *o)
{
	size_t i = 0;

	memset(o, 0, sizeof(*o));
	while (i < len) {
		uint8_t code = p[i], n;

		if (code == 0) {		/* pad */
			i++;
			continue;
		}
		if (code == 255)		/* end */
			return 0;
		if (i + 2 > len)
			return -SH_EBADMSG;
		n = p[i + 1];
		if (i + 2 + n > len)
			return -SH_EBADMSG;
		const uint8_t *v = p + i + 2;
		switch (code) {
		case 53:
			if (n != 1)
				return -SH_EBADMSG;
			o->type = v[0];
			break;
		case 1: case 3: case 6: case 54: case 51: case 58: case 59:
			if (n < 4 || ((code == 1 || code == 54 || code == 51 ||
				       code == 58 || code == 59) && n != 4) ||
			    n % 4)
				return -SH_EBADMSG;
			uint32_t x = get32(v);
			if (code == 1) o->mask = x;
			else if (code == 3) o->router = x;
			else if (code == 6) o->dns = x;
			else if (code == 54) o->server = x;
			else if (code == 51) o->lease = x;
			else if (code == 58) o->t1 = x;
			else o->t2 = x;
			break;
		default:
			break;
		}
		i += 2u + n;
	}
	return 0;		/* no end option: tolerated, as most clients */
}

/* Sends a DISCOVER or REQUEST; ciaddr and the destination follow the
 * state (RFC 2131 4.3.2, 4.4.5). */
static void dhcp_send(struct net_stack *st, int type)
{
	struct dhcp *d = &st->dhcp;
	uint8_t m[300];
	uint8_t *o = m + DHCP_FIXED + 4;
	int renewing = d->state == DHCP_RENEWING || d->state == DHCP_REBINDING;
	uint32_t src = renewing ? st->ip : 0;
	uint32_t dst = d->state == DHCP_RENEWING ? d->server : IP_BROADCAST;

	memset(m, 0, sizeof(m));
	m[0] = 1;			/* BOOTREQUEST */
	m[1] = 1;			/* Ethernet */
	m[2] = ETH_ALEN;
	put32(m + 4, d->xid);
	if (!renewing)
		put16(m + 10, 0x8000);	/* broadcast the answer */
	else
		put32(m + 12, st->ip);	/* ciaddr */
	memcpy(m + 28, st->cfg.mac, ETH_ALEN);
	put32(m + DHCP_FIXED, DHCP_MAGIC);
	*o++ = 53; *o++ = 1; *o++ = (uint8_t)type;
	if (type == REQUEST && d->state == DHCP_REQUESTING) {
		*o++ = 50; *o++ = 4; put32(o, d->offered); o += 4;
		*o++ = 54; *o++ = 4; put32(o, d->server); o += 4;
	}
	*o++ = 55; *o++ = 3; *o++ = 1; *o++ = 3; *o++ = 6;	/* we want these */
	*o++ = 255;
	udp_output(st, src, 68, dst, 67, m, sizeof(m));
}

static void dhcp_retry_at(struct net_stack *st)
{
	struct dhcp *d = &st->dhcp;
	uint64_t wait = (uint64_t)DHCP_RETRY_MS << (d->tries < 4 ? d->tries : 4);

	if (wait > DHCP_RETRY_MAX)
		wait = DHCP_RETRY_MAX;
	d->tries++;
	d->next_tx = st->now + wait;
}

void dhcp_start(struct net_stack *st)
{
	struct dhcp *d = &st->dhcp;
	uint32_t leases = d->leases;

	memset(d, 0, sizeof(*d));
	d->leases = leases;
	d->state = DHCP_SELECTING;
	d->xid = net_rand(st);
	dhcp_send(st, DISCOVER);
	dhcp_retry_at(st);
}

void dhcp_input(struct net_stack *st, const uint8_t *p, size_t len)
{
	struct dhcp *d = &st->dhcp;
	struct dhcp_opts o;
	uint32_t yiaddr;

	if (len < DHCP_FIXED + 4 || get32(p + DHCP_FIXED) != DHCP_MAGIC ||
	    p[0] != 2 || p[1] != 1 || p[2] != ETH_ALEN) {
		net_drop(st, NET_DROP_DHCP_FORMAT);
		return;
	}
	if (d->state == DHCP_OFF || d->state == DHCP_BOUND ||
	    get32(p + 4) != d->xid || memcmp(p + 28, st->cfg.mac, ETH_ALEN)) {
		net_drop(st, NET_DROP_DHCP_NOTOURS);
		return;
	}
	if (dhcp_parse(p + DHCP_FIXED + 4, len - DHCP_FIXED - 4, &o) < 0 ||
	    o.type == 0) {
		net_drop(st, NET_DROP_DHCP_FORMAT);
		return;
	}
	yiaddr = get32(p + 16);
	if (o.type == OFFER && d->state == DHCP_SELECTING) {
		if (yiaddr == 0 || ip_is_multi(yiaddr) || o.server == 0) {
			net_drop(st, NET_DROP_DHCP_FORMAT);
			return;
		}
		d->offered = yiaddr;
		d->server = o.server;
		d->state = DHCP_REQUESTING;
		d->tries = 0;
		dhcp_send(st, REQUEST);
		dhcp_retry_at(st);
		return;
	}
	if (o.type == NAK && d->state != DHCP_SELECTING) {
		if (d->state != DHCP_REQUESTING)
			net_set_addr(st, 0, 0, 0);
		dhcp_start(st);
		return;
	}
	if (o.type != ACK || d->state == DHCP_SELECTING) {
		net_drop(st, NET_DROP_DHCP_NOTOURS);
		return;
	}
	if (yiaddr == 0 || ip_is_multi(yiaddr) || o.lease < 60 ||
	    (o.mask && (~o.mask & (~o.mask + 1)) != 0)) {	/* contiguous */
		net_drop(st, NET_DROP_DHCP_FORMAT);
		return;
	}
	if (o.server)
		d->server = o.server;
	d->offered = yiaddr;
	d->lease_s = o.lease;
	d->bound_at = st->now;
	d->t1 = st->now + (o.t1 && o.t1 < o.lease ? o.t1 : o.lease / 2) * 1000ull;
	d->t2 = st->now + (o.t2 && o.t2 < o.lease ? o.t2 : o.lease / 8 * 7) * 1000ull;
	d->expiry = st->now + o.lease * 1000ull;
	d->state = DHCP_BOUND;
	d->tries = 0;
	d->leases++;
	net_set_addr(st, yiaddr, o.mask ? o.mask : 0xffffff00u, o.router);
	st->dns = o.dns;
}

uint64_t dhcp_tick(struct net_stack *st)
{
	struct dhcp *d = &st->dhcp;

	switch (d->state) {
	case DHCP_OFF:
		return 1000;
	case DHCP_BOUND:
		if (st->now < d->t1)
			return d->t1 - st->now;
		d->state = DHCP_RENEWING;
		d->xid = net_rand(st);
		d->tries = 0;
		d->next_tx = st->now;
		/* fall through */
	case DHCP_RENEWING:
	case DHCP_REBINDING:
		if (st->now >= d->expiry) {
			net_set_addr(st, 0, 0, 0);
			dhcp_start(st);
			return DHCP_RETRY_MS;
		}
		if (d->state == DHCP_RENEWING && st->now >= d->t2) {
			d->state = DHCP_REBINDING;
			d->next_tx = st->now;
		}
		if (st->now >= d->next_tx) {
			dhcp_send(st, REQUEST);
			dhcp_retry_at(st);
		}
		break;
	case DHCP_SELECTING:
	case DHCP_REQUESTING:
		if (st->now >= d->next_tx) {
			if (d->state == DHCP_REQUESTING && d->tries >= 4) {
				dhcp_start(st);	/* the offer went stale */
				break;
			}
			dhcp_send(st, d->state == DHCP_SELECTING ? DISCOVER
								 : REQUEST);
			dhcp_retry_at(st);
		}
		break;
	}
	return d->next_tx > st->now ? d->next_tx - st->now : 1;
}

/* The name of the client's state, for net:if. */
const char *dhcp_state_name(unsigned s)
{
	static const char *const names[] = {
		"off", "selecting", "requesting", "bound", "renewing",
		"rebinding",
	};

	return s < sizeof(names) / sizeof(names[0]) ? names[s] : "?";
}
