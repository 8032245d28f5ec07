/* Host tests of consd's line discipline (strates/consd/ldisc.c): what
 * typed bytes become for readers, and what is echoed. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include <shale/errors.h>
#include "consd.h"

static char echoed[8192];
static size_t nechoed;

static void echo(const char *s, size_t n)
{
	memcpy(echoed + nechoed, s, n);
	nechoed += n;
	echoed[nechoed] = '\0';
}

static struct ldisc ld;

static int setup(void **state)
{
	(void)state;
	nechoed = 0;
	echoed[0] = '\0';
	ld_init(&ld, echo);
	return 0;
}

static void type(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ld_input(&ld, s[i]);
}
#define TYPE(s) type(s, sizeof(s) - 1)

static void assert_read(const char *want, int r_want)
{
	char buf[256];
	int r = ld_read(&ld, buf, sizeof(buf));

	assert_int_equal(r, r_want);
	if (r > 0)
		assert_memory_equal(buf, want, (size_t)r);
}

static void test_line(void **state)
{
	(void)state;
	assert_false(ld_ready(&ld));
	TYPE("hello");
	assert_false(ld_ready(&ld));	/* no line until Enter */
	assert_read(NULL, -SH_EAGAIN);
	TYPE("\r");
	assert_true(ld_ready(&ld));
	assert_read("hello\n", 6);
	assert_string_equal(echoed, "hello\r\n");
}

static void test_erase(void **state)
{
	(void)state;
	TYPE("abc\x7f" "d\x08" "e\r");
	assert_read("abe\n", 4);
	assert_string_equal(echoed, "abc\b \bd\b \be\r\n");
	TYPE("\x7f\x7f" "x\r");		/* erasing nothing is nothing */
	assert_read("x\n", 2);
}

static void test_kill(void **state)
{
	(void)state;
	TYPE("xyz\x15ok\r");
	assert_read("ok\n", 3);
}

static void test_intr(void **state)
{
	(void)state;
	TYPE("one\r" "two");
	TYPE("\x03");
	assert_true(ld_ready(&ld));
	assert_read(NULL, -SH_EINTR);	/* typed-ahead "one" is gone too */
	assert_read(NULL, -SH_EAGAIN);
	assert_non_null(strstr(echoed, "^C\r\n"));
}

static void test_eof(void **state)
{
	(void)state;
	TYPE("\x04");
	assert_read(NULL, 0);
	TYPE("ab\x04" "c\r");		/* mid-line Ctrl-D does nothing */
	assert_read("abc\n", 4);
	TYPE("l1\r\x04l2\r");		/* EOF between two lines, in order */
	assert_read("l1\n", 3);
	assert_read(NULL, 0);
	assert_read("l2\n", 3);
}

static void test_escapes(void **state)
{
	(void)state;
	TYPE("a\x1b[Ab\x1b[1;5Cc\x1bOPd\r");
	assert_read("abcd\n", 5);
	assert_string_equal(echoed, "abcd\r\n");
}

static void test_short_reads(void **state)
{
	char buf[4];

	(void)state;
	TYPE("abcdefg\r");
	assert_int_equal(ld_read(&ld, buf, 4), 4);
	assert_memory_equal(buf, "abcd", 4);
	assert_int_equal(ld_read(&ld, buf, 4), 4);
	assert_memory_equal(buf, "efg\n", 4);
}

static void test_raw(void **state)
{
	(void)state;
	ld_set_raw(&ld, 1);
	TYPE("\x1b[A\x03\x04\x7f");
	assert_read("\x1b[A\x03\x04\x7f", 6);
	assert_int_equal(nechoed, 0);	/* no echo */
	ld_set_raw(&ld, 0);
	TYPE("par");
	ld_set_raw(&ld, 1);		/* the edited line is dropped */
	ld_set_raw(&ld, 0);
	TYPE("x\r");
	assert_read("x\n", 2);
}

static void test_overflow(void **state)
{
	char line[CONS_LINE_MAX + 10];
	char buf[CONS_LINE_MAX + 10];

	(void)state;
	memset(line, 'a', sizeof(line));
	type(line, sizeof(line));
	TYPE("\r");
	assert_int_equal(ld_read(&ld, buf, sizeof(buf)), CONS_LINE_MAX);
	assert_int_equal(buf[CONS_LINE_MAX - 1], '\n');
	/* a full ring drops input rather than overwrite */
	for (int i = 0; i < 100; i++)
		type("0123456789012345678901234567890123456789012345678\r", 50);
	assert_int_equal(ld.count, LD_RING - LD_RING % 50);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_line, setup),
		cmocka_unit_test_setup(test_erase, setup),
		cmocka_unit_test_setup(test_kill, setup),
		cmocka_unit_test_setup(test_intr, setup),
		cmocka_unit_test_setup(test_eof, setup),
		cmocka_unit_test_setup(test_escapes, setup),
		cmocka_unit_test_setup(test_short_reads, setup),
		cmocka_unit_test_setup(test_raw, setup),
		cmocka_unit_test_setup(test_overflow, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
