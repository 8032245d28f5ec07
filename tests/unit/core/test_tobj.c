/* The counted test object: a kernel object whose destroy op counts calls
 * and drops the one reference it may hold through the reap list. */
#include "heap.h"
#include "test_core.h"

static void tobj_destroy(struct kobj *o, struct kobj_reap *r)
{
	struct tobj *t = (struct tobj *)o;

	if (t->destroyed)
		(*t->destroyed)++;
	if (t->holds)
		kobj_put_reap(t->holds, r);
	kfree(t);
}

static const struct kobj_ops tobj_ops = { .destroy = tobj_destroy };

struct tobj *tobj_new(uint32_t type, int *destroyed, struct quota *q)
{
	struct tobj *t = kmalloc(sizeof *t);

	if (!t)
		return NULL;
	if (kobj_init(&t->k, type, &tobj_ops, q, sizeof *t) != 0) {
		kfree(t);
		return NULL;
	}
	t->destroyed = destroyed;
	return t;
}
