/* sysd: the system seen as files, served as sys:.
 *
 *   sys:silos    one line per silo: state, restarts, quotas (from silod)
 *   sys:procs    live processes (proc_list on the root silo)
 *   sys:mem      physical pages and kernel objects (sys_stat)
 *   sys:uptime   time since boot
 *   sys:schemes  who serves what (from silod)
 *   sys:klog     the kernel log
 *
 * Each file's text is made when it is opened, so one open reads one
 * consistent snapshot.  sysd trusts silod and the kernel; a client only
 * reaches what its namespace entry's prefix allows (WHOIS on silod), and
 * the files are read-only.  Its handles (silo_ctl.h, environment): the
 * sys endpoint (SH_SERVE), silod's server handle (SH_SILOD), the root
 * silo with READ (SH_ROOTSILO). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <shale.h>
#include <shale/scheme_serve.h>
#include <shale/silo_ctl.h>
#include <shale/strate.h>

#include "sysd.h"

static sh_handle_t silod_h, root_h;

static const struct sysd_file {
	const char *name;
	int (*make)(struct sysd_text *t);
} sysd_files[] = {
	{ "silos", sysd_make_silos },
	{ "procs", sysd_make_procs },
	{ "mem", sysd_make_mem },
	{ "uptime", sysd_make_uptime },
	{ "schemes", sysd_make_schemes },
	{ "klog", sysd_make_klog },
};
#define NFILES (sizeof(sysd_files) / sizeof(sysd_files[0]))

void sysd_printf(struct sysd_text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!t->buf)
		return;
	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
		va_end(ap);
		if (n < 0)
			return;
		if (t->len + (size_t)n < t->cap)
			break;
		{
			size_t cap = t->cap * 2 + (size_t)n;
			char *b = realloc(t->buf, cap);

			if (!b)
				return;
			t->buf = b;
			t->cap = cap;
		}
	}
	t->len += (size_t)n;
}

sh_handle_t sysd_silod(void) { return silod_h; }
sh_handle_t sysd_root(void) { return root_h; }

/* What an open file holds: the snapshot, or the root directory. */
struct sysd_open {
	int dir;
	struct sysd_text text;
};

static int64_t s_open(struct scheme_req *req, const char *path,
		      uint32_t flags, uint32_t mode, struct scheme_file *f)
{
	char full[SH_PATH_MAX + 1];
	struct sysd_open *o;
	int n = silo_ctl_resolve(silod_h, req->badge, path, full, sizeof(full));

	(void)mode;
	if (n < 0)
		return n;
	if (flags & (SH_O_WRITE | SH_O_CREATE | SH_O_TRUNC | SH_O_APPEND))
		return -SH_EPERM;
	o = calloc(1, sizeof(*o));
	if (!o)
		return -SH_ENOMEM;
	if (!strcmp(full, "/")) {
		o->dir = 1;
		f->priv = o;
		return 0;
	}
	if (flags & SH_O_DIR) {
		free(o);
		return -SH_ENOTDIR;
	}
	for (size_t i = 0; i < NFILES; i++) {
		if (strcmp(full + 1, sysd_files[i].name))
			continue;
		o->text.cap = 1024;
		o->text.buf = malloc(o->text.cap);
		if (!o->text.buf) {
			free(o);
			return -SH_ENOMEM;
		}
		n = sysd_files[i].make(&o->text);
		if (n < 0) {
			free(o->text.buf);
			free(o);
			return n;
		}
		f->priv = o;
		return 0;
	}
	free(o);
	return -SH_ENOENT;
}

static int64_t s_read(struct scheme_req *req, struct scheme_file *f,
		      uint64_t off, void *buf, uint32_t count)
{
	struct sysd_open *o = f->priv;

	(void)req;
	if (o->dir)
		return -SH_EISDIR;
	if (off >= o->text.len)
		return 0;
	if (count > o->text.len - off)
		count = (uint32_t)(o->text.len - off);
	memcpy(buf, o->text.buf + off, count);
	return count;
}

static int64_t s_stat(struct scheme_req *req, struct scheme_file *f,
		      struct sh_stat *st)
{
	struct sysd_open *o = f->priv;

	(void)req;
	memset(st, 0, sizeof(*st));
	st->id = (uint64_t)(uintptr_t)o;
	st->size = o->dir ? 0 : o->text.len;
	st->type = o->dir ? SH_FTYPE_DIR : SH_FTYPE_FILE;
	st->mode = o->dir ? 0555 : 0444;
	st->nlink = 1;
	return 0;
}

static int64_t s_readdir(struct scheme_req *req, struct scheme_file *f,
			 uint64_t cookie, void *buf, uint32_t cap)
{
	struct sysd_open *o = f->priv;
	uint32_t used = 0;

	(void)req;
	if (!o->dir)
		return -SH_ENOTDIR;
	for (uint64_t i = cookie; i < NFILES; i++) {
		const char *n = sysd_files[i].name;

		if (scheme_dirent_put(buf, cap, &used, i + 1, i + 1,
				      SH_FTYPE_FILE, n, (uint32_t)strlen(n)) < 0) {
			if (used == 0)
				return -SH_EINVAL;
			break;
		}
	}
	return used;
}

static void s_close(struct scheme_server *srv, struct scheme_file *f)
{
	struct sysd_open *o = f->priv;

	(void)srv;
	if (o)
		free(o->text.buf);
	free(o);
	f->priv = NULL;
}

static const struct scheme_ops sys_ops = {
	.open = s_open,
	.read = s_read,
	.stat = s_stat,
	.readdir = s_readdir,
	.close = s_close,
};

static struct scheme_server server;
static struct scheme_file files[32];
static uint64_t rbuf[SCHEME_RECV_MIN / 8 + 1];
static uint64_t obuf[SH_READ_MAX / 8];

int main(void)
{
	long ep = silo_env_handle("SH_SERVE", "sys");
	long r;

	silod_h = (sh_handle_t)(silo_env_handle("SH_SILOD", NULL) > 0 ?
				silo_env_handle("SH_SILOD", NULL) : 0);
	r = silo_env_handle("SH_ROOTSILO", NULL);
	root_h = r > 0 ? (sh_handle_t)r : 0;
	if (ep < 0) {
		printf("sysd: no sys endpoint (SH_SERVE)\n");
		return 1;
	}
	r = scheme_server_init(&server, (sh_handle_t)ep, &sys_ops, NULL, files,
			       32, rbuf, sizeof(rbuf), obuf, sizeof(obuf));
	if (r < 0)
		return 1;
	return strate_serve(&server, NULL, NULL) < 0 ? 1 : 0;
}
