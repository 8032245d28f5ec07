/* tstrate: the cons: checks.  The host types each step's bytes when it
 * sees "tstrate: want STEP" (test_strates.py has the table). */
#include <stdio.h>
#include <string.h>
#include <shale/cons.h>
#include "tstrate.h"

#define MS 1000000ULL

static int tty, ctl;

static int ctl_cmd(const char *cmd)
{
	int64_t r = sh_file_write(ctl, cmd, strlen(cmd));

	return r < 0 ? (int)r : 0;
}

/* Reads one cooked line (or error) after asking the host for step. */
static int64_t want_line(const char *step, char *buf, size_t cap)
{
	int64_t r;

	printf("tstrate: want %s\n", step);
	r = sh_file_read(tty, buf, cap - 1);
	buf[r > 0 ? r : 0] = '\0';
	return r;
}

static void cons_cooked(void)
{
	char buf[128];
	int64_t r;

	r = want_line("edit", buf, sizeof(buf));
	kt_check("cons.backspace", r == 4 && !strcmp(buf, "abd\n"), "%lld '%s'",
		 (long long)r, buf);
	r = want_line("kill", buf, sizeof(buf));
	kt_check("cons.ctrl_u", r == 3 && !strcmp(buf, "ok\n"), "%lld '%s'",
		 (long long)r, buf);
	r = want_line("intr", buf, sizeof(buf));
	kt_err("cons.ctrl_c_eintr", r, SH_EINTR);
	r = want_line("eof", buf, sizeof(buf));
	kt_eq("cons.ctrl_d_eof", r, 0);
	/* the line Ctrl-C discarded is gone; the next line is read whole */
	r = want_line("after", buf, sizeof(buf));
	kt_check("cons.after_intr", r == 6 && !strcmp(buf, "fresh\n"), "%lld '%s'",
		 (long long)r, buf);
	r = want_line("arrows", buf, sizeof(buf));
	kt_check("cons.escapes_swallowed", r == 3 && !strcmp(buf, "up\n"), "%lld '%s'",
		 (long long)r, buf);
}

static void cons_raw(void)
{
	static const char want[] = "\x1b[Aq\x03\x04";
	char buf[16];
	size_t got = 0;

	kt_eq("cons.ctl_raw", ctl_cmd("raw\n"), 0);
	sh_file_pread(ctl, buf, 8, 0);
	kt_check("cons.ctl_reads_raw", !memcmp(buf, "raw\n", 4), "mode '%.4s'", buf);
	printf("tstrate: want raw\n");
	while (got < sizeof(want) - 1) {
		int64_t r = sh_file_read(tty, buf + got, sizeof(want) - 1 - got);

		if (r <= 0)
			break;
		got += (size_t)r;
	}
	kt_check("cons.raw_bytes_intact", got == sizeof(want) - 1 &&
		 !memcmp(buf, want, got), "%zu bytes", got);
	kt_eq("cons.ctl_cooked", ctl_cmd("cooked"), 0);
}

static void cons_timeouts(void)
{
	char buf[16];
	uint64_t t0;
	int64_t r;

	kt_eq("cons.timeout_0", ctl_cmd("timeout 0"), 0);
	t0 = (uint64_t)sh_clock();
	r = sh_file_read(tty, buf, sizeof(buf));
	kt_err("cons.poll_eagain", r, SH_EAGAIN);
	kt_check("cons.poll_at_once", (uint64_t)sh_clock() - t0 < 50 * MS, "%llu ns",
		 (unsigned long long)((uint64_t)sh_clock() - t0));
	kt_eq("cons.timeout_100", ctl_cmd("timeout 100"), 0);
	t0 = (uint64_t)sh_clock();
	r = sh_file_read(tty, buf, sizeof(buf));
	t0 = (uint64_t)sh_clock() - t0;
	kt_err("cons.read_timedout", r, SH_ETIMEDOUT);
	kt_check("cons.timeout_waited", t0 >= 100 * MS && t0 < 2000 * MS, "%llu ms",
		 (unsigned long long)(t0 / MS));
	kt_eq("cons.timeout_off", ctl_cmd("timeout off"), 0);
	kt_err("cons.ctl_bad", ctl_cmd("bogus"), SH_EINVAL);
	kt_err("cons.ctl_bad_timeout", ctl_cmd("timeout soon"), SH_EINVAL);
}

/* A reader blocked in consd while the server goes on serving others. */
static volatile int reader_done;
static char reader_buf[32];
static int64_t reader_got;

static void reader(void *arg)
{
	int sfd = sh_file_open("cons2:/", SH_O_READ | SH_O_WRITE, 0);

	(void)arg;
	sh_file_write(sfd, "reader waiting\n", 15);
	reader_got = sh_file_read(sfd, reader_buf, sizeof(reader_buf) - 1);
	sh_file_close(sfd);
	reader_done = 1;
}

static void cons_deferred(void)
{
	struct sh_stat st;
	long t = sh_thread_spawn(reader, NULL, SH_PRIO_DEFAULT, 0);
	int ok = 1;

	if (!kt_ok("cons.reader_thread", t))
		return;
	sh_sleep(100 * MS);
	/* while the reader waits, this client is served */
	for (int i = 0; i < 20; i++)
		ok &= sh_file_fstat(ctl, &st) == 0 && sh_file_write(tty, "", 0) == 0;
	kt_check("cons.served_while_reader_waits", ok && !reader_done,
		 "ok %d done %d", ok, reader_done);
	printf("tstrate: want defer\n");
	sh_thread_join(t, 10000 * MS);
	kt_check("cons.deferred_read", reader_done && reader_got == 5 &&
		 !memcmp(reader_buf, "late\n", 5), "done %d got %lld", reader_done,
		 (long long)reader_got);
}

/* silod (badge 0) closes a gone client's files: a read waiting in consd
 * ends with EINTR, and the client's fids are dead. */
static void forget_check(int root)
{
	struct sh_stat st;
	long t;
	int sfd = sh_file_open("cons2:/ctl", SH_O_READ, 0);

	reader_done = 0;
	t = sh_thread_spawn(reader, NULL, SH_PRIO_DEFAULT, 0);
	sh_sleep(100 * MS);
	kt_check("cons.forget_reader_waits", !reader_done, "reader returned early");
	kt_err("cons.forget_needs_silod", ctl_cmd("forget 12"), SH_EPERM);
	kt_eq("cons.forget", sh_file_write(root, "forget 12", 9), 9);
	sh_thread_join(t, 5000 * MS);
	kt_check("cons.forget_ends_read", reader_done && reader_got == -SH_EINTR,
		 "done %d got %lld", reader_done, (long long)reader_got);
	kt_err("cons.forget_fid_dead", sh_file_fstat(sfd, &st), SH_EBADH);
	sh_file_close(sfd);
	kt_eq("cons.forget_others_kept", sh_file_fstat(ctl, &st), 0);
}

/* silod (badge 0) labels a client's log with its silo's name. */
static void cons_labels(void)
{
	struct sh_stat st;
	int root = sh_file_open("consroot:/ctl", SH_O_WRITE, 0);
	static const char label[] = "label 12 reader\n";

	kt_err("cons.label_needs_silod", ctl_cmd("label 12 thief"), SH_EPERM);
	if (!kt_ok("cons.open_ctl_as_silod", root))
		return;
	kt_eq("cons.label", sh_file_write(root, label, sizeof(label) - 1),
	      (long)sizeof(label) - 1);
	kt_eq("cons.label_bad", sh_file_write(root, "label x y", 9), -SH_EINVAL);
	forget_check(root);
	sh_file_close(root);
	kt_eq("cons.log_labelled", sh_file_stat("cons:/log/reader", &st), 0);
	kt_err("cons.log_badge_name_gone", sh_file_stat("cons:/log/12", &st), SH_ENOENT);
	kt_err("cons.log_thief_absent", sh_file_stat("cons:/log/thief", &st), SH_ENOENT);
}

static void cons_logs(void)
{
	char buf[CONS_LOG_RING + 1];
	int sfd, named = 0, badge = 0;
	int64_t got;

	sfd = sh_file_open("cons:/log", SH_O_READ | SH_O_DIR, 0);
	if (!kt_ok("cons.log_dir", sfd))
		return;
	while ((got = sh_file_readdir(sfd, buf, sizeof(buf))) > 0) {
		uint32_t pos = 0;
		struct sh_dirent d;
		const char *nm;

		while (scheme_dirent_next(buf, (uint32_t)got, &pos, &d, &nm)) {
			named |= d.namelen == 7 && !memcmp(nm, "tstrate", 7);
			badge |= d.namelen == 2 && !memcmp(nm, "12", 2);
		}
	}
	sh_file_close(sfd);
	kt_check("cons.log_listed", named && badge, "named %d badge %d", named, badge);
	sfd = sh_file_open("cons:/log/tstrate", SH_O_READ, 0);
	got = sfd < 0 ? sfd : sh_file_read(sfd, buf, sizeof(buf) - 1);
	buf[got > 0 ? got : 0] = '\0';
	kt_check("cons.log_content", got > 0 && strstr(buf, "cons hello"), "%lld",
		 (long long)got);
	sh_file_close(sfd);
	sfd = sh_file_open("cons:/log/12", SH_O_READ, 0);
	got = sfd < 0 ? sfd : sh_file_read(sfd, buf, sizeof(buf) - 1);
	buf[got > 0 ? got : 0] = '\0';
	kt_check("cons.log_other_client", got > 0 && strstr(buf, "reader waiting") &&
		 !strstr(buf, "cons hello"), "%lld", (long long)got);
	sh_file_close(sfd);
	kt_err("cons.log_not_writable", sh_file_open("cons:/log/12", SH_O_WRITE, 0), SH_EPERM);
	cons_labels();
	kt_err("cons.no_such_path", sh_file_open("cons:/nope", SH_O_READ, 0), SH_ENOENT);
}

void ts_cons(sh_handle_t cons)
{
	static const char hello[] = "tstrate: cons hello\n";
	struct ns_table *ns = strate_ns();

	ns_add(ns, "cons", (sh_handle_t)sh_cap_mint(cons, SH_R_WRITE, B_CONS), NULL);
	ns_add(ns, "cons2", (sh_handle_t)sh_cap_mint(cons, SH_R_WRITE, B_CONS2), NULL);
	ns_add(ns, "consroot", cons, NULL);	/* unbadged: badge 0, as silod */
	tty = sh_file_open("cons:/", SH_O_READ | SH_O_WRITE, 0);
	ctl = sh_file_open("cons:/ctl", SH_O_READ | SH_O_WRITE, 0);
	if (!kt_ok("cons.open_tty", tty) || !kt_ok("cons.open_ctl", ctl))
		return;
	kt_eq("cons.write", sh_file_write(tty, hello, sizeof(hello) - 1),
	      (long)sizeof(hello) - 1);
	kt_eq("cons.name", ctl_cmd("name tstrate\n"), 0);
	cons_cooked();
	cons_raw();
	cons_timeouts();
	cons_deferred();
	cons_logs();
}
