/* fsd's schemes (fs: over ext2, bootpart: over FAT) driven by the real
 * scheme client and server library through the fake kernel copy of
 * tests/unit/schemes, on images made by mke2fs -d and mformat/mcopy:
 * what flint and libc see, without a QEMU boot. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <shale/errors.h>
#include <shale/scheme_client.h>
#include <shale/scheme_path.h>
#include "blk_file.h"
#include "fake_ipc.h"
#include "fat_exercise.h"
#include "fs_util.h"
#include "fsd.h"

/* fsd.c's helpers, as the host has them: no silod, so no prefixes. */
int fsd_resolve(uint64_t badge, const char *path, char *out, uint32_t cap)
{
	(void)badge;
	return path_join("/", 1, path, strlen(path), out, cap);
}

void fsd_log(void *arg, const char *msg)
{
	fs_log(arg, msg);
}

uint64_t fsd_ns(uint32_t s)
{
	return (uint64_t)s * 1000000000ull;
}

static struct scheme_server srv;
static struct scheme_file files[16];
static unsigned char rbuf[SCHEME_RECV_MIN];
static unsigned char obuf[SH_READ_MAX];
static _Alignas(8) unsigned char cbuf[SCHEME_CHAN_BEST];
static struct scheme_chan chan = { .ep = FAKE_EP_LOOP, .cap = sizeof(cbuf),
				   .buf = cbuf };
static struct blk_file bf;
static char img[1024];

static void serve(const struct scheme_ops *ops)
{
	fake_reset();
	assert_int_equal(scheme_server_init(&srv, 5, ops, NULL, files, 16, rbuf,
					    sizeof(rbuf), obuf, sizeof(obuf)), 0);
	fake.loop = &srv;
	fake.loop_badge = 7;
}

/* An ext2 image with /etc/motd and /many (500 entries). */
static void make_ext2(const char *tag, unsigned n)
{
	const char *tree = fs_fmt("%s/fsd-tree-%s", fs_dir(), tag);
	unsigned i;

	snprintf(img, sizeof(img), "%s/fsd-%s.img", fs_dir(), tag);
	assert_int_equal(fs_run("rm -rf '%s' && mkdir -p '%s/etc' '%s/many' && "
				"echo 'Welcome to Shale.' > '%s/etc/motd'",
				tree, tree, tree, tree), 0);
	for (i = 0; i < n; i++)
		assert_int_equal(fs_run("true > '%s/many/name-%04u'", tree, i), 0);
	assert_int_equal(fs_make_ext2(img, tree, 1024, 8192), 0);
}

static void start_ext2(void)
{
	assert_int_equal(blk_file_open(&bf, img, 0, 0, 0), 0);
	assert_int_equal(fsd_ext2_start(&bf.dev), 0);
	serve(&fsd_ext2_ops);
}

static void stop_ext2(void)
{
	assert_int_equal(fsd_ext2_stop(), 0);
	blk_file_close(&bf);
}

static void test_fs_files(void **s)
{
	char buf[256];
	struct sh_stat st;
	struct sh_statfs sf;
	int64_t fid, fid2;

	(void)s;
	make_ext2("files", 0);
	start_ext2();
	fid = scheme_open(&chan, "/etc/motd", SH_O_READ, 0);
	assert_true(fid > 0);
	assert_int_equal(scheme_read(&chan, fid, 0, buf, sizeof(buf)), 18);
	assert_memory_equal(buf, "Welcome to Shale.\n", 18);
	assert_int_equal(scheme_stat(&chan, fid, &st), 0);
	assert_int_equal(st.type, SH_FTYPE_FILE);
	assert_int_equal(st.size, 18);
	assert_int_equal(st.nlink, 1);
	assert_int_equal(st.blksize, 1024);
	assert_true(st.mtime > 1000000000ull * 1000000000ull);
	assert_int_equal(scheme_write(&chan, fid, 0, "x", 1), -SH_EPERM);
	scheme_close(&chan, fid);

	/* create, write, append, read back, truncate */
	fid = scheme_open(&chan, "/etc/new", SH_O_READ | SH_O_WRITE |
			  SH_O_CREATE | SH_O_EXCL, 0600);
	assert_true(fid > 0);
	assert_int_equal(scheme_open(&chan, "/etc/new", SH_O_READ | SH_O_CREATE |
				     SH_O_EXCL, 0600), -SH_EEXIST);
	assert_int_equal(scheme_write(&chan, fid, 0, "hello ", 6), 6);
	assert_int_equal(scheme_write(&chan, fid, 6, "world", 5), 5);
	assert_int_equal(scheme_read(&chan, fid, 0, buf, sizeof(buf)), 11);
	assert_memory_equal(buf, "hello world", 11);
	/* an open file cannot be removed or replaced */
	assert_int_equal(scheme_unlink(&chan, "/etc/new"), -SH_EBUSY);
	assert_int_equal(scheme_rename(&chan, "/etc/motd", "/etc/new"),
			 -SH_EBUSY);
	assert_int_equal(scheme_truncate(&chan, fid, 5), 0);
	assert_int_equal(scheme_stat(&chan, fid, &st), 0);
	assert_int_equal(st.size, 5);
	assert_int_equal(st.mode, 0600);
	assert_int_equal(scheme_fsync(&chan, fid), 0);
	scheme_close(&chan, fid);
	fid = scheme_open(&chan, "/etc/new", SH_O_WRITE | SH_O_APPEND, 0);
	assert_true(fid > 0);
	assert_int_equal(scheme_write(&chan, fid, SH_OFF_CUR, "!!", 2), 2);
	scheme_close(&chan, fid);
	fid = scheme_open(&chan, "/etc/new", SH_O_READ, 0);
	assert_int_equal(scheme_read(&chan, fid, 0, buf, sizeof(buf)), 7);
	assert_memory_equal(buf, "hello!!", 7);
	scheme_close(&chan, fid);

	/* what flint's write does: create and cut to 0 at once, then write */
	fid = scheme_open(&chan, "/etc/fresh", SH_O_WRITE | SH_O_CREATE |
			  SH_O_TRUNC, 0644);
	assert_true(fid > 0);
	assert_int_equal(scheme_write(&chan, fid, SH_OFF_CUR, "hi there\n", 9), 9);
	assert_int_equal(scheme_truncate(&chan, fid, 0), 0);
	assert_int_equal(scheme_truncate(&chan, fid, 0), 0);
	assert_int_equal(scheme_write(&chan, fid, 0, "again\n", 6), 6);
	scheme_close(&chan, fid);
	fid = scheme_open(&chan, "/etc/fresh", SH_O_READ | SH_O_WRITE |
			  SH_O_TRUNC, 0);
	assert_int_equal(scheme_read(&chan, fid, 0, buf, sizeof(buf)), 0);
	assert_int_equal(scheme_write(&chan, fid, 0, "third\n", 6), 6);
	scheme_close(&chan, fid);

	/* kinds */
	assert_int_equal(scheme_open(&chan, "/etc/motd", SH_O_READ | SH_O_DIR, 0),
			 -SH_ENOTDIR);
	assert_int_equal(scheme_open(&chan, "/etc", SH_O_WRITE, 0), -SH_EISDIR);
	assert_int_equal(scheme_open(&chan, "/nope", SH_O_READ, 0), -SH_ENOENT);
	fid = scheme_open(&chan, "/etc", SH_O_READ | SH_O_DIR, 0);
	assert_true(fid > 0);
	assert_int_equal(scheme_read(&chan, fid, 0, buf, 4), -SH_EISDIR);

	/* directories, renames */
	assert_int_equal(scheme_mkdir(&chan, "/home", 0755), 0);
	assert_int_equal(scheme_mkdir(&chan, "/home", 0755), -SH_EEXIST);
	assert_int_equal(scheme_rename(&chan, "/etc/new", "/home/moved"), 0);
	assert_int_equal(scheme_rmdir(&chan, "/home"), -SH_ENOTEMPTY);
	/* an open directory is not removed */
	fid2 = scheme_open(&chan, "/home", SH_O_READ | SH_O_DIR, 0);
	assert_int_equal(scheme_unlink(&chan, "/home/moved"), 0);
	assert_int_equal(scheme_rmdir(&chan, "/home"), -SH_EBUSY);
	scheme_close(&chan, fid2);
	assert_int_equal(scheme_rmdir(&chan, "/home"), 0);

	assert_int_equal(scheme_statfs(&chan, fid, &sf), 0);
	assert_string_equal(sf.type, "ext2");
	assert_int_equal(sf.flags, 0);
	assert_int_equal(sf.bsize, 1024);
	assert_int_equal(sf.blocks, 8192);
	assert_true(sf.bfree > 0 && sf.bfree < sf.blocks);
	assert_true(sf.files > sf.ffree && sf.ffree > 0);
	assert_int_equal(scheme_sync(&chan, fid), 0);
	scheme_close(&chan, fid);
	stop_ext2();
	assert_int_equal(fs_run("e2fsck -fn '%s' >'%s.fsck' 2>&1", img, img), 0);
	assert_int_equal(fs_run("debugfs -R 'cat /etc/motd' '%s' 2>/dev/null | "
				"grep -q Welcome", img), 0);
}

/* READDIR in small replies, by cookies, lists each name once. */
static void test_fs_readdir(void **s)
{
	static unsigned char seen[600];
	unsigned char buf[1024];
	uint64_t cookie = 0;
	unsigned total = 0, replies = 0, i;
	int64_t fid, n;

	(void)s;
	make_ext2("dir", 500);
	start_ext2();
	fid = scheme_open(&chan, "/many", SH_O_READ | SH_O_DIR, 0);
	assert_true(fid > 0);
	for (;;) {
		uint32_t pos = 0;
		struct sh_dirent d;
		const char *nm;

		n = scheme_readdir(&chan, fid, cookie, buf, sizeof(buf));
		assert_true(n >= 0);
		if (n == 0)
			break;
		replies++;
		while (scheme_dirent_next(buf, (uint32_t)n, &pos, &d, &nm) > 0) {
			unsigned k;
			char name[32];

			assert_true(d.namelen < sizeof(name));
			memcpy(name, nm, d.namelen);
			name[d.namelen] = 0;
			assert_int_equal(sscanf(name, "name-%04u", &k), 1);
			assert_true(k < 500);
			seen[k]++;
			assert_int_equal(d.type, SH_FTYPE_FILE);
			cookie = d.next;
			total++;
		}
	}
	assert_int_equal(total, 500);
	assert_true(replies > 5);
	for (i = 0; i < 500; i++)
		assert_int_equal(seen[i], 1);
	scheme_close(&chan, fid);
	stop_ext2();
}

/* A file system left unclean says so in STATFS. */
static void test_fs_unclean(void **s)
{
	struct sh_statfs sf;
	int64_t fid;

	(void)s;
	make_ext2("unclean", 0);
	assert_int_equal(fs_run("debugfs -w -R 'ssv state 0' '%s' "
				">/dev/null 2>&1", img), 0);
	fs_log_reset();
	start_ext2();
	assert_true(fs_log_has("not cleanly unmounted"));
	fid = scheme_open(&chan, "/", SH_O_READ | SH_O_DIR, 0);
	assert_int_equal(scheme_statfs(&chan, fid, &sf), 0);
	assert_int_equal(sf.flags, SH_FS_UNCLEAN);
	scheme_close(&chan, fid);
	stop_ext2();
}

static void test_bootpart(void **s)
{
	const char *tree = fs_fmt("%s/fsd-fat-tree", fs_dir());
	char buf[64];
	struct sh_statfs sf;
	struct sh_stat st;
	int64_t fid;

	(void)s;
	snprintf(img, sizeof(img), "%s/fsd-fat.img", fs_dir());
	assert_int_equal(fx_make_tree(tree, 5, 5000), 0);
	assert_int_equal(fs_run("rm -f '%s' && truncate -s 64M '%s' && "
				"mformat -F -i '%s' :: && mcopy -s -i '%s' "
				"'%s'/* ::/", img, img, img, img, tree), 0);
	assert_int_equal(blk_file_open(&bf, img, 0, 0, 1), 0);
	assert_int_equal(fsd_fat_start(&bf.dev), 0);
	serve(&fsd_fat_ops);
	fid = scheme_open(&chan, "/a/b/c/deep file.bin", SH_O_READ, 0);
	assert_true(fid > 0);
	assert_int_equal(scheme_stat(&chan, fid, &st), 0);
	assert_int_equal(st.size, 3000);
	assert_int_equal(scheme_read(&chan, fid, 10, buf, 5), 5);
	assert_int_equal((unsigned char)buf[0], fs_pat(10, 10));
	assert_int_equal(scheme_write(&chan, fid, 0, "x", 1), -SH_EPERM);
	assert_int_equal(scheme_statfs(&chan, fid, &sf), 0);
	assert_string_equal(sf.type, "fat32");
	assert_int_equal(sf.flags, SH_FS_RDONLY);
	scheme_close(&chan, fid);
	assert_int_equal(scheme_open(&chan, "/new", SH_O_WRITE | SH_O_CREATE,
				     0644), -SH_EPERM);
	assert_int_equal(scheme_mkdir(&chan, "/d", 0755), -SH_EPERM);
	assert_int_equal(scheme_unlink(&chan, "/one"), -SH_EPERM);
	blk_file_close(&bf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fs_files),
		cmocka_unit_test(test_fs_readdir),
		cmocka_unit_test(test_fs_unclean),
		cmocka_unit_test(test_bootpart),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
