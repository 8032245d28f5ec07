/* Supervision: what silod does when the kernel reports that a program
 * faulted or ended (notices on its endpoint, badged BADGE_SUP | silo id),
 * and orderly stops.
 *
 * Policy is OTP's: permanent programs are always started again,
 * transient ones only after a fault or a non-zero exit, temporary ones
 * never.  Intensity: more than m.intensity restarts within m.period_ms
 * and silod gives up, kills the silo (reclaiming everything) and says so
 * in one line.  A restarted server gets a new receive handle on the same
 * endpoint, so its clients' handles keep working; calls made meanwhile
 * wait in the endpoint's queue.
 *
 * A kill (SILO_CTL_KILL) is a crash of the whole silo on request: every
 * program ends at once, without SHUTDOWN or write-back, and the policy
 * then applies as for a fault: one restart counted against the intensity.
 *
 * Orderly stop: SILO_CTL_SHUTDOWN goes to each scheme the silo serves.
 * The courier thread delivers it, because a strate that never answers
 * must not block silod; silo_kill ends what is left at the deadline, and
 * dropping the scheme's endpoint frees a courier stuck on it. */
#include <stdio.h>
#include <string.h>

#include "silod.h"

#define COURIER_RING 16u

static sh_handle_t courier_notif;
static sh_handle_t courier_ring[COURIER_RING];
static uint32_t courier_head, courier_tail;	/* head: main, tail: courier */

static void courier_main(void *arg)
{
	(void)arg;
	for (;;) {
		uint32_t t = __atomic_load_n(&courier_tail, __ATOMIC_ACQUIRE);

		if (t == __atomic_load_n(&courier_head, __ATOMIC_ACQUIRE)) {
			sh_notif_wait(courier_notif, UINT64_MAX);
			continue;
		}
		{
			sh_handle_t h = courier_ring[t % COURIER_RING];
			struct silo_ctl_req rq;
			struct sh_msg m;

			memset(&rq, 0, sizeof(rq));
			memset(&m, 0, sizeof(m));
			m.tag = SILO_CTL_SHUTDOWN;
			m.buf = &rq;
			m.len = sizeof(rq);
			m.cap = sizeof(rq);
			sh_ipc_call(h, &m);
			sh_cap_close(h);
		}
		__atomic_store_n(&courier_tail, t + 1, __ATOMIC_RELEASE);
	}
}

int supervise_init(void)
{
	long n = sh_notif_create(), t;

	if (n < 0)
		return (int)n;
	courier_notif = (sh_handle_t)n;
	t = sh_thread_spawn(courier_main, NULL, SH_PRIO_DEFAULT, 16384);
	return t < 0 ? (int)t : 0;
}

/* Queues SHUTDOWN for endpoint ep (a dup is kept until delivered). */
static void courier_send(sh_handle_t ep)
{
	uint32_t h = courier_head;
	long d;

	if (h - __atomic_load_n(&courier_tail, __ATOMIC_ACQUIRE) >= COURIER_RING)
		return;		/* full: the deadline will kill it */
	d = sh_cap_dup(ep, SH_R_WRITE);
	if (d < 0)
		return;
	courier_ring[h % COURIER_RING] = (sh_handle_t)d;
	__atomic_store_n(&courier_head, h + 1, __ATOMIC_RELEASE);
	sh_notif_signal(courier_notif, 1);
}

/* 1 if r's manifest uses the scheme name (one it serves itself), else 0. */
static int silo_uses_own(const struct silo_rec *r, const char *name)
{
	for (uint32_t u = 0; u < r->m.nuses; u++)
		if (!strcmp(r->m.uses[u].scheme, name))
			return 1;
	return 0;
}

void supervise_stop(struct silo_rec *r, uint64_t ms)
{
	uint32_t told = 0;

	if (r->state == SILO_SUSPENDED && r->silo)
		sh_sys_silo_suspend(r->silo, 0);
	r->state = SILO_STOPPING;
	r->deadline_ns = (uint64_t)sh_clock() + ms * 1000000u;
	/* The courier tells one server after another, each after the
	 * previous one answered, in the order of the manifest's "serves",
	 * except that schemes the silo itself uses go last (the storage
	 * silo's blk:, which its fsd writes back through). */
	for (int pass = 0; pass < 2; pass++) {
		for (uint32_t i = 0; i < r->m.nserves; i++) {
			struct scheme_rec *sc = scheme_find(r->m.serves[i]);

			if (sc && sc->owner == r &&
			    silo_uses_own(r, sc->name) == pass) {
				courier_send(sc->ep);
				told++;
			}
		}
	}
	silod_log("%s: stopping (%u servers told)\n", r->m.name, told);
	if (silo_nprocs(r) == 0 || told == 0) {
		/* Nothing to wait for: programs that serve nothing have no
		 * way to hear a request, so they end now. */
		silo_reclaim(r, SILO_STOPPED);
		silod_log("%s: stopped\n", r->m.name);
		event_post(r, SILO_EV_STOPPED, 0, SH_EXIT_NORMAL, 0, 0);
	}
}

/* The run line of pid in r, or -1. */
static int proc_index(struct silo_rec *r, uint64_t pid)
{
	for (uint32_t i = 0; i < r->m.nrun; i++)
		if (r->procs[i].vs && r->procs[i].pid == pid)
			return (int)i;
	/* Ended before silod learnt its pid. */
	for (uint32_t i = 0; i < r->m.nrun; i++)
		if (r->procs[i].vs && r->procs[i].pid == 0)
			return (int)i;
	return -1;
}

static const char *prog_name(const struct silo_rec *r, int i)
{
	const char *a = r->m.run[i].args, *b = strrchr(a, '/');

	return b ? b + 1 : a;
}

static void history_add(struct silo_rec *r, uint64_t now, uint64_t pid,
			uint32_t run, uint32_t kind, int32_t code)
{
	struct silo_restart *h;

	if (r->nhistory == SILOD_HISTORY) {
		memmove(r->history, r->history + 1,
			sizeof(r->history[0]) * (SILOD_HISTORY - 1));
		r->nhistory--;
	}
	h = &r->history[r->nhistory++];
	h->time_ns = now;
	h->pid = pid;
	h->run = run;
	h->kind = kind;
	h->code = code;
}

/* Gives r up after too many restarts: reclaimed, FAILED, reported. */
static void give_up(struct silo_rec *r, uint64_t pid)
{
	uint32_t s = r->m.period_ms / 1000u;

	if (s)
		silod_log("%s: restarted %u times in %u s, giving up\n",
			  r->m.name, r->m.intensity, s);
	else
		silod_log("%s: restarted %u times in %u ms, giving up\n",
			  r->m.name, r->m.intensity, r->m.period_ms);
	silo_reclaim(r, SILO_FAILED);
	event_post(r, SILO_EV_GIVEUP, pid, 0, 0, 0);
}

static void on_exit(struct silo_rec *r, int i, const struct sh_notice *n)
{
	struct silo_proc *p = &r->procs[i];
	int abnormal = p->faulted || n->kind != SH_EXIT_NORMAL || n->code != 0;
	int again;
	uint64_t now = (uint64_t)sh_clock();

	event_post(r, SILO_EV_EXIT, n->pid, n->kind, n->code, 0);
	sh_cap_close(p->vs);
	p->vs = 0;
	p->pid = 0;
	if (r->state == SILO_STOPPING) {
		if (silo_nprocs(r) == 0) {
			silo_reclaim(r, SILO_STOPPED);
			silod_log("%s: stopped\n", r->m.name);
			event_post(r, SILO_EV_STOPPED, 0, SH_EXIT_NORMAL, 0, 0);
		}
		return;
	}
	if (r->state != SILO_RUNNING && r->state != SILO_SUSPENDED)
		return;
	again = policy_should_restart(r->m.restart, abnormal);
	if (!again) {
		silod_log("%s: %s ended (%s %d)\n", r->m.name, prog_name(r, i),
			  p->faulted ? "fault" : "exit", (int)n->code);
		if (silo_nprocs(r) == 0) {
			silo_reclaim(r, SILO_EXITED);
			silod_log("%s: all programs ended\n", r->m.name);
			event_post(r, SILO_EV_STOPPED, 0, SH_EXIT_NORMAL, 0, 0);
		}
		return;
	}
	if (policy_intensity_take(&r->rw, now,
				  (uint64_t)r->m.period_ms * 1000000u,
				  r->m.intensity) < 0) {
		give_up(r, n->pid);
		return;
	}
	r->restarts++;
	history_add(r, now, n->pid, (uint32_t)i,
		    p->faulted ? RESTART_KIND_FAULT : n->kind, n->code);
	if (p->faulted)
		silod_log("%s: %s faulted, restarting (%u)\n", r->m.name,
			  prog_name(r, i), r->restarts);
	else
		silod_log("%s: %s %s (%d), restarting (%u)\n", r->m.name,
			  prog_name(r, i), n->kind == SH_EXIT_KILLED ?
			  "was killed" : "exited", (int)n->code, r->restarts);
	if (silo_spawn(r, (uint32_t)i) == 0)
		event_post(r, SILO_EV_RESTART, r->procs[i].pid, 0, 0, 0);
}

void supervise_kill(struct silo_rec *r)
{
	uint64_t now = (uint64_t)sh_clock(), pids[MANIFEST_RUN_MAX] = { 0 };
	uint32_t n = 0;

	r->kills++;
	r->killed_ns = now;
	if (r->state == SILO_STOPPING) {
		/* A stop was asked for already: the kill just ends it now. */
		silo_reclaim(r, SILO_STOPPED);
		silod_log("%s: killed while stopping\n", r->m.name);
		event_post(r, SILO_EV_STOPPED, 0, SH_EXIT_KILLED, 0, 0);
		return;
	}
	/* At once: with the silo suspended none of its threads runs between
	 * the first program's end and the last one's. */
	sh_sys_silo_suspend(r->silo, 1);
	for (uint32_t i = 0; i < r->m.nrun; i++) {
		struct silo_proc *p = &r->procs[i];

		if (!p->vs)
			continue;
		sh_proc_kill(p->vs);
		sh_cap_close(p->vs);
		pids[i] = p->pid;
		event_post(r, SILO_EV_EXIT, p->pid, SH_EXIT_KILLED, -1, 0);
		p->vs = 0;
		p->pid = 0;
		n++;
	}
	sh_sys_silo_suspend(r->silo, 0);
	r->state = SILO_RUNNING;
	if (!policy_should_restart(r->m.restart, 1)) {
		silo_reclaim(r, SILO_EXITED);
		silod_log("%s: killed (%u programs), temporary: stays down\n",
			  r->m.name, n);
		event_post(r, SILO_EV_STOPPED, 0, SH_EXIT_KILLED, -1, 0);
		return;
	}
	if (policy_intensity_take(&r->rw, now,
				  (uint64_t)r->m.period_ms * 1000000u,
				  r->m.intensity) < 0) {
		give_up(r, 0);
		return;
	}
	r->restarts++;
	silod_log("%s: killed (%u programs), restarting (%u)\n", r->m.name, n,
		  r->restarts);
	for (uint32_t i = 0; i < r->m.nrun; i++) {
		history_add(r, now, pids[i], i, SH_EXIT_KILLED, -1);
		if (silo_spawn(r, i) == 0)
			event_post(r, SILO_EV_RESTART, r->procs[i].pid, 0, 0, 0);
	}
	if (silo_nprocs(r) == 0) {
		silo_reclaim(r, SILO_EXITED);
		silod_log("%s: no program could start again\n", r->m.name);
		event_post(r, SILO_EV_STOPPED, 0, SH_EXIT_KILLED, -1, 0);
	}
}

static const char *fault_name(uint32_t k)
{
	static const char *const names[] = {
		"?", "data abort", "instruction abort", "undefined instruction",
		"misalignment", "fault",
	};

	return k < 6 ? names[k] : "fault";
}

void supervise_notice(const struct sh_msg *msg, const struct sh_notice *n)
{
	struct silo_rec *r;
	int i;

	if (BADGE_KIND(msg->badge) != BADGE_SUP)
		return;
	r = silo_by_id(BADGE_ID(msg->badge));
	if (!r || !r->silo)
		return;		/* reclaimed meanwhile */
	i = proc_index(r, n->pid);
	if (i < 0)
		return;		/* a process restart_now replaced */
	if (msg->tag == SH_TAG_FAULT) {
		silod_log("%s: %s (pid %llu) %s at 0x%llx, pc 0x%llx\n",
			  r->m.name, prog_name(r, i),
			  (unsigned long long)n->pid, fault_name(n->kind),
			  (unsigned long long)n->addr,
			  (unsigned long long)n->pc);
		event_post(r, SILO_EV_FAULT, n->pid, n->kind, 0, n->addr);
		r->procs[i].faulted = 1;
		/* The thread is stopped, the process lives: end it; its exit
		 * notice brings the restart. */
		sh_proc_kill(r->procs[i].vs);
		return;
	}
	if (msg->tag == SH_TAG_EXIT)
		on_exit(r, i, n);
}

void supervise_tick(uint64_t now)
{
	for (uint32_t i = 0; i < SILOD_SILOS_MAX; i++) {
		struct silo_rec *r = &silod.silos[i];

		if (r->used && r->state == SILO_STOPPING && now >= r->deadline_ns) {
			silo_reclaim(r, SILO_STOPPED);
			silod_log("%s: stop timed out, killed\n", r->m.name);
			event_post(r, SILO_EV_STOPPED, 0, SH_EXIT_KILLED, 0, 0);
		}
	}
}
