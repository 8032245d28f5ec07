/* libFuzzer target for the PSF font loader (strates/einkd/psf.c) and the
 * text console drawing with whatever it accepted (text.c, fb.c).
 *
 * Beyond "no crash": a font that loads has its glyphs inside the input,
 * sizes within bounds and a sorted map of glyphs that exist; a refusal is
 * -SH_EBADMSG with a reason.  Text drawn with an accepted font never
 * leaves the panel (ASan watches the framebuffer). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <shale/errors.h>
#include "eink_core.h"

#define CHECK(c) do { if (!(c)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct font f;
	static uint8_t fb[EINK_FB_SIZE];
	static const char sample[] = "Shale \xc3\xa9\xe2\x82\xac\n\t\b\x01\xff~";
	struct eink_rect dirty = { 0, 0, 0, 0 };
	char why[EINK_WHY_MAX];
	struct text t;
	int r;

	memset(why, 0x7e, sizeof(why));
	r = font_load(&f, data, size, why);
	CHECK(memchr(why, '\0', sizeof(why)) != NULL);
	if (r < 0) {
		CHECK(r == -SH_EBADMSG && why[0] != '\0');
		return 0;
	}
	CHECK(r == 0);
	CHECK(f.width >= 1 && f.width <= 64 && f.height >= 1 && f.height <= 64);
	CHECK(f.charsize == f.stride * f.height && f.nglyphs >= 1);
	CHECK(f.glyphs >= data &&
	      f.glyphs + (size_t)f.nglyphs * f.charsize <= data + size);
	CHECK(f.fallback < f.nglyphs);
	for (uint32_t i = 0; i < f.nmap; i++) {
		CHECK(f.map[i].glyph < f.nglyphs);
		CHECK(i == 0 || f.map[i - 1].cp < f.map[i].cp);
	}
	text_init(&t, &f);
	text_write(&t, fb, sample, sizeof(sample) - 1, &dirty);
	CHECK(dirty.x + dirty.w <= EINK_W && dirty.y + dirty.h <= EINK_H);
	return 0;
}
