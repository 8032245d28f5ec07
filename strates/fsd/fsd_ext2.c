/* fsd_ext2: fs:, the ext2 root file system, as scheme ops over ext2.h.
 *
 * Every path a client sends is joined under its silo's prefix first
 * (fsd_resolve).  An open file is its inode number; a file that is open
 * cannot be removed or replaced (-SH_EBUSY, as the scheme ABI allows),
 * so an inode is never freed under a client that still names it.  fsync
 * and sync write back the whole cache, in order (ext2_int.h). */
#include <stdlib.h>
#include <string.h>
#include <shale/errors.h>
#include "ext2.h"
#include "fsd.h"

#define FSD_CACHE_BYTES	(4u << 20)	/* a quarter of the silo's 16M */
#define FSD_OPEN_MAX	256u

static struct ext2_fs *fs;

struct efile {
	uint32_t ino;
	uint32_t dir;
};

/* Open counts by inode (a small table: at most FSD_OPEN_MAX files). */
static struct {
	uint32_t ino, n;
} opened[FSD_OPEN_MAX];

static void open_count(uint32_t ino, int delta)
{
	uint32_t i, fre = FSD_OPEN_MAX;

	for (i = 0; i < FSD_OPEN_MAX; i++) {
		if (opened[i].n && opened[i].ino == ino) {
			opened[i].n = (uint32_t)((int)opened[i].n + delta);
			return;
		}
		if (!opened[i].n && fre == FSD_OPEN_MAX)
			fre = i;
	}
	if (delta > 0 && fre < FSD_OPEN_MAX) {
		opened[fre].ino = ino;
		opened[fre].n = 1;
	}
}

static int is_open(uint32_t ino)
{
	uint32_t i;

	for (i = 0; i < FSD_OPEN_MAX; i++)
		if (opened[i].n && opened[i].ino == ino)
			return 1;
	return 0;
}

/* -SH_EBUSY if path names a file some client has open. */
static int busy(const char *full)
{
	uint32_t ino;

	return ext2_lookup(fs, full, &ino) == 0 && is_open(ino) ?
	       -SH_EBUSY : 0;
}

static int64_t e_open(struct scheme_req *req, const char *path,
		      uint32_t flags, uint32_t mode, struct scheme_file *f)
{
	char full[SH_PATH_MAX + 1];
	struct ext2_stat st;
	struct efile *ef;
	uint32_t ino;
	int r;

	r = fsd_resolve(req->badge, path, full, sizeof(full));
	if (r < 0)
		return r;
	r = ext2_lookup(fs, full, &ino);
	if (r == -SH_ENOENT && (flags & SH_O_CREATE))
		r = ext2_create(fs, full, mode ? mode : 0644, &ino);
	else if (r == 0 && (flags & SH_O_CREATE) && (flags & SH_O_EXCL))
		return -SH_EEXIST;
	if (r < 0)
		return r;
	r = ext2_stat(fs, ino, &st);
	if (r < 0)
		return r;
	if ((st.mode & 0xf000) == 0x4000) {
		if (flags & (SH_O_WRITE | SH_O_TRUNC | SH_O_APPEND))
			return -SH_EISDIR;
	} else if (flags & SH_O_DIR) {
		return -SH_ENOTDIR;
	} else if ((st.mode & 0xf000) != 0x8000 && (flags & SH_O_WRITE)) {
		return -SH_ENOTSUP;	/* symlinks and devices: read only */
	}
	if (flags & SH_O_TRUNC) {
		r = ext2_truncate(fs, ino, 0);
		if (r < 0)
			return r;
	}
	ef = malloc(sizeof(*ef));
	if (!ef)
		return -SH_ENOMEM;
	ef->ino = ino;
	ef->dir = (st.mode & 0xf000) == 0x4000;
	f->priv = ef;
	open_count(ino, +1);
	return 0;
}

static int64_t e_read(struct scheme_req *req, struct scheme_file *f,
		      uint64_t off, void *buf, uint32_t count)
{
	struct efile *ef = f->priv;

	(void)req;
	return ext2_read(fs, ef->ino, off, buf, count);
}

static int64_t e_write(struct scheme_req *req, struct scheme_file *f,
		       uint64_t off, const void *buf, uint32_t count)
{
	struct efile *ef = f->priv;

	(void)req;
	if (ef->dir)
		return -SH_EISDIR;
	return ext2_write(fs, ef->ino, off, buf, count);
}

static int64_t e_stat(struct scheme_req *req, struct scheme_file *f,
		      struct sh_stat *st)
{
	struct efile *ef = f->priv;
	struct ext2_stat es;
	struct ext2_statfs sf;
	int r;

	(void)req;
	r = ext2_stat(fs, ef->ino, &es);
	if (r < 0)
		return r;
	ext2_statfs(fs, &sf);
	memset(st, 0, sizeof(*st));
	st->id = es.ino;
	st->size = (es.mode & 0xf000) == 0x4000 ? 0 : es.size;
	st->atime = fsd_ns(es.atime);
	st->mtime = fsd_ns(es.mtime);
	st->ctime = fsd_ns(es.ctime);
	st->type = (es.mode & 0xf000) == 0x4000 ? SH_FTYPE_DIR :
		   (es.mode & 0xf000) == 0x8000 || (es.mode & 0xf000) == 0xa000 ?
		   SH_FTYPE_FILE : SH_FTYPE_DEV;
	st->mode = es.mode & SH_MODE_MASK;
	st->nlink = es.nlink;
	st->blksize = sf.bsize;
	return 0;
}

struct fill {
	void *buf;
	uint32_t cap, used;
	int err;
};

static int fill_one(void *arg, uint32_t ino, int isdir, const char *name,
		    uint32_t len, uint64_t next)
{
	struct fill *fl = arg;
	int r = scheme_dirent_put(fl->buf, fl->cap, &fl->used, ino, next,
				  isdir ? SH_FTYPE_DIR : SH_FTYPE_FILE, name,
				  len);

	if (r == -SH_E2BIG) {
		if (fl->used == 0)
			fl->err = -SH_EINVAL;
		return 1;
	}
	return 0;	/* a name scheme_dirent_put refuses is skipped */
}

static int64_t e_readdir(struct scheme_req *req, struct scheme_file *f,
			 uint64_t cookie, void *buf, uint32_t cap)
{
	struct efile *ef = f->priv;
	struct fill fl = { buf, cap, 0, 0 };
	int r;

	(void)req;
	if (!ef->dir)
		return -SH_ENOTDIR;
	r = ext2_readdir(fs, ef->ino, cookie, fill_one, &fl);
	if (r < 0)
		return r;
	if (fl.err)
		return fl.err;
	return fl.used;
}

static int64_t e_truncate(struct scheme_req *req, struct scheme_file *f,
			  uint64_t size)
{
	struct efile *ef = f->priv;

	(void)req;
	return ext2_truncate(fs, ef->ino, size);
}

static int64_t e_sync(struct scheme_req *req, struct scheme_file *f)
{
	(void)req; (void)f;
	return ext2_sync(fs);
}

#define RESOLVE(path, full) do {					\
	int r_ = fsd_resolve(req->badge, path, full, sizeof(full));	\
	if (r_ < 0)							\
		return r_;						\
} while (0)

static int64_t e_unlink(struct scheme_req *req, const char *path)
{
	char full[SH_PATH_MAX + 1];
	int r;

	RESOLVE(path, full);
	r = busy(full);
	return r ? r : ext2_unlink(fs, full);
}

static int64_t e_mkdir(struct scheme_req *req, const char *path,
		       uint32_t mode)
{
	char full[SH_PATH_MAX + 1];

	RESOLVE(path, full);
	return ext2_mkdir(fs, full, mode ? mode : 0755);
}

static int64_t e_rmdir(struct scheme_req *req, const char *path)
{
	char full[SH_PATH_MAX + 1];
	int r;

	RESOLVE(path, full);
	r = busy(full);
	return r ? r : ext2_rmdir(fs, full);
}

static int64_t e_rename(struct scheme_req *req, const char *from,
			const char *to)
{
	char f1[SH_PATH_MAX + 1], f2[SH_PATH_MAX + 1];
	int r;

	RESOLVE(from, f1);
	RESOLVE(to, f2);
	r = busy(f2);	/* a target being replaced must not be open */
	return r ? r : ext2_rename(fs, f1, f2);
}

static int64_t e_statfs(struct scheme_req *req, struct scheme_file *f,
			struct sh_statfs *sf)
{
	struct ext2_statfs e;

	(void)req; (void)f;
	ext2_statfs(fs, &e);
	memset(sf, 0, sizeof(*sf));
	sf->bsize = e.bsize;
	sf->blocks = e.blocks;
	sf->bfree = e.bfree;
	sf->bavail = e.bavail;
	sf->files = e.inodes;
	sf->ffree = e.ifree;
	sf->flags = (e.info & EXT2_INFO_RDONLY ? SH_FS_RDONLY : 0) |
		    (e.info & EXT2_INFO_UNCLEAN ? SH_FS_UNCLEAN : 0) |
		    (e.info & EXT2_INFO_ERRORS ? SH_FS_ERRORS : 0);
	memcpy(sf->type, "ext2", 4);
	return 0;
}

static void e_close(struct scheme_server *srv, struct scheme_file *f)
{
	struct efile *ef = f->priv;

	(void)srv;
	if (ef)
		open_count(ef->ino, -1);
	free(ef);
	f->priv = NULL;
}

const struct scheme_ops fsd_ext2_ops = {
	.open = e_open,
	.read = e_read,
	.write = e_write,
	.stat = e_stat,
	.readdir = e_readdir,
	.truncate = e_truncate,
	.fsync = e_sync,
	.unlink = e_unlink,
	.mkdir = e_mkdir,
	.rmdir = e_rmdir,
	.rename = e_rename,
	.statfs = e_statfs,
	.sync = e_sync,
	.close = e_close,
};

int fsd_ext2_start(struct blkdev *dev)
{
	struct ext2_mount_opts o = {
		.log = fsd_log, .log_arg = "fs",
	};
	uint32_t cache = FSD_CACHE_BYTES;
	int r;

	/* The cache is what memory allows: from a quarter of the silo's
	 * quota down, halving while allocation fails. */
	for (;;) {
		o.cache_bytes = cache;
		r = ext2_mount(dev, &o, &fs);
		if (r != -SH_ENOMEM || cache <= 64 * 1024)
			return r;
		cache /= 2;
	}
}

int fsd_ext2_stop(void)
{
	int r = fs ? ext2_unmount(fs) : 0;

	fs = NULL;
	return r;
}
