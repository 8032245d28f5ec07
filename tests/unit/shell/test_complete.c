/* Completion logic over a fake namespace: command names, scheme names,
 * directory entries of absolute and cwd-relative paths, common prefixes,
 * the suffix after a single candidate, and listings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "complete.h"

static const char *const cmds[] = {
	"cat", "cd", "cp", "echo", "silo", "scheme", "stat", "sync",
};

struct fake_dir {
	const char *path;
	const char *entries[6];	/* "name/" for a directory */
};

static const struct fake_dir dirs[] = {
	{ "fs:/", { "home/", "etc/", "hello.txt" } },
	{ "fs:/home/", { "erl/", "ada/", "notes" } },
	{ "fs:/home/erl/", { "a.beam", "b.beam" } },
	{ "boot:/", { "bin/", "silos/" } },
};
static char last_dir[256];

static int fake_list(void *ctx, const char *dir, complete_emit_fn emit,
		     void *arg)
{
	char name[64];

	(void)ctx;
	if (!dir) {
		emit(arg, "fs", 0);
		emit(arg, "boot", 0);
		emit(arg, "sys", 0);
		return 0;
	}
	strncpy(last_dir, dir, sizeof(last_dir) - 1);
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		size_t dl = strlen(dir);

		if (dl && dir[dl - 1] == '/')
			dl--;
		if (strlen(dirs[i].path) != dl + 1 ||
		    strncmp(dirs[i].path, dir, dl) != 0)
			continue;
		for (int k = 0; k < 6 && dirs[i].entries[k]; k++) {
			size_t n = strlen(dirs[i].entries[k]);
			int isdir = dirs[i].entries[k][n - 1] == '/';

			memcpy(name, dirs[i].entries[k], n - isdir);
			name[n - isdir] = '\0';
			emit(arg, name, isdir);
		}
		return 0;
	}
	return -4;
}

static char args_cmd[64], args_prev[64];
static int args_argn;

/* silo's subcommands at argument 1; silo names after "stop"; paths for
 * everything else. */
static int fake_args(void *ctx, const char *cmd, int argn, const char *prev,
		     complete_emit_fn emit, void *arg)
{
	(void)ctx;
	strcpy(args_cmd, cmd);
	strcpy(args_prev, prev);
	args_argn = argn;
	if (strcmp(cmd, "silo") != 0)
		return 0;
	if (argn == 1) {
		emit(arg, "start", 0);
		emit(arg, "stop", 0);
		emit(arg, "ls", 0);
		return 1;
	}
	if (argn == 2 && strcmp(prev, "stop") == 0) {
		emit(arg, "storage", 0);
		emit(arg, "shell", 0);
		return 1;
	}
	return 0;
}

static struct complete_src src = {
	.cmds = cmds, .ncmds = sizeof(cmds) / sizeof(cmds[0]),
	.list = fake_list,
	.args = fake_args,
};

static int comp(const char *line, char *ins)
{
	return complete_word(&src, line, strlen(line), ins, 256);
}

static void test_commands(void **st)
{
	char ins[256];

	(void)st;
	src.cwd = NULL;
	assert_int_equal(comp("si", ins), 1);
	assert_string_equal(ins, "lo ");
	assert_int_equal(comp("s", ins), 4);
	assert_string_equal(ins, "");
	assert_int_equal(comp("sc", ins), 1);
	assert_string_equal(ins, "heme ");
	assert_int_equal(comp("c", ins), 3);
	assert_string_equal(ins, "");
	assert_int_equal(comp("zz", ins), 0);
	assert_string_equal(ins, "");
	/* after a pipe, a command name again */
	assert_int_equal(comp("cat fs:/x | ec", ins), 1);
	assert_string_equal(ins, "ho ");
	/* the empty first word: every command */
	assert_int_equal(comp("", ins), 8);
}

static void test_schemes(void **st)
{
	char ins[256];

	(void)st;
	src.cwd = NULL;
	assert_int_equal(comp("cat f", ins), 1);
	assert_string_equal(ins, "s:");
	assert_int_equal(comp("ls b", ins), 1);
	assert_string_equal(ins, "oot:");
	assert_int_equal(comp("ls ", ins), 3);
}

static void test_dirs(void **st)
{
	char ins[256];

	(void)st;
	src.cwd = NULL;
	assert_int_equal(comp("cat fs:/h", ins), 2);
	assert_string_equal(ins, "");		/* home/ and hello.txt */
	assert_string_equal(last_dir, "fs:/");
	assert_int_equal(comp("cat fs:/ho", ins), 1);
	assert_string_equal(ins, "me/");
	assert_int_equal(comp("cat fs:/hel", ins), 1);
	assert_string_equal(ins, "lo.txt ");
	assert_int_equal(comp("cat fs:ho", ins), 1);	/* no slash after ':' */
	assert_string_equal(ins, "me/");
	assert_int_equal(comp("cat fs:/home/e", ins), 1);
	assert_string_equal(ins, "rl/");
	assert_string_equal(last_dir, "fs:/home/");
	assert_int_equal(comp("cat fs:/home/erl/", ins), 2);
	assert_string_equal(ins, "");
	assert_int_equal(comp("cat fs:/home/erl/a", ins), 1);
	assert_string_equal(ins, ".beam ");
	assert_int_equal(comp("ls boot:/s", ins), 1);
	assert_string_equal(ins, "ilos/");
	/* a directory that does not exist: nothing */
	assert_int_equal(comp("ls fs:/nope/x", ins), 0);
	/* the first word may be a path too */
	assert_int_equal(comp("fs:/ho", ins), 1);
	assert_string_equal(ins, "me/");
}

static void test_relative(void **st)
{
	char ins[256];

	(void)st;
	src.cwd = "fs:/home";
	assert_int_equal(comp("cat no", ins), 1);
	assert_string_equal(ins, "tes ");
	assert_int_equal(comp("cat erl/b", ins), 1);
	assert_string_equal(ins, ".beam ");
	assert_string_equal(last_dir, "fs:/home/erl/");
	/* a bare word mixes schemes and cwd entries */
	assert_int_equal(comp("cat e", ins), 1);
	assert_string_equal(ins, "rl/");
	assert_int_equal(comp("cat ", ins), 6);
	src.cwd = NULL;
	assert_int_equal(comp("cat erl/b", ins), 0);
}

struct seen {
	char names[16][64];
	int n;
};

static void collect(void *arg, const char *name, int is_dir)
{
	struct seen *s = arg;

	(void)is_dir;
	if (s->n < 16)
		strncpy(s->names[s->n++], name, 63);
}

static void test_list(void **st)
{
	struct seen s = { .n = 0 };
	const char *line = "cat fs:/h";

	(void)st;
	src.cwd = NULL;
	assert_int_equal(complete_list(&src, line, strlen(line), collect, &s), 2);
	assert_string_equal(s.names[0], "fs:/home/");
	assert_string_equal(s.names[1], "fs:/hello.txt");
	s.n = 0;
	line = "cat b";
	assert_int_equal(complete_list(&src, line, strlen(line), collect, &s), 1);
	assert_string_equal(s.names[0], "boot:");
	s.n = 0;
	line = "s";
	assert_int_equal(complete_list(&src, line, 1, collect, &s), 4);
	assert_string_equal(s.names[0], "silo");
}

static void test_cursor_mid_line(void **st)
{
	char ins[256];
	const char *line = "cat fs:/ho trailing";

	(void)st;
	src.cwd = NULL;
	assert_int_equal(complete_word(&src, line, 10, ins, sizeof(ins)), 1);
	assert_string_equal(ins, "me/");
	/* no room for the insertion: nothing inserted, count still right */
	assert_int_equal(complete_word(&src, line, 10, ins, 2), 1);
	assert_string_equal(ins, "");
}

static void test_args(void **st)
{
	char ins[256];

	(void)st;
	src.cwd = NULL;
	assert_int_equal(comp("silo st", ins), 2);
	assert_string_equal(ins, "");
	assert_string_equal(args_cmd, "silo");
	assert_int_equal(args_argn, 1);
	assert_int_equal(comp("silo sta", ins), 1);
	assert_string_equal(ins, "rt ");
	assert_int_equal(comp("silo  stop  st", ins), 1);
	assert_string_equal(ins, "orage ");
	assert_string_equal(args_prev, "stop");
	assert_int_equal(args_argn, 2);
	/* after a pipe the command is the one after the '|' */
	assert_int_equal(comp("cat x | silo l", ins), 1);
	assert_string_equal(ins, "s ");
	/* where args says nothing, paths complete */
	assert_int_equal(comp("silo start boot:/s", ins), 1);
	assert_string_equal(ins, "ilos/");
	assert_int_equal(comp("cat f", ins), 1);
	assert_string_equal(args_cmd, "cat");
	assert_string_equal(ins, "s:");
}

static void count_emit(void *arg, const char *name, int is_dir)
{
	(void)is_dir;
	assert_non_null(name);
	(*(int *)arg)++;
}

/* Random lines of any bytes, the cursor anywhere: never a crash, and the
 * insertion always fits and ends in a NUL. */
static void test_garbage(void **st)
{
	static char line[600];
	char ins[64];
	uint32_t x = 7;

	(void)st;
	for (int round = 0; round < 20000; round++) {
		size_t n, pos;
		int emitted = 0, count;

		x = x * 1103515245u + 12345u;
		n = (x >> 8) % (sizeof(line) - 1);
		for (size_t i = 0; i < n; i++) {
			x = x * 1103515245u + 12345u;
			/* mostly the bytes that matter: ' ', '|', ':', '/' */
			line[i] = "ab :/|\tfs"[(x >> 16) % 9];
			if ((x & 0xff) == 0)
				line[i] = (char)(x >> 8);
		}
		line[n] = '\0';
		pos = n ? (x >> 4) % (n + 1) : 0;
		src.cwd = (round & 1) ? "fs:/home" : NULL;
		count = complete_word(&src, line, pos, ins, sizeof(ins));
		assert_true(count >= 0);
		assert_true(strlen(ins) < sizeof(ins));
		count = complete_list(&src, line, pos, count_emit, &emitted);
		assert_int_equal(count, emitted);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_commands),
		cmocka_unit_test(test_schemes),
		cmocka_unit_test(test_dirs),
		cmocka_unit_test(test_relative),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_cursor_mid_line),
		cmocka_unit_test(test_args),
		cmocka_unit_test(test_garbage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
