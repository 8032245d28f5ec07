/* The scheme server loop: decode, check, dispatch, reply.
 *
 * Everything a client controls is checked here before an op runs: the
 * request code, every length in the header against the message, paths
 * (normal form, no NUL), the fid (it must exist and belong to the badge
 * asking: fids of other clients read as -SH_EBADH, exactly like unknown
 * ones), open flags and access mode.  Ops are trusted: they are the
 * strate's own code, but what they hand back (byte counts, READDIR
 * records) is still bounded so a buggy op answers -SH_EIO instead of
 * sending stray memory.
 *
 * The open-file table is ftable.c; READDIR records are checked by dirent.c. */
#include <string.h>
#include <shale/scheme_serve.h>
#include <shale/scheme_path.h>
#include <shale/errors.h>
#include <shale.h>
#include "dirent.h"
#include "ftable.h"

int scheme_server_init(struct scheme_server *s, sh_handle_t ep,
		       const struct scheme_ops *ops, void *ctx,
		       struct scheme_file *files, uint32_t nfiles,
		       void *rbuf, uint32_t rcap, void *obuf, uint32_t ocap)
{
	if (!ops || !files || nfiles == 0 || nfiles > 0xffffffffu - 1 ||
	    !rbuf || rcap < SCHEME_RECV_MIN ||
	    !obuf || ocap < sizeof(struct sh_stat))
		return -SH_EINVAL;
	memset(s, 0, sizeof(*s));
	memset(files, 0, (size_t)nfiles * sizeof(*files));
	s->ep = ep;
	s->ops = ops;
	s->ctx = ctx;
	s->files = files;
	s->nfiles = nfiles;
	s->rbuf = rbuf;
	s->rcap = rcap;
	s->obuf = obuf;
	s->ocap = ocap;
	return 0;
}

/* Copies one path out of the message, NUL-terminated, if it is normal. */
static int take_path(struct scheme_server *s, int idx, const char *p,
		     uint32_t len, const char **out)
{
	if (!path_is_normal(p, len))
		return -SH_EBADMSG;
	memcpy(s->path[idx], p, len);
	s->path[idx][len] = '\0';
	*out = s->path[idx];
	return 0;
}

static int on_fid(uint32_t code)
{
	switch (code) {
	case SH_REQ_CLOSE: case SH_REQ_READ: case SH_REQ_WRITE:
	case SH_REQ_SEEK: case SH_REQ_STAT: case SH_REQ_READDIR:
	case SH_REQ_TRUNCATE: case SH_REQ_FSYNC:
	case SH_REQ_STATFS: case SH_REQ_SYNC:
		return 1;
	default:
		return 0;
	}
}

/* Checks in against its request code and fills req.  Nothing runs yet. */
static int req_decode(struct scheme_server *s, struct scheme_req *req,
		      const struct sh_msg *in)
{
	const size_t hl = sizeof(struct sh_req);
	const struct sh_req *h = &req->hdr;
	const char *p;
	uint32_t rest;
	int err;

	if (in->tag == 0 || in->tag >= SH_REQ_COUNT)
		return -SH_ENOSYS;
	req->code = (uint32_t)in->tag;
	if (in->len < hl || in->len > s->rcap)
		return -SH_EBADMSG;
	memcpy(&req->hdr, in->buf, hl);
	p = (const char *)in->buf + hl;
	rest = in->len - (uint32_t)hl;

	switch (req->code) {
	case SH_REQ_OPEN: case SH_REQ_UNLINK:
	case SH_REQ_MKDIR: case SH_REQ_RMDIR:
		if (h->path2_len != 0 || h->path_len != rest)
			return -SH_EBADMSG;
		err = take_path(s, 0, p, h->path_len, &req->path);
		break;
	case SH_REQ_RENAME:
		if ((uint32_t)h->path_len + h->path2_len != rest)
			return -SH_EBADMSG;
		err = take_path(s, 0, p, h->path_len, &req->path);
		if (err == 0)
			err = take_path(s, 1, p + h->path_len, h->path2_len,
					&req->path2);
		break;
	case SH_REQ_WRITE:
		if (h->path_len || h->path2_len || h->count != rest)
			return -SH_EBADMSG;
		req->data = p;
		err = 0;
		break;
	default:
		if (h->path_len || h->path2_len || rest != 0)
			return -SH_EBADMSG;
		err = 0;
		break;
	}
	if (err)
		return err;
	if (on_fid(req->code)) {
		req->file = file_lookup(s, req->badge, h->fid);
		if (!req->file)
			return -SH_EBADH;
	}
	return 0;
}

/* The size STAT reports, for SEEK_END and appends. */
static int64_t file_size(struct scheme_req *req)
{
	struct sh_stat st;
	int64_t r;

	if (!req->srv->ops->stat)
		return -SH_ENOTSUP;
	memset(&st, 0, sizeof(st));
	r = req->srv->ops->stat(req, req->file, &st);
	if (r < 0)
		return r;
	if (st.size > INT64_MAX)
		return -SH_EIO;
	return (int64_t)st.size;
}

/* Moves the file position after an answer: what a reply means for it,
 * whether now or deferred.  Checks the op's answer too. */
static int64_t req_account(struct scheme_req *req, int64_t v,
			   const void *data, uint32_t len)
{
	struct scheme_file *f = req->file;
	uint64_t next = 0;

	if (v < 0)
		return v;
	switch (req->code) {
	case SH_REQ_READ:
		if ((uint64_t)v != len || len > req->hdr.count)
			return -SH_EIO;
		break;
	case SH_REQ_WRITE:
		if ((uint64_t)v > req->hdr.count)
			return -SH_EIO;
		break;
	case SH_REQ_READDIR:
		if ((uint64_t)v != len || len > req->hdr.count ||
		    dirent_check(data, len, &next) < 0)
			return -SH_EIO;
		if (req->advance && f && len > 0)
			f->pos = next;
		return v;
	default:
		return v;
	}
	if (req->advance && f)
		f->pos = req->off + (uint64_t)v;
	return v;
}

static int64_t do_seek(struct scheme_req *req)
{
	const struct scheme_ops *ops = req->srv->ops;
	struct scheme_file *f = req->file;
	int64_t off = (int64_t)req->hdr.off, base, r;
	uint32_t whence = req->hdr.flags;

	if (whence > SH_SEEK_END)
		return -SH_EINVAL;
	if (ops->seek) {
		r = ops->seek(req, f, off, whence);
		if (r >= 0)
			f->pos = (uint64_t)r;
		return r;
	}
	if (whence == SH_SEEK_SET) {
		base = 0;
	} else if (whence == SH_SEEK_CUR) {
		if (f->pos > INT64_MAX)
			return -SH_EINVAL;
		base = (int64_t)f->pos;
	} else {
		base = file_size(req);
		if (base < 0)
			return base;
	}
	if ((off > 0 && base > INT64_MAX - off) || base + off < 0)
		return -SH_EINVAL;
	f->pos = (uint64_t)(base + off);
	return base + off;
}

/* Runs the op for a decoded request.  *len gets the reply data length. */
static int64_t req_run(struct scheme_req *req, uint32_t *len)
{
	struct scheme_server *s = req->srv;
	const struct scheme_ops *ops = s->ops;
	const struct sh_req *h = &req->hdr;
	struct scheme_file *f = req->file;
	int64_t r;

	*len = 0;
	switch (req->code) {
	case SH_REQ_OPEN: {
		uint32_t fl = h->flags;
		if ((fl & ~SH_O_ALL) || (h->mode & ~SH_MODE_MASK) ||
		    ((fl & SH_O_TRUNC) && !(fl & SH_O_WRITE)) ||
		    ((fl & SH_O_EXCL) && !(fl & SH_O_CREATE)))
			return -SH_EINVAL;
		if (!ops->open)
			return -SH_ENOTSUP;
		f = file_alloc(s, req->badge);
		if (!f)
			return -SH_ENOSPC;
		f->flags = fl;
		req->file = f;
		req->opened = f->fid;	/* before the op: it may keep *req */
		r = ops->open(req, req->path, fl, h->mode, f);
		if (r == SCHEME_DEFER) {
			/* reserved until scheme_reply(): nobody can name it */
			f->pending = 1;
			return r;
		}
		if (r < 0) {
			file_free(f);
			req->file = NULL;
			return r;
		}
		return (int64_t)f->fid;
	}
	case SH_REQ_CLOSE:
		file_close(s, f);
		req->file = NULL;
		return 0;
	case SH_REQ_READ:
		if (!(f->flags & SH_O_READ))
			return -SH_EPERM;
		if (h->count > SH_READ_MAX)
			return -SH_EINVAL;
		if (!ops->read)
			return -SH_ENOTSUP;
		req->advance = h->off == SH_OFF_CUR;
		req->off = req->advance ? f->pos : h->off;
		r = ops->read(req, f, req->off, s->obuf,
			      h->count < s->ocap ? h->count : s->ocap);
		if (r > 0)
			*len = (uint32_t)(r <= (int64_t)s->ocap ? r : 0);
		if (r > (int64_t)s->ocap)
			return -SH_EIO;
		return r;
	case SH_REQ_WRITE:
		if (!(f->flags & SH_O_WRITE))
			return -SH_EPERM;
		if (h->count > SH_WRITE_MAX)
			return -SH_EINVAL;
		if (!ops->write)
			return -SH_ENOTSUP;
		if (f->flags & SH_O_APPEND) {
			r = file_size(req);
			if (r < 0)
				return r;
			req->off = (uint64_t)r;
			req->advance = 1;
		} else {
			req->advance = h->off == SH_OFF_CUR;
			req->off = req->advance ? f->pos : h->off;
		}
		return ops->write(req, f, req->off, req->data, h->count);
	case SH_REQ_SEEK:
		return do_seek(req);
	case SH_REQ_STAT: {
		struct sh_stat st;
		if (!ops->stat)
			return -SH_ENOTSUP;
		memset(&st, 0, sizeof(st));
		r = ops->stat(req, f, &st);
		if (r >= 0) {
			memcpy(s->obuf, &st, sizeof(st));
			*len = sizeof(st);
		}
		return r;
	}
	case SH_REQ_READDIR:
		if (h->count > SH_READ_MAX)
			return -SH_EINVAL;
		if (!ops->readdir)
			return -SH_ENOTSUP;
		req->advance = h->off == SH_OFF_CUR;
		req->off = req->advance ? f->pos : h->off;
		r = ops->readdir(req, f, req->off, s->obuf,
				 h->count < s->ocap ? h->count : s->ocap);
		if (r > (int64_t)s->ocap)
			return -SH_EIO;
		if (r > 0)
			*len = (uint32_t)r;
		return r;
	case SH_REQ_TRUNCATE:
		if (!(f->flags & SH_O_WRITE))
			return -SH_EPERM;
		if (h->off > INT64_MAX)
			return -SH_EINVAL;
		return ops->truncate ? ops->truncate(req, f, h->off) : -SH_ENOTSUP;
	case SH_REQ_FSYNC:
		return ops->fsync ? ops->fsync(req, f) : -SH_ENOTSUP;
	case SH_REQ_STATFS: {
		struct sh_statfs sf;
		if (!ops->statfs)
			return -SH_ENOTSUP;
		memset(&sf, 0, sizeof(sf));
		r = ops->statfs(req, f, &sf);
		if (r >= 0) {
			memcpy(s->obuf, &sf, sizeof(sf));
			*len = sizeof(sf);
		}
		return r;
	}
	case SH_REQ_SYNC:
		return ops->sync ? ops->sync(req, f) : -SH_ENOTSUP;
	case SH_REQ_UNLINK:
		return ops->unlink ? ops->unlink(req, req->path) : -SH_ENOTSUP;
	case SH_REQ_MKDIR:
		if (h->mode & ~SH_MODE_MASK)
			return -SH_EINVAL;
		return ops->mkdir ? ops->mkdir(req, req->path, h->mode) : -SH_ENOTSUP;
	case SH_REQ_RMDIR:
		return ops->rmdir ? ops->rmdir(req, req->path) : -SH_ENOTSUP;
	case SH_REQ_RENAME:
		return ops->rename ? ops->rename(req, req->path, req->path2)
				   : -SH_ENOTSUP;
	}
	return -SH_ENOSYS;
}

static void req_drop_handles(struct scheme_req *req)
{
	for (uint32_t i = 0; i < req->nhandles && i < SH_MSG_HANDLES; i++)
		if (req->handles[i] != SH_HANDLE_NONE)
			sh_cap_close(req->handles[i]);
	req->nhandles = 0;
}

int scheme_dispatch(struct scheme_server *s, uint64_t rcvid,
		    const struct sh_msg *in, struct sh_msg *out)
{
	struct scheme_req req;
	uint32_t len = 0;
	int64_t r;

	if (rcvid == 0) {
		/* a kernel notice: nobody waits for an answer */
		if ((in->tag & SH_TAG_KERNEL) == SH_TAG_KERNEL && s->ops->notice)
			s->ops->notice(s, in);
		return 0;
	}
	memset(&req, 0, sizeof(req));
	req.srv = s;
	req.rcvid = rcvid;
	req.badge = in->badge;
	req.nhandles = in->nhandles < SH_MSG_HANDLES ? in->nhandles : SH_MSG_HANDLES;
	memcpy(req.handles, in->handles, sizeof(req.handles));

	r = req_decode(s, &req, in);
	if (r == 0)
		r = req_run(&req, &len);
	req_drop_handles(&req);
	if (r == SCHEME_DEFER)
		return 0;
	r = req_account(&req, r, s->obuf, len);

	out->tag = (uint64_t)r;
	out->badge = 0;
	out->buf = s->obuf;
	out->len = r < 0 ? 0 : len;
	out->cap = 0;
	out->reserved = 0;
	out->nhandles = r < 0 ? 0 : req.out_nhandles;
	memcpy(out->handles, req.out_handles, sizeof(out->handles));
	return 1;
}

/* Answers a kept OPEN: the fid reserved for it, or v < 0 (slot freed).
 * From the close op of that slot (pending == 2) the answer is an error and
 * the slot is left to file_close.  A slot no longer pending for this
 * request (a strate answering twice) answers -SH_EIO and touches nothing. */
static int reply_open(struct scheme_req *req, int64_t v)
{
	struct scheme_file *f = req->file;
	struct sh_msg m;
	int64_t r;
	int live = f && f->pending && f->fid != 0 && f->fid == req->opened;
	int closing = live && f->pending == 2;

	if (!live)
		v = -SH_EIO;
	else if (closing)
		v = v < 0 ? v : -SH_EINTR;
	else if (v >= 0)
		v = (int64_t)f->fid;
	memset(&m, 0, sizeof(m));
	m.tag = (uint64_t)v;
	m.nhandles = v < 0 ? 0 : req->out_nhandles;
	memcpy(m.handles, req->out_handles, sizeof(m.handles));
	if (live)
		f->pending = 0;
	if (live && !closing && v < 0)
		file_free(f);
	r = sh_ipc_reply(req->rcvid, &m);
	req->rcvid = 0;
	req->file = NULL;
	if (live && !closing && v >= 0 && r < 0)
		file_close(req->srv, f);	/* never delivered: nobody holds it */
	return (int)r;
}

int scheme_reply_data(struct scheme_req *req, int64_t v, const void *data,
		      uint32_t len)
{
	struct sh_msg m;
	int64_t r;

	if (req->rcvid == 0)
		return -SH_EINVAL;
	if (req->code == SH_REQ_OPEN)
		return reply_open(req, v);
	if (v < 0)
		len = 0;
	v = req_account(req, v, data, len);
	memset(&m, 0, sizeof(m));
	m.tag = (uint64_t)v;
	m.buf = (void *)(uintptr_t)data;
	m.len = v < 0 ? 0 : len;
	m.nhandles = v < 0 ? 0 : req->out_nhandles;
	memcpy(m.handles, req->out_handles, sizeof(m.handles));
	r = sh_ipc_reply(req->rcvid, &m);
	req->rcvid = 0;
	return (int)r;
}

int scheme_reply(struct scheme_req *req, int64_t v)
{
	return scheme_reply_data(req, v, NULL, 0);
}

/* reply_recv as bedrock implements it: a reply the caller cannot take (it
 * is gone: -SH_EDEAD) does not stop the receive; a reply refused before
 * anything moved (-SH_EINVAL: that call is no longer pending) returns at
 * once, having received nothing, so the loop receives alone.  -SH_EDEAD
 * is treated the same way in case a kernel reports it that way too. */
int scheme_serve(struct scheme_server *s)
{
	struct sh_msg in, out;
	uint64_t rcvid = 0;	/* the request out answers; 0: none */
	int64_t r;

	memset(&out, 0, sizeof(out));
	for (;;) {
		memset(&in, 0, sizeof(in));
		in.buf = s->rbuf;
		in.cap = s->rcap;
		if (rcvid != 0) {
			r = sh_ipc_reply_recv(s->ep, rcvid, &out, &in);
			if (r == -SH_EDEAD || r == -SH_EINVAL) {
				memset(&in, 0, sizeof(in));
				in.buf = s->rbuf;
				in.cap = s->rcap;
				r = sh_ipc_recv(s->ep, &in);
			}
		} else {
			r = sh_ipc_recv(s->ep, &in);
		}
		rcvid = 0;
		if (r == -SH_EINTR)
			continue;
		if (r < 0)
			return (int)r;
		if (scheme_dispatch(s, (uint64_t)r, &in, &out))
			rcvid = (uint64_t)r;
	}
}
