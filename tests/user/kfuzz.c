/* kfuzz: the randomized system call exerciser.  Runs as init
 * (init=kfuzz -- seed=N count=M; both optional).
 *
 * The init side creates a silo with small quotas and spawns kfuzz again in
 * it as "child": an unprivileged process holding three handles for its
 * random calls (an endpoint, a notification, an endpoint its echo thread
 * serves), to which it adds its own VSpace without MANAGE, and one more
 * notification it only uses to report its result.  The child issues COUNT random system calls (every
 * call of syscall.def, with arguments drawn from its handles, junk
 * numbers, good and bad pointers, boundary values) from a worker thread.
 * Call i's number and arguments come from splitmix64(seed, i) alone, so a
 * seed replays the same sequence.  A call that blocks (an IPC with no
 * peer) is ended by a watchdog that kills the worker and starts another at
 * the next call; a tenth of the calls are structured (maps and unmaps in a
 * window of the child's own space, threads that fault or exit at once,
 * calls to the echo thread) so the paths behind the argument checks run
 * too.  Every result must be >= 0 or a known -SH_E* code.
 *
 * The init side drains the child's fault notices, waits for it, checks the
 * kernel still works and that killing the silo gives every object back,
 * and ends with "kfuzz: N passed, M failed"; the child's summary line is
 * "kfuzz: summary seed=... calls=...". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kt.h"
#include "kfuzz.h"

#define MS 1000000ULL
#define SEC 1000000000ULL
#define POOL 64
#define WINDOW_PAGES 64
#define WORKER_PRIO 8
#define ECHO_PRIO 10

/* ---- random numbers ----------------------------------------------------- */

static uint64_t splitmix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

struct rng {
	uint64_t s;
};

static uint64_t next(struct rng *r)
{
	r->s += 0x9e3779b97f4a7c15ULL;
	return splitmix64(r->s);
}

/* ---- the child's shared state ------------------------------------------ */

struct fuzz {
	uint64_t seed, count;
	volatile uint64_t next_call;	/* the worker's progress */
	volatile uint64_t in_call;	/* index of the call under way */
	volatile int done;
	sh_handle_t self;		/* full rights: structured calls only */
	sh_handle_t report;		/* the parent's notification for the result */
	sh_handle_t initial[4];		/* handed to random calls */
	volatile sh_handle_t pool[POOL];/* handles the calls created */
	uint8_t *scratch;		/* 4 pages RW: buffers, structures */
	char dots[64];			/* what debug_write may print */
	uintptr_t window;		/* WINDOW_PAGES for vm_map/unmap */
	uintptr_t worker_stack, thread_stack;
	const void *elf;		/* kchild's image (the parent's frame), or NULL */
	uint64_t elf_len;
	uint64_t spawned;		/* random spawns that made a process */
	uint64_t ok, err, bad, blocked, workers;
	uint64_t by_err[SH_ECOUNT];
	uint64_t by_call[64];
};

static struct fuzz fz;

static const uint32_t ro_data[16] = {1, 2, 3};

/* Creates a handle? (Its result goes to the pool.) */
static int creates(long num)
{
	switch (num) {
	case SYS_cap_dup: case SYS_cap_mint: case SYS_frame_create:
	case SYS_endpoint_create: case SYS_notif_create: case SYS_thread_create:
	case SYS_irq_claim: case SYS_dev_frame: case SYS_proc_spawn:
		return 1;
	}
	return 0;
}

static sh_handle_t pick_handle(struct rng *r)
{
	uint64_t x = next(r);

	switch (x % 10) {
	case 0: case 1: case 2: case 3: case 4:
		return fz.pool[(x >> 8) % POOL];
	case 5: case 6:
		return fz.initial[(x >> 8) % 4];
	case 7:
		return (sh_handle_t)((x >> 8) % 0x20000);	/* generation 0: never valid */
	case 8:
		return (sh_handle_t)(x >> 16);
	default:
		return 0;
	}
}

static uint64_t pick_ptr(struct rng *r)
{
	uint64_t x = next(r);

	switch (x % 12) {
	case 0: return (uint64_t)(uintptr_t)fz.scratch + ((x >> 8) % (4 * SH_PAGE_SIZE));
	case 1: return (uint64_t)(uintptr_t)fz.scratch + 4 * SH_PAGE_SIZE - ((x >> 8) % 64);
	case 2: return (uint64_t)(uintptr_t)ro_data;
	case 3: return (uint64_t)(uintptr_t)&splitmix64;
	case 4: return 0;
	case 5: return KT_KERNEL_ADDR + ((x >> 8) & 0xffff);
	case 6: return x;
	case 7: return KT_UNMAPPED + ((x >> 8) & 0xfff);
	case 8: return (uint64_t)(uintptr_t)fz.scratch;		/* a prepared sh_msg */
	case 9: return (uint64_t)(uintptr_t)fz.scratch + 1024;	/* a prepared sh_spawn */
	case 10: return fz.window + ((x >> 8) % WINDOW_PAGES) * SH_PAGE_SIZE;
	default: return SH_USER_HI - 8 + ((x >> 8) % 16);
	}
}

static uint64_t pick_int(struct rng *r)
{
	static const uint64_t edges[] = {
		0, 1, 2, 3, 4, 7, 8, 31, 32, 63, 64, 4095, 4096, 65535, 65536, 65537,
		SH_MSG_MAX, SH_MSG_MAX + 1, UINT32_MAX, (uint64_t)INT32_MAX + 1,
		UINT64_MAX, 1ULL << 63, SH_USER_HI, SH_USER_LO,
	};
	uint64_t x = next(r);

	switch (x % 6) {
	case 0: return (x >> 8) % 64;
	case 1: return edges[(x >> 8) % (sizeof(edges) / sizeof(edges[0]))];
	case 2: return (uint32_t)(x >> 8);
	case 3: return x;
	case 4: return (uint64_t)-(int64_t)((x >> 8) % 16);
	default: return ((x >> 8) % 16) * SH_PAGE_SIZE;
	}
}

static uint64_t pick_arg(struct rng *r)
{
	uint64_t x = next(r) % 10;

	return x < 4 ? pick_handle(r) : x < 7 ? pick_ptr(r) : pick_int(r);
}

/* Fills the prepared structures in scratch with random contents. */
static void prepare(struct rng *r)
{
	struct sh_msg *m = (struct sh_msg *)fz.scratch;
	struct sh_spawn *sp = (struct sh_spawn *)(fz.scratch + 1024);

	m->tag = next(r);
	m->badge = next(r);
	m->buf = (void *)(uintptr_t)pick_ptr(r);
	m->len = (uint32_t)pick_int(r);
	m->cap = (uint32_t)pick_int(r);
	m->nhandles = (uint32_t)(next(r) % 7);
	m->reserved = 0;
	for (unsigned i = 0; i < SH_MSG_HANDLES; i++)
		m->handles[i] = pick_handle(r);
	sp->name = (const char *)(uintptr_t)pick_ptr(r);
	sp->args = (const char *)(uintptr_t)pick_ptr(r);
	sp->args_len = (uint32_t)pick_int(r);
	sp->prio = (uint32_t)(next(r) % 40);
	sp->nhandles = (uint32_t)(next(r) % 20);
	for (unsigned i = 0; i < SH_SPAWN_HANDLES; i++)
		sp->handles[i] = pick_handle(r);
	sp->supervisor = pick_handle(r);
	sp->stack_size = pick_int(r);
	sp->silo = pick_handle(r);
	sp->env = (const char *)(uintptr_t)pick_ptr(r);
	sp->env_len = (uint32_t)pick_int(r);
}

static void fault_entry(long arg)
{
	volatile int *volatile bad = (volatile int *)(uintptr_t)0x10;

	(void)arg;
	*bad = 1;
}

static void exit_entry(long arg)
{
	sh_sys_exit(arg & 0xff);
}

/* A tenth of the calls: random, but aimed past the argument checks. */
static long structured(struct rng *r, long *num)
{
	uint64_t x = next(r);
	uintptr_t va = fz.window + (next(r) % WINDOW_PAGES) * SH_PAGE_SIZE;

	switch (x % 6) {
	case 5: {
		/* A real program with random fields: every size and count of
		 * sh_spawn at random, the strings in readable memory, so the
		 * checks past the ELF (stack layout, handles) run too. */
		struct sh_spawn *sp = (struct sh_spawn *)(fz.scratch + 1024);
		char *strs = (char *)fz.scratch + 3 * SH_PAGE_SIZE;
		long c;

		if (!fz.elf) {
			*num = SYS_yield;
			return sh_sys_yield();
		}
		for (unsigned k = 0; k < SH_PAGE_SIZE; k++)
			strs[k] = (char)(next(r) % 5 ? 'a' + k % 26 : 0);
		strs[SH_PAGE_SIZE - 1] = 0;
		sp->name = (x >> 8) & 1 ? strs : NULL;
		sp->args = strs;
		sp->args_len = (uint32_t)(next(r) % (SH_ARGS_MAX + 2));
		sp->env = strs + SH_PAGE_SIZE / 2;
		sp->env_len = (uint32_t)(next(r) % (SH_ENV_MAX + 2));
		if ((x >> 9) & 1) {
			/* well-formed strings of random lengths, no handles */
			if (sp->args_len > SH_PAGE_SIZE / 2)
				sp->args_len = SH_PAGE_SIZE / 2;
			if (sp->env_len > SH_PAGE_SIZE / 2)
				sp->env_len = SH_PAGE_SIZE / 2;
			if (sp->args_len)
				strs[sp->args_len - 1] = 0;
			if (sp->env_len)
				strs[SH_PAGE_SIZE / 2 + sp->env_len - 1] = 0;
			sp->nhandles = 0;
		}
		sp->stack_size = (x >> 10) & 1 ? next(r) % (9ULL << 20) : pick_int(r);
		sp->prio = (uint32_t)(next(r) % (WORKER_PRIO + 2));
		sp->supervisor = 0;
		sp->silo = (x >> 11) & 1 ? 0 : pick_handle(r);
		*num = SYS_proc_spawn;
		c = sh_sys_proc_spawn((long)fz.elf, (long)fz.elf_len, (long)sp);
		if (c > 0) {
			fz.spawned++;
			sh_sys_proc_kill(c);
			if (sp->thread)
				sh_sys_cap_close(sp->thread);
		}
		return c;
	}
	case 0:
		*num = SYS_vm_map;
		return sh_sys_vm_map(fz.self, pick_handle(r), (long)va, (long)(next(r) % 8),
				     (long)(next(r) % 4));
	case 1:
		*num = SYS_vm_unmap;
		return sh_sys_vm_unmap(fz.self, (long)va, (long)(next(r) % 8 + 1));
	case 2: {
		long t;

		*num = SYS_thread_create;
		t = sh_sys_thread_create(fz.self, (long)((x >> 8) & 1 ? fault_entry : exit_entry),
					 (long)(fz.thread_stack + SH_PAGE_SIZE), (long)next(r),
					 (long)(next(r) % 8));
		if (t > 0 && (x >> 9) & 1)
			sh_sys_thread_start(t);
		if (t > 0) {
			/* Faulted and never-started threads stay until killed:
			 * keep the last few, so the thread quota holds the
			 * worker's restarts whatever the seed. */
			static sh_handle_t ring[16];
			static unsigned at;
			long d = sh_sys_cap_dup(t, SH_R_MANAGE);

			if (ring[at % 16]) {
				sh_sys_thread_kill(ring[at % 16]);
				sh_sys_cap_close(ring[at % 16]);
			}
			ring[at++ % 16] = d > 0 ? (sh_handle_t)d : 0;
		}
		return t;
	}
	case 3: {
		struct sh_msg *m = (struct sh_msg *)(fz.scratch + 2048);

		memset(m, 0, sizeof(*m));
		m->tag = next(r);
		m->buf = fz.scratch + 3072;
		m->len = (uint32_t)(next(r) % 1100);
		m->cap = (uint32_t)(next(r) % 1100);
		*num = SYS_ipc_call;
		return sh_sys_ipc_call(fz.initial[3], (long)m);
	}
	default:
		*num = SYS_cap_dup;
		return sh_sys_cap_dup(pick_handle(r), (long)(next(r) & SH_R_ALL));
	}
}

/* Issues call i; returns its result and number. */
static long fuzz_call(uint64_t i, long *num)
{
	struct rng r = {splitmix64(fz.seed ^ splitmix64(i))};
	uint64_t a[6];

	prepare(&r);
	if (next(&r) % 10 == 0)
		return structured(&r, num);
	*num = (long)(next(&r) % (SYS_COUNT + 2));	/* and two past the end */
	/* Ending the whole process would end the run: the worker's own exit
	 * (the exit call, which ends one thread) stands in for it. */
	if (*num == SYS_proc_exit)
		*num = SYS_exit;
	for (int k = 0; k < 6; k++)
		a[k] = pick_arg(&r);
	/* Console output from random buffers: printable bytes, short lines,
	 * so the log stays readable and nothing looks like a sentinel. */
	if ((*num == SYS_debug_write || *num == SYS_console_write) &&
	    ((a[0] >= (uint64_t)(uintptr_t)fz.scratch &&
	      a[0] < (uint64_t)(uintptr_t)fz.scratch + 4 * SH_PAGE_SIZE) ||
	     (a[0] >= 0x400000 && a[0] < 0x800000) ||
	     (a[0] >= fz.window && a[0] < fz.window + WINDOW_PAGES * SH_PAGE_SIZE))) {
		a[0] = (uint64_t)(uintptr_t)fz.dots;
		a[1] %= 64;
	}
	/* Waits must end: the watchdog would end them, but slowly. */
	if (*num == SYS_sleep)
		a[0] %= 2 * MS;
	if (*num == SYS_notif_wait || *num == SYS_proc_wait)
		a[1] %= 2 * MS;
	return sh_syscall(*num, (long)a[0], (long)a[1], (long)a[2], (long)a[3],
			  (long)a[4], (long)a[5]);
}

static void record(long num, long res)
{
	if (num >= 0 && num < 64)
		fz.by_call[num]++;
	if (res >= 0) {
		fz.ok++;
	} else if (res > -SH_ECOUNT) {
		fz.err++;
		fz.by_err[-res]++;
	} else {
		fz.bad++;
	}
}

static void add_to_pool(uint64_t i, long res)
{
	unsigned slot = (unsigned)(splitmix64(i * 7 + 1) % POOL);
	sh_handle_t old = fz.pool[slot];

	fz.pool[slot] = (sh_handle_t)res;
	if (old)
		sh_sys_cap_close(old);
}

static void worker(long arg)
{
	(void)arg;
	for (;;) {
		uint64_t i = fz.next_call;
		long num = -1, res;

		if (i >= fz.count)
			break;
		fz.in_call = i;
		res = fuzz_call(i, &num);
		record(num, res);
		if (res > 0 && creates(num))
			add_to_pool(i, res);
		fz.next_call = i + 1;
	}
	fz.done = 1;
	for (;;)
		sh_sys_sleep((long)SEC);
}

static void echo(long ep)
{
	static char buf[2048];
	struct sh_msg m, rep;
	long rcvid;

	memset(&m, 0, sizeof(m));
	m.buf = buf;
	m.cap = sizeof(buf);
	rcvid = sh_sys_ipc_recv(ep, (long)&m);
	for (;;) {
		memset(&rep, 0, sizeof(rep));
		rep.buf = buf;
		rep.len = rcvid > 0 ? m.len : 0;
		m.buf = buf;
		m.cap = sizeof(buf);
		m.nhandles = 0;
		rcvid = sh_sys_ipc_reply_recv(ep, rcvid > 0 ? rcvid : 0, (long)&rep, (long)&m);
	}
}

static long start_worker(void)
{
	long t = sh_thread_create(fz.self, (uintptr_t)worker, fz.worker_stack, 0, WORKER_PRIO);

	if (t > 0) {
		sh_thread_start((sh_handle_t)t);
		fz.workers++;
	}
	return t;
}

static void *map_pages(size_t n)
{
	long f = sh_frame_create(n, 0);
	void *p = f > 0 ? sh_map_frame((sh_handle_t)f, n, SH_VM_READ | SH_VM_WRITE, NULL) : NULL;

	if (f > 0)
		sh_cap_close((sh_handle_t)f);
	return p;
}

static int child_main(int argc, char **argv)
{
	const struct sh_start *st = sh_start_info();
	long worker_t, echo_t, last = -1;
	int stalls = 0;
	uint8_t *stack;
	uint64_t t0 = (uint64_t)sh_clock();

	long r;

	memset(&fz, 0, sizeof(fz));
	for (int k = 2; k < argc; k++) {
		if (!strncmp(argv[k], "seed=", 5))
			fz.seed = strtoull(argv[k] + 5, NULL, 0);
		else if (!strncmp(argv[k], "count=", 6))
			fz.count = strtoull(argv[k] + 6, NULL, 0);
		else if (!strncmp(argv[k], "elf=", 4))
			fz.elf_len = strtoull(argv[k] + 4, NULL, 0);
	}
	if (st->nhandles < 4)
		return 10;
	if (st->nhandles > 4 && fz.elf_len)
		fz.elf = sh_map_frame(st->handles[4], (fz.elf_len + SH_PAGE_SIZE - 1) / SH_PAGE_SIZE,
				      SH_VM_READ, NULL);
	fz.report = st->handles[3];
	fz.self = sh_self();
	fz.initial[0] = st->handles[0];
	fz.initial[1] = st->handles[1];
	fz.initial[3] = st->handles[2];
	/* Random calls see this process only through a handle without MANAGE:
	 * they cannot unmap its code or kill its threads. */
	r = sh_cap_dup(fz.self, SH_R_ALL & ~SH_R_MANAGE);
	if (r < 0)
		return 15;
	fz.initial[2] = (sh_handle_t)r;
	fz.scratch = map_pages(4);
	stack = map_pages(4);
	fz.window = sh_va_reserve(WINDOW_PAGES * SH_PAGE_SIZE);
	fz.thread_stack = (uintptr_t)map_pages(2);
	if (!fz.scratch || !stack || !fz.window || !fz.thread_stack)
		return 11;
	fz.worker_stack = (uintptr_t)stack + 4 * SH_PAGE_SIZE;
	memset(fz.dots, '.', sizeof(fz.dots));
	{
		/* The echo thread's stack is separate from the worker's. */
		uint8_t *es = map_pages(2);

		if (!es)
			return 12;
		echo_t = sh_thread_create(fz.self, (uintptr_t)echo, (uintptr_t)es + 2 * SH_PAGE_SIZE,
					  fz.initial[3], ECHO_PRIO);
		if (echo_t < 0)
			return 13;
		sh_thread_start((sh_handle_t)echo_t);
	}
	printf("kfuzz: child seed=%llu count=%llu\n", (unsigned long long)fz.seed,
	       (unsigned long long)fz.count);
	worker_t = start_worker();
	while (!fz.done) {
		/* A call stuck 2-4 ms is ended: a blocked IPC costs little. */
		sh_sleep(2 * MS);
		if ((long)fz.next_call != last) {
			last = (long)fz.next_call;
			stalls = 0;
			continue;
		}
		if (++stalls < 2)
			continue;
		/* Stuck in a call (or the worker ended itself): next call. */
		sh_thread_kill((sh_handle_t)worker_t);
		sh_cap_close((sh_handle_t)worker_t);
		if (fz.next_call == fz.in_call) {
			fz.blocked++;
			fz.next_call = fz.in_call + 1;
		}
		stalls = 0;
		worker_t = start_worker();
		/* A chaos sub-silo may hold the threads or pages a moment. */
		for (int k = 0; k < 100 && worker_t == -SH_EQUOTA; k++) {
			sh_sleep(5 * MS);
			worker_t = start_worker();
		}
		if (worker_t < 0) {
			struct sh_stat_self me = kt_self();

			printf("kfuzz: child cannot restart its worker: %s (it has %llu threads, "
			       "%llu pages, %llu handles; call %llu)\n", kt_errname(worker_t),
			       (unsigned long long)me.threads, (unsigned long long)me.pages,
			       (unsigned long long)me.handles, (unsigned long long)fz.in_call);
			return 14;
		}
	}
	/* A newline first: random debug_write output may have left a line open. */
	printf("\nkfuzz: summary seed=%llu calls=%llu ok=%llu errors=%llu bad_returns=%llu "
	       "blocked=%llu workers=%llu spawned=%llu ms=%llu\n",
	       (unsigned long long)fz.seed, (unsigned long long)fz.next_call,
	       (unsigned long long)fz.ok, (unsigned long long)fz.err,
	       (unsigned long long)fz.bad, (unsigned long long)fz.blocked,
	       (unsigned long long)fz.workers, (unsigned long long)fz.spawned,
	       (unsigned long long)(((uint64_t)sh_clock() - t0) / MS));
	printf("kfuzz: errors");
	for (int e = 1; e < SH_ECOUNT; e++)
		if (fz.by_err[e])
			printf(" %s=%llu", kt_errname(-e) + 3, (unsigned long long)fz.by_err[e]);
	printf("\n");
	fflush(stdout);
	/* The result also goes to the parent's notification (bit 8 says
	 * "result", the low byte is the code): a check that does not depend
	 * on how the process ends.  exit() ends every thread, the stopped
	 * ones too. */
	sh_notif_signal(fz.report, 0x100 | (fz.bad ? 3 : fz.next_call >= fz.count ? 0 : 4));
	return fz.bad ? 3 : fz.next_call >= fz.count ? 0 : 4;
}

/* ---- the init side ------------------------------------------------------ */

static int parent_main(int argc, char **argv)
{
	uint64_t seed = 0, count = 100000;
	char args[128];
	struct sh_spawn sp;
	struct sh_msg m;
	struct sh_notice n;
	struct sh_stat_mem before, after;
	sh_handle_t root = sh_start_info()->silo;
	long silo, sup, ep, notif, echo_ep, report, c, r, chaos, elf_frame;
	size_t elf_len;
	uint64_t faults = 0, t0;
	int have_seed = 0, len;

	for (int k = 1; k < argc; k++) {
		if (!strncmp(argv[k], "seed=", 5)) {
			seed = strtoull(argv[k] + 5, NULL, 0);
			have_seed = 1;
		} else if (!strncmp(argv[k], "count=", 6)) {
			count = strtoull(argv[k] + 6, NULL, 0);
		}
	}
	if (!have_seed)
		seed = splitmix64((uint64_t)sh_clock() ^ kt_cycles());
	kt_begin("kfuzz");
	printf("kfuzz: seed=%llu count=%llu (replay: init=kfuzz -- seed=%llu count=%llu)\n",
	       (unsigned long long)seed, (unsigned long long)count,
	       (unsigned long long)seed, (unsigned long long)count);
	sh_stat(SH_STAT_MEM, &before);

	silo = sh_sys_silo_create(root, (long)"kfuzz");
	if (!kt_ok("silo.create", silo))
		return kt_end();
	/* 4,096 pages for the fuzzing child, 1,024 for the chaos thread's
	 * sub-silos (kfuzz_chaos.c limits each to that). */
	sh_sys_silo_limit(silo, SH_QUOTA_PAGES, 5120);
	sh_sys_silo_limit(silo, SH_QUOTA_THREADS, 64);
	sh_sys_silo_limit(silo, SH_QUOTA_HANDLES, 512);
	sup = sh_endpoint_create();
	ep = sh_endpoint_create();
	notif = sh_notif_create();
	echo_ep = sh_endpoint_create();
	report = sh_notif_create();
	{
		/* kchild's image in a frame the child maps read-only, for
		 * random spawns of a real program. */
		const void *elf;
		size_t n;
		void *p;

		elf_frame = 0;
		elf_len = 0;
		if (sh_bootfs_find("bin/kchild", &elf, &n) == 0 &&
		    (elf_frame = sh_frame_create((n + SH_PAGE_SIZE - 1) / SH_PAGE_SIZE, 0)) > 0 &&
		    (p = sh_map_frame((sh_handle_t)elf_frame, (n + SH_PAGE_SIZE - 1) / SH_PAGE_SIZE,
				      SH_VM_READ | SH_VM_WRITE, NULL)) != NULL) {
			memcpy(p, elf, n);
			elf_len = n;
			sh_vm_unmap(sh_self(), (uintptr_t)p, (n + SH_PAGE_SIZE - 1) / SH_PAGE_SIZE);
		}
	}
	len = snprintf(args, sizeof(args), "kfuzz%cchild%cseed=%llu%ccount=%llu%celf=%llu", 0, 0,
		       (unsigned long long)seed, 0, (unsigned long long)count, 0,
		       (unsigned long long)elf_len) + 1;
	memset(&sp, 0, sizeof(sp));
	sp.prio = SH_PRIO_DEFAULT;
	sp.silo = (sh_handle_t)silo;
	sp.supervisor = (sh_handle_t)sup;
	sp.nhandles = 4;
	sp.handles[0] = (sh_handle_t)ep;
	sp.handles[1] = (sh_handle_t)notif;
	sp.handles[2] = (sh_handle_t)echo_ep;
	sp.handles[3] = (sh_handle_t)report;
	if (elf_len) {
		sp.nhandles = 5;
		sp.handles[4] = (sh_handle_t)elf_frame;
		sp.handle_rights[4] = SH_R_READ | SH_R_MAP;
	}
	t0 = (uint64_t)sh_clock();
	c = sh_spawn_program("kfuzz", args, (size_t)len, &sp);
	if (!kt_ok("child.spawn", c))
		return kt_end();
	chaos = kfuzz_chaos_start((sh_handle_t)silo, splitmix64(seed ^ 0xc4a05));
	kt_ok("chaos.start", chaos);
	/* Fault notices until the exit notice. */
	for (;;) {
		memset(&m, 0, sizeof(m));
		memset(&n, 0, sizeof(n));
		m.buf = &n;
		m.cap = sizeof(n);
		r = sh_ipc_recv((sh_handle_t)sup, &m);
		if (r < 0) {
			kt_check("supervisor.recv", 0, "recv failed: %ld (%s)", r, kt_errname(r));
			break;
		}
		if (m.tag == SH_TAG_FAULT) {
			faults++;
			continue;
		}
		if (m.tag == SH_TAG_EXIT) {
			printf("kfuzz: child ended: kind %u code %d\n", n.kind, n.code);
			break;
		}
	}
	kfuzz_chaos_stop(chaos);
	{
		struct sh_silo_stat st;
		struct sh_proc_info pi[16];
		long np;

		memset(&st, 0, sizeof(st));
		sh_sys_silo_stat(silo, (long)&st);
		np = sh_sys_proc_list(silo, (long)pi, 16);
		printf("kfuzz: silo used pages=%llu threads=%llu handles=%llu kmem=%llu procs=%ld\n",
		       (unsigned long long)st.used[0], (unsigned long long)st.used[1],
		       (unsigned long long)st.used[2], (unsigned long long)st.used[3], np);
		for (long i = 0; i < np && i < 16; i++)
			printf("kfuzz: proc %llu %s threads %u\n", (unsigned long long)pi[i].pid,
			       pi[i].name, pi[i].nthreads);
	}
	r = sh_proc_wait((sh_handle_t)c, 10 * SEC);
	kt_eq("child.exit_code", r, 0);
	r = sh_notif_wait((sh_handle_t)report, 0);
	kt_eq("child.completed", r, 0x100);
	printf("kfuzz: parent saw %llu fault notices in %llu ms\n", (unsigned long long)faults,
	       (unsigned long long)(((uint64_t)sh_clock() - t0) / MS));

	/* The kernel is still up and working. */
	r = sh_endpoint_create();
	kt_ok("kernel.endpoint_create", r);
	if (r > 0)
		sh_cap_close((sh_handle_t)r);
	sh_notif_wait((sh_handle_t)notif, 0);	/* whatever the child left */
	sh_notif_signal((sh_handle_t)notif, 4);
	kt_eq("kernel.notif", sh_notif_wait((sh_handle_t)notif, 0), 4);
	r = sh_frame_create(1, 0);
	kt_ok("kernel.frame_create", r);
	if (r > 0)
		sh_cap_close((sh_handle_t)r);
	kt_eq("silo.kill", sh_sys_silo_kill(silo), 0);
	if (sp.thread)
		sh_cap_close(sp.thread);
	sh_cap_close((sh_handle_t)c);
	sh_cap_close((sh_handle_t)silo);
	sh_cap_close((sh_handle_t)sup);
	sh_cap_close((sh_handle_t)ep);
	sh_cap_close((sh_handle_t)notif);
	sh_cap_close((sh_handle_t)echo_ep);
	sh_cap_close((sh_handle_t)report);
	if (elf_frame > 0)
		sh_cap_close((sh_handle_t)elf_frame);
	/* Every CPU releases its dead threads at its next trap: settle. */
	for (int k = 0; k < 100; k++) {
		sh_sleep(10 * MS);
		sh_stat(SH_STAT_MEM, &after);
		if (after.objects == before.objects)
			break;
	}
	kt_eq("kernel.objects_back", (long)after.objects, (long)before.objects);
	/* Objects, handles and pages: init itself holds more now (the chaos
	 * thread's stack and TLS), so the census after init ends compares
	 * them, exactly. */
	return kt_end();
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "child"))
		return child_main(argc, argv);
	return parent_main(argc, argv);
}
