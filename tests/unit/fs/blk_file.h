/* A struct blkdev over a host image file, for the fs tests and fuzzers. */
#ifndef FS_TEST_BLK_FILE_H
#define FS_TEST_BLK_FILE_H

#include <stdint.h>
#include "blkdev.h"

struct blk_file {
	struct blkdev dev;
	int fd;
	uint64_t base;		/* partition offset in the file */
	long writes_left;	/* < 0: no limit; else writes after it are
				 * dropped (a machine that died) */
	long writes;
	long reads;
	long flushes;
};

/* Opens path (read-write unless rdonly) as a device of size bytes at base
 * (size 0: the rest of the file).  Returns 0 or -1. */
int blk_file_open(struct blk_file *f, const char *path, uint64_t base,
		  uint64_t size, int rdonly);
void blk_file_close(struct blk_file *f);

/* A struct blkdev over memory (the fuzzers): writes land in the copy. */
struct blk_mem {
	struct blkdev dev;
	uint8_t *data;
};
void blk_mem_init(struct blk_mem *m, uint8_t *data, uint64_t size);

#endif
