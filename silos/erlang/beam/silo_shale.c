/* Silo control for the Erlang silo (host.h's host_silo_*): requests on
 * silod's control endpoint, the namespace entry "silo" (`uses = silo` in
 * silos/erlang.silo; silos/include/shale/silo_ctl.h), and silod's event
 * feed followed by a thread of its own.
 *
 * The watcher thread blocks in silod's EVENTS (a long wait, so it costs
 * nothing while nothing happens), puts what arrives in a ring that only
 * it fills and only the interpreter's thread empties, then wakes the
 * interpreter (host_wake: the notification host_idle sleeps on).  The
 * scheduler's silo_poll sees host_silo_pending and hands the events to
 * the Erlang side (lib/shale_silo.erl). */
#include "host.h"
#include <shale.h>
#include <shale/errors.h>
#include <shale/silo_ctl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#define RING		128u		/* events waiting for the VM */
#define WAIT_MS		60000u		/* one EVENTS wait; then ask again */
#define WATCH_STACK	(64u << 10)

static struct host_silo_event ring[RING];
static atomic_uint ring_head, ring_tail;	/* tail: next to fill */
static atomic_int pending;
static atomic_int watching;
static uint64_t cursor;			/* the next seq wanted */

/* silod's control endpoint, or -SH_ENOENT when the manifest grants none. */
static long ctl_ep(void)
{
	static long ep;
	if (!ep)
		ep = silo_env_handle("SH_NS", "silo");
	return ep;
}

int host_silo_list(struct host_silo *out, int cap)
{
	static struct silo_info info[SH_MSG_MAX / sizeof(struct silo_info)];
	uint32_t len = 0;
	long ep = ctl_ep();
	if (ep < 0)
		return -SH_EPERM;
	int64_t r = silo_ctl_call((sh_handle_t)ep, SILO_CTL_LIST, NULL, 0, 0,
				  NULL, 0, info, sizeof info, &len);
	if (r < 0)
		return (int)r;
	if ((uint64_t)r * sizeof(struct silo_info) > len)
		return -SH_EBADMSG;
	for (int i = 0; i < (int)r && i < cap; i++) {
		out[i].id = info[i].id;
		memcpy(out[i].name, info[i].name, sizeof out[i].name);
		out[i].name[sizeof out[i].name - 1] = 0;
		out[i].state = info[i].state;
		out[i].restarts = info[i].restarts;
		out[i].nprocs = info[i].nprocs;
		out[i].policy = info[i].policy;
	}
	return (int)r;
}

int64_t host_silo_ctl(int op, const char *what, char *msg, size_t msgcap)
{
	static const uint32_t codes[] = {
		[HOST_SILO_START] = SILO_CTL_START, [HOST_SILO_STOP] = SILO_CTL_STOP,
		[HOST_SILO_KILL] = SILO_CTL_KILL, [HOST_SILO_RESTART] = SILO_CTL_RESTART,
	};
	static char reply[SH_MSG_MAX];
	uint32_t len = 0;
	long ep = ctl_ep();
	if (msgcap)
		msg[0] = 0;
	if (ep < 0) {
		snprintf(msg, msgcap, "no 'silo' in the silo's namespace "
			 "(its manifest must say uses = silo)");
		return -SH_EPERM;
	}
	if (op < HOST_SILO_START || op > HOST_SILO_RESTART)
		return -SH_EINVAL;
	size_t n = strlen(what);
	if (op != HOST_SILO_START && n > SILO_NAME_MAX) {
		snprintf(msg, msgcap, "'%s': a silo name is at most %u bytes",
			 what, SILO_NAME_MAX);
		return -SH_EINVAL;
	}
	int64_t r = op == HOST_SILO_START
		? silo_ctl_call((sh_handle_t)ep, codes[op], NULL, 0, 0, what,
				(uint32_t)n, reply, sizeof reply - 1, &len)
		: silo_ctl_call((sh_handle_t)ep, codes[op], what, 0, 0, NULL, 0,
				reply, sizeof reply - 1, &len);
	if (r < 0 && len && msgcap) {
		if (len >= msgcap)
			len = (uint32_t)msgcap - 1;
		memcpy(msg, reply, len);
		msg[len] = 0;
	}
	return r;
}

/* Appends one event for the VM; waits (sleeping) while the ring is full. */
static void ring_put(const struct silo_event *e)
{
	unsigned t = atomic_load_explicit(&ring_tail, memory_order_relaxed);
	while (t - atomic_load_explicit(&ring_head, memory_order_acquire) >= RING)
		sh_sleep(10 * 1000000ull);
	struct host_silo_event *h = &ring[t % RING];
	h->seq = e->seq;
	h->pid = e->pid;
	h->addr = e->addr;
	h->kind = e->kind;
	h->reason = e->reason;
	h->code = e->code;
	memcpy(h->silo, e->silo, sizeof h->silo);
	h->silo[sizeof h->silo - 1] = 0;
	atomic_store_explicit(&ring_tail, t + 1, memory_order_release);
}

/* The watcher: EVENTS from the cursor, waiting in silod while there is
 * none; every batch goes to the ring and wakes the interpreter. */
static void watch_thread(void *arg)
{
	static struct silo_event ev[SILO_EVENTS_MAX];
	sh_handle_t ep = (sh_handle_t)(uintptr_t)arg;
	for (;;) {
		uint32_t len = 0;
		int64_t r = silo_ctl_call(ep, SILO_CTL_EVENTS, NULL, cursor,
					  WAIT_MS, NULL, 0, ev, sizeof ev, &len);
		if (r < 0) {
			fprintf(stderr, "beam: silod's events: %s\n",
				sh_strerror((int)r));
			sh_sleep(1000 * 1000000ull);	/* silod is busy or gone */
			continue;
		}
		if ((uint64_t)r * sizeof ev[0] > len)
			continue;
		for (int64_t i = 0; i < r; i++) {
			ring_put(&ev[i]);
			cursor = ev[i].seq + 1;
		}
		if (r > 0) {
			atomic_store(&pending, 1);
			host_wake();
		}
	}
}

int host_silo_watch(void)
{
	static struct silo_event ev[SILO_EVENTS_MAX];
	if (atomic_load(&watching))
		return 0;
	long ep = ctl_ep();
	if (ep < 0)
		return -SH_EPERM;
	/* From now on: skip what silod's ring already holds. */
	for (;;) {
		uint32_t len = 0;
		int64_t r = silo_ctl_call((sh_handle_t)ep, SILO_CTL_EVENTS, NULL,
					  cursor, 0, NULL, 0, ev, sizeof ev, &len);
		if (r < 0)
			return (int)r;
		if (r == 0 || (uint64_t)r * sizeof ev[0] > len)
			break;
		cursor = ev[r - 1].seq + 1;
	}
	long t = sh_thread_spawn(watch_thread, (void *)(uintptr_t)ep,
				 SH_PRIO_DEFAULT, WATCH_STACK);
	if (t < 0)
		return (int)t;
	atomic_store(&watching, 1);
	return 0;
}

bool host_silo_pending(void)
{
	return atomic_exchange(&pending, 0) != 0;
}

bool host_silo_take(struct host_silo_event *ev)
{
	unsigned h = atomic_load_explicit(&ring_head, memory_order_relaxed);
	if (h == atomic_load_explicit(&ring_tail, memory_order_acquire))
		return false;
	*ev = ring[h % RING];
	atomic_store_explicit(&ring_head, h + 1, memory_order_release);
	return true;
}
