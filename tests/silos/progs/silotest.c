/* silotest: silod and sysd seen from a silo, as a user would check them.
 *
 * It runs in the silo tests/silos/manifests/runner.silo makes (uses = silo
 * sys boot:/silos/test), started by silod from its command line, and
 * prints "silotest: ok NAME" or "silotest: FAIL NAME: why" per check, then
 * "silotest: N passed, M failed" (tests/silos/test_silos.py reads them).
 * The checks drive silod through the control endpoint (shale/silo_ctl.h)
 * with the test manifests packed under boot:/silos/test. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <shale.h>
#include <shale/silo_ctl.h>
#include <shale/strate.h>

static int passed, failed;
static sh_handle_t ctl;
static uint64_t cursor = 1;

#define CHECK(name, cond, ...) do { \
		if (cond) { \
			passed++; \
			printf("silotest: ok %s\n", name); \
		} else { \
			failed++; \
			printf("silotest: FAIL %s: ", name); \
			printf(__VA_ARGS__); \
			printf("\n"); \
		} \
	} while (0)

static char reply[8192];
static uint32_t reply_len;

static int64_t ctl_do(uint32_t code, const char *name, uint64_t arg,
		      uint32_t kind, const char *text)
{
	int64_t r = silo_ctl_call(ctl, code, name, arg, kind, text,
				  text ? (uint32_t)strlen(text) : 0, reply,
				  sizeof(reply) - 1, &reply_len);

	reply[reply_len < sizeof(reply) ? reply_len : sizeof(reply) - 1] = 0;
	return r;
}

/* The LIST record of silo name; 0 if found. */
static int silo_get(const char *name, struct silo_info *out)
{
	static struct silo_info in[32];
	uint32_t len = 0;
	int64_t n = silo_ctl_call(ctl, SILO_CTL_LIST, NULL, 0, 0, NULL, 0, in,
				  sizeof(in), &len);

	for (int64_t i = 0; n > 0 && i < (int64_t)(len / sizeof(in[0])); i++)
		if (!strcmp(in[i].name, name)) {
			*out = in[i];
			return 0;
		}
	return -1;
}

/* Waits up to ms for an event kind about silo; returns it or NULL. */
static const struct silo_event *event_wait(uint32_t kind, const char *silo,
					   uint32_t ms)
{
	static struct silo_event ev[SILO_EVENTS_MAX];
	uint64_t end = (uint64_t)sh_clock() + (uint64_t)ms * 1000000u;

	while ((uint64_t)sh_clock() < end) {
		uint32_t len = 0;
		int64_t n = silo_ctl_call(ctl, SILO_CTL_EVENTS, NULL, cursor,
					  200, NULL, 0, ev, sizeof(ev), &len);

		if (n < 0)
			return NULL;
		for (int64_t i = 0; i < (int64_t)(len / sizeof(ev[0])); i++) {
			cursor = ev[i].seq + 1;
			if (ev[i].kind == kind && !strcmp(ev[i].silo, silo))
				return &ev[i];
		}
	}
	return NULL;
}

/* The whole of a file by scheme path, NUL-terminated, or NULL (*err). */
static char *slurp(const char *spath, int *err)
{
	void *data = NULL;
	size_t size = 0;
	int r = sh_file_read_all(spath, &data, &size, 1 << 20);
	char *s;

	*err = r;
	if (r < 0)
		return NULL;
	s = realloc(data, size + 1);
	if (!s) {
		free(data);
		*err = -SH_ENOMEM;
		return NULL;
	}
	s[size] = 0;
	return s;
}

static void check_namespace(void)
{
	char *t;
	int e;

	e = sh_file_open("net:/x", SH_O_READ, 0);
	CHECK("ungranted_scheme_enoent", e == -SH_ENOENT, "net:/x gave %d", e);
	e = sh_file_open("fs:/etc/motd", SH_O_READ, 0);
	CHECK("ungranted_fs_enoent", e == -SH_ENOENT, "fs: gave %d", e);
	t = slurp("boot:/crash.silo", &e);
	CHECK("granted_prefix_reads", t && strstr(t, "name"),
	      "boot:/crash.silo: %d", e);
	free(t);
	e = sh_file_open("boot:/../../bin/silod", SH_O_READ, 0);
	CHECK("dotdot_stays_in_prefix", e == -SH_ENOENT,
	      "boot:/../../bin/silod gave %d", e);
	e = sh_file_open("boot:/../storage.silo", SH_O_READ, 0);
	CHECK("dotdot_no_sibling", e == -SH_ENOENT,
	      "boot:/../storage.silo gave %d", e);
}

static void check_sys(void)
{
	static const char *const names[] = {
		"silos", "procs", "mem", "uptime", "schemes", "klog",
	};
	static char dbuf[4096];
	char *t, seen[6] = { 0 };
	int e, fd = sh_file_open("sys:/", SH_O_DIR, 0), all = 1;
	int64_t n;

	n = fd >= 0 ? sh_file_readdir(fd, dbuf, sizeof(dbuf)) : fd;
	if (n > 0) {
		uint32_t pos = 0;
		struct sh_dirent d;
		const char *nm;

		while (scheme_dirent_next(dbuf, (uint32_t)n, &pos, &d, &nm))
			for (int i = 0; i < 6; i++)
				if (d.namelen == strlen(names[i]) &&
				    !memcmp(nm, names[i], d.namelen))
					seen[i] = 1;
	}
	if (fd >= 0)
		sh_file_close(fd);
	for (int i = 0; i < 6; i++)
		all &= seen[i];
	CHECK("sys_readdir", all, "readdir sys:/ gave %lld", (long long)n);
	t = slurp("sys:silos", &e);
	CHECK("sys_silos", t && strstr(t, "runner") && strstr(t, "\nsys "),
	      "%d: %s", e, t ? t : "");
	free(t);
	t = slurp("sys:procs", &e);
	/* Processes with their silos' names: silod in the root silo. */
	CHECK("sys_procs", t && strstr(t, " runner ") && strstr(t, " silotes") &&
	      strstr(t, " root ") && strstr(t, " silod"),
	      "%d: %s", e, t ? t : "");
	free(t);
	t = slurp("sys:mem", &e);
	CHECK("sys_mem", t && strstr(t, "free_pages "), "%d", e);
	free(t);
	t = slurp("sys:uptime", &e);
	CHECK("sys_uptime", t && strstr(t, " s\n"), "%d", e);
	free(t);
	t = slurp("sys:schemes", &e);
	CHECK("sys_schemes", t && strstr(t, "boot ") && strstr(t, "sys "),
	      "%d: %s", e, t ? t : "");
	free(t);
	t = slurp("sys:klog", &e);
	CHECK("sys_klog", t && strstr(t, "bedrock:"), "%d", e);
	free(t);
}

static void check_crash(void)
{
	struct silo_info in;
	char *t, line[64];
	int64_t r = ctl_do(SILO_CTL_START, NULL, 0, 0, "boot:/silos/test/crash.silo");
	int e;

	CHECK("start_crash", r > 0, "%lld %s", (long long)r, reply);
	CHECK("crash_gives_up", event_wait(SILO_EV_GIVEUP, "crash", 20000),
	      "no give-up event");
	CHECK("crash_failed_state", silo_get("crash", &in) == 0 &&
	      in.state == SILO_FAILED && in.restarts == 2 && in.nprocs == 0,
	      "state %u restarts %u", in.state, in.restarts);
	CHECK("crash_reclaimed", in.used[SH_QUOTA_PAGES] == 0, "%llu pages",
	      (unsigned long long)in.used[SH_QUOTA_PAGES]);
	t = slurp("sys:silos", &e);
	snprintf(line, sizeof(line), "\ncrash        failed           2 ");
	CHECK("crash_in_sys_silos", t && strstr(t, line), "%s", t ? t : "");
	free(t);
	r = ctl_do(SILO_CTL_INFO, "crash", 0, 0, NULL);
	CHECK("crash_info_history", r > 0 && strstr(reply, "restart at") &&
	      strstr(reply, "manifest:"), "%s", reply);
}

static void check_clean(void)
{
	struct silo_info in;
	int64_t r = ctl_do(SILO_CTL_START, NULL, 0, 0, "boot:/silos/test/clean.silo");

	CHECK("start_clean", r > 0, "%lld %s", (long long)r, reply);
	CHECK("transient_clean_exit_stays_down",
	      event_wait(SILO_EV_STOPPED, "clean", 5000) &&
	      silo_get("clean", &in) == 0 && in.state == SILO_EXITED &&
	      in.restarts == 0, "state %u restarts %u", in.state, in.restarts);
}

static void check_hog(void)
{
	const struct silo_event *ev;
	struct silo_info in = { 0 };
	uint64_t end;
	int64_t r = ctl_do(SILO_CTL_START, NULL, 0, 0, "boot:/silos/test/hog.silo");
	int e, full = 0;
	char *t;

	CHECK("start_hog", r > 0, "%lld %s", (long long)r, reply);
	end = (uint64_t)sh_clock() + 5000000000ULL;
	while ((uint64_t)sh_clock() < end && !full) {
		sh_sleep(50000000);
		full = silo_get("hog", &in) == 0 &&
		       in.used[SH_QUOTA_PAGES] + 16 > in.limit[SH_QUOTA_PAGES];
	}
	CHECK("hog_stopped_at_quota", full && in.nprocs == 1 &&
	      in.used[SH_QUOTA_PAGES] <= in.limit[SH_QUOTA_PAGES] &&
	      in.limit[SH_QUOTA_PAGES] == 128,
	      "used %llu limit %llu procs %u",
	      (unsigned long long)in.used[SH_QUOTA_PAGES],
	      (unsigned long long)in.limit[SH_QUOTA_PAGES], in.nprocs);
	t = slurp("sys:uptime", &e);
	CHECK("rest_works_beside_hog", t != NULL, "%d", e);
	free(t);
	/* hog is temporary: a kill (a crash on request) leaves it down. */
	r = ctl_do(SILO_CTL_KILL, "hog", 0, 0, NULL);
	ev = r == 0 ? event_wait(SILO_EV_STOPPED, "hog", 5000) : NULL;
	CHECK("kill_temporary_stays_down", ev && ev->reason == SH_EXIT_KILLED &&
	      silo_get("hog", &in) == 0 && in.state == SILO_EXITED &&
	      in.nprocs == 0 && in.restarts == 0 &&
	      in.used[SH_QUOTA_PAGES] == 0,
	      "%lld, event %p, state %u procs %u restarts %u", (long long)r,
	      (const void *)ev, in.state, in.nprocs, in.restarts);
}

/* Starts idle, kills it kills times (idle is permanent: each comes back),
 * then stops it; returns 0 once it is STOPPED. */
static int idle_cycle(int kills)
{
	if (ctl_do(SILO_CTL_START, NULL, 0, 0, "boot:/silos/test/idle.silo") <= 0)
		return -1;
	for (int i = 0; i < kills; i++) {
		if (ctl_do(SILO_CTL_KILL, "idle", 0, 0, NULL) != 0)
			return -2;
		if (!event_wait(SILO_EV_RESTART, "idle", 5000))
			return -3;
	}
	if (ctl_do(SILO_CTL_STOP, "idle", 0, 0, NULL) != 0)
		return -4;
	if (!event_wait(SILO_EV_STOPPED, "idle", 5000))
		return -5;
	return 0;
}

/* sys_stat(MEM) once it holds still: with -smp 2 a killed process's
 * last pages come back when its thread has left the other CPU, a moment
 * after silo_kill returns. */
static void mem_settled(struct sh_stat_mem *m)
{
	struct sh_stat_mem again;

	sh_stat(SH_STAT_MEM, m);
	for (int i = 0; i < 50; i++) {
		sh_sleep(20000000);
		sh_stat(SH_STAT_MEM, &again);
		if (again.free_pages == m->free_pages &&
		    again.objects == m->objects)
			return;
		*m = again;
	}
}

static void check_reclaim(void)
{
	struct sh_stat_mem m0, m1, m2;
	int r0, r1, r2;

	/* One cycle first: silod's heap reaches its size for this. */
	r0 = idle_cycle(1);
	mem_settled(&m0);
	r1 = idle_cycle(0);
	mem_settled(&m1);
	CHECK("stop_reclaims_all", r0 == 0 && r1 == 0 &&
	      m1.free_pages == m0.free_pages && m1.objects == m0.objects,
	      "cycle %d/%d, free %llu -> %llu, objects %llu -> %llu", r0, r1,
	      (unsigned long long)m0.free_pages, (unsigned long long)m1.free_pages,
	      (unsigned long long)m0.objects, (unsigned long long)m1.objects);
	/* Each kill ends a process and starts another: none stays behind. */
	r2 = idle_cycle(2);
	mem_settled(&m2);
	CHECK("kill_restart_reclaims_all", r2 == 0 &&
	      m2.free_pages == m0.free_pages && m2.objects == m0.objects,
	      "cycle %d, free %llu -> %llu, objects %llu -> %llu", r2,
	      (unsigned long long)m0.free_pages, (unsigned long long)m2.free_pages,
	      (unsigned long long)m0.objects, (unsigned long long)m2.objects);
}

static void check_control(void)
{
	struct silo_info in = { 0 };
	int64_t r;
	char *t;
	int e;

	r = ctl_do(SILO_CTL_START, NULL, 0, 0, "boot:/silos/test/idle.silo");
	CHECK("start_idle", r > 0, "%lld %s", (long long)r, reply);
	r = ctl_do(SILO_CTL_START, NULL, 0, 0, "boot:/silos/test/idle.silo");
	CHECK("start_twice_eexist", r == -SH_EEXIST && strstr(reply, "idle"),
	      "%lld %s", (long long)r, reply);
	r = ctl_do(SILO_CTL_SUSPEND, "idle", 0, 0, NULL);
	CHECK("suspend", r == 0 && silo_get("idle", &in) == 0 &&
	      in.state == SILO_SUSPENDED, "%lld state %u", (long long)r, in.state);
	r = ctl_do(SILO_CTL_RESUME, "idle", 0, 0, NULL);
	CHECK("resume", r == 0 && silo_get("idle", &in) == 0 &&
	      in.state == SILO_RUNNING, "%lld state %u", (long long)r, in.state);
	r = ctl_do(SILO_CTL_LIMIT, "idle", 1, SH_QUOTA_PAGES, NULL);
	CHECK("limit_below_use_ebusy", r == -SH_EBUSY, "%lld", (long long)r);
	r = ctl_do(SILO_CTL_LIMIT, "idle", 100, SH_QUOTA_PAGES, NULL);
	CHECK("limit", r == 0 && silo_get("idle", &in) == 0 &&
	      in.limit[SH_QUOTA_PAGES] == 100, "%lld", (long long)r);
	r = ctl_do(SILO_CTL_RESTART, "idle", 0, 0, NULL);
	CHECK("restart_request", r == 0 && silo_get("idle", &in) == 0 &&
	      in.nprocs == 1 && in.restarts == 1, "%lld procs %u restarts %u",
	      (long long)r, in.nprocs, in.restarts);
	r = ctl_do(SILO_CTL_STOP, "idle", 0, 0, NULL);
	CHECK("stop_idle", r == 0 && event_wait(SILO_EV_STOPPED, "idle", 5000),
	      "%lld %s", (long long)r, reply);
	r = ctl_do(SILO_CTL_KILL, "idle", 0, 0, NULL);
	CHECK("kill_stopped_ebusy", r == -SH_EBUSY, "%lld %s", (long long)r,
	      reply);
	r = ctl_do(SILO_CTL_KILL, "nosuch", 0, 0, NULL);
	CHECK("kill_unknown_enoent", r == -SH_ENOENT &&
	      !strcmp(reply, "no silo 'nosuch'"), "%lld %s", (long long)r, reply);
	r = ctl_do(SILO_CTL_START, NULL, 0, 0, "boot:/silos/test/nope.silo");
	CHECK("start_missing_enoent", r == -SH_ENOENT, "%lld %s",
	      (long long)r, reply);
	/* A server restarted keeps its clients: sys: answers on the same
	 * handle afterwards. */
	r = ctl_do(SILO_CTL_RESTART, "sys", 0, 0, NULL);
	t = slurp("sys:uptime", &e);
	CHECK("server_restart_keeps_clients", r == 0 && t != NULL,
	      "%lld, then %d", (long long)r, e);
	free(t);
}

static void check_restrict(void)
{
	char *t;
	int e;
	int64_t r;

	r = ctl_do(SILO_CTL_RESTRICT, "runner", 0, 0, "boot:/sub");
	t = slurp("boot:/hello.txt", &e);
	CHECK("restrict_narrows", r == 0 && t && strstr(t, "hello"),
	      "%lld, then %d", (long long)r, e);
	free(t);
	e = sh_file_open("boot:/crash.silo", SH_O_READ, 0);
	CHECK("restrict_hides_rest", e == -SH_ENOENT, "%d", e);
	r = ctl_do(SILO_CTL_RESTRICT, "runner", 0, 0, "sys");
	e = sh_file_open("sys:uptime", SH_O_READ, 0);
	CHECK("restrict_drops", r == 0 && e < 0, "%lld, then %d",
	      (long long)r, e);
}

/* A server that never answers SHUTDOWN is killed when the grace runs out,
 * and the courier that was stuck on it is free again (the next check). */
static void check_stop_deaf(void)
{
	const struct silo_event *ev;
	struct silo_info in = { 0 };
	int64_t r = ctl_do(SILO_CTL_START, NULL, 0, 0, "boot:/silos/test/deaf.silo");

	CHECK("start_deaf", r > 0, "%lld %s", (long long)r, reply);
	r = ctl_do(SILO_CTL_STOP, "deaf", 300, 0, NULL);
	ev = event_wait(SILO_EV_STOPPED, "deaf", 3000);
	CHECK("stop_times_out_and_kills", r == 0 && ev &&
	      ev->reason == SH_EXIT_KILLED && silo_get("deaf", &in) == 0 &&
	      in.state == SILO_STOPPED && in.used[SH_QUOTA_PAGES] == 0,
	      "%lld, event %p, state %u", (long long)r, (void *)ev, in.state);
}

/* Orderly stop of a server: sysd hears SHUTDOWN and exits 0 before the
 * grace runs out, so the stop is not a kill. */
static void check_stop_server(void)
{
	const struct silo_event *ev;
	struct silo_info in = { 0 };
	int64_t r = ctl_do(SILO_CTL_STOP, "sys", 5000, 0, NULL);

	ev = event_wait(SILO_EV_STOPPED, "sys", 4000);
	CHECK("stop_server_orderly", r == 0 && ev && ev->reason == SH_EXIT_NORMAL &&
	      silo_get("sys", &in) == 0 && in.state == SILO_STOPPED,
	      "%lld, event %p reason %u, state %u", (long long)r, (void *)ev,
	      ev ? ev->reason : 99, in.state);
	r = ctl_do(SILO_CTL_RESTART, "sys", 0, 0, NULL);
	CHECK("restart_stopped_silo", r == 0 && silo_get("sys", &in) == 0 &&
	      in.state == SILO_RUNNING && in.nprocs == 1,
	      "%lld state %u procs %u", (long long)r, in.state, in.nprocs);
}

/* A server that faults while holding a call: the caller learns EDEAD,
 * silod restarts the server on the same endpoint, and the caller's handle
 * works again without anything new from silod. */
static void check_server_crash(void)
{
	struct silo_info in = { 0 };
	char *t;
	int e;

	e = sh_file_open("flaky:/crash", SH_O_READ, 0);
	CHECK("server_fault_edead", e == -SH_EDEAD, "%d", e);
	CHECK("server_restarted", event_wait(SILO_EV_RESTART, "flaky", 5000) &&
	      silo_get("flaky", &in) == 0 && in.restarts == 1 &&
	      in.state == SILO_RUNNING, "restarts %u state %u", in.restarts,
	      in.state);
	t = slurp("flaky:/x", &e);
	CHECK("client_handle_survives_restart", t && !strcmp(t, "flaky ok\n"),
	      "%d", e);
	free(t);
}

/* A kill is a crash on request: flaky (permanent, 3 restarts in 10 s)
 * comes back on the same endpoint, so the client's old handle works
 * again; killed past its intensity it is FAILED and its scheme gone. */
static void check_kill(void)
{
	const struct silo_event *ev;
	struct silo_info in = { 0 }, was = { 0 };
	int64_t r;
	char *t;
	int e, kills;

	silo_get("flaky", &was);
	r = ctl_do(SILO_CTL_KILL, "flaky", 0, 0, NULL);
	ev = r == 0 ? event_wait(SILO_EV_EXIT, "flaky", 5000) : NULL;
	CHECK("kill_exit_event", ev && ev->reason == SH_EXIT_KILLED &&
	      ev->pid == was.pids[0], "%lld %s, event %p reason %u pid %llu",
	      (long long)r, reply, (const void *)ev, ev ? ev->reason : 99,
	      ev ? (unsigned long long)ev->pid : 0ULL);
	CHECK("kill_permanent_restarts",
	      event_wait(SILO_EV_RESTART, "flaky", 5000) &&
	      silo_get("flaky", &in) == 0 && in.state == SILO_RUNNING &&
	      in.nprocs == 1 && in.restarts == was.restarts + 1 &&
	      in.pids[0] != was.pids[0], "state %u procs %u restarts %u -> %u",
	      in.state, in.nprocs, was.restarts, in.restarts);
	t = slurp("flaky:/x", &e);
	CHECK("kill_client_handle_works_again", t && !strcmp(t, "flaky ok\n"),
	      "%d", e);
	free(t);
	r = ctl_do(SILO_CTL_INFO, "flaky", 0, 0, NULL);
	CHECK("kill_in_info", r > 0 && strstr(reply, "killed on request: 1 times") &&
	      strstr(reply, "killed, code -1"), "%s", reply);
	/* The fault and the kill above count already: at most two more
	 * within the 10 s, and the next one gives up. */
	for (kills = 1; kills <= 6; kills++)
		if (ctl_do(SILO_CTL_KILL, "flaky", 0, 0, NULL) != 0 ||
		    silo_get("flaky", &in) != 0 || in.state != SILO_RUNNING)
			break;
	ev = event_wait(SILO_EV_GIVEUP, "flaky", 5000);
	CHECK("kill_past_intensity_failed", ev && kills <= 3 &&
	      in.state == SILO_FAILED && in.nprocs == 0 &&
	      in.used[SH_QUOTA_PAGES] == 0, "%d kills, state %u procs %u",
	      kills, in.state, in.nprocs);
	e = sh_file_open("flaky:/x", SH_O_READ, 0);
	CHECK("failed_server_handle_dead", e < 0, "flaky:/x gave %d", e);
	if (e >= 0)
		sh_file_close(e);
	r = ctl_do(SILO_CTL_KILL, "flaky", 0, 0, NULL);
	CHECK("kill_failed_ebusy", r == -SH_EBUSY, "%lld %s", (long long)r,
	      reply);
}

/* A device lent from the device tree: devprobe exits 0 when its SH_DEV
 * entry maps to a virtio-mmio device with an interrupt (the virtio-rng
 * the test boots: a device goes to one silo at a time, and the net and
 * eink silos hold virtio-net and virtio-gpu). */
static void check_device(void)
{
	const struct silo_event *ev;
	int64_t r;

	r = ctl_do(SILO_CTL_START, NULL, 0, 0, "boot:/silos/test/dev.silo");

	ev = r > 0 ? event_wait(SILO_EV_EXIT, "dev", 5000) : NULL;
	CHECK("device_granted", ev && ev->code == 0 &&
	      ev->reason == SH_EXIT_NORMAL, "%lld %s, exit %d", (long long)r,
	      reply, ev ? ev->code : -999);
}

/* Hostile requests: silod answers each with an error and lives on. */
static void check_hostile(void)
{
	static uint64_t buf[64];
	struct silo_ctl_req *rq = (struct silo_ctl_req *)buf;
	struct silo_info in;
	struct sh_msg m;
	long e;

	memset(&m, 0, sizeof(m));
	m.tag = SILO_CTL_LIST;
	m.buf = buf;
	m.len = 8;
	m.cap = sizeof(buf);
	e = sh_ipc_call(ctl, &m);
	CHECK("short_request_ebadmsg", e == 0 && (int64_t)m.tag == -SH_EBADMSG,
	      "%ld tag %lld", e, (long long)m.tag);
	memset(rq, 0, sizeof(*rq));
	rq->len = 400;		/* more than the message carries */
	memset(&m, 0, sizeof(m));
	m.tag = SILO_CTL_START;
	m.buf = buf;
	m.len = sizeof(*rq) + 4;
	m.cap = sizeof(buf);
	e = sh_ipc_call(ctl, &m);
	CHECK("bad_length_ebadmsg", e == 0 && (int64_t)m.tag == -SH_EBADMSG,
	      "%ld tag %lld", e, (long long)m.tag);
	memset(rq, 'x', sizeof(rq->name));	/* no NUL */
	rq->len = 0;
	memset(&m, 0, sizeof(m));
	m.tag = SILO_CTL_KILL;
	m.buf = buf;
	m.len = sizeof(*rq);
	m.cap = sizeof(buf);
	e = sh_ipc_call(ctl, &m);
	CHECK("unterminated_name_enoent", e == 0 && (int64_t)m.tag == -SH_ENOENT,
	      "%ld tag %lld", e, (long long)m.tag);
	CHECK("unknown_code_enosys",
	      ctl_do(0x5399, "runner", 0, 0, NULL) == -SH_ENOSYS &&
	      ctl_do(SH_REQ_OPEN, NULL, 0, 0, NULL) == -SH_ENOSYS, "%s", reply);
	CHECK("whois_needs_server_handle",
	      ctl_do(SILO_CTL_WHOIS, NULL, 0x101, 0, NULL) == -SH_EPERM, "%s",
	      reply);
	CHECK("limit_bad_kind_einval",
	      ctl_do(SILO_CTL_LIMIT, "runner", 1, 99, NULL) == -SH_EINVAL, "%s",
	      reply);
	CHECK("restrict_unknown_entry",
	      ctl_do(SILO_CTL_RESTRICT, "runner", 0, 0, "nope") == -SH_ENOENT,
	      "%s", reply);
	CHECK("alive_after_hostile", silo_get("runner", &in) == 0 &&
	      in.state == SILO_RUNNING, "LIST failed");
}

/* Seeded junk on the control endpoint: random codes around silod's,
 * random headers and lengths.  silod answers every one and lives on. */
static void check_junk(void)
{
	static uint64_t buf[(sizeof(struct silo_ctl_req) + 1200) / 8];
	uint64_t seed = 0x5eed5110d, answered = 0;
	struct silo_info in;

	printf("silotest: junk seed %#llx\n", (unsigned long long)seed);
	for (int i = 0; i < 300; i++) {
		struct sh_msg m;
		uint8_t *b = (uint8_t *)buf;

		for (size_t k = 0; k < sizeof(buf); k++) {
			seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
			b[k] = (uint8_t)(seed >> 56);
		}
		memset(&m, 0, sizeof(m));
		m.tag = 0x5300 + (seed >> 40) % 24;
		if (m.tag == SILO_CTL_EVENTS || m.tag == SILO_CTL_START)
			((struct silo_ctl_req *)buf)->kind = 0;	/* no waiting */
		m.buf = buf;
		m.len = (uint32_t)((seed >> 20) % sizeof(buf));
		m.cap = sizeof(buf);
		if (sh_ipc_call(ctl, &m) == 0)
			answered++;
	}
	CHECK("junk_answered", answered == 300 && silo_get("runner", &in) == 0,
	      "%llu of 300 answered", (unsigned long long)answered);
}

int main(void)
{
	long h;

	strate_init();
	h = strate_ns_get("silo");
	if (h < 0) {
		printf("silotest: FAIL no silo entry in SH_NS\n");
		printf("silotest: 0 passed, 1 failed\n");
		return 1;
	}
	ctl = (sh_handle_t)h;
	check_namespace();
	check_hostile();
	check_junk();
	check_server_crash();
	check_kill();
	check_device();
	check_sys();
	check_crash();
	check_clean();
	check_hog();
	check_reclaim();
	check_control();
	check_restrict();
	check_stop_deaf();
	check_stop_server();
	printf("silotest: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
