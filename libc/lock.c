/* Locks: libc's own spin-and-yield lock, and picolibc's retargetable locks
 * (malloc takes __lock___libc_recursive_mutex), so that threads of one
 * process can share the heap.  The owner of a recursive lock is the thread
 * pointer (tpidr_el0), which is unique per thread once TLS is set up. */
#include <stdbool.h>
#include <stdlib.h>
#include <sys/lock.h>

#include <shale.h>
#include "libc_internal.h"

void libc_lock(volatile int *l)
{
	while (__atomic_exchange_n(l, 1, __ATOMIC_ACQUIRE))
		sh_yield();
}

void libc_unlock(volatile int *l)
{
	__atomic_store_n(l, 0, __ATOMIC_RELEASE);
}

struct __lock {
	uintptr_t owner;	/* thread pointer | 1, or 0 when free */
	unsigned count;		/* recursion depth, owner only */
};

struct __lock __lock___libc_recursive_mutex;

static uintptr_t self_id(void)
{
	uintptr_t tp;

	__asm__ volatile("mrs %0, tpidr_el0" : "=r"(tp));
	return tp | 1;
}

void __retarget_lock_acquire_recursive(_LOCK_T l)
{
	uintptr_t me = self_id(), free_ = 0;

	if (!l)
		return;
	if (__atomic_load_n(&l->owner, __ATOMIC_RELAXED) == me) {
		l->count++;
		return;
	}
	while (!__atomic_compare_exchange_n(&l->owner, &free_, me, false,
					    __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
		free_ = 0;
		sh_yield();
	}
	l->count = 1;
}

int __retarget_lock_try_acquire_recursive(_LOCK_T l)
{
	uintptr_t me = self_id(), free_ = 0;

	if (!l)
		return 1;
	if (__atomic_load_n(&l->owner, __ATOMIC_RELAXED) == me) {
		l->count++;
		return 1;
	}
	if (!__atomic_compare_exchange_n(&l->owner, &free_, me, false,
					 __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return 0;
	l->count = 1;
	return 1;
}

void __retarget_lock_release_recursive(_LOCK_T l)
{
	if (!l || __atomic_load_n(&l->owner, __ATOMIC_RELAXED) != self_id())
		return;
	if (--l->count == 0)
		__atomic_store_n(&l->owner, 0, __ATOMIC_RELEASE);
}

/* Plain locks behave as recursive ones: a thread relocking its own plain
 * lock is a bug either way, and deadlocking would not help find it. */
void __retarget_lock_acquire(_LOCK_T l)
{
	__retarget_lock_acquire_recursive(l);
}

int __retarget_lock_try_acquire(_LOCK_T l)
{
	return __retarget_lock_try_acquire_recursive(l);
}

void __retarget_lock_release(_LOCK_T l)
{
	__retarget_lock_release_recursive(l);
}

/* Dynamic locks come from the heap; malloc itself only uses the static
 * mutex above, so this does not recurse.  A failed allocation leaves the
 * lock NULL, which the calls above treat as uncontended. */
void __retarget_lock_init_recursive(_LOCK_T *l)
{
	*l = calloc(1, sizeof(**l));
}

void __retarget_lock_init(_LOCK_T *l)
{
	__retarget_lock_init_recursive(l);
}

void __retarget_lock_close_recursive(_LOCK_T l)
{
	if (l != &__lock___libc_recursive_mutex)
		free(l);
}

void __retarget_lock_close(_LOCK_T l)
{
	__retarget_lock_close_recursive(l);
}
