/* bench_boot: the boot: figure for tools/bench.  Runs as init
 * (init=bench_boot), starts bootd as silod does (SH_SERVE, SH_BOOTFS; no
 * silod, so no WHOIS on the path) and times open + read of up to 4 KiB +
 * close of a small file through libstrate, with PMCCNTR_EL0 (guest
 * instructions under -icount).  Prints "bench: boot_open_read_close N
 * cycles" (per operation, the median of 9 rounds of 50), then its parts:
 * boot_open_close and boot_pread_4k. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <shale.h>
#include <shale/strate.h>

#define ROUNDS 9
#define PER_ROUND 50

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

static int open_close(const char *path)
{
	int sfd = sh_file_open(path, SH_O_READ, 0);

	return sfd < 0 ? sfd : sh_file_close(sfd);
}

static int sfd_4k;

static int pread_4k(const char *path)
{
	static char buf[4096];

	(void)path;
	return sh_file_pread(sfd_4k, buf, sizeof(buf), 0) == sizeof(buf) ? 0 : -SH_EIO;
}

/* The median cycles of one fn(path), over ROUNDS rounds. */
static uint64_t timed(int (*fn)(const char *), const char *path)
{
	uint64_t t[ROUNDS];

	for (int k = 0; k < ROUNDS; k++) {
		uint64_t t0 = cycles();

		for (int i = 0; i < PER_ROUND; i++)
			fn(path);
		t[k] = (cycles() - t0) / PER_ROUND;
	}
	qsort(t, ROUNDS, sizeof(t[0]), cmp);
	return t[ROUNDS / 2];
}

static int once(const char *path)
{
	static char buf[4096];
	int sfd = sh_file_open(path, SH_O_READ, 0);
	int64_t r;

	if (sfd < 0)
		return sfd;
	r = sh_file_read(sfd, buf, sizeof(buf));
	sh_file_close(sfd);
	return r > 0 ? 0 : -SH_EIO;
}

int main(void)
{
	const struct sh_start *st = sh_start_info();
	const char *path = "boot:/bin/bench_boot";
	struct sh_spawn sp;
	char env[64];
	long ep, r;
	int n;

	ep = sh_endpoint_create();
	memset(&sp, 0, sizeof(sp));
	sp.prio = SH_PRIO_DEFAULT;
	sp.nhandles = 2;
	sp.handles[0] = (sh_handle_t)ep;
	sp.handles[1] = st->bootfs;
	n = snprintf(env, sizeof(env), "SH_SERVE=boot@0%cSH_BOOTFS=1:%llu", 0,
		     (unsigned long long)st->bootfs_size);
	sp.env = env;
	sp.env_len = (uint32_t)n + 1;
	r = sh_spawn_program("bootd", NULL, 0, &sp);
	if (r < 0 || ep < 0) {
		printf("bench_boot: cannot start bootd (%ld)\n", r);
		return 1;
	}
	ns_add(strate_ns(), "boot",
	       (sh_handle_t)sh_cap_mint((sh_handle_t)ep, SH_R_WRITE, 1), NULL);
	if (once(path) < 0) {
		printf("bench_boot: %s unreadable\n", path);
		return 1;
	}
	printf("bench: boot_open_read_close %llu cycles\n",
	       (unsigned long long)timed(once, path));
	printf("bench: boot_open_close %llu cycles\n",
	       (unsigned long long)timed(open_close, path));
	sfd_4k = sh_file_open(path, SH_O_READ, 0);
	printf("bench: boot_pread_4k %llu cycles\n",
	       (unsigned long long)timed(pread_4k, path));
	return 0;
}
