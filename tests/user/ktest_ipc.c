/* ktest, part two: notifications, threads, and IPC between two threads of
 * one process (IPC between processes is kipc's). */
#include <errno.h>
#include <string.h>

#include "kt.h"
#include "ktest.h"

#define SEC 1000000000ULL

struct waiter {
	sh_handle_t notif;
	long bits;
};

static void wait_forever(void *arg)
{
	struct waiter *w = arg;

	w->bits = sh_notif_wait(w->notif, UINT64_MAX);
}

void ktest_notif(void)
{
	struct sh_cap_info ci;
	struct waiter w;
	long n, r, t0, t;

	n = sh_notif_create();
	kt_ok("notif_create", n);
	sh_cap_info((sh_handle_t)n, &ci);
	kt_eq("notif.type", ci.type, SH_OBJ_NOTIFICATION);
	kt_eq("notif.rights", ci.rights,
	      SH_R_READ | SH_R_WRITE | SH_R_SIGNAL | SH_R_DUP | SH_R_GRANT);
	kt_err("notif_wait.poll_empty", sh_notif_wait((sh_handle_t)n, 0), SH_ETIMEDOUT);
	kt_eq("notif_signal", sh_notif_signal((sh_handle_t)n, 5), 0);
	kt_eq("notif_wait.bits", sh_notif_wait((sh_handle_t)n, 0), 5);
	kt_err("notif_wait.cleared", sh_notif_wait((sh_handle_t)n, 0), SH_ETIMEDOUT);
	sh_notif_signal((sh_handle_t)n, 1);
	sh_notif_signal((sh_handle_t)n, 0x100);
	kt_eq("notif_wait.ored", sh_notif_wait((sh_handle_t)n, 0), 0x101);
	/* notif_wait returns the bits as a non-negative long: bit 62 is the
	 * highest it can return (see the report on bit 63). */
	sh_notif_signal((sh_handle_t)n, 1ULL << 62);
	kt_eq("notif_wait.bit62", sh_notif_wait((sh_handle_t)n, 0), (long)(1ULL << 62));
	t0 = sh_clock();
	r = sh_notif_wait((sh_handle_t)n, 20000000);
	t = sh_clock() - t0;
	kt_err("notif_wait.timeout", r, SH_ETIMEDOUT);
	kt_check("notif_wait.timeout_waited", t >= 20000000 && t < (long)(2 * SEC),
		 "waited %ld ns for a 20 ms timeout", t);

	r = sh_cap_dup((sh_handle_t)n, SH_R_READ);
	kt_err("notif_signal.no_signal_right", sh_notif_signal((sh_handle_t)r, 1), SH_EPERM);
	sh_cap_close((sh_handle_t)r);
	r = sh_cap_dup((sh_handle_t)n, SH_R_SIGNAL);
	kt_err("notif_wait.no_read_right", sh_notif_wait((sh_handle_t)r, 0), SH_EPERM);
	kt_eq("notif_signal.signal_only", sh_notif_signal((sh_handle_t)r, 2), 0);
	kt_eq("notif_wait.from_dup", sh_notif_wait((sh_handle_t)n, 0), 2);
	sh_cap_close((sh_handle_t)r);
	kt_err("notif_signal.bad", sh_notif_signal(0, 1), SH_EBADH);
	kt_err("notif_wait.bad", sh_notif_wait(0x3333, 0), SH_EBADH);
	kt_err("notif_signal.not_notif", sh_notif_signal(sh_self(), 1), SH_EBADH);

	/* A waiter blocked forever is woken by a signal from another thread. */
	w.notif = (sh_handle_t)n;
	w.bits = -1;
	r = sh_thread_spawn(wait_forever, &w, SH_PRIO_DEFAULT, 0);
	kt_ok("notif.waiter_spawned", r);
	sh_sleep(5000000);
	sh_notif_signal((sh_handle_t)n, 0x40);
	kt_eq("notif.waiter_joined", sh_thread_join(r, 5 * SEC), 0);
	kt_eq("notif.waiter_woken", w.bits, 0x40);
	sh_cap_close((sh_handle_t)r);
	sh_cap_close((sh_handle_t)n);
}

struct errno_probe {
	int seen_before, seen_after;
};

static void errno_thread(void *arg)
{
	struct errno_probe *p = arg;

	p->seen_before = errno;
	errno = 33;
	p->seen_after = errno;
}

static void sleeper(long arg)
{
	(void)arg;
	for (;;)
		sh_sys_sleep((long)(60 * SEC));
}

void ktest_threads(void)
{
	struct errno_probe p = {-1, -1};
	struct sh_stat_self s0, s1;
	struct sh_cap_info ci;
	long t, vs;

	errno = 7;
	t = sh_thread_spawn(errno_thread, &p, SH_PRIO_DEFAULT, 0);
	kt_ok("thread.spawn", t);
	kt_eq("thread.join", sh_thread_join(t, 5 * SEC), 0);
	kt_eq("thread.tls_fresh", p.seen_before, 0);
	kt_eq("thread.tls_own", p.seen_after, 33);
	kt_eq("thread.tls_isolated", errno, 7);
	sh_cap_info((sh_handle_t)t, &ci);
	kt_eq("thread.type", ci.type, SH_OBJ_THREAD);
	sh_cap_close((sh_handle_t)t);

	kt_err("thread_create.bad_vspace", sh_thread_create(0x777, 0x400000, 0x10000, 0, 1),
	       SH_EBADH);
	vs = sh_cap_dup(sh_self(), SH_R_READ);
	kt_err("thread_create.no_manage",
	       sh_thread_create((sh_handle_t)vs, 0x400000, 0x10000, 0, 1), SH_EPERM);
	sh_cap_close((sh_handle_t)vs);
	t = sh_thread_create(sh_self(), 0x400000, 0x10000, 0, SH_PRIO_MAX + 1);
	kt_check("thread_create.prio_too_high", t < 0, "priority %d accepted: %ld",
		 SH_PRIO_MAX + 1, t);
	if (t > 0)
		sh_cap_close((sh_handle_t)t);
	kt_err("thread_start.bad", sh_thread_start(0), SH_EBADH);
	kt_err("thread_start.not_thread", sh_thread_start(sh_self()), SH_EBADH);
	kt_err("thread_kill.bad", sh_thread_kill(0x5555), SH_EBADH);
	kt_err("thread_set_prio.bad", sh_thread_set_prio(0, 1), SH_EBADH);

	/* kill stops a sleeping thread: the thread count goes back down */
	s0 = kt_self();
	t = kt_raw_thread(sleeper, 0, SH_PRIO_DEFAULT, 1);
	sh_sleep(2000000);
	s1 = kt_self();
	kt_eq("thread.counted", (long)s1.threads, (long)s0.threads + 1);
	kt_err("thread_set_prio.out_of_range",
	       sh_thread_set_prio((sh_handle_t)t, SH_PRIO_MAX + 1), SH_EINVAL);
	kt_eq("thread_set_prio.lower", sh_thread_set_prio((sh_handle_t)t, 3), 0);
	vs = sh_cap_dup((sh_handle_t)t, SH_R_READ);
	if (vs > 0) {
		kt_err("thread_kill.no_manage", sh_thread_kill((sh_handle_t)vs), SH_EPERM);
		sh_cap_close((sh_handle_t)vs);
	}
	kt_eq("thread_kill", sh_thread_kill((sh_handle_t)t), 0);
	sh_cap_close((sh_handle_t)t);
	sh_sleep(2000000);
	s1 = kt_self();
	kt_eq("thread_kill.gone", (long)s1.threads, (long)s0.threads);
}

/* ---- IPC between two threads ------------------------------------------- */

#define TAG_ECHO	1
#define TAG_HANDLE	2
#define TAG_BIGREPLY	3
#define TAG_QUIT	99

struct server {
	sh_handle_t ep;
	long first_bad_recv;	/* result of a receive into an unmapped buffer */
	long big_reply;		/* result of replying past the caller's cap */
	int served;
};

/* Serves until TAG_QUIT.  Echo replies with each byte plus one and the
 * sender's badge as the tag; HANDLE maps the frame it got and replies with
 * its first word; BIGREPLY replies with 64 bytes. */
static void server_main(void *arg)
{
	struct server *s = arg;
	static char buf[256], out[256];
	struct sh_msg m, rep;
	long rcvid;

	memset(&m, 0, sizeof(m));
	m.buf = (void *)KT_UNMAPPED;
	m.cap = 64;
	s->first_bad_recv = sh_ipc_recv(s->ep, &m);

	memset(&m, 0, sizeof(m));
	m.buf = buf;
	m.cap = sizeof(buf);
	rcvid = sh_ipc_recv(s->ep, &m);
	while (rcvid >= 0) {
		memset(&rep, 0, sizeof(rep));
		rep.buf = out;
		s->served++;
		if (m.tag == TAG_ECHO) {
			for (uint32_t i = 0; i < m.len; i++)
				out[i] = (char)(buf[i] + 1);
			rep.len = m.len;
			rep.tag = m.badge;
		} else if (m.tag == TAG_HANDLE) {
			struct sh_cap_info ci = {0};
			long err = 0;
			uint32_t *p = NULL;

			rep.tag = m.nhandles;
			if (m.nhandles == 1 && sh_cap_info(m.handles[0], &ci) == 0)
				p = sh_map_frame(m.handles[0], 1, SH_VM_READ, &err);
			((uint64_t *)out)[0] = p ? p[0] : (uint64_t)err;
			((uint64_t *)out)[1] = ci.rights;
			rep.len = 16;
			if (p)
				sh_vm_unmap(sh_self(), (uintptr_t)p, 1);
			for (uint32_t i = 0; i < m.nhandles && i < SH_MSG_HANDLES; i++)
				sh_cap_close(m.handles[i]);
		} else if (m.tag == TAG_BIGREPLY) {
			memset(out, 'z', 64);
			rep.len = 64;
			__atomic_store_n(&s->big_reply, sh_ipc_reply(rcvid, &rep), __ATOMIC_RELEASE);
			m.buf = buf;
			m.cap = sizeof(buf);
			rcvid = sh_ipc_recv(s->ep, &m);
			continue;
		} else if (m.tag == TAG_QUIT) {
			sh_ipc_reply(rcvid, &rep);
			return;
		}
		m.buf = buf;
		m.cap = sizeof(buf);
		rcvid = sh_ipc_reply_recv(s->ep, rcvid, &rep, &m);
	}
}

static long call(sh_handle_t ep, uint64_t tag, void *buf, uint32_t len, uint32_t cap)
{
	struct sh_msg m;

	memset(&m, 0, sizeof(m));
	m.tag = tag;
	m.buf = buf;
	m.len = len;
	m.cap = cap;
	return sh_ipc_call(ep, &m);
}

void ktest_ipc(void)
{
	struct server srv = {0};
	struct sh_msg m;
	char data[64];
	static char big[SH_MSG_MAX + 16];
	long ep, t, r, badged, h;
	uint32_t *fp;

	ep = sh_endpoint_create();
	srv.ep = (sh_handle_t)ep;
	t = sh_thread_spawn(server_main, &srv, SH_PRIO_DEFAULT, 0);
	kt_ok("ipc.server_spawned", t);

	/* Echo through a badged handle: the server learns the badge. */
	badged = sh_cap_mint((sh_handle_t)ep, SH_R_WRITE, 0xbadcafe);
	memset(&m, 0, sizeof(m));
	memcpy(data, "HAL", 3);
	m.tag = TAG_ECHO;
	m.buf = data;
	m.len = 3;
	m.cap = sizeof(data);
	r = sh_ipc_call((sh_handle_t)badged, &m);
	kt_eq("ipc_call.echo", r, 0);
	kt_eq("ipc.server_recv_bad_buf", srv.first_bad_recv, -SH_EFAULT);
	kt_check("ipc_call.reply_data", m.len == 3 && memcmp(data, "IBM", 3) == 0,
		 "reply len %u data %.3s", m.len, data);
	kt_eq("ipc.badge_delivered", (long)m.tag, 0xbadcafe);
	kt_eq("ipc_call.unbadged", call((sh_handle_t)ep, TAG_ECHO, data, 0, 0), 0);

	/* Bad messages: refused before anything moves. */
	kt_err("ipc_call.msg_null", sh_sys_ipc_call(ep, 0), SH_EFAULT);
	kt_err("ipc_call.msg_kernel", sh_sys_ipc_call(ep, (long)KT_KERNEL_ADDR), SH_EFAULT);
	kt_err("ipc_call.msg_unmapped", sh_sys_ipc_call(ep, (long)KT_UNMAPPED), SH_EFAULT);
	kt_err("ipc_call.buf_unmapped",
	       call((sh_handle_t)ep, TAG_ECHO, (void *)KT_UNMAPPED, 16, 16), SH_EFAULT);
	kt_err("ipc_call.buf_kernel",
	       call((sh_handle_t)ep, TAG_ECHO, (void *)KT_KERNEL_ADDR, 16, 16), SH_EFAULT);
	r = call((sh_handle_t)ep, TAG_ECHO, big, SH_MSG_MAX + 1, 0);
	kt_check("ipc_call.oversized", r == -SH_EINVAL || r == -SH_E2BIG,
		 "len SH_MSG_MAX+1 gave %ld (%s)", r, kt_errname(r));
	r = call((sh_handle_t)ep, TAG_ECHO, big, 1000, 1000);
	kt_err("ipc_call.beyond_receiver_cap", r, SH_E2BIG);
	memset(&m, 0, sizeof(m));
	m.tag = TAG_ECHO;
	m.nhandles = SH_MSG_HANDLES + 1;
	kt_err("ipc_call.too_many_handles", sh_ipc_call((sh_handle_t)ep, &m), SH_EINVAL);
	m.nhandles = 1;
	m.handles[0] = 0x6666;
	kt_err("ipc_call.bogus_handle", sh_ipc_call((sh_handle_t)ep, &m), SH_EBADH);
	h = sh_cap_dup((sh_handle_t)ep, SH_R_READ);
	kt_err("ipc_call.no_write", call((sh_handle_t)h, TAG_ECHO, data, 1, 1), SH_EPERM);
	sh_cap_close((sh_handle_t)h);
	h = sh_cap_dup((sh_handle_t)ep, SH_R_WRITE);
	memset(&m, 0, sizeof(m));
	kt_err("ipc_recv.no_read", sh_ipc_recv((sh_handle_t)h, &m), SH_EPERM);
	sh_cap_close((sh_handle_t)h);
	kt_err("ipc_call.bad_ep", call(0x1234, TAG_ECHO, data, 1, 1), SH_EBADH);
	kt_err("ipc_call.not_ep", call(sh_self(), TAG_ECHO, data, 1, 1), SH_EBADH);
	kt_err("ipc_recv.msg_kernel", sh_sys_ipc_recv(ep, (long)KT_KERNEL_ADDR), SH_EFAULT);
	kt_err("ipc_reply.bogus_rcvid", sh_ipc_reply(12345, &m), SH_EINVAL);
	kt_err("ipc_reply.zero_rcvid", sh_ipc_reply(0, &m), SH_EINVAL);
	kt_err("ipc_reply_recv.bad_ep", sh_ipc_reply_recv(0, 0, &m, &m), SH_EBADH);

	/* A reply longer than the caller's room: both sides hear E2BIG. */
	srv.big_reply = 1;
	r = call((sh_handle_t)ep, TAG_BIGREPLY, data, 0, 8);
	kt_err("ipc_call.reply_beyond_cap", r, SH_E2BIG);
	/* The caller may run before the server returns from its reply. */
	for (int i = 0; i < 1000 && __atomic_load_n(&srv.big_reply, __ATOMIC_ACQUIRE) == 1; i++)
		sh_sleep(1000000);
	kt_err("ipc_reply.beyond_caller_cap", srv.big_reply, SH_E2BIG);

	/* Handle transfer: a frame with GRANT arrives as a working handle. */
	h = sh_frame_create(1, 0);
	fp = sh_map_frame((sh_handle_t)h, 1, SH_VM_READ | SH_VM_WRITE, NULL);
	if (fp)
		fp[0] = 0x600dcafe;
	memset(&m, 0, sizeof(m));
	m.tag = TAG_HANDLE;
	m.buf = data;
	m.cap = sizeof(data);
	m.nhandles = 1;
	m.handles[0] = (sh_handle_t)h;
	kt_eq("ipc.grant_call", sh_ipc_call((sh_handle_t)ep, &m), 0);
	kt_eq("ipc.grant_count", (long)m.tag, 1);
	kt_eq("ipc.grant_same_frame", (long)((uint64_t *)data)[0], 0x600dcafe);
	kt_eq("ipc.grant_rights", (long)((uint64_t *)data)[1],
	      SH_R_READ | SH_R_WRITE | SH_R_MAP | SH_R_DUP | SH_R_GRANT | SH_R_MANAGE);
	kt_eq("ipc.grant_sender_keeps", sh_frame_info((sh_handle_t)h, &(struct sh_frame_info){0}), 0);
	r = sh_cap_dup((sh_handle_t)h, SH_R_READ | SH_R_MAP);
	memset(&m, 0, sizeof(m));
	m.tag = TAG_HANDLE;
	m.buf = data;
	m.cap = sizeof(data);
	m.nhandles = 1;
	m.handles[0] = (sh_handle_t)r;
	kt_err("ipc.grant_needs_grant", sh_ipc_call((sh_handle_t)ep, &m), SH_EPERM);
	sh_cap_close((sh_handle_t)r);
	if (fp)
		sh_vm_unmap(sh_self(), (uintptr_t)fp, 1);
	sh_cap_close((sh_handle_t)h);

	kt_eq("ipc.quit", call((sh_handle_t)ep, TAG_QUIT, data, 0, 0), 0);
	kt_eq("ipc.server_joined", sh_thread_join(t, 5 * SEC), 0);
	sh_cap_close((sh_handle_t)t);
	sh_cap_close((sh_handle_t)badged);
	sh_cap_close((sh_handle_t)ep);
}
