/* Host stand-ins for the kernel heap, with failure injection and leak
 * counting, and a small-stack runner.  kmalloc/kfree may be called from
 * several threads (the SMP stress test); failure injection is for
 * single-threaded tests only. */
#include <pthread.h>
#include <stdlib.h>
#include "heap.h"
#include "test_core.h"

static long fail_in = -1;
static long live, failures;   /* atomic */

void test_heap_fail_in(long n)
{
	fail_in = n;
}

long test_heap_live(void)
{
	return __atomic_load_n(&live, __ATOMIC_RELAXED);
}

long test_heap_failures(void)
{
	return __atomic_load_n(&failures, __ATOMIC_RELAXED);
}

void *kmalloc(size_t n)
{
	void *p;

	if (fail_in == 0) {
		fail_in = -1;
		__atomic_add_fetch(&failures, 1, __ATOMIC_RELAXED);
		return NULL;
	}
	if (fail_in > 0)
		fail_in--;
	/* glibc's malloc is 16-byte aligned on the 64-bit hosts we build on. */
	p = calloc(1, n ? n : 1);
	if (p)
		__atomic_add_fetch(&live, 1, __ATOMIC_RELAXED);
	return p;
}

void kfree(void *p)
{
	if (!p)
		return;
	__atomic_sub_fetch(&live, 1, __ATOMIC_RELAXED);
	free(p);
}

struct small_stack_call {
	void (*fn)(void *);
	void *arg;
};

static void *small_stack_main(void *p)
{
	struct small_stack_call *c = p;

	c->fn(c->arg);
	return NULL;
}

void run_on_small_stack(void (*fn)(void *), void *arg)
{
	struct small_stack_call c = { fn, arg };
	pthread_attr_t attr;
	pthread_t th;

	if (pthread_attr_init(&attr) || pthread_attr_setstacksize(&attr, 64 * 1024) ||
	    pthread_create(&th, &attr, small_stack_main, &c)) {
		/* Not a silent skip: the calling test fails on this. */
		abort();
	}
	pthread_join(th, NULL);
	pthread_attr_destroy(&attr);
}
