/* Spinlocks for state shared between CPUs.  bedrock runs with interrupts
 * masked at EL1 (it is not preemptible), so a lock only keeps other CPUs
 * out; it never needs to mask interrupts.  Portable: __atomic builtins
 * become ldaxr/stlxr on aarch64 and host atomics in unit tests. */
#ifndef BEDROCK_SPINLOCK_H
#define BEDROCK_SPINLOCK_H

#include <stdint.h>

struct spinlock {
	uint32_t locked;
};

#define SPINLOCK_INIT { 0 }

static inline void spin_lock(struct spinlock *l)
{
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			;
}

static inline void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

#endif
