/* eink: — the e-ink panel served by einkd (strates/einkd/README.md).
 *
 * Files:
 *   eink:fb    the panel's memory, 1 bit per pixel: EINK_H rows of
 *              EINK_STRIDE bytes, the leftmost pixel in the top bit, a set
 *              bit black (the layout of a PBM P4 raster).  read, write,
 *              seek; writing changes the memory, not what the panel shows
 *              (that takes a refresh, as on a real controller).
 *   eink:ctl   one command per write (a trailing newline is allowed):
 *                refresh full | refresh partial X Y W H | clear | sleep |
 *                wake
 *              A refused write answers -SH_EINVAL (bad command or
 *              rectangle) or -SH_EBUSY (asleep); reading eink:ctl then
 *              gives that client's last reason as one line of text.
 *   eink:text  UTF-8 text drawn at a cursor with the built-in font,
 *              wrapping and scrolling; each write ends with a partial
 *              refresh of what it changed.  \n, \r, \t, \b and \f (clear
 *              the panel, cursor home) are obeyed.
 *   eink:info  "key value" lines: size, state, refresh counts, frames,
 *              font, cursor.
 * While the panel sleeps, drawing (fb and text writes, refresh, clear) is
 * refused with -SH_EBUSY until "wake". */
#ifndef SHALE_EINK_H
#define SHALE_EINK_H

#include <stddef.h>
#include <stdint.h>

#define EINK_W		800u	/* pixels */
#define EINK_H		480u
#define EINK_STRIDE	(EINK_W / 8u)	/* bytes of one row of eink:fb */
#define EINK_FB_SIZE	(EINK_STRIDE * EINK_H)

#define EINK_WHY_MAX	160u	/* bytes of a reason, with its NUL */

/* ---- PBM images (strates/einkd/pbm.c, portable; flint links it) ------- */

struct pbm_image {
	uint32_t w, h;		/* pixels, 1..EINK_W and 1..EINK_H */
	uint32_t stride;	/* bytes per row of bits: (w + 7) / 8 */
	uint8_t bits[EINK_FB_SIZE];	/* rows, top bit leftmost, 1 black;
					 * bits past w in a row are 0 */
};

/* Parses a whole PBM file (P1 plain or P4 raw, one image) of len bytes
 * into *img.  Strict: a bad magic, a malformed or zero size, an image
 * larger than the panel, a pixel other than 0/1, data missing or left over
 * are refused.  Returns 0, or -SH_EBADMSG (-SH_E2BIG when oversized) with
 * what is wrong and where in why (EINK_WHY_MAX bytes, NUL-ended). */
int pbm_parse(const void *data, size_t len, struct pbm_image *img, char *why);

#endif
