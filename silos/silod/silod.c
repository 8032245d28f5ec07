/* silod: Shale's first process and silo manager.
 *
 * It holds the root silo, the boot archive and the device tree (its start
 * record), and everything else is its decision: it reads the core
 * manifests (boot:/silos/NAME.silo), makes a silo for each with the quotas
 * named, an endpoint for each scheme served (silod keeps it: it is the
 * registry of who serves what, and a restarted server gets the same one
 * back), and starts the programs with exactly the handles the manifest
 * grants.  Then it serves its endpoint forever: supervisor notices from
 * the kernel (rcvid 0), control requests (shale/silo_ctl.h), ticks.
 *
 * It trusts the kernel and the boot archive.  It does not trust manifests
 * (parsed by silos/manifest.c, every limit checked), nor any program: a
 * caller's authority is the badge silod minted on its handle.  silod must
 * never die: every failure is a log line and the rest carries on. */
#include <stdlib.h>
#include <string.h>

#include <shale/silo_ctl.h>

#include "cpio.h"
#include "silod.h"

struct silod silod;

#define TICK_NS 100000000ULL	/* 100 ms */

/* The ticker sends silod a message every TICK_NS while something has a
 * deadline (a stop's grace, an EVENTS wait), and sleeps on tick_notif
 * otherwise, so an idle system is not woken ten times a second. */
static sh_handle_t tick_notif;
static int tick_on;		/* written by the main thread only */

static void ticker_main(void *arg)
{
	sh_handle_t h = (sh_handle_t)(uintptr_t)arg;
	struct sh_msg m;

	for (;;) {
		if (!__atomic_load_n(&tick_on, __ATOMIC_ACQUIRE)) {
			sh_notif_wait(tick_notif, UINT64_MAX);
			continue;
		}
		sh_sleep(TICK_NS);
		memset(&m, 0, sizeof(m));
		if (sh_ipc_call(h, &m) < 0)
			sh_sleep(TICK_NS * 10);
	}
}

/* Turns the ticker on or off after each message, as deadlines need. */
static void ticker_update(void)
{
	int want = ctl_waiting();

	for (uint32_t i = 0; i < SILOD_SILOS_MAX && !want; i++)
		want = silod.silos[i].used &&
		       silod.silos[i].state == SILO_STOPPING;
	if (want == tick_on)
		return;
	__atomic_store_n(&tick_on, want, __ATOMIC_RELEASE);
	if (want)
		sh_notif_signal(tick_notif, 1);
}

/* Starts one core manifest from the archive (prepare only: launched
 * later, servers first).  Returns the record or NULL (logged). */
static struct silo_rec *core_prepare(const char *name, const void *data,
				     size_t size)
{
	char err[MANIFEST_ERR_MAX], src[MANIFEST_PATH_MAX + 1];
	struct silo_rec *r;
	int code = 0;

	strcpy(src, "boot:/");
	strncat(src, name, sizeof(src) - 7);
	r = silo_prepare(src, data, size, err, sizeof(err), &code);
	if (!r)
		silod_log("%s\n", err);
	return r;
}

/* 1 if a core manifest says "boot = no": an optional silo, listed in the
 * archive but started only when asked (silo start boot:/silos/x.silo). */
static int core_optional(const char *name, const void *data, size_t size)
{
	static struct manifest m;
	char err[MANIFEST_ERR_MAX];

	if (manifest_parse(&m, name, data, size, err, sizeof(err)) < 0)
		return 0;	/* core_prepare reports what is wrong */
	if (!m.boot_said || m.boot)
		return 0;
	silod_log("%s: optional (boot = no), not started\n", m.name);
	return 1;
}

/* Every silos/<x>.silo directly in the archive (not silos/test/...) but
 * those marked "boot = no". */
static void core_boot(void)
{
	const struct sh_start *st = sh_start_info();
	uint32_t n = 0;
	const void *arch;
	struct cpio_iter it;
	struct cpio_entry e;
	long err;

	arch = sh_map_frame(st->bootfs, (st->bootfs_size + SH_PAGE_SIZE - 1) /
			    SH_PAGE_SIZE, SH_VM_READ, &err);
	if (!arch) {
		silod_log("no boot archive: %s\n", sh_strerror(err));
		return;
	}
	cpio_iter_init(&it, arch, st->bootfs_size);
	while (cpio_iter_next(&it, &e) == 1 && n < SILOD_SILOS_MAX) {
		size_t l = e.namelen;
		struct silo_rec *r;

		if (l < 12 || strncmp(e.name, "silos/", 6) ||
		    strchr(e.name + 6, '/') || strcmp(e.name + l - 5, ".silo"))
			continue;
		if (core_optional(e.name, e.data, e.size))
			continue;
		r = core_prepare(e.name, e.data, e.size);
		n += r != NULL;
	}
	/* Every prepared record (the boot silo too): servers first, then
	 * their users; each group in the order prepared. */
	for (int pass = 0; pass < 2; pass++) {
		for (uint32_t i = 0; i < SILOD_SILOS_MAX; i++) {
			struct silo_rec *r = &silod.silos[i];
			char msg[MANIFEST_ERR_MAX];

			if (!r->used || r->silo || r->state != SILO_STARTING ||
			    (r->m.nserves > 0) != (pass == 0))
				continue;
			if (silo_launch(r, msg, sizeof(msg)) < 0)
				silod_log("%s\n", msg);
		}
	}
}

/* The boot silo: bootd serves boot: from the archive.  Built in, since
 * it is what every other manifest's "uses = boot:..." reaches. */
static const char boot_manifest[] =
	"name      = boot\n"
	"restart   = permanent\n"
	"intensity = 5 in 10s\n"
	"memory    = 1M\n"
	"threads   = 2\n"
	"handles   = 32\n"
	"serves    = boot\n"
	"uses      = nothing\n"
	"run       = boot:/bin/bootd\n";

/* Starts the manifests named on silod's command line (boot arguments
 * after "--"): how tests bring in silos of their own. */
static void extra_boot(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		char msg[MANIFEST_ERR_MAX];
		size_t len;
		int code = 0;
		char *text = silo_read_path(argv[i], &len, &code);

		if (!text) {
			silod_log("%s: %s\n", argv[i], sh_strerror(code));
			continue;
		}
		if (!silo_start_text(argv[i], text, len, msg, sizeof(msg), &code))
			silod_log("%s\n", msg);
		free(text);
	}
}

int main(int argc, char **argv)
{
	const struct sh_start *st = sh_start_info();
	static uint64_t ibuf[SILOD_RECV_MAX / 8];
	struct sh_msg in, out;
	char msg[MANIFEST_ERR_MAX];
	long ep, h, rcvid = 0;
	int have_reply = 0, code = 0;

	silod.root = st->silo;
	silod.next_id = 1;
	ep = sh_endpoint_create();
	if (ep < 0 || !silod.root) {
		silod_log("cannot start: %s\n",
			  ep < 0 ? sh_strerror(ep) : "no root silo");
		return 1;
	}
	silod.ep = (sh_handle_t)ep;
	if (supervise_init() < 0)
		silod_log("no courier thread: stops will time out\n");
	if (reader_init() < 0)
		silod_log("no reader thread: START will fail\n");
	silod.boot_builtin = 1;
	{
		const void *d;
		size_t n;

		if (sh_bootfs_find("bin/bootd", &d, &n) == 0 &&
		    !silo_prepare("silod:boot.silo", boot_manifest,
				  sizeof(boot_manifest) - 1, msg, sizeof(msg),
				  &code))
			silod_log("%s\n", msg);
	}
	core_boot();
	if (!scheme_find("boot"))
		silod_log("no bin/bootd: nobody serves boot:\n");
	extra_boot(argc, argv);
	if (userboot_init() < 0)
		silod_log("no user-boot thread: fs:/etc/silos not started\n");
	h = sh_cap_mint(silod.ep, SH_R_WRITE, BADGE_MAKE(BADGE_TICK, 0));
	code = (int)sh_notif_create();
	if (h > 0 && code > 0) {
		tick_notif = (sh_handle_t)code;
		sh_thread_spawn(ticker_main, (void *)(uintptr_t)h,
				SH_PRIO_DEFAULT, 8192);
	} else {
		silod_log("no ticker: stops and event waits will not time out\n");
	}
	silod_log("ready\n");
	for (;;) {
		memset(&in, 0, sizeof(in));
		in.buf = ibuf;
		in.cap = sizeof(ibuf);
		rcvid = have_reply ? sh_ipc_reply_recv(silod.ep, rcvid, &out, &in)
				   : sh_ipc_recv(silod.ep, &in);
		have_reply = 0;
		if (rcvid < 0) {
			if (rcvid != -SH_EDEAD && rcvid != -SH_E2BIG)
				silod_log("receive: %s\n", sh_strerror(rcvid));
			continue;
		}
		if (rcvid == 0) {
			if (in.len >= sizeof(struct sh_notice))
				supervise_notice(&in, (struct sh_notice *)ibuf);
			ticker_update();
			continue;
		}
		if (BADGE_KIND(in.badge) == BADGE_READER) {
			reader_done(&in);
			memset(&out, 0, sizeof(out));
			have_reply = 1;
			ticker_update();
			continue;
		}
		if (BADGE_KIND(in.badge) == BADGE_TICK) {
			uint64_t now = (uint64_t)sh_clock();

			supervise_tick(now);
			ctl_tick(now);
			memset(&out, 0, sizeof(out));
			have_reply = 1;
			ticker_update();
			continue;
		}
		have_reply = ctl_handle((uint64_t)rcvid, &in, &out);
		ticker_update();
	}
}
