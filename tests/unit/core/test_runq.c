/* Run queue: priority order, round robin inside a level, O(1) removal,
 * and refusal of bad levels and double queueing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <shale/errors.h>
#include "runq.h"

struct thr {
	int id;
	struct runq_node node;
};

#define THR(n) ((struct thr *)((char *)(n) - offsetof(struct thr, node)))

static int pick_id(struct runq *rq)
{
	struct runq_node *n = runq_pick(rq);

	return n ? THR(n)->id : -1;
}

static void init_thr(struct thr *t, int n)
{
	for (int i = 0; i < n; i++) {
		t[i].id = i;
		runq_node_init(&t[i].node);
	}
}

static void test_empty(void **state)
{
	struct runq rq;

	(void)state;
	runq_init(&rq);
	assert_null(runq_pick(&rq));
	assert_int_equal(runq_top(&rq), -1);
	assert_int_equal(rq.count, 0);
}

static void test_priority_order(void **state)
{
	struct runq rq;
	struct thr t[32];
	/* Pushed in a scrambled order, picked highest level first. */
	static const uint32_t prio[] = { 5, 31, 0, 17, 3, 30, 1, 16 };

	(void)state;
	runq_init(&rq);
	init_thr(t, 8);
	for (int i = 0; i < 8; i++)
		assert_int_equal(runq_push(&rq, &t[i].node, prio[i]), 0);
	assert_int_equal(runq_top(&rq), 31);
	assert_int_equal(rq.count, 8);
	int expect[] = { 1, 5, 3, 7, 0, 4, 6, 2 };
	for (int i = 0; i < 8; i++)
		assert_int_equal(pick_id(&rq), expect[i]);
	assert_int_equal(pick_id(&rq), -1);
	assert_int_equal(rq.bitmap, 0);
}

static void test_round_robin(void **state)
{
	struct runq rq;
	struct thr t[4];

	(void)state;
	runq_init(&rq);
	init_thr(t, 4);
	for (int i = 0; i < 4; i++)
		runq_push(&rq, &t[i].node, 10);
	/* Each picked thread runs and goes back to the tail: 0 1 2 3 0 1 2 3. */
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 4; i++) {
			struct runq_node *n = runq_pick(&rq);
			assert_non_null(n);
			assert_int_equal(THR(n)->id, i);
			assert_false(runq_queued(n));
			assert_int_equal(runq_push(&rq, n, 10), 0);
		}
	}
	assert_int_equal(rq.count, 4);
}

static void test_push_front(void **state)
{
	struct runq rq;
	struct thr t[3];

	(void)state;
	runq_init(&rq);
	init_thr(t, 3);
	runq_push(&rq, &t[0].node, 4);
	runq_push(&rq, &t[1].node, 4);
	assert_int_equal(runq_push_front(&rq, &t[2].node, 4), 0);
	assert_int_equal(pick_id(&rq), 2);
	assert_int_equal(pick_id(&rq), 0);
	assert_int_equal(pick_id(&rq), 1);
}

static void test_remove(void **state)
{
	struct runq rq, other;
	struct thr t[5];

	(void)state;
	runq_init(&rq);
	runq_init(&other);
	init_thr(t, 5);
	runq_push(&rq, &t[0].node, 7);
	runq_push(&rq, &t[1].node, 7);
	runq_push(&rq, &t[2].node, 7);
	runq_push(&rq, &t[3].node, 20);
	/* Remove from the middle, from the only entry of a level, and refuse
	 * nodes that are not on this queue. */
	assert_true(runq_remove(&rq, &t[1].node));
	assert_false(runq_remove(&rq, &t[1].node));
	assert_false(runq_remove(&other, &t[0].node));
	assert_false(runq_remove(&rq, &t[4].node));
	assert_true(runq_remove(&rq, &t[3].node));
	assert_int_equal(runq_top(&rq), 7);
	assert_int_equal(rq.count, 2);
	assert_int_equal(pick_id(&rq), 0);
	assert_int_equal(pick_id(&rq), 2);
	assert_int_equal(rq.bitmap, 0);
	/* A removed node can be queued again, here on another CPU's queue. */
	assert_int_equal(runq_push(&other, &t[1].node, 0), 0);
	assert_int_equal(runq_top(&other), 0);
	assert_int_equal(pick_id(&other), 1);
}

static void test_errors(void **state)
{
	struct runq rq, other;
	struct thr t[1];

	(void)state;
	runq_init(&rq);
	runq_init(&other);
	init_thr(t, 1);
	assert_int_equal(runq_push(&rq, &t[0].node, RUNQ_LEVELS), -SH_EINVAL);
	assert_int_equal(runq_push_front(&rq, &t[0].node, 1000), -SH_EINVAL);
	assert_false(runq_queued(&t[0].node));
	assert_int_equal(runq_push(&rq, &t[0].node, 3), 0);
	assert_int_equal(runq_push(&rq, &t[0].node, 3), -SH_EBUSY);
	assert_int_equal(runq_push_front(&other, &t[0].node, 3), -SH_EBUSY);
	assert_int_equal(rq.count, 1);
	assert_int_equal(other.count, 0);
}

/* Many threads over all levels, mixed operations, checked against a
 * simple model (per-level FIFO arrays). */
static void test_against_model(void **state)
{
	enum { N = 200 };
	struct runq rq;
	struct thr t[N];
	int model[RUNQ_LEVELS][N], len[RUNQ_LEVELS] = { 0 };
	uint32_t seed = 12345;

	(void)state;
	runq_init(&rq);
	init_thr(t, N);
	for (int step = 0; step < 20000; step++) {
		seed = seed * 1103515245 + 12345;
		int i = (int)((seed >> 8) % N);
		uint32_t p = (seed >> 20) % RUNQ_LEVELS;

		if (!runq_queued(&t[i].node) && (seed & 1)) {
			assert_int_equal(runq_push(&rq, &t[i].node, p), 0);
			model[p][len[p]++] = i;
		} else if (runq_queued(&t[i].node) && (seed & 2)) {
			uint32_t q = t[i].node.prio;
			int k = 0;
			assert_true(runq_remove(&rq, &t[i].node));
			while (model[q][k] != i)
				k++;
			for (; k < len[q] - 1; k++)
				model[q][k] = model[q][k + 1];
			len[q]--;
		} else {
			int top = -1;
			for (int l = RUNQ_LEVELS - 1; l >= 0 && top < 0; l--)
				if (len[l])
					top = l;
			assert_int_equal(runq_top(&rq), top);
			if (top < 0) {
				assert_null(runq_pick(&rq));
				continue;
			}
			assert_int_equal(pick_id(&rq), model[top][0]);
			for (int k = 0; k < len[top] - 1; k++)
				model[top][k] = model[top][k + 1];
			len[top]--;
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_priority_order),
		cmocka_unit_test(test_round_robin),
		cmocka_unit_test(test_push_front),
		cmocka_unit_test(test_remove),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_against_model),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
