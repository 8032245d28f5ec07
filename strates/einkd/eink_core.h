/* einkd's portable core: the 1-bpp framebuffer, the PSF font, the text
 * console, the eink:ctl command parser and the e-ink panel model.  None of
 * it touches a device; gpu.c is the only part that does.  Built for the
 * host too (tests/unit/eink, tests/fuzz/eink*, the einktext tool). */
#ifndef EINK_CORE_H
#define EINK_CORE_H

#include <stddef.h>
#include <stdint.h>

#include <shale/eink.h>

/* ---- rectangles and the framebuffer (fb.c) ---------------------------- */

struct eink_rect {
	uint32_t x, y, w, h;	/* w or h 0: empty */
};

/* Cuts *r down to the W x H area.  Returns 1 if anything is left, 0 if
 * it is empty (then *r is all zeroes). */
int rect_clip(struct eink_rect *r, uint32_t W, uint32_t H);

/* Grows *acc to also cover r (an empty acc becomes r). */
void rect_union(struct eink_rect *acc, const struct eink_rect *r);

/* Pixel (x, y) of fb (EINK_STRIDE bytes per row): 1 black, 0 white. */
int fb_get(const uint8_t *fb, uint32_t x, uint32_t y);
void fb_put(uint8_t *fb, uint32_t x, uint32_t y, int black);

/* Paints the rectangle r (clipped to the panel) all black or all white. */
void fb_fill(uint8_t *fb, struct eink_rect r, int black);

/* Copies a w x h 1-bpp image (stride bytes per row, top bit leftmost) to
 * (x, y) of fb; what falls outside the panel is dropped.  Returns the
 * rectangle changed (clipped). */
struct eink_rect fb_blit(uint8_t *fb, int64_t x, int64_t y, const uint8_t *bits,
			 uint32_t w, uint32_t h, uint32_t stride);

/* Moves rows [y + dy, y + h) of fb up to y, and whitens the dy rows left
 * at the bottom of the band. */
void fb_scroll_up(uint8_t *fb, uint32_t y, uint32_t h, uint32_t dy);

/* ---- the PSF font (psf.c) --------------------------------------------- */

#define FONT_MAP_MAX	1024u	/* code points mapped */

struct font_map {
	uint32_t cp;		/* Unicode code point */
	uint32_t glyph;		/* index of its glyph */
};

struct font {
	const uint8_t *glyphs;	/* nglyphs * charsize bytes, inside the file */
	uint32_t nglyphs;
	uint32_t width, height;	/* pixels */
	uint32_t stride;	/* bytes per glyph row: (width + 7) / 8 */
	uint32_t charsize;	/* bytes per glyph: stride * height */
	uint32_t version;	/* 1 or 2 */
	uint32_t nmap;		/* entries of map, sorted by cp */
	struct font_map map[FONT_MAP_MAX];
	uint32_t fallback;	/* glyph for a code point not in the font */
};

/* Reads a PSF1 or PSF2 font of len bytes (kept by the caller: the glyphs
 * are not copied).  Without a Unicode table glyph i is code point i.
 * Returns 0, or -SH_EBADMSG with the problem in why (EINK_WHY_MAX). */
int font_load(struct font *f, const void *data, size_t len, char *why);

/* The glyph bitmap for code point cp (the fallback glyph if absent). */
const uint8_t *font_glyph(const struct font *f, uint32_t cp);

/* The glyph index of cp, or -1 if the font has none. */
int64_t font_lookup(const struct font *f, uint32_t cp);

/* The built-in font (Terminus, from Debian's console-setup-linux, turned
 * into a C array at build time by mkfont.py): eink_font.c. */
extern const uint8_t eink_font_psf[];
extern const size_t eink_font_psf_len;
extern const char eink_font_name[];

/* ---- the text console (text.c) ---------------------------------------- */

struct text {
	const struct font *font;
	uint32_t cols, rows;	/* cells on the panel */
	uint32_t col, row;	/* the cursor; col == cols: wrap before the next */
	uint32_t cp, need, min;	/* a UTF-8 sequence in progress */
};

/* A console of the whole panel in font f, cursor at the top left. */
void text_init(struct text *t, const struct font *f);

/* Draws len bytes of UTF-8 at the cursor into fb: printable characters
 * in their glyphs, a line full wraps, the bottom line full scrolls the
 * panel up one line; \n, \r, \t, \b, \f (clear, home) move the cursor;
 * malformed UTF-8 draws the fallback glyph.  *dirty grows to cover every
 * pixel that may have changed. */
void text_write(struct text *t, uint8_t *fb, const char *s, size_t len,
		struct eink_rect *dirty);

/* Draws one code point's glyph with its top left at (x, y) (clipped). */
struct eink_rect text_glyph(const struct font *f, uint8_t *fb, int64_t x,
			    int64_t y, uint32_t cp);

/* ---- eink:ctl commands (ctl.c) ---------------------------------------- */

enum eink_op {
	EINK_OP_REFRESH_FULL = 1,
	EINK_OP_REFRESH_PARTIAL,
	EINK_OP_CLEAR,
	EINK_OP_SLEEP,
	EINK_OP_WAKE,
};

struct eink_cmd {
	enum eink_op op;
	struct eink_rect r;	/* REFRESH_PARTIAL: inside the panel, not empty */
};

/* Parses one command (len bytes, one trailing '\n' allowed).  Returns 0,
 * or -SH_EINVAL with the reason in why (EINK_WHY_MAX bytes). */
int eink_ctl_parse(const char *s, size_t len, struct eink_cmd *cmd, char *why);

/* ---- the panel model (panel.c) ---------------------------------------- */

/* What the panel's driver does: show frame (the whole 1-bpp image) in
 * rectangle r of the glass.  Returns 0 or -SH_E*. */
typedef int (*panel_show_fn)(void *ctx, const uint8_t *frame,
			     const struct eink_rect *r);

enum panel_state { PANEL_AWAKE = 0, PANEL_ASLEEP = 1 };

struct panel {
	uint8_t fb[EINK_FB_SIZE];	/* the controller's memory */
	uint8_t flash[EINK_FB_SIZE];	/* a flash frame (all black/white) */
	enum panel_state state;
	uint64_t full, partial;		/* refreshes done */
	uint64_t frames;		/* frames sent to the glass */
	panel_show_fn show;
	void *ctx;
};

/* A white panel, awake, counters 0; frames go to show(ctx, ...). */
void panel_init(struct panel *p, panel_show_fn show, void *ctx);

/* Refreshes the whole glass as e-paper does: a black frame, a white
 * frame, then the image.  Returns 0, -SH_EBUSY asleep, or show's error. */
int panel_refresh_full(struct panel *p);

/* Refreshes rectangle r (inside the panel, not empty) with one frame.
 * Returns 0, -SH_EINVAL (r bad), -SH_EBUSY asleep, or show's error. */
int panel_refresh_partial(struct panel *p, const struct eink_rect *r);

/* Whitens the memory and refreshes fully.  Returns as panel_refresh_full. */
int panel_clear(struct panel *p);

/* Deep sleep: everything that draws is refused (-SH_EBUSY) until
 * panel_wake, which refreshes fully (what a panel needs after sleep).
 * Sleeping twice or waking an awake panel does nothing.  panel_sleep
 * returns 0; panel_wake 0 or panel_refresh_full's error. */
int panel_sleep(struct panel *p);
int panel_wake(struct panel *p);

/* Runs a parsed command.  Returns as the calls above; why gets a reason
 * for a refusal. */
int panel_run(struct panel *p, const struct eink_cmd *c, char *why);

#endif
