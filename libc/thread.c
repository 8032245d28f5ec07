/* Threads started by libc: each gets a stack of its own above an unmapped
 * guard page (a stack overflow faults instead of corrupting a neighbour)
 * and a TLS block, and is kept on a list so that exit() can stop it and
 * sh_thread_join can wait for it.  libc holds its own handle to each
 * thread, closed when the thread returns (a thread killed from outside
 * leaves that one handle behind).
 * Stacks and records are not reclaimed when a thread ends: tests and
 * servers start few threads, and reclaiming safely needs a join. */
#include <picolibc.h>
#include <picotls.h>
#include <stdlib.h>

#include <shale.h>
#include "libc_internal.h"

#define STACK_DEFAULT (64u * 1024)

struct thread_rec {
	void (*fn)(void *);
	void *arg;
	void *tls;
	sh_handle_t handle;		/* the caller's */
	sh_handle_t own;		/* libc's copy, for exit() and join */
	int done;			/* set by the thread as it ends */
	struct thread_rec *next;	/* guarded by list_lock */
	char tls_mem[];
};

static struct thread_rec *threads;
static volatile int list_lock;
static __thread struct thread_rec *self_rec;

static _Noreturn void thread_entry(struct thread_rec *r)
{
	_set_tls(r->tls);
	self_rec = r;
	r->fn(r->arg);
	libc_console_flush();
	if (r->own != r->handle)
		sh_cap_close(r->own);
	__atomic_store_n(&r->done, 1, __ATOMIC_RELEASE);
	sh_thread_exit(0);
}

long sh_thread_spawn(void (*fn)(void *), void *arg, uint32_t prio,
		     size_t stack_size)
{
	struct thread_rec *r;
	uintptr_t va, top;
	long frame, h, err;

	if (!stack_size)
		stack_size = STACK_DEFAULT;
	stack_size = (stack_size + SH_PAGE_SIZE - 1) & ~(size_t)(SH_PAGE_SIZE - 1);
	va = sh_va_reserve(stack_size + SH_PAGE_SIZE);
	if (!va)
		return -SH_ENOMEM;
	r = malloc(sizeof(*r) + libc_tls_block_size());
	if (!r)
		return -SH_ENOMEM;
	frame = sh_frame_create(stack_size / SH_PAGE_SIZE, 0);
	if (frame < 0) {
		err = frame;
		goto fail_rec;
	}
	/* The page at va stays unmapped: the guard. */
	err = sh_vm_map(sh_self(), (sh_handle_t)frame, va + SH_PAGE_SIZE,
			SH_VM_READ | SH_VM_WRITE, 0);
	/* The mapping holds the frame; the handle is not needed. */
	sh_cap_close((sh_handle_t)frame);
	if (err < 0)
		goto fail_rec;
	top = va + SH_PAGE_SIZE + stack_size;
	r->fn = fn;
	r->arg = arg;
	r->tls = libc_tls_init(r->tls_mem);
	r->done = 0;
	h = sh_thread_create(sh_self(), (uintptr_t)thread_entry, top,
			     (uintptr_t)r, prio);
	if (h < 0) {
		err = h;
		goto fail_map;
	}
	r->handle = (sh_handle_t)h;
	/* libc's own handle, so the caller may close theirs at any time. */
	err = sh_cap_dup((sh_handle_t)h, SH_R_MANAGE);
	r->own = err > 0 ? (sh_handle_t)err : (sh_handle_t)h;
	libc_lock(&list_lock);
	r->next = threads;
	threads = r;
	libc_unlock(&list_lock);
	err = sh_thread_start((sh_handle_t)h);
	if (err < 0) {
		/* Stays on the list, marked done, so no one kills a stranger. */
		r->done = 1;
		if (r->own != r->handle)
			sh_cap_close(r->own);
		sh_cap_close((sh_handle_t)h);
		return err;
	}
	return h;
fail_map:
	sh_vm_unmap(sh_self(), va + SH_PAGE_SIZE, stack_size / SH_PAGE_SIZE);
fail_rec:
	free(r);
	return err;
}

void libc_threads_kill_others(void)
{
	libc_lock(&list_lock);
	for (struct thread_rec *r = threads; r; r = r->next) {
		if (r != self_rec && !__atomic_load_n(&r->done, __ATOMIC_ACQUIRE))
			sh_thread_kill(r->own);
	}
	libc_unlock(&list_lock);
	/* A thread of the list calling exit: the main thread is not on the
	 * list, so stop it through the start record's handle. */
	if (self_rec)
		sh_thread_kill(sh_start_info()->thread);
}

int sh_thread_join(long h, uint64_t timeout_ns)
{
	struct thread_rec *r;
	uint64_t start = (uint64_t)sh_clock();

	libc_lock(&list_lock);
	for (r = threads; r && r->handle != (sh_handle_t)h; r = r->next)
		;
	libc_unlock(&list_lock);
	if (!r)
		return -SH_EBADH;
	while (!__atomic_load_n(&r->done, __ATOMIC_ACQUIRE)) {
		if ((uint64_t)sh_clock() - start >= timeout_ns)
			return -SH_ETIMEDOUT;
		sh_sleep(1000000);
	}
	return 0;
}
