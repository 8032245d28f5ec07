/* The kernel's printf engine (bedrock/lib/fmt.c) against the host's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "lib/fmt.h"

#define CHECK(...) do { \
	char want[256], got[256]; \
	int wn = snprintf(want, sizeof(want), __VA_ARGS__); \
	int gn = fmt_snprintf(got, sizeof(got), __VA_ARGS__); \
	assert_string_equal(got, want); \
	assert_int_equal(gn, wn); \
} while (0)

static void test_integers(void **state)
{
	(void)state;
	CHECK("%d %d %d", 0, -1, 2147483647);
	CHECK("%d", (int)-2147483647 - 1);
	CHECK("%u %x %X %o", 4000000000u, 0xdeadbeefu, 0xabcu, 8u);
	CHECK("%ld %lu %lx", -5L, 18446744073709551615UL, 0xffff000000000000UL);
	CHECK("%lld %llu", -9223372036854775807LL - 1, 12345678901234ULL);
	CHECK("%zu %zx", (size_t)77, (size_t)255);
	CHECK("%hhu %hd", 300, 70000);
	CHECK("%i", 42);
}

static void test_width_and_flags(void **state)
{
	(void)state;
	CHECK("[%5d][%-5d][%05d]", 42, 42, 42);
	CHECK("[%08lx][%-8x][%2d]", 0x1234UL, 0xab, 12345);
	CHECK("[%05d]", -42);
	CHECK("[%*d][%-*d]", 6, 1, 6, 2);
	CHECK("[%#x][%#lx][%#o][%#010x]", 255, 0x40000000UL, 8, 0x9000000);
	CHECK("[%#x]", 0);
}

static void test_strings_and_chars(void **state)
{
	(void)state;
	CHECK("%s|%10s|%-10s|", "abc", "right", "left");
	CHECK("%.3s|%.*s|", "abcdef", 2, "xyz");
	CHECK("%c%c%c", 'o', 'k', '!');
	CHECK("100%% %s", "done");
	CHECK("no conversions at all");
}

static void test_pointer(void **state)
{
	char got[64];

	(void)state;
	fmt_snprintf(got, sizeof(got), "%p", (void *)0x1234);
	assert_string_equal(got, "0x1234");
}

static void test_truncation(void **state)
{
	char buf[8];
	int n;

	(void)state;
	memset(buf, 'X', sizeof(buf));
	n = fmt_snprintf(buf, sizeof(buf), "%s", "0123456789");
	assert_int_equal(n, 10);
	assert_string_equal(buf, "0123456");
	n = fmt_snprintf(buf, 1, "abc");
	assert_int_equal(n, 3);
	assert_string_equal(buf, "");
	n = fmt_snprintf(NULL, 0, "%d", 12345);
	assert_int_equal(n, 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integers),
		cmocka_unit_test(test_width_and_flags),
		cmocka_unit_test(test_strings_and_chars),
		cmocka_unit_test(test_pointer),
		cmocka_unit_test(test_truncation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
