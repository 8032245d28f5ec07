/* Damaged ext2 images: each is refused or mounted read-only with a
 * message saying what is wrong, or its damage is reported when met —
 * never a crash (this test runs under ASan and UBSan). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <shale/errors.h>
#include "blk_file.h"
#include "ext2.h"
#include "ext2_fmt.h"
#include "ext2_exercise.h"
#include "fs_util.h"

static struct ex_base base;

static int setup(void **s)
{
	(void)s;
	return ex_make_base(&base, fs_dir());
}

static uint8_t *copy(void)
{
	uint8_t *c = malloc(base.size);

	memcpy(c, base.img, base.size);
	return c;
}

static int mount_img(uint8_t *img, struct ext2_fs **fs, struct blk_mem *m)
{
	struct ext2_mount_opts o = { .cache_blocks = 32, .log = fs_log };

	blk_mem_init(m, img, base.size);
	fs_log_reset();
	return ext2_mount(&m->dev, &o, fs);
}

static struct ext2_super *sb_of(uint8_t *img)
{
	return (struct ext2_super *)(img + 1024);
}

static void test_features(void **s)
{
	uint8_t *img = copy();
	struct ext2_fs *fs;
	struct blk_mem m;
	uint32_t ino;

	(void)s;
	sb_of(img)->s_feature_incompat |= 0x40;		/* extent */
	assert_int_equal(mount_img(img, &fs, &m), -SH_ENOTSUP);
	assert_true(fs_log_has("extent"));
	memcpy(img, base.img, base.size);
	sb_of(img)->s_feature_incompat |= 0x40000000;	/* nobody's */
	assert_int_equal(mount_img(img, &fs, &m), -SH_ENOTSUP);
	assert_true(fs_log_has("0x40000000"));

	memcpy(img, base.img, base.size);
	sb_of(img)->s_feature_ro_compat |= 0x400;	/* metadata_csum */
	assert_int_equal(mount_img(img, &fs, &m), 0);
	assert_true(fs_log_has("metadata_csum"));
	assert_true(ext2_info(fs) & EXT2_INFO_RDONLY);
	assert_int_equal(ext2_create(fs, "/new", 0644, &ino), -SH_EPERM);
	assert_int_equal(ext2_lookup(fs, "/one", &ino), 0);
	assert_int_equal(ext2_unlink(fs, "/one"), -SH_EPERM);
	assert_int_equal(ext2_unmount(fs), 0);
	/* nothing was written: the image is as it was */
	sb_of(img)->s_feature_ro_compat &= ~0x400u;
	assert_memory_equal(img, base.img, base.size);
	free(img);
}

static void expect_refused(void (*damage)(uint8_t *), const char *says)
{
	uint8_t *img = copy();
	struct ext2_fs *fs;
	struct blk_mem m;

	damage(img);
	assert_int_equal(mount_img(img, &fs, &m), -SH_EBADMSG);
	if (!fs_log_has(says))
		fail_msg("log lacks \"%s\": %s", says, fs_last_log());
	free(img);
}

static void bad_magic(uint8_t *i) { sb_of(i)->s_magic = 0x1234; }
static void bad_bsize(uint8_t *i) { sb_of(i)->s_log_block_size = 20; }
static void bad_ipg(uint8_t *i) { sb_of(i)->s_inodes_per_group = 0; }
static void bad_count(uint8_t *i) { sb_of(i)->s_blocks_count = 2000; }
static void bad_isize(uint8_t *i) { sb_of(i)->s_inode_size = 100; }
static void bad_gd_bb(uint8_t *i)
{
	((struct ext2_group_desc *)(i + base.off[EX_GDT]))->bg_block_bitmap = 0;
}
static void bad_gd_it(uint8_t *i)
{
	((struct ext2_group_desc *)(i + base.off[EX_GDT]))->bg_inode_table =
		900000;
}
static void bad_root(uint8_t *i)
{
	/* root inode (2) is the second 128-byte inode of the table */
	struct ext2_inode *in = (void *)(i + base.off[EX_ITABLE0] + 128);

	in->i_mode = EXT2_S_IFREG | 0644;
}

static void test_refused(void **s)
{
	(void)s;
	expect_refused(bad_magic, "no ext2 superblock");
	expect_refused(bad_bsize, "block size");
	expect_refused(bad_ipg, "per group");
	expect_refused(bad_count, "device has");
	expect_refused(bad_isize, "inode size");
	expect_refused(bad_gd_bb, "group 0: block bitmap");
	expect_refused(bad_gd_it, "group 0: inode table");
	expect_refused(bad_root, "root inode");
}

/* Damage met after mounting is reported, flagged, and remembered on disk:
 * the next mount is read-only. */
static void test_damage_found_later(void **s)
{
	uint8_t *img = copy();
	struct ext2_dirent *de = (void *)(img + base.off[EX_ROOTDIR]);
	struct ext2_fs *fs;
	struct blk_mem m;
	uint32_t ino;

	(void)s;
	de->rec_len = 3;	/* "." of the root directory */
	assert_int_equal(mount_img(img, &fs, &m), 0);
	assert_int_equal(ext2_lookup(fs, "/one", &ino), -SH_EBADMSG);
	assert_true(fs_log_has("rec_len"));
	assert_true(ext2_info(fs) & EXT2_INFO_ERRORS);
	assert_int_equal(ext2_unmount(fs), 0);
	assert_int_equal(mount_img(img, &fs, &m), 0);
	assert_true(ext2_info(fs) & EXT2_INFO_RDONLY);
	assert_true(fs_log_has("errors recorded"));
	assert_int_equal(ext2_unmount(fs), 0);
	free(img);

	/* a block number past the end in an inode */
	img = copy();
	assert_int_equal(mount_img(img, &fs, &m), 0);
	assert_int_equal(ext2_lookup(fs, "/f4097", &ino), 0);
	ext2_unmount(fs);
	{
		/* ino's i_block[0] := huge */
		const struct ext2_super *sb = sb_of(img);
		uint64_t at = base.off[EX_ITABLE0] + (uint64_t)(ino - 1) *
			      (sb->s_rev_level ? sb->s_inode_size : 128u);
		uint32_t big = 0xfffffff0u;

		memcpy(img + at + 40, &big, 4);
	}
	assert_int_equal(mount_img(img, &fs, &m), 0);
	{
		uint8_t buf[64];

		assert_int_equal(ext2_read(fs, ino, 0, buf, sizeof(buf)),
				 -SH_EBADMSG);
	}
	assert_true(fs_log_has("block number"));
	ext2_unmount(fs);
	free(img);
}

/* The exercise itself, on the undamaged image and without a clock, leaves
 * what e2fsck -fn finds clean (the fuzzed runs start from it). */
static void test_exercise_clean(void **s)
{
	uint8_t *img = copy();
	const char *out = fs_fmt("%s/ex-clean.img", fs_dir());
	uint32_t info = 1;
	FILE *f;

	(void)s;
	assert_int_equal(ex_run(img, base.size, &info), 0);
	assert_int_equal(info, 0);
	f = fopen(out, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(img, 1, base.size, f), base.size);
	fclose(f);
	assert_int_equal(fs_run("e2fsck -fn '%s' >'%s.fsck' 2>&1", out, out), 0);
	free(img);
}

static uint64_t rng = 0x2545f4914f6cdd1dull;

static uint32_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)rng;
}

/* Seeded patches in every region: nothing crashes. */
static void test_fuzzed_fields(void **s)
{
	uint8_t *img = malloc(base.size);
	unsigned i, k, mounted = 0;
	static const uint32_t vals[] = { 0, 1, 2, 0xff, 0xffff, 0xffffffffu,
					 0x7fffffffu, 0x80000000u, 12, 1024 };

	(void)s;
	for (i = 0; i < 3000; i++) {
		uint32_t info = 0;
		unsigned np = 1 + next() % 3;

		memcpy(img, base.img, base.size);
		for (k = 0; k < np; k++) {
			uint32_t v = next() & 1 ? vals[next() % 10] : next();

			ex_patch(&base, img, i % EX_NREGION, next(),
				 1u << (next() % 3), v);
		}
		if (ex_run(img, base.size, &info) == 0)
			mounted++;
	}
	/* most patches leave a mountable image: the run reached the code */
	assert_true(mounted > 1500);
	free(img);
}

static int teardown(void **s)
{
	(void)s;
	free(base.img);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_features),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_damage_found_later),
		cmocka_unit_test(test_exercise_clean),
		cmocka_unit_test(test_fuzzed_fields),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
