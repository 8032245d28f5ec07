/* Host tests of einkd's font and text console (strates/einkd/psf.c,
 * text.c, fb.c): the built-in font is Debian's Terminus, glyph for glyph;
 * text lands in the cells the cursor says, wraps and scrolls.
 *
 * The reference is the font file itself, read here with zlib and walked
 * by this file's own few lines (not psf.c): $EINK_FONT_FILE, default
 * Debian's /usr/share/consolefonts/Uni2-Terminus16.psf.gz. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <zlib.h>

#include <shale/errors.h>
#include "eink_core.h"

#define DEFAULT_FONT "/usr/share/consolefonts/Uni2-Terminus16.psf.gz"

static uint8_t file[1 << 20];
static size_t file_len;
static struct font font;
static uint8_t fb[EINK_FB_SIZE];

static size_t gunzip(const char *path, uint8_t *out, size_t cap)
{
	gzFile g = gzopen(path, "rb");
	int n;

	if (!g)
		fail_msg("cannot open %s", path);
	n = gzread(g, out, (unsigned)cap);
	gzclose(g);
	assert_true(n > 0);
	return (size_t)n;
}

static int setup(void **state)
{
	const char *path = getenv("EINK_FONT_FILE");
	char why[EINK_WHY_MAX];

	(void)state;
	file_len = gunzip(path ? path : DEFAULT_FONT, file, sizeof(file));
	assert_int_equal(font_load(&font, eink_font_psf, eink_font_psf_len, why), 0);
	memset(fb, 0, sizeof(fb));
	return 0;
}

/* The reference lookup: PSF1's Unicode table, walked independently. */
static const uint8_t *ref_glyph(uint32_t cp)
{
	uint32_t n = file[2] & 1 ? 512 : 256, size = file[3];
	const uint8_t *t = file + 4 + (size_t)n * size;
	uint32_t g = 0;

	assert_int_equal(file[0], 0x36);	/* the test font is PSF1 */
	assert_true(file[2] & 2);		/* with a Unicode table */
	while (t + 1 < file + file_len && g < n) {
		uint32_t v = (uint32_t)t[0] | (uint32_t)t[1] << 8;

		t += 2;
		if (v == 0xffff)
			g++;
		else if (v == cp)
			return file + 4 + (size_t)g * size;
	}
	fail_msg("U+%04X not in the font file", cp);
	return NULL;
}

/* The built-in font is the file, byte for byte. */
static void test_builtin_is_debian_terminus(void **state)
{
	(void)state;
	assert_int_equal(eink_font_psf_len, file_len);
	assert_memory_equal(eink_font_psf, file, file_len);
	assert_int_equal(font.version, 1);
	assert_int_equal(font.width, 8);
	assert_int_equal(font.height, 16);
	assert_int_equal(font.nglyphs, 512);
	assert_true(font.nmap > 256);
	assert_non_null(strstr(eink_font_name, "Terminus"));
}

/* Compares the cell at (col, row) of fb with the reference glyph of cp. */
static void assert_cell(uint32_t col, uint32_t row, uint32_t cp)
{
	const uint8_t *g = ref_glyph(cp);

	for (uint32_t y = 0; y < 16; y++)
		for (uint32_t x = 0; x < 8; x++) {
			int want = (g[y] >> (7 - x)) & 1;
			int got = fb_get(fb, col * 8 + x, row * 16 + y);

			if (want != got)
				fail_msg("U+%04X at cell %u,%u: pixel %u,%u is %d, the font says %d",
					 cp, col, row, x, y, got, want);
		}
}

static void test_known_string_matches_file(void **state)
{
	static const char s[] = "Shale e-ink: 0123456789 {}[]~";
	struct text t;
	struct eink_rect d = { 0, 0, 0, 0 };
	uint32_t ink = 0;

	(void)state;
	text_init(&t, &font);
	assert_int_equal(t.cols, 100);
	assert_int_equal(t.rows, 30);
	text_write(&t, fb, s, sizeof(s) - 1, &d);
	for (uint32_t i = 0; i < sizeof(s) - 1; i++)
		assert_cell(i, 0, (uint8_t)s[i]);
	/* the dirty rectangle covers exactly the cells written */
	assert_int_equal(d.x, 0);
	assert_int_equal(d.y, 0);
	assert_int_equal(d.w, 8 * (sizeof(s) - 1));
	assert_int_equal(d.h, 16);
	/* and nothing else is inked */
	for (uint32_t y = 16; y < EINK_H; y++)
		for (uint32_t x = 0; x < EINK_W; x++)
			ink += (uint32_t)fb_get(fb, x, y);
	assert_int_equal(ink, 0);
	/* the letters are not blank: the comparison above meant something */
	for (uint32_t y = 0; y < 16; y++)
		for (uint32_t x = 0; x < 8; x++)
			ink += (uint32_t)fb_get(fb, x, y);
	assert_true(ink > 10);
}

static void test_utf8_and_fallback(void **state)
{
	struct text t;
	struct eink_rect d = { 0 };

	(void)state;
	text_init(&t, &font);
	/* é (U+00E9), then a lone continuation byte: the fallback glyph */
	text_write(&t, fb, "\xc3\xa9\x80", 3, &d);
	assert_cell(0, 0, 0xe9);
	assert_int_equal(t.col, 2);
	assert_int_equal(font_lookup(&font, 0x1f600), -1);
	assert_ptr_equal(font_glyph(&font, 0x1f600),
			 font.glyphs + (size_t)font.fallback * font.charsize);
	/* a sequence split across two writes still makes one character */
	text_write(&t, fb, "\xc3", 1, &d);
	text_write(&t, fb, "\xa9", 1, &d);
	assert_cell(2, 0, 0xe9);
}

static void test_wrap_and_controls(void **state)
{
	struct text t;
	struct eink_rect d = { 0 };
	char line[100];

	(void)state;
	text_init(&t, &font);
	memset(line, 'x', sizeof(line));
	text_write(&t, fb, line, sizeof(line), &d);
	/* the cursor waits past the end: no empty line after a full one */
	assert_int_equal(t.row, 0);
	assert_int_equal(t.col, 100);
	text_write(&t, fb, "W", 1, &d);
	assert_int_equal(t.row, 1);
	assert_int_equal(t.col, 1);
	assert_cell(0, 1, 'W');
	assert_cell(99, 0, 'x');
	text_write(&t, fb, "\rA\tB\bC\n", 7, &d);
	assert_cell(0, 1, 'A');
	assert_cell(8, 1, 'C');
	assert_int_equal(t.row, 2);
	assert_int_equal(t.col, 0);
	text_write(&t, fb, "\f", 1, &d);
	assert_int_equal(t.row, 0);
	assert_int_equal(t.col, 0);
	for (uint32_t i = 0; i < EINK_FB_SIZE; i++)
		assert_int_equal(fb[i], 0);
}

static void test_scroll(void **state)
{
	struct text t;
	struct eink_rect d = { 0 };
	char buf[8];

	(void)state;
	text_init(&t, &font);
	for (int i = 0; i < 30; i++) {
		snprintf(buf, sizeof(buf), "%c\n", 'A' + i % 26);
		text_write(&t, fb, buf, i == 29 ? 1 : 2, &d);
	}
	/* 30 lines, the last without its newline: no scroll yet */
	assert_cell(0, 0, 'A');
	assert_cell(0, 29, 'A' + 29 % 26);
	d = (struct eink_rect){ 0 };
	text_write(&t, fb, "\nZ", 2, &d);
	/* everything moved up one line; Z on the bottom line */
	assert_cell(0, 0, 'B');
	assert_cell(0, 28, 'A' + 29 % 26);
	assert_cell(0, 29, 'Z');
	assert_int_equal(d.w, EINK_W);
	assert_int_equal(d.h, EINK_H);
}

/* PSF2 (Terminus 12x24) loads with its own size and table. */
static void test_psf2(void **state)
{
	static uint8_t f2[1 << 17];
	static struct font big;
	char why[EINK_WHY_MAX];
	size_t n = gunzip("/usr/share/consolefonts/Uni2-Terminus24x12.psf.gz",
			  f2, sizeof(f2));

	(void)state;
	assert_int_equal(font_load(&big, f2, n, why), 0);
	assert_int_equal(big.version, 2);
	assert_int_equal(big.width, 12);
	assert_int_equal(big.height, 24);
	assert_int_equal(big.stride, 2);
	assert_true(font_lookup(&big, 'A') >= 0);
	assert_true(font_lookup(&big, 0xe9) >= 0);
}

/* A font file damaged in each way is refused with the reason. */
static void test_bad_fonts(void **state)
{
	static uint8_t bad[1 << 15];
	static struct font f;
	char why[EINK_WHY_MAX];

	(void)state;
	assert_int_equal(font_load(&f, "hello", 5, why), -SH_EBADMSG);
	assert_non_null(strstr(why, "not a PSF font"));
	/* glyphs cut short */
	assert_int_equal(font_load(&f, file, 4 + 100 * 16, why), -SH_EBADMSG);
	assert_non_null(strstr(why, "512 glyphs need 8192 bytes"));
	/* Unicode table cut short */
	assert_int_equal(font_load(&f, file, 4 + 512 * 16 + 10, why), -SH_EBADMSG);
	assert_non_null(strstr(why, "Unicode table ends"));
	/* zero height */
	memcpy(bad, file, file_len);
	bad[3] = 0;
	assert_int_equal(font_load(&f, bad, file_len, why), -SH_EBADMSG);
	assert_non_null(strstr(why, "0 pixels high"));
	/* PSF2 with a lying charsize */
	memset(bad, 0, 64);
	bad[0] = 0x72; bad[1] = 0xb5; bad[2] = 0x4a; bad[3] = 0x86;
	bad[8] = 32; bad[16] = 1; bad[20] = 5; bad[24] = 16; bad[28] = 8;
	assert_int_equal(font_load(&f, bad, 64, why), -SH_EBADMSG);
	assert_non_null(strstr(why, "5 bytes per glyph"));
}

/* ---- rectangles and the framebuffer ------------------------------------ */

static void test_rect_clip(void **state)
{
	struct eink_rect r = { 790, 470, 20, 20 }, u = { 0 };
	struct eink_rect a = { 10, 10, 5, 5 }, b = { 100, 2, 1, 30 };

	(void)state;
	assert_int_equal(rect_clip(&r, EINK_W, EINK_H), 1);
	assert_int_equal(r.w, 10);
	assert_int_equal(r.h, 10);
	r = (struct eink_rect){ 800, 0, 5, 5 };
	assert_int_equal(rect_clip(&r, EINK_W, EINK_H), 0);
	assert_int_equal(r.w, 0);
	r = (struct eink_rect){ 0, 0, 0, 5 };
	assert_int_equal(rect_clip(&r, EINK_W, EINK_H), 0);
	r = (struct eink_rect){ 5, 5, UINT32_MAX, UINT32_MAX };
	assert_int_equal(rect_clip(&r, EINK_W, EINK_H), 1);
	assert_int_equal(r.w, 795);
	assert_int_equal(r.h, 475);
	rect_union(&u, &a);
	rect_union(&u, &b);
	assert_int_equal(u.x, 10);
	assert_int_equal(u.y, 2);
	assert_int_equal(u.w, 91);
	assert_int_equal(u.h, 30);
}

static void test_fb_fill_and_blit(void **state)
{
	static const uint8_t img[2] = { 0xc0, 0x40 };	/* 2x2: 11 / 01 */
	struct eink_rect r;
	uint32_t ink = 0;

	(void)state;
	fb_fill(fb, (struct eink_rect){ 3, 1, 13, 2 }, 1);
	for (uint32_t x = 0; x < 20; x++)
		assert_int_equal(fb_get(fb, x, 1), x >= 3 && x < 16);
	assert_int_equal(fb_get(fb, 3, 0), 0);
	assert_int_equal(fb_get(fb, 3, 3), 0);
	fb_fill(fb, (struct eink_rect){ 0, 0, EINK_W, EINK_H }, 0);
	/* half off the top-left corner: only the bottom-right pixel lands */
	r = fb_blit(fb, -1, -1, img, 2, 2, 1);
	assert_int_equal(r.x, 0);
	assert_int_equal(r.y, 0);
	assert_int_equal(r.w, 1);
	assert_int_equal(r.h, 1);
	assert_int_equal(fb_get(fb, 0, 0), 1);
	/* off the bottom-right corner */
	r = fb_blit(fb, EINK_W - 1, EINK_H - 1, img, 2, 2, 1);
	assert_int_equal(r.w, 1);
	assert_int_equal(fb_get(fb, EINK_W - 1, EINK_H - 1), 1);
	/* wholly outside: nothing */
	r = fb_blit(fb, EINK_W, 0, img, 2, 2, 1);
	assert_int_equal(r.w, 0);
	r = fb_blit(fb, -2, 0, img, 2, 2, 1);
	assert_int_equal(r.w, 0);
	for (uint32_t i = 0; i < EINK_FB_SIZE; i++)
		ink += (uint32_t)__builtin_popcount(fb[i]);
	assert_int_equal(ink, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_builtin_is_debian_terminus, setup),
		cmocka_unit_test_setup(test_known_string_matches_file, setup),
		cmocka_unit_test_setup(test_utf8_and_fallback, setup),
		cmocka_unit_test_setup(test_wrap_and_controls, setup),
		cmocka_unit_test_setup(test_scroll, setup),
		cmocka_unit_test_setup(test_psf2, setup),
		cmocka_unit_test_setup(test_bad_fonts, setup),
		cmocka_unit_test_setup(test_rect_clip, setup),
		cmocka_unit_test_setup(test_fb_fill_and_blit, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
