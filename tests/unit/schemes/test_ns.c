/* namespace.c: lookup, prefixes, narrowing, and what is not there. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <shale/scheme_ns.h>
#include <shale/scheme_path.h>
#include <shale/errors.h>

static struct ns_entry slots[4];
static struct ns_table ns;
static char out[SH_PATH_MAX + 1];

static int setup(void **state)
{
	(void)state;
	memset(slots, 0x5a, sizeof(slots));	/* junk: init must not care */
	ns_init(&ns, slots, 4);
	assert_int_equal(ns_add(&ns, "fs", 10, NULL), 0);
	assert_int_equal(ns_add(&ns, "home", 11, "/home/erl/"), 0);
	assert_int_equal(ns_add(&ns, "boot", 12, "/"), 0);
	return 0;
}

static int lookup(const char *p, sh_handle_t *ep)
{
	return ns_lookup(&ns, p, strlen(p), ep, out, sizeof(out), NULL);
}

static void test_lookup_plain(void **state)
{
	sh_handle_t ep = 0;
	(void)state;
	assert_int_equal(lookup("fs:/etc/motd", &ep), 9);
	assert_int_equal(ep, 10);
	assert_string_equal(out, "/etc/motd");
	assert_int_equal(lookup("boot:", &ep), 1);
	assert_int_equal(ep, 12);
	assert_string_equal(out, "/");
}

static void test_lookup_prefix(void **state)
{
	sh_handle_t ep = 0;
	(void)state;
	assert_true(lookup("home:/notes.txt", &ep) > 0);
	assert_int_equal(ep, 11);
	assert_string_equal(out, "/home/erl/notes.txt");
	assert_true(lookup("home:/", &ep) > 0);
	assert_string_equal(out, "/home/erl");
	/* ".." never climbs out of the prefix */
	assert_true(lookup("home:/../../etc/passwd", &ep) > 0);
	assert_string_equal(out, "/home/erl/etc/passwd");
	assert_true(lookup("home:a/../../..", &ep) > 0);
	assert_string_equal(out, "/home/erl");
}

static void test_missing_scheme_is_enoent(void **state)
{
	sh_handle_t ep = 77;
	(void)state;
	assert_int_equal(lookup("net:tcp/1.2.3.4:80", &ep), -SH_ENOENT);
	assert_int_equal(lookup("FS:/etc", &ep), -SH_ENOENT);	/* names are exact */
	assert_int_equal(lookup("f:/etc", &ep), -SH_ENOENT);
	assert_int_equal(lookup("fss:/etc", &ep), -SH_ENOENT);
	assert_int_equal(ep, 77);				/* untouched */
	assert_int_equal(lookup("no colon", &ep), -SH_EINVAL);
}

static void test_add_rules(void **state)
{
	(void)state;
	assert_int_equal(ns_add(&ns, "fs", 20, NULL), -SH_EEXIST);
	assert_int_equal(ns_add(&ns, "bad name", 20, NULL), -SH_EINVAL);
	assert_int_equal(ns_add(&ns, "", 20, NULL), -SH_EINVAL);
	assert_int_equal(ns_add(&ns, "x", 0, NULL), -SH_EINVAL);
	assert_int_equal(ns_add(&ns, "x", 20, ""), -SH_EINVAL);
	assert_int_equal(ns_add(&ns, "net", 20, NULL), 0);
	assert_int_equal(ns_add(&ns, "eink", 21, NULL), -SH_ENOSPC);
	assert_non_null(ns_find(&ns, "net", 3));
	assert_null(ns_find(&ns, "eink", 4));
}

static void test_remove(void **state)
{
	sh_handle_t ep;
	(void)state;
	assert_int_equal(ns_remove(&ns, "fs"), 0);
	assert_int_equal(ns_remove(&ns, "fs"), -SH_ENOENT);
	assert_int_equal(lookup("fs:/x", &ep), -SH_ENOENT);
	/* the others are still found after the table was repacked */
	assert_true(lookup("home:/x", &ep) > 0);
	assert_int_equal(ep, 11);
	assert_true(lookup("boot:/x", &ep) > 0);
	assert_int_equal(ep, 12);
	assert_int_equal(ns.count, 2);
	assert_int_equal(ns_add(&ns, "fs", 13, NULL), 0);
}

static void test_narrow_only_shrinks(void **state)
{
	sh_handle_t ep;
	(void)state;
	assert_int_equal(ns_narrow(&ns, "fs", "/home"), 0);
	assert_true(lookup("fs:/erl", &ep) > 0);
	assert_string_equal(out, "/home/erl");
	/* ".." in the narrowing path cannot widen it */
	assert_int_equal(ns_narrow(&ns, "fs", "../../.."), 0);
	assert_true(lookup("fs:/", &ep) > 0);
	assert_string_equal(out, "/home");
	assert_int_equal(ns_narrow(&ns, "fs", "erl/../erl/./lib"), 0);
	assert_true(lookup("fs:/../x", &ep) > 0);
	assert_string_equal(out, "/home/erl/lib/x");
	assert_int_equal(ns_narrow(&ns, "nope", "/x"), -SH_ENOENT);
	assert_int_equal(ns_narrow(&ns, "fs", ""), -SH_EINVAL);
	assert_string_equal(ns_find(&ns, "fs", 2)->prefix, "/home/erl/lib");
}

static void test_narrow_too_long_leaves_entry(void **state)
{
	char sub[SH_PATH_MAX];
	(void)state;
	memset(sub, 'a', sizeof(sub) - 1);
	sub[0] = '/';
	for (size_t i = 200; i < sizeof(sub) - 1; i += 200)
		sub[i] = '/';
	sub[sizeof(sub) - 1] = '\0';
	assert_int_equal(ns_narrow(&ns, "home", sub), -SH_ENAMETOOLONG);
	assert_string_equal(ns_find(&ns, "home", 4)->prefix, "/home/erl");
}

static void test_lookup_result_too_long(void **state)
{
	char p[SH_PATH_MAX + 8];
	sh_handle_t ep = 0;
	size_t n;
	(void)state;
	/* "home:" + a path that fits alone but not behind the prefix */
	memcpy(p, "home:", 5);
	n = 5;
	while (n < 5 + SH_PATH_MAX - 4) {
		p[n++] = '/';
		for (int i = 0; i < 99 && n < 5 + SH_PATH_MAX - 4; i++)
			p[n++] = 'b';
	}
	assert_int_equal(ns_lookup(&ns, p, n, &ep, out, sizeof(out), NULL),
			 -SH_ENAMETOOLONG);
	assert_int_equal(ep, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_lookup_plain, setup),
		cmocka_unit_test_setup(test_lookup_prefix, setup),
		cmocka_unit_test_setup(test_missing_scheme_is_enoent, setup),
		cmocka_unit_test_setup(test_add_rules, setup),
		cmocka_unit_test_setup(test_remove, setup),
		cmocka_unit_test_setup(test_narrow_only_shrinks, setup),
		cmocka_unit_test_setup(test_narrow_too_long_leaves_entry, setup),
		cmocka_unit_test_setup(test_lookup_result_too_long, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
