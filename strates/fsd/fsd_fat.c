/* fsd_fat: bootpart:, the FAT boot partition, read-only, as scheme ops
 * over fat.h.  Paths are joined under the client's prefix as for fs:. */
#include <stdlib.h>
#include <string.h>
#include <shale/errors.h>
#include "fat.h"
#include "fsd.h"

#define FAT_CACHE_SECTORS 512u	/* 256 KiB of 512-byte sectors */

static struct fat_fs *fat;

static int64_t f_open(struct scheme_req *req, const char *path,
		      uint32_t flags, uint32_t mode, struct scheme_file *f)
{
	char full[SH_PATH_MAX + 1];
	struct fat_node *n;
	int r;

	(void)mode;
	r = fsd_resolve(req->badge, path, full, sizeof(full));
	if (r < 0)
		return r;
	n = malloc(sizeof(*n));
	if (!n)
		return -SH_ENOMEM;
	r = fat_lookup(fat, full, n);
	if (r == 0 && (flags & SH_O_DIR) && !n->dir)
		r = -SH_ENOTDIR;
	if (r == 0 && (flags & (SH_O_WRITE | SH_O_TRUNC | SH_O_APPEND)))
		r = n->dir ? -SH_EISDIR : -SH_EPERM;
	if (r == -SH_ENOENT && (flags & SH_O_CREATE))
		r = -SH_EPERM;		/* read-only */
	if (r < 0) {
		free(n);
		return r;
	}
	f->priv = n;
	return 0;
}

static int64_t f_read(struct scheme_req *req, struct scheme_file *f,
		      uint64_t off, void *buf, uint32_t count)
{
	(void)req;
	return fat_read(fat, f->priv, off, buf, count);
}

static int64_t f_stat(struct scheme_req *req, struct scheme_file *f,
		      struct sh_stat *st)
{
	const struct fat_node *n = f->priv;
	struct fat_statfs sf;

	(void)req;
	memset(st, 0, sizeof(*st));
	fat_statfs(fat, &sf);
	st->id = n->id;
	st->size = n->size;
	st->mtime = st->ctime = st->atime = fsd_ns(n->mtime);
	st->type = n->dir ? SH_FTYPE_DIR : SH_FTYPE_FILE;
	st->mode = n->dir ? 0555 : 0444;
	st->nlink = 1;
	st->blksize = sf.bsize;
	return 0;
}

struct fill {
	void *buf;
	uint32_t cap, used;
	int err;
};

static int fill_one(void *arg, const struct fat_node *n, const char *name,
		    uint32_t len, uint64_t next)
{
	struct fill *fl = arg;
	int r = scheme_dirent_put(fl->buf, fl->cap, &fl->used, n->id, next,
				  n->dir ? SH_FTYPE_DIR : SH_FTYPE_FILE, name,
				  len);

	if (r == -SH_E2BIG) {
		if (fl->used == 0)
			fl->err = -SH_EINVAL;
		return 1;
	}
	return 0;
}

static int64_t f_readdir(struct scheme_req *req, struct scheme_file *f,
			 uint64_t cookie, void *buf, uint32_t cap)
{
	struct fill fl = { buf, cap, 0, 0 };
	int r;

	(void)req;
	r = fat_readdir(fat, f->priv, cookie, fill_one, &fl);
	if (r < 0)
		return r;
	if (fl.err)
		return fl.err;
	return fl.used;
}

static int64_t f_nothing(struct scheme_req *req, struct scheme_file *f)
{
	(void)req; (void)f;
	return 0;	/* read-only: nothing to write back */
}

static int64_t f_statfs(struct scheme_req *req, struct scheme_file *f,
			struct sh_statfs *sf)
{
	struct fat_statfs s;
	int r;

	(void)req; (void)f;
	r = fat_statfs(fat, &s);
	if (r < 0)
		return r;
	memset(sf, 0, sizeof(*sf));
	sf->bsize = s.bsize;
	sf->blocks = s.blocks;
	sf->bfree = sf->bavail = s.bfree;
	sf->flags = SH_FS_RDONLY;
	memcpy(sf->type, s.bits == 12 ? "fat12" : s.bits == 16 ? "fat16" :
	       "fat32", 5);
	return 0;
}

static int64_t f_path_ro(struct scheme_req *req, const char *path)
{
	(void)req; (void)path;
	return -SH_EPERM;
}

static int64_t f_mkdir(struct scheme_req *req, const char *path, uint32_t m)
{
	(void)req; (void)path; (void)m;
	return -SH_EPERM;
}

static int64_t f_rename(struct scheme_req *req, const char *a, const char *b)
{
	(void)req; (void)a; (void)b;
	return -SH_EPERM;
}

static void f_close(struct scheme_server *srv, struct scheme_file *f)
{
	(void)srv;
	free(f->priv);
	f->priv = NULL;
}

const struct scheme_ops fsd_fat_ops = {
	.open = f_open,
	.read = f_read,
	.stat = f_stat,
	.readdir = f_readdir,
	.fsync = f_nothing,
	.unlink = f_path_ro,
	.mkdir = f_mkdir,
	.rmdir = f_path_ro,
	.rename = f_rename,
	.statfs = f_statfs,
	.sync = f_nothing,
	.close = f_close,
};

int fsd_fat_start(struct blkdev *dev)
{
	return fat_mount(dev, FAT_CACHE_SECTORS, fsd_log, "bootpart", &fat);
}
