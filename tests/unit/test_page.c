/* The buddy page allocator (bedrock/page.c) over fake physical ranges. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <shale/errors.h>
#include "page.h"

#define BASE 0x40000000ULL

static struct page_allocator pa;
static void *meta;

static void setup_zone(uint64_t base, uint64_t npages)
{
	pa = (struct page_allocator){ 0 };
	free(meta);
	meta = malloc(page_meta_bytes(npages));
	assert_int_equal(page_add_zone(&pa, base, npages, meta), 0);
}

static void test_zone_starts_reserved(void **state)
{
	uint64_t p;

	(void)state;
	setup_zone(BASE, 1024);
	assert_int_equal(page_free_count(&pa), 0);
	assert_int_equal(page_alloc(&pa, 0, &p), -SH_ENOMEM);
	assert_int_equal(page_release_range(&pa, BASE, BASE + 1024 * PAGE_SIZE), 1024);
	assert_int_equal(page_free_count(&pa), 1024);
	/* releasing again frees nothing */
	assert_int_equal(page_release_range(&pa, BASE, BASE + 1024 * PAGE_SIZE), 0);
}

static void test_alloc_aligned_and_distinct(void **state)
{
	uint64_t a, b, c;

	(void)state;
	setup_zone(BASE, 1024);
	page_release_range(&pa, BASE, BASE + 1024 * PAGE_SIZE);
	assert_int_equal(page_alloc(&pa, 3, &a), 0);
	assert_int_equal(a % (8 * PAGE_SIZE), 0);
	assert_int_equal(page_alloc(&pa, 3, &b), 0);
	assert_true(b != a && (b >= a + 8 * PAGE_SIZE || a >= b + 8 * PAGE_SIZE));
	assert_int_equal(page_alloc(&pa, 0, &c), 0);
	assert_true(c < a || c >= a + 8 * PAGE_SIZE);
	assert_true(c < b || c >= b + 8 * PAGE_SIZE);
	assert_int_equal(page_free_count(&pa), 1024 - 17);
	assert_true(c >= BASE && c < BASE + 1024 * PAGE_SIZE);
}

static void test_free_coalesces(void **state)
{
	uint64_t p[1024], big;
	int i;

	(void)state;
	setup_zone(BASE, 1024);
	page_release_range(&pa, BASE, BASE + 1024 * PAGE_SIZE);
	for (i = 0; i < 1024; i++)
		assert_int_equal(page_alloc(&pa, 0, &p[i]), 0);
	assert_int_equal(page_alloc(&pa, 0, &big), -SH_ENOMEM);
	/* free in a scattered order; everything must merge back to 4 MiB */
	for (i = 0; i < 1024; i += 2)
		assert_int_equal(page_free(&pa, p[i], 0), 0);
	assert_int_equal(page_alloc(&pa, 1, &big), -SH_ENOMEM);	/* all split */
	for (i = 1; i < 1024; i += 2)
		assert_int_equal(page_free(&pa, p[i], 0), 0);
	assert_int_equal(page_free_count(&pa), 1024);
	assert_int_equal(page_alloc(&pa, PAGE_MAX_ORDER, &big), 0);
	assert_int_equal(big, BASE);
}

static void test_exhaustion(void **state)
{
	uint64_t p;
	int n = 0;

	(void)state;
	setup_zone(BASE, 100);
	page_release_range(&pa, BASE, BASE + 100 * PAGE_SIZE);
	while (page_alloc(&pa, 0, &p) == 0)
		n++;
	assert_int_equal(n, 100);
	assert_int_equal(page_free_count(&pa), 0);
	assert_int_equal(page_alloc(&pa, 0, &p), -SH_ENOMEM);
	assert_int_equal(page_alloc(&pa, PAGE_MAX_ORDER + 1, &p), -SH_EINVAL);
}

static void test_double_free_detected(void **state)
{
	uint64_t a, b;

	(void)state;
	setup_zone(BASE, 64);
	page_release_range(&pa, BASE, BASE + 64 * PAGE_SIZE);
	assert_int_equal(page_alloc(&pa, 2, &a), 0);
	assert_int_equal(page_free(&pa, a, 1), -SH_EINVAL);	/* wrong order */
	assert_int_equal(page_free(&pa, a + PAGE_SIZE, 0), -SH_EINVAL);	/* tail */
	assert_int_equal(page_free(&pa, a + 1, 2), -SH_EINVAL);	/* misaligned */
	assert_int_equal(page_free(&pa, a, 2), 0);
	assert_int_equal(page_free(&pa, a, 2), -SH_EINVAL);	/* double free */
	assert_int_equal(page_free(&pa, BASE + 1000 * PAGE_SIZE, 0), -SH_EINVAL);
	assert_int_equal(page_free_count(&pa), 64);
	assert_int_equal(page_alloc(&pa, 0, &b), 0);
	assert_int_equal(page_free(&pa, b, 0), 0);
}

static void test_reserved_holes_stay_out(void **state)
{
	uint64_t p;
	int i;

	(void)state;
	setup_zone(BASE, 256);
	/* free all but pages 10..19 (a "kernel image") */
	page_release_range(&pa, BASE, BASE + 10 * PAGE_SIZE);
	page_release_range(&pa, BASE + 20 * PAGE_SIZE, BASE + 256 * PAGE_SIZE);
	assert_int_equal(page_free_count(&pa), 246);
	for (i = 0; i < 246; i++) {
		assert_int_equal(page_alloc(&pa, 0, &p), 0);
		assert_true(p < BASE + 10 * PAGE_SIZE || p >= BASE + 20 * PAGE_SIZE);
	}
	assert_int_equal(page_alloc(&pa, 0, &p), -SH_ENOMEM);
	assert_int_equal(page_free(&pa, BASE + 15 * PAGE_SIZE, 0), -SH_EINVAL);
}

static void test_unaligned_zone_and_two_zones(void **state)
{
	struct page_allocator two = { 0 };
	void *m1 = malloc(page_meta_bytes(7)), *m2 = malloc(page_meta_bytes(9));
	uint64_t p, seen = 0;
	int i;

	(void)state;
	/* a zone starting off a large alignment boundary, and a second zone */
	assert_int_equal(page_add_zone(&two, BASE + 3 * PAGE_SIZE, 7, m1), 0);
	assert_int_equal(page_add_zone(&two, BASE + 0x100000, 9, m2), 0);
	assert_int_equal(page_add_zone(&two, BASE + 1, 9, m2), -SH_EINVAL);
	assert_int_equal(page_add_zone(&two, BASE, 0, m2), -SH_EINVAL);
	page_release_range(&two, BASE, BASE + 0x200000);
	assert_int_equal(page_free_count(&two), 16);
	for (i = 0; i < 16; i++) {
		assert_int_equal(page_alloc(&two, 0, &p), 0);
		assert_non_null(page_meta_of(&two, p));
		seen++;
	}
	assert_int_equal(page_alloc(&two, 0, &p), -SH_ENOMEM);
	assert_int_equal(seen, 16);
	assert_null(page_meta_of(&two, BASE));
	free(m1);
	free(m2);
}

static void test_random_alloc_free_keeps_count(void **state)
{
	struct { uint64_t pa; unsigned order; } live[512];
	int nlive = 0, i;
	uint64_t total;

	(void)state;
	setup_zone(BASE, 4096);
	page_release_range(&pa, BASE, BASE + 4096 * PAGE_SIZE);
	total = page_free_count(&pa);
	srand(42);
	for (i = 0; i < 20000; i++) {
		if (nlive < 512 && (rand() & 1)) {
			unsigned order = (unsigned)rand() % 5;
			uint64_t p;

			if (page_alloc(&pa, order, &p) == 0) {
				assert_int_equal(p % (PAGE_SIZE << order), 0);
				live[nlive].pa = p;
				live[nlive++].order = order;
			}
		} else if (nlive) {
			int k = rand() % nlive;

			assert_int_equal(page_free(&pa, live[k].pa, live[k].order), 0);
			live[k] = live[--nlive];
		}
	}
	while (nlive) {
		nlive--;
		assert_int_equal(page_free(&pa, live[nlive].pa, live[nlive].order), 0);
	}
	assert_int_equal(page_free_count(&pa), total);
	{
		uint64_t p;

		assert_int_equal(page_alloc(&pa, PAGE_MAX_ORDER, &p), 0);	/* fully merged */
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zone_starts_reserved),
		cmocka_unit_test(test_alloc_aligned_and_distinct),
		cmocka_unit_test(test_free_coalesces),
		cmocka_unit_test(test_exhaustion),
		cmocka_unit_test(test_double_free_detected),
		cmocka_unit_test(test_reserved_holes_stay_out),
		cmocka_unit_test(test_unaligned_zone_and_two_zones),
		cmocka_unit_test(test_random_alloc_free_keeps_count),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
