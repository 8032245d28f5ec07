/* Damaged-FAT exercise shared by test_fat (seeded patches) and the
 * libFuzzer target tests/fuzz/fat: a base image made by mformat and
 * mcopy, the regions holding the boot sector, the FAT, the root
 * directory and a subdirectory, patches there, and a run of every call. */
#ifndef FS_TEST_FAT_EXERCISE_H
#define FS_TEST_FAT_EXERCISE_H

#include <stddef.h>
#include <stdint.h>

enum fx_region { FX_BOOT, FX_FAT, FX_ROOT, FX_SUBDIR, FX_NREGION };

struct fx_base {
	uint8_t *img;
	size_t size;
	uint64_t off[FX_NREGION];
	uint32_t len[FX_NREGION];
};

/* Makes the base image (FAT12, small) under dir.  Returns 0 or -1. */
int fx_make_base(struct fx_base *b, const char *dir);
void fx_patch(const struct fx_base *b, uint8_t *img, unsigned r,
	      uint32_t off, unsigned width, uint32_t v);
/* Mounts img, lists and reads everything, unmounts.  Returns the mount's
 * result. */
int fx_run(uint8_t *img, size_t size);

/* Fills a tree for FAT images under dir: files of 0, 1, 4095, 4096, 4097
 * bytes and big of bigsize, long and mixed-case names, sub/ with nsub
 * files, nested directories.  Returns 0. */
int fx_make_tree(const char *dir, unsigned nsub, size_t bigsize);

#endif
