/* httpd's request parsing and path rules (strates/httpd/http.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <shale/errors.h>

#include "http.h"

static int parse(const char *s, struct http_req *r)
{
	return http_parse(s, strlen(s), r);
}

static void test_good(void **state)
{
	struct http_req r;

	(void)state;
	assert_int_equal(parse("GET /a/b.txt HTTP/1.0\r\n\r\n", &r), 0);
	assert_string_equal(r.path, "/a/b.txt");
	assert_int_equal(r.head, 0);
	assert_int_equal(parse("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n", &r), 0);
	assert_string_equal(r.path, "/index.html");
	assert_int_equal(r.head, 1);
	assert_int_equal(parse("GET /dir/?q=1 HTTP/1.0\n\n", &r), 0);
	assert_string_equal(r.path, "/dir/index.html");
	assert_int_equal(parse("GET /a%20b%2Fc HTTP/1.0\r\n\r\n", &r), 0);
	assert_string_equal(r.path, "/a b/c");
	assert_int_equal(parse("GET /x..y/..z HTTP/1.0\r\n\r\n", &r), 0);
	assert_string_equal(r.path, "/x..y/..z");
}

static void test_bad(void **state)
{
	struct http_req r;

	(void)state;
	assert_int_equal(parse("POST / HTTP/1.0\r\n\r\n", &r), -SH_ENOTSUP);
	assert_int_equal(r.status, 501);
	assert_true(parse("GET /../etc/passwd HTTP/1.0\r\n\r\n", &r) < 0);
	assert_int_equal(r.status, 403);
	assert_true(parse("GET /a/%2e%2e/%2e%2e/x HTTP/1.0\r\n\r\n", &r) < 0);
	assert_int_equal(r.status, 403);
	assert_true(parse("GET /a/.. HTTP/1.0\r\n\r\n", &r) < 0);
	assert_int_equal(r.status, 403);
	assert_true(parse("GET /a%00b HTTP/1.0\r\n\r\n", &r) < 0);
	assert_int_equal(r.status, 400);
	assert_true(parse("GET /a%4 HTTP/1.0\r\n\r\n", &r) < 0);
	assert_int_equal(r.status, 400);
	assert_true(parse("GET /a%zz HTTP/1.0\r\n\r\n", &r) < 0);
	assert_true(parse("GET /a\\b HTTP/1.0\r\n\r\n", &r) < 0);
	assert_true(parse("GET a HTTP/1.0\r\n\r\n", &r) < 0);
	assert_int_equal(r.status, 400);
	assert_true(parse("GET / FTP/1.0\r\n\r\n", &r) < 0);
	assert_true(parse("GET /\r\n\r\n", &r) < 0);
	assert_true(parse("GET / HTTP/1.0", &r) < 0);	/* no line end */
	assert_true(parse("", &r) < 0);
	{
		char big[2000] = "GET /";

		memset(big + 5, 'a', 1000);
		strcpy(big + 1005, " HTTP/1.0\r\n\r\n");
		assert_true(parse(big, &r) < 0);
		assert_int_equal(r.status, 414);
	}
}

static void test_types(void **state)
{
	(void)state;
	assert_string_equal(http_type("/index.html"), "text/html; charset=utf-8");
	assert_string_equal(http_type("/a/b.png"), "image/png");
	assert_string_equal(http_type("/a.b/noext"), "application/octet-stream");
	assert_string_equal(http_type("/x.unknown"), "application/octet-stream");
	assert_string_equal(http_reason(404), "Not Found");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_types),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
