/* Threads: creation, start, stop and death. */
#ifndef BEDROCK_THREAD_H
#define BEDROCK_THREAD_H

#include <stdint.h>

#include "object.h"

/* Creates a stopped thread in p entering at pc with sp and x0 = arg.
 * Charges a thread and its kernel stack to p's quota.  Returns 0 and
 * *out (one reference, the caller's), or -SH_EQUOTA / -SH_ENOMEM /
 * -SH_EDEAD (p is dead) / -SH_EINVAL (prio). */
int thread_create(struct proc *p, uint64_t pc, uint64_t sp, uint64_t arg,
		  uint32_t prio, struct thread **out);

/* Starts a new or faulted thread.  Returns 0 or -SH_EINVAL if it is
 * neither. */
int thread_start(struct thread *t);

/* Ends t: off every queue, its pending IPC answered with -SH_EDEAD, its
 * process told when it was the last.  exit_kind/code describe why. */
void thread_kill(struct thread *t, int exit_kind, int code);

/* Moves t to state `to`; the move must be an allowed transition and t's
 * queues must fit the new state (checked in assert builds, tstate.c). */
void thread_set_state(struct thread *t, enum thread_state to);

/* Whether t waits in a system call (T_SEND ... T_PWAIT). */
int thread_blocked(const struct thread *t);

/* "runnable", "parked"...: for messages. */
const char *thread_state_name(enum thread_state s);

/* Total threads alive (for sys_stat). */
uint64_t thread_count(void);

#endif
