/* flint's command-line parser: words, quotes, escapes, $?, comments,
 * redirections, pipes, and every error message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "parse.h"

static struct parse_line pl;

static int parse(const char *s, int status, const char **err)
{
	return parse_line(s, strlen(s), status, &pl, err);
}

static void ok(const char *s)
{
	const char *err;

	assert_int_equal(parse(s, 0, &err), 0);
	assert_null(err);
}

static void fails(const char *s, const char *msg)
{
	const char *err;

	assert_int_equal(parse(s, 0, &err), -1);
	assert_non_null(err);
	assert_string_equal(err, msg);
	assert_int_equal(pl.ncmds, 0);
}

static void test_words(void **st)
{
	(void)st;
	ok("  ls   fs:/home\tx  ");
	assert_int_equal(pl.ncmds, 1);
	assert_int_equal(pl.cmds[0].argc, 3);
	assert_string_equal(pl.cmds[0].argv[0], "ls");
	assert_string_equal(pl.cmds[0].argv[1], "fs:/home");
	assert_string_equal(pl.cmds[0].argv[2], "x");
	assert_null(pl.cmds[0].argv[3]);
	assert_null(pl.cmds[0].out_path);
}

static void test_blank_and_comment(void **st)
{
	(void)st;
	ok("");
	assert_int_equal(pl.ncmds, 0);
	ok("   \t ");
	assert_int_equal(pl.ncmds, 0);
	ok("# a comment | > x");
	assert_int_equal(pl.ncmds, 0);
	ok("echo a # rest 'ignored");
	assert_int_equal(pl.cmds[0].argc, 2);
	ok("echo a#b");
	assert_string_equal(pl.cmds[0].argv[1], "a#b");
}

static void test_quotes(void **st)
{
	(void)st;
	ok("write fs:/x 'a  b' \"c | d > e\" f'g h'i ''");
	assert_int_equal(pl.cmds[0].argc, 6);
	assert_string_equal(pl.cmds[0].argv[2], "a  b");
	assert_string_equal(pl.cmds[0].argv[3], "c | d > e");
	assert_string_equal(pl.cmds[0].argv[4], "fg hi");
	assert_string_equal(pl.cmds[0].argv[5], "");
	ok("echo 'it\\s' \"q\\\"q \\\\ \\$? \\n\"");
	assert_string_equal(pl.cmds[0].argv[1], "it\\s");
	assert_string_equal(pl.cmds[0].argv[2], "q\"q \\ $? \\n");
}

static void test_escapes(void **st)
{
	(void)st;
	ok("echo a\\ b \\| \\> \\# \\'x");
	assert_int_equal(pl.cmds[0].argc, 6);
	assert_string_equal(pl.cmds[0].argv[5], "'x");
	assert_string_equal(pl.cmds[0].argv[1], "a b");
	assert_string_equal(pl.cmds[0].argv[2], "|");
	assert_string_equal(pl.cmds[0].argv[3], ">");
	assert_string_equal(pl.cmds[0].argv[4], "#");
}

static void test_status(void **st)
{
	const char *err;

	(void)st;
	assert_int_equal(parse("echo $? \"[$?]\" '$?' x$?y $", 17, &err), 0);
	assert_string_equal(pl.cmds[0].argv[1], "17");
	assert_string_equal(pl.cmds[0].argv[2], "[17]");
	assert_string_equal(pl.cmds[0].argv[3], "$?");
	assert_string_equal(pl.cmds[0].argv[4], "x17y");
	assert_string_equal(pl.cmds[0].argv[5], "$");
}

static void test_redirect(void **st)
{
	(void)st;
	ok("echo hi > fs:/out");
	assert_int_equal(pl.cmds[0].argc, 2);
	assert_string_equal(pl.cmds[0].out_path, "fs:/out");
	assert_int_equal(pl.cmds[0].out_append, 0);
	ok("echo hi>>'a b' there");
	assert_int_equal(pl.cmds[0].argc, 3);
	assert_string_equal(pl.cmds[0].argv[2], "there");
	assert_string_equal(pl.cmds[0].out_path, "a b");
	assert_int_equal(pl.cmds[0].out_append, 1);
	ok(">x echo");
	assert_string_equal(pl.cmds[0].argv[0], "echo");
	assert_string_equal(pl.cmds[0].out_path, "x");
}

static void test_pipes(void **st)
{
	(void)st;
	ok("cat fs:/a | hexdump|grep x > out");
	assert_int_equal(pl.ncmds, 3);
	assert_string_equal(pl.cmds[0].argv[0], "cat");
	assert_int_equal(pl.cmds[0].argc, 2);
	assert_string_equal(pl.cmds[1].argv[0], "hexdump");
	assert_int_equal(pl.cmds[1].argc, 1);
	assert_string_equal(pl.cmds[2].argv[1], "x");
	assert_string_equal(pl.cmds[2].out_path, "out");
	assert_null(pl.cmds[1].out_path);
}

static void test_errors(void **st)
{
	(void)st;
	fails("echo 'abc", "unterminated quote");
	fails("echo \"abc\\\"", "unterminated quote");
	fails("echo abc\\", "backslash at the end of the line");
	fails("echo >", "missing file after '>'");
	fails("echo >> ", "missing file after '>>'");
	fails("echo > | x", "missing file after '>'");
	fails("echo > a > b", "two output redirections");
	fails("| ls", "empty command in a pipe");
	fails("ls |", "empty command in a pipe");
	fails("ls | | ls", "empty command in a pipe");
	fails("ls | # c", "empty command in a pipe");
	fails("> x", "redirection without a command");
	fails("a|b|c|d|e|f|g|h|i", "too many commands in a pipe");
	{
		const char *err;
		char s[] = "ab\0cd";

		assert_int_equal(parse_line(s, 5, 0, &pl, &err), -1);
		assert_string_equal(err, "NUL byte in the line");
	}
}

static void test_limits(void **st)
{
	static char big[PARSE_LINE_MAX + 2];
	const char *err;

	(void)st;
	/* 65 words */
	memset(big, 0, sizeof(big));
	for (int i = 0; i < 65; i++)
		strcat(big, "w ");
	fails(big, "too many words");
	/* the longest line parses; one more byte does not */
	memset(big, 'a', PARSE_LINE_MAX);
	big[PARSE_LINE_MAX] = '\0';
	ok(big);
	assert_int_equal(strlen(pl.cmds[0].argv[0]), PARSE_LINE_MAX);
	assert_int_equal(parse_line(big, PARSE_LINE_MAX + 1, 0, &pl, &err), -1);
	assert_string_equal(err, "line too long");
	/* $? in every word of a maximal line never overruns the store */
	for (size_t i = 0; i + 2 < PARSE_LINE_MAX; i += 2)
		memcpy(big + i, "$?", 2);
	big[PARSE_LINE_MAX - 2] = '\0';
	assert_int_equal(parse(big, -2147483647 - 1, &err), -1);
	assert_string_equal(err, "line too long");
}

static void test_garbage(void **st)
{
	static char junk[PARSE_LINE_MAX];
	const char *err;
	uint32_t x = 12345;

	(void)st;
	for (int round = 0; round < 2000; round++) {
		size_t n = (x >> 8) % sizeof(junk);

		for (size_t i = 0; i < n; i++) {
			x = x * 1103515245u + 12345u;
			junk[i] = (char)(x >> 16);
		}
		if (parse_line(junk, n, round, &pl, &err) == 0) {
			for (int c = 0; c < pl.ncmds; c++) {
				assert_true(pl.cmds[c].argc > 0);
				assert_null(pl.cmds[c].argv[pl.cmds[c].argc]);
			}
		} else {
			assert_non_null(err);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_blank_and_comment),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_redirect),
		cmocka_unit_test(test_pipes),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_garbage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
