/* flint's line editor fed byte sequences as a terminal sends them: the
 * buffer and the cursor after each, history walks, completion calls, and
 * hostile input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "edit.h"

static char screen[1 << 16];
static size_t screen_len;
static int completions, listings;
static const char *complete_ins;
static int complete_count;

static void fake_write(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	if (n > sizeof(screen) - screen_len)
		n = sizeof(screen) - screen_len;
	memcpy(screen + screen_len, s, n);
	screen_len += n;
}

static int fake_complete(void *ctx, const char *buf, size_t pos, char *ins,
			 size_t cap)
{
	(void)ctx;
	(void)buf;
	(void)pos;
	completions++;
	strncpy(ins, complete_ins, cap - 1);
	ins[cap - 1] = '\0';
	return complete_count;
}

static void fake_list(void *ctx, const char *buf, size_t pos)
{
	(void)ctx;
	(void)buf;
	(void)pos;
	listings++;
}

static const struct edit_ops ops = {
	.write = fake_write, .complete = fake_complete, .list = fake_list,
};
static struct edit ed;
static struct history hist;

static int setup(void **st)
{
	(void)st;
	screen_len = 0;
	completions = listings = 0;
	complete_ins = "";
	complete_count = 0;
	history_init(&hist);
	edit_init(&ed, &ops, &hist);
	edit_begin(&ed, "flint> ");
	return 0;
}

/* Feeds s (n bytes); returns the status of the last byte. */
static int feedn(const char *s, size_t n)
{
	int r = EDIT_MORE;

	for (size_t i = 0; i < n; i++)
		r = edit_feed(&ed, (unsigned char)s[i]);
	return r;
}

static int feed(const char *s)
{
	return feedn(s, strlen(s));
}

static void expect(const char *buf, size_t pos)
{
	assert_string_equal(ed.buf, buf);
	assert_int_equal(ed.len, strlen(buf));
	assert_int_equal(ed.pos, pos);
}

static void test_insert_enter(void **st)
{
	(void)st;
	assert_int_equal(feed("ls fs:/"), EDIT_MORE);
	expect("ls fs:/", 7);
	assert_int_equal(feed("\r"), EDIT_LINE);
	expect("ls fs:/", 7);
	/* the prompt and the echo reached the screen */
	assert_non_null(memmem(screen, screen_len, "flint> ls fs:/\r\n", 16));
	/* CR LF is one Enter; a lone LF is one too */
	edit_begin(&ed, "> ");
	assert_int_equal(feed("\n"), EDIT_MORE);	/* the LF after CR */
	assert_int_equal(feed("x\n"), EDIT_LINE);
	expect("x", 1);
}

static void test_cursor_keys(void **st)
{
	(void)st;
	feed("abcdef");
	feed("\x1b[D\x1b[D");
	expect("abcdef", 4);
	feed("X");
	expect("abcdXef", 5);
	feed("\x1b[C");
	expect("abcdXef", 6);
	feed("\x1b[C\x1b[C\x1b[C");		/* stops at the end */
	expect("abcdXef", 7);
	feed("\x01");
	expect("abcdXef", 0);
	feed("\x1b[D");				/* stops at the start */
	expect("abcdXef", 0);
	feed("\x05");
	expect("abcdXef", 7);
	feed("\x1b[H");
	expect("abcdXef", 0);
	feed("\x1b[F");
	expect("abcdXef", 7);
	feed("\x1b[1~");
	expect("abcdXef", 0);
	feed("\x1b[4~");
	expect("abcdXef", 7);
	feed("\x1bOH");
	expect("abcdXef", 0);
	feed("\x1bOF");
	expect("abcdXef", 7);
	feed("\x1b[7~\x06\x06");
	expect("abcdXef", 2);
	feed("\x1b[8~\x02");
	expect("abcdXef", 6);
}

static void test_delete_keys(void **st)
{
	(void)st;
	feed("hello world");
	feed("\x7f");
	expect("hello worl", 10);
	feed("\x08");
	expect("hello wor", 9);
	feed("\x01\x1b[3~");
	expect("ello wor", 0);
	feed("\x04");
	expect("llo wor", 0);
	feed("\x7f");				/* nothing before the cursor */
	expect("llo wor", 0);
	feed("\x05\x1b[3~");			/* nothing under it */
	expect("llo wor", 7);
	feed("\x1b[D\x1b[D\x0b");		/* ^K */
	expect("llo w", 5);
	feed("\x1b[D\x15");			/* ^U */
	expect("w", 0);
}

static void test_ctrl_w(void **st)
{
	(void)st;
	feed("cat fs:/a  ");
	feed("\x17");
	expect("cat ", 4);
	feed("\x17");
	expect("", 0);
	feed("\x17");
	expect("", 0);
	feed("one two three\x1b[D\x1b[D");
	feed("\x17");
	expect("one two ee", 8);
	/* Alt-B / Alt-F */
	feed("\x1b" "b");
	expect("one two ee", 4);
	feed("\x1b" "f");
	expect("one two ee", 7);
}

static void test_ctrl_c(void **st)
{
	(void)st;
	feed("silo kill x");
	assert_int_equal(feed("\x03"), EDIT_CANCEL);
	expect("", 0);
	edit_begin(&ed, "flint> ");
	/* a flood of ^C: each cancels, nothing grows */
	for (int i = 0; i < 10000; i++) {
		assert_int_equal(edit_feed(&ed, 0x03), EDIT_CANCEL);
		edit_begin(&ed, "flint> ");
	}
	expect("", 0);
	feed("ok");
	expect("ok", 2);
}

static void test_history(void **st)
{
	(void)st;
	history_add(&hist, "first", 5);
	history_add(&hist, "second", 6);
	feed("new");
	feed("\x1b[A");
	expect("second", 6);
	feed("\x1b[A");
	expect("first", 5);
	feed("\x1b[A");				/* no older line */
	expect("first", 5);
	feed("\x1b[B");
	expect("second", 6);
	feed("\x1b[B");
	expect("new", 3);			/* the line being typed is back */
	feed("\x1b[B");
	expect("new", 3);
	feed("\x10\x10\x0e");			/* ^P ^P ^N */
	expect("second", 6);
	feed("\x01X");				/* edit a recalled line */
	expect("Xsecond", 1);
	assert_int_equal(feed("\r"), EDIT_LINE);
	/* ESC O A as some terminals send */
	edit_begin(&ed, "flint> ");
	feed("\x1bOA");
	expect("second", 6);
}

static void test_history_ring(void **st)
{
	char line[16];

	(void)st;
	history_add(&hist, "   ", 3);		/* blank: not kept */
	assert_null(history_get(&hist, 0));
	history_add(&hist, "a", 1);
	history_add(&hist, "a", 1);		/* repeat: kept once */
	assert_int_equal(hist.count, 1);
	for (int i = 0; i < HISTORY_MAX + 10; i++) {
		int n = snprintf(line, sizeof(line), "cmd%d", i);

		history_add(&hist, line, (size_t)n);
	}
	assert_int_equal(hist.count, HISTORY_MAX);
	snprintf(line, sizeof(line), "cmd%d", HISTORY_MAX + 9);
	assert_string_equal(history_get(&hist, 0), line);
	assert_string_equal(history_get(&hist, HISTORY_MAX - 1), "cmd10");
	assert_null(history_get(&hist, HISTORY_MAX));
	{
		static char big[HISTORY_LINE * 2];

		memset(big, 'z', sizeof(big));
		history_add(&hist, big, sizeof(big));
		assert_int_equal(strlen(history_get(&hist, 0)), HISTORY_LINE - 1);
	}
}

static void test_completion(void **st)
{
	(void)st;
	feed("si");
	complete_ins = "lo ";
	complete_count = 1;
	feed("\t");
	expect("silo ", 5);
	assert_int_equal(completions, 1);
	/* several candidates, nothing in common: a listing, line redrawn */
	complete_ins = "";
	complete_count = 3;
	feed("\t");
	assert_int_equal(listings, 1);
	expect("silo ", 5);
	/* no candidate: a bell */
	complete_count = 0;
	screen_len = 0;
	feed("\t");
	assert_int_equal(listings, 1);
	assert_non_null(memchr(screen, '\a', screen_len));
	/* completion in the middle of a line inserts at the cursor */
	feed("x\x1b[D");
	complete_ins = "AB";
	complete_count = 2;
	feed("\t");
	expect("silo ABx", 7);
}

static void test_escape_garbage(void **st)
{
	(void)st;
	/* unknown and overlong sequences vanish whole */
	feed("a\x1b[99;99Zb");
	expect("ab", 2);
	feed("\x1b[1;5C");			/* Ctrl-Right: a cursor move */
	expect("ab", 2);
	feed("\x1b[123456789012345678901234567890Xc");
	expect("abc", 3);	/* too long: swallowed up to its final byte */
	feed("\x1b\x1b[D");			/* ESC ESC [D: the second wins */
	expect("abc", 2);
	feed("\x1b[\x05");			/* a control byte ends it, and acts */
	expect("abc", 3);
	feed("\x1b[D");
	expect("abc", 2);
	/* ^C and Enter inside a sequence still cancel and end the line */
	feed("\x1b[12");
	assert_int_equal(feed("\x03"), EDIT_CANCEL);
	edit_begin(&ed, "> ");
	feed("ok\x1b[1");
	assert_int_equal(feed("\r"), EDIT_LINE);
	expect("ok", 2);
	edit_begin(&ed, "> ");
	feed("abc\x1b[D");
	feed("\x1b[[A");			/* Linux console F1 */
	expect("abc", 2);
}

static void test_long_line(void **st)
{
	static char big[10000];

	(void)st;
	memset(big, 'x', sizeof(big));
	feedn(big, sizeof(big));
	assert_int_equal(ed.len, EDIT_MAX);
	assert_int_equal(ed.pos, EDIT_MAX);
	assert_int_equal(ed.buf[EDIT_MAX], '\0');
	assert_int_equal(feed("\r"), EDIT_LINE);
	/* insertion in the middle of a full line is refused too */
	edit_begin(&ed, "> ");
	feedn(big, sizeof(big));
	feed("\x01y");
	assert_int_equal(ed.buf[0], 'x');
	assert_int_equal(ed.len, EDIT_MAX);
}

static void test_binary_garbage(void **st)
{
	uint32_t x = 99;

	(void)st;
	for (int i = 0; i < 200000; i++) {
		int r;

		x = x * 1103515245u + 12345u;
		r = edit_feed(&ed, (unsigned char)(x >> 16));
		assert_true(ed.pos <= ed.len);
		assert_true(ed.len <= EDIT_MAX);
		assert_int_equal(ed.buf[ed.len], '\0');
		for (size_t k = 0; k < ed.len; k++)
			assert_true(ed.buf[k] >= 0x20 && ed.buf[k] < 0x7f);
		if (r != EDIT_MORE)
			edit_begin(&ed, "> ");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_insert_enter, setup),
		cmocka_unit_test_setup(test_cursor_keys, setup),
		cmocka_unit_test_setup(test_delete_keys, setup),
		cmocka_unit_test_setup(test_ctrl_w, setup),
		cmocka_unit_test_setup(test_ctrl_c, setup),
		cmocka_unit_test_setup(test_history, setup),
		cmocka_unit_test_setup(test_history_ring, setup),
		cmocka_unit_test_setup(test_completion, setup),
		cmocka_unit_test_setup(test_escape_garbage, setup),
		cmocka_unit_test_setup(test_long_line, setup),
		cmocka_unit_test_setup(test_binary_garbage, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
