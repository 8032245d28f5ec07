/* ext2 internals shared by ext2_*.c.
 *
 * Write ordering (why the cache has classes; bcache.h writes them in this
 * order at every write-back):
 *   BC_NEW     data, and blocks just allocated (indirect blocks, a new
 *              directory's blocks): nothing on disk points to them yet;
 *   BC_BITMAP  bitmaps: a block or inode marked used before anything
 *              points to it, or marked free while an old pointer remains,
 *              is a "bitmap difference" that e2fsck -p fixes;
 *   BC_LINK    directory blocks that gained an entry: an entry naming an
 *              inode not yet written is an "entry with unused inode" that
 *              e2fsck -p clears;
 *   BC_INODE   inodes and indirect blocks;
 *   BC_UNLINK  directory blocks that lost an entry (the inode it named is
 *              freed first: the same "unused inode" case, never an
 *              unattached inode holding data);
 *   BC_SUPER   group descriptors and superblock (counts e2fsck -p fixes).
 * A directory block that would need both BC_LINK and BC_UNLINK in one
 * write-back is written back first (dir_prepare).  Blocks and inodes freed
 * since the last write-back are not reused before the next one, so no
 * block is claimed twice on disk. */
#ifndef FSD_EXT2_INT_H
#define FSD_EXT2_INT_H

#include "bcache.h"
#include "ext2.h"
#include "ext2_fmt.h"

#define EXT2_PENDING_MAX 256u	/* frees remembered until a write-back */

struct ext2_fs {
	struct blkdev *dev;
	struct bcache bc;
	struct ext2_mount_opts o;
	uint8_t sb_raw[1024];		/* the superblock as on disk */
	struct ext2_super *sb;		/* points into sb_raw */
	struct ext2_group_desc *gd;	/* ngroups, in memory */
	uint32_t gd_blocks;		/* blocks the descriptor table takes */
	uint32_t bsize, log_bsize;
	uint32_t ngroups;
	uint32_t isize;			/* bytes of one on-disk inode */
	uint32_t ipb;			/* inodes per block */
	uint32_t itb_per_group;		/* inode table blocks per group */
	uint32_t apb;			/* block numbers per block */
	uint32_t first_ino;
	uint32_t info;			/* EXT2_INFO_* */
	int rdonly;
	int filetype;			/* INCOMPAT_FILETYPE */
	int large_file;
	int meta_dirty;			/* sb or gd changed since write-back */
	uint32_t alloc_goal;		/* next block to try */
	/* frees since the last write-back, not reusable until then */
	uint32_t pend_blk[EXT2_PENDING_MAX], npend_blk;
	uint32_t pend_ino[EXT2_PENDING_MAX], npend_ino;
};

/* ---- ext2_super.c ---- */
/* Logs a message (printf-like subset: %s %u %lu) through o.log. */
void ext2_log(struct ext2_fs *fs, const char *fmt, ...);
/* Damage found while running: logs what, sets ERRORS, returns -SH_EBADMSG. */
int ext2_corrupt(struct ext2_fs *fs, const char *what, uint64_t n);
uint32_t ext2_now(struct ext2_fs *fs);
/* Marks the superblock and descriptors changed (written at write-back). */
void ext2_meta_dirty(struct ext2_fs *fs);
/* A write-back of everything (what eviction and fsync do). */
int ext2_writeback(struct ext2_fs *fs);

/* ---- ext2_alloc.c ---- */
/* 1 if blk may hold file data (inside the file system, past group 0's
 * start). */
int ext2_blk_ok(const struct ext2_fs *fs, uint32_t blk);
int ext2_ino_ok(const struct ext2_fs *fs, uint32_t ino);
/* Allocates a block near goal: returns 0 and *blk (marked used, counts
 * updated), -SH_ENOSPC. */
int ext2_alloc_block(struct ext2_fs *fs, uint32_t goal, uint32_t *blk);
int ext2_free_block(struct ext2_fs *fs, uint32_t blk);
/* Allocates an inode (dir: for the directory count, near parent). */
int ext2_alloc_inode(struct ext2_fs *fs, uint32_t parent, int dir,
		     uint32_t *ino);
int ext2_free_inode(struct ext2_fs *fs, uint32_t ino, int dir);

/* ---- ext2_inode.c ---- */
int ext2_iget(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in);
/* Writes in back (the first 128 bytes, and extra_isize on a new inode). */
int ext2_iput(struct ext2_fs *fs, uint32_t ino, const struct ext2_inode *in);
/* Writes a new inode: its whole slot is cleared first. */
int ext2_inew(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in);
uint64_t ext2_isize(const struct ext2_inode *in);
void ext2_set_isize(struct ext2_inode *in, uint64_t size);
/* 1 for a symlink whose target lives in i_block. */
int ext2_fast_symlink(const struct ext2_fs *fs, const struct ext2_inode *in);
/* Maps logical block lb of in: *pblk = 0 for a hole.  With alloc, fills
 * the hole (and any indirect block on the way) with a zeroed block;
 * *fresh (may be NULL) says whether the data block is new. */
int ext2_bmap(struct ext2_fs *fs, struct ext2_inode *in, uint64_t lb,
	      int alloc, uint32_t *pblk, int *fresh);
/* Frees every block at logical block nblocks and after. */
int ext2_free_from(struct ext2_fs *fs, struct ext2_inode *in,
		   uint64_t nblocks);
/* Releases an inode with no links left: blocks, xattr block, bitmap. */
int ext2_release(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in);
/* Reads up to n bytes at off (holes as zeros).  Returns the bytes. */
int64_t ext2_iread(struct ext2_fs *fs, struct ext2_inode *in, uint64_t off,
		   void *buf, size_t n);

/* ---- ext2_dir.c ---- */
/* Finds name in directory dir.  Returns 0 with *ino, or -SH_ENOENT. */
int ext2_dir_find(struct ext2_fs *fs, uint32_t dir, const char *name,
		  uint32_t len, uint32_t *ino);
/* Adds an entry; grows the directory if needed. */
int ext2_dir_add(struct ext2_fs *fs, uint32_t dir, const char *name,
		 uint32_t len, uint32_t ino, uint8_t ftype);
/* Removes the entry name (returns its inode in *ino). */
int ext2_dir_remove(struct ext2_fs *fs, uint32_t dir, const char *name,
		    uint32_t len, uint32_t *ino);
/* Points the existing entry name at ino instead (rename over). */
int ext2_dir_retarget(struct ext2_fs *fs, uint32_t dir, const char *name,
		      uint32_t len, uint32_t ino, uint8_t ftype);
/* 1 if directory dir has only "." and "..", 0 if not, < 0 on error. */
int ext2_dir_empty(struct ext2_fs *fs, uint32_t dir);
/* Writes a new directory's first block (". " and "..") */
int ext2_dir_init(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in,
		  uint32_t parent);
/* Changes ".." of directory dir to parent. */
int ext2_dir_set_parent(struct ext2_fs *fs, uint32_t dir, uint32_t parent);
uint8_t ext2_ftype_of(uint16_t mode);

#endif
