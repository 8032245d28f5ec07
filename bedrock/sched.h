/* The scheduler: per-CPU run queues with 32 priority levels, round robin
 * inside a level with a 10 ms slice, preemption when a higher priority
 * thread becomes runnable, timed sleeps.  Threads stay on the CPU they
 * were created on.  All under kernel_lock. */
#ifndef BEDROCK_SCHED_H
#define BEDROCK_SCHED_H

#include <stdint.h>

struct thread;
struct cpu;
struct trapframe;

#define SCHED_SLICE_NS 10000000ULL

/* Brings CPU id's scheduler state up; the idle thread runs idle_loop. */
void sched_cpu_init(int id, uint64_t idle_stack_top);

/* Picks the home CPU of a new thread (round robin over online CPUs). */
int sched_pick_cpu(void);

/* Makes t (new, faulted, parked or blocked and off every wait queue)
 * runnable on its home CPU, asking that CPU to reschedule if t should
 * preempt what runs there; T_PARKED instead while its silo is suspended. */
void sched_wake(struct thread *t);

/* Sets runnable t's priority, moving it in its run queue if queued. */
void sched_requeue(struct thread *t, uint32_t prio);

/* Stops runnable t from running until its silo resumes (T_PARKED). */
void sched_park(struct thread *t);

/* As sched_wake, for the partner of an IPC the current thread is blocking
 * in: on this CPU it runs next without a trip through the run queue. */
void sched_wake_handoff(struct thread *t);

/* Takes t off its run queue if it is queued (it blocks or dies). */
void sched_dequeue(struct thread *t);

/* The current thread gives up the rest of its slice. */
void sched_yield(struct cpu *c);

/* Puts t to sleep until ns (absolute, clock_ns); also used for timeouts
 * of other waits: on expiry sched_timeout() is called for t. */
void sched_sleep_until(struct thread *t, uint64_t ns);
void sched_cancel_sleep(struct thread *t);

/* Called on every timer tick of CPU c: timeouts and slice accounting. */
void sched_tick(struct cpu *c);

/* Switches c from its current thread to next, which the caller has made
 * runnable and knows sched_switch would pick (the IPC fast path): settles
 * CPU time, TLS, FP and the address space.  Returns next's frame. */
struct trapframe *sched_switch_direct(struct cpu *c, struct thread *next);

/* Chooses what CPU c runs next and switches address spaces.  interrupted
 * is the frame the trap saved.  Returns the frame to resume. */
struct trapframe *sched_switch(struct cpu *c, struct trapframe *interrupted);

/* Queues a dead thread for release once no CPU runs on its stack. */
void sched_reap_later(struct thread *t);

/* Releases what sched_reap_later queued on c (called on trap entry). */
void sched_reap(struct cpu *c);

/* Enters the scheduler on this CPU for the first time; never returns. */
__attribute__((noreturn)) void sched_start(struct cpu *c);

/* Sends a reschedule interrupt to CPU id (arch). */
void arch_cpu_kick(int id);

#endif
