/* The 1-bpp framebuffer: EINK_H rows of EINK_STRIDE bytes, top bit the
 * leftmost pixel, 1 black (PBM's layout, so a P4 raster of the panel's
 * size is a frame as it is).  Rectangles are clipped here, once, so the
 * callers (text, show, refresh) never index outside the panel. */
#include <string.h>

#include "eink_core.h"

int rect_clip(struct eink_rect *r, uint32_t W, uint32_t H)
{
	if (r->w == 0 || r->h == 0 || r->x >= W || r->y >= H) {
		memset(r, 0, sizeof(*r));
		return 0;
	}
	if (r->w > W - r->x)
		r->w = W - r->x;
	if (r->h > H - r->y)
		r->h = H - r->y;
	return 1;
}

void rect_union(struct eink_rect *acc, const struct eink_rect *r)
{
	uint32_t x1, y1;

	if (r->w == 0 || r->h == 0)
		return;
	if (acc->w == 0 || acc->h == 0) {
		*acc = *r;
		return;
	}
	x1 = acc->x + acc->w > r->x + r->w ? acc->x + acc->w : r->x + r->w;
	y1 = acc->y + acc->h > r->y + r->h ? acc->y + acc->h : r->y + r->h;
	acc->x = acc->x < r->x ? acc->x : r->x;
	acc->y = acc->y < r->y ? acc->y : r->y;
	acc->w = x1 - acc->x;
	acc->h = y1 - acc->y;
}

int fb_get(const uint8_t *fb, uint32_t x, uint32_t y)
{
	return (fb[y * EINK_STRIDE + x / 8] >> (7 - x % 8)) & 1;
}

void fb_put(uint8_t *fb, uint32_t x, uint32_t y, int black)
{
	uint8_t m = (uint8_t)(0x80u >> (x % 8));

	if (black)
		fb[y * EINK_STRIDE + x / 8] |= m;
	else
		fb[y * EINK_STRIDE + x / 8] &= (uint8_t)~m;
}

void fb_fill(uint8_t *fb, struct eink_rect r, int black)
{
	if (!rect_clip(&r, EINK_W, EINK_H))
		return;
	for (uint32_t y = r.y; y < r.y + r.h; y++) {
		uint32_t x = r.x, end = r.x + r.w;

		/* bit by bit to a byte boundary, then whole bytes */
		for (; x < end && x % 8; x++)
			fb_put(fb, x, y, black);
		if (end - x >= 8) {
			uint32_t n = (end - x) / 8;

			memset(fb + y * EINK_STRIDE + x / 8, black ? 0xff : 0, n);
			x += n * 8;
		}
		for (; x < end; x++)
			fb_put(fb, x, y, black);
	}
}

struct eink_rect fb_blit(uint8_t *fb, int64_t x, int64_t y, const uint8_t *bits,
			 uint32_t w, uint32_t h, uint32_t stride)
{
	struct eink_rect r = { 0, 0, 0, 0 };
	uint32_t sx = 0, sy = 0;

	/* the part of the image that lands on the panel */
	if (x >= (int64_t)EINK_W || y >= (int64_t)EINK_H || w == 0 || h == 0 ||
	    x + (int64_t)w <= 0 || y + (int64_t)h <= 0)
		return r;
	if (x < 0) {
		sx = (uint32_t)-x;
		x = 0;
	}
	if (y < 0) {
		sy = (uint32_t)-y;
		y = 0;
	}
	r.x = (uint32_t)x;
	r.y = (uint32_t)y;
	r.w = w - sx;
	r.h = h - sy;
	rect_clip(&r, EINK_W, EINK_H);
	for (uint32_t j = 0; j < r.h; j++) {
		const uint8_t *row = bits + (size_t)(sy + j) * stride;

		for (uint32_t i = 0; i < r.w; i++) {
			uint32_t u = sx + i;

			fb_put(fb, r.x + i, r.y + j, (row[u / 8] >> (7 - u % 8)) & 1);
		}
	}
	return r;
}

void fb_scroll_up(uint8_t *fb, uint32_t y, uint32_t h, uint32_t dy)
{
	if (y >= EINK_H)
		return;
	if (h > EINK_H - y)
		h = EINK_H - y;
	if (dy > h)
		dy = h;
	memmove(fb + (size_t)y * EINK_STRIDE, fb + (size_t)(y + dy) * EINK_STRIDE,
		(size_t)(h - dy) * EINK_STRIDE);
	memset(fb + (size_t)(y + h - dy) * EINK_STRIDE, 0, (size_t)dy * EINK_STRIDE);
}
