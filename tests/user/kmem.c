/* kmem: running out of memory is an error for the process that asks, not
 * a kernel panic, and everything comes back.  Runs as init (init=kmem).
 *   - a child in a silo limited to 16 MiB mallocs until malloc returns NULL
 *     with ENOMEM, frees, and can allocate again;
 *   - a child in the root silo does the same with all of the machine's
 *     memory; the kernel stays up and every page comes back when it ends;
 *   - a silo limited to 8 threads refuses the 9th (EQUOTA);
 *   - this process makes frames until refused, then handles until refused,
 *     and gets back every page and handle it had. */
#include <stdio.h>
#include <string.h>

#include "kt.h"

#define SEC 1000000000ULL

static struct sh_stat_mem mem(void)
{
	struct sh_stat_mem m = {0};

	sh_stat(SH_STAT_MEM, &m);
	return m;
}

/* The kernel heap keeps pages it grew into, so free pages may come back a
 * little short; a frame or a process leaked would be far more.  Kernel
 * objects must all come back. */
#define HEAP_SLACK 64

static void check_back(const char *what, struct sh_stat_mem before)
{
	struct sh_stat_mem now = mem();
	char name[64];

	snprintf(name, sizeof(name), "%s.objects_back", what);
	kt_eq(name, (long)now.objects, (long)before.objects);
	snprintf(name, sizeof(name), "%s.pages_back", what);
	kt_check(name, now.free_pages + HEAP_SLACK >= before.free_pages,
		 "%llu pages free, %llu before", (unsigned long long)now.free_pages,
		 (unsigned long long)before.free_pages);
}

/* Runs kchild MODE in silo (0: ours) and returns its exit code. */
static long run_child(const char *mode, sh_handle_t silo)
{
	char args[32];
	struct sh_spawn sp;
	size_t n;
	long c, r;

	memcpy(args, "kchild", 7);
	n = strlen(mode) + 1;
	memcpy(args + 7, mode, n);
	memset(&sp, 0, sizeof(sp));
	sp.prio = SH_PRIO_DEFAULT;
	sp.silo = silo;
	c = sh_spawn_program("kchild", args, 7 + n, &sp);
	if (c < 0)
		return c;
	r = sh_proc_wait((sh_handle_t)c, 120 * SEC);
	if (r == -SH_ETIMEDOUT)
		sh_proc_kill((sh_handle_t)c);
	if (sp.thread)
		sh_cap_close(sp.thread);
	sh_cap_close((sh_handle_t)c);
	return r;
}

static void test_silo_hog(void)
{
	sh_handle_t root = sh_start_info()->silo;
	long s, r;
	struct sh_stat_mem before;

	s = sh_sys_silo_create(root, (long)"kmem-small");
	if (!kt_ok("silo.create", s))
		return;
	kt_eq("silo.limit_pages", sh_sys_silo_limit(s, SH_QUOTA_PAGES, 4096), 0);
	kt_eq("silo.limit_threads", sh_sys_silo_limit(s, SH_QUOTA_THREADS, 8), 0);
	before = mem();
	r = run_child("hog", (sh_handle_t)s);
	kt_check("hog16.malloc_null_enomem", r >= 1 && r <= 16,
		 "exit %ld (MiB got, or 251+ for: no failure / wrong errno / no recovery)", r);
	kt_note("child in a 16 MiB silo got %ld MiB", r);
	check_back("hog16", before);
	r = run_child("threads", (sh_handle_t)s);
	kt_check("threads.quota", r >= 1 && r < 8, "exit %ld (threads made before EQUOTA)", r);
	check_back("threads", before);
	sh_sys_silo_kill(s);
	sh_cap_close((sh_handle_t)s);
}

static void test_root_hog(void)
{
	struct sh_stat_mem before = mem();
	long r;

	r = run_child("hog", 0);
	kt_check("hogall.malloc_null_enomem", r >= 1 && r <= 250,
		 "exit %ld (MiB got, or 251+ for: no failure / wrong errno / no recovery)", r);
	kt_note("child with all memory got %ld MiB (free before: %llu pages)", r,
		(unsigned long long)before.free_pages);
	check_back("hogall", before);
	kt_ok("hogall.kernel_alive", sh_yield());
}

static void test_frames_and_handles(void)
{
	static const uint64_t sizes[] = {4096, 16, 1};	/* pages */
	static sh_handle_t hs[2048];
	struct sh_stat_self s0, s1;
	struct sh_stat_mem before = mem();
	long r = 0, ep;
	int n = 0;

	s0 = kt_self();
	/* Frames of 16 MiB until refused, then 64 KiB, then single pages:
	 * every size ends in a clean refusal, and the last takes it all. */
	for (int k = 0; k < 3; k++) {
		char name[48];

		while (n < 2048 && (r = sh_frame_create(sizes[k], 0)) > 0)
			hs[n++] = (sh_handle_t)r;
		snprintf(name, sizeof(name), "frames.refused_%llu_pages",
			 (unsigned long long)sizes[k]);
		kt_check(name, r == -SH_ENOMEM || r == -SH_EQUOTA,
			 "after %d frames: %ld (%s)", n, r, kt_errname(r));
	}
	kt_check("frames.got_some", n > 0, "no frame at all");
	kt_note("%d frames before the last refusal, %llu pages free", n,
		(unsigned long long)mem().free_pages);
	for (int i = 0; i < n; i++)
		sh_cap_close(hs[i]);
	check_back("frames", before);
	before = mem();

	ep = sh_endpoint_create();
	n = 0;
	for (;;) {
		r = sh_cap_dup((sh_handle_t)ep, SH_R_READ | SH_R_DUP);
		if (r < 0)
			break;
		n++;
	}
	kt_check("handles.refused", r == -SH_ENOSPC || r == -SH_EQUOTA || r == -SH_ENOMEM,
		 "after %d dups: %ld (%s)", n, r, kt_errname(r));
	kt_note("%d handles before refusal (%s)", n, kt_errname(r));
	kt_eq("handles.revoke_all", sh_cap_revoke((sh_handle_t)ep), 0);
	sh_cap_close((sh_handle_t)ep);
	s1 = kt_self();
	kt_eq("handles.back", (long)s1.handles, (long)s0.handles);
	kt_eq("handles.objects_back", (long)mem().objects, (long)before.objects);
	kt_note("handle table growth kept %lld pages",
		(long long)before.free_pages - (long long)mem().free_pages);
}

int main(void)
{
	kt_begin("kmem");
	test_silo_hog();
	test_root_hog();
	test_frames_and_handles();
	return kt_end();
}
