/* Handle tables and the derivation tree: every error path of every call,
 * stale handles, dup/mint/grant rules, revoke across tables (deep, wide,
 * random against a model), reference counts, quotas and allocation
 * failures leaving everything as it was. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>
#include <shale/errors.h>
#include "cap.h"
#include "quota.h"
#include "test_core.h"

#define RW (SH_R_READ | SH_R_WRITE)

static uint64_t handles_used(struct quota *q)
{
	struct quota_usage u;

	quota_read(q, QUOTA_HANDLES, &u);
	return u.used;
}

/* An object with one reference (the test's), counting destructions. */
static struct kobj *mkobj(uint32_t type, int *destroyed)
{
	struct tobj *t = tobj_new(type, destroyed, NULL);

	assert_non_null(t);
	return &t->k;
}

static bool is_open(struct cap_table *t, int h)
{
	return cap_lookup(t, (sh_handle_t)h, CAP_TYPE_ANY, 0, NULL) == 0;
}

static void test_install_lookup(void **state)
{
	struct cap_table t;
	struct cap_ref ref;
	int gone = 0;
	struct kobj *o = mkobj(SH_OBJ_FRAME, &gone);
	int h;

	(void)state;
	cap_table_init(&t, NULL);
	h = cap_install(&t, o, SH_R_READ | SH_R_MAP, 77);
	assert_true(h > 0);
	assert_int_equal(kobj_refs(o), 2);
	assert_int_equal(cap_table_count(&t), 1);
	assert_int_equal(cap_lookup(&t, h, SH_OBJ_FRAME, SH_R_READ | SH_R_MAP, &ref), 0);
	assert_ptr_equal(ref.obj, o);
	assert_int_equal(ref.rights, SH_R_READ | SH_R_MAP);
	assert_int_equal(ref.badge, 77);
	assert_int_equal(kobj_refs(o), 3);   /* the lookup's own reference */
	/* The reference outlives the handle. */
	assert_int_equal(cap_close(&t, h), 0);
	assert_int_equal(kobj_refs(o), 2);
	cap_ref_put(&ref);
	assert_null(ref.obj);
	cap_ref_put(&ref);                   /* harmless twice */
	assert_int_equal(kobj_refs(o), 1);
	kobj_put(o);
	assert_int_equal(gone, 1);
	cap_table_destroy(&t);
}

static void test_lookup_errors(void **state)
{
	struct cap_table t, other;
	struct cap_ref ref = { 0 };
	int gone = 0;
	struct kobj *o = mkobj(SH_OBJ_ENDPOINT, &gone);
	int h;

	(void)state;
	cap_table_init(&t, NULL);
	cap_table_init(&other, NULL);
	h = cap_install(&t, o, SH_R_WRITE, 0);
	assert_true(h > 0);
	/* Numbers that were never handles. */
	assert_int_equal(cap_lookup(&t, 0, CAP_TYPE_ANY, 0, &ref), -SH_EBADH);
	assert_int_equal(cap_lookup(&t, 1, CAP_TYPE_ANY, 0, &ref), -SH_EBADH);
	assert_int_equal(cap_lookup(&t, 0xffffffffu, CAP_TYPE_ANY, 0, &ref), -SH_EBADH);
	assert_int_equal(cap_lookup(&t, (sh_handle_t)h + 1, CAP_TYPE_ANY, 0, &ref), -SH_EBADH);
	assert_int_equal(cap_lookup(&t, (sh_handle_t)h ^ (1u << CAP_INDEX_BITS),
				    CAP_TYPE_ANY, 0, &ref), -SH_EBADH);
	assert_int_equal(cap_lookup(&t, (sh_handle_t)h | 0x80000000u, CAP_TYPE_ANY, 0, &ref),
			 -SH_EBADH);
	/* Another table's number means nothing here. */
	assert_int_equal(cap_lookup(&other, h, CAP_TYPE_ANY, 0, &ref), -SH_EBADH);
	/* Wrong type, missing right. */
	assert_int_equal(cap_lookup(&t, h, SH_OBJ_FRAME, 0, &ref), -SH_EBADH);
	assert_int_equal(cap_lookup(&t, h, SH_OBJ_ENDPOINT, SH_R_READ, &ref), -SH_EPERM);
	assert_int_equal(cap_lookup(&t, h, CAP_TYPE_ANY, SH_R_WRITE | SH_R_GRANT, &ref),
			 -SH_EPERM);
	assert_null(ref.obj);
	assert_int_equal(kobj_refs(o), 2);   /* failures take no reference */
	/* Right type, enough rights, no out: a pure check. */
	assert_int_equal(cap_lookup(&t, h, SH_OBJ_ENDPOINT, SH_R_WRITE, NULL), 0);
	assert_int_equal(kobj_refs(o), 2);
	cap_table_destroy(&t);
	cap_table_destroy(&other);
	kobj_put(o);
	assert_int_equal(gone, 1);
}

static void test_install_errors(void **state)
{
	struct cap_table t;
	struct quota q;
	struct kobj untyped = { 0 };
	int gone = 0;
	struct kobj *o = mkobj(SH_OBJ_FRAME, &gone);

	(void)state;
	quota_init(&q, NULL, NULL);
	cap_table_init(&t, &q);
	assert_int_equal(cap_install(&t, NULL, SH_R_READ, 0), -SH_EINVAL);
	assert_int_equal(cap_install(&t, &untyped, SH_R_READ, 0), -SH_EINVAL);
	assert_int_equal(cap_install(&t, o, SH_R_ALL + 1, 0), -SH_EINVAL);
	assert_int_equal(cap_install(&t, o, 0x80000000u, 0), -SH_EINVAL);
	quota_set_limit(&q, QUOTA_HANDLES, 2);
	assert_true(cap_install(&t, o, SH_R_READ, 0) > 0);
	assert_true(cap_install(&t, o, 0, 0) > 0);      /* no rights is fine */
	assert_int_equal(cap_install(&t, o, SH_R_READ, 0), -SH_EQUOTA);
	assert_int_equal(handles_used(&q), 2);
	assert_int_equal(cap_table_count(&t), 2);
	assert_int_equal(kobj_refs(o), 3);
	cap_table_destroy(&t);
	assert_int_equal(handles_used(&q), 0);
	assert_int_equal(kobj_refs(o), 1);
	kobj_put(o);
	assert_int_equal(quota_fini(&q), 0);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static void test_stale_after_close(void **state)
{
	enum { N = 500000 };
	struct cap_table t;
	int gone = 0;
	struct kobj *o = mkobj(SH_OBJ_NOTIFICATION, &gone);
	uint32_t *seen = malloc(N * sizeof *seen);
	int h, h2, keep[8];

	(void)state;
	assert_non_null(seen);
	cap_table_init(&t, NULL);
	h = cap_install(&t, o, SH_R_SIGNAL, 0);
	assert_int_equal(cap_close(&t, h), 0);
	assert_int_equal(cap_lookup(&t, h, CAP_TYPE_ANY, 0, NULL), -SH_EBADH);
	assert_int_equal(cap_close(&t, h), -SH_EBADH);
	assert_int_equal(cap_dup(&t, h, 0), -SH_EBADH);
	assert_int_equal(cap_revoke(&t, h), -SH_EBADH);
	h2 = cap_install(&t, o, SH_R_SIGNAL, 0);
	assert_true(h2 > 0);
	assert_int_not_equal(h2, h);
	assert_int_equal(cap_lookup(&t, h, CAP_TYPE_ANY, 0, NULL), -SH_EBADH);
	/* Keep a few handles open around the churn; they must survive it. */
	for (int i = 0; i < 8; i++)
		keep[i] = cap_install(&t, o, SH_R_SIGNAL, (uint64_t)i);
	/* Open and close one handle over and over: over half a million
	 * numbers in a row, none repeats and none is 0 or negative. */
	for (int i = 0; i < N; i++) {
		int x = cap_install(&t, o, 0, 0);
		assert_true(x > 0);
		seen[i] = (uint32_t)x;
		assert_int_equal(cap_close(&t, x), 0);
	}
	qsort(seen, N, sizeof *seen, cmp_u32);
	for (int i = 1; i < N; i++)
		if (seen[i] == seen[i - 1])
			fail_msg("handle %#x issued twice", seen[i]);
	for (int i = 0; i < 8; i++) {
		struct cap_ref ref;
		assert_int_equal(cap_lookup(&t, keep[i], CAP_TYPE_ANY, 0, &ref), 0);
		assert_int_equal(ref.badge, i);
		cap_ref_put(&ref);
	}
	assert_int_equal(cap_table_count(&t), 9);
	free(seen);
	cap_table_destroy(&t);
	kobj_put(o);
	assert_int_equal(gone, 1);
}

static void test_table_full(void **state)
{
	struct cap_table t;
	int gone = 0;
	struct kobj *o = mkobj(SH_OBJ_FRAME, &gone);
	int h = 0;
	long live = test_heap_live();

	(void)state;
	cap_table_init(&t, NULL);
	for (uint32_t i = 0; i < CAP_SLOTS_MAX; i++) {
		h = cap_install(&t, o, 0, 0);
		assert_true(h > 0);
	}
	assert_int_equal(cap_install(&t, o, 0, 0), -SH_ENOSPC);
	assert_int_equal(cap_dup(&t, h, 0), -SH_EPERM);   /* rights first */
	assert_int_equal(cap_table_count(&t), CAP_SLOTS_MAX);
	/* A full table reuses a freed slot at once, with a new number. */
	assert_int_equal(cap_close(&t, h), 0);
	int h2 = cap_install(&t, o, 0, 0);
	assert_true(h2 > 0);
	assert_int_not_equal(h2, h);
	cap_table_destroy(&t);
	assert_int_equal(test_heap_live(), live);
	assert_int_equal(kobj_refs(o), 1);
	kobj_put(o);
}

static void test_dup_rules(void **state)
{
	struct cap_table t;
	struct cap_ref ref;
	int gone = 0;
	struct kobj *o = mkobj(SH_OBJ_FRAME, &gone);
	int h, d, nodup;

	(void)state;
	cap_table_init(&t, NULL);
	h = cap_install(&t, o, RW | SH_R_DUP, 5);
	d = cap_dup(&t, h, SH_R_READ);
	assert_true(d > 0);
	assert_int_not_equal(d, h);
	assert_int_equal(cap_lookup(&t, d, SH_OBJ_FRAME, 0, &ref), 0);
	assert_int_equal(ref.rights, SH_R_READ);
	assert_int_equal(ref.badge, 5);   /* the badge follows */
	cap_ref_put(&ref);
	/* Equal rights are allowed, more are not. */
	assert_true(cap_dup(&t, h, RW | SH_R_DUP) > 0);
	assert_int_equal(cap_dup(&t, h, RW | SH_R_DUP | SH_R_MAP), -SH_EPERM);
	assert_int_equal(cap_dup(&t, h, SH_R_ALL + 1), -SH_EINVAL);
	/* Without SH_R_DUP nothing can be derived, not even fewer rights. */
	assert_int_equal(cap_dup(&t, d, SH_R_READ), -SH_EPERM);
	assert_int_equal(cap_dup(&t, d, 0), -SH_EPERM);
	nodup = cap_dup(&t, h, RW);
	assert_int_equal(cap_dup(&t, nodup, SH_R_READ), -SH_EPERM);
	assert_int_equal(cap_dup(&t, 12345, 0), -SH_EBADH);
	assert_int_equal(cap_table_count(&t), 4);
	assert_int_equal(kobj_refs(o), 5);
	cap_table_destroy(&t);
	kobj_put(o);
	assert_int_equal(gone, 1);
}

static void test_mint_rules(void **state)
{
	struct cap_table t;
	struct cap_ref ref;
	int gone = 0;
	struct kobj *ep = mkobj(SH_OBJ_ENDPOINT, &gone);
	struct kobj *fr = mkobj(SH_OBJ_FRAME, &gone);
	int h, m, f, d, nodup;

	(void)state;
	cap_table_init(&t, NULL);
	h = cap_install(&t, ep, SH_R_WRITE | SH_R_GRANT | SH_R_DUP, 0);
	f = cap_install(&t, fr, SH_R_ALL, 0);
	m = cap_mint(&t, h, SH_R_WRITE | SH_R_DUP, 0xbad9e);
	assert_true(m > 0);
	assert_int_equal(cap_lookup(&t, m, SH_OBJ_ENDPOINT, SH_R_WRITE, &ref), 0);
	assert_int_equal(ref.badge, 0xbad9e);
	assert_int_equal(ref.rights, SH_R_WRITE | SH_R_DUP);
	cap_ref_put(&ref);
	/* A badge is set once: no rebadging a badged handle... */
	assert_int_equal(cap_mint(&t, m, SH_R_WRITE, 2), -SH_EPERM);
	/* ...but a dup keeps it. */
	d = cap_dup(&t, m, SH_R_WRITE);
	assert_int_equal(cap_lookup(&t, d, SH_OBJ_ENDPOINT, 0, &ref), 0);
	assert_int_equal(ref.badge, 0xbad9e);
	cap_ref_put(&ref);
	assert_int_equal(cap_mint(&t, h, SH_R_WRITE, 0), -SH_EINVAL);
	assert_int_equal(cap_mint(&t, h, SH_R_ALL + 1, 1), -SH_EINVAL);
	assert_int_equal(cap_mint(&t, h, SH_R_READ, 1), -SH_EPERM);   /* more rights */
	assert_int_equal(cap_mint(&t, f, SH_R_READ, 1), -SH_EBADH);   /* not an endpoint */
	assert_int_equal(cap_mint(&t, 999, SH_R_READ, 1), -SH_EBADH);
	nodup = cap_dup(&t, h, SH_R_WRITE);
	assert_int_equal(cap_mint(&t, nodup, SH_R_WRITE, 1), -SH_EPERM);   /* needs DUP */
	/* Minting from an unbadged dup is fine; the result is in the tree. */
	int u = cap_dup(&t, h, SH_R_WRITE | SH_R_DUP);
	int m2 = cap_mint(&t, u, SH_R_WRITE, 42);
	assert_true(m2 > 0);
	assert_int_equal(cap_revoke(&t, h), 5);   /* m, d, nodup, u, m2 */
	assert_false(is_open(&t, m2));
	assert_true(is_open(&t, h));
	cap_table_destroy(&t);
	kobj_put(ep);
	kobj_put(fr);
	assert_int_equal(gone, 2);
}

static void test_grant_rules(void **state)
{
	struct cap_table a, b;
	struct quota qa, qb;
	struct cap_ref ref;
	int gone = 0;
	struct kobj *ep = mkobj(SH_OBJ_ENDPOINT, &gone);
	int h, g, g2, nogrant;

	(void)state;
	quota_init(&qa, NULL, NULL);
	quota_init(&qb, NULL, NULL);
	cap_table_init(&a, &qa);
	cap_table_init(&b, &qb);
	h = cap_install(&a, ep, SH_R_WRITE | SH_R_GRANT, 9);
	g = cap_grant(&a, h, &b, SH_R_WRITE);
	assert_true(g > 0);
	assert_int_equal(cap_lookup(&b, g, SH_OBJ_ENDPOINT, SH_R_WRITE, &ref), 0);
	assert_int_equal(ref.badge, 9);
	assert_int_equal(ref.rights, SH_R_WRITE);
	cap_ref_put(&ref);
	assert_int_equal(handles_used(&qa), 1);
	assert_int_equal(handles_used(&qb), 1);   /* charged to the receiver */
	/* The copy cannot be passed on: it lacks GRANT. */
	assert_int_equal(cap_grant(&b, g, &a, SH_R_WRITE), -SH_EPERM);
	assert_int_equal(cap_grant(&a, h, &b, SH_R_WRITE | SH_R_READ), -SH_EPERM);
	assert_int_equal(cap_grant(&a, h, &b, SH_R_ALL + 1), -SH_EINVAL);
	assert_int_equal(cap_grant(&a, 77, &b, 0), -SH_EBADH);
	/* GRANT alone, without DUP, is enough; and src may equal dst. */
	g2 = cap_grant(&a, h, &a, SH_R_WRITE | SH_R_GRANT);
	assert_true(g2 > 0);
	nogrant = cap_install(&a, ep, SH_R_ALL & ~SH_R_GRANT, 0);
	assert_int_equal(cap_grant(&a, nogrant, &b, 0), -SH_EPERM);
	/* The receiver's quota limits it; the sender is unaffected. */
	quota_set_limit(&qb, QUOTA_HANDLES, 1);
	assert_int_equal(cap_grant(&a, h, &b, SH_R_WRITE), -SH_EQUOTA);
	assert_int_equal(handles_used(&qa), 3);
	assert_int_equal(cap_table_count(&b), 1);
	/* Revoking h reaches the copy in b. */
	assert_int_equal(cap_revoke(&a, h), 2);
	assert_false(is_open(&b, g));
	assert_false(is_open(&a, g2));
	assert_int_equal(handles_used(&qb), 0);
	assert_int_equal(handles_used(&qa), 2);
	cap_table_destroy(&a);
	cap_table_destroy(&b);
	kobj_put(ep);
	assert_int_equal(gone, 1);
	assert_int_equal(quota_fini(&qa), 0);
	assert_int_equal(quota_fini(&qb), 0);
}

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

/* The quota follows handles out of every table a revoke reaches. */
static void test_quota_exhaustion(void **state)
{
	struct quota sys, qa, qb;
	struct cap_table a, b;
	int gone = 0;
	struct kobj *o = mkobj(SH_OBJ_FRAME, &gone);
	int r, i, n = 0;

	(void)state;
	quota_init(&sys, NULL, NULL);
	quota_init(&qa, &sys, NULL);
	quota_init(&qb, &sys, NULL);
	quota_set_limit(&sys, QUOTA_HANDLES, 50);
	quota_set_limit(&qa, QUOTA_HANDLES, 40);
	cap_table_init(&a, &qa);
	cap_table_init(&b, &qb);
	r = cap_install(&a, o, SH_R_ALL, 0);
	for (i = 0; i < 100; i++) {
		int h = cap_dup(&a, r, SH_R_ALL);
		if (h < 0) {
			assert_int_equal(h, -SH_EQUOTA);
			break;
		}
		n++;
	}
	assert_int_equal(n, 39);
	/* b is limited by what the system has left: 10. */
	for (i = 0; i < 100; i++) {
		int h = cap_grant(&a, r, &b, SH_R_READ);
		if (h < 0) {
			assert_int_equal(h, -SH_EQUOTA);
			break;
		}
	}
	assert_int_equal(i, 10);
	assert_int_equal(handles_used(&sys), 50);
	assert_int_equal(kobj_refs(o), 51);
	assert_int_equal(cap_revoke(&a, r), 49);
	assert_int_equal(handles_used(&qa), 1);
	assert_int_equal(handles_used(&qb), 0);
	assert_int_equal(handles_used(&sys), 1);
	cap_table_destroy(&a);
	cap_table_destroy(&b);
	assert_int_equal(quota_fini(&sys), 0);
	kobj_put(o);
}

/* Every allocation an operation makes fails in turn: the operation
 * reports -SH_ENOMEM and leaves counts, quota, references and the heap as
 * they were; then it succeeds. */
static void test_enomem_injection(void **state)
{
	struct quota q;
	struct cap_table a, b;
	int gone = 0;
	struct kobj *o = mkobj(SH_OBJ_ENDPOINT, &gone);
	int r, roots = 0;

	(void)state;
	quota_init(&q, NULL, NULL);
	cap_table_init(&a, &q);
	cap_table_init(&b, &q);
	r = cap_install(&a, o, SH_R_ALL, 0);
	/* Run through enough installs to cross chunk and directory growth. */
	for (int round = 0; round < 1200; round++) {
		for (int op = 0; op < 4; op++) {
			uint32_t ca = cap_table_count(&a), cb = cap_table_count(&b);
			uint64_t used = handles_used(&q);
			uint32_t refs = kobj_refs(o);
			long live = test_heap_live();
			int res = 0;

			for (long k = 0;; k++) {
				long fails = test_heap_failures();
				test_heap_fail_in(k);
				switch (op) {
				case 0: res = cap_install(&a, o, SH_R_READ, 0); break;
				case 1: res = cap_dup(&a, r, SH_R_READ); break;
				case 2: res = cap_mint(&a, r, SH_R_WRITE, 1 + (uint64_t)round); break;
				default: res = cap_grant(&a, r, &b, SH_R_READ); break;
				}
				test_heap_fail_in(-1);
				if (test_heap_failures() == fails)
					break;    /* nothing failed: res is a success */
				/* An allocation failed.  Either the op reports it
				 * and changed nothing, or it got by without it
				 * (reusing a free slot) and succeeded. */
				if (res == -SH_ENOMEM) {
					assert_int_equal(cap_table_count(&a), ca);
					assert_int_equal(cap_table_count(&b), cb);
					assert_int_equal(handles_used(&q), used);
					assert_int_equal(kobj_refs(o), refs);
					assert_int_equal(test_heap_live(), live);
				} else {
					assert_true(res > 0);
					break;
				}
			}
			assert_true(res > 0);
			assert_int_equal(handles_used(&q), used + 1);
			assert_int_equal(kobj_refs(o), refs + 1);
			/* Close some again so free slots get reused too. */
			if (round % 3 == 0)
				assert_int_equal(cap_close(op == 3 ? &b : &a, res), 0);
			else if (op == 0)
				roots++;   /* installs are roots, not under r */
		}
	}
	assert_int_equal(cap_revoke(&a, r), (int)cap_table_count(&b) +
			 (int)cap_table_count(&a) - 1 - roots);
	assert_int_equal(cap_table_count(&a), 1 + roots);
	cap_table_destroy(&a);
	cap_table_destroy(&b);
	assert_int_equal(quota_fini(&q), 0);
	assert_int_equal(kobj_refs(o), 1);
	kobj_put(o);
	assert_int_equal(gone, 1);
}

/* Short of memory for a new chunk, a table reuses a free slot early
 * rather than fail; with no free slot it fails cleanly. */
static void test_enomem_reuses_free_slot(void **state)
{
	struct cap_table t;
	int gone = 0;
	struct kobj *o = mkobj(SH_OBJ_FRAME, &gone);
	int h[256], x, y;

	(void)state;
	cap_table_init(&t, NULL);
	for (int i = 0; i < 256; i++)   /* exactly one full chunk */
		h[i] = cap_install(&t, o, 0, 0);
	test_heap_fail_in(1);           /* the node succeeds, the chunk fails */
	assert_int_equal(cap_install(&t, o, 0, 0), -SH_ENOMEM);
	assert_int_equal(cap_table_count(&t), 256);
	assert_int_equal(cap_close(&t, h[17]), 0);
	test_heap_fail_in(1);
	x = cap_install(&t, o, 0, 0);
	assert_true(x > 0);
	assert_int_not_equal(x, h[17]);
	assert_int_equal(x & (CAP_SLOTS_MAX - 1), h[17] & (CAP_SLOTS_MAX - 1));
	test_heap_fail_in(-1);
	y = cap_install(&t, o, 0, 0);   /* memory is back: a fresh slot */
	assert_true(y > 0);
	assert_int_equal(y & (CAP_SLOTS_MAX - 1), 256);
	assert_int_equal(cap_table_count(&t), 257);
	cap_table_destroy(&t);
	kobj_put(o);
	assert_int_equal(gone, 1);
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

static int check_no_leak(void **state)
{
	(void)state;
	return test_heap_live() == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_install_lookup),
		cmocka_unit_test(test_lookup_errors),
		cmocka_unit_test(test_install_errors),
		cmocka_unit_test(test_stale_after_close),
		cmocka_unit_test(test_table_full),
		cmocka_unit_test(test_dup_rules),
		cmocka_unit_test(test_mint_rules),
		cmocka_unit_test(test_grant_rules),
		cmocka_unit_test(test_revoke_across_tables),
		cmocka_unit_test(test_close_reparents),
		cmocka_unit_test(test_revoke_deep_chain),
		cmocka_unit_test(test_revoke_wide_tree),
		cmocka_unit_test(test_destroy_exactly_once),
		cmocka_unit_test(test_table_destroy_keeps_others),
		cmocka_unit_test(test_quota_exhaustion),
		cmocka_unit_test(test_enomem_injection),
		cmocka_unit_test(test_enomem_reuses_free_slot),
		cmocka_unit_test(test_random_against_model),
	};
	/* The group teardown fails the run if any test leaked heap memory. */
	return cmocka_run_group_tests(tests, NULL, check_no_leak);
}
