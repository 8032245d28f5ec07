/* libFuzzer target for the PBM reader (strates/einkd/pbm.c), which reads
 * whatever file a user names in `eink show`.
 *
 * Beyond "no crash": an image that parses is within the panel, its stride
 * matches its width and the padding bits past the width are 0; a refusal
 * is -SH_EBADMSG or -SH_E2BIG with a non-empty, NUL-ended reason. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <shale/eink.h>
#include <shale/errors.h>

#define CHECK(c) do { if (!(c)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pbm_image img;
	char why[EINK_WHY_MAX];
	int r;

	memset(why, 0x7e, sizeof(why));
	r = pbm_parse(data, size, &img, why);
	CHECK(memchr(why, '\0', sizeof(why)) != NULL);
	if (r < 0) {
		CHECK(r == -SH_EBADMSG || r == -SH_E2BIG);
		CHECK(why[0] != '\0');
		return 0;
	}
	CHECK(r == 0);
	CHECK(img.w >= 1 && img.w <= EINK_W && img.h >= 1 && img.h <= EINK_H);
	CHECK(img.stride == (img.w + 7) / 8);
	if (img.w % 8)
		for (uint32_t y = 0; y < img.h; y++)
			CHECK((img.bits[y * img.stride + img.stride - 1] &
			       (0xffu >> (img.w % 8))) == 0);
	return 0;
}
