/* Quotas: charge and release, no partial charge along a parent chain,
 * limits never below use, bad kinds, depth limit, fini leak check. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <shale/errors.h>
#include "quota.h"

static uint64_t used(struct quota *q, enum quota_kind k)
{
	struct quota_usage u;

	assert_int_equal(quota_read(q, k, &u), 0);
	return u.used;
}

static void test_init_unlimited(void **state)
{
	struct quota q;
	struct quota_usage u;

	(void)state;
	assert_int_equal(quota_init(&q, NULL, NULL), 0);
	for (int k = 0; k < QUOTA_KINDS; k++) {
		assert_int_equal(quota_read(&q, k, &u), 0);
		assert_int_equal(u.used, 0);
		assert_true(u.limit == QUOTA_UNLIMITED);
	}
	assert_int_equal(quota_charge(&q, QUOTA_KMEM, UINT64_MAX), 0);
	assert_int_equal(quota_charge(&q, QUOTA_KMEM, 1), -SH_EQUOTA);
	quota_release(&q, QUOTA_KMEM, UINT64_MAX);
	assert_int_equal(quota_fini(&q), 0);
}

static void test_charge_to_limit(void **state)
{
	struct quota q;

	(void)state;
	quota_init(&q, NULL, NULL);
	assert_int_equal(quota_set_limit(&q, QUOTA_PAGES, 10), 0);
	assert_int_equal(quota_charge(&q, QUOTA_PAGES, 4), 0);
	assert_int_equal(quota_charge(&q, QUOTA_PAGES, 6), 0);
	assert_int_equal(quota_charge(&q, QUOTA_PAGES, 1), -SH_EQUOTA);
	assert_int_equal(used(&q, QUOTA_PAGES), 10);
	/* Other kinds are independent. */
	assert_int_equal(quota_charge(&q, QUOTA_THREADS, 100), 0);
	quota_release(&q, QUOTA_PAGES, 3);
	assert_int_equal(quota_charge(&q, QUOTA_PAGES, 4), -SH_EQUOTA);
	assert_int_equal(used(&q, QUOTA_PAGES), 7);   /* no partial charge */
	assert_int_equal(quota_charge(&q, QUOTA_PAGES, 3), 0);
	/* A charge that would overflow 64 bits is refused, not wrapped. */
	assert_int_equal(quota_charge(&q, QUOTA_PAGES, UINT64_MAX), -SH_EQUOTA);
	assert_int_equal(used(&q, QUOTA_PAGES), 10);
	/* A charge of 0 always fits. */
	assert_int_equal(quota_charge(&q, QUOTA_PAGES, 0), 0);
}

static void test_parent_chain(void **state)
{
	struct quota sys, silo, sub;

	(void)state;
	quota_init(&sys, NULL, NULL);
	assert_int_equal(quota_init(&silo, &sys, NULL), 0);
	assert_int_equal(quota_init(&sub, &silo, NULL), 0);
	quota_set_limit(&sys, QUOTA_HANDLES, 100);
	quota_set_limit(&silo, QUOTA_HANDLES, 60);
	quota_set_limit(&sub, QUOTA_HANDLES, 1000);   /* above its parents */

	assert_int_equal(quota_charge(&sub, QUOTA_HANDLES, 50), 0);
	assert_int_equal(used(&sub, QUOTA_HANDLES), 50);
	assert_int_equal(used(&silo, QUOTA_HANDLES), 50);
	assert_int_equal(used(&sys, QUOTA_HANDLES), 50);
	/* The middle level is the one that runs out: nothing charged anywhere. */
	assert_int_equal(quota_charge(&sub, QUOTA_HANDLES, 11), -SH_EQUOTA);
	assert_int_equal(used(&sub, QUOTA_HANDLES), 50);
	assert_int_equal(used(&silo, QUOTA_HANDLES), 50);
	assert_int_equal(used(&sys, QUOTA_HANDLES), 50);
	/* The root runs out because of someone else's charge. */
	assert_int_equal(quota_charge(&sys, QUOTA_HANDLES, 45), 0);
	assert_int_equal(quota_charge(&sub, QUOTA_HANDLES, 6), -SH_EQUOTA);
	assert_int_equal(used(&sub, QUOTA_HANDLES), 50);
	assert_int_equal(quota_charge(&sub, QUOTA_HANDLES, 5), 0);
	assert_int_equal(used(&sys, QUOTA_HANDLES), 100);
	quota_release(&sub, QUOTA_HANDLES, 55);
	quota_release(&sys, QUOTA_HANDLES, 45);
	assert_int_equal(used(&silo, QUOTA_HANDLES), 0);
	assert_int_equal(used(&sys, QUOTA_HANDLES), 0);
	assert_int_equal(quota_fini(&sub), 0);
	assert_int_equal(quota_fini(&silo), 0);
	assert_int_equal(quota_fini(&sys), 0);
}

static void test_set_limit(void **state)
{
	struct quota q;
	struct quota_usage u;

	(void)state;
	quota_init(&q, NULL, NULL);
	quota_charge(&q, QUOTA_THREADS, 5);
	assert_int_equal(quota_set_limit(&q, QUOTA_THREADS, 4), -SH_EBUSY);
	quota_read(&q, QUOTA_THREADS, &u);
	assert_true(u.limit == QUOTA_UNLIMITED);
	assert_int_equal(quota_set_limit(&q, QUOTA_THREADS, 5), 0);
	assert_int_equal(quota_charge(&q, QUOTA_THREADS, 1), -SH_EQUOTA);
	assert_int_equal(quota_set_limit(&q, QUOTA_THREADS, 8), 0);
	assert_int_equal(quota_charge(&q, QUOTA_THREADS, 3), 0);
	quota_read(&q, QUOTA_THREADS, &u);
	assert_int_equal(u.used, 8);
	assert_int_equal(u.limit, 8);
	assert_int_equal(quota_fini(&q), -SH_EBUSY);   /* a leak is reported */
	quota_release(&q, QUOTA_THREADS, 8);
	assert_int_equal(quota_fini(&q), 0);
}

static void test_bad_kind(void **state)
{
	struct quota q;
	struct quota_usage u;

	(void)state;
	quota_init(&q, NULL, NULL);
	assert_int_equal(quota_charge(&q, QUOTA_KINDS, 1), -SH_EINVAL);
	assert_int_equal(quota_charge(&q, (enum quota_kind)-1, 1), -SH_EINVAL);
	assert_int_equal(quota_set_limit(&q, QUOTA_KINDS, 1), -SH_EINVAL);
	assert_int_equal(quota_read(&q, QUOTA_KINDS, &u), -SH_EINVAL);
	quota_release(&q, QUOTA_KINDS, 1);   /* ignored */
	assert_int_equal(q.bad_releases, 0);
	assert_string_equal(quota_kind_name(QUOTA_PAGES), "pages");
	assert_string_equal(quota_kind_name(QUOTA_THREADS), "threads");
	assert_string_equal(quota_kind_name(QUOTA_HANDLES), "handles");
	assert_string_equal(quota_kind_name(QUOTA_KMEM), "kmem");
	assert_string_equal(quota_kind_name(QUOTA_KINDS), "?");
}

static void test_over_release(void **state)
{
	struct quota parent, q;

	(void)state;
	quota_init(&parent, NULL, NULL);
	quota_init(&q, &parent, NULL);
	quota_charge(&q, QUOTA_PAGES, 2);
	quota_release(&q, QUOTA_PAGES, 3);
	assert_int_equal(used(&q, QUOTA_PAGES), 0);
	assert_int_equal(used(&parent, QUOTA_PAGES), 0);
	assert_int_equal(q.bad_releases, 1);
	assert_int_equal(parent.bad_releases, 1);
}

static void test_depth_limit(void **state)
{
	struct quota q[QUOTA_DEPTH_MAX + 2];

	(void)state;
	assert_int_equal(quota_init(&q[0], NULL, NULL), 0);
	for (int i = 1; i <= QUOTA_DEPTH_MAX; i++)
		assert_int_equal(quota_init(&q[i], &q[i - 1], NULL), 0);
	assert_int_equal(quota_init(&q[QUOTA_DEPTH_MAX + 1], &q[QUOTA_DEPTH_MAX], NULL),
			 -SH_EINVAL);
	/* The deepest allowed chain charges every level. */
	quota_set_limit(&q[0], QUOTA_KMEM, 10);
	assert_int_equal(quota_charge(&q[QUOTA_DEPTH_MAX], QUOTA_KMEM, 10), 0);
	assert_int_equal(used(&q[0], QUOTA_KMEM), 10);
	assert_int_equal(quota_charge(&q[QUOTA_DEPTH_MAX], QUOTA_KMEM, 1), -SH_EQUOTA);
	for (int i = 1; i < QUOTA_DEPTH_MAX; i++)
		assert_int_equal(used(&q[i], QUOTA_KMEM), 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_unlimited),
		cmocka_unit_test(test_charge_to_limit),
		cmocka_unit_test(test_parent_chain),
		cmocka_unit_test(test_set_limit),
		cmocka_unit_test(test_bad_kind),
		cmocka_unit_test(test_over_release),
		cmocka_unit_test(test_depth_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
