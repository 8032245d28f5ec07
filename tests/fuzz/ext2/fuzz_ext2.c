/* libFuzzer target for the portable ext2 (strates/fsd): superblock, group
 * descriptor, inode, dirent and indirect-block parsing, and every call
 * over what it accepts.
 *
 * The input is a list of patches to a good image that mke2fs makes once
 * at start (in the working directory): records of 8 bytes — region (which
 * of ext2's structures), width (1, 2, 4), offset (16 bits), value (32
 * bits).  Patching a real image reaches the code past the first checks
 * far more often than random images would.  Nothing may crash, leak or
 * hang. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "ext2_exercise.h"

static struct ex_base base;
static uint8_t *img;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc; (void)argv;
	if (ex_make_base(&base, ".") != 0)
		abort();
	img = malloc(base.size);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t info;
	size_t i;

	memcpy(img, base.img, base.size);
	for (i = 0; i + 8 <= size && i < 8 * 16; i += 8) {
		uint16_t off;
		uint32_t v;

		memcpy(&off, data + i + 2, 2);
		memcpy(&v, data + i + 4, 4);
		ex_patch(&base, img, data[i], off, data[i + 1], v);
	}
	ex_run(img, base.size, &info);
	return 0;
}
