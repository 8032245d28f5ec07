/* Helpers shared by the handle table tests (test_cap.c, test_cap_tree.c). */
#ifndef TEST_CAP_H
#define TEST_CAP_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "cap.h"
#include "quota.h"
#include "test_core.h"

#define RW (SH_R_READ | SH_R_WRITE)

static inline uint64_t handles_used(struct quota *q)
{
	struct quota_usage u;

	quota_read(q, QUOTA_HANDLES, &u);
	return u.used;
}

/* An object with one reference (the test's), counting destructions. */
static inline struct kobj *mkobj(uint32_t type, int *destroyed)
{
	struct tobj *t = tobj_new(type, destroyed, NULL);

	assert_non_null(t);
	return &t->k;
}

static inline bool is_open(struct cap_table *t, int h)
{
	return cap_lookup(t, (sh_handle_t)h, CAP_TYPE_ANY, 0, NULL) == 0;
}

/* Group teardown: fails the run if any test leaked heap memory. */
static inline int check_no_leak(void **state)
{
	(void)state;
	return test_heap_live() == 0 ? 0 : -1;
}

#endif
