/* aarch64 parts of arch.h that are worth inlining: trap frame accessors
 * on the system call path, the cycle counter.  Included by arch.h only. */
#ifndef AARCH64_ARCH_IMPL_H
#define AARCH64_ARCH_IMPL_H

#include <stdint.h>

struct arch_trapframe_view {
	uint64_t x[31];
	uint64_t sp, elr, spsr, esr, far;
};

#define ARCH_TF(tf) ((struct arch_trapframe_view *)(void *)(tf))

static inline void arch_tf_set_result(struct trapframe *tf, long v)
{
	ARCH_TF(tf)->x[0] = (uint64_t)v;
}

static inline uint64_t arch_tf_arg(const struct trapframe *tf, int i)
{
	return ARCH_TF(tf)->x[i];
}

/* The argument registers x0..x5 in place. */
static inline const uint64_t *arch_tf_args(const struct trapframe *tf)
{
	return ARCH_TF(tf)->x;
}

static inline uint64_t arch_tf_sysno(const struct trapframe *tf)
{
	return ARCH_TF(tf)->x[8];
}

/* Makes the system call that trapped with tf be taken again when the
 * thread next runs: ELR back onto its svc (its registers are untouched). */
static inline void arch_tf_restart_syscall(struct trapframe *tf)
{
	ARCH_TF(tf)->elr -= 4;
}

static inline uint64_t arch_tf_pc(const struct trapframe *tf)
{
	return ARCH_TF(tf)->elr;
}

struct cpu;

/* This CPU's scheduler state, kept in TPIDR_EL1. */
static inline struct cpu *cpu_this(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, tpidr_el1" : "=r"(v));
	return (struct cpu *)v;
}

static inline uint64_t arch_cycles(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, pmccntr_el0" : "=r"(v));
	return v;
}

#endif
