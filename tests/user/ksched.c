/* ksched: the scheduler, on one CPU.  Runs as init (init=ksched) at the
 * top priority; the threads under test are bare threads (kt_raw_thread)
 * that only make system calls.
 *   - a CPU-burning thread does not starve a higher-priority one: the high
 *     thread's sleeps end on time while the burner spins;
 *   - strict priority: a lower thread gets no CPU while a higher one burns;
 *   - round robin: equal-priority burners both progress, and a sleeper at
 *     the burner's own priority still wakes within a slice or two;
 *   - yield hands the CPU to an equal-priority thread;
 *   - a thread cannot raise a priority above its own;
 *   - sleep lasts as long as asked. */
#include <string.h>

#include "kt.h"

#define MS 1000000L
#define SEC 1000000000L

struct counter {
	volatile uint64_t n;
};

static void burn(long arg)
{
	struct counter *c = (struct counter *)arg;

	for (;;)
		c->n++;
}

struct sleeper {
	long period;		/* ns per sleep */
	int rounds;
	volatile long worst;	/* worst lateness seen, ns */
	volatile int done;
};

static void sleep_loop(long arg)
{
	struct sleeper *s = (struct sleeper *)arg;

	for (int i = 0; i < s->rounds; i++) {
		long t0 = sh_sys_clock(), late;

		sh_sys_sleep(s->period);
		late = sh_sys_clock() - t0 - s->period;
		if (late > s->worst)
			s->worst = late;
	}
	s->done = 1;
	for (;;)
		sh_sys_sleep(60 * SEC);
}

/* Waits up to limit for *flag, polling every step ns from the top
 * priority (each poll preempts whatever runs below). */
static int wait_flag_every(volatile int *flag, long limit, long step)
{
	long t0 = sh_clock();

	while (!*flag && sh_clock() - t0 < limit)
		sh_sleep(step);
	return *flag;
}

static int wait_flag(volatile int *flag, long limit)
{
	return wait_flag_every(flag, limit, MS);
}

static void stop(long t)
{
	if (t > 0) {
		sh_thread_kill((sh_handle_t)t);
		sh_cap_close((sh_handle_t)t);
	}
}

static void test_no_starvation(void)
{
	struct counter burner = {0};
	struct sleeper s = {.period = 5 * MS, .rounds = 20};
	long b, h;
	uint64_t before;

	b = kt_raw_thread(burn, (long)&burner, 4, 1);
	kt_ok("starve.burner", b);
	sh_sleep(20 * MS);
	kt_check("starve.burner_runs", burner.n > 0, "burner never ran");
	h = kt_raw_thread(sleep_loop, (long)&s, 20, 1);
	kt_ok("starve.high", h);
	kt_check("starve.high_finished", wait_flag(&s.done, 5 * SEC),
		 "the high thread did not finish 20 sleeps in 5 s");
	/* A tick is 10 ms; the guest's timer follows host time, so a loaded
	 * host (CI runs two QEMUs per core pair) adds tens of ms at worst.
	 * Starvation would be seconds. */
	kt_check("starve.high_on_time", s.worst < 100 * MS, "worst lateness %ld us",
		 s.worst / 1000);
	kt_note("high-priority sleeper worst lateness %ld us beside a burner", s.worst / 1000);
	before = burner.n;
	sh_sleep(20 * MS);
	kt_check("starve.burner_still_runs", burner.n > before, "burner stopped");
	stop(h);
	stop(b);
}

static void test_strict_priority(void)
{
	struct counter hi = {0}, lo = {0};
	long th, tl;
	uint64_t lo_before, hi_before;

	tl = kt_raw_thread(burn, (long)&lo, 6, 1);
	sh_sleep(10 * MS);
	kt_check("prio.low_runs_alone", lo.n > 0, "low burner never ran");
	th = kt_raw_thread(burn, (long)&hi, 12, 1);
	sh_sleep(5 * MS);	/* let the high burner take over */
	lo_before = lo.n;
	hi_before = hi.n;
	sh_sleep(100 * MS);
	kt_check("prio.high_runs", hi.n > hi_before, "high burner did not run");
	kt_eq("prio.low_starved_by_higher", (long)(lo.n - lo_before), 0);
	stop(th);
	lo_before = lo.n;
	sh_sleep(10 * MS);
	kt_check("prio.low_resumes", lo.n > lo_before, "low burner did not resume");
	stop(tl);
}

static void test_round_robin(void)
{
	struct counter a = {0}, b = {0};
	struct sleeper s = {.period = 2 * MS, .rounds = 10};
	long ta, tb, ts;
	uint64_t a0, b0;

	ta = kt_raw_thread(burn, (long)&a, 8, 1);
	tb = kt_raw_thread(burn, (long)&b, 8, 1);
	sh_sleep(10 * MS);
	a0 = a.n;
	b0 = b.n;
	sh_sleep(200 * MS);
	kt_check("rr.both_progress", a.n > a0 && b.n > b0, "a +%llu, b +%llu",
		 (unsigned long long)(a.n - a0), (unsigned long long)(b.n - b0));
	/* A sleeper at the burners' priority wakes within a few slices:
	 * first with this thread out of the way (polling every 100 ms)... */
	ts = kt_raw_thread(sleep_loop, (long)&s, 8, 1);
	kt_check("rr.equal_sleeper_finished", wait_flag_every(&s.done, 5 * SEC, 100 * MS),
		 "an equal-priority sleeper starved");
	kt_check("rr.equal_sleeper_latency", s.done && s.worst < 500 * MS,
		 "worst lateness %ld us", s.worst / 1000);
	stop(ts);
	/* ...then with a higher-priority thread (this one) waking at every
	 * tick.  Each wake preempts the running burner, which must not get a
	 * fresh slice for it, or it never yields its level to the others. */
	s.done = 0;
	s.worst = 0;
	ts = kt_raw_thread(sleep_loop, (long)&s, 8, 1);
	kt_check("rr.equal_sleeper_under_preemption", wait_flag(&s.done, 5 * SEC),
		 "an equal-priority sleeper starved while a higher thread woke every tick");
	kt_note("equal-priority sleeper worst lateness %ld us beside two burners",
		s.worst / 1000);
	stop(ts);
	stop(ta);
	stop(tb);
}

struct yielder {
	char *log;
	volatile int *pos;
	char me;
	volatile int done;
};

static void yield_loop(long arg)
{
	struct yielder *y = (struct yielder *)arg;

	for (int i = 0; i < 20; i++) {
		int p = __atomic_fetch_add(y->pos, 1, __ATOMIC_RELAXED);

		if (p < 64)
			y->log[p] = y->me;
		sh_sys_yield();
	}
	y->done = 1;
	for (;;)
		sh_sys_sleep(60 * SEC);
}

static void test_yield(void)
{
	static char log[64];
	volatile int pos = 0;
	struct yielder a = {log, &pos, 'a', 0}, b = {log, &pos, 'b', 0};
	long ta, tb;
	int switches = 0;

	/* Created stopped, started back to back from the top priority, so
	 * both are queued before either runs. */
	ta = kt_raw_thread(yield_loop, (long)&a, 9, 0);
	tb = kt_raw_thread(yield_loop, (long)&b, 9, 0);
	sh_thread_start((sh_handle_t)ta);
	sh_thread_start((sh_handle_t)tb);
	wait_flag(&a.done, 5 * SEC);
	wait_flag(&b.done, 5 * SEC);
	kt_check("yield.both_done", a.done && b.done, "a %d b %d", a.done, b.done);
	for (int i = 1; i < 40; i++)
		switches += log[i] != log[i - 1];
	kt_check("yield.alternates", switches >= 30, "%d switches in %.40s", switches, log);
	stop(ta);
	stop(tb);
}

struct prio_probe {
	sh_handle_t self;
	volatile long raise, create, lower;
	volatile int done;
};

static void prio_probe(long arg)
{
	struct prio_probe *p = (struct prio_probe *)arg;

	p->raise = sh_sys_thread_set_prio(p->self, 20);
	p->create = sh_sys_thread_create(sh_self(), 0x400000, 0x10000, 0, 20);
	p->lower = sh_sys_thread_set_prio(p->self, 5);
	p->done = 1;
	for (;;)
		sh_sys_sleep(60 * SEC);
}

static void test_prio_limits(void)
{
	struct prio_probe p = {0};
	long t;

	t = kt_raw_thread(prio_probe, (long)&p, 10, 0);
	p.self = (sh_handle_t)t;
	sh_thread_start((sh_handle_t)t);
	wait_flag(&p.done, 5 * SEC);
	kt_err("prio.raise_own_refused", p.raise, SH_EPERM);
	kt_err("prio.create_above_own_refused", p.create, SH_EPERM);
	if (p.create > 0)
		sh_cap_close((sh_handle_t)p.create);
	kt_eq("prio.lower_own", p.lower, 0);
	stop(t);
}

static void test_sleep(void)
{
	long t0 = sh_clock(), t;

	sh_sleep(50 * MS);
	t = sh_clock() - t0;
	/* Never short; long only by ticks and host load (see starve.high_on_time). */
	kt_check("sleep.50ms", t >= 50 * MS && t < 500 * MS, "slept %ld us", t / 1000);
}

int main(void)
{
	struct sh_stat_cpus cpus = {0};

	kt_begin("ksched");
	sh_stat(SH_STAT_CPUS, &cpus);
	kt_eq("sched.one_cpu", cpus.ncpus, 1);
	test_sleep();
	test_no_starvation();
	test_strict_priority();
	test_round_robin();
	test_yield();
	test_prio_limits();
	return kt_end();
}
