/* ext2: a portable ext2 (revision 1) file system over a struct blkdev.
 *
 * No OS calls: memory comes from malloc, bytes from the blkdev, the time
 * from a callback.  Built for Shale (fsd) and for the host (tests/unit/fs,
 * tests/fuzz/ext2).  Not thread-safe: one caller at a time per ext2_fs.
 *
 * Paths are absolute and in normal form ("/", "/a/b").  Files are named
 * by inode number once found.  Every call returns >= 0 or -SH_E*:
 * -SH_EPERM for a change on a read-only mount, -SH_EBADMSG (with a line
 * in the message log) for something on disk that cannot be right, -SH_EIO
 * for the device. */
#ifndef FSD_EXT2_H
#define FSD_EXT2_H

#include <stddef.h>
#include <stdint.h>
#include "blkdev.h"

struct ext2_fs;

#define EXT2_MOUNT_RDONLY	(1u << 0)	/* never write */

/* What the mount found (ext2_info). */
#define EXT2_INFO_RDONLY	(1u << 0)	/* read-only (asked, or damage) */
#define EXT2_INFO_UNCLEAN	(1u << 1)	/* last unmount was not clean */
#define EXT2_INFO_ERRORS	(1u << 2)	/* damage seen (s_state, or since) */

struct ext2_mount_opts {
	uint32_t flags;			/* EXT2_MOUNT_* */
	uint32_t cache_blocks;		/* cache size in blocks (>= 16) */
	uint32_t cache_bytes;		/* or in bytes, if not 0 */
	uint32_t (*now)(void *arg);	/* seconds since 1970, or NULL */
	void *now_arg;
	/* Called with each message (mount findings, damage); may be NULL. */
	void (*log)(void *arg, const char *msg);
	void *log_arg;
};

struct ext2_stat {
	uint32_t ino;
	uint16_t mode;		/* EXT2_S_IF* | permissions */
	uint16_t nlink;
	uint64_t size;
	uint32_t atime, mtime, ctime;
	uint32_t blocks512;
};

struct ext2_statfs {
	uint32_t bsize;
	uint32_t blocks, bfree, bavail;
	uint32_t inodes, ifree;
	uint32_t info;		/* EXT2_INFO_* */
};

/* Mounts the file system on dev.  Returns 0 with *out set, or -SH_EBADMSG
 * (not ext2, or damage that forbids even reading: the log says what),
 * -SH_ENOTSUP (an incompatible feature: the log names it), -SH_ENOMEM,
 * -SH_EIO.  An unknown read-only-compatible feature or lesser damage
 * mounts read-only (ext2_info says so).  A read-write mount marks the
 * file system not clean on disk until ext2_unmount. */
int ext2_mount(struct blkdev *dev, const struct ext2_mount_opts *o,
	       struct ext2_fs **out);

/* Writes everything back, marks the file system clean (if it was clean
 * at mount, and nothing went wrong since) and frees fs.  Returns 0 or
 * the first write error (fs is freed in any case). */
int ext2_unmount(struct ext2_fs *fs);

/* EXT2_INFO_* bits. */
uint32_t ext2_info(const struct ext2_fs *fs);

/* Writes every changed block back, in order, and flushes the device. */
int ext2_sync(struct ext2_fs *fs);

/* Finds path.  Returns 0 and *ino, -SH_ENOENT, -SH_ENOTDIR (a component
 * on the way is not a directory). */
int ext2_lookup(struct ext2_fs *fs, const char *path, uint32_t *ino);

int ext2_stat(struct ext2_fs *fs, uint32_t ino, struct ext2_stat *st);
int ext2_statfs(struct ext2_fs *fs, struct ext2_statfs *sf);

/* Reads up to n bytes at off of a regular file (or a symlink's target).
 * Returns the bytes read (0 at or past the end), -SH_EISDIR. */
int64_t ext2_read(struct ext2_fs *fs, uint32_t ino, uint64_t off, void *buf,
		  size_t n);

/* Writes n bytes at off (holes before off read as zeros).  Returns n, or
 * an error with nothing partly written past what the size shows
 * (-SH_ENOSPC, -SH_EFBIG as -SH_E2BIG past the largest file). */
int64_t ext2_write(struct ext2_fs *fs, uint32_t ino, uint64_t off,
		   const void *buf, size_t n);

/* Sets a regular file's size; blocks past it are freed. */
int ext2_truncate(struct ext2_fs *fs, uint32_t ino, uint64_t size);

/* Creates a regular file (mode: permission bits).  Returns 0 and *ino,
 * -SH_EEXIST, -SH_ENOENT (no parent), -SH_ENOTDIR, -SH_ENOSPC,
 * -SH_ENAMETOOLONG. */
int ext2_create(struct ext2_fs *fs, const char *path, uint32_t mode,
		uint32_t *ino);
int ext2_mkdir(struct ext2_fs *fs, const char *path, uint32_t mode);
/* Removes a name of a non-directory (-SH_EISDIR for a directory). */
int ext2_unlink(struct ext2_fs *fs, const char *path);
/* Removes an empty directory (-SH_ENOTEMPTY, -SH_EBUSY for "/"). */
int ext2_rmdir(struct ext2_fs *fs, const char *path);
/* Renames from to to, replacing a file or an empty directory there
 * (-SH_EISDIR / -SH_ENOTDIR when kinds differ, -SH_ENOTEMPTY, -SH_EINVAL
 * for a directory moved under itself). */
int ext2_rename(struct ext2_fs *fs, const char *from, const char *to);

/* One entry for ext2_readdir's callback: return 0 to go on, 1 to stop
 * before this entry (it is given again from the same cookie). */
typedef int (*ext2_dir_cb)(void *arg, uint32_t ino, int ftype_dir,
			   const char *name, uint32_t namelen,
			   uint64_t next_cookie);

/* Calls cb for each entry of directory ino (not "." and "..") from
 * cookie (0: the first).  Returns 0 at the end or when cb stopped,
 * -SH_ENOTDIR. */
int ext2_readdir(struct ext2_fs *fs, uint32_t ino, uint64_t cookie,
		 ext2_dir_cb cb, void *arg);

#endif
