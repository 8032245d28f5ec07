/* The text console of eink:text: a grid of font cells over the whole
 * panel, a cursor, wrapping and scrolling, as a terminal without escape
 * sequences.  It only draws into the framebuffer and says which pixels it
 * touched; when the glass changes is the panel model's business.
 *
 * Wrapping is deferred, as terminals do it: writing in the last column
 * leaves the cursor past the end, and only the next printable character
 * moves to a new line, so a line of exactly `cols` characters followed by
 * '\n' does not leave an empty line behind. */
#include <string.h>

#include "eink_core.h"

void text_init(struct text *t, const struct font *f)
{
	memset(t, 0, sizeof(*t));
	t->font = f;
	t->cols = EINK_W / f->width;
	t->rows = EINK_H / f->height;
}

struct eink_rect text_glyph(const struct font *f, uint8_t *fb, int64_t x,
			    int64_t y, uint32_t cp)
{
	return fb_blit(fb, x, y, font_glyph(f, cp), f->width, f->height,
		       f->stride);
}

static void newline(struct text *t, uint8_t *fb, struct eink_rect *dirty)
{
	struct eink_rect all = { 0, 0, t->cols * t->font->width,
				 t->rows * t->font->height };

	t->col = 0;
	if (t->row + 1 < t->rows) {
		t->row++;
		return;
	}
	/* the bottom line: everything moves up one line */
	fb_scroll_up(fb, 0, all.h, t->font->height);
	rect_union(dirty, &all);
}

static void put_char(struct text *t, uint8_t *fb, uint32_t cp,
		     struct eink_rect *dirty)
{
	const struct font *f = t->font;
	struct eink_rect cell;

	if (t->col >= t->cols)
		newline(t, fb, dirty);
	cell.x = t->col * f->width;
	cell.y = t->row * f->height;
	cell.w = f->width;
	cell.h = f->height;
	fb_fill(fb, cell, 0);
	text_glyph(f, fb, cell.x, cell.y, cp);
	rect_union(dirty, &cell);
	t->col++;
}

static void control(struct text *t, uint8_t *fb, uint32_t c,
		    struct eink_rect *dirty)
{
	switch (c) {
	case '\n':
		newline(t, fb, dirty);
		break;
	case '\r':
		t->col = 0;
		break;
	case '\t':
		if (t->col >= t->cols)
			newline(t, fb, dirty);
		t->col = (t->col / 8 + 1) * 8;
		if (t->col > t->cols)
			t->col = t->cols;
		break;
	case '\b':
		if (t->col > 0)
			t->col--;
		break;
	case '\f': {
		struct eink_rect all = { 0, 0, EINK_W, EINK_H };

		fb_fill(fb, all, 0);
		rect_union(dirty, &all);
		t->col = t->row = 0;
		break;
	}
	default:
		break;	/* other control characters draw nothing */
	}
}

static void code_point(struct text *t, uint8_t *fb, uint32_t cp,
		       struct eink_rect *dirty)
{
	if (cp < 0x20 || cp == 0x7f)
		control(t, fb, cp, dirty);
	else if (cp < 0x80 || cp >= 0xa0)
		put_char(t, fb, cp, dirty);
	/* C1 controls (0x80-0x9f) draw nothing */
}

void text_write(struct text *t, uint8_t *fb, const char *s, size_t len,
		struct eink_rect *dirty)
{
	const uint8_t *p = (const uint8_t *)s;

	for (size_t i = 0; i < len; i++) {
		uint32_t c = p[i];

		if (t->need) {
			if ((c & 0xc0) == 0x80) {
				t->cp = t->cp << 6 | (c & 0x3f);
				if (--t->need == 0) {
					uint32_t cp = t->cp;

					/* overlong, surrogate, too large: malformed */
					if (cp < t->min || (cp >= 0xd800 && cp <= 0xdfff) ||
					    cp > 0x10ffff)
						cp = 0xfffd;
					code_point(t, fb, cp, dirty);
				}
				continue;
			}
			/* a sequence cut short: show it, then take c afresh */
			t->need = 0;
			code_point(t, fb, 0xfffd, dirty);
		}
		if (c < 0x80) {
			code_point(t, fb, c, dirty);
		} else if (c >= 0xc2 && c <= 0xdf) {
			t->cp = c & 0x1f;
			t->need = 1;
			t->min = 0x80;
		} else if (c >= 0xe0 && c <= 0xef) {
			t->cp = c & 0x0f;
			t->need = 2;
			t->min = 0x800;
		} else if (c >= 0xf0 && c <= 0xf4) {
			t->cp = c & 0x07;
			t->need = 3;
			t->min = 0x10000;
		} else {
			code_point(t, fb, 0xfffd, dirty);
		}
	}
}
