/* Host tests of libstrate's environment parsers (strates/lib/env_parse.c):
 * every format of strates/lib/README.md, and what must be refused. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include <shale/errors.h>
#include <shale/strate.h>

static const sh_handle_t H[6] = { 101, 102, 103, 104, 0, 106 };

static int ns(const char *v, struct ns_table *t, struct ns_entry *slots)
{
	ns_init(t, slots, 4);
	return strate_parse_ns(v, strlen(v), H, 6, t);
}

static void test_ns_good(void **state)
{
	struct ns_entry slots[4];
	struct ns_table t;
	const struct ns_entry *e;

	(void)state;
	assert_int_equal(ns("boot@0,cons@3,otp@5:/lib/erlang", &t, slots), 3);
	e = ns_find(&t, "boot", 4);
	assert_non_null(e);
	assert_int_equal(e->ep, 101);
	assert_string_equal(e->prefix, "/");
	e = ns_find(&t, "cons", 4);
	assert_int_equal(e->ep, 104);
	e = ns_find(&t, "otp", 3);
	assert_int_equal(e->ep, 106);
	assert_string_equal(e->prefix, "/lib/erlang");
	assert_int_equal(ns("", &t, slots), 0);
}

static void test_ns_bad(void **state)
{
	static const char *const bad[] = {
		"boot", "boot@", "@1", "boot@6", "boot@4" /* handle 0 */,
		"boot@1,", ",boot@1", "boot@1,,cons@2", "bo ot@1", "boot@1x",
		"boot@0x", "boot@1:", "boot@99999999999999999999999",
		"b:ot@1",
	};
	struct ns_entry slots[4];
	struct ns_table t;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int r = ns(bad[i], &t, slots);

		if (r != -SH_EBADMSG)
			fail_msg("'%s' gave %d", bad[i], r);
	}
	assert_int_equal(ns("a@1,a@2", &t, slots), -SH_EEXIST);
	assert_int_equal(ns("a@0,b@1,c@2,d@3,e@5", &t, slots), -SH_ENOSPC);
}

static void test_serve(void **state)
{
	struct ns_entry out[2];

	(void)state;
	assert_int_equal(strate_parse_serve("cons@2", 6, H, 6, out, 2), 1);
	assert_string_equal(out[0].name, "cons");
	assert_int_equal(out[0].ep, 103);
	assert_int_equal(strate_parse_serve("a@0,b@1,c@2", 11, H, 6, out, 2),
			 -SH_ENOSPC);
	assert_int_equal(strate_parse_serve("a@0,a@1", 7, H, 6, out, 2),
			 -SH_EEXIST);
	assert_int_equal(strate_parse_serve("a@0:/x", 6, H, 6, out, 2),
			 -SH_EBADMSG);
}

static void test_dev(void **state)
{
	struct strate_dev d[4];
	const char *v = "uart@0/irq@1,virtio-blk@2+0x200/3,rtc@5/-1";

	(void)state;
	assert_int_equal(strate_parse_dev(v, strlen(v), H, 6, d, 4), 3);
	assert_string_equal(d[0].name, "uart");
	assert_int_equal(d[0].frame, 101);
	assert_int_equal(d[0].irq, 102);
	assert_int_equal(d[0].offset, 0);
	assert_string_equal(d[1].name, "virtio-blk");
	assert_int_equal(d[1].frame, 103);
	assert_int_equal(d[1].irq, 104);
	assert_int_equal(d[1].offset, 0x200);
	assert_int_equal(d[2].frame, 106);
	assert_int_equal(d[2].irq, 0);
	v = "bootfs@3,bootfs@0+512";
	assert_int_equal(strate_parse_dev(v, strlen(v), H, 6, d, 4), 2);
	assert_int_equal(d[1].offset, 512);
}

static void test_dev_bad(void **state)
{
	static const char *const bad[] = {
		"uart", "uart@", "uart@0/", "uart@0/irq", "uart@0/irq@",
		"uart@0/irq@9", "uart@0/-2", "uart@0+", "uart@0+0x",
		"uart@0+0xg", "uart@0/1/2", "uart@4", "uart@0,",
	};
	struct strate_dev d[4];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int r = strate_parse_dev(bad[i], strlen(bad[i]), H, 6, d, 4);

		if (r != -SH_EBADMSG)
			fail_msg("'%s' gave %d", bad[i], r);
	}
}

/* The value is not NUL-terminated where len says it ends. */
static void test_len_bounds(void **state)
{
	struct strate_dev d[2];

	(void)state;
	assert_int_equal(strate_parse_dev("uart@0/irq@1,junk", 12, H, 6, d, 2), 1);
	assert_int_equal(d[0].irq, 102);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ns_good),
		cmocka_unit_test(test_ns_bad),
		cmocka_unit_test(test_serve),
		cmocka_unit_test(test_dev),
		cmocka_unit_test(test_dev_bad),
		cmocka_unit_test(test_len_bounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
