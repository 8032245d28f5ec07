/* kstress: SMP stress of thread and object lifetimes (run at -smp 2 and
 * -smp 4).  Children in a silo and its sub-silo either make system calls
 * without pause (always about to take the kernel lock) or block in every
 * kind of wait in turn (notification, sleep, IPC receive and call on a
 * shared endpoint), while init suspends and resumes their silos, kills
 * them one by one or a silo at a time, revokes and closes the endpoint
 * they use, and makes new ones.  The sequence of actions comes from the
 * seed (-- seed=N rounds=M), so a failure names a replayable seed; the
 * timing on several CPUs differs run to run, which is the point.
 *
 * At the end every kernel count (objects, handles, pages held, threads,
 * processes) must equal its value at the start, and the census after
 * init checks the same for the whole run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kt.h"

#define SEC 1000000000ULL
#define MAX_KIDS 8

static const void *elf;
static size_t elf_len;
static uint64_t rng;

static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

struct kid {
	long vs;
	sh_handle_t thread;
};

static struct kid kids[MAX_KIDS];
static long silo_top, silo_sub, ep;
static unsigned long spawned, killed, suspends, revokes, silo_kills, spawn_refused;

static long make_silos(void)
{
	silo_top = sh_sys_silo_create(sh_start_info()->silo, (long)"stress");
	if (silo_top < 0)
		return silo_top;
	silo_sub = sh_sys_silo_create(silo_top, (long)"sub");
	return silo_sub < 0 ? silo_sub : 0;
}

static void reap(struct kid *k)
{
	if (!k->vs)
		return;
	if (sh_proc_wait((sh_handle_t)k->vs, 10 * SEC) == -SH_ETIMEDOUT) {
		kt_check("stress.child_ends", 0, "a killed child did not end");
		return;
	}
	if (k->thread)
		sh_cap_close(k->thread);
	sh_cap_close((sh_handle_t)k->vs);
	k->vs = 0;
	k->thread = 0;
}

static void spawn_one(void)
{
	static const char spin[] = "kchild\0spin", waiter[] = "kchild\0waiter";
	struct sh_spawn sp;
	struct kid *k = &kids[rnd(MAX_KIDS)];
	long c;

	if (k->vs)
		return;
	memset(&sp, 0, sizeof(sp));
	sp.name = "stress";
	sp.prio = SH_PRIO_DEFAULT;
	sp.silo = (sh_handle_t)(rnd(2) ? silo_top : silo_sub);
	if (rnd(2)) {
		sp.args = spin;
		sp.args_len = sizeof(spin);
	} else {
		sp.args = waiter;
		sp.args_len = sizeof(waiter);
		sp.nhandles = 1;
		sp.handles[0] = (sh_handle_t)ep;
	}
	c = sh_proc_spawn(elf, elf_len, &sp);
	if (c > 0) {
		k->vs = c;
		k->thread = sp.thread;
		spawned++;
	} else if (c == -SH_EDEAD || c == -SH_EBADH) {
		spawn_refused++;	/* its silo was just killed, or the endpoint revoked */
	} else {
		kt_check("stress.spawn", 0, "spawn failed: %ld (%s)", c, kt_errname(c));
	}
}

static void new_endpoint(void)
{
	ep = sh_endpoint_create();
}

/* One action of the seeded sequence. */
static void act(void)
{
	struct kid *k;
	long s;

	switch (rnd(10)) {
	case 0:
	case 1:
		spawn_one();
		break;
	case 2:
		s = rnd(2) ? silo_top : silo_sub;
		sh_sys_silo_suspend(s, 1);
		suspends++;
		break;
	case 3:
		s = rnd(2) ? silo_top : silo_sub;
		sh_sys_silo_suspend(s, 0);
		break;
	case 4:
		k = &kids[rnd(MAX_KIDS)];
		if (k->vs) {
			sh_proc_kill((sh_handle_t)k->vs);
			reap(k);
			killed++;
		}
		break;
	case 5:
		/* The children's copies of the endpoint are derived from ours:
		 * revoking closes them under their blocked calls. */
		sh_cap_revoke((sh_handle_t)ep);
		sh_cap_close((sh_handle_t)ep);
		new_endpoint();
		revokes++;
		break;
	case 6:
		sh_cap_close((sh_handle_t)ep);	/* theirs keep it alive */
		new_endpoint();
		break;
	case 7:
		sh_sleep(rnd(3) * 300000);
		break;
	case 8:
		k = &kids[rnd(MAX_KIDS)];
		if (k->vs)
			sh_thread_set_prio(k->thread, 1 + rnd(SH_PRIO_DEFAULT));
		break;
	default:
		sh_yield();
		break;
	}
}

/* The end of a round: the whole silo killed (suspended or not), every
 * child reaped, fresh silos. */
static void end_round(void)
{
	int i;

	if (rnd(2))
		sh_sys_silo_suspend(silo_top, 1);
	sh_sys_silo_kill(rnd(4) ? silo_top : silo_sub);
	sh_sys_silo_kill(silo_top);
	silo_kills++;
	for (i = 0; i < MAX_KIDS; i++)
		reap(&kids[i]);
	sh_cap_close((sh_handle_t)silo_sub);
	sh_cap_close((sh_handle_t)silo_top);
	make_silos();
}

static long held(const struct sh_stat_mem *m)
{
	return (long)(m->total_pages - m->free_pages - m->heap_pages);
}

/* Counts settle once every CPU has released its dead threads. */
static struct sh_stat_mem settle(const struct sh_stat_mem *want)
{
	struct sh_stat_mem m;
	int i;

	for (i = 0; i < 100; i++) {
		memset(&m, 0, sizeof(m));
		sh_stat(SH_STAT_MEM, &m);
		if (m.kobjs == want->kobjs && held(&m) == held(want))
			break;
		sh_sleep(10000000);
	}
	return m;
}

int main(int argc, char **argv)
{
	struct sh_stat_mem a, b;
	struct sh_stat_cpus cpus;
	unsigned long rounds = 200, seed = 1, want_cpus = 1, r;
	int i, j;

	kt_begin("kstress");
	for (i = 1; i < argc; i++) {
		if (!strncmp(argv[i], "seed=", 5))
			seed = strtoul(argv[i] + 5, NULL, 0);
		else if (!strncmp(argv[i], "rounds=", 7))
			rounds = strtoul(argv[i] + 7, NULL, 0);
		else if (!strncmp(argv[i], "cpus=", 5))
			want_cpus = strtoul(argv[i] + 5, NULL, 0);
	}
	/* The other CPUs come up while init starts: wait for them. */
	for (i = 0; i < 200; i++) {
		sh_stat(SH_STAT_CPUS, &cpus);
		if (cpus.ncpus >= want_cpus)
			break;
		sh_sleep(10000000);
	}
	rng = seed * 2654435761u + 1;
	kt_note("seed=%lu rounds=%lu cpus=%u", seed, rounds, cpus.ncpus);
	if (!kt_eq("bootfs.kchild", sh_bootfs_find("bin/kchild", &elf, &elf_len), 0))
		return kt_end();
	memset(&a, 0, sizeof(a));
	sh_stat(SH_STAT_MEM, &a);
	kt_ok("stress.silos", make_silos());
	new_endpoint();
	for (r = 0; r < rounds; r++) {
		for (j = 0; j < 12; j++)
			act();
		end_round();
	}
	sh_cap_close((sh_handle_t)ep);
	sh_cap_close((sh_handle_t)silo_sub);
	sh_cap_close((sh_handle_t)silo_top);
	b = settle(&a);
	kt_eq("stress.objects_back", (long)b.kobjs, (long)a.kobjs);
	kt_eq("stress.handles_back", (long)b.handles, (long)a.handles);
	kt_eq("stress.pages_back", held(&b), held(&a));
	kt_eq("stress.procs_threads_back", (long)b.objects, (long)a.objects);
	kt_eq("stress.root_charge_back", (long)b.quota_pages, (long)a.quota_pages);
	printf("kstress: summary seed=%lu rounds=%lu spawned=%lu killed=%lu suspends=%lu "
	       "revokes=%lu silo_kills=%lu refused=%lu\n", seed, rounds, spawned, killed,
	       suspends, revokes, silo_kills, spawn_refused);
	return kt_end();
}
