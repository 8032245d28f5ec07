/* kharden: the kernel tried as an attacker would, one small hostile case
 * per defect bedrock once had (issue 11), the boundaries of spawn and of
 * every call that takes a size, and quota exactness: for each allocating
 * call, the pages the allocator really gave out equal the pages charged.
 * The lifetime matrix is kharden_matrix.c.  The child is kchild. */
#include <string.h>

#include "kt.h"
#include "kharden.h"

#define SEC 1000000000ULL
/* Argument strings and their length with the last NUL. */
#define KA(lit) lit, sizeof(lit)
#define STACK_MAX (8ull * 1024 * 1024)		/* LOADER_STACK_MAX */
#define FRAME_MAX 65536u			/* FRAME_MAX_PAGES */

const void *kh_elf;
size_t kh_elf_len;

long kh_silo(const char *name, sh_handle_t parent, uint64_t pages)
{
	long s = sh_sys_silo_create(parent, (long)name);

	if (s > 0 && pages)
		sh_sys_silo_limit(s, SH_QUOTA_PAGES, (long)pages);
	return s;
}

struct sh_silo_stat kh_silo_stat(sh_handle_t s)
{
	struct sh_silo_stat st;

	memset(&st, 0, sizeof(st));
	sh_sys_silo_stat(s, (long)&st);
	return st;
}

struct sh_stat_mem kh_mem(void)
{
	struct sh_stat_mem m;

	memset(&m, 0, sizeof(m));
	sh_stat(SH_STAT_MEM, &m);
	return m;
}

/* Pages neither free nor the heap's: what objects hold. */
static long held(const struct sh_stat_mem *m)
{
	return (long)(m->total_pages - m->free_pages - m->heap_pages);
}

long kh_spawn(struct sh_spawn *sp, const char *args, size_t args_len)
{
	sp->args = args;
	sp->args_len = (uint32_t)args_len;
	if (!sp->name)
		sp->name = "kchild";
	return sh_proc_spawn(kh_elf, kh_elf_len, sp);
}

/* Waits for child c (closing its handles); returns its exit code or the
 * wait's error. */
long kh_reap(long c, struct sh_spawn *sp)
{
	long r;

	if (c <= 0)
		return c;
	r = sh_proc_wait((sh_handle_t)c, 10 * SEC);
	if (r == -SH_ETIMEDOUT) {
		sh_proc_kill((sh_handle_t)c);
		sh_proc_wait((sh_handle_t)c, 10 * SEC);
	}
	if (sp && sp->thread)
		sh_cap_close(sp->thread);
	sh_cap_close((sh_handle_t)c);
	return r;
}

/* "kchild\0args\0" then filler words up to exactly len bytes; returns argc. */
static int big_args(char *out, size_t len)
{
	static const char head[] = "kchild\0args";
	size_t n = sizeof(head);
	int argc = 2;

	memcpy(out, head, n);
	while (n < len) {
		size_t w = len - n > 40 ? 39 : len - n - 1;

		memset(out + n, 'a' + argc % 26, w);
		out[n + w] = 0;
		n += w + 1;
		argc++;
	}
	return argc;
}

/* "K0=vvvv\0K1=..." of exactly len bytes (len >= 4). */
static void big_env(char *out, size_t len)
{
	size_t n = 0;
	int k = 0;

	while (n < len) {
		size_t w = len - n > 40 ? 39 : len - n - 1;

		memset(out + n, 'v', w);
		if (w >= 3) {
			out[n] = 'K';
			out[n + 1] = (char)('A' + k++ % 26);
			out[n + 2] = '=';
		}
		out[n + w] = 0;
		n += w + 1;
	}
}

static char args_max[SH_ARGS_MAX], env_max[SH_ENV_MAX];

/* Defect 1: stack_size 1 with 2 KiB of arguments and 2 KiB of
 * environment once put the start block below the stack (the kernel
 * halted).  Now the stack grows to hold them: the child runs and sees
 * every argument. */
static void test_spawn_stack(void)
{
	static const struct { const char *name; uint64_t size; } sizes[] = {
		{ "spawn.stack_0", 0 }, { "spawn.stack_1", 1 },
		{ "spawn.stack_page", SH_PAGE_SIZE }, { "spawn.stack_max", STACK_MAX },
	};
	struct sh_spawn sp;
	int argc = big_args(args_max, sizeof(args_max));
	long c, s;
	unsigned i;

	big_env(env_max, sizeof(env_max));
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		memset(&sp, 0, sizeof(sp));
		sp.stack_size = sizes[i].size;
		sp.env = env_max;
		sp.env_len = sizeof(env_max);
		c = kh_spawn(&sp, args_max, sizeof(args_max));
		kt_eq(sizes[i].name, kh_reap(c, &sp), argc);
	}
	memset(&sp, 0, sizeof(sp));
	sp.stack_size = STACK_MAX + 1;
	kt_err("spawn.stack_over_max", kh_spawn(&sp, args_max, sizeof(args_max)), SH_EINVAL);
	sp.stack_size = ~0ull;
	kt_err("spawn.stack_huge", kh_spawn(&sp, args_max, sizeof(args_max)), SH_EINVAL);

	/* As the report had it: from a silo limited to 1,024 pages. */
	s = kh_silo("tiny", sh_start_info()->silo, 1024);
	memset(&sp, 0, sizeof(sp));
	sp.silo = (sh_handle_t)s;
	sp.stack_size = 1;
	sp.env = env_max;
	sp.env_len = sizeof(env_max);
	c = kh_spawn(&sp, args_max, sizeof(args_max));
	kt_eq("spawn.stack_1_small_silo", kh_reap(c, &sp), argc);
	/* A stack the silo cannot hold: refused whole, nothing left charged. */
	memset(&sp, 0, sizeof(sp));
	sp.silo = (sh_handle_t)s;
	sp.stack_size = STACK_MAX;
	kt_err("spawn.stack_over_quota", kh_spawn(&sp, KA("kchild\0exit")), SH_EQUOTA);
	kt_eq("spawn.over_quota_nothing_charged",
	      (long)kh_silo_stat((sh_handle_t)s).used[SH_QUOTA_PAGES], 0);
	sh_cap_close((sh_handle_t)s);
}

/* Each spawn field at 0, 1 and its maximum, past it, and all at their
 * maxima at once. */
static void test_spawn_fields(void)
{
	static char name31[32], env1[1];
	struct sh_spawn sp;
	long c, n, r;
	unsigned i;
	int argc;

	memset(&sp, 0, sizeof(sp));
	c = kh_spawn(&sp, NULL, 0);
	r = kh_reap(c, &sp);
	kt_check("spawn.args_0", c > 0 && r == 126, "spawn %ld, exit %ld", c, r);
	memset(&sp, 0, sizeof(sp));
	c = kh_spawn(&sp, KA(""));
	r = kh_reap(c, &sp);
	kt_check("spawn.args_1", c > 0 && r == 126, "spawn %ld, exit %ld", c, r);
	memset(&sp, 0, sizeof(sp));
	kt_err("spawn.args_over_max", kh_spawn(&sp, args_max, SH_ARGS_MAX + 1), SH_EINVAL);
	kt_err("spawn.args_unterminated", kh_spawn(&sp, "kchild\0args", 11), SH_EINVAL);

	memset(&sp, 0, sizeof(sp));
	sp.env = env1;
	sp.env_len = 1;
	kt_eq("spawn.env_1", kh_reap(kh_spawn(&sp, KA("kchild\0exit\0" "5")), &sp), 5);
	memset(&sp, 0, sizeof(sp));
	sp.env = env_max;
	sp.env_len = SH_ENV_MAX + 1;
	kt_err("spawn.env_over_max", kh_spawn(&sp, KA("kchild\0exit")), SH_EINVAL);
	sp.env = "A=1";
	sp.env_len = 3;
	kt_err("spawn.env_unterminated", kh_spawn(&sp, KA("kchild\0exit")), SH_EINVAL);
	sp.env = (const char *)KT_KERNEL_ADDR;
	sp.env_len = 8;
	kt_err("spawn.env_kernel", kh_spawn(&sp, KA("kchild\0exit")), SH_EFAULT);

	n = sh_notif_create();
	memset(&sp, 0, sizeof(sp));
	sp.nhandles = 1;
	sp.handles[0] = (sh_handle_t)n;
	kt_eq("spawn.handles_1", kh_reap(kh_spawn(&sp, KA("kchild\0info")), &sp),
	      SH_OBJ_NOTIFICATION);
	memset(&sp, 0, sizeof(sp));
	sp.nhandles = SH_SPAWN_HANDLES;
	for (i = 0; i < SH_SPAWN_HANDLES; i++)
		sp.handles[i] = (sh_handle_t)n;
	kt_eq("spawn.handles_max", kh_reap(kh_spawn(&sp, KA("kchild\0info")), &sp),
	      SH_OBJ_NOTIFICATION);
	sp.nhandles = SH_SPAWN_HANDLES + 1;
	kt_err("spawn.handles_over_max", kh_spawn(&sp, KA("kchild\0info")), SH_EINVAL);
	sp.nhandles = 0xffffffffu;
	kt_err("spawn.handles_huge", kh_spawn(&sp, KA("kchild\0info")), SH_EINVAL);

	memset(&sp, 0, sizeof(sp));
	sp.prio = 1;
	kt_eq("spawn.prio_1", kh_reap(kh_spawn(&sp, KA("kchild\0exit\0" "3")), &sp), 3);
	sp.prio = SH_PRIO_MAX;		/* init runs at the maximum */
	kt_eq("spawn.prio_max", kh_reap(kh_spawn(&sp, KA("kchild\0exit\0" "4")), &sp), 4);
	sp.prio = SH_PRIO_MAX + 1;
	kt_err("spawn.prio_over_max", kh_spawn(&sp, KA("kchild\0exit")), SH_EINVAL);

	memset(name31, 'n', 31);
	memset(&sp, 0, sizeof(sp));
	sp.name = name31;
	kt_eq("spawn.name_31", kh_reap(kh_spawn(&sp, KA("kchild\0exit\0" "6")), &sp), 6);
	{
		static char name40[40];

		memset(name40, 'n', sizeof(name40));
		sp.name = name40;	/* no NUL within SH_NAME_MAX */
		r = kh_spawn(&sp, KA("kchild\0exit"));
		kt_check("spawn.name_unterminated", r == -SH_ENAMETOOLONG || r == -SH_EINVAL,
			 "got %ld (%s)", r, kt_errname(r));
		if (r > 0)
			kh_reap(r, &sp);
	}

	memset(&sp, 0, sizeof(sp));
	kt_err("spawn.elf_0", sh_proc_spawn(kh_elf, 0, &sp), SH_ENOEXEC);
	kt_err("spawn.elf_1", sh_proc_spawn(kh_elf, 1, &sp), SH_ENOEXEC);
	kt_err("spawn.elf_over_max", sh_proc_spawn(kh_elf, 4 * 1024 * 1024 + 1, &sp), SH_E2BIG);

	/* Everything at its maximum at once. */
	argc = big_args(args_max, sizeof(args_max));
	memset(&sp, 0, sizeof(sp));
	sp.name = name31;
	sp.stack_size = STACK_MAX;
	sp.env = env_max;
	sp.env_len = sizeof(env_max);
	sp.prio = SH_PRIO_MAX;
	sp.nhandles = SH_SPAWN_HANDLES;
	for (i = 0; i < SH_SPAWN_HANDLES; i++)
		sp.handles[i] = (sh_handle_t)n;
	kt_eq("spawn.all_max", kh_reap(kh_spawn(&sp, args_max, sizeof(args_max)), &sp), argc);
	sh_cap_close((sh_handle_t)n);
}

/* The other calls that take a size or a count: 0, 1, the maximum, past it. */
static void test_sizes(void)
{
	static char buf[4097];
	long f, s, r;

	memset(buf, '.', sizeof(buf));
	buf[0] = '\n';
	buf[4095] = '\n';
	kt_eq("debug_write.0", sh_debug_write(buf, 0), 0);
	kt_eq("debug_write.1", sh_debug_write("\n", 1), 1);
	kt_eq("debug_write.max", sh_debug_write(buf, 4096), 4096);
	kt_err("debug_write.over_max", sh_debug_write(buf, 4097), SH_E2BIG);
	kt_err("debug_write.huge", sh_sys_debug_write((long)buf, -1), SH_E2BIG);

	kt_err("frame_create.0", sh_frame_create(0, 0), SH_EINVAL);
	f = sh_frame_create(1, 0);
	kt_ok("frame_create.1", f);
	sh_cap_close((sh_handle_t)f);
	kt_err("frame_create.over_max", sh_frame_create(FRAME_MAX + 1, 0), SH_EINVAL);
	kt_err("frame_create.huge", sh_frame_create(~0ull, 0), SH_EINVAL);
	kt_err("frame_create.contig_over_max", sh_frame_create(1025, SH_FRAME_CONTIG), SH_EINVAL);
	/* The largest frame, from a child in a silo that cannot have it:
	 * it passes every size check and is refused by the quota. */
	s = kh_silo("sizes", sh_start_info()->silo, 100);
	{
		struct sh_spawn sp;

		memset(&sp, 0, sizeof(sp));
		sp.silo = (sh_handle_t)s;
		kt_eq("frame_create.max_over_quota",
		      kh_reap(kh_spawn(&sp, KA("kchild\0frame\0" "65536\0" "0")), &sp), SH_EQUOTA);
		memset(&sp, 0, sizeof(sp));
		sp.silo = (sh_handle_t)s;
		kt_eq("frame_create.contig_max_over_quota",
		      kh_reap(kh_spawn(&sp, KA("kchild\0frame\0" "1024\0" "1")), &sp), SH_EQUOTA);
	}
	sh_cap_close((sh_handle_t)s);
	f = sh_frame_create(1024, SH_FRAME_CONTIG);
	kt_ok("frame_create.contig_max", f);
	if (f > 0)
		sh_cap_close((sh_handle_t)f);

	f = sh_frame_create(2, 0);
	kt_err("vm_map.offset_at_end", sh_sys_vm_map(sh_self(), f, 0x10000000, SH_VM_READ, 2),
	       SH_EINVAL);
	kt_err("vm_map.offset_huge", sh_sys_vm_map(sh_self(), f, 0x10000000, SH_VM_READ, -1),
	       SH_EINVAL);
	kt_err("vm_unmap.0_pages", sh_vm_unmap(sh_self(), 0x10000000, 0), SH_EINVAL);
	kt_err("vm_unmap.huge", sh_vm_unmap(sh_self(), 0x10000000, ~0ull), SH_EINVAL);
	sh_cap_close((sh_handle_t)f);

	s = kh_silo("lim", sh_start_info()->silo, 0);
	kt_err("silo_limit.kind_over", sh_sys_silo_limit(s, SH_QUOTA_KINDS, 1), SH_EINVAL);
	kt_eq("silo_limit.0", sh_sys_silo_limit(s, SH_QUOTA_PAGES, 0), 0);
	kt_eq("silo_limit.max", sh_sys_silo_limit(s, SH_QUOTA_PAGES, -1), 0);
	{
		struct sh_proc_info pi[1];

		kt_ok("proc_list.0", sh_sys_proc_list(sh_start_info()->silo, (long)pi, 0));
		kt_check("proc_list.1", sh_sys_proc_list(sh_start_info()->silo, (long)pi, 1) >= 1,
			 "init not listed");
		kt_err("proc_list.huge_n_kernel_buf",
		       sh_sys_proc_list(sh_start_info()->silo, (long)KT_KERNEL_ADDR, -1), SH_EFAULT);
	}
	{
		static char n32[33];

		memset(n32, 'x', 32);
		r = sh_sys_silo_create(s, (long)n32);
		kt_check("silo_create.name_unterminated", r == -SH_ENAMETOOLONG || r == -SH_EINVAL,
			 "got %ld (%s)", r, kt_errname(r));
		kt_err("silo_create.name_empty", sh_sys_silo_create(s, (long)""), SH_EINVAL);
	}
	sh_cap_close((sh_handle_t)s);
	kt_err("irq_claim.over", sh_irq_claim(sh_start_info()->silo, 0x10000), SH_EINVAL);
	kt_eq("sleep.0", sh_sleep(0), 0);
}

/* Defect 6 and quota exactness: for each allocating call, the pages the
 * allocator gave out (its own free count, less the heap's pages) equal
 * the pages charged to the root silo (init runs in it). */
#define ANY (-(1L << 40))	/* exact() checks taken == charged, whatever the count */

static void exact(const char *name, struct sh_stat_mem *a, long expect_pages)
{
	struct sh_stat_mem b = kh_mem();
	long taken = held(&b) - held(a), charged = (long)b.quota_pages - (long)a->quota_pages;

	kt_check(name, taken == charged && (expect_pages == ANY || charged == expect_pages),
		 "allocator gave %ld pages, quota charged %ld, expected %ld", taken, charged,
		 expect_pages);
	*a = b;
}

static void test_quota(void)
{
	struct sh_stat_mem m;
	struct sh_spawn sp;
	long f, g, s, t, e, n, c;
	uintptr_t va;

	m = kh_mem();
	f = sh_frame_create(513, SH_FRAME_CONTIG);
	exact("quota.contig_513", &m, 1024);
	sh_cap_close((sh_handle_t)f);
	exact("quota.contig_513_back", &m, -1024);
	f = sh_frame_create(5, 0);
	exact("quota.frame_5", &m, 5);
	g = sh_frame_create(1, SH_FRAME_CONTIG);
	exact("quota.contig_1", &m, 1);
	va = sh_va_reserve(5 * SH_PAGE_SIZE);
	sh_vm_map(sh_self(), (sh_handle_t)f, va, SH_VM_READ | SH_VM_WRITE, 0);
	exact("quota.vm_map", &m, ANY);
	sh_vm_unmap(sh_self(), va, 5);
	exact("quota.vm_unmap", &m, ANY);
	sh_cap_close((sh_handle_t)f);
	sh_cap_close((sh_handle_t)g);
	exact("quota.frames_back", &m, -6);
	e = sh_endpoint_create();
	n = sh_notif_create();
	exact("quota.endpoint_notif", &m, 0);
	t = sh_thread_create(sh_self(), 0x1000, 0, 0, 1);
	exact("quota.thread", &m, 2);
	sh_thread_kill((sh_handle_t)t);
	sh_cap_close((sh_handle_t)t);
	sh_yield();		/* its stack is released off it, on the next trap */
	exact("quota.thread_back", &m, -2);
	s = kh_silo("q", sh_start_info()->silo, 0);
	exact("quota.silo", &m, 0);
	memset(&sp, 0, sizeof(sp));
	sp.nhandles = 1;
	sp.handles[0] = (sh_handle_t)e;
	c = kh_spawn(&sp, KA("kchild\0sleep"));
	exact("quota.spawn", &m, ANY);
	sh_proc_kill((sh_handle_t)c);
	kh_reap(c, &sp);
	sh_yield();
	exact("quota.spawn_back", &m, ANY);
	sh_cap_close((sh_handle_t)s);
	sh_cap_close((sh_handle_t)e);
	sh_cap_close((sh_handle_t)n);
	exact("quota.all_back", &m, ANY);

	/* A silo's page limit holds for contiguous frames at their real size. */
	s = kh_silo("contig", sh_start_info()->silo, 1000);
	memset(&sp, 0, sizeof(sp));
	sp.silo = (sh_handle_t)s;
	c = kh_spawn(&sp, KA("kchild\0frame\0" "513\0" "1"));
	kt_eq("quota.contig_over_silo", kh_reap(c, &sp), SH_EQUOTA);
	sh_cap_close((sh_handle_t)s);
}

/* Defect 3: proc_supervise on a dead process is EDEAD and takes no
 * reference (the endpoint and its charge are not kept by the corpse). */
static void test_supervise_dead(void)
{
	struct sh_stat_mem a, b;
	struct sh_spawn sp;
	long c, ep;

	a = kh_mem();
	ep = sh_endpoint_create();
	memset(&sp, 0, sizeof(sp));
	c = kh_spawn(&sp, KA("kchild\0exit\0" "0"));
	kt_eq("supervise_dead.exited", sh_proc_wait((sh_handle_t)c, 5 * SEC), 0);
	kt_err("supervise_dead.edead", sh_proc_supervise((sh_handle_t)c, (sh_handle_t)ep), SH_EDEAD);
	kt_err("supervise_dead.clear_edead", sh_proc_supervise((sh_handle_t)c, 0), SH_EDEAD);
	kh_reap(c, &sp);
	sh_cap_close((sh_handle_t)ep);
	sh_yield();
	b = kh_mem();
	kt_eq("supervise_dead.objects_back", (long)b.kobjs, (long)a.kobjs);
	kt_eq("supervise_dead.kmem_back", held(&b), held(&a));
}

/* Defect 4: killing a silo kills its sub-silos: their state says so and
 * nothing starts in them. */
static void test_silo_tree(void)
{
	struct sh_spawn sp;
	long a, b, bb, c, r;

	a = kh_silo("outer", sh_start_info()->silo, 0);
	b = kh_silo("inner", (sh_handle_t)a, 0);
	memset(&sp, 0, sizeof(sp));
	sp.silo = (sh_handle_t)b;
	c = kh_spawn(&sp, KA("kchild\0sleep"));
	kt_ok("silo_tree.spawn_inner", c);
	kt_eq("silo_tree.kill_outer", sh_sys_silo_kill(a), 0);
	kt_check("silo_tree.inner_child_killed", sh_proc_wait((sh_handle_t)c, 5 * SEC) != -SH_ETIMEDOUT,
		 "the child of the sub-silo still runs");
	kh_reap(c, &sp);
	kt_eq("silo_tree.inner_dead", kh_silo_stat((sh_handle_t)b).state, SH_SILO_DEAD);
	r = kh_spawn(&sp, KA("kchild\0exit"));
	kt_err("silo_tree.spawn_inner_refused", r, SH_EDEAD);
	if (r > 0)
		kh_reap(r, &sp);
	bb = sh_sys_silo_create(b, (long)"deeper");
	kt_err("silo_tree.create_under_inner", bb, SH_EDEAD);
	if (bb > 0)
		sh_cap_close((sh_handle_t)bb);
	kt_err("silo_tree.suspend_inner", sh_sys_silo_suspend(b, 1), SH_EDEAD);
	sh_cap_close((sh_handle_t)b);
	sh_cap_close((sh_handle_t)a);
}

/* W^X per frame: a frame mapped writable is never mapped executable
 * elsewhere, and the other way round. */
static void test_wx_frame(void)
{
	long f = sh_frame_create(1, 0);
	uintptr_t va = sh_va_reserve(2 * SH_PAGE_SIZE);

	kt_eq("wx.map_rw", sh_vm_map(sh_self(), (sh_handle_t)f, va, SH_VM_READ | SH_VM_WRITE, 0), 0);
	kt_err("wx.then_rx_refused", sh_vm_map(sh_self(), (sh_handle_t)f, va + SH_PAGE_SIZE,
					       SH_VM_READ | SH_VM_EXEC, 0), SH_EINVAL);
	kt_eq("wx.map_r_too", sh_vm_map(sh_self(), (sh_handle_t)f, va + SH_PAGE_SIZE, SH_VM_READ, 0), 0);
	sh_vm_unmap(sh_self(), va, 2);
	kt_eq("wx.map_rx", sh_vm_map(sh_self(), (sh_handle_t)f, va, SH_VM_READ | SH_VM_EXEC, 0), 0);
	kt_err("wx.then_rw_refused", sh_vm_map(sh_self(), (sh_handle_t)f, va + SH_PAGE_SIZE,
					       SH_VM_READ | SH_VM_WRITE, 0), SH_EINVAL);
	sh_vm_unmap(sh_self(), va, 1);
	kt_eq("wx.rw_after_unmap", sh_vm_map(sh_self(), (sh_handle_t)f, va + SH_PAGE_SIZE,
					     SH_VM_READ | SH_VM_WRITE, 0), 0);
	sh_vm_unmap(sh_self(), va + SH_PAGE_SIZE, 1);
	sh_cap_close((sh_handle_t)f);
}

/* CNTKCTL_EL1: EL0 may read the virtual count, never touch the timers. */
static void test_timer_access(void)
{
	struct sh_spawn sp;
	long r;

	memset(&sp, 0, sizeof(sp));
	kt_eq("timer.el0_reads_count", kh_reap(kh_spawn(&sp, KA("kchild\0cntvct")), &sp), 0);
	memset(&sp, 0, sizeof(sp));
	r = kh_reap(kh_spawn(&sp, KA("kchild\0cntv")), &sp);
	kt_check("timer.el0_cannot_stop_tick", r != 0 && r != -SH_ETIMEDOUT,
		 "the child stopped the virtual timer and exited %ld", r);
	/* the kernel's tick still runs: a sleep ends */
	kt_eq("timer.tick_alive", sh_sleep(20000000), 0);
}

/* frame_info's physical address goes to a holder with MANAGE only. */
static void test_frame_phys(void)
{
	struct sh_frame_info fi;
	long f = sh_frame_create(2, SH_FRAME_CONTIG), g;

	memset(&fi, 0, sizeof(fi));
	sh_frame_info((sh_handle_t)f, &fi);
	kt_check("frame_phys.creator_sees", fi.phys != 0, "no physical address for the creator");
	g = sh_cap_dup((sh_handle_t)f, SH_R_READ | SH_R_MAP);
	memset(&fi, 0, sizeof(fi));
	kt_eq("frame_phys.info_without_manage", sh_frame_info((sh_handle_t)g, &fi), 0);
	kt_eq("frame_phys.hidden_without_manage", (long)fi.phys, 0);
	kt_eq("frame_phys.size_still", (long)fi.size, 2 * SH_PAGE_SIZE);
	sh_cap_close((sh_handle_t)g);
	sh_cap_close((sh_handle_t)f);
}

int main(void)
{
	kt_begin("kharden");
	if (!kt_eq("bootfs.kchild", sh_bootfs_find("bin/kchild", &kh_elf, &kh_elf_len), 0))
		return kt_end();
	test_spawn_stack();
	test_spawn_fields();
	test_sizes();
	test_quota();
	test_supervise_dead();
	test_silo_tree();
	test_wx_frame();
	test_frame_phys();
	test_timer_access();
	kharden_matrix();
	return kt_end();
}
