/* bcache: a bounded write-back cache of file-system blocks.
 *
 * Owns: nbuf buffers of one block each (malloc'd at creation, never more),
 * a hash of them by block number and an LRU list of the unreferenced ones.
 * A dirty buffer carries the class of its change; bc_sync writes classes
 * in order (BC_NEW first, BC_SUPER last), which is what lets the file
 * system keep its on-disk state repairable by e2fsck -p at every moment
 * (see ext2_int.h for which change goes in which class), consecutive
 * blocks of one class in one device call.  When every
 * buffer is dirty or held, getting another one writes everything back
 * first (in class order) rather than one block out of order. */
#ifndef FSD_BCACHE_H
#define FSD_BCACHE_H

#include <stdint.h>
#include "blkdev.h"

#define BC_RUN_MAX	65536u	/* bytes of one device call (blk: takes 64 KiB) */

enum bc_class {
	BC_NEW = 0,	/* data, and blocks nothing on disk points to yet */
	BC_BITMAP,	/* block and inode bitmaps */
	BC_LINK,	/* directory blocks that gained entries */
	BC_INODE,	/* inode tables and indirect blocks */
	BC_UNLINK,	/* directory blocks that lost entries */
	BC_SUPER,	/* group descriptors, superblock */
	BC_NCLASS
};

struct bbuf {
	uint64_t blk;		/* block number; UINT64_MAX: unused */
	uint8_t *data;		/* bsize bytes */
	uint32_t refs;		/* holders; 0: on the LRU list */
	uint8_t dirty;
	uint8_t cls;		/* enum bc_class, when dirty */
	struct bbuf *hnext;	/* hash chain */
	struct bbuf *prev, *next;	/* LRU list (refs == 0 only) */
};

struct bcache {
	struct blkdev *dev;
	uint32_t bsize;
	uint32_t nbuf;
	uint32_t nhash;
	struct bbuf *bufs;
	struct bbuf **hash;
	struct bbuf **order;	/* bc_sync's sorting room */
	uint8_t *run;		/* BC_RUN_MAX bytes: runs of blocks in one call */
	struct bbuf lru;	/* list head: lru.next is the oldest */
	uint32_t ndirty;
	uint64_t reads, writes;	/* device calls, for the tests and bench */
	int err;		/* the first write-back error, kept */
};

/* Makes a cache of nbuf (>= 8) blocks of bsize bytes over dev.  Returns 0,
 * -SH_EINVAL or -SH_ENOMEM. */
int bc_init(struct bcache *c, struct blkdev *dev, uint32_t bsize,
	    uint32_t nbuf);

/* Frees the buffers; dirty contents are lost (call bc_sync first). */
void bc_fini(struct bcache *c);

/* Holds block blk, reading it unless zero is 1 (then its contents are
 * zeros, for a block just allocated).  Returns the buffer, or NULL with
 * *err set (-SH_EIO from the device, -SH_EBUSY if every buffer is held). */
struct bbuf *bc_get(struct bcache *c, uint64_t blk, int zero, int *err);

/* Marks b changed, in class cls (the earliest class wins when a dirty
 * buffer changes again). */
void bc_dirty(struct bcache *c, struct bbuf *b, enum bc_class cls);

/* Releases a hold from bc_get. */
void bc_put(struct bcache *c, struct bbuf *b);

/* Writes every dirty buffer, class by class, then flushes the device.
 * Returns 0 or the first error (-SH_EIO). */
int bc_sync(struct bcache *c);

/* Reads blocks blk .. blk+n-1 that are not cached yet, from blk up to
 * the first one that is, in one device call, into buffers nobody holds
 * and that hold nothing changed.  A hint: errors are ignored. */
void bc_prefetch(struct bcache *c, uint64_t blk, uint32_t n);

/* 1 if block blk is in the cache. */
int bc_cached(struct bcache *c, uint64_t blk);

/* Drops block blk from the cache (dirty or not) if it is not held: for a
 * block just freed, whose contents no longer matter. */
void bc_forget(struct bcache *c, uint64_t blk);

#endif
