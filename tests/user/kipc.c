/* kipc: IPC between processes.  Runs as init (init=kipc) and spawns kchild
 * from the boot archive, passing it an endpoint handle:
 *   - ping-pong: the child serves, we call (1000 round trips, each reply
 *     checked), through a badged handle whose badge the child sees;
 *   - the other way: a child calls, we serve;
 *   - child to child: one serves, the other calls, we only watch;
 *   - handle transfer to another process and revoke across processes: the
 *     child's copy of a notification dies when we revoke ours;
 *   - a server that dies holding our call: the call ends with EDEAD;
 *   - no handle leaks across all of it. */
#include <stdio.h>
#include <string.h>

#include "kt.h"

#define SEC 1000000000ULL
#define ROUNDS 1000
#define TAG_QUIT 99

static long spawn_child(const char *mode, const char *arg, sh_handle_t h,
			struct sh_spawn *sp)
{
	char args[64];
	size_t n = 0, l;

	memset(sp, 0, sizeof(*sp));
	memcpy(args, "kchild", 7);
	n = 7;
	l = strlen(mode) + 1;
	memcpy(args + n, mode, l);
	n += l;
	if (arg) {
		l = strlen(arg) + 1;
		memcpy(args + n, arg, l);
		n += l;
	}
	sp->prio = SH_PRIO_DEFAULT;
	if (h) {
		sp->nhandles = 1;
		sp->handles[0] = h;
	}
	return sh_spawn_program("kchild", args, n, sp);
}

static void reap(long c, struct sh_spawn *sp)
{
	if (sp->thread)
		sh_cap_close(sp->thread);
	if (c > 0)
		sh_cap_close((sh_handle_t)c);
}

static long quit(sh_handle_t ep)
{
	struct sh_msg m = {0};

	m.tag = TAG_QUIT;
	return sh_ipc_call(ep, &m);
}

static void test_pingpong(void)
{
	struct sh_spawn sp;
	struct sh_msg m;
	uint64_t buf[2], t0, t1;
	long ep, badged, c, r;
	int good = 0;

	ep = sh_endpoint_create();
	c = spawn_child("echo", NULL, (sh_handle_t)ep, &sp);
	if (!kt_ok("pingpong.spawn_server", c))
		return;
	badged = sh_cap_mint((sh_handle_t)ep, SH_R_WRITE, 77);
	t0 = (uint64_t)sh_clock();
	for (uint64_t i = 0; i < ROUNDS; i++) {
		memset(&m, 0, sizeof(m));
		buf[0] = i;
		buf[1] = ~i;
		m.tag = 1;
		m.buf = buf;
		m.len = sizeof(buf);
		m.cap = sizeof(buf);
		r = sh_ipc_call((sh_handle_t)badged, &m);
		if (r != 0 || m.len != sizeof(buf) || m.tag != 77)
			break;
		/* each byte plus one */
		if (((uint8_t *)buf)[0] != (uint8_t)(i + 1) ||
		    ((uint8_t *)buf)[8] != (uint8_t)(~i + 1))
			break;
		good++;
	}
	t1 = (uint64_t)sh_clock();
	kt_eq("pingpong.round_trips", good, ROUNDS);
	kt_eq("pingpong.badge_seen", (long)m.tag, 77);
	kt_note("%d cross-process round trips in %llu us", good,
		(unsigned long long)((t1 - t0) / 1000));
	/* 64 KiB, the most one message carries, both ways. */
	{
		static uint8_t big[SH_MSG_MAX];
		int ok = 1;

		for (uint32_t i = 0; i < sizeof(big); i++)
			big[i] = (uint8_t)i;
		memset(&m, 0, sizeof(m));
		m.tag = 1;
		m.buf = big;
		m.len = sizeof(big);
		m.cap = sizeof(big);
		kt_eq("pingpong.64k_call", sh_ipc_call((sh_handle_t)ep, &m), 0);
		for (uint32_t i = 0; i < sizeof(big); i++)
			ok &= big[i] == (uint8_t)(i + 1);
		kt_check("pingpong.64k_data", ok && m.len == sizeof(big), "len %u", m.len);
	}
	kt_eq("pingpong.quit", quit((sh_handle_t)ep), 0);
	kt_eq("pingpong.server_exit", sh_proc_wait((sh_handle_t)c, 5 * SEC), 0);
	reap(c, &sp);
	sh_cap_close((sh_handle_t)badged);
	sh_cap_close((sh_handle_t)ep);
}

/* A child calls ROUNDS times; we answer with each byte plus one. */
static void test_serve_child(void)
{
	static char buf[64];
	struct sh_spawn sp;
	struct sh_msg m, rep;
	long ep, minted, c, rcvid;
	int served = 0;
	char num[16];

	ep = sh_endpoint_create();
	minted = sh_cap_mint((sh_handle_t)ep, SH_R_WRITE | SH_R_GRANT, 5);
	snprintf(num, sizeof(num), "%d", ROUNDS);
	c = spawn_child("ping", num, (sh_handle_t)minted, &sp);
	if (!kt_ok("serve.spawn_client", c))
		return;
	memset(&m, 0, sizeof(m));
	m.buf = buf;
	m.cap = sizeof(buf);
	rcvid = sh_ipc_recv((sh_handle_t)ep, &m);
	while (rcvid > 0 && m.badge == 5) {
		memset(&rep, 0, sizeof(rep));
		for (uint32_t i = 0; i < m.len; i++)
			buf[i]++;
		rep.buf = buf;
		rep.len = m.len;
		served++;
		if (served == ROUNDS) {
			sh_ipc_reply(rcvid, &rep);
			break;
		}
		m.buf = buf;
		m.cap = sizeof(buf);
		rcvid = sh_ipc_reply_recv((sh_handle_t)ep, rcvid, &rep, &m);
	}
	kt_eq("serve.calls", served, ROUNDS);
	kt_eq("serve.client_happy", sh_proc_wait((sh_handle_t)c, 5 * SEC), 0);
	reap(c, &sp);
	sh_cap_close((sh_handle_t)minted);
	sh_cap_close((sh_handle_t)ep);
}

/* Two children talk; we hand out the endpoint and wait. */
static void test_child_to_child(void)
{
	struct sh_spawn s1, s2;
	long ep, c1, c2;
	char num[16];

	ep = sh_endpoint_create();
	snprintf(num, sizeof(num), "%d", ROUNDS);
	c1 = spawn_child("echo", NULL, (sh_handle_t)ep, &s1);
	c2 = spawn_child("ping", num, (sh_handle_t)ep, &s2);
	kt_ok("c2c.spawn", c1 < 0 ? c1 : c2);
	kt_eq("c2c.client_happy", sh_proc_wait((sh_handle_t)c2, 10 * SEC), 0);
	kt_eq("c2c.quit", quit((sh_handle_t)ep), 0);
	kt_eq("c2c.server_exit", sh_proc_wait((sh_handle_t)c1, 5 * SEC), 0);
	reap(c1, &s1);
	reap(c2, &s2);
	sh_cap_close((sh_handle_t)ep);
}

static long hold_call(sh_handle_t ep, uint64_t tag, sh_handle_t give, long *result)
{
	struct sh_msg m = {0};
	long r;

	m.tag = tag;
	if (give) {
		m.nhandles = 1;
		m.handles[0] = give;
	}
	r = sh_ipc_call(ep, &m);
	*result = (long)m.tag;
	return r;
}

/* We grant the child a notification (derived from ours), it signals it;
 * we revoke ours; its copy is dead. */
static void test_transfer_revoke(void)
{
	struct sh_spawn sp;
	struct sh_cap_info ci;
	long ep, c, n, d, res, r;

	ep = sh_endpoint_create();
	c = spawn_child("hold", NULL, (sh_handle_t)ep, &sp);
	if (!kt_ok("revoke.spawn", c))
		return;
	n = sh_notif_create();
	d = sh_cap_dup((sh_handle_t)n, SH_R_SIGNAL | SH_R_GRANT);
	r = hold_call((sh_handle_t)ep, 1, (sh_handle_t)d, &res);
	kt_eq("transfer.call", r, 0);
	kt_eq("transfer.child_signals", res, 0);
	kt_eq("transfer.signal_arrived", sh_notif_wait((sh_handle_t)n, SEC), 1);
	kt_eq("transfer.sender_keeps", sh_cap_info((sh_handle_t)d, &ci), 0);
	kt_eq("transfer.rights_kept", ci.rights, SH_R_SIGNAL | SH_R_GRANT);

	kt_eq("revoke.call", sh_cap_revoke((sh_handle_t)n), 0);
	kt_err("revoke.our_dup_dead", sh_cap_info((sh_handle_t)d, &ci), SH_EBADH);
	r = hold_call((sh_handle_t)ep, 2, 0, &res);
	kt_eq("revoke.second_call", r, 0);
	kt_err("revoke.child_copy_dead", res, SH_EBADH);
	kt_err("revoke.no_signal", sh_notif_wait((sh_handle_t)n, 0), SH_ETIMEDOUT);
	kt_eq("revoke.root_lives", sh_notif_signal((sh_handle_t)n, 2), 0);

	/* A handle without GRANT cannot travel to another process either. */
	d = sh_cap_dup((sh_handle_t)n, SH_R_SIGNAL);
	r = hold_call((sh_handle_t)ep, 1, (sh_handle_t)d, &res);
	kt_err("transfer.needs_grant", r, SH_EPERM);
	sh_cap_close((sh_handle_t)d);

	kt_eq("revoke.quit", quit((sh_handle_t)ep), 0);
	kt_eq("revoke.child_exit", sh_proc_wait((sh_handle_t)c, 5 * SEC), 0);
	reap(c, &sp);
	sh_cap_close((sh_handle_t)n);
	sh_cap_close((sh_handle_t)ep);
}

/* The receiving process exits holding our call: EDEAD, not a hang. */
static void test_server_dies(void)
{
	struct sh_spawn sp;
	struct sh_msg m;
	long ep, c, r;
	char data[8] = "x";

	ep = sh_endpoint_create();
	c = spawn_child("recvdie", NULL, (sh_handle_t)ep, &sp);
	if (!kt_ok("edead.spawn", c))
		return;
	memset(&m, 0, sizeof(m));
	m.tag = 1;
	m.buf = data;
	m.len = 1;
	m.cap = sizeof(data);
	r = sh_ipc_call((sh_handle_t)ep, &m);
	kt_err("edead.call", r, SH_EDEAD);
	kt_eq("edead.child_exit", sh_proc_wait((sh_handle_t)c, 5 * SEC), 0);
	reap(c, &sp);
	sh_cap_close((sh_handle_t)ep);
}

int main(void)
{
	struct sh_stat_self before, after;

	kt_begin("kipc");
	before = kt_self();
	test_pingpong();
	test_serve_child();
	test_child_to_child();
	test_transfer_revoke();
	test_server_dies();
	after = kt_self();
	kt_eq("leak.handles", (long)after.handles, (long)before.handles);
	return kt_end();
}
