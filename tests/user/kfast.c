/* kfast: the IPC fast path (bedrock/ipc_fast.c) against the slow path.
 * Runs as init (init=kfast; test_kernel.py boots it on 1 and on 2 CPUs).
 * An echo server thread answers every call with tag + 1 + 100 * handles
 * and the bytes it got, each plus one.  First many calls that take the
 * fast path (every length up to its limit and past it), then one case per
 * precondition F1..F9 made to fail, each checking the answer the kernel's
 * rules give (the slow path's).  No handle leaks.  Also: the light system
 * calls (vectors.S) keep every register but x0. */
#include <stdio.h>
#include <string.h>

#include "kt.h"

#define FAST_BYTES 256		/* IPC_FAST_BYTES in bedrock/ipc_fast.h */
#define OP_BIGREPLY 7001	/* reply 32 bytes whatever came */
#define OP_BADRECV 7002		/* receive next with an unreadable header (F8) */
#define OP_BADBUF 7003		/* receive next into an unmapped buffer (F9) */
#define OP_QUIT 7999

/* The server's view, shared with the test (same process). */
static volatile long srv_errors;	/* receives that failed */
static volatile long srv_last_err;
static volatile uint64_t srv_badge;
static volatile long spin_count;	/* the mid-priority thread's runs */
static volatile long srv_saw_spin;	/* spin_count when the server served */
static char srv_buf[1024];
static char srv_out[1024];

static void server(long ep)
{
	struct sh_msg m, rep;
	long rcvid, r;
	int bad_recv = 0, bad_buf = 0;

	memset(&m, 0, sizeof(m));
	m.buf = srv_buf;
	m.cap = sizeof(srv_buf);
	rcvid = sh_sys_ipc_recv(ep, (long)&m);
	for (;;) {
		uint32_t i, n;

		if (rcvid < 0) {
			srv_errors++;
			srv_last_err = rcvid;
			m.buf = srv_buf;
			m.cap = sizeof(srv_buf);
			rcvid = sh_sys_ipc_recv(ep, (long)&m);
			continue;
		}
		srv_badge = m.badge;
		srv_saw_spin = spin_count;
		for (i = 0; i < m.nhandles; i++)
			sh_sys_cap_close(m.handles[i]);
		n = m.tag == OP_BIGREPLY ? 32 : m.len;
		for (i = 0; i < n; i++)
			srv_out[i] = (char)(i < m.len ? srv_buf[i] + 1 : 'x');
		memset(&rep, 0, sizeof(rep));
		rep.tag = m.tag + 1 + 100 * m.nhandles;
		rep.buf = srv_out;
		rep.len = n;
		bad_recv = m.tag == OP_BADRECV;
		bad_buf = m.tag == OP_BADBUF;
		if (m.tag == OP_QUIT) {
			sh_sys_ipc_reply(rcvid, (long)&rep);
			for (;;)
				sh_sys_sleep(1000000000);
		}
		m.buf = bad_buf ? (void *)KT_UNMAPPED : srv_buf;
		m.cap = sizeof(srv_buf);
		r = sh_sys_ipc_reply_recv(ep, rcvid, (long)&rep,
					  bad_recv ? (long)KT_UNMAPPED : (long)&m);
		rcvid = r;
	}
}

/* Waits on a notification; each wake is one run at its priority. */
static void spinner(long n)
{
	for (;;) {
		sh_sys_notif_wait(n, 0x7fffffffffffffffLL);
		spin_count++;
	}
}

/* Makes system call nr with x1..x7 and x9..x28 set to known values and
 * checks every one of them (the ABI: only x0 changes).  The light calls
 * (a number past the table, clock) return without the full frame. */
static void regs_kept(const char *name, long nr)
{
	uint64_t out[29];
	long r;
	int bad = -1;

	__asm__ volatile(
		"stp x19, x20, [sp, #-96]!\n\t"
		"stp x21, x22, [sp, #16]\n\t"
		"stp x23, x24, [sp, #32]\n\t"
		"stp x25, x26, [sp, #48]\n\t"
		"stp x27, x28, [sp, #64]\n\t"
		"str %2, [sp, #80]\n\t"
		"mov x8, %1\n\t"
		"mov x1, #101\n\t mov x2, #102\n\t mov x3, #103\n\t mov x4, #104\n\t"
		"mov x5, #105\n\t mov x6, #106\n\t mov x7, #107\n\t mov x9, #109\n\t"
		"mov x10, #110\n\t mov x11, #111\n\t mov x12, #112\n\t mov x13, #113\n\t"
		"mov x14, #114\n\t mov x15, #115\n\t mov x16, #116\n\t mov x17, #117\n\t"
		"mov x19, #119\n\t mov x20, #120\n\t mov x21, #121\n\t mov x22, #122\n\t"
		"mov x23, #123\n\t mov x24, #124\n\t mov x25, #125\n\t mov x26, #126\n\t"
		"mov x27, #127\n\t mov x28, #128\n\t"
		"svc #0\n\t"
		"mov %0, x0\n\t"
		"ldr x0, [sp, #80]\n\t"
		"stp x1, x2, [x0, #8]\n\t stp x3, x4, [x0, #24]\n\t"
		"stp x5, x6, [x0, #40]\n\t str x7, [x0, #56]\n\t"
		"stp x9, x10, [x0, #72]\n\t stp x11, x12, [x0, #88]\n\t"
		"stp x13, x14, [x0, #104]\n\t stp x15, x16, [x0, #120]\n\t"
		"str x17, [x0, #136]\n\t"
		"stp x19, x20, [x0, #152]\n\t stp x21, x22, [x0, #168]\n\t"
		"stp x23, x24, [x0, #184]\n\t stp x25, x26, [x0, #200]\n\t"
		"stp x27, x28, [x0, #216]\n\t"
		"ldp x21, x22, [sp, #16]\n\t"
		"ldp x23, x24, [sp, #32]\n\t"
		"ldp x25, x26, [sp, #48]\n\t"
		"ldp x27, x28, [sp, #64]\n\t"
		"ldp x19, x20, [sp], #96\n\t"
		: "=&r"(r)
		: "r"(nr), "r"(out)
		: "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10",
		  "x11", "x12", "x13", "x14", "x15", "x16", "x17", "memory");
	for (int i = 1; i <= 28 && bad < 0; i++)
		if (i != 8 && i != 18 && out[i] != 100u + (unsigned)i)
			bad = i;
	kt_check(name, bad < 0, "x%d is %#llx after the call (result %s)", bad,
		 bad < 0 ? 0ULL : (unsigned long long)out[bad], kt_errname(r));
}

/* One call of len bytes with tag; checks the echo.  Returns the result. */
static long echo(const char *name, sh_handle_t ep, uint64_t tag, uint32_t len,
		 uint32_t room)
{
	static char out[1024];
	struct sh_msg m;
	uint32_t i;
	long r;
	int good = 1;

	for (i = 0; i < len; i++)
		out[i] = (char)(i * 7 + tag);
	memset(&m, 0, sizeof(m));
	m.tag = tag;
	m.buf = out;
	m.len = len;
	m.cap = room;
	r = sh_ipc_call(ep, &m);
	if (r != 0)
		return r;
	for (i = 0; i < m.len && i < len; i++)
		good &= out[i] == (char)(i * 7 + tag + 1);
	/* the reply lands in the same buffer: out now holds it */
	kt_check(name, good && m.tag == tag + 1 && m.len == len && m.nhandles == 0,
		 "tag %llu len %u", (unsigned long long)m.tag, m.len);
	return r;
}

int main(void)
{
	long ep, srv, n, spin, ro, r;
	struct sh_msg m;
	char name[48];
	int ok = 1;
	uint32_t len;
	struct sh_stat_self before;

	kt_begin("kfast");
	regs_kept("light.nosys_regs", SYS_COUNT);
	regs_kept("light.nosys_big_regs", 100000);
	regs_kept("light.clock_regs", SYS_clock);
	regs_kept("slow.yield_regs", SYS_yield);
	{
		int64_t c0 = sh_sys_clock(), c1 = sh_sys_clock();

		kt_check("light.clock_moves", c0 > 0 && c1 >= c0, "%lld then %lld",
			 (long long)c0, (long long)c1);
		kt_err("light.nosys", sh_syscall(SYS_COUNT, 1, 2, 3, 4, 5, 6), SH_ENOSYS);
	}
	before = kt_self();
	ep = sh_endpoint_create();
	srv = kt_raw_thread(server, ep, SH_PRIO_DEFAULT, 1);
	if (ep < 0 || srv < 0) {
		kt_check("setup", 0, "%s %s", kt_errname(ep), kt_errname(srv));
		return kt_end();
	}
	/* The fast path itself: every length it takes and a few past it.
	 * The very first call is F7 (the server's process has no reply
	 * slots yet): the slow path allocates them. */
	for (len = 0; len <= FAST_BYTES + 8 && ok; len++) {
		snprintf(name, sizeof(name), "echo.len%u", len);
		ok = echo(name, (sh_handle_t)ep, 10 + len, len, 1024) == 0;
	}
	kt_check("echo.all", ok, "a call failed");
	for (int i = 0; i < 2000 && ok; i++) {
		struct sh_msg q = { .tag = (uint64_t)i };

		ok = sh_ipc_call((sh_handle_t)ep, &q) == 0 && q.tag == (uint64_t)i + 1;
	}
	kt_check("echo.2000", ok, "round trips went wrong");

	/* F1: the handle. */
	ro = sh_cap_dup((sh_handle_t)ep, SH_R_READ);
	memset(&m, 0, sizeof(m));
	kt_err("f1.no_write_right", sh_ipc_call((sh_handle_t)ro, &m), SH_EPERM);
	sh_cap_close((sh_handle_t)ro);
	kt_err("f1.bad_handle", sh_ipc_call((sh_handle_t)ro, &m), SH_EBADH);
	kt_err("f1.not_endpoint", sh_ipc_call((sh_handle_t)srv, &m), SH_EBADH);
	r = sh_cap_mint((sh_handle_t)ep, SH_R_WRITE, 4242);
	echo("f1.badged", (sh_handle_t)r, 5, 8, 64);
	kt_eq("f1.badge_seen", (long)srv_badge, 4242);
	sh_cap_close((sh_handle_t)r);

	/* F2: the message. */
	kt_err("f2.header_unreadable", sh_sys_ipc_call(ep, (long)KT_UNMAPPED), SH_EFAULT);
	memset(&m, 0, sizeof(m));
	m.len = 16;
	m.buf = (void *)KT_UNMAPPED;
	kt_err("f2.data_unreadable", sh_ipc_call((sh_handle_t)ep, &m), SH_EFAULT);
	memset(&m, 0, sizeof(m));
	m.len = SH_MSG_MAX + 1;
	m.buf = srv_out;
	kt_err("f2.too_long", sh_ipc_call((sh_handle_t)ep, &m), SH_EINVAL);
	echo("f2.past_fast_limit", (sh_handle_t)ep, 3, 900, 1024);
	n = sh_notif_create();
	memset(&m, 0, sizeof(m));
	m.tag = 20;
	m.nhandles = 1;
	m.handles[0] = (sh_handle_t)n;
	r = sh_ipc_call((sh_handle_t)ep, &m);
	kt_check("f2.with_handle", r == 0 && m.tag == 121, "r %s tag %llu", kt_errname(r),
		 (unsigned long long)m.tag);

	/* F5: a thread queued above the partner must run before it.  A
	 * server two levels below us, a spinner one below: each call hands
	 * the CPU to the spinner first. */
	{
		long ep3 = sh_endpoint_create();
		long s3 = kt_raw_thread(server, ep3, SH_PRIO_DEFAULT - 2, 1);

		echo("f5.warm", (sh_handle_t)ep3, 29, 8, 64);
		spin = kt_raw_thread(spinner, n, SH_PRIO_DEFAULT - 1, 1);
		echo("f5.spinner_waits", (sh_handle_t)ep3, 30, 8, 64);
		r = spin_count;
		sh_notif_signal((sh_handle_t)n, 1);	/* runnable, below us: queued */
		echo("f5.queued_above_partner", (sh_handle_t)ep3, 31, 8, 64);
		kt_check("f5.priority_kept", srv_saw_spin == r + 1 && spin_count == r + 1,
			 "server saw %ld, spinner %ld, before %ld", (long)srv_saw_spin,
			 (long)spin_count, r);
		sh_thread_kill((sh_handle_t)spin);
		sh_cap_close((sh_handle_t)spin);
		sh_thread_kill((sh_handle_t)s3);
		sh_cap_close((sh_handle_t)s3);
		sh_cap_close((sh_handle_t)ep3);
	}

	/* F6: bytes that do not fit, each way. */
	memset(&m, 0, sizeof(m));
	m.tag = OP_BIGREPLY;
	m.buf = srv_out + 512;
	m.cap = 16;
	kt_err("f6.reply_too_big", sh_ipc_call((sh_handle_t)ep, &m), SH_E2BIG);
	echo("f6.after", (sh_handle_t)ep, 40, 32, 64);

	/* F8: the server's next receive header cannot be read; its reply
	 * still arrives, then it learns EFAULT and receives again. */
	r = srv_errors;
	echo("f8.bad_recv_header", (sh_handle_t)ep, OP_BADRECV, 8, 64);
	echo("f8.after", (sh_handle_t)ep, 50, 8, 64);
	kt_check("f8.server_told", srv_errors == r + 1 && srv_last_err == -SH_EFAULT,
		 "errors %ld last %s", (long)(srv_errors - r), kt_errname(srv_last_err));

	/* F9: the server's receive buffer is unmapped: it gets EFAULT, our
	 * call waits and is taken by its next receive. */
	echo("f9.arm", (sh_handle_t)ep, OP_BADBUF, 4, 64);
	r = srv_errors;
	echo("f9.receiver_buffer_bad", (sh_handle_t)ep, 60, 8, 64);
	kt_check("f9.server_told", srv_errors == r + 1 && srv_last_err == -SH_EFAULT,
		 "errors %ld last %s", (long)(srv_errors - r), kt_errname(srv_last_err));
	/* F9 the other way: our reply buffer is unmapped. */
	memset(&m, 0, sizeof(m));
	m.tag = OP_BIGREPLY;
	m.buf = (void *)KT_UNMAPPED;
	m.cap = 64;
	kt_err("f9.caller_buffer_bad", sh_ipc_call((sh_handle_t)ep, &m), SH_EFAULT);
	echo("f9.after", (sh_handle_t)ep, 80, 8, 64);

	/* F3: no receiver waiting yet. */
	{
		long ep2 = sh_endpoint_create();
		long s2 = kt_raw_thread(server, ep2, SH_PRIO_DEFAULT - 1, 1);

		/* s2 is below us: it has not reached its receive yet, so the
		 * call queues and the receive takes it (slow path). */
		echo("f3.no_receiver", (sh_handle_t)ep2, 90, 8, 64);
		echo("f3.after", (sh_handle_t)ep2, 91, 8, 64);
		sh_thread_kill((sh_handle_t)s2);
		sh_cap_close((sh_handle_t)s2);
		sh_cap_close((sh_handle_t)ep2);
	}

	memset(&m, 0, sizeof(m));
	m.tag = OP_QUIT;
	sh_ipc_call((sh_handle_t)ep, &m);
	sh_thread_kill((sh_handle_t)srv);
	sh_cap_close((sh_handle_t)srv);
	sh_cap_close((sh_handle_t)n);
	sh_cap_close((sh_handle_t)ep);
	{
		struct sh_stat_self after = kt_self();

		kt_eq("no_handle_leak", (long)after.handles, (long)before.handles);
	}
	return kt_end();
}
