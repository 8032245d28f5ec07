/* Host tests of blkd's MBR parser (strates/blkd/mbr.c): the table tools/mkimage
 * writes is read as written; every malformed entry is refused with a
 * message naming it, and the good ones around it are still kept. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <shale/errors.h>
#include "mbr.h"

static uint8_t sec[512];
static char msgs[8][128];
static unsigned nmsgs;

static void rep(void *arg, const char *m)
{
	(void)arg;
	if (nmsgs < 8)
		strncpy(msgs[nmsgs++], m, 127);
}

static void entry(unsigned i, uint8_t boot, uint8_t type, uint32_t start,
		  uint32_t count)
{
	uint8_t *e = sec + 446 + 16 * i;

	e[0] = boot;
	e[4] = type;
	for (int k = 0; k < 4; k++) {
		e[8 + k] = (uint8_t)(start >> (8 * k));
		e[12 + k] = (uint8_t)(count >> (8 * k));
	}
}

static int setup(void **state)
{
	(void)state;
	memset(sec, 0, sizeof(sec));
	memset(msgs, 0, sizeof(msgs));
	nmsgs = 0;
	sec[510] = 0x55;
	sec[511] = 0xaa;
	return 0;
}

/* The layout tools/mkimage makes: FAT32 at 2048, ext2 after it. */
static void test_two_partitions(void **state)
{
	struct mbr_part p[MBR_PARTS];

	(void)state;
	entry(0, 0x80, 0x0c, 2048, 65536);
	entry(1, 0x00, 0x83, 67584, 100000);
	assert_int_equal(mbr_parse(sec, 200000, p, rep, NULL), 2);
	assert_int_equal(p[0].index, 1);
	assert_int_equal(p[0].type, 0x0c);
	assert_int_equal(p[0].start, 2048);
	assert_int_equal(p[0].count, 65536);
	assert_int_equal(p[1].index, 2);
	assert_int_equal(p[1].start, 67584);
	assert_int_equal(nmsgs, 0);
}

static void test_no_signature(void **state)
{
	struct mbr_part p[MBR_PARTS];

	(void)state;
	sec[511] = 0;
	entry(0, 0, 0x83, 2048, 100);
	assert_int_equal(mbr_parse(sec, 200000, p, rep, NULL), -SH_ENOENT);
	assert_non_null(strstr(msgs[0], "0x55AA"));
}

/* Each bad entry is reported by number and left out; entry 4 (good) is
 * still kept and keeps its number. */
static void test_bad_entries(void **state)
{
	struct mbr_part p[MBR_PARTS];

	(void)state;
	entry(0, 0x00, 0x83, 1000, 5000);	/* good */
	entry(1, 0x00, 0x83, 150000, 60000);	/* past the end */
	entry(2, 0x00, 0x83, 3000, 10);		/* overlaps entry 1 */
	entry(3, 0x00, 0x0c, 6000, 10);		/* good */
	assert_int_equal(mbr_parse(sec, 200000, p, rep, NULL), 2);
	assert_int_equal(p[0].index, 1);
	assert_int_equal(p[1].index, 4);
	assert_int_equal(nmsgs, 2);
	assert_non_null(strstr(msgs[0], "entry 2"));
	assert_non_null(strstr(msgs[0], "past the disk"));
	assert_non_null(strstr(msgs[1], "entry 3"));
	assert_non_null(strstr(msgs[1], "overlaps entry 1"));
}

static void test_refused_kinds(void **state)
{
	struct mbr_part p[MBR_PARTS];

	(void)state;
	entry(0, 0x12, 0x83, 100, 10);		/* bad boot flag */
	entry(1, 0x00, 0x05, 200, 10);		/* extended */
	entry(2, 0x00, 0x83, 0, 10);		/* covers the MBR */
	entry(3, 0x00, 0xee, 1, 199999);	/* GPT */
	assert_int_equal(mbr_parse(sec, 200000, p, rep, NULL), 0);
	assert_int_equal(nmsgs, 4);
	assert_non_null(strstr(msgs[0], "boot flag 0x12"));
	assert_non_null(strstr(msgs[1], "extended"));
	assert_non_null(strstr(msgs[2], "sector 0"));
	assert_non_null(strstr(msgs[3], "GPT"));
	/* empty and zero-length */
	setup(NULL);
	entry(0, 0x00, 0x83, 100, 0);
	assert_int_equal(mbr_parse(sec, 200000, p, rep, NULL), 0);
	assert_non_null(strstr(msgs[0], "0 sectors"));
}

/* 32-bit start + count beyond 2^32 sectors: no wrap-around. */
static void test_no_wrap(void **state)
{
	struct mbr_part p[MBR_PARTS];

	(void)state;
	entry(0, 0x00, 0x83, 0xffffff00u, 0x200u);
	assert_int_equal(mbr_parse(sec, 0xffffffffULL, p, rep, NULL), 0);
	assert_int_equal(mbr_parse(sec, 0x100000100ULL, p, rep, NULL), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_two_partitions, setup),
		cmocka_unit_test_setup(test_no_signature, setup),
		cmocka_unit_test_setup(test_bad_entries, setup),
		cmocka_unit_test_setup(test_refused_kinds, setup),
		cmocka_unit_test_setup(test_no_wrap, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
