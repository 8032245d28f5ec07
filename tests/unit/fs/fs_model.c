/* fs_model: see fs_model.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <shale/errors.h>
#include "fs_model.h"
#include "fs_util.h"

static struct model_file *mfile(struct model *m, const char *path)
{
	unsigned i;

	for (i = 0; i < m->n; i++)
		if (strcmp(m->f[i].path, path) == 0)
			return &m->f[i];
	if (m->n == MODEL_MAX)
		abort();
	snprintf(m->f[m->n].path, sizeof(m->f[0].path), "%s", path);
	return &m->f[m->n++];
}

static void mset(struct model *m, const char *path, const uint8_t *d,
		 size_t len)
{
	struct model_file *f = mfile(m, path);

	free(f->data);
	f->data = malloc(len ? len : 1);
	memcpy(f->data, d, len);
	f->len = len;
}

static void mgone(struct model *m, const char *path)
{
	struct model_file *f = mfile(m, path);

	free(f->data);
	f->data = NULL;
	f->len = 0;
}

int64_t ext2_slurp(struct ext2_fs *fs, const char *path, uint8_t **out)
{
	struct ext2_stat st;
	uint32_t ino;
	uint8_t *b;
	uint64_t off = 0;
	int r;

	r = ext2_lookup(fs, path, &ino);
	if (r < 0)
		return r;
	r = ext2_stat(fs, ino, &st);
	if (r < 0)
		return r;
	b = malloc(st.size + 1);
	while (off < st.size) {
		int64_t n = ext2_read(fs, ino, off, b + off,
				      st.size - off < 7919 ? st.size - off : 7919);
		if (n <= 0) {
			free(b);
			return n < 0 ? n : -SH_EIO;
		}
		off += (uint64_t)n;
	}
	*out = b;
	return (int64_t)st.size;
}

int model_quiet;

#define STEP(what, call) do {						\
	int64_t r_ = (call);						\
	if (r_ < 0) {							\
		if (!model_quiet)					\
		fprintf(stderr, "workload: %s: %lld\n", what,		\
			(long long)r_);					\
		return (int)r_;						\
	}								\
} while (0)

#define EXPECT(what, call, err) do {					\
	int64_t r_ = (call);						\
	if (r_ != (err)) {						\
		if (!model_quiet)					\
		fprintf(stderr, "workload: %s gave %lld, not %d\n",	\
			what, (long long)r_, (err));			\
		return -1;						\
	}								\
} while (0)

static int write_all(struct ext2_fs *fs, const char *path, uint64_t off,
		     const uint8_t *d, size_t len, size_t chunk)
{
	uint32_t ino;
	size_t done = 0;
	int r = ext2_lookup(fs, path, &ino);

	if (r < 0)
		return r;
	while (done < len) {
		size_t k = len - done < chunk ? len - done : chunk;
		int64_t n = ext2_write(fs, ino, off + done, d + done, k);

		if (n != (int64_t)k)
			return n < 0 ? (int)n : -SH_EIO;
		done += k;
	}
	return 0;
}

int model_workload(struct ext2_fs *fs, struct model *m, unsigned bsize,
		   size_t bigsize)
{
	uint8_t buf[120000], *cur;
	uint32_t ino;
	int64_t len;
	unsigned i;
	size_t k;

	/* a new file, written in odd chunks */
	for (k = 0; k < 100000; k++)
		buf[k] = fs_pat(50, k);
	STEP("create /new.bin", ext2_create(fs, "/new.bin", 0644, &ino));
	EXPECT("create again", ext2_create(fs, "/new.bin", 0644, &ino),
	       -SH_EEXIST);
	STEP("write /new.bin", write_all(fs, "/new.bin", 0, buf, 100000, 7000));
	mset(m, "/new.bin", buf, 100000);

	/* append */
	len = ext2_slurp(fs, "/f4097", &cur);
	STEP("read f4097", len);
	memcpy(buf, cur, 4097);
	free(cur);
	for (k = 0; k < 5000; k++)
		buf[4097 + k] = fs_pat(51, k);
	STEP("append f4097", write_all(fs, "/f4097", 4097, buf + 4097, 5000,
				       5000));
	mset(m, "/f4097", buf, 9097);

	/* shrink, then write past the end (a hole between) */
	len = ext2_slurp(fs, "/big", &cur);
	STEP("read big", len);
	if ((size_t)len != bigsize)
		return -1;
	memset(buf, 0, 20010);
	memcpy(buf, cur, 5000);
	free(cur);
	STEP("lookup big", ext2_lookup(fs, "/big", &ino));
	STEP("truncate big", ext2_truncate(fs, ino, 5000));
	memcpy(buf + 20000, "0123456789", 10);
	STEP("write past end", write_all(fs, "/big", 20000, buf + 20000, 10, 10));
	mset(m, "/big", buf, 20010);

	/* truncate then grow */
	len = ext2_slurp(fs, "/f4096", &cur);
	STEP("read f4096", len);
	memcpy(buf, cur, 10);
	free(cur);
	memset(buf + 10, 0, 90);
	STEP("lookup f4096", ext2_lookup(fs, "/f4096", &ino));
	STEP("truncate f4096", ext2_truncate(fs, ino, 10));
	STEP("grow f4096", ext2_truncate(fs, ino, 100));
	mset(m, "/f4096", buf, 100);

	/* rename across directories, and over an existing file */
	len = ext2_slurp(fs, "/one", &cur);
	STEP("read one", len);
	STEP("rename one", ext2_rename(fs, "/one", "/d0/d1/moved-one"));
	mset(m, "/d0/d1/moved-one", cur, 1);
	free(cur);
	mgone(m, "/one");
	len = ext2_slurp(fs, "/f4095", &cur);
	STEP("read f4095", len);
	STEP("rename over", ext2_rename(fs, "/f4095", "/empty"));
	mset(m, "/empty", cur, 4095);
	free(cur);
	mgone(m, "/f4095");

	/* unlink every other bigdir entry */
	for (i = 0; i < m->nbig; i += 2) {
		const char *p = fs_fmt("/bigdir/entry-%05u", i);

		STEP(p, ext2_unlink(fs, p));
		mgone(m, p);
	}
	m->bigdir_left = m->nbig / 2;
	EXPECT("unlink missing", ext2_unlink(fs, "/bigdir/entry-00000"),
	       -SH_ENOENT);

	/* directories */
	STEP("mkdir /newdir", ext2_mkdir(fs, "/newdir", 0755));
	STEP("mkdir /newdir/sub", ext2_mkdir(fs, "/newdir/sub", 0755));
	EXPECT("mkdir again", ext2_mkdir(fs, "/newdir", 0755), -SH_EEXIST);
	EXPECT("rmdir non-empty", ext2_rmdir(fs, "/newdir"), -SH_ENOTEMPTY);
	EXPECT("unlink a dir", ext2_unlink(fs, "/newdir"), -SH_EISDIR);
	EXPECT("rmdir a file", ext2_rmdir(fs, "/new.bin"), -SH_ENOTDIR);
	EXPECT("rmdir /", ext2_rmdir(fs, "/"), -SH_EBUSY);
	EXPECT("dir under itself", ext2_rename(fs, "/newdir",
					      "/newdir/sub/x"), -SH_EINVAL);
	EXPECT("create under a file", ext2_create(fs, "/new.bin/x", 0644,
						  &ino), -SH_ENOTDIR);
	EXPECT("create, no parent", ext2_create(fs, "/nope/x", 0644, &ino),
	       -SH_ENOENT);
	for (i = 0; i < 300; i++) {
		const char *p = fs_fmt("/newdir/%.*s-%u", (int)(1 + i % 40),
				       "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH",
				       i);
		for (k = 0; k < i % 50; k++)
			buf[k] = fs_pat(200 + i, k);
		STEP(p, ext2_create(fs, p, 0600, &ino));
		STEP(p, write_all(fs, p, 0, buf, i % 50, 64));
		mset(m, p, buf, i % 50);
	}
	STEP("rmdir sub", ext2_rmdir(fs, "/newdir/sub"));
	STEP("mkdir /tmpd", ext2_mkdir(fs, "/tmpd", 0700));
	STEP("rmdir /tmpd", ext2_rmdir(fs, "/tmpd"));
	/* a directory moved to another parent, carrying a file */
	STEP("rename dir", ext2_rename(fs, "/d0/d1", "/newdir/d1moved"));
	len = ext2_slurp(fs, "/newdir/d1moved/moved-one", &cur);
	STEP("read through moved dir", len);
	free(cur);
	mgone(m, "/d0/d1/moved-one");
	mset(m, "/newdir/d1moved/moved-one", buf, 0);
	{
		struct model_file *f = mfile(m, "/newdir/d1moved/moved-one");
		f->data[0] = fs_pat(2, 0);
		f->len = 1;
	}
	/* a directory replacing an empty one */
	STEP("mkdir e1", ext2_mkdir(fs, "/e1", 0755));
	STEP("mkdir e2", ext2_mkdir(fs, "/newdir/e2", 0755));
	STEP("dir over empty dir", ext2_rename(fs, "/e1", "/newdir/e2"));
	EXPECT("old name gone", ext2_lookup(fs, "/e1", &ino), -SH_ENOENT);

	/* sparse, far: triple-indirect with 1 KiB blocks */
	{
		uint64_t far = bsize == 1024 ? 70ull << 20 : 9ull << 20;
		uint8_t *sp = calloc(1, far + 4096);

		for (k = 0; k < 4096; k++)
			sp[far + k] = fs_pat(60, k);
		STEP("create /sparse", ext2_create(fs, "/sparse", 0644, &ino));
		STEP("write far", write_all(fs, "/sparse", far, sp + far, 4096,
					    4096));
		mset(m, "/sparse", sp, far + 4096);
		free(sp);
	}

	/* overwrite inside the 255-byte name's file */
	{
		const char *p = fs_fmt("/%s", fs_long_name());

		len = ext2_slurp(fs, p, &cur);
		STEP("read long name", len);
		memcpy(cur + 100, "HELLO", 5);
		STEP("overwrite", write_all(fs, p, 100, cur + 100, 5, 5));
		mset(m, p, cur, (size_t)len);
		free(cur);
	}
	return 0;
}

int model_check_ext2(struct ext2_fs *fs, const struct model *m)
{
	unsigned i;

	for (i = 0; i < m->n; i++) {
		const struct model_file *f = &m->f[i];
		uint8_t *got = NULL;
		int64_t len = ext2_slurp(fs, f->path, &got);

		if (!f->data) {
			if (len != -SH_ENOENT) {
				fprintf(stderr, "%s: still there (%lld)\n",
					f->path, (long long)len);
				free(got);
				return -1;
			}
			continue;
		}
		if (len != (int64_t)f->len || memcmp(got, f->data, f->len)) {
			fprintf(stderr, "%s: %lld bytes, want %zu, or differ\n",
				f->path, (long long)len, f->len);
			free(got);
			return -1;
		}
		free(got);
	}
	return 0;
}

int model_check_debugfs(const char *img, const struct model *m)
{
	const char *out = fs_fmt("%s.cat", img);
	unsigned i;

	for (i = 0; i < m->n; i++) {
		const struct model_file *f = &m->f[i];
		uint8_t *got;
		size_t len;
		int st;

		if (!f->data)
			continue;
		st = fs_run("debugfs -R 'cat \"%s\"' '%s' > '%s' 2>/dev/null",
			    f->path, img, out);
		got = fs_slurp(out, &len);
		if (st != 0 || !got || len != f->len ||
		    memcmp(got, f->data, len)) {
			fprintf(stderr, "debugfs cat %s: %zu bytes, want %zu\n",
				f->path, got ? len : 0, f->len);
			free(got);
			return -1;
		}
		free(got);
	}
	remove(out);
	return 0;
}

void model_free(struct model *m)
{
	unsigned i;

	for (i = 0; i < m->n; i++)
		free(m->f[i].data);
	m->n = 0;
}
