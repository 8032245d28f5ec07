/* flint's own path helper (the resolving is libc's: tests/unit/libc). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fpath.h"

static void test_base(void **st)
{
	(void)st;
	assert_string_equal(fpath_base("fs:/a/b"), "b");
	assert_string_equal(fpath_base("fs:/"), "");
	assert_string_equal(fpath_base("x"), "x");
	assert_string_equal(fpath_base("boot:x"), "x");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
