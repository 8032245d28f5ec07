/* flint's eink command on the host (shell/cmd_eink.c over fake_flint.c's
 * namespace, where eink:/fb, eink:/ctl and eink:/text are plain files):
 * what it sends to each eink: file, where `eink show` puts an image in
 * the frame, and the messages of what it refuses.  einkd's own side is
 * tests/unit/eink and tests/qemu/test_eink.py. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <shale/eink.h>

#include "fake_flint.h"
#include "flint.h"

static struct out term;
static char zeros[EINK_FB_SIZE];

static int setup(void **st)
{
	(void)st;
	fake_flint_reset();
	out_init_term(&term);
	fake_file_addn("eink:/fb", zeros, sizeof(zeros));
	fake_file_add("eink:/ctl", "");
	fake_file_add("eink:/text", "");
	fake_file_add("eink:/info", "size 800x480\nstate awake\n");
	return 0;
}

static void is(const char *line, int status, const char *want)
{
	int r = flint_run_line(line, strlen(line), &term);
	const char *out = fake_term_take();

	if (strcmp(out, want) != 0 || r != status)
		fail_msg("%s\n  got  %d \"%s\"\n  want %d \"%s\"", line, r, out,
			 status, want);
	assert_int_equal(fake_open_count(), 0);
}

static void assert_file(const char *path, const char *want)
{
	size_t len;
	const char *d = fake_file_data(path, &len);

	assert_non_null(d);
	if (len < strlen(want) || memcmp(d, want, strlen(want)) != 0)
		fail_msg("%s holds \"%.*s\", want \"%s\"", path, (int)len, d, want);
}

/* The ink of the frame sent to eink:/fb: the number of black pixels, and
 * the first one's place. */
static uint32_t ink(uint32_t *x0, uint32_t *y0)
{
	size_t len;
	const uint8_t *fb = (const uint8_t *)fake_file_data("eink:/fb", &len);
	uint32_t n = 0;

	assert_int_equal(len, EINK_FB_SIZE);
	for (uint32_t y = 0; y < EINK_H; y++)
		for (uint32_t x = 0; x < EINK_W; x++)
			if ((fb[y * EINK_STRIDE + x / 8] >> (7 - x % 8)) & 1) {
				if (n++ == 0) {
					*x0 = x;
					*y0 = y;
				}
			}
	return n;
}

static void test_text_and_ctl(void **st)
{
	(void)st;
	is("eink text hello   world", 0, "");
	assert_file("eink:/text", "hello world\n");
	is("eink clear", 0, "");
	assert_file("eink:/ctl", "clear");
	is("eink refresh partial 1 2 3 4", 0, "");
	assert_file("eink:/ctl", "refresh partial 1 2 3 4");
	is("eink sleep", 0, "");
	assert_file("eink:/ctl", "sleep");
	is("eink status", 0, "size 800x480\nstate awake\n");
}

static void test_show_places_the_image(void **st)
{
	uint32_t x = 0, y = 0;

	(void)st;
	/* 3x2: a pixel at (0,0) and at (2,1) */
	fake_file_add("fs:/a.pbm", "P1 3 2\n1 0 0\n0 0 1\n");
	is("eink show fs:/a.pbm 10 20", 0, "fs:/a.pbm: 3x2 at 10,20\n");
	assert_int_equal(ink(&x, &y), 2);
	assert_int_equal(x, 10);
	assert_int_equal(y, 20);
	assert_file("eink:/ctl", "refresh full");
	/* centred: (800 - 3) / 2, (480 - 2) / 2 */
	is("eink show a.pbm", 0, "fs:/a.pbm: 3x2 at 398,239\n");
	assert_int_equal(ink(&x, &y), 2);
	assert_int_equal(x, 398);
	assert_int_equal(y, 239);
	/* the last column and row */
	is("eink show a.pbm 797 478", 0, "fs:/a.pbm: 3x2 at 797,478\n");
	assert_int_equal(ink(&x, &y), 2);
}

static void test_show_refusals(void **st)
{
	uint32_t x, y;

	(void)st;
	fake_file_add("fs:/a.pbm", "P1 3 2\n1 0 0\n0 0 1\n");
	fake_file_add("fs:/bad.pbm", "P1 2 1\n1 7\n");
	fake_file_add("fs:/big.pbm", "P4 801 2\n");
	is("eink show fs:/bad.pbm", 1,
	   "eink: fs:/bad.pbm: line 2: pixel 1: expected 0 or 1, found '7'\n");
	is("eink show fs:/big.pbm", 1,
	   "eink: fs:/big.pbm: the image is 801x2, larger than the panel (800x480)\n");
	is("eink show fs:/a.pbm 798 0", 1,
	   "eink: show: a 3x2 image at 798,0 leaves the 800x480 panel\n");
	is("eink show fs:/a.pbm -1 0", 1,
	   "eink: show: a 3x2 image at -1,0 leaves the 800x480 panel\n");
	is("eink show fs:/a.pbm x 0", 1,
	   "eink: show: X and Y must be numbers ('x' '0')\n");
	is("eink show fs:/none.pbm", 1,
	   "eink: fs:/none.pbm: no such file or scheme\n");
	/* nothing refused reached the panel */
	assert_int_equal(ink(&x, &y), 0);
	assert_file("eink:/ctl", "");
}

static void test_usage(void **st)
{
	(void)st;
	assert_int_equal(flint_run_line("eink", 4, &term), 2);
	assert_non_null(strstr(fake_term_take(), "eink refresh partial X Y W H"));
	assert_int_equal(flint_run_line("eink text", 9, &term), 2);
	fake_term_take();
	assert_int_equal(flint_run_line("eink sleep now", 14, &term), 2);
	fake_term_take();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_text_and_ctl, setup),
		cmocka_unit_test_setup(test_show_places_the_image, setup),
		cmocka_unit_test_setup(test_show_refusals, setup),
		cmocka_unit_test_setup(test_usage, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
