/* ext2_alloc: block and inode bitmaps, with the free counts of the group
 * descriptors and superblock kept exact at every step. */
#include <string.h>
#include <shale/errors.h>
#include "ext2_int.h"

int ext2_blk_ok(const struct ext2_fs *fs, uint32_t blk)
{
	return blk > fs->sb->s_first_data_block + fs->gd_blocks &&
	       blk < fs->sb->s_blocks_count;
}

int ext2_ino_ok(const struct ext2_fs *fs, uint32_t ino)
{
	return ino >= 1 && ino <= fs->sb->s_inodes_count;
}

static int pending(const uint32_t *list, uint32_t n, uint32_t v)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		if (list[i] == v)
			return 1;
	return 0;
}

/* Finds a clear bit in bitmap block of group g from bit 'from' (of
 * nbits), skipping ones freed since the last write-back (list).  Sets it.
 * Returns the bit, or -SH_ENOSPC / an error. */
static int64_t bitmap_take(struct ext2_fs *fs, uint32_t bmblk, uint32_t from,
			   uint32_t nbits, const uint32_t *list, uint32_t nlist,
			   uint32_t base)
{
	struct bbuf *b;
	uint32_t i, k;
	int err = 0;

	b = bc_get(&fs->bc, bmblk, 0, &err);
	if (!b)
		return err;
	for (k = 0; k < nbits; k++) {
		i = from + k;
		if (i >= nbits)
			i -= nbits;
		/* whole bytes at a time where they are full */
		if ((i & 7) == 0 && i + 8 <= nbits && b->data[i >> 3] == 0xff) {
			k += 7;
			continue;
		}
		if (b->data[i >> 3] & (1u << (i & 7)))
			continue;
		if (nlist && pending(list, nlist, base + i))
			continue;
		b->data[i >> 3] |= (uint8_t)(1u << (i & 7));
		bc_dirty(&fs->bc, b, BC_BITMAP);
		bc_put(&fs->bc, b);
		return i;
	}
	bc_put(&fs->bc, b);
	return -SH_ENOSPC;
}

/* Clears bit i of bitmap block bmblk.  Returns 0, or -SH_EBADMSG if it
 * was already clear (a double free: the image is damaged). */
static int bitmap_clear(struct ext2_fs *fs, uint32_t bmblk, uint32_t i)
{
	struct bbuf *b;
	int err = 0;

	b = bc_get(&fs->bc, bmblk, 0, &err);
	if (!b)
		return err;
	if (!(b->data[i >> 3] & (1u << (i & 7)))) {
		bc_put(&fs->bc, b);
		return -SH_EBADMSG;
	}
	b->data[i >> 3] &= (uint8_t)~(1u << (i & 7));
	bc_dirty(&fs->bc, b, BC_BITMAP);
	bc_put(&fs->bc, b);
	return 0;
}

static uint32_t group_blocks(const struct ext2_fs *fs, uint32_t g)
{
	uint32_t start = fs->sb->s_first_data_block +
			 g * fs->sb->s_blocks_per_group;
	uint32_t n = fs->sb->s_blocks_count - start;

	return n < fs->sb->s_blocks_per_group ? n : fs->sb->s_blocks_per_group;
}

int ext2_alloc_block(struct ext2_fs *fs, uint32_t goal, uint32_t *blk)
{
	uint32_t bpg = fs->sb->s_blocks_per_group, g0, g, k, from;
	int64_t bit;

	if (fs->rdonly)
		return -SH_EPERM;
	if (!ext2_blk_ok(fs, goal))
		goal = fs->alloc_goal;
	if (!ext2_blk_ok(fs, goal))
		goal = fs->sb->s_first_data_block;
	g0 = (goal - fs->sb->s_first_data_block) / bpg;
	for (k = 0; k <= fs->ngroups; k++) {
		g = (g0 + k) % fs->ngroups;
		if (fs->gd[g].bg_free_blocks_count == 0)
			continue;
		from = k == 0 ? (goal - fs->sb->s_first_data_block) % bpg : 0;
		bit = bitmap_take(fs, fs->gd[g].bg_block_bitmap, from,
				  group_blocks(fs, g), fs->pend_blk,
				  fs->npend_blk, fs->sb->s_first_data_block +
				  g * bpg);
		if (bit == -SH_ENOSPC)
			continue;
		if (bit < 0)
			return (int)bit;
		*blk = fs->sb->s_first_data_block + g * bpg + (uint32_t)bit;
		if (!ext2_blk_ok(fs, *blk) ||
		    *blk == fs->gd[g].bg_block_bitmap ||
		    *blk == fs->gd[g].bg_inode_bitmap ||
		    (*blk >= fs->gd[g].bg_inode_table &&
		     *blk < fs->gd[g].bg_inode_table + fs->itb_per_group))
			return ext2_corrupt(fs, "block bitmap marks free "
					    "metadata block", *blk);
		fs->gd[g].bg_free_blocks_count--;
		fs->sb->s_free_blocks_count--;
		fs->meta_dirty = 1;
		fs->alloc_goal = *blk + 1;
		return 0;
	}
	/* Blocks freed since the last write-back may be all that is left. */
	if (fs->npend_blk) {
		int r = ext2_writeback(fs);

		if (r < 0)
			return r;
		return ext2_alloc_block(fs, goal, blk);
	}
	return -SH_ENOSPC;
}

int ext2_free_block(struct ext2_fs *fs, uint32_t blk)
{
	uint32_t bpg = fs->sb->s_blocks_per_group, g, r;
	int e;

	if (!ext2_blk_ok(fs, blk))
		return ext2_corrupt(fs, "freeing bad block number", blk);
	if (fs->npend_blk == EXT2_PENDING_MAX) {
		e = ext2_writeback(fs);
		if (e < 0)
			return e;
	}
	g = (blk - fs->sb->s_first_data_block) / bpg;
	r = (blk - fs->sb->s_first_data_block) % bpg;
	e = bitmap_clear(fs, fs->gd[g].bg_block_bitmap, r);
	if (e == -SH_EBADMSG)
		return ext2_corrupt(fs, "block freed twice", blk);
	if (e < 0)
		return e;
	bc_forget(&fs->bc, blk);
	fs->pend_blk[fs->npend_blk++] = blk;
	fs->gd[g].bg_free_blocks_count++;
	fs->sb->s_free_blocks_count++;
	fs->meta_dirty = 1;
	return 0;
}

int ext2_alloc_inode(struct ext2_fs *fs, uint32_t parent, int dir,
		     uint32_t *ino)
{
	uint32_t ipg = fs->sb->s_inodes_per_group, g0, g, k, from;
	int64_t bit;

	if (fs->rdonly)
		return -SH_EPERM;
	g0 = ext2_ino_ok(fs, parent) ? (parent - 1) / ipg : 0;
	for (k = 0; k < fs->ngroups; k++) {
		g = (g0 + k) % fs->ngroups;
		if (fs->gd[g].bg_free_inodes_count == 0)
			continue;
		/* Reserved inodes (below first_ino) are never handed out. */
		from = g == 0 ? fs->first_ino - 1 : 0;
		if (from >= ipg)
			continue;
		bit = bitmap_take(fs, fs->gd[g].bg_inode_bitmap, from, ipg,
				  fs->pend_ino, fs->npend_ino, g * ipg + 1);
		if (bit == -SH_ENOSPC)
			continue;
		if (bit < 0)
			return (int)bit;
		if (g == 0 && (uint32_t)bit < from)
			return ext2_corrupt(fs, "reserved inode marked free",
					    (uint32_t)bit + 1);
		*ino = g * ipg + (uint32_t)bit + 1;
		fs->gd[g].bg_free_inodes_count--;
		fs->sb->s_free_inodes_count--;
		if (dir)
			fs->gd[g].bg_used_dirs_count++;
		fs->meta_dirty = 1;
		return 0;
	}
	if (fs->npend_ino) {
		int r = ext2_writeback(fs);

		if (r < 0)
			return r;
		return ext2_alloc_inode(fs, parent, dir, ino);
	}
	return -SH_ENOSPC;
}

int ext2_free_inode(struct ext2_fs *fs, uint32_t ino, int dir)
{
	uint32_t ipg = fs->sb->s_inodes_per_group, g;
	int e;

	if (!ext2_ino_ok(fs, ino) || ino < fs->first_ino)
		return ext2_corrupt(fs, "freeing bad inode number", ino);
	if (fs->npend_ino == EXT2_PENDING_MAX) {
		e = ext2_writeback(fs);
		if (e < 0)
			return e;
	}
	g = (ino - 1) / ipg;
	e = bitmap_clear(fs, fs->gd[g].bg_inode_bitmap, (ino - 1) % ipg);
	if (e == -SH_EBADMSG)
		return ext2_corrupt(fs, "inode freed twice", ino);
	if (e < 0)
		return e;
	fs->pend_ino[fs->npend_ino++] = ino;
	fs->gd[g].bg_free_inodes_count++;
	fs->sb->s_free_inodes_count++;
	if (dir && fs->gd[g].bg_used_dirs_count)
		fs->gd[g].bg_used_dirs_count--;
	fs->meta_dirty = 1;
	return 0;
}
