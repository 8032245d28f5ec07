/* Damaged-image exercise shared by the unit test (seeded patches) and the
 * libFuzzer target (patches from the input): a base image made by mke2fs,
 * regions of it where ext2's structures live, patches applied there, and
 * a run of every call over the result.  Nothing may crash or hang. */
#ifndef FS_TEST_EXT2_EXERCISE_H
#define FS_TEST_EXT2_EXERCISE_H

#include <stddef.h>
#include <stdint.h>

enum ex_region {
	EX_SUPER, EX_GDT, EX_ITABLE0, EX_ITABLE_USER, EX_ROOTDIR, EX_SUBDIR,
	EX_IND, EX_BBITMAP, EX_IBITMAP, EX_NREGION
};

struct ex_base {
	uint8_t *img;
	size_t size;
	uint64_t off[EX_NREGION];	/* byte offset of each region */
	uint32_t len[EX_NREGION];	/* its bytes */
};

/* Makes the base image under dir (tree + mke2fs, 1 KiB blocks) and finds
 * its regions.  Returns 0 or -1. */
int ex_make_base(struct ex_base *b, const char *dir);

/* Applies one patch: region r, offset within it (mod its length), width
 * 1, 2 or 4 bytes of value v. */
void ex_patch(const struct ex_base *b, uint8_t *img, unsigned r,
	      uint32_t off, unsigned width, uint32_t v);

/* Mounts img (size bytes, written in place), lists and reads everything,
 * makes changes, unmounts.  Returns the mount's result (0, or what
 * ext2_mount refused with); *info gets ext2_info when it mounted. */
int ex_run(uint8_t *img, size_t size, uint32_t *info);

#endif
