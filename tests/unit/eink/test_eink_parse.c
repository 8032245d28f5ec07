/* Host tests of what einkd and `eink show` parse and decide: the PBM reader
 * (strates/einkd/pbm.c), eink:ctl commands (ctl.c) and the panel model
 * (panel.c) seen through a recording display. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <shale/errors.h>
#include "eink_core.h"

static struct pbm_image img;
static char why[EINK_WHY_MAX];

#define PBM(s) pbm_parse(s, sizeof(s) - 1, &img, why)

static void assert_refused(int got, int want, const char *part)
{
	assert_int_equal(got, want);
	if (!strstr(why, part))
		fail_msg("reason '%s' does not say '%s'", why, part);
}

static void test_pbm_plain(void **state)
{
	(void)state;
	/* comments between header tokens, digits with and without spaces */
	assert_int_equal(PBM("P1\n# a comment\n3 2 # size\n1 0 1\n010\n"), 0);
	assert_int_equal(img.w, 3);
	assert_int_equal(img.h, 2);
	assert_int_equal(img.stride, 1);
	assert_int_equal(img.bits[0], 0xa0);
	assert_int_equal(img.bits[1], 0x40);
	/* 9 wide: two bytes a row */
	assert_int_equal(PBM("P1 9 1 111111111"), 0);
	assert_int_equal(img.stride, 2);
	assert_int_equal(img.bits[0], 0xff);
	assert_int_equal(img.bits[1], 0x80);
	/* the whole panel is allowed */
	{
		static char big[16 + EINK_W * EINK_H];
		size_t n = (size_t)snprintf(big, sizeof(big), "P1 800 480\n");

		memset(big + n, '1', EINK_W * EINK_H);
		assert_int_equal(pbm_parse(big, n + EINK_W * EINK_H, &img, why), 0);
		assert_int_equal(img.bits[EINK_FB_SIZE - 1], 0xff);
	}
}

static void test_pbm_raw(void **state)
{
	static const char p4[] = "P4\n# c\n10 2\n\xff\xff\x80\x7f";

	(void)state;
	assert_int_equal(pbm_parse(p4, sizeof(p4) - 1, &img, why), 0);
	assert_int_equal(img.w, 10);
	assert_int_equal(img.stride, 2);
	/* padding bits past the width are cleared */
	assert_int_equal(img.bits[0], 0xff);
	assert_int_equal(img.bits[1], 0xc0);
	assert_int_equal(img.bits[2], 0x80);
	assert_int_equal(img.bits[3], 0x40);
}

static void test_pbm_malformed(void **state)
{
	(void)state;
	assert_refused(PBM(""), -SH_EBADMSG, "must start with P1 or P4");
	assert_refused(PBM("P2 1 1 0"), -SH_EBADMSG, "must start with P1 or P4");
	assert_refused(PBM("P1x 1 1 0"), -SH_EBADMSG, "after the magic");
	assert_refused(PBM("P1 3"), -SH_EBADMSG, "ends before the height");
	assert_refused(PBM("P1\n\n-3 2 0"), -SH_EBADMSG,
		       "line 3: width: expected a number, found '-'");
	assert_refused(PBM("P1 3x 2"), -SH_EBADMSG, "width: 'x' after the number");
	assert_refused(PBM("P1 0 2"), -SH_EBADMSG, "the width is 0");
	assert_refused(PBM("P1 2 0"), -SH_EBADMSG, "the height is 0");
	assert_refused(PBM("P1 2 2\n0 1\n1 2\n"), -SH_EBADMSG,
		       "line 3: pixel 3: expected 0 or 1, found '2'");
	assert_refused(PBM("P1 2 2\n0 1\n1"), -SH_EBADMSG,
		       "ends after 3 of 4 pixels");
	assert_refused(PBM("P1 1 1 1 0"), -SH_EBADMSG, "after the last pixel");
	assert_refused(PBM("P1 1 1 # no comment in pixels\n1"), 0, "");
	assert_refused(PBM("P1 2 1 1 # late\n1"), -SH_EBADMSG, "found '#'");
	assert_refused(PBM("P4 16 2 \x01\x02\x03"), -SH_EBADMSG,
		       "the pixels are 3 bytes, 16x2 needs 4");
	assert_refused(PBM("P4 8 1 \x01\x02"), -SH_EBADMSG,
		       "1 bytes after the image");
	assert_refused(PBM("P4 8 1"), -SH_EBADMSG, "ends after the height");
	assert_refused(PBM("P4 8 1#x\n\x01"), -SH_EBADMSG, "a comment after the height");
	assert_refused(PBM("P1 99999999999 1"), -SH_E2BIG, "width is too large");
}

static void test_pbm_oversized(void **state)
{
	(void)state;
	assert_refused(PBM("P1 801 1 0"), -SH_E2BIG,
		       "the image is 801x1, larger than the panel (800x480)");
	assert_refused(PBM("P4 8 481 x"), -SH_E2BIG, "8x481, larger than the panel");
}

/* ---- eink:ctl ----------------------------------------------------------- */

static struct eink_cmd cmd;
#define CTL(s) eink_ctl_parse(s, sizeof(s) - 1, &cmd, why)

static void test_ctl_valid(void **state)
{
	(void)state;
	assert_int_equal(CTL("refresh full\n"), 0);
	assert_int_equal(cmd.op, EINK_OP_REFRESH_FULL);
	assert_int_equal(CTL("  refresh\tpartial 10 20 30 40"), 0);
	assert_int_equal(cmd.op, EINK_OP_REFRESH_PARTIAL);
	assert_int_equal(cmd.r.x, 10);
	assert_int_equal(cmd.r.y, 20);
	assert_int_equal(cmd.r.w, 30);
	assert_int_equal(cmd.r.h, 40);
	assert_int_equal(CTL("refresh partial 0 0 800 480"), 0);
	assert_int_equal(CTL("clear"), 0);
	assert_int_equal(cmd.op, EINK_OP_CLEAR);
	assert_int_equal(CTL("sleep\n"), 0);
	assert_int_equal(cmd.op, EINK_OP_SLEEP);
	assert_int_equal(CTL("wake"), 0);
	assert_int_equal(cmd.op, EINK_OP_WAKE);
}

static void test_ctl_refused(void **state)
{
	(void)state;
	assert_refused(CTL(""), -SH_EINVAL, "empty command");
	assert_refused(CTL("\n"), -SH_EINVAL, "empty command");
	assert_refused(CTL("flash"), -SH_EINVAL, "unknown command 'flash'");
	assert_refused(CTL("refresh"), -SH_EINVAL, "expected 'full' or 'partial");
	assert_refused(CTL("refresh full now"), -SH_EINVAL, "takes no arguments");
	assert_refused(CTL("sleep 5"), -SH_EINVAL, "sleep takes no arguments");
	assert_refused(CTL("refresh partial 1 2 3"), -SH_EINVAL,
		       "expected X Y W H, got 3 numbers");
	assert_refused(CTL("refresh partial 1 2 3 4 5"), -SH_EINVAL, "got 5 numbers");
	assert_refused(CTL("refresh partial -1 2 3 4"), -SH_EINVAL,
		       "X: '-1' is not a number");
	assert_refused(CTL("refresh partial 1 2 3 123456"), -SH_EINVAL,
		       "H: '123456' is not a number");
	assert_refused(CTL("refresh partial 700 0 200 10"), -SH_EINVAL,
		       "runs past the right edge (x+w = 900 > 800)");
	assert_refused(CTL("refresh partial 0 400 10 81"), -SH_EINVAL,
		       "runs past the bottom edge (y+h = 481 > 480)");
	assert_refused(CTL("refresh partial 5 5 0 10"), -SH_EINVAL, "is empty");
	assert_refused(CTL("refresh partial 99999 99999 99999 99999"), -SH_EINVAL,
		       "right edge");
	assert_refused(CTL("cle\x01r"), -SH_EINVAL, "byte 3 is \\x01");
	assert_refused(eink_ctl_parse("clear\0", 6, &cmd, why), -SH_EINVAL,
		       "byte 5 is \\x00");
	assert_refused(CTL("a b c d e f g h i"), -SH_EINVAL, "too many words");
}

/* ---- the panel model ------------------------------------------------ */

struct shown {
	uint32_t n;
	int black[8];		/* frame i: first pixel */
	uint32_t ink[8];	/* frame i: black pixels inside r */
	struct eink_rect r[8];
	int fail;		/* make the display refuse */
};

static int record(void *ctx, const uint8_t *frame, const struct eink_rect *r)
{
	struct shown *s = ctx;
	uint32_t ink = 0;

	if (s->fail)
		return -SH_EIO;
	for (uint32_t y = r->y; y < r->y + r->h; y++)
		for (uint32_t x = r->x; x < r->x + r->w; x++)
			ink += (uint32_t)fb_get(frame, x, y);
	if (s->n < 8) {
		s->black[s->n] = fb_get(frame, 0, 0);
		s->ink[s->n] = ink;
		s->r[s->n] = *r;
	}
	s->n++;
	return 0;
}

static struct panel panel;

static void test_panel_refresh(void **state)
{
	struct shown s = { 0 };
	struct eink_rect r = { 8, 4, 16, 2 };

	(void)state;
	panel_init(&panel, record, &s);
	fb_fill(panel.fb, (struct eink_rect){ 0, 0, 1, 1 }, 1);
	/* full: black, white, then the image */
	assert_int_equal(panel_refresh_full(&panel), 0);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.ink[0], EINK_W * EINK_H);
	assert_int_equal(s.ink[1], 0);
	assert_int_equal(s.ink[2], 1);
	assert_int_equal(s.r[2].w, EINK_W);
	assert_int_equal(panel.full, 1);
	assert_int_equal(panel.frames, 3);
	/* partial: one frame of the rectangle */
	fb_fill(panel.fb, r, 1);
	assert_int_equal(panel_refresh_partial(&panel, &r), 0);
	assert_int_equal(s.n, 4);
	assert_int_equal(s.r[3].x, 8);
	assert_int_equal(s.r[3].w, 16);
	assert_int_equal(s.ink[3], 32);
	assert_int_equal(panel.partial, 1);
	/* a rectangle outside is refused, nothing shown or counted */
	r = (struct eink_rect){ 799, 0, 2, 1 };
	assert_int_equal(panel_refresh_partial(&panel, &r), -SH_EINVAL);
	assert_int_equal(s.n, 4);
	assert_int_equal(panel.partial, 1);
	/* a display error is passed on, not counted */
	s.fail = 1;
	assert_int_equal(panel_refresh_full(&panel), -SH_EIO);
	assert_int_equal(panel.full, 1);
	s.fail = 0;
	/* clear whitens memory and refreshes fully */
	assert_int_equal(panel_clear(&panel), 0);
	assert_int_equal(panel.full, 2);
	for (uint32_t i = 0; i < EINK_FB_SIZE; i++)
		assert_int_equal(panel.fb[i], 0);
}

static void test_panel_sleep(void **state)
{
	struct shown s = { 0 };
	struct eink_cmd c = { EINK_OP_SLEEP, { 0 } };

	(void)state;
	panel_init(&panel, record, &s);
	assert_int_equal(panel_run(&panel, &c, why), 0);
	assert_int_equal(panel.state, PANEL_ASLEEP);
	c.op = EINK_OP_REFRESH_FULL;
	assert_refused(panel_run(&panel, &c, why), -SH_EBUSY, "asleep");
	c.op = EINK_OP_CLEAR;
	assert_refused(panel_run(&panel, &c, why), -SH_EBUSY, "eink wake");
	c.op = EINK_OP_REFRESH_PARTIAL;
	c.r = (struct eink_rect){ 0, 0, 1, 1 };
	assert_refused(panel_run(&panel, &c, why), -SH_EBUSY, "asleep");
	assert_int_equal(s.n, 0);
	assert_int_equal(panel.full + panel.partial, 0);
	/* wake: one full refresh */
	c.op = EINK_OP_WAKE;
	assert_int_equal(panel_run(&panel, &c, why), 0);
	assert_int_equal(panel.state, PANEL_AWAKE);
	assert_int_equal(panel.full, 1);
	assert_int_equal(s.n, 3);
	/* waking an awake panel does nothing */
	assert_int_equal(panel_run(&panel, &c, why), 0);
	assert_int_equal(panel.full, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pbm_plain),
		cmocka_unit_test(test_pbm_raw),
		cmocka_unit_test(test_pbm_malformed),
		cmocka_unit_test(test_pbm_oversized),
		cmocka_unit_test(test_ctl_valid),
		cmocka_unit_test(test_ctl_refused),
		cmocka_unit_test(test_panel_refresh),
		cmocka_unit_test(test_panel_sleep),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
