/* statvfs: df's figures for a file system (picolibc has no
 * <sys/statvfs.h>; Shale's libc gives it from the scheme protocol's
 * STATFS, see libc/posix_file.c). */
#ifndef _SYS_STATVFS_H
#define _SYS_STATVFS_H

#include <sys/types.h>

#define ST_RDONLY	1ul	/* mounted read-only */
#define ST_NOSUID	2ul	/* never set: there are no set-uid bits */

struct statvfs {
	unsigned long f_bsize;		/* block size */
	unsigned long f_frsize;		/* fragment size (= f_bsize) */
	fsblkcnt_t f_blocks;		/* blocks, in f_frsize units */
	fsblkcnt_t f_bfree;		/* free blocks */
	fsblkcnt_t f_bavail;		/* free for ordinary writers */
	fsfilcnt_t f_files;		/* inodes */
	fsfilcnt_t f_ffree;		/* free inodes */
	fsfilcnt_t f_favail;		/* free for ordinary writers */
	unsigned long f_fsid;		/* the scheme's endpoint handle */
	unsigned long f_flag;		/* ST_* */
	unsigned long f_namemax;	/* bytes of one name */
};

int statvfs(const char *__restrict path, struct statvfs *__restrict buf);
int fstatvfs(int fd, struct statvfs *buf);

#endif
