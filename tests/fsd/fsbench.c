/* fsbench: tools/bench's fs: figures.  Cycles (PMCCNTR_EL0) are guest
 * instructions under -icount; times (sh_clock, ns) are the host's clock
 * without -icount (under it, idle waits for the disk warp the clock).
 * The bench boots it both ways and takes what each way measures well:
 *
 *   fsbench: fs_write_16m N ns        16 MiB written in 64 KiB pieces + fsync
 *   fsbench: fs_read_16m N ns         the same 16 MiB read back (the cache
 *                                     holds 4 MiB of it at most)
 *   fsbench: blk_read_16m N ns        16 MiB read straight from blk:/vda2
 *   bench: fs_open_read64_close N cycles   per operation, median of 9x50
 *   bench: fs_ls_1000 N cycles        READDIR of 1,000 entries, per listing
 *
 * Prints "fsbench: done" at the end, "fsbench: FAILED ..." on an error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <shale.h>
#include <shale/file.h>
#include <shale/scheme_client.h>

#define MIB (1024u * 1024u)
#define TOTAL (16u * MIB)
#define CHUNK 65536u
#define ROUNDS 9
#define PER_ROUND 50
#define NDIR 1000

static uint8_t buf[CHUNK];

static inline uint64_t cycles(void)
{
	uint64_t c;

	__asm__ volatile("isb; mrs %0, pmccntr_el0" : "=r"(c));
	return c;
}

static int cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int fail(const char *what, long r)
{
	printf("fsbench: FAILED %s (%ld)\n", what, r);
	return 1;
}

static long write_file(const char *path)
{
	int fd = sh_file_open(path, SH_O_WRITE | SH_O_CREATE | SH_O_TRUNC, 0644);
	uint32_t done;
	long r = 0;

	if (fd < 0)
		return fd;
	for (done = 0; done < TOTAL && r >= 0; done += CHUNK) {
		memset(buf, (int)(done / CHUNK), sizeof(buf));
		r = (long)sh_file_write(fd, buf, CHUNK);
		if (r >= 0 && r != CHUNK)
			r = -SH_EIO;
	}
	if (r >= 0)
		r = sh_file_fsync(fd);
	sh_file_close(fd);
	return r;
}

static long read_file(const char *path, int check)
{
	int fd = sh_file_open(path, SH_O_READ, 0);
	uint32_t done;
	long r = 0;

	if (fd < 0)
		return fd;
	for (done = 0; done < TOTAL && r >= 0; done += CHUNK) {
		r = (long)sh_file_pread(fd, buf, CHUNK, done);
		if (r >= 0 && r != CHUNK)
			r = -SH_EIO;
		if (r >= 0 && check && (buf[0] != (uint8_t)(done / CHUNK) ||
					buf[CHUNK - 1] != (uint8_t)(done / CHUNK)))
			r = -SH_EBADMSG;
	}
	sh_file_close(fd);
	return r;
}

static int open_read64_close(void)
{
	char b[64];
	int fd = sh_file_open("fs:/fsbench/small", SH_O_READ, 0);
	int64_t r;

	if (fd < 0)
		return fd;
	r = sh_file_read(fd, b, sizeof(b));
	sh_file_close(fd);
	return r == sizeof(b) ? 0 : -SH_EIO;
}

static int list_dir(void)
{
	static uint8_t d[SH_READ_MAX];
	int fd = sh_file_open("fs:/fsbench/dir", SH_O_READ | SH_O_DIR, 0);
	int n = 0;
	int64_t got;

	if (fd < 0)
		return fd;
	while ((got = sh_file_readdir(fd, d, sizeof(d))) > 0) {
		uint32_t pos = 0;
		struct sh_dirent de;
		const char *name;

		while (scheme_dirent_next(d, (uint32_t)got, &pos, &de, &name))
			n++;
	}
	sh_file_close(fd);
	return got < 0 ? (int)got : n;
}

static uint64_t median(int (*fn)(void), int per_round)
{
	uint64_t t[ROUNDS];

	for (int k = 0; k < ROUNDS; k++) {
		uint64_t t0 = cycles();

		for (int i = 0; i < per_round; i++)
			fn();
		t[k] = (cycles() - t0) / (uint64_t)per_round;
	}
	qsort(t, ROUNDS, sizeof(t[0]), cmp);
	return t[ROUNDS / 2];
}

int main(void)
{
	uint64_t t0;
	long r;
	int fd, i;

	sh_file_mkdir("fs:/fsbench", 0755);
	sh_file_mkdir("fs:/fsbench/dir", 0755);

	t0 = (uint64_t)sh_clock();
	r = write_file("fs:/fsbench/16m");
	if (r < 0)
		return fail("write fs:/fsbench/16m", r);
	printf("fsbench: fs_write_16m %llu ns\n",
	       (unsigned long long)((uint64_t)sh_clock() - t0));
	t0 = (uint64_t)sh_clock();
	r = read_file("fs:/fsbench/16m", 1);
	if (r < 0)
		return fail("read fs:/fsbench/16m", r);
	printf("fsbench: fs_read_16m %llu ns\n",
	       (unsigned long long)((uint64_t)sh_clock() - t0));
	t0 = (uint64_t)sh_clock();
	r = read_file("blk:/vda2", 0);
	if (r < 0)
		return fail("read blk:/vda2", r);
	printf("fsbench: blk_read_16m %llu ns\n",
	       (unsigned long long)((uint64_t)sh_clock() - t0));
	sh_file_unlink("fs:/fsbench/16m");

	fd = sh_file_open("fs:/fsbench/small", SH_O_WRITE | SH_O_CREATE |
			  SH_O_TRUNC, 0644);
	if (fd < 0)
		return fail("create fs:/fsbench/small", fd);
	memset(buf, 'x', 100);
	sh_file_write(fd, buf, 100);
	sh_file_close(fd);
	if (open_read64_close() < 0)
		return fail("read fs:/fsbench/small", -1);
	printf("bench: fs_open_read64_close %llu cycles\n",
	       (unsigned long long)median(open_read64_close, PER_ROUND));

	for (i = 0; i < NDIR; i++) {
		char p[64];

		snprintf(p, sizeof(p), "fs:/fsbench/dir/entry-%04d", i);
		fd = sh_file_open(p, SH_O_WRITE | SH_O_CREATE, 0644);
		if (fd < 0)
			return fail(p, fd);
		sh_file_close(fd);
	}
	r = list_dir();
	if (r != NDIR)
		return fail("list fs:/fsbench/dir", r);
	printf("bench: fs_ls_1000 %llu cycles\n",
	       (unsigned long long)median(list_dir, 1));
	printf("fsbench: done\n");
	return 0;
}
