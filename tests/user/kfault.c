/* kfault: faults are messages.  Runs as init (init=kfault).
 *   - this process supervises itself: threads that fault in each way (bad
 *     load, store to read-only memory, jump into a data page (W^X), jump
 *     into the kernel, undefined instruction, stack overflow into the guard
 *     page) are stopped and reported to our endpoint as SH_TAG_FAULT
 *     notices with the right kind and address, while a worker thread and
 *     this one keep running;
 *   - a child process that faults with a supervisor: the notice arrives,
 *     the child is stopped, not gone, until we kill it;
 *   - a child that faults with no supervisor is killed and the kernel
 *     logs one line (the Python side checks that line). */
#include <stdio.h>
#include <string.h>

#include "kt.h"

#define SEC 1000000000ULL

static volatile uint64_t ticks;		/* the worker's progress */
static const uint32_t ro_word = 0x1234;

static void worker(long arg)
{
	(void)arg;
	for (;;)
		ticks++;
}

static void load_bad(long addr)
{
	(void)*(volatile uint64_t *)addr;
}

static void store_ro(long addr)
{
	*(volatile uint32_t *)addr = 1;
}

static void jump(long addr)
{
	((void (*)(void))addr)();
}

static void undef(long arg)
{
	(void)arg;
	__asm__ volatile("udf #0");
}

static volatile long depth_limit = 1L << 40;	/* never reached */

static long recurse(long n)
{
	volatile char pad[512];

	pad[0] = (char)n;
	if (n >= depth_limit)
		return n;
	return recurse(n + 1) + pad[0];
}

static void overflow(long arg)
{
	recurse(arg);
}

/* Receives one notice on ep within a second (polling, so a kernel that
 * never sends one fails the check rather than hanging the test). */
static long recv_notice(sh_handle_t ep, struct sh_msg *m, struct sh_notice *n)
{
	memset(m, 0, sizeof(*m));
	memset(n, 0, sizeof(*n));
	m->buf = n;
	m->cap = sizeof(*n);
	return sh_ipc_recv(ep, m);
}

struct case_ {
	const char *name;
	void (*fn)(long);
	long arg;
	uint32_t kind;
	int check_addr;
	uint64_t addr;
};

static void run_case(sh_handle_t ep, const struct case_ *c)
{
	char name[64];
	struct sh_msg m;
	struct sh_notice n;
	uint64_t before;
	long t, r;

	t = kt_raw_thread(c->fn, c->arg, SH_PRIO_DEFAULT, 1);
	snprintf(name, sizeof(name), "%s.thread", c->name);
	if (!kt_ok(name, t))
		return;
	r = recv_notice(ep, &m, &n);
	snprintf(name, sizeof(name), "%s.notice", c->name);
	kt_check(name, r == 0 && m.tag == SH_TAG_FAULT && m.len == sizeof(n),
		 "rcvid %ld tag %#llx len %u", r, (unsigned long long)m.tag, m.len);
	snprintf(name, sizeof(name), "%s.kind", c->name);
	kt_eq(name, n.kind, c->kind);
	if (c->check_addr == 2) {
		/* In the guard page under the thread's stack. */
		snprintf(name, sizeof(name), "%s.addr_in_guard", c->name);
		kt_check(name, n.addr >= kt_last_stack_lo - SH_PAGE_SIZE &&
			 n.addr < kt_last_stack_lo, "addr %#llx, guard %#llx",
			 (unsigned long long)n.addr,
			 (unsigned long long)(kt_last_stack_lo - SH_PAGE_SIZE));
	} else if (c->check_addr) {
		snprintf(name, sizeof(name), "%s.addr", c->name);
		kt_check(name, n.addr == c->addr, "addr %#llx, want %#llx",
			 (unsigned long long)n.addr, (unsigned long long)c->addr);
	}
	snprintf(name, sizeof(name), "%s.pid", c->name);
	kt_eq(name, (long)n.pid, (long)sh_start_info()->pid);
	snprintf(name, sizeof(name), "%s.esr", c->name);
	kt_check(name, n.esr != 0, "esr 0");
	/* The rest of the process runs on: the worker still counts. */
	before = ticks;
	sh_sleep(20000000);
	snprintf(name, sizeof(name), "%s.others_run", c->name);
	kt_check(name, ticks > before, "worker stopped at %llu", (unsigned long long)before);
	snprintf(name, sizeof(name), "%s.kill_stopped", c->name);
	kt_eq(name, sh_thread_kill((sh_handle_t)t), 0);
	sh_cap_close((sh_handle_t)t);
}

static void test_thread_faults(void)
{
	long ep, w, f;
	uint8_t *data;

	ep = sh_endpoint_create();
	kt_eq("supervise.self", sh_proc_supervise(sh_self(), (sh_handle_t)ep), 0);
	w = kt_raw_thread(worker, 0, 1, 1);
	kt_ok("worker.start", w);
	/* A data page holding "ret": executing it must fault (W^X). */
	f = sh_frame_create(1, 0);
	data = sh_map_frame((sh_handle_t)f, 1, SH_VM_READ | SH_VM_WRITE, NULL);
	sh_cap_close((sh_handle_t)f);
	if (data)
		*(volatile uint32_t *)data = 0xd65f03c0;	/* ret */
	{
		const struct case_ cases[] = {
			{"fault_load", load_bad, 0x10, SH_FAULT_DATA, 1, 0x10},
			{"fault_load_kernel", load_bad, (long)KT_KERNEL_ADDR, SH_FAULT_DATA, 1,
			 KT_KERNEL_ADDR},
			{"fault_store_ro", store_ro, (long)&ro_word, SH_FAULT_DATA, 1,
			 (uint64_t)(uintptr_t)&ro_word},
			{"fault_exec_data", jump, (long)data, SH_FAULT_INSN, 1,
			 (uint64_t)(uintptr_t)data},
			{"fault_exec_kernel", jump, (long)KT_KERNEL_ADDR, SH_FAULT_INSN, 1,
			 KT_KERNEL_ADDR},
			{"fault_undef", undef, 0, SH_FAULT_UNDEF, 0, 0},
			{"fault_stack_guard", overflow, 0, SH_FAULT_DATA, 2, 0},
		};
		for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
			run_case((sh_handle_t)ep, &cases[i]);
	}
	kt_check("main.still_running", 1, "%s", "unreachable");
	sh_thread_kill((sh_handle_t)w);
	sh_cap_close((sh_handle_t)w);
	kt_eq("supervise.clear", sh_proc_supervise(sh_self(), 0), 0);
	if (data)
		sh_vm_unmap(sh_self(), (uintptr_t)data, 1);
	sh_cap_close((sh_handle_t)ep);
}

static long spawn_fault(sh_handle_t supervisor, struct sh_spawn *sp)
{
	static const char args[] = "kchild\0fault";

	memset(sp, 0, sizeof(*sp));
	sp->prio = SH_PRIO_DEFAULT;
	sp->supervisor = supervisor;
	return sh_spawn_program("kchild", args, sizeof(args), sp);
}

static void test_child_faults(void)
{
	struct sh_spawn sp;
	struct sh_msg m;
	struct sh_notice n;
	long ep, c, r;

	ep = sh_endpoint_create();
	c = spawn_fault((sh_handle_t)ep, &sp);
	if (kt_ok("child.spawn_supervised", c)) {
		r = recv_notice((sh_handle_t)ep, &m, &n);
		kt_check("child.fault_notice", r == 0 && m.tag == SH_TAG_FAULT,
			 "rcvid %ld tag %#llx", r, (unsigned long long)m.tag);
		kt_eq("child.fault_kind", n.kind, SH_FAULT_DATA);
		kt_eq("child.fault_addr", (long)n.addr, 16);
		kt_check("child.fault_pid", n.pid != sh_start_info()->pid && n.pid != 0,
			 "pid %llu", (unsigned long long)n.pid);
		kt_check("child.fault_pc", n.pc >= 0x400000 && n.pc < 0x500000,
			 "pc %#llx", (unsigned long long)n.pc);
		/* Stopped, not ended: the supervisor decides. */
		kt_err("child.stopped_not_dead", sh_proc_wait((sh_handle_t)c, 50000000),
		       SH_ETIMEDOUT);
		kt_eq("child.kill", sh_proc_kill((sh_handle_t)c), 0);
		r = sh_proc_wait((sh_handle_t)c, 5 * SEC);
		kt_check("child.ended", r != -SH_ETIMEDOUT, "proc_wait gave %ld", r);
		r = recv_notice((sh_handle_t)ep, &m, &n);
		kt_check("child.exit_notice", r == 0 && m.tag == SH_TAG_EXIT &&
			 n.kind == SH_EXIT_KILLED, "rcvid %ld tag %#llx kind %u", r,
			 (unsigned long long)m.tag, n.kind);
		if (sp.thread)
			sh_cap_close(sp.thread);
		sh_cap_close((sh_handle_t)c);
	}

	c = spawn_fault(0, &sp);
	if (kt_ok("child.spawn_unsupervised", c)) {
		r = sh_proc_wait((sh_handle_t)c, 5 * SEC);
		kt_check("child.killed_by_kernel", r != -SH_ETIMEDOUT && r != 0,
			 "proc_wait gave %ld", r);
		kt_note("unsupervised child ended with %ld", r);
		if (sp.thread)
			sh_cap_close(sp.thread);
		sh_cap_close((sh_handle_t)c);
	}
	sh_cap_close((sh_handle_t)ep);
}

int main(void)
{
	kt_begin("kfault");
	test_thread_faults();
	test_child_faults();
	return kt_end();
}
