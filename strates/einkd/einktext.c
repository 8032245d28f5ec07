/* einktext: the host build of einkd's text drawing, for tests and people.
 *
 *   einktext OUT.pbm TEXT
 *
 * Draws TEXT (UTF-8, the same bytes one would write to eink:text) on a
 * white panel with the built-in font and the same code einkd runs
 * (text.c, psf.c, fb.c), and writes the panel as a P4 PBM.  The qemu test
 * compares this with a screendump of the real panel. */
#include <stdio.h>
#include <string.h>

#include "eink_core.h"

static struct font font;
static uint8_t fb[EINK_FB_SIZE];

int main(int argc, char **argv)
{
	char why[EINK_WHY_MAX];
	struct eink_rect dirty = { 0, 0, 0, 0 };
	struct text t;
	FILE *f;

	if (argc != 3) {
		fprintf(stderr, "usage: einktext OUT.pbm TEXT\n");
		return 2;
	}
	if (font_load(&font, eink_font_psf, eink_font_psf_len, why) < 0) {
		fprintf(stderr, "einktext: built-in font: %s\n", why);
		return 1;
	}
	text_init(&t, &font);
	text_write(&t, fb, argv[2], strlen(argv[2]), &dirty);
	f = fopen(argv[1], "wb");
	if (!f) {
		perror(argv[1]);
		return 1;
	}
	fprintf(f, "P4\n%u %u\n", EINK_W, EINK_H);
	if (fwrite(fb, 1, sizeof(fb), f) != sizeof(fb) || fclose(f) != 0) {
		perror(argv[1]);
		return 1;
	}
	printf("%u %u %u %u\n", dirty.x, dirty.y, dirty.w, dirty.h);
	return 0;
}
