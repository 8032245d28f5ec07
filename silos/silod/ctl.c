/* The control endpoint: requests of shale/silo_ctl.h from flint (a
 * namespace entry "silo"), from servers (WHOIS and the read-only ones,
 * through SH_SILOD) and from nobody else.  What a caller may ask is decided
 * by the badge of the handle it used, which only silod mints.  Every
 * failure answers an SH_E* code and, where a person will read it, a line
 * saying why. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <shale/scheme_path.h>

#include "silod.h"

/* Callers of EVENTS waiting for the next event. */
struct waiter {
	uint64_t rcvid;		/* 0: free */
	uint64_t from;
	uint64_t deadline_ns;
};
static struct waiter waiters[4];

/* Replies are built here: the largest is a LIST or an INFO text. */
static uint64_t obuf[(SILOD_SILOS_MAX * sizeof(struct silo_info) + 8) / 8];
#define OBUF_CAP ((uint32_t)sizeof(obuf))

static int reply_err(struct sh_msg *out, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#include <stdarg.h>
static int reply_err(struct sh_msg *out, int code, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf((char *)obuf, OBUF_CAP, fmt, ap);
	va_end(ap);
	out->tag = (uint64_t)(int64_t)code;
	out->buf = obuf;
	out->len = n > 0 ? (uint32_t)n : 0;
	return 1;
}

static int reply_val(struct sh_msg *out, int64_t v, uint32_t len)
{
	out->tag = (uint64_t)v;
	out->buf = obuf;
	out->len = len;
	return 1;
}

static void info_fill(struct silo_rec *r, struct silo_info *in)
{
	struct sh_silo_stat st;

	memset(in, 0, sizeof(*in));
	in->id = r->id;
	snprintf(in->name, sizeof(in->name), "%s", r->m.name);
	in->state = r->state;
	in->restarts = r->restarts;
	in->nprocs = silo_nprocs(r);
	in->policy = r->m.restart;
	for (uint32_t i = 0; i < r->m.nrun && i < SILO_PROCS_MAX; i++)
		in->pids[i] = r->procs[i].vs ? r->procs[i].pid : 0;
	if (r->silo && sh_sys_silo_stat(r->silo, (long)&st) == 0) {
		memcpy(in->used, st.used, sizeof(in->used));
		memcpy(in->limit, st.limit, sizeof(in->limit));
		in->kid = st.id;
	}
	for (uint32_t s = 0; s < r->m.nserves; s++) {
		size_t n = strlen(in->serves);

		snprintf(in->serves + n, sizeof(in->serves) - n, "%s%s",
			 n ? " " : "", r->m.serves[s]);
	}
}

static int do_list(struct sh_msg *out)
{
	struct silo_info *in = (struct silo_info *)obuf;
	uint32_t k = 0;
	uint64_t last = 0;

	/* In start order: by id. */
	for (;;) {
		struct silo_rec *next = NULL;

		for (uint32_t i = 0; i < SILOD_SILOS_MAX; i++) {
			struct silo_rec *r = &silod.silos[i];

			if (r->used && r->id > last && (!next || r->id < next->id))
				next = r;
		}
		if (!next)
			break;
		info_fill(next, &in[k++]);
		last = next->id;
	}
	return reply_val(out, k, k * (uint32_t)sizeof(*in));
}

static const char *const state_names[] = {
	"starting", "running", "suspended", "stopping", "stopped", "failed",
	"exited",
};

static int do_info(struct silo_rec *r, struct sh_msg *out)
{
	char *t = (char *)obuf;
	size_t n = 0, cap = OBUF_CAP;
	struct silo_info in;

#define PUT(...) do { \
		int k_ = snprintf(t + n, cap - n, __VA_ARGS__); \
		if (k_ > 0) n = n + (size_t)k_ < cap ? n + (size_t)k_ : cap - 1; \
	} while (0)
	info_fill(r, &in);
	PUT("silo %s (id %llu): %s, %s, %u restarts, from %s\n", r->m.name,
	    (unsigned long long)r->id, state_names[r->state % 7],
	    manifest_restart_name(r->m.restart), r->restarts, r->source);
	PUT("quota: pages %llu/%llu threads %llu/%llu handles %llu/%llu\n",
	    (unsigned long long)in.used[SH_QUOTA_PAGES],
	    (unsigned long long)in.limit[SH_QUOTA_PAGES],
	    (unsigned long long)in.used[SH_QUOTA_THREADS],
	    (unsigned long long)in.limit[SH_QUOTA_THREADS],
	    (unsigned long long)in.used[SH_QUOTA_HANDLES],
	    (unsigned long long)in.limit[SH_QUOTA_HANDLES]);
	for (uint32_t i = 0; i < r->m.nrun; i++)
		PUT("run %s: %s\n", r->m.run[i].args,
		    r->procs[i].vs ? "running" :
		    r->procs[i].missing ? "missing" : "ended");
	for (uint32_t u = 0; u < r->m.nuses; u++) {
		const struct manifest_use *use = &r->m.uses[u];

		if (!strcmp(use->scheme, "dev"))
			PUT("grant dev:%s\n", use->path + 1);
		else
			PUT("grant %s = %s:%s%s\n", use->name, use->scheme,
			    r->prefix[u], r->dropped[u] ? " (dropped)" :
			    r->grant[u] ? "" : " (nobody serves it)");
	}
	if (r->kills)
		PUT("killed on request: %u times, last at %llu ms\n", r->kills,
		    (unsigned long long)(r->killed_ns / 1000000));
	for (uint32_t h = 0; h < r->nhistory; h++) {
		const struct silo_restart *rs = &r->history[h];

		if (rs->kind == RESTART_KIND_FAULT)
			PUT("restart at %llu ms: run %u, pid %llu faulted\n",
			    (unsigned long long)(rs->time_ns / 1000000), rs->run,
			    (unsigned long long)rs->pid);
		else
			PUT("restart at %llu ms: run %u, pid %llu %s %d\n",
			    (unsigned long long)(rs->time_ns / 1000000), rs->run,
			    (unsigned long long)rs->pid,
			    rs->kind == SH_EXIT_KILLED ? "killed, code" :
			    "exited with", (int)rs->code);
	}
	PUT("manifest:\n");
	if (r->text) {
		size_t k = r->text_len < cap - n - 1 ? r->text_len : cap - n - 1;

		memcpy(t + n, r->text, k);
		n += k;
	}
#undef PUT
	return reply_val(out, (int64_t)n, (uint32_t)n);
}

static int do_schemes(struct sh_msg *out)
{
	struct silo_scheme *s = (struct silo_scheme *)obuf;
	uint32_t k = 0;

	for (uint32_t i = 0; i < SILOD_SCHEMES_MAX; i++) {
		struct scheme_rec *sc = &silod.schemes[i];
		uint32_t clients = 0;

		if (!sc->name[0])
			continue;
		memset(&s[k], 0, sizeof(s[k]));
		snprintf(s[k].name, sizeof(s[k].name), "%s", sc->name);
		snprintf(s[k].silo, sizeof(s[k].silo), "%s",
			 sc->owner ? sc->owner->m.name : "silod");
		s[k].up = sc->owner ? silo_nprocs(sc->owner) > 0 : 1;
		for (uint32_t j = 0; j < SILOD_SILOS_MAX; j++) {
			struct silo_rec *r = &silod.silos[j];

			if (!r->used)
				continue;
			for (uint32_t u = 0; u < r->m.nuses; u++)
				clients += r->grant[u] && !r->dropped[u] &&
					   !strcmp(r->m.uses[u].scheme, sc->name);
		}
		s[k++].clients = clients;
	}
	return reply_val(out, k, k * (uint32_t)sizeof(*s));
}

static int do_whois(uint64_t caller, uint64_t badge, struct sh_msg *out)
{
	struct silo_rec *cl = silo_by_id(badge >> 8), *me = silo_by_id(caller);
	uint32_t u = (uint32_t)(badge & 0xff) - 1;
	struct scheme_rec *sc;
	size_t n;

	if (!cl || (badge & 0xff) == 0 || u >= cl->m.nuses || cl->dropped[u])
		return reply_err(out, -SH_ENOENT, "unknown badge");
	sc = scheme_find(cl->m.uses[u].scheme);
	/* Only the server of that scheme may learn what the badge sees. */
	if (!sc || sc->owner != me)
		return reply_err(out, -SH_ENOENT, "not a client of yours");
	n = strlen(cl->prefix[u]);
	memcpy(obuf, cl->prefix[u], n);
	return reply_val(out, (int64_t)n, (uint32_t)n);
}

/* START: the reader fetches the manifest; ctl_start_finish answers. */
static int do_start(uint64_t rcvid, const char *path, struct sh_msg *out)
{
	int e = reader_queue(rcvid, path);

	if (e < 0)
		return reply_err(out, e, "%s: %s", path, sh_strerror(e));
	return 0;
}

void ctl_start_finish(uint64_t rcvid, const char *spath, int code,
		      const char *text, size_t len)
{
	char err[MANIFEST_ERR_MAX];
	struct silo_rec *r = NULL;
	struct sh_msg out;

	memset(&out, 0, sizeof(out));
	err[0] = 0;
	if (code < 0) {
		reply_err(&out, code, "%s: %s", spath, sh_strerror(code));
	} else {
		r = silo_start_text(spath, text, len, err, sizeof(err), &code);
		if (r) {
			reply_val(&out, (int64_t)r->id, 0);
		} else {
			silod_log("%s\n", err);
			reply_err(&out, code, "%s", err);
		}
	}
	sh_ipc_reply((long)rcvid, &out);
}

/* Kills r's processes (not the silo) and starts them again. */
static void restart_now(struct silo_rec *r)
{
	for (uint32_t i = 0; i < r->m.nrun; i++) {
		if (r->procs[i].vs) {
			sh_proc_kill(r->procs[i].vs);
			sh_cap_close(r->procs[i].vs);
			r->procs[i].vs = 0;
			r->procs[i].pid = 0;
		}
	}
	r->restarts++;
	for (uint32_t i = 0; i < r->m.nrun; i++)
		silo_spawn(r, i);
	r->state = SILO_RUNNING;
	event_post(r, SILO_EV_RESTART, 0, 0, 0, 0);
	silod_log("%s: restarted on request\n", r->m.name);
}

static int do_restrict(struct silo_rec *r, const char *text, struct sh_msg *out)
{
	const char *colon = strchr(text, ':');
	size_t nl = colon ? (size_t)(colon - text) : strlen(text);
	char sub[SH_PATH_MAX + 1], joined[SH_PATH_MAX + 1];
	uint32_t u;
	int n;

	for (u = 0; u < r->m.nuses; u++)
		if (strlen(r->m.uses[u].name) == nl &&
		    !memcmp(r->m.uses[u].name, text, nl) &&
		    strcmp(r->m.uses[u].scheme, "dev"))
			break;
	if (u == r->m.nuses || r->dropped[u])
		return reply_err(out, -SH_ENOENT, "%s has no entry '%.*s'",
				 r->m.name, (int)nl, text);
	if (!colon) {
		if (r->grant[u]) {
			sh_cap_revoke(r->grant[u]);
			sh_cap_close(r->grant[u]);
			r->grant[u] = 0;
		}
		r->dropped[u] = 1;
		silod_log("%s: %s dropped\n", r->m.name, r->m.uses[u].name);
		return reply_val(out, 0, 0);
	}
	n = path_normalize(colon + 1, strlen(colon + 1), sub, sizeof(sub), NULL);
	if (n < 0)
		return reply_err(out, n, "bad path '%s'", colon + 1);
	n = path_join(r->prefix[u], strlen(r->prefix[u]), sub, (size_t)n,
		      joined, sizeof(joined));
	if (n < 0 || n > (int)MANIFEST_PATH_MAX)
		return reply_err(out, -SH_ENAMETOOLONG, "prefix too long");
	memcpy(r->prefix[u], joined, (size_t)n + 1);
	silod_log("%s: %s narrowed to %s:%s\n", r->m.name, r->m.uses[u].name,
		  r->m.uses[u].scheme, r->prefix[u]);
	return reply_val(out, 0, 0);
}

static int do_events(uint64_t rcvid, const struct silo_ctl_req *rq,
		     struct sh_msg *out)
{
	struct silo_event *ev = (struct silo_event *)obuf;
	uint32_t k = event_copy(rq->arg, ev, SILO_EVENTS_MAX);

	if (k || rq->kind == 0)
		return reply_val(out, k, k * (uint32_t)sizeof(*ev));
	for (uint32_t i = 0; i < 4; i++) {
		if (!waiters[i].rcvid) {
			waiters[i].rcvid = rcvid;
			waiters[i].from = rq->arg;
			waiters[i].deadline_ns = (uint64_t)sh_clock() +
						 (uint64_t)rq->kind * 1000000u;
			return 0;
		}
	}
	return reply_err(out, -SH_EBUSY, "too many waiters");
}

/* Answers waiter w with what is there now (maybe nothing). */
static void waiter_answer(struct waiter *w)
{
	struct silo_event *ev = (struct silo_event *)obuf;
	uint32_t k = event_copy(w->from, ev, SILO_EVENTS_MAX);
	struct sh_msg m;

	memset(&m, 0, sizeof(m));
	m.tag = k;
	m.buf = obuf;
	m.len = k * (uint32_t)sizeof(*ev);
	sh_ipc_reply((long)w->rcvid, &m);
	w->rcvid = 0;
}

void ctl_events_changed(void)
{
	for (uint32_t i = 0; i < 4; i++)
		if (waiters[i].rcvid)
			waiter_answer(&waiters[i]);
}

int ctl_waiting(void)
{
	for (uint32_t i = 0; i < 4; i++)
		if (waiters[i].rcvid)
			return 1;
	return 0;
}

void ctl_tick(uint64_t now)
{
	for (uint32_t i = 0; i < 4; i++)
		if (waiters[i].rcvid && now >= waiters[i].deadline_ns)
			waiter_answer(&waiters[i]);
}

/* Whether r serves a scheme. */
static int serves_any(const struct silo_rec *r)
{
	for (uint32_t s = 0; s < SILOD_SCHEMES_MAX; s++)
		if (silod.schemes[s].name[0] && silod.schemes[s].owner == r)
			return 1;
	return 0;
}

/* POWER: silos that only use schemes stop first, then the servers (told
 * to shut down so they can flush, killed after the grace period), then
 * the machine goes.  Returns only if bedrock refuses. */
static int do_power(uint64_t how, struct sh_msg *out)
{
	const uint64_t step = 10 * 1000000ull;
	long e;

	if (how > 1)
		return reply_err(out, -SH_EINVAL, "power: 0 off, 1 reset");
	silod_log("power %s: stopping every silo\n", how ? "reset" : "off");
	for (int pass = 0; pass < 2; pass++) {
		uint64_t waited = 0;
		int left = 1;

		for (uint32_t i = 0; i < SILOD_SILOS_MAX; i++) {
			struct silo_rec *r = &silod.silos[i];

			if (r->used && r->state <= SILO_SUSPENDED && serves_any(r) == pass)
				supervise_stop(r, SILOD_STOP_MS);
		}
		/* The control loop is busy with us: watch the counts here. */
		while (left && waited < SILOD_STOP_MS * 1000000ull) {
			left = 0;
			for (uint32_t i = 0; i < SILOD_SILOS_MAX; i++) {
				struct silo_rec *r = &silod.silos[i];

				if (r->used && r->state == SILO_STOPPING && serves_any(r) == pass &&
				    silo_nprocs(r))
					left = 1;
			}
			if (left) {
				sh_sleep(step);
				waited += step;
			}
		}
		for (uint32_t i = 0; i < SILOD_SILOS_MAX; i++) {
			struct silo_rec *r = &silod.silos[i];

			if (r->used && r->state == SILO_STOPPING && serves_any(r) == pass)
				silo_reclaim(r, SILO_STOPPED);
		}
	}
	e = sh_sys_sys_power((long)silod.root, how ? SH_POWER_REBOOT : SH_POWER_OFF);
	return reply_err(out, (int)e, "bedrock refused to power off");
}

/* Requests that act on a named silo. */
static int do_silo(uint32_t code, struct silo_rec *r,
		   const struct silo_ctl_req *rq, const char *text,
		   struct sh_msg *out)
{
	long e;

	switch (code) {
	case SILO_CTL_INFO:
		return do_info(r, out);
	case SILO_CTL_LOG: {
		struct sh_stat_klog k = { .pos = rq->arg, .buf = (char *)obuf,
					  .cap = OBUF_CAP };

		if (!r->silo)
			return reply_err(out, -SH_ENOENT, "%s has ended: its log went with it",
					 r->m.name);
		e = sh_sys_silo_log((long)r->silo, (long)&k);
		if (e < 0)
			return reply_err(out, (int)e, "reading %s's log", r->m.name);
		return reply_val(out, (int64_t)k.pos, k.len);
	}
	case SILO_CTL_STOP:
		if (r->state > SILO_STOPPING)
			return reply_err(out, -SH_EBUSY, "%s is not running",
					 r->m.name);
		supervise_stop(r, rq->arg ? rq->arg : SILOD_STOP_MS);
		return reply_val(out, 0, 0);
	case SILO_CTL_KILL:
		if (r->state > SILO_STOPPING || !r->silo)
			return reply_err(out, -SH_EBUSY, "%s is not running",
					 r->m.name);
		supervise_kill(r);
		return reply_val(out, 0, 0);
	case SILO_CTL_RESTART:
		if (r->state > SILO_STOPPING) {
			char err[MANIFEST_ERR_MAX];

			/* A person asked: the intensity window starts afresh. */
			r->rw.count = 0;
			e = silo_launch(r, err, sizeof(err));
			if (e < 0)
				return reply_err(out, (int)e, "%s", err);
			r->restarts++;
			return reply_val(out, 0, 0);
		}
		restart_now(r);
		return reply_val(out, 0, 0);
	case SILO_CTL_SUSPEND:
	case SILO_CTL_RESUME:
		if (!r->silo || (r->state != SILO_RUNNING &&
				 r->state != SILO_SUSPENDED))
			return reply_err(out, -SH_EBUSY, "%s is not running",
					 r->m.name);
		e = sh_sys_silo_suspend(r->silo, code == SILO_CTL_SUSPEND);
		if (e < 0)
			return reply_err(out, (int)e, "%s", sh_strerror(e));
		r->state = code == SILO_CTL_SUSPEND ? SILO_SUSPENDED : SILO_RUNNING;
		return reply_val(out, 0, 0);
	case SILO_CTL_LIMIT:
		if (!r->silo)
			return reply_err(out, -SH_EBUSY, "%s is not running",
					 r->m.name);
		if (rq->kind >= SH_QUOTA_KINDS)
			return reply_err(out, -SH_EINVAL, "no quota kind %u",
					 rq->kind);
		e = sh_sys_silo_limit(r->silo, rq->kind, (long)rq->arg);
		if (e == -SH_EBUSY)
			return reply_err(out, (int)e, "%s uses more than that",
					 r->m.name);
		if (e < 0)
			return reply_err(out, (int)e, "%s", sh_strerror(e));
		return reply_val(out, 0, 0);
	case SILO_CTL_RESTRICT:
		return do_restrict(r, text, out);
	}
	return reply_err(out, -SH_ENOSYS, "unknown request");
}

int ctl_handle(uint64_t rcvid, const struct sh_msg *in, struct sh_msg *out)
{
	const struct silo_ctl_req *rq = in->buf;
	uint64_t kind = BADGE_KIND(in->badge), id = BADGE_ID(in->badge);
	uint32_t code = (uint32_t)in->tag;
	char text[SH_PATH_MAX + 1], name[SILO_NAME_MAX + 1];
	struct silo_rec *r;
	int readonly;

	memset(out, 0, sizeof(*out));
	if (in->len < sizeof(*rq) || rq->len != in->len - sizeof(*rq) ||
	    rq->len > SH_PATH_MAX)
		return reply_err(out, -SH_EBADMSG, "malformed request");
	memcpy(text, rq + 1, rq->len);
	text[rq->len] = 0;
	memcpy(name, rq->name, SILO_NAME_MAX);
	name[SILO_NAME_MAX] = 0;
	readonly = code == SILO_CTL_LIST || code == SILO_CTL_INFO ||
		   code == SILO_CTL_SCHEMES || code == SILO_CTL_EVENTS ||
		   code == SILO_CTL_LOG;
	if (kind == BADGE_SERVER && code == SILO_CTL_WHOIS)
		return do_whois(id, rq->arg, out);
	if (kind != BADGE_CTL && !(kind == BADGE_SERVER && readonly))
		return reply_err(out, -SH_EPERM, "not allowed");
	switch (code) {
	case SILO_CTL_LIST:
		return do_list(out);
	case SILO_CTL_SCHEMES:
		return do_schemes(out);
	case SILO_CTL_EVENTS:
		return do_events(rcvid, rq, out);
	case SILO_CTL_START:
		return do_start(rcvid, text, out);
	case SILO_CTL_WHOIS:
		return reply_err(out, -SH_EPERM, "not a server");
	case SILO_CTL_POWER:
		return do_power(rq->arg, out);
	}
	if (code < SILO_CTL_LIST || (code > SILO_CTL_SHUTDOWN && code != SILO_CTL_LOG))
		return reply_err(out, -SH_ENOSYS, "unknown request");
	r = silo_find(name);
	if (!r)
		return reply_err(out, -SH_ENOENT, "no silo '%s'", name);
	return do_silo(code, r, rq, text, out);
}
