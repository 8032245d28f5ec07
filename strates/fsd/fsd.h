/* fsd's parts: the Shale block backend and the two schemes it serves. */
#ifndef FSD_FSD_H
#define FSD_FSD_H

#include <stdint.h>
#include <shale/scheme_serve.h>
#include "blkdev.h"

/* ---- blk_shale.c: struct blkdev over a blk: file ---- */
struct blk_shale {
	struct blkdev dev;
	int fd;
};

/* Opens spath ("blk:/vda2") read-write, or read-only if the device
 * refuses writes.  Returns 0 or -SH_E*. */
int blk_shale_open(struct blk_shale *b, const char *spath);
void blk_shale_close(struct blk_shale *b);

/* ---- fsd.c ---- */
/* The client's path joined under the prefix its silo may see (silod's
 * WHOIS; everything without SH_SILOD or for silod itself).  Returns the
 * length or -SH_E* (refuse the request). */
int fsd_resolve(uint64_t badge, const char *path, char *out, uint32_t cap);
/* A line in the silo's log: "fsd: <scheme>: msg". */
void fsd_log(void *arg, const char *msg);
/* ns since 1970 for a time in seconds (0 stays 0). */
uint64_t fsd_ns(uint32_t s);

/* ---- fsd_ext2.c: fs: ---- */
extern const struct scheme_ops fsd_ext2_ops;
/* Mounts ext2 on dev with a cache sized to what memory allows.  Returns
 * 0 or -SH_E*. */
int fsd_ext2_start(struct blkdev *dev);
/* Writes everything back and marks the file system clean. */
int fsd_ext2_stop(void);

/* ---- fsd_fat.c: bootpart: ---- */
extern const struct scheme_ops fsd_fat_ops;
int fsd_fat_start(struct blkdev *dev);

/* ---- a scheme that could not start: every request is -SH_EIO ---- */
extern const struct scheme_ops fsd_dead_ops;

#endif
