/* fat: read-only FAT12/16/32 (contract in fat.h).
 *
 * Trusts nothing on disk: the boot sector's geometry is checked at mount
 * (sector and cluster sizes, counts, the FAT big enough for the
 * clusters, everything inside the device); every cluster number read from
 * a FAT or a directory entry is checked to lie in the data area, and every
 * chain is followed at most as far as the file's size (or the largest
 * directory FAT allows) needs, so a loop in a chain ends. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <shale/errors.h>
#include "bcache.h"
#include "fat.h"

#define FAT_DIR_MAX_BYTES (65536u * 32u)	/* the most a directory holds */
#define ATTR_DIR	0x10u
#define ATTR_VOLUME	0x08u
#define ATTR_LFN	0x0fu

struct fat_fs {
	struct blkdev *dev;
	struct bcache bc;		/* sectors */
	void (*log)(void *, const char *);
	void *log_arg;
	uint32_t bps;			/* bytes per sector */
	uint32_t spc;			/* sectors per cluster */
	uint32_t cbytes;		/* bytes per cluster */
	uint32_t fat_start;		/* first sector of FAT 0 */
	uint32_t fat_sectors;
	uint32_t root_start;		/* FAT12/16: the fixed root */
	uint32_t root_entries;
	uint32_t data_start;		/* sector of cluster 2 */
	uint32_t nclusters;		/* clusters 2 .. nclusters+1 */
	uint32_t root_cluster;		/* FAT32 */
	uint32_t free_clusters;		/* UINT32_MAX: not counted yet */
	int bits;			/* 12, 16, 32 */
};

static void fat_log(struct fat_fs *fs, const char *fmt, ...)
{
	char line[200];
	va_list ap;

	if (!fs->log)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	fs->log(fs->log_arg, line);
}

static int corrupt(struct fat_fs *fs, const char *what, uint32_t n)
{
	fat_log(fs, "fat: damaged: %s %u", what, n);
	return -SH_EBADMSG;
}

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* Byte off of the FAT (FAT 0).  Returns 0..255 or an error. */
static int fat_byte(struct fat_fs *fs, uint32_t off)
{
	struct bbuf *b;
	int v, err = 0;

	b = bc_get(&fs->bc, fs->fat_start + off / fs->bps, 0, &err);
	if (!b)
		return err;
	v = b->data[off % fs->bps];
	bc_put(&fs->bc, b);
	return v;
}

/* The raw FAT entry of cluster c (28 bits of FAT32).  Returns 0 and *v. */
static int fat_raw(struct fat_fs *fs, uint32_t c, uint32_t *v)
{
	int b[4] = { 0, 0, 0, 0 };
	uint32_t i, n = fs->bits == 12 ? 2 : (uint32_t)fs->bits / 8;
	uint32_t off = fs->bits == 12 ? c + c / 2 : c * n;

	for (i = 0; i < n; i++) {
		b[i] = fat_byte(fs, off + i);
		if (b[i] < 0)
			return b[i];
	}
	*v = (uint32_t)(b[0] | b[1] << 8);
	if (fs->bits == 12)
		*v = c & 1 ? *v >> 4 : *v & 0xfff;
	else if (n == 4)
		*v |= (uint32_t)b[2] << 16 | (uint32_t)(b[3] & 0x0f) << 24;
	return 0;
}

/* The FAT entry of cluster c: the next cluster, or 0 at the chain's end.
 * Returns 0 and *next, or -SH_EBADMSG for a free, bad or out-of-range
 * link. */
static int fat_next(struct fat_fs *fs, uint32_t c, uint32_t *next)
{
	uint32_t v, eoc = fs->bits == 12 ? 0xff8 : fs->bits == 16 ? 0xfff8 :
			  0x0ffffff8u;
	int r = fat_raw(fs, c, &v);

	if (r < 0)
		return r;
	if (v >= eoc) {
		*next = 0;
		return 0;
	}
	if (v < 2 || v >= fs->nclusters + 2)
		return corrupt(fs, "FAT chain link of cluster", c);
	*next = v;
	return 0;
}

static int clus_ok(const struct fat_fs *fs, uint32_t c)
{
	return c >= 2 && c < fs->nclusters + 2;
}

/* The cluster holding byte off of the chain from first (with the node's
 * hint).  Returns 0 and *clus, -SH_ENOENT past the chain's end. */
static int chain_seek(struct fat_fs *fs, struct fat_node *n, uint64_t off,
		      uint32_t *clus)
{
	uint32_t idx = (uint32_t)(off / fs->cbytes), i = 0, c = n->first;
	int r;

	if (!clus_ok(fs, c))
		return c ? corrupt(fs, "first cluster", c) : -SH_ENOENT;
	if (n->hint_clus && n->hint_idx <= idx) {
		i = n->hint_idx;
		c = n->hint_clus;
	}
	while (i < idx) {
		r = fat_next(fs, c, &c);
		if (r < 0)
			return r;
		if (c == 0)
			return -SH_ENOENT;
		i++;
	}
	n->hint_idx = idx;
	n->hint_clus = c;
	*clus = c;
	return 0;
}

static uint64_t clus_sector(const struct fat_fs *fs, uint32_t c)
{
	return fs->data_start + (uint64_t)(c - 2) * fs->spc;
}

/* Copies n bytes at byte off of cluster-chained storage. */
static int64_t chain_read(struct fat_fs *fs, struct fat_node *node,
			  uint64_t off, void *buf, size_t n)
{
	uint8_t *out = buf;
	size_t done = 0;
	int r, err = 0;

	while (done < n) {
		uint64_t pos = off + done;
		uint32_t c, in = (uint32_t)(pos % fs->cbytes);
		uint32_t sec = in / fs->bps, so = in % fs->bps;
		size_t k = fs->bps - so;
		struct bbuf *b;

		if (k > n - done)
			k = n - done;
		r = chain_seek(fs, node, pos, &c);
		if (r < 0)
			return done ? (int64_t)done :
			       (r == -SH_ENOENT ? corrupt(fs, "chain shorter "
					"than the file, cluster", node->first) : r);
		b = bc_get(&fs->bc, clus_sector(fs, c) + sec, 0, &err);
		if (!b)
			return done ? (int64_t)done : err;
		memcpy(out + done, b->data + so, k);
		bc_put(&fs->bc, b);
		done += k;
	}
	return (int64_t)done;
}

int64_t fat_read(struct fat_fs *fs, struct fat_node *node, uint64_t off,
		 void *buf, size_t n)
{
	if (node->dir)
		return -SH_EISDIR;
	if (off >= node->size)
		return 0;
	if (n > node->size - off)
		n = (size_t)(node->size - off);
	return chain_read(fs, node, off, buf, n);
}

/* Directory entry idx (32 bytes) of dir into e.  Returns 0, or -SH_ENOENT
 * past the directory's end. */
static int dir_entry(struct fat_fs *fs, struct fat_node *dir, uint32_t idx,
		     uint8_t e[32])
{
	uint64_t off = (uint64_t)idx * 32;
	struct bbuf *b;
	uint32_t c;
	int r, err = 0;

	if (dir->root && fs->bits != 32) {
		if (idx >= fs->root_entries)
			return -SH_ENOENT;
		b = bc_get(&fs->bc, fs->root_start + off / fs->bps, 0, &err);
		if (!b)
			return err;
		memcpy(e, b->data + off % fs->bps, 32);
		bc_put(&fs->bc, b);
		return 0;
	}
	if (off >= FAT_DIR_MAX_BYTES)
		return -SH_ENOENT;
	/* A directory ends where its chain does. */
	r = chain_seek(fs, dir, off, &c);
	if (r < 0)
		return (int)r;
	b = bc_get(&fs->bc, clus_sector(fs, c) + off % fs->cbytes / fs->bps, 0,
		   &err);
	if (!b)
		return err;
	memcpy(e, b->data + off % fs->bps, 32);
	bc_put(&fs->bc, b);
	return 0;
}

static uint8_t sfn_sum(const uint8_t *name)
{
	uint8_t s = 0;
	int i;

	for (i = 0; i < 11; i++)
		s = (uint8_t)(((s & 1) << 7) + (s >> 1) + name[i]);
	return s;
}

/* UTF-8 of one UCS-2 unit into out (room 3).  Returns the bytes. */
static int utf8(uint16_t u, char *out)
{
	if (u < 0x80) {
		out[0] = (char)u;
		return 1;
	}
	if (u < 0x800) {
		out[0] = (char)(0xc0 | u >> 6);
		out[1] = (char)(0x80 | (u & 0x3f));
		return 2;
	}
	out[0] = (char)(0xe0 | u >> 12);
	out[1] = (char)(0x80 | ((u >> 6) & 0x3f));
	out[2] = (char)(0x80 | (u & 0x3f));
	return 3;
}

static uint32_t short_name(const uint8_t *e, char *out)
{
	uint32_t n = 0;
	int i, lower_base = e[12] & 0x08, lower_ext = e[12] & 0x10;

	for (i = 0; i < 8 && e[i] != ' '; i++) {
		char c = (char)(i == 0 && e[0] == 0x05 ? 0xe5 : e[i]);

		out[n++] = lower_base && c >= 'A' && c <= 'Z' ? c + 32 : c;
	}
	if (e[8] != ' ')
		out[n++] = '.';
	for (i = 8; i < 11 && e[i] != ' '; i++)
		out[n++] = lower_ext && e[i] >= 'A' && e[i] <= 'Z' ?
			   (char)(e[i] + 32) : (char)e[i];
	return n;
}

static uint32_t fat_time(const uint8_t *e)
{
	static const uint16_t mdays[12] = { 0, 31, 59, 90, 120, 151, 181, 212,
					    243, 273, 304, 334 };
	uint16_t d = le16(e + 24), t = le16(e + 22);
	uint32_t y = 1980 + (d >> 9), m = (d >> 5) & 15, day = d & 31, days;

	if (m < 1 || m > 12 || day < 1)
		return 0;
	days = (y - 1970) * 365 + (y - 1969) / 4 + mdays[m - 1] + day - 1;
	if (m > 2 && y % 4 == 0)
		days++;
	return days * 86400u + (t >> 11) * 3600u + ((t >> 5) & 63) * 60u +
	       (t & 31) * 2u;
}

/* Walks dir from entry cookie: calls visit(name, node, next cookie) for
 * each live entry.  Returns what visit stopped with (1), 0 at the end. */
typedef int (*entry_visit)(void *arg, const struct fat_node *n,
			   const char *name, uint32_t len, uint64_t next);

static int dir_walk(struct fat_fs *fs, struct fat_node *dir, uint64_t cookie,
		    entry_visit visit, void *arg)
{
	uint16_t lfn[260];
	char name[260 * 3];
	uint8_t e[32], sum = 0;
	int lfn_next = -1;	/* the ordinal expected next, -1: none */
	uint32_t idx, nlfn = 0;
	int r;

	if (!dir->dir)
		return -SH_ENOTDIR;
	for (idx = 0; idx < FAT_DIR_MAX_BYTES / 32; idx++) {
		struct fat_node n;
		uint32_t len = 0, i;

		r = dir_entry(fs, dir, idx, e);
		if (r == -SH_ENOENT)
			return 0;
		if (r < 0)
			return r;
		if (e[0] == 0)
			return 0;
		if (e[0] == 0xe5) {
			lfn_next = -1;
			continue;
		}
		if ((e[11] & 0x3f) == ATTR_LFN) {
			uint32_t ord = e[0] & 0x1f, base;
			static const uint8_t at[13] = { 1, 3, 5, 7, 9, 14, 16,
							18, 20, 22, 24, 28, 30 };

			if (ord == 0 || ord > 20) {
				lfn_next = -1;
				continue;
			}
			if (e[0] & 0x40) {
				nlfn = ord * 13;
				sum = e[13];
				for (i = 0; i < nlfn; i++)
					lfn[i] = 0xffff;
			} else if (lfn_next != (int)ord || e[13] != sum) {
				lfn_next = -1;
				continue;
			}
			base = (ord - 1) * 13;
			for (i = 0; i < 13; i++)
				lfn[base + i] = le16(e + at[i]);
			lfn_next = (int)ord - 1;
			continue;
		}
		if (idx < cookie || (e[11] & ATTR_VOLUME)) {
			lfn_next = -1;
			continue;
		}
		if (lfn_next == 0 && sfn_sum(e) == sum) {
			for (i = 0; i < nlfn && lfn[i] && lfn[i] != 0xffff; i++)
				len += (uint32_t)utf8(lfn[i], name + len);
		}
		lfn_next = -1;
		if (len == 0 || len > 255)
			len = short_name(e, name);
		if (len == 0 || (name[0] == '.' && (len == 1 ||
		    (len == 2 && name[1] == '.'))))
			continue;
		memset(&n, 0, sizeof(n));
		n.first = (uint32_t)le16(e + 26) |
			  (fs->bits == 32 ? (uint32_t)le16(e + 20) << 16 : 0);
		n.dir = !!(e[11] & ATTR_DIR);
		n.size = n.dir ? 0 : le32(e + 28);
		n.mtime = fat_time(e);
		n.id = ((dir->root ? 0 : (uint64_t)dir->first) << 21 | idx) + 2;
		if (n.first && !clus_ok(fs, n.first))
			return corrupt(fs, "first cluster of an entry", n.first);
		if (n.dir && n.first == 0)
			return corrupt(fs, "directory without clusters", idx);
		r = visit(arg, &n, name, len, (uint64_t)idx + 1);
		if (r)
			return r;
	}
	return 0;
}

int fat_readdir(struct fat_fs *fs, struct fat_node *dir, uint64_t cookie,
		fat_dir_cb cb, void *arg)
{
	int r = dir_walk(fs, dir, cookie, cb, arg);

	return r < 0 ? r : 0;
}

struct find {
	const char *name;
	uint32_t len;
	struct fat_node *out;
};

static int find_visit(void *arg, const struct fat_node *n, const char *name,
		      uint32_t len, uint64_t next)
{
	struct find *f = arg;
	uint32_t i;

	(void)next;
	if (len != f->len)
		return 0;
	for (i = 0; i < len; i++) {
		char a = name[i], b = f->name[i];

		if (a >= 'A' && a <= 'Z')
			a += 32;
		if (b >= 'A' && b <= 'Z')
			b += 32;
		if (a != b)
			return 0;
	}
	*f->out = *n;
	return 1;
}

int fat_lookup(struct fat_fs *fs, const char *path, struct fat_node *out)
{
	struct fat_node cur;
	size_t i = 0, len = strlen(path);
	int r;

	memset(&cur, 0, sizeof(cur));
	cur.dir = cur.root = 1;
	cur.id = 1;
	cur.first = fs->bits == 32 ? fs->root_cluster : 0;
	while (i < len) {
		struct find f;
		size_t j;

		while (i < len && path[i] == '/')
			i++;
		if (i == len)
			break;
		for (j = i; j < len && path[j] != '/'; j++)
			;
		if (!cur.dir)
			return -SH_ENOTDIR;
		f.name = path + i;
		f.len = (uint32_t)(j - i);
		f.out = &cur;
		{
			struct fat_node d = cur;

			r = dir_walk(fs, &d, 0, find_visit, &f);
		}
		if (r < 0)
			return r;
		if (r == 0)
			return -SH_ENOENT;
		i = j;
	}
	*out = cur;
	return 0;
}

int fat_statfs(struct fat_fs *fs, struct fat_statfs *sf)
{
	uint32_t c, n = 0, v;

	if (fs->free_clusters == UINT32_MAX) {
		for (c = 2; c < fs->nclusters + 2; c++) {
			int r = fat_raw(fs, c, &v);

			if (r < 0)
				return r;
			n += v == 0;
		}
		fs->free_clusters = n;
	}
	sf->bsize = fs->cbytes;
	sf->blocks = fs->nclusters;
	sf->bfree = fs->free_clusters;
	sf->bits = fs->bits;
	return 0;
}

static int pow2(uint32_t v)
{
	return v && !(v & (v - 1));
}

int fat_mount(struct blkdev *dev, uint32_t cache_sectors,
	      void (*log)(void *arg, const char *msg), void *log_arg,
	      struct fat_fs **out)
{
	uint8_t bs[512];
	struct fat_fs *fs;
	uint32_t total, fatsz, rootsecs, need;
	int r;

	*out = NULL;
	fs = calloc(1, sizeof(*fs));
	if (!fs)
		return -SH_ENOMEM;
	fs->dev = dev;
	fs->log = log;
	fs->log_arg = log_arg;
	fs->free_clusters = UINT32_MAX;
	r = dev->size < 512 ? -SH_EBADMSG : dev->read(dev, 0, bs, 512);
	if (r < 0)
		goto fail;
	r = -SH_EBADMSG;
	if (bs[510] != 0x55 || bs[511] != 0xaa) {
		fat_log(fs, "fat: no boot sector signature");
		goto fail;
	}
	fs->bps = le16(bs + 11);
	fs->spc = bs[13];
	if (!pow2(fs->bps) || fs->bps < 512 || fs->bps > 4096 ||
	    !pow2(fs->spc)) {
		fat_log(fs, "fat: boot sector: %u bytes per sector, %u sectors "
			"per cluster", fs->bps, fs->spc);
		goto fail;
	}
	fs->cbytes = fs->bps * fs->spc;
	fs->fat_start = le16(bs + 14);
	fs->root_entries = le16(bs + 17);
	total = le16(bs + 19) ? le16(bs + 19) : le32(bs + 32);
	fatsz = le16(bs + 22) ? le16(bs + 22) : le32(bs + 36);
	if (fs->fat_start == 0 || bs[16] == 0 || fatsz == 0 || total == 0) {
		fat_log(fs, "fat: boot sector: %u reserved sectors, %u FATs of "
			"%u sectors, %u sectors", fs->fat_start, bs[16], fatsz,
			total);
		goto fail;
	}
	fs->fat_sectors = fatsz;
	rootsecs = (fs->root_entries * 32 + fs->bps - 1) / fs->bps;
	fs->root_start = fs->fat_start + bs[16] * fatsz;
	fs->data_start = fs->root_start + rootsecs;
	if ((uint64_t)fs->fat_start + (uint64_t)bs[16] * fatsz + rootsecs >=
	    total || (uint64_t)total * fs->bps > dev->size) {
		fat_log(fs, "fat: boot sector: %u sectors of %u bytes do not "
			"fit the FATs and the %llu-byte device", total, fs->bps,
			(unsigned long long)dev->size);
		goto fail;
	}
	fs->nclusters = (total - fs->data_start) / fs->spc;
	fs->bits = fs->nclusters < 4085 ? 12 : fs->nclusters < 65525 ? 16 : 32;
	need = fs->bits == 12 ? (fs->nclusters + 2) * 3 / 2 + 1 :
	       (fs->nclusters + 2) * (uint32_t)(fs->bits / 8);
	if ((uint64_t)fatsz * fs->bps < need) {
		fat_log(fs, "fat: boot sector: a FAT of %u sectors cannot map "
			"%u clusters", fatsz, fs->nclusters);
		goto fail;
	}
	if (fs->bits == 32) {
		fs->root_cluster = le32(bs + 44);
		if (fs->root_entries || !clus_ok(fs, fs->root_cluster)) {
			fat_log(fs, "fat: boot sector: FAT32 root cluster %u",
				fs->root_cluster);
			goto fail;
		}
	} else if (fs->root_entries == 0) {
		fat_log(fs, "fat: boot sector: FAT%d without root entries",
			fs->bits);
		goto fail;
	}
	r = bc_init(&fs->bc, dev, fs->bps, cache_sectors < 16 ? 16 :
		    cache_sectors);
	if (r < 0)
		goto fail;
	*out = fs;
	return 0;
fail:
	free(fs);
	return r;
}

void fat_unmount(struct fat_fs *fs)
{
	if (!fs)
		return;
	bc_fini(&fs->bc);
	free(fs);
}
