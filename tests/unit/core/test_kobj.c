/* Kernel objects: reference counts reach destroy exactly once, quota
 * charges follow the object, owners outlive what is charged to them, and
 * long chains of objects are destroyed in constant stack. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <shale/errors.h>
#include "heap.h"
#include "quota.h"
#include "test_core.h"

static uint64_t kmem_used(struct quota *q)
{
	struct quota_usage u;

	quota_read(q, QUOTA_KMEM, &u);
	return u.used;
}

static void noop_destroy(struct kobj *o, struct kobj_reap *r)
{
	(void)o;
	(void)r;
}

static void test_init_errors(void **state)
{
	static const struct kobj_ops ops = { .destroy = noop_destroy };
	static const struct kobj_ops no_destroy = { .destroy = NULL };
	struct kobj k;
	struct quota q;

	(void)state;
	quota_init(&q, NULL, NULL);
	assert_int_equal(kobj_init(&k, SH_OBJ_NONE, &ops, NULL, 0), -SH_EINVAL);
	assert_int_equal(kobj_init(&k, SH_OBJ_FRAME, NULL, NULL, 0), -SH_EINVAL);
	assert_int_equal(kobj_init(&k, SH_OBJ_FRAME, &no_destroy, NULL, 0), -SH_EINVAL);
	quota_set_limit(&q, QUOTA_KMEM, 100);
	assert_int_equal(kobj_init(&k, SH_OBJ_FRAME, &ops, &q, 101), -SH_EQUOTA);
	assert_int_equal(kmem_used(&q), 0);
	assert_int_equal(kobj_init(&k, SH_OBJ_FRAME, &ops, &q, 100), 0);
	assert_int_equal(kmem_used(&q), 100);
	assert_int_equal(kobj_refs(&k), 1);
	assert_int_equal(k.type, SH_OBJ_FRAME);
	kobj_put(&k);
	assert_int_equal(kmem_used(&q), 0);
	assert_int_equal(quota_fini(&q), 0);
}

static void test_refs_destroy_once(void **state)
{
	int destroyed = 0;
	long live = test_heap_live();
	struct tobj *t = tobj_new(SH_OBJ_ENDPOINT, &destroyed, NULL);

	(void)state;
	assert_non_null(t);
	kobj_get(&t->k);
	kobj_get(&t->k);
	assert_int_equal(kobj_refs(&t->k), 3);
	kobj_put(&t->k);
	kobj_put(&t->k);
	assert_int_equal(destroyed, 0);
	kobj_put(&t->k);
	assert_int_equal(destroyed, 1);
	assert_int_equal(test_heap_live(), live);
}

static void test_reap_list(void **state)
{
	int destroyed = 0;
	struct kobj_reap r = KOBJ_REAP_INIT;
	struct tobj *a = tobj_new(SH_OBJ_THREAD, &destroyed, NULL);
	struct tobj *b = tobj_new(SH_OBJ_THREAD, &destroyed, NULL);

	(void)state;
	kobj_get(&a->k);
	kobj_put_reap(&a->k, &r);   /* not the last: nothing queued */
	assert_null(r.head);
	kobj_put_reap(&a->k, &r);
	kobj_put_reap(&b->k, &r);
	assert_int_equal(destroyed, 0);   /* queued, not yet destroyed */
	kobj_reap_run(&r);
	assert_int_equal(destroyed, 2);
	assert_null(r.head);
}

/* A silo object embedding the quota its children are charged to. */
struct silo {
	struct kobj k;
	struct quota q;
	int *destroyed;
	int *children_alive;
};

static void silo_destroy(struct kobj *o, struct kobj_reap *r)
{
	struct silo *s = (struct silo *)o;

	(void)r;
	/* The quota must be quiet by now: every charge came back first. */
	assert_int_equal(*s->children_alive, 0);
	assert_int_equal(quota_fini(&s->q), 0);
	(*s->destroyed)++;
	kfree(s);
}

static const struct kobj_ops silo_ops = { .destroy = silo_destroy };

static void test_owner_outlives_charges(void **state)
{
	int silo_gone = 0, child_gone = 0, alive = 3;
	struct quota sys;
	struct silo *s = kmalloc(sizeof *s);
	struct tobj *c[3];

	(void)state;
	quota_init(&sys, NULL, NULL);
	assert_int_equal(kobj_init(&s->k, SH_OBJ_SILO, &silo_ops, &sys, sizeof *s), 0);
	quota_init(&s->q, &sys, &s->k);
	s->destroyed = &silo_gone;
	s->children_alive = &alive;
	for (int i = 0; i < 3; i++) {
		c[i] = tobj_new(SH_OBJ_FRAME, &child_gone, &s->q);
		assert_non_null(c[i]);
	}
	assert_int_equal(kobj_refs(&s->k), 4);   /* ours + one per charge */
	assert_int_equal(kmem_used(&sys), sizeof *s + 3 * sizeof(struct tobj));
	kobj_put(&s->k);    /* the silo's last handle goes... */
	assert_int_equal(silo_gone, 0);    /* ...but its charges keep it */
	for (int i = 0; i < 3; i++) {
		alive--;
		kobj_put(&c[i]->k);
	}
	assert_int_equal(child_gone, 3);
	assert_int_equal(silo_gone, 1);
	assert_int_equal(kmem_used(&sys), 0);
	assert_int_equal(quota_fini(&sys), 0);
}

/* Each object holds the only reference to the next. */
struct chain {
	struct tobj *head;
	int destroyed;
	int n;
};

static void chain_put(void *p)
{
	struct chain *c = p;

	kobj_put(&c->head->k);
}

static void test_long_chain_constant_stack(void **state)
{
	struct chain c = { .n = 200000 };
	long live = test_heap_live();
	struct tobj *prev = NULL;

	(void)state;
	for (int i = 0; i < c.n; i++) {
		struct tobj *t = tobj_new(SH_OBJ_VSPACE, &c.destroyed, NULL);
		assert_non_null(t);
		t->holds = prev ? &prev->k : NULL;
		prev = t;
	}
	c.head = prev;
	run_on_small_stack(chain_put, &c);
	assert_int_equal(c.destroyed, c.n);
	assert_int_equal(test_heap_live(), live);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_errors),
		cmocka_unit_test(test_refs_destroy_once),
		cmocka_unit_test(test_reap_list),
		cmocka_unit_test(test_owner_outlives_charges),
		cmocka_unit_test(test_long_chain_constant_stack),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
