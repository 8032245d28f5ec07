/* Blocking and waking threads.  A blocked thread sits on at most one wait
 * queue and at most once on the sleep list (for a timeout); waking it
 * takes it off both and sets the result its system call returns. */
#ifndef BEDROCK_WAIT_H
#define BEDROCK_WAIT_H

#include <stdint.h>

#include "object.h"

/* Appends t to q (t must be on no queue). */
void waitq_push(struct waitq *q, struct thread *t);

/* Takes the first thread off q; NULL if empty. */
struct thread *waitq_pop(struct waitq *q);

/* Takes t off whatever queue holds it. */
void waitq_remove(struct thread *t);

/* Blocks the current thread t in state st, on q (may be NULL), until a
 * wake or, if deadline_ns is not 0, that time. */
void wait_block(struct thread *t, enum thread_state st, struct waitq *q, uint64_t deadline_ns);

/* Wakes blocked thread t with result (its syscall's return value). */
void wait_wake(struct thread *t, long result);

/* As wait_wake, handing the CPU to t (IPC partners). */
void wait_wake_handoff(struct thread *t, long result);

/* A timed wait ran out (from the scheduler tick). */
void wait_timeout(struct thread *t);

/* Sets t's syscall result without waking it. */
void thread_set_result(struct thread *t, long result);

#endif
