/* fs_util: see fs_util.h. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "fs_util.h"

const char *fs_dir(void)
{
	const char *d = getenv("FS_TEST_DIR");

	return d && *d ? d : ".";
}

const char *fs_fmt(const char *fmt, ...)
{
	static char bufs[64][4096];
	static unsigned n;
	char *b = bufs[n++ % 64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(b, sizeof(bufs[0]), fmt, ap);
	va_end(ap);
	return b;
}

int fs_run(const char *fmt, ...)
{
	char cmd[8192];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	st = system(cmd);
	if (st == -1 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

static int put_file(const char *path, uint32_t seed, size_t size)
{
	FILE *f = fopen(path, "wb");
	size_t i;

	if (!f)
		return -1;
	for (i = 0; i < size; i++)
		fputc(fs_pat(seed, i), f);
	return fclose(f);
}

const char *fs_long_name(void)
{
	static char name[256];
	int i;

	for (i = 0; i < 255; i++)
		name[i] = (char)('a' + i % 26);
	name[255] = '\0';
	return name;
}

int fs_make_tree(const char *dir_in, unsigned nbig, size_t bigsize)
{
	char path[4096], dir[1024];
	unsigned i;

	snprintf(dir, sizeof(dir), "%s", dir_in);
	if (fs_run("rm -rf '%s' && mkdir -p '%s/bigdir'", dir, dir) != 0)
		return -1;
	if (put_file(fs_fmt("%s/empty", dir), 1, 0) ||
	    put_file(fs_fmt("%s/one", dir), 2, 1) ||
	    put_file(fs_fmt("%s/f4095", dir), 3, 4095) ||
	    put_file(fs_fmt("%s/f4096", dir), 4, 4096) ||
	    put_file(fs_fmt("%s/f4097", dir), 5, 4097) ||
	    put_file(fs_fmt("%s/big", dir), 6, bigsize) ||
	    put_file(fs_fmt("%s/%s", dir, fs_long_name()), 7, 300))
		return -1;
	for (i = 0; i < nbig; i++)
		if (put_file(fs_fmt("%s/bigdir/entry-%05u", dir, i), 100 + i,
			     i % 97))
			return -1;
	snprintf(path, sizeof(path), "%s", dir);
	for (i = 0; i < 20; i++) {
		size_t l = strlen(path);

		snprintf(path + l, sizeof(path) - l, "/d%u", i);
		if (mkdir(path, 0755) != 0)
			return -1;
	}
	return put_file(fs_fmt("%s/deep.txt", path), 8, 1234);
}

int fs_make_ext2(const char *img, const char *tree, unsigned bsize,
		 unsigned size_kib)
{
	/* 4 KiB blocks with 256-byte inodes (what mke2fs picks for larger
	 * disks), 1 KiB blocks with 128-byte ones (small disks). */
	return fs_run("rm -f '%s' && mke2fs -q -F -t ext2 -b %u -I %u -N 8192 "
		      "-d '%s' '%s' %uk >/dev/null 2>&1", img, bsize,
		      bsize >= 4096 ? 256u : 128u, tree, img, size_kib);
}

uint8_t *fs_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *b = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0) {
		b = malloc((size_t)n + 1);
		if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
			free(b);
			b = NULL;
		}
		*len = (size_t)n;
	}
	fclose(f);
	return b;
}

int fs_copy(const char *from, const char *to)
{
	return fs_run("cp --sparse=always '%s' '%s'", from, to);
}

static char last[512];
static char all[16384];

void fs_log(void *arg, const char *msg)
{
	size_t l = strlen(all);

	(void)arg;
	snprintf(last, sizeof(last), "%s", msg);
	if (l + strlen(msg) + 2 < sizeof(all))
		snprintf(all + l, sizeof(all) - l, "%s\n", msg);
	if (getenv("FS_TEST_VERBOSE"))
		fprintf(stderr, "log: %s\n", msg);
}

const char *fs_last_log(void)
{
	return last;
}

int fs_log_has(const char *s)
{
	return strstr(all, s) != NULL;
}

void fs_log_reset(void)
{
	all[0] = last[0] = '\0';
}
