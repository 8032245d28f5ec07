/* The ext2 tests' shared workload: changes made through the portable ext2
 * with what each changed file must then hold, so that e2fsck, debugfs and
 * a second mount can be checked against it. */
#ifndef FS_TEST_MODEL_H
#define FS_TEST_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include "ext2.h"

#define MODEL_MAX 4096

struct model_file {
	char path[320];
	uint8_t *data;		/* NULL: must not exist */
	size_t len;
};

struct model {
	struct model_file f[MODEL_MAX];
	unsigned n;
	unsigned nbig;		/* bigdir entries made by the tree */
	unsigned bigdir_left;	/* entries bigdir must list after */
};

/* Runs the workload on a mounted fs (tree from fs_make_tree with nbig
 * entries, big file of bigsize).  Returns 0, or the first unexpected
 * error (after printing which step). */
int model_workload(struct ext2_fs *fs, struct model *m, unsigned bsize,
		   size_t bigsize);

/* Checks every model file through ext2 (present with the bytes, or
 * absent).  Returns 0 or -1 (printing which). */
int model_check_ext2(struct ext2_fs *fs, const struct model *m);

/* The same through debugfs -R "cat ..." on img.  Returns 0 or -1. */
int model_check_debugfs(const char *img, const struct model *m);

void model_free(struct model *m);

/* 1: the workload does not print the step that failed. */
extern int model_quiet;

/* Reads the whole file at path through ext2 (malloc'd).  Returns its
 * length or an error. */
int64_t ext2_slurp(struct ext2_fs *fs, const char *path, uint8_t **out);

#endif
