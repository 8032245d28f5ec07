/* fat: a portable, read-only FAT12/16/32 file system (long file names
 * included) over a struct blkdev.  Same rules as ext2.h: no OS calls,
 * absolute normal-form paths, results >= 0 or -SH_E*; damage on disk is
 * -SH_EBADMSG with a line in the log. */
#ifndef FSD_FAT_H
#define FSD_FAT_H

#include <stddef.h>
#include <stdint.h>
#include "blkdev.h"

struct fat_fs;

/* A file or directory found by fat_lookup or fat_readdir. */
struct fat_node {
	uint64_t id;		/* unique while it lives: its entry's place */
	uint32_t first;		/* first cluster (0: empty, or FAT12/16 root) */
	uint32_t size;		/* bytes (0 for directories) */
	uint32_t mtime;		/* seconds since 1970 (local time as stored) */
	uint8_t dir;		/* 1: a directory */
	uint8_t root;		/* 1: the root directory */
	/* where the last read left off in the chain (a hint; 0: none) */
	uint32_t hint_idx, hint_clus;
};

struct fat_statfs {
	uint32_t bsize;		/* bytes per cluster */
	uint32_t blocks, bfree;	/* clusters */
	int bits;		/* 12, 16, 32 */
};

/* Mounts the FAT on dev.  Returns 0 and *out, or -SH_EBADMSG (no FAT
 * boot sector, or impossible geometry: the log says which field),
 * -SH_ENOMEM, -SH_EIO.  log may be NULL. */
int fat_mount(struct blkdev *dev, uint32_t cache_sectors,
	      void (*log)(void *arg, const char *msg), void *log_arg,
	      struct fat_fs **out);
void fat_unmount(struct fat_fs *fs);

/* Finds path (names compared without regard to ASCII case). */
int fat_lookup(struct fat_fs *fs, const char *path, struct fat_node *out);

/* Reads up to n bytes at off of file n.  Returns the bytes (0 at the
 * end), -SH_EISDIR. */
int64_t fat_read(struct fat_fs *fs, struct fat_node *node, uint64_t off,
		 void *buf, size_t n);

/* One entry (not "." or ".."): name in UTF-8.  Return 1 to stop before
 * it (given again from the same cookie), 0 to go on. */
typedef int (*fat_dir_cb)(void *arg, const struct fat_node *n,
			  const char *name, uint32_t len, uint64_t next);

/* Lists directory dir from cookie (0: the start).  Returns 0, -SH_ENOTDIR. */
int fat_readdir(struct fat_fs *fs, struct fat_node *dir, uint64_t cookie,
		fat_dir_cb cb, void *arg);

/* df's figures (free clusters counted once, at the first call). */
int fat_statfs(struct fat_fs *fs, struct fat_statfs *sf);

#endif
