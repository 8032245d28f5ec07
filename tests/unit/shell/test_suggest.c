/* Nearest-command suggestion and the distance under it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "suggest.h"

static const char *const names[] = {
	"cat", "cd", "cp", "dmesg", "echo", "halt", "help", "hexdump", "ls",
	"mkdir", "mv", "reboot", "rm", "silo", "scheme", "stat", "uptime",
};
#define N (sizeof(names) / sizeof(names[0]))

static void test_distance(void **st)
{
	(void)st;
	assert_int_equal(suggest_distance("", ""), 0);
	assert_int_equal(suggest_distance("abc", "abc"), 0);
	assert_int_equal(suggest_distance("", "abc"), 3);
	assert_int_equal(suggest_distance("kitten", "sitting"), 3);
	assert_int_equal(suggest_distance("slio", "silo"), 1);	/* a swap */
	assert_int_equal(suggest_distance("ca", "cat"), 1);
	assert_int_equal(suggest_distance("catt", "cat"), 1);
	char big[100];
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(suggest_distance(big, "a"), SUGGEST_LEN + 1);
}

static void test_nearest(void **st)
{
	(void)st;
	assert_string_equal(suggest_nearest("slio", names, N), "silo");
	assert_string_equal(suggest_nearest("sil", names, N), "silo");
	assert_string_equal(suggest_nearest("hexdupm", names, N), "hexdump");
	assert_string_equal(suggest_nearest("dmseg", names, N), "dmesg");
	assert_string_equal(suggest_nearest("uptim", names, N), "uptime");
	assert_string_equal(suggest_nearest("mkdri", names, N), "mkdir");
	assert_string_equal(suggest_nearest("schem", names, N), "scheme");
	assert_string_equal(suggest_nearest("rebot", names, N), "reboot");
	assert_null(suggest_nearest("xyzzy", names, N));
	assert_null(suggest_nearest("", names, N));
	assert_null(suggest_nearest("qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq",
				    names, N));
	/* a prefix of exactly one name, however far */
	assert_string_equal(suggest_nearest("hexd", names, N), "hexdump");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_distance),
		cmocka_unit_test(test_nearest),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
