/* The file BIFs (module shale_file) behind lib/file.erl: open, read,
 * write, seek, close by descriptor; whole files, directories, info,
 * delete, rename by path.  POSIX calls, which both platforms have: glibc
 * on a host, Shale's libc on the silo (paths are scheme paths there,
 * "fs:/etc/motd").  Errors are {error, Reason} with OTP's reason atoms.
 * Paths arrive as binaries (file.erl encodes names as UTF-8).  Every
 * path is checked against the calling process's capability token
 * (cap.c): {error, eacces} when it does not reach it.  So is every use of
 * a descriptor, against the path it was opened on (cap_fd.c): a process
 * cannot borrow another's file by guessing its number, and numbers this
 * module never handed out (the VM's stdin, stdout, stderr) are ebadf. */
#define _POSIX_C_SOURCE 200809L
#include "beam.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#define BIF(name) static term name(struct proc *p __attribute__((unused)), \
				   term *a __attribute__((unused)))

#define FILE_PATH_MAX 4096
#define FILE_READ_MAX (64u << 20)	/* one read/2 call's bytes */

static term atom_of(const char *s)
{
	return atom_intern(s, strlen(s));
}

/* errno as OTP names it. */
static term err_atom(int e)
{
	switch (e) {
	case ENOENT: return atom_of("enoent");
	case EACCES: return atom_of("eacces");
	case EPERM: return atom_of("eperm");
	case EEXIST: return atom_of("eexist");
	case ENOTDIR: return atom_of("enotdir");
	case EISDIR: return atom_of("eisdir");
	case ENOTEMPTY: return atom_of("eexist");	/* as OTP's del_dir */
	case EBADF: return atom_of("ebadf");
	case EINVAL: return atom_of("einval");
	case ENOSPC: return atom_of("enospc");
	case ENOMEM: return atom_of("enomem");
	case EBUSY: return atom_of("ebusy");
	case EROFS: return atom_of("erofs");
	case ENAMETOOLONG: return atom_of("enametoolong");
	case EMFILE: return atom_of("emfile");
	case EXDEV: return atom_of("exdev");
	case ENOSYS: return atom_of("enotsup");
	default: return atom_of("eio");
	}
}

static term error_tuple(struct proc *p, int e)
{
	return tuple2(p, ATOM(error), err_atom(e));
}

/* A path binary as a C string in buf.  false if it is not one. */
static bool path_str(term t, char *buf)
{
	size_t n;
	uint8_t *d = iolist_flatten(t, &n);
	if (!d)
		return false;
	bool ok = n > 0 && n < FILE_PATH_MAX && !memchr(d, 0, n);
	if (ok) {
		memcpy(buf, d, n);
		buf[n] = '\0';
	}
	free(d);
	return ok;
}

/* The path in t if p's token lets it reach it (for writing if write):
 * 1; 0 if t is not a path (badarg); -1 if the token says no (eacces). */
static int path_of(struct proc *p, term t, char *buf, bool write)
{
	if (!path_str(t, buf))
		return 0;
	return cap_allows(p->cap, buf, write) ? 1 : -1;
}

static bool fd_of(term t, int *fd)
{
	if (!is_small(t) || small_val(t) < 0 || small_val(t) > INT32_MAX)
		return false;
	*fd = (int)small_val(t);
	return true;
}

/* 0 if p may use fd for reading (writing if write), else the errno. */
static int fd_allowed(struct proc *p, int fd, bool write)
{
	return cap_fd_check(p->cap, fd, write);
}

/* open(Path, Read, Write, Append, Exclusive) -> {ok, Fd} | {error, R} */
BIF(b_file_open)
{
	char path[FILE_PATH_MAX];
	bool rd = a[1] == ATOM(true), wr = a[2] == ATOM(true);
	bool app = a[3] == ATOM(true), excl = a[4] == ATOM(true);
	int ok = path_of(p, a[0], path, wr || app);
	if (ok <= 0)
		return ok ? error_tuple(p, EACCES) : BADARG(p);
	int flags = rd && (wr || app) ? O_RDWR : (wr || app) ? O_WRONLY : O_RDONLY;
	if (wr || app)
		flags |= O_CREAT;
	if (wr && !rd && !app)
		flags |= O_TRUNC;
	if (app)
		flags |= O_APPEND;
	if (excl)
		flags |= O_EXCL;
	int fd = open(path, flags, 0644);
	if (fd < 0)
		return error_tuple(p, errno);
	int e = cap_fd_record(fd, path, wr || app, p->cap);
	if (e) {
		close(fd);
		return error_tuple(p, e);
	}
	return tuple2(p, ATOM(ok), make_small(fd));
}

/* read(Fd, N) -> {ok, Binary} | eof | {error, R} */
BIF(b_file_read)
{
	int fd;
	if (!fd_of(a[0], &fd) || !is_small(a[1]) || small_val(a[1]) < 0)
		return BADARG(p);
	int e = fd_allowed(p, fd, false);
	if (e)
		return error_tuple(p, e);
	size_t want = (size_t)small_val(a[1]);
	if (want > FILE_READ_MAX)
		want = FILE_READ_MAX;
	uint8_t *buf = malloc(want ? want : 1);
	if (!buf)
		return error_tuple(p, ENOMEM);
	size_t got = 0;
	while (got < want) {
		ssize_t r = read(fd, buf + got, want - got);
		if (r < 0) {
			int e = errno;
			free(buf);
			return error_tuple(p, e);
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	term res = got == 0 && want > 0 ? ATOM(eof)
		   : tuple2(p, ATOM(ok), bin_new(p, buf, got));
	free(buf);
	return res;
}

/* write(Fd, IoData) -> ok | {error, R} */
BIF(b_file_write)
{
	int fd;
	if (!fd_of(a[0], &fd))
		return BADARG(p);
	size_t n;
	uint8_t *d = iolist_flatten(a[1], &n);
	if (!d)
		return BADARG(p);
	int e = fd_allowed(p, fd, true);
	if (e) {
		free(d);
		return error_tuple(p, e);
	}
	size_t done = 0;
	while (done < n) {
		ssize_t w = write(fd, d + done, n - done);
		if (w <= 0) {
			int e = w < 0 ? errno : ENOSPC;
			free(d);
			return error_tuple(p, e);
		}
		done += (size_t)w;
	}
	free(d);
	return ATOM(ok);
}

/* position(Fd, bof | cur | eof, Offset) -> {ok, Pos} | {error, R} */
BIF(b_file_position)
{
	int fd;
	if (!fd_of(a[0], &fd) || !is_small(a[2]))
		return BADARG(p);
	int whence = a[1] == atom_of("bof") ? SEEK_SET
		     : a[1] == atom_of("cur") ? SEEK_CUR
		     : a[1] == atom_of("eof") ? SEEK_END : -1;
	if (whence < 0)
		return BADARG(p);
	int e = fd_allowed(p, fd, false);
	if (e)
		return error_tuple(p, e);
	off_t r = lseek(fd, (off_t)small_val(a[2]), whence);
	if (r < 0)
		return error_tuple(p, errno);
	return tuple2(p, ATOM(ok), int_from_i64(p, (int64_t)r));
}

/* close(Fd) -> ok | {error, R} */
BIF(b_file_close)
{
	int fd;
	if (!fd_of(a[0], &fd))
		return BADARG(p);
	int e = fd_allowed(p, fd, false);
	if (e)
		return error_tuple(p, e);
	cap_fd_forget(fd);
	return close(fd) == 0 ? ATOM(ok) : error_tuple(p, errno);
}

/* list_dir(Path) -> {ok, [Name :: binary]} | {error, R} */
BIF(b_file_list_dir)
{
	char path[FILE_PATH_MAX];
	int ok = path_of(p, a[0], path, false);
	if (ok <= 0)
		return ok ? error_tuple(p, EACCES) : BADARG(p);
	DIR *d = opendir(path);
	if (!d)
		return error_tuple(p, errno);
	term names = NIL;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		names = cons(p, bin_new(p, e->d_name, strlen(e->d_name)), names);
	}
	closedir(d);
	return tuple2(p, ATOM(ok), names);
}

/* info(Path) -> {ok, {Type, Size, MtimeSeconds, Mode}} | {error, R} */
BIF(b_file_info)
{
	char path[FILE_PATH_MAX];
	int ok = path_of(p, a[0], path, false);
	if (ok <= 0)
		return ok ? error_tuple(p, EACCES) : BADARG(p);
	struct stat st;
	if (stat(path, &st) < 0)
		return error_tuple(p, errno);
	const char *type = S_ISDIR(st.st_mode) ? "directory"
			   : S_ISREG(st.st_mode) ? "regular"
			   : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "device"
			   : "other";
	term t = make_tuple(p, 4);
	term *el = tuple_elems(t);
	el[0] = atom_of(type);
	el[1] = int_from_i64(p, (int64_t)st.st_size);
	el[2] = int_from_i64(p, (int64_t)st.st_mtime);
	el[3] = make_small((int64_t)(st.st_mode & 07777));
	return tuple2(p, ATOM(ok), t);
}

/* Path requests: delete, make_dir, del_dir. */
static term path_call(struct proc *p, term path_t, int (*fn)(const char *))
{
	char path[FILE_PATH_MAX];
	int ok = path_of(p, path_t, path, true);
	if (ok <= 0)
		return ok ? error_tuple(p, EACCES) : BADARG(p);
	return fn(path) == 0 ? ATOM(ok) : error_tuple(p, errno);
}

static int do_mkdir(const char *path)
{
	return mkdir(path, 0755);
}

BIF(b_file_delete) { return path_call(p, a[0], unlink); }
BIF(b_file_make_dir) { return path_call(p, a[0], do_mkdir); }
BIF(b_file_del_dir) { return path_call(p, a[0], rmdir); }

BIF(b_file_rename)
{
	char from[FILE_PATH_MAX], to[FILE_PATH_MAX];
	int ok1 = path_of(p, a[0], from, true), ok2 = path_of(p, a[1], to, true);
	if (ok1 == 0 || ok2 == 0)
		return BADARG(p);
	if (ok1 < 0 || ok2 < 0)
		return error_tuple(p, EACCES);
	return rename(from, to) == 0 ? ATOM(ok) : error_tuple(p, errno);
}

const struct bif_def bifs_file[] = {
	{"shale_file", "open", 5, b_file_open},
	{"shale_file", "read", 2, b_file_read},
	{"shale_file", "write", 2, b_file_write},
	{"shale_file", "position", 3, b_file_position},
	{"shale_file", "close", 1, b_file_close},
	{"shale_file", "list_dir", 1, b_file_list_dir},
	{"shale_file", "info", 1, b_file_info},
	{"shale_file", "delete", 1, b_file_delete},
	{"shale_file", "make_dir", 1, b_file_make_dir},
	{"shale_file", "del_dir", 1, b_file_del_dir},
	{"shale_file", "rename", 2, b_file_rename},
	{NULL, NULL, 0, NULL},
};
