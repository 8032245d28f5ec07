/* ext2_super: mounting (every superblock and group descriptor field this
 * code relies on is checked here, once), the clean/unclean state, write-
 * back of the superblock and descriptors, statfs, the message log. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <shale/errors.h>
#include "ext2_int.h"

void ext2_log(struct ext2_fs *fs, const char *fmt, ...)
{
	char line[200];
	va_list ap;

	if (!fs->o.log)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	fs->o.log(fs->o.log_arg, line);
}

int ext2_corrupt(struct ext2_fs *fs, const char *what, uint64_t n)
{
	ext2_log(fs, "ext2: damaged: %s %llu", what, (unsigned long long)n);
	fs->info |= EXT2_INFO_ERRORS;
	return -SH_EBADMSG;
}

uint32_t ext2_now(struct ext2_fs *fs)
{
	uint32_t t = fs->o.now ? fs->o.now(fs->o.now_arg) : 0;

	/* Without a clock, the last time the image was written stands in:
	 * never 0 or a small number, which e2fsck would take for an orphan
	 * list link in a deleted inode's dtime. */
	if (t == 0)
		t = fs->sb->s_wtime;
	if (t < fs->sb->s_inodes_count)
		t = fs->sb->s_inodes_count;
	return t;
}

void ext2_meta_dirty(struct ext2_fs *fs)
{
	fs->meta_dirty = 1;
}

uint32_t ext2_info(const struct ext2_fs *fs)
{
	return fs->info;
}

/* Copies the superblock and descriptor table into their cache blocks. */
static int meta_to_cache(struct ext2_fs *fs)
{
	uint32_t gdb = fs->sb->s_first_data_block + 1, i, done = 0;
	uint32_t total = fs->ngroups * (uint32_t)sizeof(struct ext2_group_desc);
	struct bbuf *b;
	int err = 0;

	b = bc_get(&fs->bc, EXT2_SUPER_OFF / fs->bsize, 0, &err);
	if (!b)
		return err;
	memcpy(b->data + EXT2_SUPER_OFF % fs->bsize, fs->sb_raw, 1024);
	bc_dirty(&fs->bc, b, BC_SUPER);
	bc_put(&fs->bc, b);
	for (i = 0; i < fs->gd_blocks; i++) {
		uint32_t n = total - done < fs->bsize ? total - done : fs->bsize;

		b = bc_get(&fs->bc, gdb + i, 0, &err);
		if (!b)
			return err;
		memcpy(b->data, (uint8_t *)fs->gd + done, n);
		bc_dirty(&fs->bc, b, BC_SUPER);
		bc_put(&fs->bc, b);
		done += n;
	}
	fs->meta_dirty = 0;
	return 0;
}

int ext2_writeback(struct ext2_fs *fs)
{
	int r;

	if (fs->rdonly)
		return 0;
	if (fs->meta_dirty) {
		fs->sb->s_wtime = ext2_now(fs);
		r = meta_to_cache(fs);
		if (r < 0)
			return r;
	}
	r = bc_sync(&fs->bc);
	if (r == 0) {
		fs->npend_blk = 0;
		fs->npend_ino = 0;
	}
	return r;
}

int ext2_sync(struct ext2_fs *fs)
{
	return ext2_writeback(fs);
}

struct feature_name {
	uint32_t bit;
	const char *name;
};

static const struct feature_name incompat_names[] = {
	{ 0x0001, "compression" }, { 0x0004, "needs_recovery" },
	{ 0x0008, "journal_dev" }, { 0x0010, "meta_bg" },
	{ 0x0040, "extent" }, { 0x0080, "64bit" }, { 0x0100, "mmp" },
	{ 0x0200, "flex_bg" }, { 0x0400, "ea_inode" },
	{ 0x1000, "dirdata" }, { 0x2000, "metadata_csum_seed" },
	{ 0x4000, "large_dir" }, { 0x8000, "inline_data" },
	{ 0x10000, "encrypt" }, { 0x20000, "casefold" },
};

static const struct feature_name ro_names[] = {
	{ 0x0008, "huge_file" }, { 0x0010, "uninit_bg" },
	{ 0x0020, "dir_nlink" }, { 0x0040, "extra_isize" },
	{ 0x0100, "quota" }, { 0x0200, "bigalloc" },
	{ 0x0400, "metadata_csum" }, { 0x1000, "readonly" },
	{ 0x2000, "project" }, { 0x8000, "verity" },
};

static const char *feature_name(const struct feature_name *t, size_t n,
				uint32_t bits, uint32_t *bit)
{
	size_t i;

	for (i = 0; i < 32; i++)
		if (bits & (1u << i))
			break;
	*bit = 1u << i;
	while (n--)
		if (t[n].bit == *bit)
			return t[n].name;
	return "unknown";
}

/* Checks the superblock's geometry.  Returns 0, or logs and returns
 * -SH_EBADMSG / -SH_ENOTSUP. */
static int super_check(struct ext2_fs *fs)
{
	struct ext2_super *s = fs->sb;
	uint64_t groups;
	uint32_t bit, ro;

	if (s->s_magic != EXT2_MAGIC) {
		ext2_log(fs, "ext2: no ext2 superblock (magic %x)",
			 (unsigned)s->s_magic);
		return -SH_EBADMSG;
	}
	if (s->s_rev_level > 1) {
		ext2_log(fs, "ext2: revision %u not supported",
			 (unsigned)s->s_rev_level);
		return -SH_ENOTSUP;
	}
	if (s->s_log_block_size > 5) {
		ext2_log(fs, "ext2: superblock: block size 2^%u unsupported",
			 (unsigned)(s->s_log_block_size + 10));
		return -SH_EBADMSG;
	}
	fs->log_bsize = s->s_log_block_size + 10;
	fs->bsize = 1u << fs->log_bsize;
	if (s->s_rev_level == 0) {
		fs->isize = EXT2_GOOD_OLD_INODE_SIZE;
		fs->first_ino = EXT2_GOOD_OLD_FIRST_INO;
	} else {
		fs->isize = s->s_inode_size;
		fs->first_ino = s->s_first_ino;
		if (s->s_feature_incompat & ~EXT2_FEATURE_INCOMPAT_FILETYPE) {
			const char *n = feature_name(incompat_names,
				sizeof(incompat_names) / sizeof(incompat_names[0]),
				s->s_feature_incompat &
				~EXT2_FEATURE_INCOMPAT_FILETYPE, &bit);
			ext2_log(fs, "ext2: incompatible feature %s (0x%x) "
				 "not supported: not mounted", n, bit);
			return -SH_ENOTSUP;
		}
		ro = s->s_feature_ro_compat &
		     ~(EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER |
		       EXT2_FEATURE_RO_COMPAT_LARGE_FILE | 0x0004u);
		if (ro) {
			const char *n = feature_name(ro_names,
				sizeof(ro_names) / sizeof(ro_names[0]), ro, &bit);
			ext2_log(fs, "ext2: read-only-compatible feature %s "
				 "(0x%x) not supported: mounted read-only",
				 n, bit);
			fs->rdonly = 1;
		}
		fs->filetype = !!(s->s_feature_incompat &
				  EXT2_FEATURE_INCOMPAT_FILETYPE);
		fs->large_file = !!(s->s_feature_ro_compat &
				    EXT2_FEATURE_RO_COMPAT_LARGE_FILE);
	}
	if (fs->isize < EXT2_GOOD_OLD_INODE_SIZE || fs->isize > fs->bsize ||
	    (fs->isize & (fs->isize - 1))) {
		ext2_log(fs, "ext2: superblock: inode size %u", fs->isize);
		return -SH_EBADMSG;
	}
	if (s->s_first_data_block != (fs->bsize == 1024 ? 1u : 0u) ||
	    s->s_blocks_count <= s->s_first_data_block + 2) {
		ext2_log(fs, "ext2: superblock: first data block %u of %u",
			 (unsigned)s->s_first_data_block,
			 (unsigned)s->s_blocks_count);
		return -SH_EBADMSG;
	}
	if (s->s_blocks_per_group == 0 || s->s_blocks_per_group % 8 ||
	    s->s_blocks_per_group > 8 * fs->bsize ||
	    s->s_inodes_per_group == 0 || s->s_inodes_per_group % 8 ||
	    s->s_inodes_per_group > 8 * fs->bsize) {
		ext2_log(fs, "ext2: superblock: %u blocks, %u inodes per group",
			 (unsigned)s->s_blocks_per_group,
			 (unsigned)s->s_inodes_per_group);
		return -SH_EBADMSG;
	}
	groups = ((uint64_t)s->s_blocks_count - s->s_first_data_block +
		  s->s_blocks_per_group - 1) / s->s_blocks_per_group;
	if ((uint64_t)s->s_inodes_per_group * groups != s->s_inodes_count) {
		ext2_log(fs, "ext2: superblock: %u inodes in %u groups of %u",
			 (unsigned)s->s_inodes_count, (unsigned)groups,
			 (unsigned)s->s_inodes_per_group);
		return -SH_EBADMSG;
	}
	fs->ngroups = (uint32_t)groups;
	fs->ipb = fs->bsize / fs->isize;
	fs->itb_per_group = (s->s_inodes_per_group + fs->ipb - 1) / fs->ipb;
	fs->apb = fs->bsize / 4;
	fs->gd_blocks = (uint32_t)((groups * sizeof(struct ext2_group_desc) +
				    fs->bsize - 1) / fs->bsize);
	if (fs->first_ino <= EXT2_ROOT_INO ||
	    fs->first_ino >= s->s_inodes_count) {
		ext2_log(fs, "ext2: superblock: first inode %u", fs->first_ino);
		return -SH_EBADMSG;
	}
	if ((uint64_t)s->s_blocks_count * fs->bsize > fs->dev->size) {
		ext2_log(fs, "ext2: superblock: %u blocks of %u bytes but the "
			 "device has %llu bytes", (unsigned)s->s_blocks_count,
			 fs->bsize, (unsigned long long)fs->dev->size);
		return -SH_EBADMSG;
	}
	if (fs->itb_per_group + 2 > s->s_blocks_per_group) {
		ext2_log(fs, "ext2: superblock: inode table larger than a group");
		return -SH_EBADMSG;
	}
	return 0;
}

/* Checks that group g's bitmaps and inode table lie inside the group and
 * its free counts are possible.  Returns 0 or logs and -SH_EBADMSG. */
static int group_check(struct ext2_fs *fs, uint32_t g)
{
	const struct ext2_group_desc *d = &fs->gd[g];
	struct ext2_super *s = fs->sb;
	uint32_t start = s->s_first_data_block + g * s->s_blocks_per_group;
	uint32_t end = start + s->s_blocks_per_group;
	uint32_t meta_end = s->s_first_data_block + 1 + fs->gd_blocks;

	if (end > s->s_blocks_count)
		end = s->s_blocks_count;
	if (d->bg_block_bitmap < start || d->bg_block_bitmap >= end ||
	    d->bg_block_bitmap < meta_end) {
		ext2_log(fs, "ext2: group %u: block bitmap at block %u is "
			 "outside the group", g, (unsigned)d->bg_block_bitmap);
		return -SH_EBADMSG;
	}
	if (d->bg_inode_bitmap < start || d->bg_inode_bitmap >= end ||
	    d->bg_inode_bitmap < meta_end ||
	    d->bg_inode_bitmap == d->bg_block_bitmap) {
		ext2_log(fs, "ext2: group %u: inode bitmap at block %u is "
			 "outside the group", g, (unsigned)d->bg_inode_bitmap);
		return -SH_EBADMSG;
	}
	if (d->bg_inode_table < start || d->bg_inode_table < meta_end ||
	    (uint64_t)d->bg_inode_table + fs->itb_per_group > end ||
	    (d->bg_block_bitmap >= d->bg_inode_table &&
	     d->bg_block_bitmap < d->bg_inode_table + fs->itb_per_group) ||
	    (d->bg_inode_bitmap >= d->bg_inode_table &&
	     d->bg_inode_bitmap < d->bg_inode_table + fs->itb_per_group)) {
		ext2_log(fs, "ext2: group %u: inode table at block %u is "
			 "outside the group", g, (unsigned)d->bg_inode_table);
		return -SH_EBADMSG;
	}
	if (d->bg_free_blocks_count > end - start ||
	    d->bg_free_inodes_count > s->s_inodes_per_group ||
	    d->bg_used_dirs_count > s->s_inodes_per_group) {
		ext2_log(fs, "ext2: group %u: free counts %u blocks, %u inodes "
			 "are impossible", g, (unsigned)d->bg_free_blocks_count,
			 (unsigned)d->bg_free_inodes_count);
		return -SH_EBADMSG;
	}
	return 0;
}

static int gd_load(struct ext2_fs *fs)
{
	uint32_t total = fs->ngroups * (uint32_t)sizeof(struct ext2_group_desc);
	uint32_t i, done = 0;
	uint64_t bfree = 0, ifree = 0;
	int r, err = 0;

	fs->gd = malloc((size_t)fs->gd_blocks * fs->bsize);
	if (!fs->gd)
		return -SH_ENOMEM;
	for (i = 0; i < fs->gd_blocks; i++) {
		uint32_t n = total - done < fs->bsize ? total - done : fs->bsize;
		struct bbuf *b = bc_get(&fs->bc, fs->sb->s_first_data_block +
					1 + i, 0, &err);

		if (!b)
			return err;
		memcpy((uint8_t *)fs->gd + done, b->data, n);
		bc_put(&fs->bc, b);
		done += n;
	}
	for (i = 0; i < fs->ngroups; i++) {
		r = group_check(fs, i);
		if (r < 0)
			return r;
		bfree += fs->gd[i].bg_free_blocks_count;
		ifree += fs->gd[i].bg_free_inodes_count;
	}
	/* The descriptors are the truth; the superblock's sums follow them
	 * (as Linux and e2fsck have it). */
	if (bfree != fs->sb->s_free_blocks_count ||
	    ifree != fs->sb->s_free_inodes_count) {
		fs->sb->s_free_blocks_count = (uint32_t)bfree;
		fs->sb->s_free_inodes_count = (uint32_t)ifree;
		fs->meta_dirty = 1;
	}
	return 0;
}

int ext2_mount(struct blkdev *dev, const struct ext2_mount_opts *o,
	       struct ext2_fs **out)
{
	struct ext2_fs *fs;
	struct ext2_inode root;
	uint32_t nbuf;
	int r;

	*out = NULL;
	fs = calloc(1, sizeof(*fs));
	if (!fs)
		return -SH_ENOMEM;
	fs->dev = dev;
	fs->o = *o;
	fs->sb = (struct ext2_super *)fs->sb_raw;
	if (dev->size < 2048) {
		ext2_log(fs, "ext2: device of %llu bytes is too small",
			 (unsigned long long)dev->size);
		r = -SH_EBADMSG;
		goto fail;
	}
	r = dev->read(dev, EXT2_SUPER_OFF, fs->sb_raw, sizeof(fs->sb_raw));
	if (r < 0)
		goto fail;
	r = super_check(fs);
	if (r < 0)
		goto fail;
	if ((o->flags & EXT2_MOUNT_RDONLY) || dev->rdonly)
		fs->rdonly = 1;
	nbuf = o->cache_bytes ? o->cache_bytes / fs->bsize : o->cache_blocks;
	if (nbuf < 16)
		nbuf = 16;
	r = bc_init(&fs->bc, dev, fs->bsize, nbuf);
	if (r < 0)
		goto fail;
	r = gd_load(fs);
	if (r < 0)
		goto fail_bc;
	r = ext2_iget(fs, EXT2_ROOT_INO, &root);
	if (r < 0)
		goto fail_bc;
	if ((root.i_mode & EXT2_S_IFMT) != EXT2_S_IFDIR ||
	    root.i_links_count < 2) {
		ext2_log(fs, "ext2: the root inode is not a directory");
		r = -SH_EBADMSG;
		goto fail_bc;
	}
	if (!(fs->sb->s_state & EXT2_VALID_FS)) {
		fs->info |= EXT2_INFO_UNCLEAN;
		ext2_log(fs, "ext2: not cleanly unmounted last time; "
			 "e2fsck -p will check it");
	}
	if (fs->sb->s_state & EXT2_ERROR_FS) {
		fs->info |= EXT2_INFO_ERRORS;
		fs->rdonly = 1;
		ext2_log(fs, "ext2: errors recorded on disk: mounted "
			 "read-only until e2fsck repairs them");
	}
	if (fs->rdonly)
		fs->info |= EXT2_INFO_RDONLY;
	fs->alloc_goal = fs->sb->s_first_data_block;
	if (!fs->rdonly) {
		/* Not clean on disk from now until an orderly unmount. */
		fs->sb->s_state &= (uint16_t)~EXT2_VALID_FS;
		fs->sb->s_mnt_count++;
		fs->sb->s_mtime = ext2_now(fs);
		fs->meta_dirty = 1;
		r = ext2_writeback(fs);
		if (r < 0)
			goto fail_bc;
	}
	*out = fs;
	return 0;
fail_bc:
	bc_fini(&fs->bc);
fail:
	free(fs->gd);
	free(fs);
	return r;
}

int ext2_unmount(struct ext2_fs *fs)
{
	int r = 0;

	if (!fs->rdonly) {
		r = ext2_writeback(fs);
		/* Clean only if it was clean when mounted and nothing went
		 * wrong since: otherwise e2fsck -p must still look. */
		if (r == 0 && !(fs->info & (EXT2_INFO_UNCLEAN |
					    EXT2_INFO_ERRORS)))
			fs->sb->s_state |= EXT2_VALID_FS;
		if (fs->info & EXT2_INFO_ERRORS)
			fs->sb->s_state |= EXT2_ERROR_FS;
		fs->meta_dirty = 1;
		if (r == 0)
			r = ext2_writeback(fs);
	}
	bc_fini(&fs->bc);
	free(fs->gd);
	free(fs);
	return r;
}

int ext2_statfs(struct ext2_fs *fs, struct ext2_statfs *sf)
{
	const struct ext2_super *s = fs->sb;

	sf->bsize = fs->bsize;
	sf->blocks = s->s_blocks_count;
	sf->bfree = s->s_free_blocks_count;
	sf->bavail = s->s_free_blocks_count > s->s_r_blocks_count ?
		     s->s_free_blocks_count - s->s_r_blocks_count : 0;
	sf->inodes = s->s_inodes_count;
	sf->ifree = s->s_free_inodes_count;
	sf->info = fs->info;
	return 0;
}
