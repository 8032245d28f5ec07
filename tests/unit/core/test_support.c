/* Host stand-ins for the kernel heap, with failure injection and leak
 * counting, and a small-stack runner.  The heap is not thread safe: the
 * tests call it from one thread at a time. */
#include <pthread.h>
#include <stdlib.h>
#include "heap.h"
#include "test_core.h"

static long fail_in = -1;
static bool fail_all;
static long live, failures;

void test_heap_fail_in(long n)
{
	fail_in = n;
}

void test_heap_fail_all(bool fail)
{
	fail_all = fail;
}

long test_heap_live(void)
{
	return live;
}

long test_heap_failures(void)
{
	return failures;
}

void *kmalloc(size_t n)
{
	void *p;

	if (fail_in == 0 || fail_all) {
		fail_in = -1;
		failures++;
		return NULL;
	}
	if (fail_in > 0)
		fail_in--;
	/* glibc's malloc is 16-byte aligned on the 64-bit hosts we build on. */
	p = calloc(1, n ? n : 1);
	if (p)
		live++;
	return p;
}

void kfree(void *p)
{
	if (!p)
		return;
	live--;
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
