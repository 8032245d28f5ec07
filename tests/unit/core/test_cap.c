/* Handle tables: every error path of install, lookup, dup, mint and
 * grant; stale handles after close; a full table; quota exhaustion; and
 * allocation failures leaving tables, quotas and references as they were. */
#include <stdlib.h>
#include <shale/errors.h>
#include "test_cap.h"

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

/* Past 2^14 - 1 uses of a slot its generation wraps to 1, never to 0:
 * handles stay positive and valid, and the old number is refused until
 * the slot really carries it again. */
static void test_generation_wrap(void **state)
{
	struct cap_table t;
	int gone = 0;
	struct kobj *o = mkobj(SH_OBJ_FRAME, &gone);
	const uint32_t gen_max = (1u << CAP_GEN_BITS) - 1;
	long at_max = 0, wrapped = 0;
	int first, prev = 0;

	(void)state;
	cap_table_init(&t, NULL);
	first = cap_install(&t, o, 0, 0);
	assert_int_equal(cap_close(&t, first), 0);
	for (int i = 0; i < 1200000; i++) {
		int h = cap_install(&t, o, SH_R_READ, 0);
		uint32_t gen = (uint32_t)h >> CAP_INDEX_BITS;

		assert_true(h > 0);
		assert_true(gen >= 1 && gen <= gen_max);
		at_max += gen == gen_max;
		wrapped += gen == 1 && (h & (CAP_SLOTS_MAX - 1)) == (first & (CAP_SLOTS_MAX - 1));
		assert_int_equal(cap_lookup(&t, h, SH_OBJ_FRAME, SH_R_READ, NULL), 0);
		if (prev)
			assert_int_equal(cap_lookup(&t, prev, CAP_TYPE_ANY, 0, NULL), -SH_EBADH);
		assert_int_equal(cap_close(&t, h), 0);
		prev = h;
	}
	assert_true(at_max > 0);
	assert_true(wrapped >= 1);   /* the first slot came round to gen 1 again */
	assert_int_equal(cap_table_count(&t), 0);
	cap_table_destroy(&t);
	kobj_put(o);
	assert_int_equal(gone, 1);
}

static void test_table_full(void **state)
{
	struct cap_table t, other;
	int gone = 0;
	struct kobj *o = mkobj(SH_OBJ_ENDPOINT, &gone);
	int h = 0, all, elsewhere;
	long live = test_heap_live();

	(void)state;
	cap_table_init(&t, NULL);
	cap_table_init(&other, NULL);
	all = cap_install(&t, o, SH_R_ALL, 0);
	elsewhere = cap_install(&other, o, SH_R_ALL, 0);
	for (uint32_t i = 1; i < CAP_SLOTS_MAX; i++) {
		h = cap_install(&t, o, 0, 0);
		assert_true(h > 0);
	}
	assert_int_equal(cap_table_count(&t), CAP_SLOTS_MAX);
	assert_int_equal(cap_install(&t, o, 0, 0), -SH_ENOSPC);
	assert_int_equal(cap_dup(&t, all, SH_R_READ), -SH_ENOSPC);
	assert_int_equal(cap_mint(&t, all, SH_R_READ, 3), -SH_ENOSPC);
	assert_int_equal(cap_grant(&other, elsewhere, &t, SH_R_READ), -SH_ENOSPC);
	assert_int_equal(cap_dup(&t, h, 0), -SH_EPERM);   /* rights first */
	assert_int_equal(cap_table_count(&t), CAP_SLOTS_MAX);
	assert_int_equal(cap_revoke(&other, elsewhere), 0);
	assert_int_equal(kobj_refs(o), CAP_SLOTS_MAX + 2);
	/* A full table reuses a freed slot at once, with a new number. */
	assert_int_equal(cap_close(&t, h), 0);
	int h2 = cap_install(&t, o, 0, 0);
	assert_true(h2 > 0);
	assert_int_not_equal(h2, h);
	cap_table_destroy(&t);
	cap_table_destroy(&other);
	assert_int_equal(test_heap_live(), live);
	assert_int_equal(kobj_refs(o), 1);
	kobj_put(o);
	assert_int_equal(gone, 1);
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
	int derived = (int)cap_table_count(&b) + (int)cap_table_count(&a) - 1 - roots;
	assert_int_equal(cap_revoke(&a, r), derived);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_install_lookup),
		cmocka_unit_test(test_lookup_errors),
		cmocka_unit_test(test_install_errors),
		cmocka_unit_test(test_stale_after_close),
		cmocka_unit_test(test_generation_wrap),
		cmocka_unit_test(test_table_full),
		cmocka_unit_test(test_dup_rules),
		cmocka_unit_test(test_mint_rules),
		cmocka_unit_test(test_grant_rules),
		cmocka_unit_test(test_quota_exhaustion),
		cmocka_unit_test(test_enomem_injection),
		cmocka_unit_test(test_enomem_reuses_free_slot),
	};
	return cmocka_run_group_tests(tests, NULL, check_no_leak);
}
