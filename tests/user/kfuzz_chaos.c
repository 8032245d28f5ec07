/* kfuzz, the init side's chaos thread: while the child fuzzes (on
 * another CPU when there are two), it suspends and resumes the child's
 * silo for a few milliseconds at a time, and makes sub-silos of it with a
 * kchild inside (blocked in waits or spinning in system calls) that it
 * kills again, with or without suspending them first.  Its choices come
 * from the run's seed; it stops when told and says what it did. */
#include <stdio.h>
#include <string.h>

#include "kt.h"
#include "kfuzz.h"

#define MS 1000000ULL

static volatile int stop;
static struct {
	sh_handle_t silo;
	uint64_t rng;
	const void *elf;
	size_t elf_len;
	unsigned long suspends, kills, spawns, refused;
} cx;

static uint32_t rnd(uint32_t n)
{
	cx.rng ^= cx.rng << 13;
	cx.rng ^= cx.rng >> 7;
	cx.rng ^= cx.rng << 17;
	return (uint32_t)(cx.rng % n);
}

static void sub_silo(void)
{
	static const char spin[] = "kchild\0spin", waiter[] = "kchild\0waiter";
	struct sh_spawn sp;
	long s = sh_sys_silo_create(cx.silo, (long)"chaos"), c, ep = 0;

	if (s < 0) {
		cx.refused++;	/* quota: the fuzzing child has what it made */
		return;
	}
	sh_sys_silo_limit(s, SH_QUOTA_PAGES, 1024);
	sh_sys_silo_limit(s, SH_QUOTA_THREADS, 4);
	memset(&sp, 0, sizeof(sp));
	sp.name = "chaos";
	sp.prio = SH_PRIO_DEFAULT;
	sp.silo = (sh_handle_t)s;
	if (rnd(2)) {
		sp.args = spin;
		sp.args_len = sizeof(spin);
	} else {
		ep = sh_endpoint_create();
		sp.args = waiter;
		sp.args_len = sizeof(waiter);
		sp.nhandles = 1;
		sp.handles[0] = (sh_handle_t)ep;
	}
	c = sh_proc_spawn(cx.elf, cx.elf_len, &sp);
	if (c > 0) {
		cx.spawns++;
		sh_sleep(rnd(3) * MS);
		if (rnd(2))
			sh_sys_silo_suspend(s, 1);
		sh_sleep(rnd(2) * MS);
	} else {
		cx.refused++;
	}
	sh_sys_silo_kill(s);
	cx.kills++;
	if (c > 0) {
		sh_proc_wait((sh_handle_t)c, 5000 * MS);
		if (sp.thread)
			sh_cap_close(sp.thread);
		sh_cap_close((sh_handle_t)c);
	}
	if (ep)
		sh_cap_close((sh_handle_t)ep);
	sh_cap_close((sh_handle_t)s);
}

static void chaos(void *arg)
{
	(void)arg;
	while (!stop) {
		switch (rnd(4)) {
		case 0:
			sh_sys_silo_suspend(cx.silo, 1);
			cx.suspends++;
			sh_sleep((1 + rnd(3)) * MS);
			sh_sys_silo_suspend(cx.silo, 0);
			break;
		case 1:
			sub_silo();
			break;
		default:
			sh_sleep((5 + rnd(10)) * MS);
			break;
		}
	}
	sh_sys_silo_suspend(cx.silo, 0);
}

long kfuzz_chaos_start(sh_handle_t silo, uint64_t seed)
{
	memset(&cx, 0, sizeof(cx));
	cx.silo = silo;
	cx.rng = seed | 1;
	stop = 0;
	if (sh_bootfs_find("bin/kchild", &cx.elf, &cx.elf_len))
		return -SH_ENOENT;
	return sh_thread_spawn(chaos, NULL, SH_PRIO_DEFAULT + 1, 0);
}

void kfuzz_chaos_stop(long h)
{
	if (h <= 0)
		return;
	stop = 1;
	sh_thread_join(h, 30000 * MS);
	sh_cap_close((sh_handle_t)h);
	printf("kfuzz: chaos suspends=%lu silo_kills=%lu spawns=%lu refused=%lu\n",
	       cx.suspends, cx.kills, cx.spawns, cx.refused);
}
