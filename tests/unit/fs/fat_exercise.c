/* fat_exercise: see fat_exercise.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <shale/errors.h>
#include "blk_file.h"
#include "fat.h"
#include "fat_exercise.h"
#include "fs_util.h"

static int put(const char *path, uint32_t seed, size_t size)
{
	FILE *f = fopen(path, "wb");
	size_t i;

	if (!f)
		return -1;
	for (i = 0; i < size; i++)
		fputc(fs_pat(seed, i), f);
	return fclose(f);
}

int fx_make_tree(const char *dir_in, unsigned nsub, size_t bigsize)
{
	char dir[1024];
	unsigned i;

	snprintf(dir, sizeof(dir), "%s", dir_in);
	if (fs_run("rm -rf '%s' && mkdir -p '%s/sub' '%s/a/b/c'", dir, dir,
		   dir) != 0)
		return -1;
	if (put(fs_fmt("%s/empty", dir), 1, 0) ||
	    put(fs_fmt("%s/one", dir), 2, 1) ||
	    put(fs_fmt("%s/f4095", dir), 3, 4095) ||
	    put(fs_fmt("%s/f4096", dir), 4, 4096) ||
	    put(fs_fmt("%s/f4097", dir), 5, 4097) ||
	    put(fs_fmt("%s/big", dir), 6, bigsize) ||
	    put(fs_fmt("%s/A long file name, with spaces.txt", dir), 7, 777) ||
	    put(fs_fmt("%s/MixedCase.Txt", dir), 8, 10) ||
	    put(fs_fmt("%s/README", dir), 9, 50) ||
	    put(fs_fmt("%s/a/b/c/deep file.bin", dir), 10, 3000))
		return -1;
	for (i = 0; i < nsub; i++)
		if (put(fs_fmt("%s/sub/file number %u.dat", dir, i), 100 + i,
			i % 300))
			return -1;
	return 0;
}

int fx_make_base(struct fx_base *b, const char *dir)
{
	char tree[1024], img[1024];
	const uint8_t *bs;
	uint32_t bps, rsv, nfat, fatsz, roots, spc, i;

	snprintf(tree, sizeof(tree), "%s/fx-tree", dir);
	snprintf(img, sizeof(img), "%s/fx-base.img", dir);
	if (fx_make_tree(tree, 40, 20000) != 0 ||
	    fs_run("rm -f '%s' && mformat -i '%s' -C -f 1440 :: && "
		   "mcopy -s -i '%s' '%s'/* ::/", img, img, img, tree) != 0)
		return -1;
	b->img = fs_slurp(img, &b->size);
	if (!b->img)
		return -1;
	bs = b->img;
	bps = bs[11] | bs[12] << 8;
	spc = bs[13];
	rsv = bs[14] | bs[15] << 8;
	nfat = bs[16];
	roots = bs[17] | bs[18] << 8;
	fatsz = bs[22] | bs[23] << 8;
	b->off[FX_BOOT] = 0;
	b->len[FX_BOOT] = 512;
	b->off[FX_FAT] = (uint64_t)rsv * bps;
	b->len[FX_FAT] = bps;
	b->off[FX_ROOT] = (uint64_t)(rsv + nfat * fatsz) * bps;
	b->len[FX_ROOT] = roots * 32;
	b->off[FX_SUBDIR] = b->off[FX_ROOT];
	b->len[FX_SUBDIR] = bps;
	/* the first directory entry of the root that is a directory */
	for (i = 0; i < roots; i++) {
		const uint8_t *e = b->img + b->off[FX_ROOT] + i * 32;

		if (e[0] && e[0] != 0xe5 && (e[11] & 0x3f) != 0x0f &&
		    (e[11] & 0x10)) {
			uint32_t c = e[26] | e[27] << 8;

			b->off[FX_SUBDIR] = b->off[FX_ROOT] + roots * 32 +
					    (uint64_t)(c - 2) * spc * bps;
			break;
		}
	}
	return 0;
}

void fx_patch(const struct fx_base *b, uint8_t *img, unsigned r,
	      uint32_t off, unsigned width, uint32_t v)
{
	uint64_t at;

	r %= FX_NREGION;
	if (width != 1 && width != 2)
		width = 4;
	at = b->off[r] + off % (b->len[r] - width + 1);
	if (at + width <= b->size)
		memcpy(img + at, &v, width);
}

struct fwalk {
	struct fat_fs *fs;
	unsigned entries;
	int depth;
};

static int fwalk_entry(void *arg, const struct fat_node *n, const char *name,
		       uint32_t len, uint64_t next)
{
	struct fwalk *w = arg;
	struct fat_node c = *n;
	static uint8_t buf[4096];
	uint64_t off;

	(void)name; (void)len; (void)next;
	if (++w->entries > 2000)
		return 1;
	if (c.dir && w->depth < 16) {
		w->depth++;
		fat_readdir(w->fs, &c, 0, fwalk_entry, w);
		w->depth--;
	} else if (!c.dir) {
		for (off = 0; off < c.size && off < (1u << 20); off += 4096)
			if (fat_read(w->fs, &c, off, buf, sizeof(buf)) <= 0)
				break;
	}
	return 0;
}

int fx_run(uint8_t *img, size_t size)
{
	struct blk_mem m;
	struct fat_fs *fs;
	struct fat_node root;
	struct fat_statfs sf;
	struct fwalk w = { 0, 0, 0 };
	int r;

	blk_mem_init(&m, img, size);
	r = fat_mount(&m.dev, 16, NULL, NULL, &fs);
	if (r < 0)
		return r;
	w.fs = fs;
	if (fat_lookup(fs, "/", &root) == 0)
		fat_readdir(fs, &root, 0, fwalk_entry, &w);
	fat_lookup(fs, "/a/b/c/deep file.bin", &root);
	fat_statfs(fs, &sf);
	fat_unmount(fs);
	return 0;
}
