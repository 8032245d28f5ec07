/* silos/manifest.c: the forms the format allows, the core manifests, and
 * one test per error message (the exact text a user sees). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <shale/errors.h>
#include "manifest.h"

static struct manifest m;
static char err[MANIFEST_ERR_MAX];

static int parse(const char *text)
{
	return manifest_parse(&m, "t.silo", text, strlen(text), err, sizeof(err));
}

static void ok(const char *text)
{
	if (parse(text) != 0)
		fail_msg("unexpected error: %s", err);
}

/* Parses text and checks the one message it must give. */
static void bad(const char *text, const char *want)
{
	int r = parse(text);
	if (r != -SH_EBADMSG)
		fail_msg("parsed, but should fail with: %s", want);
	if (strcmp(err, want) != 0)
		fail_msg("got:  %s\nwant: %s", err, want);
}

#define HEAD "name = t\nuses = nothing\nrun = boot:/bin/x\n"

/* ---- valid forms -------------------------------------------------------- */

static void test_design_sketch(void **state)
{
	(void)state;
	ok("# silos/storage.silo\n"
	   "name     = storage\n"
	   "restart  = permanent          # permanent | transient | temporary\n"
	   "intensity = 3 in 10s          # more restarts than this: give up, report\n"
	   "memory   = 16M\n"
	   "serves   = fs\n"
	   "uses     = boot:/ dev:virtio-blk\n"
	   "run      = boot:/strates/blkd\n"
	   "run      = boot:/strates/fsd\n");
	assert_string_equal(m.name, "storage");
	assert_int_equal(m.restart, MANIFEST_PERMANENT);
	assert_int_equal(m.intensity, 3);
	assert_int_equal(m.period_ms, 10000);
	assert_int_equal(m.memory, 16u << 20);
	assert_int_equal(m.nserves, 1);
	assert_string_equal(m.serves[0], "fs");
	assert_int_equal(m.nuses, 2);
	assert_string_equal(m.uses[0].name, "boot");
	assert_string_equal(m.uses[0].scheme, "boot");
	assert_string_equal(m.uses[0].path, "/");
	assert_string_equal(m.uses[1].scheme, "dev");
	assert_string_equal(m.uses[1].path, "/virtio-blk");
	assert_int_equal(m.nrun, 2);
	assert_int_equal(m.run[0].argc, 1);
	assert_string_equal(m.run[0].args, "boot:/strates/blkd");
	assert_int_equal(m.run[0].args_len, sizeof("boot:/strates/blkd"));
	assert_string_equal(m.run[1].args, "boot:/strates/fsd");
}

static void test_defaults(void **state)
{
	(void)state;
	ok(HEAD);
	assert_int_equal(m.restart, MANIFEST_PERMANENT);
	assert_int_equal(m.intensity, MANIFEST_DEFAULT_INTENSITY);
	assert_int_equal(m.period_ms, MANIFEST_DEFAULT_PERIOD_MS);
	assert_int_equal(m.memory, MANIFEST_DEFAULT_MEMORY);
	assert_int_equal(m.threads, MANIFEST_DEFAULT_THREADS);
	assert_int_equal(m.handles, MANIFEST_DEFAULT_HANDLES);
	assert_int_equal(m.nserves, 0);
	assert_int_equal(m.nuses, 0);
	assert_string_equal(manifest_restart_name(m.restart), "permanent");
}

static void test_run_args_quotes_comments(void **state)
{
	static const char want[] = "boot:/bin/echo\0a b\0#x\0\0q\"\\\0ab c\0end";
	(void)state;
	ok("name = t\nuses = nothing\n"
	   "run = boot:/bin/echo \"a b\" \"#x\" \"\" \"q\\\"\\\\\" a\"b c\" end # comment \"\n");
	assert_int_equal(m.run[0].argc, 7);
	assert_int_equal(m.run[0].args_len, sizeof(want));
	assert_memory_equal(m.run[0].args, want, sizeof(want));
}

static void test_layout_freedom(void **state)
{
	(void)state;
	/* CRLF, tabs, no spaces, blank and comment-only lines, no final newline */
	ok("\r\n# comment\r\n\tname=t\t\r\n   \nuses=nothing#c\r\nrun\t=\tboot:/bin/x");
	assert_string_equal(m.name, "t");
	assert_string_equal(m.run[0].args, "boot:/bin/x");
	/* an empty manifest reports its first missing key at line 1 */
	bad("", "t.silo:1: missing 'name'");
}

static void test_sizes_and_counts(void **state)
{
	(void)state;
	ok(HEAD "memory = 512K\nthreads = 1\nhandles = 1K\n");
	assert_int_equal(m.memory, 512u << 10);
	assert_int_equal(m.threads, 1);
	assert_int_equal(m.handles, 1024);
	ok(HEAD "memory = 1G\n");
	assert_int_equal(m.memory, 1u << 30);
	ok(HEAD "memory = 4096\n");
	assert_int_equal(m.memory, 4096);
	ok(HEAD "memory = 1024G\nhandles = 1M\n");
	assert_int_equal(m.memory, 1ull << 40);
	assert_int_equal(m.handles, 1u << 20);
}

static void test_restart_and_intensity(void **state)
{
	(void)state;
	ok(HEAD "restart = transient\nintensity = 0 in 1s\n");
	assert_int_equal(m.restart, MANIFEST_TRANSIENT);
	assert_int_equal(m.intensity, 0);
	assert_int_equal(m.period_ms, 1000);
	ok(HEAD "restart = temporary\nintensity = 1000 in 500ms\n");
	assert_int_equal(m.restart, MANIFEST_TEMPORARY);
	assert_string_equal(manifest_restart_name(m.restart), "temporary");
	assert_int_equal(m.intensity, 1000);
	assert_int_equal(m.period_ms, 500);
	ok(HEAD "intensity = 3 in 86400s\n");
	assert_int_equal(m.period_ms, 86400000);
}

static void test_uses_forms(void **state)
{
	(void)state;
	ok("name = t\nrun = boot:/bin/x\n"
	   "uses = fs:/home/erl/../erl/./ otp=fs:/lib/erlang\n"
	   "uses = dev:uart dev:virtio-net net\n");
	assert_int_equal(m.nuses, 5);
	assert_string_equal(m.uses[0].name, "fs");
	assert_string_equal(m.uses[0].path, "/home/erl");
	assert_string_equal(m.uses[1].name, "otp");
	assert_string_equal(m.uses[1].scheme, "fs");
	assert_string_equal(m.uses[1].path, "/lib/erlang");
	assert_string_equal(m.uses[2].path, "/uart");
	assert_string_equal(m.uses[3].path, "/virtio-net");
	assert_string_equal(m.uses[4].name, "net");
	assert_string_equal(m.uses[4].path, "/");
	/* "nothing" may be said twice; serves too */
	ok("name = t\nrun = boot:/bin/x\nuses = nothing\nuses = nothing\n"
	   "serves = nothing\n");
	assert_int_equal(m.nuses, 0);
	ok(HEAD "serves = a b\nserves = c\n");
	assert_int_equal(m.nserves, 3);
	assert_string_equal(m.serves[2], "c");
}

static void test_limits_reached_exactly(void **state)
{
	char text[4096];
	(void)state;
	/* 8 programs, 15 arguments, 8 served schemes, 16 uses: all fit */
	strcpy(text, "name = t\n");
	for (int i = 0; i < 8; i++)
		strcat(text, "run = boot:/bin/x 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n");
	strcat(text, "serves = a b c d e f g h\nuses = a b c d e f g h i j k l m n o p\n");
	ok(text);
	assert_int_equal(m.nrun, 8);
	assert_int_equal(m.run[7].argc, 16);
	assert_int_equal(m.nserves, 8);
	assert_int_equal(m.nuses, 16);
	/* a name of 31 bytes */
	ok("name = abcdefghijklmnopqrstuvwxyz01234\nuses = nothing\nrun = boot:/bin/x\n");
	assert_int_equal(strlen(m.name), 31);
}

/* Every core manifest parses, and names itself after its file. */
static void test_core_manifests(void **state)
{
	static const char *const names[] = {
		"console", "storage", "net", "eink", "sys", "shell", "erlang",
		"dash",
	};
	const char *dir = getenv("SHALE_SILOS_DIR");
	static char text[16384];
	(void)state;
	assert_non_null(dir);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char path[512], file[64];
		FILE *f;
		size_t n;
		snprintf(path, sizeof(path), "%s/%s.silo", dir, names[i]);
		snprintf(file, sizeof(file), "%s.silo", names[i]);
		f = fopen(path, "rb");
		if (!f)
			fail_msg("cannot open %s", path);
		n = fread(text, 1, sizeof(text), f);
		fclose(f);
		if (manifest_parse(&m, file, text, n, err, sizeof(err)) != 0)
			fail_msg("%s", err);
		assert_string_equal(m.name, names[i]);
		assert_true(m.nrun >= 1);
	}
}

/* ---- one test per error message ---------------------------------------- */

static void test_err_syntax(void **state)
{
	(void)state;
	bad("name = t\njust words\n", "t.silo:2: expected 'key = value'");
	bad("= x\n", "t.silo:1: expected 'key = value'");
	bad("na.me = x\n", "t.silo:1: expected 'key = value'");
	bad("name = t\n\n\n\n\n\nmemroy = 16M\n", "t.silo:7: unknown key 'memroy'");
	bad("name = t\nname = u\n", "t.silo:2: name: set twice (first on line 1)");
	bad("memory =   # nothing\n", "t.silo:1: memory: missing value");
	assert_int_equal(manifest_parse(&m, "t.silo", "name = t\nrun = a\0b\n", 18,
					err, sizeof(err)), -SH_EBADMSG);
	assert_string_equal(err, "t.silo:2: NUL byte in the text");
}

static void test_err_line_too_long(void **state)
{
	static char text[4096];
	(void)state;
	memset(text, 'x', sizeof(text));
	memcpy(text, "# ", 2);
	text[1023] = '\n';		/* line 1: 1023 bytes, fine */
	memcpy(text + 1024, "# ", 2);
	text[1024 + 1024] = '\n';	/* line 2: 1024 bytes */
	assert_int_equal(manifest_parse(&m, "t.silo", text, 2049, err, sizeof(err)),
			 -SH_EBADMSG);
	assert_string_equal(err, "t.silo:2: line too long (at most 1023 bytes)");
	/* the same without a final newline */
	assert_int_equal(manifest_parse(&m, "t.silo", text, 2048, err, sizeof(err)),
			 -SH_EBADMSG);
	assert_string_equal(err, "t.silo:2: line too long (at most 1023 bytes)");
}

static void test_err_words(void **state)
{
	(void)state;
	bad("run = boot:/bin/x \"abc\n", "t.silo:1: run: unterminated quote");
	bad("run = boot:/bin/x \"a\\nb\"\n",
	    "t.silo:1: run: bad escape in quotes (only \\\" and \\\\)");
	bad("serves = a b c d e f g h i j k l m n o p q r s t u v w x y z "
	    "a1 b1 c1 d1 e1 f1 g1\n",
	    "t.silo:1: serves: too many words (at most 32)");
}

static void test_err_name(void **state)
{
	static const char msg[] = "t.silo:1: name: expected one word of letters, "
		"digits, '-' or '_', starting with a letter (at most 31)";
	(void)state;
	bad("name = two words\n", msg);
	bad("name = 9lives\n", msg);
	bad("name = a/b\n", msg);
	bad("name = abcdefghijklmnopqrstuvwxyz012345\n", msg);
}

static void test_err_run(void **state)
{
	char text[4096];
	(void)state;
	strcpy(text, "name = t\n");
	for (int i = 0; i < 9; i++)
		strcat(text, "run = boot:/bin/x\n");
	bad(text, "t.silo:10: run: too many programs (at most 8)");
	bad("run = blkd\n", "t.silo:1: run: expected a program's scheme path "
	    "such as boot:/bin/fsd, got 'blkd'");
	bad("run = boot:/bin/x 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n",
	    "t.silo:1: run: too many arguments (at most 15)");
	memset(text, 0, sizeof(text));
	strcpy(text, "run = boot:/bin/x ");
	for (int i = 0; i < 5; i++) {
		size_t n = strlen(text);
		memset(text + n, 'a', 100);
		text[n + 100] = ' ';
	}
	strcat(text, "\n");
	bad(text, "t.silo:1: run: arguments too long (at most 512 bytes)");
}

static void test_err_serves(void **state)
{
	static const char nothing[] =
		"t.silo:1: serves: 'nothing' cannot be combined with other entries";
	(void)state;
	bad("serves = fs nothing\n", nothing);
	bad("serves = nothing fs\n", nothing);
	bad("serves = fs\nserves = nothing\n",
	    "t.silo:2: serves: 'nothing' cannot be combined with other entries");
	bad("serves = nothing\nserves = fs\n",
	    "t.silo:2: serves: 'nothing' cannot be combined with other entries");
	bad("serves = f/s\n", "t.silo:1: serves: bad scheme name 'f/s'");
	bad("serves = fs net fs\n", "t.silo:1: serves: 'fs' listed twice");
	bad("serves = a b c d e f g h i\n",
	    "t.silo:1: serves: too many schemes (at most 8)");
}

static void test_err_uses(void **state)
{
	char text[600];
	(void)state;
	bad("uses = a b c d e f g h i j k l m n o p q\n",
	    "t.silo:1: uses: too many entries (at most 16)");
	bad("uses = f/s=fs:/x\n", "t.silo:1: uses: bad name before '=' in "
	    "'f/s=fs:/x'");
	bad("uses = =fs:/x\n", "t.silo:1: uses: bad name before '=' in '=fs:/x'");
	bad("uses = dev=fs:/x\n", "t.silo:1: uses: the name 'dev' is kept for "
	    "devices: 'dev=fs:/x'");
	bad("uses = f!s\n", "t.silo:1: uses: expected scheme or scheme:path, "
	    "got 'f!s'");
	bad("uses = :/x\n", "t.silo:1: uses: expected scheme or scheme:path, "
	    "got ':/x'");
	bad("uses = \"\xff\x01:/\"\n", "t.silo:1: uses: expected scheme or "
	    "scheme:path, got '\\xff\\x01:/'");
	strcpy(text, "uses = fs:/");
	memset(text + 11, 'a', 250);
	strcpy(text + 261, "/bbbbbb\n");
	bad(text, "t.silo:1: uses: path too long in 'fs:/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...'"
	    " (at most 255 bytes)");
	bad("uses = u=dev:uart\n", "t.silo:1: uses: a device takes no name: 'u=dev:uart'");
	bad("uses = dev:\n", "t.silo:1: uses: name the device, as in "
	    "dev:virtio-blk: 'dev:'");
	bad("uses = dev\n", "t.silo:1: uses: name the device, as in "
	    "dev:virtio-blk: 'dev'");
	bad("uses = fs:/a net fs:/b\n",
	    "t.silo:1: uses: 'fs:/b' repeats a name already used");
	bad("uses = x=fs:/a x=net\n",
	    "t.silo:1: uses: 'x=net' repeats a name already used");
	bad("uses = dev:uart dev:uart\n",
	    "t.silo:1: uses: 'dev:uart' repeats a name already used");
	bad("uses = fs nothing\n",
	    "t.silo:1: uses: 'nothing' cannot be combined with other entries");
	bad("uses = nothing\nuses = fs\n",
	    "t.silo:2: uses: 'nothing' cannot be combined with other entries");
}

static void test_err_quotas(void **state)
{
	static const char size[] =
		"t.silo:1: memory: expected a size such as 16M (bytes, or K, M, G)";
	static const char count[] = "t.silo:1: threads: expected a count such as 16";
	(void)state;
	bad("memory = 16MB\n", size);
	bad("memory = 16 M\n", size);
	bad("memory = M\n", size);
	bad("memory = -1\n", size);
	bad("memory = 16m\n", size);
	bad("memory = 1025G\n", "t.silo:1: memory: too large (at most 1024G)");
	bad("memory = 99999999999999999999999\n",
	    "t.silo:1: memory: too large (at most 1024G)");
	bad("memory = 4095\n", "t.silo:1: memory: too small (at least 4K)");
	bad("threads = many\n", count);
	bad("threads = 0x10\n", count);
	bad("handles = 2M\n", "t.silo:1: handles: too large (at most 1M)");
	bad("threads = 0\n", "t.silo:1: threads: must be at least 1");
}

static void test_err_restart(void **state)
{
	static const char msg[] =
		"t.silo:1: restart: expected permanent, transient or temporary";
	(void)state;
	bad("restart = always\n", msg);
	bad("restart = permanent transient\n", msg);
	bad("restart = Permanent\n", msg);
}

/* boot = yes marks a user manifest on fs:/etc/silos/ to start at boot. */
static void test_boot_mark(void **state)
{
	static const char msg[] = "t.silo:4: boot: expected yes or no";
	(void)state;
	ok(HEAD);
	assert_int_equal(m.boot, 0);
	assert_int_equal(m.boot_said, 0);
	ok(HEAD "boot = yes\n");
	assert_int_equal(m.boot, 1);
	assert_int_equal(m.boot_said, 1);
	ok(HEAD "boot = no   # not at boot\n");
	assert_int_equal(m.boot, 0);
	assert_int_equal(m.boot_said, 1);
	bad(HEAD "boot = true\n", msg);
	bad(HEAD "boot = yes no\n", msg);
	bad(HEAD "boot = Yes\n", msg);
	bad(HEAD "boot = yes\nboot = no\n",
	    "t.silo:5: boot: set twice (first on line 4)");
}

static void test_err_intensity(void **state)
{
	static const char msg[] = "t.silo:1: intensity: expected \"N in Ts\" "
		"(N at most 1000, T from 1s to 86400s)";
	static const char *const forms[] = {
		"3", "3 in", "3 in 10", "3 of 10s", "3in10s", "3 in 10 s", "x in 10s",
		"3 in xs", "3 in 0s", "3 in s", "3 in ms", "1001 in 1s", "3K in 10s",
		"3 in 86401s", "3 in 10K", "3 in 1Ks", "3 in 10s more",
	};
	char text[64];
	(void)state;
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		snprintf(text, sizeof(text), "intensity = %s\n", forms[i]);
		bad(text, msg);
	}
}

static void test_err_missing(void **state)
{
	(void)state;
	bad("uses = nothing\nrun = boot:/bin/x\n", "t.silo:2: missing 'name'");
	bad("name = t\nuses = nothing\n# end\n",
	    "t.silo:3: missing 'run': a silo runs at least one program");
	bad("name = t\nrun = boot:/bin/x\n", "t.silo:2: missing 'uses' (write "
	    "'uses = nothing' for a silo that uses no scheme)");
}

/* A small error buffer gets a cut, NUL-terminated message; none is fine. */
static void test_err_buffer_small(void **state)
{
	char small[12];
	(void)state;
	memset(small, '#', sizeof(small));
	assert_int_equal(manifest_parse(&m, "storage.silo", "bogus = 1\n", 10,
					small, sizeof(small)), -SH_EBADMSG);
	assert_string_equal(small, "storage.sil");
	assert_int_equal(manifest_parse(&m, "storage.silo", "bogus = 1\n", 10,
					NULL, 0), -SH_EBADMSG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_design_sketch),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_run_args_quotes_comments),
		cmocka_unit_test(test_layout_freedom),
		cmocka_unit_test(test_sizes_and_counts),
		cmocka_unit_test(test_restart_and_intensity),
		cmocka_unit_test(test_uses_forms),
		cmocka_unit_test(test_limits_reached_exactly),
		cmocka_unit_test(test_core_manifests),
		cmocka_unit_test(test_boot_mark),
		cmocka_unit_test(test_err_syntax),
		cmocka_unit_test(test_err_line_too_long),
		cmocka_unit_test(test_err_words),
		cmocka_unit_test(test_err_name),
		cmocka_unit_test(test_err_run),
		cmocka_unit_test(test_err_serves),
		cmocka_unit_test(test_err_uses),
		cmocka_unit_test(test_err_quotas),
		cmocka_unit_test(test_err_restart),
		cmocka_unit_test(test_err_intensity),
		cmocka_unit_test(test_err_missing),
		cmocka_unit_test(test_err_buffer_small),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
