/* bootd: serves boot:, the boot archive, read-only.
 *
 * Owns: the archive frame (mapped read-only once) and the node table built
 * from it (tree.c).  Trusts: silod, for which prefix a client badge may see
 * (SILO_CTL_WHOIS, asked on every OPEN, never cached).  Trusts nothing a
 * client sends: the server library checks message shapes and fids, paths
 * arrive in normal form, and the prefix is joined in front of them, so
 * ".." never leaves it.  Anything that would change the archive (write,
 * create, truncate, unlink, mkdir, rmdir, rename) is -SH_EPERM.
 *
 * Environment (strates/lib/README.md): SH_SERVE=boot@K, SH_BOOTFS=K:SIZE
 * (or SH_DEV=bootfs@K), SH_SILOD=K (optional). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <shale.h>
#include <shale/scheme_serve.h>
#include <shale/scheme_path.h>
#include <shale/strate.h>
#include "bootd.h"

/* silod's control protocol (silos/include/shale/silo_ctl.h). */
#if __has_include(<shale/silo_ctl.h>)
#include <shale/silo_ctl.h>
#else
#define SILO_CTL_WHOIS 0x530d
#define SILO_CTL_SHUTDOWN 0x530e
struct silo_ctl_req {
	char name[32];
	uint64_t arg;
	uint32_t kind;
	uint32_t len;
};
#endif

#define BOOTD_FILES 128u

static struct tree tree;
static sh_handle_t silod;		/* 0: no narrowing */
static struct scheme_file files[BOOTD_FILES];
static uint64_t rbuf[SCHEME_RECV_MIN / 8 + 1];
static uint64_t obuf[SH_READ_MAX / 8];

static void say(const char *s)
{
	sh_debug_write(s, strlen(s));
}

/* The prefix silod gives badge, into out (room cap).  Returns its length,
 * or -SH_ENOENT (refuse the client) / the error of the call. */
static int badge_prefix(uint64_t badge, char *out, size_t cap)
{
	struct {
		struct silo_ctl_req req;
		char text[SH_PATH_MAX + 1];
	} b;
	struct sh_msg m;
	long r;
	int64_t v;

	if (!silod || badge == 0) {
		out[0] = '/';
		out[1] = '\0';
		return 1;
	}
	memset(&b, 0, sizeof(b));
	memset(&m, 0, sizeof(m));
	b.req.arg = badge;
	m.tag = SILO_CTL_WHOIS;
	m.buf = &b;
	m.len = sizeof(b.req);
	m.cap = sizeof(b);
	r = sh_ipc_call(silod, &m);
	if (r < 0)
		return r == -SH_EDEAD ? -SH_ENOENT : (int)r;
	v = (int64_t)m.tag;
	if (v < 0)
		return (int)v;
	if ((uint64_t)v != m.len || v == 0 || (size_t)v >= cap ||
	    !path_is_normal((const char *)&b, (size_t)v))
		return -SH_ENOENT;	/* an answer we cannot trust: refuse */
	memcpy(out, &b, (size_t)v);
	out[v] = '\0';
	return (int)v;
}

static int64_t boot_open(struct scheme_req *req, const char *path,
			 uint32_t flags, uint32_t mode, struct scheme_file *f)
{
	char prefix[SH_PATH_MAX + 1], full[SH_PATH_MAX + 1];
	int pl, fl, i;
	struct tree_node *n;

	(void)mode;
	pl = badge_prefix(req->badge, prefix, sizeof(prefix));
	if (pl < 0)
		return pl;
	fl = path_join(prefix, (size_t)pl, path, strlen(path), full, sizeof(full));
	if (fl < 0)
		return fl;
	i = tree_find(&tree, full, (size_t)fl);
	if (i < 0)
		return (flags & SH_O_CREATE) ? -SH_EPERM : -SH_ENOENT;
	if (flags & (SH_O_WRITE | SH_O_CREATE | SH_O_TRUNC | SH_O_APPEND))
		return -SH_EPERM;
	n = &tree.nodes[i];
	if ((flags & SH_O_DIR) && n->type != SH_FTYPE_DIR)
		return -SH_ENOTDIR;
	f->priv = n;
	return 0;
}

static int64_t boot_read(struct scheme_req *req, struct scheme_file *f,
			 uint64_t off, void *buf, uint32_t count)
{
	const struct tree_node *n = f->priv;
	uint64_t left;

	if (n->type == SH_FTYPE_DIR)
		return -SH_EISDIR;
	if (off >= n->size)
		return 0;
	left = n->size - off;
	if (count > left)
		count = (uint32_t)left;
	/* Reply straight from the mapped archive, without copying into buf:
	 * a request kept and answered at once (a client that left makes the
	 * reply fail, which needs nothing more). */
	(void)buf;
	scheme_reply_data(req, count, (const char *)n->data + off, count);
	return SCHEME_DEFER;
}

static int64_t boot_stat(struct scheme_req *req, struct scheme_file *f,
			 struct sh_stat *st)
{
	const struct tree_node *n = f->priv;

	(void)req;
	st->id = (uint64_t)(n - tree.nodes) + 1;
	st->size = n->type == SH_FTYPE_FILE ? n->size : 0;
	st->type = n->type;
	st->mode = n->mode;
	st->nlink = 1;
	st->blksize = SH_READ_MAX;
	return 0;
}

/* Cookies are node indexes: the entries of a directory are the nodes whose
 * parent it is, in table order, from the cookie on. */
static int64_t boot_readdir(struct scheme_req *req, struct scheme_file *f,
			    uint64_t cookie, void *buf, uint32_t cap)
{
	const struct tree_node *dir = f->priv;
	int d = (int)(dir - tree.nodes);
	uint32_t used = 0;

	(void)req;
	if (dir->type != SH_FTYPE_DIR)
		return -SH_ENOTDIR;
	for (uint64_t i = cookie ? cookie : 1; i < tree.n; i++) {
		const struct tree_node *n = &tree.nodes[i];
		int r;

		if (n->parent != d)
			continue;
		r = scheme_dirent_put(buf, cap, &used, i + 1, i + 1, n->type,
				      n->name, n->namelen);
		if (r == -SH_E2BIG)
			return used ? (int64_t)used : -SH_EINVAL;
		if (r < 0)
			return r;
	}
	return used;
}

static int64_t boot_refuse_path(struct scheme_req *req, const char *path)
{
	(void)req;
	(void)path;
	return -SH_EPERM;
}

static int64_t boot_refuse_mkdir(struct scheme_req *req, const char *path,
				 uint32_t mode)
{
	(void)mode;
	return boot_refuse_path(req, path);
}

static int64_t boot_refuse_rename(struct scheme_req *req, const char *from,
				  const char *to)
{
	(void)to;
	return boot_refuse_path(req, from);
}

static void boot_close(struct scheme_server *srv, struct scheme_file *f)
{
	(void)srv;
	f->priv = NULL;
}

static const struct scheme_ops boot_ops = {
	.open = boot_open,
	.read = boot_read,
	.stat = boot_stat,
	.readdir = boot_readdir,
	.unlink = boot_refuse_path,
	.mkdir = boot_refuse_mkdir,
	.rmdir = boot_refuse_path,
	.rename = boot_refuse_rename,
	.close = boot_close,
};

/* Parses "K:SIZE" or "K" against the start block's handles. */
static int parse_bootfs(const char *v, sh_handle_t *frame, uint64_t *size)
{
	const struct sh_start *st = sh_start_info();
	char *end;
	unsigned long k = strtoul(v, &end, 10);

	if (end == v || k >= st->nhandles || k >= SH_SPAWN_HANDLES ||
	    !st->handles[k])
		return -SH_EBADMSG;
	*frame = st->handles[k];
	*size = 0;
	if (*end == ':') {
		v = end + 1;
		*size = strtoull(v, &end, 0);
		if (end == v)
			return -SH_EBADMSG;
	}
	return *end ? -SH_EBADMSG : 0;
}

/* Maps the archive read-only; *len gets its bytes. */
static const void *archive_map(size_t *len)
{
	struct strate_dev dev;
	struct sh_frame_info fi;
	sh_handle_t frame = 0;
	uint64_t size = 0;
	const char *v = strate_getenv("SH_BOOTFS");
	long err;
	void *p;

	if (v) {
		if (parse_bootfs(v, &frame, &size) < 0)
			return NULL;
	} else if (strate_dev_get("bootfs", 0, &dev) == 0) {
		frame = dev.frame;
	} else {
		return NULL;
	}
	if (sh_frame_info(frame, &fi) < 0 || fi.size == 0)
		return NULL;
	if (size == 0 || size > fi.size)
		size = fi.size;
	p = sh_map_frame(frame, (size_t)(fi.size / SH_PAGE_SIZE), SH_VM_READ, &err);
	*len = (size_t)size;
	return p;
}

int main(void)
{
	static struct scheme_server srv;
	const void *archive;
	size_t len = 0;
	long ep;
	const char *v;
	char line[96];
	int r;

	strate_init();
	ep = strate_serve_handle("boot");
	if (ep < 0)
		ep = strate_serve_handle(NULL);
	archive = archive_map(&len);
	if (ep < 0 || !archive) {
		say("bootd: need SH_SERVE=boot@K and SH_BOOTFS=K:SIZE\n");
		return 1;
	}
	if ((v = strate_getenv("SH_SILOD"))) {
		const struct sh_start *st = sh_start_info();
		unsigned long k = strtoul(v, NULL, 10);

		if (k < st->nhandles && k < SH_SPAWN_HANDLES)
			silod = st->handles[k];
	}
	r = tree_build(&tree, archive, len);
	if (r < 0) {
		snprintf(line, sizeof(line), "bootd: archive unreadable (%d)\n", r);
		say(line);
		return 1;
	}
	r = scheme_server_init(&srv, (sh_handle_t)ep, &boot_ops, NULL, files,
			       BOOTD_FILES, rbuf, sizeof(rbuf), obuf, sizeof(obuf));
	if (r < 0)
		return 1;
	snprintf(line, sizeof(line), "bootd: serving boot: (%u entries%s)\n",
		 tree.n, silod ? ", narrowed by silod" : "");
	say(line);
	return strate_serve(&srv, NULL, NULL) < 0 ? 1 : 0;
}
