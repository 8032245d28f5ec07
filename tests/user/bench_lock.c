/* bench_lock: the longest kernel-lock holds a user can cause.  Runs the
 * heaviest call of each kind at its largest size (the largest frame made,
 * mapped, unmapped and torn down with its process; the largest contiguous
 * frame; spawn with every field at its maximum; a 64 KiB IPC round trip; a
 * 4 KiB console write; a revoke of 100,000 derived handles; a silo killed
 * with its processes; a process with 16,384 mappings unmapped and ended),
 * then reads the kernel's figures (sys_stat
 * SH_STAT_LOCK) and checks that no hold reached one timer tick: 10 ms,
 * which under -icount shift=0 is 10,000,000 guest instructions.
 *
 * Prints "bench: lock_hold_max N cycles call=NAME" for tools/bench and the
 * usual check lines; test_kernel.py boots it under -icount. */
#include <stdio.h>
#include <string.h>

#include "kt.h"

#define SEC 1000000000ULL
#define TICK_INSNS 10000000ULL		/* 10 ms at 1 instruction per ns */
#define FRAME_MAX 65536u

static const void *elf;
static size_t elf_len;

static long spawn(const char *args, size_t len, sh_handle_t h, struct sh_spawn *sp)
{
	memset(sp, 0, sizeof(*sp));
	sp->name = "kchild";
	sp->args = args;
	sp->args_len = (uint32_t)len;
	if (h) {
		sp->nhandles = 1;
		sp->handles[0] = h;
	}
	return sh_proc_spawn(elf, elf_len, sp);
}

static void reap(long c, struct sh_spawn *sp)
{
	sh_proc_kill((sh_handle_t)c);
	sh_proc_wait((sh_handle_t)c, 10 * SEC);
	if (sp->thread)
		sh_cap_close(sp->thread);
	sh_cap_close((sh_handle_t)c);
}

/* The largest frame: made, mapped whole, unmapped, mapped into a child
 * that is then killed (its teardown unmaps it), closed. */
static void big_frame(void)
{
	static const char sleep_[] = "kchild\0sleep";
	struct sh_spawn sp;
	long f, c;
	uintptr_t va;

	f = sh_frame_create(FRAME_MAX, 0);
	if (!kt_ok("big.frame_create", f))
		return;
	va = sh_va_reserve((size_t)FRAME_MAX * SH_PAGE_SIZE);
	kt_eq("big.vm_map", sh_vm_map(sh_self(), (sh_handle_t)f, va, SH_VM_READ, 0), 0);
	kt_eq("big.vm_unmap", sh_vm_unmap(sh_self(), va, FRAME_MAX), 0);
	c = spawn(sleep_, sizeof(sleep_), 0, &sp);
	if (kt_ok("big.child", c)) {
		kt_eq("big.vm_map_child", sh_vm_map((sh_handle_t)c, (sh_handle_t)f, 0x100000000ULL,
						    SH_VM_READ, 0), 0);
		reap(c, &sp);
	}
	sh_cap_close((sh_handle_t)f);
	f = sh_frame_create(1024, SH_FRAME_CONTIG);
	kt_ok("big.contig", f);
	sh_cap_close((sh_handle_t)f);
}

/* A process with as many mappings as it may have (16,384, then ENOSPC),
 * half of them unmapped by one call, the rest by its death. */
static void many_maps(void)
{
	static const char sleep_[] = "kchild\0sleep";
	struct sh_spawn sp;
	long f = sh_frame_create(1, 0), c, r = 0;
	uint64_t base = 0x200000000ULL, i;

	c = spawn(sleep_, sizeof(sleep_), 0, &sp);
	if (!kt_ok("maps.child", c))
		return;
	for (i = 0; i < 20000; i++) {
		r = sh_vm_map((sh_handle_t)c, (sh_handle_t)f, base + i * SH_PAGE_SIZE, SH_VM_READ, 0);
		if (r < 0)
			break;
	}
	kt_err("maps.limit_enospc", r, SH_ENOSPC);
	kt_check("maps.many", i > 16000 && i <= 16384, "%llu mappings", (unsigned long long)i);
	kt_eq("maps.unmap_half", sh_vm_unmap((sh_handle_t)c, base, i / 2), 0);
	reap(c, &sp);
	sh_cap_close((sh_handle_t)f);
}

static char args[SH_ARGS_MAX], env[SH_ENV_MAX];

static void big_spawn(void)
{
	struct sh_spawn sp;
	long n = sh_notif_create(), c;
	int i;

	memcpy(args, "kchild\0sleep", 13);
	for (i = 13; i < (int)sizeof(args); i++)
		args[i] = (i % 32) ? 'a' : 0;
	args[sizeof(args) - 1] = 0;
	for (i = 0; i < (int)sizeof(env); i++)
		env[i] = (i % 32) ? 'e' : 0;
	env[sizeof(env) - 1] = 0;
	c = spawn(args, sizeof(args), 0, &sp);
	reap(c, &sp);
	memset(&sp, 0, sizeof(sp));
	sp.name = "kchild";
	sp.args = args;
	sp.args_len = sizeof(args);
	sp.env = env;
	sp.env_len = sizeof(env);
	sp.stack_size = 8ull * 1024 * 1024;
	sp.prio = SH_PRIO_MAX;
	sp.nhandles = SH_SPAWN_HANDLES;
	for (i = 0; i < (int)SH_SPAWN_HANDLES; i++)
		sp.handles[i] = (sh_handle_t)n;
	c = sh_proc_spawn(elf, elf_len, &sp);
	if (kt_ok("big.spawn_all_max", c))
		reap(c, &sp);
	sh_cap_close((sh_handle_t)n);
}

static void big_ipc(void)
{
	static const char echo[] = "kchild\0echo";
	static char buf[SH_MSG_MAX];
	struct sh_spawn sp;
	struct sh_msg m;
	long ep = sh_endpoint_create(), c;

	c = spawn(echo, sizeof(echo), (sh_handle_t)ep, &sp);
	memset(&m, 0, sizeof(m));
	m.buf = buf;
	m.len = sizeof(buf);
	m.cap = sizeof(buf);
	kt_eq("big.ipc_64k", sh_ipc_call((sh_handle_t)ep, &m), 0);
	reap(c, &sp);
	sh_cap_close((sh_handle_t)ep);
}

static void big_revoke(void)
{
	long n = sh_notif_create();
	int i;

	long last = 0;
	struct sh_stat_self a = kt_self(), b;

	/* A tree of 100,000 handles: revoked in steps (the call is taken
	 * again until none is left), each step short. */
	for (i = 0; i < 100000; i++)
		if ((last = sh_cap_dup((sh_handle_t)(i % 2 && last > 0 ? last : n), SH_R_READ | SH_R_DUP)) < 0)
			break;
	kt_eq("big.dups", i, 100000);
	kt_eq("big.revoke", sh_cap_revoke((sh_handle_t)n), 0);
	b = kt_self();
	kt_eq("big.revoke_closed_all", (long)b.handles, (long)a.handles);
	kt_err("big.revoke_last_gone", sh_cap_close((sh_handle_t)last), SH_EBADH);
	sh_cap_close((sh_handle_t)n);
}

static void big_silo_kill(void)
{
	static const char sleep_[] = "kchild\0sleep";
	struct sh_spawn sp[8];
	long s = sh_sys_silo_create(sh_start_info()->silo, (long)"lk"), c[8], f, one;
	int i;

	f = sh_frame_create(4096, 0);
	one = sh_frame_create(1, 0);
	for (i = 0; i < 8; i++) {
		memset(&sp[i], 0, sizeof(sp[i]));
		sp[i].name = "kchild";
		sp[i].args = sleep_;
		sp[i].args_len = sizeof(sleep_);
		sp[i].silo = (sh_handle_t)s;
		c[i] = sh_proc_spawn(elf, elf_len, &sp[i]);
		if (c[i] > 0) {
			sh_vm_map((sh_handle_t)c[i], (sh_handle_t)f, 0x100000000ULL, SH_VM_READ, 0);
			/* and 4,096 one-page mappings: ending 8 such processes
			 * is more than one step of silo_kill */
			for (int j = 0; j < 4096; j++)
				sh_vm_map((sh_handle_t)c[i], (sh_handle_t)one,
					  0x300000000ULL + (uint64_t)j * SH_PAGE_SIZE, SH_VM_READ, 0);
		}
	}
	sh_cap_close((sh_handle_t)one);
	sh_cap_close((sh_handle_t)f);
	kt_eq("big.silo_kill", sh_sys_silo_kill(s), 0);
	for (i = 0; i < 8; i++)
		if (c[i] > 0)
			reap(c[i], &sp[i]);
	sh_cap_close((sh_handle_t)s);
}

int main(void)
{
	static char line[4096];
	struct sh_stat_lock l;
	unsigned k;

	kt_begin("bench_lock");
	if (!kt_eq("bootfs.kchild", sh_bootfs_find("bin/kchild", &elf, &elf_len), 0))
		return kt_end();
	big_frame();
	big_spawn();
	big_ipc();
	memset(line, '-', sizeof(line));
	line[sizeof(line) - 1] = '\n';
	kt_eq("big.debug_write", sh_debug_write(line, sizeof(line)), (long)sizeof(line));
	big_revoke();
	big_silo_kill();
	many_maps();
	if (!kt_eq("stat.lock", sh_stat(SH_STAT_LOCK, &l), 0))
		return kt_end();
	for (k = 0; k < SH_LOCK_KINDS; k++)
		if (l.count[k])
			kt_note("lock %-16s longest %10llu  (%llu traps)",
				k == SH_LOCK_FAULT ? "fault" : k == SH_LOCK_IRQ ? "irq" :
				sh_syscall_name(k), (unsigned long long)l.longest[k],
				(unsigned long long)l.count[k]);
	printf("bench: lock_hold_max %llu cycles call=%s\n", (unsigned long long)l.max,
	       l.max_kind == SH_LOCK_FAULT ? "fault" : l.max_kind == SH_LOCK_IRQ ? "irq" :
	       sh_syscall_name(l.max_kind));
	kt_check("lock.under_one_tick", l.max < TICK_INSNS,
		 "%s held the kernel lock %llu instructions (a tick is %llu)",
		 sh_syscall_name(l.max_kind), (unsigned long long)l.max, TICK_INSNS);
	return kt_end();
}
