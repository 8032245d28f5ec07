/* flint's commands end to end on the host: lines through flint_run_line
 * (parser, pipes, redirection, the command table, every file command,
 * scripts, error lines) over an in-memory namespace (fake_flint.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "fake_flint.h"
#include "flint.h"

static struct out term;

static int setup(void **st)
{
	(void)st;
	fake_flint_reset();
	out_init_term(&term);
	return 0;
}

/* Runs line; returns its status, the terminal text in *out. */
static int sh(const char *line, const char **out)
{
	int r = flint_run_line(line, strlen(line), &term);

	*out = fake_term_take();
	return r;
}

/* Runs line and checks status and the exact terminal text. */
static void is(const char *line, int status, const char *want)
{
	const char *out;
	int r = sh(line, &out);

	if (strcmp(out, want) != 0 || r != status)
		fail_msg("%s\n  got  %d \"%s\"\n  want %d \"%s\"", line, r, out,
			 status, want);
	assert_int_equal(fake_open_count(), 0);
}

static void test_write_cat_append(void **st)
{
	(void)st;
	is("write fs:/a hello   world", 0, "");
	is("cat fs:/a", 0, "hello world\n");
	is("append fs:/a 'second  line'", 0, "");
	is("cat a", 0, "hello world\nsecond  line\n");
	is("write a", 0, "");			/* no words: an empty line */
	is("cat a", 0, "\n");
	is("cat ro:/motd fs:/a", 0, "welcome\nto shale\n\n");
}

static void test_redirect(void **st)
{
	(void)st;
	is("echo one > fs:/r", 0, "");
	is("echo two >> r", 0, "");
	is("cat r", 0, "one\ntwo\n");
	is("echo three > r", 0, "");
	is("cat r", 0, "three\n");
	is("echo x > cons:/", 0, "x\n");	/* a device: no CREATE */
	is("echo x > ro:/y", 1, "flint: ro:/y: permission denied\n");
	is("echo x > nope:/y", 1, "flint: nope:/y: no such file or scheme\n");
	is("echo x > fs:/no/dir/f", 1,
	   "flint: fs:/no/dir/f: no such file or scheme\n");
	is("cat r | grep three > fs:/g", 0, "");
	is("cat g", 0, "three\n");
}

static void test_pipes(void **st)
{
	(void)st;
	is("echo a b  c | wc", 0, "      1       3       6\n");
	is("cat ro:/motd | grep shale", 0, "to shale\n");
	is("cat ro:/motd | grep nothing", 1, "");
	is("echo hi | write fs:/p", 0, "");
	is("cat p", 0, "hi\n");
	is("echo AB | hexdump", 0,
	   "00000000  41 42 0a                                          |AB.|\n"
	   "00000003\n");
	is("false | echo ran", 0, "ran\n");	/* the last command's status */
	is("echo x | false", 1, "");
	is("echo x > fs:/q | cat", 0, "");	/* redirected: nothing piped */
}

static void test_tree(void **st)
{
	(void)st;
	is("mkdir fs:/d fs:/d/e", 0, "");
	is("cd d", 0, "");
	is("pwd", 0, "fs:/d\n");
	is("write f x", 0, "");
	is("cp f g", 0, "");
	is("cp ro:/motd .", 0, "");		/* into a directory */
	is("ls", 0, "e/\nf\ng\nmotd\n");
	is("mv g h", 0, "");
	is("mv h e", 0, "");			/* into a directory */
	is("mv e/h ro:/h", 1, "mv: ro:/h: permission denied\n");
	is("mv e/h fs:/h2", 0, "");
	is("mv fs:/h2 e/h", 0, "");
	is("ls e", 0, "h\n");
	is("cat e/h", 0, "x\n");
	is("rm f e/h motd", 0, "");
	is("rm e", 1, "rm: e: is a directory (use rmdir)\n");
	is("rmdir fs:/d", 1, "rmdir: fs:/d: directory not empty\n");
	is("rmdir e", 0, "");
	is("cd ..", 0, "");
	is("rmdir d", 0, "");
	is("ls", 0, "");
	is("cd", 0, "");
	is("pwd", 0, "fs:/\n");
}

static void test_errors(void **st)
{
	(void)st;
	is("cat fs:/nope", 1, "cat: fs:/nope: no such file or scheme\n");
	is("cat nope:/x", 1, "cat: nope:/x: no such file or scheme\n");
	is("cat", 2, "usage: cat [PATH...]\n");
	is("write ro:/x hi", 1, "write: ro:/x: permission denied\n");
	is("append ro:/motd hi", 1, "append: ro:/motd: permission denied\n");
	is("rm ro:/motd", 1, "rm: ro:/motd: permission denied\n");
	is("mkdir ro:/d", 1, "mkdir: ro:/d: permission denied\n");
	is("mkdir fs:/", 1, "mkdir: fs:/: already exists\n");
	is("cp ro:/nope fs:/x", 1, "cp: ro:/nope: no such file or scheme\n");
	is("cp ro:/motd ro:/x", 1, "cp: ro:/x: permission denied\n");
	is("mv ro:/motd fs:/m", 1, "mv: ro:/motd: permission denied\n");
	is("ls fs:/m", 1, "ls: fs:/m: no such file or scheme\n");
	is("cat ro:/motd | wc", 0, "      2       3      17\n");
	is("head -n 1 ro:/motd", 0, "welcome\n");
	is("cat ro:/motd | head -1", 0, "welcome\n");
	is("tail -1 ro:/motd", 0, "to shale\n");
	is("tail ro:/motd", 0, "welcome\nto shale\n");
	is("echo -n a | tail -n 5", 0, "a");
	is("head -n 0 ro:/motd", 0, "");
	is("head -n x ro:/motd", 2, "usage: head [-n N] [PATH...]\n");
	is("cd ro:/motd", 1, "cd: ro:/motd: not a directory\n");
	/* stat of a file system's root says how it was mounted */
	{
		const char *out;

		assert_int_equal(sh("stat fs:/", &out), 0);
		assert_non_null(strstr(out, "  file system ext2, not cleanly "
				       "unmounted\n"));
		assert_int_equal(sh("stat ro:/", &out), 0);
		assert_null(strstr(out, "file system"));
	}
	is("cd fs:/nope", 1, "cd: fs:/nope: no such file or scheme\n");
	is("ls fs:/nope", 1, "ls: fs:/nope: no such file or scheme\n");
	is("stat fs:/nope", 1, "stat: fs:/nope: no such file or scheme\n");
	is("hexdump fs:/nope", 1, "hexdump: fs:/nope: no such file or scheme\n");
	is("cat b@d:/x", 1, "cat: b@d:/x: invalid argument\n");
	is("slio ls", 127, "flint: slio: unknown command (did you mean 'silo'?)\n");
	is("qqqqq", 127, "flint: qqqqq: unknown command (help lists them)\n");
	is("echo 'x", 2, "flint: unterminated quote\n");
	is("silo ls", 1, "silo ls: no such call\n");
	is("halt", 1, "halt: stopping every silo\nhalt: no such call\nhalt: "
	   "silos stopped; the machine cannot be powered off or reset "
	   "(silod: no such call)\n");
	flint.silod = 0;
	is("silo ls", 1, "silo ls: no 'silo' in flint's namespace (the shell "
	   "manifest must say uses = silo)\n");
	is("silo bogus", 1, "silo: bogus: no such subcommand (help silo lists them)\n");
	is("help nope", 1, "help: nope: no such command\n");
	/* without a current directory, relative paths are refused */
	fake_cwd[0] = '\0';
	is("cat x", 1, "cat: x: relative path and no current directory "
	   "(write scheme:/path)\n");
}

static void test_status_and_scripts(void **st)
{
	const char *out;

	(void)st;
	is("false", 1, "");
	is("echo $?", 0, "1\n");
	is("true", 0, "");
	is("echo \"[$?]\"", 0, "[0]\n");
	fake_file_add("fs:/ok.fl", "# comment\necho one\n\n  # indented\n"
		      "echo two | wc\r\necho $?\n");
	is("run ok.fl", 0, "one\n      1       1       4\n0\n");
	fake_file_add("fs:/bad.fl", "echo before\ntrue\ncat fs:/missing\n"
		      "echo never\n");
	is("run fs:/bad.fl", 1, "before\ncat: fs:/missing: no such file or "
	   "scheme\nrun: fs:/bad.fl:3: failed (status 1)\n");
	is("echo $?", 0, "1\n");
	fake_file_add("fs:/outer.fl", "echo outer\nrun ok.fl > fs:/inner.out\n"
		      "cat inner.out\n");
	is("run outer.fl", 0, "outer\none\n      1       1       4\n0\n");
	/* a script that runs itself stops at the depth limit */
	fake_file_add("fs:/loop.fl", "run loop.fl\n");
	assert_int_equal(sh("run loop.fl", &out), 1);
	assert_non_null(strstr(out, "scripts nested more than 8 deep"));
	assert_non_null(strstr(out, "run: loop.fl:1: failed (status 1)"));
	assert_int_equal(flint.depth, 0);
	fake_file_addn("fs:/bin.fl", "\x7f" "ELF\x01\x02\x00\x00junk\n", 13);
	assert_int_equal(sh("run bin.fl", &out), 2);
	assert_non_null(strstr(out, "flint: NUL byte in the line"));
}

static void test_echo_help_stat(void **st)
{
	const char *out;

	(void)st;
	is("echo -n a b", 0, "a b");
	is("echo", 0, "\n");
	is("help cat", 0, "usage: cat [PATH...]\n  print files (or piped "
	   "input)\n");
	assert_int_equal(sh("help", &out), 0);
	assert_non_null(strstr(out, "  silo SUBCOMMAND ..."));
	assert_int_equal(sh("help silo", &out), 0);
	assert_non_null(strstr(out, "  silo restrict NAME SCHEME[:PREFIX]"));
	assert_int_equal(sh("stat ro:/motd", &out), 0);
	assert_non_null(strstr(out, "type file  size 17"));
	is("ls :", 0, "fs:\nro:\ncons:\n");
	is("ls -l ro:/", 0, "file 0644   1         17 -                motd\n");
	is("wc ro:/motd", 0, "      2       3      17 ro:/motd\n");
	is("grep to ro:/motd", 0, "to shale\n");
	is("grep", 2, "usage: grep TEXT [PATH...]\n");
	is("sleep 5", 0, "");
	is("sleep 5x", 1, "sleep: 5x: not a number of milliseconds\n");
}

/* df and sync ask every scheme; only fs answers as a file system. */
static void test_df_sync_cd(void **st)
{
	(void)st;
	is("df", 0, "scheme   type    bsize     blocks       used       free"
	   "    inodes     iused     ifree  state\n"
	   "fs:/     ext2     1024       8192        192       8000      2048"
	   "        11      2037  unclean\n");
	assert_true(fake_statfs_calls >= 3);	/* fs, ro, cons asked */
	is("df x", 2, "usage: df\n");
	is("sync", 0, "");
	assert_int_equal(fake_sync_calls, 1);
	/* cd with no argument goes home: fs:/ */
	is("mkdir fs:/h", 0, "");
	is("cd fs:/h", 0, "");
	is("pwd", 0, "fs:/h\n");
	is("cd", 0, "");
	is("pwd", 0, "fs:/\n");
	is("cd ro:/motd", 1, "cd: ro:/motd: not a directory\n");
	/* stat of a file system's root says how it was mounted */
	{
		const char *out;

		assert_int_equal(sh("stat fs:/", &out), 0);
		assert_non_null(strstr(out, "  file system ext2, not cleanly "
				       "unmounted\n"));
		assert_int_equal(sh("stat ro:/", &out), 0);
		assert_null(strstr(out, "file system"));
	}
	is("pwd", 0, "fs:/\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_write_cat_append, setup),
		cmocka_unit_test_setup(test_redirect, setup),
		cmocka_unit_test_setup(test_pipes, setup),
		cmocka_unit_test_setup(test_tree, setup),
		cmocka_unit_test_setup(test_errors, setup),
		cmocka_unit_test_setup(test_status_and_scripts, setup),
		cmocka_unit_test_setup(test_echo_help_stat, setup),
		cmocka_unit_test_setup(test_df_sync_cd, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
