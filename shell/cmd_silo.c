/* silo: managing silos through silod's control endpoint
 * (silos/include/shale/silo_ctl.h; flint's namespace entry "silo" carries
 * every request).  Each subcommand is one request; failures print silod's
 * own message after the error's. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <shale/errors.h>
#include <shale/scheme_client.h>
#include <shale/strate.h>

#include "cmds.h"
#include "silo_cmds.h"
#include "suggest.h"

char silo_reply[SH_MSG_MAX];
#define reply silo_reply

static const char *const state_names[] = {
	"starting", "running", "suspended", "stopping", "stopped", "failed",
	"exited",
};

const char *silo_state_name(uint32_t state)
{
	return state < sizeof(state_names) / sizeof(state_names[0]) ?
	       state_names[state] : "?";
}

int64_t silo_call(struct io *io, const char *cmd, uint32_t code,
		  const char *name, uint64_t arg, uint32_t kind,
		  const char *text, void *out, uint32_t cap, uint32_t *outlen)
{
	uint32_t got = 0;
	int64_t r;

	if (!flint.silod) {
		flint_failmsg(io, cmd, "no 'silo' in flint's namespace "
			      "(the shell manifest must say uses = silo)");
		return -SH_ENOENT;
	}
	r = silo_ctl_call(flint.silod, code, name, arg, kind, text,
			  text ? (uint32_t)strlen(text) : 0, out, cap, &got);
	if (outlen)
		*outlen = got;
	if (r >= 0)
		return r;
	if (got && out) {
		const char *msg = out;
		size_t n = got;

		while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\0'))
			n--;
		out_printf(io->err, "%s: %s%s%s (%.*s)\n", cmd,
			   name ? name : "", name ? ": " : "",
			   sh_strerror((int)r), (int)n, msg);
	} else {
		flint_fail(io, cmd, name, (int)r);
	}
	return r;
}

int silo_list(struct io *io, const char *cmd, struct silo_info *list,
	      uint32_t max)
{
	uint32_t len;
	int64_t r = silo_call(io, cmd, SILO_CTL_LIST, NULL, 0, 0, NULL, reply,
			      sizeof(reply), &len);

	if (r < 0)
		return (int)r;
	if ((uint64_t)r * sizeof(struct silo_info) > len) {
		flint_fail(io, cmd, "silod's reply", -SH_EBADMSG);
		return -SH_EBADMSG;
	}
	if (r > max)
		r = max;
	memcpy(list, reply, (size_t)r * sizeof(struct silo_info));
	for (int64_t i = 0; i < r; i++)
		list[i].name[SILO_NAME_MAX] = list[i].serves[63] = '\0';
	return (int)r;
}

static void fmt_quota(char *b, size_t cap, uint64_t used, uint64_t limit)
{
	if (limit == SH_QUOTA_UNLIMITED)
		snprintf(b, cap, "%" PRIu64 "/-", used);
	else
		snprintf(b, cap, "%" PRIu64 "/%" PRIu64, used, limit);
}

static int silo_ls(int argc, char **argv, struct io *io)
{
	static struct silo_info list[SILO_LIST_MAX];
	int n;

	(void)argv;
	if (argc != 2)
		return flint_usage(io, "silo");
	n = silo_list(io, "silo ls", list, SILO_LIST_MAX);
	if (n < 0)
		return STATUS_FAIL;
	out_printf(io->out, "%-12s %-9s %-14s %8s %13s %11s %s\n", "NAME",
		   "STATE", "PIDS", "RESTARTS", "PAGES", "HANDLES", "SERVES");
	for (int i = 0; i < n; i++) {
		const struct silo_info *s = &list[i];
		char pids[64] = "", pages[32], handles[32];
		size_t p = 0;

		for (unsigned k = 0; k < SILO_PROCS_MAX; k++) {
			if (!s->pids[k] || p >= sizeof(pids) - 24)
				continue;
			p += (size_t)snprintf(pids + p, sizeof(pids) - p, "%s%" PRIu64,
					      p ? "," : "", s->pids[k]);
		}
		if (!p)
			strcpy(pids, "-");
		fmt_quota(pages, sizeof(pages), s->used[SH_QUOTA_PAGES],
			  s->limit[SH_QUOTA_PAGES]);
		fmt_quota(handles, sizeof(handles), s->used[SH_QUOTA_HANDLES],
			  s->limit[SH_QUOTA_HANDLES]);
		out_printf(io->out, "%-12s %-9s %-14s %8u %13s %11s %s\n",
			   s->name, silo_state_name(s->state), pids,
			   s->restarts, pages, handles,
			   s->serves[0] ? s->serves : "-");
	}
	return 0;
}

static int silo_start(int argc, char **argv, struct io *io)
{
	static struct silo_info list[SILO_LIST_MAX];
	char path[FPATH_MAX];
	int64_t id;
	int n;

	if (argc != 3)
		return flint_usage(io, "silo");
	if (flint_path(io, "silo start", argv[2], path) < 0)
		return STATUS_FAIL;
	id = silo_call(io, "silo start", SILO_CTL_START, NULL, 0, 0, path,
		       reply, sizeof(reply), NULL);
	if (id < 0)
		return STATUS_FAIL;
	n = silo_list(io, "silo start", list, SILO_LIST_MAX);
	for (int i = 0; i < n; i++) {
		if (list[i].id == (uint64_t)id) {
			out_printf(io->out, "%s: %s\n", list[i].name,
				   silo_state_name(list[i].state));
			return 0;
		}
	}
	out_printf(io->out, "silo %" PRId64 " started\n", id);
	return 0;
}

/* STOP, KILL, RESTART, SUSPEND, RESUME: one name, nothing back. */
static int silo_simple(int argc, char **argv, struct io *io, uint32_t code,
		       const char *done)
{
	char cmd[32];

	snprintf(cmd, sizeof(cmd), "silo %s", argv[1]);
	if (argc != 3)
		return flint_usage(io, "silo");
	if (silo_call(io, cmd, code, argv[2], 0, 0, NULL, reply, sizeof(reply),
		      NULL) < 0)
		return STATUS_FAIL;
	out_printf(io->out, "%s: %s\n", argv[2], done);
	return 0;
}

static int silo_info_cmd(int argc, char **argv, struct io *io)
{
	uint32_t len;
	int64_t r;

	if (argc != 3)
		return flint_usage(io, "silo");
	r = silo_call(io, "silo info", SILO_CTL_INFO, argv[2], 0, 0, NULL,
		      reply, sizeof(reply), &len);
	if (r < 0)
		return STATUS_FAIL;
	if (len > sizeof(reply))
		len = sizeof(reply);
	out_write(io->out, reply, len);
	if (len && reply[len - 1] != '\n')
		out_write(io->out, "\n", 1);
	return 0;
}

/* Lists the names of the console logs there are, into b (room cap). */
static void log_names(char *b, size_t cap)
{
	static char recs[4096];
	size_t n = 0;
	int sfd = sh_file_open("cons:/log", SH_O_DIR, 0);
	int64_t len;

	b[0] = '\0';
	if (sfd < 0)
		return;
	while ((len = sh_file_readdir(sfd, recs, sizeof(recs))) > 0) {
		uint32_t pos = 0;
		struct sh_dirent d;
		const char *name;

		while (scheme_dirent_next(recs, (uint32_t)len, &pos, &d, &name) &&
		       n + d.namelen + 2 < cap)
			n += (size_t)snprintf(b + n, cap - n, "%s%.*s",
					      n ? " " : "", (int)d.namelen, name);
	}
	sh_file_close(sfd);
}

/* silo log NAME: NAME's console output — for a silo, what its programs
 * printed (bedrock keeps the last SH_SILO_LOG bytes; silod reads them);
 * and consd's log of that name (what was written to cons:), if any. */
static int silo_log(int argc, char **argv, struct io *io)
{
	static char chunk[4096];
	char path[SILO_NAME_MAX + 32], names[256];
	uint64_t pos = 0;
	uint32_t got = 0;
	int64_t r = 0;
	char *data;
	size_t len;
	int any = 0, silo = 0;

	if (argc != 3)
		return flint_usage(io, "silo");
	while (flint.silod) {
		r = silo_ctl_call(flint.silod, SILO_CTL_LOG, argv[2], pos, 0, NULL, 0,
				  chunk, sizeof(chunk), &got);
		if (r < 0 || !got)
			break;
		silo = 1;
		out_write(io->out, chunk, got);
		any = chunk[got - 1] == '\n' ? 1 : 2;
		pos = (uint64_t)r;
	}
	if (r >= 0)
		silo = 1;
	if (any == 2)
		out_write(io->out, "\n", 1);
	snprintf(path, sizeof(path), "cons:/log/%s", argv[2]);
	if (file_slurp(path, &data, &len) == 0) {
		out_write(io->out, data, len);
		if (len && data[len - 1] != '\n')
			out_write(io->out, "\n", 1);
		free(data);
		return 0;
	}
	if (silo) {
		if (!any)
			out_printf(io->out, "%s has printed nothing\n", argv[2]);
		return 0;
	}
	log_names(names, sizeof(names));
	return flint_failmsg(io, "silo log", "%s: %s (silos: see silo ls; console "
			     "logs: %s)", argv[2], sh_strerror(-SH_ENOENT),
			     names[0] ? names : "none");
}

/* "16M" -> pages for mem, plain counts for the others. */
static int parse_limit(const char *what, const char *v, uint32_t *kind,
		       uint64_t *val)
{
	char *end;
	unsigned long long n = strtoull(v, &end, 10);
	uint64_t mult = 1;

	if (!v[0] || end == v)
		return -1;
	if (*end == 'K' || *end == 'k')
		mult = 1024, end++;
	else if (*end == 'M' || *end == 'm')
		mult = 1024 * 1024, end++;
	else if (*end == 'G' || *end == 'g')
		mult = 1024ull * 1024 * 1024, end++;
	if (*end || n > (1ull << 40))
		return -1;
	if (strcmp(what, "mem") == 0) {
		*kind = SH_QUOTA_PAGES;
		/* a bare number is bytes too: round up to pages */
		*val = (n * mult + SH_PAGE_SIZE - 1) / SH_PAGE_SIZE;
	} else if (strcmp(what, "threads") == 0) {
		*kind = SH_QUOTA_THREADS;
		*val = n * mult;
	} else if (strcmp(what, "handles") == 0) {
		*kind = SH_QUOTA_HANDLES;
		*val = n * mult;
	} else {
		return -2;
	}
	return 0;
}

static int silo_limit(int argc, char **argv, struct io *io)
{
	static struct silo_info list[SILO_LIST_MAX];
	uint32_t kind;
	uint64_t val;
	int64_t r;
	int p;

	if (argc != 5)
		return flint_usage(io, "silo");
	p = parse_limit(argv[3], argv[4], &kind, &val);
	if (p == -2)
		return flint_failmsg(io, "silo limit", "%s: not mem, threads "
				     "or handles", argv[3]);
	if (p < 0)
		return flint_failmsg(io, "silo limit", "%s: not a size "
				     "(a number, K, M or G)", argv[4]);
	r = silo_call(io, "silo limit", SILO_CTL_LIMIT, argv[2], val, kind,
		      NULL, reply, sizeof(reply), NULL);
	if (r == -SH_EBUSY) {
		int n = silo_list(io, "silo limit", list, SILO_LIST_MAX);

		for (int i = 0; i < n; i++)
			if (strcmp(list[i].name, argv[2]) == 0)
				out_printf(io->err, "silo limit: %s uses %"
					   PRIu64 " %s now\n", argv[2],
					   list[i].used[kind], kind ==
					   SH_QUOTA_PAGES ? "pages" : argv[3]);
	}
	if (r < 0)
		return STATUS_FAIL;
	out_printf(io->out, "%s: %s limit %" PRIu64 "%s\n", argv[2], argv[3],
		   val, kind == SH_QUOTA_PAGES ? " pages" : "");
	return 0;
}

static int silo_restrict(int argc, char **argv, struct io *io)
{
	if (argc != 4)
		return flint_usage(io, "silo");
	if (silo_call(io, "silo restrict", SILO_CTL_RESTRICT, argv[2], 0, 0,
		      argv[3], reply, sizeof(reply), NULL) < 0)
		return STATUS_FAIL;
	out_printf(io->out, "%s: %s %s\n", argv[2],
		   strchr(argv[3], ':') ? "narrowed to" : "dropped", argv[3]);
	return 0;
}

struct silo_sub {
	const char *name;
	const char *usage;
	int nargs;		/* words after the subcommand, -1: checked inside */
	int (*fn)(int argc, char **argv, struct io *io);
	uint32_t code;		/* for silo_simple */
	const char *done;
};

static const struct silo_sub subs[] = {
	{ "ls", "silo ls  (name, state, pids, restarts, pages, handles, schemes)", 0, silo_ls, 0, NULL },
	{ "start", "silo start MANIFEST  (boot:/silos/x.silo, fs:/etc/silos/x.silo)", 1, silo_start, 0, NULL },
	{ "stop", "silo stop NAME  (orderly: servers are told to finish)", 1, NULL, SILO_CTL_STOP, "stopping" },
	{ "kill", "silo kill NAME  (a crash on request: its restart policy applies)", 1, NULL, SILO_CTL_KILL, "killed" },
	{ "restart", "silo restart NAME", 1, NULL, SILO_CTL_RESTART, "restarted" },
	{ "suspend", "silo suspend NAME", 1, NULL, SILO_CTL_SUSPEND, "suspended" },
	{ "resume", "silo resume NAME", 1, NULL, SILO_CTL_RESUME, "resumed" },
	{ "info", "silo info NAME  (manifest, grants, quotas, restart history)", 1, silo_info_cmd, 0, NULL },
	{ "log", "silo log NAME  (its recent console output)", 1, silo_log, 0, NULL },
	{ "events", "silo events  (a live feed until ^C)", 0, silo_events, 0, NULL },
	{ "top", "silo top  (a live table by CPU and memory until q)", 0, silo_top, 0, NULL },
	{ "limit", "silo limit NAME mem|threads|handles VALUE", 3, silo_limit, 0, NULL },
	{ "restrict", "silo restrict NAME SCHEME[:PREFIX]  (drop or narrow, for good)", 2, silo_restrict, 0, NULL },
};
#define NSUBS (sizeof(subs) / sizeof(subs[0]))

void silo_help(struct io *io)
{
	for (size_t i = 0; i < NSUBS; i++)
		out_printf(io->out, "  %s\n", subs[i].usage);
}

int cmd_silo(int argc, char **argv, struct io *io)
{
	if (argc < 2) {
		out_puts(io->err, "usage:\n");
		silo_help(io);
		return STATUS_USAGE;
	}
	for (size_t i = 0; i < NSUBS; i++) {
		const struct silo_sub *s = &subs[i];

		if (strcmp(argv[1], s->name) != 0)
			continue;
		if (argc - 2 != s->nargs) {
			out_printf(io->err, "usage: %s\n", s->usage);
			return STATUS_USAGE;
		}
		if (s->fn)
			return s->fn(argc, argv, io);
		return silo_simple(argc, argv, io, s->code, s->done);
	}
	{
		const char *names[NSUBS];
		const char *near;

		for (size_t i = 0; i < NSUBS; i++)
			names[i] = subs[i].name;
		near = suggest_nearest(argv[1], names, NSUBS);
		if (near)
			return flint_failmsg(io, "silo", "%s: no such subcommand "
					     "(did you mean 'silo %s'?)", argv[1],
					     near);
		return flint_failmsg(io, "silo", "%s: no such subcommand (help "
				     "silo lists them)", argv[1]);
	}
}



void silo_sub_names(void (*emit)(void *arg, const char *name, int is_dir),
		    void *arg, int with_name_only)
{
	for (size_t i = 0; i < NSUBS; i++)
		if (!with_name_only || (subs[i].nargs >= 1 &&
					strcmp(subs[i].name, "start") != 0))
			emit(arg, subs[i].name, 0);
}
