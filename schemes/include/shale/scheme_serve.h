/* The scheme server library: what every strate links to serve a scheme.
 *
 * A strate fills a struct scheme_ops (one function per request, NULL for
 * "not supported"), gives the library its buffers and a table of open
 * files, and calls scheme_serve().  The library receives each request,
 * checks its lengths, paths, fid and flags, calls the op, and replies with
 * what the op returned.  Ops never see a malformed message or another
 * client's file.
 *
 * An op returns its result: >= 0 (bytes moved, a position, 0) or -SH_E*.
 * To answer later (a console read waiting for input), an op copies *req
 * into its own storage, returns SCHEME_DEFER, and ends the request later
 * with scheme_reply() or scheme_reply_data().  In a kept copy only rcvid,
 * badge, code, hdr and file are meaningful; path, data and the reply
 * buffer belong to the next request.  A strate's close op must first end
 * any request it keeps for that file (with -SH_EINTR, say).  CLOSE is
 * never deferred.
 *
 * OPEN may be deferred (an accept waiting for a connection): the open op
 * sets f->priv as usual and returns SCHEME_DEFER.  The library keeps the
 * slot reserved (f->pending = 1): no request can name it, it is not the
 * client's yet.  scheme_reply(kept, v) with v >= 0 then answers with the
 * fid (the library fills it in; v itself is not sent) and the file is
 * open; with v < 0 the slot is freed without the close op, so the strate
 * frees f->priv first.  If that reply cannot be delivered (the client
 * left), the file is closed (close op called).  scheme_forget() and
 * scheme_close_all() close pending slots too: the close op is called and
 * must end the kept open (scheme_reply with -SH_EINTR, say), as for any
 * kept request; the slot and f->priv stay until the close op returns.
 *
 * One thread runs a server: nothing here takes a lock.  A strate that
 * answers kept requests from another thread must serialise that with its
 * own loop. */
#ifndef SHALE_SCHEME_SERVE_H
#define SHALE_SCHEME_SERVE_H

#include <stdint.h>
#include <shale/scheme.h>

/* An op's return value meaning "I keep the request; no reply now". */
#define SCHEME_DEFER INT64_MIN

/* Room a server's receive buffer needs for any request. */
#define SCHEME_RECV_MIN (sizeof(struct sh_req) + SH_WRITE_MAX)

/* One open file.  The library owns fid, badge, gen, pos and flags; priv is
 * the strate's. */
struct scheme_file {
	uint64_t fid;		/* 0: a free slot */
	uint64_t badge;		/* the client that opened it */
	uint64_t pos;		/* position for SH_OFF_CUR */
	uint32_t flags;		/* SH_O_* it was opened with */
	uint32_t gen;		/* bumped each time the slot is reused */
	uint32_t pending;	/* a kept OPEN not answered yet (2: being
				 * closed); no request can name this fid */
	void *priv;		/* the strate's state for this open file */
};

struct scheme_server;

/* One request, decoded.  Valid during the op; see above for kept copies. */
struct scheme_req {
	struct scheme_server *srv;
	uint64_t rcvid;		/* to answer; 0 once answered */
	uint64_t badge;		/* the client */
	uint32_t code;		/* SH_REQ_* */
	struct sh_req hdr;	/* as the client sent it */
	struct scheme_file *file;	/* requests on a fid */
	uint64_t off;		/* READ, WRITE, READDIR: the offset or cookie
				 * resolved (SH_OFF_CUR, SH_O_APPEND) */
	uint32_t advance;	/* 1: the answer moves file->pos */
	uint64_t opened;	/* a kept OPEN: the fid reserved for it */
	const char *path;	/* NUL-terminated, normal form */
	const char *path2;	/* RENAME's new path */
	const void *data;	/* WRITE's bytes */
	/* Handles the client sent: an op that keeps one sets it to 0 (or
	 * nhandles to 0); the library closes the rest after the op. */
	uint32_t nhandles;
	sh_handle_t handles[SH_MSG_HANDLES];
	/* Handles to send with the reply (the server needs GRANT on them). */
	uint32_t out_nhandles;
	sh_handle_t out_handles[SH_MSG_HANDLES];
};

struct scheme_ops {
	/* path is in normal form, flags checked against SH_O_ALL (and TRUNC
	 * needs WRITE, EXCL needs CREATE); the op sets f->priv.  Returns 0,
	 * -SH_E* (then f is freed without close) or SCHEME_DEFER (above). */
	int64_t (*open)(struct scheme_req *req, const char *path,
			uint32_t flags, uint32_t mode, struct scheme_file *f);
	/* Reads up to count bytes at off into buf.  Returns bytes read. */
	int64_t (*read)(struct scheme_req *req, struct scheme_file *f,
			uint64_t off, void *buf, uint32_t count);
	/* Writes count bytes at off (the end, for SH_O_APPEND files, as stat
	 * reports it).  Returns bytes written. */
	int64_t (*write)(struct scheme_req *req, struct scheme_file *f,
			 uint64_t off, const void *buf, uint32_t count);
	/* Optional: returns the new position.  Without it the library seeks
	 * itself, using stat's size for SH_SEEK_END. */
	int64_t (*seek)(struct scheme_req *req, struct scheme_file *f,
			int64_t off, uint32_t whence);
	int64_t (*stat)(struct scheme_req *req, struct scheme_file *f,
			struct sh_stat *st);
	/* Fills buf (room cap) with whole records from cookie on, with
	 * scheme_dirent_put.  Returns the bytes used, 0 at the end. */
	int64_t (*readdir)(struct scheme_req *req, struct scheme_file *f,
			   uint64_t cookie, void *buf, uint32_t cap);
	int64_t (*truncate)(struct scheme_req *req, struct scheme_file *f,
			    uint64_t size);
	int64_t (*fsync)(struct scheme_req *req, struct scheme_file *f);
	int64_t (*unlink)(struct scheme_req *req, const char *path);
	int64_t (*mkdir)(struct scheme_req *req, const char *path, uint32_t mode);
	int64_t (*rmdir)(struct scheme_req *req, const char *path);
	int64_t (*rename)(struct scheme_req *req, const char *from,
			  const char *to);
	/* Optional: df's figures for the file system f lives on. */
	int64_t (*statfs)(struct scheme_req *req, struct scheme_file *f,
			  struct sh_statfs *sf);
	/* Optional: write back everything held for f's file system. */
	int64_t (*sync)(struct scheme_req *req, struct scheme_file *f);
	/* The file's last moment: free f->priv.  Cannot fail. */
	void (*close)(struct scheme_server *srv, struct scheme_file *f);
	/* Optional: a kernel notice (SH_TAG_FAULT, SH_TAG_EXIT) arrived. */
	void (*notice)(struct scheme_server *srv, const struct sh_msg *msg);
};

struct scheme_server {
	sh_handle_t ep;			/* the endpoint served */
	const struct scheme_ops *ops;
	void *ctx;			/* the strate's, for its ops */
	struct scheme_file *files;	/* the open-file table */
	uint32_t nfiles;
	uint32_t rcap, ocap;
	void *rbuf;			/* requests land here */
	void *obuf;			/* replies are built here */
	char path[2][SH_PATH_MAX + 1];	/* NUL-terminated copies for ops */
};

/* Prepares s to serve ep with ops.  files (nfiles slots) is zeroed; rbuf
 * needs SCHEME_RECV_MIN bytes, obuf up to SH_READ_MAX (a smaller one
 * makes reads shorter).  Returns 0, or -SH_EINVAL for a buffer too small
 * or no files. */
int scheme_server_init(struct scheme_server *s, sh_handle_t ep,
		       const struct scheme_ops *ops, void *ctx,
		       struct scheme_file *files, uint32_t nfiles,
		       void *rbuf, uint32_t rcap, void *obuf, uint32_t ocap);

/* Serves requests until receiving fails; returns that error (e.g.
 * -SH_EBADH once the endpoint is closed).  Never returns otherwise. */
int scheme_serve(struct scheme_server *s);

/* Handles one received message in (rcvid from ipc_recv) and builds the
 * reply in *out.  For strates with a loop of their own.  Returns 1 if *out
 * must be sent to rcvid, 0 if there is nothing to send (a kernel notice, a
 * deferred request). */
int scheme_dispatch(struct scheme_server *s, uint64_t rcvid,
		    const struct sh_msg *in, struct sh_msg *out);

/* Ends a kept request with result v (>= 0 or -SH_E*) and no data; a kept
 * OPEN answers the fid for v >= 0 (see above).  Returns 0, or the error
 * sh_ipc_reply gave (-SH_EDEAD: the client left). */
int scheme_reply(struct scheme_req *req, int64_t v);

/* As scheme_reply, with len bytes of data (READ: the bytes, v = len). */
int scheme_reply_data(struct scheme_req *req, int64_t v, const void *data,
		      uint32_t len);

/* Closes every file the client badge has open or is waiting to open (it
 * is gone).  Returns how many were closed. */
uint32_t scheme_forget(struct scheme_server *s, uint64_t badge);

/* Closes every file of every client, pending opens included (the server
 * stops).  Returns how many were closed. */
uint32_t scheme_close_all(struct scheme_server *s);

/* Appends one READDIR record to buf (room cap, *used bytes filled).
 * Returns 0, -SH_E2BIG if it does not fit (nothing written), -SH_EINVAL
 * for a name of 0 or more than SH_FILENAME_MAX bytes. */
int scheme_dirent_put(void *buf, uint32_t cap, uint32_t *used, uint64_t id,
		      uint64_t next, uint32_t type, const char *name,
		      uint32_t namelen);

#endif
