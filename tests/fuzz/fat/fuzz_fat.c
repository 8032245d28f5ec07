/* libFuzzer target for the portable FAT (strates/fsd/fat.c): boot sector,
 * FAT chains and directory entries (long names included).
 *
 * The input is a list of patches to a good FAT12 image that mformat and
 * mcopy make once at start: records of 8 bytes — region (boot sector,
 * FAT, root directory, a subdirectory), width (1, 2, 4), offset (16
 * bits), value (32 bits).  Nothing may crash, leak or hang. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "fat_exercise.h"

static struct fx_base base;
static uint8_t *img;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc; (void)argv;
	if (fx_make_base(&base, ".") != 0)
		abort();
	img = malloc(base.size);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t i;

	memcpy(img, base.img, base.size);
	for (i = 0; i + 8 <= size && i < 8 * 16; i += 8) {
		uint16_t off;
		uint32_t v;

		memcpy(&off, data + i + 2, 2);
		memcpy(&v, data + i + 4, 4);
		fx_patch(&base, img, data[i], off, data[i + 1], v);
	}
	fx_run(img, base.size);
	return 0;
}
