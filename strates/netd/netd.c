/* netd: drives virtio-net and serves net: with the stack of stack.h.
 *
 * Owns: the virtio-net device (SH_DEV=virtio-net@F+OFF/irq@Q), the one
 * IPv4 stack, every socket.  Trusts nobody: frames are checked by the
 * stack, requests by the scheme library, the device's lengths by vnet.c.
 *
 * Two threads, as consd.  The main thread owns all state and serves the
 * endpoint.  The interrupt thread waits on a notification — the device's
 * interrupt, or the main thread's "timers moved" bit, or the stack's next
 * timer — then calls the endpoint with NETD_TAG_TICK; the main thread
 * then takes every received frame (refilling the ring), runs the timers
 * and answers the requests that were waiting, and replies with how long
 * the interrupt thread may sleep.  Nothing spins: with no traffic netd
 * wakes once a second.
 *
 * Limits come from the manifest's run line (silos/net.silo):
 *   netd conns=N sndbuf=BYTES rcvbuf=BYTES socks=N
 * sized so that conns * (sndbuf + rcvbuf) fits the silo's memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <shale.h>
#include <shale/strate.h>

#include "netd.h"
#include "vnet.h"

#define NETD_FILES	128u
#define NETD_TAG_TICK	0x4e45544454494b00ULL	/* "NETDTIK" */
#define BIT_IRQ		1u
#define BIT_RECALC	2u

struct net_stack netd_stack;
uint64_t netd_rx_bad;

static struct vnet vnet;
static sh_handle_t notif;
static struct scheme_file files[NETD_FILES];
static uint64_t rbuf[SCHEME_RECV_MIN / 8 + 1];
static uint64_t obuf[SH_READ_MAX / 8];
static struct scheme_server srv;

uint64_t netd_now_us(void)
{
	return (uint64_t)sh_clock() / 1000u;
}

static void say(const char *s)
{
	sh_debug_write(s, strlen(s));
}

static int netd_tx(void *arg, const void *frame, uint32_t len)
{
	(void)arg;
	return vnet_tx(&vnet, frame, len);
}

static void netd_rx(void *arg, const uint8_t *frame, uint32_t len)
{
	(void)arg;
	net_input(&netd_stack, frame, len, netd_now_us());
}

static void irq_thread(void *arg)
{
	sh_handle_t ep = (sh_handle_t)(uintptr_t)arg;
	uint64_t wait = 0;

	for (;;) {
		struct sh_msg m;

		if (wait)
			sh_notif_wait(notif, wait);
		virtio_irq_ack(&vnet.dev);
		memset(&m, 0, sizeof(m));
		m.tag = NETD_TAG_TICK;
		if (sh_ipc_call(ep, &m) < 0) {
			sh_sleep(100000000ULL);	/* never spin on a broken endpoint */
			continue;
		}
		wait = m.tag ? m.tag : 1000000ULL;
	}
}

/* A tick: frames in, timers, waiting requests; the reply's tag is how
 * long the interrupt thread may sleep (ns). */
static void on_tick(uint64_t rcvid)
{
	struct sh_msg out;
	uint64_t next_ms;

	vnet_rx(&vnet, netd_rx, NULL);
	netd_rx_bad = vnet.rx_bad;
	next_ms = net_tick(&netd_stack, netd_now_us());
	netd_waiters_poll(&srv);
	if (netd_waiters_next_ms(&srv) < next_ms)
		next_ms = netd_waiters_next_ms(&srv);
	memset(&out, 0, sizeof(out));
	out.tag = (next_ms ? next_ms : 1) * 1000000ULL;
	sh_ipc_reply((long)rcvid, &out);
}

static int netd_hook(uint64_t rcvid, struct sh_msg *in, void *arg)
{
	(void)arg;
	if (in->tag == NETD_TAG_TICK && in->badge == 0) {
		on_tick(rcvid);
		return 1;
	}
	/* a request may start timers (a SYN, data, a read's timeout): let the
	 * interrupt thread recompute its sleep once this request is done */
	if (in->tag == SH_REQ_OPEN || in->tag == SH_REQ_WRITE ||
	    in->tag == SH_REQ_CLOSE || in->tag == SH_REQ_READ)
		sh_notif_signal(notif, BIT_RECALC);
	return 0;
}

/* "name=value" arguments of the manifest's run line. */
static void parse_args(int argc, char **argv, struct net_config *cfg)
{
	for (int i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		unsigned long v;

		if (!eq) {
			printf("netd: ignoring argument '%s' (want name=value)\n",
			       argv[i]);
			continue;
		}
		v = strtoul(eq + 1, NULL, 0);
		*eq = '\0';
		if (strcmp(argv[i], "conns") == 0 && v >= 4 && v <= 4096)
			cfg->tcp_max = (uint32_t)v;
		else if (strcmp(argv[i], "sndbuf") == 0 && v >= 4096 &&
			 v <= (1u << 24))
			cfg->tcp_sndbuf = (uint32_t)v;
		else if (strcmp(argv[i], "rcvbuf") == 0 && v >= 4096 &&
			 v <= 65535)
			cfg->tcp_rcvbuf = (uint32_t)v;
		else if (strcmp(argv[i], "socks") == 0 && v >= 1 && v <= 1024)
			cfg->sock_max = (uint32_t)v;
		else
			printf("netd: ignoring %s=%s (unknown or out of range)\n",
			       argv[i], eq + 1);
	}
}

int main(int argc, char **argv)
{
	struct net_config cfg;
	struct strate_dev sd;
	long ep, r;

	strate_init();
	ep = strate_serve_handle("net");
	if (ep < 0)
		ep = strate_serve_handle(NULL);
	if (ep < 0 || strate_dev_get("virtio-net", 0, &sd) < 0) {
		say("netd: need SH_SERVE=net@K and SH_DEV=virtio-net@F/irq@Q\n");
		return 1;
	}
	r = sh_notif_create();
	if (r < 0)
		return 1;
	notif = (sh_handle_t)r;
	r = vnet_open(&vnet, &sd, notif, BIT_IRQ);
	if (r < 0) {
		printf("netd: virtio-net: %s\n", sh_strerror(r));
		return 1;
	}
	memset(&cfg, 0, sizeof(cfg));
	memcpy(cfg.mac, vnet.mac, ETH_ALEN);
	cfg.tcp_max = 64;
	cfg.tcp_sndbuf = 32768;
	cfg.tcp_rcvbuf = 32768;
	cfg.sock_max = 32;
	parse_args(argc, argv, &cfg);
	cfg.seed = (uint32_t)sh_clock() ^ ((uint32_t)vnet.mac[5] << 24) ^
		   ((uint32_t)vnet.mac[4] << 16);
	cfg.tx = netd_tx;
	if (net_init(&netd_stack, &cfg) < 0) {
		say("netd: bad stack configuration\n");
		return 1;
	}
	net_clock(&netd_stack, netd_now_us());
	dhcp_start(&netd_stack);
	if (scheme_server_init(&srv, (sh_handle_t)ep, &netd_ops, NULL, files,
			       NETD_FILES, rbuf, sizeof(rbuf), obuf,
			       sizeof(obuf)) < 0)
		return 1;
	r = sh_thread_spawn(irq_thread, (void *)(uintptr_t)ep, SH_PRIO_DEFAULT,
			    16384);
	if (r < 0) {
		say("netd: no interrupt thread\n");
		return 1;
	}
	printf("netd: serving net: (mac %02x:%02x:%02x:%02x:%02x:%02x, "
	       "%u connections of %u+%u bytes)\n", vnet.mac[0], vnet.mac[1],
	       vnet.mac[2], vnet.mac[3], vnet.mac[4], vnet.mac[5],
	       cfg.tcp_max, cfg.tcp_sndbuf, cfg.tcp_rcvbuf);
	return strate_serve(&srv, netd_hook, NULL) < 0 ? 1 : 0;
}
