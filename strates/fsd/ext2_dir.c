/* ext2_dir: directory blocks — finding, adding and removing entries,
 * listing them.  Every rec_len, name length and inode number read from a
 * directory block is checked before use (dirent_check).  Hashed (htree)
 * directories are read as the linear directories they also are; changing
 * one clears its index flag, as a kernel without dir_index does. */
#include <string.h>
#include <shale/errors.h>
#include "ext2_int.h"

uint8_t ext2_ftype_of(uint16_t mode)
{
	switch (mode & EXT2_S_IFMT) {
	case EXT2_S_IFREG: return EXT2_FT_REG_FILE;
	case EXT2_S_IFDIR: return EXT2_FT_DIR;
	case EXT2_S_IFLNK: return EXT2_FT_SYMLINK;
	default: return EXT2_FT_UNKNOWN;
	}
}

static uint32_t de_namelen(const struct ext2_fs *fs,
			   const struct ext2_dirent *de)
{
	return fs->filetype ? de->name_len :
	       de->name_len | (uint32_t)de->file_type << 8;
}

/* The entry at off of a directory block, checked.  Returns it, or NULL
 * after ext2_corrupt (*err). */
static struct ext2_dirent *dirent_check(struct ext2_fs *fs, uint8_t *blk,
					uint32_t off, uint32_t dir, int *err)
{
	struct ext2_dirent *de;

	if (off + 8 > fs->bsize || (off & 3)) {
		*err = ext2_corrupt(fs, "directory entry offset in dir", dir);
		return NULL;
	}
	de = (struct ext2_dirent *)(blk + off);
	if (de->rec_len < 8 || (de->rec_len & 3) ||
	    off + de->rec_len > fs->bsize) {
		*err = ext2_corrupt(fs, "directory rec_len in dir", dir);
		return NULL;
	}
	if (de->inode && 8 + de_namelen(fs, de) > de->rec_len) {
		*err = ext2_corrupt(fs, "directory name length in dir", dir);
		return NULL;
	}
	if (de->inode && (!ext2_ino_ok(fs, de->inode) ||
			  de_namelen(fs, de) == 0)) {
		*err = ext2_corrupt(fs, "directory entry inode in dir", dir);
		return NULL;
	}
	return de;
}

/* Visitor: return 1 to stop (found), 0 to go on, < 0 for an error. */
typedef int (*dir_visit)(struct ext2_fs *fs, struct bbuf *b, uint64_t doff,
			 struct ext2_dirent *de, struct ext2_dirent *prev,
			 void *arg);

/* Walks directory dir (inode *din) from byte doff.  Returns what the
 * visitor stopped with (1), 0 at the end, or an error. */
static int dir_walk(struct ext2_fs *fs, uint32_t dir, struct ext2_inode *din,
		    uint64_t doff, dir_visit visit, void *arg)
{
	uint64_t size = ext2_isize(din), lb;
	int r, err = 0;

	if ((din->i_mode & EXT2_S_IFMT) != EXT2_S_IFDIR)
		return -SH_ENOTDIR;
	if (size & (fs->bsize - 1))
		return ext2_corrupt(fs, "directory size not whole blocks", dir);
	/* Directories have no holes: a size beyond the blocks it owns is
	 * damage (and would make a walk of billions of blocks). */
	if ((size >> fs->log_bsize) > din->i_blocks / (fs->bsize / 512))
		return ext2_corrupt(fs, "directory size beyond its blocks", dir);
	for (lb = doff >> fs->log_bsize; lb < size >> fs->log_bsize; lb++) {
		struct ext2_dirent *prev = NULL, *de;
		uint32_t blk, off = 0;
		struct bbuf *b;

		r = ext2_bmap(fs, din, lb, 0, &blk, NULL);
		if (r < 0)
			return r;
		if (blk == 0)
			return ext2_corrupt(fs, "hole in directory", dir);
		b = bc_get(&fs->bc, blk, 0, &err);
		if (!b)
			return err;
		while (off < fs->bsize) {
			de = dirent_check(fs, b->data, off, dir, &err);
			if (!de) {
				bc_put(&fs->bc, b);
				return err;
			}
			if ((lb << fs->log_bsize) + off >= doff) {
				r = visit(fs, b, (lb << fs->log_bsize) + off,
					  de, prev, arg);
				if (r != 0) {
					bc_put(&fs->bc, b);
					return r;
				}
			}
			prev = de;
			off += de->rec_len;
		}
		bc_put(&fs->bc, b);
	}
	return 0;
}

struct find_arg {
	const char *name;
	uint32_t len;
	uint32_t ino;
};

static int find_visit(struct ext2_fs *fs, struct bbuf *b, uint64_t doff,
		      struct ext2_dirent *de, struct ext2_dirent *prev,
		      void *arg)
{
	struct find_arg *a = arg;

	(void)b; (void)doff; (void)prev;
	if (de->inode && de_namelen(fs, de) == a->len &&
	    memcmp(de + 1, a->name, a->len) == 0) {
		a->ino = de->inode;
		return 1;
	}
	return 0;
}

int ext2_dir_find(struct ext2_fs *fs, uint32_t dir, const char *name,
		  uint32_t len, uint32_t *ino)
{
	struct ext2_inode din;
	struct find_arg a = { name, len, 0 };
	int r;

	r = ext2_iget(fs, dir, &din);
	if (r < 0)
		return r;
	r = dir_walk(fs, dir, &din, 0, find_visit, &a);
	if (r < 0)
		return r;
	if (r == 0)
		return -SH_ENOENT;
	*ino = a.ino;
	return 0;
}

/* Before a directory block changes in class cls: a block waiting to be
 * written with entries added must not also carry a removal in the same
 * write-back (nor the reverse), so write it back first. */
static int dir_prepare(struct ext2_fs *fs, struct bbuf *b, enum bc_class cls)
{
	if (!b->dirty)
		return 0;
	if ((cls == BC_UNLINK && b->cls < BC_INODE) ||
	    (cls == BC_LINK && b->cls == BC_UNLINK))
		return ext2_writeback(fs);
	return 0;
}

/* A changed directory loses its hash index (see the top). */
static int dir_changed(struct ext2_fs *fs, uint32_t dir,
		       struct ext2_inode *din)
{
	uint32_t now = ext2_now(fs);

	din->i_flags &= ~EXT2_INDEX_FL;
	din->i_mtime = din->i_ctime = now;
	return ext2_iput(fs, dir, din);
}

static void de_fill(struct ext2_fs *fs, struct ext2_dirent *de, uint32_t ino,
		    const char *name, uint32_t len, uint8_t ftype)
{
	de->inode = ino;
	de->name_len = (uint8_t)len;
	de->file_type = fs->filetype ? ftype : 0;
	memcpy(de + 1, name, len);
}

struct add_arg {
	const char *name;
	uint32_t len;
	uint32_t ino;
	uint8_t ftype;
	int err;
};

static int add_visit(struct ext2_fs *fs, struct bbuf *b, uint64_t doff,
		     struct ext2_dirent *de, struct ext2_dirent *prev,
		     void *arg)
{
	struct add_arg *a = arg;
	uint32_t need = EXT2_DIRENT_LEN(a->len), used;
	int r;

	(void)doff; (void)prev;
	used = de->inode ? EXT2_DIRENT_LEN(de_namelen(fs, de)) : 0;
	if (de->rec_len < used + need)
		return 0;
	r = dir_prepare(fs, b, BC_LINK);
	if (r < 0)
		return r;
	if (used) {
		struct ext2_dirent *n = (struct ext2_dirent *)
					((uint8_t *)de + used);

		n->rec_len = (uint16_t)(de->rec_len - used);
		de->rec_len = (uint16_t)used;
		de = n;
	}
	de_fill(fs, de, a->ino, a->name, a->len, a->ftype);
	bc_dirty(&fs->bc, b, BC_LINK);
	return 1;
}

int ext2_dir_add(struct ext2_fs *fs, uint32_t dir, const char *name,
		 uint32_t len, uint32_t ino, uint8_t ftype)
{
	struct ext2_inode din;
	struct add_arg a = { name, len, ino, ftype, 0 };
	struct ext2_dirent *de;
	struct bbuf *b;
	uint32_t blk;
	int r, fresh, err = 0;

	if (len == 0 || len > 255)
		return len ? -SH_ENAMETOOLONG : -SH_EINVAL;
	r = ext2_iget(fs, dir, &din);
	if (r < 0)
		return r;
	r = dir_walk(fs, dir, &din, 0, add_visit, &a);
	if (r < 0)
		return r;
	if (r == 0) {
		/* No room: one more block. */
		uint64_t size = ext2_isize(&din);

		r = ext2_bmap(fs, &din, size >> fs->log_bsize, 1, &blk, &fresh);
		if (r < 0)
			return r;
		b = bc_get(&fs->bc, blk, 1, &err);
		if (!b)
			return err;
		de = (struct ext2_dirent *)b->data;
		de->rec_len = (uint16_t)fs->bsize;
		de_fill(fs, de, ino, name, len, ftype);
		bc_dirty(&fs->bc, b, fresh ? BC_NEW : BC_LINK);
		bc_put(&fs->bc, b);
		ext2_set_isize(&din, size + fs->bsize);
	}
	return dir_changed(fs, dir, &din);
}

struct rm_arg {
	const char *name;
	uint32_t len;
	uint32_t ino;		/* out; in for retarget */
	uint8_t ftype;
	int retarget;
};

static int rm_visit(struct ext2_fs *fs, struct bbuf *b, uint64_t doff,
		    struct ext2_dirent *de, struct ext2_dirent *prev,
		    void *arg)
{
	struct rm_arg *a = arg;
	uint32_t old;
	int r;

	(void)doff;
	if (!de->inode || de_namelen(fs, de) != a->len ||
	    memcmp(de + 1, a->name, a->len) != 0)
		return 0;
	r = dir_prepare(fs, b, BC_UNLINK);
	if (r < 0)
		return r;
	old = de->inode;
	if (a->retarget) {
		de->inode = a->ino;
		if (fs->filetype)
			de->file_type = a->ftype;
	} else if (prev) {
		prev->rec_len = (uint16_t)(prev->rec_len + de->rec_len);
	} else {
		de->inode = 0;
	}
	a->ino = old;
	bc_dirty(&fs->bc, b, BC_UNLINK);
	return 1;
}

static int dir_rm(struct ext2_fs *fs, uint32_t dir, struct rm_arg *a)
{
	struct ext2_inode din;
	int r;

	r = ext2_iget(fs, dir, &din);
	if (r < 0)
		return r;
	r = dir_walk(fs, dir, &din, 0, rm_visit, a);
	if (r < 0)
		return r;
	if (r == 0)
		return -SH_ENOENT;
	return dir_changed(fs, dir, &din);
}

int ext2_dir_remove(struct ext2_fs *fs, uint32_t dir, const char *name,
		    uint32_t len, uint32_t *ino)
{
	struct rm_arg a = { name, len, 0, 0, 0 };
	int r = dir_rm(fs, dir, &a);

	if (r == 0 && ino)
		*ino = a.ino;
	return r;
}

int ext2_dir_retarget(struct ext2_fs *fs, uint32_t dir, const char *name,
		      uint32_t len, uint32_t ino, uint8_t ftype)
{
	struct rm_arg a = { name, len, ino, ftype, 1 };

	return dir_rm(fs, dir, &a);
}

static int empty_visit(struct ext2_fs *fs, struct bbuf *b, uint64_t doff,
		       struct ext2_dirent *de, struct ext2_dirent *prev,
		       void *arg)
{
	uint32_t n = de_namelen(fs, de);
	const char *nm = (const char *)(de + 1);

	(void)b; (void)doff; (void)prev; (void)arg;
	if (!de->inode)
		return 0;
	if ((n == 1 && nm[0] == '.') || (n == 2 && nm[0] == '.' && nm[1] == '.'))
		return 0;
	return 1;
}

int ext2_dir_empty(struct ext2_fs *fs, uint32_t dir)
{
	struct ext2_inode din;
	int r;

	r = ext2_iget(fs, dir, &din);
	if (r < 0)
		return r;
	r = dir_walk(fs, dir, &din, 0, empty_visit, NULL);
	return r < 0 ? r : !r;
}

int ext2_dir_init(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in,
		  uint32_t parent)
{
	struct ext2_dirent *de;
	struct bbuf *b;
	uint32_t blk;
	int r, fresh, err = 0;

	r = ext2_bmap(fs, in, 0, 1, &blk, &fresh);
	if (r < 0)
		return r;
	b = bc_get(&fs->bc, blk, 1, &err);
	if (!b)
		return err;
	de = (struct ext2_dirent *)b->data;
	de->rec_len = 12;
	de_fill(fs, de, ino, ".", 1, EXT2_FT_DIR);
	de = (struct ext2_dirent *)(b->data + 12);
	de->rec_len = (uint16_t)(fs->bsize - 12);
	de_fill(fs, de, parent, "..", 2, EXT2_FT_DIR);
	bc_dirty(&fs->bc, b, BC_NEW);
	bc_put(&fs->bc, b);
	ext2_set_isize(in, fs->bsize);
	return 0;
}

static int dotdot_visit(struct ext2_fs *fs, struct bbuf *b, uint64_t doff,
			struct ext2_dirent *de, struct ext2_dirent *prev,
			void *arg)
{
	const char *nm = (const char *)(de + 1);

	(void)prev;
	if (!de->inode || de_namelen(fs, de) != 2 || nm[0] != '.' ||
	    nm[1] != '.')
		return doff > 12 ? -SH_ENOENT : 0;
	de->inode = *(uint32_t *)arg;
	bc_dirty(&fs->bc, b, BC_INODE);
	return 1;
}

int ext2_dir_set_parent(struct ext2_fs *fs, uint32_t dir, uint32_t parent)
{
	struct ext2_inode din;
	int r;

	r = ext2_iget(fs, dir, &din);
	if (r < 0)
		return r;
	r = dir_walk(fs, dir, &din, 0, dotdot_visit, &parent);
	if (r == 0 || r == -SH_ENOENT)
		return ext2_corrupt(fs, "no '..' in directory", dir);
	return r < 0 ? r : 0;
}

struct list_arg {
	ext2_dir_cb cb;
	void *arg;
	int stopped;
};

static int list_visit(struct ext2_fs *fs, struct bbuf *b, uint64_t doff,
		      struct ext2_dirent *de, struct ext2_dirent *prev,
		      void *arg)
{
	struct list_arg *a = arg;
	uint32_t n = de_namelen(fs, de);
	const char *nm = (const char *)(de + 1);
	int isdir;

	(void)b; (void)prev;
	if (!de->inode)
		return 0;
	if ((n == 1 && nm[0] == '.') || (n == 2 && nm[0] == '.' && nm[1] == '.'))
		return 0;
	if (fs->filetype) {
		isdir = de->file_type == EXT2_FT_DIR;
	} else {
		struct ext2_inode in;
		int r = ext2_iget(fs, de->inode, &in);

		if (r < 0)
			return r;
		isdir = (in.i_mode & EXT2_S_IFMT) == EXT2_S_IFDIR;
	}
	if (a->cb(a->arg, de->inode, isdir, nm, n, doff + de->rec_len)) {
		a->stopped = 1;
		return 1;
	}
	return 0;
}

int ext2_readdir(struct ext2_fs *fs, uint32_t ino, uint64_t cookie,
		 ext2_dir_cb cb, void *arg)
{
	struct ext2_inode din;
	struct list_arg a = { cb, arg, 0 };
	int r;

	r = ext2_iget(fs, ino, &din);
	if (r < 0)
		return r;
	r = dir_walk(fs, ino, &din, cookie, list_visit, &a);
	return r < 0 ? r : 0;
}
