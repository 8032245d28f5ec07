/* libc: full scheme paths from what a program names and its current
 * directory (sh_path_resolve, libc/path_cwd.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <shale/errors.h>
#include <shale/file.h>

static char out[SH_SPATH_MAX];

static void is(const char *cwd, const char *arg, const char *want)
{
	int n = sh_path_resolve(cwd, arg, out, sizeof(out));

	assert_int_equal(n, (int)strlen(want));
	assert_string_equal(out, want);
}

static void test_absolute(void **st)
{
	(void)st;
	is(NULL, "fs:/etc/motd", "fs:/etc/motd");
	is(NULL, "fs:", "fs:/");
	is(NULL, "fs:etc//motd/", "fs:/etc/motd");
	is("boot:/bin", "fs:/a/../../b", "fs:/b");
	is(NULL, "sys:silos", "sys:/silos");
}

static void test_relative(void **st)
{
	(void)st;
	is("fs:/home", "erl", "fs:/home/erl");
	is("fs:/home", "../etc/./motd", "fs:/etc/motd");
	is("fs:/home", "../../../..", "fs:/");
	is("fs:/home", "/etc", "fs:/etc");
	is("fs:/", ".", "fs:/");
	is("fs:/home", "a/b:c", "fs:/home/a/b:c");	/* ':' after '/' */
}

static void test_errors(void **st)
{
	char small[6];

	(void)st;
	assert_int_equal(sh_path_resolve(NULL, "x", out, sizeof(out)), -SH_ENOENT);
	assert_int_equal(sh_path_resolve(NULL, "b@d:/x", out, sizeof(out)),
			 -SH_EINVAL);
	assert_int_equal(sh_path_resolve(NULL, ":/x", out, sizeof(out)),
			 -SH_EINVAL);
	assert_int_equal(sh_path_resolve(NULL, "fs:/abcdef", small, sizeof(small)),
			 -SH_ENAMETOOLONG);
	{
		static char big[3000];

		memset(big, 'a', sizeof(big) - 1);
		assert_int_equal(sh_path_resolve("fs:/", big, out, sizeof(out)),
				 -SH_ENAMETOOLONG);
	}
}

static void test_root_of_cwd_scheme(void **st)
{
	(void)st;
	is("boot:/bin", "/silos/shell.silo", "boot:/silos/shell.silo");
	is("fs:/a/b/c", "..", "fs:/a/b");
	is("fs:/a", "../../../x/./y/..", "fs:/x");
	/* ".." cannot leave the scheme, however many */
	is("sys:/", "../../fs:/etc", "sys:/fs:/etc");
	/* "" names nothing (POSIX ENOENT), with a cwd or without */
	assert_int_equal(sh_path_resolve("fs:/", "", out, sizeof(out)),
			 -SH_ENOENT);
	/* a cwd with no scheme name is refused, not guessed */
	assert_int_equal(sh_path_resolve(":/x", "y", out, sizeof(out)),
			 -SH_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_absolute),
		cmocka_unit_test(test_relative),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_root_of_cwd_scheme),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
