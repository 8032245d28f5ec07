/* Support shared by the core unit tests: a kmalloc/kfree with failure
 * injection and leak counting, and a counted test object. */
#ifndef TEST_CORE_H
#define TEST_CORE_H

#include <stdbool.h>
#include <stdint.h>
#include "kobj.h"

/* Makes the allocation n calls from now (0: the very next) return NULL, and
 * every one after it succeed again.  n < 0 turns injection off. */
void test_heap_fail_in(long n);

/* Allocations made and not yet freed. */
long test_heap_live(void);

/* How many kmalloc calls have returned NULL so far. */
long test_heap_failures(void);

/* A kernel object for tests: counts its destructions, and may hold one
 * reference to another object (dropped through the reap list). */
struct tobj {
	struct kobj k;
	int *destroyed;       /* incremented once per destroy */
	struct kobj *holds;   /* reference released on destroy, or NULL */
};

/* Allocates a tobj of type with one reference, charged to q (may be NULL).
 * Returns NULL on allocation or quota failure. */
struct tobj *tobj_new(uint32_t type, int *destroyed, struct quota *q);

/* Runs fn(arg) on a thread with a 64 KiB stack and waits for it: proves
 * that fn's stack use does not grow with the size of its input. */
void run_on_small_stack(void (*fn)(void *), void *arg);

#endif
