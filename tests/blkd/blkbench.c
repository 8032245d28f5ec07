/* tools/bench's guest end of the blkd rows: reads blk:/vda2 straight
 * through blkd, from offset 0, in 64 KiB requests, first as one stream,
 * then as four threads each reading its own quarter (four requests in
 * flight), and prints the rate of each (guest clock, ns since boot):
 *
 *   blkbench: read1 MIB_READ ELAPSED_NS
 *   blkbench: read4 MIB_READ ELAPSED_NS
 *
 * Argument: the MiB to read (default 64).  A read error prints
 * "blkbench: error ..." and exits 1. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <shale.h>
#include <shale/file.h>

#define CHUNK	65536u
#define THREADS	4

struct part {
	uint64_t off, len;
	int err;
};

static int read_range(uint64_t off, uint64_t len)
{
	uint8_t *buf = malloc(CHUNK);
	int fd = sh_file_open("blk:/vda2", SH_O_READ, 0);
	int r = 0;

	if (fd < 0 || !buf) {
		free(buf);
		return fd < 0 ? fd : -SH_ENOMEM;
	}
	for (uint64_t done = 0; done < len; done += CHUNK) {
		int64_t n = sh_file_pread(fd, buf, CHUNK, off + done);

		if (n != CHUNK) {
			r = n < 0 ? (int)n : -SH_EIO;
			break;
		}
	}
	sh_file_close(fd);
	free(buf);
	return r;
}

static void worker(void *arg)
{
	struct part *p = arg;

	p->err = read_range(p->off, p->len);
}

int main(int argc, char **argv)
{
	uint64_t mib = argc > 1 ? strtoull(argv[1], NULL, 10) : 64;
	uint64_t bytes = mib << 20, t0, t1;
	struct part parts[THREADS];
	long th[THREADS];
	int r;

	t0 = (uint64_t)sh_clock();
	r = read_range(0, bytes);
	t1 = (uint64_t)sh_clock();
	if (r < 0) {
		printf("blkbench: error reading blk:/vda2: %s\n", sh_strerror(r));
		return 1;
	}
	printf("blkbench: read1 %llu %llu\n", (unsigned long long)mib,
	       (unsigned long long)(t1 - t0));
	t0 = (uint64_t)sh_clock();
	for (int i = 0; i < THREADS; i++) {
		parts[i].off = bytes / THREADS * (uint64_t)i;
		parts[i].len = bytes / THREADS;
		parts[i].err = 0;
		th[i] = sh_thread_spawn(worker, &parts[i], SH_PRIO_DEFAULT, 0);
		if (th[i] < 0) {
			printf("blkbench: error: no thread: %s\n", sh_strerror(th[i]));
			return 1;
		}
	}
	for (int i = 0; i < THREADS; i++)
		sh_thread_join(th[i], UINT64_MAX);
	t1 = (uint64_t)sh_clock();
	for (int i = 0; i < THREADS; i++)
		if (parts[i].err < 0) {
			printf("blkbench: error reading blk:/vda2 (thread %d): %s\n",
			       i, sh_strerror(parts[i].err));
			return 1;
		}
	printf("blkbench: read4 %llu %llu\n", (unsigned long long)mib,
	       (unsigned long long)(t1 - t0));
	return 0;
}
