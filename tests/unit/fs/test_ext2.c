/* The portable ext2 on images made by mke2fs -d from a generated tree:
 * every byte read back equals the source; changes made through it leave
 * an image e2fsck -fn finds clean and debugfs reads the same bytes from;
 * a machine that dies mid-way leaves only what e2fsck -p repairs. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ftw.h>
#include <cmocka.h>
#include <shale/errors.h>
#include "blk_file.h"
#include "ext2.h"
#include "fs_model.h"
#include "fs_util.h"

#define NBIG 3000u

static uint32_t fake_now(void *arg)
{
	(void)arg;
	return 1700000000u;
}

static struct ext2_mount_opts opts(uint32_t flags, uint32_t cache)
{
	struct ext2_mount_opts o = {
		.flags = flags, .cache_blocks = cache, .now = fake_now,
		.log = fs_log,
	};
	return o;
}

/* One image per block size, made once from one tree. */
static const char *pristine(unsigned bsize)
{
	static int made;
	static char img[2][1024];
	char tree[1024];
	char *img_p = img[bsize == 1024];

	snprintf(tree, sizeof(tree), "%s/ext2-tree", fs_dir());
	snprintf(img_p, sizeof(img[0]), "%s/ext2-%u.img", fs_dir(), bsize);
	if (!(made & 1)) {
		assert_int_equal(fs_make_tree(tree, NBIG,
					      (size_t)5 << 20), 0);
		made |= 1;
	}
	if (!(made & (int)bsize)) {
		assert_int_equal(fs_make_ext2(img_p, tree, bsize, 40960), 0);
		made |= (int)bsize;
	}
	return img_p;
}

/* A fresh copy of the pristine image, named by tag, into img. */
static void work_copy(char *img, size_t cap, unsigned bsize, const char *tag)
{
	const char *src = pristine(bsize);

	snprintf(img, cap, "%s/ext2-%u-%s.img", fs_dir(), bsize, tag);
	assert_int_equal(fs_copy(src, img), 0);
}

/* ---- every byte of the tree ------------------------------------------ */

static struct ext2_fs *walk_fs;
static size_t walk_root_len;
static unsigned walk_files;

static int compare_one(const char *path, const struct stat *st, int type,
		       struct FTW *ftw)
{
	uint8_t *want, *got = NULL;
	size_t wlen;
	int64_t glen;

	(void)st; (void)ftw;
	if (type != FTW_F)
		return 0;
	want = fs_slurp(path, &wlen);
	assert_non_null(want);
	glen = ext2_slurp(walk_fs, path + walk_root_len, &got);
	if (glen != (int64_t)wlen)
		fail_msg("%s: %lld bytes, want %zu", path, (long long)glen, wlen);
	assert_memory_equal(got, want, wlen);
	free(want);
	free(got);
	walk_files++;
	return 0;
}

struct names {
	unsigned n;
	unsigned seen[NBIG];
	int dirs;
};

static int count_entry(void *arg, uint32_t ino, int isdir, const char *name,
		       uint32_t len, uint64_t next)
{
	struct names *nm = arg;
	unsigned k;

	(void)ino; (void)next;
	if (isdir)
		nm->dirs++;
	if (len == 11 && sscanf(name, "entry-%05u", &k) == 1 && k < NBIG)
		nm->seen[k]++;
	nm->n++;
	return 0;
}

static void read_tree(unsigned bsize)
{
	const char *img = pristine(bsize);
	struct ext2_mount_opts o = opts(EXT2_MOUNT_RDONLY, 64);
	struct ext2_fs *fs;
	struct blk_file bf;
	struct names *nm = calloc(1, sizeof(*nm));
	uint32_t ino, i;

	assert_int_equal(blk_file_open(&bf, img, 0, 0, 1), 0);
	assert_int_equal(ext2_mount(&bf.dev, &o, &fs), 0);
	assert_true(ext2_info(fs) & EXT2_INFO_RDONLY);
	walk_fs = fs;
	walk_files = 0;
	walk_root_len = strlen(fs_fmt("%s/ext2-tree", fs_dir()));
	assert_int_equal(nftw(fs_fmt("%s/ext2-tree", fs_dir()), compare_one,
			      16, FTW_PHYS), 0);
	assert_int_equal(walk_files, NBIG + 8);

	/* the 3,000-entry directory lists each name once */
	assert_int_equal(ext2_lookup(fs, "/bigdir", &ino), 0);
	assert_int_equal(ext2_readdir(fs, ino, 0, count_entry, nm), 0);
	assert_int_equal(nm->n, NBIG);
	for (i = 0; i < NBIG; i++)
		assert_int_equal(nm->seen[i], 1);

	assert_int_equal(ext2_lookup(fs, "/nothing", &ino), -SH_ENOENT);
	assert_int_equal(ext2_lookup(fs, "/one/x", &ino), -SH_ENOTDIR);
	assert_int_equal(ext2_create(fs, "/x", 0644, &ino), -SH_EPERM);
	assert_int_equal(ext2_unmount(fs), 0);
	blk_file_close(&bf);
	free(nm);
}

static void test_read_1k(void **s) { (void)s; read_tree(1024); }
static void test_read_4k(void **s) { (void)s; read_tree(4096); }

/* ---- changes, then Linux's tools ------------------------------------- */

static void change_and_check(unsigned bsize, uint32_t cache, const char *tag)
{
	char img[1024];
	struct ext2_mount_opts o = opts(0, cache);
	struct model *m = calloc(1, sizeof(*m));
	struct ext2_fs *fs;
	struct blk_file bf;
	struct names *nm = calloc(1, sizeof(*nm));
	struct ext2_statfs before, after;
	uint32_t ino;

	work_copy(img, sizeof(img), bsize, tag);
	m->nbig = NBIG;
	assert_int_equal(blk_file_open(&bf, img, 0, 0, 0), 0);
	assert_int_equal(ext2_mount(&bf.dev, &o, &fs), 0);
	assert_int_equal(ext2_info(fs), 0);
	ext2_statfs(fs, &before);
	assert_int_equal(model_workload(fs, m, bsize, (size_t)5 << 20), 0);
	assert_int_equal(model_check_ext2(fs, m), 0);
	ext2_statfs(fs, &after);
	/* 304 inodes made and kept; 1,500 entries and the old /empty gone */
	assert_int_equal(after.ifree, before.ifree + NBIG / 2 + 1 - 304);
	assert_true(after.bfree != before.bfree);
	assert_int_equal(ext2_unmount(fs), 0);
	blk_file_close(&bf);

	assert_int_equal(fs_run("e2fsck -fn '%s' >'%s.fsck' 2>&1", img, img), 0);
	assert_int_equal(model_check_debugfs(img, m), 0);

	/* and a second mount reads the same */
	assert_int_equal(blk_file_open(&bf, img, 0, 0, 0), 0);
	assert_int_equal(ext2_mount(&bf.dev, &o, &fs), 0);
	assert_int_equal(ext2_info(fs) & EXT2_INFO_UNCLEAN, 0);
	assert_int_equal(model_check_ext2(fs, m), 0);
	assert_int_equal(ext2_lookup(fs, "/bigdir", &ino), 0);
	assert_int_equal(ext2_readdir(fs, ino, 0, count_entry, nm), 0);
	assert_int_equal(nm->n, m->bigdir_left);
	assert_int_equal(ext2_unmount(fs), 0);
	blk_file_close(&bf);
	model_free(m);
	free(m);
	free(nm);
}

static void test_change_1k(void **s) { (void)s; change_and_check(1024, 256, "chg"); }
static void test_change_4k(void **s) { (void)s; change_and_check(4096, 256, "chg"); }
/* A cache of 16 blocks: write-back by eviction all the time. */
static void test_change_small_cache(void **s)
{
	(void)s;
	change_and_check(1024, 16, "small");
}

/* ---- a machine that dies --------------------------------------------- */

/* The workload on a device that stops writing after limit writes; then
 * e2fsck -p must repair the image by itself (exit 0 or 1) and e2fsck -fn
 * find it clean afterwards. */
static void crash_after(unsigned bsize, long limit, uint32_t cache)
{
	char img[1024];
	struct ext2_mount_opts o = opts(0, cache);
	struct model *m = calloc(1, sizeof(*m));
	struct ext2_fs *fs;
	struct blk_file bf;
	int st;

	work_copy(img, sizeof(img), bsize, fs_fmt("crash%ld", limit));
	m->nbig = NBIG;
	assert_int_equal(blk_file_open(&bf, img, 0, 0, 0), 0);
	assert_int_equal(ext2_mount(&bf.dev, &o, &fs), 0);
	bf.writes_left = limit;
	/* Once writes are lost, what it reads back is stale: the workload
	 * may fail; only the image left matters. */
	model_quiet = 1;
	model_workload(fs, m, bsize, (size_t)5 << 20);
	model_quiet = 0;
	ext2_unmount(fs);	/* its writes past the limit are lost */
	blk_file_close(&bf);

	st = fs_run("e2fsck -p '%s' >'%s.fsck' 2>&1", img, img);
	if (st != 0 && st != 1)
		fail_msg("crash after %ld writes: e2fsck -p exit %d (see %s.fsck)",
			 limit, st, img);
	assert_int_equal(fs_run("e2fsck -fn '%s' >>'%s.fsck' 2>&1", img, img), 0);

	/* it was left not clean, and a mount says so */
	model_free(m);
	free(m);
}

static void test_crash(void **s)
{
	static const long limits[] = { 1, 5, 40, 200, 700, 1500, 3000 };
	unsigned i;

	(void)s;
	for (i = 0; i < sizeof(limits) / sizeof(limits[0]); i++)
		crash_after(1024, limits[i], 32);
}

static void test_unclean_reported(void **s)
{
	char img[1024];
	struct ext2_mount_opts o = opts(0, 64);
	struct ext2_fs *fs;
	struct blk_file bf;
	struct ext2_statfs sf;
	uint32_t ino;
	int st;

	(void)s;
	work_copy(img, sizeof(img), 1024, "unclean");
	assert_int_equal(blk_file_open(&bf, img, 0, 0, 0), 0);
	assert_int_equal(ext2_mount(&bf.dev, &o, &fs), 0);
	assert_int_equal(ext2_create(fs, "/a", 0644, &ino), 0);
	assert_int_equal(ext2_sync(fs), 0);
	bf.writes_left = 0;	/* dies before unmounting */
	ext2_unmount(fs);
	blk_file_close(&bf);

	fs_log_reset();
	assert_int_equal(blk_file_open(&bf, img, 0, 0, 0), 0);
	assert_int_equal(ext2_mount(&bf.dev, &o, &fs), 0);
	assert_true(ext2_info(fs) & EXT2_INFO_UNCLEAN);
	assert_true(fs_log_has("not cleanly unmounted"));
	ext2_statfs(fs, &sf);
	assert_true(sf.info & EXT2_INFO_UNCLEAN);
	/* the synced file is there */
	assert_int_equal(ext2_lookup(fs, "/a", &ino), 0);
	assert_int_equal(ext2_unmount(fs), 0);
	blk_file_close(&bf);
	/* still not clean on disk: e2fsck -p checks it, and marks it clean */
	st = fs_run("e2fsck -p '%s' >'%s.fsck' 2>&1", img, img);
	assert_true(st == 0 || st == 1);	/* 1: it marked it clean */
	assert_int_equal(blk_file_open(&bf, img, 0, 0, 0), 0);
	assert_int_equal(ext2_mount(&bf.dev, &o, &fs), 0);
	assert_int_equal(ext2_info(fs) & EXT2_INFO_UNCLEAN, 0);
	assert_int_equal(ext2_unmount(fs), 0);
	blk_file_close(&bf);
	assert_int_equal(fs_run("e2fsck -fn '%s' >/dev/null 2>&1", img), 0);
}

/* A file written and read in 64 KiB pieces costs a device call per run
 * of consecutive blocks, not one per block. */
static void test_runs(void **s)
{
	char img[1024];
	struct ext2_mount_opts o = opts(0, 1024);
	struct ext2_fs *fs;
	struct blk_file bf;
	static uint8_t buf[65536], back[65536];
	uint32_t ino, i;
	long w0, r0, w1;

	(void)s;
	work_copy(img, sizeof(img), 4096, "runs");
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = fs_pat(77, i);
	assert_int_equal(blk_file_open(&bf, img, 0, 0, 0), 0);
	assert_int_equal(ext2_mount(&bf.dev, &o, &fs), 0);
	assert_int_equal(ext2_create(fs, "/seq", 0644, &ino), 0);
	w0 = bf.writes;
	for (i = 0; i < 32; i++)	/* 2 MiB */
		assert_int_equal(ext2_write(fs, ino, (uint64_t)i * sizeof(buf),
					    buf, sizeof(buf)), sizeof(buf));
	assert_int_equal(ext2_sync(fs), 0);
	/* 512 data blocks, an indirect block, bitmaps, inode, descriptors */
	w1 = bf.writes - w0;
	if (w1 > 48)
		fail_msg("%ld device writes for 2 MiB", w1);
	assert_int_equal(ext2_unmount(fs), 0);

	assert_int_equal(ext2_mount(&bf.dev, &o, &fs), 0);
	r0 = bf.reads;
	for (i = 0; i < 32; i++) {
		assert_int_equal(ext2_read(fs, ino, (uint64_t)i * sizeof(back),
					   back, sizeof(back)), sizeof(back));
		assert_memory_equal(back, buf, sizeof(buf));
	}
	printf("2 MiB in 64 KiB pieces: %ld device writes, %ld reads\n",
	       w1, bf.reads - r0);
	if (bf.reads - r0 > 48)
		fail_msg("%ld device reads for 2 MiB", bf.reads - r0);
	assert_int_equal(ext2_unmount(fs), 0);
	blk_file_close(&bf);
	assert_int_equal(fs_run("e2fsck -fn '%s' >/dev/null 2>&1", img), 0);
}

/* A disk that fills: the write that does not fit says so (-SH_ENOSPC)
 * after writing what fits, the image stays clean, and removing the file
 * gives every block back. */
static void test_full(void **s)
{
	const char *img = fs_fmt("%s/ext2-full.img", fs_dir());
	struct ext2_mount_opts o = opts(0, 64);
	struct ext2_statfs before, after;
	static uint8_t buf[65536];
	struct ext2_fs *fs;
	struct blk_file bf;
	uint64_t off = 0;
	int64_t n = 0;
	uint32_t ino, i;

	(void)s;
	assert_int_equal(fs_run("rm -f '%s' && mke2fs -q -F -t ext2 -b 1024 "
				"'%s' 2048k >/dev/null 2>&1", img, img), 0);
	assert_int_equal(blk_file_open(&bf, img, 0, 0, 0), 0);
	assert_int_equal(ext2_mount(&bf.dev, &o, &fs), 0);
	ext2_statfs(fs, &before);
	assert_int_equal(ext2_create(fs, "/fill", 0644, &ino), 0);
	for (i = 0; i < 100; i++) {
		n = ext2_write(fs, ino, off, buf, sizeof(buf));
		if (n != (int64_t)sizeof(buf))
			break;
		off += (uint64_t)n;
	}
	/* the last write was short (what fitted), or refused outright */
	if (n > 0) {
		off += (uint64_t)n;
		n = ext2_write(fs, ino, off, buf, sizeof(buf));
	}
	assert_int_equal(n, -SH_ENOSPC);
	assert_true(off > 1500 * 1024);
	ext2_statfs(fs, &after);
	assert_int_equal(after.bfree, 0);
	assert_int_equal(ext2_mkdir(fs, "/d", 0755), -SH_ENOSPC);
	assert_int_equal(ext2_unmount(fs), 0);
	assert_int_equal(fs_run("e2fsck -fn '%s' >'%s.fsck' 2>&1", img, img), 0);

	assert_int_equal(ext2_mount(&bf.dev, &o, &fs), 0);
	assert_int_equal(ext2_lookup(fs, "/fill", &ino), 0);
	{
		struct ext2_stat st;

		assert_int_equal(ext2_stat(fs, ino, &st), 0);
		assert_int_equal(st.size, off);
	}
	assert_int_equal(ext2_unlink(fs, "/fill"), 0);
	ext2_statfs(fs, &after);
	assert_int_equal(after.bfree, before.bfree);
	assert_int_equal(after.ifree, before.ifree);
	assert_int_equal(ext2_unmount(fs), 0);
	blk_file_close(&bf);
	assert_int_equal(fs_run("e2fsck -fn '%s' >'%s.fsck' 2>&1", img, img), 0);
}

/* A hashed (htree) directory, as e2fsck -D makes one: read linearly,
 * changed (its index flag cleared), and e2fsck still finds it right. */
static void test_htree(void **s)
{
	char img[1024];
	struct ext2_mount_opts o = opts(0, 256);
	struct names *nm = calloc(1, sizeof(*nm));
	struct ext2_fs *fs;
	struct blk_file bf;
	uint32_t ino, i;

	(void)s;
	work_copy(img, sizeof(img), 1024, "htree");
	assert_int_equal(fs_run("e2fsck -fyD '%s' >/dev/null 2>&1; "
				"debugfs -R 'htree /bigdir' '%s' 2>&1 | "
				"grep -q 'Root node dump'", img, img), 0);
	assert_int_equal(blk_file_open(&bf, img, 0, 0, 0), 0);
	assert_int_equal(ext2_mount(&bf.dev, &o, &fs), 0);
	assert_int_equal(ext2_lookup(fs, "/bigdir", &ino), 0);
	assert_int_equal(ext2_readdir(fs, ino, 0, count_entry, nm), 0);
	assert_int_equal(nm->n, NBIG);
	for (i = 0; i < NBIG; i++)
		assert_int_equal(nm->seen[i], 1);
	for (i = 0; i < NBIG; i += 30) {
		uint32_t x;

		assert_int_equal(ext2_lookup(fs, fs_fmt("/bigdir/entry-%05u", i),
					     &x), 0);
		assert_int_equal(ext2_unlink(fs, fs_fmt("/bigdir/entry-%05u",
							i)), 0);
		assert_int_equal(ext2_create(fs, fs_fmt("/bigdir/new-%05u", i),
					     0644, &x), 0);
	}
	assert_int_equal(ext2_unmount(fs), 0);
	blk_file_close(&bf);
	assert_int_equal(fs_run("e2fsck -fn '%s' >'%s.fsck' 2>&1", img, img), 0);
	free(nm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_1k),
		cmocka_unit_test(test_read_4k),
		cmocka_unit_test(test_change_1k),
		cmocka_unit_test(test_change_4k),
		cmocka_unit_test(test_change_small_cache),
		cmocka_unit_test(test_unclean_reported),
		cmocka_unit_test(test_crash),
		cmocka_unit_test(test_runs),
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_htree),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
