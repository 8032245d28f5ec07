/* The derivation tree: revoke across tables, closing hands children up,
 * 100,000-deep and 100,000-wide trees on a small stack, objects destroyed
 * exactly once, and random operations checked against a model. */
#include <shale/errors.h>
#include "test_cap.h"

/* root -> a (t1) -> b (t2) -> c (t3), root -> s (t2); revoke a. */
static void test_revoke_across_tables(void **state)
{
	struct cap_table t1, t2, t3;
	int gone = 0;
	struct kobj *o = mkobj(SH_OBJ_FRAME, &gone);
	const sh_rights_t all = SH_R_ALL;
	int root, a, b, c, s, c2;

	(void)state;
	cap_table_init(&t1, NULL);
	cap_table_init(&t2, NULL);
	cap_table_init(&t3, NULL);
	root = cap_install(&t1, o, all, 0);
	a = cap_dup(&t1, root, all);
	b = cap_grant(&t1, a, &t2, all);
	c = cap_grant(&t2, b, &t3, all);
	c2 = cap_dup(&t3, c, SH_R_READ);
	s = cap_grant(&t1, root, &t2, all);
	assert_true(a > 0 && b > 0 && c > 0 && c2 > 0 && s > 0);
	assert_int_equal(cap_revoke(&t1, a), 3);
	assert_true(is_open(&t1, a));
	assert_false(is_open(&t2, b));
	assert_false(is_open(&t3, c));
	assert_false(is_open(&t3, c2));
	assert_true(is_open(&t1, root));
	assert_true(is_open(&t2, s));
	assert_int_equal(cap_table_count(&t3), 0);
	/* Revoking a leaf closes nothing; revoking again finds nothing. */
	assert_int_equal(cap_revoke(&t1, a), 0);
	assert_int_equal(cap_revoke(&t2, s), 0);
	/* The tree still works after a revoke. */
	b = cap_grant(&t1, a, &t2, SH_R_READ);
	assert_true(b > 0);
	assert_int_equal(cap_revoke(&t1, root), 3);   /* a, s, b */
	assert_int_equal(kobj_refs(o), 2);
	cap_table_destroy(&t1);
	cap_table_destroy(&t2);
	cap_table_destroy(&t3);
	assert_int_equal(kobj_refs(o), 1);
	kobj_put(o);
	assert_int_equal(gone, 1);
}

/* A revoke in steps (cap_revoke_max) ends as one whole revoke: every
 * step closes at most its budget, says whether some are left, and the
 * tree stays usable between steps. */
static void test_revoke_in_steps(void **state)
{
	struct cap_table t1, t2;
	int gone = 0, more = -1, i, total = 0, steps = 0;
	struct kobj *o = mkobj(SH_OBJ_FRAME, &gone);
	int root, h = 0, n;

	(void)state;
	cap_table_init(&t1, NULL);
	cap_table_init(&t2, NULL);
	root = cap_install(&t1, o, SH_R_ALL, 0);
	/* 1,000 handles: a chain in t1 with a grant into t2 off every link. */
	for (i = 0; i < 500; i++) {
		h = cap_dup(&t1, i ? h : root, SH_R_ALL);
		assert_true(h > 0);
		assert_true(cap_grant(&t1, h, &t2, SH_R_READ) > 0);
	}
	assert_int_equal(cap_revoke_max(&t1, root, 0, &more), 0);
	assert_int_equal(more, 1);
	do {
		n = cap_revoke_max(&t1, root, 64, &more);
		assert_true(n >= 0 && n <= 64);
		total += n;
		steps++;
		/* between steps the tree still works */
		assert_true(is_open(&t1, root));
	} while (more);
	assert_int_equal(total, 1000);
	assert_int_equal(steps, (1000 + 63) / 64);
	assert_int_equal(cap_table_count(&t1), 1);
	assert_int_equal(cap_table_count(&t2), 0);
	assert_int_equal(cap_revoke_max(&t1, root, 64, &more), 0);
	assert_int_equal(more, 0);
	assert_int_equal(cap_revoke_max(&t1, 0x7777, 64, &more), -SH_EBADH);
	cap_table_destroy(&t1);
	cap_table_destroy(&t2);
	kobj_put(o);
	assert_int_equal(gone, 1);
}

/* Closing a middle handle hands its children to its parent. */
static void test_close_reparents(void **state)
{
	struct cap_table t1, t2;
	int gone = 0;
	struct kobj *o = mkobj(SH_OBJ_THREAD, &gone);
	int r, m, c1, c2, g;

	(void)state;
	cap_table_init(&t1, NULL);
	cap_table_init(&t2, NULL);
	r = cap_install(&t1, o, SH_R_ALL, 0);
	m = cap_dup(&t1, r, SH_R_ALL);
	c1 = cap_dup(&t1, m, SH_R_READ);
	c2 = cap_grant(&t1, m, &t2, SH_R_ALL);
	g = cap_dup(&t2, c2, SH_R_READ);
	assert_int_equal(cap_close(&t1, m), 0);
	assert_true(is_open(&t1, c1));
	assert_true(is_open(&t2, c2));
	assert_int_equal(cap_revoke(&t1, r), 3);   /* c1, c2 and g still reached */
	assert_false(is_open(&t2, g));
	/* Closing a root makes its children roots: nothing above them now. */
	m = cap_dup(&t1, r, SH_R_ALL);
	c1 = cap_grant(&t1, m, &t2, SH_R_ALL);
	g = cap_dup(&t2, c1, SH_R_READ);
	assert_int_equal(cap_close(&t1, r), 0);
	assert_int_equal(cap_close(&t1, m), 0);
	assert_true(is_open(&t2, c1));
	assert_int_equal(cap_revoke(&t2, c1), 1);
	assert_int_equal(kobj_refs(o), 2);
	cap_table_destroy(&t2);
	cap_table_destroy(&t1);
	kobj_put(o);
	assert_int_equal(gone, 1);
}

enum { DEEP = 100000 };

struct deep {
	struct cap_table t[3];
	int root;
	int last;
	int revoked;
};

static void deep_revoke(void *p)
{
	struct deep *d = p;

	d->revoked = cap_revoke(&d->t[0], d->root);
}

static void deep_destroy(void *p)
{
	struct deep *d = p;

	for (int i = 0; i < 3; i++)
		cap_table_destroy(&d->t[i]);
}

/* A chain 100,000 deep, zigzagging over three tables, revoked (and later
 * destroyed) on a 64 KiB stack. */
static void test_revoke_deep_chain(void **state)
{
	static struct deep d;
	int gone = 0;
	struct kobj *o = mkobj(SH_OBJ_FRAME, &gone);
	long live;
	int h;

	(void)state;
	for (int i = 0; i < 3; i++)
		cap_table_init(&d.t[i], NULL);
	d.root = h = cap_install(&d.t[0], o, SH_R_ALL, 0);
	for (int i = 1; i <= DEEP; i++) {
		h = cap_grant(&d.t[(i - 1) % 3], h, &d.t[i % 3], SH_R_ALL);
		assert_true(h > 0);
	}
	d.last = h;
	assert_int_equal(kobj_refs(o), DEEP + 2);
	run_on_small_stack(deep_revoke, &d);
	assert_int_equal(d.revoked, DEEP);
	assert_int_equal(cap_table_count(&d.t[0]), 1);
	assert_int_equal(cap_table_count(&d.t[1]), 0);
	assert_int_equal(kobj_refs(o), 2);
	/* Build it again in one table and tear it down by destroying tables. */
	live = test_heap_live();
	h = d.root;
	for (int i = 0; i < DEEP; i++)
		h = cap_dup(&d.t[0], h, SH_R_ALL);
	assert_true(h > 0);
	assert_int_equal(cap_table_count(&d.t[0]), DEEP + 1);
	assert_true(test_heap_live() > live);
	run_on_small_stack(deep_destroy, &d);
	assert_int_equal(kobj_refs(o), 1);
	kobj_put(o);
	assert_int_equal(gone, 1);
}

/* 100,000 children of one handle over three tables, each with a child. */
static void test_revoke_wide_tree(void **state)
{
	static struct deep d;
	int gone = 0;
	struct kobj *o = mkobj(SH_OBJ_ENDPOINT, &gone);
	int keep;

	(void)state;
	for (int i = 0; i < 3; i++)
		cap_table_init(&d.t[i], NULL);
	d.root = cap_install(&d.t[0], o, SH_R_ALL, 0);
	keep = cap_install(&d.t[1], o, SH_R_ALL, 0);   /* not derived: stays */
	for (int i = 0; i < DEEP / 2; i++) {
		int c = cap_grant(&d.t[0], d.root, &d.t[1 + i % 2], SH_R_ALL);
		assert_true(c > 0);
		assert_true(cap_dup(&d.t[1 + i % 2], c, SH_R_READ) > 0);
	}
	run_on_small_stack(deep_revoke, &d);
	assert_int_equal(d.revoked, DEEP);
	assert_int_equal(cap_table_count(&d.t[1]), 1);
	assert_int_equal(cap_table_count(&d.t[2]), 0);
	assert_true(is_open(&d.t[1], keep));
	assert_int_equal(kobj_refs(o), 3);
	deep_destroy(&d);
	kobj_put(o);
	assert_int_equal(gone, 1);
}

/* Objects die when their last handle goes, whichever way it goes. */
static void test_destroy_exactly_once(void **state)
{
	struct cap_table t1, t2;
	int gone = 0;
	struct kobj *o = mkobj(SH_OBJ_IRQ, &gone);
	int h, d, g;

	(void)state;
	cap_table_init(&t1, NULL);
	cap_table_init(&t2, NULL);
	h = cap_install(&t1, o, SH_R_ALL, 0);
	kobj_put(o);   /* the table's reference is now the only one */
	assert_int_equal(gone, 0);
	d = cap_dup(&t1, h, SH_R_ALL);
	g = cap_grant(&t1, d, &t2, SH_R_READ);
	assert_true(g > 0);
	assert_int_equal(cap_close(&t1, h), 0);
	assert_int_equal(cap_revoke(&t1, d), 1);
	assert_int_equal(gone, 0);
	struct cap_ref ref;
	assert_int_equal(cap_lookup(&t1, d, SH_OBJ_IRQ, 0, &ref), 0);
	assert_int_equal(cap_close(&t1, d), 0);
	assert_int_equal(gone, 0);   /* the lookup's reference holds it */
	cap_ref_put(&ref);
	assert_int_equal(gone, 1);
	/* Table destroy puts what it held, once. */
	int gone2 = 0;
	o = mkobj(SH_OBJ_SILO, &gone2);
	h = cap_install(&t2, o, SH_R_ALL, 0);
	cap_dup(&t2, h, SH_R_ALL);
	cap_grant(&t2, h, &t1, SH_R_READ);
	kobj_put(o);
	cap_table_destroy(&t2);
	assert_int_equal(gone2, 0);   /* t1 still holds a copy... */
	cap_table_destroy(&t1);
	assert_int_equal(gone2, 1);   /* ...until it goes too */
	assert_int_equal(gone, 1);
}

/* Destroying a table keeps handles derived from its handles alive in
 * other tables, and their place in the tree above. */
static void test_table_destroy_keeps_others(void **state)
{
	struct cap_table a, b, c;
	int gone = 0;
	struct kobj *o = mkobj(SH_OBJ_FRAME, &gone);
	long live = test_heap_live();
	int r, m, x, y;

	(void)state;
	cap_table_init(&a, NULL);
	cap_table_init(&b, NULL);
	cap_table_init(&c, NULL);
	r = cap_install(&a, o, SH_R_ALL, 0);
	m = cap_grant(&a, r, &b, SH_R_ALL);
	x = cap_grant(&b, m, &c, SH_R_ALL);
	y = cap_dup(&b, m, SH_R_ALL);
	assert_true(y > 0);
	cap_table_destroy(&b);
	assert_true(is_open(&c, x));
	assert_int_equal(cap_revoke(&a, r), 1);
	assert_false(is_open(&c, x));
	cap_table_destroy(&a);
	cap_table_destroy(&c);
	kobj_put(o);
	assert_int_equal(gone, 1);
	assert_int_equal(test_heap_live(), live - 1);   /* o's memory is gone */
}

/* Random operations over three tables checked against a plain model of
 * the derivation tree (parent indices; close reparents, revoke closes
 * descendants). */
enum { MODEL_MAX = 4000 };

struct mcap {
	bool open;
	int table;
	int h;
	int parent;      /* model index, -1 for a root */
	sh_rights_t rights;
};

static struct mcap model[MODEL_MAX];
static int nmodel;

static bool model_below(int i, int anc)
{
	for (int p = model[i].parent; p >= 0; p = model[p].parent)
		if (p == anc)
			return true;
	return false;
}

static void test_random_against_model(void **state)
{
	struct cap_table t[3];
	int gone = 0;
	struct kobj *o = mkobj(SH_OBJ_FRAME, &gone);
	uint32_t seed = 4242;

	(void)state;
	nmodel = 0;
	for (int i = 0; i < 3; i++)
		cap_table_init(&t[i], NULL);
	for (int step = 0; step < 20000 && nmodel < MODEL_MAX - 1; step++) {
		seed = seed * 1664525 + 1013904223;
		int op = (seed >> 24) % 8;
		int i = nmodel ? (int)((seed >> 4) % (uint32_t)nmodel) : 0;
		int dt = (seed >> 2) % 3;

		if (nmodel == 0 || op == 0) {
			int h = cap_install(&t[dt], o, SH_R_ALL, 0);
			model[nmodel++] = (struct mcap){ true, dt, h, -1, SH_R_ALL };
			continue;
		}
		struct mcap *m = &model[i];
		if (op <= 3) {          /* derive: dup or grant */
			sh_rights_t want = m->rights & (SH_R_ALL ^ (seed & SH_R_READ));
			int h = op == 1 ? cap_dup(&t[m->table], m->h, want)
					: cap_grant(&t[m->table], m->h, &t[dt], want);
			if (!m->open) {
				assert_int_equal(h, -SH_EBADH);
				continue;
			}
			assert_true(h > 0);
			model[nmodel++] = (struct mcap){ true, op == 1 ? m->table : dt,
							 h, i, want };
		} else if (op <= 5) {   /* close */
			int err = cap_close(&t[m->table], m->h);
			assert_int_equal(err, m->open ? 0 : -SH_EBADH);
			if (!m->open)
				continue;
			m->open = false;
			for (int k = 0; k < nmodel; k++)
				if (model[k].open && model[k].parent == i)
					model[k].parent = m->parent;
		} else {                /* revoke */
			int n = cap_revoke(&t[m->table], m->h), expect = 0;
			if (!m->open) {
				assert_int_equal(n, -SH_EBADH);
				continue;
			}
			for (int k = 0; k < nmodel; k++) {
				if (model[k].open && model_below(k, i)) {
					model[k].open = false;
					expect++;
				}
			}
			assert_int_equal(n, expect);
		}
		/* Every handle is open exactly when the model says so. */
		if (step % 64 == 0)
			for (int k = 0; k < nmodel; k++)
				assert_int_equal(is_open(&t[model[k].table], model[k].h),
						 model[k].open);
	}
	uint32_t open = 0;
	for (int k = 0; k < nmodel; k++)
		open += model[k].open;
	assert_int_equal(cap_table_count(&t[0]) + cap_table_count(&t[1]) +
			 cap_table_count(&t[2]), open);
	assert_int_equal(kobj_refs(o), open + 1);
	for (int i = 0; i < 3; i++)
		cap_table_destroy(&t[i]);
	kobj_put(o);
	assert_int_equal(gone, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_revoke_across_tables),
		cmocka_unit_test(test_close_reparents),
		cmocka_unit_test(test_revoke_in_steps),
		cmocka_unit_test(test_revoke_deep_chain),
		cmocka_unit_test(test_revoke_wide_tree),
		cmocka_unit_test(test_destroy_exactly_once),
		cmocka_unit_test(test_table_destroy_keeps_others),
		cmocka_unit_test(test_random_against_model),
	};
	return cmocka_run_group_tests(tests, NULL, check_no_leak);
}
