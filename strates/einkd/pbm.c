/* The PBM reader: P1 (plain, digits) and P4 (raw, packed bits), one image,
 * no larger than the panel.  Trusts nothing in the file: every number is
 * bounded before it is used, every byte of the raster is accounted for,
 * and the first problem stops the parse with what it is and where (a line
 * for the header and P1 pixels, a byte offset for P4 data).  Portable: it
 * runs in flint (eink show) and on the host (unit test, fuzzer).
 *
 * Netpbm allows comments ('#' to the end of the line) between header
 * tokens; so do we, and nowhere else.  Anything after the one image but
 * whitespace (P1) or nothing (P4) is refused, not ignored: a file that is
 * not exactly one image is not what the user thinks it is. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <shale/eink.h>
#include <shale/errors.h>

struct rd {
	const uint8_t *p;
	size_t len, at;
	uint32_t line;		/* 1-based, of p[at] */
	char *why;
};

static int fail(struct rd *r, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct rd *r, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->why, EINK_WHY_MAX, fmt, ap);
	va_end(ap);
	return err;
}

static int is_space(uint8_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

/* A byte shown in a message: itself if printable, else \xNN. */
static const char *show(uint8_t c, char buf[8])
{
	if (c >= 0x20 && c < 0x7f && c != '\'')
		snprintf(buf, 8, "%c", c);
	else
		snprintf(buf, 8, "\\x%02x", c);
	return buf;
}

/* Skips whitespace and comments before a header token. */
static void skip_header_space(struct rd *r)
{
	while (r->at < r->len) {
		uint8_t c = r->p[r->at];

		if (c == '#') {
			while (r->at < r->len && r->p[r->at] != '\n')
				r->at++;
		} else if (is_space(c)) {
			r->line += c == '\n';
			r->at++;
		} else {
			return;
		}
	}
}

/* Reads a header number (what: "width" or "height"), 1 to 2^32-1. */
static int read_dim(struct rd *r, const char *what, uint32_t *out)
{
	uint64_t v = 0;
	size_t start;
	char b[8];

	skip_header_space(r);
	if (r->at >= r->len)
		return fail(r, -SH_EBADMSG, "line %u: the file ends before the %s",
			    r->line, what);
	start = r->at;
	while (r->at < r->len && r->p[r->at] >= '0' && r->p[r->at] <= '9') {
		if (v <= 0xffffffffu)
			v = v * 10 + (uint64_t)(r->p[r->at] - '0');
		r->at++;
	}
	if (r->at == start)
		return fail(r, -SH_EBADMSG, "line %u: %s: expected a number, found '%s'",
			    r->line, what, show(r->p[r->at], b));
	if (r->at < r->len && !is_space(r->p[r->at]) && r->p[r->at] != '#')
		return fail(r, -SH_EBADMSG, "line %u: %s: '%s' after the number",
			    r->line, what, show(r->p[r->at], b));
	if (v == 0)
		return fail(r, -SH_EBADMSG, "line %u: the %s is 0", r->line, what);
	if (v > 0xffffffffu)
		return fail(r, -SH_E2BIG, "line %u: the %s is too large", r->line,
			    what);
	*out = (uint32_t)v;
	return 0;
}

static void put_bit(struct pbm_image *img, uint32_t x, uint32_t y)
{
	img->bits[y * img->stride + x / 8] |= (uint8_t)(0x80u >> (x % 8));
}

static int read_plain(struct rd *r, struct pbm_image *img)
{
	uint64_t n = 0, total = (uint64_t)img->w * img->h;
	char b[8];

	while (n < total) {
		uint8_t c;

		if (r->at >= r->len)
			return fail(r, -SH_EBADMSG,
				    "line %u: the file ends after %llu of %llu pixels",
				    r->line, (unsigned long long)n,
				    (unsigned long long)total);
		c = r->p[r->at++];
		if (c == '0' || c == '1') {
			if (c == '1')
				put_bit(img, (uint32_t)(n % img->w),
					(uint32_t)(n / img->w));
			n++;
		} else if (is_space(c)) {
			r->line += c == '\n';
		} else {
			return fail(r, -SH_EBADMSG,
				    "line %u: pixel %llu: expected 0 or 1, found '%s'",
				    r->line, (unsigned long long)n, show(c, b));
		}
	}
	while (r->at < r->len && is_space(r->p[r->at])) {
		r->line += r->p[r->at] == '\n';
		r->at++;
	}
	if (r->at < r->len)
		return fail(r, -SH_EBADMSG,
			    "line %u: '%s' after the last pixel (one image per file)",
			    r->line, show(r->p[r->at], b));
	return 0;
}

static int read_raw(struct rd *r, struct pbm_image *img)
{
	size_t need = (size_t)img->stride * img->h, have = r->len - r->at;
	uint8_t pad = img->w % 8 ? (uint8_t)(0xffu << (8 - img->w % 8)) : 0xffu;

	if (have < need)
		return fail(r, -SH_EBADMSG,
			    "byte %zu: the pixels are %zu bytes, %ux%u needs %zu",
			    r->at, have, img->w, img->h, need);
	if (have > need)
		return fail(r, -SH_EBADMSG,
			    "byte %zu: %zu bytes after the image (one image per file)",
			    r->at + need, have - need);
	memcpy(img->bits, r->p + r->at, need);
	/* the bits past the width are padding: whatever they hold, clear */
	for (uint32_t y = 0; y < img->h; y++)
		img->bits[y * img->stride + img->stride - 1] &= pad;
	return 0;
}

int pbm_parse(const void *data, size_t len, struct pbm_image *img, char *why)
{
	struct rd r = { data, len, 0, 1, why };
	int raw, e;
	char b[8];

	why[0] = '\0';
	if (len < 2 || r.p[0] != 'P' || (r.p[1] != '1' && r.p[1] != '4'))
		return fail(&r, -SH_EBADMSG,
			    "not a PBM image: it must start with P1 or P4");
	raw = r.p[1] == '4';
	r.at = 2;
	if (r.at < len && !is_space(r.p[r.at]) && r.p[r.at] != '#')
		return fail(&r, -SH_EBADMSG, "line 1: '%s' after the magic P%c",
			    show(r.p[r.at], b), r.p[1]);
	e = read_dim(&r, "width", &img->w);
	if (e == 0)
		e = read_dim(&r, "height", &img->h);
	if (e < 0)
		return e;
	if (img->w > EINK_W || img->h > EINK_H)
		return fail(&r, -SH_E2BIG,
			    "the image is %ux%u, larger than the panel (%ux%u)",
			    img->w, img->h, EINK_W, EINK_H);
	img->stride = (img->w + 7) / 8;
	memset(img->bits, 0, (size_t)img->stride * img->h);
	if (!raw) {
		skip_header_space(&r);	/* a comment may follow the height */
		return read_plain(&r, img);
	}
	/* P4: exactly one whitespace byte between the height and the bits */
	if (r.at >= len)
		return fail(&r, -SH_EBADMSG, "line %u: the file ends after the height",
			    r.line);
	if (r.p[r.at] == '#')
		return fail(&r, -SH_EBADMSG,
			    "line %u: a comment after the height (P4 needs one space, then the pixels)",
			    r.line);
	r.at++;
	return read_raw(&r, img);
}
