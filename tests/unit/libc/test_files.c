/* libc's file layer (file.c, ns.c): fds, the namespace, the current
 * directory and relative paths, path requests, against the memfs strate
 * over the fake kernel (tests/unit/schemes).  The namespace holds "fs"
 * (memfs) and "other" (an endpoint nobody serves). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <shale.h>
#include <shale/file.h>
#include <shale/scheme_serve.h>
#include "fake_ipc.h"
#include "memfs.h"

/* What libc's other files give file.c and ns.c on the target. */
const struct sh_start *sh_start_info(void) { return NULL; }
long sh_sys_yield(void) { return 0; }
long sh_sys_debug_write(long buf, long len) { (void)buf; return len; }
void libc_lock(volatile int *l) { *l = 1; }
void libc_unlock(volatile int *l) { *l = 0; }

static struct scheme_server srv;
static struct scheme_file sfiles[16];
static unsigned char rbuf[SCHEME_RECV_MIN];
static unsigned char obuf[SH_READ_MAX];

static int setup(void **state)
{
	static int ns_done;

	(void)state;
	fake_reset();
	memfs_reset();
	memfs_add("/etc", SH_FTYPE_DIR, NULL, 0);
	memfs_add("/etc/motd", SH_FTYPE_FILE, "hello, shale\n", 13);
	assert_int_equal(scheme_server_init(&srv, 5, &memfs_ops, NULL, sfiles,
					    16, rbuf, sizeof(rbuf), obuf,
					    sizeof(obuf)), 0);
	fake.loop = &srv;
	fake.loop_badge = 7;
	if (!ns_done) {
		/* no SH_NS on the host: an empty table the test fills */
		assert_int_equal(sh_ns()->count, 0);
		assert_int_equal(ns_add(sh_ns(), "other", 98, NULL), 0);
		assert_int_equal(ns_add(sh_ns(), "fs", FAKE_EP_LOOP, NULL), 0);
		ns_done = 1;
	}
	return 0;
}

static void test_cwd_starts_at_fs(void **state)
{
	char cwd[SH_SPATH_MAX];

	(void)state;
	/* fs:/ although "other" came first in the namespace */
	assert_int_equal(sh_file_getcwd(cwd, sizeof(cwd)), 4);
	assert_string_equal(cwd, "fs:/");
	assert_int_equal(sh_file_getcwd(cwd, 4), -SH_ERANGE);
}

static void test_open_read_relative(void **state)
{
	char buf[64];
	int fd, fd2;

	(void)state;
	assert_int_equal(sh_file_chdir("fs:/"), 0);
	fd = sh_file_open("etc/motd", SH_O_READ, 0);
	assert_true(fd >= (int)SH_FD_FIRST);
	fd2 = sh_file_open("fs:/etc/../etc/motd", SH_O_READ, 0);
	assert_true(fd2 > fd);
	assert_int_equal(sh_file_read(fd, buf, 5), 5);
	assert_memory_equal(buf, "hello", 5);
	/* each fd has its own position */
	assert_int_equal(sh_file_read(fd2, buf, 2), 2);
	assert_memory_equal(buf, "he", 2);
	assert_int_equal(sh_file_pread(fd, buf, 5, 7), 5);
	assert_memory_equal(buf, "shale", 5);
	assert_int_equal(sh_file_read(fd, buf, sizeof(buf)), 8);
	assert_int_equal(sh_file_seek(fd, -6, SH_SEEK_END), 7);
	assert_int_equal(sh_file_close(fd), 0);
	assert_int_equal(sh_file_close(fd), -SH_EBADH);
	assert_int_equal(sh_file_close(fd2), 0);
	/* the console's fds and junk are never files */
	assert_int_equal(sh_file_read(1, buf, 1), -SH_EBADH);
	assert_int_equal(sh_file_read(-1, buf, 1), -SH_EBADH);
	assert_int_equal(sh_file_read(100000, buf, 1), -SH_EBADH);
	assert_int_equal(memfs.opens, memfs.closes);
}

static void test_chdir(void **state)
{
	char cwd[SH_SPATH_MAX];
	struct sh_stat st;

	(void)state;
	assert_int_equal(sh_file_chdir("fs:/etc"), 0);
	assert_int_equal(sh_file_getcwd(cwd, sizeof(cwd)), 7);
	assert_string_equal(cwd, "fs:/etc");
	assert_int_equal(sh_file_stat("motd", &st), 0);
	assert_int_equal(st.size, 13);
	/* "/x" is the root of the cwd's scheme */
	assert_int_equal(sh_file_stat("/etc/motd", &st), 0);
	assert_int_equal(sh_file_chdir(".."), 0);
	assert_int_equal(sh_file_getcwd(cwd, sizeof(cwd)), 4);
	/* not a directory, missing, unknown scheme: cwd stays */
	assert_int_equal(sh_file_chdir("etc/motd"), -SH_ENOTDIR);
	assert_int_equal(sh_file_chdir("nowhere"), -SH_ENOENT);
	assert_int_equal(sh_file_chdir("nope:/"), -SH_ENOENT);
	assert_int_equal(sh_file_chdir("b@d:/"), -SH_EINVAL);
	assert_int_equal(sh_file_getcwd(cwd, sizeof(cwd)), 4);
	assert_string_equal(cwd, "fs:/");
	assert_int_equal(memfs.opens, memfs.closes);
}

static void test_write_create_truncate(void **state)
{
	char buf[64];
	int fd;

	(void)state;
	assert_int_equal(sh_file_chdir("fs:/"), 0);
	fd = sh_file_open("new", SH_O_WRITE | SH_O_CREATE | SH_O_EXCL, 0644);
	assert_true(fd >= 0);
	assert_int_equal(sh_file_write(fd, "abcdef", 6), 6);
	assert_int_equal(sh_file_pwrite(fd, "XY", 2, 1), 2);
	assert_int_equal(sh_file_fsync(fd), 0);
	assert_int_equal(sh_file_truncate(fd, 4), 0);
	/* memfs is no file system: no STATFS, no SYNC */
	{
		struct sh_statfs sf;

		assert_int_equal(sh_file_fstatfs(fd, &sf), -SH_ENOTSUP);
		assert_int_equal(sh_file_statfs("fs:/", &sf), -SH_ENOTSUP);
	}
	assert_int_equal(sh_file_close(fd), 0);
	assert_int_equal(sh_file_open("new", SH_O_WRITE | SH_O_CREATE |
				      SH_O_EXCL, 0644), -SH_EEXIST);
	fd = sh_file_open("fs:/new", SH_O_READ, 0);
	assert_int_equal(sh_file_read(fd, buf, sizeof(buf)), 4);
	assert_memory_equal(buf, "aXYd", 4);
	assert_int_equal(sh_file_close(fd), 0);
	assert_int_equal(memfs.fsyncs, 1);
}

static void test_path_requests(void **state)
{
	struct sh_stat st;
	void *data;
	size_t size;

	(void)state;
	assert_int_equal(sh_file_chdir("fs:/"), 0);
	assert_int_equal(sh_file_mkdir("d", 0755), 0);
	assert_int_equal(sh_file_mkdir("fs:/d", 0755), -SH_EEXIST);
	assert_int_equal(sh_file_chdir("d"), 0);
	memfs_add("/d/a", SH_FTYPE_FILE, "text", 4);
	assert_int_equal(sh_file_rename("a", "/d/b"), 0);
	assert_int_equal(sh_file_stat("a", &st), -SH_ENOENT);
	assert_int_equal(sh_file_read_all("b", &data, &size, 100), 0);
	assert_int_equal(size, 4);
	assert_string_equal(data, "text");
	free(data);
	assert_int_equal(sh_file_read_all("b", &data, &size, 3), -SH_E2BIG);
	/* across schemes there is no RENAME: the caller copies */
	assert_int_equal(sh_file_rename("b", "other:/b"), -SH_ENOTSUP);
	assert_int_equal(sh_file_rmdir("fs:/d"), -SH_ENOTEMPTY);
	assert_int_equal(sh_file_unlink("b"), 0);
	assert_int_equal(sh_file_chdir(".."), 0);
	assert_int_equal(sh_file_rmdir("d"), 0);
	assert_int_equal(sh_file_stat("d", &st), -SH_ENOENT);
	assert_int_equal(sh_file_unlink("nope:/x"), -SH_ENOENT);
	assert_int_equal(memfs.opens, memfs.closes);
}

static void test_directory_records(void **state)
{
	_Alignas(8) unsigned char recs[512];
	struct sh_dirent d;
	const char *name;
	uint32_t pos = 0;
	int fd, seen = 0;
	int64_t n;

	(void)state;
	fd = sh_file_open("fs:/etc", SH_O_DIR, 0);
	assert_true(fd >= 0);
	n = sh_file_readdir(fd, recs, sizeof(recs));
	assert_true(n > 0);
	while (scheme_dirent_next(recs, (uint32_t)n, &pos, &d, &name)) {
		assert_int_equal(d.namelen, 4);
		assert_memory_equal(name, "motd", 4);
		seen++;
	}
	assert_int_equal(seen, 1);
	assert_int_equal(sh_file_readdir(fd, recs, sizeof(recs)), 0);
	assert_int_equal(sh_file_close(fd), 0);
	assert_int_equal(sh_file_open("fs:/etc/motd", SH_O_DIR, 0), -SH_ENOTDIR);
}

/* Every fd in use: -SH_ENOSPC, and closing one frees it for the next. */
static void test_table_full(void **state)
{
	int fds[SH_FD_MAX], n = 0, fd;

	(void)state;
	/* memfs has 16 fids; ask it for fewer than that at once */
	for (;;) {
		fd = sh_file_open("fs:/etc/motd", 0, 0);
		if (fd < 0)
			break;
		fds[n++] = fd;
	}
	assert_true(fd == -SH_ENOSPC);
	assert_true(n > 0);
	assert_int_equal(sh_file_close(fds[n - 1]), 0);
	fd = sh_file_open("fs:/etc/motd", 0, 0);
	assert_int_equal(fd, fds[n - 1]);
	fds[n - 1] = fd;
	for (int i = 0; i < n; i++)
		assert_int_equal(sh_file_close(fds[i]), 0);
	assert_int_equal(memfs.opens, memfs.closes);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_cwd_starts_at_fs, setup),
		cmocka_unit_test_setup(test_open_read_relative, setup),
		cmocka_unit_test_setup(test_chdir, setup),
		cmocka_unit_test_setup(test_write_create_truncate, setup),
		cmocka_unit_test_setup(test_path_requests, setup),
		cmocka_unit_test_setup(test_directory_records, setup),
		cmocka_unit_test_setup(test_table_full, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
