/* Files by scheme path for programs: resolve "name:/path" in the SH_NS
 * namespace, then speak the scheme protocol through schemes/client.c.
 *
 * Each sfd owns its message buffer (SCHEME_CHAN_BEST bytes, so reads and
 * writes move whole 64 KiB chunks), which lets a thread block on one file
 * (a console read) while others use theirs.  The sfd table itself is
 * guarded by a spinlock held only to claim or free a slot. */
#include <stdlib.h>
#include <string.h>
#include <shale.h>
#include <shale/scheme_client.h>
#include <shale/strate.h>

struct sfile {
	int used;		/* 1: claimed (maybe still opening) */
	uint64_t fid;
	struct scheme_chan chan;
};

static struct sfile sfiles[STRATE_FD_MAX];
static volatile int sfile_lock;
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

static void lock(void)
{
	while (__atomic_exchange_n(&sfile_lock, 1, __ATOMIC_ACQUIRE))
		sh_yield();
}

static void unlock(void)
{
	__atomic_store_n(&sfile_lock, 0, __ATOMIC_RELEASE);
}

static struct sfile *sfile_get(int sfd)
{
	if (sfd < 0 || sfd >= (int)STRATE_FD_MAX || !sfiles[sfd].used ||
	    !sfiles[sfd].fid)
		return NULL;
	return &sfiles[sfd];
}

/* Resolves spath into *ep and path (room SH_PATH_MAX + 1). */
static int resolve(const char *spath, sh_handle_t *ep, char *path)
{
	int r;

	strate_init();
	r = ns_lookup(strate_ns(), spath, strlen(spath), ep, path,
		      SH_PATH_MAX + 1, NULL);
	return r < 0 ? r : 0;
}

int strate_open(const char *spath, uint32_t flags, uint32_t mode)
{
	char path[SH_PATH_MAX + 1];
	sh_handle_t ep;
	struct sfile *f = NULL;
	int64_t fid;
	int sfd, r = resolve(spath, &ep, path);
	void *buf;

	if (r < 0)
		return r;
	buf = buf_get();
	if (!buf)
		return -SH_ENOMEM;
	lock();
	for (sfd = 0; sfd < (int)STRATE_FD_MAX; sfd++) {
		if (!sfiles[sfd].used) {
			f = &sfiles[sfd];
			f->used = 1;
			f->fid = 0;
			break;
		}
	}
	unlock();
	if (!f) {
		buf_put(buf);
		return -SH_ENOSPC;
	}
	f->chan.ep = ep;
	f->chan.cap = SCHEME_CHAN_BEST;
	f->chan.buf = buf;
	fid = scheme_open(&f->chan, path, flags, mode);
	if (fid <= 0) {
		buf_put(buf);
		f->used = 0;
		return fid < 0 ? (int)fid : -SH_EBADMSG;
	}
	f->fid = (uint64_t)fid;
	return sfd;
}

int strate_chan(int sfd, const struct scheme_chan **c, uint64_t *fid)
{
	struct sfile *f = sfile_get(sfd);

	if (!f)
		return -SH_EBADH;
	*c = &f->chan;
	*fid = f->fid;
	return 0;
}

int64_t strate_read(int sfd, void *buf, size_t len)
{
	struct sfile *f = sfile_get(sfd);

	return f ? scheme_read(&f->chan, f->fid, SH_OFF_CUR, buf, len) : -SH_EBADH;
}

int64_t strate_pread(int sfd, void *buf, size_t len, uint64_t off)
{
	struct sfile *f = sfile_get(sfd);

	if (off == SH_OFF_CUR)
		return -SH_EINVAL;
	return f ? scheme_read(&f->chan, f->fid, off, buf, len) : -SH_EBADH;
}

int64_t strate_write(int sfd, const void *buf, size_t len)
{
	struct sfile *f = sfile_get(sfd);

	return f ? scheme_write(&f->chan, f->fid, SH_OFF_CUR, buf, len) : -SH_EBADH;
}

int64_t strate_seek(int sfd, int64_t off, uint32_t whence)
{
	struct sfile *f = sfile_get(sfd);

	return f ? scheme_seek(&f->chan, f->fid, off, whence) : -SH_EBADH;
}

int strate_fstat(int sfd, struct sh_stat *st)
{
	struct sfile *f = sfile_get(sfd);

	return f ? scheme_stat(&f->chan, f->fid, st) : -SH_EBADH;
}

int64_t strate_readdir(int sfd, void *buf, uint32_t cap)
{
	struct sfile *f = sfile_get(sfd);

	return f ? scheme_readdir(&f->chan, f->fid, SH_OFF_CUR, buf, cap)
		 : -SH_EBADH;
}

int strate_close(int sfd)
{
	struct sfile *f = sfile_get(sfd);
	int r;

	if (!f)
		return -SH_EBADH;
	r = scheme_close(&f->chan, f->fid);
	buf_put(f->chan.buf);
	lock();
	f->fid = 0;
	f->used = 0;
	unlock();
	return r == -SH_EDEAD ? 0 : r;
}

int strate_stat(const char *spath, struct sh_stat *st)
{
	int sfd = strate_open(spath, 0, 0), r;

	if (sfd < 0)
		return sfd;
	r = strate_fstat(sfd, st);
	strate_close(sfd);
	return r;
}

/* Runs one path request with a buffer of its own. */
static int path_req(const char *spath, int code, uint32_t mode)
{
	char path[SH_PATH_MAX + 1];
	struct scheme_chan c;
	sh_handle_t ep;
	int r = resolve(spath, &ep, path);

	if (r < 0)
		return r;
	c.ep = ep;
	c.cap = SCHEME_CHAN_MIN;
	c.buf = malloc(SCHEME_CHAN_MIN);
	if (!c.buf)
		return -SH_ENOMEM;
	switch (code) {
	case SH_REQ_UNLINK: r = scheme_unlink(&c, path); break;
	case SH_REQ_MKDIR: r = scheme_mkdir(&c, path, mode); break;
	default: r = scheme_rmdir(&c, path); break;
	}
	free(c.buf);
	return r;
}

int strate_unlink(const char *spath)
{
	return path_req(spath, SH_REQ_UNLINK, 0);
}

int strate_mkdir(const char *spath, uint32_t mode)
{
	return path_req(spath, SH_REQ_MKDIR, mode);
}

int strate_rmdir(const char *spath)
{
	return path_req(spath, SH_REQ_RMDIR, 0);
}

int strate_read_file(const char *spath, void **data, size_t *size, size_t max)
{
	struct sh_stat st;
	int sfd = strate_open(spath, SH_O_READ, 0);
	int64_t got;
	char *buf;
	int r;

	if (sfd < 0)
		return sfd;
	r = strate_fstat(sfd, &st);
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
	got = strate_read(sfd, buf, (size_t)st.size);
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
	strate_close(sfd);
	return r;
}
