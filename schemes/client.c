/* Scheme client calls: one request per message, chunked transfers.
 *
 * The client trusts the strate no more than the strate trusts it: a reply
 * claiming more bytes than were asked for, a length that disagrees with
 * its tag, or a malformed READDIR record is -SH_EBADMSG, and handles a
 * reply carries unasked are closed, not left to pile up in the caller's
 * table. */
#include <string.h>
#include <shale/scheme_client.h>
#include <shale/scheme_path.h>
#include <shale/errors.h>
#include <shale.h>
#include "dirent.h"

/* Sends code with header h and up to two payload pieces; the reply lands
 * in c->buf and *m.  Returns the strate's result or an error. */
static int64_t chan_call(const struct scheme_chan *c, uint32_t code,
			 const struct sh_req *h, const void *p1, uint32_t n1,
			 const void *p2, uint32_t n2, struct sh_msg *m)
{
	const size_t hl = sizeof(*h);
	char *b = c->buf;
	int64_t r, v;

	if (c->cap < SCHEME_CHAN_MIN || hl + n1 + n2 > c->cap)
		return -SH_EINVAL;
	memcpy(b, h, hl);
	if (n1)
		memcpy(b + hl, p1, n1);
	if (n2)
		memcpy(b + hl + n1, p2, n2);
	memset(m, 0, sizeof(*m));
	m->tag = code;
	m->buf = c->buf;
	m->len = (uint32_t)(hl + n1 + n2);
	m->cap = c->cap;
	r = sh_ipc_call(c->ep, m);
	if (r < 0)
		return r;
	for (uint32_t i = 0; i < m->nhandles && i < SH_MSG_HANDLES; i++)
		sh_cap_close(m->handles[i]);
	v = (int64_t)m->tag;
	if (v < 0 && v <= -(int64_t)SH_ECOUNT)
		return -SH_EBADMSG;	/* not an error code we know */
	if (m->len > c->cap)
		return -SH_EBADMSG;
	return v;
}

/* Calls code on a fid with no payload; the reply must carry no data. */
static int64_t fid_call(const struct scheme_chan *c, uint32_t code,
			uint64_t fid, uint64_t off, uint32_t flags)
{
	struct sh_req h = { .fid = fid, .off = off, .flags = flags };
	struct sh_msg m;
	int64_t r = chan_call(c, code, &h, NULL, 0, NULL, 0, &m);

	if (r >= 0 && m.len != 0)
		return -SH_EBADMSG;
	return r;
}

/* For calls whose answer is 0: anything positive is a strate breaking the
 * protocol, and must not be cut to an int that looks like an error. */
static int zero_result(int64_t r)
{
	return r > 0 ? -SH_EBADMSG : (int)r;
}

/* Checks a path is in normal form; returns its length or -SH_EINVAL. */
static int path_check(const char *path)
{
	size_t n = 0;

	while (n <= SH_PATH_MAX && path[n])
		n++;
	if (!path_is_normal(path, n))
		return n > SH_PATH_MAX ? -SH_ENAMETOOLONG : -SH_EINVAL;
	return (int)n;
}

static int64_t path_call(const struct scheme_chan *c, uint32_t code,
			 const char *path, const char *path2, uint32_t flags,
			 uint32_t mode)
{
	struct sh_req h = { .flags = flags, .mode = mode };
	struct sh_msg m;
	int n1, n2 = 0;
	int64_t r;

	n1 = path_check(path);
	if (n1 < 0)
		return n1;
	if (path2) {
		n2 = path_check(path2);
		if (n2 < 0)
			return n2;
	}
	h.path_len = (uint16_t)n1;
	h.path2_len = (uint16_t)n2;
	r = chan_call(c, code, &h, path, (uint32_t)n1, path2, (uint32_t)n2, &m);
	if (r >= 0 && m.len != 0)
		return -SH_EBADMSG;
	return r;
}

int64_t scheme_open(const struct scheme_chan *c, const char *path,
		    uint32_t flags, uint32_t mode)
{
	int64_t r = path_call(c, SH_REQ_OPEN, path, NULL, flags, mode);

	if (r == 0)
		return -SH_EBADMSG;	/* a fid is never 0 */
	return r;
}

int scheme_close(const struct scheme_chan *c, uint64_t fid)
{
	return zero_result(fid_call(c, SH_REQ_CLOSE, fid, 0, 0));
}

int64_t scheme_read(const struct scheme_chan *c, uint64_t fid, uint64_t off,
		    void *buf, size_t len)
{
	uint32_t chunk = c->cap < SH_READ_MAX ? c->cap : SH_READ_MAX;
	size_t done = 0;

	if (len > INT64_MAX)
		len = INT64_MAX;
	while (done < len) {
		size_t left = len - done;
		uint32_t n = left < chunk ? (uint32_t)left : chunk;
		struct sh_req h = {
			.fid = fid, .count = n,
			.off = off == SH_OFF_CUR ? SH_OFF_CUR : off + done,
		};
		struct sh_msg m;
		int64_t r = chan_call(c, SH_REQ_READ, &h, NULL, 0, NULL, 0, &m);

		if (r >= 0 && (r > n || m.len != (uint64_t)r))
			r = -SH_EBADMSG;
		if (r < 0)
			return done ? (int64_t)done : r;
		memcpy((char *)buf + done, c->buf, (size_t)r);
		done += (size_t)r;
		if ((uint32_t)r < n)
			break;
	}
	return (int64_t)done;
}

int64_t scheme_write(const struct scheme_chan *c, uint64_t fid, uint64_t off,
		     const void *buf, size_t len)
{
	uint32_t room = c->cap - (uint32_t)sizeof(struct sh_req);
	uint32_t chunk = room < SH_WRITE_MAX ? room : SH_WRITE_MAX;
	size_t done = 0;

	if (c->cap < SCHEME_CHAN_MIN)
		return -SH_EINVAL;
	if (len > INT64_MAX)
		len = INT64_MAX;
	while (done < len) {
		size_t left = len - done;
		uint32_t n = left < chunk ? (uint32_t)left : chunk;
		struct sh_req h = {
			.fid = fid, .count = n,
			.off = off == SH_OFF_CUR ? SH_OFF_CUR : off + done,
		};
		struct sh_msg m;
		int64_t r = chan_call(c, SH_REQ_WRITE, &h,
				      (const char *)buf + done, n, NULL, 0, &m);

		if (r >= 0 && (r > n || m.len != 0))
			r = -SH_EBADMSG;
		if (r < 0)
			return done ? (int64_t)done : r;
		done += (size_t)r;
		if ((uint32_t)r < n)
			break;
	}
	return (int64_t)done;
}

int64_t scheme_seek(const struct scheme_chan *c, uint64_t fid, int64_t off,
		    uint32_t whence)
{
	return fid_call(c, SH_REQ_SEEK, fid, (uint64_t)off, whence);
}

int scheme_stat(const struct scheme_chan *c, uint64_t fid, struct sh_stat *st)
{
	struct sh_req h = { .fid = fid };
	struct sh_msg m;
	int64_t r = chan_call(c, SH_REQ_STAT, &h, NULL, 0, NULL, 0, &m);

	if (r < 0)
		return (int)r;
	if (r != 0 || m.len != sizeof(*st))
		return -SH_EBADMSG;
	memcpy(st, c->buf, sizeof(*st));
	return 0;
}

int64_t scheme_readdir(const struct scheme_chan *c, uint64_t fid,
		       uint64_t cookie, void *buf, uint32_t cap)
{
	struct sh_req h = { .fid = fid, .off = cookie };
	struct sh_msg m;
	uint64_t next;
	int64_t r;

	if (cap > SH_READ_MAX)
		cap = SH_READ_MAX;
	if (cap > c->cap)
		cap = c->cap;
	h.count = cap;
	r = chan_call(c, SH_REQ_READDIR, &h, NULL, 0, NULL, 0, &m);
	if (r < 0)
		return r;
	if (r > cap || m.len != (uint64_t)r ||
	    dirent_check(c->buf, m.len, &next) < 0)
		return -SH_EBADMSG;
	memcpy(buf, c->buf, m.len);
	return r;
}

int scheme_truncate(const struct scheme_chan *c, uint64_t fid, uint64_t size)
{
	return zero_result(fid_call(c, SH_REQ_TRUNCATE, fid, size, 0));
}

int scheme_fsync(const struct scheme_chan *c, uint64_t fid)
{
	return zero_result(fid_call(c, SH_REQ_FSYNC, fid, 0, 0));
}

int scheme_statfs(const struct scheme_chan *c, uint64_t fid,
		  struct sh_statfs *sf)
{
	struct sh_req h = { .fid = fid };
	struct sh_msg m;
	int64_t r = chan_call(c, SH_REQ_STATFS, &h, NULL, 0, NULL, 0, &m);

	if (r < 0)
		return (int)r;
	if (r != 0 || m.len != sizeof(*sf))
		return -SH_EBADMSG;
	memcpy(sf, c->buf, sizeof(*sf));
	return 0;
}

int scheme_sync(const struct scheme_chan *c, uint64_t fid)
{
	return zero_result(fid_call(c, SH_REQ_SYNC, fid, 0, 0));
}

int scheme_unlink(const struct scheme_chan *c, const char *path)
{
	return zero_result(path_call(c, SH_REQ_UNLINK, path, NULL, 0, 0));
}

int scheme_mkdir(const struct scheme_chan *c, const char *path, uint32_t mode)
{
	return zero_result(path_call(c, SH_REQ_MKDIR, path, NULL, 0, mode));
}

int scheme_rmdir(const struct scheme_chan *c, const char *path)
{
	return zero_result(path_call(c, SH_REQ_RMDIR, path, NULL, 0, 0));
}

int scheme_rename(const struct scheme_chan *c, const char *from,
		  const char *to)
{
	return zero_result(path_call(c, SH_REQ_RENAME, from, to, 0, 0));
}
