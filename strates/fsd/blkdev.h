/* blkdev: the one seam between the portable file systems (ext2, FAT) and
 * whatever holds their bytes: blk: on Shale (blk_shale.c), an image file
 * on the host (the tests).  Offsets and lengths are bytes, multiples of
 * 512.  Each call returns 0 or a negative SH_E* code. */
#ifndef FSD_BLKDEV_H
#define FSD_BLKDEV_H

#include <stddef.h>
#include <stdint.h>

struct blkdev {
	void *ctx;		/* the backend's */
	uint64_t size;		/* bytes on the device */
	int rdonly;		/* 1: the device refuses writes */
	int (*read)(struct blkdev *d, uint64_t off, void *buf, size_t len);
	int (*write)(struct blkdev *d, uint64_t off, const void *buf,
		     size_t len);
	/* Everything written so far is on stable storage when it returns. */
	int (*flush)(struct blkdev *d);
};

#endif
