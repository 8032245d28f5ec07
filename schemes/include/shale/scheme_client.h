/* The client side of the scheme protocol: build a request, call the
 * strate's endpoint, check and unpack the reply.  libc's open(), read()
 * and friends sit on these; paths are the ones ns_lookup returns (normal
 * form, prefix applied).
 *
 * A struct scheme_chan names the endpoint and the message buffer the calls
 * use (the request goes out of it and the reply comes back into it, so one
 * chan serves one call at a time).  Its size bounds the chunks: reads move
 * min(cap, SH_READ_MAX) bytes per message, writes min(cap - header,
 * SH_WRITE_MAX); a buffer of SCHEME_CHAN_BEST bytes gives full chunks.
 *
 * Every call returns >= 0 or -SH_E*: the strate's answer, -SH_EBADMSG if
 * the reply does not match the request, or what ipc_call gave (-SH_EDEAD:
 * the strate is gone). */
#ifndef SHALE_SCHEME_CLIENT_H
#define SHALE_SCHEME_CLIENT_H

#include <stddef.h>
#include <stdint.h>
#include <shale/scheme.h>

/* Smallest chan buffer: a header and two paths (RENAME). */
#define SCHEME_CHAN_MIN (sizeof(struct sh_req) + 2 * SH_PATH_MAX)
/* A chan buffer that moves whole chunks both ways. */
#define SCHEME_CHAN_BEST SH_READ_MAX

struct scheme_chan {
	sh_handle_t ep;		/* the strate's endpoint (WRITE right) */
	uint32_t cap;		/* bytes at buf, >= SCHEME_CHAN_MIN */
	void *buf;		/* 8-aligned */
};

/* Opens path with SH_O_* flags (mode for a file it creates).  Returns the
 * fid (> 0). */
int64_t scheme_open(const struct scheme_chan *c, const char *path,
		    uint32_t flags, uint32_t mode);

/* Closes fid.  Returns 0. */
int scheme_close(const struct scheme_chan *c, uint64_t fid);

/* Reads up to len bytes at off (SH_OFF_CUR: at the file's position) into
 * buf, in as many messages as it takes; stops early at a short chunk (end
 * of file, a stream with nothing more now).  Returns the bytes read; an
 * error after some bytes moved returns those bytes. */
int64_t scheme_read(const struct scheme_chan *c, uint64_t fid, uint64_t off,
		    void *buf, size_t len);

/* Writes len bytes from buf at off (SH_OFF_CUR: the file's position) in
 * chunks.  Returns the bytes written (short if the strate took less). */
int64_t scheme_write(const struct scheme_chan *c, uint64_t fid, uint64_t off,
		     const void *buf, size_t len);

/* Moves fid's position (SH_SEEK_*).  Returns the new position. */
int64_t scheme_seek(const struct scheme_chan *c, uint64_t fid, int64_t off,
		    uint32_t whence);

/* Fills *st with fid's attributes.  Returns 0. */
int scheme_stat(const struct scheme_chan *c, uint64_t fid, struct sh_stat *st);

/* Reads directory records from cookie (0: the start; SH_OFF_CUR: the
 * fid's position) into buf (room cap, up to SH_READ_MAX).  Returns the
 * bytes of whole records, 0 at the end; walk them with scheme_dirent_next. */
int64_t scheme_readdir(const struct scheme_chan *c, uint64_t fid,
		       uint64_t cookie, void *buf, uint32_t cap);

/* Sets fid's size to size bytes.  Returns 0. */
int scheme_truncate(const struct scheme_chan *c, uint64_t fid, uint64_t size);

/* Returns 0 once fid's data is on its device. */
int scheme_fsync(const struct scheme_chan *c, uint64_t fid);

/* STATFS: df's figures for the file system fid lives on.  Returns 0. */
int scheme_statfs(const struct scheme_chan *c, uint64_t fid,
		  struct sh_statfs *sf);

/* SYNC: everything of fid's file system written back.  Returns 0. */
int scheme_sync(const struct scheme_chan *c, uint64_t fid);

/* Path requests: return 0. */
int scheme_unlink(const struct scheme_chan *c, const char *path);
int scheme_mkdir(const struct scheme_chan *c, const char *path, uint32_t mode);
int scheme_rmdir(const struct scheme_chan *c, const char *path);
int scheme_rename(const struct scheme_chan *c, const char *from,
		  const char *to);

/* Walks READDIR records: copies the record at *pos in buf (len bytes)
 * into *d, points *name at its name (d->namelen bytes, no NUL) and moves
 * *pos past it.  Returns 1, or 0 at the end or at a malformed record. */
int scheme_dirent_next(const void *buf, uint32_t len, uint32_t *pos,
		       struct sh_dirent *d, const char **name);

#endif
