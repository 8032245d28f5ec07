/* flint's silo, scheme and ns commands against a fake silod: the tables,
 * silod's own messages after the error's, limits, restrict, events into a
 * pipe, top into a file, and argument completion. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <shale/errors.h>
#include <shale/silo_ctl.h>

#include "fake_flint.h"
#include "flint.h"
#include "silo_cmds.h"

static struct out term;
static char last_text[256];
static uint64_t last_arg;
static uint32_t last_kind, last_code;

static void info(struct silo_info *s, uint64_t id, const char *name,
		 uint32_t state, uint64_t pid, const char *serves)
{
	memset(s, 0, sizeof(*s));
	s->id = id;
	s->kid = id + 10;
	snprintf(s->name, sizeof(s->name), "%s", name);
	s->state = state;
	s->pids[0] = pid;
	s->restarts = (uint32_t)id;
	s->used[SH_QUOTA_PAGES] = 28;
	s->limit[SH_QUOTA_PAGES] = 64;
	s->used[SH_QUOTA_HANDLES] = 2;
	s->limit[SH_QUOTA_HANDLES] = 16;
	snprintf(s->serves, sizeof(s->serves), "%s", serves);
}

static int64_t reply_text(const char *t, void *out, uint32_t cap,
			  uint32_t *outlen, int64_t v)
{
	uint32_t n = (uint32_t)strlen(t);

	if (n > cap)
		n = cap;
	memcpy(out, t, n);
	*outlen = n;
	return v;
}

static int64_t silod(uint32_t code, const char *name, uint64_t arg,
		     uint32_t kind, const char *text, uint32_t len, void *out,
		     uint32_t cap, uint32_t *outlen)
{
	last_code = code;
	last_arg = arg;
	last_kind = kind;
	if (text)	/* the last request that carried text */
		snprintf(last_text, sizeof(last_text), "%.*s", (int)len, text);
	if (name && strcmp(name, "idle") && strcmp(name, "console")) {
		char msg[64];

		snprintf(msg, sizeof(msg), "no silo '%s'", name);
		return reply_text(msg, out, cap, outlen, -SH_ENOENT);
	}
	switch (code) {
	case SILO_CTL_LIST: {
		struct silo_info *s = out;

		info(&s[0], 1, "console", SILO_RUNNING, 3, "cons");
		info(&s[1], 2, "idle", SILO_SUSPENDED, 6, "");
		s[1].pids[1] = 7;
		*outlen = 2 * sizeof(*s);
		return 2;
	}
	case SILO_CTL_INFO:
		return reply_text("silo idle (id 2): running\n"
				  "grant fs = fs:/home\n"
				  "grant otp = fs:/lib/erlang (dropped)\n"
				  "grant dev:uart\n"
				  "manifest:\ngrant nothing = x:/y\n",
				  out, cap, outlen, 120);
	case SILO_CTL_START:
		return strstr(text, "bad") ?
		       reply_text("bad.silo:3: unknown key 'memroy'", out, cap,
				  outlen, -SH_EBADMSG) : 2;
	case SILO_CTL_LIMIT:
		if (arg < 28 && kind == SH_QUOTA_PAGES)
			return reply_text("idle uses more than that", out, cap,
					  outlen, -SH_EBUSY);
		return 0;
	case SILO_CTL_SCHEMES: {
		struct silo_scheme *sc = out;

		memset(sc, 0, 2 * sizeof(*sc));
		strcpy(sc[0].name, "cons");
		strcpy(sc[0].silo, "console");
		sc[0].up = 1;
		sc[0].clients = 1;
		strcpy(sc[1].name, "fs");
		*outlen = 2 * sizeof(*sc);
		return 2;
	}
	case SILO_CTL_EVENTS: {
		struct silo_event *e = out;

		if (arg > 0)
			return 0;
		memset(e, 0, 2 * sizeof(*e));
		e[0].seq = 0;
		e[0].time_ns = 1500000000;
		e[0].kind = SILO_EV_FAULT;
		e[0].reason = SH_FAULT_DATA;
		e[0].pid = 8;
		e[0].addr = 0x10;
		strcpy(e[0].silo, "crash");
		e[1].seq = 1;
		e[1].kind = SILO_EV_GIVEUP;
		strcpy(e[1].silo, "crash");
		*outlen = 2 * sizeof(*e);
		return 2;
	}
	case SILO_CTL_STOP: case SILO_CTL_KILL: case SILO_CTL_RESTART:
	case SILO_CTL_SUSPEND: case SILO_CTL_RESUME: case SILO_CTL_RESTRICT:
		return 0;
	default:
		return -SH_ENOSYS;
	}
}

static int setup(void **st)
{
	(void)st;
	fake_flint_reset();
	fake_silod = silod;
	out_init_term(&term);
	return 0;
}

static const char *sh(const char *line, int want)
{
	int r = flint_run_line(line, strlen(line), &term);
	const char *out = fake_term_take();

	if (r != want)
		fail_msg("%s: status %d, want %d: %s", line, r, want, out);
	return out;
}

static void has(const char *out, const char *want)
{
	if (!strstr(out, want))
		fail_msg("\"%s\" not in:\n%s", want, out);
}

static void test_ls(void **st)
{
	const char *out = sh("silo ls", 0);

	(void)st;
	has(out, "NAME         STATE     PIDS           RESTARTS         PAGES"
	    "     HANDLES SERVES\n");
	has(out, "console      running   3                     1         28/64"
	    "        2/16 cons\n");
	has(out, "idle         suspended 6,7                   2         28/64"
	    "        2/16 -\n");
}

static void test_requests(void **st)
{
	(void)st;
	assert_string_equal(sh("silo start fs:/s/idle.silo", 0),
			    "idle: suspended\n");
	assert_string_equal(last_text, "fs:/s/idle.silo");
	/* a relative manifest path is made whole first */
	sh("cd fs:/s", 1);	/* no such directory: cwd stays fs:/ */
	sh("silo start x.silo", 0);
	assert_string_equal(last_text, "fs:/x.silo");
	assert_string_equal(sh("silo start bad.silo", 1),
			    "silo start: malformed data (bad.silo:3: unknown "
			    "key 'memroy')\n");
	assert_string_equal(sh("silo stop idle", 0), "idle: stopping\n");
	assert_int_equal(last_code, SILO_CTL_STOP);
	assert_string_equal(sh("silo kill idle", 0), "idle: killed\n");
	assert_string_equal(sh("silo restart idle", 0), "idle: restarted\n");
	assert_string_equal(sh("silo suspend idle", 0), "idle: suspended\n");
	assert_string_equal(sh("silo resume idle", 0), "idle: resumed\n");
	assert_int_equal(last_code, SILO_CTL_RESUME);
	assert_string_equal(sh("silo stop nosuch", 1), "silo stop: nosuch: no "
			    "such file or scheme (no silo 'nosuch')\n");
	assert_string_equal(sh("silo stop", 2), "usage: silo stop NAME  "
			    "(orderly: servers are told to finish)\n");
	assert_string_equal(sh("silo sotp idle", 1), "silo: sotp: no such "
			    "subcommand (did you mean 'silo stop'?)\n");
	assert_string_equal(sh("silo info idle", 0) + 0, "silo idle (id 2): "
			    "running\ngrant fs = fs:/home\ngrant otp = "
			    "fs:/lib/erlang (dropped)\ngrant dev:uart\n"
			    "manifest:\ngrant nothing = x:/y\n");
}

static void test_limit_restrict(void **st)
{
	(void)st;
	assert_string_equal(sh("silo limit idle mem 1M", 0),
			    "idle: mem limit 256 pages\n");
	assert_int_equal(last_kind, SH_QUOTA_PAGES);
	assert_int_equal(last_arg, 256);
	assert_string_equal(sh("silo limit idle mem 200000", 0),
			    "idle: mem limit 49 pages\n");	/* bytes, rounded up */
	assert_string_equal(sh("silo limit idle threads 4", 0),
			    "idle: threads limit 4\n");
	assert_int_equal(last_kind, SH_QUOTA_THREADS);
	assert_string_equal(sh("silo limit idle handles 2K", 0),
			    "idle: handles limit 2048\n");
	assert_string_equal(sh("silo limit idle mem 4K", 1),
			    "silo limit: idle: busy (idle uses more than that)\n"
			    "silo limit: idle uses 28 pages now\n");
	assert_string_equal(sh("silo limit idle cpu 4", 1),
			    "silo limit: cpu: not mem, threads or handles\n");
	assert_string_equal(sh("silo limit idle mem -1", 1),
			    "silo limit: -1: not a size (a number, K, M or G)\n");
	assert_string_equal(sh("silo restrict idle fs:/home/x", 0),
			    "idle: narrowed to fs:/home/x\n");
	assert_string_equal(last_text, "fs:/home/x");
	assert_string_equal(sh("silo restrict idle net", 0),
			    "idle: dropped net\n");
}

static void test_ns_scheme(void **st)
{
	(void)st;
	assert_string_equal(sh("ns idle", 0),
			    "fs       -> fs:/home\n"
			    "otp      -> fs:/lib/erlang (dropped)\n"
			    "dev:uart\n");
	assert_string_equal(sh("ns", 0), "fs       -> fs:/\nro       -> ro:/\n"
			    "cons     -> cons:/\n");
	/* both silos' INFO grant fs (live) and otp (dropped) */
	assert_string_equal(sh("scheme ls", 0),
			    "SCHEME     SERVED BY    UP   CLIENTS  USED BY\n"
			    "cons       console      yes        1  -\n"
			    "fs         -            no         0  console idle\n");
}

static void test_live(void **st)
{
	const char *out;

	(void)st;
	/* into a pipe: what there is, then done */
	out = sh("silo events | grep crash", 0);
	assert_string_equal(out,
			    "[     1.500] crash        fault      pid 8 data abort"
			    " at 0x10\n"
			    "[     0.000] crash        gave up   \n");
	/* top into a file: one table */
	sh("silo top > fs:/top", 0);
	out = sh("cat fs:/top", 0);
	has(out, "silo top: 2 silos");
	has(out, "NAME         STATE       CPU%     PAGES  THREADS  HANDLES  PROCS");
	has(out, "idle         suspended");
}

struct names {
	char all[256];
};

static void collect(void *arg, const char *name, int is_dir)
{
	struct names *n = arg;

	(void)is_dir;
	strcat(n->all, name);
	strcat(n->all, " ");
}

static void test_complete_args(void **st)
{
	struct names n;

	(void)st;
	memset(&n, 0, sizeof(n));
	assert_int_equal(silo_complete_args("silo", 2, "stop", collect, &n), 1);
	assert_string_equal(n.all, "console idle ");
	memset(&n, 0, sizeof(n));
	assert_int_equal(silo_complete_args("silo", 2, "start", collect, &n), 0);
	assert_int_equal(silo_complete_args("silo", 2, "ls", collect, &n), 0);
	assert_int_equal(silo_complete_args("silo", 1, "silo", collect, &n), 1);
	assert_non_null(strstr(n.all, "restrict "));
	memset(&n, 0, sizeof(n));
	assert_int_equal(silo_complete_args("ns", 1, "ns", collect, &n), 1);
	assert_string_equal(n.all, "console idle ");
	assert_int_equal(silo_complete_args("cat", 1, "cat", collect, &n), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_ls, setup),
		cmocka_unit_test_setup(test_requests, setup),
		cmocka_unit_test_setup(test_limit_restrict, setup),
		cmocka_unit_test_setup(test_ns_scheme, setup),
		cmocka_unit_test_setup(test_live, setup),
		cmocka_unit_test_setup(test_complete_args, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
