/* POSIX file calls over sh_file_* (file.c): flags and structures turned
 * into the scheme protocol's, -SH_E* into errno (errno_map.c).  fds 0..2
 * are the console (posix.c); files are 3 and up.  picolibc's stdio
 * (fopen, fgets, fprintf, fclose) calls open, read, write, lseek and close
 * from here. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <shale.h>
#include <shale/file.h>
#include "libc_internal.h"

/* Sets errno from r when it is an error; returns -1 then, else r. */
static long ret(long r)
{
	if (r >= 0)
		return r;
	errno = sh_errno(r);
	return -1;
}

static int is_console(int fd)
{
	return fd >= 0 && fd < (int)SH_FD_FIRST;
}

/* O_* to SH_O_*.  Returns -SH_EINVAL for an access mode that is none of
 * the three. */
static long open_flags(int flags)
{
	uint32_t f = 0;

	switch (flags & O_ACCMODE) {
	case O_RDONLY: f = SH_O_READ; break;
	case O_WRONLY: f = SH_O_WRITE; break;
	case O_RDWR: f = SH_O_READ | SH_O_WRITE; break;
	default: return -SH_EINVAL;
	}
	if (flags & O_CREAT)
		f |= SH_O_CREATE;
	if (flags & O_TRUNC)
		f |= SH_O_TRUNC;
	if (flags & O_APPEND)
		f |= SH_O_APPEND;
	if (flags & O_EXCL)
		f |= SH_O_EXCL;
	if (flags & O_DIRECTORY)
		f |= SH_O_DIR;
	return f;
}

int open(const char *path, int flags, ...)
{
	uint32_t mode = 0;
	long f = open_flags(flags);

	if (flags & O_CREAT) {
		va_list ap;

		va_start(ap, flags);
		mode = (uint32_t)va_arg(ap, int) & SH_MODE_MASK;
		va_end(ap);
	}
	if (f < 0)
		return (int)ret(f);
	/* O_RDONLY|O_DIRECTORY opens for READDIR, not for READ */
	if ((flags & O_DIRECTORY) && (flags & O_ACCMODE) == O_RDONLY)
		f &= ~(long)SH_O_READ;
	return (int)ret(sh_file_open(path, (uint32_t)f, mode));
}

int close(int fd)
{
	if (is_console(fd))
		return 0;
	return (int)ret(sh_file_close(fd));
}

off_t lseek(int fd, off_t off, int whence)
{
	uint32_t w;

	switch (whence) {
	case SEEK_SET: w = SH_SEEK_SET; break;
	case SEEK_CUR: w = SH_SEEK_CUR; break;
	case SEEK_END: w = SH_SEEK_END; break;
	default: errno = EINVAL; return -1;
	}
	if (is_console(fd)) {
		errno = ESPIPE;
		return -1;
	}
	return (off_t)ret(sh_file_seek(fd, (int64_t)off, w));
}

ssize_t pread(int fd, void *buf, size_t n, off_t off)
{
	if (off < 0)
		return ret(-SH_EINVAL);
	if (is_console(fd)) {
		errno = ESPIPE;
		return -1;
	}
	return ret(sh_file_pread(fd, buf, n, (uint64_t)off));
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
	if (off < 0)
		return ret(-SH_EINVAL);
	if (is_console(fd)) {
		errno = ESPIPE;
		return -1;
	}
	return ret(sh_file_pwrite(fd, buf, n, (uint64_t)off));
}

/* struct sh_stat to struct stat. */
static void stat_fill(const struct sh_stat *s, struct stat *st)
{
	mode_t type = s->type == SH_FTYPE_DIR ? S_IFDIR :
		      s->type == SH_FTYPE_DEV ? S_IFCHR : S_IFREG;

	memset(st, 0, sizeof(*st));
	st->st_ino = (ino_t)s->id;
	st->st_mode = type | (mode_t)(s->mode & SH_MODE_MASK);
	st->st_nlink = (nlink_t)s->nlink;
	st->st_size = (off_t)s->size;
	st->st_blksize = s->blksize ? (blksize_t)s->blksize : 4096;
	st->st_blocks = (blkcnt_t)((s->size + 511) / 512);
	st->st_atim.tv_sec = (time_t)(s->atime / 1000000000u);
	st->st_atim.tv_nsec = (long)(s->atime % 1000000000u);
	st->st_mtim.tv_sec = (time_t)(s->mtime / 1000000000u);
	st->st_mtim.tv_nsec = (long)(s->mtime % 1000000000u);
	st->st_ctim.tv_sec = (time_t)(s->ctime / 1000000000u);
	st->st_ctim.tv_nsec = (long)(s->ctime % 1000000000u);
}

int fstat(int fd, struct stat *st)
{
	struct sh_stat s;
	int r;

	if (is_console(fd)) {
		memset(st, 0, sizeof(*st));
		st->st_mode = S_IFCHR | 0620;
		st->st_nlink = 1;
		return 0;
	}
	r = sh_file_fstat(fd, &s);
	if (r < 0)
		return (int)ret(r);
	stat_fill(&s, st);
	return 0;
}

int stat(const char *path, struct stat *st)
{
	struct sh_stat s;
	int r = sh_file_stat(path, &s);

	if (r < 0)
		return (int)ret(r);
	stat_fill(&s, st);
	return 0;
}

int unlink(const char *path)
{
	return (int)ret(sh_file_unlink(path));
}

int mkdir(const char *path, mode_t mode)
{
	return (int)ret(sh_file_mkdir(path, (uint32_t)mode & SH_MODE_MASK));
}

int rmdir(const char *path)
{
	return (int)ret(sh_file_rmdir(path));
}

int rename(const char *from, const char *to)
{
	int r = sh_file_rename(from, to);

	if (r == -SH_ENOTSUP) {
		errno = EXDEV;		/* across schemes: POSIX's word for it */
		return -1;
	}
	return (int)ret(r);
}

int fsync(int fd)
{
	if (is_console(fd))
		return 0;
	return (int)ret(sh_file_fsync(fd));
}

int ftruncate(int fd, off_t size)
{
	if (size < 0)
		return (int)ret(-SH_EINVAL);
	return (int)ret(sh_file_truncate(fd, (uint64_t)size));
}

char *getcwd(char *buf, size_t size)
{
	char here[SH_SPATH_MAX];
	int n = sh_file_getcwd(here, sizeof(here));

	if (n < 0) {
		errno = sh_errno(n);
		return NULL;
	}
	if (!buf) {
		/* as glibc: allocate, at least size bytes if size is given */
		size_t want = (size_t)n + 1 > size ? (size_t)n + 1 : size;

		buf = malloc(want);
		if (!buf) {
			errno = ENOMEM;
			return NULL;
		}
		size = want;
	}
	if ((size_t)n + 1 > size) {
		errno = size ? ERANGE : EINVAL;
		return NULL;
	}
	memcpy(buf, here, (size_t)n + 1);
	return buf;
}

int chdir(const char *path)
{
	return (int)ret(sh_file_chdir(path));
}

static void statvfs_fill(int fd, const struct sh_statfs *s, struct statvfs *v)
{
	const struct scheme_chan *c;
	uint64_t fid;

	memset(v, 0, sizeof(*v));
	v->f_bsize = (unsigned long)s->bsize;
	v->f_frsize = (unsigned long)s->bsize;
	v->f_blocks = s->blocks;
	v->f_bfree = s->bfree;
	v->f_bavail = s->bavail;
	v->f_files = s->files;
	v->f_ffree = s->ffree;
	v->f_favail = s->ffree;
	if (sh_file_chan(fd, &c, &fid) == 0)
		v->f_fsid = c->ep;
	v->f_flag = (s->flags & SH_FS_RDONLY) ? ST_RDONLY : 0;
	v->f_namemax = SH_FILENAME_MAX;
}

int fstatvfs(int fd, struct statvfs *v)
{
	struct sh_statfs s;
	int r = sh_file_fstatfs(fd, &s);

	if (r < 0)
		return (int)ret(r);
	statvfs_fill(fd, &s, v);
	return 0;
}

int statvfs(const char *path, struct statvfs *v)
{
	int fd = sh_file_open(path, 0, 0), r;

	if (fd < 0)
		return (int)ret(fd);
	r = fstatvfs(fd, v);
	sh_file_close(fd);
	return r;
}

/* SYNC on the root of every scheme in the namespace; those that are not
 * file systems answer -SH_ENOTSUP and are passed over. */
void sync(void)
{
	const struct ns_table *t = sh_ns();

	for (uint32_t i = 0; i < t->count; i++) {
		char root[SH_SCHEME_NAME_MAX + 3];
		size_t n = strlen(t->entries[i].name);
		int fd;

		memcpy(root, t->entries[i].name, n);
		memcpy(root + n, ":/", 3);
		fd = sh_file_open(root, 0, 0);
		if (fd < 0)
			continue;
		sh_file_syncfs(fd);
		sh_file_close(fd);
	}
}
