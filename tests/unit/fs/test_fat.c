/* The portable FAT on images made by mformat and mcopy (FAT12, FAT16,
 * FAT32, long names): every file reads back byte for byte and every
 * directory lists exactly its names; damaged images are refused or their
 * damage reported, never a crash (ASan, UBSan). */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <ftw.h>
#include <cmocka.h>
#include <shale/errors.h>
#include "blk_file.h"
#include "fat.h"
#include "fat_exercise.h"
#include "fs_util.h"

#define NSUB 300u

static char tree[1024];

static int setup(void **s)
{
	(void)s;
	snprintf(tree, sizeof(tree), "%s/fat-tree", fs_dir());
	return fx_make_tree(tree, NSUB, (size_t)1300 * 1024);
}

static struct fat_fs *walk_fs;
static unsigned walk_files, walk_dirs;

struct names {
	char names[NSUB + 16][256];
	unsigned n;
};

static int collect(void *arg, const struct fat_node *n, const char *name,
		   uint32_t len, uint64_t next)
{
	struct names *nm = arg;

	(void)n; (void)next;
	assert_true(len < 256);
	assert_true(nm->n < NSUB + 16);
	memcpy(nm->names[nm->n], name, len);
	nm->names[nm->n][len] = '\0';
	nm->n++;
	return 0;
}

static int compare_one(const char *path, const struct stat *st, int type,
		       struct FTW *ftw)
{
	const char *rel = path + strlen(tree);
	struct fat_node node;

	(void)st; (void)ftw;
	if (*rel == '\0')
		rel = "/";
	if (fat_lookup(walk_fs, rel, &node) != 0)
		fail_msg("%s: not found", rel);
	if (type == FTW_F) {
		size_t wlen, off = 0;
		uint8_t *want = fs_slurp(path, &wlen), *got = malloc(wlen + 1);

		assert_false(node.dir);
		assert_int_equal(node.size, wlen);
		while (off < wlen) {
			int64_t n = fat_read(walk_fs, &node, off, got + off,
					     wlen - off < 1000 ? wlen - off : 1000);
			assert_true(n > 0);
			off += (size_t)n;
		}
		assert_memory_equal(got, want, wlen);
		assert_int_equal(fat_read(walk_fs, &node, wlen, got, 1), 0);
		free(want);
		free(got);
		walk_files++;
	} else if (type == FTW_D) {
		struct names *nm = calloc(1, sizeof(*nm));
		DIR *d = opendir(path);
		struct dirent *de;
		unsigned host = 0, i;

		assert_true(node.dir);
		assert_int_equal(fat_readdir(walk_fs, &node, 0, collect, nm), 0);
		while ((de = readdir(d))) {
			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			host++;
			for (i = 0; i < nm->n; i++)
				if (!strcmp(nm->names[i], de->d_name))
					break;
			if (i == nm->n)
				fail_msg("%s: %s not listed", rel, de->d_name);
		}
		closedir(d);
		assert_int_equal(nm->n, host);
		free(nm);
		walk_dirs++;
	}
	return 0;
}

static void check_image(const char *mkfs, unsigned size_kib, int bits)
{
	const char *img = fs_fmt("%s/fat%d.img", fs_dir(), bits);
	struct blk_file bf;
	struct fat_statfs sf;
	struct fat_node n;
	uint8_t b;

	assert_int_equal(fs_run("rm -f '%s' && truncate -s %uk '%s' && "
				"mformat -i '%s' %s :: && mcopy -s -i '%s' "
				"'%s'/* ::/", img, size_kib, img, img, mkfs,
				img, tree), 0);
	assert_int_equal(blk_file_open(&bf, img, 0, 0, 1), 0);
	assert_int_equal(fat_mount(&bf.dev, 64, fs_log, NULL, &walk_fs), 0);
	assert_int_equal(fat_statfs(walk_fs, &sf), 0);
	assert_int_equal(sf.bits, bits);
	assert_true(sf.bfree > 0 && sf.bfree < sf.blocks);
	walk_files = walk_dirs = 0;
	assert_int_equal(nftw(tree, compare_one, 16, FTW_PHYS), 0);
	assert_int_equal(walk_files, NSUB + 10);
	assert_int_equal(walk_dirs, 5);
	/* names compare without regard to case; a file is no directory */
	assert_int_equal(fat_lookup(walk_fs, "/mixedcase.TXT", &n), 0);
	assert_int_equal(n.size, 10);
	assert_int_equal(fat_lookup(walk_fs, "/one/x", &n), -SH_ENOTDIR);
	assert_int_equal(fat_lookup(walk_fs, "/nothing", &n), -SH_ENOENT);
	assert_int_equal(fat_lookup(walk_fs, "/sub", &n), 0);
	assert_int_equal(fat_read(walk_fs, &n, 0, &b, 1), -SH_EISDIR);
	fat_unmount(walk_fs);
	blk_file_close(&bf);
}

static void test_fat12(void **s) { (void)s; check_image("-C -f 2880", 2880, 12); }
static void test_fat16(void **s) { (void)s; check_image("", 32768, 16); }
static void test_fat32(void **s) { (void)s; check_image("-F", 65536, 32); }

static struct fx_base base;

static int mount_copy(uint8_t *img, struct fat_fs **fs)
{
	struct blk_mem m;
	static struct blk_mem keep;

	blk_mem_init(&m, img, base.size);
	keep = m;
	keep.dev.ctx = &keep;
	fs_log_reset();
	return fat_mount(&keep.dev, 16, fs_log, NULL, fs);
}

static void test_damaged(void **s)
{
	uint8_t *img;
	struct fat_fs *fs;
	struct fat_node n;
	uint8_t buf[32768];
	int64_t r;

	(void)s;
	assert_int_equal(fx_make_base(&base, fs_dir()), 0);
	img = malloc(base.size);

	memcpy(img, base.img, base.size);
	img[510] = 0;
	assert_int_equal(mount_copy(img, &fs), -SH_EBADMSG);
	assert_true(fs_log_has("signature"));

	memcpy(img, base.img, base.size);
	img[11] = 100;	/* bytes per sector */
	assert_int_equal(mount_copy(img, &fs), -SH_EBADMSG);
	assert_true(fs_log_has("bytes per sector"));

	memcpy(img, base.img, base.size);
	img[22] = 1;	/* a FAT of one sector */
	img[23] = 0;
	assert_int_equal(mount_copy(img, &fs), -SH_EBADMSG);

	/* big's chain: its second cluster points to cluster 1 (reserved) */
	memcpy(img, base.img, base.size);
	assert_int_equal(mount_copy(img, &fs), 0);
	assert_int_equal(fat_lookup(fs, "/big", &n), 0);
	fat_unmount(fs);
	{
		uint32_t c = n.first;	/* FAT12: 12-bit entry of c */
		uint8_t *fat = img + base.off[FX_FAT];
		uint32_t o = c + c / 2;

		if (c & 1) {
			fat[o] = (uint8_t)((fat[o] & 0x0f) | 0x10);
			fat[o + 1] = 0;
		} else {
			fat[o] = 1;
			fat[o + 1] = (uint8_t)(fat[o + 1] & 0xf0);
		}
	}
	assert_int_equal(mount_copy(img, &fs), 0);
	assert_int_equal(fat_lookup(fs, "/big", &n), 0);
	r = fat_read(fs, &n, 0, buf, sizeof(buf));
	assert_true(r == -SH_EBADMSG || (r > 0 && r < (int64_t)sizeof(buf)));
	assert_true(fs_log_has("FAT chain"));
	fat_unmount(fs);
	free(img);
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)rng;
}

static void test_fuzzed_fields(void **s)
{
	uint8_t *img = malloc(base.size);
	unsigned i, k, mounted = 0;

	(void)s;
	for (i = 0; i < 3000; i++) {
		memcpy(img, base.img, base.size);
		for (k = 0; k < 1 + next() % 3; k++)
			fx_patch(&base, img, i % FX_NREGION, next(),
				 1u << (next() % 3),
				 next() & 1 ? next() % 4 : next());
		if (fx_run(img, base.size) == 0)
			mounted++;
	}
	assert_true(mounted > 1500);
	free(img);
	free(base.img);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fat12),
		cmocka_unit_test(test_fat16),
		cmocka_unit_test(test_fat32),
		cmocka_unit_test(test_damaged),
		cmocka_unit_test(test_fuzzed_fields),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
