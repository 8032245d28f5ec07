/* bench_fs: tools/bench's fs: figures, through libc's POSIX calls as any
 * program makes them.  silod starts it at boot (the manifests in
 * tests/user/manifests/benchfs-*.silo, named after "--" on the kernel
 * command line); its first open waits until fsd serves fs:.
 *
 *   bench_fs icount   under -icount (PMCCNTR_EL0 counts guest
 *                     instructions): "bench: fs_open_read64_close N
 *                     cycles" (median of 9 rounds of 50; then its parts,
 *                     fs_open_close and fs_pread64) and "bench:
 *                     fs_ls_1000 N cycles" (opendir, readdir of 1,000
 *                     entries, closedir; median of 5).
 *   bench_fs wall     host time (sh_clock): "bench: fs_write_16m N ns",
 *                     "bench: fs_read_16m N ns" (a 16 MiB file written in
 *                     64 KiB writes and fsynced, then read back), "bench:
 *                     blk_read_16m N ns" (16 MiB read straight from
 *                     blk:/vda2, the same partition, in 64 KiB reads).
 *
 * Lines "bench: error WHAT errno N" say what failed. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <shale.h>

#define ROUNDS 9
#define PER_ROUND 50
#define LS_FILES 1000
#define BIG (16u << 20)
#define CHUNK (64u << 10)

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

static int fail(const char *what)
{
	printf("bench: error %s errno %d\n", what, errno);
	return 1;
}

static int open_read64_close(void)
{
	char buf[64];
	int fd = open("fs:/bench-fs/64", O_RDONLY);

	if (fd < 0)
		return -1;
	if (read(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf)) {
		close(fd);
		return -1;
	}
	return close(fd);
}

static int ls_dir(void)
{
	DIR *d = opendir("fs:/bench-fs/ls");
	int n = 0;

	if (!d)
		return -1;
	while (readdir(d))
		n++;
	closedir(d);
	return n == LS_FILES ? 0 : -1;
}

static int icount_mode(void)
{
	uint64_t t[ROUNDS];
	char name[64];
	int fd;

	mkdir("fs:/bench-fs", 0755);
	fd = open("fs:/bench-fs/64", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, "0123456789abcdef0123456789abcdef"
			   "0123456789abcdef0123456789abcdef", 64) != 64 ||
	    close(fd) < 0)
		return fail("making fs:/bench-fs/64");
	if (mkdir("fs:/bench-fs/ls", 0755) < 0 && errno != EEXIST)
		return fail("mkdir fs:/bench-fs/ls");
	for (int i = 0; i < LS_FILES; i++) {
		snprintf(name, sizeof(name), "fs:/bench-fs/ls/entry-%04d", i);
		fd = open(name, O_WRONLY | O_CREAT, 0644);
		if (fd < 0 || close(fd) < 0)
			return fail(name);
	}
	if (open_read64_close() < 0)
		return fail("open+read+close");
	for (int k = 0; k < ROUNDS; k++) {
		uint64_t t0 = cycles();

		for (int i = 0; i < PER_ROUND; i++)
			open_read64_close();
		t[k] = (cycles() - t0) / PER_ROUND;
	}
	qsort(t, ROUNDS, sizeof(t[0]), cmp);
	printf("bench: fs_open_read64_close %llu cycles\n",
	       (unsigned long long)t[ROUNDS / 2]);
	/* its parts: open+close alone, and one pread of 64 B */
	for (int k = 0; k < ROUNDS; k++) {
		uint64_t t0 = cycles();

		for (int i = 0; i < PER_ROUND; i++)
			close(open("fs:/bench-fs/64", O_RDONLY));
		t[k] = (cycles() - t0) / PER_ROUND;
	}
	qsort(t, ROUNDS, sizeof(t[0]), cmp);
	printf("bench: fs_open_close %llu cycles\n",
	       (unsigned long long)t[ROUNDS / 2]);
	fd = open("fs:/bench-fs/64", O_RDONLY);
	for (int k = 0; k < ROUNDS; k++) {
		char b64[64];
		uint64_t t0 = cycles();

		for (int i = 0; i < PER_ROUND; i++)
			pread(fd, b64, sizeof(b64), 0);
		t[k] = (cycles() - t0) / PER_ROUND;
	}
	close(fd);
	qsort(t, ROUNDS, sizeof(t[0]), cmp);
	printf("bench: fs_pread64 %llu cycles\n",
	       (unsigned long long)t[ROUNDS / 2]);
	if (ls_dir() < 0)
		return fail("ls of 1000 entries");
	for (int k = 0; k < 5; k++) {
		uint64_t t0 = cycles();

		ls_dir();
		t[k] = cycles() - t0;
	}
	qsort(t, 5, sizeof(t[0]), cmp);
	printf("bench: fs_ls_1000 %llu cycles\n", (unsigned long long)t[2]);
	return 0;
}

/* Reads BIG bytes of path in CHUNK reads; returns the ns it took or 0. */
static uint64_t read_all(const char *path, char *buf)
{
	uint64_t t0 = (uint64_t)sh_clock(), done = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return 0;
	while (done < BIG) {
		ssize_t n = read(fd, buf, CHUNK);

		if (n <= 0)
			break;
		done += (uint64_t)n;
	}
	close(fd);
	return done == BIG ? (uint64_t)sh_clock() - t0 : 0;
}

static int wall_mode(void)
{
	char *buf = malloc(CHUNK);
	uint64_t t0, tw, tr, tb;
	int fd;

	if (!buf)
		return fail("malloc");
	for (uint32_t i = 0; i < CHUNK; i++)
		buf[i] = (char)(i * 7);
	mkdir("fs:/bench-fs", 0755);
	t0 = (uint64_t)sh_clock();
	fd = open("fs:/bench-fs/16m", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return fail("open fs:/bench-fs/16m");
	for (uint32_t done = 0; done < BIG; done += CHUNK)
		if (write(fd, buf, CHUNK) != (ssize_t)CHUNK)
			return fail("write fs:/bench-fs/16m");
	if (fsync(fd) < 0 || close(fd) < 0)
		return fail("fsync fs:/bench-fs/16m");
	tw = (uint64_t)sh_clock() - t0;
	tr = read_all("fs:/bench-fs/16m", buf);
	if (!tr)
		return fail("read fs:/bench-fs/16m");
	tb = read_all("blk:/vda2", buf);
	if (!tb)
		return fail("read blk:/vda2");
	printf("bench: fs_write_16m %llu ns\n", (unsigned long long)tw);
	printf("bench: fs_read_16m %llu ns\n", (unsigned long long)tr);
	printf("bench: blk_read_16m %llu ns\n", (unsigned long long)tb);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "wall") == 0)
		return wall_mode();
	return icount_mode();
}
