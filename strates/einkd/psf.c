/* PSF console fonts, version 1 (Linux's original: 8 pixels wide, 256 or
 * 512 glyphs) and version 2 (any size), with or without their Unicode
 * tables.  Debian's console-setup-linux ships Terminus in both.  The file
 * is trusted no more than any input: the header's sizes are bounded, the
 * glyphs must lie inside the file, and the Unicode table is walked with
 * its end always in sight (an entry cut short is an error, not a read
 * past the end).
 *
 * The glyphs stay in the caller's buffer; only the code point -> glyph
 * map is built here, sorted, so a lookup is a binary search. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <shale/errors.h>

#include "eink_core.h"

#define PSF1_MAGIC0	0x36
#define PSF1_MAGIC1	0x04
#define PSF1_MODE512	0x01
#define PSF1_MODEHASTAB	0x02
#define PSF1_SEPARATOR	0xffffu
#define PSF1_STARTSEQ	0xfffeu

#define PSF2_MAGIC	0x864ab572u
#define PSF2_HAS_UNICODE_TABLE 0x01u
#define PSF2_SEPARATOR	0xffu
#define PSF2_STARTSEQ	0xfeu

#define GLYPH_DIM_MAX	64u	/* pixels either way */
#define GLYPHS_MAX	65536u

static int bad(char *why, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int bad(char *why, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, EINK_WHY_MAX, fmt, ap);
	va_end(ap);
	return -SH_EBADMSG;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* Adds cp -> glyph unless cp is mapped already (the first one wins) or the
 * map is full (later code points then draw the fallback glyph). */
static void map_add(struct font *f, uint32_t cp, uint32_t glyph)
{
	uint32_t i;

	if (f->nmap >= FONT_MAP_MAX || cp > 0x10ffff)
		return;
	/* insertion into the sorted map */
	for (i = f->nmap; i > 0 && f->map[i - 1].cp > cp; i--)
		;
	if (i > 0 && f->map[i - 1].cp == cp)
		return;
	memmove(&f->map[i + 1], &f->map[i], (f->nmap - i) * sizeof(f->map[0]));
	f->map[i].cp = cp;
	f->map[i].glyph = glyph;
	f->nmap++;
}

/* PSF1's table: per glyph, 16-bit code points up to 0xFFFF; 0xFFFE starts
 * the glyph's sequences (combinations), which we skip. */
static int table_v1(struct font *f, const uint8_t *p, size_t len, char *why)
{
	size_t at = 0;

	for (uint32_t g = 0; g < f->nglyphs; g++) {
		int seq = 0;

		for (;;) {
			uint32_t v;

			if (len - at < 2)
				return bad(why, "the Unicode table ends in glyph %u", g);
			v = (uint32_t)p[at] | (uint32_t)p[at + 1] << 8;
			at += 2;
			if (v == PSF1_SEPARATOR)
				break;
			if (v == PSF1_STARTSEQ)
				seq = 1;
			else if (!seq)
				map_add(f, v, g);
		}
	}
	return 0;
}

/* One UTF-8 code point from p[*at..len).  Returns it, or -1 if malformed. */
static int64_t utf8_one(const uint8_t *p, size_t len, size_t *at)
{
	uint32_t c = p[*at], n, cp;

	if (c < 0x80) {
		(*at)++;
		return c;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		n = 1;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 2;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 3;
		cp = c & 0x07;
	} else {
		return -1;
	}
	if (len - *at <= n)
		return -1;
	for (uint32_t i = 1; i <= n; i++) {
		if ((p[*at + i] & 0xc0) != 0x80)
			return -1;
		cp = cp << 6 | (p[*at + i] & 0x3f);
	}
	if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	*at += n + 1;
	return cp;
}

/* PSF2's table: per glyph, UTF-8 code points, 0xFE starts sequences, 0xFF
 * ends the glyph's entry. */
static int table_v2(struct font *f, const uint8_t *p, size_t len, char *why)
{
	size_t at = 0;

	for (uint32_t g = 0; g < f->nglyphs; g++) {
		int seq = 0;

		for (;;) {
			int64_t cp;

			if (at >= len)
				return bad(why, "the Unicode table ends in glyph %u", g);
			if (p[at] == PSF2_SEPARATOR) {
				at++;
				break;
			}
			if (p[at] == PSF2_STARTSEQ) {
				seq = 1;
				at++;
				continue;
			}
			cp = utf8_one(p, len, &at);
			if (cp < 0)
				return bad(why, "bad UTF-8 at byte %zu of the Unicode table (glyph %u)",
					   at, g);
			if (!seq)
				map_add(f, (uint32_t)cp, g);
		}
	}
	return 0;
}

int font_load(struct font *f, const void *data, size_t len, char *why)
{
	const uint8_t *p = data;
	size_t hdr, glyph_bytes;
	int has_table, r;

	memset(f, 0, sizeof(*f));
	why[0] = '\0';
	if (len >= 4 && p[0] == PSF1_MAGIC0 && p[1] == PSF1_MAGIC1) {
		f->version = 1;
		hdr = 4;
		f->nglyphs = p[2] & PSF1_MODE512 ? 512 : 256;
		has_table = (p[2] & PSF1_MODEHASTAB) != 0;
		f->width = 8;
		f->height = p[3];
		f->stride = 1;
		f->charsize = p[3];
		if (f->height == 0 || f->height > GLYPH_DIM_MAX)
			return bad(why, "PSF1: glyphs %u pixels high (1 to %u)",
				   f->height, GLYPH_DIM_MAX);
	} else if (len >= 32 && le32(p) == PSF2_MAGIC) {
		f->version = 2;
		hdr = le32(p + 8);
		has_table = (le32(p + 12) & PSF2_HAS_UNICODE_TABLE) != 0;
		f->nglyphs = le32(p + 16);
		f->charsize = le32(p + 20);
		f->height = le32(p + 24);
		f->width = le32(p + 28);
		if (le32(p + 4) != 0)
			return bad(why, "PSF2: version %u (only 0 is known)", le32(p + 4));
		if (hdr < 32 || hdr > len)
			return bad(why, "PSF2: header size %zu (32 to the file's %zu)",
				   hdr, len);
		if (f->width == 0 || f->width > GLYPH_DIM_MAX || f->height == 0 ||
		    f->height > GLYPH_DIM_MAX)
			return bad(why, "PSF2: glyphs %ux%u (1 to %u each way)",
				   f->width, f->height, GLYPH_DIM_MAX);
		f->stride = (f->width + 7) / 8;
		if (f->charsize != f->stride * f->height)
			return bad(why, "PSF2: %u bytes per glyph, %ux%u needs %u",
				   f->charsize, f->width, f->height,
				   f->stride * f->height);
		if (f->nglyphs == 0 || f->nglyphs > GLYPHS_MAX)
			return bad(why, "PSF2: %u glyphs (1 to %u)", f->nglyphs,
				   GLYPHS_MAX);
	} else {
		return bad(why, "not a PSF font (no PSF1 or PSF2 magic)");
	}
	glyph_bytes = (size_t)f->nglyphs * f->charsize;
	if (len - hdr < glyph_bytes)
		return bad(why, "PSF%u: %u glyphs need %zu bytes, the file has %zu",
			   f->version, f->nglyphs, glyph_bytes, len - hdr);
	f->glyphs = p + hdr;
	if (has_table) {
		const uint8_t *t = p + hdr + glyph_bytes;
		size_t tl = len - hdr - glyph_bytes;

		r = f->version == 1 ? table_v1(f, t, tl, why)
				    : table_v2(f, t, tl, why);
		if (r < 0)
			return r;
	} else {
		for (uint32_t g = 0; g < f->nglyphs && g < FONT_MAP_MAX; g++)
			map_add(f, g, g);
	}
	f->fallback = 0;
	if (font_lookup(f, 0xfffd) >= 0)
		f->fallback = (uint32_t)font_lookup(f, 0xfffd);
	else if (font_lookup(f, '?') >= 0)
		f->fallback = (uint32_t)font_lookup(f, '?');
	return 0;
}

int64_t font_lookup(const struct font *f, uint32_t cp)
{
	uint32_t lo = 0, hi = f->nmap;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (f->map[mid].cp == cp)
			return f->map[mid].glyph;
		if (f->map[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

const uint8_t *font_glyph(const struct font *f, uint32_t cp)
{
	int64_t g = font_lookup(f, cp);

	return f->glyphs + (size_t)(g < 0 ? f->fallback : (uint32_t)g) * f->charsize;
}
