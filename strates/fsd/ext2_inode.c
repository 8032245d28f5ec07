/* ext2_inode: inodes in their tables, the block map (direct, indirect,
 * double and triple indirect), freeing blocks past a size, releasing an
 * inode.  Every block number read from an inode or an indirect block is
 * checked (ext2_blk_ok) before it is followed. */
#include <string.h>
#include <shale/errors.h>
#include "ext2_int.h"

static int inode_loc(struct ext2_fs *fs, uint32_t ino, uint32_t *blk,
		     uint32_t *off)
{
	uint32_t ipg = fs->sb->s_inodes_per_group, g, idx;

	if (!ext2_ino_ok(fs, ino))
		return ext2_corrupt(fs, "inode number out of range", ino);
	g = (ino - 1) / ipg;
	idx = (ino - 1) % ipg;
	*blk = fs->gd[g].bg_inode_table + idx / fs->ipb;
	*off = (idx % fs->ipb) * fs->isize;
	return 0;
}

int ext2_iget(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in)
{
	uint32_t blk, off;
	struct bbuf *b;
	int r, err = 0;

	r = inode_loc(fs, ino, &blk, &off);
	if (r < 0)
		return r;
	b = bc_get(&fs->bc, blk, 0, &err);
	if (!b)
		return err;
	memset(in, 0, sizeof(*in));
	memcpy(in, b->data + off, fs->isize > EXT2_GOOD_OLD_INODE_SIZE ?
	       sizeof(*in) : EXT2_GOOD_OLD_INODE_SIZE);
	bc_put(&fs->bc, b);
	return 0;
}

static int iwrite(struct ext2_fs *fs, uint32_t ino,
		  const struct ext2_inode *in, int fresh)
{
	uint32_t blk, off;
	struct bbuf *b;
	int r, err = 0;

	if (fs->rdonly)
		return -SH_EPERM;
	r = inode_loc(fs, ino, &blk, &off);
	if (r < 0)
		return r;
	b = bc_get(&fs->bc, blk, 0, &err);
	if (!b)
		return err;
	if (fresh)
		memset(b->data + off, 0, fs->isize);
	memcpy(b->data + off, in, fs->isize > EXT2_GOOD_OLD_INODE_SIZE ?
	       sizeof(*in) : EXT2_GOOD_OLD_INODE_SIZE);
	bc_dirty(&fs->bc, b, BC_INODE);
	bc_put(&fs->bc, b);
	return 0;
}

int ext2_iput(struct ext2_fs *fs, uint32_t ino, const struct ext2_inode *in)
{
	return iwrite(fs, ino, in, 0);
}

int ext2_inew(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in)
{
	/* The fields past the first 128 bytes that rev 1 tools expect of a
	 * large inode: i_extra_isize covers the fixed extra fields. */
	if (fs->isize >= 160)
		in->i_extra_isize = 32;
	return iwrite(fs, ino, in, 1);
}

uint64_t ext2_isize(const struct ext2_inode *in)
{
	uint64_t s = in->i_size;

	if ((in->i_mode & EXT2_S_IFMT) == EXT2_S_IFREG)
		s |= (uint64_t)in->i_size_high << 32;
	return s;
}

void ext2_set_isize(struct ext2_inode *in, uint64_t size)
{
	in->i_size = (uint32_t)size;
	if ((in->i_mode & EXT2_S_IFMT) == EXT2_S_IFREG)
		in->i_size_high = (uint32_t)(size >> 32);
}

int ext2_fast_symlink(const struct ext2_fs *fs, const struct ext2_inode *in)
{
	uint32_t ea = in->i_file_acl ? fs->bsize / 512 : 0;

	return (in->i_mode & EXT2_S_IFMT) == EXT2_S_IFLNK &&
	       in->i_blocks <= ea && in->i_size < sizeof(in->i_block);
}

/* Largest logical block count a file can have. */
static uint64_t max_blocks(const struct ext2_fs *fs)
{
	uint64_t a = fs->apb;

	return EXT2_NDIR + a + a * a + a * a * a;
}

/* Allocates a zeroed block for in (counted in i_blocks).  *b holds it. */
static int new_block(struct ext2_fs *fs, struct ext2_inode *in,
		     uint32_t *blk, struct bbuf **b)
{
	int r, err = 0;

	r = ext2_alloc_block(fs, fs->alloc_goal, blk);
	if (r < 0)
		return r;
	*b = bc_get(&fs->bc, *blk, 1, &err);
	if (!*b) {
		ext2_free_block(fs, *blk);
		return err;
	}
	bc_dirty(&fs->bc, *b, BC_NEW);
	in->i_blocks += fs->bsize / 512;
	return 0;
}

int ext2_bmap(struct ext2_fs *fs, struct ext2_inode *in, uint64_t lb,
	      int alloc, uint32_t *pblk, int *fresh)
{
	uint32_t idx[4], *slot;
	uint64_t a = fs->apb;
	struct bbuf *held = NULL, *nb;
	int level, r = 0, err = 0;

	if (fresh)
		*fresh = 0;
	if (lb >= max_blocks(fs))
		return -SH_E2BIG;
	if (lb < EXT2_NDIR) {
		level = 0;
		slot = &in->i_block[lb];
	} else if ((lb -= EXT2_NDIR) < a) {
		level = 1;
		slot = &in->i_block[EXT2_IND];
		idx[0] = (uint32_t)lb;
	} else if ((lb -= a) < a * a) {
		level = 2;
		slot = &in->i_block[EXT2_DIND];
		idx[0] = (uint32_t)(lb / a);
		idx[1] = (uint32_t)(lb % a);
	} else {
		lb -= a * a;
		level = 3;
		slot = &in->i_block[EXT2_TIND];
		idx[0] = (uint32_t)(lb / (a * a));
		idx[1] = (uint32_t)(lb / a % a);
		idx[2] = (uint32_t)(lb % a);
	}
	for (int depth = 0;; depth++) {
		uint32_t blk = *slot;

		nb = NULL;
		if (blk == 0) {
			if (!alloc) {
				*pblk = 0;
				goto out;
			}
			if (depth == level) {
				r = ext2_alloc_block(fs, fs->alloc_goal, &blk);
				if (r < 0)
					goto out;
				in->i_blocks += fs->bsize / 512;
				if (fresh)
					*fresh = 1;
			} else {
				r = new_block(fs, in, &blk, &nb);
				if (r < 0)
					goto out;
			}
			*slot = blk;
			if (held)
				bc_dirty(&fs->bc, held, BC_INODE);
		} else if (!ext2_blk_ok(fs, blk)) {
			r = ext2_corrupt(fs, "block number in inode map", blk);
			goto out;
		}
		if (depth == level) {
			*pblk = blk;
			goto out;
		}
		if (!nb) {
			nb = bc_get(&fs->bc, blk, 0, &err);
			if (!nb) {
				r = err;
				goto out;
			}
		}
		bc_put(&fs->bc, held);
		held = nb;
		slot = &((uint32_t *)held->data)[idx[depth]];
	}
out:
	bc_put(&fs->bc, held);
	return r;
}

/* Frees the subtree under *slot (level 0: a data block) whose first
 * logical block is base, keeping blocks before keep.  Clears *slot when
 * the whole subtree goes.  held: the buffer *slot lives in (NULL: the
 * inode), marked changed when *slot changes. */
static int trunc_tree(struct ext2_fs *fs, struct ext2_inode *in,
		      uint32_t *slot, struct bbuf *held, int level,
		      uint64_t base, uint64_t keep)
{
	uint64_t span = 1, a = fs->apb, child;
	struct bbuf *b;
	uint32_t j;
	int r, err = 0;

	for (int i = 0; i < level; i++)
		span *= a;
	if (*slot == 0 || keep >= base + span)
		return 0;
	if (!ext2_blk_ok(fs, *slot))
		return ext2_corrupt(fs, "block number in inode map", *slot);
	if (level > 0) {
		child = span / a;
		b = bc_get(&fs->bc, *slot, 0, &err);
		if (!b)
			return err;
		for (j = 0; j < a; j++) {
			uint32_t *cs = &((uint32_t *)b->data)[j];

			r = trunc_tree(fs, in, cs, b, level - 1,
				       base + j * child, keep);
			if (r < 0) {
				bc_put(&fs->bc, b);
				return r;
			}
		}
		bc_put(&fs->bc, b);
		if (keep > base)
			return 0;	/* part of it stays */
	}
	r = ext2_free_block(fs, *slot);
	if (r < 0)
		return r;
	in->i_blocks -= in->i_blocks >= fs->bsize / 512 ? fs->bsize / 512 : 0;
	*slot = 0;
	if (held)
		bc_dirty(&fs->bc, held, BC_INODE);
	return 0;
}

int ext2_free_from(struct ext2_fs *fs, struct ext2_inode *in,
		   uint64_t nblocks)
{
	uint64_t a = fs->apb, base = EXT2_NDIR;
	uint32_t i;
	int r;

	for (i = 0; i < EXT2_NDIR; i++) {
		r = trunc_tree(fs, in, &in->i_block[i], NULL, 0, i, nblocks);
		if (r < 0)
			return r;
	}
	r = trunc_tree(fs, in, &in->i_block[EXT2_IND], NULL, 1, base, nblocks);
	if (r < 0)
		return r;
	base += a;
	r = trunc_tree(fs, in, &in->i_block[EXT2_DIND], NULL, 2, base, nblocks);
	if (r < 0)
		return r;
	base += a * a;
	return trunc_tree(fs, in, &in->i_block[EXT2_TIND], NULL, 3, base,
			  nblocks);
}

/* Drops in's reference to its extended-attribute block. */
static int xattr_release(struct ext2_fs *fs, struct ext2_inode *in)
{
	uint32_t blk = in->i_file_acl, *h;
	struct bbuf *b;
	int err = 0;

	if (!blk)
		return 0;
	if (!ext2_blk_ok(fs, blk))
		return ext2_corrupt(fs, "extended attribute block", blk);
	b = bc_get(&fs->bc, blk, 0, &err);
	if (!b)
		return err;
	h = (uint32_t *)b->data;
	if (h[0] != EXT2_XATTR_MAGIC || h[1] == 0) {
		bc_put(&fs->bc, b);
		return ext2_corrupt(fs, "extended attribute block", blk);
	}
	if (--h[1] > 0) {
		bc_dirty(&fs->bc, b, BC_INODE);
		bc_put(&fs->bc, b);
	} else {
		bc_put(&fs->bc, b);
		err = ext2_free_block(fs, blk);
		if (err < 0)
			return err;
	}
	in->i_file_acl = 0;
	in->i_blocks -= in->i_blocks >= fs->bsize / 512 ? fs->bsize / 512 : 0;
	return 0;
}

int ext2_release(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in)
{
	int dir = (in->i_mode & EXT2_S_IFMT) == EXT2_S_IFDIR, r;
	uint32_t now = ext2_now(fs);

	if (!ext2_fast_symlink(fs, in)) {
		r = ext2_free_from(fs, in, 0);
		if (r < 0)
			return r;
	}
	r = xattr_release(fs, in);
	if (r < 0)
		return r;
	in->i_links_count = 0;
	in->i_dtime = now;
	ext2_set_isize(in, 0);
	r = ext2_iput(fs, ino, in);
	if (r < 0)
		return r;
	return ext2_free_inode(fs, ino, dir);
}

/* The run of blocks of in from logical block lb (at physical blk) that
 * follow each other on the disk too, at most want of them; read ahead in
 * one device call if blk is not cached.  A file read in big pieces costs
 * one call per run, not one per block.  Returns the run's length (>= 1). */
static uint32_t run_ahead(struct ext2_fs *fs, struct ext2_inode *in,
			  uint64_t lb, uint32_t blk, uint64_t want)
{
	uint32_t k, p, max = BC_RUN_MAX / fs->bsize;

	if (want > max)
		want = max;
	for (k = 1; k < want; k++)
		if (ext2_bmap(fs, in, lb + k, 0, &p, NULL) < 0 || p != blk + k)
			break;
	if (k > 1 && !bc_cached(&fs->bc, blk))
		bc_prefetch(&fs->bc, blk, k);
	return k;
}

int64_t ext2_iread(struct ext2_fs *fs, struct ext2_inode *in, uint64_t off,
		   void *buf, size_t n)
{
	uint64_t size = ext2_isize(in), run_lb = 0;
	uint32_t run_pblk = 0, run_len = 0;
	uint8_t *out = buf;
	size_t done = 0;
	int r, err = 0;

	if (off >= size)
		return 0;
	if (n > size - off)
		n = (size_t)(size - off);
	if (ext2_fast_symlink(fs, in)) {
		memcpy(buf, (const uint8_t *)in->i_block + off, n);
		return (int64_t)n;
	}
	while (done < n) {
		uint64_t pos = off + done, lb = pos >> fs->log_bsize;
		uint32_t bo = (uint32_t)(pos & (fs->bsize - 1)), blk;
		size_t k = fs->bsize - bo;

		if (k > n - done)
			k = n - done;
		if (lb >= run_lb && lb < run_lb + run_len) {
			/* inside a run already mapped: no bmap */
			blk = run_pblk + (uint32_t)(lb - run_lb);
		} else {
			r = ext2_bmap(fs, in, lb, 0, &blk, NULL);
			if (r < 0)
				return done ? (int64_t)done : r;
			run_len = 0;
			if (blk && n - done > k) {
				run_len = run_ahead(fs, in, lb, blk,
						    (n - done - k + fs->bsize - 1) /
						    fs->bsize + 1);
				run_lb = lb;
				run_pblk = blk;
			}
		}
		if (blk == 0) {
			memset(out + done, 0, k);
		} else {
			struct bbuf *b = bc_get(&fs->bc, blk, 0, &err);

			if (!b)
				return done ? (int64_t)done : err;
			memcpy(out + done, b->data + bo, k);
			bc_put(&fs->bc, b);
		}
		done += k;
	}
	return (int64_t)done;
}
