/* Helpers of the fs unit tests: generated trees, images made by Linux's
 * own tools (mke2fs -d, mformat/mcopy), running e2fsck and debugfs. */
#ifndef FS_TEST_UTIL_H
#define FS_TEST_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* The build directory the tests write in (FS_TEST_DIR, else "."). */
const char *fs_dir(void);

/* snprintf into a static buffer, one of 64 used in turn. */
const char *fs_fmt(const char *fmt, ...);

/* Runs a shell command; returns its exit status (-1 if it did not run). */
int fs_run(const char *fmt, ...);

/* Byte i of the generated content with seed s. */
static inline uint8_t fs_pat(uint32_t s, uint64_t i)
{
	uint64_t x = (i + 1) * 0x9e3779b97f4a7c15ull + s * 0xbf58476d1ce4e5b9ull;

	return (uint8_t)(x >> 53);
}

/* Writes the test tree under dir (made fresh): files of 0, 1, 4095, 4096,
 * 4097 bytes, big (double-indirect blocks), bigdir/ with nbig entries,
 * a 20-deep path, a 255-byte name.  Returns 0. */
int fs_make_tree(const char *dir, unsigned nbig, size_t bigsize);

/* The 255-byte name used in the tree. */
const char *fs_long_name(void);

/* mke2fs -t ext2 -b bsize -d tree img of size KiB (256-byte inodes with
 * 4 KiB blocks, 128-byte ones below).  Returns 0. */
int fs_make_ext2(const char *img, const char *tree, unsigned bsize,
		 unsigned size_kib);

/* Reads a whole host file (malloc'd, *len).  NULL if it cannot. */
uint8_t *fs_slurp(const char *path, size_t *len);

/* Copies a file.  Returns 0. */
int fs_copy(const char *from, const char *to);

/* A log callback that keeps the last message (fs_last_log). */
void fs_log(void *arg, const char *msg);
const char *fs_last_log(void);
/* 1 if any message since fs_log_reset contained s. */
int fs_log_has(const char *s);
void fs_log_reset(void);

#endif
