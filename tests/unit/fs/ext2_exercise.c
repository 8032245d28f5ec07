/* ext2_exercise: see ext2_exercise.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <shale/errors.h>
#include "blk_file.h"
#include "ext2.h"
#include "ext2_fmt.h"
#include "ext2_exercise.h"
#include "fs_util.h"

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

/* The inode's bytes in the base image (a good image: no checks). */
static const uint8_t *raw_inode(const struct ex_base *b, uint32_t ino,
				uint64_t *at)
{
	const struct ext2_super *s = (const void *)(b->img + 1024);
	uint32_t bs = 1024u << s->s_log_block_size;
	uint32_t isz = s->s_rev_level ? s->s_inode_size : 128;
	const struct ext2_group_desc *gd = (const void *)(b->img +
		(uint64_t)(s->s_first_data_block + 1) * bs);
	uint32_t g = (ino - 1) / s->s_inodes_per_group;
	uint32_t i = (ino - 1) % s->s_inodes_per_group;

	*at = (uint64_t)gd[g].bg_inode_table * bs + (uint64_t)i * isz;
	return b->img + *at;
}

int ex_make_base(struct ex_base *b, const char *dir)
{
	char tree[1024], img[1024];
	const struct ext2_super *s;
	const struct ext2_group_desc *gd;
	const uint8_t *in;
	uint64_t at;
	uint32_t bs, ino;

	snprintf(tree, sizeof(tree), "%s/ex-tree", dir);
	snprintf(img, sizeof(img), "%s/ex-base.img", dir);
	if (fs_make_tree(tree, 40, 300 * 1024) != 0 ||
	    fs_run("rm -f '%s' && PATH=/usr/sbin:/sbin:$PATH mke2fs -q -F -t "
		   "ext2 -b 1024 -I 128 -N 256 -d '%s' '%s' 1024k "
		   ">/dev/null 2>&1", img, tree, img) != 0)
		return -1;
	b->img = fs_slurp(img, &b->size);
	if (!b->img)
		return -1;
	s = (const void *)(b->img + 1024);
	bs = 1024u << s->s_log_block_size;
	gd = (const void *)(b->img + (uint64_t)(s->s_first_data_block + 1) * bs);
	b->off[EX_SUPER] = 1024;
	b->len[EX_SUPER] = 264;
	b->off[EX_GDT] = (uint64_t)(s->s_first_data_block + 1) * bs;
	b->len[EX_GDT] = 32;
	b->off[EX_ITABLE0] = (uint64_t)gd->bg_inode_table * bs;
	b->len[EX_ITABLE0] = bs;
	b->off[EX_BBITMAP] = (uint64_t)gd->bg_block_bitmap * bs;
	b->len[EX_BBITMAP] = bs;
	b->off[EX_IBITMAP] = (uint64_t)gd->bg_inode_bitmap * bs;
	b->len[EX_IBITMAP] = bs;
	in = raw_inode(b, EXT2_ROOT_INO, &at);
	b->off[EX_ROOTDIR] = (uint64_t)rd32(in + 40) * bs;
	b->len[EX_ROOTDIR] = bs;
	/* the first user inodes: lost+found, then the tree's */
	in = raw_inode(b, s->s_first_ino, &at);
	b->off[EX_ITABLE_USER] = at;
	b->len[EX_ITABLE_USER] = bs;
	b->off[EX_SUBDIR] = b->off[EX_ROOTDIR];
	b->len[EX_SUBDIR] = bs;
	b->off[EX_IND] = b->off[EX_ROOTDIR];
	b->len[EX_IND] = bs;
	/* find bigdir's first block and big's indirect block by inode */
	for (ino = s->s_first_ino; ino < s->s_first_ino + 64; ino++) {
		in = raw_inode(b, ino, &at);
		if ((rd32(in) & 0xf000) == EXT2_S_IFDIR && rd32(in + 40) &&
		    ino != s->s_first_ino)
			b->off[EX_SUBDIR] = (uint64_t)rd32(in + 40) * bs;
		if ((rd32(in) & 0xf000) == EXT2_S_IFREG && rd32(in + 88))
			b->off[EX_IND] = (uint64_t)rd32(in + 88) * bs;
	}
	return 0;
}

void ex_patch(const struct ex_base *b, uint8_t *img, unsigned r,
	      uint32_t off, unsigned width, uint32_t v)
{
	uint64_t at;

	r %= EX_NREGION;
	if (width != 1 && width != 2)
		width = 4;
	at = b->off[r] + off % (b->len[r] - width + 1);
	if (at + width <= b->size)
		memcpy(img + at, &v, width);	/* little-endian host */
}

struct walk_ctx {
	struct ext2_fs *fs;
	char path[1100];
	unsigned entries;
	int depth;
};

static void walk_dir(struct walk_ctx *w, uint32_t dino);

static int walk_entry(void *arg, uint32_t ino, int isdir, const char *name,
		      uint32_t len, uint64_t next)
{
	struct walk_ctx *w = arg;
	static uint8_t buf[4096];
	struct ext2_stat st;
	size_t pl = strlen(w->path);
	uint64_t off;
	uint32_t found;

	(void)next;
	if (++w->entries > 3000 || pl + len + 2 > sizeof(w->path))
		return 1;
	snprintf(w->path + pl, sizeof(w->path) - pl, "/%.*s", (int)len, name);
	if (ext2_lookup(w->fs, w->path, &found) == 0 &&
	    ext2_stat(w->fs, found, &st) == 0) {
		if (isdir && w->depth < 24) {
			w->depth++;
			walk_dir(w, found);
			w->depth--;
		} else if (!isdir) {
			for (off = 0; off < st.size && off < (1u << 20);
			     off += sizeof(buf))
				if (ext2_read(w->fs, found, off, buf,
					      sizeof(buf)) <= 0)
					break;
		}
	}
	(void)ino;
	w->path[pl] = '\0';
	return 0;
}

static void walk_dir(struct walk_ctx *w, uint32_t dino)
{
	ext2_readdir(w->fs, dino, 0, walk_entry, w);
}

int ex_run(uint8_t *img, size_t size, uint32_t *info)
{
	struct ext2_mount_opts o = { .cache_blocks = 16 };
	struct walk_ctx *w;
	struct ext2_fs *fs;
	struct blk_mem m;
	struct ext2_statfs sf;
	static const uint8_t data[9000] = { 1, 2, 3 };
	uint32_t ino;
	int r;

	blk_mem_init(&m, img, size);
	r = ext2_mount(&m.dev, &o, &fs);
	if (r < 0)
		return r;
	*info = ext2_info(fs);
	w = calloc(1, sizeof(*w));
	w->fs = fs;
	walk_dir(w, EXT2_ROOT_INO);
	free(w);
	ext2_statfs(fs, &sf);
	if (ext2_create(fs, "/fz", 0644, &ino) == 0) {
		ext2_write(fs, ino, 0, data, sizeof(data));
		ext2_write(fs, ino, 300000, data, 100);
		ext2_truncate(fs, ino, 5000);
	}
	ext2_mkdir(fs, "/fzd", 0755);
	ext2_rename(fs, "/fz", "/fzd/x");
	ext2_rename(fs, "/bigdir", "/fzd/bd");
	ext2_unlink(fs, "/one");
	ext2_unlink(fs, "/big");
	ext2_unlink(fs, "/fzd/bd/entry-00003");
	ext2_rename(fs, "/f4097", "/f4096");
	ext2_rmdir(fs, "/d0/d1/d2");
	if (ext2_lookup(fs, "/f4095", &ino) == 0)
		ext2_truncate(fs, ino, 0);
	ext2_sync(fs);
	ext2_unmount(fs);
	return 0;
}
