/* Files in Shale: the one file API, under POSIX open/read/write and
 * picolibc's stdio.  A path is a scheme path ("fs:/etc/motd"), a path
 * relative to the process's current directory ("notes", "../etc"), or a
 * path from the root of the current directory's scheme ("/etc").
 * libc resolves the scheme in the process's namespace (SH_NS from silod)
 * and speaks the scheme protocol (schemes/include/shale/scheme_client.h).
 *
 * A file descriptor (fd) is a small integer: 0, 1 and 2 are the console,
 * files get 3 and up.  sh_file_* and the POSIX calls share the same table:
 * open() is sh_file_open() with errno, and an fd from one works with the
 * other.  Each fd owns a 64 KiB message buffer, so a read or write moves
 * whole chunks; calls on different fds may run in different threads at
 * once, one fd serves one call at a time.
 *
 * Every sh_file_* call returns >= 0 or a negative SH_E* code and never
 * touches errno (libc/README.md: the POSIX calls set it). */
#ifndef SHALE_FILE_H
#define SHALE_FILE_H

#include <stddef.h>
#include <stdint.h>
#include <shale/scheme.h>
#include <shale/scheme_client.h>
#include <shale/scheme_ns.h>

#define SH_FD_FIRST	3u	/* the first file's fd (0..2: the console) */
#define SH_FD_MAX	64u	/* fds, the console's included */
/* Bytes of a full scheme path: "name:" + SH_PATH_MAX + NUL. */
#define SH_SPATH_MAX	(SH_SCHEME_NAME_MAX + 2u + SH_PATH_MAX)

/* ---- the namespace and the current directory --------------------------- */

/* This process's namespace: parsed from SH_NS on first use.  Entries may
 * be added (ns_add) before the table is shared between threads. */
struct ns_table *sh_ns(void);

/* Writes the full path for arg into out (room cap): "name:/normal/path".
 * arg "name:..." stands alone; "/x" is the root of cwd's scheme; anything
 * else joins cwd ("name:/path" in normal form, or NULL when there is
 * none).  Portable (host-tested).  Returns the length, or -SH_ENOENT (a
 * relative path and no cwd), -SH_EINVAL (bad scheme name, a NUL),
 * -SH_ENAMETOOLONG. */
int sh_path_resolve(const char *cwd, const char *arg, char *out, size_t cap);

/* The current directory ("fs:/home"), or "" when the namespace is empty.
 * It starts at "fs:/" when fs is in the namespace, else at the first
 * scheme's root.  Copies it into out (room cap).  Returns its length or
 * -SH_ERANGE. */
int sh_file_getcwd(char *out, size_t cap);

/* Makes path (resolved as above) the current directory after checking it
 * is one.  Returns 0, -SH_ENOTDIR, or what opening it says. */
int sh_file_chdir(const char *path);

/* ---- open files ---------------------------------------------------------- */

/* Opens path with SH_O_* flags (mode if it creates).  Returns the fd, or
 * -SH_ENOENT (scheme not in the namespace, or the strate's answer),
 * -SH_EINVAL (malformed path), -SH_ENOSPC (no free fd), -SH_ENOMEM. */
int sh_file_open(const char *path, uint32_t flags, uint32_t mode);

/* Opens spath, a path in normal form as the strate sees it ("/etc/x"),
 * on the endpoint ep the caller holds itself rather than through the
 * namespace: silod reads manifests so, with the scheme endpoints it
 * registered.  The fd does not own ep (closing it leaves ep open).
 * Returns the fd or -SH_E*, as sh_file_open. */
int sh_file_open_ep(sh_handle_t ep, const char *spath, uint32_t flags,
		    uint32_t mode);

/* Reads up to len bytes at the fd's position.  Returns the bytes read, 0
 * at end of file. */
int64_t sh_file_read(int fd, void *buf, size_t len);
/* Writes len bytes at the fd's position.  Returns the bytes written. */
int64_t sh_file_write(int fd, const void *buf, size_t len);
/* As read and write at offset off; the position does not move. */
int64_t sh_file_pread(int fd, void *buf, size_t len, uint64_t off);
int64_t sh_file_pwrite(int fd, const void *buf, size_t len, uint64_t off);
/* Moves the position (SH_SEEK_*).  Returns the new position. */
int64_t sh_file_seek(int fd, int64_t off, uint32_t whence);
/* Fills *st.  Returns 0. */
int sh_file_fstat(int fd, struct sh_stat *st);
/* Reads whole struct sh_dirent records from the directory's position into
 * buf (room cap); walk them with scheme_dirent_next.  Returns the bytes,
 * 0 at the end. */
int64_t sh_file_readdir(int fd, void *buf, uint32_t cap);
/* Sets the file's size.  Returns 0. */
int sh_file_truncate(int fd, uint64_t size);
/* Returns 0 once the file's data is on its device. */
int sh_file_fsync(int fd);
/* df's figures for the file system fd lives on.  Returns 0, -SH_ENOTSUP
 * where the scheme is not a file system. */
int sh_file_fstatfs(int fd, struct sh_statfs *sf);
/* Everything of fd's file system written back.  Returns 0. */
int sh_file_syncfs(int fd);
/* Closes fd (the strate's fid too).  Returns 0, or -SH_EBADH. */
int sh_file_close(int fd);
/* The channel under fd, for scheme_* calls this file does not wrap (the
 * fid goes in *fid).  Returns 0 or -SH_EBADH. */
int sh_file_chan(int fd, const struct scheme_chan **c, uint64_t *fid);

/* ---- by path ------------------------------------------------------------- */

/* stat by path: open without READ/WRITE, STAT, close.  Returns 0. */
int sh_file_stat(const char *path, struct sh_stat *st);
/* statfs by path (any file of the file system).  Returns 0. */
int sh_file_statfs(const char *path, struct sh_statfs *sf);
/* Path requests.  Return 0. */
int sh_file_unlink(const char *path);
int sh_file_mkdir(const char *path, uint32_t mode);
int sh_file_rmdir(const char *path);
/* Renames within one scheme (-SH_ENOTSUP across schemes: copy instead). */
int sh_file_rename(const char *from, const char *to);

/* Reads all of path into a malloc'd buffer (*data, *size; a NUL is added
 * after the data, not counted).  At most max bytes (-SH_E2BIG past
 * that).  Returns 0; the caller frees *data. */
int sh_file_read_all(const char *path, void **data, size_t *size, size_t max);

#endif
