/* ext2_ops: the public calls of ext2.h — paths, files, directories —
 * each validating its arguments, then changing the cache in the order
 * ext2_int.h describes. */
#include <string.h>
#include <shale/errors.h>
#include "ext2_int.h"

static int is_dir(const struct ext2_inode *in)
{
	return (in->i_mode & EXT2_S_IFMT) == EXT2_S_IFDIR;
}

/* Walks len bytes of path from the root.  Returns 0 and *ino. */
static int walk(struct ext2_fs *fs, const char *path, size_t len,
		uint32_t *ino)
{
	uint32_t cur = EXT2_ROOT_INO;
	size_t i = 0;
	int r;

	while (i < len) {
		size_t j;
		struct ext2_inode in;

		while (i < len && path[i] == '/')
			i++;
		if (i == len)
			break;
		for (j = i; j < len && path[j] != '/'; j++)
			;
		if (j - i > 255)
			return -SH_ENAMETOOLONG;
		r = ext2_iget(fs, cur, &in);
		if (r < 0)
			return r;
		if (!is_dir(&in))
			return -SH_ENOTDIR;
		r = ext2_dir_find(fs, cur, path + i, (uint32_t)(j - i), &cur);
		if (r < 0)
			return r;
		i = j;
	}
	*ino = cur;
	return 0;
}

int ext2_lookup(struct ext2_fs *fs, const char *path, uint32_t *ino)
{
	return walk(fs, path, strlen(path), ino);
}

/* Splits path into its parent (found, a directory) and last name.
 * Returns 0, -SH_EBUSY for "/" (no last name). */
static int split(struct ext2_fs *fs, const char *path, uint32_t *parent,
		 const char **name, uint32_t *len)
{
	size_t n = strlen(path), s;
	struct ext2_inode in;
	int r;

	while (n > 0 && path[n - 1] == '/')
		n--;
	if (n == 0)
		return -SH_EBUSY;
	for (s = n; s > 0 && path[s - 1] != '/'; s--)
		;
	if (n - s > 255)
		return -SH_ENAMETOOLONG;
	*name = path + s;
	*len = (uint32_t)(n - s);
	if ((*len == 1 && (*name)[0] == '.') ||
	    (*len == 2 && (*name)[0] == '.' && (*name)[1] == '.'))
		return -SH_EINVAL;
	r = walk(fs, path, s, parent);
	if (r < 0)
		return r;
	r = ext2_iget(fs, *parent, &in);
	if (r < 0)
		return r;
	return is_dir(&in) ? 0 : -SH_ENOTDIR;
}

static void touch(struct ext2_fs *fs, struct ext2_inode *in, int content)
{
	uint32_t now = ext2_now(fs);

	in->i_ctime = now;
	if (content)
		in->i_mtime = now;
}

int ext2_stat(struct ext2_fs *fs, uint32_t ino, struct ext2_stat *st)
{
	struct ext2_inode in;
	int r = ext2_iget(fs, ino, &in);

	if (r < 0)
		return r;
	st->ino = ino;
	st->mode = in.i_mode;
	st->nlink = in.i_links_count;
	st->size = ext2_isize(&in);
	st->atime = in.i_atime;
	st->mtime = in.i_mtime;
	st->ctime = in.i_ctime;
	st->blocks512 = in.i_blocks;
	return 0;
}

int64_t ext2_read(struct ext2_fs *fs, uint32_t ino, uint64_t off, void *buf,
		  size_t n)
{
	struct ext2_inode in;
	int r = ext2_iget(fs, ino, &in);

	if (r < 0)
		return r;
	if (is_dir(&in))
		return -SH_EISDIR;
	return ext2_iread(fs, &in, off, buf, n);
}

int64_t ext2_write(struct ext2_fs *fs, uint32_t ino, uint64_t off,
		   const void *buf, size_t n)
{
	struct ext2_inode in;
	const uint8_t *src = buf;
	size_t done = 0;
	int r, err = 0;

	if (fs->rdonly)
		return -SH_EPERM;
	r = ext2_iget(fs, ino, &in);
	if (r < 0)
		return r;
	if (is_dir(&in))
		return -SH_EISDIR;
	if ((in.i_mode & EXT2_S_IFMT) != EXT2_S_IFREG)
		return -SH_ENOTSUP;
	if (off + n < off)
		return -SH_E2BIG;
	while (done < n) {
		uint64_t pos = off + done;
		uint32_t bo = (uint32_t)(pos & (fs->bsize - 1)), blk;
		size_t k = fs->bsize - bo;
		struct bbuf *b;
		int fresh;

		if (k > n - done)
			k = n - done;
		r = ext2_bmap(fs, &in, pos >> fs->log_bsize, 1, &blk, &fresh);
		if (r < 0)
			break;
		b = bc_get(&fs->bc, blk, fresh || k == fs->bsize, &err);
		if (!b) {
			r = err;
			break;
		}
		memcpy(b->data + bo, src + done, k);
		bc_dirty(&fs->bc, b, BC_NEW);
		bc_put(&fs->bc, b);
		done += k;
	}
	if (done && off + done > ext2_isize(&in)) {
		ext2_set_isize(&in, off + done);
		if (off + done > 0x7fffffffu && !fs->large_file) {
			fs->sb->s_feature_ro_compat |=
				EXT2_FEATURE_RO_COMPAT_LARGE_FILE;
			fs->large_file = 1;
			ext2_meta_dirty(fs);
		}
	}
	touch(fs, &in, 1);
	err = ext2_iput(fs, ino, &in);
	if (err < 0)
		return err;
	return done ? (int64_t)done : r;
}

int ext2_truncate(struct ext2_fs *fs, uint32_t ino, uint64_t size)
{
	struct ext2_inode in;
	uint64_t old;
	int r, err = 0;

	if (fs->rdonly)
		return -SH_EPERM;
	r = ext2_iget(fs, ino, &in);
	if (r < 0)
		return r;
	if (is_dir(&in))
		return -SH_EISDIR;
	if ((in.i_mode & EXT2_S_IFMT) != EXT2_S_IFREG)
		return -SH_ENOTSUP;
	old = ext2_isize(&in);
	if (size < old) {
		uint64_t keep = (size + fs->bsize - 1) >> fs->log_bsize;
		uint32_t bo = (uint32_t)(size & (fs->bsize - 1)), blk;

		r = ext2_free_from(fs, &in, keep);
		if (r < 0)
			return r;
		/* Bytes past the new end read as zeros if it grows again. */
		if (bo) {
			r = ext2_bmap(fs, &in, size >> fs->log_bsize, 0, &blk,
				      NULL);
			if (r < 0)
				return r;
			if (blk) {
				struct bbuf *b = bc_get(&fs->bc, blk, 0, &err);

				if (!b)
					return err;
				memset(b->data + bo, 0, fs->bsize - bo);
				bc_dirty(&fs->bc, b, BC_NEW);
				bc_put(&fs->bc, b);
			}
		}
	} else if (size > old &&
		   (size - 1) >> fs->log_bsize >= (uint64_t)EXT2_NDIR +
		   fs->apb + (uint64_t)fs->apb * fs->apb +
		   (uint64_t)fs->apb * fs->apb * fs->apb) {
		return -SH_E2BIG;
	}
	ext2_set_isize(&in, size);
	touch(fs, &in, 1);
	return ext2_iput(fs, ino, &in);
}

int ext2_create(struct ext2_fs *fs, const char *path, uint32_t mode,
		uint32_t *ino)
{
	struct ext2_inode in;
	const char *name;
	uint32_t parent, len, n;
	int r;

	if (fs->rdonly)
		return -SH_EPERM;
	r = split(fs, path, &parent, &name, &len);
	if (r < 0)
		return r == -SH_EBUSY ? -SH_EEXIST : r;
	r = ext2_dir_find(fs, parent, name, len, &n);
	if (r == 0)
		return -SH_EEXIST;
	if (r != -SH_ENOENT)
		return r;
	r = ext2_alloc_inode(fs, parent, 0, &n);
	if (r < 0)
		return r;
	memset(&in, 0, sizeof(in));
	in.i_mode = (uint16_t)(EXT2_S_IFREG | (mode & 07777));
	in.i_links_count = 1;
	in.i_atime = in.i_ctime = in.i_mtime = ext2_now(fs);
	r = ext2_inew(fs, n, &in);
	if (r == 0)
		r = ext2_dir_add(fs, parent, name, len, n, EXT2_FT_REG_FILE);
	if (r < 0) {
		ext2_free_inode(fs, n, 0);
		return r;
	}
	*ino = n;
	return 0;
}

int ext2_mkdir(struct ext2_fs *fs, const char *path, uint32_t mode)
{
	struct ext2_inode in, pin;
	const char *name;
	uint32_t parent, len, n;
	int r;

	if (fs->rdonly)
		return -SH_EPERM;
	r = split(fs, path, &parent, &name, &len);
	if (r < 0)
		return r == -SH_EBUSY ? -SH_EEXIST : r;
	r = ext2_dir_find(fs, parent, name, len, &n);
	if (r == 0)
		return -SH_EEXIST;
	if (r != -SH_ENOENT)
		return r;
	r = ext2_iget(fs, parent, &pin);
	if (r < 0)
		return r;
	if (pin.i_links_count >= 65000)
		return -SH_ENOSPC;	/* ext2's link limit */
	r = ext2_alloc_inode(fs, parent, 1, &n);
	if (r < 0)
		return r;
	memset(&in, 0, sizeof(in));
	in.i_mode = (uint16_t)(EXT2_S_IFDIR | (mode & 07777));
	in.i_links_count = 2;
	in.i_atime = in.i_ctime = in.i_mtime = ext2_now(fs);
	r = ext2_dir_init(fs, n, &in, parent);
	if (r < 0)
		goto undo;
	r = ext2_inew(fs, n, &in);
	if (r < 0)
		goto undo_blocks;
	r = ext2_dir_add(fs, parent, name, len, n, EXT2_FT_DIR);
	if (r < 0)
		goto undo_blocks;
	r = ext2_iget(fs, parent, &pin);
	if (r < 0)
		return r;
	pin.i_links_count++;
	touch(fs, &pin, 1);
	return ext2_iput(fs, parent, &pin);
undo_blocks:
	ext2_free_from(fs, &in, 0);
undo:
	ext2_free_inode(fs, n, 1);
	return r;
}

/* Drops one link of inode ino (in); releases it at zero. */
static int drop_link(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in)
{
	if (is_dir(in))
		in->i_links_count = 0;	/* its "." goes with it */
	else if (in->i_links_count)
		in->i_links_count--;
	touch(fs, in, 0);
	if (in->i_links_count == 0)
		return ext2_release(fs, ino, in);
	return ext2_iput(fs, ino, in);
}

static int parent_links(struct ext2_fs *fs, uint32_t dir, int delta)
{
	struct ext2_inode in;
	int r = ext2_iget(fs, dir, &in);

	if (r < 0)
		return r;
	if (delta < 0 && in.i_links_count <= 2)
		return ext2_corrupt(fs, "directory link count too low", dir);
	in.i_links_count = (uint16_t)(in.i_links_count + delta);
	touch(fs, &in, 1);
	return ext2_iput(fs, dir, &in);
}

int ext2_unlink(struct ext2_fs *fs, const char *path)
{
	struct ext2_inode in;
	const char *name;
	uint32_t parent, len, ino;
	int r;

	if (fs->rdonly)
		return -SH_EPERM;
	r = split(fs, path, &parent, &name, &len);
	if (r < 0)
		return r == -SH_EBUSY ? -SH_EISDIR : r;
	r = ext2_dir_find(fs, parent, name, len, &ino);
	if (r < 0)
		return r;
	r = ext2_iget(fs, ino, &in);
	if (r < 0)
		return r;
	if (is_dir(&in))
		return -SH_EISDIR;
	r = ext2_dir_remove(fs, parent, name, len, NULL);
	if (r < 0)
		return r;
	return drop_link(fs, ino, &in);
}

int ext2_rmdir(struct ext2_fs *fs, const char *path)
{
	struct ext2_inode in;
	const char *name;
	uint32_t parent, len, ino;
	int r;

	if (fs->rdonly)
		return -SH_EPERM;
	r = split(fs, path, &parent, &name, &len);
	if (r < 0)
		return r;
	r = ext2_dir_find(fs, parent, name, len, &ino);
	if (r < 0)
		return r;
	r = ext2_iget(fs, ino, &in);
	if (r < 0)
		return r;
	if (!is_dir(&in))
		return -SH_ENOTDIR;
	r = ext2_dir_empty(fs, ino);
	if (r < 0)
		return r;
	if (!r)
		return -SH_ENOTEMPTY;
	r = ext2_dir_remove(fs, parent, name, len, NULL);
	if (r < 0)
		return r;
	r = drop_link(fs, ino, &in);
	if (r < 0)
		return r;
	return parent_links(fs, parent, -1);
}

/* 1 if directory dir is anc or lies under it (following ".."). */
static int under(struct ext2_fs *fs, uint32_t dir, uint32_t anc)
{
	uint32_t hops;
	int r;

	for (hops = 0; hops < 65536; hops++) {
		if (dir == anc)
			return 1;
		if (dir == EXT2_ROOT_INO)
			return 0;
		r = ext2_dir_find(fs, dir, "..", 2, &dir);
		if (r < 0)
			return r;
	}
	return ext2_corrupt(fs, "directory loop at", dir);
}

int ext2_rename(struct ext2_fs *fs, const char *from, const char *to)
{
	struct ext2_inode sin, tin;
	const char *n1, *n2;
	uint32_t p1, p2, l1, l2, s, t;
	int r, sdir, have_t;

	if (fs->rdonly)
		return -SH_EPERM;
	r = split(fs, from, &p1, &n1, &l1);
	if (r < 0)
		return r;
	r = split(fs, to, &p2, &n2, &l2);
	if (r < 0)
		return r;
	r = ext2_dir_find(fs, p1, n1, l1, &s);
	if (r < 0)
		return r;
	r = ext2_iget(fs, s, &sin);
	if (r < 0)
		return r;
	sdir = is_dir(&sin);
	if (sdir) {
		r = under(fs, p2, s);
		if (r < 0)
			return r;
		if (r)
			return -SH_EINVAL;
	}
	r = ext2_dir_find(fs, p2, n2, l2, &t);
	if (r < 0 && r != -SH_ENOENT)
		return r;
	have_t = r == 0;
	if (have_t) {
		if (t == s)
			return 0;
		r = ext2_iget(fs, t, &tin);
		if (r < 0)
			return r;
		if (sdir && !is_dir(&tin))
			return -SH_ENOTDIR;
		if (!sdir && is_dir(&tin))
			return -SH_EISDIR;
		if (sdir) {
			r = ext2_dir_empty(fs, t);
			if (r < 0)
				return r;
			if (!r)
				return -SH_ENOTEMPTY;
		}
		/* The target's inode goes first (see ext2_int.h). */
		r = drop_link(fs, t, &tin);
		if (r < 0)
			return r;
		if (sdir) {
			r = parent_links(fs, p2, -1);
			if (r < 0)
				return r;
		}
		r = ext2_dir_retarget(fs, p2, n2, l2, s,
				      ext2_ftype_of(sin.i_mode));
	} else {
		r = ext2_dir_add(fs, p2, n2, l2, s, ext2_ftype_of(sin.i_mode));
	}
	if (r < 0)
		return r;
	r = ext2_dir_remove(fs, p1, n1, l1, NULL);
	if (r < 0)
		return r;
	if (sdir && p1 != p2) {
		r = ext2_dir_set_parent(fs, s, p2);
		if (r < 0)
			return r;
		r = parent_links(fs, p1, -1);
		if (r < 0)
			return r;
		r = parent_links(fs, p2, +1);
		if (r < 0)
			return r;
	}
	r = ext2_iget(fs, s, &sin);
	if (r < 0)
		return r;
	touch(fs, &sin, 0);
	return ext2_iput(fs, s, &sin);
}
