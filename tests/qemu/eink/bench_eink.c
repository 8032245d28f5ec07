/* bench_eink: guest instructions (PMCCNTR_EL0 under -icount, so every
 * instruction of the machine: this program, the kernel, einkd) for
 *   eink_full:      a whole-panel write to eink:fb (48000 bytes) and
 *                   "refresh full" on eink:ctl (three frames to the glass);
 *   eink_text_line: one 40-character line written to eink:text, with the
 *                   partial refresh einkd does for it.
 * Prints "bench: KEY N cycles" (the median of 5 each), the lines
 * tools/bench reads.  Runs in a silo that uses eink
 * (tests/qemu/eink/bench_eink.silo): boot with
 * "-- boot:/silos/test/bench_eink.silo". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <shale.h>
#include <shale/eink.h>
#include <shale/file.h>

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

static uint8_t frame[EINK_FB_SIZE];

int main(void)
{
	static const char line[] = "The quick brown fox jumps over the dog.\n";
	uint64_t full[RUNS], text[RUNS];
	int fb = sh_file_open("eink:/fb", SH_O_WRITE, 0);
	int ctl = sh_file_open("eink:/ctl", SH_O_WRITE, 0);
	int tx = sh_file_open("eink:/text", SH_O_WRITE, 0);

	if (fb < 0 || ctl < 0 || tx < 0) {
		printf("bench_eink: eink: %s\n",
		       sh_strerror(fb < 0 ? fb : ctl < 0 ? ctl : tx));
		return 1;
	}
	for (uint32_t i = 0; i < sizeof(frame); i++)
		frame[i] = (uint8_t)(i * 37u);
	for (int i = 0; i < RUNS; i++) {
		uint64_t c0 = cycles();

		if (sh_file_pwrite(fb, frame, sizeof(frame), 0) != sizeof(frame) ||
		    sh_file_write(ctl, "refresh full", 12) != 12) {
			printf("bench_eink: full refresh refused\n");
			return 1;
		}
		full[i] = cycles() - c0;
	}
	sh_file_write(ctl, "clear", 5);
	for (int i = 0; i < RUNS; i++) {
		uint64_t c0 = cycles();

		if (sh_file_write(tx, line, sizeof(line) - 1) != sizeof(line) - 1) {
			printf("bench_eink: text refused\n");
			return 1;
		}
		text[i] = cycles() - c0;
	}
	qsort(full, RUNS, sizeof(full[0]), cmp);
	qsort(text, RUNS, sizeof(text[0]), cmp);
	printf("bench: eink_full %llu cycles\n", (unsigned long long)full[RUNS / 2]);
	printf("bench: eink_text_line %llu cycles\n",
	       (unsigned long long)text[RUNS / 2]);
	return 0;
}
