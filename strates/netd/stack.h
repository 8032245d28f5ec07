/* netd's IPv4 stack: Ethernet, ARP, IPv4, ICMP echo, UDP, a DHCP client
 * and TCP, as portable C with no system calls, so the same code runs in
 * netd and, on the host, under cmocka and libFuzzer.
 *
 * The stack is driven from outside, by one thread: net_input() with each
 * received frame, net_tick() with the time (ms) to run timers, and the
 * socket calls below.  It sends frames through the tx hook the owner
 * gives.  It never blocks: a call that would wait returns -SH_EAGAIN and
 * the owner retries after the next input or tick (netd keeps the client's
 * request and answers it then).
 *
 * Trust: nothing in a received frame is believed before it is checked;
 * a frame that fails a check is dropped and counted under one reason of
 * drops.def.  Memory for sockets and TCP buffers comes from malloc and is
 * bounded by net_config's limits; running out fails the one call. */
#ifndef NETD_STACK_H
#define NETD_STACK_H

#include <stddef.h>
#include <stdint.h>

#include "wire.h"

enum net_drop {
#define X(name, msg) NET_DROP_##name,
#include "drops.def"
#undef X
	NET_DROP_COUNT
};

/* The message of a drop reason ("ipv4: bad header checksum"). */
const char *net_drop_name(unsigned reason);

struct net_counters {
	uint64_t rx_frames, rx_bytes, tx_frames, tx_bytes;
	uint64_t tx_fail;		/* the tx hook refused a frame */
	uint64_t drops[NET_DROP_COUNT];
	uint64_t tcp_rexmit;		/* segments sent again (timeout) */
	uint64_t tcp_fast_rexmit;	/* segments sent again (3 dup ACKs) */
	uint64_t tcp_rst_sent;
	uint64_t icmp_echo_answered;
};

/* ---- ARP --------------------------------------------------------------- */

#define ARP_ENTRIES	16u
#define ARP_PENDING	16u	/* packets waiting for an address, all hosts */
#define ARP_TIMEOUT_MS	60000u	/* a learnt address is forgotten after this */
#define ARP_RETRY_MS	1000u	/* a request is repeated after this */
#define ARP_TRIES	3u	/* requests before giving up */

enum arp_state { ARP_FREE = 0, ARP_WAITING, ARP_KNOWN };

struct arp_entry {
	uint32_t ip;
	uint8_t mac[ETH_ALEN];
	uint8_t state;		/* enum arp_state */
	uint8_t tries;		/* requests sent while WAITING */
	uint64_t when;		/* KNOWN: learnt at; WAITING: last request */
};

struct arp_pending {
	uint32_t nexthop;	/* 0: a free slot */
	uint32_t len;
	uint8_t frame[ETH_FRAME_MAX];	/* Ethernet header filled but the MAC */
};

/* ---- DHCP -------------------------------------------------------------- */

enum dhcp_state { DHCP_OFF = 0, DHCP_SELECTING, DHCP_REQUESTING, DHCP_BOUND,
		  DHCP_RENEWING, DHCP_REBINDING };

struct dhcp {
	uint8_t state;		/* enum dhcp_state */
	uint32_t xid;
	uint32_t offered, server;	/* address offered, server id */
	uint32_t lease_s;	/* seconds, as granted */
	uint64_t bound_at;	/* ms */
	uint64_t t1, t2, expiry;	/* ms, absolute */
	uint64_t next_tx;	/* ms: when to send again */
	uint32_t tries;
	uint32_t leases;	/* ACKs taken (renewals included) */
};

/* ---- sockets ----------------------------------------------------------- */

struct net_stack;

#define UDP_QUEUE	16u	/* datagrams kept per socket */
#define PING_QUEUE	8u	/* replies kept per ping socket */
#define PING_TIMEOUT_MS	1000u	/* a request older than this has no reply */

struct udp_dgram {
	uint32_t len;
	uint8_t data[ETH_MTU - IP_HLEN - UDP_HLEN];
};

struct udp_sock {
	struct udp_sock *next;
	struct net_stack *st;
	uint32_t rip;		/* the peer (connected socket) */
	uint16_t rport, lport;
	uint32_t head, count;	/* the ring of received datagrams */
	struct udp_dgram q[UDP_QUEUE];
};

struct ping_reply {
	uint16_t seq;
	uint8_t ttl;
	uint32_t len;		/* payload bytes */
	uint64_t rtt_us;	/* round trip in microseconds */
};

struct ping_sock {
	struct ping_sock *next;
	struct net_stack *st;
	uint32_t rip;
	uint16_t id, seq;	/* seq: the next to send */
	uint16_t wait_seq;	/* the oldest request without an answer */
	uint64_t sent_us[PING_QUEUE];	/* send time by seq % PING_QUEUE */
	uint32_t head, count;
	struct ping_reply q[PING_QUEUE];
};

/* ---- TCP --------------------------------------------------------------- */

enum tcp_state { TCP_CLOSED = 0, TCP_LISTEN, TCP_SYN_SENT, TCP_SYN_RCVD,
		 TCP_ESTABLISHED, TCP_FIN_WAIT_1, TCP_FIN_WAIT_2,
		 TCP_CLOSE_WAIT, TCP_CLOSING, TCP_LAST_ACK, TCP_TIME_WAIT };

#define TCP_OOO_MAX	8u	/* out-of-order ranges kept */
#define TCP_RTO_INIT_MS	1000u	/* RFC 6298 2.1 */
#define TCP_RTO_MIN_MS	200u	/* RFC 6298 says 1 s; 200 ms as Linux, since
				 * netd's peers are a LAN and slirp away */
#define TCP_RTO_MAX_MS	60000u
#define TCP_SYN_TRIES	6u	/* SYN sent this often before ETIMEDOUT */
#define TCP_DATA_TRIES	12u	/* one segment's timeouts before ETIMEDOUT */
#define TCP_MSL_MS	30000u	/* TIME_WAIT lasts 2 MSL */
#define TCP_FIN2_MS	60000u	/* FIN_WAIT_2 of a closed socket ends after */
#define TCP_MSS_DEFAULT	536u	/* RFC 1122 when the peer sends no MSS */
#define TCP_DACK_MS	40u	/* a lone in-order segment's ACK waits this */

struct tcp_range {
	uint32_t start, end;	/* sequence numbers, [start, end) */
};

struct tcp_conn {
	struct tcp_conn *next;	/* all connections of the stack */
	struct net_stack *st;
	uint8_t state;		/* enum tcp_state */
	uint8_t detached;	/* the owner closed it: free when done */
	uint8_t ack_now;	/* send an ACK at the next output */
	uint8_t fin_queued;	/* the owner closed: FIN after the data */
	uint8_t fin_rcvd;	/* the peer's FIN was taken in order */
	uint8_t ooo_fin;	/* a FIN at ooo_fin_seq waits for the gap */
	uint8_t timing;		/* an RTT measurement runs */
	uint8_t accepted;	/* taken by tcp_accept (or connected actively) */
	uint8_t fin_sent;	/* our FIN went out at fin_seq */
	uint8_t in_queue;	/* established, waiting for tcp_accept */
	int err;		/* 0, or -SH_ECONNRESET, ... for the owner */
	uint32_t lip, rip;
	uint16_t lport, rport;
	uint16_t mss;		/* segment size we send */

	/* send side: sbuf holds slen bytes from snd_una on (ring at sstart) */
	uint32_t iss, snd_una, snd_nxt, snd_max, snd_wnd, snd_wl1, snd_wl2;
	uint8_t *sbuf;
	uint32_t scap, slen, sstart;
	uint32_t cwnd, ssthresh, dupacks, recover;

	/* receive side: rbuf holds rlen bytes in order (ring at rstart);
	 * out-of-order bytes sit after them at their offset from rcv_nxt */
	uint32_t irs, rcv_nxt, rcv_adv;	/* rcv_adv: right edge advertised */
	uint8_t *rbuf;
	uint32_t rcap, rlen, rstart;
	struct tcp_range ooo[TCP_OOO_MAX];
	uint32_t nooo, ooo_fin_seq;
	uint32_t fin_seq;	/* our FIN's sequence number, once sent */

	/* RFC 6298 */
	uint32_t srtt, rttvar, rto;	/* ms; srtt 0: no sample yet */
	uint32_t rto_base;	/* rto before back-off (RFC 6298 2.3) */
	uint32_t rtt_seq;
	uint64_t rtt_start;
	uint32_t tries;		/* timeouts of the current segment */
	uint64_t rexmit_at;	/* ms, 0 off: retransmission or probe */
	uint64_t close_at;	/* ms, 0 off: TIME_WAIT or FIN_WAIT_2 end */
	uint64_t dack_at;	/* ms, 0 off: a delayed ACK is due */
	uint32_t dacks;		/* in-order segments not yet acknowledged */

	/* listeners */
	struct tcp_conn *listener;	/* the listener that made this one */
	uint32_t backlog, queued;	/* LISTEN: limit, established waiting */
	uint64_t born;		/* ms: age, for the accept order */
	void *owner;		/* the owner's, for its bookkeeping */
};

/* ---- the stack --------------------------------------------------------- */

struct net_config {
	uint8_t mac[ETH_ALEN];
	uint32_t tcp_max;	/* connections (listeners included) */
	uint32_t tcp_sndbuf, tcp_rcvbuf;	/* bytes per connection */
	uint32_t sock_max;	/* UDP and ping sockets */
	uint32_t seed;		/* initial sequence numbers, ports, xids */
	int (*tx)(void *arg, const void *frame, uint32_t len);
	void *tx_arg;
};

struct net_stack {
	struct net_config cfg;
	uint32_t ip, mask, gw, dns;	/* host byte order; ip 0: none yet */
	uint64_t now;			/* ms, from the last input or tick */
	uint64_t now_us;		/* the same in microseconds */
	uint32_t rng;
	struct net_counters c;
	struct arp_entry arp[ARP_ENTRIES];
	struct arp_pending pending[ARP_PENDING];
	struct dhcp dhcp;
	struct tcp_conn *tcp;
	uint32_t tcp_count;
	struct udp_sock *udp;
	struct ping_sock *ping;
	uint32_t sock_count;
	uint16_t next_port;
	uint16_t ip_id;			/* the last IPv4 identification */
	uint8_t tx[ETH_FRAME_MAX];	/* the frame being built */
};

/* Prepares st with cfg (tx hook, MAC, limits).  No address until
 * net_set_addr or DHCP.  Returns 0 or -SH_EINVAL. */
int net_init(struct net_stack *st, const struct net_config *cfg);

/* Sets the address, netmask and gateway (host byte order). */
void net_set_addr(struct net_stack *st, uint32_t ip, uint32_t mask,
		  uint32_t gw);

/* Takes one received frame (len bytes, any content) at now_us.  Never
 * fails: a bad frame is counted and dropped. */
void net_input(struct net_stack *st, const uint8_t *frame, size_t len,
	       uint64_t now_us);

/* Runs the timers due at now_us (microseconds, the owner's clock; the
 * stack's timers count ms).  Returns ms until the next timer (at most
 * 1000), for the owner's wait. */
uint64_t net_tick(struct net_stack *st, uint64_t now_us);

/* Sets the stack's clock to now_us without running timers: the owner
 * calls it before socket calls so their timers start from now. */
void net_clock(struct net_stack *st, uint64_t now_us);

/* A pseudo-random 32-bit number (xorshift, seeded by cfg.seed). */
uint32_t net_rand(struct net_stack *st);

/* Formats a.b.c.d into out (16 bytes). */
void net_fmt_ip(char out[16], uint32_t ip);

/* Parses "a.b.c.d" (len bytes).  Returns 0 and *ip, or -SH_EINVAL. */
int net_parse_ip(const char *s, size_t len, uint32_t *ip);

/* ---- internal: the layers call each other through these ---------------- */

/* Sends the frame in st->tx (len bytes, Ethernet header included). */
void eth_send(struct net_stack *st, uint32_t len);
/* The first byte of an IP payload in st->tx. */
static inline uint8_t *ip_payload(struct net_stack *st)
{
	return st->tx + ETH_HLEN + IP_HLEN;
}
/* Sends the IP payload of len bytes built at ip_payload(st) to dst from
 * src.  Returns 0, or -SH_ENOSPC if ARP's queue is full. */
int ip_send(struct net_stack *st, uint32_t src, uint32_t dst, uint8_t proto,
	    uint32_t len);
void arp_input(struct net_stack *st, const uint8_t *eth, const uint8_t *p,
	       size_t len);
/* Sends st->tx (len bytes) to nexthop, asking ARP first if needed. */
int arp_output(struct net_stack *st, uint32_t nexthop, uint32_t len);
void arp_tick(struct net_stack *st);
void icmp_input(struct net_stack *st, uint32_t src, uint32_t dst, uint8_t ttl,
		const uint8_t *p, size_t len);
void udp_input(struct net_stack *st, uint32_t src, uint32_t dst,
	       const uint8_t *p, size_t len);
/* Builds and sends one datagram sport -> dst:dport from src. */
int udp_output(struct net_stack *st, uint32_t src, uint16_t sport,
	       uint32_t dst, uint16_t dport, const void *buf, size_t len);
/* A local port (49152..65535) no socket or connection uses. */
uint16_t net_free_port(struct net_stack *st);
void dhcp_input(struct net_stack *st, const uint8_t *p, size_t len);
uint64_t dhcp_tick(struct net_stack *st);
/* tcp_out.c: sends what c's state, windows and buffer allow (and an ACK
 * if one is owed); tcp_send_seg sends one segment of len buffered bytes
 * at seq with flags; tcp_reset answers a segment with RST. */
void tcp_output(struct tcp_conn *c);
void tcp_send_seg(struct tcp_conn *c, uint32_t seq, uint32_t len,
		  uint8_t flags);
void tcp_reset(struct net_stack *st, uint32_t src, uint32_t dst,
	       uint16_t sport, uint16_t dport, uint32_t seq, uint32_t ack,
	       int with_ack);
/* tcp.c: the connection's end (state CLOSED, freed if its owner is
 * gone); err is what the owner's next call returns. */
void tcp_drop(struct tcp_conn *c, int err);
/* tcp.c: frees a connection that no owner holds. */
void tcp_free(struct tcp_conn *c);
/* tcp.c: a new connection record with buffers, or NULL. */
struct tcp_conn *tcp_new(struct net_stack *st, int buffers);
/* tcp.c: RFC 6298 with one measurement r (ms). */
void tcp_rtt_sample(struct tcp_conn *c, uint32_t r);
/* tcp_out.c: the receive window to advertise. */
uint32_t tcp_rcv_window(const struct tcp_conn *c);
void tcp_input(struct net_stack *st, uint32_t src, uint32_t dst,
	       const uint8_t *p, size_t len);
uint64_t tcp_tick(struct net_stack *st);
void net_drop(struct net_stack *st, enum net_drop why);

/* ---- sockets: the owner's calls ---------------------------------------- */

/* Starts DHCP (DISCOVER now).  The address comes with the ACK. */
void dhcp_start(struct net_stack *st);
/* The name of a DHCP state ("bound"). */
const char *dhcp_state_name(unsigned s);

/* Opens a UDP socket to rip:rport from a free local port.  Returns 0 and
 * *out, or -SH_EQUOTA (sock_max), -SH_ENOMEM, -SH_EINVAL. */
int udp_open(struct net_stack *st, uint32_t rip, uint16_t rport,
	     struct udp_sock **out);
/* Sends one datagram.  Returns len, -SH_E2BIG past one frame, -SH_EAGAIN
 * without an address yet. */
int64_t udp_send(struct udp_sock *u, const void *buf, size_t len);
/* Takes the oldest datagram (cut to cap).  Returns its bytes, or
 * -SH_EAGAIN when none is queued. */
int64_t udp_recv(struct udp_sock *u, void *buf, size_t cap);
void udp_close(struct net_stack *st, struct udp_sock *u);

/* Opens an echo socket to rip.  Returns 0 and *out, or as udp_open. */
int ping_open(struct net_stack *st, uint32_t rip, struct ping_sock **out);
/* Sends one echo request carrying len bytes (at most 1472) at now_us.
 * Returns its sequence number, or -SH_E2BIG, -SH_EAGAIN (no address). */
int ping_send(struct ping_sock *p, const void *data, size_t len,
	      uint64_t now_us);
/* Takes the reply to the oldest request: 0 and *r; -SH_ETIMEDOUT (and
 * r->seq) once that request is older than PING_TIMEOUT_MS; -SH_EAGAIN
 * (wait), -SH_ENOENT (nothing was sent). */
int ping_recv(struct ping_sock *p, struct ping_reply *r, uint64_t now_us);
void ping_close(struct net_stack *st, struct ping_sock *p);
/* The icmp layer delivers an echo reply here. */
void ping_deliver(struct net_stack *st, uint32_t src, uint16_t id,
		  uint16_t seq, uint8_t ttl, uint32_t len, uint64_t now_us);

/* Connects to rip:rport (SYN now).  Returns 0 and *out (SYN_SENT), or
 * -SH_EQUOTA (tcp_max), -SH_ENOMEM, -SH_EINVAL (no address yet, port 0). */
int tcp_connect(struct net_stack *st, uint32_t rip, uint16_t rport,
		struct tcp_conn **out);
/* Listens on lport with backlog.  Returns 0 and *out, or -SH_EBUSY (the
 * port is taken), -SH_EQUOTA, -SH_ENOMEM. */
int tcp_listen(struct net_stack *st, uint16_t lport, uint32_t backlog,
	       struct tcp_conn **out);
/* Takes the oldest established connection of listener l.  Returns 0 and
 * *out, -SH_EAGAIN if none waits. */
int tcp_accept(struct tcp_conn *l, struct tcp_conn **out);
/* Reads up to cap bytes.  Returns the bytes, 0 at the peer's FIN,
 * -SH_EAGAIN (wait), or the connection's error (-SH_ECONNRESET,
 * -SH_ECONNREFUSED, -SH_ETIMEDOUT). */
int64_t tcp_recv(struct tcp_conn *c, void *buf, size_t cap);
/* Queues up to len bytes.  Returns the bytes taken (> 0), -SH_EAGAIN when
 * the send buffer is full, or the connection's error (-SH_EPIPE-like
 * -SH_ECONNRESET once it is gone). */
int64_t tcp_send(struct tcp_conn *c, const void *buf, size_t len);
/* 1 if a read would not wait, 1 if a write would not wait. */
int tcp_readable(const struct tcp_conn *c);
int tcp_writable(const struct tcp_conn *c);
/* The owner lets go: an orderly FIN (a listener drops its queue with
 * RSTs).  The stack frees c when the exchange ends; c is not the
 * owner's any more. */
void tcp_close(struct tcp_conn *c);
/* The name of a state ("ESTABLISHED"). */
const char *tcp_state_name(unsigned s);

#endif
