/* boot: served by silod itself, read-only, straight from the boot
 * archive it holds — for as long as no manifest serves "boot" (bootd
 * replaces it then).  It runs on a thread of its own and behaves like any
 * strate: the client's badge is resolved to a prefix by asking silod
 * (SILO_CTL_WHOIS through a server handle of silod's own, id 0), so a
 * silo given boot:/silos/test sees only that subtree, ".." included. */
#include <stdlib.h>
#include <string.h>

#include <shale/scheme_serve.h>

#include "cpio.h"
#include "silod.h"

struct bfile {
	const void *data;
	size_t size;
	int dir;
	char name[SH_PATH_MAX + 1];	/* archive name: "" root, "bin/x" */
};

static sh_handle_t whois_h;
static const void *archive;
static size_t archive_len;

static int is_dir(uint32_t mode)
{
	return (mode & 0170000u) == 0040000u;
}

static int64_t b_open(struct scheme_req *req, const char *path,
		      uint32_t flags, uint32_t mode, struct scheme_file *f)
{
	char full[SH_PATH_MAX + 1];
	struct cpio_entry e;
	struct bfile *b;
	int n;

	(void)mode;
	n = silo_ctl_resolve(whois_h, req->badge, path, full, sizeof(full));
	if (n < 0)
		return n;
	if (flags & (SH_O_WRITE | SH_O_CREATE | SH_O_TRUNC | SH_O_APPEND))
		return -SH_EPERM;
	b = calloc(1, sizeof(*b));
	if (!b)
		return -SH_ENOMEM;
	if (strcmp(full, "/")) {
		int r = cpio_find(archive, archive_len, full + 1, &e);

		if (r < 0) {
			free(b);
			return r;
		}
		b->data = e.data;
		b->size = e.size;
		b->dir = is_dir(e.mode);
		strcpy(b->name, full + 1);
	} else {
		b->dir = 1;
	}
	if ((flags & SH_O_DIR) && !b->dir) {
		free(b);
		return -SH_ENOTDIR;
	}
	f->priv = b;
	return 0;
}

static int64_t b_read(struct scheme_req *req, struct scheme_file *f,
		      uint64_t off, void *buf, uint32_t count)
{
	struct bfile *b = f->priv;

	(void)req;
	if (b->dir)
		return -SH_EISDIR;
	if (off >= b->size)
		return 0;
	if (count > b->size - off)
		count = (uint32_t)(b->size - off);
	memcpy(buf, (const char *)b->data + off, count);
	return count;
}

static int64_t b_stat(struct scheme_req *req, struct scheme_file *f,
		      struct sh_stat *st)
{
	struct bfile *b = f->priv;

	(void)req;
	memset(st, 0, sizeof(*st));
	st->id = (uint64_t)(uintptr_t)b->data;
	st->size = b->dir ? 0 : b->size;
	st->type = b->dir ? SH_FTYPE_DIR : SH_FTYPE_FILE;
	st->mode = b->dir ? 0555 : 0444;
	st->nlink = 1;
	return 0;
}

static int64_t b_readdir(struct scheme_req *req, struct scheme_file *f,
			 uint64_t cookie, void *buf, uint32_t cap)
{
	struct bfile *b = f->priv;
	size_t dl = strlen(b->name);
	struct cpio_iter it;
	struct cpio_entry e;
	uint32_t used = 0;
	uint64_t idx = 0;

	(void)req;
	if (!b->dir)
		return -SH_ENOTDIR;
	cpio_iter_init(&it, archive, archive_len);
	while (cpio_iter_next(&it, &e) == 1) {
		const char *child;

		idx++;
		if (idx <= cookie)
			continue;
		if (dl && (strncmp(e.name, b->name, dl) || e.name[dl] != '/'))
			continue;
		child = dl ? e.name + dl + 1 : e.name;
		if (!*child || strchr(child, '/') || !strcmp(child, "."))
			continue;
		if (scheme_dirent_put(buf, cap, &used, idx, idx,
				      is_dir(e.mode) ? SH_FTYPE_DIR : SH_FTYPE_FILE,
				      child, (uint32_t)strlen(child)) < 0)
			break;
	}
	if (used == 0 && idx > cookie && cap < SH_DIRENT_SIZE(SH_FILENAME_MAX))
		return -SH_EINVAL;
	return used;
}

static void b_close(struct scheme_server *srv, struct scheme_file *f)
{
	(void)srv;
	free(f->priv);
	f->priv = NULL;
}

static const struct scheme_ops boot_ops = {
	.open = b_open,
	.read = b_read,
	.stat = b_stat,
	.readdir = b_readdir,
	.close = b_close,
};

static struct scheme_server server;
static struct scheme_file files[64];
static uint64_t rbuf[SCHEME_RECV_MIN / 8 + 1];
static uint64_t sbuf[SH_READ_MAX / 8];

static void bootsrv_main(void *arg)
{
	(void)arg;
	scheme_serve(&server);
}

int bootsrv_start(sh_handle_t ep)
{
	long h;
	int r;

	{
		const struct sh_start *st = sh_start_info();
		long err;

		archive_len = st->bootfs_size;
		archive = sh_map_frame(st->bootfs, (archive_len + SH_PAGE_SIZE - 1) /
				       SH_PAGE_SIZE, SH_VM_READ, &err);
		if (!archive)
			return (int)err;
	}
	h = sh_cap_mint(silod.ep, SH_R_WRITE, BADGE_MAKE(BADGE_SERVER, 0));
	if (h < 0)
		return (int)h;
	whois_h = (sh_handle_t)h;
	r = scheme_server_init(&server, ep, &boot_ops, NULL, files, 64, rbuf,
			       sizeof(rbuf), sbuf, sizeof(sbuf));
	if (r < 0)
		return r;
	h = sh_thread_spawn(bootsrv_main, NULL, SH_PRIO_DEFAULT, 32768);
	return h < 0 ? (int)h : 0;
}
