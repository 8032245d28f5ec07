/* bench_silo: guest instructions (PMCCNTR_EL0 under -icount) from a
 * control-endpoint START of a small silo (boot:/silos/test/idle.silo) to
 * silod's reply, which comes once the silo exists with its quotas and its
 * program is spawned.  Prints "bench: silo_start N cycles" (the median of
 * 5), the line tools/bench reads.  Runs in a silo that uses "silo"
 * (tests/silos/manifests/bench.silo), started by silod from its command
 * line: boot with "-- boot:/silos/test/bench.silo". */
#include <stdio.h>
#include <stdlib.h>

#include <shale.h>
#include <shale/silo_ctl.h>
#include <shale/strate.h>

#define RUNS 5

static uint64_t cycles(void)
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

int main(void)
{
	static const char path[] = "boot:/silos/test/idle.silo";
	uint64_t t[RUNS];
	long h;

	if (sh_start_info()->silo) {
		printf("bench_silo: run me through silod: "
		       "-- boot:/silos/test/bench.silo\n");
		return 1;
	}
	strate_init();
	h = strate_ns_get("silo");
	if (h < 0) {
		printf("bench_silo: no silo entry in SH_NS\n");
		return 1;
	}
	for (int i = 0; i < RUNS; i++) {
		uint64_t c0 = cycles();
		int64_t r = silo_ctl_call((sh_handle_t)h, SILO_CTL_START, NULL,
					  0, 0, path, sizeof(path) - 1, NULL,
					  0, NULL);

		t[i] = cycles() - c0;
		if (r <= 0) {
			printf("bench_silo: start: %s\n", sh_strerror(r));
			return 1;
		}
		/* STOP, not KILL: idle is permanent, a kill would restart it.
		 * It serves nothing, so the stop ends it before the reply. */
		silo_ctl_call((sh_handle_t)h, SILO_CTL_STOP, "idle", 0, 0, NULL,
			      0, NULL, 0, NULL);
	}
	qsort(t, RUNS, sizeof(t[0]), cmp);
	printf("bench: silo_start %llu cycles\n", (unsigned long long)t[RUNS / 2]);
	return 0;
}
