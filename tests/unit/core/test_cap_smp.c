/* Handle tables under concurrency: threads dup, grant, look up, close and
 * revoke in shared tables at once, as CPUs will.  Afterwards one revoke of
 * the root must leave no handle, reference or quota charge behind: every
 * handle anyone made descends from the root, whatever was closed between.
 * (Build with -Db_sanitize=thread to have the races checked too.) */
#include <pthread.h>
#include <shale/errors.h>
#include "test_cap.h"

enum { THREADS = 4, ROUNDS = 20000, KEEP = 64 };

struct world {
	struct quota q;
	struct cap_table t[THREADS];
	struct kobj *obj;
	int root;               /* in t[0], never closed */
	int bad;                /* unexpected results, atomic */
};

struct worker {
	struct world *w;
	int id;
	uint32_t seed;
	int mine[KEEP];         /* handles in t[id]; some go stale under us */
};

static uint32_t rnd(struct worker *k)
{
	k->seed = k->seed * 1103515245 + 12345;
	return k->seed >> 8;
}

static void expect(struct world *w, bool ok)
{
	if (!ok)
		__atomic_add_fetch(&w->bad, 1, __ATOMIC_RELAXED);
}

static void *worker_main(void *p)
{
	struct worker *k = p;
	struct world *w = k->w;
	struct cap_table *own = &w->t[k->id];

	for (int i = 0; i < ROUNDS; i++) {
		int slot = (int)(rnd(k) % KEEP), h = k->mine[slot];
		int other = (int)(rnd(k) % THREADS), r;
		struct cap_ref ref;

		switch (rnd(k) % 8) {
		case 0:   /* fetch a fresh handle from the root */
			r = cap_grant(&w->t[0], (sh_handle_t)w->root, own, SH_R_ALL);
			expect(w, r > 0);
			if (h > 0)
				cap_close(own, h);   /* may be stale: fine */
			k->mine[slot] = r;
			break;
		case 1:   /* dup in place */
			r = cap_dup(own, h, SH_R_ALL);
			expect(w, r > 0 || r == -SH_EBADH);
			if (r > 0)
				k->mine[(slot + 1) % KEEP] = r;   /* what it replaces stays open */
			break;
		case 2:   /* hand one to another table: it is that table's now */
			r = cap_grant(own, h, &w->t[other], SH_R_ALL);
			expect(w, r > 0 || r == -SH_EBADH);
			if (r > 0)
				cap_close(&w->t[other], r);
			break;
		case 3:
			r = cap_close(own, h);
			expect(w, r == 0 || r == -SH_EBADH);
			break;
		case 4:
			r = cap_revoke(own, h);
			expect(w, r >= 0 || r == -SH_EBADH);
			break;
		case 5:
			if (k->id == 0 && i % 512 == 0) {
				r = cap_revoke(&w->t[0], w->root);
				expect(w, r >= 0);
				break;
			}
			/* fall through */
		default:
			r = cap_lookup(own, h, SH_OBJ_FRAME, SH_R_READ, &ref);
			expect(w, r == 0 || r == -SH_EBADH);
			if (r == 0) {
				expect(w, ref.obj == w->obj);
				cap_ref_put(&ref);
			}
			break;
		}
	}
	return NULL;
}

static void test_concurrent_ops(void **state)
{
	static struct world w;
	struct worker k[THREADS];
	pthread_t th[THREADS];
	int gone = 0;

	(void)state;
	quota_init(&w.q, NULL, NULL);
	for (int i = 0; i < THREADS; i++)
		cap_table_init(&w.t[i], &w.q);
	w.obj = mkobj(SH_OBJ_FRAME, &gone);
	w.root = cap_install(&w.t[0], w.obj, SH_R_ALL, 0);
	for (int i = 0; i < THREADS; i++) {
		k[i] = (struct worker){ .w = &w, .id = i, .seed = 99u + (uint32_t)i };
		assert_int_equal(pthread_create(&th[i], NULL, worker_main, &k[i]), 0);
	}
	for (int i = 0; i < THREADS; i++)
		pthread_join(th[i], NULL);
	assert_int_equal(w.bad, 0);
	cap_revoke(&w.t[0], w.root);
	assert_int_equal(cap_table_count(&w.t[0]), 1);
	for (int i = 1; i < THREADS; i++)
		assert_int_equal(cap_table_count(&w.t[i]), 0);
	assert_int_equal(kobj_refs(w.obj), 2);
	assert_int_equal(handles_used(&w.q), 1);
	for (int i = 0; i < THREADS; i++)
		cap_table_destroy(&w.t[i]);
	kobj_put(w.obj);
	assert_int_equal(gone, 1);
	assert_int_equal(quota_fini(&w.q), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_concurrent_ops),
	};
	return cmocka_run_group_tests(tests, NULL, check_no_leak);
}
