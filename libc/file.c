/* Open files: the fd table under sh_file_* and POSIX open/read/write.
 * Paths are resolved by ns.c (namespace, cwd); the protocol is spoken by
 * schemes/client.c.
 *
 * Each fd owns its message buffer (SCHEME_CHAN_BEST bytes, so reads and
 * writes move whole 64 KiB chunks), which lets a thread block on one file
 * (a console read) while others use theirs.  The table itself is guarded
 * by a lock held only to claim or free a slot.  fds 0..2 are the console
 * (posix.c) and never name a file here. */
#include <stdlib.h>
#include <string.h>

#include <shale.h>
#include <shale/file.h>
#include "libc_internal.h"

struct sfile {
	int used;		/* 1: claimed (maybe still opening) */
	uint64_t fid;		/* 0 until the open succeeded */
	struct scheme_chan chan;
};

static struct sfile files[SH_FD_MAX];
static volatile int files_lock;
/* One message buffer kept from the last close for the next open: a 64 KiB
 * malloc and free per file would give the heap back and map it again. */
static void *spare_buf;

static void *buf_get(void)
{
	void *b = __atomic_exchange_n(&spare_buf, NULL, __ATOMIC_ACQUIRE);

	return b ? b : malloc(SCHEME_CHAN_BEST);
}

static void buf_put(void *b)
{
	b = __atomic_exchange_n(&spare_buf, b, __ATOMIC_ACQ_REL);
	free(b);
}

static struct sfile *file_get(int fd)
{
	if (fd < (int)SH_FD_FIRST || fd >= (int)SH_FD_MAX || !files[fd].used ||
	    !files[fd].fid)
		return NULL;
	return &files[fd];
}

int sh_file_open_ep(sh_handle_t ep, const char *spath, uint32_t flags,
		    uint32_t mode)
{
	struct sfile *f = NULL;
	int64_t fid;
	void *buf;
	int fd;

	buf = buf_get();
	if (!buf)
		return -SH_ENOMEM;
	libc_lock(&files_lock);
	for (fd = SH_FD_FIRST; fd < (int)SH_FD_MAX; fd++) {
		if (!files[fd].used) {
			f = &files[fd];
			f->used = 1;
			f->fid = 0;
			break;
		}
	}
	libc_unlock(&files_lock);
	if (!f) {
		buf_put(buf);
		return -SH_ENOSPC;
	}
	f->chan.ep = ep;
	f->chan.cap = SCHEME_CHAN_BEST;
	f->chan.buf = buf;
	fid = scheme_open(&f->chan, spath, flags, mode);
	if (fid <= 0) {
		buf_put(buf);
		libc_lock(&files_lock);
		f->used = 0;
		libc_unlock(&files_lock);
		return fid < 0 ? (int)fid : -SH_EBADMSG;
	}
	f->fid = (uint64_t)fid;
	return fd;
}

int sh_file_open(const char *path, uint32_t flags, uint32_t mode)
{
	char spath[SH_PATH_MAX + 1];
	sh_handle_t ep;
	int r = libc_path_lookup(path, &ep, spath);

	if (r < 0)
		return r;
	return sh_file_open_ep(ep, spath, flags, mode);
}

int sh_file_chan(int fd, const struct scheme_chan **c, uint64_t *fid)
{
	struct sfile *f = file_get(fd);

	if (!f)
		return -SH_EBADH;
	*c = &f->chan;
	*fid = f->fid;
	return 0;
}

int64_t sh_file_read(int fd, void *buf, size_t len)
{
	struct sfile *f = file_get(fd);

	return f ? scheme_read(&f->chan, f->fid, SH_OFF_CUR, buf, len) : -SH_EBADH;
}

int64_t sh_file_pread(int fd, void *buf, size_t len, uint64_t off)
{
	struct sfile *f = file_get(fd);

	if (off == SH_OFF_CUR)
		return -SH_EINVAL;
	return f ? scheme_read(&f->chan, f->fid, off, buf, len) : -SH_EBADH;
}

int64_t sh_file_write(int fd, const void *buf, size_t len)
{
	struct sfile *f = file_get(fd);

	return f ? scheme_write(&f->chan, f->fid, SH_OFF_CUR, buf, len) : -SH_EBADH;
}

int64_t sh_file_pwrite(int fd, const void *buf, size_t len, uint64_t off)
{
	struct sfile *f = file_get(fd);

	if (off == SH_OFF_CUR)
		return -SH_EINVAL;
	return f ? scheme_write(&f->chan, f->fid, off, buf, len) : -SH_EBADH;
}

int64_t sh_file_seek(int fd, int64_t off, uint32_t whence)
{
	struct sfile *f = file_get(fd);

	return f ? scheme_seek(&f->chan, f->fid, off, whence) : -SH_EBADH;
}

int sh_file_fstat(int fd, struct sh_stat *st)
{
	struct sfile *f = file_get(fd);

	return f ? scheme_stat(&f->chan, f->fid, st) : -SH_EBADH;
}

int64_t sh_file_readdir(int fd, void *buf, uint32_t cap)
{
	struct sfile *f = file_get(fd);

	return f ? scheme_readdir(&f->chan, f->fid, SH_OFF_CUR, buf, cap)
		 : -SH_EBADH;
}

int sh_file_truncate(int fd, uint64_t size)
{
	struct sfile *f = file_get(fd);

	return f ? scheme_truncate(&f->chan, f->fid, size) : -SH_EBADH;
}

int sh_file_fsync(int fd)
{
	struct sfile *f = file_get(fd);

	return f ? scheme_fsync(&f->chan, f->fid) : -SH_EBADH;
}

int sh_file_fstatfs(int fd, struct sh_statfs *sf)
{
	struct sfile *f = file_get(fd);

	return f ? scheme_statfs(&f->chan, f->fid, sf) : -SH_EBADH;
}

int sh_file_syncfs(int fd)
{
	struct sfile *f = file_get(fd);

	return f ? scheme_sync(&f->chan, f->fid) : -SH_EBADH;
}

int sh_file_close(int fd)
{
	struct sfile *f = file_get(fd);
	int r;

	if (!f)
		return -SH_EBADH;
	r = scheme_close(&f->chan, f->fid);
	buf_put(f->chan.buf);
	libc_lock(&files_lock);
	f->fid = 0;
	f->used = 0;
	libc_unlock(&files_lock);
	return r == -SH_EDEAD ? 0 : r;
}

int sh_file_stat(const char *path, struct sh_stat *st)
{
	int fd = sh_file_open(path, 0, 0), r;

	if (fd < 0)
		return fd;
	r = sh_file_fstat(fd, st);
	sh_file_close(fd);
	return r;
}

int sh_file_statfs(const char *path, struct sh_statfs *sf)
{
	int fd = sh_file_open(path, 0, 0), r;

	if (fd < 0)
		return fd;
	r = sh_file_fstatfs(fd, sf);
	sh_file_close(fd);
	return r;
}

/* Runs one path request (two paths for RENAME) with a buffer of its
 * own. */
static int path_req(int code, const char *path, const char *path2,
		    uint32_t mode)
{
	char spath[SH_PATH_MAX + 1], spath2[SH_PATH_MAX + 1];
	struct scheme_chan c;
	sh_handle_t ep, ep2;
	int r = libc_path_lookup(path, &ep, spath);

	if (r < 0)
		return r;
	if (path2) {
		r = libc_path_lookup(path2, &ep2, spath2);
		if (r < 0)
			return r;
		if (ep2 != ep)
			return -SH_ENOTSUP;	/* across schemes: copy */
	}
	c.ep = ep;
	c.cap = SCHEME_CHAN_MIN;
	c.buf = malloc(SCHEME_CHAN_MIN);
	if (!c.buf)
		return -SH_ENOMEM;
	switch (code) {
	case SH_REQ_UNLINK: r = scheme_unlink(&c, spath); break;
	case SH_REQ_MKDIR: r = scheme_mkdir(&c, spath, mode); break;
	case SH_REQ_RENAME: r = scheme_rename(&c, spath, spath2); break;
	default: r = scheme_rmdir(&c, spath); break;
	}
	free(c.buf);
	return r;
}

int sh_file_unlink(const char *path)
{
	return path_req(SH_REQ_UNLINK, path, NULL, 0);
}

int sh_file_mkdir(const char *path, uint32_t mode)
{
	return path_req(SH_REQ_MKDIR, path, NULL, mode);
}

int sh_file_rmdir(const char *path)
{
	return path_req(SH_REQ_RMDIR, path, NULL, 0);
}

int sh_file_rename(const char *from, const char *to)
{
	return path_req(SH_REQ_RENAME, from, to, 0);
}

int sh_file_read_all(const char *path, void **data, size_t *size, size_t max)
{
	struct sh_stat st;
	int fd = sh_file_open(path, SH_O_READ, 0);
	int64_t got;
	char *buf;
	int r;

	if (fd < 0)
		return fd;
	r = sh_file_fstat(fd, &st);
	if (r < 0)
		goto out;
	if (st.size > max) {
		r = -SH_E2BIG;
		goto out;
	}
	buf = malloc((size_t)st.size + 1);
	if (!buf) {
		r = -SH_ENOMEM;
		goto out;
	}
	got = sh_file_read(fd, buf, (size_t)st.size);
	if (got < 0) {
		free(buf);
		r = (int)got;
		goto out;
	}
	buf[got] = '\0';
	*data = buf;
	*size = (size_t)got;
	r = 0;
out:
	sh_file_close(fd);
	return r;
}
