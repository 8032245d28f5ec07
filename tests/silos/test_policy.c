/* Host tests of silod's restart decisions (silos/silod/policy.c): the
 * three restart types and the intensity window at its edges. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "policy.h"

#define S 1000000000ULL

static void restart_types(void **state)
{
	(void)state;
	assert_true(policy_should_restart(MANIFEST_PERMANENT, 0));
	assert_true(policy_should_restart(MANIFEST_PERMANENT, 1));
	assert_false(policy_should_restart(MANIFEST_TRANSIENT, 0));
	assert_true(policy_should_restart(MANIFEST_TRANSIENT, 1));
	assert_false(policy_should_restart(MANIFEST_TEMPORARY, 0));
	assert_false(policy_should_restart(MANIFEST_TEMPORARY, 1));
}

/* "3 in 10s": three restarts pass, the fourth within 10 s does not. */
static void intensity_limit(void **state)
{
	static struct restart_window w;

	(void)state;
	memset(&w, 0, sizeof(w));
	assert_int_equal(policy_intensity_take(&w, 1 * S, 10 * S, 3), 0);
	assert_int_equal(policy_intensity_take(&w, 2 * S, 10 * S, 3), 0);
	assert_int_equal(policy_intensity_take(&w, 3 * S, 10 * S, 3), 0);
	assert_int_equal(policy_intensity_take(&w, 4 * S, 10 * S, 3), -1);
	/* A refusal is not counted. */
	assert_int_equal(w.count, 3);
}

/* Restarts older than the period are forgotten: under "2 in 10s" one
 * every 6 s goes on forever, while a third within 10 s is refused. */
static void intensity_window_slides(void **state)
{
	static struct restart_window w;
	uint64_t t = 0;

	(void)state;
	memset(&w, 0, sizeof(w));
	for (int i = 0; i < 100; i++, t += 6 * S)
		assert_int_equal(policy_intensity_take(&w, t, 10 * S, 2), 0);
	memset(&w, 0, sizeof(w));
	assert_int_equal(policy_intensity_take(&w, 0, 10 * S, 2), 0);
	assert_int_equal(policy_intensity_take(&w, 4 * S, 10 * S, 2), 0);
	assert_int_equal(policy_intensity_take(&w, 8 * S, 10 * S, 2), -1);
	/* Exactly one period after the first: it has left the window. */
	assert_int_equal(policy_intensity_take(&w, 10 * S, 10 * S, 2), 0);
}

static void intensity_zero_and_max(void **state)
{
	static struct restart_window w;

	(void)state;
	memset(&w, 0, sizeof(w));
	/* "0 in 5s": never restarted. */
	assert_int_equal(policy_intensity_take(&w, 1, 5 * S, 0), -1);
	/* The manifest's largest N: 1000 restarts in one instant, no more. */
	for (int i = 0; i < 1000; i++)
		assert_int_equal(policy_intensity_take(&w, 7, S, 1000), 0);
	assert_int_equal(policy_intensity_take(&w, 7, S, 1000), -1);
	/* The ring wraps cleanly once they expire. */
	for (int i = 0; i < 1000; i++)
		assert_int_equal(policy_intensity_take(&w, 2 * S + (uint64_t)i,
						       S, 1000), 0);
	assert_int_equal(w.count, 1000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(restart_types),
		cmocka_unit_test(intensity_limit),
		cmocka_unit_test(intensity_window_slides),
		cmocka_unit_test(intensity_zero_and_max),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
