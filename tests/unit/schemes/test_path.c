/* path.c: normal form, "name:path" splitting, the checks strates use. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <shale/scheme_path.h>
#include <shale/errors.h>

static char out[SH_PATH_MAX + 1];

static int norm(const char *in, unsigned *flags)
{
	return path_normalize(in, strlen(in), out, sizeof(out), flags);
}

static void expect_norm(const char *in, const char *want)
{
	int n = norm(in, NULL);
	if (n < 0)
		fail_msg("'%s' gave error %d", in, n);
	assert_string_equal(out, want);
	assert_int_equal(n, strlen(want));
}

static void test_collapse(void **state)
{
	(void)state;
	expect_norm("/", "/");
	expect_norm("/etc/motd", "/etc/motd");
	expect_norm("etc/motd", "/etc/motd");
	expect_norm("//etc///motd", "/etc/motd");
	expect_norm("/etc/./motd/.", "/etc/motd");
	expect_norm("./././", "/");
	expect_norm("/etc/", "/etc");
	expect_norm("tcp/10.0.2.2:8080", "/tcp/10.0.2.2:8080");
	expect_norm(".hidden/..x/...", "/.hidden/..x/...");
}

static void test_dotdot_stays_in_root(void **state)
{
	(void)state;
	expect_norm("/a/b/../c", "/a/c");
	expect_norm("/a/b/../../..", "/");
	expect_norm("..", "/");
	expect_norm("/../../etc/passwd", "/etc/passwd");
	expect_norm("a/../../b/../c", "/c");
	expect_norm("/a/../b/./../c/d/..", "/c");
}

static void test_trailing_dir_flag(void **state)
{
	unsigned f;
	(void)state;
	norm("/etc/", &f);
	assert_int_equal(f, PATH_TRAILING_DIR);
	norm("/etc", &f);
	assert_int_equal(f, 0);
	norm("/etc/.", &f);
	assert_int_equal(f, PATH_TRAILING_DIR);
	norm("/etc/x/..", &f);
	assert_int_equal(f, PATH_TRAILING_DIR);
	norm("/", &f);
	assert_int_equal(f, PATH_TRAILING_DIR);
	norm("/a/./b", &f);
	assert_int_equal(f, 0);
}

static void test_bytes_kept(void **state)
{
	const char raw[] = "/caf\xc3\xa9/\xff\xfe/x";
	(void)state;
	assert_int_equal(path_normalize(raw, sizeof(raw) - 1, out, sizeof(out), NULL),
			 sizeof(raw) - 1);
	assert_memory_equal(out, raw, sizeof(raw));
}

static void test_rejects(void **state)
{
	char big[SH_PATH_MAX + 2];
	char comp[SH_FILENAME_MAX + 3];
	(void)state;
	assert_int_equal(path_normalize("", 0, out, sizeof(out), NULL), -SH_EINVAL);
	assert_int_equal(path_normalize("/a\0b", 4, out, sizeof(out), NULL), -SH_EINVAL);
	memset(big, 'a', sizeof(big));
	big[0] = '/';
	assert_int_equal(path_normalize(big, SH_PATH_MAX + 1, out, sizeof(out), NULL),
			 -SH_ENAMETOOLONG);
	/* long input that would fold short is still refused: bounded work */
	for (size_t i = 0; i < SH_PATH_MAX + 1; i++)
		big[i] = (i % 2) ? '/' : '.';
	assert_int_equal(path_normalize(big, SH_PATH_MAX + 1, out, sizeof(out), NULL),
			 -SH_ENAMETOOLONG);
	/* one component over SH_FILENAME_MAX */
	memset(comp, 'x', sizeof(comp));
	comp[0] = '/';
	assert_int_equal(path_normalize(comp, SH_FILENAME_MAX + 2, out, sizeof(out), NULL),
			 -SH_ENAMETOOLONG);
	assert_int_equal(path_normalize(comp, SH_FILENAME_MAX + 1, out, sizeof(out), NULL),
			 SH_FILENAME_MAX + 1);
}

static void test_exact_limits(void **state)
{
	char in[SH_PATH_MAX];
	char small[8];
	(void)state;
	/* SH_PATH_MAX bytes of result exactly: fits */
	memset(in, 'a', sizeof(in));
	for (size_t i = 0; i < sizeof(in); i += 128)
		in[i] = '/';
	assert_int_equal(path_normalize(in, sizeof(in), out, sizeof(out), NULL),
			 SH_PATH_MAX);
	/* the caller's room limits too, never written past */
	memset(small, '#', sizeof(small));
	assert_int_equal(path_normalize("/abcdef", 7, small, 7, NULL), -SH_ENAMETOOLONG);
	assert_int_equal(path_normalize("/abcdef", 7, small, 8, NULL), 7);
	assert_string_equal(small, "/abcdef");
	assert_int_equal(path_normalize("/", 1, small, 1, NULL), -SH_ENAMETOOLONG);
}

static void test_split(void **state)
{
	char name[SH_SCHEME_NAME_MAX + 1];
	unsigned f;
	(void)state;
	assert_int_equal(path_split("fs:/etc/motd", 12, name, out, sizeof(out), &f), 9);
	assert_string_equal(name, "fs");
	assert_string_equal(out, "/etc/motd");
	assert_int_equal(path_split("net:tcp/10.0.2.2:8080", 21, name, out, sizeof(out), NULL), 18);
	assert_string_equal(name, "net");
	assert_string_equal(out, "/tcp/10.0.2.2:8080");
	assert_int_equal(path_split("eink:", 5, name, out, sizeof(out), &f), 1);
	assert_string_equal(out, "/");
	assert_int_equal(f, PATH_TRAILING_DIR);
	assert_int_equal(path_split("sys:silos", 9, name, out, sizeof(out), NULL), 6);
	assert_string_equal(out, "/silos");
	assert_int_equal(path_split("fs:/../..", 9, name, out, sizeof(out), NULL), 1);
	assert_string_equal(out, "/");
}

static void test_split_rejects(void **state)
{
	char name[SH_SCHEME_NAME_MAX + 1];
	char longname[64];
	(void)state;
	assert_int_equal(path_split("/etc/motd", 9, name, out, sizeof(out), NULL), -SH_EINVAL);
	assert_int_equal(path_split(":/x", 3, name, out, sizeof(out), NULL), -SH_EINVAL);
	assert_int_equal(path_split("f s:/x", 6, name, out, sizeof(out), NULL), -SH_EINVAL);
	assert_int_equal(path_split("f/s:/x", 6, name, out, sizeof(out), NULL), -SH_EINVAL);
	assert_int_equal(path_split("f\0s:/x", 6, name, out, sizeof(out), NULL), -SH_EINVAL);
	assert_int_equal(path_split("fs:/a\0", 6, name, out, sizeof(out), NULL), -SH_EINVAL);
	assert_int_equal(path_split("", 0, name, out, sizeof(out), NULL), -SH_EINVAL);
	memset(longname, 'n', sizeof(longname));
	longname[SH_SCHEME_NAME_MAX + 1] = ':';
	assert_int_equal(path_split(longname, SH_SCHEME_NAME_MAX + 2, name, out, sizeof(out), NULL),
			 -SH_EINVAL);
	longname[SH_SCHEME_NAME_MAX] = ':';
	assert_int_equal(path_split(longname, SH_SCHEME_NAME_MAX + 1, name, out, sizeof(out), NULL), 1);
	assert_int_equal(strlen(name), SH_SCHEME_NAME_MAX);
}

static void test_is_normal(void **state)
{
	(void)state;
	assert_true(path_is_normal("/", 1));
	assert_true(path_is_normal("/a/b", 4));
	assert_true(path_is_normal("/.x/..y", 7));
	assert_false(path_is_normal("", 0));
	assert_false(path_is_normal("a/b", 3));
	assert_false(path_is_normal("/a/", 3));
	assert_false(path_is_normal("//a", 3));
	assert_false(path_is_normal("/a/./b", 6));
	assert_false(path_is_normal("/a/../b", 7));
	assert_false(path_is_normal("/..", 3));
	assert_false(path_is_normal("/a\0b", 4));
}

/* Whatever path_normalize returns is normal, and normalising it again
 * changes nothing. */
static void test_normalize_idempotent(void **state)
{
	static const char *const in[] = {
		"/", "a", "../x/./y//z/..", "/a/b/c/../../d", "////", ".",
		"...", "/a/.../b",
	};
	char again[SH_PATH_MAX + 1];
	(void)state;
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		int n = norm(in[i], NULL);
		assert_true(n > 0);
		assert_true(path_is_normal(out, (size_t)n));
		assert_int_equal(path_normalize(out, (size_t)n, again, sizeof(again), NULL), n);
		assert_string_equal(again, out);
	}
}

static void test_join(void **state)
{
	char buf[16];
	(void)state;
	assert_int_equal(path_join("/a", 2, "/b", 2, out, sizeof(out)), 4);
	assert_string_equal(out, "/a/b");
	assert_int_equal(path_join("/", 1, "/b", 2, out, sizeof(out)), 2);
	assert_string_equal(out, "/b");
	assert_int_equal(path_join("/a", 2, "/", 1, out, sizeof(out)), 2);
	assert_string_equal(out, "/a");
	assert_int_equal(path_join("/", 1, "/", 1, out, sizeof(out)), 1);
	assert_string_equal(out, "/");
	assert_int_equal(path_join("/home/erl", 9, "/abcdef", 7, buf, sizeof(buf)),
			 -SH_ENAMETOOLONG);
	assert_int_equal(path_join("/home/erl", 9, "/abcde", 6, buf, sizeof(buf)), 15);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_collapse),
		cmocka_unit_test(test_dotdot_stays_in_root),
		cmocka_unit_test(test_trailing_dir_flag),
		cmocka_unit_test(test_bytes_kept),
		cmocka_unit_test(test_rejects),
		cmocka_unit_test(test_exact_limits),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_split_rejects),
		cmocka_unit_test(test_is_normal),
		cmocka_unit_test(test_normalize_idempotent),
		cmocka_unit_test(test_join),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
