/* kharden, part two: the lifetime matrix.  Every system call that takes a
 * handle, against a handle whose object or right has gone away: a dead
 * process (and its thread), a killed silo, a sub-silo of a killed silo,
 * an endpoint whose owner died, a supervisor nobody holds any more, a
 * closed handle, a revoked one, one of the wrong type.  Each cell is the
 * error the contract names (shale/syscall.h); none may crash the kernel
 * or leak (kernel object counts come back; the census after init checks
 * pages and handles too). */
#include <stdio.h>
#include <string.h>

#include "kt.h"
#include "kharden.h"

#define SEC 1000000000ULL
#define KA(lit) lit, sizeof(lit)

static char buf[256];
static struct sh_msg msg;
static struct sh_stat_klog klog;

/* One call taking a handle in its first argument, the rest valid. */
struct call {
	const char *name;
	long (*fn)(long h);
};

static uintptr_t map_va;
static long frame_h;	/* a live frame, for vm_map */
static long notif_h;	/* a live notification, for irq_bind */

static long c_cap_dup(long h) { return sh_cap_dup((sh_handle_t)h, SH_R_READ); }
static long c_cap_mint(long h) { return sh_cap_mint((sh_handle_t)h, SH_R_READ, 5); }
static long c_cap_info(long h) { struct sh_cap_info i; return sh_cap_info((sh_handle_t)h, &i); }
static long c_cap_revoke(long h) { return sh_cap_revoke((sh_handle_t)h); }
static long c_cap_close(long h) { return sh_cap_close((sh_handle_t)h); }
static long c_vm_map(long h)
{
	return sh_vm_map((sh_handle_t)h, (sh_handle_t)frame_h, map_va, SH_VM_READ, 0);
}
static long c_vm_map_frame(long h)
{
	return sh_vm_map(sh_self(), (sh_handle_t)h, map_va, SH_VM_READ, 0);
}
static long c_vm_unmap(long h) { return sh_vm_unmap((sh_handle_t)h, map_va, 1); }
static long c_ipc_call(long h)
{
	memset(&msg, 0, sizeof(msg));
	msg.buf = buf;
	msg.cap = sizeof(buf);
	return sh_ipc_call((sh_handle_t)h, &msg);
}
static long c_ipc_recv(long h)
{
	memset(&msg, 0, sizeof(msg));
	msg.buf = buf;
	msg.cap = sizeof(buf);
	return sh_ipc_recv((sh_handle_t)h, &msg);
}
static long c_ipc_reply_recv(long h)
{
	memset(&msg, 0, sizeof(msg));
	msg.buf = buf;
	msg.cap = sizeof(buf);
	return sh_ipc_reply_recv((sh_handle_t)h, 0, NULL, &msg);
}
static long c_notif_signal(long h) { return sh_notif_signal((sh_handle_t)h, 1); }
static long c_notif_wait(long h) { return sh_notif_wait((sh_handle_t)h, 0); }
static long c_thread_create(long h)
{
	long t = sh_thread_create((sh_handle_t)h, 0x1000, 0, 0, 1);

	if (t > 0) {
		sh_thread_kill((sh_handle_t)t);
		sh_cap_close((sh_handle_t)t);
	}
	return t;
}
static long c_thread_start(long h) { return sh_thread_start((sh_handle_t)h); }
static long c_thread_kill(long h) { return sh_thread_kill((sh_handle_t)h); }
static long c_thread_prio(long h) { return sh_thread_set_prio((sh_handle_t)h, 1); }
static long c_irq_bind(long h) { return sh_irq_bind((sh_handle_t)h, (sh_handle_t)notif_h, 1); }
static long c_irq_ack(long h) { return sh_irq_ack((sh_handle_t)h); }
static long c_supervise(long h) { return sh_proc_supervise((sh_handle_t)h, 0); }
static long c_proc_kill(long h) { return sh_proc_kill((sh_handle_t)h); }
static long c_frame_info(long h) { struct sh_frame_info i; return sh_frame_info((sh_handle_t)h, &i); }
static long c_proc_wait(long h) { return sh_proc_wait((sh_handle_t)h, 0); }
static long c_dev_frame(long h) { return sh_dev_frame((sh_handle_t)h, 0x09000000, 4096); }
static long c_irq_claim(long h) { return sh_irq_claim((sh_handle_t)h, 40); }
static long c_silo_create(long h) { return sh_sys_silo_create(h, (long)"m"); }
static long c_silo_limit(long h) { return sh_sys_silo_limit(h, SH_QUOTA_PAGES, 100); }
static long c_silo_stat(long h) { struct sh_silo_stat s; return sh_sys_silo_stat(h, (long)&s); }
static long c_silo_kill(long h) { return sh_sys_silo_kill(h); }
static long c_silo_suspend(long h) { return sh_sys_silo_suspend(h, 1); }
static long c_silo_resume(long h) { return sh_sys_silo_suspend(h, 0); }
static long c_proc_list(long h) { struct sh_proc_info p[2]; return sh_sys_proc_list(h, (long)p, 2); }
static long c_silo_log(long h)
{
	klog.pos = 0;
	klog.buf = buf;
	klog.cap = sizeof(buf);
	return sh_sys_silo_log(h, (long)&klog);
}
static long c_sys_power(long h) { return sh_sys_sys_power(h, 99); }
static long c_spawn_in(long h)
{
	struct sh_spawn sp;
	long c;

	memset(&sp, 0, sizeof(sp));
	sp.silo = (sh_handle_t)h;
	c = kh_spawn(&sp, KA("kchild\0exit"));
	if (c > 0)
		kh_reap(c, &sp);
	return c;
}
static long c_spawn_sup(long h)
{
	struct sh_spawn sp;
	long c;

	memset(&sp, 0, sizeof(sp));
	sp.supervisor = (sh_handle_t)h;
	c = kh_spawn(&sp, KA("kchild\0exit"));
	if (c > 0)
		kh_reap(c, &sp);
	return c;
}
static long c_spawn_grant(long h)
{
	struct sh_spawn sp;
	long c;

	memset(&sp, 0, sizeof(sp));
	sp.nhandles = 1;
	sp.handles[0] = (sh_handle_t)h;
	c = kh_spawn(&sp, KA("kchild\0exit"));
	if (c > 0)
		kh_reap(c, &sp);
	return c;
}

/* Every handle-taking call (cap_close last: it ends a closed row). */
static const struct call all_calls[] = {
	{ "cap_dup", c_cap_dup }, { "cap_mint", c_cap_mint }, { "cap_info", c_cap_info },
	{ "cap_revoke", c_cap_revoke }, { "vm_map", c_vm_map }, { "vm_map_frame", c_vm_map_frame },
	{ "vm_unmap", c_vm_unmap }, { "ipc_call", c_ipc_call }, { "ipc_recv", c_ipc_recv },
	{ "ipc_reply_recv", c_ipc_reply_recv }, { "notif_signal", c_notif_signal },
	{ "notif_wait", c_notif_wait }, { "thread_create", c_thread_create },
	{ "thread_start", c_thread_start }, { "thread_kill", c_thread_kill },
	{ "thread_set_prio", c_thread_prio }, { "irq_bind", c_irq_bind }, { "irq_ack", c_irq_ack },
	{ "proc_supervise", c_supervise }, { "proc_kill", c_proc_kill },
	{ "frame_info", c_frame_info }, { "proc_wait", c_proc_wait },
	{ "dev_frame", c_dev_frame }, { "irq_claim", c_irq_claim },
	{ "silo_create", c_silo_create }, { "silo_limit", c_silo_limit },
	{ "silo_stat", c_silo_stat }, { "silo_kill", c_silo_kill },
	{ "silo_suspend", c_silo_suspend }, { "proc_list", c_proc_list },
	{ "silo_log", c_silo_log }, { "sys_power", c_sys_power },
	{ "spawn_silo", c_spawn_in }, { "spawn_supervisor", c_spawn_sup },
	{ "spawn_grant", c_spawn_grant }, { "cap_close", c_cap_close },
};
#define NCALLS (sizeof(all_calls) / sizeof(all_calls[0]))

static void cell(const char *row, const char *col, long got, long want)
{
	char name[96];

	snprintf(name, sizeof(name), "matrix.%s.%s", row, col);
	if (want < 0)
		kt_err(name, got, (int)-want);
	else
		kt_eq(name, got, want);
}

/* A row where every call must say EBADH: closed, revoked, never made. */
static void row_badh(const char *row, long h)
{
	unsigned i;

	for (i = 0; i < NCALLS; i++)
		cell(row, all_calls[i].name, all_calls[i].fn(h), -SH_EBADH);
}

/* A row of calls on a handle of a type none of them takes. */
static void row_wrong_type(void)
{
	static const char *const skip[] = { "cap_dup", "cap_mint", "cap_info", "cap_revoke",
					     "cap_close", "spawn_grant", "notif_signal",
					     "notif_wait", "vm_map_frame", NULL };
	long n = sh_notif_create(), ep = sh_endpoint_create();
	unsigned i;

	for (i = 0; i < NCALLS; i++) {
		const char *const *s;

		for (s = skip; *s && strcmp(*s, all_calls[i].name); s++)
			;
		if (*s)
			continue;
		cell("wrong_type", all_calls[i].name, all_calls[i].fn(n), -SH_EBADH);
	}
	cell("wrong_type", "notif_signal", c_notif_signal(ep), -SH_EBADH);
	cell("wrong_type", "notif_wait", c_notif_wait(ep), -SH_EBADH);
	cell("wrong_type", "vm_map_frame", c_vm_map_frame(ep), -SH_EBADH);
	sh_cap_close((sh_handle_t)n);
	sh_cap_close((sh_handle_t)ep);
}

static void rows_stale(void)
{
	long n, d;

	n = sh_notif_create();
	sh_cap_close((sh_handle_t)n);
	row_badh("closed", n);
	row_badh("never_made", 0x7654321);
	n = sh_notif_create();
	d = sh_cap_dup((sh_handle_t)n, SH_R_ALL);
	sh_cap_revoke((sh_handle_t)n);
	row_badh("revoked", d);
	sh_cap_close((sh_handle_t)n);
}

static void row_dead_process(void)
{
	struct sh_spawn sp;
	long c;

	memset(&sp, 0, sizeof(sp));
	c = kh_spawn(&sp, KA("kchild\0exit\0" "7"));
	if (!kt_ok("matrix.dead_process.spawn", c))
		return;
	sh_proc_wait((sh_handle_t)c, 5 * SEC);
	cell("dead_process", "vm_map", c_vm_map(c), -SH_EDEAD);
	cell("dead_process", "vm_unmap", c_vm_unmap(c), -SH_EDEAD);
	cell("dead_process", "thread_create", c_thread_create(c), -SH_EDEAD);
	cell("dead_process", "proc_supervise", c_supervise(c), -SH_EDEAD);
	cell("dead_process", "proc_kill", c_proc_kill(c), -SH_EDEAD);
	cell("dead_process", "proc_wait", c_proc_wait(c), 7);
	cell("dead_process", "cap_info", c_cap_info(c), 0);
	cell("dead_thread", "thread_start", c_thread_start(sp.thread), -SH_EDEAD);
	cell("dead_thread", "thread_kill", c_thread_kill(sp.thread), -SH_EDEAD);
	cell("dead_thread", "thread_set_prio", c_thread_prio(sp.thread), -SH_EDEAD);
	kh_reap(c, &sp);
}

static void row_dead_silo(const char *row, long s)
{
	cell(row, "silo_create", c_silo_create(s), -SH_EDEAD);
	cell(row, "silo_limit", c_silo_limit(s), -SH_EDEAD);
	cell(row, "silo_suspend", c_silo_suspend(s), -SH_EDEAD);
	cell(row, "silo_resume", c_silo_resume(s), -SH_EDEAD);
	cell(row, "spawn_silo", c_spawn_in(s), -SH_EDEAD);
	cell(row, "silo_stat", c_silo_stat(s), 0);
	cell(row, "silo_state", kh_silo_stat((sh_handle_t)s).state, SH_SILO_DEAD);
	cell(row, "proc_list", c_proc_list(s), 0);
	cell(row, "silo_log", c_silo_log(s), 0);
	cell(row, "dev_frame", c_dev_frame(s), -SH_EPERM);
	cell(row, "irq_claim", c_irq_claim(s), -SH_EPERM);
	cell(row, "sys_power", c_sys_power(s), -SH_EPERM);
	cell(row, "silo_kill", c_silo_kill(s), -SH_EDEAD);
}

static void rows_silos(void)
{
	long a = kh_silo("mx", sh_start_info()->silo, 0);
	long b = kh_silo("mxsub", (sh_handle_t)a, 0);
	long c = kh_silo("mxsubsub", (sh_handle_t)b, 0);

	sh_sys_silo_suspend(c, 1);	/* a suspended one dies as well */
	kt_eq("matrix.silo.kill", sh_sys_silo_kill(a), 0);
	row_dead_silo("killed_silo", a);
	row_dead_silo("sub_of_killed", b);
	row_dead_silo("suspended_sub_of_killed", c);
	sh_cap_close((sh_handle_t)c);
	sh_cap_close((sh_handle_t)b);
	sh_cap_close((sh_handle_t)a);
}

/* A supervisor endpoint nobody holds a handle to any more: exits and
 * faults are posted to it all the same, and everything is released. */
static void row_supervisor_gone(void)
{
	struct sh_spawn sp;
	long ep, c;

	ep = sh_endpoint_create();
	memset(&sp, 0, sizeof(sp));
	sp.supervisor = (sh_handle_t)ep;
	c = kh_spawn(&sp, KA("kchild\0exit\0" "3"));
	sh_cap_close((sh_handle_t)ep);
	cell("supervisor_gone", "exit_code", kh_reap(c, &sp), 3);

	ep = sh_endpoint_create();
	memset(&sp, 0, sizeof(sp));
	sp.supervisor = (sh_handle_t)ep;
	c = kh_spawn(&sp, KA("kchild\0fault"));
	sh_cap_close((sh_handle_t)ep);
	cell("supervisor_gone", "faulted_stays_stopped", sh_proc_wait((sh_handle_t)c, 50000000),
	     -SH_ETIMEDOUT);
	cell("supervisor_gone", "kill_faulted", sh_proc_kill((sh_handle_t)c), 0);
	cell("supervisor_gone", "killed_code", kh_reap(c, &sp), -1);

	ep = sh_endpoint_create();
	memset(&sp, 0, sizeof(sp));
	c = kh_spawn(&sp, KA("kchild\0sleep"));
	cell("supervisor_gone", "supervise", sh_proc_supervise((sh_handle_t)c, (sh_handle_t)ep), 0);
	sh_cap_close((sh_handle_t)ep);
	cell("supervisor_gone", "kill_supervised", sh_proc_kill((sh_handle_t)c), 0);
	cell("supervisor_gone", "supervised_code", kh_reap(c, &sp), -1);
}

void kharden_matrix(void)
{
	struct sh_stat_mem a, b;

	map_va = sh_va_reserve(SH_PAGE_SIZE);
	frame_h = sh_frame_create(1, 0);
	notif_h = sh_notif_create();
	a = kh_mem();
	rows_stale();
	row_wrong_type();
	row_dead_process();
	rows_silos();
	row_supervisor_gone();
	sh_yield();
	b = kh_mem();
	kt_eq("matrix.objects_back", (long)b.kobjs, (long)a.kobjs);
	kt_eq("matrix.handles_back", (long)b.handles, (long)a.handles);
	kt_eq("matrix.pages_back", (long)(b.total_pages - b.free_pages - b.heap_pages),
	      (long)(a.total_pages - a.free_pages - a.heap_pages));
	sh_cap_close((sh_handle_t)frame_h);
	sh_cap_close((sh_handle_t)notif_h);
}
