/* bench_ipc: the kernel's two figures, in PMCCNTR_EL0 cycles per operation
 * (under tools/bench's -icount, cycles are guest instructions):
 *   null_syscall           a system call number with no call behind it:
 *                          trap, dispatch bounds check, return (ENOSYS)
 *   syscall_clock          clock(), the cheapest real call
 *   ipc_roundtrip          ipc_call + ipc_reply_recv between two threads of
 *                          one process (DESIGN.md's fast path), no data
 *   ipc_roundtrip_process  the same between two processes
 * Each is averaged over ITERS operations after WARMUP unmeasured ones.
 * Runs as init (init=bench_ipc); prints "bench: KEY N cycles/op" per
 * figure and "bench: done". */
#include <stdio.h>
#include <string.h>

#include "kt.h"

#define WARMUP 1000
#define ITERS 10000

static void serve(long ep)
{
	struct sh_msg m, rep;
	long rcvid;

	memset(&m, 0, sizeof(m));
	memset(&rep, 0, sizeof(rep));
	rcvid = sh_sys_ipc_recv(ep, (long)&m);
	for (;;)
		rcvid = sh_sys_ipc_reply_recv(ep, rcvid > 0 ? rcvid : 0, (long)&rep, (long)&m);
}

static void report(const char *key, uint64_t cycles, unsigned n)
{
	printf("bench: %s %llu cycles/op\n", key, (unsigned long long)((cycles + n / 2) / n));
}

static void bench_null(void)
{
	uint64_t t0, t1;

	for (int i = 0; i < WARMUP; i++)
		sh_syscall(SYS_COUNT, 0, 0, 0, 0, 0, 0);
	t0 = kt_cycles();
	for (int i = 0; i < ITERS; i++)
		sh_syscall(SYS_COUNT, 0, 0, 0, 0, 0, 0);
	t1 = kt_cycles();
	report("null_syscall", t1 - t0, ITERS);
	for (int i = 0; i < WARMUP; i++)
		sh_sys_clock();
	t0 = kt_cycles();
	for (int i = 0; i < ITERS; i++)
		sh_sys_clock();
	t1 = kt_cycles();
	report("syscall_clock", t1 - t0, ITERS);
}

/* Round trips to ep (served elsewhere); returns cycles for ITERS, 0 if a
 * call failed. */
static uint64_t round_trips(sh_handle_t ep)
{
	struct sh_msg m;
	uint64_t t0, t1;

	memset(&m, 0, sizeof(m));
	for (int i = 0; i < WARMUP; i++)
		if (sh_ipc_call(ep, &m) != 0)
			return 0;
	t0 = kt_cycles();
	for (int i = 0; i < ITERS; i++)
		sh_ipc_call(ep, &m);
	t1 = kt_cycles();
	return t1 - t0;
}

static void bench_ipc_threads(void)
{
	long ep = sh_endpoint_create(), t;
	uint64_t c;

	t = kt_raw_thread(serve, ep, SH_PRIO_MAX, 1);
	if (t < 0) {
		printf("bench: ipc_roundtrip failed: %s\n", kt_errname(t));
		return;
	}
	c = round_trips((sh_handle_t)ep);
	if (c)
		report("ipc_roundtrip", c, ITERS);
	else
		printf("bench: ipc_roundtrip failed\n");
	sh_thread_kill((sh_handle_t)t);
	sh_cap_close((sh_handle_t)t);
	sh_cap_close((sh_handle_t)ep);
}

static void bench_ipc_process(void)
{
	static const char args[] = "bench_ipc\0serve";
	struct sh_spawn sp;
	long ep = sh_endpoint_create(), c;
	uint64_t cy;

	memset(&sp, 0, sizeof(sp));
	sp.prio = SH_PRIO_MAX;
	sp.nhandles = 1;
	sp.handles[0] = (sh_handle_t)ep;
	c = sh_spawn_program("bench_ipc", args, sizeof(args), &sp);
	if (c < 0) {
		printf("bench: ipc_roundtrip_process failed: %s\n", kt_errname(c));
		return;
	}
	cy = round_trips((sh_handle_t)ep);
	if (cy)
		report("ipc_roundtrip_process", cy, ITERS);
	else
		printf("bench: ipc_roundtrip_process failed\n");
	sh_proc_kill((sh_handle_t)c);
	sh_proc_wait((sh_handle_t)c, 1000000000ULL);
	if (sp.thread)
		sh_cap_close(sp.thread);
	sh_cap_close((sh_handle_t)c);
	sh_cap_close((sh_handle_t)ep);
}

int main(int argc, char **argv)
{
	const struct sh_start *st = sh_start_info();

	if (argc > 1 && !strcmp(argv[1], "serve")) {
		if (st->nhandles)
			serve(st->handles[0]);
		return 1;
	}
	bench_null();
	bench_ipc_threads();
	bench_ipc_process();
	printf("bench: done\n");
	return 0;
}
