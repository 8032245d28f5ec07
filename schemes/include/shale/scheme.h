/* The scheme wire protocol (ABI): how a client asks a strate for a file.
 *
 * A request travels in one struct sh_msg (syscall.h) sent with ipc_call to
 * the strate's endpoint:
 *   tag  = the request code (SH_REQ_*);
 *   buf  = a struct sh_req header, then the request's payload: one path
 *          (path_len bytes), two paths back to back (RENAME), or the bytes
 *          to write (WRITE).  Paths carry no NUL and are in the normal form
 *          of schemes/path.c: "/" or "/a/b", no "." or "..", no "//".
 *   badge = set by the kernel: which client (silo) is asking.
 * The caller's endpoint handle needs SH_R_WRITE (ipc_call); requests carry
 * no handles today (a strate closes any it is sent).
 * The reply reuses the caller's struct sh_msg:
 *   tag  = the result as int64_t: >= 0 success (a count, an offset, an
 *          open-file id), < 0 a -SH_E* code;
 *   buf  = the reply's data (READ: the bytes, STAT: a struct sh_stat,
 *          READDIR: packed struct sh_dirent records), len bytes of it.
 *
 * An open file is named afterwards by its open-file id (fid), the value
 * OPEN returns.  A fid is only good with the badge that opened it: the same
 * number from another client is -SH_EBADH.  The kernel may later bind a
 * fid to a handle of its own; the wire format does not change.
 *
 * Errors every request may return: -SH_EBADMSG (the message is shorter than
 * its header, its lengths disagree, a path is not in normal form or holds a
 * NUL), -SH_ENOSYS (unknown request code), -SH_ENOTSUP (the strate does not
 * implement this request), -SH_EBADH (fid unknown, closed, or another
 * client's), -SH_EIO.
 *
 * Append only: the numbers and layouts are ABI. */
#ifndef SHALE_SCHEME_H
#define SHALE_SCHEME_H

#include <stdint.h>
#include <shale/syscall.h>

/* ---- limits ------------------------------------------------------------ */

#define SH_SCHEME_NAME_MAX 31u	/* bytes of a scheme name ("fs", "net") */
#define SH_PATH_MAX	1024u	/* bytes of a path, without a NUL */
#define SH_FILENAME_MAX	255u	/* bytes of one path component */

/* Large transfers move in chunks: one READ returns at most SH_READ_MAX
 * bytes (a reply is data only, so a whole message), one WRITE carries at
 * most SH_WRITE_MAX (a power of two that leaves room for the header).  A
 * 1 MiB read is 16 messages, a 1 MiB write 32. */
#define SH_READ_MAX	SH_MSG_MAX
#define SH_WRITE_MAX	(SH_MSG_MAX / 2u)

/* READ, WRITE, READDIR offset meaning "the file's own position": use it
 * and advance it by what moved (POSIX read/write).  Any other offset is
 * explicit (pread/pwrite) and leaves the position alone. */
#define SH_OFF_CUR	UINT64_MAX

/* ---- request codes (struct sh_msg tag) -------------------------------- *
 * Each says which sh_req fields it reads, its payload, what the reply's tag
 * and data hold, and its errors beyond the common ones above. */
enum sh_req_code {
	/* OPEN  flags = SH_O_*, mode = permission bits if it creates; payload:
	 * the path.  Reply: tag = the new fid (> 0).  Flags without READ or
	 * WRITE open the path only for STAT, READDIR, CLOSE.
	 * ENOENT (no such path, and no CREATE), EEXIST (CREATE|EXCL and it
	 * exists), EISDIR (WRITE or TRUNC on a directory), ENOTDIR (DIR on a
	 * file, or a middle component is a file), EPERM (mode forbids),
	 * EINVAL (unknown flag bits), ENOSPC (the strate's fid table is full). */
	SH_REQ_OPEN = 1,
	/* CLOSE  fid.  Reply: tag = 0.  The fid is dead afterwards. */
	SH_REQ_CLOSE = 2,
	/* READ  fid, off (or SH_OFF_CUR), count (<= SH_READ_MAX, else
	 * EINVAL).  Reply: tag = bytes read (0 at end of file), data = them.
	 * EPERM (not opened for READ), EISDIR. */
	SH_REQ_READ = 3,
	/* WRITE  fid, off (or SH_OFF_CUR; ignored with SH_O_APPEND), count =
	 * payload bytes (<= SH_WRITE_MAX); payload: the bytes.  Reply: tag =
	 * bytes written.  EPERM (not opened for WRITE), ENOSPC, EISDIR. */
	SH_REQ_WRITE = 4,
	/* SEEK  fid, off (as int64_t), flags = SH_SEEK_*.  Reply: tag = the
	 * new position.  EINVAL (bad whence, or a position below 0). */
	SH_REQ_SEEK = 5,
	/* STAT  fid.  Reply: tag = 0, data = struct sh_stat. */
	SH_REQ_STAT = 6,
	/* READDIR  fid of a directory, off = a cookie (0: the first entry;
	 * SH_OFF_CUR: continue from the fid's position), count = room for
	 * records (<= SH_READ_MAX).  Reply: tag = bytes of whole struct
	 * sh_dirent records in data, 0 at the end.  ENOTDIR; EINVAL if count
	 * cannot hold the next record. */
	SH_REQ_READDIR = 7,
	/* TRUNCATE  fid opened for WRITE, off = the new size.  Reply: tag = 0.
	 * EPERM, EISDIR, ENOSPC. */
	SH_REQ_TRUNCATE = 8,
	/* FSYNC  fid.  Reply: tag = 0 once the file's data is on its device. */
	SH_REQ_FSYNC = 9,
	/* UNLINK  payload: the path of a file.  Reply: tag = 0.  ENOENT,
	 * EISDIR (use RMDIR), EBUSY (the strate refuses while it is open). */
	SH_REQ_UNLINK = 10,
	/* MKDIR  mode; payload: the path.  Reply: tag = 0.  EEXIST, ENOENT
	 * (the parent is missing), ENOSPC. */
	SH_REQ_MKDIR = 11,
	/* RMDIR  payload: the path of an empty directory.  Reply: tag = 0.
	 * ENOENT, ENOTDIR, ENOTEMPTY, EBUSY ("/" or open). */
	SH_REQ_RMDIR = 12,
	/* RENAME  payload: the old path (path_len bytes) then the new one
	 * (path2_len bytes), both in this scheme.  Reply: tag = 0.  ENOENT,
	 * EEXIST (the new path is a non-empty directory), EINVAL (a directory
	 * into itself). */
	SH_REQ_RENAME = 13,
	/* STATFS  fid (any file of the file system; "/" is usual).  Reply:
	 * tag = 0, data = struct sh_statfs.  ENOTSUP where the scheme is not
	 * a file system. */
	SH_REQ_STATFS = 14,
	/* SYNC  fid (any file of the file system).  Reply: tag = 0 once
	 * everything the strate holds for that whole file system (data and
	 * metadata) is on its device.  EROFS is not an error here: a
	 * read-only file system has nothing to write and answers 0. */
	SH_REQ_SYNC = 15,
	SH_REQ_COUNT		/* one past the last code */
};

/* ---- the request header ----------------------------------------------- */

/* At the start of every request's data.  Fields a request does not use are
 * 0; a strate ignores them. */
struct sh_req {
	uint64_t fid;		/* the open file, for requests on one */
	uint64_t off;		/* offset, cookie, size or seek distance */
	uint32_t count;		/* bytes wanted (READ, READDIR) or carried (WRITE) */
	uint32_t flags;		/* OPEN: SH_O_*; SEEK: SH_SEEK_* */
	uint32_t mode;		/* OPEN with CREATE, MKDIR: SH_MODE_* bits */
	uint16_t path_len;	/* bytes of the path after the header */
	uint16_t path2_len;	/* RENAME: bytes of the second path */
};

/* ---- OPEN flags ------------------------------------------------------- */

#define SH_O_READ	(1u << 0)	/* READ allowed */
#define SH_O_WRITE	(1u << 1)	/* WRITE, TRUNCATE allowed */
#define SH_O_CREATE	(1u << 2)	/* create the file if it is missing */
#define SH_O_TRUNC	(1u << 3)	/* cut to 0 bytes (needs WRITE) */
#define SH_O_APPEND	(1u << 4)	/* every WRITE goes to the end */
#define SH_O_EXCL	(1u << 5)	/* with CREATE: EEXIST if it exists */
#define SH_O_DIR	(1u << 6)	/* must be a directory (ENOTDIR) */
#define SH_O_ALL	0x7fu		/* every flag defined above */

/* ---- SEEK whence ------------------------------------------------------ */

#define SH_SEEK_SET	0u	/* off from the start */
#define SH_SEEK_CUR	1u	/* off from the current position */
#define SH_SEEK_END	2u	/* off from the end (the size STAT reports) */

/* ---- STAT ------------------------------------------------------------- */

#define SH_FTYPE_FILE	1u	/* bytes at offsets */
#define SH_FTYPE_DIR	2u	/* READDIR gives its entries */
#define SH_FTYPE_DEV	3u	/* a device or stream: offsets may mean nothing */

/* Permission bits, as POSIX spells them (0755 reads the same). */
#define SH_MODE_XOTH	0001u
#define SH_MODE_WOTH	0002u
#define SH_MODE_ROTH	0004u
#define SH_MODE_XGRP	0010u
#define SH_MODE_WGRP	0020u
#define SH_MODE_RGRP	0040u
#define SH_MODE_XUSR	0100u
#define SH_MODE_WUSR	0200u
#define SH_MODE_RUSR	0400u
#define SH_MODE_MASK	07777u	/* with setuid, setgid, sticky: kept, not obeyed */

/* What STAT replies. Times are ns since 1970-01-01 UTC, 0 when unknown. */
struct sh_stat {
	uint64_t id;		/* unique within the scheme while the file lives */
	uint64_t size;		/* bytes; directories and devices may say 0 */
	uint64_t atime;		/* last read */
	uint64_t mtime;		/* last change of contents */
	uint64_t ctime;		/* last change of contents or attributes */
	uint32_t type;		/* SH_FTYPE_* */
	uint32_t mode;		/* SH_MODE_* bits */
	uint32_t nlink;		/* names this file has (1 if the scheme has no links) */
	uint32_t blksize;	/* preferred I/O size, 0 if none */
};

/* ---- STATFS ----------------------------------------------------------- */

#define SH_FS_RDONLY	(1u << 0)	/* mounted read-only (by choice or damage) */
#define SH_FS_UNCLEAN	(1u << 1)	/* the last unmount was not clean */
#define SH_FS_ERRORS	(1u << 2)	/* damage was found; see the strate's log */

/* What STATFS replies: df's figures. */
struct sh_statfs {
	uint64_t bsize;		/* bytes of one block */
	uint64_t blocks;	/* blocks in the file system */
	uint64_t bfree;		/* blocks free */
	uint64_t bavail;	/* blocks free for ordinary writers */
	uint64_t files;		/* inodes (file slots) in all */
	uint64_t ffree;		/* inodes free */
	uint32_t flags;		/* SH_FS_* */
	char type[12];		/* "ext2", "fat32", NUL-padded */
};

/* ---- READDIR records -------------------------------------------------- */

/* One directory entry in a READDIR reply.  Records are packed back to
 * back; each starts 8-aligned and reclen (a multiple of 8) bytes after the
 * previous one.  The name follows the fixed part, namelen bytes with no
 * NUL ("." and ".." are not listed). */
struct sh_dirent {
	uint64_t id;		/* as sh_stat.id */
	uint64_t next;		/* cookie of the entry after this one */
	uint16_t reclen;	/* bytes of this record, padding included */
	uint16_t namelen;	/* 1..SH_FILENAME_MAX */
	uint32_t type;		/* SH_FTYPE_* */
	/* char name[namelen], then zero padding to reclen */
};

/* Bytes a record with an n-byte name takes. */
#define SH_DIRENT_SIZE(n) \
	((uint32_t)((sizeof(struct sh_dirent) + (uint32_t)(n) + 7u) & ~7u))

_Static_assert(sizeof(struct sh_req) == 32, "sh_req is ABI");
_Static_assert(sizeof(struct sh_stat) == 56, "sh_stat is ABI");
_Static_assert(sizeof(struct sh_dirent) == 24, "sh_dirent is ABI");
_Static_assert(sizeof(struct sh_statfs) == 64, "sh_statfs is ABI");
_Static_assert(sizeof(struct sh_req) + SH_WRITE_MAX <= SH_MSG_MAX,
	       "a WRITE fits in a message");
_Static_assert(sizeof(struct sh_req) + 2 * SH_PATH_MAX <= SH_MSG_MAX,
	       "a RENAME fits in a message");

#endif
